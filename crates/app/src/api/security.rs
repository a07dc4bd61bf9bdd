//! Settings → Security. Each call checks the session first.

use super::Answer;
use crate::error::AppError;
use leptos::prelude::*;
use vestibule_domain::passkeys::PasskeyChallenge;
use vestibule_domain::two_factor::{TotpEnrolment, TwoFactorStatus, TwoFactorUpdate};

/// Changes the password: the current one first; `sign_out_others` ends the account's other
/// sessions (this one stays).
#[server(prefix = "/fn", endpoint = "change_password", output = Answer)]
pub async fn change_password(
    current_password: String,
    new_password: String,
    sign_out_others: bool,
) -> Result<(), AppError> {
    use crate::ssr::{caller, fail, origin, session_token, vestibule};
    use vestibule_service::security::PasswordChange;
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    let token = session_token(&v);
    let change = PasswordChange {
        current: &current_password,
        new: &new_password,
        sign_out_others,
        session_token: token.as_deref(),
    };
    vestibule_service::security::change_password(&v, account, &change, &origin(&v)).await.map_err(fail)
}

/// One of the account's sessions as the list shows it, its times already in the user's format and
/// zone (the shared formatter, on the server).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SessionRow {
    pub id: i64,
    pub browser: Option<String>,
    pub os: Option<String>,
    pub ip: String,
    pub signed_in: String,
    pub last_active: String,
    /// This browser's session.
    pub current: bool,
}

/// One of the account's passkeys as the list shows it, its times in the user's format and zone.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PasskeyRow {
    pub id: i64,
    pub name: String,
    pub added: String,
    pub last_used: Option<String>,
}

/// What the Security page shows on arrival: the two-factor setup, the passkeys and the sessions, in
/// one answer (one resource per page: see `SecurityPage`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SecurityData {
    pub two_factor: TwoFactorStatus,
    pub passkeys: Vec<PasskeyRow>,
    pub sessions: Vec<SessionRow>,
    /// The running support grant, if any.
    pub support: Option<super::support::GrantRow>,
    /// Made by the single sign-on provider: no password here, and no two-factor sign-in of ours.
    pub sso_only: bool,
}

#[server(prefix = "/fn", endpoint = "my_security", output = Answer)]
pub async fn my_security() -> Result<SecurityData, AppError> {
    use crate::ssr::{caller, fail, vestibule};
    // The account and its preferences once, for all three parts.
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    let prefs = vestibule_service::preferences::get(&v, account.id).await.map_err(fail)?;
    Ok(SecurityData {
        two_factor: vestibule_service::two_factor::status(&v, account).await.map_err(fail)?,
        passkeys: passkey_rows(&v, account, &prefs).await?,
        sessions: session_rows(&v, account, &prefs).await?,
        support: super::support::grant_row(&v, account).await?,
        sso_only: account.sso_only,
    })
}

/// The account's passkeys, oldest first.
#[server(prefix = "/fn", endpoint = "my_passkeys", output = Answer)]
pub async fn my_passkeys() -> Result<Vec<PasskeyRow>, AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    let prefs = vestibule_service::preferences::get(&v, account.id).await.map_err(fail)?;
    passkey_rows(&v, account, &prefs).await
}

#[cfg(feature = "ssr")]
async fn passkey_rows(
    v: &vestibule_service::Vestibule,
    who: vestibule_service::caller::Own<'_>,
    prefs: &vestibule_domain::Preferences,
) -> Result<Vec<PasskeyRow>, AppError> {
    let passkeys = vestibule_service::passkeys::list(v, who).await.map_err(crate::ssr::fail)?;
    Ok(passkeys.into_iter().map(|p| passkey_row(p, prefs)).collect())
}

#[cfg(feature = "ssr")]
fn passkey_row(p: vestibule_service::passkeys::PasskeyInfo, prefs: &vestibule_domain::Preferences) -> PasskeyRow {
    use vestibule_domain::datetime::format_datetime;
    PasskeyRow {
        id: p.id,
        name: p.name,
        added: format_datetime(p.created_at, prefs),
        last_used: p.last_used_at.map(|at| format_datetime(at, prefs)),
    }
}

/// Starts adding a passkey (after a recent proof): the options for the browser's
/// `navigator.credentials.create()`.
#[server(prefix = "/fn", endpoint = "start_passkey", output = Answer)]
pub async fn start_passkey() -> Result<PasskeyChallenge, AppError> {
    use crate::ssr::{caller, fail, origin, require_recent_proof, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    require_recent_proof(&v).await?;
    let host = crate::request::header(http::header::HOST);
    vestibule_service::passkeys::start_registration(&v, account, host.as_deref(), &origin(&v)).await.map_err(fail)
}

/// Finishes adding a passkey with the browser's answer (`PublicKeyCredential.toJSON()`) and its name.
#[server(prefix = "/fn", endpoint = "add_passkey", output = Answer)]
pub async fn add_passkey(ceremony: String, name: String, credential: String) -> Result<PasskeyRow, AppError> {
    use crate::ssr::{caller, fail, origin, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    let host = crate::request::header(http::header::HOST);
    let added = vestibule_service::passkeys::finish_registration(
        &v,
        account,
        &ceremony,
        &name,
        &credential,
        host.as_deref(),
        &origin(&v),
    )
    .await
    .map_err(fail)?;
    let prefs = vestibule_service::preferences::get(&v, account.id).await.map_err(fail)?;
    Ok(passkey_row(added, &prefs))
}

/// Renames one of the account's passkeys.
#[server(prefix = "/fn", endpoint = "rename_passkey", output = Answer)]
pub async fn rename_passkey(id: i64, name: String) -> Result<(), AppError> {
    use crate::ssr::{caller, fail, origin, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    vestibule_service::passkeys::rename(&v, account, id, &name, &origin(&v)).await.map_err(fail)
}

/// Removes one of the account's passkeys (after a recent proof).
#[server(prefix = "/fn", endpoint = "remove_passkey", output = Answer)]
pub async fn remove_passkey(id: i64) -> Result<(), AppError> {
    use crate::ssr::{caller, fail, origin, require_recent_proof, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    require_recent_proof(&v).await?;
    vestibule_service::passkeys::remove(&v, account, id, &origin(&v)).await.map_err(fail)
}

/// The account's live sessions, the newest sign-in first.
#[server(prefix = "/fn", endpoint = "my_sessions", output = Answer)]
pub async fn my_sessions() -> Result<Vec<SessionRow>, AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    let prefs = vestibule_service::preferences::get(&v, account.id).await.map_err(fail)?;
    session_rows(&v, account, &prefs).await
}

#[cfg(feature = "ssr")]
async fn session_rows(
    v: &vestibule_service::Vestibule,
    who: vestibule_service::caller::Own<'_>,
    prefs: &vestibule_domain::Preferences,
) -> Result<Vec<SessionRow>, AppError> {
    use vestibule_domain::datetime::format_datetime;
    let token = crate::ssr::session_token(v);
    let sessions = vestibule_service::sessions::list(v, who, token.as_deref()).await.map_err(crate::ssr::fail)?;
    Ok(sessions
        .into_iter()
        .map(|s| SessionRow {
            id: s.id,
            browser: s.device.browser.map(str::to_string),
            os: s.device.os.map(str::to_string),
            ip: s.ip,
            signed_in: format_datetime(s.created_at, prefs),
            last_active: format_datetime(s.last_seen_at, prefs),
            current: s.current,
        })
        .collect())
}

/// Signs out one of the account's sessions (404 when it has none with that id).
#[server(prefix = "/fn", endpoint = "sign_out_session", output = Answer)]
pub async fn sign_out_session(id: i64) -> Result<(), AppError> {
    use crate::ssr::{caller, fail, origin, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    match vestibule_service::sessions::end(&v, account, id, &origin(&v)).await.map_err(fail)? {
        true => Ok(()),
        false => Err(fail(vestibule_domain::UserError::NotFound.into())),
    }
}

/// Signs out every session of the account but this one; how many ended.
#[server(prefix = "/fn", endpoint = "sign_out_other_sessions", output = Answer)]
pub async fn sign_out_other_sessions() -> Result<u64, AppError> {
    use crate::ssr::{caller, fail, origin, session_token, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    let token = session_token(&v);
    vestibule_service::sessions::end_others(&v, account, token.as_deref(), &origin(&v)).await.map_err(fail)
}

/// The account's two-factor setup.
#[server(prefix = "/fn", endpoint = "my_two_factor", output = Answer)]
pub async fn my_two_factor() -> Result<TwoFactorStatus, AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    vestibule_service::two_factor::status(&vestibule()?, account).await.map_err(fail)
}

/// Starts setting up an authenticator app: the secret and its QR code, shown until a code confirms.
#[server(prefix = "/fn", endpoint = "start_totp", output = Answer)]
pub async fn start_totp() -> Result<TotpEnrolment, AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    vestibule_service::two_factor::start_totp(&vestibule()?, account).await.map_err(fail)
}

/// Turns the authenticator app on with a code from it and the password; the first recovery codes,
/// shown once.
#[server(prefix = "/fn", endpoint = "confirm_totp", output = Answer)]
pub async fn confirm_totp(code: String, password: String) -> Result<TwoFactorUpdate, AppError> {
    use crate::ssr::{caller, fail, origin, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    vestibule_service::two_factor::confirm_totp(&v, account, &code, &password, &origin(&v)).await.map_err(fail)
}

/// New recovery codes after the password; the old ones stop working.
#[server(prefix = "/fn", endpoint = "new_recovery_codes", output = Answer)]
pub async fn new_recovery_codes(password: String) -> Result<TwoFactorUpdate, AppError> {
    use crate::ssr::{caller, fail, origin, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    vestibule_service::two_factor::new_recovery_codes(&v, account, &password, &origin(&v)).await.map_err(fail)
}

/// Turns two-factor sign-in off after the password; `sign_out_others` ends the other sessions.
#[server(prefix = "/fn", endpoint = "turn_off_two_factor", output = Answer)]
pub async fn turn_off_two_factor(password: String, sign_out_others: bool) -> Result<TwoFactorUpdate, AppError> {
    use crate::ssr::{caller, fail, origin, session_token, vestibule};
    use vestibule_service::two_factor::TurnOff;
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    let token = session_token(&v);
    let off = TurnOff { password: &password, sign_out_others, session_token: token.as_deref() };
    vestibule_service::two_factor::turn_off(&v, account, &off, &origin(&v)).await.map_err(fail)
}

/// Proves the owner again for this session (sudo mode): the password, or with two-factor sign-in
/// on a code from the app. Sensitive changes then work for `VESTIBULE_REAUTH_MINUTES`.
#[server(prefix = "/fn", endpoint = "reauthenticate", output = Answer)]
pub async fn reauthenticate(secret: String) -> Result<(), AppError> {
    use crate::ssr::{caller, fail, origin, session_token, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    let token = session_token(&v);
    vestibule_service::reauth::prove(&v, account, token.as_deref(), &secret, &origin(&v)).await.map_err(fail)
}

/// Whether the account has a passkey (the re-authentication dialog then offers one).
#[server(prefix = "/fn", endpoint = "has_passkeys", output = Answer)]
pub async fn has_passkeys() -> Result<bool, AppError> {
    use crate::ssr::{caller, fail, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    vestibule_service::passkeys::any(&vestibule()?, account.id).await.map_err(fail)
}

/// Starts proving the owner again with a passkey: the options for `navigator.credentials.get()`,
/// the account's passkeys only.
#[server(prefix = "/fn", endpoint = "start_passkey_proof", output = Answer)]
pub async fn start_passkey_proof() -> Result<PasskeyChallenge, AppError> {
    use crate::ssr::{caller, fail, origin, vestibule};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    let host = crate::request::header(http::header::HOST);
    vestibule_service::passkeys::start_sign_in(&v, Some(account.id), host.as_deref(), &origin(&v)).await.map_err(fail)
}

/// Proves the owner again with a passkey's answer (sudo mode, as `reauthenticate`).
#[server(prefix = "/fn", endpoint = "reauthenticate_with_passkey", output = Answer)]
pub async fn reauthenticate_with_passkey(ceremony: String, credential: String) -> Result<(), AppError> {
    use crate::ssr::{caller, fail, origin, session_token, vestibule};
    use vestibule_service::reauth::{PasskeyAnswer, prove_with_passkey};
    let caller = caller().await?;
    let account = caller.own().map_err(fail)?;
    let v = vestibule()?;
    let token = session_token(&v);
    let host = crate::request::header(http::header::HOST);
    let answer = PasskeyAnswer { ceremony: &ceremony, credential: &credential, host: host.as_deref() };
    prove_with_passkey(&v, account, token.as_deref(), answer, &origin(&v)).await.map_err(fail)
}
