//! The incremental rebuild of `serve`: after each edit of one page, the
//! output written by `LiveSite::update_page` must be byte for byte the output
//! of a full build of the edited site, while writing far fewer files.

use crate::common::{self, assert_same_tree, copy_dir, hash_tree, options};
use gongkai::live::{LiveSite, PageUpdate};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A writable copy of the demo site and its live build.
struct Live {
    _tmp: TempDir,
    root: PathBuf,
    out: PathBuf,
    site: LiveSite,
    /// Documents the last search update analyzed.
    analyzed: usize,
}

impl Live {
    fn demo() -> Live {
        let site = common::SiteCopy::demo();
        Live::of(site.tmp, site.root)
    }

    /// A copy of the fixture site `tests/sites/<name>` and its live build.
    fn fixture(name: &str) -> Live {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().join("site");
        copy_dir(&common::fixture(name), &root);
        Live::of(tmp, root)
    }

    fn of(tmp: TempDir, root: PathBuf) -> Live {
        let out = tmp.path().join("live");
        let (site, _) = LiveSite::build(&options(&root, &out, false))
            .unwrap_or_else(|d| panic!("{}", common::render_all(&d, &root)));
        Live {
            _tmp: tmp,
            root,
            out,
            site,
            analyzed: 0,
        }
    }

    /// Replaces `from` (which must be there once) with `to` in `file` and
    /// applies the edit.
    fn edit(&mut self, file: &str, from: &str, to: &str) -> PageUpdate {
        let path = self.root.join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            text.matches(from).count(),
            1,
            "{file} must hold {from:?} once"
        );
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
        let i = self
            .site
            .page_of(Path::new(file))
            .unwrap_or_else(|| panic!("{file} is not a page of the site"));
        self.site.update_page(i)
    }

    /// Applies an edit that must succeed, and compares with a full build.
    fn edit_ok(&mut self, file: &str, from: &str, to: &str) -> usize {
        match self.edit(file, from, to) {
            PageUpdate::Done(report) => {
                assert!(report.incremental);
                let stats = self.site.refresh_search().expect("search index");
                self.analyzed = stats.map_or(0, |s| s.analyzed);
                self.assert_same_as_full_build(&format!("{file}: {from:?} → {to:?}"));
                report.files
            }
            PageUpdate::Failed(d) => panic!("{}", common::render_all(&d, &self.root)),
            PageUpdate::NeedsFullBuild => panic!("{file}: {from:?} → {to:?} asked a full build"),
        }
    }

    fn assert_same_as_full_build(&self, what: &str) {
        let full = self._tmp.path().join("full");
        let _ = std::fs::remove_dir_all(&full);
        gongkai::build::build(&options(&self.root, &full, false))
            .unwrap_or_else(|d| panic!("{}", common::render_all(&d, &self.root)));
        assert_same_tree(&common::tree_as_served(&full), &hash_tree(&self.out), what);
    }
}

#[test]
fn each_kind_of_edit_gives_the_output_of_a_full_build() {
    let mut live = Live::demo();
    let total = common::list_files(&live.out).len();
    let news = "content/news/2025-jianyi-jiaoban.md";
    // A new paragraph: the page itself, and its summary where it is listed.
    let body = live.edit_ok(news, "+++\n\n", "+++\n\n新增的第一段文字。\n\n");
    assert!(
        body < total / 4,
        "a body edit rewrote {body} of {total} files"
    );
    // The search index analyzed that page again, not the whole site.
    assert_eq!(live.analyzed, 1, "documents analyzed for the search index");
    // Another title: its neighbours' links, listings, feeds.
    live.edit_ok(
        news,
        "镇人大召开代表建议交办会",
        "镇人大召开代表建议集中交办会",
    );
    assert_eq!(live.analyzed, 1);
    // Another year: moves between listing pages, archives and statistics.
    live.edit_ok(news, "date = 2025-03-12", "date = 2024-01-05");
    live.edit_ok(news, "updated = 2025-12-15", "updated = 2026-11-01");
    // A new tag, then an existing one dropped.
    live.edit_ok(
        news,
        r#"tags = ["议案建议"]"#,
        r#"tags = ["议案建议", "新设标签"]"#,
    );
    live.edit_ok(
        news,
        r#"tags = ["议案建议", "新设标签"]"#,
        r#"tags = ["新设标签"]"#,
    );

    let inspection = "content/inspections/2026-nongyiban-shicha.md";
    live.edit_ok(inspection, r#"unit = "镇农医办""#, r#"unit = "镇文化站""#);
    live.edit_ok(inspection, r#""杨光辉"]"#, r#""杨光辉", "赵新代表"]"#);
    live.edit_ok(inspection, "新型农村合作医疗登记", "新农合参合登记");
    // A visit in the year before its publication: counted in that year's
    // statistics, and moved down the unit's and delegates' lists.
    live.edit_ok(inspection, "visited = 2026-09-05", "visited = 2025-12-30");

    let evaluation = "content/evaluations/2025-minzhu-pingyi/index.md";
    live.edit_ok(
        evaluation,
        "votes = { satisfied = 12, basically_satisfied = 14, unsatisfied = 17, abstain = 2 }",
        "votes = { satisfied = 22, basically_satisfied = 14, unsatisfied = 7, abstain = 2 }",
    );

    let submission = "content/submissions/2025-daibiaobao-jianyi-banli.md";
    live.edit_ok(submission, r#"issue = "第1146期""#, r#"issue = "第1147期""#);
    live.edit_ok(
        submission,
        r#"authors = ["李文涛"]"#,
        r#"authors = ["李文涛", "黄丽华"]"#,
    );

    let delegate = "content/delegates/huang-lihua.md";
    live.edit_ok(delegate, "石桥村选区\"\n", "石桥村第二选区\"\n");
}

#[test]
fn a_broken_edit_changes_nothing_and_its_fix_is_applied() {
    let mut live = Live::demo();
    let before = hash_tree(&live.out);
    let news = "content/news/2025-jianyi-jiaoban.md";
    match live.edit(news, "date = 2025-03-12", "date = 2025-03-") {
        PageUpdate::Failed(diags) => {
            let text = common::render_all(&diags, &live.root);
            assert!(text.contains(news), "{text}");
        }
        _ => panic!("bad TOML was accepted"),
    }
    assert_same_tree(
        &before,
        &hash_tree(&live.out),
        "the output after a broken edit",
    );
    live.edit_ok(news, "date = 2025-03-", "date = 2025-03-13");
    let before = hash_tree(&live.out);
    match live.edit(
        news,
        "+++\n\n",
        "+++\n\n[坏链接](@/news/no-such-page.md)\n\n",
    ) {
        PageUpdate::Failed(diags) => {
            assert!(common::render_all(&diags, &live.root).contains("no-such-page"));
        }
        _ => panic!("a broken link was accepted"),
    }
    assert_same_tree(
        &before,
        &hash_tree(&live.out),
        "the output after a broken link",
    );
    live.edit_ok(
        news,
        "[坏链接](@/news/no-such-page.md)",
        "[好链接](@/news/_index.md)",
    );
}

#[test]
fn edits_that_change_more_than_a_page_ask_for_a_full_build() {
    let mut live = Live::demo();
    let news = "content/news/2025-jianyi-jiaoban.md";
    assert!(matches!(
        live.edit(news, "+++\ntitle", "+++\ndraft = true\ntitle"),
        PageUpdate::NeedsFullBuild
    ));
    let mut live = Live::demo();
    assert!(matches!(
        live.edit(news, "+++\ntitle", "+++\nslug = \"another-url\"\ntitle"),
        PageUpdate::NeedsFullBuild
    ));
}

/// An evaluation page shows the same year's 复评 (issue 23): an edit of the
/// 复评's votes changes the first round's page too, so it asks for a full
/// build; an edit that leaves the rounds as they were stays incremental.
#[test]
fn an_edit_of_a_reevaluations_votes_asks_for_a_full_build() {
    let mut live = Live::fixture("deadlines");
    let again = "content/evaluations/2026-fuping/index.md";
    live.edit_ok(again, "镇国土所整改后的复评", "镇国土所整改后再次测评");
    assert!(matches!(
        live.edit(
            again,
            "satisfied = 36, basically_satisfied = 3",
            "satisfied = 30, basically_satisfied = 3"
        ),
        PageUpdate::NeedsFullBuild
    ));
}

#[test]
fn an_edit_that_publishes_a_split_number_changes_nothing() {
    let mut live = Live::demo();
    let before = hash_tree(&live.out);
    let news = "content/news/2025-jianyi-jiaoban.md";
    match live.edit(news, "+++\n\n", "+++\n\n电话138**0013**8000\n\n") {
        PageUpdate::Failed(diags) => {
            let text = common::render_all(&diags, &live.root);
            assert!(
                text.contains(news) && text.contains("138****8000"),
                "{text}"
            );
        }
        _ => panic!("a number split by markup was published by serve"),
    }
    assert_same_tree(
        &before,
        &hash_tree(&live.out),
        "the output after an edit with a split number",
    );
}

#[test]
fn an_edit_that_leaves_template_text_or_repeats_a_year_changes_nothing() {
    let mut live = Live::demo();
    let before = hash_tree(&live.out);
    let evaluation = "content/evaluations/2025-minzhu-pingyi/index.md";
    for (from, to, expected) in [
        ("year = 2025", "year = 2024", "2024"),
        (
            "votes = { satisfied = 12, basically_satisfied = 14, unsatisfied = 17,",
            "votes = { satisfied = 0, basically_satisfied = 0, unsatisfied = 0,",
            "有效票",
        ),
        ("+++\n\n", "+++\n\n（请写导语）\n\n", "（请写导语）"),
    ] {
        match live.edit(evaluation, from, to) {
            PageUpdate::Failed(diags) => {
                let text = common::render_all(&diags, &live.root);
                assert!(text.contains(expected), "{text}");
            }
            _ => panic!("{to:?} was accepted"),
        }
        assert_same_tree(&before, &hash_tree(&live.out), to);
        // Undone: the file is the demo's again.
        let path = live.root.join(evaluation);
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, text.replacen(to, from, 1)).expect("write");
    }
}

/// The 督办台账 shows items of other pages: moving a 交办期限 and answering
/// it (a later follow-up) in `serve` rewrites the ledger, its year page,
/// the CSV, the home panel and the unit's page as a full build writes them.
#[test]
fn an_edit_of_a_due_date_or_its_answer_rewrites_the_ledger() {
    let mut live = Live::demo();
    let file = "content/inspections/2026-guotusuo-tudifa-jiancha.md";
    live.edit_ok(file, "due = 2026-11-30", "due = 2026-12-31");
    let html = std::fs::read_to_string(live.out.join("dubans/index.html")).expect("ledger");
    assert!(html.contains("datetime=\"2026-12-31\""), "{html}");
    live.edit_ok(
        file,
        "due = 2026-12-31\n",
        "due = 2026-12-31\n[[inspection.followups]]\ndate = 2026-07-20\nstatus = \"已办结\"\n",
    );
    let html = std::fs::read_to_string(live.out.join("dubans/index.html")).expect("ledger");
    assert!(!html.contains("镇国土所"), "{html}");
    // A year whose last open item is answered loses its page, as in a full
    // build (the fixture's 2025 has one item).
    let mut live = Live::fixture("deadlines");
    assert!(live.out.join("dubans/2025/index.html").exists());
    live.edit_ok(
        "content/inspections/2025-nongyiban.md",
        "due = 2026-01-15\n",
        "due = 2026-01-15\n[[inspection.followups]]\ndate = 2026-01-10\nstatus = \"已办结\"\n",
    );
    assert!(!live.out.join("dubans/2025").exists());
}

/// The 信息公开目录 shows fields of many pages: an edit of a document's
/// 文号, 效力状态 or 主题分类 in `serve` rewrites the catalog, its year
/// and topic pages and its CSV as a full build writes them, and a topic
/// whose last document moves away loses its page.
#[test]
fn an_edit_of_a_disclosure_block_rewrites_the_catalog() {
    let mut live = Live::fixture("catalog");
    live.edit_ok(
        "content/news/2026-guize.md",
        "目人主〔2026〕4号",
        "目人主〔2026〕9号",
    );
    let csv = std::fs::read_to_string(live.out.join("gongkai/gongkai.csv")).expect("csv");
    assert!(csv.contains("目人主〔2026〕9号"), "{csv}");
    live.edit_ok(
        "content/news/2026-jihua.md",
        "validity = \"已修改\"",
        "validity = \"已废止\"",
    );
    assert!(live
        .out
        .join("gongkai/zong-he-zheng-wu/index.html")
        .exists());
    live.edit_ok(
        "content/news/2025-tongzhi.md",
        "topic = \"综合政务\"",
        "topic = \"代表工作\"",
    );
    assert!(!live.out.join("gongkai/zong-he-zheng-wu").exists());
}
