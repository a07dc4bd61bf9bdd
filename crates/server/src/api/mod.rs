//! The REST API under `/api/v1`: bearer keys only (cookies are ignored here), JSON errors of one
//! shape, and every authenticated answer tells when its key expires. Handlers call `service`.

mod contract;
mod git_tokens;
mod keys;
mod me;
mod notifications;
mod openapi;
mod webhooks;

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequest, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::net::SocketAddr;
use utoipa::ToSchema;
use vestibule_domain::Language;
use vestibule_domain::UserError;
use vestibule_domain::api_keys::KeyRefusal;
use vestibule_domain::i18n::{t, t_args};
use vestibule_service::Vestibule;
use vestibule_service::api_keys;
use vestibule_service::audit::Origin;

pub const KEY_EXPIRES: HeaderName = HeaderName::from_static("vestibule-key-expires");

pub fn routes(v: Vestibule) -> Router<AppState> {
    let authenticated = Router::new()
        .route("/me", get(me::get_me).patch(me::patch_me))
        .route("/me/preferences", get(me::get_preferences).patch(me::patch_preferences))
        .route("/me/notifications", get(notifications::get_notifications).patch(notifications::patch_notifications))
        .route("/events", post(notifications::post_event))
        .route("/keys", get(keys::list).post(keys::create))
        .route("/keys/verify", post(keys::verify))
        .route("/keys/{id}", get(keys::get).patch(keys::update).delete(keys::delete))
        .route("/keys/{id}/rotate", post(keys::rotate))
        .route("/webhooks", get(webhooks::list).post(webhooks::create))
        .route("/webhooks/event-types", get(webhooks::event_types))
        .route("/webhooks/events", post(webhooks::platform_event))
        .route("/webhooks/{id}", get(webhooks::get).patch(webhooks::update).delete(webhooks::delete))
        .route("/webhooks/{id}/rotate-secret", post(webhooks::rotate_secret))
        .route("/webhooks/{id}/test", post(webhooks::test))
        .route("/webhooks/{id}/deliveries", get(webhooks::deliveries))
        .route("/webhooks/{id}/deliveries/{delivery}/redeliver", post(webhooks::redeliver))
        .route("/webhooks/{id}/redeliver-failed", post(webhooks::redeliver_failed))
        .route("/users/{username}/preferences", get(me::user_preferences))
        .route("/users/{username}/git-tokens", get(git_tokens::list))
        .route("/users/{username}/git-tokens/{id}", get(git_tokens::fetch))
        .layer(axum::middleware::from_fn_with_state(v.clone(), authenticate));
    let document = axum::body::Bytes::from(openapi::document(&v.settings));
    let serve_document = move || {
        let document = document.clone();
        async move { ([(header::CONTENT_TYPE, "application/json")], document) }
    };
    Router::new()
        .route("/openapi.json", get(serve_document))
        // Public: whoever finds a key may report it.
        .route("/keys/revoke-leaked", post(keys::revoke_leaked))
        .merge(authenticated)
        .fallback(|| async { ApiError(UserError::NotFound) })
}

/// Every API error: `{"error": {"code", "message", "field"}}`, plus every field's message for 422.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// `invalid`, `malformed`, `unknown`, `expired`, `revoked`, `missing`, `insufficient_scope`,
    /// `ip_not_allowed`, `not_found`, `key_limit`, `bad_request` or `internal`.
    code: String,
    /// The same words the page shows.
    message: String,
    /// The first field at fault (422 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    /// Every field at fault (422 only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldMessage>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldMessage {
    field: String,
    message: String,
}

#[derive(Debug)]
pub struct ApiError(pub UserError);

impl From<vestibule_service::Error> for ApiError {
    fn from(e: vestibule_service::Error) -> Self {
        Self(e.0)
    }
}

fn bearer_challenge(error: &str, extra: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("Bearer realm=\"vestibule\", error=\"{error}\"{extra}"))
        .unwrap_or(HeaderValue::from_static("Bearer"))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let message = e.to_string();
        let mut headers = HeaderMap::new();
        let (code, field, fields) = match &e {
            UserError::Invalid(errors) => (
                "invalid".to_string(),
                errors.first().map(|f| f.field.clone()),
                errors.iter().map(|f| FieldMessage { field: f.field.clone(), message: f.message.clone() }).collect(),
            ),
            UserError::KeyRefused(reason) => {
                headers.insert(header::WWW_AUTHENTICATE, bearer_challenge("invalid_token", ""));
                (reason.as_str().to_string(), None, Vec::new())
            }
            UserError::Unauthenticated => {
                headers.insert(header::WWW_AUTHENTICATE, bearer_challenge("invalid_token", ""));
                ("missing".to_string(), None, Vec::new())
            }
            UserError::InsufficientScope { scope } => {
                let extra = format!(", scope=\"{scope}\"");
                headers.insert(header::WWW_AUTHENTICATE, bearer_challenge("insufficient_scope", &extra));
                ("insufficient_scope".to_string(), None, Vec::new())
            }
            UserError::NotFound => ("not_found".to_string(), None, Vec::new()),
            UserError::KeyLimit { .. } => ("key_limit".to_string(), None, Vec::new()),
            UserError::IpNotAllowed => ("ip_not_allowed".to_string(), None, Vec::new()),
            UserError::Throttled { retry_after } => {
                headers.insert(header::RETRY_AFTER, header::HeaderValue::from(*retry_after));
                ("throttled".to_string(), None, Vec::new())
            }
            _ if status.is_server_error() => ("internal".to_string(), None, Vec::new()),
            _ => ("bad_request".to_string(), None, Vec::new()),
        };
        let body = ErrorBody { error: ErrorDetail { code, message, field, fields } };
        (status, headers, Json(body)).into_response()
    }
}

/// A JSON object body, or our error shape: 400 when the body is not JSON (or not sent as JSON),
/// 422 when it is JSON of the wrong shape (an array or a string where the object belongs, a field of
/// the wrong type, an unknown or a missing field), naming the field when there is one.
pub struct Body<T>(pub T);

pub enum BodyRejection {
    NotJson(String),
    Shape { field: Option<String>, message: String },
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = BodyRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(value) = Json::<serde_json::Value>::from_request(request, state)
            .await
            .map_err(|rejection| BodyRejection::NotJson(rejection.body_text()))?;
        // serde reads a struct from an array as well (`[null, null]`): only an object is one here.
        if !value.is_object() {
            return Err(BodyRejection::Shape { field: None, message: t(Language::En, "error-body-not-object") });
        }
        serde_path_to_error::deserialize(value).map(Body).map_err(|e| {
            let field = e.path().iter().next().is_some().then(|| e.path().to_string());
            let detail = e.inner().to_string();
            BodyRejection::Shape {
                field,
                message: t_args(Language::En, "error-body-shape", &[("detail", detail.into())]),
            }
        })
    }
}

impl IntoResponse for BodyRejection {
    fn into_response(self) -> Response {
        let (status, detail) = match self {
            Self::NotJson(message) => (
                StatusCode::BAD_REQUEST,
                ErrorDetail { code: "bad_request".into(), message, field: None, fields: Vec::new() },
            ),
            Self::Shape { field, message } => {
                let fields =
                    field.iter().map(|f| FieldMessage { field: f.clone(), message: message.clone() }).collect();
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorDetail { code: "invalid".into(), message, field, fields })
            }
        };
        (status, Json(ErrorBody { error: detail })).into_response()
    }
}

/// Where the request came from, for the audit log and "last used".
pub fn origin(v: &Vestibule, request: &Request) -> Origin {
    let ip = Origin::client_ip(
        // The last header line: a proxy may add its own line rather than append to the client's.
        request.headers().get_all("x-forwarded-for").iter().next_back().map(|h| h.as_bytes()),
        request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()),
        v.settings.trust_proxy,
    );
    let user_agent = request.headers().get(header::USER_AGENT).and_then(|a| a.to_str().ok()).unwrap_or("").to_string();
    Origin { ip, user_agent }
}

/// Checks the bearer key, hands `KeyAuth` and `Origin` to the handler, and stamps the answer with
/// `Vestibule-Key-Expires`. A key in the query string is refused outright (it would end up in logs).
async fn authenticate(State(v): State<Vestibule>, mut request: Request, next: Next) -> Response {
    if let Some(query) = request.uri().query()
        && query.split('&').any(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            ["key", "api_key", "access_token", "token"].contains(&name) || value.starts_with("vst_")
        })
    {
        return ApiError(UserError::KeyRefused(KeyRefusal::Malformed)).into_response();
    }
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        // The scheme name is case-insensitive (RFC 9110); anything but Bearer is a malformed key.
        .map(|h| match h.split_once(' ') {
            Some((scheme, key)) if scheme.eq_ignore_ascii_case("bearer") => key.trim(),
            _ => "",
        });
    let Some(presented) = presented else {
        return ApiError(UserError::Unauthenticated).into_response();
    };
    let origin = origin(&v, &request);
    let auth = match api_keys::authenticate(&v, presented, &origin).await {
        Ok(auth) => auth,
        Err(e) => return ApiError(e.0).into_response(),
    };
    let expires = HeaderValue::from_str(&vestibule_domain::datetime::rfc3339(auth.expires_at)).ok();
    request.extensions_mut().insert(auth);
    request.extensions_mut().insert(origin);
    let mut response = next.run(request).await;
    if let Some(expires) = expires {
        response.headers_mut().insert(KEY_EXPIRES, expires);
    }
    response
}
