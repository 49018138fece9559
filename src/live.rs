//! A site kept in memory between edits, for `serve`: a change of one page is
//! applied to the loaded site (`Site::replace_page`, which runs the same
//! stages as a build for it), and only the outputs that show that page are
//! rendered and written again ([`crate::render::deps`]). Any other change (a
//! section, a template, the configuration, a file added or removed) builds
//! the whole site as `gongkai build` does.
//!
//! The search index is updated after an edit, once the pages are written,
//! and outside the lock of the site (`LiveSite::search_docs`, then
//! `LiveSite::write_search`), so neither a reload nor the next edit waits
//! for it. Only the edited page is analyzed again, and only the index files
//! its old and new words are in are written ([`crate::search::index::LiveIndex`]).
//!
//! Whatever fails, the last good site stays loaded and written
//! (`Site::restore`). Nothing here prints: `serve` reports the outcome.

use crate::build::{self, BuildOptions, BuildReport};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output;
use crate::render::{deps::Deps, Job, Output};
use crate::search::index::{IndexStats, LiveIndex};
use crate::search::{SearchJob, SearchUpdate};
use crate::site::{NotReplaced, Site};
use crate::timing::Stages;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

/// A site built and kept loaded, to apply edits to.
pub struct LiveSite {
    site: Site,
    options: BuildOptions,
    /// What each output (by path) showed when it was last written.
    deps: HashMap<String, Deps>,
    /// A page changed since the search index was written.
    search_stale: bool,
    /// The search index's state; taken while an update runs.
    search: Option<LiveIndex>,
}

/// What an edit of one page came to.
pub enum PageUpdate {
    /// The outputs that show the page were written (`files` of them).
    Done(BuildReport),
    /// The edit has errors: the site and the output are as they were.
    Failed(Diagnostics),
    /// The edit changes more than the page: build the whole site.
    NeedsFullBuild,
}

/// An output rendered after an edit: its path, its bytes and the personal
/// data in them.
type RenderedOutput<'a> = (&'a str, Vec<u8>, Vec<crate::published::Hit>);

impl LiveSite {
    /// Builds the whole site. On success returns the site kept for later
    /// edits; on failure the output folder is as it was.
    pub fn build(options: &BuildOptions) -> Result<(LiveSite, BuildReport), Diagnostics> {
        let started = Instant::now();
        let mut stages = Stages::new(options.timings);
        let (site, diags) = Site::load_timed(options, &mut stages)?;
        let (report, search) = build::write_keeping_search(&site, diags, options, started, stages)?;
        let deps = site.deps();
        Ok((
            LiveSite {
                site,
                options: options.clone(),
                deps,
                search_stale: false,
                search,
            },
            report,
        ))
    }

    /// The page read from `file` (relative to the site root), if it is one.
    pub fn page_of(&self, file: &Path) -> Option<usize> {
        self.site.page_of(file)
    }

    /// Applies the edit of page `i` (its file was saved): reads it again and
    /// writes the outputs that show it. Whatever fails, the site and the
    /// output stay as they were.
    pub fn update_page(&mut self, i: usize) -> PageUpdate {
        let started = Instant::now();
        let mut stages = Stages::new(self.options.timings);
        let (replaced, mut diags) = match self.site.replace_page(i, &mut stages) {
            Ok(done) => done,
            Err(NotReplaced::Failed(diags)) => return PageUpdate::Failed(diags),
            Err(NotReplaced::ChangesMore) => return PageUpdate::NeedsFullBuild,
        };
        let deps = self.site.deps();
        stages.done("edit: deps");
        // Listings show the page's summary: when only its text changed further
        // down, only its own page is made again.
        let in_listings = self.site.summary_changed(&replaced);
        let stale: Vec<&Output> = self
            .site
            .outputs()
            .iter()
            .filter(|o| {
                let now = &deps[&o.path];
                let shown =
                    now.shows(i) && (in_listings || matches!(o.job, Job::Page(p) if p == i));
                shown || self.deps.get(&o.path) != Some(now)
            })
            .collect();
        let rewritten = stale.len();
        let (ok, problems) = self.render(&stale);
        stages.done("edit: render");
        diags.extend(problems);
        if diags.has_errors() {
            self.site.restore(replaced);
            return PageUpdate::Failed(diags.sorted());
        }
        let dir = self.options.output_dir();
        for (path, bytes) in ok {
            if let Err(e) = output::replace_file(&dir, &path, &bytes) {
                diags.push(e);
            }
        }
        for gone in self.deps.keys().filter(|p| !deps.contains_key(*p)) {
            output::remove_file(&dir, gone);
        }
        stages.done("edit: write");
        self.deps = deps;
        self.search_stale = true;
        if diags.has_errors() {
            // A file could not be written: the next build starts afresh.
            return PageUpdate::Failed(diags.sorted());
        }
        PageUpdate::Done(BuildReport {
            pages: self.site.content().pages.len(),
            sections: self.site.content().sections.len(),
            files: rewritten,
            millis: started.elapsed().as_millis(),
            output: dir,
            diagnostics: diags.sorted(),
            incremental: true,
            reused: 0,
            rendered: 0,
            nothing_changed: false,
            timings: stages.into_timings(),
            changes: None,
        })
    }

    /// Renders `stale` and scans it as a build does (served pages are
    /// published too): the path and bytes of each output rendered, and the
    /// errors and personal data found.
    fn render(&self, stale: &[&Output]) -> (Vec<(String, Vec<u8>)>, Vec<Diagnostic>) {
        let renderer = self.site.renderer();
        let shown = build::shown_output(&self.options);
        let rendered: Vec<Result<RenderedOutput<'_>, Diagnostic>> = stale
            .par_iter()
            .map(|o| {
                let r = build::render_output(&self.site, &renderer, o, &shown)?;
                Ok((o.path.as_str(), r.bytes, r.hits))
            })
            .collect();
        let (ok, errors): (Vec<_>, Vec<_>) = rendered.into_iter().partition(Result::is_ok);
        let ok: Vec<_> = ok.into_iter().flatten().collect();
        let mut problems: Vec<Diagnostic> = errors.into_iter().filter_map(Result::err).collect();
        problems.extend(crate::published::into_diagnostics(
            ok.iter()
                .flat_map(|(_, _, hits)| hits.iter().cloned())
                .collect(),
        ));
        let ok = ok
            .into_iter()
            .map(|(path, bytes, _)| (path.to_string(), bytes))
            .collect();
        (ok, problems)
    }

    /// Updates the search index if a page changed since it was written, and
    /// removes the index files the new one no longer has. Returns what the
    /// update did (None: nothing to do).
    pub fn refresh_search(&mut self) -> Result<Option<IndexStats>, Diagnostic> {
        match self.search_docs() {
            Some(job) => {
                let update = job.run();
                let stats = update.files.stats.clone();
                self.write_search(update).map(|()| Some(stats))
            }
            None => Ok(None),
        }
    }

    /// What the search index needs, if a page changed since it was written.
    /// Updating the index takes a while: done without the site, then given
    /// to [`LiveSite::write_search`].
    pub(crate) fn search_docs(&mut self) -> Option<SearchJob> {
        if !std::mem::take(&mut self.search_stale) || !self.site.config().search.enabled {
            return None;
        }
        let docs = crate::search::search_docs(self.site.content(), &self.site.bodies().pages);
        Some(SearchJob {
            docs,
            index: self.search.take(),
        })
    }

    /// Writes the files of an update made from [`LiveSite::search_docs`] and
    /// keeps its state. The files are written even if pages changed since:
    /// they agree with the state, and the newer change brings its own update.
    /// A site built again meanwhile has an index of its own: then the update
    /// is dropped.
    pub(crate) fn write_search(&mut self, update: SearchUpdate) -> Result<(), Diagnostic> {
        if self.search.is_some() || !self.site.config().search.enabled {
            return Ok(());
        }
        let dir = self.options.output_dir();
        let built = update.files;
        self.search = Some(update.index);
        for (rel, bytes) in &built.files {
            let rel = format!("{}{rel}", crate::render::SEARCH_DIR);
            if let Err(e) = output::replace_file(&dir, &rel, bytes) {
                // The state no longer matches the files: the next update builds all.
                self.search = None;
                return Err(e);
            }
        }
        let mut kept: std::collections::HashSet<String> =
            self.site.outputs().iter().map(|o| o.path.clone()).collect();
        kept.extend(
            built
                .names
                .iter()
                .map(|rel| format!("{}{rel}", crate::render::SEARCH_DIR)),
        );
        let folder = dir.join(crate::render::SEARCH_DIR);
        for entry in walkdir::WalkDir::new(&folder).into_iter().flatten() {
            let rel = entry
                .path()
                .strip_prefix(&dir)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if entry.file_type().is_file() && !kept.contains(&rel) {
                output::remove_file(&dir, &rel);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::tests::{edit, fixture_copy};

    const PAGE: &str = "content/news/2025-renda-huiyi.md";

    /// Every output as the loaded site renders it now, with the file served.
    fn memory_and_disk(live: &LiveSite, out: &Path) -> Vec<(String, Vec<u8>, Vec<u8>)> {
        let renderer = live.site.renderer();
        live.site
            .outputs()
            .iter()
            .map(|o| {
                let now = renderer.render(o).expect("renders");
                let served = std::fs::read(out.join(&o.path)).expect("served file");
                (o.path.clone(), now, served)
            })
            .collect()
    }

    #[test]
    fn a_failed_edit_keeps_serving_the_last_good_page() {
        let temp = fixture_copy("basic");
        let served = tempfile::tempdir().expect("temp dir");
        let out = served.path().join("public");
        let root = temp.path();
        let options = BuildOptions {
            root: root.to_path_buf(),
            output: Some(out.clone()),
            clock: chrono::NaiveDate::from_ymd_opt(2026, 12, 6),
            ..Default::default()
        };
        let (mut live, _) = LiveSite::build(&options).unwrap_or_else(|d| panic!("{d:?}"));
        let page = out.join("news/2025-renda-huiyi/index.html");
        let good = std::fs::read(&page).expect("the page");
        // A new title (the front matter's stages run again) and a number
        // split by markup, which only the scan of the rendered page finds:
        // the edit fails after the page, its body and its front were replaced.
        edit(root, PAGE, "第五次会议召开\"", "第六次会议召开\"");
        edit(root, PAGE, "正文段落：", "电话138**0013**8000，正文段落：");
        let i = live.page_of(Path::new(PAGE)).expect("a page");
        match live.update_page(i) {
            PageUpdate::Failed(diags) => {
                let text: Vec<String> = diags
                    .items
                    .iter()
                    .map(|d| d.render(crate::messages::Lang::En, root))
                    .collect();
                assert!(text.join("\n").contains("138****8000"), "{text:?}");
            }
            _ => panic!("a number split by markup was served"),
        }
        assert_eq!(std::fs::read(&page).expect("the page"), good);
        // The loaded site is the last good one, not the failed edit: every
        // output it renders is the file served.
        for (path, now, served) in memory_and_disk(&live, &out) {
            assert!(
                now == served,
                "{path}: the loaded site is not the one served"
            );
        }
    }
}
