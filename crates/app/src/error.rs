//! The error every server function returns: the domain's `UserError`, carried as postcard like the
//! answers (`crate::api::Answer`).

use leptos::server_fn::codec::PostcardEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use vestibule_domain::UserError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{0}")]
pub struct AppError(pub UserError);

impl FromServerFnError for AppError {
    type Encoder = PostcardEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self(UserError::Transport(value.to_string()))
    }
}

impl From<UserError> for AppError {
    fn from(e: UserError) -> Self {
        Self(e)
    }
}

impl AppError {
    /// The message for one field, in the page's language.
    pub fn for_field(&self, field: &str) -> Option<String> {
        self.0.for_field_in(field, crate::i18n::language())
    }
}
