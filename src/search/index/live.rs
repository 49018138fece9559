//! The index between edits. `serve` keeps a [`LiveIndex`]: every shard
//! uncompressed and which shards each page has tokens in. An edit analyzes
//! only the pages whose text changed and splices their postings into the
//! shards they touch, so an update writes what a full build would, byte for
//! byte, and only the files whose bytes changed.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::super::gram::{gram_df, Common};
use super::super::normalize::{fold_table, is_compatibility_ideograph, phrase_table};
use super::analyze::{analyze, has_positions, key_text, AnalyzedDoc};
use super::codec::{gzip, varint_len, Corrupt, Reader};
use super::docs::{
    chunk_file, chunk_size, encode_meta, fingerprint, kind_byte, row_fingerprint, sort_docs,
    total_chars,
};
use super::format::{
    decode_length, length_code, IndexFiles, IndexStats, Meta, SearchDoc, B, K1, META_FILE,
    TITLE_BOOST, UNIT_BOOST, VERSION,
};
use super::pack::{repack, Layout, DIRS, TEXT};
use super::postings::{list_facts, ListFacts, Shard, TokenPostings, LISTS_LEVEL};
use super::shard::shard_count;
use crate::kind::Kind;

/// The state of an index between edits (kept by `serve`): every shard
/// uncompressed and what each document put where, so an edit of a few
/// documents analyzes only those and rewrites only the shards they touch.
pub struct LiveIndex {
    /// Which blobs are in which pack, and each blob's size class.
    pub(super) layout: Layout,
    pub(super) classes: Vec<u8>,
    pub(super) shards: u32,
    pub(super) chunk: usize,
    pub(super) urls: Vec<String>,
    pub(super) fingerprints: Vec<u64>,
    /// [`row_fingerprint`] of each document.
    pub(super) rows: Vec<u64>,
    pub(super) lengths: Vec<u8>,
    /// Per document, a bit per shard holding one of its tokens.
    pub(super) doc_shards: Vec<u64>,
    /// The lists of shards `0..shards` (`s/`, `p/`), then of the grams
    /// (`g/`, shards `shards..2 * shards`).
    pub(super) data: Vec<Shard>,
    /// The common bigrams, whose grams the documents were analyzed with.
    pub(super) common: Common,
}

impl LiveIndex {
    fn words_per_doc(&self) -> usize {
        (2 * self.shards as usize).div_ceil(64)
    }

    pub(super) fn set_doc_shards(&mut self, doc: usize, analyzed: &AnalyzedDoc) {
        let w = self.words_per_doc();
        let bits = &mut self.doc_shards[doc * w..(doc + 1) * w];
        bits.fill(0);
        for s in analyzed.shards() {
            bits[s as usize / 64] |= 1 << (s % 64);
        }
    }

    fn doc_shards(&self, doc: usize) -> impl Iterator<Item = u32> + '_ {
        let w = self.words_per_doc();
        self.doc_shards[doc * w..(doc + 1) * w]
            .iter()
            .enumerate()
            .flat_map(|(i, &word)| {
                (0..64)
                    .filter(move |b| word & (1 << b) != 0)
                    .map(move |b| (i * 64 + b) as u32)
            })
    }

    /// What [`LiveIndex::update`] does short of a whole build: `Err` with
    /// the (sorted) documents when the order of documents, the shard count
    /// or the common bigrams changed (or a shard does not read back), for
    /// the caller to build the index again.
    pub(super) fn splice(
        &mut self,
        mut docs: Vec<SearchDoc>,
    ) -> Result<IndexFiles, Vec<SearchDoc>> {
        sort_docs(&mut docs);
        let same_order =
            docs.len() == self.urls.len() && docs.iter().zip(&self.urls).all(|(d, u)| d.url == *u);
        if !same_order || shard_count(total_chars(&docs)) != self.shards {
            return Err(docs);
        }
        // Other packs (text chunks of another size): built afresh.
        let chunk = chunk_size(&docs);
        let layout = Layout::new(docs.len(), self.shards, docs.len().div_ceil(chunk));
        if chunk != self.chunk || layout != self.layout {
            return Err(docs);
        }
        let mut parts = crate::timing::Parts::start();
        let (changed, fingerprints): (Vec<usize>, Vec<u64>) =
            parts.time("changed documents", || {
                (0..docs.len())
                    .into_par_iter()
                    .map(|i| (i, fingerprint(&docs[i])))
                    .filter(|&(i, print)| print != self.fingerprints[i])
                    .unzip()
            });
        let analyzed: Vec<(u32, AnalyzedDoc)> = changed
            .par_iter()
            .map(|&i| (i as u32, analyze(&docs[i], self.shards, &self.common)))
            .collect();
        let mut touched: BTreeSet<u32> = BTreeSet::new();
        for (doc, a) in &analyzed {
            let doc = *doc as usize;
            touched.extend(self.doc_shards(doc));
            touched.extend(a.shards());
            self.set_doc_shards(doc, a);
            self.lengths[doc] = length_code(a.length);
        }
        for (&doc, print) in changed.iter().zip(fingerprints) {
            self.fingerprints[doc] = print;
        }
        let rewritten: Vec<(u32, Result<Shard, Corrupt>)> = parts.time("shards", || {
            touched
                .par_iter()
                .map(|&s| {
                    let old = &self.data[s as usize];
                    (s, replace_docs(old, s, &analyzed, &self.common))
                })
                .collect()
        });
        let mut changed_shards: Vec<(u32, [bool; 2])> = Vec::new();
        for (s, shard) in rewritten {
            match shard {
                Ok(shard) => {
                    let old = &mut self.data[s as usize];
                    let changed = [old.lists != shard.lists, old.positions != shard.positions];
                    if changed.contains(&true) {
                        changed_shards.push((s, changed));
                    }
                    *old = shard;
                }
                // Not expected (the shards are our own): start afresh.
                Err(_) => {
                    return Err(docs);
                }
            }
        }
        // A new date or kind shows in the text chunk, not in the shards.
        let mut shown = changed.clone();
        for (i, doc) in docs.iter().enumerate() {
            let row = row_fingerprint(doc);
            if row != self.rows[i] {
                self.rows[i] = row;
                shown.push(i);
            }
        }
        // The layout is the same, so is the chunk size.
        let chunks: BTreeSet<usize> = shown.iter().map(|&i| i / chunk).collect();
        let min_df = gram_df(docs.len());
        let facts: Vec<ListFacts> = parts.time("list facts", || {
            self.data[..self.shards as usize]
                .par_iter()
                .map(|s| list_facts(&s.lists, min_df).unwrap_or_default())
                .collect()
        });
        let used: BTreeSet<char> = facts.iter().flat_map(|f| f.chars.iter().copied()).collect();
        // The edit made a bigram common or no longer common: every document
        // may have other grams now.
        if Common::new(facts.into_iter().flat_map(|f| f.common).collect()) != self.common {
            return Err(docs);
        }
        let facts: Vec<(i32, u8)> = docs.iter().map(|d| (d.year, kind_byte(d.kind))).collect();
        // The blobs whose bytes changed, by kind and number: their packs
        // are made again, then the meta with their classes.
        let mut blobs: Vec<(usize, u32)> = Vec::new();
        for &(s, [lists, positions]) in &changed_shards {
            let (d, n) = match s.checked_sub(self.shards) {
                Some(g) => (2, g),
                None => (0, s),
            };
            blobs.extend(lists.then_some((d, n)));
            blobs.extend(positions.then_some((d + 1, n)));
        }
        blobs.extend(chunks.iter().map(|&k| (TEXT, k as u32)));
        let mut classes = std::mem::take(&mut self.classes);
        let mut files = parts.time("packs", || {
            repack(&self.layout, &mut classes, blobs, &|d, n| {
                self.blob(&docs, d, n)
            })
        });
        self.classes = classes;
        files.extend(self.common_files(&facts, &used));
        let mut files = self.files(files, docs.len(), changed.len());
        files.stats.timings = parts.timings("search index update");
        Ok(files)
    }

    /// [`META_FILE`].
    /// `facts`: the year and kind byte of each document.
    pub(super) fn common_files(
        &self,
        facts: &[(i32, u8)],
        used: &BTreeSet<char>,
    ) -> Vec<(String, Vec<u8>)> {
        // Compatibility ideographs fold as their canonical forms, which the
        // browser gets by `normalize('NFC')`: not sent (a quarter of the pairs).
        let mut fold: Vec<(char, char)> = fold_table()
            .iter()
            .filter(|(t, s)| used.contains(s) && !is_compatibility_ideograph(**t))
            .map(|(&t, &s)| (t, s))
            .collect();
        fold.sort_unstable();
        let mut phrases: Vec<(String, String)> = phrase_table()
            .values()
            .flatten()
            .filter(|(_, folded)| folded.iter().all(|c| used.contains(c)))
            .map(|(phrase, folded)| (phrase.to_string(), folded.iter().collect()))
            .collect();
        phrases.sort_unstable();
        let avgdl = if self.lengths.is_empty() {
            1.0
        } else {
            self.lengths.iter().map(|&c| decode_length(c)).sum::<f64>() / self.lengths.len() as f64
        };
        let mut years: Vec<(i32, u32)> = Vec::new();
        for &(year, _) in facts {
            match years.last_mut() {
                Some((y, n)) if *y == year => *n += 1,
                _ => years.push((year, 1)),
            }
        }
        let meta = Meta {
            version: VERSION,
            docs: facts.len() as u32,
            shards: self.shards,
            chunk: self.chunk as u32,
            avgdl,
            k1: K1,
            b: B,
            title_boost: TITLE_BOOST,
            unit_boost: UNIT_BOOST,
            common: self.common.pairs(),
            kinds: Kind::ALL
                .iter()
                .map(|k| (k.as_str().to_string(), k.label().to_string()))
                .collect(),
            years,
            fold: fold.iter().flat_map(|&(t, s)| [t, s]).collect(),
            phrases,
            packs: self.layout.per_pack.to_vec(),
            classes: self.classes.clone(),
        };
        let mut docs: Vec<u8> = facts.iter().map(|f| f.1).collect();
        docs.extend_from_slice(&self.lengths);
        vec![(META_FILE.into(), encode_meta(&meta, &docs))]
    }

    /// Blob `n` of kind `d` ([`DIRS`]) as a build makes it, unpadded.
    fn blob(&self, docs: &[SearchDoc], d: usize, n: u32) -> Vec<u8> {
        let shard = |s: u32| &self.data[s as usize];
        match DIRS[d] {
            "s" => gzip(&shard(n).lists, LISTS_LEVEL),
            "p" => shard(n).positions.clone(),
            "g" => gzip(&shard(self.shards + n).lists, LISTS_LEVEL),
            "q" => shard(self.shards + n).positions.clone(),
            _ => {
                let k = n as usize * self.chunk;
                chunk_file(&docs[k.min(docs.len())..(k + self.chunk).min(docs.len())])
            }
        }
    }

    /// Every file name of the index.
    fn names(&self) -> Vec<String> {
        let mut names = vec![META_FILE.to_string()];
        names.extend(self.layout.names());
        names
    }

    /// The files of a build or an update of `docs` documents.
    pub(super) fn files(
        &self,
        files: Vec<(String, Vec<u8>)>,
        docs: usize,
        analyzed: usize,
    ) -> IndexFiles {
        let stats = IndexStats {
            docs,
            shards: self.shards,
            files: files.len(),
            bytes: files.iter().map(|(_, b)| b.len() as u64).sum(),
            analyzed,
            timings: Vec::new(),
        };
        IndexFiles {
            files,
            names: self.names(),
            stats,
        }
    }
}

/// Shard `s` with the documents of `analyzed` (ascending ids) replaced. A
/// token none of them has, before or after, is copied as it is, and the
/// others are spliced ([`splice`]): decoding and writing every posting of
/// the shards an edit touches (most of them) was most of an update's time.
fn replace_docs(
    old: &Shard,
    s: u32,
    analyzed: &[(u32, AnalyzedDoc)],
    common: &Common,
) -> Result<Shard, Corrupt> {
    // `analyzed` is in document order.
    let replaced = |doc: u32| analyzed.binary_search_by_key(&doc, |a| a.0).is_ok();
    let last_replaced = analyzed.last().map_or(0, |a| a.0);
    // The new entries of this shard, by token bytes (as the shard is sorted),
    // each token's in document order (as `analyzed` is).
    type Docs<'a> = Vec<(u32, &'a [u8], &'a [u8])>;
    let mut added: BTreeMap<Vec<u8>, (bool, Docs<'_>)> = BTreeMap::new();
    let mut text = Vec::new();
    for (doc, a) in analyzed {
        for e in a.entries(s, s + 1) {
            key_text(e.key, common, &mut text);
            added
                .entry(text.clone())
                .or_insert_with(|| (has_positions(e.key), Vec::new()))
                .1
                .push((*doc, e.list, e.pos));
        }
    }
    let mut added = added.into_iter().peekable();
    let mut out = Shard::default();
    let mut lists = Reader::new(&old.lists);
    let mut positions = Reader::new(&old.positions);
    while !lists.done() {
        let (list_start, pos_start) = (lists.at, positions.at);
        let head = lists.varint()?;
        let text = lists.take((head >> 1) as usize)?;
        let positioned = head & 1 == 1;
        let list = lists.block()?;
        let pos = match positioned {
            true => {
                positions.block()?;
                positions.block()?
            }
            false => &[],
        };
        // New tokens that sort before this one.
        while let Some((new_text, (new_positioned, docs))) =
            added.next_if(|(t, _)| t.as_slice() < text)
        {
            write_new_token(&new_text, new_positioned, docs, &mut out);
        }
        let new_docs = added.next_if(|(t, _)| t.as_slice() == text);
        if new_docs.is_none() && !has_any_doc(list, replaced, last_replaced)? {
            // Most tokens of a shard are not in the edited pages: as they were.
            out.lists
                .extend_from_slice(&old.lists[list_start..lists.at]);
            out.positions
                .extend_from_slice(&old.positions[pos_start..positions.at]);
            continue;
        }
        let new = new_docs.map(|(_, (_, docs))| docs).unwrap_or_default();
        let postings = splice(list, pos, positioned, replaced, last_replaced, &new)?;
        if postings.count > 0 {
            postings.write(text, positioned, &mut out.lists, &mut out.positions);
        }
    }
    for (new_text, (positioned, docs)) in added {
        write_new_token(&new_text, positioned, docs, &mut out);
    }
    Ok(out)
}

/// A token's postings with the replaced documents taken out and `new` (in
/// document order) put in. Old entries are copied as bytes, in runs: only an
/// entry whose predecessor changed gets a new id delta, and past the last
/// replaced document the rest is copied whole.
fn splice(
    list: &[u8],
    pos: &[u8],
    positioned: bool,
    replaced: impl Fn(u32) -> bool,
    last_replaced: u32,
    new: &[(u32, &[u8], &[u8])],
) -> Result<TokenPostings, Corrupt> {
    let mut out = TokenPostings::default();
    let mut new = new.iter().peekable();
    let mut list = Reader::new(list);
    let mut pos = Reader::new(pos);
    let count = list.u32()?;
    // The old entries not yet in `out` that are copied as they are: from
    // `run` (byte offsets in the list and the positions), `run_count` of
    // them, the last being `written` (or the last entry of `out`).
    let mut run = (list.at, pos.at);
    let mut run_count = 0;
    let mut written = 0;
    let (list_bytes, pos_bytes) = (list.bytes, pos.bytes);
    let flush = |out: &mut TokenPostings, run: (usize, usize), to: (usize, usize), n: u32| {
        out.list.extend_from_slice(&list_bytes[run.0..to.0]);
        out.pos.extend_from_slice(&pos_bytes[run.1..to.1]);
        out.count += n;
    };
    let mut previous = 0;
    for k in 0..count {
        let start = (list.at, pos.at);
        if k > 0 && previous >= last_replaced && new.peek().is_none() && written == previous {
            // No replaced document from here on, and the next delta stands.
            let end = (list.bytes.len(), pos.bytes.len());
            flush(&mut out, run, end, run_count + (count - k));
            return Ok(out);
        }
        let (delta, counts) = list.list_entry()?;
        let doc = previous + delta;
        let delta_len = varint_len(u64::from(delta));
        if positioned {
            for _ in 0..counts.iter().sum::<u32>() {
                pos.varint()?;
            }
        }
        let end = (list.at, pos.at);
        // New documents before this one.
        while let Some(&(id, entry, positions)) = new.next_if(|n| n.0 < doc) {
            flush(&mut out, run, start, run_count);
            (run, run_count) = (start, 0);
            out.last = written;
            out.push(id, entry, positions);
            written = id;
        }
        if replaced(doc) {
            flush(&mut out, run, start, run_count);
            (run, run_count) = (end, 0);
            if let Some(&(id, entry, positions)) = new.next_if(|n| n.0 == doc) {
                out.last = written;
                out.push(id, entry, positions);
                written = id;
            }
        } else if written == previous {
            // Its predecessor is as it was: so is its delta.
            run_count += 1;
            written = doc;
        } else {
            flush(&mut out, run, start, run_count);
            (run, run_count) = (end, 0);
            out.last = written;
            let entry = &list.bytes[start.0 + delta_len..end.0];
            out.push(doc, entry, &pos.bytes[start.1..end.1]);
            written = doc;
        }
        previous = doc;
    }
    flush(&mut out, run, (list.at, pos.at), run_count);
    out.last = written;
    for &(id, entry, positions) in new {
        out.push(id, entry, positions);
    }
    Ok(out)
}

/// Whether a token's document list holds one of the replaced documents
/// (ids ascend, so the walk stops past the last of them).
fn has_any_doc(list: &[u8], replaced: impl Fn(u32) -> bool, last: u32) -> Result<bool, Corrupt> {
    let mut list = Reader::new(list);
    let mut doc = 0;
    for _ in 0..list.u32()? {
        doc += list.list_entry()?.0;
        if doc > last {
            break;
        }
        if replaced(doc) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Appends a token the shard did not have, with its documents (in order).
fn write_new_token(text: &[u8], positioned: bool, docs: Vec<(u32, &[u8], &[u8])>, out: &mut Shard) {
    let mut postings = TokenPostings::default();
    for (doc, list, pos) in docs {
        postings.push(doc, list, pos);
    }
    if postings.count > 0 {
        postings.write(text, positioned, &mut out.lists, &mut out.positions);
    }
}

#[cfg(test)]
mod tests {
    use super::super::build::{build, build_live, BATCH};
    use super::super::tests::{corpus, files_of};
    use super::*;

    #[test]
    fn batches_and_groups_give_the_shards_of_one_document_at_a_time() {
        // More documents than a batch, so batches and groups both split.
        let texts: Vec<String> = (0..BATCH + 40)
            .map(|i| format!("镇卫生院医保报销{i}号窗口，代表视察{}", i % 7))
            .collect();
        let docs = corpus(&texts.iter().map(String::as_str).collect::<Vec<_>>(), 20);
        let (_, live) = build_live(docs.clone());
        assert!(live.shards >= 8, "{} shards", live.shards);
        let mut sorted = docs.clone();
        sort_docs(&mut sorted);
        let analyzed: Vec<(u32, AnalyzedDoc)> = sorted
            .iter()
            .enumerate()
            .map(|(i, d)| (i as u32, analyze(d, live.shards, &live.common)))
            .collect();
        for s in 0..2 * live.shards {
            let alone = replace_docs(&Shard::default(), s, &analyzed, &live.common).expect("shard");
            assert_eq!(alone, live.data[s as usize], "shard {s}");
        }
    }

    #[test]
    fn an_update_analyzes_the_edited_document_and_equals_a_full_build() {
        let before = corpus(
            &[
                "镇卫生院医保报销",
                "代表视察 GDP 2025年",
                "卫生院门诊",
                "人大代表",
            ],
            2000,
        );
        let (_, mut live) = build_live(before.clone());
        let mut after = before.clone();
        after[2].text = "门诊部搬迁，衛生院新楼 covid 检测".repeat(20);
        let update = live.update(after.clone());
        assert_eq!(update.stats.analyzed, 1);
        let full = build(after.clone());
        let full_files = files_of(&full);
        assert_eq!(update.names, full.names);
        let mut written = 0;
        for (name, bytes) in &update.files {
            assert_eq!(bytes, &full_files[name], "{name}");
            written += 1;
        }
        assert!(written < full.files.len(), "only the changed files");
        // The files not written are those the edit did not change.
        let (first, _) = build_live(before);
        for (name, bytes) in &first.files {
            if !update.files.iter().any(|(n, _)| n == name) {
                assert_eq!(
                    bytes, &full_files[name],
                    "{name} changed but was not written"
                );
            }
        }
        // No change: nothing analyzed. A new date shows in the text chunk;
        // one that moves documents analyzes them all again.
        assert_eq!(live.update(after.clone()).stats.analyzed, 0);
        // Rewrites a text chunk as a full build does, analyzing nothing.
        let row_only = |live: &mut LiveIndex, docs: &[SearchDoc]| {
            let update = live.update(docs.to_vec());
            assert_eq!(update.stats.analyzed, 0);
            let full = files_of(&build(docs.to_vec()));
            assert!(update.files.iter().any(|(n, _)| n.starts_with("pack/c")));
            for (name, bytes) in &update.files {
                assert_eq!(bytes, &full[name], "{name}");
            }
        };
        after[0].date = "2024-12-31".into();
        row_only(&mut live, &after);
        // The same text split elsewhere between fields and body: the same
        // postings, a new row.
        after[1].body_start = after[1].text.find(' ').map_or(0, |i| i + 1);
        row_only(&mut live, &after);
        after[0].date = "2026-01-01".into();
        assert_eq!(live.update(after).stats.analyzed, 4);
    }

    #[test]
    fn a_series_of_edits_keeps_equal_to_a_full_build() {
        // Tokens one page alone has (removed with it), new ones sorting
        // before, between and after the others, several pages at once.
        let words = [
            "卫生院",
            "医保报销",
            "门诊",
            "代表",
            "整改落实",
            "鼎",
            "乙丙",
            "龘龘",
            "GDP",
            "2025年",
            "阿",
            "一",
        ];
        let mut docs: Vec<SearchDoc> = (0..40)
            .map(|i| SearchDoc {
                url: format!("p{i:02}/"),
                date: format!("2025-02-{:02}", i % 28 + 1),
                year: 2025,
                title: words[i % words.len()].into(),
                unit: if i % 3 == 0 {
                    "镇卫生院".into()
                } else {
                    String::new()
                },
                text: words.iter().cycle().skip(i).take(5).copied().collect(),
                body_start: 0,
                kind: Some(Kind::Article),
            })
            .collect();
        let (_, mut live) = build_live(docs.clone());
        let mut state = files_of(&build(docs.clone()));
        let mut x: u32 = 7;
        for round in 0..12 {
            for _ in 0..1 + round % 3 {
                x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let i = (x >> 8) as usize % docs.len();
                let pick = |k: u32| words[((x >> k) as usize) % words.len()];
                docs[i].text = format!("{}{}，独{round}有 {}", pick(3), pick(11), pick(17));
            }
            let update = live.update(docs.clone());
            for (name, bytes) in update.files {
                state.insert(name, bytes);
            }
            let full = files_of(&build(docs.clone()));
            assert_eq!(state.len(), full.len(), "round {round}");
            for (name, bytes) in &full {
                assert_eq!(state.get(name), Some(bytes), "round {round}: {name}");
            }
        }
    }

    fn live_shards(docs: &[SearchDoc]) -> u32 {
        shard_count(total_chars(docs))
    }

    #[test]
    fn an_update_writes_only_the_files_whose_bytes_changed() {
        // Long enough for several shards.
        let texts = [
            "卫生院门诊，医保报销。",
            "人大代表，视察。",
            "整改落实，门诊。",
        ];
        let before = corpus(&texts, 3000);
        assert!(live_shards(&before) > 1);
        let (first, mut live) = build_live(before.clone());
        // The same tokens and counts in another order: only positions move.
        let mut after = before.clone();
        after[0].text = "医保报销，卫生院门诊。".repeat(3000);
        let update = live.update(after.clone());
        let names: Vec<&str> = update.files.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.iter().any(|n| n.starts_with("pack/p")), "{names:?}");
        assert!(!names.iter().any(|n| n.starts_with("pack/s")), "{names:?}");
        // What was not written is what a full build makes.
        let mut state = files_of(&first);
        state.extend(update.files);
        assert_eq!(state, files_of(&build(after.clone())));
        // A new token changes its shard's lists.
        after[1].text.push('鼎');
        let update = live.update(after.clone());
        let lists = update.files.iter().filter(|(n, _)| n.starts_with("pack/s"));
        assert_eq!(lists.count(), 1);
        state.extend(update.files);
        assert_eq!(state, files_of(&build(after)));
    }

    #[test]
    fn an_edit_that_makes_a_bigram_common_equals_a_full_build() {
        // Common is in 64 documents or more. 罕见 is in 63, then in 64: its
        // grams appear in the other documents too.
        let mut texts: Vec<String> = (0..80).map(|i| format!("人大代表第{i}次视察")).collect();
        for t in &mut texts[..63] {
            t.push_str("罕见词语");
        }
        let before = corpus(&texts.iter().map(String::as_str).collect::<Vec<_>>(), 3);
        let (_, mut live) = build_live(before.clone());
        let mut after = before.clone();
        after[70].text.push_str("，罕见词语");
        let update = live.update(after.clone());
        let full = build(after.clone());
        assert_eq!(update.names, full.names);
        let full_files = files_of(&full);
        assert_eq!(update.files.len(), full_files.len(), "built afresh");
        for (name, bytes) in &update.files {
            assert_eq!(bytes, &full_files[name], "{name}");
        }
        // An edit that keeps the common bigrams rewrites only what it changed.
        after[70].text.push_str("，人大代表");
        let update = live.update(after.clone());
        assert_eq!(update.stats.analyzed, 1);
        let full_files = files_of(&build(after));
        // The gram 人大代表 gained an occurrence: its list and its positions.
        for dir in ["pack/g", "pack/q"] {
            assert!(
                update.files.iter().any(|(n, _)| n.starts_with(dir)),
                "{dir}"
            );
        }
        for (name, bytes) in &update.files {
            assert_eq!(bytes, &full_files[name], "{name}");
        }
    }
}
