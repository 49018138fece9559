//! The search index: built once per build, written as small files so that a
//! browser downloads only what a query needs.
//!
//! Files under `search/` (all numbers are unsigned LEB128 varints):
//!
//! - `meta.json`: counts, BM25 parameters, kind labels, the year of each
//!   document (as runs: documents are ordered newest first), and the
//!   Traditional → Simplified pairs whose Simplified character occurs in the
//!   site (the query is folded like the text).
//! - `docs.bin`: one byte of kind per document, then one byte of length
//!   (quantized like Lucene's norms: `round(ln(1 + units) * 16)`).
//! - `s/<n>.bin`: the postings of every token whose FNV-1a hash modulo
//!   `shards` is `n`. A token: `(byte length << 1 | has positions)`, its
//!   UTF-8 bytes, the byte length of its postings, then the postings:
//!   document count, and per document the id delta,
//!   `(other count << 2 | in title << 1 | in unit)`, the title count if in
//!   the title, the unit count if in the unit, then (bigrams only) the
//!   positions of the title, unit and other occurrences, each list delta
//!   encoded. The shard of a token depends on nothing but the token and the
//!   shard count, so one document can be updated by rewriting only the
//!   shards of its tokens ([`document_shards`]).
//! - `c/<k>.json`: `[[url, title, date, kind, text], …]` of documents
//!   `k * chunk …`, fetched only for the results shown.
//!
//! Documents are numbered newest first, so ties in score keep that order.

use super::normalize::{fold_table, normalize};
use super::tokenize::{tokenize, Token};
use crate::content::Kind;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// BM25 parameters and field boosts (also in `meta.json`, read by the browser).
pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;
pub const TITLE_BOOST: f64 = 5.0;
pub const UNIT_BOOST: f64 = 3.0;

/// Target bytes of a shard and of a text chunk before compression: small
/// enough for a slow phone link, large enough to keep the file count sane.
const UNITS_PER_SHARD: usize = 20_000;
const MAX_SHARDS: usize = 4096;
const CHUNK_BYTES: usize = 16 * 1024;

/// One published page, as the index sees it.
#[derive(Debug, Clone, Default)]
pub struct SearchDoc {
    /// Relative to the site root: `news/foo/`.
    pub url: String,
    pub title: String,
    /// `2026-09-08`, or empty for undated pages (delegates).
    pub date: String,
    /// 0 when undated.
    pub year: i32,
    pub kind: Option<Kind>,
    /// The inspected or evaluated units.
    pub unit: String,
    /// The kind's other fields, then the body's text.
    pub text: String,
}

/// Which part of a document a token occurs in.
pub const TITLE: usize = 0;
pub const UNIT: usize = 1;
pub const OTHER: usize = 2;

/// A token in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocPosting {
    /// Occurrences in the title, the unit and the rest.
    pub counts: [u32; 3],
    /// Positions by field (bigrams only).
    pub positions: [Vec<u32>; 3],
}

/// A document's tokens and length.
#[derive(Debug, Default)]
pub struct AnalyzedDoc {
    pub length: u32,
    pub tokens: HashMap<Token, DocPosting>,
}

/// Tokens of a document by field: title, unit, other.
pub fn analyze(doc: &SearchDoc) -> AnalyzedDoc {
    let mut out = AnalyzedDoc::default();
    let mut pos = 0;
    for (field, text) in [(TITLE, &doc.title), (UNIT, &doc.unit), (OTHER, &doc.text)] {
        pos = tokenize(&normalize(text), pos, |token, p| {
            let keep = token.has_positions();
            let entry = out.tokens.entry(token).or_default();
            entry.counts[field] += 1;
            if keep {
                entry.positions[field].push(p);
            }
        });
    }
    out.length = pos;
    out
}

/// FNV-1a (32 bits) of the token's UTF-8 bytes, modulo the shard count.
pub fn shard_of(token_text: &str, shards: u32) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &byte in token_text.as_bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % shards.max(1)
}

/// The shards that hold a document's tokens: what an update of that one
/// document has to rewrite.
pub fn document_shards(doc: &AnalyzedDoc, shards: u32) -> BTreeSet<u32> {
    doc.tokens
        .keys()
        .map(|t| shard_of(&t.text(), shards))
        .collect()
}

/// A power of two, so that growing the site doubles it (each shard splits in two).
pub fn shard_count(total_units: usize) -> u32 {
    let wanted = total_units.div_ceil(UNITS_PER_SHARD).clamp(1, MAX_SHARDS);
    wanted.next_power_of_two() as u32
}

/// A document length in one byte.
pub fn length_code(units: u32) -> u8 {
    ((f64::from(units) + 1.0).ln() * 16.0).round().min(255.0) as u8
}

/// The length a code stands for (what BM25 uses, here and in the browser).
pub fn decode_length(code: u8) -> f64 {
    (f64::from(code) / 16.0).exp() - 1.0
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Meta {
    pub version: u32,
    pub docs: u32,
    pub shards: u32,
    pub chunk: u32,
    pub avgdl: f64,
    pub k1: f64,
    pub b: f64,
    pub title_boost: f64,
    pub unit_boost: f64,
    /// `[name, label]` in the order of the kind byte.
    pub kinds: Vec<(String, String)>,
    /// `[year, documents]` in document order (year 0: undated).
    pub years: Vec<(i32, u32)>,
    /// Traditional and Simplified characters, alternating.
    pub fold: String,
}

/// What a build of the index produced, for the build's report and the benchmark.
#[derive(Debug, Default, Clone)]
pub struct IndexStats {
    pub docs: usize,
    pub shards: u32,
    pub files: usize,
    pub bytes: u64,
}

/// Every file of the index, relative to `search/`.
pub struct IndexFiles {
    pub files: Vec<(String, Vec<u8>)>,
    pub stats: IndexStats,
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn put_positions(out: &mut Vec<u8>, positions: &[u32]) {
    let mut last = 0;
    for &p in positions {
        put_varint(out, u64::from(p - last));
        last = p;
    }
}

/// The postings of one token.
fn encode_postings(token: &Token, postings: &[(u32, &DocPosting)]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, postings.len() as u64);
    let mut last = 0;
    for (doc, posting) in postings {
        put_varint(&mut out, u64::from(doc - last));
        last = *doc;
        let [title, unit, other] = posting.counts;
        let head = (u64::from(other) << 2) | (u64::from(title > 0) << 1) | u64::from(unit > 0);
        put_varint(&mut out, head);
        if title > 0 {
            put_varint(&mut out, u64::from(title));
        }
        if unit > 0 {
            put_varint(&mut out, u64::from(unit));
        }
        if token.has_positions() {
            for field in &posting.positions {
                put_positions(&mut out, field);
            }
        }
    }
    out
}

fn encode_shard(tokens: &BTreeMap<&Token, Vec<(u32, &DocPosting)>>) -> Vec<u8> {
    let mut out = Vec::new();
    for (token, postings) in tokens {
        let text = token.text();
        put_varint(
            &mut out,
            ((text.len() as u64) << 1) | u64::from(token.has_positions()),
        );
        out.extend_from_slice(text.as_bytes());
        let body = encode_postings(token, postings);
        put_varint(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
    }
    out
}

/// Newest first; undated last; then by URL so the order is stable.
fn sort_docs(docs: &mut [SearchDoc]) {
    docs.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
}

fn kind_byte(kind: Option<Kind>) -> u8 {
    kind.and_then(|k| Kind::ALL.iter().position(|&x| x == k))
        .unwrap_or(0) as u8
}

/// Builds every file of the index (in parallel: documents, then shards).
pub fn build(mut docs: Vec<SearchDoc>) -> IndexFiles {
    sort_docs(&mut docs);
    let analyzed: Vec<AnalyzedDoc> = docs.par_iter().map(analyze).collect();
    let total_units: usize = analyzed.iter().map(|a| a.length as usize).sum();
    let shards = shard_count(total_units);
    // Each document's tokens ordered by shard, so a shard takes its slice.
    let by_shard: Vec<Vec<(u32, &Token, &DocPosting)>> = analyzed
        .par_iter()
        .map(|a| {
            let mut v: Vec<(u32, &Token, &DocPosting)> = a
                .tokens
                .iter()
                .map(|(t, p)| (shard_of(&t.text(), shards), t, p))
                .collect();
            v.sort_unstable_by_key(|(s, _, _)| *s);
            v
        })
        .collect();
    let shard_files: Vec<(Vec<u8>, Vec<char>)> = (0..shards)
        .into_par_iter()
        .map(|shard| {
            let mut tokens: BTreeMap<&Token, Vec<(u32, &DocPosting)>> = BTreeMap::new();
            for (doc, entries) in by_shard.iter().enumerate() {
                let start = entries.partition_point(|(s, _, _)| *s < shard);
                let end = entries.partition_point(|(s, _, _)| *s <= shard);
                for (_, token, posting) in &entries[start..end] {
                    tokens.entry(token).or_default().push((doc as u32, posting));
                }
            }
            let chars = tokens
                .keys()
                .filter_map(|t| match t {
                    Token::Char(c) => Some(*c),
                    _ => None,
                })
                .collect();
            (encode_shard(&tokens), chars)
        })
        .collect();

    let used: BTreeSet<char> = shard_files.iter().flat_map(|(_, c)| c.clone()).collect();
    let mut fold: Vec<(char, char)> = fold_table()
        .iter()
        .filter(|(_, s)| used.contains(s))
        .map(|(&t, &s)| (t, s))
        .collect();
    fold.sort_unstable();

    let codes: Vec<u8> = analyzed.iter().map(|a| length_code(a.length)).collect();
    let avgdl = if codes.is_empty() {
        1.0
    } else {
        codes.iter().map(|&c| decode_length(c)).sum::<f64>() / codes.len() as f64
    };
    let mut docs_bin: Vec<u8> = docs.iter().map(|d| kind_byte(d.kind)).collect();
    docs_bin.extend_from_slice(&codes);

    let mut years: Vec<(i32, u32)> = Vec::new();
    for d in &docs {
        match years.last_mut() {
            Some((y, n)) if *y == d.year => *n += 1,
            _ => years.push((d.year, 1)),
        }
    }
    let text_bytes: usize = docs.iter().map(|d| d.text.len() + d.title.len()).sum();
    let chunk = (CHUNK_BYTES * docs.len().max(1) / text_bytes.max(1)).clamp(1, 256);
    let meta = Meta {
        version: 1,
        docs: docs.len() as u32,
        shards,
        chunk: chunk as u32,
        avgdl,
        k1: K1,
        b: B,
        title_boost: TITLE_BOOST,
        unit_boost: UNIT_BOOST,
        kinds: Kind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), k.label().to_string()))
            .collect(),
        years,
        fold: fold.iter().flat_map(|&(t, s)| [t, s]).collect(),
    };

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    files.push((
        "meta.json".into(),
        serde_json::to_vec(&meta).unwrap_or_default(),
    ));
    files.push(("docs.bin".into(), docs_bin));
    for (i, (bytes, _)) in shard_files.into_iter().enumerate() {
        // An empty shard is still written: the browser fetches by number.
        files.push((format!("s/{i}.bin"), bytes));
    }
    let chunks: Vec<(String, Vec<u8>)> = docs
        .par_chunks(chunk)
        .enumerate()
        .map(|(k, part)| {
            let rows: Vec<(&str, &str, &str, u8, String)> = part
                .iter()
                .map(|d| {
                    // The unit is shown with the text, so its matches can be highlighted.
                    let text = if d.unit.is_empty() {
                        d.text.clone()
                    } else {
                        format!("{}　{}", d.unit, d.text)
                    };
                    (
                        d.url.as_str(),
                        d.title.as_str(),
                        d.date.as_str(),
                        kind_byte(d.kind),
                        text,
                    )
                })
                .collect();
            (
                format!("c/{k}.json"),
                serde_json::to_vec(&rows).unwrap_or_default(),
            )
        })
        .collect();
    files.extend(chunks);
    let stats = IndexStats {
        docs: docs.len(),
        shards,
        files: files.len(),
        bytes: files.iter().map(|(_, b)| b.len() as u64).sum(),
    };
    IndexFiles { files, stats }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_of_is_fnv1a_and_stable() {
        // FNV-1a of "a" is 0xe40c292c (the browser computes the same).
        assert_eq!(shard_of("a", 1000), 0xe40c292c % 1000);
        assert_eq!(shard_of("卫生", 64), shard_of("卫生", 64));
        assert!(shard_of("卫生", 64) < 64);
        // Doubling the shard count splits a shard in two: n stays n or becomes n + old.
        let (small, big) = (shard_of("医保", 32), shard_of("医保", 64));
        assert!(big == small || big == small + 32);
    }

    #[test]
    fn shard_count_grows_with_the_corpus() {
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(UNITS_PER_SHARD), 1);
        assert_eq!(shard_count(UNITS_PER_SHARD * 3), 4);
        assert_eq!(shard_count(usize::MAX / 2), MAX_SHARDS as u32);
    }

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

    #[test]
    fn analyze_counts_fields_and_keeps_bigram_positions() {
        let doc = SearchDoc {
            title: "视察卫生院".into(),
            unit: "镇卫生院".into(),
            text: "卫生院门诊".into(),
            ..Default::default()
        };
        let a = analyze(&doc);
        assert_eq!(a.length, 5 + 4 + 5);
        let p = &a.tokens[&Token::Bigram('卫', '生')];
        assert_eq!(p.counts, [1, 1, 1]);
        assert_eq!(p.positions, [vec![2], vec![6], vec![9]]);
        // Characters keep counts only.
        assert!(a.tokens[&Token::Char('卫')]
            .positions
            .iter()
            .all(Vec::is_empty));
    }

    #[test]
    fn documents_are_ordered_newest_first() {
        let doc = |url: &str, date: &str| SearchDoc {
            url: url.into(),
            date: date.into(),
            title: "会议".into(),
            ..Default::default()
        };
        let mut docs = vec![
            doc("a/", "2024-01-01"),
            doc("d/", ""),
            doc("b/", "2026-03-01"),
            doc("c/", "2026-03-01"),
        ];
        sort_docs(&mut docs);
        let urls: Vec<&str> = docs.iter().map(|d| d.url.as_str()).collect();
        assert_eq!(urls, ["b/", "c/", "a/", "d/"]);
    }
}
