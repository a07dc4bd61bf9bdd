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
use vestibule_domain::i18n::{t, t_args};
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
    let key = format!("user:{}", account.id);
    let failures_on_record = throttle::check_account(&v.db, &key).await?;
    let stored: Option<(String,)> = sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
        .bind(account.id)
        .fetch_optional(&v.db.pool)
        .await?;
    let Some((stored,)) = stored else { return Err(UserError::Unauthenticated.into()) };
    let current = Password::for_login(change.current);
    if !v.hasher.verify(&current, Some(PasswordHash(stored.clone()))).await? {
        throttle::record_failure(&v.db, &key, &origin.ip).await?;
        return Err(Error::invalid("current_password", ValidationError::PasswordWrong));
    }
    if failures_on_record {
        throttle::record_success(&v.db, &key).await?;
    }
    let new = Password::parse_new(change.new, &account.username, &account.email)
        .map_err(|e| Error::invalid("new_password", e))?;
    let hash = v.hasher.hash(&new).await?;
    // The security mail (always sent, to a proven address only), made before the transaction: it
    // reads the preferences on another connection, which must not wait while this one holds
    // SQLite's write lock.
    let mail = match account.email_verified {
        true => {
            let prefs = preferences::get(v, account.id).await?;
            let args = [
                ("name", display_name(account).to_string().into()),
                ("username", account.username.clone().into()),
                ("when", format_datetime(now_ms(), &prefs).into()),
                ("ip", origin.ip.clone().into()),
            ];
            Some(Mail::new(
                &v.settings,
                prefs.language,
                &account.email,
                t(prefs.language, "mail-password-changed-subject"),
                t_args(prefs.language, "mail-password-changed-body", &args) + "\n",
            )?)
        }
        false => None,
    };
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
