//! Full-text search that runs in the visitor's browser: the build writes a
//! sharded index under `search/` ([`index`]), the theme's `search.js` reads
//! only the files a query needs. Chinese is indexed as characters and
//! overlapping bigrams ([`tokenize`]) after folding full-width, case and
//! Traditional characters ([`normalize`]); [`query`] is the browser's
//! algorithm in Rust, for tests and measurements.

pub mod index;
pub mod normalize;
pub mod query;
pub mod tokenize;

use crate::content::{Content, Page};
use crate::diagnostics::Diagnostic;
use crate::output::Staging;
use crate::render::RenderedBody;
use index::{IndexStats, SearchDoc};
use rayon::prelude::*;

/// Where the index is written, relative to the output folder.
pub const DIR: &str = "search/";

/// The text of one published page, as the index sees it.
pub fn search_doc(page: &Page, body: &RenderedBody) -> SearchDoc {
    let front = &page.front;
    let mut units: Vec<&str> = vec![];
    let mut fields: Vec<&str> = vec![];
    if let Some(i) = &front.inspection {
        units.push(&i.unit);
        fields.extend([i.kind.as_str(), &i.topic, &i.location, &i.organizer]);
        fields.extend(i.delegates.iter().map(String::as_str));
        fields.extend(i.findings.iter().map(String::as_str));
        fields.extend(i.suggestions.iter().map(String::as_str));
        for f in &i.followups {
            fields.extend([f.status.as_str(), &f.note]);
        }
    }
    if let Some(e) = &front.evaluation {
        units.extend(e.units.iter().map(|u| u.name.get_ref().as_str()));
        fields.push(&e.organizer);
        fields.extend(e.steps.iter().map(|s| s.what.as_str()));
        for u in &e.units {
            fields.extend(u.rectification.iter().map(|r| r.note.as_str()));
        }
    }
    if let Some(s) = &front.submission {
        fields.extend([s.publication.get_ref().as_str(), &s.issue, &s.page]);
        fields.extend(s.authors.iter().map(String::as_str));
    }
    if let Some(r) = &front.report {
        fields.push(&r.kind);
    }
    if let Some(d) = &front.delegate {
        fields.extend([d.constituency.as_str(), &d.term, &d.position]);
    }
    if let Some(d) = &front.disclosure {
        fields.extend([d.topic.as_str(), &d.doc_no]);
    }
    fields.extend(front.author.as_deref());
    fields.extend(front.source.as_deref());
    fields.extend(front.categories.iter().map(String::as_str));
    fields.extend(front.tags.iter().map(String::as_str));
    fields.retain(|f| !f.trim().is_empty());
    units.retain(|u| !u.trim().is_empty());
    // A full-width space separates fields: no bigram spans two of them.
    let mut text = fields.join("　");
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(body.plain_text.trim());
    let date = page.date.map(|d| d.date());
    SearchDoc {
        url: page.rel_url.clone(),
        title: front.title.clone(),
        date: date.map(|d| d.to_string()).unwrap_or_default(),
        year: date.map_or(0, |d| chrono::Datelike::year(&d)),
        kind: Some(page.kind),
        unit: units.join("　"),
        text,
    }
}

/// The index of every published page, as files relative to [`DIR`].
pub fn index_files(content: &Content, bodies: &[RenderedBody]) -> index::IndexFiles {
    index::build(search_docs(content, bodies))
}

/// The text of every published page, as the index sees it.
pub fn search_docs(content: &Content, bodies: &[RenderedBody]) -> Vec<SearchDoc> {
    content
        .pages
        .par_iter()
        .zip(bodies.par_iter())
        .map(|(page, body)| search_doc(page, body))
        .collect()
}

/// Indexes every published page and writes the index through the staging
/// folder. `content.pages` holds only what is published: drafts (without
/// `--drafts`) and unpublished submissions never reach the index.
pub fn write_index(
    content: &Content,
    bodies: &[RenderedBody],
    staging: &Staging,
) -> Result<IndexStats, Diagnostic> {
    let built = index_files(content, bodies);
    built
        .files
        .par_iter()
        .try_for_each(|(rel, bytes)| staging.write(&format!("{DIR}{rel}"), bytes))?;
    Ok(built.stats)
}
