//! The dialogs of the API-keys page. Each checks its input with `domain` before sending, and shows
//! the server's message next to the field it names.

use super::form::{Expiry, ExpiryPicker, ScopePicker};
use super::state::{FormContext, Keys, Open};
use crate::api::keys::{CreateKey, DeleteKey, RevealedKey, RotateKey, UpdateKey};
use crate::components::{Field, FieldState, FormActions, Modal, copy_to_clipboard, now_ms};
use crate::error::AppError;
use crate::i18n::{api_keys::t, api_keys::t_args, language};
use leptos::prelude::*;
use vestibule_domain::api_keys::{ApiKeyInfo, GracePeriod, IpAllowlist, KeyChanges, NewKey, Rotation};
use vestibule_domain::{FieldError, UserError};

/// Shows the open dialog. The dialogs' code is lazy: with `--split` it is a chunk of its own,
/// fetched on the first opening, not with the page (every dialog is closed on arrival).
#[component]
pub fn Dialogs(context: FormContext, keys: Keys) -> impl IntoView {
    move || {
        let open = keys.open.get();
        if open == Open::Nothing {
            return ().into_any();
        }
        let context = context.clone();
        view! { <Suspense fallback=|| ()>{Suspend::new(async move { dialog(open, context, keys).await })}</Suspense> }
            .into_any()
    }
}

#[leptos::lazy]
fn dialog(open: Open, context: FormContext, keys: Keys) -> AnyView {
    match open {
        Open::Nothing => ().into_any(),
        Open::Generate => view! { <GenerateDialog context keys /> }.into_any(),
        Open::Reveal(revealed) => view! { <RevealDialog revealed keys /> }.into_any(),
        Open::Edit(key) => view! { <EditDialog key context keys /> }.into_any(),
        Open::Rotate(key) => view! { <RotateDialog key context keys /> }.into_any(),
        Open::Delete(key) => view! { <DeleteDialog key keys /> }.into_any(),
    }
}

/// The message for `field`: the server's answer if it named this field, else the browser's own check.
fn message_for(
    field: &'static str,
    server: impl Fn() -> Option<Result<(), AppError>> + Copy + Send + Sync + 'static,
    local: Memo<Vec<FieldError>>,
    submitted: RwSignal<bool>,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        if let Some(Err(e)) = server()
            && let Some(m) = e.for_field(field)
        {
            return Some(m);
        }
        submitted
            .get()
            .then(|| local.with(|errors| errors.iter().find(|e| e.field == field).map(|e| e.message(language()))))?
    })
}

/// A problem the server reported that belongs to no field (the key limit, a missing scope…).
fn general_error(server: Option<Result<(), AppError>>) -> Option<String> {
    match server? {
        Err(AppError(UserError::Invalid(_))) | Ok(()) => None,
        Err(e) => Some(e.0.message(language())),
    }
}

/// The allowlist field's entries (`IpAllowlist::split`), checked with the rest of the request.
fn ip_entries(text: &str) -> Vec<String> {
    IpAllowlist::split(text).into_iter().map(str::to_string).collect()
}

/// The message of `field` for a `Field`: the browser's own check of it.
fn check_of(local: Memo<Vec<FieldError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || local.with(|errors| errors.iter().find(|e| e.field == field).map(|e| e.message(language()))))
}

fn close(keys: Keys) -> Callback<()> {
    Callback::new(move |()| keys.open.set(Open::Nothing))
}

#[component]
fn GenerateDialog(context: FormContext, keys: Keys) -> impl IntoView {
    let name = FieldState::new();
    let allowed = FieldState::new();
    let scopes = RwSignal::new(Vec::<String>::new());
    let expiry = Expiry::new(&context.policy);
    let submitted = RwSignal::new(false);
    let (catalog, policy, is_admin, zone) =
        (context.catalog.clone(), context.policy, context.is_admin, context.preferences.time_zone.clone());
    let request = move || {
        let (expires_in_days, expires_on) = expiry.request();
        let allowed_ips = ip_entries(&allowed.value.get());
        NewKey { name: name.value.get(), scopes: scopes.get(), expires_in_days, expires_on, allowed_ips }
    };
    let local =
        Memo::new(move |_| request().validate(&catalog, &policy, is_admin, now_ms(), &zone).err().unwrap_or_default());
    let server = move || keys.create.value().get().map(|r| r.map(|_| ()));
    Effect::new(move |_| {
        if let Some(Err(e)) = keys.create.value().get() {
            name.server_error.set(e.for_field("name"));
            allowed.server_error.set(e.for_field("allowed_ips"));
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        name.touched.set(true);
        allowed.touched.set(true);
        if local.with_untracked(Vec::is_empty) {
            keys.reauth.dispatch(keys.create, CreateKey { request: request() });
        }
    };
    view! {
        <Modal title=t("key-generate-title") on_close=close(keys)>
            <form on:submit=on_submit novalidate>
                <Field label=t("key-field-name") name="name" state=name check=check_of(local, "name") autofocus=true
                    hint=t("key-name-hint") />
                <ScopePicker catalog=context.catalog.clone() is_admin=context.is_admin selected=scopes
                    message=message_for("scopes", server, local, submitted) />
                <ExpiryPicker policy=context.policy prefs=context.preferences.clone() expiry
                    message=message_for("expires", server, local, submitted) />
                <Field label=t("key-allowed-label") name="allowed_ips" state=allowed check=check_of(local, "allowed_ips")
                    hint=t("key-allowed-hint") />
                <p class="form-error" role="alert">{move || general_error(server())}</p>
                <FormActions submit=t("key-generate-submit") pending=keys.create.pending() on_cancel=move || keys.open.set(Open::Nothing) />
            </form>
        </Modal>
    }
}

#[component]
fn RevealDialog(revealed: RevealedKey, keys: Keys) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let copied = RwSignal::new(None::<bool>);
    let secret = revealed.secret.clone();
    let select_all = move || {
        if let Some(input) = input.get() {
            input.select();
        }
    };
    let copy = move |_| {
        let secret = secret.clone();
        leptos::task::spawn_local(async move {
            let ok = copy_to_clipboard(secret).await;
            if !ok {
                select_all();
            }
            copied.set(Some(ok));
        });
    };
    view! {
        <Modal title=t_args("key-reveal-title", &[("name", revealed.key.name.clone().into())]) on_close=close(keys)>
            <p class="warning" role="note">
                <strong>{t("key-reveal-warning")}</strong>
                " "
                {t("key-reveal-explain")}
            </p>
            <div class="field">
                <label for="field-secret">{t("key-reveal-field")}</label>
                <div class="copy-row">
                    <input id="field-secret" node_ref=input readonly value=revealed.secret.clone()
                        class="secret" spellcheck="false" autocomplete="off" on:focus=move |_| select_all() />
                    <button type="button" on:click=copy>{t("key-reveal-copy")}</button>
                </div>
                <p class="toast" role="status">
                    {move || match copied.get() {
                        Some(true) => t("key-reveal-copied"),
                        Some(false) => t("key-reveal-copy-blocked"),
                        None => String::new(),
                    }}
                </p>
            </div>
            <div class="actions">
                <button type="button" class="primary" on:click=move |_| keys.open.set(Open::Nothing)>
                    {t("key-reveal-done")}
                </button>
            </div>
        </Modal>
    }
}

#[component]
fn EditDialog(key: ApiKeyInfo, context: FormContext, keys: Keys) -> impl IntoView {
    let name = FieldState::new();
    name.value.set(key.name.clone());
    let allowed = FieldState::new();
    allowed.value.set(key.allowed_ips.join(", "));
    let scopes = RwSignal::new(key.scopes.names().to_vec());
    let submitted = RwSignal::new(false);
    let catalog = context.catalog.clone();
    let is_admin = context.is_admin;
    let changes = move || KeyChanges {
        name: Some(name.value.get()),
        scopes: Some(scopes.get()),
        allowed_ips: Some(ip_entries(&allowed.value.get())),
    };
    let local = Memo::new(move |_| changes().validate(&catalog, is_admin).err().unwrap_or_default());
    let server = move || keys.update.value().get().map(|r| r.map(|_| ()));
    Effect::new(move |_| {
        if let Some(Err(e)) = keys.update.value().get() {
            name.server_error.set(e.for_field("name"));
            allowed.server_error.set(e.for_field("allowed_ips"));
        }
    });
    let id = key.id.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        name.touched.set(true);
        allowed.touched.set(true);
        if local.with_untracked(Vec::is_empty) {
            keys.update.dispatch(UpdateKey { id: id.clone(), changes: untrack(changes) });
        }
    };
    view! {
        <Modal title=t_args("key-edit-title", &[("name", key.name.clone().into())]) on_close=close(keys)>
            <form on:submit=on_submit novalidate>
                <Field label=t("key-field-name") name="name" state=name check=check_of(local, "name") autofocus=true />
                <ScopePicker catalog=context.catalog.clone() is_admin=context.is_admin selected=scopes
                    message=message_for("scopes", server, local, submitted) />
                <Field label=t("key-allowed-label") name="allowed_ips" state=allowed check=check_of(local, "allowed_ips")
                    hint=t("key-allowed-hint") />
                <p class="hint">{t("key-edit-expiry-fixed")}</p>
                <p class="form-error" role="alert">{move || general_error(server())}</p>
                <FormActions submit=t("common-save") pending=keys.update.pending() on_cancel=move || keys.open.set(Open::Nothing) />
            </form>
        </Modal>
    }
}

#[component]
fn RotateDialog(key: ApiKeyInfo, context: FormContext, keys: Keys) -> impl IntoView {
    let expiry = Expiry::new(&context.policy);
    let grace = RwSignal::new(GracePeriod::Day.as_str().to_string());
    let submitted = RwSignal::new(false);
    let (policy, zone) = (context.policy, context.preferences.time_zone.clone());
    let rotation = move || {
        let (expires_in_days, expires_on) = expiry.request();
        Rotation { expires_in_days, expires_on, grace: Some(grace.get()) }
    };
    let local = Memo::new(move |_| rotation().validate(&policy, now_ms(), &zone).err().unwrap_or_default());
    let server = move || keys.rotate.value().get().map(|r| r.map(|_| ()));
    let id = key.id.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        if local.with_untracked(Vec::is_empty) {
            keys.reauth.dispatch(keys.rotate, RotateKey { id: id.clone(), rotation: rotation() });
        }
    };
    let language = language();
    let graces = GracePeriod::ALL
        .iter()
        .map(|g| {
            let value = g.as_str();
            view! { <option value=value selected=move || grace.get() == value>{g.label_in(language)}</option> }
        })
        .collect_view();
    view! {
        <Modal title=t_args("key-rotate-title", &[("name", key.name.clone().into())]) on_close=close(keys)>
            <form on:submit=on_submit novalidate>
                <p>
                    {t("key-rotate-intro-start")} <code>{key.display_hint()}</code> {t("key-rotate-intro-end")}
                </p>
                <ExpiryPicker policy=context.policy prefs=context.preferences.clone() expiry
                    message=message_for("expires", server, local, submitted) />
                <div class="field">
                    <label for="field-grace">{t("key-rotate-grace")}</label>
                    <select id="field-grace"
                        on:change=move |ev| grace.set(event_target_value(&ev))>{graces}</select>
                </div>
                <p class="form-error" role="alert">{move || general_error(server())}</p>
                <FormActions submit=t("key-rotate-submit") pending=keys.rotate.pending() on_cancel=move || keys.open.set(Open::Nothing) />
            </form>
        </Modal>
    }
}

#[component]
fn DeleteDialog(key: ApiKeyInfo, keys: Keys) -> impl IntoView {
    let id = key.id.clone();
    let error = move || match keys.delete.value().get() {
        Some(Err(e)) => Some(e.0.message(language())),
        _ => None,
    };
    view! {
        <Modal title=t_args("key-delete-title", &[("name", key.name.clone().into())]) on_close=close(keys)>
            <p>
                {t("key-delete-intro-start")} <strong>{key.name.clone()}</strong> " (" <code>{key.display_hint()}</code>
                ")" {t("key-delete-intro-end")}
            </p>
            <p class="form-error" role="alert">{error}</p>
            <div class="actions">
                <button type="button" class="danger" disabled=move || keys.delete.pending().get()
                    on:click=move |_| { keys.delete.dispatch(DeleteKey { id: id.clone() }); }>
                    {t("key-delete-submit")}
                </button>
                <button type="button" autofocus on:click=move |_| keys.open.set(Open::Nothing)>{t("common-cancel")}</button>
            </div>
        </Modal>
    }
}
