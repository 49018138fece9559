//! Tera 1 against Tera 2 on gongkai's default theme (issue 26 §1): renders
//! the same document pages with both and compares outputs and time.
//!
//! - Tera 1: gongkai's own `Templates::load` (the built-in theme, its
//!   filters, escape function and macro depth rewrite), `Templates::render`.
//! - Tera 2: the port in `templates/` (base, document, page, the kind
//!   templates, the macros they use as components), the same filters.
//!
//! ```sh
//! cargo run --release -- CONTEXTS.jsonl [--runs N] [--only tera1|tera2] [--diff DIR] [--stream-escape]
//! cargo run --release -- --errors
//! ```
//!
//! CONTEXTS.jsonl is written by gongkai's `examples/dump_contexts.rs`. See
//! `benches/README.md` ("Tera 1 and Tera 2 on the default theme").

mod errors;
mod tera2_port;

use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// One page: where gongkai writes it, its template, its context.
struct Page {
    path: String,
    template: String,
    context: serde_json::Value,
}

struct Args {
    contexts: PathBuf,
    runs: usize,
    only: Option<String>,
    diff: Option<PathBuf>,
    /// Tera 2 escapes straight into its output (what a migration would do).
    streamed: bool,
}

fn args() -> Option<Args> {
    let mut it = std::env::args().skip(1);
    let mut out = Args {
        contexts: PathBuf::new(),
        runs: 7,
        only: None,
        diff: None,
        streamed: false,
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => out.runs = it.next()?.parse().ok()?,
            "--only" => out.only = Some(it.next()?),
            "--diff" => out.diff = Some(PathBuf::from(it.next()?)),
            "--stream-escape" => out.streamed = true,
            _ if out.contexts.as_os_str().is_empty() => out.contexts = PathBuf::from(a),
            _ => return None,
        }
    }
    (!out.contexts.as_os_str().is_empty()).then_some(out)
}

fn load(path: &PathBuf) -> Result<Vec<Page>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .map(|line| {
            let mut v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            let field = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or("").to_string();
            Ok(Page {
                path: field(&v, "path"),
                template: field(&v, "template"),
                context: v["context"].take(),
            })
        })
        .collect()
}

/// Tera 1 as gongkai loads it: the built-in theme (`root` has no templates).
fn tera1() -> gongkai::render::templates::Templates {
    let root = std::env::temp_dir();
    match gongkai::render::templates::Templates::load(&root, "default") {
        Ok(t) => t,
        Err(e) => panic!("gongkai's templates do not load: {e:?}"),
    }
}

#[inline(never)]
fn render_all_tera1(
    t: &gongkai::render::templates::Templates,
    pages: &[Page],
    contexts: &[tera::Context],
) -> usize {
    pages
        .iter()
        .zip(contexts)
        .map(|(p, c)| t.render(&p.template, c).map_or(0, |o| o.len()))
        .sum()
}

#[inline(never)]
fn render_all_tera2(t: &tera2::Tera, pages: &[Page], contexts: &[tera2::Context]) -> usize {
    pages
        .iter()
        .zip(contexts)
        .map(|(p, c)| tera2_port::render(t, &p.template, c).map_or(0, |o| o.len()))
        .sum()
}

fn par_tera1(
    t: &gongkai::render::templates::Templates,
    pages: &[Page],
    contexts: &[tera::Context],
) -> usize {
    pages
        .par_iter()
        .zip(contexts)
        .map(|(p, c)| t.render(&p.template, c).map_or(0, |o| o.len()))
        .sum()
}

fn par_tera2(t: &tera2::Tera, pages: &[Page], contexts: &[tera2::Context]) -> usize {
    pages
        .par_iter()
        .zip(contexts)
        .map(|(p, c)| tera2_port::render(t, &p.template, c).map_or(0, |o| o.len()))
        .sum()
}

fn contexts1(pages: &[Page]) -> Vec<tera::Context> {
    pages
        .iter()
        .map(|p| tera::Context::from_serialize(&p.context).unwrap_or_default())
        .collect()
}

fn contexts2(pages: &[Page]) -> Vec<tera2::Context> {
    pages
        .iter()
        .map(|p| tera2::Context::from_serialize(&p.context).unwrap_or_default())
        .collect()
}

/// Whitespace runs become one space, and go between tags: the two engines
/// may trim differently around tags, which a browser does not show.
fn normalise(html: &str) -> String {
    let collapsed = html.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.replace("> <", "><")
}

/// Renders every page with both engines and reports the pages that differ.
fn compare(
    t1: &gongkai::render::templates::Templates,
    t2: &tera2::Tera,
    pages: &[Page],
    diff: Option<&PathBuf>,
) -> usize {
    let (c1, c2) = (contexts1(pages), contexts2(pages));
    let (mut differ, mut same_bytes) = (0, 0);
    for ((p, a), b) in pages.iter().zip(&c1).zip(&c2) {
        let one = t1.render(&p.template, a);
        let two = tera2_port::render(t2, &p.template, b);
        let (one, two) = match (one, two) {
            (Ok(one), Ok(two)) => (one, two),
            (one, two) => {
                differ += 1;
                if differ <= 3 {
                    eprintln!("{}: tera1 {:?}\n tera2 {:?}", p.path, one.err(), two.err());
                }
                continue;
            }
        };
        same_bytes += usize::from(one == two);
        let (n1, n2) = (
            normalise(&String::from_utf8_lossy(&one)),
            normalise(&String::from_utf8_lossy(&two)),
        );
        if n1 != n2 {
            differ += 1;
            if let Some(dir) = diff {
                let name = p.path.replace('/', "_");
                let _ = std::fs::create_dir_all(dir);
                let _ = std::fs::write(dir.join(format!("{name}.1")), n1.replace("><", ">\n<"));
                let _ = std::fs::write(dir.join(format!("{name}.2")), n2.replace("><", ">\n<"));
            }
            if differ <= 3 {
                let at = n1
                    .chars()
                    .zip(n2.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                let around = |s: &str| -> String {
                    s.chars().skip(at.saturating_sub(80)).take(160).collect()
                };
                eprintln!(
                    "{} differs at character {at}:\n tera1 …{}\n tera2 …{}",
                    p.path,
                    around(&n1),
                    around(&n2),
                );
            }
        }
    }
    println!(
        "{same_bytes} of {} pages byte for byte the same",
        pages.len()
    );
    differ
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn time(f: impl FnOnce() -> usize) -> (Duration, usize) {
    let start = Instant::now();
    let bytes = f();
    (start.elapsed(), bytes)
}

/// CPU time of the whole process (every thread): on a loaded machine it
/// moves less than wall time.
fn cpu_now() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Wall time, CPU time and what `f` returns.
fn time_cpu(f: impl FnOnce() -> usize) -> (Duration, Duration, usize) {
    let cpu = cpu_now();
    let (wall, bytes) = time(f);
    (wall, cpu_now() - cpu, bytes)
}

/// Alternating runs of both engines, single thread then on `pool`.
fn timings(
    t1: &gongkai::render::templates::Templates,
    t2: &tera2::Tera,
    pages: &[Page],
    runs: usize,
    pool: &rayon::ThreadPool,
) {
    let (c1, c2) = (contexts1(pages), contexts2(pages));
    for (label, parallel) in [("1 thread", false), ("rayon, 2 threads", true)] {
        let (mut one, mut two, mut cpu1, mut cpu2) = (vec![], vec![], vec![], vec![]);
        for run in 0..runs {
            let (d1, c1t, b1) = if parallel {
                pool.install(|| time_cpu(|| par_tera1(t1, pages, &c1)))
            } else {
                time_cpu(|| render_all_tera1(t1, pages, &c1))
            };
            let (d2, c2t, b2) = if parallel {
                pool.install(|| time_cpu(|| par_tera2(t2, pages, &c2)))
            } else {
                time_cpu(|| render_all_tera2(t2, pages, &c2))
            };
            println!(
                "{label} run {}: tera1 {} ms (CPU {} ms, {b1} bytes), tera2 {} ms (CPU {} ms, {b2} bytes), {:.2}",
                run + 1,
                ms(d1),
                ms(c1t),
                ms(d2),
                ms(c2t),
                d1.as_secs_f64() / d2.as_secs_f64()
            );
            one.push(d1);
            two.push(d2);
            cpu1.push(c1t);
            cpu2.push(c2t);
        }
        let (m1, m2) = (median(one), median(two));
        let (k1, k2) = (median(cpu1), median(cpu2));
        println!(
            "{label}: median wall tera1 {} ms, tera2 {} ms, tera1 / tera2 = {:.2}; median CPU tera1 {} ms, tera2 {} ms, {:.2}",
            ms(m1),
            ms(m2),
            m1.as_secs_f64() / m2.as_secs_f64(),
            ms(k1),
            ms(k2),
            k1.as_secs_f64() / k2.as_secs_f64()
        );
    }
    // What building each engine's context from the JSON costs (gongkai
    // serialises its typed view into one for every output).
    let (mut one, mut two) = (vec![], vec![]);
    for _ in 0..runs {
        one.push(time(|| contexts1(pages).len()).0);
        two.push(time(|| contexts2(pages).len()).0);
    }
    println!(
        "contexts from JSON, 1 thread: median tera1 {} ms, tera2 {} ms",
        ms(median(one)),
        ms(median(two))
    );
}

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("--errors") {
        errors::show();
        return ExitCode::SUCCESS;
    }
    let Some(args) = args() else {
        eprintln!("usage: tera2-bench CONTEXTS.jsonl [--runs N] [--only tera1|tera2] [--diff DIR] [--stream-escape]");
        return ExitCode::FAILURE;
    };
    let pages = match load(&args.contexts) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    // Pages of templates not ported (delegate.html, suggestion.html …: a
    // demo site or a fixture has them) are left out, and counted.
    let all = pages.len();
    let pages: Vec<Page> = pages
        .into_iter()
        .filter(|p| tera2_port::PORTED.contains(&p.template.as_str()))
        .collect();
    if pages.len() < all {
        println!(
            "{} pages of templates not ported left out",
            all - pages.len()
        );
    }
    let t1 = tera1();
    let t2 = match tera2_port::load_with(args.streamed) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("the Tera 2 port does not load:\n{e}");
            return ExitCode::FAILURE;
        }
    };
    match args.only.as_deref() {
        // One engine, one pass, one thread: for callgrind's --toggle-collect.
        Some("tera1") => {
            let c = contexts1(&pages);
            println!("{} bytes", render_all_tera1(&t1, &pages, &c));
            return ExitCode::SUCCESS;
        }
        Some("tera2") => {
            let c = contexts2(&pages);
            println!("{} bytes", render_all_tera2(&t2, &pages, &c));
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("--only takes tera1 or tera2, not {other}");
            return ExitCode::FAILURE;
        }
        None => {}
    }
    let differ = compare(&t1, &t2, &pages, args.diff.as_ref());
    println!(
        "{} pages, {} differ after normalising whitespace",
        pages.len(),
        differ
    );
    // gongkai's render threads' stack (`RENDER_STACK`, 32 MiB), for both.
    let stack = 32 << 20;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .stack_size(stack)
        .build();
    match pool {
        Ok(_) if args.runs == 0 => {}
        Ok(pool) => timings(&t1, &t2, &pages, args.runs, &pool),
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    }
    if differ > 0 {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
