//! Sign-up, log-in, log-out and "who am I".

use super::Answer;
use crate::error::AppError;
use leptos::prelude::*;
use vestibule_domain::Account;
use vestibule_domain::passkeys::PasskeyChallenge;

#[server(prefix = "/fn", endpoint = "sign_up", output = Answer)]
pub async fn sign_up(username: String, email: String, password: String) -> Result<(), AppError> {
    use crate::ssr::{fail, request_ip, start_session, vestibule};
    use vestibule_service::sign_up::{Visitor, sign_up};
    let v = vestibule()?;
    // A new account speaks the browser's language until the user says otherwise.
    let ip = request_ip(&v);
    let visitor = Visitor { ip: &ip, language: crate::i18n::request_language() };
    let account = sign_up(&v, &username, &email, &password, &visitor).await.map_err(fail)?;
    start_session(&v, account.id, "sign_up").await?;
    leptos_axum::redirect("/settings");
    Ok(())
}

#[server(prefix = "/fn", endpoint = "log_in", output = Answer)]
pub async fn log_in(login: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::ssr::{fail, start_session, vestibule};
    use vestibule_service::two_factor;
    let v = vestibule()?;
    let account =
        vestibule_service::accounts::log_in(&v, &login, &password, &crate::ssr::origin(&v)).await.map_err(fail)?;
    let next = vestibule_domain::safe_next(next.as_deref());
    if two_factor::required(&v, account.id).await.map_err(fail)? {
        // No session yet: a ticket for the second step, which asks for the code.
        let ticket = two_factor::ticket(&v, account.id).await.map_err(fail)?;
        crate::ssr::set_header(http::header::SET_COOKIE, &two_factor::ticket_cookie(&v.settings, &ticket));
        let next = vestibule_domain::url::percent_encode(next, b"/");
        // The second step offers a passkey to an account that has one.
        let passkey = match vestibule_service::passkeys::any(&v, account.id).await.map_err(fail)? {
            true => "&passkey=1",
            false => "",
        };
        leptos_axum::redirect(&format!("/login/two-factor?next={next}{passkey}"));
        return Ok(());
    }
    start_session(&v, account.id, "password").await?;
    leptos_axum::redirect(next);
    Ok(())
}

/// The log-in's second step: a code from the authenticator app or a recovery code, for the account
/// whose password the ticket cookie vouches for; then the session starts.
#[server(prefix = "/fn", endpoint = "log_in_second_step", output = Answer)]
pub async fn log_in_second_step(code: String, next: Option<String>) -> Result<(), AppError> {
    use crate::ssr::{fail, origin, request_cookie, set_header, start_session, vestibule};
    use vestibule_service::two_factor;
    let v = vestibule()?;
    let expired = || fail(two_factor::ticket_expired());
    let ticket = request_cookie(two_factor::ticket_cookie_name(&v.settings)).ok_or_else(expired)?;
    let user_id = two_factor::ticket_holder(&v, &ticket).await.map_err(fail)?;
    let account = vestibule_service::accounts::find_by_id(&v, user_id).await.map_err(fail)?.ok_or_else(expired)?;
    let method = two_factor::second_step(&v, &account, &code, &origin(&v)).await.map_err(fail)?;
    set_header(http::header::SET_COOKIE, &two_factor::ticket_cookie(&v.settings, ""));
    start_session(&v, account.id, method).await?;
    leptos_axum::redirect(vestibule_domain::safe_next(next.as_deref()));
    Ok(())
}

/// Starts a sign-in with a passkey: on the log-in page (`second_step` false: no username, the
/// browser offers the passkeys it holds) or as the second step after the password (the ticket
/// cookie's account, its passkeys only). The options for `navigator.credentials.get()`.
#[server(prefix = "/fn", endpoint = "start_passkey_sign_in", output = Answer)]
pub async fn start_passkey_sign_in(second_step: bool) -> Result<PasskeyChallenge, AppError> {
    use crate::ssr::{fail, origin, vestibule};
    let v = vestibule()?;
    let user = if second_step { Some(ticket_holder(&v).await?) } else { None };
    let host = crate::request::header(http::header::HOST);
    vestibule_service::passkeys::start_sign_in(&v, user, host.as_deref(), &origin(&v)).await.map_err(fail)
}

/// Finishes a passkey sign-in begun by `start_passkey_sign_in` (with the same `second_step`): the
/// session starts, and the browser goes on to `next`.
#[server(prefix = "/fn", endpoint = "passkey_sign_in", output = Answer)]
pub async fn passkey_sign_in(
    ceremony: String,
    credential: String,
    second_step: bool,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{fail, origin, set_header, start_session, vestibule};
    use vestibule_service::two_factor;
    let v = vestibule()?;
    let user = if second_step { Some(ticket_holder(&v).await?) } else { None };
    let host = crate::request::header(http::header::HOST);
    let account =
        vestibule_service::passkeys::finish_sign_in(&v, &ceremony, &credential, user, host.as_deref(), &origin(&v))
            .await
            .map_err(fail)?;
    if second_step {
        set_header(http::header::SET_COOKIE, &two_factor::ticket_cookie(&v.settings, ""));
    }
    start_session(&v, account.id, if second_step { "password_passkey" } else { "passkey" }).await?;
    leptos_axum::redirect(vestibule_domain::safe_next(next.as_deref()));
    Ok(())
}

/// The account whose password the request's ticket cookie vouches for (the log-in's second step).
#[cfg(feature = "ssr")]
async fn ticket_holder(v: &vestibule_service::Vestibule) -> Result<i64, AppError> {
    use crate::ssr::{fail, request_cookie};
    use vestibule_service::two_factor;
    let ticket = request_cookie(two_factor::ticket_cookie_name(&v.settings))
        .ok_or_else(|| fail(two_factor::ticket_expired()))?;
    two_factor::ticket_holder(v, &ticket).await.map_err(fail)
}

#[server(prefix = "/fn", endpoint = "log_out", output = Answer)]
pub async fn log_out() -> Result<(), AppError> {
    let v = crate::ssr::vestibule()?;
    crate::ssr::end_session(&v).await?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// The logged-in account, or `None`.
#[server(prefix = "/fn", endpoint = "me", output = Answer)]
pub async fn me() -> Result<Option<Account>, AppError> {
    crate::ssr::current_account().await
}

/// After a sign-in with the single sign-on provider, for an account that has the provider's
/// address: its password links the two (the ticket is in a cookie), then it is signed in.
#[server(prefix = "/fn", endpoint = "link_sso", output = Answer)]
pub async fn link_sso(password: String) -> Result<(), AppError> {
    use crate::ssr::{fail, origin, request_cookie, set_header, start_session, vestibule};
    let v = vestibule()?;
    let ticket = request_cookie(vestibule_service::sso::link_cookie(&v.settings)).ok_or_else(|| {
        fail(vestibule_service::Error::invalid("password", vestibule_domain::ValidationError::SecondStepExpired))
    })?;
    let (account, next) = vestibule_service::sso::link(&v, &ticket, &password, &origin(&v)).await.map_err(fail)?;
    start_session(&v, account.id, "sso_link").await?;
    set_header(
        http::header::SET_COOKIE,
        &vestibule_service::sessions::cookie(&v.settings, vestibule_service::sso::link_cookie(&v.settings), "", 0),
    );
    leptos_axum::redirect(vestibule_domain::safe_next(Some(&next)));
    Ok(())
}
