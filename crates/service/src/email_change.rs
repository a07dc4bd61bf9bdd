//! Changing the email address: a link to the new address (24 hours, single use) makes the change;
//! the old address is told afterwards. Until then the profile shows the pending address.

use crate::accounts::find_by_id;
use crate::error::is_unique_violation;
use crate::mail::Mail;
use crate::time::now_ms;
use crate::token::{digest, random_token};
use crate::{Error, Result, UserError, Vestibule, preferences};
use vestibule_domain::datetime::format_datetime;
use vestibule_domain::i18n::{t, t_args};
use vestibule_domain::{Account, EmailAddress, ValidationError};

pub const LINK_VALID_MS: i64 = 24 * 3600 * 1000;

/// Starts a change to `raw_email` and mails the confirmation link (`{base_url}/verify-email?token=…`,
/// see `Vestibule::base_url`).
pub async fn request(v: &Vestibule, account: &Account, raw_email: &str) -> Result<String> {
    let email = EmailAddress::parse(raw_email).map_err(|e| Error::invalid("email", e))?;
    if email.as_str().eq_ignore_ascii_case(&account.email) {
        return Err(Error::invalid("email", ValidationError::EmailUnchanged));
    }
    let (taken,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE lower(email) = lower($1)")
        .bind(email.as_str())
        .fetch_one(&v.db.pool)
        .await?;
    if taken > 0 {
        return Err(Error::invalid("email", ValidationError::EmailTaken));
    }
    send_link(v, account, email.as_str()).await?;
    Ok(email.to_string())
}

/// Sends a fresh link for the pending change (the old link stops working).
pub async fn resend(v: &Vestibule, account: &Account) -> Result<()> {
    let email = pending(v, account.id).await?.ok_or(Error(UserError::NotFound))?;
    send_link(v, account, &email).await
}

async fn send_link(v: &Vestibule, account: &Account, email: &str) -> Result<()> {
    let token = random_token()?;
    sqlx::query(
        "INSERT INTO email_changes (user_id, new_email, token_hash, expires_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id) DO UPDATE SET new_email = $2, token_hash = $3, expires_at = $4",
    )
    .bind(account.id)
    .bind(email)
    .bind(digest(&token))
    .bind(now_ms() + LINK_VALID_MS)
    .execute(&v.db.pool)
    .await?;
    let link = format!("{}/verify-email?token={token}", v.base_url());
    let language = preferences::get(v, account.id).await?.language;
    let args = [
        ("name", display_name(account).to_string().into()),
        ("username", account.username.clone().into()),
        ("link", link.into()),
    ];
    v.mailer
        .send(Mail {
            to: email.to_string(),
            subject: t(language, "mail-verify-subject"),
            body: t_args(language, "mail-verify-body", &args) + "\n",
        })
        .await
}

/// The address waiting for confirmation, if any (expired requests do not count).
pub async fn pending(v: &Vestibule, user_id: i64) -> Result<Option<String>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT new_email FROM email_changes WHERE user_id = $1 AND expires_at > $2")
            .bind(user_id)
            .bind(now_ms())
            .fetch_optional(&v.db.pool)
            .await?;
    Ok(row.map(|(e,)| e))
}

pub async fn cancel(v: &Vestibule, user_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM email_changes WHERE user_id = $1").bind(user_id).execute(&v.db.pool).await?;
    Ok(())
}

/// Applies the change a link stands for, once, and tells the old address.
pub async fn confirm(v: &Vestibule, token: &str) -> Result<Account> {
    let invalid = || Error::invalid("token", ValidationError::LinkInvalid);
    let mut tx = v.db.pool.begin().await?;
    let row: Option<(i64, String, i64)> =
        sqlx::query_as("DELETE FROM email_changes WHERE token_hash = $1 RETURNING user_id, new_email, expires_at")
            .bind(digest(token))
            .fetch_optional(&mut *tx)
            .await?;
    let (user_id, new_email, expires_at) = row.ok_or_else(invalid)?;
    if expires_at <= now_ms() {
        tx.commit().await?;
        return Err(invalid());
    }
    let before = find_by_id(v, user_id).await?.ok_or_else(invalid)?;
    let updated =
        sqlx::query("UPDATE users SET email = $1 WHERE id = $2").bind(&new_email).bind(user_id).execute(&mut *tx).await;
    match updated {
        Err(e) if is_unique_violation(&e, "email") => return Err(Error::invalid("email", ValidationError::EmailTaken)),
        other => other?,
    };
    tx.commit().await?;
    let prefs = preferences::get(v, user_id).await?;
    let args = [
        ("name", display_name(&before).to_string().into()),
        ("username", before.username.clone().into()),
        ("email", new_email.clone().into()),
        ("when", format_datetime(now_ms(), &prefs).into()),
    ];
    let notice = v
        .mailer
        .send(Mail {
            to: before.email.clone(),
            subject: t(prefs.language, "mail-changed-subject"),
            body: t_args(prefs.language, "mail-changed-body", &args) + "\n",
        })
        .await;
    // The change is made; a notice that could not go out is the operator's to see, not a failure.
    if let Err(e) = notice {
        tracing::warn!(user = user_id, "could not send the email-changed notice: {e}");
    }
    Ok(Account { email: new_email, ..before })
}

fn display_name(account: &Account) -> &str {
    if account.full_name.is_empty() { &account.username } else { &account.full_name }
}
