//! Phrases of common bigrams, indexed whole.
//!
//! A phrase of three or more characters is matched through the positions of
//! its bigrams. On a congress site 人大 and 代表 are in nearly every page, so
//! 人大代表 would download the positions of both in every page (800 KB at
//! 10,000 pages). Instead, a bigram in at least [`gram_df`] documents is
//! *common*, and wherever two common bigrams follow each other the builder
//! also indexes the three or four characters they make, as one token (a
//! *gram*):
//!
//! - a trigram `abc` where `ab` and `bc` are both common (常委会);
//! - a quadgram `abcd` where `ab` and `cd` are both common (人大代表).
//!
//! A gram at position p says the characters occur there within one run, as
//! a phrase match does, so its counts per field are the phrase's counts: a
//! query of three or four characters whose outer bigrams are common reads
//! the gram's document list alone (in `g/<n>.bin`, apart from the bigrams'
//! shards, which stay as they were for every other query).
//!
//! Grams have positions too (`q/<n>.bin`), read only for longer phrases: a
//! phrase of five characters or more is matched as a chain of overlapping
//! grams and bigrams (`query::phrase_pieces`), so 人大常委会 reads the
//! positions of 人大常委 and 大常委会, not those of four bigrams that are in
//! nearly every page.
//!
//! Which bigrams are common depends on the whole site: a build counts them
//! first ([`count_bigrams`]); an update keeps them, and builds afresh when
//! the edit changes them (rare: a bigram's count must cross the threshold).

use super::tokenize::{scan_raw, Token};
use std::collections::HashMap;

/// Documents a bigram must be in to be common: half of them, at least 64.
/// Below half, the positions of a phrase's bigrams cost less than Pagefind
/// downloads for a query (at 10,000 pages, two bigrams in 40% of the pages:
/// ~50 KB), while every gram costs build time and index bytes (at one in
/// sixteen, the grams had more postings than all other tokens). At least
/// 64, so that a small site has no grams, and an edit there never changes
/// which bigrams are common (which rebuilds the index).
pub fn gram_df(docs: usize) -> u32 {
    (docs / 2).max(MIN_GRAM_DF) as u32
}

pub(crate) const MIN_GRAM_DF: usize = 64;

/// Builder keys (see `index/mod.rs`): a gram is tagged, with the ids of its two
/// bigrams in [`Common`] and whether they overlap (trigram) or not.
pub(crate) const GRAM_TAG: u64 = 1 << 62;
const TRIGRAM: u64 = 1 << 61;
const ID_BITS: u32 = 30;
const ID_MASK: u64 = (1 << ID_BITS) - 1;

/// The hasher of the builder's maps: the keys are not chosen by an attacker,
/// and SipHash costs more than the rest of a lookup. Fixed, so that a build
/// does the same work every time.
pub(crate) type KeyState = foldhash::fast::FixedState;

/// A map keyed by token keys, with a fixed fast hasher.
pub type KeyMap<V> = HashMap<u64, V, KeyState>;

/// The low bits of a character or bigram key: its second character plus one.
pub(crate) const SECOND: u64 = (1 << 22) - 1;

/// A bigram's builder key: `first << 22 | second + 1`.
pub fn bigram_key(a: char, b: char) -> u64 {
    (u64::from(a) << 22) | (u64::from(b) + 1)
}

/// The characters of a character or bigram key (no second for a character).
pub(crate) fn key_chars(key: u64) -> [Option<char>; 2] {
    let second = (key & SECOND).checked_sub(1);
    [
        char::from_u32((key >> 22) as u32),
        second.and_then(|c| char::from_u32(c as u32)),
    ]
}

fn bigram_chars(key: u64) -> Option<(char, char)> {
    match key_chars(key) {
        [Some(a), Some(b)] => Some((a, b)),
        _ => None,
    }
}

/// Appends the UTF-8 bytes of `chars` to `buf`.
pub(crate) fn push_utf8(chars: impl IntoIterator<Item = Option<char>>, buf: &mut Vec<u8>) {
    let mut tmp = [0u8; 4];
    for c in chars.into_iter().flatten() {
        buf.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
    }
}

/// The common bigrams of a site (ascending keys; an id is an index).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Common {
    keys: Vec<u64>,
    ids: KeyMap<u32>,
}

impl Common {
    /// The common bigrams `keys` (in any order, repeats allowed), each given an id.
    pub fn new(mut keys: Vec<u64>) -> Self {
        keys.sort_unstable();
        keys.dedup();
        // Ids must fit the gram keys; a site with more common bigrams than
        // that (impossible with the threshold) keeps the first ones.
        keys.truncate(ID_MASK as usize);
        let ids = keys
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, i as u32))
            .collect();
        Common { keys, ids }
    }

    /// The id of `bigram` if it is common.
    pub fn id(&self, bigram: u64) -> Option<u32> {
        if self.keys.is_empty() {
            return None;
        }
        self.ids.get(&bigram).copied()
    }

    /// The gram of two common bigrams, one (trigram) or two (quadgram)
    /// positions apart.
    pub(crate) fn gram_key(first: u32, second: u32, overlap: bool) -> u64 {
        let kind = if overlap { TRIGRAM } else { 0 };
        GRAM_TAG | kind | (u64::from(first) << ID_BITS) | u64::from(second)
    }

    /// A gram's characters (three or four).
    pub fn chars(&self, gram: u64) -> [Option<char>; 4] {
        let chars = |id: u64| self.keys.get(id as usize).and_then(|&k| bigram_chars(k));
        match (chars((gram >> ID_BITS) & ID_MASK), chars(gram & ID_MASK)) {
            (Some((a, b)), Some((_, d))) if gram & TRIGRAM != 0 => {
                [Some(a), Some(b), Some(d), None]
            }
            (Some((a, b)), Some((c, d))) => [Some(a), Some(b), Some(c), Some(d)],
            _ => [None; 4],
        }
    }

    /// The common bigrams' characters, one bigram after another.
    pub(crate) fn pairs(&self) -> String {
        self.keys
            .iter()
            .filter_map(|&k| bigram_chars(k))
            .flat_map(|(a, b)| [a, b])
            .collect()
    }

    /// A gram's UTF-8 bytes, into `buf`.
    pub fn text(&self, gram: u64, buf: &mut Vec<u8>) {
        buf.clear();
        push_utf8(self.chars(gram), buf);
    }
}

/// Finds the grams of a text as its bigrams go by: feed every bigram in
/// order ([`GramTracker::bigram`]), and [`GramTracker::reset`] between texts.
#[derive(Default)]
pub(crate) struct GramTracker {
    /// The last two bigrams: (position, common id).
    last: [Option<(u32, Option<u32>)>; 2],
}

impl GramTracker {
    pub fn reset(&mut self) {
        self.last = [None, None];
    }

    /// A bigram at `pos`, with its id if it is common; calls `emit(gram,
    /// position)` for the grams it ends.
    pub(crate) fn bigram(&mut self, id: Option<u32>, pos: u32, mut emit: impl FnMut(u64, u32)) {
        let [older, prev] = self.last;
        // Consecutive bigrams share a character, so they are in one run.
        if let (Some(id), Some((p1, id1))) = (id, prev) {
            if p1 + 1 == pos {
                if let Some(id1) = id1 {
                    emit(Common::gram_key(id1, id, true), p1);
                }
                if let Some((p2, Some(id2))) = older {
                    if p2 + 2 == pos {
                        emit(Common::gram_key(id2, id, false), p2);
                    }
                }
            }
        }
        self.last = [prev, Some((pos, id))];
    }
}

/// Counts the documents of each bigram: `df[bigram]` is (documents, last
/// document counted + 1); documents must come with distinct `doc` numbers.
/// One lookup per occurrence, no list of the document's bigrams to sort.
pub fn count_bigrams(texts: [&str; 3], doc: u32, df: &mut KeyMap<(u32, u32)>) {
    for text in texts {
        scan_raw(text, 0, |token, _| {
            if let Token::Bigram(a, b) = token {
                let entry = df.entry(bigram_key(a, b)).or_insert((0, 0));
                if entry.1 != doc + 1 {
                    *entry = (entry.0 + 1, doc + 1);
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::normalize::normalize;
    use super::super::tokenize::{tokenize, Token};
    use super::*;

    fn grams(text: &str, common: &[&str]) -> Vec<(String, u32)> {
        let keys = common
            .iter()
            .map(|b| {
                let mut c = b.chars();
                bigram_key(c.next().unwrap_or(' '), c.next().unwrap_or(' '))
            })
            .collect();
        let common = Common::new(keys);
        let mut tracker = GramTracker::default();
        let mut out = vec![];
        let mut buf = vec![];
        tokenize(&normalize(text), 0, |t, p| {
            if let Token::Bigram(a, b) = t {
                tracker.bigram(common.id(bigram_key(a, b)), p, |g, at| {
                    common.text(g, &mut buf);
                    out.push((String::from_utf8_lossy(&buf).into_owned(), at));
                });
            }
        });
        out
    }

    #[test]
    fn grams_join_common_bigrams_one_or_two_apart() {
        assert_eq!(
            grams("人大代表", &["人大", "代表"]),
            [("人大代表".to_string(), 0)]
        );
        assert_eq!(
            grams("人大代表", &["人大", "大代", "代表"]),
            [
                ("人大代".to_string(), 0),
                ("大代表".to_string(), 1),
                ("人大代表".to_string(), 0)
            ]
        );
        // Not across punctuation, though positions go on.
        assert!(grams("人大，代表", &["人大", "代表"]).is_empty());
        assert!(grams("人大代表", &["人大"]).is_empty());
        assert_eq!(
            grams("镇人大代表", &["人大", "代表"]),
            [("人大代表".to_string(), 1)]
        );
    }

    #[test]
    fn bigrams_are_counted_once_per_document() {
        let mut df = KeyMap::default();
        count_bigrams(["人大代表", "人大", "人大，人大"], 0, &mut df);
        count_bigrams(["", "", "代表大会"], 1, &mut df);
        let count = |a, b| df.get(&bigram_key(a, b)).map(|e| e.0);
        assert_eq!(count('人', '大'), Some(1));
        assert_eq!(count('代', '表'), Some(2));
        assert_eq!(count('大', '会'), Some(1));
        assert_eq!(count('大', '人'), None);
    }
}
