//! `gongkai build`: the stages in order — config, content, derive, render,
//! output — and the one place that decides whether the new site replaces
//! the old one (only when no stage reported an error).

use crate::config::Config;
use crate::content::{self, LoadOptions};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::published::Found;
use crate::render::{self, templates::Templates};
use crate::site::Site;
use crate::timing::Stages;
use crate::{copies, derive, output};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

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
    /// The date the run takes as today (`--clock`); the computer's date when None.
    pub clock: Option<chrono::NaiveDate>,
}

impl BuildOptions {
    /// The date the run takes as today: `--clock`, else the computer's.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub sections: usize,
    /// Every file written, HTML and copied alike.
    pub files: usize,
    pub millis: u128,
    pub output: PathBuf,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    /// Only the outputs that show an edited page were written (`files` of them).
    pub incremental: bool,
}

/// Runs every stage before writing. Returns the site with every diagnostic
/// found (errors included: callers decide), or only the diagnostics when the
/// site could not be assembled at all (no config, broken templates).
pub fn load(options: &BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    let root = &options.root;
    let mut stages = Stages::start();
    let config = Config::load_all(root, options.base_url.as_deref()).map_err(Diagnostics::from)?;
    let mut diags = Diagnostics::default();
    let templates = match Templates::load(root, &config.theme) {
        Ok(t) => Some(t),
        Err(errors) => {
            diags.extend(errors);
            None
        }
    };
    stages.done("config and templates");
    let (mut content, load_diags) = content::load(
        root,
        &config,
        LoadOptions {
            drafts: options.drafts,
        },
    );
    diags.extend(load_diags.items);
    stages.done("content");
    derive::sort_sections(&mut content);
    let derived = derive::derive(&content, &config.submissions.delegates);
    stages.done("derive");
    let bodies = render::render_bodies(&content, &config, &mut diags);
    stages.done("markdown");
    let (outputs, collisions) = render::plan(&content, &derived, &config);
    diags.extend(collisions.items);
    let (copies, problems) = copies::plan(root, &config, &content);
    diags.extend(problems);
    diags.extend(copies::collisions(&copies, &outputs, &content, &config));
    diags.extend(crate::published::scan_site_files(
        root, &config, &content, &copies,
    ));
    let Some(templates) = templates else {
        return Err(diags.sorted());
    };
    let chosen = render::choose_templates(&content, &templates, &mut diags);
    stages.done("plan");
    let now_year = chrono::Datelike::year(&options.today());
    let mut prepared = render::Prepared::new(
        &config,
        &content,
        &derived,
        &bodies.pages,
        &outputs,
        now_year,
    );
    if let Err(error) = prepared.render_cached(&templates) {
        diags.push(error);
    }
    let site = Site {
        root: root.clone(),
        config,
        content,
        derived,
        templates,
        bodies,
        outputs,
        chosen,
        prepared,
        copies,
    };
    stages.done("page contexts");
    Ok((site, diags))
}

/// Builds the site; on any error the previous output is left as it was and
/// every diagnostic of the build is returned.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let claim = claim_output(options)?;
    let (site, diags) = load(options)?;
    let rendered = render_pages(&site, diags, options, claim)?;
    // The rest of the site goes before the index, which reuses its memory
    // instead of adding to the peak.
    let (config, content, bodies, copies) = site.into_index_parts();
    let parts = SiteParts {
        config: &config,
        content: &content,
        bodies: &bodies,
        copies: &copies,
    };
    finish(rendered, parts, options, started, false).map(|(report, _)| report)
}

/// Writes the site, and returns the search index's state (when search is
/// on), so that `serve` can update the index after an edit.
pub fn write_keeping_search(
    site: &Site,
    diags: Diagnostics,
    options: &BuildOptions,
    started: Instant,
) -> Result<(BuildReport, Option<crate::search::index::LiveIndex>), Diagnostics> {
    let rendered = render_pages(site, diags, options, None)?;
    let parts = SiteParts {
        config: &site.config,
        content: &site.content,
        bodies: &site.bodies.pages,
        copies: &site.copies,
    };
    finish(rendered, parts, options, started, true)
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
/// which [`load`] refuses, so that no lock file is left there.
fn claim_output(options: &BuildOptions) -> Result<Option<output::Claim>, Diagnostics> {
    if !options.root.join("site.toml").is_file() {
        return Ok(None);
    }
    output::claim(
        &options.root,
        &output_dir(options),
        options.force,
        &options.lock_wait,
    )
    .map(Some)
    .map_err(Diagnostics::from)
}

fn output_dir(options: &BuildOptions) -> PathBuf {
    options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"))
}

/// Renders and writes every page into a staging folder (of `claim`, or of
/// the output claimed now).
fn render_pages(
    site: &Site,
    mut diags: Diagnostics,
    options: &BuildOptions,
    claim: Option<output::Claim>,
) -> Result<Rendered, Diagnostics> {
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    let mut stages = Stages::start();
    let renderer = site.renderer();
    let claim = match claim {
        Some(claim) => claim,
        None => output::claim(
            &options.root,
            &output_dir(options),
            options.force,
            &options.lock_wait,
        )
        .map_err(Diagnostics::from)?,
    };
    let staging = claim.stage().map_err(Diagnostics::from)?;
    let output_dir = output_dir(options);
    let shown = output_dir
        .strip_prefix(&options.root)
        .unwrap_or(&output_dir)
        .to_path_buf();
    type Result = (
        Option<Diagnostic>,
        Vec<crate::published::Hit>,
        Option<Found>,
    );
    let results: Vec<Result> = site
        .outputs
        .par_iter()
        .map(|out| match renderer.render(out) {
            Ok(bytes) => {
                let (hits, links) = output_hits(site, out, &bytes, &shown);
                (staging.write(&out.path, &bytes).err(), hits, links)
            }
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
        pages: site.outputs.len(),
        stages,
    })
}

/// Personal data in one rendered output, as a reader gets it, and its links
/// and ids when it is HTML (one reading of the output for both).
pub(crate) fn output_hits(
    site: &Site,
    out: &render::Output,
    bytes: &[u8],
    shown: &Path,
) -> (Vec<crate::published::Hit>, Option<Found>) {
    crate::published::output_hits(
        &site.root,
        &site.config,
        &site.content,
        &site.bodies.pages,
        out,
        bytes,
        shown,
    )
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
    keep_search: bool,
) -> Result<(BuildReport, Option<crate::search::index::LiveIndex>), Diagnostics> {
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
    let output = staging
        .commit(options.old_site)
        .map_err(Diagnostics::from)?;
    stages.done("swap");
    let report = BuildReport {
        pages: content.pages.len(),
        sections: content.sections.len(),
        files: pages + copied + index_files,
        millis: started.elapsed().as_millis(),
        output,
        diagnostics: diags.sorted(),
        incremental: false,
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
