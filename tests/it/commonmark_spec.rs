//! The CommonMark spec examples (0.31.2, `tests/commonmark/spec.txt` from
//! the npm package `commonmark-spec`) and the CJK-friendly emphasis
//! examples (`vendor/pulldown-cmark/specs/cjk_friendly_emphasis.txt`), each
//! run through gongkai's body renderer (`markdown::render_with`, raw HTML
//! trusted, as the spec's HTML examples expect) and compared with the
//! expected HTML.
//!
//! What gongkai does on purpose that the spec does not is normalized away
//! before comparing (see [`normalize`]): heading ids, the code block markup
//! of the highlighter, the table wrapper, the footnote list. What cannot be
//! normalized is listed, example by example, with why, in [`DIFFERENT`];
//! the test fails if an example outside the list differs, and also if a
//! listed one stops differing (so the list stays true).

use gongkai::markdown::{render_with, RawHtml, Resolved};
use std::collections::BTreeMap;

/// One example of a spec file.
struct Example {
    number: usize,
    section: String,
    markdown: String,
    html: String,
    /// The extension named after `example_` (`cjk_friendly_emphasis`), if any.
    extension: Option<String>,
}

const FENCE: &str = "````````````````````````````````";

/// The examples of a spec file in the CommonMark spec's format.
fn examples(spec: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if let Some(title) = line.strip_prefix("## ").or_else(|| line.strip_prefix("# ")) {
            section = title.to_owned();
            continue;
        }
        let Some(kind) = line.strip_prefix(FENCE) else {
            continue;
        };
        let kind = kind.trim();
        if !kind.starts_with("example") {
            continue;
        }
        let extension = kind
            .strip_prefix("example_")
            .map(str::to_owned)
            .filter(|e| !e.is_empty());
        let mut markdown = String::new();
        for line in lines.by_ref() {
            if line == "." {
                break;
            }
            markdown.push_str(line);
            markdown.push('\n');
        }
        let mut html = String::new();
        for line in lines.by_ref() {
            if line.starts_with(FENCE) {
                break;
            }
            html.push_str(line);
            html.push('\n');
        }
        out.push(Example {
            number: out.len() + 1,
            section: section.clone(),
            markdown: markdown.replace('→', "\t"),
            html: html.replace('→', "\t"),
            extension,
        });
    }
    out
}

/// gongkai's body HTML for `markdown`, raw HTML trusted.
fn render(markdown: &str) -> String {
    render_with(markdown, 1, &|_| Resolved::AsWritten, RawHtml::Trust).html
}

/// The same spelling for what only differs in spelling (as pulldown-cmark's
/// own spec tests do: `<br>` and `<br />`, a line break between two tags),
/// and gongkai's deliberate differences removed:
/// - heading ids (`<h2 id="…">`): every heading gets one;
/// - code blocks (`<pre class="code" data-lang="x"><code>` and syntect's
///   `hl-` spans): written back as `<pre><code class="language-x">`;
/// - the table wrapper `<div class="table-wrap" …>` (GFM tables only).
///
/// `"` and `&quot;` in text are the same too, for both sides.
fn normalize(html: &str) -> String {
    let html = strip_heading_ids(html);
    let html = code_blocks_as_spec(&html);
    let html = html
        .replace(
            "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\">",
            "",
        )
        .replace("</table>\n</div>", "</table>");
    standardize(&html)
}

fn standardize(html: &str) -> String {
    // pulldown-cmark leaves `"` in text as it is; the spec writes `&quot;`.
    html.replace("&quot;", "\"")
        .replace("<br>", "<br />")
        .replace("<br/>", "<br />")
        .replace("<hr>", "<hr />")
        .replace("<hr/>", "<hr />")
        .replace(">\n<", "><")
}

/// `<h2 id="x">` → `<h2>`, and `<h2 id="x" class="y">` → `<h2 class="y">`.
fn strip_heading_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<h") {
        let (before, tag) = rest.split_at(i);
        out.push_str(before);
        let is_heading = tag
            .as_bytes()
            .get(2)
            .is_some_and(|b| (b'1'..=b'6').contains(b))
            && tag[3..].starts_with(" id=\"");
        if is_heading {
            out.push_str(&tag[..3]);
            let after_id = &tag[3 + " id=\"".len()..];
            let end = after_id.find('"').map_or(after_id.len(), |e| e + 1);
            rest = &after_id[end..];
        } else {
            out.push_str(&tag[..2]);
            rest = &tag[2..];
        }
    }
    out.push_str(rest);
    out
}

/// gongkai's code block markup written the way the spec writes it.
fn code_blocks_as_spec(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<pre class=\"code\"") {
        out.push_str(&rest[..i]);
        let block = &rest[i..];
        let open_end = block
            .find("><code>")
            .map_or(block.len(), |e| e + "><code>".len());
        let open = &block[..open_end];
        match open.split_once(" data-lang=\"") {
            Some((_, lang)) => {
                let lang = lang.split('"').next().unwrap_or_default();
                out.push_str(&format!("<pre><code class=\"language-{lang}\">"));
            }
            None => out.push_str("<pre><code>"),
        }
        let body_end = block.find("</code></pre>").unwrap_or(block.len());
        out.push_str(&without_highlight_spans(&block[open_end..body_end]));
        rest = &block[body_end..];
    }
    out.push_str(rest);
    out
}

/// Code with syntect's `<span class="hl-…">` spans removed.
fn without_highlight_spans(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tag = &rest[i..];
        let end = tag.find('>').map_or(tag.len(), |e| e + 1);
        rest = &tag[end..];
    }
    out.push_str(rest);
    out
}

/// Examples whose HTML differs on purpose, with why.
const DIFFERENT: &[(usize, &str)] = &[
    (179, COMMENT),
    (183, COMMENT),
    (308, COMMENT),
    (309, COMMENT),
    (625, COMMENT),
    (626, COMMENT),
    (602, AUTOLINK),
    (608, AUTOLINK),
    (611, AUTOLINK),
];

const COMMENT: &str = "HTML comments are notes for editors: gongkai leaves them out";
const AUTOLINK: &str = "a bare URL is a link (GFM's autolink extension)";

/// Examples of the CJK-friendly spec that differ on purpose.
const DIFFERENT_CJK: &[(usize, &str)] = &[(
    11,
    "footnotes are listed at the end with back-links, with fn- ids",
)];

fn differing(examples: &[Example]) -> BTreeMap<usize, String> {
    examples
        .iter()
        .filter_map(|e| {
            let ours = render(&e.markdown);
            let got = normalize(&ours);
            let want = standardize(&e.html);
            (got != want).then(|| {
                (
                    e.number,
                    format!(
                        "example {} ({}):\n--- markdown\n{}--- expected\n{}--- gongkai\n{}",
                        e.number, e.section, e.markdown, e.html, ours
                    ),
                )
            })
        })
        .collect()
}

fn assert_only_listed(found: &BTreeMap<usize, String>, listed: &[(usize, &str)]) {
    let unexpected: Vec<&String> = found
        .iter()
        .filter(|(n, _)| !listed.iter().any(|(l, _)| l == *n))
        .map(|(_, report)| report)
        .collect();
    let now_same: Vec<usize> = listed
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| !found.contains_key(n))
        .collect();
    assert!(
        unexpected.is_empty() && now_same.is_empty(),
        "{} examples differ that are not listed:\n{}\nlisted but now the same: {now_same:?}",
        unexpected.len(),
        unexpected
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn commonmark_spec_examples() {
    let spec = include_str!("../commonmark/spec.txt");
    let examples = examples(spec);
    assert_eq!(examples.len(), 652, "CommonMark 0.31.2 has 652 examples");
    assert_only_listed(&differing(&examples), DIFFERENT);
}

#[test]
fn cjk_friendly_emphasis_examples() {
    let spec = include_str!("../../vendor/pulldown-cmark/specs/cjk_friendly_emphasis.txt");
    // gongkai always has the extension on: its examples, not the one that
    // shows CommonMark's behaviour without it.
    let examples: Vec<Example> = examples(spec)
        .into_iter()
        .filter(|e| e.extension.as_deref() == Some("cjk_friendly_emphasis"))
        .collect();
    assert_eq!(examples.len(), 10);
    assert_only_listed(&differing(&examples), DIFFERENT_CJK);
}

#[test]
fn normalizing_removes_only_what_is_listed() {
    assert_eq!(
        normalize("<h2 id=\"会议\">会议</h2>\n<h3 id=\"a\" class=\"b\">x</h3>"),
        "<h2>会议</h2><h3 class=\"b\">x</h3>"
    );
    assert_eq!(
        normalize("<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-source\">fn</span> &lt;x&gt;\n</code></pre>\n"),
        "<pre><code class=\"language-rust\">fn &lt;x&gt;\n</code></pre>\n"
    );
    assert_eq!(normalize("<p>a<br>b</p>\n<hr>"), "<p>a<br />b</p><hr />");
}
