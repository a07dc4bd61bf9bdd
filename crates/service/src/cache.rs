//! Look-ups kept in memory so that a request costs no database round trip, on both engines: API
//! keys (`api_keys::authenticate`) and browser sessions with their account, preferences and
//! pending email change (`sessions::authenticate`). Coherence is explicit: every write that
//! changes what they return calls `Vestibule::user_changed`, which forgets that user's entries
//! here at once and, on PostgreSQL, tells every other instance over `LISTEN/NOTIFY` (channel
//! `vestibule_users`, see `listen`). An entry lives at most `TTL` (`VESTIBULE_CACHE_MS` may make it
//! shorter, or 0 to turn the caches off): that bounds what a process that cannot notify us (the CLI
//! against the SQLite file) or a lost notification can leave stale.

use crate::Vestibule;
use crate::db::Engine;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The longest an entry is trusted without a notification (issue #9: at most 1 s).
pub const TTL: Duration = Duration::from_millis(crate::config::CACHE_MS_MAX);
const MAX_ENTRIES: usize = 10_000;
/// The PostgreSQL channel; the payload is the user's id.
const CHANNEL: &str = "vestibule_users";

/// A cached row belongs to one user, whose changes forget it.
pub trait Owned {
    fn owner(&self) -> i64;
}

/// Taken before a look-up; the row it read is kept only if nothing was forgotten meanwhile.
#[derive(Clone, Copy)]
pub struct Generation(u64);

/// Rows by a string key (a key's public id, a session token's digest), each for at most the TTL.
pub struct UserCache<R> {
    ttl: Duration,
    entries: Mutex<HashMap<String, (Arc<R>, Instant)>>,
    /// Counts `forget_user` calls: a look-up that raced a write must not store what it read.
    generation: AtomicU64,
    hits: AtomicU64,
}

impl<R: Owned> Default for UserCache<R> {
    fn default() -> Self {
        Self::with_ttl(TTL)
    }
}

impl<R: Owned> UserCache<R> {
    /// A cache whose entries live `ttl` (`Duration::ZERO` turns it off). Only tests pass more than `TTL`,
    /// to show that a notification, not the expiry, removed an entry.
    pub fn with_ttl(ttl: Duration) -> Self {
        Self { ttl, entries: Mutex::default(), generation: AtomicU64::new(0), hits: AtomicU64::new(0) }
    }

    /// How many look-ups the cache answered (for tests and the benchmark).
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    pub fn generation(&self) -> Generation {
        Generation(self.generation.load(Ordering::Acquire))
    }

    /// The row for `key`, if one younger than the time-to-live is kept.
    pub fn get(&self, key: &str) -> Option<Arc<R>> {
        let entries = self.entries.lock().ok()?;
        let (row, stored) = entries.get(key)?;
        if stored.elapsed() >= self.ttl {
            return None;
        }
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(row.clone())
    }

    /// Keeps a row read after `before` was taken, unless a change was announced since.
    pub fn put(&self, key: &str, row: Arc<R>, before: Generation) {
        if self.ttl.is_zero() {
            return;
        }
        let Ok(mut entries) = self.entries.lock() else { return };
        // Checked under the lock that `forget_user` also takes: no forget can slip in between.
        if self.generation.load(Ordering::Acquire) != before.0 {
            return;
        }
        if entries.len() >= MAX_ENTRIES {
            let ttl = self.ttl;
            entries.retain(|_, (_, stored)| stored.elapsed() < ttl);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key.to_string(), (row, Instant::now()));
    }

    /// Drops one entry (this instance ended that session, say).
    pub fn forget(&self, key: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            self.generation.fetch_add(1, Ordering::AcqRel);
            entries.remove(key);
        }
    }

    /// Drops every entry of `user_id` (a key, a session or the account behind them changed).
    pub fn forget_user(&self, user_id: i64) {
        if let Ok(mut entries) = self.entries.lock() {
            self.generation.fetch_add(1, Ordering::AcqRel);
            entries.retain(|_, (row, _)| row.owner() != user_id);
        }
    }

    /// Drops everything (a notification may have been missed).
    pub fn forget_all(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            self.generation.fetch_add(1, Ordering::AcqRel);
            entries.clear();
        }
    }
}

impl Vestibule {
    /// To be called after every committed write that changes what a key or session look-up
    /// returns (a user's keys, sessions, account or preferences): this instance forgets them now,
    /// other instances on PostgreSQL within moments. A failed notification is logged; the
    /// time-to-live still bounds the staleness.
    pub async fn user_changed(&self, user_id: i64) {
        self.forget_user(user_id);
        if self.db.engine == Engine::Postgres {
            let sent = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(user_id.to_string())
                .execute(&self.db.pool)
                .await;
            if let Err(e) = sent {
                tracing::warn!(user_id, "could not notify other instances of a user's change: {e}");
            }
        }
    }

    fn forget_user(&self, user_id: i64) {
        self.key_cache.forget_user(user_id);
        self.session_cache.forget_user(user_id);
    }

    /// Both caches forget everything.
    pub fn forget_all(&self) {
        self.key_cache.forget_all();
        self.session_cache.forget_all();
    }
}

/// Runs until the process ends (PostgreSQL only; returns at once on SQLite): forgets the keys and
/// sessions of every user another instance announces. After a lost connection it forgets
/// everything, since notifications sent meanwhile are gone, and reconnects.
pub async fn listen(v: Vestibule) {
    use sqlx::postgres::PgListener;
    let Some(url) = v.settings.database_url.as_ref().filter(|_| v.db.engine == Engine::Postgres) else {
        return;
    };
    let mut pause = Duration::from_millis(100);
    loop {
        let listener = async {
            let mut listener = PgListener::connect(url.expose()).await?;
            listener.listen(CHANNEL).await?;
            Ok::<_, sqlx::Error>(listener)
        };
        let mut listener = match listener.await {
            Ok(listener) => listener,
            Err(e) => {
                tracing::warn!("cannot listen for changes from other instances (retrying in {pause:?}): {e}");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(10));
                continue;
            }
        };
        pause = Duration::from_millis(100);
        // Whatever changed while no one listened.
        v.forget_all();
        loop {
            match listener.try_recv().await {
                Ok(Some(note)) => match note.payload().parse::<i64>() {
                    Ok(user_id) => v.forget_user(user_id),
                    Err(_) => v.forget_all(),
                },
                // The connection dropped; `try_recv` reconnects on the next call.
                Ok(None) => v.forget_all(),
                Err(e) => {
                    tracing::warn!("lost the change channel: {e}");
                    v.forget_all();
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row(i64);

    impl Owned for Row {
        fn owner(&self) -> i64 {
            self.0
        }
    }

    fn row(user_id: i64) -> Arc<Row> {
        Arc::new(Row(user_id))
    }

    #[test]
    fn a_look_up_that_raced_a_change_is_not_kept() {
        let cache = UserCache::default();
        let before = cache.generation();
        cache.forget_user(7);
        cache.put("a", row(7), before);
        assert!(cache.get("a").is_none(), "read before the change, stored after it: stale");
        cache.put("a", row(7), cache.generation());
        assert!(cache.get("a").is_some());
        cache.put("b", row(8), cache.generation());
        cache.forget_user(7);
        assert!(cache.get("a").is_none());
        assert!(cache.get("b").is_some(), "other users' entries stay");
        cache.forget("b");
        assert!(cache.get("b").is_none());
    }

    #[test]
    fn entries_expire() {
        let cache = UserCache::with_ttl(Duration::from_millis(30));
        cache.put("a", row(1), cache.generation());
        assert!(cache.get("a").is_some());
        std::thread::sleep(Duration::from_millis(40));
        assert!(cache.get("a").is_none());
        let off = UserCache::with_ttl(Duration::ZERO);
        off.put("a", row(1), off.generation());
        assert!(off.get("a").is_none());
    }

    /// Every module that writes what a key or session look-up reads (keys, sessions, users,
    /// avatars, preferences) announces it. A new write without `user_changed` would leave keys
    /// or pages stale for up to a second on this instance and others; this catches the file,
    /// review the statement.
    #[test]
    fn every_writer_of_looked_up_rows_announces_changes() {
        // Writes that change nothing a look-up returns: a row lock, the usage flush, a backfill, a
        // session's touch (written through by the look-up itself), the sweep of sessions that
        // every look-up already refuses by their times, a key's reminder stage.
        let harmless = [
            "SET username = username",
            "SET last_used_at",
            "SET email_key = $1 WHERE id",
            "SET last_seen_at",
            "FROM sessions WHERE last_seen_at <",
            "FROM email_changes WHERE expires_at <=",
            // The last expiry reminder sent for a key (`scheduled`): no look-up reads it.
            "SET reminded = $1",
            // A password hash made again with today's parameters (`accounts::rehash`): no look-up
            // reads the hash.
            "SET password_hash = $1 WHERE id = $2 AND password_hash = $3",
        ];
        let writes = [
            "UPDATE users",
            "DELETE FROM users",
            "UPDATE api_keys",
            "DELETE FROM api_keys",
            "INTO avatars",
            "FROM avatars WHERE",
            "DELETE FROM sessions",
            "INTO preferences",
            "UPDATE preferences",
            "INTO email_changes",
            "DELETE FROM email_changes",
        ];
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        let mut checked = 0;
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let writes_rows = text.lines().any(|line| {
                writes.iter().any(|w| line.contains(w))
                    && !harmless.iter().any(|h| line.contains(h))
                    && !line.contains("SELECT png")
                    && !line.trim_start().starts_with("//")
                    && !line.contains("let writes")
            });
            if writes_rows {
                checked += 1;
                assert!(
                    text.contains("user_changed("),
                    "{} writes key, session or account rows without user_changed",
                    path.display()
                );
            }
        }
        assert!(checked >= 5, "the scan found only {checked} writers: has the SQL moved?");
    }
}
