//! Standard Webhooks signatures: `webhook-signature: v1,<base64 of HMAC-SHA256(secret,
//! "<webhook-id>.<webhook-timestamp>.<body>")>`, over exactly the bytes sent. Secrets are `whsec_`
//! and the base64 of 32 random bytes; during a rotation both the new and the old secret sign, and
//! the header carries both signatures, separated by a space.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const PREFIX: &str = "whsec_";
const SECRET_BYTES: usize = 32;

/// An endpoint's signing secret. Its `Debug` shows nothing of it.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(Vec<u8>);

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret([redacted])")
    }
}

impl WebhookSecret {
    /// A new secret: 32 bytes from the operating system's generator.
    pub fn generate() -> crate::Result<Self> {
        let mut bytes = vec![0u8; SECRET_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| crate::Error::internal(format_args!("no randomness: {e}")))?;
        Ok(Self(bytes))
    }

    /// A secret as it is shown once and as receivers configure it (`whsec_…`); `None` when it is not one.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = STANDARD.decode(text.strip_prefix(PREFIX)?).ok()?;
        // The specification allows 24 to 64 bytes; ours are 32.
        (24..=64).contains(&bytes.len()).then_some(Self(bytes))
    }

    /// The `whsec_…` form, to show once.
    pub fn reveal(&self) -> String {
        format!("{PREFIX}{}", STANDARD.encode(&self.0))
    }

    /// The signature of one delivery (`v1,<base64>`).
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> crate::Result<String> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .map_err(|_| crate::Error::internal("an HMAC key of any length is valid"))?;
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        Ok(format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes())))
    }
}

/// An endpoint's asymmetric signing key (Standard Webhooks `v1a`, Ed25519): receivers verify with
/// its public key (`whpk_…`), which may be shown to anyone; the private key (PKCS#8) never leaves
/// the server and is sealed at rest. `Debug` shows only the public key.
pub struct SigningKey {
    pair: ring::signature::Ed25519KeyPair,
    pkcs8: Vec<u8>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({})", self.public_key())
    }
}

impl SigningKey {
    pub fn generate() -> crate::Result<Self> {
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = ring::signature::Ed25519KeyPair::generate_pkcs8(&rng)
            .map_err(|_| crate::Error::internal("no randomness for an Ed25519 key"))?;
        Self::from_pkcs8(pkcs8.as_ref()).ok_or_else(|| crate::Error::internal("a fresh Ed25519 key did not parse"))
    }

    /// The key as stored (PKCS#8, before sealing); `None` when it is not one.
    pub fn from_pkcs8(pkcs8: &[u8]) -> Option<Self> {
        let pair = ring::signature::Ed25519KeyPair::from_pkcs8(pkcs8).ok()?;
        Some(Self { pair, pkcs8: pkcs8.to_vec() })
    }

    pub fn pkcs8(&self) -> &[u8] {
        &self.pkcs8
    }

    /// `whpk_` and the base64 of the 32-byte public key.
    pub fn public_key(&self) -> String {
        use ring::signature::KeyPair;
        format!("whpk_{}", STANDARD.encode(self.pair.public_key().as_ref()))
    }

    /// The signature of one delivery (`v1a,<base64>`), over the same content as `v1`.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let mut content = Vec::with_capacity(id.len() + body.len() + 24);
        content.extend_from_slice(id.as_bytes());
        content.push(b'.');
        content.extend_from_slice(timestamp.to_string().as_bytes());
        content.push(b'.');
        content.extend_from_slice(body);
        format!("v1a,{}", STANDARD.encode(self.pair.sign(&content).as_ref()))
    }
}

/// The `webhook-signature` header of a delivery signed with every secret in `secrets` (the current
/// one, and while a rotation lasts, the previous one).
pub fn signature_header(secrets: &[&WebhookSecret], id: &str, timestamp: i64, body: &[u8]) -> crate::Result<String> {
    Ok(secrets.iter().map(|s| s.sign(id, timestamp, body)).collect::<crate::Result<Vec<_>>>()?.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks reference libraries (checked with Python's hmac as well).
    #[test]
    fn signs_as_the_specification_does() {
        let secret = WebhookSecret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("a secret");
        let signature = secret.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, br#"{"test": 2432232314}"#).unwrap();
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        // One byte more in the body, another signature: exactly the bytes sent are signed.
        let other = secret.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, br#"{"test": 2432232314} "#).unwrap();
        assert_ne!(signature, other);
    }

    #[test]
    fn ed25519_signs_the_same_content() {
        let key = SigningKey::generate().unwrap();
        let again = SigningKey::from_pkcs8(key.pkcs8()).unwrap();
        assert_eq!(key.public_key(), again.public_key());
        assert!(key.public_key().starts_with("whpk_") && key.public_key().len() == 5 + 44);
        let signature = key.sign("msg_1", 1_614_265_330, b"{}");
        assert!(signature.starts_with("v1a,"));
        // Ed25519 is deterministic: the same key and content, the same signature.
        assert_eq!(signature, again.sign("msg_1", 1_614_265_330, b"{}"));
        assert!(!format!("{key:?}").contains(&STANDARD.encode(key.pkcs8())));
    }

    #[test]
    fn secrets_are_shown_once_and_read_back() {
        let secret = WebhookSecret::generate().expect("randomness");
        let shown = secret.reveal();
        assert!(shown.starts_with("whsec_") && shown.len() == 6 + 44, "{shown}");
        assert_eq!(WebhookSecret::parse(&shown), Some(secret.clone()));
        assert_eq!(format!("{secret:?}"), "WebhookSecret([redacted])");
        assert_eq!(WebhookSecret::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), None, "the prefix is part of it");
        assert_eq!(WebhookSecret::parse("whsec_c2hvcnQ="), None, "too short");
        assert_eq!(WebhookSecret::parse("whsec_not base64!"), None);
    }

    #[test]
    fn a_rotation_sends_both_signatures() {
        let (new, old) =
            (WebhookSecret::generate().expect("randomness"), WebhookSecret::generate().expect("randomness"));
        let header = signature_header(&[&new, &old], "msg_1", 1_700_000_000, b"{}").unwrap();
        let parts: Vec<&str> = header.split(' ').collect();
        let each = [new.sign("msg_1", 1_700_000_000, b"{}").unwrap(), old.sign("msg_1", 1_700_000_000, b"{}").unwrap()];
        assert_eq!(parts, each);
    }
}
