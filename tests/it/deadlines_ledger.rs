//! The 督办台账 (issue 23, the ledger part) on the `deadlines` fixture,
//! built with `--as-of 2026-12-06`: inspection follow-ups with a 交办期限
//! open and overdue (6 days, and a 2025 one 325 days), open within 14 days
//! (10), open later (20), done on time, done late, and one in a draft.
//!
//! Most assertions count the 视察交办 rows only; the CSV's bytes and the
//! home panel's counts cover every row of the fixture, the suggestions'
//! replies and the evaluation's 整改报告 too: the one ledger of all kinds.

use crate::common::{gongkai, table_rows, SiteCopy};

const AS_OF: &str = "2026-12-06";

/// The fixture copied and built on [`AS_OF`].
fn built() -> SiteCopy {
    let site = SiteCopy::new("deadlines");
    let run = gongkai(&site.root, &["build", "--as-of", AS_OF]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    site
}

/// The 视察交办 rows of the ledger's table in `html` (`common::table_rows`).
fn rows(html: &str) -> Vec<String> {
    table_rows(html, "ledger")
        .into_iter()
        .filter(|r| r.contains("视察交办"))
        .collect()
}

const NONGYIBAN_2025: &str = "2026年1月15日 | 已逾期 325 天 | 视察交办 | <https://example.gov.cn/rd/dl/inspections/2025-nongyiban/>镇农医办 视察交办：医保缴费";
const NONGYIBAN: &str = "2026年11月30日 | 已逾期 6 天 | 视察交办 | <https://example.gov.cn/rd/dl/inspections/nongyiban/>镇农医办 视察交办：新农合登记";
const WEISHENGYUAN: &str = "2026年12月16日 | 还有 10 天 | 视察交办 | <https://example.gov.cn/rd/dl/inspections/weishengyuan/>镇卫生院 视察交办：家庭医生签约";
const PAICHUSUO: &str = "2026年12月26日 | 还有 20 天 | 视察交办 | <https://example.gov.cn/rd/dl/inspections/paichusuo/>镇派出所 视察交办：户籍窗口服务";

/// A row as the ledger shows it, with its unit's column.
fn with_unit(row: &str, unit: &str, slug: &str) -> String {
    let row = row.replace("https://example.gov.cn", "");
    format!("{row} | </rd/dl/units/{slug}/>{unit}")
}

#[test]
fn the_ledger_lists_the_open_follow_ups_by_due_date_with_days_and_links() {
    let site = built();
    let html = site.read("public/dubans/index.html");
    assert_eq!(
        rows(&html),
        [
            with_unit(NONGYIBAN_2025, "镇农医办", "zhen-nong-yi-ban"),
            with_unit(NONGYIBAN, "镇农医办", "zhen-nong-yi-ban"),
            with_unit(WEISHENGYUAN, "镇卫生院", "zhen-wei-sheng-yuan"),
            with_unit(PAICHUSUO, "镇派出所", "zhen-pai-chu-suo"),
        ]
    );
    // Done on time (镇中心学校), done late (镇水务站) and a draft's (镇文化站): never.
    for absent in ["学校食堂", "汛期准备", "农家书屋", "草稿"] {
        assert!(!html.contains(absent), "{absent} in the ledger");
    }
    assert!(
        html.contains("剩余和逾期天数按 <time datetime=\"2026-12-06\">2026年12月6日</time> 计算")
    );
    // The year filter is links, one page per year with open items.
    assert!(html.contains("<li><a href=\"/rd/dl/dubans/\" aria-current=\"page\">全部年度</a></li>"));
    assert!(html.contains(
        "<li><a href=\"/rd/dl/dubans/2025/\">2025年<span class=\"count\">（1 项）</span></a></li>"
    ));
    assert!(html.contains("<a href=\"/rd/dl/dubans/dubans.csv\" download>"));
    let y2025 = site.read("public/dubans/2025/index.html");
    assert_eq!(
        rows(&y2025),
        [with_unit(NONGYIBAN_2025, "镇农医办", "zhen-nong-yi-ban")]
    );
    assert!(y2025.contains("<a href=\"/rd/dl/dubans/2025/\" aria-current=\"page\">2025年"));
    let y2026 = site.read("public/dubans/2026/index.html");
    assert_eq!(rows(&y2026).len(), 3, "{y2026}");
    let sitemap = site.read("public/sitemap.xml");
    for url in ["dubans/", "dubans/2025/", "dubans/2026/"] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.gov.cn/rd/dl/{url}</loc>")),
            "{url} in the sitemap"
        );
    }
    assert!(!sitemap.contains("dubans.csv"));
}

/// The CSV: the same rows, UTF-8 with a BOM, CRLF, absolute links; every
/// kind's open items in one order of due dates (a tie keeps the order of
/// the pages).
#[test]
fn the_csv_has_the_same_rows_with_a_bom() {
    let site = built();
    let bytes = std::fs::read(site.path("public/dubans/dubans.csv")).expect("csv");
    let expected = "\u{feff}期限,状态,逾期或剩余天数,事项,名称,单位,年度,链接\r\n\
        2026-01-15,已逾期,325,视察交办,镇农医办 视察交办：医保缴费,镇农医办,2025,https://example.gov.cn/rd/dl/inspections/2025-nongyiban/\r\n\
        2026-11-28,已逾期,8,整改报告,镇财政所 2026年度评议整改,镇财政所,2026,https://example.gov.cn/rd/dl/evaluations/2026-pingyi/\r\n\
        2026-11-30,已逾期,6,建议答复,第5号建议,镇派出所,2026,https://example.gov.cn/rd/dl/suggestions/2026-05-yuqi/\r\n\
        2026-11-30,已逾期,6,视察交办,镇农医办 视察交办：新农合登记,镇农医办,2026,https://example.gov.cn/rd/dl/inspections/nongyiban/\r\n\
        2026-12-15,未到期,9,建议答复,第7号建议,镇国土所,2026,https://example.gov.cn/rd/dl/suggestions/2026-07-yanqi/\r\n\
        2026-12-15,未到期,9,整改报告,镇农医办 2026年度评议整改,镇农医办,2026,https://example.gov.cn/rd/dl/evaluations/2026-pingyi/\r\n\
        2026-12-16,未到期,10,视察交办,镇卫生院 视察交办：家庭医生签约,镇卫生院,2026,https://example.gov.cn/rd/dl/inspections/weishengyuan/\r\n\
        2026-12-20,未到期,14,再次答复,第6号建议,镇中心学校,2026,https://example.gov.cn/rd/dl/suggestions/2026-06-bumanyi/\r\n\
        2026-12-26,未到期,20,视察交办,镇派出所 视察交办：户籍窗口服务,镇派出所,2026,https://example.gov.cn/rd/dl/inspections/paichusuo/\r\n\
        2027-01-20,未到期,45,建议答复,第2号建议,镇农医办,2026,https://example.gov.cn/rd/dl/suggestions/2026-02-banlizhong/\r\n";
    assert_eq!(String::from_utf8(bytes).expect("utf-8"), expected);
}

/// The home panel, a unit's open items, an inspection's due date, the
/// footer's build date.
#[test]
fn the_home_panel_unit_pages_and_footer_show_the_open_items() {
    let site = built();
    let home = site.read("public/index.html");
    // Counts of every row, all kinds.
    assert!(
        home.contains("<p>未办结 <strong>10</strong> 项，其中已逾期 <strong>4</strong> 项。</p>"),
        "{home}"
    );
    assert!(home.contains(
        "<p>最近到期：<time datetime=\"2026-01-15\">2026年1月15日</time> <a href=\"/rd/dl/inspections/2025-nongyiban/\">镇农医办 视察交办：医保缴费</a>（<span class=\"badge badge-bad\">已逾期 325 天</span>）</p>"
    ));
    assert!(home.contains("<h2 id=\"box-dubans\"><a href=\"/rd/dl/dubans/\">督办台账</a></h2>"));
    assert!(home.contains("<p>本站生成于 <time datetime=\"2026-12-06\">2026年12月6日</time></p>"));
    let unit = site.read("public/units/zhen-nong-yi-ban/index.html");
    let strip = |r: &str| r.replace("https://example.gov.cn", "");
    assert_eq!(rows(&unit), [strip(NONGYIBAN_2025), strip(NONGYIBAN)]);
    // 镇水务站 answered late: nothing open. 镇中心学校 answered its 交办 on
    // time, but owes a suggestion's second reply: its page lists that.
    let done = site.read("public/units/zhen-shui-wu-zhan/index.html");
    assert!(done.contains("<p class=\"empty\">目前没有未办结的督办事项。</p>"));
    let school = site.read("public/units/zhen-zhong-xin-xue-xiao/index.html");
    assert!(
        school.contains("<a href=\"/rd/dl/suggestions/2026-06-bumanyi/\">第6号建议</a>"),
        "{school}"
    );
    let page = site.read("public/inspections/nongyiban/index.html");
    assert!(page.contains("<p>交办期限：<time datetime=\"2026-11-30\">2026年11月30日</time>（<span class=\"badge badge-bad\">已逾期 6 天</span>）</p>"));
    let late = site.read("public/inspections/shuiwu/index.html");
    assert!(late.contains("（<time datetime=\"2026-10-08\">2026年10月8日</time>已反馈，超过期限）"));
    let on_time = site.read("public/inspections/xuexiao/index.html");
    assert!(on_time.contains("已反馈，按期办复）"));
}

/// `check --as-of` warns of the overdue items and those due within 14 days
/// at their `due` line; one due in 20 days, and a draft's, are not warned.
#[test]
fn check_warns_of_overdue_and_soon_due_items_at_their_line() {
    let site = SiteCopy::new("deadlines");
    let run = gongkai(&site.root, &["check", "--as-of", AS_OF]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let warned: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("视察交办") && l.contains("警告："))
        .collect();
    assert_eq!(
        warned,
        [
            "content/inspections/2025-nongyiban.md:12: 警告：镇农医办 视察交办：医保缴费的交办期限是 2026-01-15，已逾期 325 天。请督促办理；办结后在文件里记下办结的日期。",
            "content/inspections/nongyiban.md:13: 警告：镇农医办 视察交办：新农合登记的交办期限是 2026-11-30，已逾期 6 天。请督促办理；办结后在文件里记下办结的日期。",
            "content/inspections/weishengyuan.md:12: 警告：镇卫生院 视察交办：家庭医生签约的交办期限是 2026-12-16，还有 10 天到期。",
        ],
        "{}",
        run.stdout
    );
    assert_eq!(
        site.line_of("content/inspections/nongyiban.md", "due ="),
        13
    );
    // Notes: they never stop an upload.
    let strict = gongkai(&site.root, &["check", "--strict", "--as-of", AS_OF]);
    assert!(!strict.stdout.contains("错误：镇"), "{}", strict.stdout);
    // Fourteen days is the edge: on 2026-12-02 the 12-16 item is warned, on 12-01 not.
    let at = |day: &str| gongkai(&site.root, &["check", "--as-of", day]).stdout;
    assert!(at("2026-12-02").contains("家庭医生签约的交办期限是 2026-12-16，还有 14 天到期"));
    assert!(!at("2026-12-01").contains("家庭医生签约"));
}

/// A `due` before its follow-up's date is an error at its line, and the
/// last good output stays as it was.
#[test]
fn a_due_date_before_its_follow_up_is_an_error_at_its_line() {
    let site = built();
    let before = site.read("public/dubans/index.html");
    site.replace(
        "content/inspections/paichusuo.md",
        "due = 2026-12-26",
        "due = 2026-11-01",
    );
    let run = gongkai(&site.root, &["build", "--as-of", AS_OF]);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "content/inspections/paichusuo.md:12: 错误：交办期限 2026-11-01 早于这条办理反馈的日期 2026-11-20。"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("public/dubans/index.html"), before);
}

/// A draft's items stay out of the ledger even in a preview of drafts.
#[test]
fn drafts_never_reach_the_ledger_even_with_drafts() {
    let site = SiteCopy::new("deadlines");
    let run = gongkai(&site.root, &["build", "--drafts", "--as-of", AS_OF]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert!(site
        .read("public/inspections/caogao/index.html")
        .contains("镇文化站"));
    let html = site.read("public/dubans/index.html");
    assert_eq!(rows(&html).len(), 4, "{html}");
    assert!(!html.contains("镇文化站"), "{html}");
}

/// With nothing open, the ledger says so and the home panel too.
#[test]
fn with_nothing_open_the_ledger_says_so() {
    let site = SiteCopy::new("deadlines");
    // Only the inspections' items are answered here: the other kinds go.
    for section in ["suggestions", "evaluations"] {
        std::fs::remove_dir_all(site.path(&format!("content/{section}"))).expect("remove");
    }
    for page in ["nongyiban", "weishengyuan", "paichusuo", "2025-nongyiban"] {
        let rel = format!("content/inspections/{page}.md");
        let text = site.read(&rel);
        // The second `+++` closes the front matter: the answer goes before it.
        let closing = text.rfind("+++\n").expect("closing");
        let fixed = format!(
            "{}[[inspection.followups]]\ndate = 2026-12-05\nstatus = \"已办结\"\n{}",
            &text[..closing],
            &text[closing..]
        );
        site.write(&rel, &fixed);
    }
    let run = gongkai(&site.root, &["build", "--as-of", AS_OF]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let html = site.read("public/dubans/index.html");
    assert!(rows(&html).is_empty(), "{html}");
    assert!(!site.path("public/dubans/2026").exists());
    let home = site.read("public/index.html");
    assert!(home.contains("id=\"box-dubans\""));
    assert!(home.contains("<p class=\"empty\">目前没有未办结的督办事项。</p>"));
}
