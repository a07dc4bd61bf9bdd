//! The WASM, JS and CSS bundle under `/pkg`: compressed once at start-up (Brotli and gzip), served
//! in the best encoding the browser accepts (browsers ask for Brotli over HTTPS and on localhost), and cached
//! for a year (cargo-leptos puts a content hash in each name).

use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use std::path::Path;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

/// The package directory's files, cached for good, with [`ShortNames`] for the rest.
pub type PkgService = SetResponseHeader<ServeDir<ShortNames>, HeaderValue>;

pub fn pkg_service(dir: &Path) -> PkgService {
    SetResponseHeader::if_not_present(
        files(dir).fallback(short_names(dir)),
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    )
}

/// The directory's files, each in the best encoding the browser accepts.
fn files(dir: &Path) -> ServeDir {
    ServeDir::new(dir).precompressed_br().precompressed_gzip()
}

/// What [`pkg_service`] answers for a name that is no file of the directory.
pub type ShortNames = axum::routing::MethodRouter;

/// `chunk_23.<build>.wasm`: this build's `chunk_23.<hash>.wasm`, as the split loader names it once
/// the server has shortened it ([`shorten_loader`]). Pages take chunks from bundles; this answers a
/// page whose `<head>` has no bundle script (an index that failed to be written) or a chunk no
/// bundle holds. A page of another build asks with its own build's token and gets 404, not this
/// build's chunk. Anything else: 404, not cached.
fn short_names(dir: &Path) -> ShortNames {
    use axum::extract::State;
    use axum::http::{HeaderMap, StatusCode, Uri};
    use axum::response::{IntoResponse, Response};
    use std::collections::HashMap;
    use std::sync::Arc;

    let by_short: HashMap<String, String> = split_manifest(dir)
        .ok()
        .flatten()
        .map(|build| {
            let token = build.token;
            build
                .chunks_of
                .into_values()
                .flatten()
                .map(|c| (format!("/{}.wasm", loader_name(&c, &token)), format!("/{c}.wasm")))
                .collect()
        })
        .unwrap_or_default();
    async fn answer(
        State(found): State<Arc<(ServeDir, HashMap<String, String>)>>,
        uri: Uri,
        headers: HeaderMap,
    ) -> Response {
        let (files, by_short) = &*found;
        let Some(file) = by_short.get(uri.path()) else {
            // Not cached: another instance (a rolling deploy) or the next build may have it.
            return (StatusCode::NOT_FOUND, [(CACHE_CONTROL, HeaderValue::from_static("no-cache"))]).into_response();
        };
        serve_file(files.clone(), file, &headers).await
    }
    axum::routing::get(answer).with_state(Arc::new((files(dir), by_short)))
}

/// `path` of `files` as the browser asked for it (its Accept-Encoding). A miss is not cached: the
/// file may be there later (a build still being written, another instance of a rolling deploy).
async fn serve_file<S, B>(files: S, path: &str, headers: &axum::http::HeaderMap) -> axum::response::Response
where
    S: tower::Service<
            axum::http::Request<axum::body::Body>,
            Response = axum::http::Response<B>,
            Error = std::convert::Infallible,
        >,
    B: http_body::Body<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    use axum::http::{Request, StatusCode, header::ACCEPT_ENCODING};
    use axum::response::IntoResponse;
    use tower::ServiceExt;
    let mut request = Request::get(path);
    if let Some(accepts) = headers.get(ACCEPT_ENCODING) {
        request = request.header(ACCEPT_ENCODING, accepts);
    }
    let Ok(request) = request.body(axum::body::Body::empty()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut answer = match files.oneshot(request).await {
        Ok(answer) => answer.into_response(),
        Err(never) => match never {},
    };
    if !answer.status().is_success() {
        answer.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    answer
}

/// The split build in a package directory: its manifest.
struct SplitBuild {
    /// The manifest's file.
    file: std::path::PathBuf,
    /// Each lazy function's chunks, by their file names without `.wasm`.
    chunks_of: std::collections::BTreeMap<String, Vec<String>>,
    /// 8 characters of the manifest's hash: the build in the shortened loader's chunk names.
    token: String,
}

/// A chunk's name in the shortened loader: `chunk_23.<token>` for `chunk_23.<its own hash>`.
fn loader_name(chunk: &str, token: &str) -> String {
    format!("{}.{token}", vestibule_app::chunk_bundles::short_name(chunk))
}

/// The split build's manifest in `dir`, if there is one.
fn split_manifest(dir: &Path) -> std::io::Result<Option<SplitBuild>> {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use sha2::{Digest, Sha256};
    let Some(manifest) = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("__wasm_split_manifest")))
    else {
        return Ok(None);
    };
    let bytes = std::fs::read(&manifest)?;
    let chunks_of =
        serde_json::from_slice(&bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    let mut token = URL_SAFE_NO_PAD.encode(Sha256::digest(&bytes));
    token.truncate(8);
    Ok(Some(SplitBuild { file: manifest, chunks_of, token }))
}

/// `GET /<pkg>/bundle?build=…&chunks=chunk_1,chunk_2,…`: the bundle of exactly those chunks of this
/// build, as the bundle file is served (best encoding, cached for good). For any other set or
/// build, 204 and no bundle: the page's script then lets the split loader fetch each chunk (a
/// navigation asks for the chunks it lacks, rarely a whole bundle; a 404 would be a console error
/// on every one). For a page whose `<head>` did not name its route's bundle
/// (`vestibule_app::chunk_bundles`).
pub fn bundle_route<S: Clone + Send + Sync + 'static>(pkg: &Path, url_prefix: &str) -> axum::Router<S> {
    use axum::extract::{Query, State};
    use axum::http::{HeaderMap, StatusCode};
    use axum::response::{IntoResponse, Response};
    use std::sync::Arc;
    use vestibule_app::chunk_bundles::{Index, read_index};

    #[derive(serde::Deserialize)]
    struct Wanted {
        build: String,
        chunks: String,
    }
    async fn bundle(
        State(found): State<Arc<(PkgService, Option<Index>)>>,
        Query(wanted): Query<Wanted>,
        headers: HeaderMap,
    ) -> Response {
        let (files, index) = &*found;
        let names: Vec<&str> = wanted.chunks.split(',').take(4096).collect();
        let Some(bundle) = index.as_ref().filter(|i| i.build == wanted.build).and_then(|i| i.bundle_of(&names)) else {
            return StatusCode::NO_CONTENT.into_response();
        };
        serve_file(files.clone(), &format!("/{}.wasm", bundle.file), &headers).await
    }
    let state = Arc::new((pkg_service(pkg), read_index(pkg)));
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
    let Some(SplitBuild { file: manifest, chunks_of, token }) = split_manifest(dir)? else {
        return Ok(0);
    };
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
    let chunks = index.bundles.values().flat_map(|b| &b.chunks).map(String::as_str).collect();
    shorten_loader(dir, &chunks, &token)?;
    Ok(written)
}

/// Rewrites the split loader (`__wasm_split.<hash>.js`, which every page loads) in place, once:
/// each chunk's URL by its short name and the build (`./chunk_23.<token>.wasm`, one token for every
/// chunk, which Brotli sends almost for free), and without the comment above each
/// chunk that lists every lazy function needing it. Of its 16.7 KB with Brotli, 12 KB were those
/// hashes (incompressible) and comments. The page's script ([`vestibule_app::chunk_bundles`]) reads
/// a chunk by its short name anyway; any other request for one is answered by [`pkg_service`]'s
/// short names. The file keeps its name: the same build always gives the same text, and the
/// original text works as well, so either may be cached for good.
fn shorten_loader(dir: &Path, chunks: &std::collections::BTreeSet<&str>, token: &str) -> std::io::Result<()> {
    // Every loader in the directory (an earlier build's may be left there): only the one that
    // names this build's chunks changes.
    for loader in std::fs::read_dir(dir)?.flatten().map(|e| e.path()).filter(|p| {
        p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("__wasm_split.") && n.ends_with(".js"))
    }) {
        let text = std::fs::read_to_string(&loader)?;
        let mut shorter = String::with_capacity(text.len());
        let mut renamed = 0;
        for line in text.split_inclusive('\n') {
            let bare = line.trim_end();
            // The lists of lazy functions, one line each: `/* __api_keys_route_view_…, … */`.
            if bare.len() > 6
                && bare.starts_with("/* ")
                && bare.ends_with(" */")
                && !bare[3..bare.len() - 3].contains("*/")
            {
                continue;
            }
            let mut line = line.to_string();
            if let Some(start) = line.find("(\"./").map(|i| i + 4)
                && let Some(end) = line[start..].find(".wasm\"").map(|i| start + i)
                && chunks.contains(&line[start..end])
            {
                let short = loader_name(&line[start..end], token);
                line.replace_range(start..end, &short);
                renamed += 1;
            }
            shorter.push_str(&line);
        }
        if renamed > 0 {
            write_atomically(&loader, shorter.as_bytes())?;
        }
    }
    Ok(())
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

    #[tokio::test]
    async fn the_loader_names_chunks_by_their_short_names_and_those_names_are_served_uncached() {
        let dir = std::env::temp_dir().join(format!("vestibule-loader-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("chunk_1.aa.wasm"), b"\0asm one").unwrap();
        std::fs::write(dir.join("split_form.cc.wasm"), b"\0asm form").unwrap();
        std::fs::write(dir.join("__wasm_split_manifest.xyz.json"), r#"{"form_2": ["chunk_1.aa", "split_form.cc"]}"#)
            .unwrap();
        // As wasm-split writes it (shortened): a list of lazy functions above each chunk.
        let loader = |chunk: &str, split: &str| {
            format!(
                "import {{ initSync }} from \"./vestibule.js\";\n/* keep: not a list */ const x = 1;\n/* */\n\
                 /* form_2, other_3 */\nconst __chunk_1 = makeLoad(() => {{\n    const src = fetch(new URL(\"./{chunk}.wasm\", import.meta.url));\n}}, []);\n\
                 /* form_2 */\nexport const load_form = wrapAsyncCb(makeLoad(() => {{\n    const src = fetch(new URL(\"./{split}.wasm\", import.meta.url));\n\
                 }}, [__chunk_1]));\nconst other = fetch(new URL(\"./chunk_9.zz.wasm\", import.meta.url));\n"
            )
        };
        std::fs::write(dir.join("__wasm_split.h4sh.js"), loader("chunk_1.aa", "split_form.cc")).unwrap();
        // An earlier build's loader, left in the directory: not this build's chunks, not touched.
        let stale = loader("chunk_1.0ld", "split_form.0ld");
        std::fs::write(dir.join("__wasm_split.0ld.js"), &stale).unwrap();
        bundle_chunks(&dir).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("__wasm_split.0ld.js")).unwrap(), stale);
        let shortened = std::fs::read_to_string(dir.join("__wasm_split.h4sh.js")).unwrap();
        let token = split_manifest(&dir).unwrap().unwrap().token;
        assert_eq!(token.len(), 8);
        let expected = loader(&format!("chunk_1.{token}"), &format!("split_form.{token}"))
            .replace("/* form_2, other_3 */\n", "")
            .replace("/* form_2 */\n", "");
        assert_eq!(shortened, expected, "the chunks of the manifest shortened, the lists gone, the rest kept");
        assert!(shortened.contains("./chunk_9.zz.wasm"), "a chunk of no manifest entry keeps its name");
        bundle_chunks(&dir).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("__wasm_split.h4sh.js")).unwrap(), expected, "once");

        precompress(&dir).unwrap();
        let get = |path: &str| {
            let request = Request::get(path).header("accept-encoding", "br").body(Body::empty()).unwrap();
            pkg_service(&dir).oneshot(request)
        };
        let (short_chunk, short_split) = (format!("/chunk_1.{token}.wasm"), format!("/split_form.{token}.wasm"));
        for (path, body) in
            [(&short_chunk[..], &b"\0asm one"[..]), (&short_split, b"\0asm form"), ("/chunk_1.aa.wasm", b"\0asm one")]
        {
            let answer = get(path).await.unwrap();
            assert_eq!(answer.status(), 200, "{path}");
            assert_eq!(answer.headers().get("cache-control").unwrap(), "public, max-age=31536000, immutable", "{path}");
            assert_eq!(answer.headers().get("content-encoding").unwrap(), "br", "{path}");
            let compressed = axum::body::to_bytes(Body::new(answer.into_body()), usize::MAX).await.unwrap();
            let mut unpacked = Vec::new();
            brotli::BrotliDecompress(&mut &compressed[..], &mut unpacked).unwrap();
            assert_eq!(unpacked, body, "{path}");
        }
        // Another build's name (a page still open from before a deploy), or no chunk: 404, not cached.
        for path in [
            "/chunk_1.wasm",
            "/chunk_1.0ldbuild.wasm",
            "/chunk_9.wasm",
            "/__wasm_split_manifest.wasm",
            "/../chunk_1.wasm",
        ] {
            let answer = get(path).await.unwrap();
            assert_eq!(answer.status(), 404, "{path}");
            assert_eq!(answer.headers().get("cache-control").unwrap(), "no-cache", "{path}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
