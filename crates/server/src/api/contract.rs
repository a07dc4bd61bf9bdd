//! What the domain enforces on request bodies, written into the OpenAPI document from the domain's
//! own constants and this installation's settings (its scopes, its longest key lifetime), so that
//! what the document calls valid is what the server accepts. No limit is written down twice.

use serde_json::{Map, Value, json};
use vestibule_domain::api_keys::{GracePeriod, KeyName};
use vestibule_domain::api_keys::{LEAK_SOURCE_MAX, MAX_LEAK_REPORT_KEYS};
use vestibule_domain::notifications::{MAX_ID, MAX_PIPELINE_NAME, MAX_RECIPIENTS};
use vestibule_domain::url::HttpUrl;
use vestibule_domain::webhooks::DESCRIPTION_MAX;
use vestibule_domain::{
    Choice, DateFormat, EmailAddress, FullName, Language, Theme, TimeFormat, TimeZoneName, ValidationError, WeekStart,
};
use vestibule_service::Settings;

/// Adds every body constraint to `doc` (the annotations' document as JSON). Returns the schemas and
/// properties it did not find (a renamed field would otherwise lose its rules silently).
pub fn constrain(doc: &mut Value, settings: &Settings) -> Vec<String> {
    let Some(map) = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else {
        return vec!["components.schemas".into()];
    };
    let schemas = &mut Schemas { map, missing: Vec::new() };
    let text = |max: usize| json!({"pattern": trimmed_text(max)});

    schemas.set("MePatch", "full_name", text(FullName::MAX));
    schemas.set("MePatch", "email", json!({"format": "email", "maxLength": EmailAddress::MAX}));

    schemas.set("PreferencesPatch", "date_format", one_of(DateFormat::parse));
    schemas.set("PreferencesPatch", "time_format", one_of(TimeFormat::parse));
    schemas.set("PreferencesPatch", "time_zone", json!({"enum": TimeZoneName::known()}));
    schemas.set("PreferencesPatch", "week_start", one_of(WeekStart::parse));
    schemas.set("PreferencesPatch", "theme", one_of(Theme::parse));
    schemas.set("PreferencesPatch", "language", one_of(Language::parse));
    // The host product's own preferences, as this installation's file declares them.
    let app = app_preferences(&settings.app_preferences);
    schemas.set("PreferencesPatch", "app", app.clone());
    let mut answered = app;
    answered["required"] =
        json!(settings.app_preferences.preferences.iter().map(|p| p.key.clone()).collect::<Vec<_>>());
    schemas.set("AllPreferences", "app", answered);

    let scopes = json!({
        "minItems": 1,
        "items": {"type": "string", "enum": settings.scopes.scopes.iter().map(|s| s.name.clone()).collect::<Vec<_>>()},
    });
    let max_days = settings.key_policy.max_lifetime_days;
    for schema in ["NewKey", "KeyChanges"] {
        schemas.set(schema, "name", text(KeyName::MAX));
        schemas.set(schema, "scopes", scopes.clone());
        // Each entry's form (an address or CIDR range) is checked by `IpAllowlist::parse`: a 422 names it.
        schemas.set(schema, "allowed_ips", json!({"maxItems": vestibule_domain::api_keys::MAX_ALLOWLIST_ENTRIES}));
    }
    for schema in ["NewKey", "Rotation"] {
        expiry(schemas, schema, max_days);
    }
    schemas.set("Rotation", "grace", one_of(GracePeriod::parse));
    // The client's address as the platform saw it (`verify`).
    schemas.set("VerifyRequest", "ip", json!({"anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]}));

    // An address, or blank (after trimming) for the account's own address again.
    let blank = format!("^[{}]*$", class(char::is_whitespace));
    schemas.set(
        "NotificationsPatch",
        "address",
        json!({"anyOf": [{"format": "email", "maxLength": EmailAddress::MAX}, {"pattern": blank}]}),
    );
    event(schemas);

    // A leak report: 1 to 100 keys of any shape (a malformed one is passed over like an unknown
    // one), and where they were found, or blank.
    schemas.set("LeakReport", "keys", json!({"minItems": 1, "maxItems": MAX_LEAK_REPORT_KEYS}));
    let source = json!({"anyOf": [{"pattern": trimmed_text(LEAK_SOURCE_MAX)}, {"pattern": blank}]});
    schemas.set("LeakReport", "source", source);

    // Webhooks: the address, the description (or blank), and this installation's event types.
    let events = json!({
        "minItems": 1,
        "items": {"type": "string", "enum": settings.webhook_events.types.iter().map(|t| t.name.clone()).collect::<Vec<_>>()},
    });
    let description = json!({"anyOf": [{"pattern": trimmed_text(DESCRIPTION_MAX)}, {"pattern": blank}]});
    for schema in ["NewWebhook", "WebhookChanges"] {
        schemas.set(schema, "url", json!({"format": "uri", "maxLength": HttpUrl::MAX}));
        schemas.set(schema, "description", description.clone());
        schemas.set(schema, "events", events.clone());
    }

    // Every body refuses fields it does not know (`deny_unknown_fields`).
    for name in [
        "MePatch",
        "PreferencesPatch",
        "NewKey",
        "KeyChanges",
        "Rotation",
        "VerifyRequest",
        "LeakReport",
        "NotificationsPatch",
        "BuildEventInput",
        "PipelineInput",
        "BuildInput",
        "NewWebhook",
        "WebhookChanges",
        "TestRequest",
        "RedeliverFailed",
        "PlatformEvent",
    ] {
        schemas.add(name, "additionalProperties", Value::Bool(false));
    }
    std::mem::take(&mut schemas.missing)
}

/// The document's schemas, and what a rule was written for but not found.
struct Schemas<'d> {
    map: &'d mut Map<String, Value>,
    missing: Vec<String>,
}

impl Schemas<'_> {
    /// Merges `constraint` into `schema.properties[property]`; a nullable property stays nullable
    /// (`null` means "leave as it is").
    fn set(&mut self, schema: &str, property: &str, constraint: Value) {
        // A schema with a flattened part is an `allOf`: the property is in one of its members.
        let found = self.map.get_mut(schema).and_then(|s| {
            let pointer = format!("/properties/{property}");
            if s.pointer(&pointer).is_some() {
                return s.pointer_mut(&pointer);
            }
            let members = s.get_mut("allOf")?.as_array_mut()?;
            members.iter_mut().find_map(|m| m.pointer_mut(&pointer))
        });
        let Some(target) = found.and_then(Value::as_object_mut) else {
            return self.missing.push(format!("{schema}.{property}"));
        };
        let nullable = target.get("type").and_then(Value::as_array).is_some_and(|t| t.contains(&json!("null")));
        for (keyword, mut value) in constraint.as_object().cloned().unwrap_or_default() {
            if keyword == "enum" && nullable {
                value.as_array_mut().into_iter().for_each(|options| options.push(Value::Null));
            }
            target.insert(keyword, value);
        }
    }

    /// Sets a keyword of the schema itself.
    fn add(&mut self, schema: &str, keyword: &str, value: Value) {
        match self.map.get_mut(schema).and_then(Value::as_object_mut) {
            Some(target) => _ = target.insert(keyword.into(), value),
            None => self.missing.push(schema.to_string()),
        }
    }
}

/// A build event: ids of the platform's characters, a known type and trigger, a web address, 1 to
/// 1000 recipients. Whether `occurred_at` lies in the past 35 days depends on the moment: a 422 names it.
fn event(schemas: &mut Schemas<'_>) {
    let id = json!({"pattern": format!("^[A-Za-z0-9._:/#@-]{{1,{MAX_ID}}}$")});
    schemas.set("BuildEventInput", "id", id.clone());
    schemas.set("PipelineInput", "id", id.clone());
    schemas.set("BuildInput", "id", id);
    schemas.set("BuildEventInput", "type", json!({"enum": ["build.succeeded", "build.failed"]}));
    schemas.set("BuildEventInput", "occurred_at", json!({"format": "date-time"}));
    schemas.set("PipelineInput", "name", json!({"pattern": trimmed_text(MAX_PIPELINE_NAME)}));
    schemas.set("BuildInput", "trigger", json!({"enum": ["git", "cron", "manual"]}));
    schemas.set("BuildInput", "url", json!({"pattern": "^\\s*[Hh][Tt][Tt][Pp][Ss]?://[^/?#@\\s]+([/?#]\\S*)?\\s*$"}));
    let blank = format!("^[{}]*$", class(char::is_whitespace));
    let email = json!({"format": "email", "maxLength": EmailAddress::MAX});
    schemas.set("BuildEventInput", "committer_email", json!({"anyOf": [email, {"pattern": blank}]}));
    // Usernames are checked after trimming and normalising (`Username::parse`): a 422 names a bad one.
    schemas.set("BuildEventInput", "recipients", json!({"minItems": 1, "maxItems": MAX_RECIPIENTS}));
}

/// Each declared preference's JSON type and bounds (`domain::app_preferences::Kind`); no other key.
fn app_preferences(declared: &vestibule_domain::app_preferences::AppPreferences) -> Value {
    use vestibule_domain::app_preferences::Kind;
    let blank = format!("^[{}]*$", class(char::is_whitespace));
    let properties: Map<String, Value> = declared
        .preferences
        .iter()
        .map(|p| {
            let schema = match &p.kind {
                Kind::Boolean => json!({"type": "boolean"}),
                Kind::Choice { choices, .. } => json!({"type": "string", "enum": choices}),
                Kind::Integer { min, max } => json!({"type": "integer", "minimum": min, "maximum": max}),
                Kind::Text { max_length } => json!({"type": "string",
                    "anyOf": [{"pattern": trimmed_text(*max_length as usize)}, {"pattern": blank}]}),
            };
            let mut schema = schema;
            schema["description"] = json!(p.label_in(Language::En));
            (p.key.clone(), schema)
        })
        .collect();
    json!({"properties": properties, "additionalProperties": false})
}

/// The wire names a parser takes, as it lists them when it refuses anything else.
fn one_of<T>(parse: fn(&str) -> Result<T, ValidationError>) -> Value {
    match parse("") {
        Err(ValidationError::OneOf { allowed }) => json!({"enum": allowed}),
        _ => json!({}),
    }
}

/// Exactly one of `expires_in_days` (1 to the installation's maximum) and `expires_on` (a date;
/// blank counts as not given). Whether that date is after today and within the maximum depends
/// on the day and the user's time zone: a 422 names it.
fn expiry(schemas: &mut Schemas<'_>, schema: &str, max_days: u32) {
    let space = class(char::is_whitespace);
    schemas.set(schema, "expires_in_days", json!({"minimum": 1, "maximum": max_days}));
    let blank = format!("^[{space}]*$");
    schemas.set(schema, "expires_on", json!({"anyOf": [{"format": "date"}, {"pattern": blank}]}));
    let given = |property: &str, schema: Value| json!({"required": [property], "properties": {property: schema}});
    let date = json!({"type": "string", "pattern": format!("[^{space}]")});
    schemas.add(
        schema,
        "oneOf",
        json!([given("expires_in_days", json!({"type": "integer"})), given("expires_on", date)]),
    );
}

/// The pattern of a text the domain trims and then wants 1 to `max` characters long, without
/// control characters (`KeyName::parse`, `FullName::parse`).
fn trimmed_text(max: usize) -> String {
    let (space, control) = (class(char::is_whitespace), class(char::is_control));
    let inner = max.saturating_sub(2);
    // One character at most: no room for a second one.
    let rest = if max > 1 { format!("(?:[^{control}]{{0,{inner}}}[^{space}{control}])?") } else { String::new() };
    format!("^[{space}]*[^{space}{control}]{rest}[{space}]*$")
}

/// A regular-expression class body (`\u0009-\u000d\u0020…`) of the characters below U+10000 that
/// `test` picks (all whitespace and control characters are there), as ECMA-262 and Python read it.
fn class(test: fn(char) -> bool) -> String {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for code in (0..0x1_0000u32).filter(|code| char::from_u32(*code).is_some_and(test)) {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == code => *last = code,
            _ => runs.push((code, code)),
        }
    }
    runs.iter()
        .map(|(first, last)| match first == last {
            true => format!("\\u{first:04x}"),
            false => format!("\\u{first:04x}-\\u{last:04x}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_finds_its_property() {
        let settings = Settings::from_vars(Vec::new()).unwrap_or_else(|e| panic!("{e}"));
        let mut doc = serde_json::to_value(<super::super::openapi::ApiDoc as utoipa::OpenApi>::openapi())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(constrain(&mut doc, &settings), Vec::<String>::new());
    }

    #[test]
    fn classes_name_the_characters_the_domain_trims_and_refuses() {
        assert!(class(char::is_control).starts_with("\\u0000-\\u001f\\u007f-\\u009f"));
        let space = class(char::is_whitespace);
        assert!(space.starts_with("\\u0009-\\u000d\\u0020\\u0085\\u00a0"), "{space}");
        assert!(space.contains("\\u3000"));
    }
}
