//! The WASM, JS and CSS bundle under `/pkg`: gzipped once at start-up, served with the `.gz` when
//! the browser accepts it, and cached for a year (cargo-leptos puts a content hash in each name).

use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use std::path::Path;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

pub fn pkg_service(dir: &Path) -> SetResponseHeader<ServeDir, HeaderValue> {
    SetResponseHeader::overriding(
        ServeDir::new(dir).precompressed_gzip(),
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    )
}

/// Writes `name.gz` beside each bundle file that lacks an up-to-date one. Blocking: run it in
/// `spawn_blocking` (a release WASM takes a few hundred milliseconds).
pub fn precompress(dir: &Path) -> std::io::Result<usize> {
    let mut written = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(0);
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !matches!(ext, "wasm" | "js" | "css") {
            continue;
        }
        let gz = path.with_extension(format!("{ext}.gz"));
        let fresh = match (std::fs::metadata(&gz).and_then(|m| m.modified()), entry.metadata()?.modified()) {
            (Ok(gz_time), Ok(src_time)) => gz_time >= src_time,
            _ => false,
        };
        if fresh {
            continue;
        }
        let data = std::fs::read(&path)?;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut encoder, &data)?;
        std::fs::write(&gz, encoder.finish()?)?;
        written += 1;
    }
    Ok(written)
}
