//! Re-authentication ("sudo mode"): a sensitive change (the email address, API keys) needs the
//! session to have proven its owner within `VESTIBULE_REAUTH_MINUTES`: at log-in, or by giving the
//! password again, a passkey of the account, or, with two-factor sign-in on, a code from the app.
//! The REST API is not
//! concerned: a key is its own credential.

use crate::audit::Origin;
use crate::caller::Own;
use crate::time::now_ms;
use crate::token::digest;
use crate::{Error, Result, UserError, Vestibule, owner, two_factor};
use vestibule_domain::two_factor::OneTimeCode;
use vestibule_domain::{Account, ValidationError};

/// Refuses with `ReauthRequired` unless the session `token` proved its owner recently.
pub async fn require(v: &Vestibule, token: Option<&str>) -> Result<()> {
    let Some(token) = token else { return Err(UserError::Unauthenticated.into()) };
    let proven: Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT proven_at, acting_grant FROM sessions WHERE token_hash = $1")
            .bind(digest(token))
            .fetch_optional(&v.db.pool)
            .await?;
    match proven {
        // Support staff acting on an account never prove its owner.
        Some((_, Some(_))) => Err(UserError::NotForSupport.into()),
        Some((at, None)) if now_ms() - at <= v.settings.reauth_window.as_millis() as i64 => Ok(()),
        Some(_) => Err(UserError::ReauthRequired.into()),
        None => Err(UserError::Unauthenticated.into()),
    }
}

/// The owner proves it is them again for this session: the password, or with two-factor sign-in on
/// a code from the app (each counted like a log-in's). A wrong one is a message on `secret`.
pub async fn prove(v: &Vestibule, who: Own<'_>, token: Option<&str>, secret: &str, origin: &Origin) -> Result<()> {
    let account = who.own_sign_in()?;
    let Some(token) = token else { return Err(UserError::Unauthenticated.into()) };
    let code = matches!(OneTimeCode::parse(secret), Ok(OneTimeCode::Totp(_)));
    if code && two_factor::required(v, account.id).await? {
        // A wrong code is a message on this form's field; being throttled stays what it is.
        two_factor::check_app_code(v, account, secret, origin).await.map_err(|e| match e.0 {
            UserError::Invalid(_) => Error::invalid("secret", ValidationError::CodeWrong),
            other => Error(other),
        })?;
    } else {
        owner::prove_password(v, account, secret, "secret", origin).await?;
    }
    proven(v, account, token).await
}

/// The owner proves it is them again with one of the account's passkeys: the answer to a ceremony
/// begun with `passkeys::start_sign_in(v, Some(account.id), …)`.
pub async fn prove_with_passkey(
    v: &Vestibule,
    who: Own<'_>,
    token: Option<&str>,
    answer: PasskeyAnswer<'_>,
    origin: &Origin,
) -> Result<()> {
    let account = who.own_sign_in()?;
    let Some(token) = token else { return Err(UserError::Unauthenticated.into()) };
    crate::passkeys::finish_sign_in(v, answer.ceremony, answer.credential, Some(account.id), answer.host, origin)
        .await?;
    proven(v, account, token).await
}

/// A passkey's answer to a ceremony, and the `Host` it came to.
pub struct PasskeyAnswer<'a> {
    pub ceremony: &'a str,
    pub credential: &'a str,
    pub host: Option<&'a str>,
}

async fn proven(v: &Vestibule, account: &Account, token: &str) -> Result<()> {
    sqlx::query("UPDATE sessions SET proven_at = $1 WHERE token_hash = $2 AND user_id = $3")
        .bind(now_ms())
        .bind(digest(token))
        .bind(account.id)
        .execute(&v.db.pool)
        .await?;
    Ok(())
}
