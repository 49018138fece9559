//! Placeholders: the one marker convention for template text that `init`,
//! `new` and the archetypes write for the user to replace.
//!
//! A placeholder is text in full-width brackets that starts with 请:
//! `（请填写被视察单位）`, `（请改写成本镇的介绍。）`. It starts at `（请`
//! and runs to the next `）` on its line (or the line's end, when the user
//! deleted the closing bracket but not the rest). Every placeholder gongkai
//! writes follows this convention, so that finding one in a published page
//! is enough to know the page was not finished.
//!
//! A page made with `new --from`/`--from-last` records its source in
//! `from = "content/…"`; a body still identical to the source's is a
//! warning ([`copy_unchanged`]): last year's text published as this year's.
//!
//! This module finds placeholders in a text and in a front matter's string
//! values (TOML comments are not published, so they are not searched).
//! Deciding whether a page is published, and reporting, is the loader's job
//! (`content`, this module's parent).

use crate::content::front_matter::Split;
use crate::diagnostics::{line_of_offset, Diagnostic};
use crate::messages::Msg;
use std::path::Path;

/// What every placeholder starts with.
pub(crate) const OPEN: &str = "（请";
const CLOSE: char = '）';

/// Each placeholder in `text`: its byte offset and its text (brackets included).
pub(crate) fn find(text: &str) -> Vec<(usize, &str)> {
    text.match_indices(OPEN)
        .map(|(start, _)| {
            let rest = &text[start..];
            let line_end = rest.find('\n').unwrap_or(rest.len());
            let end = rest[..line_end]
                .find(CLOSE)
                .map_or(line_end, |i| i + CLOSE.len_utf8());
            (start, &rest[..end])
        })
        .collect()
}

/// Errors for the placeholders of a Markdown file: in its body and in every
/// string value of its front matter, each at its line.
pub(crate) fn in_file(split: &Split<'_>, file: &Path) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = front_strings(split.front)
        .into_iter()
        .flat_map(|(offset, value)| {
            find(&value)
                .into_iter()
                .map(|(_, p)| (offset, p.to_string()))
                .collect::<Vec<_>>()
        })
        .map(|(offset, text)| {
            error(text).at(
                file,
                Some(split.front_line + line_of_offset(split.front, offset) - 1),
            )
        })
        .collect();
    out.extend(find(split.body).into_iter().map(|(offset, text)| {
        error(text.to_string()).at(
            file,
            Some(split.body_line + line_of_offset(split.body, offset) - 1),
        )
    }));
    out
}

/// A warning when `body` is still the body of the file it was copied from.
/// `from` must be a relative path inside the site (anything else, or a
/// source that is gone, is not compared: the copy has long been its own).
pub(crate) fn copy_unchanged(
    root: &Path,
    from: &str,
    body: &str,
    file: &Path,
    line: usize,
) -> Option<Diagnostic> {
    let rel = Path::new(from);
    let inside = rel
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !inside || from.is_empty() {
        return None;
    }
    let text = crate::content::read_text(&root.join(rel), rel).ok()?;
    let source = crate::content::front_matter::split(&text, rel).ok()?;
    (source.body.trim() == body.trim()).then(|| {
        Diagnostic::warning(Msg::CopyUnchanged {
            from: from.to_string(),
        })
        .at(file, Some(line))
    })
}

fn error(text: String) -> Diagnostic {
    Diagnostic::error(Msg::PlaceholderLeft { text })
}

/// Every string value of a TOML front matter with the offset where it is
/// written (keys and comments are not published). Unparsable TOML yields
/// nothing: its error is reported by the loader.
fn front_strings(front: &str) -> Vec<(usize, String)> {
    let Ok(doc) = front.parse::<toml_edit::Document<String>>() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    collect_table(doc.as_table(), &mut out);
    out
}

fn collect_table(table: &toml_edit::Table, out: &mut Vec<(usize, String)>) {
    for (_, item) in table.iter() {
        collect_item(item, out);
    }
}

fn collect_item(item: &toml_edit::Item, out: &mut Vec<(usize, String)>) {
    match item {
        toml_edit::Item::Value(v) => collect_value(v, out),
        toml_edit::Item::Table(t) => collect_table(t, out),
        toml_edit::Item::ArrayOfTables(a) => a.iter().for_each(|t| collect_table(t, out)),
        toml_edit::Item::None => {}
    }
}

fn collect_value(value: &toml_edit::Value, out: &mut Vec<(usize, String)>) {
    match value {
        toml_edit::Value::String(s) => {
            let offset = s.span().map_or(0, |r| r.start);
            out.push((offset, s.value().clone()));
        }
        toml_edit::Value::Array(a) => a.iter().for_each(|v| collect_value(v, out)),
        toml_edit::Value::InlineTable(t) => t.iter().for_each(|(_, v)| collect_value(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_the_bracketed_text_starting_with_qing() {
        let text = "欢迎。\n（这段是说明，不算）\n单位：（请填写被视察单位）。\n（请改写";
        let found: Vec<&str> = find(text).into_iter().map(|(_, p)| p).collect();
        assert_eq!(found, vec!["（请填写被视察单位）", "（请改写"]);
    }

    #[test]
    fn front_matter_strings_not_comments() {
        let text = "+++\n# note = \"（请填写整改情况）\"\ntitle = \"（请填写标题）\"\n[inspection]\nunit = \"\"\"\n（请填写被视察单位）\"\"\"\ndelegates = [\"（请填写）\"]\nvotes = { a = \"（请写）\" }\n+++\n正文\n\n（请写正文）\n";
        let split = crate::content::front_matter::split(text, Path::new("a.md")).expect("split");
        let lines: Vec<Option<usize>> = in_file(&split, Path::new("a.md"))
            .iter()
            .map(|d| d.line)
            .collect();
        assert_eq!(lines, vec![Some(3), Some(5), Some(7), Some(8), Some(12)]);
    }

    #[test]
    fn escaped_and_literal_strings_are_read_as_toml_reads_them() {
        // Written to get around a search of the raw text: TOML escapes,
        // literal strings, inline tables and arrays of tables.
        let text = "+++\ntitle = \"\\uFF08\\u8BF7\u{586b}\u{5199}\u{FF09}\"\nsource = \u{27}\u{FF08}\u{8BF7}x\u{FF09}\u{27}\n[[evaluation.units]]\nname = \"\u{FF08}\u{8BF7}y\u{FF09}\"\n[extra]\nk = { v = [\"\u{FF08}\u{8BF7}z\"] }\n+++\n";
        let split = crate::content::front_matter::split(text, Path::new("a.md")).expect("split");
        let lines: Vec<Option<usize>> = in_file(&split, Path::new("a.md"))
            .iter()
            .map(|d| d.line)
            .collect();
        assert_eq!(lines, vec![Some(2), Some(3), Some(5), Some(7)]);
    }

    proptest! {
        /// A placeholder put anywhere in any text is found, at its line.
        #[test]
        fn a_placeholder_anywhere_is_found(
            before in "[^（]{0,40}",
            inner in "[^）\n]{0,20}",
            after in "\\PC{0,40}",
        ) {
            let placeholder = format!("（请{inner}）");
            let text = format!("{before}{placeholder}{after}");
            let found = find(&text);
            prop_assert!(!found.is_empty());
            prop_assert_eq!(found[0].0, before.len());
            prop_assert_eq!(found[0].1, placeholder.as_str());
        }

        /// Any text, any front matter: never a panic.
        #[test]
        fn never_panics(text in "\\PC{0,80}") {
            let _ = find(&text);
            let _ = front_strings(&text);
        }
    }
}
