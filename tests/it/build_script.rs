//! End to end through the real `gongkai` binary: script from content (issue
//! 19 §2). Raw HTML that runs script or loads elsewhere, heading attributes
//! other than ids and classes, front matter and `site.toml` links with a
//! scheme other than http, https, mailto or tel, and `.svg`/`.html` files
//! with script are errors at their file and line that leave the last good
//! `public/` as it was; paste artefacts are removed quietly; `[markdown]
//! unsafe_html = true` and `[build] allow_script_files` are the ways out.

use crate::common::*;

const ZOUFANG: &str = "content/news/2025-zoufang.md";
const KANFA: &str = "content/submissions/2026-kanfa.md";

fn append(site: &SiteCopy, rel: &str, text: &str) {
    let old = site.read(rel);
    site.write(rel, &format!("{old}{text}"));
}

fn good_site() -> SiteCopy {
    let site = SiteCopy::new("basic");
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    site
}

fn add_config(site: &SiteCopy, text: &str) {
    append(site, "site.toml", &format!("\n{text}\n"));
}

#[test]
fn each_way_around_the_old_blocklist_fails_at_its_line() {
    let site = good_site();
    append(
        &site,
        ZOUFANG,
        "\n行内 <img alt=\">\" src=x onerror=alert(1)> 图。\n\n\
         <a href=\"java&#x73;cript:alert(1)\">点</a>\n\n\
         <iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>\n\n\
         <base href=\"https://evil.example/\">\n\n\
         [链接](&#106;avascript:alert(1))\n\n\
         ## 会议议程 {#agenda tabindex=0 onfocus=alert(1)}\n",
    );
    append(&site, KANFA, "");
    site.replace(
        KANFA,
        "issue = \"第1234期\"",
        "issue = \"第1234期\"\nurl = \"javascript:alert(1)\"",
    );
    let heading = site.loc(ZOUFANG, "## 会议议程");
    assert_build_fails(
        &site,
        &[
            expected_error(
                site.loc(ZOUFANG, "onerror="),
                &["（onerror=）"],
                &["(onerror=)"],
            ),
            expected_error(
                site.loc(ZOUFANG, "java&#x73;cript"),
                &["（javascript:）"],
                &["(javascript:)"],
            ),
            expected_error(
                site.loc(ZOUFANG, "srcdoc"),
                &["（<iframe>）"],
                &["(<iframe>)"],
            ),
            expected_error(site.loc(ZOUFANG, "<base"), &["（<base>）"], &["(<base>)"]),
            expected_error(
                site.loc(ZOUFANG, "&#106;avascript"),
                &["（javascript:）"],
                &["(javascript:)"],
            ),
            expected_error(heading.clone(), &["tabindex"], &["tabindex"]),
            expected_error(
                site.loc(KANFA, "url = "),
                &["javascript:alert(1)"],
                &["javascript:alert(1)"],
            ),
        ],
        8,
    );
}

#[test]
fn files_with_script_are_not_published() {
    let site = good_site();
    site.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<circle r=\"4\"/>\n<script>alert(1)</script>\n</svg>\n",
    );
    // HTML under content/ is published only when the site asks for it.
    add_config(&site, "[build]\npublish_extra = [\"html\"]");
    site.write(
        "content/news/bundle/plan.html",
        "<p>方案</p>\n<img src=x onerror=alert(1)>\n",
    );
    assert_build_fails(
        &site,
        &[
            expected_error(
                "static/logo.svg:3".to_string(),
                &["（<script>）", "allow_script_files"],
                &["(<script>)", "allow_script_files"],
            ),
            expected_error(
                "content/news/bundle/plan.html:2".to_string(),
                &["（onerror=）"],
                &["(onerror=)"],
            ),
        ],
        2,
    );
}

#[test]
fn site_toml_links_are_checked() {
    let site = good_site();
    add_config(&site, "[extra]\nmap = \"javascript:alert(1)\"");
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc("site.toml", "map = "),
            &["javascript:alert(1)"],
            &["javascript:alert(1)"],
        )],
        1,
    );
}

#[test]
fn paste_artefacts_are_removed_quietly_and_safe_html_kept() {
    let site = SiteCopy::new("basic");
    append(
        &site,
        ZOUFANG,
        "\n<p class=\"MsoNormal\"><font face=\"宋体\">粘贴的文字</font><o:p></o:p></p>\n\n\
         <details><summary>附表</summary>\n<table><tr><td colspan=\"2\">合计</td></tr></table>\n</details>\n\n\
         <!-- 编辑备注：不公开 -->\n",
    );
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = site.read("public/news/2025-zoufang/index.html");
    assert!(html.contains("<p>粘贴的文字</p>"), "{html}");
    assert!(html.contains("<td colspan=\"2\">合计</td>"), "{html}");
    assert!(html.contains("<details><summary>附表</summary>"), "{html}");
    assert!(!html.contains("font") && !html.contains("o:p") && !html.contains("Mso"));
    assert!(!html.contains("编辑备注"));
}

#[test]
fn the_ways_out_publish_as_written() {
    let site = SiteCopy::new("basic");
    append(
        &site,
        ZOUFANG,
        "\n<base href=\"https://example.gov.cn/\">\n\n## 议程 {tabindex=0 onfocus=go()}\n",
    );
    site.write(
        "static/map/index.html",
        "<p>地图</p>\n<script src=\"map.js\"></script>\n",
    );
    add_config(
        &site,
        "[markdown]\nunsafe_html = true\n[build]\nallow_script_files = [\"static/map/index.html\"]",
    );
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = site.read("public/news/2025-zoufang/index.html");
    assert!(
        html.contains("<base href=\"https://example.gov.cn/\">"),
        "{html}"
    );
    assert!(html.contains("onfocus=\"go()\""), "{html}");
    assert!(site.read("public/map/index.html").contains("<script"));
}

#[test]
fn check_reports_files_with_script_as_build_does() {
    let site = SiteCopy::new("basic");
    site.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(1)</script>\n</svg>\n",
    );
    let run = gongkai(&site.root, &["check", "--format", "json"]);
    run.assert_no_panic();
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let found = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .any(|d| d["code"] == "script-in-file" && d["path"] == "static/logo.svg" && d["line"] == 2);
    assert!(found, "{}", run.stdout);
}
