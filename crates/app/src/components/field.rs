//! A labelled form field with its message: the browser's live check from `domain`, or the
//! server's answer, whichever is newer. Accessible: label, `aria-invalid`, `aria-describedby`.

use leptos::prelude::*;

/// The value of one field and whether to show its message yet (after leaving it filled in, or a submit).
#[derive(Clone, Copy)]
pub struct FieldState {
    pub value: RwSignal<String>,
    pub touched: RwSignal<bool>,
    /// The server's message for this field, cleared as soon as the user edits it.
    pub server_error: RwSignal<Option<String>>,
}

impl FieldState {
    pub fn new() -> Self {
        Self { value: RwSignal::new(String::new()), touched: RwSignal::new(false), server_error: RwSignal::new(None) }
    }

    /// Back to `value`, untouched and without the server's message (after a save, or to start again).
    pub fn reset(&self, value: String) {
        self.value.set(value);
        self.touched.set(false);
        self.server_error.set(None);
    }
}

impl Default for FieldState {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn Field(
    #[prop(into)] label: String,
    name: &'static str,
    state: FieldState,
    /// The live check's message for this field (`None` when valid).
    #[prop(into, optional)]
    check: Option<Signal<Option<String>>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] hint: String,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let id = format!("field-{name}");
    let message_id = format!("{id}-message");
    let hint_id = format!("{id}-hint");
    let message = move || {
        state.server_error.get().or_else(|| if state.touched.get() { check.and_then(|c| c.get()) } else { None })
    };
    let described_by = if hint.is_empty() { message_id.clone() } else { format!("{hint_id} {message_id}") };
    view! {
        <div class="field" class:invalid=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                autofocus=autofocus
                aria-invalid=move || if message().is_some() { "true" } else { "false" }
                aria-describedby=described_by
                prop:value=move || state.value.get()
                on:input=move |ev| {
                    state.value.set(event_target_value(&ev));
                    state.server_error.set(None);
                }
                // Leaving a field that was never filled in is no mistake yet (the submit says "required"):
                // a message appearing on that blur would also push the page down under the pointer,
                // so that a click on a link below (log-in ↔ sign-up) lands on nothing.
                on:blur=move |_| {
                    if !state.value.get_untracked().is_empty() {
                        state.touched.set(true);
                    }
                }
            />
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <p class="message" id=message_id aria-live="polite">{message}</p>
        </div>
    }
}

/// Submit and Cancel under an inline form; the submit button is disabled while the request runs.
#[component]
pub fn FormActions(
    #[prop(into)] submit: String,
    #[prop(into)] pending: Signal<bool>,
    on_cancel: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <div class="actions">
            <button type="submit" class="primary" disabled=move || pending.get()>
                {submit}
            </button>
            <button type="button" on:click=move |_| on_cancel()>
                {crate::i18n::t("common-cancel")}
            </button>
        </div>
    }
}

/// A labelled checkbox bound to `checked`, with an optional hint it is described by.
#[component]
pub fn Toggle(
    /// The input's id (`field-…`), unique on the page.
    id: &'static str,
    name: &'static str,
    #[prop(into)] label: String,
    checked: RwSignal<bool>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described_by = hint.is_some().then(|| hint_id.clone());
    view! {
        <div class="toggle">
            <input
                type="checkbox"
                id=id
                name=name
                checked=checked.get_untracked()
                prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))
                aria-describedby=described_by
            />
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <span class="hint" id=hint_id>{hint}</span> })}
        </div>
    }
}
