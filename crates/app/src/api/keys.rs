//! Settings → API keys: list, create, edit, rotate, delete. Arguments travel as JSON (lists of scopes).

use super::Answer;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use vestibule_domain::Preferences;
pub use vestibule_domain::api_keys::RevealedKey;
use vestibule_domain::api_keys::{ApiKeyInfo, KeyChanges, KeyPolicy, NewKey, Rotation, ScopeCatalog};
use vestibule_domain::tz::ZoneRules;

/// Everything the API-keys page shows, in one answer (one resource per Suspense: leptos#4851).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KeysData {
    pub keys: Vec<ApiKeyInfo>,
    pub catalog: ScopeCatalog,
    pub policy: KeyPolicy,
    pub preferences: Preferences,
    /// The rules of the user's time zone, so that the browser shows times as the server does.
    pub zone_rules: Option<ZoneRules>,
    pub is_admin: bool,
}

#[server(prefix = "/fn", endpoint = "my_keys", output = Answer)]
pub async fn my_keys() -> Result<KeysData, AppError> {
    use crate::ssr::{fail, require_account, vestibule};
    let (account, v) = (require_account().await?, vestibule()?);
    let keys = vestibule_service::api_keys::list(&v, account.id).await.map_err(fail)?;
    let preferences = vestibule_service::preferences::get(&v, account.id).await.map_err(fail)?;
    Ok(KeysData {
        keys,
        catalog: v.settings.scopes.clone(),
        policy: v.settings.key_policy,
        zone_rules: ZoneRules::of(preferences.time_zone.as_str()),
        preferences,
        is_admin: account.is_admin,
    })
}

#[server(prefix = "/fn", endpoint = "create_key", input = Json, output = Answer)]
pub async fn create_key(request: NewKey) -> Result<RevealedKey, AppError> {
    use crate::ssr::{caller, fail, require_recent_proof, vestibule};
    let (caller, v) = (caller().await?, vestibule()?);
    require_recent_proof(&v).await?;
    vestibule_service::api_keys::create(&v, &caller, &request).await.map_err(fail)
}

#[server(prefix = "/fn", endpoint = "update_key", input = Json, output = Answer)]
pub async fn update_key(id: String, changes: KeyChanges) -> Result<ApiKeyInfo, AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let (caller, v) = (caller().await?, vestibule()?);
    vestibule_service::api_keys::update(&v, &caller, &id, &changes).await.map_err(fail)
}

#[server(prefix = "/fn", endpoint = "rotate_key", input = Json, output = Answer)]
pub async fn rotate_key(id: String, rotation: Rotation) -> Result<RevealedKey, AppError> {
    use crate::ssr::{caller, fail, require_recent_proof, vestibule};
    let (caller, v) = (caller().await?, vestibule()?);
    require_recent_proof(&v).await?;
    vestibule_service::api_keys::rotate(&v, &caller, &id, &rotation).await.map_err(fail)
}

#[server(prefix = "/fn", endpoint = "delete_key", input = Json, output = Answer)]
pub async fn delete_key(id: String) -> Result<(), AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let (caller, v) = (caller().await?, vestibule()?);
    vestibule_service::api_keys::delete(&v, &caller, &id).await.map_err(fail)
}
