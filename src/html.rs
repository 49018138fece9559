//! The one HTML escape: `&`, `<`, `>`, `"` and `'` written as entities, so
//! text is safe in element content and in single- or double-quoted
//! attributes (and in XML, whose outputs share the templates' autoescape).
//! The escaping itself is pulldown-cmark-escape's `escape_html`, the one
//! the Markdown renderer uses.
//!
//! Callers differ only in what becomes of characters XML forbids:
//! [`escape`] (the templates' autoescape and the context) drops them,
//! [`escape_into`] (Markdown's code blocks and footnotes, whose text was
//! cleaned as it was read) keeps what it is given, and charts make a
//! control character a space first. What text is allowed at all is
//! `control`'s and `sanitize`'s business.

/// Appends `text`, escaped, to `out`.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

/// `s` escaped, without the characters a page may not publish
/// (`crate::control`): loading removed them from the sources already, but
/// Markdown's `&#11;` and a TOML escape decode to one after that.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.chars().all(crate::control::is_published_char) {
        escape_into(&mut out, s);
    } else {
        let kept: String = s
            .chars()
            .filter(|&c| crate::control::is_published_char(c))
            .collect();
        escape_into(&mut out, &kept);
    }
    out
}

/// [`escape`] written straight to `out` (the templates' autoescape: no
/// `String` per value).
pub(crate) fn escape_to(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use pulldown_cmark_escape::{escape_html, IoWriter};
    if s.chars().all(crate::control::is_published_char) {
        return escape_html(IoWriter(out), s);
    }
    let kept: String = s
        .chars()
        .filter(|&c| crate::control::is_published_char(c))
        .collect();
    escape_html(IoWriter(out), &kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn escape_drops_what_xml_forbids_and_escape_into_keeps_it() {
        assert_eq!(escape("a\u{b}<\u{FFFE}b\t"), "a&lt;b\t");
        let mut out = String::new();
        escape_into(&mut out, "a\u{b}<");
        assert_eq!(out, "a\u{b}&lt;");
    }

    proptest::proptest! {
        /// The same text as the hand-written escape the templates used before.
        #[test]
        fn escape_is_the_old_escape(s in "[<>&\"'a\u{0}-\u{1f}\u{fffe}\u{ffff}\u{202e}\u{2066}\u{200f}中 ]{0,40}") {
            let mut old = String::new();
            for c in s.chars() {
                match c {
                    '&' => old.push_str("&amp;"),
                    '<' => old.push_str("&lt;"),
                    '>' => old.push_str("&gt;"),
                    '"' => old.push_str("&quot;"),
                    '\'' => old.push_str("&#39;"),
                    c if !crate::control::is_published_char(c) => {}
                    c => old.push(c),
                }
            }
            proptest::prop_assert_eq!(escape(&s), old);
        }

        /// The streamed escape writes what the `String` one returns.
        #[test]
        fn escape_to_is_escape(s in "[<>&\"'a\u{0}-\u{1f}\u{fffe}\u{202e}中 ]{0,40}") {
            let mut out = Vec::new();
            escape_to(&s, &mut out).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            proptest::prop_assert_eq!(String::from_utf8_lossy(&out), escape(&s));
        }
    }
}
