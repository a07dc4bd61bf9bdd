//! What a key may do to keys: the keys it makes, rotates or edits never outlive it, and it touches
//! no key holding a scope it lacks. Sessions (the page) and the CLI are not bound by a key.

use super::{DAY_MS, assert_invalid, assert_lacks, delete, first_key, get, key_id, key_times, page_key, patch, post};
use crate::support::TestApp;
use serde_json::json;
use vestibule_domain::ValidationError;
use vestibule_domain::datetime::rfc3339;

pub async fn keys_stay_within_the_acting_key(app: &TestApp) {
    let kim = super::user(app, "kim", false).await;
    let scopes = ["api-keys:write", "profile:write"];
    let short = page_key(app, &kim, "short", &scopes, 1).await;
    let (_, short_end, _) = key_times(app, &key_id(&short)).await;
    let outlives = ValidationError::ExpiryOutlivesKey { until: rfc3339(short_end) }.to_string();

    // Creating: a longer life than the acting key's is refused, by days or by date.
    let ask = |expiry: serde_json::Value| {
        let mut body = json!({"name": "child", "scopes": ["profile:read"]});
        body.as_object_mut().unwrap().extend(expiry.as_object().unwrap().clone());
        body
    };
    for expiry in [json!({"expires_in_days": 365}), json!({"expires_in_days": 1}), json!({"expires_on": date_in(2)})] {
        let reply = post(app, &short, "/keys", ask(expiry)).await;
        assert_invalid(&reply, &[("expires", outlives.clone())]);
    }
    // Ending with the day (UTC, kim's zone) is fine: that is before the short key ends.
    let reply = post(app, &short, "/keys", ask(json!({"expires_on": date_in(0)}))).await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.body);
    let child_end = key_times(app, &key_id(reply.json()["secret"].as_str().unwrap())).await.1;
    assert!(child_end <= short_end);

    // Rotating: the successor expires with the acting key at the latest, whatever was asked.
    let long = first_key(app, &kim, "long", &["profile:read"]).await;
    let reply = post(app, &short, &format!("/keys/{}/rotate", key_id(&long)), json!({"expires_in_days": 90})).await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.body);
    assert_eq!(reply.json()["expires_at"], rfc3339(short_end));
    let successor = reply.json()["secret"].as_str().unwrap().to_string();
    assert_eq!(key_times(app, &key_id(&successor)).await.1, short_end);
    // A key rotating itself keeps its end.
    let reply = post(app, &short, &format!("/keys/{}/rotate", key_id(&short)), json!({"expires_in_days": 365})).await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.body);
    assert_eq!(reply.json()["expires_at"], rfc3339(short_end));
    let short = reply.json()["secret"].as_str().unwrap().to_string();

    // Editing: the edited key's expiry is brought forward to the acting key's.
    let other = first_key(app, &kim, "other", &["profile:read"]).await;
    let reply = patch(app, &short, &format!("/keys/{}", key_id(&other)), json!({"name": "renamed"})).await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
    assert_eq!(reply.json()["expires_at"], rfc3339(short_end));
    assert_eq!(key_times(app, &key_id(&other)).await.1, short_end);

    // The page and the CLI are not bound by any key.
    let page = first_key(app, &kim, "page", &["profile:read"]).await;
    let (created, expires, _) = key_times(app, &key_id(&page)).await;
    assert_eq!(expires - created, 365 * DAY_MS);
    let out = app
        .cli(
            &["key", "create", "--user", "kim", "--name", "cli", "--scope", "profile:read", "--expires-in", "365d"],
            "",
        )
        .await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // A key touches no key holding a scope it lacks: not to edit (even to fewer scopes), rotate or delete.
    let strong = first_key(app, &kim, "strong", &["profile:write", "preferences:write"]).await;
    let strong_path = format!("/keys/{}", key_id(&strong));
    let before = key_times(app, &key_id(&strong)).await;
    assert_lacks(&patch(app, &short, &strong_path, json!({"scopes": ["profile:read"]})).await, "preferences:write");
    assert_lacks(&patch(app, &short, &strong_path, json!({"name": "weakened"})).await, "preferences:write");
    let rotate = json!({"expires_in_days": 1});
    assert_lacks(&post(app, &short, &format!("{strong_path}/rotate"), rotate).await, "preferences:write");
    assert_lacks(&delete(app, &short, &strong_path).await, "preferences:write");
    assert_eq!(key_times(app, &key_id(&strong)).await, before, "untouched");
    assert_eq!(get(app, &strong, "/me").await.status.as_u16(), 200, "and still working");
    let listed = vestibule_service::api_keys::get(&app.v, kim.id, &key_id(&strong)).await.unwrap();
    assert_eq!(
        (listed.name.as_str(), listed.scopes.to_stored().as_str()),
        ("strong", "preferences:write profile:write")
    );

    // A key holding every scope of the other may delete it.
    let master = first_key(app, &kim, "master", &["api-keys:write", "profile:write", "preferences:write"]).await;
    assert_eq!(delete(app, &master, &strong_path).await.status.as_u16(), 204);
}

/// A date `days` from today as `YYYY-MM-DD` (UTC).
fn date_in(days: i64) -> String {
    vestibule_domain::datetime::rfc3339(vestibule_service::now_ms() + days * DAY_MS)[..10].to_string()
}
