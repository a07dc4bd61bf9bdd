//! Settings → Security: change the password (the current one first, the new one checked live by
//! the domain's rules and again by the server, optionally signing out the other sessions), two-factor
//! sign-in (`two_factor`), passkeys (`passkeys`) and the sessions (`sessions`).

use crate::api::security::{ChangePassword, SecurityData, my_security};
use crate::components::{Field, FieldState, Toggle};
use crate::error::AppError;
use crate::i18n::{language, security::t};
use leptos::prelude::*;
use leptos_meta::Title;
use vestibule_domain::{Password, ValidationError};

#[component]
pub fn SecurityPage() -> impl IntoView {
    // Whether two-factor sign-in is on (told by its section): the shortest new password follows it.
    let second_factor = RwSignal::new(false);
    // The two-factor setup and the sessions are fetched by the browser once the page is live, not
    // sent with the first HTML: with them in a Suspense, this page failed to hydrate now and then
    // (tachys' "expected a marker node"; see BENCHMARKS.md). Until they come, both sides show the
    // same line, so the page always hydrates.
    let data = RwSignal::new(None::<Result<SecurityData, AppError>>);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move { data.set(Some(my_security().await)) });
    });
    view! {
        <Title text=t("security-title") />
        <h1>{t("security-title")}</h1>
        {move || match data.get() {
            None => view! { <p class="loading">{crate::i18n::t("common-loading")}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="form-error" role="alert">{e.0.message(language())}</p> }.into_any(),
            Some(Ok(d)) => {
                view! { <Suspense fallback=|| ()>{Suspend::new(async move { sections(d, second_factor).await })}</Suspense> }
                    .into_any()
            }
        }}
    }
}

/// Two-factor sign-in and the sessions. Lazy: they come after the page is live anyway, so their
/// code (with `--split`, a chunk of its own) is fetched with their data, not before the page works.
#[leptos::lazy]
fn sections(d: SecurityData, second_factor: RwSignal<bool>) -> AnyView {
    // An account of the single sign-on provider: its sign-in is the provider's.
    let own_sign_in = (!d.sso_only).then(|| {
        view! {
            <PasswordSection second_factor />
            <super::two_factor::TwoFactorSection status=d.two_factor second_factor />
            <super::passkeys::PasskeysSection rows=d.passkeys />
        }
        .into_any()
    });
    let managed = d.sso_only.then(|| {
        let name = expect_context::<crate::Session>().sso_name.get_value().unwrap_or_default();
        view! { <p class="status-on" data-testid="sso-managed">{crate::i18n::security::t_args("security-sso-managed", &[("name", name.into())])}</p> }
            .into_any()
    });
    view! {
        {managed}
        {own_sign_in}
        <super::sessions::SessionsSection rows=d.sessions />
        <super::support_access::SupportAccessSection grant=d.support />
    }
    .into_any()
}

/// Change the password: the current one first, the new one checked live (its length follows
/// `second_factor`) and again by the server; optionally signing out the other sessions.
#[component]
fn PasswordSection(second_factor: RwSignal<bool>) -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let (current, new) = (FieldState::new(), FieldState::new());
    let sign_out_others = RwSignal::new(true);
    let current_check =
        Signal::derive(move || current.value.get().is_empty().then(|| ValidationError::Required.message(language())));
    // The rules the browser can check (length); the server adds guessability and the account's names.
    let new_check = Signal::derive(move || {
        let second_factor = second_factor.get();
        Password::parse_new_for(&new.value.get(), "", "", second_factor).err().map(|e| e.message(language()))
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            current.reset(String::new());
            new.reset(String::new());
        }
        Some(Err(e)) => {
            current.server_error.set(e.for_field("current_password"));
            new.server_error.set(e.for_field("new_password"));
        }
        None => {}
    });
    let error = move || match action.value().get() {
        Some(Err(e)) if e.for_field("current_password").is_none() && e.for_field("new_password").is_none() => {
            Some(e.0.message(language()))
        }
        _ => None,
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        current.touched.set(true);
        new.touched.set(true);
        if current_check.get_untracked().is_none() && new_check.get_untracked().is_none() {
            action.dispatch(ChangePassword {
                current_password: current.value.get_untracked(),
                new_password: new.value.get_untracked(),
                sign_out_others: sign_out_others.get_untracked(),
            });
        }
    };
    view! {
        <section aria-labelledby="password-heading">
            <h2 id="password-heading">{t("security-password-heading")}</h2>
            <p class="hint">{t("security-password-intro")}</p>
            <form class="password" on:submit=on_submit novalidate>
                <Field
                    label=t("security-field-current")
                    name="current_password"
                    kind="password"
                    state=current
                    check=current_check
                    autocomplete="current-password"
                />
                <Field
                    label=t("security-field-new")
                    name="new_password"
                    kind="password"
                    state=new
                    check=new_check
                    autocomplete="new-password"
                    hint=crate::i18n::security::t_args(
                        "security-password-hint",
                        &[("min", Password::MIN.into()), ("min_2fa", Password::MIN_WITH_SECOND_FACTOR.into())],
                    )
                />
                <Toggle
                    id="field-sign_out_others"
                    name="sign_out_others"
                    label=t("security-sign-out-others")
                    checked=sign_out_others
                    hint=t("security-sign-out-others-hint")
                />
                <p class="form-error" role="alert">{error}</p>
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { t("security-password-pending") } else { t("security-password-submit") }}
                </button>
                <p class="toast" role="status">
                    {move || matches!(action.value().get(), Some(Ok(()))).then(|| t("security-password-changed"))}
                </p>
            </form>
        </section>
    }
}
