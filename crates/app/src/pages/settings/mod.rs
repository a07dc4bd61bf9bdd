//! The settings shell: a header with the account and log-out, a navigation of sections, and the
//! section itself. Sections are client-side routes below `/settings`.

mod preferences;
mod profile;

pub use preferences::PreferencesPage;
pub use profile::ProfilePage;

use crate::Session;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::use_location;

/// The sections in the navigation, in order. Later sections are added here.
const SECTIONS: &[(&str, &str)] = &[("/settings/profile", "Profile"), ("/settings/preferences", "Preferences")];

#[component]
pub fn SettingsLayout() -> impl IntoView {
    let session = expect_context::<Session>();
    let location = use_location();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match session.account.await {
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
