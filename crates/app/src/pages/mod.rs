//! One module per page; `settings/` holds the settings shell and its sections.

pub mod lazy;
mod log_in;
mod not_found;
pub mod settings;
mod sign_up;
mod verify_email;

pub use log_in::{LogInPage, SecondStepPage, SsoLinkPage};
pub use not_found::NotFound;
pub use sign_up::SignUpPage;
pub use verify_email::VerifyEmailPage;
