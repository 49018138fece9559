//! Runs a query against a built site's `search/` index with the Rust mirror
//! of the browser's engine, and prints the results and the bytes the browser
//! would download, as JSON. Used by `tests/browser/search-engine.test.mjs`
//! (to compare with search-core.js) and by `benches/search.sh`.
//!
//! ```sh
//! cargo run --release --example search_query -- public/ 卫生院 [--kind inspection] [--year 2025] [--cap BYTES]
//! ```

use gongkai::search::index::{decode_meta, META_FILE};
use gongkai::search::query::{search_with, Filter, Options, METADATA_FILES};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), Some(query)) = (args.first(), args.get(1)) else {
        eprintln!("usage: search_query OUTPUT_DIR QUERY [--kind NAME] [--year YEAR] [--cap BYTES]");
        return ExitCode::from(2);
    };
    let dir = PathBuf::from(out).join("search");
    let read = |rel: &str| std::fs::read(dir.join(rel)).ok();
    let Some((meta, _)) = read(META_FILE).and_then(|b| decode_meta(&b).ok()) else {
        eprintln!("no search index in {}", dir.display());
        return ExitCode::FAILURE;
    };
    let option = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let filter = Filter {
        kind: option("--kind")
            .and_then(|k| meta.kinds.iter().position(|(name, _)| name == k))
            .map(|i| i as u8),
        year: option("--year").and_then(|y| y.parse().ok()),
    };
    let mut options = Options::default();
    if let Some(cap) = option("--cap").and_then(|c| c.parse().ok()) {
        options.cap = cap;
    }
    let results = match search_with(read, query, filter, options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("corrupt index: {}", e.0);
            return ExitCode::FAILURE;
        }
    };
    // A blob's bytes are its range of its pack (format 9).
    let size = |rel: &str| meta.locate(rel).map_or(0, |(_, _, len)| len as usize);
    let shards = &results.files;
    let metadata_bytes: usize = METADATA_FILES
        .iter()
        .map(|f| read(f).map_or(0, |b| b.len()))
        .sum();
    let shard_bytes: usize = shards.iter().map(|f| size(f)).sum();
    let report = json!({
        "query": query,
        "hits": results.hits.iter().map(|h| json!([h.doc, h.score])).collect::<Vec<_>>(),
        "kinds": results.kinds,
        "years": results.years,
        "files": shards,
        "chunks": results.chunks,
        "partial": results.partial,
        "metadata_bytes": metadata_bytes,
        "shard_bytes": shard_bytes,
    });
    println!("{report}");
    ExitCode::SUCCESS
}
