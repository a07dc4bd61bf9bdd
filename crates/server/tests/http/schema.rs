//! A small JSON Schema checker for the subset utoipa emits into `/api/v1/openapi.json`: `$ref` to
//! `#/components/schemas`, `type` (also a list, with "null"), `properties`, `required`, `items`,
//! `enum`, `const`, `oneOf`/`anyOf`/`allOf`, `additionalProperties`, `minimum`/`maximum`, `minItems`,
//! `maxLength` and `pattern` (read by the `regex` crate, which takes the `\uXXXX` escapes the document uses).
//! (The `jsonschema` crate would turn on serde_json's `float_roundtrip` for the whole test build and
//! so recompile every crate that uses serde_json, twice on each machine.)
//! A keyword outside the subset is an error, so a schema is never passed by ignoring what it says.

use serde_json::Value;

/// Keywords that describe and never constrain.
const ANNOTATIONS: &[&str] =
    &["description", "title", "example", "examples", "default", "deprecated", "readOnly", "writeOnly", "format"];

/// Every way `instance` breaks `schema` (empty when it fits); `doc` resolves `$ref`s.
pub fn violations(doc: &Value, schema: &Value, instance: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(doc, schema, instance, "$", &mut errors);
    errors
}

fn check(doc: &Value, schema: &Value, instance: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = match schema {
        Value::Bool(true) => return,
        Value::Bool(false) => return errors.push(format!("{at}: nothing is allowed here")),
        Value::Object(schema) => schema,
        other => return errors.push(format!("{at}: the schema {other} is not an object")),
    };
    for (keyword, value) in schema {
        match keyword.as_str() {
            "$ref" => match value.as_str().and_then(|r| r.strip_prefix('#')).and_then(|p| doc.pointer(p)) {
                Some(target) => check(doc, target, instance, at, errors),
                None => errors.push(format!("{at}: unresolvable $ref {value}")),
            },
            "type" => {
                let allowed: Vec<&str> = match value {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                if !allowed.iter().any(|t| has_type(instance, t)) {
                    errors.push(format!("{at}: {instance} is not of type {value}"));
                }
            }
            "properties" => {
                if let (Some(props), Some(object)) = (value.as_object(), instance.as_object()) {
                    for (name, sub) in props {
                        if let Some(v) = object.get(name) {
                            check(doc, sub, v, &format!("{at}.{name}"), errors);
                        }
                    }
                }
            }
            "required" => {
                if let Some(object) = instance.as_object() {
                    for name in value.as_array().into_iter().flatten().filter_map(Value::as_str) {
                        if !object.contains_key(name) {
                            errors.push(format!("{at}: the required property {name:?} is missing"));
                        }
                    }
                }
            }
            "additionalProperties" => {
                if let Some(object) = instance.as_object() {
                    let described = schema.get("properties").and_then(Value::as_object);
                    for (name, v) in object {
                        if !described.is_some_and(|d| d.contains_key(name)) {
                            check(doc, value, v, &format!("{at}.{name}"), errors);
                        }
                    }
                }
            }
            "items" => {
                for (i, item) in instance.as_array().into_iter().flatten().enumerate() {
                    check(doc, value, item, &format!("{at}[{i}]"), errors);
                }
            }
            "enum" => {
                if !value.as_array().is_some_and(|options| options.contains(instance)) {
                    errors.push(format!("{at}: {instance} is not one of {value}"));
                }
            }
            "const" => {
                if value != instance {
                    errors.push(format!("{at}: {instance} is not {value}"));
                }
            }
            "allOf" | "anyOf" | "oneOf" => {
                let branches = value.as_array().cloned().unwrap_or_default();
                let results: Vec<Vec<String>> = branches.iter().map(|b| violations_at(doc, b, instance, at)).collect();
                let fitting = results.iter().filter(|r| r.is_empty()).count();
                let ok = match keyword.as_str() {
                    "allOf" => fitting == branches.len(),
                    "anyOf" => fitting >= 1,
                    _ => fitting == 1,
                };
                if !ok {
                    errors.push(format!(
                        "{at}: {keyword} with {fitting} of {} branches fitting: {results:?}",
                        branches.len()
                    ));
                }
            }
            "minimum" | "maximum" => {
                if let (Some(n), Some(limit)) = (instance.as_f64(), value.as_f64()) {
                    let fits = if keyword == "minimum" { n >= limit } else { n <= limit };
                    if !fits {
                        errors.push(format!("{at}: {n} breaks {keyword} {limit}"));
                    }
                }
            }
            "minItems" => {
                if let (Some(items), Some(min)) = (instance.as_array(), value.as_u64())
                    && (items.len() as u64) < min
                {
                    errors.push(format!("{at}: fewer than {min} items"));
                }
            }
            "maxLength" => {
                if let (Some(text), Some(max)) = (instance.as_str(), value.as_u64())
                    && text.chars().count() as u64 > max
                {
                    errors.push(format!("{at}: longer than {max} characters"));
                }
            }
            "pattern" => match (instance.as_str(), value.as_str().map(regex::Regex::new)) {
                (Some(text), Some(Ok(pattern))) if !pattern.is_match(text) => {
                    errors.push(format!("{at}: {text:?} does not match {pattern}"))
                }
                (_, Some(Err(e))) => errors.push(format!("{at}: the pattern does not compile: {e}")),
                _ => {}
            },
            other if ANNOTATIONS.contains(&other) => {}
            other => errors.push(format!("{at}: the checker does not know the keyword {other:?}")),
        }
    }
}

fn violations_at(doc: &Value, schema: &Value, instance: &Value, at: &str) -> Vec<String> {
    let mut errors = Vec::new();
    check(doc, schema, instance, at, &mut errors);
    errors
}

fn has_type(instance: &Value, name: &str) -> bool {
    match name {
        "null" => instance.is_null(),
        "boolean" => instance.is_boolean(),
        "object" => instance.is_object(),
        "array" => instance.is_array(),
        "string" => instance.is_string(),
        "number" => instance.is_number(),
        "integer" => instance.is_i64() || instance.is_u64() || instance.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => false,
    }
}

/// The document's operation for a concrete request path (`/api/v1/keys/abc`), preferring literal
/// segments over `{parameters}` (so `/keys/verify` is not taken for `/keys/{id}`).
pub fn operation<'d>(doc: &'d Value, method: &str, path: &str) -> Option<(&'d str, &'d Value)> {
    let wanted: Vec<&str> = path.split('/').collect();
    let mut best: Option<(usize, &str, &Value)> = None;
    for (template, item) in doc["paths"].as_object()? {
        let segments: Vec<&str> = template.split('/').collect();
        if segments.len() != wanted.len() {
            continue;
        }
        let fits = segments.iter().zip(&wanted).all(|(t, w)| t == w || (t.starts_with('{') && t.ends_with('}')));
        let params = segments.iter().filter(|t| t.starts_with('{')).count();
        if let (true, Some(op)) = (fits, item.get(method.to_lowercase()))
            && best.is_none_or(|(p, _, _)| params < p)
        {
            best = Some((params, template, op));
        }
    }
    best.map(|(_, template, op)| (template, op))
}

/// The checker itself (named for the API-key tests it serves, so their filter runs it).
#[test]
fn api_keys_schema_checker_catches_what_it_claims_to() {
    use serde_json::json;
    let doc = json!({"components": {"schemas": {
        "Item": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "integer", "minimum": 0},
            "tag": {"type": ["string", "null"], "enum": ["a", "b", null]},
            "next": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Item"}]}
        }}
    }}});
    let list = json!({"type": "array", "items": {"$ref": "#/components/schemas/Item"}});
    assert!(violations(&doc, &list, &json!([{"id": 1}, {"id": 2, "tag": null, "next": {"id": 3}}])).is_empty());
    for bad in [
        json!([{"tag": "a"}]),
        json!([{"id": -1}]),
        json!([{"id": "1"}]),
        json!([{"id": 1, "tag": "c"}]),
        json!([{"id": 1, "next": {"tag": "a"}}]),
        json!({"id": 1}),
    ] {
        assert!(!violations(&doc, &list, &bad).is_empty(), "{bad} should not fit");
    }
    let both = json!({"allOf": [{"$ref": "#/components/schemas/Item"}, {"required": ["x"]}]});
    assert!(violations(&doc, &both, &json!({"id": 1, "x": 0})).is_empty());
    assert!(!violations(&doc, &both, &json!({"id": 1})).is_empty());
    assert!(!violations(&doc, &json!({"if": true}), &json!("a")).is_empty(), "unknown keywords fail");
    let text = json!({"pattern": "^[^\\u0000-\\u001f]{1,3}$", "maxLength": 2});
    assert!(violations(&doc, &text, &json!("ab")).is_empty());
    for bad in [json!(""), json!("a\tb"), json!("abc")] {
        assert!(!violations(&doc, &text, &bad).is_empty(), "{bad} should not fit");
    }
    assert!(!violations(&doc, &json!({"minItems": 1}), &json!([])).is_empty());
}
