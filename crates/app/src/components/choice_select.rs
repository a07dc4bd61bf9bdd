//! A labelled `<select>` over one of the domain's closed choices.

use leptos::prelude::*;
use vestibule_domain::Choice;

#[component]
pub fn ChoiceSelect<T: Choice + Send + Sync>(
    #[prop(into)] label: String,
    name: &'static str,
    value: Signal<T>,
    on_change: impl Fn(T) + 'static,
) -> impl IntoView {
    let id = format!("field-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select
                id=id
                name=name
                on:change=move |ev| {
                    if let Ok(v) = T::parse(&event_target_value(&ev)) {
                        on_change(v);
                    }
                }
            >
                {T::all()
                    .iter()
                    .map(|choice| {
                        let choice = *choice;
                        view! {
                            <option value=choice.as_str() selected=move || value.get() == choice>
                                {crate::i18n::label(choice)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
