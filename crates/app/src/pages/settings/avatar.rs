//! The avatar: the uploaded picture, or initials on a colour derived from the username.
//! Uploads go as the raw request body with XMLHttpRequest, which reports progress on slow links;
//! the size and type are checked in the browser first, with the rule the server applies again.

use crate::Session;
use crate::api::settings::RemoveAvatar;
use crate::i18n::{profile::t, profile::t_args};
use leptos::prelude::*;
use vestibule_domain::{AVATAR_MAX_BYTES, Account, avatar_hue, initials};

#[component]
pub fn AvatarEditor(account: Account) -> impl IntoView {
    let session = expect_context::<Session>();
    let remove = ServerAction::<RemoveAvatar>::new();
    let error = RwSignal::new(None::<String>);
    let progress = RwSignal::new(None::<f64>);
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            session.settings.refetch();
        }
    });
    let has_avatar = account.avatar_url.is_some();
    let picture = match account.avatar_url.clone() {
        Some(url) => view! { <img class="avatar" src=url alt=t("avatar-alt") width="96" height="96" /> }.into_any(),
        None => {
            let letters = initials(&account.full_name, &account.username);
            let fill = format!("hsl({} 55% 42%)", avatar_hue(&account.username));
            view! {
                <svg
                    class="avatar"
                    viewBox="0 0 96 96"
                    width="96"
                    height="96"
                    role="img"
                    aria-label=t("avatar-initials-label")
                >
                    <circle cx="48" cy="48" r="48" fill=fill />
                    <text x="48" y="50" text-anchor="middle" dominant-baseline="middle" font-size="36" fill="#fff">
                        {letters}
                    </text>
                </svg>
            }
            .into_any()
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        error.set(None);
        pick_and_upload(ev, error, progress, move || session.settings.refetch());
    };
    view! {
        <div class="avatar-editor">
            {picture}
            <div>
                <input
                    id="avatar-file"
                    class="visually-hidden"
                    type="file"
                    accept="image/png,image/jpeg,image/webp"
                    aria-describedby="avatar-hint avatar-message"
                    on:change=on_change
                />
                <label class="button" for="avatar-file">
                    {t("avatar-upload")}
                </label>
                {has_avatar
                    .then(|| {
                        view! {
                            <button type="button" class="link" on:click=move |_| { remove.dispatch(RemoveAvatar {}); }>
                                {t("avatar-remove")}
                            </button>
                        }
                    })}
                <p class="hint" id="avatar-hint">
                    {t_args("avatar-hint", &[("max_mib", (AVATAR_MAX_BYTES >> 20).into())])}
                </p>
                {move || {
                    progress
                        .get()
                        .map(|p| {
                            view! {
                                <progress
                                    max="100"
                                    value=(p * 100.0).round()
                                    aria-label=t("avatar-progress-label")
                                ></progress>
                            }
                        })
                }}
                <p class="message" id="avatar-message" role="alert">{move || error.get()}</p>
            </div>
        </div>
    }
}

#[cfg(not(feature = "hydrate"))]
fn pick_and_upload(
    _: leptos::ev::Event,
    _: RwSignal<Option<String>>,
    _: RwSignal<Option<f64>>,
    _: impl Fn() + 'static,
) {
}

#[cfg(feature = "hydrate")]
fn pick_and_upload(
    ev: leptos::ev::Event,
    error: RwSignal<Option<String>>,
    progress: RwSignal<Option<f64>>,
    done: impl Fn() + 'static,
) {
    use vestibule_domain::i18n::{Profile, section_t};
    use vestibule_domain::{UserError, check_avatar_upload};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    // Read now: the XMLHttpRequest callbacks below run outside the reactive owner that holds the language.
    let language = crate::i18n::language();
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    input.set_value("");
    if let Err(e) = check_avatar_upload(file.size() as u64, &file.type_()) {
        error.set(Some(e.message(language)));
        return;
    }
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else { return };
    if xhr.open("POST", "/settings/avatar").is_err() {
        return;
    }
    let _ = xhr.set_request_header("Content-Type", &file.type_());
    if let Ok(upload) = xhr.upload() {
        let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress.set(Some(e.loaded() / e.total()));
            }
        });
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
    }
    let request = xhr.clone();
    let on_end = Closure::<dyn FnMut()>::new(move || {
        progress.set(None);
        let status = request.status().unwrap_or(0);
        if (200..300).contains(&status) {
            done();
            return;
        }
        let body = request.response_text().ok().flatten().unwrap_or_default();
        let message = serde_json::from_str::<UserError>(&body)
            .map(|e| e.for_field_in("avatar", language).unwrap_or_else(|| e.message(language)))
            .unwrap_or_else(|_| section_t::<Profile>(language, "avatar-upload-failed", &[("status", status.into())]));
        error.set(Some(message));
    });
    xhr.set_onloadend(Some(on_end.as_ref().unchecked_ref()));
    on_end.forget();
    progress.set(Some(0.0));
    if xhr.send_with_opt_blob(Some(&file)).is_err() {
        error.set(Some(section_t::<Profile>(language, "avatar-upload-not-started", &[])));
    }
}
