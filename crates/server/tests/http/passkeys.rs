//! Passkeys over HTTP, with a software authenticator playing the browser's part
//! (`authenticator.rs`): adding one (after a recent proof, only at a host name), signing in with it
//! alone or as the second step, each answer good once, another account's passkey refused, rename
//! and remove, the audit rows and the security mails.

use crate::authenticator::SoftAuthenticator;
use crate::settings::{invalid, token_in};
use crate::support::{PASSWORD, Reply, TestApp};
use reqwest::StatusCode;
use serde_json::Value;
use vestibule_domain::ValidationError;

/// Where the browser is: WebAuthn needs a host name, and the server takes `localhost` as one.
fn host(app: &TestApp) -> String {
    app.url("").trim_start_matches("http://").trim_end_matches('/').replace("127.0.0.1", "localhost")
}

fn origin(app: &TestApp) -> String {
    format!("http://{}", host(app))
}

/// A server function called as a browser at `localhost` calls it.
async fn call(app: &TestApp, client: &reqwest::Client, name: &str, form: &[(&str, &str)]) -> Reply {
    let request = client
        .post(app.url(&format!("/fn/{name}")))
        .header(reqwest::header::HOST, host(app))
        .header(reqwest::header::ACCEPT, "application/json")
        .form(form);
    app.send(request).await
}

/// `start_*`'s answer: the ceremony and the options as the browser gets them.
fn challenge(reply: &Reply) -> (String, Value) {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = reply.json();
    let options = serde_json::from_str(json["options"].as_str().expect("options as text")).expect("options in JSON");
    (json["ceremony"].as_str().expect("a ceremony").to_string(), options)
}

/// A verified account, signed in.
async fn verified(app: &TestApp, name: &str) -> reqwest::Client {
    let client = app.client();
    let email = format!("{name}@example.com");
    app.signed_up(&client, name, &email).await;
    let welcome = token_in(&app.mail_to(&email).await);
    assert_eq!(app.call(&app.client(), "confirm_email", &[("token", &welcome)]).await.status, StatusCode::OK);
    client
}

/// Adds a passkey named `name` from `authenticator`; the server's answer.
async fn add(app: &TestApp, client: &reqwest::Client, authenticator: &mut SoftAuthenticator, name: &str) -> Reply {
    let (ceremony, options) = challenge(&call(app, client, "start_passkey", &[]).await);
    let credential = authenticator.create(&options, &origin(app)).expect("the authenticator makes a passkey");
    let form = [("ceremony", ceremony.as_str()), ("name", name), ("credential", &credential.to_string())];
    call(app, client, "add_passkey", &form).await
}

/// Signs in with a passkey on the log-in page (no username); the server's answer.
async fn sign_in(app: &TestApp, client: &reqwest::Client, authenticator: &mut SoftAuthenticator) -> Reply {
    let (ceremony, options) = challenge(&call(app, client, "start_passkey_sign_in", &[("second_step", "false")]).await);
    let credential = authenticator.get(&options, &origin(app)).expect("the authenticator signs");
    let form = [("ceremony", ceremony.as_str()), ("credential", &credential.to_string()), ("second_step", "false")];
    call(app, client, "passkey_sign_in", &form).await
}

/// Adding: only at a host name; named; its public key stored, and nothing else; mailed and audited;
/// the same authenticator not twice; an answer good once; an answer for another origin refused.
pub async fn add_and_list(app: &TestApp) {
    let client = verified(app, "pam").await;
    assert_eq!(call(app, &client, "my_passkeys", &[]).await.json(), serde_json::json!([]));
    assert_eq!(call(app, &app.client(), "start_passkey", &[]).await.status.as_u16(), 401, "a session first");
    // At an IP address a browser refuses passkeys; the server says why instead of failing later.
    let reply = app.call(&client, "start_passkey", &[]).await;
    reply.assert_error(422, invalid("passkey", &ValidationError::PasskeyHostName.to_string()));

    let mut laptop = SoftAuthenticator::new();
    let reply = add(app, &client, &mut laptop, "  Laptop  ").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["name"], "Laptop");
    assert_eq!(reply.json()["last_used"], Value::Null);
    let listed = call(app, &client, "my_passkeys", &[]).await.json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    // The security page's one answer carries the same list beside the two-factor setup and the sessions.
    let page = call(app, &client, "my_security", &[]).await.json();
    assert_eq!(page["passkeys"], listed);
    assert_eq!(page["two_factor"]["totp_since"], Value::Null);
    assert_eq!(page["sessions"].as_array().map(Vec::len), Some(1), "{page}");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'passkey.added'").await, 1);
    let mail = app.mail_to("pam@example.com").await;
    assert!(mail.contains("A passkey named \"Laptop\" was added"), "{mail}");

    // The same authenticator again: the browser is told which passkeys the account has, and refuses.
    let (_, options) = challenge(&call(app, &client, "start_passkey", &[]).await);
    let refused = laptop.create(&options, &origin(app)).expect_err("excluded");
    assert!(refused.starts_with("InvalidStateError"), "{refused}");

    // A name is required, checked before the ceremony is spent on it.
    let mut phone = SoftAuthenticator::new();
    let reply = add(app, &client, &mut phone, " ").await;
    reply.assert_error(422, invalid("name", &ValidationError::Required.to_string()));

    // An answer is good once: the ceremony is taken by the request that finishes it.
    let (ceremony, options) = challenge(&call(app, &client, "start_passkey", &[]).await);
    let credential = phone.create(&options, &origin(app)).expect("a passkey").to_string();
    let form = [("ceremony", ceremony.as_str()), ("name", "Phone"), ("credential", credential.as_str())];
    assert_eq!(call(app, &client, "add_passkey", &form).await.status, StatusCode::OK);
    let reply = call(app, &client, "add_passkey", &form).await;
    reply.assert_error(422, invalid("passkey", &ValidationError::PasskeyFailed.to_string()));

    // Made for another site (the origin a look-alike page would give): refused.
    let mut key = SoftAuthenticator::new();
    let (ceremony, options) = challenge(&call(app, &client, "start_passkey", &[]).await);
    let other = origin(app).replace("localhost", "evil.localhost");
    let credential = key.create(&options, &other);
    if let Ok(credential) = credential {
        let form = [("ceremony", ceremony.as_str()), ("name", "Key"), ("credential", &credential.to_string())];
        let reply = call(app, &client, "add_passkey", &form).await;
        reply.assert_error(422, invalid("passkey", &ValidationError::PasskeyFailed.to_string()));
    }
    // Another account cannot finish this account's ceremony.
    let (ceremony, options) = challenge(&call(app, &client, "start_passkey", &[]).await);
    let credential = key.create(&options, &origin(app)).expect("a passkey").to_string();
    let stranger = verified(app, "quin").await;
    let form = [("ceremony", ceremony.as_str()), ("name", "Key"), ("credential", credential.as_str())];
    let reply = call(app, &stranger, "add_passkey", &form).await;
    reply.assert_error(422, invalid("passkey", &ValidationError::PasskeyFailed.to_string()));
    assert_eq!(app.count("SELECT COUNT(*) FROM passkeys").await, 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM passkeys WHERE name = 'Key'").await, 0);
}

/// Signing in with a passkey alone: a session, the sign-in audited as a passkey's, the passkey's
/// last use and counter kept; the same answer again refused; an unknown passkey told as such.
pub async fn sign_in_without_a_password(app: &TestApp) {
    let client = verified(app, "ruth").await;
    let mut laptop = SoftAuthenticator::new();
    assert_eq!(add(app, &client, &mut laptop, "Laptop").await.status, StatusCode::OK);
    app.log_out(&client).await;

    let browser = app.client();
    let (ceremony, options) =
        challenge(&call(app, &browser, "start_passkey_sign_in", &[("second_step", "false")]).await);
    let credential = laptop.get(&options, &origin(app)).expect("signed").to_string();
    let form = [
        ("ceremony", ceremony.as_str()),
        ("credential", credential.as_str()),
        ("second_step", "false"),
        ("next", "/settings/security"),
    ];
    let reply = call(app, &browser, "passkey_sign_in", &form).await;
    reply.assert_redirects_to("/settings/security");
    assert_eq!(app.me(&browser).await["username"], "ruth");
    let detail: String = sqlx::query_scalar(
        "SELECT detail FROM audit_events WHERE action = 'sign_in.succeeded' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.v.db.pool)
    .await
    .expect("a sign-in row");
    assert_eq!(detail, "passkey");
    let listed = call(app, &browser, "my_passkeys", &[]).await.json();
    assert!(listed[0]["last_used"].is_string(), "{listed}");

    // Replayed: the ceremony is spent.
    let again = app.client();
    let reply = call(app, &again, "passkey_sign_in", &form).await;
    reply.assert_error(422, invalid("passkey", &ValidationError::PasskeyFailed.to_string()));
    assert_eq!(app.me(&again).await, Value::Null);

    // A copy of the authenticator that fell behind (a cloned key): its counter gives it away.
    let mut clone = laptop.clone();
    assert_eq!(sign_in(app, &app.client(), &mut laptop).await.status.as_u16(), 200, "the original goes on");
    let reply = sign_in(app, &app.client(), &mut clone).await;
    reply.assert_error(422, invalid("passkey", &ValidationError::PasskeyFailed.to_string()));

    // A passkey the server does not know (removed meanwhile, or another site's).
    let mut stranger = SoftAuthenticator::new();
    let (_, options) = challenge(&call(app, &browser, "start_passkey", &[]).await);
    stranger.create(&options, &origin(app)).expect("made, but never sent to the server");
    let reply = sign_in(app, &app.client(), &mut stranger).await;
    reply.assert_error(422, invalid("passkey", &ValidationError::PasskeyUnknown.to_string()));
}

/// With two-factor sign-in on, a passkey can be the second step after the password: only with the
/// ticket, only one of that account's passkeys; the log-in offers it to accounts that have one.
pub async fn second_step_with_a_passkey(app: &TestApp) {
    let (client, _, _) = crate::two_factor::with_two_factor(app, "sam").await;
    let mut laptop = SoftAuthenticator::new();
    assert_eq!(add(app, &client, &mut laptop, "Laptop").await.status, StatusCode::OK);
    let other = verified(app, "tia").await;
    let mut theirs = SoftAuthenticator::new();
    assert_eq!(add(app, &other, &mut theirs, "Theirs").await.status, StatusCode::OK);

    let browser = app.client();
    app.log_in(&browser, "sam", PASSWORD, None).await.assert_redirects_to("/login/two-factor?next=/settings&passkey=1");
    // Without the ticket: log in again.
    let reply = call(app, &app.client(), "start_passkey_sign_in", &[("second_step", "true")]).await;
    reply.assert_error(422, invalid("code", &ValidationError::SecondStepExpired.to_string()));

    // Another account's passkey does not prove this one (the browser would not offer it; a forged
    // answer tries).
    let (ceremony, mut options) =
        challenge(&call(app, &browser, "start_passkey_sign_in", &[("second_step", "true")]).await);
    assert_eq!(options["allowCredentials"].as_array().map(Vec::len), Some(1), "only sam's passkey is asked for");
    options["allowCredentials"] = serde_json::json!([]);
    let credential = theirs.get(&options, &origin(app)).expect("signed").to_string();
    let form = [("ceremony", ceremony.as_str()), ("credential", credential.as_str()), ("second_step", "true")];
    let reply = call(app, &browser, "passkey_sign_in", &form).await;
    reply.assert_error(422, invalid("passkey", &ValidationError::PasskeyFailed.to_string()));
    assert_eq!(app.me(&browser).await, Value::Null);

    let (ceremony, options) =
        challenge(&call(app, &browser, "start_passkey_sign_in", &[("second_step", "true")]).await);
    let credential = laptop.get(&options, &origin(app)).expect("signed").to_string();
    let form = [("ceremony", ceremony.as_str()), ("credential", credential.as_str()), ("second_step", "true")];
    let reply = call(app, &browser, "passkey_sign_in", &form).await;
    reply.assert_redirects_to("/settings");
    assert!(reply.set_cookies().iter().any(|c| c.starts_with("vestibule_login=;") && c.contains("Max-Age=0")));
    assert_eq!(app.me(&browser).await["username"], "sam");
    let failed =
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'sign_in.failed' AND detail = 'passkey'").await;
    assert_eq!(failed, 1);
    let proven = app
        .count("SELECT COUNT(*) FROM audit_events WHERE action = 'sign_in.succeeded' AND detail = 'password_passkey'")
        .await;
    assert_eq!(proven, 1);

    // An account without passkeys is not offered one.
    let plain = app.client();
    app.signed_up(&plain, "uwe", "uwe@example.com").await;
    app.log_out(&plain).await;
    app.log_in(&plain, "uwe", PASSWORD, None).await.assert_redirects_to("/settings");
}

/// Rename (the owner's passkeys only) and remove (after a recent proof, which the passkey itself can
/// give; mailed, audited); a removed passkey signs in no more.
pub async fn rename_and_remove(app: &TestApp) {
    let client = verified(app, "vera").await;
    let mut laptop = SoftAuthenticator::new();
    let added = add(app, &client, &mut laptop, "Laptop").await.json();
    let id = added["id"].as_i64().expect("an id").to_string();

    assert_eq!(
        call(app, &client, "rename_passkey", &[("id", &id), ("name", "Work laptop")]).await.status,
        StatusCode::OK
    );
    assert_eq!(call(app, &client, "my_passkeys", &[]).await.json()[0]["name"], "Work laptop");
    let reply = call(app, &client, "rename_passkey", &[("id", &id), ("name", &"x".repeat(65))]).await;
    reply.assert_error(422, invalid("name", &ValidationError::TooLong { max: 64 }.to_string()));
    let stranger = verified(app, "walt").await;
    assert_eq!(call(app, &stranger, "rename_passkey", &[("id", &id), ("name", "Mine")]).await.status.as_u16(), 404);
    assert_eq!(call(app, &stranger, "remove_passkey", &[("id", &id)]).await.status.as_u16(), 404);

    // Removing needs a recent proof.
    app.exec("UPDATE sessions SET proven_at = proven_at - 16 * 60 * 1000").await;
    let reply = call(app, &client, "remove_passkey", &[("id", &id)]).await;
    reply.assert_error(403, serde_json::json!(vestibule_domain::UserError::ReauthRequired));
    // The passkey itself proves the owner again (the dialog offers it to an account that has one).
    assert_eq!(call(app, &client, "has_passkeys", &[]).await.json(), true);
    assert_eq!(call(app, &stranger, "has_passkeys", &[]).await.json(), false);
    let (ceremony, options) = challenge(&call(app, &client, "start_passkey_proof", &[]).await);
    let credential = laptop.get(&options, &origin(app)).expect("signed").to_string();
    let form = [("ceremony", ceremony.as_str()), ("credential", credential.as_str())];
    // Not another account's session: the ceremony names its account.
    let reply = call(app, &stranger, "reauthenticate_with_passkey", &form).await;
    reply.assert_error(422, invalid("passkey", &ValidationError::PasskeyFailed.to_string()));
    let (ceremony, options) = challenge(&call(app, &client, "start_passkey_proof", &[]).await);
    let credential = laptop.get(&options, &origin(app)).expect("signed").to_string();
    let form = [("ceremony", ceremony.as_str()), ("credential", credential.as_str())];
    assert_eq!(call(app, &client, "reauthenticate_with_passkey", &form).await.status, StatusCode::OK);
    assert_eq!(call(app, &client, "remove_passkey", &[("id", &id)]).await.status, StatusCode::OK);
    assert_eq!(call(app, &client, "my_passkeys", &[]).await.json(), serde_json::json!([]));
    let mail = app.mails_to("vera@example.com").await.join("\n");
    assert!(mail.contains("The passkey named \"Work laptop\" was removed"), "{mail}");
    for action in ["passkey.added", "passkey.renamed", "passkey.removed"] {
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = $1")
            .bind(action)
            .fetch_one(&app.v.db.pool)
            .await
            .expect("a count");
        assert_eq!(rows, 1, "{action}");
    }
    let reply = sign_in(app, &app.client(), &mut laptop).await;
    reply.assert_error(422, invalid("passkey", &ValidationError::PasskeyUnknown.to_string()));
}

/// Anyone may begin a passkey sign-in (no account yet), and each one waits in the database: so many
/// open at once from one network, then 429 with `Retry-After`; an account's own ceremonies are not
/// counted against it.
pub async fn open_sign_ins_are_limited_per_network(app: &TestApp) {
    let limit = vestibule_service::passkeys::OPEN_SIGN_INS_PER_NETWORK;
    let stranger = app.client();
    for _ in 0..limit {
        let reply = call(app, &stranger, "start_passkey_sign_in", &[("second_step", "false")]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let reply = call(app, &stranger, "start_passkey_sign_in", &[("second_step", "false")]).await;
    assert_eq!(reply.status.as_u16(), 429, "{}", reply.body);
    assert!(reply.header("retry-after").is_some_and(|s| s.parse::<u64>().is_ok_and(|s| s > 0 && s <= 300)));
    // A signed-in owner adding a passkey from the same address is not held up.
    let client = verified(app, "xia").await;
    assert_eq!(call(app, &client, "start_passkey", &[]).await.status, StatusCode::OK);
    // Once they expire, sign-ins begin again.
    app.exec("UPDATE passkey_ceremonies SET expires_at = 0").await;
    let reply = call(app, &stranger, "start_passkey_sign_in", &[("second_step", "false")]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}
