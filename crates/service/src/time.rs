//! Time as stored: milliseconds since the Unix epoch in a BIGINT, the same on both engines.

pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or_default()
}
