//! Sign-up: three fields checked live by the same `domain` rule the server runs on submit.

use crate::Session;
use crate::api::auth::SignUp;
use crate::components::{Field, FieldState};
use crate::i18n::{language, t, t_args};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use vestibule_domain::{Password, UserError, Username, validate_sign_up};

#[component]
pub fn SignUpPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let action = session.action::<SignUp>();
    let (username, email, password) = (FieldState::new(), FieldState::new(), FieldState::new());
    // The server's own check (`validate_sign_up`), live; its field errors render in the page's language.
    let checks = Memo::new(move |_| {
        let (u, e, p) = (username.value.get(), email.value.get(), password.value.get());
        validate_sign_up(&u, &e, &p).err().unwrap_or_default()
    });
    let check = move |field: &'static str| {
        Signal::derive(move || checks.read().iter().find(|e| e.field == field).map(|e| e.message(language())))
    };
    Effect::new(move |_| {
        if let Some(Err(e)) = action.value().get() {
            username.server_error.set(e.for_field("username"));
            email.server_error.set(e.for_field("email"));
            password.server_error.set(e.for_field("password"));
        }
    });
    let general = move || match action.value().get() {
        Some(Err(e)) if !matches!(e.0, UserError::Invalid(_)) => Some(e.0.message(language())),
        _ => None,
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        for field in [username, email, password] {
            field.touched.set(true);
        }
        if checks.get_untracked().is_empty() {
            action.dispatch(SignUp {
                username: username.value.get_untracked(),
                email: email.value.get_untracked(),
                password: password.value.get_untracked(),
            });
        }
    };
    view! {
        <Title text=t("signup-title") />
        <main class="auth">
            <h1>{t("signup-heading")}</h1>
            <Show
                when=move || session.sign_up_open
                fallback=|| view! { <p class="form-error" role="status" data-testid="sign-up-closed">{t("signup-closed")}</p> }
            >
            <form method="post" action=SignUp::url() on:submit=on_submit novalidate>
                <Field
                    label=t("signup-field-username")
                    name="username"
                    state=username
                    check=check("username")
                    autocomplete="username"
                    hint=t_args("signup-hint-username", &[("min", Username::MIN.into()), ("max", Username::MAX.into())])
                    autofocus=true
                />
                <Field
                    label=t("signup-field-email")
                    name="email"
                    kind="email"
                    state=email
                    check=check("email")
                    autocomplete="email"
                />
                <Field
                    label=t("signup-field-password")
                    name="password"
                    kind="password"
                    state=password
                    check=check("password")
                    autocomplete="new-password"
                    hint=t_args("signup-hint-password", &[("min", Password::MIN.into())])
                />
                <p class="form-error" role="alert">{general}</p>
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { t("signup-pending") } else { t("signup-submit") }}
                </button>
            </form>
            </Show>
            <p class="switch">{t("signup-have-account")} <a href="/login">{t("signup-login-link")}</a></p>
        </main>
    }
}
