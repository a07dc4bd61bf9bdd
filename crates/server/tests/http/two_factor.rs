//! Two-factor sign-in over HTTP: setting up an authenticator app (switched on only by a right code,
//! its key sealed at rest), the log-in's second step (an app code or a recovery code, each accepted
//! once, also when two arrive at once; 3 wrong codes per step; the ticket and nothing else), new
//! recovery codes and turning it off (both after the password), and the security mails.

use crate::settings::{invalid, token_in};
use crate::support::{PASSWORD, TestApp};
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::Value;
use vestibule_domain::ValidationError;

/// What an authenticator app shows for `key` (as the page shows it) at `unix_seconds` (RFC 6238).
pub(crate) fn app_code(key: &str, unix_seconds: i64) -> String {
    let secret = data_encoding::BASE32_NOPAD.decode(key.replace('-', "").as_bytes()).expect("a base32 key");
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&secret).expect("any key length");
    mac.update(&((unix_seconds / 30) as u64).to_be_bytes());
    let h = mac.finalize().into_bytes();
    let o = usize::from(h[19] & 0x0f);
    let word = u32::from_be_bytes([h[o] & 0x7f, h[o + 1], h[o + 2], h[o + 3]]);
    format!("{:06}", word % 1_000_000)
}

pub(crate) fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_secs() as i64
}

/// Waits until at least `needed` seconds of the current 30-second step are left, so that a test's
/// codes all fall in one step.
async fn settle_in_step(needed: i64) {
    let left = 30 - now() % 30;
    if left < needed {
        tokio::time::sleep(std::time::Duration::from_secs(left as u64 + 1)).await;
    }
}

/// The recovery codes in a change's answer (`{"status": …, "codes": [...]}`).
fn codes_of(reply: &Value) -> Vec<String> {
    let codes = reply["codes"].as_array().expect("a list of codes");
    codes.iter().map(|c| c.as_str().expect("a code").to_string()).collect()
}

fn confirm(code: &str) -> [(&str, &str); 2] {
    [("code", code), ("password", PASSWORD)]
}

/// Lets the code of the current step be accepted again, as if a step had passed since the last one.
async fn forget_last_step(app: &TestApp) {
    app.exec("UPDATE totp SET last_step = last_step - 2").await;
}

/// A verified account with the app switched on: the client (signed in), the key, the recovery codes.
pub(crate) async fn with_two_factor(app: &TestApp, name: &str) -> (reqwest::Client, String, Vec<String>) {
    let client = app.client();
    let email = format!("{name}@example.com");
    app.signed_up(&client, name, &email).await;
    let welcome = token_in(&app.mail_to(&email).await);
    assert_eq!(app.call(&app.client(), "confirm_email", &[("token", &welcome)]).await.status, StatusCode::OK);
    let started = app.call(&client, "start_totp", &[]).await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    let key = started.json()["secret"].as_str().expect("the key as text").to_string();
    let confirmed = app.call(&client, "confirm_totp", &confirm(&app_code(&key, now()))).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    (client, key, codes_of(&confirmed.json()))
}

/// Setting up: off at first; the QR code and the key; a wrong code keeps it off; the right one turns
/// it on with 10 recovery codes, a mail and an audit event; the key is not in the database in plain
/// text; a second set-up is refused.
pub async fn set_up(app: &TestApp) {
    let client = app.client();
    app.signed_up(&client, "tess", "tess@example.com").await;
    let welcome = token_in(&app.mail_to("tess@example.com").await);
    assert_eq!(app.call(&app.client(), "confirm_email", &[("token", &welcome)]).await.status, StatusCode::OK);
    let status = app.call(&client, "my_two_factor", &[]).await.json();
    assert_eq!(status, serde_json::json!({"totp_since": null, "recovery_left": 0}));
    assert_eq!(app.call(&app.client(), "start_totp", &[]).await.status.as_u16(), 401, "a session first");

    let started = app.call(&client, "start_totp", &[]).await.json();
    let key = started["secret"].as_str().unwrap().to_string();
    assert_eq!(key.replace('-', "").len(), 32, "160 bits in base32: {key}");
    let uri = started["uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/Vestibule:tess?secret=") && uri.contains("&issuer=Vestibule"), "{uri}");
    assert!(started["qr_svg"].as_str().unwrap().starts_with("<svg"));
    let stored: String = sqlx::query_scalar("SELECT secret FROM totp").fetch_one(&app.v.db.pool).await.unwrap();
    assert!(!stored.contains(&key.replace('-', "")), "the key is sealed at rest");

    // A wrong code, a malformed one: still off, and log-in asks for nothing more.
    let wrong = if app_code(&key, now()) == "000000" { "111111" } else { "000000" };
    let reply = app.call(&client, "confirm_totp", &confirm(wrong)).await;
    reply.assert_error(422, invalid("code", &ValidationError::CodeWrong.to_string()));
    let reply = app.call(&client, "confirm_totp", &confirm("12345")).await;
    reply.assert_error(422, invalid("code", &ValidationError::TotpFormat.to_string()));
    // A session alone cannot tie the account to a phone: the password too.
    let right = app_code(&key, now());
    let reply = app.call(&client, "confirm_totp", &[("code", right.as_str()), ("password", "not my password")]).await;
    reply.assert_error(422, invalid("password", &ValidationError::PasswordWrong.to_string()));
    // A set-up started again (another tab) replaces the key: a code of the first proves nothing.
    let restarted = app.call(&client, "start_totp", &[]).await.json();
    let reply = app.call(&client, "confirm_totp", &confirm(&app_code(&key, now()))).await;
    reply.assert_error(422, invalid("code", &ValidationError::CodeWrong.to_string()));
    let key = restarted["secret"].as_str().unwrap().to_string();
    assert_eq!(app.call(&client, "my_two_factor", &[]).await.json()["totp_since"], Value::Null);
    app.log_in(&app.client(), "tess", PASSWORD, None).await.assert_redirects_to("/settings");

    let confirmed = app.call(&client, "confirm_totp", &confirm(&app_code(&key, now()))).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    assert_eq!(confirmed.json()["status"]["recovery_left"], 10);
    let codes = codes_of(&confirmed.json());
    assert_eq!(codes.len(), 10);
    assert!(codes.iter().all(|c| c.len() == 19 && c.matches('-').count() == 3), "{codes:?}");
    let status = app.call(&client, "my_two_factor", &[]).await.json();
    assert!(status["totp_since"].is_i64() && status["recovery_left"] == 10, "{status}");
    let mail = app.mail_to("tess@example.com").await;
    assert!(mail.contains("Two-factor sign-in is now on"), "{mail}");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'two_factor.enabled'").await, 1);
    let hashes: Vec<String> =
        sqlx::query_scalar("SELECT code_hash FROM recovery_codes").fetch_all(&app.v.db.pool).await.unwrap();
    assert!(hashes.iter().all(|h| codes.iter().all(|c| !h.contains(&c.replace('-', "")))), "codes are hashed");

    let reply = app.call(&client, "start_totp", &[]).await;
    reply.assert_error(422, invalid("code", &ValidationError::TwoFactorOn.to_string()));
}

/// The second step: the password alone gives a ticket, not a session; the ticket alone is not
/// enough; a wrong code, a code already used, and a forged ticket are refused; the right code starts
/// the session and goes where the log-in was headed.
pub async fn log_in_with_a_code(app: &TestApp) {
    let (_, key, _) = with_two_factor(app, "uma").await;
    let browser = app.client();
    let reply = app.log_in(&browser, "uma", PASSWORD, Some("/settings/api-keys")).await;
    reply.assert_redirects_to("/login/two-factor?next=/settings/api-keys");
    assert_eq!(reply.session_cookie(), None, "no session before the second step");
    assert!(reply.set_cookies().iter().any(|c| c.starts_with("vestibule_login=") && c.contains("HttpOnly")));
    assert_eq!(app.me(&browser).await, Value::Null);
    let page = app.get(&browser, "/login/two-factor?next=/settings/api-keys").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Enter your code") && page.body.contains(r#"autocomplete="one-time-code""#));

    // Without the ticket (another browser), or with a forged one: log in again.
    let stranger = app.client();
    let reply = app.call(&stranger, "log_in_second_step", &[("code", &app_code(&key, now()))]).await;
    reply.assert_error(422, invalid("code", &ValidationError::SecondStepExpired.to_string()));
    let forged = app.bare_client().post(app.url("/fn/log_in_second_step")).header("accept", "application/json");
    let reply = app.send(forged.header("cookie", "vestibule_login=AAAA").form(&[("code", "123456")])).await;
    reply.assert_error(422, invalid("code", &ValidationError::SecondStepExpired.to_string()));

    settle_in_step(5).await;
    // The step whose code turned the app on counts as used.
    let code = app_code(&key, now());
    let reply = app.call(&browser, "log_in_second_step", &[("code", &code)]).await;
    reply.assert_error(422, invalid("code", &ValidationError::CodeWrong.to_string()));
    let reply = app.call(&browser, "log_in_second_step", &[("code", "not a code")]).await;
    reply.assert_error(422, invalid("code", &ValidationError::CodeFormat.to_string()));

    forget_last_step(app).await;
    let form = [("code", code.as_str()), ("next", "/settings/api-keys")];
    let reply = app.call(&browser, "log_in_second_step", &form).await;
    reply.assert_redirects_to("/settings/api-keys");
    assert!(reply.session_cookie().is_some());
    assert!(reply.set_cookies().iter().any(|c| c.starts_with("vestibule_login=;") && c.contains("Max-Age=0")));
    assert_eq!(app.me(&browser).await["username"], "uma");

    // The same code again, from a second log-in: used.
    let again = app.client();
    app.log_in(&again, "uma", PASSWORD, None).await.assert_redirects_to("/login/two-factor?next=/settings");
    let reply = app.call(&again, "log_in_second_step", &[("code", &code)]).await;
    reply.assert_error(422, invalid("code", &ValidationError::CodeWrong.to_string()));
}

/// Two submits of one code at once: exactly one session.
pub async fn a_code_is_accepted_once(app: &TestApp) {
    let (_, key, _) = with_two_factor(app, "vic").await;
    settle_in_step(8).await;
    forget_last_step(app).await;
    let (a, b) = (app.client(), app.client());
    for browser in [&a, &b] {
        app.log_in(browser, "vic", PASSWORD, None).await.assert_redirects_to("/login/two-factor?next=/settings");
    }
    let code = app_code(&key, now());
    let form = [("code", code.as_str())];
    let (ra, rb) = tokio::join!(app.call(&a, "log_in_second_step", &form), app.call(&b, "log_in_second_step", &form));
    let sessions = [&ra, &rb].iter().filter(|r| r.session_cookie().is_some()).count();
    let refused = [&ra, &rb].iter().filter(|r| r.status.as_u16() == 422).count();
    assert_eq!((sessions, refused), (1, 1), "{} / {}", ra.body, rb.body);
}

/// At most 3 wrong codes per step; then even the right one waits for the next step.
pub async fn three_wrong_codes_per_step(app: &TestApp) {
    let (_, key, _) = with_two_factor(app, "wes").await;
    settle_in_step(8).await;
    forget_last_step(app).await;
    let browser = app.client();
    app.log_in(&browser, "wes", PASSWORD, None).await.assert_redirects_to("/login/two-factor?next=/settings");
    let right = app_code(&key, now());
    let previous = app_code(&key, now() - 30);
    let wrong: Vec<String> =
        (0..10).map(|i| format!("{i}{i}{i}{i}{i}{i}")).filter(|c| *c != right && *c != previous).take(3).collect();
    for code in &wrong {
        let reply = app.call(&browser, "log_in_second_step", &[("code", code)]).await;
        reply.assert_error(422, invalid("code", &ValidationError::CodeWrong.to_string()));
    }
    let reply = app.call(&browser, "log_in_second_step", &[("code", &right)]).await;
    assert_eq!(reply.status.as_u16(), 429, "{}", reply.body);
    assert!(reply.header("retry-after").is_some_and(|s| s.parse::<u64>().is_ok_and(|s| (1..=30).contains(&s))));
}

/// A recovery code logs in once (typed in any case, with or without dashes), is mailed about with
/// how many are left, and is spent.
pub async fn log_in_with_a_recovery_code(app: &TestApp) {
    let (_, _, codes) = with_two_factor(app, "xia").await;
    let browser = app.client();
    app.log_in(&browser, "xia", PASSWORD, None).await.assert_redirects_to("/login/two-factor?next=/settings");
    let typed = codes[3].to_lowercase().replace('-', " ");
    let reply = app.call(&browser, "log_in_second_step", &[("code", &typed)]).await;
    reply.assert_redirects_to("/settings");
    assert_eq!(app.me(&browser).await["username"], "xia");
    assert_eq!(app.call(&browser, "my_two_factor", &[]).await.json()["recovery_left"], 9);
    let mail = app.mail_to("xia@example.com").await;
    assert!(mail.contains("A recovery code was used") && mail.contains("You have 9 recovery codes left"), "{mail}");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'two_factor.recovery_code_used'").await, 1);

    let again = app.client();
    app.log_in(&again, "xia", PASSWORD, None).await.assert_redirects_to("/login/two-factor?next=/settings");
    let reply = app.call(&again, "log_in_second_step", &[("code", &codes[3])]).await;
    reply.assert_error(422, invalid("code", &ValidationError::CodeWrong.to_string()));
}

/// New recovery codes and turning off ask for the password; new codes replace the old; off deletes
/// the key and the codes, can end the other sessions, mails, and log-in asks for the password only.
pub async fn new_codes_and_turning_off(app: &TestApp) {
    let (yan, _, old) = with_two_factor(app, "yan").await;
    let reply = app.call(&yan, "new_recovery_codes", &[("password", "not my password at all")]).await;
    reply.assert_error(422, invalid("password", &ValidationError::PasswordWrong.to_string()));
    let reply = app.call(&yan, "new_recovery_codes", &[("password", PASSWORD)]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let new = codes_of(&reply.json());
    assert_eq!(new.len(), 10);
    assert!(new.iter().all(|c| !old.contains(c)));
    let mail = app.mail_to("yan@example.com").await;
    assert!(mail.contains("New recovery codes were made"), "{mail}");
    let browser = app.client();
    app.log_in(&browser, "yan", PASSWORD, None).await.assert_redirects_to("/login/two-factor?next=/settings");
    let reply = app.call(&browser, "log_in_second_step", &[("code", &old[0])]).await;
    reply.assert_error(422, invalid("code", &ValidationError::CodeWrong.to_string()));
    app.call(&browser, "log_in_second_step", &[("code", &new[0])]).await.assert_redirects_to("/settings");

    let form = |password: &'static str| [("password", password), ("sign_out_others", "true")];
    let reply = app.call(&yan, "turn_off_two_factor", &form("not my password at all")).await;
    reply.assert_error(422, invalid("password", &ValidationError::PasswordWrong.to_string()));
    let reply = app.call(&yan, "turn_off_two_factor", &form(PASSWORD)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["status"]["totp_since"], Value::Null);
    let reply = app.call(&yan, "new_recovery_codes", &[("password", PASSWORD)]).await;
    reply.assert_error(422, invalid("password", &ValidationError::TwoFactorOff.to_string()));
    assert_eq!(app.call(&yan, "my_two_factor", &[]).await.json()["totp_since"], Value::Null);
    assert_eq!(app.me(&browser).await, Value::Null, "the other session ended");
    assert_eq!(app.me(&yan).await["username"], "yan", "this one stays");
    assert_eq!(app.count("SELECT COUNT(*) FROM recovery_codes").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM totp").await, 0);
    let mail = app.mail_to("yan@example.com").await;
    assert!(mail.contains("Two-factor sign-in was turned off"), "{mail}");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'two_factor.disabled'").await, 1);
    app.log_in(&app.client(), "yan", PASSWORD, None).await.assert_redirects_to("/settings");
}

/// The operator's way out for someone who lost the phone and the codes: off, sessions ended, mailed.
pub async fn the_operator_resets_it(app: &TestApp) {
    let (client, _, _) = with_two_factor(app, "cy3").await;
    let out = app.cli(&["user", "reset-two-factor", "--username", "CY3"], "").await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("two-factor sign-in is off for cy3"));
    // Another process: this server's look-ups may keep the session for up to a second.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(app.me(&client).await, Value::Null, "its sessions ended");
    app.log_in(&app.client(), "cy3", PASSWORD, None).await.assert_redirects_to("/settings");
    assert!(app.mail_to("cy3@example.com").await.contains("Two-factor sign-in was turned off"));
    let out = app.cli(&["user", "reset-two-factor", "--username", "cy3"], "").await;
    assert!(String::from_utf8_lossy(&out.stdout).contains("was already off"));
}

/// Codes sent at once do not pass the limit of 3 per step: the try is counted before the check.
pub async fn codes_at_once_stay_within_the_limit(app: &TestApp) {
    let (_, key, _) = with_two_factor(app, "zed").await;
    settle_in_step(10).await;
    forget_last_step(app).await;
    let browser = app.client();
    app.log_in(&browser, "zed", PASSWORD, None).await.assert_redirects_to("/login/two-factor?next=/settings");
    let (right, previous) = (app_code(&key, now()), app_code(&key, now() - 30));
    let wrong: Vec<String> =
        (100_000..100_100).map(|n| n.to_string()).filter(|c| *c != right && *c != previous).take(12).collect();
    let forms: Vec<[(&str, &str); 1]> = wrong.iter().map(|code| [("code", code.as_str())]).collect();
    let replies =
        futures_util::future::join_all(forms.iter().map(|form| app.call(&browser, "log_in_second_step", form))).await;
    let statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 422).count(), 3, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 9, "{statuses:?}");
}

/// The ticket: too old, or given before the password changed, and it is void.
pub async fn the_ticket_expires(app: &TestApp) {
    let (owner, key, _) = with_two_factor(app, "ada").await;
    let id = app.user_id("ada").await;
    let browser = app.client();
    app.log_in(&browser, "ada", PASSWORD, None).await.assert_redirects_to("/login/two-factor?next=/settings");
    // The same ticket with a deadline a second ago (sealed as the server seals it).
    let fingerprint = {
        use base64::Engine;
        use sha2::Digest;
        let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
            .bind(id)
            .fetch_one(&app.v.db.pool)
            .await
            .unwrap();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&sha2::Sha256::digest(hash.as_bytes())[..16])
    };
    let past = (now() - 1) * 1000;
    let old = app.v.sealer.seal_for_url("login-second-step", format!("{id}:{past}:{fingerprint}").as_bytes()).unwrap();
    let request = app.bare_client().post(app.url("/fn/log_in_second_step")).header("accept", "application/json");
    let reply = app.send(request.header("cookie", format!("vestibule_login={old}")).form(&[("code", "123456")])).await;
    reply.assert_error(422, invalid("code", &ValidationError::SecondStepExpired.to_string()));

    // A password change between the two steps voids the ticket.
    let new_password = "violet marmalade orbit 77 skyline";
    let change = [("current_password", PASSWORD), ("new_password", new_password), ("sign_out_others", "false")];
    assert_eq!(app.call(&owner, "change_password", &change).await.status, StatusCode::OK);
    forget_last_step(app).await;
    let reply = app.call(&browser, "log_in_second_step", &[("code", &app_code(&key, now()))]).await;
    reply.assert_error(422, invalid("code", &ValidationError::SecondStepExpired.to_string()));
}

/// Knowing the password does not reset how many codes were guessed; the owner hears of it when
/// the guesses start to be slowed down.
pub async fn the_password_does_not_reset_the_code_count(app: &TestApp) {
    let (_, key, _) = with_two_factor(app, "boa").await;
    let id = app.user_id("boa").await;
    // Four wrong codes on record (as if from earlier steps), the fifth now.
    sqlx::query("INSERT INTO login_throttle (login_key, failures, blocked_until) VALUES ($1, 4, 0)")
        .bind(format!("2fa:{id}"))
        .execute(&app.v.db.pool)
        .await
        .unwrap();
    settle_in_step(5).await;
    forget_last_step(app).await;
    let browser = app.client();
    app.log_in(&browser, "boa", PASSWORD, None).await.assert_redirects_to("/login/two-factor?next=/settings");
    let wrong = if app_code(&key, now()) == "000000" { "111111" } else { "000000" };
    let reply = app.call(&browser, "log_in_second_step", &[("code", wrong)]).await;
    reply.assert_error(422, invalid("code", &ValidationError::CodeWrong.to_string()));
    let mail = app.mail_to("boa@example.com").await;
    assert!(mail.contains("Someone entered your password") && mail.contains("change it now"), "{mail}");
    // A correct password now does not clear the count: the next code waits.
    let again = app.client();
    app.log_in(&again, "boa", PASSWORD, None).await.assert_redirects_to("/login/two-factor?next=/settings");
    let reply = app.call(&again, "log_in_second_step", &[("code", &app_code(&key, now()))]).await;
    assert_eq!(reply.status.as_u16(), 429, "{}", reply.body);
}

/// Once a second factor is on, a new password may be 8 characters long (NIST SP 800-63B-4); without
/// one, 15.
pub async fn a_second_factor_allows_a_shorter_password(app: &TestApp) {
    let short = "Qv7#mP2x!kLw";
    let change =
        |new: &'static str| [("current_password", PASSWORD), ("new_password", new), ("sign_out_others", "false")];
    let plain = app.client();
    app.signed_up(&plain, "dee", "dee@example.com").await;
    let reply = app.call(&plain, "change_password", &change(short)).await;
    reply.assert_error(422, invalid("new_password", &ValidationError::TooShort { min: 15 }.to_string()));
    let (client, _, _) = with_two_factor(app, "eve").await;
    let reply = app.call(&client, "change_password", &change("Qv7#mP")).await;
    reply.assert_error(422, invalid("new_password", &ValidationError::TooShort { min: 8 }.to_string()));
    let reply = app.call(&client, "change_password", &change(short)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // Turned off, the short password is no longer enough: the answer says so, for the page to ask.
    let reply = app.call(&client, "turn_off_two_factor", &[("password", short), ("sign_out_others", "false")]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["password_too_short"], true);
    // A long password is not asked to change.
    let (fay, _, _) = with_two_factor(app, "fey").await;
    let reply = app.call(&fay, "turn_off_two_factor", &[("password", PASSWORD), ("sign_out_others", "false")]).await;
    assert_eq!(reply.json()["password_too_short"], false);
}

/// With two-factor sign-in on, a code from the app proves the owner again as well as the password.
pub async fn an_app_code_proves_the_owner_again(app: &TestApp) {
    let (client, key, _) = with_two_factor(app, "fay").await;
    app.exec("UPDATE sessions SET proven_at = proven_at - 16 * 60 * 1000").await;
    let reply = app.call(&client, "change_email", &[("email", "fay2@example.com")]).await;
    assert_eq!(reply.status.as_u16(), 403, "{}", reply.body);
    settle_in_step(5).await;
    forget_last_step(app).await;
    let reply = app.call(&client, "reauthenticate", &[("secret", &app_code(&key, now()))]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(app.call(&client, "change_email", &[("email", "fay2@example.com")]).await.status, StatusCode::OK);
}
