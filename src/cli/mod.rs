//! One file per subcommand: each turns parsed arguments into a library call,
//! prints what the person at the terminal needs, and returns the exit code.

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;
pub mod usage;

use gongkai::diagnostics::Diagnostics;
use gongkai::messages::Lang;
use gongkai::Timing;
use std::path::Path;

/// Prints every diagnostic to standard error, each followed by a blank line.
pub fn print_diagnostics(diags: &Diagnostics, lang: Lang, root: &Path) {
    for d in &diags.items {
        eprintln!("{}\n", d.render(lang, root));
    }
}

/// Whether `GONGKAI_TIMINGS` asks for the time of each stage (for profiling;
/// the benchmark reads these lines).
pub fn timings_asked() -> bool {
    std::env::var_os("GONGKAI_TIMINGS").is_some()
}

/// Prints each stage's time to standard error, as the benchmark reads them.
pub fn print_timings(timings: &[Timing]) {
    for t in timings {
        eprintln!("{t}");
    }
}
