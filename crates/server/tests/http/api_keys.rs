//! Personal API keys and the REST API under `/api/v1`, over HTTP. Every API call goes through
//! `checked`, which holds each answer to the OpenAPI document (status and body schema) and to the
//! header rules (`Vestibule-Key-Expires` after a key was accepted, the `WWW-Authenticate` challenge).

#[path = "api_keys/bounds.rs"]
mod bounds;
#[path = "api_keys/cache.rs"]
mod cache;
#[path = "api_keys/create.rs"]
mod create;
#[path = "api_keys/hygiene.rs"]
mod hygiene;
#[path = "api_keys/lifecycle.rs"]
mod lifecycle;
#[path = "api_keys/me.rs"]
mod me;
#[path = "api_keys/openapi.rs"]
mod openapi;
#[path = "api_keys/records.rs"]
mod records;
#[path = "api_keys/refusals.rs"]
mod refusals;

pub use bounds::keys_stay_within_the_acting_key;
pub use cache::{other_instances_hear_revocations, revocation_reaches_a_warm_cache, two_processes};
pub use create::{create_list_and_scopes, scope_escalation, validation};
pub use hygiene::{idle_keys, ip_allowlist, ip_allowlist_without_a_proxy, leaked_keys};
pub use lifecycle::{edit_and_delete, operator_limits, platform_scopes, rotation};
pub use me::me_and_preferences;
pub use openapi::openapi_document;
pub use records::{audit_log, secrets_at_rest_and_in_logs};
pub use refusals::{refusals, verify};

use crate::schema;
use crate::support::{PASSWORD, Reply, TestApp};
use reqwest::Method;
use serde_json::{Value, json};
use std::sync::OnceLock;
use vestibule_domain::api_keys::{KeyRefusal, KeyToken, NewKey};
use vestibule_domain::{Account, FieldError, UserError};
use vestibule_service::api_keys::Caller;
use vestibule_service::audit::Origin;

/// The User-Agent of every API call here (the audit log and "last used" record it).
pub const AGENT: &str = "vestibule-tests/1";
pub const DAY_MS: i64 = 86_400_000;

/// `/api/v1/openapi.json` of this app, fetched once per app (apps with other settings, such as
/// declared product preferences, serve other documents).
pub async fn openapi(app: &TestApp) -> &'static Value {
    static DOCS: OnceLock<std::sync::Mutex<std::collections::HashMap<String, &'static Value>>> = OnceLock::new();
    let docs = DOCS.get_or_init(Default::default);
    if let Some(doc) = docs.lock().unwrap().get(&app.base) {
        return doc;
    }
    let reply = app.get(&app.client(), "/api/v1/openapi.json").await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
    let doc: &'static Value = Box::leak(Box::new(reply.json()));
    docs.lock().unwrap().insert(app.base.clone(), doc);
    doc
}

/// An API call: `path` is under `/api/v1`, `key` goes into `Authorization: Bearer`.
pub async fn api(app: &TestApp, method: Method, path: &str, key: Option<&str>, body: Option<Value>) -> Reply {
    let mut request = app.client().request(method, app.url(&format!("/api/v1{path}"))).header("user-agent", AGENT);
    if let Some(key) = key {
        request = request.header("authorization", format!("Bearer {key}"));
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    checked(app, request).await
}

pub async fn get(app: &TestApp, key: &str, path: &str) -> Reply {
    api(app, Method::GET, path, Some(key), None).await
}

pub async fn post(app: &TestApp, key: &str, path: &str, body: Value) -> Reply {
    api(app, Method::POST, path, Some(key), Some(body)).await
}

pub async fn patch(app: &TestApp, key: &str, path: &str, body: Value) -> Reply {
    api(app, Method::PATCH, path, Some(key), Some(body)).await
}

pub async fn delete(app: &TestApp, key: &str, path: &str) -> Reply {
    api(app, Method::DELETE, path, Some(key), None).await
}

/// Sends an API request and holds the answer to what the API promises for every call.
pub async fn checked(app: &TestApp, request: reqwest::RequestBuilder) -> Reply {
    let probe = request.try_clone().expect("a request without a streamed body").build().expect("a valid request");
    let (method, path) = (probe.method().to_string(), probe.url().path().to_string());
    let keyed = probe.headers().contains_key("authorization");
    let reply = app.send(request).await;
    let what = format!("{method} {path} → {} {}", reply.status, reply.body);

    let doc = openapi(app).await;
    let (template, operation) =
        schema::operation(doc, &method, &path).unwrap_or_else(|| panic!("{what}: no such operation in the document"));
    let status = reply.status.as_str();
    let documented = operation["responses"]
        .get(status)
        .unwrap_or_else(|| panic!("{what}: status {status} is not documented for {method} {template}"));
    match documented.pointer("/content/application~1json/schema") {
        Some(schema) => {
            let errors = schema::violations(doc, schema, &reply.json());
            assert!(errors.is_empty(), "{what}: the answer does not fit the document: {errors:#?}");
        }
        None => assert!(reply.body.is_empty(), "{what}: a body the document does not describe"),
    }

    match reply.status.as_u16() {
        401 => {
            assert_eq!(
                reply.header("www-authenticate"),
                Some(r#"Bearer realm="vestibule", error="invalid_token""#),
                "{what}"
            );
            assert_eq!(reply.header("vestibule-key-expires"), None, "{what}");
        }
        // A key used from outside its allowlist was not accepted: it tells nothing of its expiry.
        403 if reply.json()["error"]["code"] == "ip_not_allowed" => {
            assert_eq!(reply.header("vestibule-key-expires"), None, "{what}");
        }
        _ if keyed => {
            let expires =
                reply.header("vestibule-key-expires").unwrap_or_else(|| panic!("{what}: no Vestibule-Key-Expires"));
            assert!(is_rfc3339(expires), "{what}: Vestibule-Key-Expires {expires:?} is not RFC 3339");
        }
        _ => {}
    }
    if reply.status.as_u16() == 403 && reply.json()["error"]["code"] == "ip_not_allowed" {
        assert_eq!(reply.header("www-authenticate"), None, "{what}: the key is fine, its address is not");
    } else if reply.status.as_u16() == 403 {
        let scope = reply.json()["error"]["message"]
            .as_str()
            .and_then(|m| m.strip_prefix("This API key lacks the scope '"))
            .and_then(|m| m.strip_suffix("'."))
            .unwrap_or_else(|| panic!("{what}: a 403 that does not name the scope"))
            .to_string();
        let challenge = format!(r#"Bearer realm="vestibule", error="insufficient_scope", scope="{scope}""#);
        assert_eq!(reply.header("www-authenticate"), Some(challenge.as_str()), "{what}");
    }
    reply
}

/// `2026-11-22T19:05:00Z`, `2026-11-22T19:05:00.123Z` or with an offset like `+01:00`.
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| b.get(range).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let head = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !head {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    let offset = rest.as_bytes();
    rest == "Z"
        || (offset.len() == 6
            && (offset[0] == b'+' || offset[0] == b'-')
            && offset[1..3].iter().all(u8::is_ascii_digit)
            && offset[3] == b':'
            && offset[4..6].iter().all(u8::is_ascii_digit))
}

/// A 401 with this code and the domain's message.
#[track_caller]
pub fn assert_refused(reply: &Reply, code: &str) {
    assert_eq!(reply.status.as_u16(), 401, "{}", reply.body);
    let message = match code {
        "missing" => UserError::Unauthenticated.to_string(),
        "malformed" => KeyRefusal::Malformed.to_string(),
        "unknown" => KeyRefusal::Unknown.to_string(),
        "expired" => KeyRefusal::Expired.to_string(),
        "revoked" => KeyRefusal::Revoked.to_string(),
        other => panic!("no refusal {other}"),
    };
    assert_eq!(reply.json(), json!({"error": {"code": code, "message": message}}));
}

/// A 403 for lacking `scope` (the challenge header is checked in `checked`).
#[track_caller]
pub fn assert_lacks(reply: &Reply, scope: &str) {
    assert_eq!(reply.status.as_u16(), 403, "{}", reply.body);
    let message = UserError::InsufficientScope { scope: scope.into() }.to_string();
    assert_eq!(reply.json(), json!({"error": {"code": "insufficient_scope", "message": message}}));
}

/// A 422 with these field errors, in order, and the messages the page shows for them.
#[track_caller]
pub fn assert_invalid(reply: &Reply, errors: &[(&str, String)]) {
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    let fields: Vec<FieldError> = errors.iter().map(|(f, m)| FieldError::new(f, m.clone())).collect();
    let message = UserError::Invalid(fields).to_string();
    let fields: Vec<Value> = errors.iter().map(|(f, m)| json!({"field": f, "message": m})).collect();
    assert_eq!(
        reply.json(),
        json!({"error": {"code": "invalid", "message": message, "field": errors[0].0, "fields": fields}})
    );
}

/// A 400 for a body that is not the expected JSON.
#[track_caller]
pub fn assert_bad_request(reply: &Reply) {
    assert_eq!(reply.status.as_u16(), 400, "{}", reply.body);
    let error = &reply.json()["error"];
    assert_eq!(error["code"], "bad_request", "{}", reply.body);
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{}", reply.body);
}

/// A 422 for a JSON body of the wrong shape, naming the field at fault (`None`: the body itself).
#[track_caller]
pub fn assert_wrong_shape(reply: &Reply, field: Option<&str>) {
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    let error = &reply.json()["error"];
    assert_eq!(error["code"], "invalid", "{}", reply.body);
    let message = error["message"].as_str().unwrap_or_default();
    match field {
        Some(field) => {
            assert_eq!(error["field"], field, "{}", reply.body);
            assert_eq!(error["fields"], json!([{"field": field, "message": message}]), "{}", reply.body);
            assert!(message.starts_with("The request body does not fit this operation: "), "{}", reply.body);
        }
        None => assert_eq!((error.get("field"), error.get("fields")), (None, None), "{}", reply.body),
    }
}

/// Asserts the shape `vst_<12 base62>.<43 base62><6 base62>` and a valid checksum; returns the id.
#[track_caller]
pub fn key_id(key: &str) -> String {
    let rest = key.strip_prefix("vst_").unwrap_or_else(|| panic!("{key:?} does not start with vst_"));
    let (id, tail) = rest.split_once('.').unwrap_or_else(|| panic!("{key:?} has no '.'"));
    assert_eq!((id.len(), tail.len()), (12, 43 + 6), "{key:?}");
    assert!(id.bytes().chain(tail.bytes()).all(|b| b.is_ascii_alphanumeric()), "{key:?} is not base62");
    assert!(KeyToken::parse(key).is_ok(), "{key:?}: the checksum does not match");
    id.to_string()
}

/// The 43 random characters between the `.` and the checksum.
pub fn secret_part(key: &str) -> &str {
    &key[17..60]
}

/// The key with one character replaced by another base62 character.
pub fn with_typo(key: &str, at: usize) -> String {
    let mut chars: Vec<char> = key.chars().collect();
    chars[at] = if chars[at] == 'a' { 'b' } else { 'a' };
    chars.into_iter().collect()
}

/// A well-formed key with a valid checksum that no database holds; with `id`, one that borrows a
/// real key's id (so only the secret is wrong).
pub fn stranger_key(id: Option<&str>) -> String {
    const ALPHABET: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut bytes: Vec<u8> =
        id.map(|id| id.bytes().map(|c| ALPHABET.find(c as char).unwrap() as u8).collect()).unwrap_or_default();
    // splitmix64 over the clock: no two calls share a secret.
    let mut state = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    bytes.extend(
        std::iter::repeat_with(|| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let z = (state ^ (state >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) as u8
        })
        .take(120),
    );
    KeyToken::from_random(&bytes).expect("enough digits").reveal()
}

/// An account made by the service (no HTTP round trip), with the shared password.
pub async fn user(app: &TestApp, username: &str, admin: bool) -> Account {
    vestibule_service::accounts::create(&app.v, username, &format!("{username}@example.com"), PASSWORD, admin)
        .await
        .unwrap_or_else(|e| panic!("sign up {username}: {e}"))
}

pub async fn account(app: &TestApp, username: &str) -> Account {
    vestibule_service::accounts::find_by_username(&app.v, username).await.unwrap().expect("the account exists")
}

/// A first key for an account, made as the settings page makes it (a session may give any scope),
/// living as long as the installation allows (so the keys it makes in a test may live 30 days).
pub async fn first_key(app: &TestApp, owner: &Account, name: &str, scopes: &[&str]) -> String {
    page_key(app, owner, name, scopes, app.v.settings.key_policy.max_lifetime_days).await
}

/// A key made on the settings page, expiring in `days` days.
pub async fn page_key(app: &TestApp, owner: &Account, name: &str, scopes: &[&str], days: u32) -> String {
    let request = NewKey {
        name: name.into(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        expires_in_days: Some(days),
        expires_on: None,
        allowed_ips: Vec::new(),
    };
    let caller = Caller::session(owner.clone(), Origin::default());
    vestibule_service::api_keys::create(&app.v, &caller, &request)
        .await
        .unwrap_or_else(|e| panic!("create {name}: {e}"))
        .secret
}

/// `POST /keys` with a 30-day expiry; asserts 201 and returns the new key.
pub async fn create_key(app: &TestApp, with: &str, name: &str, scopes: &[&str]) -> String {
    let reply = post(app, with, "/keys", json!({"name": name, "scopes": scopes, "expires_in_days": 30})).await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.body);
    reply.json()["secret"].as_str().expect("a secret").to_string()
}

/// For a change made by another process (the CLI): refused within the key cache's time-to-live
/// (a margin for a slow machine on top; on PostgreSQL the CLI's notification makes it immediate).
pub async fn assert_refused_soon(app: &TestApp, key: &str, code: &str) {
    let limit = vestibule_service::cache::TTL * 2;
    let start = std::time::Instant::now();
    loop {
        let reply = get(app, key, "/me").await;
        if reply.status.as_u16() == 401 || start.elapsed() > limit {
            return assert_refused(&reply, code);
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The key's row: (created_at, expires_at, revoked_at).
pub async fn key_times(app: &TestApp, id: &str) -> (i64, i64, Option<i64>) {
    sqlx::query_as("SELECT created_at, expires_at, revoked_at FROM api_keys WHERE public_id = $1")
        .bind(id)
        .fetch_one(&app.v.db.pool)
        .await
        .unwrap_or_else(|e| panic!("key {id}: {e}"))
}

/// Moves a key's expiry, as if the operator's limit had been higher when it was made.
pub async fn set_expiry(app: &TestApp, id: &str, expires_at: i64) {
    let done = sqlx::query("UPDATE api_keys SET expires_at = $1 WHERE public_id = $2")
        .bind(expires_at)
        .bind(id)
        .execute(&app.v.db.pool);
    assert_eq!(done.await.unwrap().rows_affected(), 1);
    // Written behind the service's back, as another process would: drop what this instance keeps.
    app.v.forget_all();
}

/// Makes the key expired, as if its day had passed.
pub async fn expire(app: &TestApp, id: &str) {
    let done = sqlx::query("UPDATE api_keys SET expires_at = 1 WHERE public_id = $1").bind(id).execute(&app.v.db.pool);
    assert_eq!(done.await.unwrap().rows_affected(), 1);
    app.v.forget_all();
}

/// Ends a rotated-out key's grace period, as if the hour had passed.
pub async fn end_grace(app: &TestApp, id: &str) {
    let past = vestibule_service::now_ms() - 1000;
    let done = sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE public_id = $2 AND replaced_by IS NOT NULL")
        .bind(past)
        .bind(id)
        .execute(&app.v.db.pool);
    assert_eq!(done.await.unwrap().rows_affected(), 1);
    // Written behind the service's back, as another process would: drop what this instance keeps.
    app.v.forget_all();
}
