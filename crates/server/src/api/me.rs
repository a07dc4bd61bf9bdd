//! `/api/v1/me` and `/api/v1/me/preferences`: the same plain functions the settings pages call.

use super::{ApiError, Body};
use axum::extract::State;
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vestibule_domain::datetime::rfc3339;
use vestibule_domain::{Account, Preferences, PreferencesPatch};
use vestibule_service::api_keys::KeyAuth;
use vestibule_service::audit::Origin;
use vestibule_service::{Vestibule, email_change, preferences, profile};

/// The profile as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    /// Fixed at sign-up; never changes.
    pub username: String,
    pub full_name: String,
    pub email: String,
    /// Whether the user proved the address by opening the link mailed to it.
    pub email_verified: bool,
    /// A relative URL, or null when the user has no picture.
    pub avatar_url: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

/// The profile after a change, and the new address waiting for its mailed link, if any.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeUpdated {
    #[serde(flatten)]
    pub me: Me,
    /// A new address waiting for the user to open the link mailed to it.
    pub pending_email: Option<String>,
}

/// Changes to the profile; absent fields stay. A new email takes effect only through the mailed link.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MePatch {
    pub full_name: Option<String>,
    pub email: Option<String>,
}

fn me(account: Account) -> Me {
    Me {
        id: account.id,
        username: account.username,
        full_name: account.full_name,
        email: account.email,
        email_verified: account.email_verified,
        avatar_url: account.avatar_url,
        created_at: rfc3339(account.created_at),
    }
}

#[utoipa::path(get, path = "/api/v1/me", tag = "profile", security(("bearer" = ["profile:read"])),
    responses((status = 200, body = Me), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody)))]
pub async fn get_me(Extension(auth): Extension<KeyAuth>) -> Result<Json<Me>, ApiError> {
    auth.require("profile:read")?;
    Ok(Json(me(Account::clone(&auth.account))))
}

#[utoipa::path(patch, path = "/api/v1/me", tag = "profile", security(("bearer" = ["profile:write"])),
    request_body = MePatch,
    responses((status = 200, body = MeUpdated), (status = 400, body = super::ErrorBody), (status = 401, body = super::ErrorBody),
        (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody),
        (status = 429, description = "A new email within a minute of the last mail with a link (Retry-After says when)", body = super::ErrorBody)))]
pub async fn patch_me(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<Origin>,
    Body(patch): Body<MePatch>,
) -> Result<Json<MeUpdated>, ApiError> {
    auth.require("profile:write")?;
    let mut account = Account::clone(&auth.account);
    if let Some(name) = &patch.full_name {
        account = profile::set_full_name(&v, account.id, name).await?;
    }
    if let Some(email) = &patch.email {
        let caller = vestibule_service::caller::Caller { account: account.clone(), ..auth.caller(origin.clone()) };
        email_change::request(&v, caller.own()?, email, &origin).await?;
    }
    let pending_email = email_change::pending(&v, account.id).await?;
    Ok(Json(MeUpdated { me: me(account), pending_email }))
}

/// The display preferences, and under `app` the host product's own (as the operator declared them).
#[derive(Debug, Serialize, ToSchema)]
pub struct AllPreferences {
    #[serde(flatten)]
    pub preferences: Preferences,
    /// Every declared preference of the product, by key (empty when none is declared).
    #[schema(value_type = Object)]
    pub app: serde_json::Map<String, serde_json::Value>,
}

async fn all_preferences(v: &Vestibule, user_id: i64) -> Result<AllPreferences, ApiError> {
    let app = vestibule_service::app_preferences::get(v, user_id).await?;
    Ok(AllPreferences { preferences: preferences::get(v, user_id).await?, app })
}

#[utoipa::path(get, path = "/api/v1/me/preferences", tag = "preferences", security(("bearer" = ["preferences:read"])),
    responses((status = 200, body = AllPreferences), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody)))]
pub async fn get_preferences(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
) -> Result<Json<AllPreferences>, ApiError> {
    auth.require("preferences:read")?;
    Ok(Json(all_preferences(&v, auth.account.id).await?))
}

#[utoipa::path(patch, path = "/api/v1/me/preferences", tag = "preferences", security(("bearer" = ["preferences:write"])),
    request_body = PreferencesPatch,
    responses((status = 200, body = AllPreferences), (status = 400, body = super::ErrorBody), (status = 401, body = super::ErrorBody),
        (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
/// Changes some preferences; `app` changes some of the product's own, each checked by its
/// declaration. Every bad field is named (`app.<key>` for the product's), and nothing changes then.
pub async fn patch_preferences(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<Origin>,
    Body(patch): Body<PreferencesPatch>,
) -> Result<Json<AllPreferences>, ApiError> {
    auth.require("preferences:write")?;
    // Both halves are checked before either is saved.
    let current = preferences::get(&v, auth.account.id).await?;
    let mut errors = current.apply(&patch).err().unwrap_or_default();
    if let Some(app) = &patch.app
        && let Err(app_errors) = v.settings.app_preferences.check_patch(app)
    {
        errors.extend(app_errors);
    }
    if !errors.is_empty() {
        return Err(ApiError(vestibule_domain::UserError::Invalid(errors)));
    }
    // Only what was sent is written (a patch of the product's values alone rewrites no display row).
    let display = PreferencesPatch { app: None, ..patch.clone() };
    if display != PreferencesPatch::default() {
        preferences::update(&v, auth.account.id, &display).await?;
    }
    if let Some(app) = &patch.app {
        vestibule_service::app_preferences::update(&v, &auth.caller(origin), app).await?;
    }
    Ok(Json(all_preferences(&v, auth.account.id).await?))
}

#[utoipa::path(get, path = "/api/v1/users/{username}/preferences", tag = "platform", security(("bearer" = ["users:read"])),
    params(("username" = String, Path, description = "The user's username")),
    responses((status = 200, body = AllPreferences), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody),
        (status = 404, body = super::ErrorBody)))]
/// A user's preferences, for the host platform (administrators only): the display preferences and
/// the product's own under `app`.
pub async fn user_preferences(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    axum::extract::Path(username): axum::extract::Path<String>,
) -> Result<Json<AllPreferences>, ApiError> {
    let (user_id, app) = vestibule_service::app_preferences::for_platform(&v, &auth, &username).await?;
    Ok(Json(AllPreferences { preferences: preferences::get(&v, user_id).await?, app }))
}
