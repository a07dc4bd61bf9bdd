//! The host product's own preferences (#14), declared in `end2end/fixtures/preferences.toml`:
//! read and changed through `/api/v1/me/preferences` and the page's server functions with the same
//! checks and words, read by the platform with `users:read`, described in the OpenAPI document.

use crate::api_keys::{first_key, get, patch, user};
use crate::support::TestApp;
use serde_json::{Value, json};
use vestibule_domain::ValidationError;

/// The file the app under test reads (`VESTIBULE_APP_PREFERENCES`).
pub const DECLARED: (&str, &str) =
    ("VESTIBULE_APP_PREFERENCES", concat!(env!("CARGO_MANIFEST_DIR"), "/../../end2end/fixtures/preferences.toml"));

fn fields(reply: &crate::support::Reply) -> Vec<(String, String)> {
    reply.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_string(), f["message"].as_str().unwrap().to_string()))
        .collect()
}

pub async fn declared_checked_and_shared(app: &TestApp) {
    let ida = user(app, "ida", false).await;
    let key = first_key(app, &ida, "prefs", &["preferences:write"]).await;
    let defaults = get(app, &key, "/me/preferences").await.json();
    assert_eq!(
        defaults["app"],
        json!({"group_entries": true, "project_list": "expanded", "page_size": 50, "entry_note": ""})
    );
    assert_eq!(defaults["theme"], "system", "the display preferences beside them");

    // Every bad field named, the product's as app.<key>, and nothing changes.
    let bad =
        patch(app, &key, "/me/preferences", json!({"theme": "neon", "app": {"page_size": 5, "colour": "red"}})).await;
    assert_eq!(bad.status.as_u16(), 422, "{}", bad.body);
    let range = ValidationError::NumberRange { min: 10, max: 200 }.to_string();
    let named: Vec<String> = fields(&bad).into_iter().map(|(f, _)| f).collect();
    assert_eq!(named, ["theme", "app.colour", "app.page_size"]);
    assert!(fields(&bad).contains(&("app.page_size".into(), range.clone())));
    let long = patch(app, &key, "/me/preferences", json!({"app": {"entry_note": "x".repeat(41)}})).await;
    assert_eq!(fields(&long), [("app.entry_note".to_string(), ValidationError::TooLong { max: 40 }.to_string())]);
    assert_eq!(get(app, &key, "/me/preferences").await.json(), defaults);

    let saved = patch(
        app,
        &key,
        "/me/preferences",
        json!({"theme": "dark", "app": {"page_size": 100, "group_entries": false, "entry_note": "  billable  "}}),
    )
    .await;
    assert_eq!(saved.status.as_u16(), 200, "{}", saved.body);
    assert_eq!(saved.json()["theme"], "dark");
    let values =
        json!({"group_entries": false, "project_list": "expanded", "page_size": 100, "entry_note": "billable"});
    assert_eq!(saved.json()["app"], values);

    // The page's server functions: the same declaration, the same values, the same words.
    let browser = app.client();
    app.log_in(&browser, "ida", crate::support::PASSWORD, None).await;
    let data = app.call(&browser, "my_app_preferences", &[]).await.json();
    assert_eq!(data["declared"]["product"], "Clockify");
    assert_eq!(data["declared"]["preference"][2]["key"], "page_size");
    assert_eq!(data["values"], values);
    let save = |body: Value| {
        let request =
            browser.post(app.url("/fn/save_app_preferences")).header("accept", "application/json").json(&body);
        app.send(request)
    };
    let refused = save(json!({"values": {"page_size": 201}})).await;
    assert_eq!(refused.status.as_u16(), 422, "{}", refused.body);
    assert_eq!(refused.json()["Invalid"][0]["field"], "app.page_size");
    assert_eq!(refused.json()["Invalid"][0]["message"], range.as_str());
    let kept = save(json!({"values": {"project_list": "collapsed"}})).await;
    assert_eq!(kept.json()["project_list"], "collapsed");
    assert_eq!(kept.json()["page_size"], 100, "other values stay");

    // The platform reads them by username with an administrator's users:read key.
    let admin = user(app, "ops", true).await;
    let platform = first_key(app, &admin, "platform", &["users:read"]).await;
    let read = get(app, &platform, "/users/ida/preferences").await;
    assert_eq!(read.status.as_u16(), 200, "{}", read.body);
    assert_eq!(read.json()["app"]["project_list"], "collapsed");
    assert_eq!(read.json()["theme"], "dark");
    assert_eq!(get(app, &platform, "/users/nobody/preferences").await.status.as_u16(), 404);
    assert_eq!(get(app, &key, "/users/ida/preferences").await.status.as_u16(), 403);

    // The document describes what this installation declared (fetched here: `openapi` keeps the
    // first app's, which may have declared nothing).
    let doc = app.get(&app.client(), "/api/v1/openapi.json").await.json();
    let app_schema = &doc["components"]["schemas"]["PreferencesPatch"]["properties"]["app"];
    assert_eq!(app_schema["properties"]["page_size"]["maximum"], 200);
    assert_eq!(app_schema["properties"]["project_list"]["enum"], json!(["expanded", "collapsed"]));
    assert_eq!(app_schema["additionalProperties"], false);
}
