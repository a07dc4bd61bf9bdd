//! Two-factor sign-in: the codes a person types (an authenticator app's, RFC 6238: 6 digits every
//! 30 seconds; or a single-use recovery code) and what the security page shows of the setup.

use crate::ValidationError;
use serde::{Deserialize, Serialize};

/// Seconds per authenticator code.
pub const TOTP_STEP_SECONDS: i64 = 30;
/// Digits of an authenticator code.
pub const TOTP_DIGITS: usize = 6;
/// Recovery codes made at a time.
pub const RECOVERY_CODES: usize = 10;
/// Characters of a recovery code (base32: 80 random bits).
pub const RECOVERY_CODE_LEN: usize = 16;
/// The page warns when this few recovery codes are left.
pub const RECOVERY_WARN_AT: u32 = 3;

/// What a person typed at the second step: an authenticator code or a recovery code. Spaces and
/// dashes are ignored (apps and the recovery list show groups); recovery codes in any case.
#[derive(Clone, PartialEq, Eq)]
pub enum OneTimeCode {
    Totp(String),
    Recovery(String),
}

impl OneTimeCode {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let compact: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if compact.is_empty() {
            return Err(ValidationError::Required);
        }
        if let Ok(code) = parse_totp(&compact) {
            return Ok(Self::Totp(code));
        }
        let upper = compact.to_ascii_uppercase();
        let base32 = |c: char| c.is_ascii_uppercase() || ('2'..='7').contains(&c);
        if upper.chars().count() == RECOVERY_CODE_LEN && upper.chars().all(base32) {
            return Ok(Self::Recovery(upper));
        }
        Err(ValidationError::CodeFormat)
    }
}

impl std::fmt::Debug for OneTimeCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Totp(_) => "Totp([redacted])",
            Self::Recovery(_) => "Recovery([redacted])",
        })
    }
}

/// An authenticator app's code, as asked for when the app is set up: exactly 6 digits.
pub fn parse_totp(raw: &str) -> Result<String, ValidationError> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(ValidationError::Required);
    }
    if compact.len() == TOTP_DIGITS && compact.chars().all(|c| c.is_ascii_digit()) {
        return Ok(compact);
    }
    Err(ValidationError::TotpFormat)
}

/// A code or key as shown to its owner, in groups of four (`ABCD-EFGH-IJKL-MNOP`).
pub fn in_groups_of_four(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// The account's two-factor setup, as the security page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    /// When the authenticator app was turned on (ms since the epoch); `None`: off.
    pub totp_since: Option<i64>,
    /// Unused recovery codes.
    pub recovery_left: u32,
}

impl TwoFactorStatus {
    pub fn on(&self) -> bool {
        self.totp_since.is_some()
    }

    /// Whether to warn that recovery codes are running out.
    pub fn recovery_low(&self) -> bool {
        self.on() && self.recovery_left <= RECOVERY_WARN_AT
    }
}

/// An authenticator app being set up: what the page shows once, until a code confirms it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpEnrolment {
    /// The secret in base32, in groups of four, for typing into an app.
    pub secret: String,
    /// The `otpauth://` address the QR code holds.
    pub uri: String,
    /// The QR code as an SVG document, drawn on the server.
    pub qr_svg: String,
}

impl std::fmt::Debug for TotpEnrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpEnrolment([redacted])")
    }
}

/// What a change to the setup answers: the setup as it is now, and new recovery codes (shown once)
/// when the change made some.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorUpdate {
    pub status: TwoFactorStatus,
    pub codes: Option<RecoveryCodes>,
    /// Turned off with a password that is too short without a second factor: the page asks for a
    /// longer one.
    #[serde(default)]
    pub password_too_short: bool,
}

/// Recovery codes, shown once after they are made.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodes(pub Vec<String>);

impl std::fmt::Debug for RecoveryCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RecoveryCodes([{} redacted])", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_as_people_type_them() {
        assert_eq!(OneTimeCode::parse(" 123 456 "), Ok(OneTimeCode::Totp("123456".into())));
        assert_eq!(OneTimeCode::parse("abcd-efgh-ijkl-mn23"), Ok(OneTimeCode::Recovery("ABCDEFGHIJKLMN23".into())));
        assert_eq!(OneTimeCode::parse(""), Err(ValidationError::Required));
        assert_eq!(OneTimeCode::parse("12345"), Err(ValidationError::CodeFormat));
        assert_eq!(OneTimeCode::parse("ABCDEFGHIJKLMN01"), Err(ValidationError::CodeFormat), "0 and 1 are not base32");
        assert_eq!(parse_totp("12 34 56"), Ok("123456".into()));
        assert_eq!(parse_totp("ABCDEFGHIJKLMNOP"), Err(ValidationError::TotpFormat));
        assert_eq!(in_groups_of_four("ABCDEFGHIJKLMNOP"), "ABCD-EFGH-IJKL-MNOP");
        assert!(!format!("{:?}", OneTimeCode::parse("123456").unwrap()).contains("123456"));
    }
}
