//! Reads the Fluent catalogs (`locales/<language>.ftl` and `locales/<dir>/<language>.ftl`) with
//! Fluent's own parser at build time and writes each as Rust data (`OUT_DIR/shared_<language>.rs`,
//! `OUT_DIR/<dir>_<language>.rs`, included by `src/i18n.rs`): the browser's WASM then carries the
//! parsed messages, not a parser, a resolver and plural tables (34 KB of its first load with
//! Brotli, BENCHMARKS.md). Terms (`-brand`) are filled in here. The languages are the shared
//! catalogs' file names.

// A catalog this cannot read stops the build with the file and the reason: that is its report.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut dirs = vec![String::new()];
    let mut entries: Vec<_> = std::fs::read_dir("locales").expect("locales/").flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.path().is_dir() {
            dirs.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    let mut languages: Vec<String> = std::fs::read_dir("locales")
        .expect("locales/")
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().strip_suffix(".ftl").map(str::to_string))
        .collect();
    languages.sort();
    for language in &languages {
        let shared = std::fs::read_to_string(format!("locales/{language}.ftl")).expect("shared catalog");
        let terms = terms(&shared, language);
        for dir in &dirs {
            let path = if dir.is_empty() {
                format!("locales/{language}.ftl")
            } else {
                format!("locales/{dir}/{language}.ftl")
            };
            println!("cargo:rerun-if-changed={path}");
            let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let name = if dir.is_empty() { "shared" } else { dir.as_str() };
            let code = catalog(&path, &source, &terms);
            std::fs::write(Path::new(&out).join(format!("{name}_{language}.rs")), code).expect("write OUT_DIR");
        }
    }
}

/// The shared catalog's terms, as text (they hold no placeables).
fn terms(source: &str, language: &str) -> BTreeMap<String, String> {
    let resource = parse(&format!("locales/{language}.ftl"), source);
    let mut terms = BTreeMap::new();
    for entry in resource.body {
        if let Entry::Term(term) = entry {
            let mut text = String::new();
            for element in &term.value.elements {
                match element {
                    PatternElement::TextElement { value } => text.push_str(value),
                    PatternElement::Placeable { .. } => panic!("term -{}: only text is supported", term.id.name),
                }
            }
            terms.insert(term.id.name.to_string(), text);
        }
    }
    terms
}

fn parse<'s>(path: &str, source: &'s str) -> fluent_syntax::ast::Resource<&'s str> {
    match fluent_syntax::parser::parse(source) {
        Ok(resource) => resource,
        Err((_, errors)) => panic!("{path} does not parse: {errors:?}"),
    }
}

/// The catalog as a Rust expression: `&[(id, &[Piece, …]), …]`, sorted by id.
fn catalog(path: &str, source: &str, terms: &BTreeMap<String, String>) -> String {
    let resource = parse(path, source);
    let mut messages = BTreeMap::new();
    for entry in resource.body {
        if let Entry::Message(message) = entry {
            let id = message.id.name.to_string();
            assert!(message.attributes.is_empty(), "{path} {id}: attributes are not supported");
            let Some(value) = message.value else { panic!("{path} {id}: a message without a value") };
            let code = pattern(&value, terms, &format!("{path} {id}"));
            assert!(messages.insert(id.clone(), code).is_none(), "{path}: {id} twice");
        }
    }
    let mut out = String::from("&[\n");
    for (id, code) in messages {
        let _ = writeln!(out, "    ({id:?}, {code}),");
    }
    out.push(']');
    out
}

/// A pattern as `&[Piece, …]`, adjacent text merged.
fn pattern(pattern: &Pattern<&str>, terms: &BTreeMap<String, String>, at: &str) -> String {
    let mut pieces: Vec<String> = Vec::new();
    let mut text = String::new();
    let flush = |text: &mut String, pieces: &mut Vec<String>| {
        if !text.is_empty() {
            pieces.push(format!("Piece::Text({:?})", std::mem::take(text)));
        }
    };
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => text.push_str(value),
            PatternElement::Placeable { expression } => match expression {
                Expression::Inline(InlineExpression::StringLiteral { value }) => {
                    assert!(!value.contains('\\'), "{at}: escapes in string literals are not supported");
                    text.push_str(value);
                }
                Expression::Inline(InlineExpression::NumberLiteral { value }) => {
                    // As Fluent writes it: `{ 007 }` is 7.
                    let n: i64 = value.parse().unwrap_or_else(|_| panic!("{at}: {{ {value} }}: integers only"));
                    text.push_str(&n.to_string());
                }
                Expression::Inline(InlineExpression::TermReference { id, attribute: None, arguments: None }) => {
                    let value = terms.get(id.name).unwrap_or_else(|| panic!("{at}: no term -{}", id.name));
                    text.push_str(value);
                }
                Expression::Inline(InlineExpression::VariableReference { id }) => {
                    flush(&mut text, &mut pieces);
                    pieces.push(format!("Piece::Var({:?})", id.name));
                }
                Expression::Select { selector: InlineExpression::VariableReference { id }, variants } => {
                    flush(&mut text, &mut pieces);
                    let mut code = String::from("&[");
                    let mut default = None;
                    for (i, variant) in variants.iter().enumerate() {
                        if variant.default {
                            default = Some(i);
                        }
                        let key = match &variant.key {
                            VariantKey::Identifier { name } => format!("Key::Name({name:?})"),
                            VariantKey::NumberLiteral { value } => {
                                let n: i64 = value.parse().unwrap_or_else(|_| panic!("{at}: [{value}]: integers only"));
                                format!("Key::Number({n})")
                            }
                        };
                        let _ = write!(code, "({key}, {}), ", self::pattern(&variant.value, terms, at));
                    }
                    code.push(']');
                    let default = default.unwrap_or_else(|| panic!("{at}: a selection without a default"));
                    pieces
                        .push(format!("Piece::Select {{ var: {:?}, variants: {code}, default: {default} }}", id.name));
                }
                other => panic!("{at}: not supported: {other:?}"),
            },
        }
    }
    flush(&mut text, &mut pieces);
    format!("&[{}]", pieces.join(", "))
}
