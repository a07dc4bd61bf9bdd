//! Settings → Security: changing the password (the current one proves it is the owner), which can
//! sign out the account's other sessions, and tells the account's address.

use crate::audit::{self, Origin};
use crate::caller::Own;
use crate::outbox::{self, Job};
use crate::{Error, Result, Vestibule};
use vestibule_domain::{Password, ValidationError};

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
pub async fn change_password(v: &Vestibule, who: Own<'_>, change: &PasswordChange<'_>, origin: &Origin) -> Result<()> {
    let account = who.own_sign_in()?;
    let stored = crate::owner::prove_password(v, account, change.current, "current_password", origin).await?;
    let second_factor = crate::two_factor::required(v, account.id).await?;
    let new = Password::parse_new_for(change.new, &account.username, &account.email, second_factor)
        .map_err(|e| Error::invalid("new_password", e))?;
    let hash = v.hasher.hash(&new).await?;
    let mail = crate::owner::security_mail(v, account, "password-changed", origin, Vec::new()).await?;
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

/// A page of the account's security log (see `audit::page`): the owner's only, as it shows every
/// sign-in's address and the support grants.
pub async fn audit_log(
    v: &Vestibule,
    who: Own<'_>,
    kind: Option<&str>,
    before: Option<i64>,
    prefs: &vestibule_domain::Preferences,
) -> Result<vestibule_domain::audit::AuditPage> {
    crate::audit::page(v, who.id, kind, before, prefs).await
}
