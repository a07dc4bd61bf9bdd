//! Vestibule's settings: read once at start-up from `VESTIBULE_*` variables (and `DATABASE_URL`)
//! into one typed struct. An unknown or malformed variable stops start-up with a message naming it.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use vestibule_domain::api_keys::{KeyPolicy, MAX_LIFETIME_DAYS, ScopeCatalog};
use vestibule_domain::app_preferences::AppPreferences;
use vestibule_domain::notifications::BuildMailDefault;
use vestibule_domain::webhooks::{EventCatalog, MAX_WEBHOOKS, WebhookPolicy};

#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the SQLite file, the outbox and uploads live (`VESTIBULE_DATA_DIR`, default `./data`).
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: a `postgres://` URL selects PostgreSQL; unset means SQLite in `data_dir`.
    pub database_url: Option<SecretUrl>,
    /// Sessions end after this long without a request (`VESTIBULE_SESSION_IDLE_MINUTES`, 30).
    pub session_idle: Duration,
    /// Sessions end this long after log-in whatever happens (`VESTIBULE_SESSION_ABSOLUTE_HOURS`, 12).
    pub session_absolute: Duration,
    /// A sensitive change (email, API keys) needs a proof of the owner this recent
    /// (`VESTIBULE_REAUTH_MINUTES`, 15): the log-in, or the password (or a code) asked again.
    pub reauth_window: Duration,
    /// The address users reach us at (`VESTIBULE_PUBLIC_URL`); `https://` turns on secure cookies and HSTS.
    pub public_url: Option<String>,
    /// Password hashes computed at once (`VESTIBULE_HASH_CONCURRENCY`, default: every core but one).
    pub hash_concurrency: usize,
    /// Take the client address from `X-Forwarded-For` (`VESTIBULE_TRUST_PROXY`, false): only behind a proxy.
    pub trust_proxy: bool,
    /// Database connections in the pool (`VESTIBULE_DB_MAX_CONNECTIONS`, 16).
    pub db_max_connections: u32,
    /// How long a key or session look-up is kept in memory (`VESTIBULE_CACHE_MS`, 1000, at most
    /// 1000; 0 turns the caches off): what another process that cannot notify us may leave stale.
    pub cache_ttl: Duration,
    /// Log filter (`VESTIBULE_LOG`, `info`), in tracing's `EnvFilter` syntax.
    pub log: String,
    /// Outgoing mail server (`VESTIBULE_SMTP_URL`, e.g. `smtp://user:pass@mail.example.com:587`);
    /// unset writes each mail as an `.eml` file under `<data dir>/outbox/` instead.
    pub smtp_url: Option<SecretUrl>,
    /// At most one mail with a single-use link (address verification or change) per account in
    /// this long (`VESTIBULE_LINK_MAIL_INTERVAL_SECONDS`, 60; 0 turns the limit off): "resend"
    /// cannot be used to flood an address.
    pub link_mail_interval: Duration,
    /// Whether this instance sends queued mail (`VESTIBULE_OUTBOX_WORKER`, true). Instances on one
    /// database share the queue safely; turn it off where an instance should only serve pages.
    pub outbox_worker: bool,
    /// The sender of every mail (`VESTIBULE_MAIL_FROM`, `Vestibule <vestibule@localhost>`).
    pub mail_from: String,
    /// A server-side secret mixed into API-key digests (`VESTIBULE_KEY_PEPPER`, at least 32
    /// characters; unset: plain SHA-256). Changing it invalidates every key.
    pub key_pepper: Option<Secret>,
    /// The key that seals what the database must not hold in plain text, such as queued mails with
    /// single-use links (`VESTIBULE_SECRET_KEY`, at least 32 characters; unset: a random key kept in
    /// `<data dir>/secret.key`, made on first start). Several instances on one PostgreSQL database
    /// need the same key: set it on all of them.
    pub secret_key: Option<Secret>,
    /// Keys per user and their longest lifetime (`VESTIBULE_MAX_KEYS_PER_USER`, 50;
    /// `VESTIBULE_MAX_KEY_LIFETIME_DAYS`, 365).
    pub key_policy: KeyPolicy,
    /// Revoke keys unused for this many days (`VESTIBULE_REVOKE_IDLE_KEYS_DAYS`, 8-3650; unset:
    /// never). The owner is mailed 7 days before; a use in between starts the count again.
    pub revoke_idle_keys_days: Option<u32>,
    /// Vestibule's scopes plus the platform's (`VESTIBULE_EXTRA_SCOPES`, `Name=Description;…`).
    pub scopes: ScopeCatalog,
    /// For end-to-end tests only (`VESTIBULE_TEST_CLOCK`, false): `?at=<ms>` fixes "now" on the
    /// preferences page, so that browser and server format one known instant.
    pub test_clock: bool,
    /// `VESTIBULE_RUNTIME`: `multi-thread` (the default) runs async work on every core;
    /// `current-thread` on one thread (for comparison with `cargo xtask stress`).
    pub multi_thread: bool,
    /// Who may create accounts, and how often per client address.
    pub sign_up: SignUpPolicy,
    /// Webhook endpoints per user (`VESTIBULE_MAX_WEBHOOKS_PER_USER`, 10) and the development hosts
    /// that may be reached over plain http and at private addresses (`VESTIBULE_WEBHOOK_ALLOW_HOSTS`,
    /// comma-separated, e.g. `localhost,127.0.0.1`; none by default).
    pub webhooks: WebhookPolicy,
    /// Vestibule's webhook event types plus the platform's (`VESTIBULE_WEBHOOK_EVENTS`,
    /// `name.verb=Description;…`), which the platform posts to `POST /api/v1/events/webhooks`.
    pub webhook_events: EventCatalog,
    /// The host product's own preferences (`VESTIBULE_APP_PREFERENCES` names the file; unset:
    /// `<data dir>/preferences.toml` if there is one; none otherwise). See `app_preferences`.
    pub app_preferences: std::sync::Arc<AppPreferences>,
    /// The DNS server that resolves webhook hosts (`VESTIBULE_WEBHOOK_DNS`, `IP` or `IP:port`),
    /// when not the system's resolver: asked afresh at save time and at every send.
    pub webhook_dns: Option<SocketAddr>,
    /// The single sign-on provider (`VESTIBULE_OIDC_ISSUER`, `_CLIENT_ID`, `_CLIENT_SECRET`,
    /// `_NAME`: all four, or none).
    pub oidc: Option<OidcSettings>,
    /// Build mails for accounts that never chose (`VESTIBULE_BUILD_MAIL_DEFAULT`: `off`, the
    /// default, or `success`, `failure`, `success,failure`).
    pub build_mail_default: BuildMailDefault,
}

/// `VESTIBULE_SIGN_UP` (`open` or `closed`, default open; closed: accounts come from the operator's
/// CLI) and `VESTIBULE_SIGN_UPS_PER_HOUR` (per client address, default 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignUpPolicy {
    pub open: bool,
    pub per_address_per_hour: u32,
}

/// A configured secret: usable, but `Debug` never prints it.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A URL that may hold a password (`postgres://user:pass@host/db`, `smtps://user:pass@mail…`):
/// usable, but `Debug` prints `postgres://user:[redacted]@host/db`.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretUrl(String);

impl SecretUrl {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", redacted(&self.0))
    }
}

/// The URL with the password of its user-info and the values of `pass…` query parameters
/// (`?password=…`, `?sslpassword=…`) replaced by `[redacted]`.
fn redacted(url: &str) -> String {
    // The user information ends at the LAST `@`: a password may hold `/`, `?`, `#` or `@` unencoded,
    // and showing too little of a URL in a log is better than showing a password.
    let Some((scheme, rest)) = url.split_once("://") else { return redacted_query(url) };
    let (userinfo, tail) = rest.rsplit_once('@').map_or(("", rest), |(u, t)| (u, t));
    let userinfo = match userinfo.split_once(':') {
        Some((user, _password)) => format!("{user}:{HIDDEN}@"),
        None if userinfo.is_empty() => String::new(),
        None => format!("{userinfo}@"),
    };
    format!("{scheme}://{userinfo}{}", redacted_query(tail))
}

const HIDDEN: &str = "[redacted]";

/// Hides the values of query parameters named like a password (`password=`, `sslpassword=`…).
fn redacted_query(text: &str) -> String {
    let Some((before, query)) = text.split_once('?') else { return text.to_string() };
    let params: Vec<String> = query
        .split('&')
        .map(|param| match param.split_once('=') {
            Some((name, _)) if name.to_ascii_lowercase().contains("pass") => format!("{name}={HIDDEN}"),
            _ => param.to_string(),
        })
        .collect();
    format!("{before}?{}", params.join("&"))
}

/// The longest a key or session look-up is kept in memory, and the default (issue #9: at most 1 s).
pub const CACHE_MS_MAX: u64 = 1000;

const KNOWN: &[&str] = &[
    "VESTIBULE_DATA_DIR",
    "VESTIBULE_SESSION_IDLE_MINUTES",
    "VESTIBULE_SESSION_ABSOLUTE_HOURS",
    "VESTIBULE_REAUTH_MINUTES",
    "VESTIBULE_PUBLIC_URL",
    "VESTIBULE_HASH_CONCURRENCY",
    "VESTIBULE_TRUST_PROXY",
    "VESTIBULE_DB_MAX_CONNECTIONS",
    "VESTIBULE_CACHE_MS",
    "VESTIBULE_LOG",
    "VESTIBULE_SMTP_URL",
    "VESTIBULE_MAIL_FROM",
    "VESTIBULE_OUTBOX_WORKER",
    "VESTIBULE_LINK_MAIL_INTERVAL_SECONDS",
    "VESTIBULE_KEY_PEPPER",
    "VESTIBULE_SECRET_KEY",
    "VESTIBULE_MAX_KEYS_PER_USER",
    "VESTIBULE_MAX_KEY_LIFETIME_DAYS",
    "VESTIBULE_REVOKE_IDLE_KEYS_DAYS",
    "VESTIBULE_EXTRA_SCOPES",
    "VESTIBULE_SIGN_UP",
    "VESTIBULE_SIGN_UPS_PER_HOUR",
    "VESTIBULE_TEST_CLOCK",
    "VESTIBULE_RUNTIME",
    "VESTIBULE_BUILD_MAIL_DEFAULT",
    "VESTIBULE_MAX_WEBHOOKS_PER_USER",
    "VESTIBULE_WEBHOOK_ALLOW_HOSTS",
    "VESTIBULE_WEBHOOK_EVENTS",
    "VESTIBULE_APP_PREFERENCES",
    "VESTIBULE_WEBHOOK_DNS",
    "VESTIBULE_OIDC_ISSUER",
    "VESTIBULE_OIDC_CLIENT_ID",
    "VESTIBULE_OIDC_CLIENT_SECRET",
    "VESTIBULE_OIDC_NAME",
    // Read by the test command, not by the server.
    "VESTIBULE_TEST_POSTGRES_URL",
    "VESTIBULE_TEST_SKIPPED_FILE",
];

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, String> {
        Self::from_vars(std::env::vars())
    }

    /// Reads settings from name/value pairs; names not starting with `VESTIBULE_` (or `DATABASE_URL`) are ignored.
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Result<Self, String> {
        let mut vars: BTreeMap<String, String> =
            vars.into_iter().filter(|(k, _)| k.starts_with("VESTIBULE_") || k == "DATABASE_URL").collect();
        if let Some(unknown) = vars.keys().find(|k| k.starts_with("VESTIBULE_") && !KNOWN.contains(&k.as_str())) {
            return Err(format!("{unknown} is not a Vestibule setting (known: {})", KNOWN.join(", ")));
        }
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let mut settings = Self {
            data_dir: vars.remove("VESTIBULE_DATA_DIR").map(PathBuf::from).unwrap_or_else(|| "data".into()),
            database_url: vars.remove("DATABASE_URL").filter(|u| !u.is_empty()).map(SecretUrl),
            session_idle: Duration::from_secs(60 * number(&vars, "VESTIBULE_SESSION_IDLE_MINUTES", 30, 1..=525_600)?),
            session_absolute: Duration::from_secs(
                3600 * number(&vars, "VESTIBULE_SESSION_ABSOLUTE_HOURS", 12, 1..=8_760)?,
            ),
            reauth_window: Duration::from_secs(60 * number(&vars, "VESTIBULE_REAUTH_MINUTES", 15, 1..=1_440)?),
            public_url: vars.remove("VESTIBULE_PUBLIC_URL").filter(|u| !u.is_empty()),
            // One core is left to everything else: a burst of log-ins then barely slows the API
            // (BENCHMARKS.md, log-in burst), and takes about as long as with every core hashing.
            hash_concurrency: number(
                &vars,
                "VESTIBULE_HASH_CONCURRENCY",
                cores.saturating_sub(1).max(1) as u64,
                1..=256,
            )? as usize,
            trust_proxy: boolean(&vars, "VESTIBULE_TRUST_PROXY", false)?,
            db_max_connections: number(&vars, "VESTIBULE_DB_MAX_CONNECTIONS", 16, 1..=1000)? as u32,
            cache_ttl: Duration::from_millis(number(&vars, "VESTIBULE_CACHE_MS", CACHE_MS_MAX, 0..=CACHE_MS_MAX)?),
            log: vars.remove("VESTIBULE_LOG").unwrap_or_else(|| "info".into()),
            smtp_url: vars.remove("VESTIBULE_SMTP_URL").filter(|u| !u.is_empty()).map(SecretUrl),
            outbox_worker: boolean(&vars, "VESTIBULE_OUTBOX_WORKER", true)?,
            link_mail_interval: Duration::from_secs(number(
                &vars,
                "VESTIBULE_LINK_MAIL_INTERVAL_SECONDS",
                60,
                0..=86_400,
            )?),
            mail_from: vars.remove("VESTIBULE_MAIL_FROM").unwrap_or_else(|| "Vestibule <vestibule@localhost>".into()),
            key_pepper: vars.remove("VESTIBULE_KEY_PEPPER").filter(|p| !p.is_empty()).map(Secret),
            secret_key: vars.remove("VESTIBULE_SECRET_KEY").filter(|p| !p.is_empty()).map(Secret),
            key_policy: KeyPolicy {
                max_keys: number(&vars, "VESTIBULE_MAX_KEYS_PER_USER", 50, 1..=10_000)? as u32,
                max_lifetime_days: number(
                    &vars,
                    "VESTIBULE_MAX_KEY_LIFETIME_DAYS",
                    MAX_LIFETIME_DAYS.into(),
                    1..=MAX_LIFETIME_DAYS.into(),
                )? as u32,
            },
            revoke_idle_keys_days: match vars.contains_key("VESTIBULE_REVOKE_IDLE_KEYS_DAYS") {
                true => Some(number(&vars, "VESTIBULE_REVOKE_IDLE_KEYS_DAYS", 0, 8..=3650)? as u32),
                false => None,
            },
            scopes: ScopeCatalog::with_extra(vars.get("VESTIBULE_EXTRA_SCOPES").map(String::as_str).unwrap_or(""))
                .map_err(|e| format!("VESTIBULE_EXTRA_SCOPES: {e}"))?,
            sign_up: SignUpPolicy {
                open: match vars.get("VESTIBULE_SIGN_UP").map(|v| v.trim().to_ascii_lowercase()).as_deref() {
                    None | Some("open") => true,
                    Some("closed") => false,
                    Some(other) => return Err(format!("VESTIBULE_SIGN_UP must be open or closed (got {other:?})")),
                },
                per_address_per_hour: number(&vars, "VESTIBULE_SIGN_UPS_PER_HOUR", 10, 1..=100_000)? as u32,
            },
            test_clock: boolean(&vars, "VESTIBULE_TEST_CLOCK", false)?,
            webhooks: WebhookPolicy {
                max_webhooks: number(&vars, "VESTIBULE_MAX_WEBHOOKS_PER_USER", MAX_WEBHOOKS.into(), 1..=1000)? as u32,
                dev_hosts: vars
                    .get("VESTIBULE_WEBHOOK_ALLOW_HOSTS")
                    .map(|hosts| {
                        hosts.split(',').map(|h| h.trim().to_ascii_lowercase()).filter(|h| !h.is_empty()).collect()
                    })
                    .unwrap_or_default(),
            },
            webhook_events: EventCatalog::with_extra(
                vars.get("VESTIBULE_WEBHOOK_EVENTS").map(String::as_str).unwrap_or(""),
            )
            .map_err(|e| format!("VESTIBULE_WEBHOOK_EVENTS: {e}"))?,
            webhook_dns: vars
                .get("VESTIBULE_WEBHOOK_DNS")
                .map(|server| {
                    let server = server.trim();
                    server
                        .parse::<SocketAddr>()
                        .or_else(|_| server.parse::<std::net::IpAddr>().map(|ip| SocketAddr::new(ip, 53)))
                        .map_err(|_| {
                            format!("VESTIBULE_WEBHOOK_DNS must be an IP address, or IP:port (got {server:?})")
                        })
                })
                .transpose()?,
            oidc: oidc(&vars)?,
            app_preferences: Default::default(),
            build_mail_default: BuildMailDefault::parse(
                vars.get("VESTIBULE_BUILD_MAIL_DEFAULT").map(String::as_str).unwrap_or("off"),
            )
            .map_err(|e| format!("VESTIBULE_BUILD_MAIL_DEFAULT: {e}"))?,
            multi_thread: match vars.get("VESTIBULE_RUNTIME").map(|v| v.trim().to_ascii_lowercase()).as_deref() {
                Some("current-thread") => false,
                None | Some("multi-thread") => true,
                Some(other) => {
                    return Err(format!("VESTIBULE_RUNTIME must be current-thread or multi-thread (got {other:?})"));
                }
            },
        };
        settings.app_preferences = std::sync::Arc::new(app_preferences(&vars, &settings.data_dir)?);
        if settings.key_pepper.as_ref().is_some_and(|p| p.0.chars().count() < 32) {
            return Err("VESTIBULE_KEY_PEPPER must be at least 32 characters".into());
        }
        if settings.secret_key.as_ref().is_some_and(|p| p.0.chars().count() < 32) {
            return Err("VESTIBULE_SECRET_KEY must be at least 32 characters".into());
        }
        if let Some(url) = &settings.public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(format!("VESTIBULE_PUBLIC_URL must start with http:// or https:// (got {url:?})"));
        }
        if let Some(url) = &settings.database_url
            && !["postgres://", "postgresql://", "sqlite:"].iter().any(|p| url.0.starts_with(p))
        {
            return Err("DATABASE_URL must start with postgres://, postgresql:// or sqlite:".into());
        }
        if settings.mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(format!("VESTIBULE_MAIL_FROM is not a mail address (got {:?})", settings.mail_from));
        }
        Ok(settings)
    }

    /// Whether users reach us over https (secure cookies, `__Host-` prefix, HSTS).
    pub fn https(&self) -> bool {
        self.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }
}

/// The operator's single sign-on provider (`crate::sso`).
#[derive(Clone)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// What the log-in page's button says: "Sign in with <name>".
    pub name: String,
}

impl std::fmt::Debug for OidcSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcSettings").field("issuer", &self.issuer).field("client_id", &self.client_id).finish()
    }
}

/// The single sign-on provider: all four settings, or none of them.
fn oidc(vars: &BTreeMap<String, String>) -> Result<Option<OidcSettings>, String> {
    const NAMES: [&str; 4] =
        ["VESTIBULE_OIDC_ISSUER", "VESTIBULE_OIDC_CLIENT_ID", "VESTIBULE_OIDC_CLIENT_SECRET", "VESTIBULE_OIDC_NAME"];
    let values: Vec<Option<String>> =
        NAMES.iter().map(|n| vars.get(*n).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())).collect();
    match values.as_slice() {
        [None, None, None, None] => Ok(None),
        [Some(issuer), Some(client_id), Some(secret), Some(name)] => Ok(Some(OidcSettings {
            issuer: issuer.clone(),
            client_id: client_id.clone(),
            client_secret: Secret(secret.clone()),
            name: name.clone(),
        })),
        _ => Err(format!("single sign-on needs all of {} (or none)", NAMES.join(", "))),
    }
}

/// The operator's declaration of the host product's preferences: the file `VESTIBULE_APP_PREFERENCES`
/// names (it must exist), else `<data dir>/preferences.toml` when there is one. A malformed file
/// stops the start with its path, the line and the reason.
fn app_preferences(vars: &BTreeMap<String, String>, data_dir: &std::path::Path) -> Result<AppPreferences, String> {
    let path = match vars.get("VESTIBULE_APP_PREFERENCES").filter(|p| !p.trim().is_empty()) {
        Some(path) => PathBuf::from(path.trim()),
        None => {
            let path = data_dir.join("preferences.toml");
            if !path.exists() {
                return Ok(AppPreferences::default());
            }
            path
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_app_preferences(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// `preferences.toml`'s text, read and checked (`domain::app_preferences`): the reason of a refusal
/// says on which line (each `[[preference]]` is checked with its own position in the file).
pub fn parse_app_preferences(text: &str) -> Result<AppPreferences, String> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        product: String,
        #[serde(default)]
        preference: Vec<toml::Spanned<toml::Value>>,
    }
    let file: File = toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())?;
    let line = |offset: usize| text.get(..offset).map_or(0, |before| before.matches('\n').count() + 1);
    if file.product.trim().is_empty() {
        return Err("line 1: product: give the product's name (the page shows \"In <product>\")".into());
    }
    let mut preferences: Vec<vestibule_domain::app_preferences::AppPreference> = Vec::new();
    for item in file.preference {
        let at = line(item.span().start);
        let preference: vestibule_domain::app_preferences::AppPreference =
            item.into_inner().try_into().map_err(|e: toml::de::Error| format!("line {at}: {}", e.message()))?;
        if preferences.iter().any(|p| p.key == preference.key) {
            return Err(format!("line {at}: the key {:?} is declared twice", preference.key));
        }
        preferences.push(preference);
    }
    Ok(AppPreferences { product: file.product.trim().to_string(), preferences })
}

fn number(
    vars: &BTreeMap<String, String>,
    name: &str,
    default: u64,
    range: std::ops::RangeInclusive<u64>,
) -> Result<u64, String> {
    let Some(raw) = vars.get(name) else {
        return Ok(default);
    };
    match raw.trim().parse::<u64>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(format!("{name} must be a whole number from {} to {} (got {raw:?})", range.start(), range.end())),
    }
}

fn boolean(vars: &BTreeMap<String, String>, name: &str, default: bool) -> Result<bool, String> {
    match vars.get(name).map(|v| v.trim().to_ascii_lowercase()) {
        None => Ok(default),
        Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => Ok(true),
        Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => Ok(false),
        Some(v) => Err(format!("{name} must be true or false (got {v:?})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_malformed_preferences_file_names_its_line() {
        let good = "product = \"Clockify\"\n\n[[preference]]\nkey = \"group_entries\"\ntype = \"boolean\"\ndefault = true\nlabel.en = \"Group similar entries\"\n";
        let app = parse_app_preferences(good).unwrap();
        assert_eq!((app.product.as_str(), app.preferences.len()), ("Clockify", 1));
        let out_of_range = "product = \"P\"\n\n[[preference]]\nkey = \"page_size\"\ntype = \"integer\"\nmin = 10\nmax = 20\ndefault = 50\nlabel.en = \"Size\"\n";
        let e = parse_app_preferences(out_of_range).unwrap_err();
        assert!(e.contains("line 3") && e.contains("page_size: the default 50"), "{e}");
        let syntax = "product = \"P\"\n[[preference]]\nkey = page_size\n";
        assert!(parse_app_preferences(syntax).unwrap_err().contains("line 3"));
        let third = format!(
            "{good}\n[[preference]]\nkey = \"a\"\ntype = \"boolean\"\ndefault = true\nlabel.en = \"A\"\n\n[[preference]]\nkey = \"b\"\ntype = \"integer\"\ndefault = 1\nlabel.en = \"B\"\n"
        );
        let e = parse_app_preferences(&third).unwrap_err();
        assert!(e.starts_with("line 15: b: an integer needs min and max"), "the third one's own line: {e}");
        let twice = format!(
            "{good}\n[[preference]]\nkey = \"group_entries\"\ntype = \"boolean\"\ndefault = false\nlabel.en = \"Again\"\n"
        );
        assert!(
            parse_app_preferences(&twice)
                .unwrap_err()
                .starts_with("line 9: the key \"group_entries\" is declared twice")
        );
        let dir = std::env::temp_dir().join(format!("vestibule_prefs_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("preferences.toml"), out_of_range).unwrap();
        let e = Settings::from_vars(vars(&[("VESTIBULE_DATA_DIR", dir.to_str().unwrap())])).unwrap_err();
        assert!(e.contains("preferences.toml") && e.contains("line 3"), "{e}");
        let e = Settings::from_vars(vars(&[("VESTIBULE_APP_PREFERENCES", "/nonexistent/prefs.toml")])).unwrap_err();
        assert!(e.contains("/nonexistent/prefs.toml"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn defaults() {
        let s = Settings::from_vars(vars(&[("PATH", "/bin")])).unwrap();
        assert_eq!(s.data_dir, PathBuf::from("data"));
        assert_eq!(s.session_idle, Duration::from_secs(1800));
        assert_eq!(s.session_absolute, Duration::from_secs(12 * 3600));
        assert!(!s.https());
        assert!(!s.test_clock, "the test hook is off unless asked for");
    }

    #[test]
    fn unknown_and_malformed_variables_are_named() {
        let e = Settings::from_vars(vars(&[("VESTIBULE_DATADIR", "x")])).unwrap_err();
        assert!(e.starts_with("VESTIBULE_DATADIR is not a Vestibule setting"), "{e}");
        let e = Settings::from_vars(vars(&[("VESTIBULE_SESSION_IDLE_MINUTES", "soon")])).unwrap_err();
        assert!(e.contains("VESTIBULE_SESSION_IDLE_MINUTES"), "{e}");
        let e = Settings::from_vars(vars(&[("VESTIBULE_RUNTIME", "many")])).unwrap_err();
        assert!(e.contains("VESTIBULE_RUNTIME"), "{e}");
        assert!(Settings::from_vars(vars(&[])).unwrap().multi_thread, "every core by default");
        assert!(!Settings::from_vars(vars(&[("VESTIBULE_RUNTIME", "current-thread")])).unwrap().multi_thread);
        let e = Settings::from_vars(vars(&[("VESTIBULE_TRUST_PROXY", "maybe")])).unwrap_err();
        assert!(e.contains("VESTIBULE_TRUST_PROXY"), "{e}");
        let e = Settings::from_vars(vars(&[("VESTIBULE_BUILD_MAIL_DEFAULT", "always")])).unwrap_err();
        assert!(e.contains("VESTIBULE_BUILD_MAIL_DEFAULT"), "{e}");
        let e = Settings::from_vars(vars(&[("DATABASE_URL", "mysql://x")])).unwrap_err();
        assert!(e.contains("DATABASE_URL"), "{e}");
    }

    #[test]
    fn cache_setting() {
        assert_eq!(Settings::from_vars(vars(&[])).unwrap().cache_ttl, Duration::from_secs(1));
        let off = Settings::from_vars(vars(&[("VESTIBULE_CACHE_MS", "0")])).unwrap();
        assert_eq!(off.cache_ttl, Duration::ZERO);
        let e = Settings::from_vars(vars(&[("VESTIBULE_CACHE_MS", "1001")])).unwrap_err();
        assert!(e.contains("VESTIBULE_CACHE_MS must be a whole number from 0 to 1000"), "{e}");
    }

    #[test]
    fn key_settings() {
        let s = Settings::from_vars(vars(&[
            ("VESTIBULE_MAX_KEYS_PER_USER", "1"),
            ("VESTIBULE_EXTRA_SCOPES", "PublishApp=Publish an app; Tasks=Run tasks"),
        ]))
        .unwrap();
        assert_eq!(s.key_policy.max_keys, 1);
        assert_eq!(s.key_policy.max_lifetime_days, 365);
        assert_eq!(s.scopes.get("Tasks").unwrap().description.as_deref(), Some("Run tasks"));
        assert_eq!(Settings::from_vars(vars(&[])).unwrap().revoke_idle_keys_days, None);
        let s = Settings::from_vars(vars(&[("VESTIBULE_REVOKE_IDLE_KEYS_DAYS", "90")])).unwrap();
        assert_eq!(s.revoke_idle_keys_days, Some(90));
        // The owner is warned 7 days before: a shorter period could not keep that promise.
        let e = Settings::from_vars(vars(&[("VESTIBULE_REVOKE_IDLE_KEYS_DAYS", "7")])).unwrap_err();
        assert!(e.contains("VESTIBULE_REVOKE_IDLE_KEYS_DAYS"), "{e}");
        let e = Settings::from_vars(vars(&[("VESTIBULE_MAX_KEY_LIFETIME_DAYS", "366")])).unwrap_err();
        assert!(e.contains("VESTIBULE_MAX_KEY_LIFETIME_DAYS"), "{e}");
        let e = Settings::from_vars(vars(&[("VESTIBULE_EXTRA_SCOPES", "no description")])).unwrap_err();
        assert!(e.contains("VESTIBULE_EXTRA_SCOPES"), "{e}");
        let e = Settings::from_vars(vars(&[("VESTIBULE_KEY_PEPPER", "short")])).unwrap_err();
        assert!(e.contains("VESTIBULE_KEY_PEPPER"), "{e}");
    }

    #[test]
    fn sign_up_settings() {
        let s = Settings::from_vars(vars(&[])).unwrap();
        assert_eq!(s.sign_up, SignUpPolicy { open: true, per_address_per_hour: 10 });
        let s = Settings::from_vars(vars(&[("VESTIBULE_SIGN_UP", "Closed"), ("VESTIBULE_SIGN_UPS_PER_HOUR", "3")]))
            .unwrap();
        assert_eq!(s.sign_up, SignUpPolicy { open: false, per_address_per_hour: 3 });
        for bad in [("VESTIBULE_SIGN_UP", "invite"), ("VESTIBULE_SIGN_UPS_PER_HOUR", "0")] {
            let e = Settings::from_vars(vars(&[bad])).unwrap_err();
            assert!(e.contains(bad.0), "{e}");
        }
    }

    #[test]
    fn debug_hides_passwords_in_urls() {
        let s = Settings::from_vars(vars(&[
            ("DATABASE_URL", "postgres://vestibule:db-s3cret@db.internal:5432/vestibule?sslmode=require"),
            ("VESTIBULE_SMTP_URL", "smtps://mailer:smtp-s3cret@mail.example.com:465"),
            ("VESTIBULE_KEY_PEPPER", "pepper-s3cret-pepper-s3cret-pepper-s3cret"),
        ]))
        .unwrap();
        let debug = format!("{s:?}");
        for secret in ["db-s3cret", "smtp-s3cret", "pepper-s3cret"] {
            assert!(!debug.contains(secret), "{secret} in {debug}");
        }
        assert!(
            debug.contains("postgres://vestibule:[redacted]@db.internal:5432/vestibule?sslmode=require"),
            "{debug}"
        );
        assert!(debug.contains("smtps://mailer:[redacted]@mail.example.com:465"), "{debug}");
        assert_eq!(
            s.database_url.as_ref().map(SecretUrl::expose),
            Some("postgres://vestibule:db-s3cret@db.internal:5432/vestibule?sslmode=require"),
            "the URL itself is intact"
        );
        for (url, shown) in [
            ("postgres://u:p@w:rd@h/db", "postgres://u:[redacted]@h/db"),
            ("postgres://u:pa/ss?w#rd@h/db?sslmode=require", "postgres://u:[redacted]@h/db?sslmode=require"),
            ("postgres://h/db?user=u&password=pw", "postgres://h/db?user=u&password=[redacted]"),
            ("smtp://localhost:25", "smtp://localhost:25"),
            ("smtp://user@localhost", "smtp://user@localhost"),
            ("sqlite:data/v.db?mode=rwc", "sqlite:data/v.db?mode=rwc"),
        ] {
            assert_eq!(redacted(url), shown);
        }
    }

    #[test]
    fn https_public_url() {
        let s = Settings::from_vars(vars(&[("VESTIBULE_PUBLIC_URL", "https://id.example.com")])).unwrap();
        assert!(s.https());
    }
}
