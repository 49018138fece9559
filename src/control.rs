//! Characters that XML forbids, and the bidirectional controls, removed
//! from text as it is read.
//!
//! Word pastes bring invisible control characters (`\x0b` for a manual line
//! break, `\x08`, `\0`) that make `rss.xml`, `atom.xml` and `sitemap.xml`
//! ill-formed. Rather than escape them in every output, text is cleaned once
//! where it enters: content files by `content` (with a warning at each line
//! that had some), `site.toml` refused at its line by `config`; a leaf, so
//! both can use it. What is kept is XML 1.0's `Char` without the
//! bidirectional embedding, override and isolate controls
//! ([`is_published_char`]), so nothing later can write a forbidden
//! character, nor show a title or a number backwards (U+202E before
//! "gpj.exe" reads "exe.jpg"). The same test drops them where escapes and
//! Markdown's character references (`&#x202E;`) decode after loading.
//! Escaping `<`, `&` and quotes is the templates' business.

use std::borrow::Cow;

/// Whether XML 1.0 allows `c` in a document: tab, LF, CR, and everything from
/// U+0020 except U+FFFE and U+FFFF (a Rust `char` is never a surrogate).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The bidirectional embedding, override and isolate controls (U+202A–U+202E,
/// U+2066–U+2069): invisible, and they reorder the text after them. A
/// township's pages have no use for them; the marks U+200E and U+200F,
/// which move nothing on their own, stay.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// What published text may hold: XML's characters, without the bidi
/// controls.
pub(crate) fn is_published_char(c: char) -> bool {
    is_xml_char(c) && !is_bidi_control(c)
}

/// Characters removed from one line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Removed {
    /// 1-based line of the text.
    pub line: usize,
    /// How many were removed.
    pub count: usize,
    /// Which, each once, as `U+000B`, in order of appearance.
    pub chars: String,
}

/// `text` without the characters it may not publish ([`is_published_char`]),
/// and what was removed, by line. Line breaks are kept, so every line keeps
/// its number.
pub(crate) fn strip(text: &str) -> (Cow<'_, str>, Vec<Removed>) {
    if text.chars().all(is_published_char) {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut kept = String::with_capacity(text.len());
    let mut removed = Vec::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let mut seen: Vec<char> = Vec::new();
        let mut count = 0;
        for c in line.chars() {
            if is_published_char(c) {
                kept.push(c);
            } else {
                count += 1;
                if !seen.contains(&c) {
                    seen.push(c);
                }
            }
        }
        if count > 0 {
            let chars: Vec<String> = seen
                .iter()
                .map(|c| format!("U+{:04X}", *c as u32))
                .collect();
            removed.push(Removed {
                line: i + 1,
                count,
                chars: chars.join(", "),
            });
        }
    }
    (Cow::Owned(kept), removed)
}

/// The byte offset and the characters of the first TOML key or string that
/// holds a character XML forbids. Once the raw text is stripped, only an
/// escape (`"\u0008"`, `"\b"`) can put one there, so a text without `\\` is
/// not parsed again; one that does not parse is left to the typed reader.
pub(crate) fn escaped_in_toml(text: &str) -> Option<(usize, String)> {
    if !text.contains('\\') {
        return None;
    }
    let doc = toml_edit::Document::parse(text).ok()?;
    let mut found = None;
    in_table(doc.as_table(), &mut found);
    found
}

type Found = Option<(usize, String)>;

fn check(s: &str, span: Option<std::ops::Range<usize>>, found: &mut Found) {
    if found.is_none() {
        if let Some(r) = strip(s).1.into_iter().next() {
            *found = Some((span.map_or(0, |s| s.start), r.chars));
        }
    }
}

fn in_table(table: &toml_edit::Table, found: &mut Found) {
    for (key, item) in table.iter() {
        check(key, table.key(key).and_then(toml_edit::Key::span), found);
        match item {
            toml_edit::Item::Value(v) => in_value(v, found),
            toml_edit::Item::Table(t) => in_table(t, found),
            toml_edit::Item::ArrayOfTables(a) => a.iter().for_each(|t| in_table(t, found)),
            toml_edit::Item::None => {}
        }
    }
}

fn in_value(value: &toml_edit::Value, found: &mut Found) {
    match value {
        toml_edit::Value::String(s) => check(s.value(), s.span(), found),
        toml_edit::Value::Array(a) => a.iter().for_each(|v| in_value(v, found)),
        toml_edit::Value::InlineTable(t) => {
            for (key, v) in t.iter() {
                check(key, t.key(key).and_then(toml_edit::Key::span), found);
                in_value(v, found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_go_and_the_marks_stay() {
        let (text, removed) = strip("图片\u{202E}gpj.exe\n\u{2066}第3号\u{2069}\u{200F}\n");
        assert_eq!(text, "图片gpj.exe\n第3号\u{200F}\n");
        assert_eq!(removed[0].chars, "U+202E");
        assert_eq!(removed[1].chars, "U+2066, U+2069");
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{2067}', '\u{2068}',
        ] {
            assert!(!is_published_char(c), "U+{:04X}", c as u32);
        }
        assert!(is_published_char('\u{200E}') && is_published_char('卫'));
    }

    #[test]
    fn word_pastes_are_cleaned_line_by_line() {
        let (text, removed) = strip("标题\n正\u{b}文\u{8}\u{b}\n\u{0}\u{FFFE}\u{FFFF}\t好\n");
        assert_eq!(text, "标题\n正文\n\t好\n");
        assert_eq!(
            removed,
            [
                Removed {
                    line: 2,
                    count: 3,
                    chars: "U+000B, U+0008".into()
                },
                Removed {
                    line: 3,
                    count: 3,
                    chars: "U+0000, U+FFFE, U+FFFF".into()
                },
            ]
        );
    }

    #[test]
    fn escapes_are_found_at_their_place() {
        let text = "title = \"a\"\n[extra]\nx = [\"ok\\t\", { \"k\" = \"b\\u000bc\" }]\n";
        let (at, chars) = escaped_in_toml(text).expect("found");
        assert_eq!(crate::diagnostics::line_of_offset(text, at), 3);
        assert_eq!(chars, "U+000B");
        assert_eq!(escaped_in_toml("a = \"\\t\\n\\\\ \\u4e2d\""), None);
        assert!(escaped_in_toml("\"k\\b\" = 1").is_some());
        assert!(escaped_in_toml("a = \"\"\"\n\\f\"\"\"").is_some());
    }

    #[test]
    fn clean_text_is_not_copied() {
        assert!(matches!(strip("正文\r\n\t𠀀\u{FFFD}").0, Cow::Borrowed(_)));
    }

    proptest::proptest! {
        /// Whatever the text, what is kept is all XML, and every line stays.
        #[test]
        fn kept_text_is_xml_and_keeps_its_lines(text in "(\\PC|[\\x00-\\x1f\u{FFFE}\u{FFFF}\u{7f}-\u{9f}])*") {
            let (kept, removed) = strip(&text);
            proptest::prop_assert!(kept.chars().all(is_xml_char));
            proptest::prop_assert_eq!(kept.split('\n').count(), text.split('\n').count());
            let gone: usize = removed.iter().map(|r| r.count).sum();
            proptest::prop_assert_eq!(kept.chars().count() + gone, text.chars().count());
        }
    }
}
