//! `/api/v1/keys`: the caller's API keys, and `verify` for the host platform.

use super::{ApiError, Body};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vestibule_domain::api_keys::{ApiKeyInfo, KeyChanges, KeyStatus, NewKey, Rotation, VERIFY};
use vestibule_domain::datetime::rfc3339;
use vestibule_service::Vestibule;
use vestibule_service::api_keys::{self, Created, KeyAuth};
use vestibule_service::audit::Origin;

/// A key as listed: never its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct Key {
    /// The public id (the part between `vst_` and the `.`).
    pub id: String,
    pub name: String,
    /// How the UI names the key: `vst_….Xk3f9…`.
    pub hint: String,
    pub scopes: Vec<String>,
    /// `active`, `expiring` (within 7 days), `expired` or `rotated_out`.
    pub status: String,
    /// RFC 3339.
    pub created_at: String,
    pub expires_at: String,
    /// When a rotated-out key stops working.
    pub retires_at: Option<String>,
    pub last_used: Option<LastUsed>,
    /// The addresses and CIDR ranges the key may be used from; empty: any.
    pub allowed_ips: Vec<String>,
    /// Hygiene marks of a live key: `never_used`, `idle` (unused for 90 days or more).
    pub hygiene: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LastUsed {
    pub at: String,
    pub ip: String,
    pub user_agent: String,
}

/// A key just created or rotated, with its secret: shown this once, never again.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewSecret {
    #[serde(flatten)]
    pub key: Key,
    /// The whole key, `vst_<id>.<secret><checksum>`. Store it now.
    pub secret: String,
}

fn view(key: ApiKeyInfo) -> Key {
    let now = vestibule_service::now_ms();
    let status = match key.status(now) {
        KeyStatus::Active => "active",
        KeyStatus::ExpiresSoon { .. } => "expiring",
        KeyStatus::Expired => "expired",
        KeyStatus::RotatedOut => "rotated_out",
    };
    let hygiene = key.hygiene(now).into_iter().map(|h| h.as_str().to_string()).collect();
    Key {
        hint: key.display_hint(),
        hygiene,
        allowed_ips: key.allowed_ips.clone(),
        status: status.into(),
        created_at: rfc3339(key.created_at),
        expires_at: rfc3339(key.expires_at),
        retires_at: key.retires_at.map(rfc3339),
        last_used: key.last_used_at.map(|at| LastUsed {
            at: rfc3339(at),
            ip: key.last_used_ip.clone().unwrap_or_default(),
            user_agent: key.last_used_agent.clone().unwrap_or_default(),
        }),
        scopes: key.scopes.names().to_vec(),
        id: key.id,
        name: key.name,
    }
}

fn created(c: Created) -> NewSecret {
    NewSecret { key: view(c.key), secret: c.secret }
}

#[utoipa::path(get, path = "/api/v1/keys", tag = "api-keys", security(("bearer" = ["api-keys:read"])),
    responses((status = 200, body = [Key]), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody)))]
pub async fn list(State(v): State<Vestibule>, Extension(auth): Extension<KeyAuth>) -> Result<Json<Vec<Key>>, ApiError> {
    auth.require("api-keys:read")?;
    Ok(Json(api_keys::list(&v, auth.account.id).await?.into_iter().map(view).collect()))
}

#[utoipa::path(post, path = "/api/v1/keys", tag = "api-keys", security(("bearer" = ["api-keys:write"])),
    request_body = NewKey,
    responses((status = 201, body = NewSecret), (status = 400, body = super::ErrorBody), (status = 401, body = super::ErrorBody),
        (status = 403, body = super::ErrorBody), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
/// Creates a key.
///
/// The calling key hands on only scopes it holds (403 otherwise), and the new key may not outlive
/// it: an expiry after the calling key's is refused with 422 on `expires`.
pub async fn create(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<Origin>,
    Body(request): Body<NewKey>,
) -> Result<(StatusCode, Json<NewSecret>), ApiError> {
    auth.require("api-keys:write")?;
    let new = api_keys::create(&v, &auth.caller(origin), &request).await?;
    Ok((StatusCode::CREATED, Json(created(new))))
}

#[utoipa::path(get, path = "/api/v1/keys/{id}", tag = "api-keys", security(("bearer" = ["api-keys:read"])),
    params(("id" = String, Path, description = "The key's public id")),
    responses((status = 200, body = Key), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody),
        (status = 404, body = super::ErrorBody)))]
pub async fn get(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Path(id): Path<String>,
) -> Result<Json<Key>, ApiError> {
    auth.require("api-keys:read")?;
    Ok(Json(view(api_keys::get(&v, auth.account.id, &id).await?)))
}

#[utoipa::path(patch, path = "/api/v1/keys/{id}", tag = "api-keys", security(("bearer" = ["api-keys:write"])),
    params(("id" = String, Path, description = "The key's public id")), request_body = KeyChanges,
    responses((status = 200, body = Key), (status = 400, body = super::ErrorBody), (status = 401, body = super::ErrorBody),
        (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
/// Renames a key or changes its scopes.
///
/// The calling key must hold every scope the key has and is given (403 otherwise); a key that would
/// outlive the calling key gets the calling key's expiry. The expiry never moves later: rotate instead.
pub async fn update(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<Origin>,
    Path(id): Path<String>,
    Body(changes): Body<KeyChanges>,
) -> Result<Json<Key>, ApiError> {
    auth.require("api-keys:write")?;
    Ok(Json(view(api_keys::update(&v, &auth.caller(origin), &id, &changes).await?)))
}

#[utoipa::path(delete, path = "/api/v1/keys/{id}", tag = "api-keys", security(("bearer" = ["api-keys:write"])),
    params(("id" = String, Path, description = "The key's public id")),
    responses((status = 204, description = "Revoked: the key fails from the next request on"),
        (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody)))]
/// Revokes a key at once.
///
/// The calling key must hold every scope the key has (403 otherwise).
pub async fn delete(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<Origin>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    auth.require("api-keys:write")?;
    api_keys::delete(&v, &auth.caller(origin), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/keys/{id}/rotate", tag = "api-keys", security(("bearer" = ["api-keys:write"])),
    params(("id" = String, Path, description = "The key's public id")), request_body = Rotation,
    responses((status = 201, body = NewSecret), (status = 400, body = super::ErrorBody), (status = 401, body = super::ErrorBody),
        (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
/// Replaces a key by a new one with the same name and scopes.
///
/// The old key works through `grace` (none when not given). The calling key must hold every scope
/// the key has (403 otherwise), and the new key expires no later than the calling key: a later
/// expiry asked for is shortened to the calling key's.
pub async fn rotate(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<Origin>,
    Path(id): Path<String>,
    Body(rotation): Body<Rotation>,
) -> Result<(StatusCode, Json<NewSecret>), ApiError> {
    auth.require("api-keys:write")?;
    let new = api_keys::rotate(&v, &auth.caller(origin), &id, &rotation).await?;
    Ok((StatusCode::CREATED, Json(created(new))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    /// The key a client presented to the platform.
    pub key: String,
    /// A scope the key must hold; without it, any valid key passes.
    pub scope: Option<String>,
    /// The address the platform's client came from. A key with an IP allowlist is valid only
    /// with an address on its list (without one: `ip_not_allowed`).
    pub ip: Option<String>,
}

/// The verdict: on `valid: true` the key's owner, scopes and expiry; otherwise the reason.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifyAnswer {
    pub valid: bool,
    /// `malformed`, `unknown`, `expired`, `revoked`, `ip_not_allowed` or `insufficient_scope`
    /// (when not valid).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<VerifiedUser>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VerifiedUser {
    pub id: i64,
    pub username: String,
}

#[utoipa::path(post, path = "/api/v1/keys/verify", tag = "platform", security(("bearer" = ["keys:verify"])),
    request_body = VerifyRequest,
    responses((status = 200, body = VerifyAnswer), (status = 400, body = super::ErrorBody), (status = 401, body = super::ErrorBody),
        (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub async fn verify(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<Origin>,
    Body(request): Body<VerifyRequest>,
) -> Result<Json<VerifyAnswer>, ApiError> {
    auth.require(VERIFY)?;
    let ip = request.ip.as_deref();
    if let Some(Err(e)) = ip.map(vestibule_domain::api_keys::parse_address) {
        return Err(vestibule_service::Error::invalid("ip", e).into());
    }
    let answer = match api_keys::verify(&v, &request.key, request.scope.as_deref(), ip, &origin).await? {
        Ok(key) => VerifyAnswer {
            valid: true,
            reason: None,
            key_id: Some(key.public_id),
            user: Some(VerifiedUser { id: key.account.id, username: key.account.username.clone() }),
            scopes: Some(key.scopes.names().to_vec()),
            expires_at: Some(rfc3339(key.expires_at)),
        },
        Err(reason) => VerifyAnswer {
            valid: false,
            reason: Some(reason.into()),
            key_id: None,
            user: None,
            scopes: None,
            expires_at: None,
        },
    };
    Ok(Json(answer))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeakReport {
    /// Whole keys (`vst_…`) as they were found; at most 100.
    pub keys: Vec<String>,
    /// Where they were found, e.g. the address of a public file (at most 500 characters).
    #[serde(default)]
    pub source: String,
}

/// The same answer whatever the keys were.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeakReceipt {
    /// How many keys the report held.
    pub received: usize,
}

#[utoipa::path(post, path = "/api/v1/keys/revoke-leaked", tag = "api-keys", request_body = LeakReport,
    responses((status = 202, body = LeakReceipt), (status = 400, body = super::ErrorBody), (status = 422, body = super::ErrorBody),
        (status = 429, body = super::ErrorBody, description = "More than 30 reports from one network in 10 minutes")))]
/// Reports keys found where they should not be (a public repository, a paste); no key needed.
///
/// Each valid key is revoked at once and its owner is mailed where it was found and from which
/// address it was reported. The answer is the same for unknown, malformed and already revoked
/// keys: it never tells whether a key existed.
pub async fn revoke_leaked(
    State(v): State<Vestibule>,
    request: axum::extract::Request,
) -> Result<(StatusCode, Json<LeakReceipt>), axum::response::Response> {
    use axum::extract::FromRequest;
    use axum::response::IntoResponse;
    let origin = super::origin(&v, &request);
    let Body(report) = Body::<LeakReport>::from_request(request, &()).await.map_err(IntoResponse::into_response)?;
    let received = api_keys::report_leaked(&v, &report.keys, &report.source, &origin)
        .await
        .map_err(|e| ApiError::from(e).into_response())?;
    Ok((StatusCode::ACCEPTED, Json(LeakReceipt { received })))
}
