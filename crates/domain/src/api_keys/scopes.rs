//! What a key may do: `resource:read|write` scopes (write implies read), the admin-only
//! `keys:verify`, and scopes the operator adds for their own platform (reported, not enforced here).

use crate::ValidationError;
use crate::preferences::Language;
use serde::{Deserialize, Serialize};

/// The host platform's scope for `POST /api/v1/keys/verify`; only administrators may hold it.
pub const VERIFY: &str = "keys:verify";

/// Vestibule's own resources: (name, group heading, read description, write description).
const RESOURCES: &[(&str, &str, &str, &str)] = &[
    ("profile", "Profile", "Read your username, name, email and avatar.", "Change your name and email address."),
    ("preferences", "Preferences", "Read your display preferences.", "Change your display preferences."),
    ("notifications", "Notifications", "Read your notification settings.", "Change your notification settings."),
    (
        "api-keys",
        "API keys",
        "List your API keys.",
        "Create, edit, rotate and delete API keys (never with scopes this key lacks).",
    ),
    ("webhooks", "Webhooks", "List your webhooks and their deliveries.", "Create, change and delete webhooks."),
    ("audit", "Audit log", "Read your account's security log.", "Add entries to your account's security log."),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    /// Enforced by Vestibule's own API.
    Vestibule,
    /// Only administrators may give it to a key.
    Admin,
    /// The operator's platform's (`VESTIBULE_EXTRA_SCOPES`): Vestibule reports it on verify.
    Platform,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeInfo {
    pub name: String,
    pub group: String,
    pub description: String,
    pub kind: ScopeKind,
}

impl ScopeInfo {
    /// The description in `language` (`scope-<name with ':' as '-'>`); the operator's scopes keep their own text.
    pub fn description_in(&self, language: Language) -> String {
        if self.kind == ScopeKind::Platform {
            return self.description.clone();
        }
        let id = format!("scope-{}", self.name.replace(':', "-"));
        let text = crate::i18n::t(language, &id);
        if text == id { self.description.clone() } else { text }
    }
}

/// Every scope a key may have on this installation, in the order the page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeCatalog {
    pub scopes: Vec<ScopeInfo>,
}

impl Default for ScopeCatalog {
    fn default() -> Self {
        let mut scopes = Vec::new();
        for (resource, group, read, write) in RESOURCES {
            for (access, description) in [("read", read), ("write", write)] {
                scopes.push(ScopeInfo {
                    name: format!("{resource}:{access}"),
                    group: group.to_string(),
                    description: description.to_string(),
                    kind: ScopeKind::Vestibule,
                });
            }
        }
        scopes.push(ScopeInfo {
            name: VERIFY.into(),
            group: "Platform".into(),
            description: "Ask Vestibule whether another key is valid and what it may do (administrators only).".into(),
            kind: ScopeKind::Admin,
        });
        Self { scopes }
    }
}

impl ScopeCatalog {
    /// The built-in scopes plus the operator's, written `Name=Description;Name=Description`.
    pub fn with_extra(spec: &str) -> Result<Self, String> {
        let mut catalog = Self::default();
        for pair in spec.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, description) =
                pair.split_once('=').ok_or_else(|| format!("{pair:?} is not Name=Description"))?;
            let (name, description) = (name.trim(), description.trim());
            let valid = !name.is_empty()
                && name.len() <= 64
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.:-".contains(&b));
            if !valid {
                return Err(format!("scope name {name:?}: use 1-64 letters, digits, '_', '.', ':' or '-'"));
            }
            if catalog.get(name).is_some() {
                return Err(format!("scope {name:?} is defined twice"));
            }
            catalog.scopes.push(ScopeInfo {
                name: name.into(),
                group: "Platform".into(),
                description: if description.is_empty() { name.into() } else { description.into() },
                kind: ScopeKind::Platform,
            });
        }
        Ok(catalog)
    }

    pub fn get(&self, name: &str) -> Option<&ScopeInfo> {
        self.scopes.iter().find(|s| s.name == name)
    }

    /// The scopes a form or request asked for, checked: at least one, all known, and
    /// `keys:verify` only for administrators.
    pub fn parse(&self, requested: &[String], is_admin: bool) -> Result<Scopes, ValidationError> {
        let mut names = Vec::new();
        for raw in requested {
            let name = raw.trim();
            let info = self.get(name).ok_or_else(|| ValidationError::UnknownScope { name: truncate(name) })?;
            if info.kind == ScopeKind::Admin && !is_admin {
                return Err(ValidationError::ScopeNotAllowed { name: name.into() });
            }
            names.push(info.name.clone());
        }
        if names.is_empty() {
            return Err(ValidationError::NoScope);
        }
        names.sort();
        names.dedup();
        Ok(Scopes(names))
    }

    /// A group heading of `groups` in `language` (`scope-group-<resource>`); unknown headings stay as they are.
    pub fn group_in(group: &str, language: Language) -> String {
        let resource = match group {
            "Platform" => Some("platform"),
            _ => RESOURCES.iter().find(|(_, heading, _, _)| *heading == group).map(|(resource, _, _, _)| *resource),
        };
        match resource {
            Some(resource) => crate::i18n::t(language, &format!("scope-group-{resource}")),
            None => group.to_string(),
        }
    }

    /// Groups in catalog order, each with its scopes (for the page's checkboxes).
    pub fn groups(&self) -> Vec<(String, Vec<ScopeInfo>)> {
        let mut groups: Vec<(String, Vec<ScopeInfo>)> = Vec::new();
        for scope in &self.scopes {
            match groups.iter_mut().find(|(g, _)| *g == scope.group) {
                Some((_, list)) => list.push(scope.clone()),
                None => groups.push((scope.group.clone(), vec![scope.clone()])),
            }
        }
        groups
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(64).collect()
}

/// A checked, sorted set of scope names.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Scopes(Vec<String>);

impl Scopes {
    /// Scopes as stored (space-separated); names no longer in the catalog are kept but grant nothing new.
    pub fn from_stored(stored: &str) -> Self {
        let mut names: Vec<String> = stored.split_whitespace().map(str::to_string).collect();
        names.sort();
        names.dedup();
        Self(names)
    }

    pub fn to_stored(&self) -> String {
        self.0.join(" ")
    }

    pub fn names(&self) -> &[String] {
        &self.0
    }

    /// The scopes a key may use now: admin-only ones only while its owner is an administrator.
    pub fn usable(&self, catalog: &ScopeCatalog, owner_is_admin: bool) -> Scopes {
        let admin_only = |name: &String| catalog.get(name).is_some_and(|s| s.kind == ScopeKind::Admin);
        Scopes(self.0.iter().filter(|name| owner_is_admin || !admin_only(name)).cloned().collect())
    }

    /// Whether these scopes allow `needed`; `x:write` allows `x:read`.
    pub fn grants(&self, needed: &str) -> bool {
        self.0.iter().any(|have| {
            have == needed || needed.strip_suffix(":read").is_some_and(|r| have.strip_suffix(":write") == Some(r))
        })
    }

    /// The first of `other`'s scopes these do not grant: a key may only hand on what it holds.
    pub fn first_missing<'a>(&self, other: &'a Scopes) -> Option<&'a str> {
        other.0.iter().find(|s| !self.grants(s)).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_texts_come_from_the_catalogs() {
        for scope in &ScopeCatalog::default().scopes {
            assert_eq!(scope.description_in(Language::En), scope.description, "{}", scope.name);
            assert_ne!(scope.description_in(Language::De), scope.description, "{}", scope.name);
            assert_eq!(ScopeCatalog::group_in(&scope.group, Language::En), scope.group);
            assert!(!ScopeCatalog::group_in(&scope.group, Language::De).starts_with("scope-group-"));
        }
        let extra = ScopeCatalog::with_extra("tasks:run=Run tasks").unwrap_or_default();
        let tasks = extra.get("tasks:run").map(|s| s.description_in(Language::De));
        assert_eq!(tasks.as_deref(), Some("Run tasks"));
        assert_eq!(ScopeCatalog::group_in("Elsewhere", Language::De), "Elsewhere");
    }
}
