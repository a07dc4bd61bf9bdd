//! `/api/v1/webhooks`: the caller's endpoints, their secrets (shown at creation and rotation only),
//! test events, the delivery log and redelivery.

use super::{ApiError, Body};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vestibule_domain::datetime::rfc3339;
use vestibule_domain::webhooks::{
    DeliveryInfo, DeliveryState, DisabledReason, NewWebhook, WebhookChanges, WebhookInfo,
};
use vestibule_domain::{Language, ValidationError};
use vestibule_service::Vestibule;
use vestibule_service::api_keys::KeyAuth;
use vestibule_service::audit::Origin;
use vestibule_service::webhooks::{self, WithSecret, delivery};

const READ: &str = "webhooks:read";
const WRITE: &str = "webhooks:write";

/// An endpoint: never its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct Webhook {
    /// `wh_…`
    pub id: String,
    pub url: String,
    pub description: String,
    pub events: Vec<String>,
    pub enabled: bool,
    /// Why it is off: `owner`, `gone` (it answered 410) or `failing` (a delivery failed every attempt).
    pub disabled_reason: Option<DisabledReason>,
    /// RFC 3339.
    pub created_at: String,
    /// While the previous secret still signs after a rotation (two signatures are sent), until when.
    pub previous_secret_until: Option<String>,
    /// When deliveries are also signed with Ed25519 (`v1a`): the public key to verify them with, `whpk_…`.
    pub public_key: Option<String>,
}

/// An endpoint just created, or whose secret was just rotated, with its signing secret: shown this once.
#[derive(Serialize, ToSchema)]
pub struct WebhookWithSecret {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// `whsec_…`: verify each delivery's `webhook-signature` with it (Standard Webhooks).
    pub secret: String,
}

impl std::fmt::Debug for WebhookWithSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookWithSecret").field("webhook", &self.webhook).field("secret", &"[redacted]").finish()
    }
}

fn view(w: WebhookInfo) -> Webhook {
    Webhook {
        enabled: w.disabled.is_none(),
        disabled_reason: w.disabled,
        created_at: rfc3339(w.created_at),
        previous_secret_until: w.previous_secret_until.map(rfc3339),
        public_key: w.public_key,
        id: w.id,
        url: w.url,
        description: w.description,
        events: w.events,
    }
}

fn with_secret(w: WithSecret) -> WebhookWithSecret {
    WebhookWithSecret { webhook: view(w.webhook), secret: w.secret }
}

/// An event type an endpoint may receive.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventTypeView {
    pub name: String,
    pub description: String,
}

#[utoipa::path(get, path = "/api/v1/webhooks/event-types", tag = "webhooks", security(("bearer" = ["webhooks:read"])),
    responses((status = 200, body = [EventTypeView]), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody)))]
/// The event types of this installation: Vestibule's and the platform's.
pub async fn event_types(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
) -> Result<Json<Vec<EventTypeView>>, ApiError> {
    auth.require(READ)?;
    let types = v.settings.webhook_events.types.iter();
    Ok(Json(
        types.map(|t| EventTypeView { name: t.name.clone(), description: t.description_in(Language::En) }).collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks", security(("bearer" = ["webhooks:read"])),
    responses((status = 200, body = [Webhook]), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody)))]
pub async fn list(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
) -> Result<Json<Vec<Webhook>>, ApiError> {
    auth.require(READ)?;
    Ok(Json(webhooks::list(&v, auth.account.id).await?.into_iter().map(view).collect()))
}

#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", security(("bearer" = ["webhooks:write"])),
    request_body = NewWebhook,
    responses((status = 201, body = WebhookWithSecret), (status = 400, body = super::ErrorBody), (status = 401, body = super::ErrorBody),
        (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
/// Adds an endpoint.
///
/// Its host must resolve to public addresses only (422 on `url` otherwise). The answer holds the
/// signing secret, which is never shown again.
pub async fn create(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<Origin>,
    Body(request): Body<NewWebhook>,
) -> Result<(StatusCode, Json<WebhookWithSecret>), ApiError> {
    auth.require(WRITE)?;
    let created = webhooks::create(&v, &auth.caller(origin), &request).await?;
    Ok((StatusCode::CREATED, Json(with_secret(created))))
}

#[utoipa::path(get, path = "/api/v1/webhooks/{id}", tag = "webhooks", security(("bearer" = ["webhooks:read"])),
    params(("id" = String, Path, description = "The endpoint's id, `wh_…`")),
    responses((status = 200, body = Webhook), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody),
        (status = 404, body = super::ErrorBody)))]
pub async fn get(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Path(id): Path<String>,
) -> Result<Json<Webhook>, ApiError> {
    auth.require(READ)?;
    Ok(Json(view(webhooks::get(&v, auth.account.id, &id).await?)))
}

#[utoipa::path(patch, path = "/api/v1/webhooks/{id}", tag = "webhooks", security(("bearer" = ["webhooks:write"])),
    params(("id" = String, Path, description = "The endpoint's id, `wh_…`")), request_body = WebhookChanges,
    responses((status = 200, body = Webhook), (status = 400, body = super::ErrorBody), (status = 401, body = super::ErrorBody),
        (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
/// Changes an endpoint; `"enabled": true` turns a disabled one back on.
pub async fn update(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<Origin>,
    Path(id): Path<String>,
    Body(changes): Body<WebhookChanges>,
) -> Result<Json<Webhook>, ApiError> {
    auth.require(WRITE)?;
    Ok(Json(view(webhooks::update(&v, &auth.caller(origin), &id, &changes).await?)))
}

#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", security(("bearer" = ["webhooks:write"])),
    params(("id" = String, Path, description = "The endpoint's id, `wh_…`")),
    responses((status = 204, description = "Deleted, with its delivery log"), (status = 401, body = super::ErrorBody),
        (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody)))]
pub async fn delete(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<Origin>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    auth.require(WRITE)?;
    webhooks::delete(&v, &auth.caller(origin), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/webhooks/{id}/rotate-secret", tag = "webhooks", security(("bearer" = ["webhooks:write"])),
    params(("id" = String, Path, description = "The endpoint's id, `wh_…`")),
    responses((status = 201, body = WebhookWithSecret), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody),
        (status = 404, body = super::ErrorBody)))]
/// A new signing secret; the previous one keeps signing (a second signature) for 24 hours.
pub async fn rotate_secret(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<Origin>,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<WebhookWithSecret>), ApiError> {
    auth.require(WRITE)?;
    let rotated = webhooks::rotate_secret(&v, &auth.caller(origin), &id).await?;
    Ok((StatusCode::CREATED, Json(with_secret(rotated))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TestRequest {
    /// The event type to send a sample of (any type of this installation).
    pub event: String,
}

/// A delivery just queued.
#[derive(Debug, Serialize, ToSchema)]
pub struct Queued {
    /// The delivery's id in the log.
    pub delivery: i64,
}

#[utoipa::path(post, path = "/api/v1/webhooks/{id}/test", tag = "webhooks", security(("bearer" = ["webhooks:write"])),
    params(("id" = String, Path, description = "The endpoint's id, `wh_…`")), request_body = TestRequest,
    responses((status = 202, body = Queued), (status = 400, body = super::ErrorBody), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody),
        (status = 404, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
/// Sends a realistic sample of an event type (its `data` has `"test": true`), signed as any delivery.
pub async fn test(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<Origin>,
    Path(id): Path<String>,
    Body(request): Body<TestRequest>,
) -> Result<(StatusCode, Json<Queued>), ApiError> {
    auth.require(WRITE)?;
    let delivery = delivery::send_test(&v, &auth.caller(origin), &id, request.event.trim()).await?;
    Ok((StatusCode::ACCEPTED, Json(Queued { delivery })))
}

/// One event sent to the endpoint, with its attempts (newest first).
#[derive(Debug, Serialize, ToSchema)]
pub struct Delivery {
    pub id: i64,
    /// The `webhook-id` header, the same on every attempt.
    pub message_id: String,
    pub event: String,
    pub created_at: String,
    pub state: DeliveryState,
    /// When the next attempt is due (pending deliveries).
    pub next_attempt_at: Option<String>,
    pub attempts: Vec<Attempt>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Attempt {
    pub attempt: i64,
    pub at: String,
    /// The receiver's status code, when it answered.
    pub status: Option<u16>,
    pub latency_ms: i64,
    /// The first 2 kB of the answer.
    pub response: String,
    /// Why there was no answer.
    pub error: Option<String>,
}

fn delivery_view(d: DeliveryInfo) -> Delivery {
    Delivery {
        id: d.id,
        message_id: d.message_id,
        event: d.event_type,
        created_at: rfc3339(d.created_at),
        state: d.state,
        next_attempt_at: d.next_at.map(rfc3339),
        attempts: d
            .attempts
            .into_iter()
            .map(|a| Attempt {
                attempt: a.attempt,
                at: rfc3339(a.at),
                status: a.status,
                latency_ms: a.latency_ms,
                response: a.response,
                error: a.error,
            })
            .collect(),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct LogQuery {
    /// At most this many deliveries, newest first (1-200, 50 by default).
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks", security(("bearer" = ["webhooks:read"])),
    params(("id" = String, Path, description = "The endpoint's id, `wh_…`"), LogQuery),
    responses((status = 200, body = [Delivery]), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody),
        (status = 404, body = super::ErrorBody)))]
/// The endpoint's deliveries of the last 30 days, newest first.
pub async fn deliveries(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Path(id): Path<String>,
    Query(query): Query<LogQuery>,
) -> Result<Json<Vec<Delivery>>, ApiError> {
    auth.require(READ)?;
    let log = delivery::log(&v, auth.account.id, &id, query.limit.unwrap_or(50)).await?;
    Ok(Json(log.into_iter().map(delivery_view).collect()))
}

#[utoipa::path(post, path = "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver", tag = "webhooks",
    security(("bearer" = ["webhooks:write"])),
    params(("id" = String, Path, description = "The endpoint's id, `wh_…`"), ("delivery" = i64, Path, description = "The delivery's id")),
    responses((status = 202, description = "Queued again, with the same webhook-id"), (status = 401, body = super::ErrorBody),
        (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub async fn redeliver(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<Origin>,
    Path((id, delivery_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    auth.require(WRITE)?;
    // Any other text names no delivery: the same 404 as an unknown number.
    let delivery_id = delivery_id.parse::<i64>().map_err(|_| ApiError(vestibule_domain::UserError::NotFound))?;
    delivery::redeliver(&v, &auth.caller(origin), &id, delivery_id).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedeliverFailed {
    /// RFC 3339: failed deliveries created at or after this moment…
    pub from: String,
    /// …and at or before this one.
    pub to: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Redelivered {
    pub count: usize,
}

#[utoipa::path(post, path = "/api/v1/webhooks/{id}/redeliver-failed", tag = "webhooks", security(("bearer" = ["webhooks:write"])),
    params(("id" = String, Path, description = "The endpoint's id, `wh_…`")), request_body = RedeliverFailed,
    responses((status = 202, body = Redelivered), (status = 400, body = super::ErrorBody), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody),
        (status = 404, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
/// Sends every failed delivery created in a time range again.
pub async fn redeliver_failed(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<Origin>,
    Path(id): Path<String>,
    Body(range): Body<RedeliverFailed>,
) -> Result<(StatusCode, Json<Redelivered>), ApiError> {
    auth.require(WRITE)?;
    let instant = |field: &str, text: &str| {
        vestibule_domain::datetime::parse_rfc3339(text)
            .ok_or_else(|| ApiError(vestibule_service::Error::invalid(field, ValidationError::DateFormat).0))
    };
    let (from, to) = (instant("from", &range.from)?, instant("to", &range.to)?);
    let count = delivery::redeliver_failed(&v, &auth.caller(origin), &id, from, to).await?;
    Ok((StatusCode::ACCEPTED, Json(Redelivered { count })))
}

/// An event of one of the platform's own types, for the people it concerns.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlatformEvent {
    /// One of the operator's types (`VESTIBULE_WEBHOOK_EVENTS`), e.g. `deploy.finished`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// Usernames; those without an account here are skipped.
    pub recipients: Vec<String>,
    /// Sent as the delivery's `data` (with `username` added when absent); at most about 20 kB.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// What posting a platform event did.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlatformEventQueued {
    /// Recipients that are accounts here.
    pub recipients: usize,
    /// Deliveries queued (to their endpoints that are on and subscribed).
    pub deliveries: usize,
}

#[utoipa::path(post, path = "/api/v1/webhooks/events", tag = "platform", security(("bearer" = ["events:write"])),
    request_body = PlatformEvent,
    responses((status = 202, body = PlatformEventQueued), (status = 400, body = super::ErrorBody),
        (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
/// The platform's own event (a type the operator declared), delivered to the recipients' webhooks.
pub async fn platform_event(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Body(event): Body<PlatformEvent>,
) -> Result<(StatusCode, Json<PlatformEventQueued>), ApiError> {
    auth.require(vestibule_domain::api_keys::EVENTS_WRITE)?;
    let (recipients, deliveries) =
        delivery::platform_event(&v, event.event_type.trim(), &event.recipients, event.data).await?;
    Ok((StatusCode::ACCEPTED, Json(PlatformEventQueued { recipients, deliveries })))
}
