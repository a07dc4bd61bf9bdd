//! The document shell and the router.

use crate::pages::lazy::{
    ApiKeysRoute, AuditLogRoute, GitTokensRoute, LogInRoute, NotificationsRoute, PreferencesRoute, ProfileRoute,
    SecondStepRoute, SecurityRoute, SignUpRoute, SsoLinkRoute, SupportRoute, VerifyEmailRoute, WebhooksRoute,
};
use crate::pages::{NotFound, settings};
use crate::session::Session;
use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};
#[cfg(feature = "ssr")]
use vestibule_domain::{Choice, Preferences};

/// The HTML document around the app (rendered on the server only).
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The server's middleware puts the logged-in user's preferences into the request, so a dark
    // theme is in the very first byte of HTML and never flashes light.
    let prefs = request_preferences();
    view! {
        <!DOCTYPE html>
        <html lang=prefs.language.as_str() data-theme=prefs.theme.as_str()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                {crate::ssr::head_assets(options)}
                <leptos_meta::MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[cfg(feature = "ssr")]
fn request_preferences() -> Preferences {
    if let Some(p) = crate::ssr::loaded_preferences() {
        return p;
    }
    Preferences { language: crate::i18n::request_language(), ..Preferences::default() }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = crate::i18n::I18n::new();
    provide_context(i18n);
    let session = Session::new();
    provide_context(session);
    // The user's preferences (reloaded after log-in and after every save) decide the language and
    // the theme; the page follows without a reload.
    Effect::new(move |_| {
        let Some(prefs) = session.settings.get().and_then(Result::ok).flatten().map(|d| d.preferences) else {
            return;
        };
        crate::components::apply_theme(prefs.theme);
        if prefs.language != i18n.language.get_untracked() {
            i18n.language.set(prefs.language);
        }
    });
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let language = i18n.language.get();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", language.as_str());
        }
    });
    view! {
        <Title formatter=|page: String| if page.is_empty() { "Vestibule".to_string() } else { format!("{page} · Vestibule") } />
        <Router>
            // A new language re-renders the current route in place (no reload, same document).
            {move || {
                i18n.language.track();
                view! {
            <Routes fallback=NotFound>
                <Route path=path!("/") view=|| view! { <Redirect path="/settings" /> } />
                <Route path=path!("/login") view={Lazy::<LogInRoute>::new()} />
                <Route path=path!("/login/two-factor") view={Lazy::<SecondStepRoute>::new()} />
                <Route path=path!("/login/sso/link") view={Lazy::<SsoLinkRoute>::new()} />
                <Route path=path!("/signup") view={Lazy::<SignUpRoute>::new()} />
                <Route path=path!("/verify-email") view={Lazy::<VerifyEmailRoute>::new()} />
                // Async: the whole page, then one write. Each section's data is in the HTML where it
                // belongs, so the settings read without JavaScript (out-of-order streaming needs a
                // script to move it into place).
                <ParentRoute path=path!("/settings") view=settings::SettingsLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=|| view! { <Redirect path="/settings/profile" /> } />
                    <Route path=path!("profile") view={Lazy::<ProfileRoute>::new()} />
                    <Route path=path!("preferences") view={Lazy::<PreferencesRoute>::new()} />
                    <Route path=path!("notifications") view={Lazy::<NotificationsRoute>::new()} />
                    <Route path=path!("security") view={Lazy::<SecurityRoute>::new()} />
                    <Route path=path!("api-keys") view={Lazy::<ApiKeysRoute>::new()} />
                    <Route path=path!("audit-log") view={Lazy::<AuditLogRoute>::new()} />
                    <Route path=path!("webhooks") view={Lazy::<WebhooksRoute>::new()} />
                    <Route path=path!("git-tokens") view={Lazy::<GitTokensRoute>::new()} />
                    <Route path=path!("support") view={Lazy::<SupportRoute>::new()} />
                </ParentRoute>
            </Routes>
                }
            }}
        </Router>
    }
}
