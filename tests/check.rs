//! `gongkai check` end to end: each planted problem is found at its line,
//! grouped, with exit code 1 for errors and 0 for warnings only; nothing is
//! written; `--format json` is machine-readable; the demo site passes.

mod common;

use common::*;

const ZOUFANG: &str = "content/news/2025-zoufang.md";

fn append(site: &SiteCopy, rel: &str, text: &str) {
    let old = site.read(rel);
    site.write(rel, &format!("{old}{text}"));
}

/// The basic site with one instance of every problem `check` looks for.
fn planted() -> SiteCopy {
    let site = SiteCopy::new("basic");
    append(
        &site,
        ZOUFANG,
        "\n![](photo.png)\n\n[附件](missing.pdf)\n\n[锚点](@/news/2026-shicha.md#不存在的标题)\n\n[本页](#没有这个标题)\n\n<img src=\"x.png\">\n\n电话13812345678\n",
    );
    site.write("content/empty/_index.md", "+++\ntitle = \"空栏目\"\n+++\n");
    site.write(
        "content/news/2099-future.md",
        "+++\ntitle = \"未来的文章\"\ndate = 2099-01-01\n+++\n正文。\n",
    );
    site
}

#[test]
fn every_planted_problem_is_found_at_its_line() {
    let site = planted();
    let run = gongkai(&site.root, &["check"]);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    let out = &run.stdout;
    let expect = [
        (site.line_of(ZOUFANG, "![](photo.png)"), "图片没有文字说明"),
        (
            site.line_of(ZOUFANG, "![](photo.png)"),
            "链接或图片 photo.png 在上传后的网站里指向 /rd/qingxi/news/2025-zoufang/photo.png",
        ),
        (
            site.line_of(ZOUFANG, "missing.pdf"),
            "链接或图片 missing.pdf 在上传后的网站里指向",
        ),
        (
            site.line_of(ZOUFANG, "不存在的标题"),
            "#不存在的标题 在那篇文章里找不到",
        ),
        (
            site.line_of(ZOUFANG, "没有这个标题"),
            "#没有这个标题 在那篇文章里找不到",
        ),
        (site.line_of(ZOUFANG, "<img src"), "图片没有文字说明"),
        // Raw HTML is checked in the output too, at the line that holds it.
        (site.line_of(ZOUFANG, "<img src"), "链接或图片 x.png"),
        (site.line_of(ZOUFANG, "电话138"), "手机号码（138****5678）"),
    ];
    for (line, text) in expect {
        let head = format!("{ZOUFANG}:{line}: 错误：");
        assert!(
            out.lines()
                .any(|l| l.starts_with(&head) && l.contains(text)),
            "expected {head}…{text} in:\n{out}"
        );
    }
    assert!(
        out.contains("content/empty/_index.md:1: 错误：栏目「空栏目」里没有任何已公开的文章"),
        "{out}"
    );
    let future = site.line_of("content/news/2099-future.md", "date =");
    assert!(
        out.contains(&format!(
            "content/news/2099-future.md:{future}: 警告：这篇文档的日期 2099-01-01 还没到"
        )),
        "{out}"
    );
    assert!(out.contains("警告：这篇文档没有索引号"), "{out}");
    assert!(out.contains("== 错误：失效的链接 =="), "grouped: {out}");
    assert!(
        out.contains("== 警告：日期在未来的文档 =="),
        "grouped: {out}"
    );
    assert!(out.contains("检查完成：9 个错误"), "{out}");
    assert!(!site.path("public").exists(), "check writes nothing");
}

#[test]
fn json_report_is_machine_readable() {
    let site = planted();
    let run = gongkai(&site.root, &["check", "--format", "json", "--lang", "en"]);
    assert_eq!(run.code, Some(1));
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["errors"], 9);
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    for code in [
        "image-without-alt",
        "dead-link",
        "broken-anchor",
        "personal-data",
        "empty-section",
        "future-date",
        "missing-index-no",
        "stale-section",
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    let first = &report["diagnostics"][0];
    assert!(first["path"]
        .as_str()
        .is_some_and(|p| p.starts_with("content/")));
    assert!(
        first["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("the section")),
        "English: {first}"
    );
}

#[test]
fn warnings_alone_exit_zero() {
    let site = SiteCopy::new("basic");
    let run = gongkai(&site.root, &["check"]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(
        run.stdout.contains("警告"),
        "the fixture has stale columns: {}",
        run.stdout
    );
    assert!(run.stdout.contains("检查完成：没有错误"), "{}", run.stdout);
}

#[test]
fn a_unit_rated_below_the_top_band_without_rectification_is_a_warning() {
    let site = SiteCopy::new("basic");
    site.write(
        "content/news/pingyi.md",
        "+++\ntitle = \"评议\"\ndate = 2026-11-20\nkind = \"evaluation\"\n[evaluation]\nyear = 2026\nmeeting_date = 2026-11-20\ndelegates_present = 10\n[[evaluation.units]]\nname = \"镇国土所\"\nvotes = { satisfied = 3, basically_satisfied = 2, unsatisfied = 5 }\n+++\n",
    );
    let run = gongkai(&site.root, &["check"]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    let line = site.line_of("content/news/pingyi.md", "name = ");
    assert!(
        run.stdout.contains(&format!(
            "content/news/pingyi.md:{line}: 警告：「镇国土所」被评为不满意单位，但还没有整改记录"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn the_demo_site_passes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = gongkai(root, &["check"]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
}

/// Dead links of three kinds (anchor, page, draft), with another group whose
/// code sorts between theirs (image-without-alt): one heading, printed once.
#[test]
fn each_group_heading_is_printed_once() {
    let site = planted();
    append(
        &site,
        ZOUFANG,
        "\n[草稿](@/news/2026-caogao.md)\n\n[没有的文章](@/news/no-such-page.md)\n",
    );
    let run = gongkai(&site.root, &["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let out = &run.stdout;
    for heading in ["== 错误：失效的链接 ==", "== 错误：没有文字说明的图片 =="]
    {
        assert_eq!(out.matches(heading).count(), 1, "{heading} once in:\n{out}");
    }
    assert!(out.contains("2026-caogao.md"), "{out}");
    assert!(out.contains("no-such-page.md"), "{out}");
}

/// After the office's code changes in site.toml, a document still numbered
/// with the old code is a warning at its `index_no` line; a number with the
/// current code is not.
#[test]
fn an_index_no_with_another_code_is_a_warning_at_its_line() {
    let site = SiteCopy::new("basic");
    site.replace(
        ZOUFANG,
        "tags = [\"走访\"]\n",
        "tags = [\"走访\"]\n[disclosure]\nindex_no = \"11000000OLD000000X/2025-00001\"\n",
    );
    site.replace(
        "content/news/2026-shicha.md",
        "tags = [\"新农合\", \"视察\"]\n",
        "tags = [\"新农合\", \"视察\"]\n[disclosure]\nindex_no = \"11000000MB0000000X/2026-00002\"\n",
    );
    let run = gongkai(&site.root, &["check"]);
    let out = &run.stdout;
    let at = site.loc(ZOUFANG, "index_no =");
    assert!(
        out.contains(&format!(
            "{at}: 警告：索引号 11000000OLD000000X/2025-00001 的开头和本单位的代码对不上"
        )),
        "{out}"
    );
    assert!(out.contains("应以「11000000MB0000000X」开头"), "{out}");
    assert!(
        !out.contains("11000000MB0000000X/2026-00002 的开头"),
        "{out}"
    );
}
