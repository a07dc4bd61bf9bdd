//! Sign-up by visitors: only while the operator keeps it open, a few per client address an hour,
//! and the new address stays unverified until the link mailed to it is followed.

use crate::email_change::{Link, LinkTable};
use crate::{Error, Result, UserError, Vestibule, accounts, preferences, throttle};
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
    let hash = v.hasher.hash(&password).await?;
    // The account, its language and the link that proves its address, with the link's mail, are
    // one transaction: the account exists exactly when its welcome mail is queued.
    let link = Link::new()?;
    let mut tx = v.db.pool.begin().await?;
    let account = accounts::insert_hashed(&mut tx, &username, &email, hash, false, None).await?;
    preferences::store(&mut tx, account.id, &Preferences { language: visitor.language, ..Default::default() }).await?;
    let mail = link.mail_in(v, visitor.language, &account, &account.email, "mail-welcome")?;
    link.store(&mut tx, v, account.id, LinkTable::EmailVerifications, &account.email, mail).await?;
    tx.commit().await?;
    v.outbox_queued();
    Ok(account)
}
