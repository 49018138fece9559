//! The search index: built once per build, written as small files so that a
//! browser downloads only what a query needs.
//!
//! Files under `search/` (numbers are unsigned LEB128 varints). The document
//! lists (`docs.bin`, `s/`, `g/`) are gzip-compressed, which the browser
//! undoes with `DecompressionStream`; positions and text are not (see
//! [`shard_files`] and [`chunk_file`]):
//!
//! - `meta.json`: format version, counts, BM25 parameters, kind labels, the
//!   year of each document (as runs: documents are ordered newest first),
//!   the Traditional → Simplified pairs whose Simplified character occurs
//!   in the site (the query is folded like the text), and the common
//!   bigrams (which tell a query what grams a phrase has).
//! - `docs.bin`: one byte of kind per document, then one byte of length
//!   (quantized like Lucene's norms: `round(ln(1 + units) * 16)`).
//! - `s/<n>.bin`: the document lists of every token whose FNV-1a hash modulo
//!   `shards` is `n`, tokens in byte order. A token: `(byte length << 1 |
//!   has positions)`, its UTF-8 bytes, the byte length of its list, then the
//!   list: document count, and per document the id delta, `(other count << 2
//!   | in title << 1 | in unit)`, the title count if in the title, the unit
//!   count if in the unit.
//! - `p/<n>.bin`: the positions of the bigrams of shard `n`, read only for
//!   phrases (three characters or more), so a two-character query never
//!   downloads them. Per bigram, in the order of `s/<n>.bin`: byte length,
//!   UTF-8 bytes, byte length of the rest, then per document of its list the
//!   positions of the title, unit and other occurrences, each list delta
//!   encoded from 0 (their counts are in the list).
//! - `g/<n>.bin` and `q/<n>.bin`: the document lists and positions (as in
//!   `s/` and `p/`) of the grams whose FNV-1a hash modulo `shards` is `n`:
//!   three or four characters made of two common bigrams (see
//!   [`super::gram`]; `common` in `meta.json`). A phrase of that length is
//!   one gram, read without positions; a longer one is a chain of
//!   overlapping grams and bigrams, each at its offset
//!   (`query::phrase_pieces`), so that 人大常委会 reads the positions of
//!   人大常委 and 大常委会, not those of four bigrams in nearly every page.
//! - `c/<k>.bin`: JSON `[[url, title, date, kind, lead, body], …]` of
//!   documents `k * chunk …` in UTF-16LE, fetched only for the results
//!   shown. The lead is the unit and the kind's fields; a snippet is taken
//!   from the body when it matches (format 6).
//!
//! Documents are numbered newest first, so ties in score keep that order.
//! The shard of a token depends on nothing but the token and the shard
//! count, so an edit of one document rewrites only the shards of its old and
//! new tokens ([`LiveIndex::update`]).

use super::gram::{
    bigram_key, gram_df, key_chars, push_utf8, Common, GramTracker, KeyMap, KeyState, GRAM_TAG,
    SECOND,
};
use super::normalize::{fold_table, is_cjk};
use super::slots::SlotTable;
use super::tokenize::{scan_raw, TokenRef};
use crate::kind::Kind;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::BuildHasher;

mod codec;
mod live;

use codec::{extend_small, varint_len};
pub use codec::{gunzip, gzip, Corrupt};
pub(crate) use codec::{put_varint, Reader};
pub use live::LiveIndex;

/// The format of the files: `search-core.js` refuses another one, so a
/// browser holding an old `search-core.js` never misreads a new index.
pub const VERSION: u32 = 6;

/// BM25 parameters and field boosts (also in `meta.json`, read by the browser).
pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;
pub const TITLE_BOOST: f64 = 5.0;
pub const UNIT_BOOST: f64 = 3.0;

/// Target characters of the site per shard: small enough for a slow phone
/// link, large enough to keep the file count sane.
const CHARS_PER_SHARD: usize = 20_000;
const MAX_SHARDS: usize = 4096;
/// Target bytes of a text chunk's UTF-8 text. Results are scattered over the
/// site, so each shown result costs a chunk: about one page of typical
/// length per chunk (10 results cost 10 small files, ~3 KB each in UTF-16,
/// like Pagefind's fragments); short pages are grouped.
const CHUNK_BYTES: usize = 4 * 1024;

/// Documents analyzed at a time: the builder holds one batch of analyzed
/// documents besides the postings it has merged, never the whole corpus.
const BATCH: usize = 256;

/// gzip level of the document lists, which shrink 3× and are what every
/// query downloads. Level 2 (zlib-rs's fastest with codes made for the
/// file) halves the time of level 6 for 13% more bytes (at 10,000 pages:
/// 0.3 s against 0.7 s, `s/` 7.5 MB against 6.7 MB). Level 1 uses fixed
/// codes, which do not fit these bytes.
const LISTS_LEVEL: u32 = 2;

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
    /// Where the body starts in `text` (bytes): the fields before it are
    /// shown in a snippet only when the body does not match.
    pub body_start: usize,
}

/// Which part of a document a token occurs in.
pub const TITLE: usize = 0;
pub const UNIT: usize = 1;
pub const OTHER: usize = 2;

/// A token inside the builder: Chinese tokens by their characters
/// (`first << 22 | second + 1`, 0 for a single character), words by their
/// index in the document's word list (tagged). Cheap to hash, sort and copy.
const WORD_TAG: u64 = 1 << 63;

/// A document's words by text.
type WordIds = HashMap<Box<str>, u64, KeyState>;

fn key_of(token: TokenRef<'_>, words: &mut Vec<Box<str>>, ids: &mut WordIds) -> u64 {
    match token {
        TokenRef::Char(c) => u64::from(c) << 22,
        TokenRef::Bigram(a, b) => bigram_key(a, b),
        TokenRef::Word(w) => match ids.get(w) {
            Some(&id) => id,
            None => {
                let id = WORD_TAG | words.len() as u64;
                words.push(w.into());
                ids.insert(w.into(), id);
                id
            }
        },
    }
}

fn is_bigram(key: u64) -> bool {
    key & (WORD_TAG | GRAM_TAG) == 0 && key & SECOND != 0
}

/// Bigrams and grams keep their positions: a phrase is matched as a chain
/// of them. Single characters and words need only counts.
fn has_positions(key: u64) -> bool {
    is_bigram(key) || key & GRAM_TAG != 0
}

/// The UTF-8 bytes of a Chinese token key (a gram's too), into `buf`.
fn cjk_text(key: u64, common: &Common, buf: &mut Vec<u8>) {
    if key & GRAM_TAG != 0 {
        return common.text(key, buf);
    }
    buf.clear();
    push_utf8(key_chars(key), buf);
}

/// A document's postings, encoded and grouped by shard: what the shards are
/// assembled from, and what an edit of that document replaces.
#[derive(Debug, Default)]
pub struct AnalyzedDoc {
    /// Positions (characters and words) in the document.
    pub length: u32,
    words: Vec<Box<str>>,
    /// (shard, token key, end of its entry in `list`, end of its positions
    /// in `pos`), by group of shards ([`group_width`] shards each).
    entries: Vec<(u32, u64, u32, u32)>,
    /// Where each group's entries start in `entries`, and their end.
    group_starts: Vec<u32>,
    /// Each token's document-list entry without the document id.
    list: Vec<u8>,
    /// Each bigram's positions.
    pos: Vec<u8>,
    /// The shard count it was analyzed for.
    shards: u32,
}

/// Groups of shards: the shards are merged a group per thread, each group
/// reading its part of every document's entries.
const GROUPS: u32 = 16;

/// Shards per group, of `shards` and as many gram shards.
fn group_width(shards: u32) -> u32 {
    (2 * shards).div_ceil(GROUPS).max(1)
}

/// One token of an analyzed document, as a shard needs it.
struct Entry<'a> {
    shard: u32,
    key: u64,
    list: &'a [u8],
    pos: &'a [u8],
}

impl AnalyzedDoc {
    fn word(&self, key: u64) -> &str {
        self.words.get((key & !WORD_TAG) as usize).map_or("", |w| w)
    }

    /// The token's UTF-8 bytes, into `buf`.
    fn text(&self, key: u64, common: &Common, buf: &mut Vec<u8>) {
        if key & WORD_TAG != 0 {
            buf.clear();
            buf.extend_from_slice(self.word(key).as_bytes());
        } else {
            cjk_text(key, common, buf);
        }
    }

    /// The entries of shards `from..to`, grouped as [`group_width`] says (the
    /// order within a group does not matter: a group keeps a map of tokens).
    fn entries(&self, from: u32, to: u32) -> impl Iterator<Item = Entry<'_>> {
        let width = group_width(self.shards);
        let group_start = |g: u32| {
            let start = self.group_starts.get(g as usize);
            start.map_or(self.entries.len(), |&i| i as usize)
        };
        let (first, last) = (group_start(from / width), group_start(to.div_ceil(width)));
        let ends = |i: usize| match i.checked_sub(1) {
            Some(prev) => (self.entries[prev].2, self.entries[prev].3),
            None => (0, 0),
        };
        (first..last)
            .filter(move |&i| (from..to).contains(&self.entries[i].0))
            .map(move |i| {
                let (shard, key, list_end, pos_end) = self.entries[i];
                let (list_start, pos_start) = ends(i);
                Entry {
                    shard,
                    key,
                    list: &self.list[list_start as usize..list_end as usize],
                    pos: &self.pos[pos_start as usize..pos_end as usize],
                }
            })
    }

    fn shards(&self) -> impl Iterator<Item = u32> + '_ {
        self.entries.iter().map(|e| e.0)
    }
}

/// The buffers of [`analyze`], kept per thread: analyzing a document
/// allocates only what it returns.
#[derive(Default)]
struct Scratch {
    word_ids: WordIds,
    word: String,
    /// Each distinct token gets a slot; occurrences are (slot, position).
    slots: SlotTable,
    keys: Vec<u64>,
    /// Per slot, the id of a common bigram (looked up once per document).
    common_ids: Vec<Option<u32>>,
    /// Per slot, occurrences in the title, the unit and the rest.
    counts: Vec<[u32; 3]>,
    /// Occurrences of the tokens with positions (bigrams): (slot, position).
    occurrences: Vec<(u32, u32)>,
    /// Positions grouped by slot, where each slot's group starts, and (while
    /// grouping) where the next one goes.
    positions: Vec<u32>,
    starts: Vec<u32>,
    fill: Vec<u32>,
    /// Per slot, its shard; the slots in the order of their groups of
    /// shards, and (while ordering) where the next one of each group goes.
    shard_of: Vec<u32>,
    order: Vec<u32>,
    group_fill: Vec<u32>,
}

/// Tokenizes a document (title, unit, other) and encodes its postings for
/// `shards` shards; the grams of `common` bigrams go to shards `shards..2 *
/// shards` (the `g/` files).
pub fn analyze(doc: &SearchDoc, shards: u32, common: &Common) -> AnalyzedDoc {
    thread_local! {
        static SCRATCH: RefCell<Scratch> = RefCell::default();
    }
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => analyze_with(doc, shards, common, &mut scratch),
        // Not reentrant, but never wrong: fresh buffers.
        Err(_) => analyze_with(doc, shards, common, &mut Scratch::default()),
    })
}

fn analyze_with(doc: &SearchDoc, shards: u32, common: &Common, s: &mut Scratch) -> AnalyzedDoc {
    let mut words: Vec<Box<str>> = Vec::new();
    s.word_ids.clear();
    // About one distinct token per character, and a character is three bytes.
    s.slots
        .reset((doc.title.len() + doc.unit.len() + doc.text.len()) / 3);
    s.keys.clear();
    s.common_ids.clear();
    s.counts.clear();
    s.occurrences.clear();
    let mut pos = 0;
    let mut grams = GramTracker::default();
    for (field, text) in [(TITLE, &doc.title), (UNIT, &doc.unit), (OTHER, &doc.text)] {
        grams.reset();
        let Scratch {
            word_ids,
            word,
            slots,
            keys,
            common_ids,
            counts,
            occurrences,
            ..
        } = &mut *s;
        // Adds an occurrence; returns the common id of its token (a bigram's).
        let mut add = |key: u64, p: u32| {
            let (slot, new) = slots.slot(key);
            if new {
                keys.push(key);
                common_ids.push(if is_bigram(key) { common.id(key) } else { None });
                counts.push([0; 3]);
            }
            counts[slot as usize][field] += 1;
            if has_positions(key) {
                occurrences.push((slot, p));
            }
            common_ids[slot as usize]
        };
        pos = scan_raw(text, pos, word, |token, p| {
            let key = key_of(token, &mut words, word_ids);
            let id = add(key, p);
            if let TokenRef::Bigram(..) = token {
                grams.bigram(id, p, |gram, at| {
                    add(gram, at);
                });
            }
        });
    }
    // Positions grouped by slot (a counting sort: each group stays in
    // position order).
    s.starts.clear();
    let mut total = 0;
    for (counts, &key) in s.counts.iter().zip(&s.keys) {
        s.starts.push(total);
        if has_positions(key) {
            total += counts.iter().sum::<u32>();
        }
    }
    s.starts.push(total);
    s.positions.clear();
    s.positions.resize(s.occurrences.len(), 0);
    s.fill.clear();
    s.fill.extend_from_slice(&s.starts);
    for &(slot, p) in &s.occurrences {
        let fill = &mut s.fill[slot as usize];
        s.positions[*fill as usize] = p;
        *fill += 1;
    }
    let mut out = AnalyzedDoc {
        length: pos,
        words,
        shards,
        ..Default::default()
    };
    // Each slot's shard, then the slots by group of shards (a counting sort:
    // a group reads only its own entries).
    s.shard_of.clear();
    s.group_fill.clear();
    s.group_fill.resize(GROUPS as usize + 1, 0);
    let width = group_width(shards);
    for &key in &s.keys {
        let shard = if key & WORD_TAG != 0 {
            shard_of_bytes(out.word(key).as_bytes(), shards)
        } else if key & GRAM_TAG != 0 {
            shards + bucket(fnv_chars(common.chars(key).into_iter().flatten()), shards)
        } else {
            bucket(fnv_chars(key_chars(key).into_iter().flatten()), shards)
        };
        s.shard_of.push(shard);
        s.group_fill[(shard / width) as usize + 1] += 1;
    }
    for g in 1..s.group_fill.len() {
        s.group_fill[g] += s.group_fill[g - 1];
    }
    out.group_starts.extend_from_slice(&s.group_fill);
    s.order.clear();
    s.order.resize(s.keys.len(), 0);
    for (slot, &shard) in s.shard_of.iter().enumerate() {
        let fill = &mut s.group_fill[(shard / width) as usize];
        s.order[*fill as usize] = slot as u32;
        *fill += 1;
    }
    out.entries.reserve(s.keys.len());
    out.list.reserve(3 * s.keys.len());
    out.pos.reserve(2 * s.occurrences.len());
    for &slot in &s.order {
        let slot = slot as usize;
        let (key, shard) = (s.keys[slot], s.shard_of[slot]);
        let positions = &s.positions[s.starts[slot] as usize..s.starts[slot + 1] as usize];
        let [title, unit, other] = s.counts[slot];
        let head = (u64::from(other) << 2) | (u64::from(title > 0) << 1) | u64::from(unit > 0);
        put_varint(&mut out.list, head);
        if title > 0 {
            put_varint(&mut out.list, u64::from(title));
        }
        if unit > 0 {
            put_varint(&mut out.list, u64::from(unit));
        }
        // Fields in order (positions ascend, and so do the fields), each
        // list delta encoded from 0.
        let (title_end, unit_end) = (title as usize, (title + unit) as usize);
        let mut last = 0;
        for (k, &p) in positions.iter().enumerate() {
            if k == title_end || k == unit_end {
                last = 0;
            }
            put_varint(&mut out.pos, u64::from(p - last));
            last = p;
        }
        out.entries
            .push((shard, key, out.list.len() as u32, out.pos.len() as u32));
    }
    out
}

/// FNV-1a (32 bits) of the token's UTF-8 bytes, modulo the shard count.
pub fn shard_of(token_text: &str, shards: u32) -> u32 {
    shard_of_bytes(token_text.as_bytes(), shards)
}

const FNV_START: u32 = 0x811c_9dc5;

/// FNV-1a (32 bits) of `bytes`, continuing from `hash`.
fn fnv1a(hash: u32, bytes: &[u8]) -> u32 {
    bytes.iter().fold(hash, |h, &byte| {
        (h ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// FNV-1a of the UTF-8 bytes of `chars`, without writing them out.
fn fnv_chars(chars: impl Iterator<Item = char>) -> u32 {
    chars.fold(FNV_START, fnv_char)
}

/// FNV-1a of the UTF-8 bytes of `c`, continuing from `hash`.
fn fnv_char(hash: u32, c: char) -> u32 {
    fnv1a(hash, c.encode_utf8(&mut [0; 4]).as_bytes())
}

fn shard_of_bytes(bytes: &[u8], shards: u32) -> u32 {
    bucket(fnv1a(FNV_START, bytes), shards)
}

/// `hash % shards`: a mask instead of a division per token when the count
/// is a power of two, as [`shard_count`] makes it.
fn bucket(hash: u32, shards: u32) -> u32 {
    if shards.is_power_of_two() {
        hash & (shards - 1)
    } else {
        hash % shards.max(1)
    }
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
    /// The common bigrams (in [`gram_df`] documents or more), one after
    /// another: a query knows from them which grams a phrase has.
    pub common: String,
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
    /// Documents tokenized (all of them in a build, the edited ones in an update).
    pub analyzed: usize,
    /// How long each part took, for the caller to keep or drop.
    pub timings: Vec<crate::timing::Timing>,
}

/// Files of the index, relative to `search/`: all of them after a build, the
/// changed ones after an update.
pub struct IndexFiles {
    pub files: Vec<(String, Vec<u8>)>,
    /// Every file of the index (after an update, those not rewritten too).
    pub names: Vec<String>,
    pub stats: IndexStats,
}

/// One token of a shard while it is assembled: its text, and per document
/// (ascending ids) its list entry and positions.
#[derive(Default)]
struct TokenPostings {
    count: u32,
    last: u32,
    list: Vec<u8>,
    pos: Vec<u8>,
}

impl TokenPostings {
    /// Appends a document; ids must come in ascending order.
    fn push(&mut self, doc: u32, list: &[u8], pos: &[u8]) {
        put_varint(&mut self.list, u64::from(doc - self.last));
        extend_small(&mut self.list, list);
        extend_small(&mut self.pos, pos);
        self.last = doc;
        self.count += 1;
    }

    /// Writes the token into its shard's document lists and positions.
    fn write(&self, text: &[u8], positioned: bool, lists: &mut Vec<u8>, positions: &mut Vec<u8>) {
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
    pub lists: Vec<u8>,
    pub positions: Vec<u8>,
}

/// A token of a shard being written: its bytes, whether it has positions,
/// its postings.
type ShardToken<'a> = (Cow<'a, [u8]>, bool, TokenPostings);

/// The tokens of a shard, sorted by their bytes, written out.
fn write_shard<'a>(tokens: impl IntoIterator<Item = ShardToken<'a>>) -> Shard {
    let mut sorted: Vec<_> = tokens.into_iter().filter(|t| t.2.count > 0).collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut shard = Shard::default();
    for (text, positioned, postings) in sorted {
        postings.write(&text, positioned, &mut shard.lists, &mut shard.positions);
    }
    shard
}

/// Shards `from..to` while documents are added in id order.
struct ShardGroup {
    from: u32,
    to: u32,
    // Integer keys and foldhash: SipHash was a third of `add`.
    cjk: KeyMap<(u32, TokenPostings)>,
    words: HashMap<Box<str>, (u32, TokenPostings), KeyState>,
}

impl ShardGroup {
    fn new(from: u32, to: u32) -> Self {
        ShardGroup {
            from,
            to,
            cjk: KeyMap::default(),
            words: HashMap::default(),
        }
    }

    fn add(&mut self, doc: u32, analyzed: &AnalyzedDoc) {
        for e in analyzed.entries(self.from, self.to) {
            let slot = if e.key & WORD_TAG != 0 {
                let word = analyzed.word(e.key);
                match self.words.get_mut(word) {
                    Some(slot) => slot,
                    None => self.words.entry(word.into()).or_default(),
                }
            } else {
                self.cjk.entry(e.key).or_default()
            };
            slot.0 = e.shard;
            slot.1.push(doc, e.list, e.pos);
        }
    }

    fn finish(self, common: &Common) -> Vec<Shard> {
        let mut by_shard: Vec<Vec<ShardToken<'static>>> =
            (self.from..self.to).map(|_| Vec::new()).collect();
        for (key, (shard, postings)) in self.cjk {
            let mut text = Vec::new();
            cjk_text(key, common, &mut text);
            by_shard[(shard - self.from) as usize].push((
                Cow::Owned(text),
                has_positions(key),
                postings,
            ));
        }
        for (word, (shard, postings)) in self.words {
            let text = Cow::Owned(word.into_boxed_bytes().into_vec());
            by_shard[(shard - self.from) as usize].push((text, false, postings));
        }
        by_shard.into_iter().map(write_shard).collect()
    }
}

/// Newest first; undated last; then by URL so the order is stable.
fn sort_docs(docs: &mut [SearchDoc]) {
    docs.sort_by(|a, b| newest_first((&a.date, &a.url), (&b.date, &b.url)));
}

/// The order of documents in the index, by (date, URL).
pub fn newest_first(a: (&str, &str), b: (&str, &str)) -> std::cmp::Ordering {
    b.0.cmp(a.0).then_with(|| a.1.cmp(b.1))
}

fn kind_byte(kind: Option<Kind>) -> u8 {
    kind.and_then(|k| Kind::ALL.iter().position(|&x| x == k))
        .unwrap_or(0) as u8
}

fn total_chars(docs: &[SearchDoc]) -> usize {
    docs.par_iter()
        .map(|d| d.title.chars().count() + d.unit.chars().count() + d.text.chars().count())
        .sum()
}

/// What the index says of a document's text: an edit that changes it has to
/// be analyzed again.
fn fingerprint(doc: &SearchDoc) -> u64 {
    // Fixed seeds: the same in every run. foldhash's quality variant hashes
    // the site's text (tens of MB) several times faster than SipHash.
    foldhash::quality::FixedState::default().hash_one((&doc.title, &doc.unit, &doc.text))
}

/// A document's text as its row shows it: the lead (the unit, then the
/// kind's fields) and the body, apart, so that a snippet can prefer the
/// body's prose to a list of names.
fn lead_and_body(doc: &SearchDoc) -> (Cow<'_, str>, &str) {
    let (fields, body) = match (
        doc.text.get(..doc.body_start),
        doc.text.get(doc.body_start..),
    ) {
        (Some(fields), Some(body)) => (fields.trim(), body.trim()),
        _ => ("", doc.text.trim()),
    };
    let lead = match (doc.unit.is_empty(), fields.is_empty()) {
        (true, _) => Cow::Borrowed(fields),
        (false, true) => Cow::Borrowed(doc.unit.as_str()),
        (false, false) => Cow::Owned(format!("{}　{fields}", doc.unit)),
    };
    (lead, body)
}

/// What a document's row of text chunk shows besides its text.
fn row_fingerprint(doc: &SearchDoc) -> u64 {
    foldhash::quality::FixedState::default().hash_one((
        &doc.date,
        kind_byte(doc.kind),
        doc.body_start,
    ))
}

/// Documents per text chunk, from the average text size.
fn chunk_size(docs: &[SearchDoc]) -> usize {
    let text_bytes: usize = docs.iter().map(|d| d.text.len() + d.title.len()).sum();
    chunk_size_of(docs.len(), text_bytes)
}

fn chunk_size_of(docs: usize, text_bytes: usize) -> usize {
    (CHUNK_BYTES * docs.max(1) / text_bytes.max(1)).clamp(1, 256)
}

/// Chunk `k`'s file: its JSON in UTF-16LE, two bytes a Chinese character
/// instead of UTF-8's three. That is as small as zlib-rs's fastest gzip
/// (3.05 MB against 2.97 MB for the text of 1,000 generated pages: deflate
/// finds few repeats in 4 KB of Chinese) at no cost, where the gzip was a
/// tenth of the index's build time.
fn chunk_file(part: &[SearchDoc]) -> Vec<u8> {
    // [url, title, date, kind, lead, body]
    type Row<'a> = (&'a str, &'a str, &'a str, u8, Cow<'a, str>, &'a str);
    let rows: Vec<Row<'_>> = part
        .iter()
        .map(|d| {
            let (lead, body) = lead_and_body(d);
            (&*d.url, &*d.title, &*d.date, kind_byte(d.kind), lead, body)
        })
        .collect();
    let json = serde_json::to_string(&rows).unwrap_or_default();
    let mut out = Vec::with_capacity(2 * json.len());
    for unit in json.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

/// The JSON of a text chunk file (what the browser's `TextDecoder` reads).
pub fn chunk_json(bytes: &[u8]) -> Result<String, Corrupt> {
    if !bytes.len().is_multiple_of(2) {
        return Err(Corrupt("text chunk: odd length".into()));
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    String::from_utf16(&units).map_err(|e| Corrupt(format!("text chunk: {e}")))
}

/// What the token heads of a shard's lists say of the site: the single
/// Chinese characters that have a list (the fold table keeps only these),
/// and the bigrams in at least `min_df` documents (the common ones).
#[derive(Default)]
struct ListFacts {
    chars: Vec<char>,
    common: Vec<u64>,
}

fn list_facts(lists: &[u8], min_df: u32) -> Result<ListFacts, Corrupt> {
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
fn shard_files(s: u32, shards: u32, shard: &Shard) -> Vec<(String, Vec<u8>)> {
    shard_files_changed(s, shards, shard, [true, true])
}

/// [`shard_files`], only those whose bytes changed (`[lists, positions]`):
/// an edit changes the counts of few of a page's tokens, so most of the
/// lists it touches come out as they were, and are neither compressed nor
/// written again.
fn shard_files_changed(
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

/// Builds every file of the index.
pub fn build(docs: Vec<SearchDoc>) -> IndexFiles {
    build_live(docs).0
}

/// Builds every file of the index, and the state to update it by.
pub fn build_live(docs: Vec<SearchDoc>) -> (IndexFiles, LiveIndex) {
    let files = std::sync::Mutex::new(Vec::new());
    let collect = |name: String, bytes: Vec<u8>| -> Result<(), std::convert::Infallible> {
        if let Ok(mut files) = files.lock() {
            files.push((name, bytes));
        }
        Ok(())
    };
    let mut docs = docs;
    sort_docs(&mut docs);
    let source = |i: usize| docs[i].clone();
    let (mut built, live) = match build_into(docs.len(), &source, true, &collect) {
        Ok(done) => done,
        Err(never) => match never {},
    };
    let mut files = files.into_inner().unwrap_or_default();
    // In the order of the names, whatever order the threads wrote them in.
    let order: HashMap<&str, usize> = built
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    files.sort_by_key(|(n, _)| order.get(n.as_str()).copied());
    built.files = files;
    (built, live)
}

/// Builds every file of the index and gives each to `sink` as soon as it is
/// made (an [`IndexFiles`] without files). Documents are analyzed a batch at
/// a time (in parallel), each batch merged into the postings of the shards
/// (groups of shards in parallel), so memory holds the postings once,
/// compactly encoded; with `keep` false even those go once written, and no
/// [`LiveIndex`] is returned.
pub fn build_into<E: Send>(
    n: usize,
    source: &(dyn Fn(usize) -> SearchDoc + Sync),
    keep: bool,
    sink: &(dyn Fn(String, Vec<u8>) -> Result<(), E> + Sync),
) -> Result<(IndexFiles, LiveIndex), E> {
    let bytes = std::sync::atomic::AtomicU64::new(0);
    let sink = |name: String, file: Vec<u8>| {
        bytes.fetch_add(file.len() as u64, std::sync::atomic::Ordering::Relaxed);
        sink(name, file)
    };
    // What is needed before analyzing: the shard count (from the number of
    // characters), the chunk size, and each document's facts.
    struct Facts {
        url: String,
        fingerprint: u64,
        row: u64,
        chars: usize,
        text_bytes: usize,
        year: i32,
        kind: u8,
    }
    // And the documents of each bigram, for the common ones (see `gram.rs`):
    // counted per thread, then summed.
    type Partial = (Vec<(usize, Facts)>, KeyMap<(u32, u32)>);
    let mut parts = crate::timing::Parts::start();
    let (mut facts, df): Partial = parts.time("facts and common bigrams", || {
        (0..n)
            .into_par_iter()
            .with_min_len(64)
            .fold(
                || (Vec::new(), KeyMap::default(), String::new()),
                |(mut facts, mut df, mut word), i| {
                    let d = source(i);
                    let texts = [d.title.as_str(), &d.unit, &d.text];
                    super::gram::count_bigrams(texts, i as u32, &mut df, &mut word);
                    let f = Facts {
                        fingerprint: fingerprint(&d),
                        row: row_fingerprint(&d),
                        chars: d.title.chars().count()
                            + d.unit.chars().count()
                            + d.text.chars().count(),
                        text_bytes: d.text.len() + d.title.len(),
                        year: d.year,
                        kind: kind_byte(d.kind),
                        url: d.url,
                    };
                    facts.push((i, f));
                    (facts, df, word)
                },
            )
            .map(|(facts, df, _)| (facts, df))
            .reduce(
                || (Vec::new(), KeyMap::default()),
                |(mut fa, mut da), (fb, mut db)| {
                    fa.extend(fb);
                    if da.len() < db.len() {
                        std::mem::swap(&mut da, &mut db);
                    }
                    // Each part counted other documents: the counts add up.
                    for (k, (count, _)) in db {
                        da.entry(k).or_insert((0, 0)).0 += count;
                    }
                    (fa, da)
                },
            )
    });
    facts.sort_unstable_by_key(|f| f.0);
    let facts: Vec<Facts> = facts.into_iter().map(|f| f.1).collect();
    let common = Common::new(
        df.iter()
            .filter(|(_, &(count, _))| count >= gram_df(n))
            .map(|(&k, _)| k)
            .collect(),
    );
    drop(df);
    let shards = shard_count(facts.iter().map(|f| f.chars).sum());
    // Shards `shards..2 * shards` are those of the grams.
    let all_shards = 2 * shards;
    let per_group = group_width(shards);
    let mut groups: Vec<ShardGroup> = (0..all_shards.div_ceil(per_group))
        .map(|g| ShardGroup::new(g * per_group, ((g + 1) * per_group).min(all_shards)))
        .collect();
    let chunk = chunk_size_of(n, facts.iter().map(|f| f.text_bytes).sum());
    let mut live = LiveIndex {
        shards,
        chunk,
        urls: Vec::with_capacity(n),
        fingerprints: facts.iter().map(|f| f.fingerprint).collect(),
        rows: facts.iter().map(|f| f.row).collect(),
        lengths: Vec::with_capacity(n),
        // Only `serve` updates the index (`keep`): a build skips this map.
        doc_shards: match keep {
            true => vec![0; n * (2 * shards as usize).div_ceil(64)],
            false => Vec::new(),
        },
        data: Vec::new(),
        common,
    };
    let facts: Vec<(i32, u8)> = facts
        .into_iter()
        .map(|f| {
            live.urls.push(f.url);
            (f.year, f.kind)
        })
        .collect();
    // Whole chunks per batch: a batch's text is made, analyzed, written
    // into its chunks and dropped; the site's text is never held twice.
    let batch = chunk * (BATCH / chunk).max(1);
    for first in (0..n).step_by(batch) {
        let end = (first + batch).min(n);
        let docs: Vec<SearchDoc> = parts.time("documents", || {
            (first..end).into_par_iter().map(source).collect()
        });
        let analyzed: Vec<AnalyzedDoc> = parts.time("analysis", || {
            docs.par_iter()
                .map(|d| analyze(d, shards, &live.common))
                .collect()
        });
        parts.time("postings", || {
            groups.par_iter_mut().for_each(|g| {
                for (i, a) in analyzed.iter().enumerate() {
                    g.add((first + i) as u32, a);
                }
            });
        });
        for (i, a) in analyzed.iter().enumerate() {
            if keep {
                live.set_doc_shards(first + i, a);
            }
            live.lengths.push(length_code(a.length));
        }
        parts.time("text chunks", || {
            docs.par_chunks(chunk)
                .enumerate()
                .try_for_each(|(k, part)| {
                    sink(format!("c/{}.bin", first / chunk + k), chunk_file(part))
                })
        })?;
    }
    // Each group's shards are written as soon as they are made.
    // Per group: its shards (if kept) and the single characters in them.
    type Finished = (Vec<Shard>, Vec<char>);
    let finished: Vec<Result<Finished, E>> = parts.time("shard files", || {
        groups
            .into_par_iter()
            .map(|g| {
                let from = g.from;
                let made = g.finish(&live.common);
                let mut used = Vec::new();
                for (i, shard) in made.iter().enumerate() {
                    let s = from + i as u32;
                    if s < shards {
                        used.extend(list_facts(&shard.lists, u32::MAX).unwrap_or_default().chars);
                    }
                    for (name, file) in shard_files(s, shards, shard) {
                        sink(name, file)?;
                    }
                }
                Ok((if keep { made } else { Vec::new() }, used))
            })
            .collect()
    });
    let mut used = BTreeSet::new();
    for group in finished {
        let (shards, chars) = group?;
        live.data.extend(shards);
        used.extend(chars);
    }
    for (name, file) in live.common_files(&facts, &used) {
        sink(name, file)?;
    }
    let mut built = live.files(Vec::new(), n, n);
    built.stats.files = built.names.len();
    built.stats.bytes = bytes.into_inner();
    built.stats.timings = parts.timings("search index");
    Ok((built, live))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::{find_positions, find_postings};

    #[test]
    fn fnv_of_chars_is_fnv_of_their_utf8() {
        for text in ["a", "é", "卫生院", "𠀀", "aé卫𠀀", ""] {
            assert_eq!(
                fnv_chars(text.chars()),
                fnv1a(FNV_START, text.as_bytes()),
                "{text}"
            );
        }
    }

    #[test]
    fn shard_of_is_fnv1a_and_stable() {
        // FNV-1a of "a" is 0xe40c292c (the browser computes the same).
        assert_eq!(shard_of("a", 1000), 0xe40c292c % 1000);
        assert_eq!(
            shard_of("a", 1024),
            0xe40c292c % 1024,
            "the mask is the modulo"
        );
        assert_eq!(shard_of("a", 0), 0);
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
    fn text_chunks_are_utf16_json_that_reads_back() {
        let docs = vec![SearchDoc {
            url: "news/a/".into(),
            title: "镇卫生院\"医保\"".into(),
            date: "2026-03-01".into(),
            unit: "清溪镇卫生院".into(),
            text: "报销 𠀋 2025年".into(),
            ..Default::default()
        }];
        let file = chunk_file(&docs);
        let json = chunk_json(&file).expect("utf-16");
        assert_eq!(file.len(), 2 * json.encode_utf16().count());
        let rows: Vec<(String, String, String, u8, String, String)> =
            serde_json::from_str(&json).expect("json");
        assert_eq!(rows[0].1, "镇卫生院\"医保\"");
        assert_eq!(rows[0].4, "清溪镇卫生院", "no fields: the lead is the unit");
        assert_eq!(rows[0].5, "报销 𠀋 2025年");
        assert!(chunk_json(&file[1..]).is_err());
        assert!(chunk_json(&[0x00, 0xd8]).is_err(), "a lone surrogate");
    }

    #[test]
    fn a_row_shows_the_fields_in_its_lead_and_the_body_apart() {
        let text = "视察　林秀英\n镇卫生院门诊\n签约服务";
        let doc = |unit: &str, body_start: usize| SearchDoc {
            unit: unit.into(),
            text: text.into(),
            body_start,
            ..Default::default()
        };
        let body_start = text.find('\n').map_or(0, |i| i + 1);
        let row = |d: &SearchDoc| {
            let (lead, body) = lead_and_body(d);
            (lead.into_owned(), body.to_string())
        };
        let both = (
            "镇卫生院　视察　林秀英".to_string(),
            "镇卫生院门诊\n签约服务".to_string(),
        );
        assert_eq!(row(&doc("镇卫生院", body_start)), both);
        assert_eq!(
            row(&doc("", body_start)),
            ("视察　林秀英".into(), "镇卫生院门诊\n签约服务".into())
        );
        assert_eq!(row(&doc("", 0)), (String::new(), text.into()), "no fields");
        // An offset inside a character or past the end: all of it is body.
        for wrong in [1, text.len() + 1] {
            assert_eq!(row(&doc("", wrong)), (String::new(), text.into()));
        }
    }

    pub(super) fn files_of(built: &IndexFiles) -> HashMap<String, Vec<u8>> {
        built.files.iter().cloned().collect()
    }

    fn read(files: &HashMap<String, Vec<u8>>, rel: &str) -> Vec<u8> {
        gunzip(&files[rel]).expect("gunzip").into_owned()
    }

    #[test]
    fn lists_count_fields_and_positions_are_apart() {
        let doc = SearchDoc {
            title: "视察卫生院".into(),
            unit: "镇卫生院".into(),
            text: "卫生院门诊 GDP gdp".into(),
            ..Default::default()
        };
        assert_eq!(analyze(&doc, 4, &Common::default()).length, 5 + 4 + 5 + 2);
        let files = files_of(&build(vec![doc]));
        let shard = |t: &str| {
            let s = shard_of(t, 1);
            let mut postings =
                find_postings(&read(&files, &format!("s/{s}.bin")), t).expect("decode");
            let before = postings.clone();
            if t.chars().count() == 2 && !postings.is_empty() {
                find_positions(&read(&files, &format!("p/{s}.bin")), t, &mut postings)
                    .expect("positions");
            }
            (before, postings)
        };
        let (list, bigram) = shard("卫生");
        assert_eq!(bigram.len(), 1);
        assert_eq!(bigram[0].counts, [1, 1, 1]);
        // The list alone has no positions; the positions file adds them.
        assert!(list[0].positions.iter().all(Vec::is_empty));
        assert_eq!(bigram[0].positions, [vec![2], vec![6], vec![9]]);
        // Characters and words keep counts only.
        let (_, char) = shard("卫");
        assert_eq!(char[0].counts, [1, 1, 1]);
        assert!(char[0].positions.iter().all(Vec::is_empty));
        assert_eq!(shard("gdp").1[0].counts, [0, 0, 2]);
        assert!(shard("没有").0.is_empty());
    }

    pub(super) fn corpus(texts: &[&str], repeat: usize) -> Vec<SearchDoc> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| SearchDoc {
                url: format!("p{i}/"),
                date: format!("2025-01-{:02}", i + 1),
                year: 2025,
                title: t.chars().take(4).collect(),
                text: t.repeat(repeat),
                kind: Some(Kind::Article),
                ..Default::default()
            })
            .collect()
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
