//! Numbers found in published text, and where to report them: at the
//! page's source file and line when a page's output holds it, else at the
//! output path; one diagnostic per number and place to fix.
//!
//! Left to others: reading and folding the text ([`super::reader`],
//! [`super::fold`]), the number rules and masking ([`crate::privacy`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::fold::{fold, may_hold_number, MIN_DIGITS};
use super::reader::{form_of, reader_text, reader_text_and_links, Form, Found};
use crate::config::Config;
use crate::content::Content;
use crate::diagnostics::Diagnostic;
use crate::messages::Msg;
use crate::privacy::{self, digits_of_char, Finding};

/// A number found in published text, and where to report it.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    /// The number's digits (never printed).
    pub(super) number: String,
    pub(super) finding: Finding,
    pub(super) path: PathBuf,
    pub(super) line: Option<usize>,
    /// Reported at a source file (else at an output path).
    pub(super) at_source: bool,
    /// Found only in the reader's form (the source scan could not see it).
    pub(super) joined: bool,
}

/// Numbers in `input` (read in `form`, folded) with their digits.
///
/// Only the stretches of the reader text between hard boundaries that hold
/// enough digits are folded and scanned: a line break or a Chinese
/// character ends every number in the scanner, and NFKC neither changes
/// a CJK ideograph nor joins anything across one, so a number never spans
/// two stretches, and a stretch with fewer than [`MIN_DIGITS`] digit-making
/// characters holds none.
pub(super) fn scan_text(input: &str, form: Form, allow: &[String]) -> Vec<(String, Finding)> {
    if !may_hold_number(input) {
        return vec![];
    }
    scan_reader(&reader_text(input, form), allow)
}

/// [`scan_text`] of a reader text already made.
pub(super) fn scan_reader(reader: &str, allow: &[String]) -> Vec<(String, Finding)> {
    let mut found = vec![];
    for stretch in reader.split(is_hard_boundary) {
        if stretch.chars().map(digits_of_char).sum::<usize>() < MIN_DIGITS {
            continue;
        }
        let text = fold(stretch);
        for f in privacy::scan(&text, allow) {
            let number = privacy::canonical(text.get(f.start..f.end).unwrap_or(""));
            found.push((number, f));
        }
    }
    found
}

/// A line break or a CJK ideograph: the scanner never reads a number
/// across one, and NFKC leaves it alone.
pub(super) fn is_hard_boundary(c: char) -> bool {
    matches!(c, '\n' | '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Digits (and `X`) of a text, folded: what a line is matched by.
pub(super) fn digits(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c.is_ascii_digit() {
                Some(c)
            } else {
                matches!(c, 'X' | 'x').then_some('X')
            }
        })
        .collect()
}

/// The line of `source` whose digits (folded, entities decoded) contain
/// `number`, if one does.
pub(super) fn trace_line(source: &str, number: &str) -> Option<usize> {
    let number = digits(number);
    source
        .lines()
        .position(|line| {
            digits(&fold(line)).contains(&number)
                || digits(&fold(&reader_text(line, Form::Html))).contains(&number)
        })
        .map(|i| i + 1)
}

/// Hits of `input`: at the source file `source` (relative to `root`) when
/// a line of it holds the number, else at `output`.
pub(super) fn hits_in(
    input: &str,
    form: Form,
    allow: &[String],
    source: Option<(&Path, &Path)>,
    output: &Path,
) -> Vec<Hit> {
    to_hits(scan_text(input, form, allow), source, output)
}

/// Numbers found in an output, at its source file where a line of it holds
/// them, else at `output`.
pub(super) fn to_hits(
    found: Vec<(String, Finding)>,
    source: Option<(&Path, &Path)>,
    output: &Path,
) -> Vec<Hit> {
    if found.is_empty() {
        return vec![];
    }
    let source_text = source
        .and_then(|(root, file)| Some((file, std::fs::read_to_string(root.join(file)).ok()?)));
    found
        .into_iter()
        .map(|(number, finding)| {
            let traced = source_text
                .as_ref()
                .and_then(|(file, text)| Some((*file, trace_line(text, &number)?)));
            Hit {
                path: traced.map_or(output, |(file, _)| file).to_path_buf(),
                line: traced.map(|(_, line)| line),
                at_source: traced.is_some(),
                joined: true,
                number,
                finding,
            }
        })
        .collect()
}

/// Hits of one rendered output (and, for a page, of the text the search
/// index is built from), reported at its source where traceable; and the
/// links and ids of an HTML output, read in the same pass.
pub(crate) fn output_hits(
    root: &Path,
    config: &Config,
    content: &Content,
    bodies: &[crate::render::RenderedBody],
    out: &crate::render::Output,
    bytes: &[u8],
    shown: &Path,
) -> (Vec<Hit>, Option<Found>) {
    use crate::render::Job;
    let allow = &config.privacy.allow;
    let output = shown.join(&out.path);
    let source = match out.job {
        Job::Page(i) => content.pages.get(i).map(|p| p.file.as_path()),
        Job::Section { section, .. } => content.sections.get(section).map(|s| s.file.as_path()),
        _ => None,
    };
    let text = String::from_utf8_lossy(bytes);
    let form = form_of(&out.path);
    let source = source.map(|f| (root, f));
    let (mut hits, links) = if form == Form::Html {
        let (reader, links) = reader_text_and_links(&text);
        let found = if may_hold_number(&text) {
            scan_reader(&reader, allow)
        } else {
            vec![]
        };
        (to_hits(found, source, &output), Some(links))
    } else {
        (hits_in(&text, form, allow, source, &output), None)
    };
    if let (Job::Page(i), true) = (&out.job, config.search.enabled) {
        if let (Some(page), Some(body)) = (content.pages.get(*i), bodies.get(*i)) {
            let doc = crate::search::search_doc(page, body);
            let indexed = format!("{}\n{}\n{}", doc.title, doc.unit, doc.text);
            let at = shown.join(crate::render::SEARCH_DIR);
            hits.extend(hits_in(
                &indexed,
                Form::Plain,
                allow,
                Some((root, &page.file)),
                &at,
            ));
        }
    }
    (hits, links)
}

/// Hits of a file scanned as it is (a static file, an attachment,
/// `site.toml` value): at the file, traced to its line.
pub(super) fn hits_in_file(text: &str, form: Form, allow: &[String], file: &Path) -> Vec<Hit> {
    scan_text(text, form, allow)
        .into_iter()
        .map(|(number, finding)| Hit {
            line: trace_line(text, &number),
            path: file.to_path_buf(),
            at_source: true,
            joined: false,
            number,
            finding,
        })
        .collect()
}

/// One diagnostic per number and place to fix it: a number found at a
/// source file is not reported again at the outputs that show it; a number
/// found only in outputs is reported at the first of them; at one file, a
/// finding with a line makes one without a line redundant.
pub(crate) fn into_diagnostics(hits: Vec<Hit>) -> Vec<Diagnostic> {
    let mut by_number: BTreeMap<String, Vec<Hit>> = BTreeMap::new();
    for hit in hits {
        by_number.entry(hit.number.clone()).or_default().push(hit);
    }
    let mut out = vec![];
    for (_, mut hits) in by_number {
        hits.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        if hits.iter().any(|h| h.at_source) {
            hits.retain(|h| h.at_source);
            let lined: Vec<PathBuf> = hits
                .iter()
                .filter(|h| h.line.is_some())
                .map(|h| h.path.clone())
                .collect();
            hits.retain(|h| h.line.is_some() || !lined.contains(&h.path));
            hits.dedup_by(|a, b| a.path == b.path && a.line == b.line);
        } else {
            hits.truncate(1);
        }
        out.extend(
            hits.into_iter()
                .map(|h| Diagnostic::error(message(&h.finding, h.joined)).at(h.path, h.line)),
        );
    }
    out
}

pub(super) fn message(f: &Finding, joined: bool) -> Msg {
    let (kind_zh, kind_en, masked) = (
        f.kind.label_zh().to_string(),
        f.kind.label_en().to_string(),
        f.masked.clone(),
    );
    if joined {
        Msg::PersonalDataPublished {
            kind_zh,
            kind_en,
            masked,
        }
    } else {
        Msg::PersonalData {
            kind_zh,
            kind_en,
            masked,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::MOBILE;
    use super::*;

    #[test]
    fn lines_are_traced_through_markup_and_entities() {
        let source = "+++\ntitle = \"x\"\n+++\n第一行\n电话138**0013**8000\n&#49;3900139000\n";
        assert_eq!(trace_line(source, MOBILE), Some(5));
        assert_eq!(trace_line(source, "13900139000"), Some(6));
        assert_eq!(trace_line(source, "13700137000"), None);
    }

    #[test]
    fn one_message_per_number_and_place() {
        let hit = |number: &str, path: &str, line: Option<usize>, at_source: bool| Hit {
            number: number.to_string(),
            finding: privacy::scan(number, &[]).remove(0),
            path: PathBuf::from(path),
            line,
            at_source,
            joined: true,
        };
        let diags = into_diagnostics(vec![
            hit(MOBILE, "public/rss.xml", None, false),
            hit(MOBILE, "content/a.md", Some(3), true),
            hit(MOBILE, "content/a.md", Some(3), true),
            hit(MOBILE, "content/a.md", None, true),
            hit(MOBILE, "content/b.md", Some(1), true),
            hit("13900139000", "public/tags/x/index.html", None, false),
            hit("13900139000", "public/index.html", None, false),
        ]);
        let at: Vec<_> = diags
            .iter()
            .map(|d| (d.path.clone().unwrap_or_default(), d.line))
            .collect();
        assert_eq!(
            at,
            [
                (PathBuf::from("content/a.md"), Some(3)),
                (PathBuf::from("content/b.md"), Some(1)),
                (PathBuf::from("public/index.html"), None),
            ]
        );
    }
}
