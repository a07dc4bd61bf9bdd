//! Support access: an owner lets the vendor's support staff act on their account for a while
//! (`GrantLength`), with a note; a staff member acts with a reason (a ticket reference). What the
//! page shows of a grant, of the accounts that granted one, and of an acting staff member.

use crate::error::ValidationError;
use serde::{Deserialize, Serialize};

/// The longest note an owner leaves with a grant, and the longest reason staff give.
pub const NOTE_MAX: usize = 200;
pub const REASON_MAX: usize = 200;

/// How long a grant lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GrantLength {
    Hour,
    Day,
    Week,
}

impl GrantLength {
    pub const ALL: [GrantLength; 3] = [Self::Hour, Self::Day, Self::Week];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hour => "1h",
            Self::Day => "24h",
            Self::Week => "7d",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Self::ALL.into_iter().find(|l| l.as_str() == raw.trim()).ok_or_else(|| ValidationError::OneOf {
            allowed: Self::ALL.iter().map(|l| l.as_str().to_string()).collect(),
        })
    }

    pub fn millis(self) -> i64 {
        let hours = match self {
            Self::Hour => 1,
            Self::Day => 24,
            Self::Week => 7 * 24,
        };
        hours * 3_600_000
    }
}

/// The owner's note with a grant: optional, one line, at most `NOTE_MAX` characters.
pub fn parse_note(raw: &str) -> Result<String, ValidationError> {
    crate::text::one_line(raw, NOTE_MAX)
}

/// Why staff act on an account (a ticket reference): required, one line, at most `REASON_MAX`.
pub fn parse_reason(raw: &str) -> Result<String, ValidationError> {
    let reason = crate::text::one_line(raw, REASON_MAX)?;
    if reason.is_empty() {
        return Err(ValidationError::Required);
    }
    Ok(reason)
}

/// The owner's active grant, as the Security page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportGrant {
    pub created_at: i64,
    pub expires_at: i64,
    pub note: String,
}

/// An account with an active grant, as the staff's Support page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantedAccount {
    pub username: String,
    pub full_name: String,
    pub note: String,
    pub expires_at: i64,
}

/// A staff member acting on an account, as the banner on every page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acting {
    /// The staff member's username.
    pub staff: String,
    pub reason: String,
    /// When the grant ends, and with it the acting.
    pub until: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_texts() {
        assert_eq!(GrantLength::parse("24h"), Ok(GrantLength::Day));
        assert_eq!(GrantLength::Week.millis(), 604_800_000);
        assert!(matches!(GrantLength::parse("2h"), Err(ValidationError::OneOf { .. })));
        assert_eq!(parse_note("  "), Ok(String::new()));
        assert_eq!(parse_reason(" "), Err(ValidationError::Required));
        assert_eq!(parse_reason("TICKET-1"), Ok("TICKET-1".into()));
        assert_eq!(parse_reason(&"x".repeat(201)), Err(ValidationError::TooLong { max: 200 }));
        assert_eq!(parse_note("a\nb"), Err(ValidationError::ControlCharacter));
    }
}
