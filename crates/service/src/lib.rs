//! Vestibule's server-side use cases and storage: configuration, the database (SQLite or PostgreSQL),
//! accounts, passwords, sessions, login throttling, API keys, the audit log, notifications, the
//! platform's events, webhooks, and the outbox that sends mail and webhook deliveries. No HTTP and no Leptos: pages and the REST API call in here.

pub mod accounts;
pub mod api_keys;
pub mod app_preferences;
pub mod audit;
pub mod avatars;
pub mod blocking;
pub mod cache;
pub mod caller;
pub mod config;
pub mod db;
pub mod device;
pub mod email_change;
pub mod email_verification;
pub mod error;
pub mod events;
pub mod git_tokens;
pub mod mail;
pub mod maintenance;
pub mod notifications;
pub mod outbox;
pub mod owner;
pub mod passkeys;
pub mod preferences;
pub mod profile;
pub mod reauth;
pub mod scheduled;
pub mod sealed;
pub mod security;
pub mod sessions;
pub mod sign_up;
pub mod sso;
pub mod support;
pub mod throttle;
mod time;
pub mod two_factor;
pub mod webhooks;
pub mod worker;
pub use time::now_ms;
mod token;

pub use accounts::{Account, passwords::Hasher};
pub use config::Settings;
pub use db::Db;
pub use error::{Error, Result, UserError};

/// Everything a request needs, cheap to clone: shared by server functions, REST handlers and the CLI.
#[derive(Clone)]
pub struct Vestibule {
    pub db: Db,
    pub hasher: Hasher,
    /// Avatar decodes (up to 64 MiB each), one per core at most (see `avatars::decode`).
    pub decoder: blocking::Limited,
    /// Shared: the handle is cloned for every request (middleware state), the mailer is not.
    pub mailer: std::sync::Arc<mail::Mailer>,
    /// The server key, for what the database holds sealed (see `sealed`).
    pub sealer: sealed::Sealer,
    /// Wakes this instance's outbox worker (see `outbox_queued`).
    pub outbox_wake: std::sync::Arc<tokio::sync::Notify>,
    pub settings: std::sync::Arc<Settings>,
    /// API-key uses not yet written to the database (see `api_keys::flush_usage`).
    pub usage: std::sync::Arc<api_keys::Usage>,
    /// Leak reports per client network in this process (`api_keys::report_leaked`).
    pub leak_reports: std::sync::Arc<throttle::Window>,
    /// Key look-ups, kept until a change is announced or for at most a second (see `cache`).
    pub key_cache: std::sync::Arc<api_keys::KeyCache>,
    /// Session look-ups with their account and preferences, kept the same way.
    pub session_cache: std::sync::Arc<sessions::SessionCache>,
    /// Sends webhook deliveries (its connections are reused), behind the SSRF guard.
    pub webhooks: std::sync::Arc<webhooks::Sender>,
    /// The address this instance listens on, once the server has bound it (see `base_url`).
    pub listen_addr: Option<std::net::SocketAddr>,
}

impl Vestibule {
    /// Connects to the configured database and applies pending migrations.
    pub async fn start(settings: Settings) -> Result<Self> {
        let mailer = mail::Mailer::from_settings(&settings).map_err(Error::internal)?;
        let sealer = sealed::Sealer::from_settings(&settings)?;
        let db = Db::connect(&settings).await?;
        db.migrate().await?;
        // What SQL cannot compute: the email comparison keys of rows from before migration 0006.
        accounts::fill_email_keys(&db).await?;
        let cache_ttl = settings.cache_ttl;
        let webhooks = webhooks::Sender::new(&settings.webhooks, settings.webhook_dns).map_err(Error::internal)?;
        Ok(Self {
            db,
            hasher: Hasher::new(settings.hash_concurrency),
            decoder: blocking::Limited::per_core(),
            mailer: std::sync::Arc::new(mailer),
            sealer,
            outbox_wake: Default::default(),
            settings: std::sync::Arc::new(settings),
            usage: Default::default(),
            leak_reports: Default::default(),
            key_cache: std::sync::Arc::new(cache::UserCache::with_ttl(cache_ttl)),
            session_cache: std::sync::Arc::new(cache::UserCache::with_ttl(cache_ttl)),
            webhooks: std::sync::Arc::new(webhooks),
            listen_addr: None,
        })
    }

    /// Tells this instance's outbox worker that a job was committed (call it after the commit).
    pub fn outbox_queued(&self) {
        self.outbox_wake.notify_one();
    }

    /// The start of every link in a mail: `VESTIBULE_PUBLIC_URL`, or else the address this server
    /// listens on. Never a request's `Host` header: anyone can send any `Host`, and a genuine mail
    /// must not carry a link to their site.
    pub fn base_url(&self) -> String {
        match (&self.settings.public_url, self.listen_addr) {
            (Some(url), _) => url.trim_end_matches('/').to_string(),
            (None, Some(addr)) => format!("http://{addr}"),
            // Only commands that never serve get here; Leptos' default address.
            (None, None) => "http://127.0.0.1:3000".to_string(),
        }
    }
}
