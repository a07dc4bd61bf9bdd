//! The operator's commands on the same binary: `serve` (the default), `migrate`, `user create|unlock|reset-two-factor`,
//! `key create|list|revoke`, `mail test|status`, `webhook add|test`.

use crate::AppState;
use clap::{Parser, Subcommand};
use std::io::Read;
use vestibule_domain::Username;
use vestibule_domain::api_keys::NewKey;
use vestibule_domain::datetime::rfc3339;
use vestibule_service::api_keys::{self, Caller};
use vestibule_service::audit::Origin;
use vestibule_service::{Settings, Vestibule, accounts, outbox, throttle, worker};

#[derive(Parser)]
#[command(name = "vestibule", about = "Vestibule: account settings, API keys and webhooks for your platform")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the web app and API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API keys (for example the host platform's `keys:verify` key).
    #[command(subcommand)]
    Key(KeyCommand),
    /// Outgoing mail.
    #[command(subcommand)]
    Mail(MailCommand),
    /// A user's webhooks.
    #[command(subcommand)]
    Webhook(WebhookCommand),
}

#[derive(Subcommand)]
pub enum WebhookCommand {
    /// Add an endpoint for a user (checked as the settings page checks it) and print its secret.
    Add {
        #[arg(long)]
        user: String,
        #[arg(long)]
        url: String,
        /// An event type, e.g. build.failed; repeat for more.
        #[arg(long = "event", required = true)]
        events: Vec<String>,
        #[arg(long, default_value = "")]
        description: String,
        /// Also sign with Ed25519 (`v1a`); the public key is printed too.
        #[arg(long)]
        ed25519: bool,
    },
    /// Queue test deliveries to every endpoint of a user that is on; the running server sends them.
    Test {
        #[arg(long)]
        user: String,
        #[arg(long, default_value = "build.failed")]
        event: String,
        /// How many per endpoint (for a benchmark).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        count: u32,
    },
}

#[derive(Subcommand)]
pub enum MailCommand {
    /// Send a test mail now, to check the mail settings (`VESTIBULE_SMTP_URL`, `VESTIBULE_MAIL_FROM`).
    Test {
        #[arg(long)]
        to: String,
        /// How many (for a benchmark).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        count: u32,
        /// Only queue them: the running server sends them.
        #[arg(long)]
        queue_only: bool,
    },
    /// How many mails wait, are being retried or failed, and the last error.
    Status,
}

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Create a key for a user and print it (the only time it is shown).
    Create {
        #[arg(long)]
        user: String,
        #[arg(long)]
        name: String,
        /// A scope, e.g. profile:read; repeat for more.
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
        /// Lifetime, e.g. 30d (or just 30).
        #[arg(long, conflicts_with = "expires_on")]
        expires_in: Option<String>,
        /// The last day the key works, YYYY-MM-DD in the user's time zone.
        #[arg(long)]
        expires_on: Option<String>,
        /// An address or CIDR range the key may be used from, e.g. 203.0.113.0/24; repeat for
        /// more. None: any address.
        #[arg(long = "allow-ip")]
        allowed_ips: Vec<String>,
    },
    /// List a user's keys (never their secrets).
    List {
        #[arg(long)]
        user: String,
    },
    /// Revoke a key at once, by its id (`vst_<id>` or `<id>`).
    Revoke { id: String },
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is read from standard input.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        admin: bool,
        /// Support staff: may act on accounts whose owners grant support access.
        #[arg(long)]
        support: bool,
    },
    /// Make an account support staff (it may then act on accounts whose owners grant access).
    GrantSupport {
        #[arg(long)]
        username: String,
    },
    /// An account is support staff no more.
    RevokeSupport {
        #[arg(long)]
        username: String,
    },
    /// Let an account that was locked by failed log-ins log in again.
    Unlock {
        #[arg(long)]
        username: String,
    },
    /// Turn two-factor sign-in off for someone who lost the phone and the recovery codes (check who
    /// asks first): the account's sessions end, and its address is told.
    ResetTwoFactor {
        #[arg(long)]
        username: String,
    },
}

/// Runs a command; the error is the line to print before exiting non-zero.
pub async fn run(cli: Cli, settings: Settings) -> Result<(), String> {
    let command = cli.command.unwrap_or(Command::Serve);
    let v = Vestibule::start(settings).await.map_err(|e| format!("cannot start: {e} (see the log above)"))?;
    match command {
        Command::Serve => serve(v).await,
        Command::Migrate => {
            println!("migrations applied");
            Ok(())
        }
        Command::User(UserCommand::Create { username, email, admin, support }) => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).map_err(|e| format!("reading the password: {e}"))?;
            let password = password.trim_end_matches(['\r', '\n']);
            let account = accounts::create(&v, &username, &email, password, admin).await.map_err(|e| e.to_string())?;
            if support {
                vestibule_service::support::set_staff(&v, &account, true).await.map_err(|e| e.to_string())?;
            }
            println!("created user {} (id {})", account.username, account.id);
            Ok(())
        }
        Command::User(UserCommand::GrantSupport { username }) => {
            let account = find_user(&v, &username).await?;
            vestibule_service::support::set_staff(&v, &account, true).await.map_err(|e| e.to_string())?;
            println!("{} is support staff", account.username);
            Ok(())
        }
        Command::User(UserCommand::RevokeSupport { username }) => {
            let account = find_user(&v, &username).await?;
            vestibule_service::support::set_staff(&v, &account, false).await.map_err(|e| e.to_string())?;
            println!("{} is support staff no more", account.username);
            Ok(())
        }
        Command::Key(command) => key_command(&v, command).await,
        Command::Webhook(command) => webhook_command(&v, command).await,
        Command::Mail(MailCommand::Test { to, count, queue_only }) => test_mail(&v, &to, count, queue_only).await,
        Command::Mail(MailCommand::Status) => {
            let status = outbox::status(&v).await.map_err(|e| e.to_string())?;
            println!("queued: {}", status.queued);
            println!("retrying: {}", status.retrying);
            println!("failed: {}", status.failed);
            if let Some(at) = status.oldest_waiting_since {
                println!("oldest waiting since: {}", rfc3339(at));
            }
            if let Some(error) = status.last_error {
                println!("last error: {error}");
            }
            Ok(())
        }
        Command::User(UserCommand::Unlock { username }) => {
            let account = find_user(&v, &username).await?;
            throttle::unlock(&v.db, account.id).await.map_err(|e| e.to_string())?;
            println!("unlocked {}", account.username);
            Ok(())
        }
        Command::User(UserCommand::ResetTwoFactor { username }) => {
            let account = find_user(&v, &username).await?;
            let origin = Origin { ip: String::new(), user_agent: "vestibule command line".into() };
            match vestibule_service::two_factor::reset_by_operator(&v, &account, &origin).await {
                Ok(true) => println!("two-factor sign-in is off for {}", account.username),
                Ok(false) => println!("two-factor sign-in was already off for {}", account.username),
                Err(e) => return Err(e.to_string()),
            }
            Ok(())
        }
    }
}

/// The account named on the command line, normalised by the sign-up rule (`Username::parse`).
async fn find_user(v: &Vestibule, raw: &str) -> Result<vestibule_domain::Account, String> {
    let username = Username::parse(raw).map_err(|e| format!("{raw:?} is not a valid username: {e}"))?;
    accounts::find_by_username(v, username.as_str())
        .await
        .map_err(|e| e.to_string())?
        .ok_or(format!("no user named {username}"))
}

async fn key_command(v: &Vestibule, command: KeyCommand) -> Result<(), String> {
    let origin = Origin { ip: String::new(), user_agent: "vestibule command line".into() };
    match command {
        KeyCommand::Create { user, name, scopes, expires_in, expires_on, allowed_ips } => {
            let account = find_user(v, &user).await?;
            let expires_in_days = match expires_in {
                Some(raw) => Some(
                    raw.trim()
                        .trim_end_matches('d')
                        .parse::<u32>()
                        .map_err(|_| format!("--expires-in: write a number of days like 30d (got {raw:?})"))?,
                ),
                None if expires_on.is_none() => Some(30),
                None => None,
            };
            let request = NewKey { name, scopes, expires_in_days, expires_on, allowed_ips };
            let created =
                api_keys::create(v, &Caller::session(account, origin), &request).await.map_err(|e| e.to_string())?;
            eprintln!(
                "created {} (vst_{}); it expires {}",
                created.key.name,
                created.key.id,
                rfc3339(created.key.expires_at)
            );
            println!("{}", created.secret);
            Ok(())
        }
        KeyCommand::List { user } => {
            let account = find_user(v, &user).await?;
            let now = vestibule_service::now_ms();
            for key in api_keys::list(v, account.id).await.map_err(|e| e.to_string())? {
                println!(
                    "vst_{}\t{}\t{}\t{}\texpires {}\t{}",
                    key.id,
                    key.name,
                    key.display_hint(),
                    key.scopes.to_stored(),
                    rfc3339(key.expires_at),
                    key.status(now).label()
                );
            }
            Ok(())
        }
        KeyCommand::Revoke { id } => {
            let account = api_keys::owner_of(v, &id).await.map_err(|e| e.to_string())?.ok_or(format!("no key {id}"))?;
            api_keys::delete(v, &Caller::session(account, origin), &id).await.map_err(|e| e.to_string())?;
            println!("revoked {id}");
            Ok(())
        }
    }
}

async fn webhook_command(v: &Vestibule, command: WebhookCommand) -> Result<(), String> {
    let origin = Origin { ip: String::new(), user_agent: "vestibule command line".into() };
    match command {
        WebhookCommand::Add { user, url, events, description, ed25519 } => {
            let caller = Caller::session(find_user(v, &user).await?, origin);
            let request = vestibule_domain::webhooks::NewWebhook { url, description, events, asymmetric: ed25519 };
            let created = vestibule_service::webhooks::create(v, &caller, &request).await.map_err(|e| e.to_string())?;
            eprintln!("created {} for {}", created.webhook.id, created.webhook.url);
            if let Some(key) = &created.webhook.public_key {
                eprintln!("public key (v1a): {key}");
            }
            println!("{}", created.secret);
            Ok(())
        }
        WebhookCommand::Test { user, event, count } => {
            let account = find_user(v, &user).await?;
            let queued = vestibule_service::webhooks::delivery::queue_tests(v, &account, &event, count)
                .await
                .map_err(|e| e.to_string())?;
            println!("queued {queued} test deliveries of {event}");
            Ok(())
        }
    }
}

/// Queues the test mails and, unless `queue_only`, sends them from here (a running server may take
/// some of them too: the outbox shares them safely) until each is sent or has failed once.
async fn test_mail(v: &Vestibule, to: &str, count: u32, queue_only: bool) -> Result<(), String> {
    let ids = outbox::queue_test_mail(v, to, count).await.map_err(|e| e.to_string())?;
    if queue_only {
        println!("queued {} test mail(s) to {to}", ids.len());
        return Ok(());
    }
    loop {
        let pass = worker::deliver_due(v, vestibule_service::now_ms()).await.map_err(|e| e.to_string())?;
        let progress = outbox::progress(v, &ids).await.map_err(|e| e.to_string())?;
        if progress.failed > 0 || (progress.waiting > 0 && progress.last_error.is_some()) {
            let error = progress.last_error.unwrap_or_default();
            return Err(format!("the test mail did not go out: {error} (a waiting mail is retried by the server)"));
        }
        if progress.waiting == 0 {
            println!("sent {} test mail(s) to {to}", progress.done);
            return Ok(());
        }
        if pass.claimed == 0 {
            // Another worker holds them; look again shortly.
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

async fn serve(vestibule: Vestibule) -> Result<(), String> {
    // Leptos.toml holds the runtime settings of Leptos; LEPTOS_* variables override it.
    let file = std::path::Path::new("Leptos.toml").exists().then_some("Leptos.toml");
    let leptos_options =
        leptos::config::get_configuration(file).map_err(|e| format!("Leptos.toml: {e}"))?.leptos_options;
    let pkg = std::path::Path::new(&*leptos_options.site_root).join(&*leptos_options.site_pkg_dir);
    let prepare = move || {
        // A bundling failure leaves the pages fetching chunks one by one; compression still runs.
        let bundles = crate::assets::bundle_chunks(&pkg).map_err(|e| format!("could not bundle the chunks: {e}"));
        let compressed = crate::assets::precompress(&pkg).map_err(|e| format!("could not compress the bundle: {e}"));
        (bundles, compressed)
    };
    match tokio::task::spawn_blocking(prepare).await {
        Ok((bundles, compressed)) => {
            for step in [&bundles, &compressed] {
                if let Err(e) = step {
                    tracing::warn!("{e}");
                }
            }
            let (bundles, compressed) = (bundles.unwrap_or(0), compressed.unwrap_or(0));
            if bundles + compressed > 0 {
                tracing::info!("prepared the bundle: {bundles} chunk bundles, {compressed} compressed files written");
            }
        }
        Err(e) => tracing::warn!("could not prepare the bundle: {e}"),
    }
    let addr = leptos_options.site_addr;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("Vestibule listening on http://{addr}");
    crate::serve(listener, AppState { leptos_options, vestibule }, shutdown_signal()).await.map_err(|e| e.to_string())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
