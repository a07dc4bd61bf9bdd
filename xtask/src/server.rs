//! A real `vestibule` on loopback with a fresh SQLite data dir, for the commands that load or fuzz
//! it (`bench`, the fuzzer of `test`): the operator CLI against that data, and `serve` until dropped.

use crate::{Result, root};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The password of the administrator each instance gets (stdin of `vestibule user create`).
pub const PASSWORD: &str = "correct horse battery staple 42";

pub struct Instance {
    bin: PathBuf,
    pub data: PathBuf,
    /// Settings every command of this instance gets (`DATABASE_URL`, say).
    env: Vec<(String, String)>,
}

impl Instance {
    /// A fresh data dir for `bin`, named after what uses it; removed when the instance is dropped.
    pub fn new(bin: PathBuf, name: &str) -> Result<Self> {
        let data = std::env::temp_dir().join(format!("vestibule-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
        Ok(Self { bin, data, env: Vec::new() })
    }

    /// The same, with settings for every command (the CLI and `serve`).
    pub fn with_env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.to_string(), value.to_string()));
        self
    }

    /// Runs an operator command on this instance's data and returns what it printed.
    pub fn cli(&self, args: &[&str], stdin: &str) -> Result<String> {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("vestibule {args:?}: {e}"))?;
        child.stdin.take().map(|mut s| s.write_all(stdin.as_bytes()));
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(format!("vestibule {args:?} failed"));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// `vestibule serve` on `127.0.0.1:port` with these extra settings, once it accepts connections.
    pub fn serve(&self, port: u16, settings: &[(&str, &str)]) -> Result<Server> {
        let child = self
            .command()
            .arg("serve")
            .current_dir(root())
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .envs(settings.iter().copied())
            .spawn()
            .map_err(|e| format!("vestibule serve: {e}"))?;
        let mut server = Server(child);
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            // Ours must still be running: otherwise whatever else holds the port would be tested.
            if let Ok(Some(status)) = server.0.try_wait() {
                return Err(format!("vestibule serve exited ({status}); is port {port} taken?"));
            }
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(server);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err("the server did not start within 30 s".into())
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.bin);
        cmd.env("VESTIBULE_DATA_DIR", &self.data).env("VESTIBULE_LOG", "warn");
        cmd.envs(self.env.iter().map(|(n, v)| (n, v)));
        cmd
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

/// A running `vestibule serve`, stopped when dropped.
pub struct Server(Child);

impl Server {
    /// Resident memory now and at its peak, in bytes (Linux' /proc).
    pub fn memory(&self) -> Result<(u64, u64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.0.id())).map_err(|e| e.to_string())?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                .map(|kb| kb * 1024)
                .ok_or(format!("no {name} in /proc/{}/status", self.0.id()))
        };
        Ok((field("VmRSS:")?, field("VmHWM:")?))
    }

    /// How many threads the server runs now.
    pub fn threads(&self) -> u64 {
        std::fs::read_dir(format!("/proc/{}/task", self.0.id())).map(|d| d.count() as u64).unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}
