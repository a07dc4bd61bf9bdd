//! Passkeys and security keys (WebAuthn, through webauthn-rs): registering one, naming and removing
//! it, and signing in with one: with no username (the browser offers the account's passkeys), or as
//! the log-in's second step. A ceremony's state waits in the database between its two requests,
//! single use and for 5 minutes, so that any instance can finish it and an answer cannot be replayed.

use crate::audit::{self, Origin};
use crate::caller::Own;
use crate::owner::security_mail;
use crate::time::now_ms;
use crate::{Error, Result, UserError, Vestibule, outbox, throttle};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;
use vestibule_domain::passkeys::{MAX_PASSKEYS, PasskeyChallenge, PasskeyName};
use vestibule_domain::{Account, ValidationError};
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
};

/// How long a ceremony may take between its two requests.
const CEREMONY_MS: i64 = 5 * 60 * 1000;
/// Sign-ins begun without an account that may be open at once from one network (an IPv4 address
/// or an IPv6 /64).
pub const OPEN_SIGN_INS_PER_NETWORK: i64 = 30;

/// One of the account's passkeys, as the security page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasskeyInfo {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

fn failed() -> Error {
    Error::invalid("passkey", ValidationError::PasskeyFailed)
}

/// The relying party that a request with the `Host` header `host` talks to: the host of
/// `VESTIBULE_PUBLIC_URL`; without one, `localhost` only (a browser refuses IP addresses, and an
/// arbitrary `Host` would let a look-alike site that forwards to us pass its own origin off as ours).
fn relying_party(v: &Vestibule, host: Option<&str>) -> Result<Webauthn> {
    let origin = match &v.settings.public_url {
        Some(url) => Url::parse(url).map_err(|_| Error::internal("VESTIBULE_PUBLIC_URL is checked at start-up"))?,
        None => {
            let host = host.unwrap_or_default();
            let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
            if name != "localhost" {
                return Err(Error::invalid("passkey", ValidationError::PasskeyHostName));
            }
            Url::parse(&format!("http://{host}"))
                .map_err(|_| Error::invalid("passkey", ValidationError::PasskeyHostName))?
        }
    };
    let Some(rp_id) = origin.host_str().filter(|h| h.parse::<std::net::IpAddr>().is_err() && !h.starts_with('['))
    else {
        return Err(Error::invalid("passkey", ValidationError::PasskeyHostName));
    };
    let brand = vestibule_domain::i18n::t(vestibule_domain::Language::En, "app-brand");
    WebauthnBuilder::new(rp_id, &origin)
        .and_then(|b| b.rp_name(&brand).build())
        .map_err(|e| Error::internal(format_args!("the WebAuthn relying party: {e}")))
}

/// A ceremony's state, with the account's user handle for a registration.
#[derive(Serialize, serde::Deserialize)]
struct Waiting<T> {
    handle: Option<Uuid>,
    state: T,
}

async fn begin<T: Serialize>(
    v: &Vestibule,
    user_id: Option<i64>,
    purpose: &str,
    ip: &str,
    waiting: &Waiting<T>,
    options: String,
) -> Result<PasskeyChallenge> {
    let ceremony = crate::token::random_token()?;
    let state = serde_json::to_string(waiting).map_err(|e| Error::internal(format_args!("a ceremony's state: {e}")))?;
    let now = now_ms();
    let network = throttle::network(ip);
    // Old ceremonies go as new ones come: the table holds at most a few minutes' worth.
    sqlx::query("DELETE FROM passkey_ceremonies WHERE expires_at < $1").bind(now).execute(&v.db.pool).await?;
    if user_id.is_none() {
        // Anyone may begin a sign-in: so many open at once from one network and no more.
        let (open, oldest): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(expires_at) FROM passkey_ceremonies WHERE ip = $1 AND user_id IS NULL",
        )
        .bind(&network)
        .fetch_one(&v.db.pool)
        .await?;
        if open >= OPEN_SIGN_INS_PER_NETWORK {
            return Err(throttle::retry_after(oldest.unwrap_or(now + CEREMONY_MS), now));
        }
    }
    sqlx::query(
        "INSERT INTO passkey_ceremonies (id, user_id, purpose, ip, state, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&ceremony)
    .bind(user_id)
    .bind(purpose)
    .bind(&network)
    .bind(&state)
    .bind(now + CEREMONY_MS)
    .execute(&v.db.pool)
    .await?;
    Ok(PasskeyChallenge { ceremony, options })
}

/// Takes a ceremony for good (of two requests finishing one, one gets it): only the one it was
/// begun for (`purpose`, and the account, when it had one), while it lasts.
async fn take<T: DeserializeOwned>(
    v: &Vestibule,
    ceremony: &str,
    user_id: Option<i64>,
    purpose: &str,
) -> Result<Waiting<T>> {
    let row: Option<(Option<i64>, String, String, i64)> =
        sqlx::query_as("DELETE FROM passkey_ceremonies WHERE id = $1 RETURNING user_id, purpose, state, expires_at")
            .bind(ceremony)
            .fetch_optional(&v.db.pool)
            .await?;
    match row {
        Some((owner, p, state, until)) if owner == user_id && p == purpose && until >= now_ms() => {
            serde_json::from_str(&state).map_err(|_| failed())
        }
        _ => Err(failed()),
    }
}

fn options_json<T: Serialize>(options: &T) -> Result<String> {
    serde_json::to_string(options).map_err(|e| Error::internal(format_args!("passkey options: {e}")))
}

fn refused(what: &str, e: impl std::fmt::Display) -> Error {
    // Why, for the operator; the user hears only that it did not verify.
    tracing::info!(error = %e, "passkey {what} refused");
    failed()
}

/// The account's passkeys, oldest first.
pub async fn list(v: &Vestibule, who: Own<'_>) -> Result<Vec<PasskeyInfo>> {
    let user_id = who.id;
    let rows: Vec<(i64, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, created_at, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY created_at, id",
    )
    .bind(user_id)
    .fetch_all(&v.db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, created_at, last_used_at)| PasskeyInfo { id, name, created_at, last_used_at })
        .collect())
}

/// Whether the account has a passkey.
pub async fn any(v: &Vestibule, user_id: i64) -> Result<bool> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM passkeys WHERE user_id = $1 LIMIT 1")
        .bind(user_id)
        .fetch_optional(&v.db.pool)
        .await?;
    Ok(found.is_some())
}

async fn stored(v: &Vestibule, user_id: i64) -> Result<Vec<(Uuid, Passkey)>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT user_handle, passkey FROM passkeys WHERE user_id = $1 ORDER BY id")
            .bind(user_id)
            .fetch_all(&v.db.pool)
            .await?;
    rows.into_iter()
        .map(|(handle, passkey)| {
            let handle = Uuid::parse_str(&handle).map_err(|_| Error::internal("a stored user handle"))?;
            let passkey = serde_json::from_str(&passkey).map_err(|_| Error::internal("a stored passkey"))?;
            Ok((handle, passkey))
        })
        .collect()
}

/// Starts registering a passkey for `account` (the caller checks that the session proved its owner
/// recently). The account's passkeys are excluded, so an authenticator is not registered twice.
pub async fn start_registration(
    v: &Vestibule,
    who: Own<'_>,
    host: Option<&str>,
    origin: &Origin,
) -> Result<PasskeyChallenge> {
    let account = who.own_sign_in()?;
    let rp = relying_party(v, host)?;
    let existing = stored(v, account.id).await?;
    if existing.len() >= MAX_PASSKEYS {
        return Err(Error::invalid("name", ValidationError::TooMany { max: MAX_PASSKEYS }));
    }
    let handle = match existing.first() {
        Some((handle, _)) => *handle,
        None => {
            let mut bytes = [0u8; 16];
            getrandom::fill(&mut bytes).map_err(|e| Error::internal(format_args!("no randomness: {e}")))?;
            Uuid::from_bytes(bytes)
        }
    };
    let exclude = existing.iter().map(|(_, p)| p.cred_id().clone()).collect();
    let display = crate::email_change::display_name(account);
    let (options, state) = rp
        .start_passkey_registration(handle, &account.username, display, Some(exclude))
        .map_err(|e| Error::internal(format_args!("starting a passkey registration: {e}")))?;
    let mut options =
        serde_json::to_value(&options.public_key).map_err(|e| Error::internal(format_args!("passkey options: {e}")))?;
    // Discoverable where the authenticator can: such a passkey signs in without a username.
    // (webauthn-rs asks for "discouraged"; its check of the answer does not depend on it.)
    if let Some(selection) = options.get_mut("authenticatorSelection").and_then(|s| s.as_object_mut()) {
        selection.insert("residentKey".into(), "preferred".into());
    }
    let waiting = Waiting::<PasskeyRegistration> { handle: Some(handle), state };
    begin(v, Some(account.id), "register", &origin.ip, &waiting, options_json(&options)?).await
}

/// Finishes a registration with the browser's answer (`credential`: `PublicKeyCredential.toJSON()`)
/// and a name. Audited, and a security mail goes out.
pub async fn finish_registration(
    v: &Vestibule,
    who: Own<'_>,
    ceremony: &str,
    name: &str,
    credential: &str,
    host: Option<&str>,
    origin: &Origin,
) -> Result<PasskeyInfo> {
    let account = who.own_sign_in()?;
    let name = PasskeyName::parse(name).map_err(|e| Error::invalid("name", e))?;
    let waiting: Waiting<PasskeyRegistration> = take(v, ceremony, Some(account.id), "register").await?;
    let credential: RegisterPublicKeyCredential = serde_json::from_str(credential).map_err(|e| refused("answer", e))?;
    let rp = relying_party(v, host)?;
    let passkey =
        rp.finish_passkey_registration(&credential, &waiting.state).map_err(|e| refused("registration", e))?;
    let handle = waiting.handle.ok_or_else(failed)?;
    let credential_id = URL_SAFE_NO_PAD.encode(passkey.cred_id());
    let json = serde_json::to_string(&passkey).map_err(|e| Error::internal(format_args!("a passkey: {e}")))?;
    let extra = vec![("passkey", name.as_str().to_string().into())];
    let mail = security_mail(v, account, "passkey-added", origin, extra).await?;
    let now = now_ms();
    let mut tx = v.db.pool.begin().await?;
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM passkeys WHERE user_id = $1").bind(account.id).fetch_one(&mut *tx).await?;
    if count >= MAX_PASSKEYS as i64 {
        return Err(Error::invalid("name", ValidationError::TooMany { max: MAX_PASSKEYS }));
    }
    let inserted: std::result::Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO passkeys (user_id, user_handle, credential_id, name, passkey, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(account.id)
    .bind(handle.to_string())
    .bind(&credential_id)
    .bind(name.as_str())
    .bind(&json)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let (id,) = match inserted {
        Ok(row) => row,
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(Error::invalid("passkey", ValidationError::PasskeyTaken));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(&mut *tx, account.id, "passkey.added", &id.to_string(), name.as_str(), origin).await?;
    if let Some(mail) = mail {
        outbox::enqueue(&mut tx, &v.sealer, &outbox::Job::Mail(mail)).await?;
    }
    tx.commit().await?;
    v.outbox_queued();
    tracing::info!(user_id = account.id, passkey = id, "passkey added");
    Ok(PasskeyInfo { id, name: name.as_str().to_string(), created_at: now, last_used_at: None })
}

/// Renames one of the account's passkeys (`NotFound` for anyone else's).
pub async fn rename(v: &Vestibule, who: Own<'_>, id: i64, name: &str, origin: &Origin) -> Result<()> {
    let account = who.account();
    let name = PasskeyName::parse(name).map_err(|e| Error::invalid("name", e))?;
    let mut tx = v.db.pool.begin().await?;
    let renamed = sqlx::query("UPDATE passkeys SET name = $1 WHERE id = $2 AND user_id = $3")
        .bind(name.as_str())
        .bind(id)
        .bind(account.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if renamed == 0 {
        return Err(UserError::NotFound.into());
    }
    audit::record(&mut *tx, account.id, "passkey.renamed", &id.to_string(), name.as_str(), origin).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes one of the account's passkeys (`NotFound` for anyone else's; the caller checks that the
/// session proved its owner recently). Audited, and a security mail goes out.
pub async fn remove(v: &Vestibule, who: Own<'_>, id: i64, origin: &Origin) -> Result<()> {
    let account = who.account();
    let name: Option<(String,)> = sqlx::query_as("SELECT name FROM passkeys WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(account.id)
        .fetch_optional(&v.db.pool)
        .await?;
    let Some((name,)) = name else { return Err(UserError::NotFound.into()) };
    let mail = security_mail(v, account, "passkey-removed", origin, vec![("passkey", name.clone().into())]).await?;
    let mut tx = v.db.pool.begin().await?;
    let removed = sqlx::query("DELETE FROM passkeys WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(account.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if removed == 0 {
        return Err(UserError::NotFound.into());
    }
    audit::record(&mut *tx, account.id, "passkey.removed", &id.to_string(), &name, origin).await?;
    if let Some(mail) = mail {
        outbox::enqueue(&mut tx, &v.sealer, &outbox::Job::Mail(mail)).await?;
    }
    tx.commit().await?;
    v.outbox_queued();
    Ok(())
}

/// Starts a sign-in with a passkey: with no account (`None`: the log-in page; the browser offers the
/// passkeys it holds for this site) or for the account whose password was just given (the second
/// step; only its passkeys are asked for).
pub async fn start_sign_in(
    v: &Vestibule,
    user_id: Option<i64>,
    host: Option<&str>,
    origin: &Origin,
) -> Result<PasskeyChallenge> {
    let rp = relying_party(v, host)?;
    match user_id {
        None => {
            let (options, state) = rp
                .start_discoverable_authentication()
                .map_err(|e| Error::internal(format_args!("starting a passkey sign-in: {e}")))?;
            let waiting = Waiting::<DiscoverableAuthentication> { handle: None, state };
            begin(v, None, "sign_in", &origin.ip, &waiting, options_json(&options.public_key)?).await
        }
        Some(user_id) => {
            let passkeys: Vec<Passkey> = stored(v, user_id).await?.into_iter().map(|(_, p)| p).collect();
            if passkeys.is_empty() {
                return Err(Error::invalid("passkey", ValidationError::PasskeyUnknown));
            }
            let (options, state) = rp
                .start_passkey_authentication(&passkeys)
                .map_err(|e| Error::internal(format_args!("starting a passkey sign-in: {e}")))?;
            let waiting = Waiting::<PasskeyAuthentication> { handle: None, state };
            begin(v, Some(user_id), "second_step", &origin.ip, &waiting, options_json(&options.public_key)?).await
        }
    }
}

/// Finishes a passkey sign-in begun by `start_sign_in` with the same `user_id`: the account it
/// proves. The passkey's counter and last use are kept. Failures count against the address, as a
/// wrong password does.
pub async fn finish_sign_in(
    v: &Vestibule,
    ceremony: &str,
    credential: &str,
    user_id: Option<i64>,
    host: Option<&str>,
    origin: &Origin,
) -> Result<Account> {
    throttle::check_ip(&v.db, &origin.ip).await?;
    let proven = prove(v, ceremony, credential, user_id, host).await;
    let (user_id, passkey_id, passkey) = match proven {
        Ok(found) => found,
        Err(e) => {
            if matches!(e.0, UserError::Invalid(_)) {
                throttle::record_ip_failure(&v.db, &origin.ip).await?;
                if let Some(user_id) = user_id {
                    audit::record(&v.db.pool, user_id, "sign_in.failed", "", "passkey", origin).await?;
                }
            }
            return Err(e);
        }
    };
    let json = serde_json::to_string(&passkey).map_err(|e| Error::internal(format_args!("a passkey: {e}")))?;
    sqlx::query("UPDATE passkeys SET passkey = $1, last_used_at = $2 WHERE id = $3")
        .bind(&json)
        .bind(now_ms())
        .bind(passkey_id)
        .execute(&v.db.pool)
        .await?;
    crate::accounts::find_by_id(v, user_id)
        .await?
        .ok_or_else(|| Error::invalid("passkey", ValidationError::PasskeyUnknown))
}

/// Verifies the answer: the account, the passkey's row and the passkey with its counter moved on.
async fn prove(
    v: &Vestibule,
    ceremony: &str,
    credential: &str,
    user_id: Option<i64>,
    host: Option<&str>,
) -> Result<(i64, i64, Passkey)> {
    let purpose = if user_id.is_some() { "second_step" } else { "sign_in" };
    let credential: PublicKeyCredential = serde_json::from_str(credential).map_err(|e| refused("answer", e))?;
    let rp = relying_party(v, host)?;
    let credential_id = URL_SAFE_NO_PAD.encode(credential.get_credential_id());
    let row: Option<(i64, i64, String, String)> =
        sqlx::query_as("SELECT id, user_id, user_handle, passkey FROM passkeys WHERE credential_id = $1")
            .bind(&credential_id)
            .fetch_optional(&v.db.pool)
            .await?;
    let Some((passkey_id, owner, handle, passkey)) = row else {
        // The ceremony is spent all the same: an answer is good for one try.
        let _ = take::<serde_json::Value>(v, ceremony, user_id, purpose).await;
        return Err(Error::invalid("passkey", ValidationError::PasskeyUnknown));
    };
    let mut passkey: Passkey = serde_json::from_str(&passkey).map_err(|_| Error::internal("a stored passkey"))?;
    let result = match user_id {
        None => {
            let waiting: Waiting<DiscoverableAuthentication> = take(v, ceremony, None, purpose).await?;
            let (claimed, _) =
                rp.identify_discoverable_authentication(&credential).map_err(|e| refused("sign-in", e))?;
            if claimed.to_string() != handle {
                return Err(refused("sign-in", "the user handle is not the passkey's account's"));
            }
            rp.finish_discoverable_authentication_v2(&credential, waiting.state, &passkey)
                .map_err(|e| refused("sign-in", e))?
        }
        Some(user_id) => {
            let waiting: Waiting<PasskeyAuthentication> = take(v, ceremony, Some(user_id), purpose).await?;
            if owner != user_id {
                return Err(refused("second step", "another account's passkey"));
            }
            rp.finish_passkey_authentication(&credential, &waiting.state).map_err(|e| refused("second step", e))?
        }
    };
    passkey.update_credential(&result);
    Ok((owner, passkey_id, passkey))
}
