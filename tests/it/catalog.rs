//! The 信息公开目录 (issue 24 §4) and the 信息公开 block on the `catalog`
//! fixture: four documents with a `[disclosure]` block (one without a
//! 索引号, one without a 文号, one 已修改, one 已废止), a news item without
//! the block and a draft with it, neither of which is listed.

use crate::common::{assert_build_fails, expected_error, gongkai, table_rows, SiteCopy};

/// The fixture copied and built.
fn built() -> SiteCopy {
    let site = SiteCopy::new("catalog");
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    site
}

const B: &str = "/rd/ml";
const GUIZE_2026: &str = "11000000MB0000000X/2026-00002 | </rd/ml/news/2026-guize/>代表联络站接待选民工作规则 | </rd/ml/gongkai/dai-biao-gong-zuo/>代表工作 | 目人主〔2026〕4号 | 2026年3月18日 | 目录镇人大主席团 | 主动公开 | 有效";
const JIHUA: &str = "11000000MB0000000X/2026-00001 | </rd/ml/news/2026-jihua/>目录镇人大主席团2026年工作计划 | </rd/ml/gongkai/ji-hua-zong-jie/>计划总结 | 无 | 2026年1月16日 | 目录镇人大主席团 | 主动公开 | 已修改";
const TONGZHI: &str = "— | </rd/ml/news/2025-tongzhi/>关于做好代表建议办理工作的通知 | </rd/ml/gongkai/zong-he-zheng-wu/>综合政务 | 目人主〔2025〕5号 | 2025年5月6日 | 目录镇人大主席团 | 依申请公开 | 有效";
const GUIZE_2024: &str = "11000000MB0000000X/2024-00001 | </rd/ml/news/2024-guize/>代表联络站接待选民工作规则（试行） | </rd/ml/gongkai/dai-biao-gong-zuo/>代表工作 | 目人主〔2024〕3号 | 2024年4月10日 | 目录镇人大主席团 | 主动公开 | 已废止";

fn rows(site: &SiteCopy, rel: &str) -> Vec<String> {
    table_rows(&site.read(&format!("public/{rel}")), "ledger")
}

#[test]
fn the_catalog_lists_every_published_document_with_a_block_newest_first() {
    let site = built();
    assert_eq!(
        rows(&site, "gongkai/index.html"),
        [GUIZE_2026, JIHUA, TONGZHI, GUIZE_2024]
    );
    // Linked from every page's footer.
    assert!(site
        .read("public/news/2026-xinwen/index.html")
        .contains(&format!("<a href=\"{B}/gongkai/\">信息公开目录</a>")));
}

#[test]
fn a_page_per_year_and_per_topic_filters_the_rows() {
    let site = built();
    assert_eq!(rows(&site, "gongkai/2026/index.html"), [GUIZE_2026, JIHUA]);
    assert_eq!(rows(&site, "gongkai/2025/index.html"), [TONGZHI]);
    assert_eq!(rows(&site, "gongkai/2024/index.html"), [GUIZE_2024]);
    assert_eq!(
        rows(&site, "gongkai/dai-biao-gong-zuo/index.html"),
        [GUIZE_2026, GUIZE_2024]
    );
    assert_eq!(rows(&site, "gongkai/ji-hua-zong-jie/index.html"), [JIHUA]);
    assert_eq!(
        rows(&site, "gongkai/zong-he-zheng-wu/index.html"),
        [TONGZHI]
    );
    // The filters are lists of links at the top, the page shown marked.
    let html = site.read("public/gongkai/2025/index.html");
    for link in [
        format!("<a href=\"{B}/gongkai/\">全部</a>"),
        format!("<a href=\"{B}/gongkai/2026/\">2026年<span class=\"count\">（2 件）</span></a>"),
        format!("<a href=\"{B}/gongkai/2025/\" aria-current=\"page\">2025年<span class=\"count\">（1 件）</span></a>"),
        format!("<a href=\"{B}/gongkai/dai-biao-gong-zuo/\">代表工作<span class=\"count\">（2 件）</span></a>"),
    ] {
        assert!(html.contains(&link), "{link} in\n{html}");
    }
    assert!(html.contains("<h1><span class=\"h1-label\">信息公开目录：</span>2025年</h1>"));
    let sitemap = site.read("public/sitemap.xml");
    for rel in ["gongkai/", "gongkai/2024/", "gongkai/zong-he-zheng-wu/"] {
        let loc = format!("<loc>https://example.gov.cn{B}/{rel}</loc>");
        assert!(sitemap.contains(&loc), "{loc}");
    }
}

#[test]
fn the_csv_holds_the_same_rows_with_a_bom_and_absolute_links() {
    let site = built();
    let bytes = std::fs::read(site.path("public/gongkai/gongkai.csv")).expect("csv");
    let u = "https://example.gov.cn/rd/ml/news";
    let want = format!(
        "\u{feff}索引号,标题,主题分类,文号,发布日期,发布机构,公开方式,效力状态,链接\r\n\
         11000000MB0000000X/2026-00002,代表联络站接待选民工作规则,代表工作,目人主〔2026〕4号,2026-03-18,目录镇人大主席团,主动公开,有效,{u}/2026-guize/\r\n\
         11000000MB0000000X/2026-00001,目录镇人大主席团2026年工作计划,计划总结,无,2026-01-16,目录镇人大主席团,主动公开,已修改,{u}/2026-jihua/\r\n\
         —,关于做好代表建议办理工作的通知,综合政务,目人主〔2025〕5号,2025-05-06,目录镇人大主席团,依申请公开,有效,{u}/2025-tongzhi/\r\n\
         11000000MB0000000X/2024-00001,代表联络站接待选民工作规则（试行）,代表工作,目人主〔2024〕3号,2024-04-10,目录镇人大主席团,主动公开,已废止,{u}/2024-guize/\r\n"
    );
    assert_eq!(String::from_utf8(bytes).expect("utf-8"), want);
}

/// The `<div class="disclosure">` block of a page, as lines `dt：dd`.
fn block(site: &SiteCopy, page: &str) -> Vec<String> {
    let html = site.read(&format!("public/news/{page}/index.html"));
    let start = html.find("<div class=\"disclosure\">").expect("block");
    let end = start + html[start..].find("</dl>").expect("end");
    html[start..end]
        .split("<dt>")
        .skip(1)
        .map(|d| {
            let (dt, rest) = d.split_once("</dt><dd>").expect("dd");
            let dd = rest.split("</dd>").next().expect("dd end");
            let dd = dd.replace("<wbr>", "");
            let dd = dd
                .split('>')
                .nth(1)
                .map_or(dd.as_str(), |s| s.split('<').next().unwrap_or(s))
                .to_string();
            format!("{dt}：{dd}")
        })
        .collect()
}

#[test]
fn the_block_shows_no_doc_no_as_wu_and_the_method_and_validity() {
    let site = built();
    assert_eq!(
        block(&site, "2026-jihua"),
        [
            "索引号：11000000MB0000000X/2026-00001",
            "发布机构：目录镇人大主席团",
            "主题分类：计划总结",
            "发布日期：2026年1月16日",
            "文号：无",
            "公开方式：主动公开",
            "效力状态：已修改",
        ]
    );
    assert!(block(&site, "2025-tongzhi").contains(&"公开方式：依申请公开".to_string()));
}

#[test]
fn a_document_not_in_force_says_so_above_its_body() {
    let site = built();
    let notice = |page: &str| {
        let html = site.read(&format!("public/news/{page}/index.html"));
        let body = html.find("<div class=\"content\">").expect("body");
        html.find("class=\"note validity-note\"")
            .filter(|&at| at < body)
            .map(|at| html[at..at + html[at..].find("</p>").expect("end")].to_string())
    };
    let repealed = notice("2024-guize").expect("notice on 已废止");
    assert!(
        repealed.contains("效力状态：已废止。") && repealed.contains("不再执行"),
        "{repealed}"
    );
    let amended = notice("2026-jihua").expect("notice on 已修改");
    assert!(amended.contains("效力状态：已修改。"), "{amended}");
    assert_eq!(notice("2026-guize"), None);
}

#[test]
fn a_validity_not_in_the_list_is_an_error_at_its_line() {
    let site = built();
    let page = "content/news/2024-guize.md";
    site.replace(page, "validity = \"已废止\"", "validity = \"作废\"");
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(page, "validity = "),
            &["作废", "有效", "已修改", "已废止"],
            &["validity", "作废", "有效", "已修改", "已废止"],
        )],
        1,
    );
}
