//! Events becoming deliveries: a message per subscribed endpoint and its outbox job, written on the
//! caller's connection (the transaction of the change that caused them). What changes an account
//! calls this; the deliveries themselves are `delivery`'s.

use crate::outbox::{self, Job};
use crate::time::now_ms;
use crate::{Result, Vestibule};
use serde_json::{Value, json};
use sqlx::AnyConnection;
use vestibule_domain::datetime::rfc3339;
use vestibule_domain::webhooks::{DeliveryState, MAX_PAYLOAD_BYTES};

/// Queues `event_type` with `data` for every endpoint of `user_id` that is on and subscribed to it,
/// on `conn` (normally the transaction of the change). Returns how many were queued; call
/// `Vestibule::outbox_queued` after the commit when it is not 0.
pub async fn emit(
    v: &Vestibule,
    conn: &mut AnyConnection,
    user_id: i64,
    event_type: &str,
    data: Value,
) -> Result<usize> {
    let endpoints: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, events FROM webhooks WHERE user_id = $1 AND disabled IS NULL")
            .bind(user_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut queued = 0;
    for (id, events) in endpoints {
        if events.split_whitespace().any(|e| e == event_type) {
            queue(v, conn, id, event_type, &data).await?;
            queued += 1;
        }
    }
    Ok(queued)
}

/// The body of every delivery: `{"type", "timestamp", "data"}` (the Standard Webhooks shape).
fn body(event_type: &str, data: &Value) -> String {
    json!({ "type": event_type, "timestamp": rfc3339(now_ms()), "data": data }).to_string()
}

/// Writes one message for endpoint `webhook` and its outbox job.
pub(crate) async fn queue(
    v: &Vestibule,
    conn: &mut AnyConnection,
    webhook: i64,
    event_type: &str,
    data: &Value,
) -> Result<i64> {
    let body = body(event_type, data);
    let message_id = format!("msg_{}", &crate::token::random_token()?[..26]);
    let too_large = body.len() > MAX_PAYLOAD_BYTES;
    let state = if too_large { DeliveryState::Failed } else { DeliveryState::Pending };
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO webhook_messages (webhook_id, message_id, event_type, body, state, attempts, next_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, 0, $6, $6) RETURNING id",
    )
    .bind(webhook)
    .bind(&message_id)
    .bind(event_type)
    .bind(&body)
    .bind(state.as_str())
    .bind(now_ms())
    .fetch_one(&mut *conn)
    .await?;
    if too_large {
        tracing::warn!(message = %message_id, bytes = body.len(), "webhook payload too large: not sent");
    } else {
        outbox::enqueue(conn, &v.sealer, &Job::Webhook { message: id }).await?;
    }
    Ok(id)
}
