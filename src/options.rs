//! [`BuildOptions`]: what the caller asks of one run (build, check, serve).
//!
//! Its own module so that both `Site::load` (which reads the
//! sources) and `build` (which writes the output) take it without one
//! importing the other. Deciding from the command line or the environment
//! what to put in it is `main.rs`'s job.

use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `site.toml` and `content/`).
    pub root: PathBuf,
    /// Where to write; `public/` inside the root when None.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` of `site.toml` (to preview locally).
    pub base_url: Option<String>,
    /// Publish drafts too.
    pub drafts: bool,
    /// Replace an output folder gongkai did not make.
    pub force: bool,
    /// When the previous output is deleted (in the background for serve).
    pub old_site: crate::output::OldSite,
    /// How long to wait while another build of the same output runs.
    pub lock_wait: crate::output::LockWait,
    /// The date the run takes as today (`--as-of`, formerly `--clock`): days
    /// left and overdue, the footer's build date; the computer's date when None.
    pub clock: Option<chrono::NaiveDate>,
    /// Time each stage, into the `timings` of the build's report (for profiling).
    pub timings: bool,
    /// `--changed-list FILE`: where `build` writes the files changed since
    /// the last build (see [`crate::manifest`]); outside the output folder.
    pub changed_list: Option<PathBuf>,
    /// Render every output again, as if the build cache beside the output
    /// were empty (`--no-cache`); a new cache is still written.
    pub no_cache: bool,
}

impl BuildOptions {
    /// The date the run takes as today: `--as-of`, else the computer's.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// The output folder: `output`, else `public/` in the site folder.
    pub(crate) fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}
