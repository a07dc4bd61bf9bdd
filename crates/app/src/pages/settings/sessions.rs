//! Settings → Security → sessions: every browser signed in to the account (browser and system, IP
//! address, signed in, last active: the shared formatter in the user's zone), this one marked; sign
//! out one, or all others. A signed-out session is refused on its next request.

use crate::api::security::{SessionRow, SignOutOtherSessions, SignOutSession, my_sessions};
use crate::i18n::{language, security::t, security::t_args};
use leptos::prelude::*;

#[component]
pub fn SessionsSection() -> impl IntoView {
    let one = ServerAction::<SignOutSession>::new();
    let others = ServerAction::<SignOutOtherSessions>::new();
    // The list reloads after a sign-out that worked (as the keys' list does after a change).
    let data = Resource::new(move || (one.version().get(), others.version().get()), |_| my_sessions());
    let error = move || match (one.value().get(), others.value().get()) {
        (Some(Err(e)), _) | (_, Some(Err(e))) => Some(e.0.message(language())),
        _ => None,
    };
    view! {
        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{t("security-sessions-heading")}</h2>
            <p class="hint">{t("security-sessions-intro")}</p>
            <p class="form-error" role="alert">{error}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    data.await.ok().map(|rows| view! { <SessionList rows one others /> })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SessionList(
    rows: Vec<SessionRow>,
    one: ServerAction<SignOutSession>,
    others: ServerAction<SignOutOtherSessions>,
) -> impl IntoView {
    let has_others = rows.iter().any(|r| !r.current);
    let items = rows.into_iter().map(|row| view! { <SessionItem row one /> }).collect_view();
    view! {
        <ul class="sessions" data-testid="sessions">{items}</ul>
        <button
            type="button"
            class="danger"
            disabled=move || !has_others || others.pending().get()
            on:click=move |_| {
                others.dispatch(SignOutOtherSessions {});
            }
        >
            {t("security-sessions-sign-out-others")}
        </button>
    }
}

#[component]
fn SessionItem(row: SessionRow, one: ServerAction<SignOutSession>) -> impl IntoView {
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
                    one.dispatch(SignOutSession { id });
                }>
                    {t("security-sessions-sign-out")}
                </button>
            })}
        </li>
    }
}
