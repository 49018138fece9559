//! Full-text search that runs in the visitor's browser: the build writes a
//! sharded index under `search/` ([`index`]), the theme's `search.js` reads
//! only the files a query needs. Chinese is indexed as characters and
//! overlapping bigrams ([`tokenize`]) after folding full-width, case and
//! Traditional characters ([`normalize`]); [`query`] is the browser's
//! algorithm in Rust, for tests and measurements.

pub mod gram;
pub mod index;
pub mod normalize;
pub mod query;
pub mod slots;
pub mod tokenize;

use crate::content::{Content, Page};
use crate::diagnostics::Diagnostic;
use crate::output::Staging;
use crate::render::{RenderedBody, SEARCH_DIR};
use crate::text::without_invisible;
use index::{IndexFiles, IndexStats, LiveIndex, SearchDoc};
use rayon::prelude::*;

/// The text of one published page, as the index sees it.
pub fn search_doc(page: &Page, body: &RenderedBody) -> SearchDoc {
    let front = &page.front;
    // The kind tables first, in kind order; then the common fields.
    let crate::content::kinds::SearchText {
        mut units,
        mut fields,
    } = crate::content::kinds::search_text(front);
    if let Some(d) = &front.disclosure {
        fields.extend([d.topic.as_str(), &d.doc_no]);
    }
    fields.extend(front.author.as_deref());
    fields.extend(front.source.as_deref());
    fields.extend(front.categories.iter().map(String::as_str));
    fields.extend(front.tags.iter().map(String::as_str));
    fields.retain(|f| !f.trim().is_empty());
    units.retain(|u| !u.trim().is_empty());
    // Characters a reader does not see (a zero-width joiner pasted inside a
    // word) are left out, so the words around them are indexed, found and
    // highlighted joined, as they read.
    let visible = |s: &str| without_invisible(s).into_owned();
    // A full-width space separates fields: no bigram spans two of them.
    let mut text = visible(&fields.join("　"));
    if !text.is_empty() {
        text.push('\n');
    }
    let body_start = text.len();
    text.push_str(&without_invisible(body.plain_text.trim()));
    let date = page.date.map(|d| d.date());
    SearchDoc {
        url: page.rel_url.clone(),
        title: visible(&front.title),
        date: date.map(|d| d.to_string()).unwrap_or_default(),
        year: date.map_or(0, |d| chrono::Datelike::year(&d)),
        kind: Some(page.kind),
        unit: visible(&units.join("　")),
        text,
        body_start,
    }
}

/// The index of every published page, as files relative to [`SEARCH_DIR`].
pub fn index_files(content: &Content, bodies: &[RenderedBody]) -> IndexFiles {
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
/// folder; returns the index's state if `keep` (for `serve` to update it by).
/// `content.pages` holds only what is published: drafts (without
/// `--drafts`) and unpublished submissions never reach the index.
pub fn write_index(
    content: &Content,
    bodies: &[RenderedBody],
    staging: &Staging,
    keep: bool,
) -> Result<(IndexStats, Option<LiveIndex>), Diagnostic> {
    let write = |rel: String, bytes: Vec<u8>| staging.write(&format!("{SEARCH_DIR}{rel}"), &bytes);
    // Pages in the index's order; each page's text is made when its batch
    // is analyzed, so the whole site's text is not held at once.
    let keys: Vec<(String, &str)> = content
        .pages
        .iter()
        .map(|p| {
            let date = p.date.map(|d| d.date().to_string()).unwrap_or_default();
            (date, p.rel_url.as_str())
        })
        .collect();
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| index::newest_first((&keys[a].0, keys[a].1), (&keys[b].0, keys[b].1)));
    let source = |i: usize| search_doc(&content.pages[order[i]], &bodies[order[i]]);
    let (built, live) = index::build_into(order.len(), &source, keep, &write)?;
    Ok((built.stats, keep.then_some(live)))
}

/// An update of the index after an edit, to run away from the site (it
/// holds what it needs): the text of every page, and the index's state.
pub struct SearchJob {
    pub docs: Vec<SearchDoc>,
    pub index: Option<LiveIndex>,
}

/// What a [`SearchJob`] made: the files that changed, and the new state.
pub struct SearchUpdate {
    pub files: IndexFiles,
    pub index: LiveIndex,
}

impl SearchJob {
    /// Analyzes only the documents whose text changed (all of them when
    /// there is no state yet).
    pub fn run(self) -> SearchUpdate {
        match self.index {
            Some(mut index) => SearchUpdate {
                files: index.update(self.docs),
                index,
            },
            None => {
                let (files, index) = index::build_live(self.docs);
                SearchUpdate { files, index }
            }
        }
    }
}
