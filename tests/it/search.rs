//! End to end: build the `kinds` fixture (every congress kind, unpublished
//! submissions) plus a draft, read `public/search/` back with the Rust
//! mirror of the browser's query engine, and check what is (and is not) in
//! it against the fixture's own Markdown files.

use crate::common::{build_into_temp, list_files, read_string, Built, SiteCopy, BASE_URL};
use gongkai::content::Kind;
use gongkai::search::index::{chunk_json, decode_meta, read_blob, Meta, META_FILE};
use gongkai::search::normalize::normalize;
use gongkai::search::query::{search, Filter, Results};
use std::collections::BTreeMap;
use std::path::Path;

/// A draft with a word found nowhere else.
const DRAFT: &str = "+++\ntitle = \"草稿不公开\"\ndate = 2026-03-01\ndraft = true\n[report]\ntype = \"年度工作计划\"\nyear = 2026\n+++\n\n这是草稿里的暗号：蜉蝣浮萍。\n";

fn site_with_draft() -> SiteCopy {
    let site = SiteCopy::new("kinds");
    site.write("content/reports/2026-caogao.md", DRAFT);
    site
}

fn index_file(built: &Built, rel: &str) -> Option<Vec<u8>> {
    std::fs::read(built.path(&format!("search/{rel}"))).ok()
}

fn meta(built: &Built) -> Meta {
    let bytes = index_file(built, META_FILE).expect("meta");
    decode_meta(&bytes).expect("meta").0
}

fn run(built: &Built, q: &str, filter: Filter) -> Results {
    search(|f| index_file(built, f), q, filter).expect("search")
}

/// A row of a text chunk: (url, title, date, kind, unit, fields, body).
type Row = (String, String, String, u8, String, String, String);

/// Every row of the text chunks, in document order.
fn rows(built: &Built) -> Vec<Row> {
    let m = meta(built);
    let chunks = (m.docs as usize).div_ceil(m.chunk as usize);
    (0..chunks)
        .flat_map(|k| {
            let bytes =
                read_blob(&m, |f| index_file(built, f), &format!("c/{k}.bin")).expect("chunk");
            let json = chunk_json(&bytes).expect("utf-16");
            serde_json::from_str::<Vec<Row>>(&json).expect("chunk json")
        })
        .collect()
}

fn urls(built: &Built, results: &Results) -> Vec<String> {
    let rows = rows(built);
    results
        .hits
        .iter()
        .map(|h| rows[h.doc as usize].0.clone())
        .collect()
}

/// A published page of the fixture, read from its Markdown file.
struct SourcePage {
    url: String,
    kind: Kind,
    year: i32,
    /// Front matter values and body, without comment lines.
    text: String,
}

/// The fixture's pages that the build published (their HTML exists).
fn published_sources(root: &Path, built: &Built) -> Vec<SourcePage> {
    let content = root.join("content");
    let mut out = vec![];
    for rel in list_files(&content) {
        let Some(stem) = rel
            .strip_suffix("/index.md")
            .or_else(|| rel.strip_suffix(".md"))
        else {
            continue;
        };
        if rel.ends_with("_index.md") {
            continue;
        }
        let url = format!("{stem}/");
        if !built.exists(&format!("{url}index.html")) {
            continue;
        }
        let section = rel.split('/').next().unwrap_or("");
        let index = read_string(&content.join(section).join("_index.md"));
        let kind = index
            .lines()
            .find_map(|l| l.strip_prefix("page_kind = "))
            .and_then(|k| Kind::parse(k.trim_matches('"')))
            .unwrap_or(Kind::Article);
        let text = read_string(&content.join(&rel));
        let year = text
            .lines()
            .find_map(|l| l.strip_prefix("date = "))
            .and_then(|d| d.get(..4)?.parse().ok())
            .unwrap_or(0);
        let text = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        out.push(SourcePage {
            url,
            kind,
            year,
            text,
        });
    }
    out
}

fn kind_byte(kind: Kind) -> u8 {
    Kind::ALL.iter().position(|&k| k == kind).expect("kind") as u8
}

#[test]
fn the_index_holds_every_published_page_and_nothing_else() {
    let site = site_with_draft();
    let built = build_into_temp(&site.root, false);
    let m = meta(&built);
    assert_eq!(m.docs as usize, built.report.pages);
    let sources = published_sources(&site.root, &built);
    assert_eq!(sources.len(), built.report.pages);
    let mut indexed: Vec<String> = rows(&built).into_iter().map(|r| r.0).collect();
    let mut published: Vec<String> = sources.iter().map(|s| s.url.clone()).collect();
    indexed.sort();
    published.sort();
    assert_eq!(indexed, published);

    // The draft and the two unpublished submissions: in no file of search/,
    // and no query finds them.
    let secrets = [
        "蜉蝣浮萍",
        "草稿不公开",
        "尚未录用",
        "周未录",
        "不应出现的退稿",
        "钱守密",
    ];
    for file in list_files(&built.path("search")) {
        let bytes = std::fs::read(built.path(&format!("search/{file}"))).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} in search/{file}");
        }
    }
    for secret in secrets {
        assert!(
            run(&built, secret, Filter::default()).hits.is_empty(),
            "{secret}"
        );
    }

    // With --drafts the draft is published, so it is found.
    let with_drafts = build_into_temp(&site.root, true);
    let found = run(&with_drafts, "蜉蝣浮萍", Filter::default());
    assert_eq!(urls(&with_drafts, &found), ["reports/2026-caogao/"]);
}

#[test]
fn traditional_and_full_width_queries_find_simplified_text() {
    let site = SiteCopy::new("kinds");
    let built = build_into_temp(&site.root, false);
    let simplified = run(&built, "卫生院", Filter::default());
    assert!(!simplified.hits.is_empty());
    assert_eq!(run(&built, "衛生院", Filter::default()), simplified);
    assert_eq!(
        run(&built, "鎮衛生院", Filter::default()),
        run(&built, "镇卫生院", Filter::default())
    );
    assert_eq!(
        run(&built, "２０２５年", Filter::default()),
        run(&built, "2025年", Filter::default())
    );
    // The pages found are exactly the published pages whose text has the phrase.
    let sources = published_sources(&site.root, &built);
    let mut expected: Vec<String> = sources
        .iter()
        .filter(|s| normalize(&s.text).contains("卫生院"))
        .map(|s| s.url.clone())
        .collect();
    let mut found = urls(&built, &simplified);
    expected.sort();
    found.sort();
    assert_eq!(found, expected);
}

#[test]
fn title_and_unit_matches_rank_first() {
    let site = SiteCopy::new("kinds");
    let built = build_into_temp(&site.root, false);
    let rows = rows(&built);
    let results = run(&built, "卫生院", Filter::default());
    let first = &rows[results.hits[0].doc as usize];
    assert!(first.1.contains("卫生院"), "first result: {first:?}");
    for pair in results.hits.windows(2) {
        assert!(
            pair[0].score > pair[1].score
                || (pair[0].score == pair[1].score && pair[0].doc < pair[1].doc)
        );
    }
}

#[test]
fn a_row_has_the_unit_and_fields_apart_from_the_body() {
    let site = SiteCopy::new("kinds");
    let built = build_into_temp(&site.root, false);
    let rows = rows(&built);
    let row = |url: &str| rows.iter().find(|r| r.0 == url).expect(url);
    let (_, title, date, _, unit, fields, body) = row("inspections/2025-weishengyuan-shicha/");
    assert_eq!(
        (title.as_str(), date.as_str()),
        ("镇人大代表视察镇卫生院医疗服务工作", "2025-06-10")
    );
    // The unit, and the kind's fields (delegates, findings, notes) apart.
    assert_eq!(unit, "镇卫生院");
    assert!(fields.starts_with("视察　基本医疗服务"), "{fields}");
    for field in [
        "陈建国",
        "王明华",
        "夜间值班医生不足",
        "已增设两台自助挂号机",
    ] {
        assert!(
            fields.contains(field) && !body.contains(field),
            "{field} in the fields only"
        );
    }
    assert_eq!(
        body,
        "6月10日，镇人大主席团组织代表视察镇卫生院医疗服务工作。"
    );
}

#[test]
fn facet_counts_match_the_fixture() {
    let site = SiteCopy::new("kinds");
    let built = build_into_temp(&site.root, false);
    let sources = published_sources(&site.root, &built);
    for q in ["代表", "卫生院", "2025年"] {
        let matching: Vec<&SourcePage> = sources
            .iter()
            .filter(|s| normalize(&s.text).contains(&normalize(q)))
            .collect();
        let mut kinds: BTreeMap<u8, u32> = BTreeMap::new();
        let mut years: BTreeMap<i32, u32> = BTreeMap::new();
        for s in &matching {
            *kinds.entry(kind_byte(s.kind)).or_default() += 1;
            *years.entry(s.year).or_default() += 1;
        }
        let all = run(&built, q, Filter::default());
        assert_eq!(all.kinds, kinds, "kinds of {q}");
        assert_eq!(all.years, years, "years of {q}");
        assert_eq!(all.hits.len(), matching.len(), "{q}");

        let inspection = kind_byte(Kind::Inspection);
        let filtered = run(
            &built,
            q,
            Filter {
                kind: Some(inspection),
                year: Some(2025),
            },
        );
        let expected = matching
            .iter()
            .filter(|s| s.kind == Kind::Inspection && s.year == 2025)
            .count();
        assert_eq!(filtered.hits.len(), expected, "{q} filtered");
    }
}

#[test]
fn search_page_and_header_form_work_under_the_sub_path() {
    let site = SiteCopy::new("kinds");
    let built = build_into_temp(&site.root, false);
    let base = BASE_URL.trim_start_matches("https://example.gov.cn");
    let base = base.replace("qingxi", "test");
    let page = built.read("search/index.html");
    assert!(page.contains(&format!(
        "<script type=\"module\" src=\"{base}js/search.js\"></script>"
    )));
    assert!(page.contains(&format!("data-index=\"{base}search/\"")));
    assert!(page.contains("<noscript>"));
    assert!(page.contains("aria-live=\"polite\""));
    assert!(page.contains("<label for=\"search-q\">"));
    assert!(built.exists("js/search.js") && built.exists("js/search-core.js"));
    // The budget for the search page's script: under 10 KB gzipped.
    let script: usize = ["js/search.js", "js/search-core.js"]
        .iter()
        .map(|f| gongkai::search::index::gzip(built.read(f).as_bytes(), 9).len())
        .sum();
    assert!(script < 10 * 1024, "search scripts: {script} bytes gzipped");
    // Every other page has the plain GET form, and loads no script (the
    // reading modes' few inline lines aside).
    let news = built.read("inspections/2025-weishengyuan-shicha/index.html");
    assert!(news.contains(&format!(
        "<form class=\"site-search\" action=\"{base}search/\" method=\"get\" role=\"search\">"
    )));
    assert!(news.contains("<label for=\"site-search-q\">") && news.contains("name=\"q\""));
    assert!(!news.contains("<script src") && !news.contains("search.js"));
    // Not in the sitemap: a search page has nothing for crawlers.
    assert!(!built.read("sitemap.xml").contains("/search/"));
}

#[test]
fn disabled_search_writes_neither_index_nor_box() {
    let site = SiteCopy::new("kinds");
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{config}\n[search]\nenabled = false\n"),
    );
    let built = build_into_temp(&site.root, false);
    assert!(!built.path("search").exists());
    assert!(!built.read("index.html").contains("role=\"search\""));
}

#[test]
fn a_content_page_at_search_collides_with_the_search_page() {
    let site = SiteCopy::new("kinds");
    site.write(
        "content/search.md",
        "+++\ntitle = \"搜索说明\"\ndate = 2026-01-01\n+++\n\n正文。\n",
    );
    let out = site.tmp.path().join("public");
    let diags = gongkai::build(&crate::common::options(&site.root, &out, false))
        .expect_err("the page and the search page share /search/");
    let text = crate::common::render_all(&diags, &site.root);
    assert!(text.contains("content/search.md:1:"), "{text}");
    assert!(text.contains("/search/"), "{text}");
}

/// A zero-width joiner pasted inside a word (from Word, a chat app) and a
/// soft hyphen inside a Latin word do not split them: the page is found by
/// the word as it reads, and the stored text (for snippets) has them joined.
/// Invisible characters typed into the query are skipped the same way.
#[test]
fn invisible_characters_inside_a_word_do_not_split_it() {
    let site = SiteCopy::new("kinds");
    site.write(
        "content/news/2026-lingkuan.md",
        "+++\ntitle = \"零宽字符\"\ndate = 2026-05-01\n+++\n\n蜂\u{200D}鸟卫生室开展义诊，宣传nu\u{00AD}trition知识。\n",
    );
    let built = build_into_temp(&site.root, false);
    let found = |q: &str| urls(&built, &run(&built, q, Filter::default()));
    for q in [
        "蜂鸟卫生室",
        "nutrition",
        "蜂\u{200B}鸟",
        "蜂\u{2060}鸟卫生室",
    ] {
        let urls = found(q);
        assert!(
            urls.iter().any(|u| u.ends_with("news/2026-lingkuan/")),
            "{q:?}: {urls:?}"
        );
    }
    let row = rows(&built)
        .into_iter()
        .find(|r| r.1 == "零宽字符")
        .expect("row");
    assert!(
        row.6.contains("蜂鸟卫生室") && row.6.contains("nutrition"),
        "{}",
        row.6
    );
}

/// The table follows OpenCC: 諮詢 is 咨询 (not 谘询), 瀋陽 is 沈阳.
#[test]
fn traditional_forms_with_several_simplified_forms_find_openccs() {
    let site = SiteCopy::new("kinds");
    site.write(
        "content/news/2026-zixun.md",
        "+++\ntitle = \"法律咨询\"\ndate = 2026-05-02\n+++\n\n代表赴沈阳开展法律咨询活动。\n",
    );
    let built = build_into_temp(&site.root, false);
    for (traditional, simplified) in [("諮詢", "咨询"), ("瀋陽", "沈阳")] {
        let t = run(&built, traditional, Filter::default());
        assert!(!t.hits.is_empty(), "{traditional}");
        assert_eq!(
            t,
            run(&built, simplified, Filter::default()),
            "{traditional}"
        );
    }
}

/// 乾 folds to 干 as OpenCC writes it by default (乾淨 is 干净), but not
/// inside the phrases OpenCC keeps it in: a page about 旋转乾坤 is not
/// found by the one character 干, and is found by its Traditional form.
#[test]
fn a_phrase_keeps_the_character_opencc_keeps() {
    let site = SiteCopy::new("kinds");
    site.write(
        "content/news/2026-qiankun.md",
        "+++\ntitle = \"扭转乾坤\"\ndate = 2026-05-03\n+++\n\n代表们说，要有扭转乾坤的决心。\n",
    );
    site.write(
        "content/news/2026-ganjing.md",
        "+++\ntitle = \"乾淨\"\ndate = 2026-05-04\n+++\n\n村容乾淨整潔。\n",
    );
    let built = build_into_temp(&site.root, false);
    let found = |q: &str| urls(&built, &run(&built, q, Filter::default()));
    let has = |q: &str, page: &str| found(q).iter().any(|u| u.ends_with(page));
    assert!(has("扭轉乾坤", "news/2026-qiankun/"));
    assert!(has("乾坤", "news/2026-qiankun/"));
    assert!(!has("干", "news/2026-qiankun/"), "{:?}", found("干"));
    assert!(has("干净", "news/2026-ganjing/"));
    assert!(has("干", "news/2026-ganjing/"));
    // The browser gets the phrase with the index.
    assert!(meta(&built)
        .phrases
        .iter()
        .any(|(p, f)| p == "乾坤" && f == "乾坤"));
}

/// A site of `pages` generated news pages besides the fixture's, each with
/// its own number (第N号) in varied text, long enough for many shards.
fn generated_site(pages: usize) -> SiteCopy {
    let site = SiteCopy::new("basic");
    let words = [
        "镇人大代表",
        "视察",
        "卫生院",
        "医保报销",
        "整改落实",
        "农田水利",
        "乡村振兴",
        "民生实事",
        "代表建议",
        "财政预算",
        "2025年",
        "10%",
        "GDP增长",
        "义务教育",
        "养老服务",
        "道路硬化",
        "饮水安全",
        "营商环境",
        "垃圾分类",
        "防汛抗旱",
    ];
    let mut x: u64 = 7;
    for i in 0..pages {
        let mut body = format!("本镇第{i}号文件。");
        for _ in 0..120 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            body.push_str(words[(x >> 33) as usize % words.len()]);
            body.push(if x.is_multiple_of(5) { '。' } else { '，' });
        }
        let page = format!(
            "+++\ntitle = \"第{i}号 工作动态\"\ndate = 2025-{:02}-{:02}\n+++\n\n{body}\n",
            i % 12 + 1,
            i % 28 + 1
        );
        site.write(&format!("content/news/gen-{i}.md"), &page);
    }
    site
}

#[test]
fn a_site_of_n_pages_has_at_most_1_plus_n_over_24_plus_4_n_over_96_index_files() {
    // 10,000 pages: at most 838 files (13,764 before packing). Here 480
    // pages, each in its own text chunk, 64 shards.
    let site = generated_site(480);
    let built = build_into_temp(&site.root, false);
    let m = meta(&built);
    let n = m.docs as usize;
    assert!(n >= 480);
    // The index's files, not the search page.
    let mut files = list_files(&built.path("search"));
    files.retain(|f| f != "index.html");
    let budget = 1 + n.div_ceil(24) + 4 * n.div_ceil(96);
    assert!(
        files.len() <= budget,
        "{} files > {budget}: {files:?}",
        files.len()
    );
    // Packs hold many blobs: far fewer files than blobs.
    let count = |dir: &str| {
        (0..)
            .take_while(|k| m.locate(&format!("{dir}/{k}.bin")).is_some())
            .count()
    };
    let blobs: usize = ["s", "p", "g", "q", "c"].iter().map(|d| count(d)).sum();
    assert!(
        blobs > 5 * files.len(),
        "{blobs} blobs in {} files",
        files.len()
    );
    assert!(
        files
            .iter()
            .all(|f| f == META_FILE || f.starts_with("pack/")),
        "{files:?}"
    );
    // Every page is found by its number, read from the packs.
    let rows = rows(&built);
    for i in (0..480).step_by(37) {
        let found = run(&built, &format!("第{i}号"), Filter::default());
        let urls: Vec<&str> = found
            .hits
            .iter()
            .map(|h| rows[h.doc as usize].0.as_str())
            .collect();
        assert_eq!(urls, [format!("news/gen-{i}/")], "第{i}号");
    }
}
