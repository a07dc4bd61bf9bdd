//! Settings → Preferences, "In <product>": the host product's own preferences as the operator
//! declared them (a switch, a list, a number, a text each), every value checked by the declaration's
//! own `AppPreference::check` before it is sent, as the server checks it.

use crate::api::app_preferences::{AppPreferencesData, SaveAppPreferences, my_app_preferences};
use crate::i18n::{language, preferences::t, preferences::t_args};
use leptos::prelude::*;
use serde_json::{Map, Value};
use vestibule_domain::app_preferences::{AppPreference, Kind};

#[component]
pub fn AppPreferencesSection() -> impl IntoView {
    // Fetched by the browser once the page is live, like the security page's sections: the
    // declaration, the values and the code that shows them (lazy, with `--split` a chunk of its
    // own: JSON values and a form per type) come after the page works, not before.
    let data = RwSignal::new(None::<Result<AppPreferencesData, crate::error::AppError>>);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move { data.set(Some(my_app_preferences().await)) });
    });
    move || match data.get() {
        None => ().into_any(),
        Some(Err(e)) => view! { <p class="form-error" role="alert">{e.0.message(language())}</p> }.into_any(),
        Some(Ok(d)) if d.declared.preferences.is_empty() => ().into_any(),
        Some(Ok(d)) => {
            view! { <Suspense fallback=|| ()>{Suspend::new(async move { app_form(d).await })}</Suspense> }.into_any()
        }
    }
}

#[leptos::lazy]
fn app_form(data: AppPreferencesData) -> AnyView {
    view! { <AppForm data /> }.into_any()
}

/// The text a field holds for `value` (a checkbox's "true"/"false", a number's digits).
fn as_input(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

#[component]
fn AppForm(data: AppPreferencesData) -> impl IntoView {
    let save = ServerAction::<SaveAppPreferences>::new();
    let submitted = RwSignal::new(false);
    let fields: Vec<(AppPreference, RwSignal<String>)> = data
        .declared
        .preferences
        .iter()
        .map(|p| (p.clone(), RwSignal::new(as_input(data.values.get(&p.key)))))
        .collect();
    let all = StoredValue::new(fields.clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        let mut values = Map::new();
        for (p, input) in all.get_value() {
            match p.check_input(&input.get_untracked()) {
                Ok(value) => _ = values.insert(p.key.clone(), value),
                Err(_) => return,
            }
        }
        save.dispatch(SaveAppPreferences { values });
    };
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    let general = move || match save.value().get() {
        Some(Err(e)) if !matches!(e.0, vestibule_domain::UserError::Invalid(_)) => Some(e.0.message(language())),
        _ => None,
    };
    let rows = fields.into_iter().map(|(p, input)| view! { <AppField p input save submitted /> }).collect_view();
    view! {
        <section class="app-prefs" aria-labelledby="app-prefs-heading">
            <h2 id="app-prefs-heading">{t_args("prefs-app-heading", &[("product", data.declared.product.clone().into())])}</h2>
            <form on:submit=on_submit novalidate>
                {rows}
                <p class="form-error" role="alert">{general}</p>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || save.pending().get()>{t("prefs-app-save")}</button>
                </div>
                <p class="toast" role="status">{move || saved().then(|| t("prefs-saved"))}</p>
            </form>
        </section>
    }
}

/// One declared preference: its control, its help, and its message (the browser's check, or the
/// server's answer for `app.<key>`).
#[component]
fn AppField(
    p: AppPreference,
    input: RwSignal<String>,
    save: ServerAction<SaveAppPreferences>,
    submitted: RwSignal<bool>,
) -> impl IntoView {
    let language = language();
    let id = format!("field-app-{}", p.key);
    let (field, rule) = (p.field(), p.clone());
    let message = move || {
        if let Some(Err(e)) = save.value().get()
            && let Some(m) = e.for_field(&field)
        {
            return Some(m);
        }
        submitted.get().then(|| rule.check_input(&input.get()).err().map(|e| e.message(language)))?
    };
    let invalid = {
        let message = message.clone();
        move || if message().is_some() { "true" } else { "false" }
    };
    let help = p.help_in(language);
    let described = format!("{id}-help {id}-message");
    let label = p.label_in(language);
    let control = match &p.kind {
        Kind::Boolean => view! {
            <input id=id.clone() type="checkbox" aria-describedby=described.clone()
                prop:checked=move || input.get() == "true"
                on:change=move |ev| input.set(event_target_checked(&ev).to_string()) />
        }
        .into_any(),
        Kind::Choice { choices, .. } => {
            let options = choices
                .iter()
                .map(|c| {
                    let (value, shown) = (c.clone(), p.choice_label(c, language));
                    let current = value.clone();
                    view! { <option value=value selected=move || input.get() == current>{shown}</option> }
                })
                .collect_view();
            view! {
                <select id=id.clone() aria-describedby=described.clone()
                    on:change=move |ev| input.set(event_target_value(&ev))>{options}</select>
            }
            .into_any()
        }
        Kind::Integer { min, max } => view! {
            <input id=id.clone() type="number" min=*min max=*max step="1" aria-invalid=invalid.clone()
                aria-describedby=described.clone() prop:value=move || input.get()
                on:input=move |ev| input.set(event_target_value(&ev)) />
        }
        .into_any(),
        Kind::Text { max_length } => view! {
            <input id=id.clone() type="text" maxlength=*max_length aria-invalid=invalid.clone()
                aria-describedby=described.clone() prop:value=move || input.get()
                on:input=move |ev| input.set(event_target_value(&ev)) />
        }
        .into_any(),
    };
    let checkbox = matches!(p.kind, Kind::Boolean);
    view! {
        <div class="field" class:checkbox=checkbox data-app-preference=p.key.clone()>
            {if checkbox {
                view! { <label for=id.clone()>{control} " " {label}</label> }.into_any()
            } else {
                view! { <label for=id.clone()>{label}</label> {control} }.into_any()
            }}
            <p class="hint" id=format!("{id}-help")>{help}</p>
            <p class="message" id=format!("{id}-message") aria-live="polite">{message}</p>
        </div>
    }
}
