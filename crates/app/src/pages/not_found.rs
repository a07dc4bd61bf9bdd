use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t("notfound-title") />
        <main class="auth">
            <h1>{t("notfound-heading")}</h1>
            <p><a href="/settings">{t("notfound-link")}</a></p>
        </main>
    }
}
