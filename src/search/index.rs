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
use std::collections::{BTreeSet, HashMap};

/// BM25 parameters and field boosts (also in `meta.json`, read by the browser).
pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;
pub const TITLE_BOOST: f64 = 5.0;
pub const UNIT_BOOST: f64 = 3.0;

/// Target bytes of a shard and of a text chunk before compression: small
/// enough for a slow phone link, large enough to keep the file count sane.
const CHARS_PER_SHARD: usize = 20_000;
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

/// A token inside the builder: Chinese tokens by their characters
/// (`first << 22 | second + 1`, 0 for a single character), words by their
/// index in the document's word list (tagged). Cheap to hash, sort and copy.
const WORD_TAG: u64 = 1 << 63;
const SECOND: u64 = (1 << 22) - 1;

fn key_of(token: Token, words: &mut Vec<Box<str>>, ids: &mut HashMap<Box<str>, u64>) -> u64 {
    match token {
        Token::Char(c) => u64::from(c) << 22,
        Token::Bigram(a, b) => (u64::from(a) << 22) | (u64::from(b) + 1),
        Token::Word(w) => *ids.entry(w).or_insert_with_key(|w| {
            words.push(w.clone());
            WORD_TAG | (words.len() as u64 - 1)
        }),
    }
}

/// A token of one document, comparable across documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum TokenRef<'a> {
    Cjk(u64),
    Word(&'a str),
}

impl TokenRef<'_> {
    fn has_positions(self) -> bool {
        matches!(self, TokenRef::Cjk(k) if k & SECOND != 0)
    }

    /// The token's UTF-8 bytes, into `buf`.
    fn write_text(self, buf: &mut Vec<u8>) {
        buf.clear();
        match self {
            TokenRef::Word(w) => buf.extend_from_slice(w.as_bytes()),
            TokenRef::Cjk(k) => {
                let mut tmp = [0u8; 4];
                for code in [Some(k >> 22), (k & SECOND).checked_sub(1)]
                    .into_iter()
                    .flatten()
                {
                    if let Some(c) = char::from_u32(code as u32) {
                        buf.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                    }
                }
            }
        }
    }
}

/// A document's postings, encoded and grouped by shard: what the shards are
/// assembled from, and what an update of one document would replace.
#[derive(Debug, Default)]
pub struct AnalyzedDoc {
    /// Positions (characters and words) in the document.
    pub length: u32,
    words: Vec<Box<str>>,
    /// (shard, token key, end of its posting in `bytes`), by shard then key.
    entries: Vec<(u32, u64, u32)>,
    /// Each token's posting without the document id, one after the other.
    bytes: Vec<u8>,
}

impl AnalyzedDoc {
    fn token(&self, key: u64) -> TokenRef<'_> {
        if key & WORD_TAG != 0 {
            TokenRef::Word(self.words.get((key & !WORD_TAG) as usize).map_or("", |w| w))
        } else {
            TokenRef::Cjk(key)
        }
    }

    /// Entries `range` of one shard, with their tokens and posting bytes.
    fn shard_entries(&self, shard: u32) -> impl Iterator<Item = (TokenRef<'_>, &[u8])> {
        let from = self.entries.partition_point(|e| e.0 < shard);
        let to = self.entries.partition_point(|e| e.0 <= shard);
        (from..to).map(move |i| {
            let start = if i == 0 {
                0
            } else {
                self.entries[i - 1].2 as usize
            };
            let (_, key, end) = self.entries[i];
            (self.token(key), &self.bytes[start..end as usize])
        })
    }
}

/// Tokenizes a document (title, unit, other) and encodes its postings for
/// `shards` shards.
pub fn analyze(doc: &SearchDoc, shards: u32) -> AnalyzedDoc {
    let mut words: Vec<Box<str>> = Vec::new();
    let mut ids = HashMap::new();
    let mut occurrences: Vec<(u64, u32)> = Vec::new();
    let mut ends = [0u32; 3];
    let mut pos = 0;
    for (field, text) in [(TITLE, &doc.title), (UNIT, &doc.unit), (OTHER, &doc.text)] {
        pos = tokenize(&normalize(text), pos, |token, p| {
            occurrences.push((key_of(token, &mut words, &mut ids), p));
        });
        ends[field] = pos;
    }
    occurrences.sort_unstable();
    let mut out = AnalyzedDoc {
        length: pos,
        words,
        ..Default::default()
    };
    // (shard, key, occurrences range)
    let mut groups: Vec<(u32, u64, usize, usize)> = Vec::new();
    let mut text = Vec::new();
    let mut i = 0;
    while i < occurrences.len() {
        let key = occurrences[i].0;
        let j = i + occurrences[i..].partition_point(|o| o.0 == key);
        out.token(key).write_text(&mut text);
        groups.push((shard_of_bytes(&text, shards), key, i, j));
        i = j;
    }
    groups.sort_unstable();
    for (shard, key, from, to) in groups {
        let positions = &occurrences[from..to];
        let field_of = |p: u32| ends.iter().position(|&e| p < e).unwrap_or(OTHER);
        let mut counts = [0u32; 3];
        for &(_, p) in positions {
            counts[field_of(p)] += 1;
        }
        let [title, unit, other] = counts;
        let head = (u64::from(other) << 2) | (u64::from(title > 0) << 1) | u64::from(unit > 0);
        put_varint(&mut out.bytes, head);
        if title > 0 {
            put_varint(&mut out.bytes, u64::from(title));
        }
        if unit > 0 {
            put_varint(&mut out.bytes, u64::from(unit));
        }
        if out.token(key).has_positions() {
            // Fields in order, each list delta encoded from 0.
            let mut last = 0;
            let mut field = TITLE;
            for &(_, p) in positions {
                if field_of(p) != field {
                    field = field_of(p);
                    last = 0;
                }
                put_varint(&mut out.bytes, u64::from(p - last));
                last = p;
            }
        }
        out.entries.push((shard, key, out.bytes.len() as u32));
    }
    out
}

/// FNV-1a (32 bits) of the token's UTF-8 bytes, modulo the shard count.
pub fn shard_of(token_text: &str, shards: u32) -> u32 {
    shard_of_bytes(token_text.as_bytes(), shards)
}

fn shard_of_bytes(bytes: &[u8], shards: u32) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &byte in bytes {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % shards.max(1)
}

/// The shards that hold a document's tokens: what an update of that one
/// document has to rewrite.
pub fn document_shards(doc: &AnalyzedDoc) -> BTreeSet<u32> {
    doc.entries.iter().map(|e| e.0).collect()
}

/// A power of two from the number of characters, so that growing the site
/// doubles it (each shard splits in two) and it is known before tokenizing.
pub fn shard_count(total_chars: usize) -> u32 {
    let wanted = total_chars.div_ceil(CHARS_PER_SHARD).clamp(1, MAX_SHARDS);
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

/// One shard of the given documents (for tests and for updating one shard).
pub fn encode_shard(analyzed: &[AnalyzedDoc], shard: u32) -> (Vec<u8>, Vec<char>) {
    let mut items: Vec<(TokenRef<'_>, u32, &[u8])> = Vec::new();
    for (doc, a) in analyzed.iter().enumerate() {
        items.extend(a.shard_entries(shard).map(|(t, b)| (t, doc as u32, b)));
    }
    encode_items(items)
}

/// Shards `from..to`, walking each document's entries once (a binary search
/// per document and shard costs a cache miss each: 20 million of them for
/// 10,000 pages and 1,024 shards).
fn encode_shards(analyzed: &[AnalyzedDoc], from: u32, to: u32) -> Vec<(Vec<u8>, Vec<char>)> {
    let mut buckets: Vec<Vec<(TokenRef<'_>, u32, &[u8])>> = vec![Vec::new(); (to - from) as usize];
    for (doc, a) in analyzed.iter().enumerate() {
        let mut i = a.entries.partition_point(|e| e.0 < from);
        while let Some(&(shard, key, end)) = a.entries.get(i).filter(|e| e.0 < to) {
            let start = if i == 0 {
                0
            } else {
                a.entries[i - 1].2 as usize
            };
            buckets[(shard - from) as usize].push((
                a.token(key),
                doc as u32,
                &a.bytes[start..end as usize],
            ));
            i += 1;
        }
    }
    buckets.into_iter().map(encode_items).collect()
}

/// A shard file from its (token, document, posting) items, documents in id order.
fn encode_items(mut items: Vec<(TokenRef<'_>, u32, &[u8])>) -> (Vec<u8>, Vec<char>) {
    // Stable: documents stay in id order within a token.
    items.sort_by(|x, y| x.0.cmp(&y.0));
    let mut out = Vec::new();
    let mut chars = Vec::new();
    let mut text = Vec::new();
    let mut body = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let token = items[i].0;
        let j = i + items[i..].partition_point(|x| x.0 == token);
        token.write_text(&mut text);
        if let TokenRef::Cjk(k) = token {
            if k & SECOND == 0 {
                chars.extend(char::from_u32((k >> 22) as u32));
            }
        }
        body.clear();
        put_varint(&mut body, (j - i) as u64);
        let mut last = 0;
        for &(_, doc, bytes) in &items[i..j] {
            put_varint(&mut body, u64::from(doc - last));
            last = doc;
            body.extend_from_slice(bytes);
        }
        put_varint(
            &mut out,
            ((text.len() as u64) << 1) | u64::from(token.has_positions()),
        );
        out.extend_from_slice(&text);
        put_varint(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
        i = j;
    }
    (out, chars)
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
    let total_chars: usize = docs
        .par_iter()
        .map(|d| d.title.chars().count() + d.unit.chars().count() + d.text.chars().count())
        .sum();
    let shards = shard_count(total_chars);
    let analyzed: Vec<AnalyzedDoc> = docs.par_iter().map(|d| analyze(d, shards)).collect();
    // Blocks of shards in parallel: a few per thread keeps every core busy,
    // and each block costs one binary search per document.
    let per_block = shards.div_ceil(4 * rayon::current_num_threads().max(1) as u32);
    let blocks: Vec<Vec<(Vec<u8>, Vec<char>)>> = (0..shards.div_ceil(per_block))
        .into_par_iter()
        .map(|b| encode_shards(&analyzed, b * per_block, ((b + 1) * per_block).min(shards)))
        .collect();
    let shard_files: Vec<(Vec<u8>, Vec<char>)> = blocks.into_iter().flatten().collect();

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
        assert_eq!(shard_count(CHARS_PER_SHARD), 1);
        assert_eq!(shard_count(CHARS_PER_SHARD * 3), 4);
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
    fn postings_count_fields_and_keep_bigram_positions() {
        let doc = SearchDoc {
            title: "视察卫生院".into(),
            unit: "镇卫生院".into(),
            text: "卫生院门诊 GDP gdp".into(),
            ..Default::default()
        };
        let a = analyze(&doc, 4);
        assert_eq!(a.length, 5 + 4 + 5 + 2);
        let shard = |t: &str| {
            let bytes = encode_shard(std::slice::from_ref(&a), shard_of(t, 4)).0;
            crate::search::query::find_postings(&bytes, t).expect("decode")
        };
        let bigram = shard("卫生");
        assert_eq!(bigram.len(), 1);
        assert_eq!(bigram[0].counts, [1, 1, 1]);
        assert_eq!(bigram[0].positions, [vec![2], vec![6], vec![9]]);
        // Characters and words keep counts only.
        let char = &shard("卫")[0];
        assert_eq!(char.counts, [1, 1, 1]);
        assert!(char.positions.iter().all(Vec::is_empty));
        assert_eq!(shard("gdp")[0].counts, [0, 0, 2]);
        assert!(shard("没有").is_empty());
        assert!(document_shards(&a).contains(&shard_of("卫生", 4)));
    }

    #[test]
    fn shards_built_in_blocks_equal_shards_built_one_by_one() {
        let docs: Vec<AnalyzedDoc> = ["镇卫生院医保报销", "代表视察 GDP 2025年", "卫生院门诊"]
            .iter()
            .map(|t| {
                let doc = SearchDoc {
                    title: t.to_string(),
                    text: t.repeat(3),
                    ..Default::default()
                };
                analyze(&doc, 16)
            })
            .collect();
        let one_by_one: Vec<(Vec<u8>, Vec<char>)> =
            (0..16).map(|s| encode_shard(&docs, s)).collect();
        let mut blocks = encode_shards(&docs, 0, 5);
        blocks.extend(encode_shards(&docs, 5, 16));
        assert_eq!(blocks, one_by_one);
        assert!(blocks.iter().filter(|(b, _)| !b.is_empty()).count() > 4);
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
