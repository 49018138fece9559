//! The search index: built once per build, written so that a browser
//! downloads only what a query needs, in few files an office can upload.
//!
//! Files under `search/` (numbers are unsigned LEB128 varints): `meta.bin`,
//! which every query reads first, and the packs `pack/<kind><k>.bin`
//! ([`pack`], format 9). A pack holds consecutive *blobs* of one kind,
//! each padded to its size class; a browser reads one blob with an HTTP
//! range request, knowing from `meta.bin` where it starts (from a server
//! that ignores `Range`, it takes the whole pack, once). The blobs are
//! what were files up to format 8, and keep their names: `s/<n>.bin` is
//! blob `n` of kind `s`, in pack `pack/s<n / per>.bin`, where `per` is in
//! the meta. The metadata and the document lists (`meta.bin`, `s/`, `g/`)
//! are gzip-compressed, which the browser undoes with `DecompressionStream`;
//! positions and text are not (see [`shard_files`](postings::shard_files)
//! and [`chunk_file`](docs::chunk_file)). A token is one *unit* (a Chinese
//! character, a letter, a digit, a meaningful symbol: format 8) or two in a
//! row (see `super::tokenize`).
//!
//! - `meta.bin` ([`docs::encode_meta`]): the JSON of [`Meta`] (format
//!   version, counts, BM25 parameters, kind labels, the year of each
//!   document as runs, documents being ordered newest first, the phrases
//!   that fold otherwise than character by character whose folded
//!   characters all occur in the site, the common bigrams, which tell a
//!   query what grams a phrase has, and `packs`, the blobs per pack of each
//!   kind `s p g q c`); one byte of kind per document, then one byte of
//!   length (quantized like Lucene's norms: `round(ln(1 + units) * 16)`);
//!   then the Traditional → Simplified pairs whose Simplified character
//!   occurs in the site, as numbers; then the directory of the packs: the
//!   number of blobs and one byte per blob, its size class
//!   ([`pack::class_size`]), kinds in the order `s p g q c`, blobs by
//!   number. A blob starts where the blobs before it in its pack end.
//! - Blob padding, where each reader ignores it: a gzip blob in its header's
//!   comment field, positions with zero bytes (a token of no bytes ends a
//!   positions blob), a text chunk with UTF-16 spaces after its JSON.
//! - `s/<n>.bin`: the document lists of every token whose FNV-1a hash modulo
//!   `shards` is `n`, tokens in byte order. A token: `(byte length << 1 |
//!   has positions)`, its UTF-8 bytes, the byte length of its list, then the
//!   list: document count, and per document the id delta, `(other count << 2
//!   | in title << 1 | in unit)`, the title count if in the title, the unit
//!   count if in the unit.
//! - `p/<n>.bin`: the positions of the bigrams of shard `n`, read only for
//!   phrases (three units or more) in more pages than a query checks in
//!   their text (`query::plan`), so a two-character query never downloads
//!   them. Per bigram, in the order of `s/<n>.bin`: byte length,
//!   UTF-8 bytes, byte length of the rest, then per document of its list the
//!   positions of the title, unit and other occurrences, each list delta
//!   encoded from 0 (their counts are in the list).
//! - `g/<n>.bin` and `q/<n>.bin`: the document lists and positions (as in
//!   `s/` and `p/`) of the grams whose FNV-1a hash modulo `shards` is `n`:
//!   three or four characters made of two common bigrams (see
//!   [`super::gram`]; `common` in the meta). A phrase of that length is
//!   one gram, read without positions; a longer one is a chain of
//!   overlapping grams and bigrams, each at its offset
//!   (`query::phrase_pieces`), so that 人大常委会 reads the positions of
//!   人大常委 and 大常委会, not those of four bigrams in nearly every page.
//! - `c/<k>.bin`: JSON `[[url, title, date, kind, unit, fields, body], …]` of
//!   documents `k * chunk …` in UTF-16LE, fetched only for the results
//!   shown (and the candidates a query checks against their text:
//!   `query`'s plan). A snippet is taken from the body when it matches,
//!   else from the lead (the unit and the kind's fields); the three are
//!   apart so that a query counts a phrase in each field as the index does
//!   (format 8).
//!
//! Documents are numbered newest first, so ties in score keep that order.
//! The shard of a token depends on nothing but the token and the shard
//! count, and the pack of a blob on nothing but the numbers of pages,
//! shards and chunks, so an edit of one document rewrites only the packs of
//! the shards of its old and new tokens and of its text chunk, and
//! `meta.bin` ([`LiveIndex::update`]).

//!
//! The files of this folder: [`format`] the types in and out and the
//! format's numbers; [`build`] a build of every file, and the fallback of
//! an update; [`analyze`] one document's postings; [`shard`] which
//! shard a token goes to; [`postings`] the shards and their files;
//! [`docs`] document order, facts and text chunks; [`codec`] varints,
//! gzip and reading; [`pack`] blobs into packs and the directory;
//! [`live`] the index between edits. They import one way (build → live →
//! postings → analyze → shard, each of them → pack, docs, format, codec)
//! and never this file, which only re-exports.

mod analyze;
mod build;
mod codec;
mod docs;
mod format;
mod live;
mod pack;
mod postings;
mod shard;

pub use analyze::{analyze, AnalyzedDoc};
pub use build::{build, build_into, build_live};
pub(crate) use codec::Reader;
pub use codec::{gunzip, gzip, Corrupt};
pub use docs::{chunk_json, decode_meta, newest_first};
pub(crate) use format::{decode_length, OTHER, TITLE, UNIT, VERSION};
pub use format::{read_blob, IndexFiles, IndexStats, Meta, SearchDoc, META_FILE};
pub(crate) use live::LiveIndex;
pub use postings::Shard;
pub use shard::{shard_count, shard_of};
#[cfg(test)]
pub(crate) mod tests {
    use super::docs::sort_docs;
    use super::*;
    use crate::kind::Kind;
    use crate::search::gram::Common;
    use crate::search::query::{find_positions, find_postings};
    use std::collections::HashMap;

    pub(super) fn files_of(built: &IndexFiles) -> HashMap<String, Vec<u8>> {
        built.files.iter().cloned().collect()
    }

    /// Blob `rel` (`s/3.bin`) of a built index, sliced from its pack.
    pub(crate) fn blob(files: &HashMap<String, Vec<u8>>, rel: &str) -> Vec<u8> {
        let (meta, _) = decode_meta(&files[META_FILE]).expect("meta");
        read_blob(&meta, |f| files.get(f).cloned(), rel).expect(rel)
    }

    fn read(files: &HashMap<String, Vec<u8>>, rel: &str) -> Vec<u8> {
        gunzip(&blob(files, rel)).expect("gunzip").into_owned()
    }

    #[test]
    fn lists_count_fields_and_positions_are_apart() {
        let doc = SearchDoc {
            title: "视察卫生院".into(),
            unit: "镇卫生院".into(),
            text: "卫生院门诊 GDP gdp".into(),
            ..Default::default()
        };
        assert_eq!(
            analyze(&doc, 4, &Common::default()).length,
            5 + 4 + 5 + 3 + 3
        );
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
        // Single units keep counts only; Latin letters pair as Chinese do.
        let (_, char) = shard("卫");
        assert_eq!(char[0].counts, [1, 1, 1]);
        assert!(char[0].positions.iter().all(Vec::is_empty));
        assert_eq!(shard("gd").1[0].counts, [0, 0, 2]);
        assert!(shard("gdp").0.is_empty());
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
