//! Support access (issue #13): an owner grants the vendor's support staff access to the account
//! for a while (`grant`, `revoke`); a staff member whose session passed two-factor sign-in acts on
//! it with a reason (`act`), each request written to the owner's security log (`record_request`);
//! ending (`end`), revocation and expiry end the acting on its next request (`sessions`). What
//! staff may never reach takes an `Own` (see `caller`), which a staff `Caller` cannot give.

use crate::accounts::{Account, find_by_username};
use crate::audit::{self, Origin};
use crate::caller::{Caller, Own};
use crate::sessions::Session;
use crate::time::now_ms;
use crate::token::digest;
use crate::{Error, Result, UserError, Vestibule, outbox};
use vestibule_domain::support::{GrantLength, GrantedAccount, SupportGrant, parse_note, parse_reason};

/// The operator makes an account support staff, or no longer (`vestibule user grant-support`).
pub async fn set_staff(v: &Vestibule, account: &Account, on: bool) -> Result<()> {
    sqlx::query("UPDATE users SET is_support = $1 WHERE id = $2")
        .bind(i64::from(on))
        .bind(account.id)
        .execute(&v.db.pool)
        .await?;
    v.user_changed(account.id).await;
    Ok(())
}

/// The account's grant that is running now, if any.
pub async fn active(v: &Vestibule, who: Own<'_>) -> Result<Option<SupportGrant>> {
    let row: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT created_at, expires_at, note FROM support_grants \
         WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(who.id)
    .bind(now_ms())
    .fetch_optional(&v.db.pool)
    .await?;
    Ok(row.map(|(created_at, expires_at, note)| SupportGrant { created_at, expires_at, note }))
}

/// Grants support access for `length` (`1h`, `24h`, `7d`) from now, with a note. A running grant
/// is extended (or shortened) instead, so staff acting under it carry on.
pub async fn grant(v: &Vestibule, who: Own<'_>, length: &str, note: &str, origin: &Origin) -> Result<SupportGrant> {
    let (length, note) = match (GrantLength::parse(length), parse_note(note)) {
        (Ok(length), Ok(note)) => (length, note),
        (length, note) => {
            let errors = [length.err().map(|e| e.on("length")), note.err().map(|e| e.on("note"))];
            return Err(Error(UserError::Invalid(errors.into_iter().flatten().collect())));
        }
    };
    let now = now_ms();
    let until = now + length.millis();
    let mut tx = v.db.begin_write().await?;
    // Two grants at once must not both insert (PostgreSQL reads committed rows only; on SQLite the
    // write lock is taken at the start already).
    if v.db.engine == crate::db::Engine::Postgres {
        sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE").bind(who.id).execute(&mut *tx).await?;
    }
    let extended = sqlx::query(
        "UPDATE support_grants SET expires_at = $1, note = $2 WHERE user_id = $3 AND revoked_at IS NULL AND expires_at > $4",
    )
    .bind(until)
    .bind(&note)
    .bind(who.id)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if extended == 0 {
        sqlx::query("INSERT INTO support_grants (user_id, note, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(who.id)
            .bind(&note)
            .bind(now)
            .bind(until)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(&mut *tx, who.id, "support.granted", length.as_str(), "", origin).await?;
    tx.commit().await?;
    v.user_changed(who.id).await;
    Ok(active(v, who).await?.unwrap_or(SupportGrant { created_at: now, expires_at: until, note }))
}

/// Ends the account's running grant now; staff acting under it lose access on their next request.
/// `false` when none was running.
pub async fn revoke(v: &Vestibule, who: Own<'_>, origin: &Origin) -> Result<bool> {
    let now = now_ms();
    let mut tx = v.db.begin_write().await?;
    let revoked = sqlx::query(
        "UPDATE support_grants SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(who.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if revoked > 0 {
        audit::record(&mut *tx, who.id, "support.revoked", "", "", origin).await?;
    }
    tx.commit().await?;
    // Forgets this account's sessions here and on every instance: staff acting on it among them.
    v.user_changed(who.id).await;
    Ok(revoked > 0)
}

/// Support staff (acting on no account) only.
fn staff_only(caller: &Caller) -> Result<()> {
    if caller.account.is_support && caller.staff.is_none() && caller.key.is_none() {
        Ok(())
    } else {
        Err(Error(UserError::NotSupportStaff))
    }
}

/// The accounts with a running grant, the soonest to end first: the staff's Support page.
pub async fn granted_accounts(v: &Vestibule, caller: &Caller) -> Result<Vec<GrantedAccount>> {
    staff_only(caller)?;
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT u.username, u.full_name, g.note, g.expires_at FROM support_grants g JOIN users u ON u.id = g.user_id \
         WHERE g.revoked_at IS NULL AND g.expires_at > $1 ORDER BY g.expires_at, u.username",
    )
    .bind(now_ms())
    .fetch_all(&v.db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(username, full_name, note, expires_at)| GrantedAccount { username, full_name, note, expires_at })
        .collect())
}

/// A staff member (`session`, with its `token`) starts acting on `username`'s account, for
/// `reason`: only from a session that passed two-factor sign-in, and only under a running grant.
/// The owner is mailed; the session is the owner's from its next request until it ends.
pub async fn act(
    v: &Vestibule,
    session: &Session,
    token: &str,
    username: &str,
    reason: &str,
    origin: &Origin,
) -> Result<()> {
    staff_only(&session.caller(origin.clone()))?;
    if !session.second_factor {
        return Err(Error(UserError::SupportNeedsTwoFactor));
    }
    let reason = parse_reason(reason).map_err(|e| Error::invalid("reason", e))?;
    let target = find_by_username(v, username.trim()).await?;
    let Some(target) = target.filter(|t| t.id != session.account.id) else {
        return Err(Error(UserError::NoSupportGrant));
    };
    let staff = &session.account;
    // Built first: it reads on another connection, which must not wait for this transaction.
    let extra = vec![("staff", staff.username.clone().into()), ("reason", reason.clone().into())];
    let mail = crate::owner::security_mail(v, &target, "support-started", origin, extra).await?;
    let mut tx = v.db.begin_write().await?;
    let grant: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM support_grants WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(target.id)
    .bind(now_ms())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((grant,)) = grant else { return Err(Error(UserError::NoSupportGrant)) };
    let started = sqlx::query("UPDATE sessions SET acting_grant = $1, acting_reason = $2 WHERE token_hash = $3")
        .bind(grant)
        .bind(&reason)
        .bind(digest(token))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if started != 1 {
        // The session ended meanwhile.
        return Err(Error(UserError::Unauthenticated));
    }
    let detail = crate::caller::Staff::detail_of(staff.id, &staff.username, &reason);
    audit::record(&mut *tx, target.id, "support.started", "", &detail, origin).await?;
    if let Some(mail) = mail {
        outbox::enqueue(&mut tx, &v.sealer, &outbox::Job::Mail(mail)).await?;
    }
    tx.commit().await?;
    v.outbox_queued();
    // The session was cached as the staff member's own (here and on other instances).
    v.session_cache.forget(&digest(token));
    v.user_changed(staff.id).await;
    Ok(())
}

/// The staff member ends acting (the banner's "End", or logging out): the session is their own again.
pub async fn end(v: &Vestibule, token: &str) -> Result<()> {
    crate::sessions::end_acting(v, &digest(token), Some("staff")).await
}

/// One request of a staff member acting on the session's account, in the owner's security log.
pub async fn record_request(v: &Vestibule, session: &Session, method: &str, path: &str, origin: &Origin) -> Result<()> {
    let Some(acting) = &session.acting else { return Ok(()) };
    let detail = acting.staff.detail();
    let target = format!("{method} {}", path.chars().take(200).collect::<String>());
    audit::record(&v.db.pool, session.account.id, "support.request", &target, &detail, origin).await
}
