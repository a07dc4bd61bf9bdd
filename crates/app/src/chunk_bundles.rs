//! A lazy route's WASM chunks in one file instead of one request each (server side).
//!
//! `cargo leptos build --split` cuts every lazy function into 50 to 200 small chunks, which a page
//! fetches one by one. Compressed one by one they weigh about a third more than together, and
//! each is a request. At start-up the server writes, for every entry of the split manifest, a
//! bundle of its chunks (`crates/server/src/assets.rs`) and an index of them ([`Index`]). A small
//! script in every page's `<head>` ([`SCRIPT`]) gathers the chunks the split loader asks for in one
//! go and takes them from the route's bundle: the one the `<head>` preloads (Leptos names a route's
//! chunks there when it knows them in time; [`preloads`] puts the bundle in their place), or else
//! the one `GET /pkg/bundle?build=…&chunks=…` answers with. A chunk in no bundle (a later
//! navigation asks for fewer chunks), a bundle that fails to load, or a build without bundles: the
//! loader's own request, as before.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The index's file name, in the site's package directory beside the manifest.
pub const INDEX: &str = "chunk-bundles.json";

/// What the server wrote for one build: for each entry of the split manifest (a lazy function), its bundle.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Index {
    /// The split manifest's file name the bundles were written from: a page asks for a bundle with
    /// it (the page names the index only if the index [`matches`](Index::matches) the manifest
    /// Leptos read), so that a page of another build gets no bundle of this one.
    pub build: String,
    pub bundles: BTreeMap<String, Bundle>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Bundle {
    /// The bundle's file name without `.wasm`, e.g. `chunks.profile_route_view_….3f2a…` (the name
    /// ends in a hash of the content, so it is cached for good like the chunks).
    pub file: String,
    /// The chunks in it, in the manifest's order, as the manifest names them.
    pub chunks: Vec<String>,
}

impl Index {
    /// Whether this index was written for `manifest` (the split manifest Leptos read): a bundle for
    /// each of its entries with chunks, holding exactly those chunks, and nothing else.
    pub fn matches(&self, manifest: &HashMap<String, Vec<String>>) -> bool {
        let entries: Vec<_> = manifest.iter().filter(|(_, chunks)| !chunks.is_empty()).collect();
        entries.len() == self.bundles.len()
            && entries.iter().all(|(key, chunks)| self.bundles.get(*key).is_some_and(|b| &b.chunks == *chunks))
    }

    /// The bundle that holds exactly the chunks `short_names` (in any order).
    pub fn bundle_of(&self, short_names: &[&str]) -> Option<&Bundle> {
        let mut wanted = short_names.to_vec();
        wanted.sort_unstable();
        self.bundles.values().find(|bundle| {
            let mut have: Vec<&str> = bundle.chunks.iter().map(|c| short_name(c)).collect();
            have.sort_unstable();
            have == wanted
        })
    }
}

/// A chunk's name up to its first dot (`chunk_23` for `chunk_23.wCMP…`): unique within a build,
/// and a bundle belongs to one build, so within it the hashes would be incompressible bytes on
/// every page (about 3 KB for /login). [`SCRIPT`] shortens the loader's file names the same way,
/// and the server rewrites the split loader itself to name chunks so (about 9 KB on every page).
pub fn short_name(chunk: &str) -> &str {
    chunk.split('.').next().unwrap_or(chunk)
}

/// One bundle's bytes: for each chunk, its [`short_name`]'s length (u16, little-endian), the
/// short name (UTF-8), the module's length (u32, little-endian) and the module. [`SCRIPT`] reads
/// this format.
pub fn pack<'a>(chunks: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, module) in chunks {
        let name = short_name(name);
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(module.len() as u32).to_le_bytes());
        out.extend_from_slice(module);
    }
    out
}

/// Hands the split loader each chunk from a bundle. Runs before the WASM (an inline script in
/// `<head>`, with the build's name in `data-build`): the loader asks for a chunk with
/// `fetch(new URL(…))`, and this `fetch` answers from a bundle when the chunk is in one, and from
/// the network otherwise.
pub const SCRIPT: &str = include_str!("chunk_bundles.js");

/// The split manifest with each entry that has an up-to-date bundle replaced by the bundle, so
/// that the page preloads one file per lazy function. Entries whose chunks differ from the
/// bundle's (an index left by an earlier build) keep their chunks.
pub fn preloads(manifest: &HashMap<String, Vec<String>>, index: &Index) -> HashMap<String, Vec<String>> {
    manifest
        .iter()
        .map(|(key, chunks)| match index.bundles.get(key) {
            Some(bundle) if &bundle.chunks == chunks => (key.clone(), vec![bundle.file.clone()]),
            _ => (key.clone(), chunks.clone()),
        })
        .collect()
}

/// The index in the package directory `pkg`, if the server wrote one.
pub fn read_index(pkg: &Path) -> Option<Index> {
    serde_json::from_slice(&std::fs::read(pkg.join(INDEX)).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_preloads_its_bundle_only_while_the_bundle_holds_its_chunks() {
        let manifest: HashMap<String, Vec<String>> = [
            ("__profile_route_view_1".to_string(), vec!["chunk_1.a".to_string(), "chunk_2.b".to_string()]),
            ("__security_route_view_1".to_string(), vec!["chunk_2.b".to_string(), "chunk_3.c".to_string()]),
            ("dialog_7".to_string(), vec!["split_dialog.d".to_string()]),
        ]
        .into();
        let index = Index {
            build: "__wasm_split_manifest.xyz.json".into(),
            bundles: [
                (
                    "__profile_route_view_1".to_string(),
                    Bundle { file: "chunks.profile.f00".into(), chunks: manifest["__profile_route_view_1"].clone() },
                ),
                // An earlier build's bundle: its chunks are not the manifest's any more.
                (
                    "__security_route_view_1".to_string(),
                    Bundle { file: "chunks.security.0ld".into(), chunks: vec!["chunk_9.z".into()] },
                ),
            ]
            .into(),
        };
        let preloads = preloads(&manifest, &index);
        assert_eq!(preloads["__profile_route_view_1"], ["chunks.profile.f00"]);
        assert_eq!(preloads["__security_route_view_1"], manifest["__security_route_view_1"]);
        assert_eq!(preloads["dialog_7"], manifest["dialog_7"]);

        // An index with an earlier build's bundle is not this manifest's; one with every entry is.
        assert!(!index.matches(&manifest));
        let current = Index {
            build: index.build.clone(),
            bundles: manifest
                .iter()
                .map(|(k, c)| (k.clone(), Bundle { file: format!("chunks.{k}"), chunks: c.clone() }))
                .collect(),
        };
        assert!(current.matches(&manifest));
        let mut fewer = manifest.clone();
        fewer.remove("dialog_7");
        assert!(!current.matches(&fewer), "a bundle the manifest does not name");

        // Asked for by the chunks' short names, in any order: only the exact set.
        assert_eq!(index.bundle_of(&["chunk_2", "chunk_1"]).map(|b| b.file.as_str()), Some("chunks.profile.f00"));
        assert_eq!(index.bundle_of(&["chunk_1"]), None);
        assert_eq!(index.bundle_of(&["chunk_1", "chunk_2", "chunk_3"]), None);
    }

    #[test]
    fn a_bundle_lists_each_chunk_with_its_short_name_and_length() {
        let packed = pack([("chunk_1.a", &b"\0asm1"[..]), ("split_x.b", &b"\0asm22"[..])]);
        let mut expected = Vec::new();
        expected.extend_from_slice(&[7, 0]);
        expected.extend_from_slice(b"chunk_1");
        expected.extend_from_slice(&[5, 0, 0, 0]);
        expected.extend_from_slice(b"\0asm1");
        expected.extend_from_slice(&[7, 0]);
        expected.extend_from_slice(b"split_x");
        expected.extend_from_slice(&[6, 0, 0, 0]);
        expected.extend_from_slice(b"\0asm22");
        assert_eq!(packed, expected);
    }
}
