//! Settings → Security → two-factor sign-in: whether it is on and since when, setting up an
//! authenticator app (a QR code drawn by the server, the key as text, switched on only by a right
//! code), recovery codes (shown once, with copy and download; how many are left), and turning it off.
//! Making new codes and turning it off ask for the password again.

use crate::api::security::{ConfirmTotp, NewRecoveryCodes, StartTotp, TurnOffTwoFactor};
use crate::components::{Field, FieldState, Toggle, copy_to_clipboard, focus_later};
use crate::i18n::{language, security::t, security::t_args};
use crate::session::Session;
use leptos::prelude::*;
use vestibule_domain::datetime::format_datetime;
use vestibule_domain::two_factor::{RecoveryCodes, TotpEnrolment, TwoFactorStatus, TwoFactorUpdate, parse_totp};
use vestibule_domain::{UserError, ValidationError};

/// `second_factor` is kept up to date with whether two-factor sign-in is on.
#[component]
pub fn TwoFactorSection(status: TwoFactorStatus, second_factor: RwSignal<bool>) -> impl IntoView {
    view! {
        <section aria-labelledby="two-factor-heading">
            <h2 id="two-factor-heading">{t("security-2fa-heading")}</h2>
            <p class="hint">{t("security-2fa-explain")}</p>
            <TwoFactor status second_factor />
        </section>
    }
}

/// A form-wide message: an error that belongs to no field of the form.
fn other_error(e: &UserError, fields: &[&str]) -> Option<String> {
    match e {
        UserError::Invalid(errors) if errors.iter().all(|f| fields.contains(&f.field.as_str())) => None,
        e => Some(e.message(language())),
    }
}

fn required(state: FieldState) -> Signal<Option<String>> {
    Signal::derive(move || state.value.get().is_empty().then(|| ValidationError::Required.message(language())))
}

#[component]
fn TwoFactor(status: TwoFactorStatus, second_factor: RwSignal<bool>) -> impl IntoView {
    let session = expect_context::<Session>();
    let status = RwSignal::new(status);
    Effect::new(move |_| second_factor.set(status.with(TwoFactorStatus::on)));
    let enrolment = RwSignal::new(None::<TotpEnrolment>);
    let codes = RwSignal::new(None::<RecoveryCodes>);
    let notice = RwSignal::new(None::<String>);
    let start = ServerAction::<StartTotp>::new();
    let confirm = ServerAction::<ConfirmTotp>::new();
    let regenerate = ServerAction::<NewRecoveryCodes>::new();
    let off = ServerAction::<TurnOffTwoFactor>::new();
    Effect::new(move |_| {
        if let Some(Ok(e)) = start.value().get() {
            enrolment.set(Some(e));
            focus_later("field-code");
        }
    });
    // Each change answers with the setup as the server now has it (and codes, when it made some).
    let show = move |update: TwoFactorUpdate, said: Option<&str>| {
        status.set(update.status);
        enrolment.set(None);
        // Focus follows what replaced the form: the new codes, or the status line.
        focus_later(if update.codes.is_some() { "recovery-new-heading" } else { "two-factor-status" });
        codes.set(update.codes);
        notice.set(said.map(t));
    };
    Effect::new(move |_| {
        if let Some(Ok(update)) = confirm.value().get() {
            show(update, Some("security-2fa-turned-on"));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(update)) = regenerate.value().get() {
            show(update, None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(update)) = off.value().get() {
            let too_short = update.password_too_short;
            show(update, Some(if too_short { "security-2fa-off-short-password" } else { "security-2fa-turned-off" }));
            if too_short {
                // Straight to the field that fixes it.
                focus_later("field-new_password");
            }
        }
    });
    let since = move |at: i64| {
        session.settings.get().and_then(|s| s.ok().flatten()).map(|s| format_datetime(at, &s.preferences))
    };
    view! {
        <p class="status" id="two-factor-status" tabindex="-1" data-testid="two-factor-status">
            {move || match status.get().totp_since {
                Some(at) => t_args("security-2fa-on", &[("date", since(at).unwrap_or_default().into())]),
                None => t("security-2fa-off"),
            }}
        </p>
        <p class="toast" role="status">{move || notice.get()}</p>
        {move || {
            codes
                .get()
                .map(|made| {
                    view! {
                        <RecoveryList
                            codes=made
                            on_done=move || {
                                codes.set(None);
                                focus_later("two-factor-status");
                            }
                        />
                    }
                })
        }}
        {move || match (status.get().on(), enrolment.get()) {
            (false, None) => {
                view! {
                    <p class="form-error" role="alert">
                        {move || match start.value().get() {
                            Some(Err(e)) => Some(e.0.message(language())),
                            _ => None,
                        }}
                    </p>
                    <button
                        type="button"
                        class="primary"
                        disabled=move || start.pending().get()
                        on:click=move |_| {
                            start.dispatch(StartTotp {});
                        }
                    >
                        {t("security-2fa-set-up")}
                    </button>
                }
                    .into_any()
            }
            (false, Some(enrolment_now)) => {
                view! { <Enrol enrolment=enrolment_now confirm on_cancel=move || enrolment.set(None) /> }.into_any()
            }
            (true, _) => view! { <Manage status regenerate off /> }.into_any(),
        }}
    }
}

/// Setting up the app: scan or type, then a code from it.
#[component]
fn Enrol(
    enrolment: TotpEnrolment,
    confirm: ServerAction<ConfirmTotp>,
    on_cancel: impl Fn() + 'static,
) -> impl IntoView {
    let (code, password) = (FieldState::new(), FieldState::new());
    let check = Signal::derive(move || parse_totp(&code.value.get()).err().map(|e| e.message(language())));
    let password_check = required(password);
    Effect::new(move |_| {
        if let Some(Err(e)) = confirm.value().get() {
            code.server_error.set(e.0.for_field_in("code", language()));
            password.server_error.set(e.0.for_field_in("password", language()));
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        code.touched.set(true);
        password.touched.set(true);
        if check.get_untracked().is_none() && password_check.get_untracked().is_none() {
            confirm
                .dispatch(ConfirmTotp { code: code.value.get_untracked(), password: password.value.get_untracked() });
        }
    };
    view! {
        <form class="enrol" on:submit=on_submit novalidate>
            <ol class="steps">
                <li>
                    <p>{t("security-2fa-scan")}</p>
                    <div class="qr" role="img" aria-label=t("security-2fa-qr-label") inner_html=enrolment.qr_svg></div>
                    <p class="hint">{t("security-2fa-key")}</p>
                    <p><code class="secret" data-testid="totp-secret">{enrolment.secret}</code></p>
                </li>
                <li>
                    <Field
                        label=t("security-2fa-field-code")
                        name="code"
                        state=code
                        check=check
                        autocomplete="one-time-code"
                    />
                    <Field
                        label=t("security-field-password")
                        name="enrol_password"
                        kind="password"
                        state=password
                        check=password_check
                        autocomplete="current-password"
                    />
                </li>
            </ol>
            <p class="form-error" role="alert">
                {move || match confirm.value().get() {
                    Some(Err(e)) => other_error(&e.0, &["code", "password"]),
                    _ => None,
                }}
            </p>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || confirm.pending().get()>
                    {t("security-2fa-turn-on")}
                </button>
                <button type="button" on:click=move |_| on_cancel()>
                    {crate::i18n::t("common-cancel")}
                </button>
            </div>
        </form>
    }
}

/// Recovery codes, shown once: copy, download, and done.
#[component]
fn RecoveryList(codes: RecoveryCodes, on_done: impl Fn() + 'static) -> impl IntoView {
    let text = codes.0.join("\n") + "\n";
    let download = format!("data:text/plain;charset=utf-8,{}", vestibule_domain::url::percent_encode(&text, b""));
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move { copied.set(Some(copy_to_clipboard(text).await)) });
    };
    view! {
        <div class="recovery" role="region" aria-labelledby="recovery-new-heading">
            <h3 id="recovery-new-heading" tabindex="-1">{t("security-codes-new-title")}</h3>
            <p class="warning" role="note">{t("security-codes-save")}</p>
            <ol class="codes" data-testid="recovery-codes">
                {codes.0.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ol>
            <div class="actions">
                <button type="button" on:click=copy>{t("security-codes-copy")}</button>
                <a class="button" href=download download="recovery-codes.txt">{t("security-codes-download")}</a>
                <button type="button" class="primary" on:click=move |_| on_done()>{t("security-codes-done")}</button>
            </div>
            <p class="toast" role="status">
                {move || copied.get().map(|ok| if ok { t("security-codes-copied") } else { t("security-codes-copy-blocked") })}
            </p>
        </div>
    }
}

/// With two-factor sign-in on: recovery codes left, new ones, and turning it off.
#[component]
fn Manage(
    status: RwSignal<TwoFactorStatus>,
    regenerate: ServerAction<NewRecoveryCodes>,
    off: ServerAction<TurnOffTwoFactor>,
) -> impl IntoView {
    let (codes_password, off_password) = (FieldState::new(), FieldState::new());
    let sign_out_others = RwSignal::new(true);
    let (codes_check, off_check) = (required(codes_password), required(off_password));
    Effect::new(move |_| match regenerate.value().get() {
        Some(Ok(_)) => codes_password.reset(String::new()),
        Some(Err(e)) => codes_password.server_error.set(e.0.for_field_in("password", language())),
        None => {}
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = off.value().get() {
            off_password.server_error.set(e.0.for_field_in("password", language()));
        }
    });
    let on_regenerate = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        codes_password.touched.set(true);
        if codes_check.get_untracked().is_none() {
            regenerate.dispatch(NewRecoveryCodes { password: codes_password.value.get_untracked() });
        }
    };
    let on_off = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        off_password.touched.set(true);
        if off_check.get_untracked().is_none() {
            off.dispatch(TurnOffTwoFactor {
                password: off_password.value.get_untracked(),
                sign_out_others: sign_out_others.get_untracked(),
            });
        }
    };
    view! {
        <h3 id="recovery-heading">{t("security-codes-heading")}</h3>
        <p data-testid="recovery-left">
            {move || t_args("security-codes-left", &[("count", status.get().recovery_left.into())])}
        </p>
        {move || status.get().recovery_low().then(|| view! { <p class="warning" role="note">{t("security-codes-low")}</p> })}
        <form class="reauth" on:submit=on_regenerate novalidate aria-labelledby="recovery-heading">
            <Field
                label=t("security-field-password")
                name="codes_password"
                kind="password"
                state=codes_password
                check=codes_check
                autocomplete="current-password"
                hint=t("security-codes-regenerate-hint")
            />
            <p class="form-error" role="alert">
                {move || match regenerate.value().get() {
                    Some(Err(e)) => other_error(&e.0, &["password"]),
                    _ => None,
                }}
            </p>
            <button type="submit" disabled=move || regenerate.pending().get()>{t("security-codes-regenerate")}</button>
        </form>
        <h3 id="two-factor-off-heading">{t("security-2fa-off-heading")}</h3>
        <form class="reauth" on:submit=on_off novalidate aria-labelledby="two-factor-off-heading">
            <Field
                label=t("security-field-password")
                name="off_password"
                kind="password"
                state=off_password
                check=off_check
                autocomplete="current-password"
            />
            <Toggle
                id="field-off_sign_out_others"
                name="sign_out_others"
                label=t("security-sign-out-others")
                checked=sign_out_others
            />
            <p class="form-error" role="alert">
                {move || match off.value().get() {
                    Some(Err(e)) => other_error(&e.0, &["password"]),
                    _ => None,
                }}
            </p>
            <button type="submit" class="danger" disabled=move || off.pending().get()>{t("security-2fa-turn-off")}</button>
        </form>
    }
}
