//! The outbox's worker: takes due jobs (`outbox`) a batch at a time, does each (a mail through the
//! mailer, a webhook delivery through `webhooks::delivery`), and records what happened. Above both
//! the queue and the things it runs, so neither needs the other.

use crate::db::Engine;
use crate::outbox::{BATCH, Job, LEASE_MS, MAX_ATTEMPTS, POLL_MS, PURPOSE, retry_delay_ms};
use crate::time::now_ms;
use crate::webhooks::delivery::Attempted;
use crate::{Error, Result, Vestibule};

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
    // Mails go one by one; webhook deliveries as one batch (its claims and records are one
    // statement and one transaction). All run at once.
    let mut outcomes: Vec<(i64, i64, Result<(), Failure>)> = Vec::with_capacity(rows.len());
    let mut running = tokio::task::JoinSet::new();
    let mut hooks: Vec<(i64, i64, i64)> = Vec::new();
    for (id, payload, attempts) in rows {
        match open(v, &payload) {
            Err(failure) => outcomes.push((id, attempts, Err(failure))),
            Ok(Job::Webhook { message }) => hooks.push((id, attempts, message)),
            Ok(Job::Mail(mail)) => {
                let v = v.clone();
                running.spawn(async move {
                    let sent = v.mailer.deliver(&mail).await.map_err(|e| Failure {
                        permanent: e.permanent,
                        message: e.message,
                        retry_at: None,
                    });
                    vec![(id, attempts, sent)]
                });
            }
        }
    }
    if !hooks.is_empty() {
        let v = v.clone();
        running.spawn(async move { deliver_webhooks(&v, hooks, now).await });
    }
    while let Some(joined) = running.join_next().await {
        match joined {
            Ok(done) => outcomes.extend(done),
            // A panic in a job: its lease runs out and it is tried again, up to its attempts.
            Err(e) => tracing::error!("an outbox job panicked: {e}"),
        }
    }
    // One transaction for the whole pass: each commit on SQLite is a sync to disk.
    let mut done = Vec::new();
    let mut tx = v.db.begin_write().await?;
    for (id, attempts, outcome) in outcomes {
        let failure = match outcome {
            Ok(()) => {
                done.push(id);
                continue;
            }
            Err(failure) => failure,
        };
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
        .execute(&mut *tx)
        .await?;
        if give_up {
            tracing::error!(job = id, attempts, error = %failure.message, "outbox job failed for good");
            pass.failed += 1;
        } else {
            tracing::warn!(job = id, attempts, error = %failure.message, "outbox job will be retried");
            pass.retried += 1;
        }
    }
    if !done.is_empty() {
        let ids = done.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM outbox WHERE claim = $1 AND id IN ({ids})")))
            .bind(&claim)
            .execute(&mut *tx)
            .await?;
        pass.done = done.len();
    }
    tx.commit().await?;
    Ok(pass)
}

/// The webhook jobs of a pass (job, attempts, message), attempted together.
async fn deliver_webhooks(
    v: &Vestibule,
    hooks: Vec<(i64, i64, i64)>,
    now: i64,
) -> Vec<(i64, i64, Result<(), Failure>)> {
    let messages: Vec<i64> = hooks.iter().map(|(_, _, message)| *message).collect();
    let attempted = crate::webhooks::delivery::attempt_all(v, &messages, now).await;
    hooks
        .into_iter()
        .enumerate()
        .map(|(at, (id, attempts, _))| {
            let outcome = match &attempted {
                Ok(outcomes) => match outcomes.get(at).map(|(_, outcome)| outcome) {
                    None | Some(Attempted::Done) => Ok(()),
                    Some(Attempted::RetryAt(at, message)) => {
                        Err(Failure { message: message.clone(), permanent: false, retry_at: Some(*at) })
                    }
                    Some(Attempted::GaveUp(message)) => Err(Failure::permanent(message.clone())),
                },
                // The database failed us: try again on the outbox's own schedule.
                Err(e) => Err(Failure { message: e.to_string(), permanent: false, retry_at: None }),
            };
            (id, attempts, outcome)
        })
        .collect()
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

/// The job in a sealed payload; one that cannot be opened or read fails for good.
fn open(v: &Vestibule, payload: &str) -> Result<Job, Failure> {
    let plain = v.sealer.open(PURPOSE, payload).map_err(|e| Failure::permanent(e.to_string()))?;
    serde_json::from_slice(&plain).map_err(|e| Failure::permanent(format!("unreadable payload: {e}")))
}

fn random_unit() -> Result<f64> {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(|e| Error::internal(format_args!("no randomness: {e}")))?;
    Ok(f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX))
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
