//! Settings → Profile: username (fixed), full name (editable), email, and when the account began.

use crate::Session;
use crate::api::settings::{CancelEmailChange, ChangeEmail, ResendEmailChange, ResendVerification, SetFullName};
use crate::components::{Field, FieldState, FormActions, Reauth, ReauthDialog};
use crate::i18n::{language, profile::t, profile::t_args};
use leptos::prelude::*;
use leptos_meta::Title;
use vestibule_domain::datetime::format_date;
use vestibule_domain::{Account, EmailAddress, FullName};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <Title text=t("profile-title") />
        <h1>{t("profile-title")}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let crate::api::settings::SettingsData { account, preferences: prefs, pending_email, .. } =
                    session.settings.await.ok().flatten()?;
                let since = format_date(account.created_at, &prefs);
                Some(
                    view! {
                        <super::avatar::AvatarEditor account=account.clone() />
                        <dl class="facts">
                            <dt>{t("profile-username")}</dt>
                            <dd>
                                <span data-testid="username">{account.username.clone()}</span>
                                <span class="hint">" " {t("profile-username-fixed")}</span>
                            </dd>
                            <dt>{t("profile-full-name")}</dt>
                            <dd>
                                <FullNameEditor account=account.clone() />
                            </dd>
                            <dt>{t("profile-email")}</dt>
                            <dd>
                                <EmailEditor
                                    email=account.email.clone()
                                    verified=account.email_verified
                                    pending=pending_email
                                />
                            </dd>
                            <dt>{t("profile-member-since")}</dt>
                            <dd data-testid="member-since">{since}</dd>
                        </dl>
                    },
                )
            })}
        </Suspense>
    }
}

/// Shows the name with an Edit button; editing shows a field with Save and Cancel.
#[component]
fn FullNameEditor(account: Account) -> impl IntoView {
    let action = expect_context::<Session>().action::<SetFullName>();
    let editing = RwSignal::new(false);
    let name = FieldState::new();
    let current = RwSignal::new(account.full_name);
    let check = Signal::derive(move || FullName::parse(&name.value.get()).err().map(|e| e.message(language())));
    Effect::new(move |_| match action.value().get() {
        Some(Ok(saved)) => {
            current.set(saved.full_name);
            editing.set(false);
        }
        Some(Err(e)) => name.server_error.set(e.for_field("full_name").or_else(|| Some(e.0.message(language())))),
        None => {}
    });
    let start = move |_| {
        name.reset(current.get_untracked());
        action.clear();
        editing.set(true);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        name.touched.set(true);
        if check.get_untracked().is_none() {
            action.dispatch(SetFullName { full_name: name.value.get_untracked() });
        }
    };
    view! {
        <Show
            when=move || editing.get()
            fallback=move || {
                view! {
                    <span data-testid="full-name">
                        {move || {
                            let n = current.get();
                            if n.is_empty() { t("profile-name-not-set") } else { n }
                        }}
                    </span>
                    " "
                    <button type="button" class="link" on:click=start>
                        {t("common-edit")}
                    </button>
                    <span class="toast" role="status">
                        {move || matches!(action.value().get(), Some(Ok(_))).then(|| t("profile-name-saved"))}
                    </span>
                }
            }
        >
            <form class="inline" on:submit=on_submit novalidate>
                <Field
                    label=t("profile-full-name")
                    name="full_name"
                    state=name
                    check=check
                    autocomplete="name"
                    autofocus=true
                />
                <FormActions submit=t("common-save") pending=action.pending() on_cancel=move || editing.set(false) />
            </form>
        </Show>
    }
}

/// The current address ("unverified" with a resend button until its link was opened), a pending
/// change (with resend and cancel), and a form to start a change (`ChangeForm`, lazy).
#[component]
fn EmailEditor(email: String, verified: bool, pending: Option<String>) -> impl IntoView {
    let resend = ServerAction::<ResendEmailChange>::new();
    let cancel = ServerAction::<CancelEmailChange>::new();
    // What the server said with the page, then what this page's own actions did.
    let pending = RwSignal::new(pending);
    // The last change sent (its address), for the status line that outlives the form.
    let sent_to = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(())) = cancel.value().get() {
            pending.set(None);
        }
    });
    let editing = RwSignal::new(false);
    let sent = move || match (sent_to.get(), resend.value().get()) {
        (_, Some(Ok(()))) => Some(t("profile-email-resent")),
        (Some(to), _) => Some(t_args("profile-email-sent", &[("email", to.into())])),
        _ => None,
    };
    let form = ChangeForm { editing, pending, sent_to };
    view! {
        <span data-testid="email">{email}</span>
        {(!verified).then(|| view! { <Unverified /> })}
        " "
        <Show when=move || !editing.get()>
            <button type="button" class="link" on:click=move |_| editing.set(true)>
                {t("profile-email-change")}
            </button>
        </Show>
        {move || {
            pending
                .get()
                .map(|address| {
                    view! {
                        <p class="pending" data-testid="pending-email">
                            {t("profile-email-pending")} <strong>{address}</strong> " "
                            <button type="button" class="link" on:click=move |_| { resend.dispatch(ResendEmailChange {}); }>
                                {t("profile-email-resend")}
                            </button>
                            <button type="button" class="link" on:click=move |_| { cancel.dispatch(CancelEmailChange {}); }>
                                {t("profile-email-cancel")}
                            </button>
                        </p>
                    }
                })
        }}
        <p class="toast" role="status">{sent}</p>
        {move || {
            editing
                .get()
                .then(|| {
                    view! { <Suspense fallback=|| ()>{Suspend::new(async move { change_form(form).await })}</Suspense> }
                })
        }}
    }
}

/// What the change form shares with the editor around it.
#[derive(Clone, Copy)]
struct ChangeForm {
    editing: RwSignal<bool>,
    pending: RwSignal<Option<String>>,
    sent_to: RwSignal<Option<String>>,
}

/// The form that starts a change of address. Lazy: with `--split` its code, and the
/// re-authentication a change needs, are a chunk fetched on the first "Change", not with the page.
#[leptos::lazy]
fn change_form(form: ChangeForm) -> AnyView {
    view! { <EmailChangeForm form /> }.into_any()
}

/// A new address, checked live; sent after a recent proof of the owner (the dialog asks, then sends
/// it again), then the link goes to the new address.
#[component]
fn EmailChangeForm(form: ChangeForm) -> impl IntoView {
    let change = ServerAction::<ChangeEmail>::new();
    let reauth = Reauth::new();
    reauth.watch(change);
    let field = FieldState::new();
    let check = Signal::derive(move || EmailAddress::parse(&field.value.get()).err().map(|e| e.message(language())));
    Effect::new(move |_| match change.value().get() {
        Some(Ok(address)) => {
            form.pending.set(Some(address.clone()));
            form.sent_to.set(Some(address));
            // Last: closing disposes this form.
            form.editing.set(false);
        }
        Some(Err(e)) if !Reauth::asks(&e) => {
            field.server_error.set(e.for_field("email").or_else(|| Some(e.0.message(language()))))
        }
        Some(Err(_)) => {}
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        field.touched.set(true);
        if check.get_untracked().is_none() {
            reauth.dispatch(change, ChangeEmail { email: field.value.get_untracked() });
        }
    };
    view! {
        <ReauthDialog reauth />
        <form class="inline" on:submit=on_submit novalidate>
            <Field
                label=t("profile-email-new")
                name="email"
                kind="email"
                state=field
                check=check
                autocomplete="email"
                autofocus=true
            />
            <FormActions submit=t("profile-email-send") pending=change.pending() on_cancel=move || form.editing.set(false) />
        </form>
    }
}

/// "Unverified" beside the address, and a button that mails a new link (the old one stops working).
#[component]
fn Unverified() -> impl IntoView {
    let resend = ServerAction::<ResendVerification>::new();
    let sent = move || matches!(resend.value().get(), Some(Ok(()))).then(|| t("profile-email-verification-sent"));
    let error = move || match resend.value().get() {
        Some(Err(e)) => Some(e.0.message(language())),
        _ => None,
    };
    view! {
        " "
        <span class="badge warn" data-testid="email-unverified">
            {t("profile-email-unverified")}
        </span>
        " "
        <button
            type="button"
            class="link"
            disabled=move || resend.pending().get()
            on:click=move |_| {
                resend.dispatch(ResendVerification {});
            }
        >
            {t("profile-email-verification-resend")}
        </button>
        <p class="toast" role="status">{sent}</p>
        <p class="form-error" role="alert">{error}</p>
    }
}
