//! The pieces of the key dialogs: grouped scope checkboxes and the expiry choice with the date it
//! gives. Both check with the same `domain` functions the server runs.

use crate::i18n::{api_keys::t, api_keys::t_args, language};
use leptos::prelude::*;
use vestibule_domain::Preferences;
use vestibule_domain::api_keys::{KeyPolicy, ScopeCatalog, ScopeKind};
use vestibule_domain::datetime::format_datetime;

#[component]
pub fn ScopePicker(
    catalog: ScopeCatalog,
    is_admin: bool,
    selected: RwSignal<Vec<String>>,
    #[prop(into)] message: Signal<Option<String>>,
) -> impl IntoView {
    let language = language();
    let groups = catalog
        .groups()
        .into_iter()
        .map(|(group, scopes)| {
            let scopes = scopes
                .into_iter()
                // Admin-only scopes show to administrators, and to anyone whose key holds one (to untick it).
                .filter(|s| {
                    is_admin || s.kind != ScopeKind::Admin || selected.with_untracked(|held| held.contains(&s.name))
                })
                .map(|scope| {
                    let id = format!("scope-{}", scope.name.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
                    let described = format!("{id}-description");
                    let name = scope.name.clone();
                    let checked = {
                        let name = name.clone();
                        move || selected.with(|s| s.contains(&name))
                    };
                    let toggle = {
                        let name = name.clone();
                        move |ev: leptos::ev::Event| {
                            let on = event_target_checked(&ev);
                            selected.update(|s| {
                                s.retain(|n| *n != name);
                                if on {
                                    s.push(name.clone());
                                }
                            });
                        }
                    };
                    view! {
                        <div class="scope">
                            <input type="checkbox" id=id.clone() value=name.clone() prop:checked=checked on:change=toggle
                                aria-describedby=described.clone() />
                            <label for=id><code>{name.clone()}</code></label>
                            <span class="hint" id=described>{scope.description_in(language)}</span>
                        </div>
                    }
                })
                .collect::<Vec<_>>();
            let heading = format!("scope-group-{group}");
            let labelled_by = heading.clone();
            let title = ScopeCatalog::group_in(&group, language);
            (!scopes.is_empty()).then(|| {
                view! {
                    <div class="scope-group" role="group" aria-labelledby=labelled_by>
                        <h3 id=heading>{title}</h3>
                        {scopes}
                    </div>
                }
            })
        })
        .collect_view();
    view! {
        <fieldset class="scopes-picker" aria-describedby="scopes-message"
            aria-invalid=move || if message.get().is_some() { "true" } else { "false" }>
            <legend>{t("key-scopes-legend")}</legend>
            <p class="hint">{t("key-scopes-hint")}</p>
            {groups}
            <p class="message" id="scopes-message" aria-live="polite">{move || message.get()}</p>
        </fieldset>
    }
}

/// The expiry the user picked: a preset number of days, or `custom` with a date.
#[derive(Clone, Copy)]
pub struct Expiry {
    pub choice: RwSignal<String>,
    pub date: RwSignal<String>,
}

impl Expiry {
    pub fn new(policy: &KeyPolicy) -> Self {
        let presets = policy.presets();
        let default =
            if presets.contains(&30) { 30 } else { presets.last().copied().unwrap_or(policy.max_lifetime_days) };
        Self { choice: RwSignal::new(default.to_string()), date: RwSignal::new(String::new()) }
    }

    /// As the request carries it: `(expires_in_days, expires_on)`.
    pub fn request(&self) -> (Option<u32>, Option<String>) {
        let choice = self.choice.get();
        if choice == "custom" { (None, Some(self.date.get())) } else { (choice.parse().ok(), None) }
    }
}

#[component]
pub fn ExpiryPicker(
    policy: KeyPolicy,
    prefs: Preferences,
    expiry: Expiry,
    #[prop(into)] message: Signal<Option<String>>,
) -> impl IntoView {
    let options = policy
        .presets()
        .into_iter()
        .map(|d| {
            let value = d.to_string();
            let chosen = value.clone();
            view! { <option value=value selected=move || expiry.choice.get() == chosen>{t_args("key-expiry-days", &[("days", d.into())])}</option> }
        })
        .collect_view();
    let zone = prefs.time_zone.clone();
    let resulting = move || {
        let (days, date) = expiry.request();
        policy
            .expires_at(days, date.as_deref(), crate::components::now_ms(), &zone)
            .ok()
            .map(|at| t_args("key-expiry-result", &[("date", format_datetime(at, &prefs).into())]))
    };
    view! {
        <div class="field" class:invalid=move || message.get().is_some()>
            <label for="field-expiry">{t("key-expiry-label")}</label>
            <select id="field-expiry"
                aria-describedby="field-expiry-result field-expires-message"
                on:change=move |ev| expiry.choice.set(event_target_value(&ev))>
                {options}
                <option value="custom" selected=move || expiry.choice.get() == "custom">{t("key-expiry-custom")}</option>
            </select>
            <Show when=move || expiry.choice.get() == "custom">
                <label for="field-expires-on">{t("key-expiry-last-day")}</label>
                <input type="date" id="field-expires-on" prop:value=move || expiry.date.get()
                    on:input=move |ev| expiry.date.set(event_target_value(&ev)) />
            </Show>
            <p class="hint" id="field-expiry-result" aria-live="polite">{resulting}</p>
            <p class="message" id="field-expires-message" aria-live="polite">{move || message.get()}</p>
        </div>
    }
}
