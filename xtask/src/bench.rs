//! `cargo xtask bench`: the benchmarks of BENCHMARKS.md, on a release build over loopback.
//! For SQLite (a fresh file) and PostgreSQL (a fresh database on `BENCH_POSTGRES_URL`, default the
//! local server; skipped, and said so, when it cannot be reached), wrk with 64 connections against:
//! a bare handler (`/livez`, no database), an authenticated `GET /api/v1/me`,
//! `POST /api/v1/keys/verify`, the log-in page and the logged-in profile page; then the bare
//! handler and `/me` again under mixed load, while a second client commits 20 preference saves and
//! reads 20 pages a second with a session. The bare handler and `/me` are measured three times in
//! turn (`ROUNDS`), and the median run of each is reported. Last, a burst of 200 simultaneous log-ins (SQLite): the
//! API's p99 during it against idle, and the server's memory before and after. And the mail outbox
//! on both engines: 5,000 mails queued, then sent by the server to a real SMTP server on loopback
//! (`BENCH_PARTS=mail`): mails per second end to end, and how many were lost or came twice. And
//! build events posted by the platform (`BENCH_PARTS=events`), each mailing 5 people: events per
//! second with their latency, and every mail they queued delivered, none twice. And webhook
//! deliveries (`BENCH_PARTS=webhooks`): 5,000 queued at once, signed and sent by the server to a
//! receiver on loopback: deliveries per second, and how many were lost or came twice.

use crate::http::{get, log_in, post_form, status};
use crate::server::{Instance, PASSWORD, free_port};
use crate::{Result, build_release, cargo, output, root, sh, tools};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub fn run() -> Result {
    tools::ensure_build_tools()?;
    tools::wrk()?;
    // `BENCH_NO_BUILD=1` measures target/release as it is (after a build of your own).
    if std::env::var_os("BENCH_NO_BUILD").is_none() {
        build_release()?;
    }
    let seconds: u64 = std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(10);
    // `BENCH_PARTS=sqlite,postgres,burst,mail,events,webhooks` (the default: all six) reruns only some; `pages` alone
    // measures only the server-rendered pages against the bare handler (SQLite), for iterating on them.
    let parts = std::env::var("BENCH_PARTS").unwrap_or_else(|_| "sqlite,postgres,burst,mail,events,webhooks".into());
    let wanted = |part: &str| parts.split(',').any(|p| p.trim() == part);
    let mut tables = Vec::new();
    if wanted("pages") {
        tables.push(pages(seconds)?);
    }
    if wanted("sqlite") {
        tables.push(engine("SQLite", None, seconds)?);
    }
    if wanted("postgres") {
        match Postgres::create() {
            Ok(pg) => tables.push(engine("PostgreSQL", Some(&pg.url), seconds)?),
            Err(e) => println!("\nPostgreSQL: SKIPPED ({e}); set BENCH_POSTGRES_URL"),
        }
    }
    if wanted("burst") {
        tables.push(burst()?);
    }
    if wanted("mail") {
        tables.push(mail()?);
    }
    if wanted("events") {
        tables.push(events(seconds)?);
    }
    if wanted("webhooks") {
        tables.push(webhooks()?);
    }
    println!("\nwrk -t2 -c64 -d{seconds}s --latency, release build, loopback, 2 cores shared with wrk");
    for table in &tables {
        println!("{table}");
    }
    Ok(())
}

/// One engine's rows, printed as a Markdown table.
fn engine(name: &str, database_url: Option<&str>, seconds: u64) -> Result<String> {
    let mut instance =
        Instance::new(root().join("target/release/vestibule"), &format!("bench-{}", name.to_lowercase()))?;
    if let Some(url) = database_url {
        instance = instance.with_env("DATABASE_URL", url);
    }
    instance.cli(&["user", "create", "--username", "bench", "--email", "bench@example.com", "--admin"], PASSWORD)?;
    let key = instance.cli(
        &["key", "create", "--user", "bench", "--name", "bench", "--scope", "profile:read", "--scope", "keys:verify"],
        "",
    )?;
    let port = free_port()?;
    let _server = instance.serve(port, &[])?;
    let cookie = log_in(port, "bench")?;
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
    let session = format!("Cookie: {cookie}");
    let script = script.display().to_string();
    let wrk = |path: &str, extra: &[&str]| wrk(port, seconds, path, extra);
    println!("\n==> {name}: idle");
    wrk("/livez", &["-d2s"]).ok();
    let (bare, me) = alternating(|| wrk("/livez", &[]), || wrk("/api/v1/me", &["-H", &auth]))?;
    let verify = wrk("/api/v1/keys/verify", &["-H", &auth, "-s", &script])?;
    let login = wrk("/login", &[])?;
    let profile = wrk("/settings/profile", &["-H", &session])?;
    println!("==> {name}: mixed load (20 preference saves and 20 pages a second)");
    let ((mixed_bare, mixed_me), load) =
        with_mixed_load(port, &cookie, || alternating(|| wrk("/livez", &[]), || wrk("/api/v1/me", &["-H", &auth])))?;
    let mut table = format!(
        "\n{name}\n\n| load | endpoint | req/s | p50 ms | p99 ms | of bare | errors |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n"
    );
    for (load, endpoint, s, base) in [
        ("idle", "GET /livez (bare)", &bare, &bare),
        ("idle", "GET /api/v1/me", &me, &bare),
        ("idle", "POST /api/v1/keys/verify", &verify, &bare),
        ("idle", "GET /login", &login, &bare),
        ("idle", "GET /settings/profile (logged in)", &profile, &bare),
        ("mixed", "GET /livez (bare)", &mixed_bare, &mixed_bare),
        ("mixed", "GET /api/v1/me", &mixed_me, &mixed_bare),
    ] {
        table.push_str(&format!("| {load} | {endpoint} | {} |\n", s.cells(base)));
    }
    table.push_str(&format!(
        "\nmixed load achieved: {:.1} preference saves/s and {:.1} pages/s ({} failed)\n",
        load.saves_per_s, load.pages_per_s, load.failed
    ));
    if [&bare, &me, &verify, &login, &profile, &mixed_bare, &mixed_me].iter().any(|s| s.errors > 0) || load.failed > 0 {
        return Err(format!("{table}\nsome requests failed"));
    }
    Ok(table)
}

/// The bare handler, the log-in page and the logged-in profile page in turn (`ROUNDS` times), on
/// SQLite. The profile page twice: one session asking again and again is answered from the session
/// cache, which is what a user clicking through the settings gets; with the caches off
/// (`VESTIBULE_CACHE_MS=0`, a second server on the same file) every page looks its session up, which
/// is what many users each loading a page now and then get.
fn pages(seconds: u64) -> Result<String> {
    let instance = Instance::new(root().join("target/release/vestibule"), "bench-pages")?;
    instance.cli(&["user", "create", "--username", "bench", "--email", "bench@example.com"], PASSWORD)?;
    let (port, uncached_port) = (free_port()?, free_port()?);
    let _server = instance.serve(port, &[])?;
    let _uncached = instance.serve(uncached_port, &[("VESTIBULE_CACHE_MS", "0")])?;
    let session = format!("Cookie: {}", log_in(port, "bench")?);
    println!("\n==> pages (SQLite)");
    wrk(port, 2, "/livez", &[]).ok();
    let (mut bare, mut login, mut profile, mut uncached) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        bare.push(wrk(port, seconds, "/livez", &[])?);
        login.push(wrk(port, seconds, "/login", &[])?);
        profile.push(wrk(port, seconds, "/settings/profile", &["-H", &session])?);
        uncached.push(wrk(uncached_port, seconds, "/settings/profile", &["-H", &session])?);
    }
    let (bare, login, profile, uncached) = (median(bare), median(login), median(profile), median(uncached));
    let mut table = "\nPages (SQLite, median of 3)\n\n| endpoint | req/s | p50 ms | p99 ms | of bare | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |\n".to_string();
    for (endpoint, s) in [
        ("GET /livez (bare)", &bare),
        ("GET /login", &login),
        ("GET /settings/profile (logged in, session cached)", &profile),
        ("GET /settings/profile (logged in, caches off)", &uncached),
    ] {
        table.push_str(&format!("| {endpoint} | {} |\n", s.cells(&bare)));
    }
    if [&bare, &login, &profile, &uncached].iter().any(|s| s.errors > 0) {
        return Err(format!("{table}\nsome requests failed"));
    }
    Ok(table)
}

/// How many times the bare handler and `/me` are measured, in turn: this shared machine drifts by
/// ±15% between runs a minute apart, so one run each would compare the drift, not the handlers.
const ROUNDS: usize = 3;

/// `a` and `b` in turn, `ROUNDS` times each; for each the run with the median throughput.
fn alternating(a: impl Fn() -> Result<Stats>, b: impl Fn() -> Result<Stats>) -> Result<(Stats, Stats)> {
    let (mut first, mut second) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        first.push(a()?);
        second.push(b()?);
    }
    Ok((median(first), median(second)))
}

fn median(mut runs: Vec<Stats>) -> Stats {
    runs.sort_by(|x, y| x.rps.total_cmp(&y.rps));
    runs.swap_remove(runs.len() / 2)
}

struct Load {
    saves_per_s: f64,
    pages_per_s: f64,
    failed: u64,
}

/// Runs `measure` while a second client saves a preference 20 times a second and reads a settings
/// page 20 times a second with the session `cookie` (each commit or session touch is real).
fn with_mixed_load<T>(port: u16, cookie: &str, measure: impl FnOnce() -> Result<T>) -> Result<(T, Load)> {
    let stop = AtomicBool::new(false);
    let (saves, pages, failed) = (AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0));
    let start = Instant::now();
    let every = Duration::from_millis(50);
    let measured = std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut next = Instant::now();
            let mut dark = false;
            while !stop.load(Ordering::Relaxed) {
                dark = !dark;
                let body = format!("patch[theme]={}", if dark { "dark" } else { "light" });
                match post_form(port, "/fn/save_preferences", &body, Some(cookie)) {
                    Ok(answer) if status(&answer) == 200 => saves.fetch_add(1, Ordering::Relaxed),
                    _ => failed.fetch_add(1, Ordering::Relaxed),
                };
                next += every;
                std::thread::sleep(next.saturating_duration_since(Instant::now()));
            }
        });
        scope.spawn(|| {
            let mut conn = None;
            let mut next = Instant::now();
            let headers = format!("Cookie: {cookie}\r\n");
            while !stop.load(Ordering::Relaxed) {
                match get(&mut conn, port, "/settings/preferences", &headers) {
                    Ok(200) => pages.fetch_add(1, Ordering::Relaxed),
                    _ => {
                        conn = None;
                        failed.fetch_add(1, Ordering::Relaxed)
                    }
                };
                next += every;
                std::thread::sleep(next.saturating_duration_since(Instant::now()));
            }
        });
        std::thread::sleep(Duration::from_secs(1));
        let measured = measure();
        stop.store(true, Ordering::Relaxed);
        measured
    });
    let elapsed = start.elapsed().as_secs_f64();
    let load = Load {
        saves_per_s: saves.into_inner() as f64 / elapsed,
        pages_per_s: pages.into_inner() as f64 / elapsed,
        failed: failed.into_inner(),
    };
    Ok((measured?, load))
}

/// Mails queued at once (one `vestibule mail test --count` transaction), then sent by the server.
const MAILS: usize = 5_000;

/// The outbox on SQLite and on PostgreSQL: `MAILS` queued, sent by a running `vestibule serve` to
/// the tests' SMTP server (`examples/smtp_sink.rs`, a process of its own), timed until the last one
/// arrives; then a second to catch any sent twice.
fn mail() -> Result<String> {
    sh("build the tests' SMTP server", cargo().args(["build", "-p", "vestibule-server", "--example", "smtp_sink"]))?;
    let mut table = format!(
        "\nmail outbox, {MAILS} mails queued in one transaction, sent to a real SMTP server on loopback\n\n\
         | engine | queued in | all delivered after | mails/s | lost | sent twice |\n| --- | ---: | ---: | ---: | ---: | ---: |\n"
    );
    let pg = Postgres::create();
    let engines = engines(&pg, "mail");
    for (name, url) in engines {
        println!("\n==> mail: {name}");
        let sink = MailSink::start()?;
        let mut instance =
            Instance::new(root().join("target/release/vestibule"), &format!("bench-mail-{}", name.to_lowercase()))?
                .with_env("VESTIBULE_SMTP_URL", &sink.url);
        if let Some(url) = &url {
            instance = instance.with_env("DATABASE_URL", url);
        }
        instance.cli(&["migrate"], "")?;
        let port = free_port()?;
        let _server = instance.serve(port, &[])?;
        // Warm: one mail through the server's connection pool.
        instance.cli(&["mail", "test", "--to", "warm@example.com", "--queue-only"], "")?;
        sink.received.recv_timeout(Duration::from_secs(30)).map_err(|_| "the warm-up mail did not arrive")?;
        let start = Instant::now();
        let count = MAILS.to_string();
        instance.cli(&["mail", "test", "--to", "bench@example.com", "--count", &count, "--queue-only"], "")?;
        let queued = start.elapsed();
        let Delivered { unique, total, last } = sink.wait_for(MAILS, start);
        let took = last.duration_since(start).as_secs_f64();
        let lost = MAILS.saturating_sub(unique);
        let twice = total - unique;
        table.push_str(&format!(
            "| {name} | {:.0} ms | {:.2} s | {:.0} | {lost} | {twice} |\n",
            queued.as_secs_f64() * 1000.0,
            took,
            unique as f64 / took
        ));
        if lost > 0 || twice > 0 {
            return Err(format!("{table}\nmails were lost or sent twice"));
        }
    }
    Ok(table)
}

/// Webhook deliveries queued at once (one `vestibule webhook test --count` transaction).
const DELIVERIES: usize = 5_000;

/// The webhook queue on SQLite and on PostgreSQL: `DELIVERIES` test events queued for one endpoint,
/// signed and POSTed by a running `vestibule serve` to a receiver on loopback (`HookSink`), timed
/// until the last one arrives; then a second to catch any sent twice (counted by `webhook-id`).
fn webhooks() -> Result<String> {
    let mut table = format!(
        "\nwebhook deliveries, {DELIVERIES} queued in one transaction, signed and sent to a receiver on loopback\n\n\
         | engine | queued in | all delivered after | deliveries/s | lost | sent twice |\n| --- | ---: | ---: | ---: | ---: | ---: |\n"
    );
    let pg = Postgres::create();
    for (name, url) in engines(&pg, "webhooks") {
        println!("\n==> webhooks: {name}");
        let sink = HookSink::start()?;
        let mut instance =
            Instance::new(root().join("target/release/vestibule"), &format!("bench-hooks-{}", name.to_lowercase()))?
                .with_env("VESTIBULE_WEBHOOK_ALLOW_HOSTS", "127.0.0.1");
        if let Some(url) = &url {
            instance = instance.with_env("DATABASE_URL", url);
        }
        instance.cli(&["migrate"], "")?;
        instance.cli(&["user", "create", "--username", "bench", "--email", "bench@example.com"], PASSWORD)?;
        instance.cli(&["webhook", "add", "--user", "bench", "--url", &sink.url, "--event", "build.failed"], "")?;
        let port = free_port()?;
        let _server = instance.serve(port, &[])?;
        // Warm: one delivery through the server's client.
        instance.cli(&["webhook", "test", "--user", "bench"], "")?;
        sink.received.recv_timeout(Duration::from_secs(30)).map_err(|_| "the warm-up delivery did not arrive")?;
        let start = Instant::now();
        let count = DELIVERIES.to_string();
        instance.cli(&["webhook", "test", "--user", "bench", "--count", &count], "")?;
        let queued = start.elapsed();
        let Delivered { unique, total, last } = wait_for(&sink.received, DELIVERIES, start);
        let took = last.duration_since(start).as_secs_f64();
        let lost = DELIVERIES.saturating_sub(unique);
        let twice = total - unique;
        table.push_str(&format!(
            "| {name} | {:.0} ms | {:.2} s | {:.0} | {lost} | {twice} |\n",
            queued.as_secs_f64() * 1000.0,
            took,
            unique as f64 / took
        ));
        if lost > 0 || twice > 0 {
            return Err(format!("{table}\nwebhook deliveries were lost or sent twice"));
        }
    }
    Ok(table)
}

/// A webhook receiver on loopback, a thread per connection (HTTP/1.1, kept alive): answers 200 to
/// every POST and reports each `webhook-id` with the moment its request was read.
struct HookSink {
    url: String,
    received: std::sync::mpsc::Receiver<(String, Instant)>,
}

impl HookSink {
    fn start() -> Result<Self> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("receiver: {e}"))?;
        let url = format!("http://{}/hook", listener.local_addr().map_err(|e| e.to_string())?);
        let (ids, received) = std::sync::mpsc::channel::<(String, Instant)>();
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(|s| s.ok()) {
                let ids = ids.clone();
                std::thread::spawn(move || serve_hooks(stream, ids));
            }
        });
        Ok(Self { url, received })
    }
}

/// One connection's requests, until it closes.
fn serve_hooks(stream: std::net::TcpStream, ids: std::sync::mpsc::Sender<(String, Instant)>) {
    use std::io::{Read, Write};
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    loop {
        let (mut id, mut length) = (String::new(), 0usize);
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                match name.trim().to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    "webhook-id" => id = value.trim().to_string(),
                    _ => {}
                }
            }
        }
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let _ = ids.send((id, Instant::now()));
        if writer.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok").is_err() {
            return;
        }
    }
}

/// Waits until `expected` distinct ids came (giving up after a minute without one), then a second
/// more for any sent twice.
fn wait_for(received: &std::sync::mpsc::Receiver<(String, Instant)>, expected: usize, start: Instant) -> Delivered {
    let mut seen = std::collections::HashSet::new();
    let (mut total, mut last) = (0usize, start);
    while seen.len() < expected {
        let Ok((id, at)) = received.recv_timeout(Duration::from_secs(60)) else {
            break;
        };
        total += 1;
        seen.insert(id);
        last = at;
    }
    while let Ok((id, _)) = received.recv_timeout(Duration::from_secs(1)) {
        total += 1;
        seen.insert(id);
    }
    Delivered { unique: seen.len(), total, last }
}

/// People an events run names (`user000`…), and how many of them each event names.
const EVENT_USERS: usize = 100;
const EVENT_RECIPIENTS: usize = 5;

/// Build events from the platform on SQLite and on PostgreSQL: wrk posts `POST /api/v1/events` for
/// `seconds` over 16 connections, events of 20 pipelines, failures and successes in turn, each
/// naming 5 of 100 users who take build mails (`VESTIBULE_BUILD_MAIL_DEFAULT=success,failure`);
/// then every mail they queued is awaited at a real SMTP server on loopback.
fn events(seconds: u64) -> Result<String> {
    sh("build the tests' SMTP server", cargo().args(["build", "-p", "vestibule-server", "--example", "smtp_sink"]))?;
    let mut table = format!(
        "\nbuild events: wrk -t2 -c16 -d{seconds}s, {EVENT_RECIPIENTS} of {EVENT_USERS} users per event, every one mailed\n\n\
         | engine | events/s | p50 ms | p99 ms | errors | mails | all delivered after | mails/s | lost | sent twice |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    );
    let pg = Postgres::create();
    let engines = engines(&pg, "events");
    let now = output(Command::new("date").args(["-u", "+%Y-%m-%dT%H:%M:%SZ"])).ok_or("date -u")?.trim().to_string();
    for (name, url) in engines {
        println!("\n==> events: {name} (creating {EVENT_USERS} accounts)");
        let sink = MailSink::start()?;
        let mut instance =
            Instance::new(root().join("target/release/vestibule"), &format!("bench-events-{}", name.to_lowercase()))?
                .with_env("VESTIBULE_SMTP_URL", &sink.url)
                .with_env("VESTIBULE_BUILD_MAIL_DEFAULT", "success,failure");
        if let Some(url) = &url {
            instance = instance.with_env("DATABASE_URL", url);
        }
        instance.cli(
            &["user", "create", "--username", "platform", "--email", "platform@example.com", "--admin"],
            PASSWORD,
        )?;
        for i in 0..EVENT_USERS {
            let (user, email) = (format!("user{i:03}"), format!("user{i:03}@example.com"));
            instance.cli(&["user", "create", "--username", &user, "--email", &email], PASSWORD)?;
        }
        let key =
            instance.cli(&["key", "create", "--user", "platform", "--name", "ci", "--scope", "events:write"], "")?;
        let script = instance.data.join("events.lua");
        std::fs::write(&script, events_script(&key, &now)).map_err(|e| e.to_string())?;
        let port = free_port()?;
        let _server = instance.serve(port, &[])?;
        let start = Instant::now();
        let out = Command::new("wrk")
            .args(["-t2", "-c16", &format!("-d{seconds}s"), "--latency", "-s"])
            .arg(&script)
            .arg(format!("http://127.0.0.1:{port}/api/v1/events"))
            .output()
            .map_err(|e| format!("wrk: {e}"))?;
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let stats = Stats::parse(&text).ok_or_else(|| format!("could not read wrk's output:\n{text}"))?;
        if stats.errors > 0 {
            println!("{text}{}", String::from_utf8_lossy(&out.stderr));
        }
        let expected = (stats.requests - stats.errors) as usize * EVENT_RECIPIENTS;
        let Delivered { unique, total, last } = sink.wait_for(expected, start);
        let took = last.duration_since(start).as_secs_f64();
        let (lost, twice) = (expected.saturating_sub(unique), total - unique);
        table.push_str(&format!(
            "| {name} | {:.0} | {:.2} | {:.2} | {} | {unique} | {took:.2} s | {:.0} | {lost} | {twice} |\n",
            stats.rps,
            stats.p50,
            stats.p99,
            stats.errors,
            unique as f64 / took
        ));
        if lost > 0 || twice > 0 || stats.errors > 0 {
            return Err(format!("{table}\nevents failed, or mails were lost or sent twice"));
        }
    }
    Ok(table)
}

/// wrk's script for `events`: each request a new event (ids unique per thread and request), of one
/// of 20 pipelines, naming `EVENT_RECIPIENTS` different users; all at `now`.
fn events_script(key: &str, now: &str) -> String {
    format!(
        r#"local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {key}"
function request()
  n = n + 1
  local people = {{}}
  for k = 0, {last} do
    people[#people + 1] = string.format('"user%03d"', (n * 7 + k * 13 + tid) % {users})
  end
  local kind = (n % 2 == 0) and "build.succeeded" or "build.failed"
  local pipeline = (n + tid) % 20
  local body = string.format(
    '{{"id":"e%d-%d","type":"%s","occurred_at":"{now}","pipeline":{{"id":"p%d","name":"Pipeline %d"}},' ..
    '"build":{{"id":"b%d-%d","url":"https://ci.example.com/b/%d-%d","trigger":"git"}},"recipients":[%s]}}',
    tid, n, kind, pipeline, pipeline, tid, n, tid, n, table.concat(people, ","))
  return wrk.format(nil, nil, nil, body)
end
function response(status, headers, body)
  if status ~= 201 and not told then
    told = true
    print("first refusal: " .. status .. " " .. body)
  end
end
"#,
        last = EVENT_RECIPIENTS - 1,
        users = EVENT_USERS,
    )
}

/// The tests' SMTP server (`examples/smtp_sink.rs`) as a process of its own, stopped when dropped
/// (also when the benchmark fails): its address, and the Message-ID of each mail it accepts with
/// the moment it was read.
struct MailSink {
    child: std::process::Child,
    url: String,
    received: std::sync::mpsc::Receiver<(String, Instant)>,
}

/// What a `MailSink` received: distinct Message-IDs, all messages, and when the last one came.
struct Delivered {
    unique: usize,
    total: usize,
    last: Instant,
}

impl MailSink {
    fn start() -> Result<Self> {
        let mut child = Command::new(root().join("target/debug/examples/smtp_sink"))
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("smtp_sink: {e}"))?;
        let mut lines = BufReader::new(child.stdout.take().ok_or("smtp_sink stdout")?).lines();
        let url = match lines.next().and_then(|l| l.ok()) {
            Some(url) => url,
            None => {
                let _ = child.kill();
                return Err("smtp_sink printed no address".into());
            }
        };
        let (ids, received) = std::sync::mpsc::channel::<(String, Instant)>();
        std::thread::spawn(move || {
            for line in lines.map_while(|l| l.ok()) {
                if ids.send((line, Instant::now())).is_err() {
                    return;
                }
            }
        });
        Ok(Self { child, url, received })
    }

    /// Waits until `expected` distinct mails came, then a second more for any mail sent twice.
    fn wait_for(&self, expected: usize, start: Instant) -> Delivered {
        wait_for(&self.received, expected, start)
    }
}

impl Drop for MailSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// 200 simultaneous correct log-ins on SQLite, while 8 connections ask `GET /api/v1/me`.
fn burst() -> Result<String> {
    const LOG_INS: usize = 200;
    const API_CONNECTIONS: usize = 8;
    let instance = Instance::new(root().join("target/release/vestibule"), "bench-burst")?;
    instance.cli(&["user", "create", "--username", "burst", "--email", "burst@example.com"], PASSWORD)?;
    let key = instance.cli(&["key", "create", "--user", "burst", "--name", "burst", "--scope", "profile:read"], "")?;
    let port = free_port()?;
    let server = instance.serve(port, &[])?;
    let auth = format!("Authorization: Bearer {key}\r\n");
    println!("\n==> burst: {LOG_INS} simultaneous log-ins, {API_CONNECTIONS} connections on GET /api/v1/me");
    // Warm: one log-in (the first hash allocates), then the API alone.
    log_in(port, "burst")?;
    let idle = api_latencies(port, &auth, API_CONNECTIONS, Duration::from_secs(3), || Ok(()))?;
    let (idle_rss, _) = server.memory()?;
    let mut took = Duration::ZERO;
    let mut failed = 0;
    let during = api_latencies(port, &auth, API_CONNECTIONS, Duration::ZERO, || {
        let start = Instant::now();
        let barrier = std::sync::Barrier::new(LOG_INS);
        failed = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..LOG_INS)
                .map(|_| {
                    scope.spawn(|| {
                        barrier.wait();
                        let failed = log_in(port, "burst").err();
                        if let Some(e) = &failed {
                            eprintln!("burst: a log-in failed: {}", e.chars().take(600).collect::<String>());
                        }
                        failed.is_some()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or(true)).filter(|failed| *failed).count()
        });
        took = start.elapsed();
        Ok(())
    })?;
    std::thread::sleep(Duration::from_secs(1));
    let (after_rss, peak_rss) = server.memory()?;
    let threads = server.threads();
    // The server's default hash concurrency (crates/service/src/config.rs): every core but one.
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2) as u64;
    let permits = cores.saturating_sub(1).max(1);
    let mib = |b: u64| b as f64 / 1_048_576.0;
    let allowed = idle_rss + permits * 20 * 1_048_576 + 20_000_000;
    let mut out = format!(
        "\nLog-in burst (SQLite, hash concurrency {permits})\n\n\
         | log-ins | failed | took s | API p99 idle ms | API p99 during ms | ratio | RSS idle MiB | RSS after MiB | RSS peak MiB | allowed after MiB | threads after |\n\
         | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n\
         | {LOG_INS} | {failed} | {:.1} | {:.2} | {:.2} | {:.1}x | {:.0} | {:.0} | {:.0} | {:.0} | {threads} |\n",
        took.as_secs_f64(),
        idle.p99,
        during.p99,
        during.p99 / idle.p99,
        mib(idle_rss),
        mib(after_rss),
        mib(peak_rss),
        mib(allowed),
    );
    out.push_str(&format!("API requests: {} idle, {} during the burst\n", idle.count, during.count));
    if failed > 0 {
        return Err(format!("{out}\n{failed} log-ins failed"));
    }
    Ok(out)
}

struct Latencies {
    p99: f64,
    count: usize,
}

/// Runs `connections` keep-alive clients on `GET /api/v1/me` for `at_least`, and for as long as
/// `during` runs; their p99 in ms.
fn api_latencies(
    port: u16,
    auth: &str,
    connections: usize,
    at_least: Duration,
    during: impl FnOnce() -> Result,
) -> Result<Latencies> {
    let stop = AtomicBool::new(false);
    let errors = AtomicU64::new(0);
    let all = std::sync::Mutex::new(Vec::new());
    let outcome = std::thread::scope(|scope| {
        for _ in 0..connections {
            scope.spawn(|| {
                let mut conn = None;
                let mut mine = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let began = Instant::now();
                    match get(&mut conn, port, "/api/v1/me", auth) {
                        Ok(200) => mine.push(began.elapsed()),
                        _ => {
                            conn = None;
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
                all.lock().unwrap_or_else(|e| e.into_inner()).extend(mine);
            });
        }
        // Let the connections open first.
        std::thread::sleep(Duration::from_millis(300));
        let start = Instant::now();
        let outcome = during();
        std::thread::sleep(at_least.saturating_sub(start.elapsed()));
        stop.store(true, Ordering::Relaxed);
        outcome
    });
    outcome?;
    if errors.into_inner() > 0 {
        return Err("some API requests failed".into());
    }
    let mut all = all.into_inner().unwrap_or_else(|e| e.into_inner());
    all.sort();
    let p99 = all.get(all.len() * 99 / 100).map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    Ok(Latencies { p99, count: all.len() })
}

/// SQLite, and PostgreSQL when `pg` could be made (else said so): (name, `DATABASE_URL`).
fn engines(pg: &Result<Postgres>, part: &str) -> Vec<(&'static str, Option<String>)> {
    match pg {
        Ok(pg) => vec![("SQLite", None), ("PostgreSQL", Some(pg.url.clone()))],
        Err(e) => {
            println!("\nPostgreSQL: SKIPPED for {part} ({e}); set BENCH_POSTGRES_URL");
            vec![("SQLite", None)]
        }
    }
}

/// A fresh database on the PostgreSQL server, dropped when done (via `psql`).
struct Postgres {
    admin: String,
    name: String,
    url: String,
}

impl Postgres {
    fn create() -> Result<Self> {
        let admin = std::env::var("BENCH_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string());
        let name = format!("vestibule_bench_{}", std::process::id());
        let psql = |sql: &str| output(Command::new("psql").args([admin.as_str(), "-qAt", "-c", sql]));
        psql(&format!("DROP DATABASE IF EXISTS {name}"));
        psql(&format!("CREATE DATABASE {name}")).ok_or(format!("psql {admin}: cannot create {name}"))?;
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
        let url = format!("{base}/{name}");
        Ok(Self { admin, name, url })
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let _ = output(Command::new("psql").args([self.admin.as_str(), "-qAt", "-c", &sql]));
    }
}

fn wrk(port: u16, seconds: u64, path: &str, extra: &[&str]) -> Result<Stats> {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t2", "-c64", &format!("-d{seconds}s"), "--latency"])
        .args(extra)
        .arg(format!("http://127.0.0.1:{port}{path}"));
    let out = cmd.output().map_err(|e| format!("wrk: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    Stats::parse(&text).ok_or_else(|| format!("could not read wrk's output:\n{text}"))
}

struct Stats {
    /// Requests completed in the run.
    requests: u64,
    rps: f64,
    p50: f64,
    p99: f64,
    errors: u64,
}

impl Stats {
    /// `req/s | p50 ms | p99 ms | of bare | errors`, the bare handler's run being `base`.
    fn cells(&self, base: &Stats) -> String {
        let share = 100.0 * self.rps / base.rps;
        format!("{:.0} | {:.2} | {:.2} | {share:.0}% | {}", self.rps, self.p50, self.p99, self.errors)
    }

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
        // `  123456 requests in 10.01s, 12.34MB read`
        let requests = text.lines().find(|l| l.contains(" requests in "))?.split_whitespace().next()?.parse().ok()?;
        Some(Self { requests, rps, p50: millis(&field("50%")?)?, p99: millis(&field("99%")?)?, errors })
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
