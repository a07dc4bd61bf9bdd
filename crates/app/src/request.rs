//! The request being rendered or answered (server only): the session the server's middleware found
//! for it, and its headers, borrowed from Leptos' context without copying the request.

use http::request::Parts;
use leptos::prelude::*;
use std::sync::Arc;
use vestibule_service::sessions::Session;

/// The session the server's middleware found for this page load (`None` for visitors, and in a
/// server-function call, which looks its session up itself, unless support staff act through it).
pub fn page_session() -> Option<Arc<Session>> {
    with_context::<Parts, _>(|parts| parts.extensions.get::<Arc<Session>>().cloned()).flatten()
}

/// A request header as text.
pub fn header(name: http::HeaderName) -> Option<String> {
    with_context::<Parts, _>(|parts| parts.headers.get(name)?.to_str().ok().map(str::to_string)).flatten()
}
