//! The host product's own preferences, which only it understands: the operator declares them in a
//! file (`preferences.toml`), each with a key, a type (a switch, one of a list, a whole number in a
//! range, a short text), a default, and a label and help text per language. The declaration travels
//! to the browser as it was read, and every value is checked by `AppPreference::check`, on the page
//! and on the server alike: one rule, one place, even for rules that come from a file.

use crate::language::Language;
use crate::{FieldError, ValidationError};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The longest key.
pub const KEY_MAX: usize = 64;
/// The most a text preference may be declared to hold.
pub const TEXT_MAX: u32 = 2000;

/// Words per language code (`en` required; another language falls back to English).
pub type Texts = BTreeMap<String, String>;

/// Everything the operator declared: the product's name (the page's "In <product>") and its
/// preferences in the order the page shows them. Empty when no file is given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppPreferences {
    pub product: String,
    #[serde(default, rename = "preference")]
    pub preferences: Vec<AppPreference>,
}

/// One declared preference (its file form is `Declared`, which checks it as it is read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Declared", into = "Declared")]
pub struct AppPreference {
    pub key: String,
    pub kind: Kind,
    pub default: Value,
    pub label: Texts,
    pub help: Texts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Boolean,
    /// One of `choices`, each optionally with its words per language.
    Choice {
        choices: Vec<String>,
        labels: BTreeMap<String, Texts>,
    },
    Integer {
        min: i64,
        max: i64,
    },
    /// One line of at most `max_length` characters.
    Text {
        max_length: u32,
    },
}

/// A `[[preference]]` table as the file writes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Declared {
    key: String,
    #[serde(rename = "type")]
    kind: String,
    default: Option<Value>,
    label: Texts,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    help: Texts,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    choices: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    choice_labels: BTreeMap<String, Texts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_length: Option<u32>,
}

impl TryFrom<Declared> for AppPreference {
    type Error = String;

    fn try_from(d: Declared) -> Result<Self, String> {
        let key = d.key;
        let key_ok = !key.is_empty()
            && key.len() <= KEY_MAX
            && key.starts_with(|c: char| c.is_ascii_lowercase())
            && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !key_ok {
            return Err(format!(
                "key {key:?}: use 1-{KEY_MAX} lowercase letters, digits or '_', starting with a letter"
            ));
        }
        let texts = |what: &str, texts: &Texts, required: bool| -> Result<(), String> {
            if required && texts.get("en").is_none_or(|t| t.trim().is_empty()) {
                return Err(format!("{key}: {what} needs English words ({what}.en)"));
            }
            match texts.keys().find(|code| Language::from_wire(code).is_none()) {
                Some(code) => Err(format!("{key}: {what}.{code}: no such language (use en or de)")),
                None => Ok(()),
            }
        };
        texts("label", &d.label, true)?;
        texts("help", &d.help, false)?;
        let unused = |name: &str, given: bool| {
            if given { Err(format!("{key}: {name} has no meaning for this type")) } else { Ok(()) }
        };
        let kind = match d.kind.as_str() {
            "boolean" => Kind::Boolean,
            "choice" => {
                let choices = d.choices.clone().unwrap_or_default();
                if choices.is_empty() || choices.iter().any(|c| c.trim().is_empty()) {
                    return Err(format!("{key}: a choice needs a list of non-empty choices"));
                }
                if let Some(stray) = d.choice_labels.keys().find(|c| !choices.contains(c)) {
                    return Err(format!("{key}: choice_labels names {stray:?}, which is not one of the choices"));
                }
                for (choice, words) in &d.choice_labels {
                    texts(&format!("choice_labels.{choice}"), words, false)?;
                }
                Kind::Choice { choices, labels: d.choice_labels.clone() }
            }
            "integer" => match (d.min, d.max) {
                (Some(min), Some(max)) if min <= max => Kind::Integer { min, max },
                (Some(_), Some(_)) => return Err(format!("{key}: min is above max")),
                _ => return Err(format!("{key}: an integer needs min and max")),
            },
            "text" => match d.max_length {
                Some(max_length) if (1..=TEXT_MAX).contains(&max_length) => Kind::Text { max_length },
                _ => return Err(format!("{key}: a text needs max_length, from 1 to {TEXT_MAX}")),
            },
            other => return Err(format!("{key}: type {other:?}: use boolean, choice, integer or text")),
        };
        unused("choices", d.choices.is_some() && !matches!(kind, Kind::Choice { .. }))?;
        unused("min/max", (d.min.is_some() || d.max.is_some()) && !matches!(kind, Kind::Integer { .. }))?;
        unused("max_length", d.max_length.is_some() && !matches!(kind, Kind::Text { .. }))?;
        let preference = AppPreference { key, kind, default: Value::Null, label: d.label, help: d.help };
        let default = d.default.ok_or_else(|| format!("{}: a default is required", preference.key))?;
        let default = preference
            .check(&default)
            .map_err(|e| format!("{}: the default {default}: {}", preference.key, e.message(Language::En)))?;
        Ok(AppPreference { default, ..preference })
    }
}

impl From<AppPreference> for Declared {
    fn from(p: AppPreference) -> Self {
        let mut d = Declared {
            key: p.key,
            kind: String::new(),
            default: Some(p.default),
            label: p.label,
            help: p.help,
            choices: None,
            choice_labels: BTreeMap::new(),
            min: None,
            max: None,
            max_length: None,
        };
        d.kind = match p.kind {
            Kind::Boolean => "boolean",
            Kind::Choice { choices, labels } => {
                (d.choices, d.choice_labels) = (Some(choices), labels);
                "choice"
            }
            Kind::Integer { min, max } => {
                (d.min, d.max) = (Some(min), Some(max));
                "integer"
            }
            Kind::Text { max_length } => {
                d.max_length = Some(max_length);
                "text"
            }
        }
        .into();
        d
    }
}

/// A JSON number's whole value, if it has one.
fn whole(n: &serde_json::Number) -> Option<i64> {
    n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
}

fn words(texts: &Texts, language: Language) -> String {
    texts.get(language.as_str()).or_else(|| texts.get("en")).cloned().unwrap_or_default()
}

impl AppPreference {
    /// A value for this preference, as stored (texts trimmed), or why not.
    pub fn check(&self, value: &Value) -> Result<Value, ValidationError> {
        match (&self.kind, value) {
            (Kind::Boolean, Value::Bool(_)) => Ok(value.clone()),
            (Kind::Boolean, _) => Err(ValidationError::OneOf { allowed: vec!["true".into(), "false".into()] }),
            (Kind::Choice { choices, .. }, Value::String(s)) if choices.contains(s) => Ok(value.clone()),
            (Kind::Choice { choices, .. }, _) => Err(ValidationError::OneOf { allowed: choices.clone() }),
            // A whole number, also written `5.0` (JSON Schema's integer): stored as 5.
            (Kind::Integer { min, max }, Value::Number(n)) if whole(n).is_some_and(|n| (*min..=*max).contains(&n)) => {
                Ok(Value::from(whole(n).unwrap_or_default()))
            }
            (Kind::Integer { min, max }, _) => Err(ValidationError::NumberRange { min: *min, max: *max }),
            (Kind::Text { max_length }, Value::String(s)) => {
                crate::text::one_line(s, *max_length as usize).map(Value::String)
            }
            (Kind::Text { max_length }, _) => Err(ValidationError::TooLong { max: *max_length as usize }),
        }
    }

    /// A value typed into the page (a checkbox's "true", a number field's text) as JSON, checked.
    pub fn check_input(&self, input: &str) -> Result<Value, ValidationError> {
        let value = match &self.kind {
            Kind::Boolean => Value::Bool(input == "true"),
            Kind::Integer { min, max } => match input.trim().parse::<i64>() {
                Ok(n) => Value::from(n),
                Err(_) => return Err(ValidationError::NumberRange { min: *min, max: *max }),
            },
            Kind::Choice { .. } | Kind::Text { .. } => Value::String(input.to_string()),
        };
        self.check(&value)
    }

    pub fn label_in(&self, language: Language) -> String {
        words(&self.label, language)
    }

    pub fn help_in(&self, language: Language) -> String {
        words(&self.help, language)
    }

    /// A choice's words in `language` (the choice itself when the file gives none).
    pub fn choice_label(&self, choice: &str, language: Language) -> String {
        match &self.kind {
            Kind::Choice { labels, .. } => labels.get(choice).map(|t| words(t, language)).unwrap_or(choice.to_string()),
            _ => choice.to_string(),
        }
    }

    /// The form field's and the API's name for it: `app.<key>`.
    pub fn field(&self) -> String {
        format!("app.{}", self.key)
    }
}

impl AppPreferences {
    pub fn get(&self, key: &str) -> Option<&AppPreference> {
        self.preferences.iter().find(|p| p.key == key)
    }

    /// Every declared preference's value: the stored one while it still fits the declaration
    /// (the operator may have changed it since), the default otherwise. Stored keys no longer
    /// declared are left out.
    pub fn values(&self, stored: &Map<String, Value>) -> Map<String, Value> {
        self.preferences
            .iter()
            .map(|p| {
                let value = stored.get(&p.key).and_then(|v| p.check(v).ok()).unwrap_or_else(|| p.default.clone());
                (p.key.clone(), value)
            })
            .collect()
    }

    /// A change of some values: each checked, every problem named on its field (`app.<key>`).
    pub fn check_patch(&self, patch: &Map<String, Value>) -> Result<Map<String, Value>, Vec<FieldError>> {
        let mut valid = Map::new();
        let mut errors = Vec::new();
        for (key, value) in patch {
            match self.get(key) {
                Some(p) => match p.check(value) {
                    Ok(value) => _ = valid.insert(key.clone(), value),
                    Err(e) => errors.push(e.on(&p.field())),
                },
                None => errors.push(ValidationError::UnknownPreference { name: key.clone() }.on(&format!("app.{key}"))),
            }
        }
        if errors.is_empty() { Ok(valid) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn declared() -> AppPreferences {
        serde_json::from_value(json!({
            "product": "Clockify",
            "preference": [
                {"key": "group_entries", "type": "boolean", "default": true,
                 "label": {"en": "Group similar time entries", "de": "Ähnliche Zeiteinträge gruppieren"}},
                {"key": "project_list", "type": "choice", "choices": ["expanded", "collapsed"], "default": "expanded",
                 "label": {"en": "Project lists"}, "choice_labels": {"collapsed": {"en": "Collapsed", "de": "Eingeklappt"}}},
                {"key": "page_size", "type": "integer", "min": 10, "max": 200, "default": 50, "label": {"en": "Entries per page"}},
                {"key": "signature", "type": "text", "max_length": 20, "default": "", "label": {"en": "Signature"}},
            ]
        }))
        .unwrap()
    }

    #[test]
    fn values_are_checked_by_their_declaration() {
        let app = declared();
        let page_size = app.get("page_size").unwrap();
        assert_eq!(page_size.check(&json!(200)), Ok(json!(200)));
        assert_eq!(page_size.check(&json!(201)), Err(ValidationError::NumberRange { min: 10, max: 200 }));
        assert_eq!(page_size.check(&json!(20.0)), Ok(json!(20)), "JSON Schema's integer");
        assert!(page_size.check(&json!(20.5)).is_err());
        assert_eq!(page_size.check_input(" 20 "), Ok(json!(20)));
        assert_eq!(page_size.check_input("2.5"), Err(ValidationError::NumberRange { min: 10, max: 200 }));
        let list = app.get("project_list").unwrap();
        assert!(matches!(list.check(&json!("hidden")), Err(ValidationError::OneOf { .. })));
        assert_eq!(list.choice_label("collapsed", Language::De), "Eingeklappt");
        assert_eq!(list.choice_label("expanded", Language::De), "expanded");
        let signature = app.get("signature").unwrap();
        assert_eq!(signature.check(&json!("  hi ")), Ok(json!("hi")));
        assert_eq!(signature.check(&json!("x".repeat(21))), Err(ValidationError::TooLong { max: 20 }));
        assert_eq!(app.get("group_entries").unwrap().label_in(Language::De), "Ähnliche Zeiteinträge gruppieren");
        assert_eq!(app.get("page_size").unwrap().label_in(Language::De), "Entries per page", "English as fallback");

        let errors =
            app.check_patch(json!({"page_size": 5, "colour": "red", "group_entries": false}).as_object().unwrap());
        let fields: Vec<String> = errors.unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["app.colour", "app.page_size"]);
        let stored = json!({"page_size": 500, "group_entries": false, "gone": 1});
        let values = app.values(stored.as_object().unwrap());
        assert_eq!(
            Value::Object(values),
            json!({"group_entries": false, "project_list": "expanded", "page_size": 50, "signature": ""})
        );
    }

    #[test]
    fn the_declaration_travels_as_it_was_written() {
        let app = declared();
        let again: AppPreferences = serde_json::from_value(serde_json::to_value(&app).unwrap()).unwrap();
        assert_eq!(again, app);
    }

    #[test]
    fn bad_declarations_say_why() {
        let bad = |pref: Value| {
            serde_json::from_value::<AppPreferences>(json!({"product": "P", "preference": [pref]}))
                .unwrap_err()
                .to_string()
        };
        let label = json!({"en": "L"});
        assert!(
            bad(json!({"key": "Bad-Key", "type": "boolean", "default": true, "label": label})).contains("lowercase")
        );
        assert!(
            bad(json!({"key": "n", "type": "integer", "min": 1, "max": 5, "default": 9, "label": label}))
                .contains("the default 9")
        );
        assert!(
            bad(json!({"key": "n", "type": "integer", "default": 1, "label": label})).contains("needs min and max")
        );
        assert!(
            bad(json!({"key": "c", "type": "choice", "choices": [], "default": "a", "label": label}))
                .contains("choices")
        );
        assert!(bad(json!({"key": "t", "type": "colour", "default": 1, "label": label})).contains("use boolean"));
        assert!(bad(json!({"key": "t", "type": "boolean", "default": true, "label": {"fr": "x"}})).contains("English"));
        assert!(
            bad(json!({"key": "t", "type": "boolean", "default": true, "label": label, "max_length": 3}))
                .contains("no meaning")
        );
        assert!(bad(json!({"key": "t", "type": "boolean", "label": label})).contains("default is required"));
    }
}
