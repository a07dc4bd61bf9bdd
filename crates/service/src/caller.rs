//! Who is acting on an account: its owner in a browser session or at the command line, or a key
//! acting for the owner through the REST API (with what that key may do). Every use case takes one.

use crate::audit::Origin;
use crate::{Error, Result, UserError};
use vestibule_domain::api_keys::Scopes;
use vestibule_domain::{Account, ValidationError};

/// Who is acting: the account, the key when a key acts (`None` for a browser session or the CLI,
/// which may do anything the owner may), and where the request came from.
#[derive(Debug, Clone)]
pub struct Caller {
    pub account: Account,
    pub key: Option<ActingKey>,
    pub origin: Origin,
}

/// The key behind a REST request: what it may do and when it stops working.
#[derive(Debug, Clone)]
pub struct ActingKey {
    pub scopes: Scopes,
    /// Its expiry, or the end of its grace period if it was rotated out.
    pub expires_at: i64,
}

impl Caller {
    pub fn session(account: Account, origin: Origin) -> Self {
        Self { account, key: None, origin }
    }

    /// A key may only hand on scopes it holds itself, and only touch keys whose scopes it holds:
    /// otherwise a weak key could delete, rotate or re-scope a stronger one.
    pub(crate) fn may_grant(&self, scopes: &Scopes) -> Result<()> {
        match self.key.as_ref().and_then(|key| key.scopes.first_missing(scopes)) {
            Some(missing) => Err(Error(UserError::InsufficientScope { scope: missing.to_string() })),
            None => Ok(()),
        }
    }

    /// A key a key asks for never outlives that key: a short-lived leak must not become a long one.
    pub(crate) fn may_expire_at(&self, expires_at: i64) -> Result<()> {
        match &self.key {
            Some(key) if expires_at > key.expires_at => Err(Error::invalid(
                "expires",
                ValidationError::ExpiryOutlivesKey { until: vestibule_domain::datetime::rfc3339(key.expires_at) },
            )),
            _ => Ok(()),
        }
    }

    /// The expiry a key rotated or edited by a key gets: never later than the acting key's.
    pub(crate) fn bounded(&self, expires_at: i64) -> i64 {
        self.key.as_ref().map_or(expires_at, |key| expires_at.min(key.expires_at))
    }
}
