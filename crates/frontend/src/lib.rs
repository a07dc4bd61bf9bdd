//! The WASM entry point: hydrates the server-rendered page with the `app` crate's components.
//! Nothing else belongs here.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Pages are lazy routes (split into chunks of their own by `cargo leptos build --split`):
    // hydration waits for the current page's chunk, so it runs as a task (what
    // `leptos::mount::hydrate_lazy` does), and the marker follows once it is done.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else { return };
        let handle = leptos::mount::hydrate_from_async(body.clone(), vestibule_app::App).await;
        handle.forget();
        // A marker for end-to-end tests (and curious people): the page is interactive from here on.
        let _ = body.set_attribute("data-hydrated", "true");
        // Then, in a task of its own (after everything that reacts to the marker), what waits for
        // a live page comes, with its lazy code.
        leptos::prelude::set_timeout(vestibule_app::components::page_is_live, std::time::Duration::ZERO);
    });
}
