//! Installs the tools the build and the tests need, each only when missing, from the package registries.
//! Nothing here downloads a prebuilt binary: this machine reaches crates.io, npm, PyPI and Debian only.

use crate::{Result, cargo, output, root, sh};
use std::path::{Path, PathBuf};
use std::process::Command;

const CARGO_LEPTOS: &str = "0.3.11";
const WASM_OPT: &str = "0.116.1";
const SCHEMATHESIS: &str = "4.32.5";
const TWIGGY: &str = "0.8.0";

pub fn ensure_all() -> Result {
    ensure_build_tools()?;
    ensure_test_tools()
}

/// What `cargo leptos build --release` needs.
pub fn ensure_build_tools() -> Result {
    wasm_target()?;
    wasm_bindgen()?;
    wasm_opt()?;
    cargo_leptos()
}

/// What the test command needs beyond the build: Chromium, Playwright and the OpenAPI fuzzer.
pub fn ensure_test_tools() -> Result {
    chromium()?;
    playwright()?;
    oidc_provider()?;
    schemathesis().map(|_| ())
}

fn has(cmd: &str, args: &[&str], expect: &str) -> bool {
    output(Command::new(cmd).args(args)).is_some_and(|out| out.contains(expect))
}

fn wasm_target() -> Result {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]));
    if installed.is_some_and(|t| t.contains("wasm32-unknown-unknown")) {
        return Ok(());
    }
    sh(
        "rustup target add wasm32-unknown-unknown (seconds)",
        Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
    )
}

/// The version of `name` that Cargo.lock pins.
fn locked_version(name: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let needle = format!("name = \"{name}\"\nversion = \"");
    let start = lock.find(&needle).ok_or(format!("{name} is not in Cargo.lock"))? + needle.len();
    let len = lock[start..].find('"').ok_or("Cargo.lock is malformed")?;
    Ok(lock[start..start + len].to_string())
}

fn wasm_bindgen() -> Result {
    let version = locked_version("wasm-bindgen")?;
    if has("wasm-bindgen", &["--version"], &version) {
        return Ok(());
    }
    // Its published lock pins webpki-roots 1.0.11, which the registry here does not serve.
    install_relocked("wasm-bindgen-cli", &version, &[], &[("webpki-roots@1.0.11", "1.0.10")], "about 2 minutes")
}

fn wasm_opt() -> Result {
    // Not Debian's binaryen 108: its output never hydrates (WebAssembly.Table.set fails).
    if has("wasm-opt", &["--version"], "version 116") {
        return Ok(());
    }
    sh(
        &format!("cargo install wasm-opt {WASM_OPT} (about 7 minutes, once)"),
        cargo().args(["install", "--locked", "wasm-opt", "--version", WASM_OPT]),
    )
}

fn cargo_leptos() -> Result {
    if has("cargo-leptos", &["--version"], CARGO_LEPTOS) {
        return Ok(());
    }
    // no_downloads: take wasm-bindgen and wasm-opt from PATH. Its lock pins cargo-util-schemas
    // 0.14.2, which needs a newer rustc than ours; 0.14.1 builds. And the splitter 0.2.3, which puts
    // the whole data segment in the main WASM when a release link has merged strings across pages
    // (cargo-leptos#679); 0.2.4 lays the data of all modules out together (same API).
    install_relocked(
        "cargo-leptos",
        CARGO_LEPTOS,
        &["no_downloads"],
        &[
            ("cargo-util-schemas@0.14.2", "0.14.1"),
            // 0.2.4 needs rayon 1.12.
            ("rayon@1.11.0", "1.12.0"),
            ("wasm_split_cli_support@0.2.3", "0.2.4"),
        ],
        "about 14 minutes, once",
    )
}

/// `cargo install --locked` from a copy of the crate's source whose lock has a few crates moved.
fn install_relocked(krate: &str, version: &str, features: &[&str], relock: &[(&str, &str)], how_long: &str) -> Result {
    let work = root().join("target/xtask-tools").join(format!("{krate}-{version}"));
    let src = work.join("src-copy");
    if !src.join("Cargo.toml").exists() {
        fetch_source(krate, version, &work, &src)?;
    }
    for (spec, precise) in relock {
        // Ignore failure: a lock that no longer names the crate needs no move.
        let _ = Command::new("cargo").args(["update", "-p", spec, "--precise", precise]).current_dir(&src).status();
    }
    let mut cmd = cargo();
    cmd.args(["install", "--locked", "--force", "--path"]).arg(&src);
    if !features.is_empty() {
        cmd.args(["--features", &features.join(",")]);
    }
    sh(&format!("cargo install {krate} {version} ({how_long})"), &mut cmd)
}

/// Lets cargo download the crate (as a dependency of a scratch package) and copies its source out.
fn fetch_source(krate: &str, version: &str, work: &Path, dest: &Path) -> Result {
    let scratch = work.join("fetch");
    std::fs::create_dir_all(scratch.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[package]\nname = \"fetch\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
             [dependencies]\n{krate} = {{ version = \"={version}\", default-features = false }}\n\n[workspace]\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(scratch.join("src/lib.rs"), "").map_err(|e| e.to_string())?;
    sh(&format!("download {krate} {version} source"), cargo().args(["fetch", "--quiet"]).current_dir(&scratch))?;
    let meta = output(cargo().args(["metadata", "--format-version", "1", "--offline"]).current_dir(&scratch))
        .ok_or("cargo metadata failed")?;
    // The manifest path of the fetched crate, e.g. ".../registry/src/index.../cargo-leptos-0.3.11/Cargo.toml".
    let marker = format!("/{krate}-{version}/Cargo.toml");
    let end = meta.find(&marker).ok_or(format!("{krate} {version} not found after fetch"))?;
    let begin = meta[..end].rfind('"').ok_or("cargo metadata is malformed")? + 1;
    let dir = &meta[begin..end + marker.len() - "/Cargo.toml".len()];
    sh(&format!("copy {krate} source"), Command::new("cp").arg("-r").arg(dir).arg(dest))?;
    // The copy lies under our target/: make it a workspace of its own, not a stray member of ours.
    let manifest = dest.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    if !text.contains("\n[workspace]") {
        std::fs::write(&manifest, text + "\n[workspace]\n").map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn chromium() -> Result {
    apt("/usr/bin/chromium", &["chromium", "fonts-dejavu-core"], "about 1 minute")
}

/// The HTTP load generator of `cargo xtask bench`.
/// twiggy, which tells where a WASM's bytes are (`cargo xtask size --where`).
pub fn twiggy() -> Result {
    if has("twiggy", &["--version"], TWIGGY) {
        return Ok(());
    }
    sh(
        &format!("cargo install twiggy {TWIGGY} (about 3 minutes, once)"),
        cargo().args(["install", "--locked", "twiggy", "--version", TWIGGY]),
    )
}

pub fn wrk() -> Result {
    apt("/usr/bin/wrk", &["wrk"], "seconds")
}

fn apt(binary: &str, packages: &[&str], how_long: &str) -> Result {
    if Path::new(binary).exists() {
        return Ok(());
    }
    sh("apt-get update (about 30 s)", Command::new("apt-get").arg("update").arg("-qq"))?;
    sh(
        &format!("apt-get install {} ({how_long})", packages.join(" ")),
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// The OpenAPI fuzzer (schemathesis, from PyPI) in a virtual environment of its own under target/,
/// so neither the system's Python nor the user's packages change. Returns its executable.
pub fn schemathesis() -> Result<PathBuf> {
    let venv = pip_tool("schemathesis", SCHEMATHESIS, "about 1 minute")?;
    Ok(venv.join("bin/schemathesis"))
}

/// The OpenID Connect provider the single sign-on tests sign in with (PyPI `oidc-provider-mock`),
/// in a virtual environment of its own: `target/xtask-tools/oidc-provider-mock/bin/python -m oidc_provider_mock`.
pub fn oidc_provider() -> Result<PathBuf> {
    let venv = pip_tool("oidc-provider-mock", OIDC_PROVIDER, "seconds")?;
    Ok(venv.join("bin/python"))
}

/// The provider's version (see `oidc_provider`).
const OIDC_PROVIDER: &str = "0.3.4";

/// PyPI `package` at `version` in `target/xtask-tools/<package>` (a virtual environment of its own),
/// installed when it is not there at that version; returns the environment's directory.
fn pip_tool(package: &str, version: &str, takes: &str) -> Result<PathBuf> {
    let venv = root().join("target/xtask-tools").join(package);
    let check = format!("import importlib.metadata as m; assert m.version('{package}') == '{version}'");
    let installed =
        Command::new(venv.join("bin/python")).args(["-c", &check]).output().is_ok_and(|o| o.status.success());
    if installed {
        return Ok(venv);
    }
    sh("python3 -m venv (seconds)", Command::new("python3").args(["-m", "venv", "--clear"]).arg(&venv))?;
    sh(
        &format!("pip install {package} {version} ({takes}, once)"),
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("{package}=={version}")),
    )?;
    Ok(venv)
}

fn playwright() -> Result {
    let dir = root().join("end2end");
    if dir.join("node_modules/@playwright/test/package.json").exists() {
        return Ok(());
    }
    sh(
        "npm ci in end2end (Playwright without its browser download; seconds)",
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    )
}
