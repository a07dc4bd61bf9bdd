//! The page's language: one signal, seeded identically on the server (the user's preferences, or
//! `Accept-Language` for visitors) and in the browser (`<html lang>`, which the server wrote).
//! Texts come from the domain's catalogs. Changing the language re-renders the routes in place.

use leptos::prelude::*;
use vestibule_domain::i18n::Arg;
use vestibule_domain::{Choice, Language};

#[derive(Clone, Copy)]
pub struct I18n {
    pub language: RwSignal<Language>,
}

impl I18n {
    pub fn new() -> Self {
        Self { language: RwSignal::new(initial_language()) }
    }
}

impl Default for I18n {
    fn default() -> Self {
        Self::new()
    }
}

fn initial_language() -> Language {
    #[cfg(feature = "hydrate")]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|lang| Language::parse(&lang).ok())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        request_language()
    }
}

/// The language of this page load on the server: the user's, or for visitors the best match of
/// `Accept-Language` (English outside a request).
#[cfg(not(feature = "hydrate"))]
pub(crate) fn request_language() -> Language {
    #[cfg(feature = "ssr")]
    {
        use crate::request::{header, page_session};
        match page_session() {
            Some(session) => session.preferences.language,
            None => {
                header(http::header::ACCEPT_LANGUAGE).as_deref().map(Language::from_accept_language).unwrap_or_default()
            }
        }
    }
    #[cfg(not(feature = "ssr"))]
    Language::default()
}

/// The current language, without subscribing (the routes re-render as a whole when it changes).
pub fn language() -> Language {
    use_context::<I18n>().map(|i| i.language.get_untracked()).unwrap_or_default()
}

/// A message from the catalog in the current language.
pub fn t(id: &str) -> String {
    vestibule_domain::i18n::t(language(), id)
}

/// A message with arguments (pass numbers as numbers: they choose plural forms).
pub fn t_args(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    vestibule_domain::i18n::t_args(language(), id, args)
}

/// A choice's label in the current language.
pub fn label<C: Choice>(choice: C) -> String {
    choice.label(language())
}

/// A settings section's own texts: `t` and `t_args` read its catalog first, then the shared one.
/// A page imports its section's pair instead of the shared one, so its texts travel with its code.
macro_rules! sections {
    ($($module:ident => $section:ident),* $(,)?) => {
        $(
            pub mod $module {
                use vestibule_domain::i18n::{Arg, section_t};

                /// A message of this section in the current language.
                pub fn t(id: &str) -> String {
                    section_t::<vestibule_domain::i18n::$section>(super::language(), id, &[])
                }

                /// A message of this section with arguments.
                pub fn t_args(id: &str, args: &[(&str, Arg<'_>)]) -> String {
                    section_t::<vestibule_domain::i18n::$section>(super::language(), id, args)
                }
            }
        )*
    };
}

sections! {
    profile => Profile,
    preferences => PreferencesPage,
    notifications => NotificationsPage,
    security => Security,
    api_keys => ApiKeys,
    audit => AuditLog,
    webhooks => Webhooks,
    support => SupportPage,
    git_tokens => GitTokens,
}
