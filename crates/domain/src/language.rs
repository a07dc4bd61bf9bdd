//! The languages pages and mails come in. Named by the catalogs (`i18n`), the errors and the
//! preferences alike, so this module names none of them.

use serde::{Deserialize, Serialize};

/// Declares `Language` from one line per language: its variant and its wire name (`#[default]` marks the default).
macro_rules! languages {
    // `tt`, not `literal`: utoipa does not see through the invisible group a `literal` fragment makes.
    ($($(#[$attr:meta])* $variant:ident = $wire:tt,)+) => {
        // Its catalog is `locales/<wire name>.ftl`, its label the message `language-<wire name>`.
        /// The language of pages and mails.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum Language {
            $($(#[$attr])* #[serde(rename = $wire)] $variant,)+
        }

        impl Language {
            /// Every language, in the order a menu shows them.
            pub const ALL: &[Language] = &[$(Self::$variant),+];

            /// The name stored, sent over the wire and written into `<html lang>`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)+
                }
            }
        }
    };
}

languages! {
    #[default]
    En = "en",
    De = "de",
}

impl Language {
    /// The language with this wire name (`Choice::parse` says why one is refused).
    pub fn from_wire(raw: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|l| l.as_str() == raw.trim())
    }

    /// The best supported language for an `Accept-Language` header (English when none fits).
    pub fn from_accept_language(header: &str) -> Self {
        let mut best: Option<(f32, Language)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or_default();
            if let Some(lang) = Language::from_wire(primary)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
