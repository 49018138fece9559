//! Personal data in what is published: the privacy guard run on each output
//! as a reader (or a crawler) gets it, not on the Markdown source.
//!
//! A number the source scan cannot see can still reach readers joined up:
//! split by markup (`138**0013**8000`, `<span>138</span>00138000`), written
//! with entities (`&#49;3800138000`), invisible characters (zero-width
//! space, word joiner, soft hyphen), mathematical digits (`𝟏𝟑𝟖`), dots or
//! doubled spaces. So every published text is brought to the form a reader
//! sees before [`crate::privacy::scan`] runs on it:
//!
//! 1. [`reader_text`]: HTML and XML outputs go through html5ever's tokenizer
//!    (entities decoded by it). Text inside phrasing elements (`<b>`,
//!    `<span>`, `<a>`, unknown ones …) is joined as a reader sees it; block
//!    elements (`<p>`, `<td>`, `<br>` …, and every tag of an XML output)
//!    break the text. Attribute values (alt, title, content of `<meta>`,
//!    `href="tel:…"` …, all of them) and comments are scanned too, each on
//!    its own line.
//! 2. [`fold`]: NFKC (full-width and mathematical digits become ASCII),
//!    every Unicode default-ignorable code point removed (zero-width
//!    characters, soft hyphen, word joiner, BOM), dashes made `-`, a run of
//!    spaces one space, and dots that join three or more digit groups
//!    (`138.1234.5678`) made `-`. A single dot stays a decimal point, so
//!    `13812345678.50` is still an amount; letters and longer digit runs
//!    still break a number, as in the scanner.
//!
//! A finding in a page's output is reported at the page's source file, at
//! the line whose digits (folded the same way, entities decoded) contain the
//! number; in a generated output (a listing, a feed) it is reported at the
//! output path. [`into_diagnostics`] keeps one message per number and place
//! to fix. Published paths, `static/` files, text attachments and the
//! values of `site.toml` are scanned by [`scan_site_files`].
//!
//! The same pass collects each HTML output's ids and links ([`Found`]) for
//! the link check, which judges them.
//!
//! What it leaves to others: which outputs exist and their bytes (render),
//! the number rules and the masking ([`crate::privacy`]), failing the build
//! (the caller). Office formats (`.docx`, `.xlsx`, `.pdf`) are not opened.

use crate::config::Config;
use crate::content::Content;
use crate::copies::Copies;
use crate::diagnostics::Diagnostic;
use crate::messages::Msg;
use crate::privacy::{self, digits_of_char, Finding};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    states::RawKind, BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// How a published file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// HTML: phrasing elements join their text.
    Html,
    /// XML (feeds, sitemap, SVG): every tag breaks the text.
    Xml,
    /// Any other text, as it is.
    Plain,
}

/// The form of a published file, by its extension.
pub(crate) fn form_of(path: &str) -> Form {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => Form::Html,
        Some("xml" | "svg" | "rss" | "atom") => Form::Xml,
        _ => Form::Plain,
    }
}

/// Extensions of files whose text is scanned (`static/`, attachments).
pub(crate) fn is_text_file(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some(
            "txt"
                | "csv"
                | "tsv"
                | "json"
                | "xml"
                | "html"
                | "htm"
                | "svg"
                | "md"
                | "js"
                | "css"
                | "rss"
                | "atom"
        )
    )
}

// ---------------------------------------------------------------------------
// Reader text

/// Elements that do not break the text a reader sees: their text joins what
/// is around it. Any element not listed here breaks it (a new block).
fn joins_text(name: &str) -> bool {
    !matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "caption"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "iframe"
            | "input"
            | "legend"
            | "li"
            | "link"
            | "main"
            | "meta"
            | "nav"
            | "noscript"
            | "ol"
            | "option"
            | "p"
            | "pre"
            | "script"
            | "section"
            | "select"
            | "style"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "template"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "ul"
    )
}

/// What one HTML output holds: its ids, and its link destinations in order
/// (collected here, in the privacy pass; judged by `linkcheck`).
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) ids: HashSet<String>,
    pub(crate) links: Vec<String>,
}

/// Adds the ids and link destinations of one tag to `found`.
pub(crate) fn record(found: &mut Found, tag: &Tag) {
    if tag.kind != TagKind::StartTag {
        return;
    }
    for attr in &tag.attrs {
        let value = attr.value.trim();
        match &*attr.name.local {
            "id" => {
                found.ids.insert(value.to_string());
            }
            "name" if &*tag.name == "a" => {
                found.ids.insert(value.to_string());
            }
            "href" | "src" => found.links.push(value.to_string()),
            // `a.jpg 2x, b.jpg 640w`: each candidate's URL.
            "srcset" => found.links.extend(
                value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .map(str::to_string),
            ),
            _ => {}
        }
    }
}

/// What the tokenizer hands over: the text (with `\n` at block breaks, and
/// text newlines made spaces), and attribute values and comments, one a line.
#[derive(Default)]
struct Collect {
    xml: bool,
    text: RefCell<String>,
    extra: RefCell<String>,
    /// The links and ids of an HTML output, for the link check (read in the
    /// same pass rather than tokenizing every page twice).
    links: Option<RefCell<Found>>,
}

impl Collect {
    fn push_extra(&self, s: &str) {
        let mut extra = self.extra.borrow_mut();
        extra.push_str(s);
        extra.push('\n');
    }
}

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::CharacterTokens(t) => {
                let mut text = self.text.borrow_mut();
                text.extend(t.chars().map(|c| if c == '\n' { ' ' } else { c }));
            }
            Token::CommentToken(c) => self.push_extra(&c),
            Token::TagToken(tag) => {
                if let Some(links) = &self.links {
                    record(&mut links.borrow_mut(), &tag);
                }
                for attr in &tag.attrs {
                    self.push_extra(&attr.value);
                }
                if self.xml || !joins_text(&tag.name) {
                    self.text.borrow_mut().push('\n');
                }
                if tag.kind == TagKind::StartTag && !self.xml {
                    // The content of these is not markup: read it as text.
                    let raw = match &*tag.name {
                        "script" => Some(RawKind::ScriptData),
                        "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                            Some(RawKind::Rawtext)
                        }
                        "title" | "textarea" => Some(RawKind::Rcdata),
                        _ => None,
                    };
                    if let Some(raw) = raw {
                        return TokenSinkResult::RawData(raw);
                    }
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The text of `input` as a reader gets it (not folded yet): for HTML and
/// XML, the text of the document, then its attribute values and comments.
pub(crate) fn reader_text(input: &str, form: Form) -> String {
    if form == Form::Plain {
        return input.to_string();
    }
    read(input, form, false).0
}

/// [`reader_text`] of an HTML output, and its links and ids.
pub(crate) fn reader_text_and_links(input: &str) -> (String, Found) {
    let (text, links) = read(input, Form::Html, true);
    (text, links.unwrap_or_default())
}

fn read(input: &str, form: Form, links: bool) -> (String, Option<Found>) {
    let sink = Collect {
        xml: form == Form::Xml,
        links: links.then(RefCell::default),
        ..Collect::default()
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(input));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let mut text = tokenizer.sink.text.take();
    text.push('\n');
    text.push_str(&tokenizer.sink.extra.borrow());
    let links = tokenizer.sink.links.as_ref().map(RefCell::take);
    (text, links)
}

// ---------------------------------------------------------------------------
// Folding

/// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt):
/// characters shown as nothing, so a reader sees the digits around them
/// joined.
fn is_default_ignorable(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x034F
            | 0x061C
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFF8
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
    )
}

/// Unicode's Dash_Punctuation (Pd) and the minus sign: all read as `-`.
fn is_dash(c: char) -> bool {
    matches!(
        u32::from(c),
        0x002D
            | 0x058A
            | 0x05BE
            | 0x1400
            | 0x1806
            | 0x2010..=0x2015
            | 0x2212
            | 0x2E17
            | 0x2E1A
            | 0x2E3A..=0x2E3B
            | 0x2E40
            | 0x2E5D
            | 0x301C
            | 0x3030
            | 0x30A0
            | 0xFE31..=0xFE32
            | 0xFE58
            | 0xFE63
            | 0xFF0D
    )
}

/// Dots a number's groups may be written with (`138.1234.5678`, `138·1234`).
fn is_group_dot(c: char) -> bool {
    matches!(c, '.' | '·' | '・' | '。')
}

/// Brings `text` to the form the scanner reads (see the module comment).
pub(crate) fn fold(text: &str) -> String {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    let mut space: Option<char> = None;
    for c in text.nfkc() {
        if is_default_ignorable(c) {
            continue;
        }
        if c.is_whitespace() {
            // A run of spaces is one space; a run holding a line break is a
            // line break (a new block: not a separator).
            space = Some(if c == '\n' || space == Some('\n') {
                '\n'
            } else {
                ' '
            });
            continue;
        }
        if let Some(s) = space.take() {
            out.push(s);
        }
        out.push(if is_dash(c) { '-' } else { c });
    }
    if let Some(s) = space {
        out.push(s);
    }
    dots_to_hyphens(&mut out);
    out.into_iter().collect()
}

/// Makes `-` of the dots in a chain of three or more digit groups joined by
/// single dots; one dot between two groups is a decimal point and stays.
fn dots_to_hyphens(chars: &mut [char]) {
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut dots = vec![];
        let mut j = i;
        loop {
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            let next_is_group =
                j + 1 < chars.len() && is_group_dot(chars[j]) && chars[j + 1].is_ascii_digit();
            if !next_is_group {
                break;
            }
            dots.push(j);
            j += 1;
        }
        if dots.len() >= 2 {
            for d in dots {
                chars[d] = '-';
            }
        }
        i = j.max(i + 1);
    }
}

// ---------------------------------------------------------------------------
// The cheap skip

/// The most digits one character can become under NFKC (`⑳` is `20`, U+33FF
/// `㏾` is `31日`); checked against every code point in the tests.
const MAX_DIGITS_PER_CHAR: usize = 3;

/// The most digits a character reference can become: a named one is at
/// most two characters (`&frac78;` is `⅞`, `7⁄8` under NFKC), a numeric one
/// is one.
const ENTITY_MAX_DIGITS: usize = 2 * MAX_DIGITS_PER_CHAR;

/// The fewest digits any number the scanner reports has (a mobile).
const MIN_DIGITS: usize = 11;

/// Whether the reader text of `input` can hold a number at all: false when
/// it cannot hold [`MIN_DIGITS`] digits. Each digit of the reader text comes
/// from an ASCII digit, a character NFKC makes digits of (counted as many
/// times as it makes), or a character reference, which starts with `&` and
/// becomes at most [`ENTITY_MAX_DIGITS`] digits (every named entity is
/// checked in the tests).
pub(crate) fn may_hold_number(input: &str) -> bool {
    let mut n = 0;
    for c in input.chars() {
        n += if c == '&' {
            ENTITY_MAX_DIGITS
        } else {
            digits_of_char(c)
        };
        if n >= MIN_DIGITS {
            return true;
        }
    }
    false
}

// ---------------------------------------------------------------------------
// Findings and where they come from

/// A number found in published text, and where to report it.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    /// The number's digits (never printed).
    number: String,
    finding: Finding,
    path: PathBuf,
    line: Option<usize>,
    /// Reported at a source file (else at an output path).
    at_source: bool,
    /// Found only in the reader's form (the source scan could not see it).
    joined: bool,
}

/// Numbers in `input` (read in `form`, folded) with their digits.
///
/// Only the stretches of the reader text between hard boundaries that hold
/// enough digits are folded and scanned: a line break or a Chinese
/// character ends every number in the scanner, and NFKC neither changes
/// a CJK ideograph nor joins anything across one, so a number never spans
/// two stretches, and a stretch with fewer than [`MIN_DIGITS`] digit-making
/// characters holds none.
pub(crate) fn scan_text(input: &str, form: Form, allow: &[String]) -> Vec<(String, Finding)> {
    if !may_hold_number(input) {
        return vec![];
    }
    scan_reader(&reader_text(input, form), allow)
}

/// [`scan_text`] of a reader text already made.
fn scan_reader(reader: &str, allow: &[String]) -> Vec<(String, Finding)> {
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
fn is_hard_boundary(c: char) -> bool {
    matches!(c, '\n' | '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Digits (and `X`) of a text, folded: what a line is matched by.
fn digits(text: &str) -> String {
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
pub(crate) fn trace_line(source: &str, number: &str) -> Option<usize> {
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
pub(crate) fn hits_in(
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
fn to_hits(
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
fn hits_in_file(text: &str, form: Form, allow: &[String], file: &Path) -> Vec<Hit> {
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

fn message(f: &Finding, joined: bool) -> Msg {
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

// ---------------------------------------------------------------------------
// Files, paths and site.toml

/// Personal data in what is published besides the rendered outputs: page and
/// section URLs (folder names), every copied file (`static/` folders, files
/// under `content/`: names and text of text files), and `site.toml`.
pub(crate) fn scan_site_files(
    root: &Path,
    config: &Config,
    content: &Content,
    copies: &Copies,
) -> Vec<Diagnostic> {
    let allow = &config.privacy.allow;
    let mut hits = vec![];
    let urls = content.pages.iter().map(|p| (&p.rel_url, &p.file));
    let urls = urls.chain(content.sections.iter().map(|s| (&s.rel_url, &s.file)));
    for (url, file) in urls {
        hits.extend(name_hits(url, allow, file));
    }
    for (published, source) in copies.files() {
        let shown = source.strip_prefix(root).unwrap_or(source);
        hits.extend(name_hits(published, allow, shown));
        if is_text_file(published) {
            if let Ok(text) = std::fs::read_to_string(source) {
                hits.extend(hits_in_file(&text, form_of(published), allow, shown));
            }
        }
    }
    hits.extend(site_toml_hits(root, allow));
    into_diagnostics(hits)
}

/// Hits of a published path (a URL, a copied file's path): at `file`, no line.
fn name_hits(path: &str, allow: &[String], file: &Path) -> Vec<Hit> {
    scan_text(path, Form::Plain, allow)
        .into_iter()
        .map(|(number, finding)| Hit {
            number,
            finding,
            path: file.to_path_buf(),
            line: None,
            at_source: true,
            joined: false,
        })
        .collect()
}

/// Every string value of `site.toml` (keys are not published), at its line.
fn site_toml_hits(root: &Path, allow: &[String]) -> Vec<Hit> {
    let Ok(text) = std::fs::read_to_string(root.join("site.toml")) else {
        return vec![];
    };
    let Ok(doc) = toml_edit::Document::parse(text.as_str()) else {
        return vec![];
    };
    let mut hits = vec![];
    let mut strings = vec![];
    collect_strings(doc.as_item(), &mut strings);
    for (value, span) in strings {
        let line = span.map(|s| crate::diagnostics::line_of_offset(&text, s.start));
        for (number, finding) in scan_text(&value, Form::Plain, allow) {
            hits.push(Hit {
                number,
                finding,
                path: PathBuf::from("site.toml"),
                line,
                at_source: true,
                joined: false,
            });
        }
    }
    hits
}

type Span = Option<std::ops::Range<usize>>;

fn collect_strings(item: &toml_edit::Item, out: &mut Vec<(String, Span)>) {
    match item {
        toml_edit::Item::Value(v) => collect_value(v, out),
        toml_edit::Item::Table(t) => t.iter().for_each(|(_, i)| collect_strings(i, out)),
        toml_edit::Item::ArrayOfTables(a) => a
            .iter()
            .for_each(|t| t.iter().for_each(|(_, i)| collect_strings(i, out))),
        toml_edit::Item::None => {}
    }
}

fn collect_value(value: &toml_edit::Value, out: &mut Vec<(String, Span)>) {
    match value {
        toml_edit::Value::String(s) => out.push((s.value().clone(), value.span())),
        toml_edit::Value::Array(a) => a.iter().for_each(|v| collect_value(v, out)),
        toml_edit::Value::InlineTable(t) => t.iter().for_each(|(_, v)| collect_value(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The digits of what is found in `html` read as a page.
    fn found(input: &str, form: Form) -> Vec<String> {
        scan_text(input, form, &[])
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    /// A valid resident ID number: 17 digits and their check character.
    const ID: &str = "11010519491231002X";
    const MOBILE: &str = "13800138000";

    #[test]
    fn numbers_split_by_markup_are_joined() {
        for html in [
            "<p>电话138<strong>0013</strong>8000。</p>",
            "<p><span>138</span>00138000</p>",
            "<p>&#49;3800138000</p>",
            "<p>&#x31;38&#48;0138000</p>",
            "<p>1\u{200B}38\u{2060}0013\u{FEFF}8000</p>",
            "<p>138\u{AD}0013\u{AD}8000</p>",
            "<p>𝟏𝟑𝟖00138000</p>",
            "<p>１３８００１３８０００</p>",
            "<p>138.0013.8000</p>",
            "<p>138  0013  8000</p>",
            "<p>138 <em>0013</em> 8000</p>",
            "<p>138—0013—8000</p>",
            "<img alt=\"138 0013 8000\" src=a.png>",
            "<meta name=description content=\"电话13800138000\">",
            "<a href=\"tel:+8613800138000\">电话</a>",
            "<!-- 13800138000 -->",
            "<input value=\"13800138000\" placeholder=x>",
            "<script>var a = '13800138000';</script>",
            "<title>13800138000</title>",
        ] {
            assert_eq!(found(html, Form::Html), [MOBILE], "{html}");
        }
        assert_eq!(
            found("<p>1101<b>0519491231</b>002<i>X</i></p>", Form::Html),
            [ID]
        );
    }

    #[test]
    fn blocks_break_a_number() {
        for html in [
            "<p>138</p><p>00138000</p>",
            "<td>138</td><td>00138000</td>",
            "138<br>00138000",
            "<li>138<li>00138000",
        ] {
            assert!(found(html, Form::Html).is_empty(), "{html}");
        }
        // In XML every tag breaks the text.
        assert!(found("<a>138</a><b>00138000</b>", Form::Xml).is_empty());
        assert_eq!(found("<b>138</b>00138000", Form::Html), [MOBILE]);
    }

    #[test]
    fn look_alikes_stay_unreported() {
        for text in [
            "索引号：11000000MB0000000X/2026-00001",
            "索引号：<span>11000000MB0000000X</span>/2026-00001",
            "发布日期：2026-09-08 <time>2026年9月8日</time>",
            "电话 0578-8123456，热线 400-123-4567",
            "统一社会信用代码 11330000MB1234567X",
            "金额 13800138000.50 元",
            "金额 13,800,138,000 元",
            "ID\u{200B}13800138000",
            "编号 2026-00001-13800",
            "1.5 2.25 192.168.1.1 2026.09.08",
        ] {
            assert!(found(text, Form::Html).is_empty(), "{text}");
            assert!(found(text, Form::Plain).is_empty(), "{text}");
        }
    }

    #[test]
    fn hard_boundaries_are_left_alone_by_nfkc() {
        for c in ('\u{3400}'..='\u{4DBF}').chain('\u{4E00}'..='\u{9FFF}') {
            let text = format!("a\u{301}{c}\u{301}１");
            let nfkc: String = text.nfkc().collect();
            assert_eq!(nfkc, format!("\u{E1}{c}\u{301}1"), "{:04X}", u32::from(c));
            assert!(privacy::scan(&format!("138{c}00138000"), &[]).is_empty());
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold("a\u{200B}b\u{AD}c"), "abc");
        assert_eq!(fold("𝟏𝟐 ３"), "12 3");
        assert_eq!(fold("1  2\t\u{3000}3"), "1 2 3");
        assert_eq!(fold("1 \n 2"), "1\n2");
        assert_eq!(fold("1‒2―3−4"), "1-2-3-4");
        assert_eq!(fold("138.1234.5678 和 1.5"), "138-1234-5678 和 1.5");
        assert_eq!(fold("13812345678.50"), "13812345678.50");
    }

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

    /// The skip of [`may_hold_number`] is safe: no code point becomes more
    /// digits under NFKC than [`MAX_DIGITS_PER_CHAR`], the count of
    /// [`digits_of_char`] is NFKC's, and no character reference becomes more than [`ENTITY_MAX_DIGITS`].
    #[test]
    fn the_skip_counts_every_digit_a_reader_can_get() {
        let mut max = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let nfkc = std::iter::once(c)
                .nfkc()
                .filter(char::is_ascii_digit)
                .count();
            assert_eq!(digits_of_char(c), nfkc, "{:04X}", u32::from(c));
            max = max.max(nfkc);
        }
        assert_eq!(max, MAX_DIGITS_PER_CHAR);
        for (name, (a, b)) in html5ever::data::NAMED_ENTITIES.entries() {
            let n: usize = [*a, *b]
                .into_iter()
                .filter_map(char::from_u32)
                .map(digits_of_char)
                .sum();
            assert!(n <= ENTITY_MAX_DIGITS, "&{name}");
        }
        assert!(!may_hold_number("<p>2026-09-08 第1页</p>"));
        assert!(may_hold_number("&#49;&#51;&#56;&#x31;"));
    }

    // --- properties: the real Markdown pipeline ---------------------------

    /// A valid ID (from its 17 digits) or a mobile number.
    fn number() -> impl Strategy<Value = String> {
        prop_oneof![
            (
                1u32..9,
                0u32..100_000,
                1950u32..2020,
                1u32..13,
                1u32..29,
                0u32..1000
            )
                .prop_map(|(r, rest, y, m, d, seq)| {
                    let body = format!("{r}{rest:05}{y:04}{m:02}{d:02}{seq:03}");
                    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
                    let sum: u32 = body
                        .bytes()
                        .zip(W)
                        .map(|(b, w)| u32::from(b - b'0') * w)
                        .sum();
                    let check = b"10X98765432"[(sum % 11) as usize] as char;
                    format!("{body}{check}")
                }),
            "1[3-9][0-9]{9}",
        ]
    }

    /// One character of a number, disguised.
    fn disguise(c: char, how: u8) -> String {
        let math = |c: char| {
            c.to_digit(10)
                .and_then(|d| char::from_u32(0x1D7CE + d))
                .map_or(c.to_string(), String::from)
        };
        let wide = |c: char| {
            c.to_digit(10)
                .and_then(|d| char::from_u32(0xFF10 + d))
                .map_or(c.to_string(), String::from)
        };
        match how % 5 {
            0 => c.to_string(),
            1 => format!("&#{};", u32::from(c)),
            2 => format!("&#x{:x};", u32::from(c)),
            3 => math(c),
            _ => wide(c),
        }
    }

    /// What goes between two pieces of a number.
    fn cut() -> impl Strategy<Value = (String, String)> {
        prop::sample::select(vec![
            ("**", "**"),
            ("*", "*"),
            ("<span>", "</span>"),
            ("<b>", "</b>"),
            ("`", "`"),
            ("\u{200B}", ""),
            ("\u{200C}", "\u{200D}"),
            ("\u{2060}", ""),
            ("\u{FEFF}", ""),
            ("\u{AD}", ""),
            ("<em>", "</em>"),
        ])
        .prop_map(|(a, b)| (a.to_string(), b.to_string()))
    }

    /// `number` cut into pieces at `cuts`, each piece wrapped by markup,
    /// its characters disguised by `looks`, and `sep` between its groups
    /// (3-4-4 for a mobile, 6-8-4 for an ID). Entities are not decoded in
    /// code spans (a reader sees `&#49;` there): none is put in one.
    fn split(number: &str, cuts: &[(usize, (String, String))], looks: &[u8], sep: &str) -> String {
        let chars: Vec<char> = number.chars().collect();
        let groups: &[usize] = match chars.len() {
            11 => &[3, 7],
            18 => &[6, 14],
            _ => &[],
        };
        // Two delimiter runs side by side merge (`*0**0*`, `` `3``0` ``):
        // one star or backtick cut at most.
        let delimiter = |m: &str| m.starts_with(['*', '`']);
        let first_star = cuts.iter().position(|(_, (a, _))| delimiter(a));
        let span = ("<span>".to_string(), "</span>".to_string());
        let cuts: Vec<(usize, (String, String))> = cuts
            .iter()
            .enumerate()
            .map(|(k, (p, m))| {
                let star = delimiter(&m.0) && Some(k) != first_star;
                (*p, if star { span.clone() } else { m.clone() })
            })
            .collect();
        let starred = cuts.iter().any(|(_, (a, _))| a.starts_with('*'));
        let mut out = String::new();
        let mut open: Option<&str> = None;
        for (i, c) in chars.iter().enumerate() {
            let cut = cuts.iter().find(|(p, _)| p % chars.len() == i && i > 0);
            if cut.is_some() || (groups.contains(&i) && !sep.is_empty()) {
                if let Some(close) = open.take() {
                    out.push_str(close);
                }
            }
            if groups.contains(&i) {
                out.push_str(sep);
            }
            if let Some((_, (a, b))) = cut {
                out.push_str(a);
                open = (!b.is_empty()).then_some(b.as_str());
            }
            let look = looks.get(i).copied().unwrap_or(0);
            // `**&#57;` is no emphasis (a delimiter before punctuation):
            // the reader sees the stars, so no entity beside them either.
            let literal = open == Some("`") || starred;
            let look = if literal && matches!(look % 5, 1 | 2) {
                0
            } else {
                look
            };
            out.push_str(&disguise(*c, look));
        }
        if let Some(close) = open {
            out.push_str(close);
        }
        out
    }

    fn rendered(markdown: &str) -> crate::markdown::Rendered {
        crate::markdown::render(markdown, 1, &|_| crate::markdown::Resolved::AsWritten)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn a_number_split_by_markup_is_always_found(
            number in number(),
            cuts in prop::collection::vec((0usize..18, cut()), 0..6),
            looks in prop::collection::vec(0u8..5, 18),
            before in prop::sample::select(vec!["电话", "身份证号：", "", "联系人 "]),
            sep in prop::sample::select(vec!["", "\\-", "-", " ", "  ", ".", "·", "\u{AD}", "\u{200B}", "－"]),
        ) {
            let markdown = format!("# 标题\n\n{before}{}。\n", split(&number, &cuts, &looks, sep));
            let r = rendered(&markdown);
            let canonical = privacy::canonical(&number);
            prop_assert!(
                found(&r.html, Form::Html).contains(&canonical),
                "{markdown:?} → {:?}", r.html
            );
            prop_assert_eq!(trace_line(&markdown, &canonical), Some(3), "{:?}", markdown);
        }

        #[test]
        fn look_alikes_in_markup_are_never_reported(
            cuts in prop::collection::vec((0usize..30, cut()), 0..6),
            which in 0usize..6,
        ) {
            let text = [
                "11000000MB0000000X/2026-00001",
                "2026-09-08",
                "0578-8123456",
                "91330000MA2H12345X",
                "400-123-4567",
                "2026年09月08日",
            ][which];
            let markdown = format!("索引号 {}，完\n", split(text, &cuts, &[], ""));
            let r = rendered(&markdown);
            prop_assert!(found(&r.html, Form::Html).is_empty(), "{:?}", r.html);
            prop_assert!(found(&r.plain_text, Form::Plain).is_empty(), "{:?}", r.plain_text);
        }
    }
}
