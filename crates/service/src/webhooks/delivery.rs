//! Deliveries: an event becomes one message per subscribed endpoint, written in the transaction of
//! the change that caused it, with an outbox job that sends it (`attempt`). Every attempt carries the
//! message's `webhook-id`, so receivers can recognise a retry; each is logged with its status,
//! latency and the start of the answer. Failed attempts follow `domain::webhooks::RETRY_SECONDS`
//! (or the receiver's `Retry-After`); `410 Gone` turns the endpoint off at once, and so does a
//! delivery that fails the whole schedule, with a mail to the owner (and a warning before).

use super::emit::{emit, queue};
use super::sender::Answer;
use super::{find, open_secret, open_signing_key, signature};
use crate::audit::Origin;
use crate::caller::Caller;
use crate::outbox::{self, Job, LEASE_MS};
use crate::time::now_ms;
use crate::{Error, Result, UserError, Vestibule};
use serde_json::{Value, json};
use sqlx::AnyConnection;
use vestibule_domain::ValidationError;
use vestibule_domain::datetime::rfc3339;
use vestibule_domain::webhooks::{
    AttemptInfo, DeliveryInfo, DeliveryState, DisabledReason, LOG_DAYS, MAX_PAYLOAD_BYTES, WARN_AFTER_ATTEMPTS,
    retry_delay_ms,
};

/// What one attempt decided, for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempted {
    /// Accepted, or nothing (more) to do.
    Done,
    /// Failed; try again at this time.
    RetryAt(i64, String),
    /// Failed for good: the schedule ran out, or the endpoint is gone.
    GaveUp(String),
}

/// An attempt as stored: message, attempt, at, status, latency, response, error.
type AttemptRow = (i64, i64, i64, Option<i64>, i64, String, Option<String>);

/// What a stored message and its endpoint are, for one attempt.
struct Message {
    message_id: String,
    attempts: i64,
    round_start: i64,
    body: String,
    state: String,
    next_at: Option<i64>,
    webhook: i64,
    url: String,
    disabled: Option<String>,
    secret: String,
    previous: Option<String>,
    previous_until: Option<i64>,
    signing_key: Option<String>,
}

/// The messages among `ids` with their endpoints (one query for a whole batch).
async fn load(v: &Vestibule, ids: &[i64]) -> Result<Vec<(i64, Message)>> {
    type Row = (
        i64,
        String,
        i64,
        i64,
        String,
        String,
        Option<i64>,
        i64,
        String,
        Option<String>,
        String,
        Option<String>,
        Option<i64>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT m.id, m.message_id, m.attempts, m.round_start, m.body, m.state, m.next_at, w.id, w.url, w.disabled, \
                w.secret, w.previous_secret, w.previous_until, w.signing_key \
         FROM webhook_messages m JOIN webhooks w ON w.id = m.webhook_id WHERE m.id IN ({})",
        id_list(ids)
    )))
    .fetch_all(&v.db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                message_id,
                attempts,
                round_start,
                body,
                state,
                next_at,
                webhook,
                url,
                disabled,
                secret,
                previous,
                previous_until,
                signing_key,
            )| {
                let m = Message {
                    message_id,
                    attempts,
                    round_start,
                    body,
                    state,
                    next_at,
                    webhook,
                    url,
                    disabled,
                    secret,
                    previous,
                    previous_until,
                    signing_key,
                };
                (id, m)
            },
        )
        .collect())
}

/// Row ids as an SQL list (numbers only, so nothing to escape).
fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// One attempt of message `id` at `now` (see `attempt_all`).
pub async fn attempt(v: &Vestibule, id: i64, now: i64) -> Result<Attempted> {
    let mut outcomes = attempt_all(v, &[id], now).await?;
    Ok(outcomes.pop().map_or(Attempted::Done, |(_, outcome)| outcome))
}

/// One attempt of each message in `ids` at `now`: sends them concurrently, logs each answer, and
/// moves each message and its endpoint on (retry, give up, turn off, warn). Returns what each
/// message's outbox job should do, in the order of `ids`.
///
/// Every attempt is claimed on its message first (its count goes up only while it is due, and
/// its next time becomes a lease), so two workers never send one attempt twice and a late
/// answer never overwrites a newer one. The claims are one statement and the records one
/// transaction for the whole batch: on SQLite each commit is a sync to disk, and the number of
/// commits bounds the deliveries per second.
pub async fn attempt_all(v: &Vestibule, ids: &[i64], now: i64) -> Result<Vec<(i64, Attempted)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut loaded = load(v, ids).await?;
    let mut outcomes: Vec<(i64, Attempted)> = Vec::with_capacity(ids.len());
    // Messages to mark failed without sending: their endpoint is off, or they cannot be sent.
    let mut unsendable = Vec::new();
    let mut due = Vec::new();
    for &id in ids {
        // Its endpoint was deleted (with the message), or it is settled: nothing to do.
        let Some(at) = loaded.iter().position(|(row, _)| *row == id) else {
            outcomes.push((id, Attempted::Done));
            continue;
        };
        let m = &loaded[at].1;
        if m.state != DeliveryState::Pending.as_str() || due.contains(&id) {
            outcomes.push((id, Attempted::Done));
        } else if let Some(next) = m.next_at.filter(|next| *next > now) {
            // Another worker's attempt moved it on: its job comes back when the message is due.
            outcomes.push((id, Attempted::RetryAt(next, "not due yet".into())));
        } else if m.disabled.is_some() || m.body.len() > MAX_PAYLOAD_BYTES {
            unsendable.push(id);
            outcomes.push((id, Attempted::Done));
        } else if open_secret(v, &m.secret).is_none() {
            unsendable.push(id);
            outcomes.push((
                id,
                Attempted::GaveUp("the endpoint's secret cannot be opened (was the server key changed?)".into()),
            ));
        } else {
            due.push(id);
            outcomes.push((id, Attempted::Done));
        }
    }
    let claimed = claim(v, &due, now).await?;
    let mut sending = tokio::task::JoinSet::new();
    for &id in &due {
        let Some(&(_, attempts)) = claimed.iter().find(|(row, _)| *row == id) else {
            // Another worker is making this attempt (its lease ran out here): look again after it.
            set_outcome(&mut outcomes, id, Attempted::RetryAt(now + LEASE_MS, "attempted by another worker".into()));
            continue;
        };
        let Some(at) = loaded.iter().position(|(row, _)| *row == id) else { continue };
        let (_, mut m) = loaded.swap_remove(at);
        m.attempts = attempts;
        let v = v.clone();
        sending.spawn(async move {
            let answer = send(&v, &m, now).await;
            (id, m, answer)
        });
    }
    let mut answers = Vec::with_capacity(due.len());
    while let Some(joined) = sending.join_next().await {
        match joined {
            Ok(sent) => answers.push(sent),
            // Its lease runs out and the job tries again.
            Err(e) => tracing::error!("a webhook delivery panicked: {e}"),
        }
    }
    let mut tx = v.db.begin_write().await?;
    if !unsendable.is_empty() {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE webhook_messages SET state = 'failed', next_at = NULL WHERE id IN ({})",
            id_list(&unsendable)
        )))
        .execute(&mut *tx)
        .await?;
    }
    let mut mails = Vec::new();
    for (id, m, answer) in &answers {
        let (outcome, mail) = record(&mut tx, *id, m, answer, now).await?;
        set_outcome(&mut outcomes, *id, outcome);
        mails.extend(mail.map(|kind| (m.webhook, kind, m.url.clone(), failure_of(answer))));
    }
    tx.commit().await?;
    for (webhook, kind, url, failure) in mails {
        if let Err(e) = tell_owner(v, webhook, kind, &url, &failure).await {
            tracing::warn!(webhook, "could not queue the webhook mail: {e}");
        }
    }
    Ok(outcomes)
}

fn set_outcome(outcomes: &mut [(i64, Attempted)], id: i64, outcome: Attempted) {
    if let Some(entry) = outcomes.iter_mut().find(|(row, _)| *row == id) {
        entry.1 = outcome;
    }
}

/// Claims the next attempt of each message in `ids` that is still pending and due at `now`, in one
/// statement; returns each claimed message with its attempt number. The message's next time
/// becomes a lease, so a worker that reads it meanwhile sees it not due.
async fn claim(v: &Vestibule, ids: &[i64], now: i64) -> Result<Vec<(i64, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let _turn = v.db.write_turn().await;
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE webhook_messages SET attempts = attempts + 1, next_at = $1 \
         WHERE id IN ({}) AND state = 'pending' AND (next_at IS NULL OR next_at <= $2) RETURNING id, attempts",
        id_list(ids)
    )))
    .bind(now + LEASE_MS)
    .bind(now)
    .fetch_all(&v.db.pool)
    .await?)
}

/// Signs message `m` (its attempt claimed) and posts it.
async fn send(v: &Vestibule, m: &Message, now: i64) -> Answer {
    let mut secrets = Vec::new();
    secrets.extend(open_secret(v, &m.secret));
    if m.previous_until.is_some_and(|until| until > now) {
        secrets.extend(m.previous.as_deref().and_then(|p| open_secret(v, p)));
    }
    let timestamp = now / 1000;
    let mut signature = match signature::signature_header(
        &secrets.iter().collect::<Vec<_>>(),
        &m.message_id,
        timestamp,
        m.body.as_bytes(),
    ) {
        Ok(signature) => signature,
        Err(e) => return Answer { error: Some(e.to_string()), ..Answer::default() },
    };
    match m.signing_key.as_deref().map(|k| open_signing_key(v, k)) {
        Some(Some(key)) => {
            signature.push(' ');
            signature.push_str(&key.sign(&m.message_id, timestamp, m.body.as_bytes()));
        }
        Some(None) => tracing::error!(webhook = m.webhook, "the Ed25519 key cannot be opened: sent without v1a"),
        None => {}
    }
    let headers = [
        ("webhook-id", m.message_id.clone()),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", signature),
    ];
    v.webhooks.post(&m.url, &headers, m.body.clone()).await
}

fn failure_of(answer: &Answer) -> String {
    answer.error.clone().unwrap_or_else(|| format!("HTTP {}", answer.status.unwrap_or(0)))
}

/// Records attempt `m.attempts` of message `id` and its answer, and moves the message and its
/// endpoint on. Returns what the job should do, and which mail (if any) the owner should get.
async fn record(
    tx: &mut AnyConnection,
    id: i64,
    m: &Message,
    answer: &Answer,
    now: i64,
) -> Result<(Attempted, Option<&'static str>)> {
    let attempt = m.attempts;
    // The schedule counts from the answer, and from the last redelivery.
    let finished = now + answer.latency_ms;
    let failure = failure_of(answer);
    let (state, next_at, outcome, turn_off, warn) = if answer.accepted() {
        (DeliveryState::Succeeded, None, Attempted::Done, None, false)
    } else if answer.status == Some(410) {
        (DeliveryState::Failed, None, Attempted::GaveUp(failure), Some(DisabledReason::Gone), false)
    } else {
        let step = attempt - m.round_start;
        match retry_delay_ms(step, random_unit(), answer.retry_after) {
            Some(delay) => {
                let at = finished + delay;
                (DeliveryState::Pending, Some(at), Attempted::RetryAt(at, failure), None, step == WARN_AFTER_ATTEMPTS)
            }
            None => (DeliveryState::Failed, None, Attempted::GaveUp(failure), Some(DisabledReason::Failing), false),
        }
    };
    sqlx::query(
        "INSERT INTO webhook_attempts (message, attempt, at, status, latency_ms, response, error) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(attempt)
    .bind(now)
    .bind(answer.status.map(i64::from))
    .bind(answer.latency_ms)
    .bind(&answer.response)
    .bind(&answer.error)
    .execute(&mut *tx)
    .await?;
    // Only while this attempt is still the newest (a redelivery or a later attempt wins).
    let moved = sqlx::query("UPDATE webhook_messages SET state = $1, next_at = $2 WHERE id = $3 AND attempts = $4")
        .bind(state.as_str())
        .bind(next_at)
        .bind(id)
        .bind(attempt)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if moved == 0 {
        return Ok((Attempted::Done, None));
    }
    if state == DeliveryState::Succeeded {
        sqlx::query("UPDATE webhooks SET warned_at = NULL WHERE id = $1 AND warned_at IS NOT NULL")
            .bind(m.webhook)
            .execute(&mut *tx)
            .await?;
    }
    // Each mail once per endpoint, whatever number of deliveries fail together.
    let mut mail = None;
    if let Some(reason) = turn_off {
        let off = sqlx::query("UPDATE webhooks SET disabled = $1 WHERE id = $2 AND disabled IS NULL")
            .bind(reason.as_str())
            .bind(m.webhook)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if off == 1 {
            mail = Some("webhook-disabled");
        }
    }
    if warn {
        let warned = sqlx::query("UPDATE webhooks SET warned_at = $1 WHERE id = $2 AND warned_at IS NULL")
            .bind(now)
            .bind(m.webhook)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if warned == 1 {
            mail = Some("webhook-failing");
        }
    }
    Ok((outcome, mail))
}

/// The owner's mail about endpoint `webhook`: failing (turned off if the next attempts fail too) or turned off.
async fn tell_owner(v: &Vestibule, webhook: i64, kind: &str, url: &str, error: &str) -> Result<()> {
    let (user_id,): (i64,) =
        sqlx::query_as("SELECT user_id FROM webhooks WHERE id = $1").bind(webhook).fetch_one(&v.db.pool).await?;
    let Some(account) = crate::accounts::find_by_id(v, user_id).await? else { return Ok(()) };
    let link = format!("{}/settings/webhooks", v.base_url());
    let extra = vec![("url", url.to_string().into()), ("error", error.to_string().into()), ("link", link.into())];
    let origin = Origin { ip: "-".into(), user_agent: String::new() };
    if let Some(mail) = crate::owner::security_mail(v, &account, kind, &origin, extra).await? {
        outbox::queue(v, mail).await?;
    }
    Ok(())
}

fn random_unit() -> f64 {
    let mut bytes = [0u8; 4];
    if getrandom::fill(&mut bytes).is_err() {
        return 0.5;
    }
    f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX)
}

/// An endpoint's deliveries of the last `LOG_DAYS` days, newest first, each with its attempts.
pub async fn log(v: &Vestibule, user_id: i64, webhook: &str, limit: i64) -> Result<Vec<DeliveryInfo>> {
    let (row_id, _) = find(v, user_id, webhook).await?;
    let since = now_ms() - LOG_DAYS * 86_400_000;
    let messages: Vec<(i64, String, String, i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, message_id, event_type, created_at, state, next_at FROM webhook_messages \
         WHERE webhook_id = $1 AND created_at >= $2 ORDER BY id DESC LIMIT $3",
    )
    .bind(row_id)
    .bind(since)
    .bind(limit.clamp(1, 200))
    .fetch_all(&v.db.pool)
    .await?;
    let ids = messages.iter().map(|m| m.0.to_string()).collect::<Vec<_>>().join(",");
    let attempts: Vec<AttemptRow> = if ids.is_empty() {
        Vec::new()
    } else {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT message, attempt, at, status, latency_ms, response, error FROM webhook_attempts \
             WHERE message IN ({ids}) ORDER BY id DESC"
        )))
        .fetch_all(&v.db.pool)
        .await?
    };
    Ok(messages
        .into_iter()
        .map(|(id, message_id, event_type, created_at, state, next_at)| {
            let state = DeliveryState::parse(&state);
            DeliveryInfo {
                id,
                message_id,
                event_type,
                created_at,
                state,
                next_at: next_at.filter(|_| state == DeliveryState::Pending),
                attempts: attempts
                    .iter()
                    .filter(|a| a.0 == id)
                    .map(|(_, attempt, at, status, latency_ms, response, error)| AttemptInfo {
                        attempt: *attempt,
                        at: *at,
                        status: status.and_then(|s| u16::try_from(s).ok()),
                        latency_ms: *latency_ms,
                        response: response.clone(),
                        error: error.clone(),
                    })
                    .collect(),
            }
        })
        .collect())
}

/// Sends delivery `delivery` of endpoint `webhook` again, with the same `webhook-id`, now.
pub async fn redeliver(v: &Vestibule, caller: &Caller, webhook: &str, delivery: i64) -> Result<()> {
    let (row_id, info) = find(v, caller.account.id, webhook).await?;
    if info.disabled.is_some() {
        return Err(Error::invalid("webhook", ValidationError::WebhookDisabled));
    }
    let mut tx = v.db.begin_write().await?;
    let updated = sqlx::query(
        "UPDATE webhook_messages SET state = 'pending', next_at = $1, round_start = attempts \
         WHERE id = $2 AND webhook_id = $3 AND state <> 'pending' AND octet_length(body) <= $4",
    )
    .bind(now_ms())
    .bind(delivery)
    .bind(row_id)
    .bind(MAX_PAYLOAD_BYTES as i64)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        // Not this endpoint's, too large to send, or already on its way.
        let size: Option<(i64,)> =
            sqlx::query_as("SELECT octet_length(body) FROM webhook_messages WHERE id = $1 AND webhook_id = $2")
                .bind(delivery)
                .bind(row_id)
                .fetch_optional(&mut *tx)
                .await?;
        return match size {
            None => Err(Error(UserError::NotFound)),
            Some((bytes,)) if bytes > MAX_PAYLOAD_BYTES as i64 => {
                Err(Error::invalid("delivery", ValidationError::WebhookTooLarge { max: MAX_PAYLOAD_BYTES as u32 }))
            }
            Some(_) => Ok(()),
        };
    }
    outbox::enqueue(&mut tx, &v.sealer, &Job::Webhook { message: delivery }).await?;
    tx.commit().await?;
    v.outbox_queued();
    Ok(())
}

/// Sends every failed delivery of endpoint `webhook` created in `from..=to` again; returns how many.
pub async fn redeliver_failed(v: &Vestibule, caller: &Caller, webhook: &str, from: i64, to: i64) -> Result<usize> {
    let (row_id, info) = find(v, caller.account.id, webhook).await?;
    if info.disabled.is_some() {
        return Err(Error::invalid("webhook", ValidationError::WebhookDisabled));
    }
    let mut tx = v.db.begin_write().await?;
    let ids: Vec<(i64,)> = sqlx::query_as(
        "UPDATE webhook_messages SET state = 'pending', next_at = $1, round_start = attempts \
         WHERE webhook_id = $2 AND state = 'failed' AND created_at >= $3 AND created_at <= $4 \
           AND octet_length(body) <= $5 RETURNING id",
    )
    .bind(now_ms())
    .bind(row_id)
    .bind(from)
    .bind(to)
    .bind(MAX_PAYLOAD_BYTES as i64)
    .fetch_all(&mut *tx)
    .await?;
    for (id,) in &ids {
        outbox::enqueue(&mut tx, &v.sealer, &Job::Webhook { message: *id }).await?;
    }
    tx.commit().await?;
    v.outbox_queued();
    Ok(ids.len())
}

/// Queues a test delivery of `event_type` with a realistic sample payload (marked `"test": true`)
/// to endpoint `webhook`, whether or not it subscribes to that type; returns the delivery's id.
pub async fn send_test(v: &Vestibule, caller: &Caller, webhook: &str, event_type: &str) -> Result<i64> {
    let (row_id, info) = find(v, caller.account.id, webhook).await?;
    if v.settings.webhook_events.get(event_type).is_none() {
        return Err(Error::invalid("event", ValidationError::UnknownEvent { name: event_type.to_string() }));
    }
    if info.disabled.is_some() {
        return Err(Error::invalid("event", ValidationError::WebhookDisabled));
    }
    let mut data = sample(event_type, &caller.account.username);
    data["test"] = Value::Bool(true);
    let mut tx = v.db.begin_write().await?;
    let id = queue(v, &mut tx, row_id, event_type, &data).await?;
    tx.commit().await?;
    v.outbox_queued();
    Ok(id)
}

/// Queues `count` test deliveries of `event_type` to each endpoint of `account` that is on, in one
/// transaction (`vestibule webhook test`: checking an endpoint, and the delivery benchmark).
pub async fn queue_tests(
    v: &Vestibule,
    account: &vestibule_domain::Account,
    event_type: &str,
    count: u32,
) -> Result<usize> {
    if v.settings.webhook_events.get(event_type).is_none() {
        return Err(Error::invalid("event", ValidationError::UnknownEvent { name: event_type.to_string() }));
    }
    let mut data = sample(event_type, &account.username);
    data["test"] = Value::Bool(true);
    let mut tx = v.db.begin_write().await?;
    let endpoints: Vec<(i64,)> = sqlx::query_as("SELECT id FROM webhooks WHERE user_id = $1 AND disabled IS NULL")
        .bind(account.id)
        .fetch_all(&mut *tx)
        .await?;
    for (endpoint,) in &endpoints {
        for _ in 0..count {
            queue(v, &mut tx, *endpoint, event_type, &data).await?;
        }
    }
    tx.commit().await?;
    v.outbox_queued();
    Ok(endpoints.len() * count as usize)
}

/// An event of one of the operator's own types (`VESTIBULE_WEBHOOK_EVENTS`), posted by the platform
/// for `recipients` (usernames; unknown ones are skipped): queued for each endpoint of theirs that
/// is on and subscribed. Returns (recipients that are accounts here, deliveries queued).
pub async fn platform_event(
    v: &Vestibule,
    event_type: &str,
    recipients: &[String],
    data: Value,
) -> Result<(usize, usize)> {
    use vestibule_domain::notifications::MAX_RECIPIENTS;
    use vestibule_domain::webhooks::EVENT_TYPES;
    let mut errors = Vec::new();
    let known = v.settings.webhook_events.get(event_type).is_some() && !EVENT_TYPES.contains(&event_type);
    if !known {
        errors.push(ValidationError::UnknownEvent { name: event_type.to_string() }.on("type"));
    }
    if recipients.is_empty() {
        errors.push(ValidationError::Required.on("recipients"));
    } else if recipients.len() > MAX_RECIPIENTS {
        errors.push(ValidationError::TooMany { max: MAX_RECIPIENTS }.on("recipients"));
    }
    // Room for the envelope (`type`, `timestamp`) around the data.
    let max = MAX_PAYLOAD_BYTES - 200;
    if data.to_string().len() > max {
        errors.push(ValidationError::TooLong { max }.on("data"));
    }
    if !errors.is_empty() {
        return Err(Error(UserError::Invalid(errors)));
    }
    let mut accounts = Vec::new();
    for name in recipients {
        if let Some(account) = crate::accounts::find_by_username(v, name.trim()).await? {
            accounts.push(account);
        }
    }
    let mut tx = v.db.begin_write().await?;
    let mut queued = 0;
    for account in &accounts {
        let mut data = data.clone();
        if let Value::Object(map) = &mut data {
            map.entry("username").or_insert_with(|| Value::String(account.username.clone()));
        }
        queued += emit(v, &mut tx, account.id, event_type, data).await?;
    }
    tx.commit().await?;
    if queued > 0 {
        v.outbox_queued();
    }
    Ok((accounts.len(), queued))
}

/// What a real event of `event_type` carries, with made-up values.
fn sample(event_type: &str, username: &str) -> Value {
    let now = rfc3339(now_ms());
    let key = json!({ "id": "3kq9v2xw7m4t", "name": "CI deploys", "scopes": ["profile:read"], "expires_at": now });
    match event_type {
        "build.succeeded" | "build.failed" => json!({
            "id": "evt_sample_1", "pipeline": { "id": "web-app", "name": "Web app" }, "build": "42",
            "result": if event_type == "build.failed" { "failed" } else { "succeeded" },
            "url": "https://ci.example.com/web-app/builds/42", "trigger": "push", "occurred_at": now,
            "username": username,
        }),
        "api_key.created" | "api_key.rotated" | "api_key.deleted" | "api_key.expiring" => {
            json!({ "username": username, "key": key })
        }
        "profile.updated" => json!({ "username": username, "changed": ["full_name"] }),
        "preferences.updated" => json!({ "username": username, "changed": ["theme"] }),
        "security.two_factor_changed" => json!({ "username": username, "enabled": true }),
        _ => json!({ "username": username }),
    }
}
