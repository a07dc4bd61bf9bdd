//! Project automation: `cargo xtask run` serves Vestibule, `cargo xtask test` runs every test.
//! Owns tool installation and build orchestration; depends on nothing but std so it compiles in seconds.

mod bench;
mod fuzz;
mod http;
#[cfg(test)]
mod layers;
mod server;
mod stress;
mod tests;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask <run|test|tools|size|bench|stress|fuzz>
  run    install missing tools, build in release and serve at http://127.0.0.1:3000 (SQLite in ./data)
  test   install missing tools and run every test: fmt, clippy, unit, wasm32, integration (SQLite and PostgreSQL), OpenAPI fuzzer, Playwright
  tools  only install the missing tools
  size   build in release and print the bundle's sizes, raw and gzipped, and each page's first load with Brotli (see
         BENCHMARKS.md); `--unsplit` builds one WASM for comparison, `--no-build` measures target/site as it is,
         `--where` lists the WASM's largest items (twiggy, names kept)
  bench  build in release and load the API and pages with wrk against the bare handler (see BENCHMARKS.md;
         BENCH_PARTS=sqlite,postgres,burst,mail,pages chooses, BENCH_SECONDS, BENCH_NO_BUILD=1 skips the build)
  stress build in release and ask for 20,000 server-rendered pages over 64 connections; fails on any
         page unfinished after 5 s (STRESS_REQUESTS, STRESS_SECONDS, VESTIBULE_RUNTIME; BENCHMARKS.md)
  fuzz   build in debug and run the OpenAPI fuzzer (schemathesis) against the API, as `test` does";

fn main() -> ExitCode {
    let arg = std::env::args().nth(1).unwrap_or_default();
    let result = match arg.as_str() {
        "run" => run(),
        "test" => tests::all(),
        "tools" => tools::ensure_all(),
        "size" => size(&std::env::args().skip(2).collect::<Vec<_>>()),
        "bench" => bench::run(),
        "stress" => stress::run(),
        "fuzz" => fuzz::alone(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (the parent of this crate's folder).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// Prints what is about to happen, runs it in the workspace root and fails on a non-zero exit.
pub fn sh(what: &str, cmd: &mut Command) -> Result {
    let start = Instant::now();
    println!("\n==> {what}");
    let status = cmd
        .current_dir(cmd.get_current_dir().map(Path::to_path_buf).unwrap_or_else(root))
        .status()
        .map_err(|e| format!("{what}: could not start {:?}: {e}", cmd.get_program()))?;
    println!("<== {what}: {:.0?}", start.elapsed());
    if status.success() { Ok(()) } else { Err(format!("{what} failed ({status})")) }
}

/// Runs a command quietly and returns its stdout when it succeeds.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Builds the release site (WASM, CSS, server binary) with cargo-leptos, each page's view split
/// out of the main WASM into chunks of its own (the lazy routes of `app::pages::lazy`).
pub fn build_release() -> Result {
    // Chunks of an earlier build would stay in the folder (and in `size`'s table) under other hashes.
    let _ = std::fs::remove_dir_all(root().join("target/site/pkg"));
    sh(
        "cargo leptos build --release --split (first time: several minutes)",
        cargo().args(["leptos", "build", "--release", "--split"]),
    )
}

/// The same in one WASM, for comparison (`cargo xtask size --unsplit`).
fn build_release_unsplit() -> Result {
    let _ = std::fs::remove_dir_all(root().join("target/site/pkg"));
    sh("cargo leptos build --release (first time: several minutes)", cargo().args(["leptos", "build", "--release"]))
}

fn run() -> Result {
    tools::ensure_build_tools()?;
    build_release()?;
    let bin = root().join("target/release/vestibule");
    // Run from the workspace root: the server reads Leptos.toml and target/site from there.
    println!("\nVestibule: http://127.0.0.1:3000 (data in ./data; Ctrl-C stops)");
    sh("vestibule serve", Command::new(bin).arg("serve"))
}

/// The release bundle's files with their raw and gzipped (`gzip -9`) sizes, then the first load of
/// each page: the WASM and JS files its HTML names (the main bundle and, when split, the chunks the
/// server preloads for the page), gzipped as the server sends them.
fn size(args: &[String]) -> Result {
    let flag = |f: &str| args.iter().any(|a| a == f);
    if flag("--where") {
        return where_the_bytes_are();
    }
    if !flag("--no-build") {
        tools::ensure_build_tools()?;
        if flag("--unsplit") { build_release_unsplit()? } else { build_release()? }
    }
    let pkg = root().join("target/site/pkg");
    let mut files: Vec<_> = std::fs::read_dir(&pkg)
        .map_err(|e| format!("{}: {e}", pkg.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "wasm" || e == "js" || e == "css" || e == "json"))
        .collect();
    files.sort();
    println!("\n{:<48} {:>12} {:>12}", "file", "raw bytes", "gzip -9");
    for file in files {
        let raw = std::fs::metadata(&file).map(|m| m.len()).unwrap_or_default();
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        println!("{name:<48} {raw:>12} {:>12}", gzipped(&file));
    }
    first_loads()
}

/// The largest items of the browser's WASM with their names kept (twiggy), the way BENCHMARKS.md's
/// table was made: the same release profile and wasm-bindgen, without cargo-leptos' wasm-opt pass,
/// which drops the names.
fn where_the_bytes_are() -> Result {
    tools::ensure_build_tools()?;
    tools::twiggy()?;
    sh(
        "cargo build the browser's WASM (wasm-release profile, names kept)",
        cargo().args([
            "build",
            "-p",
            "vestibule-frontend",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "wasm-release",
        ]),
    )?;
    let out = root().join("target/xtask-size");
    let wasm = root().join("target/wasm32-unknown-unknown/wasm-release/vestibule_frontend.wasm");
    sh("wasm-bindgen", Command::new("wasm-bindgen").arg("--target").arg("web").arg("--out-dir").arg(&out).arg(&wasm))?;
    sh(
        "twiggy top (the 40 largest items)",
        Command::new("twiggy").args(["top", "-n", "40"]).arg(out.join("vestibule_frontend_bg.wasm")),
    )
}

fn gzipped(file: &Path) -> u64 {
    output(Command::new("sh").arg("-c").arg(format!("gzip -9c '{}' | wc -c", file.display())))
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_default()
}

/// The pages a visitor and a logged-in user open first, with their lazy route's name
/// (`app::pages::lazy`: `LogInRoute` is `log_in`).
const FIRST_PAGES: [(&str, bool, &str); 11] = [
    ("/login", false, "log_in"),
    ("/login/two-factor", false, "second_step"),
    ("/signup", false, "sign_up"),
    ("/settings/profile", true, "profile"),
    ("/settings/preferences", true, "preferences"),
    ("/settings/notifications", true, "notifications"),
    ("/settings/security", true, "security"),
    ("/settings/api-keys", true, "api_keys"),
    ("/settings/audit-log", true, "audit_log"),
    ("/settings/webhooks", true, "webhooks"),
    ("/settings/git-tokens", true, "git_tokens"),
];

/// Each page's first load. Split: the main WASM and JS, the split loader and the chunks the page's
/// route names in the split manifest (the one bundle of them the server wrote, when it did), each
/// as the server sends it to a browser that takes Brotli (its `.br` copy, written when the server
/// starts), as the Playwright budget test counts them.
/// One WASM: the files the page's HTML names, gzipped.
fn first_loads() -> Result {
    let instance = server::Instance::new(root().join("target/release/vestibule"), "size")?;
    instance.cli(&["user", "create", "--username", "size", "--email", "size@example.com"], server::PASSWORD)?;
    let port = server::free_port()?;
    let _server = instance.serve(port, &[])?;
    let cookie = format!("Cookie: {}\r\n", http::log_in(port, "size")?);
    let pkg = root().join("target/site/pkg");
    let manifest = std::fs::read_dir(&pkg)
        .map_err(|e| format!("{}: {e}", pkg.display()))?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("__wasm_split_manifest"))
        .and_then(|e| std::fs::read_to_string(e.path()).ok());
    if let Some(manifest) = manifest {
        let brotli =
            |name: &str| std::fs::metadata(pkg.join(format!("{name}.br"))).map(|m| m.len()).unwrap_or_default();
        let shared: Vec<String> = std::fs::read_dir(&pkg)
            .map_err(|e| format!("{}: {e}", pkg.display()))?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                (n.starts_with("vestibule.") && (n.ends_with(".wasm") || n.ends_with(".js")))
                    || (n.starts_with("__wasm_split.") && n.ends_with(".js"))
            })
            .collect();
        let base: u64 = shared.iter().map(|n| brotli(n)).sum();
        println!(
            "\n{:<24} {:>14}  (main WASM, JS and split loader: {base}; then the route's chunks)",
            "page", "Brotli bytes"
        );
        let bundles = std::fs::read_to_string(pkg.join("chunk-bundles.json")).unwrap_or_default();
        for (path, _, route) in FIRST_PAGES {
            let chunks = route_chunks(&manifest, route);
            let (total, how) = match route_bundle(&bundles, route) {
                Some(bundle) => {
                    (base + brotli(&format!("{bundle}.wasm")), format!("{} chunks in {bundle}", chunks.len()))
                }
                None => (
                    base + chunks.iter().map(|c| brotli(&format!("{c}.wasm"))).sum::<u64>(),
                    format!("{} chunks", chunks.len()),
                ),
            };
            println!("{path:<24} {total:>14}  {how}");
        }
        return Ok(());
    }
    println!("\n{:<24} {:>14}  files (WASM and JS the page's HTML names)", "page", "gzip bytes");
    for (path, logged_in, _) in FIRST_PAGES {
        let html = http::page(port, path, if logged_in { &cookie } else { "" })?;
        let mut names: Vec<&str> = html
            .split("/pkg/")
            .skip(1)
            .filter_map(|rest| rest.split(['"', '\'', ' ', '>', ')']).next())
            .filter(|name| name.ends_with(".wasm") || name.ends_with(".js"))
            .collect();
        names.sort();
        names.dedup();
        let total: u64 = names.iter().map(|name| gzipped(&pkg.join(name))).sum();
        println!("{path:<24} {total:>14}  {}", names.join(", "));
    }
    Ok(())
}

/// The bundle (without `.wasm`) the server wrote for lazy route `route`, from its index
/// (`vestibule_app::chunk_bundles`: `{"__<route>_route_view_<hash>": {"file": "chunks.…", …}, …}`).
fn route_bundle(index: &str, route: &str) -> Option<String> {
    let entry = &index[index.find(&format!("\"__{route}_route_view_"))?..];
    let file = &entry[entry.find("\"file\": \"")? + "\"file\": \"".len()..];
    Some(file[..file.find('"')?].to_string())
}

/// The files (without `.wasm`) that lazy route `route` loads, from the split manifest
/// (`{"__<route>_route_view_<hash>": ["chunk_1.<hash>", …], …}`).
fn route_chunks(manifest: &str, route: &str) -> Vec<String> {
    let Some(at) = manifest.find(&format!("\"__{route}_route_view_")) else { return Vec::new() };
    let list = &manifest[at..];
    let Some(open) = list.find('[') else { return Vec::new() };
    let Some(close) = list.find(']') else { return Vec::new() };
    list[open + 1..close].split(',').map(|c| c.trim().trim_matches('"').to_string()).filter(|c| !c.is_empty()).collect()
}
