//! Encryption at rest for what the database must hold but not in plain text (a queued mail's
//! single-use link): XChaCha20-Poly1305 under the server key, a random nonce per value, and the
//! value's purpose as associated data, so a sealed value cannot be moved to another column.

use crate::config::Settings;
use crate::{Error, Result};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

/// Version byte in front of every sealed value, for a later change of algorithm.
const V1: u8 = 1;
const NONCE: usize = 24;

/// The server key. `Debug` does not print it.
#[derive(Clone)]
pub struct Sealer(XChaCha20Poly1305);

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer([redacted])")
    }
}

impl Sealer {
    /// `VESTIBULE_SECRET_KEY`, or else `<data dir>/secret.key`, made with 256 random bits (owner
    /// read-only) when it does not exist yet.
    pub fn from_settings(settings: &Settings) -> Result<Self> {
        if let Some(secret) = &settings.secret_key {
            return Ok(Self::from_secret(secret.expose().as_bytes()));
        }
        let path = settings.data_dir.join("secret.key");
        let secret = match std::fs::read_to_string(&path) {
            Ok(text) => text.trim().to_string(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let secret = crate::token::random_token()?;
                write_new(&path, &secret)
                    .map_err(|e| Error::internal(format_args!("cannot write {}: {e}", path.display())))?;
                tracing::info!(path = %path.display(), "made a new server key (VESTIBULE_SECRET_KEY unset)");
                // Another process may have made one first; its key is the one to use.
                std::fs::read_to_string(&path)
                    .map_err(|e| Error::internal(format_args!("cannot read {}: {e}", path.display())))?
                    .trim()
                    .to_string()
            }
            Err(e) => return Err(Error::internal(format_args!("cannot read {}: {e}", path.display()))),
        };
        if secret.len() < 32 {
            return Err(Error::internal(format_args!("{} holds fewer than 32 characters", path.display())));
        }
        Ok(Self::from_secret(secret.as_bytes()))
    }

    /// A key derived from any secret of at least 32 characters.
    pub fn from_secret(secret: &[u8]) -> Self {
        let key = Sha256::new().chain_update(b"vestibule sealed v1\0").chain_update(secret).finalize();
        Self(XChaCha20Poly1305::new(&key))
    }

    /// `plain` sealed for `purpose`, as text (base64) for a TEXT column on either engine.
    pub fn seal(&self, purpose: &str, plain: &[u8]) -> Result<String> {
        Ok(STANDARD_NO_PAD.encode(self.seal_bytes(purpose, plain)?))
    }

    /// The plain bytes of a value `seal` made for the same purpose with the same key; an error for
    /// anything else (another key, another purpose, a changed byte).
    pub fn open(&self, purpose: &str, sealed: &str) -> Result<Vec<u8>, Unsealable> {
        self.open_bytes(purpose, &STANDARD_NO_PAD.decode(sealed).map_err(|_| Unsealable)?)
    }

    /// As `seal`, in URL-safe base64: a token to put in a link (a mail's unsubscribe link).
    pub fn seal_for_url(&self, purpose: &str, plain: &[u8]) -> Result<String> {
        Ok(URL_SAFE_NO_PAD.encode(self.seal_bytes(purpose, plain)?))
    }

    /// Opens what `seal_for_url` made.
    pub fn open_from_url(&self, purpose: &str, sealed: &str) -> Result<Vec<u8>, Unsealable> {
        self.open_bytes(purpose, &URL_SAFE_NO_PAD.decode(sealed).map_err(|_| Unsealable)?)
    }

    fn seal_bytes(&self, purpose: &str, plain: &[u8]) -> Result<Vec<u8>> {
        let mut nonce = [0u8; NONCE];
        getrandom::fill(&mut nonce).map_err(|e| Error::internal(format_args!("no randomness: {e}")))?;
        let sealed = self
            .0
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad: purpose.as_bytes() })
            .map_err(|_| Error::internal("sealing failed"))?;
        let mut out = Vec::with_capacity(1 + NONCE + sealed.len());
        out.push(V1);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    fn open_bytes(&self, purpose: &str, bytes: &[u8]) -> Result<Vec<u8>, Unsealable> {
        match bytes.split_first() {
            Some((&V1, rest)) if rest.len() > NONCE => {
                let (nonce, ciphertext) = rest.split_at(NONCE);
                self.0
                    .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: purpose.as_bytes() })
                    .map_err(|_| Unsealable)
            }
            _ => Err(Unsealable),
        }
    }
}

/// A sealed value that this key cannot open: made with another key, or damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the value was sealed with another key or is damaged")]
pub struct Unsealable;

/// Creates `path` with `secret`, readable by its owner only; does nothing if it exists already.
fn write_new(path: &std::path::Path, secret: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(secret.as_bytes())?;
            file.sync_all()
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_purpose() {
        let sealer = Sealer::from_secret(b"0123456789abcdef0123456789abcdef");
        let sealed = sealer.seal("outbox", b"https://example.com/verify-email?token=secret").unwrap();
        assert!(!sealed.contains("secret") && !sealed.contains("token"), "{sealed}");
        assert_eq!(sealer.open("outbox", &sealed).unwrap(), b"https://example.com/verify-email?token=secret");
        assert_ne!(sealed, sealer.seal("outbox", b"https://example.com/verify-email?token=secret").unwrap());
        assert_eq!(sealer.open("webhooks", &sealed), Err(Unsealable));
        let other = Sealer::from_secret(b"another key, also 32 characters long");
        assert_eq!(other.open("outbox", &sealed), Err(Unsealable));
        let mut damaged = sealed.into_bytes();
        let last = damaged.len() - 2;
        damaged[last] = if damaged[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(sealer.open("outbox", std::str::from_utf8(&damaged).unwrap()), Err(Unsealable));
        assert_eq!(sealer.open("outbox", "not base64!"), Err(Unsealable));
        assert!(!format!("{sealer:?}").contains("0123"));
    }

    #[test]
    fn the_key_file_is_made_once_and_kept() {
        let dir = std::env::temp_dir().join(format!("vestibule-sealed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let settings = Settings::from_vars([("VESTIBULE_DATA_DIR".to_string(), dir.display().to_string())]).unwrap();
        let first = Sealer::from_settings(&settings).unwrap();
        let sealed = first.seal("outbox", b"kept").unwrap();
        let second = Sealer::from_settings(&settings).unwrap();
        assert_eq!(second.open("outbox", &sealed).unwrap(), b"kept", "the same key after a restart");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("secret.key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
