//! Settings → Security → support access: off until the owner grants it for 1 hour, 24 hours or 7
//! days (after a recent proof), with an optional note; while it runs, its end counts down and one
//! button revokes it. Staff acting on the account cannot reach this section (the server refuses).

use crate::api::support::{GrantRow, GrantSupport, RevokeSupport};
use crate::components::{Field, FieldState, Reauth, ReauthDialog, focus_later, now_ms};
use crate::i18n::{language, security::t, security::t_args};
use leptos::prelude::*;
use vestibule_domain::support::{GrantLength, parse_note};

#[component]
pub fn SupportAccessSection(grant: Option<GrantRow>) -> impl IntoView {
    let grant = RwSignal::new(grant);
    let reauth = Reauth::new();
    let give = ServerAction::<GrantSupport>::new();
    let revoke = ServerAction::<RevokeSupport>::new();
    reauth.watch(give);
    let length = RwSignal::new(GrantLength::Hour.as_str().to_string());
    let note = FieldState::new();
    let note_check = Signal::derive(move || parse_note(&note.value.get()).err().map(|e| e.message(language())));
    Effect::new(move |_| match give.value().get() {
        Some(Ok(row)) => {
            note.reset(String::new());
            grant.set(Some(row));
            focus_later("support-access-heading");
        }
        Some(Err(e)) => note.server_error.set(e.for_field("note")),
        None => {}
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = revoke.value().get() {
            grant.set(None);
            focus_later("support-access-heading");
        }
    });
    let error = move || {
        let give =
            give.value().get().and_then(Result::err).filter(|e| !Reauth::asks(e) && e.for_field("note").is_none());
        give.or_else(|| revoke.value().get().and_then(Result::err)).map(|e| e.0.message(language()))
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        note.touched.set(true);
        if note_check.get_untracked().is_none() {
            reauth.dispatch(give, GrantSupport { length: length.get_untracked(), note: note.value.get_untracked() });
        }
    };
    view! {
        <section aria-labelledby="support-access-heading" data-testid="support-access">
            <h2 id="support-access-heading" tabindex="-1">{t("security-support-heading")}</h2>
            <p class="hint">{t("security-support-intro")}</p>
            {move || match grant.get() {
                Some(row) => view! { <Running row revoke /> }.into_any(),
                None => view! {
                    <form class="support-grant" on:submit=on_submit novalidate>
                        <div class="field">
                            <label for="field-support-length">{t("security-support-length")}</label>
                            <select id="field-support-length" name="length"
                                on:change=move |ev| length.set(event_target_value(&ev))>
                                {GrantLength::ALL
                                    .iter()
                                    .map(|l| view! { <option value=l.as_str()>{t(&format!("security-support-length-{}", l.as_str()))}</option> })
                                    .collect_view()}
                            </select>
                        </div>
                        <Field label=t("security-support-note") name="note" state=note check=note_check
                            hint=t("security-support-note-hint") />
                        <button type="submit" class="primary" disabled=move || give.pending().get()>
                            {t("security-support-grant")}
                        </button>
                    </form>
                }.into_any(),
            }}
            <p class="form-error" role="alert">{error}</p>
            <ReauthDialog reauth />
        </section>
    }
}

/// A running grant: until when, a countdown, the note, and the button that ends it.
#[component]
fn Running(row: GrantRow, revoke: ServerAction<RevokeSupport>) -> impl IntoView {
    let now = RwSignal::new(now_ms());
    // The countdown moves in the browser; the server renders the moment of the request.
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(move || now.set(now_ms()), std::time::Duration::from_secs(1)) {
            on_cleanup(move || handle.clear());
        }
    });
    let left = move || {
        let seconds = ((row.expires_at - now.get()) / 1000).max(0);
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        format!("{h}:{m:02}:{s:02}")
    };
    view! {
        <p class="status-on" role="status">
            {t_args("security-support-running", &[("until", row.until.clone().into())])}
        </p>
        <p>{t("security-support-left")} " " <time data-testid="support-countdown">{left}</time></p>
        {(!row.note.is_empty()).then(|| view! { <p class="hint">{t("security-support-note")} ": " {row.note.clone()}</p> })}
        <button type="button" class="danger" on:click=move |_| { revoke.dispatch(RevokeSupport {}); }
            disabled=move || revoke.pending().get()>
            {t("security-support-revoke")}
        </button>
    }
}
