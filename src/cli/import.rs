//! `gongkai import FILE.docx… [--kind KIND] [--section NAME]`: prints each
//! page it wrote, then what it refused and the personal data it found.

use gongkai::import::{import, ImportOptions};
use gongkai::messages::{Lang, Msg};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(
    root: PathBuf,
    inputs: Vec<PathBuf>,
    kind: Option<String>,
    section: Option<String>,
    lang: Lang,
) -> ExitCode {
    let options = ImportOptions {
        root: root.clone(),
        inputs,
        kind,
        section,
        today: chrono::Local::now().date_naive(),
    };
    let report = match import(&options) {
        Ok(report) => report,
        Err(found) => {
            super::print_diagnostics(&found.sorted(), lang, &root);
            return ExitCode::FAILURE;
        }
    };
    for done in &report.imported {
        let msg = Msg::ImportDone {
            source: done.source.to_string_lossy().replace('\\', "/"),
            path: done.path.to_string_lossy().replace('\\', "/"),
            date: done.date.format("%Y-%m-%d").to_string(),
            date_from: done.date_from,
        };
        println!("{}\n", msg.text(lang));
    }
    super::print_diagnostics(&report.problems, lang, &root);
    if report.problems.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
