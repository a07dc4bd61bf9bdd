//! `cargo xtask bench`: the API-key benchmark of BENCHMARKS.md. A release build on loopback with a
//! fresh SQLite file; wrk with 64 connections against a bare handler (`/livez`, no database), an
//! authenticated `GET /api/v1/me`, and `POST /api/v1/keys/verify`, in one run.

use crate::server::{Instance, PASSWORD};
use crate::{Result, build_release, root, tools};
use std::process::Command;

const PORT: u16 = 3191;

pub fn run() -> Result {
    tools::ensure_build_tools()?;
    tools::wrk()?;
    build_release()?;
    let seconds = std::env::var("BENCH_SECONDS").unwrap_or_else(|_| "10".into());
    let instance = Instance::new(root().join("target/release/vestibule"), "bench")?;
    instance.cli(&["user", "create", "--username", "bench", "--email", "bench@example.com", "--admin"], PASSWORD)?;
    let key = instance.cli(
        &["key", "create", "--user", "bench", "--name", "bench", "--scope", "profile:read", "--scope", "keys:verify"],
        "",
    )?;
    let _server = instance.serve(PORT, &[])?;
    let script = instance.data.join("verify.lua");
    std::fs::write(
        &script,
        format!(
            "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n\
             wrk.body = '{{\"key\": \"{key}\", \"scope\": \"profile:read\"}}'\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    let auth = format!("Authorization: Bearer {key}");
    let base = format!("http://127.0.0.1:{PORT}");
    let wrk = |path: &str, extra: &[&str]| -> Result<Stats> {
        let mut cmd = Command::new("wrk");
        cmd.args(["-t2", "-c64", &format!("-d{seconds}s"), "--latency"]).args(extra).arg(format!("{base}{path}"));
        let out = cmd.output().map_err(|e| format!("wrk: {e}"))?;
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        Stats::parse(&text).ok_or_else(|| format!("could not read wrk's output:\n{text}"))
    };
    // Warm up (connections, caches), then measure each in turn.
    wrk("/livez", &["-d2s"]).ok();
    let bare = wrk("/livez", &[])?;
    let me = wrk("/api/v1/me", &["-H", &auth])?;
    let verify = wrk("/api/v1/keys/verify", &["-H", &auth, "-s", &script.display().to_string()])?;
    println!("\nwrk -t2 -c64 -d{seconds}s --latency, release build, SQLite, loopback, 2 cores shared with wrk");
    println!("{:<28} {:>10} {:>9} {:>9} {:>8}", "endpoint", "req/s", "p50 ms", "p99 ms", "non-2xx");
    for (name, s) in [("GET /livez (bare)", &bare), ("GET /api/v1/me", &me), ("POST /api/v1/keys/verify", &verify)] {
        println!("{name:<28} {:>10.0} {:>9.2} {:>9.2} {:>8}", s.rps, s.p50, s.p99, s.errors);
    }
    println!("\n/api/v1/me at {:.0}% of the bare handler's throughput", 100.0 * me.rps / bare.rps);
    println!("/api/v1/keys/verify at {:.0}% of the bare handler's throughput", 100.0 * verify.rps / bare.rps);
    if me.errors > 0 || verify.errors > 0 { Err("some requests failed".into()) } else { Ok(()) }
}

struct Stats {
    rps: f64,
    p50: f64,
    p99: f64,
    errors: u64,
}

impl Stats {
    fn parse(text: &str) -> Option<Self> {
        let field =
            |prefix: &str| text.lines().find_map(|l| l.trim().strip_prefix(prefix).map(|r| r.trim().to_string()));
        let rps = field("Requests/sec:")?.parse().ok()?;
        let non_2xx: u64 = field("Non-2xx or 3xx responses:").and_then(|v| v.parse().ok()).unwrap_or(0);
        // `Socket errors: connect 0, read 0, write 0, timeout 12`
        let socket: u64 = field("Socket errors:")
            .map(|v| v.split(',').filter_map(|p| p.split_whitespace().last()?.parse::<u64>().ok()).sum())
            .unwrap_or(0);
        let errors = non_2xx + socket;
        Some(Self { rps, p50: millis(&field("50%")?)?, p99: millis(&field("99%")?)?, errors })
    }
}

/// wrk writes latencies as `812.00us`, `1.23ms` or `1.01s`.
fn millis(value: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = value.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = value.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = value.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (value, 1.0)
    };
    number.parse::<f64>().ok().map(|n| n * factor)
}
