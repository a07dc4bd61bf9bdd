//! Key hygiene (#14): the IP allowlist of a key (IPv4 and IPv6 ranges, behind a trusted proxy
//! and not), the public leak report, the list's hygiene marks, and idle keys revoked with the
//! clock in the test's hands.

use super::{AGENT, DAY_MS, api, assert_invalid, assert_refused, checked, first_key, get, key_id, patch, post, user};
use crate::support::TestApp;
use reqwest::Method;
use serde_json::{Value, json};
use vestibule_domain::ValidationError;
use vestibule_service::scheduled::send_due;

/// A call from `ip`, as the trusted proxy in front of the server reports it.
async fn from(app: &TestApp, ip: &str, key: &str, path: &str) -> crate::support::Reply {
    let request = app
        .client()
        .get(app.url(&format!("/api/v1{path}")))
        .header("user-agent", AGENT)
        .header("x-forwarded-for", ip)
        .bearer_auth(key);
    checked(app, request).await
}

#[track_caller]
fn assert_not_allowed(reply: &crate::support::Reply) {
    assert_eq!(reply.status.as_u16(), 403, "{}", reply.body);
    assert_eq!(reply.json()["error"]["code"], "ip_not_allowed", "{}", reply.body);
    let message = vestibule_domain::UserError::IpNotAllowed.to_string();
    assert_eq!(reply.json()["error"]["message"], message.as_str());
}

async fn audit_actions(app: &TestApp, user_id: i64) -> Vec<(String, String)> {
    sqlx::query_as("SELECT action, target FROM audit_events WHERE user_id = $1 ORDER BY id")
        .bind(user_id)
        .fetch_all(&app.v.db.pool)
        .await
        .unwrap()
}

/// Runs behind `VESTIBULE_TRUST_PROXY=true`: the client is the address the proxy appended.
pub async fn ip_allowlist(app: &TestApp) {
    let ann = user(app, "ann", true).await;
    let admin = first_key(app, &ann, "admin", &["api-keys:write", "keys:verify", "profile:read"]).await;

    // Bad entries are named, next to the field, and nothing is created.
    let body = |ips: Value| json!({"name": "ci", "scopes": ["profile:read"], "expires_in_days": 7, "allowed_ips": ips});
    let bad = post(app, &admin, "/keys", body(json!(["203.0.113.0/24", "10.0.0.0/33"]))).await;
    let message = ValidationError::IpRange { entry: "10.0.0.0/33".into() }.to_string();
    assert_invalid(&bad, &[("allowed_ips", message)]);
    let bad = post(app, &admin, "/keys", body(json!(["example.com"]))).await;
    assert_invalid(&bad, &[("allowed_ips", ValidationError::IpRange { entry: "example.com".into() }.to_string())]);
    assert_eq!(get(app, &admin, "/keys").await.json().as_array().unwrap().len(), 1, "nothing was created");

    // Host bits are cleared, duplicates dropped, IPv4-mapped addresses read as IPv4.
    let made = post(app, &admin, "/keys", body(json!(["203.0.113.7/24", "2001:DB8::/32", "203.0.113.0/24"]))).await;
    assert_eq!(made.status.as_u16(), 201, "{}", made.body);
    assert_eq!(made.json()["allowed_ips"], json!(["203.0.113.0/24", "2001:db8::/32"]));
    let ci = made.json()["secret"].as_str().unwrap().to_string();

    for ip in ["203.0.113.9", "2001:db8::5", "::ffff:203.0.113.200", "198.51.100.1, 203.0.113.10"] {
        let reply = from(app, ip, &ci, "/me").await;
        assert_eq!(reply.status.as_u16(), 200, "{ip}: {}", reply.body);
    }
    // The rightmost address of X-Forwarded-For is the proxy's word; the rest is the client's.
    for ip in ["198.51.100.1", "2001:db9::1", "203.0.114.1", "203.0.113.10, 198.51.100.1", "127.0.0.1"] {
        assert_not_allowed(&from(app, ip, &ci, "/me").await);
    }
    // Only the proxy's own (last) header line counts: a client's line before it is no address.
    let two_lines = app
        .client()
        .get(app.url("/api/v1/me"))
        .header("user-agent", AGENT)
        .header("x-forwarded-for", "203.0.113.9")
        .header("x-forwarded-for", "198.51.100.1")
        .bearer_auth(&ci);
    assert_not_allowed(&checked(app, two_lines).await);
    // Refused uses are in the owner's audit log (at most one a minute per key).
    let refusals = audit_actions(app, ann.id).await.into_iter().filter(|(a, _)| a == "api_key.refused_ip").count();
    assert_eq!(refusals, 1);
    // Last used is the allowed call's.
    let listed = get(app, &admin, "/keys").await.json();
    let row = listed.as_array().unwrap().iter().find(|k| k["name"] == "ci").unwrap().clone();
    assert_eq!(row["allowed_ips"], json!(["203.0.113.0/24", "2001:db8::/32"]));

    // The platform's verify checks the client's address it passes.
    let verify = |ip: Option<&str>| {
        let mut body = json!({"key": ci});
        if let Some(ip) = ip {
            body["ip"] = json!(ip);
        }
        post(app, &admin, "/keys/verify", body)
    };
    assert_eq!(verify(Some("203.0.113.50")).await.json()["valid"], true);
    assert_eq!(verify(Some("2001:db8:1::1")).await.json()["valid"], true);
    let refused = verify(Some("192.0.2.1")).await.json();
    assert_eq!((refused["valid"].clone(), refused["reason"].clone()), (json!(false), json!("ip_not_allowed")));
    let unknown = verify(None).await.json();
    assert_eq!(unknown["reason"], "ip_not_allowed", "a key with an allowlist needs the client's address");
    let bad = verify(Some("not-an-ip")).await;
    assert_invalid(&bad, &[("ip", ValidationError::IpRange { entry: "not-an-ip".into() }.to_string())]);
    // A key without a list is valid from anywhere, with or without an address.
    assert_eq!(post(app, &admin, "/keys/verify", json!({"key": admin})).await.json()["valid"], true);

    // Edited: a new list applies at once (the cached row is dropped); an empty one lifts it.
    let path = format!("/keys/{}", key_id(&ci));
    let edited = patch(app, &admin, &path, json!({"allowed_ips": ["198.51.100.0/24"]})).await;
    assert_eq!(edited.json()["allowed_ips"], json!(["198.51.100.0/24"]));
    assert_eq!(from(app, "198.51.100.1", &ci, "/me").await.status.as_u16(), 200);
    assert_not_allowed(&from(app, "203.0.113.9", &ci, "/me").await);
    let bad = patch(app, &admin, &path, json!({"allowed_ips": ["::1/200"]})).await;
    assert_invalid(&bad, &[("allowed_ips", ValidationError::IpRange { entry: "::1/200".into() }.to_string())]);
    let lifted = patch(app, &admin, &path, json!({"allowed_ips": []})).await;
    assert_eq!(lifted.json()["allowed_ips"], json!([]));
    assert_eq!(from(app, "192.0.2.99", &ci, "/me").await.status.as_u16(), 200);
    let detail: (String,) =
        sqlx::query_as("SELECT detail FROM audit_events WHERE action = 'api_key.edited' ORDER BY id LIMIT 1")
            .fetch_one(&app.v.db.pool)
            .await
            .unwrap();
    assert!(detail.0.contains("allowed_ips=198.51.100.0/24"), "{}", detail.0);

    // A last entry that is no address is no address, not the proxy's (the peer, 127.0.0.1).
    let body =
        json!({"name": "proxy-side", "scopes": ["profile:read"], "expires_in_days": 7, "allowed_ips": ["127.0.0.0/8"]});
    let local = post(app, &admin, "/keys", body).await.json()["secret"].as_str().unwrap().to_string();
    assert_eq!(api(app, Method::GET, "/me", Some(&local), None).await.status.as_u16(), 200, "no header: the peer");
    let garbled = reqwest::header::HeaderValue::from_bytes(b"\xff127.0.0.1").unwrap();
    let request = app.client().get(app.url("/api/v1/me")).header("x-forwarded-for", garbled).bearer_auth(&local);
    assert_not_allowed(&checked(app, request).await);
    assert_not_allowed(&from(app, "unknown", &local, "/me").await);

    // A key limited to some addresses makes and edits keys only within them.
    let body = json!({"name": "office-admin", "scopes": ["api-keys:write", "profile:read"], "expires_in_days": 7,
        "allowed_ips": ["203.0.113.0/24"]});
    let office = post(app, &admin, "/keys", body).await.json()["secret"].as_str().unwrap().to_string();
    let wider = ValidationError::AllowlistWider { ranges: "203.0.113.0/24".into() }.to_string();
    for ips in [json!([]), json!(["203.0.112.0/23"]), json!(["203.0.113.0/24", "2001:db8::/32"])] {
        let request = app
            .client()
            .post(app.url("/api/v1/keys"))
            .header("x-forwarded-for", "203.0.113.5")
            .bearer_auth(&office)
            .json(&json!({"name": "minted", "scopes": ["profile:read"], "expires_in_days": 1, "allowed_ips": ips}));
        assert_invalid(&checked(app, request).await, &[("allowed_ips", wider.clone())]);
    }
    let narrower = app
        .client()
        .post(app.url("/api/v1/keys"))
        .header("x-forwarded-for", "203.0.113.5")
        .bearer_auth(&office)
        .json(&json!({"name": "minted", "scopes": ["profile:read"], "expires_in_days": 1, "allowed_ips": ["203.0.113.128/25"]}));
    assert_eq!(checked(app, narrower).await.status.as_u16(), 201);
    let lift = app
        .client()
        .patch(app.url(&format!("/api/v1/keys/{}", key_id(&office))))
        .header("x-forwarded-for", "203.0.113.5")
        .bearer_auth(&office)
        .json(&json!({"allowed_ips": []}));
    assert_invalid(&checked(app, lift).await, &[("allowed_ips", wider.clone())]);

    // A rotated key keeps its list.
    patch(app, &admin, &path, json!({"allowed_ips": ["2001:db8::/48"]})).await;
    let rotated = post(app, &admin, &format!("{path}/rotate"), json!({"expires_in_days": 7})).await;
    assert_eq!(rotated.json()["allowed_ips"], json!(["2001:db8::/48"]), "{}", rotated.body);
}

/// Without a trusted proxy, X-Forwarded-For is the client's own word and proves nothing.
pub async fn ip_allowlist_without_a_proxy(app: &TestApp) {
    let bo = user(app, "bob", false).await;
    let admin = first_key(app, &bo, "admin", &["api-keys:write", "profile:read"]).await;
    let body =
        json!({"name": "lan", "scopes": ["profile:read"], "expires_in_days": 7, "allowed_ips": ["203.0.113.0/24"]});
    let lan = post(app, &admin, "/keys", body).await.json()["secret"].as_str().unwrap().to_string();
    assert_not_allowed(&from(app, "203.0.113.9", &lan, "/me").await);
    let body =
        json!({"name": "local", "scopes": ["profile:read"], "expires_in_days": 7, "allowed_ips": ["127.0.0.0/8"]});
    let local = post(app, &admin, "/keys", body).await.json()["secret"].as_str().unwrap().to_string();
    assert_eq!(from(app, "203.0.113.9", &local, "/me").await.status.as_u16(), 200, "the peer is 127.0.0.1");
}

/// `POST /api/v1/keys/revoke-leaked`: no key needed, each live key revoked at once, its owner
/// mailed where it was found, the same answer for keys that never existed.
pub async fn leaked_keys(app: &TestApp) {
    let cy = user(app, "cyd", false).await;
    let leaked = first_key(app, &cy, "leaked", &["profile:read"]).await;
    let kept = first_key(app, &cy, "kept", &["profile:read"]).await;
    assert_eq!(get(app, &leaked, "/me").await.status.as_u16(), 200);
    let report = |body: Value| api(app, Method::POST, "/keys/revoke-leaked", None, Some(body));

    let source = "https://github.com/example/repo/blob/main/.env";
    let stranger = super::stranger_key(None);
    let answer = report(json!({"keys": [leaked, stranger, "vst_nonsense", "hello"], "source": source})).await;
    assert_eq!(answer.status.as_u16(), 202, "{}", answer.body);
    assert_eq!(answer.json(), json!({"received": 4}));
    // Unknown keys alone: the same answer, so a report tells nothing about a key.
    let unknown = report(json!({"keys": [super::stranger_key(None), "x", "y", "z"], "source": source})).await;
    assert_eq!((unknown.status.as_u16(), unknown.json()), (202, json!({"received": 4})));

    assert_refused(&get(app, &leaked, "/me").await, "revoked");
    assert_eq!(get(app, &kept, "/me").await.status.as_u16(), 200, "only the reported key");
    let log = audit_actions(app, cy.id).await;
    assert!(log.contains(&("api_key.leaked".to_string(), format!("vst_{}", key_id(&leaked)))), "{log:?}");

    app.mail_settled().await;
    let mails: Vec<String> =
        app.mails_to("cyd@example.com").await.into_iter().filter(|m| m.contains("found in public")).collect();
    assert_eq!(mails.len(), 1, "one mail");
    assert!(mails[0].contains(source), "where it was found: {}", mails[0]);
    assert!(mails[0].contains("\"leaked\""), "{}", mails[0]);
    assert!(mails[0].contains("from 127.0.0.1"), "who reported it: {}", mails[0]);
    assert!(!mails[0].contains(super::secret_part(&leaked)), "never the secret");

    // Reported again: nothing more happens, and the answer is the same.
    assert_eq!(report(json!({"keys": [leaked]})).await.json(), json!({"received": 1}));
    app.mail_settled().await;
    let again = app.mails_to("cyd@example.com").await.into_iter().filter(|m| m.contains("found in public")).count();
    assert_eq!(again, 1);

    // Bad reports are refused with the field named; nothing is revoked.
    let many: Vec<String> = (0..101).map(|_| kept.clone()).collect();
    assert_invalid(
        &report(json!({"keys": many})).await,
        &[("keys", ValidationError::TooMany { max: 100 }.to_string())],
    );
    assert_invalid(&report(json!({"keys": []})).await, &[("keys", ValidationError::Required.to_string())]);
    let bad_source = report(json!({"keys": [kept], "source": "line one\nline two"})).await;
    assert_invalid(&bad_source, &[("source", ValidationError::ControlCharacter.to_string())]);
    assert_eq!(get(app, &kept, "/me").await.status.as_u16(), 200);
    // The report itself never writes a key to the log.
    assert!(!crate::support::captured_logs().contains(super::secret_part(&leaked)));
}

/// Hygiene marks in the list, and `VESTIBULE_REVOKE_IDLE_KEYS_DAYS=30` under a test clock.
pub async fn idle_keys(app: &TestApp) {
    let dia = user(app, "dia", false).await;
    let admin = first_key(app, &dia, "admin", &["api-keys:read"]).await;
    let idle = first_key(app, &dia, "idle", &["profile:read"]).await;
    let busy = first_key(app, &dia, "busy", &["profile:read"]).await;
    let (idle_id, busy_id) = (key_id(&idle), key_id(&busy));
    let marks = |list: &Value, name: &str| {
        list.as_array().unwrap().iter().find(|k| k["name"] == name).map(|k| k["hygiene"].clone()).unwrap()
    };
    let list = get(app, &admin, "/keys").await.json();
    assert_eq!(marks(&list, "idle"), json!(["never_used"]));
    assert_eq!(marks(&list, "admin"), json!([]), "used by this very call");

    let t0 = vestibule_service::now_ms();
    let set = move |column: &'static str, id: String, at: i64| async move {
        let sql = format!("UPDATE api_keys SET {column} = $1 WHERE public_id = $2");
        let done = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(at).bind(&id).execute(&app.v.db.pool).await.unwrap();
        assert_eq!(done.rows_affected(), 1);
        app.v.forget_all();
    };
    // Made 100 days ago and never used: both marks.
    set("created_at", idle_id.clone(), t0 - 100 * DAY_MS).await;
    set("created_at", busy_id.clone(), t0 - 100 * DAY_MS).await;
    set("last_used_at", busy_id.clone(), t0 - 95 * DAY_MS).await;
    let list = get(app, &admin, "/keys").await.json();
    assert_eq!(marks(&list, "idle"), json!(["never_used", "idle"]));
    assert_eq!(marks(&list, "busy"), json!(["idle"]));
    // From here on, the clock is the test's: put both keys back at t0.
    set("created_at", idle_id.clone(), t0).await;
    set("created_at", busy_id.clone(), t0).await;
    set("last_used_at", busy_id.clone(), t0 + 10 * DAY_MS).await;
    set("expires_at", idle_id.clone(), t0 + 300 * DAY_MS).await;
    set("expires_at", busy_id.clone(), t0 + 300 * DAY_MS).await;
    // The admin key is used by the list calls above at t0: keep it out of the count.
    set("last_used_at", key_id(&admin), t0 + 200 * DAY_MS).await;

    let idle_count = |n: usize| move |sent: vestibule_service::scheduled::Sent| assert_eq!(sent.idle_keys, n);
    // Uses reach the database up to a minute late: the cut-offs leave two minutes of room.
    let minute = 60_000;
    idle_count(0)(send_due(&app.v, t0 + 23 * DAY_MS + minute).await.unwrap());
    // 23 days unused: the warning, 7 days ahead; once.
    idle_count(1)(send_due(&app.v, t0 + 23 * DAY_MS + 3 * minute).await.unwrap());
    idle_count(0)(send_due(&app.v, t0 + 23 * DAY_MS + 4 * minute).await.unwrap());
    // 30 days unused, but warned less than 7 days ago: not yet.
    idle_count(0)(send_due(&app.v, t0 + 30 * DAY_MS + 2 * minute).await.unwrap());
    idle_count(1)(send_due(&app.v, t0 + 30 * DAY_MS + 4 * minute).await.unwrap());
    assert_refused(&get(app, &idle, "/me").await, "revoked");
    let log = audit_actions(app, dia.id).await;
    assert!(log.contains(&("api_key.idle_warned".to_string(), format!("vst_{idle_id}"))), "{log:?}");
    assert!(log.contains(&("api_key.revoked_idle".to_string(), format!("vst_{idle_id}"))), "{log:?}");

    // The busy key, last used on day 10: warned on day 33, used on day 35, so not revoked on day 40.
    idle_count(1)(send_due(&app.v, t0 + 33 * DAY_MS + 3 * minute).await.unwrap());
    set("last_used_at", busy_id.clone(), t0 + 35 * DAY_MS).await;
    idle_count(0)(send_due(&app.v, t0 + 40 * DAY_MS + 5 * minute).await.unwrap());
    assert_eq!(get(app, &busy, "/me").await.status.as_u16(), 200);
    // Idle again from day 35: a new warning on day 58.
    set("last_used_at", busy_id.clone(), t0 + 35 * DAY_MS).await;
    idle_count(1)(send_due(&app.v, t0 + 58 * DAY_MS + 3 * minute).await.unwrap());

    app.mail_settled().await;
    let mails = app.mails_to("dia@example.com").await;
    let subjects: Vec<&str> =
        mails.iter().filter_map(|m| m.lines().find(|l| l.starts_with("Subject:") && l.contains("unused"))).collect();
    assert_eq!(subjects.len(), 4, "{subjects:?}");
    assert_eq!(subjects.iter().filter(|s| s.contains("will be revoked in 7 days")).count(), 3, "{subjects:?}");
    assert_eq!(subjects.iter().filter(|s| s.contains("was revoked")).count(), 1, "{subjects:?}");
}
