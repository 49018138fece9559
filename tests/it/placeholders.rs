//! Template text published as if written (issue 20 §1), through the real
//! binary: placeholders (`（请…）`) that `init`, `new` and the archetypes
//! write, an evaluation whose votes were never filled in, a copy made with
//! `new --from` left unchanged, and two evaluations of one year.

use crate::common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const KINDS: [&str; 6] = [
    "article",
    "inspection",
    "evaluation",
    "submission",
    "report",
    "delegate",
];

/// The path printed after 已新建：.
fn created(run: &Run) -> String {
    run.stdout
        .lines()
        .find_map(|l| l.strip_prefix("已新建："))
        .unwrap_or_else(|| panic!("{}\n{}", run.stdout, run.stderr))
        .to_string()
}

/// Every Markdown file under `dir`, relative to `root`, with `/`.
fn markdown_files(root: &Path, dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("ls").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(markdown_files(root, &path));
        } else if path.extension().is_some_and(|x| x == "md") {
            let rel = path.strip_prefix(root).expect("under root");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    out
}

/// Rewrites every line of every Markdown file of the site for which `drop`
/// is true out of it.
fn drop_lines(site: &Path, drop: impl Fn(&str) -> bool) {
    for rel in markdown_files(site, &site.join("content")) {
        let path = site.join(&rel);
        let text = read_string(&path);
        let kept: String = text.split_inclusive('\n').filter(|l| !drop(l)).collect();
        std::fs::write(&path, kept).expect("write");
    }
}

/// A TOML comment line (not published, so never a placeholder).
fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// `init` into `<tmp>/site`.
fn init(tmp: &Path) -> PathBuf {
    let run = gongkai(tmp, &["init", "site"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    tmp.join("site")
}

/// An `init` site whose placeholder lines were deleted, as a user does.
fn init_finished(tmp: &Path) -> PathBuf {
    let site = init(tmp);
    drop_lines(&site, |l| !is_comment(l) && l.contains("（请"));
    site
}

/// One finding of `check --format json`: code, path, line.
type Finding = (String, String, Option<u64>);

/// `check --format json`: exit code and its findings.
fn check_json(site: &Path) -> (Option<i32>, Vec<Finding>) {
    let run = gongkai(site, &["check", "--format", "json"]);
    run.assert_no_panic();
    let report: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let found = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["path"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64(),
            )
        })
        .collect();
    (run.code, found)
}

fn with_code(found: &[Finding], code: &str) -> BTreeSet<(String, u64)> {
    found
        .iter()
        .filter(|(c, _, _)| c == code)
        .map(|(_, p, l)| (p.clone(), l.unwrap_or(0)))
        .collect()
}

#[test]
fn init_and_new_for_every_kind_undrafted_fail_naming_every_placeholder() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = init(tmp.path());
    // As `init` wrote it, the site does not publish: its own template text is there.
    let first = gongkai(&site, &["build"]);
    assert_eq!(first.code, Some(1), "{}", first.stderr);
    assert!(
        first.stderr.contains("content/_index.md:"),
        "{}",
        first.stderr
    );
    assert!(!site.join("public").exists(), "nothing published");
    // Rewritten (placeholders deleted), it builds.
    drop_lines(&site, |l| !is_comment(l) && l.contains("（请"));
    let good = gongkai(&site, &["build"]);
    assert_eq!(good.code, Some(0), "{}", good.stderr);
    let mut made = std::collections::BTreeMap::new();
    for kind in KINDS {
        let run = gongkai(&site, &["new", kind]);
        assert_eq!(run.code, Some(0), "{kind}: {}", run.stderr);
        made.insert(kind, created(&run));
    }
    // The evaluation is a folder page (its 述职报告 go beside it).
    assert!(
        made["evaluation"].ends_with("/index.md"),
        "{}",
        made["evaluation"]
    );
    drop_lines(&site, |l| l.trim() == "draft = true");
    // Expected, read independently: each line of a published file holding
    // `（请` outside a TOML comment. A new submission stays unpublished
    // (status submitted), so its file is not expected.
    let mut expected = BTreeSet::new();
    for rel in markdown_files(&site, &site.join("content")) {
        let text = read_string(&site.join(&rel));
        if rel.starts_with("content/submissions/") && text.contains("status = \"submitted\"") {
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            if line.contains("（请") && !is_comment(line) {
                expected.insert((rel.clone(), i as u64 + 1));
            }
        }
    }
    assert!(
        expected.len() >= 25,
        "the archetypes hold placeholders: {expected:?}"
    );
    for kind in ["news", "inspections", "evaluations", "reports", "delegates"] {
        assert!(
            expected
                .iter()
                .any(|(p, _)| p.starts_with(&format!("content/{kind}/"))),
            "{kind}: {expected:?}"
        );
    }
    // The new inspection's 视察日期 is one of them: a date left to fill in.
    let visited = lines_starting(&site, &made["inspection"], "visited = \"（请");
    assert_eq!(visited.len(), 1, "{visited:?}");
    assert!(visited.is_subset(&expected), "{visited:?}");
    let (code, found) = check_json(&site);
    assert_eq!(code, Some(1));
    assert_eq!(with_code(&found, "placeholder-left"), expected);
    // `build` agrees, and leaves the last good output as it was.
    let before = hash_tree(&site.join("public"));
    let build = gongkai(&site, &["build"]);
    assert_eq!(build.code, Some(1), "{}", build.stderr);
    for (path, line) in &expected {
        assert!(
            build.stderr.contains(&format!("{path}:{line}: 错误：")),
            "{path}:{line}\n{}",
            build.stderr
        );
    }
    assert_same_tree(&before, &hash_tree(&site.join("public")), "public/");
    let en = gongkai(&site, &["build", "--lang", "en"]);
    assert!(en.stderr.contains("template text"), "{}", en.stderr);
}

#[test]
fn the_demo_site_has_no_template_text() {
    let (_, found) = check_json(&repo_root());
    for code in [
        "placeholder-left",
        "no-valid-votes",
        "copy-unchanged",
        "same-year-evaluation",
    ] {
        assert!(with_code(&found, code).is_empty(), "{code}: {found:?}");
    }
}

#[test]
fn drafts_are_not_checked_until_published() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = init_finished(tmp.path());
    for kind in ["article", "inspection", "evaluation"] {
        assert_eq!(gongkai(&site, &["new", kind]).code, Some(0));
    }
    let build = gongkai(&site, &["build", "--drafts"]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    let (code, _) = check_json(&site);
    assert_eq!(code, Some(0));
}

/// The 1-based lines of `rel` that start with `head`.
fn lines_starting(site: &Path, rel: &str, head: &str) -> BTreeSet<(String, u64)> {
    read_string(&site.join(rel))
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with(head))
        .map(|(i, _)| (rel.to_string(), i as u64 + 1))
        .collect()
}

const EXAMPLE_EVALUATION: &str = "content/evaluations/2026-pingyi/index.md";

#[test]
fn an_evaluation_unit_without_valid_votes_is_an_error_at_its_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = init_finished(tmp.path());
    let path = site.join(EXAMPLE_EVALUATION);
    let text = read_string(&path).replacen(
        "votes = { satisfied = 24, basically_satisfied = 11, unsatisfied = 7, abstain = 3 }",
        "votes = { satisfied = 0, basically_satisfied = 0, unsatisfied = 0, abstain = 3 }",
        1,
    );
    std::fs::write(&path, text).expect("write");
    let (code, found) = check_json(&site);
    assert_eq!(code, Some(1), "{found:?}");
    let line = lines_starting(&site, EXAMPLE_EVALUATION, "votes = { satisfied = 0");
    assert_eq!(with_code(&found, "no-valid-votes"), line);
    let build = gongkai(&site, &["build"]);
    assert_eq!(build.code, Some(1), "{}", build.stderr);
    assert!(build.stderr.contains("有效票"), "{}", build.stderr);
    assert!(!site.join("public").exists(), "nothing published");
}

#[test]
fn from_last_evaluation_undrafted_lists_every_unit_without_votes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = init_finished(tmp.path());
    let run = gongkai(&site, &["new", "evaluation", "--from-last"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let rel = created(&run);
    drop_lines(&site, |l| l.trim() == "draft = true");
    let (code, found) = check_json(&site);
    assert_eq!(code, Some(1), "{found:?}");
    let votes = lines_starting(&site, &rel, "votes =");
    assert_eq!(votes.len(), 2, "the example's two units");
    assert_eq!(with_code(&found, "no-valid-votes"), votes);
}

#[test]
fn a_copy_left_unchanged_warns_until_its_body_is_rewritten() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = init_finished(tmp.path());
    let source = "content/news/2026-pingyi-dahui.md";
    let run = gongkai(&site, &["new", "article", "主席团会议", "--from", source]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let rel = created(&run);
    assert!(
        read_string(&site.join(&rel)).contains(&format!("from = \"{source}\"")),
        "the source is recorded"
    );
    drop_lines(&site, |l| l.trim() == "draft = true");
    let (code, found) = check_json(&site);
    assert_eq!(code, Some(0), "a warning only: {found:?}");
    let from_line = lines_starting(&site, &rel, "from =");
    assert_eq!(with_code(&found, "copy-unchanged"), from_line);
    // Rewritten: no warning.
    let path = site.join(&rel);
    let text = read_string(&path);
    let (front, _) = text.rsplit_once("+++\n").expect("front matter");
    std::fs::write(
        &path,
        format!("{front}+++\n\n本次主席团会议研究了年度工作。\n"),
    )
    .expect("write");
    let (_, found) = check_json(&site);
    assert!(with_code(&found, "copy-unchanged").is_empty(), "{found:?}");
}

/// A second evaluation of 2026 beside the example, a day later.
fn second_evaluation(site: &Path, extra: &str) -> String {
    let rel = "content/evaluations/2026-fuping/index.md";
    let text = read_string(&site.join(EXAMPLE_EVALUATION))
        .replace("/2026-00004\"", "/2026-00099\"")
        .replace("meeting_date = 2026-11-20", "meeting_date = 2026-11-21")
        .replace("date = 2026-11-20", "date = 2026-11-21")
        .replace("updated = 2026-11-28\n", "")
        .replace("[evaluation]\n", &format!("[evaluation]\n{extra}"));
    std::fs::create_dir_all(site.join("content/evaluations/2026-fuping")).expect("mkdir");
    std::fs::write(site.join(rel), text).expect("write");
    rel.to_string()
}

#[test]
fn two_evaluations_of_one_year_need_the_later_to_be_a_reevaluation() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = init_finished(tmp.path());
    let rel = second_evaluation(&site, "");
    let (code, found) = check_json(&site);
    assert_eq!(code, Some(1), "{found:?}");
    let at = lines_starting(&site, &rel, "[evaluation]");
    assert_eq!(with_code(&found, "same-year-evaluation"), at);
    let build = gongkai(&site, &["build"]);
    assert_eq!(build.code, Some(1), "{}", build.stderr);
    assert!(
        build.stderr.contains(EXAMPLE_EVALUATION) && build.stderr.contains(&rel),
        "names both files: {}",
        build.stderr
    );
    // Marked as the 复评 after 整改: both are published, the later marked.
    second_evaluation(&site, "round = 2\n");
    let build = gongkai(&site, &["build"]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    let public = site.join("public");
    let page = read_string(&public.join("evaluations/2026-fuping/index.html"));
    assert!(page.contains("2026年（复评）"), "{page}");
    let first = read_string(&public.join("evaluations/2026-pingyi/index.html"));
    assert!(
        first.contains("<td>2026年</td>") && !first.contains("2026年（复评）"),
        "the first is not marked"
    );
    // Each unit's 复评 is shown beside it (issue 23).
    assert!(
        first.contains("<h2 id=\"rounds-title\">复评结果</h2>"),
        "{first}"
    );
    let units = read_string(&public.join("units/index.html"));
    assert!(units.contains("（复评）"), "{units}");
    let stats = read_string(&public.join("stats/2026/index.html"));
    assert_eq!(stats.matches("（复评）").count(), 1, "{stats}");
    let unit_pages: Vec<String> = list_files(&public.join("units"))
        .into_iter()
        .filter(|f| f.ends_with("index.html") && f.contains('/'))
        .collect();
    let marked = unit_pages
        .iter()
        .map(|f| read_string(&public.join("units").join(f)))
        .filter(|html| html.contains("2026年度复评公告") && html.contains("2026年复评"))
        .count();
    // The 复评 sits in its first round's row of the history (issue 23).
    assert!(
        marked >= 2,
        "each unit's history row and chart: {unit_pages:?}"
    );
}
