//! Settings → Audit log over HTTP: sign-ins (how, and failures with why), sign-outs, security
//! changes, newest first, a page at a time, by kind; the CSV download; nothing secret in it.

use crate::support::{PASSWORD, TestApp};
use reqwest::StatusCode;
use serde_json::Value;

fn actions(page: &Value) -> Vec<String> {
    page["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect()
}

pub async fn events_are_listed(app: &TestApp) {
    let client = app.client();
    app.signed_up(&client, "ivy", "ivy@example.com").await;
    let other = app.client();
    let reply = app.log_in(&other, "ivy", "not my password at all", None).await;
    assert_eq!(reply.status.as_u16(), 401);
    app.log_in(&other, "ivy", PASSWORD, None).await.assert_redirects_to("/settings");
    app.log_out(&other).await;
    // Another account's events are not Ivy's.
    app.signed_up(&app.client(), "jon", "jon@example.com").await;

    let page = app.call(&client, "my_audit_log", &[]).await.json();
    assert_eq!(
        actions(&page),
        ["session.signed_out", "sign_in.succeeded", "sign_in.failed", "sign_in.succeeded"],
        "newest first: {page}"
    );
    let first = &page["entries"][3];
    assert_eq!(first["detail"], "sign_up");
    assert_eq!(page["entries"][2]["detail"], "password", "why it failed");
    assert_eq!(page["entries"][1]["ip"], "127.0.0.1");
    assert!(page["entries"][0]["when"].as_str().is_some_and(|w| w.contains('/')), "formatted: {page}");
    assert_eq!(page["older"], Value::Null);
    let signins = app.call(&client, "my_audit_log", &[("kind", "sign_in")]).await.json();
    assert_eq!(actions(&signins), ["sign_in.succeeded", "sign_in.failed", "sign_in.succeeded"]);
    let odd = app.call(&client, "my_audit_log", &[("kind", "x' OR 1=1 --")]).await.json();
    assert_eq!(actions(&odd).len(), 4, "an unknown kind filters nothing");
    assert_eq!(app.call(&app.client(), "my_audit_log", &[]).await.status.as_u16(), 401);

    // The page, in the account's language.
    let html = app.get(&client, "/settings/audit-log").await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("Sign-in failed (wrong password)") && html.body.contains("Signed out"), "{}", html.body);

    // The CSV: every event, quoted, no secret.
    let csv = app.get(&client, "/settings/audit-log.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(csv.header("content-disposition").is_some_and(|d| d.contains("audit-log.csv")));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "\"time\",\"event\",\"action\",\"target\",\"ip\",\"user_agent\"");
    assert_eq!(lines.len(), 5, "{}", csv.body);
    assert!(lines[3].contains("\"Sign-in failed (wrong password)\",\"sign_in.failed\""), "{}", lines[3]);
    assert!(!csv.body.contains(PASSWORD) && !csv.body.contains("not my password"));
    let only = app.get(&client, "/settings/audit-log.csv?kind=session").await;
    assert_eq!(only.body.lines().count(), 2, "{}", only.body);
    // Without a session: to the log-in page, and back here afterwards.
    let visitor = app.get(&app.client(), "/settings/audit-log.csv").await;
    assert_eq!(visitor.header("location"), Some("/login?next=/settings/audit-log.csv"));
}

/// 50 a page; the next page starts where the last ended.
pub async fn events_come_a_page_at_a_time(app: &TestApp) {
    let client = app.client();
    app.signed_up(&client, "kai", "kai@example.com").await;
    for _ in 0..55 {
        let reply = app.log_in(&app.client(), "kai", "wrong password, again and again", None).await;
        assert_eq!(reply.status.as_u16(), 401, "{}", reply.body);
        app.exec("DELETE FROM login_throttle").await;
        app.exec("DELETE FROM login_failures").await;
    }
    let first = app.call(&client, "my_audit_log", &[]).await.json();
    assert_eq!(actions(&first).len(), 50);
    let older = first["older"].as_i64().expect("an older page").to_string();
    let second = app.call(&client, "my_audit_log", &[("before", &older)]).await.json();
    assert_eq!(actions(&second).len(), 6, "5 more failures and the sign-up");
    assert_eq!(second["older"], Value::Null);
    assert_eq!(actions(&second).last().map(String::as_str), Some("sign_in.succeeded"));
}

/// A sign-in from a browser and system the account was never signed in from is mailed about, once.
pub async fn a_new_browser_is_mailed_about(app: &TestApp) {
    let agent = |ua: &str| {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(ua.to_string())
            .build()
            .unwrap()
    };
    let linux = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:133.0) Gecko/20100101 Firefox/133.0";
    let home = agent(linux);
    app.signed_up(&home, "lea", "lea@example.com").await;
    let welcome = crate::settings::token_in(&app.mail_to("lea@example.com").await);
    assert_eq!(app.call(&home, "confirm_email", &[("token", &welcome)]).await.status, StatusCode::OK);
    app.log_in(&agent(linux), "lea", PASSWORD, None).await.assert_redirects_to("/settings");
    app.log_in(&agent(mac), "lea", PASSWORD, None).await.assert_redirects_to("/settings");
    app.log_in(&agent(mac), "lea", PASSWORD, None).await.assert_redirects_to("/settings");
    let notices: Vec<String> =
        app.mails_to("lea@example.com").await.into_iter().filter(|m| m.contains("New sign-in")).collect();
    assert_eq!(notices.len(), 1, "one notice, for the Mac");
    assert!(notices[0].contains("Firefox on macOS") && notices[0].contains("127.0.0.1"), "{}", notices[0]);
}
