//! Settings → Profile: username (fixed), full name (editable), email, and when the account began.

use crate::Session;
use crate::api::settings::{CancelEmailChange, ChangeEmail, ResendEmailChange, SetFullName, pending_email};
use crate::components::{Field, FieldState, FormActions};
use leptos::prelude::*;
use leptos_meta::Title;
use vestibule_domain::datetime::format_date;
use vestibule_domain::{Account, EmailAddress, FullName};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <Title text="Profile" />
        <h1>"Profile"</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let crate::api::settings::SettingsData { account, preferences: prefs } =
                    session.settings.await.ok().flatten()?;
                let since = format_date(account.created_at, &prefs);
                Some(
                    view! {
                        <super::avatar::AvatarEditor account=account.clone() />
                        <dl class="facts">
                            <dt>"Username"</dt>
                            <dd>
                                <span data-testid="username">{account.username.clone()}</span>
                                <span class="hint">" Usernames cannot be changed."</span>
                            </dd>
                            <dt>"Full name"</dt>
                            <dd>
                                <FullNameEditor account=account.clone() />
                            </dd>
                            <dt>"Email"</dt>
                            <dd>
                                <EmailEditor email=account.email.clone() />
                            </dd>
                            <dt>"Member since"</dt>
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
    let action = expect_context::<Session>().set_full_name;
    let editing = RwSignal::new(false);
    let name = FieldState::new();
    let current = RwSignal::new(account.full_name);
    let check = Signal::derive(move || FullName::parse(&name.value.get()).err().map(|e| e.to_string()));
    Effect::new(move |_| match action.value().get() {
        Some(Ok(saved)) => {
            current.set(saved.full_name);
            editing.set(false);
        }
        Some(Err(e)) => name.server_error.set(e.for_field("full_name").or_else(|| Some(e.to_string()))),
        None => {}
    });
    let start = move |_| {
        name.value.set(current.get_untracked());
        name.touched.set(false);
        name.server_error.set(None);
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
                            if n.is_empty() { "Not set".to_string() } else { n }
                        }}
                    </span>
                    " "
                    <button type="button" class="link" on:click=start>
                        "Edit"
                    </button>
                    <span class="toast" role="status">
                        {move || matches!(action.value().get(), Some(Ok(_))).then_some("Name saved.")}
                    </span>
                }
            }
        >
            <form class="inline" on:submit=on_submit novalidate>
                <Field label="Full name" name="full_name" state=name check=check autocomplete="name" autofocus=true />
                <FormActions submit="Save" pending=action.pending() on_cancel=move || editing.set(false) />
            </form>
        </Show>
    }
}

/// The current address, a pending change (with resend and cancel), and a form to start a change.
#[component]
fn EmailEditor(email: String) -> impl IntoView {
    let change = ServerAction::<ChangeEmail>::new();
    let resend = ServerAction::<ResendEmailChange>::new();
    let cancel = ServerAction::<CancelEmailChange>::new();
    let pending = Resource::new(
        move || (change.version().get(), resend.version().get(), cancel.version().get()),
        |_| pending_email(),
    );
    let editing = RwSignal::new(false);
    let field = FieldState::new();
    let check = Signal::derive(move || EmailAddress::parse(&field.value.get()).err().map(|e| e.to_string()));
    Effect::new(move |_| match change.value().get() {
        Some(Ok(_)) => editing.set(false),
        Some(Err(e)) => field.server_error.set(e.for_field("email").or_else(|| Some(e.to_string()))),
        None => {}
    });
    let sent = move || match (change.value().get(), resend.value().get()) {
        (_, Some(Ok(()))) => Some("A new verification link is on its way.".to_string()),
        (Some(Ok(to)), _) => {
            Some(format!("We sent a verification link to {to}. The change takes effect when you open it."))
        }
        _ => None,
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        field.touched.set(true);
        if check.get_untracked().is_none() {
            change.dispatch(ChangeEmail { email: field.value.get_untracked() });
        }
    };
    view! {
        <span data-testid="email">{email}</span>
        " "
        <Show when=move || !editing.get()>
            <button type="button" class="link" on:click=move |_| {
                field.value.set(String::new());
                field.touched.set(false);
                field.server_error.set(None);
                editing.set(true);
            }>
                "Change"
            </button>
        </Show>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                pending.await.ok().flatten().map(|address| {
                    view! {
                        <p class="pending" data-testid="pending-email">
                            "Pending: " <strong>{address}</strong> " "
                            <button type="button" class="link" on:click=move |_| { resend.dispatch(ResendEmailChange {}); }>
                                "Resend link"
                            </button>
                            <button type="button" class="link" on:click=move |_| { cancel.dispatch(CancelEmailChange {}); }>
                                "Cancel change"
                            </button>
                        </p>
                    }
                })
            })}
        </Suspense>
        <p class="toast" role="status">{sent}</p>
        <Show when=move || editing.get()>
            <form class="inline" on:submit=on_submit novalidate>
                <Field label="New email address" name="email" kind="email" state=field check=check autocomplete="email" autofocus=true />
                <FormActions
                    submit="Send verification link"
                    pending=change.pending()
                    on_cancel=move || editing.set(false)
                />
            </form>
        </Show>
    }
}
