//! `gongkai check`: the report, grouped by kind of problem for people, or
//! JSON for programs. Exit 1 when there is an error, 0 with warnings only.

use gongkai::diagnostics::{display_path, Diagnostic, Severity};
use gongkai::messages::{self, Lang};
use std::path::Path;
use std::process::ExitCode;

pub fn run(root: &Path, drafts: bool, format: &str, lang: Lang) -> ExitCode {
    let options = gongkai::BuildOptions {
        root: root.to_path_buf(),
        drafts,
        ..Default::default()
    };
    let today = chrono::Local::now().date_naive();
    let diags = gongkai::check::check(&options, today);
    if format == "json" {
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
        let report = serde_json::json!({
            "errors": diags.error_count(),
            "warnings": diags.warning_count(),
            "diagnostics": items,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
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
        println!(
            "{}",
            messages::check_summary(lang, diags.error_count(), diags.warning_count())
        );
    }
    if diags.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
