//! Which mails a user wants (build results, the weekly summary, key-expiry reminders), the host
//! platform's build events as they arrive, and the one rule that turns an event into a mail or not.

use crate::ValidationError;
use crate::account::{EmailAddress, Username};
use crate::error::FieldError;
use crate::text::nfc;
use serde::{Deserialize, Serialize};

/// A user's choices. Security mails are not here: they always go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSettings {
    /// Mail when a build succeeds.
    pub build_success: bool,
    /// Mail when a build fails.
    pub build_failure: bool,
    /// Only builds whose Git committer is one of my verified addresses.
    pub committer_only: bool,
    /// Builds started by hand too (otherwise only those started by Git or a schedule).
    pub include_manual: bool,
    /// Only when a pipeline's result changes: its first failure, and its first success after failures.
    pub only_changes: bool,
    /// A summary of the week's builds, Monday (or my week-start day) at 09:00 in my time zone.
    pub weekly_summary: bool,
    /// Reminders 7 days and 1 day before one of my API keys expires, and on the day.
    pub key_expiry: bool,
}

impl NotificationSettings {
    /// What an account that never chose gets: builds as the operator says, reminders on.
    pub fn defaults(build: BuildMailDefault) -> Self {
        Self {
            build_success: build.success,
            build_failure: build.failure,
            committer_only: false,
            include_manual: false,
            only_changes: false,
            weekly_summary: false,
            key_expiry: true,
        }
    }

    /// Applies a partial update: absent fields stay.
    pub fn apply(&self, patch: &NotificationsPatch) -> Self {
        let pick = |new: Option<bool>, old: bool| new.unwrap_or(old);
        Self {
            build_success: pick(patch.build_success, self.build_success),
            build_failure: pick(patch.build_failure, self.build_failure),
            committer_only: pick(patch.committer_only, self.committer_only),
            include_manual: pick(patch.include_manual, self.include_manual),
            only_changes: pick(patch.only_changes, self.only_changes),
            weekly_summary: pick(patch.weekly_summary, self.weekly_summary),
            key_expiry: pick(patch.key_expiry, self.key_expiry),
        }
    }

    /// Whether mails of `kind` are on.
    pub fn wants(&self, kind: MailKind) -> bool {
        match kind {
            MailKind::BuildSuccess => self.build_success,
            MailKind::BuildFailure => self.build_failure,
            MailKind::WeeklySummary => self.weekly_summary,
            MailKind::KeyExpiry => self.key_expiry,
        }
    }

    /// These settings with exactly `kind` turned off (a mail's one-click unsubscribe).
    pub fn without(self, kind: MailKind) -> Self {
        match kind {
            MailKind::BuildSuccess => Self { build_success: false, ..self },
            MailKind::BuildFailure => Self { build_failure: false, ..self },
            MailKind::WeeklySummary => Self { weekly_summary: false, ..self },
            MailKind::KeyExpiry => Self { key_expiry: false, ..self },
        }
    }
}

/// A partial update, as the page or `PATCH /api/v1/me/notifications` sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationsPatch {
    pub build_success: Option<bool>,
    pub build_failure: Option<bool>,
    pub committer_only: Option<bool>,
    pub include_manual: Option<bool>,
    pub only_changes: Option<bool>,
    pub weekly_summary: Option<bool>,
    pub key_expiry: Option<bool>,
    /// Another address for notifications (used once the link mailed to it is followed); empty: the
    /// account's address again.
    pub address: Option<String>,
}

/// The operator's default for build mails (`VESTIBULE_BUILD_MAIL_DEFAULT`): `off`, or a
/// comma-separated list of `success` and `failure`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BuildMailDefault {
    pub success: bool,
    pub failure: bool,
}

impl BuildMailDefault {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let mut out = Self::default();
        let raw = raw.trim();
        if raw.eq_ignore_ascii_case("off") {
            return Ok(out);
        }
        for part in raw.split(',').map(str::trim) {
            match part.to_ascii_lowercase().as_str() {
                "success" => out.success = true,
                "failure" => out.failure = true,
                _ => return Err(format!("{part:?}: use 'off', or 'success', 'failure' or 'success,failure'")),
            }
        }
        Ok(out)
    }
}

/// The kinds of mail a user may turn off, each on its own (what a mail's unsubscribe link names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    BuildSuccess,
    BuildFailure,
    WeeklySummary,
    KeyExpiry,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BuildSuccess => "build_success",
            Self::BuildFailure => "build_failure",
            Self::WeeklySummary => "weekly_summary",
            Self::KeyExpiry => "key_expiry",
        }
    }

    /// Its name in the catalogs: `notify-kind-<kind>`.
    pub fn label(self, language: crate::Language) -> String {
        crate::i18n::section_t::<crate::i18n::NotificationsPage>(
            language,
            &format!("notify-kind-{}", self.as_str().replace('_', "-")),
            &[],
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BuildOutcome {
    Succeeded,
    Failed,
}

impl BuildOutcome {
    /// The event type: `build.succeeded` or `build.failed`.
    pub fn event_type(self) -> &'static str {
        match self {
            Self::Succeeded => "build.succeeded",
            Self::Failed => "build.failed",
        }
    }

    pub fn from_event_type(raw: &str) -> Option<Self> {
        [Self::Succeeded, Self::Failed].into_iter().find(|o| o.event_type() == raw)
    }

    /// The mail kind a build with this result belongs to.
    pub fn mail_kind(self) -> MailKind {
        match self {
            Self::Succeeded => MailKind::BuildSuccess,
            Self::Failed => MailKind::BuildFailure,
        }
    }
}

/// What started a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    Git,
    Cron,
    Manual,
}

impl Trigger {
    const ALL: [Trigger; 3] = [Self::Git, Self::Cron, Self::Manual];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Git => "git",
            Self::Cron => "cron",
            Self::Manual => "manual",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == raw)
    }
}

/// A build event as the platform posts it to `POST /api/v1/events`, not yet checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BuildEventInput {
    /// The platform's id for this event: a second post with the same id changes nothing.
    pub id: String,
    /// `build.succeeded` or `build.failed`.
    #[serde(rename = "type")]
    pub kind: String,
    /// When the build finished (RFC 3339).
    pub occurred_at: String,
    pub pipeline: PipelineInput,
    pub build: BuildInput,
    /// The Git committer's address, if the build came from a commit.
    #[serde(default)]
    pub committer_email: Option<String>,
    /// Usernames of the people who may hear about it (for example everyone with access to the
    /// pipeline); each one's settings decide. Unknown names are skipped.
    pub recipients: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PipelineInput {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BuildInput {
    pub id: String,
    /// Where the build's page is (http or https).
    pub url: String,
    /// `git`, `cron` or `manual`.
    pub trigger: String,
}

/// A checked build event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildEvent {
    pub id: String,
    pub outcome: BuildOutcome,
    /// Unix milliseconds.
    pub occurred_at: i64,
    pub pipeline_id: String,
    pub pipeline_name: String,
    pub build_id: String,
    pub build_url: String,
    pub trigger: Trigger,
    pub committer_email: Option<EmailAddress>,
    /// Without repeats, in the order posted.
    pub recipients: Vec<Username>,
}

/// How long events are kept (the weekly summary and "only when the result changes" read them).
pub const EVENT_RETENTION_MS: i64 = 35 * 24 * 3600 * 1000;
/// How far in the future an event's time may be (clocks differ a little).
pub const EVENT_CLOCK_SKEW_MS: i64 = 5 * 60 * 1000;
pub const MAX_RECIPIENTS: usize = 1000;
pub const MAX_ID: usize = 128;
pub const MAX_PIPELINE_NAME: usize = 200;
pub const MAX_URL: usize = 2048;

impl BuildEventInput {
    /// Checks every field at `now_ms`; every bad field is reported with its path (`pipeline.name`,
    /// `recipients[2]`).
    pub fn parse(&self, now_ms: i64) -> Result<BuildEvent, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = |field: &str, result: Result<(), ValidationError>| {
            if let Err(e) = result {
                errors.push(e.on(field));
            }
        };
        check("id", identifier(&self.id));
        check("pipeline.id", identifier(&self.pipeline.id));
        check("build.id", identifier(&self.build.id));
        let outcome = BuildOutcome::from_event_type(&self.kind);
        check(
            "type",
            outcome.map(drop).ok_or_else(|| ValidationError::OneOf {
                allowed: vec!["build.succeeded".into(), "build.failed".into()],
            }),
        );
        let occurred_at = event_time(&self.occurred_at, now_ms);
        check("occurred_at", occurred_at.clone().map(drop));
        let pipeline_name = label(&self.pipeline.name, MAX_PIPELINE_NAME);
        check("pipeline.name", pipeline_name.as_ref().map(drop).map_err(Clone::clone));
        let build_url = crate::url::HttpUrl::parse(&self.build.url);
        check("build.url", build_url.as_ref().map(drop).map_err(Clone::clone));
        let trigger = Trigger::parse(&self.build.trigger);
        check(
            "build.trigger",
            trigger.map(drop).ok_or_else(|| ValidationError::OneOf {
                allowed: Trigger::ALL.iter().map(|t| t.as_str().to_string()).collect(),
            }),
        );
        let committer_email = match self.committer_email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => match EmailAddress::parse(raw) {
                Ok(email) => Some(email),
                Err(e) => {
                    check("committer_email", Err(e));
                    None
                }
            },
        };
        let mut recipients: Vec<Username> = Vec::new();
        if self.recipients.is_empty() {
            check("recipients", Err(ValidationError::Required));
        } else if self.recipients.len() > MAX_RECIPIENTS {
            check("recipients", Err(ValidationError::TooMany { max: MAX_RECIPIENTS }));
        } else {
            for (i, raw) in self.recipients.iter().enumerate() {
                match Username::parse(raw) {
                    Ok(name) if !recipients.contains(&name) => recipients.push(name),
                    Ok(_) => {}
                    Err(e) => check(&format!("recipients[{i}]"), Err(e)),
                }
            }
        }
        match (outcome, occurred_at, pipeline_name, build_url, trigger) {
            (Some(outcome), Ok(occurred_at), Ok(pipeline_name), Ok(build_url), Some(trigger)) if errors.is_empty() => {
                Ok(BuildEvent {
                    id: self.id.clone(),
                    outcome,
                    occurred_at,
                    pipeline_id: self.pipeline.id.clone(),
                    pipeline_name,
                    build_id: self.build.id.clone(),
                    build_url: build_url.as_str().to_string(),
                    trigger,
                    committer_email,
                    recipients,
                })
            }
            _ => Err(errors),
        }
    }
}

/// An id from the platform: 1-128 characters of letters, digits and `. _ : - / # @`.
fn identifier(raw: &str) -> Result<(), ValidationError> {
    if raw.is_empty() {
        return Err(ValidationError::Required);
    }
    if raw.chars().count() > MAX_ID {
        return Err(ValidationError::TooLong { max: MAX_ID });
    }
    if !raw.chars().all(|c| c.is_ascii_alphanumeric() || "._:-/#@".contains(c)) {
        return Err(ValidationError::Identifier);
    }
    Ok(())
}

/// A name to show: trimmed, NFC, 1-`max` characters, no control characters.
fn label(raw: &str, max: usize) -> Result<String, ValidationError> {
    let value = nfc(raw.trim());
    if value.is_empty() {
        return Err(ValidationError::Required);
    }
    if value.chars().count() > max {
        return Err(ValidationError::TooLong { max });
    }
    if value.chars().any(char::is_control) {
        return Err(ValidationError::ControlCharacter);
    }
    Ok(value)
}

/// An RFC 3339 time within the retention window and not in the future (beyond a little skew).
fn event_time(raw: &str, now_ms: i64) -> Result<i64, ValidationError> {
    let at: jiff::Timestamp = raw.trim().parse().map_err(|_| ValidationError::EventTime)?;
    let ms = at.as_millisecond();
    if ms > now_ms + EVENT_CLOCK_SKEW_MS || ms < now_ms - EVENT_RETENTION_MS {
        return Err(ValidationError::EventTime);
    }
    Ok(ms)
}

/// Whether one recipient gets a mail about `event`, and as which kind: their settings, whether
/// the committer is one of their verified addresses, and the pipeline's result before this build
/// (`None` when no earlier build is known).
pub fn build_mail(
    settings: &NotificationSettings,
    event: &BuildEvent,
    is_committer: bool,
    previous: Option<BuildOutcome>,
) -> Option<MailKind> {
    let kind = event.outcome.mail_kind();
    if !settings.wants(kind) {
        return None;
    }
    if event.trigger == Trigger::Manual && !settings.include_manual {
        return None;
    }
    if settings.committer_only && !is_committer {
        return None;
    }
    if settings.only_changes {
        let changed = match event.outcome {
            // The first failure: after a success, or with nothing known before.
            BuildOutcome::Failed => previous != Some(BuildOutcome::Failed),
            // The first success after failures ("fixed").
            BuildOutcome::Succeeded => previous == Some(BuildOutcome::Failed),
        };
        if !changed {
            return None;
        }
    }
    Some(kind)
}

/// The local hour of the weekly summary.
pub const SUMMARY_HOUR: i8 = 9;
/// A summary that could not go out at its moment (the server was down) still goes this long after it.
pub const SUMMARY_CATCH_UP_MS: i64 = 24 * 3600 * 1000;

/// One user's summary week: the one that ended at the latest week-start day, 09:00 local, at or
/// before an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryWeek {
    /// The local date of the summary's day (`2026-11-30`): names the week, exactly once per user.
    pub week: String,
    /// The week summarised: from the 09:00 a week before (local, so 167 or 169 hours across a DST
    /// change) up to `due`.
    pub from_ms: i64,
    /// When the summary is due: 09:00 local on the week-start day. A 09:00 that a DST change skips
    /// is the first instant after the gap; one it repeats is the first of the two.
    pub due_ms: i64,
}

/// The latest summary moment at or before `now_ms` in the user's zone and week start.
pub fn summary_week(now_ms: i64, prefs: &crate::Preferences) -> SummaryWeek {
    use jiff::civil::Date;
    let zone = prefs.time_zone.tz();
    let now = jiff::Timestamp::from_millisecond(now_ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH).to_zoned(zone.clone());
    let start = match prefs.week_start {
        crate::WeekStart::Monday => jiff::civil::Weekday::Monday,
        crate::WeekStart::Sunday => jiff::civil::Weekday::Sunday,
    };
    let at_nine = |date: Date| -> i64 {
        // jiff's default ("compatible") takes the later side of a gap and the earlier of a fold.
        date.at(SUMMARY_HOUR, 0, 0, 0).to_zoned(zone.clone()).map(|z| z.timestamp().as_millisecond()).unwrap_or(now_ms)
    };
    let back = i64::from((now.date().weekday().to_monday_zero_offset() - start.to_monday_zero_offset()).rem_euclid(7));
    let mut day = now.date().checked_sub(jiff::Span::new().days(back)).unwrap_or(now.date());
    if at_nine(day) > now_ms {
        day = day.checked_sub(jiff::Span::new().days(7)).unwrap_or(day);
    }
    let before = day.checked_sub(jiff::Span::new().days(7)).unwrap_or(day);
    SummaryWeek { week: day.to_string(), from_ms: at_nine(before), due_ms: at_nine(day) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_796_000_000_000;

    fn input() -> BuildEventInput {
        BuildEventInput {
            id: "evt-1".into(),
            kind: "build.failed".into(),
            occurred_at: crate::datetime::rfc3339(NOW - 60_000),
            pipeline: PipelineInput { id: "pipe-7".into(), name: "  Web app  ".into() },
            build: BuildInput { id: "b-42".into(), url: "https://ci.example.com/b/42".into(), trigger: "git".into() },
            committer_email: Some("Dev@Example.com".into()),
            recipients: vec!["alice".into(), "Alice".into(), "bob".into()],
        }
    }

    #[test]
    fn a_good_event_parses_with_trimmed_names_and_unique_recipients() {
        let event = input().parse(NOW).unwrap();
        assert_eq!(event.outcome, BuildOutcome::Failed);
        assert_eq!(event.pipeline_name, "Web app");
        assert_eq!(event.occurred_at, NOW - 60_000);
        assert_eq!(event.recipients.iter().map(Username::as_str).collect::<Vec<_>>(), ["alice", "bob"]);
        assert_eq!(event.committer_email.unwrap().as_str(), "Dev@example.com");
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut bad = input();
        bad.id = "has space".into();
        bad.kind = "build.started".into();
        bad.occurred_at = "yesterday".into();
        bad.pipeline.name = String::new();
        bad.build.url = "ftp://x".into();
        bad.build.trigger = "push".into();
        bad.committer_email = Some("nope".into());
        bad.recipients = vec!["ok-name".into(), "-x".into()];
        let fields: Vec<String> = bad.parse(NOW).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "id",
                "type",
                "occurred_at",
                "pipeline.name",
                "build.url",
                "build.trigger",
                "committer_email",
                "recipients[1]"
            ]
        );
    }

    #[test]
    fn event_times_outside_the_window_are_refused() {
        for at in [NOW + EVENT_CLOCK_SKEW_MS + 1, NOW - EVENT_RETENTION_MS - 1] {
            let mut e = input();
            e.occurred_at = crate::datetime::rfc3339(at);
            assert_eq!(e.parse(NOW).unwrap_err()[0].field, "occurred_at");
        }
        let mut none = input();
        none.recipients.clear();
        assert_eq!(none.parse(NOW).unwrap_err()[0].error, Some(ValidationError::Required));
    }

    fn event(outcome: BuildOutcome, trigger: Trigger) -> BuildEvent {
        let mut e = input().parse(NOW).unwrap();
        e.outcome = outcome;
        e.trigger = trigger;
        e
    }

    #[test]
    fn routing_follows_every_setting() {
        use BuildOutcome::{Failed, Succeeded};
        let all = NotificationSettings {
            build_success: true,
            build_failure: true,
            committer_only: false,
            include_manual: true,
            only_changes: false,
            weekly_summary: false,
            key_expiry: false,
        };
        let git = |o| event(o, Trigger::Git);
        assert_eq!(build_mail(&all, &git(Succeeded), false, None), Some(MailKind::BuildSuccess));
        assert_eq!(build_mail(&all, &git(Failed), false, None), Some(MailKind::BuildFailure));
        let failures = NotificationSettings { build_success: false, ..all };
        assert_eq!(build_mail(&failures, &git(Succeeded), false, None), None);
        let no_manual = NotificationSettings { include_manual: false, ..all };
        assert_eq!(build_mail(&no_manual, &event(Failed, Trigger::Manual), false, None), None);
        assert!(build_mail(&no_manual, &event(Failed, Trigger::Cron), false, None).is_some());
        let mine = NotificationSettings { committer_only: true, ..all };
        assert_eq!(build_mail(&mine, &git(Failed), false, None), None);
        assert!(build_mail(&mine, &git(Failed), true, None).is_some());
        let changes = NotificationSettings { only_changes: true, ..all };
        assert!(build_mail(&changes, &git(Failed), false, None).is_some());
        assert!(build_mail(&changes, &git(Failed), false, Some(Succeeded)).is_some());
        assert_eq!(build_mail(&changes, &git(Failed), false, Some(Failed)), None);
        assert!(build_mail(&changes, &git(Succeeded), false, Some(Failed)).is_some());
        assert_eq!(build_mail(&changes, &git(Succeeded), false, Some(Succeeded)), None);
        assert_eq!(build_mail(&changes, &git(Succeeded), false, None), None);
    }

    #[test]
    fn unsubscribing_turns_off_exactly_one_kind() {
        let on = NotificationSettings::defaults(BuildMailDefault { success: true, failure: true });
        let off = NotificationSettings { weekly_summary: true, ..on }.without(MailKind::BuildFailure);
        assert!(off.build_success && !off.build_failure && off.weekly_summary && off.key_expiry);
    }

    fn prefs(zone: &str, week_start: crate::WeekStart) -> crate::Preferences {
        crate::Preferences { time_zone: crate::TimeZoneName::parse(zone).unwrap(), week_start, ..Default::default() }
    }

    fn ms(rfc3339: &str) -> i64 {
        rfc3339.parse::<jiff::Timestamp>().unwrap().as_millisecond()
    }

    #[test]
    fn the_summary_is_due_at_nine_on_the_week_start_day_in_the_users_zone() {
        use crate::WeekStart::{Monday, Sunday};
        // Berlin leaves summer time on Sunday 2026-10-25: Monday 09:00 is 07:00Z before, 08:00Z after.
        let berlin = prefs("Europe/Berlin", Monday);
        let week = summary_week(ms("2026-10-26T08:00:00Z"), &berlin);
        assert_eq!(week.week, "2026-10-26");
        assert_eq!(week.due_ms, ms("2026-10-26T08:00:00Z"));
        assert_eq!(week.from_ms, ms("2026-10-19T07:00:00Z"), "a week of 169 hours");
        let just_before = summary_week(ms("2026-10-26T07:59:59Z"), &berlin);
        assert_eq!(just_before.week, "2026-10-19");
        // New York (Sunday weeks) leaves it on Sunday 2026-11-01 at 02:00.
        let new_york = prefs("America/New_York", Sunday);
        assert_eq!(summary_week(ms("2026-11-01T14:00:00Z"), &new_york).due_ms, ms("2026-11-01T14:00:00Z"));
        assert_eq!(summary_week(ms("2026-10-25T13:00:00Z"), &new_york).week, "2026-10-25");
        assert_eq!(summary_week(ms("2026-11-01T13:30:00Z"), &new_york).week, "2026-10-25");
        // Sydney enters summer time on Sunday 2026-10-04: Monday 09:00 is 23:00Z, then 22:00Z.
        let sydney = prefs("Australia/Sydney", Monday);
        assert_eq!(summary_week(ms("2026-09-27T23:00:00Z"), &sydney).week, "2026-09-28");
        assert_eq!(summary_week(ms("2026-10-04T22:00:00Z"), &sydney).week, "2026-10-05");
        assert_eq!(summary_week(ms("2026-10-04T22:00:00Z"), &sydney).from_ms, ms("2026-09-27T23:00:00Z"));
    }

    #[test]
    fn the_operator_default_parses() {
        assert_eq!(BuildMailDefault::parse("off"), Ok(BuildMailDefault::default()));
        assert_eq!(BuildMailDefault::parse("success, failure"), Ok(BuildMailDefault { success: true, failure: true }));
        assert_eq!(BuildMailDefault::parse("failure"), Ok(BuildMailDefault { success: false, failure: true }));
        assert!(BuildMailDefault::parse("always").is_err());
    }
}
