//! A site kept in memory between edits, for `serve`: a change of one page is
//! applied to the loaded site, and only the outputs that show that page are
//! rendered and written again ([`render::deps`]). Any other change (a
//! section, a template, the configuration, a file added or removed) builds
//! the whole site as `gongkai build` does.
//!
//! The search index is updated after an edit, once the pages are written,
//! and outside the lock of the site ([`LiveSite::search_docs`], then
//! [`LiveSite::write_search`]), so neither a reload nor the next edit waits
//! for it. Only the edited page is analyzed again, and only the index files
//! its old and new words are in are written ([`crate::search::index::LiveIndex`]).
//!
//! Whatever fails, the last good site stays loaded and written.

use crate::build::{self, BuildOptions, BuildReport};
use crate::content::{self, LoadOptions, Reloaded};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::{self, deps::Deps, Job, Output, RenderedBody};
use crate::search::index::{IndexStats, LiveIndex};
use crate::search::{SearchJob, SearchUpdate};
use crate::site::Site;
use crate::{derive, output};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

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
    Done(BuildReport),
    Failed(Diagnostics),
    /// The edit changes more than the page: build the whole site.
    NeedsFullBuild,
}

/// An output rendered after an edit: its path, its bytes and the personal
/// data in them.
type RenderedOutput<'a> = (&'a str, Vec<u8>, Vec<crate::published::Hit>);

/// What an edited page replaced, to put back if the edit fails.
struct Replaced {
    page: content::Page,
    derived: Option<derive::Derived>,
    body: Option<RenderedBody>,
    outputs: Option<Vec<Output>>,
    template: Option<String>,
    summary: Option<Value>,
    links: Option<(render::context::TermUrls, crate::content::kinds::Links)>,
    sitemap: Option<Vec<(String, String)>>,
}

impl LiveSite {
    /// Builds the whole site. On success returns the site kept for later
    /// edits; on failure the output folder is as it was.
    pub fn build(options: &BuildOptions) -> Result<(LiveSite, BuildReport), Diagnostics> {
        let started = Instant::now();
        let (site, diags) = build::load(options)?;
        let (report, search) = build::write_keeping_search(&site, diags, options, started)?;
        let renderer = site.renderer();
        let deps = site
            .outputs
            .par_iter()
            .map(|o| (o.path.clone(), renderer.deps(o)))
            .collect();
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
        self.site.content.pages.iter().position(|p| p.file == file)
    }

    /// Applies the edit of page `i` (its file was saved): reads it again and
    /// writes the outputs that show it.
    pub fn update_page(&mut self, i: usize) -> PageUpdate {
        let started = Instant::now();
        let mut stages = crate::timing::Stages::start();
        let dir = self.output_dir();
        let site = &mut self.site;
        let load_options = LoadOptions {
            drafts: self.options.drafts,
        };
        let (page, warnings) =
            match content::reload_page(&site.root, &site.config, load_options, &site.content, i) {
                Reloaded::Page(page, warnings) => (page, warnings),
                Reloaded::Failed(errors) => return PageUpdate::Failed(errors.into()),
                Reloaded::ChangesMore => return PageUpdate::NeedsFullBuild,
            };
        let mut diags = Diagnostics::from(warnings);
        stages.done("edit: read page");
        // What the site makes of a page's front matter (order, taxonomies,
        // units, years, the outputs) is made again only if it changed.
        let same_front = page.front == site.content.pages[i].front;
        let mut replaced = Replaced {
            page: site.content.replace_page(i, *page),
            derived: None,
            body: None,
            outputs: None,
            template: None,
            summary: None,
            links: None,
            sitemap: None,
        };
        let (body, problems) = render::render_page_body(&site.content, &site.config, i);
        diags.extend(problems);
        stages.done("edit: markdown");
        if diags.has_errors() {
            self.restore(i, replaced);
            return PageUpdate::Failed(diags.sorted());
        }
        if !same_front {
            derive::sort_sections(&mut site.content);
            let derived = derive::derive(&site.content, &site.config.submissions.delegates);
            let (outputs, collisions) = render::plan(&site.content, &derived, &site.config);
            diags.extend(collisions.items);
            // A new term or unit page may land where a copied file is.
            diags.extend(crate::copies::collisions(
                &site.copies,
                &outputs,
                &site.content,
                &site.config,
            ));
            let template =
                render::choose_page_template(&site.content.pages[i], &site.templates, &mut diags);
            stages.done("edit: derive and plan");
            if diags.has_errors() {
                self.restore(i, replaced);
                return PageUpdate::Failed(diags.sorted());
            }
            // Other pages link to terms, units and delegates: if one of those
            // moved (a new name took its slug), they all must be rendered again.
            let term_urls = render::context::term_urls(&derived, &site.config);
            let links = render::congress_links(&derived, &site.config, &site.content);
            if moved(&site.prepared.term_urls, &term_urls)
                || moved(&site.prepared.links.units, &links.units)
                || moved(&site.prepared.links.delegates, &links.delegates)
            {
                self.restore(i, replaced);
                return PageUpdate::NeedsFullBuild;
            }
            replaced.derived = Some(std::mem::replace(&mut site.derived, derived));
            replaced.outputs = Some(std::mem::replace(&mut site.outputs, outputs));
            replaced.template = Some(std::mem::replace(&mut site.chosen.pages[i], template));
            replaced.links = Some((
                std::mem::replace(&mut site.prepared.term_urls, term_urls),
                std::mem::replace(&mut site.prepared.links, links),
            ));
        }
        replaced.body = Some(std::mem::replace(&mut site.bodies.pages[i], body));
        replaced.summary = Some(site.prepared.summaries[i].clone());
        if !same_front {
            replaced.sitemap = Some(site.prepared.sitemap.clone());
        }
        site.prepared.update_page(
            i,
            &site.config,
            &site.content,
            &site.bodies.pages[i],
            &site.outputs,
            !same_front,
        );
        stages.done("edit: summary");

        let renderer = site.renderer();
        let deps: HashMap<String, Deps> = site
            .outputs
            .par_iter()
            .map(|o| (o.path.clone(), renderer.deps(o)))
            .collect();
        stages.done("edit: deps");
        // Listings show the page's summary: when only its text changed further
        // down, only its own page is made again.
        let in_listings = replaced.summary.as_ref() != Some(&site.prepared.summaries[i]);
        let stale: Vec<&Output> = site
            .outputs
            .iter()
            .filter(|o| {
                let now = &deps[&o.path];
                let shown =
                    now.shows(i) && (in_listings || matches!(o.job, Job::Page(p) if p == i));
                shown || self.deps.get(&o.path) != Some(now)
            })
            .collect();
        let shown = dir.strip_prefix(&site.root).unwrap_or(&dir).to_path_buf();
        let rendered: Vec<Result<RenderedOutput<'_>, Diagnostic>> = stale
            .par_iter()
            .map(|o| {
                let bytes = renderer.render(o)?;
                // Served pages are published too: scanned as a build scans them.
                let (hits, _) = build::output_hits(site, o, &bytes, &shown);
                Ok((o.path.as_str(), bytes, hits))
            })
            .collect();
        stages.done("edit: render");
        let (ok, errors): (Vec<_>, Vec<_>) = rendered.into_iter().partition(Result::is_ok);
        let ok: Vec<_> = ok.into_iter().flatten().collect();
        diags.extend(errors.into_iter().filter_map(Result::err));
        diags.extend(crate::published::into_diagnostics(
            ok.iter()
                .flat_map(|(_, _, hits)| hits.iter().cloned())
                .collect(),
        ));
        if diags.has_errors() {
            self.restore(i, replaced);
            return PageUpdate::Failed(diags.sorted());
        }
        for (path, bytes, _) in ok {
            if let Err(e) = output::replace_file(&dir, path, &bytes) {
                diags.push(e);
            }
        }
        for gone in self.deps.keys().filter(|p| !deps.contains_key(*p)) {
            output::remove_file(&dir, gone);
        }
        stages.done("edit: write");
        let rewritten = stale.len();
        self.deps = deps;
        self.search_stale = true;
        if diags.has_errors() {
            // A file could not be written: the next build starts afresh.
            return PageUpdate::Failed(diags.sorted());
        }
        PageUpdate::Done(BuildReport {
            pages: self.site.content.pages.len(),
            sections: self.site.content.sections.len(),
            files: rewritten,
            millis: started.elapsed().as_millis(),
            output: dir,
            diagnostics: diags.sorted(),
            incremental: true,
        })
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
    pub fn search_docs(&mut self) -> Option<SearchJob> {
        if !std::mem::take(&mut self.search_stale) || !self.site.config.search.enabled {
            return None;
        }
        let docs = crate::search::search_docs(&self.site.content, &self.site.bodies.pages);
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
    pub fn write_search(&mut self, update: SearchUpdate) -> Result<(), Diagnostic> {
        if self.search.is_some() || !self.site.config.search.enabled {
            return Ok(());
        }
        let dir = self.output_dir();
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
            self.site.outputs.iter().map(|o| o.path.clone()).collect();
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

    fn output_dir(&self) -> PathBuf {
        self.options
            .output
            .clone()
            .unwrap_or_else(|| self.site.root.join("public"))
    }

    /// Puts back what a failed edit of page `i` replaced.
    fn restore(&mut self, i: usize, r: Replaced) {
        let site = &mut self.site;
        site.content.replace_page(i, r.page);
        derive::sort_sections(&mut site.content);
        if let Some(d) = r.derived {
            site.derived = d;
        }
        if let Some(b) = r.body {
            site.bodies.pages[i] = b;
        }
        if let Some(o) = r.outputs {
            site.outputs = o;
        }
        if let Some(t) = r.template {
            site.chosen.pages[i] = t;
        }
        if let Some((term_urls, links)) = r.links {
            site.prepared.term_urls = term_urls;
            site.prepared.links = links;
        }
        if let Some(s) = r.summary {
            site.prepared.summaries[i] = s;
        }
        if let Some(s) = r.sitemap {
            site.prepared.sitemap = s;
        }
    }
}

/// Whether a name that had a URL now has another one.
fn moved<K: Eq + std::hash::Hash>(old: &HashMap<K, String>, new: &HashMap<K, String>) -> bool {
    old.iter()
        .any(|(k, url)| new.get(k).is_some_and(|n| n != url))
}
