use gongkai::build::{load, BuildOptions};
use std::time::Instant;
fn min_of<F: FnMut()>(mut f: F) -> f64 { let mut best = f64::MAX; for _ in 0..15 { let t = Instant::now(); f(); best = best.min(t.elapsed().as_secs_f64()*1000.0); } best }
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let opts = BuildOptions { root: root.clone(), output: None, base_url: None, drafts: false, force: true };
    let (mut site, _) = load(&opts).ok().unwrap();
    println!("sort_sections {:.2} ms", min_of(|| gongkai::derive::sort_sections(&mut site.content)));
    println!("derive {:.2} ms", min_of(|| { let _ = gongkai::derive::derive(&site.content); }));
    println!("plan {:.2} ms", min_of(|| { let _ = gongkai::render::plan(&site.content, &site.derived, &site.config); }));
    println!("body {:.2} ms", min_of(|| { let _ = gongkai::render::render_page_body(&site.content, &site.config, 5); }));
    let r = site.renderer();
    println!("deps {:.2} ms", min_of(|| { let _: Vec<_> = site.outputs.iter().map(|o| r.deps(o)).collect(); }));
    let mut per_job: std::collections::BTreeMap<String, (f64, usize)> = Default::default();
    for o in &site.outputs { let t = Instant::now(); let _ = r.deps(o); let e = t.elapsed().as_secs_f64()*1000.0; let k = format!("{:?}", o.job).split(|c: char| !c.is_alphanumeric()).next().unwrap().to_string(); let x = per_job.entry(k).or_default(); x.0 += e; x.1 += 1; }
    for (k, (t, n)) in per_job { println!("  deps {k}: {t:.2} ms over {n}"); }
    for o in site.outputs.iter().filter(|o| o.path.starts_with("archive/2020") || o.path == "news/index.html" || o.path.starts_with("stats/2020") || o.path == "categories/index.html") {
        println!("render {} {:.2} ms", o.path, min_of(|| { let _ = r.render(o); }));
    }
    let page = site.outputs.iter().find(|o| o.path.starts_with("news/p0")).unwrap();
    println!("render {} {:.2} ms", page.path, min_of(|| { let _ = r.render(page); }));
}
