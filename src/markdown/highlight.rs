//! Code blocks: the language of a fenced block, its HTML (highlighted by
//! syntect with `hl-`-prefixed classes, or escaped), and the stylesheet for
//! those classes.
//!
//! Left to others: finding code blocks in the event stream and their text
//! ([`super::walk`]), and writing the stylesheet to `public/css/syntax.css`.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::html::escape_into;

/// The class style of highlighted code; the prefix keeps syntect's classes
/// (`hl-keyword`, `hl-string`, …) apart from the theme's own classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The syntect theme [`highlight_css`] is generated from.
const HIGHLIGHT_THEME: &str = "InspiredGitHub";

/// The stylesheet for highlighted code blocks (`public/css/syntax.css`).
///
/// Generated once per process from syntect's `InspiredGitHub` theme for the
/// `hl-` classes that [`super::render`] emits; the theme's colours for the whole
/// block apply to `pre.code`, so unhighlighted blocks look the same.
pub(crate) fn highlight_css() -> String {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        let themes = ThemeSet::load_defaults();
        let Some(theme) = themes.themes.get(HIGHLIGHT_THEME) else {
            return String::new();
        };
        let css = css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap_or_default();
        // syntect names the block `.hl-code`; our blocks are `pre.code`.
        css.replacen(".hl-code {", "pre.code {", 1)
    })
    .clone()
}

/// The language of a fenced code block: the first word of its info string
/// (`rust` for `rust,ignore` or `rust title="x"`).
pub(super) fn code_lang(info: &str) -> Option<String> {
    info.split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .filter(|lang| !lang.is_empty())
        .map(str::to_owned)
}

/// The process-wide syntax set, loaded on first use.
fn syntax_set() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// `code` as classed HTML spans, or `None` if `lang` is unknown to syntect
/// or highlighting fails.
fn highlight(lang: &str, code: &str) -> Option<String> {
    let syntaxes = syntax_set();
    let token = match lang.to_ascii_lowercase().as_str() {
        "shell" | "console" | "zsh" | "sh" => "bash".to_owned(),
        "jsonc" | "json5" => "json".to_owned(),
        other => other.to_owned(),
    };
    let syntax = syntaxes.find_syntax_by_token(&token)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// The HTML of a code block: highlighted if its language is known,
/// escaped plain text otherwise.
pub(super) fn code_block_html(lang: Option<&str>, code: &str) -> String {
    let mut html = String::with_capacity(code.len() * 2 + 64);
    html.push_str("<pre class=\"code\"");
    if let Some(lang) = lang {
        html.push_str(" data-lang=\"");
        escape_into(&mut html, lang);
        html.push('"');
    }
    html.push_str("><code>");
    match lang.and_then(|lang| highlight(lang, code)) {
        Some(highlighted) => html.push_str(&highlighted),
        None => escape_into(&mut html, code),
    }
    html.push_str("</code></pre>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_support::md;

    #[test]
    fn code_is_highlighted_with_prefixed_classes() {
        let r = md("```rust\nfn main() { let s = \"<x>\"; }\n```\n");
        assert!(r.has_code);
        assert!(
            r.html.starts_with(
                "<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-source hl-rust\">"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("hl-storage hl-type hl-function hl-rust"));
        assert!(r.html.contains("&lt;x&gt;"));
        assert!(!r.html.contains("<x>"));
        assert!(r.html.trim_end().ends_with("</code></pre>"));
        assert_eq!(r.plain_text, "fn main() { let s = \"<x>\"; }");
    }

    #[test]
    fn unknown_or_missing_language_is_escaped() {
        let r = md("```nosuchlang\n<b>&</b>\n```\n");
        assert!(r.has_code);
        assert!(r.html.contains(
            "<pre class=\"code\" data-lang=\"nosuchlang\"><code>&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>"
        ), "{}", r.html);
        let r = md("```\n<i>\n```\n\n    indented <code>\n");
        assert!(r
            .html
            .contains("<pre class=\"code\"><code>&lt;i&gt;\n</code></pre>"));
        assert!(r
            .html
            .contains("<pre class=\"code\"><code>indented &lt;code&gt;\n</code></pre>"));
        assert!(!r.html.contains("hl-"));
        let r = md("no code, only `inline`\n");
        assert!(!r.has_code);
    }

    #[test]
    fn info_string_first_word_is_the_language() {
        assert_eq!(code_lang("rust,ignore"), Some("rust".to_owned()));
        assert_eq!(code_lang("python title=\"a\""), Some("python".to_owned()));
        assert_eq!(code_lang(""), None);
        assert_eq!(code_lang("{.x}"), None);
        let r = md("```Shell\necho hi\n```\n");
        assert!(r.html.contains("data-lang=\"Shell\""));
        assert!(r.html.contains("hl-source hl-shell"), "{}", r.html);
    }

    #[test]
    fn css_uses_the_same_prefix() {
        let css = highlight_css();
        assert!(css.contains("pre.code {"), "{css}");
        assert!(css.contains(".hl-comment"));
        assert!(css.contains(".hl-keyword"));
        assert!(!css.contains(".hl-code {"));
        assert_eq!(css, highlight_css());
    }
}
