//! `cargo xtask stress`: many server-rendered pages at once, counting responses that never finish.
//! A release build on loopback with a fresh SQLite file; 64 keep-alive connections, each asking in
//! turn for the log-in page and every settings section with a logged-in session, until the count
//! (`STRESS_REQUESTS`, 20,000) or the time limit (`STRESS_SECONDS`, 120) is reached. A response
//! counts as unfinished when its last byte has not arrived 5 s after the request was sent.
//! `VESTIBULE_RUNTIME` is passed on, so both runtimes can be compared.

use crate::http::{DEADLINE, get, log_in};
use crate::server::{Instance, PASSWORD, free_port};
use crate::{Result, build_release, root, tools};
use std::io::BufReader;
use std::net::TcpStream;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 64;
const PAGES: [&str; 7] = [
    "/login",
    "/settings/profile",
    "/settings/preferences",
    "/settings/notifications",
    "/settings/security",
    "/settings/api-keys",
    "/settings/audit-log",
];

/// What one run saw.
pub struct Outcome {
    pub finished: u64,
    pub unfinished: u64,
    pub not_ok: u64,
    pub seconds: f64,
    pub p99_ms: f64,
}

/// The command: full size unless the environment says otherwise.
pub fn run() -> Result {
    tools::ensure_build_tools()?;
    build_release()?;
    let requests = env_number("STRESS_REQUESTS", 20_000);
    let seconds = env_number("STRESS_SECONDS", 120);
    let runtime = std::env::var("VESTIBULE_RUNTIME").unwrap_or_default();
    let outcome = stress(requests, Duration::from_secs(seconds), &runtime)?;
    verdict(&outcome)
}

/// The short version inside `cargo xtask test` (the release build is there already): 2,000 pages.
pub fn short() -> Result<u64> {
    let outcome = stress(2_000, Duration::from_secs(60), "")?;
    verdict(&outcome)?;
    Ok(1)
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn verdict(o: &Outcome) -> Result {
    println!(
        "stress: {} finished, {} unfinished (no last byte within {}s), {} not 200, {:.0} req/s, p99 {:.1} ms",
        o.finished,
        o.unfinished,
        DEADLINE.as_secs(),
        o.not_ok,
        o.finished as f64 / o.seconds,
        o.p99_ms
    );
    if o.unfinished > 0 || o.not_ok > 0 { Err("stress: some pages did not finish, or failed".into()) } else { Ok(()) }
}

fn stress(requests: u64, limit: Duration, runtime: &str) -> Result<Outcome> {
    let instance = Instance::new(root().join("target/release/vestibule"), "stress")?;
    instance.cli(&["user", "create", "--username", "stress", "--email", "stress@example.com"], PASSWORD)?;
    let port = free_port()?;
    let mut settings = vec![];
    if !runtime.is_empty() {
        settings.push(("VESTIBULE_RUNTIME", runtime));
    }
    let _server = instance.serve(port, &settings)?;
    let cookie = format!("Cookie: {}\r\n", log_in(port, "stress")?);
    println!(
        "\n==> stress: {requests} pages over {CONNECTIONS} connections ({}), runtime {}",
        PAGES.join(", "),
        if runtime.is_empty() { "default" } else { runtime }
    );
    let sent = AtomicU64::new(0);
    let (finished, unfinished, not_ok) = (AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0));
    let latencies = Mutex::new(Vec::with_capacity(requests as usize));
    let start = Instant::now();
    std::thread::scope(|scope| {
        for worker in 0..CONNECTIONS {
            let (sent, finished, unfinished, not_ok, latencies, cookie) =
                (&sent, &finished, &unfinished, &not_ok, &latencies, &cookie);
            scope.spawn(move || {
                let mut conn: Option<BufReader<TcpStream>> = None;
                let mut mine = Vec::new();
                loop {
                    let n = sent.fetch_add(1, Ordering::Relaxed);
                    if n >= requests || start.elapsed() > limit {
                        break;
                    }
                    let path = PAGES[(n as usize + worker) % PAGES.len()];
                    let began = Instant::now();
                    match get(&mut conn, port, path, cookie) {
                        Ok(200) => {
                            finished.fetch_add(1, Ordering::Relaxed);
                            mine.push(began.elapsed());
                        }
                        Ok(status) => {
                            finished.fetch_add(1, Ordering::Relaxed);
                            not_ok.fetch_add(1, Ordering::Relaxed);
                            eprintln!("stress: {path} answered {status}");
                        }
                        Err(e) => {
                            unfinished.fetch_add(1, Ordering::Relaxed);
                            eprintln!("stress: {path} unfinished after {:?}: {e}", began.elapsed());
                            conn = None;
                        }
                    }
                }
                latencies.lock().unwrap_or_else(|e| e.into_inner()).extend(mine);
            });
        }
    });
    let seconds = start.elapsed().as_secs_f64();
    let mut latencies = latencies.into_inner().unwrap_or_else(|e| e.into_inner());
    latencies.sort();
    let p99_ms = latencies.get(latencies.len() * 99 / 100).map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    Ok(Outcome {
        finished: finished.into_inner(),
        unfinished: unfinished.into_inner(),
        not_ok: not_ok.into_inner(),
        seconds,
        p99_ms,
    })
}
