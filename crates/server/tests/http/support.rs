//! The harness: a real server on a random port, over a fresh SQLite file or a fresh PostgreSQL
//! database, and small helpers to call the server functions and look into the database.

use crate::smtp::Smtp;
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use vestibule_server::AppState;
use vestibule_service::{Settings, Vestibule};

/// A strong password every scenario can use (≥ 15 characters, unrelated words).
pub const PASSWORD: &str = "correct horse battery staple 42";
/// The session cookie's name when the site is reached over plain http (as in these tests).
pub const COOKIE: &str = "vestibule_session";
/// A request that takes longer fails the test instead of hanging it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A running server and everything a scenario needs to look behind it.
pub struct TestApp {
    pub engine: Engine,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
    pub v: Vestibule,
    pub settings: Settings,
    pub data_dir: PathBuf,
    /// The settings given on top of the test defaults; the CLI gets them too.
    extra_vars: Vec<(String, String)>,
    /// The SMTP server this app mails to (started for it), or `None` when the test gave its own
    /// `VESTIBULE_SMTP_URL`.
    pub smtp: Option<Arc<Smtp>>,
    /// The PostgreSQL database of this test, and the administrative URL that created it.
    pg: Option<(String, String)>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// One answer from the server, read to the end.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as text; a server function's postcard answer as the JSON of its value.
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): status {} body {:?}", self.status, self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The session token this answer sets, if it sets one (an empty value clears the cookie).
    pub fn session_cookie(&self) -> Option<String> {
        self.set_cookies().into_iter().find_map(|c| {
            c.split(';').next().and_then(|pair| pair.trim().strip_prefix(&format!("{COOKIE}="))).map(str::to_string)
        })
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).map(str::to_string).collect()
    }

    /// Asserts a successful server-function call that tells the client to go to `target`.
    #[track_caller]
    pub fn assert_redirects_to(&self, target: &str) {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.body);
        assert!(self.headers.contains_key("serverfnredirect"), "no serverfnredirect header: {:?}", self.headers);
        assert_eq!(self.header("location"), Some(target), "{:?}", self.headers);
    }

    /// Asserts an error answer: its status and its JSON body (the `UserError`).
    #[track_caller]
    /// Compares the error's words; field errors also carry their data (`error`) for the page to
    /// translate, which is not compared here.
    pub fn assert_error(&self, status: u16, body: Value) {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        fn words_only(mut body: Value) -> Value {
            if let Some(fields) = body.get_mut("Invalid").and_then(Value::as_array_mut) {
                for field in fields {
                    if let Some(field) = field.as_object_mut() {
                        field.remove("error");
                    }
                }
            }
            body
        }
        assert_eq!(words_only(self.json()), words_only(body));
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn unique() -> String {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    format!("{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst), nanos)
}

fn admin_url() -> String {
    std::env::var("VESTIBULE_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// The same server and credentials as `url`, another database.
fn with_database(url: &str, database: &str) -> String {
    let (url, query) = match url.split_once('?') {
        Some((u, q)) => (u, format!("?{q}")),
        None => (url, String::new()),
    };
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let base = match url[authority_start..].find('/') {
        Some(slash) => &url[..authority_start + slash],
        None => url,
    };
    format!("{base}/{database}{query}")
}

async fn admin_connection(url: &str) -> Result<sqlx::PgConnection, String> {
    use sqlx::Connection;
    match tokio::time::timeout(Duration::from_secs(10), sqlx::PgConnection::connect(url)).await {
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("timed out after 10 s".to_string()),
    }
}

/// Names the running test in the file `cargo xtask test` passes in `VESTIBULE_TEST_SKIPPED_FILE`:
/// cargo counts a test that returns early as passed and hides what it prints, so the test command
/// counts the skipped ones from this file.
pub(crate) fn record_skip() {
    use std::io::Write;
    let Some(path) = std::env::var_os("VESTIBULE_TEST_SKIPPED_FILE") else { return };
    // libtest runs each test on a thread named after it.
    let test = std::thread::current().name().unwrap_or("unnamed test").to_string();
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(format!("{test}\n").as_bytes()));
    if let Err(e) = written {
        panic!("cannot record the skipped test {test} in {}: {e}", Path::new(&path).display());
    }
}

/// Starts a server on a fresh database; `None` when PostgreSQL is wanted but not there (outside CI).
pub async fn spawn_app(engine: Engine) -> Option<TestApp> {
    spawn_app_with(engine, &[]).await
}

/// Like `spawn_app`, with extra settings (`VESTIBULE_MAX_KEYS_PER_USER`, say) on top of the test defaults.
pub async fn spawn_app_with(engine: Engine, extra_vars: &[(&str, &str)]) -> Option<TestApp> {
    let id = unique();
    let data_dir = std::env::temp_dir().join(format!("vestibule_test_{id}"));
    let mut vars = vec![
        ("VESTIBULE_DATA_DIR".to_string(), data_dir.display().to_string()),
        ("VESTIBULE_DB_MAX_CONNECTIONS".to_string(), "5".to_string()),
        ("VESTIBULE_HASH_CONCURRENCY".to_string(), "2".to_string()),
        // Scenarios mail links back to back; `link_mails_are_limited` turns the limit on.
        ("VESTIBULE_LINK_MAIL_INTERVAL_SECONDS".to_string(), "0".to_string()),
    ];
    let mut pg = None;
    if engine == Engine::Postgres {
        let admin = admin_url();
        let mut conn = match admin_connection(&admin).await {
            Ok(conn) => conn,
            Err(e) => {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("PostgreSQL unreachable at {admin} (CI=true, so this fails): {e}");
                }
                eprintln!(
                    "\n*** SKIPPED: PostgreSQL unreachable at {admin}: {e}\n\
                     *** (set VESTIBULE_TEST_POSTGRES_URL, or CI=true to make this an error)\n"
                );
                record_skip();
                return None;
            }
        };
        let database = format!("vestibule_test_{id}");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{database}\"")))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("CREATE DATABASE {database}: {e}"));
        vars.push(("DATABASE_URL".to_string(), with_database(&admin, &database)));
        pg = Some((database, admin));
    }
    let mut extra_vars: Vec<(String, String)> =
        extra_vars.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect();
    // Every app mails through a real SMTP server of its own, unless the test brought one.
    let smtp = (!extra_vars.iter().any(|(name, _)| name == "VESTIBULE_SMTP_URL")).then(|| {
        let smtp = Arc::new(Smtp::started(&[]));
        extra_vars.push(("VESTIBULE_SMTP_URL".to_string(), smtp.url()));
        smtp
    });
    vars.extend(extra_vars.iter().cloned());
    let settings = Settings::from_vars(vars).expect("test settings are valid");
    let v = Vestibule::start(settings.clone()).await.unwrap_or_else(|e| panic!("Vestibule::start on {engine:?}: {e}"));
    let leptos_options = leptos::config::LeptosOptions::builder()
        .output_name("vestibule")
        .site_root("target/site")
        .site_pkg_dir("pkg")
        .env(leptos::config::Env::PROD)
        .build();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    let server = tokio::spawn(vestibule_server::serve(
        listener,
        AppState { leptos_options, vestibule: v.clone() },
        std::future::pending(),
    ));
    Some(TestApp { engine, base: format!("http://{addr}"), v, settings, data_dir, extra_vars, smtp, pg, server })
}

/// Runs a scenario on a fresh app and cleans up afterwards, also when the scenario fails.
pub async fn run<F, Fut>(engine: Engine, scenario: F)
where
    F: FnOnce(Arc<TestApp>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    run_on(spawn_app(engine).await, scenario).await;
}

/// `run` on an app started with extra settings.
pub async fn run_with<F, Fut>(engine: Engine, extra_vars: &[(&str, &str)], scenario: F)
where
    F: FnOnce(Arc<TestApp>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    run_on(spawn_app_with(engine, extra_vars).await, scenario).await;
}

async fn run_on<F, Fut>(app: Option<TestApp>, scenario: F)
where
    F: FnOnce(Arc<TestApp>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(app) = app else {
        return;
    };
    let app = Arc::new(app);
    let outcome = tokio::spawn(scenario(app.clone())).await;
    match Arc::try_unwrap(app) {
        Ok(app) => app.finish().await,
        Err(_) => eprintln!("the scenario kept a reference to the app; not cleaned up"),
    }
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

impl TestApp {
    /// Waits until the outbox has no job left to do (the server's worker delivers them; this also
    /// delivers what is due, so a test need not wait for the worker's next look).
    pub async fn mail_settled(&self) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            vestibule_service::worker::deliver_due(&self.v, vestibule_service::now_ms()).await.expect("outbox pass");
            let pending = vestibule_service::outbox::status(&self.v).await.expect("outbox status").waiting();
            if pending == 0 {
                return;
            }
            if tokio::time::Instant::now() >= deadline {
                let errors: Vec<Option<String>> = sqlx::query_scalar("SELECT last_error FROM outbox")
                    .fetch_all(&self.v.db.pool)
                    .await
                    .unwrap_or_default();
                panic!("{pending} outbox jobs still pending after 10 s: {errors:?}");
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Every mail received for `to` (oldest first), as `mails_received` gives them.
    pub async fn mails_to(&self, to: &str) -> Vec<String> {
        self.mails_received()
            .await
            .into_iter()
            .filter(|m| {
                m.to.iter().any(|r| r.trim_matches(|c| c == '<' || c == '>').eq_ignore_ascii_case(to))
                    || m.data.contains(&format!("\r\nTo: {to}\r\n"))
            })
            .map(|m| m.data)
            .collect()
    }

    /// Every mail this app's SMTP server has received (oldest first), once the outbox has nothing
    /// left to do, with quoted-printable soft breaks undone.
    pub async fn mails_received(&self) -> Vec<crate::smtp::Received> {
        self.mail_settled().await;
        let smtp = self.smtp.as_ref().expect("the test gave its own VESTIBULE_SMTP_URL: read its server");
        let mut mails = smtp.messages();
        for mail in &mut mails {
            mail.data = mail.data.replace("=\r\n", "").replace("=3D", "=");
        }
        mails
    }

    /// The newest mail received for `to`.
    pub async fn mail_to(&self, to: &str) -> String {
        self.mails_to(to).await.pop().unwrap_or_else(|| panic!("no mail to {to}"))
    }

    /// Stops the server, closes the pool, drops the PostgreSQL database and removes the data directory.
    pub async fn finish(self) {
        self.server.abort();
        let _ = self.server.await;
        let pool = &self.v.db.pool;
        if tokio::time::timeout(Duration::from_secs(10), pool.close()).await.is_err() {
            eprintln!(
                "warning: the pool did not close within 10 s ({} connections, {} idle)",
                pool.size(),
                pool.num_idle()
            );
        }
        if let Some((database, admin)) = &self.pg {
            match admin_connection(admin).await {
                Ok(mut conn) => {
                    if let Err(e) = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"
                    )))
                    .execute(&mut conn)
                    .await
                    {
                        eprintln!("could not drop {database}: {e}");
                    }
                }
                Err(e) => eprintln!("could not drop {database}: {e}"),
            }
        }
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("reqwest client")
    }

    /// A client without a cookie store, for replaying a cookie by hand.
    pub fn bare_client(&self) -> reqwest::Client {
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("reqwest client")
    }

    /// POSTs a form to a server function (`/fn/<name>`) as the server-function client does.
    pub async fn call(&self, client: &reqwest::Client, name: &str, form: &[(&str, &str)]) -> Reply {
        self.send(client.post(self.url(&format!("/fn/{name}"))).header(header::ACCEPT, "application/json").form(form))
            .await
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let (client, request) = request.build_split();
        let request = request.expect("a valid request");
        let what = format!("{} {}", request.method(), request.url());
        let function = request.url().path().strip_prefix("/fn/").map(str::to_string);
        let response = client.execute(request).await.unwrap_or_else(|e| panic!("{what}: {e}"));
        let status = response.status();
        let headers = response.headers().clone();
        let mut response = response;
        let mut bytes = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(e) => {
                    let text = String::from_utf8_lossy(&bytes);
                    let tail = &text[text.floor_char_boundary(text.len().saturating_sub(400))..];
                    panic!(
                        "{what}: reading the body: {e} (status {status}, {} bytes so far, ending {tail:?})",
                        bytes.len()
                    );
                }
            }
        }
        let postcard = headers.get(header::CONTENT_TYPE).is_some_and(|t| t == "application/x-postcard");
        let body = match function {
            // The browser decodes any refusal of a server call as the function's error, whoever wrote it.
            Some(name)
                if headers.contains_key("serverfnerror") || status.is_client_error() || status.is_server_error() =>
            {
                crate::answers::as_json(&name, true, &bytes)
            }
            Some(name) if postcard => crate::answers::as_json(&name, false, &bytes),
            _ => String::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not a UTF-8 body: {e}")),
        };
        Reply { status, headers, body }
    }

    pub async fn get(&self, client: &reqwest::Client, path: &str) -> Reply {
        self.send(client.get(self.url(path))).await
    }

    pub async fn sign_up(&self, client: &reqwest::Client, username: &str, email: &str, password: &str) -> Reply {
        self.call(client, "sign_up", &[("username", username), ("email", email), ("password", password)]).await
    }

    /// Signs up with the shared password and asserts it worked; returns the session token.
    pub async fn signed_up(&self, client: &reqwest::Client, username: &str, email: &str) -> String {
        let reply = self.sign_up(client, username, email, PASSWORD).await;
        reply.assert_redirects_to("/settings");
        reply.session_cookie().expect("sign-up sets the session cookie")
    }

    pub async fn log_in(&self, client: &reqwest::Client, login: &str, password: &str, next: Option<&str>) -> Reply {
        let mut form = vec![("login", login), ("password", password)];
        if let Some(next) = next {
            form.push(("next", next));
        }
        self.call(client, "log_in", &form).await
    }

    pub async fn log_out(&self, client: &reqwest::Client) -> Reply {
        self.call(client, "log_out", &[]).await
    }

    /// `/fn/me`: the account as JSON, or `Value::Null` without a session.
    pub async fn me(&self, client: &reqwest::Client) -> Value {
        let reply = self.call(client, "me", &[]).await;
        assert_eq!(reply.status, StatusCode::OK, "/fn/me: {}", reply.body);
        reply.json()
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar::<_, i64>(sql).fetch_one(&self.v.db.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Runs SQL behind the service's back (to age a session, say), then empties the caches, as
    /// their time-to-live would a moment later: the next request sees the change.
    pub async fn exec(&self, sql: &'static str) -> u64 {
        let rows =
            sqlx::query(sql).execute(&self.v.db.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}")).rows_affected();
        self.v.forget_all();
        rows
    }

    pub async fn user_id(&self, username: &str) -> i64 {
        sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE username = $1")
            .bind(username)
            .fetch_one(&self.v.db.pool)
            .await
            .unwrap_or_else(|e| panic!("no user {username}: {e}"))
    }

    /// Runs the `vestibule` binary against this test's database, with `stdin` as its input.
    pub async fn cli(&self, args: &[&str], stdin: &str) -> std::process::Output {
        self.cli_with(args, stdin, &[]).await
    }

    /// The `vestibule` binary with this test's settings (data directory, database, extra settings).
    fn binary(&self) -> std::process::Command {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_vestibule"));
        for (name, _) in std::env::vars() {
            if name.starts_with("VESTIBULE_") || name == "DATABASE_URL" || name.starts_with("LEPTOS_") {
                command.env_remove(name);
            }
        }
        command.env("VESTIBULE_DATA_DIR", &self.data_dir).env("VESTIBULE_LOG", "warn");
        if let Some(url) = &self.settings.database_url {
            command.env("DATABASE_URL", url.expose());
        }
        command.envs(self.extra_vars.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        command
    }

    /// A second server: `vestibule serve` in its own process on this test's database (the API only:
    /// the test binary has no built site). Stopped when dropped.
    pub async fn another_process(&self) -> OtherProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let mut command = self.binary();
        command
            .arg("serve")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_HASH_FILES", "false")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::inherit());
        let mut child =
            OtherProcess { base: format!("http://127.0.0.1:{port}"), child: command.spawn().expect("vestibule serve") };
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            if let Ok(Some(status)) = child.child.try_wait() {
                panic!("the second vestibule serve exited: {status}");
            }
            assert!(tokio::time::Instant::now() < deadline, "the second server did not listen within 30 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        child
    }

    /// A second instance in this process on this test's database, with its own pool and caches
    /// whose entries live `ttl` (its own listener for other instances' changes too). Stopped when
    /// the handle is dropped.
    pub async fn another_instance(&self, ttl: Duration) -> OtherInstance {
        use vestibule_service::cache::UserCache;
        let mut v = Vestibule::start(self.settings.clone()).await.expect("a second instance starts");
        v.key_cache = Arc::new(UserCache::with_ttl(ttl));
        v.session_cache = Arc::new(UserCache::with_ttl(ttl));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        let options =
            leptos::config::LeptosOptions::builder().output_name("vestibule").site_root("target/site").build();
        let server = tokio::spawn(vestibule_server::serve(
            listener,
            AppState { leptos_options: options, vestibule: v.clone() },
            std::future::pending(),
        ));
        OtherInstance { base, v, server }
    }

    /// `cli` with extra environment variables (e.g. `VESTIBULE_LOG=info`, to see its log lines).
    pub async fn cli_with(&self, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> std::process::Output {
        let mut command = self.binary();
        command
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        command.envs(env.iter().copied());
        let stdin = stdin.to_string();
        tokio::task::spawn_blocking(move || {
            use std::io::Write;
            let mut child = command.spawn().expect("start the vestibule binary");
            child.stdin.take().expect("piped stdin").write_all(stdin.as_bytes()).expect("write the password");
            child.wait_with_output().expect("vestibule binary output")
        })
        .await
        .expect("CLI task")
    }

    /// `vestibule serve` as a process of its own on this test's database and data directory, on a
    /// port the system picks; `env` on top of the test's settings.
    pub fn spawn_server(&self, env: &[(&str, &str)]) -> std::process::Child {
        let mut command = self.binary();
        command
            .arg("serve")
            // Leptos' defaults (no Leptos.toml here, no hashed bundle needed): pages are not asked for.
            .env("LEPTOS_OUTPUT_NAME", "vestibule")
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .envs(env.iter().copied())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null());
        command.spawn().expect("start vestibule serve")
    }

    /// The SQLite file and its write-ahead log, as raw bytes (empty for PostgreSQL).
    pub fn sqlite_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        for name in ["vestibule.db", "vestibule.db-wal"] {
            let path: &Path = &self.data_dir.join(name);
            if let Ok(b) = std::fs::read(path) {
                bytes.extend(b);
            }
        }
        bytes
    }
}

/// `vestibule serve` in a process of its own, killed when dropped.
pub struct OtherProcess {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    child: std::process::Child,
}

impl Drop for OtherProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A second instance served from this process; its server and pool stop when dropped.
pub struct OtherInstance {
    pub base: String,
    pub v: Vestibule,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Drop for OtherInstance {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Everything logged through `tracing` in this test binary from the first call on (all tests, all
/// threads): the first call installs a global subscriber that writes into memory.
pub fn captured_logs() -> String {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    let logs = LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = logs.clone();
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
            .with_ansi(false)
            .with_writer(move || Capture(sink.clone()))
            .try_init()
            .expect("no other global tracing subscriber in this test binary");
        logs
    });
    String::from_utf8_lossy(&logs.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
