//! The OpenAPI fuzzer: schemathesis sends generated valid and invalid requests to every operation
//! of `/api/v1/openapi.json`, against a real server with a fresh SQLite data dir on a free loopback
//! port, as an administrator's key made with the CLI. It holds every answer to the document (status,
//! content type, headers, body schema), wants invalid data refused and valid data accepted, and
//! follows the document's links (create, then read, edit, rotate, delete). Zero failures, or the
//! step fails. `xtask/schemathesis.toml` says where the document cannot state a rule.

use crate::server::{Instance, PASSWORD, free_port};
use crate::{Result, cargo, root, sh, tools};
use std::path::PathBuf;
use std::process::Command;

const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
    response_headers_conformance,response_schema_conformance,negative_data_rejection,positive_data_acceptance,\
    use_after_free,ensure_resource_availability";
/// Test cases per operation and phase: about 2,200 requests, half a minute on a debug build here.
const MAX_EXAMPLES: &str = "100";
/// What the fuzzing key may do: every operation of the document.
const SCOPES: [&str; 9] = [
    "profile:write",
    "preferences:write",
    "notifications:write",
    "api-keys:write",
    "webhooks:write",
    "keys:verify",
    "events:write",
    "git-tokens:read",
    "users:read",
];

pub const WHAT: &str = "OpenAPI fuzzer (schemathesis, loopback)";

/// `cargo xtask fuzz`: the fuzzer alone, on a debug build.
pub fn alone() -> Result {
    tools::schemathesis()?;
    sh("cargo build (debug vestibule)", cargo().args(["build", "-p", "vestibule-server", "--bin", "vestibule"]))?;
    run(root().join("target/debug/vestibule"), |fuzzer| sh(WHAT, fuzzer))
}

/// Fuzzes the API of `bin`: `execute` runs the prepared fuzzer while the server is up (the test
/// command counts what passed, see `passed`).
pub fn run<T>(bin: PathBuf, execute: impl FnOnce(&mut Command) -> Result<T>) -> Result<T> {
    let schemathesis = tools::schemathesis()?;
    let instance = Instance::new(bin, "fuzz")?;
    instance.cli(&["user", "create", "--username", "fuzzer", "--email", "fuzzer@example.com", "--admin"], PASSWORD)?;
    let key = |name: &str, scopes: &[&str]| {
        let mut args = vec!["key", "create", "--user", "fuzzer", "--name", name, "--expires-in", "30d"];
        scopes.iter().for_each(|scope| args.extend(["--scope", scope]));
        instance.cli(&args, "")
    };
    let fuzzing = key("fuzzer", &SCOPES)?;
    let target = key("target", &["profile:read"])?;
    let target_id = target.strip_prefix("vst_").and_then(|t| t.split_once('.')).map(|(id, _)| id.to_string());
    let target_id = target_id.ok_or("vestibule key create printed no key")?;
    let port = free_port()?;
    // Keys may live a day less than the fuzzing key: every expiry the document allows is one a key
    // made with it may have. Pages (which the fuzzer's probes may reach) read the bundle's hash.txt,
    // which only a cargo-leptos build writes: a debug build serves them without. A new address is
    // mailed a link at most once a minute: with that limit, every valid `PATCH /api/v1/me` after the
    // first would be a (documented) 429 that depends on the moment, not on the data sent.
    // The host product's preferences of the end-to-end tests: the document then describes them.
    let declared = root().join("end2end/fixtures/preferences.toml");
    let settings = [
        ("VESTIBULE_APP_PREFERENCES", declared.to_str().ok_or("a non-UTF-8 checkout path")?),
        ("VESTIBULE_MAX_KEY_LIFETIME_DAYS", "29"),
        ("LEPTOS_HASH_FILES", "false"),
        ("VESTIBULE_LINK_MAIL_INTERVAL_SECONDS", "0"),
    ];
    let _server = instance.serve(port, &settings)?;
    let mut fuzzer = Command::new(schemathesis);
    fuzzer
        .arg("--config-file")
        .arg(root().join("xtask/schemathesis.toml"))
        .args(["run", &format!("http://127.0.0.1:{port}/api/v1/openapi.json")])
        .args(["--header", &format!("Authorization: Bearer {fuzzing}")])
        .args(["--checks", CHECKS, "--max-examples", MAX_EXAMPLES, "--workers", "1", "--request-timeout", "10"])
        .args(["--no-color", "--wait-for-schema", "10"])
        .env("FUZZ_TARGET_KEY_ID", target_id)
        // Its example database and reports stay in the throwaway data dir.
        .current_dir(&instance.data);
    execute(&mut fuzzer)
}

/// How many of schemathesis' tests a line reports as passed: `     ✅ 11 passed` or
/// `     ✅  9 passed  ❌  2 failed` (one line per phase).
pub fn passed(line: &str) -> Option<u64> {
    let words: Vec<&str> = line.trim().strip_prefix('✅')?.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "passed")?;
    words.get(at.checked_sub(1)?)?.parse().ok()
}

#[cfg(test)]
mod tests_of_parsing {
    use super::passed;

    #[test]
    fn reads_each_phase_line() {
        assert_eq!(passed("     ✅ 11 passed"), Some(11));
        assert_eq!(passed("     ✅  9 passed  ❌  2 failed"), Some(9));
        assert_eq!(passed("  1678 generated, 1678 passed"), None);
        assert_eq!(passed(" ✅  Loaded specification from http://127.0.0.1:1/api/v1/openapi.json"), None);
    }
}
