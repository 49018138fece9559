//! A query against the index files, exactly as `search-core.js` runs it in
//! the browser (same parsing, matching, BM25 and order), so the ranking can
//! be tested in Rust and the bytes a query downloads can be measured.
//!
//! A query is split into terms: a Latin or digit word; one Chinese
//! character; two characters (one bigram); or three and more characters,
//! which must occur as a phrase (every bigram at the next position). A
//! document matches when it has every term. Its score is the sum of each
//! term's BM25, with matches in the title and the unit counted
//! `title_boost` and `unit_boost` times; scores are rounded to 1e-6 and ties
//! go to the newer document (the smaller id).

use super::index::{decode_length, shard_of, Meta, OTHER, TITLE, UNIT};
use super::normalize::normalize;
use super::tokenize::{runs, Run, Token};
use std::collections::{BTreeMap, HashMap};

/// At most this many terms are used (a pasted paragraph is not a query).
pub const MAX_TERMS: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// One token, or the bigrams of a phrase in order.
    pub tokens: Vec<Token>,
}

impl Term {
    fn is_phrase(&self) -> bool {
        self.tokens.len() > 1
    }
}

/// The terms of a query, without repeats.
pub fn parse_query(query: &str) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    for run in runs(&normalize(query)) {
        let tokens = match run {
            Run::Word(w) => vec![Token::Word(w.into_boxed_str())],
            Run::Cjk(chars) if chars.len() == 1 => vec![Token::Char(chars[0])],
            Run::Cjk(chars) => chars
                .windows(2)
                .map(|w| Token::Bigram(w[0], w[1]))
                .collect(),
        };
        let term = Term { tokens };
        if !terms.contains(&term) && terms.len() < MAX_TERMS {
            terms.push(term);
        }
    }
    terms
}

/// One document's entry in a token's postings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub counts: [u32; 3],
    pub positions: [Vec<u32>; 3],
}

/// A malformed index file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt(pub String);

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn varint(&mut self) -> Result<u64, Corrupt> {
        let mut n: u64 = 0;
        let mut shift = 0;
        loop {
            let byte = *self
                .bytes
                .get(self.at)
                .ok_or_else(|| Corrupt("truncated varint".into()))?;
            self.at += 1;
            n |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(n);
            }
            shift += 7;
            if shift > 63 {
                return Err(Corrupt("varint too long".into()));
            }
        }
    }

    fn u32(&mut self) -> Result<u32, Corrupt> {
        u32::try_from(self.varint()?).map_err(|_| Corrupt("number too large".into()))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Corrupt> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| Corrupt("truncated".into()))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
}

/// The postings of `token` in a shard file, or none.
pub fn find_postings(shard: &[u8], token: &str) -> Result<Vec<Posting>, Corrupt> {
    let mut r = Reader {
        bytes: shard,
        at: 0,
    };
    while r.at < shard.len() {
        let head = r.varint()?;
        let has_positions = head & 1 == 1;
        let text = r.take((head >> 1) as usize)?;
        let body_len = r.varint()? as usize;
        if text != token.as_bytes() {
            r.take(body_len)?;
            continue;
        }
        let mut body = Reader {
            bytes: r.take(body_len)?,
            at: 0,
        };
        let count = body.u32()?;
        let mut out = Vec::with_capacity(count as usize);
        let mut doc = 0;
        for _ in 0..count {
            doc += body.u32()?;
            let head = body.varint()?;
            let mut counts = [0; 3];
            counts[OTHER] = u32::try_from(head >> 2).map_err(|_| Corrupt("count".into()))?;
            if head & 2 != 0 {
                counts[TITLE] = body.u32()?;
            }
            if head & 1 != 0 {
                counts[UNIT] = body.u32()?;
            }
            let mut positions: [Vec<u32>; 3] = Default::default();
            if has_positions {
                for (field, list) in positions.iter_mut().enumerate() {
                    let mut p = 0;
                    for _ in 0..counts[field] {
                        p += body.u32()?;
                        list.push(p);
                    }
                }
            }
            out.push(Posting {
                doc,
                counts,
                positions,
            });
        }
        return Ok(out);
    }
    Ok(Vec::new())
}

/// Which kind and year to keep (None: all).
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    pub kind: Option<u8>,
    pub year: Option<i32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub score: f64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    /// Best first.
    pub hits: Vec<Hit>,
    /// Matches by kind byte (with the year filter applied).
    pub kinds: BTreeMap<u8, u32>,
    /// Matches by year (with the kind filter applied); undated pages are not counted.
    pub years: BTreeMap<i32, u32>,
}

/// The files a query reads besides its shards.
pub const METADATA_FILES: [&str; 2] = ["meta.json", "docs.bin"];

/// The shard files a query needs, relative to `search/`.
pub fn shard_files(meta: &Meta, query: &str) -> Vec<String> {
    let mut files: Vec<String> = parse_query(query)
        .iter()
        .flat_map(|t| t.tokens.iter())
        .map(|t| format!("s/{}.bin", shard_of(&t.text(), meta.shards)))
        .collect();
    files.sort();
    files.dedup();
    files
}

/// Per document of a term: occurrences in the title, the unit and the rest.
fn term_matches(term: &Term, postings: &HashMap<String, Vec<Posting>>) -> BTreeMap<u32, [u32; 3]> {
    let list = |t: &Token| postings.get(&t.text()).map(Vec::as_slice).unwrap_or(&[]);
    let first = list(&term.tokens[0]);
    if !term.is_phrase() {
        return first.iter().map(|p| (p.doc, p.counts)).collect();
    }
    let rest: Vec<HashMap<u32, &Posting>> = term.tokens[1..]
        .iter()
        .map(|t| list(t).iter().map(|p| (p.doc, p)).collect())
        .collect();
    let mut out = BTreeMap::new();
    for p in first {
        let mut counts = [0; 3];
        for (field, count) in counts.iter_mut().enumerate() {
            *count = p.positions[field]
                .iter()
                .filter(|&&start| {
                    rest.iter().enumerate().all(|(i, by_doc)| {
                        by_doc.get(&p.doc).is_some_and(|q| {
                            q.positions[field]
                                .binary_search(&(start + i as u32 + 1))
                                .is_ok()
                        })
                    })
                })
                .count() as u32;
        }
        if counts.iter().any(|&c| c > 0) {
            out.insert(p.doc, counts);
        }
    }
    out
}

/// Runs a query. `read` returns a file of `search/` (None when missing).
pub fn search(
    read: impl Fn(&str) -> Option<Vec<u8>>,
    query: &str,
    filter: Filter,
) -> Result<Results, Corrupt> {
    let meta: Meta = read("meta.json")
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| Corrupt("meta.json".into()))?;
    let docs = read("docs.bin").ok_or_else(|| Corrupt("docs.bin".into()))?;
    let n = meta.docs as usize;
    if docs.len() != 2 * n {
        return Err(Corrupt("docs.bin length".into()));
    }
    let terms = parse_query(query);
    if terms.is_empty() {
        return Ok(Results::default());
    }
    let mut shards: HashMap<u32, Vec<u8>> = HashMap::new();
    let mut postings: HashMap<String, Vec<Posting>> = HashMap::new();
    for token in terms.iter().flat_map(|t| t.tokens.iter()) {
        let text = token.text();
        let shard = shard_of(&text, meta.shards);
        let bytes = shards
            .entry(shard)
            .or_insert_with(|| read(&format!("s/{shard}.bin")).unwrap_or_default());
        postings.insert(text.clone(), find_postings(bytes, &text)?);
    }
    let mut year_of = Vec::with_capacity(n);
    for &(year, count) in &meta.years {
        year_of.extend(std::iter::repeat_n(year, count as usize));
    }
    let mut scores: Option<BTreeMap<u32, f64>> = None;
    for term in &terms {
        let matches = term_matches(term, &postings);
        let df = matches.len() as f64;
        let idf = (1.0 + (meta.docs as f64 - df + 0.5) / (df + 0.5)).ln();
        let mut next = BTreeMap::new();
        for (doc, counts) in matches {
            let before = match &scores {
                Some(s) => match s.get(&doc) {
                    Some(&v) => v,
                    None => continue,
                },
                None => 0.0,
            };
            let dl = decode_length(docs[n + doc as usize]);
            let tf = f64::from(counts[TITLE]) * meta.title_boost
                + f64::from(counts[UNIT]) * meta.unit_boost
                + f64::from(counts[OTHER]);
            let norm = meta.k1 * (1.0 - meta.b + meta.b * dl / meta.avgdl);
            next.insert(doc, before + idf * tf * (meta.k1 + 1.0) / (tf + norm));
        }
        scores = Some(next);
    }
    let mut out = Results::default();
    for (doc, score) in scores.unwrap_or_default() {
        let kind = docs[doc as usize];
        let year = year_of.get(doc as usize).copied().unwrap_or(0);
        let kind_ok = filter.kind.is_none_or(|k| k == kind);
        let year_ok = filter.year.is_none_or(|y| y == year);
        if year_ok {
            *out.kinds.entry(kind).or_default() += 1;
        }
        if kind_ok && year != 0 {
            *out.years.entry(year).or_default() += 1;
        }
        if kind_ok && year_ok {
            out.hits.push(Hit {
                doc,
                score: (score * 1e6).round() / 1e6,
            });
        }
    }
    out.hits
        .sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::index::{build, SearchDoc};
    use super::*;
    use crate::content::Kind;

    fn doc(url: &str, date: &str, title: &str, unit: &str, text: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            title: title.into(),
            date: date.into(),
            year: date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0),
            kind: Some(if unit.is_empty() {
                Kind::Article
            } else {
                Kind::Inspection
            }),
            unit: unit.into(),
            text: text.into(),
        }
    }

    /// Builds an index in memory and returns (urls in id order, run a query).
    fn index(docs: Vec<SearchDoc>) -> (Vec<String>, HashMap<String, Vec<u8>>) {
        let mut sorted = docs.clone();
        sorted.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
        let files = build(docs).files.into_iter().collect();
        (sorted.into_iter().map(|d| d.url).collect(), files)
    }

    fn urls(files: &(Vec<String>, HashMap<String, Vec<u8>>), q: &str) -> Vec<String> {
        let (urls, files) = files;
        search(|f| files.get(f).cloned(), q, Filter::default())
            .expect("search")
            .hits
            .iter()
            .map(|h| urls[h.doc as usize].clone())
            .collect()
    }

    #[test]
    fn query_terms_follow_the_tokenizer() {
        let t = parse_query("衛生院 ＣＯＶＩＤ 镇");
        assert_eq!(
            t,
            [
                Term {
                    tokens: vec![Token::Bigram('卫', '生'), Token::Bigram('生', '院')]
                },
                Term {
                    tokens: vec![Token::Word("covid".into())]
                },
                Term {
                    tokens: vec![Token::Char('镇')]
                },
            ]
        );
        assert!(parse_query("，。 ").is_empty());
        assert_eq!(parse_query("人大 人大").len(), 1);
    }

    #[test]
    fn a_phrase_matches_only_consecutive_characters() {
        let idx = index(vec![
            doc(
                "phrase/",
                "2025-01-01",
                "通知",
                "",
                "今天视察了卫生院的工作。",
            ),
            // 卫生 and 生院 both occur, but never as 卫生院.
            doc(
                "scattered/",
                "2026-01-01",
                "通知",
                "",
                "卫生工作好，生院二字，院里。",
            ),
            doc("split/", "2026-02-01", "通知", "", "讲卫生，院长来了。"),
        ]);
        assert_eq!(urls(&idx, "卫生院"), ["phrase/"]);
        assert_eq!(urls(&idx, "衛生院"), ["phrase/"]);
        // Two characters are one bigram: every document with it.
        assert_eq!(urls(&idx, "卫生"), ["split/", "scattered/", "phrase/"]);
    }

    #[test]
    fn bm25_ranks_title_and_unit_matches_first_and_newer_on_ties() {
        let idx = index(vec![
            doc(
                "body/",
                "2026-05-01",
                "工作通知",
                "",
                "会上提到医保报销的办法。",
            ),
            doc("title/", "2024-01-01", "医保报销政策解读", "", "详见正文。"),
            doc(
                "unit/",
                "2023-01-01",
                "视察",
                "医保报销窗口",
                "视察了窗口。",
            ),
            doc(
                "same-old/",
                "2020-01-01",
                "工作通知",
                "",
                "会上提到医保报销的办法。",
            ),
            doc("none/", "2026-06-01", "医保", "", "报销"),
        ]);
        assert_eq!(
            urls(&idx, "医保报销"),
            ["title/", "unit/", "body/", "same-old/"]
        );
    }

    #[test]
    fn all_terms_must_match_and_words_are_terms() {
        let idx = index(vec![
            doc("a/", "2025-01-01", "GDP增长", "", "2025年经济"),
            doc("b/", "2025-02-01", "增长", "", "2024年"),
        ]);
        assert_eq!(urls(&idx, "ｇｄｐ 增长"), ["a/"]);
        assert_eq!(urls(&idx, "2025年"), ["a/"]);
        assert_eq!(urls(&idx, "增长"), ["b/", "a/"]);
        assert!(urls(&idx, "没有的词").is_empty());
    }

    #[test]
    fn facets_count_kinds_and_years_and_filter() {
        let (u, files) = index(vec![
            doc("a/", "2025-01-01", "代表视察", "", ""),
            doc("b/", "2025-03-01", "代表视察", "卫生院", ""),
            doc("c/", "2026-03-01", "代表视察", "卫生院", ""),
        ]);
        let read = |f: &str| files.get(f).cloned();
        let all = search(read, "代表", Filter::default()).expect("search");
        let inspection = kind_index(Kind::Inspection);
        assert_eq!(all.kinds.get(&inspection), Some(&2));
        assert_eq!(all.kinds.get(&kind_index(Kind::Article)), Some(&1));
        assert_eq!(all.years.get(&2025), Some(&2));
        assert_eq!(all.years.get(&2026), Some(&1));
        let filtered = search(
            read,
            "代表",
            Filter {
                kind: Some(inspection),
                year: Some(2025),
            },
        )
        .expect("search");
        let hits: Vec<&str> = filtered
            .hits
            .iter()
            .map(|h| u[h.doc as usize].as_str())
            .collect();
        assert_eq!(hits, ["b/"]);
        // Each facet is counted with the other facet's filter only.
        assert_eq!(filtered.kinds.values().sum::<u32>(), 2);
        assert_eq!(filtered.years.get(&2026), Some(&1));
    }

    fn kind_index(kind: Kind) -> u8 {
        Kind::ALL.iter().position(|&k| k == kind).expect("kind") as u8
    }

    #[test]
    fn a_query_reads_only_the_shards_of_its_tokens() {
        let docs: Vec<SearchDoc> = (0..400)
            .map(|i| {
                doc(
                    &format!("p{i}/"),
                    "2025-01-01",
                    "人大代表视察",
                    "",
                    &"镇卫生院医保报销窗口工作，代表提出意见建议。".repeat(10),
                )
            })
            .collect();
        let files: HashMap<String, Vec<u8>> = build(docs).files.into_iter().collect();
        let meta: Meta = serde_json::from_slice(&files["meta.json"]).expect("meta");
        assert!(meta.shards > 1, "{} shards", meta.shards);
        let needed = shard_files(&meta, "医保报销");
        let expected: std::collections::BTreeSet<String> = ["医保", "保报", "报销"]
            .iter()
            .map(|t| format!("s/{}.bin", shard_of(t, meta.shards)))
            .collect();
        assert_eq!(needed, expected.into_iter().collect::<Vec<_>>());
        // Each token is in its shard file, and in no other.
        for (i, token) in ["医保", "报销", "卫"].iter().enumerate() {
            let home = shard_of(token, meta.shards);
            for s in 0..meta.shards {
                let found = !find_postings(&files[&format!("s/{s}.bin")], token)
                    .expect("decode")
                    .is_empty();
                assert_eq!(found, s == home, "token {i} in shard {s}");
            }
        }
        // The search reads nothing but metadata and those shards.
        let read_log = std::cell::RefCell::new(vec![]);
        let hits = search(
            |f| {
                read_log.borrow_mut().push(f.to_string());
                files.get(f).cloned()
            },
            "医保报销",
            Filter::default(),
        )
        .expect("search");
        assert_eq!(hits.hits.len(), 400);
        let mut read = read_log.into_inner();
        read.retain(|f| f.starts_with("s/"));
        read.sort();
        assert_eq!(read, shard_files(&meta, "医保报销"));
    }
}
