//! Heading attribute blocks that are not attribute blocks.
//!
//! With heading attributes on, pulldown-cmark takes any trailing `{…}` of a
//! heading as attributes: `## 会议议程 {第一天}` loses the words 第一天 (they
//! become an attribute named 第一天). A trailing `{…}` is an attribute block
//! here only when every item in it is one: `#id`, `.class` or `key=value`
//! with an ASCII attribute name as key. Otherwise the heading keeps the
//! braces and their text as written, and gets no id, class or attribute
//! from them (its id is made from its text like any other heading's).
//!
//! Left to others: which attributes of a valid block are published (only
//! ids and classes unless raw HTML is trusted, decided in `markdown.rs`)
//! and making ids unique.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// Puts the text of every heading's trailing `{…}` that is not an attribute
/// block back into the heading, and drops what pulldown-cmark parsed from it.
/// `body` is the source the events' ranges point into.
pub(super) fn restore_false_blocks<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    body: &str,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut out = Vec::with_capacity(events.len());
    // The open heading: its index in `out`, the end of its last inner
    // event in the source, and whether it has inner events.
    let mut open: Option<(usize, Option<usize>)> = None;
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Heading { .. }) => open = Some((out.len(), None)),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, inner_end)) = open.take() {
                    restore(&mut out, start, inner_end, body);
                }
            }
            _ => {
                if let Some((_, inner_end)) = open.as_mut() {
                    *inner_end = Some(inner_end.map_or(range.end, |e: usize| e.max(range.end)));
                }
            }
        }
        out.push((event, range));
    }
    out
}

/// If the heading starting at `out[start]` had a trailing block that is not
/// an attribute block, clears its attributes and appends the block as text.
fn restore<'a>(
    out: &mut Vec<(Event<'a>, Range<usize>)>,
    start: usize,
    inner_end: Option<usize>,
    body: &str,
) {
    let Some((Event::Start(Tag::Heading { level, .. }), range)) = out.get(start) else {
        return;
    };
    let (level, range) = (*level, range.clone());
    let from = inner_end
        .unwrap_or(range.start)
        .clamp(range.start, range.end);
    let Some(tail) = body.get(from..range.end) else {
        return;
    };
    let Some(block) = trailing_block(tail) else {
        return;
    };
    if is_attribute_block(block) {
        return;
    }
    let text = if inner_end.is_some() {
        format!(" {block}")
    } else {
        block.to_owned()
    };
    out[start].0 = Event::Start(Tag::Heading {
        level,
        id: None,
        classes: Vec::new(),
        attrs: Vec::new(),
    });
    out.push((Event::Text(text.into()), from..range.end));
}

/// The `{…}` that pulldown-cmark took from the heading's source after its
/// last inline content (`tail`), if any: on the first line, from its first
/// `{` to the end of the line, trimmed (an ATX heading's `#` marks come
/// before it when the heading is empty).
fn trailing_block(tail: &str) -> Option<&str> {
    let line = tail.lines().next()?.trim();
    let open = line.find('{')?;
    let block = &line[open..];
    block.ends_with('}').then_some(block)
}

/// Whether `block` (`{…}` with its braces) is an attribute block: one or
/// more items, each `#id`, `.class` or `key=value`.
fn is_attribute_block(block: &str) -> bool {
    let Some(inner) = block.strip_prefix('{').and_then(|b| b.strip_suffix('}')) else {
        return false;
    };
    let mut items = inner.split_whitespace().peekable();
    items.peek().is_some() && items.all(is_attribute)
}

fn is_attribute(item: &str) -> bool {
    if let Some(name) = item.strip_prefix('#').or_else(|| item.strip_prefix('.')) {
        return !name.is_empty() && !name.contains(['{', '}']);
    }
    match item.split_once('=') {
        Some((key, value)) => is_attribute_name(key) && !value.is_empty(),
        None => false,
    }
}

/// An ASCII attribute name: a letter or `_`, then letters, digits, `_`, `-`,
/// `.` or `:`.
fn is_attribute_name(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_blocks() {
        for yes in [
            "{#id}",
            "{.note}",
            "{#a .b .c}",
            "{lang=en}",
            "{ #会议 }",
            "{data-x=1 #y}",
            "{#sec-2.1}",
        ] {
            assert!(is_attribute_block(yes), "{yes}");
        }
        for no in [
            "{}",
            "{ }",
            "{第一天}",
            "{#}",
            "{.}",
            "{#a 第一天}",
            "{=x}",
            "{k=}",
            "{第一=天}",
            "{1=a}",
        ] {
            assert!(!is_attribute_block(no), "{no}");
        }
    }

    #[test]
    fn trailing_blocks() {
        assert_eq!(trailing_block(" {第一天}\n"), Some("{第一天}"));
        assert_eq!(trailing_block(" {#z}\n---\n"), Some("{#z}"));
        assert_eq!(trailing_block("## {x}\n"), Some("{x}"));
        assert_eq!(trailing_block("\n"), None);
        assert_eq!(trailing_block(" ##\n"), None);
    }
}
