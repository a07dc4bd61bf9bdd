//! `cargo xtask stress`: many server-rendered pages at once, counting responses that never finish.
//! A release build on loopback with a fresh SQLite file; 64 keep-alive connections, each asking in
//! turn for the log-in page and every settings section with a logged-in session, until the count
//! (`STRESS_REQUESTS`, 20,000) or the time limit (`STRESS_SECONDS`, 120) is reached. A response
//! counts as unfinished when its last byte has not arrived 5 s after the request was sent.
//! `VESTIBULE_RUNTIME` is passed on, so both runtimes can be compared.

use crate::server::{Instance, PASSWORD, free_port};
use crate::{Result, build_release, root, tools};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 64;
const DEADLINE: Duration = Duration::from_secs(5);
const PAGES: [&str; 4] = ["/login", "/settings/profile", "/settings/preferences", "/settings/api-keys"];

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
    let cookie = log_in(port)?;
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

/// Logs the stress user in through the log-in server function and returns its session cookie.
fn log_in(port: u16) -> Result<String> {
    let body = format!("login=stress&password={}", PASSWORD.replace(' ', "+"));
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    write!(
        stream,
        "POST /fn/log_in HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).map_err(|e| e.to_string())?;
    answer
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .and_then(|c| c.split(';').next())
        .map(str::to_string)
        .ok_or_else(|| format!("log-in set no cookie:\n{answer}"))
}

/// One keep-alive GET, reading the whole body (length or chunked) within the deadline.
fn get(conn: &mut Option<BufReader<TcpStream>>, port: u16, path: &str, cookie: &str) -> std::io::Result<u16> {
    let deadline = Instant::now() + DEADLINE;
    if conn.is_none() {
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_nodelay(true)?;
        *conn = Some(BufReader::new(stream));
    }
    let Some(reader) = conn.as_mut() else { return Err(std::io::ErrorKind::NotConnected.into()) };
    write!(reader.get_mut(), "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n\r\n")?;
    let mut line = String::new();
    let read_line = |reader: &mut BufReader<TcpStream>, line: &mut String| -> std::io::Result<()> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        reader.get_ref().set_read_timeout(Some(left))?;
        line.clear();
        if reader.read_line(line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        Ok(())
    };
    read_line(reader, &mut line)?;
    let status: u16 = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (mut length, mut chunked) = (None, false);
    loop {
        read_line(reader, &mut line)?;
        let header = line.trim_end().to_ascii_lowercase();
        if header.is_empty() {
            break;
        }
        if let Some(n) = header.strip_prefix("content-length:") {
            length = n.trim().parse::<usize>().ok();
        }
        if header.starts_with("transfer-encoding:") && header.contains("chunked") {
            chunked = true;
        }
    }
    let skip = |reader: &mut BufReader<TcpStream>, n: usize| -> std::io::Result<()> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        reader.get_ref().set_read_timeout(Some(left))?;
        let copied = std::io::copy(&mut reader.by_ref().take(n as u64), &mut std::io::sink())?;
        if copied as usize == n { Ok(()) } else { Err(std::io::ErrorKind::UnexpectedEof.into()) }
    };
    if chunked {
        loop {
            read_line(reader, &mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| std::io::Error::other(format!("bad chunk size {line:?}")))?;
            skip(reader, size + 2)?;
            if size == 0 {
                break;
            }
        }
    } else if let Some(n) = length {
        skip(reader, n)?;
    }
    Ok(status)
}
