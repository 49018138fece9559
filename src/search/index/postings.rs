//! Shards assembled from analyzed documents: each token's document list
//! and positions ([`Shard`]), merged a group of shards per thread
//! ([`ShardGroup`]), written as the `s/` `p/` `g/` `q/` files; and what a
//! shard's lists say of the site (its single characters, its common bigrams).
//!
//! Left to others: analyzing a document ([`super::analyze`]), the order of
//! the build and of an update (`super::build_into`, [`super::live`]).

use std::borrow::Cow;

use super::super::gram::{bigram_key, Common, KeyMap};
use super::super::normalize::is_cjk;
use super::analyze::{has_positions, key_text, AnalyzedDoc};
use super::codec::{extend_small, gzip, put_varint, varint_len, Corrupt, Reader};

/// gzip level of the document lists, which shrink 3× and are what every
/// query downloads. Level 2 (zlib-rs's fastest with codes made for the
/// file) halves the time of level 6 for 13% more bytes (at 10,000 pages:
/// 0.3 s against 0.7 s, `s/` 7.5 MB against 6.7 MB). Level 1 uses fixed
/// codes, which do not fit these bytes.
pub(super) const LISTS_LEVEL: u32 = 2;

/// One token of a shard while it is assembled: its text, and per document
/// (ascending ids) its list entry and positions.
#[derive(Default)]
pub(super) struct TokenPostings {
    pub(super) count: u32,
    pub(super) last: u32,
    pub(super) list: Vec<u8>,
    pub(super) pos: Vec<u8>,
}

impl TokenPostings {
    /// Appends a document; ids must come in ascending order.
    pub(super) fn push(&mut self, doc: u32, list: &[u8], pos: &[u8]) {
        put_varint(&mut self.list, u64::from(doc - self.last));
        extend_small(&mut self.list, list);
        extend_small(&mut self.pos, pos);
        self.last = doc;
        self.count += 1;
    }

    /// Writes the token into its shard's document lists and positions.
    pub(super) fn write(
        &self,
        text: &[u8],
        positioned: bool,
        lists: &mut Vec<u8>,
        positions: &mut Vec<u8>,
    ) {
        let count = u64::from(self.count);
        put_varint(lists, ((text.len() as u64) << 1) | u64::from(positioned));
        lists.extend_from_slice(text);
        put_varint(lists, (varint_len(count) + self.list.len()) as u64);
        put_varint(lists, count);
        lists.extend_from_slice(&self.list);
        if positioned {
            put_varint(positions, text.len() as u64);
            positions.extend_from_slice(text);
            put_varint(positions, self.pos.len() as u64);
            positions.extend_from_slice(&self.pos);
        }
    }
}

/// The uncompressed document lists and positions of one shard.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shard {
    /// The document lists, as in `s/<n>.bin` before gzip.
    pub(crate) lists: Vec<u8>,
    pub(crate) positions: Vec<u8>,
}

/// A token of a shard being written: its bytes, whether it has positions,
/// its postings.
pub(super) type ShardToken<'a> = (Cow<'a, [u8]>, bool, TokenPostings);

/// The tokens of a shard, sorted by their bytes, written out.
pub(super) fn write_shard<'a>(tokens: impl IntoIterator<Item = ShardToken<'a>>) -> Shard {
    let mut sorted: Vec<_> = tokens.into_iter().filter(|t| t.2.count > 0).collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut shard = Shard::default();
    for (text, positioned, postings) in sorted {
        postings.write(&text, positioned, &mut shard.lists, &mut shard.positions);
    }
    shard
}

/// Shards `from..to` while documents are added in id order.
pub(super) struct ShardGroup {
    pub(super) from: u32,
    pub(super) to: u32,
    // Integer keys and foldhash: SipHash was a third of `add`.
    pub(super) tokens: KeyMap<(u32, TokenPostings)>,
}

impl ShardGroup {
    pub(super) fn new(from: u32, to: u32) -> Self {
        ShardGroup {
            from,
            to,
            tokens: KeyMap::default(),
        }
    }

    pub(super) fn add(&mut self, doc: u32, analyzed: &AnalyzedDoc) {
        for e in analyzed.entries(self.from, self.to) {
            let slot = self.tokens.entry(e.key).or_default();
            slot.0 = e.shard;
            slot.1.push(doc, e.list, e.pos);
        }
    }

    pub(super) fn finish(self, common: &Common) -> Vec<Shard> {
        let mut by_shard: Vec<Vec<ShardToken<'static>>> =
            (self.from..self.to).map(|_| Vec::new()).collect();
        for (key, (shard, postings)) in self.tokens {
            let mut text = Vec::new();
            key_text(key, common, &mut text);
            by_shard[(shard - self.from) as usize].push((
                Cow::Owned(text),
                has_positions(key),
                postings,
            ));
        }
        by_shard.into_iter().map(write_shard).collect()
    }
}

/// What the token heads of a shard's lists say of the site: the single
/// Chinese characters that have a list (the fold table keeps only these),
/// and the bigrams in at least `min_df` documents (the common ones).
#[derive(Default)]
pub(super) struct ListFacts {
    pub(super) chars: Vec<char>,
    pub(super) common: Vec<u64>,
}

pub(super) fn list_facts(lists: &[u8], min_df: u32) -> Result<ListFacts, Corrupt> {
    let mut r = Reader::new(lists);
    let mut out = ListFacts::default();
    while !r.done() {
        let head = r.varint()?;
        let text = r.take((head >> 1) as usize)?;
        let mut list = Reader::new(r.block()?);
        if let Ok(s) = std::str::from_utf8(text) {
            let mut chars = s.chars().filter(|&c| is_cjk(c));
            match (chars.next(), chars.next(), chars.next()) {
                (Some(c), None, _) if s.len() == c.len_utf8() => out.chars.push(c),
                (Some(a), Some(b), None) if head & 1 == 1 && list.u32()? >= min_df => {
                    out.common.push(bigram_key(a, b));
                }
                _ => {}
            }
        }
    }
    Ok(out)
}

/// A shard's files: lists (gzipped) and positions, `s/` and `p/`, or (from
/// `shards` on) those of grams, `g/` and `q/`. Positions are written as
/// they are: deltas of scattered positions, which zlib-rs's fastest gzip made 4% larger (its
/// static codes) and zlib's level 6 only 16% smaller, for files that only
/// phrase queries read. An empty shard is still written: the browser
/// fetches by number.
pub(super) fn shard_files(s: u32, shards: u32, shard: &Shard) -> Vec<(String, Vec<u8>)> {
    shard_files_changed(s, shards, shard, [true, true])
}

/// [`shard_files`], only those whose bytes changed (`[lists, positions]`):
/// an edit changes the counts of few of a page's tokens, so most of the
/// lists it touches come out as they were, and are neither compressed nor
/// written again.
pub(super) fn shard_files_changed(
    s: u32,
    shards: u32,
    shard: &Shard,
    [lists, positions]: [bool; 2],
) -> Vec<(String, Vec<u8>)> {
    let (lists_dir, positions_dir, n) = match s.checked_sub(shards) {
        Some(g) => ("g", "q", g),
        None => ("s", "p", s),
    };
    let mut files = Vec::new();
    if lists {
        let bytes = gzip(&shard.lists, LISTS_LEVEL);
        files.push((format!("{lists_dir}/{n}.bin"), bytes));
    }
    if positions {
        let bytes = shard.positions.clone();
        files.push((format!("{positions_dir}/{n}.bin"), bytes));
    }
    files
}
