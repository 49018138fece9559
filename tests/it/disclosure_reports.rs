//! The 政务公开 reports (issue 24, NOTICE part): `[report] type =
//! "信息公开指南"` and `"信息公开年度报告"` on a copy of the `kinds` fixture:
//! the 信息公开目录 links the newest guide and every annual report by year
//! at its top, the 网站地图 lists them, the reports section orders them
//! after the plan and summaries; and `init`'s guide, which does not build
//! until each of its placeholders is replaced.

use crate::common::*;
use std::path::Path;

/// A report page of the fixture's reports section.
fn report(
    site: &SiteCopy,
    file: &str,
    title: &str,
    date: &str,
    kind: &str,
    year: i32,
    extra: &str,
) {
    site.write(
        &format!("content/reports/{file}.md"),
        &format!(
            "+++\ntitle = \"{title}\"\ndate = {date}\n{extra}[disclosure]\ntopic = \"政务公开\"\n[report]\ntype = \"{kind}\"\nyear = {year}\n+++\n\n{title}。\n"
        ),
    );
}

/// The kinds fixture with two guides (2025, 2026), three annual reports
/// (2024, 2025, and a draft of 2026), built.
fn site_with_reports() -> SiteCopy {
    let site = SiteCopy::new("kinds");
    report(
        &site,
        "zhinan-2025",
        "2025年版信息公开指南",
        "2025-01-10",
        "信息公开指南",
        2025,
        "",
    );
    report(
        &site,
        "zhinan-2026",
        "2026年版信息公开指南",
        "2026-01-12",
        "信息公开指南",
        2026,
        "",
    );
    report(
        &site,
        "nianbao-2024",
        "2024年政府信息公开工作年度报告",
        "2025-01-20",
        "信息公开年度报告",
        2024,
        "",
    );
    report(
        &site,
        "nianbao-2025",
        "2025年政府信息公开工作年度报告",
        "2026-01-25",
        "信息公开年度报告",
        2025,
        "",
    );
    report(
        &site,
        "nianbao-2026",
        "2026年政府信息公开工作年度报告",
        "2026-11-25",
        "信息公开年度报告",
        2026,
        "draft = true\n",
    );
    let run = gongkai(&site.root, &["build", "--as-of", "2026-12-06"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    site
}

/// The `<section class="gongkai-reports">` of a page.
fn reports_block(html: &str) -> String {
    let start = html
        .find("<section class=\"gongkai-reports\"")
        .unwrap_or_else(|| panic!("no reports block:\n{html}"));
    html[start..start + html[start..].find("</section>").expect("end")].to_string()
}

const EXPECTED: &str = "<li><strong>信息公开指南：</strong><a href=\"/rd/test/reports/zhinan-2026/\">2026年版信息公开指南</a></li>\n\
<li><strong>信息公开年度报告：</strong>\n\
<ul class=\"years\">\n\
<li><a href=\"/rd/test/reports/nianbao-2025/\">2025年度报告</a></li>\n\
<li><a href=\"/rd/test/reports/nianbao-2024/\">2024年度报告</a></li>\n\
</ul>";

#[test]
fn the_catalog_links_the_newest_guide_and_the_annual_reports_at_its_top() {
    let site = site_with_reports();
    for page in [
        "public/gongkai/index.html",
        "public/gongkai/2026/index.html",
    ] {
        let html = site.read(page);
        let block = reports_block(&html);
        assert!(
            block.contains("<h2 id=\"gongkai-reports\">信息公开指南和年度报告</h2>"),
            "{block}"
        );
        assert!(block.contains(EXPECTED), "{page}:\n{block}");
        assert!(
            !block.contains("2025年版"),
            "only the newest guide: {block}"
        );
        // At the top: before the year filter and the table.
        assert!(
            html.find("gongkai-reports") < html.find("按年度查看"),
            "{page}"
        );
    }
    let html = site.read("public/wangzhanditu/index.html");
    let block = reports_block(&html);
    assert!(block.contains("<h2 id=\"site-map-reports\">"), "{block}");
    assert!(block.contains(EXPECTED), "{block}");
}

#[test]
fn without_such_reports_the_catalog_has_no_block() {
    let site = SiteCopy::new("kinds");
    let run = gongkai(&site.root, &["build", "--as-of", "2026-12-06"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for page in [
        "public/gongkai/index.html",
        "public/wangzhanditu/index.html",
    ] {
        assert!(!site.read(page).contains("gongkai-reports"), "{page}");
    }
}

#[test]
fn the_reports_section_lists_them_after_the_plan_and_summaries() {
    let site = site_with_reports();
    let html = site.read("public/reports/index.html");
    let at = |needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("{needle} not in:\n{html}"))
    };
    // 2025: the year-end summary, then the guide, then the annual report.
    assert!(at("测试镇人大主席团2025年工作总结") < at("2025年版信息公开指南"));
    assert!(at("2025年版信息公开指南") < at("2025年政府信息公开工作年度报告"));
    // 2026: the plan, then the guide.
    let plan = html.find("2026年").expect("2026");
    assert!(plan < at("2026年版信息公开指南"));
    assert!(!html.contains("nianbao-2026"), "a draft is not listed");
}

/// `(line, text)` of each placeholder line of `rel` outside comments.
fn placeholder_lines(site: &Path, rel: &str) -> Vec<(usize, String)> {
    read_string(&site.join(rel))
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with('#') && l.contains("（请"))
        .map(|(i, l)| (i + 1, l.to_string()))
        .collect()
}

#[test]
fn inits_guide_names_each_placeholder_until_filled_then_is_on_the_catalog() {
    const GUIDE: &str = "content/reports/xinxi-gongkai-zhinan.md";
    let tmp = tempfile::tempdir().expect("tmp");
    assert_eq!(gongkai(tmp.path(), &["init", "site"]).code, Some(0));
    let site = tmp.path().join("site");
    let text = read_string(&site.join(GUIDE));
    for heading in [
        "## 一、公开主体",
        "## 二、公开范围",
        "## 三、公开方式",
        "## 四、依申请公开",
        "## 五、监督方式",
    ] {
        assert!(text.contains(&format!("\n{heading}\n")), "{heading}");
    }
    for item in [
        "机关名称",
        "办公地址",
        "办公时间",
        "联系电话",
        "申请方式",
        "受理机构",
        "处理期限",
        "举报",
        "复议",
        "诉讼",
    ] {
        assert!(text.contains(&format!("- {item}：（请")), "{item}");
    }
    assert!(!text.contains("draft = true"), "the guide is no draft");
    let placeholders = placeholder_lines(&site, GUIDE);
    assert_eq!(placeholders.len(), 12, "{placeholders:?}");
    let run = gongkai(&site, &["check", "--format", "json"]);
    assert_eq!(run.code, Some(1));
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let named: Vec<u64> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["path"] == GUIDE && d["code"] == "placeholder-left")
        .filter_map(|d| d["line"].as_u64())
        .collect();
    let expected: Vec<u64> = placeholders.iter().map(|(l, _)| *l as u64).collect();
    assert_eq!(named, expected);
    // Filled in: each placeholder becomes text; the other examples' lines
    // are dropped as a user rewrites them.
    let filled = read_string(&site.join(GUIDE))
        .lines()
        .map(|l| match l.find("（请") {
            Some(at) if !l.trim_start().starts_with('#') => {
                format!("{}按实际情况填写的内容。", &l[..at])
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(site.join(GUIDE), filled + "\n").expect("write");
    drop_placeholder_lines(&site);
    let build = gongkai(&site, &["build"]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    let block = reports_block(&read_string(&site.join("public/gongkai/index.html")));
    assert!(
        block.contains("信息公开指南：</strong><a href=\"/shili/reports/xinxi-gongkai-zhinan/\">示例镇人大主席团信息公开指南</a>"),
        "{block}"
    );
    let guide = read_string(&site.join("public/reports/xinxi-gongkai-zhinan/index.html"));
    assert!(
        guide.contains("机关名称：按实际情况填写的内容。"),
        "{guide}"
    );
}

/// Drops every placeholder line (outside comments) of every Markdown file.
fn drop_placeholder_lines(site: &Path) {
    for entry in walk(&site.join("content")) {
        let text = read_string(&entry);
        let kept: String = text
            .split_inclusive('\n')
            .filter(|l| l.trim_start().starts_with('#') || !l.contains("（请"))
            .collect();
        std::fs::write(&entry, kept).expect("write");
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).expect("ls").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
    out
}

/// The path `new` printed after 已新建：.
fn created(run: &Run) -> String {
    run.stdout
        .lines()
        .find_map(|l| l.strip_prefix("已新建："))
        .unwrap_or_else(|| panic!("{}\n{}", run.stdout, run.stderr))
        .to_string()
}

#[test]
fn new_report_titled_as_an_annual_disclosure_report_gets_its_headings() {
    let tmp = tempfile::tempdir().expect("tmp");
    assert_eq!(gongkai(tmp.path(), &["init", "site"]).code, Some(0));
    let site = tmp.path().join("site");
    let run = gongkai(
        &site,
        &[
            "new",
            "report",
            "示例镇人大主席团2025年政府信息公开工作年度报告",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = read_string(&site.join(created(&run)));
    assert!(text.contains("type = \"信息公开年度报告\"\n"), "{text}");
    assert!(text.contains("draft = true\n"), "{text}");
    for heading in [
        "## 一、总体情况",
        "## 三、收到和处理政府信息公开申请情况",
        "## 六、其他需要报告的事项",
    ] {
        assert!(text.contains(heading), "{heading}: {text}");
    }
    let run = gongkai(&site, &["new", "report", "2027年工作计划"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = read_string(&site.join(created(&run)));
    assert!(text.contains("type = \"年度工作计划\"\n"), "{text}");
    // A guide takes the guide's archetype: the five sections, a draft,
    // this year, its placeholders named by check.
    let run = gongkai(&site, &["new", "report", "示例镇人大主席团信息公开指南"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let rel = created(&run);
    let text = read_string(&site.join(&rel));
    assert!(text.contains("type = \"信息公开指南\"\n"), "{text}");
    assert!(text.contains("draft = true\n"), "{text}");
    assert!(
        text.contains("title = \"示例镇人大主席团信息公开指南\"\n"),
        "{text}"
    );
    assert!(
        !text.contains("{{"),
        "every placeholder of the archetype filled: {text}"
    );
    for heading in ["## 一、公开主体", "## 三、公开方式", "## 五、监督方式"] {
        assert!(text.contains(heading), "{heading}: {text}");
    }
    let publish = text.replacen("draft = true", "draft = false", 1);
    std::fs::write(site.join(&rel), publish).expect("write");
    let run = gongkai(&site, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let named = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["path"] == rel.as_str() && d["code"] == "placeholder-left")
        .count();
    assert_eq!(named, 12, "{}", run.stdout);
}

/// `serve`: an edit of a guide's title or an annual report's year rewrites
/// the catalog's block and the 网站地图 as a full build writes them.
#[test]
fn serve_rewrites_the_catalog_block_after_an_edit_of_a_report() {
    use gongkai::live::{LiveSite, PageUpdate};
    let site = site_with_reports();
    let live_out = site.tmp.path().join("live");
    let as_of = |out: &Path| gongkai::BuildOptions {
        clock: chrono::NaiveDate::from_ymd_opt(2026, 12, 6),
        ..options(&site.root, out, false)
    };
    let (mut live, _) = LiveSite::build(&as_of(&live_out))
        .unwrap_or_else(|d| panic!("{}", render_all(&d, &site.root)));
    for (file, from, to, shown) in [
        (
            "content/reports/zhinan-2026.md",
            "title = \"2026年版信息公开指南\"",
            "title = \"2026年修订版信息公开指南\"",
            ">2026年修订版信息公开指南</a>",
        ),
        (
            "content/reports/nianbao-2024.md",
            "year = 2024",
            "year = 2023",
            ">2023年度报告</a>",
        ),
    ] {
        site.replace(file, from, to);
        let page = live.page_of(Path::new(file)).expect("page");
        match live.update_page(page) {
            PageUpdate::Done(report) => assert!(report.incremental),
            PageUpdate::Failed(d) => panic!("{}", render_all(&d, &site.root)),
            PageUpdate::NeedsFullBuild => panic!("{to}: a full build"),
        }
        live.refresh_search().expect("search index");
        for page in ["gongkai/index.html", "wangzhanditu/index.html"] {
            let block = reports_block(&read_string(&live_out.join(page)));
            assert!(block.contains(shown), "{page}: {block}");
        }
        let full = site.tmp.path().join("full");
        let _ = std::fs::remove_dir_all(&full);
        gongkai::build::build(&as_of(&full))
            .unwrap_or_else(|d| panic!("{}", render_all(&d, &site.root)));
        assert_same_tree(&tree_as_served(&full), &hash_tree(&live_out), to);
    }
}
