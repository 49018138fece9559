//! Edit-to-output latency of `gongkai serve`: starts the preview server on a
//! site (a generated corpus), saves one page at a time, and times from the
//! file's write until the rebuilt page holds the edit, through the real file
//! watcher, and until the search index holds it (updated in the background
//! after the page). Then times full rebuilds of the same site for comparison.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --pages 5000 --out /tmp/site-5k
//! cargo run --release --example edit_latency -- /tmp/site-5k [EDITS] [FULL_REBUILDS]
//! ```
//!
//! Edits pages of `content/news/` (whose file names are their slugs in the
//! corpus). Prints each edit and the median; the site's files are edited in
//! place (a marker paragraph appended each time).

use gongkai::messages::Lang;
use gongkai::serve::{ServeOptions, Server};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn news_pages(root: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root.join("content/news"))
        .map(|dir| {
            dir.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|x| x == "md")
                        && p.file_name().is_some_and(|n| n != "_index.md")
                })
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    pages
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: edit_latency SITE [EDITS]");
        return ExitCode::FAILURE;
    };
    let edits: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(15);
    let full_rebuilds: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(3);
    let pages = news_pages(&root);
    if pages.is_empty() {
        eprintln!("{} has no content/news/*.md", root.display());
        return ExitCode::FAILURE;
    }
    let options = ServeOptions {
        root: root.clone(),
        port: 0,
        ..ServeOptions::default()
    };
    let server = match Server::start(&options, Lang::En) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", e.render(Lang::En, &root));
            return ExitCode::FAILURE;
        }
    };
    let out = server.output_dir().to_path_buf();
    let mut latencies = vec![];
    let mut index_latencies = vec![];
    let has_index = out
        .join("search")
        .join(gongkai::search::index::META_FILE)
        .is_file();
    for k in 0..edits {
        let updates_before = server.search_updates();
        let page = &pages[(k * 7919) % pages.len()];
        let stem = page.file_stem().map(|s| s.to_string_lossy().into_owned());
        let html = out
            .join("news")
            .join(stem.unwrap_or_default())
            .join("index.html");
        let marker = format!("edit-latency-marker-{k}-{}", std::process::id());
        let mut text = std::fs::read_to_string(page).unwrap_or_default();
        text.push_str(&format!("\n\n{marker}\n"));
        let started = Instant::now();
        if let Err(e) = std::fs::write(page, text) {
            eprintln!("write {}: {e}", page.display());
            return ExitCode::FAILURE;
        }
        loop {
            if std::fs::read_to_string(&html).is_ok_and(|h| h.contains(&marker)) {
                break;
            }
            if started.elapsed() > Duration::from_secs(60) {
                eprintln!("{} never showed the edit", html.display());
                return ExitCode::FAILURE;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let took = started.elapsed();
        // The search index (if the site has one) is updated after the page,
        // in the background.
        while has_index
            && server.search_updates() == updates_before
            && started.elapsed() < Duration::from_secs(120)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        let index_took = started.elapsed();
        eprintln!(
            "edit {k}: {} ms to the page, {} ms to the search index",
            took.as_millis(),
            index_took.as_millis()
        );
        latencies.push(took);
        index_latencies.push(index_took);
        // Let the watcher settle, so each edit is timed alone.
        std::thread::sleep(Duration::from_millis(400));
    }
    let mut full = vec![];
    for _ in 0..full_rebuilds {
        let started = Instant::now();
        if server.rebuild().is_err() {
            eprintln!("full rebuild failed");
            return ExitCode::FAILURE;
        }
        full.push(started.elapsed());
    }
    let (edit, full) = (median(latencies), median(full));
    println!(
        "pages={} edits={edits} median_edit_to_output_ms={} median_edit_to_search_index_ms={} median_full_rebuild_ms={} ratio={:.3}",
        pages.len(),
        edit.as_millis(),
        median(index_latencies).as_millis(),
        full.as_millis(),
        edit.as_secs_f64() / full.as_secs_f64()
    );
    server.stop();
    ExitCode::SUCCESS
}
