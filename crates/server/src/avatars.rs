//! Avatar upload (the raw image as the request body, so the browser can report progress) and serving.

use crate::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use vestibule_domain::{AVATAR_MAX_BYTES, UserError, avatar_too_large};
use vestibule_service::{Error, avatars, sessions};

fn error(e: UserError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(e)).into_response()
}

fn too_large() -> Response {
    let e = avatar_too_large().on("avatar");
    (StatusCode::PAYLOAD_TOO_LARGE, axum::Json(UserError::Invalid(vec![e]))).into_response()
}

/// `POST /settings/avatar`: the body is the picture. Answers `{"avatar_url": …}`.
pub async fn upload(State(state): State<AppState>, request: Request) -> Response {
    let v = &state.vestibule;
    let cookies = request.headers().get(header::COOKIE).and_then(|c| c.to_str().ok()).unwrap_or_default();
    let session = sessions::from_cookie_header(v, cookies).await;
    let account = match session {
        Ok(Some(session)) => session.account.clone(),
        Ok(None) => return error(UserError::Unauthenticated),
        Err(Error(e)) => return error(e),
    };
    // Reads at most the limit; answering before reading would reset a client still sending.
    // (The browser checks the size before it starts; this is for everything else.)
    let Ok(bytes) = to_bytes(request.into_body(), AVATAR_MAX_BYTES as usize).await else {
        return too_large();
    };
    match avatars::upload(v, account.id, bytes.to_vec()).await {
        Ok(url) => axum::Json(serde_json::json!({ "avatar_url": url })).into_response(),
        Err(Error(e)) => error(e),
    }
}

/// `GET /avatars/<key>.png`: immutable, so cached for a year; a new upload gets a new key.
pub async fn serve(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(key) = file.strip_suffix(".png") else { return StatusCode::NOT_FOUND.into_response() };
    match avatars::png(&state.vestibule, key).await {
        Ok(Some(png)) => {
            let mut response = Response::new(Body::from(png));
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(Error(e)) => error(e),
    }
}
