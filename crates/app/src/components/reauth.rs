//! Re-authentication in place ("sudo mode"): when a sensitive change comes back asking the owner to
//! prove it is them, a dialog asks for the password (or a code from the app); once proven, the same
//! change is sent again, so nothing typed is lost.

use super::field::{Field, FieldState, FormActions};
use super::modal::Modal;
use crate::api::security::{Reauthenticate, ReauthenticateWithPasskey, has_passkeys, start_passkey_proof};
use crate::error::AppError;
use crate::i18n::{language, t};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use vestibule_domain::{UserError, ValidationError};

/// A page's re-authentication: which change to send again, and whether the dialog is open.
#[derive(Clone, Copy)]
pub struct Reauth {
    retry: StoredValue<Option<Callback<()>>>,
    open: RwSignal<bool>,
}

impl Reauth {
    pub fn new() -> Self {
        Self { retry: StoredValue::new(None), open: RwSignal::new(false) }
    }

    /// Sends `input` through `action`, kept so that it can go again after a proof; opens the dialog
    /// when the answer asks for one.
    pub fn dispatch<S>(self, action: ServerAction<S>, input: S)
    where
        S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
        S::Output: Send + Sync + 'static,
    {
        let again = input.clone();
        self.retry.set_value(Some(Callback::new(move |()| {
            action.dispatch(again.clone());
        })));
        action.dispatch(input);
    }

    /// Whether `error` is the request for a proof (which the dialog answers, not the form).
    pub fn asks(error: &AppError) -> bool {
        error.0 == UserError::ReauthRequired
    }

    /// Opens the dialog when `action` answers that a proof is needed.
    pub fn watch<S>(self, action: ServerAction<S>)
    where
        S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
        S::Output: Send + Sync + Clone + 'static,
    {
        Effect::new(move |_| {
            if let Some(Err(e)) = action.value().get()
                && Self::asks(&e)
            {
                self.open.set(true);
            }
        });
    }
}

impl Default for Reauth {
    fn default() -> Self {
        Self::new()
    }
}

/// The dialog, while a change waits for a proof. Its code is lazy: with `--split` a chunk of its
/// own, fetched when it first opens, not with the pages that may need it.
#[component]
pub fn ReauthDialog(reauth: Reauth) -> impl IntoView {
    move || {
        reauth.open.get().then(|| {
            view! { <Suspense fallback=|| ()>{Suspend::new(async move { reauth_form(reauth).await })}</Suspense> }
        })
    }
}

#[leptos::lazy]
fn reauth_form(reauth: Reauth) -> AnyView {
    view! { <ReauthForm reauth /> }.into_any()
}

#[component]
fn ReauthForm(reauth: Reauth) -> impl IntoView {
    let action = ServerAction::<Reauthenticate>::new();
    let secret = FieldState::new();
    let check =
        Signal::derive(move || secret.value.get().is_empty().then(|| ValidationError::Required.message(language())));
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            // The change goes again first: closing disposes this form, and nothing of it may be
            // touched after that.
            if let Some(retry) = reauth.retry.get_value() {
                retry.run(());
            }
            reauth.open.set(false);
        }
        Some(Err(e)) => {
            secret.server_error.set(e.0.for_field_in("secret", language()).or_else(|| Some(e.0.message(language()))))
        }
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        secret.touched.set(true);
        if check.get_untracked().is_none() {
            action.dispatch(Reauthenticate { secret: secret.value.get_untracked() });
        }
    };
    // Or one of the account's passkeys, offered when it has one (asked once the dialog is open).
    let passkey = ServerAction::<ReauthenticateWithPasskey>::new();
    // Not a resource: read inside the dialog's Suspense, a resource would suspend it again, and the
    // form would be built anew each time it resolved (the dialog never showing).
    let offer = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        if let Ok(true) = has_passkeys().await {
            offer.set(true);
        }
    });
    let passkey_error = RwSignal::new(None::<String>);
    Effect::new(move |_| match passkey.value().get() {
        Some(Ok(())) => {
            if let Some(retry) = reauth.retry.get_value() {
                retry.run(());
            }
            reauth.open.set(false);
        }
        Some(Err(e)) => passkey_error.set(Some(e.0.message(language()))),
        None => {}
    });
    let use_passkey = move |_| {
        passkey_error.set(None);
        leptos::task::spawn_local(async move {
            let answer = async {
                let challenge = start_passkey_proof().await.map_err(|e| e.0.message(language()))?;
                let credential = crate::webauthn::get(&challenge.options).await.map_err(|e| e.message(language()))?;
                Ok::<_, String>(ReauthenticateWithPasskey { ceremony: challenge.ceremony, credential })
            }
            .await;
            match answer {
                Ok(input) => {
                    passkey.dispatch(input);
                }
                Err(message) => passkey_error.set(Some(message)),
            }
        });
    };
    view! {
        <Modal title=t("reauth-title") title_id="reauth-title" on_close=Callback::new(move |()| reauth.open.set(false))>
            <form on:submit=on_submit novalidate>
                <p>{t("reauth-intro")}</p>
                <Field
                    label=t("reauth-field")
                    name="secret"
                    kind="password"
                    state=secret
                    check=check
                    autocomplete="current-password"
                    autofocus=true
                    hint=t("reauth-hint")
                />
                <FormActions submit=t("reauth-submit") pending=action.pending() on_cancel=move || reauth.open.set(false) />
            </form>
            {move || {
                offer
                    .get()
                    .then(|| {
                        view! {
                            <div class="passkey-sign-in">
                                <button type="button" on:click=use_passkey disabled=move || passkey.pending().get()>
                                    {t("reauth-passkey")}
                                </button>
                                <p class="form-error" role="alert">{move || passkey_error.get()}</p>
                            </div>
                        }
                    })
            }}
        </Modal>
    }
}
