//! Stage timings: the library only measures them when asked and returns them
//! in the build's report; the command prints them (one `timing <stage>: <n>
//! ms` line each on stderr, which the benchmark reads) when
//! `GONGKAI_TIMINGS` is set, and nothing otherwise.

use crate::common::{fixture, gongkai_env, options};

/// The stage of each `timing` line of `stderr`.
fn stages(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timing "))
        .filter_map(|l| l.rsplit_once(": ").map(|(stage, _)| stage))
        .collect()
}

#[test]
fn gongkai_timings_prints_every_stage_in_order_and_only_when_set() {
    let out = tempfile::tempdir().expect("temp dir");
    let out = out.path().join("public");
    let out = out.to_str().expect("utf-8 path");
    let root = fixture("basic");
    let timed = gongkai_env(&root, &["build", "-o", out], &[("GONGKAI_TIMINGS", "1")]);
    assert_eq!(timed.code, Some(0), "{}", timed.stderr);
    let shown = stages(&timed.stderr);
    let expected = [
        "build cache",
        "config and templates",
        "content",
        "derive",
        "markdown",
        "plan",
        "page contexts",
        "render and write",
        "link check",
        "search index",
        "copy files",
        "manifest",
        "swap",
    ];
    let main: Vec<&str> = shown
        .iter()
        .copied()
        .filter(|s| !s.contains(", "))
        .collect();
    assert_eq!(main, expected, "{}", timed.stderr);
    // The search index's parts come just before the stage itself.
    let index = shown.iter().position(|s| *s == "search index");
    let parts = shown.iter().position(|s| s.starts_with("search index, "));
    assert!(parts.is_some() && parts < index, "{shown:?}");

    let quiet = gongkai_env(&root, &["build", "-o", out], &[]);
    assert_eq!(quiet.code, Some(0), "{}", quiet.stderr);
    assert!(stages(&quiet.stderr).is_empty(), "{}", quiet.stderr);
}

#[test]
fn the_library_times_stages_only_when_asked() {
    let out = tempfile::tempdir().expect("temp dir");
    let root = fixture("basic");
    let mut asked = options(&root, &out.path().join("a"), false);
    asked.timings = true;
    let report = gongkai::build(&asked).expect("builds");
    assert!(report.timings.iter().any(|t| t.stage == "render and write"));
    let report = gongkai::build(&options(&root, &out.path().join("b"), false)).expect("builds");
    assert!(report.timings.is_empty(), "{:?}", report.timings);
}

#[test]
fn an_edit_applied_by_serve_times_its_stages_when_asked() {
    use gongkai::live::{LiveSite, PageUpdate};
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    crate::common::copy_dir(&fixture("basic"), &root);
    let mut asked = options(&root, &tmp.path().join("out"), false);
    asked.timings = true;
    let (mut live, report) = LiveSite::build(&asked).expect("builds");
    assert!(report.timings.iter().any(|t| t.stage == "page contexts"));
    let file = "content/news/2026-shicha.md";
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    // A new title: the front matter's stages run again too.
    let edited = text.replacen("title = \"", "title = \"新：", 1);
    assert_ne!(edited, text);
    std::fs::write(&path, edited).expect("write");
    let i = live.page_of(std::path::Path::new(file)).expect("a page");
    let PageUpdate::Done(report) = live.update_page(i) else {
        panic!("the edit failed");
    };
    let stages: Vec<&str> = report.timings.iter().map(|t| t.stage.as_str()).collect();
    assert_eq!(
        stages,
        [
            "edit: read page",
            "edit: markdown",
            "edit: derive and plan",
            "edit: summary",
            "edit: deps",
            "edit: render",
            "edit: write"
        ]
    );
}
