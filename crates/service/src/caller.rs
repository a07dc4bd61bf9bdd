//! Who is acting on an account: its owner in a browser session or at the command line, a key
//! acting for the owner through the REST API (with what that key may do), or support staff acting
//! on it with the owner's grant. Every use case takes one; what only the owner may see or change
//! takes an `Own`, which staff cannot get.

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
    /// Support staff acting on the account (see `support`), if it is not its owner.
    pub staff: Option<Staff>,
}

/// A support staff member acting on an account, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: i64,
    pub username: String,
    pub reason: String,
}

impl Staff {
    /// What the owner's security log says of them: who, and why.
    pub fn detail(&self) -> String {
        Self::detail_of(self.id, &self.username, &self.reason)
    }

    pub fn detail_of(id: i64, username: &str, reason: &str) -> String {
        vestibule_domain::audit::support_detail(id, username, reason)
    }
}

/// The account, reached by its owner (in person or through a key), never by support staff: what
/// every use case takes that staff may not reach (the password, two-factor sign-in, passkeys,
/// sessions, secrets, the support grant). Made only by `Caller::own` and `Own::operator`.
#[derive(Debug, Clone, Copy)]
pub struct Own<'a>(&'a Account);

impl<'a> Own<'a> {
    /// The operator at the command line (`vestibule user reset-two-factor`…), who may do anything.
    pub fn operator(account: &'a Account) -> Self {
        Self(account)
    }

    pub fn account(self) -> &'a Account {
        self.0
    }

    /// The account, when its sign-in is its own: refused (`SsoManaged`) for an account of the single
    /// sign-on provider, whose password, second factor and passkeys are the provider's.
    pub fn own_sign_in(self) -> Result<&'a Account> {
        if self.0.sso_only { Err(Error(UserError::SsoManaged)) } else { Ok(self.0) }
    }
}

impl std::ops::Deref for Own<'_> {
    type Target = Account;
    fn deref(&self) -> &Account {
        self.0
    }
}

/// The key behind a REST request: what it may do and when it stops working.
#[derive(Debug, Clone)]
pub struct ActingKey {
    pub scopes: Scopes,
    /// Where it may be used from: the keys it makes or edits are limited within it.
    pub allowed_ips: vestibule_domain::api_keys::IpAllowlist,
    /// Its expiry, or the end of its grace period if it was rotated out.
    pub expires_at: i64,
}

impl Caller {
    pub fn session(account: Account, origin: Origin) -> Self {
        Self { account, key: None, origin, staff: None }
    }

    /// The account for what only its owner may do: refused (`NotForSupport`) to staff acting on it.
    pub fn own(&self) -> Result<Own<'_>> {
        match self.staff {
            Some(_) => Err(Error(UserError::NotForSupport)),
            None => Ok(Own(&self.account)),
        }
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

    /// A key limited to some addresses gives keys no wider reach: a leaked office-only key must not
    /// mint one that works from anywhere.
    pub(crate) fn may_allow(&self, list: &vestibule_domain::api_keys::IpAllowlist) -> Result<()> {
        match &self.key {
            Some(key) if !list.within(&key.allowed_ips) => Err(Error::invalid(
                "allowed_ips",
                ValidationError::AllowlistWider { ranges: key.allowed_ips.entries().join(", ") },
            )),
            _ => Ok(()),
        }
    }

    /// The expiry a key rotated or edited by a key gets: never later than the acting key's.
    pub(crate) fn bounded(&self, expires_at: i64) -> i64 {
        self.key.as_ref().map_or(expires_at, |key| expires_at.min(key.expires_at))
    }
}
