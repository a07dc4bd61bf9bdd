//! Server-side helpers for server functions: the shared state, the request, the session cookie,
//! and turning a service error into a response with the right status.

use crate::error::AppError;
use crate::request::{header, page_session};
use axum::extract::ConnectInfo;
use http::HeaderValue;
use http::header::{RETRY_AFTER, SET_COOKIE, USER_AGENT};
use http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use std::net::SocketAddr;
use std::sync::Arc;
use vestibule_domain::{Account, UserError};
use vestibule_service::{Vestibule, sessions};

pub fn vestibule() -> Result<Vestibule, AppError> {
    use_context::<Vestibule>().ok_or_else(|| fail(vestibule_service::Error::internal("no Vestibule in context")))
}

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// Where the request came from (see `Origin::client_ip`).
pub fn client_ip(parts: &Parts, trust_proxy: bool) -> String {
    vestibule_service::audit::Origin::client_ip(
        // The last header line: a proxy may add its own line rather than append to the client's.
        parts.headers.get_all("x-forwarded-for").iter().next_back().map(|h| h.as_bytes()),
        parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()),
        trust_proxy,
    )
}

/// The request's session, if any (set by the server's middleware, or looked up here).
pub async fn current_session() -> Result<Option<Arc<sessions::Session>>, AppError> {
    if let Some(session) = page_session() {
        return Ok(Some(session));
    }
    let Some(cookies) = header(http::header::COOKIE) else {
        return Ok(None);
    };
    sessions::from_cookie_header(&vestibule()?, &cookies).await.map_err(fail)
}

/// The account of the request's session, if any: with support staff acting, the account they act on.
pub async fn current_account() -> Result<Option<Account>, AppError> {
    Ok(current_session().await?.map(|s| (*s.account).clone()))
}

/// The preferences the server's middleware read with this page's session (a page load; `None` in
/// a server-function call, which reads them itself).
pub fn loaded_preferences() -> Option<vestibule_domain::Preferences> {
    page_session().map(|s| s.preferences.clone())
}

pub async fn require_account() -> Result<Account, AppError> {
    current_account().await?.ok_or_else(|| fail(UserError::Unauthenticated.into()))
}

/// Who acts through the page (the owner, who may do all the account may, or support staff acting
/// on it), and from where.
pub async fn caller() -> Result<vestibule_service::api_keys::Caller, AppError> {
    let session = current_session().await?.ok_or_else(|| fail(UserError::Unauthenticated.into()))?;
    let v = vestibule()?;
    Ok(session.caller(origin(&v)))
}

/// Where the request comes from, for the audit log.
pub fn origin(v: &Vestibule) -> vestibule_service::audit::Origin {
    vestibule_service::audit::Origin { ip: request_ip(v), user_agent: header(USER_AGENT).unwrap_or_default() }
}

/// The request's session token (from its cookie), if it has one.
pub fn session_token(v: &Vestibule) -> Option<String> {
    let parts = parts()?;
    let cookies = parts.headers.get(http::header::COOKIE).and_then(|c| c.to_str().ok()).unwrap_or_default();
    sessions::token_from_cookies(&v.settings, cookies).map(str::to_string)
}

/// Refuses (`ReauthRequired`) unless this session proved its owner within the operator's window:
/// for sensitive changes (see `vestibule_service::reauth`). Call after `require_account`.
pub async fn require_recent_proof(v: &Vestibule) -> Result<(), AppError> {
    vestibule_service::reauth::require(v, session_token(v).as_deref()).await.map_err(fail)
}

/// Starts a session for the account, sets its cookie on the response, and writes the sign-in to
/// the account's security log with how it was proven (`method`: sign_up, password, code); a
/// browser never seen on the account before is mailed about.
pub async fn start_session(v: &Vestibule, account_id: i64, method: &str) -> Result<(), AppError> {
    let parts = parts().unwrap_or_else(|| http::Request::new(()).into_parts().0);
    let ip = client_ip(&parts, v.settings.trust_proxy);
    let agent = parts.headers.get(USER_AGENT).and_then(|a| a.to_str().ok()).unwrap_or_default();
    let platform = parts.headers.get("sec-ch-ua-platform").and_then(|p| p.to_str().ok());
    let second_factor = matches!(method, "code" | "recovery_code" | "passkey" | "password_passkey");
    let new = sessions::NewSession { ip: &ip, user_agent: agent, platform, second_factor };
    let token = sessions::create(v, account_id, &new).await.map_err(fail)?;
    let origin = vestibule_service::audit::Origin { ip, user_agent: agent.to_string() };
    vestibule_service::owner::signed_in(v, account_id, method, &origin).await.map_err(fail)?;
    set_header(SET_COOKIE, &sessions::set_cookie(&v.settings, &token));
    Ok(())
}

/// The value of the request's cookie `name`, if it has one.
pub fn request_cookie(name: &str) -> Option<String> {
    let cookies = header(http::header::COOKIE)?;
    sessions::read_cookie(&cookies, name).map(str::to_string)
}

/// Ends the request's session server-side and clears the cookie (written to the security log).
pub async fn end_session(v: &Vestibule) -> Result<(), AppError> {
    if let Some(token) = session_token(v) {
        if let Some(session) = sessions::authenticate(v, &token).await.map_err(fail)? {
            let origin = origin(v);
            // Staff logging out while acting: the acting ends (in the owner's log), and the log-out
            // is the staff member's own.
            let who = match &session.acting {
                Some(acting) => {
                    vestibule_service::support::end(v, &token).await.map_err(fail)?;
                    acting.staff.id
                }
                None => session.account.id,
            };
            vestibule_service::audit::record(&v.db.pool, who, "session.signed_out", "", "", &origin)
                .await
                .map_err(fail)?;
        }
        sessions::delete(v, &token).await.map_err(fail)?;
    }
    set_header(SET_COOKIE, &sessions::clear_cookie(&v.settings));
    Ok(())
}

pub fn request_ip(v: &Vestibule) -> String {
    with_context::<Parts, _>(|p| client_ip(p, v.settings.trust_proxy)).unwrap_or_default()
}

pub(crate) fn set_header(name: http::HeaderName, value: &str) {
    if let (Some(res), Ok(value)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(value)) {
        res.append_header(name, value);
    }
}

/// Gives the response the status that fits the error (422, 401, 429 with `Retry-After`…).
pub fn fail(e: vestibule_service::Error) -> AppError {
    let e = e.0;
    if let Some(res) = use_context::<ResponseOptions>() {
        res.set_status(http::StatusCode::from_u16(e.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
        if let UserError::Throttled { retry_after } = &e {
            res.insert_header(RETRY_AFTER, HeaderValue::from(*retry_after));
        }
    }
    AppError(e)
}

/// The stylesheet and hydration links of `<head>`, rendered once (see `head_assets`).
struct RenderedHead {
    html: String,
    nonce: Option<Arc<str>>,
    /// The split build's chunks per lazy route, which `HydrationScripts` provides to the render.
    manifest: Option<leptos::WasmSplitManifest>,
}

fn rendered_head(options: LeptosOptions) -> &'static RenderedHead {
    use leptos::nonce::{provide_nonce, use_nonce};
    use leptos_meta::HashedStylesheet;
    use std::sync::OnceLock;
    static RENDERED: OnceLock<RenderedHead> = OnceLock::new();
    RENDERED.get_or_init(|| {
        let pkg = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
        let pkg_url = format!("/{}/", options.site_pkg_dir);
        let owner = Owner::new();
        owner.with(|| {
            provide_nonce();
            let mut html = view! {
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
            }
            .to_html();
            // The chunk bundles, when the server wrote them for the split manifest Leptos just read
            // (not an earlier build's): the page preloads its route's bundle instead of each of its
            // chunks, and the script hands them to the split loader.
            let manifest = use_context::<leptos::WasmSplitManifest>().map(|manifest| {
                let index = manifest.0.with_value(|(_, chunks, _)| {
                    crate::chunk_bundles::read_index(&pkg).filter(|index| index.matches(chunks))
                });
                let Some(index) = index else { return manifest };
                html.push_str(
                    &view! {
                        <script nonce=use_nonce() data-build=index.build.clone() data-pkg=pkg_url>
                            {crate::chunk_bundles::SCRIPT}
                        </script>
                    }
                    .to_html(),
                );
                manifest.0.with_value(|(root, chunks, loader)| {
                    leptos::WasmSplitManifest(ArcStoredValue::new((
                        root.clone(),
                        crate::chunk_bundles::preloads(chunks, &index),
                        loader.clone(),
                    )))
                })
            });
            RenderedHead { html, nonce: use_nonce().map(|n| n.as_inner().clone()), manifest }
        })
    })
}

/// The `<link rel="stylesheet">` of the app's CSS, rendered once: for the pages the server writes
/// without Leptos (the unsubscribe page).
pub fn stylesheet_link(options: &LeptosOptions) -> &'static str {
    use leptos_meta::HashedStylesheet;
    use std::sync::OnceLock;
    static LINK: OnceLock<String> = OnceLock::new();
    LINK.get_or_init(|| {
        Owner::new().with(|| view! { <HashedStylesheet options=options.clone() id="leptos" /> }.to_html())
    })
}

/// Renders the head's asset links before the first page (the server calls this while it builds
/// its router, outside any page's render).
pub fn render_head_once(options: &LeptosOptions) {
    rendered_head(options.clone());
}

/// The stylesheet and hydration links of `<head>`. Leptos' `HashedStylesheet` and
/// `HydrationScripts` read `hash.txt` from disk on every render (a sixth of the log-in page's
/// cost), so they render once, with a nonce of their own that each page swaps for its own.
pub fn head_assets(options: LeptosOptions) -> impl IntoView {
    let rendered = rendered_head(options);
    if let Some(manifest) = &rendered.manifest {
        provide_context(manifest.clone());
    }
    let html = match (&rendered.nonce, leptos::nonce::use_nonce()) {
        (Some(at_render), Some(nonce)) => rendered.html.replace(&**at_render, &nonce),
        _ => rendered.html.clone(),
    };
    leptos::tachys::html::InertElement::new(html)
}
