//! The mail server of `cargo xtask bench`: the HTTP tests' SMTP server (tests/http/smtp.rs), which
//! prints its address, then the Message-ID of every message it accepts, one per line.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

#[path = "../tests/http/smtp.rs"]
mod smtp;

use std::io::Write;

fn main() {
    let smtp = smtp::Smtp::started(&[]);
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", smtp.url()).expect("stdout");
    out.flush().expect("stdout");
    let mut printed = 0;
    loop {
        let messages = smtp.messages_since(printed);
        for message in &messages {
            writeln!(out, "{}", message.message_id()).expect("stdout");
        }
        printed += messages.len();
        out.flush().expect("stdout");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}
