//! Cross-cutting HTTP rules: security headers, CSRF refusal, and the session (with the log-in wall around `/settings`).

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::*;
use vestibule_domain::UserError;
use vestibule_service::{Vestibule, preferences, sessions};

/// Headers for every response; pages get their CSP (with the render's nonce) from `page_headers`.
pub async fn security_headers(State(v): State<Vestibule>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
        );
    }
    if v.settings.https() {
        headers
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=63072000; includeSubDomains"));
    }
    response
}

/// Called inside every Leptos render and server function: a CSP naming this render's nonce, and
/// no caching of pages (they show the logged-in user's data).
pub fn page_headers() {
    let Some(res) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    res.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(nonce) = use_nonce() {
        let csp = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
             frame-ancestors 'none'; form-action 'self'"
        );
        if let Ok(value) = HeaderValue::from_str(&csp) {
            res.insert_header(header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// Refuses state-changing requests from other sites (Leptos server functions have no CSRF check of
/// their own). The bearer-token REST API under `/api/v1` is exempt: browsers never attach its tokens.
pub async fn refuse_cross_site(State(v): State<Vestibule>, request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || request.uri().path().starts_with("/api/v1/") {
        return next.run(request).await;
    }
    let headers = request.headers();
    let cross_site = headers.get("sec-fetch-site").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"cross-site"));
    let foreign_origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()).is_some_and(|origin| {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
        let own = [format!("http://{host}"), format!("https://{host}")];
        let public = v.settings.public_url.as_deref().map(|u| u.trim_end_matches('/'));
        !(own.iter().any(|o| o == origin) || public == Some(origin))
    });
    if cross_site || foreign_origin {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        return (StatusCode::FORBIDDEN, axum::Json(UserError::CrossSite)).into_response();
    }
    next.run(request).await
}

/// Page loads learn who is logged in (and their preferences, so the first HTML has their theme and
/// language). Pages under `/settings` need a session: without one, to the log-in page and back afterwards.
pub async fn load_session(State(v): State<Vestibule>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_page = request.method() == Method::GET
        && !["/pkg/", "/fn/", "/api/", "/healthz", "/livez", "/favicon", "/avatars/"]
            .iter()
            .any(|p| path.starts_with(p));
    if !is_page {
        return next.run(request).await;
    }
    let protected = path == "/settings" || path.starts_with("/settings/");
    let v = &v;
    let cookies = request.headers().get(header::COOKIE).and_then(|c| c.to_str().ok()).unwrap_or_default();
    let account = sessions::from_cookie_header(v, cookies).await.ok().flatten();
    match account {
        Some(account) => {
            if let Ok(prefs) = preferences::get(v, account.id).await {
                request.extensions_mut().insert(prefs);
            }
            request.extensions_mut().insert(account);
            next.run(request).await
        }
        None if protected => {
            let target = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/settings");
            Redirect::to(&format!("/login?next={}", encode_component(target))).into_response()
        }
        None => next.run(request).await,
    }
}

/// Percent-encodes everything but unreserved characters and `/`.
fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
