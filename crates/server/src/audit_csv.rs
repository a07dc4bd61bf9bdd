//! `GET /settings/audit-log.csv`: the account's security log as CSV (RFC 4180), for a spreadsheet
//! or an archive. Every field is quoted, and one that a spreadsheet would run as a formula (it
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`.

use crate::AppState;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use vestibule_domain::UserError;
use vestibule_domain::audit::{event_name, parse_kind};
use vestibule_domain::datetime::rfc3339;
use vestibule_service::{Error, audit, preferences, sessions};

/// The most events one file holds (the newest).
const MAX_EVENTS: usize = 10_000;

#[derive(serde::Deserialize)]
pub struct Filter {
    kind: Option<String>,
}

fn field(value: &str) -> String {
    let risky = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let value = if risky { format!("'{value}") } else { value.to_string() };
    format!("\"{}\"", value.replace('"', "\"\""))
}

pub async fn download(State(state): State<AppState>, headers: HeaderMap, Query(filter): Query<Filter>) -> Response {
    let v = &state.vestibule;
    let error = |e: UserError| {
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(e)).into_response()
    };
    let cookies = headers.get(header::COOKIE).and_then(|c| c.to_str().ok()).unwrap_or_default();
    let session = match sessions::from_cookie_header(v, cookies).await {
        Ok(Some(session)) => session,
        Ok(None) => return error(UserError::Unauthenticated),
        Err(Error(e)) => return error(e),
    };
    // The owner's only, as the page (`audit::page`).
    if session.acting.is_some() {
        return error(UserError::NotForSupport);
    }
    let account = &session.account;
    let events = match audit::list(&v.db, account.id, parse_kind(filter.kind.as_deref()), None, MAX_EVENTS).await {
        Ok(events) => events,
        Err(Error(e)) => return error(e),
    };
    let language = match preferences::get(v, account.id).await {
        Ok(prefs) => prefs.language,
        Err(Error(e)) => return error(e),
    };
    let mut csv = String::from("\"time\",\"event\",\"action\",\"target\",\"ip\",\"user_agent\"\r\n");
    for e in events {
        let row =
            [rfc3339(e.created_at), event_name(&e.action, &e.detail, language), e.action, e.target, e.ip, e.user_agent];
        csv.push_str(&row.iter().map(|f| field(f)).collect::<Vec<_>>().join(","));
        csv.push_str("\r\n");
    }
    let mut response = csv.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"audit-log.csv\""));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "\"plain\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-1+2"), "\"'-1+2\"");
    }
}
