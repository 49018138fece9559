//! The build cache of `gongkai build` (issue 26 §2): after each kind of
//! edit, a build that reuses the last output gives byte for byte the output
//! of a build with `--no-cache` into a fresh folder, while rendering only
//! what changed; a build with nothing changed leaves the output as it is
//! and says the last build's warnings again.

use crate::common::{self, assert_same_tree, hash_tree, options, repo_root};
use gongkai::build::BuildReport;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use tempfile::TempDir;

/// A writable copy of the demo site and its output, built once.
struct Cached {
    tmp: TempDir,
    root: PathBuf,
    out: PathBuf,
}

impl Cached {
    fn demo() -> Cached {
        let common::SiteCopy { tmp, root } = common::SiteCopy::demo();
        let out = tmp.path().join("public");
        let cached = Cached { tmp, root, out };
        let first = cached.build();
        assert_eq!(first.reused, 0, "nothing to reuse on the first build");
        cached
    }

    fn build(&self) -> BuildReport {
        gongkai::build(&options(&self.root, &self.out, false))
            .unwrap_or_else(|d| panic!("{}", common::render_all(&d, &self.root)))
    }

    fn replace(&self, file: &str, from: &str, to: &str) {
        let path = self.root.join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            text.matches(from).count(),
            1,
            "{file} must hold {from:?} once"
        );
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    }

    /// Builds with the cache, then with `--no-cache` into a fresh folder,
    /// and compares the two; returns the cached build's report.
    fn assert_same_as_full_build(&self, what: &str) -> BuildReport {
        let report = self.build();
        assert!(!report.nothing_changed, "{what}: taken for no change");
        let full = self.tmp.path().join("full");
        let _ = std::fs::remove_dir_all(&full);
        let mut fresh = options(&self.root, &full, false);
        fresh.no_cache = true;
        let full_report = gongkai::build(&fresh)
            .unwrap_or_else(|d| panic!("{}", common::render_all(&d, &self.root)));
        assert_eq!(full_report.reused, 0, "--no-cache reuses nothing");
        assert_same_tree(&hash_tree(&full), &hash_tree(&self.out), what);
        report
    }

    /// Makes every source file an hour old, as files are between two
    /// builds in real use (a file written within two seconds of a build
    /// is never taken as unchanged).
    fn age_sources(&self) {
        let old = SystemTime::now() - Duration::from_secs(3600);
        for entry in walkdir::WalkDir::new(&self.root).into_iter().flatten() {
            if entry.file_type().is_file() {
                let file = std::fs::File::options()
                    .write(true)
                    .open(entry.path())
                    .expect("open");
                file.set_modified(old).expect("set time");
            }
        }
    }
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).expect("stat"))
}

#[test]
fn each_kind_of_edit_gives_the_output_of_a_build_from_nothing() {
    let site = Cached::demo();
    let outputs = common::list_files(&site.out)
        .iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".xml"))
        .count();
    let news = "content/news/2025-jianyi-jiaoban.md";
    #[cfg(unix)]
    let untouched = inode(&site.out.join("delegates/index.html"));

    site.replace(news, "+++\n\n", "+++\n\n新增的第一段文字。\n\n");
    let body = site.assert_same_as_full_build("a new paragraph");
    assert!(
        body.rendered < outputs / 4 && body.reused > outputs / 2,
        "a paragraph rendered {} and reused {} of {outputs} outputs",
        body.rendered,
        body.reused
    );
    // An output the edit does not touch is the previous build's file.
    #[cfg(unix)]
    assert_eq!(inode(&site.out.join("delegates/index.html")), untouched);

    site.replace(
        news,
        "镇人大召开代表建议交办会",
        "镇人大召开代表建议集中交办会",
    );
    site.assert_same_as_full_build("a title");
    site.replace(news, "date = 2025-03-12", "date = 2024-01-05");
    site.assert_same_as_full_build("a date in another year");
    site.replace(
        news,
        r#"tags = ["议案建议"]"#,
        r#"tags = ["议案建议", "新设标签"]"#,
    );
    site.assert_same_as_full_build("a new tag");

    let inspection = "content/inspections/2026-nongyiban-shicha.md";
    site.replace(inspection, r#"unit = "镇农医办""#, r#"unit = "镇文化站""#);
    site.assert_same_as_full_build("an inspected unit");
    let evaluation = "content/evaluations/2025-minzhu-pingyi/index.md";
    site.replace(
        evaluation,
        "votes = { satisfied = 12, basically_satisfied = 14, unsatisfied = 17, abstain = 2 }",
        "votes = { satisfied = 22, basically_satisfied = 14, unsatisfied = 7, abstain = 2 }",
    );
    site.assert_same_as_full_build("the votes of an evaluation");

    // A page added, then removed.
    let added = "content/news/2026-xin-wenzhang.md";
    std::fs::write(
        site.root.join(added),
        "+++\ntitle = \"新加的一篇文章\"\ndate = 2026-11-30\n+++\n\n正文。\n",
    )
    .expect("write");
    site.assert_same_as_full_build("a new page");
    std::fs::remove_file(site.root.join(added)).expect("rm");
    site.assert_same_as_full_build("a page removed");

    // The site's settings: its title is on every page.
    site.replace("site.toml", "title = \"", "title = \"新");
    let config = site.assert_same_as_full_build("the site's title");
    assert!(
        config.rendered > outputs / 2,
        "{} rendered",
        config.rendered
    );

    // A template of the site's own, over the theme's: the footer, rendered
    // once into what every page receives, then the base of every page,
    // which no page's context holds.
    for (name, mark) in [("cached/footer.html", "新页脚"), ("base.html", "新模板")] {
        let theme = repo_root().join("themes/default/templates").join(name);
        let text = std::fs::read_to_string(&theme).expect("theme template");
        let own = site.root.join("templates").join(name);
        std::fs::create_dir_all(own.parent().expect("parent")).expect("mkdir");
        std::fs::write(&own, format!("{text}<!-- {mark} -->\n")).expect("write");
        let template = site.assert_same_as_full_build(name);
        assert!(
            template.rendered > outputs / 2,
            "{} rendered",
            template.rendered
        );
        assert!(common::read_string(&site.out.join("index.html")).contains(mark));
    }

    // A file copied as it is.
    std::fs::write(site.root.join("static/robots-note.txt"), "说明\n").expect("write");
    site.assert_same_as_full_build("a static file");
}

/// The privacy guard reads each output back with the settings of
/// `site.toml`: a number no longer allowed there (split by markup, so that
/// only the published page shows it whole) is found in pages whose
/// context did not change, so a change of the settings renders and scans
/// every page again.
#[test]
fn a_number_no_longer_allowed_is_found_in_pages_that_did_not_change() {
    let site = common::SiteCopy::new("basic");
    let out = site.tmp.path().join("public");
    site.replace(
        "content/news/2025-zoufang.md",
        "Rust 2025",
        "Rust 2025 值班电话138**1234**5678",
    );
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{toml}\n[privacy]\nallow = [\"138-1234-5678\"]\n"),
    );
    gongkai::build(&options(&site.root, &out, false))
        .unwrap_or_else(|d| panic!("{}", common::render_all(&d, &site.root)));
    site.write("site.toml", &toml);
    let refused = gongkai::build(&options(&site.root, &out, false));
    let diags = refused.expect_err("the number is no longer allowed");
    assert!(
        common::render_all(&diags, &site.root).contains("2025-zoufang"),
        "{}",
        common::render_all(&diags, &site.root)
    );
}

#[test]
fn another_day_or_address_renders_with_it() {
    let site = Cached::demo();
    let mut later = options(&site.root, &site.out, false);
    later.clock = Some(chrono::NaiveDate::from_ymd_opt(2031, 1, 1).expect("date"));
    let report = gongkai::build(&later).expect("build");
    assert_eq!(report.reused, 0, "a new day is a new key");
    let full = site.tmp.path().join("full");
    let mut fresh = later.clone();
    fresh.output = Some(full.clone());
    gongkai::build(&fresh).expect("build");
    assert_same_tree(&hash_tree(&full), &hash_tree(&site.out), "another day");

    let mut elsewhere = options(&site.root, &site.out, false);
    elsewhere.base_url = Some("https://renda.example.gov.cn/".into());
    let report = gongkai::build(&elsewhere).expect("build");
    assert_eq!(report.reused, 0, "another address is a new key");
}

#[test]
fn with_nothing_changed_the_output_stays_and_the_warnings_are_said_again() {
    let site = Cached::demo();
    // A warning to say again: a right-to-left override, removed where it is.
    site.replace(
        "content/news/2025-jianyi-jiaoban.md",
        "+++\n\n",
        "+++\n\n一段\u{202E}文字。\n\n",
    );
    site.age_sources();
    let first = site.build();
    assert!(!first.nothing_changed, "the sources changed");
    let before = hash_tree(&site.out);
    let again = site.build();
    assert!(again.nothing_changed);
    assert_eq!(again.pages, first.pages);
    assert_eq!(again.files, first.files);
    let said = |r: &BuildReport| {
        r.diagnostics
            .items
            .iter()
            .map(|d| format!("{:?}", d))
            .collect::<Vec<_>>()
    };
    assert!(
        !said(&first).is_empty(),
        "the demo has warnings to say again"
    );
    assert_eq!(said(&again), said(&first));
    let changes = again.changes.expect("changes");
    assert!(changes.added.is_empty() && changes.changed.is_empty() && !changes.first);
    assert_same_tree(&before, &hash_tree(&site.out), "a build with nothing to do");

    // A file edited by hand in the output is put back by the next build,
    // as a build from nothing would.
    let page = site.out.join("news/index.html");
    let original = std::fs::read(&page).expect("read");
    std::fs::write(&page, b"changed by hand").expect("write");
    let repaired = site.build();
    assert!(!repaired.nothing_changed);
    assert_eq!(std::fs::read(&page).expect("read"), original);
    assert_same_tree(&before, &hash_tree(&site.out), "a repaired output");

    // So is a file added to the output.
    std::fs::write(site.out.join("news/extra.html"), "x").expect("write");
    assert!(!site.build().nothing_changed);
    assert!(!site.out.join("news/extra.html").exists());

    // A source touched (same bytes, new time) goes through the
    // fingerprints: the output is the same, nothing is rendered again but
    // what a touch cannot change.
    let news = site.root.join("content/news/2025-jianyi-jiaoban.md");
    let text = std::fs::read(&news).expect("read");
    std::fs::write(&news, text).expect("write");
    let touched = site.build();
    assert!(!touched.nothing_changed);
    assert_same_tree(&before, &hash_tree(&site.out), "a touched source");
}

#[test]
fn a_build_with_nothing_to_do_still_clears_what_a_killed_build_left() {
    let site = Cached::demo();
    site.age_sources();
    site.build();
    // A build killed while deleting the site it replaced, and one killed
    // while writing: the site they leave is complete, so the next build has
    // nothing to do but this.
    let beside = site.tmp.path();
    for left in [
        ".public.gongkai-trash-1-0/news",
        ".public.gongkai-new-1/news",
    ] {
        std::fs::create_dir_all(beside.join(left)).expect("mkdir");
        std::fs::write(beside.join(left).join("index.html"), "x").expect("write");
    }
    assert!(site.build().nothing_changed);
    common::assert_no_staging_left(beside);
}

#[test]
fn a_file_written_just_before_a_build_is_checked_again_next_time() {
    let site = Cached::demo();
    // The first build saw files written within two seconds: the next one
    // cannot trust their times, and looks at what they hold.
    let second = site.build();
    assert!(!second.nothing_changed);
    assert!(second.reused > 0);
}

#[test]
fn a_failed_build_leaves_the_output_and_its_cache_usable() {
    let site = Cached::demo();
    let before = hash_tree(&site.out);
    let news = "content/news/2025-jianyi-jiaoban.md";
    site.replace(news, "date = 2025-03-12", "date = 2025-13-12");
    assert!(gongkai::build(&options(&site.root, &site.out, false)).is_err());
    assert_same_tree(&before, &hash_tree(&site.out), "a failed build");
    site.replace(news, "date = 2025-13-12", "date = 2025-03-12");
    site.assert_same_as_full_build("the fix");
}

#[test]
fn the_cache_is_beside_the_output_and_never_in_it() {
    let site = Cached::demo();
    let beside = site.tmp.path().join(".public.gongkai-cache");
    assert!(beside.is_file(), "the cache is beside the output");
    assert!(
        !common::list_files(&site.out)
            .iter()
            .any(|f| f.contains("cache")),
        "nothing of the cache is uploaded"
    );
    // A cache that does not read is no cache: everything is rendered.
    std::fs::write(&beside, b"not a cache").expect("write");
    let report = site.build();
    assert_eq!(report.reused, 0);
    let next = site.build();
    assert!(
        next.nothing_changed || next.reused > 0,
        "a new cache was written"
    );
}

#[test]
fn the_cli_says_what_it_reused_and_no_cache_renders_everything() {
    let site = Cached::demo();
    site.age_sources();
    let run = |args: &[&str]| {
        let mut all = vec!["build", "--root", "site", "-o", "public"];
        all.extend(args);
        let run = common::gongkai(site.tmp.path(), &all);
        run.assert_no_panic();
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        run.stdout
    };
    // The library's build and the binary differ (their executables): the
    // binary's first build renders everything.
    let first = run(&[]);
    assert!(!first.contains("沿用"), "{first}");
    assert!(run(&[]).contains("输出文件夹原样保留"));
    let forced = run(&["--no-cache"]);
    assert!(
        !forced.contains("沿用") && !forced.contains("原样"),
        "{forced}"
    );
    site.replace(
        "content/news/2025-jianyi-jiaoban.md",
        "+++\n\n",
        "+++\n\n新增的第一段文字。\n\n",
    );
    let edited = run(&[]);
    assert!(edited.contains("这次重新生成了"), "{edited}");
}

mod property {
    //! Random edits of a small generated site: after each, the build that
    //! reuses the last output and a build from nothing agree, byte for
    //! byte, or both fail.
    use super::*;
    use proptest::prelude::*;

    const SITE_TOML: &str =
        "title = \"测试镇人大\"\nbase_url = \"https://example.gov.cn/rd/\"\npaginate_by = 2\n";

    #[derive(Debug, Clone)]
    enum Edit {
        Title(usize, u8),
        Body(usize, u8),
        Date(usize, u8),
        Tag(usize, u8),
        LinkTo(usize, usize),
        Add(u8),
        Remove(usize),
        SiteTitle(u8),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (0usize..8, any::<u8>()).prop_map(|(p, v)| Edit::Title(p, v)),
            (0usize..8, any::<u8>()).prop_map(|(p, v)| Edit::Body(p, v)),
            (0usize..8, any::<u8>()).prop_map(|(p, v)| Edit::Date(p, v)),
            (0usize..8, any::<u8>()).prop_map(|(p, v)| Edit::Tag(p, v)),
            (0usize..8, 0usize..8).prop_map(|(p, q)| Edit::LinkTo(p, q)),
            any::<u8>().prop_map(Edit::Add),
            (0usize..8).prop_map(Edit::Remove),
            any::<u8>().prop_map(Edit::SiteTitle),
        ]
    }

    /// One news page: its file name and its fields.
    #[derive(Debug, Clone)]
    struct Page {
        name: String,
        title: String,
        day: u8,
        tag: u8,
        body: String,
    }

    impl Page {
        fn text(&self) -> String {
            format!(
                "+++\ntitle = \"{}\"\ndate = 2026-03-{:02}\ntags = [\"标签{}\"]\n+++\n\n{}\n",
                self.title,
                1 + self.day % 28,
                self.tag % 3,
                self.body
            )
        }
    }

    fn write_site(root: &Path, pages: &[Page], site_title: &str) {
        let _ = std::fs::remove_dir_all(root.join("content"));
        std::fs::create_dir_all(root.join("content/news")).expect("mkdir");
        std::fs::write(
            root.join("site.toml"),
            SITE_TOML.replace("测试镇人大", site_title),
        )
        .expect("write");
        std::fs::write(
            root.join("content/_index.md"),
            "+++\ntitle = \"首页\"\n+++\n",
        )
        .expect("write");
        std::fs::write(
            root.join("content/news/_index.md"),
            "+++\ntitle = \"要闻\"\n+++\n",
        )
        .expect("write");
        for page in pages {
            std::fs::write(root.join("content/news").join(&page.name), page.text()).expect("write");
        }
    }

    fn apply(pages: &mut Vec<Page>, site_title: &mut String, edit: &Edit, serial: &mut u32) {
        let n = pages.len();
        match *edit {
            Edit::Title(p, v) if n > 0 => pages[p % n].title = format!("标题{v}"),
            Edit::Body(p, v) if n > 0 => pages[p % n].body.push_str(&format!("\n\n第{v}段。")),
            Edit::Date(p, v) if n > 0 => pages[p % n].day = v,
            Edit::Tag(p, v) if n > 0 => pages[p % n].tag = v,
            Edit::LinkTo(p, q) if n > 0 => {
                let target = pages[q % n].name.clone();
                pages[p % n]
                    .body
                    .push_str(&format!("\n\n见[另一篇](@/news/{target})。"));
            }
            Edit::Remove(p) if n > 1 => {
                pages.remove(p % n);
            }
            Edit::Add(v) => {
                *serial += 1;
                pages.push(Page {
                    name: format!("p{serial}.md"),
                    title: format!("新文章{v}"),
                    day: v,
                    tag: v,
                    body: "正文。".into(),
                });
            }
            Edit::SiteTitle(v) => *site_title = format!("测试镇人大{}", v % 4),
            _ => {}
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

        #[test]
        fn a_cached_build_is_a_build_from_nothing(edits in proptest::collection::vec(edit(), 1..6)) {
            let tmp = tempfile::tempdir().expect("temp dir");
            let root = tmp.path().join("site");
            let out = tmp.path().join("public");
            let mut serial = 3;
            let mut pages: Vec<Page> = (0..3)
                .map(|i| Page {
                    name: format!("p{i}.md"),
                    title: format!("文章{i}"),
                    day: i as u8 * 5,
                    tag: i as u8,
                    body: "正文。".into(),
                })
                .collect();
            let mut site_title = "测试镇人大".to_string();
            write_site(&root, &pages, &site_title);
            gongkai::build(&options(&root, &out, false)).expect("first build");
            for (step, edit) in edits.iter().enumerate() {
                apply(&mut pages, &mut site_title, edit, &mut serial);
                write_site(&root, &pages, &site_title);
                let cached = gongkai::build(&options(&root, &out, false));
                let full = tmp.path().join(format!("full-{step}"));
                let mut fresh = options(&root, &full, false);
                fresh.no_cache = true;
                let from_nothing = gongkai::build(&fresh);
                prop_assert_eq!(cached.is_ok(), from_nothing.is_ok(), "step {} {:?}", step, edit);
                if from_nothing.is_ok() {
                    assert_same_tree(&hash_tree(&full), &hash_tree(&out), &format!("{edits:?}"));
                }
            }
        }
    }
}
