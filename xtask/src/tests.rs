//! `cargo xtask test`: every check, in the order that fails fastest.

use crate::{Result, build_release, cargo, root, sh, tools};
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
    let mut test = cargo();
    test.args(["test"]).args(RUST_PACKAGES).env("VESTIBULE_TEST_POSTGRES_URL", &postgres);
    sh("unit and integration tests (SQLite and PostgreSQL)", &mut test)?;
    build_release()?;
    sh(
        "Playwright end-to-end tests (release build, Chromium)",
        Command::new("npx").args(["playwright", "test"]).current_dir(root().join("end2end")),
    )?;
    println!("\nAll tests passed in {:.0?}.", start.elapsed());
    Ok(())
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
