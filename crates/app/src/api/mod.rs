//! Server functions: each reads the request, calls the service and returns. Rules live in `domain`
//! and `service`. All are POST under `/fn/` (state-changing ones are CSRF-checked by the server).

/// How every server function answers (and how its errors travel, `crate::error`): postcard, a
/// compact binary form of the same serde types, whose decoder is smaller in the WASM than JSON's
/// (BENCHMARKS.md, first load). The host product's preferences answer in JSON: their values have no fixed type.
pub type Answer = leptos::server_fn::codec::Postcard;

pub mod app_preferences;
pub mod audit;
pub mod auth;
pub mod git_tokens;
pub mod keys;
pub mod notifications;
pub mod security;
pub mod settings;
pub mod support;
pub mod webhooks;
