//! Single sign-on's two legs in the browser (`vestibule_service::sso`): `/login/sso` sends it to
//! the provider with a state it also keeps in a cookie, `/login/sso/callback` comes back with a
//! code and signs in (or, for an account with the same address, asks for its password first on
//! `/login/sso/link`). A failure goes back to the log-in page with a message, never a session.

use crate::state::AppState;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use vestibule_service::audit::Origin;
use vestibule_service::sessions::{self, NewSession, read_cookie};
use vestibule_service::sso::{self, Finished};

#[derive(Deserialize)]
pub struct Begin {
    next: Option<String>,
}

fn see_other(location: &str, cookies: &[String]) -> Response {
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, location.to_string())]).into_response();
    for cookie in cookies {
        if let Ok(value) = header::HeaderValue::from_str(cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

const FAILED: &str = "/login?sso=failed";

pub async fn begin(State(state): State<AppState>, Query(query): Query<Begin>) -> Response {
    let v = &state.vestibule;
    let next = vestibule_domain::safe_next(query.next.as_deref()).to_string();
    match sso::begin(v, &next).await {
        Ok(begun) => {
            let max_age = (sso::STEP_MS / 1000) as u64;
            see_other(
                &begun.url,
                &[sessions::cookie(&v.settings, sso::state_cookie(&v.settings), &begun.state, max_age)],
            )
        }
        Err(e) => {
            tracing::warn!("single sign-on could not begin: {e}");
            see_other(FAILED, &[])
        }
    }
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
}

pub async fn callback(State(state): State<AppState>, Query(query): Query<Callback>, request: Request) -> Response {
    let v = &state.vestibule;
    let origin = crate::api::origin(v, &request);
    let headers = request.headers();
    let cookies = headers.get(header::COOKIE).and_then(|c| c.to_str().ok()).unwrap_or_default();
    let cookie = read_cookie(cookies, sso::state_cookie(&v.settings));
    let clear = sessions::cookie(&v.settings, sso::state_cookie(&v.settings), "", 0);
    let (Some(code), Some(given)) = (query.code, query.state) else { return see_other(FAILED, &[clear]) };
    match sso::finish(v, &given, cookie, &code, &origin).await {
        Ok(Finished::SignIn { account, next }) => match start(v, account.id, "sso", headers, &origin).await {
            Ok(session) => see_other(vestibule_domain::safe_next(Some(&next)), &[clear, session]),
            Err(e) => {
                tracing::error!("single sign-on: no session: {e}");
                see_other(FAILED, &[clear])
            }
        },
        Ok(Finished::Link { ticket }) => {
            let max_age = (sso::STEP_MS / 1000) as u64;
            see_other(
                "/login/sso/link",
                &[clear, sessions::cookie(&v.settings, sso::link_cookie(&v.settings), &ticket, max_age)],
            )
        }
        Err(e) => {
            tracing::info!("single sign-on refused: {e}");
            see_other(FAILED, &[clear])
        }
    }
}

/// Starts a session for `account_id` (signed in by `method`); its `Set-Cookie`.
pub async fn start(
    v: &vestibule_service::Vestibule,
    account_id: i64,
    method: &str,
    headers: &HeaderMap,
    origin: &Origin,
) -> vestibule_service::Result<String> {
    let platform = headers.get("sec-ch-ua-platform").and_then(|p| p.to_str().ok());
    let new = NewSession { ip: &origin.ip, user_agent: &origin.user_agent, platform, second_factor: false };
    let token = sessions::create(v, account_id, &new).await?;
    vestibule_service::owner::signed_in(v, account_id, method, origin).await?;
    Ok(sessions::set_cookie(&v.settings, &token))
}
