//! Unit and property tests for every `domain` type.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use vestibule_domain::{EmailAddress, LoginName, Password, Username, ValidationError};

#[test]
fn username_normalises_and_validates() {
    assert_eq!(Username::parse("  Alice.Smith ").map(String::from), Ok("alice.smith".into()));
    assert_eq!(Username::parse("ab"), Err(ValidationError::TooShort { min: 3 }));
    assert_eq!(Username::parse(&"a".repeat(33)), Err(ValidationError::TooLong { max: 32 }));
    assert_eq!(Username::parse(""), Err(ValidationError::Required));
    assert_eq!(Username::parse("a b"), Err(ValidationError::UsernameChar { found: ' ' }));
    assert_eq!(Username::parse("-abc"), Err(ValidationError::UsernameEdge));
    assert_eq!(Username::parse("abc."), Err(ValidationError::UsernameEdge));
    // Fullwidth letters fold to ASCII under NFKC, so they cannot impersonate.
    assert_eq!(Username::parse("ａｌｉｃｅ").map(String::from), Ok("alice".into()));
    assert_eq!(Username::parse("al1ce_x-y").map(String::from), Ok("al1ce_x-y".into()));
}

#[test]
fn username_messages_are_human() {
    assert_eq!(ValidationError::TooShort { min: 3 }.to_string(), "Use at least 3 characters.");
    let e = Username::parse("bad!").unwrap_err().on("username");
    assert_eq!(e.field, "username");
    assert!(e.message.contains("'!'"), "{}", e.message);
}

#[test]
fn email_validates() {
    assert_eq!(EmailAddress::parse(" Bob.Jones@Example.COM ").map(String::from), Ok("Bob.Jones@example.com".into()));
    for bad in ["bob", "bob@", "@example.com", "bob@example", "bob@exa mple.com", "bob@-x.com", "a b@x.com", "bob@x.1"]
    {
        assert_eq!(EmailAddress::parse(bad), Err(ValidationError::EmailFormat), "{bad}");
    }
    assert_eq!(EmailAddress::parse(""), Err(ValidationError::Required));
    let long = format!("{}@{}.com", "a".repeat(60), "b".repeat(200));
    assert_eq!(EmailAddress::parse(&long), Err(ValidationError::TooLong { max: 254 }));
}

fn key(address: &str) -> String {
    EmailAddress::parse(address).unwrap_or_else(|e| panic!("{address}: {e}")).comparison_key()
}

#[test]
fn email_comparison_ignores_case_and_form_in_the_whole_address() {
    assert_eq!(key("Bob.Jones@Example.COM"), "bob.jones@example.com");
    assert_eq!(key("BOB.JONES@EXAMPLE.COM"), key("bob.jones@example.com"));
    // Non-ASCII letters, upper and lower case, composed or as a base letter and a combining mark.
    assert_eq!(key("ÄBC@Example.COM"), key("äbc@example.com"));
    assert_eq!(key("A\u{308}bc@example.com"), key("äbc@example.com"));
    assert_eq!(key("ÄBC@Example.COM"), "äbc@example.com");
    assert_eq!(key("ΣΟΦΙΑ@example.gr"), key("σοφια@example.gr"));
    assert_eq!(key("ЖЕНЯ@Пример.РФ"), key("женя@пример.рф"));
    // Fullwidth letters and signs (as some keyboards type them) are the ASCII address.
    assert_eq!(key("ＡＬＩＣＥ＠ｅｘａｍｐｌｅ．ｃｏｍ"), "alice@example.com");
    // Case folding, not only lowercasing: these differ in case alone.
    assert_eq!(key("STRASSE@example.de"), key("straße@example.de"));
    assert_eq!(key("ΟΔΟΣ@example.gr"), key("οδος@example.gr"));
    assert_eq!(key("İpek@example.com"), key("i\u{307}pek@example.com"));
    // Different addresses stay different.
    assert_ne!(key("bob@example.com"), key("bob@example.org"));
    assert_ne!(key("bob@example.com"), key("b.ob@example.com"));
    assert_ne!(key("äbc@example.com"), key("abc@example.com"));
}

#[test]
fn login_name_picks_email_or_username() {
    assert!(matches!(LoginName::parse("x@example.com"), Ok(LoginName::Email(_))));
    assert!(matches!(LoginName::parse("Alice"), Ok(LoginName::Username(u)) if u.as_str() == "alice"));
}

#[test]
fn password_rules() {
    let ok = "correct horse battery staple";
    assert!(Password::parse_new(ok, "alice", "alice@example.com").is_ok());
    assert_eq!(Password::parse_new("short", "alice", "a@x.com"), Err(ValidationError::TooShort { min: 15 }));
    // Once a second factor is on, 8 characters will do (if they are not easy to guess).
    assert_eq!(Password::parse_new_for("short", "alice", "a@x.com", true), Err(ValidationError::TooShort { min: 8 }));
    assert!(Password::parse_new_for("Qv7#mP2x!k", "alice", "a@x.com", true).is_ok());
    assert_eq!(Password::parse_new("Qv7#mP2x!k", "alice", "a@x.com"), Err(ValidationError::TooShort { min: 15 }));
    assert_eq!(Password::parse_new(&"x".repeat(129), "alice", "a@x.com"), Err(ValidationError::TooLong { max: 128 }));
    assert!(matches!(
        Password::parse_new("passwordpassword", "alice", "a@x.com"),
        Err(ValidationError::PasswordWeak { .. })
    ));
    assert_eq!(
        Password::parse_new("alice-the-great-1987!", "alice", "a@x.com"),
        Err(ValidationError::PasswordLikeAccount)
    );
    // Counted in code points after NFKC: 15 emoji-free accented letters pass the length rule.
    assert!(Password::parse_new("éèêëēėęàáâäæãå", "bob", "b@x.com").is_err());
    // 128 characters is allowed.
    let long: String = "zq7!Lm#".chars().cycle().take(128).collect();
    assert!(Password::parse_new(&long, "bob", "b@x.com").is_ok());
}

#[test]
fn password_debug_hides_the_secret() {
    let p = Password::for_login("hunter2 is my password");
    assert!(!format!("{p:?}").contains("hunter2"));
}

#[test]
fn serde_refuses_invalid_values() {
    assert!(serde_json::from_str::<Username>("\"ab\"").is_err());
    let u: Username = serde_json::from_str("\"Carol\"").unwrap();
    assert_eq!(u.as_str(), "carol");
}

/// Local parts as people type them: ASCII, accented Latin, Greek (with both sigmas), Cyrillic,
/// the Turkish dotted capital I, fullwidth letters, and the punctuation addresses use.
const LOCAL_PART: &str = "[a-zA-Z0-9._%+\\-äöüÄÖÜßéÉçñøÅİα-ωςΑ-ΡΣ-Ωа-яА-Яａ-ｚＡ-Ｚ０-９]{1,12}";
/// Domains: one to three labels and a top-level domain, any case.
const DOMAIN: &str = "([a-zA-Z0-9]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?\\.){1,3}[a-zA-Zäöü]{2,6}";

proptest! {
    /// Valid usernames as people type them (any case, fullwidth, spaces around) are accepted, and
    /// the result parses to itself.
    #[test]
    fn username_parse_is_idempotent(s in "[ ]{0,2}[a-zA-Zａ-ｚ0-9][a-zA-Z0-9._-]{1,30}[a-zA-Z0-9][ ]{0,2}") {
        let u = Username::parse(&s);
        prop_assert!(u.is_ok(), "{:?}: {:?}", s, u);
        let u = u.unwrap();
        prop_assert_eq!(Username::parse(u.as_str()), Ok(u.clone()));
        prop_assert!((3..=32).contains(&u.as_str().len()));
    }

    #[test]
    fn valid_usernames_are_accepted(s in "[a-z0-9][a-z0-9._-]{1,30}[a-z0-9]") {
        prop_assert_eq!(Username::parse(&s).map(String::from), Ok(s));
    }

    /// Any text gives a username or one of the username errors, never a panic.
    #[test]
    fn username_answers_any_text(s in "\\PC{0,40}") {
        match Username::parse(&s) {
            Ok(u) => prop_assert!((3..=32).contains(&u.as_str().len())),
            Err(e) => prop_assert!(matches!(
                e,
                ValidationError::Required
                    | ValidationError::UsernameChar { .. }
                    | ValidationError::TooShort { .. }
                    | ValidationError::TooLong { .. }
                    | ValidationError::UsernameEdge
            ), "{:?}: {:?}", s, e),
        }
    }

    /// Valid addresses are accepted and parse to themselves; their comparison key is its own key,
    /// and the same for the address in capitals.
    #[test]
    fn email_parse_is_idempotent(local in LOCAL_PART, domain in DOMAIN) {
        let typed = format!(" {local}@{domain} ");
        let e = EmailAddress::parse(&typed);
        prop_assert!(e.is_ok(), "{:?}: {:?}", typed, e);
        let e = e.unwrap();
        prop_assert_eq!(EmailAddress::parse(e.as_str()), Ok(e.clone()));
        let key = e.comparison_key();
        prop_assert_eq!(EmailAddress::parse(&key).map(|k| k.comparison_key()), Ok(key.clone()));
        let shouted = EmailAddress::parse(&typed.to_uppercase()).map(|s| s.comparison_key());
        prop_assert_eq!(shouted, Ok(key));
    }

    /// Any text gives an address or an address error, never a panic.
    #[test]
    fn email_answers_any_text(s in "\\PC{0,60}") {
        match EmailAddress::parse(&s) {
            Ok(e) => prop_assert!(e.as_str().contains('@')),
            Err(e) => prop_assert!(matches!(
                e,
                ValidationError::Required | ValidationError::EmailFormat | ValidationError::TooLong { .. }
            ), "{:?}: {:?}", s, e),
        }
    }

    /// Long random passwords are accepted whole (NFKC only); shorter or longer ones get the length errors.
    #[test]
    fn password_length_rule(s in "[a-zA-Z0-9!#%&*+=?@^_~ äöüßéñ]{1,140}") {
        let n = s.chars().count();
        match Password::parse_new(&s, "someone", "someone@example.com") {
            Ok(p) => {
                prop_assert!((15..=128).contains(&n));
                prop_assert_eq!(p.expose(), s.as_str());
            }
            Err(ValidationError::TooShort { min: 15 }) => prop_assert!(n < 15),
            Err(ValidationError::TooLong { max: 128 }) => prop_assert!(n > 128),
            Err(e) => prop_assert!(false, "{:?} ({} characters): {:?}", s, n, e),
        }
    }

    /// Any text gives a password or a password error, never a panic.
    #[test]
    fn password_answers_any_text(s in "\\PC{0,140}") {
        match Password::parse_new(&s, "someone", "someone@example.com") {
            Ok(p) => prop_assert!((15..=128).contains(&p.expose().chars().count())),
            Err(e) => prop_assert!(matches!(
                e,
                ValidationError::Required
                    | ValidationError::TooShort { .. }
                    | ValidationError::TooLong { .. }
                    | ValidationError::PasswordLikeAccount
                    | ValidationError::PasswordWeak { .. }
            ), "{:?}: {:?}", s, e),
        }
    }
}

#[test]
fn safe_next_keeps_users_on_this_site() {
    use vestibule_domain::safe_next;
    for good in ["/settings/profile", "/settings/api-keys?open=new#list", "/a%20b", "/", "/x:y@z;w=1"] {
        assert_eq!(safe_next(Some(good)), good);
    }
    for bad in [
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "/\t/evil.example",
        "/\r\n/evil.example",
        "/\n\\evil.example",
        "\t//evil.example",
        "/\u{1}",
        "/a b",
        "/caf\u{e9}",
        "/%zz",
        "/%4",
        "/\"><script>",
        "",
        "settings",
    ] {
        assert_eq!(safe_next(Some(bad)), "/settings", "{bad:?}");
    }
    assert_eq!(safe_next(None), "/settings");
}

/// What a browser does to a URL before reading it: drops ASCII tab, CR and LF anywhere.
fn as_a_browser_reads_it(url: &str) -> String {
    url.chars().filter(|c| !matches!(c, '\t' | '\r' | '\n')).collect()
}

/// Whether a URL as a browser reads it could leave this site: `//host`, `/\host` (a `\` counts as
/// `/`), or a scheme (`something:` before the first `/`).
fn could_leave_the_site(url: &str) -> bool {
    let url = as_a_browser_reads_it(url);
    let before_first_slash = url.split(['/', '\\']).next().unwrap_or_default();
    !url.starts_with('/') || url.starts_with("//") || url.starts_with("/\\") || before_first_slash.contains(':')
}

proptest! {
    /// Whatever arrives as `next`, from the characters open redirects are made of or from anywhere,
    /// what comes back stays on this site and is safe in a `Location` header.
    #[test]
    fn safe_next_never_leaves_the_site(
        raw in prop_oneof!["[/\\\\\t\r\n:%a-e0-9. @?#\u{1}\u{7f}\u{e9}]{0,12}", "\\PC{0,20}", any::<String>()]
    ) {
        let next = vestibule_domain::safe_next(Some(&raw));
        prop_assert!(next == raw || next == "/settings", "{:?} became {:?}", raw, next);
        prop_assert!(!could_leave_the_site(next), "{:?} became {:?}", raw, next);
        prop_assert!(next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\'), "{:?} became {:?}", raw, next);
    }

    /// Ordinary paths on this site are kept, so the property above is not met by refusing everything.
    #[test]
    fn safe_next_keeps_ordinary_paths(raw in "(/[a-z0-9._~-]{1,10}){1,4}(\\?[a-z]{1,5}=[a-z0-9]{0,5})?") {
        prop_assert_eq!(vestibule_domain::safe_next(Some(&raw)), raw.as_str());
    }
}

#[test]
fn sign_up_reports_every_bad_field() {
    let errors = vestibule_domain::validate_sign_up("x", "nope", "short").unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["username", "email", "password"]);
}

#[test]
fn full_name_rules() {
    use vestibule_domain::FullName;
    assert_eq!(FullName::parse("  Ada Lovelace ").map(String::from), Ok("Ada Lovelace".into()));
    assert_eq!(FullName::parse("李小龍").map(String::from), Ok("李小龍".into()));
    assert_eq!(FullName::parse("   "), Err(ValidationError::Required));
    assert_eq!(FullName::parse(&"x".repeat(101)), Err(ValidationError::TooLong { max: 100 }));
    assert_eq!(FullName::parse("Ada\u{0007}"), Err(ValidationError::ControlCharacter));
    assert!(FullName::parse(&"é".repeat(100)).is_ok());
}

#[test]
fn preferences_patch_reports_each_bad_field_and_changes_nothing() {
    use vestibule_domain::{Preferences, PreferencesPatch, Theme};
    let base = Preferences::default();
    let ok = base.apply(&PreferencesPatch { theme: Some("dark".into()), ..Default::default() }).unwrap();
    assert_eq!(ok.theme, Theme::Dark);
    let errors = base
        .apply(&PreferencesPatch {
            theme: Some("neon".into()),
            time_zone: Some("Atlantis".into()),
            ..Default::default()
        })
        .unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["time_zone", "theme"]);
}

#[test]
fn language_from_accept_language() {
    use vestibule_domain::Language;
    assert_eq!(Language::from_accept_language("de-DE,de;q=0.9,en;q=0.8"), Language::De);
    assert_eq!(Language::from_accept_language("fr-FR,en;q=0.5,de;q=0.7"), Language::De);
    assert_eq!(Language::from_accept_language("fr"), Language::En);
    assert_eq!(Language::from_accept_language(""), Language::En);
}

#[test]
fn languages_round_trip_by_wire_name() {
    use vestibule_domain::{Choice, Language};
    for language in Language::ALL {
        assert_eq!(serde_json::to_string(language).unwrap(), format!("\"{}\"", language.as_str()));
        assert_eq!(Language::parse(language.as_str()), Ok(*language));
        assert_eq!(Language::all(), Language::ALL);
    }
    let allowed = vec!["en".to_string(), "de".to_string()];
    assert_eq!(Language::parse("fr"), Err(ValidationError::OneOf { allowed }));
}

proptest! {
    /// Names in any script (inner spaces, apostrophes, hyphens) are accepted as typed, trimmed and in NFC.
    #[test]
    fn full_names_are_accepted(s in "[ ]{0,2}[\\p{L}\\p{N}]([\\p{L}\\p{N} .'-]{0,30}[\\p{L}\\p{N}])?[ ]{0,2}") {
        use unicode_normalization::UnicodeNormalization;
        let expected: String = s.trim().nfc().collect();
        prop_assert_eq!(vestibule_domain::FullName::parse(&s).map(String::from), Ok(expected));
    }

    /// Any text gives a name or a name error, never a panic.
    #[test]
    fn full_name_answers_any_text(s in "\\PC{0,120}") {
        match vestibule_domain::FullName::parse(&s) {
            Ok(n) => prop_assert!(n.as_str().chars().count() <= 100),
            Err(e) => prop_assert!(matches!(
                e,
                ValidationError::Required | ValidationError::TooLong { .. } | ValidationError::ControlCharacter
            ), "{:?}: {:?}", s, e),
        }
    }
}

#[test]
fn usernames_from_another_systems_names() {
    use vestibule_domain::Username;
    let made = |hint: &str, suffix: &str| Username::from_hint(hint, suffix).map(|u| u.as_str().to_string());
    assert_eq!(made("Alice Smith", ""), Some("alice-smith".into()));
    assert_eq!(made("alice", "-2"), Some("alice-2".into()));
    assert_eq!(made("__x.y__", ""), Some("x.y".into()), "edges trimmed");
    assert_eq!(made("山田", ""), None, "nothing left");
    assert_eq!(made("ab", ""), None, "too short");
    let long = made(&"a".repeat(40), "-123456").unwrap();
    assert_eq!(long.len(), Username::MAX);
    assert!(long.ends_with("-123456"));
}
