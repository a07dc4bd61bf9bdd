//! Sign-up by visitors: only while the operator keeps it open, a few per client address an hour,
//! and the new address stays unverified until the link mailed to it is followed.

use crate::{Error, Result, UserError, Vestibule, accounts, email_verification, preferences, throttle};
use vestibule_domain::{Account, Language, Preferences, validate_sign_up};

/// Where a sign-up comes from: the visitor's address and the language they read (the new account's language, and the mail's).
pub struct Visitor<'a> {
    pub ip: &'a str,
    pub language: Language,
}

/// A visitor creates an account, while sign-up is open: every bad field is reported, a taken name or
/// address too; each address gets a few sign-ups an hour. The address stays unverified until the
/// user opens the link mailed to it.
pub async fn sign_up(
    v: &Vestibule,
    username: &str,
    email: &str,
    password: &str,
    visitor: &Visitor<'_>,
) -> Result<Account> {
    if !v.settings.sign_up.open {
        return Err(UserError::SignUpClosed.into());
    }
    let (username, email, password) =
        validate_sign_up(username, email, password).map_err(|e| Error(UserError::Invalid(e)))?;
    throttle::count_sign_up(&v.db, visitor.ip, v.settings.sign_up.per_address_per_hour).await?;
    let account = accounts::insert(v, &username, &email, &password, false, None).await?;
    // The account exists now: a preference or a mail that fails must not turn sign-up into an error
    // (the profile offers to send the link again).
    let prefs = Preferences { language: visitor.language, ..Default::default() };
    if let Err(e) = preferences::save(v, account.id, &prefs).await {
        tracing::warn!(user = account.id, "could not save the new account's language: {e}");
    }
    if let Err(e) = email_verification::send(v, &account).await {
        tracing::warn!(user = account.id, "could not mail the new account's verification link: {e}");
    }
    Ok(account)
}
