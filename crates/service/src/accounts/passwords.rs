//! Password hashing: argon2id (OWASP's m=19 MiB, t=2, p=1) off the async runtime, a few at a time.

use crate::blocking::Workers;
use crate::{Error, Result};
use argon2::password_hash::{Output, ParamsString, Salt, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::cell::RefCell;
use std::sync::Arc;
use tokio::sync::OnceCell;
use vestibule_domain::Password;

/// A stored password hash (PHC string). Prints nothing and cannot be serialized.
pub struct PasswordHash(pub(crate) String);

impl PasswordHash {
    /// Whether this hash was made with today's algorithm and parameters; an older one is made again
    /// at the account's next successful log-in (`accounts::log_in`).
    pub(crate) fn is_current(&self) -> bool {
        let today = params();
        argon2::PasswordHash::new(&self.0).ok().is_some_and(|parsed| {
            parsed.algorithm == Algorithm::Argon2id.ident()
                && parsed.version == Some(Version::V0x13.into())
                && Params::try_from(&parsed).is_ok_and(|p| {
                    (p.m_cost(), p.t_cost(), p.p_cost()) == (today.m_cost(), today.t_cost(), today.p_cost())
                })
        })
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(…)")
    }
}

/// Runs argon2 on `concurrency` threads of its own (see `Workers`), so a burst of log-ins neither
/// blocks the runtime nor grows memory beyond 19 MiB per thread.
#[derive(Clone)]
pub struct Hasher {
    permits: Workers,
    dummy: Arc<OnceCell<String>>,
}

fn params() -> Params {
    // The parameters are constants known to be valid; `Params::DEFAULT` is the same m/t/p.
    Params::new(19_456, 2, 1, None).unwrap_or(Params::DEFAULT)
}

thread_local! {
    /// argon2's 19 MiB working memory, allocated once per hashing thread and kept. Allocating and
    /// freeing it for every hash made glibc raise its trim threshold for every thread's arena.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Hashes `password` with `salt` into `len` bytes, in this thread's kept working memory (wiped after).
fn compute(argon: &Argon2<'_>, blocks: usize, password: &[u8], salt: Salt<'_>, len: usize) -> Result<Output> {
    let failed = |e: &dyn std::fmt::Display| Error::internal(format!("argon2: {e}"));
    let mut salt_bytes = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes).map_err(|e| failed(&e))?;
    // A stored hash with far more memory than ours (none exists) gets a buffer of its own.
    if blocks > 4 * params().block_count() {
        let output = Output::init_with(len, |out| Ok(argon.hash_password_into(password, salt, out)?));
        return output.map_err(|e| failed(&e));
    }
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        let memory = &mut memory[..blocks];
        let output = Output::init_with(len, |out| {
            Ok(argon.hash_password_into_with_memory(password, salt, out, &mut *memory)?)
        });
        // What the password left in memory does not stay there.
        memory.fill(Block::default());
        output.map_err(|e| failed(&e))
    })
}

/// A new PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) for `password`.
fn hash_new(password: &[u8]) -> Result<String> {
    let failed = |e: &dyn std::fmt::Display| Error::internal(format!("argon2: {e}"));
    let params = params();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt = SaltString::generate(&mut OsRng);
    let len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let output = compute(&argon, params.block_count(), password, salt.as_salt(), len)?;
    let phc = argon2::PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| failed(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches the PHC string `stored`, with the parameters written in it.
fn matches(password: &[u8], stored: &str) -> Result<bool> {
    let failed = |e: &dyn std::fmt::Display| Error::internal(format!("stored hash: {e}"));
    let parsed = argon2::PasswordHash::new(stored).map_err(|e| failed(&e))?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return Ok(false) };
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|e| failed(&e))?;
    let version = parsed.version.map(Version::try_from).transpose().map_err(|e| failed(&e))?.unwrap_or_default();
    let params = Params::try_from(&parsed).map_err(|e| failed(&e))?;
    let argon = Argon2::new(algorithm, version, params.clone());
    let computed = compute(&argon, params.block_count(), password, salt, expected.len())?;
    // `Output`'s equality is constant-time.
    Ok(computed == expected)
}

impl Hasher {
    pub fn new(concurrency: usize) -> Self {
        Self { permits: Workers::new("argon2", concurrency), dummy: Arc::new(OnceCell::new()) }
    }

    pub async fn hash(&self, password: &Password) -> Result<PasswordHash> {
        let secret = password.expose().to_string();
        self.permits.run(move || hash_new(secret.as_bytes()).map(PasswordHash)).await
    }

    /// Checks a password against a stored hash. With no hash (unknown user) it checks against a
    /// dummy hash and answers false, taking the same time as a real check.
    pub async fn verify(&self, password: &Password, stored: Option<PasswordHash>) -> Result<bool> {
        let (phc, real) = match stored {
            Some(h) => (h.0, true),
            None => (self.dummy().await?, false),
        };
        let secret = password.expose().to_string();
        let matches = self.permits.run(move || matches(secret.as_bytes(), &phc)).await?;
        Ok(real && matches)
    }

    async fn dummy(&self) -> Result<String> {
        let hasher = self.clone();
        self.dummy
            .get_or_try_init(|| async move {
                let p = Password::for_login("vestibule dummy password for unknown users");
                hasher.hash(&p).await.map(|h| h.0)
            })
            .await
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    /// The kept-memory hashing agrees with the argon2 crate's own, both ways.
    #[test]
    fn agrees_with_the_argon2_crate() {
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params());
        let ours = hash_new(b"correct horse").unwrap();
        assert!(ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{ours}");
        let parsed = argon2::PasswordHash::new(&ours).unwrap();
        assert!(argon.verify_password(b"correct horse", &parsed).is_ok());
        assert!(argon.verify_password(b"correct horsf", &parsed).is_err());

        let salt = SaltString::generate(&mut OsRng);
        let theirs = argon.hash_password(b"battery staple", &salt).unwrap().to_string();
        assert!(matches(b"battery staple", &theirs).unwrap());
        assert!(!matches(b"battery stapler", &theirs).unwrap());
        // Twice on one thread: the kept memory gives the same answers.
        assert!(matches(b"battery staple", &theirs).unwrap());
        assert!(matches(b"correct horse", &ours).unwrap());
        // Other parameters written in a stored hash are honoured.
        let light = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(1024, 1, 1, None).unwrap());
        let old = light.hash_password(b"old", &salt).unwrap().to_string();
        assert!(matches(b"old", &old).unwrap());
        assert!(!matches(b"new", &old).unwrap());
    }
}
