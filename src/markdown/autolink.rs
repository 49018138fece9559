//! Bare URLs become links, as GFM's autolink extension makes them.
//!
//! `http://www.npc.gov.cn`, `https://…` and `www.…` written in text are
//! turned into links (`www.` ones to `http://www.…`, as GFM does). The
//! `linkify` crate finds where a URL ends (trailing punctuation, balanced
//! parentheses). Chinese text has no space around a URL, and linkify would
//! take the following characters as part of it (`www.npc.gov.cn。更多`),
//! so the text is first cut at every wide character ([`crate::text::is_wide`]):
//! a URL never holds one here (internationalized domain names written in
//! Chinese are not linked; write them as `<http://…>`).
//!
//! Left to others: the links made here are ordinary link events, so the
//! caller checks their destinations like any other (`url_is_safe`); text
//! inside links (Markdown or a raw `<a>` in a paragraph), images and code is
//! left alone; e-mail addresses are not linked.

use std::ops::Range;

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use crate::text::is_wide;

/// Splits the text events of `events` that hold bare URLs into text and
/// links. Text inside links, images and code blocks is left as it is.
pub(super) fn link_bare_urls<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    let finder = finder();
    let mut out = Vec::with_capacity(events.len());
    // Open links, images and code blocks: text inside them is not linked.
    let mut inside = 0usize;
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => inside += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                inside = inside.saturating_sub(1);
            }
            // A link written in raw HTML: a link inside it would nest.
            Event::InlineHtml(html) if is_anchor_tag(html, "<a") => inside += 1,
            Event::InlineHtml(html) if is_anchor_tag(html, "</a") => {
                inside = inside.saturating_sub(1);
            }
            Event::Text(text) if inside == 0 => {
                let urls = find_urls(&finder, text);
                if !urls.is_empty() {
                    push_linked(&mut out, text, &urls, &range);
                    continue;
                }
            }
            _ => {}
        }
        out.push((event, range));
    }
    out
}

/// Whether the raw HTML tag `html` is `<a …>` (with `start` = `"<a"`) or
/// `</a>` (`"</a"`), in any case.
fn is_anchor_tag(html: &str, start: &str) -> bool {
    let html = html.trim_start();
    html.get(..start.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(start))
        && html[start.len()..]
            .chars()
            .next()
            .is_some_and(|c| c == '>' || c.is_ascii_whitespace())
}

fn finder() -> LinkFinder {
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url]);
    finder.url_must_have_scheme(false);
    finder
}

/// Byte ranges in `text` of the bare `http://`, `https://` and `www.` URLs.
fn find_urls(finder: &LinkFinder, text: &str) -> Vec<Range<usize>> {
    let mut urls = Vec::new();
    for (start, run) in narrow_runs(text) {
        for link in finder.links(run) {
            let url = link.as_str();
            if destination(url).is_some() {
                urls.push(start + link.start()..start + link.end());
            }
        }
    }
    urls
}

/// The runs of `text` between wide characters, with their byte offsets.
fn narrow_runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.split(is_wide).map(move |run| {
        let at = start;
        // The run and the one wide character that ended it.
        start += run.len()
            + text[start + run.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        (at, run)
    })
}

/// The link destination of a bare URL: as written for `http(s)://`,
/// `http://` prepended for `www.`; `None` for anything else (`ftp://`,
/// `example.com`).
fn destination(url: &str) -> Option<String> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        Some(url.to_owned())
    } else if lower.starts_with("www.") {
        Some(format!("http://{url}"))
    } else {
        None
    }
}

/// Pushes `text` as text events with a link around each of `urls`.
fn push_linked<'a>(
    out: &mut Vec<(Event<'a>, Range<usize>)>,
    text: &str,
    urls: &[Range<usize>],
    range: &Range<usize>,
) {
    let mut at = 0;
    for url in urls {
        if url.start > at {
            out.push((
                Event::Text(text[at..url.start].to_owned().into()),
                range.clone(),
            ));
        }
        let shown = &text[url.clone()];
        let dest = destination(shown).unwrap_or_else(|| shown.to_owned());
        out.push((
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: CowStr::from(dest),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }),
            range.clone(),
        ));
        out.push((Event::Text(shown.to_owned().into()), range.clone()));
        out.push((Event::End(TagEnd::Link), range.clone()));
        at = url.end;
    }
    if at < text.len() {
        out.push((Event::Text(text[at..].to_owned().into()), range.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        find_urls(&finder(), text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn bare_urls_in_chinese_text() {
        assert_eq!(
            urls("详见http://www.npc.gov.cn，或者"),
            ["http://www.npc.gov.cn"]
        );
        assert_eq!(urls("网址：www.npc.gov.cn。更多"), ["www.npc.gov.cn"]);
        assert_eq!(
            urls("访问https://example.com/a?b=1)以及"),
            ["https://example.com/a?b=1"]
        );
        assert_eq!(urls("(see https://x.org/a_(b))."), ["https://x.org/a_(b)"]);
        assert_eq!(urls("HTTPS://X.ORG"), ["HTTPS://X.ORG"]);
        assert!(urls("文件.docx和报告.pdf example.com ftp://x.org javascript:alert(1)").is_empty());
    }

    #[test]
    fn runs_keep_offsets() {
        let text = "甲ab，cd乙";
        for (at, run) in narrow_runs(text) {
            assert_eq!(&text[at..at + run.len()], run);
        }
    }
}
