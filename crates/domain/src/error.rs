//! Errors as the user sees them: enums with data, each with one human message (its `Display`),
//! serializable so the page and the REST API show the same words.

use serde::{Deserialize, Serialize};

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ValidationError {
    #[error("This field is required.")]
    Required,
    #[error("Use at least {min} characters.")]
    TooShort { min: usize },
    #[error("Use at most {max} characters.")]
    TooLong { max: usize },
    #[error("Use only lowercase letters, digits, '-', '_' and '.' (found '{found}').")]
    UsernameChar { found: char },
    #[error("Start and end with a letter or a digit.")]
    UsernameEdge,
    #[error("Enter an email address like name@example.com.")]
    EmailFormat,
    #[error("This password is too easy to guess{hint}")]
    PasswordWeak { hint: String },
    #[error("The password must not contain your username or email address.")]
    PasswordLikeAccount,
    #[error("Remove the control characters (such as tabs or line breaks).")]
    ControlCharacter,
    #[error("The picture must be at most {max_mib} MiB.")]
    ImageTooLarge { max_mib: u32 },
    #[error("Upload a PNG, JPEG or WebP picture.")]
    ImageFormat,
    #[error("The picture is too big: at most {max}×{max} pixels.")]
    ImageDimensions { max: u32 },
    #[error("Choose one of: {}.", allowed.join(", "))]
    OneOf { allowed: Vec<String> },
    #[error("'{name}' is not a known time zone. Use an IANA name such as Europe/Berlin.")]
    UnknownTimeZone { name: String },
    #[error("Enter a date like 2027-01-31.")]
    DateFormat,
    #[error("Choose a date after today.")]
    ExpiryPast,
    #[error("Keys may live at most {max_days} days. Choose an earlier expiry.")]
    ExpiryTooLate { max_days: u32 },
    #[error("Choose at least one scope.")]
    NoScope,
    #[error("'{name}' is not a scope of this installation.")]
    UnknownScope { name: String },
    #[error("Only administrators may give a key the scope '{name}'.")]
    ScopeNotAllowed { name: String },
}

/// A message attached to the form field (or JSON field) it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self { field: field.to_string(), message: message.into() }
    }
}

impl ValidationError {
    /// Attaches the error to a field name.
    pub fn on(&self, field: &str) -> FieldError {
        FieldError::new(field, self.to_string())
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every way a request can fail, as told to the user. Internal causes are logged where they
/// happen and never travel: `Internal` carries no detail.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum UserError {
    /// Bad input, one message per field.
    #[error("{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" "))]
    Invalid(Vec<FieldError>),
    /// Log-in failed: the same for an unknown name and a wrong password.
    #[error("Wrong username, email or password.")]
    BadCredentials,
    #[error("Too many failed attempts. Try again in {retry_after} seconds.")]
    Throttled { retry_after: u64 },
    #[error("This account is locked after too many failed log-ins. Ask an administrator to unlock it.")]
    Locked,
    #[error("Please log in.")]
    Unauthenticated,
    #[error("This request came from another site and was refused.")]
    CrossSite,
    #[error("Not found.")]
    NotFound,
    /// A presented API key was refused (401 in the REST API).
    #[error("{0}")]
    KeyRefused(crate::api_keys::KeyRefusal),
    /// The key is fine but lacks the scope this request needs (403).
    #[error("This API key lacks the scope '{scope}'.")]
    InsufficientScope { scope: String },
    #[error("{}", key_limit(*max))]
    KeyLimit { max: u32 },
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The request did not reach us or its answer did not come back (browser side).
    #[error("Could not reach the server: {0}")]
    Transport(String),
}

impl UserError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }

    /// The message for one field, if this error has one.
    pub fn for_field(&self, field: &str) -> Option<String> {
        match self {
            Self::Invalid(errors) => errors.iter().find(|e| e.field == field).map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The HTTP status that carries this error.
    pub fn status(&self) -> u16 {
        match self {
            Self::Invalid(_) => 422,
            Self::BadCredentials | Self::Unauthenticated | Self::KeyRefused(_) => 401,
            Self::InsufficientScope { .. } => 403,
            Self::KeyLimit { .. } => 409,
            Self::Throttled { .. } => 429,
            Self::Locked | Self::CrossSite => 403,
            Self::NotFound => 404,
            Self::Internal => 500,
            Self::Transport(_) => 502,
        }
    }
}

fn key_limit(max: u32) -> String {
    if max == 1 {
        "You can have one API key at a time: delete the current key first.".into()
    } else {
        format!("You can have at most {max} API keys: delete one first.")
    }
}
