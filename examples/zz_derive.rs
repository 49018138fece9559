use gongkai::build::{load, BuildOptions};
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let opts = BuildOptions { root, output: None, base_url: None, drafts: false, force: true };
    let (site, _) = load(&opts).ok().unwrap();
    let t = std::time::Instant::now();
    for _ in 0..200 { std::hint::black_box(gongkai::derive::derive(&site.content)); }
    eprintln!("derive avg {:.2} ms", t.elapsed().as_secs_f64() * 1000.0 / 200.0);
}
