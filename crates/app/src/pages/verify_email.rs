//! The page a mailed link opens (a new account's address, a change of address, or another address
//! for notifications). Confirming is a
//! button (a POST), not the visit itself, so mail scanners that prefetch links cannot use up the
//! single-use token.

use crate::api::settings::{ConfirmEmail, Confirmation};
use crate::i18n::{language, t, t_args};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<ConfirmEmail>::new();
    view! {
        <Title text=t("verify-title") />
        <main class="auth">
            <h1>{t("verify-heading")}</h1>
            {move || match action.value().get() {
                Some(Ok(confirmed)) => {
                    let (done, back, back_to) = match confirmed.what {
                        Confirmation::Verified => ("verify-done-verified", "verify-back", "/settings/profile"),
                        Confirmation::Changed => ("verify-done", "verify-back", "/settings/profile"),
                        Confirmation::NotificationAddress => {
                            ("verify-done-notifications", "verify-back-notifications", "/settings/notifications")
                        }
                    };
                    view! {
                        <p role="status" class="toast">
                            {t_args(done, &[("email", confirmed.email.into())])}
                        </p>
                        <p>
                            <a href=back_to>{t(back)}</a>
                        </p>
                    }
                        .into_any()
                }
                other => {
                    let error = other.and_then(|r| r.err()).map(|e| e.0.message(language()));
                    view! {
                        <ActionForm action=action>
                            <input type="hidden" name="token" value=token />
                            <p>{t("verify-question")}</p>
                            <p class="form-error" role="alert">
                                {error}
                            </p>
                            // The link works once: a second click while the first runs would use it up.
                            <button type="submit" class="primary" disabled=move || action.pending().get()>
                                {t("verify-submit")}
                            </button>
                        </ActionForm>
                    }
                        .into_any()
                }
            }}
        </main>
    }
}
