//! The WASM, JS and CSS bundle under `/pkg`: compressed once at start-up (Brotli and gzip), served
//! in the best encoding the browser accepts (browsers ask for Brotli over HTTPS and on localhost), and cached
//! for a year (cargo-leptos puts a content hash in each name).

use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use std::path::Path;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

pub fn pkg_service(dir: &Path) -> SetResponseHeader<ServeDir, HeaderValue> {
    SetResponseHeader::overriding(
        ServeDir::new(dir).precompressed_br().precompressed_gzip(),
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    )
}

/// Writes `name.br` and `name.gz` beside each bundle file that lacks up-to-date ones; how many it
/// wrote. Blocking: run it in `spawn_blocking` (Brotli's best level takes a few seconds for a
/// release WASM, once per build).
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
        let source_time = entry.metadata()?.modified().ok();
        let stale: Vec<_> = [("br", brotli as fn(&[u8]) -> std::io::Result<Vec<u8>>), ("gz", gzip)]
            .into_iter()
            .map(|(suffix, compress)| (path.with_extension(format!("{ext}.{suffix}")), compress))
            .filter(|(target, _)| {
                let target_time = std::fs::metadata(target).and_then(|m| m.modified()).ok();
                !matches!((target_time, source_time), (Some(t), Some(s)) if t >= s)
            })
            .collect();
        if stale.is_empty() {
            continue;
        }
        let data = std::fs::read(&path)?;
        for (target, compress) in stale {
            std::fs::write(&target, compress(&data)?)?;
            written += 1;
        }
    }
    Ok(written)
}

fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut encoder, data)?;
    encoder.finish()
}

fn brotli(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    #[tokio::test]
    async fn the_bundle_is_served_in_the_best_encoding_the_browser_accepts() {
        let dir = std::env::temp_dir().join(format!("vestibule-assets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let script = "console.log('hello, compressed world');\n".repeat(200);
        std::fs::write(dir.join("app.js"), &script).unwrap();
        assert_eq!(precompress(&dir).unwrap(), 2, "a .br and a .gz");
        assert_eq!(precompress(&dir).unwrap(), 0, "both are up to date");
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut &std::fs::read(dir.join("app.js.br")).unwrap()[..], &mut unpacked).unwrap();
        assert_eq!(unpacked, script.as_bytes());

        for (accepts, encoding) in
            [("gzip, deflate, br, zstd", Some("br")), ("gzip, deflate", Some("gzip")), ("identity", None)]
        {
            let request = Request::get("/app.js").header("accept-encoding", accepts).body(Body::empty()).unwrap();
            let answer = pkg_service(&dir).oneshot(request).await.unwrap();
            assert_eq!(answer.status(), 200);
            let got = answer.headers().get("content-encoding").map(|v| v.to_str().unwrap().to_string());
            assert_eq!(got.as_deref(), encoding, "for {accepts}");
            assert_eq!(answer.headers().get("cache-control").unwrap(), "public, max-age=31536000, immutable");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
