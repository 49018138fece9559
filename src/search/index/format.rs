//! The index's format and the types in and out of it: the format version,
//! the BM25 parameters, a document as the index sees it ([`SearchDoc`]),
//! `meta.bin` ([`Meta`]), the files a build gives ([`IndexFiles`]) and the
//! one-byte document length.
//!
//! Left to others: the byte layout of each file (the module above
//! specifies it; [`super::postings`], [`super::docs`] write it).

use serde::{Deserialize, Serialize};

use crate::kind::Kind;

/// The format of the files: `search-core.js` refuses another one, so a
/// browser holding an old `search-core.js` never misreads a new index.
pub(crate) const VERSION: u32 = 9;

/// BM25's term-frequency saturation; this and the constants below are also
/// in `meta.bin`, read by the browser.
pub(crate) const K1: f64 = 1.2;
/// BM25's length normalisation.
pub(crate) const B: f64 = 0.75;
/// How many times a match in the title counts.
pub(crate) const TITLE_BOOST: f64 = 5.0;
/// How many times a match in the unit counts.
pub(crate) const UNIT_BOOST: f64 = 3.0;

/// One published page, as the index sees it.
#[derive(Debug, Clone, Default)]
pub struct SearchDoc {
    /// Relative to the site root: `news/foo/`.
    pub url: String,
    /// The page's title.
    pub title: String,
    /// `2026-09-08`, or empty for undated pages (delegates).
    pub date: String,
    /// 0 when undated.
    pub year: i32,
    /// The page's kind; `None` for pages of no kind.
    pub kind: Option<Kind>,
    /// The inspected or evaluated units.
    pub unit: String,
    /// The kind's other fields, then the body's text.
    pub text: String,
    /// Where the body starts in `text` (bytes): the fields before it are
    /// shown in a snippet only when the body does not match.
    pub body_start: usize,
}

/// Which part of a document a token occurs in.
pub(crate) const TITLE: usize = 0;
/// The unit field.
pub(crate) const UNIT: usize = 1;
/// The kind's other fields and the body.
pub(crate) const OTHER: usize = 2;

/// A document length in one byte.
pub(crate) fn length_code(units: u32) -> u8 {
    ((f64::from(units) + 1.0).ln() * 16.0).round().min(255.0) as u8
}

/// The length a code stands for (what BM25 uses, here and in the browser).
pub(crate) fn decode_length(code: u8) -> f64 {
    (f64::from(code) / 16.0).exp() - 1.0
}

/// The file a query reads first: [`Meta`] and the facts of each document,
/// in one gzip file (format 8; `meta.json` and `docs.bin` before), with
/// the directory of the packs (format 9).
pub const META_FILE: &str = "meta.bin";

/// What a query needs before reading any shard (in [`META_FILE`]).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Meta {
    /// The format ([`VERSION`]).
    pub(crate) version: u32,
    /// Number of documents.
    pub docs: u32,
    /// Number of shards of `s/` (and of `g/`).
    pub(crate) shards: u32,
    /// Documents per text chunk `c/<k>.bin`.
    pub chunk: u32,
    pub(crate) avgdl: f64,
    pub(crate) k1: f64,
    /// BM25's length normalisation ([`B`]).
    pub b: f64,
    pub(crate) title_boost: f64,
    pub(crate) unit_boost: f64,
    /// The common bigrams (in [`gram_df`](super::super::gram::gram_df) documents or more), one after
    /// another: a query knows from them which grams a phrase has.
    pub common: String,
    /// `[name, label]` in the order of the kind byte.
    pub kinds: Vec<(String, String)>,
    /// `[year, documents]` in document order (year 0: undated).
    pub years: Vec<(i32, u32)>,
    /// Traditional and Simplified characters, alternating (written as
    /// numbers after the JSON: `docs::encode_meta`).
    #[serde(skip)]
    pub(crate) fold: String,
    /// `[phrase, folded]`: phrases that fold otherwise than character by
    /// character (`normalize::phrase_table`), those whose folded characters
    /// all occur in the site.
    #[serde(default)]
    pub phrases: Vec<(String, String)>,
    /// Blobs per pack of each kind (`s p g q c`: [`super::pack::Layout`]).
    #[serde(default)]
    pub(crate) packs: Vec<u32>,
    /// Each blob's size class (written as bytes after the fold pairs), in
    /// the order of [`super::pack::Layout::slot`]: where every blob starts.
    #[serde(skip)]
    pub(crate) classes: Vec<u8>,
}

impl Meta {
    /// Which blobs are in which pack.
    pub(crate) fn layout(&self) -> super::pack::Layout {
        let chunks = (self.docs as usize).div_ceil(self.chunk.max(1) as usize) as u32;
        let s = self.shards;
        let mut per_pack = [1; 5];
        for (to, &from) in per_pack.iter_mut().zip(&self.packs) {
            *to = from.max(1);
        }
        super::pack::Layout {
            counts: [s, s, s, s, chunks],
            per_pack,
        }
    }

    /// Where blob `rel` (`s/3.bin`, `c/12.bin`: the files of format 8) is:
    /// its pack file (relative to `search/`), first byte and padded length.
    pub fn locate(&self, rel: &str) -> Option<(String, u64, u64)> {
        let (dir, n) = super::pack::parse_blob(rel)?;
        self.layout().locate(&self.classes, dir, n)
    }
}

/// Blob `rel` of an index (`s/3.bin`), sliced from its pack; `read` gives a
/// file of `search/`. For tests and tools: the engines read ranges.
pub fn read_blob(
    meta: &Meta,
    read: impl Fn(&str) -> Option<Vec<u8>>,
    rel: &str,
) -> Option<Vec<u8>> {
    let (pack, start, len) = meta.locate(rel)?;
    let bytes = read(&pack)?;
    bytes
        .get(start as usize..(start + len) as usize)
        .map(<[u8]>::to_vec)
}

/// What a build of the index produced, for the build's report and the benchmark.
#[derive(Debug, Default, Clone)]
pub struct IndexStats {
    /// Documents in the index.
    pub docs: usize,
    /// Shards of `s/` (as many of `g/`).
    pub shards: u32,
    /// Files of the index.
    pub files: usize,
    /// Their total size.
    pub(crate) bytes: u64,
    /// Documents tokenized (all of them in a build, the edited ones in an update).
    pub analyzed: usize,
    /// How long each part took, for the caller to keep or drop.
    pub timings: Vec<crate::timing::Timing>,
}

/// Files of the index, relative to `search/`: all of them after a build, the
/// changed ones after an update.
pub struct IndexFiles {
    /// The files written: path relative to `search/`, bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// Every file of the index (after an update, those not rewritten too).
    pub(crate) names: Vec<String>,
    /// What the build or update did.
    pub stats: IndexStats,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_codes_round_trip_within_a_few_percent() {
        for units in [1u32, 10, 150, 1500, 40_000] {
            let back = decode_length(length_code(units));
            assert!(
                (back - f64::from(units)).abs() / f64::from(units) < 0.04,
                "{units} → {back}"
            );
        }
    }
}
