//! `/api/v1/users/{username}/git-tokens`: the host platform reads a user's Git provider tokens
//! (`git-tokens:read`, administrators only). Every read of a token is in the owner's audit log.

use super::ApiError;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use serde::Serialize;
use utoipa::ToSchema;
use vestibule_domain::datetime::rfc3339;
use vestibule_domain::git_tokens::GitTokenInfo;
use vestibule_service::Vestibule;
use vestibule_service::api_keys::KeyAuth;
use vestibule_service::audit::Origin;
use vestibule_service::git_tokens;

/// A stored token as listed: never the token, only its last 4 characters.
#[derive(Debug, Serialize, ToSchema)]
pub struct GitToken {
    pub id: String,
    /// `github`, `gitlab`, `bitbucket`, `gitea` or `custom`.
    pub provider: String,
    /// The provider's address (the public service's, or a self-hosted server's).
    pub url: String,
    pub name: String,
    pub last4: String,
    /// RFC 3339.
    pub created_at: String,
    /// When it stops working at the provider, if the user gave it.
    pub expires_at: Option<String>,
    /// When the platform last read it.
    pub last_fetched_at: Option<String>,
}

/// One token with its secret, for the platform to use now (not to store).
#[derive(Serialize, ToSchema)]
pub struct GitTokenSecret {
    #[serde(flatten)]
    pub info: GitToken,
    pub token: String,
}

impl std::fmt::Debug for GitTokenSecret {
    // The token never reaches a log line, even through `{:?}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitTokenSecret").field("info", &self.info).field("token", &"[redacted]").finish()
    }
}

fn view(t: GitTokenInfo) -> GitToken {
    GitToken {
        provider: t.provider.as_str().into(),
        created_at: rfc3339(t.created_at),
        expires_at: t.expires_at.map(rfc3339),
        last_fetched_at: t.last_fetched_at.map(rfc3339),
        id: t.id,
        url: t.url,
        name: t.name,
        last4: t.last4,
    }
}

#[utoipa::path(get, path = "/api/v1/users/{username}/git-tokens", tag = "platform", security(("bearer" = ["git-tokens:read"])),
    params(("username" = String, Path, description = "The user's username")),
    responses((status = 200, body = [GitToken]), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody),
        (status = 404, body = super::ErrorBody)))]
/// A user's Git provider tokens, without the tokens.
pub async fn list(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Path(username): Path<String>,
) -> Result<Json<Vec<GitToken>>, ApiError> {
    Ok(Json(git_tokens::list_for_platform(&v, &auth, &username).await?.into_iter().map(view).collect()))
}

#[utoipa::path(get, path = "/api/v1/users/{username}/git-tokens/{id}", tag = "platform", security(("bearer" = ["git-tokens:read"])),
    params(("username" = String, Path, description = "The user's username"), ("id" = String, Path, description = "The token's id")),
    responses((status = 200, body = GitTokenSecret), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody),
        (status = 404, body = super::ErrorBody)))]
/// One token in full. The read is written to the user's audit log, with the key that made it.
pub async fn fetch(
    State(v): State<Vestibule>,
    Extension(auth): Extension<KeyAuth>,
    Extension(origin): Extension<Origin>,
    Path((username, id)): Path<(String, String)>,
) -> Result<([(axum::http::HeaderName, &'static str); 1], Json<GitTokenSecret>), ApiError> {
    let (info, token) = git_tokens::fetch(&v, &auth, &username, &id, &origin).await?;
    // A secret: no cache on the way keeps a copy.
    Ok(([(axum::http::header::CACHE_CONTROL, "no-store")], Json(GitTokenSecret { info: view(info), token })))
}
