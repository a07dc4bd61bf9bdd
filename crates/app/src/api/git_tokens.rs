//! Settings → Git providers: list, add and delete tokens. No answer ever carries a token: the list
//! has its last 4 characters, and an added token comes back as its listing.

use super::Answer;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use vestibule_domain::Preferences;
use vestibule_domain::git_tokens::{GitTokenInfo, NewGitToken};
use vestibule_domain::tz::ZoneRules;

/// Everything the page shows, in one answer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GitTokensData {
    pub tokens: Vec<GitTokenInfo>,
    pub preferences: Preferences,
    /// The rules of the user's time zone, so that the browser shows times as the server does.
    pub zone_rules: Option<ZoneRules>,
}

#[server(prefix = "/fn", endpoint = "my_git_tokens", output = Answer)]
pub async fn my_git_tokens() -> Result<GitTokensData, AppError> {
    use crate::ssr::{fail, require_account, vestibule};
    let (account, v) = (require_account().await?, vestibule()?);
    let tokens = vestibule_service::git_tokens::list(&v, account.id).await.map_err(fail)?;
    let preferences = vestibule_service::preferences::get(&v, account.id).await.map_err(fail)?;
    Ok(GitTokensData { tokens, zone_rules: ZoneRules::of(preferences.time_zone.as_str()), preferences })
}

/// Stores a token (sealed); the answer is its listing.
#[server(prefix = "/fn", endpoint = "add_git_token", input = Json, output = Answer)]
pub async fn add_git_token(request: NewGitToken) -> Result<GitTokenInfo, AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let (caller, v) = (caller().await?, vestibule()?);
    let own = caller.own().map_err(fail)?;
    vestibule_service::git_tokens::add(&v, own, &request, &caller.origin).await.map_err(fail)
}

#[server(prefix = "/fn", endpoint = "delete_git_token", output = Answer)]
pub async fn delete_git_token(id: String) -> Result<(), AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let (caller, v) = (caller().await?, vestibule()?);
    let own = caller.own().map_err(fail)?;
    vestibule_service::git_tokens::delete(&v, own, &id, &caller.origin).await.map_err(fail)
}
