//! Checking a presented key: shape and checksum first (no I/O), then one indexed look-up and a
//! constant-time digest comparison. Use is remembered in memory and written at most once a minute.

use super::{ActingKey, Caller};
use crate::accounts::{ACCOUNT_COLUMNS, from_row};
use crate::audit::{self, Origin};
use crate::cache::{Owned, UserCache};
use crate::time::now_ms;
use crate::{Error, Result, Settings, UserError, Vestibule};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use subtle::ConstantTimeEq;
use vestibule_domain::Account;
use vestibule_domain::api_keys::{IpAllowlist, KeyRefusal, KeyToken, Scopes};

/// What a key's row says, as the look-up read it.
pub struct Row {
    key_id: i64,
    digest: String,
    scopes: Scopes,
    expires_at: i64,
    revoked_at: Option<i64>,
    allowed: IpAllowlist,
    account: Arc<Account>,
}

impl Owned for Row {
    fn owner(&self) -> i64 {
        self.account.id
    }
}

/// Key look-ups by public id (see `crate::cache`).
pub type KeyCache = UserCache<Row>;

/// A key that was accepted: whose it is and what it may do.
#[derive(Debug, Clone)]
pub struct KeyAuth {
    pub public_id: String,
    pub scopes: Scopes,
    /// When the key stops working: its expiry, or the end of its grace period if rotated out.
    pub expires_at: i64,
    /// Shared with the cached row: a request copies no strings to learn who it is.
    pub account: Arc<Account>,
    /// Where the key may be used from (empty: anywhere).
    pub allowed_ips: IpAllowlist,
}

/// What the database holds for a key: HMAC-SHA256 under the pepper, or SHA-256 without one.
pub(crate) fn digest(settings: &Settings, token: &KeyToken) -> String {
    let key = token.reveal();
    let bytes = match &settings.key_pepper {
        Some(pepper) => match Hmac::<Sha256>::new_from_slice(pepper.expose().as_bytes()) {
            Ok(mut mac) => {
                mac.update(key.as_bytes());
                mac.finalize().into_bytes().to_vec()
            }
            Err(_) => Sha256::digest(key.as_bytes()).to_vec(),
        },
        None => Sha256::digest(key.as_bytes()).to_vec(),
    };
    URL_SAFE_NO_PAD.encode(bytes)
}

type AuthRow = (
    i64,
    String,
    String,
    i64,
    Option<i64>,
    Option<String>,
    i64,
    String,
    String,
    String,
    i64,
    i64,
    Option<String>,
    Option<i64>,
);

/// The account and scopes behind a bearer key, or why it was refused. A malformed key costs no
/// database query; a refused expired or revoked key, or one used from outside its IP allowlist
/// (`IpNotAllowed`), is written to its owner's audit log.
pub async fn authenticate(v: &Vestibule, raw: &str, origin: &Origin) -> Result<KeyAuth> {
    check(v, raw, origin, true).await
}

/// `authenticate`; `ip_known`: whether `origin.ip` is the client's address (the platform's
/// `verify` may not know it, and then a key with an allowlist is refused).
async fn check(v: &Vestibule, raw: &str, origin: &Origin, ip_known: bool) -> Result<KeyAuth> {
    let token = KeyToken::parse(raw).map_err(refused)?;
    let row = match v.key_cache.get(token.id()) {
        Some(row) => row,
        None => {
            let before = v.key_cache.generation();
            let Some(row) = look_up(v, token.id()).await? else {
                return Err(refused(KeyRefusal::Unknown));
            };
            v.key_cache.put(token.id(), row.clone(), before);
            row
        }
    };
    let Row { key_id, digest: ref stored, ref scopes, expires_at, revoked_at, ref allowed, ref account } = *row;
    if !bool::from(digest(&v.settings, &token).as_bytes().ct_eq(stored.as_bytes())) {
        return Err(refused(KeyRefusal::Unknown));
    }
    let now = now_ms();
    let refusal = if revoked_at.is_some_and(|at| at <= now) {
        Some(KeyRefusal::Revoked)
    } else if expires_at <= now {
        Some(KeyRefusal::Expired)
    } else {
        None
    };
    if let Some(reason) = refusal {
        if v.usage.should_log_refusal(key_id, now) {
            let target = format!("vst_{}", token.id());
            let action = format!("api_key.refused_{}", reason.as_str());
            // The caller hears 401 either way; a failed write is the operator's problem, logged.
            if let Err(e) = audit::record(&v.db.pool, account.id, &action, &target, "", origin).await {
                tracing::warn!(key = %target, "could not record a refused key in the audit log: {e}");
            }
        }
        return Err(refused(reason));
    }
    // Without the client's address, a key with a list is refused (it cannot be checked).
    let from_allowed_address = allowed.is_empty() || (ip_known && allowed.allows(&origin.ip));
    if !from_allowed_address {
        if v.usage.should_log_refusal(key_id, now) {
            let target = format!("vst_{}", token.id());
            if let Err(e) = audit::record(&v.db.pool, account.id, "api_key.refused_ip", &target, "", origin).await {
                tracing::warn!(key = %target, "could not record a refused key in the audit log: {e}");
            }
        }
        return Err(Error(UserError::IpNotAllowed));
    }
    v.usage.record(key_id, now, origin);
    // A rotated-out key in its grace period stops at the end of it: that is what clients (the
    // Vestibule-Key-Expires header) and the platform (verify) must hear, not the original expiry.
    let expires_at = revoked_at.map_or(expires_at, |retires| retires.min(expires_at));
    // What the key may do now: an admin-only scope also needs its owner to be an administrator today.
    let scopes = scopes.usable(&v.settings.scopes, account.is_admin);
    Ok(KeyAuth {
        public_id: token.id().to_string(),
        scopes,
        expires_at,
        account: account.clone(),
        allowed_ips: allowed.clone(),
    })
}

async fn look_up(v: &Vestibule, public_id: &str) -> Result<Option<Arc<Row>>> {
    let row: Option<AuthRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT k.id, k.digest, k.scopes, k.expires_at, k.revoked_at, k.allowed_ips, {ACCOUNT_COLUMNS} \
         FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.public_id = $1"
    )))
    .bind(public_id)
    .fetch_optional(&v.db.pool)
    .await?;
    Ok(row.map(
        |(
            key_id,
            digest,
            scopes,
            expires_at,
            revoked_at,
            allowed,
            id,
            username,
            email,
            full_name,
            admin,
            created,
            avatar,
            verified,
        )| {
            let account = from_row((id, username, email, full_name, admin, created, avatar, verified));
            Arc::new(Row {
                key_id,
                digest,
                scopes: Scopes::from_stored(&scopes),
                expires_at,
                revoked_at,
                allowed: IpAllowlist::from_stored(allowed.as_deref().unwrap_or("")),
                account: Arc::new(account),
            })
        },
    ))
}

fn refused(reason: KeyRefusal) -> Error {
    Error(UserError::KeyRefused(reason))
}

impl KeyAuth {
    /// Refuses with 403 unless the key may use `scope` (`x:write` implies `x:read`; see `Scopes::usable`).
    pub fn require(&self, scope: &str) -> Result<()> {
        if self.scopes.grants(scope) {
            Ok(())
        } else {
            Err(Error(UserError::InsufficientScope { scope: scope.to_string() }))
        }
    }

    /// The key acting for its owner, from where the request came.
    pub fn caller(&self, origin: Origin) -> Caller {
        let key = ActingKey {
            scopes: self.scopes.clone(),
            expires_at: self.expires_at,
            allowed_ips: self.allowed_ips.clone(),
        };
        Caller { account: Account::clone(&self.account), key: Some(key), origin, staff: None }
    }
}

/// The host platform's question: is this key valid (and does it hold `scope`)? `Ok(Err(reason))`
/// is a clear "no" (`malformed`, `unknown`, `expired`, `revoked`, `ip_not_allowed` or
/// `insufficient_scope`). `client_ip`: the address the platform's client came from; a key with an
/// IP allowlist is valid only with one on its list.
pub async fn verify(
    v: &Vestibule,
    raw: &str,
    scope: Option<&str>,
    client_ip: Option<&str>,
    origin: &Origin,
) -> Result<std::result::Result<KeyAuth, &'static str>> {
    let client = client_ip.map(|ip| Origin { ip: ip.trim().to_string(), user_agent: origin.user_agent.clone() });
    let checked = match &client {
        Some(client) => check(v, raw, client, true).await,
        None => check(v, raw, origin, false).await,
    };
    let auth = match checked {
        Ok(auth) => auth,
        Err(Error(UserError::KeyRefused(reason))) => return Ok(Err(reason.as_str())),
        Err(Error(UserError::IpNotAllowed)) => return Ok(Err("ip_not_allowed")),
        Err(e) => return Err(e),
    };
    match scope.map(str::trim).filter(|s| !s.is_empty()) {
        Some(scope) if !auth.scopes.grants(scope) => Ok(Err("insufficient_scope")),
        _ => Ok(Ok(auth)),
    }
}

/// When each key was last used, held in memory until the next flush.
#[derive(Default)]
pub struct Usage {
    pending: Mutex<HashMap<i64, LastUse>>,
    /// When a refused use of each key was last written to the audit log.
    refusals_logged: Mutex<HashMap<i64, i64>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastUse {
    pub at: i64,
    pub ip: String,
    pub user_agent: String,
}

impl Usage {
    fn record(&self, key_id: i64, at: i64, origin: &Origin) {
        let agent = || origin.user_agent.chars().take(256);
        let Ok(mut pending) = self.pending.lock() else { return };
        match pending.get_mut(&key_id) {
            // The usual case, a client calling again: only the time changes, nothing is copied.
            Some(last) if last.ip == origin.ip && last.user_agent.chars().eq(agent()) => last.at = at,
            _ => {
                pending.insert(key_id, LastUse { at, ip: origin.ip.clone(), user_agent: agent().collect() });
            }
        }
    }

    /// At most one audit entry a minute per key for refused uses, however often it is tried.
    fn should_log_refusal(&self, key_id: i64, now: i64) -> bool {
        let Ok(mut logged) = self.refusals_logged.lock() else { return true };
        if logged.len() > 10_000 {
            logged.retain(|_, at| now - *at < 60_000);
        }
        match logged.get(&key_id) {
            Some(at) if now - at < 60_000 => false,
            _ => {
                logged.insert(key_id, now);
                true
            }
        }
    }

    /// The newest use not yet written, if any.
    pub(crate) fn pending(&self, key_id: i64) -> Option<LastUse> {
        self.pending.lock().ok()?.get(&key_id).cloned()
    }
}

/// All the uses in one transaction: one commit (and one sync) however many keys were used.
async fn write_usage(v: &Vestibule, batch: &[(i64, LastUse)]) -> Result<()> {
    let mut tx = v.db.pool.begin().await?;
    for (key_id, last) in batch {
        sqlx::query(
            "UPDATE api_keys SET last_used_at = $1, last_used_ip = $2, last_used_agent = $3 \
             WHERE id = $4 AND (last_used_at IS NULL OR last_used_at < $1)",
        )
        .bind(last.at)
        .bind(&last.ip)
        .bind(&last.user_agent)
        .bind(key_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Writes buffered uses (the server calls this once a minute and at shutdown).
pub async fn flush_usage(v: &Vestibule) -> Result<usize> {
    let mut batch: Vec<(i64, LastUse)> = match v.usage.pending.lock() {
        Ok(mut pending) => pending.drain().collect(),
        Err(_) => return Ok(0),
    };
    let written = batch.len();
    if written == 0 {
        return Ok(0);
    }
    if let Err(e) = write_usage(v, &batch).await {
        // Put back what was not written (unless a newer use arrived meanwhile) for the next flush.
        if let Ok(mut pending) = v.usage.pending.lock() {
            for (key_id, last) in batch.drain(..) {
                pending.entry(key_id).or_insert(last);
            }
        }
        return Err(e);
    }
    Ok(written)
}
