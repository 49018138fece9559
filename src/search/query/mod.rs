//! A query against the index files, exactly as `search-core.js` runs it in
//! the browser (same parsing, plan, matching, BM25 and order), so the
//! ranking can be tested in Rust and the bytes a query downloads can be
//! measured.
//!
//! A query is split into terms at punctuation and spaces: each run of
//! units (Chinese characters, letters, digits, meaningful symbols: 1998年,
//! 10%, A股) must occur as written, as a substring after folding. A
//! document matches when it has every term; nothing of a long query is
//! dropped. Its score is the sum of each term's BM25, with matches in the
//! title and the unit counted `title_boost` and `unit_boost` times; scores
//! are rounded to 1e-6 and ties go to the newer document (the smaller id).
//!
//! How a term is matched: through its pieces' lists and positions, or
//! against the candidates' text, as [`plan`] says. The files: [`files`]
//! reads them, [`plan`] orders them, [`verify`] checks a row of text.

mod files;
pub mod plan;
mod verify;

use files::Posting;
#[cfg(test)]
pub(crate) use files::{find_positions, find_postings};

use super::index::{decode_length, decode_meta, Corrupt, META_FILE, OTHER, TITLE, UNIT, VERSION};
use super::normalize::normalize;
use super::tokenize::{runs, Token};
use files::Loader;
use plan::{Plan, READ_CAP, ROUND, VERIFY};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One term of a query: every document must have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Its folded units, in order.
    pub(crate) units: Vec<char>,
}

impl Term {
    /// One token, or the bigrams of a phrase in order.
    pub(crate) fn tokens(&self) -> Vec<Token> {
        match self.units.as_slice() {
            [c] => vec![Token::Char(*c)],
            units => units
                .windows(2)
                .map(|w| Token::Bigram(w[0], w[1]))
                .collect(),
        }
    }

    /// Its units.
    pub(crate) fn chars(&self) -> &[char] {
        &self.units
    }
}

/// The terms of a query, without repeats.
pub fn parse_query(query: &str) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    for units in runs(&normalize(query)) {
        let term = Term { units };
        if !terms.contains(&term) {
            terms.push(term);
        }
    }
    terms
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
    /// The text chunks read to check candidates (`c/`), sorted.
    pub chunks: Vec<String>,
    /// Some terms could not be checked in every candidate within
    /// [`plan::READ_CAP`]: `hits` may hold pages without them (a results
    /// page checks the ones it shows), and the counts are at most these.
    pub partial: bool,
}

/// The files a query reads besides its shards.
pub const METADATA_FILES: [&str; 1] = [META_FILE];

/// Per document, a term's occurrences in the title, the unit and the rest.
type Counts = BTreeMap<u32, [u32; 3]>;

/// A term's matches through the positions of its pieces: where each piece
/// starts at its offset after the first.
fn chain<R: Fn(&str) -> Option<Vec<u8>>>(
    loader: &mut Loader<'_, R>,
    plan: &Plan,
    term: usize,
) -> Result<Counts, Corrupt> {
    let mut lists: Vec<(u32, HashMap<u32, Posting>)> = Vec::new();
    for &at in &plan.terms[term] {
        let probe = &plan.probes[at];
        let list = loader.positions(probe.dirs, &probe.text)?;
        lists.push((
            probe.start,
            list.iter().map(|p| (p.doc, p.clone())).collect(),
        ));
    }
    let mut out = Counts::new();
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
                            q.positions[field].binary_search(&(start + offset)).is_ok()
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

/// The common bigrams of the index's [`Meta`]: pairs of characters, one after another.
fn common_bigrams(pairs: &str) -> HashSet<String> {
    let chars: Vec<char> = pairs.chars().collect();
    chars.chunks(2).map(|pair| pair.iter().collect()).collect()
}

/// What a query knows of each term once it has read what its plan allows:
/// the documents that may match, and each term's counts in them.
struct Matches {
    docs: BTreeSet<u32>,
    /// Per term: its counts in the documents it was checked in (every
    /// document of the site when the index gave them), and how many
    /// documents it was found in.
    counts: Vec<Counts>,
    df: Vec<usize>,
    partial: bool,
}

/// The plan's lists, a round at a time, until the documents in all of
/// them are few enough to check in text, or every list is read, or the
/// cap is reached (after the first round, which is always read). Returns
/// those documents and how many of the plan's lists were read.
fn narrow<R: Fn(&str) -> Option<Vec<u8>>>(
    loader: &mut Loader<'_, R>,
    plan: &Plan,
    cap: usize,
) -> Result<(BTreeSet<u32>, usize), Corrupt> {
    let mut candidates: Option<BTreeSet<u32>> = None;
    let mut read = 0;
    while read < plan.probes.len() && (read == 0 || loader.bytes < cap) {
        if candidates.as_ref().is_some_and(|c| c.len() <= VERIFY) {
            break;
        }
        let round = &plan.probes[read..(read + ROUND).min(plan.probes.len())];
        for probe in round {
            let list = loader.list(probe.dirs, &probe.text)?;
            let docs: BTreeSet<u32> = list.iter().map(|p| p.doc).collect();
            candidates = Some(match candidates {
                None => docs,
                Some(c) => c.intersection(&docs).copied().collect(),
            });
        }
        read += round.len();
    }
    Ok((candidates.unwrap_or_default(), read))
}

/// Keeps the documents whose text has every `unchecked` term, and their
/// counts of those terms.
fn check_text<R: Fn(&str) -> Option<Vec<u8>>>(
    loader: &mut Loader<'_, R>,
    terms: &[Term],
    unchecked: &[usize],
    docs: &BTreeSet<u32>,
    counts: &mut [Counts],
) -> Result<BTreeSet<u32>, Corrupt> {
    let mut kept = BTreeSet::new();
    for &doc in docs {
        let row = loader.row(doc)?;
        let found: Vec<[u32; 3]> = unchecked
            .iter()
            .map(|&t| verify::counts(&row, terms[t].chars()))
            .collect();
        if found.iter().all(|c| c.iter().any(|&n| n > 0)) {
            kept.insert(doc);
            for (&t, c) in unchecked.iter().zip(found) {
                counts[t].insert(doc, c);
            }
        }
    }
    Ok(kept)
}

/// Narrows the candidates by lists ([`narrow`]); takes each term the index
/// answers exactly (one piece read; else, while the candidates are too
/// many to check, the positions of a phrase whose lists are all read);
/// then checks the other terms in the candidates' text, or, when there are
/// too many, marks the result partial.
fn find<R: Fn(&str) -> Option<Vec<u8>>>(
    loader: &mut Loader<'_, R>,
    terms: &[Term],
    plan: &Plan,
    cap: usize,
) -> Result<Matches, Corrupt> {
    let (mut docs, read) = narrow(loader, plan, cap)?;
    let mut exact: Vec<Option<Counts>> = vec![None; terms.len()];
    for (t, slot) in exact.iter_mut().enumerate() {
        if let [at] = plan.terms[t][..] {
            if at < read {
                let probe = &plan.probes[at];
                let list = loader.list(probe.dirs, &probe.text)?;
                *slot = Some(list.iter().map(|p| (p.doc, p.counts)).collect());
            }
        }
    }
    // Phrases of fewest pieces first.
    let all_read = |t: usize| plan.terms[t].iter().all(|&at| at < read);
    let mut phrases: Vec<usize> = (0..terms.len())
        .filter(|&t| exact[t].is_none() && all_read(t))
        .collect();
    phrases.sort_by_key(|&t| (plan.terms[t].len(), t));
    for t in phrases {
        if docs.len() <= VERIFY || loader.bytes >= cap {
            break;
        }
        let found = chain(loader, plan, t)?;
        docs.retain(|d| found.contains_key(d));
        exact[t] = Some(found);
    }
    for found in exact.iter().flatten() {
        docs.retain(|d| found.contains_key(d));
    }
    let unchecked: Vec<usize> = (0..terms.len()).filter(|&t| exact[t].is_none()).collect();
    let mut counts: Vec<Counts> = vec![Counts::new(); terms.len()];
    let partial = !unchecked.is_empty() && docs.len() > VERIFY;
    if partial {
        // Unchecked terms count what their pieces read say at most.
        for &t in &unchecked {
            for &doc in &docs {
                counts[t].insert(doc, bound(loader, plan, t, read, doc)?);
            }
        }
    } else if !unchecked.is_empty() {
        docs = check_text(loader, terms, &unchecked, &docs, &mut counts)?;
    }
    let mut df = vec![docs.len(); terms.len()];
    for (t, found) in exact.into_iter().enumerate() {
        if let Some(found) = found {
            df[t] = found.len();
            counts[t] = found;
        }
    }
    Ok(Matches {
        docs,
        counts,
        df,
        partial,
    })
}

/// The most a term can occur in a document, from the lists of its pieces
/// read so far (each piece occurs wherever the term does); 0 if none is.
fn bound<R: Fn(&str) -> Option<Vec<u8>>>(
    loader: &mut Loader<'_, R>,
    plan: &Plan,
    term: usize,
    read: usize,
    doc: u32,
) -> Result<[u32; 3], Corrupt> {
    let mut out: Option<[u32; 3]> = None;
    for &at in plan.terms[term].iter().filter(|&&at| at < read) {
        let probe = &plan.probes[at];
        let list = loader.list(probe.dirs, &probe.text)?;
        let c = list
            .binary_search_by_key(&doc, |p| p.doc)
            .map_or([0; 3], |i| list[i].counts);
        out = Some(match out {
            None => c,
            Some(o) => [o[0].min(c[0]), o[1].min(c[1]), o[2].min(c[2])],
        });
    }
    Ok(out.unwrap_or([0; 3]))
}

/// Runs a query. `read` returns a file of `search/` (None when missing).
pub fn search(
    read: impl Fn(&str) -> Option<Vec<u8>>,
    query: &str,
    filter: Filter,
) -> Result<Results, Corrupt> {
    search_with(read, query, filter, Options::default())
}

/// How a query may read, for tests and measurements: grams of common
/// bigrams used or not (without, every phrase is matched through bigrams:
/// the same results, more bytes), and the cap on bytes read.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub grams: bool,
    pub cap: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            grams: true,
            cap: READ_CAP,
        }
    }
}

/// [`search`] with other [`Options`].
pub fn search_with(
    read: impl Fn(&str) -> Option<Vec<u8>>,
    query: &str,
    filter: Filter,
    options: Options,
) -> Result<Results, Corrupt> {
    let bytes = read(META_FILE).ok_or_else(|| Corrupt(META_FILE.into()))?;
    let (meta, docs) = decode_meta(&bytes)?;
    if meta.version != VERSION {
        return Err(Corrupt(format!("index version {}", meta.version)));
    }
    let n = meta.docs as usize;
    let terms = parse_query(query);
    if terms.is_empty() {
        return Ok(Results::default());
    }
    let common = common_bigrams(&meta.common);
    let plan = plan::plan(&terms, &common, options.grams);
    let mut loader = Loader::new(&meta, read);
    let found = find(&mut loader, &terms, &plan, options.cap)?;
    let mut year_of = Vec::with_capacity(n);
    for &(year, count) in &meta.years {
        year_of.extend(std::iter::repeat_n(year, count as usize));
    }
    let mut scores: BTreeMap<u32, f64> = found.docs.iter().map(|&d| (d, 0.0)).collect();
    for (t, counts) in found.counts.iter().enumerate() {
        let df = found.df[t] as f64;
        let idf = (1.0 + (meta.docs as f64 - df + 0.5) / (df + 0.5)).ln();
        for (&doc, score) in scores.iter_mut() {
            let c = counts.get(&doc).copied().unwrap_or([0; 3]);
            let dl = decode_length(docs[n + doc as usize]);
            let tf = f64::from(c[TITLE]) * meta.title_boost
                + f64::from(c[UNIT]) * meta.unit_boost
                + f64::from(c[OTHER]);
            let norm = meta.k1 * (1.0 - meta.b + meta.b * dl / meta.avgdl);
            *score += idf * tf * (meta.k1 + 1.0) / (tf + norm);
        }
    }
    let mut out = Results {
        files: loader.read_files(),
        chunks: loader.read_chunks(),
        partial: found.partial,
        ..Default::default()
    };
    for (doc, score) in scores {
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
    use super::super::index::{build, gunzip, shard_of, SearchDoc};
    use super::plan::phrase_pieces;
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
        let t = parse_query("衛生院 ＣＯＶＩＤ-19 镇");
        let units = |t: &Term| t.chars().iter().collect::<String>();
        assert_eq!(
            t.iter().map(units).collect::<Vec<_>>(),
            ["卫生院", "covid", "19", "镇"]
        );
        assert_eq!(
            t[0].tokens(),
            [Token::Bigram('卫', '生'), Token::Bigram('生', '院')]
        );
        assert_eq!(t[3].tokens(), [Token::Char('镇')]);
        assert!(parse_query("，。 ").is_empty());
        assert_eq!(parse_query("人大 人大").len(), 1);
        // Nothing of a long query is dropped.
        let many: String = (0..30).map(|i| format!("词{i} ")).collect();
        assert_eq!(parse_query(&many).len(), 30);
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
    fn all_terms_must_match() {
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
    fn mixed_scripts_are_found_as_substrings() {
        let idx = index(vec![
            doc(
                "year/",
                "2025-01-01",
                "回顾",
                "",
                "1998年，全镇GDP增长10%。",
            ),
            doc(
                "apart/",
                "2025-02-01",
                "回顾",
                "",
                "１９９８，那年10人增长0%",
            ),
            doc("stock/", "2025-03-01", "A股", "", "5G网络覆盖第3号文件"),
        ]);
        assert_eq!(urls(&idx, "98年"), ["year/"]);
        assert_eq!(urls(&idx, "1998年"), ["year/"]);
        assert_eq!(urls(&idx, "10%"), ["year/"]);
        assert_eq!(urls(&idx, "１０％"), ["year/"]);
        assert_eq!(urls(&idx, "dp增"), ["year/"]);
        assert_eq!(urls(&idx, "ａ股"), ["stock/"]);
        assert_eq!(urls(&idx, "5g"), ["stock/"]);
        assert_eq!(urls(&idx, "第3号"), ["stock/"]);
        assert!(urls(&idx, "第3号文件A").is_empty());
        assert_eq!(urls(&idx, "1998"), ["apart/", "year/"]);
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
        let (meta, _) = decode_meta(&files[META_FILE]).expect("meta");
        assert!(meta.shards > 1, "{} shards", meta.shards);
        // The search reads nothing but metadata and the shards of its tokens.
        // 医保 and 报销 are in every document (common, as the meta says):
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
        // It reads the pack of each, a range of it in the browser.
        let mut read = read_log.into_inner();
        read.retain(|f| !METADATA_FILES.contains(&f.as_str()));
        read.sort();
        let packs: Vec<String> = results
            .files
            .iter()
            .map(|f| meta.locate(f).expect("a blob").0)
            .collect();
        assert_eq!(read, packs);
        // Each token is in its shard file, and in no other.
        for (i, token) in ["医保", "报销", "卫"].iter().enumerate() {
            let home = shard_of(token, meta.shards);
            for s in 0..meta.shards {
                let blob = crate::search::index::tests::blob(&files, &format!("s/{s}.bin"));
                let lists = gunzip(&blob).expect("gzip");
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
        // Which of g/ (gram lists), q/ (gram positions), p/ (bigram
        // positions) and c/ (text, to check few candidates) each query reads.
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
            // Two bigrams in one page: checked in its text (c/), without
            // positions.
            ("罕见词", "c"),
        ] {
            for filter in filters {
                let with = search(read, q, filter).expect("search");
                let no_grams = Options {
                    grams: false,
                    ..Options::default()
                };
                let without = search_with(read, q, filter, no_grams).expect("search");
                assert_eq!(with.hits, without.hits, "{q}");
                assert_eq!(
                    (&with.kinds, &with.years),
                    (&without.kinds, &without.years),
                    "{q}"
                );
                let read: String = ["g", "q", "p", "c"]
                    .into_iter()
                    .filter(|d| {
                        let dir = format!("{d}/");
                        with.files
                            .iter()
                            .chain(&with.chunks)
                            .any(|f| f.starts_with(&dir))
                    })
                    .collect();
                assert_eq!(read, dirs, "{q}: {:?}", with.files);
            }
        }
        assert!(!search(read, "人大代表", Filter::default())
            .expect("search")
            .hits
            .is_empty());
    }

    /// The pages that hold every run of units (Chinese, letters, digits,
    /// symbols) of `query` as
    /// written, each in one of their fields, after folding: what the index
    /// must find, by plain substring search.
    fn holding(docs: &[SearchDoc], query: &str) -> BTreeSet<String> {
        use super::super::normalize::normalize;
        let query = normalize(query);
        // The generators' only separators (，folds to a comma), so that
        // the reference does not lean on the tokenizer's idea of a unit.
        let runs: BTreeSet<&str> = query.split([',', ' ']).filter(|r| !r.is_empty()).collect();
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
        /// 衛 folds to 卫, and punctuation splits runs and terms; digits,
        /// letters and % sit among the characters, so that a query of
        /// mixed scripts (98年, 10%, A股) is tested as a substring too.
        /// Every query finds exactly the pages that hold it.
        #[test]
        fn a_query_finds_exactly_the_pages_that_hold_it(
            pages in proptest::collection::vec(
                (
                    "[人大代表卫衛生院，9A]{0,6}",
                    "[卫生院代表]{0,4}",
                    ("[人大代表卫衛，]{10,40}", "[1９8年a%Ａ ]{0,8}", "[人大代表卫衛，]{0,20}"),
                ),
                130..150,
            ),
            random in proptest::collection::vec("[人大代表卫衛生院，98年a%]{1,8}", 8),
            picks in proptest::collection::vec((0usize..1000, 0usize..1000, 1usize..8), 8),
            long in proptest::collection::vec((0usize..1000, 0usize..1000, 10usize..40), 3),
        ) {
            let docs: Vec<SearchDoc> = pages
                .iter()
                .enumerate()
                .map(|(i, (title, unit, (head, mixed, tail)))| {
                    let text = format!("{head}{mixed}{tail}");
                    doc(&format!("p{i}/"), &format!("2025-{:02}-01", 1 + i % 12), title, unit, &text)
                })
                .collect();
            let built = index(docs.clone());
            let (meta, _) = decode_meta(&built.1[META_FILE]).expect("meta");
            proptest::prop_assert!(!meta.common.is_empty(), "no common bigram: no grams to test");
            // Queries cut from the pages' text, so that long phrases are found.
            let cut = picks.iter().map(|&(page, start, len)| {
                let chars: Vec<char> = docs[page % docs.len()].text.chars().collect();
                let start = start % chars.len().max(1);
                chars.iter().skip(start).take(len).collect::<String>()
            });
            // Long queries: pasted runs of text (several terms, long phrases)
            // and three cuts joined, which the plan checks in text or reads
            // within its cap.
            let pasted = long.iter().map(|&(page, start, len)| {
                let chars: Vec<char> = docs[page % docs.len()].text.chars().collect();
                let start = start % chars.len().max(1);
                chars.iter().skip(start).take(len).collect::<String>()
            });
            let cuts: Vec<String> = cut.collect();
            let joined = cuts.chunks(3).map(|c| c.join("，"));
            let (_, files) = &built;
            let read = |f: &str| files.get(f).cloned();
            for q in random.into_iter().chain(cuts.clone()).chain(pasted).chain(joined) {
                let found: BTreeSet<String> = urls(&built, &q).into_iter().collect();
                let want = holding(&docs, &q);
                proptest::prop_assert_eq!(&found, &want, "query {}", q);
                // With no room past the first round, a query that cannot
                // check every candidate says so, and still misses none.
                let tight = Options { cap: 0, ..Options::default() };
                let capped = search_with(read, &q, Filter::default(), tight).expect("search");
                let capped: (BTreeSet<String>, bool) = (
                    capped.hits.iter().map(|h| built.0[h.doc as usize].clone()).collect(),
                    capped.partial,
                );
                if capped.1 {
                    proptest::prop_assert!(capped.0.is_superset(&want), "query {}", q);
                } else {
                    proptest::prop_assert_eq!(&capped.0, &want, "query {}", q);
                }
            }
        }
    }
}
