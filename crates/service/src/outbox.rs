//! The durable outbox: work that must follow a change (a mail now, a webhook delivery later) is
//! written in the same transaction as the change, and a worker (`worker`) does it afterwards, with retries.
//! Nothing is lost when the mail server is down or the process dies between taking a job and
//! finishing it; a job is done at least once, and a mail keeps one `Message-ID` across retries, so
//! a rare second delivery (a crash after the server took it) is recognisably the same message.
//!
//! This module is the queue; `worker` takes jobs from it and runs them. Claiming is one statement (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the single writer on SQLite)
//! that stamps a lease: a job whose worker died is taken again once the lease is over. Payloads are
//! sealed with the server key (`sealed`): a mail may carry a single-use link.

use crate::mail::Mail;
use crate::sealed::Sealer;
use crate::time::now_ms;
use crate::{Error, Result, Vestibule};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

/// How long a worker holds a claimed job before another may take it.
pub const LEASE_MS: i64 = 60_000;
/// Jobs claimed at once by one worker.
pub const BATCH: i64 = 64;
/// After this many attempts (about 17 hours with `retry_delay_ms`) a job is marked failed and kept
/// for the operator; a permanent refusal (an SMTP 5xx) fails it at once.
pub const MAX_ATTEMPTS: i64 = 24;
/// A failed job is deleted this long after it failed.
pub const KEEP_FAILED_MS: i64 = 30 * 24 * 3600 * 1000;
/// What the worker waits between looks at the table when nobody wakes it (jobs from another
/// process or instance, retries coming due).
pub const POLL_MS: u64 = 1000;

/// The sealed payloads' purpose (see `Sealer::seal`).
pub(crate) const PURPOSE: &str = "outbox";

/// One unit of work. Stored as JSON inside the sealed payload.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    Mail(Mail),
    /// One attempt of a webhook delivery (`webhook_messages.id`); the message holds the rest.
    Webhook {
        message: i64,
    },
}

impl Job {
    fn kind(&self) -> &'static str {
        match self {
            Job::Mail(_) => "mail",
            Job::Webhook { .. } => "webhook",
        }
    }
}

/// Queues `job` on `conn`, normally inside the transaction of the change that causes it: the job
/// exists exactly when the change was committed. Call `Vestibule::outbox_queued` after the commit
/// so that this instance's worker starts at once (otherwise it looks within `POLL_MS`).
pub async fn enqueue(conn: &mut AnyConnection, sealer: &Sealer, job: &Job) -> Result<i64> {
    let json = serde_json::to_vec(job).map_err(|e| Error::internal(format_args!("outbox payload: {e}")))?;
    let payload = sealer.seal(PURPOSE, &json)?;
    let now = now_ms();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO outbox (kind, payload, attempts, run_at, created_at) VALUES ($1, $2, 0, $3, $3) RETURNING id",
    )
    .bind(job.kind())
    .bind(payload)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Queues one mail on its own (no other write goes with it) and wakes the worker.
pub async fn queue(v: &Vestibule, mail: crate::mail::Mail) -> Result<()> {
    let mut tx = v.db.pool.begin().await?;
    enqueue(&mut tx, &v.sealer, &Job::Mail(mail)).await?;
    tx.commit().await?;
    v.outbox_queued();
    Ok(())
}

/// Exponential back-off: 10 s after the first attempt, doubling up to an hour, each delay spread by
/// ±20% (`jitter` in 0..1) so that jobs that failed together do not all come back together.
pub fn retry_delay_ms(attempts: i64, jitter: f64) -> i64 {
    let base = 10_000i64.saturating_mul(1i64 << (attempts - 1).clamp(0, 20)).min(3_600_000);
    (base as f64 * (0.8 + 0.4 * jitter.clamp(0.0, 1.0))) as i64
}

/// Queues `count` test mails to `to` in the operator's default language (`vestibule mail test`):
/// what checks the mail settings, and what the mail benchmark sends.
pub async fn queue_test_mail(v: &Vestibule, to: &str, count: u32) -> Result<Vec<i64>> {
    let to = vestibule_domain::EmailAddress::parse(to).map_err(|e| Error::invalid("to", e))?;
    let language = vestibule_domain::Language::default();
    let subject = vestibule_domain::i18n::t(language, "mail-test-subject");
    let body = vestibule_domain::i18n::t(language, "mail-test-body") + "\n";
    let mut tx = v.db.pool.begin().await?;
    let mut ids = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let mail = Mail::new(&v.settings, language, to.as_str(), subject.clone(), body.clone())?;
        ids.push(enqueue(&mut tx, &v.sealer, &Job::Mail(mail)).await?);
    }
    tx.commit().await?;
    v.outbox_queued();
    Ok(ids)
}

/// Where the jobs `ids` stand: how many are still waiting (with the last error, if they were
/// tried) and how many failed for good; the rest are done.
pub async fn progress(v: &Vestibule, ids: &[i64]) -> Result<Progress> {
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let list = if list.is_empty() { "0".to_string() } else { list };
    let rows: Vec<(Option<i64>, Option<String>)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT failed_at, last_error FROM outbox WHERE id IN ({list})")))
            .fetch_all(&v.db.pool)
            .await?;
    let mut progress = Progress { done: ids.len() - rows.len(), ..Progress::default() };
    for (failed_at, error) in rows {
        if failed_at.is_some() {
            progress.failed += 1;
        } else {
            progress.waiting += 1;
        }
        if error.is_some() {
            progress.last_error = error;
        }
    }
    Ok(progress)
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub waiting: usize,
    pub failed: usize,
    pub last_error: Option<String>,
}

/// The queue at a glance, for the operator (`vestibule mail status`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Status {
    /// Never tried yet, or in a worker's hands.
    pub queued: i64,
    /// Tried, failed, and waiting for their next attempt.
    pub retrying: i64,
    /// Given up (kept `KEEP_FAILED_MS`).
    pub failed: i64,
    /// When the oldest job not yet done or failed was queued.
    pub oldest_waiting_since: Option<i64>,
    /// The error of the newest job that has one (queued last, not necessarily failed last).
    pub last_error: Option<String>,
}

impl Status {
    /// Jobs not done yet and not failed: queued, waiting for a retry, or in a worker's hands.
    pub fn waiting(&self) -> i64 {
        self.queued + self.retrying
    }
}

pub async fn status(v: &Vestibule) -> Result<Status> {
    let (queued, retrying, failed, oldest): (i64, i64, i64, Option<i64>) = sqlx::query_as(
        "SELECT \
           COALESCE(SUM(CASE WHEN failed_at IS NULL AND last_error IS NULL THEN 1 ELSE 0 END), 0), \
           COALESCE(SUM(CASE WHEN failed_at IS NULL AND last_error IS NOT NULL THEN 1 ELSE 0 END), 0), \
           COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0), \
           MIN(CASE WHEN failed_at IS NULL THEN created_at END) \
         FROM outbox",
    )
    .fetch_one(&v.db.pool)
    .await?;
    let last_error: Option<(String,)> =
        sqlx::query_as("SELECT last_error FROM outbox WHERE last_error IS NOT NULL ORDER BY id DESC LIMIT 1")
            .fetch_optional(&v.db.pool)
            .await?;
    Ok(Status { queued, retrying, failed, oldest_waiting_since: oldest, last_error: last_error.map(|(e,)| e) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_an_hour_with_jitter() {
        assert_eq!(retry_delay_ms(1, 0.5), 10_000);
        assert_eq!(retry_delay_ms(2, 0.5), 20_000);
        assert_eq!(retry_delay_ms(1, 0.0), 8_000);
        assert_eq!(retry_delay_ms(1, 1.0), 12_000);
        assert_eq!(retry_delay_ms(9, 0.5), 2_560_000);
        assert_eq!(retry_delay_ms(10, 0.5), 3_600_000);
        assert_eq!(retry_delay_ms(MAX_ATTEMPTS, 0.5), 3_600_000);
        let total: i64 = (1..MAX_ATTEMPTS).map(|n| retry_delay_ms(n, 0.5)).sum();
        assert!((15 * 3_600_000..20 * 3_600_000).contains(&total), "about 17 hours of retries: {total}");
    }
}
