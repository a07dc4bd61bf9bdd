//! Accounts over HTTP and the CLI: one rule for email equality, verified addresses, sign-up limits
//! (per address, and closed), usernames on the command line.

use crate::settings::token_in;
use crate::support::{PASSWORD, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn invalid(field: &str, message: &str) -> Value {
    json!({ "Invalid": [{ "field": field, "message": message }] })
}

const TAKEN: &str = "An account with that email address already exists.";

/// Sign-up, log-in, email change and the CLI compare addresses by one key (NFKC and Unicode
/// case folding), so both engines agree that `Ärger@Example.com` and `ärger@example.com` are one address.
pub async fn one_email_rule(app: &TestApp) {
    let client = app.client();
    app.signed_up(&client, "aerger", "Ärger@Example.com").await;
    assert_eq!(app.me(&client).await["email"], "Ärger@example.com", "shown as typed (domain lowercased)");

    let reply = app.sign_up(&app.client(), "aerger2", "ärger@EXAMPLE.com", PASSWORD).await;
    reply.assert_error(422, invalid("email", TAKEN));
    let out = app
        .cli(&["user", "create", "--username", "aerger3", "--email", "ÄRGER@example.com"], &format!("{PASSWORD}\n"))
        .await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(TAKEN), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);

    for login in ["ärger@example.com", "ÄRGER@EXAMPLE.COM", "Ärger@example.com"] {
        let other = app.client();
        app.log_in(&other, login, PASSWORD, None).await.assert_redirects_to("/settings");
        assert_eq!(app.me(&other).await["username"], "aerger", "{login}");
    }

    let reply = app.call(&client, "change_email", &[("email", "äRGER@example.com")]).await;
    reply.assert_error(422, invalid("email", "That is already your email address."));
    let olga = app.client();
    app.signed_up(&olga, "olga", "olga@example.com").await;
    let reply = app.call(&olga, "change_email", &[("email", "ÄRGER@example.com")]).await;
    reply.assert_error(422, invalid("email", TAKEN));

    // A confirmed change moves the key with the address.
    let reply = app.call(&olga, "change_email", &[("email", "Ölga@Example.com")]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let token = token_in(&app.mail_to("Ölga@example.com").await);
    assert_eq!(app.call(&app.client(), "confirm_email", &[("token", &token)]).await.status, StatusCode::OK);
    let other = app.client();
    app.log_in(&other, "ölga@example.com", PASSWORD, None).await.assert_redirects_to("/settings");
    assert_eq!(app.me(&other).await["username"], "olga");
    app.sign_up(&app.client(), "olga2", "ÖLGA@example.com", PASSWORD).await.assert_error(422, invalid("email", TAKEN));

    // Rows written before the key column get their keys at start-up (SQL cannot compute NFKC).
    assert_eq!(app.exec("UPDATE users SET email_key = NULL").await, 2);
    vestibule_service::accounts::fill_email_keys(&app.v.db).await.unwrap();
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email_key IS NULL").await, 0);
    let other = app.client();
    app.log_in(&other, "ärger@example.com", PASSWORD, None).await.assert_redirects_to("/settings");
    assert_eq!(app.me(&other).await["username"], "aerger");
}

/// The CLI names users by the sign-up rule (`Username::parse`: NFKC, lowercase), and says why a name
/// cannot be one instead of looking it up.
pub async fn cli_names_users_like_sign_up(app: &TestApp) {
    app.signed_up(&app.client(), "alice", "alice@example.com").await;
    // Full-width letters are "alice" after NFKC; lowercasing alone does not get there.
    let out = app.cli(&["user", "unlock", "--username", " ＡＬＩＣＥ "], "").await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("unlocked alice"));
    let out = app.cli(&["key", "list", "--user", "ＡＬＩＣＥ"], "").await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let rule = vestibule_domain::Username::parse("bad name!").unwrap_err().to_string();
    for args in [&["user", "unlock", "--username", "bad name!"][..], &["key", "list", "--user", "bad name!"]] {
        let out = app.cli(args, "").await;
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("\"bad name!\" is not a valid username") && stderr.contains(&rule), "{stderr}");
    }
}

/// A new account's address is unverified until the link mailed to it is opened: once, within 24
/// hours, the newest link only. The operator's accounts count as verified.
pub async fn sign_up_verifies_the_address(app: &TestApp) {
    let client = app.client();
    app.signed_up(&client, "vera", "Vera@Example.com").await;
    let me = app.me(&client).await;
    assert_eq!((me["email"].as_str(), me["email_verified"].as_bool()), (Some("Vera@example.com"), Some(false)));
    let page = app.get(&client, "/settings/profile").await;
    assert!(page.body.contains(r#"data-testid="email-unverified""#), "{}", page.body);
    assert!(page.body.contains("Resend confirmation mail"), "{}", page.body);

    let mail = app.mail_to("Vera@example.com").await;
    assert!(mail.contains("Welcome to Vestibule!") && mail.contains(r#"your account "vera""#), "{mail}");
    let first = token_in(&mail);
    assert_eq!(app.count("SELECT COUNT(*) FROM email_verifications").await, 1);

    // Resending replaces the link: the first one stops working.
    assert_eq!(app.call(&client, "resend_verification", &[]).await.status, StatusCode::OK);
    let second = token_in(&app.mail_to("Vera@example.com").await);
    assert_ne!(first, second);
    let used = invalid("token", "This link is invalid, used or expired. Ask for a new one.");
    app.call(&app.client(), "confirm_email", &[("token", &first)]).await.assert_error(422, used.clone());
    assert_eq!(app.me(&client).await["email_verified"], false);

    // The link needs no session, works once, and changes nothing but the flag.
    let reply = app.call(&app.client(), "confirm_email", &[("token", &second)]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json(), json!({ "email": "Vera@example.com", "what": "Verified" }));
    let me = app.me(&client).await;
    assert_eq!((me["email"].as_str(), me["email_verified"].as_bool()), (Some("Vera@example.com"), Some(true)));
    app.call(&app.client(), "confirm_email", &[("token", &second)]).await.assert_error(422, used.clone());
    let page = app.get(&client, "/settings/profile").await;
    assert!(!page.body.contains(r#"data-testid="email-unverified""#), "{}", page.body);
    // Nothing to resend for a verified address.
    assert_eq!(app.call(&client, "resend_verification", &[]).await.status, StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) FROM email_verifications").await, 0);

    // An expired link does nothing, and neither does one for an address the account no longer has.
    let wes = app.client();
    app.signed_up(&wes, "wes", "wes@example.com").await;
    let expired = token_in(&app.mail_to("wes@example.com").await);
    app.exec("UPDATE email_verifications SET expires_at = expires_at - 86400001").await;
    app.call(&app.client(), "confirm_email", &[("token", &expired)]).await.assert_error(422, used.clone());
    app.call(&wes, "resend_verification", &[]).await;
    let stale = token_in(&app.mail_to("wes@example.com").await);
    app.exec("UPDATE users SET email = 'wes@elsewhere.example' WHERE username = 'wes'").await;
    app.call(&app.client(), "confirm_email", &[("token", &stale)]).await.assert_error(422, used);
    assert_eq!(app.me(&wes).await["email_verified"], false);
    let resend = app.call(&app.client(), "resend_verification", &[]).await;
    assert_eq!(resend.status, StatusCode::UNAUTHORIZED, "resending needs a session: {}", resend.body);

    // The operator vouches for the addresses of the accounts it makes.
    let out = app
        .cli(&["user", "create", "--username", "olaf", "--email", "olaf@example.com"], &format!("{PASSWORD}\n"))
        .await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let olaf = app.client();
    app.log_in(&olaf, "olaf", PASSWORD, None).await.assert_redirects_to("/settings");
    assert_eq!(app.me(&olaf).await["email_verified"], true);
    assert!(app.mails_to("olaf@example.com").await.is_empty(), "the operator's accounts get no link");
}

/// Sign-ups per client address are limited (here 3 an hour), counted before the password is hashed:
/// the refused one gets 429 with Retry-After, even for a taken name (found only after hashing).
pub async fn sign_up_is_throttled_per_address(app: &TestApp) {
    for name in ["ann", "ben", "cat"] {
        app.signed_up(&app.client(), name, &format!("{name}@example.com")).await;
    }
    for (name, email) in [("dan", "dan@example.com"), ("ann", "ann2@example.com")] {
        let reply = app.sign_up(&app.client(), name, email, PASSWORD).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{}", reply.body);
        let retry_after: u64 = reply.header("retry-after").expect("Retry-After").parse().unwrap();
        assert!((3500..=3600).contains(&retry_after), "{retry_after}");
        assert_eq!(reply.json(), json!({ "Throttled": { "retry_after": retry_after } }));
        assert!(reply.session_cookie().is_none());
    }
    // Bad input is still told what is wrong (it costs no hash); refused sign-ups do not count.
    app.sign_up(&app.client(), "dan", "nope", PASSWORD)
        .await
        .assert_error(422, invalid("email", "Enter an email address like name@example.com."));
    assert_eq!(app.count("SELECT COUNT(*) FROM sign_up_attempts").await, 3);
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 3);
    // Log-in is another matter, and the operator is not limited.
    app.log_in(&app.client(), "ann", PASSWORD, None).await.assert_redirects_to("/settings");
    let out =
        app.cli(&["user", "create", "--username", "eve", "--email", "eve@example.com"], &format!("{PASSWORD}\n")).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // Parallel sign-ups from one address cannot all slip under the limit (each costs a hash).
    app.exec("DELETE FROM sign_up_attempts").await;
    let names: Vec<String> = (0..8).map(|i| format!("par{i}")).collect();
    let replies = futures_util::future::join_all(names.iter().map(|n| {
        let client = app.client();
        let email = format!("{n}@example.com");
        async move { app.sign_up(&client, n, &email, PASSWORD).await.status }
    }))
    .await;
    let created = replies.iter().filter(|s| **s == StatusCode::SEE_OTHER || s.is_success()).count();
    assert_eq!(created, 3, "{replies:?}");
    assert_eq!(replies.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count(), 5, "{replies:?}");

    // An hour later the address may sign up again, and the old rows are gone.
    app.exec("UPDATE sign_up_attempts SET at = at - 3600000").await;
    app.signed_up(&app.client(), "dan", "dan@example.com").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM sign_up_attempts").await, 1);
}

/// With `VESTIBULE_SIGN_UP=closed` nobody signs up: the server function refuses with a clear message,
/// the sign-up page says so, the log-in page offers no link; the operator still creates accounts.
pub async fn closed_sign_up(app: &TestApp) {
    let reply = app.sign_up(&app.client(), "ann", "ann@example.com", PASSWORD).await;
    reply.assert_error(403, json!("SignUpClosed"));
    assert_eq!(
        vestibule_domain::UserError::SignUpClosed.to_string(),
        "Sign-up is closed on this site. Ask an administrator for an account."
    );
    assert!(reply.session_cookie().is_none());
    assert_eq!(app.count("SELECT COUNT(*) FROM sign_up_attempts").await, 0);

    let page = app.get(&app.client(), "/signup").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Sign-up is closed on this site."), "{}", page.body);
    assert!(!page.body.contains(r#"name="password""#), "no form: {}", page.body);
    let page = app.get(&app.client(), "/login").await;
    assert!(page.body.contains(r#"name="password""#), "{}", page.body);
    assert!(!page.body.contains(r#"href="/signup""#), "{}", page.body);

    let out =
        app.cli(&["user", "create", "--username", "ann", "--email", "ann@example.com"], &format!("{PASSWORD}\n")).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let client = app.client();
    app.log_in(&client, "ann@example.com", PASSWORD, None).await.assert_redirects_to("/settings");
    assert_eq!(app.me(&client).await["email_verified"], true);
}
