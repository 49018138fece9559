//! `gongkai import` through the real binary, on Word documents made by two
//! writers (`tests/data/docx/make_fixtures.py`: python-docx, and LibreOffice
//! from `pingyi-tongbao.html` and `nongyiban-shicha.fodt`): what the page says, that every paragraph of
//! the source is on the built page in order, that the page builds and
//! passes `check` once its placeholders are filled, and that old, encrypted,
//! broken and other files are refused by name.

use crate::common::*;
use std::path::{Path, PathBuf};

fn docx(name: &str) -> PathBuf {
    repo_root().join("tests/data/docx").join(name)
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The ID number written into shicha-baogao.docx (a valid check digit).
const ID_NUMBER: &str = "330722198001011238";

/// Imports into the site; the paths of the pages written, from stdout.
fn import(site: &SiteCopy, args: &[&str]) -> (Run, Vec<String>) {
    let mut all = vec!["import", "--root", arg(&site.root)];
    all.extend_from_slice(args);
    let run = gongkai(&site.root, &all);
    let pages = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("已导入："))
        .map(|l| l.rsplit(" → ").next().unwrap_or(l).to_string())
        .collect();
    (run, pages)
}

fn import_one(site: &SiteCopy, args: &[&str]) -> String {
    let (run, pages) = import(site, args);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert_eq!(pages.len(), 1, "{}", run.stdout);
    pages[0].clone()
}

/// The text of a page from its title on, tags dropped, entities of the
/// escaper decoded, all whitespace removed.
fn page_text(html: &str) -> String {
    let start = html.find("<h1").unwrap_or(0);
    // Footnote references are numbers the source's paragraphs do not have.
    let mut html = html[start..].to_string();
    while let Some(at) = html.find("<sup class=\"footnote-ref\"") {
        let end = html[at..]
            .find("</sup>")
            .map_or(html.len(), |e| at + e + "</sup>".len());
        html.replace_range(at..end, "");
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && !c.is_whitespace() => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
}

/// Each paragraph of the source (as python-docx reads it) found on the page
/// after the one before it.
fn assert_paragraphs_in_order(source: &str, html: &str, replace: &[(&str, &str)]) {
    let text = page_text(html);
    let mut at = 0;
    for line in source.lines().filter(|l| !l.trim().is_empty()) {
        let mut want: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        for (from, to) in replace {
            want = want.replace(from, to);
        }
        match text[at..].find(&want) {
            Some(i) => at += i + want.len(),
            None => panic!(
                "paragraph not found after the one before it: {want}\npage from there: {}",
                &text[at..].chars().take(300).collect::<String>()
            ),
        }
    }
}

#[test]
fn a_report_by_python_docx_becomes_a_draft_that_reads_like_the_document() {
    let site = SiteCopy::demo();
    let source = docx("shicha-baogao.docx");
    let (run, pages) = import(&site, &["--kind", "inspection", arg(&source)]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let page = &pages[0];
    assert!(
        page.starts_with("content/inspections/2026-11-28-guan-yu-shi-cha-zhen-wei-sheng-yuan")
            && page.ends_with("/index.md"),
        "a folder page named by the 落款 date and the title's pinyin: {page}"
    );
    assert!(
        run.stdout.contains("发布日期 2026-11-28 取自文末落款"),
        "{}",
        run.stdout
    );
    let text = site.read(page);
    let front = text.split("\n+++\n").next().expect("front matter");
    for line in [
        "title = \"关于视察镇卫生院基本公共卫生服务工作的报告\"",
        "date = 2026-11-28",
        "draft = true",
        "author = \"清溪镇人大主席团\"",
        "# 导入时取自文末落款「二〇二六年十一月二十八日」。",
        "# 由 gongkai import 从「shicha-baogao.docx」导入：请对照原文核对正文。",
        // The archetype's placeholders stay for what the document does not say reliably.
        "unit = \"（请填写被视察单位）\"",
    ] {
        assert!(front.lines().any(|l| l == line), "{line} in:\n{front}");
    }
    let index_no = front
        .lines()
        .find_map(|l| l.strip_prefix("index_no = "))
        .expect("index_no");
    assert!(
        index_no.contains("/2026-"),
        "the next 索引号 of 2026: {index_no}"
    );
    let body = &text[front.len()..];
    for (what, md) in [
        ("the title is the page's, not a paragraph", "\n关于视察"),
        ("hidden parts are not written", "内部草稿"),
        ("the author property is not written", "办公室电脑"),
        ("a tracked deletion is not written", "其中三个村尚未验收"),
        ("hidden text is not written", "内部备注"),
        ("a comment is not written", "退休返聘"),
        ("no indentation", "\u{3000}"),
    ] {
        assert!(!text.contains(md), "{what}: {md:?} in\n{body}");
    }
    for (what, md) in [
        ("heading by numbering", "\n## 一、基本情况\n"),
        ("sub-heading by numbering", "\n### （一）服务网络不断健全\n"),
        ("heading by style", "\n## 二、存在的问题\n"),
        ("heading 2 by style", "\n### 民主测评结果\n"),
        ("third level by numbering, one below the heading above", "\n### 1.加强村卫生室药品保障\n"),
        (
            "a tracked insertion is written",
            "配备乡村医生19名。村医均已取得执业资格。",
        ),
        ("bold", "组织**部分市、县、镇人大代表**对镇卫生院"),
        ("italic", "*家庭医生签约率达到*78.5%"),
        ("underline", "<u>高于全县平均水平</u>"),
        ("link", "[公开的统计](https://example.gov.cn/wjj/)"),
        ("bulleted list", "\n- 65岁以上老年人\n- 高血压、糖尿病患者\n"),
        ("ordered list", "\n1. 部分村卫生室药品配备不足\n2. 慢病随访记录不够规范\n"),
        ("merged header cells kept", "<tr><th rowspan=\"2\">测评项目</th><th colspan=\"3\">测评结果（票）</th></tr>\n<tr><th>满意</th><th>基本满意</th><th>不满意</th></tr>"),
        ("image with its alt text", "![代表们在预防接种门诊察看疫苗冷链设备](image1.png)"),
        ("image without alt text", "![](image2.png)"),
        ("footnote reference", "开展了专题视察。代表们实地察看了预防接种门诊、慢病管理室，听取了卫生院的工作汇报。[^1]"),
        ("footnotes", "[^1]: 参加视察的代表共37人。\n\n[^2]: 公开栏已于视察当日撤下。"),
        ("text box kept with a comment", "-->\n\n镇人大主席团联系电话：0578-0000000\n"),
        ("落款 kept, set right", "\n<p align=\"right\">清溪镇人大主席团</p>\n\n<p align=\"right\">二〇二六年十一月二十八日</p>\n"),
        ("a centred caption kept centred", "\n<p align=\"center\">图为代表们在预防接种门诊察看。</p>\n"),
    ] {
        assert!(body.contains(md), "{what}: {md:?} in\n{body}");
    }
    assert_eq!(
        body.matches("镇人大主席团联系电话").count(),
        1,
        "a text box once, not again from Word's fallback copy of it: {body}"
    );
    let folder = site.path(page).parent().expect("folder").to_path_buf();
    for image in ["image1.png", "image2.png"] {
        let bytes = std::fs::read(folder.join(image)).expect(image);
        assert!(
            bytes.starts_with(b"\x89PNG"),
            "{image} extracted beside the page"
        );
    }
    // The privacy scan ran on the result at once: the ID number, masked, at its line.
    let line = site.line_of(page, ID_NUMBER);
    assert!(
        run.stderr.contains(&format!(
            "{page}:{line}: 警告：这里有像是个人信息的身份证号（3307**********1238）"
        )),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains(ID_NUMBER),
        "never printed whole: {}",
        run.stderr
    );
}

/// What a director does after an import: fill the placeholders, give the
/// image its alt text, mask the ID number, publish.
fn finish(site: &SiteCopy, page: &str, edits: &[(&str, &str)]) {
    site.replace(page, "draft = true\n", "");
    for (from, to) in edits {
        site.replace(page, from, to);
    }
}

fn built_page(site: &SiteCopy, page: &str) -> String {
    let out = site.tmp.path().join("public");
    let run = gongkai(
        &site.root,
        &[
            "build",
            "--root",
            arg(&site.root),
            "-o",
            arg(&out),
            "--as-of",
            "2026-12-07",
        ],
    );
    assert_eq!(run.code, Some(0), "build: {}", run.stderr);
    let run = gongkai(
        &site.root,
        &["check", "--root", arg(&site.root), "--as-of", "2026-12-07"],
    );
    assert_eq!(run.code, Some(0), "check: {}\n{}", run.stdout, run.stderr);
    assert!(
        !run.stderr.contains(page) && !run.stdout.contains(page),
        "nothing about the page: {}{}",
        run.stdout,
        run.stderr
    );
    let url = page
        .trim_start_matches("content/")
        .trim_end_matches("index.md");
    read_string(&out.join(url).join("index.html"))
}

#[test]
fn the_python_docx_report_builds_and_checks_with_every_paragraph_in_order() {
    let site = SiteCopy::demo();
    let page = import_one(
        &site,
        &["--kind", "inspection", arg(&docx("shicha-baogao.docx"))],
    );
    // `check` reports the image without alt text until it has one.
    let run = gongkai(
        &site.root,
        &[
            "check",
            "--drafts",
            "--root",
            arg(&site.root),
            "--as-of",
            "2026-12-07",
        ],
    );
    let line = site.line_of(&page, "![](image2.png)");
    assert!(
        run.stderr.contains(&format!("{page}:{line}:"))
            || run.stdout.contains(&format!("{page}:{line}:")),
        "{}{}",
        run.stdout,
        run.stderr
    );
    finish(
        &site,
        &page,
        &[
            (
                "visited = \"（请填写视察日期，例如 2026-09-05）\"",
                "visited = 2026-11-20",
            ),
            ("unit = \"（请填写被视察单位）\"", "unit = \"镇卫生院\""),
            ("![](image2.png)", "![卫生院慢病管理室](image2.png)"),
            (ID_NUMBER, "3307**********1238"),
        ],
    );
    let html = built_page(&site, &page);
    let source = read_string(&docx("shicha-baogao.paragraphs.txt"));
    assert_paragraphs_in_order(&source, &html, &[(ID_NUMBER, "3307**********1238")]);
    assert!(html.contains("<td>服务态度</td>"), "the table is rendered");
    assert!(
        html.contains("<p align=\"right\">二〇二六年十一月二十八日</p>"),
        "the 落款 stays set right on the page"
    );
    assert!(
        html.contains("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\">\n<table>\n<thead>"),
        "an HTML table scrolls on a phone as a Markdown one does"
    );
    assert!(
        html.contains("<sup class=\"footnote-ref\""),
        "footnotes rendered"
    );
}

#[test]
fn a_libreoffice_notice_builds_and_checks_with_every_paragraph_in_order() {
    let site = SiteCopy::demo();
    let (run, pages) = import(&site, &[arg(&docx("pingyi-tongbao.docx"))]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let page = &pages[0];
    assert!(
        page.starts_with("content/news/2026-11-30-"),
        "an article, in the news section: {page}"
    );
    let text = site.read(page);
    for (what, md) in [
        ("title from the first centred bold line", "title = \"清溪镇人大主席团关于2026年度民主评议镇属站所工作的通报\""),
        ("落款 date in digits", "date = 2026-11-30"),
        ("heading by style", "\n## 一、评议工作开展情况\n"),
        ("ordered list", "\n1. 宣传发动，公布评议对象；\n2. 走访调查"),
        ("bulleted list", "\n- 办事窗口午休时间无人值守；\n"),
        ("vote table, merged header cells kept", "<tr><th rowspan=\"2\">被评议单位</th><th colspan=\"3\">测评票数</th><th rowspan=\"2\">评定结果</th></tr>"),
        ("footnote", "进行了评议[^1]。"),
        ("footnote text", "[^1]: 镇财政所、镇国土所因工作调整，今年不参加评议。"),
        ("link, without Word's underline", "[镇人大网站](https://example.gov.cn/qingxi/)"),
    ] {
        assert!(text.contains(md), "{what}: {md:?} in\n{text}");
    }
    finish(
        &site,
        page,
        &[
            ("![](image1.png)", "![民主评议大会现场](image1.png)"),
            ("![](image2.png)", "![评议会场外景](image2.png)"),
        ],
    );
    let html = built_page(&site, page);
    let source = read_string(&docx("pingyi-tongbao.paragraphs.txt"));
    assert_paragraphs_in_order(&source, &html, &[]);
}

#[test]
fn a_libreoffice_report_keeps_its_image_alt_text_text_box_and_footnote() {
    let site = SiteCopy::demo();
    let page = import_one(&site, &[arg(&docx("nongyiban-shicha.docx"))]);
    assert!(page.starts_with("content/news/2026-12-01-"), "{page}");
    let text = site.read(&page);
    for (what, md) in [
        (
            "title from the Title style",
            "title = \"镇人大代表视察镇农医办新农合登记工作\"",
        ),
        ("落款 in Chinese numerals", "date = 2026-12-01"),
        ("Heading 1 with numbering", "\n## 一、基本情况\n"),
        (
            "the alt text LibreOffice writes",
            "![代表们在服务大厅听取新农合登记情况介绍](image1.png)",
        ),
        ("footnote", "窗口工作人员逐项解释了政策。[^1]"),
        ("footnote text", "[^1]: 新农合即新型农村合作医疗。"),
        (
            "text box after a comment",
            "-->\n\n农医办咨询电话：0578-1111111\n",
        ),
    ] {
        assert!(text.contains(md), "{what}: {md:?} in\n{text}");
    }
    assert_eq!(text.matches("农医办咨询电话").count(), 1, "once: {text}");
    finish(&site, &page, &[]);
    let html = built_page(&site, &page);
    let source = read_string(&docx("nongyiban-shicha.paragraphs.txt"));
    assert_paragraphs_in_order(&source, &html, &[]);
}

#[test]
fn title_and_date_from_the_document_properties_and_the_report_table_from_the_title() {
    let site = SiteCopy::demo();
    let page = import_one(
        &site,
        &["--kind", "report", arg(&docx("gongzuo-yaodian.docx"))],
    );
    assert!(page.starts_with("content/reports/2026-01-15-"), "{page}");
    let text = site.read(&page);
    for line in [
        "title = \"清溪镇人大主席团2026年工作要点\"",
        "date = 2026-01-15",
        "# 文末没有落款日期：导入时取自文档属性（最后保存的日期），请核对。",
        "type = \"年度工作计划\"",
        "year = 2026",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in:\n{text}");
    }
    assert!(
        !text.contains("\n清溪镇人大主席团2026年工作要点\n"),
        "the title line is the title: {text}"
    );
    assert!(
        text.contains("\n## 二、监督工作\n\n### （一）开展视察\n"),
        "{text}"
    );
}

#[test]
fn old_encrypted_broken_and_other_files_are_refused_by_name() {
    let site = SiteCopy::demo();
    let dir = site.tmp.path().join("word");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let doc = dir.join("2025年评议通报.doc");
    std::fs::copy(docx("pingyi-tongbao.doc"), &doc).expect("copy");
    let wps = dir.join("述职报告.wps");
    std::fs::copy(docx("pingyi-tongbao.doc"), &wps).expect("copy");
    let encrypted = dir.join("加密.docx");
    std::fs::copy(docx("jiami.docx"), &encrypted).expect("copy");
    let whole = std::fs::read(docx("shicha-baogao.docx")).expect("read");
    let broken = dir.join("只下载了一半.docx");
    std::fs::write(&broken, &whole[..whole.len() / 2]).expect("write");
    let pdf = dir.join("通知.pdf");
    std::fs::write(&pdf, "%PDF-1.4\n").expect("write");
    for (file, zh) in [
        (&doc, "这是旧格式（.doc 或 .wps）的文件，gongkai 读不了。请在 Word 或 WPS 里「另存为」.docx 后再导入。"),
        (&wps, "请在 Word 或 WPS 里「另存为」.docx 后再导入"),
        (&encrypted, "这个文件设了打开密码（已加密）"),
        (&broken, "这个文件不是完整的 Word 文档（.docx）"),
        (&pdf, "这个文件不是 Word 文档"),
    ] {
        let (run, pages) = import(&site, &[arg(file)]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(pages.is_empty());
        let named = format!("{}: 错误：", file.display());
        assert!(run.stderr.contains(&named) && run.stderr.contains(zh), "{named} {zh}:\n{}", run.stderr);
    }
    let (run, _) = import(&site, &["--lang", "en", arg(&encrypted)]);
    assert!(
        run.stderr.contains("has an opening password"),
        "{}",
        run.stderr
    );
    // A folder: its .docx imported, its old files named, Word's lock file left alone.
    std::fs::copy(docx("shicha-baogao.docx"), dir.join("视察报告.docx")).expect("copy");
    std::fs::write(dir.join("~$视察报告.docx"), "lock").expect("write");
    let (run, pages) = import(&site, &["--kind", "inspection", arg(&dir)]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(pages.len(), 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("2025年评议通报.doc: 错误："),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("~$"), "{}", run.stderr);
    let empty = site.tmp.path().join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let (run, _) = import(&site, &[arg(&empty)]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("这个文件夹里没有 Word 文档（.docx）"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_import_never_overwrites_and_goes_where_it_is_told() {
    let site = SiteCopy::demo();
    let source = docx("gongzuo-yaodian.docx");
    let first = import_one(&site, &["--kind", "report", arg(&source)]);
    let before = site.read(&first);
    let second = import_one(&site, &["--kind", "report", arg(&source)]);
    assert_ne!(first, second);
    assert!(
        second.trim_end_matches("/index.md").ends_with("-2"),
        "{second}"
    );
    assert_eq!(site.read(&first), before, "the first page is untouched");
    let index = |p: &str| {
        site.read(p)
            .lines()
            .find(|l| l.starts_with("index_no = "))
            .map(str::to_string)
    };
    assert_ne!(index(&first), index(&second), "each its own 索引号");
    // --section puts it in that section; a kind other than the section's is written.
    let third = import_one(
        &site,
        &["--section", "news", "--kind", "report", arg(&source)],
    );
    assert!(third.starts_with("content/news/"), "{third}");
    assert!(
        site.read(&third).contains("\nkind = \"report\"\n"),
        "{}",
        site.read(&third)
    );
    let (run, _) = import(&site, &["--section", "xinwen", arg(&source)]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("content/ 里没有栏目「xinwen」"),
        "{}",
        run.stderr
    );
}
