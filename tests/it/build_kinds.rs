//! End to end for the congress document kinds: builds `tests/sites/kinds`
//! (a site under the sub-path `/rd/test/` with inspections, an evaluation,
//! submissions, reports and delegates) with the library once and reads the
//! HTML back, asserting the exact figures gongkai computes (valid votes,
//! rates, ratings, quota progress, counts); checks that unpublished
//! submissions leave no trace in any output file; then, through the real
//! binary, one broken copy of the fixture per validation rule of the content
//! kinds (file, line, Chinese and English message, `public/` unchanged).

use crate::common::*;
use std::sync::OnceLock;

/// `base_url` of the fixture, and its path: every internal link starts with it.
const SITE_URL: &str = "https://example.gov.cn/rd/test/";
const SUB: &str = "/rd/test/";

// (URL below the sub-path, title) of the published pages.
const INSPECTION_2025: (&str, &str) = (
    "inspections/2025-weishengyuan-shicha/",
    "镇人大代表视察镇卫生院医疗服务工作",
);
const INSPECTION_2026: (&str, &str) = (
    "inspections/2026-weishengyuan-diaoyan/",
    "镇人大代表调研镇卫生院家庭医生签约服务",
);
const EVALUATION: (&str, &str) = (
    "evaluations/2025-minzhu-pingyi/",
    "2025年度民主评议基层站所结果公告",
);
const SUB_LVZHI: (&str, &str) = ("submissions/2025-daibiaobao-lvzhi/", "代表履职在基层");
const SUB_JIANXUN: (&str, &str) = (
    "submissions/2025-jianxun-lianluozhan/",
    "代表联络站接待选民",
);
const SUB_ACCEPTED: (&str, &str) = ("submissions/2025-daibiaobao-pingyi/", "民主评议促整改");
const SUB_2026: (&str, &str) = ("submissions/2026-daibiaobao-xinnian/", "新年代表话履职");
const PLAN_2026: (&str, &str) = (
    "reports/2026-gongzuo-jihua/",
    "测试镇人大主席团2026年工作计划",
);
const SUMMARY_2025: (&str, &str) = (
    "reports/2025-nianzhong-zongjie/",
    "测试镇人大主席团2025年工作总结",
);
const CHEN: (&str, &str) = ("delegates/chen-jianguo/", "陈建国");
const LIN: (&str, &str) = ("delegates/lin-xiuying/", "林秀英");
/// Named in an inspection and a submission, with no page of their own.
const WANG: (&str, &str) = ("delegates/wang-ming-hua/", "王明华");
const LI: (&str, &str) = ("delegates/li-chun-mei/", "李春梅");

/// What the rejected and the merely submitted entries are made of (titles,
/// slugs, attachment, index number, body, tag, authors named only there):
/// none of it may appear in any output file, in its path or its bytes.
const NOT_PUBLIC: [&str; 13] = [
    "不应出现的退稿",
    "2025-tuigao-qwxz",
    "qwxz",
    "tuigao-fujian-qwxz.docx",
    "11000000MB0000000X/2025-00099",
    "退稿正文不应出现",
    "退稿专用标签",
    "钱守密",
    "尚未录用的稿件",
    "2025-weiluyong-zkpm",
    "zkpm",
    "尚未录用的正文",
    "周未录",
];

// Source files the error tests break.
const EVAL_MD: &str = "content/evaluations/2025-minzhu-pingyi/index.md";
const INSP25_MD: &str = "content/inspections/2025-weishengyuan-shicha.md";
const INSP26_MD: &str = "content/inspections/2026-weishengyuan-diaoyan.md";
const LVZHI_MD: &str = "content/submissions/2025-daibiaobao-lvzhi.md";
const JIANXUN_MD: &str = "content/submissions/2025-jianxun-lianluozhan.md";
const SUB2026_MD: &str = "content/submissions/2026-daibiaobao-xinnian.md";
const REJECTED_MD: &str = "content/submissions/2025-tuigao-qwxz/index.md";
const SUMMARY_MD: &str = "content/reports/2025-nianzhong-zongjie.md";

/// One build of the fixture shared by the read-only tests of this file.
fn site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build_shared(&fixture("kinds"), "build_kinds"))
}

/// The `<main>` element of an output page (no navigation, no footer).
fn main_of(s: &Built, url: &str) -> String {
    let html = s.read(&format!("{url}index.html"));
    between(&html, "<main", "</main>").to_string()
}

/// From the first `start` in `text` to the first `end` after it, both included.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let i = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not found in:\n{text}"));
    let j = text[i..]
        .find(end)
        .unwrap_or_else(|| panic!("{end:?} not found after {start:?} in:\n{text}"));
    &text[i..i + j + end.len()]
}

/// The text a reader sees in an HTML fragment: tags and `aria-hidden`
/// decorations (the ✓ of a badge) removed, entities decoded, spaces collapsed.
fn visible_text(html: &str) -> String {
    let mut rest = html.to_string();
    while let Some(i) = rest.find("<span aria-hidden=\"true\">") {
        let j = i + rest[i..].find("</span>").expect("closed span") + "</span>".len();
        rest.replace_range(i..j, "");
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in rest.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The cells (`th` and `td`, as visible text) of every row of a table.
fn table_rows(table: &str) -> Vec<Vec<String>> {
    table
        .split("<tr")
        .skip(1)
        .map(|r| {
            let row = &r[..r.find("</tr>").unwrap_or(r.len())];
            let mut cells = Vec::new();
            let mut rest = row;
            loop {
                let start = match (rest.find("<th"), rest.find("<td")) {
                    (Some(a), Some(b)) => a.min(b),
                    (Some(a), None) | (None, Some(a)) => a,
                    (None, None) => break,
                };
                let close = format!("</{}>", &rest[start + 1..start + 3]);
                let open_end = start + rest[start..].find('>').expect("tag closed") + 1;
                let end = open_end + rest[open_end..].find(&close).expect("cell closed");
                cells.push(visible_text(&rest[open_end..end]));
                rest = &rest[end + close.len()..];
            }
            cells
        })
        .collect()
}

/// The rows of the table whose `<caption>` is `caption`, in `html`.
fn table_by_caption(html: &str, caption: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!("<caption>{caption}</caption>"))
        .unwrap_or_else(|| panic!("no table with caption {caption:?} in:\n{html}"));
    let table = &html[start..start + html[start..].find("</table>").expect("table closed")];
    table_rows(table)
}

/// The rows of the first facts table (基本情况, 代表信息, 投稿情况) in `html`.
fn facts(html: &str) -> Vec<Vec<String>> {
    table_rows(between(html, "<table class=\"facts\">", "</table>"))
}

/// The row whose first cell is `first`.
fn row<'a>(rows: &'a [Vec<String>], first: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r.first().is_some_and(|c| c == first))
        .unwrap_or_else(|| panic!("no row {first:?} in {rows:#?}"))
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// Asserts the `needles` appear in `html` in this order.
fn assert_in_order(html: &str, needles: &[&str], what: &str) {
    let mut last = 0;
    for n in needles {
        let pos = html[last..]
            .find(n)
            .unwrap_or_else(|| panic!("{what}: {n:?} missing or out of order in:\n{html}"));
        last += pos + n.len();
    }
}

/// `<a href="/rd/test/<url>">text</a>`.
fn a(url: &str, text: &str) -> String {
    format!("<a href=\"{SUB}{url}\">{text}</a>")
}

/// The files of the output whose path or bytes contain `needle`.
fn files_containing(built: &Built, needle: &str) -> Vec<String> {
    built
        .files()
        .into_iter()
        .filter(|f| {
            f.contains(needle)
                || std::fs::read(built.path(f))
                    .expect("read")
                    .windows(needle.len())
                    .any(|w| w == needle.as_bytes())
        })
        .collect()
}

// ---- the site as built ----

#[test]
fn builds_every_kind_with_no_warning() {
    let s = site();
    assert_eq!(
        s.report.pages, 11,
        "2 inspections, 1 evaluation, 4 public submissions, 2 reports, 2 delegates"
    );
    assert_eq!(s.report.sections, 6, "home and five kind sections");
    assert!(
        s.report.diagnostics.is_empty(),
        "{}",
        render_all(&s.report.diagnostics, &fixture("kinds"))
    );
    for file in s.files().into_iter().filter(|f| f.ends_with(".xml")) {
        parse_xml(&s.read(&file)).unwrap_or_else(|e| panic!("{file} is not XML: {e}"));
    }
    for (url, title) in [
        INSPECTION_2025,
        INSPECTION_2026,
        EVALUATION,
        SUB_LVZHI,
        SUB_JIANXUN,
        SUB_ACCEPTED,
        SUB_2026,
        PLAN_2026,
        SUMMARY_2025,
        CHEN,
        LIN,
    ] {
        assert!(
            main_of(s, url).contains(&format!("<h1>{title}</h1>")),
            "{url}"
        );
    }
}

/// Every link of every page (units, delegates, 述职报告, navigation) points
/// to a file of the output, under the sub-path. This site has no published
/// tag (its only tag is on the rejected submission).
#[test]
fn every_link_resolves() {
    let problems = link_problems(&site().out, SITE_URL);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn evaluation_table_shows_the_computed_figures() {
    let html = main_of(site(), EVALUATION.0);
    let rows = table_by_caption(&html, "2025年度民主评议测评票数和结果");
    assert_eq!(
        rows[0],
        strings(&[
            "单位",
            "满意",
            "基本满意",
            "不满意",
            "弃权",
            "有效票",
            "满意率",
            "评定结果"
        ]),
        "with basis = approval there is no 满意票占比 column"
    );
    assert_eq!(
        row(&rows, "镇派出所"),
        strings(&["镇派出所", "38", "5", "2", "0", "45", "95.6%", "满意单位"])
    );
    assert_eq!(
        row(&rows, "镇卫生院"),
        strings(&[
            "镇卫生院",
            "30",
            "10",
            "5",
            "1",
            "45",
            "88.9%",
            "基本满意单位"
        ])
    );
    assert_eq!(
        row(&rows, "镇国土所"),
        strings(&[
            "镇国土所",
            "12",
            "14",
            "17",
            "2",
            "43",
            "60.5%",
            "不满意单位"
        ])
    );
    assert_eq!(rows.len(), 4, "a header and three units: {rows:#?}");
    // Units in the order written, each linked to its page.
    assert_in_order(
        &html,
        &[
            &format!(
                "<th scope=\"row\">{}</th>",
                a("units/zhen-pai-chu-suo/", "镇派出所")
            ),
            &format!(
                "<th scope=\"row\">{}</th>",
                a("units/zhen-wei-sheng-yuan/", "镇卫生院")
            ),
            &format!(
                "<th scope=\"row\">{}</th>",
                a("units/zhen-guo-tu-suo/", "镇国土所")
            ),
        ],
        "results table",
    );
    let info = facts(&html);
    assert_eq!(row(&info, "到会代表"), strings(&["到会代表", "46 人"]));
    assert_eq!(row(&info, "评议年度"), strings(&["评议年度", "2025年"]));
    // The bands of site.toml, in words.
    assert!(
        html.contains(
            "满意率达到90%的为满意单位；70%（含）至90%的为基本满意单位；低于70%的为不满意单位。"
        ),
        "{html}"
    );
}

/// The chart named `title` (its list's `aria-label`) in a page: the
/// `<figure>` around it, parsed as XML (the charts' HTML is also XML), and
/// the list's rows as a screen reader gets them (the decorative bars, which
/// are `aria-hidden`, hold no text).
fn chart(html: &str, title: &str) -> (Element, Vec<String>) {
    for part in html.split("<figure class=\"chart\">").skip(1) {
        let end = part.find("</figure>").expect("the figure is closed");
        let xml = format!("<figure>{}</figure>", &part[..end]);
        let figure = parse_xml(&xml).unwrap_or_else(|e| panic!("not XML: {e}\n{xml}"));
        let rows = figure
            .find_all("ul")
            .into_iter()
            .find(|ul| ul.attr("aria-label") == Some(title))
            .map(|ul| ul.children_named("li").iter().map(|li| li.text()).collect());
        if let Some(rows) = rows {
            return (figure, rows);
        }
    }
    panic!("no chart {title:?} in:\n{html}");
}

#[test]
fn evaluation_votes_chart_is_html_read_row_by_row() {
    let html = main_of(site(), EVALUATION.0);
    assert!(!html.contains("<svg"), "charts are HTML text, not SVG");
    let (figure, rows) = chart(&html, "2025年度评议测评票数");
    // Each unit: its name and rate, then its votes, each said with its
    // series (a hidden word inside a wide segment, or the note line).
    assert_eq!(
        rows,
        [
            "镇派出所 满意率 95.6%满意 38，基本满意 5不满意 2",
            "镇卫生院 满意率 88.9%满意 30，基本满意 10，不满意 5弃权 1",
            "镇国土所 满意率 60.5%满意 12，基本满意 14，不满意 17弃权 2",
        ]
    );
    let caption = figure.children_named("figcaption");
    assert_eq!(caption[0].text(), "2025年度各单位测评票数（详见上表）");
    // The legend is for the eye; a screen reader hears the series with
    // each number instead.
    let legend = figure.find_all("ul")[0];
    assert_eq!(legend.attr("aria-hidden"), Some("true"));
    assert_eq!(legend.text(), "满意基本满意不满意弃权");
}

#[test]
fn evaluation_shows_each_units_rectification() {
    let html = main_of(site(), EVALUATION.0);
    let rect = between(
        &html,
        "<h2 id=\"rect-title\">整改情况</h2>",
        "<h2 id=\"steps-title\">",
    );
    // 镇派出所 (top band, no entries) has no rectification block.
    assert!(!rect.contains("<h3 id=\"rect-1\">"), "{rect}");
    assert!(
        rect.contains("其余单位评为满意单位，无整改事项。"),
        "{rect}"
    );
    let wsy = between(&html, "镇卫生院<span class=\"count\">", "</section>");
    assert!(wsy.contains("（基本满意单位，满意率 88.9%）"), "{wsy}");
    assert!(
        wsy.contains("当前进度：<span class=\"badge badge-open\">制定整改方案</span>"),
        "{wsy}"
    );
    assert_in_order(
        wsy,
        &[
            "2025年12月1日</time> <strong>下发整改意见书</strong>",
            "2025年12月15日</time> <strong>制定整改方案</strong>",
        ],
        "镇卫生院 rectification",
    );
    let gts = between(&html, "镇国土所<span class=\"count\">", "</section>");
    assert!(gts.contains("（不满意单位，满意率 60.5%）"), "{gts}");
    assert!(
        visible_text(gts).contains("当前进度：整改完成"),
        "{}",
        visible_text(gts)
    );
    assert!(gts.contains("badge-ok"), "整改完成 is shown as done: {gts}");
    assert_in_order(
        gts,
        &[
            "<strong>下发整改意见书</strong>",
            "<strong>制定整改方案</strong>",
            "<strong>提交整改情况报告</strong>",
            "<strong>跟踪督办</strong>",
            "2026年3月1日</time> <strong>整改完成</strong>",
        ],
        "镇国土所 rectification",
    );
}

#[test]
fn evaluation_links_the_shuzhi_report_with_its_size() {
    let s = site();
    let html = main_of(s, EVALUATION.0);
    assert!(
        html.contains(&format!(
            "{} <span class=\"file-info\">（shuzhi.pdf，PDF，1.5 KB）</span>",
            a(
                "evaluations/2025-minzhu-pingyi/shuzhi.pdf",
                "镇派出所述职报告"
            )
        )),
        "{html}"
    );
    assert!(html.contains("<h2 id=\"reports-title\">述职报告</h2>"));
    assert!(
        !html.contains("id=\"attachments-title\""),
        "the 述职报告 is not listed a second time as an attachment"
    );
    let source =
        std::fs::read(fixture("kinds").join("content/evaluations/2025-minzhu-pingyi/shuzhi.pdf"))
            .expect("fixture");
    assert_eq!(source.len(), 1536, "1.5 KB");
    assert_eq!(
        std::fs::read(s.path("evaluations/2025-minzhu-pingyi/shuzhi.pdf")).expect("copied"),
        source
    );
}

/// `basis = "satisfaction"` rates by satisfied ÷ valid (38 / 45 = 84.4%):
/// the table gains a 满意票占比 column and the ratings follow it.
#[test]
fn satisfaction_basis_rates_by_satisfied_votes() {
    let copy = SiteCopy::new("kinds");
    copy.replace(
        "site.toml",
        "basis = \"approval\"",
        "basis = \"satisfaction\"",
    );
    let built = build_into_temp(&copy.root, false);
    let html = main_of(&built, EVALUATION.0);
    let rows = table_by_caption(&html, "2025年度民主评议测评票数和结果");
    assert_eq!(
        row(&rows, "单位"),
        strings(&[
            "单位",
            "满意",
            "基本满意",
            "不满意",
            "弃权",
            "有效票",
            "满意率",
            "满意票占比",
            "评定结果"
        ])
    );
    assert_eq!(
        row(&rows, "镇派出所"),
        strings(&[
            "镇派出所",
            "38",
            "5",
            "2",
            "0",
            "45",
            "95.6%",
            "84.4%",
            "基本满意单位"
        ])
    );
    assert_eq!(
        row(&rows, "镇卫生院"),
        strings(&[
            "镇卫生院",
            "30",
            "10",
            "5",
            "1",
            "45",
            "88.9%",
            "66.7%",
            "不满意单位"
        ])
    );
    assert_eq!(
        row(&rows, "镇国土所"),
        strings(&[
            "镇国土所",
            "12",
            "14",
            "17",
            "2",
            "43",
            "60.5%",
            "27.9%",
            "不满意单位"
        ])
    );
    assert!(html.contains("满意票占比 = 满意 ÷ 有效票"), "{html}");
}

#[test]
fn inspection_page_links_the_unit_and_every_delegate() {
    let s = site();
    let html = main_of(s, INSPECTION_2025.0);
    let info = facts(&html);
    assert_eq!(row(&info, "类型"), strings(&["类型", "视察"]));
    assert_eq!(
        row(&info, "被视察单位"),
        strings(&["被视察单位", "镇卫生院"])
    );
    assert_eq!(row(&info, "地点"), strings(&["地点", "镇卫生院门诊大楼"]));
    assert!(
        html.contains(&format!(
            "<th scope=\"row\">被视察单位</th><td>{}</td>",
            a("units/zhen-wei-sheng-yuan/", "镇卫生院")
        )),
        "{html}"
    );
    // 陈建国 has a page in content/delegates/; 王明华 gets a generated one.
    assert!(
        html.contains(&format!(
            "<th scope=\"row\">参加代表</th><td>{}、{}</td>",
            a(CHEN.0, CHEN.1),
            a(WANG.0, WANG.1)
        )),
        "{html}"
    );
    assert!(s.exists(&format!("{}index.html", WANG.0)));
    assert!(s.exists("units/zhen-wei-sheng-yuan/index.html"));
    assert!(
        s.read(&format!("{}index.html", CHEN.0))
            .contains("陈建国，东村村委会主任"),
        "the link goes to the delegate's own page"
    );
    assert_in_order(
        &html,
        &[
            "<h2 id=\"findings-title\">发现的问题</h2>",
            "<li>门诊挂号排队时间较长</li>",
            "<li>夜间值班医生不足</li>",
            "<h2 id=\"suggestions-title\">意见建议</h2>",
            "<li>增设自助挂号机</li>",
            "<li>完善夜间值班制度</li>",
        ],
        "findings and suggestions",
    );
}

#[test]
fn inspection_status_is_the_latest_followup() {
    let s = site();
    // The follow-ups are written out of order: the latest by date is 已办结.
    let html = main_of(s, INSPECTION_2025.0);
    let status = between(&html, "<p class=\"status-line\">", "</p>");
    assert_eq!(
        visible_text(status),
        "办理状态：已办结 （2025年9月15日反馈）",
        "{status}"
    );
    assert!(status.contains("badge-ok"), "{status}");
    assert!(html.contains("<h2 id=\"followups-title\">办理反馈</h2>"));
    assert!(html.contains("<p>已增设两台自助挂号机，夜间值班增加一名医生。</p>"));
    assert!(html.contains("<span class=\"badge badge-open\">办理中</span>"));
    let html = main_of(s, INSPECTION_2026.0);
    let status = between(&html, "<p class=\"status-line\">", "</p>");
    assert_eq!(
        visible_text(status),
        "办理状态：已办结 （2026年4月20日反馈）"
    );
    assert!(html.contains(&format!(
        "<th scope=\"row\">参加代表</th><td>{}、{}</td>",
        a(CHEN.0, CHEN.1),
        a(LIN.0, LIN.1)
    )));
}

#[test]
fn unit_page_lists_its_inspections_and_ratings() {
    let s = site();
    let html = main_of(s, "units/zhen-wei-sheng-yuan/");
    assert!(html.contains("<h1>镇卫生院</h1>"));
    assert!(html.contains("<span>视察调研 2 次</span> <span>民主评议 1 次</span>"));
    assert_in_order(
        &html,
        &[
            &a(INSPECTION_2026.0, INSPECTION_2026.1),
            &a(INSPECTION_2025.0, INSPECTION_2025.1),
        ],
        "inspections of 镇卫生院, newest first",
    );
    let rows = table_by_caption(&html, "镇卫生院历年民主评议结果");
    assert_eq!(
        row(&rows, "2025年"),
        strings(&[
            "2025年",
            "88.9%",
            "基本满意单位",
            "制定整改方案",
            "2025年度评议公告"
        ])
    );
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert!(html.contains(&format!(
        "<a href=\"{SUB}{}\" title=\"{}\">2025年度评议公告</a>",
        EVALUATION.0, EVALUATION.1
    )));
    assert!(html.contains("<h3>2025年度整改情况</h3>"));
    let (_, rows) = chart(&html, "镇卫生院历年满意率");
    assert_eq!(rows, ["2025年 88.9%"], "the ratings chart");

    let gts = main_of(s, "units/zhen-guo-tu-suo/");
    assert!(gts.contains("<span>视察调研 0 次</span> <span>民主评议 1 次</span>"));
    let rows = table_by_caption(&gts, "镇国土所历年民主评议结果");
    assert_eq!(
        row(&rows, "2025年"),
        strings(&[
            "2025年",
            "60.5%",
            "不满意单位",
            "整改完成",
            "2025年度评议公告"
        ])
    );
    assert!(gts.contains("暂无视察调研记录。"));

    let pcs = main_of(s, "units/zhen-pai-chu-suo/");
    let rows = table_by_caption(&pcs, "镇派出所历年民主评议结果");
    assert_eq!(
        row(&rows, "2025年"),
        strings(&[
            "2025年",
            "95.6%",
            "满意单位",
            "无需整改",
            "2025年度评议公告"
        ])
    );
}

#[test]
fn units_list_has_every_unit() {
    let html = main_of(site(), "units/");
    let rows = table_by_caption(&html, "单位一览（共 3 个）");
    assert_eq!(
        rows[1..],
        [
            strings(&["镇国土所", "0 次", "1 次", "0 件", "不满意单位", "整改完成"]),
            strings(&["镇派出所", "0 次", "1 次", "0 件", "满意单位", "—"]),
            strings(&[
                "镇卫生院",
                "2 次",
                "1 次",
                "0 件",
                "基本满意单位",
                "制定整改方案"
            ]),
        ],
        "by pinyin"
    );
    for (slug, name) in [
        ("zhen-guo-tu-suo", "镇国土所"),
        ("zhen-pai-chu-suo", "镇派出所"),
        ("zhen-wei-sheng-yuan", "镇卫生院"),
    ] {
        assert!(html.contains(&a(&format!("units/{slug}/"), name)), "{slug}");
    }
}

#[test]
fn delegates_list_names_everyone_with_counts() {
    let s = site();
    let html = main_of(s, "delegates/");
    // 王明华 and 李春梅 have no page but are named in an inspection (王明华)
    // or in site.toml's [submissions] delegates (李春梅, only an author);
    // the rejected and unpublished entries count for no one.
    let rows = table_by_caption(&html, "代表名单（共 4 人）");
    assert_eq!(
        rows[1..],
        [
            strings(&["陈建国", "东村选区", "第十八届", "2", "1"]),
            strings(&["李春梅", "—", "—", "0", "2"]),
            strings(&["林秀英", "西村选区", "第十八届", "1", "1"]),
            strings(&["王明华", "—", "—", "1", "1"]),
        ],
        "every delegate by pinyin, with (inspections, submissions)"
    );
    for (url, name) in [CHEN, LI, LIN, WANG] {
        assert!(
            html.contains(&format!("<th scope=\"row\">{}</th>", a(url, name))),
            "{name}"
        );
        assert!(s.exists(&format!("{url}index.html")), "{url}");
    }
}

#[test]
fn generated_person_page_lists_their_activity() {
    let s = site();
    let html = main_of(s, WANG.0);
    assert!(html.contains("<h1>王明华</h1>"));
    assert!(html.contains("参加的视察调研<span class=\"count\">（1 次）</span>"));
    assert!(html.contains(&a(INSPECTION_2025.0, INSPECTION_2025.1)));
    assert!(!html.contains(INSPECTION_2026.1));
    assert!(html.contains("投稿<span class=\"count\">（1 篇）</span>"));
    assert!(html.contains(&a(SUB_JIANXUN.0, SUB_JIANXUN.1)));
    let li = main_of(s, LI.0);
    assert!(li.contains("参加的视察调研<span class=\"count\">（0 次）</span>"));
    assert!(li.contains("投稿<span class=\"count\">（2 篇）</span>"));
    assert_in_order(
        &li,
        &[&a(SUB_2026.0, SUB_2026.1), &a(SUB_JIANXUN.0, SUB_JIANXUN.1)],
        "李春梅's submissions, newest first",
    );
}

#[test]
fn delegate_page_shows_the_bio_and_activity() {
    let html = main_of(site(), CHEN.0);
    let info = facts(&html);
    assert_eq!(row(&info, "选区"), strings(&["选区", "东村选区"]));
    assert_eq!(row(&info, "届次"), strings(&["届次", "第十八届"]));
    assert_eq!(row(&info, "职务"), strings(&["职务", "东村村委会主任"]));
    assert!(html.contains("<p>陈建国，东村村委会主任，长期关注农村医疗。</p>"));
    assert!(html.contains("参加的视察调研<span class=\"count\">（2 次）</span>"));
    assert_in_order(
        &html,
        &[
            &a(INSPECTION_2026.0, INSPECTION_2026.1),
            &a(INSPECTION_2025.0, INSPECTION_2025.1),
        ],
        "陈建国's inspections, newest first",
    );
    // His rejected submission is not counted.
    assert!(
        html.contains("投稿<span class=\"count\">（1 篇）</span>"),
        "{html}"
    );
    assert!(html.contains(&a(SUB_LVZHI.0, SUB_LVZHI.1)));
}

#[test]
fn submission_page_shows_its_facts() {
    let html = main_of(site(), SUB_LVZHI.0);
    let rows = facts(&html);
    assert_eq!(row(&rows, "刊物"), strings(&["刊物", "代表报"]));
    assert_eq!(
        row(&rows, "投稿日期"),
        strings(&["投稿日期", "2025年2月10日"])
    );
    assert_eq!(row(&rows, "状态"), strings(&["状态", "已刊发"]));
    assert_eq!(
        row(&rows, "刊发日期"),
        strings(&["刊发日期", "2025年3月5日"])
    );
    assert_eq!(row(&rows, "期号"), strings(&["期号", "第1001期"]));
    assert_eq!(row(&rows, "版面"), strings(&["版面", "3版"]));
    assert!(html.contains(&format!(
        "<th scope=\"row\">作者</th><td>{}</td>",
        a(CHEN.0, CHEN.1)
    )));
    let accepted = main_of(site(), SUB_ACCEPTED.0);
    let rows = facts(&accepted);
    assert_eq!(row(&rows, "状态"), strings(&["状态", "已录用"]));
}

#[test]
fn submissions_index_counts_each_year_against_the_quota() {
    let html = main_of(site(), "submissions/");
    assert_in_order(
        &html,
        &[
            "<h2 id=\"y2026\">2026年</h2>",
            "<h2 id=\"y2025\">2025年</h2>",
        ],
        "newest year first",
    );
    let y2025 = between(&html, "<h2 id=\"y2025\">", "</section>");
    assert!(
        y2025.contains(
            "年度任务 <strong>4</strong> 篇，已刊发 <strong>2</strong> 篇，完成 <strong>50.0%</strong>"
        ),
        "{y2025}"
    );
    assert!(
        y2025.contains("2 / 4 篇（50.0%）"),
        "the progress bar's text"
    );
    let rows = table_by_caption(y2025, "2025年各刊物投稿情况（篇）");
    assert_eq!(
        rows,
        [
            strings(&["刊物", "已录用", "已刊发", "合计"]),
            strings(&["代表报", "1", "1", "2"]),
            strings(&["人大简讯", "0", "1", "1"]),
            strings(&["合计", "1", "2", "3"]),
        ],
        "only accepted and published entries are counted (no 时代主人 row)"
    );
    assert!(y2025.contains("2025年稿件<span class=\"count\">（3 篇）</span>"));
    for (url, title) in [SUB_ACCEPTED, SUB_JIANXUN, SUB_LVZHI] {
        assert!(y2025.contains(&a(url, title)), "{title}");
    }
    let y2026 = between(&html, "<h2 id=\"y2026\">", "</section>");
    assert!(
        y2026.contains(
            "年度任务 <strong>3</strong> 篇，已刊发 <strong>1</strong> 篇，完成 <strong>33.3%</strong>"
        ),
        "{y2026}"
    );
    assert!(y2026.contains(&a(SUB_2026.0, SUB_2026.1)));
    for needle in ["不应出现的退稿", "尚未录用的稿件", "时代主人"] {
        assert!(!html.contains(needle), "{needle} on /submissions/");
    }
}

#[test]
fn unpublished_submissions_are_nowhere_in_the_output() {
    let s = site();
    for needle in NOT_PUBLIC {
        assert_eq!(
            files_containing(s, needle),
            Vec::<String>::new(),
            "{needle:?} leaked"
        );
    }
    assert!(!s.path("submissions/2025-tuigao-qwxz").exists());
    assert!(!s.path("submissions/2025-weiluyong-zkpm").exists());
    // Their authors who are named elsewhere are there, without the entries.
    assert!(!files_containing(s, "王明华").is_empty());
}

#[test]
fn stats_count_the_year_by_kind_month_unit_and_quota() {
    let s = site();
    let html = main_of(s, "stats/2025/");
    assert!(
        html.contains("2025年共发布信息 <strong>6</strong> 篇"),
        "{html}"
    );
    assert_eq!(
        table_by_caption(&html, "各类信息篇数"),
        [
            strings(&["类别", "篇数"]),
            strings(&["视察调研", "1"]),
            strings(&["评议公开", "1"]),
            strings(&["代表投稿", "3"]),
            strings(&["计划总结", "1"]),
            strings(&["合计", "6"]),
        ]
    );
    let months: Vec<Vec<String>> = table_by_caption(&html, "每月发布篇数")[1..].to_vec();
    let expected: Vec<Vec<String>> = [0, 0, 1, 0, 0, 2, 0, 0, 0, 1, 1, 1]
        .iter()
        .enumerate()
        .map(|(m, n)| vec![format!("{}月", m + 1), n.to_string()])
        .collect();
    assert_eq!(months, expected);
    assert_eq!(
        table_by_caption(&html, "各单位视察调研次数")[1..],
        [strings(&["镇卫生院", "1"])]
    );
    let results = table_by_caption(&html, "测评结果");
    assert_eq!(
        results[1..],
        [
            strings(&["镇派出所", "45", "95.6%", "满意单位"]),
            strings(&["镇卫生院", "45", "88.9%", "基本满意单位"]),
            strings(&["镇国土所", "43", "60.5%", "不满意单位"]),
        ]
    );
    let subs = between(&html, "<h2 id=\"st-submissions\">", "</section>");
    assert!(
        subs.contains(
            "年度任务 <strong>4</strong> 篇，已刊发 <strong>2</strong> 篇，完成 <strong>50.0%</strong>"
        ),
        "{subs}"
    );
    assert!(subs.contains("另有已录用待刊发 1 篇。"), "{subs}");
    assert_eq!(
        table_by_caption(subs, "2025年各刊物投稿情况（篇）")[1..],
        [
            strings(&["代表报", "1", "1", "2"]),
            strings(&["人大简讯", "0", "1", "1"]),
            strings(&["合计", "1", "2", "3"]),
        ]
    );
    assert_eq!(
        html.matches("<figure class=\"chart\">").count(),
        4,
        "charts: {html}"
    );
    // The months as rows, with the table's numbers.
    let (_, rows) = chart(&html, "2025年各月发布数量");
    let expected: Vec<String> = [0, 0, 1, 0, 0, 2, 0, 0, 0, 1, 1, 1]
        .iter()
        .enumerate()
        .map(|(m, n)| format!("{}月 {n} 篇", m + 1))
        .collect();
    assert_eq!(rows, expected);
    let y2026 = main_of(s, "stats/2026/");
    assert!(
        y2026.contains("2026年共发布信息 <strong>3</strong> 篇"),
        "{y2026}"
    );
}

#[test]
fn reports_are_grouped_by_year_and_type() {
    let html = main_of(site(), "reports/");
    assert_in_order(
        &html,
        &[
            "<h2 id=\"y2026\">2026年</h2>",
            "<h3>年度工作计划<span class=\"count\">（1 篇）</span></h3>",
            &a(PLAN_2026.0, PLAN_2026.1),
            "<h2 id=\"y2025\">2025年</h2>",
            "<h3>年终总结<span class=\"count\">（1 篇）</span></h3>",
            &a(SUMMARY_2025.0, SUMMARY_2025.1),
        ],
        "/reports/",
    );
}

#[test]
fn archive_groups_the_year_by_kind() {
    let html = main_of(site(), "archive/2025/");
    assert!(html.contains("本年度共 6 篇"), "{html}");
    let group = |kind: &str| between(&html, &format!("<h2 id=\"kind-{kind}\">"), "</section>");
    assert!(group("inspection").contains("视察调研<span class=\"count\">（1 篇）</span>"));
    assert!(group("inspection").contains(&a(INSPECTION_2025.0, INSPECTION_2025.1)));
    assert!(group("evaluation").contains("评议公开<span class=\"count\">（1 篇）</span>"));
    assert!(group("evaluation").contains(&a(EVALUATION.0, EVALUATION.1)));
    let subs = group("submission");
    assert!(subs.contains("代表投稿<span class=\"count\">（3 篇）</span>"));
    assert_in_order(
        subs,
        &[
            &a(SUB_ACCEPTED.0, SUB_ACCEPTED.1),
            &a(SUB_JIANXUN.0, SUB_JIANXUN.1),
            &a(SUB_LVZHI.0, SUB_LVZHI.1),
        ],
        "2025 submissions, newest first",
    );
    assert!(group("report").contains("计划总结<span class=\"count\">（1 篇）</span>"));
    assert!(group("report").contains(&a(SUMMARY_2025.0, SUMMARY_2025.1)));
    for (_, title) in [INSPECTION_2026, SUB_2026, PLAN_2026] {
        assert!(!html.contains(title), "{title} is not of 2025");
    }
    assert!(
        !html.contains("kind-delegate"),
        "delegate pages have no year"
    );
}

// ---- errors, through the real binary ----

/// A copy of the kinds site with a good build in `public/`: a copy of the
/// shared build of the same site (marker file included), made once.
fn good_site() -> SiteCopy {
    let built = site();
    let copy = SiteCopy::new("kinds");
    copy_dir(&built.out, &copy.path("public"));
    assert!(copy.path("public/index.html").is_file());
    assert!(copy.path("public/.gongkai-output").is_file());
    copy
}

const PAICHUSUO_VOTES: &str =
    "satisfied = 38, basically_satisfied = 5, unsatisfied = 2, abstain = 0";
const WEISHENGYUAN_VOTES: &str =
    "satisfied = 30, basically_satisfied = 10, unsatisfied = 5, abstain = 1";
const GUOTUSUO_VOTES: &str =
    "satisfied = 12, basically_satisfied = 14, unsatisfied = 17, abstain = 2";

#[test]
fn votes_adding_up_to_more_than_delegates_present() {
    let site = good_site();
    // 30 + 10 + 5 + 2 = 47 votes from 46 delegates.
    site.replace(
        EVAL_MD,
        WEISHENGYUAN_VOTES,
        "satisfied = 30, basically_satisfied = 10, unsatisfied = 5, abstain = 2",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(EVAL_MD, "basically_satisfied = 10"),
            &["「镇卫生院」的票数合计 47 票", "到会代表 46 人"],
            &["\"镇卫生院\"", "47", "46 delegates present"],
        )],
        1,
    );
}

#[test]
fn negative_vote_count() {
    let site = good_site();
    site.replace(
        EVAL_MD,
        GUOTUSUO_VOTES,
        "satisfied = 12, basically_satisfied = 14, unsatisfied = -17, abstain = 2",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(EVAL_MD, "unsatisfied = -17"),
            &["unsatisfied 是 -17", "不能是负数"],
            &["unsatisfied is -17", "cannot be negative"],
        )],
        1,
    );
}

#[test]
fn missing_vote_count() {
    let site = good_site();
    site.replace(
        EVAL_MD,
        PAICHUSUO_VOTES,
        "satisfied = 38, basically_satisfied = 5, abstain = 0",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(EVAL_MD, "basically_satisfied = 5,"),
            &["缺少", "unsatisfied"],
            &["missing", "\"unsatisfied\""],
        )],
        1,
    );
}

#[test]
fn two_units_with_one_name_names_the_first_line() {
    let site = good_site();
    site.replace(EVAL_MD, "name = \"镇国土所\"", "name = \"镇派出所\"");
    let lines = site.lines_of(EVAL_MD, "name = \"镇派出所\"");
    assert_eq!(lines.len(), 2);
    assert_build_fails(
        &site,
        &[expected_error(
            format!("{EVAL_MD}:{}", lines[1]),
            &["「镇派出所」写了两次", &format!("第 {} 行", lines[0])],
            &["\"镇派出所\"", "twice", &format!("line {}", lines[0])],
        )],
        1,
    );
}

#[test]
fn unknown_rectification_stage_suggests_the_right_one() {
    let site = good_site();
    site.replace(
        EVAL_MD,
        "stage = \"plan\"\nnote = \"镇卫生院报送整改方案。\"",
        "stage = \"plann\"\nnote = \"镇卫生院报送整改方案。\"",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(EVAL_MD, "stage = \"plann\""),
            &["stage 的值「plann」不认识，是不是想写「plan」？", "notice"],
            &[
                "unknown stage \"plann\"",
                "did you mean \"plan\"?",
                "notice",
            ],
        )],
        1,
    );
}

#[test]
fn unknown_submission_status_suggests_the_right_one() {
    let site = good_site();
    site.replace(
        JIANXUN_MD,
        "status = \"published\"",
        "status = \"publised\"",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(JIANXUN_MD, "status = "),
            &["status 的值「publised」不认识，是不是想写「published」？"],
            &["unknown status \"publised\"", "did you mean \"published\"?"],
        )],
        1,
    );
}

#[test]
fn unknown_publication_lists_the_known_ones() {
    let site = good_site();
    // Book-title marks around the name: the closest publication is suggested.
    site.replace(
        LVZHI_MD,
        "publication = \"代表报\"",
        "publication = \"《代表报》\"",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(LVZHI_MD, "publication = "),
            &[
                "publication 的值「《代表报》」不认识",
                "是不是想写「代表报」",
                "代表报、人大简讯、时代主人",
            ],
            &[
                "unknown publication \"《代表报》\"",
                "did you mean \"代表报\"?",
                "代表报",
                "人大简讯",
                "时代主人",
            ],
        )],
        1,
    );
}

#[test]
fn published_status_without_published_date() {
    let site = good_site();
    site.replace(SUB2026_MD, "published = 2026-02-10\n", "");
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(SUB2026_MD, "status = "),
            &["status = \"published\"（已刊发）时必须写刊发日期"],
            &["status = \"published\" needs the publication date"],
        )],
        1,
    );
}

#[test]
fn published_before_submitted() {
    let site = good_site();
    // Submitted on 2025-06-02.
    site.replace(
        JIANXUN_MD,
        "published = 2025-06-20",
        "published = 2025-05-20",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(JIANXUN_MD, "published = "),
            &["2025-05-20", "早于", "2025-06-02"],
            &["2025-05-20", "before", "2025-06-02"],
        )],
        1,
    );
}

#[test]
fn rectification_dated_before_the_meeting() {
    let site = good_site();
    // 镇国土所's notice, before the meeting of 2025-11-20.
    site.replace(EVAL_MD, "date = 2025-11-28", "date = 2025-11-01");
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(EVAL_MD, "date = 2025-11-01"),
            &["镇国土所", "2025-11-01", "早于", "2025-11-20"],
            &["镇国土所", "2025-11-01", "before", "2025-11-20"],
        )],
        1,
    );
}

#[test]
fn followup_dated_before_the_visit() {
    let site = good_site();
    // The 2026 inspection is dated 2026-03-12.
    site.replace(INSP26_MD, "date = 2026-04-20", "date = 2026-03-01");
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(INSP26_MD, "date = 2026-03-01"),
            &["2026-03-01", "早于", "2026-03-12"],
            &["2026-03-01", "before", "2026-03-12"],
        )],
        1,
    );
}

#[test]
fn unknown_key_in_the_inspection_table_suggests_the_right_one() {
    let site = good_site();
    site.replace(INSP25_MD, "unit = \"镇卫生院\"", "untis = \"镇卫生院\"");
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(INSP25_MD, "untis = "),
            &["不认识的字段「untis」。是不是想写「unit」？"],
            &["unknown field \"untis\". Did you mean \"unit\"?"],
        )],
        1,
    );
}

#[test]
fn unknown_key_in_an_evaluation_unit_suggests_the_right_one() {
    let site = good_site();
    site.replace(
        EVAL_MD,
        &format!("votes = {{ {GUOTUSUO_VOTES} }}"),
        &format!("vote = {{ {GUOTUSUO_VOTES} }}"),
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(EVAL_MD, "vote = {"),
            &["不认识的字段「vote」。是不是想写「votes」？"],
            &["unknown field \"vote\". Did you mean \"votes\"?"],
        )],
        1,
    );
}

#[test]
fn duplicate_index_no_names_both_files() {
    let site = good_site();
    site.replace(
        SUMMARY_MD,
        "[report]",
        "[disclosure]\nindex_no = \"11000000MB0000000X/2025-00001\"\n[report]",
    );
    // Reported at the file that comes later by path, naming the other.
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(SUMMARY_MD, "index_no = "),
            &["索引号 11000000MB0000000X/2025-00001 和", INSP25_MD, "重复"],
            &["11000000MB0000000X/2025-00001", INSP25_MD, "unique"],
        )],
        1,
    );
}

/// Unpublished entries keep their 索引号: a rejected submission's number
/// taken again is an error too (the message is on the terminal, not the site).
#[test]
fn duplicate_index_no_of_a_rejected_submission() {
    let site = good_site();
    site.replace(
        REJECTED_MD,
        "11000000MB0000000X/2025-00099",
        "11000000MB0000000X/2025-00001",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(REJECTED_MD, "index_no = "),
            &["索引号 11000000MB0000000X/2025-00001 和", INSP25_MD, "重复"],
            &["11000000MB0000000X/2025-00001", INSP25_MD],
        )],
        1,
    );
}

#[test]
fn inspection_page_without_its_table() {
    let site = good_site();
    let rel = "content/inspections/2025-meiyou-biao.md";
    site.write(
        rel,
        "+++\ntitle = \"缺少视察信息的视察\"\ndate = 2025-05-01\n+++\n\n正文。\n",
    );
    // Reported at the first line of the front matter.
    assert_build_fails(
        &site,
        &[expected_error(
            format!("{rel}:2"),
            &["缺少 [inspection] 部分"],
            &["no [inspection] table"],
        )],
        1,
    );
}

#[test]
fn inspection_without_a_unit() {
    let site = good_site();
    site.replace(INSP25_MD, "unit = \"镇卫生院\"\n", "");
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(INSP25_MD, "[inspection]"),
            &["缺少必填字段", "unit"],
            &["missing required field", "unit"],
        )],
        1,
    );
}

#[test]
fn inspection_without_a_date() {
    let site = good_site();
    site.replace(INSP26_MD, "date = 2026-03-12\n", "");
    // A missing field has no line of its own: the top of the file or of the
    // front matter (where a missing title is reported) are both fine.
    let probe = gongkai(&site.root, &["build"]);
    let line = if probe.stderr.contains(&format!("{INSP26_MD}:2: ")) {
        2
    } else {
        1
    };
    assert_build_fails(
        &site,
        &[expected_error(
            format!("{INSP26_MD}:{line}"),
            &["缺少日期", "date = "],
            &["has no date", "date = "],
        )],
        1,
    );
}

#[test]
fn several_kind_errors_are_reported_together() {
    let site = good_site();
    // 38 + 5 + 2 + 2 = 47 votes from 46 delegates.
    site.replace(
        EVAL_MD,
        PAICHUSUO_VOTES,
        "satisfied = 38, basically_satisfied = 5, unsatisfied = 2, abstain = 2",
    );
    site.replace(
        EVAL_MD,
        "stage = \"plan\"\nnote = \"镇卫生院报送整改方案。\"",
        "stage = \"plann\"\nnote = \"镇卫生院报送整改方案。\"",
    );
    site.replace(INSP26_MD, "unit = \"镇卫生院\"", "untis = \"镇卫生院\"");
    site.replace(
        SUMMARY_MD,
        "[report]",
        "[disclosure]\nindex_no = \"11000000MB0000000X/2025-00002\"\n[report]",
    );
    site.replace(
        LVZHI_MD,
        "publication = \"代表报\"",
        "publication = \"《代表报》\"",
    );
    site.replace(
        JIANXUN_MD,
        "status = \"published\"",
        "status = \"publised\"",
    );
    let (zh, _) = assert_build_fails(
        &site,
        &[
            expected_error(
                site.loc(EVAL_MD, "unsatisfied = 2, abstain = 2"),
                &["「镇派出所」的票数合计 47 票"],
                &["\"镇派出所\"", "47"],
            ),
            expected_error(
                site.loc(EVAL_MD, "stage = \"plann\""),
                &["「plann」"],
                &["\"plann\""],
            ),
            expected_error(
                site.loc(INSP26_MD, "untis = "),
                &["「untis」"],
                &["\"untis\""],
            ),
            expected_error(
                site.loc(SUMMARY_MD, "index_no = "),
                &["11000000MB0000000X/2025-00002", EVAL_MD],
                &["11000000MB0000000X/2025-00002", EVAL_MD],
            ),
            expected_error(
                site.loc(LVZHI_MD, "publication = "),
                &["「《代表报》」"],
                &["\"《代表报》\"", "代表报", "人大简讯", "时代主人"],
            ),
            expected_error(
                site.loc(JIANXUN_MD, "status = "),
                &["「publised」"],
                &["\"publised\""],
            ),
        ],
        6,
    );
    // Sorted by file, so the output is the same from one run to the next.
    let order: Vec<usize> = [EVAL_MD, INSP26_MD, SUMMARY_MD, LVZHI_MD, JIANXUN_MD]
        .iter()
        .map(|f| zh.stderr.find(&format!("{f}:")).expect("reported"))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{}", zh.stderr);
}

/// An office among a submission's authors: shown on the submission as an
/// author, never given a delegate page nor counted in 代表名单; `check` notes
/// it at the `authors` line until site.toml lists it among `other_authors`.
#[test]
fn an_author_named_nowhere_else_is_not_a_delegate() {
    const LVZHI: &str = "content/submissions/2025-daibiaobao-lvzhi.md";
    let site = SiteCopy::new("kinds");
    site.replace(
        LVZHI,
        "authors = [\"陈建国\"]",
        "authors = [\"陈建国\", \"镇人大办\"]",
    );
    let built = build_into_temp(&site.root, false);
    assert!(
        !built.exists("delegates/zhen-ren-da-ban/index.html"),
        "an office got a delegate page"
    );
    let list = main_of(&built, "delegates/");
    assert!(list.contains("代表名单（共 4 人）"), "{list}");
    assert!(!list.contains("镇人大办"), "{list}");
    let page = built.read("submissions/2025-daibiaobao-lvzhi/index.html");
    assert!(page.contains("镇人大办"), "shown as an author");
    assert!(
        files_containing(&built, "zhen-ren-da-ban").is_empty(),
        "linked as a delegate somewhere"
    );

    let at = site.loc(LVZHI, "authors =");
    let run = gongkai(&site.root, &["check"]);
    assert!(
        run.stdout
            .contains(&format!("{at}: 警告：作者「镇人大办」没有当作人大代表")),
        "{}",
        run.stdout
    );
    site.replace(
        "site.toml",
        "delegates = [\"李春梅\"]\n",
        "delegates = [\"李春梅\"]\nother_authors = [\"镇人大办\"]\n",
    );
    let run = gongkai(&site.root, &["check"]);
    assert!(!run.stdout.contains("「镇人大办」"), "{}", run.stdout);
}

// ---- the visit date (`[inspection] visited`) apart from the publication date ----

/// A third inspection of 镇卫生院 by 陈建国: visited on 2025-12-29, published
/// on 2026-03-20, after the 2026 inspection (visited 2026-03-09, published
/// 2026-03-12). By visit it comes second; by publication it would come first.
const LATE_MD: &str = "content/inspections/2026-weishengyuan-bubao.md";
const LATE: (&str, &str) = (
    "inspections/2026-weishengyuan-bubao/",
    "镇人大代表年末视察镇卫生院（补报）",
);

/// The kinds fixture with `visited` on the 2026 inspection, the late one
/// added, and the 2025 inspection left as written before `visited` existed.
fn site_with_visit_dates() -> SiteCopy {
    let site = SiteCopy::new("kinds");
    site.replace(
        INSP26_MD,
        "[inspection]\n",
        "[inspection]\nvisited = 2026-03-09\n",
    );
    site.write(
        LATE_MD,
        "+++\ntitle = \"镇人大代表年末视察镇卫生院（补报）\"\ndate = 2026-03-20\n[disclosure]\nindex_no = \"11000000MB0000000X/2026-00077\"\n[inspection]\nvisited = 2025-12-29\nunit = \"镇卫生院\"\ndelegates = [\"陈建国\"]\n+++\n\n年末视察。\n",
    );
    site
}

#[test]
fn an_inspection_shows_its_visit_date_and_its_publication_date_apart() {
    let site = site_with_visit_dates();
    let s = build_into_temp(&site.root, false);
    let html = main_of(&s, INSPECTION_2026.0);
    let info = facts(&html);
    assert_eq!(
        row(&info, "视察日期"),
        strings(&["视察日期", "2026年3月9日"])
    );
    assert!(
        !info.iter().any(|r| r[0] == "日期"),
        "no date without its meaning: {info:#?}"
    );
    assert!(
        html.contains("<dt>发布日期</dt><dd><time datetime=\"2026-03-12\">2026年3月12日</time>"),
        "{html}"
    );
    // Written before `visited` existed: it builds, and claims no visit date.
    let old = facts(&main_of(&s, INSPECTION_2025.0));
    assert!(
        !old.iter().any(|r| r[0] == "视察日期" || r[0] == "日期"),
        "{old:#?}"
    );
}

#[test]
fn unit_delegate_and_stats_pages_date_inspections_by_the_visit() {
    let site = site_with_visit_dates();
    let s = build_into_temp(&site.root, false);
    let in_visit_order = [
        a(INSPECTION_2026.0, INSPECTION_2026.1),
        "<time datetime=\"2026-03-09\">".to_string(),
        a(LATE.0, LATE.1),
        "<time datetime=\"2025-12-29\">".to_string(),
        a(INSPECTION_2025.0, INSPECTION_2025.1),
        // No `visited`: its date stands for the visit.
        "<time datetime=\"2025-06-10\">".to_string(),
    ];
    let needles: Vec<&str> = in_visit_order.iter().map(String::as_str).collect();
    let unit = main_of(&s, "units/zhen-wei-sheng-yuan/");
    assert_in_order(
        &unit,
        &needles,
        "the unit's inspections, latest visit first",
    );
    for date in ["2026-03-12", "2026-03-20"] {
        assert!(
            !unit.contains(date),
            "publication date {date} shown: {unit}"
        );
    }
    let chen = main_of(&s, CHEN.0);
    assert_in_order(&chen, &needles, "陈建国's inspections, latest visit first");
    assert!(!chen.contains("2026-03-20"), "{chen}");
    // Counted in the year of the visit, though published the next year.
    assert_eq!(
        table_by_caption(&main_of(&s, "stats/2025/"), "各单位视察调研次数")[1..],
        [strings(&["镇卫生院", "2"])]
    );
    assert_eq!(
        table_by_caption(&main_of(&s, "stats/2026/"), "各单位视察调研次数")[1..],
        [strings(&["镇卫生院", "1"])]
    );
}

#[test]
fn visit_date_after_the_publication_date() {
    let site = good_site();
    // The 2026 inspection is published on 2026-03-12.
    site.replace(
        INSP26_MD,
        "[inspection]\n",
        "[inspection]\nvisited = 2026-03-15\n",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(INSP26_MD, "visited = 2026-03-15"),
            &["视察日期", "2026-03-15", "晚于", "发布日期", "2026-03-12"],
            &[
                "visit date",
                "2026-03-15",
                "after",
                "publication date",
                "2026-03-12",
            ],
        )],
        1,
    );
}

#[test]
fn followups_follow_the_visit_date_when_there_is_one() {
    let site = good_site();
    site.replace(
        INSP26_MD,
        "[inspection]\n",
        "[inspection]\nvisited = 2026-03-09\n",
    );
    // Between the visit and the publication: in order.
    site.replace(INSP26_MD, "date = 2026-04-20", "date = 2026-03-10");
    let ok = gongkai(&site.root, &["build"]);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    site.replace(INSP26_MD, "date = 2026-03-10", "date = 2026-03-05");
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(INSP26_MD, "date = 2026-03-05"),
            &["2026-03-05", "早于视察日期 2026-03-09"],
            &["2026-03-05", "before the visit (2026-03-09)"],
        )],
        1,
    );
}

#[test]
fn a_visit_date_that_is_no_date_is_an_error_at_its_line() {
    let site = good_site();
    site.replace(
        INSP26_MD,
        "[inspection]\n",
        "[inspection]\nvisited = \"三月上旬\"\n",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(INSP26_MD, "visited = "),
            &["三月上旬"],
            &["三月上旬"],
        )],
        1,
    );
}
