//! `cargo xtask test`: every check, in the order that fails fastest.

use crate::{Result, build_release, cargo, fuzz, root, sh, tools};
use std::net::{TcpStream, ToSocketAddrs};
use std::process::Command;
use std::time::{Duration, Instant};

const RUST_PACKAGES: [&str; 10] = [
    "-p",
    "vestibule-domain",
    "-p",
    "vestibule-service",
    "-p",
    "vestibule-app",
    "-p",
    "vestibule-server",
    "-p",
    "xtask",
];
const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub fn all() -> Result {
    let start = Instant::now();
    tools::ensure_all()?;
    // A test run builds once; incremental state would only fill the disk (tens of GB here).
    let cargo = || {
        let mut c = cargo();
        c.env("CARGO_INCREMENTAL", "0");
        c
    };
    sh("cargo fmt --check", cargo().args(["fmt", "--all", "--", "--check"]))?;
    sh(
        "clippy (server side, tests included)",
        cargo().args(["clippy", "--all-targets"]).args(RUST_PACKAGES).args(["--", "-D", "warnings"]),
    )?;
    sh(
        "clippy (browser side, wasm32)",
        cargo().args([
            "clippy",
            "-p",
            "vestibule-frontend",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    sh(
        "domain compiles for the browser (wasm32)",
        cargo().args(["check", "-p", "vestibule-domain", "--target", "wasm32-unknown-unknown"]),
    )?;
    let postgres = postgres_url();
    // Tests that skip (PostgreSQL unreachable) pass as far as cargo knows: they name themselves here.
    let skipped_file = root().join("target").join("skipped-tests.txt");
    let _ = std::fs::remove_file(&skipped_file);
    let mut test = cargo();
    test.args(["test"])
        .args(RUST_PACKAGES)
        .env("VESTIBULE_TEST_POSTGRES_URL", &postgres)
        .env("VESTIBULE_TEST_SKIPPED_FILE", &skipped_file);
    let ran = counting("unit and integration tests (SQLite and PostgreSQL)", &mut test, cargo_passed)?;
    let skipped = skipped_tests(&skipped_file);
    if !skipped.is_empty() {
        println!("skipped (PostgreSQL unreachable): {}", skipped.join(", "));
    }
    let rust = ran.saturating_sub(skipped.len() as u64);
    build_release()?;
    let release = root().join("target/release/vestibule");
    println!("\n==> stress: 2,000 server-rendered pages over 64 connections (cargo xtask stress runs 20,000)");
    let stressed = crate::stress::short()?;
    let fuzzed = fuzz::run(release, |fuzzer| counting(fuzz::WHAT, fuzzer, fuzz::passed))?;
    let browser = counting(
        "Playwright end-to-end tests (release build, Chromium)",
        Command::new("npx").args(["playwright", "test"]).current_dir(root().join("end2end")),
        playwright_passed,
    )?;
    println!("\nAll tests passed in {:.0?}.", start.elapsed());
    // One closing line for the whole run (cargo's last summary is often a doc-test binary with none).
    println!("tests: {} passed, 0 failed, {} skipped", rust + stressed + fuzzed + browser, skipped.len());
    Ok(())
}

/// The tests named in the skip file, each once (none when the file is missing).
fn skipped_tests(file: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let names: std::collections::BTreeSet<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    names.into_iter().map(str::to_string).collect()
}

/// Runs a test command, echoing its output, and adds up the tests it reports as passed.
fn counting(what: &str, cmd: &mut Command, passed: fn(&str) -> Option<u64>) -> Result<u64> {
    use std::io::{BufRead, BufReader};
    let start = Instant::now();
    println!("\n==> {what}");
    let mut child = cmd
        .current_dir(cmd.get_current_dir().map(std::path::Path::to_path_buf).unwrap_or_else(root))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("{what}: could not start: {e}"))?;
    let mut total = 0;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(std::result::Result::ok) {
            println!("{line}");
            total += passed(&line).unwrap_or(0);
        }
    }
    let status = child.wait().map_err(|e| format!("{what}: {e}"))?;
    println!("<== {what}: {:.0?}", start.elapsed());
    if status.success() { Ok(total) } else { Err(format!("{what} failed ({status})")) }
}

/// `test result: ok. 36 passed; 0 failed; …`
fn cargo_passed(line: &str) -> Option<u64> {
    line.strip_prefix("test result: ")?.split_once(". ")?.1.split(' ').next()?.parse().ok()
}

/// `  18 passed (33.8s)`
fn playwright_passed(line: &str) -> Option<u64> {
    let (n, rest) = line.trim().split_once(' ')?;
    rest.starts_with("passed").then(|| n.parse().ok()).flatten()
}

/// The PostgreSQL the tests use. Unreachable: a loud warning (the tests skip it), or failure under CI.
fn postgres_url() -> String {
    let url = std::env::var("VESTIBULE_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES.into());
    let reachable = host_port(&url)
        .and_then(|hp| hp.to_socket_addrs().ok()?.next())
        .is_some_and(|addr| TcpStream::connect_timeout(&addr, Duration::from_secs(3)).is_ok());
    if !reachable {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        let banner = "!".repeat(78);
        eprintln!(
            "\n{banner}\n  PostgreSQL is unreachable at {url}\n  {}\n{banner}\n",
            if ci { "CI=true: the PostgreSQL tests will FAIL." } else { "Its tests will be SKIPPED." }
        );
    }
    url
}

/// `host:port` of a postgres:// URL (5432 when no port is given).
fn host_port(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    Some(if host_port.contains(':') { host_port.to_string() } else { format!("{host_port}:5432") })
}
