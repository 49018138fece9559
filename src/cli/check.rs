//! `gongkai check`: the report, grouped by kind of problem for people, or
//! JSON for programs, then what the check looked at ("before you publish")
//! and the verdict. Exit 1 when there is an error (with `--strict`, also a
//! warning an inspection counts), 0 otherwise.

use gongkai::check::{Report, Summary};
use gongkai::diagnostics::{display_path, Diagnostic, Severity};
use gongkai::messages::{self, Lang, Msg};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

pub fn run(options: &gongkai::BuildOptions, strict: bool, format: &str, lang: Lang) -> ExitCode {
    let report = gongkai::check::check(options, strict);
    let root = &options.root;
    let mut out = io::stdout().lock();
    // A reader that stops early (`gongkai check | head`) is not an error of
    // the check: the exit code still says what it found.
    let _ = if format == "json" {
        print_json(&mut out, &report, strict, root, lang)
    } else {
        print_text(&mut out, &report, root, lang)
    };
    if report.diagnostics.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_json(
    out: &mut impl Write,
    report: &Report,
    strict: bool,
    root: &Path,
    lang: Lang,
) -> io::Result<()> {
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
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(&json).unwrap_or_default()
    )
}

fn print_text(out: &mut impl Write, report: &Report, root: &Path, lang: Lang) -> io::Result<()> {
    let diags = &report.diagnostics;
    let mut items: Vec<&Diagnostic> = diags.items.iter().collect();
    // By heading, not by code: codes sharing a heading stay one group.
    let heading = |d: &Diagnostic| messages::check_group(&d.msg.code()).0;
    items.sort_by_key(|d| (d.severity, heading(d), d.msg.code(), d.path.clone(), d.line));
    let mut group = None;
    for d in items {
        let key = (d.severity, heading(d));
        if group != Some(key) {
            writeln!(
                out,
                "\n{}",
                messages::check_group_title(lang, d.severity == Severity::Error, &d.msg.code())
            )?;
            group = Some(key);
        }
        writeln!(out, "{}\n", d.render(lang, root))?;
    }
    if let Some(summary) = &report.summary {
        // Each diagnostic ends with a blank line already.
        if diags.is_empty() {
            writeln!(out)?;
        }
        print_summary(out, summary, lang)?;
    }
    let done = Msg::CheckDone {
        errors: diags.error_count(),
        warnings: diags.warning_count(),
        counted: report.counted_warnings(),
    };
    writeln!(out, "{}", done.text(lang))
}

/// What the check looked at, each line from the run's own counts.
fn print_summary(out: &mut impl Write, summary: &Summary, lang: Lang) -> io::Result<()> {
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
        writeln!(out, "{}", line.text(lang))?;
    }
    writeln!(out)
}
