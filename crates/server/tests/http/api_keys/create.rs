//! Creating keys over REST: the answer, the list without secrets, scopes, and every refused request.

use super::{
    DAY_MS, api, assert_bad_request, assert_invalid, assert_lacks, assert_wrong_shape, create_key, first_key, get,
    key_id, key_times, patch, post, secret_part, user,
};
use crate::support::TestApp;
use reqwest::Method;
use serde_json::{Value, json};
use vestibule_domain::ValidationError;
use vestibule_domain::datetime::{format_date, rfc3339};
use vestibule_domain::{DateFormat, Preferences, PreferencesPatch};

const KEY_FIELDS: [&str; 11] = [
    "id",
    "name",
    "hint",
    "scopes",
    "status",
    "created_at",
    "expires_at",
    "retires_at",
    "last_used",
    "allowed_ips",
    "hygiene",
];

fn field_names(value: &Value) -> Vec<String> {
    let mut names: Vec<String> = value.as_object().expect("an object").keys().cloned().collect();
    names.sort();
    names
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    names.sort();
    names
}

/// A date `days` from today as `YYYY-MM-DD` (UTC, every new user's zone).
fn date_in(days: i64) -> String {
    let iso = Preferences { date_format: DateFormat::Iso, ..Default::default() };
    format_date(vestibule_service::now_ms() + days * DAY_MS, &iso)
}

/// 201 with the key once; lists never show it; scopes decide what a key may do, write implying read.
pub async fn create_list_and_scopes(app: &TestApp) {
    let ada = user(app, "ada", false).await;
    // A key hands on only what it holds (see `scope_escalation`).
    let manager = first_key(app, &ada, "manager", &["api-keys:write", "profile:read", "preferences:write"]).await;

    let body = json!({"name": "  CI deploy ", "scopes": ["profile:read", "preferences:write"], "expires_in_days": 30});
    let reply = post(app, &manager, "/keys", body).await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.body);
    let created = reply.json();
    let mut expected_fields = KEY_FIELDS.to_vec();
    expected_fields.push("secret");
    assert_eq!(field_names(&created), sorted(&expected_fields));
    let key = created["secret"].as_str().unwrap().to_string();
    let id = key_id(&key);
    assert_eq!(created["id"], id);
    assert_eq!(created["name"], "CI deploy", "the name is trimmed");
    assert_eq!(created["scopes"], json!(["preferences:write", "profile:read"]));
    assert_eq!(created["status"], "active");
    assert_eq!(created["hint"], format!("vst_….{}…", &secret_part(&key)[..5]));
    assert_eq!((&created["retires_at"], &created["last_used"]), (&Value::Null, &Value::Null));
    let (created_at, expires_at, revoked_at) = key_times(app, &id).await;
    assert_eq!((expires_at - created_at, revoked_at), (30 * DAY_MS, None));
    assert_eq!(created["created_at"], rfc3339(created_at));
    assert_eq!(created["expires_at"], rfc3339(expires_at));
    // The manager's own answer carries the manager's expiry, not the new key's.
    let manager_expires = rfc3339(key_times(app, &key_id(&manager)).await.1);
    assert_eq!(reply.header("vestibule-key-expires"), Some(manager_expires.as_str()));

    // The new key works at once; its answers say when it expires.
    let me = get(app, &key, "/me").await;
    assert_eq!(me.status.as_u16(), 200, "{}", me.body);
    assert_eq!(me.json()["username"], "ada");
    assert_eq!(me.header("vestibule-key-expires"), Some(rfc3339(expires_at).as_str()));
    // preferences:write implies preferences:read; nothing implies what the key lacks.
    assert_eq!(get(app, &key, "/me/preferences").await.status.as_u16(), 200);
    assert_eq!(patch(app, &key, "/me/preferences", json!({"theme": "dark"})).await.json()["theme"], "dark");
    assert_lacks(&patch(app, &key, "/me", json!({"full_name": "Ada"})).await, "profile:write");
    assert_lacks(&get(app, &key, "/keys").await, "api-keys:read");
    assert_lacks(&get(app, &key, &format!("/keys/{id}")).await, "api-keys:read");
    assert_lacks(
        &post(app, &key, "/keys", json!({"name": "x", "scopes": ["profile:read"], "expires_in_days": 1})).await,
        "api-keys:write",
    );
    assert_lacks(&patch(app, &manager, "/me", json!({"full_name": "Ada"})).await, "profile:write");

    // api-keys:write lists (write implies read): newest first, never a secret.
    let list = get(app, &manager, "/keys").await;
    assert_eq!(list.status.as_u16(), 200, "{}", list.body);
    let keys = list.json().as_array().cloned().unwrap();
    let names: Vec<&str> = keys.iter().map(|k| k["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["CI deploy", "manager"]);
    for secret in [&key, &manager] {
        assert!(!list.body.contains(secret.as_str()) && !list.body.contains(secret_part(secret)), "{}", list.body);
    }
    for listed in &keys {
        assert_eq!(field_names(listed), sorted(&KEY_FIELDS), "{listed}");
    }
    // The use above shows at once as "last used", with where it came from.
    let used = &keys[0]["last_used"];
    assert_eq!((&used["ip"], &used["user_agent"]), (&json!("127.0.0.1"), &json!(super::AGENT)), "{used}");
    assert!(super::is_rfc3339(used["at"].as_str().unwrap()), "{used}");

    // Uses are written once a minute; written or not, the list shows the same.
    assert!(vestibule_service::api_keys::flush_usage(&app.v).await.unwrap() >= 1);
    let stored: (Option<String>, Option<String>) =
        sqlx::query_as("SELECT last_used_ip, last_used_agent FROM api_keys WHERE public_id = $1")
            .bind(&id)
            .fetch_one(&app.v.db.pool)
            .await
            .unwrap();
    assert_eq!(stored, (Some("127.0.0.1".into()), Some(super::AGENT.into())));

    let one = get(app, &manager, &format!("/keys/{id}")).await;
    assert_eq!(one.status.as_u16(), 200, "{}", one.body);
    assert_eq!(one.json(), keys[0]);
    assert!(!one.body.contains(secret_part(&key)));
    // The public id may come with its prefix.
    assert_eq!(get(app, &manager, &format!("/keys/vst_{id}")).await.json()["id"], id);

    // A custom last day, and a key expiring within a week says so.
    let reply =
        post(app, &manager, "/keys", json!({"name": "short", "scopes": ["profile:read"], "expires_on": date_in(3)}))
            .await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.body);
    assert_eq!(reply.json()["status"], "expiring");
    assert!(reply.json()["expires_at"].as_str().unwrap().ends_with("T23:59:59.999Z"), "{}", reply.body);
}

/// Every rule of a new key, with the page's words, one entry per field at fault.
pub async fn validation(app: &TestApp) {
    let cy = user(app, "cyril", false).await;
    let manager = first_key(app, &cy, "manager", &["api-keys:write", "profile:write"]).await;
    let create = |body: Value| {
        let manager = manager.clone();
        async move { post(app, &manager, "/keys", body).await }
    };
    let too_late = ValidationError::ExpiryTooLate { max_days: 365 }.to_string();
    assert_eq!(too_late, "Keys may live at most 365 days. Choose an earlier expiry.");

    let reply = create(json!({"name": "a", "scopes": ["profile:read"], "expires_in_days": 366})).await;
    assert_invalid(&reply, &[("expires", too_late.clone())]);
    let reply = create(json!({"name": "a", "scopes": ["profile:read"], "expires_on": date_in(366)})).await;
    assert_invalid(&reply, &[("expires", too_late.clone())]);
    let reply = create(json!({"name": "a", "scopes": ["profile:read"], "expires_on": "2020-01-31"})).await;
    assert_invalid(&reply, &[("expires", ValidationError::ExpiryPast.to_string())]);
    let reply = create(json!({"name": "a", "scopes": ["profile:read"], "expires_on": "next friday"})).await;
    assert_invalid(&reply, &[("expires", ValidationError::DateFormat.to_string())]);
    let required = ValidationError::Required.to_string();
    let reply = create(json!({"name": "a", "scopes": ["profile:read"]})).await;
    assert_invalid(&reply, &[("expires", required.clone())]);
    let both = json!({"name": "a", "scopes": ["profile:read"], "expires_in_days": 30, "expires_on": date_in(30)});
    assert_invalid(&create(both).await, &[("expires", required.clone())]);

    assert_invalid(
        &create(json!({"name": "  ", "scopes": ["profile:read"], "expires_in_days": 30})).await,
        &[("name", required.clone())],
    );
    let long = "k".repeat(65);
    let reply = create(json!({"name": long, "scopes": ["profile:read"], "expires_in_days": 30})).await;
    assert_invalid(&reply, &[("name", ValidationError::TooLong { max: 64 }.to_string())]);
    let reply = create(json!({"name": "two\nlines", "scopes": ["profile:read"], "expires_in_days": 30})).await;
    assert_invalid(&reply, &[("name", ValidationError::ControlCharacter.to_string())]);

    let reply = create(json!({"name": "a", "scopes": [], "expires_in_days": 30})).await;
    assert_invalid(&reply, &[("scopes", ValidationError::NoScope.to_string())]);
    let reply = create(json!({"name": "a", "scopes": ["profile:read", "profile:delete"], "expires_in_days": 30})).await;
    assert_invalid(&reply, &[("scopes", ValidationError::UnknownScope { name: "profile:delete".into() }.to_string())]);
    let reply = create(json!({"name": "a", "scopes": ["keys:verify"], "expires_in_days": 30})).await;
    assert_invalid(&reply, &[("scopes", ValidationError::ScopeNotAllowed { name: "keys:verify".into() }.to_string())]);

    // Every field at once, in the form's order.
    let reply = create(json!({"name": "", "scopes": [], "expires_in_days": 366})).await;
    assert_invalid(
        &reply,
        &[("name", required.clone()), ("scopes", ValidationError::NoScope.to_string()), ("expires", too_late)],
    );

    // The limits themselves are allowed: 64 characters, 365 days, the last allowed day (asked for by
    // a key that outlives them: keys made by keys never outlive their maker, see `bounds`).
    super::set_expiry(app, &key_id(&manager), vestibule_service::now_ms() + 400 * DAY_MS).await;
    let at_limit = "k".repeat(64);
    create_ok(&create(json!({"name": at_limit, "scopes": ["profile:read"], "expires_in_days": 365})).await);
    create_ok(&create(json!({"name": "last day", "scopes": ["profile:read"], "expires_on": date_in(365)})).await);

    // Names are unique per user (after trimming); another user may use the same name.
    create_ok(&create(json!({"name": "dup", "scopes": ["profile:read"], "expires_in_days": 30})).await);
    let reply = create(json!({"name": " dup ", "scopes": ["profile:read"], "expires_in_days": 30})).await;
    assert_invalid(&reply, &[("name", "You already have a key named 'dup'.".to_string())]);
    let dee = user(app, "deena", false).await;
    let dees = first_key(app, &dee, "manager", &["api-keys:write", "profile:read"]).await;
    create_key(app, &dees, "dup", &["profile:read"]).await;

    // JSON of the wrong shape: 422 naming the field; not JSON at all: 400. Both in the same error shape.
    let reply = create(json!({"name": "a", "scopes": ["profile:read"], "expires_in_days": 30, "colour": "red"})).await;
    assert_wrong_shape(&reply, Some("colour"));
    let reply = create(json!({"name": "a", "scopes": "profile:read", "expires_in_days": 30})).await;
    assert_wrong_shape(&reply, Some("scopes"));
    let reply = create(json!({"name": "a", "scopes": ["profile:read"], "expires_in_days": -1})).await;
    assert_wrong_shape(&reply, Some("expires_in_days"));
    assert_wrong_shape(&create(json!({"scopes": ["profile:read"], "expires_in_days": 30})).await, None);
    // serde would read the struct from an array: only an object is one.
    for body in [json!(["a", ["profile:read"], 30, null]), json!("a"), json!(30), json!(null), json!(true)] {
        assert_wrong_shape(&create(body).await, None);
    }
    let broken = app
        .client()
        .post(app.url("/api/v1/keys"))
        .bearer_auth(&manager)
        .header("content-type", "application/json")
        .body("{\"name\":");
    assert_bad_request(&super::checked(app, broken).await);
    let not_json = app.client().post(app.url("/api/v1/keys")).bearer_auth(&manager).body("name=a");
    assert_bad_request(&super::checked(app, not_json).await);

    // A custom day ends at midnight in the user's time zone (UTC+14 here).
    let zone = PreferencesPatch { time_zone: Some("Pacific/Kiritimati".into()), ..Default::default() };
    vestibule_service::preferences::update(&app.v, cy.id, &zone).await.unwrap();
    let day = date_in(10);
    let reply = create(json!({"name": "zoned", "scopes": ["profile:read"], "expires_on": day})).await;
    create_ok(&reply);
    assert_eq!(reply.json()["expires_at"], format!("{day}T09:59:59.999Z"));

    // Only the accepted requests made keys.
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_keys WHERE user_id = $1")
        .bind(cy.id)
        .fetch_one(&app.v.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 5, "manager, the 64-character name, last day, dup, zoned");
}

#[track_caller]
fn create_ok(reply: &crate::support::Reply) {
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.body);
}

/// A key hands on only scopes it holds: not when creating, editing or rotating.
pub async fn scope_escalation(app: &TestApp) {
    let di = user(app, "diana", false).await;
    let limited = first_key(app, &di, "limited", &["api-keys:write", "profile:read"]).await;
    let strong = first_key(app, &di, "strong", &["profile:write"]).await;
    let strong_id = key_id(&strong);

    let ask = |scopes: Value| json!({"name": "child", "scopes": scopes, "expires_in_days": 30});
    assert_lacks(&post(app, &limited, "/keys", ask(json!(["profile:write"]))).await, "profile:write");
    assert_lacks(
        &post(app, &limited, "/keys", ask(json!(["profile:read", "preferences:read"]))).await,
        "preferences:read",
    );
    // A subset is fine, read scopes implied by its write scopes too.
    let child = create_key(app, &limited, "child", &["profile:read", "api-keys:read"]).await;
    let child_id = key_id(&child);
    create_key(app, &limited, "twin", &["api-keys:write", "profile:read"]).await;

    assert_lacks(
        &patch(app, &limited, &format!("/keys/{child_id}"), json!({"scopes": ["profile:write"]})).await,
        "profile:write",
    );
    // Not even renaming or rotating a key that holds more than this one.
    assert_lacks(
        &patch(app, &limited, &format!("/keys/{strong_id}"), json!({"name": "mine now"})).await,
        "profile:write",
    );
    let rotate = json!({"expires_in_days": 30, "grace": "none"});
    assert_lacks(&post(app, &limited, &format!("/keys/{strong_id}/rotate"), rotate).await, "profile:write");

    let shown = get(app, &limited, &format!("/keys/{strong_id}")).await.json();
    assert_eq!((&shown["name"], &shown["scopes"]), (&json!("strong"), &json!(["profile:write"])));
    assert_eq!(get(app, &strong, "/me").await.status.as_u16(), 200, "the strong key still works");
    let child_now = api(app, Method::GET, &format!("/keys/{child_id}"), Some(&limited), None).await.json();
    assert_eq!(child_now["scopes"], json!(["api-keys:read", "profile:read"]));
}
