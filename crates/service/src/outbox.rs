//! The durable outbox: work that must follow a change (a mail now, a webhook delivery later) is
//! written in the same transaction as the change, and a worker does it afterwards, with retries.
//! Nothing is lost when the mail server is down or the process dies between taking a job and
//! finishing it; a job is done at least once, and a mail keeps one `Message-ID` across retries, so
//! a rare second delivery (a crash after the server took it) is recognisably the same message.
//!
//! Claiming is one statement (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the single writer on SQLite)
//! that stamps a lease: a job whose worker died is taken again once the lease is over. Payloads are
//! sealed with the server key (`sealed`): a mail may carry a single-use link.

use crate::db::Engine;
use crate::mail::Mail;
use crate::sealed::Sealer;
use crate::time::now_ms;
use crate::webhooks::delivery::Attempted;
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
const PURPOSE: &str = "outbox";

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

/// What one pass of `deliver_due` did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    /// Jobs claimed.
    pub claimed: usize,
    pub done: usize,
    /// Put back to run later.
    pub retried: usize,
    /// Given up: attempts ran out, or the mail server refused for good.
    pub failed: usize,
}

/// Claims up to `BATCH` jobs due at `now`, does them concurrently, and records each outcome.
/// Queues one mail on its own (no other write goes with it) and wakes the worker.
pub async fn queue(v: &Vestibule, mail: crate::mail::Mail) -> Result<()> {
    let mut tx = v.db.pool.begin().await?;
    enqueue(&mut tx, &v.sealer, &Job::Mail(mail)).await?;
    tx.commit().await?;
    v.outbox_queued();
    Ok(())
}

pub async fn deliver_due(v: &Vestibule, now: i64) -> Result<Pass> {
    let claim = crate::token::random_token()?;
    let lock = if v.db.engine == Engine::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
    let turn = v.db.write_turn().await;
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE outbox SET lease_until = $1, claim = $2, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM outbox WHERE failed_at IS NULL AND run_at <= $3 \
                      AND (lease_until IS NULL OR lease_until < $3) ORDER BY run_at, id LIMIT $4{lock}) \
         RETURNING id, payload, attempts"
    )))
    .bind(now + LEASE_MS)
    .bind(&claim)
    .bind(now)
    .bind(BATCH)
    .fetch_all(&v.db.pool)
    .await?;
    drop(turn);
    let mut pass = Pass { claimed: rows.len(), ..Pass::default() };
    if rows.is_empty() {
        return Ok(pass);
    }
    let mut running = tokio::task::JoinSet::new();
    for (id, payload, attempts) in rows {
        let v = v.clone();
        running.spawn(async move { (id, attempts, run(&v, &payload, now).await) });
    }
    let mut done = Vec::new();
    while let Some(joined) = running.join_next().await {
        let (id, attempts, outcome) = match joined {
            Ok(result) => result,
            // A panic in a job: its lease runs out and it is tried again, up to its attempts.
            Err(e) => {
                tracing::error!("an outbox job panicked: {e}");
                continue;
            }
        };
        match outcome {
            Ok(()) => done.push(id),
            Err(failure) => {
                let give_up = failure.permanent || attempts >= MAX_ATTEMPTS;
                let jitter = random_unit()?;
                let run_at = failure.retry_at.unwrap_or_else(|| now_ms() + retry_delay_ms(attempts, jitter));
                sqlx::query(
                    "UPDATE outbox SET lease_until = NULL, claim = NULL, run_at = $1, last_error = $2, \
                     failed_at = $3 WHERE id = $4 AND claim = $5",
                )
                .bind(run_at)
                .bind(&failure.message)
                .bind(give_up.then(now_ms))
                .bind(id)
                .bind(&claim)
                .execute(&v.db.pool)
                .await?;
                if give_up {
                    tracing::error!(job = id, attempts, error = %failure.message, "outbox job failed for good");
                    pass.failed += 1;
                } else {
                    tracing::warn!(job = id, attempts, error = %failure.message, "outbox job will be retried");
                    pass.retried += 1;
                }
            }
        }
    }
    if !done.is_empty() {
        // One statement for the whole batch: each commit on SQLite is a sync to disk.
        let ids = done.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let _turn = v.db.write_turn().await;
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM outbox WHERE claim = $1 AND id IN ({ids})")))
            .bind(&claim)
            .execute(&v.db.pool)
            .await?;
        pass.done = done.len();
    }
    Ok(pass)
}

/// Why a job did not get done this time.
struct Failure {
    message: String,
    /// Trying again cannot help (the mail server refused the message for good, or the payload
    /// cannot be opened).
    permanent: bool,
    /// When to try again, if the job knows better than `retry_delay_ms` (a webhook's schedule).
    retry_at: Option<i64>,
}

impl Failure {
    fn permanent(message: String) -> Self {
        Self { message, permanent: true, retry_at: None }
    }
}

async fn run(v: &Vestibule, payload: &str, now: i64) -> Result<(), Failure> {
    let plain = v.sealer.open(PURPOSE, payload).map_err(|e| Failure::permanent(e.to_string()))?;
    let job: Job =
        serde_json::from_slice(&plain).map_err(|e| Failure::permanent(format!("unreadable payload: {e}")))?;
    match job {
        Job::Mail(mail) => v.mailer.deliver(&mail).await.map_err(|e| Failure {
            permanent: e.permanent,
            message: e.message,
            retry_at: None,
        }),
        Job::Webhook { message } => match crate::webhooks::delivery::attempt(v, message, now).await {
            Ok(Attempted::Done) => Ok(()),
            Ok(Attempted::RetryAt(at, message)) => Err(Failure { message, permanent: false, retry_at: Some(at) }),
            Ok(Attempted::GaveUp(message)) => Err(Failure::permanent(message)),
            // The database failed us: try again on the outbox's own schedule.
            Err(e) => Err(Failure { message: e.to_string(), permanent: false, retry_at: None }),
        },
    }
}

/// Exponential back-off: 10 s after the first attempt, doubling up to an hour, each delay spread by
/// ±20% (`jitter` in 0..1) so that jobs that failed together do not all come back together.
pub fn retry_delay_ms(attempts: i64, jitter: f64) -> i64 {
    let base = 10_000i64.saturating_mul(1i64 << (attempts - 1).clamp(0, 20)).min(3_600_000);
    (base as f64 * (0.8 + 0.4 * jitter.clamp(0.0, 1.0))) as i64
}

fn random_unit() -> Result<f64> {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(|e| Error::internal(format_args!("no randomness: {e}")))?;
    Ok(f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX))
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

/// The worker: runs until `stop` resolves. Takes due jobs batch after batch, and otherwise waits
/// for `Vestibule::outbox_queued` or `POLL_MS`. Every instance runs one; they share the table safely.
pub async fn work(v: Vestibule, stop: impl Future<Output = ()>) {
    let mut stop = std::pin::pin!(stop);
    loop {
        let pass = deliver_due(&v, now_ms()).await;
        let more = match pass {
            Ok(pass) => pass.claimed as i64 == BATCH,
            Err(e) => {
                tracing::warn!("outbox: {e}");
                false
            }
        };
        if more {
            continue;
        }
        tokio::select! {
            _ = v.outbox_wake.notified() => {}
            _ = tokio::time::sleep(std::time::Duration::from_millis(POLL_MS)) => {}
            _ = &mut stop => return,
        }
    }
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
