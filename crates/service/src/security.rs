//! Settings → Security: changing the password (the current one proves it is the owner), which can
//! sign out the account's other sessions, and tells the account's address.

use crate::accounts::passwords::PasswordHash;
use crate::audit::{self, Origin};
use crate::email_change::display_name;
use crate::mail::Mail;
use crate::outbox::{self, Job};
use crate::time::now_ms;
use crate::{Error, Result, UserError, Vestibule, preferences, throttle};
use vestibule_domain::datetime::format_datetime;
use vestibule_domain::i18n::{Arg, t, t_args};
use vestibule_domain::{Account, Password, ValidationError};

/// What a password change asks for.
pub struct PasswordChange<'a> {
    pub current: &'a str,
    pub new: &'a str,
    /// End every other session of the account (the one making the change stays).
    pub sign_out_others: bool,
    /// The session making the change (its token), kept when the others end.
    pub session_token: Option<&'a str>,
}

/// Proves that the person at the keyboard knows the account's password (re-authentication before
/// a sensitive change) and returns the stored hash. A wrong password is a message on `field` and
/// counts toward the account's log-in throttle, so no form guesses it faster than the log-in page.
pub(crate) async fn prove_password(
    v: &Vestibule,
    account: &Account,
    password: &str,
    field: &str,
    origin: &Origin,
) -> Result<String> {
    let key = throttle::password_key(account.id);
    let failures_on_record = throttle::check_account(&v.db, &key).await?;
    let stored: Option<(String,)> = sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
        .bind(account.id)
        .fetch_optional(&v.db.pool)
        .await?;
    let Some((stored,)) = stored else { return Err(UserError::Unauthenticated.into()) };
    if !v.hasher.verify(&Password::for_login(password), Some(PasswordHash(stored.clone()))).await? {
        throttle::record_failure(&v.db, &key, &origin.ip).await?;
        return Err(Error::invalid(field, ValidationError::PasswordWrong));
    }
    if failures_on_record {
        throttle::record_success(&v.db, &key).await?;
    }
    Ok(stored)
}

/// A security mail (`mail-<kind>-subject` and `-body`, with the account's name, when, from where,
/// and `extra`), in the owner's language and zone. Always sent, to a proven address only; built
/// before the caller's transaction: it reads the preferences on another connection, which must not
/// wait while the transaction holds SQLite's write lock.
pub(crate) async fn security_mail(
    v: &Vestibule,
    account: &Account,
    kind: &str,
    origin: &Origin,
    extra: Vec<(&'static str, Arg<'static>)>,
) -> Result<Option<Mail>> {
    if !account.email_verified {
        return Ok(None);
    }
    let prefs = preferences::get(v, account.id).await?;
    let mut args = vec![
        ("name", display_name(account).to_string().into()),
        ("username", account.username.clone().into()),
        ("when", format_datetime(now_ms(), &prefs).into()),
        ("ip", origin.ip.clone().into()),
    ];
    args.extend(extra);
    let subject = t(prefs.language, &format!("mail-{kind}-subject"));
    let body = t_args(prefs.language, &format!("mail-{kind}-body"), &args) + "\n";
    Ok(Some(Mail::new(&v.settings, prefs.language, &account.email, subject, body)?))
}

/// Changes the account's password. A wrong current password counts toward the log-in throttle of
/// the account (so this form cannot be used to guess it faster than the log-in page); the new one
/// follows the sign-up rules. The new hash, the other sessions' end, the audit event and the
/// security mail are one transaction.
pub async fn change_password(
    v: &Vestibule,
    account: &Account,
    change: &PasswordChange<'_>,
    origin: &Origin,
) -> Result<()> {
    let stored = prove_password(v, account, change.current, "current_password", origin).await?;
    let second_factor = crate::two_factor::required(v, account.id).await?;
    let new = Password::parse_new_for(change.new, &account.username, &account.email, second_factor)
        .map_err(|e| Error::invalid("new_password", e))?;
    let hash = v.hasher.hash(&new).await?;
    let mail = security_mail(v, account, "password-changed", origin, Vec::new()).await?;
    let mut tx = v.db.pool.begin().await?;
    // Only over the hash that was just proven: of two changes at once, the second finds it gone.
    let updated = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3")
        .bind(hash.0)
        .bind(account.id)
        .bind(&stored)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if updated == 0 {
        return Err(Error::invalid("current_password", ValidationError::PasswordWrong));
    }
    let mut ended = 0;
    if change.sign_out_others {
        ended = crate::sessions::end_others_in(&mut tx, account.id, change.session_token).await?;
    }
    audit::record(&mut *tx, account.id, "password.changed", "", &format!("other sessions ended: {ended}"), origin)
        .await?;
    if let Some(mail) = mail {
        outbox::enqueue(&mut tx, &v.sealer, &Job::Mail(mail)).await?;
    }
    tx.commit().await?;
    v.outbox_queued();
    // Cached sessions of the account are looked up again (the ended ones are gone).
    v.user_changed(account.id).await;
    tracing::info!(user_id = account.id, other_sessions_ended = ended, "password changed");
    Ok(())
}
