//! The demo site at the root of the repository (清溪镇) builds with no error
//! and no warning, and has its home page, every section, working links and
//! well-formed feeds and sitemap.

use crate::common::*;

/// Folders of `content/` holding an `_index.md` (sections), relative, with `/`.
fn sections() -> Vec<String> {
    list_files(&repo_root().join("content"))
        .into_iter()
        .filter_map(|f| {
            f.strip_suffix("_index.md")
                .map(|dir| dir.trim_end_matches('/').to_string())
        })
        .filter(|dir| !dir.is_empty())
        .collect()
}

#[test]
fn demo_site_builds_without_errors_or_warnings() {
    let root = repo_root();
    let built = build_into_temp(&root, false);
    assert!(
        built.report.diagnostics.is_empty(),
        "warnings:\n{}",
        render_all(&built.report.diagnostics, &root)
    );
    assert!(built.report.pages > 10, "{}", built.report.pages);

    let home = built.read("index.html");
    assert!(home.contains("清溪镇人民代表大会"), "home page title");
    let sections = sections();
    assert!(
        [
            "news",
            "inspections",
            "evaluations",
            "submissions",
            "reports"
        ]
        .iter()
        .all(|s| sections.iter().any(|x| x == s)),
        "{sections:?}"
    );
    assert_eq!(
        built.report.sections,
        sections.len() + 1,
        "the home page is a section too"
    );
    for dir in &sections {
        let html = built.read(&format!("{dir}/index.html"));
        assert!(
            home.contains(&format!("href=\"{BASE_PATH}{dir}/\"")),
            "the home page links to {dir}/"
        );
        assert!(html.contains("<h1>"), "{dir}/index.html has a heading");
    }
    for file in built.files().iter().filter(|f| f.ends_with(".xml")) {
        let xml = built.read(file);
        if let Err(e) = parse_xml(&xml) {
            panic!("{file} is not well-formed XML: {e}");
        }
    }
}

/// Every link of the demo site carries the sub-path of its `base_url` (the
/// rule of docs/template-context.md: a theme never builds paths itself) and
/// points to a file of the output.
#[test]
fn demo_site_links_carry_the_sub_path_and_resolve() {
    let built = build_into_temp(&repo_root(), false);
    let problems = link_problems(&built.out, BASE_URL);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn demo_site_cli_build_prints_no_warning() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("public");
    let out_arg = out.to_string_lossy().into_owned();
    let run = gongkai(&repo_root(), &["build", "-o", &out_arg]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.trim().is_empty(), "{}", run.stderr);
    assert!(run.stdout.starts_with("完成："), "{}", run.stdout);
    assert!(out.join("index.html").is_file());
    assert!(out.join(".gongkai-output").is_file());
}
