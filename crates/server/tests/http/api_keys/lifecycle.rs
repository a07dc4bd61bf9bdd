//! A key's life after creation: rotation with and without grace, edits, deletion, another user's
//! keys, the per-user limit, and the operator's platform scopes.

use super::{
    DAY_MS, api, assert_invalid, assert_lacks, assert_refused, assert_wrong_shape, create_key, delete, end_grace,
    first_key, get, key_id, key_times, patch, post, user,
};
use crate::support::TestApp;
use reqwest::Method;
use serde_json::{Value, json};
use vestibule_domain::datetime::rfc3339;
use vestibule_domain::{UserError, ValidationError};

fn status(reply: &crate::support::Reply) -> u16 {
    reply.status.as_u16()
}

/// The old key works through the grace period and not after it; without grace it stops at once.
pub async fn rotation(app: &TestApp) {
    let ed = user(app, "eddie", false).await;
    let old = first_key(app, &ed, "deploy", &["api-keys:write", "profile:read"]).await;
    let old_id = key_id(&old);
    let (_, old_expires, _) = key_times(app, &old_id).await;

    let reply = post(app, &old, &format!("/keys/{old_id}/rotate"), json!({"expires_in_days": 7, "grace": "1h"})).await;
    assert_eq!(status(&reply), 201, "{}", reply.body);
    let rotated = reply.json();
    let new = rotated["secret"].as_str().unwrap().to_string();
    let new_id = key_id(&new);
    assert_ne!(new_id, old_id);
    assert_eq!(rotated["id"], new_id);
    assert_eq!((&rotated["name"], &rotated["scopes"]), (&json!("deploy"), &json!(["api-keys:write", "profile:read"])));
    assert_eq!(rotated["status"], "expiring", "7 days is within the warning week");
    let (created_at, expires_at, _) = key_times(app, &new_id).await;
    assert_eq!(expires_at - created_at, 7 * DAY_MS);
    let (_, still, retires) = key_times(app, &old_id).await;
    assert_eq!(still, old_expires, "the old key's expiry does not move");
    let retires = retires.expect("the old key has an end");
    assert!((retires - created_at - 3_600_000).abs() < 1000, "one hour's grace: {}", retires - created_at);

    // During the grace period both work; each answer says when its own key stops working.
    let me = get(app, &old, "/me").await;
    assert_eq!(me.header("vestibule-key-expires"), Some(rfc3339(retires).as_str()), "the end of the grace period");
    let me = get(app, &new, "/me").await;
    assert_eq!(me.header("vestibule-key-expires"), Some(rfc3339(expires_at).as_str()));
    let list = get(app, &new, "/keys").await.json();
    let rows: Vec<(&str, &str, &Value)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["id"].as_str().unwrap(), k["status"].as_str().unwrap(), &k["retires_at"]))
        .collect();
    assert_eq!(
        rows,
        [(new_id.as_str(), "expiring", &Value::Null), (old_id.as_str(), "rotated_out", &json!(rfc3339(retires)))]
    );

    // The rotated-out key is not rotated or edited again: its successor is.
    let again = post(app, &new, &format!("/keys/{old_id}/rotate"), json!({"expires_in_days": 30})).await;
    assert_invalid(&again, &[("expires", "This key was already rotated; rotate its successor instead.".into())]);
    let edit = patch(app, &new, &format!("/keys/{old_id}"), json!({"name": "renamed"})).await;
    assert_invalid(&edit, &[("name", "This key was rotated out; edit its successor instead.".into())]);

    // After the grace period the old key is revoked; the new one goes on.
    end_grace(app, &old_id).await;
    assert_refused(&get(app, &old, "/me").await, "revoked");
    assert_eq!(status(&get(app, &new, "/me").await), 200);
    assert_eq!(status(&get(app, &new, &format!("/keys/{old_id}")).await), 404, "gone from the list");

    // Bad rotations change nothing.
    let reply = post(app, &new, &format!("/keys/{new_id}/rotate"), json!({"expires_in_days": 30, "grace": "2h"})).await;
    let allowed = ["none", "1h", "24h", "7d"].map(String::from).to_vec();
    assert_invalid(&reply, &[("grace", ValidationError::OneOf { allowed }.to_string())]);
    let reply =
        post(app, &new, &format!("/keys/{new_id}/rotate"), json!({"expires_in_days": 366, "grace": "1h"})).await;
    assert_invalid(&reply, &[("expires", ValidationError::ExpiryTooLate { max_days: 365 }.to_string())]);
    assert_wrong_shape(
        &post(app, &new, &format!("/keys/{new_id}/rotate"), json!({"expires_in_days": 30, "name": "x"})).await,
        Some("name"),
    );
    assert_wrong_shape(&post(app, &new, &format!("/keys/{new_id}/rotate"), json!([30])).await, None);

    // Without grace the old key stops with the very next request.
    let reply =
        post(app, &new, &format!("/keys/{new_id}/rotate"), json!({"expires_in_days": 90, "grace": "none"})).await;
    assert_eq!(status(&reply), 201, "{}", reply.body);
    let newest = reply.json()["secret"].as_str().unwrap().to_string();
    let newest_id = key_id(&newest);
    assert_refused(&get(app, &new, "/me").await, "revoked");
    assert_eq!(status(&get(app, &newest, "/me").await), 200);
    let list = get(app, &newest, "/keys").await.json();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["name"], "deploy");

    // PATCH never moves the expiry (rotate instead).
    let (_, before, _) = key_times(app, &newest_id).await;
    for (field, body) in [
        ("expires_in_days", json!({"expires_in_days": 365})),
        ("expires_on", json!({"expires_on": "2099-01-01"})),
        ("expires_at", json!({"expires_at": "2099-01-01T00:00:00Z"})),
    ] {
        assert_wrong_shape(&patch(app, &newest, &format!("/keys/{newest_id}"), body).await, Some(field));
    }
    assert_wrong_shape(&patch(app, &newest, &format!("/keys/{newest_id}"), json!([null, null])).await, None);
    assert_eq!(key_times(app, &newest_id).await.1, before);

    // A rotation sent twice at once (a double click) makes one successor; the other is told why.
    let path = format!("/keys/{newest_id}/rotate");
    let rotate = || post(app, &newest, &path, json!({"expires_in_days": 30, "grace": "1h"}));
    let (a, b) = tokio::join!(rotate(), rotate());
    let mut outcomes = [status(&a), status(&b)];
    outcomes.sort();
    assert_eq!(outcomes, [201, 422], "{} / {}", a.body, b.body);
    let refused = if status(&a) == 422 { &a } else { &b };
    assert_invalid(refused, &[("expires", "This key was already rotated; rotate its successor instead.".into())]);
    let live: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_keys WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(ed.id)
        .fetch_one(&app.v.db.pool)
        .await
        .unwrap();
    assert_eq!(live, 1);
}

/// Renaming and re-scoping, deleting (the next request with the key fails), and other users' keys.
pub async fn edit_and_delete(app: &TestApp) {
    let fay = user(app, "fay", false).await;
    let manager = first_key(app, &fay, "manager", &["api-keys:write", "profile:write", "preferences:write"]).await;
    let laptop = first_key(app, &fay, "laptop", &["profile:read"]).await;
    let laptop_path = format!("/keys/{}", key_id(&laptop));

    let reply = patch(app, &manager, &laptop_path, json!({"name": "  work laptop "})).await;
    assert_eq!(status(&reply), 200, "{}", reply.body);
    assert_eq!((&reply.json()["name"], &reply.json()["scopes"]), (&json!("work laptop"), &json!(["profile:read"])));
    assert_lacks(&get(app, &laptop, "/me/preferences").await, "preferences:read");
    let reply = patch(app, &manager, &laptop_path, json!({"scopes": ["profile:write", "preferences:read"]})).await;
    assert_eq!(
        (&reply.json()["name"], &reply.json()["scopes"]),
        (&json!("work laptop"), &json!(["preferences:read", "profile:write"]))
    );
    // The new scopes hold from the next request.
    assert_eq!(status(&get(app, &laptop, "/me/preferences").await), 200);
    assert_eq!(status(&patch(app, &laptop, "/me", json!({"full_name": "Fay"})).await), 200);
    let unchanged = patch(app, &manager, &laptop_path, json!({})).await;
    assert_eq!(unchanged.json()["name"], "work laptop");

    assert_invalid(
        &patch(app, &manager, &laptop_path, json!({"name": "manager"})).await,
        &[("name", "You already have a key named 'manager'.".into())],
    );
    assert_invalid(
        &patch(app, &manager, &laptop_path, json!({"name": "", "scopes": []})).await,
        &[("name", ValidationError::Required.to_string()), ("scopes", ValidationError::NoScope.to_string())],
    );
    assert_invalid(
        &patch(app, &manager, &laptop_path, json!({"scopes": ["keys:verify"]})).await,
        &[("scopes", ValidationError::ScopeNotAllowed { name: "keys:verify".into() }.to_string())],
    );

    // Another user's key: not found, whatever the verb, and it keeps working.
    let gus = user(app, "gus", false).await;
    let theirs = first_key(app, &gus, "gus", &["profile:read"]).await;
    let theirs_path = format!("/keys/{}", key_id(&theirs));
    let not_found = json!({"error": {"code": "not_found", "message": UserError::NotFound.to_string()}});
    for reply in [
        get(app, &manager, &theirs_path).await,
        patch(app, &manager, &theirs_path, json!({"name": "mine"})).await,
        post(app, &manager, &format!("{theirs_path}/rotate"), json!({"expires_in_days": 30})).await,
        delete(app, &manager, &theirs_path).await,
        get(app, &manager, "/keys/000000000000").await,
    ] {
        assert_eq!((status(&reply), reply.json()), (404, not_found.clone()));
    }
    assert_eq!(get(app, &theirs, "/me").await.json()["username"], "gus");

    // Delete: 204, then the key is refused as revoked and gone from the list.
    let reply = delete(app, &manager, &laptop_path).await;
    assert_eq!((status(&reply), reply.body.as_str()), (204, ""));
    assert_refused(&get(app, &laptop, "/me").await, "revoked");
    assert_eq!(status(&delete(app, &manager, &laptop_path).await), 404);
    assert_eq!(status(&get(app, &manager, &laptop_path).await), 404);
    let list = get(app, &manager, "/keys").await.json();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    // The name is free again.
    create_key(app, &manager, "work laptop", &["profile:read"]).await;

    // A key may delete itself; the request after is refused.
    let reply = delete(app, &manager, &format!("/keys/{}", key_id(&manager))).await;
    assert_eq!(status(&reply), 204);
    assert_refused(&get(app, &manager, "/keys").await, "revoked");
}

/// `VESTIBULE_MAX_KEYS_PER_USER=1`: a second key is refused until the first is deleted;
/// `VESTIBULE_MAX_KEY_LIFETIME_DAYS=90`: no key lives longer.
pub async fn operator_limits(app: &TestApp) {
    let hal = user(app, "hal", false).await;
    let only = first_key(app, &hal, "only", &["api-keys:write", "profile:read"]).await;
    let too_long = ValidationError::ExpiryTooLate { max_days: 90 }.to_string();
    let reply =
        post(app, &only, "/keys", json!({"name": "long", "scopes": ["profile:read"], "expires_in_days": 91})).await;
    assert_invalid(&reply, &[("expires", too_long.clone())]);
    let reply = post(app, &only, &format!("/keys/{}/rotate", key_id(&only)), json!({"expires_in_days": 91})).await;
    assert_invalid(&reply, &[("expires", too_long.clone())]);
    let out = app
        .cli(&["key", "create", "--user", "hal", "--name", "cli", "--scope", "profile:read", "--expires-in", "91d"], "")
        .await;
    assert!(String::from_utf8_lossy(&out.stderr).contains(&too_long), "{}", String::from_utf8_lossy(&out.stderr));

    let message = "You can have one API key at a time: delete the current key first.";
    assert_eq!(UserError::KeyLimit { max: 1 }.to_string(), message);

    let reply =
        post(app, &only, "/keys", json!({"name": "second", "scopes": ["profile:read"], "expires_in_days": 30})).await;
    assert_eq!(status(&reply), 409, "{}", reply.body);
    assert_eq!(reply.json(), json!({"error": {"code": "key_limit", "message": message}}));
    let out = app.cli(&["key", "create", "--user", "hal", "--name", "cli", "--scope", "profile:read"], "").await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(message), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());

    // Rotation replaces the key, so it is allowed at the limit.
    let reply =
        post(app, &only, &format!("/keys/{}/rotate", key_id(&only)), json!({"expires_in_days": 90, "grace": "7d"}))
            .await;
    assert_eq!(status(&reply), 201, "{}", reply.body);
    let successor = reply.json()["secret"].as_str().unwrap().to_string();
    let reply =
        post(app, &successor, "/keys", json!({"name": "second", "scopes": ["profile:read"], "expires_in_days": 30}))
            .await;
    assert_eq!(status(&reply), 409, "{}", reply.body);

    // Once deleted, a new key may be made: one, even when several are asked for at the same moment
    // (here by the rotated-out key, which works until its grace period ends and does not count; what
    // it makes ends before that).
    assert_eq!(status(&delete(app, &successor, &format!("/keys/{}", key_id(&successor))).await), 204);
    let ask = |name: &'static str| {
        let only = only.clone();
        async move {
            post(app, &only, "/keys", json!({"name": name, "scopes": ["profile:read"], "expires_in_days": 6})).await
        }
    };
    let (a, b, c) = tokio::join!(ask("one"), ask("two"), ask("three"));
    let mut outcomes = [status(&a), status(&b), status(&c)];
    outcomes.sort();
    assert_eq!(outcomes, [201, 409, 409], "{} / {} / {}", a.body, b.body, c.body);
    let created = [a, b, c].into_iter().find(|r| status(r) == 201).unwrap().json()["id"].as_str().unwrap().to_string();
    assert_eq!(status(&delete(app, &only, &format!("/keys/{created}")).await), 204);
    let out = app.cli(&["key", "create", "--user", "hal", "--name", "again", "--scope", "profile:read"], "").await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let again = String::from_utf8(out.stdout).unwrap().trim_end().to_string();
    assert_eq!(get(app, &again, "/me").await.json()["username"], "hal");
    assert_eq!(app.count("SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL").await, 1);
}

/// `VESTIBULE_EXTRA_SCOPES`: the platform's scopes can be given to keys and are reported by verify.
pub async fn platform_scopes(app: &TestApp) {
    let root = user(app, "root", true).await;
    let verifier = first_key(app, &root, "platform", &["keys:verify"]).await;
    let ida = user(app, "ida", false).await;
    let maker = first_key(app, &ida, "maker", &["api-keys:write", "billing:read"]).await;

    let billing = create_key(app, &maker, "billing", &["billing:read"]).await;
    let ask = |scopes: Value| json!({"name": "x", "scopes": scopes, "expires_in_days": 30});
    assert_lacks(&post(app, &maker, "/keys", ask(json!(["deploy"]))).await, "deploy");
    assert_invalid(
        &post(app, &maker, "/keys", ask(json!(["billing:write"]))).await,
        &[("scopes", ValidationError::UnknownScope { name: "billing:write".into() }.to_string())],
    );
    // Vestibule enforces none of them itself.
    assert_lacks(&get(app, &billing, "/me").await, "profile:read");

    let verify = |scope: Option<&str>| {
        let body = match scope {
            Some(scope) => json!({"key": billing, "scope": scope}),
            None => json!({"key": billing}),
        };
        let verifier = verifier.clone();
        async move { api(app, Method::POST, "/keys/verify", Some(&verifier), Some(body)).await.json() }
    };
    let answer = verify(None).await;
    assert_eq!((&answer["valid"], &answer["scopes"]), (&json!(true), &json!(["billing:read"])), "{answer}");
    assert_eq!(answer["user"], json!({"id": ida.id, "username": "ida"}));
    assert_eq!(verify(Some("billing:read")).await["valid"], true);
    assert_eq!(verify(Some("deploy")).await, json!({"valid": false, "reason": "insufficient_scope"}));
}
