//! Settings → API keys: the table of keys and the dialogs that create, show, edit, rotate and delete them.

mod dialogs;
mod form;
mod state;

use crate::api::keys::{KeysData, my_keys};
use crate::components::now_ms;
use crate::components::{Reauth, ReauthDialog};
use crate::i18n::{api_keys::t, api_keys::t_args, language};
use leptos::prelude::*;
use leptos_meta::Title;
use state::{FormContext, Keys, Open};
use vestibule_domain::UserError;
use vestibule_domain::api_keys::{ApiKeyInfo, Hygiene, KeyStatus};
use vestibule_domain::datetime::format_datetime;

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let keys = Keys {
        open: RwSignal::new(Open::Nothing),
        create: ServerAction::new(),
        update: ServerAction::new(),
        rotate: ServerAction::new(),
        delete: ServerAction::new(),
        reauth: Reauth::new(),
    };
    keys.reauth.watch(keys.create);
    keys.reauth.watch(keys.rotate);
    // The list reloads after a change that worked; a refused one leaves the dialog (and its input) as it was.
    let changed = RwSignal::new(0u32);
    let data = crate::codec::resource(move || changed.get(), |_| my_keys());
    // The dialogs need the list's context, but only once the page is interactive: an effect (which
    // never runs on the server) copies it, so the server's render never reads the resource outside
    // its <Transition> (under concurrent requests that read left pages unfinished: `cargo xtask stress`).
    let context = RwSignal::new(None::<FormContext>);
    // Once: set again after every reload, it would build the open dialog anew (losing what was typed,
    // and disposing the old one while its opening frame was still to come).
    Effect::new(move |_| {
        if let Some(Ok(d)) = data.get()
            && context.with_untracked(Option::is_none)
        {
            context.set(Some(FormContext {
                catalog: d.catalog,
                policy: d.policy,
                preferences: d.preferences,
                is_admin: d.is_admin,
            }));
        }
    });
    // `?rotate=<id>` (an expiry reminder's link) opens that key's rotate dialog, once, when the list is there.
    let query = leptos_router::hooks::use_query_map();
    let asked = StoredValue::new(query.read_untracked().get("rotate"));
    Effect::new(move |_| {
        if let (Some(Ok(d)), Some(id)) = (data.get(), asked.get_value()) {
            asked.set_value(None);
            if let Some(key) = d.keys.into_iter().find(|k| k.id == id && k.retires_at.is_none()) {
                keys.open.set(Open::Rotate(key));
            }
        }
    });
    Effect::new(move |_| {
        let created = keys.create.value().get().and_then(Result::ok);
        let rotated = keys.rotate.value().get().and_then(Result::ok);
        if let Some(revealed) = created.or(rotated) {
            keys.create.clear();
            keys.rotate.clear();
            keys.open.set(Open::Reveal(revealed));
            changed.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        let edited = matches!(keys.update.value().get(), Some(Ok(_)));
        let deleted = matches!(keys.delete.value().get(), Some(Ok(())));
        if edited || deleted {
            keys.update.clear();
            keys.delete.clear();
            keys.open.set(Open::Nothing);
            changed.update(|n| *n += 1);
        }
    });
    view! {
        <Title text=t("keys-title") />
        <h1>{t("keys-title")}</h1>
        <p class="lead">
            {t("keys-lead-start")}
            <a href="/api/v1/openapi.json" rel="external">{t("keys-lead-link")}</a>
            {t("keys-lead-end")}
        </p>
        // A transition keeps the table (and the focus in it) while the list reloads after a change.
        <Transition fallback=|| view! { <p class="loading">{t("common-loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <KeysView data keys /> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.0.message(language())}</p> }.into_any(),
                }
            })}
        </Transition>
        {move || context.get().map(|context| view! { <dialogs::Dialogs context keys /> })}
        <ReauthDialog reauth=keys.reauth />
    }
}

#[component]
fn KeysView(data: KeysData, keys: Keys) -> impl IntoView {
    let live = data.keys.iter().filter(|k| k.retires_at.is_none()).count();
    let at_limit = data.policy.at_limit(live);
    let limit_message = UserError::KeyLimit { max: data.policy.max_keys }.message(language());
    let prefs = data.preferences.clone();
    let now = now_ms();
    let empty = data.keys.is_empty();
    let rows =
        data.keys.iter().cloned().map(|key| view! { <KeyRow key=key prefs=prefs.clone() now keys /> }).collect_view();
    view! {
        <div class="toolbar">
            // aria-disabled, not disabled: the button stays focusable, so its explanation is reachable.
            <button
                type="button"
                class="primary"
                aria-disabled=if at_limit { "true" } else { "false" }
                aria-describedby=at_limit.then_some("key-limit")
                on:click=move |_| {
                    if !at_limit {
                        keys.create.clear();
                        keys.open.set(Open::Generate);
                    }
                }
            >
                {t("keys-generate")}
            </button>
            {at_limit.then(|| view! { <p class="hint" id="key-limit">{limit_message}</p> })}
        </div>
        {if empty {
            view! {
                <div class="empty" data-testid="keys-empty">
                    <h2>{t("keys-empty-heading")}</h2>
                    <p>
                        {t("keys-empty-text")} " " {t("keys-empty-see-start")}
                        <a href="/api/v1/openapi.json" rel="external">{t("keys-empty-see-link")}</a>
                        {t("keys-empty-see-end")}
                    </p>
                </div>
            }
                .into_any()
        } else {
            view! {
                <table class="keys">
                    <caption class="visually-hidden">{t("keys-table-caption")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t("keys-col-name")}</th>
                            <th scope="col">{t("keys-col-key")}</th>
                            <th scope="col">{t("keys-col-scopes")}</th>
                            <th scope="col">{t("keys-col-created")}</th>
                            <th scope="col">{t("keys-col-expires")}</th>
                            <th scope="col">{t("keys-col-last-used")}</th>
                            <th scope="col">{t("keys-col-status")}</th>
                            <th scope="col"><span class="visually-hidden">{t("keys-col-actions")}</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
                .into_any()
        }}
    }
}

#[component]
fn KeyRow(key: ApiKeyInfo, prefs: vestibule_domain::Preferences, now: i64, keys: Keys) -> impl IntoView {
    let status = key.status(now);
    let badge = match status {
        KeyStatus::Active => "badge ok",
        KeyStatus::ExpiresSoon { .. } => "badge warn",
        KeyStatus::Expired | KeyStatus::RotatedOut => "badge off",
    };
    let label = match (status, key.retires_at) {
        (KeyStatus::RotatedOut, Some(until)) => {
            t_args("keys-rotated-until", &[("date", format_datetime(until, &prefs).into())])
        }
        _ => status.label_in(language()),
    };
    let last_used = match (key.last_used_at, &key.last_used_ip) {
        (Some(at), Some(ip)) if !ip.is_empty() => {
            t_args("keys-last-used-from", &[("date", format_datetime(at, &prefs).into()), ("ip", ip.clone().into())])
        }
        (Some(at), _) => format_datetime(at, &prefs),
        (None, _) => t("keys-never-used"),
    };
    // Hygiene marks beside the status: never used, idle (expiring soon is the status itself).
    let marks = key
        .hygiene(now)
        .into_iter()
        .map(|mark| {
            let class = match mark {
                Hygiene::NeverUsed => "badge",
                Hygiene::Idle { .. } => "badge warn",
            };
            view! { <span class=class data-hygiene=mark.as_str()>{mark.label_in(language())}</span> }
        })
        .collect_view();
    let allowlist = (!key.allowed_ips.is_empty()).then(|| {
        let ranges = key.allowed_ips.join(", ");
        view! { <span class="hint allowlist">{t("keys-col-allowed")} ": " {ranges}</span> }
    });
    let editable = key.retires_at.is_none();
    let name = key.name.clone();
    let (edit, rotate, delete) = (key.clone(), key.clone(), key.clone());
    view! {
        <tr data-testid="key-row">
            <th scope="row">{key.name.clone()}</th>
            <td><code>{key.display_hint()}</code> {allowlist}</td>
            <td>
                <ul class="scopes">
                    {key.scopes.names().iter().map(|s| view! { <li><code>{s.clone()}</code></li> }).collect_view()}
                </ul>
            </td>
            <td>{format_datetime(key.created_at, &prefs)}</td>
            <td>{format_datetime(key.expires_at, &prefs)}</td>
            <td>
                {last_used}
                {key.last_used_agent.clone().filter(|a| !a.is_empty()).map(|a| view! { <span class="hint agent">{a}</span> })}
            </td>
            <td class="badges"><span class=badge>{label}</span> {marks}</td>
            <td class="row-actions">
                {editable.then(|| view! {
                    <button type="button" class="link" aria-label=t_args("keys-edit-label", &[("name", name.clone().into())])
                        on:click=move |_| { keys.update.clear(); keys.open.set(Open::Edit(edit.clone())) }>{t("keys-edit")}</button>
                    <button type="button" class="link" aria-label=t_args("keys-rotate-label", &[("name", name.clone().into())])
                        on:click=move |_| { keys.rotate.clear(); keys.open.set(Open::Rotate(rotate.clone())) }>{t("keys-rotate")}</button>
                })}
                <button type="button" class="link danger" aria-label=t_args("keys-delete-label", &[("name", key.name.clone().into())])
                    on:click=move |_| { keys.delete.clear(); keys.open.set(Open::Delete(delete.clone())) }>{t("keys-delete")}</button>
            </td>
        </tr>
    }
}
