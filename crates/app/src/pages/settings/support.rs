//! Settings → Support, for support staff: the accounts whose owners granted access, and acting on
//! one with a reason. Acting turns this browser's session into the owner's (a full page load, so
//! every part of the page is the owner's), with the banner on every page until it ends.

use crate::api::support::{ActAs, GrantedRow, support_accounts};
use crate::components::{Field, FieldState};
use crate::i18n::{language, support::t, support::t_args};
use leptos::prelude::*;
use leptos_meta::Title;
use vestibule_domain::support::parse_reason;

#[component]
pub fn SupportPage() -> impl IntoView {
    let accounts = crate::codec::resource(|| (), |()| support_accounts());
    view! {
        <Title text=t("support-title") />
        <h1>{t("support-title")}</h1>
        <p class="lead">{t("support-intro")}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match accounts.await {
                    Err(e) => view! { <p class="form-error" role="alert">{e.0.message(language())}</p> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p class="empty">{t("support-empty")}</p> }.into_any(),
                    Ok(rows) => view! {
                        <table class="support-accounts">
                            <caption class="visually-hidden">{t("support-caption")}</caption>
                            <thead><tr>
                                <th scope="col">{t("support-col-account")}</th>
                                <th scope="col">{t("support-col-note")}</th>
                                <th scope="col">{t("support-col-until")}</th>
                            </tr></thead>
                            <tbody>{rows.iter().cloned().map(|row| view! { <Granted row /> }).collect_view()}</tbody>
                        </table>
                        <ActForm usernames=rows.into_iter().map(|r| r.username).collect() />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One account with a running grant.
#[component]
fn Granted(row: GrantedRow) -> impl IntoView {
    let name =
        if row.full_name.is_empty() { row.username.clone() } else { format!("{} ({})", row.full_name, row.username) };
    view! {
        <tr data-testid="granted-account">
            <th scope="row">{name}</th>
            <td>{row.note}</td>
            <td>{row.until}</td>
        </tr>
    }
}

/// Acting on one of the accounts, with a reason.
#[component]
fn ActForm(usernames: Vec<String>) -> impl IntoView {
    let act = ServerAction::<ActAs>::new();
    let account = RwSignal::new(usernames.first().cloned().unwrap_or_default());
    let reason = FieldState::new();
    let check = Signal::derive(move || parse_reason(&reason.value.get()).err().map(|e| e.message(language())));
    Effect::new(move |_| match act.value().get() {
        // The session is the owner's now: load the settings afresh, as the owner's.
        Some(Ok(())) => {
            #[cfg(feature = "hydrate")]
            let _ = window().location().assign("/settings/profile");
        }
        Some(Err(e)) => reason.server_error.set(e.for_field("reason").or_else(|| Some(e.0.message(language())))),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reason.touched.set(true);
        if check.get_untracked().is_none() {
            act.dispatch(ActAs { username: account.get_untracked(), reason: reason.value.get_untracked() });
        }
    };
    view! {
        <form class="act-as" on:submit=on_submit novalidate aria-labelledby="act-heading">
            <h2 id="act-heading">{t("support-col-act")}</h2>
            <div class="field">
                <label for="field-account">{t("support-col-account")}</label>
                <select id="field-account" name="username" on:change=move |ev| account.set(event_target_value(&ev))>
                    {usernames.into_iter().map(|u| view! { <option value=u.clone()>{u.clone()}</option> }).collect_view()}
                </select>
            </div>
            <Field label=t("support-reason") name="reason" state=reason check />
            <button type="submit" class="primary" disabled=move || act.pending().get()>
                {move || t_args("support-act", &[("username", account.get().into())])}
            </button>
        </form>
    }
}
