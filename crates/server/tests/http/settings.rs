//! Settings over HTTP: full name, display preferences (and the theme in the first HTML), email change.

use crate::support::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};
use vestibule_domain::{UserError, ValidationError};

pub fn invalid(field: &str, message: &str) -> Value {
    json!({ "Invalid": [{ "field": field, "message": message }] })
}

/// The full name: saved trimmed, refused when too long, and only for a logged-in user.
pub async fn full_name(app: &TestApp) {
    let client = app.client();
    app.signed_up(&client, "nina", "nina@example.com").await;
    let reply = app.call(&client, "set_full_name", &[("full_name", "  Nina Šimone ")]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["full_name"], "Nina Šimone");
    assert_eq!(app.me(&client).await["full_name"], "Nina Šimone");

    let long = "x".repeat(101);
    let reply = app.call(&client, "set_full_name", &[("full_name", &long)]).await;
    reply.assert_error(422, invalid("full_name", &ValidationError::TooLong { max: 100 }.to_string()));
    assert_eq!(app.me(&client).await["full_name"], "Nina Šimone", "a refused value changes nothing");

    let stranger = app.client();
    let reply = app.call(&stranger, "set_full_name", &[("full_name", "Mallory")]).await;
    reply.assert_error(401, json!(UserError::Unauthenticated));
}

/// Preferences: defaults, a language from Accept-Language, partial saves, one message per bad field,
/// and the theme and language rendered into the very first HTML.
pub async fn preferences(app: &TestApp) {
    let client = app.client();
    let reply = app
        .send(
            client
                .post(app.url("/fn/sign_up"))
                .header("accept", "application/json")
                .header("accept-language", "de-CH,de;q=0.9,en;q=0.5")
                .form(&[("username", "otto"), ("email", "otto@example.com"), ("password", crate::support::PASSWORD)]),
        )
        .await;
    reply.assert_redirects_to("/settings");
    let prefs = app.call(&client, "my_settings", &[]).await.json()["preferences"].clone();
    assert_eq!(
        prefs,
        json!({"date_format": "us", "time_format": "12h", "time_zone": "UTC", "week_start": "monday",
               "theme": "system", "language": "de"})
    );

    let reply =
        app.call(&client, "save_preferences", &[("patch[theme]", "dark"), ("patch[time_zone]", "Asia/Kolkata")]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["theme"], "dark");
    assert_eq!(reply.json()["time_zone"], "Asia/Kolkata");
    assert_eq!(reply.json()["language"], "de", "fields left out stay as they were");

    let reply =
        app.call(&client, "save_preferences", &[("patch[theme]", "neon"), ("patch[time_zone]", "Mars/Olympus")]).await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    let errors = reply.json()["Invalid"].as_array().cloned().unwrap_or_default();
    let fields: Vec<&str> = errors.iter().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, ["time_zone", "theme"]);
    assert_eq!(errors[1]["message"], "Choose one of: light, dark, system.");
    assert_eq!(app.call(&client, "my_settings", &[]).await.json()["preferences"]["theme"], "dark");

    let page = app.get(&client, "/settings/profile").await;
    assert_eq!(page.status, StatusCode::OK);
    let html_tag = page.body[page.body.find("<html").unwrap()..].split('>').next().unwrap().to_string();
    assert!(html_tag.contains(r#"data-theme="dark""#), "{html_tag}");
    assert!(html_tag.contains(r#"lang="de""#), "{html_tag}");
    // A visitor gets the system theme.
    let login = app.get(&app.client(), "/login").await;
    assert!(login.body.contains(r#"data-theme="system""#));
}

pub fn token_in(mail: &str) -> String {
    let start = mail.find("/verify-email?token=").expect("a verification link") + "/verify-email?token=".len();
    mail[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

/// Changing the email address: only through the link, once, within 24 hours; the old address is told.
pub async fn email_change(app: &TestApp) {
    let client = app.client();
    app.signed_up(&client, "pia", "pia@example.com").await;
    app.signed_up(&app.client(), "quinn", "quinn@example.com").await;
    // Pia proves her address first (the welcome mail's link): the notice of a change goes only there.
    let welcome = token_in(&app.mail_to("pia@example.com").await);
    assert_eq!(app.call(&app.client(), "confirm_email", &[("token", &welcome)]).await.status, StatusCode::OK);

    let reply = app.call(&client, "change_email", &[("email", "nope")]).await;
    reply.assert_error(422, invalid("email", &ValidationError::EmailFormat.to_string()));
    let reply = app.call(&client, "change_email", &[("email", "PIA@example.com")]).await;
    reply.assert_error(422, invalid("email", "That is already your email address."));
    let reply = app.call(&client, "change_email", &[("email", "Quinn@Example.com")]).await;
    reply.assert_error(422, invalid("email", "An account with that email address already exists."));

    assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'email.change_requested'").await, 0);
    let reply = app.call(&client, "change_email", &[("email", "pia@new.example")]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // The request is in the security log, with the address asked for.
    let requested =
        "SELECT COUNT(*) FROM audit_events WHERE action = 'email.change_requested' AND target = 'pia@new.example'";
    assert_eq!(app.count(requested).await, 1);
    assert_eq!(app.call(&client, "my_settings", &[]).await.json()["pending_email"], json!("pia@new.example"));
    assert_eq!(app.me(&client).await["email"], "pia@example.com", "nothing changes before the link");
    let first = token_in(&app.mail_to("pia@new.example").await);
    assert_eq!(app.count("SELECT COUNT(*) FROM email_changes").await, 1);

    // Resending replaces the link: the first one stops working.
    assert_eq!(app.call(&client, "resend_email_change", &[]).await.status, StatusCode::OK);
    let second = token_in(&app.mail_to("pia@new.example").await);
    assert_ne!(first, second);
    let used = invalid("token", "This link is invalid, used or expired. Ask for a new one.");
    app.call(&app.client(), "confirm_email", &[("token", &first)]).await.assert_error(422, used.clone());

    // The link needs no session (it may be opened on another device).
    let reply = app.call(&app.client(), "confirm_email", &[("token", &second)]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json(), json!({ "email": "pia@new.example", "what": "Changed" }));
    assert_eq!(app.me(&client).await["email"], "pia@new.example");
    assert_eq!(app.me(&client).await["email_verified"], true, "the link proved the new address");
    assert_eq!(app.call(&client, "my_settings", &[]).await.json()["pending_email"], Value::Null);
    assert!(app.mail_to("pia@example.com").await.contains("was changed to pia@new.example"));
    app.call(&app.client(), "confirm_email", &[("token", &second)]).await.assert_error(422, used.clone());

    // An expired link does nothing; a cancelled one neither.
    app.call(&client, "change_email", &[("email", "pia@third.example")]).await;
    let third = token_in(&app.mail_to("pia@third.example").await);
    app.exec("UPDATE email_changes SET expires_at = expires_at - 86400001").await;
    // An expired change is no longer pending, in a server function and on the page alike.
    assert_eq!(app.call(&client, "my_settings", &[]).await.json()["pending_email"], Value::Null);
    let page = app.get(&client, "/settings/profile").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("pia@third.example"), "an expired change shows as pending");
    app.call(&app.client(), "confirm_email", &[("token", &third)]).await.assert_error(422, used.clone());
    app.call(&client, "change_email", &[("email", "pia@fourth.example")]).await;
    let fourth = token_in(&app.mail_to("pia@fourth.example").await);
    assert_eq!(app.call(&client, "cancel_email_change", &[]).await.status, StatusCode::OK);
    app.call(&app.client(), "confirm_email", &[("token", &fourth)]).await.assert_error(422, used);
    assert_eq!(app.me(&client).await["email"], "pia@new.example");
    // Only a digest of each link is stored.
    assert_eq!(app.count("SELECT COUNT(*) FROM email_changes").await, 0);
}

/// One mail with a link per account a minute, whichever kind: "Resend" and address changes cannot
/// flood an address. Refused ones are 429 with Retry-After, store nothing and mail nothing; a
/// cancelled change does not reset the clock.
pub async fn link_mails_are_limited(app: &TestApp) {
    let client = app.client();
    app.signed_up(&client, "lia", "lia@example.com").await;
    let mails = || async { app.mails_received().await.len() };
    assert_eq!(mails().await, 1, "the welcome link");
    let throttled = |reply: &crate::support::Reply| {
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{}", reply.body);
        let retry_after: u64 = reply.header("retry-after").expect("Retry-After").parse().unwrap();
        assert!((55..=60).contains(&retry_after), "{retry_after}");
    };
    throttled(&app.call(&client, "resend_verification", &[]).await);
    throttled(&app.call(&client, "change_email", &[("email", "victim@example.com")]).await);
    assert_eq!(mails().await, 1, "nothing mailed");
    assert_eq!(app.count("SELECT COUNT(*) FROM email_changes").await, 0, "nothing stored");

    // A minute later, one more.
    app.exec("UPDATE link_mails SET last_at = last_at - 61000").await;
    assert_eq!(app.call(&client, "change_email", &[("email", "victim@example.com")]).await.status, StatusCode::OK);
    assert_eq!(mails().await, 2);
    assert_eq!(app.call(&client, "cancel_email_change", &[]).await.status, StatusCode::OK);
    throttled(&app.call(&client, "change_email", &[("email", "victim@example.com")]).await);
    throttled(&app.call(&client, "resend_verification", &[]).await);
    assert_eq!(mails().await, 2, "cancelling does not reset the clock");

    // The REST API's change of address counts the same, and says so in its error shape.
    let key = app.cli(&["key", "create", "--user", "lia", "--name", "ci", "--scope", "profile:write"], "").await;
    let key = String::from_utf8_lossy(&key.stdout).trim().to_string();
    let reply = app
        .send(
            app.client()
                .patch(app.url("/api/v1/me"))
                .header("authorization", format!("Bearer {key}"))
                .json(&serde_json::json!({ "email": "victim@example.com" })),
        )
        .await;
    throttled(&reply);
    assert_eq!(reply.json()["error"]["code"], "throttled", "{}", reply.body);
    assert_eq!(mails().await, 2);
}

/// An address typed at sign-up and never proven gets no mail but the link that proves it: a change
/// away from it is not announced there (it may be a stranger's address).
pub async fn unverified_address_gets_no_change_notice(app: &TestApp) {
    let client = app.client();
    app.signed_up(&client, "rex", "stranger@example.com").await;
    assert_eq!(app.mails_received().await.len(), 1, "the welcome link");
    assert_eq!(app.call(&client, "change_email", &[("email", "rex@example.com")]).await.status, StatusCode::OK);
    let token = token_in(&app.mail_to("rex@example.com").await);
    assert_eq!(app.call(&app.client(), "confirm_email", &[("token", &token)]).await.status, StatusCode::OK);
    assert_eq!(app.me(&client).await["email"], "rex@example.com");
    assert_eq!(app.mails_received().await.len(), 2, "the welcome link and the change's link, no notice to stranger@");
}

/// Every server function the app registers refuses a foreign Origin (not only the ones listed by hand).
pub async fn every_server_function_refuses_other_sites(app: &TestApp) {
    let client = app.client();
    let paths: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();
    assert!(paths.len() >= 10, "{paths:?}");
    for path in paths {
        let reply = app
            .send(
                client
                    .post(app.url(path))
                    .header("accept", "application/json")
                    .header("origin", "https://evil.example"),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}: {}", reply.body);
    }
}

/// Links in mails come from the configuration (here: the listen address), never from the request's
/// `Host`: a forged `Host` must not make Vestibule mail a genuine link to another site.
pub async fn mail_links_ignore_the_host_header(app: &TestApp) {
    let client = app.client();
    let forged = |method, path: &str| client.request(method, app.url(path)).header("host", "evil.example");
    // Sign-up mails a link that proves the address.
    let reply = app
        .send(forged(reqwest::Method::POST, "/fn/sign_up").header("accept", "application/json").form(&[
            ("username", "rhea"),
            ("email", "rhea@example.com"),
            ("password", crate::support::PASSWORD),
        ]))
        .await;
    reply.assert_redirects_to("/settings");

    let reply = app
        .send(
            forged(reqwest::Method::POST, "/fn/change_email")
                .header("accept", "application/json")
                .form(&[("email", "rhea@new.example")]),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply =
        app.send(forged(reqwest::Method::POST, "/fn/resend_email_change").header("accept", "application/json")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    // The REST API builds the same link.
    let owner = crate::api_keys::account(app, "rhea").await;
    let key = crate::api_keys::first_key(app, &owner, "mailer", &["profile:write"]).await;
    let reply = app
        .send(
            forged(reqwest::Method::PATCH, "/api/v1/me")
                .header("authorization", format!("Bearer {key}"))
                .json(&json!({ "email": "rhea@api.example" })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    let mails = app.mails_received().await;
    assert_eq!(mails.len(), 4, "sign-up, change, resend and the API's change");
    for mail in mails.iter().map(|m| &m.data) {
        assert!(!mail.contains("evil.example"), "{mail}");
        assert!(mail.contains(&format!("{}/verify-email?token=", app.base)), "{mail}");
    }
}

/// `?at=<ms>` (the end-to-end tests' fixed "now" on the preferences page) works only when the server
/// runs with `VESTIBULE_TEST_CLOCK`; by default the page shows the real time.
pub async fn test_clock_hook(app: &TestApp) {
    let client = app.client();
    app.signed_up(&client, "uma", "uma@example.com").await;
    let at: i64 = 1_795_305_900_000;
    let before = vestibule_service::now_ms();
    let page = app.get(&client, &format!("/settings/preferences?at={at}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let start = page.body.find("data-instant=\"").expect("the preview's instant") + "data-instant=\"".len();
    let shown: i64 = page.body[start..].split('"').next().unwrap().parse().unwrap();
    if app.settings.test_clock {
        assert_eq!(shown, at);
    } else {
        assert!((before..=vestibule_service::now_ms()).contains(&shown), "{shown} is not now");
    }
}

/// Every message id of every catalog (read from the files, so a new section is covered at once).
fn message_ids() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../domain/locales");
    let dirs = std::iter::once(root.clone()).chain(vestibule_domain::i18n::SECTIONS.iter().map(|d| root.join(d)));
    let entry = regex::Regex::new(r"(?m)^([a-z][a-z0-9_-]*) =").unwrap();
    dirs.map(|dir| std::fs::read_to_string(dir.join("en.ftl")).unwrap_or_else(|e| panic!("{dir:?}: {e}")))
        .flat_map(|text| entry.captures_iter(&text).map(|c| c[1].to_string()).collect::<Vec<_>>())
        .collect()
}

/// Every page, in both languages, shows texts and not message ids: a page that reads a message
/// from the wrong catalog (another section's) would show the id.
pub async fn no_page_shows_a_message_id(app: &TestApp) {
    let ids = message_ids();
    assert!(ids.len() > 300, "{} ids", ids.len());
    let markup = regex::Regex::new(r"(?s)<script.*?</script>|<[^>]*>").unwrap();
    let check = |path: &str, language: &str, body: &str| {
        let text = markup.replace_all(body, " ");
        let words: std::collections::HashSet<&str> =
            text.split(|c: char| c.is_whitespace() || "\"'().,:;!?".contains(c)).collect();
        let shown: Vec<&String> = ids.iter().filter(|id| words.contains(id.as_str())).collect();
        assert!(shown.is_empty(), "{path} ({language}) shows message ids {shown:?}");
    };
    for language in ["en", "de"] {
        let visitor = app.client();
        for path in ["/login", "/login/two-factor", "/signup"] {
            let reply = app.send(visitor.get(app.url(path)).header("accept-language", language)).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            check(path, language, &reply.body);
        }
        let client = app.client();
        app.signed_up(&client, &format!("ids{language}"), &format!("ids{language}@example.com")).await;
        let reply = app.call(&client, "save_preferences", &[("patch[language]", language)]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        for section in ["profile", "preferences", "notifications", "security", "api-keys", "audit-log"] {
            let path = format!("/settings/{section}");
            let reply = app.get(&client, &path).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            assert!(reply.body.contains(&format!(r#"lang="{language}""#)), "{path} not in {language}");
            check(&path, language, &reply.body);
        }
    }
}
