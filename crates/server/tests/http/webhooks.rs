//! Webhooks over HTTP, against a real receiver on loopback (allowed as a development host): the
//! REST API, the SSRF guard at save and at send, signed deliveries with their log, redelivery,
//! secret rotation, the retry schedule and the disable rules under a test-controlled clock, and a
//! `kill -9` of the delivering process.

use crate::api_keys::{delete, first_key, get, patch, post, user};
use crate::support::TestApp;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vestibule_service::api_keys::Caller;
use vestibule_service::audit::Origin;
use vestibule_service::now_ms;
use vestibule_service::outbox::LEASE_MS;
use vestibule_service::worker;

/// The settings of every scenario here: the receiver's loopback address may be reached over http.
pub const DEV_HOSTS: (&str, &str) = ("VESTIBULE_WEBHOOK_ALLOW_HOSTS", "127.0.0.1");

/// A request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: String,
}

impl Received {
    fn header(&self, name: &str) -> String {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

/// What the receiver answers: a status, extra headers, and a delay before answering.
#[derive(Debug, Clone)]
pub struct Answer {
    status: u16,
    headers: Vec<(&'static str, String)>,
    delay: Duration,
}

impl Answer {
    fn status(status: u16) -> Self {
        Self { status, headers: Vec::new(), delay: Duration::ZERO }
    }
}

#[derive(Default)]
struct Log {
    received: Vec<Received>,
    /// Answers to give, in turn; 200 once they run out.
    script: VecDeque<Answer>,
    /// Given when the script is empty.
    otherwise: Option<Answer>,
}

/// A webhook receiver on a random loopback port.
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    log: Arc<Mutex<Log>>,
}

impl Receiver {
    pub async fn start() -> Self {
        let log = Arc::new(Mutex::new(Log::default()));
        let app = axum::Router::new().fallback(receive).with_state(log.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hooks", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, log }
    }

    fn answer_next(&self, answers: impl IntoIterator<Item = Answer>) {
        self.log.lock().unwrap().script.extend(answers);
    }

    fn answer_always(&self, answer: Answer) {
        self.log.lock().unwrap().otherwise = Some(answer);
    }

    pub fn received(&self) -> Vec<Received> {
        self.log.lock().unwrap().received.clone()
    }

    /// Waits until the receiver has had `n` requests; returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            assert!(std::time::Instant::now() < deadline, "the receiver got {} of {n} deliveries", got.len());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn receive(State(log): State<Arc<Mutex<Log>>>, headers: HeaderMap, body: String) -> axum::response::Response {
    let answer = {
        let mut log = log.lock().unwrap();
        log.received.push(Received { headers, body });
        let otherwise = log.otherwise.clone();
        log.script.pop_front().or(otherwise).unwrap_or(Answer::status(200))
    };
    tokio::time::sleep(answer.delay).await;
    let mut response = (StatusCode::from_u16(answer.status).unwrap(), "thanks").into_response();
    for (name, value) in answer.headers {
        response.headers_mut().insert(name, value.parse().unwrap());
    }
    response
}

/// Whether `received` carries a Standard Webhooks signature made with `secret` (`whsec_…`).
pub fn signed_with(received: &Received, secret: &str) -> bool {
    let key = base64::engine::general_purpose::STANDARD.decode(secret.strip_prefix("whsec_").unwrap()).unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    let content =
        format!("{}.{}.{}", received.header("webhook-id"), received.header("webhook-timestamp"), received.body);
    mac.update(content.as_bytes());
    let expected = format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()));
    received.header("webhook-signature").split(' ').any(|s| s == expected)
}

/// A key of `username` that may read and write webhooks.
async fn webhook_key(app: &TestApp, username: &str) -> String {
    let owner = user(app, username, false).await;
    first_key(app, &owner, "hooks", &["webhooks:write", "profile:write"]).await
}

/// Creates an endpoint for `events` at `url` over the API; returns (id, secret).
async fn create(app: &TestApp, key: &str, url: &str, events: &[&str]) -> (String, String) {
    let reply = post(app, key, "/webhooks", json!({"url": url, "description": "CI", "events": events})).await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.body);
    let body = reply.json();
    (body["id"].as_str().unwrap().to_string(), body["secret"].as_str().unwrap().to_string())
}

fn field_message(reply: &crate::support::Reply, field: &str) -> String {
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    let fields = reply.json()["error"]["fields"].as_array().cloned().unwrap_or_default();
    fields
        .iter()
        .find(|f| f["field"] == field)
        .and_then(|f| f["message"].as_str())
        .unwrap_or_else(|| panic!("no message on {field}: {}", reply.body))
        .to_string()
}

/// Endpoints over the REST API: created with a secret shown once, listed without it, checked
/// field by field, every spelling of a private address refused at save, limited per user, changed,
/// and deleted; another user's endpoint is not found; the scopes are enforced.
pub async fn endpoints_over_the_api(app: &TestApp) {
    let receiver = Receiver::start().await;
    let key = webhook_key(app, "hana").await;
    let (id, secret) = create(app, &key, &receiver.url, &["profile.updated", "build.failed"]).await;
    assert!(id.starts_with("wh_") && secret.starts_with("whsec_"), "{id} {secret}");
    let listed = get(app, &key, "/webhooks").await;
    assert_eq!(listed.status.as_u16(), 200);
    assert!(!listed.body.contains(&secret[6..]), "the secret is shown once");
    assert_eq!(listed.json()[0]["events"], json!(["build.failed", "profile.updated"]), "catalog order");
    assert_eq!(listed.json()[0]["enabled"], json!(true));
    // Sealed at rest.
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT secret FROM webhooks").fetch_all(&app.v.db.pool).await.unwrap();
    assert!(stored.iter().all(|s| !s.contains(&secret[6..])), "the secret in plain text in the database");
    let types = get(app, &key, "/webhooks/event-types").await;
    assert_eq!(types.json().as_array().unwrap().len(), vestibule_domain::webhooks::EVENT_TYPES.len());

    // Field by field, with the page's words.
    let reply =
        post(app, &key, "/webhooks", json!({"url": "http://hooks.example.com/x", "events": ["build.failed"]})).await;
    assert!(field_message(&reply, "url").contains("https://"), "{}", reply.body);
    let reply = post(app, &key, "/webhooks", json!({"url": "https://hooks.example.com/x", "events": []})).await;
    assert_eq!(field_message(&reply, "events"), "Choose at least one event.");
    let reply =
        post(app, &key, "/webhooks", json!({"url": "https://hooks.example.com/x", "events": ["deploy.done"]})).await;
    assert!(field_message(&reply, "events").contains("deploy.done"));
    let reply = post(app, &key, "/webhooks", json!({"url": "nope", "events": ["x"], "description": "a\u{7}b"})).await;
    for field in ["url", "events", "description"] {
        field_message(&reply, field);
    }

    // The SSRF guard at save time: every spelling of loopback and private networks.
    for url in [
        "https://2130706433/",
        "https://0177.0.0.1/",
        "https://127.1/",
        "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:7f00:1]/",
        "https://0.0.0.0/",
        "https://localhost/",
        "https://10.0.0.8/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00::1]/",
    ] {
        let reply = post(app, &key, "/webhooks", json!({"url": url, "events": ["build.failed"]})).await;
        assert_eq!(
            field_message(&reply, "url"),
            "This address leads to a private, local or reserved network, which webhooks may not reach.",
            "{url}"
        );
    }
    // `localhost.`: loopback, or not found; refused either way.
    let reply = post(app, &key, "/webhooks", json!({"url": "https://localhost./", "events": ["build.failed"]})).await;
    field_message(&reply, "url");
    let reply = patch(app, &key, &format!("/webhooks/{id}"), json!({"url": "https://127.1/"})).await;
    field_message(&reply, "url");

    // Changes, and turning it off and on.
    let reply = patch(app, &key, &format!("/webhooks/{id}"), json!({"description": "Deploys", "enabled": false})).await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
    assert_eq!(
        (reply.json()["enabled"].clone(), reply.json()["disabled_reason"].clone()),
        (json!(false), json!("owner"))
    );
    assert_eq!(reply.json()["description"], "Deploys");
    let reply = patch(app, &key, &format!("/webhooks/{id}"), json!({"enabled": true})).await;
    assert_eq!(reply.json()["enabled"], json!(true));
    // An edit that does not say "on" leaves an endpoint the worker turned off, off.
    sqlx::query("UPDATE webhooks SET disabled = 'gone'").execute(&app.v.db.pool).await.unwrap();
    let reply = patch(app, &key, &format!("/webhooks/{id}"), json!({"description": "Still gone"})).await;
    assert_eq!(reply.json()["disabled_reason"], "gone", "{}", reply.body);
    patch(app, &key, &format!("/webhooks/{id}"), json!({"enabled": true})).await;

    // The secret never shows in Debug output.
    let caller = Caller::session(crate::api_keys::account(app, "hana").await, Origin::default());
    let request = vestibule_domain::webhooks::NewWebhook {
        url: receiver.url.clone(),
        events: vec!["build.failed".into()],
        ..Default::default()
    };
    let created = vestibule_service::webhooks::create(&app.v, &caller, &request).await.unwrap();
    assert!(!format!("{created:?}").contains(&created.secret[6..]), "{created:?}");
    vestibule_service::webhooks::delete(&app.v, &caller, &created.webhook.id).await.unwrap();

    // Scopes, and other people's endpoints.
    let owner = crate::api_keys::account(app, "hana").await;
    let reader = first_key(app, &owner, "reader", &["webhooks:read"]).await;
    let reply = post(app, &reader, "/webhooks", json!({"url": receiver.url, "events": ["build.failed"]})).await;
    assert_eq!(reply.status.as_u16(), 403);
    let other = webhook_key(app, "ivo").await;
    assert_eq!(get(app, &other, &format!("/webhooks/{id}")).await.status.as_u16(), 404);
    assert_eq!(delete(app, &other, &format!("/webhooks/{id}")).await.status.as_u16(), 404);
    assert_eq!(get(app, &reader, &format!("/webhooks/{id}")).await.status.as_u16(), 200);

    assert_eq!(delete(app, &key, &format!("/webhooks/{id}")).await.status.as_u16(), 204);
    assert_eq!(get(app, &key, &format!("/webhooks/{id}")).await.status.as_u16(), 404);
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_events WHERE action LIKE 'webhook.%' ORDER BY id")
            .fetch_all(&app.v.db.pool)
            .await
            .unwrap();
    let expected = ["created", "updated", "updated", "updated", "updated", "created", "deleted", "deleted"];
    assert_eq!(actions, expected.map(|a| format!("webhook.{a}")));
}

/// The operator's limit of endpoints per user.
pub async fn endpoints_are_limited(app: &TestApp) {
    let receiver = Receiver::start().await;
    let key = webhook_key(app, "jun").await;
    create(app, &key, &receiver.url, &["build.failed"]).await;
    create(app, &key, &receiver.url, &["build.failed"]).await;
    let reply = post(app, &key, "/webhooks", json!({"url": receiver.url, "events": ["build.failed"]})).await;
    assert_eq!(field_message(&reply, "url"), "You can have at most 2 webhooks: delete one first.");
    // The operator's command checks the same rules, and queues test deliveries to every endpoint.
    let out =
        app.cli(&["webhook", "add", "--user", "jun", "--url", &receiver.url, "--event", "build.failed"], "").await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at most 2 webhooks"), "{out:?}");
    let out = app.cli(&["webhook", "test", "--user", "jun", "--count", "2"], "").await;
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "queued 4 test deliveries of build.failed");
    receiver.wait_for(4).await;
}

/// A change the endpoint subscribed to is delivered, signed over exactly the bytes sent, and
/// logged; a test event of any type goes too; a redelivery carries the same `webhook-id`; after a
/// rotation both secrets sign until the overlap ends.
pub async fn deliveries_are_signed_and_logged(app: &TestApp) {
    let receiver = Receiver::start().await;
    let key = webhook_key(app, "kai").await;
    let (id, secret) = create(app, &key, &receiver.url, &["profile.updated"]).await;
    // An event it did not subscribe to goes nowhere; one it did, arrives.
    let owner = crate::api_keys::account(app, "kai").await;
    vestibule_service::preferences::update(
        &app.v,
        owner.id,
        &serde_json::from_value(json!({"theme": "dark"})).unwrap(),
    )
    .await
    .unwrap();
    let reply = patch(app, &key, "/me", json!({"full_name": "Kai Berg"})).await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
    let got = receiver.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(receiver.received().len(), 1, "only the subscribed event");
    let first = &got[0];
    assert!(signed_with(first, &secret), "{:?}", first.headers);
    assert!(first.header("webhook-id").starts_with("msg_"));
    let body = first.json();
    assert_eq!(body["type"], "profile.updated");
    assert_eq!(body["data"]["full_name"], "Kai Berg");
    assert_eq!(body["data"]["username"], "kai");
    let stamp: i64 = first.header("webhook-timestamp").parse().unwrap();
    assert!((stamp - now_ms() / 1000).abs() < 60);

    // The log: one delivery, succeeded on its first attempt, with the receiver's answer.
    let log = log_of(app, &key, &id).await;
    assert_eq!(log[0]["state"], "succeeded");
    assert_eq!(log[0]["message_id"], first.header("webhook-id"));
    assert_eq!(log[0]["attempts"][0]["status"], 200);
    assert_eq!(log[0]["attempts"][0]["response"], "thanks");

    // A test event of a type it does not subscribe to.
    let reply = post(app, &key, &format!("/webhooks/{id}/test"), json!({"event": "build.failed"})).await;
    assert_eq!(reply.status.as_u16(), 202, "{}", reply.body);
    let got = receiver.wait_for(2).await;
    assert_eq!(got[1].json()["type"], "build.failed");
    assert_eq!(got[1].json()["data"]["test"], json!(true));
    assert_eq!(got[1].json()["data"]["pipeline"]["name"], "Web app");
    let reply = post(app, &key, &format!("/webhooks/{id}/test"), json!({"event": "nope.nope"})).await;
    field_message(&reply, "event");

    // Redelivery: the same id, the same body, a second attempt in the log.
    let delivery = log[0]["id"].as_i64().unwrap();
    let reply = post(app, &key, &format!("/webhooks/{id}/deliveries/{delivery}/redeliver"), json!({})).await;
    assert_eq!(reply.status.as_u16(), 202, "{}", reply.body);
    let got = receiver.wait_for(3).await;
    assert_eq!(got[2].header("webhook-id"), first.header("webhook-id"));
    assert_eq!(got[2].json()["data"], first.json()["data"]);
    settle(app, &key, &id).await;
    let log = log_of(app, &key, &id).await;
    let again = log.iter().find(|d| d["id"] == delivery).unwrap();
    assert_eq!(again["attempts"].as_array().unwrap().len(), 2);
    assert_eq!(again["attempts"][0]["attempt"], 2);

    // A delivery over the size limit (counted in bytes: 10,001 "é" are 20,002 bytes) is refused with
    // a message, alone and in a range, and never sent.
    let big = json!({"type": "profile.updated", "data": {"note": "é".repeat(10_001)}}).to_string();
    sqlx::query("UPDATE webhook_messages SET body = $1, state = 'failed' WHERE id = $2")
        .bind(&big)
        .bind(delivery)
        .execute(&app.v.db.pool)
        .await
        .unwrap();
    let reply = post(app, &key, &format!("/webhooks/{id}/deliveries/{delivery}/redeliver"), json!({})).await;
    assert!(field_message(&reply, "delivery").contains("20000 bytes"), "{}", reply.body);
    let range = json!({"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"});
    let reply = post(app, &key, &format!("/webhooks/{id}/redeliver-failed"), range).await;
    assert_eq!(reply.json()["count"], 0, "{}", reply.body);
    assert_eq!(receiver.received().len(), 3);

    // Rotation: two signatures for a day, then only the new one.
    let reply = post(app, &key, &format!("/webhooks/{id}/rotate-secret"), json!({})).await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.body);
    let new_secret = reply.json()["secret"].as_str().unwrap().to_string();
    assert_ne!(new_secret, secret);
    assert!(reply.json()["previous_secret_until"].is_string());
    post(app, &key, &format!("/webhooks/{id}/test"), json!({"event": "profile.updated"})).await;
    let got = receiver.wait_for(4).await;
    assert!(signed_with(&got[3], &secret) && signed_with(&got[3], &new_secret), "{:?}", got[3].headers);
    assert_eq!(got[3].header("webhook-signature").split(' ').count(), 2);
    sqlx::query("UPDATE webhooks SET previous_until = $1").bind(now_ms() - 1).execute(&app.v.db.pool).await.unwrap();
    post(app, &key, &format!("/webhooks/{id}/test"), json!({"event": "profile.updated"})).await;
    let got = receiver.wait_for(5).await;
    assert!(signed_with(&got[4], &new_secret) && !signed_with(&got[4], &secret));
}

/// Waits until no delivery of the endpoint is pending.
async fn settle(app: &TestApp, key: &str, id: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while log_of(app, key, id).await.iter().any(|d| d["state"] == "pending") {
        assert!(std::time::Instant::now() < deadline, "deliveries still pending");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn log_of(app: &TestApp, key: &str, id: &str) -> Vec<Value> {
    let reply = get(app, key, &format!("/webhooks/{id}/deliveries")).await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
    reply.json().as_array().cloned().unwrap()
}

/// Every attempt due at `now` (the worker is off in these scenarios).
async fn run_due(app: &TestApp, now: i64) -> worker::Pass {
    worker::deliver_due(&app.v, now).await.unwrap()
}

async fn next_at(app: &TestApp) -> Option<i64> {
    sqlx::query_scalar("SELECT next_at FROM webhook_messages ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.v.db.pool)
        .await
        .unwrap()
}

async fn disabled(app: &TestApp) -> Option<String> {
    sqlx::query_scalar("SELECT disabled FROM webhooks").fetch_one(&app.v.db.pool).await.unwrap()
}

/// With the worker off and the clock in the test's hands: a receiver that always fails gets ten
/// attempts on the schedule (none early), a warning mail after the eighth, and after the tenth the
/// endpoint is off and its owner mailed; one click turns it on again. `Retry-After` pushes the next
/// attempt back; a redirect is a failed attempt, never followed; `410 Gone` turns the endpoint off at once.
pub async fn retries_follow_the_schedule(app: &TestApp) {
    let receiver = Receiver::start().await;
    let key = webhook_key(app, "lou").await;
    let (id, _) = create(app, &key, &receiver.url, &["profile.updated"]).await;
    receiver.answer_always(Answer::status(500));
    let caller = Caller::session(crate::api_keys::account(app, "lou").await, Origin::default());
    vestibule_service::webhooks::delivery::send_test(&app.v, &caller, &id, "profile.updated").await.unwrap();

    let mut now = now_ms();
    let schedule = vestibule_domain::webhooks::RETRY_SECONDS;
    for attempt in 1..=10usize {
        run_due(app, now).await;
        assert_eq!(receiver.received().len(), attempt, "attempt {attempt}");
        if attempt == 10 {
            break;
        }
        let next = next_at(app).await.expect("a next attempt");
        let step = schedule[attempt - 1] * 1000;
        assert!((next - now) >= step * 9 / 10 && (next - now) <= step * 11 / 10, "attempt {attempt}: {}", next - now);
        // Not a moment early.
        run_due(app, next - 1000).await;
        assert_eq!(receiver.received().len(), attempt, "attempt {} came early", attempt + 1);
        now = next + 1;
        if attempt == 8 {
            let mail = mail_with(app, "lou@example.com", "Deliveries to your webhook are failing").await;
            assert!(mail.contains(&receiver.url) && mail.contains("HTTP 500"), "{mail}");
        }
    }
    assert_eq!(disabled(app).await.as_deref(), Some("failing"));
    let log = log_of(app, &key, &id).await;
    assert_eq!(log[0]["state"], "failed");
    assert_eq!(log[0]["attempts"].as_array().unwrap().len(), 10);
    // Every attempt carried the same id.
    let ids: std::collections::BTreeSet<String> = receiver.received().iter().map(|r| r.header("webhook-id")).collect();
    assert_eq!(ids.len(), 1);
    let mail = mail_with(app, "lou@example.com", "Your webhook was turned off").await;
    assert!(mail.contains("/settings/webhooks"), "{mail}");
    // Off: new events are not queued, a test is refused.
    let reply = post(app, &key, &format!("/webhooks/{id}/test"), json!({"event": "profile.updated"})).await;
    assert!(field_message(&reply, "event").contains("turn it on"));
    let reply = patch(app, &key, &format!("/webhooks/{id}"), json!({"enabled": true})).await;
    assert_eq!(reply.json()["enabled"], json!(true));
    // A redelivery of the exhausted delivery starts the schedule again: one more failure is a
    // retry in about 5 s, not the end of the endpoint.
    let delivery = log_of(app, &key, &id).await[0]["id"].as_i64().unwrap();
    let reply = post(app, &key, &format!("/webhooks/{id}/deliveries/{delivery}/redeliver"), json!({})).await;
    assert_eq!(reply.status.as_u16(), 202, "{}", reply.body);
    let now = now_ms();
    run_due(app, now).await;
    assert_eq!(receiver.received().len(), 11);
    assert_eq!(disabled(app).await, None, "one failure after a redelivery turned the endpoint off");
    let next = next_at(app).await.expect("a retry");
    assert!(next - now < 10_000, "the schedule starts again: {}", next - now);
    sqlx::query("UPDATE webhook_messages SET state = 'failed', next_at = NULL").execute(&app.v.db.pool).await.unwrap();
    sqlx::query("DELETE FROM outbox WHERE kind = 'webhook'").execute(&app.v.db.pool).await.unwrap();

    // Retry-After: the receiver's wish wins over a shorter step.
    receiver.answer_next([Answer { headers: vec![("retry-after", "600".into())], ..Answer::status(503) }]);
    vestibule_service::webhooks::delivery::send_test(&app.v, &caller, &id, "profile.updated").await.unwrap();
    let now = now_ms();
    run_due(app, now).await;
    assert!(next_at(app).await.unwrap() >= now + 600_000, "Retry-After honoured");

    // A redirect (to loopback, even) is a failed attempt; the receiver is not asked twice.
    receiver.answer_next([Answer { headers: vec![("location", "http://127.0.0.1:9/".into())], ..Answer::status(302) }]);
    let before = receiver.received().len();
    vestibule_service::webhooks::delivery::send_test(&app.v, &caller, &id, "profile.updated").await.unwrap();
    run_due(app, now_ms()).await;
    assert_eq!(receiver.received().len(), before + 1);
    let log = log_of(app, &key, &id).await;
    assert_eq!(log[0]["attempts"][0]["status"], 302);
    assert_eq!(log[0]["state"], "pending");

    // 410 Gone: off at once; two deliveries answered so at once make one mail.
    let turned_off = |app: &TestApp| {
        let smtp = app.smtp.clone().unwrap();
        move || smtp.messages().iter().filter(|m| m.data.contains("Your webhook was turned off")).count()
    };
    let mails = turned_off(app);
    let before = mails();
    receiver.answer_next([Answer::status(410), Answer::status(410)]);
    for _ in 0..2 {
        vestibule_service::webhooks::delivery::send_test(&app.v, &caller, &id, "profile.updated").await.unwrap();
    }
    run_due(app, now_ms()).await;
    assert_eq!(disabled(app).await.as_deref(), Some("gone"));
    run_due(app, now_ms()).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(mails(), before + 1, "one mail for the endpoint");
}

/// Two workers at one delivery at once (a lease that ran out under a slow receiver): the attempt
/// is claimed on the message, so the receiver is asked once.
pub async fn one_attempt_is_made_once(app: &TestApp) {
    let receiver = Receiver::start().await;
    let key = webhook_key(app, "quin").await;
    let (id, _) = create(app, &key, &receiver.url, &["profile.updated"]).await;
    let caller = Caller::session(crate::api_keys::account(app, "quin").await, Origin::default());
    let delivery =
        vestibule_service::webhooks::delivery::send_test(&app.v, &caller, &id, "profile.updated").await.unwrap();
    receiver.answer_always(Answer { delay: Duration::from_millis(500), ..Answer::status(200) });
    let now = now_ms();
    let (a, b) = tokio::join!(
        vestibule_service::webhooks::delivery::attempt(&app.v, delivery, now),
        vestibule_service::webhooks::delivery::attempt(&app.v, delivery, now)
    );
    a.unwrap();
    b.unwrap();
    assert_eq!(receiver.received().len(), 1, "the same attempt sent twice");
    assert_eq!(log_of(app, &key, &id).await[0]["state"], "succeeded");
}

/// The newest mail to `to` whose text contains `subject`, sent by the outbox pass that queued it.
async fn mail_with(app: &TestApp, to: &str, subject: &str) -> String {
    run_due(app, now_ms()).await;
    let smtp = app.smtp.as_ref().unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let found = smtp
            .messages()
            .into_iter()
            .map(|m| m.data.replace("=\r\n", "").replace("=3D", "="))
            .rfind(|d| d.contains(&format!("To: {to}")) && d.contains(subject));
        if let Some(mail) = found {
            return mail;
        }
        assert!(std::time::Instant::now() < deadline, "no mail {subject:?} to {to}");
        run_due(app, now_ms()).await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The send-time check: a host that passed at save time but resolves to loopback when sending
/// (the database edited, as a DNS answer that changed would) is refused without a connection,
/// and so is an IP literal in any spelling.
pub async fn the_guard_checks_again_at_send(app: &TestApp) {
    let receiver = Receiver::start().await;
    let key = webhook_key(app, "mia").await;
    let (id, _) = create(app, &key, &receiver.url, &["profile.updated"]).await;
    let port = receiver.url.split(':').nth(2).unwrap().split('/').next().unwrap().to_string();
    let caller = Caller::session(crate::api_keys::account(app, "mia").await, Origin::default());
    for url in [format!("https://localhost:{port}/hooks"), format!("https://2130706433:{port}/hooks")] {
        sqlx::query("UPDATE webhooks SET url = $1").bind(&url).execute(&app.v.db.pool).await.unwrap();
        vestibule_service::webhooks::delivery::send_test(&app.v, &caller, &id, "profile.updated").await.unwrap();
        run_due(app, now_ms()).await;
        let log = log_of(app, &key, &id).await;
        let error = log[0]["attempts"][0]["error"].as_str().unwrap_or_default().to_string();
        assert!(error.contains("private, local or reserved"), "{url}: {}", log[0]);
    }
    assert!(receiver.received().is_empty(), "the receiver was reached");
}

/// DNS rebinding, against a real DNS server (`VESTIBULE_WEBHOOK_DNS`): a name that resolves to a
/// public address when the endpoint is saved and to loopback when a delivery is sent is refused
/// at the send, without a connection; a name that resolves to loopback is refused at save. Each
/// check asks the DNS server again (no cache, whatever the answer's time to live).
pub async fn dns_rebinding_is_refused(engine: crate::support::Engine) {
    use std::net::Ipv4Addr;
    let public = Ipv4Addr::new(93, 184, 215, 14);
    let dns = crate::dns::Dns::start(&[
        ("rebind.example", &[public, Ipv4Addr::LOCALHOST]),
        ("loop.example", &[Ipv4Addr::LOCALHOST]),
    ])
    .await;
    let server = dns.addr.to_string();
    let vars = [("VESTIBULE_WEBHOOK_DNS", server.as_str()), ("VESTIBULE_OUTBOX_WORKER", "false")];
    crate::support::run_with(engine, &vars, |app| async move {
        let app = &*app;
        let receiver = Receiver::start().await;
        let port = receiver.url.split(':').nth(2).unwrap().split('/').next().unwrap().to_string();
        let key = webhook_key(app, "rho").await;
        let body = json!({"url": format!("https://loop.example:{port}/hooks"), "events": ["profile.updated"]});
        let message = field_message(&post(app, &key, "/webhooks", body).await, "url");
        assert!(message.contains("private"), "{message}");
        assert_eq!(dns.asked("loop.example"), 1);

        let (id, _) = create(app, &key, &format!("https://rebind.example:{port}/hooks"), &["profile.updated"]).await;
        assert_eq!(dns.asked("rebind.example"), 1, "checked at save");
        let caller = Caller::session(crate::api_keys::account(app, "rho").await, Origin::default());
        vestibule_service::webhooks::delivery::send_test(&app.v, &caller, &id, "profile.updated").await.unwrap();
        run_due(app, now_ms()).await;
        assert_eq!(dns.asked("rebind.example"), 2, "asked again at the send");
        let log = log_of(app, &key, &id).await;
        let error = log[0]["attempts"][0]["error"].as_str().unwrap_or_default().to_string();
        assert!(error.contains("private, local or reserved"), "{}", log[0]);
        assert!(receiver.received().is_empty(), "the receiver was reached");
    })
    .await;
}

/// `kill -9` of a `vestibule` process while its receiver is answering: nothing is lost. The jobs
/// stay leased; after the lease the next worker sends each again with the same `webhook-id`.
pub async fn killed_mid_delivery(app: &TestApp) {
    let receiver = Receiver::start().await;
    let key = webhook_key(app, "nia").await;
    let (id, _) = create(app, &key, &receiver.url, &["profile.updated"]).await;
    let caller = Caller::session(crate::api_keys::account(app, "nia").await, Origin::default());
    for _ in 0..3 {
        vestibule_service::webhooks::delivery::send_test(&app.v, &caller, &id, "profile.updated").await.unwrap();
    }
    receiver.answer_always(Answer { delay: Duration::from_secs(5), ..Answer::status(200) });
    let mut server = app.spawn_server(&[("VESTIBULE_OUTBOX_WORKER", "true"), DEV_HOSTS]);
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while receiver.received().is_empty() {
        assert!(std::time::Instant::now() < deadline, "the process never started delivering");
        assert!(server.try_wait().unwrap().is_none(), "vestibule serve exited");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    let now = now_ms();
    let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_messages WHERE state = 'pending'")
        .fetch_one(&app.v.db.pool)
        .await
        .unwrap();
    assert_eq!(pending, 3, "the killed process finished a delivery");
    receiver.answer_always(Answer::status(200));
    // The three deliveries (and the mail about the new key, which the killed process may have sent).
    let pass = run_due(app, now + LEASE_MS + 1000).await;
    assert!(pass.claimed >= 3, "{pass:?}");
    let log = log_of(app, &key, &id).await;
    assert!(log.iter().all(|d| d["state"] == "succeeded"), "{log:?}");
    let ids: std::collections::BTreeSet<String> = receiver.received().iter().map(|r| r.header("webhook-id")).collect();
    assert_eq!(ids.len(), 3, "every delivery arrived, a second time only with the same id");
}

/// The platform's own event types (`VESTIBULE_WEBHOOK_EVENTS`): offered to endpoints beside
/// Vestibule's, posted by the platform with an admin's `events:write` key, delivered to the
/// recipients' subscribed endpoints; Vestibule's own types and unknown ones are refused there.
pub async fn platform_events(app: &TestApp) {
    let receiver = Receiver::start().await;
    let key = webhook_key(app, "ona").await;
    let types = get(app, &key, "/webhooks/event-types").await.json();
    let deploy = types.as_array().unwrap().iter().find(|t| t["name"] == "deploy.finished").expect("offered");
    assert_eq!(deploy["description"], "A deploy finished");
    let (_, secret) = create(app, &key, &receiver.url, &["deploy.finished"]).await;
    let admin = user(app, "ops", true).await;
    let platform = first_key(app, &admin, "platform", &["events:write"]).await;
    let event = json!({"type": "deploy.finished", "recipients": ["ona", "nobody"], "data": {"env": "prod"}});
    let reply = post(app, &platform, "/webhooks/events", event).await;
    assert_eq!(reply.status.as_u16(), 202, "{}", reply.body);
    assert_eq!(reply.json(), json!({"recipients": 1, "deliveries": 1}));
    let got = receiver.wait_for(1).await;
    assert!(signed_with(&got[0], &secret));
    assert_eq!(got[0].json()["type"], "deploy.finished");
    assert_eq!(got[0].json()["data"], json!({"env": "prod", "username": "ona"}));
    for refused in ["build.failed", "deploy.started"] {
        let reply = post(app, &platform, "/webhooks/events", json!({"type": refused, "recipients": ["ona"]})).await;
        field_message(&reply, "type");
    }
    let big = "x".repeat(vestibule_domain::webhooks::MAX_PAYLOAD_BYTES);
    let reply = post(
        app,
        &platform,
        "/webhooks/events",
        json!({"type": "deploy.finished", "recipients": ["ona"], "data": {"log": big}}),
    )
    .await;
    field_message(&reply, "data");
    // Only the platform's administrators post events.
    assert_eq!(
        post(app, &key, "/webhooks/events", json!({"type": "deploy.finished", "recipients": []})).await.status.as_u16(),
        403
    );
}

/// Whether `received` carries an Ed25519 (`v1a`) signature that `public_key` (`whpk_…`) verifies,
/// checked with ed25519-dalek (the server signs with ring).
fn signed_by(received: &Received, public_key: &str) -> bool {
    use ed25519_dalek::{Signature, VerifyingKey};
    let b64 = base64::engine::general_purpose::STANDARD;
    let key: [u8; 32] = b64.decode(public_key.strip_prefix("whpk_").unwrap()).unwrap().try_into().unwrap();
    let key = VerifyingKey::from_bytes(&key).unwrap();
    let content =
        format!("{}.{}.{}", received.header("webhook-id"), received.header("webhook-timestamp"), received.body);
    received.header("webhook-signature").split(' ').filter_map(|s| s.strip_prefix("v1a,")).any(|s| {
        let bytes: Option<[u8; 64]> = b64.decode(s).ok().and_then(|b| b.try_into().ok());
        bytes.is_some_and(|b| key.verify_strict(content.as_bytes(), &Signature::from_bytes(&b)).is_ok())
    })
}

/// Asymmetric signatures: an endpoint that asks for them gets an Ed25519 key whose public half is
/// shown (never the private one), and every delivery carries `v1a` beside `v1`; turned off, only
/// `v1`; turned on again, a new key.
pub async fn ed25519_signatures(app: &TestApp) {
    let receiver = Receiver::start().await;
    let key = webhook_key(app, "pia").await;
    let body = json!({"url": receiver.url, "events": ["profile.updated"], "asymmetric": true});
    let reply = post(app, &key, "/webhooks", body).await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.body);
    let (id, secret) =
        (reply.json()["id"].as_str().unwrap().to_string(), reply.json()["secret"].as_str().unwrap().to_string());
    let public = reply.json()["public_key"].as_str().unwrap().to_string();
    assert!(public.starts_with("whpk_"), "{public}");
    assert_eq!(get(app, &key, &format!("/webhooks/{id}")).await.json()["public_key"], json!(public));
    post(app, &key, &format!("/webhooks/{id}/test"), json!({"event": "profile.updated"})).await;
    let got = receiver.wait_for(1).await;
    assert!(signed_with(&got[0], &secret) && signed_by(&got[0], &public), "{:?}", got[0].headers);
    // A signature by another key does not verify (the check can fail).
    let other = format!("whpk_{}", base64::engine::general_purpose::STANDARD.encode([9u8; 32]));
    assert!(!signed_by(&got[0], &other));

    let reply = patch(app, &key, &format!("/webhooks/{id}"), json!({"asymmetric": false})).await;
    assert_eq!(reply.json()["public_key"], Value::Null);
    post(app, &key, &format!("/webhooks/{id}/test"), json!({"event": "profile.updated"})).await;
    let got = receiver.wait_for(2).await;
    assert!(!got[1].header("webhook-signature").contains("v1a,"));
    let reply = patch(app, &key, &format!("/webhooks/{id}"), json!({"asymmetric": true})).await;
    let renewed = reply.json()["public_key"].as_str().unwrap().to_string();
    assert_ne!(renewed, public);
    post(app, &key, &format!("/webhooks/{id}/test"), json!({"event": "profile.updated"})).await;
    let got = receiver.wait_for(3).await;
    assert!(signed_by(&got[2], &renewed) && !signed_by(&got[2], &public));
    // The private key is sealed at rest.
    let stored: Option<String> =
        sqlx::query_scalar("SELECT signing_key FROM webhooks").fetch_one(&app.v.db.pool).await.unwrap();
    assert!(stored.is_some_and(|s| !s.starts_with("MC4CAQ")), "a PKCS#8 key in plain text");
}
