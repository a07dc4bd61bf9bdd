//! A mail's unsubscribe link (RFC 8058). A person's click GETs a page that asks first (mail scanners
//! open links); its button, like a mail client's one-click POST, POSTs to the same address, which
//! turns off exactly the kind of mail the token names. A page of one button needs no WASM: it is
//! plain HTML with the app's stylesheet, in the visitor's language from the catalogs.

use crate::api::ApiError;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use leptos::config::LeptosOptions;
use vestibule_domain::Language;
use vestibule_domain::i18n::{t, t_args};
use vestibule_service::{Vestibule, notifications};

#[derive(serde::Deserialize)]
pub struct TokenQuery {
    token: String,
}

/// `GET /unsubscribe?token=…`: the question and the button.
pub async fn page(
    State(options): State<LeptosOptions>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
) -> Html<String> {
    let language = language(&headers);
    let body = format!(
        "<form method=\"post\" action=\"/unsubscribe?token={token}\"><p>{question}</p>\
         <button type=\"submit\" class=\"primary\">{submit}</button></form>",
        token = html_escape::encode_safe(&query.token),
        question = html_escape::encode_safe(&t(language, "unsubscribe-question")),
        submit = html_escape::encode_safe(&t(language, "unsubscribe-submit")),
    );
    Html(document(&options, language, &body))
}

/// `POST /unsubscribe?token=…`: turns the kind off. A browser (the page's button) gets a page; a
/// mail client's one-click (`List-Unsubscribe=One-Click`) gets JSON.
pub async fn unsubscribe(
    State(options): State<LeptosOptions>,
    State(v): State<Vestibule>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
) -> Response {
    let outcome = notifications::unsubscribe(&v, &query.token).await;
    let wants_html =
        headers.get(header::ACCEPT).and_then(|a| a.to_str().ok()).is_some_and(|accept| accept.contains("text/html"));
    if !wants_html {
        return match outcome {
            Ok(kind) => axum::Json(serde_json::json!({"unsubscribed": kind})).into_response(),
            Err(e) => ApiError(e.0).into_response(),
        };
    }
    let language = language(&headers);
    let (status, body) = match outcome {
        Ok(kind) => (
            StatusCode::OK,
            format!(
                "<p class=\"toast\" role=\"status\" data-testid=\"unsubscribed\">{done}</p>\
                 <p><a href=\"/settings/notifications\">{settings}</a></p>",
                done = html_escape::encode_safe(&t_args(
                    language,
                    "unsubscribe-done",
                    &[("kind", kind.label(language).into())]
                )),
                settings = html_escape::encode_safe(&t(language, "unsubscribe-settings")),
            ),
        ),
        Err(e) => (
            StatusCode::from_u16(e.0.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY),
            format!("<p class=\"form-error\" role=\"alert\">{}</p>", html_escape::encode_safe(&e.0.message(language))),
        ),
    };
    (status, Html(document(&options, language, &body))).into_response()
}

fn language(headers: &HeaderMap) -> Language {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|h| h.to_str().ok())
        .map(Language::from_accept_language)
        .unwrap_or_default()
}

fn document(options: &LeptosOptions, language: Language, body: &str) -> String {
    let title = html_escape::encode_safe(&t(language, "unsubscribe-title")).into_owned();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" data-theme=\"system\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>{css}</head>\
         <body><main class=\"auth\"><h1>{title}</h1>{body}</main></body></html>",
        lang = language.as_str(),
        css = vestibule_app::ssr::stylesheet_link(options),
    )
}
