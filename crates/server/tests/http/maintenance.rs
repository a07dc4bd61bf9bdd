//! The once-a-minute sweep, with the clock in the test's hands: what no rule reads any more goes,
//! the rest stays.

use crate::support::TestApp;
use vestibule_service::maintenance::{NAME_QUIET_MS, Swept, sweep};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

async fn keys(app: &TestApp, sql: &'static str) -> Vec<String> {
    let mut keys: Vec<String> = sqlx::query_scalar(sql).fetch_all(&app.v.db.pool).await.unwrap();
    keys.sort();
    keys
}

pub async fn sweep_deletes_only_expired_rows(app: &TestApp) {
    let pool = &app.v.db.pool;
    let now = vestibule_service::now_ms();
    let mut users = Vec::new();
    for name in ["sven", "tara"] {
        let account = vestibule_service::accounts::create(
            &app.v,
            name,
            &format!("{name}@example.com"),
            crate::support::PASSWORD,
            false,
        )
        .await
        .unwrap();
        users.push(account.id);
    }
    // Sessions: (token hash, created, last seen); the defaults are 30 idle minutes, 12 hours in all.
    for (hash, created, seen) in [
        ("fresh", now - HOUR, now - MINUTE),
        ("idle", now - HOUR, now - 31 * MINUTE),
        ("old", now - 13 * HOUR, now - MINUTE),
    ] {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4)")
            .bind(hash)
            .bind(users[0])
            .bind(created)
            .bind(seen)
            .execute(pool)
            .await
            .unwrap();
    }
    // Failed log-ins per address count for 15 minutes.
    for (ip, at) in [("10.0.0.1", now - 16 * MINUTE), ("10.0.0.2", now - MINUTE)] {
        sqlx::query("INSERT INTO login_failures (ip, at) VALUES ($1, $2)")
            .bind(ip)
            .bind(at)
            .execute(pool)
            .await
            .unwrap();
    }
    // Throttle rows: (key, failures in a row, blocked until); 100 failures lock.
    let throttle = [
        ("name:quiet".to_string(), 7, now - NAME_QUIET_MS - MINUTE),
        ("name:recent".into(), 7, now - HOUR),
        ("name:blocked".into(), 9, now + 10 * MINUTE),
        ("name:locked".into(), 100, now - 30 * 24 * HOUR),
        (format!("user:{}", users[0]), 100, now - 30 * 24 * HOUR),
        (format!("user:{}", users[1]), 7, now - NAME_QUIET_MS - MINUTE),
    ];
    for (key, failures, blocked_until) in throttle {
        sqlx::query("INSERT INTO login_throttle (login_key, failures, blocked_until) VALUES ($1, $2, $3)")
            .bind(key)
            .bind(failures)
            .bind(blocked_until)
            .execute(pool)
            .await
            .unwrap();
    }
    // Mailed links, for an email change and for a new account's address: one expired, one pending.
    for insert in [
        "INSERT INTO email_changes (user_id, new_email, token_hash, expires_at) VALUES ($1, $2, $3, $4)",
        "INSERT INTO email_verifications (user_id, email, token_hash, expires_at) VALUES ($1, $2, $3, $4)",
    ] {
        for (user, hash, expires_at) in [(users[0], "expired", now - 1), (users[1], "pending", now + HOUR)] {
            sqlx::query(insert)
                .bind(user)
                .bind(format!("{hash}@example.com"))
                .bind(hash)
                .bind(expires_at)
                .execute(pool)
                .await
                .unwrap();
        }
    }
    // Sign-ups per address count for an hour.
    for (ip, at) in [("10.0.0.3", now - HOUR - MINUTE), ("10.0.0.4", now - MINUTE)] {
        sqlx::query("INSERT INTO sign_up_attempts (ip, at) VALUES ($1, $2)")
            .bind(ip)
            .bind(at)
            .execute(pool)
            .await
            .unwrap();
    }
    // Outbox jobs that failed for good stay 30 days for the operator; queued ones are never swept.
    for (id, failed_at) in [("old", Some(now - 31 * 24 * HOUR)), ("recent", Some(now - 24 * HOUR)), ("queued", None)] {
        sqlx::query(
            "INSERT INTO outbox (kind, payload, attempts, run_at, created_at, failed_at) VALUES ('mail', $1, 1, $2, $2, $3)",
        )
        .bind(id)
        .bind(now - 40 * 24 * HOUR)
        .bind(failed_at)
        .execute(pool)
        .await
        .unwrap();
    }

    // The platform's events are kept 35 days.
    for (id, at) in [("old-event", now - 36 * 24 * HOUR), ("new-event", now - HOUR)] {
        sqlx::query(
            "INSERT INTO events (id, kind, pipeline_id, pipeline_name, build_id, occurred_at, received_at) \
             VALUES ($1, 'build.failed', 'p', 'P', 'b', $2, $2)",
        )
        .bind(id)
        .bind(at)
        .execute(pool)
        .await
        .unwrap();
    }
    // Notification-address links past expiry: a row with nothing proven goes, a proven address stays.
    for (user, email, hash) in [(users[0], None, "lost"), (users[1], Some("kept@example.com"), "stale")] {
        sqlx::query(
            "INSERT INTO notification_addresses (user_id, email, pending_email, token_hash, expires_at) \
             VALUES ($1, $2, 'next@example.com', $3, $4)",
        )
        .bind(user)
        .bind(email)
        .bind(hash)
        .bind(now - 1)
        .execute(pool)
        .await
        .unwrap();
    }

    // Webhook deliveries are kept 30 days, and a pending one until it is done.
    sqlx::query(
        "INSERT INTO webhooks (public_id, user_id, url, description, events, secret, created_at) \
         VALUES ('wh_x', $1, 'https://hooks.example.com', '', 'build.failed', 'sealed', $2)",
    )
    .bind(users[0])
    .bind(now)
    .execute(pool)
    .await
    .unwrap();
    for (id, state, at) in [
        ("msg_old", "failed", now - 31 * 24 * HOUR),
        ("msg_waits", "pending", now - 31 * 24 * HOUR),
        ("msg_new", "succeeded", now - HOUR),
    ] {
        sqlx::query(
            "INSERT INTO webhook_messages (webhook_id, message_id, event_type, body, state, attempts, created_at) \
             SELECT id, $1, 'build.failed', '{}', $2, 1, $3 FROM webhooks",
        )
        .bind(id)
        .bind(state)
        .bind(at)
        .execute(pool)
        .await
        .unwrap();
    }

    let swept = sweep(&app.v, now).await.unwrap();
    let all_once = Swept {
        webhook_deliveries: 1,
        sessions: 2,
        login_failures: 1,
        login_throttle: 1,
        email_changes: 1,
        email_verifications: 1,
        sign_up_attempts: 1,
        outbox_failed: 1,
        events: 1,
        notification_links: 2,
    };
    assert_eq!(swept, all_once);
    assert_eq!(keys(app, "SELECT id FROM events").await, ["new-event"]);
    assert_eq!(keys(app, "SELECT message_id FROM webhook_messages").await, ["msg_new", "msg_waits"]);
    assert_eq!(
        keys(app, "SELECT email FROM notification_addresses WHERE pending_email IS NULL").await,
        ["kept@example.com"]
    );
    assert_eq!(keys(app, "SELECT token_hash FROM sessions").await, ["fresh"]);
    assert_eq!(keys(app, "SELECT ip FROM login_failures").await, ["10.0.0.2"]);
    let mut kept = vec![
        "name:blocked".to_string(),
        "name:locked".into(),
        "name:recent".into(),
        format!("user:{}", users[0]),
        format!("user:{}", users[1]),
    ];
    kept.sort();
    assert_eq!(keys(app, "SELECT login_key FROM login_throttle").await, kept);
    assert_eq!(keys(app, "SELECT token_hash FROM email_changes").await, ["pending"]);
    assert_eq!(keys(app, "SELECT token_hash FROM email_verifications").await, ["pending"]);
    assert_eq!(keys(app, "SELECT ip FROM sign_up_attempts").await, ["10.0.0.4"]);
    assert_eq!(keys(app, "SELECT payload FROM outbox").await, ["queued", "recent"]);
    assert_eq!(sweep(&app.v, now).await.unwrap().total(), 0, "a second sweep finds nothing");

    // A day and a half later the rest has expired too; locks and account rows stay.
    let later = now + 36 * HOUR;
    let swept = sweep(&app.v, later).await.unwrap();
    let rest = Swept {
        login_throttle: 2,
        sessions: 1,
        outbox_failed: 0,
        events: 0,
        notification_links: 0,
        webhook_deliveries: 0,
        ..all_once
    };
    assert_eq!(swept, rest);
    let kept = keys(app, "SELECT login_key FROM login_throttle").await;
    let mut expected = vec!["name:locked".to_string(), format!("user:{}", users[0]), format!("user:{}", users[1])];
    expected.sort();
    assert_eq!(kept, expected);
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 2, "accounts are never swept");
}
