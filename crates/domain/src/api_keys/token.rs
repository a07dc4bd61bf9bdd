//! The key itself: `vst_<id>.<secret><checksum>`. The checksum (CRC32 of everything before it, six
//! base62 digits) lets a typo or a truncated paste be refused before any lookup, and together with
//! the `vst_` prefix lets secret scanners recognise our keys.

use crate::error::KeyRefusal;

pub const PREFIX: &str = "vst_";
/// Public id: 12 base62 digits (71 bits), unique per key, safe to show and log.
pub const ID_LEN: usize = 12;
/// Secret: 43 base62 digits, 43·log2(62) ≈ 256.03 random bits.
pub const SECRET_LEN: usize = 43;
pub const CHECKSUM_LEN: usize = 6;
/// How many characters of the secret the UI shows to tell keys apart.
pub const HINT_LEN: usize = 5;

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A key that has the right shape and checksum; whether it exists is the server's question.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyToken {
    id: String,
    secret: String,
}

impl KeyToken {
    /// Checks prefix, lengths, alphabet and checksum; no I/O.
    pub fn parse(raw: &str) -> Result<Self, KeyRefusal> {
        let raw = raw.trim();
        let rest = raw.strip_prefix(PREFIX).ok_or(KeyRefusal::Malformed)?;
        let (id, tail) = rest.split_once('.').ok_or(KeyRefusal::Malformed)?;
        let base62 = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric());
        if id.len() != ID_LEN || tail.len() != SECRET_LEN + CHECKSUM_LEN || !base62(id) || !base62(tail) {
            return Err(KeyRefusal::Malformed);
        }
        let (secret, checksum) = tail.split_at(SECRET_LEN);
        let body_len = raw.len() - CHECKSUM_LEN;
        if checksum != self::checksum(&raw[..body_len]) {
            return Err(KeyRefusal::Malformed);
        }
        Ok(Self { id: id.to_string(), secret: secret.to_string() })
    }

    /// A new key from random bytes (the caller's CSPRNG); `None` if the bytes ran out before
    /// enough unbiased digits were drawn (ask again with fresh bytes).
    pub fn from_random(bytes: &[u8]) -> Option<Self> {
        let mut digits = bytes.iter().filter(|&&b| b < 248).map(|&b| ALPHABET[(b % 62) as usize] as char);
        let id: String = digits.by_ref().take(ID_LEN).collect();
        let secret: String = digits.take(SECRET_LEN).collect();
        (id.len() == ID_LEN && secret.len() == SECRET_LEN).then_some(Self { id, secret })
    }

    /// The public id: the database looks the key up by it. Rotation makes a new id too, so the
    /// rotated-out key and its successor can both be found during the grace period.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What the user identifies the key by: its first few secret characters.
    pub fn hint(&self) -> String {
        self.secret.chars().take(HINT_LEN).collect()
    }

    /// The whole key as the user copies it. Shown once; only its digest is stored.
    pub fn reveal(&self) -> String {
        let body = format!("{PREFIX}{}.{}", self.id, self.secret);
        let sum = checksum(&body);
        body + &sum
    }
}

impl std::fmt::Debug for KeyToken {
    // Never print the secret, not even in a debug log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyToken({PREFIX}{}.{}…)", self.id, self.hint())
    }
}

/// How a key is named in lists: `vst_…​.Xk3f9…` (never more of the secret).
pub fn display_hint(hint: &str) -> String {
    format!("{PREFIX}….{hint}…")
}

fn checksum(body: &str) -> String {
    let mut n = crc32fast::hash(body.as_bytes()) as u64;
    let mut out = [b'0'; CHECKSUM_LEN];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(n % 62) as usize];
        n /= 62;
    }
    out.iter().map(|&b| b as char).collect()
}
