//! Browser sessions: a random token in a cookie, its SHA-256 in the database, an idle and an
//! absolute timeout. Stored in the database so that several instances can share them; a look-up
//! is kept in memory for at most a second (`crate::cache`), so a page costs no session query.

use crate::accounts::{ACCOUNT_COLUMNS, Account, from_row};
use crate::cache::{Owned, UserCache};
use crate::preferences::PREFERENCE_COLUMNS;
use crate::time::now_ms;
use crate::token::{digest, random_token};
use crate::{Result, Settings, Vestibule};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use vestibule_domain::Preferences;

/// `last_seen_at` is written at most this often per session, not on every request.
const TOUCH_EVERY_MS: i64 = 60_000;

/// A live session as its look-up read it: whose it is, with what the pages show of them.
pub struct Session {
    created_at: i64,
    /// Written through on every touch, so a cached session times out like a stored one.
    last_seen_at: AtomicI64,
    pub account: Arc<Account>,
    pub preferences: Preferences,
    /// The address of a change of email waiting for its link, and until when.
    pending_email: Option<(String, i64)>,
    /// Whether the sign-in passed a second factor (a code, a recovery code, a passkey).
    pub second_factor: bool,
    /// A support staff member's session acting on `account` under a grant (see `support`).
    pub acting: Option<Acting>,
}

/// A staff session acting on an account: the grant, until when it runs, the staff member, and why.
#[derive(Debug, Clone)]
pub struct Acting {
    pub grant: i64,
    pub until: i64,
    pub staff: crate::caller::Staff,
}

impl Session {
    /// The address waiting for confirmation, if any (as `email_change::pending` answers).
    pub fn pending_email(&self) -> Option<String> {
        self.pending_email.clone().and_then(crate::email_change::still_pending)
    }

    /// Who acts through this session: the account's owner, or staff acting on it.
    pub fn caller(&self, origin: crate::audit::Origin) -> crate::caller::Caller {
        let mut caller = crate::caller::Caller::session(Account::clone(&self.account), origin);
        caller.staff = self.acting.as_ref().map(|a| a.staff.clone());
        caller
    }
}

impl Owned for Session {
    fn owner(&self) -> i64 {
        self.account.id
    }
}

/// Session look-ups by token digest (see `crate::cache`).
pub type SessionCache = UserCache<Session>;

/// How a new session's sign-in was made, for `create`.
pub struct NewSession<'a> {
    pub ip: &'a str,
    pub user_agent: &'a str,
    /// The browser's `Sec-CH-UA-Platform` hint, if it sent one.
    pub platform: Option<&'a str>,
    /// The sign-in passed a second factor.
    pub second_factor: bool,
}

/// Starts a session and returns the token for the cookie (the only copy of it).
pub async fn create(v: &Vestibule, user_id: i64, new: &NewSession<'_>) -> Result<String> {
    let token = random_token()?;
    let now = now_ms();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, proven_at, ip, user_agent, platform, \
                               second_factor) \
         VALUES ($1, $2, $3, $3, $3, $4, $5, $6, $7)",
    )
    .bind(digest(&token))
    .bind(user_id)
    .bind(now)
    .bind(new.ip)
    .bind(new.user_agent.chars().take(512).collect::<String>())
    .bind(new.platform.map(|p| p.chars().take(64).collect::<String>()))
    .bind(i64::from(new.second_factor))
    .execute(&v.db.pool)
    .await?;
    Ok(token)
}

/// The session behind a token (its account and preferences), if it exists and has not timed out.
pub async fn authenticate(v: &Vestibule, token: &str) -> Result<Option<Arc<Session>>> {
    let key = digest(token);
    let session = match v.session_cache.get(&key) {
        Some(session) => session,
        None => {
            let before = v.session_cache.generation();
            let Some(session) = look_up(v, &key).await? else { return Ok(None) };
            v.session_cache.put(&key, session.clone(), before);
            session
        }
    };
    let now = now_ms();
    let last_seen_at = session.last_seen_at.load(Ordering::Relaxed);
    let idle = v.settings.session_idle.as_millis() as i64;
    let absolute = v.settings.session_absolute.as_millis() as i64;
    if now - last_seen_at > idle || now - session.created_at > absolute {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(&key).execute(&v.db.pool).await?;
        v.session_cache.forget(&key);
        return Ok(None);
    }
    // Staff acting under a grant that ran out (or was revoked, and this cache has not heard yet):
    // the acting ends, and the session is the staff member's own again.
    if session.acting.as_ref().is_some_and(|acting| acting.until <= now) {
        end_acting(v, &key, None).await?;
        return Box::pin(authenticate(v, token)).await;
    }
    if now - last_seen_at > TOUCH_EVERY_MS {
        session.last_seen_at.store(now, Ordering::Relaxed);
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(&key)
            .execute(&v.db.pool)
            .await?;
    }
    Ok(Some(session))
}

async fn look_up(v: &Vestibule, key: &str) -> Result<Option<Arc<Session>>> {
    use sqlx::Row;
    // A staff session acting under a live grant is the granting account's session (`u`); the
    // staff member is `st`.
    let now = now_ms();
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT s.created_at, s.last_seen_at, {ACCOUNT_COLUMNS}, {PREFERENCE_COLUMNS}, e.new_email, e.expires_at, \
                s.second_factor, s.acting_grant, g.id, g.expires_at, st.id, st.username, s.acting_reason \
         FROM sessions s JOIN users st ON st.id = s.user_id \
         LEFT JOIN support_grants g ON g.id = s.acting_grant AND g.revoked_at IS NULL AND g.expires_at > $2 \
              AND st.is_support = 1 \
         JOIN users u ON u.id = COALESCE(g.user_id, s.user_id) LEFT JOIN preferences p ON p.user_id = u.id \
         LEFT JOIN email_changes e ON e.user_id = u.id WHERE s.token_hash = $1"
    )))
    .bind(key)
    .bind(now)
    .fetch_optional(&v.db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let (asked, live): (Option<i64>, Option<i64>) = (row.try_get(19)?, row.try_get(20)?);
    if asked.is_some() && live.is_none() {
        // The grant was revoked or ran out: the acting ends, and the staff member is themselves again.
        end_acting(v, key, None).await?;
        return Box::pin(look_up(v, key)).await;
    }
    let acting = match (live, row.try_get::<Option<i64>, _>(21)?) {
        (Some(grant), Some(until)) => Some(Acting {
            grant,
            until,
            staff: crate::caller::Staff {
                id: row.try_get(22)?,
                username: row.try_get(23)?,
                reason: row.try_get::<Option<String>, _>(24)?.unwrap_or_default(),
            },
        }),
        _ => None,
    };
    // In the SELECT's order: the session's times, the account's columns, the preferences' (NULL
    // when never saved), the pending change of address (NULL when none).
    let account = (
        row.try_get(2)?,
        row.try_get(3)?,
        row.try_get(4)?,
        row.try_get(5)?,
        row.try_get(6)?,
        row.try_get(7)?,
        row.try_get(8)?,
        row.try_get(9)?,
    );
    let preferences =
        (row.try_get(10)?, row.try_get(11)?, row.try_get(12)?, row.try_get(13)?, row.try_get(14)?, row.try_get(15)?);
    let pending: (Option<String>, Option<i64>) = (row.try_get(16)?, row.try_get(17)?);
    Ok(Some(Arc::new(Session {
        created_at: row.try_get(0)?,
        last_seen_at: AtomicI64::new(row.try_get(1)?),
        account: Arc::new(from_row(account)),
        preferences: crate::preferences::from_row(preferences),
        pending_email: pending.0.zip(pending.1),
        second_factor: row.try_get::<i64, _>(18)? != 0,
        acting,
    })))
}

/// Ends the acting of the session with token digest `key`, written to the owner's log with why
/// as a code (`why`, or what the grant and the role say: `revoked` by the owner, `expired`, `role`
/// taken away);
/// nothing when it was not acting.
pub(crate) async fn end_acting(v: &Vestibule, key: &str, why: Option<&str>) -> Result<()> {
    /// The staff member (id, username), the reason, the owner, the grant's revocation and end, the role.
    type Row = (i64, String, Option<String>, i64, Option<i64>, i64, i64);
    let row: Option<Row> = sqlx::query_as(
        "SELECT st.id, st.username, s.acting_reason, g.user_id, g.revoked_at, g.expires_at, st.is_support \
         FROM sessions s JOIN users st ON st.id = s.user_id \
         JOIN support_grants g ON g.id = s.acting_grant WHERE s.token_hash = $1",
    )
    .bind(key)
    .fetch_optional(&v.db.pool)
    .await?;
    let mut tx = v.db.begin_write().await?;
    let cleared = sqlx::query(
        "UPDATE sessions SET acting_grant = NULL, acting_reason = NULL WHERE token_hash = $1 AND acting_grant IS NOT NULL",
    )
    .bind(key)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let mut owner = None;
    if cleared > 0
        && let Some((staff_id, staff, reason, user_id, revoked_at, expires_at, is_support)) = row
    {
        let why = why.unwrap_or(if revoked_at.is_some() {
            "revoked"
        } else if expires_at <= now_ms() {
            "expired"
        } else if is_support == 0 {
            "role"
        } else {
            "ended"
        });
        let detail = crate::caller::Staff::detail_of(staff_id, &staff, reason.as_deref().unwrap_or_default());
        let origin = crate::audit::Origin { ip: String::new(), user_agent: String::new() };
        crate::audit::record(&mut *tx, user_id, "support.ended", why, &detail, &origin).await?;
        owner = Some(user_id);
    }
    tx.commit().await?;
    v.session_cache.forget(key);
    // The session was cached as the owner's (here and on other instances).
    if let Some(owner) = owner {
        v.user_changed(owner).await;
    }
    Ok(())
}

/// The session named in a `Cookie` header, if any.
pub async fn from_cookie_header(v: &Vestibule, cookie_header: &str) -> Result<Option<Arc<Session>>> {
    match token_from_cookies(&v.settings, cookie_header) {
        Some(token) => authenticate(v, token).await,
        None => Ok(None),
    }
}

/// Ends a session server-side (log-out): the token stops working at once, on every instance.
pub async fn delete(v: &Vestibule, token: &str) -> Result<()> {
    let key = digest(token);
    let owner: Option<(i64,)> = sqlx::query_as("DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id")
        .bind(&key)
        .fetch_optional(&v.db.pool)
        .await?;
    v.session_cache.forget(&key);
    if let Some((user_id,)) = owner {
        v.user_changed(user_id).await;
    }
    Ok(())
}

/// A live session of an account, as the sessions list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveSession {
    pub id: i64,
    pub device: crate::device::Device,
    pub ip: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    /// The session asking (this browser).
    pub current: bool,
}

/// The account's sessions that have not timed out, the newest sign-in first (an order no request
/// changes); `current` (a token) marks the one asking.
pub async fn list(v: &Vestibule, who: crate::caller::Own<'_>, current: Option<&str>) -> Result<Vec<ActiveSession>> {
    let user_id = who.id;
    let now = now_ms();
    let idle = v.settings.session_idle.as_millis() as i64;
    let absolute = v.settings.session_absolute.as_millis() as i64;
    type Row = (i64, String, String, String, Option<String>, i64, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, token_hash, ip, user_agent, platform, created_at, last_seen_at FROM sessions \
         WHERE user_id = $1 AND last_seen_at >= $2 AND created_at >= $3 ORDER BY created_at DESC, id DESC",
    )
    .bind(user_id)
    .bind(now - idle)
    .bind(now - absolute)
    .fetch_all(&v.db.pool)
    .await?;
    let current = current.map(digest);
    Ok(rows
        .into_iter()
        .map(|(id, hash, ip, agent, platform, created_at, last_seen_at)| ActiveSession {
            id,
            device: crate::device::Device::from_request(&agent, platform.as_deref()),
            ip,
            created_at,
            last_seen_at,
            current: current.as_deref() == Some(hash.as_str()),
        })
        .collect())
}

/// Signs out one of the account's sessions (it is refused from its next request on, on every
/// instance); `false` when the account has no such session.
pub async fn end(v: &Vestibule, who: crate::caller::Own<'_>, id: i64, origin: &crate::audit::Origin) -> Result<bool> {
    let user_id = who.id;
    let mut tx = v.db.pool.begin().await?;
    let ended = sqlx::query("DELETE FROM sessions WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if ended > 0 {
        crate::audit::record(&mut *tx, user_id, "session.ended", &id.to_string(), "", origin).await?;
    }
    tx.commit().await?;
    if ended > 0 {
        v.user_changed(user_id).await;
    }
    Ok(ended > 0)
}

/// Signs out every session of the account but the one asking (`keep`, a token); how many ended.
pub async fn end_others(
    v: &Vestibule,
    who: crate::caller::Own<'_>,
    keep: Option<&str>,
    origin: &crate::audit::Origin,
) -> Result<u64> {
    let user_id = who.id;
    let mut tx = v.db.pool.begin().await?;
    let ended = end_others_in(&mut tx, user_id, keep).await?;
    if ended > 0 {
        crate::audit::record(&mut *tx, user_id, "session.ended", "others", &format!("{ended} sessions"), origin)
            .await?;
    }
    tx.commit().await?;
    v.user_changed(user_id).await;
    Ok(ended)
}

/// In the caller's transaction: deletes the account's sessions but `keep` (a token); how many.
/// The caller announces the change (`Vestibule::user_changed`) after its commit.
pub(crate) async fn end_others_in(conn: &mut sqlx::AnyConnection, user_id: i64, keep: Option<&str>) -> Result<u64> {
    let keep = keep.map(digest).unwrap_or_default();
    let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(ended)
}

/// The session cookie's name: `__Host-` prefixed over https, so no subdomain can set or read it.
pub fn cookie_name(settings: &Settings) -> &'static str {
    host_only(settings, "vestibule_session", "__Host-vestibule_session")
}

/// A cookie's name: with the `__Host-` prefix (`prefixed`) over https, where browsers then keep it
/// to this host and path `/`; `plain` over http, where they refuse the prefix.
pub fn host_only(settings: &Settings, plain: &'static str, prefixed: &'static str) -> &'static str {
    if settings.https() { prefixed } else { plain }
}

/// The `Set-Cookie` value that starts a session.
pub fn set_cookie(settings: &Settings, token: &str) -> String {
    cookie(settings, cookie_name(settings), token, settings.session_absolute.as_secs())
}

/// The `Set-Cookie` value that ends a session in the browser.
pub fn clear_cookie(settings: &Settings) -> String {
    cookie(settings, cookie_name(settings), "", 0)
}

/// The session token in a `Cookie` request header, if any.
pub fn token_from_cookies<'a>(settings: &Settings, cookie_header: &'a str) -> Option<&'a str> {
    read_cookie(cookie_header, cookie_name(settings))
}

/// A `Set-Cookie` value for one of our cookies: never readable by scripts, sent on top-level
/// navigation from other sites but not on their requests, and over https only when we are.
pub fn cookie(settings: &Settings, name: &str, value: &str, max_age_secs: u64) -> String {
    let secure = if settings.https() { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

/// The value of the cookie `name` in a `Cookie` request header, if it is there and not empty.
pub fn read_cookie<'a>(cookie_header: &'a str, name: &str) -> Option<&'a str> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}
