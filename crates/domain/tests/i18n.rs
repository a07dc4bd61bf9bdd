//! The catalogs: they parse, agree with each other, and every message the domain renders exists in
//! every language (no fallback to English, no message id leaking out).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use vestibule_domain::api_keys::KeyRefusal;
use vestibule_domain::i18n::{ApiKeys, section_t, t, t_args};
use vestibule_domain::{Choice, DateFormat, Language, Theme, TimeFormat, UserError, ValidationError, WeekStart};

/// A language's catalogs, each on its own: the shared one, the mails', and every section's.
fn catalogs(language: Language) -> Vec<String> {
    let sections = vestibule_domain::i18n::SECTIONS.iter().map(|dir| format!("locales/{dir}"));
    ["locales".to_string(), "locales/mail".to_string()]
        .into_iter()
        .chain(sections)
        .map(|dir| {
            let path = format!("{}/{dir}/{}.ftl", env!("CARGO_MANIFEST_DIR"), language.as_str());
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
        })
        .collect()
}

/// All of a language's messages, as one text.
fn catalog(language: Language) -> String {
    catalogs(language).join("\n")
}

#[test]
fn a_message_lives_in_one_catalog() {
    for language in Language::all() {
        let mut seen = BTreeSet::new();
        for source in catalogs(*language) {
            for id in messages(&source).into_keys() {
                assert!(seen.insert(id.clone()), "{language:?}: {id} is in two catalogs");
            }
        }
    }
}

/// Message id → the variables it uses (read from the source text).
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        let starts_entry = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && line.contains(" =");
        if starts_entry {
            let id = line.split(" =").next().unwrap().trim().to_string();
            out.entry(id.clone()).or_default();
            current = Some(id);
        } else if !line.starts_with(' ') && !line.is_empty() {
            current = None;
        }
        if let Some(id) = &current {
            for part in line.split('$').skip(1) {
                let name: String = part.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                out.get_mut(id).unwrap().insert(name);
            }
        }
    }
    out
}

#[test]
fn catalogs_parse_and_agree() {
    let english = messages(&catalog(Language::En));
    assert!(english.len() > 200, "{} messages", english.len());
    for language in Language::all() {
        let source = catalog(*language);
        if let Err((_, errors)) = fluent_syntax::parser::parse(source.as_str()) {
            panic!("{language:?} catalog does not parse: {errors:?}");
        }
        let theirs = messages(&source);
        let missing: Vec<_> = english.keys().filter(|id| !theirs.contains_key(*id)).collect();
        let extra: Vec<_> = theirs.keys().filter(|id| !english.contains_key(*id)).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{language:?}: missing {missing:?}, extra {extra:?}");
        for (id, variables) in &english {
            assert_eq!(&theirs[id], variables, "{language:?} {id} uses other variables");
        }
    }
}

fn every_error() -> Vec<ValidationError> {
    vec![
        ValidationError::Required,
        ValidationError::TooShort { min: 3 },
        ValidationError::TooLong { max: 64 },
        ValidationError::UsernameChar { found: '!' },
        ValidationError::UsernameEdge,
        ValidationError::EmailFormat,
        ValidationError::PasswordWeak { warning: Some("top10".into()) },
        ValidationError::PasswordWeak { warning: None },
        ValidationError::PasswordLikeAccount,
        ValidationError::PasswordWrong,
        ValidationError::CodeFormat,
        ValidationError::TotpFormat,
        ValidationError::CodeWrong,
        ValidationError::SecondStepExpired,
        ValidationError::TwoFactorOn,
        ValidationError::TwoFactorOff,
        ValidationError::ControlCharacter,
        ValidationError::ImageTooLarge { max_mib: 2 },
        ValidationError::ImageFormat,
        ValidationError::ImageDimensions { max: 4096 },
        ValidationError::OneOf { allowed: vec!["us".into(), "iso".into()] },
        ValidationError::UnknownTimeZone { name: "Mars/Olympus".into() },
        ValidationError::DateFormat,
        ValidationError::ExpiryPast,
        ValidationError::ExpiryTooLate { max_days: 365 },
        ValidationError::ExpiryOutlivesKey { until: "2027-01-31T12:00:00Z".into() },
        ValidationError::NoScope,
        ValidationError::UnknownScope { name: "root".into() },
        ValidationError::ScopeNotAllowed { name: "keys:verify".into() },
        ValidationError::EmailTaken,
        ValidationError::EmailUnchanged,
        ValidationError::UsernameTaken,
        ValidationError::LinkInvalid,
        ValidationError::KeyNameTaken { name: "ci".into() },
        ValidationError::KeyRotatedOut,
        ValidationError::KeyAlreadyRotated,
        ValidationError::TooMany { max: 1000 },
        ValidationError::Identifier,
        ValidationError::UrlFormat,
        ValidationError::EventTime,
        ValidationError::PasskeyFailed,
        ValidationError::PasskeyUnknown,
        ValidationError::PasskeyTaken,
        ValidationError::PasskeyCancelled,
        ValidationError::PasskeyUnsupported,
        ValidationError::PasskeyHostName,
        ValidationError::UnknownEvent { name: "x.y".into() },
        ValidationError::NoEvent,
        ValidationError::WebhookHttps,
        ValidationError::WebhookAddress,
        ValidationError::WebhookUnresolvable,
        ValidationError::WebhookLimit { max: 10 },
        ValidationError::WebhookDisabled,
        ValidationError::WebhookTooLarge { max: 20_000 },
        ValidationError::SsoLinkTwoFactor,
        ValidationError::IpRange { entry: "10.0.0.0/33".into() },
        ValidationError::GitTokenFormat,
        ValidationError::GitTokenNameTaken { name: "deploys".into() },
        ValidationError::AllowlistWider { ranges: "203.0.113.0/24".into() },
        ValidationError::NumberRange { min: 10, max: 200 },
        ValidationError::UnknownPreference { name: "colour".into() },
    ]
}

/// Does not compile when a variant is added without being listed in `every_error` above.
#[allow(dead_code)]
fn every_error_is_listed(e: &ValidationError) {
    use ValidationError::*;
    match e {
        Required
        | TooShort { .. }
        | TooLong { .. }
        | UsernameChar { .. }
        | UsernameEdge
        | EmailFormat
        | PasswordWeak { .. }
        | PasswordLikeAccount
        | PasswordWrong
        | ControlCharacter
        | ImageTooLarge { .. }
        | ImageFormat
        | ImageDimensions { .. }
        | OneOf { .. }
        | UnknownTimeZone { .. }
        | DateFormat
        | ExpiryPast
        | ExpiryTooLate { .. }
        | ExpiryOutlivesKey { .. }
        | NoScope
        | UnknownScope { .. }
        | ScopeNotAllowed { .. }
        | EmailTaken
        | EmailUnchanged
        | UsernameTaken
        | LinkInvalid
        | KeyNameTaken { .. }
        | KeyRotatedOut
        | KeyAlreadyRotated
        | TooMany { .. }
        | Identifier
        | UrlFormat
        | EventTime
        | CodeFormat
        | TotpFormat
        | CodeWrong
        | SecondStepExpired
        | TwoFactorOn
        | TwoFactorOff
        | PasskeyFailed
        | PasskeyUnknown
        | PasskeyTaken
        | PasskeyCancelled
        | PasskeyUnsupported
        | PasskeyHostName
        | UnknownEvent { .. }
        | NoEvent
        | WebhookHttps
        | WebhookAddress
        | WebhookUnresolvable
        | WebhookLimit { .. }
        | WebhookDisabled
        | WebhookTooLarge { .. }
        | SsoLinkTwoFactor
        | IpRange { .. }
        | GitTokenFormat
        | GitTokenNameTaken { .. }
        | AllowlistWider { .. }
        | NumberRange { .. }
        | UnknownPreference { .. } => {}
    }
}

#[test]
fn every_message_exists_in_every_language() {
    let mut user_errors = vec![
        UserError::BadCredentials,
        UserError::Throttled { retry_after: 30 },
        UserError::Locked,
        UserError::SignUpClosed,
        UserError::Unauthenticated,
        UserError::CrossSite,
        UserError::NotFound,
        UserError::InsufficientScope { scope: "profile:write".into() },
        UserError::KeyLimit { max: 1 },
        UserError::KeyLimit { max: 50 },
        UserError::ReauthRequired,
        UserError::NotForSupport,
        UserError::NotSupportStaff,
        UserError::SupportNeedsTwoFactor,
        UserError::NoSupportGrant,
        UserError::SsoFailed,
        UserError::SsoManaged,
        UserError::IpNotAllowed,
        UserError::Internal,
        UserError::Transport("offline".into()),
    ];
    for reason in [KeyRefusal::Malformed, KeyRefusal::Unknown, KeyRefusal::Expired, KeyRefusal::Revoked] {
        user_errors.push(UserError::KeyRefused(reason));
    }
    let rendered = |language| {
        every_error()
            .iter()
            .map(|e| e.message(language))
            .chain(user_errors.iter().map(|e| e.message(language)))
            .collect::<Vec<_>>()
    };
    let (english, german) = (rendered(Language::En), rendered(Language::De));
    for (en, de) in english.iter().zip(&german) {
        assert_ne!(en, de, "not translated");
        for text in [en, de] {
            assert!(!text.contains("error-") && !text.contains('\u{2068}') && !text.is_empty(), "{text:?}");
        }
    }
    // Arguments and plurals arrive.
    assert_eq!(
        UserError::KeyLimit { max: 1 }.to_string(),
        "You can have one API key at a time: delete the current key first."
    );
    assert_eq!(UserError::KeyLimit { max: 50 }.to_string(), "You can have at most 50 API keys: delete one first.");
    assert!(ValidationError::TooLong { max: 64 }.message(Language::De).contains("64"));
    assert_eq!(
        ValidationError::PasswordWeak { warning: Some("top10".into()) }.to_string(),
        "This password is too easy to guess: This is a top-10 common password."
    );
}

#[test]
fn choices_and_days_have_labels_in_every_language() {
    /// Each choice's label is its catalog message `<prefix>-<wire name>`, present in every catalog.
    fn labels<C: Choice>() {
        for choice in C::all() {
            let id = format!("{}-{}", C::CATALOG, choice.as_str());
            for language in Language::all() {
                assert!(messages(&catalog(*language)).contains_key(&id), "{language:?} lacks {id}");
                let label = choice.label(*language);
                assert!(!label.is_empty() && label != id, "{language:?} {id}: {label}");
            }
        }
    }
    labels::<DateFormat>();
    labels::<TimeFormat>();
    labels::<WeekStart>();
    labels::<Theme>();
    labels::<Language>();
    assert_eq!(Theme::System.label(Language::En), "Same as my system");
    assert_eq!(Language::De.label(Language::En), "Deutsch", "each language is named in itself");
    assert_eq!(t(Language::De, "weekday-sunday"), "Sonntag");
    assert_eq!(t(Language::De, "no-such-message"), "no-such-message");
    let args = [("days", 1.into())];
    assert_eq!(section_t::<ApiKeys>(Language::En, "key-status-expires-soon", &args), "Expires in 1 day");
    assert_eq!(t_args(Language::En, "key-status-expires-soon", &args), "key-status-expires-soon", "not shared");
    assert_eq!(section_t::<ApiKeys>(Language::De, "common-save", &[]), t(Language::De, "common-save"), "shared");
}

/// Every message of every catalog, rendered by `i18n` (from the messages `build.rs` wrote) and by
/// Fluent's own resolver from the `.ftl` text, with each argument a number (0, 1, 2, 7, -1: every
/// variant of a selection) and then a text: the same words.
#[test]
fn every_message_renders_as_fluent_renders_it() {
    use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
    use vestibule_domain::i18n::{
        Arg, AuditLog, GitTokens, NotificationsPage, PreferencesPage, Profile, Security, SupportPage, Webhooks,
    };

    type Ours = fn(Language, &str, &[(&str, Arg<'_>)]) -> String;
    let sections: [(&str, Ours); 9] = [
        ("profile", section_t::<Profile>),
        ("preferences", section_t::<PreferencesPage>),
        ("notifications", section_t::<NotificationsPage>),
        ("security", section_t::<Security>),
        ("api-keys", section_t::<ApiKeys>),
        ("audit", section_t::<AuditLog>),
        ("webhooks", section_t::<Webhooks>),
        ("support", section_t::<SupportPage>),
        ("git-tokens", section_t::<GitTokens>),
    ];
    assert_eq!(sections.len(), vestibule_domain::i18n::SECTIONS.len(), "a section is missing here");
    let read = |dir: &str, language: Language| {
        let path = format!("{}/{dir}/{}.ftl", env!("CARGO_MANIFEST_DIR"), language.as_str());
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let mut checked = 0;
    for language in Language::all() {
        let shared = read("locales", *language);
        let terms: String = shared.lines().filter(|l| l.starts_with('-')).map(|l| format!("{l}\n")).collect();
        let mut catalogs: Vec<(Vec<String>, Ours)> =
            vec![(vec![shared.clone(), read("locales/mail", *language)], t_args as Ours)];
        for (dir, ours) in sections {
            catalogs.push((vec![terms.clone(), read(&format!("locales/{dir}"), *language)], ours));
        }
        for (sources, ours) in catalogs {
            let mut bundle =
                FluentBundle::new(vec![language.as_str().parse::<unic_langid::LanguageIdentifier>().unwrap()]);
            bundle.set_use_isolating(false);
            for source in &sources {
                bundle.add_resource(FluentResource::try_new(source.clone()).unwrap()).unwrap();
            }
            for (id, variables) in messages(&sources.join("\n")) {
                let pattern = bundle.get_message(&id).and_then(|m| m.value()).unwrap();
                for value in [Some(0), Some(1), Some(2), Some(7), Some(-1), None] {
                    let mut theirs_args = FluentArgs::new();
                    let mut our_args: Vec<(&str, Arg<'_>)> = Vec::new();
                    for name in &variables {
                        match value {
                            Some(n) => {
                                theirs_args.set(name.clone(), FluentValue::from(n));
                                our_args.push((name, Arg::from(n)));
                            }
                            None => {
                                theirs_args.set(name.clone(), FluentValue::from("x"));
                                our_args.push((name, Arg::from("x")));
                            }
                        }
                    }
                    let theirs = bundle.format_pattern(pattern, Some(&theirs_args), &mut Vec::new()).into_owned();
                    assert_eq!(ours(*language, &id, &our_args), theirs, "{language:?} {id} with {value:?}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 2000, "{checked} renderings compared");
}
