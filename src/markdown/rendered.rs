//! What rendering a body gives: the HTML and everything found on the way
//! ([`Rendered`], its headings, links and problems), and the two choices
//! the caller makes ([`RawHtml`], [`Resolved`]).
//!
//! Types only: building them is the walker's ([`super::walk`]), turning
//! problems into diagnostics is the caller's.

pub use crate::sanitize::Finding as UnsafeMarkup;

use super::ids::DuplicateId;

/// Whether raw HTML in the body is sanitized or published as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawHtml {
    /// The default: the allowlist sanitizer, safe destinations, heading
    /// attributes limited to ids and classes.
    Sanitize,
    /// `[markdown] unsafe_html = true`: published as written.
    Trust,
}

/// A heading of the page, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub(crate) level: u8,
    /// The `id` attribute of the heading element, unique within the page.
    pub id: String,
    /// The heading's text without markup.
    pub title: String,
    /// Headings of a deeper level that follow this one before the next
    /// heading of this level or higher.
    pub(crate) children: Vec<Heading>,
}

/// A link to a page (`@/…`, `….md`) that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    /// 1-based line in the whole file (front matter included).
    pub line: usize,
    /// The destination as written, such as `@/news/foo.md#anchor`.
    pub(crate) target: String,
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
    pub(crate) summary_text: Option<String>,
    /// The body's text without markup (raw HTML and image alt text left
    /// out, code included); blocks separated by `"\n"`.
    pub plain_text: String,
    /// The start of the text of paragraphs and lists only (no headings,
    /// tables or code), for automatic summaries: its whitespace collapsed,
    /// at most [`crate::text::DESCRIPTION_CHARS`] + 2 characters, all a
    /// summary reads (the whole of it was a sixth of a build's memory).
    pub prose_text: String,
    /// The headings, nested by level.
    pub(crate) toc: Vec<Heading>,
    /// Whether the body has a fenced or indented code block (so the page
    /// wants the highlighting stylesheet).
    pub(crate) has_code: bool,
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
    pub(crate) duplicate_ids: Vec<DuplicateId>,
    /// Lines of indented code blocks that read as Chinese prose: a
    /// paragraph indented by four spaces (pasted from Word), shown as code.
    pub(crate) indented_prose: Vec<usize>,
    /// The first Markdown image's destination as published (relative to
    /// the page, or absolute), for the `Image` page metadata; raw `<img>`
    /// tags are not looked at.
    pub(crate) first_image: Option<String>,
}

/// A link or image destination with its line: as written, and as published
/// (so that a dead link found in the output is reported at its line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// 1-based line in the whole file.
    pub line: usize,
    /// The destination as written.
    pub dest: String,
    /// The destination in the HTML (before pulldown-cmark's escaping).
    pub(crate) href: String,
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
