//! Settings → Webhooks: endpoints, their secrets (shown at creation and rotation only), test
//! events, the delivery log and redelivery. Times come formatted by the server, in the user's
//! format and zone (the shared formatter), so the page carries no zone rules.

use super::Answer;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
use vestibule_domain::webhooks::{DeliveryState, NewWebhook, WebhookInfo, WebhookPolicy};

/// An endpoint as the page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookRow {
    pub info: WebhookInfo,
    pub created: String,
    /// When the newest delivery was made, formatted, and its state.
    pub last_delivery: Option<(String, DeliveryState)>,
    /// While the rotated-out secret still signs, until when (formatted).
    pub previous_until: Option<String>,
}

/// An event type: its name and what it means in the user's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventChoice {
    pub name: String,
    pub description: String,
}

/// Everything the page shows, in one answer (one resource per Suspense: leptos#4851).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhooksData {
    pub rows: Vec<WebhookRow>,
    pub events: Vec<EventChoice>,
    pub policy: WebhookPolicy,
}

/// An endpoint just created, or whose secret was rotated, with the secret (shown once). `Debug`
/// leaves the secret out.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookSecretShown {
    pub row: WebhookRow,
    pub secret: String,
}

impl std::fmt::Debug for WebhookSecretShown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookSecretShown").field("row", &self.row).field("secret", &"[redacted]").finish()
    }
}

/// One delivery in the log, with its attempts (newest first), times formatted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryRow {
    pub id: i64,
    pub message_id: String,
    pub event: String,
    pub when: String,
    pub state: DeliveryState,
    pub next: Option<String>,
    pub attempts: Vec<AttemptRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptRow {
    pub attempt: i64,
    pub when: String,
    pub status: Option<u16>,
    pub latency_ms: i64,
    pub response: String,
    pub error: Option<String>,
}

#[cfg(feature = "ssr")]
fn row(info: WebhookInfo, prefs: &vestibule_domain::Preferences) -> WebhookRow {
    use vestibule_domain::datetime::format_datetime;
    WebhookRow {
        created: format_datetime(info.created_at, prefs),
        last_delivery: info.last_delivery.map(|(at, state)| (format_datetime(at, prefs), state)),
        previous_until: info.previous_secret_until.map(|at| format_datetime(at, prefs)),
        info,
    }
}

#[cfg(feature = "ssr")]
async fn context()
-> Result<(vestibule_service::api_keys::Caller, vestibule_service::Vestibule, vestibule_domain::Preferences), AppError>
{
    use crate::ssr::{caller, fail, vestibule};
    let (caller, v) = (caller().await?, vestibule()?);
    let prefs = vestibule_service::preferences::get(&v, caller.account.id).await.map_err(fail)?;
    Ok((caller, v, prefs))
}

#[server(prefix = "/fn", endpoint = "my_webhooks", output = Answer)]
pub async fn my_webhooks() -> Result<WebhooksData, AppError> {
    use crate::ssr::fail;
    let (caller, v, prefs) = context().await?;
    let list = vestibule_service::webhooks::list(&v, caller.account.id).await.map_err(fail)?;
    let events = v.settings.webhook_events.types.iter();
    Ok(WebhooksData {
        rows: list.into_iter().map(|info| row(info, &prefs)).collect(),
        events: events
            .map(|e| EventChoice { name: e.name.clone(), description: e.description_in(prefs.language) })
            .collect(),
        policy: v.settings.webhooks.clone(),
    })
}

#[server(prefix = "/fn", endpoint = "create_webhook", input = Json, output = Answer)]
pub async fn create_webhook(request: NewWebhook) -> Result<WebhookSecretShown, AppError> {
    use crate::ssr::{fail, require_recent_proof};
    let (caller, v, prefs) = context().await?;
    require_recent_proof(&v).await?;
    let created = vestibule_service::webhooks::create(&v, &caller, &request).await.map_err(fail)?;
    Ok(WebhookSecretShown { row: row(created.webhook, &prefs), secret: created.secret })
}

/// What to do with one endpoint: one server function for all of them, so the page carries one
/// client for them (each server function costs the browser's bundle its own code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WebhookChange {
    Enable(bool),
    /// Needs a recent proof of the owner.
    RotateSecret,
    Delete,
    /// A test delivery of this event type.
    Test(String),
    Redeliver(i64),
    /// Every failed delivery of the last this many hours (at most 30 days).
    RedeliverFailed(u32),
    /// Only reads: the delivery log.
    Log,
}

/// What a `WebhookChange` did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WebhookOutcome {
    Changed(WebhookRow),
    Rotated(WebhookSecretShown),
    Deleted,
    Queued,
    Redelivered(usize),
    Log(Vec<DeliveryRow>),
}

#[server(prefix = "/fn", endpoint = "change_webhook", input = Json, output = Answer)]
pub async fn change_webhook(id: String, change: WebhookChange) -> Result<WebhookOutcome, AppError> {
    use crate::ssr::{fail, require_recent_proof};
    use vestibule_service::webhooks::{self, delivery};
    let (caller, v, prefs) = context().await?;
    Ok(match change {
        WebhookChange::Enable(enabled) => {
            let changes = vestibule_domain::webhooks::WebhookChanges { enabled: Some(enabled), ..Default::default() };
            WebhookOutcome::Changed(row(webhooks::update(&v, &caller, &id, &changes).await.map_err(fail)?, &prefs))
        }
        WebhookChange::RotateSecret => {
            require_recent_proof(&v).await?;
            let rotated = webhooks::rotate_secret(&v, &caller, &id).await.map_err(fail)?;
            WebhookOutcome::Rotated(WebhookSecretShown { row: row(rotated.webhook, &prefs), secret: rotated.secret })
        }
        WebhookChange::Delete => {
            webhooks::delete(&v, &caller, &id).await.map_err(fail)?;
            WebhookOutcome::Deleted
        }
        WebhookChange::Test(event) => {
            delivery::send_test(&v, &caller, &id, &event).await.map_err(fail)?;
            WebhookOutcome::Queued
        }
        WebhookChange::Redeliver(delivery_id) => {
            delivery::redeliver(&v, &caller, &id, delivery_id).await.map_err(fail)?;
            WebhookOutcome::Queued
        }
        WebhookChange::RedeliverFailed(hours) => {
            let now = vestibule_service::now_ms();
            let from = now - i64::from(hours.min(24 * 30)) * 3_600_000;
            WebhookOutcome::Redelivered(delivery::redeliver_failed(&v, &caller, &id, from, now).await.map_err(fail)?)
        }
        WebhookChange::Log => WebhookOutcome::Log(log(&v, caller.account.id, &id, &prefs).await?),
    })
}

/// The delivery log, times in the user's format and zone.
#[cfg(feature = "ssr")]
async fn log(
    v: &vestibule_service::Vestibule,
    user_id: i64,
    id: &str,
    prefs: &vestibule_domain::Preferences,
) -> Result<Vec<DeliveryRow>, AppError> {
    use vestibule_domain::datetime::format_datetime;
    let log = vestibule_service::webhooks::delivery::log(v, user_id, id, 50).await.map_err(crate::ssr::fail)?;
    Ok(log
        .into_iter()
        .map(|d| DeliveryRow {
            id: d.id,
            message_id: d.message_id,
            event: d.event_type,
            when: format_datetime(d.created_at, prefs),
            state: d.state,
            next: d.next_at.map(|at| format_datetime(at, prefs)),
            attempts: d
                .attempts
                .into_iter()
                .map(|a| AttemptRow {
                    attempt: a.attempt,
                    when: format_datetime(a.at, prefs),
                    status: a.status,
                    latency_ms: a.latency_ms,
                    response: a.response,
                    error: a.error,
                })
                .collect(),
        })
        .collect())
}
