//! Proving a new account's address: a link mailed to it at sign-up (the email-change machinery:
//! 24 hours, single use, only its digest stored, confirmed by a POST from the /verify-email page).
//! Until then `Account::email_verified` is false, and mail other than this link must not go there.

use crate::accounts::find_by_id;
use crate::email_change::{self, Link, LinkTable};
use crate::time::now_ms;
use crate::{Error, Result, Vestibule};
use vestibule_domain::{Account, ValidationError};

/// Mails a link that proves the account's current address; an earlier link stops working.
pub async fn send(v: &Vestibule, account: &Account) -> Result<()> {
    let link = Link::new()?;
    let mail = link.mail(v, account, &account.email, "mail-welcome").await?;
    link.send(v, account.id, LinkTable::EmailVerifications, &account.email, mail).await
}

/// The profile's "Resend": a fresh link, unless the address is verified already (then nothing).
pub async fn resend(v: &Vestibule, account: &Account) -> Result<()> {
    if account.email_verified {
        return Ok(());
    }
    send(v, account).await
}

/// What a mailed link did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmed {
    /// The account's address is verified.
    Verified(Account),
    /// The account has the new address (verified too).
    Changed(Account),
    /// Notifications go to this address now.
    NotificationAddress(String),
}

/// Uses a link from any mail that proves an address, once: a new account's, a change of address,
/// or another address for notifications.
pub async fn confirm_link(v: &Vestibule, token: &str, origin: &crate::audit::Origin) -> Result<Confirmed> {
    if let Some(account) = confirm(v, token).await? {
        return Ok(Confirmed::Verified(account));
    }
    if let Some((_, email)) = crate::notifications::confirm_address(v, token).await? {
        return Ok(Confirmed::NotificationAddress(email));
    }
    email_change::confirm(v, token, origin).await.map(Confirmed::Changed)
}

/// Marks the address a verification link was mailed to as verified; `None` when the token is no
/// verification link (it may be an email change's).
async fn confirm(v: &Vestibule, token: &str) -> Result<Option<Account>> {
    let invalid = || Error::invalid("token", ValidationError::LinkInvalid);
    let mut tx = v.db.pool.begin().await?;
    let row: Option<(i64, String, i64)> =
        sqlx::query_as("DELETE FROM email_verifications WHERE token_hash = $1 RETURNING user_id, email, expires_at")
            .bind(crate::token::digest(token))
            .fetch_optional(&mut *tx)
            .await?;
    let Some((user_id, email, expires_at)) = row else {
        return Ok(None);
    };
    let now = now_ms();
    // Only the address the link went to: once the account has another one, the link proves nothing.
    let updated = if expires_at > now {
        sqlx::query("UPDATE users SET email_verified_at = $1 WHERE id = $2 AND email = $3")
            .bind(now)
            .bind(user_id)
            .bind(&email)
            .execute(&mut *tx)
            .await?
            .rows_affected()
    } else {
        0
    };
    tx.commit().await?;
    if updated == 0 {
        return Err(invalid());
    }
    v.user_changed(user_id).await;
    find_by_id(v, user_id).await?.ok_or_else(invalid).map(Some)
}
