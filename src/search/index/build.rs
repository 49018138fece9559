//! A build of every file of the index: documents analyzed a batch at a
//! time, merged into the shards' postings, each file given to a sink as
//! soon as it is made; and [`LiveIndex::update`], which falls back to a
//! build when an edit cannot be spliced in.
//!
//! Left to others: analyzing ([`super::analyze`]), assembling and writing
//! shards ([`super::postings`]) and text chunks ([`super::docs`]), splicing
//! an edit ([`super::live`]).

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use super::super::gram::{gram_df, Common, KeyMap};
use super::analyze::{analyze, group_width, AnalyzedDoc};
use super::docs::{chunk_file, chunk_size_of, fingerprint, kind_byte, row_fingerprint, sort_docs};
use super::format::{length_code, IndexFiles, SearchDoc};
use super::live::LiveIndex;
use super::pack::{Layout, Packer};
use super::postings::{list_facts, shard_files, Shard, ShardGroup};
use super::shard::shard_count;

/// Documents analyzed at a time: the builder holds one batch of analyzed
/// documents besides the postings it has merged, never the whole corpus.
pub(super) const BATCH: usize = 256;

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
                || (Vec::new(), KeyMap::default()),
                |(mut facts, mut df), i| {
                    let d = source(i);
                    let texts = [d.title.as_str(), &d.unit, &d.text];
                    super::super::gram::count_bigrams(texts, i as u32, &mut df);
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
                    (facts, df)
                },
            )
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
    let layout = Layout::new(n, shards, n.div_ceil(chunk));
    // Blobs go into packs, each written once its last blob is made.
    let packer = Packer::new(layout.clone(), &sink);
    let mut live = LiveIndex {
        layout,
        classes: Vec::new(),
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
                    packer.put(format!("c/{}.bin", first / chunk + k), chunk_file(part))
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
                        packer.put(name, file)?;
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
    live.classes = packer.classes();
    for (name, file) in live.common_files(&facts, &used) {
        sink(name, file)?;
    }
    let mut built = live.files(Vec::new(), n, n);
    built.stats.files = built.names.len();
    built.stats.bytes = bytes.into_inner();
    built.stats.timings = parts.timings("search index");
    Ok((built, live))
}

impl LiveIndex {
    /// Brings the index up to date with `docs` (every published page) and
    /// returns the files that changed. Only documents whose text changed are
    /// analyzed; a change of the order of documents (a date or a URL) or of
    /// the shard count builds the whole index again.
    pub(crate) fn update(&mut self, docs: Vec<SearchDoc>) -> IndexFiles {
        match self.splice(docs) {
            Ok(files) => files,
            Err(docs) => {
                let (files, live) = build_live(docs);
                *self = live;
                files
            }
        }
    }
}
