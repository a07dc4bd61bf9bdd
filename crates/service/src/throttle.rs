//! Login throttling, kept in the database so that every instance sees the same counts.
//! Per account: a delay that doubles after 5 failures in a row (at most 15 minutes), and a lock at 100.
//! Per client address: 429 after 20 failures within 15 minutes, and after the operator's number of
//! sign-ups within an hour (`VESTIBULE_SIGN_UPS_PER_HOUR`).

use crate::time::now_ms;
use crate::{Db, Error, Result, UserError};

pub const IP_WINDOW_MS: i64 = 15 * 60 * 1000;
pub const IP_MAX_FAILURES: i64 = 20;
pub const LOCK_AFTER: i64 = 100;
pub const FREE_FAILURES: i64 = 5;
const MAX_DELAY_MS: i64 = 15 * 60 * 1000;

/// How long the account must wait after `failures` consecutive failures.
pub fn delay_ms(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let exp = (failures - FREE_FAILURES).min(20) as u32;
    (1000i64 << exp).min(MAX_DELAY_MS)
}

/// `Throttled`, with the whole seconds until `until_ms` (at least 1).
pub(crate) fn retry_after(until_ms: i64, now: i64) -> Error {
    Error(UserError::Throttled { retry_after: ((until_ms - now).max(0) as u64).div_ceil(1000).max(1) })
}

/// Refuses an address that failed too often lately.
pub async fn check_ip(db: &Db, ip: &str) -> Result<()> {
    let ip = &network(ip);
    let now = now_ms();
    let (count, oldest): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MIN(at) FROM login_failures WHERE ip = $1 AND at > $2")
            .bind(ip)
            .bind(now - IP_WINDOW_MS)
            .fetch_one(&db.pool)
            .await?;
    if count >= IP_MAX_FAILURES {
        return Err(retry_after(oldest.unwrap_or(now) + IP_WINDOW_MS, now));
    }
    Ok(())
}

/// Refuses a locked account, or one still inside its delay. `Ok(true)`: failures are on record
/// (a success must clear them); `Ok(false)`: none, and a success writes nothing.
pub async fn check_account(db: &Db, key: &str) -> Result<bool> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT failures, blocked_until FROM login_throttle WHERE login_key = $1")
            .bind(key)
            .fetch_optional(&db.pool)
            .await?;
    let now = now_ms();
    match row {
        Some((failures, _)) if failures >= LOCK_AFTER => Err(UserError::Locked.into()),
        Some((_, until)) if until > now => Err(retry_after(until, now)),
        Some(_) => Ok(true),
        None => Ok(false),
    }
}

/// Counts a failure of `key` (and of the address); the failures of `key` in a row so far.
pub async fn record_failure(db: &Db, key: &str, ip: &str) -> Result<i64> {
    let ip = &network(ip);
    let now = now_ms();
    let mut tx = db.pool.begin().await?;
    let (failures,): (i64,) = sqlx::query_as(
        "INSERT INTO login_throttle (login_key, failures, blocked_until) VALUES ($1, 1, 0) \
         ON CONFLICT (login_key) DO UPDATE SET failures = login_throttle.failures + 1 RETURNING failures",
    )
    .bind(key)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE login_throttle SET blocked_until = $2 WHERE login_key = $1")
        .bind(key)
        .bind(now + delay_ms(failures))
        .execute(&mut *tx)
        .await?;
    count_ip_failure(&mut tx, ip, now).await?;
    tx.commit().await?;
    Ok(failures)
}

/// Counts a failure of the address alone (for a credential that cannot be guessed, such as a
/// passkey, whose failures say nothing about an account).
pub async fn record_ip_failure(db: &Db, ip: &str) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    count_ip_failure(&mut tx, &network(ip), now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

async fn count_ip_failure(conn: &mut sqlx::AnyConnection, network: &str, now: i64) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE ip = $1 AND at <= $2")
        .bind(network)
        .bind(now - IP_WINDOW_MS)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO login_failures (ip, at) VALUES ($1, $2)")
        .bind(network)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The throttle key of an account's password.
pub fn password_key(user_id: i64) -> String {
    format!("user:{user_id}")
}

/// The throttle key of an account's second step (codes): its own, so that knowing the password
/// (whose success clears `password_key`) does not reset how many codes were guessed.
pub fn code_key(user_id: i64) -> String {
    format!("2fa:{user_id}")
}

/// Clears the failures of `key` (only called when `check_account` found some: a burst of correct
/// log-ins should not queue for SQLite's one writer to delete nothing).
pub async fn record_success(db: &Db, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_throttle WHERE login_key = $1").bind(key).execute(&db.pool).await?;
    Ok(())
}

/// What the per-address rules count by: an IPv4 address, or the /64 network of an IPv6 address
/// (one customer usually holds a whole /64, and could otherwise take a fresh address per attempt).
pub fn network(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        _ => ip.to_string(),
    }
}

pub const SIGN_UP_WINDOW_MS: i64 = 3600 * 1000;

/// Counts a sign-up from `ip`, or refuses it when the address made `limit` within the last hour.
/// Called before the password is hashed, so refused sign-ups cost no argon2; refused ones do not count.
pub async fn count_sign_up(db: &Db, ip: &str, limit: u32) -> Result<()> {
    let ip = &network(ip);
    let now = now_ms();
    let mut tx = db.pool.begin().await?;
    // Written first: parallel sign-ups from one address wait here for each other (see migration 0008).
    sqlx::query(
        "INSERT INTO sign_up_addresses (ip, last_at) VALUES ($1, $2) \
         ON CONFLICT (ip) DO UPDATE SET last_at = excluded.last_at",
    )
    .bind(ip)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let (count, oldest): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MIN(at) FROM sign_up_attempts WHERE ip = $1 AND at > $2")
            .bind(ip)
            .bind(now - SIGN_UP_WINDOW_MS)
            .fetch_one(&mut *tx)
            .await?;
    if count >= i64::from(limit) {
        tx.rollback().await?;
        return Err(retry_after(oldest.unwrap_or(now) + SIGN_UP_WINDOW_MS, now));
    }
    // Only the last hour matters: the table never holds more than an hour of sign-ups.
    sqlx::query("DELETE FROM sign_up_attempts WHERE at <= $1").bind(now - SIGN_UP_WINDOW_MS).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO sign_up_attempts (ip, at) VALUES ($1, $2)").bind(ip).bind(now).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Lets a locked account log in again (operator CLI): its password and its codes.
pub async fn unlock(db: &Db, user_id: i64) -> Result<()> {
    record_success(db, &password_key(user_id)).await?;
    record_success(db, &code_key(user_id)).await
}

#[cfg(test)]
mod tests {
    use super::delay_ms;

    #[test]
    fn addresses_count_by_network() {
        assert_eq!(super::network("203.0.113.7"), "203.0.113.7");
        assert_eq!(super::network("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(super::network("2001:db8:1:2:ffff:1:2:3"), "2001:db8:1:2::/64");
        assert_ne!(super::network("2001:db8:1:3::1"), super::network("2001:db8:1:2::1"));
        assert_eq!(super::network("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(super::network(""), "");
    }

    #[test]
    fn delay_grows_and_is_capped() {
        assert_eq!(delay_ms(4), 0);
        assert_eq!(delay_ms(5), 1000);
        assert_eq!(delay_ms(6), 2000);
        assert_eq!(delay_ms(99), 15 * 60 * 1000);
    }
}

/// At most `limit` hits per key in a fixed window, counted in this process's memory: a brake on
/// anonymous requests that cost lookups (leak reports), not an account's security, so no table.
#[derive(Default)]
pub struct Window {
    hits: std::sync::Mutex<std::collections::HashMap<String, (i64, u32)>>,
}

impl Window {
    /// Counts a hit of `key` at `now`, or refuses it (`Throttled`) when the window is full.
    pub fn hit(&self, key: &str, now: i64, limit: u32, window_ms: i64) -> Result<()> {
        let Ok(mut hits) = self.hits.lock() else { return Ok(()) };
        if hits.len() > 10_000 {
            hits.retain(|_, (start, _)| now - *start < window_ms);
        }
        let entry = hits.entry(key.to_string()).or_insert((now, 0));
        if now - entry.0 >= window_ms {
            *entry = (now, 0);
        }
        if entry.1 >= limit {
            return Err(retry_after(entry.0 + window_ms, now));
        }
        entry.1 += 1;
        Ok(())
    }
}
