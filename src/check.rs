//! `gongkai check`: every problem of a site before it is published, without
//! writing anything. Runs the build's stages (so every build error is a check
//! error) and adds what only a review needs: anchors and attachments that do
//! not exist, images without alt text, heading ids written twice, paragraphs
//! indented into code boxes, empty and stale columns, documents
//! without 索引号, future dates, and every file under `content/` or
//! `static/` that will not be published, with why.
//!
//! Printing the report (grouped, or JSON) is the CLI's business.

use crate::build::{self, BuildOptions, Site};
use crate::content::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::Heading;
use crate::messages::Msg;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
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
    let published = published_personal_data(&site, options, diags.items.iter());
    diags.extend(published);
    diags.extend(links_and_images(&site));
    diags.extend(columns(&site, today));
    diags.extend(documents(&site, today));
    diags.extend(unplaced_authors(&site));
    diags.sorted()
}

/// Personal data in the outputs as a reader gets them (rendered in memory,
/// as `build` renders them), except at a line already reported by the
/// source scan.
fn published_personal_data<'a>(
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
    let hits: Vec<_> = site
        .outputs
        .par_iter()
        .flat_map_iter(|o| match renderer.render(o) {
            Ok(bytes) => build::output_hits(site, o, &bytes, shown),
            Err(_) => vec![],
        })
        .collect();
    crate::published::into_diagnostics(hits)
        .into_iter()
        .filter(|d| !reported.contains(&(d.path.clone(), d.line)))
        .collect()
}

fn ids(toc: &[Heading], out: &mut HashSet<String>) {
    for h in toc {
        out.insert(h.id.clone());
        ids(&h.children, out);
    }
}

/// Anchors of `@/` and `#` links, local attachments, alt text, duplicate
/// heading ids and indented paragraphs.
fn links_and_images(site: &Site) -> Vec<Diagnostic> {
    let content = &site.content;
    let (page_bodies, section_bodies) = &site.bodies;
    let mut anchors: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut sources = vec![];
    for (p, b) in content.pages.iter().zip(page_bodies) {
        let mut set = HashSet::new();
        ids(&b.toc, &mut set);
        anchors.insert(&p.rel_path, set);
        let dir = p.bundle_dir.clone().unwrap_or_else(|| {
            site.root
                .join(&p.file)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        });
        sources.push((&p.rel_path, &p.file, dir, b));
    }
    for (s, b) in content.sections.iter().zip(section_bodies) {
        let mut set = HashSet::new();
        ids(&b.toc, &mut set);
        anchors.insert(&s.rel_path, set);
        let dir = site
            .root
            .join(&s.file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        sources.push((&s.rel_path, &s.file, dir, b));
    }
    let mut out = vec![];
    for (rel_path, file, dir, body) in sources {
        for line in &body.images_without_alt {
            out.push(Diagnostic::error(Msg::ImageWithoutAlt).at(file, Some(*line)));
        }
        for d in &body.duplicate_ids {
            let msg = Msg::DuplicateHeadingId {
                id: d.id.clone(),
                renamed: d.renamed.clone(),
            };
            out.push(Diagnostic::warning(msg).at(file, Some(d.line)));
        }
        for line in &body.indented_prose {
            out.push(Diagnostic::warning(Msg::IndentedParagraph).at(file, Some(*line)));
        }
        for link in &body.links {
            let dest = link.dest.trim();
            if let Some(rest) = dest.strip_prefix("@/") {
                let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
                let known = anchors.get(path);
                if let (Some(known), false) = (known, fragment.is_empty()) {
                    if !known.contains(&percent_decode(fragment)) {
                        out.push(
                            Diagnostic::error(Msg::BrokenAnchor {
                                target: dest.to_string(),
                                fragment: fragment.to_string(),
                            })
                            .at(file, Some(link.line)),
                        );
                    }
                }
            } else if let Some(fragment) = dest.strip_prefix('#') {
                let own = anchors.get(rel_path.as_str());
                let footnote = fragment.starts_with("fn-");
                if !fragment.is_empty()
                    && !footnote
                    && own.is_some_and(|o| !o.contains(&percent_decode(fragment)))
                {
                    out.push(
                        Diagnostic::error(Msg::BrokenAnchor {
                            target: dest.to_string(),
                            fragment: fragment.to_string(),
                        })
                        .at(file, Some(link.line)),
                    );
                }
            } else if is_local_file(dest) {
                let path = dest.split(['#', '?']).next().unwrap_or(dest);
                let path = percent_decode(path);
                if !dir.join(&path).exists() {
                    out.push(
                        Diagnostic::error(Msg::MissingAttachment { name: path })
                            .at(file, Some(link.line)),
                    );
                }
            }
        }
    }
    // 述职报告 named in evaluations must be beside the page.
    for p in &content.pages {
        if let Some(t) = &p.front.evaluation {
            for u in t.units.iter().filter(|u| !u.report.is_empty()) {
                if !p.assets.iter().any(|a| a.name == u.report) {
                    out.push(
                        Diagnostic::error(Msg::MissingAttachment {
                            name: u.report.clone(),
                        })
                        .at(&p.file, None),
                    );
                }
            }
        }
    }
    out
}

/// A relative link to a file beside the page (not a URL, not a site path).
fn is_local_file(dest: &str) -> bool {
    !(dest.is_empty()
        || dest.starts_with('/')
        || dest.starts_with('#')
        || dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with("data:"))
        && !dest.ends_with('/')
        && dest
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'))
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_files_are_told_from_urls() {
        assert!(is_local_file("shuzhi.pdf"));
        assert!(is_local_file("files/报告.docx"));
        assert!(!is_local_file("https://example.gov.cn/a.pdf"));
        assert!(!is_local_file("/rd/qingxi/news/"));
        assert!(!is_local_file("#一基本情况"));
        assert!(!is_local_file("mailto:rd@example.gov.cn"));
        assert!(!is_local_file("../news/"));
    }
}
