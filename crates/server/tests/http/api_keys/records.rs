//! What is written down about keys: the append-only audit log, and never the secret itself (not in
//! the database file, not in the logs, not on the CLI's stderr).

use super::{
    AGENT, assert_refused, create_key, delete, expire, first_key, get, key_id, patch, post, secret_part, user,
};
use crate::support::{self, Engine, TestApp};
use serde_json::json;

type AuditRow = (String, String, String, String, String);

async fn audit_rows(app: &TestApp, user_id: i64) -> Vec<AuditRow> {
    sqlx::query_as("SELECT action, target, detail, ip, user_agent FROM audit_events WHERE user_id = $1 ORDER BY id")
        .bind(user_id)
        .fetch_all(&app.v.db.pool)
        .await
        .unwrap()
}

/// Created, edited, rotated, deleted, and refused expired or revoked keys each leave one entry,
/// which nobody can change or remove.
pub async fn audit_log(app: &TestApp) {
    let kim = user(app, "kim", false).await;
    let manager = first_key(app, &kim, "manager", &["api-keys:write", "profile:read"]).await;
    let temp = create_key(app, &manager, "temp", &["profile:read"]).await;
    let temp_id = key_id(&temp);
    assert_eq!(
        patch(app, &manager, &format!("/keys/{temp_id}"), json!({"name": "temporary"})).await.status.as_u16(),
        200
    );
    let reply =
        post(app, &manager, &format!("/keys/{temp_id}/rotate"), json!({"expires_in_days": 30, "grace": "24h"})).await;
    let successor = reply.json()["secret"].as_str().unwrap().to_string();
    let successor_id = key_id(&successor);
    assert_eq!(delete(app, &manager, &format!("/keys/{successor_id}")).await.status.as_u16(), 204);
    // Refused uses: one entry a minute per key, however often it is tried.
    for _ in 0..3 {
        assert_refused(&get(app, &successor, "/me").await, "revoked");
    }
    let old = first_key(app, &kim, "old", &["profile:read"]).await;
    let old_id = key_id(&old);
    expire(app, &old_id).await;
    for _ in 0..2 {
        assert_refused(&get(app, &old, "/me").await, "expired");
    }
    // Neither a malformed nor an unknown key is anyone's to log.
    assert_refused(&get(app, &super::with_typo(&old, 30), "/me").await, "malformed");

    let manager_id = key_id(&manager);
    let rows = audit_rows(app, kim.id).await;
    let actions: Vec<(&str, String)> = rows.iter().map(|r| (r.0.as_str(), r.1.clone())).collect();
    let vst = |id: &str| format!("vst_{id}");
    assert_eq!(
        actions,
        [
            ("api_key.created", vst(&manager_id)),
            ("api_key.created", vst(&temp_id)),
            ("api_key.edited", vst(&temp_id)),
            ("api_key.rotated", vst(&temp_id)),
            ("api_key.deleted", vst(&successor_id)),
            ("api_key.refused_revoked", vst(&successor_id)),
            ("api_key.created", vst(&old_id)),
            ("api_key.refused_expired", vst(&old_id)),
        ]
    );
    assert_eq!(rows[1].2, "name=temp; scopes=profile:read");
    assert_eq!(rows[2].2, "name=temporary; scopes=profile:read");
    assert_eq!(rows[3].2, format!("successor=vst_{successor_id}; grace=24h"));
    assert_eq!(rows[4].2, "temporary");
    // REST requests record where they came from; the page's session here had no address.
    for row in &rows[1..6] {
        assert_eq!((row.3.as_str(), row.4.as_str()), ("127.0.0.1", AGENT), "{row:?}");
    }
    for row in &rows {
        assert!(!row.2.contains(secret_part(&temp)) && !row.2.contains(secret_part(&successor)), "{row:?}");
    }

    // Append-only: the database itself refuses to change or remove an entry.
    let before = rows.len();
    let update = sqlx::query("UPDATE audit_events SET action = 'nothing' WHERE user_id = $1")
        .bind(kim.id)
        .execute(&app.v.db.pool)
        .await;
    let error = update.expect_err("UPDATE on audit_events must fail").to_string();
    assert!(error.contains("append-only"), "{error}");
    let remove = sqlx::query("DELETE FROM audit_events WHERE user_id = $1").bind(kim.id).execute(&app.v.db.pool).await;
    let error = remove.expect_err("DELETE on audit_events must fail").to_string();
    assert!(error.contains("append-only"), "{error}");
    assert_eq!(audit_rows(app, kim.id).await.len(), before);
    assert_eq!(audit_rows(app, kim.id).await[0].0, "api_key.created");
}

/// Only digests are stored; logs and the CLI's stderr name keys by id, never by secret.
pub async fn secrets_at_rest_and_in_logs(app: &TestApp) {
    support::captured_logs();
    let lu = user(app, "luna", false).await;
    let manager = first_key(app, &lu, "manager", &["api-keys:write", "profile:read"]).await;
    let rest = create_key(app, &manager, "rest", &["profile:read"]).await;
    let reply =
        post(app, &manager, &format!("/keys/{}/rotate", key_id(&rest)), json!({"expires_in_days": 30, "grace": "1h"}))
            .await;
    let rotated = reply.json()["secret"].as_str().unwrap().to_string();

    // The command line prints the key alone on stdout; its log on stderr names the id only.
    let out = app
        .cli_with(
            &["key", "create", "--user", "luna", "--name", "cli", "--scope", "profile:read", "--expires-in", "7d"],
            "",
            &[("VESTIBULE_LOG", "info")],
        )
        .await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let cli = stdout.strip_suffix('\n').expect("a line").to_string();
    let cli_id = key_id(&cli);
    assert_eq!(stdout, format!("{cli}\n"), "stdout is exactly the key");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("created cli (vst_{cli_id})")), "{stderr}");
    assert!(stderr.lines().any(|l| l.contains("API key created") && l.contains(&format!("vst_{cli_id}"))), "{stderr}");
    assert!(!stderr.contains(secret_part(&cli)), "{stderr}");

    let secrets = [&manager, &rest, &rotated, &cli];
    for key in secrets {
        assert_eq!(get(app, key, "/me").await.status.as_u16(), 200);
        assert_refused(&get(app, key, &format!("/me?access_token={key}")).await, "malformed");
    }

    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT public_id, digest, hint FROM api_keys").fetch_all(&app.v.db.pool).await.unwrap();
    assert_eq!(rows.len(), 4);
    for key in secrets {
        let (_, digest, hint) = rows.iter().find(|r| r.0 == key_id(key)).expect("a row per key");
        assert_eq!(digest.len(), 43, "an unpadded base64url SHA-256: {digest}");
        assert!(!digest.contains(secret_part(key)) && !key.contains(digest.as_str()), "{digest}");
        assert_eq!(hint, &secret_part(key)[..5]);
    }
    if app.engine == Engine::Sqlite {
        let bytes = app.sqlite_bytes();
        let contains = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(contains(&key_id(&rest)), "the file should hold the public ids (wrong file?)");
        for key in secrets {
            assert!(!contains(key), "a whole key is in the database file");
            assert!(!contains(secret_part(key)), "a secret is in the database file");
            assert!(!contains(&secret_part(key)[5..]), "the unshown part of a secret is in the database file");
        }
    }

    // The operator's list shows ids and hints, never secrets; revoking works from there too.
    let out = app.cli(&["key", "list", "--user", "luna"], "").await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let listing = String::from_utf8(out.stdout).unwrap();
    assert_eq!(listing.lines().count(), 4, "{listing}");
    for key in secrets {
        assert!(listing.contains(&format!("vst_{}\t", key_id(key))), "{listing}");
        assert!(!listing.contains(secret_part(key)), "{listing}");
    }
    let out = app.cli(&["key", "revoke", &format!("vst_{cli_id}")], "").await;
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("revoked vst_{cli_id}\n"));
    super::assert_refused_soon(app, &cli, "revoked").await;
    let trail: Vec<(String, String)> =
        sqlx::query_as("SELECT action, user_agent FROM audit_events WHERE target = $1 ORDER BY id")
            .bind(format!("vst_{cli_id}"))
            .fetch_all(&app.v.db.pool)
            .await
            .unwrap();
    let trail: Vec<(&str, &str)> = trail.iter().map(|(a, u)| (a.as_str(), u.as_str())).collect();
    assert_eq!(
        trail,
        [
            ("api_key.created", "vestibule command line"),
            ("api_key.deleted", "vestibule command line"),
            ("api_key.refused_revoked", super::AGENT),
        ]
    );
    let out = app.cli(&["key", "revoke", "vst_000000000000"], "").await;
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("no key vst_000000000000"));

    let logs = support::captured_logs();
    // (Rotation logs nothing; its successor is in the audit log.)
    for key in [&manager, &rest] {
        let id = key_id(key);
        assert!(
            logs.lines().any(|l| l.contains("API key created") && l.contains(&format!("key=vst_{id}"))),
            "no log line for vst_{id}"
        );
    }
    for key in secrets {
        assert!(!logs.contains(secret_part(key)), "a secret is in the log");
    }
}
