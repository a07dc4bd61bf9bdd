//! Sign-up, log-in, log-out and "who am I".

use crate::error::AppError;
use leptos::prelude::*;
use vestibule_domain::Account;

#[server(prefix = "/fn", endpoint = "sign_up")]
pub async fn sign_up(username: String, email: String, password: String) -> Result<(), AppError> {
    use crate::ssr::{fail, request_ip, start_session, vestibule};
    use vestibule_service::sign_up::{Visitor, sign_up};
    let v = vestibule()?;
    // A new account speaks the browser's language until the user says otherwise.
    let ip = request_ip(&v);
    let visitor = Visitor { ip: &ip, language: crate::i18n::request_language() };
    let account = sign_up(&v, &username, &email, &password, &visitor).await.map_err(fail)?;
    start_session(&v, account.id).await?;
    leptos_axum::redirect("/settings");
    Ok(())
}

#[server(prefix = "/fn", endpoint = "log_in")]
pub async fn log_in(login: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::ssr::{fail, request_ip, start_session, vestibule};
    let v = vestibule()?;
    let account = vestibule_service::accounts::log_in(&v, &login, &password, &request_ip(&v)).await.map_err(fail)?;
    start_session(&v, account.id).await?;
    leptos_axum::redirect(vestibule_domain::safe_next(next.as_deref()));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "log_out")]
pub async fn log_out() -> Result<(), AppError> {
    let v = crate::ssr::vestibule()?;
    crate::ssr::end_session(&v).await?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// The logged-in account, or `None`.
#[server(prefix = "/fn", endpoint = "me")]
pub async fn me() -> Result<Option<Account>, AppError> {
    crate::ssr::current_account().await
}
