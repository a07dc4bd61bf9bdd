//! The key cache, on both engines: hits cost no query; a change made through this instance shows on
//! the very next request; a revocation made elsewhere (the CLI, another server process, another
//! instance on PostgreSQL) is refused within the cache's time-to-live of 1 s, and on PostgreSQL an
//! instance hears it over `LISTEN/NOTIFY` even when its entries would live far longer.

use super::{account, assert_refused, first_key, get, key_id};
use crate::support::{Engine, TestApp};
use serde_json::Value;
use std::time::{Duration, Instant};
use vestibule_service::api_keys::Caller;
use vestibule_service::audit::Origin;
use vestibule_service::cache::TTL as KEY_CACHE_TTL;

/// Asks twice in a row: the second answer comes from the cache (entries live 1 s).
async fn warm(app: &TestApp, key: &str) {
    assert_eq!(get(app, key, "/me").await.status.as_u16(), 200);
    let before = app.v.key_cache.hits();
    assert_eq!(get(app, key, "/me").await.status.as_u16(), 200);
    assert!(app.v.key_cache.hits() > before, "the second request in a row is answered from the cache");
}

/// `GET /api/v1/me` on another server (status and body).
async fn me_at(base: &str, key: &str) -> (u16, Value) {
    let reply = reqwest::Client::new()
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(key)
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {base}/api/v1/me: {e}"));
    let status = reply.status().as_u16();
    (status, reply.json().await.unwrap_or(Value::Null))
}

/// Asks `base` until the key is refused as revoked; how long that took.
async fn refused_after(base: &str, key: &str, limit: Duration) -> Duration {
    let start = Instant::now();
    loop {
        let (status, body) = me_at(base, key).await;
        if status == 401 {
            assert_eq!(body["error"]["code"], "revoked", "{body}");
            return start.elapsed();
        }
        assert_eq!(status, 200, "{body}");
        assert!(start.elapsed() < limit, "{base} still accepts a revoked key after {limit:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub async fn revocation_reaches_a_warm_cache(app: &TestApp) {
    let owner = super::user(app, "cora", false).await;
    let key = first_key(app, &owner, "cached", &["profile:write", "api-keys:write"]).await;
    warm(app, &key).await;

    // A profile change through this instance shows on the very next request.
    vestibule_service::profile::set_full_name(&app.v, owner.id, "Cora Lind").await.unwrap();
    assert_eq!(get(app, &key, "/me").await.json()["full_name"], "Cora Lind");

    // Revoked through this instance: the very next request is refused.
    let second = first_key(app, &owner, "second", &["profile:read"]).await;
    warm(app, &second).await;
    assert_eq!(super::delete(app, &key, &format!("/keys/{}", key_id(&second))).await.status.as_u16(), 204);
    assert_refused(&get(app, &second, "/me").await, "revoked");

    // Revoked by another process (the operator's CLI): refused within the time-to-live (on
    // PostgreSQL at once: the CLI notifies). The limit leaves room for a slow machine, not for a
    // cache that never lets go.
    warm(app, &key).await;
    let out = app.cli(&["key", "revoke", &format!("vst_{}", key_id(&key))], "").await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let waited = refused_after(&app.base, &key, KEY_CACHE_TTL * 2).await;
    if app.engine == Engine::Postgres {
        assert!(waited < KEY_CACHE_TTL, "the CLI's notification arrives before the entry expires ({waited:?})");
    }
    assert_eq!(account(app, "cora").await.full_name, "Cora Lind");
}

/// Two server processes on one database: what one revokes, the other refuses within 1 s.
pub async fn two_processes(app: &TestApp) {
    let owner = super::user(app, "dara", false).await;
    let key = first_key(app, &owner, "shared", &["profile:read"]).await;
    let other = app.another_process().await;
    // Warm the other process' cache, then revoke here.
    assert_eq!(me_at(&other.base, &key).await.0, 200);
    assert_eq!(me_at(&other.base, &key).await.0, 200);
    let caller = Caller::session(owner.clone(), Origin::default());
    vestibule_service::api_keys::delete(&app.v, &caller, &key_id(&key)).await.unwrap();
    assert_refused(&get(app, &key, "/me").await, "revoked");
    refused_after(&other.base, &key, KEY_CACHE_TTL * 2).await;
}

/// PostgreSQL: another instance whose entries would live a minute still refuses a revoked key at
/// once, because the revoking instance's notification reaches its listener.
pub async fn other_instances_hear_revocations(app: &TestApp) {
    assert_eq!(app.engine, Engine::Postgres);
    let owner = super::user(app, "esme", false).await;
    let key = first_key(app, &owner, "heard", &["profile:read"]).await;
    let other = app.another_instance(Duration::from_secs(60)).await;
    // Its listener must be connected before the change it should hear is sent.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(me_at(&other.base, &key).await.0, 200);
    let hits = other.v.key_cache.hits();
    assert_eq!(me_at(&other.base, &key).await.0, 200);
    assert!(other.v.key_cache.hits() > hits, "the other instance answers from its cache");

    // A change of the account, then a revocation, both made here.
    vestibule_service::profile::set_full_name(&app.v, owner.id, "Esme Vale").await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while me_at(&other.base, &key).await.1["full_name"] != "Esme Vale" {
        assert!(Instant::now() < deadline, "the other instance still shows the old name after 5 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let caller = Caller::session(owner.clone(), Origin::default());
    vestibule_service::api_keys::delete(&app.v, &caller, &key_id(&key)).await.unwrap();
    refused_after(&other.base, &key, Duration::from_secs(5)).await;
}
