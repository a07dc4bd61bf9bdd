//! The page a mail's unsubscribe link opens. Unsubscribing is a button (a POST), not the visit:
//! mail scanners open links. A mail client that supports one-click unsubscribe (RFC 8058) POSTs to
//! the same address itself (see the server's router).

use crate::api::notifications::Unsubscribe;
use crate::i18n::{language, t, t_args};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<Unsubscribe>::new();
    view! {
        <Title text=t("unsubscribe-title") />
        <main class="auth">
            <h1>{t("unsubscribe-title")}</h1>
            {move || match action.value().get() {
                Some(Ok(kind)) => view! {
                    <p role="status" class="toast" data-testid="unsubscribed">
                        {t_args("unsubscribe-done", &[("kind", kind.label(language()).into())])}
                    </p>
                    <p>
                        <a href="/settings/notifications">{t("unsubscribe-settings")}</a>
                    </p>
                }
                    .into_any(),
                other => {
                    let error = other.and_then(|r| r.err()).map(|e| e.0.message(language()));
                    view! {
                        <ActionForm action=action>
                            <input type="hidden" name="token" value=token />
                            <p>{t("unsubscribe-question")}</p>
                            <p class="form-error" role="alert">{error}</p>
                            <button type="submit" class="primary" disabled=move || action.pending().get()>
                                {t("unsubscribe-submit")}
                            </button>
                        </ActionForm>
                    }
                        .into_any()
                }
            }}
        </main>
    }
}
