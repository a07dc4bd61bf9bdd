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

/// `GET /<pkg>/bundle?build=…&chunks=chunk_1,chunk_2,…`: the bundle of exactly those chunks of this
/// build, as the bundle file is served (best encoding, cached for good). For any other set or
/// build, 204 and no bundle: the page's script then lets the split loader fetch each chunk (a
/// navigation asks for the chunks it lacks, rarely a whole bundle; a 404 would be a console error
/// on every one). For a page whose `<head>` did not name its route's bundle
/// (`vestibule_app::chunk_bundles`).
pub fn bundle_route<S: Clone + Send + Sync + 'static>(pkg: &Path, url_prefix: &str) -> axum::Router<S> {
    use axum::extract::{Query, State};
    use axum::http::{HeaderMap, Request, StatusCode, header::ACCEPT_ENCODING};
    use axum::response::{IntoResponse, Response};
    use std::sync::Arc;
    use tower::ServiceExt;
    use vestibule_app::chunk_bundles::{Index, read_index};

    #[derive(serde::Deserialize)]
    struct Wanted {
        build: String,
        chunks: String,
    }
    async fn bundle(
        State(found): State<Arc<(std::path::PathBuf, Option<Index>)>>,
        Query(wanted): Query<Wanted>,
        headers: HeaderMap,
    ) -> Response {
        let (dir, index) = &*found;
        let names: Vec<&str> = wanted.chunks.split(',').take(4096).collect();
        let Some(bundle) = index.as_ref().filter(|i| i.build == wanted.build).and_then(|i| i.bundle_of(&names)) else {
            return StatusCode::NO_CONTENT.into_response();
        };
        let mut request = Request::get(format!("/{}.wasm", bundle.file));
        if let Some(accepts) = headers.get(ACCEPT_ENCODING) {
            request = request.header(ACCEPT_ENCODING, accepts);
        }
        let Ok(request) = request.body(axum::body::Body::empty()) else {
            return StatusCode::NOT_FOUND.into_response();
        };
        match pkg_service(dir).oneshot(request).await {
            Ok(answer) => answer.into_response(),
            Err(never) => match never {},
        }
    }
    let state = Arc::new((pkg.to_path_buf(), read_index(pkg)));
    axum::Router::new().route(&format!("/{url_prefix}/bundle"), axum::routing::get(bundle)).with_state(state)
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
            write_atomically(&target, &compress(&data)?)?;
            written += 1;
        }
    }
    Ok(written)
}

/// Writes, for each entry of the split build's manifest (a lazy function), one file holding all
/// its chunks, and the index that tells the pages' `<head>` to preload it
/// (`vestibule_app::chunk_bundles`); how many bundles it wrote. A bundle's name ends in a hash of
/// its content, so one written by an earlier start is kept. Nothing without a split build. Run it
/// before [`precompress`], which then compresses the bundles too (one Brotli stream over a route's
/// chunks is about a third smaller than its chunks compressed one by one).
pub fn bundle_chunks(dir: &Path) -> std::io::Result<usize> {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use sha2::{Digest, Sha256};
    use vestibule_app::chunk_bundles::{Bundle, INDEX, Index, pack};
    // An earlier start's index goes first: if this one stops half-way, no page names a bundle.
    match std::fs::remove_file(dir.join(INDEX)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let Some(manifest) = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("__wasm_split_manifest")))
    else {
        return Ok(0);
    };
    let chunks_of: std::collections::BTreeMap<String, Vec<String>> = serde_json::from_slice(&std::fs::read(&manifest)?)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    let build = manifest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut index = Index { build, ..Index::default() };
    let mut written = 0;
    for (key, chunks) in chunks_of {
        // A chunk's name is a file name of this directory, nothing more.
        if chunks.is_empty() || chunks.iter().any(|c| c.contains(['/', '\\']) || c.starts_with('.')) {
            continue;
        }
        let modules =
            chunks.iter().map(|c| std::fs::read(dir.join(format!("{c}.wasm")))).collect::<Result<Vec<_>, _>>()?;
        let bytes = pack(chunks.iter().map(String::as_str).zip(modules.iter().map(Vec::as_slice)));
        let hash = Sha256::digest(&bytes);
        let label: String =
            key.trim_start_matches('_').chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let file = format!("chunks.{label}.{}", URL_SAFE_NO_PAD.encode(&hash[..12]));
        let path = dir.join(format!("{file}.wasm"));
        if !path.exists() {
            write_atomically(&path, &bytes)?;
            written += 1;
        }
        index.bundles.insert(key, Bundle { file, chunks });
    }
    let json =
        serde_json::to_vec_pretty(&index).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    write_atomically(&dir.join(INDEX), &json)?;
    Ok(written)
}

/// Writes through a temporary file, so that a server starting beside this one (sharing the
/// directory, perhaps from another container with the same process id) never reads half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let unique = format!("tmp{}.{nanos}.{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let temporary = path.with_extension(unique);
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
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

    #[tokio::test]
    async fn each_lazy_function_gets_one_bundle_of_its_chunks_and_the_index_names_it() {
        use vestibule_app::chunk_bundles::{Index, pack, read_index};
        let dir = std::env::temp_dir().join(format!("vestibule-bundles-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(bundle_chunks(&dir).unwrap(), 0, "no split build, no bundle");
        assert!(read_index(&dir).is_none());
        std::fs::write(dir.join("chunk_1.aa.wasm"), b"\0asm one").unwrap();
        std::fs::write(dir.join("chunk_2.bb.wasm"), b"\0asm two").unwrap();
        std::fs::write(dir.join("split_form.cc.wasm"), b"\0asm form").unwrap();
        std::fs::write(
            dir.join("__wasm_split_manifest.xyz.json"),
            r#"{"__profile_route_view_1": ["chunk_1.aa", "chunk_2.bb"], "form_2": ["split_form.cc"],
                "sneaky_3": ["../../etc/passwd"], "empty_4": []}"#,
        )
        .unwrap();
        assert_eq!(bundle_chunks(&dir).unwrap(), 2);
        let Index { build, bundles: index } = read_index(&dir).unwrap();
        assert_eq!(build, "__wasm_split_manifest.xyz.json");
        assert_eq!(
            index.keys().collect::<Vec<_>>(),
            ["__profile_route_view_1", "form_2"],
            "only names of this directory"
        );
        let profile = &index["__profile_route_view_1"];
        assert!(profile.file.starts_with("chunks.profile_route_view_1."), "{}", profile.file);
        assert_eq!(profile.chunks, ["chunk_1.aa", "chunk_2.bb"]);
        assert_eq!(
            std::fs::read(dir.join(format!("{}.wasm", profile.file))).unwrap(),
            pack([("chunk_1.aa", &b"\0asm one"[..]), ("chunk_2.bb", &b"\0asm two"[..])])
        );
        assert_eq!(bundle_chunks(&dir).unwrap(), 0, "a bundle with the same content is kept");

        // A page asks for the bundle of the chunks its loader wants, by their short names.
        let ask = |query: &str| {
            let request = Request::get(format!("/pkg/bundle?{query}")).body(Body::empty()).unwrap();
            bundle_route::<()>(&dir, "pkg").oneshot(request)
        };
        let answer = ask("build=__wasm_split_manifest.xyz.json&chunks=chunk_2,chunk_1").await.unwrap();
        assert_eq!(answer.status(), 200);
        assert_eq!(answer.headers().get("cache-control").unwrap(), "public, max-age=31536000, immutable");
        let body = axum::body::to_bytes(answer.into_body(), usize::MAX).await.unwrap();
        assert_eq!(body, std::fs::read(dir.join(format!("{}.wasm", profile.file))).unwrap());
        for (query, why) in [
            ("build=__wasm_split_manifest.old.json&chunks=chunk_1,chunk_2", "another build"),
            ("build=__wasm_split_manifest.xyz.json&chunks=chunk_1", "not a whole bundle"),
            ("build=__wasm_split_manifest.xyz.json&chunks=chunk_1,chunk_2,chunk_3", "more than a bundle"),
        ] {
            assert_eq!(ask(query).await.unwrap().status(), 204, "{why}");
        }
        assert_eq!(ask("chunks=chunk_1,chunk_2").await.unwrap().status(), 400, "no build");

        // A new build: new content, a new name (the old one stays cached in browsers for good).
        std::fs::write(dir.join("chunk_2.bb.wasm"), b"\0asm TWO").unwrap();
        assert_eq!(bundle_chunks(&dir).unwrap(), 1);
        assert_ne!(read_index(&dir).unwrap().bundles["__profile_route_view_1"].file, profile.file);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
