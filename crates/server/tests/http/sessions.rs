//! The session cache, on both engines: a page load after the first costs no session query, and
//! every change a page shows (name, preferences, a pending change of address, log-out) shows on
//! the very next request; on PostgreSQL another instance hears a log-out over `LISTEN/NOTIFY`
//! even when its entries would live far longer than the 1 s time-to-live.

use crate::support::{COOKIE, Engine, TestApp};
use reqwest::StatusCode;
use serde_json::json;
use std::time::{Duration, Instant};
use vestibule_domain::PreferencesPatch;

async fn profile_at(client: &reqwest::Client, base: &str) -> (StatusCode, String) {
    let reply = client.get(format!("{base}/settings/profile")).send().await.expect("GET /settings/profile");
    (reply.status(), reply.text().await.expect("a body"))
}

/// Every change a page shows is on the next page, though the session is cached.
pub async fn cached_sessions_follow_every_change(app: &TestApp) {
    let client = app.client();
    let token = app.signed_up(&client, "nell", "nell@example.com").await;
    let id = app.user_id("nell").await;
    let (status, _) = profile_at(&client, &app.base).await;
    assert_eq!(status, StatusCode::OK);
    let hits = app.v.session_cache.hits();
    let (status, page) = profile_at(&client, &app.base).await;
    assert_eq!(status, StatusCode::OK);
    assert!(app.v.session_cache.hits() > hits, "the second page in a row is answered from the cache");
    assert!(page.contains(r#"data-theme="system""#), "{page}");

    // The name, through the page's own server function.
    let reply = app.call(&client, "set_full_name", &[("full_name", "Nell Gwyn")]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(profile_at(&client, &app.base).await.1.contains("Nell Gwyn"));

    // Preferences, saved elsewhere (the REST API's path): the next page has the new theme and language.
    let patch = PreferencesPatch { theme: Some("dark".into()), language: Some("de".into()), ..Default::default() };
    vestibule_service::preferences::update(&app.v, id, &patch).await.unwrap();
    let page = profile_at(&client, &app.base).await.1;
    assert!(page.contains(r#"<html lang="de" data-theme="dark""#), "{}", &page[..page.len().min(300)]);

    // A change of address waiting for its link, started and cancelled.
    let reply = app.call(&client, "change_email", &[("email", "nell@new.example")]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(profile_at(&client, &app.base).await.1.contains("nell@new.example"));
    assert_eq!(app.call(&client, "my_settings", &[]).await.json()["pending_email"], json!("nell@new.example"));
    assert_eq!(app.call(&client, "cancel_email_change", &[]).await.status, StatusCode::OK);
    assert!(!profile_at(&client, &app.base).await.1.contains("nell@new.example"));

    // Log-out: the very next page load with the old cookie, replayed by hand, is refused.
    assert_eq!(profile_at(&client, &app.base).await.0, StatusCode::OK);
    assert_eq!(app.log_out(&client).await.status, StatusCode::OK);
    let replay = app.bare_client();
    let reply = app.send(replay.get(app.url("/settings/profile")).header("cookie", format!("{COOKIE}={token}"))).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "a logged-out session is refused at once");
}

/// PostgreSQL: another instance whose entries would live a minute refuses a logged-out session at
/// once, because the log-out's notification reaches its listener.
pub async fn other_instances_hear_log_outs(app: &TestApp) {
    assert_eq!(app.engine, Engine::Postgres);
    let client = app.client();
    let token = app.signed_up(&client, "odile", "odile@example.com").await;
    let other = app.another_instance(Duration::from_secs(60)).await;
    // Its listener must be connected before the change it should hear is sent.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(profile_at(&client, &other.base).await.0, StatusCode::OK);
    let hits = other.v.session_cache.hits();
    assert_eq!(profile_at(&client, &other.base).await.0, StatusCode::OK);
    assert!(other.v.session_cache.hits() > hits, "the other instance answers from its cache");

    // The cookie store sends the cookie to both instances (same host): log out here.
    assert_eq!(app.log_out(&client).await.status, StatusCode::OK);
    let replay = app.bare_client();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let page = replay.get(format!("{}/settings/profile", other.base)).header("cookie", format!("{COOKIE}={token}"));
        let status = app.send(page).await.status;
        if status == StatusCode::SEE_OTHER {
            break;
        }
        assert!(Instant::now() < deadline, "the other instance still accepts a logged-out session after 5 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
