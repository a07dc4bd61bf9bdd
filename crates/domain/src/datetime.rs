//! The one date/time formatter: every timestamp Vestibule shows, in the browser or from the
//! server (pages, mails, lists), goes through here with the user's preferences.

use crate::preferences::{DateFormat, Language, Preferences, TimeFormat};
use chrono::{DateTime, Datelike, Offset, TimeZone, Timelike, Weekday};

fn local(instant_ms: i64, prefs: &Preferences) -> DateTime<chrono_tz::Tz> {
    let utc = DateTime::from_timestamp_millis(instant_ms).unwrap_or_default();
    utc.with_timezone(&prefs.time_zone.tz())
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

/// The weekday's name in the user's language.
pub fn weekday_name(instant_ms: i64, prefs: &Preferences) -> &'static str {
    let day = local(instant_ms, prefs).weekday();
    let en = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let de = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"];
    let names = match prefs.language {
        Language::En => en,
        Language::De => de,
    };
    names[day.num_days_from_monday() as usize]
}

/// The preferences page's preview: `Today at 7:05 PM, Sunday 11/22/2026, America/New_York`.
pub fn preview(now_ms: i64, prefs: &Preferences) -> String {
    let today_at = match prefs.language {
        Language::En => "Today at",
        Language::De => "Heute um",
    };
    format!(
        "{today_at} {}, {} {}, {}",
        format_time(now_ms, prefs),
        weekday_name(now_ms, prefs),
        format_date(now_ms, prefs),
        prefs.time_zone.as_str()
    )
}

/// The zone's offset from UTC at that instant, like `UTC+05:30` or `UTC−03:30` (for searching zones).
pub fn utc_offset(instant_ms: i64, zone: chrono_tz::Tz) -> String {
    let utc = DateTime::from_timestamp_millis(instant_ms).unwrap_or_default();
    let seconds = zone.offset_from_utc_datetime(&utc.naive_utc()).fix().local_minus_utc();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Every IANA zone with its current offset, for the time-zone picker.
pub fn zones(now_ms: i64) -> Vec<(&'static str, String)> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| (tz.name(), utc_offset(now_ms, *tz))).collect()
}

/// The first day of the week as chrono names it.
pub fn week_start_day(prefs: &Preferences) -> Weekday {
    match prefs.week_start {
        crate::preferences::WeekStart::Monday => Weekday::Mon,
        crate::preferences::WeekStart::Sunday => Weekday::Sun,
    }
}
