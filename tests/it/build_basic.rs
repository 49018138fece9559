//! End to end: builds `tests/sites/basic` (a site under the sub-path
//! `/rd/qingxi/`) with the library and reads the output back: titles, links,
//! pagination, Markdown features, attachments, taxonomies, archive, feeds,
//! sitemap, robots.txt, 404, drafts and unpublished submissions.

use crate::common::*;
use std::collections::BTreeSet;
use std::sync::OnceLock;

const SITE_TITLE: &str = "测试镇人民代表大会";

// (URL below the sub-path, title) of every published page of the fixture.
const BUNDLE: (&str, &str) = ("news/bundle/", "镇人大主席团召开会议审议评议方案");
const CRLF: (&str, &str) = ("news/2026-crlf-bom/", "视窗记事本保存的代表联络站活动");
const SHICHA: (&str, &str) = ("news/2026-shicha/", "镇人大代表视察农医办新农合登记工作");
const HUIYI: (&str, &str) = (
    "news/2025-renda-huiyi/",
    "测试镇第一届人民代表大会第五次会议召开",
);
const ZOUFANG: (&str, &str) = ("news/2025-zoufang/", "春节前代表走访慰问困难群众");
const KANFA: (&str, &str) = ("submissions/2026-kanfa/", "测试镇人大代表履职纪实");
/// Newest first, as the fixture's dates say.
const NEWS: [(&str, &str); 5] = [BUNDLE, CRLF, SHICHA, HUIYI, ZOUFANG];
const PAGES: [(&str, &str); 6] = [BUNDLE, CRLF, SHICHA, HUIYI, ZOUFANG, KANFA];

const DRAFT: (&str, &str) = ("news/2026-caogao/", "尚未定稿的草稿标题");
/// Text of the rejected submission that must be nowhere in the output.
const REJECTED: [&str; 4] = [
    "不应公开的退稿标题",
    "不应公开的退稿正文",
    "退稿专用标签",
    "tuigao",
];

/// One build of the fixture shared by the tests of this file (read only).
fn site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build_shared(&fixture("basic"), "build_basic"))
}

fn page_file(url: &str) -> String {
    format!("{url}index.html")
}

/// Asserts the `titles` appear in `html` in this order.
fn assert_in_order(html: &str, titles: &[&str], what: &str) {
    let mut last = 0;
    for t in titles {
        let pos = html[last..]
            .find(t)
            .unwrap_or_else(|| panic!("{what}: {t:?} missing or out of order"));
        last += pos + t.len();
    }
}

fn html_files(built: &Built) -> Vec<String> {
    built
        .files()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect()
}

#[test]
fn report_counts_pages_sections_files_and_has_no_warnings() {
    let s = site();
    assert_eq!(s.report.pages, 6, "5 news pages and 1 public submission");
    assert_eq!(s.report.sections, 3, "home, news, submissions");
    assert!(
        s.report.diagnostics.is_empty(),
        "{}",
        render_all(&s.report.diagnostics, &fixture("basic"))
    );
    // Every file but the marker is counted.
    let files = s.files();
    assert!(files.contains(&".gongkai-output".to_string()));
    assert_eq!(s.report.files, files.len() - 1, "{files:#?}");
}

#[test]
fn every_page_shows_its_title() {
    let s = site();
    for (url, title) in PAGES {
        let html = s.read(&page_file(url));
        assert!(
            html.contains(&format!("<title>{title} - {SITE_TITLE}</title>")),
            "{url}: <title>"
        );
        assert!(html.contains(&format!("<h1>{title}</h1>")), "{url}: <h1>");
    }
    let home = s.read("index.html");
    assert!(home.contains(&format!("<title>{SITE_TITLE}</title>")));
    let news = s.read("news/index.html");
    assert!(news.contains(&format!("<title>人大要闻 - {SITE_TITLE}</title>")));
}

#[test]
fn every_internal_link_has_the_sub_path_and_resolves() {
    let s = site();
    assert!(html_files(s).len() > 20);
    let problems = link_problems(&s.out, BASE_URL);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn link_checker_finds_bad_links() {
    // The check above must be able to fail: a copy of the output with bad links.
    let tmp = tempfile::tempdir().expect("tmp");
    copy_dir(&site().out, tmp.path());
    std::fs::write(
        tmp.path().join("bad.html"),
        "<a href=\"/news/\">no sub-path</a><a href=\"/rd/qingxi/nope/\">missing</a>\
         <a href=\"#nowhere\">no id</a><img src=\"img.png\">",
    )
    .expect("write");
    let problems: Vec<String> = link_problems(tmp.path(), BASE_URL)
        .into_iter()
        .filter(|p| p.starts_with("bad.html:"))
        .collect();
    assert_eq!(problems.len(), 4, "{problems:#?}");
}

#[test]
fn news_is_paginated_two_a_page_newest_first() {
    let s = site();
    let titles =
        |range: std::ops::Range<usize>| NEWS[range].iter().map(|p| p.1).collect::<Vec<_>>();
    for (file, on_it) in [
        ("news/index.html", 0..2),
        ("news/page/2/index.html", 2..4),
        ("news/page/3/index.html", 4..5),
    ] {
        let html = s.read(file);
        assert_in_order(&html, &titles(on_it.clone()), file);
        for (i, (_, title)) in NEWS.iter().enumerate() {
            if !on_it.contains(&i) {
                assert!(!html.contains(title), "{file} must not list {title}");
            }
        }
    }
    assert!(!s.exists("news/page/4/index.html"));
    assert!(
        !s.exists("news/page/1/index.html"),
        "page 1 is /news/ itself"
    );
    let second = s.read("news/page/2/index.html");
    assert!(second.contains(&format!("<title>人大要闻（第2页） - {SITE_TITLE}</title>")));
    assert!(second.contains("<link rel=\"prev\" href=\"/rd/qingxi/news/\">"));
    assert!(second.contains("<link rel=\"next\" href=\"/rd/qingxi/news/page/3/\">"));
    let first = s.read("news/index.html");
    assert!(first.contains("<link rel=\"next\" href=\"/rd/qingxi/news/page/2/\">"));
    assert!(!first.contains("rel=\"prev\""));
}

#[test]
fn at_links_become_sub_path_urls() {
    let s = site();
    let html = s.read(&page_file(SHICHA.0));
    assert!(
        html.contains("<a href=\"/rd/qingxi/news/2025-renda-huiyi/\">上次会议</a>"),
        "{html}"
    );
    let with_fragment = links(&html)
        .into_iter()
        .find(|l| l.starts_with("/rd/qingxi/news/2025-renda-huiyi/#"))
        .expect("the @/…#会议议程 link");
    assert_eq!(
        percent_decode(&with_fragment),
        "/rd/qingxi/news/2025-renda-huiyi/#会议议程"
    );
    assert!(s
        .read(&page_file(HUIYI.0))
        .contains("<h2 id=\"会议议程\">会议议程</h2>"));
    for file in s.files() {
        if file.ends_with(".html") || file.ends_with(".xml") {
            assert!(!s.read(&file).contains("\"@/"), "{file} keeps an @/ link");
        }
    }
}

#[test]
fn markdown_headings_tables_footnotes_and_code() {
    let s = site();
    let html = s.read(&page_file(SHICHA.0));
    assert!(
        html.contains("<h2 id=\"一基本情况\">一、基本情况</h2>"),
        "{html}"
    );
    assert!(html.contains("<h2 id=\"二代表意见\">二、代表意见</h2>"));
    assert!(html.contains(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\"><table>"
    ));
    assert!(html.contains("<td>东村</td><td>1200</td>"));
    assert!(
        html.contains("href=\"#fn-1\" id=\"fnref-1\""),
        "footnote reference"
    );
    assert!(html.contains("id=\"fn-1\""), "footnote definition");
    assert!(html.contains("新型农村合作医疗，简称新农合。"));
    assert!(html.contains("<pre class=\"code\" data-lang=\"rust\">"));
    assert!(html.contains("class=\"hl-"), "highlighted with hl- classes");
    assert!(html.contains("println!"));
    assert!(html.contains("href=\"/rd/qingxi/css/syntax.css\""));
    let css = s.read("css/syntax.css");
    assert!(css.contains(".hl-") && css.contains("pre.code"), "{css}");
    assert!(s.exists("css/style.css"));
}

#[test]
fn attachment_is_copied_beside_the_page_and_listed() {
    let s = site();
    let source =
        std::fs::read(fixture("basic").join("content/news/bundle/fujian.pdf")).expect("fixture");
    let copied = std::fs::read(s.path("news/bundle/fujian.pdf")).expect("attachment copied");
    assert_eq!(copied, source);
    let html = s.read(&page_file(BUNDLE.0));
    assert!(
        html.contains("<a href=\"/rd/qingxi/news/bundle/fujian.pdf\">fujian.pdf</a>"),
        "{html}"
    );
    assert!(html.contains("PDF"), "the file type is shown");
    assert!(
        !s.files().iter().any(|f| f.ends_with(".md")),
        "Markdown sources are never copied"
    );
}

#[test]
fn categories_and_tags_have_pinyin_urls() {
    let s = site();
    let jiandu = s.read("categories/jian-du-gong-zuo/index.html");
    assert!(jiandu.contains("监督工作"));
    assert_in_order(&jiandu, &[BUNDLE.1, SHICHA.1], "监督工作");
    assert!(!jiandu.contains(HUIYI.1));
    let list = s.read("categories/index.html");
    for (slug, name) in [
        ("jian-du-gong-zuo", "监督工作"),
        ("dai-biao-gong-zuo", "代表工作"),
        ("ren-da-hui-yi", "人大会议"),
        ("xuan-chuan-diao-yan", "宣传调研"),
    ] {
        assert!(
            list.contains(&format!("href=\"/rd/qingxi/categories/{slug}/\">{name}")),
            "{slug}"
        );
        assert!(s.exists(&format!("categories/{slug}/index.html")));
    }
    let xinnonghe = s.read("tags/xin-nong-he/index.html");
    assert!(xinnonghe.contains(SHICHA.1) && !xinnonghe.contains(BUNDLE.1));
    assert!(s.exists("tags/ren-dai-hui/index.html"));
    assert!(s
        .read("tags/index.html")
        .contains("href=\"/rd/qingxi/tags/xin-nong-he/\""));
    let page = s.read(&page_file(SHICHA.0));
    assert!(page.contains("<a href=\"/rd/qingxi/categories/jian-du-gong-zuo/\">监督工作</a>"));
    assert!(page.contains("<a href=\"/rd/qingxi/tags/xin-nong-he/\">新农合</a>"));
}

#[test]
fn archive_has_a_page_per_year() {
    let s = site();
    let y2025 = s.read("archive/2025/index.html");
    assert_in_order(&y2025, &[HUIYI.1, ZOUFANG.1], "archive 2025");
    for (_, t) in [BUNDLE, CRLF, SHICHA, KANFA] {
        assert!(!y2025.contains(t), "2025 archive lists {t}");
    }
    let y2026 = s.read("archive/2026/index.html");
    for (_, t) in [BUNDLE, CRLF, SHICHA, KANFA] {
        assert!(y2026.contains(t), "2026 archive misses {t}");
    }
    assert!(!y2026.contains(HUIYI.1) && !y2026.contains(ZOUFANG.1));
    let list = s.read("archive/index.html");
    assert_in_order(
        &list,
        &[
            "href=\"/rd/qingxi/archive/2026/\"",
            "href=\"/rd/qingxi/archive/2025/\"",
        ],
        "archive list, newest year first",
    );
    assert!(!s.exists("archive/2024/index.html"));
}

/// The permalink links of a feed (RSS or Atom) and its entry titles.
fn feed_links_and_titles(file: &str, xml: &str) -> (Vec<String>, Vec<String>) {
    let root = parse_xml(xml).unwrap_or_else(|e| panic!("{file} is not XML: {e}\n{xml}"));
    let mut links = Vec::new();
    let mut titles = Vec::new();
    match root.name.as_str() {
        "rss" => {
            assert_eq!(root.attr("version"), Some("2.0"), "{file}");
            let channel = &root.children_named("channel")[0];
            links.push(channel.children_named("link")[0].text());
            for l in channel.find_all("atom:link") {
                links.push(l.attr("href").expect("href").to_string());
            }
            for item in channel.children_named("item") {
                titles.push(item.children_named("title")[0].text());
                links.push(item.children_named("link")[0].text());
                links.push(item.children_named("guid")[0].text());
            }
        }
        "feed" => {
            assert_eq!(
                root.attr("xmlns"),
                Some("http://www.w3.org/2005/Atom"),
                "{file}"
            );
            for l in root.find_all("link") {
                links.push(l.attr("href").expect("href").to_string());
            }
            links.push(root.children_named("id")[0].text());
            for entry in root.children_named("entry") {
                titles.push(entry.children_named("title")[0].text());
                links.push(entry.children_named("id")[0].text());
            }
        }
        other => panic!("{file}: unexpected root <{other}>"),
    }
    (links, titles)
}

#[test]
fn feeds_parse_as_xml_with_absolute_sub_path_links() {
    let s = site();
    let all: Vec<String> = PAGES.iter().map(|p| p.1.to_string()).collect();
    let newest_first = [BUNDLE.1, CRLF.1, KANFA.1, SHICHA.1, HUIYI.1, ZOUFANG.1];
    let news: Vec<String> = NEWS.iter().map(|p| p.1.to_string()).collect();
    for (file, expected) in [
        (
            "rss.xml",
            newest_first
                .iter()
                .map(|t| t.to_string())
                .collect::<Vec<_>>(),
        ),
        (
            "atom.xml",
            newest_first.iter().map(|t| t.to_string()).collect(),
        ),
        ("news/rss.xml", news.clone()),
        ("news/atom.xml", news.clone()),
        ("submissions/rss.xml", vec![KANFA.1.to_string()]),
        ("submissions/atom.xml", vec![KANFA.1.to_string()]),
    ] {
        let xml = s.read(file);
        let (links, titles) = feed_links_and_titles(file, &xml);
        assert_eq!(titles, expected, "{file}: entries, newest first");
        assert!(titles.iter().all(|t| all.contains(t)));
        assert!(links.len() > titles.len(), "{file}: {links:?}");
        for link in &links {
            let rest = link
                .strip_prefix(BASE_URL)
                .unwrap_or_else(|| panic!("{file}: link {link} is not under {BASE_URL}"));
            assert!(
                s.exists(&file_for_url(rest)),
                "{file}: {link} points nowhere"
            );
        }
        assert!(
            links.contains(&format!("{BASE_URL}{file}")),
            "{file}: self link"
        );
    }
}

#[test]
fn summary_is_the_text_before_more() {
    let s = site();
    let listing = s.read("news/page/2/index.html");
    assert!(listing.contains("摘要段落：测试镇第一届人民代表大会第五次会议在镇政府礼堂召开。"));
    assert!(
        !listing.contains("正文段落"),
        "the text after <!-- more --> is not in listings"
    );
    let page = s.read(&page_file(HUIYI.0));
    assert!(page.contains("摘要段落") && page.contains("正文段落"));
    assert!(!page.contains("<!-- more -->"));
    // The meta description is the summary's text, without markup.
    assert!(
        page.contains(
            r#"<meta name="description" content="摘要段落：测试镇第一届人民代表大会第五次会议在镇政府礼堂召开。">"#
        ),
        "meta description of the summary"
    );
    let rss = parse_xml(&s.read("rss.xml")).expect("rss");
    let item = rss
        .find_all("item")
        .into_iter()
        .find(|i| i.children_named("title")[0].text() == HUIYI.1)
        .expect("item");
    let description = item.children_named("description")[0].text();
    assert!(description.contains("摘要段落"), "{description}");
    assert!(!description.contains("正文段落"), "{description}");
}

#[test]
fn sitemap_lists_every_page() {
    let s = site();
    let root = parse_xml(&s.read("sitemap.xml")).expect("sitemap.xml is XML");
    assert_eq!(root.name, "urlset");
    assert_eq!(
        root.attr("xmlns"),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs: Vec<String> = root
        .children_named("url")
        .iter()
        .map(|u| u.children_named("loc")[0].text())
        .collect();
    let unique: BTreeSet<String> = locs.iter().cloned().collect();
    assert_eq!(unique.len(), locs.len(), "no URL twice: {locs:#?}");
    // Every generated page (listing pagers `page/N/` and the search page aside) and nothing else.
    let pages: BTreeSet<String> = s
        .files()
        .into_iter()
        .filter_map(|f| f.strip_suffix("index.html").map(str::to_string))
        .filter(|dir| !dir.contains("page/") && dir != "search/")
        .map(|dir| format!("{BASE_URL}{dir}"))
        .collect();
    assert!(pages.len() > 20, "{pages:#?}");
    let missing: Vec<_> = pages.difference(&unique).collect();
    let extra: Vec<_> = unique.difference(&pages).collect();
    assert!(
        missing.is_empty(),
        "pages missing from the sitemap: {missing:#?}"
    );
    assert!(extra.is_empty(), "sitemap URLs with no page: {extra:#?}");
    for (url, _) in PAGES {
        assert!(unique.contains(&format!("{BASE_URL}{url}")), "{url}");
    }
}

#[test]
fn robots_txt_names_the_absolute_sitemap_url() {
    let robots = site().read("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l.trim() == "Sitemap: https://example.gov.cn/rd/qingxi/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn not_found_page_and_static_files() {
    let s = site();
    let not_found = s.read("404.html");
    assert!(not_found.contains(SITE_TITLE));
    assert!(
        not_found.contains("href=\"/rd/qingxi/\""),
        "a way back home"
    );
    assert_eq!(
        std::fs::read(s.path("robots-extra.txt")).expect("static file copied"),
        std::fs::read(fixture("basic").join("static/robots-extra.txt")).expect("fixture")
    );
}

#[test]
fn home_page_shows_each_section_and_its_newest_pages() {
    let s = site();
    let home = s.read("index.html");
    assert!(home.contains("欢迎访问测试镇人民代表大会网站。"));
    assert!(home.contains("href=\"/rd/qingxi/news/\""));
    assert!(home.contains("href=\"/rd/qingxi/submissions/\""));
    assert!(
        home.contains("href=\"/rd/qingxi/archive/\""),
        "年度归档 in the navigation"
    );
    assert_in_order(&home, &NEWS.map(|p| p.1), "home page news box");
    assert!(home.contains(KANFA.1));
}

/// Whether `needle` is in any file of the output; returns the files.
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

#[test]
fn drafts_are_left_out() {
    let s = site();
    assert!(!s.exists(&page_file(DRAFT.0)));
    assert_eq!(files_containing(s, DRAFT.1), Vec::<String>::new());
    assert_eq!(files_containing(s, "草稿正文"), Vec::<String>::new());
}

#[test]
fn drafts_are_published_with_the_drafts_option() {
    let built = build_into_temp(&fixture("basic"), true);
    assert_eq!(built.report.pages, 7);
    let html = built.read(&page_file(DRAFT.0));
    assert!(html.contains(&format!("<h1>{}</h1>", DRAFT.1)));
    assert!(html.contains("草稿正文"));
    assert!(html.contains("草稿"), "marked as a draft");
    // The draft (2026-10-01) is now the newest news page.
    assert_in_order(
        &built.read("news/index.html"),
        &[DRAFT.1, BUNDLE.1],
        "news with drafts",
    );
    assert!(built.exists("news/page/3/index.html"));
}

#[test]
fn rejected_submission_is_nowhere_in_the_output() {
    let s = site();
    for needle in REJECTED {
        assert_eq!(
            files_containing(s, needle),
            Vec::<String>::new(),
            "{needle:?} leaked"
        );
    }
    assert!(s.exists(&page_file(KANFA.0)));
    assert!(s.read("submissions/index.html").contains(KANFA.1));
}

#[test]
fn bom_and_crlf_page_renders() {
    let s = site();
    let html = s.read(&page_file(CRLF.0));
    assert!(html.contains(&format!("<h1>{}</h1>", CRLF.1)), "{html}");
    assert!(html.contains("<h2 id=\"活动安排\">活动安排</h2>"));
    assert!(html.contains("<li>上午：接待选民</li>"));
    assert!(!html.contains('\u{feff}'), "no BOM in the output");
    assert!(!html.contains('\r'), "no CR in the output");
    assert!(html.contains("2026年5月20日"));
}

#[test]
fn dates_show_in_chinese() {
    let s = site();
    let html = s.read(&page_file(BUNDLE.0));
    assert!(
        html.contains("<time datetime=\"2026-09-08\">2026年9月8日</time>"),
        "{html}"
    );
    assert!(s.read("news/index.html").contains("2026年9月8日"));
    assert!(s.read(&page_file(ZOUFANG.0)).contains("2025年1月20日"));
}

#[test]
fn character_count_and_reading_time() {
    let s = site();
    // 480 CJK characters and the 2 words "Rust 2025": 480 + 2×2 units of 1/400 minute.
    let long = s.read(&page_file(ZOUFANG.0));
    assert!(long.contains("字数：480 字，2 词"), "{long}");
    assert!(long.contains("阅读约 2 分钟"));
    // 29 CJK characters; the digits 9 and 8 are two words.
    let short = s.read(&page_file(BUNDLE.0));
    assert!(short.contains("字数：29 字，2 词"), "{short}");
    assert!(short.contains("阅读约 1 分钟"));
}

#[test]
fn base_url_option_replaces_the_sub_path_everywhere() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("preview");
    let mut opts = options(&fixture("basic"), &out, false);
    opts.base_url = Some("http://127.0.0.1:8000".into());
    gongkai::build(&opts).unwrap_or_else(|d| panic!("{}", render_all(&d, &fixture("basic"))));
    for file in list_files(&out) {
        if file.ends_with(".html") || file.ends_with(".xml") || file.ends_with(".txt") {
            let text = read_string(&out.join(&file));
            assert!(
                !text.contains("/rd/qingxi/"),
                "{file} keeps the site.toml sub-path"
            );
        }
    }
    let page = read_string(&out.join("news/2026-shicha/index.html"));
    assert!(page.contains("<a href=\"/news/2025-renda-huiyi/\">上次会议</a>"));
    let rss = read_string(&out.join("rss.xml"));
    assert!(
        rss.contains("<link>http://127.0.0.1:8000/news/bundle/</link>"),
        "{rss}"
    );
    assert!(
        read_string(&out.join("robots.txt")).contains("Sitemap: http://127.0.0.1:8000/sitemap.xml")
    );
}

#[test]
fn xml_checker_rejects_malformed_documents() {
    // The feed and sitemap checks above must be able to fail.
    assert!(parse_xml("<a><b>x</b></a>").is_ok());
    for bad in [
        "<a><b>x</a>",
        "<a><b>x</b>",
        "<a>&nbsp;</a>",
        "<a/><b/>",
        "text<a/>",
        "<a x=\"1\" x=\"2\"/>",
        "",
    ] {
        assert!(parse_xml(bad).is_err(), "{bad:?} accepted");
    }
    let root = parse_xml("<r xmlns=\"u\"><l>a &amp; b&#x4e2d;</l></r>").expect("xml");
    assert_eq!(root.attr("xmlns"), Some("u"));
    assert_eq!(root.children_named("l")[0].text(), "a & b中");
}
