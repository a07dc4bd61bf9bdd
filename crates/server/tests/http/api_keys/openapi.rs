//! `/api/v1/openapi.json`: OpenAPI 3.1, a bearer scheme, every operation with the scope it really
//! needs, and schemas that real answers fit (every call in these tests is checked in `checked`;
//! here each named schema is met on purpose, and the checker is shown to refuse what does not fit).

use super::{api, checked, create_key, first_key, get, key_id, openapi, patch, post, user};
use crate::schema;
use crate::support::TestApp;
use reqwest::Method;
use serde_json::{Value, json};
use vestibule_domain::EmailAddress;
use vestibule_domain::api_keys::{KeyName, MAX_LIFETIME_DAYS, ScopeCatalog};

/// (method, path, the scope the operation declares and the server asks for)
const OPERATIONS: [(&str, &str, &str); 29] = [
    ("get", "/api/v1/me", "profile:read"),
    ("patch", "/api/v1/me", "profile:write"),
    ("get", "/api/v1/me/preferences", "preferences:read"),
    ("patch", "/api/v1/me/preferences", "preferences:write"),
    ("get", "/api/v1/keys", "api-keys:read"),
    ("post", "/api/v1/keys", "api-keys:write"),
    ("get", "/api/v1/keys/{id}", "api-keys:read"),
    ("patch", "/api/v1/keys/{id}", "api-keys:write"),
    ("delete", "/api/v1/keys/{id}", "api-keys:write"),
    ("post", "/api/v1/keys/{id}/rotate", "api-keys:write"),
    ("post", "/api/v1/keys/verify", "keys:verify"),
    ("get", "/api/v1/me/notifications", "notifications:read"),
    ("patch", "/api/v1/me/notifications", "notifications:write"),
    ("post", "/api/v1/events", "events:write"),
    ("get", "/api/v1/webhooks", "webhooks:read"),
    ("post", "/api/v1/webhooks", "webhooks:write"),
    ("get", "/api/v1/webhooks/event-types", "webhooks:read"),
    ("get", "/api/v1/webhooks/{id}", "webhooks:read"),
    ("patch", "/api/v1/webhooks/{id}", "webhooks:write"),
    ("delete", "/api/v1/webhooks/{id}", "webhooks:write"),
    ("post", "/api/v1/webhooks/{id}/rotate-secret", "webhooks:write"),
    ("post", "/api/v1/webhooks/{id}/test", "webhooks:write"),
    ("get", "/api/v1/webhooks/{id}/deliveries", "webhooks:read"),
    ("post", "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver", "webhooks:write"),
    ("post", "/api/v1/webhooks/{id}/redeliver-failed", "webhooks:write"),
    ("post", "/api/v1/webhooks/events", "events:write"),
    ("get", "/api/v1/users/{username}/git-tokens", "git-tokens:read"),
    ("get", "/api/v1/users/{username}/git-tokens/{id}", "git-tokens:read"),
    ("get", "/api/v1/users/{username}/preferences", "users:read"),
];

fn schemas_of(doc: &Value) -> &Value {
    &doc["components"]["schemas"]
}

/// A body each operation accepts as JSON, so that only the scope check can refuse it.
fn body_for(method: &str, path: &str) -> Option<Value> {
    match (method, path) {
        ("post", "/api/v1/keys") => Some(json!({"name": "x", "scopes": ["audit:read"], "expires_in_days": 1})),
        ("post", "/api/v1/keys/verify") => Some(json!({"key": "vst_x"})),
        ("post", "/api/v1/events") => Some(crate::notifications::event("e-1", "build.failed", "git", &["olga"])),
        ("post", "/api/v1/webhooks") => Some(json!({"url": "https://hooks.example.com", "events": ["build.failed"]})),
        ("post", "/api/v1/webhooks/{id}/test") => Some(json!({"event": "build.failed"})),
        ("post", "/api/v1/webhooks/events") => Some(json!({"type": "deploy.done", "recipients": ["olga"], "data": {}})),
        ("post", "/api/v1/webhooks/{id}/redeliver-failed") => {
            Some(json!({"from": "2026-01-01T00:00:00Z", "to": "2026-01-02T00:00:00Z"}))
        }
        ("patch", _) | ("post", _) => Some(json!({})),
        _ => None,
    }
}

pub async fn openapi_document(app: &TestApp) {
    let reply = app.get(&app.client(), "/api/v1/openapi.json").await;
    assert_eq!(reply.status.as_u16(), 200, "no key needed: {}", reply.body);
    assert!(reply.header("content-type").is_some_and(|c| c.starts_with("application/json")));
    let doc = openapi(app).await;
    assert_eq!(&reply.json(), doc);
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{}", doc["openapi"]);
    let bearer = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!((&bearer["type"], &bearer["scheme"]), (&json!("http"), &json!("bearer")), "{bearer}");

    // Exactly these operations, each with its scope, each documenting its error shape.
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.push((method.clone(), path.clone()));
        }
    }
    documented.sort();
    let mut expected: Vec<(String, String)> =
        OPERATIONS.iter().map(|(m, p, _)| (m.to_string(), p.to_string())).collect();
    // The one public operation: whoever finds a key reports it, with no key of their own.
    expected.push(("post".into(), "/api/v1/keys/revoke-leaked".into()));
    expected.sort();
    let report = &doc["paths"]["/api/v1/keys/revoke-leaked"]["post"];
    assert_eq!(report.get("security"), None, "the leak report needs no key");
    assert_eq!(report["responses"]["202"]["headers"].get("Vestibule-Key-Expires"), None);
    assert_eq!(schemas_of(doc)["LeakReport"]["additionalProperties"], json!(false));
    assert_eq!(documented, expected);
    for (method, path, scope) in OPERATIONS {
        let op = &doc["paths"][path][method];
        assert_eq!(op["security"], json!([{"bearer": [scope]}]), "{method} {path}");
        for status in ["401", "403"] {
            let schema = op["responses"][status].pointer("/content/application~1json/schema");
            assert_eq!(schema, Some(&json!({"$ref": "#/components/schemas/ErrorBody"})), "{method} {path} {status}");
        }
    }
    for name in
        ["Me", "Preferences", "Key", "NewSecret", "VerifyAnswer", "ErrorBody", "NewKey", "KeyChanges", "Rotation"]
    {
        assert!(doc["components"]["schemas"].get(name).is_some(), "no schema {name}");
    }

    // Enumerations list what the wire carries (`us`, not the Rust name `Us`).
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["DateFormat"]["enum"], json!(["us", "international", "iso"]));
    assert_eq!(schemas["TimeFormat"]["enum"], json!(["12h", "24h"]));
    assert_eq!(schemas["Theme"]["enum"], json!(["light", "dark", "system"]));

    // Request bodies state what the domain enforces, from the domain's own constants.
    let property = |schema: &str, name: &str| schemas[schema]["properties"][name].clone();
    assert_eq!(property("PreferencesPatch", "week_start")["enum"], json!(["monday", "sunday", null]));
    let zones = property("PreferencesPatch", "time_zone")["enum"].as_array().unwrap().clone();
    assert!(zones.contains(&json!("Europe/Berlin")) && zones.len() > 300, "{} zones", zones.len());
    assert_eq!(property("Rotation", "grace")["enum"], json!(["none", "1h", "24h", "7d", null]));
    let days = property("NewKey", "expires_in_days");
    assert_eq!((&days["minimum"], &days["maximum"]), (&json!(1), &json!(MAX_LIFETIME_DAYS)));
    let names: Vec<String> = ScopeCatalog::default().scopes.into_iter().map(|s| s.name).collect();
    assert_eq!(property("NewKey", "scopes")["items"]["enum"], json!(names));
    assert_eq!(property("MePatch", "email")["maxLength"], json!(EmailAddress::MAX));
    let events = property("NewWebhook", "events")["items"]["enum"].clone();
    assert_eq!(events, json!(vestibule_domain::webhooks::EVENT_TYPES));
    for name in [
        "MePatch",
        "PreferencesPatch",
        "NewKey",
        "KeyChanges",
        "Rotation",
        "VerifyRequest",
        "NewWebhook",
        "WebhookChanges",
    ] {
        assert_eq!(schemas[name]["additionalProperties"], json!(false), "{name}");
    }
    // What an OpenAPI fuzzer sent as valid and the server refused is invalid by the document now;
    // what the server takes fits it.
    let fits = |schema: &str, body: Value| schema::violations(doc, &schemas[schema], &body);
    for (schema, body) in [
        ("PreferencesPatch", json!({"week_start": ""})),
        ("NewKey", json!({"name": "ci", "scopes": ["profile:read"], "expires_in_days": 0})),
        ("NewKey", json!({"name": "", "scopes": ["profile:read"], "expires_in_days": 30})),
        ("NewKey", json!({"name": " \t ", "scopes": ["profile:read"], "expires_in_days": 30})),
        ("NewKey", json!({"name": "k".repeat(KeyName::MAX + 1), "scopes": ["profile:read"], "expires_in_days": 30})),
        ("NewKey", json!({"name": "a\u{7}b", "scopes": ["profile:read"], "expires_in_days": 30})),
        ("NewKey", json!({"name": "ci", "scopes": [], "expires_in_days": 30})),
        ("NewKey", json!({"name": "ci", "scopes": ["profile:read"]})),
        (
            "NewKey",
            json!({"name": "ci", "scopes": ["profile:read"], "expires_in_days": 30, "expires_on": "2027-01-31"}),
        ),
        ("Rotation", json!({"expires_in_days": 30, "grace": ""})),
        ("MePatch", json!([null, null])),
        ("MePatch", json!({"full_name": ""})),
        ("KeyChanges", json!([null, null])),
        ("KeyChanges", json!({"name": "x", "expires_in_days": 3})),
        ("NewWebhook", json!({"url": "https://h.example", "events": []})),
        ("NewWebhook", json!({"url": "https://h.example", "events": ["nope.nope"]})),
        ("NewWebhook", json!({"url": "https://h.example", "events": ["build.failed"], "description": "a\u{7}b"})),
    ] {
        assert!(!fits(schema, body.clone()).is_empty(), "{schema} should refuse {body}");
    }
    for (schema, body) in [
        ("PreferencesPatch", json!({"week_start": "sunday", "time_zone": "Europe/Berlin", "theme": null})),
        ("NewKey", json!({"name": " CI deploy\n", "scopes": ["profile:read"], "expires_in_days": MAX_LIFETIME_DAYS})),
        ("NewKey", json!({"name": "k".repeat(KeyName::MAX), "scopes": ["keys:verify"], "expires_on": "2027-01-31"})),
        ("NewKey", json!({"name": "ci", "scopes": ["profile:read"], "expires_in_days": 30, "expires_on": " "})),
        ("Rotation", json!({"expires_on": "2027-01-31", "expires_in_days": null, "grace": "7d"})),
        ("MePatch", json!({"full_name": "  Ada Lovelace ", "email": "ada@example.com"})),
        ("KeyChanges", json!({})),
        ("NewWebhook", json!({"url": "https://h.example", "events": ["build.failed"], "description": " "})),
        ("WebhookChanges", json!({"enabled": true})),
    ] {
        assert_eq!(fits(schema, body.clone()), Vec::<String>::new(), "{schema} should take {body}");
    }

    // The scope each operation declares is the one the server asks for.
    let owner = user(app, "olga", false).await;
    let weak = first_key(app, &owner, "weak", &["audit:read"]).await;
    let id = key_id(&weak);
    for (method, path, scope) in OPERATIONS {
        let url = app.url(&path.replace("{id}", &id).replace("{delivery}", "1"));
        let mut request = app.client().request(method.to_uppercase().parse().unwrap(), url).bearer_auth(&weak);
        if let Some(body) = body_for(method, path) {
            request = request.json(&body);
        }
        super::assert_lacks(&checked(app, request).await, scope);
    }

    // Each named schema against a real answer (`checked` validates every one of these).
    let admin = user(app, "root", true).await;
    let verifier = first_key(app, &admin, "verifier", &["keys:verify"]).await;
    let all = first_key(app, &owner, "all", &["profile:read", "preferences:read", "api-keys:write"]).await;
    let me = get(app, &all, "/me").await; // Me
    get(app, &all, "/me/preferences").await; // Preferences
    let new = post(app, &all, "/keys", json!({"name": "new", "scopes": ["profile:read"], "expires_in_days": 30})).await; // NewSecret
    assert_eq!(new.status.as_u16(), 201, "{}", new.body);
    let list = get(app, &all, "/keys").await; // [Key]
    post(app, &verifier, "/keys/verify", json!({"key": all})).await; // VerifyAnswer, valid
    post(app, &verifier, "/keys/verify", json!({"key": "vst_nope"})).await; // VerifyAnswer, invalid
    api(app, Method::GET, "/me", Some("vst_nope"), None).await; // ErrorBody 401
    get(app, &verifier, "/me").await; // ErrorBody 403
    patch(app, &all, "/me/preferences", json!({})).await; // ErrorBody 403 (read only)
    let invalid = post(app, &all, "/keys", json!({"name": "", "scopes": [], "expires_in_days": 0})).await; // ErrorBody 422
    assert_eq!(invalid.status.as_u16(), 422);
    create_key(app, &all, "second", &["profile:read"]).await;
    let used = get(app, &all, "/keys").await; // [Key] with last_used filled in
    assert!(used.json().as_array().unwrap().iter().any(|k| !k["last_used"].is_null()), "{}", used.body);

    // The checker is not a rubber stamp: it refuses answers that break the schema.
    let schema_of = |method: &str, path: &str, status: &str| {
        doc["paths"][path][method]["responses"][status].pointer("/content/application~1json/schema").unwrap().clone()
    };
    let mut no_secret = new.json();
    no_secret.as_object_mut().unwrap().remove("secret");
    assert!(!schema::violations(doc, &schema_of("post", "/api/v1/keys", "201"), &no_secret).is_empty());
    let mut bad_list = list.json();
    bad_list[0]["scopes"] = json!("profile:read");
    assert!(!schema::violations(doc, &schema_of("get", "/api/v1/keys", "200"), &bad_list).is_empty());
    let mut bad_me = me.json();
    bad_me["id"] = json!("1");
    assert!(!schema::violations(doc, &schema_of("get", "/api/v1/me", "200"), &bad_me).is_empty());
    let bad_error = json!({"error": {"code": 401}});
    assert!(!schema::violations(doc, &schema_of("get", "/api/v1/me", "401"), &bad_error).is_empty());
    let bad_verdict = json!({"reason": "expired"});
    assert!(!schema::violations(doc, &schema_of("post", "/api/v1/keys/verify", "200"), &bad_verdict).is_empty());
}
