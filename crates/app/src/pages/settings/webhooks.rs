//! Settings → Webhooks: the account's endpoints (address, description, events, on or off), adding
//! one (its signing secret shown once), rotating the secret, a test event of any type, and each
//! endpoint's delivery log with redelivery.

use crate::api::webhooks::{
    CreateWebhook, DeleteWebhook, DeliveryRow, EventChoice, RedeliverFailedWebhooks, RedeliverWebhook,
    RotateWebhookSecret, SendTestWebhook, SetWebhookEnabled, WebhookDeliveries, WebhookRow, WebhookSecretShown,
    WebhooksData, my_webhooks,
};
use crate::components::{Field, FieldState, Reauth, ReauthDialog, copy_to_clipboard, focus_later};
use crate::i18n::{language, webhooks::t, webhooks::t_args};
use leptos::prelude::*;
use leptos_meta::Title;
use vestibule_domain::webhooks::{
    DeliveryState, DisabledReason, EventCatalog, EventType, NewWebhook, WebhookPolicy, WebhookUrl, parse_description,
};

/// The page's actions that change the list (it reloads after each).
#[derive(Clone, Copy)]
struct Actions {
    create: ServerAction<CreateWebhook>,
    rotate: ServerAction<RotateWebhookSecret>,
    enable: ServerAction<SetWebhookEnabled>,
    delete: ServerAction<DeleteWebhook>,
    reauth: Reauth,
    /// The secret on show (after adding an endpoint or rotating its secret).
    shown: RwSignal<Option<WebhookSecretShown>>,
}

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let actions = Actions {
        create: ServerAction::new(),
        rotate: ServerAction::new(),
        enable: ServerAction::new(),
        delete: ServerAction::new(),
        reauth: Reauth::new(),
        shown: RwSignal::new(None),
    };
    actions.reauth.watch(actions.create);
    actions.reauth.watch(actions.rotate);
    let changed = RwSignal::new(0u32);
    let data = Resource::new(move || changed.get(), |_| my_webhooks());
    Effect::new(move |_| {
        let created = actions.create.value().get().and_then(Result::ok);
        let rotated = actions.rotate.value().get().and_then(Result::ok);
        if let Some(shown) = created.or(rotated) {
            actions.create.clear();
            actions.rotate.clear();
            actions.shown.set(Some(shown));
            changed.update(|n| *n += 1);
            focus_later("webhook-secret-heading");
        }
    });
    Effect::new(move |_| {
        let enabled = matches!(actions.enable.value().get(), Some(Ok(_)));
        let deleted = matches!(actions.delete.value().get(), Some(Ok(())));
        if enabled || deleted {
            actions.enable.clear();
            actions.delete.clear();
            changed.update(|n| *n += 1);
            if deleted {
                focus_later("webhooks-heading");
            }
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
fn SecretShown(shown: WebhookSecretShown, actions: Actions) -> impl IntoView {
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
}

#[component]
fn WebhooksView(data: WebhooksData, actions: Actions) -> impl IntoView {
    let catalog = EventCatalog {
        types: data
            .events
            .iter()
            .map(|e| EventType { name: e.name.clone(), description: Some(e.description.clone()) })
            .collect(),
    };
    let at_limit = data.rows.len() >= data.policy.max_webhooks as usize;
    let events = data.events.clone();
    let error = move || {
        let failed = |e: Option<Result<_, crate::error::AppError>>| match e {
            Some(Err(e)) if !Reauth::asks(&e) => Some(e.0.message(language())),
            _ => None,
        };
        failed(actions.enable.value().get().map(|r| r.map(drop)))
            .or_else(|| failed(actions.delete.value().get()))
            .or_else(|| failed(actions.rotate.value().get().map(|r| r.map(drop))))
    };
    view! {
        <p class="form-error" role="alert">{error}</p>
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
            view! { <AddForm catalog policy=data.policy events=data.events actions /> }.into_any()
        }}
    }
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

/// One endpoint: its facts, and what can be done with it.
#[component]
fn Endpoint(row: WebhookRow, events: Vec<EventChoice>, actions: Actions) -> impl IntoView {
    let id = row.info.id.clone();
    let on = row.info.disabled.is_none();
    let url = row.info.url.clone();
    let confirming = RwSignal::new(false);
    let test = ServerAction::<SendTestWebhook>::new();
    let log = ServerAction::<WebhookDeliveries>::new();
    let redeliver = ServerAction::<RedeliverWebhook>::new();
    let log_open = RwSignal::new(false);
    let test_event = RwSignal::new(row.info.events.first().cloned().unwrap_or_default());
    let subscribed = row.info.events.join(", ");
    let load_log = {
        let id = id.clone();
        move || {
            log.dispatch(WebhookDeliveries { id: id.clone() });
        }
    };
    // A test event or a redelivery shows in the log: open it, and load it again.
    Effect::new({
        let load_log = load_log.clone();
        move |_| {
            let tested = matches!(test.value().get(), Some(Ok(())));
            let again = matches!(redeliver.value().get(), Some(Ok(())));
            if tested || again {
                log_open.set(true);
                load_log();
            }
        }
    });
    let toggle_log = {
        let load_log = load_log.clone();
        move |_| {
            let open = !log_open.get_untracked();
            log_open.set(open);
            if open {
                load_log();
            }
        }
    };
    let item_id = format!("webhook-{id}");
    let (enable_id, rotate_id, delete_id, test_id) = (id.clone(), id.clone(), id.clone(), id.clone());
    let redeliver_id = StoredValue::new(id.clone());
    let test_error = move || match test.value().get() {
        Some(Err(e)) => Some(e.0.message(language())),
        _ => None,
    };
    view! {
        <li class="webhook" id=item_id.clone() tabindex="-1" data-testid="webhook">
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
            <div class="actions">
                <button type="button" on:click=move |_| {
                    actions.enable.dispatch(SetWebhookEnabled { id: enable_id.clone(), enabled: !on });
                }>{if on { t("webhooks-turn-off") } else { t("webhooks-turn-on") }}</button>
                <button type="button" on:click=move |_| {
                    actions.reauth.dispatch(actions.rotate, RotateWebhookSecret { id: rotate_id.clone() });
                }>{t("webhooks-rotate")}</button>
                <button type="button" aria-expanded=move || log_open.get().to_string() on:click=toggle_log>
                    {t("webhooks-show-log")}
                </button>
                <button type="button" class="danger" on:click=move |_| confirming.set(true)>{t("webhooks-delete")}</button>
            </div>
            {move || confirming.get().then(|| {
                let delete_id = delete_id.clone();
                view! {
                    <div class="confirm" role="group" aria-label=t("webhooks-delete")>
                        <p>{t_args("webhooks-delete-confirm", &[("url", url.clone().into())])}</p>
                        <button type="button" class="danger" on:click=move |_| {
                            actions.delete.dispatch(DeleteWebhook { id: delete_id.clone() });
                        }>{t("webhooks-delete-yes")}</button>
                        <button type="button" on:click=move |_| {
                            confirming.set(false);
                            focus_later(format!("webhook-{}", redeliver_id.get_value()));
                        }>{t("webhooks-cancel")}</button>
                    </div>
                }
            })}
            <form class="test-event" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                test.dispatch(SendTestWebhook { id: test_id.clone(), event: test_event.get_untracked() });
            }>
                <label for=format!("test-event-{id}")>{t("webhooks-test-label")}</label>
                <select id=format!("test-event-{id}") on:change=move |ev| test_event.set(event_target_value(&ev))>
                    {events.iter().map(|e| {
                        let selected = e.name == test_event.get_untracked();
                        view! { <option value=e.name.clone() selected=selected>{e.name.clone()}</option> }
                    }).collect_view()}
                </select>
                <button type="submit" disabled=move || !on || test.pending().get()>{t("webhooks-test-send")}</button>
                <p class="form-error" role="alert">{test_error}</p>
            </form>
            {move || log_open.get().then(|| view! {
                <DeliveryLog log redeliver id=redeliver_id.get_value() reload=load_log.clone() />
            })}
        </li>
    }
}

/// An endpoint's deliveries, newest first, each with its attempts and a redeliver button.
#[component]
fn DeliveryLog(
    log: ServerAction<WebhookDeliveries>,
    redeliver: ServerAction<RedeliverWebhook>,
    id: String,
    reload: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let id = StoredValue::new(id);
    let again = ServerAction::<RedeliverFailedWebhooks>::new();
    let hours = RwSignal::new(24u32);
    let again_reload = reload.clone();
    Effect::new(move |_| {
        if matches!(again.value().get(), Some(Ok(_))) {
            again_reload();
        }
    });
    let again_message = move || match again.value().get() {
        Some(Ok(count)) => Some(t_args("webhooks-redelivered", &[("count", count.into())])),
        Some(Err(e)) => Some(e.0.message(language())),
        None => None,
    };
    let rows = move || match log.value().get() {
        Some(Ok(rows)) => Ok(rows),
        Some(Err(e)) => Err(e.0.message(language())),
        None => Ok(Vec::new()),
    };
    view! {
        <section class="delivery-log" aria-label=t("webhooks-log-heading")>
            <div class="toolbar">
                <h3>{t("webhooks-log-heading")}</h3>
                <button type="button" on:click=move |_| reload() disabled=move || log.pending().get()>
                    {t("webhooks-log-refresh")}
                </button>
            </div>
            <form class="redeliver-failed" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                again.dispatch(RedeliverFailedWebhooks { id: id.get_value(), hours: hours.get_untracked() });
            }>
                <label for=move || format!("failed-range-{}", id.get_value())>{t("webhooks-redeliver-failed-label")}</label>
                <select id=move || format!("failed-range-{}", id.get_value())
                    on:change=move |ev| hours.set(event_target_value(&ev).parse().unwrap_or(24))>
                    {[1u32, 24, 168, 720].into_iter().map(|h| view! {
                        <option value=h.to_string() selected=h == 24>{t(&format!("webhooks-range-{h}"))}</option>
                    }).collect_view()}
                </select>
                <button type="submit" disabled=move || again.pending().get()>{t("webhooks-redeliver-failed")}</button>
                <p class="toast" role="status">{again_message}</p>
            </form>
            {move || match rows() {
                Err(message) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
                Ok(rows) if rows.is_empty() => view! { <p class="empty">{t("webhooks-log-empty")}</p> }.into_any(),
                Ok(rows) => view! {
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
                            {rows.into_iter().map(|d| view! { <Delivery d redeliver id=id.get_value() /> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Delivery(d: DeliveryRow, redeliver: ServerAction<RedeliverWebhook>, id: String) -> impl IntoView {
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
    view! {
        <tr data-testid="delivery">
            <td><code>{d.event.clone()}</code></td>
            <td>{d.when.clone()}</td>
            <td data-testid="delivery-state">{state}</td>
            <td>
                {answer}
                {(!d.attempts.is_empty()).then(|| view! {
                    <details>
                        <summary>{t_args("webhooks-attempts", &[("count", d.attempts.len().into())])}</summary>
                        <p class="hint"><code>{d.message_id.clone()}</code></p>
                        <ol reversed>
                            {d.attempts.iter().map(|a| view! {
                                <li>
                                    {format!("{} · ", a.when)}
                                    {a.status.map(|s| s.to_string()).or(a.error.clone()).unwrap_or_default()}
                                    {(!a.response.is_empty()).then(|| view! { <pre class="response">{a.response.clone()}</pre> })}
                                </li>
                            }).collect_view()}
                        </ol>
                    </details>
                })}
            </td>
            <td>
                <button type="button" disabled=d.state == DeliveryState::Pending on:click=move |_| {
                    redeliver.dispatch(RedeliverWebhook { id: id.clone(), delivery });
                }>{t("webhooks-redeliver")}</button>
            </td>
        </tr>
    }
}

/// Adding an endpoint: its address, a description, and the events it receives, checked as the
/// server checks them; the secret follows (after a proof of the owner, when the last one is old).
#[component]
fn AddForm(catalog: EventCatalog, policy: WebhookPolicy, events: Vec<EventChoice>, actions: Actions) -> impl IntoView {
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
    }
}
