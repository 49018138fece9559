//! The user's raw HTML after rendering: where each raw piece begins in the
//! written HTML (so findings get its line), what the HTML holds that runs
//! script or loads elsewhere, `<img>` tags without alt text, and the
//! `<!-- more -->` summary marker.
//!
//! Left to others: what counts as unsafe and the cleaning itself
//! ([`crate::sanitize`]), and deciding whether to clean ([`super::render_with`]).

use pulldown_cmark::Event;

use super::rendered::UnsafeMarkup;
use crate::sanitize::Detector;

/// The HTML of `events`, and where in it each raw HTML event of the user
/// (by index in `events`, with its line) begins.
pub(super) fn write_html(
    events: &[Event<'_>],
    raw: &[(usize, usize)],
) -> (String, Vec<(usize, usize)>) {
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
pub(super) fn detect(
    html: &str,
    offsets: &[(usize, usize)],
    first_line: usize,
) -> Vec<UnsafeMarkup> {
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

/// An `<img>` tag without an `alt` attribute (an empty `alt=""` marks a
/// decorative image and is allowed).
pub(super) fn img_without_alt(html: &str) -> bool {
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
pub(super) fn is_more_marker(html: &str) -> bool {
    html.trim()
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .is_some_and(|inner| inner.trim().eq_ignore_ascii_case("more"))
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::{md, no_links};
    use crate::markdown::{render, render_with, RawHtml, Resolved};
    use crate::sanitize;

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
    fn bodies_without_raw_html_are_not_reserialized() {
        let body = "| a | b |\n|:-|-:|\n| 1 | 2 |\n\n- [x] 办\n\n正文[^1] \"引号\"\n\n[^1]: 注\n";
        let r = md(body);
        let mut plain = String::new();
        let trusted = render_with(body, 1, &no_links, RawHtml::Trust);
        plain.push_str(&trusted.html);
        assert_eq!(r.html, plain);
        assert!(r.html.contains("checked=\"\"/>"), "{}", r.html);
    }
}
