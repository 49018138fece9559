//! Writes the exact template contexts of a site's pages as JSON lines, for
//! the Tera 1 / Tera 2 benchmark (`benches/tera2`, see `benches/README.md`).
//!
//! ```sh
//! cargo build --release --examples
//! ./target/release/examples/gen_corpus --pages 10000 --out /tmp/g10k-tera
//! ./target/release/examples/dump_contexts /tmp/g10k-tera 1000 > /tmp/g10k-tera.jsonl
//! ```
//!
//! Loads the site as `gongkai build --as-of 2026-12-06` does (nothing is
//! written), takes COUNT pages spread evenly over its pages in plan order
//! (so the kinds come in the corpus's shares), and prints one line per
//! page: `{"path": …, "template": …, "context": {…}}`, the context being
//! what gongkai's renderer hands Tera. Counts per template go to stderr.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(root), Some(count)) = (
        args.first().map(PathBuf::from),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: dump_contexts SITE COUNT > contexts.jsonl");
        return ExitCode::FAILURE;
    };
    let options = gongkai::BuildOptions {
        root,
        clock: chrono::NaiveDate::from_ymd_opt(2026, 12, 6),
        ..gongkai::BuildOptions::default()
    };
    let site = match gongkai::site::Site::load(&options) {
        Ok((site, _)) => site,
        Err(diags) => {
            eprintln!("the site does not load: {} errors", diags.error_count());
            return ExitCode::FAILURE;
        }
    };
    let pages: Vec<_> = site.page_contexts().collect();
    let total = pages.len();
    let count = count.min(total);
    let mut per_template: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // Page i * total / count for i in 0..count: evenly spread, ends included.
    let chosen = pages
        .into_iter()
        .enumerate()
        .filter(|(n, _)| n * count / total != (n + 1) * count / total)
        .map(|(_, page)| page);
    for (path, template, context) in chosen {
        *per_template.entry(template.to_string()).or_default() += 1;
        let line = serde_json::json!({"path": path, "template": template, "context": context});
        if writeln!(out, "{line}").is_err() {
            return ExitCode::FAILURE;
        }
    }
    eprintln!("{per_template:?}");
    ExitCode::SUCCESS
}
