//! Sign-up: three fields checked live by the same `domain` rule the server runs on submit.

use crate::Session;
use crate::api::auth::SignUp;
use crate::components::{Field, FieldState};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use vestibule_domain::{UserError, validate_sign_up};

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = expect_context::<Session>().sign_up;
    let (username, email, password) = (FieldState::new(), FieldState::new(), FieldState::new());
    let checks = Memo::new(move |_| {
        validate_sign_up(&username.value.get(), &email.value.get(), &password.value.get()).err().unwrap_or_default()
    });
    let check = move |field: &'static str| {
        Signal::derive(move || checks.get().into_iter().find(|e| e.field == field).map(|e| e.message))
    };
    Effect::new(move |_| {
        if let Some(Err(e)) = action.value().get() {
            username.server_error.set(e.for_field("username"));
            email.server_error.set(e.for_field("email"));
            password.server_error.set(e.for_field("password"));
        }
    });
    let general = move || match action.value().get() {
        Some(Err(e)) if !matches!(e.0, UserError::Invalid(_)) => Some(e.to_string()),
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
        <Title text="Sign up" />
        <main class="auth">
            <h1>"Create your Vestibule account"</h1>
            <form method="post" action=SignUp::url() on:submit=on_submit novalidate>
                <Field
                    label="Username"
                    name="username"
                    state=username
                    check=check("username")
                    autocomplete="username"
                    hint="3 to 32 lowercase letters, digits, '-', '_' or '.'. It cannot be changed later."
                    autofocus=true
                />
                <Field
                    label="Email"
                    name="email"
                    kind="email"
                    state=email
                    check=check("email")
                    autocomplete="email"
                />
                <Field
                    label="Password"
                    name="password"
                    kind="password"
                    state=password
                    check=check("password")
                    autocomplete="new-password"
                    hint="At least 15 characters. A phrase of unrelated words is easy to remember and hard to guess."
                />
                <p class="form-error" role="alert">{general}</p>
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Creating account…" } else { "Create account" }}
                </button>
            </form>
            <p class="switch">"Already have an account? " <a href="/login">"Log in"</a></p>
        </main>
    }
}
