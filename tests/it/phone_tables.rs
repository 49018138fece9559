//! The theme's data tables on a phone (issue 24 §1): every table the theme
//! writes (a `<table class="…">`; Markdown tables have no class) is either a
//! short fact or count list (`facts`, `narrow`) or reflows into one card
//! per row (`reflow`), and then every cell names itself (`data-label`) and
//! the cells that carry the result are marked (`lead`) where the table has
//! a result. How the cards look is the browser suite's to check; this test
//! keeps the templates from drifting out of the mechanism.

use crate::common::{build_into_temp, fixture, repo_root};

/// Tables of the theme that stay tables on a phone: two columns fit.
const KEPT: [&str; 2] = ["facts", "narrow"];

/// (page, table classes, problems) of each theme table of every page.
fn theme_tables(out: &std::path::Path) -> Vec<(String, Vec<String>, Vec<String>)> {
    let mut found = vec![];
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.expect("walk output");
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).expect("read page");
        let page = entry
            .path()
            .strip_prefix(out)
            .expect("inside output")
            .to_string_lossy()
            .into_owned();
        for (at, _) in html.match_indices("<table class=\"") {
            let rest = &html[at + "<table class=\"".len()..];
            let classes: Vec<String> = rest[..rest.find('"').expect("attribute end")]
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let table = &rest[..rest.find("</table>").expect("table end")];
            found.push((page.clone(), classes.clone(), problems(&classes, table)));
        }
    }
    found
}

fn problems(classes: &[String], table: &str) -> Vec<String> {
    let has = |c: &str| classes.iter().any(|x| x == c);
    if KEPT.iter().any(|k| has(k)) {
        return vec![];
    }
    if !has("reflow") {
        return vec!["not reflowed on a phone".into()];
    }
    let body = &table[table.find("</thead>").unwrap_or(0)..];
    body.split("<td")
        .skip(1)
        .filter_map(|cell| {
            let open = &cell[..cell.find('>').expect("tag end")];
            let label = open
                .split("data-label=\"")
                .nth(1)
                .and_then(|l| l.split('"').next())
                .unwrap_or("");
            label
                .is_empty()
                .then(|| format!("a cell without data-label: <td{open}>"))
        })
        .collect()
}

#[test]
fn every_theme_table_reflows_on_a_phone_with_labelled_cells() {
    for root in [repo_root(), fixture("kinds"), fixture("deadlines")] {
        let built = build_into_temp(&root, false);
        let tables = theme_tables(&built.out);
        let bad: Vec<_> = tables.iter().filter(|(_, _, p)| !p.is_empty()).collect();
        assert!(bad.is_empty(), "{}: {bad:#?}", root.display());
        let reflowed = tables
            .iter()
            .filter(|(_, c, _)| c.iter().any(|c| c == "reflow"))
            .count();
        assert!(
            reflowed >= 5,
            "{}: only {reflowed} reflowed tables",
            root.display()
        );
    }
}

#[test]
fn result_tables_mark_rate_and_rating_as_the_result() {
    let built = build_into_temp(&repo_root(), false);
    let page = built.read("evaluations/2026-minzhu-pingyi/index.html");
    let start = page
        .find("<table class=\"results reflow\">")
        .expect("results table");
    let table = &page[start..start + page[start..].find("</table>").expect("end")];
    for row in table.split("<tr><th scope=\"row\">").skip(1) {
        assert!(
            row.contains("class=\"num lead\" data-label=\"满意率\""),
            "{row}"
        );
        assert!(
            row.contains("class=\"lead\" data-label=\"评定结果\""),
            "{row}"
        );
        assert!(row.contains("class=\"num\" data-label=\"有效票\""), "{row}");
    }
    let units = built.read("units/index.html");
    assert!(units.contains("<td class=\"lead\" data-label=\"最近评议结果\">"));
}
