//! `/api/v1/me/notifications` (the user's choices, as on the settings page) and `/api/v1/events`
//! (the host platform's build results, mailed to the people who asked for them).

use super::{ApiError, Body};
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Serialize;
use utoipa::ToSchema;
use vestibule_domain::UserError;
use vestibule_domain::api_keys::EVENTS_WRITE;
use vestibule_domain::notifications::{BuildEventInput, NotificationSettings, NotificationsPatch};
use vestibule_service::api_keys::KeyAuth;
use vestibule_service::notifications::{self, Notifications};
use vestibule_service::{Vestibule, events, now_ms};

/// The user's notification settings and where the mails go.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationsAnswer {
    #[serde(flatten)]
    pub settings: NotificationSettings,
    /// Where notifications go now; null while no address is confirmed (then none are sent).
    pub sent_to: Option<String>,
    /// Another address than the account's, once confirmed through its link; null: the account's.
    pub address: Option<String>,
    /// Another address waiting for its link.
    pub pending_address: Option<String>,
}

fn answer(n: Notifications, auth: &KeyAuth) -> NotificationsAnswer {
    NotificationsAnswer {
        sent_to: n.recipient(&auth.account),
        settings: n.settings,
        address: n.address,
        pending_address: n.pending_address,
    }
}

#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "notifications", security(("bearer" = ["notifications:read"])),
    responses((status = 200, body = NotificationsAnswer), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody)))]
pub async fn get_notifications(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
) -> Result<Json<NotificationsAnswer>, ApiError> {
    auth.require("notifications:read")?;
    Ok(Json(answer(notifications::get(&v, auth.account.id).await?, &auth)))
}

#[utoipa::path(patch, path = "/api/v1/me/notifications", tag = "notifications", security(("bearer" = ["notifications:write"])),
    request_body = NotificationsPatch,
    responses((status = 200, body = NotificationsAnswer), (status = 400, body = super::ErrorBody), (status = 401, body = super::ErrorBody),
        (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody),
        (status = 429, description = "A new address within a minute of the last mail with a link (Retry-After says when)", body = super::ErrorBody)))]
pub async fn patch_notifications(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<vestibule_service::audit::Origin>,
    Body(patch): Body<NotificationsPatch>,
) -> Result<Json<NotificationsAnswer>, ApiError> {
    auth.require("notifications:write")?;
    Ok(Json(answer(notifications::update(&v, &auth.caller(origin), &patch).await?, &auth)))
}

/// What became of a posted event.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventReceived {
    pub id: String,
    /// The id was known already: nothing was stored or sent again.
    pub duplicate: bool,
    /// Recipients that have an account here.
    pub recipients: usize,
    /// Mails queued (by the recipients' notification settings).
    pub mails: usize,
}

#[utoipa::path(post, path = "/api/v1/events", tag = "platform", security(("bearer" = ["events:write"])),
    request_body = BuildEventInput,
    responses((status = 201, description = "Stored; mails queued", body = EventReceived),
        (status = 200, description = "An event with this id was received before: nothing new is sent", body = EventReceived),
        (status = 400, body = super::ErrorBody), (status = 401, body = super::ErrorBody),
        (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub async fn post_event(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Body(input): Body<BuildEventInput>,
) -> Result<(StatusCode, Json<EventReceived>), ApiError> {
    auth.require(EVENTS_WRITE)?;
    let event = input.parse(now_ms()).map_err(|errors| ApiError(UserError::Invalid(errors)))?;
    let received = events::receive(&v, &event).await?;
    let status = if received.duplicate { StatusCode::OK } else { StatusCode::CREATED };
    Ok((
        status,
        Json(EventReceived {
            id: event.id,
            duplicate: received.duplicate,
            recipients: received.recipients,
            mails: received.mails,
        }),
    ))
}
