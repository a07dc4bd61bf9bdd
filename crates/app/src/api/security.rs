//! Settings → Security. Each call checks the session first.

use crate::error::AppError;
use leptos::prelude::*;

/// Changes the password: the current one first; `sign_out_others` ends the account's other
/// sessions (this one stays).
#[server(prefix = "/fn", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    sign_out_others: bool,
) -> Result<(), AppError> {
    use crate::ssr::{fail, origin, require_account, session_token, vestibule};
    use vestibule_service::security::PasswordChange;
    let account = require_account().await?;
    let v = vestibule()?;
    let token = session_token(&v);
    let change = PasswordChange {
        current: &current_password,
        new: &new_password,
        sign_out_others,
        session_token: token.as_deref(),
    };
    vestibule_service::security::change_password(&v, &account, &change, &origin(&v)).await.map_err(fail)
}
