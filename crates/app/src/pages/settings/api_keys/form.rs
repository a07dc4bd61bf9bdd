//! The pieces of the key dialogs: grouped scope checkboxes and the expiry choice with the date it
//! gives. Both check with the same `domain` functions the server runs.

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
                            <span class="hint" id=described>{scope.description.clone()}</span>
                        </div>
                    }
                })
                .collect::<Vec<_>>();
            let heading = format!("scope-group-{}", group.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
            let labelled_by = heading.clone();
            (!scopes.is_empty()).then(|| {
                view! {
                    <div class="scope-group" role="group" aria-labelledby=labelled_by>
                        <h3 id=heading>{group.clone()}</h3>
                        {scopes}
                    </div>
                }
            })
        })
        .collect_view();
    view! {
        <fieldset class="scopes-picker" aria-describedby="scopes-message"
            aria-invalid=move || if message.get().is_some() { "true" } else { "false" }>
            <legend>"Scopes"</legend>
            <p class="hint">"A key can do only what its scopes allow; write includes read."</p>
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
            view! { <option value=value selected=move || expiry.choice.get() == chosen>{format!("{d} days")}</option> }
        })
        .collect_view();
    let zone = prefs.time_zone.clone();
    let resulting = move || {
        let (days, date) = expiry.request();
        policy
            .expires_at(days, date.as_deref(), crate::components::now_ms(), &zone)
            .ok()
            .map(|at| format!("The key will expire on {}.", format_datetime(at, &prefs)))
    };
    view! {
        <div class="field" class:invalid=move || message.get().is_some()>
            <label for="field-expiry">"Expiration"</label>
            <select id="field-expiry"
                aria-describedby="field-expiry-result field-expires-message"
                on:change=move |ev| expiry.choice.set(event_target_value(&ev))>
                {options}
                <option value="custom" selected=move || expiry.choice.get() == "custom">"Custom date…"</option>
            </select>
            <Show when=move || expiry.choice.get() == "custom">
                <label for="field-expires-on">"Last day"</label>
                <input type="date" id="field-expires-on" prop:value=move || expiry.date.get()
                    on:input=move |ev| expiry.date.set(event_target_value(&ev)) />
            </Show>
            <p class="hint" id="field-expiry-result" aria-live="polite">{resulting}</p>
            <p class="message" id="field-expires-message" aria-live="polite">{move || message.get()}</p>
        </div>
    }
}
