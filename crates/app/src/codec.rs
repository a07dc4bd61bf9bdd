//! How a resource's value travels from the server's render into the browser: postcard, as server
//! functions answer (`crate::api::Answer`), so each type's decoder is in the WASM once and no JSON
//! decoder is needed at all. The bytes are written into the page as hex: two characters a byte,
//! safe in the script Leptos writes them into, and decoded by a loop of a few lines.

use leptos::prelude::{OnceResource, Resource};
use leptos::server::SharedValue;
use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Postcard written as hex text.
pub struct Postcard;

impl<T: Serialize> Encoder<T> for Postcard {
    type Error = postcard::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, Self::Error> {
        let bytes = postcard::to_allocvec(value)?;
        let mut hex = String::with_capacity(bytes.len() * 2);
        for byte in bytes {
            hex.push(char::from(HEX[usize::from(byte >> 4)]));
            hex.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        Ok(hex)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Postcard {
    type Error = postcard::Error;
    type Encoded = str;

    fn decode(value: &str) -> Result<T, Self::Error> {
        let digit = |c: u8| match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            _ => Err(postcard::Error::DeserializeBadEncoding),
        };
        let bytes = value
            .as_bytes()
            .chunks(2)
            .map(|pair| match pair {
                [high, low] => Ok(digit(*high)? << 4 | digit(*low)?),
                _ => Err(postcard::Error::DeserializeUnexpectedEnd),
            })
            .collect::<Result<Vec<u8>, _>>()?;
        postcard::from_bytes(&bytes)
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A value the server computes while rendering and the browser reads from the page instead of
/// computing it: Leptos' `SharedValue::new`, with [`Postcard`] in place of JSON.
pub fn shared<T>(initial: impl FnOnce() -> T) -> T
where
    T: Serialize + DeserializeOwned,
{
    SharedValue::<T, Postcard>::new_with_encoding(initial).into_inner()
}

/// A resource that reloads when `source` changes (Leptos' `Resource::new`, with [`Postcard`]).
#[track_caller]
pub fn resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, Postcard>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: PartialEq + Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

/// A resource loaded once (Leptos' `OnceResource::new`, with [`Postcard`]).
#[track_caller]
pub fn once<T>(fut: impl Future<Output = T> + Send + 'static) -> OnceResource<T, Postcard>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
{
    OnceResource::new_with_options(fut, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_comes_back_from_its_hex() {
        let value = (String::from("Zoë"), Some(-3_i64), vec![0_u8, 255, 16]);
        let hex = <Postcard as Encoder<_>>::encode(&value).unwrap();
        assert!(hex.bytes().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()), "{hex}");
        assert_eq!(<Postcard as Decoder<(String, Option<i64>, Vec<u8>)>>::decode(&hex).unwrap(), value);
    }

    #[test]
    fn broken_hex_is_an_error_not_a_panic() {
        for bad in ["0", "zz", "0g", "\u{e9}"] {
            assert!(<Postcard as Decoder<Vec<u8>>>::decode(bad).is_err(), "{bad}");
        }
    }
}
