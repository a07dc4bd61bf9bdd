//! Mails that come at a time, with the clock in the test's hands (`scheduled::send_due(v, now)`):
//! the weekly summary in three zones across their DST changes, exactly once per week; key-expiry
//! reminders 7 days and 1 day before and on the day, in the owner's zone.

use crate::api_keys::{first_key, key_id, user};
use crate::support::TestApp;
use vestibule_domain::notifications::{BuildEvent, BuildOutcome, NotificationsPatch, Trigger};
use vestibule_domain::{PreferencesPatch, Username};
use vestibule_service::scheduled::{Sent, send_due};

fn ms(rfc3339: &str) -> i64 {
    rfc3339.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

async fn someone(app: &TestApp, name: &str, zone: &str, week_start: &str, summary: bool) {
    let account = user(app, name, false).await;
    let prefs =
        PreferencesPatch { time_zone: Some(zone.into()), week_start: Some(week_start.into()), ..Default::default() };
    vestibule_service::preferences::update(&app.v, account.id, &prefs).await.unwrap();
    let patch = NotificationsPatch { weekly_summary: Some(summary), ..Default::default() };
    vestibule_service::notifications::update(
        &app.v,
        &vestibule_service::caller::Caller::session(account.clone(), Default::default()),
        &patch,
    )
    .await
    .unwrap();
}

/// A build of `pipeline` at `at` for `recipients`, stored as the API stores it (the API itself
/// refuses times more than 35 days before the real clock).
async fn build(app: &TestApp, id: &str, pipeline: &str, outcome: BuildOutcome, at: &str, recipients: &[&str]) {
    let event = BuildEvent {
        id: id.into(),
        outcome,
        occurred_at: ms(at),
        pipeline_id: pipeline.to_lowercase(),
        pipeline_name: pipeline.into(),
        build_id: id.into(),
        build_url: format!("https://ci.example.com/{id}"),
        trigger: Trigger::Git,
        committer_email: None,
        recipients: recipients.iter().map(|r| Username::parse(r).unwrap()).collect(),
    };
    vestibule_service::events::receive(&app.v, &event).await.unwrap();
}

fn summaries(n: usize) -> Sent {
    Sent { summaries: n, reminders: 0, idle_keys: 0 }
}

async fn summary_count(app: &TestApp, name: &str) -> usize {
    app.mails_to(&format!("{name}@example.com")).await.iter().filter(|m| m.contains("Your week of builds")).count()
}

/// Berlin (Monday weeks) and New York (Sunday weeks) leave summer time on 2026-10-25 and -11-01;
/// Sydney (Monday weeks) entered it on 2026-10-04. Each summary comes at 09:00 local, once.
pub async fn weekly_summary_across_dst(app: &TestApp) {
    someone(app, "berta", "Europe/Berlin", "monday", true).await;
    someone(app, "nyla", "America/New_York", "sunday", true).await;
    someone(app, "syd", "Australia/Sydney", "monday", true).await;
    someone(app, "otto", "Europe/Berlin", "monday", false).await;
    let all = ["berta", "nyla", "syd", "otto"];
    // Berta's week from Monday 2026-10-19 09:00 CEST (07:00Z) to Monday 2026-10-26 09:00 CET (08:00Z).
    build(app, "e0", "Web", BuildOutcome::Failed, "2026-10-19T06:59:00Z", &all).await; // the week before
    build(app, "e1", "Web", BuildOutcome::Failed, "2026-10-20T10:00:00Z", &all).await;
    build(app, "e2", "Web", BuildOutcome::Failed, "2026-10-20T11:00:00Z", &all).await;
    build(app, "e3", "Docs", BuildOutcome::Succeeded, "2026-10-20T12:00:00Z", &all).await;
    for (i, at) in ["2026-10-22T08:00:00Z", "2026-10-22T09:00:00Z", "2026-10-22T10:00:00Z"].iter().enumerate() {
        build(app, &format!("t{i}"), "Web", BuildOutcome::Succeeded, at, &all).await;
    }
    build(app, "e4", "Docs", BuildOutcome::Failed, "2026-10-22T20:00:00Z", &all).await;
    build(app, "e5", "Web", BuildOutcome::Failed, "2026-10-26T07:59:00Z", &["berta"]).await; // inside, just
    build(app, "e6", "Web", BuildOutcome::Failed, "2026-10-26T08:00:00Z", &["berta"]).await; // the next week

    // Nothing is due yet: every last summary moment is more than a day ago.
    assert_eq!(send_due(&app.v, ms("2026-10-25T12:59:00Z")).await.unwrap(), summaries(0));
    // Sunday 09:00 EDT in New York.
    assert_eq!(send_due(&app.v, ms("2026-10-25T13:00:00Z")).await.unwrap(), summaries(1));
    assert_eq!(send_due(&app.v, ms("2026-10-25T13:01:00Z")).await.unwrap(), summaries(0), "once a week");
    // Monday 09:00 AEDT in Sydney is Sunday 22:00Z.
    assert_eq!(send_due(&app.v, ms("2026-10-25T21:59:00Z")).await.unwrap(), summaries(0));
    assert_eq!(send_due(&app.v, ms("2026-10-25T22:00:00Z")).await.unwrap(), summaries(1));
    // Monday 09:00 in Berlin is 08:00Z now that summer time is over, not 07:00Z.
    assert_eq!(send_due(&app.v, ms("2026-10-26T07:30:00Z")).await.unwrap(), summaries(0));
    assert_eq!(send_due(&app.v, ms("2026-10-26T08:00:00Z")).await.unwrap(), summaries(1));
    assert_eq!([summary_count(app, "nyla").await, summary_count(app, "syd").await], [1, 1]);
    assert_eq!([summary_count(app, "berta").await, summary_count(app, "otto").await], [1, 0]);

    let berta = app.mails_to("berta@example.com").await.pop().unwrap();
    assert!(berta.contains("Subject: Your week of builds: 4 succeeded, 4 failed"), "{berta}");
    assert!(berta.contains("Your builds from 10/19/2026 to 10/26/2026:"), "{berta}");
    assert!(berta.contains("Web: 3 succeeded, 3 failed"), "{berta}");
    assert!(berta.contains("Docs: 1 succeeded, 1 failed"), "{berta}");
    assert!(berta.contains("Busiest day: Thursday 10/22/2026, with 4 builds."), "{berta}");
    assert!(berta.contains("List-Unsubscribe"), "a summary can be turned off: {berta}");
    assert!(berta.find("Web:").unwrap() < berta.find("Docs:").unwrap(), "busiest pipeline first");

    // A week later New York has left summer time too: Sunday 09:00 EST is 14:00Z. Two instances at
    // once still send one summary.
    assert_eq!(send_due(&app.v, ms("2026-11-01T13:30:00Z")).await.unwrap(), summaries(0));
    let now = ms("2026-11-01T14:00:00Z");
    let (a, b) = tokio::join!(send_due(&app.v, now), send_due(&app.v, now));
    assert_eq!(a.unwrap().summaries + b.unwrap().summaries, 1);
    assert_eq!(summary_count(app, "nyla").await, 2);
    assert!(app.mails_to("nyla@example.com").await.pop().unwrap().contains("There were no builds for you this week."));

    // A server that was down at Sydney's moment (Monday 2026-11-02 09:00 AEDT, Sunday 22:00Z) catches
    // up within a day; past that, the week is skipped.
    assert_eq!(send_due(&app.v, ms("2026-11-02T07:00:00Z")).await.unwrap(), summaries(1));
    assert_eq!(summary_count(app, "syd").await, 2);
    // Sydney's next moment is Monday 2026-11-09 09:00 AEDT, Sunday 22:00Z: a day later is too late,
    // a minute less is not (the clock goes back a minute for that).
    send_due(&app.v, ms("2026-11-09T22:00:00Z")).await.unwrap();
    assert_eq!(summary_count(app, "syd").await, 2, "24 h after its moment");
    send_due(&app.v, ms("2026-11-09T21:59:00Z")).await.unwrap();
    assert_eq!(summary_count(app, "syd").await, 3, "23 h 59 min after its moment");
}

/// Reminders at 7 days, 1 day and on the day, counted in the owner's local dates (Tokyo), each once;
/// none for deleted keys or with the setting off; the link opens the rotate dialog.
pub async fn key_expiry_reminders(app: &TestApp) {
    someone(app, "kim", "Asia/Tokyo", "monday", false).await;
    someone(app, "lou", "Asia/Tokyo", "monday", false).await;
    let kim = crate::api_keys::account(app, "kim").await;
    let lou = crate::api_keys::account(app, "lou").await;
    let deploy = first_key(app, &kim, "deploy", &["profile:read"]).await;
    let gone = first_key(app, &kim, "gone", &["profile:read"]).await;
    first_key(app, &lou, "lous", &["profile:read"]).await;
    let off = NotificationsPatch { key_expiry: Some(false), ..Default::default() };
    vestibule_service::notifications::update(
        &app.v,
        &vestibule_service::caller::Caller::session(lou.clone(), Default::default()),
        &off,
    )
    .await
    .unwrap();
    // Every key ends at Sunday 2027-01-10 12:00 in Tokyo and was made long before.
    sqlx::query("UPDATE api_keys SET expires_at = $1, created_at = $2")
        .bind(ms("2027-01-10T03:00:00Z"))
        .bind(ms("2026-06-01T00:00:00Z"))
        .execute(&app.v.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE public_id = $2")
        .bind(ms("2026-12-01T00:00:00Z"))
        .bind(key_id(&gone))
        .execute(&app.v.db.pool)
        .await
        .unwrap();
    let reminders = |n: usize| Sent { summaries: 0, reminders: n, idle_keys: 0 };
    // Saturday 2027-01-02 in Tokyo: 8 days to go.
    assert_eq!(send_due(&app.v, ms("2027-01-02T03:00:00Z")).await.unwrap(), reminders(0));
    // Sunday 2027-01-03, 00:30 in Tokyo (Saturday in UTC): 7 days.
    assert_eq!(send_due(&app.v, ms("2027-01-02T15:30:00Z")).await.unwrap(), reminders(1));
    assert_eq!(send_due(&app.v, ms("2027-01-05T00:00:00Z")).await.unwrap(), reminders(0));
    assert_eq!(send_due(&app.v, ms("2027-01-09T00:00:00Z")).await.unwrap(), reminders(1));
    assert_eq!(send_due(&app.v, ms("2027-01-09T16:00:00Z")).await.unwrap(), reminders(1), "Tokyo's 01:00 of the day");
    assert_eq!(send_due(&app.v, ms("2027-01-10T02:00:00Z")).await.unwrap(), reminders(0));

    // Making the keys sent security mails of their own.
    let mails: Vec<String> = app
        .mails_to("kim@example.com")
        .await
        .into_iter()
        .filter(|m| !m.contains("A new API key was created"))
        .collect();
    // The outbox sends a batch at once, so they may arrive in any order.
    let mut subjects: Vec<&str> = mails.iter().filter_map(|m| m.lines().find(|l| l.starts_with("Subject:"))).collect();
    subjects.sort();
    assert_eq!(
        subjects,
        [
            "Subject: Your API key \"deploy\" expires in 7 days",
            "Subject: Your API key \"deploy\" expires today",
            "Subject: Your API key \"deploy\" expires tomorrow",
        ]
    );
    // (The base URL is the server's listen address; this handle of the app has none.)
    let link = format!("/settings/api-keys?rotate={}\r\n", key_id(&deploy));
    assert!(mails.iter().all(|m| m.contains(&link)), "{link}: {}", mails[0]);
    assert!(mails.iter().all(|m| m.contains("expires on 01/10/2027 12:00 PM")), "in Kim's zone: {}", mails[0]);
    let lou = app.mails_to("lou@example.com").await;
    assert!(lou.iter().all(|m| m.contains("A new API key was created")), "Lou turned reminders off");
}
