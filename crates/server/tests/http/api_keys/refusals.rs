//! Refused keys (missing, malformed, unknown, expired, revoked, in the query string), the proof that
//! a malformed key costs no database query, and `POST /keys/verify` for the host platform.

use super::{
    AGENT, api, assert_invalid, assert_lacks, assert_refused, assert_wrong_shape, checked, delete, expire, first_key,
    get, key_id, key_times, post, stranger_key, user, with_typo,
};
use crate::support::{PASSWORD, TestApp};
use reqwest::Method;
use serde_json::{Value, json};
use vestibule_domain::ValidationError;
use vestibule_domain::api_keys::Rotation;
use vestibule_domain::datetime::rfc3339;

/// Every 401, each with its code; the last step closes the database.
pub async fn refusals(app: &TestApp) {
    let bo = user(app, "bob", false).await;
    let key = first_key(app, &bo, "main", &["profile:read", "api-keys:write"]).await;
    let id = key_id(&key);
    assert_eq!(get(app, &key, "/me").await.json()["username"], "bob");

    assert_refused(&api(app, Method::GET, "/me", None, None).await, "missing");
    // A browser session is no key here: the API ignores cookies.
    let browser = app.client();
    app.signed_up(&browser, "cookie", "cookie@example.com").await;
    assert_refused(&checked(app, browser.get(app.url("/api/v1/me"))).await, "missing");

    let truncated = &key[..key.len() - 1];
    let malformed = [
        String::new(),
        "vst_".into(),
        "not-a-key".into(),
        truncated.into(),
        format!("{key}0"),
        with_typo(&key, 6),  // in the id
        with_typo(&key, 30), // in the secret
        with_typo(&key, 62), // in the checksum
        key.replacen("vst_", "vsk_", 1),
        key.to_uppercase(),
        key.replacen('.', "_", 1),
    ];
    for bad in &malformed {
        assert_refused(&get(app, bad, "/me").await, "malformed");
    }
    let basic = app.client().get(app.url("/api/v1/me")).header("authorization", "Basic Ym86cGFzc3dvcmQ=");
    assert_refused(&checked(app, basic).await, "malformed");

    // Well-formed with a valid checksum, but not ours; or our id with another secret.
    assert_refused(&get(app, &stranger_key(None), "/me").await, "unknown");
    assert_refused(&get(app, &stranger_key(Some(&id)), "/me").await, "unknown");

    let old = first_key(app, &bo, "old", &["profile:read"]).await;
    expire(app, &key_id(&old)).await;
    assert_refused(&get(app, &old, "/me").await, "expired");

    let doomed = first_key(app, &bo, "doomed", &["profile:read"]).await;
    assert_eq!(get(app, &doomed, "/me").await.status.as_u16(), 200);
    assert_eq!(delete(app, &key, &format!("/keys/{}", key_id(&doomed))).await.status.as_u16(), 204);
    assert_refused(&get(app, &doomed, "/me").await, "revoked");

    // A key in the URL ends up in logs and histories: refused, even next to a good header.
    for query in ["key=", "access_token=", "api_key=", "token=", "other="] {
        assert_refused(&get(app, &key, &format!("/me?{query}{key}")).await, "malformed");
        let bare = app.client().get(app.url(&format!("/api/v1/me?{query}{key}")));
        assert_refused(&checked(app, bare).await, "malformed");
    }
    assert_refused(&get(app, &key, "/me?key=anything").await, "malformed");
    assert_eq!(get(app, &key, "/me?page=2").await.status.as_u16(), 200, "other query strings are fine");

    // Last: without a database, a malformed key is still refused as malformed (it never needed
    // one), while a well-formed key can no longer be looked up (once no cached row answers).
    app.v.forget_all();
    app.v.db.pool.close().await;
    assert_refused(&get(app, &with_typo(&key, 30), "/me").await, "malformed");
    assert_refused(&get(app, truncated, "/me").await, "malformed");
    let lookup = app.send(app.client().get(app.url("/api/v1/me")).bearer_auth(&key)).await;
    assert_eq!(lookup.status.as_u16(), 500, "{}", lookup.body);
    assert_eq!(lookup.json()["error"]["code"], "internal");
}

fn verify_body(key: &str, scope: Option<&str>) -> Value {
    match scope {
        Some(scope) => json!({"key": key, "scope": scope}),
        None => json!({"key": key}),
    }
}

/// The platform asks whether a key is valid; only a `keys:verify` key (an admin's) may ask.
pub async fn verify(app: &TestApp) {
    // The operator's way: an admin account and its key from the command line.
    let out = app
        .cli(
            &["user", "create", "--username", "platform", "--email", "platform@example.com", "--admin"],
            &format!("{PASSWORD}\n"),
        )
        .await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = app
        .cli(
            &[
                "key",
                "create",
                "--user",
                "platform",
                "--name",
                "verifier",
                "--scope",
                "keys:verify",
                "--expires-in",
                "30d",
            ],
            "",
        )
        .await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let verifier = String::from_utf8(out.stdout).unwrap().trim_end().to_string();
    key_id(&verifier);

    let jo = user(app, "joan", false).await;
    let jos = first_key(app, &jo, "app", &["profile:read", "preferences:write"]).await;
    let jos_id = key_id(&jos);
    let ask = |key: &str, scope: Option<&str>| {
        let (verifier, body) = (verifier.clone(), verify_body(key, scope));
        async move {
            let reply = post(app, &verifier, "/keys/verify", body).await;
            assert_eq!(reply.status.as_u16(), 200, "{}", reply.body);
            reply.json()
        }
    };

    let expires_at = rfc3339(key_times(app, &jos_id).await.1);
    let valid = json!({
        "valid": true,
        "key_id": jos_id,
        "user": {"id": jo.id, "username": "joan"},
        "scopes": ["preferences:write", "profile:read"],
        "expires_at": expires_at,
    });
    assert_eq!(ask(&jos, None).await, valid);
    assert_eq!(ask(&jos, Some("profile:read")).await, valid);
    assert_eq!(ask(&jos, Some("preferences:read")).await, valid, "write implies read");
    assert_eq!(ask(&jos, Some("profile:write")).await, json!({"valid": false, "reason": "insufficient_scope"}));
    let no = |reason: &str| json!({"valid": false, "reason": reason});
    assert_eq!(ask(&with_typo(&jos, 30), None).await, no("malformed"));
    assert_eq!(ask("hello", Some("profile:read")).await, no("malformed"));
    assert_eq!(ask(&stranger_key(None), None).await, no("unknown"));
    let old = first_key(app, &jo, "old", &["profile:read"]).await;
    expire(app, &key_id(&old)).await;
    assert_eq!(ask(&old, None).await, no("expired"));
    // Verifying is a use of the verified key: its owner sees it as "last used".
    let listed = vestibule_service::api_keys::get(&app.v, jo.id, &jos_id).await.unwrap();
    assert_eq!((listed.last_used_ip.as_deref(), listed.last_used_agent.as_deref()), (Some("127.0.0.1"), Some(AGENT)));
    // A rotated-out key is valid until its grace period ends, and the answer says so.
    let caller = vestibule_service::api_keys::Caller::session(jo.clone(), Default::default());
    let rotation = Rotation { expires_in_days: Some(30), expires_on: None, grace: Some("1h".into()) };
    vestibule_service::api_keys::rotate(&app.v, &caller, &jos_id, &rotation).await.unwrap();
    let retires = key_times(app, &jos_id).await.2.expect("a grace period");
    let answer = ask(&jos, None).await;
    assert_eq!((&answer["valid"], &answer["expires_at"]), (&json!(true), &json!(rfc3339(retires))), "{answer}");
    vestibule_service::api_keys::delete(&app.v, &caller, &jos_id).await.unwrap();
    assert_eq!(ask(&jos, None).await, no("revoked"));

    // Only keys:verify may ask, an administrator's other keys neither.
    let other = first_key(app, &jo, "other", &["profile:read", "api-keys:write"]).await;
    assert_lacks(&post(app, &other, "/keys/verify", verify_body(&other, None)).await, "keys:verify");
    let platform = super::account(app, "platform").await;
    let admins_other = first_key(app, &platform, "profile", &["profile:read"]).await;
    assert_lacks(&post(app, &admins_other, "/keys/verify", verify_body(&other, None)).await, "keys:verify");
    assert_refused(&api(app, Method::POST, "/keys/verify", None, Some(verify_body(&other, None))).await, "missing");
    assert_wrong_shape(&post(app, &verifier, "/keys/verify", json!({"token": other})).await, Some("token"));
    assert_wrong_shape(&post(app, &verifier, "/keys/verify", json!([other])).await, None);

    // Nobody but an administrator may make such a key, neither over REST nor from the command line.
    let body = json!({"name": "sneaky", "scopes": ["keys:verify"], "expires_in_days": 30});
    let not_allowed = ValidationError::ScopeNotAllowed { name: "keys:verify".into() }.to_string();
    assert_invalid(&post(app, &other, "/keys", body).await, &[("scopes", not_allowed.clone())]);
    let out = app.cli(&["key", "create", "--user", "joan", "--name", "sneaky", "--scope", "keys:verify"], "").await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(&not_allowed), "{}", String::from_utf8_lossy(&out.stderr));
}
