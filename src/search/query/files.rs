//! The index files a query reads, each once, and what it finds in them:
//! document lists and positions of tokens and grams (`s/`, `p/`, `g/`,
//! `q/`), the text rows of the candidates it checks (`c/`), and the bytes
//! of the shard files read so far, which the plan's cap looks at. Each is
//! a blob sliced from its pack (format 9), as the browser reads it with a
//! range request.
//!
//! Left to others: which files to read ([`super::plan`]), what a row says
//! of a term ([`super::verify`]).

use super::super::index::{chunk_json, gunzip, shard_of, Corrupt, Meta, Reader};
use std::collections::{HashMap, HashSet};

/// One document's entry in a token's postings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Posting {
    pub doc: u32,
    pub(crate) counts: [u32; 3],
    pub(crate) positions: [Vec<u32>; 3],
}

/// The postings of `token` in a shard's document lists (`s/<n>.bin`,
/// uncompressed), without positions.
pub(crate) fn find_postings(lists: &[u8], token: &str) -> Result<Vec<Posting>, Corrupt> {
    let mut r = Reader::new(lists);
    while !r.done() {
        let head = r.varint()?;
        let text = r.take((head >> 1) as usize)?;
        let body = r.block()?;
        if text != token.as_bytes() {
            continue;
        }
        let mut body = Reader::new(body);
        let count = body.u32()?;
        let mut out = Vec::with_capacity(count.min(1 << 20) as usize);
        let mut doc = 0u32;
        for _ in 0..count {
            let (delta, counts) = body.list_entry()?;
            doc = doc
                .checked_add(delta)
                .ok_or_else(|| Corrupt("document id".into()))?;
            out.push(Posting {
                doc,
                counts,
                positions: Default::default(),
            });
        }
        return Ok(out);
    }
    Ok(Vec::new())
}

/// Fills the positions of `postings` (the list of the bigram `token`) from
/// its shard's positions file (`p/<n>.bin`, uncompressed).
pub(crate) fn find_positions(
    positions: &[u8],
    token: &str,
    postings: &mut [Posting],
) -> Result<(), Corrupt> {
    let mut r = Reader::new(positions);
    while !r.done() {
        // A token of no bytes: the padding of the blob (`index::pack`).
        let len = r.varint()?;
        if len == 0 {
            break;
        }
        let text = r.take(usize::try_from(len).map_err(|_| Corrupt("length".into()))?)?;
        let body = r.block()?;
        if text != token.as_bytes() {
            continue;
        }
        let mut body = Reader::new(body);
        for p in postings.iter_mut() {
            for (field, list) in p.positions.iter_mut().enumerate() {
                list.clear();
                let mut at = 0u32;
                for _ in 0..p.counts[field] {
                    at = at
                        .checked_add(body.u32()?)
                        .ok_or_else(|| Corrupt("position".into()))?;
                    list.push(at);
                }
            }
        }
        return Ok(());
    }
    Err(Corrupt(format!("no positions for {token}")))
}

/// Where a token's files are: a bigram's (a unit's) list in `s/` and
/// positions in `p/`, a gram's in `g/` and `q/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Dirs {
    Tokens,
    Grams,
}

impl Dirs {
    fn file(self, positions: bool, shard: u32) -> String {
        let dir = match (self, positions) {
            (Dirs::Tokens, false) => "s",
            (Dirs::Tokens, true) => "p",
            (Dirs::Grams, false) => "g",
            (Dirs::Grams, true) => "q",
        };
        format!("{dir}/{shard}.bin")
    }
}

/// A document's text as its row of a text chunk keeps it, by field.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Row {
    pub title: String,
    pub unit: String,
    /// The kind's other fields.
    pub fields: String,
    pub body: String,
}

/// A text chunk's row: `[url, title, date, kind, unit, fields, body]`.
type ChunkRow = (String, String, String, u8, String, String, String);

/// The index files a query reads (each once) and the postings found in them.
pub(crate) struct Loader<'a, R> {
    pub(crate) meta: &'a Meta,
    read: R,
    /// Shard files (blobs), inflated.
    files: HashMap<String, Vec<u8>>,
    /// Pack files read, whole: each blob is sliced from its pack.
    packs: HashMap<String, Vec<u8>>,
    lists: HashMap<(Dirs, String), Vec<Posting>>,
    /// Tokens whose postings have their positions.
    positioned: HashSet<(Dirs, String)>,
    /// Text chunks read, by number.
    chunks: HashMap<u32, Vec<Row>>,
    /// Bytes of the shard files read, as fetched (before inflating).
    pub(crate) bytes: usize,
}

impl<'a, R: Fn(&str) -> Option<Vec<u8>>> Loader<'a, R> {
    pub(crate) fn new(meta: &'a Meta, read: R) -> Self {
        Loader {
            meta,
            read,
            files: HashMap::new(),
            packs: HashMap::new(),
            lists: HashMap::new(),
            positioned: HashSet::new(),
            chunks: HashMap::new(),
            bytes: 0,
        }
    }

    /// Blob `rel` (`s/3.bin`) as the browser gets it with a range request:
    /// its bytes, padding included.
    fn blob(&mut self, rel: &str) -> Vec<u8> {
        let Some((pack, start, len)) = self.meta.locate(rel) else {
            return Vec::new();
        };
        if !self.packs.contains_key(&pack) {
            let bytes = (self.read)(&pack).unwrap_or_default();
            self.packs.insert(pack.clone(), bytes);
        }
        let bytes = self.packs.get(&pack).map_or(&[][..], Vec::as_slice);
        let (start, end) = (start as usize, (start + len) as usize);
        bytes
            .get(start..end)
            .map(<[u8]>::to_vec)
            .unwrap_or_default()
    }

    fn file(&mut self, rel: String) -> Result<&[u8], Corrupt> {
        if !self.files.contains_key(&rel) {
            let raw = self.blob(&rel);
            self.bytes += raw.len();
            let bytes = gunzip(&raw)?.into_owned();
            self.files.insert(rel.clone(), bytes);
        }
        Ok(self.files.get(&rel).map_or(&[], Vec::as_slice))
    }

    /// A token's document list.
    pub(crate) fn list(&mut self, dirs: Dirs, token: &str) -> Result<&[Posting], Corrupt> {
        let key = (dirs, token.to_string());
        if !self.lists.contains_key(&key) {
            let shard = shard_of(token, self.meta.shards);
            let list = find_postings(self.file(dirs.file(false, shard))?, token)?;
            self.lists.insert(key.clone(), list);
        }
        Ok(self.lists.get(&key).map_or(&[], Vec::as_slice))
    }

    /// A bigram's or gram's document list with its positions.
    pub(crate) fn positions(&mut self, dirs: Dirs, token: &str) -> Result<&[Posting], Corrupt> {
        self.list(dirs, token)?;
        let key = (dirs, token.to_string());
        if self.positioned.insert(key.clone()) {
            let shard = shard_of(token, self.meta.shards);
            let mut list = self.lists.remove(&key).unwrap_or_default();
            if !list.is_empty() {
                find_positions(self.file(dirs.file(true, shard))?, token, &mut list)?;
            }
            self.lists.insert(key.clone(), list);
        }
        Ok(self.lists.get(&key).map_or(&[], Vec::as_slice))
    }

    /// A document's row, from its text chunk (`c/<k>.bin`, read once).
    pub(crate) fn row(&mut self, doc: u32) -> Result<Row, Corrupt> {
        let size = self.meta.chunk.max(1);
        let k = doc / size;
        if !self.chunks.contains_key(&k) {
            let bytes = self.blob(&format!("c/{k}.bin"));
            let rows: Vec<ChunkRow> = if bytes.is_empty() {
                Vec::new()
            } else {
                serde_json::from_str(&chunk_json(&bytes)?)
                    .map_err(|e| Corrupt(format!("text chunk {k}: {e}")))?
            };
            let rows = rows
                .into_iter()
                .map(|(_, title, _, _, unit, fields, body)| Row {
                    title,
                    unit,
                    fields,
                    body,
                })
                .collect();
            self.chunks.insert(k, rows);
        }
        let rows = self.chunks.get(&k).map_or(&[][..], Vec::as_slice);
        Ok(rows.get((doc % size) as usize).cloned().unwrap_or_default())
    }

    /// The shard files read, sorted.
    pub(crate) fn read_files(&self) -> Vec<String> {
        let mut files: Vec<String> = self.files.keys().cloned().collect();
        files.sort();
        files
    }

    /// The text chunks read, sorted.
    pub(crate) fn read_chunks(&self) -> Vec<String> {
        let mut chunks: Vec<u32> = self.chunks.keys().copied().collect();
        chunks.sort_unstable();
        chunks.into_iter().map(|k| format!("c/{k}.bin")).collect()
    }
}
