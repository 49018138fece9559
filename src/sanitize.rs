//! Script from content: the allowlist sanitizer, the detector that reports
//! what it removes, and the URL scheme check.
//!
//! - [`clean`] makes a piece of HTML safe whatever it holds: it is parsed
//!   by html5ever (as a browser would) and only the elements and attributes
//!   a congress article needs are kept (the `ammonia` crate, configured in
//!   [`builder`]). This is the guarantee.
//! - [`Detector`] finds, in the same HTML, what would run script or load or
//!   submit something elsewhere (script and style elements, frames, objects,
//!   forms, `<base>`, `<meta>`, `<link>`, `on*` attributes, `srcdoc`, URLs
//!   with a scheme other than http, https, mailto or tel, SVG animation of
//!   `href`), so that the build can name the file and line. It reads
//!   html5ever's tokens (entities decoded by the tokenizer, not by us) and
//!   sees at least what the sanitizer's parser sees: it does not switch to
//!   raw text inside `<textarea>` or `<style>`, so it may report more.
//! - [`url_is_safe`] is the one scheme check, for Markdown destinations and
//!   for URLs from front matter and `site.toml`.
//!
//! Left to others: deciding whether a site trusts its HTML (`[markdown]
//! unsafe_html`), turning findings into diagnostics, and which files are
//! scanned.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use ammonia::{Builder, UrlRelative};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Schemes a link or image may use; a URL without a scheme is relative.
const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Something in HTML that would run script or load or submit elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line in the whole file.
    pub line: usize,
    /// What was found, as the user wrote it in short: `<script>`,
    /// `onerror=`, `javascript:`.
    pub(crate) what: String,
}

/// Elements that run script, show another document, or load or submit
/// something elsewhere: an error wherever they appear.
const FORBIDDEN_ELEMENTS: [&str; 18] = [
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "base",
    "meta",
    "link",
    "style",
    "portal",
    "fencedframe",
    "handler",
    "listener",
    "import",
    "noscript",
];

/// Attributes whose value is a URL the browser follows or loads.
const URL_ATTRIBUTES: [&str; 18] = [
    "href",
    "xlink:href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "ping",
    "codebase",
    "manifest",
    "icon",
    "classid",
    "archive",
];

/// SVG elements that animate another attribute (`href` among them).
const SVG_ANIMATIONS: [&str; 4] = ["animate", "set", "animatemotion", "animatetransform"];

/// Whether a URL may be published as a link or image: no scheme (relative,
/// `#…`, `//host/…`) or one of http, https, mailto, tel.
///
/// The scheme is read as the WHATWG URL parser (browsers, and the `url`
/// crate under ammonia) reads it: control characters and spaces around the
/// URL are trimmed, tabs and newlines anywhere are removed, and the scheme
/// is compared without case. Entities must already be decoded by the
/// caller's parser (pulldown-cmark and html5ever do).
pub(crate) fn url_is_safe(url: &str) -> bool {
    match url_scheme(url) {
        None => true,
        Some(scheme) => SAFE_SCHEMES.contains(&scheme.as_str()),
    }
}

/// The scheme of a URL, lowercased, as a browser reads it; `None` if the
/// URL is relative.
pub(crate) fn url_scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let squeezed: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = squeezed.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// The string values in a TOML table (nested tables and arrays too) that
/// a theme could print as a link and whose scheme is not allowed: for
/// `[extra]` of `site.toml` and of front matter. Any value that starts with
/// a scheme counts (`javascript:…`, but also `Note: …`), since the theme,
/// not the value, decides where it is printed.
pub(crate) fn unsafe_urls_in(table: &toml::Table) -> Vec<String> {
    fn walk(value: &toml::Value, out: &mut Vec<String>) {
        match value {
            toml::Value::String(s) if !url_is_safe(s) => out.push(s.clone()),
            toml::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            toml::Value::Table(t) => t.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    table.values().for_each(|v| walk(v, &mut out));
    out
}

/// The 1-based line of `text` on which `value` is written, if it is
/// written as it is (no TOML escapes).
pub(crate) fn line_of_value(text: &str, value: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(value)).map(|i| i + 1)
}

/// The allowlist: what a congress article needs, and what pulldown-cmark
/// and the syntax highlighter produce.
fn builder() -> &'static Builder<'static> {
    static BUILDER: OnceLock<Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let tags: HashSet<&str> = [
            "a",
            "abbr",
            "b",
            "blockquote",
            "br",
            "caption",
            "cite",
            "code",
            "col",
            "colgroup",
            "dd",
            "del",
            "details",
            "dfn",
            "div",
            "dl",
            "dt",
            "em",
            "figcaption",
            "figure",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "i",
            "img",
            "input",
            "ins",
            "kbd",
            "li",
            "mark",
            "ol",
            "p",
            "pre",
            "q",
            "rp",
            "rt",
            "ruby",
            "s",
            "samp",
            "section",
            "small",
            "span",
            "strong",
            "sub",
            "summary",
            "sup",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "time",
            "tr",
            "u",
            "ul",
            "var",
            "wbr",
        ]
        .into_iter()
        .collect();
        let mut attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
        let mut allow = |tag: &'static str, names: &[&'static str]| {
            attrs.entry(tag).or_default().extend(names.iter().copied());
        };
        // aria-label: footnotes' back-links and their section (markdown.rs).
        allow("a", &["href", "hreflang", "aria-label"]);
        allow("section", &["aria-label"]);
        allow("img", &["src", "alt", "width", "height", "loading"]);
        for cell in ["td", "th"] {
            allow(cell, &["colspan", "rowspan", "align", "valign", "style"]);
        }
        allow("th", &["scope", "abbr"]);
        allow("col", &["span", "align", "width"]);
        allow("colgroup", &["span", "align", "width"]);
        allow("table", &["align", "width"]);
        allow("tr", &["align", "valign"]);
        allow("p", &["align"]);
        allow("div", &["align", "tabindex", "role", "aria-label"]);
        allow("pre", &["data-lang"]);
        allow("input", &["type", "checked", "disabled"]);
        allow("ol", &["start", "reversed", "type"]);
        allow("li", &["value"]);
        allow("details", &["open"]);
        allow("time", &["datetime"]);
        let mut b = Builder::empty();
        b.tags(tags)
            .clean_content_tags(["script", "style"].into_iter().collect())
            .generic_attributes(
                ["class", "id", "title", "lang", "dir"]
                    .into_iter()
                    .collect(),
            )
            .tag_attributes(attrs)
            .url_schemes(SAFE_SCHEMES.into_iter().collect())
            .url_relative(UrlRelative::PassThrough)
            .link_rel(None)
            .strip_comments(true)
            .attribute_filter(filter_attribute);
        b
    })
}

/// Rewrites or drops attributes the allowlist lets through by name:
/// table-cell `style` only as pulldown-cmark writes it (`text-align: …`),
/// Word's `mso…` classes, and `<input>` only as a task-list checkbox.
fn filter_attribute<'a>(element: &str, attribute: &str, value: &'a str) -> Option<Cow<'a, str>> {
    match attribute {
        "style" => [
            "text-align: left",
            "text-align: center",
            "text-align: right",
        ]
        .contains(&value)
        .then_some(Cow::Borrowed(value)),
        "class" => {
            let kept: Vec<&str> = value
                .split_ascii_whitespace()
                .filter(|c| !c.to_ascii_lowercase().starts_with("mso"))
                .collect();
            if kept.len() == value.split_ascii_whitespace().count() {
                Some(Cow::Borrowed(value))
            } else if kept.is_empty() {
                None
            } else {
                Some(Cow::Owned(kept.join(" ")))
            }
        }
        "type" if element == "input" => value
            .eq_ignore_ascii_case("checkbox")
            .then_some(Cow::Borrowed(value)),
        _ => Some(Cow::Borrowed(value)),
    }
}

/// `html` with everything outside the allowlist removed: unknown elements
/// are unwrapped (their text kept), script and style elements dropped with
/// their content, attributes outside the list and URLs with other schemes
/// dropped, comments dropped, and the markup balanced.
pub fn clean(html: &str) -> String {
    builder().clean(html).to_string()
}

/// Finds script and foreign loads in HTML fed to it piece by piece, each
/// piece with the line of the file it comes from.
pub(crate) struct Detector {
    tokenizer: Tokenizer<Sink>,
    input: BufferQueue,
}

impl Default for Detector {
    fn default() -> Self {
        Self::new()
    }
}

impl Detector {
    pub fn new() -> Self {
        Detector {
            tokenizer: Tokenizer::new(Sink::default(), TokenizerOpts::default()),
            input: BufferQueue::default(),
        }
    }

    /// Reads the next piece; what it completes is reported at `line`.
    pub(crate) fn feed(&mut self, html: &str, line: usize) {
        self.tokenizer.sink.line.replace(line);
        self.input.push_back(StrTendril::from_slice(html));
        let _ = self.tokenizer.feed(&self.input);
    }

    /// Ends the input and gives what was found, in order.
    pub(crate) fn finish(self) -> Vec<Finding> {
        self.tokenizer.end();
        self.tokenizer.sink.found.take()
    }
}

/// What a whole HTML, SVG or XML document holds that runs script or loads
/// elsewhere, with lines counted from 1.
pub fn find_script(text: &str) -> Vec<Finding> {
    let mut detector = Detector::new();
    for (line, piece) in (1..).zip(text.split_inclusive('\n')) {
        detector.feed(piece, line);
    }
    detector.finish()
}

/// Whether `html` is one HTML comment (white space around it aside), as
/// the tokenizer reads it: such a piece holds no markup and can be left out
/// of the output without sanitizing anything.
pub(crate) fn is_comment(html: &str) -> bool {
    #[derive(Default)]
    struct Count {
        comments: RefCell<usize>,
        other: RefCell<bool>,
    }
    impl TokenSink for Count {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            match token {
                Token::CommentToken(_) => *self.comments.borrow_mut() += 1,
                Token::CharacterTokens(t) if t.trim().is_empty() => {}
                Token::EOFToken | Token::ParseError(_) => {}
                _ => *self.other.borrow_mut() = true,
            }
            TokenSinkResult::Continue
        }
    }
    if !html.trim_start().starts_with("<!--") {
        return false;
    }
    let tokenizer = Tokenizer::new(Count::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let sink = &tokenizer.sink;
    *sink.comments.borrow() == 1 && !*sink.other.borrow()
}

/// What published HTML holds that it must not, read back by html5ever's
/// tokenizer independently of [`Detector`]'s rules: script-running or
/// loading elements, `on*` and `srcdoc` attributes, URL attributes with a
/// scheme that is not allowed. For tests and fuzzing; empty when safe.
#[doc(hidden)]
pub fn dangers_in_output(html: &str) -> Vec<String> {
    #[derive(Default)]
    struct Collect(RefCell<Vec<String>>);
    impl TokenSink for Collect {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            let Token::TagToken(tag) = token else {
                return TokenSinkResult::Continue;
            };
            if tag.kind == TagKind::EndTag {
                return TokenSinkResult::Continue;
            }
            let name = tag.name.to_string();
            if matches!(
                name.as_str(),
                "script"
                    | "iframe"
                    | "frame"
                    | "object"
                    | "embed"
                    | "form"
                    | "base"
                    | "meta"
                    | "link"
                    | "style"
            ) {
                self.0.borrow_mut().push(format!("<{name}>"));
            }
            for attr in &tag.attrs {
                let attr_name = attr.name.local.to_string();
                let url = matches!(
                    attr_name.as_str(),
                    "href" | "src" | "action" | "formaction" | "xlink:href" | "data" | "cite"
                );
                if attr_name.starts_with("on")
                    || attr_name == "srcdoc"
                    || url && !url_is_safe(&attr.value)
                {
                    self.0
                        .borrow_mut()
                        .push(format!("<{name} {attr_name}=\"{}\">", attr.value));
                }
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Collect::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

#[derive(Default)]
struct Sink {
    line: RefCell<usize>,
    found: RefCell<Vec<Finding>>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            if tag.kind == TagKind::StartTag {
                if let Some(what) = tag_problem(&tag) {
                    let line = *self.line.borrow();
                    self.found.borrow_mut().push(Finding { line, what });
                }
            }
        }
        TokenSinkResult::Continue
    }
}

/// The first reason a start tag is unsafe, if any.
fn tag_problem(tag: &Tag) -> Option<String> {
    let name = tag.name.to_ascii_lowercase().to_string();
    if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
        return Some(format!("<{name}>"));
    }
    let animation = SVG_ANIMATIONS.contains(&name.as_str());
    for attr in &tag.attrs {
        let attr_name = attr.name.local.to_ascii_lowercase().to_string();
        let value: &str = &attr.value;
        if attr_name.starts_with("on") || attr_name == "srcdoc" {
            return Some(format!("{attr_name}="));
        }
        if animation && attr_name == "attributename" && value.to_ascii_lowercase().ends_with("href")
        {
            return Some(format!("<{name} attributeName=\"{value}\">"));
        }
        let urls: Vec<&str> = if attr_name == "srcset" {
            // `a.png 1x, b.png 2x`: the URL is each candidate's first word.
            value
                .split(',')
                .filter_map(|c| c.split_whitespace().next())
                .collect()
        } else if animation && matches!(attr_name.as_str(), "to" | "from" | "values") {
            value.split(';').collect()
        } else if URL_ATTRIBUTES.contains(&attr_name.as_str()) || attr_name.ends_with(":href") {
            vec![value]
        } else {
            Vec::new()
        };
        if let Some(bad) = urls.into_iter().find(|u| !url_is_safe(u)) {
            let scheme = url_scheme(bad).unwrap_or_default();
            return Some(format!("{scheme}:"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_a_browser_does() {
        for safe in [
            "https://example.gov.cn/a",
            "HTTP://x",
            "mailto:rd@example.gov.cn",
            "tel:0731-1234567",
            "/news/",
            "../a.png",
            "#会议",
            "@/news/a.md#x",
            "//cdn.example/x.js",
            "第1条:说明",
            "",
        ] {
            assert!(url_is_safe(safe), "{safe}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:x",
            "\u{1}javascript:x",
            "vbscript:x",
            "data:text/html,<script>x</script>",
            "data:image/png;base64,AAAA",
            "file:///etc/passwd",
        ] {
            assert!(!url_is_safe(bad), "{bad:?}");
        }
        assert_eq!(
            url_scheme("\u{0}\u{1f} JaVa\r\nScript:x").as_deref(),
            Some("javascript")
        );
        // Found by the fuzzer: a control character inside the scheme makes
        // the URL relative for browsers and the url crate alike.
        assert!(url_is_safe("java\u{7}sc:alert81)"));
        assert_eq!(
            clean("<a href=\"&#106;ava\u{7}sc:x\">x</a>"),
            "<a href=\"java\u{7}sc:x\">x</a>"
        );
        assert!(find_script("<a href=\"&#106;ava\u{7}sc:x\">x</a>").is_empty());
    }

    #[test]
    fn clean_keeps_what_an_article_needs() {
        let html = "<table><tbody><tr><td colspan=\"2\" rowspan=\"1\" align=\"center\">甲</td></tr></tbody></table>\
            <figure><img src=\"a.png\" alt=\"图\" width=\"10\" height=\"5\"><figcaption>说明</figcaption></figure>\
            <details><summary>摘要</summary><p class=\"note\">内容<sub>1</sub><sup>2</sup><mark>重</mark><ins>新</ins><del>旧</del><abbr title=\"全国人大\">NPC</abbr></p></details>\
            <a href=\"https://example.gov.cn/\">链接</a>";
        assert_eq!(clean(html), html);
        assert_eq!(
            clean("<h2 id=\"x\" class=\"big\">标题</h2><hr><br>"),
            "<h2 id=\"x\" class=\"big\">标题</h2><hr><br>"
        );
    }

    #[test]
    fn paste_artefacts_are_removed_quietly() {
        let word = "<p class=\"MsoNormal\"><font face=\"宋体\">文字</font><o:p></o:p></p>";
        assert_eq!(clean(word), "<p>文字</p>");
        assert!(find_script(word).is_empty());
        assert_eq!(
            clean("<span class=\"mso-x big\" data-x=\"1\">字</span>"),
            "<span class=\"big\">字</span>"
        );
        assert_eq!(clean("<td style=\"color: red\">x</td>"), "x");
        assert_eq!(
            clean("<table><tr><td style=\"color: red\">x</td></tr></table>"),
            "<table><tbody><tr><td>x</td></tr></tbody></table>"
        );
    }

    /// Each bypass of the old blocklist, literally (issue 19 §2): found by the
    /// detector, and gone from the sanitizer's output.
    #[test]
    fn every_listed_bypass_is_found_and_removed() {
        let cases: [(&str, &str); 17] = [
            ("<img alt=\">\" src=x onerror=alert(1)>", "onerror="),
            ("<a href=\"java&#x73;cript:alert(1)\">x</a>", "javascript:"),
            ("<a href=\"&#106;avascript:alert(1)\">x</a>", "javascript:"),
            ("<a href=\"java&Tab;script:alert(1)\">x</a>", "javascript:"),
            ("<a href=\"javascript&colon;alert(1)\">x</a>", "javascript:"),
            ("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>", "<iframe>"),
            ("<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>", "<iframe>"),
            ("<object data=\"x.swf\"></object>", "<object>"),
            ("<embed src=\"x.swf\">", "<embed>"),
            (
                "<svg><a><animate attributeName=\"href\" values=\"javascript:alert(1)\"/><text y=\"20\">x</text></a></svg>",
                "<animate attributeName=\"href\">",
            ),
            ("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">", "<meta>"),
            ("<base href=\"https://evil.example/\">", "<base>"),
            ("<form action=\"https://evil.example/\"><input name=q></form>", "<form>"),
            ("<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">", "<link>"),
            ("<style>@import url(https://evil.example/x.css);</style>", "<style>"),
            ("<script>alert(1)</script>", "<script>"),
            ("<div onclick=\"y\">x</div>", "onclick="),
        ];
        for (html, what) in cases {
            let found = find_script(html);
            assert_eq!(found.first().map(|f| f.what.as_str()), Some(what), "{html}");
            let cleaned = clean(html);
            assert_eq!(
                dangers_in_output(&cleaned),
                Vec::<String>::new(),
                "{html} → {cleaned}"
            );
            assert!(
                !cleaned.contains("evil") && !cleaned.contains("alert"),
                "{html} → {cleaned}"
            );
        }
    }

    #[test]
    fn script_in_svg_and_xml_files_is_found() {
        let svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\">\n\
            <circle r=\"5\"/>\n<script>alert(1)</script>\n</svg>\n";
        assert_eq!(
            find_script(svg),
            [Finding {
                line: 4,
                what: "<script>".into()
            }]
        );
        let svg = "<svg>\n<foreignObject><body onload=\"x()\"/></foreignObject>\n<a xlink:href=\"javascript:x\">a</a>\n</svg>";
        let whats: Vec<String> = find_script(svg).into_iter().map(|f| f.what).collect();
        assert_eq!(whats, ["onload=", "javascript:"]);
        let harmless = "<svg><animate attributeName=\"fill\" values=\"red;blue\"/><a href=\"/x\"><path d=\"M0 0\"/></a></svg>";
        assert!(find_script(harmless).is_empty());
    }

    #[test]
    fn only_whole_comments_are_comments() {
        assert!(is_comment("<!-- 备注 -->"));
        assert!(is_comment("  <!-- more -->\n"));
        assert!(is_comment("<!---->"));
        assert!(!is_comment("<!-- a --!><img src=x onerror=y> -->"));
        assert!(!is_comment("<!-- a --><b>"));
        assert!(!is_comment("<b>"));
    }

    fn quote() -> impl proptest::strategy::Strategy<Value = (&'static str, &'static str)> {
        proptest::sample::select(vec![("", " "), ("'", "'"), ("\"", "\"")])
    }

    fn random_case(word: &str, mask: u64) -> String {
        word.chars()
            .enumerate()
            .map(|(i, c)| {
                if mask >> (i % 64) & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect()
    }

    /// `javascript` with some letters written as entities.
    fn encoded_scheme(mask: u64) -> String {
        "javascript"
            .chars()
            .enumerate()
            .map(|(i, c)| match mask >> (i * 2 % 64) & 3 {
                1 => format!("&#{};", c as u32),
                2 => format!("&#x{:x};", c as u32),
                3 if i == 4 => format!("{c}&Tab;"),
                _ => c.to_string(),
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Event handlers and script URLs written every way a browser still
        /// reads them, nested in allowed tags: the detector reports them and
        /// the sanitized output, re-parsed, holds none of them.
        #[test]
        fn handlers_never_survive(
            (open_q, close_q) in quote(),
            mask in proptest::prelude::any::<u64>(),
            sep in proptest::sample::select(vec![" ", "/", "\t", "\n", " / ", "\u{c}"]),
            handler in proptest::sample::select(vec!["onerror", "onclick", "onfocus", "onload", "onmouseover", "onanimationstart"]),
            wrapper in proptest::sample::select(vec!["p", "div", "span", "table", "details", "figure", "td", "a", "sup", "svg", "math"]),
            element in proptest::sample::select(vec!["img", "a", "div", "input", "svg", "details", "video", "body", "math"]),
            quoted_gt in proptest::prelude::any::<bool>(),
            url_attr in proptest::sample::select(vec!["href", "src", "xlink:href", "action", "formaction"]),
            use_url in proptest::prelude::any::<bool>(),
        ) {
            let name = random_case(handler, mask);
            let gt = if quoted_gt { " alt=\">\" title='>'" } else { "" };
            let attr = if use_url {
                let scheme = if mask & 1 == 1 { encoded_scheme(mask) } else { random_case("javascript", mask) };
                format!("{}={open_q}{scheme}:alert(1){close_q}", url_attr)
            } else {
                format!("{name}={open_q}alert(1){close_q}")
            };
            let html = format!("<{wrapper}><{element}{gt}{sep}{attr}{sep}x=1>文字</{element}></{wrapper}>");
            let found = find_script(&html);
            proptest::prop_assert!(!found.is_empty(), "not reported: {}", html);
            let cleaned = clean(&html);
            proptest::prop_assert_eq!(dangers_in_output(&cleaned), Vec::<String>::new(), "{} → {}", html, cleaned);
        }

        /// Any short run of markup characters: the same two invariants.
        #[test]
        fn markup_soup_is_cleaned_and_reported(html in "(<|>|/|=|\"|'| |&#|x|;|:|a|on|img|src|href|script|javascript|svg|set|!--|-->|\n){0,40}") {
            let cleaned = clean(&html);
            proptest::prop_assert_eq!(dangers_in_output(&cleaned), Vec::<String>::new(), "{} → {}", html, cleaned);
            if !dangers_in_output(&html).is_empty() {
                proptest::prop_assert!(!find_script(&html).is_empty(), "not reported: {}", html);
            }
        }

        /// Whatever the sanitizer removes that is dangerous, the detector
        /// reported: on any mix of allowed and forbidden pieces.
        #[test]
        fn detector_sees_what_the_sanitizer_removes(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "<p>", "</p>", "<span class=\"a\">", "</span>", "<a href=\"/x\">", "</a>",
                "<img src=\"a.png\" alt=\">\">", "<b>", "</b>", "文字", "\"", "'", ">", "<",
                "<table><tr><td>", "</td></tr></table>", "<!-- c -->", "<textarea>", "<svg>", "</svg>",
                "<script>x()</script>", "<a href=\"java&#x73;cript:x\">", "<i onclick=x>",
                "<iframe src=/x>", "<style>b{}</style>", "<img src=x onerror=y>", "<base href=/>",
                "<div title='", "<form action=/x>", "<embed src=x>", "<object data=x>",
            ]), 0..12),
        ) {
            let html = pieces.concat();
            let cleaned = clean(&html);
            proptest::prop_assert_eq!(dangers_in_output(&cleaned), Vec::<String>::new(), "{} → {}", html, cleaned);
            if !dangers_in_output(&html).is_empty() {
                proptest::prop_assert!(!find_script(&html).is_empty(), "not reported: {}", html);
            }
        }
    }
}
