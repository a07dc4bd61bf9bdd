//! The account's security log as the audit-log page shows it: what happened (an action
//! `<kind>.<what>`, named in the catalogs), when, from where, and the kinds to filter by.

use crate::i18n::{AuditLog, section_t};
use crate::language::Language;
use serde::{Deserialize, Serialize};

/// The kinds of events, to filter by: an action's kind is the part before its dot.
pub const KINDS: &[&str] = &[
    "sign_in",
    "session",
    "password",
    "two_factor",
    "passkey",
    "email",
    "api_key",
    "git_token",
    "webhook",
    "support",
    "sso",
];

/// Events a page shows at a time.
pub const PAGE_SIZE: usize = 50;

/// The kind of `action` (`sign_in.failed` → `sign_in`).
pub fn kind_of(action: &str) -> &str {
    action.split('.').next().unwrap_or(action)
}

/// A kind to filter by, if it is one (anything else is no filter).
pub fn parse_kind(raw: Option<&str>) -> Option<&'static str> {
    raw.and_then(|raw| KINDS.iter().copied().find(|k| *k == raw.trim()))
}

/// The catalog id of an action's name (`two_factor.enabled` → `audit-two-factor-enabled`).
pub fn action_message_id(action: &str) -> String {
    format!("audit-{}", action.replace(['.', '_'], "-"))
}

/// What an event is called in `language`: its catalog name (for a sign-in, with how it was proven
/// or why it failed), or the action itself for events this version does not name.
pub fn event_name(action: &str, detail: &str, language: Language) -> String {
    let text = |id: &str| section_t::<AuditLog>(language, id, &[]);
    let id = action_message_id(action);
    let name = text(&id);
    if name == id {
        return action.to_string();
    }
    let how_id = match action {
        "sign_in.succeeded" => format!("audit-method-{detail}"),
        "sign_in.failed" => format!("audit-failed-{detail}"),
        // Support staff at work: who, and the reason they gave.
        _ if kind_of(action) == "support" => {
            return match parse_support_detail(detail) {
                Some((_, staff, reason)) => {
                    let by = section_t::<AuditLog>(
                        language,
                        "audit-support-by",
                        &[("staff", staff.to_string().into()), ("reason", reason.to_string().into())],
                    );
                    format!("{name} ({by})")
                }
                None => name,
            };
        }
        _ => return name,
    };
    match text(&how_id) {
        how if how == how_id => name,
        how => format!("{name} ({how})"),
    }
}

/// The detail of a support event: the staff member (id and username) and the reason they gave, as
/// data (`event_name` words it in the reader's language).
pub fn support_detail(staff_id: i64, staff: &str, reason: &str) -> String {
    format!("staff:{staff_id}:{staff};reason:{reason}")
}

/// The staff member's id, username and reason in a `support_detail`.
pub fn parse_support_detail(detail: &str) -> Option<(i64, &str, &str)> {
    let (staff, reason) = detail.strip_prefix("staff:")?.split_once(";reason:")?;
    let (id, username) = staff.split_once(':')?;
    Some((id.parse().ok()?, username, reason))
}

/// One event, its time already in the user's format and zone (the shared formatter, on the server).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub when: String,
    pub action: String,
    /// What the event was about (a key's id, a session's, an address), stored as data.
    pub target: String,
    /// For a sign-in, how it was proven (`password`, `code`, `recovery_code`, `passkey`,
    /// `password_passkey`, `sign_up`).
    pub detail: String,
    pub ip: String,
    /// The browser and system of the user agent, when recognised.
    pub browser: Option<String>,
    pub os: Option<String>,
}

/// A page of events, newest first, and where the next (older) page starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` for the next page; `None` on the last.
    pub older: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_have_kinds_and_names() {
        assert_eq!(kind_of("sign_in.failed"), "sign_in");
        assert_eq!(parse_kind(Some("two_factor")), Some("two_factor"));
        assert_eq!(parse_kind(Some("x' OR 1=1")), None);
        assert_eq!(action_message_id("two_factor.recovery_code_used"), "audit-two-factor-recovery-code-used");
        assert_eq!(
            event_name("sign_in.succeeded", "code", Language::En),
            "Signed in (with the password and an authenticator code)"
        );
        assert_eq!(
            event_name("sign_in.failed", "password", Language::De),
            "Anmeldung fehlgeschlagen (falsches Passwort)"
        );
        assert_eq!(event_name("password.changed", "other sessions ended: 2", Language::En), "Password changed");
        assert_eq!(event_name("platform.thing", "", Language::En), "platform.thing", "an action not named here");
        let detail = support_detail(7, "sam", "T-1; see notes");
        assert_eq!(parse_support_detail(&detail), Some((7, "sam", "T-1; see notes")));
        assert_eq!(
            event_name("support.request", &detail, Language::En),
            "Support request (by sam, reason: T-1; see notes)"
        );
        assert_eq!(event_name("support.granted", "", Language::De), "Support-Zugang gewährt");
    }
}
