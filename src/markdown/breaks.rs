//! Line breaks inside a paragraph, as Chinese authors mean them.
//!
//! CommonMark turns every line break inside a paragraph into a soft break,
//! which browsers draw as a space. For Chinese text that is wrong twice:
//! - between two wide characters (`镇卫生院⏎新农合`) the space is a visible
//!   gap where the author wanted none, so such a soft break is dropped;
//! - a line that starts with a Chinese enumeration marker (`一、` `（一）`
//!   `(1)` `1.视察` `1、` `①`) is a numbered line the author wants kept on its own
//!   line, so the soft break before it becomes a hard break (`<br />`). It
//!   stays a line of the same paragraph rather than becoming a list item:
//!   the number is the author's own text (often `一、` or `（三）`, which no
//!   HTML list can count), nothing is renumbered, and a line merely looking
//!   like a number costs only a line break, never a changed document.
//!
//! Between Latin words a soft break stays a soft break (a space). Which
//! characters are wide is [`crate::text::is_wide`], the same predicate that
//! joins lines in plain text and search.
//!
//! Left to others: everything but soft breaks; a `1. ` with a space at the
//! start of a paragraph is a CommonMark list, parsed by pulldown-cmark.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::text::is_wide;

/// How many characters after a soft break are looked at for a marker.
const LOOKAHEAD: usize = 8;

/// Rewrites the soft breaks of `events`: dropped between two wide
/// characters, a hard break before an enumeration marker, kept otherwise.
pub(super) fn rewrite_soft_breaks<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut decisions = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        if matches!(event, Event::SoftBreak) {
            decisions.push((i, decide(&events, i)));
        }
    }
    if decisions.iter().all(|&(_, d)| d == Break::Keep) {
        return events;
    }
    let mut decisions = decisions.into_iter().peekable();
    let mut out = Vec::with_capacity(events.len());
    for (i, (event, range)) in events.into_iter().enumerate() {
        let decision = match decisions.peek() {
            Some(&(at, decision)) if at == i => {
                decisions.next();
                decision
            }
            _ => Break::Keep,
        };
        match decision {
            Break::Keep => out.push((event, range)),
            Break::Hard => out.push((Event::HardBreak, range)),
            Break::Drop => {}
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    Keep,
    Hard,
    Drop,
}

/// What becomes of the soft break at `events[i]`.
fn decide(events: &[(Event<'_>, Range<usize>)], i: usize) -> Break {
    let after = text_after(events, i);
    if starts_with_marker(&after) {
        return Break::Hard;
    }
    let before = char_before(events, i);
    match (before, after.chars().next()) {
        (Some(b), Some(a)) if is_wide(b) && is_wide(a) => Break::Drop,
        _ => Break::Keep,
    }
}

/// The last character of text before `events[i]`, looking through the ends
/// of inline markup (`**加粗**⏎`); `None` after code, HTML or a block edge.
fn char_before(events: &[(Event<'_>, Range<usize>)], i: usize) -> Option<char> {
    for (event, _) in events[..i].iter().rev() {
        match event {
            Event::Text(text) => match text.chars().next_back() {
                Some(c) => return Some(c),
                None => continue,
            },
            Event::End(end) if is_inline_end(*end) => continue,
            _ => return None,
        }
    }
    None
}

/// The first few characters of text after `events[i]`, looking through the
/// starts of inline markup (`⏎**一、**`); pulldown-cmark may split one run
/// of text into several events.
fn text_after(events: &[(Event<'_>, Range<usize>)], i: usize) -> String {
    let mut text = String::new();
    for (event, _) in events.iter().skip(i + 1) {
        match event {
            Event::Text(t) => text.push_str(t),
            Event::Start(tag) if is_inline_start(tag) => {}
            _ => break,
        }
        if text.chars().count() >= LOOKAHEAD {
            break;
        }
    }
    text
}

fn is_inline_start(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }
    )
}

fn is_inline_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link
    )
}

/// Chinese numerals as used in enumeration markers (`一、` `（十二）`).
fn is_chinese_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '〇' | '零'
    )
}

/// Whether a line starting with `line` starts with an enumeration marker:
/// `一、`, `（一）` or `（1）`, `(1)` or `(一)`, `1.` or `1．` directly followed
/// by a wide character (`1.视察`; `2.5亿元` is a number, and `1. See` Latin
/// text), `1、`, or a circled or parenthesized number (`①` `⑴` `⒈`).
pub(super) fn starts_with_marker(line: &str) -> bool {
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    match first {
        // ① to ⑳, ⑴ to ⒇, ⒈ to ⒛.
        '\u{2460}'..='\u{249B}' => true,
        '（' => closes_number(chars.as_str(), '）'),
        '(' => closes_number(chars.as_str(), ')'),
        c if is_chinese_numeral(c) => {
            let rest = line.trim_start_matches(is_chinese_numeral);
            rest.starts_with('、')
        }
        c if c.is_ascii_digit() => {
            let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
            let mut rest = rest.chars();
            match rest.next() {
                Some('、') => true,
                // `1.视察`, as Chinese authors write it; not `1. See`, `2.5亿`
                // or a sentence ending in a number (`14.  The`).
                Some('.' | '．') => rest.next().is_some_and(is_wide),
                _ => false,
            }
        }
        _ => false,
    }
}

/// Whether `rest` is a number (digits or Chinese numerals, at most three)
/// followed by `close`.
fn closes_number(rest: &str, close: char) -> bool {
    let digits = rest
        .chars()
        .take_while(|&c| c.is_ascii_digit() || is_chinese_numeral(c))
        .count();
    (1..=3).contains(&digits) && rest.chars().nth(digits) == Some(close)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        for yes in [
            "一、视察",
            "十二、其他",
            "（一）听取",
            "（12）",
            "(1)视察",
            "(三)",
            "1.视察",
            "12．听取",
            "1、视察",
            "①视察",
            "⑳",
            "⑴视察",
            "⒈视察",
            "3.（",
        ] {
            assert!(starts_with_marker(yes), "{yes}");
        }
        for no in [
            "",
            "2.5亿元",
            "2026.9.8",
            "一些代表",
            "(see below)",
            "（书面）",
            "()",
            "(1234)",
            "十月",
            "1号文件",
            "a. b",
            "3",
            "3.",
            "1. 视察",
            "14.  The number",
            "3.x",
        ] {
            assert!(!starts_with_marker(no), "{no}");
        }
    }
}
