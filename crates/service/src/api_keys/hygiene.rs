//! Keys that should stop: ones reported as leaked (revoked at once, whoever reports them, with
//! one answer whether or not a key existed) and ones left idle (`VESTIBULE_REVOKE_IDLE_KEYS_DAYS`:
//! the owner is warned 7 days before, then the key is revoked).

use super::{auth, revoke_row};
use crate::audit::{self, Origin};
use crate::time::now_ms;
use crate::{Error, Result, Vestibule, accounts, outbox, owner, preferences};
use subtle::ConstantTimeEq;
use vestibule_domain::api_keys::{KeyToken, check_leak_report, display_hint};
use vestibule_domain::datetime::format_datetime;
use vestibule_domain::i18n::Arg;

/// Reports per client network (a /64 for IPv6) in 10 minutes: a scanner reports in batches.
const REPORTS_PER_WINDOW: u32 = 30;
const REPORT_WINDOW_MS: i64 = 600_000;
const DAY_MS: i64 = 86_400_000;
/// The warning comes this long before an idle key is revoked.
const WARNING_MS: i64 = 7 * DAY_MS;
/// Uses reach the database up to a minute late (`flush_usage`, on every instance): the idle
/// cut-offs leave this much room, so a key used a moment ago is never taken for idle.
const LATE_USE_MS: i64 = 120_000;

/// A live key as the hygiene passes read it: (row id, owner, public id, name, hint, digest).
type KeyRow = (i64, i64, String, String, String, String);

/// Revokes every live key among `keys` (whole keys, as found, e.g. in a public repository) and
/// mails each owner where it was reported from (`source`) and by whom. Answers how many keys were
/// received, never how many existed: the report must not be a way to test keys. A key that is
/// malformed, unknown, already revoked or expired is passed over in silence.
pub async fn report_leaked(v: &Vestibule, keys: &[String], source: &str, origin: &Origin) -> Result<usize> {
    let source = check_leak_report(keys, source).map_err(|e| Error(crate::UserError::Invalid(e)))?;
    // Counted once the report is well-formed: a malformed one costs no lookup.
    let network = crate::throttle::network(&origin.ip);
    v.leak_reports.hit(&network, now_ms(), REPORTS_PER_WINDOW, REPORT_WINDOW_MS)?;
    for raw in keys {
        let Ok(token) = KeyToken::parse(raw.trim()) else { continue };
        let now = now_ms();
        let row: Option<KeyRow> = sqlx::query_as(
            "SELECT id, user_id, public_id, name, hint, digest FROM api_keys \
             WHERE public_id = $1 AND (revoked_at IS NULL OR revoked_at > $2) AND expires_at > $2",
        )
        .bind(token.id())
        .bind(now)
        .fetch_optional(&v.db.pool)
        .await?;
        let Some(row) = row else { continue };
        if !bool::from(auth::digest(&v.settings, &token).as_bytes().ct_eq(row.5.as_bytes())) {
            continue;
        }
        revoke(v, row, Revocation::Leaked { source: &source }, origin).await?;
    }
    Ok(keys.len())
}

/// Why a key is revoked by a hygiene pass.
enum Revocation<'a> {
    Leaked {
        source: &'a str,
    },
    /// Unused for `days`: revoked only if still unused since `idle_since` (checked in the UPDATE).
    Idle {
        days: u32,
        idle_since: i64,
    },
}

/// Revokes one key (unless it stopped meanwhile), writes it to the owner's audit log, emits
/// `api_key.deleted` and mails the owner, in one transaction.
async fn revoke(
    v: &Vestibule,
    (key_id, user_id, public_id, name, hint, _): KeyRow,
    why: Revocation<'_>,
    origin: &Origin,
) -> Result<()> {
    let Some(account) = accounts::find_by_id(v, user_id).await? else { return Ok(()) };
    let target = format!("vst_{public_id}");
    let key_args = |extra: Vec<(&'static str, Arg<'static>)>| {
        let mut args: Vec<(&'static str, Arg<'static>)> =
            vec![("key_name", name.clone().into()), ("hint", display_hint(&hint).into())];
        args.extend(extra);
        args
    };
    let (action, detail, by, mail) = match why {
        Revocation::Leaked { source } => {
            let shown = if source.is_empty() { "-".to_string() } else { source.to_string() };
            let mail =
                owner::security_mail(v, &account, "api-key-leaked", origin, key_args(vec![("source", shown.into())]));
            ("api_key.leaked", source.to_string(), "leak_report", mail.await?)
        }
        Revocation::Idle { days, .. } => {
            let mail = owner::security_mail(
                v,
                &account,
                "api-key-idle-revoked",
                origin,
                key_args(vec![("days", days.into())]),
            );
            ("api_key.revoked_idle", format!("days={days}"), "idle", mail.await?)
        }
    };
    let now = now_ms();
    let mut tx = v.db.pool.begin().await?;
    let idle_since = match why {
        Revocation::Idle { idle_since, .. } => Some(idle_since),
        Revocation::Leaked { .. } => None,
    };
    if !revoke_row(&mut tx, key_id, now, idle_since).await? {
        return Ok(());
    }
    audit::record(&mut *tx, user_id, action, &target, &detail, origin).await?;
    let data = serde_json::json!({
        "username": account.username,
        "key": { "id": public_id, "name": name },
        "by": by,
    });
    let hooks = crate::webhooks::emit::emit(v, &mut tx, user_id, "api_key.deleted", data).await?;
    let mailed = mail.is_some();
    if let Some(mail) = mail {
        outbox::enqueue(&mut tx, &v.sealer, &outbox::Job::Mail(mail)).await?;
    }
    tx.commit().await?;
    if mailed || hooks > 0 {
        v.outbox_queued();
    }
    v.user_changed(user_id).await;
    tracing::warn!(key = %target, user = user_id, reason = by, "API key revoked");
    Ok(())
}

/// With `VESTIBULE_REVOKE_IDLE_KEYS_DAYS` set: warns the owner of each live key unused (since its
/// last use, or its creation) for that many days less 7, and revokes those unused for the whole
/// period whose owner was warned at least 7 days ago, for this period of idleness (a warning before
/// the last use, or for a shorter period the operator has since lengthened, does not count). Each
/// warning is claimed on the key's row in the transaction that queues it: once, however many
/// instances run. `now` is a parameter, for tests. Returns how many keys were warned or revoked.
pub(crate) async fn revoke_idle(v: &Vestibule, now: i64) -> Result<usize> {
    let Some(days) = v.settings.revoke_idle_keys_days else { return Ok(0) };
    // Uses this instance holds in memory count: a key used a moment ago is not idle.
    super::flush_usage(v).await?;
    let idle_ms = i64::from(days) * DAY_MS;
    let system = Origin { ip: "-".into(), user_agent: String::new() };
    // A key's last sign of life, and whether its warning is one for this stretch of idleness.
    let last_activity = "COALESCE(last_used_at, created_at)";
    // `$period`: the parameter holding the period less the warning.
    let warned = |period: &str| format!("idle_warned_at >= {last_activity} + {period}");
    let mut done = 0;
    // Revoke first: a key warned at least 7 days ago and still unused.
    let due: Vec<KeyRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, user_id, public_id, name, hint, digest FROM api_keys \
         WHERE revoked_at IS NULL AND expires_at > $1 AND {last_activity} <= $2 \
         AND idle_warned_at IS NOT NULL AND idle_warned_at <= $3 AND {}",
        warned("$4")
    )))
    .bind(now)
    .bind(now - idle_ms - LATE_USE_MS)
    .bind(now - WARNING_MS)
    .bind(idle_ms - WARNING_MS)
    .fetch_all(&v.db.pool)
    .await?;
    for row in due {
        revoke(v, row, Revocation::Idle { days, idle_since: now - idle_ms - LATE_USE_MS }, &system).await?;
        done += 1;
    }
    // Warn: unused for the period less the warning, and not yet warned for this stretch.
    let not_warned = format!("(idle_warned_at IS NULL OR NOT ({}))", warned("$3"));
    let to_warn: Vec<KeyRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, user_id, public_id, name, hint, digest FROM api_keys \
         WHERE revoked_at IS NULL AND expires_at > $1 AND {last_activity} <= $2 AND {not_warned}"
    )))
    .bind(now)
    .bind(now - (idle_ms - WARNING_MS) - LATE_USE_MS)
    .bind(idle_ms - WARNING_MS)
    .fetch_all(&v.db.pool)
    .await?;
    for (key_id, user_id, public_id, name, hint, _) in to_warn {
        let Some(account) = accounts::find_by_id(v, user_id).await? else { continue };
        let prefs = preferences::get(v, user_id).await?;
        let args = vec![
            ("key_name", name.into()),
            ("hint", display_hint(&hint).into()),
            ("days", days.into()),
            ("date", format_datetime(now + WARNING_MS, &prefs).into()),
        ];
        // No mail for an unproven address (as for every security mail); the owner's log says it.
        let mail = owner::security_mail(v, &account, "api-key-idle-warning", &system, args).await?;
        let mut tx = v.db.pool.begin().await?;
        let claimed = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE api_keys SET idle_warned_at = $1 WHERE id = $2 AND {not_warned}"
        )))
        .bind(now)
        .bind(key_id)
        .bind(idle_ms - WARNING_MS)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 0 {
            continue;
        }
        let detail = format!("days={days}");
        audit::record(&mut *tx, user_id, "api_key.idle_warned", &format!("vst_{public_id}"), &detail, &system).await?;
        if let Some(mail) = mail {
            outbox::enqueue(&mut tx, &v.sealer, &outbox::Job::Mail(mail)).await?;
        }
        tx.commit().await?;
        done += 1;
    }
    if done > 0 {
        v.outbox_queued();
    }
    Ok(done)
}
