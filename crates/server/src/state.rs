//! What every route and handler reaches through axum's `State`: the Leptos options and the service.
//! Its own module, so the router and the handlers it routes to both use it without using each other.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use vestibule_service::Vestibule;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub vestibule: Vestibule,
}
