//! Log-in by username or email, then (when two-factor sign-in is on) a code; afterwards back to the
//! page that asked for it (`?next=`).

use crate::Session;
use crate::api::auth::{LogIn, LogInSecondStep, PasskeySignIn, start_passkey_sign_in};
use crate::components::{Field, FieldState};
use crate::i18n::{language, t};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use vestibule_domain::ValidationError;
use vestibule_domain::two_factor::OneTimeCode;

#[component]
pub fn LogInPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let action = session.action::<LogIn>();
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
            <PasskeyButton second_step=false next=Signal::derive(next) label=t("login-passkey") />
            {session.sso_name.get_value().map(|name| {
                let failed = query.read_untracked().get("sso").is_some_and(|s| s == "failed");
                let href = move || match next() {
                    Some(next) => format!("/login/sso?next={}", vestibule_domain::url::percent_encode(&next, b"/")),
                    None => "/login/sso".to_string(),
                };
                view! {
                    {failed.then(|| view! { <p class="form-error" role="alert">{vestibule_domain::UserError::SsoFailed.message(language())}</p> })}
                    // A full load: the server answers with a redirect to the provider (not a route of ours).
                    <a class="button sso" href=href rel="external">{crate::i18n::t_args("login-sso", &[("name", name.into())])}</a>
                }
            })}
            // When sign-up is closed, accounts come from the operator: no link to a closed door.
            {session.sign_up_open.then(|| view! {
                <p class="switch">{t("login-new-here")} <a href="/signup">{t("login-signup-link")}</a></p>
            })}
        </main>
    }
}

/// The second step of a log-in with two-factor sign-in: a code from the authenticator app, or a
/// recovery code. The password step left a ticket cookie that this page's form presents.
#[component]
pub fn SecondStepPage() -> impl IntoView {
    let action = expect_context::<Session>().action::<LogInSecondStep>();
    let query = use_query_map();
    let next = move || query.read().get("next");
    let code = FieldState::new();
    let check = Signal::derive(move || OneTimeCode::parse(&code.value.get()).err().map(|e| e.message(language())));
    Effect::new(move |_| {
        if let Some(Err(e)) = action.value().get() {
            code.server_error.set(e.0.for_field_in("code", language()));
        }
    });
    let error = move || match action.value().get() {
        Some(Err(e)) if e.for_field("code").is_none() => Some(e.0.message(language())),
        _ => None,
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        code.touched.set(true);
        if check.get_untracked().is_none() {
            action.dispatch(LogInSecondStep { code: code.value.get_untracked(), next: next() });
        }
    };
    view! {
        <Title text=t("login-two-factor-title") />
        <main class="auth">
            <h1>{t("login-two-factor-heading")}</h1>
            <p class="hint">{t("login-two-factor-intro")}</p>
            <form method="post" action=LogInSecondStep::url() on:submit=on_submit novalidate>
                <input type="hidden" name="next" value=next />
                <Field
                    label=t("login-two-factor-code")
                    name="code"
                    state=code
                    check=check
                    autocomplete="one-time-code"
                    autofocus=true
                    hint=t("login-two-factor-hint")
                />
                <p class="form-error" role="alert">{error}</p>
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { t("login-pending") } else { t("login-two-factor-submit") }}
                </button>
            </form>
            {move || {
                query
                    .read()
                    .get("passkey")
                    .is_some()
                    .then(|| {
                        view! {
                            <PasskeyButton
                                second_step=true
                                next=Signal::derive(next)
                                label=t("login-two-factor-passkey")
                            />
                        }
                    })
            }}
            <p class="switch">
                <a href=move || match next() {
                    Some(next) => format!("/login?next={}", vestibule_domain::url::percent_encode(&next, b"/")),
                    None => "/login".to_string(),
                }>{t("login-two-factor-restart")}</a>
            </p>
        </main>
    }
}

/// A sign-in with a passkey: the server's options, the browser's prompt, then the session. On the
/// log-in page (no username: the browser offers this site's passkeys) or as the second step.
#[component]
fn PasskeyButton(second_step: bool, next: Signal<Option<String>>, label: String) -> impl IntoView {
    let action = expect_context::<Session>().action::<PasskeySignIn>();
    // A message from before the server's last answer: the prompt, or starting the ceremony.
    let early_error = RwSignal::new(None::<String>);
    let prompting = RwSignal::new(false);
    let on_click = move |_| {
        early_error.set(None);
        prompting.set(true);
        leptos::task::spawn_local(async move {
            let answer = passkey_answer(second_step).await;
            prompting.set(false);
            match answer {
                Ok((ceremony, credential)) => {
                    action.dispatch(PasskeySignIn { ceremony, credential, second_step, next: next.get_untracked() });
                }
                Err(message) => early_error.set(Some(message)),
            }
        });
    };
    let error = move || {
        early_error.get().or_else(|| match action.value().get() {
            Some(Err(e)) => Some(e.0.message(language())),
            _ => None,
        })
    };
    view! {
        <div class="passkey-sign-in">
            <button type="button" on:click=on_click disabled=move || prompting.get() || action.pending().get()>
                {label}
            </button>
            <p class="form-error" role="alert">{error}</p>
        </div>
    }
}

/// The server's options, then the browser's prompt: the ceremony and the passkey's answer. Lazy:
/// with `--split` its code (the calls and the browser's WebAuthn) is a chunk of its own, fetched on
/// the first click, not with the log-in page.
#[leptos::lazy]
async fn passkey_answer(second_step: bool) -> Result<(String, String), String> {
    let challenge = start_passkey_sign_in(second_step).await.map_err(|e| e.0.message(language()))?;
    let credential = crate::webauthn::get(&challenge.options).await.map_err(|e| e.message(language()))?;
    Ok((challenge.ceremony, credential))
}

/// After a sign-in with the single sign-on provider, for an account that has the provider's
/// address: its owner gives its password once, and the two are linked (`link_sso`).
#[component]
pub fn SsoLinkPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let action = ServerAction::<crate::api::auth::LinkSso>::new();
    let password = FieldState::new();
    let check =
        Signal::derive(move || password.value.get().is_empty().then(|| ValidationError::Required.message(language())));
    Effect::new(move |_| {
        if let Some(Err(e)) = action.value().get() {
            password.server_error.set(e.for_field("password").or_else(|| Some(e.0.message(language()))));
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        password.touched.set(true);
        if check.get_untracked().is_none() {
            action.dispatch(crate::api::auth::LinkSso { password: password.value.get_untracked() });
        }
    };
    let name = session.sso_name.get_value().unwrap_or_default();
    view! {
        <Title text=t("sso-link-title") />
        <main class="auth">
            <h1>{t("sso-link-title")}</h1>
            <p>{crate::i18n::t_args("sso-link-intro", &[("name", name.into())])}</p>
            <form method="post" action=crate::api::auth::LinkSso::url() on:submit=on_submit novalidate>
                <Field
                    label=t("login-field-password")
                    name="password"
                    kind="password"
                    state=password
                    check
                    autocomplete="current-password"
                    autofocus=true
                />
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {t("sso-link-submit")}
                </button>
            </form>
        </main>
    }
}
