//! The 政府网站发展指引 page metadata (issue 24 §2), read back from every
//! kind of page of the demo site and of the `kinds` fixture: the site tags
//! on every page, the column tags on column pages and documents, the
//! document tags on documents, exact values where the input fixes them,
//! and every value escaped.

use crate::common::*;
use std::sync::LazyLock;

static DEMO: LazyLock<Built> = LazyLock::new(|| build_shared(&repo_root(), "gov_meta_demo"));
static KINDS: LazyLock<Built> = LazyLock::new(|| build_shared(&fixture("kinds"), "gov_meta_kinds"));

const SITE: [&str; 3] = ["SiteName", "SiteDomain", "SiteIDCode"];
const COLUMN: [&str; 4] = [
    "ColumnName",
    "ColumnDescription",
    "ColumnKeywords",
    "ColumnType",
];
/// The document tags every document of these sites has (`Keywords`,
/// `Author` and `Image` are optional in the standard and left out when
/// empty).
const ARTICLE: [&str; 5] = [
    "ArticleTitle",
    "PubDate",
    "ContentSource",
    "Description",
    "Url",
];
const ARTICLE_ALL: [&str; 8] = [
    "ArticleTitle",
    "PubDate",
    "ContentSource",
    "Keywords",
    "Author",
    "Description",
    "Image",
    "Url",
];

/// The `<meta name="X" content="Y">` of a page whose name starts with a
/// capital (the government tags), as written (escaped).
fn metas(html: &str) -> Vec<(String, String)> {
    let head = html.split("</head>").next().unwrap_or_default();
    head.split("<meta name=\"")
        .skip(1)
        .filter_map(|rest| {
            let (name, rest) = rest.split_once('"')?;
            let content = rest.strip_prefix(" content=\"")?.split_once('"')?.0;
            name.starts_with(|c: char| c.is_ascii_uppercase())
                .then(|| (name.to_string(), content.to_string()))
        })
        .collect()
}

fn value<'m>(metas: &'m [(String, String)], name: &str) -> Option<&'m str> {
    metas
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, c)| c.as_str())
}

fn is_pub_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digit_at = |i: &[usize]| i.iter().all(|&i| b[i].is_ascii_digit());
    b.len() == 16
        && digit_at(&[0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15])
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b' '
        && b[13] == b':'
}

#[derive(Clone, Copy, PartialEq)]
enum Is {
    /// 404: the site tags only.
    Plain,
    Column,
    Document,
}

/// Reads `rel` of `built` and checks which tags it has and their form.
fn check(built: &Built, rel: &str, is: Is) -> Vec<(String, String)> {
    let m = metas(&built.read(rel));
    let names: Vec<&str> = m.iter().map(|(n, _)| n.as_str()).collect();
    let mut want: Vec<&str> = SITE.to_vec();
    if is != Is::Plain {
        want.extend(COLUMN);
    }
    if is == Is::Document {
        want.extend(ARTICLE);
    }
    for w in &want {
        assert!(names.contains(w), "{rel}: no {w} in {names:?}");
    }
    let allowed: Vec<&str> = want.iter().copied().chain(ARTICLE_ALL).collect();
    for n in &names {
        assert!(allowed.contains(n), "{rel}: unexpected {n}");
        if is != Is::Document {
            assert!(!ARTICLE_ALL.contains(n), "{rel}: {n} on a column page");
        }
    }
    for (n, c) in &m {
        assert!(!c.trim().is_empty(), "{rel}: {n} is empty");
        let once = m.iter().filter(|(o, _)| o == n).count();
        assert_eq!(once, 1, "{rel}: {n} twice");
    }
    if let Some(d) = value(&m, "PubDate") {
        assert!(
            is_pub_date(d),
            "{rel}: PubDate {d:?} is not yyyy-MM-dd HH:mm"
        );
    }
    if let Some(url) = value(&m, "Url") {
        let own = rel.trim_end_matches("index.html");
        assert!(
            url.ends_with(own) && url.starts_with("https://"),
            "{rel}: Url {url}"
        );
    }
    m
}

#[test]
fn every_kind_of_page_of_the_demo_carries_its_tags() {
    use Is::*;
    let pages = [
        ("index.html", Column),
        ("news/index.html", Column),
        ("news/2026-renda-liuci-huiyi/index.html", Document),
        ("inspections/2026-nongyiban-shicha/index.html", Document),
        ("evaluations/2026-minzhu-pingyi/index.html", Document),
        (
            "submissions/2026-daibiaobao-renda-huiyi/index.html",
            Document,
        ),
        ("reports/2026-gongzuo-jihua/index.html", Document),
        ("suggestions/2025-cuocheda/index.html", Document),
        ("suggestions/index.html", Column),
        ("delegates/index.html", Column),
        ("units/index.html", Column),
        ("stats/index.html", Column),
        ("stats/2026/index.html", Column),
        ("dubans/index.html", Column),
        ("archive/index.html", Column),
        ("archive/2026/index.html", Column),
        ("categories/index.html", Column),
        ("categories/jian-du-gong-zuo/index.html", Column),
        ("search/index.html", Column),
        ("404.html", Plain),
    ];
    for (rel, is) in pages {
        check(&DEMO, rel, is);
    }
    let unit = DEMO
        .files()
        .into_iter()
        .find(|f| f.starts_with("units/") && f != "units/index.html" && f.ends_with(".html"));
    let unit = unit.unwrap_or_else(|| panic!("the demo has no unit page"));
    check(&DEMO, &unit, Column);
    let delegate = DEMO.read("delegates/chen-jianguo/index.html");
    let m = metas(&delegate);
    assert_eq!(value(&m, "ArticleTitle"), Some("陈建国"));
    assert_eq!(value(&m, "ColumnType"), Some("概况信息"));
}

#[test]
fn the_demo_values_come_from_site_toml_sections_and_front_matter() {
    let m = check(
        &DEMO,
        "news/2026-renda-liuci-huiyi/index.html",
        Is::Document,
    );
    let expect = [
        ("SiteName", "清溪镇人民代表大会"),
        ("SiteDomain", "example.gov.cn"),
        ("SiteIDCode", "0000000000"),
        ("ColumnName", "人大要闻"),
        ("ColumnType", "工作动态"),
        (
            "ArticleTitle",
            "清溪镇第十八届人民代表大会第六次会议胜利闭幕",
        ),
        ("PubDate", "2026-01-08 00:00"),
        ("ContentSource", "清溪镇人大主席团"),
        ("Keywords", "人代会,政府工作报告,财政预算,闭幕"),
        ("Author", "镇人大办"),
        (
            "Url",
            "https://example.gov.cn/rd/qingxi/news/2026-renda-liuci-huiyi/",
        ),
    ];
    for (name, want) in expect {
        assert_eq!(value(&m, name), Some(want), "{name}");
    }
    let news = check(&DEMO, "news/index.html", Is::Column);
    assert_eq!(
        value(&news, "ColumnKeywords"),
        Some("人代会,主席团会议,代表活动,代表联络站")
    );
    let home = check(&DEMO, "index.html", Is::Column);
    assert_eq!(value(&home, "ColumnName"), Some("首页"));
    assert_eq!(value(&home, "ColumnType"), Some("首页"));
    let kinds = [
        ("inspections/2026-nongyiban-shicha/index.html", "工作动态"),
        ("evaluations/2026-minzhu-pingyi/index.html", "数据发布"),
        ("reports/2026-gongzuo-jihua/index.html", "政策文件"),
        ("suggestions/2025-cuocheda/index.html", "回应关切"),
        ("units/index.html", "数据发布"),
        ("dubans/index.html", "回应关切"),
        ("archive/2026/index.html", "信息公开目录"),
    ];
    for (rel, ty) in kinds {
        assert_eq!(
            value(&metas(&DEMO.read(rel)), "ColumnType"),
            Some(ty),
            "{rel}"
        );
    }
    // Nothing that is not a web page carries them.
    for rel in ["rss.xml", "sitemap.xml", "robots.txt"] {
        assert!(!DEMO.read(rel).contains("SiteName"), "{rel}");
    }
}

#[test]
fn every_kind_of_the_fixture_carries_its_tags_and_the_domain_falls_back_to_base_url() {
    use Is::*;
    let pages = [
        ("index.html", Column),
        ("inspections/2026-weishengyuan-diaoyan/index.html", Document),
        ("evaluations/2025-minzhu-pingyi/index.html", Document),
        ("submissions/2025-daibiaobao-lvzhi/index.html", Document),
        ("reports/2026-gongzuo-jihua/index.html", Document),
        ("reports/index.html", Column),
        ("units/index.html", Column),
        ("stats/2025/index.html", Column),
        ("archive/2025/index.html", Column),
    ];
    for (rel, is) in pages {
        let m = check(&KINDS, rel, is);
        // No `[org] domain` in the fixture: base_url's host.
        assert_eq!(value(&m, "SiteDomain"), Some("example.gov.cn"), "{rel}");
    }
}

#[test]
fn values_are_escaped_and_the_first_image_is_absolute() {
    let site = SiteCopy::new("kinds");
    site.write(
        "content/reports/quoted/index.md",
        "+++\ntitle = '关于\"新农合\"<登记>的报告'\ndate = 2026-05-04T09:15:00\nsource = 'A&B'\n\
         [report]\ntype = \"年终总结\"\nyear = 2026\n+++\n正文。\n\n![现场照片](photo.png)\n\n![第二张](second.png)\n",
    );
    for name in ["photo.png", "second.png"] {
        std::fs::write(
            site.path(&format!("content/reports/quoted/{name}")),
            b"\x89PNG\r\n",
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let built = build_into_temp(&site.root, false);
    let html = built.read("reports/quoted/index.html");
    assert!(
        html.contains(
            r#"<meta name="ArticleTitle" content="关于&quot;新农合&quot;&lt;登记&gt;的报告">"#
        ),
        "{}",
        html.split("</head>").next().unwrap_or_default()
    );
    assert!(html.contains(r#"<meta name="ContentSource" content="A&amp;B">"#));
    let m = metas(&html);
    assert_eq!(value(&m, "PubDate"), Some("2026-05-04 09:15"));
    assert_eq!(
        value(&m, "Image"),
        Some("https://example.gov.cn/rd/test/reports/quoted/photo.png")
    );
}

#[test]
fn a_domain_with_a_scheme_or_path_is_an_error_at_its_line() {
    let site = SiteCopy::new("kinds");
    let good = gongkai(&site.root, &["build"]);
    assert_eq!(good.code, Some(0), "{}", good.stderr);
    site.replace(
        "site.toml",
        "site_code = \"0000000000\"",
        "site_code = \"0000000000\"\ndomain = \"https://www.test.gov.cn/rd/\"",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc("site.toml", "domain = "),
            &["不是网站域名", "www.qingxi.gov.cn"],
            &["is not a domain name"],
        )],
        1,
    );
}
