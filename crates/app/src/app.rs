//! The document shell, the router and the session shared by every page.

use crate::api::auth::{LogIn, LogOut, SignUp};
use crate::api::settings::{SavePreferences, SetFullName, SettingsData, my_settings};
use crate::error::AppError;
use crate::pages::{LogInPage, NotFound, SignUpPage, VerifyEmailPage, settings};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;
use vestibule_domain::{Choice, Language, Preferences};

/// The HTML document around the app (rendered on the server only).
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
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

fn request_preferences() -> Preferences {
    #[cfg(feature = "ssr")]
    if let Some(p) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Preferences>().cloned()) {
        return p;
    }
    Preferences { language: request_language(), ..Preferences::default() }
}

/// The language of this page load: the user's, or for visitors the best match of `Accept-Language`.
pub(crate) fn request_language() -> Language {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        if let Some(p) = parts.extensions.get::<Preferences>() {
            return p.language;
        }
        let header = parts.headers.get(http::header::ACCEPT_LANGUAGE).and_then(|h| h.to_str().ok());
        return header.map(Language::from_accept_language).unwrap_or_default();
    }
    Language::default()
}

/// The operator's sign-up setting; in the browser outside hydration it is unknown, and open is
/// assumed (the server refuses a closed sign-up itself).
fn sign_up_open() -> bool {
    #[cfg(feature = "ssr")]
    if let Some(v) = use_context::<vestibule_service::Vestibule>() {
        return v.settings.sign_up.open;
    }
    true
}

/// Who is logged in, and the actions that change it. Provided once at the root.
#[derive(Clone, Copy)]
pub struct Session {
    pub sign_up: ServerAction<SignUp>,
    pub log_in: ServerAction<LogIn>,
    pub log_out: ServerAction<LogOut>,
    pub set_full_name: ServerAction<SetFullName>,
    pub save_preferences: ServerAction<SavePreferences>,
    /// The account and preferences, reloaded whenever one of the actions above completes.
    pub settings: Resource<Result<Option<SettingsData>, AppError>>,
    /// Whether visitors may sign up (`VESTIBULE_SIGN_UP`): read by the server, carried to the browser.
    pub sign_up_open: bool,
}

impl Session {
    fn new() -> Self {
        let sign_up_open = SharedValue::new(sign_up_open).into_inner();
        let sign_up = ServerAction::<SignUp>::new();
        let log_in = ServerAction::<LogIn>::new();
        let log_out = ServerAction::<LogOut>::new();
        let set_full_name = ServerAction::<SetFullName>::new();
        let save_preferences = ServerAction::<SavePreferences>::new();
        let settings = Resource::new(
            move || {
                let who = (sign_up.version().get(), log_in.version().get(), log_out.version().get());
                (who, set_full_name.version().get(), save_preferences.version().get())
            },
            |_| my_settings(),
        );
        Self { sign_up, log_in, log_out, set_full_name, save_preferences, settings, sign_up_open }
    }
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
                <Route path=path!("/login") view=LogInPage />
                <Route path=path!("/signup") view=SignUpPage />
                <Route path=path!("/verify-email") view=VerifyEmailPage />
                <ParentRoute path=path!("/settings") view=settings::SettingsLayout>
                    <Route path=path!("") view=|| view! { <Redirect path="/settings/profile" /> } />
                    <Route path=path!("profile") view=settings::ProfilePage />
                    <Route path=path!("preferences") view=settings::PreferencesPage />
                    <Route path=path!("api-keys") view=settings::ApiKeysPage />
                </ParentRoute>
            </Routes>
                }
            }}
        </Router>
    }
}
