//! The `vestibule` binary's library: HTTP (router, middleware, static assets), start-up and the operator CLI.
//! Rules live in `domain`, use cases and storage in `service`, pages in `app`; this crate only wires them.

pub mod assets;
mod avatars;
pub mod cli;
mod middleware;
pub mod router;

pub use router::{AppState, router};

use axum::serve::ListenerExt;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// Serves the app on an already bound listener until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Without TCP_NODELAY, keep-alive responses stall ~40 ms on delayed ACKs.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!("set_nodelay: {e}");
        }
    });
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}
