//! What the frame of a 政府网站 carries (issue 24, FRAME part), on the
//! `kinds` fixture: the footer's 公安机关备案号, 党政机关网站 badge,
//! 我为政府网站找错 link and office phone, each shown with its exact markup
//! when `[org]` sets it and absent when not (the fixture sets none of them);
//! the 网站地图 page; the print button of document pages.

use crate::common::{assert_build_fails, expected_error, gongkai, list_files, SiteCopy};

/// The fixture's `[org]` line after which the tests add their fields.
const ORG_LAST: &str = "site_code = \"0000000000\"\n";

/// Every footer field of issue 24 set, and the two badge images in `static/`.
fn with_footer_fields() -> SiteCopy {
    let site = SiteCopy::new("kinds");
    site.replace(
        "site.toml",
        ORG_LAST,
        &format!(
            "{ORG_LAST}phone = \"0571-8888 6666 转 801\"\n\
             police_record = \"京公网安备 11010502030143号\"\n\
             police_badge = \"images/gongan.png\"\n\
             gov_badge = \"/images/dangzheng.png\"\n\
             gov_badge_url = \"https://bszs.conac.cn/sitename?method=show&id=ABC\"\n\
             correction_url = \"https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteId.action?siteCode=0000000000\"\n"
        ),
    );
    site.write("static/images/gongan.png", "png");
    site.write("static/images/dangzheng.png", "png");
    site
}

fn build(site: &SiteCopy) {
    let run = gongkai(&site.root, &["build", "--as-of", "2026-12-06"]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
}

/// The footer of an output page.
fn footer(site: &SiteCopy, rel: &str) -> String {
    let html = site.read(&format!("public/{rel}"));
    let start = html.find("<footer").expect("a footer");
    html[start..].to_string()
}

/// Every HTML page of the output, relative to `public/`.
fn html_pages(site: &SiteCopy) -> Vec<String> {
    list_files(&site.path("public"))
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect()
}

#[test]
fn footer_items_are_shown_with_their_links_when_set() {
    let site = with_footer_fields();
    build(&site);
    for rel in [
        "index.html",
        "inspections/2025-weishengyuan-shicha/index.html",
    ] {
        let f = footer(&site, rel);
        assert!(
            f.contains(
                "<span class=\"fi police-record\"><a href=\"https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143\" rel=\"noopener\">\
                 <img src=\"/rd/test/images/gongan.png\" alt=\"\" width=\"20\" height=\"20\"> 京公网安备 11010502030143号</a></span>"
            ),
            "{rel}: {f}"
        );
        assert!(
            f.contains(
                "<p class=\"gov-badge\"><a href=\"https://bszs.conac.cn/sitename?method=show&amp;id=ABC\" rel=\"noopener\">\
                 <img src=\"/rd/test/images/dangzheng.png\" alt=\"党政机关网站开办者标识（查看中国机构编制网的登记信息）\"></a></p>"
            ),
            "{rel}: {f}"
        );
        assert!(
            f.contains(
                "<li><a href=\"https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteId.action?siteCode=0000000000\" rel=\"noopener\">我为政府网站找错</a></li>"
            ),
            "{rel}: {f}"
        );
        // The number as written; the href dials its digits, not the extension.
        assert!(
            f.contains(
                "联系电话：<a class=\"tel\" href=\"tel:057188886666\">0571-8888 6666 转 801</a>"
            ),
            "{rel}: {f}"
        );
    }
}

#[test]
fn footer_items_are_absent_when_unset_and_the_site_map_link_always_there() {
    let site = SiteCopy::new("kinds");
    build(&site);
    let pages = html_pages(&site);
    assert!(pages.len() > 20, "{pages:?}");
    for rel in &pages {
        let f = footer(&site, rel);
        for absent in [
            "公网安备",
            "beian.mps.gov.cn",
            "police-record",
            "gov-badge",
            "党政机关网站",
            "我为政府网站找错",
            "tel:",
            "<img",
        ] {
            assert!(!f.contains(absent), "{rel} shows {absent:?}: {f}");
        }
        assert!(
            f.contains("<li><a href=\"/rd/test/wangzhanditu/\">网站地图</a></li>"),
            "{rel}: {f}"
        );
    }
}

#[test]
fn a_badge_without_a_link_is_an_image_with_its_name() {
    let site = SiteCopy::new("kinds");
    site.replace(
        "site.toml",
        ORG_LAST,
        &format!("{ORG_LAST}gov_badge = \"images/dangzheng.png\"\n"),
    );
    site.write("static/images/dangzheng.png", "png");
    build(&site);
    let f = footer(&site, "index.html");
    assert!(
        f.contains(
            "<p class=\"gov-badge\"><img src=\"/rd/test/images/dangzheng.png\" alt=\"党政机关网站开办者标识\"></p>"
        ),
        "{f}"
    );
}

#[test]
fn wrong_footer_settings_fail_the_build_at_their_line_and_keep_public() {
    let site = SiteCopy::new("kinds");
    build(&site);
    site.replace(
        "site.toml",
        ORG_LAST,
        &format!(
            "{ORG_LAST}police_record = \"京公网安备号\"\n\
             gov_badge = \"images/none.png\"\n\
             correction_url = \"zfwzzc.www.gov.cn\"\n"
        ),
    );
    assert_build_fails(
        &site,
        &[
            expected_error(
                site.loc("site.toml", "police_record"),
                &["police_record", "没有数字"],
                &["police_record", "京公网安备号", "holds no digits"],
            ),
            expected_error(
                site.loc("site.toml", "gov_badge"),
                &["static/images/none.png"],
                &["static/images/none.png"],
            ),
            expected_error(
                site.loc("site.toml", "correction_url"),
                &["correction_url", "https://"],
                &["correction_url", "https://"],
            ),
        ],
        3,
    );
}

/// The text of the 网站地图's `<main>`, one line per list item, tags removed.
fn site_map_lines(site: &SiteCopy) -> Vec<String> {
    let html = site.read("public/wangzhanditu/index.html");
    let main = &html[html.find("<main").expect("main")..html.find("</main>").expect("end")];
    let mut text = String::new();
    let mut in_tag = false;
    for c in main.replace("<li>", "\n").chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '\n' if !in_tag => text.push('\n'),
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_site_map_lists_every_column_with_its_subcolumns_and_the_generated_pages() {
    let site = SiteCopy::new("kinds");
    // A subcolumn with one page, and a draft that must not be counted.
    site.write(
        "content/reports/zhuanti/_index.md",
        "+++\ntitle = \"专题报告\"\ndescription = \"专题调研报告。\"\n+++\n",
    );
    site.write(
        "content/reports/zhuanti/a.md",
        "+++\ntitle = \"专题一\"\ndate = 2026-03-01\nkind = \"article\"\n+++\n正文。\n",
    );
    site.write(
        "content/reports/zhuanti/b.md",
        "+++\ntitle = \"草稿\"\ndate = 2026-03-02\nkind = \"article\"\ndraft = true\n+++\n正文。\n",
    );
    build(&site);
    assert_eq!(
        site_map_lines(&site),
        [
            "网站地图",
            "本站全部栏目和页面，括号里是每个栏目发布的信息数量。",
            "栏目",
            "网站首页",
            "视察调研 （2 篇）",
            "评议公开 （1 篇）",
            "代表投稿 （4 篇）",
            "工作计划与总结 （2 篇）",
            // The description follows on its own line (a <br>, read as one item).
            "专题报告 （1 篇）专题调研报告。",
            "代表风采 （2 篇）",
            "汇总页面",
            "单位 （3 个单位）",
            "年度统计 （2 个年度）",
            "年度归档 （2 个年度）",
            "督办台账 （1 项未办结）",
            "信息公开目录 （3 份文件）",
            "分类 （2 个）",
            "标签 （0 个）",
            "搜索",
        ]
    );
    let html = site.read("public/wangzhanditu/index.html");
    // The subcolumn is a list inside its column's item.
    assert!(
        html.contains(
            "<li><a href=\"/rd/test/reports/\">工作计划与总结</a> <span class=\"count\">（2 篇）</span>\n<ul>\n<li><a href=\"/rd/test/reports/zhuanti/\">专题报告</a>"
        ),
        "{html}"
    );
    assert!(html.contains("<title>网站地图 - 测试镇人民代表大会</title>"));
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.gov.cn/rd/test/wangzhanditu/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn the_site_map_page_does_not_clash_with_sitemap_xml() {
    let site = SiteCopy::new("kinds");
    build(&site);
    assert!(site.path("public/sitemap.xml").is_file());
    assert!(site.path("public/wangzhanditu/index.html").is_file());
}

/// The print button as document pages carry it.
const PRINT_BUTTON: &str =
    "<button type=\"button\" class=\"print-button\" data-print hidden>打印本页</button>";

#[test]
fn document_pages_of_every_kind_have_a_print_button_hidden_without_javascript() {
    let site = SiteCopy::new("kinds");
    build(&site);
    for rel in [
        "inspections/2025-weishengyuan-shicha/index.html",
        "evaluations/2025-minzhu-pingyi/index.html",
        "submissions/2025-daibiaobao-lvzhi/index.html",
        "reports/2026-gongzuo-jihua/index.html",
        "delegates/chen-jianguo/index.html",
    ] {
        let html = site.read(&format!("public/{rel}"));
        assert_eq!(html.matches(PRINT_BUTTON).count(), 1, "{rel}");
        // Only base.html's script shows it and prints: no other script, no handler.
        assert_eq!(html.matches("<script").count(), 1, "{rel}");
        assert!(!html.contains("onclick"), "{rel}");
        assert!(
            html.contains("d.querySelectorAll(\"[data-print]\")")
                && html.contains("window.print()"),
            "{rel}"
        );
    }
    for rel in [
        "index.html",
        "inspections/index.html",
        "units/index.html",
        "wangzhanditu/index.html",
    ] {
        let html = site.read(&format!("public/{rel}"));
        assert!(
            !html.contains("data-print hidden"),
            "{rel} is not a document"
        );
    }
    let css = site.read("public/css/style.css");
    assert!(css.contains("@media print { .print-button { display: none !important; } }"));
    assert!(css.contains("min-height: 44px; min-width: 44px;"));
}

/// Every page names an icon that is published (the theme's, or the site's
/// `[org] favicon`), so a browser's visit never ends in a 404 for it; a
/// favicon that is not in `static/` is an error at its line.
#[test]
fn every_page_links_a_published_icon_the_themes_or_the_sites() {
    let site = SiteCopy::new("kinds");
    build(&site);
    let base = "/rd/test/"; // the fixture's base_url path
    for page in html_pages(&site) {
        let html = site.read(&format!("public/{page}"));
        assert!(
            html.contains(&format!("<link rel=\"icon\" href=\"{base}favicon.svg\">")),
            "{page}"
        );
    }
    assert!(site.read("public/favicon.svg").starts_with("<svg"));

    site.replace(
        "site.toml",
        ORG_LAST,
        &format!("{ORG_LAST}favicon = \"icon.png\"\n"),
    );
    site.write("static/icon.png", "png");
    build(&site);
    assert!(site
        .read("public/index.html")
        .contains(&format!("<link rel=\"icon\" href=\"{base}icon.png\">")));

    site.replace(
        "site.toml",
        "favicon = \"icon.png\"",
        "favicon = \"nowhere.ico\"",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc("site.toml", "favicon"),
            &["favicon", "static/nowhere.ico"],
            &["favicon", "static/nowhere.ico"],
        )],
        1,
    );
}
