//! The settings shell: a header with the account and log-out, a navigation of sections, and the
//! section itself. Sections are client-side routes below `/settings`.

mod api_keys;
mod app_preferences;
mod audit_log;
mod avatar;
mod git_tokens;
mod notifications;
mod passkeys;
mod preferences;
mod profile;
mod security;
mod sessions;
mod support;
mod support_access;
mod two_factor;
mod webhooks;

pub use api_keys::ApiKeysPage;
pub use audit_log::AuditLogPage;
pub use git_tokens::GitTokensPage;
pub use notifications::NotificationsPage;
pub use preferences::PreferencesPage;
pub use profile::ProfilePage;
pub use security::SecurityPage;
pub use support::SupportPage;
pub use webhooks::WebhooksPage;

use crate::Session;
use crate::api::auth::{LogOut, me};
use crate::api::support::{EndActing, who_acts};
use crate::i18n::t;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
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
    ("/settings/git-tokens", "settings-nav-git-tokens"),
    ("/settings/audit-log", "settings-nav-audit-log"),
];

#[component]
pub fn SettingsLayout() -> impl IntoView {
    let session = expect_context::<Session>();
    let location = use_location();
    // The layout asks "who is this?" with a resource of its own: awaiting the session's shared
    // `account` here as well as in a section can leave one Suspense unresolved (leptos#4851).
    let who = crate::codec::once(me());
    let acting = crate::codec::once(who_acts());
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t("common-loading")}</p> }>
            {move || Suspend::new(async move {
                let acting = acting.await.ok().flatten();
                match who.await {
                    Ok(Some(account)) => {
                        // Support staff acting on no account see their page among the sections.
                        let staff = account.is_support && acting.is_none();
                        view! {
                            {acting.map(|acting| view! { <SupportBanner acting /> })}
                            <header class="topbar">
                                <a class="brand" href="/settings">{t("app-brand")}</a>
                                <span class="who">
                                    {t("settings-signed-in-as")} <strong>{account.username.clone()}</strong>
                                </span>
                                // A plain form, not `ActionForm`: that one reads its fields back with
                                // a query-string decoder every page would carry for a form with none.
                                <form
                                    method="post"
                                    action=LogOut::url()
                                    class="logout"
                                    on:submit=move |ev| {
                                        ev.prevent_default();
                                        session.log_out.dispatch(LogOut {});
                                    }
                                >
                                    <button type="submit">{t("settings-log-out")}</button>
                                </form>
                            </header>
                            <div class="settings">
                                <nav aria-label=t("settings-nav-label")>
                                    <h2>{t("settings-heading")}</h2>
                                    <ul>
                                        {SECTIONS
                                            .iter()
                                            .map(|(href, id)| view! { <li><A href=*href>{t(id)}</A></li> })
                                            .collect_view()}
                                        {staff.then(|| view! { <li><A href="/settings/support">{t("settings-nav-support")}</A></li> })}
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

/// While support staff act on the account: who, why, and the button that ends it (then a full
/// page load: the session is the staff member's own again).
#[component]
fn SupportBanner(acting: vestibule_domain::support::Acting) -> impl IntoView {
    let end = ServerAction::<EndActing>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = end.value().get() {
            #[cfg(feature = "hydrate")]
            let _ = window().location().assign("/settings/support");
        }
    });
    let text =
        crate::i18n::t_args("support-banner", &[("staff", acting.staff.into()), ("reason", acting.reason.into())]);
    view! {
        <div class="support-banner" role="status" data-testid="support-banner">
            <span>{text}</span>
            <button type="button" on:click=move |_| { end.dispatch(EndActing {}); } disabled=move || end.pending().get()>
                {t("support-banner-end")}
            </button>
        </div>
    }
}
