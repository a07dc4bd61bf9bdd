//! Outgoing webhooks (issue #12), built to the Standard Webhooks specification: a user's endpoints
//! (here), how a delivery is signed (`signature`), which addresses it may never reach (`guard`,
//! `sender`), events becoming deliveries (`emit`), and the deliveries themselves on the durable
//! outbox, with their log (`delivery`).

pub mod delivery;
pub mod emit;
pub mod guard;
pub mod sender;
pub mod signature;

pub use sender::Sender;

use crate::audit;
use crate::caller::Caller;
use crate::time::now_ms;
use crate::{Error, Result, UserError, Vestibule};
use signature::WebhookSecret;
use vestibule_domain::webhooks::{
    DeliveryState, DisabledReason, NewWebhook, ROTATION_OVERLAP_HOURS, WebhookChanges, WebhookInfo, WebhookUrl,
    parse_description,
};
use vestibule_domain::{FieldError, ValidationError};

/// The sealed secrets' purpose (see `Sealer::seal`).
const SECRET_PURPOSE: &str = "webhook-secret";
const SIGNING_KEY_PURPOSE: &str = "webhook-signing-key";

/// An endpoint just created, or whose secret was just rotated, with the secret (shown once).
/// `Debug` leaves the secret out.
#[derive(Clone)]
pub struct WithSecret {
    pub webhook: WebhookInfo,
    /// `whsec_…`
    pub secret: String,
}

impl std::fmt::Debug for WithSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WithSecret").field("webhook", &self.webhook).field("secret", &"[redacted]").finish()
    }
}

const COLUMNS: &str = "w.id, w.public_id, w.url, w.description, w.events, w.disabled, w.created_at, w.previous_until, w.public_key, \
     (SELECT m.created_at FROM webhook_messages m WHERE m.webhook_id = w.id ORDER BY m.id DESC LIMIT 1), \
     (SELECT m.state FROM webhook_messages m WHERE m.webhook_id = w.id ORDER BY m.id DESC LIMIT 1)";
type Row = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

fn info(row: Row) -> WebhookInfo {
    let (_, id, url, description, events, disabled, created_at, previous_until, public_key, last_at, last_state) = row;
    WebhookInfo {
        id,
        url,
        description,
        events: events.split_whitespace().map(str::to_string).collect(),
        disabled: disabled.as_deref().and_then(DisabledReason::parse),
        created_at,
        previous_secret_until: previous_until.filter(|until| *until > now_ms()),
        last_delivery: last_at.zip(last_state.as_deref().map(DeliveryState::parse)),
        public_key,
    }
}

/// The user's endpoints, oldest first.
pub async fn list(v: &Vestibule, user_id: i64) -> Result<Vec<WebhookInfo>> {
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM webhooks w WHERE w.user_id = $1 ORDER BY w.id"
    )))
    .bind(user_id)
    .fetch_all(&v.db.pool)
    .await?;
    Ok(rows.into_iter().map(info).collect())
}

/// One of the user's endpoints, with its row id; `NotFound` for anyone else's.
pub(crate) async fn find(v: &Vestibule, user_id: i64, public_id: &str) -> Result<(i64, WebhookInfo)> {
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM webhooks w WHERE w.user_id = $1 AND w.public_id = $2"
    )))
    .bind(user_id)
    .bind(public_id)
    .fetch_optional(&v.db.pool)
    .await?;
    let row = row.ok_or(Error(UserError::NotFound))?;
    Ok((row.0, info(row)))
}

pub async fn get(v: &Vestibule, user_id: i64, public_id: &str) -> Result<WebhookInfo> {
    Ok(find(v, user_id, public_id).await?.1)
}

fn invalid(errors: Vec<FieldError>) -> Error {
    Error(UserError::Invalid(errors))
}

/// Whether the endpoint's host may be reached (every address it resolves to is public), as a
/// message on `url`.
async fn check_reachable(v: &Vestibule, url: &WebhookUrl) -> Result<()> {
    v.webhooks.check_url(url).await.map_err(|e| Error::invalid("url", e))
}

fn seal_secret(v: &Vestibule, secret: &WebhookSecret) -> Result<String> {
    v.sealer.seal(SECRET_PURPOSE, secret.reveal().as_bytes())
}

/// A new Ed25519 key: (sealed private key, public key).
fn new_signing_key(v: &Vestibule) -> Result<(String, String)> {
    let key = signature::SigningKey::generate()?;
    Ok((v.sealer.seal(SIGNING_KEY_PURPOSE, key.pkcs8())?, key.public_key()))
}

pub(crate) fn open_signing_key(v: &Vestibule, sealed: &str) -> Option<signature::SigningKey> {
    signature::SigningKey::from_pkcs8(&v.sealer.open(SIGNING_KEY_PURPOSE, sealed).ok()?)
}

pub(crate) fn open_secret(v: &Vestibule, sealed: &str) -> Option<WebhookSecret> {
    let plain = v.sealer.open(SECRET_PURPOSE, sealed).ok()?;
    WebhookSecret::parse(std::str::from_utf8(&plain).ok()?)
}

/// Adds an endpoint; the answer holds its signing secret, which is never shown again.
pub async fn create(v: &Vestibule, caller: &Caller, request: &NewWebhook) -> Result<WithSecret> {
    // A new secret is shown once: only to the owner, never to support staff acting on the account.
    caller.own()?;
    let valid = request.validate(&v.settings.webhook_events, &v.settings.webhooks).map_err(invalid)?;
    check_reachable(v, &valid.url).await?;
    let secret = WebhookSecret::generate()?;
    let signing = if valid.asymmetric { Some(new_signing_key(v)?) } else { None };
    let public_id = format!("wh_{}", &crate::token::random_token()?[..22]);
    let now = now_ms();
    let mut tx = v.db.begin_write().await?;
    // Count and insert while holding the user's row (see `api_keys::create`).
    sqlx::query("UPDATE users SET username = username WHERE id = $1").bind(caller.account.id).execute(&mut *tx).await?;
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM webhooks WHERE user_id = $1")
        .bind(caller.account.id)
        .fetch_one(&mut *tx)
        .await?;
    let max = v.settings.webhooks.max_webhooks;
    if count >= i64::from(max) {
        return Err(Error::invalid("url", ValidationError::WebhookLimit { max }));
    }
    sqlx::query(
        "INSERT INTO webhooks (public_id, user_id, url, description, events, secret, created_at, signing_key, public_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&public_id)
    .bind(caller.account.id)
    .bind(valid.url.as_str())
    .bind(&valid.description)
    .bind(valid.events.join(" "))
    .bind(seal_secret(v, &secret)?)
    .bind(now)
    .bind(signing.as_ref().map(|(sealed, _)| sealed.clone()))
    .bind(signing.as_ref().map(|(_, public)| public.clone()))
    .execute(&mut *tx)
    .await?;
    let detail = format!("url={}; events={}", valid.url.as_str(), valid.events.join(" "));
    audit::record(&mut *tx, caller.account.id, "webhook.created", &public_id, &detail, &caller.origin).await?;
    tx.commit().await?;
    tracing::info!(webhook = %public_id, user = caller.account.id, "webhook created");
    Ok(WithSecret { webhook: get(v, caller.account.id, &public_id).await?, secret: secret.reveal() })
}

/// Changes an endpoint. Turning it on again forgets its failures; a new address is checked as at creation.
pub async fn update(v: &Vestibule, caller: &Caller, public_id: &str, changes: &WebhookChanges) -> Result<WebhookInfo> {
    let (row_id, current) = find(v, caller.account.id, public_id).await?;
    let url = changes.url.as_deref().map(|u| WebhookUrl::parse(u, &v.settings.webhooks).map_err(|e| e.on("url")));
    let description = changes.description.as_deref().map(|d| parse_description(d).map_err(|e| e.on("description")));
    let events = changes.events.as_deref().map(|e| v.settings.webhook_events.parse(e).map_err(|e| e.on("events")));
    let errors: Vec<FieldError> = [
        url.as_ref().and_then(|r| r.as_ref().err().cloned()),
        description.as_ref().and_then(|r| r.as_ref().err().cloned()),
        events.as_ref().and_then(|r| r.as_ref().err().cloned()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let url = url.and_then(|r| r.ok());
    if let Some(url) = &url {
        check_reachable(v, url).await?;
    }
    let url = url.map_or(current.url.clone(), |u| u.as_str().to_string());
    let description = description.and_then(|r| r.ok()).unwrap_or(current.description.clone());
    let events = events.and_then(|r| r.ok()).unwrap_or(current.events.clone());
    // Ed25519 signing: a new key when asked for and there is none, none when asked not to sign.
    let signing = match (changes.asymmetric, current.public_key.is_some()) {
        (Some(true), false) => Some(Some(new_signing_key(v)?)),
        (Some(false), true) => Some(None),
        _ => None,
    };
    let mut tx = v.db.begin_write().await?;
    if let Some(signing) = signing {
        sqlx::query("UPDATE webhooks SET signing_key = $1, public_key = $2 WHERE id = $3")
            .bind(signing.as_ref().map(|(sealed, _)| sealed.clone()))
            .bind(signing.as_ref().map(|(_, public)| public.clone()))
            .bind(row_id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE webhooks SET url = $1, description = $2, events = $3 WHERE id = $4")
        .bind(&url)
        .bind(&description)
        .bind(events.join(" "))
        .bind(row_id)
        .execute(&mut *tx)
        .await?;
    // On or off only when asked (the worker may have turned it off meanwhile). Turned on again,
    // its failures are forgotten: a new streak gets its own warning.
    let state = match changes.enabled {
        Some(true) => {
            sqlx::query("UPDATE webhooks SET disabled = NULL, warned_at = NULL WHERE id = $1 AND disabled IS NOT NULL")
                .bind(row_id)
                .execute(&mut *tx)
                .await?;
            "; on"
        }
        Some(false) => {
            sqlx::query("UPDATE webhooks SET disabled = 'owner' WHERE id = $1 AND disabled IS NULL")
                .bind(row_id)
                .execute(&mut *tx)
                .await?;
            "; off"
        }
        None => "",
    };
    let detail = format!("url={url}; events={}{state}", events.join(" "));
    audit::record(&mut *tx, caller.account.id, "webhook.updated", public_id, &detail, &caller.origin).await?;
    tx.commit().await?;
    get(v, caller.account.id, public_id).await
}

/// Deletes an endpoint with its delivery log; deliveries not yet made are dropped.
pub async fn delete(v: &Vestibule, caller: &Caller, public_id: &str) -> Result<()> {
    let (row_id, current) = find(v, caller.account.id, public_id).await?;
    let mut tx = v.db.begin_write().await?;
    sqlx::query("DELETE FROM webhooks WHERE id = $1").bind(row_id).execute(&mut *tx).await?;
    audit::record(&mut *tx, caller.account.id, "webhook.deleted", public_id, &current.url, &caller.origin).await?;
    tx.commit().await?;
    Ok(())
}

/// A new signing secret. The old one signs too (a second signature in the header) for
/// `ROTATION_OVERLAP_HOURS`, so receivers can switch without losing a delivery. Rotating again
/// meanwhile ends the oldest at once: only the two newest sign, as a second rotation is most
/// often made because the first new secret went somewhere it should not have.
pub async fn rotate_secret(v: &Vestibule, caller: &Caller, public_id: &str) -> Result<WithSecret> {
    // A new secret is shown once: only to the owner, never to support staff acting on the account.
    caller.own()?;
    let (row_id, _) = find(v, caller.account.id, public_id).await?;
    let secret = WebhookSecret::generate()?;
    let until = now_ms() + ROTATION_OVERLAP_HOURS * 3_600_000;
    let mut tx = v.db.begin_write().await?;
    sqlx::query("UPDATE webhooks SET previous_secret = secret, previous_until = $1, secret = $2 WHERE id = $3")
        .bind(until)
        .bind(seal_secret(v, &secret)?)
        .bind(row_id)
        .execute(&mut *tx)
        .await?;
    let detail = format!("previous secret signs until {}", vestibule_domain::datetime::rfc3339(until));
    audit::record(&mut *tx, caller.account.id, "webhook.secret_rotated", public_id, &detail, &caller.origin).await?;
    tx.commit().await?;
    Ok(WithSecret { webhook: get(v, caller.account.id, public_id).await?, secret: secret.reveal() })
}
