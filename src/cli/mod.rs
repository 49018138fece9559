//! One file per subcommand: each turns parsed arguments into a library call,
//! prints what the person at the terminal needs, and returns the exit code.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod usage;

use gongkai::diagnostics::Diagnostics;
use gongkai::messages::Lang;
use std::path::Path;

/// Prints every diagnostic to standard error, each followed by a blank line.
pub fn print_diagnostics(diags: &Diagnostics, lang: Lang, root: &Path) {
    for d in &diags.items {
        eprintln!("{}\n", d.render(lang, root));
    }
}
