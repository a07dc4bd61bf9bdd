//! Support access over HTTP (issue #13): the owner grants access for a while, staff with a second
//! factor act on the account with a reason and see it as the owner does, but never reach what only
//! the owner may (password, two-factor sign-in, passkeys, sessions, secrets, the grant itself), the
//! server functions answering 403 whatever the page shows; every request is in the owner's log, the
//! owner is mailed; revocation, expiry, the end button and the operator taking the role away all
//! end the acting on the next request.

use crate::settings::{invalid, token_in};
use crate::support::{PASSWORD, TestApp};
use crate::two_factor::{app_code, now, with_two_factor};
use serde_json::{Value, json};
use vestibule_domain::ValidationError;

/// A staff member ("sam") signed in with the password and a code, and the owner ("olga") signed in.
async fn staff_and_owner(app: &TestApp) -> (reqwest::Client, reqwest::Client) {
    let (_, key, _) = with_two_factor(app, "sam").await;
    let out = app.cli(&["user", "grant-support", "--username", "sam"], "").await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // A fresh step's code (the one that turned the app on counts as used).
    app.exec("UPDATE totp SET last_step = last_step - 2").await;
    let staff = app.client();
    app.log_in(&staff, "sam", PASSWORD, None).await;
    let reply = app.call(&staff, "log_in_second_step", &[("code", &app_code(&key, now()))]).await;
    reply.assert_redirects_to("/settings");
    let owner = app.client();
    app.signed_up(&owner, "olga", "olga@example.com").await;
    let welcome = token_in(&app.mail_to("olga@example.com").await);
    assert_eq!(app.call(&app.client(), "confirm_email", &[("token", &welcome)]).await.status.as_u16(), 200);
    (staff, owner)
}

async fn grant(app: &TestApp, owner: &reqwest::Client, length: &str) {
    let reply = app.call(owner, "grant_support", &[("length", length), ("note", "Billing question")]).await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
}

async fn act(app: &TestApp, staff: &reqwest::Client) {
    let reply = app.call(staff, "act_as", &[("username", "olga"), ("reason", "TICKET-42")]).await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
    assert_eq!(app.me(staff).await["username"], "olga");
}

async fn audit_rows(app: &TestApp, action: &str) -> Vec<(String, String)> {
    sqlx::query_as("SELECT target, detail FROM audit_events WHERE user_id = $1 AND action = $2 ORDER BY id")
        .bind(app.user_id("olga").await)
        .bind(action)
        .fetch_all(&app.v.db.pool)
        .await
        .unwrap()
}

/// Granting, listing, acting with a reason, the mail and the log; what staff can and cannot reach.
pub async fn staff_act_within_limits(app: &TestApp) {
    let (staff, owner) = staff_and_owner(app).await;
    // Nobody has granted anything yet; an owner is not staff.
    assert_eq!(app.call(&staff, "support_accounts", &[]).await.json(), json!([]));
    app.call(&owner, "support_accounts", &[]).await.assert_error(403, json!("NotSupportStaff"));
    let reply = app.call(&staff, "act_as", &[("username", "olga"), ("reason", "TICKET-42")]).await;
    reply.assert_error(403, json!("NoSupportGrant"));

    // The grant, checked field by field.
    let reply = app.call(&owner, "grant_support", &[("length", "2h"), ("note", "a\nb")]).await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    let fields: Vec<Value> = reply.json()["Invalid"].as_array().unwrap().clone();
    assert_eq!(fields.len(), 2, "{fields:?}");
    grant(app, &owner, "24h").await;
    let data = app.call(&owner, "my_security", &[]).await.json();
    assert_eq!(data["support"]["note"], "Billing question", "{data}");
    let listed = app.call(&staff, "support_accounts", &[]).await.json();
    assert_eq!(listed[0]["username"], "olga", "{listed}");

    // Acting needs a reason, and a session that passed a second factor.
    let reply = app.call(&staff, "act_as", &[("username", "olga"), ("reason", " ")]).await;
    reply.assert_error(422, invalid("reason", &ValidationError::Required.to_string()));
    let plain_staff = app.client();
    app.signed_up(&plain_staff, "pat", "pat@example.com").await;
    app.cli(&["user", "grant-support", "--username", "pat"], "").await;
    let reply = app.call(&plain_staff, "act_as", &[("username", "olga"), ("reason", "TICKET-42")]).await;
    reply.assert_error(403, json!("SupportNeedsTwoFactor"));

    act(app, &staff).await;
    let acting = app.call(&staff, "acting", &[]).await.json();
    assert_eq!(acting["staff"], "sam");
    assert_eq!(acting["reason"], "TICKET-42");
    let mail = app.mail_to("olga@example.com").await;
    assert!(mail.contains("Support staff are acting on your account"), "{mail}");
    assert!(mail.contains("sam") && mail.contains("TICKET-42"), "{mail}");
    let started = audit_rows(app, "support.started").await;
    assert_eq!(started.len(), 1);
    assert!(started[0].1.contains("sam") && started[0].1.contains("TICKET-42"), "{started:?}");

    // What staff may do: the settings the owner sees, the profile.
    assert_eq!(app.call(&staff, "my_settings", &[]).await.status.as_u16(), 200);
    let reply = app.call(&staff, "set_full_name", &[("full_name", "Olga O.")]).await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
    assert_eq!(app.call(&staff, "my_keys", &[]).await.status.as_u16(), 200);
    let reply = app.call(&staff, "save_notifications", &[("patch[build_failure]", "true")]).await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);

    // What staff may never reach, whatever the page shows: straight to the server functions.
    let forms: &[(&str, &[(&str, &str)])] = &[
        ("my_security", &[]),
        ("my_two_factor", &[]),
        ("my_passkeys", &[]),
        ("my_sessions", &[]),
        ("start_totp", &[]),
        ("confirm_totp", &[("code", "123456"), ("password", PASSWORD)]),
        ("new_recovery_codes", &[("password", PASSWORD)]),
        ("turn_off_two_factor", &[("password", PASSWORD), ("sign_out_others", "false")]),
        (
            "change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "another long password 9"),
                ("sign_out_others", "false"),
            ],
        ),
        ("start_passkey", &[]),
        ("rename_passkey", &[("id", "1"), ("name", "x")]),
        ("remove_passkey", &[("id", "1")]),
        ("sign_out_session", &[("id", "1")]),
        ("sign_out_other_sessions", &[]),
        ("reauthenticate", &[("secret", PASSWORD)]),
        ("change_email", &[("email", "sam@example.com")]),
        ("grant_support", &[("length", "7d"), ("note", "")]),
        ("revoke_support", &[]),
        ("resend_email_change", &[]),
        ("cancel_email_change", &[]),
        ("my_audit_log", &[]),
        ("delete_git_token", &[("id", "gt_anything")]),
        // Where the owner's mails go: the choices may change, the address not (it would outlast the grant).
        ("save_notifications", &[("patch[address]", "sam@example.com")]),
    ];
    for (name, form) in forms {
        let reply = app.call(&staff, name, form).await;
        assert_eq!(reply.status.as_u16(), 403, "{name}: {}", reply.body);
        assert_eq!(reply.json(), json!("NotForSupport"), "{name}");
    }
    let new_key = json!({"request": {"name": "staff", "scopes": ["profile:read"], "expires_in_days": 30}});
    let new_hook = json!({"request": {"url": "https://example.com/hook", "description": "", "events": ["profile.updated"], "asymmetric": false}});
    let widen = json!({"id": "vst_nothing", "changes": {"name": "x", "scopes": ["admin"]}});
    let git = json!({"request": {"provider": "github", "name": "planted", "token": "ghp_planted0123456789"}});
    for (name, body) in
        [("create_key", new_key), ("create_webhook", new_hook), ("update_key", widen), ("add_git_token", git)]
    {
        let request = staff.post(app.url(&format!("/fn/{name}"))).header("accept", "application/json").json(&body);
        let reply = app.send(request).await;
        assert_eq!(reply.status.as_u16(), 403, "{name}: {}", reply.body);
    }
    let csv = app.get(&staff, "/settings/audit-log.csv").await;
    assert_eq!(csv.status.as_u16(), 403, "{}", csv.body);
    // Nothing changed for the owner.
    assert_eq!(app.call(&owner, "my_security", &[]).await.json()["support"]["note"], "Billing question");

    // Every request is in the owner's log, with the staff member and the reason.
    let requests = audit_rows(app, "support.request").await;
    assert!(requests.iter().any(|(target, _)| target == "POST /fn/set_full_name"), "{requests:?}");
    assert!(requests.iter().any(|(target, _)| target == "POST /fn/my_security"), "{requests:?}");
    assert!(requests.iter().all(|(_, detail)| detail.contains("sam") && detail.contains("TICKET-42")));
    let page = app.get(&staff, "/settings/profile").await;
    assert_eq!(page.status.as_u16(), 200);
    assert!(audit_rows(app, "support.request").await.iter().any(|(t, _)| t == "GET /settings/profile"));
    // An upload is a request too.
    let upload = staff.post(app.url("/settings/avatar")).header("content-type", "image/png").body(vec![0u8; 8]);
    app.send(upload).await;
    assert!(audit_rows(app, "support.request").await.iter().any(|(t, _)| t == "POST /settings/avatar"));
    // The owner's own requests are not support requests.
    let before = audit_rows(app, "support.request").await.len();
    app.call(&owner, "my_settings", &[]).await;
    assert_eq!(audit_rows(app, "support.request").await.len(), before);
}

/// The acting ends on the next request when the owner revokes, when the grant runs out (its end
/// moved into the past, as time would), when staff end it, and when the operator takes the role.
pub async fn acting_ends(app: &TestApp) {
    let (staff, owner) = staff_and_owner(app).await;

    grant(app, &owner, "1h").await;
    act(app, &staff).await;
    assert_eq!(app.call(&owner, "revoke_support", &[]).await.status.as_u16(), 200);
    assert_eq!(app.me(&staff).await["username"], "sam", "revoked: the staff member is themselves again");
    assert_eq!(app.call(&staff, "acting", &[]).await.json(), Value::Null);
    app.call(&staff, "act_as", &[("username", "olga"), ("reason", "TICKET-42")])
        .await
        .assert_error(403, json!("NoSupportGrant"));

    grant(app, &owner, "1h").await;
    act(app, &staff).await;
    app.exec("UPDATE support_grants SET expires_at = 1000 WHERE revoked_at IS NULL").await;
    assert_eq!(app.me(&staff).await["username"], "sam", "expired");
    assert_eq!(app.call(&staff, "support_accounts", &[]).await.json(), json!([]));

    grant(app, &owner, "7d").await;
    act(app, &staff).await;
    assert_eq!(app.call(&staff, "end_acting", &[]).await.status.as_u16(), 200);
    assert_eq!(app.me(&staff).await["username"], "sam", "ended by staff");

    act(app, &staff).await;
    let out = app.cli(&["user", "revoke-support", "--username", "sam"], "").await;
    assert!(out.status.success());
    app.v.forget_all();
    assert_eq!(app.me(&staff).await["username"], "sam", "no longer staff");
    app.call(&staff, "support_accounts", &[]).await.assert_error(403, json!("NotSupportStaff"));

    let ended: Vec<String> = audit_rows(app, "support.ended").await.into_iter().map(|(target, _)| target).collect();
    assert_eq!(ended, ["revoked", "expired", "staff", "role"]);

    // Logging out while acting ends the acting, and the log-out is the staff member's.
    app.cli(&["user", "grant-support", "--username", "sam"], "").await;
    app.v.forget_all();
    act(app, &staff).await;
    app.log_out(&staff).await;
    let count = |user: &'static str, action: &'static str| async move {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_events WHERE user_id = $1 AND action = $2")
            .bind(app.user_id(user).await)
            .bind(action)
            .fetch_one(&app.v.db.pool)
            .await
            .unwrap()
    };
    assert_eq!(count("olga", "session.signed_out").await, 0);
    assert_eq!(count("sam", "session.signed_out").await, 1);
    assert_eq!(count("olga", "support.ended").await, 5);
}
