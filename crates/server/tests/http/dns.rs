//! A DNS server on loopback UDP for the SSRF tests: it answers `A` questions for the names it was
//! given, each name with its next address in turn (the last one repeated), with a time to live of
//! 0, as a rebinding attacker's server does; every other question gets an empty answer.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

pub struct Dns {
    pub addr: SocketAddr,
    asked: Arc<Mutex<Vec<String>>>,
}

impl Dns {
    /// Serves `names` (lower case, without the final dot), each with its answers in order.
    pub async fn start(names: &[(&str, &[Ipv4Addr])]) -> Self {
        let socket = tokio::net::UdpSocket::bind("127.0.0.1:0").await.expect("a UDP port");
        let addr = socket.local_addr().unwrap();
        let mut answers: HashMap<String, (Vec<Ipv4Addr>, usize)> =
            names.iter().map(|(name, ips)| (name.to_string(), (ips.to_vec(), 0))).collect();
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        tokio::spawn(async move {
            let mut buf = [0u8; 512];
            while let Ok((len, from)) = socket.recv_from(&mut buf).await {
                let Some((name, qtype, question_end)) = question(&buf[..len]) else { continue };
                let ip = match answers.get_mut(&name) {
                    Some((ips, next)) if qtype == 1 => {
                        log.lock().unwrap().push(name.clone());
                        let ip = ips[(*next).min(ips.len() - 1)];
                        *next += 1;
                        Some(ip)
                    }
                    _ => None,
                };
                let reply = reply(&buf[..question_end], ip);
                let _ = socket.send_to(&reply, from).await;
            }
        });
        Self { addr, asked }
    }

    /// How many times `name` was asked for its address.
    pub fn asked(&self, name: &str) -> usize {
        self.asked.lock().unwrap().iter().filter(|n| *n == name).count()
    }
}

/// The first question of a query: its name (lower case), its type, and where it ends.
fn question(query: &[u8]) -> Option<(String, u16, usize)> {
    let mut at = 12;
    let mut labels = Vec::new();
    loop {
        let len = usize::from(*query.get(at)?);
        at += 1;
        if len == 0 {
            break;
        }
        labels.push(String::from_utf8_lossy(query.get(at..at + len)?).to_ascii_lowercase());
        at += len;
    }
    let qtype = u16::from_be_bytes([*query.get(at)?, *query.get(at + 1)?]);
    Some((labels.join("."), qtype, at + 4))
}

/// The answer to `query` (header and question): one `A` record with `ip`, or none.
fn reply(query: &[u8], ip: Option<Ipv4Addr>) -> Vec<u8> {
    let mut out = query.to_vec();
    // Same id; a response, recursion desired and available, no error; one question, no other section.
    out[2] = 0x81;
    out[3] = 0x80;
    out[4..12].copy_from_slice(&[0, 1, 0, u8::from(ip.is_some()), 0, 0, 0, 0]);
    if let Some(ip) = ip {
        // The question's name (a pointer to offset 12), A, IN, TTL 0, four bytes.
        out.extend_from_slice(&[0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4]);
        out.extend_from_slice(&ip.octets());
    }
    out
}
