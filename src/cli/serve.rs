//! `gongkai serve`: runs the preview and prints what it reports
//! ([`ServeEvent`]) as the build command prints its outcome: messages on
//! stdout, diagnostics and failures on stderr.

use gongkai::messages::{Lang, Msg};
use gongkai::serve::{ServeEvent, ServeOptions};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

pub fn run(mut options: ServeOptions, lang: Lang) -> ExitCode {
    options.timings = super::timings_asked();
    let root = options.root.clone();
    let shown = root.clone();
    let events = Arc::new(move |event: ServeEvent<'_>| print(&event, lang, &shown));
    match gongkai::serve::serve(&options, lang, events) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            eprintln!("{}", d.render(lang, &root));
            ExitCode::FAILURE
        }
    }
}

/// One event as the person at the terminal reads it.
fn print(event: &ServeEvent<'_>, lang: Lang, root: &Path) {
    match event {
        ServeEvent::Listening { url } => {
            let url = url.to_string();
            println!("{}", Msg::ServePreviewing { url }.text(lang));
        }
        ServeEvent::Changed { path, more } => {
            let (path, more) = (path.clone(), *more);
            println!("{}", Msg::ServeChanged { path, more }.text(lang));
        }
        ServeEvent::Built(report) => {
            super::print_timings(&report.timings);
            super::print_diagnostics(&report.diagnostics, lang, root);
            println!("{}", done(report).text(lang));
        }
        ServeEvent::Failed(diags) => {
            super::print_diagnostics(diags, lang, root);
            let (errors, warnings) = (diags.error_count(), diags.warning_count());
            eprintln!("{}", Msg::ServeBuildFailed { errors, warnings }.text(lang));
        }
        // Not about a file of the site: said on one line.
        ServeEvent::Warning(d) => eprintln!("{}", d.render(lang, Path::new(""))),
        ServeEvent::SearchFailed(d) => eprintln!("{}\n", d.render(lang, root)),
        ServeEvent::Timings(timings) => super::print_timings(timings),
        ServeEvent::Stopped => println!("{}", Msg::ServeStopped.text(lang)),
    }
}

/// What a successful build or edit says.
fn done(report: &gongkai::BuildReport) -> Msg {
    if report.incremental {
        Msg::ServeUpdated {
            files: report.files,
            millis: report.millis,
        }
    } else {
        Msg::ServeBuilt {
            pages: report.pages,
            sections: report.sections,
            files: report.files,
            millis: report.millis,
        }
    }
}
