//! Display preferences: how dates, times, the week, the theme and the language look for one user.
//! JSON names are the REST API's (`us`, `12h`, `monday`…); `parse` gives the same message everywhere.

use crate::ValidationError;
use serde::{Deserialize, Serialize};

/// A closed set of named options (a `<select>` in the page, a string in the API).
pub trait Choice: Copy + PartialEq + Sized + 'static {
    /// Every choice, in the order a menu shows them.
    fn all() -> &'static [Self];
    /// The name stored and sent over the wire.
    fn as_str(self) -> &'static str;
    fn parse(raw: &str) -> Result<Self, ValidationError>;
    /// The catalog ids' prefix: a choice's label is the message `<prefix>-<wire name>`.
    const CATALOG: &'static str;
    /// The label in `language`, from the catalogs.
    fn label(self, language: Language) -> String {
        crate::i18n::t(language, &format!("{}-{}", Self::CATALOG, self.as_str()))
    }
}

macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $wire:tt;)+ } default $default:ident, catalog $catalog:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $(#[serde(rename = $wire)] $variant,)+
        }

        impl Default for $name {
            fn default() -> Self {
                $name::$default
            }
        }

        impl Choice for $name {
            const CATALOG: &'static str = $catalog;

            fn all() -> &'static [Self] {
                &[$($name::$variant),+]
            }

            fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            fn parse(raw: &str) -> Result<Self, ValidationError> {
                match raw.trim() {
                    $($wire => Ok($name::$variant),)+
                    _ => Err(ValidationError::OneOf { allowed: vec![$($wire.to_string()),+] }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

choice!(
    /// How a date is written: `us` 11/22/2026, `international` 22/11/2026, `iso` 2026-11-22.
    DateFormat {
        Us = "us";
        International = "international";
        Iso = "iso";
    } default Us, catalog "date-format"
);
choice!(
    /// 12-hour (`7:05 PM`) or 24-hour (`19:05`) clock.
    TimeFormat {
        H12 = "12h";
        H24 = "24h";
    } default H12, catalog "time-format"
);
choice!(
    /// The first day of the week in calendars and weekly summaries.
    WeekStart {
        Monday = "monday";
        Sunday = "sunday";
    } default Monday, catalog "week-start"
);
choice!(
    /// Light, dark, or whatever the operating system says (`system`).
    Theme {
        Light = "light";
        Dark = "dark";
        System = "system";
    } default System, catalog "theme"
);
pub use crate::language::Language;

/// A language is a choice too (its own module, because the catalogs need it before any choice).
impl Choice for Language {
    const CATALOG: &'static str = "language";

    fn all() -> &'static [Self] {
        Language::ALL
    }

    fn as_str(self) -> &'static str {
        Language::as_str(self)
    }

    fn parse(raw: &str) -> Result<Self, ValidationError> {
        Language::from_wire(raw).ok_or_else(|| ValidationError::OneOf {
            allowed: Language::ALL.iter().map(|l| l.as_str().to_string()).collect(),
        })
    }
}

/// An IANA time zone name known to the bundled zone database (e.g. `Europe/Berlin`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "Europe/Berlin"))]
#[serde(try_from = "String", into = "String")]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(ValidationError::Required);
        }
        // The IANA name as the zone database spells it ("europe/berlin" becomes "Europe/Berlin").
        crate::tz::canonical(raw)
            .map(|name| Self(name.to_string()))
            .ok_or_else(|| ValidationError::UnknownTimeZone { name: raw.chars().take(64).collect() })
    }

    pub fn utc() -> Self {
        Self("UTC".into())
    }

    /// Every name `parse` accepts, as the zone database spells it (the REST API's enumeration).
    pub fn known() -> Vec<String> {
        let mut names: Vec<String> = crate::tz::names().map(str::to_string).collect();
        names.sort();
        names
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The zone's rules (in the browser: UTC until they arrive, see `tz::ZoneRules`).
    pub fn tz(&self) -> jiff::tz::TimeZone {
        crate::tz::rules(&self.0)
    }
}

impl Default for TimeZoneName {
    fn default() -> Self {
        Self::utc()
    }
}

impl TryFrom<String> for TimeZoneName {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<TimeZoneName> for String {
    fn from(value: TimeZoneName) -> Self {
        value.0
    }
}

/// One user's display preferences, with the defaults a new account gets.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preferences {
    pub date_format: DateFormat,
    pub time_format: TimeFormat,
    pub time_zone: TimeZoneName,
    pub week_start: WeekStart,
    pub theme: Theme,
    pub language: Language,
}

/// A partial update, as a form or `PATCH /api/v1/me/preferences` sends it: absent fields stay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PreferencesPatch {
    pub date_format: Option<String>,
    pub time_format: Option<String>,
    pub time_zone: Option<String>,
    pub week_start: Option<String>,
    pub theme: Option<String>,
    pub language: Option<String>,
    /// The host product's own preferences (`app_preferences`), by key: only the REST API sends them
    /// here. Not in the browser's build: the page saves them on their own, and JSON values in this
    /// type, which the session's code holds, would put serde_json's `Value` into every page's
    /// first load (about 6 KB).
    #[cfg(not(target_arch = "wasm32"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub app: Option<serde_json::Map<String, serde_json::Value>>,
}

impl Preferences {
    /// Applies a patch; every bad field is reported with its name, and nothing changes then.
    pub fn apply(&self, patch: &PreferencesPatch) -> Result<Self, Vec<crate::FieldError>> {
        let mut next = self.clone();
        let mut errors = Vec::new();
        fn set<T>(
            slot: &mut T,
            raw: &Option<String>,
            field: &str,
            parse: impl Fn(&str) -> Result<T, ValidationError>,
            errors: &mut Vec<crate::FieldError>,
        ) {
            if let Some(raw) = raw {
                match parse(raw) {
                    Ok(v) => *slot = v,
                    Err(e) => errors.push(e.on(field)),
                }
            }
        }
        set(&mut next.date_format, &patch.date_format, "date_format", DateFormat::parse, &mut errors);
        set(&mut next.time_format, &patch.time_format, "time_format", TimeFormat::parse, &mut errors);
        set(&mut next.time_zone, &patch.time_zone, "time_zone", TimeZoneName::parse, &mut errors);
        set(&mut next.week_start, &patch.week_start, "week_start", WeekStart::parse, &mut errors);
        set(&mut next.theme, &patch.theme, "theme", Theme::parse, &mut errors);
        set(&mut next.language, &patch.language, "language", Language::parse, &mut errors);
        if errors.is_empty() { Ok(next) } else { Err(errors) }
    }
}
