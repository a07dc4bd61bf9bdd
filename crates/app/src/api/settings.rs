//! Settings sections: profile and display preferences. Each call checks the session first.

use crate::error::AppError;
use leptos::prelude::*;
use vestibule_domain::{Account, Preferences, PreferencesPatch};

/// The logged-in user's display preferences (defaults for a visitor).
#[server(prefix = "/fn", endpoint = "load_preferences")]
pub async fn load_preferences() -> Result<Preferences, AppError> {
    use crate::ssr::{current_account, fail, vestibule};
    let Some(account) = current_account().await? else {
        return Ok(Preferences::default());
    };
    vestibule_service::preferences::get(&vestibule()?, account.id).await.map_err(fail)
}

#[server(prefix = "/fn", endpoint = "save_preferences")]
pub async fn save_preferences(patch: PreferencesPatch) -> Result<Preferences, AppError> {
    use crate::ssr::{fail, require_account, vestibule};
    let account = require_account().await?;
    vestibule_service::preferences::update(&vestibule()?, account.id, &patch).await.map_err(fail)
}

#[server(prefix = "/fn", endpoint = "set_full_name")]
pub async fn set_full_name(full_name: String) -> Result<Account, AppError> {
    use crate::ssr::{fail, require_account, vestibule};
    let account = require_account().await?;
    vestibule_service::profile::set_full_name(&vestibule()?, account.id, &full_name).await.map_err(fail)
}
