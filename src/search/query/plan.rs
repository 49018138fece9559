//! Which lists a query reads, and in what order (index format 8).
//!
//! A term (a run of units) is matched through *pieces*: one token, or the
//! bigrams and grams of a phrase ([`phrase_pieces`]). Reading every
//! piece's list and positions is exact but costs a file each: a pasted
//! sentence read hundreds. So a query reads lists a round at a time,
//! rarest-looking first ([`plan`]), and stops as soon as the documents
//! that have every list read so far (the *candidates*) are few enough to
//! check against their text, which the results page fetches anyway
//! (`super::verify`); only when they are not does it read the rest, then
//! positions. It starts no new file once [`READ_CAP`] bytes are read.
//!
//! Nothing tells a query which pairs are rare without reading them: the
//! order guesses, from what the index's meta says (the common bigrams) and from
//! the shape of the query: pieces of two units or more before single
//! units, a term's ends before its middle, longer terms first.
//!
//! Left to others: reading the files ([`super::files`]), the search itself
//! and its score (the module above). `search-core.js` plans alike.

use super::files::Dirs;
use super::Term;
use std::cmp::Reverse;
use std::collections::HashSet;

/// Candidates a query checks against their text rather than reading more
/// lists: one page of results, whose text the page fetches to show them.
pub const VERIFY: usize = 10;

/// Lists read at once, per round.
pub(crate) const ROUND: usize = 2;

/// Bytes of shard files after which a query starts no new one: a pasted
/// paragraph reads what fits, and checks the rest of it in the text of
/// its results (`Results::partial` when it cannot check them all).
pub const READ_CAP: usize = 192 * 1024;

/// A part of a phrase matched on its own: `len` characters (a bigram, or a
/// gram of three or four) from character `start` of the phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    pub start: usize,
    pub len: usize,
}

/// The pieces a phrase is matched through, given which of its bigrams are
/// common (`common[i]`: the bigram of characters `i` and `i + 1`). Each
/// bigram of the phrase is inside a piece, and each piece overlaps the one
/// before by a character at least, so together they say the characters are
/// consecutive within one run (punctuation takes no position, so pieces
/// merely side by side could straddle it). A gram is indexed wherever two
/// common bigrams follow each other (see `gram.rs`): the trigram of common
/// bigrams `i`, `i + 1` and the quadgram of `i`, `i + 2`. From the first
/// bigram not yet covered, the piece that reaches furthest is taken, the
/// longer on a tie; a bigram alone only where no gram covers it.
pub(crate) fn phrase_pieces(common: &[bool]) -> Vec<Piece> {
    let bigrams = common.len();
    let is_common = |i: usize| common.get(i).copied().unwrap_or(false);
    let mut pieces = Vec::new();
    let reach = |p: Piece| p.start + p.len;
    let mut next = 0;
    while next < bigrams {
        let mut best = Piece {
            start: next,
            len: 2,
        };
        for start in next.saturating_sub(2)..=next {
            for len in [3, 4] {
                let last_bigram = start + len - 2;
                let exists = is_common(start) && is_common(last_bigram);
                let covers = last_bigram >= next && last_bigram < bigrams;
                let candidate = Piece { start, len };
                if exists && covers && (reach(candidate), len) > (reach(best), best.len) {
                    best = candidate;
                }
            }
        }
        next = best.start + best.len - 1;
        pieces.push(best);
    }
    pieces
}

/// One list a query may read: a piece of a term, at character `start` of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Probe {
    pub term: usize,
    pub dirs: Dirs,
    pub text: String,
    pub start: u32,
}

/// A query's pieces in the order it reads them, and each term's, by its
/// index in that order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    pub probes: Vec<Probe>,
    pub terms: Vec<Vec<usize>>,
}

/// How likely a piece is to narrow the candidates (smaller first): a
/// bigram that is not common, a gram (made of common bigrams, but rarer
/// than either), a common bigram, a single unit (in most pages).
fn rarity(units: usize, dirs: Dirs, text: &str, common: &HashSet<String>) -> u8 {
    match (units, dirs) {
        (1, _) => 3,
        (_, Dirs::Grams) => 1,
        _ if common.contains(text) => 2,
        _ => 0,
    }
}

/// The order of a term's `k` pieces: its ends, its middle, then the rest,
/// so that the first few read are spread over the phrase.
fn spread(k: usize) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(k);
    for i in [0, k.saturating_sub(1), k / 2].into_iter().chain(0..k) {
        if i < k && !order.contains(&i) {
            order.push(i);
        }
    }
    order
}

/// Where a piece comes in the reading: (rarity, rank in its term's
/// spread, longer terms first, term, piece).
type ReadOrder = (u8, usize, Reverse<usize>, usize, usize);

/// The pieces of every term, in the order a query reads their lists.
pub(crate) fn plan(terms: &[Term], common: &HashSet<String>, grams: bool) -> Plan {
    let mut keyed: Vec<(ReadOrder, Probe)> = Vec::new();
    for (t, term) in terms.iter().enumerate() {
        let chars = term.chars();
        let pieces: Vec<Piece> = if chars.len() <= 2 {
            vec![Piece {
                start: 0,
                len: chars.len(),
            }]
        } else {
            let flags: Vec<bool> = term
                .tokens()
                .iter()
                .map(|b| grams && common.contains(&b.text()))
                .collect();
            phrase_pieces(&flags)
        };
        let order = spread(pieces.len());
        for (rank, &i) in order.iter().enumerate() {
            let p = pieces[i];
            let text: String = chars[p.start..p.start + p.len].iter().collect();
            let dirs = if p.len > 2 { Dirs::Grams } else { Dirs::Tokens };
            let key = (
                rarity(p.len, dirs, &text, common),
                rank,
                Reverse(chars.len()),
                t,
                i,
            );
            let probe = Probe {
                term: t,
                dirs,
                text,
                start: p.start as u32,
            };
            keyed.push((key, probe));
        }
    }
    keyed.sort_by_key(|(order, _)| *order);
    let mut plan = Plan {
        probes: Vec::with_capacity(keyed.len()),
        terms: vec![Vec::new(); terms.len()],
    };
    for (at, (_, probe)) in keyed.into_iter().enumerate() {
        plan.terms[probe.term].push(at);
        plan.probes.push(probe);
    }
    // Each term's pieces in phrase order (the chain of positions needs it).
    for (t, list) in plan.terms.iter_mut().enumerate() {
        list.sort_by_key(|&at| plan.probes[at].start);
        debug_assert!(list.iter().all(|&at| plan.probes[at].term == t));
    }
    plan
}
