//! A real SMTP server for the tests: mailin's SMTP state machine (the protocol, without TLS) on a
//! thread per connection. It keeps every message it accepts, refuses some recipients for good (550),
//! can answer slowly, and can be started late, on a port reserved earlier, so that a test sees the
//! mail server down and then up.

use mailin::response::{INTERNAL_ERROR, NO_MAILBOX, OK, START_DATA};
use mailin::{Action, Handler, Response, SessionBuilder};
use std::io::{BufRead, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    pub data: String,
}

impl Received {
    /// The `Message-ID` header's value.
    pub fn message_id(&self) -> String {
        header(&self.data, "Message-ID").unwrap_or_else(|| panic!("no Message-ID in {}", self.data))
    }
}

fn header(data: &str, name: &str) -> Option<String> {
    data.lines()
        .find_map(|line| line.strip_prefix(name).and_then(|rest| rest.strip_prefix(':')))
        .map(|value| value.trim().to_string())
}

/// Where the server will listen (reserved now), what it has received, and whom it refuses.
pub struct Smtp {
    pub addr: SocketAddr,
    pub received: Arc<Mutex<Vec<Received>>>,
    refuse: Arc<Vec<String>>,
    /// How long the server waits after a message's data before it answers (a slow server).
    pub delay_ms: Arc<AtomicU64>,
    /// Messages whose data has begun to arrive.
    pub data_started: Arc<AtomicUsize>,
}

impl Smtp {
    /// Reserves a port without answering on it yet: connections are refused until `start`.
    pub fn reserve(refuse: &[&str]) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        // Closed again: a connection now is refused, as with a mail server that is down. `start`
        // binds the same port again.
        drop(listener);
        Self {
            addr,
            received: Arc::default(),
            refuse: Arc::new(refuse.iter().map(|s| s.to_string()).collect()),
            delay_ms: Arc::default(),
            data_started: Arc::default(),
        }
    }

    /// A server that answers at once (on a port it never lets go, so no other socket takes it).
    pub fn started(refuse: &[&str]) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let smtp = Self {
            addr: listener.local_addr().expect("local address"),
            received: Arc::default(),
            refuse: Arc::new(refuse.iter().map(|s| s.to_string()).collect()),
            delay_ms: Arc::default(),
            data_started: Arc::default(),
        };
        smtp.serve(listener);
        smtp
    }

    /// `smtp://127.0.0.1:<port>` (plain SMTP on loopback).
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Starts answering on the reserved port (threads that live as long as the test process).
    pub fn start(&self) {
        let listener = TcpListener::bind(self.addr).unwrap_or_else(|e| panic!("bind {} again: {e}", self.addr));
        self.serve(listener);
    }

    fn serve(&self, listener: TcpListener) {
        let handler = Sink {
            received: self.received.clone(),
            refuse: self.refuse.clone(),
            delay_ms: self.delay_ms.clone(),
            data_started: self.data_started.clone(),
            to: Vec::new(),
            data: Vec::new(),
        };
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let handler = handler.clone();
                std::thread::spawn(move || converse(stream, handler));
            }
        });
    }

    pub fn messages(&self) -> Vec<Received> {
        self.messages_since(0)
    }

    /// The messages after the first `n`.
    pub fn messages_since(&self, n: usize) -> Vec<Received> {
        self.received.lock().unwrap().get(n..).map(<[Received]>::to_vec).unwrap_or_default()
    }
}

#[derive(Clone)]
struct Sink {
    received: Arc<Mutex<Vec<Received>>>,
    refuse: Arc<Vec<String>>,
    delay_ms: Arc<AtomicU64>,
    data_started: Arc<AtomicUsize>,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Sink {
    fn rcpt(&mut self, to: &str) -> Response {
        let to = to.trim_matches(|c| c == '<' || c == '>');
        if self.refuse.iter().any(|r| r == to) { NO_MAILBOX } else { OK }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        self.data_started.fetch_add(1, Ordering::SeqCst);
        START_DATA
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        std::thread::sleep(std::time::Duration::from_millis(self.delay_ms.load(Ordering::SeqCst)));
        let Ok(data) = String::from_utf8(std::mem::take(&mut self.data)) else {
            return INTERNAL_ERROR;
        };
        self.received.lock().unwrap().push(Received { to: std::mem::take(&mut self.to), data });
        OK
    }
}

/// One SMTP conversation, until the client quits or goes away.
fn converse(stream: TcpStream, handler: Sink) -> std::io::Result<()> {
    // A reply goes out in several small writes: without this, each waits for the client's delayed ACK.
    stream.set_nodelay(true)?;
    let mut session = SessionBuilder::new("smtp.test").build(stream.peer_addr()?.ip(), handler);
    let mut reader = std::io::BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    session.greeting().write_to(&mut writer)?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        // SMTPUTF8 (RFC 6531), as real servers offer it, so that addresses like `Ärger@example.com`
        // travel: mailin neither announces nor parses it; the address itself it takes as UTF-8.
        let is_mail = line.len() > 5 && line[..5].eq_ignore_ascii_case(b"MAIL ");
        if let Some(at) = line.windows(9).position(|w| w.eq_ignore_ascii_case(b" SMTPUTF8")).filter(|_| is_mail) {
            line.drain(at..at + 9);
        }
        let response = session.process(&line);
        let mut reply = Vec::new();
        response.write_to(&mut reply)?;
        if reply.starts_with(b"250-server offers extensions") {
            let text =
                String::from_utf8_lossy(&reply).replacen("250 8BITMIME\r\n", "250-8BITMIME\r\n250 SMTPUTF8\r\n", 1);
            reply = text.into_bytes();
        }
        match response.action {
            Action::Reply => writer.write_all(&reply)?,
            Action::Close | Action::UpgradeTls => return writer.write_all(&reply),
            Action::NoReply => {}
        }
    }
}
