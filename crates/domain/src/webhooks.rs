//! Outgoing webhooks: the catalog of event types, an endpoint's address, description and events,
//! the retry schedule, and what the page and the REST API show of endpoints and deliveries. The
//! page's form, the REST API and the delivery worker all check with these functions.

use crate::i18n::{Webhooks, section_t};
use crate::preferences::Language;
use crate::url::HttpUrl;
use crate::{FieldError, ValidationError};
use serde::{Deserialize, Serialize};

/// Vestibule's own event types, in the order the page lists them. Each has its description in the
/// catalogs (`event-<name with '.' and '_' as '-'>`).
pub const EVENT_TYPES: &[&str] = &[
    "build.succeeded",
    "build.failed",
    "api_key.created",
    "api_key.rotated",
    "api_key.deleted",
    "api_key.expiring",
    "profile.updated",
    "preferences.updated",
    "security.two_factor_changed",
];

/// Endpoints per user unless the operator says otherwise (`VESTIBULE_MAX_WEBHOOKS_PER_USER`).
pub const MAX_WEBHOOKS: u32 = 10;
/// The largest body Vestibule sends, in bytes.
pub const MAX_PAYLOAD_BYTES: usize = 20_000;
/// How much of a receiver's answer the delivery log keeps, in bytes.
pub const RESPONSE_KEPT_BYTES: usize = 2048;
/// How long a receiver has to answer, in seconds.
pub const TIMEOUT_SECONDS: u64 = 15;
/// How long deliveries stay in the log, in days.
pub const LOG_DAYS: i64 = 30;
/// How long the previous secret keeps signing after a rotation, in hours.
pub const ROTATION_OVERLAP_HOURS: i64 = 24;

/// The wait before each retry, in seconds (about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and
/// 24 h): ten attempts in all, over about three days.
pub const RETRY_SECONDS: &[i64] = &[5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400];
/// Attempts before a delivery is given up and its endpoint turned off.
pub const MAX_ATTEMPTS: i64 = RETRY_SECONDS.len() as i64 + 1;
/// After this many failed attempts in a row the owner is warned that the endpoint will be turned off.
pub const WARN_AFTER_ATTEMPTS: i64 = MAX_ATTEMPTS - 2;

/// When to try again after failed attempt `attempt` (1-based), in milliseconds: the schedule's
/// step spread by ±10% (`jitter` in 0..1), or later if the receiver asked for it (`Retry-After`,
/// at most a day). `None`: the schedule is exhausted.
pub fn retry_delay_ms(attempt: i64, jitter: f64, retry_after_seconds: Option<i64>) -> Option<i64> {
    let step = *RETRY_SECONDS.get(usize::try_from(attempt - 1).ok()?)?;
    let spread = (step * 1000) as f64 * (0.9 + 0.2 * jitter.clamp(0.0, 1.0));
    let asked = retry_after_seconds.map_or(0, |s| s.clamp(0, 86_400) * 1000);
    Some((spread as i64).max(asked))
}

/// One event type an endpoint may receive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventType {
    pub name: String,
    /// The operator's own words for a platform event type; Vestibule's have theirs in the catalogs.
    pub description: Option<String>,
}

impl EventType {
    pub fn description_in(&self, language: Language) -> String {
        match &self.description {
            Some(text) => text.clone(),
            None => section_t::<Webhooks>(language, &format!("event-{}", self.name.replace(['.', '_'], "-")), &[]),
        }
    }
}

/// Every event type on this installation: Vestibule's, then the operator's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventCatalog {
    pub types: Vec<EventType>,
}

impl Default for EventCatalog {
    fn default() -> Self {
        Self { types: EVENT_TYPES.iter().map(|name| EventType { name: (*name).into(), description: None }).collect() }
    }
}

impl EventCatalog {
    /// The built-in types plus the operator's (`VESTIBULE_WEBHOOK_EVENTS`, `name=Description;…`).
    pub fn with_extra(spec: &str) -> Result<Self, String> {
        let mut catalog = Self::default();
        for pair in spec.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, description) = pair.split_once('=').unwrap_or((pair, ""));
            let (name, description) = (name.trim(), description.trim());
            let valid = (1..=64).contains(&name.len())
                && name.contains('.')
                && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b));
            if !valid {
                return Err(format!("event type {name:?}: use 1-64 lower-case letters, digits, '_', '-', with a '.'"));
            }
            if catalog.get(name).is_some() {
                return Err(format!("event type {name:?} is defined twice"));
            }
            let description = if description.is_empty() { name.into() } else { description.into() };
            catalog.types.push(EventType { name: name.into(), description: Some(description) });
        }
        Ok(catalog)
    }

    pub fn get(&self, name: &str) -> Option<&EventType> {
        self.types.iter().find(|t| t.name == name)
    }

    /// The event types a form or request asked for: at least one, each known, in catalog order.
    pub fn parse(&self, requested: &[String]) -> Result<Vec<String>, ValidationError> {
        for name in requested {
            if self.get(name.trim()).is_none() {
                return Err(ValidationError::UnknownEvent { name: name.trim().to_string() });
            }
        }
        let chosen: Vec<String> = self
            .types
            .iter()
            .filter(|t| requested.iter().any(|r| r.trim() == t.name))
            .map(|t| t.name.clone())
            .collect();
        if chosen.is_empty() {
            return Err(ValidationError::NoEvent);
        }
        Ok(chosen)
    }
}

/// The operator's rules for endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookPolicy {
    /// Endpoints per user (`VESTIBULE_MAX_WEBHOOKS_PER_USER`, 10).
    pub max_webhooks: u32,
    /// Hosts that may be reached over plain `http://` and at any address (`VESTIBULE_WEBHOOK_ALLOW_HOSTS`):
    /// for development only.
    pub dev_hosts: Vec<String>,
}

impl Default for WebhookPolicy {
    fn default() -> Self {
        Self { max_webhooks: MAX_WEBHOOKS, dev_hosts: Vec::new() }
    }
}

impl WebhookPolicy {
    /// Whether `host` (as `WebhookUrl::host` gives it) is one of the operator's development hosts.
    pub fn is_dev_host(&self, host: &str) -> bool {
        self.dev_hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
    }
}

/// An endpoint's address: an absolute `https://` URL (`http://` only for the operator's development
/// hosts), at most `HttpUrl::MAX` characters. Whether its host may be reached is the server's check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookUrl(String);

impl WebhookUrl {
    pub fn parse(raw: &str, policy: &WebhookPolicy) -> Result<Self, ValidationError> {
        let url = HttpUrl::parse(raw)?;
        let this = Self(url.as_str().to_string());
        if url.as_str().starts_with("http://") && !policy.is_dev_host(this.host()) {
            return Err(ValidationError::WebhookHttps);
        }
        Ok(this)
    }

    /// The host as written, without the port (`[::1]` keeps its brackets); compared without regard to case.
    pub fn host(&self) -> &str {
        let rest = self.0.split_once("://").map_or("", |(_, rest)| rest);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        match authority.rsplit_once(':') {
            Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) && !host.ends_with(':') => host,
            _ => authority,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The longest description of an endpoint, in characters.
pub const DESCRIPTION_MAX: usize = 200;

/// What an endpoint is for, in the owner's words: at most `DESCRIPTION_MAX` characters, no control characters.
pub fn parse_description(raw: &str) -> Result<String, ValidationError> {
    crate::text::one_line(raw, DESCRIPTION_MAX)
}

/// A request to add an endpoint, as the page's form and the REST API send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// `https://…` (plain `http://` only for the operator's development hosts).
    pub url: String,
    #[serde(default)]
    pub description: String,
    /// Event types, from `GET /api/v1/webhooks/event-types`.
    pub events: Vec<String>,
    /// Also sign each delivery with an Ed25519 key (`v1a`), whose public key (`whpk_…`) is shown.
    #[serde(default)]
    pub asymmetric: bool,
}

/// A checked endpoint.
#[derive(Debug, Clone)]
pub struct ValidWebhook {
    pub url: WebhookUrl,
    pub description: String,
    pub events: Vec<String>,
    pub asymmetric: bool,
}

impl NewWebhook {
    /// Every field's problem at once, with the field's name.
    pub fn validate(&self, catalog: &EventCatalog, policy: &WebhookPolicy) -> Result<ValidWebhook, Vec<FieldError>> {
        let url = WebhookUrl::parse(&self.url, policy).map_err(|e| e.on("url"));
        let description = parse_description(&self.description).map_err(|e| e.on("description"));
        let events = catalog.parse(&self.events).map_err(|e| e.on("events"));
        match (url, description, events) {
            (Ok(url), Ok(description), Ok(events)) => {
                Ok(ValidWebhook { url, description, events, asymmetric: self.asymmetric })
            }
            (url, description, events) => {
                Err([url.err(), description.err(), events.err()].into_iter().flatten().collect())
            }
        }
    }
}

/// Changes to an endpoint; what is left out stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookChanges {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub events: Option<Vec<String>>,
    /// `true` turns a disabled endpoint back on (its failures are forgotten); `false` pauses it.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// `true` adds an Ed25519 signature (`v1a`, a new key), `false` stops it (the key is deleted).
    #[serde(default)]
    pub asymmetric: Option<bool>,
}

/// Why an endpoint is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisabledReason {
    /// Its owner turned it off.
    Owner,
    /// It answered `410 Gone`.
    Gone,
    /// A delivery failed every attempt of the schedule.
    Failing,
}

impl DisabledReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Gone => "gone",
            Self::Failing => "failing",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Owner, Self::Gone, Self::Failing].into_iter().find(|r| r.as_str() == text)
    }
}

/// An endpoint as its owner sees it: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookInfo {
    /// `wh_…`
    pub id: String,
    pub url: String,
    pub description: String,
    pub events: Vec<String>,
    /// `None` while it is on.
    pub disabled: Option<DisabledReason>,
    pub created_at: i64,
    /// While a rotated-out secret still signs (both signatures are sent), when it stops.
    pub previous_secret_until: Option<i64>,
    /// The newest delivery's outcome: when, and whether the receiver accepted it.
    pub last_delivery: Option<(i64, DeliveryState)>,
    /// When deliveries are also signed with Ed25519 (`v1a`): the key to verify them with, `whpk_…`.
    pub public_key: Option<String>,
}

/// A delivery's state in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Queued, or failed and waiting for its next attempt.
    Pending,
    Succeeded,
    /// Given up: the schedule ran out, the endpoint is gone or off, or the payload too large.
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "succeeded" => Self::Succeeded,
            "failed" => Self::Failed,
            _ => Self::Pending,
        }
    }
}

/// One attempt to deliver one event to one endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptInfo {
    pub attempt: i64,
    pub at: i64,
    /// The receiver's status code, when it answered.
    pub status: Option<u16>,
    pub latency_ms: i64,
    /// The first `RESPONSE_KEPT_BYTES` of its answer.
    pub response: String,
    /// Why it failed without an answer (time-out, refused address, connection error).
    pub error: Option<String>,
}

/// One event sent (or being sent) to one endpoint, with every attempt, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryInfo {
    /// The row's id, for redelivery.
    pub id: i64,
    /// `msg_…`: the `webhook-id` header, the same on every attempt.
    pub message_id: String,
    pub event_type: String,
    pub created_at: i64,
    pub state: DeliveryState,
    /// When the next attempt is due (pending only).
    pub next_at: Option<i64>,
    pub attempts: Vec<AttemptInfo>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev(hosts: &[&str]) -> WebhookPolicy {
        WebhookPolicy { dev_hosts: hosts.iter().map(|h| h.to_string()).collect(), ..WebhookPolicy::default() }
    }

    #[test]
    fn https_only_unless_a_development_host() {
        assert!(WebhookUrl::parse("https://hooks.example.com/x", &dev(&[])).is_ok());
        assert_eq!(WebhookUrl::parse("http://hooks.example.com/x", &dev(&[])), Err(ValidationError::WebhookHttps));
        assert!(WebhookUrl::parse("http://localhost:8080/x", &dev(&["localhost"])).is_ok());
        assert!(WebhookUrl::parse("http://[::1]:8080/x", &dev(&["[::1]"])).is_ok());
        assert_eq!(WebhookUrl::parse("ftp://a.b", &dev(&[])), Err(ValidationError::UrlFormat));
        assert_eq!(WebhookUrl::parse("https://A.example:443/p?q", &dev(&[])).unwrap().host(), "A.example");
        assert_eq!(WebhookUrl::parse("https://[::1]/", &dev(&[])).unwrap().host(), "[::1]");
    }

    #[test]
    fn events_are_checked_against_the_catalog() {
        let catalog = EventCatalog::with_extra("deploy.finished=A deploy finished").unwrap();
        let asked = vec!["deploy.finished".to_string(), "build.failed".into(), "build.failed".into()];
        assert_eq!(catalog.parse(&asked).unwrap(), vec!["build.failed".to_string(), "deploy.finished".into()]);
        assert_eq!(catalog.parse(&[]), Err(ValidationError::NoEvent));
        assert_eq!(catalog.parse(&["nope.x".into()]), Err(ValidationError::UnknownEvent { name: "nope.x".into() }));
        assert!(EventCatalog::with_extra("NoDot").is_err());
        assert!(EventCatalog::with_extra("build.failed=again").is_err());
    }

    #[test]
    fn the_schedule_runs_about_three_days_and_honours_retry_after() {
        assert_eq!(retry_delay_ms(1, 0.5, None), Some(5_000));
        assert_eq!(retry_delay_ms(1, 0.0, None), Some(4_500));
        assert_eq!(retry_delay_ms(9, 0.5, None), Some(86_400_000));
        assert_eq!(retry_delay_ms(10, 0.5, None), None);
        assert_eq!(retry_delay_ms(1, 0.5, Some(120)), Some(120_000));
        assert_eq!(retry_delay_ms(1, 0.5, Some(10_000_000)), Some(86_400_000));
        let total: i64 = (1..MAX_ATTEMPTS).filter_map(|n| retry_delay_ms(n, 0.5, None)).sum();
        assert!((70 * 3_600_000..80 * 3_600_000).contains(&total), "{total}");
    }
}
