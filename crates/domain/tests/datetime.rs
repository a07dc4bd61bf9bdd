//! The shared formatter around DST changes and in zones with half- and quarter-hour offsets.
//! Expected values were computed independently (Python's zoneinfo) for the same instants.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use vestibule_domain::datetime::{format_date, format_datetime, format_time, preview, utc_offset, zones};
use vestibule_domain::{Choice, DateFormat, Language, Preferences, TimeFormat, TimeZoneName, ValidationError};

fn prefs(zone: &str, time: TimeFormat, date: DateFormat) -> Preferences {
    Preferences {
        time_zone: TimeZoneName::parse(zone).unwrap(),
        time_format: time,
        date_format: date,
        ..Default::default()
    }
}

fn iso24(zone: &str) -> Preferences {
    prefs(zone, TimeFormat::H24, DateFormat::Iso)
}

#[test]
fn dst_changes_in_five_zones() {
    let cases: &[(&str, i64, &str)] = &[
        ("America/New_York", 1772953140000, "2026-03-08 01:59"),
        ("America/New_York", 1772953200000, "2026-03-08 03:00"),
        ("America/New_York", 1793512740000, "2026-11-01 01:59"),
        ("America/New_York", 1793512800000, "2026-11-01 01:00"),
        ("Europe/Berlin", 1774745940000, "2026-03-29 01:59"),
        ("Europe/Berlin", 1774746000000, "2026-03-29 03:00"),
        ("Asia/Kolkata", 1795354500000, "2026-11-22 19:05"),
        ("Australia/Lord_Howe", 1791041340000, "2026-10-04 01:59"),
        ("Australia/Lord_Howe", 1791041400000, "2026-10-04 02:30"),
        ("Australia/Lord_Howe", 1775314740000, "2026-04-05 01:59"),
        ("Australia/Lord_Howe", 1775314800000, "2026-04-05 01:30"),
        ("America/St_Johns", 1772947740000, "2026-03-08 01:59"),
        ("America/St_Johns", 1772947800000, "2026-03-08 03:00"),
        ("Asia/Kathmandu", 1795305600000, "2026-11-22 05:45"),
        ("Pacific/Chatham", 1795305600000, "2026-11-22 13:45"),
    ];
    for (zone, ms, expected) in cases {
        assert_eq!(format_datetime(*ms, &iso24(zone)), *expected, "{zone} at {ms}");
    }
}

#[test]
fn every_date_and_time_format() {
    let ms = 1795354500000; // 2026-11-22 19:05 in Kolkata
    let p = |t, d| prefs("Asia/Kolkata", t, d);
    assert_eq!(format_date(ms, &p(TimeFormat::H12, DateFormat::Us)), "11/22/2026");
    assert_eq!(format_date(ms, &p(TimeFormat::H12, DateFormat::International)), "22/11/2026");
    assert_eq!(format_date(ms, &p(TimeFormat::H12, DateFormat::Iso)), "2026-11-22");
    assert_eq!(format_time(ms, &p(TimeFormat::H12, DateFormat::Us)), "7:05 PM");
    assert_eq!(format_time(ms, &p(TimeFormat::H24, DateFormat::Us)), "19:05");
    // Midnight and noon on a 12-hour clock.
    assert_eq!(format_time(1795305600000, &prefs("UTC", TimeFormat::H12, DateFormat::Us)), "12:00 AM");
    assert_eq!(format_time(1795305600000 + 12 * 3_600_000, &prefs("UTC", TimeFormat::H12, DateFormat::Us)), "12:00 PM");
}

#[test]
fn preview_line_in_both_languages() {
    let ms = 1795305900000; // 2026-11-22 00:05 UTC = 2026-11-21 19:05 in New York
    let mut p = prefs("America/New_York", TimeFormat::H12, DateFormat::Us);
    assert_eq!(preview(ms, &p), "Today at 7:05 PM, Saturday 11/21/2026, America/New_York");
    p.language = Language::De;
    p.time_format = TimeFormat::H24;
    p.date_format = DateFormat::International;
    assert_eq!(preview(ms, &p), "Heute um 19:05, Samstag 21/11/2026, America/New_York");
}

#[test]
fn offsets_and_zone_list() {
    let ms = 1795305600000;
    assert_eq!(utc_offset(ms, &TimeZoneName::parse("Asia/Kolkata").unwrap().tz()), "UTC+05:30");
    assert_eq!(utc_offset(ms, &TimeZoneName::parse("America/St_Johns").unwrap().tz()), "UTC-03:30");
    let all = zones(ms);
    assert!(all.len() > 400);
    assert!(all.iter().any(|(name, offset)| name == "Asia/Kathmandu" && offset == "UTC+05:45"));
    assert!(all.iter().any(|(name, _)| name == "UTC"));
}

#[test]
fn choices_parse_and_refuse() {
    assert_eq!(TimeZoneName::parse(" Europe/Berlin ").unwrap().as_str(), "Europe/Berlin");
    assert_eq!(TimeZoneName::parse("europe/berlin").unwrap().as_str(), "Europe/Berlin");
    assert_eq!(TimeZoneName::parse("UTC").unwrap().as_str(), "UTC");
    assert!(matches!(TimeZoneName::parse("Mars/Olympus"), Err(ValidationError::UnknownTimeZone { .. })));
    assert_eq!(DateFormat::parse("iso"), Ok(DateFormat::Iso));
    let e = TimeFormat::parse("13h").unwrap_err();
    assert_eq!(e.to_string(), "Choose one of: 12h, 24h.");
    let json = serde_json::to_value(Preferences::default()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"date_format": "us", "time_format": "12h", "time_zone": "UTC",
            "week_start": "monday", "theme": "system", "language": "en"})
    );
    assert!(
        serde_json::from_value::<Preferences>(serde_json::json!({"date_format": "us", "time_format": "12h",
        "time_zone": "Nowhere/City", "week_start": "monday", "theme": "system", "language": "en"}))
        .is_err()
    );
}

#[test]
fn zone_rules_travel_as_json_and_refuse_what_is_broken() {
    use vestibule_domain::tz::ZoneRules;
    let rules = ZoneRules::of("europe/berlin").unwrap();
    assert_eq!(rules.name(), "Europe/Berlin");
    let json = serde_json::to_value(&rules).unwrap();
    assert_eq!(serde_json::from_value::<ZoneRules>(json.clone()).unwrap(), rules);
    let mut broken = json.clone();
    broken["tzif"] = "AAAA".into();
    assert!(serde_json::from_value::<ZoneRules>(broken).is_err());
    let mut unknown = json;
    unknown["name"] = "Mars/Olympus".into();
    assert!(serde_json::from_value::<ZoneRules>(unknown).is_err());
    assert!(ZoneRules::of("Mars/Olympus").is_none());
}
