//! Settings → Security → passkeys: each one with its name, when it was added and last used; add one
//! (a name, a recent proof, then the browser's prompt), rename it, remove it (a recent proof).

use crate::api::security::{AddPasskey, PasskeyRow, RemovePasskey, RenamePasskey, StartPasskey};
use crate::components::{Field, FieldState, Reauth, ReauthDialog, focus_later};
use crate::i18n::{language, security::t, security::t_args};
use leptos::prelude::*;
use vestibule_domain::passkeys::PasskeyName;

#[component]
pub fn PasskeysSection(rows: Vec<PasskeyRow>) -> impl IntoView {
    let rows = RwSignal::new(rows);
    let reauth = Reauth::new();
    let start = ServerAction::<StartPasskey>::new();
    let add = ServerAction::<AddPasskey>::new();
    let remove = ServerAction::<RemovePasskey>::new();
    reauth.watch(start);
    reauth.watch(remove);
    let name = FieldState::new();
    let check = Signal::derive(move || PasskeyName::parse(&name.value.get()).err().map(|e| e.message(language())));
    // A message from the browser's prompt (cancelled, unsupported…), which no server answer carries.
    let prompt_error = RwSignal::new(None::<String>);
    let prompting = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(challenge)) = start.value().get() {
            prompting.set(true);
            leptos::task::spawn_local(async move {
                let answer = crate::webauthn::create(&challenge.options).await;
                prompting.set(false);
                match answer {
                    Ok(credential) => {
                        add.dispatch(AddPasskey {
                            ceremony: challenge.ceremony,
                            name: name.value.get_untracked(),
                            credential,
                        });
                    }
                    Err(e) => prompt_error.set(Some(e.message(language()))),
                }
            });
        }
    });
    Effect::new(move |_| match add.value().get() {
        Some(Ok(row)) => {
            notice.set(Some(t_args("security-passkeys-added", &[("name", row.name.clone().into())])));
            rows.update(|r| r.push(row));
            name.reset(String::new());
            focus_later("passkeys-status");
        }
        Some(Err(e)) => name.server_error.set(e.0.for_field_in("name", language())),
        None => {}
    });
    // The passkey being removed (one at a time): it leaves the list when the server says so.
    let leaving = RwSignal::new(None::<i64>);
    let editing = RwSignal::new(None::<(i64, Mode)>);
    Effect::new(move |_| {
        if let (Some(Ok(())), Some(id)) = (remove.value().get(), leaving.get_untracked()) {
            rows.update(|r| r.retain(|p| p.id != id));
            notice.set(Some(t("security-passkeys-removed")));
            focus_later("passkeys-status");
        }
    });
    let error = move || {
        prompt_error.get().or_else(|| match (start.value().get(), add.value().get(), remove.value().get()) {
            (Some(Err(e)), _, _) | (_, Some(Err(e)), _) | (_, _, Some(Err(e)))
                if !Reauth::asks(&e) && e.for_field("name").is_none() =>
            {
                Some(e.0.message(language()))
            }
            _ => None,
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        name.touched.set(true);
        prompt_error.set(None);
        notice.set(None);
        if check.get_untracked().is_none() {
            reauth.dispatch(start, StartPasskey {});
        }
    };
    let busy = move || start.pending().get() || prompting.get() || add.pending().get();
    view! {
        <section aria-labelledby="passkeys-heading">
            <h2 id="passkeys-heading">{t("security-passkeys-heading")}</h2>
            <p class="hint">{t("security-passkeys-intro")}</p>
            <p class="status" id="passkeys-status" tabindex="-1" data-testid="passkeys-status">
                {move || match rows.with(Vec::len) {
                    0 => t("security-passkeys-none"),
                    n => t_args("security-passkeys-count", &[("count", n.into())]),
                }}
            </p>
            <p class="toast" role="status">{move || notice.get()}</p>
            <ul class="passkeys" data-testid="passkeys">
                {move || {
                    rows.get()
                        .into_iter()
                        .map(|row| view! { <PasskeyItem row rows remove leaving editing reauth /> })
                        .collect_view()
                }}
            </ul>
            <form class="passkey-add" on:submit=on_submit novalidate>
                <Field
                    label=t("security-passkeys-field-name")
                    name="passkey_name"
                    state=name
                    check=check
                    hint=t("security-passkeys-name-hint")
                />
                <p class="form-error" role="alert">{error}</p>
                <button type="submit" class="primary" disabled=busy>
                    {move || if busy() { t("security-passkeys-adding") } else { t("security-passkeys-add") }}
                </button>
            </form>
            <ReauthDialog reauth />
        </section>
    }
}

/// One passkey: its facts, and rename or remove in place (each asks before it acts).
#[component]
fn PasskeyItem(
    row: PasskeyRow,
    rows: RwSignal<Vec<PasskeyRow>>,
    remove: ServerAction<RemovePasskey>,
    leaving: RwSignal<Option<i64>>,
    editing: RwSignal<Option<(i64, Mode)>>,
    reauth: Reauth,
) -> impl IntoView {
    let id = row.id;
    // What this passkey's row shows: one row at a time renames or asks (the section's `editing`).
    let mode = move || editing.get().filter(|(at, _)| *at == id).map_or(Mode::Show, |(_, m)| m);
    let set_mode = move |m: Mode| editing.set((m != Mode::Show).then_some((id, m)));
    let name = FieldState::new();
    let check = Signal::derive(move || PasskeyName::parse(&name.value.get()).err().map(|e| e.message(language())));
    let current = row.name.clone();
    // Its own action: an answer belongs to this passkey's form only.
    let rename = ServerAction::<RenamePasskey>::new();
    Effect::new(move |_| match rename.value().get() {
        Some(Ok(())) => {
            let new = PasskeyName::parse(&name.value.get_untracked()).map(|n| n.as_str().to_string());
            set_mode(Mode::Show);
            focus_later(format!("passkey-{id}"));
            // Last: the list is drawn again from it, and this item with it.
            if let Ok(new) = new {
                rows.update(|r| r.iter_mut().filter(|p| p.id == id).for_each(|p| p.name = new.clone()));
            }
        }
        Some(Err(e)) => name.server_error.set(e.0.for_field_in("name", language())),
        None => {}
    });
    let facts = t_args(
        "security-passkeys-facts",
        &[
            ("added", row.added.clone().into()),
            ("last_used", row.last_used.clone().unwrap_or_else(|| t("security-passkeys-never")).into()),
        ],
    );
    let label = row.name.clone();
    view! {
        <li class="passkey" id=format!("passkey-{id}") tabindex="-1">
            <strong>{row.name.clone()}</strong>
            <span class="hint">{facts}</span>
            {move || match mode() {
                Mode::Show => {
                    let (rename_label, remove_label) = (
                        t_args("security-passkeys-rename-label", &[("name", label.clone().into())]),
                        t_args("security-passkeys-remove-label", &[("name", label.clone().into())]),
                    );
                    let current = current.clone();
                    view! {
                        <span class="actions">
                            <button type="button" class="link" aria-label=rename_label on:click=move |_| {
                                name.reset(current.clone());
                                set_mode(Mode::Rename);
                                focus_later("field-passkey_rename");
                            }>{t("security-passkeys-rename")}</button>
                            <button type="button" class="link danger" aria-label=remove_label on:click=move |_| {
                                set_mode(Mode::ConfirmRemove);
                                focus_later(format!("passkey-remove-{id}"));
                            }>{t("security-passkeys-remove")}</button>
                        </span>
                    }
                        .into_any()
                }
                Mode::Rename => {
                    let on_submit = move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        name.touched.set(true);
                        if check.get_untracked().is_none() {
                            rename.dispatch(RenamePasskey { id, name: name.value.get_untracked() });
                        }
                    };
                    view! {
                        <form class="inline" on:submit=on_submit novalidate>
                            <Field
                                label=t("security-passkeys-field-rename")
                                name="passkey_rename"
                                state=name
                                check=check
                            />
                            <button type="submit" class="primary" disabled=move || rename.pending().get()>
                                {t("security-passkeys-save")}
                            </button>
                            <button type="button" on:click=move |_| set_mode(Mode::Show)>
                                {t("security-passkeys-cancel")}
                            </button>
                        </form>
                    }
                        .into_any()
                }
                Mode::ConfirmRemove => {
                    let question = t_args("security-passkeys-remove-confirm", &[("name", label.clone().into())]);
                    view! {
                        <span class="confirm" role="group" aria-label=question.clone()>
                            <span>{question.clone()}</span>
                            <button
                                type="button"
                                class="danger"
                                id=format!("passkey-remove-{id}")
                                disabled=move || remove.pending().get()
                                on:click=move |_| {
                                    leaving.set(Some(id));
                                    reauth.dispatch(remove, RemovePasskey { id });
                                }
                            >
                                {t("security-passkeys-remove")}
                            </button>
                            <button type="button" on:click=move |_| set_mode(Mode::Show)>
                                {t("security-passkeys-cancel")}
                            </button>
                        </span>
                    }
                        .into_any()
                }
            }}
        </li>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Show,
    Rename,
    ConfirmRemove,
}
