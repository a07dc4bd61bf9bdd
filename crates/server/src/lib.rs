//! The `vestibule` binary's library: HTTP (router, middleware, static assets), start-up and the operator CLI.
//! Rules live in `domain`, use cases and storage in `service`, pages in `app`; this crate only wires them.

mod api;
pub mod assets;
mod audit_csv;
mod avatars;
pub mod cli;
mod middleware;
pub mod router;
mod sso;
mod state;
mod unsubscribe;

pub use router::router;
pub use state::AppState;

use axum::serve::ListenerExt;
use std::net::SocketAddr;
use tokio::net::TcpListener;
use vestibule_service::{Vestibule, api_keys, maintenance, worker};

/// Serves the app on an already bound listener until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    mut state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    state.vestibule.listen_addr = Some(listener.local_addr()?);
    let settings = &state.vestibule.settings;
    let unspecified = listener.local_addr()?.ip().is_unspecified();
    if settings.public_url.is_none() && (settings.smtp_url.is_some() || unspecified) {
        tracing::warn!(
            "VESTIBULE_PUBLIC_URL is not set: links in mails point at {}, the listen address, which users \
             may not reach (mail over SMTP, or listening on every interface); set VESTIBULE_PUBLIC_URL to \
             the address users reach",
            state.vestibule.base_url()
        );
    }
    // Without TCP_NODELAY, keep-alive responses stall ~40 ms on delayed ACKs.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!("set_nodelay: {e}");
        }
    });
    let v = state.vestibule.clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let housekeeper = tokio::spawn(housekeeping(v.clone(), stopped));
    // Other instances' changes to users' keys and sessions (PostgreSQL; returns at once on SQLite).
    // Aborted when serving ends, also when this future is dropped (as the tests do).
    let _listener = AbortOnDrop(tokio::spawn(vestibule_service::cache::listen(v.clone())));
    // Mail and, later, other work queued by use cases; also aborted when this future is dropped.
    let (stop_outbox, outbox_stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = v.settings.outbox_worker.then(|| v.clone());
    let mut outbox = AbortOnDrop(tokio::spawn(async move {
        if let Some(v) = worker {
            worker::work(v, async move {
                let _ = outbox_stopped.await;
            })
            .await;
        }
    }));
    let served = axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await;
    // Let a flush in progress finish, then write what is left.
    let _ = stop.send(());
    let _ = housekeeper.await;
    // A batch in progress finishes (its mails are not sent twice); what is queued waits for the next start.
    let _ = stop_outbox.send(());
    let _ = (&mut outbox.0).await;
    if let Err(e) = api_keys::flush_usage(&v).await {
        tracing::warn!("could not write API-key usage at shutdown: {e}");
    }
    served
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Once a minute: writes the "last used" of API keys (kept in memory, not written once per request),
/// deletes rows no rule reads any more (`maintenance::sweep`), and queues the weekly summaries and
/// key-expiry reminders that are due (`scheduled::send_due`).
async fn housekeeping(v: Vestibule, mut stop: tokio::sync::oneshot::Receiver<()>) {
    let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
    every_minute.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    every_minute.tick().await;
    loop {
        tokio::select! {
            _ = every_minute.tick() => {}
            _ = &mut stop => return,
        }
        if let Err(e) = api_keys::flush_usage(&v).await {
            tracing::warn!("could not write API-key usage: {e}");
        }
        match maintenance::sweep(&v, vestibule_service::now_ms()).await {
            Ok(swept) if swept.total() > 0 => tracing::debug!(?swept, "swept expired rows"),
            Ok(_) => {}
            Err(e) => tracing::warn!("could not sweep expired rows: {e}"),
        }
        match vestibule_service::scheduled::send_due(&v, vestibule_service::now_ms()).await {
            Ok(sent) if sent.summaries + sent.reminders > 0 => tracing::info!(?sent, "scheduled mails queued"),
            Ok(_) => {}
            Err(e) => tracing::warn!("could not queue scheduled mails: {e}"),
        }
    }
}
