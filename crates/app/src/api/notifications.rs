//! Settings → Notifications. Each call checks the session first.

use super::Answer;
use crate::error::AppError;
use leptos::prelude::*;
use vestibule_domain::notifications::{NotificationSettings, NotificationsPatch};

/// What the notifications page shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NotificationsData {
    pub settings: NotificationSettings,
    /// Where notifications go now; `None` while no address is confirmed.
    pub sent_to: Option<String>,
    /// Another address than the account's, confirmed.
    pub address: Option<String>,
    /// Another address waiting for its link.
    pub pending_address: Option<String>,
}

#[cfg(feature = "ssr")]
fn data(n: vestibule_service::notifications::Notifications, account: &vestibule_domain::Account) -> NotificationsData {
    NotificationsData {
        sent_to: n.recipient(account),
        settings: n.settings,
        address: n.address,
        pending_address: n.pending_address,
    }
}

#[server(prefix = "/fn", endpoint = "my_notifications", output = Answer)]
pub async fn my_notifications() -> Result<NotificationsData, AppError> {
    use crate::ssr::{fail, require_account, vestibule};
    let account = require_account().await?;
    let n = vestibule_service::notifications::get(&vestibule()?, account.id).await.map_err(fail)?;
    Ok(data(n, &account))
}

/// Saves the choices; a new `address` is mailed its link.
#[server(prefix = "/fn", endpoint = "save_notifications", output = Answer)]
pub async fn save_notifications(patch: NotificationsPatch) -> Result<NotificationsData, AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let caller = caller().await?;
    let n = vestibule_service::notifications::update(&vestibule()?, &caller, &patch).await.map_err(fail)?;
    Ok(data(n, &caller.account))
}
