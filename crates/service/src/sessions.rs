//! Browser sessions: a random token in a cookie, its SHA-256 in the database, an idle and an
//! absolute timeout. Stored in the database so that several instances can share them.

use crate::accounts::{ACCOUNT_COLUMNS, Account, from_row};
use crate::time::now_ms;
use crate::token::{digest, random_token};
use crate::{Result, Settings, Vestibule};

/// `last_seen_at` is written at most this often per session, not on every request.
const TOUCH_EVERY_MS: i64 = 60_000;

/// A session's id, creation and last use, then the account's columns.
type SessionRow = (i64, i64, i64, i64, String, String, String, i64, i64, Option<String>, Option<i64>);

/// Starts a session and returns the token for the cookie (the only copy of it).
pub async fn create(v: &Vestibule, user_id: i64, ip: &str, user_agent: &str) -> Result<String> {
    let token = random_token()?;
    let now = now_ms();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, ip, user_agent) \
         VALUES ($1, $2, $3, $3, $4, $5)",
    )
    .bind(digest(&token))
    .bind(user_id)
    .bind(now)
    .bind(ip)
    .bind(user_agent.chars().take(512).collect::<String>())
    .execute(&v.db.pool)
    .await?;
    Ok(token)
}

/// The account behind a session token, if the session exists and has not timed out.
pub async fn authenticate(v: &Vestibule, token: &str) -> Result<Option<Account>> {
    let now = now_ms();
    let idle = v.settings.session_idle.as_millis() as i64;
    let absolute = v.settings.session_absolute.as_millis() as i64;
    let row: Option<SessionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT s.id, s.created_at, s.last_seen_at, {ACCOUNT_COLUMNS} \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1"
    )))
    .bind(digest(token))
    .fetch_optional(&v.db.pool)
    .await?;
    let Some((
        session_id,
        created_at,
        last_seen_at,
        id,
        username,
        email,
        full_name,
        is_admin,
        user_created,
        avatar,
        verified_at,
    )) = row
    else {
        return Ok(None);
    };
    if now - last_seen_at > idle || now - created_at > absolute {
        sqlx::query("DELETE FROM sessions WHERE id = $1").bind(session_id).execute(&v.db.pool).await?;
        return Ok(None);
    }
    if now - last_seen_at > TOUCH_EVERY_MS {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(now)
            .bind(session_id)
            .execute(&v.db.pool)
            .await?;
    }
    Ok(Some(from_row((id, username, email, full_name, is_admin, user_created, avatar, verified_at))))
}

/// The account of the session named in a `Cookie` header, if any.
pub async fn from_cookie_header(v: &Vestibule, cookie_header: &str) -> Result<Option<Account>> {
    match token_from_cookies(&v.settings, cookie_header) {
        Some(token) => authenticate(v, token).await,
        None => Ok(None),
    }
}

/// Ends a session server-side (log-out): the token stops working at once.
pub async fn delete(v: &Vestibule, token: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(digest(token)).execute(&v.db.pool).await?;
    Ok(())
}

/// The session cookie's name: `__Host-` prefixed over https, so no subdomain can set or read it.
pub fn cookie_name(settings: &Settings) -> &'static str {
    if settings.https() { "__Host-vestibule_session" } else { "vestibule_session" }
}

/// The `Set-Cookie` value that starts a session.
pub fn set_cookie(settings: &Settings, token: &str) -> String {
    let secure = if settings.https() { "; Secure" } else { "" };
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        cookie_name(settings),
        settings.session_absolute.as_secs()
    )
}

/// The `Set-Cookie` value that ends a session in the browser.
pub fn clear_cookie(settings: &Settings) -> String {
    let secure = if settings.https() { "; Secure" } else { "" };
    format!("{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}", cookie_name(settings))
}

/// The session token in a `Cookie` request header, if any.
pub fn token_from_cookies<'a>(settings: &Settings, cookie_header: &'a str) -> Option<&'a str> {
    let name = cookie_name(settings);
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}
