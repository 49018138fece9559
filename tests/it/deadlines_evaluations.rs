//! 整改期限 and 复评 (issue 23, the evaluation part): the fixture site
//! `tests/sites/deadlines` built as of 2026-12-06, its evaluation pages, the
//! unit page and `/stats/2026/` read back with exact dates, days, statuses
//! and rates; and each check of a `due` or a `rectification_months` at its
//! line, on a copy of the site.

use crate::common::*;

const AS_OF: &str = "2026-12-06";
const FIRST: &str = "content/evaluations/2026-pingyi/index.md";
const AGAIN: &str = "content/evaluations/2026-fuping/index.md";

/// The fixture built with the real binary as of [`AS_OF`].
fn built() -> (SiteCopy, Run) {
    let site = SiteCopy::new("deadlines");
    let run = gongkai(&site.root, &["build", "--clock", AS_OF]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    (site, run)
}

/// The text of some HTML: tags dropped, a line break for each block tag
/// (cells, rows, paragraphs, items, headings, `<br>`), entities of the theme
/// decoded, lines trimmed and empty ones dropped.
fn text(html: &str) -> String {
    const BLOCKS: [&str; 10] = ["td", "th", "tr", "p", "li", "h2", "h3", "br", "ul", "ol"];
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        let name: String = rest[open + 1..close]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if BLOCKS.contains(&name.as_str()) {
            out.push('\n');
        }
        rest = &rest[close.min(rest.len())..];
    }
    out.push_str(rest);
    let out = out.replace("&nbsp;", " ").replace("&amp;", "&");
    out.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The part of `html` from the element with `id` to the end of the
/// section it is in.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let id_at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let start = html[..id_at].rfind('<').unwrap_or(id_at);
    let rest = &html[start..];
    // Nested sections (one per unit) are part of it.
    let mut depth = 1;
    let mut at = 0;
    while depth > 0 {
        let open = rest[at..].find("<section").map(|i| at + i);
        let Some(close) = rest[at..].find("</section>").map(|i| at + i) else {
            return rest;
        };
        match open.filter(|&o| o < close) {
            Some(o) => (depth, at) = (depth + 1, o + 1),
            None => (depth, at) = (depth - 1, close + 1),
        }
    }
    &rest[..at - 1]
}

#[test]
fn each_unit_below_the_top_band_has_its_report_due_date_and_standing() {
    let (site, _) = built();
    let html = site.read("public/evaluations/2026-pingyi/index.html");
    let facts = text(section(&html, "facts-title"));
    assert!(
        facts.contains("一般在评议大会后 3 个月内提交整改情况报告"),
        "{facts}"
    );
    // 2026-08-28 + 6 months, clamped to February's last day.
    assert!(
        facts.contains("跟踪督办\n至 2027年2月28日（评议大会后 6 个月）"),
        "{facts}"
    );
    let rect = text(section(&html, "rect-title"));
    for expected in [
        // A written due, reported before it.
        "整改报告期限：2026年11月20日，2026年11月10日提交整改情况报告 ✓ 按期完成",
        // 2026-08-28 + 3 months, reported 3 days after.
        "整改报告期限：2026年11月28日（评议大会后 3 个月），2026年12月1日提交整改情况报告 逾期 3 天完成",
        // The same date, still open on 2026-12-06.
        "整改报告期限：2026年11月28日（评议大会后 3 个月） 已逾期 8 天",
        // A written due, 9 days ahead.
        "整改报告期限：2026年12月15日 还剩 9 天",
    ] {
        assert!(rect.contains(expected), "{expected:?} in:\n{rect}");
    }
    assert_eq!(
        rect.matches("整改报告期限").count(),
        4,
        "not the 满意单位: {rect}"
    );
    assert!(!rect.contains("镇派出所（"), "{rect}");
}

#[test]
fn the_reevaluation_is_shown_beside_the_first_on_both_pages() {
    let (site, _) = built();
    let first = site.read("public/evaluations/2026-pingyi/index.html");
    let rounds = section(&first, "rounds-title");
    assert!(
        rounds.contains("href=\"/rd/dl/evaluations/2026-fuping/\""),
        "{rounds}"
    );
    assert_eq!(
        text(rounds),
        "复评结果\n镇国土所：本次测评满意率 75.0%，基本满意单位；2026年度复评满意率 97.5%，✓ 满意单位",
    );
    let again = site.read("public/evaluations/2026-fuping/index.html");
    let rounds = section(&again, "rounds-title");
    assert!(
        rounds.contains("href=\"/rd/dl/evaluations/2026-pingyi/\""),
        "{rounds}"
    );
    assert_eq!(
        text(rounds),
        "初评结果对照\n镇国土所：本次复评满意率 97.5%，✓ 满意单位；2026年度评议（初评）满意率 75.0%，基本满意单位",
    );
    // A unit evaluated once has no such block.
    assert!(
        !section(&first, "rect-title").contains("rounds"),
        "one block for the page"
    );
}

#[test]
fn the_unit_page_shows_the_years_two_rounds_in_one_row() {
    let (site, _) = built();
    let html = site.read("public/units/zhen-guo-tu-suo/index.html");
    let history = section(&html, "unit-evaluations");
    let body = &history[history.find("<tbody>").expect("a table")..];
    let body = &body[..body.find("</tbody>").expect("its end")];
    assert_eq!(body.matches("<tr>").count(), 1, "one row for 2026: {body}");
    assert_eq!(
        text(body),
        "2026年\n75.0%\n复评 97.5%\n基本满意单位\n复评 ✓ 满意单位\n跟踪督办\n2026年度评议公告\n2026年度复评公告"
    );
    for url in [
        "/rd/dl/evaluations/2026-pingyi/",
        "/rd/dl/evaluations/2026-fuping/",
    ] {
        assert!(body.contains(&format!("href=\"{url}\"")), "{url}: {body}");
    }
}

#[test]
fn stats_count_the_reports_due_in_the_year_by_today_and_those_on_time() {
    let (site, _) = built();
    let html = site.read("public/stats/2026/index.html");
    // Due in 2026 by 2026-12-06: 卫生院 (on time), 国土所 (late), 财政所
    // (open); 农医办's 2026-12-15 is not due yet.
    assert_eq!(
        text(section(&html, "st-rectifications")),
        "评议整改按期完成情况\n2026年到期的整改报告 3 份，按期提交 1 份，按期完成率 33.3%。\n到期：整改期限在本年内、且不晚于本页生成日期；按期：整改情况报告在期限当天或之前提交。"
    );
    // Two days later nothing changes; after 12-15 the 农医办's is due too.
    let run = gongkai(&site.root, &["build", "--clock", "2026-12-20"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = site.read("public/stats/2026/index.html");
    assert!(
        text(section(&html, "st-rectifications"))
            .contains("2026年到期的整改报告 4 份，按期提交 1 份，按期完成率 25.0%。"),
        "{html}"
    );
}

/// Runs a build of the broken copy in Chinese and English: it fails, each
/// message at `at` with its fragments, and `public/` is as it was.
fn fails_at(site: &SiteCopy, at: &str, zh: &str, en: &str) {
    let before = hash_tree(&site.path("public"));
    for (lang, fragment, head) in [("zh", zh, "错误："), ("en", en, "error: ")] {
        let run = gongkai(&site.root, &["build", "--clock", AS_OF, "--lang", lang]);
        assert_eq!(run.code, Some(1), "{lang}: {}", run.stderr);
        let line = line_starting_with(&run.stderr, &format!("{at}: {head}"));
        assert!(
            line.contains(fragment),
            "{fragment:?} in {line:?}:\n{}",
            run.stderr
        );
    }
    assert_same_tree(&before, &hash_tree(&site.path("public")), "public/");
}

#[test]
fn a_due_before_the_meeting_is_an_error_at_its_line() {
    let (site, _) = built();
    site.replace(FIRST, "due = 2026-12-15", "due = 2026-08-01");
    fails_at(
        &site,
        &site.loc(FIRST, "due = 2026-08-01"),
        "「镇农医办」的整改期限 due 2026-08-01 早于评议大会日期 meeting_date 2026-08-28",
        "the rectification due date of \"镇农医办\" (due 2026-08-01) is before the meeting",
    );
}

#[test]
fn rectification_months_out_of_range_is_an_error_at_its_line() {
    let (site, _) = built();
    site.replace(
        FIRST,
        "delegates_present = 40\n",
        "delegates_present = 40\nrectification_months = 13\n",
    );
    fails_at(
        &site,
        &site.loc(FIRST, "rectification_months = 13"),
        "rectification_months = 13 不在 1 到 12 之间",
        "rectification_months = 13 is not between 1 and 12",
    );
    let (site, _) = built();
    site.replace(
        "site.toml",
        "rectification_months = 3",
        "rectification_months = 0",
    );
    fails_at(
        &site,
        &site.loc("site.toml", "rectification_months = 0"),
        "rectification_months = 0 不在 1 到 12 之间",
        "rectification_months = 0 is not between 1 and 12",
    );
}

#[test]
fn the_pages_months_count_from_the_meeting() {
    let site = SiteCopy::new("deadlines");
    site.replace(
        FIRST,
        "delegates_present = 40\n",
        "delegates_present = 40\nrectification_months = 1\n",
    );
    let run = gongkai(&site.root, &["build", "--clock", AS_OF]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let rect = text(section(
        &site.read("public/evaluations/2026-pingyi/index.html"),
        "rect-title",
    ));
    // 2026-08-28 + 1 month; 财政所 open since: 69 days overdue.
    assert!(
        rect.contains("整改报告期限：2026年9月28日（评议大会后 1 个月） 已逾期 69 天"),
        "{rect}"
    );
}

#[test]
fn a_due_on_a_unit_of_the_top_band_is_a_warning_at_its_line() {
    let site = SiteCopy::new("deadlines");
    site.replace(
        AGAIN,
        "votes = { satisfied = 36, basically_satisfied = 3, unsatisfied = 1, abstain = 0 }\n",
        "votes = { satisfied = 36, basically_satisfied = 3, unsatisfied = 1, abstain = 0 }\n\
         [[evaluation.units.rectification]]\ndate = 2026-12-04\nstage = \"notice\"\ndue = 2027-01-04\n",
    );
    let at = site.loc(AGAIN, "due = 2027-01-04");
    for (lang, head, fragment) in [
        (
            "zh",
            "警告：",
            "「镇国土所」被评为满意单位，不需要整改，但整改记录写了整改期限 due",
        ),
        (
            "en",
            "warning: ",
            "\"镇国土所\" was rated 满意单位, which needs no rectification",
        ),
    ] {
        let run = gongkai(&site.root, &["build", "--clock", AS_OF, "--lang", lang]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let line = line_starting_with(&run.stderr, &format!("{at}: {head}"));
        assert!(line.contains(fragment), "{line}\n{}", run.stderr);
    }
    // It sets no deadline: the 复评 page shows none.
    let html = site.read("public/evaluations/2026-fuping/index.html");
    assert!(!html.contains("整改报告期限"), "{html}");
}

#[test]
fn new_from_last_clears_due_and_keeps_the_months() {
    let site = SiteCopy::new("deadlines");
    site.replace(
        FIRST,
        "delegates_present = 40\n",
        "delegates_present = 40\nrectification_months = 2\n",
    );
    let run = gongkai(
        &site.root,
        &[
            "new",
            "evaluation",
            "2027年度民主评议结果公告",
            "--from",
            FIRST,
        ],
    );
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let made = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("已新建："))
        .unwrap_or_else(|| panic!("the new page: {}", run.stdout));
    let copy = site.read(made.trim());
    assert!(copy.contains("rectification_months = 2"), "{copy}");
    assert!(!copy.contains("due ="), "{copy}");
}
