//! The office director's day through the real binary: `init` a site, build
//! and check it at once, create documents with `new` (numbered 索引号, never
//! overwriting), and reuse last year's with `--from-last`.

use crate::common::*;
use std::path::Path;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The value of `key = "…"` in a file.
fn value_of(text: &str, key: &str) -> String {
    text.lines()
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
        })
        .unwrap_or_else(|| panic!("no {key} in:\n{text}"))
}

/// The path printed after 已新建：.
fn created(run: &Run) -> String {
    run.stdout
        .lines()
        .find_map(|l| l.strip_prefix("已新建："))
        .unwrap_or_else(|| panic!("{}\n{}", run.stdout, run.stderr))
        .to_string()
}

/// Deletes the lines of `init`'s template text (`（请…）` outside comments), as
/// a user who rewrote the example site does: until then it does not publish
/// (tests/placeholders.rs).
fn rewrite_examples(site: &Path) {
    for entry in walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .flatten()
    {
        if entry.path().extension().is_some_and(|x| x == "md") {
            let text = read(entry.path());
            let kept: String = text
                .split_inclusive('\n')
                .filter(|l| l.trim_start().starts_with('#') || !l.contains("（请"))
                .collect();
            std::fs::write(entry.path(), kept).expect("write");
        }
    }
}

#[test]
fn init_then_build_and_check_succeed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    let run = gongkai(tmp.path(), &["init", "site"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        read(&site.join("site.toml")).contains("# "),
        "site.toml is commented"
    );
    for section in [
        "news",
        "inspections",
        "evaluations",
        "submissions",
        "reports",
        "delegates",
    ] {
        assert!(
            site.join("content")
                .join(section)
                .join("_index.md")
                .is_file(),
            "{section}"
        );
    }
    rewrite_examples(&site);
    let build = gongkai(&site, &["build"]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    assert!(
        build.stderr.trim().is_empty(),
        "no warning: {}",
        build.stderr
    );
    assert!(site.join("public/evaluations/index.html").is_file());
    let check = gongkai(&site, &["check"]);
    assert_eq!(check.code, Some(0), "{}", check.stdout);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("mine.txt"), "x").expect("write");
    let run = gongkai(tmp.path(), &["init", "."]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("不是空的"), "{}", run.stderr);
    assert_eq!(read(&tmp.path().join("mine.txt")), "x");
    assert!(!tmp.path().join("site.toml").exists());
}

#[test]
fn new_numbers_consecutively_and_never_overwrites() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    assert_eq!(gongkai(tmp.path(), &["init", "site"]).code, Some(0));
    rewrite_examples(&site);
    // A number written by hand, out of order, must be counted too.
    let hand = site.join("content/news/hand.md");
    std::fs::write(
        &hand,
        "+++\ntitle = \"手写\"\ndate = 2026-01-05\n[disclosure]\nindex_no = \"11000000EX0000000A/2026-00040\"\n+++\n",
    )
    .expect("write");
    let first = gongkai(&site, &["new", "article", "镇人大召开主席团会议"]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let second = gongkai(&site, &["new", "article", "镇人大召开主席团会议"]);
    let (a, b) = (created(&first), created(&second));
    assert_ne!(a, b, "the second file does not overwrite the first");
    assert!(
        a.starts_with("content/news/") && a.is_ascii(),
        "pinyin file name: {a}"
    );
    let year = chrono::Local::now().format("%Y").to_string();
    let no_a = value_of(&read(&site.join(&a)), "index_no");
    let no_b = value_of(&read(&site.join(&b)), "index_no");
    if year == "2026" {
        assert_eq!(no_a, "11000000EX0000000A/2026-00041");
    }
    let serial = |n: &str| {
        n.rsplit('-')
            .next()
            .and_then(|s| s.parse::<u32>().ok())
            .expect("serial")
    };
    assert_eq!(serial(&no_b), serial(&no_a) + 1, "{no_a} then {no_b}");
    assert_eq!(
        value_of(&read(&site.join(&a)), "title"),
        "镇人大召开主席团会议"
    );
    // Drafts from archetypes build (with --drafts) and are not published without.
    let build = gongkai(&site, &["build", "--drafts"]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
}

#[test]
fn from_last_clears_dates_votes_and_follow_ups() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    assert_eq!(gongkai(tmp.path(), &["init", "site"]).code, Some(0));
    rewrite_examples(&site);
    let run = gongkai(
        &site,
        &["new", "evaluation", "年度民主评议结果", "--from-last"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = read(&site.join(created(&run)));
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    assert!(text.contains(&format!("date = {today}")), "{text}");
    assert!(text.contains(&format!("meeting_date = {today}")), "{text}");
    assert!(text.contains("draft = true"), "{text}");
    assert!(!text.contains("rectification"), "{text}");
    assert!(!text.contains("[[evaluation.steps]]"), "{text}");
    assert!(!text.contains("satisfied = 38"), "{text}");
    assert!(text.contains("satisfied = 0"), "{text}");
    assert!(
        text.contains("name = \"镇派出所\""),
        "units are kept: {text}"
    );
    let inspection = gongkai(&site, &["new", "inspection", "--from-last"]);
    let text = read(&site.join(created(&inspection)));
    assert!(!text.contains("[[inspection.followups]]"), "{text}");
    // Last year's visit date is asked for again, its comment kept.
    assert!(
        text.contains("不能晚于发布日期 date。\nvisited = \"（请填写视察日期"),
        "{text}"
    );
    assert!(!text.contains("2026-06-07"), "{text}");
    let build = gongkai(&site, &["build", "--drafts"]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
}

#[test]
fn a_site_archetype_overrides_the_built_in_one() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    assert_eq!(gongkai(tmp.path(), &["init", "site"]).code, Some(0));
    std::fs::create_dir_all(site.join("archetypes")).expect("mkdir");
    std::fs::write(
        site.join("archetypes/report.md"),
        "+++\ntitle = \"{{title}}\"\ndate = {{date}}\ndraft = true\n[disclosure]\nindex_no = \"{{index_no}}\"\n[report]\ntype = \"本镇自定义\"\nyear = {{year}}\n+++\n自定义模板\n",
    )
    .expect("write");
    let run = gongkai(&site, &["new", "report", "小结"]);
    let text = read(&site.join(created(&run)));
    assert!(
        text.contains("本镇自定义") && text.contains("自定义模板"),
        "{text}"
    );
}

/// The `code`s and `path:line`s of `check --format json`'s findings.
fn check_findings(site: &Path) -> Vec<(String, String)> {
    let run = gongkai(site, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                format!("{}:{}", d["path"].as_str().unwrap_or_default(), d["line"]),
            )
        })
        .collect()
}

/// `init` keeps the national rule (news every 14 days): three weeks without
/// news is reported. A longer rule must be written on purpose, and `check`
/// says it is relaxed, at its line.
#[test]
fn init_keeps_the_national_update_rule_and_check_names_a_relaxed_one() {
    let tmp = tempfile::tempdir().expect("tmp");
    assert_eq!(gongkai(tmp.path(), &["init", "site"]).code, Some(0));
    let site = tmp.path().join("site");
    let news = site.join("content/news/2026-pingyi-dahui.md");
    let three_weeks_ago = (chrono::Local::now().date_naive() - chrono::Duration::days(21))
        .format("%Y-%m-%d")
        .to_string();
    let text = read(&news);
    let old = format!("date = {}", value_of(&text, "date"));
    std::fs::write(
        &news,
        text.replacen(&old, &format!("date = {three_weeks_ago}"), 1),
    )
    .expect("write");
    let found = check_findings(&site);
    let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    assert!(
        found
            .iter()
            .any(|(c, at)| c == "stale-section" && at.starts_with("content/news/_index.md")),
        "news 21 days old is stale by the national rule: {found:?}"
    );
    assert!(!codes.contains(&"stale-rule-relaxed"), "{found:?}");

    let index = site.join("content/news/_index.md");
    let text = read(&index);
    std::fs::write(
        &index,
        text.replacen("stale_after_days = 14", "stale_after_days = 30", 1),
    )
    .expect("write");
    let line = read(&index)
        .lines()
        .position(|l| l.starts_with("stale_after_days = 30"))
        .expect("the line")
        + 1;
    let found = check_findings(&site);
    assert!(
        found.contains(&(
            "stale-rule-relaxed".into(),
            format!("content/news/_index.md:{line}")
        )),
        "{found:?}"
    );
    let zh = gongkai(&site, &["check"]).stdout;
    assert!(
        zh.contains("「人大要闻」栏目的更新期限放宽到 30 天（国家要求 14 天）"),
        "{zh}"
    );
}

/// The folder of a folder page (`…/index.md`) made by `new`, and the names
/// of the files in it.
fn folder_of(site: &Path, rel: &str) -> (std::path::PathBuf, Vec<String>) {
    let dir = rel
        .strip_suffix("/index.md")
        .unwrap_or_else(|| panic!("not a folder page: {rel}"));
    let dir = site.join(dir);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    (dir, names)
}

/// 述职报告 sit beside an evaluation: `new evaluation` makes a folder page,
/// a new folder each time, and a PDF put there is published with it.
#[test]
fn new_evaluation_is_a_folder_page_that_holds_its_reports() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    assert_eq!(gongkai(tmp.path(), &["init", "site"]).code, Some(0));
    rewrite_examples(&site);
    let first = created(&gongkai(&site, &["new", "evaluation", "年度评议"]));
    let second = created(&gongkai(&site, &["new", "evaluation", "年度评议"]));
    assert!(first.starts_with("content/evaluations/"), "{first}");
    let (dir, names) = folder_of(&site, &first);
    assert_eq!(names, ["index.md"]);
    let (dir2, names2) = folder_of(&site, &second);
    assert_ne!(dir, dir2, "a folder of its own");
    assert_eq!(names2, ["index.md"]);
    // The report the archetype explains how to attach.
    std::fs::write(dir.join("shuzhi.pdf"), b"%PDF-1.4 test").expect("pdf");
    let path = site.join(&first);
    let text = read(&path);
    assert!(text.contains("# report = \"shuzhi.pdf\""), "{text}");
    std::fs::write(
        &path,
        text.replacen("# report = \"shuzhi.pdf\"", "report = \"shuzhi.pdf\"", 1),
    )
    .expect("write");
    let build = gongkai(&site, &["build", "--drafts"]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    let url_dir = dir
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let out = site.join("public/evaluations").join(&url_dir);
    assert!(
        out.join("shuzhi.pdf").is_file(),
        "published beside the page"
    );
    assert!(
        read(&out.join("index.html")).contains("shuzhi.pdf"),
        "linked from the page"
    );
}

/// A copy of a folder page stays a folder page, in a folder of its own:
/// last year's attachments stay where they are, and names of them are cleared.
#[test]
fn a_copy_of_a_folder_page_is_a_folder_page_without_last_years_files() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    assert_eq!(gongkai(tmp.path(), &["init", "site"]).code, Some(0));
    rewrite_examples(&site);
    // Last year's evaluation with its 述职报告 beside it.
    let eval = site.join("content/evaluations/2026-pingyi/index.md");
    std::fs::write(eval.with_file_name("paichusuo-shuzhi.pdf"), b"%PDF-1.4").expect("pdf");
    let text = read(&eval).replacen(
        "# report = \"paichusuo-shuzhi.pdf\"",
        "report = \"paichusuo-shuzhi.pdf\"",
        1,
    );
    std::fs::write(&eval, text).expect("write");
    assert_eq!(gongkai(&site, &["build"]).code, Some(0));

    let run = gongkai(&site, &["new", "evaluation", "--from-last"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let copy = created(&run);
    assert_ne!(copy, "content/evaluations/2026-pingyi/index.md");
    let (_, names) = folder_of(&site, &copy);
    assert_eq!(names, ["index.md"], "attachments are not copied");
    let text = read(&site.join(&copy));
    assert!(
        !text.contains("report = \"paichusuo-shuzhi.pdf\""),
        "{text}"
    );
    assert!(text.contains("述职报告附件没有从原文件复制过来"), "{text}");
    let build = gongkai(&site, &["build", "--drafts"]);
    assert_eq!(
        build.code,
        Some(0),
        "no report pointing at nothing: {}",
        build.stderr
    );

    // `--from` a folder page of another kind: a folder page too.
    let report = site.join("content/reports/2026-bannian-xiaojie");
    std::fs::create_dir(&report).expect("mkdir");
    std::fs::rename(
        site.join("content/reports/2026-bannian-xiaojie.md"),
        report.join("index.md"),
    )
    .expect("move");
    std::fs::write(report.join("fujian.pdf"), b"%PDF-1.4").expect("pdf");
    let run = gongkai(
        &site,
        &[
            "new",
            "report",
            "年终总结",
            "--from",
            "content/reports/2026-bannian-xiaojie/index.md",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let (_, names) = folder_of(&site, &created(&run));
    assert_eq!(names, ["index.md"]);
    // A single-file page's copy stays a single file.
    let run = gongkai(
        &site,
        &[
            "new",
            "article",
            "--from",
            "content/news/2026-pingyi-dahui.md",
        ],
    );
    let single = created(&run);
    assert!(
        single.starts_with("content/news/")
            && single.ends_with(".md")
            && !single.ends_with("/index.md"),
        "{single}"
    );
}

/// Every kind's template starts as a draft: nothing `new` writes is
/// published before its author says so.
#[test]
fn every_archetype_starts_as_a_draft() {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    assert_eq!(gongkai(tmp.path(), &["init", "site"]).code, Some(0));
    rewrite_examples(&site);
    let before = hash_tree(&{
        assert_eq!(gongkai(&site, &["build"]).code, Some(0));
        site.join("public")
    });
    for kind in [
        "article",
        "inspection",
        "evaluation",
        "submission",
        "report",
        "delegate",
    ] {
        let run = gongkai(&site, &["new", kind, "草稿测试"]);
        assert_eq!(run.code, Some(0), "{kind}: {}", run.stderr);
        let text = read(&site.join(created(&run)));
        let front = text
            .strip_prefix("+++\n")
            .and_then(|t| t.split_once("\n+++\n"))
            .map(|(f, _)| f)
            .unwrap_or_else(|| panic!("{kind}: {text}"));
        let table: toml::Table = toml::from_str(front).unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(
            table.get("draft").and_then(toml::Value::as_bool),
            Some(true),
            "{kind}: {front}"
        );
    }
    // Built without --drafts, the site is what it was.
    let build = gongkai(&site, &["build"]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    assert_same_tree(&before, &hash_tree(&site.join("public")), "public/");
}
