//! Cross-cutting HTTP rules: security headers, CSRF refusal, and the session (with the log-in wall around `/settings`).

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::*;
use vestibule_domain::UserError;
use vestibule_service::{Vestibule, sessions};

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

/// An error answered before the request reaches its handler: to a server function (`/fn/…`) in
/// the encoding its caller decodes errors with (`vestibule_app::error::AppError`, postcard), to
/// anything else (an avatar upload) as JSON.
fn refusal(path: &str, status: StatusCode, e: UserError) -> Response {
    use leptos::server_fn::error::{FromServerFnError, SERVER_FN_ERROR_HEADER};
    use vestibule_app::error::AppError;
    if !path.starts_with("/fn/") {
        return (status, axum::Json(e)).into_response();
    }
    let mut answer = (status, AppError(e).ser()).into_response();
    let headers = answer.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-postcard"));
    if let Ok(path) = HeaderValue::from_str(path) {
        headers.insert(SERVER_FN_ERROR_HEADER, path);
    }
    answer
}

/// Refuses state-changing requests from other sites (Leptos server functions have no CSRF check of
/// their own). The bearer-token REST API under `/api/v1` is exempt: browsers never attach its tokens.
/// So is a mail's one-click unsubscribe (`POST /unsubscribe?token=…`, RFC 8058): the token in the
/// link is its whole authority, and the mail provider sends it from wherever it runs.
pub async fn refuse_cross_site(State(v): State<Vestibule>, request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let path = request.uri().path();
    if safe || path.starts_with("/api/v1/") || path == "/unsubscribe" {
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
        return refusal(path, StatusCode::FORBIDDEN, UserError::CrossSite);
    }
    next.run(request).await
}

/// Page loads learn who is logged in (and their preferences, so the first HTML has their theme and
/// language). Pages under `/settings` need a session: without one, to the log-in page and back afterwards.
/// Every request of support staff acting on an account (a page, a server call, an upload; not the
/// static files, avatars and health checks) goes into its security log, or is refused.
pub async fn load_session(State(v): State<Vestibule>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_get = request.method() == Method::GET || request.method() == Method::HEAD;
    let is_page = is_get
        && !["/pkg/", "/fn/", "/api/", "/healthz", "/livez", "/favicon", "/avatars/"]
            .iter()
            .any(|p| path.starts_with(p));
    let unaudited = ["/pkg/", "/api/", "/healthz", "/livez", "/favicon"].iter().any(|p| path.starts_with(p))
        || (is_get && path.starts_with("/avatars/"));
    if unaudited {
        return next.run(request).await;
    }
    let protected = is_page && (path == "/settings" || path.starts_with("/settings/"));
    let v = &v;
    let cookies = request.headers().get(header::COOKIE).and_then(|c| c.to_str().ok()).unwrap_or_default();
    let session = match sessions::from_cookie_header(v, cookies).await {
        Ok(session) => session,
        // Whether staff are acting cannot be known: nothing goes through unwritten.
        Err(e) => {
            tracing::error!("could not look up a session: {e}");
            return refusal(path, StatusCode::SERVICE_UNAVAILABLE, UserError::Internal);
        }
    };
    match session {
        Some(session) => {
            if session.acting.is_some() {
                let origin = crate::api::origin(v, &request);
                let (method, path) = (request.method().as_str(), request.uri().path());
                if let Err(e) = vestibule_service::support::record_request(v, &session, method, path, &origin).await {
                    // Nothing staff do goes unwritten: no log row, no request.
                    tracing::error!("could not write a support request to the security log: {e}");
                    return refusal(path, StatusCode::SERVICE_UNAVAILABLE, UserError::Internal);
                }
            }
            // A page sees the session read here; so does a server call of staff acting (the session
            // written down is the one it acts with). Other calls read their session themselves.
            if is_page || session.acting.is_some() {
                request.extensions_mut().insert(session);
            }
            next.run(request).await
        }
        None if protected => {
            let target = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/settings");
            Redirect::to(&format!("/login?next={}", vestibule_domain::url::percent_encode(target, b"/")))
                .into_response()
        }
        None => next.run(request).await,
    }
}

/// How long a streamed response may go without sending a byte before it is cut off.
pub const BODY_IDLE: std::time::Duration = std::time::Duration::from_secs(30);

/// Streamed responses (server-rendered pages) that stall end as an error in the log and a closed
/// connection, never as a connection that hangs. Bodies of known length pass untouched.
pub async fn end_stalled_bodies(request: Request, next: Next) -> Response {
    // A `Uri` clone shares its bytes: nothing is copied for the responses that pass untouched.
    let uri = request.uri().clone();
    let response = next.run(request).await;
    if http_body::Body::size_hint(response.body()).exact().is_some() {
        return response;
    }
    response.map(|body| axum::body::Body::new(IdleLimit::new(body, BODY_IDLE, uri.path().to_string())))
}

/// A body that fails when its inner body yields nothing for `idle`.
pub struct IdleLimit {
    inner: axum::body::Body,
    idle: std::time::Duration,
    timer: std::pin::Pin<Box<tokio::time::Sleep>>,
    path: String,
}

impl IdleLimit {
    pub fn new(inner: axum::body::Body, idle: std::time::Duration, path: String) -> Self {
        Self { inner, idle, timer: Box::pin(tokio::time::sleep(idle)), path }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the response body sent nothing for {0:?}")]
struct Stalled(std::time::Duration);

impl http_body::Body for IdleLimit {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        use std::future::Future;
        use std::task::Poll;
        let this = self.get_mut();
        match std::pin::Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => {
                let next = tokio::time::Instant::now() + this.idle;
                this.timer.as_mut().reset(next);
                Poll::Ready(frame)
            }
            Poll::Pending => match this.timer.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    tracing::error!(path = %this.path, "a streamed response stalled for {:?}; it was cut off", this.idle);
                    Poll::Ready(Some(Err(axum::Error::new(Stalled(this.idle)))))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use http_body_util::BodyExt;

    /// A page that sends its first bytes and then nothing: the body fails after the idle limit,
    /// instead of holding the connection forever.
    #[tokio::test(start_paused = true)]
    async fn a_stalled_stream_ends_in_an_error() {
        let chunks = futures_util::stream::once(async { Ok::<_, std::io::Error>(axum::body::Bytes::from("<html>")) })
            .chain(futures_util::stream::pending());
        let body = IdleLimit::new(axum::body::Body::from_stream(chunks), BODY_IDLE, "/stalled".into());
        let mut body = std::pin::pin!(body);
        let first = body.frame().await.expect("a first frame").expect("not an error");
        assert_eq!(first.into_data().expect("data"), "<html>");
        let started = tokio::time::Instant::now();
        let next = body.frame().await.expect("an error, not the end");
        assert!(next.is_err(), "a stalled body fails");
        assert_eq!(started.elapsed(), BODY_IDLE);
    }

    /// A slow stream that keeps sending passes whole, however long it takes in total.
    #[tokio::test(start_paused = true)]
    async fn a_slow_but_steady_stream_passes() {
        let chunks = futures_util::stream::iter(0..5).then(|i| async move {
            tokio::time::sleep(BODY_IDLE / 2).await;
            Ok::<_, std::io::Error>(axum::body::Bytes::from(i.to_string()))
        });
        let body = IdleLimit::new(axum::body::Body::from_stream(chunks), BODY_IDLE, "/slow".into());
        let all = body.collect().await.expect("no error").to_bytes();
        assert_eq!(all, "01234");
    }
}
