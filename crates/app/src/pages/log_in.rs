//! Log-in by username or email; afterwards back to the page that asked for it (`?next=`).

use crate::Session;
use crate::api::auth::LogIn;
use crate::components::{Field, FieldState};
use crate::i18n::{language, t};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use vestibule_domain::ValidationError;

#[component]
pub fn LogInPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let action = session.log_in;
    let query = use_query_map();
    let next = move || query.read().get("next");
    let (login, password) = (FieldState::new(), FieldState::new());
    let required = |state: FieldState| {
        Signal::derive(move || {
            state.value.get().trim().is_empty().then(|| ValidationError::Required.message(language()))
        })
    };
    let error = move || match action.value().get() {
        Some(Err(e)) => Some(e.0.message(language())),
        _ => None,
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        login.touched.set(true);
        password.touched.set(true);
        let (l, p) = (login.value.get_untracked(), password.value.get_untracked());
        if !l.trim().is_empty() && !p.is_empty() {
            action.dispatch(LogIn { login: l, password: p, next: next() });
        }
    };
    view! {
        <Title text=t("login-title") />
        <main class="auth">
            <h1>{t("login-heading")}</h1>
            <form method="post" action=LogIn::url() on:submit=on_submit novalidate>
                <input type="hidden" name="next" value=next />
                <Field
                    label=t("login-field-login")
                    name="login"
                    state=login
                    check=required(login)
                    autocomplete="username"
                    autofocus=true
                />
                <Field
                    label=t("login-field-password")
                    name="password"
                    kind="password"
                    state=password
                    check=required(password)
                    autocomplete="current-password"
                />
                <p class="form-error" role="alert">{error}</p>
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { t("login-pending") } else { t("login-submit") }}
                </button>
            </form>
            // When sign-up is closed, accounts come from the operator: no link to a closed door.
            {session.sign_up_open.then(|| view! {
                <p class="switch">{t("login-new-here")} <a href="/signup">{t("login-signup-link")}</a></p>
            })}
        </main>
    }
}
