//! `gongkai build`: loads the site ([`Site::load`], the stages in order —
//! config, content, derive, markdown, plan, page contexts), renders and
//! writes every output into a staging folder, adds the search index and the
//! copied files, and is the one place that decides whether the new site
//! replaces the old one (only when no stage reported an error).
//!
//! It prints nothing: the report (or the diagnostics) goes back to the
//! caller, with the stage timings when asked ([`BuildOptions::timings`]).

use crate::build_cache::{self, Cache};
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
    /// Outputs linked from the previous build without rendering them,
    /// their fingerprints unchanged (the build cache).
    pub reused: usize,
    /// Outputs rendered.
    pub rendered: usize,
    /// Nothing changed since the previous build: its output was left as it
    /// was, and these are its counts and warnings.
    pub nothing_changed: bool,
}

/// Builds the site; on any error the previous output is left as it was and
/// every diagnostic of the build is returned.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    changed_list_outside_output(options)?;
    let claim = claim_output(options)?;
    let mut stages = Stages::new(options.timings);
    let mut cache = claim.as_ref().map(|claim| {
        let key = build_cache::build_key(options, &shown_output(options));
        Cache::open(claim.target(), &options.root, key, options.no_cache)
    });
    stages.done("build cache");
    if let Some(unchanged) = cache.as_ref().and_then(Cache::unchanged) {
        return nothing_to_do(unchanged, options, claim, started, stages);
    }
    // A failed build leaves the previous output, and the cache that
    // describes it, as they were.
    let (site, diags) = Site::load_timed(options, &mut stages)?;
    if let Some(cache) = cache.as_mut() {
        cache.with_sources(
            build_cache::templates_fingerprint(site.templates()),
            build_cache::settings_fingerprint(&options.root),
        );
    }
    let renders = cache.as_ref().map(Cache::renders);
    let rendered = render_pages(&site, diags, options, claim, stages, renders.as_ref())?;
    let index = site
        .config()
        .search
        .enabled
        .then(|| build_cache::index_fingerprint(site.content(), &site.bodies().pages));
    // The rest of the site goes before the index, which reuses its memory
    // instead of adding to the peak.
    let (config, content, bodies, copies) = site.into_index_parts();
    let parts = SiteParts {
        config: &config,
        content: &content,
        bodies: &bodies,
        copies: &copies,
    };
    let keep = Keep::Manifest(cache, index);
    finish(rendered, parts, options, started, keep).map(|(report, _)| report)
}

/// The report of a build that found nothing changed since the previous one
/// (see [`build_cache`]): the output is left as it is.
fn nothing_to_do(
    unchanged: build_cache::Unchanged,
    options: &BuildOptions,
    claim: Option<output::Claim>,
    started: Instant,
    mut stages: Stages,
) -> Result<BuildReport, Diagnostics> {
    let changes = crate::manifest::Changes::default();
    write_changed_list(&changes, options).map_err(Diagnostics::from)?;
    let output = match &claim {
        Some(claim) => claim.target().to_path_buf(),
        None => options.output_dir(),
    };
    drop(claim);
    stages.done("nothing changed");
    Ok(BuildReport {
        pages: unchanged.pages,
        sections: unchanged.sections,
        files: unchanged.files,
        millis: started.elapsed().as_millis(),
        output,
        diagnostics: unchanged.warnings,
        incremental: false,
        timings: stages.into_timings(),
        changes: Some(changes),
        reused: 0,
        rendered: 0,
        nothing_changed: true,
    })
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
    let rendered = render_pages(site, diags, options, None, stages, None)?;
    let parts = SiteParts {
        config: site.config(),
        content: site.content(),
        bodies: &site.bodies().pages,
        copies: site.copies(),
    };
    finish(rendered, parts, options, started, Keep::Search)
}

/// What a build keeps besides its output: `build` a manifest of it and
/// its cache (with the fingerprint of the search index's documents),
/// `serve` the search index's state (its later edits replace files in
/// place, which a manifest would not follow, and nothing is uploaded).
enum Keep {
    Manifest(Option<Cache>, Option<build_cache::Fingerprint>),
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
/// changed list when asked; returns the changes since the previous output
/// and the stamps of the staged files (for the build cache). The hashes of
/// files linked unchanged from the previous output are that output's.
fn write_manifest(
    staging: &output::Staging,
    options: &BuildOptions,
    cache: Option<&Cache>,
) -> Result<(crate::manifest::Changes, crate::manifest::Scanned), Diagnostic> {
    use crate::manifest;
    let previous = manifest::read(staging.target());
    let known = previous
        .as_ref()
        .zip(cache.and_then(Cache::previous_stamps));
    let scanned = manifest::scan(&staging.dir, known)?;
    let changes = scanned.manifest.changes_since(previous.as_ref());
    staging.write(manifest::FILE_NAME, scanned.manifest.to_json().as_bytes())?;
    write_changed_list(&changes, options)?;
    Ok((changes, scanned))
}

/// `--changed-list FILE`, when asked.
fn write_changed_list(
    changes: &crate::manifest::Changes,
    options: &BuildOptions,
) -> Result<(), Diagnostic> {
    let Some(list) = &options.changed_list else {
        return Ok(());
    };
    std::fs::write(list, changes.list()).map_err(|e| {
        Diagnostic::error(crate::messages::Msg::ChangedListWriteFailed {
            path: list.to_string_lossy().into_owned(),
            detail: e.to_string(),
        })
    })
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
    /// For the build cache: each output's path, fingerprint and links.
    records: Vec<(String, build_cache::Fingerprint, Option<Found>)>,
    /// Outputs linked from the previous build.
    reused: usize,
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
    Ok(scanned(site, out, bytes, shown))
}

/// An output's bytes read back: its personal data and links.
fn scanned(site: &Site, out: &render::Output, bytes: Vec<u8>, shown: &Path) -> RenderedOutput {
    let (hits, links) = site.output_hits(out, &bytes, shown);
    RenderedOutput { bytes, hits, links }
}

/// Renders and writes every page into a staging folder (of `claim`, or of
/// the output claimed now). An output whose fingerprint is the one the
/// build cache recorded (`renders`) is linked from the previous output
/// instead, with the links and ids recorded for it.
fn render_pages(
    site: &Site,
    mut diags: Diagnostics,
    options: &BuildOptions,
    claim: Option<output::Claim>,
    mut stages: Stages,
    renders: Option<&build_cache::Renders<'_>>,
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
    let results: Vec<Made> = site
        .outputs()
        .par_iter()
        .map(|out| make_output(site, &renderer, out, &shown, &staging, renders))
        .collect();
    let mut render_errors = vec![];
    let mut hits = vec![];
    let mut found = vec![];
    let mut fingerprints = vec![];
    let mut reused = 0;
    for (i, made) in results.into_iter().enumerate() {
        render_errors.extend(made.error);
        // An output where personal data was found is rendered and scanned
        // again next time, so that its findings name today's lines.
        let fingerprint = made.fingerprint.filter(|_| made.hits.is_empty());
        fingerprints.push(fingerprint);
        hits.extend(made.hits);
        found.extend(made.links.map(|l| (i, l)));
        reused += usize::from(made.reused);
    }
    diags.extend(dedupe(render_errors));
    diags.extend(crate::published::into_diagnostics(hits));
    stages.done("render and write");
    diags.extend(crate::linkcheck::check(site, &found, &shown).0);
    stages.done("link check");
    let mut found: std::collections::HashMap<usize, Found> = found.into_iter().collect();
    let records = fingerprints
        .into_iter()
        .enumerate()
        .filter_map(|(i, fp)| Some((site.outputs()[i].path.clone(), fp?, found.remove(&i))))
        .collect();
    Ok(Rendered {
        staging,
        diags,
        pages: site.outputs().len(),
        stages,
        records,
        reused,
    })
}

/// One output made: linked from the previous build, or rendered, scanned
/// and written.
struct Made {
    error: Option<Diagnostic>,
    hits: Vec<crate::published::Hit>,
    links: Option<Found>,
    /// Its fingerprint, when the build keeps a cache.
    fingerprint: Option<build_cache::Fingerprint>,
    reused: bool,
}

fn make_output(
    site: &Site,
    renderer: &render::Renderer<'_>,
    out: &render::Output,
    shown: &Path,
    staging: &output::Staging,
    renders: Option<&build_cache::Renders<'_>>,
) -> Made {
    let input = renderer.input(out);
    let fingerprint = renders
        .zip(input.as_ref())
        .map(|(_, (template, context))| build_cache::fingerprint(template, context));
    if let Some((renders, fp)) = renders.zip(fingerprint.as_ref()) {
        if let Some(links) = renders.reusable(&out.path, fp) {
            if staging.link_previous(&out.path) {
                return Made {
                    error: None,
                    hits: vec![],
                    links,
                    fingerprint,
                    reused: true,
                };
            }
        }
    }
    let rendered = renderer
        .render_input(out, input)
        .map(|bytes| scanned(site, out, bytes, shown));
    match rendered {
        Ok(r) => Made {
            error: staging.write(&out.path, &r.bytes).err(),
            hits: r.hits,
            links: r.links,
            fingerprint,
            reused: false,
        },
        Err(e) => Made {
            error: Some(e),
            hits: vec![],
            links: None,
            fingerprint: None,
            reused: false,
        },
    }
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
    let keep_search = matches!(keep, Keep::Search);
    let Rendered {
        staging,
        mut diags,
        pages,
        mut stages,
        records,
        reused,
    } = rendered;
    let (cache, index_fingerprint) = match keep {
        Keep::Manifest(cache, index) => (cache, index),
        Keep::Search => (None, None),
    };
    let mut index_files = 0;
    let mut search_index = None;
    let mut index_files_written = vec![];
    if config.search.enabled {
        let reusable = index_fingerprint
            .zip(cache.as_ref())
            .and_then(|(fp, cache)| cache.index_reusable(fp));
        match reusable {
            Some(files) if staging.link_previous_all(files) => {
                index_files = files.len();
                index_files_written = files.to_vec();
            }
            _ => {
                // The search page is an output in the same folder.
                let rendered = staging.files_under(crate::render::SEARCH_DIR);
                match crate::search::write_index(content, bodies, &staging, keep_search) {
                    Ok((stats, live)) => {
                        index_files = stats.files;
                        search_index = live;
                        stages.extend(stats.timings);
                    }
                    Err(d) => diags.push(d),
                }
                if cache.is_some() {
                    index_files_written = staging.files_under(crate::render::SEARCH_DIR);
                    index_files_written.retain(|f| rendered.binary_search(f).is_err());
                }
            }
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
    let manifest = match &keep_search {
        true => None,
        false => match write_manifest(&staging, options, cache.as_ref()) {
            Ok(written) => Some(written),
            Err(problem) => {
                staging.abandon();
                diags.push(problem);
                return Err(diags.sorted());
            }
        },
    };
    if manifest.is_some() {
        stages.done("manifest");
    }
    let files = pages + copied + index_files + usize::from(manifest.is_some());
    let diagnostics = diags.sorted();
    let (changes, save) = match (manifest, cache) {
        (Some((changes, scanned)), Some(cache)) => {
            let made = build_cache::Made {
                outputs: records,
                stamps: scanned.stamps,
                index: index_fingerprint,
                index_files: index_files_written,
                pages: content.pages.len(),
                sections: content.sections.len(),
                files,
                warnings: diagnostics.clone(),
            };
            (Some(changes), Some((cache, made)))
        }
        (manifest, _) => (manifest.map(|(changes, _)| changes), None),
    };
    let output = staging
        .commit(options.old_site, |output| {
            if let Some((cache, mut made)) = save {
                made.stamps = stamps_in_place(output, made.stamps);
                cache.save(made);
            }
        })
        .map_err(Diagnostics::from)?;
    stages.done("swap");
    let report = BuildReport {
        pages: content.pages.len(),
        sections: content.sections.len(),
        files,
        millis: started.elapsed().as_millis(),
        output,
        diagnostics,
        incremental: false,
        timings: stages.into_timings(),
        changes,
        reused,
        rendered: pages - reused,
        nothing_changed: false,
    };
    Ok((report, search_index))
}

/// The stamps of the staged files, with those of what changed after they
/// were taken: the output folder and its manifest, written last.
fn stamps_in_place(
    output: &Path,
    mut stamps: std::collections::BTreeMap<String, crate::manifest::Stamp>,
) -> std::collections::BTreeMap<String, crate::manifest::Stamp> {
    for rel in ["", crate::manifest::FILE_NAME] {
        match std::fs::metadata(output.join(rel))
            .ok()
            .and_then(|m| crate::manifest::Stamp::of(&m))
        {
            Some(stamp) => stamps.insert(rel.to_string(), stamp),
            None => stamps.remove(rel),
        };
    }
    stamps
}

/// One template mistake fails every page that uses the template: say it once.
pub(crate) fn dedupe(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    errors
        .into_iter()
        .filter(|d| seen.insert((d.path.clone(), d.line, d.msg.clone())))
        .collect()
}
