//! A crate reads top-down: no module uses a module that uses it back, directly or around a circle.
//! Checked on the source text (paths `crate::…`, `super::…` and a file's own `mod` children, comments
//! and `mod tests` left out), so a test holds every crate to it without a compiler plugin.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`""` for the root, `api_keys::scopes`) → the modules it uses.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// The first circle among the modules under `src`, as `a → b → a`, if there is one.
pub fn first_circle(src: &Path) -> Option<String> {
    let graph = graph(src);
    let mut done = BTreeSet::new();
    for start in graph.keys() {
        let mut path = Vec::new();
        if let Some(circle) = visit(&graph, start, &mut path, &mut done) {
            return Some(circle);
        }
    }
    None
}

fn visit(graph: &Graph, module: &str, path: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<String> {
    if let Some(at) = path.iter().position(|m| m == module) {
        let mut circle: Vec<&str> = path[at..].iter().map(|m| name(m)).collect();
        circle.push(name(module));
        return Some(circle.join(" → "));
    }
    if done.contains(module) {
        return None;
    }
    path.push(module.to_string());
    for used in graph.get(module).into_iter().flatten() {
        if let Some(circle) = visit(graph, used, path, done) {
            return Some(circle);
        }
    }
    path.pop();
    done.insert(module.to_string());
    None
}

fn name(module: &str) -> &str {
    if module.is_empty() { "crate" } else { module }
}

fn graph(src: &Path) -> Graph {
    let mut files = BTreeMap::new();
    collect(src, src, &mut files);
    let modules: BTreeSet<String> = files.keys().cloned().collect();
    // What the root re-exports (`pub use error::{A, B}`) is used through `crate::A`: that is its module.
    let mut reexported = BTreeMap::new();
    for line in files.get("").map(String::as_str).unwrap_or_default().lines() {
        if let Some(rest) = line.trim().strip_prefix("pub use ")
            && let Some((module, names)) = rest.split_once("::")
        {
            for item in names.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|n| !n.is_empty()) {
                reexported.insert(item.to_string(), module.to_string());
            }
        }
    }
    let mut graph = Graph::new();
    for (module, text) in &files {
        let children: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().trim_start_matches("pub ").strip_prefix("mod "))
            .filter_map(|l| l.strip_suffix(';'))
            .collect();
        let parent = module.rsplit_once("::").map(|(p, _)| p).unwrap_or("");
        let mut used = BTreeSet::new();
        for mut parts in paths(text) {
            let base = match parts.first().map(String::as_str) {
                Some("crate") => {
                    parts.remove(0);
                    String::new()
                }
                Some("super") => {
                    parts.remove(0);
                    parent.to_string()
                }
                Some(first) if children.contains(&first) => module.clone(),
                _ => continue,
            };
            if let Some(target) = resolve(&base, &parts, &modules, &reexported)
                && target != *module
            {
                used.insert(target);
            }
        }
        graph.insert(module.clone(), used);
    }
    graph
}

/// Every path in `text` (`a::b::C`) as its segments; `a::{b, c::D}` gives `a::b` and `a::c::D`.
fn paths(text: &str) -> Vec<Vec<String>> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("::") {
        let before = &rest[..at];
        let start = before.rfind(|c: char| !(ident(c) || c == ':')).map_or(0, |i| i + 1);
        let after = &rest[at + 2..];
        let end = after.find(|c: char| !(ident(c) || c == ':')).unwrap_or(after.len());
        let head = format!("{}::{}", &before[start..], &after[..end]);
        let segments = |path: &str| path.split("::").filter(|p| !p.is_empty()).map(str::to_string).collect::<Vec<_>>();
        let mut consumed = at + 2 + end;
        if after[end..].starts_with('{') {
            let group = &after[end + 1..];
            let (mut depth, mut close) = (0, group.len());
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        close = i;
                        break;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            for item in group[..close].split(',') {
                let item = item.trim();
                let item_end = item.find(|c: char| !(ident(c) || c == ':')).unwrap_or(item.len());
                found.push(segments(&format!("{head}::{}", &item[..item_end])));
            }
            consumed = at + 2 + end + 1 + close;
        } else {
            found.push(segments(&head));
        }
        rest = rest.get(consumed..).unwrap_or_default();
    }
    found
}

/// The deepest module that `base::parts…` names, or the module a root re-export comes from.
fn resolve(
    base: &str,
    parts: &[String],
    modules: &BTreeSet<String>,
    reexported: &BTreeMap<String, String>,
) -> Option<String> {
    let mut found = None;
    let mut path = base.to_string();
    for part in parts {
        path = if path.is_empty() { part.clone() } else { format!("{path}::{part}") };
        if modules.contains(&path) {
            found = Some(path.clone());
        } else {
            break;
        }
    }
    match (found, parts.first()) {
        (Some(module), _) => Some(module),
        (None, Some(first)) if base.is_empty() => reexported.get(first).cloned(),
        (None, _) => None,
    }
}

/// Every `.rs` file under `dir` by module path, without comments and without `#[cfg(test)] mod tests`.
fn collect(root: &Path, dir: &Path, files: &mut BTreeMap<String, String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let Ok(relative) = path.strip_prefix(root) else { continue };
        // Beside a lib.rs, main.rs is a crate of its own that uses the library from outside.
        if relative == Path::new("main.rs") && root.join("lib.rs").exists() {
            continue;
        }
        let relative = relative.with_extension("");
        let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
            parts.pop();
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
        let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
        files.insert(parts.join("::"), code);
    }
}

#[cfg(test)]
mod tests {
    use super::first_circle;
    use std::path::Path;

    fn crate_src(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("crates").join(name).join("src")
    }

    #[test]
    fn every_crate_reads_top_down() {
        for name in ["domain", "service", "app", "server"] {
            assert_eq!(first_circle(&crate_src(name)), None, "crates/{name}: modules that use each other");
        }
    }

    #[test]
    fn a_circle_is_found() {
        let dir = std::env::temp_dir().join(format!("layers-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("b")).unwrap();
        std::fs::write(dir.join("lib.rs"), "mod a;\nmod b;\npub use a::Thing;\n").unwrap();
        std::fs::write(dir.join("a.rs"), "use crate::{b::helper, Other};\npub struct Thing;\n").unwrap();
        std::fs::write(dir.join("b/mod.rs"), "mod c;\npub fn helper() {}\npub use c::Other;\n").unwrap();
        std::fs::write(dir.join("b/c.rs"), "// crate::a is only mentioned here\nuse crate::Thing;\n").unwrap();
        let circle = first_circle(&dir);
        std::fs::write(dir.join("b/c.rs"), "pub struct Other;\n").unwrap();
        let none = first_circle(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(circle.as_deref(), Some("a → b → b::c → a"));
        assert_eq!(none, None);
    }
}
