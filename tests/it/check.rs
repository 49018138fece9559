//! `gongkai check` end to end: each planted problem is found at its line,
//! grouped, with exit code 1 for errors and 0 for warnings only; nothing is
//! written; `--format json` is machine-readable; the demo site passes.

use crate::common::*;

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

/// The day after the demo's newest news item: every column is in time.
const DEMO_TODAY: &str = "2026-12-06";

/// The demo site passes the strictest check on a fixed day (`--as-of`):
/// the result does not depend on when tests run. Its one warning is a note:
/// the 督办台账's overdue item (镇国土所's 交办, due 2026-11-30).
#[test]
fn the_demo_site_passes_strict_with_no_warning() {
    let root = repo_root();
    let run = gongkai(&root, &["check", "--strict", "--as-of", DEMO_TODAY]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let warnings: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("警告："))
        .filter(|l| !l.starts_with("=="))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stdout);
    assert!(
        warnings[0].starts_with(
            "content/inspections/2026-guotusuo-tudifa-jiancha.md:31: 警告：镇国土所 视察交办："
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("可以发布。\n"), "{}", run.stdout);
}

/// A writable copy of the demo site (the repository's `site.toml` and `content/`).
fn demo() -> SiteCopy {
    SiteCopy::demo()
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// Twenty days later the news column is late: a warning an inspection
/// counts, so the verdict is not 「可以发布」 and points to `--strict`;
/// `--strict` makes it an error (exit 1).
#[test]
fn a_warning_an_inspection_counts_is_no_ready_to_publish_and_fails_strict() {
    let site = demo();
    let run = gongkai(&site.root, &["check", "--clock", "2026-12-25"]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    let out = &run.stdout;
    assert!(
        out.contains("content/news/_index.md:1: 警告：栏目「人大要闻」已经 20 天没有更新了（最近一篇是 2026-12-05，要求 14 天内更新）"),
        "{out}"
    );
    assert!(!out.contains("可以发布"), "{out}");
    assert!(
        out.contains("检查完成：没有错误，但有 2 个警告，其中 1 个县里检查网站时会算作问题。发布前请逐条处理，处理完用 gongkai check --strict 确认。"),
        "{out}"
    );
    let strict = gongkai(&site.root, &["check", "--strict", "--clock", "2026-12-25"]);
    assert_eq!(strict.code, Some(1), "{}", strict.stdout);
    assert!(
        strict
            .stdout
            .contains("content/news/_index.md:1: 错误：栏目「人大要闻」已经 20 天没有更新了"),
        "{}",
        strict.stdout
    );
    assert!(
        strict.stdout.contains("== 错误：长期未更新的栏目 =="),
        "{}",
        strict.stdout
    );
    let report = json(&gongkai(
        &site.root,
        &[
            "check",
            "--strict",
            "--clock",
            "2026-12-25",
            "--format",
            "json",
        ],
    ));
    assert_eq!(report["errors"], 1);
    assert_eq!(report["strict"], true);
    assert_eq!(report["ready_to_publish"], false);
    // The error is the stale column; the overdue 交办 stays a warning (a note).
    let codes: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let field = |k: &str| d[k].as_str().unwrap_or_default();
            (field("code"), field("severity"))
        })
        .collect();
    assert_eq!(
        codes,
        [("deadline-overdue", "warning"), ("stale-section", "error")]
    );
}

/// Warnings that are notes for the office (a file left out of the site)
/// do not stand in the way: 「可以发布」, and `--strict` passes.
#[test]
fn notes_alone_are_ready_to_publish_even_strict() {
    let site = demo();
    site.write("content/news/huiyi-jilu.docx.bak", "旧稿");
    for args in [
        &["check", "--clock", DEMO_TODAY][..],
        &["check", "--strict", "--clock", DEMO_TODAY][..],
    ] {
        let run = gongkai(&site.root, args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stdout);
        assert!(
            run.stdout
                .contains("content/news/huiyi-jilu.docx.bak: 警告："),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(
                "检查完成：没有错误；2 个警告只是提醒，县里检查网站时不算问题。可以发布。"
            ),
            "{args:?}: {}",
            run.stdout
        );
    }
}

/// `--clock` is the day the run takes as today: the stale check counts
/// from it, not from the computer's date.
#[test]
fn clock_sets_today_for_the_stale_check() {
    let site = SiteCopy::new("basic");
    let at = |day: &str| gongkai(&site.root, &["check", "--clock", day]).stdout;
    assert!(
        !at("2026-09-20").contains("长期未更新"),
        "12 days after 2026-09-08 is in time"
    );
    assert!(
        at("2026-09-23").contains("栏目「人大要闻」已经 15 天没有更新了（最近一篇是 2026-09-08"),
        "15 days is late"
    );
    // `--clock` is the old name of `--as-of`: a bad date names the option.
    let bad = gongkai(&site.root, &["check", "--clock", "2026-13-01"]);
    assert_eq!(bad.code, Some(2), "{}", bad.stderr);
    assert!(
        bad.stderr.contains("「2026-13-01」不能用作 --as-of"),
        "{}",
        bad.stderr
    );
}

/// `build --clock` is the year in the footer's © (the only use of today in
/// a build).
#[test]
fn build_clock_sets_the_footer_year() {
    let site = SiteCopy::new("basic");
    let run = gongkai(&site.root, &["build", "--clock", "2031-01-02"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let home = site.read("public/index.html");
    assert!(home.contains("© 2031 "), "{home}");
    assert!(site.read("public/atom.xml").contains("© 2031 "));
    // Every page records the day it was built (`--clock`: the old `--as-of`).
    assert!(
        home.contains("<p>本站生成于 <time datetime=\"2031-01-02\">2031年1月2日</time></p>"),
        "{home}"
    );
}

/// The summary says what the check looked at, from the run itself: an
/// added link and an added placeholder change its numbers.
#[test]
fn the_summary_counts_what_the_run_looked_at() {
    let site = demo();
    let before = json(&gongkai(
        &site.root,
        &["check", "--clock", DEMO_TODAY, "--format", "json"],
    ));
    let summary = &before["summary"];
    // 43, the 7 suggestions of issue 23, the two 工作规则 of issue 24 and
    // its 信息公开指南 and 年度报告.
    assert_eq!(summary["pages"], 54);
    assert_eq!(summary["placeholders"], 0);
    assert!(summary["outputs_scanned"].as_u64() > Some(100), "{summary}");
    let news = summary["columns"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["title"] == "人大要闻"))
        .expect("news column");
    assert_eq!(news["last"], "2026-12-05");
    assert_eq!(news["days_ago"], 1);
    assert_eq!(news["limit"], 14);
    assert_eq!(news["national"], 14);
    assert_eq!(news["file"], "content/news/_index.md");
    site.write(
        "content/news/2026-buchong.md",
        "+++\ntitle = \"补充\"\ndate = 2026-12-01\n[disclosure]\nindex_no = \"11000000MB0000000X/2026-00023\"\n+++\n\n（请写正文）见[接待日](@/news/2026-lianluozhan-jiedai.md)和[附件](fujian.pdf)。\n",
    );
    let after = json(&gongkai(
        &site.root,
        &["check", "--clock", DEMO_TODAY, "--format", "json"],
    ));
    let n = |v: &serde_json::Value, k: &str| v["summary"][k].as_u64().unwrap_or_default();
    assert_eq!(n(&after, "pages"), 55);
    assert_eq!(n(&after, "placeholders"), 1);
    // Every link of every published page is looked at (the menu of each
    // page too): the new page's links and the listings' links to it.
    assert!(n(&before, "links_checked") > 1000, "{before}");
    assert!(n(&after, "links_checked") > n(&before, "links_checked"));
    assert!(n(&after, "attachments_checked") > n(&before, "attachments_checked"));
    assert!(n(&after, "outputs_scanned") > n(&before, "outputs_scanned"));
    let text = gongkai(&site.root, &["check", "--clock", DEMO_TODAY]).stdout;
    for line in [
        "== 发布前核对 ==",
        "已公开的文档 55 篇，栏目 7 个：",
        "  「人大要闻」：17 篇，最近一篇 2026-12-05（1 天前），要求 14 天内更新",
        "没改写的模板文字（如「（请填写…）」）：1 处，见上面的错误。",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} in:\n{text}");
    }
    assert!(text.contains("个人信息（身份证号、手机号、银行卡号）：扫描了源文件和生成的"));
}

/// A column whose rule is relaxed says so in the summary too.
#[test]
fn the_summary_shows_a_relaxed_rule() {
    let site = demo();
    site.replace(
        "content/news/_index.md",
        "stale_after_days = 14",
        "stale_after_days = 30",
    );
    let out = gongkai(&site.root, &["check", "--clock", DEMO_TODAY]).stdout;
    assert!(
        out.contains("  「人大要闻」：16 篇，最近一篇 2026-12-05（1 天前），本站放宽到 30 天内更新（国家要求 14 天）"),
        "{out}"
    );
    assert!(!out.contains("可以发布"), "{out}");
}

/// Three unknown keys in three tables of site.toml: all three in one run,
/// each at its line.
#[test]
fn every_unknown_key_of_site_toml_is_reported_in_one_run() {
    let site = SiteCopy::new("basic");
    site.replace(
        "site.toml",
        "feed_limit = 10\n",
        "feed_limit = 10\nfeed_limt = 5\n",
    );
    site.replace("site.toml", "icp = ", "icpp = \"x\"\nicp = ");
    site.write(
        "site.toml",
        &format!("{}\n[search]\nenabeld = false\n", site.read("site.toml")),
    );
    let run = gongkai(&site.root, &["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    for (key, hint) in [
        ("feed_limt", "feed_limit"),
        ("icpp", "icp"),
        ("enabeld", "enabled"),
    ] {
        let at = site.loc("site.toml", &format!("{key} ="));
        let head = format!("{at}: 错误：");
        assert!(
            run.stdout
                .lines()
                .any(|l| l.starts_with(&head) && l.contains(key) && l.contains(hint)),
            "{head}…{key} in:\n{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("检查完成：3 个错误"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("== 发布前核对 =="),
        "nothing was looked at: {}",
        run.stdout
    );
    let report = json(&gongkai(&site.root, &["check", "--format", "json"]));
    assert_eq!(report["errors"], 3);
    assert!(report["summary"].is_null(), "{report}");
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

/// A template that fails only when a page is rendered (a filter given the
/// wrong type) fails `check` as it fails `build`: the two agree.
#[test]
fn a_template_error_at_render_time_fails_check_as_it_fails_build() {
    let site = SiteCopy::new("basic");
    site.write("templates/404.html", "{{ site.title | round }}\n");
    let head = "templates/404.html:1: 错误：模板 templates/404.html 里的过滤器 round 出错";
    let check = gongkai(&site.root, &["check"]);
    assert_eq!(check.code, Some(1), "{}", check.stdout);
    assert_eq!(
        check.stdout.matches(head).count(),
        1,
        "once: {}",
        check.stdout
    );
    assert!(
        check.stdout.contains("== 错误：模板的错误 =="),
        "{}",
        check.stdout
    );
    let build = gongkai(&site.root, &["build"]);
    assert_eq!(build.code, Some(1), "{}", build.stderr);
    assert!(build.stderr.contains(head), "{}", build.stderr);
}

/// A reader that stops early (`gongkai check | head`) does not make the
/// check panic: it still exits with what it found.
#[test]
fn a_reader_that_stops_early_is_no_panic() {
    let site = planted();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check"])
        .current_dir(&site.root)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run gongkai");
    // Closed before gongkai has loaded the site, so its first line finds no reader.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
}
