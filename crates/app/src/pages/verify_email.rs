//! The page a change-of-address link opens. Confirming is a button (a POST), not the visit itself,
//! so mail scanners that prefetch links cannot use up the single-use token.

use crate::api::settings::ConfirmEmail;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<ConfirmEmail>::new();
    view! {
        <Title text="Confirm your email address" />
        <main class="auth">
            <h1>"Confirm your new email address"</h1>
            {move || match action.value().get() {
                Some(Ok(email)) => {
                    view! {
                        <p role="status" class="toast">
                            "Your email address is now " {email} "."
                        </p>
                        <p>
                            <a href="/settings/profile">"Back to your profile"</a>
                        </p>
                    }
                        .into_any()
                }
                other => {
                    let error = other.and_then(|r| r.err()).map(|e| e.to_string());
                    view! {
                        <ActionForm action=action>
                            <input type="hidden" name="token" value=token />
                            <p>"Use this address for your Vestibule account from now on?"</p>
                            <p class="form-error" role="alert">
                                {error}
                            </p>
                            <button type="submit" class="primary">
                                "Confirm email address"
                            </button>
                        </ActionForm>
                    }
                        .into_any()
                }
            }}
        </main>
    }
}
