//! Links after upload (issue 20 §2): what a Markdown link becomes in the
//! output, and the link check that `check` and `build` run on the outputs.
//! Each test builds a copy of a fixture site and reads the output back; the
//! test's own link walker (`crate::common::link_problems`) is the judge of whether
//! a published link leads to a file.

use crate::common::*;
use proptest::prelude::*;

const PAGE: &str = "content/news/2026-shicha.md";
const BASE: &str = "https://example.gov.cn/rd/qingxi/";

fn append(site: &SiteCopy, rel: &str, text: &str) {
    let old = site.read(rel);
    site.write(rel, &format!("{old}{text}"));
}

/// The `href`/`src` values of a built page that contain `needle`.
fn hrefs_with(html: &str, needle: &str) -> Vec<String> {
    links(html)
        .into_iter()
        .filter(|l| l.contains(needle))
        .collect()
}

#[test]
fn root_relative_image_gets_the_sub_path() {
    let site = SiteCopy::new("basic");
    site.write("static/images/pingyi.png", "PNG");
    append(&site, PAGE, "\n![现场](/images/pingyi.png)\n");
    let built = build_into_temp(&site.root, false);
    let html = built.read("news/2026-shicha/index.html");
    assert_eq!(
        hrefs_with(&html, "pingyi"),
        ["/rd/qingxi/images/pingyi.png"]
    );
    assert!(built.exists("images/pingyi.png"));
    assert_eq!(link_problems(&built.out, BASE), Vec::<String>::new());
}

#[test]
fn link_to_a_missing_page_fails_check_and_build() {
    let site = SiteCopy::new("basic");
    let good = gongkai(&site.root, &["build"]);
    assert_eq!(good.code, Some(0), "{}", good.stderr);
    append(&site, PAGE, "\n[去年的视察](/inspections/2025-shicha/)\n");
    let at = site.loc(PAGE, "2025-shicha");
    let check = gongkai(&site.root, &["check"]);
    assert_eq!(check.code, Some(1), "{}", check.stdout);
    let line = line_starting_with(&check.stdout, &format!("{at}: 错误："));
    assert!(
        line.contains("/rd/qingxi/inspections/2025-shicha/"),
        "{line}"
    );
    assert_build_fails(
        &site,
        &[expected_error(
            at,
            &["/inspections/2025-shicha/", "找不到网页"],
            &["/inspections/2025-shicha/", "page not found"],
        )],
        1,
    );
}

#[test]
fn a_file_beside_a_single_file_page_is_linked_where_it_is_published() {
    let site = SiteCopy::new("basic");
    site.write("content/news/jiancha-fangan.pdf", "%PDF-1.4");
    append(&site, PAGE, "\n[检查方案](jiancha-fangan.pdf)\n");
    let check = gongkai(&site.root, &["check"]);
    assert!(!check.stdout.contains("jiancha-fangan"), "{}", check.stdout);
    let built = build_into_temp(&site.root, false);
    let html = built.read("news/2026-shicha/index.html");
    let hrefs = hrefs_with(&html, "jiancha-fangan");
    assert_eq!(hrefs, ["/rd/qingxi/news/jiancha-fangan.pdf"]);
    assert!(built.exists("news/jiancha-fangan.pdf"));
    assert_eq!(link_problems(&built.out, BASE), Vec::<String>::new());
}

#[test]
fn a_missing_file_beside_a_page_is_an_error_at_its_line() {
    let site = SiteCopy::new("basic");
    append(&site, PAGE, "\n文字\n\n[检查方案](queshi-fangan.pdf)\n");
    let at = site.loc(PAGE, "queshi-fangan.pdf");
    let check = gongkai(&site.root, &["check", "--lang", "en"]);
    assert_eq!(check.code, Some(1));
    let line = line_starting_with(&check.stdout, &format!("{at}: error: "));
    assert!(line.contains("queshi-fangan.pdf"), "{line}");
    let build = gongkai(&site.root, &["build"]);
    assert_eq!(build.code, Some(1));
    assert!(
        build.stderr.contains(&format!("{at}: 错误：")),
        "{}",
        build.stderr
    );
    assert!(!site.path("public").exists());
}

#[test]
fn links_to_markdown_files_become_page_urls() {
    let site = SiteCopy::new("basic");
    append(
        &site,
        PAGE,
        "\n[一](2025-zoufang.md) [二](../news/2025-renda-huiyi.md#会议议程) [三](bundle/index.md) [四](/news/2025-zoufang.md)\n",
    );
    let built = build_into_temp(&site.root, false);
    let html = built.read("news/2026-shicha/index.html");
    let hrefs: Vec<String> = links(&html)
        .into_iter()
        .filter(|l| l.contains("zoufang") || l.contains("huiyi") || l.contains("bundle"))
        .map(|l| percent_decode(&l))
        .collect();
    for want in [
        "/rd/qingxi/news/2025-zoufang/",
        "/rd/qingxi/news/2025-renda-huiyi/#会议议程",
        "/rd/qingxi/news/bundle/",
    ] {
        assert!(hrefs.iter().any(|h| h == want), "{want} not in {hrefs:?}");
    }
    assert!(!html.contains(".md\""), "{html}");
    assert_eq!(link_problems(&built.out, BASE), Vec::<String>::new());
}

#[test]
fn a_link_to_a_missing_markdown_file_is_one_error_in_check_and_build() {
    let site = SiteCopy::new("basic");
    let good = gongkai(&site.root, &["build"]);
    assert_eq!(good.code, Some(0), "{}", good.stderr);
    append(&site, PAGE, "\n[另一篇](meiyou.md)\n");
    let at = site.loc(PAGE, "meiyou.md");
    let check = gongkai(&site.root, &["check"]);
    assert_eq!(check.code, Some(1));
    let reports = check
        .stdout
        .lines()
        .filter(|l| l.contains("错误：链接 meiyou.md"));
    assert_eq!(reports.count(), 1, "{}", check.stdout);
    assert!(check.stdout.contains(&format!("{at}: 错误：")));
    assert_build_fails(
        &site,
        &[expected_error(
            at,
            &["meiyou.md", "不存在"],
            &["meiyou.md", "does not exist"],
        )],
        1,
    );
}

#[test]
fn email_autolinks_are_not_attachments() {
    let site = SiteCopy::new("basic");
    append(
        &site,
        PAGE,
        "\n联系：<renda@example.gov.cn>，[写信](mailto:renda@example.gov.cn)，[电话](tel:0578-1234567)\n",
    );
    let check = gongkai(&site.root, &["check"]);
    assert_eq!(check.code, Some(0), "{}", check.stdout);
    assert!(!check.stdout.contains("renda@"), "{}", check.stdout);
    let built = build_into_temp(&site.root, false);
    let html = built.read("news/2026-shicha/index.html");
    assert_eq!(
        hrefs_with(&html, "renda@"),
        ["mailto:renda@example.gov.cn", "mailto:renda@example.gov.cn"]
    );
}

/// The kinds site with its evaluation made a single-file page
/// (`evaluations/2025-minzhu-pingyi.md`, the 述职报告 beside it).
fn single_file_evaluation() -> SiteCopy {
    let site = SiteCopy::new("kinds");
    let dir = site.path("content/evaluations/2025-minzhu-pingyi");
    std::fs::rename(
        dir.join("index.md"),
        site.path("content/evaluations/2025-minzhu-pingyi.md"),
    )
    .expect("move page");
    std::fs::rename(
        dir.join("shuzhi.pdf"),
        site.path("content/evaluations/shuzhi.pdf"),
    )
    .expect("move report");
    std::fs::remove_dir(dir).expect("rmdir");
    site
}

const EVALUATION: &str = "content/evaluations/2025-minzhu-pingyi.md";

#[test]
fn report_beside_a_single_file_evaluation_is_published_and_linked() {
    let site = single_file_evaluation();
    let check = gongkai(&site.root, &["check"]);
    assert!(!check.stdout.contains("shuzhi.pdf"), "{}", check.stdout);
    let built = build_into_temp(&site.root, false);
    let html = built.read("evaluations/2025-minzhu-pingyi/index.html");
    assert_eq!(
        hrefs_with(&html, "shuzhi.pdf"),
        ["/rd/test/evaluations/shuzhi.pdf"]
    );
    assert!(built.exists("evaluations/shuzhi.pdf"));
    assert_eq!(
        link_problems(&built.out, "https://example.gov.cn/rd/test/"),
        Vec::<String>::new()
    );
}

#[test]
fn a_missing_report_is_an_error_at_its_line() {
    let site = single_file_evaluation();
    let good = gongkai(&site.root, &["build"]);
    assert_eq!(good.code, Some(0), "{}", good.stderr);
    std::fs::remove_file(site.path("content/evaluations/shuzhi.pdf")).expect("rm");
    let at = site.loc(EVALUATION, "report = \"shuzhi.pdf\"");
    let check = gongkai(&site.root, &["check"]);
    assert_eq!(check.code, Some(1));
    let line = line_starting_with(&check.stdout, &format!("{at}: 错误："));
    assert!(line.contains("shuzhi.pdf"), "{line}");
    assert_build_fails(
        &site,
        &[expected_error(
            at,
            &["shuzhi.pdf", "找不到"],
            &["shuzhi.pdf", "missing"],
        )],
        1,
    );
}

/// The files a page may link to, each with the ways to write a link to it
/// from `content/news/2026-shicha.md` (folder `news`, page `/news/2026-shicha/`).
fn targets() -> Vec<(&'static str, Vec<String>)> {
    vec![
        (
            "static/images/pingyi.png",
            vec!["/images/pingyi.png".into()],
        ),
        (
            "content/news/fangan.pdf",
            vec![
                "fangan.pdf".into(),
                "./fangan.pdf".into(),
                "../news/fangan.pdf".into(),
                "/news/fangan.pdf".into(),
                "bundle/../fangan.pdf".into(),
            ],
        ),
        (
            "content/files/会议纪要.docx",
            vec![
                "../files/会议纪要.docx".into(),
                "/files/会议纪要.docx".into(),
                "../files/%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.docx".into(),
                "./../files/./会议纪要.docx".into(),
            ],
        ),
        (
            "content/news/bundle/fujian.pdf",
            vec!["bundle/fujian.pdf".into(), "./bundle/./fujian.pdf".into()],
        ),
        (
            "content/news/2025-zoufang.md",
            vec![
                "2025-zoufang.md".into(),
                "../news/2025-zoufang.md".into(),
                "/news/2025-zoufang.md".into(),
                "@/news/2025-zoufang.md".into(),
            ],
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Whatever shape a link to an existing file takes (relative, from the
    /// root, through `..` and `.`, percent-encoded), the published href,
    /// joined to the page's URL, is a file of the output; and nothing is
    /// reported.
    #[test]
    fn links_to_existing_files_resolve_in_the_output(
        picks in proptest::collection::vec((0usize..5, 0usize..5, "[a-z]{0,3}"), 1..8),
        image in any::<bool>(),
    ) {
        let site = SiteCopy::new("basic");
        let targets = targets();
        for (file, _) in &targets {
            if !file.ends_with(".md") && !site.path(file).exists() {
                site.write(file, "file");
            }
        }
        let mut body = String::from("\n");
        for (t, shape, query) in &picks {
            let (_, shapes) = &targets[*t];
            let dest = &shapes[shape % shapes.len()];
            let dest = if query.is_empty() || dest.ends_with(".md") {
                dest.clone()
            } else {
                format!("{dest}?v={query}")
            };
            let bang = if image { "!" } else { "" };
            body.push_str(&format!("{bang}[链接{t}](<{dest}>)\n\n"));
        }
        append(&site, PAGE, &body);
        let check = gongkai(&site.root, &["check"]);
        prop_assert_eq!(check.code, Some(0), "{}\n{}", body, check.stdout);
        let built = build_into_temp(&site.root, false);
        prop_assert_eq!(link_problems(&built.out, BASE), Vec::<String>::new(), "{}", body);
        // Every link of the body is in the output, none as written.
        let html = built.read("news/2026-shicha/index.html");
        for l in links(&html).iter().filter(|l| l.contains(".md") || l.starts_with("..")) {
            prop_assert!(false, "unresolved {} in {}", l, body);
        }
    }
}

#[test]
fn fragments_in_a_summary_lead_to_the_page_from_listings() {
    let site = SiteCopy::new("basic");
    site.replace(PAGE, "3月15日，", "[见下文](#一基本情况)。3月15日，");
    site.replace(PAGE, "## 一、基本情况", "<!-- more -->\n\n## 一、基本情况");
    let check = gongkai(&site.root, &["check"]);
    assert_eq!(check.code, Some(0), "{}", check.stdout);
    let built = build_into_temp(&site.root, false);
    // The news listing shows the summary: its links lead to the page.
    let listing = built.read("news/page/2/index.html");
    let listing = listing + &built.read("news/index.html");
    let shown: Vec<String> = links(&listing)
        .into_iter()
        .map(|l| percent_decode(&l))
        .filter(|l| l.contains("一基本情况") || l.contains("#fn-"))
        .collect();
    assert!(
        shown.contains(&"/rd/qingxi/news/2026-shicha/#一基本情况".to_string()),
        "{shown:?}"
    );
    assert!(
        shown.contains(&"/rd/qingxi/news/2026-shicha/#fn-1".to_string()),
        "{shown:?}"
    );
    assert_eq!(link_problems(&built.out, BASE), Vec::<String>::new());
}
