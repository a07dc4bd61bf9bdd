//! Settings sections: profile and display preferences. Each call checks the session first.

use super::Answer;
use crate::error::AppError;
use leptos::prelude::*;
use vestibule_domain::tz::ZoneRules;
use vestibule_domain::{Account, Preferences, PreferencesPatch};
#[cfg(feature = "ssr")]
use vestibule_domain::{TimeZoneName, UserError};

/// Everything the settings pages show about the logged-in user, in one answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SettingsData {
    pub account: Account,
    pub preferences: Preferences,
    /// Whether the server runs with the end-to-end test hook `?at=` (`VESTIBULE_TEST_CLOCK`): the
    /// server decides, and the page's first HTML carries its answer to the browser.
    pub test_clock: bool,
    /// The address of a change of email waiting for its link, if any.
    pub pending_email: Option<String>,
    /// The rules of the user's time zone, so that the browser shows times as the server does.
    pub zone_rules: Option<ZoneRules>,
}

/// The logged-in user's account and preferences, or `None`. One resource for the settings pages:
/// Leptos 0.8 can leave a streamed `<Suspense>` waiting for ever when two resources under it
/// resolve at the same moment (leptos#4851, #4698), so each boundary waits for one resource only.
#[server(prefix = "/fn", endpoint = "my_settings", output = Answer)]
pub async fn my_settings() -> Result<Option<SettingsData>, AppError> {
    use crate::request::page_session;
    use crate::ssr::{current_account, fail, vestibule};
    let v = vestibule()?;
    // A page load has everything from its session's look-up; a call from the browser reads it.
    if let Some(session) = page_session() {
        return Ok(Some(SettingsData {
            account: (*session.account).clone(),
            preferences: session.preferences.clone(),
            test_clock: v.settings.test_clock,
            pending_email: session.pending_email(),
            zone_rules: ZoneRules::of(session.preferences.time_zone.as_str()),
        }));
    }
    let Some(account) = current_account().await? else { return Ok(None) };
    let preferences = vestibule_service::preferences::get(&v, account.id).await.map_err(fail)?;
    let pending_email = vestibule_service::email_change::pending(&v, account.id).await.map_err(fail)?;
    let zone_rules = ZoneRules::of(preferences.time_zone.as_str());
    Ok(Some(SettingsData { account, preferences, test_clock: v.settings.test_clock, pending_email, zone_rules }))
}

/// The rules of a time zone the user is choosing, for the preferences page's preview.
#[server(prefix = "/fn", endpoint = "rules_of_zone", output = Answer)]
pub async fn rules_of_zone(time_zone: String) -> Result<ZoneRules, AppError> {
    crate::ssr::require_account().await?;
    let zone = TimeZoneName::parse(&time_zone).map_err(|e| UserError::Invalid(vec![e.on("time_zone")]))?;
    ZoneRules::of(zone.as_str()).ok_or(AppError(UserError::NotFound))
}

/// Every time zone with its offset from UTC at `at` (ms), for the preferences page's picker.
#[server(prefix = "/fn", endpoint = "time_zones", output = Answer)]
pub async fn time_zones(at: i64) -> Result<Vec<(String, String)>, AppError> {
    crate::ssr::require_account().await?;
    Ok(vestibule_domain::datetime::zones(at))
}

#[server(prefix = "/fn", endpoint = "save_preferences", output = Answer)]
pub async fn save_preferences(patch: PreferencesPatch) -> Result<Preferences, AppError> {
    use crate::ssr::{fail, require_account, vestibule};
    let account = require_account().await?;
    vestibule_service::preferences::update(&vestibule()?, account.id, &patch).await.map_err(fail)
}

#[server(prefix = "/fn", endpoint = "set_full_name", output = Answer)]
pub async fn set_full_name(full_name: String) -> Result<Account, AppError> {
    use crate::ssr::{fail, require_account, vestibule};
    let account = require_account().await?;
    vestibule_service::profile::set_full_name(&vestibule()?, account.id, &full_name).await.map_err(fail)
}

/// Mails a confirmation link to the new address; the change waits for it.
#[server(prefix = "/fn", endpoint = "change_email", output = Answer)]
pub async fn change_email(email: String) -> Result<String, AppError> {
    use crate::ssr::{caller, fail, origin, require_recent_proof, vestibule};
    let (caller, v) = (caller().await?, vestibule()?);
    let account = caller.own().map_err(fail)?;
    require_recent_proof(&v).await?;
    vestibule_service::email_change::request(&v, account, &email, &origin(&v)).await.map_err(fail)
}

#[server(prefix = "/fn", endpoint = "resend_email_change", output = Answer)]
pub async fn resend_email_change() -> Result<(), AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let (caller, v) = (caller().await?, vestibule()?);
    vestibule_service::email_change::resend(&v, caller.own().map_err(fail)?).await.map_err(fail)
}

#[server(prefix = "/fn", endpoint = "cancel_email_change", output = Answer)]
pub async fn cancel_email_change() -> Result<(), AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let caller = caller().await?;
    vestibule_service::email_change::cancel(&vestibule()?, caller.own().map_err(fail)?).await.map_err(fail)
}

/// What a mailed link did to `email`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConfirmedEmail {
    pub email: String,
    pub what: Confirmation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Confirmation {
    /// The account's address is verified.
    Verified,
    /// The account's address is now `email`.
    Changed,
    /// Notifications go to `email` now.
    NotificationAddress,
}

/// Uses a mailed link (a new account's, a change of address, another address for notifications).
/// Needs no session: the link is the proof.
#[server(prefix = "/fn", endpoint = "confirm_email", output = Answer)]
pub async fn confirm_email(token: String) -> Result<ConfirmedEmail, AppError> {
    use crate::ssr::{fail, vestibule};
    use vestibule_service::email_verification::{Confirmed, confirm_link};
    let v = vestibule()?;
    Ok(match confirm_link(&v, &token, &crate::ssr::origin(&v)).await.map_err(fail)? {
        Confirmed::Verified(account) => ConfirmedEmail { email: account.email, what: Confirmation::Verified },
        Confirmed::Changed(account) => ConfirmedEmail { email: account.email, what: Confirmation::Changed },
        Confirmed::NotificationAddress(email) => ConfirmedEmail { email, what: Confirmation::NotificationAddress },
    })
}

/// Mails a new link that proves the account's address (the old link stops working).
#[server(prefix = "/fn", endpoint = "resend_verification", output = Answer)]
pub async fn resend_verification() -> Result<(), AppError> {
    use crate::ssr::{fail, require_account, vestibule};
    let (account, v) = (require_account().await?, vestibule()?);
    vestibule_service::email_verification::resend(&v, &account).await.map_err(fail)
}

#[server(prefix = "/fn", endpoint = "remove_avatar", output = Answer)]
pub async fn remove_avatar() -> Result<(), AppError> {
    use crate::ssr::{fail, require_account, vestibule};
    let account = require_account().await?;
    vestibule_service::avatars::remove(&vestibule()?, account.id).await.map_err(fail)
}
