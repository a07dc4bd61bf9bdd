//! Settings → Security → sessions: every browser signed in to the account (browser and system, IP
//! address, signed in, last active: the shared formatter in the user's zone), this one marked; sign
//! out one, or all others. A signed-out session is refused on its next request.

use crate::api::security::{SessionRow, SignOutOtherSessions, SignOutSession};
use crate::i18n::{language, security::t, security::t_args};
use leptos::prelude::*;

#[component]
pub fn SessionsSection(rows: Vec<SessionRow>) -> impl IntoView {
    view! {
        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{t("security-sessions-heading")}</h2>
            <p class="hint">{t("security-sessions-intro")}</p>
            <SessionList rows />
        </section>
    }
}

/// The list as the page loaded it, less the sessions signed out since (each answer says which).
#[component]
fn SessionList(rows: Vec<SessionRow>) -> impl IntoView {
    let rows = RwSignal::new(rows);
    let one = ServerAction::<SignOutSession>::new();
    let others = ServerAction::<SignOutOtherSessions>::new();
    // The session being signed out (one at a time): it leaves the list when the server says so.
    let leaving = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let (Some(Ok(())), Some(id)) = (one.value().get(), leaving.get_untracked()) {
            rows.update(|r| r.retain(|s| s.id != id));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = others.value().get() {
            rows.update(|r| r.retain(|s| s.current));
        }
    });
    let error = move || match (one.value().get(), others.value().get()) {
        (Some(Err(e)), _) | (_, Some(Err(e))) => Some(e.0.message(language())),
        _ => None,
    };
    view! {
        <ul class="sessions" data-testid="sessions">
            {move || rows.get().into_iter().map(|row| view! { <SessionItem row one leaving /> }).collect_view()}
        </ul>
        <p class="form-error" role="alert">{error}</p>
        <button
            type="button"
            class="danger"
            disabled=move || rows.with(|r| r.iter().all(|s| s.current)) || others.pending().get()
            on:click=move |_| {
                others.dispatch(SignOutOtherSessions {});
            }
        >
            {t("security-sessions-sign-out-others")}
        </button>
    }
}

#[component]
fn SessionItem(row: SessionRow, one: ServerAction<SignOutSession>, leaving: RwSignal<Option<i64>>) -> impl IntoView {
    let unknown = t("security-sessions-unknown");
    let device = t_args(
        "security-sessions-device",
        &[
            ("browser", row.browser.clone().unwrap_or_else(|| unknown.clone()).into()),
            ("os", row.os.clone().unwrap_or(unknown).into()),
        ],
    );
    let id = row.id;
    let label = t_args("security-sessions-sign-out-label", &[("device", device.clone().into())]);
    view! {
        <li class="session">
            <strong>{device}</strong>
            {row.current.then(|| view! { <span class="badge ok">{t("security-sessions-this-device")}</span> })}
            <span class="hint">
                {t_args(
                    "security-sessions-facts",
                    &[
                        ("ip", row.ip.into()),
                        ("signed_in", row.signed_in.into()),
                        ("last_active", row.last_active.into()),
                    ],
                )}
            </span>
            {(!row.current).then(|| view! {
                <button type="button" class="link danger" aria-label=label on:click=move |_| {
                    leaving.set(Some(id));
                    one.dispatch(SignOutSession { id });
                }>
                    {t("security-sessions-sign-out")}
                </button>
            })}
        </li>
    }
}
