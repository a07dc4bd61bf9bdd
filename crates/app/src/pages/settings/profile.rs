//! Settings → Profile: username (fixed), full name (editable), email, and when the account began.

use crate::Session;
use crate::api::settings::SetFullName;
use crate::components::{Field, FieldState};
use leptos::prelude::*;
use leptos_meta::Title;
use vestibule_domain::datetime::format_date;
use vestibule_domain::{Account, FullName};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <Title text="Profile" />
        <h1>"Profile"</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let account = session.account.await.ok().flatten()?;
                let prefs = session.preferences.await.unwrap_or_default();
                let since = format_date(account.created_at, &prefs);
                Some(
                    view! {
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
                            <dd data-testid="email">{account.email.clone()}</dd>
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
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || action.pending().get()>
                        "Save"
                    </button>
                    <button type="button" on:click=move |_| editing.set(false)>
                        "Cancel"
                    </button>
                </div>
            </form>
        </Show>
    }
}
