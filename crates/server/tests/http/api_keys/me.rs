//! `/api/v1/me` and `/api/v1/me/preferences`: the profile and preferences the settings pages edit,
//! with the pages' rules and words.

use super::{account, assert_invalid, assert_lacks, assert_wrong_shape, first_key, get, patch};
use crate::support::TestApp;
use serde_json::json;
use vestibule_domain::ValidationError;
use vestibule_domain::datetime::rfc3339;

pub async fn me_and_preferences(app: &TestApp) {
    let browser = app.client();
    app.signed_up(&browser, "moira", "moira@example.com").await;
    let mo = account(app, "moira").await;
    let key = first_key(app, &mo, "full", &["profile:write", "preferences:write"]).await;
    let reader = first_key(app, &mo, "reader", &["profile:read"]).await;

    let me = get(app, &reader, "/me").await;
    assert_eq!(
        me.json(),
        json!({"id": mo.id, "username": "moira", "full_name": "", "email": "moira@example.com", "email_verified": false, "avatar_url": null,
               "created_at": rfc3339(mo.created_at)})
    );
    assert_lacks(&patch(app, &reader, "/me", json!({"full_name": "Mo"})).await, "profile:write");
    assert_lacks(&get(app, &reader, "/me/preferences").await, "preferences:read");

    let reply = patch(app, &key, "/me", json!({"full_name": "  Moira Farah "})).await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
    assert_eq!(reply.json()["full_name"], "Moira Farah");
    assert_eq!(app.me(&browser).await["full_name"], "Moira Farah", "the page sees the change");

    // The page's rule and the page's words.
    let long = "x".repeat(101);
    let reply = patch(app, &key, "/me", json!({"full_name": long})).await;
    let page = app.call(&browser, "set_full_name", &[("full_name", &long)]).await;
    let page_message = page.json()["Invalid"][0]["message"].as_str().unwrap().to_string();
    assert_eq!(page_message, ValidationError::TooLong { max: 100 }.to_string());
    assert_invalid(&reply, &[("full_name", page_message)]);
    assert_invalid(
        &patch(app, &key, "/me", json!({"full_name": "  "})).await,
        &[("full_name", ValidationError::Required.to_string())],
    );
    assert_invalid(
        &patch(app, &key, "/me", json!({"full_name": "Moira\tFarah"})).await,
        &[("full_name", ValidationError::ControlCharacter.to_string())],
    );
    assert_eq!(get(app, &key, "/me").await.json()["full_name"], "Moira Farah", "refused values change nothing");

    // Unknown fields (the username among them: it never changes) are a bad request.
    assert_wrong_shape(&patch(app, &key, "/me", json!({"nickname": "moira"})).await, Some("nickname"));
    assert_wrong_shape(&patch(app, &key, "/me", json!({"username": "other"})).await, Some("username"));
    assert_wrong_shape(&patch(app, &key, "/me", json!({"full_name": 7})).await, Some("full_name"));
    // An array is no object, though serde would read `MePatch` from one.
    assert_wrong_shape(&patch(app, &key, "/me", json!([null, null])).await, None);
    assert_wrong_shape(&patch(app, &key, "/me", json!("Moira")).await, None);

    // A new address waits for its link.
    assert_invalid(
        &patch(app, &key, "/me", json!({"email": "nope"})).await,
        &[("email", ValidationError::EmailFormat.to_string())],
    );
    let reply = patch(app, &key, "/me", json!({"email": "moira@new.example"})).await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
    assert_eq!(
        (&reply.json()["email"], &reply.json()["pending_email"]),
        (&json!("moira@example.com"), &json!("moira@new.example"))
    );

    let prefs = get(app, &key, "/me/preferences").await;
    assert_eq!(
        prefs.json(),
        json!({"date_format": "us", "time_format": "12h", "time_zone": "UTC", "week_start": "monday",
               "theme": "system", "language": "en", "app": {}}),
        "no product preferences declared: an empty `app`"
    );
    let reply = patch(app, &key, "/me/preferences", json!({"theme": "dark", "time_zone": "europe/berlin"})).await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
    assert_eq!((&reply.json()["theme"], &reply.json()["time_zone"]), (&json!("dark"), &json!("Europe/Berlin")));
    assert_eq!(reply.json()["date_format"], "us", "absent fields stay");
    assert_eq!(app.call(&browser, "my_settings", &[]).await.json()["preferences"]["theme"], "dark");

    let reply = patch(app, &key, "/me/preferences", json!({"theme": "neon", "week_start": "friday"})).await;
    assert_invalid(
        &reply,
        &[
            ("week_start", ValidationError::OneOf { allowed: vec!["monday".into(), "sunday".into()] }.to_string()),
            (
                "theme",
                ValidationError::OneOf { allowed: vec!["light".into(), "dark".into(), "system".into()] }.to_string(),
            ),
        ],
    );
    assert_invalid(
        &patch(app, &key, "/me/preferences", json!({"time_zone": "Mars/Olympus"})).await,
        &[("time_zone", ValidationError::UnknownTimeZone { name: "Mars/Olympus".into() }.to_string())],
    );
    assert_wrong_shape(&patch(app, &key, "/me/preferences", json!({"colour": "red"})).await, Some("colour"));
    assert_wrong_shape(&patch(app, &key, "/me/preferences", json!({"theme": 3})).await, Some("theme"));
    assert_wrong_shape(&patch(app, &key, "/me/preferences", json!([null, null, null, null, null, "dark"])).await, None);
    assert_eq!(get(app, &key, "/me/preferences").await.json()["theme"], "dark");
}
