//! Settings → Security over HTTP: changing the password (the current one first, the sign-up rules
//! for the new one, other sessions ended on request, a security mail, an audit event), and the
//! upgrade of a hash made with weaker parameters at the next log-in.

use crate::settings::{invalid, token_in};
use crate::support::{PASSWORD, TestApp};
use reqwest::StatusCode;
use serde_json::Value;
use vestibule_domain::ValidationError;

const NEW: &str = "violet marmalade orbit 77 skyline";

fn change<'a>(current: &'a str, new: &'a str, sign_out_others: bool) -> [(&'a str, &'a str); 3] {
    [
        ("current_password", current),
        ("new_password", new),
        ("sign_out_others", if sign_out_others { "true" } else { "false" }),
    ]
}

/// A wrong current password, a weak or account-like new one: refused next to their fields, nothing
/// changes. Then a change that ends the other sessions (this one stays), tells the address, and is
/// in the audit log without the password; the old password stops working.
pub async fn change_password(app: &TestApp) {
    let sam = app.client();
    app.signed_up(&sam, "sam", "sam@example.com").await;
    let welcome = token_in(&app.mail_to("sam@example.com").await);
    assert_eq!(app.call(&app.client(), "confirm_email", &[("token", &welcome)]).await.status, StatusCode::OK);
    let other = app.client();
    app.log_in(&other, "sam", PASSWORD, None).await.assert_redirects_to("/settings");

    let reply = app.call(&sam, "change_password", &change("not my password at all", NEW, true)).await;
    reply.assert_error(422, invalid("current_password", "That is not your current password."));
    let reply = app.call(&sam, "change_password", &change(PASSWORD, "short", true)).await;
    reply.assert_error(422, invalid("new_password", &ValidationError::TooShort { min: 15 }.to_string()));
    let reply = app.call(&sam, "change_password", &change(PASSWORD, "sam sam sam sam sam sam", true)).await;
    reply.assert_error(422, invalid("new_password", &ValidationError::PasswordLikeAccount.to_string()));
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'password.changed'").await, 0);
    // Without a session, nothing.
    assert_eq!(app.call(&app.client(), "change_password", &change(PASSWORD, NEW, true)).await.status.as_u16(), 401);

    let reply = app.call(&sam, "change_password", &change(PASSWORD, NEW, true)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(app.me(&sam).await["username"], "sam", "this session stays");
    assert_eq!(app.me(&other).await, Value::Null, "the other session ended");
    app.log_in(&app.client(), "sam", PASSWORD, None).await.assert_error(401, serde_json::json!("BadCredentials"));
    app.log_in(&app.client(), "sam", NEW, None).await.assert_redirects_to("/settings");

    let mail = app.mail_to("sam@example.com").await;
    assert!(mail.contains("Subject: Your Vestibule password was changed"), "{mail}");
    assert!(mail.contains("127.0.0.1"), "from where: {mail}");
    assert!(!mail.contains("List-Unsubscribe"), "a security mail cannot be turned off: {mail}");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'password.changed'").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%marmalade%' OR target LIKE '%marmalade%'")
            .await,
        0
    );

    // Keeping the other sessions keeps them.
    let third = app.client();
    app.log_in(&third, "sam", NEW, None).await.assert_redirects_to("/settings");
    let reply = app.call(&sam, "change_password", &change(NEW, "quiet lantern harbor 19 meadow", false)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(app.me(&third).await["username"], "sam");

    // Two changes at once that prove the same password: one wins, the other is refused.
    let current = "quiet lantern harbor 19 meadow";
    let (first, second) = (
        change(current, "amber falcon drifting 2031 north", false),
        change(current, "copper willow thunder 4417 south", false),
    );
    let (a, b) = tokio::join!(app.call(&sam, "change_password", &first), app.call(&third, "change_password", &second));
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 422], "{} / {}", a.body, b.body);
}

/// A hash made with weaker argon2 parameters is made again with today's at the next successful
/// log-in; a failed log-in leaves it.
pub async fn hash_upgrade(app: &TestApp) {
    use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
    let ola = app.client();
    app.signed_up(&ola, "ola", "ola@example.com").await;
    let params = argon2::Params::new(4096, 1, 1, None).unwrap();
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let normalised = vestibule_domain::Password::for_login(PASSWORD);
    let weak =
        argon.hash_password(normalised.expose().as_bytes(), &SaltString::generate(&mut OsRng)).unwrap().to_string();
    sqlx::query("UPDATE users SET password_hash = $1 WHERE username = 'ola'")
        .bind(&weak)
        .execute(&app.v.db.pool)
        .await
        .unwrap();
    let stored = || async {
        sqlx::query_scalar::<_, String>("SELECT password_hash FROM users WHERE username = 'ola'")
            .fetch_one(&app.v.db.pool)
            .await
            .unwrap()
    };
    app.log_in(&app.client(), "ola", "wrong password, not hers", None).await;
    assert_eq!(stored().await, weak, "a failed log-in changes nothing");
    app.log_in(&app.client(), "ola", PASSWORD, None).await.assert_redirects_to("/settings");
    let upgraded = stored().await;
    assert!(upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{upgraded}");
    app.log_in(&app.client(), "ola", PASSWORD, None).await.assert_redirects_to("/settings");
    assert_eq!(stored().await, upgraded, "a current hash stays");
}

/// The sessions list: every live session with its browser and system, this one marked; one signed
/// out is refused on its next request; another account's session cannot be touched; all others.
pub async fn sessions(app: &TestApp) {
    let chrome =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    let firefox = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:133.0) Gecko/20100101 Firefox/133.0";
    let with_agent = |agent: &str| {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(agent.to_string())
            .build()
            .unwrap()
    };
    let (here, mac) = (with_agent(chrome), with_agent(firefox));
    app.signed_up(&here, "tia", "tia@example.com").await;
    app.log_in(&mac, "tia", PASSWORD, None).await.assert_redirects_to("/settings");
    let third = app.client();
    // A Chromium on a Chromebook says "Linux" in its user agent and the truth in its platform hint.
    let form = [("login", "tia"), ("password", PASSWORD)];
    let log_in = third.post(app.url("/fn/log_in")).header("accept", "application/json").header("user-agent", chrome);
    let reply = app.send(log_in.header("sec-ch-ua-platform", "\"Chrome OS\"").form(&form)).await;
    reply.assert_redirects_to("/settings");
    let stranger = app.client();
    app.signed_up(&stranger, "uwe", "uwe@example.com").await;

    let list = app.call(&here, "my_sessions", &[]).await.json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3, "{list:?}");
    let current: Vec<&Value> = list.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!((current[0]["browser"].as_str(), current[0]["os"].as_str()), (Some("Chrome"), Some("Linux")));
    let on_mac = list.iter().find(|s| s["browser"] == "Firefox").expect("the Mac's session");
    assert_eq!(on_mac["os"], "macOS");
    assert_eq!(on_mac["ip"], "127.0.0.1");
    let chromebook = list.iter().find(|s| s["os"] == "ChromeOS").expect("the Chromebook's session");
    assert_eq!(chromebook["browser"], "Chrome");
    assert!(on_mac["last_active"].as_str().is_some_and(|t| t.contains('/')), "formatted: {on_mac}");

    // Another account cannot sign out Tia's sessions (nor learn whether the id exists).
    let id = on_mac["id"].as_i64().unwrap().to_string();
    assert_eq!(app.call(&stranger, "sign_out_session", &[("id", &id)]).await.status.as_u16(), 404);
    assert_eq!(app.me(&mac).await["username"], "tia");
    assert_eq!(app.call(&here, "sign_out_session", &[("id", &id)]).await.status, StatusCode::OK);
    assert_eq!(app.me(&mac).await, Value::Null, "refused on its next request");
    assert_eq!(app.call(&here, "sign_out_session", &[("id", &id)]).await.status.as_u16(), 404, "already gone");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'session.ended'").await, 1);

    let reply = app.call(&here, "sign_out_other_sessions", &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json(), 1);
    assert_eq!(app.me(&third).await, Value::Null);
    assert_eq!(app.me(&here).await["username"], "tia");
    assert_eq!(app.me(&stranger).await["username"], "uwe", "other accounts keep theirs");
    assert_eq!(app.call(&here, "my_sessions", &[]).await.json().as_array().unwrap().len(), 1);
}

/// Sudo mode: a session whose last proof is older than the window may not change the address or
/// make or rotate a key until it gives the password (or, with two-factor sign-in on, an app code)
/// again; then it may, for the window. Other changes are not held up.
pub async fn sensitive_changes_need_a_recent_proof(app: &TestApp) {
    let client = app.client();
    app.signed_up(&client, "rex", "rex@example.com").await;
    let create = |name: &str| {
        let body = serde_json::json!({"request": {"name": name, "scopes": ["profile:read"], "expires_in_days": 30}});
        client.post(app.url("/fn/create_key")).header("accept", "application/json").json(&body)
    };
    let welcome = token_in(&app.mail_to("rex@example.com").await);
    assert_eq!(app.call(&client, "confirm_email", &[("token", &welcome)]).await.status, StatusCode::OK);
    let made = app.send(create("fresh")).await;
    assert_eq!(made.status, StatusCode::OK, "a log-in is a proof");
    // A new key is a security mail, which names it and never holds it.
    let mail = app.mail_to("rex@example.com").await;
    assert!(mail.contains("An API key named \"fresh\" with the scopes profile:read was created"), "{mail}");
    let secret = made.json()["secret"].as_str().expect("the key, once").to_string();
    assert!(!mail.contains(&secret[8..]), "{mail}");

    app.exec("UPDATE sessions SET proven_at = proven_at - 16 * 60 * 1000").await;
    let reply = app.send(create("later")).await;
    reply.assert_error(403, serde_json::json!(vestibule_domain::UserError::ReauthRequired));
    let reply = app.call(&client, "change_email", &[("email", "rex2@example.com")]).await;
    reply.assert_error(403, serde_json::json!(vestibule_domain::UserError::ReauthRequired));
    let reply = app.call(&client, "set_full_name", &[("full_name", "Rex")]).await;
    assert_eq!(reply.status, StatusCode::OK, "not a sensitive change");

    let reply = app.call(&client, "reauthenticate", &[("secret", "not my password at all")]).await;
    reply.assert_error(422, invalid("secret", &ValidationError::PasswordWrong.to_string()));
    assert_eq!(app.call(&app.client(), "reauthenticate", &[("secret", PASSWORD)]).await.status.as_u16(), 401);
    assert_eq!(app.call(&client, "reauthenticate", &[("secret", PASSWORD)]).await.status, StatusCode::OK);
    assert_eq!(app.send(create("later")).await.status, StatusCode::OK);
    assert_eq!(app.call(&client, "change_email", &[("email", "rex2@example.com")]).await.status, StatusCode::OK);
}
