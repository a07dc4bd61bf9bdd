//! The routes: Leptos pages and server functions, static assets, health, and the layers around them.

use crate::state::AppState;
use crate::{api, assets, audit_csv, avatars, middleware, sso, unsubscribe};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::sync::OnceLock;
use vestibule_app::{App, shell};
use vestibule_service::Vestibule;

/// The app's page routes, generated once per process. Generating them runs the app with every
/// resource load suppressed by a process-wide flag (leptos_server's `SuppressResourceLoad`): a
/// page rendered elsewhere in the process during that window waits for ever on a resource that
/// first polled then (leptos#4773). Once, before any router exists, no page can be rendering.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: AppState) -> Router {
    let context = {
        let v = state.vestibule.clone();
        move || {
            provide_context(v.clone());
            middleware::page_headers();
        }
    };
    vestibule_app::ssr::render_head_once(&state.leptos_options);
    let pkg = std::path::Path::new(&*state.leptos_options.site_root).join(&*state.leptos_options.site_pkg_dir);
    Router::new()
        .route("/healthz", get(healthz))
        .route("/livez", get(|| async { "ok\n" }))
        .nest("/api/v1", api::routes(state.vestibule.clone()))
        .route("/settings/avatar", axum::routing::post(avatars::upload))
        .route("/avatars/{file}", get(avatars::serve))
        .route("/settings/audit-log.csv", get(audit_csv::download))
        .route("/login/sso", get(sso::begin))
        .route(vestibule_service::sso::CALLBACK, get(sso::callback))
        // A mail's unsubscribe link: a person's click GETs a page, a mail client's one-click POSTs.
        .route("/unsubscribe", get(unsubscribe::page).post(unsubscribe::unsubscribe))
        .leptos_routes_with_context(&state, page_routes(), context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .merge(assets::bundle_route(&pkg, &state.leptos_options.site_pkg_dir))
        .nest_service(&format!("/{}", state.leptos_options.site_pkg_dir), assets::pkg_service(&pkg))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(axum::middleware::from_fn_with_state(state.vestibule.clone(), middleware::load_session))
        .layer(axum::middleware::from_fn_with_state(state.vestibule.clone(), middleware::refuse_cross_site))
        .layer(axum::middleware::from_fn_with_state(state.vestibule.clone(), middleware::security_headers))
        .layer(axum::middleware::from_fn(middleware::end_stalled_bodies))
        .with_state(state)
}

/// 200 when the database answers (`/livez` answers without it: the process is up), 503 when it does not.
async fn healthz(State(v): State<Vestibule>) -> (StatusCode, &'static str) {
    if v.db.ping().await {
        (StatusCode::OK, "ok\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n")
    }
}
