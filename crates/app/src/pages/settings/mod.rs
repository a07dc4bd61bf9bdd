//! The settings shell: a header with the account and log-out, a navigation of sections, and the
//! section itself. Sections are client-side routes below `/settings`.

mod api_keys;
mod avatar;
mod preferences;
mod profile;

pub use api_keys::ApiKeysPage;
pub use preferences::PreferencesPage;
pub use profile::ProfilePage;

use crate::Session;
use crate::api::auth::me;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::use_location;

/// The sections in the navigation, in order. Later sections are added here.
const SECTIONS: &[(&str, &str)] =
    &[("/settings/profile", "Profile"), ("/settings/preferences", "Preferences"), ("/settings/api-keys", "API keys")];

#[component]
pub fn SettingsLayout() -> impl IntoView {
    let session = expect_context::<Session>();
    let location = use_location();
    // The layout asks "who is this?" with a resource of its own: awaiting the session's shared
    // `account` here as well as in a section can leave one Suspense unresolved (leptos#4851).
    let who = OnceResource::new(me());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match who.await {
                    Ok(Some(account)) => {
                        view! {
                            <header class="topbar">
                                <a class="brand" href="/settings">"Vestibule"</a>
                                <span class="who">"Signed in as " <strong>{account.username.clone()}</strong></span>
                                <ActionForm action=session.log_out attr:class="logout">
                                    <button type="submit">"Log out"</button>
                                </ActionForm>
                            </header>
                            <div class="settings">
                                <nav aria-label="Settings">
                                    <h2>"Settings"</h2>
                                    <ul>
                                        {SECTIONS
                                            .iter()
                                            .map(|(href, label)| view! { <li><A href=*href>{*label}</A></li> })
                                            .collect_view()}
                                    </ul>
                                </nav>
                                <div class="section">
                                    <Outlet />
                                </div>
                            </div>
                        }
                            .into_any()
                    }
                    _ => {
                        let next = location.pathname.get_untracked();
                        view! { <Redirect path=format!("/login?next={next}") /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
