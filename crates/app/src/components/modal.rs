//! A modal dialog on the native `<dialog>`: the browser traps focus inside, Escape closes it, and
//! focus returns to where it was. Shown while mounted; `on_close` decides what closing means.

use leptos::prelude::*;

#[component]
pub fn Modal(
    /// The heading, which also names the dialog for screen readers.
    title: String,
    on_close: Callback<()>,
    /// The heading's id: a dialog opened over another needs its own.
    #[prop(default = "modal-title")]
    title_id: &'static str,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Dialog>::new();
    #[cfg(feature = "hydrate")]
    {
        // The dialog is removed rather than closed, so focus goes back by hand to where it was.
        let opener = send_wrapper::SendWrapper::new(document().active_element());
        on_cleanup(move || {
            // Close first: an open modal dialog keeps focus from leaving it.
            if let Some(Some(dialog)) = node.try_get_untracked() {
                dialog.close();
            }
            if let Some(element) = opener.take()
                && let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element)
            {
                let _ = element.focus();
            }
        });
        // `try_`: the frame may come after the dialog was taken away again (its reference disposed).
        let show = move || {
            if let Some(Some(dialog)) = node.try_get_untracked()
                && !dialog.open()
            {
                let _ = dialog.show_modal();
            }
        };
        Effect::new(move |_| {
            node.track();
            show();
        });
        // A dialog built inside a lazily loaded chunk (a `Suspend`) is mounted after that effect
        // last ran; the next frame finds it mounted.
        request_animation_frame(show);
    }
    view! {
        <dialog
            node_ref=node
            class="modal"
            aria-labelledby=title_id
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                on_close.run(());
            }
        >
            <h2 id=title_id>{title}</h2>
            {children()}
        </dialog>
    }
}

/// Copies text to the clipboard; `false` when the browser refuses (the caller then selects the text).
pub async fn copy_to_clipboard(text: String) -> bool {
    #[cfg(feature = "hydrate")]
    {
        // Only secure contexts have `navigator.clipboard`; elsewhere it is undefined.
        let navigator = window().navigator();
        let present = js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|c| !c.is_undefined());
        if !present {
            return false;
        }
        wasm_bindgen_futures::JsFuture::from(navigator.clipboard().write_text(&text)).await.is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        false
    }
}
