//! The documents' side of the index: their order (newest first), the facts
//! kept of each (fingerprints of its text and of its row, kind byte), and
//! the text chunk files `c/<k>.bin` that show results.
//!
//! Left to others: the documents' postings ([`super::analyze`]).

use std::hash::BuildHasher;

use rayon::prelude::*;

use super::codec::{gunzip, gzip, put_varint, Corrupt, Reader};
use super::format::{Meta, SearchDoc};
use crate::kind::Kind;

/// Target bytes of a text chunk's UTF-8 text. Results are scattered over the
/// site, so each shown result costs a chunk, and every other page in that
/// chunk is downloaded for nothing: one page per chunk unless pages are
/// shorter than this (at 4 KB, real news of ~1,000 characters came four to
/// a chunk, and 10 results cost 30 KB instead of 8).
pub(super) const CHUNK_BYTES: usize = 1024;

/// Newest first; undated last; then by URL so the order is stable.
pub(super) fn sort_docs(docs: &mut [SearchDoc]) {
    docs.sort_by(|a, b| newest_first((&a.date, &a.url), (&b.date, &b.url)));
}

/// The order of documents in the index, by (date, URL).
pub fn newest_first(a: (&str, &str), b: (&str, &str)) -> std::cmp::Ordering {
    b.0.cmp(a.0).then_with(|| a.1.cmp(b.1))
}

pub(super) fn kind_byte(kind: Option<Kind>) -> u8 {
    kind.and_then(|k| Kind::ALL.iter().position(|&x| x == k))
        .unwrap_or(0) as u8
}

pub(super) fn total_chars(docs: &[SearchDoc]) -> usize {
    docs.par_iter()
        .map(|d| d.title.chars().count() + d.unit.chars().count() + d.text.chars().count())
        .sum()
}

/// What the index says of a document's text: an edit that changes it has to
/// be analyzed again.
pub(super) fn fingerprint(doc: &SearchDoc) -> u64 {
    // Fixed seeds: the same in every run. foldhash's quality variant hashes
    // the site's text (tens of MB) several times faster than SipHash.
    foldhash::quality::FixedState::default().hash_one((&doc.title, &doc.unit, &doc.text))
}

/// A document's text apart from its unit, as its row keeps it: the kind's
/// fields and the body, so that a snippet can prefer the body's prose to a
/// list of names, and a query can count a phrase in each field as the
/// index does (format 8).
pub(super) fn fields_and_body(doc: &SearchDoc) -> (&str, &str) {
    match (
        doc.text.get(..doc.body_start),
        doc.text.get(doc.body_start..),
    ) {
        (Some(fields), Some(body)) => (fields.trim(), body.trim()),
        _ => ("", doc.text.trim()),
    }
}

/// What a document's row of text chunk shows besides its text.
pub(super) fn row_fingerprint(doc: &SearchDoc) -> u64 {
    foldhash::quality::FixedState::default().hash_one((
        &doc.date,
        kind_byte(doc.kind),
        doc.body_start,
    ))
}

/// Documents per text chunk, from the average text size.
pub(super) fn chunk_size(docs: &[SearchDoc]) -> usize {
    let text_bytes: usize = docs.iter().map(|d| d.text.len() + d.title.len()).sum();
    chunk_size_of(docs.len(), text_bytes)
}

pub(super) fn chunk_size_of(docs: usize, text_bytes: usize) -> usize {
    (CHUNK_BYTES * docs.max(1) / text_bytes.max(1)).clamp(1, 256)
}

/// Chunk `k`'s file: its JSON in UTF-16LE, two bytes a Chinese character
/// instead of UTF-8's three. That is as small as zlib-rs's fastest gzip
/// (3.05 MB against 2.97 MB for the text of 1,000 generated pages: deflate
/// finds few repeats in 4 KB of Chinese) at no cost, where the gzip was a
/// tenth of the index's build time.
pub(super) fn chunk_file(part: &[SearchDoc]) -> Vec<u8> {
    // [url, title, date, kind, unit, fields, body]
    type Row<'a> = (&'a str, &'a str, &'a str, u8, &'a str, &'a str, &'a str);
    let rows: Vec<Row<'_>> = part
        .iter()
        .map(|d| {
            let (fields, body) = fields_and_body(d);
            let unit = d.unit.as_str();
            (
                &*d.url,
                &*d.title,
                &*d.date,
                kind_byte(d.kind),
                unit,
                fields,
                body,
            )
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

/// [`META_FILE`](super::format::META_FILE)'s bytes: gzip of the JSON of `meta` (its length first, as
/// a varint), the documents' kind bytes and length codes (`docs`: one byte
/// each, kinds first), then the fold pairs by Traditional character: their
/// count, then per pair the distance from the previous Traditional
/// character and the Simplified one's from it (zigzag), as varints. That
/// is half the pairs' UTF-8 (3.9 KB against 9.7 KB for 1,600 pairs). Then
/// the packs' directory: the number of blobs and a size class per blob
/// (format 9: [`super::pack`]).
pub(crate) fn encode_meta(meta: &Meta, docs: &[u8]) -> Vec<u8> {
    let json = serde_json::to_vec(meta).unwrap_or_default();
    let mut out = Vec::with_capacity(json.len() + docs.len() + 2 * meta.fold.len());
    put_varint(&mut out, json.len() as u64);
    out.extend_from_slice(&json);
    out.extend_from_slice(docs);
    let chars: Vec<char> = meta.fold.chars().collect();
    let mut pairs: Vec<(u32, u32)> = chars
        .chunks_exact(2)
        .map(|p| (u32::from(p[0]), u32::from(p[1])))
        .collect();
    pairs.sort_unstable();
    put_varint(&mut out, pairs.len() as u64);
    let mut previous = 0;
    for (t, s) in pairs {
        put_varint(&mut out, u64::from(t - previous));
        let d = i64::from(s) - i64::from(t);
        put_varint(&mut out, ((d << 1) ^ (d >> 63)) as u64);
        previous = t;
    }
    // The directory of the packs: a byte per blob.
    put_varint(&mut out, meta.classes.len() as u64);
    out.extend_from_slice(&meta.classes);
    gzip(&out, 9)
}

/// [`Meta`] and the documents' bytes (kinds, then length codes) from
/// [`META_FILE`](super::format::META_FILE)'s bytes.
pub fn decode_meta(bytes: &[u8]) -> Result<(Meta, Vec<u8>), Corrupt> {
    let plain = gunzip(bytes)?;
    let mut r = Reader::new(&plain);
    let json_len = r.varint()? as usize;
    let mut meta: Meta =
        serde_json::from_slice(r.take(json_len)?).map_err(|e| Corrupt(format!("meta: {e}")))?;
    let docs = r.take(2 * meta.docs as usize)?.to_vec();
    let count = r.varint()?;
    let mut fold = String::new();
    let mut t = 0u64;
    for _ in 0..count {
        t += r.varint()?;
        let z = r.varint()?;
        let d = (z >> 1) as i64 ^ -((z & 1) as i64);
        let pair = [t as i64, t as i64 + d].map(|c| u32::try_from(c).ok().and_then(char::from_u32));
        let [Some(a), Some(b)] = pair else {
            return Err(Corrupt("meta: fold pair".into()));
        };
        fold.extend([a, b]);
    }
    meta.fold = fold;
    let blobs = usize::try_from(r.varint()?).map_err(|_| Corrupt("meta: blobs".into()))?;
    meta.classes = r.take(blobs)?.to_vec();
    Ok((meta, docs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_and_documents_read_back_from_one_file() {
        let docs = super::super::build(vec![SearchDoc {
            url: "a/".into(),
            title: "衛生院".into(),
            text: "乾坤 後來 发展".into(),
            ..Default::default()
        }]);
        let files: std::collections::HashMap<_, _> = docs.files.into_iter().collect();
        let (meta, facts) = decode_meta(&files[super::super::META_FILE]).expect("meta");
        assert_eq!((meta.docs, facts.len()), (1, 2));
        // The pairs come back as written, in the order of their Traditional
        // character (後 → 后 and 發 → 发 are among them: their Simplified
        // characters are in the page).
        let pairs: Vec<char> = meta.fold.chars().collect();
        assert!(pairs.chunks(2).any(|p| p == ['後', '后']), "{}", meta.fold);
        assert!(pairs.chunks(2).any(|p| p == ['發', '发']));
        assert!(pairs.chunks(2).all(|p| p[0] != p[1]));
        let back = encode_meta(&meta, &facts);
        assert_eq!(decode_meta(&back).expect("again"), (meta, facts));
        assert!(decode_meta(&back[..back.len() / 2]).is_err(), "a cut file");
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
        let rows: Vec<(String, String, String, u8, String, String, String)> =
            serde_json::from_str(&json).expect("json");
        assert_eq!(rows[0].1, "镇卫生院\"医保\"");
        assert_eq!(rows[0].4, "清溪镇卫生院");
        assert_eq!(rows[0].5, "", "no fields");
        assert_eq!(rows[0].6, "报销 𠀋 2025年");
        assert!(chunk_json(&file[1..]).is_err());
        assert!(chunk_json(&[0x00, 0xd8]).is_err(), "a lone surrogate");
    }

    #[test]
    fn a_row_keeps_the_fields_and_the_body_apart() {
        let text = "视察　林秀英\n镇卫生院门诊\n签约服务";
        let doc = |body_start: usize| SearchDoc {
            unit: "镇卫生院".into(),
            text: text.into(),
            body_start,
            ..Default::default()
        };
        let body_start = text.find('\n').map_or(0, |i| i + 1);
        assert_eq!(
            fields_and_body(&doc(body_start)),
            ("视察　林秀英", "镇卫生院门诊\n签约服务")
        );
        assert_eq!(fields_and_body(&doc(0)), ("", text), "no fields");
        // An offset inside a character or past the end: all of it is body.
        for wrong in [1, text.len() + 1] {
            assert_eq!(fields_and_body(&doc(wrong)), ("", text));
        }
    }
}
