//! Personal API keys: create, list, edit, rotate and delete (here), and check a presented key
//! (`auth`). The page, the REST API and the CLI call these with the domain's request types.

mod auth;
mod hygiene;

pub use auth::{KeyAuth, KeyCache, Usage, authenticate, flush_usage, verify};
pub use hygiene::report_leaked;
pub(crate) use hygiene::revoke_idle;

use crate::audit;
use crate::error::is_unique_violation;
use crate::time::now_ms;
use crate::{Error, Result, UserError, Vestibule, preferences};
use vestibule_domain::api_keys::{
    ApiKeyInfo, IpAllowlist, KeyChanges, KeyName, KeyToken, NewKey, RevealedKey, Rotation, Scopes,
};
use vestibule_domain::{Account, ValidationError};

pub use crate::caller::{ActingKey, Caller};

/// A key just created or rotated, with the whole key (shown once).
pub type Created = RevealedKey;

const COLUMNS: &str = "k.id, k.public_id, k.name, k.hint, k.scopes, k.created_at, k.expires_at, k.revoked_at, \
     k.replaced_by, k.last_used_at, k.last_used_ip, k.last_used_agent, k.allowed_ips";
/// The row id, then what `ApiKeyInfo` shows.
type Row = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
);
/// Keys that still show in the list: live ones, and rotated-out ones until their grace ends.
const SHOWN: &str = "(k.revoked_at IS NULL OR (k.replaced_by IS NOT NULL AND k.revoked_at > $2))";

fn info(v: &Vestibule, row: Row) -> ApiKeyInfo {
    let (
        key_id,
        id,
        name,
        hint,
        scopes,
        created_at,
        expires_at,
        revoked_at,
        replaced_by,
        used_at,
        used_ip,
        used_agent,
        allowed,
    ) = row;
    let mut key = ApiKeyInfo {
        id,
        name,
        hint,
        scopes: Scopes::from_stored(&scopes),
        created_at,
        expires_at,
        retires_at: replaced_by.and(revoked_at),
        last_used_at: used_at,
        last_used_ip: used_ip,
        last_used_agent: used_agent,
        allowed_ips: IpAllowlist::from_stored(allowed.as_deref().unwrap_or("")).entries(),
    };
    // Uses not yet written show at once.
    if let Some(last) = v.usage.pending(key_id).filter(|l| key.last_used_at.is_none_or(|at| at < l.at)) {
        key.last_used_at = Some(last.at);
        key.last_used_ip = Some(last.ip);
        key.last_used_agent = Some(last.user_agent);
    }
    key
}

/// The user's keys, newest first.
pub async fn list(v: &Vestibule, user_id: i64) -> Result<Vec<ApiKeyInfo>> {
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM api_keys k WHERE k.user_id = $1 AND {SHOWN} ORDER BY k.created_at DESC, k.id DESC"
    )))
    .bind(user_id)
    .bind(now_ms())
    .fetch_all(&v.db.pool)
    .await?;
    Ok(rows.into_iter().map(|row| info(v, row)).collect())
}

/// One of the user's shown keys, with its row id.
async fn find(v: &Vestibule, user_id: i64, public_id: &str) -> Result<(i64, ApiKeyInfo)> {
    let public_id = public_id.strip_prefix("vst_").unwrap_or(public_id);
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM api_keys k WHERE k.user_id = $1 AND {SHOWN} AND k.public_id = $3"
    )))
    .bind(user_id)
    .bind(now_ms())
    .bind(public_id)
    .fetch_optional(&v.db.pool)
    .await?;
    let row = row.ok_or(Error(UserError::NotFound))?;
    Ok((row.0, info(v, row)))
}

pub async fn get(v: &Vestibule, user_id: i64, public_id: &str) -> Result<ApiKeyInfo> {
    Ok(find(v, user_id, public_id).await?.1)
}

fn invalid(errors: Vec<vestibule_domain::FieldError>) -> Error {
    Error(UserError::Invalid(errors))
}

fn name_taken(name: &str) -> Error {
    Error::invalid("name", ValidationError::KeyNameTaken { name: name.to_string() })
}

fn random_key() -> Result<KeyToken> {
    loop {
        let mut bytes = [0u8; 96];
        getrandom::fill(&mut bytes).map_err(|e| Error::internal(format_args!("no randomness: {e}")))?;
        if let Some(token) = KeyToken::from_random(&bytes) {
            return Ok(token);
        }
    }
}

/// Creates a key; the answer holds the full key, which is never available again.
pub async fn create(v: &Vestibule, caller: &Caller, request: &NewKey) -> Result<Created> {
    // A new secret is shown once: only to the owner, never to support staff acting on the account.
    caller.own()?;
    let now = now_ms();
    let zone = preferences::get(v, caller.account.id).await?.time_zone;
    let valid = request
        .validate(&v.settings.scopes, &v.settings.key_policy, caller.account.is_admin, now, &zone)
        .map_err(invalid)?;
    caller.may_grant(&valid.scopes)?;
    caller.may_expire_at(valid.expires_at)?;
    caller.may_allow(&valid.allowed_ips)?;
    let token = random_key()?;
    // A new key is a security mail (built before the transaction, which must not wait on it).
    let extra = vec![("key_name", valid.name.as_str().to_string().into()), ("scopes", valid.scopes.to_stored().into())];
    let mail = crate::owner::security_mail(v, &caller.account, "api-key-created", &caller.origin, extra).await?;
    let mut tx = v.db.pool.begin().await?;
    // Count and insert while holding the user's row: requests at the same moment would otherwise
    // each see room for one more key. (A no-op write locks the row in PostgreSQL and the file in SQLite.)
    sqlx::query("UPDATE users SET username = username WHERE id = $1").bind(caller.account.id).execute(&mut *tx).await?;
    let (live,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM api_keys WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(caller.account.id)
        .fetch_one(&mut *tx)
        .await?;
    let max = v.settings.key_policy.max_keys;
    if v.settings.key_policy.at_limit(usize::try_from(live).unwrap_or(usize::MAX)) {
        return Err(Error(UserError::KeyLimit { max }));
    }
    let new =
        NewRow { name: &valid.name, scopes: &valid.scopes, expires_at: valid.expires_at, allowed: &valid.allowed_ips };
    let inserted = insert(v, &mut tx, caller.account.id, &token, new, now).await;
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e, "name") => return Err(name_taken(valid.name.as_str())),
        Err(e) => return Err(e.into()),
    }
    let mut detail = format!("name={}; scopes={}", valid.name.as_str(), valid.scopes.to_stored());
    if !valid.allowed_ips.is_empty() {
        detail.push_str(&format!("; allowed_ips={}", valid.allowed_ips.to_stored()));
    }
    audit::record(&mut *tx, caller.account.id, "api_key.created", &target(&token), &detail, &caller.origin).await?;
    let data = key_event(caller, token.id(), valid.name.as_str(), &valid.scopes, valid.expires_at);
    crate::webhooks::emit::emit(v, &mut tx, caller.account.id, "api_key.created", data).await?;
    if let Some(mail) = mail {
        crate::outbox::enqueue(&mut tx, &v.sealer, &crate::outbox::Job::Mail(mail)).await?;
    }
    tx.commit().await?;
    v.outbox_queued();
    tracing::info!(key = %target(&token), user = caller.account.id, "API key created");
    let key = get(v, caller.account.id, token.id()).await?;
    Ok(Created { key, secret: token.reveal() })
}

/// The `data` of an `api_key.*` webhook: which key (never its secret) and whose.
fn key_event(caller: &Caller, id: &str, name: &str, scopes: &Scopes, expires_at: i64) -> serde_json::Value {
    serde_json::json!({
        "username": caller.account.username,
        "key": { "id": id, "name": name, "scopes": scopes.names(), "expires_at": vestibule_domain::datetime::rfc3339(expires_at) },
        "by": if caller.key.is_some() { "api" } else { "session" },
    })
}

fn target(token: &KeyToken) -> String {
    format!("vst_{}", token.id())
}

/// What a new key's row holds besides its secret.
struct NewRow<'a> {
    name: &'a KeyName,
    scopes: &'a Scopes,
    expires_at: i64,
    allowed: &'a IpAllowlist,
}

async fn insert(
    v: &Vestibule,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user_id: i64,
    token: &KeyToken,
    new: NewRow<'_>,
    now: i64,
) -> std::result::Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO api_keys (public_id, user_id, name, digest, hint, scopes, created_at, expires_at, allowed_ips) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(token.id())
    .bind(user_id)
    .bind(new.name.as_str())
    .bind(auth::digest(&v.settings, token))
    .bind(token.hint())
    .bind(new.scopes.to_stored())
    .bind(now)
    .bind(new.expires_at)
    .bind(new.allowed.to_stored())
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Renames a key or changes its scopes. Its expiry moves only when a key edits it: it is brought
/// forward to the acting key's, so scopes handed on never outlast the key that handed them on.
/// The owner's only: support staff acting on the account could otherwise widen a key's scopes or
/// lengthen its life.
pub async fn update(v: &Vestibule, caller: &Caller, public_id: &str, changes: &KeyChanges) -> Result<ApiKeyInfo> {
    caller.own()?;
    let (key_id, key) = find(v, caller.account.id, public_id).await?;
    caller.may_grant(&key.scopes)?;
    if key.retires_at.is_some() {
        return Err(Error::invalid("name", ValidationError::KeyRotatedOut));
    }
    let valid = changes.validate(&v.settings.scopes, caller.account.is_admin).map_err(invalid)?;
    let (name, scopes) = (valid.name, valid.scopes);
    let name = name.map(|n| n.as_str().to_string()).unwrap_or(key.name.clone());
    let scopes = scopes.unwrap_or(key.scopes.clone());
    let allowed = valid.allowed_ips.unwrap_or_else(|| IpAllowlist::parse(&key.allowed_ips).unwrap_or_default());
    caller.may_grant(&scopes)?;
    caller.may_allow(&allowed)?;
    let expires_at = caller.bounded(key.expires_at);
    let mut tx = v.db.pool.begin().await?;
    let updated =
        sqlx::query("UPDATE api_keys SET name = $1, scopes = $2, expires_at = $3, allowed_ips = $4 WHERE id = $5")
            .bind(&name)
            .bind(scopes.to_stored())
            .bind(expires_at)
            .bind(allowed.to_stored())
            .bind(key_id)
            .execute(&mut *tx)
            .await;
    match updated {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e, "name") => return Err(name_taken(&name)),
        Err(e) => return Err(e.into()),
    }
    let mut detail = format!("name={name}; scopes={}", scopes.to_stored());
    if allowed.entries() != key.allowed_ips {
        detail.push_str(&format!("; allowed_ips={}", allowed.to_stored()));
    }
    if expires_at != key.expires_at {
        detail.push_str(&format!("; expires={}", vestibule_domain::datetime::rfc3339(expires_at)));
    }
    audit::record(&mut *tx, caller.account.id, "api_key.edited", &format!("vst_{}", key.id), &detail, &caller.origin)
        .await?;
    tx.commit().await?;
    v.user_changed(caller.account.id).await;
    get(v, caller.account.id, &key.id).await
}

fn already_rotated() -> Error {
    Error::invalid("expires", ValidationError::KeyAlreadyRotated)
}

/// A new key with the same name and scopes and a new expiry; the old one works until the grace ends.
/// Rotated by a key, the new key expires no later than that key (the asked-for expiry is shortened).
pub async fn rotate(v: &Vestibule, caller: &Caller, public_id: &str, rotation: &Rotation) -> Result<Created> {
    // A new secret is shown once: only to the owner, never to support staff acting on the account.
    caller.own()?;
    let (old_id, old) = find(v, caller.account.id, public_id).await?;
    if old.retires_at.is_some() {
        return Err(already_rotated());
    }
    caller.may_grant(&old.scopes)?;
    let now = now_ms();
    let zone = preferences::get(v, caller.account.id).await?.time_zone;
    let (expires_at, grace) = rotation.validate(&v.settings.key_policy, now, &zone).map_err(invalid)?;
    let expires_at = caller.bounded(expires_at);
    let name = KeyName::parse(&old.name).map_err(|e| invalid(vec![e.on("name")]))?;
    let token = random_key()?;
    let mut tx = v.db.pool.begin().await?;
    // Retire the old key first: that frees its name for the successor. Only if no other request
    // retired it since `find` (a rotation sent twice): that one's successor stands.
    let retired = sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now + grace.millis())
        .bind(old_id)
        .execute(&mut *tx)
        .await?;
    if retired.rows_affected() != 1 {
        return Err(already_rotated());
    }
    // The successor keeps the old key's allowlist: it is used from the same places.
    let allowed = IpAllowlist::parse(&old.allowed_ips).unwrap_or_default();
    caller.may_allow(&allowed)?;
    let new = NewRow { name: &name, scopes: &old.scopes, expires_at, allowed: &allowed };
    let new_id = insert(v, &mut tx, caller.account.id, &token, new, now).await?;
    sqlx::query("UPDATE api_keys SET replaced_by = $1 WHERE id = $2")
        .bind(new_id)
        .bind(old_id)
        .execute(&mut *tx)
        .await?;
    let detail = format!("successor={}; grace={}", target(&token), grace.as_str());
    audit::record(&mut *tx, caller.account.id, "api_key.rotated", &format!("vst_{}", old.id), &detail, &caller.origin)
        .await?;
    let mut data = key_event(caller, token.id(), name.as_str(), &old.scopes, expires_at);
    data["replaces"] =
        serde_json::json!({ "id": old.id, "works_until": vestibule_domain::datetime::rfc3339(now + grace.millis()) });
    let hooks = crate::webhooks::emit::emit(v, &mut tx, caller.account.id, "api_key.rotated", data).await?;
    tx.commit().await?;
    if hooks > 0 {
        v.outbox_queued();
    }
    v.user_changed(caller.account.id).await;
    let key = get(v, caller.account.id, token.id()).await?;
    Ok(Created { key, secret: token.reveal() })
}

/// Revokes a key at once (also a rotated-out one still in its grace period).
pub async fn delete(v: &Vestibule, caller: &Caller, public_id: &str) -> Result<()> {
    let (key_id, key) = find(v, caller.account.id, public_id).await?;
    caller.may_grant(&key.scopes)?;
    let mut tx = v.db.pool.begin().await?;
    revoke_row(&mut tx, key_id, now_ms(), None).await?;
    audit::record(
        &mut *tx,
        caller.account.id,
        "api_key.deleted",
        &format!("vst_{}", key.id),
        &key.name,
        &caller.origin,
    )
    .await?;
    let data = key_event(caller, &key.id, &key.name, &key.scopes, key.expires_at);
    let hooks = crate::webhooks::emit::emit(v, &mut tx, caller.account.id, "api_key.deleted", data).await?;
    tx.commit().await?;
    if hooks > 0 {
        v.outbox_queued();
    }
    v.user_changed(caller.account.id).await;
    Ok(())
}

/// Ends a key now, also one rotated out and still in its grace period: `false` when it had
/// already stopped (revoked, or its grace over). With `idle_since`, only a key unused since then
/// (checked in the same statement, so a use written meanwhile saves it). Every way a key is
/// revoked goes through here.
pub(crate) async fn revoke_row(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    key_id: i64,
    now: i64,
    idle_since: Option<i64>,
) -> Result<bool> {
    const LIVE: &str = "UPDATE api_keys SET revoked_at = $1, replaced_by = NULL \
         WHERE id = $2 AND (revoked_at IS NULL OR revoked_at > $1)";
    let done = match idle_since {
        None => sqlx::query(LIVE).bind(now).bind(key_id).execute(&mut **tx).await?,
        Some(since) => {
            sqlx::query(sqlx::AssertSqlSafe(format!("{LIVE} AND COALESCE(last_used_at, created_at) <= $3")))
                .bind(now)
                .bind(key_id)
                .bind(since)
                .execute(&mut **tx)
                .await?
        }
    };
    Ok(done.rows_affected() == 1)
}

/// Whose key this is (for the operator's `vestibule key revoke ID`).
pub async fn owner_of(v: &Vestibule, public_id: &str) -> Result<Option<Account>> {
    let public_id = public_id.strip_prefix("vst_").unwrap_or(public_id);
    let row: Option<(i64,)> = sqlx::query_as("SELECT user_id FROM api_keys WHERE public_id = $1")
        .bind(public_id)
        .fetch_optional(&v.db.pool)
        .await?;
    match row {
        Some((user_id,)) => crate::accounts::find_by_id(v, user_id).await,
        None => Ok(None),
    }
}
