//! The key cache (default SQLite file only): hits cost no query, and a revocation from another
//! process (the CLI) or a change of the profile still shows on the very next request.

use super::{account, assert_refused, first_key, get, key_id};
use crate::support::{Engine, TestApp};
use std::time::Duration;

/// Asks until the cache answers: it keeps entries once the database has been quiet for a moment
/// (reads write nothing, so asking does not reset that). Fails after 10 s.
async fn warm(app: &TestApp, key: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let before = app.v.key_cache.hits();
        assert_eq!(get(app, key, "/me").await.status.as_u16(), 200);
        if app.v.key_cache.hits() > before {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "a quiet database lets the cache answer (waited 10 s)");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn revocation_reaches_a_warm_cache(app: &TestApp) {
    let owner = super::user(app, "cora", false).await;
    let key = first_key(app, &owner, "cached", &["profile:write"]).await;
    if app.engine == Engine::Postgres {
        // Several instances may share PostgreSQL: nothing is cached there.
        get(app, &key, "/me").await;
        get(app, &key, "/me").await;
        assert_eq!(app.v.key_cache.hits(), 0);
        return;
    }
    warm(app, &key).await;

    // A profile change made elsewhere (here: the service, as the page would) shows at once.
    vestibule_service::profile::set_full_name(&app.v, owner.id, "Cora Lind").await.unwrap();
    assert_eq!(get(app, &key, "/me").await.json()["full_name"], "Cora Lind");

    // Revoked by another process: the very next request is refused.
    warm(app, &key).await;
    let out = app.cli(&["key", "revoke", &format!("vst_{}", key_id(&key))], "").await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_refused(&get(app, &key, "/me").await, "revoked");
    assert_eq!(account(app, "cora").await.full_name, "Cora Lind");
}
