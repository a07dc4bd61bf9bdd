//! Every user-visible sentence, from one Fluent catalog per language (`locales/<language>.ftl`),
//! the same in the browser and on the server, plus the mails' (`locales/mail/<language>.ftl`, on
//! the server only). Adding a language: its catalog, and one line in
//! `languages!` (language.rs) and in `source` below.

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
    BUNDLES.get_or_init(|| {
        Language::ALL
            .iter()
            .map(|language| {
                // A catalog with a syntax error still yields the messages that parsed; the tests
                // (`catalogs_parse_and_agree`) make sure there are none.
                let resource = FluentResource::try_new(source(*language).to_string()).unwrap_or_else(|(r, _)| r);
                let id = language.as_str().parse().unwrap_or_default();
                let mut bundle = Bundle::new_concurrent(vec![id]);
                // No invisible isolation marks around arguments: they would reach HTML, mails and tests.
                bundle.set_use_isolating(false);
                let _ = bundle.add_resource(resource);
                let mail = FluentResource::try_new(server_source(*language).to_string()).unwrap_or_else(|(r, _)| r);
                let _ = bundle.add_resource(mail);
                (*language, bundle)
            })
            .collect()
    })
}

fn bundle(language: Language) -> Option<&'static Bundle> {
    bundles().iter().find(|(l, _)| *l == language).map(|(_, b)| b)
}

/// The message `id` in `language` (English when that catalog lacks it, the id itself when both do).
pub fn t(language: Language, id: &str) -> String {
    t_args(language, id, &[])
}

/// The message `id` with its arguments; numbers choose plural forms, so pass them as numbers.
pub fn t_args(language: Language, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    for language in [language, Language::En] {
        let Some(bundle) = bundle(language) else { continue };
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned();
        }
    }
    id.to_string()
}
