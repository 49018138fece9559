//! End to end through the real `gongkai` binary: each kind of mistake in a
//! site names the file and line with a Chinese message (English with
//! `--lang en`), exits with 1, and leaves the previous output byte for byte
//! as it was; and gongkai refuses to write where it would destroy files.
//!
//! Each test copies `tests/sites/basic` into a temp folder, builds it once
//! into `public/` (the good site), breaks one or more files, and builds again.

use crate::common::*;
use std::path::Path;

const ZOUFANG: &str = "content/news/2025-zoufang.md";
const HUIYI: &str = "content/news/2025-renda-huiyi.md";
const SHICHA: &str = "content/news/2026-shicha.md";
const BUNDLE: &str = "content/news/bundle/index.md";
const CRLF: &str = "content/news/2026-crlf-bom.md";

/// A copy of the basic site with a good build in `public/` (made with the
/// library, in this process, where syntax highlighting is loaded only once).
fn good_site() -> SiteCopy {
    let site = SiteCopy::new("basic");
    let options = gongkai::BuildOptions {
        root: site.root.clone(),
        ..Default::default()
    };
    let report =
        gongkai::build(&options).unwrap_or_else(|d| panic!("{}", render_all(&d, &site.root)));
    assert_eq!(report.pages, 6);
    assert!(site.path("public/index.html").is_file());
    site
}

#[test]
fn a_good_build_prints_what_it_did() {
    let site = SiteCopy::new("basic");
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.trim().is_empty(), "no warning: {}", run.stderr);
    // The summary, then what changed since the last build (none yet).
    let lines: Vec<&str> = run.stdout.lines().collect();
    let (last, changes) = match lines[..] {
        [.., summary, changes] => (summary, changes),
        _ => ("", ""),
    };
    assert!(changes.contains("都算新文件"), "{}", run.stdout);
    assert!(
        last.starts_with("完成：6 个页面、3 个栏目、") && last.ends_with("public"),
        "{}",
        run.stdout
    );
    assert!(site.path("public/index.html").is_file());
    let en = gongkai(&site.root, &["build", "--lang", "en"]);
    assert!(
        en.stdout.contains("Done: 6 pages, 3 sections"),
        "{}",
        en.stdout
    );
}

#[test]
fn bad_toml_in_front_matter() {
    let site = good_site();
    site.replace(
        ZOUFANG,
        "title = \"春节前代表走访慰问困难群众\"",
        "title = 春节前代表走访慰问困难群众",
    );
    let (run, _) = assert_build_fails(
        &site,
        &[expected_error(
            site.loc(ZOUFANG, "title = 春节前"),
            &["文章信息（front matter）写法有误"],
            &["the front matter is not valid TOML"],
        )],
        1,
    );
    // The offending line is shown under the message.
    assert!(run.stderr.contains(&format!(
        "{:>4} | title = 春节前代表走访慰问困难群众",
        site.line_of(ZOUFANG, "title = 春节前")
    )));
}

#[test]
fn bad_toml_in_site_toml() {
    let site = good_site();
    site.replace(
        "site.toml",
        "title = \"测试镇人民代表大会\"",
        "title = \"测试镇人民代表大会",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc("site.toml", "title = \"测试镇"),
            &["site.toml 写法有误"],
            &["site.toml is not valid"],
        )],
        1,
    );
}

#[test]
fn unknown_key_in_site_toml_suggests_the_right_one() {
    let site = good_site();
    site.replace("site.toml", "feed_limit = 10", "feed_limt = 10");
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc("site.toml", "feed_limt"),
            &["不认识的字段「feed_limt」。是不是想写「feed_limit」？"],
            &["unknown field \"feed_limt\". Did you mean \"feed_limit\"?"],
        )],
        1,
    );
}

/// Three unknown fields in one file (one in a kind table) are all reported
/// by one run, each at its line, in the file's order.
#[test]
fn every_unknown_field_of_a_file_is_reported_in_one_run() {
    let site = good_site();
    site.replace(
        ZOUFANG,
        "date = 2025-01-20\n",
        "date = 2025-01-20\ntitel = \"x\"\nsumary = \"\"\"两行\n摘要\"\"\"\n",
    );
    site.replace(
        ZOUFANG,
        "tags = [\"走访\"]\n",
        "tags = [\"走访\"]\n[disclosure]\nindex_no = \"A-1\"\ntopik = \"代表工作\"\n",
    );
    assert_build_fails(
        &site,
        &[
            expected_error(
                site.loc(ZOUFANG, "titel ="),
                &["不认识的字段「titel」。是不是想写「title」？"],
                &["unknown field \"titel\". Did you mean \"title\"?"],
            ),
            expected_error(
                site.loc(ZOUFANG, "sumary ="),
                &["不认识的字段「sumary」。是不是想写「summary」？"],
                &["unknown field \"sumary\""],
            ),
            expected_error(
                site.loc(ZOUFANG, "topik ="),
                &["不认识的字段「topik」。是不是想写「topic」？"],
                &["unknown field \"topik\""],
            ),
        ],
        3,
    );
}

#[test]
fn missing_title() {
    let site = good_site();
    site.replace(ZOUFANG, "title = \"春节前代表走访慰问困难群众\"\n", "");
    // Reported at the first line of the front matter (line 2, after `+++`).
    assert_build_fails(
        &site,
        &[expected_error(
            format!("{ZOUFANG}:2"),
            &["缺少标题：请在文章信息里加一行 title = \"标题\""],
            &["missing title"],
        )],
        1,
    );
}

#[test]
fn bad_date_in_quotes() {
    let site = good_site();
    site.replace(ZOUFANG, "date = 2025-01-20", "date = \"2026-13-45\"");
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(ZOUFANG, "date = "),
            &["日期「2026-13-45」看不懂"],
            &["cannot read the date \"2026-13-45\""],
        )],
        1,
    );
}

/// The README's own form of a date is a bare TOML date (`date = 2026-09-08`),
/// so a wrong bare date is the common case: it deserves the date message,
/// not a generic TOML one whose hint ("put text in quotes") misleads.
#[test]
fn bad_date_without_quotes() {
    let site = good_site();
    site.replace(ZOUFANG, "date = 2025-01-20", "date = 2026-13-45");
    let (run, _) = assert_build_fails(
        &site,
        &[expected_error(
            site.loc(ZOUFANG, "date = "),
            &["日期"],
            &["date"],
        )],
        1,
    );
    let line = line_starting_with(
        &run.stderr,
        &format!("{}: 错误：", site.loc(ZOUFANG, "date = ")),
    );
    assert!(
        line.contains("日期「2026-13-45」"),
        "the message should name the date in Chinese: {line}"
    );
}

/// `2025.3.5`, the likeliest typo, is a broken float to TOML (and `2025.3`
/// a float): both get the date message, not "invalid float, expected nothing".
#[test]
fn a_date_written_with_dots_gets_the_date_message() {
    for typo in ["2025.3.5", "2025.3"] {
        let site = good_site();
        site.replace(ZOUFANG, "date = 2025-01-20", &format!("date = {typo}"));
        assert_build_fails(
            &site,
            &[expected_error(
                site.loc(ZOUFANG, "date = "),
                &[&format!("日期「{typo}」看不懂。请写成 2026-09-08")],
                &[&format!("cannot read the date \"{typo}\"")],
            )],
            1,
        );
    }
}

#[test]
fn bad_date_in_a_bom_crlf_file_names_the_right_line() {
    let site = good_site();
    let text = site.read(CRLF);
    assert!(
        text.starts_with('\u{feff}') && text.contains("\r\n"),
        "fixture is BOM + CRLF"
    );
    site.replace(CRLF, "date = 2026-05-20", "date = \"2026-02-30\"");
    let location = site.loc(CRLF, "date = ");
    assert_eq!(location, format!("{CRLF}:4"));
    let (run, _) = assert_build_fails(
        &site,
        &[expected_error(
            location,
            &["日期「2026-02-30」看不懂"],
            &["cannot read the date"],
        )],
        1,
    );
    assert!(
        run.stderr.contains("   4 | date = \"2026-02-30\"\n"),
        "the excerpt has no CR: {:?}",
        run.stderr
    );
}

#[test]
fn unknown_template() {
    let site = good_site();
    site.replace(
        ZOUFANG,
        "date = 2025-01-20\n",
        "date = 2025-01-20\ntemplate = \"nope.html\"\n",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(ZOUFANG, "template = "),
            &["找不到模板「nope.html」"],
            &["template \"nope.html\" not found"],
        )],
        1,
    );
}

#[test]
fn missing_link_target() {
    let site = good_site();
    let text = site.read(ZOUFANG);
    site.write(
        ZOUFANG,
        &format!("{text}\n见[不存在的文章](@/news/meiyou.md)。\n"),
    );
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(ZOUFANG, "@/news/meiyou.md"),
            &["链接 @/news/meiyou.md 指向的文章不存在"],
            &["the link @/news/meiyou.md points to a page that does not exist"],
        )],
        1,
    );
    // The same from another folder with --root: paths stay relative to the site.
    let run = gongkai(site.tmp.path(), &["build", "--root", "site"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains(&format!(
        "{}: 错误：链接",
        site.loc(ZOUFANG, "@/news/meiyou.md")
    )));
}

#[test]
fn two_pages_with_one_output_path() {
    let site = good_site();
    site.write(
        "content/news/a.md",
        "+++\ntitle = \"甲\"\ndate = 2026-01-01\nslug = \"same\"\n+++\n",
    );
    site.write(
        "content/news/same.md",
        "+++\ntitle = \"乙\"\ndate = 2026-01-02\n+++\n",
    );
    let before = hash_tree(&site.path("public"));
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    // One of the two files is the location, the other is named in the message.
    let ok = [
        ("content/news/same.md:1", "content/news/a.md"),
        ("content/news/a.md:4", "content/news/same.md"),
    ]
    .iter()
    .any(|(loc, other)| {
        run.stderr.lines().any(|l| {
            l.starts_with(&format!("{loc}: 错误：这个页面和 {other} 会生成同一个网址"))
                && l.contains("news/same/")
        })
    });
    assert!(ok, "{}", run.stderr);
    assert!(run.stderr.contains("生成失败：1 个错误"), "{}", run.stderr);
    let en = gongkai(&site.root, &["build", "--lang", "en"]);
    assert!(
        en.stderr.contains("would both be written to") && en.stderr.contains("news/same/"),
        "{}",
        en.stderr
    );
    assert_same_tree(&before, &hash_tree(&site.path("public")), "public/");
}

#[test]
fn page_with_the_url_of_a_generated_page() {
    let site = good_site();
    site.write(
        "content/archive.md",
        "+++\ntitle = \"归档\"\ndate = 2026-01-01\n+++\n",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            "content/archive.md:1".to_string(),
            &["/rd/qingxi/archive/ 是 gongkai 自动生成的页面要用的"],
            &["URL /rd/qingxi/archive/ is taken by a page gongkai makes itself"],
        )],
        1,
    );
}

#[test]
fn unknown_front_matter_key_suggests_the_right_one() {
    let site = good_site();
    site.replace(ZOUFANG, "title = \"春节前", "titel = \"春节前");
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(ZOUFANG, "titel = "),
            &["不认识的字段「titel」。是不是想写「title」？"],
            &["unknown field \"titel\". Did you mean \"title\"?"],
        )],
        1,
    );
}

#[test]
fn several_errors_are_reported_together() {
    let site = good_site();
    site.replace(ZOUFANG, "date = 2025-01-20", "date = \"2025-02-30\"");
    site.replace(BUNDLE, "title = \"镇人大主席团", "titel = \"镇人大主席团");
    site.replace(
        SHICHA,
        "[上次会议](@/news/2025-renda-huiyi.md)",
        "[上次会议](@/news/2025-renda-huiyi-typo.md)",
    );
    site.replace(
        CRLF,
        "date = 2026-05-20\r\n",
        "date = 2026-05-20\r\ntemplate = \"nope.html\"\r\n",
    );
    let (run, _) = assert_build_fails(
        &site,
        &[
            expected_error(
                site.loc(ZOUFANG, "date = "),
                &["日期「2025-02-30」看不懂"],
                &["cannot read the date"],
            ),
            expected_error(
                site.loc(BUNDLE, "titel = "),
                &["不认识的字段「titel」"],
                &["unknown field \"titel\""],
            ),
            expected_error(
                site.loc(SHICHA, "huiyi-typo"),
                &["链接 @/news/2025-renda-huiyi-typo.md 指向的文章不存在"],
                &["points to a page that does not exist"],
            ),
            expected_error(
                site.loc(CRLF, "template = "),
                &["找不到模板「nope.html」"],
                &["template \"nope.html\" not found"],
            ),
        ],
        4,
    );
    // Sorted by file, so the output is the same from one run to the next.
    let order: Vec<usize> = [ZOUFANG, CRLF, SHICHA, BUNDLE]
        .iter()
        .map(|f| run.stderr.find(&format!("{f}:")).expect("reported"))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{}", run.stderr);
}

/// A page whose front matter is broken is one mistake: the pages linking to
/// it must not get errors saying the (existing) file does not exist.
#[test]
fn bad_front_matter_in_a_linked_page_is_reported_once() {
    let site = good_site();
    // 2026-shicha.md links to this page twice.
    site.replace(
        HUIYI,
        "title = \"测试镇第一届人民代表大会第五次会议召开\"",
        "title = \"测试镇第一届人民代表大会第五次会议召开",
    );
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains(&format!(
            "{}: 错误：文章信息（front matter）写法有误",
            site.loc(HUIYI, "title = ")
        )),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("指向的文章不存在"),
        "a file that exists is reported as missing:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("生成失败：1 个错误"), "{}", run.stderr);
}

/// A link to a draft is a link to a file that exists: the message must not
/// say it does not; with `--drafts` the link works.
#[test]
fn link_to_a_draft() {
    let site = good_site();
    let text = site.read(ZOUFANG);
    site.write(
        ZOUFANG,
        &format!("{text}\n见[草稿](@/news/2026-caogao.md)。\n"),
    );
    let drafts = gongkai(&site.root, &["build", "--drafts"]);
    assert_eq!(drafts.code, Some(0), "{}", drafts.stderr);
    assert!(
        read_string(&site.path("public/news/2025-zoufang/index.html"))
            .contains("<a href=\"/rd/qingxi/news/2026-caogao/\">草稿</a>")
    );
    let run = gongkai(&site.root, &["build"]);
    if run.code != Some(0) {
        let location = site.loc(ZOUFANG, "@/news/2026-caogao.md");
        assert!(
            run.stderr.contains(&format!("{location}: 错误：")),
            "{}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("指向的文章不存在"),
            "the draft exists, the message says it does not:\n{}",
            run.stderr
        );
    }
}

#[test]
fn english_when_lang_says_so() {
    let site = good_site();
    site.replace(ZOUFANG, "date = 2025-01-20", "date = \"2026-13-45\"");
    let run = gongkai_env(&site.root, &["build"], &[("LANG", "en_US.UTF-8")]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("error: cannot read the date \"2026-13-45\""),
        "{}",
        run.stderr
    );
    let zh = gongkai_env(
        &site.root,
        &["build", "--lang", "zh"],
        &[("LANG", "en_US.UTF-8")],
    );
    assert!(
        zh.stderr.contains("错误：日期「2026-13-45」看不懂"),
        "{}",
        zh.stderr
    );
}

#[test]
fn a_good_build_replaces_the_previous_output() {
    let site = good_site();
    site.replace(
        ZOUFANG,
        "春节前代表走访慰问困难群众",
        "春节前代表走访慰问困难群众（修订）",
    );
    std::fs::remove_file(site.path(CRLF)).expect("rm");
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("完成：5 个页面"), "{}", run.stdout);
    assert!(
        read_string(&site.path("public/news/2025-zoufang/index.html"))
            .contains("春节前代表走访慰问困难群众（修订）")
    );
    assert!(
        !site.path("public/news/2026-crlf-bom").exists(),
        "the page of a deleted file is gone"
    );
    assert!(site.path("public/.gongkai-output").is_file());
    assert_no_staging_left(&site.root);
}

#[test]
fn a_failed_first_build_writes_nothing() {
    let site = SiteCopy::new("basic");
    site.replace(ZOUFANG, "date = 2025-01-20", "date = \"2025-02-30\"");
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(!site.path("public").exists(), "no half-built public/");
    assert_no_staging_left(&site.root);
}

#[test]
fn leftovers_of_a_killed_build_are_cleaned_up() {
    let site = good_site();
    // What a build killed while writing, or between its two renames, leaves.
    site.write(".public.gongkai-new-999999/index.html", "half written");
    site.write(".public.gongkai-old-999999/index.html", "old site");
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_no_staging_left(&site.root);
    assert!(site
        .read("public/index.html")
        .contains("测试镇人民代表大会"));
}

// ---- where gongkai refuses to write ----

/// Runs `gongkai build -o <output>` in the site and checks it is refused with
/// `zh`/`en` and that nothing under `watched` changed.
fn assert_refused(site: &SiteCopy, output: &str, watched: &Path, zh: &str, en: &str) {
    let before = hash_tree(watched);
    let run = gongkai(&site.root, &["build", "-o", output]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("错误：{zh}")),
        "{}",
        run.stderr
    );
    let run = gongkai(&site.root, &["build", "-o", output, "--lang", "en"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains(&format!("error: {en}")),
        "{}",
        run.stderr
    );
    assert_same_tree(&before, &hash_tree(watched), &watched.display().to_string());
}

#[test]
fn refuses_to_write_into_the_site_root() {
    let site = SiteCopy::new("basic");
    assert_refused(
        &site,
        ".",
        &site.root,
        "不能把网站生成到 .：这是网站文件夹本身",
        "refusing to write the site into .: it is the site folder itself",
    );
    // Nor into a folder holding the site.
    assert_refused(
        &site,
        "..",
        site.tmp.path(),
        "不能把网站生成到 ..",
        "refusing to write the site into ..",
    );
}

#[test]
fn refuses_to_write_into_content_or_static() {
    let site = SiteCopy::new("basic");
    for out in ["content", "content/out", "static/out"] {
        assert_refused(
            &site,
            out,
            &site.root,
            &format!("不能把网站生成到 {out}：它在 content/、static/ 或 templates/ 里面"),
            &format!("refusing to write the site into {out}: it is inside"),
        );
    }
    assert!(!site.path("content/out").exists());
}

#[test]
fn refuses_a_folder_it_did_not_make_unless_forced() {
    let site = SiteCopy::new("basic");
    site.write("mine/notes.txt", "我的笔记\n");
    assert_refused(
        &site,
        "mine",
        &site.path("mine"),
        "文件夹 mine 里已经有别的文件，而且不是 gongkai 生成的",
        "the folder mine holds files gongkai did not make",
    );
    assert_eq!(site.read("mine/notes.txt"), "我的笔记\n");
    let run = gongkai(&site.root, &["build", "-o", "mine", "--force"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(site.path("mine/index.html").is_file());
    assert!(site.path("mine/.gongkai-output").is_file());
    // Now it is gongkai's: the next build needs no --force.
    let run = gongkai(&site.root, &["build", "-o", "mine"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn writes_into_an_empty_folder() {
    let site = SiteCopy::new("basic");
    std::fs::create_dir_all(site.path("empty")).expect("mkdir");
    let run = gongkai(&site.root, &["build", "-o", "empty"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(site.path("empty/index.html").is_file());
}

#[test]
fn missing_site_toml_is_explained() {
    let tmp = tempfile::tempdir().expect("tmp");
    let run = gongkai(tmp.path(), &["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("错误：找不到网站配置文件"),
        "{}",
        run.stderr
    );
    assert!(!tmp.path().join("public").exists());
}

/// Appends `text` to a content file of the site.
fn append(site: &SiteCopy, rel: &str, text: &str) {
    let old = std::fs::read_to_string(site.path(rel)).expect("read");
    site.write(rel, &format!("{old}{text}"));
}

#[test]
fn personal_data_fails_the_build_masked() {
    let site = good_site();
    // 11010519491231002X has a valid check digit; 13812345678 is a mobile number.
    append(
        &site,
        ZOUFANG,
        "\n群众反映：联系电话13812345678。\n\n身份证号11010519491231002X。\n",
    );
    let (run, _) = assert_build_fails(
        &site,
        &[
            expected_error(
                site.loc(ZOUFANG, "联系电话13812345678"),
                &["手机号码（138****5678）"],
                &["mobile phone number (138****5678)"],
            ),
            expected_error(
                site.loc(ZOUFANG, "身份证号1101"),
                &["身份证号（1101**********002X）"],
                &["resident ID number (1101**********002X)"],
            ),
        ],
        2,
    );
    assert!(
        !run.stderr.contains("13812345678") && !run.stderr.contains("11010519491231002X"),
        "the numbers themselves are never printed:\n{}",
        run.stderr
    );
}

#[test]
fn personal_data_in_an_attachment_name_fails_the_build() {
    let site = good_site();
    site.write("content/news/bundle/zhangsan-13912345678.pdf", "%PDF-1.4\n");
    assert_build_fails(
        &site,
        &[expected_error(
            // The file must be named to be found; the message itself masks the number.
            "content/news/bundle/zhangsan-13912345678.pdf".to_string(),
            &["手机号码（139****5678）"],
            &["mobile phone number (139****5678)"],
        )],
        1,
    );
}

#[test]
fn look_alikes_of_personal_data_are_published() {
    let site = SiteCopy::new("basic");
    // A wrong check digit, a landline, a hotline, dates and an amount are no personal data.
    append(
        &site,
        ZOUFANG,
        "\n编号110105194912310021，电话0571-87654321，热线400-123-4567，\
         日期20260908、2026-09-08，金额13,800,000元。\n",
    );
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html =
        std::fs::read_to_string(site.path("public/news/2025-zoufang/index.html")).expect("page");
    assert!(
        html.contains("0571-87654321"),
        "the text is published as written"
    );
}

#[test]
fn allowed_numbers_are_published() {
    let site = SiteCopy::new("basic");
    append(&site, ZOUFANG, "\n镇人大办值班电话 138-1234-5678。\n");
    let config = std::fs::read_to_string(site.path("site.toml")).expect("site.toml");
    site.write(
        "site.toml",
        &format!("{config}\n[privacy]\nallow = [\"13812345678\"]\n"),
    );
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn script_in_content_fails_the_build() {
    let site = good_site();
    append(
        &site,
        ZOUFANG,
        "\n<script>alert(1)</script>\n\n<img src=\"a.png\" alt=\"a\" onerror=\"steal()\">\n\n[点这里](javascript:alert(1))\n",
    );
    assert_build_fails(
        &site,
        &[
            expected_error(
                site.loc(ZOUFANG, "<script>"),
                &["（<script>）"],
                &["(<script>)"],
            ),
            expected_error(
                site.loc(ZOUFANG, "onerror="),
                &["（onerror=）"],
                &["(onerror=)"],
            ),
            expected_error(
                site.loc(ZOUFANG, "javascript:"),
                &["（javascript:）"],
                &["(javascript:)"],
            ),
        ],
        3,
    );
}

#[test]
fn script_is_allowed_when_the_site_says_so() {
    let site = SiteCopy::new("basic");
    append(&site, ZOUFANG, "\n<script>var x = 1;</script>\n");
    let config = std::fs::read_to_string(site.path("site.toml")).expect("site.toml");
    site.write(
        "site.toml",
        &format!("{config}\n[markdown]\nunsafe_html = true\n"),
    );
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html =
        std::fs::read_to_string(site.path("public/news/2025-zoufang/index.html")).expect("page");
    assert!(html.contains("<script>var x = 1;</script>"));
}

#[test]
fn a_template_error_names_the_template_line_and_variable() {
    let site = good_site();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n<p>{{ page.no_such_field }}</p>\n{% endblock main %}\n",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            "templates/page.html:4".to_string(),
            &["字段 no_such_field 不存在"],
            &["Field `no_such_field` is not defined"],
        )],
        1,
    );
}

#[test]
fn a_filter_error_names_the_template_line_and_filter() {
    let site = good_site();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title | upper }}</h1>\n<p>{{ page.kind | round }}</p>\n{% endblock main %}\n",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            "templates/page.html:4".to_string(),
            &["过滤器 round 出错"],
            &["the filter round failed"],
        )],
        1,
    );
}

#[test]
fn a_cached_template_is_rendered_once_for_every_page() {
    let site = good_site();
    site.write(
        "templates/cached/footer.html",
        "\n<footer class=\"own\">{{ site.title }}·{{ now_year }}</footer>\n",
    );
    site.write(
        "templates/cached/notice.html",
        "<p class=\"notice\">{{ site.title }}</p>",
    );
    let base = read_string(&repo_root().join("themes/default/templates/base.html"));
    site.write(
        "templates/base.html",
        &base.replace(
            "{{ site.cached.footer | safe }}",
            "{{ site.cached.footer | safe }}\n{{ site.cached.notice | safe }}",
        ),
    );
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let year = chrono::Datelike::year(&chrono::Local::now());
    let title = "测试镇人民代表大会";
    let footer =
        format!("<footer class=\"own\">{title}·{year}</footer>\n<p class=\"notice\">{title}</p>");
    for file in [
        "public/index.html",
        "public/news/2025-zoufang/index.html",
        "public/404.html",
    ] {
        let html = read_string(&site.path(file));
        assert!(
            html.contains(&footer),
            "{file}: the cached parts, without their newlines"
        );
        assert!(
            !html.contains("site-footer"),
            "{file}: the theme's footer is replaced"
        );
    }
}

#[test]
fn a_cached_template_that_reads_the_page_says_what_it_may_use() {
    let site = good_site();
    site.write(
        "templates/cached/footer.html",
        "<footer>\n{{ page.title }}\n</footer>\n",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            "templates/cached/footer.html:2".to_string(),
            &["变量 page 不存在", "只能用 site、now_year 和 today"],
            &[
                "Variable `page` is not defined",
                "site, now_year and today only",
            ],
        )],
        1,
    );
}

#[test]
fn a_template_syntax_error_names_the_line() {
    let site = good_site();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            "templates/page.html:3".to_string(),
            &["模板 templates/page.html 写法有误"],
            &["template templates/page.html has a syntax error"],
        )],
        1,
    );
}
