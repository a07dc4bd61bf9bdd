//! Housekeeping, once a minute (see the server's maintenance task): rows that no rule reads any more
//! are deleted, so that tables do not only grow. The clock is a parameter, for tests.

use crate::throttle::{IP_WINDOW_MS, LOCK_AFTER, SIGN_UP_WINDOW_MS};
use crate::{Result, Vestibule};

/// A throttle row of an unknown name goes once its delay has been over for this long.
pub const NAME_QUIET_MS: i64 = 24 * 3600 * 1000;

/// How many rows one sweep deleted, per table.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub login_failures: u64,
    pub login_throttle: u64,
    pub email_changes: u64,
    pub email_verifications: u64,
    pub sign_up_attempts: u64,
    pub outbox_failed: u64,
    pub events: u64,
    pub notification_links: u64,
    pub webhook_deliveries: u64,
}

impl Swept {
    pub fn total(&self) -> u64 {
        self.sessions
            + self.login_failures
            + self.login_throttle
            + self.email_changes
            + self.email_verifications
            + self.sign_up_attempts
            + self.outbox_failed
            + self.events
            + self.notification_links
            + self.webhook_deliveries
    }
}

/// Deletes, as of `now_ms`:
/// - sessions past their idle or absolute timeout (`sessions::authenticate` refuses them);
/// - log-in failures older than the per-address window (`throttle::check_ip` counts only the window);
/// - throttle rows of unknown names (`name:…`) that block nothing and have been quiet for
///   `NAME_QUIET_MS` (`blocked_until` is never before the last failure); rows that lock (100
///   failures) stay, and so do all account (`user:…`) rows: their count of failures in a row
///   holds until a successful log-in or the operator resets it;
/// - email-change and address-verification links past their expiry (their confirmations refuse them);
/// - sign-up attempts older than the per-address window (`throttle::count_sign_up` counts only the window);
/// - outbox jobs that failed for good more than `outbox::KEEP_FAILED_MS` ago (kept until then for the operator);
/// - the platform's events that occurred more than `EVENT_RETENTION_MS` (35 days) ago;
/// - notification-address links past their expiry (a row with no proven address goes whole);
/// - webhook deliveries older than `domain::webhooks::LOG_DAYS` (30), with their attempts, unless still pending.
pub async fn sweep(v: &Vestibule, now_ms: i64) -> Result<Swept> {
    let idle = v.settings.session_idle.as_millis() as i64;
    let absolute = v.settings.session_absolute.as_millis() as i64;
    let pool = &v.db.pool;
    let sessions = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
        .bind(now_ms - idle)
        .bind(now_ms - absolute)
        .execute(pool)
        .await?
        .rows_affected();
    let login_failures = sqlx::query("DELETE FROM login_failures WHERE at <= $1")
        .bind(now_ms - IP_WINDOW_MS)
        .execute(pool)
        .await?
        .rows_affected();
    let login_throttle = sqlx::query(
        "DELETE FROM login_throttle WHERE login_key LIKE 'name:%' AND failures < $1 AND blocked_until < $2",
    )
    .bind(LOCK_AFTER)
    .bind(now_ms - NAME_QUIET_MS)
    .execute(pool)
    .await?
    .rows_affected();
    let email_changes = sqlx::query("DELETE FROM email_changes WHERE expires_at <= $1")
        .bind(now_ms)
        .execute(pool)
        .await?
        .rows_affected();
    let email_verifications = sqlx::query("DELETE FROM email_verifications WHERE expires_at <= $1")
        .bind(now_ms)
        .execute(pool)
        .await?
        .rows_affected();
    let sign_up_attempts = sqlx::query("DELETE FROM sign_up_attempts WHERE at <= $1")
        .bind(now_ms - SIGN_UP_WINDOW_MS)
        .execute(pool)
        .await?
        .rows_affected();
    sqlx::query("DELETE FROM sign_up_addresses WHERE last_at <= $1")
        .bind(now_ms - SIGN_UP_WINDOW_MS)
        .execute(pool)
        .await?;
    let outbox_failed = sqlx::query("DELETE FROM outbox WHERE failed_at <= $1")
        .bind(now_ms - crate::outbox::KEEP_FAILED_MS)
        .execute(pool)
        .await?
        .rows_affected();
    let events = sqlx::query("DELETE FROM events WHERE occurred_at < $1")
        .bind(now_ms - vestibule_domain::notifications::EVENT_RETENTION_MS)
        .execute(pool)
        .await?
        .rows_affected();
    sqlx::query("DELETE FROM pipelines WHERE id NOT IN (SELECT pipeline_id FROM events)").execute(pool).await?;
    let notification_links = sqlx::query("DELETE FROM notification_addresses WHERE email IS NULL AND expires_at <= $1")
        .bind(now_ms)
        .execute(pool)
        .await?
        .rows_affected()
        + sqlx::query(
            "UPDATE notification_addresses SET pending_email = NULL, token_hash = NULL, expires_at = NULL \
                 WHERE expires_at <= $1",
        )
        .bind(now_ms)
        .execute(pool)
        .await?
        .rows_affected();
    let webhook_deliveries = sqlx::query("DELETE FROM webhook_messages WHERE created_at < $1 AND state <> 'pending'")
        .bind(now_ms - vestibule_domain::webhooks::LOG_DAYS * 86_400_000)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(Swept {
        webhook_deliveries,
        events,
        notification_links,
        sessions,
        login_failures,
        login_throttle,
        email_changes,
        email_verifications,
        sign_up_attempts,
        outbox_failed,
    })
}
