//! Every user-visible sentence, from Fluent catalogs, the same in the browser and on the server:
//! the shared one (`locales/<language>.ftl`: navigation, errors, choices), one per settings section
//! (`locales/<section>/<language>.ftl`, see `sections!`: only that page's code reaches it, so the
//! browser fetches it with the page), and the mails' (`locales/mail/<language>.ftl`, server only).
//! Adding a language: its catalogs, and one line in `languages!` (language.rs), in `source` and in
//! `sections!` below.

use crate::language::Language;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use std::sync::OnceLock;

pub use fluent_bundle::FluentValue as Arg;

type Bundle = FluentBundle<FluentResource>;

fn source(language: Language) -> &'static str {
    match language {
        Language::En => include_str!("../locales/en.ftl"),
        Language::De => include_str!("../locales/de.ftl"),
    }
}

/// The mails' texts (`locales/mail/<language>.ftl`): only the server sends mail, so the browser's
/// WASM goes without them.
fn server_source(language: Language) -> &'static str {
    #[cfg(not(target_arch = "wasm32"))]
    {
        match language {
            Language::En => include_str!("../locales/mail/en.ftl"),
            Language::De => include_str!("../locales/mail/de.ftl"),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = language;
        ""
    }
}

/// The parsed catalogs, in `Language::ALL` order, parsed on first use.
fn bundles() -> &'static [(Language, Bundle)] {
    static BUNDLES: OnceLock<Vec<(Language, Bundle)>> = OnceLock::new();
    BUNDLES.get_or_init(|| parse_all(|language| vec![source(language).into(), server_source(language).into()]))
}

fn bundle(language: Language) -> Option<&'static Bundle> {
    bundles().iter().find(|(l, _)| *l == language).map(|(_, b)| b)
}

/// One section's catalogs. Each section is its own type, so the code that reads its texts is
/// monomorphised into the page that uses it, and the catalog's bytes go with that code.
pub trait Section {
    /// The section's catalog in `language`.
    fn source(language: Language) -> &'static str;
    /// Its parsed catalogs, in `Language::ALL` order, parsed on first use.
    fn bundles() -> &'static [(Language, Bundle)];
}

/// One bundle per language from that language's sources.
fn parse_all(sources: impl Fn(Language) -> Vec<String>) -> Vec<(Language, Bundle)> {
    Language::ALL
        .iter()
        .map(|language| {
            let mut bundle = Bundle::new_concurrent(vec![language.as_str().parse().unwrap_or_default()]);
            // No invisible isolation marks around arguments: they would reach HTML, mails and tests.
            bundle.set_use_isolating(false);
            for source in sources(*language) {
                // A catalog with a syntax error still yields the messages that parsed; the tests
                // (`catalogs_parse_and_agree`) make sure there are none.
                let resource = FluentResource::try_new(source).unwrap_or_else(|(r, _)| r);
                let _ = bundle.add_resource(resource);
            }
            (*language, bundle)
        })
        .collect()
}

/// The shared catalog's terms (`-brand = …`, one line each), which section catalogs use too.
fn terms(language: Language) -> String {
    source(language).lines().filter(|line| line.starts_with('-')).flat_map(|line| [line, "\n"]).collect()
}

/// Declares each section: its type and where its catalogs are.
macro_rules! sections {
    ($($(#[$doc:meta])* $name:ident => $dir:literal),* $(,)?) => {
        $(
            $(#[$doc])*
            pub struct $name;
            impl Section for $name {
                fn source(language: Language) -> &'static str {
                    match language {
                        Language::En => include_str!(concat!("../locales/", $dir, "/en.ftl")),
                        Language::De => include_str!(concat!("../locales/", $dir, "/de.ftl")),
                    }
                }
                fn bundles() -> &'static [(Language, Bundle)] {
                    static BUNDLES: OnceLock<Vec<(Language, Bundle)>> = OnceLock::new();
                    BUNDLES.get_or_init(|| parse_all(|language| vec![terms(language), Self::source(language).into()]))
                }
            }
        )*
        /// Every section's directory under `locales/` (for the catalog tests).
        pub const SECTIONS: &[&str] = &[$($dir),*];
    };
}

sections! {
    /// Settings → Profile (and the avatar).
    Profile => "profile",
    /// Settings → Preferences.
    PreferencesPage => "preferences",
    /// Settings → Notifications.
    NotificationsPage => "notifications",
    /// Settings → Security.
    Security => "security",
    /// Settings → API keys.
    ApiKeys => "api-keys",
    /// Settings → Audit log.
    AuditLog => "audit",
    /// Settings → Webhooks.
    Webhooks => "webhooks",
    /// Settings → Support (support staff only).
    SupportPage => "support",
    /// Settings → Git providers.
    GitTokens => "git-tokens",
}

/// A message of section `S` (its catalog in `language`, then in English, then the shared catalog).
pub fn section_t<S: Section>(language: Language, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let bundles = S::bundles();
    for language in [language, Language::En] {
        let Some((_, bundle)) = bundles.iter().find(|(l, _)| *l == language) else { continue };
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            return bundle.format_pattern(pattern, Some(&fluent_args(args)), &mut Vec::new()).into_owned();
        }
    }
    t_args(language, id, args)
}

fn fluent_args<'a>(args: &[(&str, Arg<'a>)]) -> FluentArgs<'a> {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(name.to_string(), value.clone());
    }
    fluent_args
}

/// The message `id` in `language` (English when that catalog lacks it, the id itself when both do).
pub fn t(language: Language, id: &str) -> String {
    t_args(language, id, &[])
}

/// The message `id` with its arguments; numbers choose plural forms, so pass them as numbers.
pub fn t_args(language: Language, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    for language in [language, Language::En] {
        let Some(bundle) = bundle(language) else { continue };
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            return bundle.format_pattern(pattern, Some(&fluent_args(args)), &mut Vec::new()).into_owned();
        }
    }
    id.to_string()
}
