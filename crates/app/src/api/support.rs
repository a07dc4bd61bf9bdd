//! Support access: the owner's grant (Settings → Security), the staff's Support page, acting on an
//! account and ending it, and what the banner shows while staff act. The rules (who may, for how
//! long) are the service's (`vestibule_service::support`).

use super::Answer;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use vestibule_domain::support::Acting;

/// The owner's running grant as the Security page shows it: its end in the user's format and
/// zone, and as an instant for the countdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRow {
    pub until: String,
    pub expires_at: i64,
    pub note: String,
}

/// An account with a running grant, as the staff's Support page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantedRow {
    pub username: String,
    pub full_name: String,
    pub note: String,
    pub until: String,
}

#[cfg(feature = "ssr")]
pub(crate) async fn grant_row(
    v: &vestibule_service::Vestibule,
    who: vestibule_service::caller::Own<'_>,
) -> Result<Option<GrantRow>, AppError> {
    use crate::ssr::fail;
    let Some(grant) = vestibule_service::support::active(v, who).await.map_err(fail)? else { return Ok(None) };
    let prefs = vestibule_service::preferences::get(v, who.id).await.map_err(fail)?;
    Ok(Some(GrantRow {
        until: vestibule_domain::datetime::format_datetime(grant.expires_at, &prefs),
        expires_at: grant.expires_at,
        note: grant.note,
    }))
}

/// Grants support access for `length` (`1h`, `24h`, `7d`) with an optional note, after a recent
/// proof of the owner.
#[server(prefix = "/fn", endpoint = "grant_support", output = Answer)]
pub async fn grant_support(length: String, note: String) -> Result<GrantRow, AppError> {
    use crate::ssr::{caller, fail, require_recent_proof, vestibule};
    let (caller, v) = (caller().await?, vestibule()?);
    let own = caller.own().map_err(fail)?;
    require_recent_proof(&v).await?;
    vestibule_service::support::grant(&v, own, &length, &note, &caller.origin).await.map_err(fail)?;
    grant_row(&v, own).await?.ok_or_else(|| fail(vestibule_domain::UserError::NoSupportGrant.into()))
}

/// Ends the running grant now: staff acting under it lose access on their next request.
#[server(prefix = "/fn", endpoint = "revoke_support", output = Answer)]
pub async fn revoke_support() -> Result<(), AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let (caller, v) = (caller().await?, vestibule()?);
    vestibule_service::support::revoke(&v, caller.own().map_err(fail)?, &caller.origin).await.map_err(fail)?;
    Ok(())
}

/// Support staff: the accounts with a running grant, the soonest to end first.
#[server(prefix = "/fn", endpoint = "support_accounts", output = Answer)]
pub async fn support_accounts() -> Result<Vec<GrantedRow>, AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let (caller, v) = (caller().await?, vestibule()?);
    let accounts = vestibule_service::support::granted_accounts(&v, &caller).await.map_err(fail)?;
    let prefs = vestibule_service::preferences::get(&v, caller.account.id).await.map_err(fail)?;
    Ok(accounts
        .into_iter()
        .map(|a| GrantedRow {
            until: vestibule_domain::datetime::format_datetime(a.expires_at, &prefs),
            username: a.username,
            full_name: a.full_name,
            note: a.note,
        })
        .collect())
}

/// Support staff start acting on `username`'s account for `reason` (a ticket reference).
#[server(prefix = "/fn", endpoint = "act_as", output = Answer)]
pub async fn act_as(username: String, reason: String) -> Result<(), AppError> {
    use crate::ssr::{current_session, fail, origin, session_token, vestibule};
    let v = vestibule()?;
    let session = current_session().await?.ok_or_else(|| fail(vestibule_domain::UserError::Unauthenticated.into()))?;
    let token = session_token(&v).ok_or_else(|| fail(vestibule_domain::UserError::Unauthenticated.into()))?;
    vestibule_service::support::act(&v, &session, &token, &username, &reason, &origin(&v)).await.map_err(fail)
}

/// Staff stop acting (the banner's "End"): the session is their own again.
#[server(prefix = "/fn", endpoint = "end_acting", output = Answer)]
pub async fn end_acting() -> Result<(), AppError> {
    use crate::ssr::{fail, session_token, vestibule};
    let v = vestibule()?;
    let token = session_token(&v).ok_or_else(|| fail(vestibule_domain::UserError::Unauthenticated.into()))?;
    vestibule_service::support::end(&v, &token).await.map_err(fail)
}

/// Who is acting on this account, if support staff are (for the banner on every page).
#[server(prefix = "/fn", endpoint = "acting", output = Answer)]
pub async fn who_acts() -> Result<Option<Acting>, AppError> {
    let session = crate::ssr::current_session().await?;
    Ok(session.and_then(|s| {
        s.acting.as_ref().map(|a| Acting {
            staff: a.staff.username.clone(),
            reason: a.staff.reason.clone(),
            until: a.until,
        })
    }))
}
