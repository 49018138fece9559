//! Markdown to HTML for one page body, using pulldown-cmark's event stream.
//!
//! [`render`] turns the Markdown that follows a page's front matter into:
//! - HTML, with Chinese-friendly heading ids (`<h2 id="会议议程">`), tables
//!   wrapped in a focusable `<div class="table-wrap">` so they scroll on phones
//!   (by keyboard too), code
//!   blocks highlighted by syntect into `<pre class="code" data-lang="…">`
//!   with `hl-`-prefixed classes, and every link and image destination
//!   resolved through a caller-supplied function (`@/path.md#frag`, `b.md`,
//!   `/images/x.png`: what they become is the `links` module's rule);
//! - the summary HTML before a `<!-- more -->` line, if there is one;
//! - the plain text (for summaries, counts and search), a nested table of
//!   contents, every destination as written and as published, and the links
//!   to pages that do not exist, each with its line number in the whole file.
//!
//! [`highlight_css`] gives the stylesheet for the highlighting classes.
//!
//! Script from content: unless the caller trusts raw HTML
//! ([`RawHtml::Trust`]), a body (and its summary) that holds any raw HTML is
//! passed whole through [`crate::sanitize::clean`] after rendering, link and
//! image destinations with a scheme other than http, https, mailto or tel
//! are replaced by `#`, and heading attributes other than `{#id .class}` are
//! dropped. What was removed is reported ([`Rendered::unsafe_markup`],
//! [`Rendered::heading_attributes`]) with its line, found by
//! [`crate::sanitize::Detector`] in the same rendered HTML the sanitizer
//! reads. A body without raw HTML is not sanitized: pulldown-cmark's own
//! output is safe once its destinations and attributes are.
//!
//! Left to others: splitting off the front matter (the caller passes the
//! body and the line it starts on), knowing which pages exist (the `resolve`
//! callback), turning findings and broken links into diagnostics, and
//! statistics on the plain text (`crate::text`).
//!
//! Chinese text (issue 21), each in a submodule working on the event stream
//! before it is turned into HTML: a heading's trailing `{…}` that is not an
//! attribute block stays text ([`attrs`]); line breaks between wide
//! characters are dropped and lines starting with `一、` `（一）` `1.视察` … keep
//! their line ([`breaks`]); bare URLs become links ([`autolink`]); footnotes
//! are collected at the end with back-links, `[^1]` linking to `#fn-1`
//! ([`footnotes`]). CJK-friendly emphasis (`**《代表法》**规定`) is
//! pulldown-cmark's own option.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::utils::TextMergeWithOffset;
use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::html::escape_into;
use crate::sanitize::{self, Detector};

mod attrs;
mod autolink;
mod breaks;
mod footnotes;
use crate::text::is_wide;

pub use crate::sanitize::Finding as UnsafeMarkup;

/// Whether raw HTML in the body is sanitized or published as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawHtml {
    /// The default: the allowlist sanitizer, safe destinations, heading
    /// attributes limited to ids and classes.
    Sanitize,
    /// `[markdown] unsafe_html = true`: published as written.
    Trust,
}

/// The class style of highlighted code; the prefix keeps syntect's classes
/// (`hl-keyword`, `hl-string`, …) apart from the theme's own classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The syntect theme [`highlight_css`] is generated from.
const HIGHLIGHT_THEME: &str = "InspiredGitHub";

/// A heading of the page, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The `id` attribute of the heading element, unique within the page.
    pub id: String,
    /// The heading's text without markup.
    pub title: String,
    /// Headings of a deeper level that follow this one before the next
    /// heading of this level or higher.
    pub children: Vec<Heading>,
}

/// A link to a page (`@/…`, `….md`) that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    /// 1-based line in the whole file (front matter included).
    pub line: usize,
    /// The destination as written, such as `@/news/foo.md#anchor`.
    pub target: String,
}

/// The result of rendering one page body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rendered {
    /// The whole body as HTML.
    pub html: String,
    /// HTML of everything before a top-level `<!-- more -->` line; `None`
    /// if the body has no such line.
    pub summary_html: Option<String>,
    /// The text of that part, without markup (for meta descriptions).
    pub summary_text: Option<String>,
    /// The body's text without markup (raw HTML and image alt text left
    /// out, code included); blocks separated by `"\n"`.
    pub plain_text: String,
    /// The text of paragraphs and lists only (no headings, tables or code), for
    /// automatic summaries.
    pub prose_text: String,
    /// The headings, nested by level.
    pub toc: Vec<Heading>,
    /// Whether the body has a fenced or indented code block (so the page
    /// wants the highlighting stylesheet).
    pub has_code: bool,
    /// Internal links that did not resolve, in order of appearance.
    pub broken_links: Vec<LinkProblem>,
    /// Script and foreign loads in content: `<script>`, `<iframe>`, `on*=`
    /// attributes, `javascript:` URLs … (removed from `html` unless raw HTML
    /// is trusted; the caller decides whether they are errors).
    pub unsafe_markup: Vec<UnsafeMarkup>,
    /// Heading attributes other than an id and classes (`{onfocus=…}`),
    /// each with its name; dropped unless raw HTML is trusted.
    pub heading_attributes: Vec<UnsafeMarkup>,
    /// Every link and image destination, as written and as published.
    pub links: Vec<LinkRef>,
    /// Lines of images (Markdown or `<img>`) without alt text.
    pub images_without_alt: Vec<usize>,
    /// Custom heading ids written twice (or taken by a footnote), renamed.
    pub duplicate_ids: Vec<DuplicateId>,
    /// Lines of indented code blocks that read as Chinese prose: a
    /// paragraph indented by four spaces (pasted from Word), shown as code.
    pub indented_prose: Vec<usize>,
}

/// A link or image destination with its line: as written, and as published
/// (so that a dead link found in the output is reported at its line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub line: usize,
    pub dest: String,
    /// The destination in the HTML (before pulldown-cmark's escaping).
    pub href: String,
}

/// What the caller makes of a link or image destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Published as written.
    AsWritten,
    /// Published as this URL.
    Url(String),
    /// A link to a page that does not exist: published as written, and
    /// reported in [`Rendered::broken_links`].
    Broken,
}

/// Loading removed the characters XML forbids from the source, but a
/// character reference (`&#11;`) decodes to one: drop it from the text.
fn xml_chars_only(event: Event<'_>) -> Event<'_> {
    use crate::control::is_xml_char;
    match event {
        Event::Text(t) if !t.chars().all(is_xml_char) => Event::Text(
            t.chars()
                .filter(|&c| is_xml_char(c))
                .collect::<String>()
                .into(),
        ),
        other => other,
    }
}

/// Renders the Markdown `body` of a page.
///
/// `first_line` is the 1-based line of the file on which `body` starts
/// (the line after the front matter), so that reported lines are lines of
/// the file. `resolve` says what each link and image destination with a safe
/// scheme becomes (`@/news/foo.md#anchor`, `b.md`, `/images/x.png` …: the
/// rules are the caller's, see the `links` module).
///
/// Raw HTML is sanitized ([`render_with`] and [`RawHtml::Trust`] leave it as
/// written). Never panics, whatever the input.
pub fn render(body: &str, first_line: usize, resolve: &dyn Fn(&str) -> Resolved) -> Rendered {
    render_with(body, first_line, resolve, RawHtml::Sanitize)
}

/// [`render`], with raw HTML sanitized or trusted as `raw_html` says.
pub fn render_with(
    body: &str,
    first_line: usize,
    resolve: &dyn Fn(&str) -> Resolved,
    raw_html: RawHtml,
) -> Rendered {
    // One text event per run of text, so a URL is never cut in two.
    let parsed = TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter());
    let events: Vec<(Event<'_>, Range<usize>)> = parsed
        .map(|(event, range)| (xml_chars_only(event), range))
        .collect();
    let events = attrs::restore_false_blocks(events, body);
    let events = breaks::rewrite_soft_breaks(events);
    let events = autolink::link_bare_urls(events);
    let lines = LineIndex::new(body, first_line);
    let footnote_ids = footnotes::reserved_ids(&events);
    let events = footnotes::collect_at_end(events, escape_into);
    let (heading_ids, duplicate_ids) = assign_heading_ids(&events, footnote_ids, &lines);

    let mut state = State {
        out: Vec::with_capacity(events.len()),
        plain: PlainText::default(),
        prose: PlainText::default(),
        non_prose: 0,
        toc: Vec::new(),
        heading_ids: heading_ids.into_iter(),
        heading: None,
        code: None,
        html_block: None,
        depth: 0,
        image_depth: 0,
        split: None,
        split_plain: 0,
        has_code: false,
        broken_links: Vec::new(),
        unsafe_markup: Vec::new(),
        heading_attributes: Vec::new(),
        raw_html,
        raw_events: Vec::new(),
        links: Vec::new(),
        image_alt: None,
        images_without_alt: Vec::new(),
        indented_prose: Vec::new(),
    };
    for (event, range) in events {
        state.event(event, &range, &lines, resolve);
    }

    let (mut html, offsets) = write_html(&state.out, &state.raw_events);
    state
        .unsafe_markup
        .extend(detect(&html, &offsets, first_line));
    state.unsafe_markup.sort_by_key(|u| u.line);
    let sanitize = raw_html == RawHtml::Sanitize;
    if sanitize && !state.raw_events.is_empty() {
        html = sanitize::clean(&html);
    }
    let summary_html = state.split.map(|end| {
        let mut summary = String::new();
        pulldown_cmark::html::push_html(&mut summary, summary_events(&state.out[..end], resolve));
        let has_raw = state.raw_events.first().is_some_and(|&(i, _)| i < end);
        if sanitize && has_raw {
            summary = sanitize::clean(&summary);
        }
        summary
    });
    let plain_text = state.plain.finish();
    let summary_text = state.split.map(|_| {
        let end = state.split_plain.min(plain_text.len());
        plain_text.get(..end).unwrap_or_default().trim().to_string()
    });
    Rendered {
        html,
        summary_html,
        summary_text,
        plain_text,
        prose_text: state.prose.finish(),
        toc: state.toc,
        has_code: state.has_code,
        broken_links: state.broken_links,
        unsafe_markup: state.unsafe_markup,
        heading_attributes: state.heading_attributes,
        links: state.links,
        images_without_alt: state.images_without_alt,
        duplicate_ids,
        indented_prose: state.indented_prose,
    }
}

/// The events of a summary, shown in listings: its footnote references
/// lead to the page's footnotes (see [`footnotes::in_summary`]).
fn summary_events<'e>(
    events: &'e [Event<'e>],
    resolve: &dyn Fn(&str) -> Resolved,
) -> impl Iterator<Item = Event<'e>> + 'e {
    // The page's own URL: what a fragment alone resolves to, without it.
    let mut page = String::new();
    if let Resolved::Url(url) = resolve("#fn") {
        escape_into(&mut page, url.strip_suffix("#fn").unwrap_or_default());
    }
    events.iter().map(move |event| match event {
        Event::Html(html) | Event::InlineHtml(html) => match footnotes::in_summary(html, &page) {
            Some(linked) => Event::InlineHtml(CowStr::from(linked)),
            None => event.clone(),
        },
        other => other.clone(),
    })
}

/// The stylesheet for highlighted code blocks (`public/css/syntax.css`).
///
/// Generated once per process from syntect's `InspiredGitHub` theme for the
/// `hl-` classes that [`render`] emits; the theme's colours for the whole
/// block apply to `pre.code`, so unhighlighted blocks look the same.
pub fn highlight_css() -> String {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        let themes = ThemeSet::load_defaults();
        let Some(theme) = themes.themes.get(HIGHLIGHT_THEME) else {
            return String::new();
        };
        let css = css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap_or_default();
        // syntect names the block `.hl-code`; our blocks are `pre.code`.
        css.replacen(".hl-code {", "pre.code {", 1)
    })
    .clone()
}

/// The HTML of `events`, and where in it each raw HTML event of the user
/// (by index in `events`, with its line) begins.
fn write_html(events: &[Event<'_>], raw: &[(usize, usize)]) -> (String, Vec<(usize, usize)>) {
    if raw.is_empty() {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.iter().cloned());
        return (html, Vec::new());
    }
    let html = std::rc::Rc::new(std::cell::RefCell::new(String::new()));
    let mut offsets = Vec::with_capacity(raw.len());
    let mut next_raw = raw.iter().peekable();
    let iter = events.iter().cloned().enumerate().map(|(i, event)| {
        // The writer has written every earlier event when it asks for this one.
        while let Some(&&(index, line)) = next_raw.peek() {
            if index > i {
                break;
            }
            offsets.push((html.borrow().len(), line));
            next_raw.next();
        }
        event
    });
    let _ = pulldown_cmark::html::write_html_fmt(SharedString(html.clone()), iter);
    let html = html.take();
    (html, offsets)
}

/// A `fmt::Write` into a string that the event iterator can read too.
struct SharedString(std::rc::Rc<std::cell::RefCell<String>>);

impl std::fmt::Write for SharedString {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.borrow_mut().push_str(s);
        Ok(())
    }
}

/// What the rendered `html` holds that runs script or loads elsewhere, each
/// at the line of the raw HTML it comes after (`offsets` from [`write_html`]).
fn detect(html: &str, offsets: &[(usize, usize)], first_line: usize) -> Vec<UnsafeMarkup> {
    if offsets.is_empty() {
        return Vec::new();
    }
    let mut detector = Detector::new();
    let mut start = 0;
    let mut line = first_line;
    for &(offset, next_line) in offsets {
        if let Some(piece) = html.get(start..offset) {
            detector.feed(piece, line);
            start = offset;
        }
        line = next_line;
    }
    detector.feed(html.get(start..).unwrap_or_default(), line);
    detector.finish()
}

fn options() -> Options {
    // CJK-friendly emphasis: `**《代表法》**规定` is bold, as a Chinese reader
    // expects; Latin text is parsed exactly as CommonMark says.
    Options::ENABLE_CJK_FRIENDLY_EMPHASIS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Maps byte offsets in the body to 1-based lines in the file.
struct LineIndex {
    first_line: usize,
    newlines: Vec<usize>,
}

impl LineIndex {
    fn new(body: &str, first_line: usize) -> Self {
        let newlines = body
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i)
            .collect();
        LineIndex {
            first_line,
            newlines,
        }
    }

    fn line(&self, offset: usize) -> usize {
        self.first_line
            .saturating_add(self.newlines.partition_point(|&n| n < offset))
    }
}

/// A custom heading id (`{#same}`) that an earlier heading or a footnote
/// already has: the heading got `renamed` instead, as ids must be unique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateId {
    /// 1-based line of the heading in the file.
    pub line: usize,
    /// The id as written.
    pub id: String,
    /// The id the heading got.
    pub renamed: String,
}

/// The ids of the page's headings, in order: `{#custom}` ids as written
/// (a later copy of one gets a suffix, and is listed as a duplicate), the
/// others made from the heading text; none is one of the `reserved` ids.
fn assign_heading_ids(
    events: &[(Event<'_>, Range<usize>)],
    reserved: Vec<String>,
    lines: &LineIndex,
) -> (Vec<String>, Vec<DuplicateId>) {
    let headings = heading_sources(events, lines);
    // Footnote ids and the first copy of each custom id are taken before
    // any other id.
    let mut used: HashSet<String> = reserved.into_iter().collect();
    let keeps: Vec<bool> = headings
        .iter()
        .map(|h| h.custom.as_ref().is_some_and(|id| used.insert(id.clone())))
        .collect();
    // The last suffix tried for each base, so many equal headings stay linear.
    let mut last_suffix: HashMap<String, usize> = HashMap::new();
    let mut duplicates = Vec::new();
    let mut ids = Vec::with_capacity(headings.len());
    for (heading, keep) in headings.into_iter().zip(keeps) {
        if let (true, Some(id)) = (keep, &heading.custom) {
            ids.push(id.clone());
            continue;
        }
        let base = match &heading.custom {
            Some(id) => id.clone(),
            None => slugify(&heading.title),
        };
        let mut id = base.clone();
        let n = last_suffix.entry(base.clone()).or_insert(0);
        while used.contains(&id) {
            *n += 1;
            id = format!("{base}-{n}");
        }
        used.insert(id.clone());
        if let Some(written) = heading.custom {
            duplicates.push(DuplicateId {
                line: heading.line,
                id: written,
                renamed: id.clone(),
            });
        }
        ids.push(id);
    }
    (ids, duplicates)
}

/// What a heading's id is made from.
struct HeadingSource {
    line: usize,
    /// The `{#id}` written, if any.
    custom: Option<String>,
    title: String,
}

fn heading_sources(events: &[(Event<'_>, Range<usize>)], lines: &LineIndex) -> Vec<HeadingSource> {
    let mut headings = Vec::new();
    let mut current: Option<HeadingSource> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some(HeadingSource {
                    line: lines.line(range.start),
                    custom: id.as_deref().filter(|id| !id.is_empty()).map(str::to_owned),
                    title: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(current.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(h) = current.as_mut() {
                    h.title.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = current.as_mut() {
                    h.title.push(' ');
                }
            }
            _ => {}
        }
    }
    headings
}

/// A heading id from its text: ASCII lowercased, CJK and other letters and
/// digits kept, whitespace, `-` and `_` turned into `-`, other punctuation
/// (full-width included) dropped, dashes collapsed and trimmed; `section`
/// if nothing is left.
fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        let c = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else if c.is_whitespace() || c == '-' || c == '_' {
            '-'
        } else if c.is_alphanumeric() {
            c
        } else {
            continue;
        };
        if c == '-' && (slug.is_empty() || slug.ends_with('-')) {
            continue;
        }
        slug.push(c);
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// A heading being read: its level and id, and its text so far.
struct OpenHeading {
    level: u8,
    id: String,
    title: String,
}

/// A code block being read: its language and its text so far.
struct OpenCode {
    lang: Option<String>,
    text: String,
    /// The line of an indented (not fenced) block.
    indented_at: Option<usize>,
}

/// The event transformation, one event at a time.
struct State<'a> {
    /// Events for the HTML writer.
    out: Vec<Event<'a>>,
    plain: PlainText,
    /// Text of paragraphs and lists only, for automatic summaries.
    prose: PlainText,
    /// How many headings and tables are open (their text is not prose).
    non_prose: usize,
    toc: Vec<Heading>,
    heading_ids: std::vec::IntoIter<String>,
    heading: Option<OpenHeading>,
    code: Option<OpenCode>,
    /// The `Html` events of an HTML block being read, with their lines.
    html_block: Option<Vec<(Event<'a>, usize)>>,
    /// How many tags are open in `out`.
    depth: usize,
    /// How many images are open (their alt text is not plain text).
    image_depth: usize,
    /// Length of `out` where the summary ends.
    split: Option<usize>,
    /// Length of `plain` at the split: the summary's text.
    split_plain: usize,
    has_code: bool,
    broken_links: Vec<LinkProblem>,
    unsafe_markup: Vec<UnsafeMarkup>,
    heading_attributes: Vec<UnsafeMarkup>,
    raw_html: RawHtml,
    /// The user's raw HTML events: index in `out` and line.
    raw_events: Vec<(usize, usize)>,
    links: Vec<LinkRef>,
    /// The open image: its line and whether it has alt text so far.
    image_alt: Option<(usize, bool)>,
    images_without_alt: Vec<usize>,
    indented_prose: Vec<usize>,
}

impl<'a> State<'a> {
    fn event(
        &mut self,
        event: Event<'a>,
        range: &Range<usize>,
        lines: &LineIndex,
        resolve: &dyn Fn(&str) -> Resolved,
    ) {
        if let Some(code) = self.code.as_mut() {
            match event {
                Event::Text(text) => code.text.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                _ => {}
            }
            return;
        }
        let line = lines.line(range.start);
        if let Event::Html(html) | Event::InlineHtml(html) = &event {
            if img_without_alt(html) {
                self.images_without_alt.push(line);
            }
        }
        if let Some(block) = self.html_block.as_mut() {
            match event {
                Event::End(TagEnd::HtmlBlock) => self.end_html_block(),
                other => block.push((other, line)),
            }
            return;
        }
        if let Event::InlineHtml(html) = &event {
            // Comments are notes for editors, not for readers.
            if sanitize::is_comment(html) {
                return;
            }
            self.raw_events.push((self.out.len(), line));
        }
        match event {
            Event::Start(tag) => self.start(tag, range, lines, resolve),
            Event::End(end) => self.end(end),
            Event::Text(text) => {
                self.text(&text);
                self.out.push(Event::Text(text));
            }
            Event::Code(text) => {
                self.text(&text);
                self.out.push(Event::Code(text));
            }
            Event::SoftBreak => {
                self.soft_break();
                self.out.push(Event::SoftBreak);
            }
            Event::HardBreak => {
                self.soft_break();
                if self.heading.is_none() && self.image_depth == 0 {
                    self.plain.hard_break();
                    self.prose.hard_break();
                }
                self.out.push(Event::HardBreak);
            }
            Event::Rule => {
                self.end_block();
                self.out.push(Event::Rule);
            }
            other => self.out.push(other),
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(heading) = self.heading.as_mut() {
            heading.title.push_str(text);
        }
        if let Some((_, has_alt)) = self.image_alt.as_mut() {
            *has_alt |= !text.trim().is_empty();
        }
        if self.image_depth == 0 {
            self.plain.text(text);
            if self.non_prose == 0 {
                self.prose.text(text);
            }
        }
    }

    fn end_block(&mut self) {
        self.plain.end_block();
        self.prose.end_block();
    }

    fn soft_break(&mut self) {
        if let Some(heading) = self.heading.as_mut() {
            heading.title.push(' ');
        }
        if self.image_depth == 0 {
            self.plain.soft_break();
            self.prose.soft_break();
        }
    }

    fn start(
        &mut self,
        tag: Tag<'a>,
        range: &Range<usize>,
        lines: &LineIndex,
        resolve: &dyn Fn(&str) -> Resolved,
    ) {
        if is_block(&tag) {
            self.end_block();
        }
        if matches!(tag, Tag::Heading { .. } | Tag::Table(_)) {
            self.non_prose += 1;
        }
        let tag = match tag {
            Tag::CodeBlock(kind) => {
                let (lang, indented_at) = match kind {
                    CodeBlockKind::Fenced(info) => (code_lang(&info), None),
                    CodeBlockKind::Indented => (None, Some(lines.line(range.start))),
                };
                self.code = Some(OpenCode {
                    lang,
                    text: String::new(),
                    indented_at,
                });
                return;
            }
            Tag::HtmlBlock => {
                self.html_block = Some(Vec::new());
                return;
            }
            Tag::Heading {
                level,
                id: _,
                classes,
                mut attrs,
            } => {
                if self.raw_html == RawHtml::Sanitize {
                    let line = lines.line(range.start);
                    self.heading_attributes
                        .extend(attrs.drain(..).map(|(name, _)| UnsafeMarkup {
                            line,
                            what: name.to_string(),
                        }));
                }
                // Every heading was given an id by `assign_heading_ids`.
                let id = self.heading_ids.next().unwrap_or_default();
                self.heading = Some(OpenHeading {
                    level: heading_level(level),
                    id: id.clone(),
                    title: String::new(),
                });
                Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes,
                    attrs,
                }
            }
            Tag::Table(alignments) => {
                self.out.push(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\">",
                )));
                Tag::Table(alignments)
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Link {
                link_type,
                // `<renda@example.gov.cn>`: the writer adds `mailto:`.
                dest_url: if link_type == LinkType::Email {
                    dest_url
                } else {
                    self.resolve_link(dest_url, lines.line(range.start), resolve)
                },
                title,
                id,
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.image_depth += 1;
                self.image_alt = Some((lines.line(range.start), false));
                Tag::Image {
                    link_type,
                    dest_url: self.resolve_link(dest_url, lines.line(range.start), resolve),
                    title,
                    id,
                }
            }
            other => other,
        };
        self.depth += 1;
        self.out.push(Event::Start(tag));
    }

    fn end(&mut self, end: TagEnd) {
        self.depth = self.depth.saturating_sub(1);
        self.out.push(Event::End(end));
        match end {
            TagEnd::Heading(_) => {
                if let Some(open) = self.heading.take() {
                    let heading = Heading {
                        level: open.level,
                        id: open.id,
                        title: open.title.split_whitespace().collect::<Vec<_>>().join(" "),
                        children: Vec::new(),
                    };
                    insert_heading(&mut self.toc, heading);
                }
            }
            TagEnd::Table => self.out.push(Event::Html(CowStr::Borrowed("</div>\n"))),
            TagEnd::Image => {
                self.image_depth = self.image_depth.saturating_sub(1);
                if let Some((line, false)) = self.image_alt.take() {
                    self.images_without_alt.push(line);
                }
            }
            TagEnd::TableCell => self.plain.cell_end(),
            _ => {}
        }
        if matches!(end, TagEnd::Heading(_) | TagEnd::Table) {
            self.non_prose = self.non_prose.saturating_sub(1);
        }
        if is_block_end(end) {
            self.end_block();
        }
    }

    fn end_code(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        self.has_code = true;
        if let Some(line) = code.indented_at.filter(|_| looks_like_prose(&code.text)) {
            self.indented_prose.push(line);
        }
        self.end_block();
        self.plain.text(&code.text);
        self.end_block();
        self.out.push(Event::Html(CowStr::from(code_block_html(
            code.lang.as_deref(),
            &code.text,
        ))));
    }

    fn end_html_block(&mut self) {
        let Some(block) = self.html_block.take() else {
            return;
        };
        let content: String = block
            .iter()
            .filter_map(|(event, _)| match event {
                Event::Html(html) | Event::Text(html) => Some(html.as_ref()),
                _ => None,
            })
            .collect();
        if is_more_marker(&content) {
            if self.depth == 0 && self.split.is_none() {
                self.split = Some(self.out.len());
                self.split_plain = self.plain.text.len();
            }
            return;
        }
        self.out.push(Event::Start(Tag::HtmlBlock));
        let block: Vec<_> = block
            .into_iter()
            .filter(|(event, _)| !matches!(event, Event::Html(html) if sanitize::is_comment(html)))
            .collect();
        if block.is_empty() {
            return;
        }
        for (event, line) in block {
            self.raw_events.push((self.out.len(), line));
            self.out.push(event);
        }
        self.out.push(Event::End(TagEnd::HtmlBlock));
    }

    fn resolve_link(
        &mut self,
        dest: CowStr<'a>,
        line: usize,
        resolve: &dyn Fn(&str) -> Resolved,
    ) -> CowStr<'a> {
        if !sanitize::url_is_safe(&dest) {
            let scheme = sanitize::url_scheme(&dest).unwrap_or_default();
            self.unsafe_markup.push(UnsafeMarkup {
                line,
                what: format!("{scheme}:"),
            });
            if self.raw_html == RawHtml::Sanitize {
                return CowStr::Borrowed("#");
            }
        }
        let href = match resolve(&dest) {
            Resolved::AsWritten => dest.clone(),
            Resolved::Url(url) => CowStr::from(url),
            Resolved::Broken => {
                self.broken_links.push(LinkProblem {
                    line,
                    target: dest.to_string(),
                });
                dest.clone()
            }
        };
        self.links.push(LinkRef {
            line,
            dest: dest.to_string(),
            href: href.to_string(),
        });
        href
    }
}

/// Whether the text of an indented code block reads as prose rather than
/// code: more wide characters (Chinese text and punctuation) than other
/// visible ones. Code with a Chinese comment, or a Latin listing, does not.
fn looks_like_prose(text: &str) -> bool {
    let (wide, other) =
        text.chars()
            .filter(|c| !c.is_whitespace())
            .fold((0usize, 0usize), |(w, o), c| {
                if is_wide(c) {
                    (w + 1, o)
                } else {
                    (w, o + 1)
                }
            });
    wide > other
}

/// An `<img>` tag without an `alt` attribute (an empty `alt=""` marks a
/// decorative image and is allowed).
fn img_without_alt(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("<img") {
        let tag = &rest[i..];
        let end = tag.find('>').unwrap_or(tag.len());
        let attrs = &tag[..end];
        if !attrs
            .split(|c: char| c.is_whitespace() || c == '/')
            .any(|a| a == "alt" || a.starts_with("alt="))
        {
            return true;
        }
        rest = &tag[end..];
    }
    false
}

/// Whether the HTML block is the summary marker `<!-- more -->`.
fn is_more_marker(html: &str) -> bool {
    html.trim()
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .is_some_and(|inner| inner.trim().eq_ignore_ascii_case("more"))
}

/// Tags whose start begins a new block of plain text.
fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::TableCell
    )
}

/// Tags whose end ends a block of plain text.
fn is_block_end(end: TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::TableCell
    )
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Puts `heading` under the last heading of a higher level, or at the end.
fn insert_heading(list: &mut Vec<Heading>, heading: Heading) {
    match list.last_mut() {
        Some(last) if last.level < heading.level => insert_heading(&mut last.children, heading),
        _ => list.push(heading),
    }
}

/// The language of a fenced code block: the first word of its info string
/// (`rust` for `rust,ignore` or `rust title="x"`).
fn code_lang(info: &str) -> Option<String> {
    info.split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .filter(|lang| !lang.is_empty())
        .map(str::to_owned)
}

/// The process-wide syntax set, loaded on first use.
fn syntax_set() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// `code` as classed HTML spans, or `None` if `lang` is unknown to syntect
/// or highlighting fails.
fn highlight(lang: &str, code: &str) -> Option<String> {
    let syntaxes = syntax_set();
    let token = match lang.to_ascii_lowercase().as_str() {
        "shell" | "console" | "zsh" | "sh" => "bash".to_owned(),
        "jsonc" | "json5" => "json".to_owned(),
        other => other.to_owned(),
    };
    let syntax = syntaxes.find_syntax_by_token(&token)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// The HTML of a code block: highlighted if its language is known,
/// escaped plain text otherwise.
fn code_block_html(lang: Option<&str>, code: &str) -> String {
    let mut html = String::with_capacity(code.len() * 2 + 64);
    html.push_str("<pre class=\"code\"");
    if let Some(lang) = lang {
        html.push_str(" data-lang=\"");
        escape_into(&mut html, lang);
        html.push('"');
    }
    html.push_str("><code>");
    match lang.and_then(|lang| highlight(lang, code)) {
        Some(highlighted) => html.push_str(&highlighted),
        None => escape_into(&mut html, code),
    }
    html.push_str("</code></pre>\n");
    html
}

/// Builds the plain text: blocks separated by one `\n`, line breaks inside
/// a paragraph turned into a space except between two CJK characters.
#[derive(Default)]
struct PlainText {
    text: String,
    pending_break: bool,
}

impl PlainText {
    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if std::mem::take(&mut self.pending_break) {
            let before = self.text.chars().next_back();
            let after = text.chars().next();
            let joined = matches!((before, after), (Some(b), Some(a)) if is_wide(b) && is_wide(a));
            let at_space = before.is_none_or(char::is_whitespace);
            if !joined && !at_space {
                self.text.push(' ');
            }
        }
        self.text.push_str(text);
    }

    fn soft_break(&mut self) {
        self.pending_break = true;
    }

    fn hard_break(&mut self) {
        self.pending_break = false;
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    fn cell_end(&mut self) {
        self.pending_break = false;
        if !self.text.is_empty() && !self.text.ends_with(char::is_whitespace) {
            self.text.push(' ');
        }
    }

    fn end_block(&mut self) {
        self.pending_break = false;
        let trimmed = self.text.trim_end_matches([' ', '\t', '\n', '\r']).len();
        self.text.truncate(trimmed);
        if !self.text.is_empty() {
            self.text.push('\n');
        }
    }

    fn finish(mut self) -> String {
        let trimmed = self.text.trim_end().len();
        self.text.truncate(trimmed);
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_markup_is_found_with_its_line() {
        let none = |_: &str| Resolved::AsWritten;
        let body = "段落\n\n<script>alert(1)</script>\n\n<img src=x onerror=\"a()\">\n\n[点我](javascript:alert(1))\n\n<a href=\" JavaScript:x\">b</a>\n";
        let r = render(body, 5, &none);
        let found: Vec<(usize, &str)> = r
            .unsafe_markup
            .iter()
            .map(|u| (u.line, u.what.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (7, "<script>"),
                (9, "onerror="),
                (11, "javascript:"),
                (13, "javascript:")
            ]
        );
    }

    #[test]
    fn ordinary_html_and_words_are_safe() {
        let none = |_: &str| Resolved::AsWritten;
        let body = "<div class=\"note\" data-on=\"x\">注意 only one</div>\n\nThe word onion= in text.\n\n[链接](https://example.gov.cn/javascript-guide)\n";
        assert!(render(body, 1, &none).unsafe_markup.is_empty());
    }

    fn no_links(_: &str) -> Resolved {
        Resolved::AsWritten
    }

    /// `@/path` → `/path/` for the paths in `known`, else broken; other
    /// destinations as written.
    fn pages<'k>(known: &'k [&'k str]) -> impl Fn(&str) -> Resolved + 'k {
        move |dest: &str| {
            let Some(rest) = dest.strip_prefix("@/") else {
                return Resolved::AsWritten;
            };
            let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
            if !known.contains(&path) {
                return Resolved::Broken;
            }
            let fragment = if fragment.is_empty() {
                String::new()
            } else {
                format!("#{fragment}")
            };
            Resolved::Url(format!("/{}/{fragment}", path.trim_end_matches(".md")))
        }
    }

    fn md(body: &str) -> Rendered {
        render(body, 1, &no_links)
    }

    fn ids(toc: &[Heading]) -> Vec<String> {
        let mut out = Vec::new();
        for h in toc {
            out.push(h.id.clone());
            out.extend(ids(&h.children));
        }
        out
    }

    /// The examples of issue 21: emphasis, strong and strikethrough next
    /// to Chinese punctuation, as a Chinese reader expects.
    #[test]
    fn emphasis_around_chinese_punctuation() {
        let cases = [
            (
                "开展**“两学一做”**学习教育",
                "<p>开展<strong>“两学一做”</strong>学习教育</p>\n",
            ),
            (
                "根据**《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》**规定",
                "<p>根据<strong>《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》</strong>规定</p>\n",
            ),
            (
                "**《代表法》**规定了代表的权利。",
                "<p><strong>《代表法》</strong>规定了代表的权利。</p>\n",
            ),
            (
                "听取了**镇政府关于民生实事项目的报告（书面）**并进行审议",
                "<p>听取了<strong>镇政府关于民生实事项目的报告（书面）</strong>并进行审议</p>\n",
            ),
            ("这是*“重点”*工作", "<p>这是<em>“重点”</em>工作</p>\n"),
            ("会议定于~~“十月”~~召开", "<p>会议定于<del>“十月”</del>召开</p>\n"),
            ("*“重点”*", "<p><em>“重点”</em></p>\n"),
        ];
        for (source, html) in cases {
            assert_eq!(md(source).html, html, "{source}");
        }
    }

    /// Latin text keeps CommonMark's flanking rules.
    #[test]
    fn latin_emphasis_is_unchanged() {
        let cases = [
            ("a**\"foo\"**bar", "<p>a**\"foo\"**bar</p>\n"),
            ("foo*bar*", "<p>foo<em>bar</em></p>\n"),
            ("5*6*78", "<p>5<em>6</em>78</p>\n"),
            ("foo_bar_", "<p>foo_bar_</p>\n"),
            (
                "**foo \"*bar*\" foo**",
                "<p><strong>foo \"<em>bar</em>\" foo</strong></p>\n",
            ),
        ];
        for (source, html) in cases {
            assert_eq!(md(source).html, html, "{source}");
        }
    }

    /// A line break between two wide characters is no space; between
    /// Latin words, or Latin and Chinese, it stays a line break (a space).
    #[test]
    fn soft_breaks_between_wide_characters_are_dropped() {
        let cases = [
            (
                "视察了镇卫生院\n新农合登记工作。",
                "<p>视察了镇卫生院新农合登记工作。</p>\n",
            ),
            (
                "会议强调，\n要抓好落实。",
                "<p>会议强调，要抓好落实。</p>\n",
            ),
            (
                "召开**主席团会议**\n研究工作",
                "<p>召开<strong>主席团会议</strong>研究工作</p>\n",
            ),
            ("one\ntwo", "<p>one\ntwo</p>\n"),
            ("使用 Rust\n语言", "<p>使用 Rust\n语言</p>\n"),
            ("代码`x`\n后面", "<p>代码<code>x</code>\n后面</p>\n"),
        ];
        for (source, html) in cases {
            assert_eq!(md(source).html, html, "{source}");
        }
        assert_eq!(md("镇卫生院\n新农合").plain_text, "镇卫生院新农合");
    }

    /// Lines that start with a Chinese enumeration marker keep their own line
    /// (a `<br />` in the same paragraph); each form of marker.
    #[test]
    fn numbered_lines_keep_their_line() {
        let cases = [
            (
                "1.视察了镇卫生院；\n2.听取了工作汇报；\n3.提出了意见建议。",
                "<p>1.视察了镇卫生院；<br />\n2.听取了工作汇报；<br />\n3.提出了意见建议。</p>\n",
            ),
            (
                "一、总体要求\n二、主要任务",
                "<p>一、总体要求<br />\n二、主要任务</p>\n",
            ),
            (
                "（一）听取报告\n（二）审议事项",
                "<p>（一）听取报告<br />\n（二）审议事项</p>\n",
            ),
            ("1、视察\n2、座谈", "<p>1、视察<br />\n2、座谈</p>\n"),
            ("(1)视察\n(2)座谈", "<p>(1)视察<br />\n(2)座谈</p>\n"),
            ("①视察\n②座谈", "<p>①视察<br />\n②座谈</p>\n"),
            (
                "会议议程如下：\n**一、**听取报告",
                "<p>会议议程如下：<br />\n<strong>一、</strong>听取报告</p>\n",
            ),
            // A number, not a marker, and a bracket that holds no number.
            ("全年投入\n2.5亿元", "<p>全年投入\n2.5亿元</p>\n"),
            ("报告（书面）\n（书面）", "<p>报告（书面）（书面）</p>\n"),
        ];
        for (source, html) in cases {
            assert_eq!(md(source).html, html, "{source}");
        }
        assert_eq!(md("一、甲\n二、乙").plain_text, "一、甲\n二、乙");
    }

    #[test]
    fn slugs_for_chinese_headings() {
        assert_eq!(slugify("会议议程"), "会议议程");
        assert_eq!(slugify("第一章：总则（试行）"), "第一章总则试行");
        assert_eq!(
            slugify("《代表法》解读，“要点”、问答……"),
            "代表法解读要点问答"
        );
        assert_eq!(slugify("2025年 Rust 语言"), "2025年-rust-语言");
        assert_eq!(slugify("  Hello,  World!  "), "hello-world");
        assert_eq!(slugify("a_b--c - d"), "a-b-c-d");
        assert_eq!(slugify("Ünïcode Ｒ"), "Ünïcode-Ｒ");
        assert_eq!(slugify("，。！？"), "section");
        assert_eq!(slugify(""), "section");
        assert_eq!(slugify("---"), "section");
    }

    #[test]
    fn heading_ids_in_html_and_unique() {
        let r = md("# 会议议程\n\n## 会议议程\n\n## 会议议程\n\n## ？！\n\n## 。\n");
        assert!(
            r.html.contains("<h1 id=\"会议议程\">会议议程</h1>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"会议议程-1\">"));
        assert!(r.html.contains("<h2 id=\"会议议程-2\">"));
        assert!(r.html.contains("<h2 id=\"section\">"));
        assert!(r.html.contains("<h2 id=\"section-1\">"));
        assert_eq!(
            ids(&r.toc),
            [
                "会议议程",
                "会议议程-1",
                "会议议程-2",
                "section",
                "section-1"
            ]
        );
    }

    #[test]
    fn many_equal_headings_stay_unique() {
        let body = "## 会议\n".repeat(3000) + "## 会议-1\n";
        let r = md(&body);
        let all = ids(&r.toc);
        assert_eq!(all.len(), 3001);
        assert_eq!(all[2999], "会议-2999");
        assert_eq!(all[3000], "会议-1-1");
        let unique: HashSet<&String> = all.iter().collect();
        assert_eq!(unique.len(), all.len());
    }

    #[test]
    fn custom_ids_win_and_are_reserved() {
        let r = md("## 简介\n\n## 其他 {#简介}\n\n## Intro {#intro .big}\n");
        // The custom id is taken first, so the automatic one moves aside.
        assert_eq!(ids(&r.toc), ["简介-1", "简介", "intro"]);
        assert!(r.html.contains("<h2 id=\"简介\">其他</h2>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"intro\" class=\"big\">Intro</h2>"));
        assert_eq!(r.toc[1].title, "其他");
    }

    #[test]
    fn toc_nests_by_level() {
        let r = md("## 一\n### 一.1\n#### 一.1.a\n### 一.2\n## 二\n#### 二.x\n# 顶\n");
        let titles: Vec<_> = r.toc.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(titles, ["一", "二", "顶"]);
        assert_eq!(r.toc[0].children.len(), 2);
        assert_eq!(r.toc[0].children[0].title, "一.1");
        assert_eq!(r.toc[0].children[0].children[0].title, "一.1.a");
        assert_eq!(r.toc[0].children[0].children[0].level, 4);
        assert_eq!(r.toc[0].children[1].title, "一.2");
        assert_eq!(r.toc[1].children[0].title, "二.x");
        assert_eq!(r.toc[2].level, 1);
        assert!(r.toc[2].children.is_empty());
    }

    #[test]
    fn heading_title_without_markup() {
        let r = md("## 关于 *《代表法》* 的 `code` [说明](http://x)\n");
        assert_eq!(r.toc[0].title, "关于 《代表法》 的 code 说明");
        assert_eq!(r.toc[0].id, "关于-代表法-的-code-说明");
    }

    #[test]
    fn internal_links_resolved() {
        let resolve = pages(&["news/foo.md"]);
        let body =
            "见[通知](@/news/foo.md)和[第二节](@/news/foo.md#第二节)。\n\n![图](@/news/foo.md)\n";
        let r = render(body, 7, &resolve);
        assert!(
            r.html.contains("<a href=\"/news/foo/\">通知</a>"),
            "{}",
            r.html
        );
        // pulldown-cmark percent-encodes non-ASCII in hrefs; browsers decode it.
        assert!(r
            .html
            .contains("<a href=\"/news/foo/#%E7%AC%AC%E4%BA%8C%E8%8A%82\">第二节</a>"));
        assert!(r.html.contains("<img src=\"/news/foo/\""));
        assert!(r.broken_links.is_empty());
    }

    #[test]
    fn broken_internal_links_report_file_lines() {
        let resolve = pages(&["ok.md"]);
        let body = "第一行\n\n第三行有[坏链](@/news/missing.md#anchor)\n\n- 列表\n- [好](@/ok.md) 与 [空](@/)\n";
        // The body starts on line 7 of the file.
        let r = render(body, 7, &resolve);
        assert_eq!(
            r.broken_links,
            [
                LinkProblem {
                    line: 9,
                    target: "@/news/missing.md#anchor".to_owned()
                },
                LinkProblem {
                    line: 12,
                    target: "@/".to_owned()
                },
            ]
        );
        // The original destination is kept.
        assert!(
            r.html.contains("href=\"@/news/missing.md#anchor\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"/ok/\""));
    }

    #[test]
    fn every_destination_is_resolved_and_kept_with_its_href() {
        let seen = std::cell::RefCell::new(Vec::new());
        let resolve = |dest: &str| {
            seen.borrow_mut().push(dest.to_owned());
            match dest {
                "b.md" => Resolved::Url("/b/".into()),
                "gone.md" => Resolved::Broken,
                _ => Resolved::AsWritten,
            }
        };
        let r = render(
            "[a](b.md) [b](gone.md)\n![c](/images/x.png) [d](javascript:x)",
            3,
            &resolve,
        );
        // An unsafe destination never reaches the resolver.
        assert_eq!(*seen.borrow(), ["b.md", "gone.md", "/images/x.png"]);
        let hrefs: Vec<(usize, &str, &str)> = r
            .links
            .iter()
            .map(|l| (l.line, l.dest.as_str(), l.href.as_str()))
            .collect();
        assert_eq!(
            hrefs,
            [
                (3, "b.md", "/b/"),
                (3, "gone.md", "gone.md"),
                (4, "/images/x.png", "/images/x.png")
            ]
        );
        assert_eq!(r.broken_links.len(), 1);
        assert!(r.html.contains("href=\"/b/\""), "{}", r.html);
    }

    #[test]
    fn code_is_highlighted_with_prefixed_classes() {
        let r = md("```rust\nfn main() { let s = \"<x>\"; }\n```\n");
        assert!(r.has_code);
        assert!(
            r.html.starts_with(
                "<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-source hl-rust\">"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("hl-storage hl-type hl-function hl-rust"));
        assert!(r.html.contains("&lt;x&gt;"));
        assert!(!r.html.contains("<x>"));
        assert!(r.html.trim_end().ends_with("</code></pre>"));
        assert_eq!(r.plain_text, "fn main() { let s = \"<x>\"; }");
    }

    #[test]
    fn unknown_or_missing_language_is_escaped() {
        let r = md("```nosuchlang\n<b>&</b>\n```\n");
        assert!(r.has_code);
        assert!(r.html.contains(
            "<pre class=\"code\" data-lang=\"nosuchlang\"><code>&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>"
        ), "{}", r.html);
        let r = md("```\n<i>\n```\n\n    indented <code>\n");
        assert!(r
            .html
            .contains("<pre class=\"code\"><code>&lt;i&gt;\n</code></pre>"));
        assert!(r
            .html
            .contains("<pre class=\"code\"><code>indented &lt;code&gt;\n</code></pre>"));
        assert!(!r.html.contains("hl-"));
        let r = md("no code, only `inline`\n");
        assert!(!r.has_code);
    }

    #[test]
    fn info_string_first_word_is_the_language() {
        assert_eq!(code_lang("rust,ignore"), Some("rust".to_owned()));
        assert_eq!(code_lang("python title=\"a\""), Some("python".to_owned()));
        assert_eq!(code_lang(""), None);
        assert_eq!(code_lang("{.x}"), None);
        let r = md("```Shell\necho hi\n```\n");
        assert!(r.html.contains("data-lang=\"Shell\""));
        assert!(r.html.contains("hl-source hl-shell"), "{}", r.html);
    }

    #[test]
    fn summary_split_at_more() {
        let body = "第一段[^1]。\n\n  <!-- more -->  \n\n第二段。\n\n[^1]: 注释。\n";
        let r = md(body);
        let summary = r.summary_html.as_deref().unwrap_or_default();
        assert!(summary.contains("<p>第一段"), "{summary}");
        assert!(summary.contains("footnote-ref"));
        assert!(!summary.contains("第二段"));
        // From a listing, the reference leads to the page's footnote.
        let page = |dest: &str| Resolved::Url(format!("/rd/a/{dest}"));
        let r = render(body, 1, &page);
        let summary = r.summary_html.as_deref().unwrap_or_default();
        // Without the reference's id: a listing shows several summaries.
        assert!(
            summary.contains("<sup class=\"footnote-ref\"><a href=\"/rd/a/#fn-1\">1</a></sup>"),
            "{summary}"
        );
        // On the page itself, the reference stays a fragment with its id.
        assert!(
            r.html.contains("<a href=\"#fn-1\" id=\"fnref-1\">1</a>"),
            "{}",
            r.html
        );
        assert!(!summary.contains("more"));
        assert!(r.html.contains("第二段"));
        assert!(!r.html.contains("more"), "{}", r.html);
        assert!(!r.plain_text.contains("more"));
        let text = r.summary_text.as_deref().unwrap_or_default();
        assert!(
            text.starts_with("第一段") && !text.contains("第二段"),
            "{text}"
        );

        let r = md("<!--more-->\n正文\n");
        assert_eq!(r.summary_text.as_deref(), Some(""));
        assert_eq!(r.summary_html.as_deref(), Some(""));
        assert!(!r.html.contains("more"));

        let r = md("一\n\n二\n");
        assert_eq!(r.summary_html, None);

        // Other comments stay; only the first marker splits.
        let r = md("<!-- 备注 -->\n\n甲\n\n<!-- more -->\n\n乙\n\n<!-- more -->\n\n丙\n");
        // Comments are notes for editors: not published.
        assert!(!r.html.contains("备注"), "{}", r.html);
        assert!(!r.html.contains("more"));
        let summary = r.summary_html.unwrap_or_default();
        assert!(summary.contains("甲") && !summary.contains("乙"));
        assert_eq!(r.summary_text.as_deref(), Some("甲"));
    }

    #[test]
    fn nested_more_marker_is_removed_but_does_not_split() {
        let r = md("> 引用\n> <!-- more -->\n> 更多\n");
        assert_eq!(r.summary_html, None);
        assert!(!r.html.contains("more"), "{}", r.html);
    }

    #[test]
    fn plain_text_has_no_markup() {
        let body = "# 标题\n\n第一段**加粗**和`代码`，\n换行不加空格。\nEnglish\nwords\n\n\
                    - 项一\n- 项二 [链接](http://x)\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n\n\
                    <div>原始 HTML</div>\n\n![替代文字](a.png)\n\n最后<br>一段";
        let r = md(body);
        assert_eq!(
            r.plain_text,
            "标题\n第一段加粗和代码，换行不加空格。 English words\n项一\n项二 链接\n甲 乙\n1 2\n最后一段"
        );
    }

    #[test]
    fn tables_are_wrapped() {
        let r = md("| 姓名 | 职务 |\n|:--|--:|\n| 张三 | 主席 |\n");
        let html = r.html.trim();
        assert!(
            html.starts_with(
                "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\"><table>"
            ),
            "{html}"
        );
        assert!(html.ends_with("</table>\n</div>"), "{html}");
        assert!(html.contains("<th style=\"text-align: left\">姓名</th>"));
        assert!(html.contains("<td style=\"text-align: right\">主席</td>"));
    }

    #[test]
    fn footnotes_strikethrough_and_tasks() {
        let r = md("正文[^note]。~~删除~~\n\n[^note]: 脚注内容。\n\n- [x] 已办\n- [ ] 待办\n");
        assert_eq!(
            r.html,
            "<p>正文<sup class=\"footnote-ref\"><a href=\"#fn-note\" id=\"fnref-note\">1</a></sup>。<del>删除</del></p>\n\
             <ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n已办</li>\n\
             <li><input disabled=\"\" type=\"checkbox\"/>\n待办</li>\n</ul>\n\
             <section class=\"footnotes\" aria-label=\"注释\">\n<ol>\n<li id=\"fn-note\">\n\
             <p>脚注内容。 <a href=\"#fnref-note\" class=\"footnote-backref\" aria-label=\"返回正文\">↩</a></p>\n\
             </li>\n</ol>\n</section>\n"
        );
        assert_eq!(r.plain_text, "正文。删除\n已办\n待办\n脚注内容。");
    }

    /// Footnotes are numbered by first reference and listed at the end with
    /// a back-link per reference (issue 21, item 6).
    #[test]
    fn footnotes_are_collected_at_the_end() {
        let body =
            "[^b]: 乙注。\n\n甲[^a]乙[^b]再[^a]。\n\n[^a]: 甲注。\n\n[^z]: 无引用。\n\n## 标题\n";
        assert_eq!(
            md(body).html,
            "<p>甲<sup class=\"footnote-ref\"><a href=\"#fn-a\" id=\"fnref-a\">1</a></sup>\
             乙<sup class=\"footnote-ref\"><a href=\"#fn-b\" id=\"fnref-b\">2</a></sup>\
             再<sup class=\"footnote-ref\"><a href=\"#fn-a\" id=\"fnref-a-2\">1</a></sup>。</p>\n\
             <h2 id=\"标题\">标题</h2>\n\
             <section class=\"footnotes\" aria-label=\"注释\">\n<ol>\n\
             <li id=\"fn-a\">\n<p>甲注。 <a href=\"#fnref-a\" class=\"footnote-backref\" aria-label=\"返回正文\">↩</a> \
             <a href=\"#fnref-a-2\" class=\"footnote-backref\" aria-label=\"返回正文\">↩<sup>2</sup></a></p>\n</li>\n\
             <li id=\"fn-b\">\n<p>乙注。 <a href=\"#fnref-b\" class=\"footnote-backref\" aria-label=\"返回正文\">↩</a></p>\n</li>\n\
             <li id=\"fn-z\">\n<p>无引用。</p>\n</li>\n\
             </ol>\n</section>\n"
        );
        // A footnote ending in a code block gets its back-link in a paragraph;
        // a label is escaped.
        let r = md("文[^<x>]\n\n[^<x>]:\n    ```\n    code\n    ```\n");
        assert!(
            r.html
                .contains("<a href=\"#fn-&lt;x&gt;\" id=\"fnref-&lt;x&gt;\">1</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("</pre>\n<p><a href=\"#fnref-&lt;x&gt;\" class=\"footnote-backref\""),
            "{}",
            r.html
        );
    }

    /// A paragraph indented by four spaces is a code block, and is listed
    /// for `check` unless it reads as code (issue 21, item 4).
    #[test]
    fn indented_prose_is_found() {
        let body = "正文。\n\n    镇人大主席团召开会议，\n    研究部署全年工作。\n\n```\n    缩进的围栏代码\n```\n\n    let x = 1; // 注释\n\n    fn main() {}\n";
        let r = render(body, 4, &no_links);
        assert_eq!(r.indented_prose, [6]);
        assert!(r.html.contains("<pre class=\"code\"><code>镇人大主席团召开会议，\n研究部署全年工作。\n</code></pre>"), "{}", r.html);
    }

    /// Footnotes citing each other but cited nowhere, and a label defined
    /// twice: each listed once, ids unique (found by the property test).
    #[test]
    fn footnotes_cited_only_by_footnotes_and_defined_twice() {
        let html = md("[^a]: 甲[^b]\n\n[^b]: 乙[^a]\n\n[^a]: 重复\n").html;
        assert_eq!(
            html,
            "<section class=\"footnotes\" aria-label=\"注释\">\n<ol>\n\
             <li id=\"fn-a\">\n<p>甲<sup class=\"footnote-ref\"><a href=\"#fn-b\" id=\"fnref-b\">2</a></sup> \
             <a href=\"#fnref-a\" class=\"footnote-backref\" aria-label=\"返回正文\">↩</a></p>\n</li>\n\
             <li id=\"fn-b\">\n<p>乙<sup class=\"footnote-ref\"><a href=\"#fn-a\" id=\"fnref-a\">1</a></sup> \
             <a href=\"#fnref-b\" class=\"footnote-backref\" aria-label=\"返回正文\">↩</a></p>\n</li>\n\
             <li>\n<p>重复</p>\n</li>\n</ol>\n</section>\n"
        );
    }

    /// The footnote list survives the sanitizer of bodies with raw HTML.
    #[test]
    fn footnotes_survive_sanitizing() {
        let sanitized = md("文<span>字</span>[^1]\n\n[^1]: 注。\n").html;
        let trusted = render_with(
            "文<span>字</span>[^1]\n\n[^1]: 注。\n",
            1,
            &no_links,
            RawHtml::Trust,
        )
        .html;
        assert_eq!(sanitized, trusted);
    }

    /// A custom id written twice: the second heading gets a suffix and is
    /// reported (issue 21, item 6).
    #[test]
    fn duplicate_custom_ids_get_a_suffix() {
        let r = render(
            "## 甲 {#same}\n\n## 乙 {#same}\n\n## same\n\n文[^1]\n\n## 丙 {#fn-1}\n\n[^1]: 注\n",
            3,
            &no_links,
        );
        assert_eq!(ids(&r.toc), ["same", "same-1", "same-2", "fn-1-1"]);
        assert_eq!(
            r.duplicate_ids,
            [
                DuplicateId {
                    line: 5,
                    id: "same".into(),
                    renamed: "same-1".into()
                },
                DuplicateId {
                    line: 11,
                    id: "fn-1".into(),
                    renamed: "fn-1-1".into()
                },
            ]
        );
    }

    #[test]
    fn footnote_ids_do_not_collide_with_headings() {
        let r = md("## fn 1\n\n文[^1]\n\n[^1]: 注\n");
        assert_eq!(r.toc[0].id, "fn-1-1");
    }

    #[test]
    fn raw_html_is_sanitized_unless_trusted() {
        let body = "<div class=\"x\" onclick=\"y\">块</div>\n\n行内<span>文</span>\n";
        let r = md(body);
        assert!(r.html.contains("<div class=\"x\">块</div>"), "{}", r.html);
        assert!(r.html.contains("<span>文</span>"));
        assert_eq!(r.unsafe_markup.len(), 1);
        let r = render_with(body, 1, &no_links, RawHtml::Trust);
        assert!(r.html.contains("<div class=\"x\" onclick=\"y\">块</div>"));
        assert!(r.html.contains("<span>文</span>"));
    }

    /// Every bypass of the old blocklist listed in issue 19 §2, as a page
    /// body: reported at its line, and gone from the page and its summary.
    #[test]
    fn listed_bypasses_are_reported_and_removed() {
        let bypasses = [
            "<img alt=\">\" src=x onerror=alert(1)>",
            "<a href=\"java&#x73;cript:alert(1)\">点</a>",
            "<a href=\"&#106;avascript:alert(1)\">点</a>",
            "<a href=\"java&Tab;script:alert(1)\">点</a>",
            "<a href=\"javascript&colon;alert(1)\">点</a>",
            "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
            "<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>",
            "<object data=\"https://evil.example/x\"></object>",
            "<embed src=\"https://evil.example/x\">",
            "<svg><a><animate attributeName=\"href\" values=\"javascript:alert(1)\"/><text>x</text></a></svg>",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
            "<base href=\"https://evil.example/\">",
            "<form action=\"https://evil.example/\"><input name=q></form>",
            "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">",
            "<style>@import url(https://evil.example/x.css);</style>",
            "[点](java&#x73;cript:alert(1))",
            "[点](&#106;avascript:alert(1))",
            "![图](javascript&colon;alert(1))",
            "<javascript:alert(1)>",
        ];
        for bypass in bypasses {
            for body in [
                format!("第一段。\n\n{bypass}\n\n<!-- more -->\n\n后文"),
                format!("第一段，行内 {bypass} 文字。\n\n<!-- more -->\n"),
            ] {
                let r = render(&body, 10, &no_links);
                let lines: Vec<usize> = r.unsafe_markup.iter().map(|u| u.line).collect();
                assert!(!lines.is_empty(), "not reported: {body}");
                assert!(
                    lines.iter().all(|&l| l == 10 || l == 12),
                    "{body}: {lines:?}"
                );
                for html in [&r.html, r.summary_html.as_ref().unwrap_or(&r.html)] {
                    assert_eq!(
                        sanitize::dangers_in_output(html),
                        Vec::<String>::new(),
                        "{body} → {html}"
                    );
                    assert!(!html.contains("evil"), "{body} → {html}");
                }
            }
        }
    }

    #[test]
    fn a_quote_across_html_blocks_does_not_hide_a_handler() {
        // The `'` opened in the first block is closed in the paragraph after
        // it (pulldown-cmark escapes `"` in text, not `'`).
        let body = "<div title='\n\n' onclick='alert(1)'\n";
        let trusted = render_with(body, 1, &no_links, RawHtml::Trust);
        assert!(
            trusted.html.contains("onclick='alert(1)'"),
            "{}",
            trusted.html
        );
        let r = md(body);
        assert_eq!(r.unsafe_markup.len(), 1, "{:?}", r.unsafe_markup);
        assert_eq!(
            sanitize::dangers_in_output(&r.html),
            Vec::<String>::new(),
            "{}",
            r.html
        );
    }

    #[test]
    fn heading_attributes_keep_only_ids_and_classes() {
        let body = "文\n\n## 会议议程 {#agenda .big tabindex=0 autofocus=1 onfocus=alert(1)}\n";
        let r = render(body, 3, &no_links);
        assert!(
            r.html
                .contains("<h2 id=\"agenda\" class=\"big\">会议议程</h2>"),
            "{}",
            r.html
        );
        let found: Vec<(usize, &str)> = r
            .heading_attributes
            .iter()
            .map(|a| (a.line, a.what.as_str()))
            .collect();
        assert_eq!(found, [(5, "tabindex"), (5, "autofocus"), (5, "onfocus")]);
        let r = render_with(body, 3, &no_links, RawHtml::Trust);
        assert!(r.html.contains("onfocus=\"alert(1)\""), "{}", r.html);
        assert!(r.heading_attributes.is_empty());
    }

    /// A trailing `{…}` that is not an attribute block stays text (issue 21,
    /// item 5); one that is keeps working.
    #[test]
    fn false_attribute_blocks_stay_text() {
        let cases = [
            (
                "## 会议议程 {第一天}",
                "<h2 id=\"会议议程-第一天\">会议议程 {第一天}</h2>\n",
            ),
            ("## 标题 {}", "<h2 id=\"标题\">标题 {}</h2>\n"),
            (
                "## 议程 {#a 第二天}",
                "<h2 id=\"议程-a-第二天\">议程 {#a 第二天}</h2>\n",
            ),
            (
                "## 议程 {autofocus}",
                "<h2 id=\"议程-autofocus\">议程 {autofocus}</h2>\n",
            ),
            (
                "## **议程** {第一天}",
                "<h2 id=\"议程-第一天\"><strong>议程</strong> {第一天}</h2>\n",
            ),
            (
                "议程 {第一天}\n---",
                "<h2 id=\"议程-第一天\">议程 {第一天}</h2>\n",
            ),
            (
                "## 会议议程 {#agenda .big}",
                "<h2 id=\"agenda\" class=\"big\">会议议程</h2>\n",
            ),
            ("## 议程 {lang=zh}", "<h2 id=\"议程\">议程</h2>\n"),
        ];
        for (source, html) in cases {
            let r = md(source);
            assert_eq!(r.html, html, "{source}");
        }
        assert!(md("## 会议议程 {第一天}").heading_attributes.is_empty());
        assert_eq!(md("## 会议议程 {第一天}").toc[0].title, "会议议程 {第一天}");
    }

    /// Bare http(s):// and www. URLs are links (GFM autolinks), also when
    /// Chinese text touches them; never inside links or code.
    #[test]
    fn bare_urls_are_links() {
        let cases = [
            (
                "详见http://www.npc.gov.cn。",
                "<p>详见<a href=\"http://www.npc.gov.cn\">http://www.npc.gov.cn</a>。</p>\n",
            ),
            (
                "网址：www.npc.gov.cn，欢迎访问",
                "<p>网址：<a href=\"http://www.npc.gov.cn\">www.npc.gov.cn</a>，欢迎访问</p>\n",
            ),
            (
                "see https://example.com/a_b_c?x=1&y=2.",
                "<p>see <a href=\"https://example.com/a_b_c?x=1&amp;y=2\">https://example.com/a_b_c?x=1&amp;y=2</a>.</p>\n",
            ),
            (
                "[人大网](http://www.npc.gov.cn) `http://x.org` <http://y.org>",
                "<p><a href=\"http://www.npc.gov.cn\">人大网</a> <code>http://x.org</code> <a href=\"http://y.org\">http://y.org</a></p>\n",
            ),
            ("文件.docx javascript:alert(1) ftp://x.org", "<p>文件.docx javascript:alert(1) ftp://x.org</p>\n"),
        ];
        for (source, html) in cases {
            assert_eq!(md(source).html, html, "{source}");
        }
        let r = md("详见http://www.npc.gov.cn。");
        assert_eq!(r.links[0].dest, "http://www.npc.gov.cn");
        // Inside a link written in raw HTML, a URL is not linked again.
        assert_eq!(
            md("见<a href=\"http://x.org\">http://x.org</a>，<A HREF='y'>www.y.cn</A>，<abbr>www.z.cn</abbr>").html,
            "<p>见<a href=\"http://x.org\">http://x.org</a>，<a href=\"y\">www.y.cn</a>，<abbr><a href=\"http://www.z.cn\">www.z.cn</a></abbr></p>\n"
        );
        assert_eq!(
            md("```\nhttp://x.org\n```").html,
            "<pre class=\"code\"><code>http://x.org\n</code></pre>\n"
        );
    }

    #[test]
    fn bodies_without_raw_html_are_not_reserialized() {
        let body = "| a | b |\n|:-|-:|\n| 1 | 2 |\n\n- [x] 办\n\n正文[^1] \"引号\"\n\n[^1]: 注\n";
        let r = md(body);
        let mut plain = String::new();
        let trusted = render_with(body, 1, &no_links, RawHtml::Trust);
        plain.push_str(&trusted.html);
        assert_eq!(r.html, plain);
        assert!(r.html.contains("checked=\"\"/>"), "{}", r.html);
    }

    #[test]
    fn line_index_counts_from_first_line() {
        let lines = LineIndex::new("a\nb\n\nc", 7);
        assert_eq!(lines.line(0), 7);
        assert_eq!(lines.line(1), 7);
        assert_eq!(lines.line(2), 8);
        assert_eq!(lines.line(5), 10);
        assert_eq!(lines.line(100), 10);
        assert_eq!(LineIndex::new("\n", usize::MAX).line(5), usize::MAX);
    }

    #[test]
    fn odd_inputs_never_panic() {
        let deep_quote = ">".repeat(1000) + " 深";
        let deep_list = "- ".repeat(500) + "x";
        let brackets = "[".repeat(5000) + &"](@/)".repeat(100);
        let stars = "*".repeat(3000) + "a" + &"*".repeat(3000);
        let inputs: Vec<&str> = vec![
            "",
            "\n",
            "<!-- more -->",
            "<!-- more -->\n<!-- more -->\n",
            "```rust\nfn unclosed(",
            "```\n",
            "~~~python\n",
            &deep_quote,
            &deep_list,
            &brackets,
            &stars,
            "# ，。！？\n## ……\n### ---\n#\n",
            "[空](@/)",
            "[空](@/#)",
            "![空](@/#x)",
            "[ref]\n\n[ref]: @/",
            "## {#}\n",
            "| a |\n|---|\n| b | c | d |\n",
            "[^]: x\n[^1]\n",
            "\u{0}\u{feff}\r\n\r\n# \u{200b}\r\n",
            "<!--",
            "- <!-- more -->\n",
            "```rust\n\"unterminated string\n",
            "####### not a heading",
        ];
        for input in inputs {
            let r = render(input, 1, &|_| Resolved::AsWritten);
            assert!(!r.html.contains("<!-- more -->"), "{input:?}");
        }
        let r = md("# ，。！？\n## ……\n");
        assert_eq!(ids(&r.toc), ["section", "section-1"]);
    }

    #[test]
    fn css_uses_the_same_prefix() {
        let css = highlight_css();
        assert!(css.contains("pre.code {"), "{css}");
        assert!(css.contains(".hl-comment"));
        assert!(css.contains(".hl-keyword"));
        assert!(!css.contains(".hl-code {"));
        assert_eq!(css, highlight_css());
    }

    /// The open elements left when `html` ends, or the first close tag that
    /// does not match (raw HTML aside, pulldown-cmark's output is well formed).
    fn unbalanced(html: &str) -> Option<String> {
        const VOID: [&str; 5] = ["br", "hr", "img", "input", "col"];
        let mut open: Vec<String> = vec![];
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            let after = &rest[start + 1..];
            let end = after.find('>')?;
            let tag = &after[..end];
            rest = &after[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                if open.pop().as_deref() != Some(name.trim()) {
                    return Some(format!("</{name}> closes nothing open"));
                }
            } else if !tag.ends_with('/') {
                let name = tag
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                if !VOID.contains(&name.as_str()) {
                    open.push(name);
                }
            }
        }
        (!open.is_empty()).then(|| format!("left open: {open:?}"))
    }

    fn block() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        // A line starting with ``` or ~~~ would open a code block that swallows
        // the rest, the `<!-- more -->` line too.
        let word = || {
            "[a-z一二三*_`~\\[\\]()]{1,8}".prop_filter("no code fence", |w| {
                !w.starts_with("```") && !w.starts_with("~~~")
            })
        };
        prop_oneof![
            word().prop_map(|w| format!("{w} 段落")),
            word().prop_map(|w| format!("## {w}")),
            word().prop_map(|w| format!("- {w}\n  - {w}")),
            word().prop_map(|w| format!("> {w}\n>\n> > {w}")),
            word().prop_map(|w| format!("1. {w}\n2. **{w}**")),
            word().prop_map(|w| format!("| a | b |\n|---|---|\n| {w} | x |")),
            "[a-z<>&]{1,8}".prop_map(|w| format!("```\n{w}\n```")),
            word().prop_map(|w| format!("{w}[^1]\n\n[^1]: {w}")),
            word().prop_map(|w| format!("- [ ] {w}\n- [x] ~~{w}~~")),
        ]
    }

    /// Pieces that stress what issue 21 added: footnotes cited, defined
    /// twice, undefined, nested in quotes or in other footnotes; custom ids
    /// that copy each other or a footnote's; braces that are and are not
    /// attribute blocks; URLs touching Chinese; numbered lines.
    fn chinese_piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let label = || "[ab一]";
        let text = || "[a-z一。，（）*_{}#.:/ ]{0,6}";
        prop_oneof![
            (text(), label()).prop_map(|(t, l)| format!("{t}[^{l}]{t}")),
            (label(), text(), label()).prop_map(|(l, t, m)| format!("[^{l}]: {t}[^{m}]")),
            (label(), text()).prop_map(|(l, t)| format!("> [^{l}]: {t}")),
            (label(), text()).prop_map(|(l, t)| format!("- 项[^{l}]\n\n  [^{l}]: {t}")),
            "(same|fn-a|fnref-a|fn-一|fnref-b-2)".prop_map(|id| format!("## 标题 {{#{id}}}")),
            text().prop_map(|t| format!("## 会议 {{{t}}}")),
            text().prop_map(|t| format!("详见http://www.npc.gov.cn{t}和www.a.cn{t}")),
            text().prop_map(|t| format!("一、{t}\n二、{t}\n1.{t}\n(1){t}")),
        ]
    }

    /// Every `id="…"` in `html`.
    fn html_ids(html: &str) -> Vec<&str> {
        html.split(" id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Ids stay unique and every footnote link and back-link lands.
        #[test]
        fn footnote_links_land_and_ids_are_unique(
            pieces in proptest::collection::vec(chinese_piece(), 0..10),
        ) {
            let body = pieces.join("\n\n");
            for r in [md(&body), render_with(&body, 1, &no_links, RawHtml::Trust)] {
                let ids = html_ids(&r.html);
                let unique: HashSet<&str> = ids.iter().copied().collect();
                proptest::prop_assert_eq!(unique.len(), ids.len(), "{}", r.html);
                for target in r.html.split("href=\"#").skip(1).filter_map(|t| t.split('"').next()) {
                    if target.starts_with("fn") {
                        proptest::prop_assert!(unique.contains(target), "#{} in {}", target, r.html);
                    }
                }
                proptest::prop_assert_eq!(unbalanced(&r.html), None, "{}", r.html);
            }
        }

        #[test]
        fn summaries_are_balanced_html(
            before in proptest::collection::vec(block(), 0..6),
            after in proptest::collection::vec(block(), 0..6),
        ) {
            let body = format!("{}\n\n<!-- more -->\n\n{}\n", before.join("\n\n"), after.join("\n\n"));
            let r = md(&body);
            let summary = r.summary_html.expect("a top-level more line");
            proptest::prop_assert_eq!(unbalanced(&summary), None, "{}", summary);
            proptest::prop_assert_eq!(unbalanced(&r.html), None, "{}", r.html);
        }
    }
}
