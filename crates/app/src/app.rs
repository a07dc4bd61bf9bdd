//! The document shell, the router and the session shared by every page.

use crate::api::auth::{LogIn, LogOut, SignUp, me};
use crate::error::AppError;
use crate::pages::{LogInPage, NotFound, SignUpPage, settings};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;
use vestibule_domain::Account;

/// The HTML document around the app (rendered on the server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
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

/// Who is logged in, and the actions that change it. Provided once at the root.
#[derive(Clone, Copy)]
pub struct Session {
    pub sign_up: ServerAction<SignUp>,
    pub log_in: ServerAction<LogIn>,
    pub log_out: ServerAction<LogOut>,
    /// Reloaded whenever one of the actions above completes.
    pub account: Resource<Result<Option<Account>, AppError>>,
}

impl Session {
    fn new() -> Self {
        let sign_up = ServerAction::<SignUp>::new();
        let log_in = ServerAction::<LogIn>::new();
        let log_out = ServerAction::<LogOut>::new();
        let account = Resource::new(
            move || {
                (
                    sign_up.version().get(),
                    log_in.version().get(),
                    log_out.version().get(),
                )
            },
            |_| me(),
        );
        Self {
            sign_up,
            log_in,
            log_out,
            account,
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(Session::new());
    view! {
        <Title formatter=|page: String| if page.is_empty() { "Vestibule".to_string() } else { format!("{page} · Vestibule") } />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=|| view! { <Redirect path="/settings" /> } />
                <Route path=path!("/login") view=LogInPage />
                <Route path=path!("/signup") view=SignUpPage />
                <ParentRoute path=path!("/settings") view=settings::SettingsLayout>
                    <Route path=path!("") view=|| view! { <Redirect path="/settings/profile" /> } />
                    <Route path=path!("profile") view=settings::ProfilePage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
