//! Keys that should stop: ones reported as leaked (revoked at once, whoever reports them, with
//! one answer whether or not a key existed) and ones left idle (`VESTIBULE_REVOKE_IDLE_KEYS_DAYS`:
//! the owner is warned 7 days before, then the key is revoked).

use super::{auth, revoke_row};
use crate::audit::{self, Origin};
use crate::time::now_ms;
use crate::{Error, Result, Vestibule, accounts, outbox, owner, preferences};
use subtle::ConstantTimeEq;
use vestibule_domain::ValidationError;
use vestibule_domain::api_keys::{KeyToken, display_hint};
use vestibule_domain::datetime::format_datetime;
use vestibule_domain::i18n::Arg;

/// At most this many keys in one report.
pub const MAX_LEAK_REPORT_KEYS: usize = 100;
/// The longest "where it was found" (a URL, usually).
pub const LEAK_SOURCE_MAX: usize = 500;
const DAY_MS: i64 = 86_400_000;
/// The warning comes this long before an idle key is revoked.
const WARNING_MS: i64 = 7 * DAY_MS;

/// A live key as the hygiene passes read it: (row id, owner, public id, name, hint, digest).
type KeyRow = (i64, i64, String, String, String, String);

/// Revokes every live key among `keys` (whole keys, as found, e.g. in a public repository) and
/// mails each owner where it was reported from (`source`) and by whom. Answers how many keys were
/// received, never how many existed: the report must not be a way to test keys. A key that is
/// malformed, unknown, already revoked or expired is passed over in silence.
pub async fn report_leaked(v: &Vestibule, keys: &[String], source: &str, origin: &Origin) -> Result<usize> {
    if keys.len() > MAX_LEAK_REPORT_KEYS {
        return Err(Error::invalid("keys", ValidationError::TooMany { max: MAX_LEAK_REPORT_KEYS }));
    }
    if keys.is_empty() {
        return Err(Error::invalid("keys", ValidationError::Required));
    }
    let source = vestibule_domain::text::one_line(source, LEAK_SOURCE_MAX).map_err(|e| Error::invalid("source", e))?;
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
    Leaked { source: &'a str },
    Idle { days: u32 },
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
        Revocation::Idle { days } => {
            let mail = owner::security_mail(
                v,
                &account,
                "api-key-idle-revoked",
                origin,
                key_args(vec![("days", days.into())]),
            );
            ("api_key.revoked_idle", format!("idle {days} days"), "idle", mail.await?)
        }
    };
    let now = now_ms();
    let mut tx = v.db.pool.begin().await?;
    if !revoke_row(&mut tx, key_id, now).await? {
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
/// period whose owner was warned at least 7 days ago, after the last use. Each warning is claimed
/// on the key's row in the transaction that queues it: once, however many instances run. `now` is a
/// parameter, for tests. Returns how many keys were warned or revoked.
pub(crate) async fn revoke_idle(v: &Vestibule, now: i64) -> Result<usize> {
    let Some(days) = v.settings.revoke_idle_keys_days else { return Ok(0) };
    // Uses this instance holds in memory count: a key used a moment ago is not idle.
    super::flush_usage(v).await?;
    let idle_ms = i64::from(days) * DAY_MS;
    let system = Origin { ip: "-".into(), user_agent: String::new() };
    let live = "revoked_at IS NULL AND expires_at > $1";
    let last_activity = "COALESCE(last_used_at, created_at)";
    let mut done = 0;
    // Revoke first: a key warned long ago and still unused.
    let due: Vec<KeyRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, user_id, public_id, name, hint, digest FROM api_keys WHERE {live} \
         AND {last_activity} <= $2 AND idle_warned_at IS NOT NULL AND idle_warned_at >= {last_activity} \
         AND idle_warned_at <= $3"
    )))
    .bind(now)
    .bind(now - idle_ms)
    .bind(now - WARNING_MS)
    .fetch_all(&v.db.pool)
    .await?;
    for row in due {
        revoke(v, row, Revocation::Idle { days }, &system).await?;
        done += 1;
    }
    // Warn: unused for the period less the warning, and not warned since the last use.
    let to_warn: Vec<KeyRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, user_id, public_id, name, hint, digest FROM api_keys WHERE {live} \
         AND {last_activity} <= $2 AND (idle_warned_at IS NULL OR idle_warned_at < {last_activity})"
    )))
    .bind(now)
    .bind(now - (idle_ms - WARNING_MS))
    .fetch_all(&v.db.pool)
    .await?;
    for (key_id, user_id, _, name, hint, _) in to_warn {
        let Some(account) = accounts::find_by_id(v, user_id).await? else { continue };
        let prefs = preferences::get(v, user_id).await?;
        let args = vec![
            ("key_name", name.into()),
            ("hint", display_hint(&hint).into()),
            ("days", days.into()),
            ("date", format_datetime(now + WARNING_MS, &prefs).into()),
        ];
        let mail = owner::security_mail(v, &account, "api-key-idle-warning", &system, args).await?;
        let mut tx = v.db.pool.begin().await?;
        let claimed = sqlx::query(
            "UPDATE api_keys SET idle_warned_at = $1 WHERE id = $2 \
             AND (idle_warned_at IS NULL OR idle_warned_at < COALESCE(last_used_at, created_at))",
        )
        .bind(now)
        .bind(key_id)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 0 {
            continue;
        }
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
