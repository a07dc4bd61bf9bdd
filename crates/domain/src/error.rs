//! Errors as the user sees them: enums with data, each with one human message per language from
//! the catalogs (`message`; `Display` is English), serializable so the page and the REST API show the same words.

use crate::i18n::{Arg, t, t_args};
use crate::language::Language;
use serde::{Deserialize, Serialize};

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValidationError {
    Required,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    UsernameChar {
        found: char,
    },
    UsernameEdge,
    EmailFormat,
    /// `warning` names zxcvbn's warning (`password-warning-<warning>` in the catalogs), if it gave one.
    PasswordWeak {
        warning: Option<String>,
    },
    PasswordLikeAccount,
    /// The current password, asked for before a change, is not the account's.
    PasswordWrong,
    ControlCharacter,
    ImageTooLarge {
        max_mib: u32,
    },
    ImageFormat,
    ImageDimensions {
        max: u32,
    },
    OneOf {
        allowed: Vec<String>,
    },
    UnknownTimeZone {
        name: String,
    },
    DateFormat,
    ExpiryPast,
    ExpiryTooLate {
        max_days: u32,
    },
    /// A key asked for by an API key would outlive that key (`until`: its end, RFC 3339).
    ExpiryOutlivesKey {
        until: String,
    },
    NoScope,
    UnknownScope {
        name: String,
    },
    ScopeNotAllowed {
        name: String,
    },
    EmailTaken,
    EmailUnchanged,
    UsernameTaken,
    LinkInvalid,
    KeyNameTaken {
        name: String,
    },
    KeyRotatedOut,
    KeyAlreadyRotated,
    TooMany {
        max: usize,
    },
    /// An id from the host platform with a character outside `[A-Za-z0-9._:/#@-]`.
    Identifier,
    UrlFormat,
    /// An event's time that is not RFC 3339, in the future, or older than events are kept.
    EventTime,
    /// Not an authenticator code (6 digits) nor a recovery code.
    CodeFormat,
    /// Not an authenticator code (6 digits).
    TotpFormat,
    /// A code that is not right now, or was used already.
    CodeWrong,
    /// The log-in's second step came too late (or without its first): log in again.
    SecondStepExpired,
    /// Two-factor sign-in is on already (set up again after turning it off).
    TwoFactorOn,
    /// Two-factor sign-in is off (nothing to make recovery codes for).
    TwoFactorOff,
    /// A passkey's answer that does not verify (a wrong origin, signature or challenge, an old ceremony).
    PasskeyFailed,
    /// A passkey this server does not know (removed, or registered elsewhere).
    PasskeyUnknown,
    /// The passkey is registered already.
    PasskeyTaken,
    /// The browser's passkey prompt was closed, refused or timed out.
    PasskeyCancelled,
    /// The browser cannot use passkeys.
    PasskeyUnsupported,
    /// Passkeys need a host name (`localhost`, or `VESTIBULE_PUBLIC_URL`'s), not an IP address.
    PasskeyHostName,
    UnknownEvent {
        name: String,
    },
    NoEvent,
    WebhookHttps,
    WebhookAddress,
    WebhookUnresolvable,
    WebhookLimit {
        max: u32,
    },
    WebhookDisabled,
    /// Linking a single sign-on identity cannot check the account's second factor.
    SsoLinkTwoFactor,
    /// A delivery whose body is over `webhooks::MAX_PAYLOAD_BYTES` cannot be sent (again).
    WebhookTooLarge {
        max: u32,
    },
    /// An entry of a key's IP allowlist that is neither an address nor a CIDR range.
    IpRange {
        entry: String,
    },
    /// A Git provider's token with a space or line break inside.
    GitTokenFormat,
    /// The account has a Git provider token of this name already.
    GitTokenNameTaken {
        name: String,
    },
    /// A key limited to some addresses asked for a key (or list) reaching beyond them.
    AllowlistWider {
        ranges: String,
    },
    /// A whole number outside a declared range (the host product's preferences).
    NumberRange {
        min: i64,
        max: i64,
    },
    /// A preference the operator did not declare.
    UnknownPreference {
        name: String,
    },
}

/// A message attached to the form field (or JSON field) it belongs to: in English, and as data
/// (`error`) so the page can show it in the user's language.
#[derive(Debug, Clone, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    /// Always written (postcard, which server functions answer in, has no field names to skip by).
    #[serde(default)]
    pub error: Option<ValidationError>,
}

impl PartialEq for FieldError {
    // The same field and words are the same error, however it travelled.
    fn eq(&self, other: &Self) -> bool {
        self.field == other.field && self.message == other.message
    }
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self { field: field.to_string(), message: message.into(), error: None }
    }

    /// The message in `language` (the English text when the error came without its data).
    pub fn message(&self, language: Language) -> String {
        self.error.as_ref().map(|e| e.message(language)).unwrap_or_else(|| self.message.clone())
    }
}

impl ValidationError {
    /// Attaches the error to a field name.
    pub fn on(&self, field: &str) -> FieldError {
        FieldError { field: field.to_string(), message: self.to_string(), error: Some(self.clone()) }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Why a presented key was refused (the REST API's `reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KeyRefusal {
    Malformed,
    Unknown,
    Expired,
    Revoked,
}

impl KeyRefusal {
    pub fn message(self, language: Language) -> String {
        t(language, &format!("error-key-{}", self.as_str()))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::Unknown => "unknown",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }
}

impl std::fmt::Display for KeyRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Language::En))
    }
}

impl std::error::Error for KeyRefusal {}

/// Every way a request can fail, as told to the user. Internal causes are logged where they
/// happen and never travel: `Internal` carries no detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserError {
    /// Bad input, one message per field.
    Invalid(Vec<FieldError>),
    /// Log-in failed: the same for an unknown name and a wrong password.
    BadCredentials,
    Throttled {
        retry_after: u64,
    },
    Locked,
    /// The operator closed sign-up (`VESTIBULE_SIGN_UP=closed`): accounts come from the operator.
    SignUpClosed,
    Unauthenticated,
    CrossSite,
    NotFound,
    /// A presented API key was refused (401 in the REST API).
    KeyRefused(KeyRefusal),
    /// The key is fine but lacks the scope this request needs (403).
    InsufficientScope {
        scope: String,
    },
    KeyLimit {
        max: u32,
    },
    /// A sensitive change needs the owner to prove it is them again (password or code): the
    /// session's last proof is older than the operator's window.
    ReauthRequired,
    /// Support staff acting on the account asked for what only its owner may see or change
    /// (password, two-factor sign-in, passkeys, secrets, the support grant itself).
    NotForSupport,
    /// Only support staff may do this (the Support page, acting on an account).
    NotSupportStaff,
    /// Staff act on accounts only from a session that passed two-factor sign-in.
    SupportNeedsTwoFactor,
    /// The account has no active support grant (it was never given, revoked, or it ran out).
    NoSupportGrant,
    /// A sign-in with the single sign-on provider did not work out (the details are in the log).
    SsoFailed,
    /// The account's sign-in (password, two-factor, passkeys) is the single sign-on provider's.
    SsoManaged,
    /// The key has an IP allowlist and the request came from elsewhere (403 `ip_not_allowed`).
    IpNotAllowed,
    Internal,
    /// The request did not reach us or its answer did not come back (browser side).
    Transport(String),
}

impl UserError {
    /// The message for one field, if this error has one.
    pub fn for_field(&self, field: &str) -> Option<String> {
        self.for_field_in(field, Language::En)
    }

    /// The message for one field in `language`.
    pub fn for_field_in(&self, field: &str, language: Language) -> Option<String> {
        match self {
            Self::Invalid(errors) => errors.iter().find(|e| e.field == field).map(|e| e.message(language)),
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
            Self::Locked
            | Self::CrossSite
            | Self::SignUpClosed
            | Self::ReauthRequired
            | Self::NotForSupport
            | Self::NotSupportStaff
            | Self::SupportNeedsTwoFactor
            | Self::NoSupportGrant
            | Self::SsoFailed
            | Self::SsoManaged
            | Self::IpNotAllowed => 403,
            Self::NotFound => 404,
            Self::Internal => 500,
            Self::Transport(_) => 502,
        }
    }
}

impl ValidationError {
    /// The message in `language`.
    pub fn message(&self, language: Language) -> String {
        let with = |id: &str, args: &[(&str, Arg<'_>)]| t_args(language, id, args);
        match self {
            Self::Required => t(language, "error-required"),
            Self::TooShort { min } => with("error-too-short", &[("min", (*min).into())]),
            Self::TooLong { max } => with("error-too-long", &[("max", (*max).into())]),
            Self::UsernameChar { found } => with("error-username-char", &[("found", found.to_string().into())]),
            Self::UsernameEdge => t(language, "error-username-edge"),
            Self::EmailFormat => t(language, "error-email-format"),
            Self::PasswordWeak { warning: Some(w) } => {
                let warning = t(language, &format!("password-warning-{w}"));
                with("error-password-weak", &[("warning", warning.into())])
            }
            Self::PasswordWeak { warning: None } => t(language, "error-password-weak-generic"),
            Self::PasswordLikeAccount => t(language, "error-password-like-account"),
            Self::PasswordWrong => t(language, "error-password-wrong"),
            Self::ControlCharacter => t(language, "error-control-character"),
            Self::ImageTooLarge { max_mib } => with("error-image-too-large", &[("max_mib", (*max_mib).into())]),
            Self::ImageFormat => t(language, "error-image-format"),
            Self::ImageDimensions { max } => with("error-image-dimensions", &[("max", (*max).into())]),
            Self::OneOf { allowed } => with("error-one-of", &[("allowed", allowed.join(", ").into())]),
            Self::UnknownTimeZone { name } => with("error-unknown-time-zone", &[("name", name.clone().into())]),
            Self::DateFormat => t(language, "error-date-format"),
            Self::ExpiryPast => t(language, "error-expiry-past"),
            Self::ExpiryTooLate { max_days } => with("error-expiry-too-late", &[("max_days", (*max_days).into())]),
            Self::ExpiryOutlivesKey { until } => with("error-expiry-outlives-key", &[("until", until.clone().into())]),
            Self::NoScope => t(language, "error-no-scope"),
            Self::UnknownScope { name } => with("error-unknown-scope", &[("name", name.clone().into())]),
            Self::ScopeNotAllowed { name } => with("error-scope-not-allowed", &[("name", name.clone().into())]),
            Self::EmailTaken => t(language, "error-email-taken"),
            Self::EmailUnchanged => t(language, "error-email-unchanged"),
            Self::UsernameTaken => t(language, "error-username-taken"),
            Self::LinkInvalid => t(language, "error-link-invalid"),
            Self::KeyNameTaken { name } => with("error-key-name-taken", &[("name", name.clone().into())]),
            Self::KeyRotatedOut => t(language, "error-key-rotated-out"),
            Self::KeyAlreadyRotated => t(language, "error-key-already-rotated"),
            Self::TooMany { max } => with("error-too-many", &[("max", (*max).into())]),
            Self::Identifier => t(language, "error-identifier"),
            Self::UrlFormat => t(language, "error-url-format"),
            Self::EventTime => t(language, "error-event-time"),
            Self::CodeFormat => t(language, "error-code-format"),
            Self::TotpFormat => t(language, "error-totp-format"),
            Self::CodeWrong => t(language, "error-code-wrong"),
            Self::SecondStepExpired => t(language, "error-second-step-expired"),
            Self::TwoFactorOn => t(language, "error-two-factor-on"),
            Self::TwoFactorOff => t(language, "error-two-factor-off"),
            Self::PasskeyFailed => t(language, "error-passkey-failed"),
            Self::PasskeyUnknown => t(language, "error-passkey-unknown"),
            Self::PasskeyTaken => t(language, "error-passkey-taken"),
            Self::PasskeyCancelled => t(language, "error-passkey-cancelled"),
            Self::PasskeyUnsupported => t(language, "error-passkey-unsupported"),
            Self::PasskeyHostName => t(language, "error-passkey-host-name"),
            Self::UnknownEvent { name } => with("error-unknown-event", &[("name", name.clone().into())]),
            Self::NoEvent => t(language, "error-no-event"),
            Self::WebhookHttps => t(language, "error-webhook-https"),
            Self::WebhookAddress => t(language, "error-webhook-address"),
            Self::WebhookUnresolvable => t(language, "error-webhook-unresolvable"),
            Self::WebhookLimit { max } => with("error-webhook-limit", &[("max", (*max).into())]),
            Self::WebhookDisabled => t(language, "error-webhook-disabled"),
            Self::SsoLinkTwoFactor => t(language, "error-sso-link-two-factor"),
            Self::WebhookTooLarge { max } => with("error-webhook-too-large", &[("max", (*max).into())]),
            Self::IpRange { entry } => with("error-ip-range", &[("entry", entry.clone().into())]),
            Self::GitTokenFormat => t(language, "error-git-token-format"),
            Self::GitTokenNameTaken { name } => with("error-git-token-name-taken", &[("name", name.clone().into())]),
            Self::AllowlistWider { ranges } => with("error-allowlist-wider", &[("ranges", ranges.clone().into())]),
            Self::NumberRange { min, max } => {
                with("error-number-range", &[("min", (*min).into()), ("max", (*max).into())])
            }
            Self::UnknownPreference { name } => with("error-unknown-preference", &[("name", name.clone().into())]),
        }
    }
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Language::En))
    }
}

impl std::error::Error for ValidationError {}

impl UserError {
    /// The message in `language`; field messages of `Invalid` were rendered where they were found.
    pub fn message(&self, language: Language) -> String {
        let with = |id: &str, args: &[(&str, Arg<'_>)]| t_args(language, id, args);
        match self {
            Self::Invalid(errors) => errors.iter().map(|e| e.message(language)).collect::<Vec<_>>().join(" "),
            Self::BadCredentials => t(language, "error-bad-credentials"),
            Self::Throttled { retry_after } => with("error-throttled", &[("seconds", (*retry_after).into())]),
            Self::Locked => t(language, "error-locked"),
            Self::SignUpClosed => t(language, "error-sign-up-closed"),
            Self::Unauthenticated => t(language, "error-unauthenticated"),
            Self::CrossSite => t(language, "error-cross-site"),
            Self::NotFound => t(language, "error-not-found"),
            Self::KeyRefused(reason) => reason.message(language),
            Self::InsufficientScope { scope } => with("error-insufficient-scope", &[("scope", scope.clone().into())]),
            Self::KeyLimit { max } => with("error-key-limit", &[("max", (*max).into())]),
            Self::ReauthRequired => t(language, "error-reauth-required"),
            Self::NotForSupport => t(language, "error-not-for-support"),
            Self::NotSupportStaff => t(language, "error-not-support-staff"),
            Self::SupportNeedsTwoFactor => t(language, "error-support-needs-two-factor"),
            Self::NoSupportGrant => t(language, "error-no-support-grant"),
            Self::SsoFailed => t(language, "error-sso-failed"),
            Self::SsoManaged => t(language, "error-sso-managed"),
            Self::IpNotAllowed => t(language, "error-ip-not-allowed"),
            Self::Internal => t(language, "error-internal"),
            Self::Transport(detail) => with("error-transport", &[("detail", detail.clone().into())]),
        }
    }
}

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Language::En))
    }
}

impl std::error::Error for UserError {}
