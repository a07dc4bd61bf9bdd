//! The pages as lazy routes: with `cargo leptos build --split`, each page's view (and whatever
//! only it uses) moves out of the main WASM into a chunk of its own, loaded when the route is
//! entered; the server names the chunks of the page it renders in `<link rel="preload">`.
//!
//! A route's data half is empty: every page loads its data with resources inside its view, which
//! the server renders (in order, for settings) and serializes as before. Without `--split` the
//! chunks stay in the one WASM and everything works the same.

use super::settings::{ApiKeysPage, PreferencesPage, ProfilePage};
use super::{LogInPage, SignUpPage, VerifyEmailPage};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// `/login`.
pub struct LogInRoute;

#[lazy_route]
impl LazyRoute for LogInRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <LogInPage /> }.into_any()
    }
}

/// `/signup`.
pub struct SignUpRoute;

#[lazy_route]
impl LazyRoute for SignUpRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <SignUpPage /> }.into_any()
    }
}

/// `/verify-email`.
pub struct VerifyEmailRoute;

#[lazy_route]
impl LazyRoute for VerifyEmailRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <VerifyEmailPage /> }.into_any()
    }
}

/// `/settings/profile`.
pub struct ProfileRoute;

#[lazy_route]
impl LazyRoute for ProfileRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <ProfilePage /> }.into_any()
    }
}

/// `/settings/preferences`.
pub struct PreferencesRoute;

#[lazy_route]
impl LazyRoute for PreferencesRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <PreferencesPage /> }.into_any()
    }
}

/// `/settings/api-keys`.
pub struct ApiKeysRoute;

#[lazy_route]
impl LazyRoute for ApiKeysRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <ApiKeysPage /> }.into_any()
    }
}
