//! A cache of key look-ups for the default single-file SQLite deployment, so that a request with a
//! key costs no database round trip. Coherence comes from the database itself: every commit, by this
//! process or another (the `vestibule key revoke` command), appends to the write-ahead log, and a
//! changed WAL (size or modification time) empties the cache before the next look-up. A revoked key
//! therefore fails on the very next request. Entries are only stored while the WAL has been quiet
//! for `QUIET`: a commit's bytes reach the file a moment before other connections can read it.
//! PostgreSQL deployments (several instances) are not cached: a revocation must reach every instance.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};
use vestibule_domain::Account;
use vestibule_domain::api_keys::Scopes;

const QUIET: Duration = Duration::from_secs(2);
const MAX_ENTRIES: usize = 10_000;

/// What a key's row says, as the look-up read it.
pub(super) struct Row {
    pub key_id: i64,
    pub digest: String,
    pub scopes: Scopes,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub account: Account,
}

type Stamp = (u64, SystemTime);
/// The WAL stamp the entries were read under, and the entries.
type Entries = (Option<Stamp>, HashMap<String, Arc<Row>>);

#[derive(Default)]
pub struct KeyCache {
    /// The WAL file of the SQLite database; `None` disables the cache.
    wal: Option<PathBuf>,
    state: Mutex<Entries>,
    hits: AtomicU64,
}

impl KeyCache {
    pub fn new(wal: Option<PathBuf>) -> Self {
        Self { wal, ..Default::default() }
    }

    /// How many look-ups the cache answered (for tests).
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// The WAL's size and modification time now; `None` when there is nothing to go by.
    pub(super) fn stamp(&self) -> Option<Stamp> {
        // One metadata call on a local file: microseconds, cheaper than any query.
        let meta = std::fs::metadata(self.wal.as_ref()?).ok()?;
        Some((meta.len(), meta.modified().ok()?))
    }

    /// The cached row for `public_id`, if the database has not changed since it was stored.
    pub(super) fn get(&self, public_id: &str, stamp: Option<Stamp>) -> Option<Arc<Row>> {
        let stamp = stamp?;
        let mut state = self.state.lock().ok()?;
        if state.0 != Some(stamp) {
            state.0 = Some(stamp);
            state.1.clear();
            return None;
        }
        let row = state.1.get(public_id).cloned();
        if row.is_some() {
            self.hits.fetch_add(1, Ordering::Relaxed);
        }
        row
    }

    /// Keeps a row read after `stamp` was taken, if the WAL is still exactly that and has been quiet.
    pub(super) fn put(&self, public_id: &str, row: Arc<Row>, stamp: Option<Stamp>) {
        let (Some(before), Some(now)) = (stamp, self.stamp()) else { return };
        let quiet = SystemTime::now().duration_since(before.1).is_ok_and(|age| age >= QUIET);
        if before != now || !quiet {
            return;
        }
        if let Ok(mut state) = self.state.lock() {
            if state.0 != Some(now) {
                state.0 = Some(now);
                state.1.clear();
            }
            if state.1.len() >= MAX_ENTRIES {
                state.1.clear();
            }
            state.1.insert(public_id.to_string(), row);
        }
    }
}
