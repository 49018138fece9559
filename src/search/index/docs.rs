//! The documents' side of the index: their order (newest first), the facts
//! kept of each (fingerprints of its text and of its row, kind byte), and
//! the text chunk files `c/<k>.bin` that show results.
//!
//! Left to others: the documents' postings ([`super::analyze`]).

use std::hash::BuildHasher;

use rayon::prelude::*;

use super::codec::Corrupt;
use super::format::SearchDoc;
use crate::kind::Kind;

/// Target bytes of a text chunk's UTF-8 text. Results are scattered over the
/// site, so each shown result costs a chunk: about one page of typical
/// length per chunk (10 results cost 10 small files, ~3 KB each in UTF-16,
/// like Pagefind's fragments); short pages are grouped.
pub(super) const CHUNK_BYTES: usize = 4 * 1024;

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

#[cfg(test)]
mod tests {
    use super::*;

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
