//! Vestibule's shared vocabulary: validated types and the rules behind them, used unchanged by the
//! browser (WASM) and the server. Pure: no I/O, no tokio, axum, sqlx or argon2.

// `string_newtype!` is defined there and used by later modules.
#[macro_use]
pub mod account;
pub mod api_keys;
pub mod app_preferences;
pub mod audit;
pub mod datetime;
pub mod error;
pub mod git_tokens;
pub mod i18n;
pub mod language;
pub mod notifications;
pub mod passkeys;
pub mod preferences;
pub mod support;
pub mod text;
pub mod two_factor;
pub mod tz;
pub mod url;
pub mod webhooks;

pub use account::{
    AVATAR_MAX_BYTES, Account, EmailAddress, FullName, LoginName, Password, Username, avatar_hue, avatar_too_large,
    check_avatar_upload, initials, safe_next, validate_sign_up,
};
pub use error::{FieldError, UserError, ValidationError};
pub use preferences::{
    Choice, DateFormat, Language, Preferences, PreferencesPatch, Theme, TimeFormat, TimeZoneName, WeekStart,
};
