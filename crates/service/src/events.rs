//! The host platform's build events (`POST /api/v1/events`): stored once by their id, and a mail
//! queued, in the same transaction, for every recipient whose notification settings ask for it.
//! Events are kept `EVENT_RETENTION_MS` (35 days) for the weekly summary and "only when the result
//! changes"; the maintenance sweep deletes them after that.

use crate::accounts::find_by_username;
use crate::email_change::display_name;
use crate::notifications::{self, Notifications, mail_with_footer};
use crate::outbox::{self, Job};
use crate::time::now_ms;
use crate::{Result, Vestibule, preferences};
use vestibule_domain::datetime::format_datetime;
use vestibule_domain::i18n::{t, t_args};
use vestibule_domain::notifications::{BuildEvent, BuildOutcome, MailKind, build_mail};
use vestibule_domain::{Account, Preferences};

/// What posting an event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    /// The id was known: nothing was stored or sent again.
    pub duplicate: bool,
    /// Recipients that are accounts here.
    pub recipients: usize,
    /// Mails queued.
    pub mails: usize,
}

/// Stores `event` unless its id is known, and queues the mails its recipients asked for.
pub async fn receive(v: &Vestibule, event: &BuildEvent) -> Result<Received> {
    // Who hears about it: read before the transaction (on SQLite it holds the one writer).
    let mut people: Vec<(Account, Notifications, Preferences)> = Vec::new();
    for name in &event.recipients {
        if let Some(account) = find_by_username(v, name.as_str()).await? {
            let notifications = notifications::get(v, account.id).await?;
            let prefs = preferences::get(v, account.id).await?;
            people.push((account, notifications, prefs));
        }
    }
    let mut tx = v.db.begin_write().await?;
    // One event of a pipeline at a time (the row lock, on PostgreSQL; SQLite has one writer): a
    // concurrent event of the same pipeline waits, and then sees this one as its previous result.
    sqlx::query("INSERT INTO pipelines (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = $2")
        .bind(&event.pipeline_id)
        .bind(&event.pipeline_name)
        .execute(&mut *tx)
        .await?;
    let stored = sqlx::query(
        "INSERT INTO events (id, kind, pipeline_id, pipeline_name, build_id, occurred_at, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
    )
    .bind(&event.id)
    .bind(event.outcome.event_type())
    .bind(&event.pipeline_id)
    .bind(&event.pipeline_name)
    .bind(&event.build_id)
    .bind(event.occurred_at)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if stored == 0 {
        return Ok(Received { duplicate: true, recipients: people.len(), mails: 0 });
    }
    // The pipeline's result before this build, for "only when the result changes".
    let previous: Option<(String,)> = sqlx::query_as(
        "SELECT kind FROM events WHERE pipeline_id = $1 AND occurred_at < $2 ORDER BY occurred_at DESC LIMIT 1",
    )
    .bind(&event.pipeline_id)
    .bind(event.occurred_at)
    .fetch_optional(&mut *tx)
    .await?;
    let previous = previous.and_then(|(kind,)| BuildOutcome::from_event_type(&kind));
    let mut mails = 0;
    let mut hooks = 0;
    for (account, notifications, prefs) in &people {
        sqlx::query("INSERT INTO event_recipients (event_id, user_id) VALUES ($1, $2)")
            .bind(&event.id)
            .bind(account.id)
            .execute(&mut *tx)
            .await?;
        let data = build_event_data(event, &account.username);
        hooks += crate::webhooks::emit::emit(v, &mut tx, account.id, event.outcome.event_type(), data).await?;
        let is_committer = event.committer_email.as_ref().is_some_and(|e| notifications.is_mine(account, e));
        let Some(kind) = build_mail(&notifications.settings, event, is_committer, previous) else { continue };
        let Some(to) = notifications.recipient(account) else { continue };
        let mail = build_result_mail(v, account, prefs, event, kind, &to)?;
        outbox::enqueue(&mut tx, &v.sealer, &Job::Mail(mail)).await?;
        mails += 1;
    }
    tx.commit().await?;
    if mails + hooks > 0 {
        v.outbox_queued();
    }
    tracing::info!(event = %event.id, recipients = people.len(), mails, "build event received");
    Ok(Received { duplicate: false, recipients: people.len(), mails })
}

/// The `data` of a `build.succeeded` / `build.failed` webhook, for recipient `username`.
fn build_event_data(event: &BuildEvent, username: &str) -> serde_json::Value {
    serde_json::json!({
        "id": event.id,
        "pipeline": { "id": event.pipeline_id, "name": event.pipeline_name },
        "build": event.build_id,
        "result": match event.outcome { BuildOutcome::Succeeded => "succeeded", BuildOutcome::Failed => "failed" },
        "url": event.build_url,
        "trigger": event.trigger.as_str(),
        "committer_email": event.committer_email.as_ref().map(|e| e.as_str().to_string()),
        "occurred_at": vestibule_domain::datetime::rfc3339(event.occurred_at),
        "username": username,
    })
}

/// "[Web app] Build 42 failed", in the recipient's language, time zone and format.
fn build_result_mail(
    v: &Vestibule,
    account: &Account,
    prefs: &Preferences,
    event: &BuildEvent,
    kind: MailKind,
    to: &str,
) -> Result<crate::mail::Mail> {
    let language = prefs.language;
    let result = match event.outcome {
        BuildOutcome::Succeeded => "succeeded",
        BuildOutcome::Failed => "failed",
    };
    let names = [("pipeline", event.pipeline_name.clone().into()), ("build", event.build_id.clone().into())];
    let subject = t_args(language, &format!("mail-build-{result}-subject"), &names);
    let mut lines = vec![
        t_args(language, "mail-greeting", &[("name", display_name(account).to_string().into())]),
        String::new(),
        t_args(
            language,
            &format!("mail-build-{result}-body"),
            &[names[0].clone(), names[1].clone(), ("when", format_datetime(event.occurred_at, prefs).into())],
        ),
        t(language, &format!("mail-build-trigger-{}", event.trigger.as_str())),
    ];
    if let Some(email) = &event.committer_email {
        lines.push(t_args(language, "mail-build-committer", &[("email", email.as_str().to_string().into())]));
    }
    lines.extend([String::new(), event.build_url.clone()]);
    mail_with_footer(v, account.id, kind, language, to, subject, lines.join("\n"))
}
