//! The WASM entry point: hydrates the server-rendered page with the `app` crate's components.
//! Nothing else belongs here.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(vestibule_app::App);
    // A marker for end-to-end tests (and curious people): the page is interactive from here on.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
