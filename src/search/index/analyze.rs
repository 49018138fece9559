//! One document's postings: its tokens (single units, bigrams, grams of
//! common bigrams), counted per field, with the
//! positions of those matched as phrases, encoded and grouped by shard
//! ([`AnalyzedDoc`]). Per-thread buffers keep it from allocating.
//!
//! Left to others: tokenizing (`super::super::tokenize`), assembling the
//! shards from many documents ([`super::postings`]).

use std::cell::RefCell;

use super::super::gram::{bigram_key, key_chars, push_utf8, Common, GramTracker, GRAM_TAG, SECOND};
use super::super::slots::SlotTable;
use super::super::tokenize::{scan_raw, Token};
use super::codec::put_varint;
use super::format::{SearchDoc, OTHER, TITLE, UNIT};
use super::shard::{bucket, fnv_chars};

/// A token inside the builder: a unit or a bigram by its characters
/// (`first << 22 | second + 1`, 0 for a single unit), a gram tagged
/// ([`GRAM_TAG`]). Cheap to hash, sort and copy.
pub(super) fn key_of(token: Token) -> u64 {
    match token {
        Token::Char(c) => u64::from(c) << 22,
        Token::Bigram(a, b) => bigram_key(a, b),
    }
}

pub(super) fn is_bigram(key: u64) -> bool {
    key & GRAM_TAG == 0 && key & SECOND != 0
}

/// Bigrams and grams keep their positions: a phrase is matched as a chain
/// of them. Single units need only counts.
pub(super) fn has_positions(key: u64) -> bool {
    is_bigram(key) || key & GRAM_TAG != 0
}

/// The UTF-8 bytes of a token key (a gram's too), into `buf`.
pub(super) fn key_text(key: u64, common: &Common, buf: &mut Vec<u8>) {
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
    /// Positions (units) in the document.
    pub length: u32,
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
pub(super) const GROUPS: u32 = 16;

/// Shards per group, of `shards` and as many gram shards.
pub(super) fn group_width(shards: u32) -> u32 {
    (2 * shards).div_ceil(GROUPS).max(1)
}

/// One token of an analyzed document, as a shard needs it.
pub(super) struct Entry<'a> {
    pub(super) shard: u32,
    pub(super) key: u64,
    pub(super) list: &'a [u8],
    pub(super) pos: &'a [u8],
}

impl AnalyzedDoc {
    /// The entries of shards `from..to`, grouped as [`group_width`] says (the
    /// order within a group does not matter: a group keeps a map of tokens).
    pub(super) fn entries(&self, from: u32, to: u32) -> impl Iterator<Item = Entry<'_>> {
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

    pub(super) fn shards(&self) -> impl Iterator<Item = u32> + '_ {
        self.entries.iter().map(|e| e.0)
    }
}

/// The buffers of [`analyze`], kept per thread: analyzing a document
/// allocates only what it returns.
#[derive(Default)]
pub(super) struct Scratch {
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

pub(super) fn analyze_with(
    doc: &SearchDoc,
    shards: u32,
    common: &Common,
    s: &mut Scratch,
) -> AnalyzedDoc {
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
        pos = scan_raw(text, pos, |token, p| {
            let id = add(key_of(token), p);
            if let Token::Bigram(..) = token {
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
        let shard = if key & GRAM_TAG != 0 {
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
