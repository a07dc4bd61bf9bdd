//! Settings → Notifications: where mails go (the account's address, or another one once its mailed
//! link is followed), which build results to hear about, the weekly summary, key-expiry reminders,
//! and security mails (always on, with the reason).

use crate::api::notifications::{NotificationsData, SaveNotifications, my_notifications};
use crate::components::{Field, FieldState};
use crate::i18n::{language, notifications::t, notifications::t_args};
use leptos::prelude::*;
use leptos_meta::Title;
use vestibule_domain::EmailAddress;
use vestibule_domain::notifications::{NotificationSettings, NotificationsPatch};

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let data = crate::codec::once(my_notifications());
    view! {
        <Title text=t("notify-title") />
        <h1>{t("notify-title")}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().map(|data| view! { <NotificationsForm data /> })
            })}
        </Suspense>
    }
}

#[component]
fn NotificationsForm(data: NotificationsData) -> impl IntoView {
    let language = language();
    let current = RwSignal::new(data.clone());
    let draft = RwSignal::new(data.settings);
    let save = ServerAction::<SaveNotifications>::new();
    let address = ServerAction::<SaveNotifications>::new();
    let field = FieldState::new();
    for action in [save, address] {
        Effect::new(move |_| {
            if let Some(Ok(saved)) = action.value().get() {
                current.set(saved);
            }
        });
    }
    Effect::new(move |_| match address.value().get() {
        Some(Ok(_)) => {
            field.reset(String::new());
        }
        Some(Err(e)) => field.server_error.set(e.for_field("address").or_else(|| Some(e.0.message(language)))),
        None => {}
    });
    let check = Signal::derive(move || EmailAddress::parse(&field.value.get()).err().map(|e| e.message(language)));
    let use_address = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        field.touched.set(true);
        if check.get_untracked().is_none() {
            address.dispatch(SaveNotifications {
                patch: NotificationsPatch { address: Some(field.value.get_untracked()), ..Default::default() },
            });
        }
    };
    let reset_address = move |_| {
        address.dispatch(SaveNotifications {
            patch: NotificationsPatch { address: Some(String::new()), ..Default::default() },
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = draft.get_untracked();
        save.dispatch(SaveNotifications {
            patch: NotificationsPatch {
                build_success: Some(s.build_success),
                build_failure: Some(s.build_failure),
                committer_only: Some(s.committer_only),
                include_manual: Some(s.include_manual),
                only_changes: Some(s.only_changes),
                weekly_summary: Some(s.weekly_summary),
                key_expiry: Some(s.key_expiry),
                address: None,
            },
        });
    };
    let sent = move || match address.value().get() {
        Some(Ok(saved)) => saved.pending_address.map(|to| t_args("notify-address-sent", &[("email", to.into())])),
        _ => None,
    };
    let save_error = move || match save.value().get() {
        Some(Err(e)) => Some(e.0.message(language)),
        _ => None,
    };
    view! {
        <section class="notify-address" aria-labelledby="notify-address-heading">
            <h2 id="notify-address-heading">{t("notify-address-heading")}</h2>
            {move || match current.get().sent_to {
                Some(to) => view! {
                    <p data-testid="notify-sent-to">{t_args("notify-address-current", &[("email", to.into())])}</p>
                }
                    .into_any(),
                None => view! {
                    <p class="warning" role="status" data-testid="notify-unverified">{t("notify-address-unverified")}</p>
                }
                    .into_any(),
            }}
            {move || {
                current
                    .get()
                    .pending_address
                    .map(|pending| {
                        view! {
                            <p class="pending" data-testid="notify-pending">
                                {t("notify-address-pending")} <strong>{pending}</strong>
                            </p>
                        }
                    })
            }}
            <p class="toast" role="status">{sent}</p>
            <form class="inline" on:submit=use_address novalidate>
                <Field
                    label=t("notify-address-label")
                    name="address"
                    kind="email"
                    state=field
                    check=check
                    autocomplete="email"
                    hint=t("notify-address-hint")
                />
                <button type="submit" disabled=move || address.pending().get()>{t("notify-address-save")}</button>
            </form>
            <Show when=move || { let c = current.get(); c.address.is_some() || c.pending_address.is_some() }>
                <button type="button" class="link" on:click=reset_address disabled=move || address.pending().get()>
                    {t("notify-address-reset")}
                </button>
            </Show>
        </section>
        <form class="notifications" on:submit=on_submit novalidate>
            <fieldset>
                <legend>{t("notify-builds-heading")}</legend>
                <Toggle name="build_success" draft pick=|s| s.build_success set=|s, on| s.build_success = on />
                <Toggle name="build_failure" draft pick=|s| s.build_failure set=|s, on| s.build_failure = on />
                <Toggle name="committer_only" hint=true draft pick=|s| s.committer_only set=|s, on| s.committer_only = on />
                <Toggle name="include_manual" draft pick=|s| s.include_manual set=|s, on| s.include_manual = on />
                <Toggle name="only_changes" hint=true draft pick=|s| s.only_changes set=|s, on| s.only_changes = on />
            </fieldset>
            <fieldset>
                <legend>{t("notify-other-heading")}</legend>
                <Toggle name="weekly_summary" hint=true draft pick=|s| s.weekly_summary set=|s, on| s.weekly_summary = on />
                <Toggle name="key_expiry" hint=true draft pick=|s| s.key_expiry set=|s, on| s.key_expiry = on />
                <div class="toggle">
                    <input type="checkbox" id="notify-security" checked disabled aria-describedby="notify-security-hint" />
                    <label for="notify-security">{t("notify-security")}</label>
                    <span class="hint" id="notify-security-hint">{t("notify-security-hint")}</span>
                </div>
            </fieldset>
            <p class="form-error" role="alert">{save_error}</p>
            <button type="submit" class="primary" disabled=move || save.pending().get()>
                {t("notify-save")}
            </button>
            <p class="toast" role="status">{move || matches!(save.value().get(), Some(Ok(_))).then(|| t("notify-saved"))}</p>
        </form>
    }
}

/// One checkbox of the draft, labelled `notify-<name>`, with the catalog's `notify-<name>-hint` below
/// when `hint`.
#[component]
fn Toggle(
    name: &'static str,
    draft: RwSignal<NotificationSettings>,
    pick: fn(&NotificationSettings) -> bool,
    set: fn(&mut NotificationSettings, bool),
    #[prop(optional)] hint: bool,
) -> impl IntoView {
    let key = format!("notify-{}", name.replace('_', "-"));
    let id = format!("field-{name}");
    let hint = hint.then(|| t(&format!("{key}-hint")));
    let hint_id = format!("{id}-hint");
    view! {
        <div class="toggle">
            <input
                type="checkbox"
                id=id.clone()
                name=name
                // The attribute for the server's HTML (and before hydration), the property after.
                checked=pick(&draft.get_untracked())
                prop:checked=move || pick(&draft.get())
                on:change=move |ev| draft.update(|s| set(s, event_target_checked(&ev)))
                aria-describedby=hint.is_some().then(|| hint_id.clone())
            />
            <label for=id>{t(&key)}</label>
            {hint.map(|hint| view! { <span class="hint" id=hint_id>{hint}</span> })}
        </div>
    }
}
