//! A mistyped command line (`gongkai biuld`, `gongkai build --bogus`) told in
//! the user's language. clap's own messages are English; its error kinds and
//! context (the wrong word, its suggestion) are turned into a [`Msg`].

use clap::error::{ContextKind, ContextValue, ErrorKind};
use gongkai::diagnostics::Diagnostic;
use gongkai::messages::{Lang, Msg};
use std::process::ExitCode;

/// Prints `error` (help and version as clap prints them) and returns the exit
/// code: 0 for help and version, 2 for a mistake.
pub fn report(error: &clap::Error, lang: Lang, subcommands: &[String]) -> ExitCode {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
    }
    // The subcommand typed, for the `gongkai build --help` hint.
    let command = std::env::args()
        .skip(1)
        .find(|a| subcommands.contains(a))
        .map_or_else(|| "gongkai".to_string(), |s| format!("gongkai {s}"));
    let msg = message(error, command);
    eprintln!(
        "{}",
        Diagnostic::error(msg).render(lang, std::path::Path::new("."))
    );
    ExitCode::from(2)
}

fn message(error: &clap::Error, command: String) -> Msg {
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(" ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    };
    let first = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        _ => None,
    };
    match error.kind() {
        ErrorKind::InvalidSubcommand => Msg::CliUnknownCommand {
            word: text(ContextKind::InvalidSubcommand).unwrap_or_default(),
            suggestion: first(ContextKind::SuggestedSubcommand),
        },
        ErrorKind::UnknownArgument => Msg::CliUnknownOption {
            word: text(ContextKind::InvalidArg).unwrap_or_default(),
            suggestion: first(ContextKind::SuggestedArg)
                .or_else(|| first(ContextKind::SuggestedSubcommand)),
            command,
        },
        ErrorKind::InvalidValue | ErrorKind::ValueValidation | ErrorKind::NoEquals => {
            let option = text(ContextKind::InvalidArg).unwrap_or_default();
            match text(ContextKind::InvalidValue).filter(|v| !v.is_empty()) {
                Some(value) => Msg::CliBadValue {
                    option,
                    value,
                    command,
                },
                // `--output` with nothing after it.
                None => Msg::CliMissing {
                    what: option,
                    command,
                },
            }
        }
        ErrorKind::MissingRequiredArgument => Msg::CliMissing {
            what: text(ContextKind::InvalidArg).unwrap_or_default(),
            command,
        },
        ErrorKind::ArgumentConflict => Msg::CliConflict {
            first: text(ContextKind::InvalidArg).unwrap_or_default(),
            second: text(ContextKind::PriorArg).unwrap_or_default(),
            command,
        },
        _ => Msg::CliOther {
            detail: error
                .render()
                .to_string()
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string(),
            command,
        },
    }
}
