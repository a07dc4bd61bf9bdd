//! Web addresses given to Vestibule (a build's page now, webhook endpoints later): checked here,
//! once, for the browser and the server.

use crate::ValidationError;
use serde::{Deserialize, Serialize};

/// An absolute `http://` or `https://` URL with a host, without credentials, whitespace or control
/// characters, at most `MAX` characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HttpUrl(String);

impl HttpUrl {
    pub const MAX: usize = 2048;

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(ValidationError::Required);
        }
        if value.chars().count() > Self::MAX {
            return Err(ValidationError::TooLong { max: Self::MAX });
        }
        let (scheme, rest) = value.split_once("://").ok_or(ValidationError::UrlFormat)?;
        let scheme_ok = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = match authority.rsplit_once(':') {
            Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
            _ => authority,
        };
        let clean = !value.chars().any(|c| c.is_whitespace() || c.is_control());
        if !scheme_ok || host.is_empty() || authority.contains('@') || !clean {
            return Err(ValidationError::UrlFormat);
        }
        Ok(Self(format!("{}://{rest}", scheme.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_newtype!(HttpUrl);

/// `text` percent-encoded (UTF-8), but for RFC 3986's unreserved characters and those in `keep`.
pub fn percent_encode(text: &str, keep: &[u8]) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            b if keep.contains(&b) => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_with_a_host_pass() {
        for good in ["https://ci.example.com/b/42?x=1#top", "HTTP://localhost:8080/", "http://[::1]:3000/x"] {
            assert!(HttpUrl::parse(good).is_ok(), "{good}");
        }
        assert_eq!(HttpUrl::parse(" HTTPS://a.b/c ").unwrap().as_str(), "https://a.b/c");
    }

    #[test]
    fn everything_else_is_refused() {
        for bad in [
            "ftp://a.b",
            "https://",
            "https:///x",
            "a.b/c",
            "https://u:p@a.b/",
            "https://a.b/ c",
            "javascript:alert(1)",
        ] {
            assert_eq!(HttpUrl::parse(bad), Err(ValidationError::UrlFormat), "{bad}");
        }
        assert_eq!(HttpUrl::parse(""), Err(ValidationError::Required));
    }

    #[test]
    fn percent_encoding_keeps_unreserved_and_asked_for() {
        assert_eq!(percent_encode("a b:c/é~", b""), "a%20b%3Ac%2F%C3%A9~");
        assert_eq!(percent_encode("/settings?x=1", b"/"), "/settings%3Fx%3D1");
    }
}
