//! Personal API keys: their format, names, scopes, expiry, rotation grace and status. The page's
//! dialogs, the REST API and the CLI all check a key request with these functions.

mod allowlist;
mod scopes;
mod token;

// Why a presented key was refused: an error the user sees, so it lives with the others.
pub use crate::error::KeyRefusal;
pub use allowlist::{IpAllowlist, IpRange, MAX_ENTRIES as MAX_ALLOWLIST_ENTRIES, parse_address};
pub use scopes::{EVENTS_WRITE, GIT_TOKENS_READ, ScopeCatalog, ScopeInfo, ScopeKind, Scopes, USERS_READ, VERIFY};
pub use token::{KeyToken, display_hint};

use crate::i18n::{ApiKeys, section_t};
use crate::preferences::TimeZoneName;
use crate::{FieldError, ValidationError};
use serde::{Deserialize, Serialize};

/// Expiry presets offered by the page, in days.
pub const EXPIRY_PRESETS: &[u32] = &[7, 30, 60, 90, 180, 365];
/// The longest a key may live unless the operator allows less.
pub const MAX_LIFETIME_DAYS: u32 = 365;
/// Keys expiring within this many days get a warning badge.
pub const WARN_DAYS: i64 = 7;
/// A key unused for this many days is marked idle.
pub const IDLE_DAYS: i64 = 90;
const DAY_MS: i64 = 86_400_000;

/// A key's name: 1-64 characters after trimming, no control characters; unique per user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyName(String);

impl KeyName {
    pub const MAX: usize = 64;

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(ValidationError::Required);
        }
        if name.chars().count() > Self::MAX {
            return Err(ValidationError::TooLong { max: Self::MAX });
        }
        if name.chars().any(char::is_control) {
            return Err(ValidationError::ControlCharacter);
        }
        Ok(Self(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The operator's limits (`VESTIBULE_MAX_KEYS_PER_USER`, `VESTIBULE_MAX_KEY_LIFETIME_DAYS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyPolicy {
    pub max_keys: u32,
    pub max_lifetime_days: u32,
}

impl Default for KeyPolicy {
    fn default() -> Self {
        Self { max_keys: 50, max_lifetime_days: MAX_LIFETIME_DAYS }
    }
}

impl KeyPolicy {
    /// Whether a user with `live` keys may create another.
    pub fn at_limit(&self, live: usize) -> bool {
        live >= self.max_keys as usize
    }

    /// The presets this installation offers (those within the maximum lifetime).
    pub fn presets(&self) -> Vec<u32> {
        EXPIRY_PRESETS.iter().copied().filter(|d| *d <= self.max_lifetime_days).collect()
    }

    /// When a key expires: in `days` days, or at the end of `date` (YYYY-MM-DD) in the user's
    /// zone. Exactly one must be given; never past the maximum lifetime, never in the past.
    pub fn expires_at(
        &self,
        days: Option<u32>,
        date: Option<&str>,
        now_ms: i64,
        zone: &TimeZoneName,
    ) -> Result<i64, ValidationError> {
        let max = self.max_lifetime_days;
        match (days, date.map(str::trim).filter(|d| !d.is_empty())) {
            (Some(days), None) if days == 0 || days > max => Err(ValidationError::ExpiryTooLate { max_days: max }),
            (Some(days), None) => Ok(now_ms + i64::from(days) * DAY_MS),
            (None, Some(date)) => {
                let at = end_of_day(date, zone)?;
                if at <= now_ms {
                    Err(ValidationError::ExpiryPast)
                } else if days_between(now_ms, at, zone) > i64::from(max) {
                    Err(ValidationError::ExpiryTooLate { max_days: max })
                } else {
                    Ok(at)
                }
            }
            _ => Err(ValidationError::Required),
        }
    }
}

/// The last millisecond of a calendar day in a zone.
pub(crate) fn end_of_day(date: &str, zone: &TimeZoneName) -> Result<i64, ValidationError> {
    let day: jiff::civil::Date = date.parse().map_err(|_| ValidationError::DateFormat)?;
    let next = day.tomorrow().map_err(|_| ValidationError::DateFormat)?;
    let start = next.to_zoned(zone.tz()).map_err(|_| ValidationError::DateFormat)?;
    Ok(start.timestamp().as_millisecond() - 1)
}

/// Calendar days from the day of `from` to the day of `to`, in the zone.
fn days_between(from_ms: i64, to_ms: i64, zone: &TimeZoneName) -> i64 {
    let day = |ms: i64| jiff::Timestamp::from_millisecond(ms).map(|t| t.to_zoned(zone.tz()).date()).unwrap_or_default();
    day(from_ms).until(day(to_ms)).map(|span| i64::from(span.get_days())).unwrap_or(i64::MAX)
}

/// How long a rotated-out key keeps working.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum GracePeriod {
    #[default]
    #[serde(rename = "none")]
    None,
    #[serde(rename = "1h")]
    Hour,
    #[serde(rename = "24h")]
    Day,
    #[serde(rename = "7d")]
    Week,
}

impl GracePeriod {
    /// Every grace period, in the order a menu shows them.
    pub const ALL: [GracePeriod; 4] = [Self::None, Self::Hour, Self::Day, Self::Week];

    pub fn millis(self) -> i64 {
        match self {
            Self::None => 0,
            Self::Hour => 3_600_000,
            Self::Day => DAY_MS,
            Self::Week => 7 * DAY_MS,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Hour => "1h",
            Self::Day => "24h",
            Self::Week => "7d",
        }
    }

    /// The label in `language`, from the catalogs (`grace-<wire name>`).
    pub fn label_in(self, language: crate::preferences::Language) -> String {
        section_t::<ApiKeys>(language, &format!("grace-{}", self.as_str()), &[])
    }

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|g| g.as_str() == raw.trim())
            .ok_or_else(|| ValidationError::OneOf { allowed: Self::ALL.iter().map(|g| g.as_str().into()).collect() })
    }
}

/// A key as lists show it: never its secret, only the hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyInfo {
    /// The public id (the part after `vst_`).
    pub id: String,
    pub name: String,
    /// The first characters of the secret.
    pub hint: String,
    pub scopes: Scopes,
    pub created_at: i64,
    pub expires_at: i64,
    /// When a rotated-out key stops working (it is then replaced by a newer key of the same name).
    pub retires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub last_used_ip: Option<String>,
    pub last_used_agent: Option<String>,
    /// The addresses and ranges the key may be used from (canonical spelling); empty: anywhere.
    #[serde(default)]
    pub allowed_ips: Vec<String>,
}

/// A key just created or rotated: its details and the whole key, shown this once and never again.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealedKey {
    pub key: ApiKeyInfo,
    pub secret: String,
}

impl std::fmt::Debug for RevealedKey {
    // The secret never reaches a log line, even through `{:?}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RevealedKey").field("key", &self.key).field("secret", &"[redacted]").finish()
    }
}

/// What a list shows next to a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyStatus {
    Active,
    /// Expires within `WARN_DAYS`: in this many days, rounded up.
    ExpiresSoon {
        days: i64,
    },
    Expired,
    /// Replaced by rotation; works until `retires_at`.
    RotatedOut,
}

/// At most this many keys in one leak report (`POST /api/v1/keys/revoke-leaked`).
pub const MAX_LEAK_REPORT_KEYS: usize = 100;
/// The longest "where it was found" of a leak report (a URL, usually).
pub const LEAK_SOURCE_MAX: usize = 500;

/// A leak report's shape: 1 to `MAX_LEAK_REPORT_KEYS` keys (of any form: a malformed one is
/// passed over like an unknown one), and where they were found, one line or blank. The source,
/// trimmed, or every problem with its field.
pub fn check_leak_report(keys: &[String], source: &str) -> Result<String, Vec<FieldError>> {
    let keys = match keys.len() {
        0 => Err(ValidationError::Required.on("keys")),
        n if n > MAX_LEAK_REPORT_KEYS => Err(ValidationError::TooMany { max: MAX_LEAK_REPORT_KEYS }.on("keys")),
        _ => Ok(()),
    };
    let source = crate::text::one_line(source, LEAK_SOURCE_MAX).map_err(|e| e.on("source"));
    match (keys, source) {
        (Ok(()), Ok(source)) => Ok(source),
        (keys, source) => Err([keys.err(), source.err()].into_iter().flatten().collect()),
    }
}

/// A hygiene mark next to a key in the list (besides its status, which marks keys expiring soon).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Hygiene {
    /// Never used since it was made.
    NeverUsed,
    /// Not used for at least `IDLE_DAYS` (counted from its creation when it was never used).
    Idle { days: i64 },
}

impl Hygiene {
    /// The wire name (the REST API's `hygiene` list).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NeverUsed => "never_used",
            Self::Idle { .. } => "idle",
        }
    }

    pub fn label_in(self, language: crate::preferences::Language) -> String {
        match self {
            Self::NeverUsed => section_t::<ApiKeys>(language, "key-hygiene-never-used", &[]),
            Self::Idle { days } => section_t::<ApiKeys>(language, "key-hygiene-idle", &[("days", days.into())]),
        }
    }
}

impl ApiKeyInfo {
    /// The hygiene marks of a live key (none for an expired or rotated-out one).
    pub fn hygiene(&self, now_ms: i64) -> Vec<Hygiene> {
        if matches!(self.status(now_ms), KeyStatus::Expired | KeyStatus::RotatedOut) {
            return Vec::new();
        }
        let mut marks = Vec::new();
        if self.last_used_at.is_none() {
            marks.push(Hygiene::NeverUsed);
        }
        let idle = (now_ms - self.last_used_at.unwrap_or(self.created_at)) / DAY_MS;
        if idle >= IDLE_DAYS {
            marks.push(Hygiene::Idle { days: idle });
        }
        marks
    }

    pub fn status(&self, now_ms: i64) -> KeyStatus {
        if self.expires_at <= now_ms {
            KeyStatus::Expired
        } else if self.retires_at.is_some() {
            KeyStatus::RotatedOut
        } else if self.expires_at - now_ms <= WARN_DAYS * DAY_MS {
            // Whole days left, rounded up: a 7-day key says "7 days" right after creation.
            KeyStatus::ExpiresSoon { days: (self.expires_at - now_ms + DAY_MS - 1) / DAY_MS }
        } else {
            KeyStatus::Active
        }
    }

    /// `vst_….Xk3f9…`
    pub fn display_hint(&self) -> String {
        display_hint(&self.hint)
    }
}

impl KeyStatus {
    /// The badge in English (the CLI and the tests).
    pub fn label(self) -> String {
        self.label_in(crate::preferences::Language::En)
    }

    /// The badge in `language`.
    pub fn label_in(self, language: crate::preferences::Language) -> String {
        match self {
            Self::Active => section_t::<ApiKeys>(language, "key-status-active", &[]),
            Self::ExpiresSoon { days } => {
                section_t::<ApiKeys>(language, "key-status-expires-soon", &[("days", days.max(1).into())])
            }
            Self::Expired => section_t::<ApiKeys>(language, "key-status-expired", &[]),
            Self::RotatedOut => section_t::<ApiKeys>(language, "key-status-rotated-out", &[]),
        }
    }
}

/// A request to create a key, as the page's dialog, the REST API and the CLI send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewKey {
    pub name: String,
    pub scopes: Vec<String>,
    /// One of the presets (or any whole number of days up to the maximum).
    #[serde(default)]
    pub expires_in_days: Option<u32>,
    /// A custom last day, `YYYY-MM-DD`, in the user's time zone.
    #[serde(default)]
    pub expires_on: Option<String>,
    /// IP addresses and CIDR ranges (IPv4 or IPv6) the key may be used from; none: anywhere.
    #[serde(default)]
    pub allowed_ips: Vec<String>,
}

/// A checked `NewKey`.
#[derive(Debug, Clone)]
pub struct ValidKey {
    pub name: KeyName,
    pub scopes: Scopes,
    pub expires_at: i64,
    pub allowed_ips: IpAllowlist,
}

impl NewKey {
    /// Every field's problem at once, with the field's name.
    pub fn validate(
        &self,
        catalog: &ScopeCatalog,
        policy: &KeyPolicy,
        is_admin: bool,
        now_ms: i64,
        zone: &TimeZoneName,
    ) -> Result<ValidKey, Vec<FieldError>> {
        let name = KeyName::parse(&self.name).map_err(|e| e.on("name"));
        let scopes = catalog.parse(&self.scopes, is_admin).map_err(|e| e.on("scopes"));
        let expires = policy
            .expires_at(self.expires_in_days, self.expires_on.as_deref(), now_ms, zone)
            .map_err(|e| e.on("expires"));
        let allowed = IpAllowlist::parse(&self.allowed_ips).map_err(|e| e.on("allowed_ips"));
        match (name, scopes, expires, allowed) {
            (Ok(name), Ok(scopes), Ok(expires_at), Ok(allowed_ips)) => {
                Ok(ValidKey { name, scopes, expires_at, allowed_ips })
            }
            (name, scopes, expires, allowed) => {
                Err([name.err(), scopes.err(), expires.err(), allowed.err()].into_iter().flatten().collect())
            }
        }
    }
}

/// An edit: name, scopes and the IP allowlist (expiry never moves; rotate instead).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct KeyChanges {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    /// The whole new allowlist (an empty list lifts the restriction).
    #[serde(default)]
    pub allowed_ips: Option<Vec<String>>,
}

/// A checked edit: `None` keeps what the key has.
#[derive(Debug, Clone)]
pub struct ValidChanges {
    pub name: Option<KeyName>,
    pub scopes: Option<Scopes>,
    pub allowed_ips: Option<IpAllowlist>,
}

impl KeyChanges {
    pub fn validate(&self, catalog: &ScopeCatalog, is_admin: bool) -> Result<ValidChanges, Vec<FieldError>> {
        let name = self.name.as_deref().map(KeyName::parse).transpose().map_err(|e| e.on("name"));
        let scopes = self.scopes.as_deref().map(|s| catalog.parse(s, is_admin)).transpose().map_err(|e| e.on("scopes"));
        let allowed = self.allowed_ips.as_deref().map(IpAllowlist::parse).transpose().map_err(|e| e.on("allowed_ips"));
        match (name, scopes, allowed) {
            (Ok(name), Ok(scopes), Ok(allowed_ips)) => Ok(ValidChanges { name, scopes, allowed_ips }),
            (name, scopes, allowed) => Err([name.err(), scopes.err(), allowed.err()].into_iter().flatten().collect()),
        }
    }
}

/// A rotation: a new expiry and how long the old secret keeps working.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    #[serde(default)]
    pub expires_in_days: Option<u32>,
    #[serde(default)]
    pub expires_on: Option<String>,
    #[serde(default)]
    pub grace: Option<String>,
}

impl Rotation {
    /// The new key's expiry and the old key's grace period (none when not given).
    pub fn validate(
        &self,
        policy: &KeyPolicy,
        now_ms: i64,
        zone: &TimeZoneName,
    ) -> Result<(i64, GracePeriod), Vec<FieldError>> {
        let expires = policy
            .expires_at(self.expires_in_days, self.expires_on.as_deref(), now_ms, zone)
            .map_err(|e| e.on("expires"));
        let grace = GracePeriod::parse(self.grace.as_deref().unwrap_or("none")).map_err(|e| e.on("grace"));
        match (expires, grace) {
            (Ok(expires), Ok(grace)) => Ok((expires, grace)),
            (expires, grace) => Err([expires.err(), grace.err()].into_iter().flatten().collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preferences::Language;

    #[test]
    fn english_labels_come_from_the_catalog() {
        for grace in GracePeriod::ALL {
            for language in [Language::En, Language::De] {
                assert!(!grace.label_in(language).starts_with("grace-"), "{language:?} lacks grace-{}", grace.as_str());
            }
        }
        assert_eq!(GracePeriod::None.label_in(Language::En), "None: the old key stops now");
        assert_eq!(GracePeriod::Day.label_in(Language::De), "24 Stunden");
        assert_eq!(KeyStatus::ExpiresSoon { days: 0 }.label(), "Expires in 1 day");
        assert_eq!(KeyStatus::ExpiresSoon { days: 3 }.label(), "Expires in 3 days");
        assert_eq!(KeyStatus::RotatedOut.label(), "Rotated out");
        assert!(!KeyStatus::Active.label_in(Language::De).starts_with("key-status-"));
    }
}
