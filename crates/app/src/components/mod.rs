//! Small reusable pieces of the pages.

mod choice_select;
mod field;
mod modal;
mod reauth;

pub use choice_select::ChoiceSelect;
pub use field::{Field, FieldState, FormActions, Toggle};
pub use modal::{Modal, copy_to_clipboard};
pub use reauth::{Reauth, ReauthDialog};

/// Moves the keyboard focus to the element `id` on the next frame (once a view that replaced the
/// focused element is mounted), so that focus does not fall back to the page's start. Browser only.
pub fn focus_later(id: impl Into<String>) {
    let id: String = id.into();
    #[cfg(feature = "hydrate")]
    leptos::prelude::request_animation_frame(move || {
        if let Some(element) = leptos::prelude::document().get_element_by_id(&id)
            && let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element)
        {
            let _ = element.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Milliseconds since the Unix epoch, from the browser's clock or the server's.
pub fn now_ms() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or_default()
    }
}

/// The browser's own time zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`); `None` on the server.
pub fn browser_time_zone() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let options =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
        js_sys::Reflect::get(&options, &"timeZone".into()).ok()?.as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// Shows the chosen theme at once, without a reload (the server renders it into the next page).
pub fn apply_theme(theme: vestibule_domain::Theme) {
    #[cfg(feature = "hydrate")]
    if let Some(root) = leptos::prelude::document().document_element() {
        use vestibule_domain::Choice;
        let _ = root.set_attribute("data-theme", theme.as_str());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = theme;
}

/// Its children once the page is live in the browser, never in the server's HTML: for a part whose
/// code is a lazy chunk fetched after the first load (an add form below a list), so that the page
/// becomes interactive without waiting for it.
#[leptos::component]
pub fn WhenLive(children: leptos::children::ChildrenFn) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let live = live();
    move || live.get().then(|| children())
}

#[cfg(feature = "hydrate")]
thread_local! {
    static LIVE: leptos::prelude::ArcRwSignal<bool> = leptos::prelude::ArcRwSignal::new(false);
}

/// Whether the page has hydrated: in the browser one signal for the whole visit, set by
/// [`page_is_live`]; on the server never (a signal of the render's own, so nothing outlives it).
fn live() -> leptos::prelude::ArcRwSignal<bool> {
    #[cfg(feature = "hydrate")]
    {
        LIVE.with(Clone::clone)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        leptos::prelude::ArcRwSignal::new(false)
    }
}

/// Called by the WASM entry point once the page has hydrated: [`WhenLive`] parts appear.
pub fn page_is_live() {
    #[cfg(feature = "hydrate")]
    leptos::prelude::Set::set(&live(), true);
}
