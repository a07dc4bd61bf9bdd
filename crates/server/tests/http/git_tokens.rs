//! Git provider tokens (#14): added on the settings page, sealed at rest, never in a page, an
//! answer to the owner, a log line or the database file in plain text; read back only by the host
//! platform with an administrator's `git-tokens:read` key, each read in the owner's audit log.

use crate::api_keys::{first_key, get, user};
use crate::support::{Engine, TestApp};
use serde_json::{Value, json};
use vestibule_domain::ValidationError;

const TOKEN: &str = "ghp_Zq8vN3kL0pR7sT2wX5yB1cD4fG6hJ9mQ2aEu";

async fn add(app: &TestApp, client: &reqwest::Client, request: Value) -> crate::support::Reply {
    let body = json!({ "request": request });
    app.send(client.post(app.url("/fn/add_git_token")).header("accept", "application/json").json(&body)).await
}

pub async fn stored_sealed_and_read_by_the_platform(app: &TestApp) {
    let owner = app.client();
    app.signed_up(&owner, "gus", "gus@example.com").await;

    // Every field's problem at once, named.
    let bad =
        add(app, &owner, json!({"provider": "svn", "name": "", "token": "two words", "expires_on": "2020-01-01"}))
            .await;
    assert_eq!(bad.status.as_u16(), 422, "{}", bad.body);
    let fields: Vec<String> =
        bad.json()["Invalid"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect();
    assert_eq!(fields, ["provider", "name", "token", "expires_on"]);
    let bad = add(app, &owner, json!({"provider": "custom", "name": "own", "token": TOKEN})).await;
    assert_eq!(bad.json()["Invalid"][0]["field"], "url", "a custom host needs its address");
    assert_eq!(bad.json()["Invalid"][0]["message"], ValidationError::Required.to_string());

    let added = add(
        app,
        &owner,
        json!({"provider": "github", "name": "deploys", "token": format!(" {TOKEN} "), "expires_on": "2099-01-31"}),
    )
    .await;
    assert_eq!(added.status.as_u16(), 200, "{}", added.body);
    let info = added.json();
    assert_eq!(
        (info["name"].clone(), info["last4"].clone(), info["url"].clone()),
        (json!("deploys"), json!("2aEu"), json!("https://github.com"))
    );
    assert!(!added.body.contains(&TOKEN[4..]), "the answer never carries the token");
    let id = info["id"].as_str().unwrap().to_string();
    let again = add(
        app,
        &owner,
        json!({"provider": "gitlab", "url": "https://git.example.com/", "name": "deploys", "token": "glpat-12345678"}),
    )
    .await;
    assert_eq!(again.json()["Invalid"][0]["field"], "name", "names are unique per account");
    let taken = ValidationError::GitTokenNameTaken { name: "deploys".into() }.to_string();
    assert_eq!(again.json()["Invalid"][0]["message"], taken.as_str());
    let own = add(app, &owner, json!({"provider": "gitlab", "url": "https://git.example.com/", "name": "self-hosted", "token": "glpat-abcdefgh"})).await;
    assert_eq!(own.json()["url"], "https://git.example.com");

    // Nowhere for the owner: the list, the page, the audit log.
    let list = app.call(&owner, "my_git_tokens", &[]).await;
    assert_eq!(list.json()["tokens"].as_array().unwrap().len(), 2);
    assert!(!list.body.contains(&TOKEN[4..]), "{}", list.body);
    let page = app.get(&owner, "/settings/git-tokens").await;
    assert_eq!(page.status.as_u16(), 200);
    assert!(page.body.contains("deploys") && page.body.contains("••••2aEu"), "the page lists it");
    assert!(!page.body.contains(&TOKEN[4..]));
    // Not in the database in plain text.
    let (stored,): (String,) = sqlx::query_as("SELECT token FROM git_tokens WHERE public_id = $1")
        .bind(&id)
        .fetch_one(&app.v.db.pool)
        .await
        .unwrap();
    assert!(!stored.contains(&TOKEN[4..]) && stored.len() > TOKEN.len(), "sealed: {stored}");
    if app.engine == Engine::Sqlite {
        let bytes = app.sqlite_bytes();
        let contains = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(contains(&id), "the file holds the public id (wrong file?)");
        assert!(!contains(&TOKEN[4..]), "the token is in the database file");
    }

    // The platform: an administrator's key with git-tokens:read; others are refused.
    let admin = user(app, "ops", true).await;
    let platform = first_key(app, &admin, "platform", &["git-tokens:read"]).await;
    let plain = user(app, "pam", false).await;
    let other = first_key(app, &plain, "other", &["profile:read"]).await;
    let listed = get(app, &platform, "/users/gus/git-tokens").await;
    assert_eq!(listed.status.as_u16(), 200, "{}", listed.body);
    assert_eq!(listed.json().as_array().unwrap().len(), 2);
    assert!(!listed.body.contains(&TOKEN[4..]), "a list never carries tokens");
    assert_eq!(get(app, &other, "/users/gus/git-tokens").await.status.as_u16(), 403);
    assert_eq!(get(app, &platform, "/users/nobody/git-tokens").await.status.as_u16(), 404);
    assert_eq!(get(app, &platform, "/users/gus/git-tokens/gt_nothing").await.status.as_u16(), 404);
    let fetched = get(app, &platform, &format!("/users/gus/git-tokens/{id}")).await;
    assert_eq!(fetched.status.as_u16(), 200, "{}", fetched.body);
    assert_eq!(fetched.json()["token"], TOKEN);
    assert_eq!(fetched.header("cache-control"), Some("no-store"));
    assert!(fetched.json()["last_fetched_at"].is_string());
    assert_eq!(get(app, &other, &format!("/users/gus/git-tokens/{id}")).await.status.as_u16(), 403);
    // Every read is in the owner's log, with the key that made it.
    let (detail,): (String,) = sqlx::query_as("SELECT detail FROM audit_events WHERE action = 'git_token.fetched'")
        .fetch_one(&app.v.db.pool)
        .await
        .unwrap();
    assert_eq!(detail, format!("by key vst_{} (ops)", crate::api_keys::key_id(&platform)));
    // No log line holds it either.
    assert!(!crate::support::captured_logs().contains(&TOKEN[4..]));

    // Deleted: gone for the platform too.
    let deleted = app.call(&owner, "delete_git_token", &[("id", &id)]).await;
    assert_eq!(deleted.status.as_u16(), 200, "{}", deleted.body);
    assert_eq!(get(app, &platform, &format!("/users/gus/git-tokens/{id}")).await.status.as_u16(), 404);
    assert_eq!(get(app, &platform, "/users/gus/git-tokens").await.json().as_array().unwrap().len(), 1);
}

/// Expiring tokens get the reminders API keys get (7 days and 1 day before, and on the day).
pub async fn expiry_reminders(app: &TestApp) {
    let owner = app.client();
    app.signed_up(&owner, "hal", "hal@example.com").await;
    sqlx::query("UPDATE users SET email_verified_at = 1 WHERE username = 'hal'").execute(&app.v.db.pool).await.unwrap();
    let added = add(
        app,
        &owner,
        json!({"provider": "gitea", "name": "mirror", "token": "gta_0123456789abcdef", "expires_on": "2099-01-31"}),
    )
    .await;
    let id = added.json()["id"].as_str().unwrap().to_string();
    let day = 86_400_000_i64;
    let expires: (i64,) = sqlx::query_as("SELECT expires_at FROM git_tokens WHERE public_id = $1")
        .bind(&id)
        .fetch_one(&app.v.db.pool)
        .await
        .unwrap();
    // Made a while before its expiry (a token less than a day old gets no reminder).
    sqlx::query("UPDATE git_tokens SET created_at = $1 WHERE public_id = $2")
        .bind(expires.0 - 60 * day)
        .bind(&id)
        .execute(&app.v.db.pool)
        .await
        .unwrap();
    let send = |at: i64| vestibule_service::scheduled::send_due(&app.v, at);
    assert_eq!(send(expires.0 - 9 * day).await.unwrap().reminders, 0);
    assert_eq!(send(expires.0 - 6 * day).await.unwrap().reminders, 1);
    assert_eq!(send(expires.0 - 5 * day).await.unwrap().reminders, 0, "once per stage");
    assert_eq!(send(expires.0 - day + 1000).await.unwrap().reminders, 1);
    app.mail_settled().await;
    let mails = app.mails_to("hal@example.com").await;
    let reminders: Vec<&String> = mails.iter().filter(|m| m.contains("Git provider token \"mirror\"")).collect();
    assert_eq!(reminders.len(), 2, "{mails:#?}");
    assert!(reminders.iter().all(|m| m.contains("ending in cdef") && m.contains("/settings/git-tokens")));
    assert!(reminders.iter().all(|m| !m.contains("gta_0123456789abcdef")));
}
