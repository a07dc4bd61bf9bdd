//! The one date/time formatter: every timestamp Vestibule shows, in the browser or from the
//! server (pages, mails, lists), goes through here with the user's preferences.
//! Zone rules come from jiff's bundled copy of the IANA database, on the server directly and in
//! the browser as the server sends them (`tz::ZoneRules`): the same bytes on both sides.

use crate::preferences::{DateFormat, Preferences, TimeFormat};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

fn local(instant_ms: i64, prefs: &Preferences) -> Zoned {
    let at = Timestamp::from_millisecond(instant_ms).unwrap_or(Timestamp::UNIX_EPOCH);
    at.to_zoned(prefs.time_zone.tz())
}

/// An instant as RFC 3339 in UTC (`2026-11-22T19:05:00Z`), for the REST API and headers.
pub fn rfc3339(instant_ms: i64) -> String {
    Timestamp::from_millisecond(instant_ms).unwrap_or(Timestamp::UNIX_EPOCH).to_string()
}

/// An RFC 3339 instant (`2026-11-22T19:05:00Z`, any offset) as milliseconds; `None` when it is not one.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    text.trim().parse::<Timestamp>().ok().map(|at| at.as_millisecond())
}

/// The date alone: `11/22/2026`, `22/11/2026` or `2026-11-22`.
pub fn format_date(instant_ms: i64, prefs: &Preferences) -> String {
    let t = local(instant_ms, prefs);
    let (y, m, d) = (t.year(), t.month(), t.day());
    match prefs.date_format {
        DateFormat::Us => format!("{m:02}/{d:02}/{y}"),
        DateFormat::International => format!("{d:02}/{m:02}/{y}"),
        DateFormat::Iso => format!("{y:04}-{m:02}-{d:02}"),
    }
}

/// The time alone: `7:05 PM` or `19:05`.
pub fn format_time(instant_ms: i64, prefs: &Preferences) -> String {
    let t = local(instant_ms, prefs);
    let (h, min) = (t.hour(), t.minute());
    match prefs.time_format {
        TimeFormat::H24 => format!("{h:02}:{min:02}"),
        TimeFormat::H12 => {
            let suffix = if h < 12 { "AM" } else { "PM" };
            let h12 = match h % 12 {
                0 => 12,
                h => h,
            };
            format!("{h12}:{min:02} {suffix}")
        }
    }
}

/// Date and time: `11/22/2026 7:05 PM`.
pub fn format_datetime(instant_ms: i64, prefs: &Preferences) -> String {
    format!("{} {}", format_date(instant_ms, prefs), format_time(instant_ms, prefs))
}

/// The local date in the user's zone as ISO 8601 (`2026-11-22`), for grouping and comparing days.
pub fn local_date(instant_ms: i64, prefs: &Preferences) -> String {
    local(instant_ms, prefs).date().to_string()
}

/// Whole days from the local date of `from_ms` to that of `to_ms` in the user's zone (0: the same
/// day; a DST change does not make a day count twice or not at all).
pub fn local_days_between(from_ms: i64, to_ms: i64, prefs: &Preferences) -> i64 {
    let (from, to) = (local(from_ms, prefs).date(), local(to_ms, prefs).date());
    from.until(to).map(|span| i64::from(span.get_days())).unwrap_or(i64::MAX)
}

/// The weekday's name in the user's language.
pub fn weekday_name(instant_ms: i64, prefs: &Preferences) -> String {
    const IDS: [&str; 7] = [
        "weekday-monday",
        "weekday-tuesday",
        "weekday-wednesday",
        "weekday-thursday",
        "weekday-friday",
        "weekday-saturday",
        "weekday-sunday",
    ];
    let day = local(instant_ms, prefs).weekday();
    crate::i18n::t(prefs.language, IDS[day.to_monday_zero_offset() as usize])
}

/// The preferences page's preview: `Today at 7:05 PM, Sunday 11/22/2026, America/New_York`.
pub fn preview(now_ms: i64, prefs: &Preferences) -> String {
    crate::i18n::t_args(
        prefs.language,
        "datetime-preview",
        &[
            ("time", format_time(now_ms, prefs).into()),
            ("weekday", weekday_name(now_ms, prefs).into()),
            ("date", format_date(now_ms, prefs).into()),
            ("zone", prefs.time_zone.as_str().to_string().into()),
        ],
    )
}

/// A zone's offset from UTC at that instant, like `UTC+05:30` or `UTC-03:30` (for searching zones).
pub fn utc_offset(instant_ms: i64, zone: &TimeZone) -> String {
    let at = Timestamp::from_millisecond(instant_ms).unwrap_or(Timestamp::UNIX_EPOCH);
    let seconds = zone.to_offset(at).seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Every IANA zone with its offset at that instant, for the time-zone picker (on the server,
/// which has every zone's rules).
#[cfg(not(target_arch = "wasm32"))]
pub fn zones(now_ms: i64) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> =
        crate::tz::names().map(|name| (name.to_string(), utc_offset(now_ms, &crate::tz::rules(name)))).collect();
    all.sort();
    all
}
