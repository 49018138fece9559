//! `gongkai check`: every problem of a site before it is published, without
//! writing anything. Runs the build's stages (so every build error is a check
//! error, dead links included: both read the rendered outputs through
//! [`crate::linkcheck`]) and adds what only a review needs: images without
//! alt text, empty and stale columns, documents without 索引号, future
//! dates, and every file under `content/` or `static/` that will not be
//! published, with why.
//!
//! Printing the report (grouped, or JSON) is the CLI's business.

use crate::build::{self, BuildOptions, Site};
use crate::content::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::Msg;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::Path;

/// Checks the site as `build` would publish it, on `today`.
pub fn check(options: &BuildOptions, today: NaiveDate) -> Diagnostics {
    let (site, mut diags) = match build::load(options) {
        Ok(loaded) => loaded,
        Err(diags) => return diags,
    };
    // Files the build leaves out, each with why (the build says nothing of them).
    diags.extend(site.content.not_published.iter().cloned());
    diags.extend(site.copies.not_published.iter().cloned());
    let published = rendered_outputs(&site, options, diags.items.iter());
    diags.extend(published);
    diags.extend(images_without_alt(&site));
    diags.extend(columns(&site, today));
    diags.extend(documents(&site, today));
    diags.extend(unplaced_authors(&site));
    diags.sorted()
}

/// What only the outputs as a reader gets them show (rendered in memory,
/// as `build` renders them): personal data, except at a line already
/// reported by the source scan, and dead links.
fn rendered_outputs<'a>(
    site: &Site,
    options: &BuildOptions,
    known: impl Iterator<Item = &'a Diagnostic>,
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let reported: HashSet<(Option<std::path::PathBuf>, Option<usize>)> = known
        .filter(|d| matches!(*d.msg, Msg::PersonalData { .. }))
        .map(|d| (d.path.clone(), d.line))
        .collect();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    let shown = output.strip_prefix(&options.root).unwrap_or(&output);
    let renderer = site.renderer();
    let scanned: Vec<_> = site
        .outputs
        .par_iter()
        .enumerate()
        .map(|(i, o)| match renderer.render(o) {
            Ok(bytes) => {
                let (hits, links) = build::output_hits(site, o, &bytes, shown);
                (hits, links.map(|f| (i, f)))
            }
            Err(_) => (vec![], None),
        })
        .collect();
    let (hits, found): (Vec<_>, Vec<_>) = scanned.into_iter().unzip();
    let found: Vec<_> = found.into_iter().flatten().collect();
    let mut out: Vec<Diagnostic> =
        crate::published::into_diagnostics(hits.into_iter().flatten().collect())
            .into_iter()
            .filter(|d| !reported.contains(&(d.path.clone(), d.line)))
            .collect();
    out.extend(crate::linkcheck::check(site, &found, shown));
    out
}

/// Images without alt text, at their line.
fn images_without_alt(site: &Site) -> Vec<Diagnostic> {
    let content = &site.content;
    let (pages, sections) = &site.bodies;
    let files = content.pages.iter().map(|p| &p.file);
    let files = files.chain(content.sections.iter().map(|s| &s.file));
    files
        .zip(pages.iter().chain(sections))
        .flat_map(|(file, body)| {
            body.images_without_alt
                .iter()
                .map(move |line| Diagnostic::error(Msg::ImageWithoutAlt).at(file, Some(*line)))
        })
        .collect()
}

/// Authors the site names as delegates nowhere and does not list among its
/// `[submissions] other_authors`: one note each, at their newest submission's
/// `authors` line (an office name typed as an author, or a delegate whose
/// page is missing).
fn unplaced_authors(site: &Site) -> Vec<Diagnostic> {
    let known = &site.config.submissions.other_authors;
    site.derived
        .other_authors
        .iter()
        .filter(|(name, _)| !known.iter().any(|k| k.trim() == name))
        .filter_map(|(name, pages)| {
            let page = &site.content.pages[*pages.first()?];
            Some(
                Diagnostic::warning(Msg::AuthorNotADelegate { name: name.clone() })
                    .at(&page.file, Some(authors_line(&page.file, name))),
            )
        })
        .collect()
}

/// The line of `authors = [… "name" …]` in a submission's file (1 if unreadable).
fn authors_line(file: &Path, name: &str) -> usize {
    let quoted = format!("\"{name}\"");
    std::fs::read_to_string(file)
        .ok()
        .and_then(|text| {
            text.lines()
                .position(|l| l.trim_start().starts_with("authors") && l.contains(&quoted))
        })
        .map_or(1, |i| i + 1)
}

/// The national rule for how often a column must be updated, in days: 动态要闻
/// every 2 weeks, the other columns every 6 months. A site may set a longer
/// `stale_after_days`, and `check` then says so: the county's inspection
/// still counts by these.
pub(crate) fn national_stale_days(kind: Kind) -> u32 {
    if kind == Kind::Article {
        14
    } else {
        180
    }
}

/// Empty columns (errors), columns not updated in time and columns whose
/// rule is relaxed beyond the national one (warnings).
fn columns(site: &Site, today: NaiveDate) -> Vec<Diagnostic> {
    let mut out = vec![];
    for s in site.content.sections.iter().filter(|s| !s.dir.is_empty()) {
        let Some(&newest) = s.pages.first() else {
            out.push(
                Diagnostic::error(Msg::EmptySection {
                    title: s.front.title.clone(),
                })
                .at(&s.file, Some(1)),
            );
            continue;
        };
        // Delegate profiles are not dated news: they never go stale.
        if s.page_kind == Kind::Delegate {
            continue;
        }
        let national = national_stale_days(s.page_kind);
        let limit = s
            .front
            .stale_after_days
            .as_ref()
            .map_or(national, |d| *d.get_ref());
        if limit > national {
            out.push(
                Diagnostic::warning(Msg::StaleRuleRelaxed {
                    title: s.front.title.clone(),
                    days: limit,
                    national,
                })
                .at(&s.file, s.stale_line),
            );
        }
        if let Some(last) = site.content.pages[newest].date.map(|d| d.date()) {
            let days = (today - last).num_days();
            if days > i64::from(limit) {
                out.push(
                    Diagnostic::warning(Msg::StaleSection {
                        title: s.front.title.clone(),
                        last: last.format("%Y-%m-%d").to_string(),
                        days,
                        limit,
                    })
                    .at(&s.file, Some(1)),
                );
            }
        }
    }
    out
}

/// Documents without 索引号, 索引号 that do not start with the office's code
/// (the code changed, or a number copied from another office), and
/// documents dated in the future.
fn documents(site: &Site, today: NaiveDate) -> Vec<Diagnostic> {
    let mut out = vec![];
    let prefix = crate::scaffold::index_code_prefix(
        &site.config.disclosure.index_format,
        &site.config.org.code,
    );
    for p in &site.content.pages {
        if let (Some(prefix), Some((number, line))) = (&prefix, &p.index_no) {
            if !number.starts_with(prefix.as_str()) {
                out.push(
                    Diagnostic::warning(Msg::IndexNoWrongCode {
                        index_no: number.clone(),
                        prefix: prefix.clone(),
                    })
                    .at(&p.file, Some(*line)),
                );
            }
        }
        if p.kind.needs_date() && p.index_no.is_none() {
            out.push(Diagnostic::warning(Msg::MissingIndexNo).at(&p.file, Some(1)));
        }
        if let Some(date) = p.date.filter(|d| d.date() > today) {
            out.push(
                Diagnostic::warning(Msg::FutureDate {
                    date: date.format("%Y-%m-%d").to_string(),
                })
                .at(&p.file, p.date_line),
            );
        }
    }
    out
}
