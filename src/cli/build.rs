//! `gongkai build`.

use gongkai::messages::{self, Lang, Msg};
use std::process::ExitCode;
use std::sync::Arc;

pub fn run(mut options: gongkai::BuildOptions, lang: Lang) -> ExitCode {
    // Said once if another build of the same site runs.
    options.lock_wait.notice = Some(Arc::new(move || {
        eprintln!("{}", Msg::OutputWaiting.text(lang));
    }));
    options.timings = super::timings_asked();
    let root = options.root.clone();
    match gongkai::build(&options) {
        Ok(report) => {
            super::print_timings(&report.timings);
            super::print_diagnostics(&report.diagnostics, lang, &root);
            // The folder as the user would write it (`public`, not an absolute path).
            let given = options
                .output
                .clone()
                .unwrap_or_else(|| root.join("public"));
            let shown = given
                .strip_prefix(".")
                .unwrap_or(&given)
                .to_string_lossy()
                .into_owned();
            println!(
                "{}",
                messages::build_summary(
                    lang,
                    report.pages,
                    report.sections,
                    report.files,
                    report.millis,
                    &shown
                )
            );
            if report.nothing_changed {
                println!("{}", Msg::BuildNothingChanged.text(lang));
            } else if report.reused > 0 {
                let reused = Msg::BuildReused {
                    rendered: report.rendered,
                    reused: report.reused,
                };
                println!("{}", reused.text(lang));
            }
            if let Some(changes) = &report.changes {
                println!("{}", changes.message().text(lang));
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            super::print_diagnostics(&diags, lang, &root);
            eprintln!(
                "{}",
                messages::build_failed(lang, diags.error_count(), diags.warning_count())
            );
            ExitCode::FAILURE
        }
    }
}
