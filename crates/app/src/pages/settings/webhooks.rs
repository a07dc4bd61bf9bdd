//! Settings → Webhooks: the account's endpoints (address, description, events, on or off), adding
//! one (its signing secret shown once), rotating the secret, a test event of any type, and each
//! endpoint's delivery log with redelivery. Everything done to an existing endpoint goes through one
//! server function (`change_webhook`): each one costs the browser's bundle a client of its own.

use crate::api::webhooks::{
    ChangeWebhook, CreateWebhook, DeliveryRow, EventChoice, WebhookChange, WebhookOutcome, WebhookRow,
    WebhookSecretShown, WebhooksData, my_webhooks,
};
use crate::components::{Field, FieldState, Reauth, ReauthDialog, WhenLive, copy_to_clipboard, focus_later};
use crate::i18n::{language, webhooks::t, webhooks::t_args};
use leptos::prelude::*;
use leptos_meta::Title;
use vestibule_domain::webhooks::{
    DeliveryState, DisabledReason, EventCatalog, EventType, NewWebhook, WebhookPolicy, WebhookUrl, parse_description,
};

/// What the page shares with its parts.
#[derive(Clone, Copy)]
struct Actions {
    create: ServerAction<CreateWebhook>,
    /// Adding an endpoint and rotating a secret need a recent proof of the owner.
    reauth: Reauth,
    /// The secret on show (after adding an endpoint or rotating its secret).
    shown: RwSignal<Option<WebhookSecretShown>>,
    /// Bumped to load the list again after a change.
    changed: RwSignal<u32>,
}

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let actions = Actions {
        create: ServerAction::new(),
        reauth: Reauth::new(),
        shown: RwSignal::new(None),
        changed: RwSignal::new(0),
    };
    actions.reauth.watch(actions.create);
    let data = crate::codec::resource(move || actions.changed.get(), |_| my_webhooks());
    Effect::new(move |_| {
        if let Some(Ok(shown)) = actions.create.value().get() {
            actions.create.clear();
            actions.shown.set(Some(shown));
            actions.changed.update(|n| *n += 1);
            focus_later("webhook-secret-heading");
        }
    });
    view! {
        <Title text=t("webhooks-title") />
        <h1 id="webhooks-heading" tabindex="-1">{t("webhooks-title")}</h1>
        <p class="lead">{t("webhooks-lead")}</p>
        {move || actions.shown.get().map(|shown| view! { <SecretShown shown actions /> })}
        <Transition fallback=|| view! { <p class="loading">{t("common-loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <WebhooksView data actions /> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.0.message(language())}</p> }.into_any(),
                }
            })}
        </Transition>
        <ReauthDialog reauth=actions.reauth />
    }
}

/// The secret of an endpoint just added or rotated: shown this once, with a copy button.
#[component]
fn SecretShown(shown: WebhookSecretShown, actions: Actions) -> AnyView {
    let input = NodeRef::<leptos::html::Input>::new();
    let copied = RwSignal::new(None::<bool>);
    let secret = shown.secret.clone();
    let select_all = move || {
        if let Some(input) = input.get() {
            input.select();
        }
    };
    let copy = move |_| {
        let secret = secret.clone();
        leptos::task::spawn_local(async move {
            let ok = copy_to_clipboard(secret).await;
            if !ok {
                select_all();
            }
            copied.set(Some(ok));
        });
    };
    view! {
        <section class="secret-shown" aria-labelledby="webhook-secret-heading" data-testid="webhook-secret">
            <h2 id="webhook-secret-heading" tabindex="-1">
                {t_args("webhooks-secret-heading", &[("url", shown.row.info.url.clone().into())])}
            </h2>
            <p class="warning" role="note">{t("webhooks-secret-warning")}</p>
            <div class="field">
                <label for="field-webhook-secret">{t("webhooks-secret-field")}</label>
                <div class="copy-row">
                    <input id="field-webhook-secret" node_ref=input readonly value=shown.secret.clone()
                        class="secret" spellcheck="false" autocomplete="off" on:focus=move |_| select_all() />
                    <button type="button" on:click=copy>{t("webhooks-copy")}</button>
                </div>
                <p class="toast" role="status">
                    {move || match copied.get() {
                        Some(true) => t("webhooks-copied"),
                        Some(false) => t("webhooks-copy-blocked"),
                        None => String::new(),
                    }}
                </p>
            </div>
            <p class="hint">{t("webhooks-secret-verify")}</p>
            <button type="button" class="primary" on:click=move |_| actions.shown.set(None)>{t("webhooks-secret-done")}</button>
        </section>
    }
    .into_any()
}

#[component]
fn WebhooksView(data: WebhooksData, actions: Actions) -> AnyView {
    let catalog = EventCatalog {
        types: data
            .events
            .iter()
            .map(|e| EventType { name: e.name.clone(), description: Some(e.description.clone()) })
            .collect(),
    };
    let at_limit = data.rows.len() >= data.policy.max_webhooks as usize;
    let events = data.events.clone();
    view! {
        {if data.rows.is_empty() {
            view! { <p class="empty" data-testid="webhooks-empty">{t("webhooks-empty")}</p> }.into_any()
        } else {
            view! {
                <ul class="webhooks" data-testid="webhooks">
                    {data.rows.into_iter().map(|row| view! { <Endpoint row events=events.clone() actions /> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        {if at_limit {
            let max = data.policy.max_webhooks;
            view! { <p class="hint">{vestibule_domain::ValidationError::WebhookLimit { max }.message(language())}</p> }
                .into_any()
        } else {
            let args = AddFormArgs { catalog, policy: data.policy, events: data.events, actions };
            view! {
                <WhenLive>
                    {
                        let args = args.clone();
                        view! { <Suspense fallback=|| ()>{Suspend::new(async move { add_form(args).await })}</Suspense> }
                    }
                </WhenLive>
            }
            .into_any()
        }}
    }
    .into_any()
}

/// What the endpoint's status line says.
fn status_text(row: &WebhookRow) -> String {
    match row.info.disabled {
        None => t("webhooks-status-on"),
        Some(DisabledReason::Owner) => t("webhooks-status-off-owner"),
        Some(DisabledReason::Gone) => t("webhooks-status-off-gone"),
        Some(DisabledReason::Failing) => t("webhooks-status-off-failing"),
    }
}

fn state_text(state: DeliveryState) -> String {
    t(&format!("webhooks-delivery-{}", state.as_str()))
}

/// One endpoint: its facts, and what can be done with it (each through its one action).
#[component]
fn Endpoint(row: WebhookRow, events: Vec<EventChoice>, actions: Actions) -> AnyView {
    let id = StoredValue::new(row.info.id.clone());
    let on = row.info.disabled.is_none();
    let url = row.info.url.clone();
    let confirming = RwSignal::new(false);
    let act = ServerAction::<ChangeWebhook>::new();
    actions.reauth.watch(act);
    let send = move |change: WebhookChange| {
        actions.reauth.dispatch(act, ChangeWebhook { id: id.get_value(), change });
    };
    let log_open = RwSignal::new(false);
    let log = RwSignal::new(None::<Vec<DeliveryRow>>);
    let notice = RwSignal::new(None::<String>);
    let test_event = RwSignal::new(row.info.events.first().cloned().unwrap_or_default());
    Effect::new(move |_| match act.value().get() {
        Some(Ok(WebhookOutcome::Changed(_) | WebhookOutcome::Deleted)) => {
            act.clear();
            actions.changed.update(|n| *n += 1);
        }
        Some(Ok(WebhookOutcome::Rotated(shown))) => {
            act.clear();
            actions.shown.set(Some(shown));
            actions.changed.update(|n| *n += 1);
            focus_later("webhook-secret-heading");
        }
        // A test event or a redelivery shows in the log: open it, and load it again.
        Some(Ok(WebhookOutcome::Queued)) => {
            log_open.set(true);
            act.dispatch(ChangeWebhook { id: id.get_value(), change: WebhookChange::Log });
        }
        Some(Ok(WebhookOutcome::Redelivered(count))) => {
            notice.set(Some(t_args("webhooks-redelivered", &[("count", count.into())])));
            act.dispatch(ChangeWebhook { id: id.get_value(), change: WebhookChange::Log });
        }
        Some(Ok(WebhookOutcome::Log(rows))) => log.set(Some(rows)),
        _ => {}
    });
    let error = move || match act.value().get() {
        Some(Err(e)) if !Reauth::asks(&e) => Some(e.0.message(language())),
        _ => None,
    };
    let toggle_log = move |_| {
        let open = !log_open.get_untracked();
        log_open.set(open);
        if open {
            send(WebhookChange::Log);
        }
    };
    let subscribed = row.info.events.join(", ");
    let item_id = format!("webhook-{}", id.get_value());
    let select_id = format!("test-event-{}", id.get_value());
    view! {
        <li class="webhook" id=item_id tabindex="-1" data-testid="webhook">
            <h2 class="webhook-url"><code>{url.clone()}</code></h2>
            {(!row.info.description.is_empty()).then(|| view! { <p class="description">{row.info.description.clone()}</p> })}
            <dl class="facts">
                <dt>{t("webhooks-events")}</dt>
                <dd>{subscribed}</dd>
                <dt>{t("webhooks-status")}</dt>
                <dd class:off=!on data-testid="webhook-status">{status_text(&row)}</dd>
                <dt>{t("webhooks-created")}</dt>
                <dd>{row.created.clone()}</dd>
                <dt>{t("webhooks-last-delivery")}</dt>
                <dd>
                    {match row.last_delivery.clone() {
                        Some((when, state)) => format!("{when} · {}", state_text(state)),
                        None => t("webhooks-never"),
                    }}
                </dd>
                {row.info.public_key.clone().map(|key| view! {
                    <dt>{t("webhooks-public-key")}</dt>
                    <dd><code class="secret" data-testid="webhook-public-key">{key}</code></dd>
                })}
                {row.previous_until.clone().map(|until| view! {
                    <dt>{t("webhooks-previous-secret")}</dt>
                    <dd>{t_args("webhooks-previous-until", &[("date", until.into())])}</dd>
                })}
            </dl>
            <p class="form-error" role="alert">{error}</p>
            <p class="toast" role="status">{move || notice.get()}</p>
            <div class="actions">
                <button type="button" on:click=move |_| send(WebhookChange::Enable(!on))>
                    {if on { t("webhooks-turn-off") } else { t("webhooks-turn-on") }}
                </button>
                <button type="button" on:click=move |_| send(WebhookChange::RotateSecret)>{t("webhooks-rotate")}</button>
                <button type="button" aria-expanded=move || log_open.get().to_string() on:click=toggle_log>
                    {t("webhooks-show-log")}
                </button>
                <button type="button" class="danger" on:click=move |_| confirming.set(true)>{t("webhooks-delete")}</button>
            </div>
            {move || confirming.get().then(|| view! {
                <div class="confirm" role="group" aria-label=t("webhooks-delete")>
                    <p>{t_args("webhooks-delete-confirm", &[("url", url.clone().into())])}</p>
                    <button type="button" class="danger" on:click=move |_| send(WebhookChange::Delete)>
                        {t("webhooks-delete-yes")}
                    </button>
                    <button type="button" on:click=move |_| {
                        confirming.set(false);
                        focus_later(format!("webhook-{}", id.get_value()));
                    }>{t("webhooks-cancel")}</button>
                </div>
            })}
            <form class="test-event" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                send(WebhookChange::Test(test_event.get_untracked()));
            }>
                <label for=select_id.clone()>{t("webhooks-test-label")}</label>
                <select id=select_id on:change=move |ev| test_event.set(event_target_value(&ev))>
                    {events.iter().map(|e| {
                        let selected = e.name == test_event.get_untracked();
                        view! { <option value=e.name.clone() selected=selected>{e.name.clone()}</option> }
                    }).collect_view()}
                </select>
                <button type="submit" disabled=move || !on || act.pending().get()>{t("webhooks-test-send")}</button>
            </form>
            {move || log_open.get().then(|| view! { <DeliveryLog log act send=Callback::new(send) id=id.get_value() /> })}
        </li>
    }
    .into_any()
}

/// An endpoint's deliveries, newest first, each with its attempts and a redeliver button; and
/// every failed delivery of a time range sent again.
#[component]
fn DeliveryLog(
    log: RwSignal<Option<Vec<DeliveryRow>>>,
    act: ServerAction<ChangeWebhook>,
    send: Callback<WebhookChange>,
    id: String,
) -> AnyView {
    let hours = RwSignal::new(24u32);
    let range_id = format!("failed-range-{id}");
    view! {
        <section class="delivery-log" aria-label=t("webhooks-log-heading")>
            <div class="toolbar">
                <h3>{t("webhooks-log-heading")}</h3>
                <button type="button" on:click=move |_| send.run(WebhookChange::Log) disabled=move || act.pending().get()>
                    {t("webhooks-log-refresh")}
                </button>
            </div>
            <form class="redeliver-failed" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                send.run(WebhookChange::RedeliverFailed(hours.get_untracked()));
            }>
                <label for=range_id.clone()>{t("webhooks-redeliver-failed-label")}</label>
                <select id=range_id on:change=move |ev| hours.set(event_target_value(&ev).parse().unwrap_or(24))>
                    {[1u32, 24, 168, 720].into_iter().map(|h| view! {
                        <option value=h.to_string() selected=h == 24>{t(&format!("webhooks-range-{h}"))}</option>
                    }).collect_view()}
                </select>
                <button type="submit" disabled=move || act.pending().get()>{t("webhooks-redeliver-failed")}</button>
            </form>
            {move || match log.get() {
                None => view! { <p class="loading">{t("common-loading")}</p> }.into_any(),
                Some(rows) if rows.is_empty() => view! { <p class="empty">{t("webhooks-log-empty")}</p> }.into_any(),
                Some(rows) => view! {
                    <table data-testid="deliveries">
                        <caption class="visually-hidden">{t("webhooks-log-heading")}</caption>
                        <thead><tr>
                            <th scope="col">{t("webhooks-col-event")}</th>
                            <th scope="col">{t("webhooks-col-time")}</th>
                            <th scope="col">{t("webhooks-col-state")}</th>
                            <th scope="col">{t("webhooks-col-answer")}</th>
                            <th scope="col">{t("webhooks-col-actions")}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|d| view! { <Delivery d send /> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}

#[component]
fn Delivery(d: DeliveryRow, send: Callback<WebhookChange>) -> AnyView {
    let delivery = d.id;
    let last = d.attempts.first().cloned();
    let answer = last.as_ref().map_or(String::new(), |a| match (a.status, &a.error) {
        (Some(status), _) => {
            t_args("webhooks-answer-status", &[("status", status.into()), ("ms", a.latency_ms.into())])
        }
        (None, Some(error)) => error.clone(),
        (None, None) => String::new(),
    });
    let state = match (&d.next, d.state) {
        (Some(next), DeliveryState::Pending) if !d.attempts.is_empty() => {
            t_args("webhooks-delivery-retrying", &[("date", next.clone().into())])
        }
        (_, state) => state_text(state),
    };
    let attempts = d
        .attempts
        .iter()
        .map(|a| {
            let outcome = a.status.map(|s| s.to_string()).or(a.error.clone()).unwrap_or_default();
            let response = (!a.response.is_empty()).then(|| view! { <pre class="response">{a.response.clone()}</pre> });
            view! { <li>{format!("{} · {outcome}", a.when)}{response}</li> }
        })
        .collect_view();
    let details = (!d.attempts.is_empty()).then(|| {
        view! {
            <details>
                <summary>{t_args("webhooks-attempts", &[("count", d.attempts.len().into())])}</summary>
                <p class="hint"><code>{d.message_id.clone()}</code></p>
                <ol reversed>{attempts}</ol>
            </details>
        }
    });
    view! {
        <tr data-testid="delivery">
            <td><code>{d.event.clone()}</code></td>
            <td>{d.when.clone()}</td>
            <td data-testid="delivery-state">{state}</td>
            <td>{answer}{details}</td>
            <td>
                <button type="button" disabled=d.state == DeliveryState::Pending
                    on:click=move |_| send.run(WebhookChange::Redeliver(delivery))>{t("webhooks-redeliver")}</button>
            </td>
        </tr>
    }
    .into_any()
}

#[derive(Clone)]
struct AddFormArgs {
    catalog: EventCatalog,
    policy: WebhookPolicy,
    events: Vec<EventChoice>,
    actions: Actions,
}

/// The add form, shown once the page is live: lazy, so with `--split` its code is a chunk fetched
/// after the page works, not before it.
#[leptos::lazy]
fn add_form(args: AddFormArgs) -> AnyView {
    let AddFormArgs { catalog, policy, events, actions } = args;
    view! { <AddForm catalog policy events actions /> }.into_any()
}

/// Adding an endpoint: its address, a description, and the events it receives, checked as the
/// server checks them; the secret follows (after a proof of the owner, when the last one is old).
#[component]
fn AddForm(catalog: EventCatalog, policy: WebhookPolicy, events: Vec<EventChoice>, actions: Actions) -> AnyView {
    let url = FieldState::new();
    let description = FieldState::new();
    let chosen = RwSignal::new(Vec::<String>::new());
    let asymmetric = RwSignal::new(false);
    let submitted = RwSignal::new(false);
    let url_policy = policy.clone();
    let url_check =
        Signal::derive(move || WebhookUrl::parse(&url.value.get(), &url_policy).err().map(|e| e.message(language())));
    let description_check =
        Signal::derive(move || parse_description(&description.value.get()).err().map(|e| e.message(language())));
    let events_check = Signal::derive({
        let catalog = catalog.clone();
        move || catalog.parse(&chosen.get()).err().map(|e| e.message(language()))
    });
    let server_events = RwSignal::new(None::<String>);
    let general = RwSignal::new(None::<String>);
    Effect::new(move |_| match actions.create.value().get() {
        Some(Err(e)) if !Reauth::asks(&e) => {
            url.server_error.set(e.0.for_field_in("url", language()));
            description.server_error.set(e.0.for_field_in("description", language()));
            server_events.set(e.0.for_field_in("events", language()));
            let on_field = ["url", "description", "events"].iter().any(|f| e.0.for_field(f).is_some());
            general.set((!on_field).then(|| e.0.message(language())));
        }
        Some(Ok(_)) => {
            url.reset(String::new());
            description.reset(String::new());
            chosen.set(Vec::new());
            submitted.set(false);
        }
        _ => {}
    });
    let events_message =
        move || server_events.get().or_else(|| if submitted.get() { events_check.get() } else { None });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        url.touched.set(true);
        description.touched.set(true);
        general.set(None);
        let request = NewWebhook {
            url: url.value.get_untracked(),
            description: description.value.get_untracked(),
            events: chosen.get_untracked(),
            asymmetric: asymmetric.get_untracked(),
        };
        match request.validate(&catalog, &policy) {
            Ok(_) => actions.reauth.dispatch(actions.create, CreateWebhook { request }),
            Err(errors) => {
                if let Some(first) = errors.first() {
                    focus_later(format!(
                        "field-{}",
                        if first.field == "events" { "event-0" } else { first.field.as_str() }
                    ));
                }
            }
        }
    };
    view! {
        <form class="webhook-add" on:submit=on_submit novalidate aria-labelledby="webhook-add-heading">
            <h2 id="webhook-add-heading">{t("webhooks-add-heading")}</h2>
            <Field label=t("webhooks-field-url") name="url" state=url check=url_check kind="url" hint=t("webhooks-url-hint") />
            <Field label=t("webhooks-field-description") name="description" state=description check=description_check
                hint=t("webhooks-description-hint") />
            <fieldset class="events" aria-describedby="events-message" aria-invalid=move || events_message().is_some().to_string()>
                <legend>{t("webhooks-field-events")}</legend>
                {events.into_iter().enumerate().map(|(i, e)| {
                    let name = e.name.clone();
                    let checked = {
                        let name = name.clone();
                        move || chosen.with(|c| c.contains(&name))
                    };
                    view! {
                        <label class="check">
                            <input type="checkbox" id=format!("field-event-{i}") value=name.clone() prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    server_events.set(None);
                                    chosen.update(|c| {
                                        c.retain(|n| n != &name);
                                        if on {
                                            c.push(name.clone());
                                        }
                                    });
                                } />
                            <code>{e.name.clone()}</code>
                            " "
                            <span class="hint">{e.description.clone()}</span>
                        </label>
                    }
                }).collect_view()}
                <p class="message" id="events-message" aria-live="polite">{events_message}</p>
            </fieldset>
            <label class="check">
                <input type="checkbox" id="field-asymmetric" aria-describedby="asymmetric-hint"
                    prop:checked=move || asymmetric.get() on:change=move |ev| asymmetric.set(event_target_checked(&ev)) />
                {t("webhooks-field-asymmetric")}
            </label>
            <p class="hint" id="asymmetric-hint">{t("webhooks-asymmetric-hint")}</p>
            <p class="form-error" role="alert">{move || general.get()}</p>
            <button type="submit" class="primary" disabled=move || actions.create.pending().get()>{t("webhooks-add")}</button>
        </form>
    }.into_any()
}
