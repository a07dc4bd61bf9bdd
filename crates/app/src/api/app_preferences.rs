//! The host product's own preferences on Settings → Preferences: what the operator declared, the
//! user's values, and saving some. Values travel as JSON (each preference has its own type).

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde_json::{Map, Value};
use vestibule_domain::app_preferences::AppPreferences;

/// The declaration (empty when the operator declared none) and the user's values.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AppPreferencesData {
    pub declared: AppPreferences,
    pub values: Map<String, Value>,
}

#[server(prefix = "/fn", endpoint = "my_app_preferences")]
pub async fn my_app_preferences() -> Result<AppPreferencesData, AppError> {
    use crate::ssr::{fail, require_account, vestibule};
    let (account, v) = (require_account().await?, vestibule()?);
    let values = vestibule_service::app_preferences::get(&v, account.id).await.map_err(fail)?;
    Ok(AppPreferencesData { declared: AppPreferences::clone(&v.settings.app_preferences), values })
}

/// Saves some values; the answer is every value.
#[server(prefix = "/fn", endpoint = "save_app_preferences", input = Json)]
pub async fn save_app_preferences(values: Map<String, Value>) -> Result<Map<String, Value>, AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let (caller, v) = (caller().await?, vestibule()?);
    vestibule_service::app_preferences::update(&v, &caller, &values).await.map_err(fail)
}
