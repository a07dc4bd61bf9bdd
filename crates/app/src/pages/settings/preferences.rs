//! Settings → Preferences: date and time formats, time zone, week start, theme and language,
//! with a live preview computed by the same formatter the server uses.

use crate::Session;
use crate::api::settings::{SavePreferences, rules_of_zone, time_zones};
use crate::components::{ChoiceSelect, apply_theme, browser_time_zone, now_ms};
use crate::i18n::{language, preferences::t};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use vestibule_domain::datetime::preview;
use vestibule_domain::{Choice, Preferences, PreferencesPatch, TimeZoneName, tz};

#[component]
pub fn PreferencesPage() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <Title text=t("prefs-title") />
        <h1>{t("prefs-title")}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                session
                    .settings
                    .await
                    .ok()
                    .flatten()
                    .map(|s| view! { <PreferencesForm saved=s.preferences test_clock=s.test_clock /> })
            })}
        </Suspense>
        <super::app_preferences::AppPreferencesSection />
    }
}

#[component]
fn PreferencesForm(saved: Preferences, test_clock: bool) -> impl IntoView {
    let action = expect_context::<Session>().action::<SavePreferences>();
    let query = use_query_map();
    // With the test hook on (`VESTIBULE_TEST_CLOCK`), `?at=<ms>` previews a given instant: the
    // end-to-end tests compare browser and server output with it. Otherwise the query is ignored.
    let fixed = if test_clock { query.read_untracked().get("at").and_then(|a| a.parse::<i64>().ok()) } else { None };
    let instant = fixed.unwrap_or_else(now_ms);
    let draft = RwSignal::new(saved.clone());
    let zone_text = RwSignal::new(saved.time_zone.as_str().to_string());
    let language = language();
    let zone_error = Memo::new(move |_| TimeZoneName::parse(&zone_text.get()).err().map(|e| e.message(language)));
    // The preview shows a zone once the browser has its rules: the saved zone's came with the
    // page; another zone's are asked for (they register themselves as they arrive, `tz::ZoneRules`).
    Effect::new(move |_| {
        let Ok(zone) = TimeZoneName::parse(&zone_text.get()) else { return };
        if tz::has_rules(zone.as_str()) {
            draft.update(|d| d.time_zone = zone);
            return;
        }
        leptos::task::spawn_local(async move {
            let arrived = rules_of_zone(zone.as_str().to_string()).await.is_ok();
            if arrived && TimeZoneName::parse(&zone_text.get_untracked()).as_ref() == Ok(&zone) {
                draft.update(|d| d.time_zone = zone);
            }
        });
    });
    // The picker's suggestions: every zone with its current offset, from the server (which has
    // every zone's rules), asked for when the field first gets focus. The first HTML goes without
    // them (100 KB of options); without JavaScript the field still takes any name and the server
    // checks it.
    let wanted = RwSignal::new(false);
    let zones = crate::codec::resource(
        move || wanted.get(),
        move |wanted| async move { if wanted { time_zones(instant).await } else { Ok(Vec::new()) } },
    );
    let browser_zone = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        browser_zone
            .set(browser_time_zone().filter(|z| z != saved.time_zone.as_str() && TimeZoneName::parse(z).is_ok()))
    });
    let server_error = move || match action.value().get() {
        Some(Err(e)) => Some(e.0.message(language)),
        _ => None,
    };
    let saved_ok = move || matches!(action.value().get(), Some(Ok(_)));
    Effect::new(move |_| {
        if let Some(Ok(p)) = action.value().get() {
            apply_theme(p.theme);
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if zone_error.get_untracked().is_some() {
            return;
        }
        let d = draft.get_untracked();
        action.dispatch(SavePreferences {
            patch: PreferencesPatch {
                date_format: Some(d.date_format.as_str().into()),
                time_format: Some(d.time_format.as_str().into()),
                time_zone: Some(d.time_zone.as_str().into()),
                week_start: Some(d.week_start.as_str().into()),
                theme: Some(d.theme.as_str().into()),
                language: Some(d.language.as_str().into()),
                // The server's build has the product's preferences in the patch too (the REST API's).
                #[cfg(not(target_arch = "wasm32"))]
                app: None,
            },
        });
    };
    view! {
        {move || {
            browser_zone
                .get()
                .map(|zone| {
                    let z = zone.clone();
                    view! {
                        <div class="notice" role="status">
                            {t("prefs-browser-zone-start")} <strong>{zone}</strong> {t("prefs-browser-zone-end")} " "
                            <button type="button" on:click=move |_| zone_text.set(z.clone())>
                                {t("prefs-browser-zone-use")}
                            </button>
                        </div>
                    }
                })
        }}
        <p class="preview" aria-live="polite">
            <span class="hint">{t("prefs-preview")}</span>
            <output data-testid="preview" data-instant=instant>
                {move || preview(instant, &draft.get())}
            </output>
        </p>
        <form class="prefs" on:submit=on_submit novalidate>
            <ChoiceSelect
                label=t("prefs-date-format")
                name="date_format"
                value=pick(draft, |p| p.date_format)
                on_change=move |v| draft.update(|d| d.date_format = v)
            />
            <ChoiceSelect
                label=t("prefs-time-format")
                name="time_format"
                value=pick(draft, |p| p.time_format)
                on_change=move |v| draft.update(|d| d.time_format = v)
            />
            <div class="field" class:invalid=move || zone_error.get().is_some()>
                <label for="field-time_zone">{t("prefs-time-zone")}</label>
                <input
                    id="field-time_zone"
                    name="time_zone"
                    list="time-zones"
                    autocomplete="off"
                    aria-describedby="field-time_zone-hint field-time_zone-message"
                    aria-invalid=move || if zone_error.get().is_some() { "true" } else { "false" }
                    prop:value=move || zone_text.get()
                    on:input=move |ev| zone_text.set(event_target_value(&ev))
                    on:focus=move |_| wanted.set(true)
                />
                <p class="hint" id="field-time_zone-hint">{t("prefs-time-zone-hint")}</p>
                <p class="message" id="field-time_zone-message" aria-live="polite">{move || zone_error.get()}</p>
                <Suspense fallback=|| ()>
                    <datalist id="time-zones">
                        {move || Suspend::new(async move {
                            zones
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .map(|(name, offset)| view! { <option value=name>{format!("{name} ({offset})")}</option> })
                                .collect_view()
                        })}
                    </datalist>
                </Suspense>
            </div>
            <ChoiceSelect
                label=t("prefs-week-start")
                name="week_start"
                value=pick(draft, |p| p.week_start)
                on_change=move |v| draft.update(|d| d.week_start = v)
            />
            <ChoiceSelect
                label=t("prefs-theme")
                name="theme"
                value=pick(draft, |p| p.theme)
                on_change=move |v| draft.update(|d| d.theme = v)
            />
            <ChoiceSelect
                label=t("prefs-language")
                name="language"
                value=pick(draft, |p| p.language)
                on_change=move |v| draft.update(|d| d.language = v)
            />
            <p class="form-error" role="alert">{server_error}</p>
            <button type="submit" class="primary" disabled=move || action.pending().get()>
                {t("prefs-save")}
            </button>
            <p class="toast" role="status">{move || saved_ok().then(|| t("prefs-saved"))}</p>
        </form>
    }
}

/// One field of the draft, as a signal for its `<select>`.
fn pick<T: Send + Sync + 'static>(draft: RwSignal<Preferences>, f: fn(&Preferences) -> T) -> Signal<T> {
    Signal::derive(move || f(&draft.get()))
}
