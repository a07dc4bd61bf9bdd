//! Changing the email address: a link to the new address (24 hours, single use) makes the change;
//! the old address is told afterwards. Until then the profile shows the pending address.
//! The link machinery (`Link`) also proves new accounts' addresses (`email_verification`).

use crate::accounts::{find_by_email, find_by_id};
use crate::caller::Own;
use crate::error::is_unique_violation;
use crate::mail::Mail;
use crate::outbox::{self, Job};
use crate::time::now_ms;
use crate::token::{digest, random_token};
use crate::{Error, Result, UserError, Vestibule, preferences};
use vestibule_domain::datetime::format_datetime;
use vestibule_domain::i18n::{t, t_args};
use vestibule_domain::{Account, EmailAddress, Language, ValidationError};

pub const LINK_VALID_MS: i64 = 24 * 3600 * 1000;

/// Starts a change to `raw_email` and mails the confirmation link (`{base_url}/verify-email?token=…`,
/// see `Vestibule::base_url`).
/// Written to the security log (the address asked for, and the one it would replace).
pub async fn request(v: &Vestibule, who: Own<'_>, raw_email: &str, origin: &crate::audit::Origin) -> Result<String> {
    let account = who.account();
    let email = EmailAddress::parse(raw_email).map_err(|e| Error::invalid("email", e))?;
    match find_by_email(v, &email).await? {
        Some(owner) if owner.id == account.id => return Err(Error::invalid("email", ValidationError::EmailUnchanged)),
        Some(_) => return Err(Error::invalid("email", ValidationError::EmailTaken)),
        None => {}
    }
    send_link(v, account, email.as_str()).await?;
    crate::audit::record(&v.db.pool, account.id, "email.change_requested", email.as_str(), &account.email, origin)
        .await?;
    Ok(email.to_string())
}

/// Sends a fresh link for the pending change (the old link stops working).
pub async fn resend(v: &Vestibule, who: Own<'_>) -> Result<()> {
    let account = who.account();
    let email = pending(v, account.id).await?.ok_or(Error(UserError::NotFound))?;
    send_link(v, account, &email).await
}

async fn send_link(v: &Vestibule, account: &Account, email: &str) -> Result<()> {
    let link = Link::new()?;
    let mail = link.mail(v, account, email, "mail-verify").await?;
    link.send(v, account.id, LinkTable::EmailChanges, email, mail).await?;
    // Pages show the pending address from the session's look-up.
    v.user_changed(account.id).await;
    Ok(())
}

/// Claims this account's turn for a mail with a link, inside the transaction that queues it: at
/// most one per `Settings::link_mail_interval`, whichever kind, cancelled or not. `Throttled` (429
/// with Retry-After) otherwise; the transaction is then dropped, so nothing is stored or sent.
pub(crate) async fn take_link_mail_turn(conn: &mut sqlx::AnyConnection, v: &Vestibule, user_id: i64) -> Result<()> {
    let now = now_ms();
    let gap = v.settings.link_mail_interval.as_millis() as i64;
    let taken = sqlx::query(
        "INSERT INTO link_mails (user_id, last_at) VALUES ($1, $2) \
         ON CONFLICT (user_id) DO UPDATE SET last_at = $2 WHERE link_mails.last_at <= $3",
    )
    .bind(user_id)
    .bind(now)
    .bind(now - gap)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if taken == 0 {
        let (last,): (i64,) =
            sqlx::query_as("SELECT last_at FROM link_mails WHERE user_id = $1").bind(user_id).fetch_one(conn).await?;
        return Err(crate::throttle::retry_after(last + gap, now));
    }
    Ok(())
}

/// A new single-use link (24 hours): the token goes into the mail, only its digest into the database.
/// Email change and the verification of a new account's address share it.
pub(crate) struct Link {
    token: String,
    pub digest: String,
    pub expires_at: i64,
}

impl Link {
    pub fn new() -> Result<Self> {
        let token = random_token()?;
        Ok(Self { digest: digest(&token), expires_at: now_ms() + LINK_VALID_MS, token })
    }

    /// The mail with `<base URL>/verify-email?token=…` (see `Vestibule::base_url`) to `to`, with the
    /// catalog's `<mail>-subject` and `<mail>-body` in the account's language; the caller queues it
    /// in the transaction that stores the link.
    pub async fn mail(&self, v: &Vestibule, account: &Account, to: &str, mail: &str) -> Result<Mail> {
        let language = preferences::get(v, account.id).await?.language;
        self.mail_in(v, language, account, to, mail)
    }

    /// `mail` in `language`.
    pub fn mail_in(&self, v: &Vestibule, language: Language, account: &Account, to: &str, mail: &str) -> Result<Mail> {
        let link = format!("{}/verify-email?token={}", v.base_url(), self.token);
        let args = [
            ("name", display_name(account).to_string().into()),
            ("username", account.username.clone().into()),
            ("link", link.into()),
        ];
        Mail::new(
            &v.settings,
            language,
            to,
            t(language, &format!("{mail}-subject")),
            t_args(language, &format!("{mail}-body"), &args) + "\n",
        )
    }
}

/// Where a kind of link is stored: one row per user (a new link replaces the old) with the address
/// it proves, the token's digest and the expiry.
#[derive(Clone, Copy)]
pub(crate) enum LinkTable {
    EmailChanges,
    EmailVerifications,
    NotificationAddresses,
}

impl Link {
    /// Stores this link for `user_id` with the address it proves and queues its `mail`, in one
    /// transaction (see `store`).
    pub(crate) async fn send(
        &self,
        v: &Vestibule,
        user_id: i64,
        table: LinkTable,
        email: &str,
        mail: Mail,
    ) -> Result<()> {
        let mut tx = v.db.pool.begin().await?;
        self.store(&mut tx, v, user_id, table, email, mail).await?;
        tx.commit().await?;
        v.outbox_queued();
        Ok(())
    }

    /// In the caller's transaction: takes the account's turn for a link mail
    /// (`take_link_mail_turn`), stores this link with the address it proves, and queues its `mail`.
    /// The caller commits, then wakes the outbox (`Vestibule::outbox_queued`).
    pub(crate) async fn store(
        &self,
        tx: &mut sqlx::AnyConnection,
        v: &Vestibule,
        user_id: i64,
        table: LinkTable,
        email: &str,
        mail: Mail,
    ) -> Result<()> {
        let (table, column) = match table {
            LinkTable::EmailChanges => ("email_changes", "new_email"),
            LinkTable::EmailVerifications => ("email_verifications", "email"),
            LinkTable::NotificationAddresses => ("notification_addresses", "pending_email"),
        };
        take_link_mail_turn(tx, v, user_id).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {table} (user_id, {column}, token_hash, expires_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id) DO UPDATE SET {column} = $2, token_hash = $3, expires_at = $4"
        )))
        .bind(user_id)
        .bind(email)
        .bind(&self.digest)
        .bind(self.expires_at)
        .execute(&mut *tx)
        .await?;
        outbox::enqueue(tx, &v.sealer, &Job::Mail(mail)).await?;
        Ok(())
    }
}

/// The address waiting for confirmation, if any (expired requests do not count).
pub async fn pending(v: &Vestibule, user_id: i64) -> Result<Option<String>> {
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT new_email, expires_at FROM email_changes WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&v.db.pool)
            .await?;
    Ok(row.and_then(still_pending))
}

/// A change's address while its link has not expired (also for the one a session's look-up read).
pub(crate) fn still_pending((email, expires_at): (String, i64)) -> Option<String> {
    (expires_at > now_ms()).then_some(email)
}

pub async fn cancel(v: &Vestibule, who: Own<'_>) -> Result<()> {
    let user_id = who.id;
    sqlx::query("DELETE FROM email_changes WHERE user_id = $1").bind(user_id).execute(&v.db.pool).await?;
    v.user_changed(user_id).await;
    Ok(())
}

/// Applies the change a link stands for, once, and tells the old address.
pub async fn confirm(v: &Vestibule, token: &str, origin: &crate::audit::Origin) -> Result<Account> {
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
    let key = EmailAddress::parse(&new_email).map_err(|_| invalid())?.comparison_key();
    // The link proved the new address: it is verified, and a link for the old one proves nothing now.
    let updated = sqlx::query("UPDATE users SET email = $1, email_key = $2, email_verified_at = $3 WHERE id = $4")
        .bind(&new_email)
        .bind(key)
        .bind(now_ms())
        .bind(user_id)
        .execute(&mut *tx)
        .await;
    match updated {
        Err(e) if is_unique_violation(&e, "email") => return Err(Error::invalid("email", ValidationError::EmailTaken)),
        other => other?,
    };
    sqlx::query("DELETE FROM email_verifications WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    crate::audit::record(&mut *tx, user_id, "email.changed", &new_email, &before.email, origin).await?;
    // The old address is told, in the same transaction. Mail other than a link that proves an
    // address goes only to proven addresses: an address typed at sign-up and never confirmed may
    // be a stranger's.
    if before.email_verified {
        let prefs = preferences::get(v, user_id).await?;
        let args = [
            ("name", display_name(&before).to_string().into()),
            ("username", before.username.clone().into()),
            ("email", new_email.clone().into()),
            ("when", format_datetime(now_ms(), &prefs).into()),
        ];
        let notice = Mail::new(
            &v.settings,
            prefs.language,
            &before.email,
            t(prefs.language, "mail-changed-subject"),
            t_args(prefs.language, "mail-changed-body", &args) + "\n",
        )?;
        outbox::enqueue(&mut tx, &v.sealer, &Job::Mail(notice)).await?;
    }
    tx.commit().await?;
    v.outbox_queued();
    v.user_changed(user_id).await;
    Ok(Account { email: new_email, email_verified: true, ..before })
}

pub(crate) fn display_name(account: &Account) -> &str {
    if account.full_name.is_empty() { &account.username } else { &account.full_name }
}
