//! A corpus of bad (and odd but valid) inputs, each run through the real
//! `gongkai build` on a copy of `tests/sites/basic` that was built once
//! good. Every case checks the exit code, that nothing panicked or
//! overflowed its stack, and that `public/` is byte for byte the good site
//! when the build fails; a failing case also checks that the message names
//! the file (and line, where there is one) in Chinese words.
//!
//! The fixtures are written by each test from small strings, so a case
//! reads as one mistake. Cases already covered by `build_errors.rs` are not
//! repeated here.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A copy of the basic site with a good build in `public/`. The site is
/// built once per run (with the library) and copied for each case, which is
/// much cheaper than building it again.
fn good_site() -> SiteCopy {
    static GOOD: OnceLock<PathBuf> = OnceLock::new();
    let good = GOOD.get_or_init(|| {
        // Under target/tmp, named by process: a static is never dropped, so
        // the copies of earlier runs (older than any run) are removed here.
        let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad_inputs-good");
        for old in std::fs::read_dir(&base).into_iter().flatten().flatten() {
            let age = old.metadata().and_then(|m| m.modified()).ok();
            if age.and_then(|t| t.elapsed().ok()) > Some(Duration::from_secs(3600)) {
                let _ = std::fs::remove_dir_all(old.path());
            }
        }
        let root = base.join(std::process::id().to_string());
        copy_dir(&fixture("basic"), &root);
        let options = gongkai::BuildOptions {
            root: root.clone(),
            ..Default::default()
        };
        gongkai::build(&options).unwrap_or_else(|d| panic!("{}", render_all(&d, &root)));
        root
    });
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    copy_dir(good, &root);
    let site = SiteCopy { tmp, root };
    assert!(site.path("public/index.html").is_file());
    site
}

/// A page: TOML front matter `front` and Markdown `body`.
fn page(front: &str, body: &str) -> String {
    format!("+++\n{front}\n+++\n{body}")
}

/// A dated news page with `extra` front matter lines.
fn news(extra: &str) -> String {
    page(
        &format!("title = \"测试\"\ndate = 2026-03-01\n{extra}"),
        "正文。\n",
    )
}

fn write_bytes(site: &SiteCopy, rel: &str, bytes: &[u8]) {
    let path = site.path(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, bytes).expect("write");
}

/// Builds with the real binary and checks the build failed cleanly: exit
/// code 1, an error line starting with `at` (`path` or `path:line`) that
/// contains `fragment` and is worded in Chinese, and `public/` unchanged with
/// no staging folder left. Returns the error line.
fn assert_fails(site: &SiteCopy, args: &[&str], at: &str, fragment: &str) -> String {
    assert_fails_at_one_of(site, args, &[at], fragment)
}

/// [`assert_fails`] where the error may be at either of several places.
fn assert_fails_at_one_of(
    site: &SiteCopy,
    args: &[&str],
    places: &[&str],
    fragment: &str,
) -> String {
    let before = hash_tree(&site.path("public"));
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let run = gongkai(&site.root, &all);
    assert_eq!(run.code, Some(1), "exit code\n{}", run.stderr);
    let heads: Vec<String> = places.iter().map(|at| format!("{at}: 错误：")).collect();
    let (head, line) = run
        .stderr
        .lines()
        .find_map(|l| {
            heads
                .iter()
                .find(|h| l.starts_with(h.as_str()))
                .map(|h| (h, l))
        })
        .unwrap_or_else(|| panic!("no error at {places:?} in:\n{}", run.stderr));
    let line = line.to_string();
    assert!(
        line.contains(fragment),
        "expected {fragment:?} in:\n{line}\nall:\n{}",
        run.stderr
    );
    let words: usize = cjk_runs(&line[head.len()..])
        .iter()
        .map(|r| r.chars().count())
        .sum();
    assert!(words >= 4, "not in Chinese words: {line}");
    assert!(!line.contains("原文："), "an untranslated detail: {line}");
    for debug_text in ["Error {", "kind:", "Os {", "panicked", "\\u{"] {
        assert!(!line.contains(debug_text), "program text in: {line}");
    }
    assert!(run.stderr.contains("生成失败："), "{}", run.stderr);
    assert_same_tree(&before, &hash_tree(&site.path("public")), "public/");
    assert_no_staging_left(&site.root);
    line
}

/// Builds with the real binary and checks it succeeded.
fn assert_builds(site: &SiteCopy) -> Run {
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert_no_staging_left(&site.root);
    run
}

const NEW: &str = "content/news/new.md";

// ---- malformed TOML ----

#[test]
fn unclosed_string() {
    let site = good_site();
    site.write(NEW, &page("title = \"测试\ndate = 2026-03-01", ""));
    assert_fails(&site, &[], "content/news/new.md:2", "");
}

#[test]
fn key_without_equals_sign() {
    let site = good_site();
    site.write(NEW, &page("title = \"测试\"\ndate 2026-03-01", ""));
    assert_fails(&site, &[], "content/news/new.md:3", "");
}

#[test]
fn key_written_twice() {
    let site = good_site();
    site.write(NEW, &news("title = \"又一个\""));
    assert_fails(&site, &[], "content/news/new.md:4", "");
}

#[test]
fn unclosed_table_header() {
    let site = good_site();
    site.write(NEW, &news("[disclosure\nindex_no = \"1\""));
    assert_fails(&site, &[], "content/news/new.md:4", "");
}

#[test]
fn front_matter_never_closed() {
    let site = good_site();
    site.write(NEW, "+++\ntitle = \"测试\"\ndate = 2026-03-01\n正文\n");
    assert_fails(&site, &[], "content/news/new.md:1", "+++");
}

#[test]
fn empty_file() {
    let site = good_site();
    site.write(NEW, "");
    assert_fails(&site, &[], "content/news/new.md:1", "+++");
}

#[test]
fn invalid_escape_in_string() {
    let site = good_site();
    site.write(NEW, &news("author = \"C:\\new\\q\""));
    assert_fails(&site, &[], "content/news/new.md:4", "");
}

#[test]
fn number_too_big_for_toml() {
    let site = good_site();
    site.write(NEW, &news("weight = 99999999999999999999999"));
    assert_fails(&site, &[], "content/news/new.md:4", "");
}

// ---- wrong types ----

#[test]
fn title_is_a_number() {
    let site = good_site();
    site.write(NEW, &page("title = 5\ndate = 2026-03-01", ""));
    assert_fails(&site, &[], "content/news/new.md:2", "");
}

#[test]
fn draft_is_a_string() {
    let site = good_site();
    site.write(NEW, &news("draft = \"yes\""));
    assert_fails(&site, &[], "content/news/new.md:4", "");
}

#[test]
fn tags_is_a_string() {
    let site = good_site();
    site.write(NEW, &news("tags = \"会议\""));
    assert_fails(&site, &[], "content/news/new.md:4", "");
}

#[test]
fn categories_are_numbers() {
    let site = good_site();
    site.write(NEW, &news("categories = [1, 2]"));
    assert_fails(&site, &[], "content/news/new.md:4", "");
}

#[test]
fn date_is_a_boolean() {
    let site = good_site();
    site.write(NEW, &page("title = \"测试\"\ndate = true", ""));
    assert_fails(&site, &[], "content/news/new.md:3", "日期");
}

#[test]
fn extra_is_not_a_table() {
    let site = good_site();
    site.write(NEW, &news("extra = 1"));
    assert_fails(&site, &[], "content/news/new.md:4", "");
}

#[test]
fn unknown_kind() {
    let site = good_site();
    site.write(NEW, &news("kind = \"meeting\""));
    assert_fails(&site, &[], "content/news/new.md:4", "meeting");
}

#[test]
fn title_of_spaces_only() {
    let site = good_site();
    site.write(NEW, &page("title = \"   \"\ndate = 2026-03-01", ""));
    assert_fails(&site, &[], "content/news/new.md:2", "标题");
}

/// An evaluation with `votes` of `satisfied`: the counts of one unit.
fn evaluation(satisfied: &str) -> String {
    page(
        &format!(
            "title = \"评议\"\ndate = 2026-11-28\nkind = \"evaluation\"\n\
             [evaluation]\nyear = 2026\nmeeting_date = 2026-11-28\ndelegates_present = 45\n\
             [[evaluation.units]]\nname = \"镇派出所\"\n\
             votes = {{ satisfied = {satisfied}, basically_satisfied = 9223372036854775807, unsatisfied = 1 }}"
        ),
        "",
    )
}

#[test]
fn votes_that_overflow_when_added() {
    let site = good_site();
    site.write(NEW, &evaluation("9223372036854775807"));
    assert_fails(&site, &[], "content/news/new.md:11", "45");
}

#[test]
fn votes_of_the_wrong_type() {
    let site = good_site();
    site.write(NEW, &evaluation("\"38\""));
    assert_fails(&site, &[], "content/news/new.md:11", "");
}

#[test]
fn negative_votes_that_overflow() {
    let site = good_site();
    site.write(
        NEW,
        &evaluation("-9223372036854775808").replace(
            "basically_satisfied = 9223372036854775807",
            "basically_satisfied = -9223372036854775808",
        ),
    );
    assert_fails(&site, &[], "content/news/new.md:11", "");
}

// ---- encodings and line ends ----

#[test]
fn invalid_utf8_names_the_line() {
    let site = good_site();
    let mut bytes = news("").into_bytes();
    bytes.extend_from_slice(b"\xe4\xbc\x9a\xff\xfe\n");
    write_bytes(&site, NEW, &bytes);
    assert_fails(&site, &[], "content/news/new.md:7", "UTF-8");
}

#[test]
fn gbk_encoded_section_index() {
    let site = good_site();
    // "人大要闻" in GBK.
    let mut bytes = b"+++\ntitle = \"".to_vec();
    bytes.extend_from_slice(&[0xc8, 0xcb, 0xb4, 0xf3, 0xd2, 0xaa, 0xce, 0xc5]);
    bytes.extend_from_slice(b"\"\n+++\n");
    write_bytes(&site, "content/news/_index.md", &bytes);
    assert_fails(&site, &[], "content/news/_index.md:2", "UTF-8");
}

#[test]
fn a_bom_builds() {
    let site = good_site();
    site.write(NEW, &format!("\u{feff}{}", news("")));
    assert_builds(&site);
    assert!(site.path("public/news/new/index.html").is_file());
}

#[test]
fn crlf_and_bare_cr_build() {
    let site = good_site();
    site.write(NEW, &news("tags = [\"会议\"]").replace('\n', "\r\n"));
    site.write(
        "content/news/old-mac.md",
        &news("").replace("测试", "旧式").replace('\n', "\r"),
    );
    assert_builds(&site);
    assert!(site.read("public/news/new/index.html").contains("测试"));
    assert!(site.read("public/news/old-mac/index.html").contains("旧式"));
}

#[test]
fn nul_characters_in_the_text() {
    let site = good_site();
    site.write(
        NEW,
        &page("title = \"测试\"\ndate = 2026-03-01", "正文\0\0。\n"),
    );
    assert_builds(&site);
}

// ---- characters XML forbids (issue 19 §5) ----

/// What Word pastes and XML forbids: C0 controls but tab, LF and CR, and U+FFFE/U+FFFF.
/// What XML forbids, and bidirectional controls (U+202E shows what follows
/// backwards).
const FORBIDDEN: [char; 12] = [
    '\u{b}', '\u{8}', '\u{0}', '\u{1}', '\u{c}', '\u{1b}', '\u{1f}', '\u{7}', '\u{FFFE}',
    '\u{FFFF}', '\u{202E}', '\u{2066}',
];

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Every XML file of the output parses with quick-xml and holds only XML's
/// characters (quick-xml leaves that check to its callers); no HTML page
/// holds one of `FORBIDDEN`.
fn assert_output_is_clean(public: &Path) {
    let files = list_files(public);
    let mut xml = 0;
    for rel in &files {
        let path = public.join(rel);
        if rel.ends_with(".xml") {
            let text = read_string(&path);
            parse_xml(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
            if let Some(c) = text
                .chars()
                .find(|&c| !is_xml_char(c) || FORBIDDEN.contains(&c))
            {
                panic!("{rel} holds U+{:04X}", c as u32);
            }
            xml += 1;
        } else if rel.ends_with(".html") {
            let text = read_string(&path);
            if let Some(c) = text.chars().find(|c| FORBIDDEN.contains(c)) {
                panic!("{rel} holds U+{:04X}", c as u32);
            }
        }
    }
    assert!(xml >= 5, "feeds and sitemap: {files:?}");
}

#[test]
fn control_characters_from_word_are_removed_with_a_warning_at_their_line() {
    let site = good_site();
    for (i, c) in FORBIDDEN.iter().enumerate() {
        let front = format!(
            "title = \"测试{c}标题{i}\"\ndate = 2026-03-0{}\nsummary = \"摘{c}要\"\nauthor = \"作{c}者\"\n\
             tags = [\"标{c}签\"]\ncategories = [\"分{c}类\"]\n[extra]\nnote = \"备{c}注\"",
            1 + i % 9
        );
        site.write(
            &format!("content/news/c{i}.md"),
            &page(&front, &format!("正{c}文。\n\n第二段{c}。\n")),
        );
    }
    // Markdown decodes a character reference after loading cleaned the source.
    site.write(
        "content/news/ref.md",
        &page(
            "title = \"引用\"\ndate = 2026-03-01",
            "正&#11;文&#0;。图&#x202E;gpj.exe\n",
        ),
    );
    let run = assert_builds(&site);
    for (i, c) in FORBIDDEN.iter().enumerate() {
        let file = format!("content/news/c{i}.md");
        for line in [2, 9] {
            let head = format!("{file}:{line}: 警告：");
            let warning = run.stderr.lines().find(|l| l.starts_with(&head));
            let warning = warning.unwrap_or_else(|| panic!("no warning at {head}\n{}", run.stderr));
            assert!(
                warning.contains(&format!("U+{:04X}", *c as u32)),
                "{warning}"
            );
        }
    }
    assert!(site.read("public/news/c0/index.html").contains("测试标题0"));
    assert!(site.read("public/sitemap.xml").contains("news/c9/"));
    assert_output_is_clean(&site.path("public"));
}

#[test]
fn control_characters_written_as_toml_escapes_are_errors_at_their_line() {
    for escape in ["\\u000b", "\\b", "\\f", "\\u0000", "\\U0000FFFF", "\\u202E"] {
        let site = good_site();
        site.write(NEW, &news(&format!("author = \"作{escape}者\"")));
        assert_fails(&site, &[], &format!("{NEW}:4"), "转义");
        let site = good_site();
        let text = site.read("site.toml");
        site.write(
            "site.toml",
            &text.replacen("title = \"", &format!("title = \"{escape}"), 1),
        );
        let line = site.line_of("site.toml", "title =");
        assert_fails(&site, &[], &format!("site.toml:{line}"), "转义");
    }
}

#[test]
fn control_characters_in_site_toml_are_errors_at_their_line() {
    for c in FORBIDDEN {
        let site = good_site();
        let text = site.read("site.toml");
        site.write(
            "site.toml",
            &text.replacen("description = \"", &format!("description = \"{c}"), 1),
        );
        let line = site.line_of("site.toml", "description =");
        assert_fails(&site, &[], &format!("site.toml:{line}"), "控制字符");
    }
}

// ---- years, widths and rates that used to panic (issue 19 §5) ----

/// Appends `toml` to the site's `site.toml`; returns the line of its first line.
fn append_site_toml(site: &SiteCopy, toml: &str) -> usize {
    let text = site.read("site.toml");
    let line = text.lines().count() + 1;
    site.write("site.toml", &format!("{text}{toml}"));
    line
}

#[test]
fn dates_with_years_chrono_cannot_write_are_errors_at_their_line() {
    for (field, value) in [
        ("date", "\"-2026-03-01\""),
        ("date", "\"+10000-01-01\""),
        ("date", "\"-1/1/1\""),
        ("date", "1900-01-01"),
        ("updated", "\"+10000-01-01\""),
        ("updated", "9999-12-31"),
    ] {
        let site = good_site();
        let front = if field == "date" {
            format!("title = \"测试\"\ndate = {value}")
        } else {
            format!("title = \"测试\"\ndate = 2026-03-01\nupdated = {value}")
        };
        site.write(NEW, &page(&front, "正文。\n"));
        let line = site.line_of(NEW, &format!("{field} ="));
        assert_fails(&site, &[], &format!("{NEW}:{line}"), "1949");
    }
}

#[test]
fn dates_of_the_kind_tables_are_limited_too() {
    let site = good_site();
    let text = evaluation("1").replace(
        "meeting_date = 2026-11-28",
        "meeting_date = \"-0001-05-01\"",
    );
    site.write(NEW, &text);
    let line = site.line_of(NEW, "meeting_date =");
    assert_fails(&site, &[], &format!("{NEW}:{line}"), "2100");
}

#[test]
fn the_year_range_is_set_in_site_toml() {
    let site = good_site();
    append_site_toml(&site, "\n[build]\nmin_year = 1800\nmax_year = 2200\n");
    site.write(
        NEW,
        &page("title = \"测试\"\ndate = 1840-06-01", "正文。\n"),
    );
    assert_builds(&site);
    assert!(site.read("public/rss.xml").contains("1840"));

    let site = good_site();
    let line = append_site_toml(&site, "[build]\nmin_year = 2100\nmax_year = 1949\n");
    assert_fails(&site, &[], &format!("site.toml:{}", line + 1), "min_year");
}

#[test]
fn a_serial_width_that_is_no_small_number_is_an_error_at_its_line() {
    for format in [
        "{code}/{year}-{serial:0999999999}",
        "{code}/{year}-{serial:13}",
        "{code}/{year}-{serial:x}",
        "{code}/{year}-{serial:+5}",
        "{code}/{year}-{serial:5",
    ] {
        let site = good_site();
        let line = append_site_toml(
            &site,
            &format!("\n[disclosure]\nindex_format = \"{format}\"\n"),
        );
        let at = format!("site.toml:{}", line + 2);
        assert_fails(&site, &[], &at, "serial");
        let run = gongkai(&site.root, &["new", "article", "测试"]);
        assert_eq!(run.code, Some(1), "{format}: {}", run.stderr);
        assert!(run.stderr.contains(&at), "{format}: {}", run.stderr);
    }
}

#[test]
fn a_rating_min_that_is_no_rate_is_an_error_in_site_toml() {
    for min in ["nan", "inf", "-inf", "-0.1", "1.5"] {
        let site = good_site();
        let line = append_site_toml(
            &site,
            &format!("\n[evaluation]\nratings = [\n  {{ min = 0.9, label = \"满意单位\" }},\n  {{ min = {min}, label = \"不满意单位\" }},\n]\n"),
        );
        assert_fails(&site, &[], &format!("site.toml:{}", line + 4), "min");
    }
}

#[test]
fn an_output_that_is_a_file_is_called_a_file() {
    let site = good_site();
    site.write("afile", "不是文件夹\n");
    let before = hash_tree(&site.path("public"));
    for (lang, said) in [
        ("zh", "afile 是一个文件，不是文件夹"),
        ("en", "afile is a file, not a folder"),
    ] {
        let run = gongkai(&site.root, &["build", "-o", "afile", "--lang", lang]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(run.stderr.contains(said), "{}", run.stderr);
        assert!(!run.stderr.contains("--force"), "{}", run.stderr);
    }
    assert_eq!(site.read("afile"), "不是文件夹\n");
    assert_same_tree(&before, &hash_tree(&site.path("public")), "public/");
    assert_no_staging_left(&site.root);
}

// ---- size and depth ----

/// How long a big or deep page may take in a debug build before it counts as
/// a hang. A hang guard, not a speed test (speed is measured in benches/): far
/// above the 20 MB page's 30 s of CPU, so a busy machine does not fail it.
const SLOW: Duration = Duration::from_secs(300);

#[test]
fn a_20_mb_page_builds_or_fails_cleanly_and_fast() {
    let site = good_site();
    let paragraph = "镇人大代表视察了农医办的新农合登记工作，提出了三条建议。\n\n";
    let body = paragraph.repeat(20 * 1024 * 1024 / paragraph.len());
    site.write(NEW, &page("title = \"测试\"\ndate = 2026-03-01", &body));
    let started = Instant::now();
    let run = gongkai(&site.root, &["build"]);
    assert!(started.elapsed() < SLOW, "took {:?}", started.elapsed());
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.stderr);
    if run.code == Some(1) {
        assert!(run.stderr.contains("content/news/new.md"), "{}", run.stderr);
    }
    assert_no_staging_left(&site.root);
}

#[test]
fn a_page_with_20_000_tags_builds_every_term_page() {
    // Quadratic before: 4,000 tags took 16 s, 100,000 did not finish in 300 s.
    // Half of them share their pinyin with another (`标签7` and `标签7！`), so
    // the `-2` suffixes are exercised too.
    let site = good_site();
    let tags: Vec<String> = (0..10_000)
        .flat_map(|i| [format!("标签{i}"), format!("标签{i}！")])
        .collect();
    let list: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
    site.write(
        NEW,
        &page(
            &format!(
                "title = \"很多标签\"\ndate = 2026-03-01\ntags = [{}]",
                list.join(", ")
            ),
            "正文。\n",
        ),
    );
    let started = Instant::now();
    assert_builds(&site);
    assert!(started.elapsed() < SLOW, "took {:?}", started.elapsed());
    let terms: Vec<String> = list_files(&site.path("public/tags"))
        .into_iter()
        .filter(|f| f.ends_with("/index.html"))
        .collect();
    let own = site
        .read("public/tags/index.html")
        .matches("/tags/biao-qian-")
        .count();
    assert!(terms.len() >= 20_000, "{} term pages", terms.len());
    assert!(own >= 20_000, "{own} terms listed");
    let page = site.read("public/news/new/index.html");
    assert_eq!(page.matches("/rd/qingxi/tags/biao-qian-").count(), 20_000);
    for slug in ["biao-qian-9999", "biao-qian-9999-2"] {
        let term = site.read(&format!("public/tags/{slug}/index.html"));
        assert!(term.contains("很多标签"), "{slug}");
    }
}

/// Builds a page with `body` and checks it is done, neither crashing nor hanging.
fn assert_deep_body_builds(body: &str) {
    let site = good_site();
    site.write(NEW, &page("title = \"测试\"\ndate = 2026-03-01", body));
    let started = Instant::now();
    assert_builds(&site);
    assert!(started.elapsed() < SLOW, "took {:?}", started.elapsed());
    assert!(site.path("public/news/new/index.html").is_file());
}

#[test]
fn ten_thousand_nested_lists() {
    assert_deep_body_builds(&format!("{}深\n", "- ".repeat(10_000)));
}

#[test]
fn ten_thousand_nested_block_quotes() {
    assert_deep_body_builds(&format!("{}深\n", "> ".repeat(10_000)));
}

#[test]
fn ten_thousand_nested_emphasis_and_links() {
    assert_deep_body_builds(&format!(
        "{}深{}\n\n{}x{}\n",
        "*".repeat(10_000),
        "*".repeat(10_000),
        "[".repeat(10_000),
        "](/)".repeat(10_000)
    ));
}

#[test]
fn ten_thousand_nested_arrays_in_front_matter() {
    let site = good_site();
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    site.write(NEW, &news(&format!("[extra]\ndeep = {deep}")));
    assert_fails(&site, &[], "content/news/new.md:5", "套了太多层");
}

#[test]
fn ten_thousand_nested_inline_tables_in_front_matter() {
    let site = good_site();
    let deep = format!("{}1{}", "{ a = ".repeat(10_000), " }".repeat(10_000));
    site.write(NEW, &news(&format!("[extra]\ndeep = {deep}")));
    assert_fails(&site, &[], "content/news/new.md:5", "套了太多层");
}

// ---- symbolic links ----

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_named() {
    let site = good_site();
    std::os::unix::fs::symlink("b.md", site.path("content/news/a.md")).expect("symlink");
    std::os::unix::fs::symlink("a.md", site.path("content/news/b.md")).expect("symlink");
    assert_fails(&site, &[], "content/news/a.md", "链接");
}

#[cfg(unix)]
#[test]
fn a_folder_symlink_loop_is_named() {
    let site = good_site();
    std::os::unix::fs::symlink("..", site.path("content/news/up")).expect("symlink");
    // Either refused by name or not followed: never an endless walk.
    let run = gongkai(&site.root, &["build"]);
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.stderr);
    assert!(!site.path("public/news/up").exists());
    assert_no_staging_left(&site.root);
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_site_is_refused() {
    let site = good_site();
    let outside = site.tmp.path().join("secret.md");
    std::fs::write(&outside, news("")).expect("write");
    std::os::unix::fs::symlink(&outside, site.path("content/news/secret.md")).expect("symlink");
    assert_fails(&site, &[], "content/news/secret.md", "网站文件夹以外");
}

#[cfg(unix)]
#[test]
fn a_folder_symlink_out_of_the_site_is_refused() {
    let site = good_site();
    let outside = site.tmp.path().join("elsewhere");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(outside.join("passwd.txt"), "root:x:0:0").expect("write");
    std::os::unix::fs::symlink(&outside, site.path("content/news/files")).expect("symlink");
    assert_fails(&site, &[], "content/news/files", "网站文件夹以外");
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_the_site_is_published() {
    let site = good_site();
    site.write("shared/notice.md", &news("slug = \"notice\""));
    std::os::unix::fs::symlink("../../shared/notice.md", site.path(NEW)).expect("symlink");
    assert_builds(&site);
    assert!(site.path("public/news/notice/index.html").is_file());
}

/// The static folders: the site's and its theme's.
const STATIC_FOLDERS: [&str; 2] = ["static", "themes/default/static"];

#[cfg(unix)]
#[test]
fn a_static_symlink_out_of_the_site_is_refused() {
    for folder in STATIC_FOLDERS {
        let site = good_site();
        let outside = site.tmp.path().join("secret.css");
        std::fs::write(&outside, "body{}").expect("write");
        std::fs::create_dir_all(site.path(folder)).expect("mkdir");
        let link = format!("{folder}/secret.css");
        std::os::unix::fs::symlink(&outside, site.path(&link)).expect("symlink");
        assert_fails(&site, &[], &link, "网站文件夹以外");
    }
}

#[cfg(unix)]
#[test]
fn a_broken_static_symlink_is_named() {
    for folder in STATIC_FOLDERS {
        let site = good_site();
        std::fs::create_dir_all(site.path(folder)).expect("mkdir");
        let link = format!("{folder}/gone.css");
        std::os::unix::fs::symlink("nowhere.css", site.path(&link)).expect("symlink");
        assert_fails(&site, &[], &link, "链接");
    }
}

#[cfg(unix)]
#[test]
fn a_static_symlink_loop_is_named() {
    let site = good_site();
    std::os::unix::fs::symlink("b.css", site.path("static/a.css")).expect("symlink");
    std::os::unix::fs::symlink("a.css", site.path("static/b.css")).expect("symlink");
    assert_fails_at_one_of(&site, &[], &["static/a.css", "static/b.css"], "链接");
}

#[cfg(unix)]
#[test]
fn a_static_symlink_inside_the_site_is_copied() {
    for folder in STATIC_FOLDERS {
        let site = good_site();
        site.write("shared/logo.svg", "<svg/>");
        std::fs::create_dir_all(site.path(folder)).expect("mkdir");
        let target = site.path("shared/logo.svg");
        std::os::unix::fs::symlink(&target, site.path(&format!("{folder}/logo.svg")))
            .expect("symlink");
        assert_builds(&site);
        assert_eq!(site.read("public/logo.svg"), "<svg/>", "{folder}");
    }
}

// ---- file names ----

#[test]
fn file_name_with_spaces() {
    let site = good_site();
    site.write("content/news/镇 人大 会议.md", &news(""));
    assert_builds(&site);
    assert!(site.path("public/news/镇-人大-会议/index.html").is_file());
}

#[test]
fn chinese_file_name() {
    let site = good_site();
    site.write("content/news/人大会议.md", &news(""));
    assert_builds(&site);
    assert!(site.path("public/news/人大会议/index.html").is_file());
}

#[test]
fn file_name_with_dots() {
    let site = good_site();
    site.write("content/news/a..b.md", &news(""));
    site.write("content/news/..md", &news(""));
    assert_builds(&site);
    assert!(site.path("public/news/a..b/index.html").is_file());
}

#[test]
fn file_name_with_reserved_characters() {
    let site = good_site();
    site.write("content/news/a?b*c:d<e>f|g\"h#i%j.md", &news(""));
    assert_builds(&site);
    assert!(site
        .path("public/news/a-b-c-d-e-f-g-h-i-j/index.html")
        .is_file());
}

#[test]
fn slug_of_dots_cannot_escape_the_output() {
    let site = good_site();
    site.write("content/up.md", &news("slug = \"..\""));
    site.write(NEW, &news("slug = \"../../escaped\""));
    site.write("content/news/here.md", &news("slug = \".\""));
    let run = gongkai(&site.root, &["build"]);
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.stderr);
    let beside: Vec<String> = std::fs::read_dir(&site.root)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !beside.iter().any(|n| n == "index.html" || n == "escaped"),
        "{beside:?}"
    );
    assert!(!site.tmp.path().join("index.html").exists());
    assert!(!site.path("public/escaped").exists() || run.code == Some(0));
    assert!(site
        .read("public/index.html")
        .contains("测试镇人民代表大会"));
}

#[test]
fn empty_slug() {
    let site = good_site();
    site.write(NEW, &news("slug = \"\""));
    site.write("content/news/other.md", &news("slug = \"！？\""));
    let run = gongkai(&site.root, &["build"]);
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.stderr);
    // The section's own listing is never replaced by a page.
    assert!(site.read("public/news/index.html").contains("人大要闻"));
}

#[test]
fn a_bundle_and_a_page_with_one_slug() {
    let site = good_site();
    site.write("content/news/same/index.md", &news(""));
    site.write("content/news/same.md", &news(""));
    assert_fails_at_one_of(
        &site,
        &[],
        &["content/news/same.md:1", "content/news/same/index.md:1"],
        "/rd/qingxi/news/same/",
    );
}

#[test]
fn pages_named_like_generated_pages() {
    for (file, url) in [
        ("content/stats.md", "/rd/qingxi/stats/"),
        ("content/units.md", "/rd/qingxi/units/"),
        ("content/stats/2026.md", "/rd/qingxi/stats/2026/"),
    ] {
        let site = good_site();
        site.write(file, &news(""));
        assert_fails(&site, &[], &format!("{file}:1"), url);
    }
}

#[test]
fn a_page_named_like_its_section() {
    let site = good_site();
    site.write("content/news.md", &news(""));
    assert_fails_at_one_of(
        &site,
        &[],
        &["content/news.md:1", "content/news/_index.md:1"],
        "/rd/qingxi/news/",
    );
}

#[test]
fn output_folder_inside_templates_or_themes() {
    let site = good_site();
    for output in ["templates/out", "themes/default/public"] {
        let run = gongkai(&site.root, &["build", "--output", output]);
        assert_eq!(run.code, Some(1), "{output}: {}", run.stderr);
        assert!(run.stderr.contains(output), "{}", run.stderr);
        assert!(!site.path(output).exists(), "{output}");
        assert!(!run.stderr.contains("Error {"), "{}", run.stderr);
    }
}

// ---- templates ----

#[test]
fn a_template_that_includes_itself() {
    let site = good_site();
    site.write(
        "templates/page.html",
        "<p>{{ page.title }}</p>{% include \"page.html\" %}",
    );
    assert_fails(&site, &[], "templates/page.html:1", "page.html → page.html");
}

#[test]
fn two_templates_that_include_each_other() {
    let site = good_site();
    site.write("templates/page.html", "{% include \"a.html\" %}");
    site.write("templates/a.html", "{% include \"page.html\" %}");
    assert_fails(
        &site,
        &[],
        "templates/page.html:1",
        "a.html → page.html → a.html",
    );
}

#[test]
fn a_component_that_calls_itself_without_end() {
    let site = good_site();
    site.write(
        "templates/page.html",
        "<p>{{ page.title }}</p>\n{% component m.loop(n) %}\n<li>{{ n }}\n{{ <m.loop n={n} /> }}</li>\n{% endcomponent m.loop %}\n{{ <m.loop n={1} /> }}",
    );
    assert_fails(&site, &[], "templates/page.html:2", "m.loop 一层套一层");
}

#[test]
fn two_components_in_two_files_that_call_each_other_without_end() {
    let site = good_site();
    site.write("templates/page.html", "{{ <m.ping /> }}");
    site.write(
        "templates/m.html",
        "{% component m.ping() %}{{ <m.pong /> }}{% endcomponent m.ping %}\n{% component m.pong() %}\n{% set x = 1 %}{{ <m.ping /> }}{% endcomponent m.pong %}",
    );
    assert_fails_at_one_of(
        &site,
        &[],
        &["templates/m.html:1", "templates/m.html:2"],
        "一层套一层",
    );
}

#[test]
fn a_component_whose_stop_condition_never_holds_stops_at_the_limit() {
    let site = good_site();
    site.write(
        "templates/page.html",
        "<p>{{ page.title }}</p>\n{% component m.down(n) %}{% if n != 0 %}{{ <m.down n={n+1} /> }}{% endif %}{% endcomponent m.down %}{{ <m.down n={1} /> }}",
    );
    assert_fails(&site, &[], "templates/page.html:2", "m.down 一层套一层");
}

#[test]
fn a_component_that_includes_a_template_that_calls_it_stops_at_the_limit() {
    let site = good_site();
    site.write(
        "templates/page.html",
        "<p>{{ page.title }}</p>{{ <a.m /> }}",
    );
    site.write(
        "templates/a.html",
        "\n{% component a.m() %}<i>{% include \"x.html\" %}</i>{% endcomponent a.m %}",
    );
    site.write("templates/x.html", "{{ <a.m /> }}");
    assert_fails(&site, &[], "templates/a.html:2", "a.m 一层套一层");
}

#[test]
fn a_recursive_menu_component_with_an_end_renders_every_level() {
    let site = good_site();
    let mut menu = String::from("[extra.menu]\ntitle = \"第0层\"\n");
    let mut table = String::from("extra.menu");
    for level in 1..=6 {
        table.push_str(".sub");
        menu.push_str(&format!("[{table}]\ntitle = \"第{level}层\"\n"));
    }
    site.write(
        NEW,
        &page(
            &format!("title = \"菜单\"\ndate = 2026-03-01\nslug = \"menu\"\n{menu}"),
            "正文。\n",
        ),
    );
    // Tera 2 allows 20 nested components: a menu of 7 levels, and a count
    // of 19 (its first call and 18 more).
    site.write(
        "templates/page.html",
        "{% component m.menu(item) %}<li>{{ item.title }}{% if item.sub is defined %}<ul>{{ <m.menu item={item.sub} /> }}</ul>{% endif %}</li>{% endcomponent m.menu %}\
         {% component m.count(n) %}{% if n > 0 %}{{ <m.count n={n-1} /> }}{% else %}<b>18</b>{% endif %}{% endcomponent m.count %}\
         <p>{{ page.title }}</p>{% if page.extra.menu is defined %}<ul>{{ <m.menu item={page.extra.menu} /> }}</ul>{{ <m.count n={18} /> }}{% endif %}",
    );
    assert_builds(&site);
    let html = site.read("public/news/menu/index.html");
    for level in 0..=6 {
        assert!(html.contains(&format!("<li>第{level}层")), "{html}");
    }
    assert!(html.contains("<b>18</b>"), "{html}");
}

#[test]
fn a_template_written_for_tera_1_is_told_what_to_write() {
    let site = good_site();
    site.write(
        "templates/page.html",
        "{% import \"macros.html\" as m %}\n<p>{{ page.title }}</p>\n{{ m::date(iso=page.date) }}\n{% if page.extra is object %}{% endif %}",
    );
    assert_fails(
        &site,
        &[],
        "templates/page.html:3",
        "m::date(…) 是 Tera 1 模板的写法",
    );
    let run = gongkai(&site.root, &["build"]).stderr;
    assert!(
        run.contains("templates/page.html:1: 错误：{% import … %} 是 Tera 1"),
        "{run}"
    );
    assert!(
        run.contains("templates/page.html:4: 错误：is object 是 Tera 1"),
        "{run}"
    );
    assert!(run.contains("请改成：is map"), "{run}");
}

#[test]
fn unknown_template_function() {
    let site = good_site();
    site.write("templates/page.html", "<p>\n{{ nosuch(x=1) }}</p>");
    assert_fails(&site, &[], "templates/page.html:2", "函数 nosuch");
}

#[test]
fn unknown_template_filter() {
    let site = good_site();
    site.write("templates/page.html", "<p>\n{{ page.title | nosuch }}</p>");
    assert_fails(&site, &[], "templates/page.html:2", "过滤器 nosuch");
}

// ---- personal data ----

#[test]
fn id_number_in_a_loose_file_name() {
    let site = good_site();
    // 11010519491231002X has a valid check character.
    site.write("content/files/身份证11010519491231002X.jpg", "jpg");
    // The file must be named to be found; the message itself masks the number.
    let line = assert_fails(
        &site,
        &[],
        "content/files/身份证11010519491231002X.jpg",
        "1101**********002X",
    );
    let (_, message) = line.split_once("错误：").expect("a message");
    assert!(!message.contains("11010519491231002X"), "{line}");
}

#[test]
fn mobile_number_in_an_extra_value() {
    let site = good_site();
    site.write(NEW, &news("[extra]\ncontact = \"13812345678\""));
    let line = assert_fails(&site, &[], "content/news/new.md:5", "138****5678");
    assert!(!line.contains("13812345678"), "{line}");
}

// ---- whole sites ----

#[test]
fn an_empty_site_builds_its_home_page() {
    let site = good_site();
    std::fs::remove_dir_all(site.path("content")).expect("rm");
    std::fs::create_dir_all(site.path("content")).expect("mkdir");
    assert_builds(&site);
    assert!(site.path("public/index.html").is_file());
    assert!(!site.path("public/news").exists());
}

#[test]
fn a_site_without_content_is_explained() {
    let site = good_site();
    std::fs::remove_dir_all(site.path("content")).expect("rm");
    let before = hash_tree(&site.path("public"));
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("content/"), "{}", run.stderr);
    assert_same_tree(&before, &hash_tree(&site.path("public")), "public/");
}

#[test]
fn an_empty_site_toml() {
    let site = good_site();
    site.write("site.toml", "");
    assert_fails_at_one_of(&site, &[], &["site.toml", "site.toml:1"], "title");
}

#[test]
fn a_site_of_drafts_only() {
    let site = good_site();
    std::fs::remove_dir_all(site.path("content")).expect("rm");
    site.write("content/news/_index.md", &page("title = \"人大要闻\"", ""));
    site.write(
        "content/news/caogao.md",
        &news("draft = true").replace("测试", "草稿标题"),
    );
    assert_builds(&site);
    assert!(!site.path("public/news/caogao").exists());
    for file in list_files(&site.path("public")) {
        let bytes = std::fs::read(site.path("public").join(&file)).expect("read");
        assert!(
            !String::from_utf8_lossy(&bytes).contains("草稿标题"),
            "the draft is in {file}"
        );
    }
}

// ---- command line ----

/// Runs `gongkai args` in an empty folder and checks it stopped with exit
/// code 2, nothing written, and one line `错误：…` containing every fragment.
fn assert_usage_error(args: &[&str], fragments: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    let run = gongkai(dir.path(), args);
    assert_eq!(run.code, Some(2), "{args:?}: exit code\n{}", run.stderr);
    let line = line_starting_with(&run.stderr, "错误：").to_string();
    for fragment in fragments {
        assert!(
            line.contains(fragment),
            "{args:?}: expected {fragment:?} in:\n{line}"
        );
    }
    assert!(cjk_runs(&line).len() >= 3, "not in Chinese words: {line}");
    let written = std::fs::read_dir(dir.path()).expect("ls").count();
    assert_eq!(written, 0, "{args:?} wrote files");
    line
}

#[test]
fn a_mistyped_command_suggests_the_right_one() {
    assert_usage_error(
        &["biuld"],
        &["「biuld」", "你是不是想输入 build？", "gongkai --help"],
    );
    assert_usage_error(&["frobnicate"], &["「frobnicate」", "build"]);
}

#[test]
fn a_mistyped_option_is_named() {
    assert_usage_error(
        &["build", "--bogus"],
        &["「--bogus」", "gongkai build --help"],
    );
    assert_usage_error(
        &["build", "--draft"],
        &["「--draft」", "你是不是想输入 --drafts？"],
    );
    assert_usage_error(&["check", "extra"], &["「extra」", "gongkai check --help"]);
}

#[test]
fn a_bad_value_a_missing_value_and_a_conflict_are_explained() {
    assert_usage_error(
        &["serve", "--port", "八千"],
        &["「八千」", "--port", "gongkai serve --help"],
    );
    assert_usage_error(
        &["build", "--output"],
        &["--output", "gongkai build --help"],
    );
    assert_usage_error(&["new"], &["<KIND>", "gongkai new --help"]);
    assert_usage_error(
        &["new", "article", "--from", "a.md", "--from-last"],
        &["--from", "--from-last", "不能同时使用"],
    );
}

#[test]
fn command_line_mistakes_in_english_and_help_still_work() {
    let dir = tempfile::tempdir().expect("tmp");
    let en = gongkai(dir.path(), &["biuld", "--lang", "en"]);
    assert_eq!(en.code, Some(2), "{}", en.stderr);
    assert!(
        en.stderr
            .contains("error: there is no command \"biuld\". Did you mean build?"),
        "{}",
        en.stderr
    );
    let bare = gongkai(dir.path(), &[]);
    assert_eq!(bare.code, Some(2), "{}", bare.stderr);
    assert!(bare.stderr.contains("用法: gongkai"), "{}", bare.stderr);
    let help = gongkai(dir.path(), &["build", "--help"]);
    assert_eq!(help.code, Some(0), "{}", help.stderr);
    assert!(help.stdout.contains("--drafts"), "{}", help.stdout);
    let version = gongkai(dir.path(), &["--version"]);
    assert_eq!(version.code, Some(0), "{}", version.stderr);
    assert!(version.stdout.starts_with("gongkai "), "{}", version.stdout);
}

/// `new` reports every problem of `site.toml` at once, as `build` does,
/// so the director fixes them in one go.
#[test]
fn new_names_every_problem_of_site_toml() {
    let site = good_site();
    let line = append_site_toml(&site, "\ntheem = \"default\"\nfeed_limt = 5\n");
    let run = gongkai(&site.root, &["new", "article", "测试"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for (at, key) in [(line + 1, "theem"), (line + 2, "feed_limt")] {
        let at = format!("site.toml:{at}");
        assert!(
            run.stderr.contains(&at) && run.stderr.contains(key),
            "{at} {key}: {}",
            run.stderr
        );
    }
}
