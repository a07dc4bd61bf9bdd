//! Mails that come at a time rather than from a change: the weekly summary (09:00 on the user's
//! week-start day in their zone), API-key expiry reminders (7 days and 1 day before, and on the
//! day), and the revocation of idle keys (`api_keys::revoke_idle`). The server calls `send_due` once a minute; the clock is a parameter, for tests. Each mail
//! is claimed in the transaction that queues it, so it goes exactly once however many instances run.

use crate::accounts::find_by_id;
use crate::email_change::display_name;
use crate::notifications::{self, mail_with_footer};
use crate::outbox::{self, Job};
use crate::preferences::PREFERENCE_COLUMNS;
use crate::{Result, Vestibule, preferences};
use std::collections::BTreeMap;
use vestibule_domain::api_keys::display_hint;
use vestibule_domain::datetime::{format_date, format_datetime, local_date, local_days_between, weekday_name};
use vestibule_domain::i18n::{t, t_args};
use vestibule_domain::notifications::{BuildOutcome, MailKind, SUMMARY_CATCH_UP_MS, SummaryWeek, summary_week};
use vestibule_domain::{Account, Preferences};

const DAY_MS: i64 = 24 * 3600 * 1000;

/// What one call of `send_due` queued.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    pub summaries: usize,
    pub reminders: usize,
    /// Idle keys warned or revoked (`VESTIBULE_REVOKE_IDLE_KEYS_DAYS`).
    pub idle_keys: usize,
}

/// Queues every summary and reminder due at `now`.
pub async fn send_due(v: &Vestibule, now: i64) -> Result<Sent> {
    let sent = Sent {
        summaries: summaries(v, now).await?,
        reminders: reminders(v, now).await? + git_token_reminders(v, now).await?,
        idle_keys: crate::api_keys::revoke_idle(v, now).await?,
    };
    if sent.summaries + sent.reminders > 0 {
        v.outbox_queued();
    }
    Ok(sent)
}

/// Weekly summaries: everyone who turned them on and whose summary moment passed less than
/// `SUMMARY_CATCH_UP_MS` ago (a server that was down catches up; a user who turns them on mid-week
/// gets the next one, not last Monday's) and who was not sent this week's yet.
async fn summaries(v: &Vestibule, now: i64) -> Result<usize> {
    // One query a pass, whatever the number of users: each one's preferences come with it (their
    // zone and week-start day decide whether their moment has come).
    type Row = (
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let users: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT n.user_id, w.week, {PREFERENCE_COLUMNS} FROM notification_settings n \
         LEFT JOIN weekly_summaries w ON w.user_id = n.user_id LEFT JOIN preferences p ON p.user_id = n.user_id \
         WHERE n.weekly_summary = 1"
    )))
    .fetch_all(&v.db.pool)
    .await?;
    let mut sent = 0;
    for (user_id, last, d, t, z, ws, th, l) in users {
        let prefs = preferences::from_row((d, t, z, ws, th, l));
        let week = summary_week(now, &prefs);
        if now - week.due_ms >= SUMMARY_CATCH_UP_MS || last.as_deref() >= Some(week.week.as_str()) {
            continue;
        }
        let Some(account) = find_by_id(v, user_id).await? else { continue };
        let Some(to) = notifications::get(v, user_id).await?.recipient(&account) else { continue };
        let mail = summary_mail(v, &account, &prefs, &week, &to).await?;
        // The claim: another instance (or an earlier pass) that got here first leaves nothing to do.
        let claim = sqlx::query(
            "INSERT INTO weekly_summaries (user_id, week, sent_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET week = $2, sent_at = $3 WHERE weekly_summaries.week < $2",
        )
        .bind(user_id)
        .bind(&week.week)
        .bind(now);
        if !send_once(v, claim, mail).await? {
            continue;
        }
        sent += 1;
    }
    Ok(sent)
}

/// Counts per pipeline of the builds the user heard of in the week, and the busiest local day.
async fn summary_mail(
    v: &Vestibule,
    account: &Account,
    prefs: &Preferences,
    week: &SummaryWeek,
    to: &str,
) -> Result<crate::mail::Mail> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT e.pipeline_id, e.pipeline_name, e.kind, e.occurred_at FROM events e \
         JOIN event_recipients r ON r.event_id = e.id \
         WHERE r.user_id = $1 AND e.occurred_at >= $2 AND e.occurred_at < $3 ORDER BY e.occurred_at",
    )
    .bind(account.id)
    .bind(week.from_ms)
    .bind(week.due_ms)
    .fetch_all(&v.db.pool)
    .await?;
    // Per pipeline: its latest name, successes, failures.
    let mut pipelines: BTreeMap<String, (String, usize, usize)> = BTreeMap::new();
    // Per local day (sorted by date): the first build's instant, to name the day, and the count.
    let mut days: BTreeMap<String, (i64, usize)> = BTreeMap::new();
    let (mut succeeded, mut failed) = (0, 0);
    for (id, name, kind, at) in rows {
        let entry = pipelines.entry(id).or_insert_with(|| (String::new(), 0, 0));
        entry.0 = name;
        match BuildOutcome::from_event_type(&kind) {
            Some(BuildOutcome::Succeeded) => (entry.1, succeeded) = (entry.1 + 1, succeeded + 1),
            Some(BuildOutcome::Failed) => (entry.2, failed) = (entry.2 + 1, failed + 1),
            None => continue,
        }
        days.entry(local_date(at, prefs)).or_insert((at, 0)).1 += 1;
    }
    let language = prefs.language;
    let count = |n: usize| vestibule_domain::i18n::Arg::from(n);
    let subject =
        t_args(language, "mail-summary-subject", &[("succeeded", count(succeeded)), ("failed", count(failed))]);
    let mut lines = vec![
        t_args(language, "mail-greeting", &[("name", display_name(account).to_string().into())]),
        String::new(),
        t_args(
            language,
            "mail-summary-intro",
            &[("from", format_date(week.from_ms, prefs).into()), ("to", format_date(week.due_ms - 1, prefs).into())],
        ),
        String::new(),
    ];
    if pipelines.is_empty() {
        lines.push(t(language, "mail-summary-none"));
    }
    let mut listed: Vec<_> = pipelines.into_values().collect();
    // Busiest pipelines first, then by name.
    listed.sort_by(|a, b| (b.1 + b.2).cmp(&(a.1 + a.2)).then_with(|| a.0.cmp(&b.0)));
    for (name, ok, bad) in listed {
        lines.push(t_args(
            language,
            "mail-summary-pipeline",
            &[("pipeline", name.into()), ("succeeded", count(ok)), ("failed", count(bad))],
        ));
    }
    // The earliest of the days with the most builds.
    if let Some((at, most)) = days.values().fold(None, |best: Option<(i64, usize)>, &(at, n)| match best {
        Some((_, m)) if m >= n => best,
        _ => Some((at, n)),
    }) {
        let args = [
            ("weekday", weekday_name(at, prefs).into()),
            ("date", format_date(at, prefs).into()),
            ("count", count(most)),
        ];
        lines.extend([String::new(), t_args(language, "mail-summary-busiest", &args)]);
    }
    mail_with_footer(v, account.id, MailKind::WeeklySummary, language, to, subject, lines.join("\n"))
}

/// (id, user id, public id, name, hint, expires at, the last reminder's stage)
type ExpiringKey = (i64, i64, String, String, String, i64, Option<i64>);

/// Key-expiry reminders: a live key (not deleted or rotated out) whose expiry is 2 to 7 local days
/// away gets one reminder, 1 day away another, and the day itself a last one, each at most once
/// (the key's `reminded` stage is claimed in the transaction that queues it). A key less than a
/// day old gets none: whoever made it just chose its expiry.
async fn reminders(v: &Vestibule, now: i64) -> Result<usize> {
    let keys: Vec<ExpiringKey> = sqlx::query_as(
        "SELECT id, user_id, public_id, name, hint, expires_at, reminded FROM api_keys \
         WHERE revoked_at IS NULL AND expires_at > $1 AND expires_at <= $2 AND created_at <= $3",
    )
    .bind(now)
    .bind(now + 8 * DAY_MS)
    .bind(now - DAY_MS)
    .fetch_all(&v.db.pool)
    .await?;
    let mut sent = 0;
    for (id, user_id, public_id, name, hint, expires_at, reminded) in keys {
        let Some(Due { prefs, days, stage, account, to }) = due(v, user_id, now, expires_at, reminded).await? else {
            continue;
        };
        // The mail, when the owner wants it; the `api_key.expiring` webhook goes either way.
        let mail = match to {
            Some(to) => Some(expiry_mail(v, &account, &prefs, (&public_id, &name, &hint), expires_at, days, &to)?),
            None => None,
        };
        let claim =
            sqlx::query("UPDATE api_keys SET reminded = $1 WHERE id = $2 AND (reminded IS NULL OR reminded > $1)")
                .bind(stage)
                .bind(id);
        let data = serde_json::json!({
            "username": account.username,
            "key": { "id": public_id, "name": name, "expires_at": vestibule_domain::datetime::rfc3339(expires_at) },
            "days_left": days,
        });
        let mut tx = v.db.pool.begin().await?;
        if claim.execute(&mut *tx).await?.rows_affected() == 0 {
            continue;
        }
        let mailed = mail.is_some();
        if let Some(mail) = mail {
            outbox::enqueue(&mut tx, &v.sealer, &Job::Mail(mail)).await?;
        }
        let hooks = crate::webhooks::emit::emit(v, &mut tx, user_id, "api_key.expiring", data).await?;
        tx.commit().await?;
        if mailed || hooks > 0 {
            sent += 1;
        }
    }
    Ok(sent)
}

/// An expiry reminder that is due: the owner's preferences, the local days left, the stage to
/// claim, and where the mail goes (`None` when the owner turned key-expiry mails off).
struct Due {
    prefs: Preferences,
    days: i64,
    stage: i64,
    account: Account,
    to: Option<String>,
}

/// Whether something of `user_id`'s expiring at `expires_at`, last reminded at stage `reminded`,
/// is due another reminder at `now`.
async fn due(v: &Vestibule, user_id: i64, now: i64, expires_at: i64, reminded: Option<i64>) -> Result<Option<Due>> {
    let prefs = preferences::get(v, user_id).await?;
    let days = local_days_between(now, expires_at, &prefs);
    let Some(stage) = reminder_stage(days) else { return Ok(None) };
    if reminded.is_some_and(|r| r <= stage) {
        return Ok(None);
    }
    let notifications = notifications::get(v, user_id).await?;
    let Some(account) = find_by_id(v, user_id).await? else { return Ok(None) };
    let to = notifications.recipient(&account).filter(|_| notifications.settings.key_expiry);
    Ok(Some(Due { prefs, days, stage, account, to }))
}

/// Which reminder `days` (local days to the expiry) calls for: 7 (for 2 to 7 days), 1, or 0 (the day).
fn reminder_stage(days: i64) -> Option<i64> {
    match days {
        0 => Some(0),
        1 => Some(1),
        2..=7 => Some(7),
        _ => None,
    }
}

/// Git provider tokens' expiry reminders: as for API keys (`reminders`), for tokens that have an
/// expiry, to owners who take key-expiry mails.
async fn git_token_reminders(v: &Vestibule, now: i64) -> Result<usize> {
    let tokens: Vec<(i64, i64, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, user_id, name, last4, expires_at, reminded FROM git_tokens \
         WHERE expires_at > $1 AND expires_at <= $2 AND created_at <= $3",
    )
    .bind(now)
    .bind(now + 8 * DAY_MS)
    .bind(now - DAY_MS)
    .fetch_all(&v.db.pool)
    .await?;
    let mut sent = 0;
    for (id, user_id, name, last4, expires_at, reminded) in tokens {
        let Some(Due { prefs, days, stage, account, to: Some(to) }) =
            due(v, user_id, now, expires_at, reminded).await?
        else {
            continue;
        };
        let language = prefs.language;
        let args = [("name", name.clone().into()), ("days", days.into())];
        let subject = t_args(language, "mail-git-expiry-subject", &args);
        let body = [
            t_args(language, "mail-greeting", &[("name", display_name(&account).to_string().into())]),
            String::new(),
            t_args(
                language,
                "mail-git-expiry-body",
                &[("name", name.into()), ("last4", last4.into()), ("when", format_datetime(expires_at, &prefs).into())],
            ),
            String::new(),
            format!("{}/settings/git-tokens", v.base_url()),
        ]
        .join("\n");
        let mail = mail_with_footer(v, account.id, MailKind::KeyExpiry, language, &to, subject, body)?;
        let claim =
            sqlx::query("UPDATE git_tokens SET reminded = $1 WHERE id = $2 AND (reminded IS NULL OR reminded > $1)")
                .bind(stage)
                .bind(id);
        if send_once(v, claim, mail).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

/// "Your API key … expires in 7 days", with the link that rotates it.
fn expiry_mail(
    v: &Vestibule,
    account: &Account,
    prefs: &Preferences,
    (public_id, name, hint): (&str, &str, &str),
    expires_at: i64,
    days: i64,
    to: &str,
) -> Result<crate::mail::Mail> {
    let language = prefs.language;
    let args = [("name", name.to_string().into()), ("days", days.into())];
    let subject = t_args(language, "mail-expiry-subject", &args);
    let body = [
        t_args(language, "mail-greeting", &[("name", display_name(account).to_string().into())]),
        String::new(),
        t_args(
            language,
            "mail-expiry-body",
            &[
                ("name", name.to_string().into()),
                ("hint", display_hint(hint).into()),
                ("when", format_datetime(expires_at, prefs).into()),
            ],
        ),
        String::new(),
        format!("{}/settings/api-keys?rotate={public_id}", v.base_url()),
    ]
    .join("\n");
    mail_with_footer(v, account.id, MailKind::KeyExpiry, language, to, subject, body)
}

/// Runs `claim` (a statement that changes a row only while this mail has not been sent) and queues
/// `mail` in the same transaction when it did; `false` when someone else had claimed it.
async fn send_once<'q>(
    v: &Vestibule,
    claim: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    mail: crate::mail::Mail,
) -> Result<bool> {
    let mut tx = v.db.pool.begin().await?;
    if claim.execute(&mut *tx).await?.rows_affected() == 0 {
        return Ok(false);
    }
    outbox::enqueue(&mut tx, &v.sealer, &Job::Mail(mail)).await?;
    tx.commit().await?;
    Ok(true)
}
