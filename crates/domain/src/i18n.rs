//! Every user-visible sentence, from Fluent catalogs, the same in the browser and on the server:
//! the shared one (`locales/<language>.ftl`: navigation, errors, choices), one per settings section
//! (`locales/<section>/<language>.ftl`, see `sections!`: only that page's code reaches it, so the
//! browser fetches it with the page), and the mails' (`locales/mail/<language>.ftl`, server only).
//! Fluent's parser reads them at build time (`build.rs`); this module looks messages up and fills
//! in their arguments as Fluent's resolver does (`tests/i18n.rs` compares the two on every message).
//! Adding a language: its catalogs, and one line in `languages!` (language.rs), in `shared`, `mail`
//! and `sections!` below, and its rule in `plural_category`
//! (`build.rs` finds its catalogs by their file names).

use crate::language::Language;
use std::borrow::Cow;

/// One parsed catalog: its messages sorted by id (written by `build.rs` from the `.ftl` file).
type Catalog = &'static [(&'static str, &'static [Piece])];

/// A part of a message, as `build.rs` wrote it.
#[derive(Debug)]
pub enum Piece {
    Text(&'static str),
    /// `{ $name }`.
    Var(&'static str),
    /// `{ $var -> [key] … *[other] … }`: the variants in order, and the default's index.
    Select {
        var: &'static str,
        variants: &'static [(Key, &'static [Piece])],
        default: usize,
    },
}

/// A variant's key: a number (`[0]`) or a name (a plural category, `[one]`, or a text).
#[derive(Debug)]
pub enum Key {
    Number(i64),
    Name(&'static str),
}

/// A message's argument: a text, or a number (numbers choose plural forms).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    Str(Cow<'a, str>),
    Number(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(Cow::Borrowed(s))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Str(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Str(Cow::Owned(s))
    }
}

impl<'a> From<Cow<'a, str>> for Arg<'a> {
    fn from(s: Cow<'a, str>) -> Self {
        Arg::Str(s)
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}

number_args!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

fn shared(language: Language) -> Catalog {
    match language {
        Language::En => include!(concat!(env!("OUT_DIR"), "/shared_en.rs")),
        Language::De => include!(concat!(env!("OUT_DIR"), "/shared_de.rs")),
    }
}

/// The mails' texts (`locales/mail/<language>.ftl`): only the server sends mail, so the browser's
/// WASM goes without them.
fn mail(language: Language) -> Catalog {
    #[cfg(not(target_arch = "wasm32"))]
    {
        match language {
            Language::En => include!(concat!(env!("OUT_DIR"), "/mail_en.rs")),
            Language::De => include!(concat!(env!("OUT_DIR"), "/mail_de.rs")),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = language;
        &[]
    }
}

fn find(catalog: Catalog, id: &str) -> Option<&'static [Piece]> {
    catalog.binary_search_by(|(key, _)| (*key).cmp(id)).ok().map(|i| catalog[i].1)
}

/// One section's catalogs. Each section is its own type, so the code that reads its texts is
/// monomorphised into the page that uses it, and the catalog's bytes go with that code.
pub trait Section {
    /// The section's catalog in `language`.
    fn catalog(language: Language) -> Catalog;
}

/// Writes `pieces` with `args` the way Fluent does (no isolation marks): a missing argument shows
/// as `{$name}`; a selection takes the first variant, in the catalog's order, whose key is the
/// argument's number, its plural category, or its text; else the default.
fn format(pieces: &[Piece], args: &[(&str, Arg<'_>)], out: &mut String) {
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Var(name) => match args.iter().find(|(n, _)| n == name) {
                Some((_, Arg::Str(s))) => out.push_str(s),
                Some((_, Arg::Number(n))) => out.push_str(&n.to_string()),
                None => {
                    out.push_str("{$");
                    out.push_str(name);
                    out.push('}');
                }
            },
            Piece::Select { var, variants, default } => {
                let arg = args.iter().find(|(n, _)| n == var).map(|(_, a)| a);
                let chosen = variants
                    .iter()
                    .position(|(key, _)| match (key, arg) {
                        (Key::Number(k), Some(Arg::Number(n))) => k == n,
                        (Key::Name(k), Some(Arg::Number(n))) => *k == plural_category(*n),
                        (Key::Name(k), Some(Arg::Str(s))) => k == s,
                        _ => false,
                    })
                    .unwrap_or(*default);
                if let Some((_, pieces)) = variants.get(chosen) {
                    format(pieces, args, out);
                }
            }
        }
    }
}

/// The cardinal plural category of an integer in English and German (CLDR: "one" when the
/// absolute value is 1, "other" for the rest). A language with other categories adds its rule here.
fn plural_category(n: i64) -> &'static str {
    if n.unsigned_abs() == 1 { "one" } else { "other" }
}

fn render(pieces: &[Piece], args: &[(&str, Arg<'_>)]) -> String {
    let mut out = String::new();
    format(pieces, args, &mut out);
    out
}

/// Declares each section: its type and where its catalogs are.
macro_rules! sections {
    ($($(#[$doc:meta])* $name:ident => $dir:literal),* $(,)?) => {
        $(
            $(#[$doc])*
            pub struct $name;
            impl Section for $name {
                fn catalog(language: Language) -> Catalog {
                    match language {
                        Language::En => include!(concat!(env!("OUT_DIR"), "/", $dir, "_en.rs")),
                        Language::De => include!(concat!(env!("OUT_DIR"), "/", $dir, "_de.rs")),
                    }
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
    for language in [language, Language::En] {
        if let Some(pieces) = find(S::catalog(language), id) {
            return render(pieces, args);
        }
    }
    t_args(language, id, args)
}

/// The message `id` in `language` (English when that catalog lacks it, the id itself when both do).
pub fn t(language: Language, id: &str) -> String {
    t_args(language, id, &[])
}

/// The message `id` with its arguments; numbers choose plural forms, so pass them as numbers.
pub fn t_args(language: Language, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    for language in [language, Language::En] {
        if let Some(pieces) = find(shared(language), id).or_else(|| find(mail(language), id)) {
            return render(pieces, args);
        }
    }
    id.to_string()
}
