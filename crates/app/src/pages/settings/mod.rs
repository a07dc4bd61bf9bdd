//! The settings shell: a header with the account and log-out, a navigation of sections, and the
//! section itself. Sections are client-side routes below `/settings`.

mod api_keys;
mod audit_log;
mod avatar;
mod notifications;
mod passkeys;
mod preferences;
mod profile;
mod security;
mod sessions;
mod two_factor;
mod webhooks;

pub use api_keys::ApiKeysPage;
pub use audit_log::AuditLogPage;
pub use notifications::NotificationsPage;
pub use preferences::PreferencesPage;
pub use profile::ProfilePage;
pub use security::SecurityPage;
pub use webhooks::WebhooksPage;

use crate::Session;
use crate::api::auth::me;
use crate::i18n::t;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::use_location;

/// The sections in the navigation, in order, as (path, catalog id of the label). Later sections are added here.
const SECTIONS: &[(&str, &str)] = &[
    ("/settings/profile", "settings-nav-profile"),
    ("/settings/preferences", "settings-nav-preferences"),
    ("/settings/notifications", "settings-nav-notifications"),
    ("/settings/security", "settings-nav-security"),
    ("/settings/api-keys", "settings-nav-api-keys"),
    ("/settings/webhooks", "settings-nav-webhooks"),
    ("/settings/audit-log", "settings-nav-audit-log"),
];

#[component]
pub fn SettingsLayout() -> impl IntoView {
    let session = expect_context::<Session>();
    let location = use_location();
    // The layout asks "who is this?" with a resource of its own: awaiting the session's shared
    // `account` here as well as in a section can leave one Suspense unresolved (leptos#4851).
    let who = OnceResource::new(me());
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t("common-loading")}</p> }>
            {move || Suspend::new(async move {
                match who.await {
                    Ok(Some(account)) => {
                        view! {
                            <header class="topbar">
                                <a class="brand" href="/settings">{t("app-brand")}</a>
                                <span class="who">
                                    {t("settings-signed-in-as")} <strong>{account.username.clone()}</strong>
                                </span>
                                <ActionForm action=session.log_out attr:class="logout">
                                    <button type="submit">{t("settings-log-out")}</button>
                                </ActionForm>
                            </header>
                            <div class="settings">
                                <nav aria-label=t("settings-nav-label")>
                                    <h2>{t("settings-heading")}</h2>
                                    <ul>
                                        {SECTIONS
                                            .iter()
                                            .map(|(href, id)| view! { <li><A href=*href>{t(id)}</A></li> })
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
