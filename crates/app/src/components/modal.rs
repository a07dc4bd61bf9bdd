//! A modal dialog on the native `<dialog>`: the browser traps focus inside, Escape closes it, and
//! focus returns to where it was. Shown while mounted; `on_close` decides what closing means.

use leptos::prelude::*;

#[component]
pub fn Modal(
    /// The heading, which also names the dialog for screen readers.
    title: String,
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Dialog>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(dialog) = node.get()
            && !dialog.open()
        {
            let _ = dialog.show_modal();
        }
    });
    let heading = format!("dialog-{}", title.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    let labelled_by = heading.clone();
    view! {
        <dialog
            node_ref=node
            class="modal"
            aria-labelledby=labelled_by
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                on_close.run(());
            }
        >
            <h2 id=heading>{title}</h2>
            {children()}
        </dialog>
    }
}

/// Copies text to the clipboard; `false` when the browser refuses (the caller then selects the text).
pub async fn copy_to_clipboard(text: String) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let clipboard = window().navigator().clipboard();
        wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text)).await.is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        false
    }
}
