//! Plain HTTP/1.1 over std's `TcpStream`, enough for the load commands: log in, post a form, and
//! keep-alive GETs read to their last byte within a deadline.

use crate::Result;
use crate::server::PASSWORD;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A response whose last byte has not arrived this long after the request counts as unfinished.
pub const DEADLINE: Duration = Duration::from_secs(5);

/// Logs `user` in through the log-in server function and returns its session cookie.
pub fn log_in(port: u16, user: &str) -> Result<String> {
    let answer = post_form(port, "/fn/log_in", &format!("login={user}&password={}", PASSWORD.replace(' ', "+")), None)?;
    answer
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .and_then(|c| c.split(';').next())
        .map(str::to_string)
        .ok_or_else(|| format!("log-in set no cookie:\n{answer}"))
}

/// A form POST to a server function on a fresh connection (`Connection: close`); the whole answer.
pub fn post_form(port: u16, path: &str, body: &str, cookie: Option<&str>) -> Result<String> {
    let cookie = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n{cookie}\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    // The head is text; a server function's body is postcard, binary.
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

/// The status code of a whole HTTP answer.
pub fn status(answer: &str) -> u16 {
    answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// One keep-alive GET, reading the whole body (length or chunked) within `DEADLINE`.
/// `headers` are whole lines (`Cookie: …\r\n`).
pub fn get(conn: &mut Option<BufReader<TcpStream>>, port: u16, path: &str, headers: &str) -> std::io::Result<u16> {
    let deadline = Instant::now() + DEADLINE;
    if conn.is_none() {
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_nodelay(true)?;
        *conn = Some(BufReader::new(stream));
    }
    let Some(reader) = conn.as_mut() else { return Err(std::io::ErrorKind::NotConnected.into()) };
    write!(reader.get_mut(), "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}\r\n")?;
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

/// The body of a GET, over HTTP/1.0 so that it arrives whole, without chunks, before the close.
pub fn page(port: u16, path: &str, headers: &str) -> Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    stream.set_read_timeout(Some(DEADLINE)).map_err(|e| e.to_string())?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n{headers}\r\n").map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).map_err(|e| format!("GET {path}: {e}"))?;
    if status(&answer) != 200 {
        return Err(format!("GET {path} answered {}", answer.lines().next().unwrap_or_default()));
    }
    Ok(answer.split_once("\r\n\r\n").map(|(_, body)| body.to_string()).unwrap_or_default())
}
