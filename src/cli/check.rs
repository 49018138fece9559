//! `gongkai check`: the report, grouped by kind of problem for people, or
//! JSON for programs, then what the check looked at ("before you publish")
//! and the verdict. Exit 1 when there is an error (with `--strict`, also a
//! warning an inspection counts), 0 otherwise.

use gongkai::check::{Report, Summary};
use gongkai::diagnostics::{display_path, Diagnostic, Severity};
use gongkai::messages::{self, Lang, Msg};
use std::path::Path;
use std::process::ExitCode;

pub fn run(options: &gongkai::BuildOptions, strict: bool, format: &str, lang: Lang) -> ExitCode {
    let report = gongkai::check::check(options, strict);
    let root = &options.root;
    if format == "json" {
        print_json(&report, strict, root, lang);
    } else {
        print_text(&report, root, lang);
    }
    if report.diagnostics.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_json(report: &Report, strict: bool, root: &Path, lang: Lang) {
    let diags = &report.diagnostics;
    let items: Vec<serde_json::Value> = diags
        .items
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": d.severity,
                "code": d.msg.code(),
                "path": d.path.as_deref().map(|p| display_path(p, root)),
                "line": d.line,
                "message": d.msg.text(lang),
                "facts": d.msg,
            })
        })
        .collect();
    let json = serde_json::json!({
        "errors": diags.error_count(),
        "warnings": diags.warning_count(),
        "counted_warnings": report.counted_warnings(),
        "strict": strict,
        "ready_to_publish": report.ready_to_publish(),
        "diagnostics": items,
        "summary": report.summary,
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&json).unwrap_or_default()
    );
}

fn print_text(report: &Report, root: &Path, lang: Lang) {
    let diags = &report.diagnostics;
    let mut items: Vec<&Diagnostic> = diags.items.iter().collect();
    // By heading, not by code: codes sharing a heading stay one group.
    let heading = |d: &Diagnostic| messages::check_group(&d.msg.code()).0;
    items.sort_by_key(|d| (d.severity, heading(d), d.msg.code(), d.path.clone(), d.line));
    let mut group = None;
    for d in items {
        let key = (d.severity, heading(d));
        if group != Some(key) {
            println!(
                "\n{}",
                messages::check_group_title(lang, d.severity == Severity::Error, &d.msg.code())
            );
            group = Some(key);
        }
        println!("{}\n", d.render(lang, root));
    }
    if let Some(summary) = &report.summary {
        // Each diagnostic ends with a blank line already.
        if diags.is_empty() {
            println!();
        }
        print_summary(summary, lang);
    }
    let done = Msg::CheckDone {
        errors: diags.error_count(),
        warnings: diags.warning_count(),
        counted: report.counted_warnings(),
    };
    println!("{}", done.text(lang));
}

/// What the check looked at, each line from the run's own counts.
fn print_summary(summary: &Summary, lang: Lang) {
    let mut lines = vec![
        Msg::CheckSummaryTitle,
        Msg::CheckSummaryPages {
            pages: summary.pages,
            columns: summary.columns.len(),
        },
    ];
    lines.extend(summary.columns.iter().map(|c| Msg::CheckSummaryColumn {
        title: c.title.clone(),
        pages: c.pages,
        last: c.last.map(|d| d.format("%Y-%m-%d").to_string()),
        days: c.days_ago,
        limit: c.limit,
        national: c.national,
    }));
    lines.extend([
        Msg::CheckSummaryLinks {
            links: summary.links.links_checked,
            attachments: summary.links.attachments_checked,
        },
        Msg::CheckSummaryPrivacy {
            outputs: summary.outputs_scanned,
        },
        Msg::CheckSummaryPlaceholders {
            count: summary.placeholders,
        },
    ]);
    for line in lines {
        println!("{}", line.text(lang));
    }
    println!();
}
