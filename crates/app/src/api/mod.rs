//! Server functions: each reads the request, calls the service and returns. Rules live in `domain`
//! and `service`. All are POST under `/fn/` (state-changing ones are CSRF-checked by the server).

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
