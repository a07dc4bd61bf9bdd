//! HTTP tests: the real router on a random port, over SQLite and over PostgreSQL.
//! Each scenario runs once per engine (`sqlite_<name>`, `postgres_<name>`), each on a fresh database.
//! PostgreSQL: `VESTIBULE_TEST_POSTGRES_URL` (default postgres://postgres@127.0.0.1:5432/postgres);
//! when it is unreachable the PostgreSQL variants are skipped, unless `CI=true`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "http/accounts.rs"]
mod accounts;
#[path = "http/answers.rs"]
mod answers;
#[path = "http/api_keys.rs"]
mod api_keys;
#[path = "http/app_preferences.rs"]
mod app_preferences;
#[path = "http/audit.rs"]
mod audit;
// A software authenticator: the browser's and the passkey's part of WebAuthn, for real.
#[path = "http/authenticator.rs"]
mod authenticator;
#[path = "http/avatars.rs"]
mod avatars;
// A DNS server whose answers change (rebinding), for the webhooks' SSRF guard.
#[path = "http/dns.rs"]
mod dns;
#[path = "http/git_tokens.rs"]
mod git_tokens;
#[path = "http/maintenance.rs"]
mod maintenance;
#[path = "http/notifications.rs"]
mod notifications;
#[path = "http/outbox.rs"]
mod outbox;
#[path = "http/passkeys.rs"]
mod passkeys;
#[path = "http/scheduled.rs"]
mod scheduled;
#[path = "http/schema.rs"]
mod schema;
#[path = "http/security.rs"]
mod security;
#[path = "http/sessions.rs"]
mod sessions;
#[path = "http/settings.rs"]
mod settings;
// Single sign-on against a real OpenID Connect provider.
#[path = "http/smtp.rs"]
mod smtp;
#[path = "http/sso.rs"]
mod sso;
#[path = "http/support.rs"]
mod support;
#[path = "http/support_access.rs"]
mod support_access;
#[path = "http/two_factor.rs"]
mod two_factor;
#[path = "http/webhooks.rs"]
mod webhooks;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{COOKIE, Engine, PASSWORD, TestApp};
use vestibule_domain::{EmailAddress, Password, UserError, Username, ValidationError};

/// `sqlite_<name>` and `postgres_<name>` tests for each `async fn <name>(app: &TestApp)`.
macro_rules! on_both_engines {
    ($($name:path => $sqlite:ident, $postgres:ident;)*) => {$(
        // On every core, like the server binary (see main.rs).
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $sqlite() {
            support::run(Engine::Sqlite, |app| async move { $name(&app).await }).await;
        }

        // On every core, like the server binary (see main.rs).
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $postgres() {
            support::run(Engine::Postgres, |app| async move { $name(&app).await }).await;
        }
    )*};
}

/// Like `on_both_engines!`, on apps started with extra settings: `name [("VESTIBULE_…", "value")] => …`.
macro_rules! on_both_engines_with {
    ($($name:path [$($var:expr),* $(,)?] => $sqlite:ident, $postgres:ident;)*) => {$(
        // On every core, like the server binary (see main.rs).
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $sqlite() {
            support::run_with(Engine::Sqlite, &[$($var),*], |app| async move { $name(&app).await }).await;
        }

        // On every core, like the server binary (see main.rs).
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $postgres() {
            support::run_with(Engine::Postgres, &[$($var),*], |app| async move { $name(&app).await }).await;
        }
    )*};
}

on_both_engines! {
    support_access::staff_act_within_limits => sqlite_support_staff_act_within_limits, postgres_support_staff_act_within_limits;
    support_access::acting_ends => sqlite_support_acting_ends, postgres_support_acting_ends;
    sign_up_starts_a_session => sqlite_sign_up_starts_a_session, postgres_sign_up_starts_a_session;
    taken_username_and_email => sqlite_taken_username_and_email, postgres_taken_username_and_email;
    bad_input_is_refused_per_field => sqlite_bad_input_is_refused_per_field, postgres_bad_input_is_refused_per_field;
    log_in_by_username_or_email => sqlite_log_in_by_username_or_email, postgres_log_in_by_username_or_email;
    log_in_never_sends_users_elsewhere => sqlite_log_in_never_sends_users_elsewhere, postgres_log_in_never_sends_users_elsewhere;
    log_out_ends_the_session_server_side => sqlite_log_out_ends_the_session_server_side, postgres_log_out_ends_the_session_server_side;
    sessions_expire => sqlite_sessions_expire, postgres_sessions_expire;
    settings_need_a_session_and_health => sqlite_settings_need_a_session_and_health, postgres_settings_need_a_session_and_health;
    cross_site_posts_are_refused => sqlite_cross_site_posts_are_refused, postgres_cross_site_posts_are_refused;
    security_headers_and_nonces => sqlite_security_headers_and_nonces, postgres_security_headers_and_nonces;
    failed_log_ins_are_throttled_per_ip => sqlite_failed_log_ins_are_throttled_per_ip, postgres_failed_log_ins_are_throttled_per_ip;
    account_delay_lock_and_unlock => sqlite_account_delay_lock_and_unlock, postgres_account_delay_lock_and_unlock;
    cli_creates_users => sqlite_cli_creates_users, postgres_cli_creates_users;
    secrets_at_rest => sqlite_secrets_at_rest, postgres_secrets_at_rest;
    accounts::one_email_rule => sqlite_one_email_rule, postgres_one_email_rule;
    accounts::cli_names_users_like_sign_up => sqlite_cli_names_users, postgres_cli_names_users;
    accounts::sign_up_verifies_the_address => sqlite_sign_up_verifies_the_address, postgres_sign_up_verifies_the_address;
    avatars::avatars => sqlite_avatars, postgres_avatars;
    sessions::cached_sessions_follow_every_change => sqlite_cached_sessions, postgres_cached_sessions;
    settings::full_name => sqlite_full_name, postgres_full_name;
    audit::events_are_listed => sqlite_audit_events_are_listed, postgres_audit_events_are_listed;
    audit::events_come_a_page_at_a_time => sqlite_audit_a_page_at_a_time, postgres_audit_a_page_at_a_time;
    audit::a_new_browser_is_mailed_about => sqlite_audit_a_new_browser_is_mailed_about, postgres_audit_a_new_browser_is_mailed_about;
    two_factor::set_up => sqlite_two_factor_set_up, postgres_two_factor_set_up;
    passkeys::add_and_list => sqlite_passkeys_add_and_list, postgres_passkeys_add_and_list;
    passkeys::sign_in_without_a_password => sqlite_passkeys_sign_in_alone, postgres_passkeys_sign_in_alone;
    passkeys::second_step_with_a_passkey => sqlite_passkeys_second_step, postgres_passkeys_second_step;
    passkeys::rename_and_remove => sqlite_passkeys_rename_and_remove, postgres_passkeys_rename_and_remove;
    passkeys::open_sign_ins_are_limited_per_network => sqlite_passkeys_open_sign_ins_limited, postgres_passkeys_open_sign_ins_limited;
    two_factor::log_in_with_a_code => sqlite_two_factor_log_in_with_a_code, postgres_two_factor_log_in_with_a_code;
    two_factor::a_code_is_accepted_once => sqlite_two_factor_a_code_is_accepted_once, postgres_two_factor_a_code_is_accepted_once;
    two_factor::three_wrong_codes_per_step => sqlite_two_factor_three_wrong_codes_per_step, postgres_two_factor_three_wrong_codes_per_step;
    two_factor::log_in_with_a_recovery_code => sqlite_two_factor_log_in_with_a_recovery_code, postgres_two_factor_log_in_with_a_recovery_code;
    two_factor::new_codes_and_turning_off => sqlite_two_factor_new_codes_and_turning_off, postgres_two_factor_new_codes_and_turning_off;
    two_factor::codes_at_once_stay_within_the_limit => sqlite_two_factor_codes_at_once, postgres_two_factor_codes_at_once;
    two_factor::the_operator_resets_it => sqlite_two_factor_the_operator_resets_it, postgres_two_factor_the_operator_resets_it;
    two_factor::a_second_factor_allows_a_shorter_password => sqlite_two_factor_shorter_password, postgres_two_factor_shorter_password;
    two_factor::an_app_code_proves_the_owner_again => sqlite_two_factor_app_code_proves_again, postgres_two_factor_app_code_proves_again;
    two_factor::the_ticket_expires => sqlite_two_factor_the_ticket_expires, postgres_two_factor_the_ticket_expires;
    two_factor::the_password_does_not_reset_the_code_count => sqlite_two_factor_password_keeps_code_count, postgres_two_factor_password_keeps_code_count;
    settings::preferences => sqlite_preferences, postgres_preferences;
    settings::email_change => sqlite_email_change, postgres_email_change;
    settings::unverified_address_gets_no_change_notice => sqlite_unverified_address_gets_no_change_notice, postgres_unverified_address_gets_no_change_notice;
    settings::test_clock_hook => sqlite_at_is_ignored_by_default, postgres_at_is_ignored_by_default;
    maintenance::sweep_deletes_only_expired_rows => sqlite_sweep_deletes_only_expired_rows, postgres_sweep_deletes_only_expired_rows;
    settings::mail_links_ignore_the_host_header => sqlite_mail_links_ignore_host, postgres_mail_links_ignore_host;
    settings::every_server_function_refuses_other_sites => sqlite_every_fn_refuses_other_sites, postgres_every_fn_refuses_other_sites;
    api_keys::create_list_and_scopes => sqlite_api_keys_create_list_and_scopes, postgres_api_keys_create_list_and_scopes;
    api_keys::validation => sqlite_api_keys_validation, postgres_api_keys_validation;
    api_keys::scope_escalation => sqlite_api_keys_scope_escalation, postgres_api_keys_scope_escalation;
    api_keys::refusals => sqlite_api_keys_refusals, postgres_api_keys_refusals;
    api_keys::verify => sqlite_api_keys_verify, postgres_api_keys_verify;
    api_keys::ip_allowlist_without_a_proxy => sqlite_api_keys_ip_without_a_proxy, postgres_api_keys_ip_without_a_proxy;
    api_keys::leaked_keys => sqlite_api_keys_leaked_keys, postgres_api_keys_leaked_keys;
    git_tokens::stored_sealed_and_read_by_the_platform => sqlite_git_tokens_sealed, postgres_git_tokens_sealed;
    git_tokens::expiry_reminders => sqlite_git_tokens_expiry_reminders, postgres_git_tokens_expiry_reminders;
    api_keys::rotation => sqlite_api_keys_rotation, postgres_api_keys_rotation;
    api_keys::edit_and_delete => sqlite_api_keys_edit_and_delete, postgres_api_keys_edit_and_delete;
    api_keys::audit_log => sqlite_api_keys_audit_log, postgres_api_keys_audit_log;
    api_keys::secrets_at_rest_and_in_logs => sqlite_api_keys_secrets_at_rest_and_in_logs, postgres_api_keys_secrets_at_rest_and_in_logs;
    api_keys::me_and_preferences => sqlite_api_keys_me_and_preferences, postgres_api_keys_me_and_preferences;
    api_keys::openapi_document => sqlite_api_keys_openapi_document, postgres_api_keys_openapi_document;
    api_keys::revocation_reaches_a_warm_cache => sqlite_api_keys_cache, postgres_api_keys_cache;
    api_keys::two_processes => sqlite_api_keys_two_processes, postgres_api_keys_two_processes;
    api_keys::keys_stay_within_the_acting_key => sqlite_api_keys_within_the_acting_key, postgres_api_keys_within_the_acting_key;
    notifications::routing => sqlite_notifications_routing, postgres_notifications_routing;
    notifications::notification_address => sqlite_notification_address, postgres_notification_address;
    notifications::unsubscribe => sqlite_notifications_unsubscribe, postgres_notifications_unsubscribe;
    notifications::concurrent_repeats_send_once => sqlite_events_concurrent_repeats, postgres_events_concurrent_repeats;
    security::sensitive_changes_need_a_recent_proof => sqlite_sensitive_changes_need_a_recent_proof, postgres_sensitive_changes_need_a_recent_proof;
    security::change_password => sqlite_change_password, postgres_change_password;
    security::hash_upgrade => sqlite_hash_upgrade, postgres_hash_upgrade;
    security::sessions => sqlite_security_sessions, postgres_security_sessions;
    scheduled::weekly_summary_across_dst => sqlite_weekly_summary_across_dst, postgres_weekly_summary_across_dst;
    scheduled::key_expiry_reminders => sqlite_key_expiry_reminders, postgres_key_expiry_reminders;
}

on_both_engines_with! {
    app_preferences::declared_checked_and_shared [app_preferences::DECLARED] => sqlite_app_preferences, postgres_app_preferences;
    api_keys::ip_allowlist [("VESTIBULE_TRUST_PROXY", "true")] => sqlite_api_keys_ip_allowlist, postgres_api_keys_ip_allowlist;
    api_keys::idle_keys [("VESTIBULE_REVOKE_IDLE_KEYS_DAYS", "30")] => sqlite_api_keys_idle_keys, postgres_api_keys_idle_keys;
    webhooks::endpoints_over_the_api [webhooks::DEV_HOSTS] => sqlite_webhooks_endpoints, postgres_webhooks_endpoints;
    webhooks::endpoints_are_limited [webhooks::DEV_HOSTS, ("VESTIBULE_MAX_WEBHOOKS_PER_USER", "2")]
        => sqlite_webhooks_limited, postgres_webhooks_limited;
    webhooks::deliveries_are_signed_and_logged [webhooks::DEV_HOSTS]
        => sqlite_webhooks_signed_and_logged, postgres_webhooks_signed_and_logged;
    webhooks::retries_follow_the_schedule [webhooks::DEV_HOSTS, ("VESTIBULE_OUTBOX_WORKER", "false")]
        => sqlite_webhooks_retries, postgres_webhooks_retries;
    webhooks::the_guard_checks_again_at_send [webhooks::DEV_HOSTS, ("VESTIBULE_OUTBOX_WORKER", "false")]
        => sqlite_webhooks_guard_at_send, postgres_webhooks_guard_at_send;
    webhooks::killed_mid_delivery [webhooks::DEV_HOSTS, ("VESTIBULE_OUTBOX_WORKER", "false")]
        => sqlite_webhooks_kill_9, postgres_webhooks_kill_9;
    webhooks::one_attempt_is_made_once [webhooks::DEV_HOSTS, ("VESTIBULE_OUTBOX_WORKER", "false")]
        => sqlite_webhooks_one_attempt_once, postgres_webhooks_one_attempt_once;
    webhooks::ed25519_signatures [webhooks::DEV_HOSTS] => sqlite_webhooks_ed25519, postgres_webhooks_ed25519;
    webhooks::platform_events [webhooks::DEV_HOSTS, ("VESTIBULE_WEBHOOK_EVENTS", "deploy.finished=A deploy finished")]
        => sqlite_webhooks_platform_events, postgres_webhooks_platform_events;
    api_keys::operator_limits [("VESTIBULE_MAX_KEYS_PER_USER", "1"), ("VESTIBULE_MAX_KEY_LIFETIME_DAYS", "90")]
        => sqlite_api_keys_operator_limits, postgres_api_keys_operator_limits;
    api_keys::platform_scopes [("VESTIBULE_EXTRA_SCOPES", "billing:read=Read invoices; deploy=Start deployments")]
        => sqlite_api_keys_platform_scopes, postgres_api_keys_platform_scopes;
    accounts::sign_up_is_throttled_per_address [("VESTIBULE_SIGN_UPS_PER_HOUR", "3")]
        => sqlite_sign_up_is_throttled_per_address, postgres_sign_up_is_throttled_per_address;
    accounts::closed_sign_up [("VESTIBULE_SIGN_UP", "closed")] => sqlite_closed_sign_up, postgres_closed_sign_up;
    settings::link_mails_are_limited [("VESTIBULE_LINK_MAIL_INTERVAL_SECONDS", "60")]
        => sqlite_link_mails_are_limited, postgres_link_mails_are_limited;
    notifications::operator_default_until_chosen [("VESTIBULE_LINK_MAIL_INTERVAL_SECONDS", "60")]
        => sqlite_notifications_operator_default, postgres_notifications_operator_default;
    settings::test_clock_hook [("VESTIBULE_TEST_CLOCK", "true")]
        => sqlite_at_works_with_the_test_clock, postgres_at_works_with_the_test_clock;
}

/// Mail over SMTP with links that can only point at the listen address: the operator is told at start-up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtp_without_a_public_url_warns_at_start_up() {
    support::captured_logs();
    support::run_with(Engine::Sqlite, &[("VESTIBULE_SMTP_URL", "smtp://127.0.0.1:9")], |app| async move {
        // The server task logs it as it starts, which may be a moment after the app is handed over.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let warning = loop {
            let logs = support::captured_logs();
            let found = logs
                .lines()
                .find(|l| l.contains("VESTIBULE_PUBLIC_URL is not set") && l.contains(&app.base))
                .map(str::to_string);
            match found {
                Some(line) => break line,
                None if std::time::Instant::now() < deadline => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await
                }
                None => panic!("no start-up warning naming {} in:\n{logs}", app.base),
            }
        };
        assert!(warning.contains("WARN"), "{warning}");
    })
    .await;
}

fn invalid(errors: &[(&str, String)]) -> Value {
    let errors =
        errors.iter().map(|(field, message)| json!({ "field": field, "message": message })).collect::<Vec<_>>();
    json!({ "Invalid": errors })
}

/// 1. Sign-up logs in: an HttpOnly cookie, `/fn/me`, and the server-rendered profile page.
async fn sign_up_starts_a_session(app: &TestApp) {
    let client = app.client();
    let reply = app.sign_up(&client, "  Alice ", "Alice@Example.COM", PASSWORD).await;
    reply.assert_redirects_to("/settings");
    assert_eq!(reply.json(), Value::Null);
    let cookies = reply.set_cookies();
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    let attributes: Vec<&str> = cookies[0].split(';').map(str::trim).collect();
    assert!(attributes[0].starts_with(&format!("{COOKIE}=")), "{cookies:?}");
    for wanted in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(attributes.contains(&wanted), "{wanted} missing: {cookies:?}");
    }
    assert!(!attributes.contains(&"Secure"), "plain http must not get Secure");
    let token = reply.session_cookie().unwrap();
    assert!(token.len() >= 43, "a 256-bit token: {token}");

    let me = app.me(&client).await;
    assert_eq!(me["username"], "alice");
    assert_eq!(me["email"], "Alice@example.com");
    assert_eq!(me["is_admin"], false);
    assert_eq!(me["full_name"], "");
    assert!(me["id"].as_i64().is_some(), "{me}");
    assert!(me.get("password_hash").is_none(), "{me}");

    let page = app.get(&client, "/settings/profile").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.header("content-type").is_some_and(|c| c.starts_with("text/html")), "{:?}", page.headers);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.body.contains(r#"<span data-testid="username">alice</span>"#), "{}", page.body);
    assert!(page.body.contains("Alice@example.com"), "{}", page.body);

    // Another client, without the cookie, is not logged in.
    assert_eq!(app.me(&app.client()).await, Value::Null);
}

/// 2. A taken username (in any case) and a taken email address (differing only in case).
async fn taken_username_and_email(app: &TestApp) {
    app.signed_up(&app.client(), "alice", "alice@example.com").await;

    let reply = app.sign_up(&app.client(), "ALICE", "other@example.com", PASSWORD).await;
    reply.assert_error(422, invalid(&[("username", "That username is taken.".into())]));
    assert!(reply.session_cookie().is_none());

    let reply = app.sign_up(&app.client(), "alice2", "ALICE@EXAMPLE.com", PASSWORD).await;
    reply.assert_error(422, invalid(&[("email", "An account with that email address already exists.".into())]));
    assert!(reply.session_cookie().is_none());
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
}

/// 3. The server checks input itself, with the domain's rules and messages, every field at once.
async fn bad_input_is_refused_per_field(app: &TestApp) {
    let reply = app.sign_up(&app.client(), "bob", "bob@example.com", "short").await;
    reply.assert_error(422, invalid(&[("password", ValidationError::TooShort { min: 15 }.to_string())]));
    assert_eq!(ValidationError::TooShort { min: 15 }.to_string(), "Use at least 15 characters.");

    let (username, email, password) = ("bad name!", "not-an-email", "password");
    let reply = app.sign_up(&app.client(), username, email, password).await;
    let expected = UserError::Invalid(vec![
        Username::parse(username).unwrap_err().on("username"),
        EmailAddress::parse(email).unwrap_err().on("email"),
        Password::parse_new(password, username, email).unwrap_err().on("password"),
    ]);
    reply.assert_error(422, serde_json::to_value(&expected).unwrap());
    assert_eq!(reply.json()["Invalid"].as_array().unwrap().len(), 3);

    // Long enough but easy to guess.
    let weak = "passwordpassword";
    let reply = app.sign_up(&app.client(), "bob", "bob@example.com", weak).await;
    let message = Password::parse_new(weak, "bob", "bob@example.com").unwrap_err().to_string();
    assert!(message.starts_with("This password is too easy to guess"));
    reply.assert_error(422, invalid(&[("password", message)]));

    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
}

/// 4. Log-in by username or email in any case; a wrong password and an unknown name look the same.
async fn log_in_by_username_or_email(app: &TestApp) {
    app.signed_up(&app.client(), "alice", "alice@example.com").await;

    for (login, next, target) in [
        ("ALICE", None, "/settings"),
        ("  alice  ", Some("/settings/profile"), "/settings/profile"),
        ("Alice@EXAMPLE.com", None, "/settings"),
        ("alice@example.com", Some("//evil.example/x"), "/settings"),
    ] {
        let client = app.client();
        let reply = app.log_in(&client, login, PASSWORD, next).await;
        reply.assert_redirects_to(target);
        assert!(reply.session_cookie().is_some(), "{login}");
        assert_eq!(app.me(&client).await["username"], "alice", "{login}");
    }

    let client = app.client();
    let wrong = app.log_in(&client, "alice", "wrong horse battery staple 42", None).await;
    wrong.assert_error(401, json!("BadCredentials"));
    assert!(wrong.session_cookie().is_none());
    assert_eq!(app.me(&client).await, Value::Null);

    let unknown = app.log_in(&client, "nobody", PASSWORD, None).await;
    unknown.assert_error(401, json!("BadCredentials"));
    assert_eq!((unknown.status, unknown.body.as_str()), (wrong.status, wrong.body.as_str()));
    let unknown_email = app.log_in(&client, "nobody@example.com", PASSWORD, None).await;
    unknown_email.assert_error(401, json!("BadCredentials"));
    // The sign-up's session and one per successful log-in.
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 5);
}

/// 4b. `next` cannot send a user to another site, nor break the answer: a tab (browsers drop it, making
/// `//evil.example`), a backslash, a control character (an invalid `Location` header, once made after the
/// session existed) all end on `/settings`, from the page's script and from a plain form post alike.
async fn log_in_never_sends_users_elsewhere(app: &TestApp) {
    app.signed_up(&app.client(), "alice", "alice@example.com").await;

    for next in ["/\t/evil.example", "/\u{1}", "/\\evil.example", "/\r\n/evil.example", "/ok\u{7f}"] {
        let client = app.client();
        let reply = app.log_in(&client, "alice", PASSWORD, Some(next)).await;
        reply.assert_redirects_to("/settings");
        assert!(reply.session_cookie().is_some(), "{next:?}");
        assert_eq!(app.me(&client).await["username"], "alice", "{next:?}");

        // Without JavaScript the browser posts the form itself and follows a real redirect.
        let form = [("login", "alice"), ("password", PASSWORD), ("next", next)];
        let plain = app.send(client.post(app.url("/fn/log_in")).header("accept", "text/html").form(&form)).await;
        assert_eq!(plain.status, StatusCode::FOUND, "{next:?}: {}", plain.body);
        assert_eq!(plain.header("location"), Some("/settings"), "{next:?}");
    }
}

/// 5. Log-out deletes the session: the old cookie, replayed, logs nobody in.
async fn log_out_ends_the_session_server_side(app: &TestApp) {
    let client = app.client();
    let token = app.signed_up(&client, "alice", "alice@example.com").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);

    let replay = app.bare_client();
    let cookie = format!("{COOKIE}={token}");
    let replay_me = || {
        app.send(
            replay
                .post(app.url("/fn/me"))
                .header("cookie", &cookie)
                .header("accept", "application/json")
                .form(&[("", ""); 0]),
        )
    };
    let me = replay_me().await;
    assert_eq!(me.json()["username"], "alice", "the replay works before log-out");

    let reply = app.log_out(&client).await;
    reply.assert_redirects_to("/login");
    let cleared = reply.set_cookies();
    assert!(cleared.iter().any(|c| c.starts_with(&format!("{COOKIE}=;")) && c.contains("Max-Age=0")), "{cleared:?}");
    assert_eq!(app.me(&client).await, Value::Null);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);

    let me = replay_me().await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json(), Value::Null);
    let page = app.send(replay.get(app.url("/settings")).header("cookie", &cookie)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.header("location"), Some("/login?next=/settings"));
}

/// 6. Sessions end after 30 idle minutes and 12 hours after log-in.
async fn sessions_expire(app: &TestApp) {
    let client = app.client();
    app.signed_up(&client, "alice", "alice@example.com").await;

    // 29 idle minutes: still valid, and the request refreshes last_seen_at.
    app.exec("UPDATE sessions SET last_seen_at = last_seen_at - 1740000").await;
    assert_eq!(app.me(&client).await["username"], "alice");
    app.exec("UPDATE sessions SET last_seen_at = last_seen_at - 1740000").await;
    assert_eq!(app.me(&client).await["username"], "alice");
    // 31 idle minutes: gone, and the row with it.
    app.exec("UPDATE sessions SET last_seen_at = last_seen_at - 1860000").await;
    assert_eq!(app.me(&client).await, Value::Null);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);

    let reply = app.log_in(&client, "alice", PASSWORD, None).await;
    reply.assert_redirects_to("/settings");
    assert_eq!(app.me(&client).await["username"], "alice");
    app.exec("UPDATE sessions SET created_at = created_at - 39600000").await;
    assert_eq!(app.me(&client).await["username"], "alice", "11 hours old and active: still valid");
    app.exec("UPDATE sessions SET created_at = created_at - 7200000").await;
    assert_eq!(app.me(&client).await, Value::Null, "13 hours old: expired even though active");
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    let page = app.get(&client, "/settings/profile").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.header("location"), Some("/login?next=/settings/profile"));
}

/// 7. The settings need a session; the health check answers.
async fn settings_need_a_session_and_health(app: &TestApp) {
    let client = app.client();
    let page = app.get(&client, "/settings").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.header("location"), Some("/login?next=/settings"));

    let page = app.get(&client, "/settings/profile?tab=a b").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.header("location"), Some("/login?next=/settings/profile%3Ftab%3Da%2520b"));

    let health = app.get(&client, "/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.body.trim(), "ok");

    let login = app.get(&client, "/login").await;
    assert_eq!(login.status, StatusCode::OK);
}

/// 8. Server functions refuse requests from other sites and accept the site's own.
async fn cross_site_posts_are_refused(app: &TestApp) {
    let client = app.client();
    let sign_up_form = [("username", "alice"), ("email", "alice@example.com"), ("password", PASSWORD)];
    let log_in_form = [("login", "alice"), ("password", PASSWORD)];
    let forms: [(&str, &[(&str, &str)]); 4] =
        [("sign_up", &sign_up_form), ("log_in", &log_in_form), ("log_out", &[]), ("me", &[])];
    for (name, form) in forms {
        for (header, value) in
            [("origin", "https://evil.example"), ("origin", "null"), ("sec-fetch-site", "cross-site")]
        {
            let reply = app
                .send(
                    client
                        .post(app.url(&format!("/fn/{name}")))
                        .header("accept", "application/json")
                        .header(header, value)
                        .form(form),
                )
                .await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "/fn/{name} with {header}: {value}: {}", reply.body);
            assert_eq!(reply.json(), json!("CrossSite"));
            assert!(reply.session_cookie().is_none());
        }
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);

    // The site's own origin, as a browser sends it.
    let own = app.base.clone();
    let post = |name: &str, form: &[(&str, &str)]| {
        client
            .post(app.url(&format!("/fn/{name}")))
            .header("accept", "application/json")
            .header("origin", &own)
            .header("sec-fetch-site", "same-origin")
            .form(form)
    };
    app.send(post("sign_up", &sign_up_form)).await.assert_redirects_to("/settings");
    let me = app.send(post("me", &[])).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["username"], "alice");
    app.send(post("log_out", &[])).await.assert_redirects_to("/login");
    app.send(post("log_in", &log_in_form)).await.assert_redirects_to("/settings");
    assert_eq!(app.me(&client).await["username"], "alice");
}

fn nonce_of(csp: &str) -> String {
    let start = csp.find("'nonce-").expect("a nonce in the CSP") + "'nonce-".len();
    let end = csp[start..].find('\'').expect("closing quote") + start;
    csp[start..end].to_string()
}

/// 9. Pages carry a strict CSP whose nonce every script has; the nonce changes per response.
async fn security_headers_and_nonces(app: &TestApp) {
    let client = app.client();
    let first = app.get(&client, "/login").await;
    assert_eq!(first.status, StatusCode::OK);
    let csp = first.header("content-security-policy").unwrap().to_string();
    let nonce = nonce_of(&csp);
    assert!(nonce.len() >= 16, "{csp}");
    for wanted in ["'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"] {
        assert!(csp.contains(wanted), "{wanted} missing: {csp}");
    }
    assert!(!csp.contains("'unsafe-eval'"), "{csp}");
    assert!(!csp.contains("'unsafe-inline'"), "{csp}");
    assert_eq!(first.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(first.header("referrer-policy"), Some("same-origin"));
    assert_eq!(first.header("x-frame-options"), Some("DENY"));
    assert_eq!(first.header("cache-control"), Some("no-store"));
    assert!(first.header("strict-transport-security").is_none(), "no HSTS over plain http");

    let scripts: Vec<&str> = first
        .body
        .match_indices("<script")
        .map(|(i, _)| {
            let end = first.body[i..].find('>').unwrap() + i;
            &first.body[i..=end]
        })
        .collect();
    assert!(!scripts.is_empty(), "{}", first.body);
    for tag in &scripts {
        assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "script without this response's nonce: {tag}");
    }

    let second = app.get(&client, "/login").await;
    let other = nonce_of(second.header("content-security-policy").unwrap());
    assert_ne!(nonce, other);
    assert!(second.body.contains(&format!("nonce=\"{other}\"")));
    assert!(!second.body.contains(&nonce));

    // Server functions and plain routes get the headers too.
    let me = app.call(&client, "me", &[]).await;
    assert_eq!(me.header("x-content-type-options"), Some("nosniff"));
    let health = app.get(&client, "/healthz").await;
    assert_eq!(health.header("referrer-policy"), Some("same-origin"));
    assert!(health.header("content-security-policy").is_some_and(|c| c.contains("default-src 'none'")));
}

/// 10. 20 failed log-ins from one address within 15 minutes: the next one is refused with 429.
async fn failed_log_ins_are_throttled_per_ip(app: &TestApp) {
    app.signed_up(&app.client(), "alice", "alice@example.com").await;
    let client = app.client();
    for i in 0..20 {
        let reply = app.log_in(&client, &format!("nobody{i}"), PASSWORD, None).await;
        reply.assert_error(401, json!("BadCredentials"));
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM login_failures").await, 20);

    // Even the right password is refused from this address now.
    let reply = app.log_in(&client, "alice", PASSWORD, None).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{}", reply.body);
    let retry_after: u64 =
        reply.header("retry-after").expect("a Retry-After header").parse().expect("Retry-After in whole seconds");
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    assert_eq!(reply.json(), json!({ "Throttled": { "retry_after": retry_after } }));
    assert!(reply.session_cookie().is_none());
    // Refused attempts do not count as more failures.
    assert_eq!(app.count("SELECT COUNT(*) FROM login_failures").await, 20);
}

async fn throttle_row(app: &TestApp, key: &str) -> Option<(i64, i64)> {
    sqlx::query_as("SELECT failures, blocked_until FROM login_throttle WHERE login_key = $1")
        .bind(key)
        .fetch_optional(&app.v.db.pool)
        .await
        .unwrap()
}

/// 11. Per account: a delay from the 5th failure in a row, a lock at 100 that only the CLI lifts.
async fn account_delay_lock_and_unlock(app: &TestApp) {
    app.signed_up(&app.client(), "alice", "alice@example.com").await;
    let key = format!("user:{}", app.user_id("alice").await);
    let client = app.client();
    for _ in 0..5 {
        app.log_in(&client, "alice", "wrong horse battery staple 42", None)
            .await
            .assert_error(401, json!("BadCredentials"));
    }
    let (failures, blocked_until) = throttle_row(app, &key).await.expect("a throttle row");
    assert_eq!(failures, 5);
    assert!(blocked_until > 0);

    let reply = app.log_in(&client, "alice", PASSWORD, None).await;
    reply.assert_error(429, json!({ "Throttled": { "retry_after": 1 } }));
    assert_eq!(reply.header("retry-after"), Some("1"));
    assert_eq!(app.me(&client).await, Value::Null);

    assert_eq!(app.exec("DELETE FROM login_throttle").await, 1);
    app.log_in(&client, "alice", PASSWORD, None).await.assert_redirects_to("/settings");
    assert_eq!(app.me(&client).await["username"], "alice");
    assert_eq!(throttle_row(app, &key).await, None, "success resets");

    // One more failure, then pretend it was the hundredth.
    app.log_in(&app.client(), "alice", "wrong", None).await.assert_error(401, json!("BadCredentials"));
    assert_eq!(throttle_row(app, &key).await.map(|r| r.0), Some(1));
    app.exec("UPDATE login_throttle SET failures = 100").await;
    let client = app.client();
    app.log_in(&client, "alice", PASSWORD, None).await.assert_error(403, json!("Locked"));
    app.log_in(&client, "ALICE@example.com", PASSWORD, None).await.assert_error(403, json!("Locked"));
    assert_eq!(app.me(&client).await, Value::Null);

    let out = app.cli(&["user", "unlock", "--username", "Alice"], "").await;
    assert!(out.status.success(), "unlock failed: {}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("unlocked alice"));
    assert_eq!(throttle_row(app, &key).await, None);
    app.log_in(&client, "alice", PASSWORD, None).await.assert_redirects_to("/settings");
    assert_eq!(app.me(&client).await["username"], "alice");

    let out = app.cli(&["user", "unlock", "--username", "nobody"], "").await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no user named nobody"));

    // Unknown names count under the rule that finds accounts: full-width `ＧＨＯＳＴ` is `ghost`, and
    // `STRASSE@x` is `straße@x`, so an unknown name is throttled exactly like a known one would be.
    for (first, second) in [("ghost", "ＧＨＯＳＴ"), ("straße@example.com", "STRASSE@example.COM")] {
        let client = app.client();
        for _ in 0..5 {
            app.log_in(&client, first, PASSWORD, None).await.assert_error(401, json!("BadCredentials"));
        }
        let reply = app.log_in(&client, second, PASSWORD, None).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{second} after {first}: {}", reply.body);
    }
}

/// 12. `vestibule user create` reads the password from stdin and applies the same rules.
async fn cli_creates_users(app: &TestApp) {
    let out = app
        .cli(
            &["user", "create", "--username", "cli-admin", "--email", "cli-admin@example.com", "--admin"],
            &format!("{PASSWORD}\n"),
        )
        .await;
    assert!(out.status.success(), "create failed: {}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("created user cli-admin"));

    let client = app.client();
    app.log_in(&client, "cli-admin", PASSWORD, None).await.assert_redirects_to("/settings");
    let me = app.me(&client).await;
    assert_eq!(me["username"], "cli-admin");
    assert_eq!(me["email"], "cli-admin@example.com");
    assert_eq!(me["is_admin"], true);

    let weak = "passwordpassword";
    let out = app
        .cli(&["user", "create", "--username", "cli-weak", "--email", "cli-weak@example.com"], &format!("{weak}\n"))
        .await;
    assert!(!out.status.success());
    let expected = Password::parse_new(weak, "cli-weak", "cli-weak@example.com").unwrap_err().to_string();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&expected), "{expected:?} not in {stderr:?}");

    // The name is taken now, also from the command line.
    let out = app
        .cli(&["user", "create", "--username", "CLI-admin", "--email", "other@example.com"], &format!("{PASSWORD}\n"))
        .await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("That username is taken."));
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
}

/// 13. Neither passwords nor session tokens are stored as such.
async fn secrets_at_rest(app: &TestApp) {
    let client = app.client();
    let token = app.signed_up(&client, "alice", "alice@example.com").await;
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE username = $1")
        .bind("alice")
        .fetch_one(&app.v.db.pool)
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
    assert!(!hash.contains(PASSWORD));

    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT token_hash, ip, user_agent FROM sessions").fetch_all(&app.v.db.pool).await.unwrap();
    assert_eq!(rows.len(), 1);
    for (token_hash, ip, agent) in &rows {
        assert!(!token_hash.is_empty());
        assert_ne!(token_hash, &token);
        assert!(!token_hash.contains(&token) && !token.contains(token_hash.as_str()));
        assert!(!ip.contains(&token) && !agent.contains(&token));
        assert_eq!(ip, "127.0.0.1");
    }

    if app.engine == Engine::Sqlite {
        let bytes = app.sqlite_bytes();
        let contains = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(contains("alice@example.com"), "the raw database should hold the account (wrong file?)");
        assert!(contains(&rows[0].0), "the raw database should hold the token hash");
        assert!(!contains(PASSWORD), "the password is in the database file");
        assert!(!contains(&token), "the session token is in the database file");
    }
}

/// Two instances on one PostgreSQL database: a revocation reaches the other over LISTEN/NOTIFY.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_api_keys_other_instances_hear_revocations() {
    support::run(Engine::Postgres, |app| async move { api_keys::other_instances_hear_revocations(&app).await }).await;
}

/// Two instances on one PostgreSQL database: a log-out reaches the other over LISTEN/NOTIFY.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_sessions_other_instances_hear_log_outs() {
    support::run(Engine::Postgres, |app| async move { sessions::other_instances_hear_log_outs(&app).await }).await;
}

/// DNS rebinding refused at the send, against a DNS server of the test's (its address is a setting).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_webhooks_dns_rebinding() {
    webhooks::dns_rebinding_is_refused(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_webhooks_dns_rebinding() {
    webhooks::dns_rebinding_is_refused(Engine::Postgres).await;
}

/// Single sign-on against a provider of the test's (its address is a setting).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_sso_sign_in() {
    sso::sign_in_with_the_provider(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_sso_sign_in() {
    sso::sign_in_with_the_provider(Engine::Postgres).await;
}

/// Rendering does not depend on the engine: every page in both languages, on SQLite.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_no_page_shows_a_message_id() {
    support::run(Engine::Sqlite, |app| async move { settings::no_page_shows_a_message_id(&app).await }).await;
}
