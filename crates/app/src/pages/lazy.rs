//! The pages as lazy routes: with `cargo leptos build --split`, each page's view (and whatever
//! only it uses) moves out of the main WASM into a chunk of its own, loaded when the route is
//! entered. The server names the chunks of the page it renders in `<link rel="preload">` (the
//! top-level pages only: a settings section's chunk comes a round trip later, see BENCHMARKS.md's
//! first-load section for why that stays so for now).
//!
//! A route's data half is empty: every page loads its data with resources inside its view, which
//! the server renders (whole, for settings) and serializes as before. Without `--split` the
//! chunks stay in the one WASM and everything works the same.

use super::settings::{
    ApiKeysPage, AuditLogPage, GitTokensPage, NotificationsPage, PreferencesPage, ProfilePage, SecurityPage,
    SupportPage, WebhooksPage,
};
use super::{LogInPage, SecondStepPage, SignUpPage, SsoLinkPage, VerifyEmailPage};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// A lazy route whose view is `$page` and whose data half is empty (see above).
macro_rules! lazy_page {
    ($($(#[$doc:meta])* $route:ident => $page:ident;)*) => {$(
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_page! {
    /// `/login`.
    LogInRoute => LogInPage;
    /// `/login/two-factor`.
    SecondStepRoute => SecondStepPage;
    /// `/login/sso/link`.
    SsoLinkRoute => SsoLinkPage;
    /// `/signup`.
    SignUpRoute => SignUpPage;
    /// `/verify-email`.
    VerifyEmailRoute => VerifyEmailPage;
    /// `/settings/profile`.
    ProfileRoute => ProfilePage;
    /// `/settings/preferences`.
    PreferencesRoute => PreferencesPage;
    /// `/settings/notifications`.
    NotificationsRoute => NotificationsPage;
    /// `/settings/security`.
    SecurityRoute => SecurityPage;
    /// `/settings/api-keys`.
    ApiKeysRoute => ApiKeysPage;
    /// `/settings/audit-log`.
    AuditLogRoute => AuditLogPage;
    /// `/settings/webhooks`.
    WebhooksRoute => WebhooksPage;
    /// `/settings/git-tokens`.
    GitTokensRoute => GitTokensPage;
    /// `/settings/support` (support staff only).
    SupportRoute => SupportPage;
}
