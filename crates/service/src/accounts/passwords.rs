//! Password hashing: argon2id (OWASP's m=19 MiB, t=2, p=1) off the async runtime, a few at a time.

use crate::blocking::Workers;
use crate::{Error, Result};
use argon2::password_hash::{PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Arc;
use tokio::sync::OnceCell;
use vestibule_domain::Password;

/// A stored password hash (PHC string). Prints nothing and cannot be serialized.
pub struct PasswordHash(pub(crate) String);

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

fn argon2() -> Argon2<'static> {
    // The parameters are constants known to be valid; `Params::DEFAULT` is the same m/t/p.
    let params = Params::new(19_456, 2, 1, None).unwrap_or(Params::DEFAULT);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

impl Hasher {
    pub fn new(concurrency: usize) -> Self {
        Self { permits: Workers::new("argon2", concurrency), dummy: Arc::new(OnceCell::new()) }
    }

    pub async fn hash(&self, password: &Password) -> Result<PasswordHash> {
        let secret = password.expose().to_string();
        self.permits
            .run(move || {
                let salt = SaltString::generate(&mut OsRng);
                argon2()
                    .hash_password(secret.as_bytes(), &salt)
                    .map(|h| PasswordHash(h.to_string()))
                    .map_err(|e| Error::internal(format!("argon2: {e}")))
            })
            .await
    }

    /// Checks a password against a stored hash. With no hash (unknown user) it checks against a
    /// dummy hash and answers false, taking the same time as a real check.
    pub async fn verify(&self, password: &Password, stored: Option<PasswordHash>) -> Result<bool> {
        let (phc, real) = match stored {
            Some(h) => (h.0, true),
            None => (self.dummy().await?, false),
        };
        let secret = password.expose().to_string();
        let matches = self
            .permits
            .run(move || {
                let parsed =
                    argon2::PasswordHash::new(&phc).map_err(|e| Error::internal(format!("stored hash: {e}")))?;
                Ok(argon2().verify_password(secret.as_bytes(), &parsed).is_ok())
            })
            .await?;
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
