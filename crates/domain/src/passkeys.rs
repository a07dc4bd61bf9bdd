//! Passkeys and security keys (WebAuthn): their names, how many an account may have, and the two
//! halves of a ceremony as they travel between the server and the browser's `navigator.credentials`.

use serde::{Deserialize, Serialize};

/// A passkey's name follows the rules of an API key's name (1-64 characters, no control characters).
pub use crate::api_keys::KeyName as PasskeyName;

/// Passkeys an account may register.
pub const MAX_PASSKEYS: usize = 20;

/// The first half of a ceremony: the options for `navigator.credentials.create()` or `.get()` (the
/// WebAuthn JSON form, parsed by the browser's `PublicKeyCredential.parse…OptionsFromJSON`), and the
/// ceremony that the answer finishes (single use, for a few minutes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyChallenge {
    pub ceremony: String,
    pub options: String,
}

/// Where a passkey sign-in starts: on the log-in page (no username: the browser offers the
/// account's passkeys) or as the second step after the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasskeyUse {
    SignIn,
    SecondStep,
}
