//! Text in a chart: cleaned (whitespace and control characters collapsed
//! to one space, as a label is one line of words), escaped with the crate's
//! one HTML escape, and the room a number needs, in em, for the CSS to keep
//! beside a bar.
//!
//! Left to others: where the text goes (the module above); wrapping and
//! measuring it for real (the reader's browser).

/// Collapses whitespace and control characters to single spaces and trims;
/// drops the non-characters XML forbids and what a reader does not see
/// ([`crate::text::is_default_ignorable`]), the bidirectional embeddings,
/// overrides and isolates among them: a label and its number share one
/// line box, so an unclosed U+202E in a label would turn "12 次" into "次 21".
pub(super) fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c.is_control() {
            space = !out.is_empty();
            continue;
        }
        if matches!(c, '\u{FFFE}' | '\u{FFFF}') || crate::text::is_default_ignorable(c) {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// `s` cleaned and escaped for element content and quoted attributes
/// ([`crate::html::escape`]).
pub(super) fn escape(s: &str) -> String {
    crate::html::escape(&clean_text(s))
}

/// A generous width of `s` in em, for room kept beside a bar (its number)
/// or before it (a short label): wide characters 1 em, others 0.65 em (a
/// bold digit is about 0.55 em in the usual CJK fonts). Only an upper
/// bound matters: too much room shortens the bars a little, too little
/// pushes a number under its bar.
pub(super) fn em_width(s: &str) -> f64 {
    clean_text(s)
        .chars()
        .map(|c| if c.is_ascii() { 0.65 } else { 1.0 })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_one_clean_line() {
        assert_eq!(clean_text("  a\n\tb\u{0}c \u{FFFF}"), "a b c");
        assert_eq!(clean_text("镇\u{202E}卫生院\u{2067}x\u{2069}"), "镇卫生院x");
        assert_eq!(
            escape("<b>\"A&B\"</b>\u{1b}x"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; x"
        );
        assert_eq!(em_width("12月"), 2.3);
        assert_eq!(em_width(""), 0.0);
    }
}
