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

use super::index::{decode_length, gunzip, shard_of, Meta, Reader, OTHER, TITLE, UNIT, VERSION};
use super::normalize::normalize;
use super::tokenize::{runs, Run, Token};
use std::collections::{BTreeMap, HashMap, HashSet};

/// At most this many terms are used (a pasted paragraph is not a query).
pub(crate) const MAX_TERMS: usize = 12;

/// One term of a query: every document must have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// One token, or the bigrams of a phrase in order.
    pub(crate) tokens: Vec<Token>,
}

impl Term {
    fn is_phrase(&self) -> bool {
        self.tokens.len() > 1
    }

    /// The characters of a phrase (its bigrams overlap by one).
    fn chars(&self) -> Vec<char> {
        let mut out = Vec::new();
        for (i, t) in self.tokens.iter().enumerate() {
            if let Token::Bigram(a, b) = t {
                if i == 0 {
                    out.push(*a);
                }
                out.push(*b);
            }
        }
        out
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
pub(crate) struct Posting {
    pub doc: u32,
    pub(crate) counts: [u32; 3],
    pub(crate) positions: [Vec<u32>; 3],
}

pub(crate) use super::index::Corrupt;

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
        let text = r.block()?;
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

/// Which kind and year to keep (None: all).
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    /// Only documents of this kind byte.
    pub kind: Option<u8>,
    /// Only documents of this year (0: undated).
    pub year: Option<i32>,
}

/// One matching document.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Its id (documents are numbered newest first).
    pub doc: u32,
    /// Its BM25 score, rounded to 1e-6.
    pub score: f64,
}

/// What a query finds, and what it read to find it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    /// Best first.
    pub hits: Vec<Hit>,
    /// Matches by kind byte (with the year filter applied).
    pub kinds: BTreeMap<u8, u32>,
    /// Matches by year (with the kind filter applied); undated pages under 0,
    /// so that the counts add up to every match of the kind.
    pub years: BTreeMap<i32, u32>,
    /// The shard files read (`s/`, `p/`, `g/`, `q/`), sorted.
    pub files: Vec<String>,
}

/// The files a query reads besides its shards.
pub const METADATA_FILES: [&str; 2] = ["meta.json", "docs.bin"];

/// Where a token's files are: a bigram's (a character's, a word's) list in
/// `s/` and positions in `p/`, a gram's in `g/` and `q/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Dirs {
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

/// The index files a query reads (each once) and the postings found in them.
struct Loader<'a, R> {
    meta: &'a Meta,
    read: R,
    files: HashMap<String, Vec<u8>>,
    lists: HashMap<(Dirs, String), Vec<Posting>>,
    /// Tokens whose postings have their positions.
    positioned: HashSet<(Dirs, String)>,
    /// The common bigrams (`meta.json`).
    common: HashSet<String>,
}

impl<R: Fn(&str) -> Option<Vec<u8>>> Loader<'_, R> {
    fn file(&mut self, rel: String) -> Result<&[u8], Corrupt> {
        if !self.files.contains_key(&rel) {
            let bytes = gunzip(&(self.read)(&rel).unwrap_or_default())?.into_owned();
            self.files.insert(rel.clone(), bytes);
        }
        Ok(self.files.get(&rel).map_or(&[], Vec::as_slice))
    }

    /// A token's document list.
    fn list(&mut self, dirs: Dirs, token: &str) -> Result<&[Posting], Corrupt> {
        let key = (dirs, token.to_string());
        if !self.lists.contains_key(&key) {
            let shard = shard_of(token, self.meta.shards);
            let list = find_postings(self.file(dirs.file(false, shard))?, token)?;
            self.lists.insert(key.clone(), list);
        }
        Ok(self.lists.get(&key).map_or(&[], Vec::as_slice))
    }

    /// A bigram's or gram's document list with its positions.
    fn positions(&mut self, dirs: Dirs, token: &str) -> Result<&[Posting], Corrupt> {
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

    /// The shard files read, sorted.
    fn read_files(&self) -> Vec<String> {
        let mut files: Vec<String> = self.files.keys().cloned().collect();
        files.sort();
        files
    }
}

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

/// Per document of a term: occurrences in the title, the unit and the rest.
///
/// A phrase is matched through its pieces ([`phrase_pieces`]; without
/// grams, each bigram is a piece), which `meta.json`'s common bigrams give
/// without reading any list. A phrase of three or four characters whose
/// outer bigrams are common is one gram (see `gram.rs`), whose list has the
/// phrase's counts; otherwise the pieces' positions say where they follow
/// each other.
fn term_matches<R: Fn(&str) -> Option<Vec<u8>>>(
    term: &Term,
    loader: &mut Loader<'_, R>,
    grams: bool,
) -> Result<BTreeMap<u32, [u32; 3]>, Corrupt> {
    let texts: Vec<String> = term.tokens.iter().map(Token::text).collect();
    if !term.is_phrase() {
        return Ok(loader
            .list(Dirs::Tokens, &texts[0])?
            .iter()
            .map(|p| (p.doc, p.counts))
            .collect());
    }
    let chars = term.chars();
    let common: Vec<bool> = texts
        .iter()
        .map(|t| grams && loader.common.contains(t))
        .collect();
    let pieces = phrase_pieces(&common);
    let piece = |p: &Piece| {
        let text: String = chars[p.start..p.start + p.len].iter().collect();
        let dirs = if p.len == 2 {
            Dirs::Tokens
        } else {
            Dirs::Grams
        };
        (dirs, text)
    };
    // The pieces' lists, as the browser fetches them (at once), then
    // positions only if none is empty. One gram is the whole phrase.
    let mut empty = false;
    for p in &pieces {
        let (dirs, text) = piece(p);
        empty |= loader.list(dirs, &text)?.is_empty();
    }
    if empty {
        return Ok(BTreeMap::new());
    }
    if let [whole] = pieces.as_slice() {
        let (dirs, text) = piece(whole);
        return Ok(loader
            .list(dirs, &text)?
            .iter()
            .map(|p| (p.doc, p.counts))
            .collect());
    }
    let mut lists: Vec<(usize, HashMap<u32, Posting>)> = Vec::new();
    for p in &pieces {
        let (dirs, text) = piece(p);
        let list = loader.positions(dirs, &text)?;
        lists.push((p.start, list.iter().map(|p| (p.doc, p.clone())).collect()));
    }
    let mut out = BTreeMap::new();
    let Some(((_, first), rest)) = lists.split_first() else {
        return Ok(out);
    };
    for p in first.values() {
        let mut counts = [0; 3];
        for (field, count) in counts.iter_mut().enumerate() {
            *count = p.positions[field]
                .iter()
                .filter(|&&start| {
                    rest.iter().all(|(offset, by_doc)| {
                        by_doc.get(&p.doc).is_some_and(|q| {
                            q.positions[field]
                                .binary_search(&(start + *offset as u32))
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
    Ok(out)
}

/// The common bigrams of `meta.json`: pairs of characters, one after another.
fn common_bigrams(pairs: &str) -> HashSet<String> {
    let chars: Vec<char> = pairs.chars().collect();
    chars.chunks(2).map(|pair| pair.iter().collect()).collect()
}

/// Runs a query. `read` returns a file of `search/` (None when missing).
pub fn search(
    read: impl Fn(&str) -> Option<Vec<u8>>,
    query: &str,
    filter: Filter,
) -> Result<Results, Corrupt> {
    search_with(read, query, filter, true)
}

/// [`search`], with the grams of common bigrams used or not (without, every
/// phrase is matched through positions: the same results, more bytes).
pub(crate) fn search_with(
    read: impl Fn(&str) -> Option<Vec<u8>>,
    query: &str,
    filter: Filter,
    grams: bool,
) -> Result<Results, Corrupt> {
    let meta: Meta = read("meta.json")
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| Corrupt("meta.json".into()))?;
    if meta.version != VERSION {
        return Err(Corrupt(format!("index version {}", meta.version)));
    }
    let docs = read("docs.bin").ok_or_else(|| Corrupt("docs.bin".into()))?;
    let docs = gunzip(&docs)?;
    let n = meta.docs as usize;
    if docs.len() != 2 * n {
        return Err(Corrupt("docs.bin length".into()));
    }
    let terms = parse_query(query);
    if terms.is_empty() {
        return Ok(Results::default());
    }
    let mut loader = Loader {
        meta: &meta,
        read,
        files: HashMap::new(),
        lists: HashMap::new(),
        positioned: HashSet::new(),
        common: common_bigrams(&meta.common),
    };
    let mut year_of = Vec::with_capacity(n);
    for &(year, count) in &meta.years {
        year_of.extend(std::iter::repeat_n(year, count as usize));
    }
    let mut scores: Option<BTreeMap<u32, f64>> = None;
    for term in &terms {
        let matches = term_matches(term, &mut loader, grams)?;
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
    let mut out = Results {
        files: loader.read_files(),
        ..Default::default()
    };
    for (doc, score) in scores.unwrap_or_default() {
        let kind = docs[doc as usize];
        let year = year_of.get(doc as usize).copied().unwrap_or(0);
        let kind_ok = filter.kind.is_none_or(|k| k == kind);
        let year_ok = filter.year.is_none_or(|y| y == year);
        if year_ok {
            *out.kinds.entry(kind).or_default() += 1;
        }
        if kind_ok {
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
    use std::collections::BTreeSet;

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
            body_start: 0,
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
            doc("d/", "", "代表履职", "", ""),
        ]);
        let read = |f: &str| files.get(f).cloned();
        let all = search(read, "代表", Filter::default()).expect("search");
        let inspection = kind_index(Kind::Inspection);
        assert_eq!(all.kinds.get(&inspection), Some(&2));
        assert_eq!(all.kinds.get(&kind_index(Kind::Article)), Some(&2));
        assert_eq!(all.years.get(&2025), Some(&2));
        assert_eq!(all.years.get(&2026), Some(&1));
        // The undated page too: every facet adds up to the matches.
        assert_eq!(all.years.get(&0), Some(&1));
        assert_eq!(all.years.values().sum::<u32>(), 4);
        assert_eq!(all.kinds.values().sum::<u32>(), 4);
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
        assert_eq!(
            filtered.years.get(&0),
            None,
            "the undated page is an article"
        );
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
        // The search reads nothing but metadata and the shards of its tokens.
        // 医保 and 报销 are in every document (common, as meta.json says):
        // 医保报销 is one gram, read without the lists and positions of its
        // bigrams.
        let read_log = std::cell::RefCell::new(vec![]);
        let results = search(
            |f| {
                read_log.borrow_mut().push(f.to_string());
                files.get(f).cloned()
            },
            "医保报销",
            Filter::default(),
        )
        .expect("search");
        assert_eq!(results.hits.len(), 400);
        let shard = |d: &str, t: &str| format!("{d}/{}.bin", shard_of(t, meta.shards));
        assert_eq!(results.files, [shard("g", "医保报销")]);
        let mut read = read_log.into_inner();
        read.retain(|f| !METADATA_FILES.contains(&f.as_str()));
        read.sort();
        assert_eq!(read, results.files);
        // Each token is in its shard file, and in no other.
        for (i, token) in ["医保", "报销", "卫"].iter().enumerate() {
            let home = shard_of(token, meta.shards);
            for s in 0..meta.shards {
                let lists = gunzip(&files[&format!("s/{s}.bin")]).expect("gzip");
                let found = !find_postings(&lists, token).expect("decode").is_empty();
                assert_eq!(found, s == home, "token {i} in shard {s}");
            }
        }
        // Five characters, all four bigrams common: the two quadgrams that
        // cover them, with positions; nothing of the bigrams.
        let five =
            search(|f| files.get(f).cloned(), "医保报销窗", Filter::default()).expect("search");
        assert_eq!(five.hits.len(), 400);
        let mut expected = std::collections::BTreeSet::new();
        for gram in ["医保报销", "保报销窗"] {
            expected.extend([shard("g", gram), shard("q", gram)]);
        }
        assert_eq!(five.files, expected.into_iter().collect::<Vec<_>>());
        // Two characters are one bigram: its list, never positions.
        let two = search(|f| files.get(f).cloned(), "医保", Filter::default()).expect("search");
        assert_eq!(
            two.files,
            [format!("s/{}.bin", shard_of("医保", meta.shards))]
        );
    }

    fn pieces(common: &str) -> Vec<(usize, usize)> {
        let common: Vec<bool> = common.chars().map(|c| c == 'c').collect();
        phrase_pieces(&common)
            .iter()
            .map(|p| (p.start, p.len))
            .collect()
    }

    #[test]
    fn a_phrase_is_a_chain_of_the_longest_grams_and_bigrams_where_none() {
        // Bigrams of the phrase: c common, r not.
        assert_eq!(pieces("r"), [(0, 2)]);
        assert_eq!(pieces("rr"), [(0, 2), (1, 2)]);
        assert_eq!(pieces("cc"), [(0, 3)]);
        assert_eq!(pieces("crc"), [(0, 4)]);
        // 人大常委会, all common: two quadgrams, overlapping by three.
        assert_eq!(pieces("cccc"), [(0, 4), (1, 4)]);
        assert_eq!(pieces("ccccc"), [(0, 4), (2, 4)]);
        assert_eq!(pieces("ccrr"), [(0, 3), (2, 2), (3, 2)]);
        assert_eq!(pieces("rcc"), [(0, 2), (1, 3)]);
        assert_eq!(pieces("crcc"), [(0, 4), (2, 3)]);
        assert!(pieces("").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn pieces_cover_every_bigram_overlap_and_are_indexed(
            common in proptest::collection::vec(proptest::bool::ANY, 0..12)
        ) {
            let pieces = phrase_pieces(&common);
            let chars = if common.is_empty() { 0 } else { common.len() + 1 };
            let mut covered = vec![false; common.len()];
            let mut prev_end = 0;
            for (k, p) in pieces.iter().enumerate() {
                proptest::prop_assert!((2..=4).contains(&p.len));
                proptest::prop_assert!(p.start + p.len <= chars);
                // Overlaps the piece before (the first starts the phrase).
                if k == 0 {
                    proptest::prop_assert_eq!(p.start, 0);
                } else {
                    proptest::prop_assert!(p.start < prev_end && p.start + p.len > prev_end);
                }
                prev_end = p.start + p.len;
                // A gram only where the builder indexes one.
                if p.len > 2 {
                    proptest::prop_assert!(common[p.start] && common[p.start + p.len - 2]);
                }
                covered[p.start..p.start + p.len - 1].fill(true);
            }
            proptest::prop_assert!(covered.iter().all(|&c| c));
            // A bigram alone only where no gram of the phrase covers it.
            for p in pieces.iter().filter(|p| p.len == 2) {
                let i = p.start;
                for start in i.saturating_sub(2)..=i {
                    for len in [3, 4] {
                        let last = start + len - 2;
                        let gram = last >= i && last < common.len() && common[start] && common[last];
                        proptest::prop_assert!(!gram, "{:?}: bigram {} in a gram at {}", common, i, start);
                    }
                }
            }
        }
    }

    #[test]
    fn grams_of_common_bigrams_give_what_positions_give() {
        // 人大 and 代表 in every page, 代表 also alone, 人大，代表 across
        // punctuation, in titles and units, over kinds and years.
        // Common: in half the documents or more (人大, 代表, 大代, 常委, 委会,
        // 大会); 表人 is in a quarter.
        let texts = [
            "人大，代表们来了。",
            "代表大会召开，人大常委会。",
            "人大常委会听取报告，代表大会人大代表人大代表。",
            "常委会会议，代表团。",
        ];
        let docs: Vec<SearchDoc> = (0..400)
            .map(|i| {
                let date = format!("{}-03-{:02}", 2020 + i % 5, 1 + i % 28);
                let title = if i % 7 == 0 {
                    "人大代表履职"
                } else {
                    "通知"
                };
                let unit = if i % 3 == 0 { "人大代表之家" } else { "" };
                // A rare phrase, matched through positions.
                let rare = if i == 5 { "罕见词语" } else { "" };
                let text = format!(
                    "镇人大代表视察卫生院，人大代表提出建议。{}{rare}",
                    texts[i % 4]
                );
                doc(&format!("p{i}/"), &date, title, unit, &text)
            })
            .collect();
        let files: HashMap<String, Vec<u8>> = build(docs).files.into_iter().collect();
        let read = |f: &str| files.get(f).cloned();
        let filters = [
            Filter::default(),
            Filter {
                kind: Some(kind_index(Kind::Inspection)),
                year: Some(2022),
            },
        ];
        // Which of g/ (gram lists), q/ (gram positions) and p/ (bigram
        // positions) each query reads.
        for (q, dirs) in [
            // Three or four characters of common bigrams: one gram's list.
            ("人大代表", "g"),
            ("常委会", "g"),
            ("代表大会", "g"),
            ("大代表", "g"),
            ("人大代表 建议", "g"),
            // Five, all four bigrams common: 人大常委 and 大常委会.
            ("人大常委会", "gq"),
            // 代表大会 at 0, then 会召 and 召开 (a quarter of the pages).
            ("代表大会召开", "gqp"),
            ("表人大", "p"),
            ("罕见词", "p"),
        ] {
            for filter in filters {
                let with = search(read, q, filter).expect("search");
                let without = search_with(read, q, filter, false).expect("search");
                assert_eq!(with.hits, without.hits, "{q}");
                assert_eq!(
                    (&with.kinds, &with.years),
                    (&without.kinds, &without.years),
                    "{q}"
                );
                let read: String = ["g", "q", "p"]
                    .into_iter()
                    .filter(|d| with.files.iter().any(|f| f.starts_with(&format!("{d}/"))))
                    .collect();
                assert_eq!(read, dirs, "{q}: {:?}", with.files);
            }
        }
        assert!(!search(read, "人大代表", Filter::default())
            .expect("search")
            .hits
            .is_empty());
    }

    /// The pages that hold every run of Chinese characters of `query` as
    /// written, each in one of their fields, after folding: what the index
    /// must find, by plain substring search.
    fn holding(docs: &[SearchDoc], query: &str) -> BTreeSet<String> {
        use super::super::normalize::{is_cjk, normalize};
        let query = normalize(query);
        let runs: BTreeSet<&str> = query
            .split(|c: char| !is_cjk(c))
            .filter(|r| !r.is_empty())
            .collect();
        let holds = |d: &SearchDoc, run: &str| {
            [&d.title, &d.unit, &d.text]
                .iter()
                .any(|f| normalize(f).contains(run))
        };
        docs.iter()
            .filter(|d| !runs.is_empty() && runs.iter().all(|r| holds(d, r)))
            .map(|d| d.url.clone())
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(24))]
        /// The index and the engine against a substring search. The pages'
        /// text has five characters, so most bigrams are in half the pages
        /// or more (phrases go through grams and their positions); titles
        /// and units add 生院, whose phrases go through bigram positions;
        /// 衛 folds to 卫, and punctuation splits runs and terms. Every
        /// query finds exactly the pages that hold it.
        #[test]
        fn a_query_finds_exactly_the_pages_that_hold_it(
            pages in proptest::collection::vec(
                ("[人大代表卫衛生院，]{0,6}", "[卫生院代表]{0,4}", "[人大代表卫衛，]{10,60}"),
                130..150,
            ),
            random in proptest::collection::vec("[人大代表卫衛生院，]{1,8}", 8),
            picks in proptest::collection::vec((0usize..1000, 0usize..1000, 1usize..8), 8),
        ) {
            let docs: Vec<SearchDoc> = pages
                .iter()
                .enumerate()
                .map(|(i, (title, unit, text))| {
                    doc(&format!("p{i}/"), &format!("2025-{:02}-01", 1 + i % 12), title, unit, text)
                })
                .collect();
            let built = index(docs.clone());
            let meta: Meta = serde_json::from_slice(&built.1["meta.json"]).expect("meta.json");
            proptest::prop_assert!(!meta.common.is_empty(), "no common bigram: no grams to test");
            // Queries cut from the pages' text, so that long phrases are found.
            let cut = picks.iter().map(|&(page, start, len)| {
                let chars: Vec<char> = docs[page % docs.len()].text.chars().collect();
                let start = start % chars.len().max(1);
                chars.iter().skip(start).take(len).collect::<String>()
            });
            for q in random.into_iter().chain(cut) {
                let found: BTreeSet<String> = urls(&built, &q).into_iter().collect();
                proptest::prop_assert_eq!(found, holding(&docs, &q), "query {}", q);
            }
        }
    }
}
