//! The search index alone: loads a site once, then builds its index several
//! times into memory (no files written), and prints the wall and CPU time of
//! each build, the median, and a checksum of the files (equal checksums:
//! byte-identical indexes, to check that a change of the builder changed
//! only its speed).
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --pages 10000 --out /tmp/site-10k
//! GONGKAI_TIMINGS=1 cargo run --release --example index_bench -- /tmp/site-10k [RUNS]
//! ```

use gongkai::build::BuildOptions;
use gongkai::search::index::{build_into, newest_first, SearchDoc};
use gongkai::site::Site;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// User plus system CPU time of this process, from `/proc/self/stat`.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command (which may hold spaces) in parentheses.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<u64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
    let ticks = fields.get(11).unwrap_or(&0) + fields.get(12).unwrap_or(&0);
    Duration::from_millis(ticks * 10)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: index_bench SITE [RUNS]");
        return ExitCode::FAILURE;
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let options = BuildOptions {
        root,
        ..Default::default()
    };
    let site = match Site::load(&options) {
        Ok((site, _)) => site,
        Err(diags) => {
            eprintln!("{diags:?}");
            return ExitCode::FAILURE;
        }
    };
    let mut docs: Vec<SearchDoc> =
        gongkai::search::search_docs(site.content(), &site.bodies().pages);
    docs.sort_by(|a, b| newest_first((&a.date, &a.url), (&b.date, &b.url)));
    let chars: usize = docs.iter().map(|d| d.text.chars().count()).sum();
    println!("{} documents, {chars} characters of text", docs.len());
    if std::env::var_os("MICRO").is_some() {
        micro(&docs);
    }
    let (mut walls, mut cpus) = (vec![], vec![]);
    for run in 1..=runs {
        let files = Mutex::new(BTreeMap::new());
        let sink = |name: String, bytes: Vec<u8>| -> Result<(), ()> {
            let mut h = DefaultHasher::new();
            bytes.hash(&mut h);
            if let Ok(mut files) = files.lock() {
                files.insert(name, (bytes.len(), h.finish()));
            }
            Ok(())
        };
        let source = |i: usize| docs[i].clone();
        let (cpu, start) = (cpu_time(), Instant::now());
        let Ok((built, _)) = build_into(docs.len(), &source, false, &sink) else {
            return ExitCode::FAILURE;
        };
        // The library only measures; printing the parts' times is ours.
        if std::env::var_os("GONGKAI_TIMINGS").is_some() {
            for timing in &built.stats.timings {
                eprintln!("{timing}");
            }
        }
        let (wall, cpu) = (start.elapsed(), cpu_time() - cpu);
        let files = files.into_inner().unwrap_or_default();
        let mut h = DefaultHasher::new();
        files.hash(&mut h);
        let bytes: usize = files.values().map(|f| f.0).sum();
        println!(
            "run {run}: wall {:.3} s, cpu {:.2} s, {} files, {bytes} bytes, checksum {:016x}",
            wall.as_secs_f64(),
            cpu.as_secs_f64(),
            files.len(),
            h.finish()
        );
        walls.push(wall);
        cpus.push(cpu);
    }
    if runs == 0 {
        return ExitCode::SUCCESS;
    }
    walls.sort();
    cpus.sort();
    println!(
        "median: wall {:.3} s, cpu {:.2} s",
        walls[runs / 2].as_secs_f64(),
        cpus[runs / 2].as_secs_f64()
    );
    ExitCode::SUCCESS
}

/// The analysis's pieces, each over every document on one thread: the
/// tokenizer alone, the tokenizer with a slot per token (as the analysis
/// numbers them), the first pass's count of bigrams, and the whole analysis
/// with and without grams.
fn micro(docs: &[SearchDoc]) {
    use gongkai::search::gram::{bigram_key, count_bigrams, gram_df, Common, KeyMap};
    use gongkai::search::slots::SlotTable;
    use gongkai::search::tokenize::{scan_raw, Token};
    let t = Instant::now();
    let mut n = 0u64;
    for d in docs {
        for text in [&d.title, &d.unit, &d.text] {
            scan_raw(text, 0, |_, p| n += u64::from(p & 1));
        }
    }
    println!("scan only: {:?} ({n})", t.elapsed());
    let t = Instant::now();
    let mut slots = SlotTable::default();
    let mut counts: Vec<[u32; 3]> = vec![];
    let mut total = 0usize;
    for d in docs {
        slots.reset((d.title.len() + d.unit.len() + d.text.len()) / 3);
        counts.clear();
        for text in [&d.title, &d.unit, &d.text] {
            scan_raw(text, 0, |tok, _| {
                let key = match tok {
                    Token::Char(c) => u64::from(c) << 22,
                    Token::Bigram(a, b) => bigram_key(a, b),
                };
                let (slot, new) = slots.slot(key);
                if new {
                    counts.push([0; 3]);
                }
                counts[slot as usize][2] += 1;
            });
        }
        total += slots.len();
    }
    println!(
        "scan + slots of chars and bigrams: {:?} ({total} slots)",
        t.elapsed()
    );
    let t = Instant::now();
    let mut df = KeyMap::default();
    for (i, d) in docs.iter().enumerate() {
        count_bigrams([&d.title, &d.unit, &d.text], i as u32, &mut df);
    }
    println!("count bigrams: {:?} ({} bigrams)", t.elapsed(), df.len());
    let common = Common::new(
        df.iter()
            .filter(|(_, &(c, _))| c >= gram_df(docs.len()))
            .map(|(&k, _)| k)
            .collect(),
    );
    let t = Instant::now();
    let mut total = 0;
    for d in docs {
        total += gongkai::search::index::analyze(d, 512, &common).length;
    }
    println!("analyze: {:?} ({total})", t.elapsed());
    let t = Instant::now();
    let mut total = 0;
    let none = Common::new(vec![]);
    for d in docs {
        total += gongkai::search::index::analyze(d, 512, &none).length;
    }
    println!("analyze without grams: {:?} ({total})", t.elapsed());
}
