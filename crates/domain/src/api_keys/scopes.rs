//! What a key may do: `resource:read|write` scopes (write implies read), the admin-only
//! `keys:verify`, `events:write`, `git-tokens:read` and `users:read`, and scopes the operator adds for their own platform (reported, not enforced here).

use crate::ValidationError;
use crate::i18n::ApiKeys;
use crate::preferences::Language;
use serde::{Deserialize, Serialize};

/// The host platform's scope for `POST /api/v1/keys/verify`; only administrators may hold it.
pub const VERIFY: &str = "keys:verify";
/// The host platform's scope for `POST /api/v1/events` (build results to mail); administrators only.
pub const EVENTS_WRITE: &str = "events:write";
/// The host platform's scope for reading users' Git provider tokens; administrators only.
pub const GIT_TOKENS_READ: &str = "git-tokens:read";
/// The host platform's scope for reading a user's preferences by username; administrators only.
pub const USERS_READ: &str = "users:read";

/// Vestibule's own resources, in the order the page lists them. Each gives the scopes
/// `<resource>:read` and `<resource>:write` and is their group; the words are the catalogs'
/// (`scope-group-<resource>`, `scope-<resource>-read`, `scope-<resource>-write`).
const RESOURCES: &[&str] = &["profile", "preferences", "notifications", "api-keys", "webhooks", "audit"];

/// The group of `keys:verify` and of the operator's scopes (`scope-group-platform`).
const PLATFORM_GROUP: &str = "platform";

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
    /// The group's id, never shown: a resource (`profile`, `api-keys`…) or `platform`.
    pub group: String,
    /// The operator's own words for a platform scope; Vestibule's scopes have theirs in the catalogs.
    pub description: Option<String>,
    pub kind: ScopeKind,
}

impl ScopeInfo {
    /// The description in `language` (`scope-<name with ':' as '-'>`); the operator's scopes keep their own text.
    pub fn description_in(&self, language: Language) -> String {
        match &self.description {
            Some(text) => text.clone(),
            None => crate::i18n::section_t::<ApiKeys>(language, &format!("scope-{}", self.name.replace(':', "-")), &[]),
        }
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
        for resource in RESOURCES {
            for access in ["read", "write"] {
                scopes.push(ScopeInfo {
                    name: format!("{resource}:{access}"),
                    group: resource.to_string(),
                    description: None,
                    kind: ScopeKind::Vestibule,
                });
            }
        }
        for name in [VERIFY, EVENTS_WRITE, GIT_TOKENS_READ, USERS_READ] {
            scopes.push(ScopeInfo {
                name: name.into(),
                group: PLATFORM_GROUP.into(),
                description: None,
                kind: ScopeKind::Admin,
            });
        }
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
                group: PLATFORM_GROUP.into(),
                description: Some(if description.is_empty() { name.into() } else { description.into() }),
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

    /// The heading of a group (an id from `groups`) in `language`: `scope-group-<group>`.
    pub fn group_in(group: &str, language: Language) -> String {
        crate::i18n::section_t::<ApiKeys>(language, &format!("scope-group-{group}"), &[])
    }

    /// Groups (by id) in catalog order, each with its scopes (for the page's checkboxes).
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

    /// Whether these scopes allow `needed`; for Vestibule's own resources `x:write` allows `x:read`.
    /// Only for those: an operator's `git-tokens:write` or `users:write` must not grant the
    /// admin-only `git-tokens:read` or `users:read`.
    pub fn grants(&self, needed: &str) -> bool {
        let implied = needed.strip_suffix(":read").filter(|resource| RESOURCES.contains(resource));
        self.0.iter().any(|have| have == needed || implied.is_some_and(|r| have.strip_suffix(":write") == Some(r)))
    }

    /// The first of `other`'s scopes these do not grant: a key may only hand on what it holds.
    pub fn first_missing<'a>(&self, other: &'a Scopes) -> Option<&'a str> {
        other.0.iter().find(|s| !self.grants(s)).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn write_grants_read_only_for_vestibules_resources() {
        let scopes = super::Scopes(vec!["profile:write".into(), "git-tokens:write".into(), "users:write".into()]);
        assert!(scopes.grants("profile:read"));
        // An operator's scope of the same shape is not the admin-only read scope.
        assert!(!scopes.grants("git-tokens:read"));
        assert!(!scopes.grants("users:read"));
        assert!(scopes.grants("git-tokens:write"));
    }

    use super::*;

    #[test]
    fn built_in_texts_come_from_the_catalogs() {
        for scope in &ScopeCatalog::default().scopes {
            let (en, de) = (scope.description_in(Language::En), scope.description_in(Language::De));
            assert!(!en.starts_with("scope-") && !de.starts_with("scope-"), "{}: {en} / {de}", scope.name);
            assert_ne!(en, de, "{}", scope.name);
            for language in [Language::En, Language::De] {
                let heading = ScopeCatalog::group_in(&scope.group, language);
                assert!(!heading.starts_with("scope-group-"), "{language:?} {}", scope.group);
            }
        }
        let catalog = ScopeCatalog::default();
        let profile = catalog.get("profile:read").map(|s| s.description_in(Language::En));
        assert_eq!(profile.as_deref(), Some("Read your username, name, email and avatar."));
        assert_eq!(ScopeCatalog::group_in("api-keys", Language::En), "API keys");
        assert_eq!(ScopeCatalog::group_in(PLATFORM_GROUP, Language::De), "Plattform");
        let extra = ScopeCatalog::with_extra("tasks:run=Run tasks").unwrap_or_default();
        let tasks = extra.get("tasks:run").map(|s| s.description_in(Language::De));
        assert_eq!(tasks.as_deref(), Some("Run tasks"));
    }
}
