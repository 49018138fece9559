//! A published output as a reader (or a crawler) gets it: HTML and XML
//! through html5ever's tokenizer, entities decoded, text inside phrasing
//! elements joined, blocks (and every XML tag) breaking it, attribute values
//! and comments each on a line of their own; and, in the same pass, each
//! HTML output's ids and links ([`Found`]) for the link check.
//!
//! Left to others: folding the text ([`super::fold`]), looking for numbers
//! in it ([`super::hits`]), judging links (the link check).

use std::cell::RefCell;
use std::collections::HashSet;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    states::RawKind, BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};

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

/// Elements that do not break the text a reader sees: their text joins what
/// is around it. Any element not listed here breaks it (a new block).
pub(super) fn joins_text(name: &str) -> bool {
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
pub(super) fn record(found: &mut Found, tag: &Tag) {
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
pub(super) struct Collect {
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
pub(super) fn reader_text(input: &str, form: Form) -> String {
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

pub(super) fn read(input: &str, form: Form, links: bool) -> (String, Option<Found>) {
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
