//! `gongkai build`: the stages in order — config, content, derive, render,
//! output — and the one place that decides whether the new site replaces
//! the old one (only when no stage reported an error).

use crate::config::Config;
use crate::content::{self, LoadOptions};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::Msg;
use crate::render::{self, templates::Templates, Renderer};
use crate::{derive, output};
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

/// Prints how long each stage took when `GONGKAI_TIMINGS` is set (for profiling;
/// the benchmark reads these lines).
pub(crate) struct Stages {
    on: bool,
    last: Instant,
}

impl Stages {
    pub(crate) fn start() -> Self {
        Stages {
            on: std::env::var_os("GONGKAI_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    pub(crate) fn done(&mut self, stage: &str) {
        if self.on {
            eprintln!("timing {stage}: {} ms", self.last.elapsed().as_millis());
        }
        self.last = Instant::now();
    }
}

/// The parts of a stage whose work is interleaved (the search index's
/// batches): time added up per part, printed like [`Stages`].
pub(crate) struct Parts {
    on: bool,
    spent: Vec<(&'static str, std::time::Duration)>,
}

impl Parts {
    pub(crate) fn start() -> Self {
        Parts {
            on: std::env::var_os("GONGKAI_TIMINGS").is_some(),
            spent: Vec::new(),
        }
    }

    pub(crate) fn time<T>(&mut self, part: &'static str, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = work();
        match self.spent.iter_mut().find(|(name, _)| *name == part) {
            Some((_, spent)) => *spent += started.elapsed(),
            None => self.spent.push((part, started.elapsed())),
        }
        out
    }

    pub(crate) fn print(&self, stage: &str) {
        if self.on {
            for (part, spent) in &self.spent {
                eprintln!("timing {stage}, {part}: {} ms", spent.as_millis());
            }
        }
    }
}

/// A site loaded, checked and planned: everything but the writing.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub content: content::Content,
    pub derived: derive::Derived,
    pub templates: Templates,
    pub bodies: (Vec<render::RenderedBody>, Vec<render::RenderedBody>),
    pub outputs: Vec<render::Output>,
    pub chosen: render::TemplateChoice,
    pub prepared: render::Prepared,
}

/// Runs every stage before writing. Returns the site with every diagnostic
/// found (errors included: callers decide), or only the diagnostics when the
/// site could not be assembled at all (no config, broken templates).
pub fn load(options: &BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    let root = &options.root;
    let mut stages = Stages::start();
    let config = Config::load(root, options.base_url.as_deref()).map_err(Diagnostics::from)?;
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
    let derived = derive::derive(&content);
    stages.done("derive");
    let bodies = render::render_bodies(&content, &config, &mut diags);
    stages.done("markdown");
    let (outputs, collisions) = render::plan(&content, &derived, &config);
    diags.extend(collisions.items);
    diags.extend(crate::published::scan_site_files(root, &config, &content));
    let Some(templates) = templates else {
        return Err(diags.sorted());
    };
    let chosen = render::choose_templates(&content, &templates, &mut diags);
    stages.done("plan");
    let mut prepared = render::Prepared::new(&config, &content, &derived, &bodies.0, &outputs);
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
    };
    stages.done("page contexts");
    Ok((site, diags))
}

impl Site {
    /// What the search index and the files to copy need (the config, the
    /// content and the page bodies); the rest (page contexts, templates,
    /// plan) is dropped here.
    fn into_index_parts(self) -> (Config, content::Content, Vec<render::RenderedBody>) {
        (self.config, self.content, self.bodies.0)
    }

    pub fn renderer(&self) -> Renderer<'_> {
        Renderer::new(
            &self.config,
            &self.content,
            &self.derived,
            &self.templates,
            &self.bodies,
            &self.chosen,
            &self.prepared,
        )
    }
}

/// Builds the site; on any error the previous output is left as it was and
/// every diagnostic of the build is returned.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let (site, diags) = load(options)?;
    let rendered = render_pages(&site, diags, options)?;
    // The rest of the site goes before the index, which reuses its memory
    // instead of adding to the peak.
    let (config, content, bodies) = site.into_index_parts();
    finish(
        rendered, &config, &content, &bodies, options, started, false,
    )
    .map(|(report, _)| report)
}

/// Writes the site, and returns the search index's state (when search is
/// on), so that `serve` can update the index after an edit.
pub fn write_keeping_search(
    site: &Site,
    diags: Diagnostics,
    options: &BuildOptions,
    started: Instant,
) -> Result<(BuildReport, Option<crate::search::index::LiveIndex>), Diagnostics> {
    let rendered = render_pages(site, diags, options)?;
    let (config, content, bodies) = (&site.config, &site.content, &site.bodies.0);
    finish(rendered, config, content, bodies, options, started, true)
}

/// The pages written into the staging folder, not yet in place.
struct Rendered {
    staging: output::Staging,
    diags: Diagnostics,
    pages: usize,
    stages: Stages,
}

/// Renders and writes every page into a staging folder.
fn render_pages(
    site: &Site,
    mut diags: Diagnostics,
    options: &BuildOptions,
) -> Result<Rendered, Diagnostics> {
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    let mut stages = Stages::start();
    let renderer = site.renderer();
    let output_dir = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    let staging =
        output::prepare(&options.root, &output_dir, options.force).map_err(Diagnostics::from)?;
    let shown = output_dir
        .strip_prefix(&options.root)
        .unwrap_or(&output_dir)
        .to_path_buf();
    let results: Vec<(Option<Diagnostic>, Vec<crate::published::Hit>)> = site
        .outputs
        .par_iter()
        .map(|out| match renderer.render(out) {
            Ok(bytes) => {
                let hits = output_hits(site, out, &bytes, &shown);
                (staging.write(&out.path, &bytes).err(), hits)
            }
            Err(e) => (Some(e), vec![]),
        })
        .collect();
    let (render_errors, hits): (Vec<_>, Vec<_>) = results.into_iter().unzip();
    diags.extend(dedupe(render_errors.into_iter().flatten().collect()));
    diags.extend(crate::published::into_diagnostics(
        hits.into_iter().flatten().collect(),
    ));
    stages.done("render and write");
    Ok(Rendered {
        staging,
        diags,
        pages: site.outputs.len(),
        stages,
    })
}

/// Personal data in one rendered output, as a reader gets it.
pub(crate) fn output_hits(
    site: &Site,
    out: &render::Output,
    bytes: &[u8],
    shown: &Path,
) -> Vec<crate::published::Hit> {
    crate::published::output_hits(
        &site.root,
        &site.config,
        &site.content,
        &site.bodies.0,
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
    config: &Config,
    content: &content::Content,
    bodies: &[render::RenderedBody],
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
    let copied = match copy_files(&options.root, config, content, &staging) {
        Ok(n) => n,
        Err(problems) => {
            diags.extend(problems);
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
fn dedupe(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    errors
        .into_iter()
        .filter(|d| seen.insert((d.path.clone(), d.line, d.msg.clone())))
        .collect()
}

/// Theme static files (built-in first, then the site's theme folder), the site's
/// `static/`, files under `content/` and page attachments. Returns how many.
fn copy_files(
    root: &Path,
    config: &Config,
    content: &content::Content,
    staging: &output::Staging,
) -> Result<usize, Vec<Diagnostic>> {
    let mut count = 0;
    if let Some(dir) = render::templates::BUILTIN_THEME.get_dir("static") {
        count += write_embedded(dir, staging).map_err(|d| vec![d])?;
    }
    staging
        .write(
            "css/syntax.css",
            crate::markdown::highlight_css().as_bytes(),
        )
        .map_err(|d| vec![d])?;
    count += 1;
    let mut folders = vec![];
    if let Some(theme) = render::templates::theme_dir(root, &config.theme) {
        folders.push(theme.join("static"));
    }
    folders.push(root.join("static"));
    let mut problems = vec![];
    for folder in folders.iter().filter(|f| f.is_dir()) {
        for (source, rel) in static_files(root, folder, &mut problems) {
            staging.copy(&source, &rel).map_err(|d| vec![d])?;
            count += 1;
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for f in &content.loose_files {
        staging.copy(&f.source, &f.rel_out).map_err(|d| vec![d])?;
        count += 1;
    }
    for page in &content.pages {
        for asset in &page.assets {
            staging
                .copy(&asset.source, &format!("{}{}", page.rel_url, asset.name))
                .map_err(|d| vec![d])?;
            count += 1;
        }
    }
    Ok(count)
}

/// The files of a `static/` folder: (source, path in the output). Symbolic
/// links follow the rules of `content/`: one to a file inside the site is
/// copied; one out of the site, broken or in a loop is an error in `problems`.
fn static_files(
    root: &Path,
    folder: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, String)> {
    let mut files = vec![];
    for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let at = err.path().unwrap_or(folder);
                problems.push(
                    Diagnostic::error(Msg::ReadFailed {
                        detail: err.to_string(),
                    })
                    .at(at.strip_prefix(root).unwrap_or(at), None),
                );
                continue;
            }
        };
        let is_file = if entry.path_is_symlink() {
            content::followed_symlink(root, entry.path()).unwrap_or_else(|d| {
                problems.push(d);
                false
            })
        } else {
            entry.file_type().is_file()
        };
        if is_file {
            let rel = content::rel_slash(folder, entry.path());
            files.push((entry.into_path(), rel));
        }
    }
    files
}

fn write_embedded(
    dir: &include_dir::Dir<'_>,
    staging: &output::Staging,
) -> Result<usize, Diagnostic> {
    let mut count = 0;
    for file in dir.files() {
        let rel = file
            .path()
            .strip_prefix("static")
            .unwrap_or(file.path())
            .to_string_lossy()
            .replace('\\', "/");
        staging.write(&rel, file.contents())?;
        count += 1;
    }
    for sub in dir.dirs() {
        count += write_embedded(sub, staging)?;
    }
    Ok(count)
}
