//! API-key rules: the key format and its checksum, scopes, expiry, grace periods and status.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use vestibule_domain::ValidationError;
use vestibule_domain::api_keys::{
    ApiKeyInfo, GracePeriod, KeyName, KeyPolicy, KeyRefusal, KeyStatus, KeyToken, NewKey, ScopeCatalog, Scopes,
};
use vestibule_domain::preferences::TimeZoneName;

const DAY: i64 = 86_400_000;
/// 2026-11-22T12:00:00Z
const NOW: i64 = 1_795_348_800_000;

fn key() -> KeyToken {
    KeyToken::from_random(&(0u8..=255).cycle().skip(7).take(200).collect::<Vec<_>>()).unwrap()
}

#[test]
fn format_round_trips_and_shows_only_a_hint() {
    let token = key();
    let full = token.reveal();
    assert!(full.starts_with("vst_"));
    let (id, rest) = full[4..].split_once('.').unwrap();
    assert_eq!(id.len(), 12);
    assert_eq!(rest.len(), 43 + 6);
    assert!(full[4..].chars().all(|c| c.is_ascii_alphanumeric() || c == '.'));
    assert_eq!(KeyToken::parse(&full), Ok(token.clone()));
    assert_eq!(KeyToken::parse(&format!("  {full}\n")), Ok(token.clone()));
    assert_eq!(token.hint(), rest[..5]);
    // Debug never prints the secret.
    let debug = format!("{token:?}");
    assert!(!debug.contains(&rest[..43]), "{debug}");
}

#[test]
fn truncated_or_foreign_keys_are_malformed() {
    let full = key().reveal();
    for bad in [&full[..full.len() - 1], "", "vst_", "ghp_abc", &full.replace("vst_", "vsk_"), &format!("{full}x")] {
        assert_eq!(KeyToken::parse(bad), Err(KeyRefusal::Malformed), "{bad}");
    }
}

proptest! {
    /// Any one changed character is caught by the checksum (CRC32 detects every single-symbol error).
    #[test]
    fn one_changed_character_is_refused(seed in prop::collection::vec(any::<u8>(), 200), at in 4usize..65, to in 0usize..62) {
        let Some(token) = KeyToken::from_random(&seed) else { return Ok(()) };
        let full = token.reveal();
        let alphabet: Vec<char> = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".chars().collect();
        let mut chars: Vec<char> = full.chars().collect();
        prop_assume!(chars[at] != '.' && chars[at] != alphabet[to]);
        chars[at] = alphabet[to];
        let changed: String = chars.into_iter().collect();
        prop_assert_eq!(KeyToken::parse(&changed), Err(KeyRefusal::Malformed));
    }

    #[test]
    fn random_keys_are_distinct(a in prop::collection::vec(any::<u8>(), 200), b in prop::collection::vec(any::<u8>(), 200)) {
        prop_assume!(a != b);
        if let (Some(x), Some(y)) = (KeyToken::from_random(&a), KeyToken::from_random(&b)) {
            prop_assert_ne!(x.reveal(), y.reveal());
        }
    }
}

#[test]
fn too_few_random_bytes_give_no_key() {
    assert!(KeyToken::from_random(&[255; 200]).is_none());
    // 12 id digits and 43 secret digits: 55 usable bytes at least.
    assert!(KeyToken::from_random(&[1; 55]).is_some());
    assert!(KeyToken::from_random(&[1; 54]).is_none());
}

#[test]
fn names() {
    assert_eq!(KeyName::parse("  CI deploys ").unwrap().as_str(), "CI deploys");
    assert_eq!(KeyName::parse("   "), Err(ValidationError::Required));
    assert_eq!(KeyName::parse(&"k".repeat(65)), Err(ValidationError::TooLong { max: 64 }));
    assert!(KeyName::parse(&"ü".repeat(64)).is_ok());
    assert_eq!(KeyName::parse("a\tb"), Err(ValidationError::ControlCharacter));
}

fn scopes(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn scopes_write_implies_read() {
    let catalog = ScopeCatalog::default();
    let s = catalog.parse(&scopes(&["profile:write", "audit:read"]), false).unwrap();
    assert!(s.grants("profile:read"));
    assert!(s.grants("profile:write"));
    assert!(s.grants("audit:read"));
    assert!(!s.grants("audit:write"));
    assert!(!s.grants("preferences:read"));
    let asked = catalog.parse(&scopes(&["profile:read", "preferences:write"]), false).unwrap();
    assert_eq!(s.first_missing(&asked), Some("preferences:write"));
    assert_eq!(s.first_missing(&catalog.parse(&scopes(&["profile:read"]), false).unwrap()), None);
    assert_eq!(Scopes::from_stored(&s.to_stored()), s);
}

#[test]
fn scope_catalog_rules() {
    let catalog = ScopeCatalog::default();
    assert_eq!(
        catalog.scopes.len(),
        16,
        "six resources × read/write, keys:verify, events:write, git-tokens:read and users:read"
    );
    for admin_only in ["git-tokens:read", "users:read"] {
        let refused = ValidationError::ScopeNotAllowed { name: admin_only.into() };
        assert_eq!(catalog.parse(&scopes(&[admin_only]), false), Err(refused));
    }
    // Vestibule's scopes take their words from the catalogs; only the operator's bring their own.
    assert!(catalog.scopes.iter().all(|s| s.description.is_none()));
    assert_eq!(catalog.parse(&[], false), Err(ValidationError::NoScope));
    assert_eq!(catalog.parse(&scopes(&["root"]), false), Err(ValidationError::UnknownScope { name: "root".into() }));
    assert_eq!(
        catalog.parse(&scopes(&["keys:verify"]), false),
        Err(ValidationError::ScopeNotAllowed { name: "keys:verify".into() })
    );
    assert!(catalog.parse(&scopes(&["keys:verify"]), true).is_ok());
    assert_eq!(
        catalog.parse(&scopes(&["events:write"]), false),
        Err(ValidationError::ScopeNotAllowed { name: "events:write".into() })
    );
    let dup = catalog.parse(&scopes(&["audit:read", "audit:read"]), false).unwrap();
    assert_eq!(dup.names(), ["audit:read"]);

    let extra = ScopeCatalog::with_extra("PublishApp=Publish apps; Tasks = Run tasks ;").unwrap();
    assert!(extra.parse(&scopes(&["PublishApp", "Tasks"]), false).is_ok());
    assert_eq!(extra.groups().last().unwrap().0, "platform");
    assert_eq!(extra.get("Tasks").unwrap().description.as_deref(), Some("Run tasks"));
    let groups: Vec<String> = catalog.groups().into_iter().map(|(group, _)| group).collect();
    assert_eq!(groups, ["profile", "preferences", "notifications", "api-keys", "webhooks", "audit", "platform"]);
    assert!(ScopeCatalog::with_extra("profile:read=again").is_err());
    assert!(ScopeCatalog::with_extra("bad name=x").is_err());
    assert!(ScopeCatalog::with_extra("nodescription").is_err());
}

#[test]
fn expiry_presets_custom_dates_and_the_maximum() {
    let policy = KeyPolicy::default();
    let utc = TimeZoneName::utc();
    assert_eq!(policy.expires_at(Some(30), None, NOW, &utc), Ok(NOW + 30 * DAY));
    assert_eq!(policy.expires_at(Some(365), None, NOW, &utc), Ok(NOW + 365 * DAY));
    assert_eq!(policy.expires_at(Some(366), None, NOW, &utc), Err(ValidationError::ExpiryTooLate { max_days: 365 }));
    assert_eq!(policy.expires_at(Some(0), None, NOW, &utc), Err(ValidationError::ExpiryTooLate { max_days: 365 }));
    assert_eq!(policy.expires_at(None, None, NOW, &utc), Err(ValidationError::Required));
    assert_eq!(policy.expires_at(Some(7), Some("2027-01-01"), NOW, &utc), Err(ValidationError::Required));
    // A custom date ends at the end of that day in the user's zone.
    let kolkata = TimeZoneName::parse("Asia/Kolkata").unwrap();
    let end = policy.expires_at(None, Some("2026-12-31"), NOW, &kolkata).unwrap();
    assert_eq!(vestibule_domain::datetime::rfc3339(end), "2026-12-31T18:29:59.999Z");
    assert_eq!(policy.expires_at(None, Some("2027-11-22"), NOW, &utc).map(|_| ()), Ok(()));
    assert_eq!(
        policy.expires_at(None, Some("2027-11-23"), NOW, &utc),
        Err(ValidationError::ExpiryTooLate { max_days: 365 })
    );
    assert_eq!(policy.expires_at(None, Some("2026-11-21"), NOW, &utc), Err(ValidationError::ExpiryPast));
    assert_eq!(policy.expires_at(None, Some("22/11/2027"), NOW, &utc), Err(ValidationError::DateFormat));
    // The operator may allow less.
    let short = KeyPolicy { max_keys: 1, max_lifetime_days: 30 };
    assert_eq!(short.presets(), [7, 30]);
    assert_eq!(short.expires_at(Some(60), None, NOW, &utc), Err(ValidationError::ExpiryTooLate { max_days: 30 }));
    assert_eq!(
        ValidationError::ExpiryTooLate { max_days: 365 }.to_string(),
        "Keys may live at most 365 days. Choose an earlier expiry."
    );
}

#[test]
fn a_new_key_reports_every_field() {
    let request = NewKey {
        name: " ".into(),
        scopes: vec![],
        expires_in_days: Some(400),
        expires_on: None,
        allowed_ips: vec!["10.0.0.0/40".into()],
    };
    let errors = request
        .validate(&ScopeCatalog::default(), &KeyPolicy::default(), false, NOW, &TimeZoneName::utc())
        .unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "scopes", "expires", "allowed_ips"]);
}

#[test]
fn grace_periods() {
    assert_eq!(GracePeriod::parse("1h"), Ok(GracePeriod::Hour));
    assert_eq!(GracePeriod::parse("7d").unwrap().millis(), 7 * DAY);
    assert_eq!(GracePeriod::None.millis(), 0);
    assert!(matches!(GracePeriod::parse("2h"), Err(ValidationError::OneOf { .. })));
}

#[test]
fn status_badges() {
    let mut key = ApiKeyInfo {
        id: "abc".into(),
        name: "n".into(),
        hint: "Xk3f9".into(),
        scopes: Scopes::default(),
        created_at: NOW,
        expires_at: NOW + 30 * DAY,
        retires_at: None,
        last_used_at: None,
        last_used_ip: None,
        last_used_agent: None,
        allowed_ips: Vec::new(),
    };
    assert_eq!(key.display_hint(), "vst_….Xk3f9…");
    assert_eq!(key.status(NOW), KeyStatus::Active);
    key.expires_at = NOW + 7 * DAY;
    assert_eq!(key.status(NOW).label(), "Expires in 7 days");
    key.expires_at = NOW + 3_600_000;
    assert_eq!(key.status(NOW).label(), "Expires in 1 day");
    key.expires_at = NOW;
    assert_eq!(key.status(NOW), KeyStatus::Expired);
    key.expires_at = NOW + 30 * DAY;
    key.retires_at = Some(NOW + 3_600_000);
    assert_eq!(key.status(NOW), KeyStatus::RotatedOut);
}

#[test]
fn hygiene_marks() {
    use vestibule_domain::api_keys::Hygiene;
    use vestibule_domain::preferences::Language;
    let mut key = ApiKeyInfo {
        id: "abc".into(),
        name: "n".into(),
        hint: "Xk3f9".into(),
        scopes: Scopes::default(),
        created_at: NOW,
        expires_at: NOW + 300 * DAY,
        retires_at: None,
        last_used_at: None,
        last_used_ip: None,
        last_used_agent: None,
        allowed_ips: Vec::new(),
    };
    assert_eq!(key.hygiene(NOW), [Hygiene::NeverUsed]);
    assert_eq!(key.hygiene(NOW + 90 * DAY), [Hygiene::NeverUsed, Hygiene::Idle { days: 90 }]);
    key.last_used_at = Some(NOW + 10 * DAY);
    assert_eq!(key.hygiene(NOW + 99 * DAY), []);
    assert_eq!(key.hygiene(NOW + 100 * DAY), [Hygiene::Idle { days: 90 }]);
    assert_eq!(Hygiene::Idle { days: 91 }.label_in(Language::En), "Idle for 91 days");
    assert_eq!(Hygiene::NeverUsed.label_in(Language::De), "Nie verwendet");
    // An expired or rotated-out key is past hygiene: its status says it all.
    key.expires_at = NOW + 50 * DAY;
    assert_eq!(key.hygiene(NOW + 100 * DAY), []);
    key.expires_at = NOW + 300 * DAY;
    key.retires_at = Some(NOW + 200 * DAY);
    assert_eq!(key.hygiene(NOW + 100 * DAY), []);
}

#[test]
fn leak_reports_and_client_addresses() {
    use vestibule_domain::api_keys::{MAX_LEAK_REPORT_KEYS, check_leak_report, parse_address};
    let one = vec!["vst_x".to_string()];
    assert_eq!(check_leak_report(&one, "  https://example.com/repo  "), Ok("https://example.com/repo".into()));
    assert_eq!(check_leak_report(&one, ""), Ok(String::new()));
    let fields = |e: Vec<vestibule_domain::FieldError>| e.into_iter().map(|e| e.field).collect::<Vec<_>>();
    assert_eq!(fields(check_leak_report(&[], "a\nb").unwrap_err()), ["keys", "source"]);
    let many = vec!["k".to_string(); MAX_LEAK_REPORT_KEYS + 1];
    assert_eq!(check_leak_report(&many, "").unwrap_err()[0].error, Some(ValidationError::TooMany { max: 100 }));
    assert!(parse_address("2001:db8::1").is_ok());
    assert_eq!(parse_address("10.0.0.0/8"), Err(ValidationError::IpRange { entry: "10.0.0.0/8".into() }));
}
