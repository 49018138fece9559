//! `gongkai build`: loads the site ([`Site::load`], the stages in order —
//! config, content, derive, markdown, plan, page contexts), renders and
//! writes every output into a staging folder, adds the search index and the
//! copied files, and is the one place that decides whether the new site
//! replaces the old one (only when no stage reported an error).
//!
//! It prints nothing: the report (or the diagnostics) goes back to the
//! caller, with the stage timings when asked ([`BuildOptions::timings`]).

use crate::config::Config;
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::published::Found;
use crate::render;
use crate::site::Site;
use crate::timing::{Stages, Timing};
use crate::{copies, output};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub use crate::options::BuildOptions;

/// What a successful build (or an edit applied by `serve`) did.
#[derive(Debug)]
pub struct BuildReport {
    /// Pages published.
    pub pages: usize,
    /// Sections published.
    pub sections: usize,
    /// Every file written, HTML and copied alike.
    pub files: usize,
    /// How long it took, from start to the new site in place.
    pub millis: u128,
    /// The output folder.
    pub output: PathBuf,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    /// Only the outputs that show an edited page were written (`files` of them).
    pub incremental: bool,
    /// How long each stage took, when [`BuildOptions::timings`] asked.
    pub timings: Vec<Timing>,
    /// The files changed since the previous build, by the manifests of the
    /// two outputs (`build` only: `serve` writes no manifest).
    pub changes: Option<crate::manifest::Changes>,
}

/// Builds the site; on any error the previous output is left as it was and
/// every diagnostic of the build is returned.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    changed_list_outside_output(options)?;
    let claim = claim_output(options)?;
    let mut stages = Stages::new(options.timings);
    let (site, diags) = Site::load_timed(options, &mut stages)?;
    let rendered = render_pages(&site, diags, options, claim, stages)?;
    // The rest of the site goes before the index, which reuses its memory
    // instead of adding to the peak.
    let (config, content, bodies, copies) = site.into_index_parts();
    let parts = SiteParts {
        config: &config,
        content: &content,
        bodies: &bodies,
        copies: &copies,
    };
    finish(rendered, parts, options, started, Keep::Manifest).map(|(report, _)| report)
}

/// Writes a loaded site (whose loading `stages` timed), and returns the
/// search index's state (when search is on), so that `serve` can update the
/// index after an edit.
pub(crate) fn write_keeping_search(
    site: &Site,
    diags: Diagnostics,
    options: &BuildOptions,
    started: Instant,
    stages: Stages,
) -> Result<(BuildReport, Option<crate::search::index::LiveIndex>), Diagnostics> {
    let rendered = render_pages(site, diags, options, None, stages)?;
    let parts = SiteParts {
        config: site.config(),
        content: site.content(),
        bodies: &site.bodies().pages,
        copies: site.copies(),
    };
    finish(rendered, parts, options, started, Keep::Search)
}

/// What a build keeps besides its output: `build` a manifest of it,
/// `serve` the search index's state (its later edits replace files in
/// place, which a manifest would not follow, and nothing is uploaded).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    Manifest,
    Search,
}

/// `--changed-list` inside the output folder would be uploaded with the site.
fn changed_list_outside_output(options: &BuildOptions) -> Result<(), Diagnostics> {
    let Some(list) = &options.changed_list else {
        return Ok(());
    };
    let output = options.output_dir();
    if output::absolute(list).starts_with(output::absolute(&output)) {
        return Err(Diagnostics::from(Diagnostic::error(
            crate::messages::Msg::ChangedListInsideOutput {
                path: list.to_string_lossy().into_owned(),
                output: shown_output(options).to_string_lossy().into_owned(),
            },
        )));
    }
    Ok(())
}

/// Writes the manifest of the staged output as its last file, and the
/// changed list when asked; returns the changes since the previous output.
fn write_manifest(
    staging: &output::Staging,
    options: &BuildOptions,
) -> Result<crate::manifest::Changes, Diagnostic> {
    use crate::manifest;
    let new = manifest::scan(&staging.dir)?;
    let changes = new.changes_since(manifest::read(staging.target()).as_ref());
    staging.write(manifest::FILE_NAME, new.to_json().as_bytes())?;
    if let Some(list) = &options.changed_list {
        std::fs::write(list, changes.list()).map_err(|e| {
            Diagnostic::error(crate::messages::Msg::ChangedListWriteFailed {
                path: list.to_string_lossy().into_owned(),
                detail: e.to_string(),
            })
        })?;
    }
    Ok(changes)
}

/// What the search index and the copied files need of a site.
struct SiteParts<'a> {
    config: &'a Config,
    content: &'a content::Content,
    bodies: &'a [render::RenderedBody],
    copies: &'a copies::Copies,
}

/// The pages written into the staging folder, not yet in place.
struct Rendered {
    staging: output::Staging,
    diags: Diagnostics,
    pages: usize,
    stages: Stages,
}

/// Takes the output before the sources are read, so that a build that
/// waited for another reads the files as they are once it finished: the site
/// published last has the latest edits. Not in a folder without `site.toml`,
/// which [`Site::load`] refuses, so that no lock file is left there.
fn claim_output(options: &BuildOptions) -> Result<Option<output::Claim>, Diagnostics> {
    if !options.root.join("site.toml").is_file() {
        return Ok(None);
    }
    output::claim(
        &options.root,
        &options.output_dir(),
        options.force,
        &options.lock_wait,
    )
    .map(Some)
    .map_err(Diagnostics::from)
}

/// The output folder as diagnostics show it: relative to the site when inside it.
pub(crate) fn shown_output(options: &BuildOptions) -> PathBuf {
    let dir = options.output_dir();
    dir.strip_prefix(&options.root)
        .unwrap_or(&dir)
        .to_path_buf()
}

/// One output rendered and read back.
pub(crate) struct RenderedOutput {
    pub(crate) bytes: Vec<u8>,
    /// Personal data in it, as a reader gets it.
    pub(crate) hits: Vec<crate::published::Hit>,
    /// Its links and ids, when it is HTML.
    pub(crate) links: Option<Found>,
}

/// Renders one output and reads it back. The one rendering of an output
/// that `build`, `serve` and `check` share, so that what is served or
/// checked is scanned as what is published.
pub(crate) fn render_output(
    site: &Site,
    renderer: &render::Renderer<'_>,
    out: &render::Output,
    shown: &Path,
) -> Result<RenderedOutput, Diagnostic> {
    let bytes = renderer.render(out)?;
    let (hits, links) = site.output_hits(out, &bytes, shown);
    Ok(RenderedOutput { bytes, hits, links })
}

/// Renders and writes every page into a staging folder (of `claim`, or of
/// the output claimed now).
fn render_pages(
    site: &Site,
    mut diags: Diagnostics,
    options: &BuildOptions,
    claim: Option<output::Claim>,
    mut stages: Stages,
) -> Result<Rendered, Diagnostics> {
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    let renderer = site.renderer();
    let claim = match claim {
        Some(claim) => claim,
        None => output::claim(
            &options.root,
            &options.output_dir(),
            options.force,
            &options.lock_wait,
        )
        .map_err(Diagnostics::from)?,
    };
    let staging = claim.stage().map_err(Diagnostics::from)?;
    let shown = shown_output(options);
    type Result = (
        Option<Diagnostic>,
        Vec<crate::published::Hit>,
        Option<Found>,
    );
    let results: Vec<Result> = site
        .outputs()
        .par_iter()
        .map(|out| match render_output(site, &renderer, out, &shown) {
            Ok(r) => (staging.write(&out.path, &r.bytes).err(), r.hits, r.links),
            Err(e) => (Some(e), vec![], None),
        })
        .collect();
    let mut render_errors = vec![];
    let mut hits = vec![];
    let mut found = vec![];
    for (i, (error, h, links)) in results.into_iter().enumerate() {
        render_errors.extend(error);
        hits.extend(h);
        found.extend(links.map(|l| (i, l)));
    }
    diags.extend(dedupe(render_errors));
    diags.extend(crate::published::into_diagnostics(hits));
    stages.done("render and write");
    diags.extend(crate::linkcheck::check(site, &found, &shown).0);
    stages.done("link check");
    Ok(Rendered {
        staging,
        diags,
        pages: site.outputs().len(),
        stages,
    })
}

/// Adds the search index and the copied files to the rendered pages, then
/// swaps the staging folder in (or abandons it on any error); keeps the
/// search index's state if `keep_search`.
fn finish(
    rendered: Rendered,
    SiteParts {
        config,
        content,
        bodies,
        copies,
    }: SiteParts<'_>,
    options: &BuildOptions,
    started: Instant,
    keep: Keep,
) -> Result<(BuildReport, Option<crate::search::index::LiveIndex>), Diagnostics> {
    let keep_search = keep == Keep::Search;
    let Rendered {
        staging,
        mut diags,
        pages,
        mut stages,
    } = rendered;
    let mut index_files = 0;
    let mut search_index = None;
    if config.search.enabled {
        match crate::search::write_index(content, bodies, &staging, keep_search) {
            Ok((stats, live)) => {
                index_files = stats.files;
                search_index = live;
                stages.extend(stats.timings);
            }
            Err(d) => diags.push(d),
        }
        stages.done("search index");
    }
    let copied = match copies.write(&staging) {
        Ok(n) => n,
        Err(problem) => {
            diags.push(problem);
            0
        }
    };
    stages.done("copy files");
    if diags.has_errors() {
        staging.abandon();
        return Err(diags.sorted());
    }
    let changes = match keep {
        Keep::Search => None,
        Keep::Manifest => match write_manifest(&staging, options) {
            Ok(changes) => Some(changes),
            Err(problem) => {
                staging.abandon();
                diags.push(problem);
                return Err(diags.sorted());
            }
        },
    };
    if changes.is_some() {
        stages.done("manifest");
    }
    let output = staging
        .commit(options.old_site)
        .map_err(Diagnostics::from)?;
    stages.done("swap");
    let report = BuildReport {
        pages: content.pages.len(),
        sections: content.sections.len(),
        files: pages + copied + index_files + usize::from(changes.is_some()),
        millis: started.elapsed().as_millis(),
        output,
        diagnostics: diags.sorted(),
        incremental: false,
        timings: stages.into_timings(),
        changes,
    };
    Ok((report, search_index))
}

/// One template mistake fails every page that uses the template: say it once.
pub(crate) fn dedupe(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    errors
        .into_iter()
        .filter(|d| seen.insert((d.path.clone(), d.line, d.msg.clone())))
        .collect()
}
