//! Snapshots of whole outputs, one of every template the default theme
//! renders, built from the demo site and the `kinds` fixture with a fixed
//! clock: a change of what templates receive (or of a template) shows as a
//! diff of the page. Each snapshot is named after its template.

use crate::common::{options, read_string, render_all, repo_root, SiteCopy};
use std::path::{Path, PathBuf};

/// The day the demo is built as of (as `same-output.sh` builds it).
const TODAY: (i32, u32, u32) = (2026, 12, 6);

/// A built site: the temp folder (kept while the value lives) and its output.
struct Built {
    _tmp: tempfile::TempDir,
    out: PathBuf,
}

fn build(root: &Path) -> Built {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let mut opts = options(root, &out, false);
    opts.clock = chrono::NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2);
    if let Err(d) = gongkai::build(&opts) {
        panic!(
            "build of {} failed:\n{}",
            root.display(),
            render_all(&d, root)
        );
    }
    Built { _tmp: tmp, out }
}

/// Snapshots output `rel` under `name` (`template__what`).
fn snap(built: &Built, name: &str, rel: &str) {
    insta::with_settings!({ description => rel.to_string(), omit_expression => true }, {
        insta::assert_snapshot!(name, read_string(&built.out.join(rel)));
    });
}

#[test]
fn every_template_of_the_demo() {
    let built = build(&repo_root());
    for (name, rel) in [
        ("index__home", "index.html"),
        ("section__news", "news/index.html"),
        ("section__news_page_2", "news/page/2/index.html"),
        ("page__news", "news/2026-renda-liuci-huiyi/index.html"),
        (
            "inspection__2026_nongyiban",
            "inspections/2026-nongyiban-shicha/index.html",
        ),
        (
            "evaluation__2026",
            "evaluations/2026-minzhu-pingyi/index.html",
        ),
        ("section_submission", "submissions/index.html"),
        (
            "submission__2026_daibiaobao",
            "submissions/2026-daibiaobao-renda-huiyi/index.html",
        ),
        ("section_report", "reports/index.html"),
        ("page__report_plan", "reports/2026-gongzuo-jihua/index.html"),
        (
            "page__report_half",
            "reports/2026-bannian-xiaojie/index.html",
        ),
        (
            "page__report_summary",
            "reports/2025-nianzhong-zongjie/index.html",
        ),
        ("section_delegate", "delegates/index.html"),
        (
            "delegate__chen_jianguo",
            "delegates/chen-jianguo/index.html",
        ),
        ("person__he_yong_fu", "delegates/he-yong-fu/index.html"),
        ("units_list", "units/index.html"),
        ("unit__weishengyuan", "units/zhen-wei-sheng-yuan/index.html"),
        ("stats_list", "stats/index.html"),
        ("stats__2026", "stats/2026/index.html"),
        ("archive_list", "archive/index.html"),
        ("archive__2026", "archive/2026/index.html"),
        ("taxonomy_list__categories", "categories/index.html"),
        (
            "taxonomy_single__jian_du_gong_zuo",
            "categories/jian-du-gong-zuo/index.html",
        ),
        ("taxonomy_list__tags", "tags/index.html"),
        ("404", "404.html"),
        ("rss__site", "rss.xml"),
        ("atom__site", "atom.xml"),
        ("rss__news", "news/rss.xml"),
        ("atom__news", "news/atom.xml"),
        ("sitemap", "sitemap.xml"),
        ("robots", "robots.txt"),
        ("search", "search/index.html"),
        ("dubans", "dubans/index.html"),
        ("dubans__2026", "dubans/2026/index.html"),
        ("dubans_csv", "dubans/dubans.csv"),
        // issue 23, suggestion part
        ("section_suggestion", "suggestions/index.html"),
        (
            "suggestion__2026_weishengyuan",
            "suggestions/2026-weishengyuan-yejian/index.html",
        ),
        // issue 24, FRAME part
        ("site_map", "wangzhanditu/index.html"),
        // issue 24, CATALOG part: the 信息公开目录, a repealed document
        ("gongkai", "gongkai/index.html"),
        ("gongkai__2024", "gongkai/2024/index.html"),
        (
            "gongkai__dai_biao_gong_zuo",
            "gongkai/dai-biao-gong-zuo/index.html",
        ),
        ("gongkai_csv", "gongkai/gongkai.csv"),
        (
            "page__repealed",
            "news/2024-lianluozhan-gongzuo-guize/index.html",
        ),
    ] {
        snap(&built, &format!("demo__{name}"), rel);
    }
}

#[test]
fn templates_of_the_kinds_fixture() {
    let built = build(&crate::common::fixture("kinds"));
    for (name, rel) in [
        ("section_submission", "submissions/index.html"),
        (
            "submission__2025_daibiaobao",
            "submissions/2025-daibiaobao-lvzhi/index.html",
        ),
        ("person__li_chun_mei", "delegates/li-chun-mei/index.html"),
        (
            "evaluation__2025",
            "evaluations/2025-minzhu-pingyi/index.html",
        ),
        ("stats__2025", "stats/2025/index.html"),
        ("unit__weishengyuan", "units/zhen-wei-sheng-yuan/index.html"),
    ] {
        snap(&built, &format!("kinds__{name}"), rel);
    }
}

/// `/delegates/` is `people_list.html` only when the site has no delegate
/// section: the `kinds` fixture without its `delegates/` folder.
#[test]
fn people_list_without_a_delegate_section() {
    let site = SiteCopy::new("kinds");
    std::fs::remove_dir_all(site.path("content/delegates")).expect("remove delegates");
    let built = build(&site.root);
    snap(&built, "kinds__people_list", "delegates/index.html");
    snap(
        &built,
        "kinds__person__chen_jian_guo",
        "delegates/chen-jian-guo/index.html",
    );
    // Issue 24, FRAME part: the 网站地图 lists 代表 among the generated pages.
    snap(&built, "kinds__site_map_people", "wangzhanditu/index.html");
}

/// Issue 23, the evaluation part: an evaluation with 整改 due dates in every
/// state beside its 复评, the 复评, and a unit whose year has both rounds
/// (the `deadlines` fixture).
#[test]
fn evaluation_rounds_of_the_deadlines_fixture() {
    let built = build(&crate::common::fixture("deadlines"));
    for (name, rel) in [
        ("evaluation__2026", "evaluations/2026-pingyi/index.html"),
        (
            "evaluation__2026_fuping",
            "evaluations/2026-fuping/index.html",
        ),
        ("unit__guotusuo", "units/zhen-guo-tu-suo/index.html"),
    ] {
        snap(&built, &format!("deadlines__{name}"), rel);
    }
}
