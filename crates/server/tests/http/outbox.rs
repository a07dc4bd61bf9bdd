//! The mail outbox against a real SMTP server: nothing lost while it is down, nothing sent twice
//! once it is back, a crashed worker's jobs taken again after their lease, refusals not retried,
//! and no link in the database in plain text.

use crate::smtp::Smtp;
use crate::support::{self, Engine, TestApp};
use std::collections::BTreeSet;
use std::sync::atomic::Ordering;
use vestibule_service::mail::Mail;
use vestibule_service::now_ms;
use vestibule_service::outbox::{self, Job, LEASE_MS};
use vestibule_service::worker;

const HOUR: i64 = 3600 * 1000;

/// `sqlite_<name>` and `postgres_<name>` for each `async fn <name>(app: &TestApp, smtp: &Smtp)`, the
/// app sending to `smtp` (reserved, started or not by `$start`; refusing the addresses listed).
macro_rules! with_smtp {
    ($($name:ident [$start:expr; $($refuse:expr),*] => $sqlite:ident, $postgres:ident;)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $sqlite() {
            with_smtp(Engine::Sqlite, $start, &[$($refuse),*], $name).await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $postgres() {
            with_smtp(Engine::Postgres, $start, &[$($refuse),*], $name).await;
        }
    )*};
}

async fn with_smtp<F, Fut>(engine: Engine, start: bool, refuse: &[&str], scenario: F)
where
    F: FnOnce(std::sync::Arc<TestApp>, std::sync::Arc<Smtp>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_smtp_and(engine, start, refuse, &[], scenario).await;
}

async fn with_smtp_and<F, Fut>(engine: Engine, start: bool, refuse: &[&str], vars: &[(&str, &str)], scenario: F)
where
    F: FnOnce(std::sync::Arc<TestApp>, std::sync::Arc<Smtp>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let smtp = std::sync::Arc::new(if start { Smtp::started(refuse) } else { Smtp::reserve(refuse) });
    let url = smtp.url();
    let mut vars = vars.to_vec();
    vars.push(("VESTIBULE_SMTP_URL", &url));
    support::run_with(engine, &vars, |app| scenario(app, smtp)).await;
}

// The in-process server sends nothing here: the `vestibule` process started by the test does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_outbox_kill_9_mid_delivery() {
    with_smtp_and(Engine::Sqlite, true, &[], &[("VESTIBULE_OUTBOX_WORKER", "false")], killed_mid_delivery).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_outbox_kill_9_mid_delivery() {
    with_smtp_and(Engine::Postgres, true, &[], &[("VESTIBULE_OUTBOX_WORKER", "false")], killed_mid_delivery).await;
}

with_smtp! {
    nothing_is_lost_while_the_mail_server_is_down [false;] =>
        sqlite_outbox_mail_server_down_then_up, postgres_outbox_mail_server_down_then_up;
    a_crashed_workers_jobs_are_taken_again [true;] =>
        sqlite_outbox_crashed_worker, postgres_outbox_crashed_worker;
    refused_mail_is_not_retried [true; "nobody@example.com"] =>
        sqlite_outbox_refused_mail, postgres_outbox_refused_mail;
}

/// Three sign-ups while the mail server is down: their links wait in the outbox, sealed; once it is
/// up, each goes out exactly once, and a later pass sends nothing again.
async fn nothing_is_lost_while_the_mail_server_is_down(app: std::sync::Arc<TestApp>, smtp: std::sync::Arc<Smtp>) {
    let users = ["ann", "bob", "cyd"];
    for name in users {
        app.signed_up(&app.client(), name, &format!("{name}@example.com")).await;
    }
    // Every job has been tried (by the server's worker, or here) and put back for later.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        worker::deliver_due(&app.v, now_ms()).await.unwrap();
        let tried = app.count("SELECT COUNT(*) FROM outbox WHERE attempts >= 1 AND lease_until IS NULL").await;
        if tried == 3 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "only {tried} of 3 jobs tried");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(outbox::status(&app.v).await.unwrap().waiting(), 3, "nothing lost");
    let errors: Vec<String> =
        sqlx::query_scalar("SELECT last_error FROM outbox").fetch_all(&app.v.db.pool).await.unwrap();
    assert!(errors.iter().all(|e| e.contains("SMTP")), "{errors:?}");
    let payloads: Vec<String> =
        sqlx::query_scalar("SELECT payload FROM outbox").fetch_all(&app.v.db.pool).await.unwrap();
    assert!(smtp.messages().is_empty());
    let out = app.cli(&["mail", "status"], "").await;
    let status = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(status.contains("queued: 0\nretrying: 3\nfailed: 0\noldest waiting since: "), "{status}");
    assert!(status.contains("last error: SMTP"), "{status}");

    smtp.start();
    // Retries come due within the hour.
    let pass = worker::deliver_due(&app.v, now_ms() + HOUR).await.unwrap();
    assert!(pass.failed == 0 && pass.retried == 0, "{pass:?}");
    app.mail_settled().await;
    let received = smtp.messages();
    assert_eq!(received.len(), 3, "each mail once: {received:#?}");
    let to: BTreeSet<String> = received.iter().flat_map(|m| m.to.clone()).collect();
    assert_eq!(to, users.iter().map(|u| format!("{u}@example.com")).collect());
    let ids: BTreeSet<String> = received.iter().map(|m| m.message_id()).collect();
    assert_eq!(ids.len(), 3, "a Message-ID per mail");
    // The links were in the database only sealed.
    for mail in &received {
        let token = crate::settings::token_in(&mail.data.replace("=\r\n", "").replace("=3D", "="));
        assert!(payloads.iter().all(|p| !p.contains(&token)), "a link in plain text in the outbox");
    }
    assert_eq!(worker::deliver_due(&app.v, now_ms() + 2 * HOUR).await.unwrap().claimed, 0);
    assert_eq!(smtp.messages().len(), 3, "nothing sent twice");
    let out = app.cli(&["mail", "status"], "").await;
    assert_eq!(String::from_utf8_lossy(&out.stdout), "queued: 0\nretrying: 0\nfailed: 0\n");
}

/// `kill -9` of a `vestibule` process while the mail server is taking its mails: nothing is lost.
/// Its jobs stay leased, and once the lease is over the next worker sends them. The mail server may
/// have kept a message whose answer never reached the killed process; its second copy carries the
/// same Message-ID.
async fn killed_mid_delivery(app: std::sync::Arc<TestApp>, smtp: std::sync::Arc<Smtp>) {
    let out = app.cli(&["mail", "test", "--to", "kim@example.com", "--count", "5", "--queue-only"], "").await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(outbox::status(&app.v).await.unwrap().waiting(), 5);
    smtp.delay_ms.store(5_000, Ordering::SeqCst);
    let mut server = app.spawn_server(&[("VESTIBULE_OUTBOX_WORKER", "true")]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while smtp.data_started.load(Ordering::SeqCst) == 0 {
        assert!(std::time::Instant::now() < deadline, "the process never started sending");
        assert!(server.try_wait().unwrap().is_none(), "vestibule serve exited");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    let now = now_ms();
    let left = outbox::status(&app.v).await.unwrap().waiting();
    assert!(left > 0, "the killed process finished its mails before it was killed");
    smtp.delay_ms.store(0, Ordering::SeqCst);
    let pass = worker::deliver_due(&app.v, now + LEASE_MS + 1000).await.unwrap();
    assert_eq!(pass.claimed as i64, left, "{pass:?}");
    app.mail_settled().await;
    let ids: BTreeSet<String> = smtp.messages().iter().map(|m| m.message_id()).collect();
    assert_eq!(ids.len(), 5, "every mail arrived, duplicates only as the same message");
}

/// A worker that claimed a job and died (its lease is held, nothing was sent): no one takes the job
/// while the lease lasts, the next worker does once it is over, and sends it once.
async fn a_crashed_workers_jobs_are_taken_again(app: std::sync::Arc<TestApp>, smtp: std::sync::Arc<Smtp>) {
    let now = now_ms();
    let mail = Mail::new(&app.settings, Default::default(), "dee@example.com", "Hello".into(), "Hello, Dee.\n".into())
        .unwrap();
    let message_id = mail.message_id.clone();
    assert!(message_id.ends_with("@localhost>"), "in the sender's domain: {message_id}");
    let mut tx = app.v.db.pool.begin().await.unwrap();
    let id = outbox::enqueue(&mut tx, &app.v.sealer, &Job::Mail(mail)).await.unwrap();
    // Claimed in the same transaction, so the server's worker never sees it free.
    sqlx::query("UPDATE outbox SET lease_until = $1, claim = 'a worker that died', attempts = 1 WHERE id = $2")
        .bind(now + LEASE_MS)
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(worker::deliver_due(&app.v, now + LEASE_MS - 1000).await.unwrap().claimed, 0, "the lease holds");
    let pass = worker::deliver_due(&app.v, now + LEASE_MS + 1).await.unwrap();
    assert_eq!((pass.claimed, pass.done), (1, 1), "{pass:?}");
    let received = smtp.messages();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].message_id(), message_id);
    assert_eq!(outbox::status(&app.v).await.unwrap().waiting(), 0);
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(&app.v.db.pool).await.unwrap();
    assert_eq!(rows, 0, "a done job is deleted");
}

/// A recipient the mail server refuses for good (550): the job fails at once and stays for the
/// operator; the mail beside it goes out.
async fn refused_mail_is_not_retried(app: std::sync::Arc<TestApp>, smtp: std::sync::Arc<Smtp>) {
    let mut tx = app.v.db.pool.begin().await.unwrap();
    for to in ["nobody@example.com", "eve@example.com"] {
        let mail = Mail::new(&app.settings, Default::default(), to, "Hello".into(), "Hello.\n".into()).unwrap();
        outbox::enqueue(&mut tx, &app.v.sealer, &Job::Mail(mail)).await.unwrap();
    }
    tx.commit().await.unwrap();
    app.v.outbox_queued();
    app.mail_settled().await;
    let received = smtp.messages();
    assert_eq!(received.len(), 1, "{received:#?}");
    assert_eq!(received[0].to, ["eve@example.com"]);
    let failed: Vec<(i64, Option<i64>, String)> =
        sqlx::query_as("SELECT attempts, failed_at, last_error FROM outbox").fetch_all(&app.v.db.pool).await.unwrap();
    assert_eq!(failed.len(), 1, "{failed:?}");
    let (attempts, failed_at, error) = &failed[0];
    assert_eq!(*attempts, 1, "not retried");
    assert!(failed_at.is_some());
    assert!(error.contains("550"), "{error}");

    // The operator's test mail says so at once, and sends the one that can go.
    let out = app.cli(&["mail", "test", "--to", "nobody@example.com"], "").await;
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did not go out") && stderr.contains("550"), "{stderr}");
    let out = app.cli(&["mail", "test", "--to", "eve@example.com"], "").await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "sent 1 test mail(s) to eve@example.com");
    let received = smtp.messages();
    assert_eq!(received.len(), 2, "{received:#?}");
    assert!(received[1].data.contains("A test mail from Vestibule"), "{}", received[1].data);
    let out = app.cli(&["mail", "test", "--to", "not an address"], "").await;
    assert!(!out.status.success());
    let out = app.cli(&["mail", "status"], "").await;
    let status = String::from_utf8_lossy(&out.stdout);
    assert!(status.starts_with("queued: 0\nretrying: 0\nfailed: 2\n"), "{status}");
    assert!(status.contains("last error: SMTP") && status.contains("550"), "{status}");
}
