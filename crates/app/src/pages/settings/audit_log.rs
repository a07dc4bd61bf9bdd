//! Settings → Audit log: the account's security events, newest first, a page at a time, filtered
//! by kind, and downloadable as CSV (`/settings/audit-log.csv`, written by the server).

use crate::api::audit::{MyAuditLog, my_audit_log};
use crate::i18n::{audit::t, audit::t_args, language};
use leptos::prelude::*;
use leptos_meta::Title;
use vestibule_domain::audit::{AuditEntry, KINDS, event_name, kind_of};

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let kind = RwSignal::new(String::new());
    let first =
        crate::codec::resource(move || kind.get(), |kind| my_audit_log((!kind.is_empty()).then_some(kind), None));
    let export = move || match kind.get().as_str() {
        "" => "/settings/audit-log.csv".to_string(),
        kind => format!("/settings/audit-log.csv?kind={kind}"),
    };
    view! {
        <Title text=t("audit-title") />
        <h1>{t("audit-title")}</h1>
        <p class="lead">{t("audit-intro")}</p>
        <div class="toolbar">
            <label for="field-kind">{t("audit-filter")}</label>
            <select id="field-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                <option value="" selected=true>{t("audit-kind-all")}</option>
                {KINDS
                    .iter()
                    .map(|k| view! { <option value=*k>{t(&format!("audit-kind-{k}"))}</option> })
                    .collect_view()}
            </select>
            <a class="button" href=export download="">{t("audit-export")}</a>
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                first.await.ok().map(|page| view! { <Events first=page.entries older=page.older kind /> })
            })}
        </Transition>
    }
}

/// The first page of events and, on request, the older ones after it.
#[component]
fn Events(first: Vec<AuditEntry>, older: Option<i64>, kind: RwSignal<String>) -> impl IntoView {
    let empty = first.is_empty();
    let more = ServerAction::<MyAuditLog>::new();
    let later = RwSignal::new(Vec::<AuditEntry>::new());
    let older = RwSignal::new(older);
    Effect::new(move |_| {
        if let Some(Ok(page)) = more.value().get() {
            later.update(|l| l.extend(page.entries));
            older.set(page.older);
        }
    });
    let load_more = move |_| {
        let kind = kind.get_untracked();
        more.dispatch(MyAuditLog { kind: (!kind.is_empty()).then_some(kind), before: older.get_untracked() });
    };
    view! {
        {if empty {
            view! { <p class="empty" data-testid="audit-empty">{t("audit-empty")}</p> }.into_any()
        } else {
            view! {
                <table class="audit" data-testid="audit">
                    <caption class="visually-hidden">{t("audit-caption")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t("audit-col-when")}</th>
                            <th scope="col">{t("audit-col-event")}</th>
                            <th scope="col">{t("audit-col-ip")}</th>
                            <th scope="col">{t("audit-col-device")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {first.into_iter().map(|entry| view! { <EventRow entry /> }).collect_view()}
                        {move || later.get().into_iter().map(|entry| view! { <EventRow entry /> }).collect_view()}
                    </tbody>
                </table>
            }
                .into_any()
        }}
        {move || {
            older
                .get()
                .map(|_| {
                    view! {
                        <button type="button" on:click=load_more disabled=move || more.pending().get()>
                            {t("audit-older")}
                        </button>
                    }
                })
        }}
    }
}

#[component]
fn EventRow(entry: AuditEntry) -> impl IntoView {
    let unknown = t("audit-unknown");
    let device = match (&entry.browser, &entry.os) {
        (None, None) => String::new(),
        (browser, os) => t_args(
            "audit-device",
            &[
                ("browser", browser.clone().unwrap_or_else(|| unknown.clone()).into()),
                ("os", os.clone().unwrap_or(unknown).into()),
            ],
        ),
    };
    let name = event_name(&entry.action, &entry.detail, language());
    let kind = kind_of(&entry.action).to_string();
    view! {
        <tr data-kind=kind>
            <td>{entry.when}</td>
            <td>{name} {(!entry.target.is_empty()).then(|| view! { " " <code>{entry.target}</code> })}</td>
            <td>{entry.ip}</td>
            <td>{device}</td>
        </tr>
    }
}
