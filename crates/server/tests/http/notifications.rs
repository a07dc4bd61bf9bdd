//! Notifications over HTTP: the platform posts build events (`POST /api/v1/events`), each recipient's
//! settings decide who is mailed, the mails go through the outbox to the test's SMTP server, and
//! their one-click unsubscribe link turns off exactly one kind.

use crate::api_keys::{first_key, get, patch, post, user};
use crate::settings::token_in;
use crate::support::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};
use vestibule_domain::ValidationError;
use vestibule_domain::datetime::rfc3339;
use vestibule_domain::notifications::NotificationsPatch;
use vestibule_service::now_ms;

/// A build event of pipeline `pipe-1` ("Web app") that finished a minute ago.
pub fn event(id: &str, kind: &str, trigger: &str, recipients: &[&str]) -> Value {
    json!({
        "id": id,
        "type": kind,
        "occurred_at": rfc3339(now_ms() - 60_000),
        "pipeline": {"id": "pipe-1", "name": "Web app"},
        "build": {"id": format!("b-{id}"), "url": format!("https://ci.example.com/builds/{id}"), "trigger": trigger},
        "recipients": recipients,
    })
}

async fn set(app: &TestApp, username: &str, patch: NotificationsPatch) {
    let account = crate::api_keys::account(app, username).await;
    vestibule_service::notifications::update(
        &app.v,
        &vestibule_service::caller::Caller::session(account.clone(), Default::default()),
        &patch,
    )
    .await
    .unwrap();
}

fn builds(success: bool, failure: bool) -> NotificationsPatch {
    NotificationsPatch { build_success: Some(success), build_failure: Some(failure), ..Default::default() }
}

/// Who gets a mail for which build: every setting, committer-only, builds started by hand, only when
/// the result changes, an unconfirmed address, an idempotent repeat, unknown recipients; events
/// expire after 35 days.
pub async fn routing(app: &TestApp) {
    let ops = user(app, "ops", true).await;
    let platform = first_key(app, &ops, "platform", &["events:write"]).await;
    for name in ["alice", "bob", "carol", "dave", "erin", "hank"] {
        user(app, name, false).await;
    }
    // Alice keeps the operator's default (off). Bob: both results, no manual builds. Carol: failures
    // where she is the committer. Dave: both, only changes, manual too. Erin: failures. Hank: both, manual too.
    set(app, "bob", builds(true, true)).await;
    set(app, "carol", NotificationsPatch { committer_only: Some(true), ..builds(false, true) }).await;
    set(app, "dave", NotificationsPatch { only_changes: Some(true), include_manual: Some(true), ..builds(true, true) })
        .await;
    set(app, "erin", builds(false, true)).await;
    set(app, "hank", NotificationsPatch { include_manual: Some(true), ..builds(true, true) }).await;
    // Gus signed up and never opened his link: nothing but that link goes to his address.
    let gus = app.client();
    app.signed_up(&gus, "gus", "gus@example.com").await;
    assert_eq!(app.call(&gus, "save_notifications", &[("patch[build_failure]", "true")]).await.status, StatusCode::OK);

    let everyone = ["alice", "bob", "carol", "dave", "erin", "hank", "gus", "nobody-here"];
    let six = ["alice", "bob", "carol", "dave", "erin", "hank"];

    // 1. A failure by Carol's commit (her address in another case).
    let mut first = event("e1", "build.failed", "git", &everyone);
    first["committer_email"] = json!("Carol@Example.com");
    let reply = post(app, &platform, "/events", first.clone()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.json(), json!({"id": "e1", "duplicate": false, "recipients": 7, "mails": 5}));
    let got = counts(app, &six).await;
    assert_eq!(got, [0, 1, 1, 1, 1, 1], "alice bob carol dave erin hank");
    assert_eq!(app.mails_to("gus@example.com").await.len(), 1, "only his welcome link");

    // The same event again: 200, nothing new.
    let again = post(app, &platform, "/events", first).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.json()["duplicate"], true);
    assert_eq!(again.json()["mails"], 0);

    // 2. The same pipeline fails again, someone else's commit: Dave (only changes) and Carol (committer) hear nothing.
    let mut second = event("e2", "build.failed", "git", &everyone);
    second["committer_email"] = json!("zed@example.com");
    assert_eq!(post(app, &platform, "/events", second).await.json()["mails"], 3);
    let got = counts(app, &six).await;
    assert_eq!(got, [0, 2, 1, 1, 2, 2]);

    // 3. Fixed by a build started by hand: Bob excludes manual builds, Erin wants failures only;
    //    Dave hears "fixed", Hank hears it too.
    assert_eq!(
        post(app, &platform, "/events", event("e3", "build.succeeded", "manual", &everyone)).await.json()["mails"],
        2
    );
    let got = counts(app, &six).await;
    assert_eq!(got, [0, 2, 1, 2, 2, 3]);
    // 4. Green again on a schedule: no change for Dave.
    post(app, &platform, "/events", event("e4", "build.succeeded", "cron", &everyone)).await;
    let got = counts(app, &six).await;
    assert_eq!(got, [0, 3, 1, 2, 2, 4]);

    // What a build mail says, in text and HTML, in the recipient's zone and format.
    let dave = crate::api_keys::account(app, "dave").await;
    let prefs = vestibule_domain::PreferencesPatch {
        time_zone: Some("Asia/Kolkata".into()),
        date_format: Some("iso".into()),
        time_format: Some("24h".into()),
        language: Some("de".into()),
        ..Default::default()
    };
    vestibule_service::preferences::update(&app.v, dave.id, &prefs).await.unwrap();
    let at = now_ms() - 60_000;
    let mut fifth = event("e5", "build.failed", "git", &["dave"]);
    fifth["occurred_at"] = json!(rfc3339(at));
    post(app, &platform, "/events", fifth).await;
    let mail = app.mails_to("dave@example.com").await.pop().unwrap();
    let local = vestibule_domain::datetime::format_datetime(
        at,
        &vestibule_service::preferences::get(&app.v, dave.id).await.unwrap(),
    );
    assert!(mail.contains("Subject: [Web app] Build b-e5 fehlgeschlagen"), "{mail}");
    assert!(mail.contains(&format!("am {local} fehlgeschlagen")), "{local}: {mail}");
    assert!(local.contains('-') && !local.contains("AM") && !local.contains("PM"), "{local}");
    assert!(mail.contains("Content-Type: text/plain") && mail.contains("Content-Type: text/html"), "{mail}");
    assert!(mail.contains("<html lang=\"de\">"), "{mail}");
    assert!(mail.contains("<a href=\"https://ci.example.com/builds/e5\""), "{mail}");

    // Bad events: every field named, from the domain's messages; nothing stored.
    let mut bad = event("has space", "build.started", "push", &["-x"]);
    bad["occurred_at"] = json!(rfc3339(now_ms() + 3_600_000));
    bad["build"]["url"] = json!("ftp://x");
    let reply = post(app, &platform, "/events", bad).await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    let errors = reply.json()["error"]["fields"].as_array().unwrap().clone();
    let fields: Vec<&str> = errors.iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["id", "build.id", "type", "occurred_at", "build.url", "build.trigger", "recipients[0]"]);
    assert_eq!(errors[4]["message"], ValidationError::UrlFormat.to_string());
    assert_eq!(app.count("SELECT COUNT(*) FROM events").await, 5);

    // Only an administrator's key with the scope may post; a key whose owner is no longer one loses it.
    let admin_without = first_key(app, &ops, "other", &["profile:read"]).await;
    crate::api_keys::assert_lacks(
        &post(app, &admin_without, "/events", event("e9", "build.failed", "git", &["bob"])).await,
        "events:write",
    );
    sqlx::query("UPDATE users SET is_admin = 0 WHERE username = 'ops'").execute(&app.v.db.pool).await.unwrap();
    app.v.user_changed(ops.id).await;
    crate::api_keys::assert_lacks(
        &post(app, &platform, "/events", event("e9", "build.failed", "git", &["bob"])).await,
        "events:write",
    );

    // 35 days on, the events and whom they concerned are gone.
    let swept = vestibule_service::maintenance::sweep(&app.v, now_ms() + 35 * 24 * 3600 * 1000).await.unwrap();
    assert_eq!(swept.events, 5);
    assert_eq!(app.count("SELECT COUNT(*) FROM event_recipients").await, 0);
}

/// How many mails each of `names` (at example.com) has had.
async fn counts(app: &TestApp, names: &[&str]) -> Vec<usize> {
    let mut out = Vec::new();
    for name in names {
        out.push(app.mails_to(&format!("{name}@example.com")).await.len());
    }
    out
}

/// Another address for notifications: used only once its mailed link is followed; the committer
/// rule knows it; the account's address again with an empty value. Also through the REST API.
pub async fn notification_address(app: &TestApp) {
    let ops = user(app, "ops", true).await;
    let platform = first_key(app, &ops, "platform", &["events:write"]).await;
    // Choosing only an address stores no choices: the account keeps following the operator's default.
    let ned = user(app, "ned", false).await;
    let address_only = NotificationsPatch { address: Some("ned@other.example".into()), ..Default::default() };
    vestibule_service::notifications::update(
        &app.v,
        &vestibule_service::caller::Caller::session(ned.clone(), Default::default()),
        &address_only,
    )
    .await
    .unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM notification_settings").await, 0);
    let client = app.client();
    app.signed_up(&client, "iris", "iris@example.com").await;
    let welcome = token_in(&app.mail_to("iris@example.com").await);
    assert_eq!(app.call(&app.client(), "confirm_email", &[("token", &welcome)]).await.status, StatusCode::OK);

    let reply = app.call(&client, "save_notifications", &[("patch[address]", "not-an-address")]).await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    assert_eq!(reply.json()["Invalid"][0]["field"], "address");
    let reply = app
        .call(
            &client,
            "save_notifications",
            &[
                ("patch[address]", "builds@team.example"),
                ("patch[build_failure]", "true"),
                ("patch[committer_only]", "true"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let data = reply.json();
    assert_eq!(data["pending_address"], "builds@team.example");
    assert_eq!(data["sent_to"], "iris@example.com", "until the link is followed");
    assert_eq!(data["settings"]["build_failure"], true);

    // Before the link: a failure by a commit from the new address is not Iris's yet.
    let mut early = event("a1", "build.failed", "git", &["iris"]);
    early["committer_email"] = json!("builds@team.example");
    assert_eq!(post(app, &platform, "/events", early).await.json()["mails"], 0);

    let link = app.mail_to("builds@team.example").await;
    assert!(link.contains("notification"), "{link}");
    let reply = app.call(&app.client(), "confirm_email", &[("token", &token_in(&link))]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json(), json!({"email": "builds@team.example", "what": "NotificationAddress"}));
    // Used once.
    let again = app.call(&app.client(), "confirm_email", &[("token", &token_in(&link))]).await;
    assert_eq!(again.status.as_u16(), 422);

    let mut late = event("a2", "build.failed", "git", &["iris"]);
    late["committer_email"] = json!("BUILDS@team.example");
    assert_eq!(post(app, &platform, "/events", late).await.json()["mails"], 1);
    assert_eq!(app.mails_to("builds@team.example").await.len(), 2, "the link, then the build");
    assert!(app.mails_to("iris@example.com").await.iter().all(|m| !m.contains("Web app")));

    // Over the REST API with the user's own key.
    let iris = crate::api_keys::account(app, "iris").await;
    let key = first_key(app, &iris, "cli", &["notifications:write"]).await;
    let got = get(app, &key, "/me/notifications").await;
    assert_eq!(got.json()["sent_to"], "builds@team.example");
    assert_eq!(got.json()["address"], "builds@team.example");
    let reply = patch(app, &key, "/me/notifications", json!({"address": "", "weekly_summary": true})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["sent_to"], "iris@example.com");
    assert_eq!(reply.json()["address"], Value::Null);
    assert_eq!(reply.json()["weekly_summary"], true);
    let reply = patch(app, &key, "/me/notifications", json!({"build_failure": "yes"})).await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    let reply = patch(app, &key, "/me/notifications", json!({"address": "x@"})).await;
    assert_eq!(reply.json()["error"]["field"], "address");
}

/// The unsubscribe link of a build mail: RFC 8058 headers, a POST without cookies (even from another
/// site) turns off exactly that kind; a forged or altered token is refused; the page does the same.
pub async fn unsubscribe(app: &TestApp) {
    let ops = user(app, "ops", true).await;
    let platform = first_key(app, &ops, "platform", &["events:write"]).await;
    user(app, "uma", false).await;
    set(app, "uma", NotificationsPatch { weekly_summary: Some(true), ..builds(true, true) }).await;
    post(app, &platform, "/events", event("u1", "build.failed", "git", &["uma"])).await;
    let mail = app.mails_to("uma@example.com").await.pop().unwrap();
    // Headers may be folded onto several lines.
    let headers = mail.split("\r\n\r\n").next().unwrap().replace("\r\n ", " ");
    let header = headers.lines().find(|l| l.starts_with("List-Unsubscribe:")).expect("List-Unsubscribe");
    assert!(headers.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{headers}");
    let url = header.split_once('<').and_then(|(_, rest)| rest.split_once('>')).expect("<url>").0.to_string();
    assert!(url.starts_with(&app.url("/unsubscribe?token=")), "{url}");
    assert!(mail.contains(&format!("open {url}")), "the text says so too: {mail}");

    // A tampered token changes nothing.
    let mut forged = url.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    let reply = app.send(app.bare_client().post(&forged).body("List-Unsubscribe=One-Click")).await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);

    let reply = app
        .send(
            app.bare_client()
                .post(&url)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("origin", "https://mail.example")
                .header("sec-fetch-site", "cross-site")
                .body("List-Unsubscribe=One-Click"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json(), json!({"unsubscribed": "build_failure"}));
    let uma = crate::api_keys::account(app, "uma").await;
    let now = vestibule_service::notifications::get(&app.v, uma.id).await.unwrap().settings;
    assert!(!now.build_failure && now.build_success && now.weekly_summary && now.key_expiry, "{now:?}");
    post(app, &platform, "/events", event("u2", "build.failed", "git", &["uma"])).await;
    assert_eq!(app.mails_to("uma@example.com").await.len(), 1, "no more failure mails");

    // A success mail's link, used from the page (the server function), turns off successes only.
    post(app, &platform, "/events", event("u3", "build.succeeded", "git", &["uma"])).await;
    let mail = app.mails_to("uma@example.com").await.pop().unwrap();
    let start = mail.find("/unsubscribe?token=").unwrap() + "/unsubscribe?token=".len();
    let token: String = mail[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || "-_".contains(*c)).collect();
    let page = app.get(&app.client(), &format!("/unsubscribe?token={token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!("<form method=\"post\" action=\"/unsubscribe?token={token}\">")),
        "{}",
        page.body
    );
    let now = vestibule_service::notifications::get(&app.v, uma.id).await.unwrap().settings;
    assert!(now.build_success, "opening the page changes nothing");
    let reply = app
        .send(
            app.bare_client()
                .post(app.url(&format!("/unsubscribe?token={token}")))
                .header("accept", "text/html")
                .header("accept-language", "de"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("Abbestellt: Mails zu erfolgreichen Builds."), "{}", reply.body);
    assert!(reply.body.contains("<html lang=\"de\""), "{}", reply.body);
    let now = vestibule_service::notifications::get(&app.v, uma.id).await.unwrap().settings;
    assert!(!now.build_success && now.weekly_summary, "{now:?}");
}

/// The same event posted five times at once: one 201, four 200, one mail.
pub async fn concurrent_repeats_send_once(app: &TestApp) {
    let ops = user(app, "ops", true).await;
    let platform = first_key(app, &ops, "platform", &["events:write"]).await;
    user(app, "vic", false).await;
    set(app, "vic", builds(true, true)).await;
    let posts = (0..5).map(|_| {
        let request = app.client().post(app.url("/api/v1/events")).bearer_auth(&platform).json(&event(
            "c1",
            "build.failed",
            "git",
            &["vic"],
        ));
        app.send(request)
    });
    let mut statuses: Vec<u16> =
        futures_util::future::join_all(posts).await.iter().map(|r| r.status.as_u16()).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 200, 200, 200, 201]);
    assert_eq!(app.mails_to("vic@example.com").await.len(), 1);
}

/// Build mails follow the operator's default until the user chooses them: an unsubscribe link of
/// another kind does not fix them at today's default; one of a build kind is a choice. A change
/// whose new address is refused (here by the link-mail limit) keeps nothing of the change.
pub async fn operator_default_until_chosen(app: &TestApp) {
    use vestibule_domain::notifications::{BuildMailDefault, MailKind};
    use vestibule_service::notifications::{get, unsubscribe_link};
    let ned = user(app, "ned", false).await;
    let one_click = |link: String| async move {
        // The link names the public address; this app listens on a port of its own.
        let path = &link[link.find("/unsubscribe?").expect("an unsubscribe link")..];
        let reply = app.send(app.bare_client().post(app.url(path)).body("List-Unsubscribe=One-Click")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    };
    one_click(unsubscribe_link(&app.v, ned.id, MailKind::KeyExpiry).unwrap()).await;
    // The same database seen by an operator who has since turned build mails on for everyone.
    let mut on = app.v.clone();
    on.settings = std::sync::Arc::new(vestibule_service::Settings {
        build_mail_default: BuildMailDefault::parse("success,failure").unwrap(),
        ..(*app.v.settings).clone()
    });
    let now = get(&on, ned.id).await.unwrap().settings;
    assert!(now.build_success && now.build_failure && !now.key_expiry, "{now:?}");
    assert!(!get(&app.v, ned.id).await.unwrap().settings.build_success, "today's default: off");

    one_click(unsubscribe_link(&app.v, ned.id, MailKind::BuildFailure).unwrap()).await;
    let now = get(&on, ned.id).await.unwrap().settings;
    assert!(!now.build_success && !now.build_failure, "chosen at the default of then (off): {now:?}");

    // One link mail a minute: the second address is refused, and the choice sent with it is not kept.
    let key = first_key(app, &ned, "mine", &["notifications:write"]).await;
    let reply = patch(app, &key, "/me/notifications", json!({"address": "ned@team.example"})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply =
        patch(app, &key, "/me/notifications", json!({"weekly_summary": true, "address": "ned@other.example"})).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{}", reply.body);
    assert!(!get(&app.v, ned.id).await.unwrap().settings.weekly_summary, "nothing of the refused change");
}
