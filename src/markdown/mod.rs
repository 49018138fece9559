//! Markdown to HTML for one page body, using pulldown-cmark's event stream.
//!
//! [`render`] turns the Markdown that follows a page's front matter into:
//! - HTML, with Chinese-friendly heading ids (`<h2 id="会议议程">`), tables
//!   wrapped in a focusable `<div class="table-wrap">` so they scroll on phones
//!   (by keyboard too), code
//!   blocks highlighted by syntect into `<pre class="code" data-lang="…">`
//!   with `hl-`-prefixed classes, and every link and image destination
//!   resolved through a caller-supplied function (`@/path.md#frag`, `b.md`,
//!   `/images/x.png`: what they become is the `links` module's rule);
//! - the summary HTML before a `<!-- more -->` line, if there is one;
//! - the plain text (for summaries, counts and search), a nested table of
//!   contents, every destination as written and as published, and the links
//!   to pages that do not exist, each with its line number in the whole file.
//!
//! [`highlight_css`] gives the stylesheet for the highlighting classes.
//!
//! Script from content: unless the caller trusts raw HTML
//! ([`RawHtml::Trust`]), a body (and its summary) that holds any raw HTML is
//! passed whole through [`crate::sanitize::clean`] after rendering, link and
//! image destinations with a scheme other than http, https, mailto or tel
//! are replaced by `#`, and heading attributes other than `{#id .class}` are
//! dropped. What was removed is reported ([`Rendered::unsafe_markup`],
//! [`Rendered::heading_attributes`]) with its line, found by
//! [`crate::sanitize::Detector`] in the same rendered HTML the sanitizer
//! reads. A body without raw HTML is not sanitized: pulldown-cmark's own
//! output is safe once its destinations and attributes are.
//!
//! Left to others: splitting off the front matter (the caller passes the
//! body and the line it starts on), knowing which pages exist (the `resolve`
//! callback), turning findings and broken links into diagnostics, and
//! statistics on the plain text (`crate::text`).
//!
//! Chinese text (issue 21), each in a submodule working on the event stream
//! before it is turned into HTML: a heading's trailing `{…}` that is not an
//! attribute block stays text ([`attrs`]); line breaks between wide
//! characters are dropped and lines starting with `一、` `（一）` `1.视察` … keep
//! their line ([`breaks`]); bare URLs become links ([`autolink`]); footnotes
//! are collected at the end with back-links, `[^1]` linking to `#fn-1`
//! ([`footnotes`]). CJK-friendly emphasis (`**《代表法》**规定`) is
//! pulldown-cmark's own option.
//!
//! The files of this folder, each with one concern: [`rendered`] the
//! types [`render`] returns; [`walk`] the event walker that builds them;
//! [`ids`] heading ids and slugs; [`highlight`] code blocks and their
//! stylesheet; [`raw`] the user's raw HTML (where it lands, what it
//! holds); [`plain`] the plain text; [`lines`] byte offsets to lines.
//! This file runs them in order.

use std::ops::Range;

use pulldown_cmark::utils::TextMergeWithOffset;
use pulldown_cmark::{CowStr, Event, Options, Parser};

use crate::html::escape_into;
use crate::sanitize;

mod attrs;
mod autolink;
mod breaks;
mod footnotes;
mod highlight;
mod ids;
mod lines;
mod plain;
mod raw;
mod rendered;
mod walk;

pub(crate) use highlight::highlight_css;
pub use rendered::{Heading, LinkProblem, LinkRef, RawHtml, Rendered, Resolved, UnsafeMarkup};

use lines::LineIndex;
use walk::State;

/// Loading removed the characters a page may not publish from the source
/// (`crate::control`), but a character reference (`&#11;`, `&#x202E;`)
/// decodes to one: drop it from the text.
fn xml_chars_only(event: Event<'_>) -> Event<'_> {
    use crate::control::is_published_char;
    match event {
        Event::Text(t) if !t.chars().all(is_published_char) => Event::Text(
            t.chars()
                .filter(|&c| is_published_char(c))
                .collect::<String>()
                .into(),
        ),
        other => other,
    }
}

/// Renders the Markdown `body` of a page.
///
/// `first_line` is the 1-based line of the file on which `body` starts
/// (the line after the front matter), so that reported lines are lines of
/// the file. `resolve` says what each link and image destination with a safe
/// scheme becomes (`@/news/foo.md#anchor`, `b.md`, `/images/x.png` …: the
/// rules are the caller's, see the `links` module).
///
/// Raw HTML is sanitized ([`render_with`] and [`RawHtml::Trust`] leave it as
/// written). Never panics, whatever the input.
pub fn render(body: &str, first_line: usize, resolve: &dyn Fn(&str) -> Resolved) -> Rendered {
    render_with(body, first_line, resolve, RawHtml::Sanitize)
}

/// [`render`], with raw HTML sanitized or trusted as `raw_html` says.
pub fn render_with(
    body: &str,
    first_line: usize,
    resolve: &dyn Fn(&str) -> Resolved,
    raw_html: RawHtml,
) -> Rendered {
    // One text event per run of text, so a URL is never cut in two.
    let parsed = TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter());
    let events: Vec<(Event<'_>, Range<usize>)> = parsed
        .map(|(event, range)| (xml_chars_only(event), range))
        .collect();
    let events = attrs::restore_false_blocks(events, body);
    let events = breaks::rewrite_soft_breaks(events);
    let events = autolink::link_bare_urls(events);
    let lines = LineIndex::new(body, first_line);
    let footnote_ids = footnotes::reserved_ids(&events);
    let events = footnotes::collect_at_end(events, escape_into);
    let (heading_ids, duplicate_ids) = ids::assign_heading_ids(&events, footnote_ids, &lines);

    let mut state = State::new(events.len(), heading_ids, raw_html);
    for (event, range) in events {
        state.event(event, &range, &lines, resolve);
    }

    let (mut html, offsets) = raw::write_html(&state.out, &state.raw_events);
    state
        .unsafe_markup
        .extend(raw::detect(&html, &offsets, first_line));
    state.unsafe_markup.sort_by_key(|u| u.line);
    let sanitize = raw_html == RawHtml::Sanitize;
    if sanitize && !state.raw_events.is_empty() {
        html = sanitize::clean(&html);
    }
    let summary_html = state.split.map(|end| {
        let mut summary = String::new();
        pulldown_cmark::html::push_html(&mut summary, summary_events(&state.out[..end], resolve));
        let has_raw = state.raw_events.first().is_some_and(|&(i, _)| i < end);
        if sanitize && has_raw {
            summary = sanitize::clean(&summary);
        }
        summary
    });
    let plain_text = state.plain.finish();
    let summary_text = state.split.map(|_| {
        let end = state.split_plain.min(plain_text.len());
        plain_text.get(..end).unwrap_or_default().trim().to_string()
    });
    Rendered {
        html,
        summary_html,
        summary_text,
        plain_text,
        prose_text: crate::text::description_source(&state.prose.finish()),
        toc: state.toc,
        has_code: state.has_code,
        broken_links: state.broken_links,
        unsafe_markup: state.unsafe_markup,
        heading_attributes: state.heading_attributes,
        links: state.links,
        images_without_alt: state.images_without_alt,
        duplicate_ids,
        indented_prose: state.indented_prose,
        first_image: state.first_image,
    }
}

/// The events of a summary, shown in listings: its footnote references
/// lead to the page's footnotes (see [`footnotes::in_summary`]).
fn summary_events<'e>(
    events: &'e [Event<'e>],
    resolve: &dyn Fn(&str) -> Resolved,
) -> impl Iterator<Item = Event<'e>> + 'e {
    // The page's own URL: what a fragment alone resolves to, without it.
    let mut page = String::new();
    if let Resolved::Url(url) = resolve("#fn") {
        escape_into(&mut page, url.strip_suffix("#fn").unwrap_or_default());
    }
    events.iter().map(move |event| match event {
        Event::Html(html) | Event::InlineHtml(html) => match footnotes::in_summary(html, &page) {
            Some(linked) => Event::InlineHtml(CowStr::from(linked)),
            None => event.clone(),
        },
        other => other.clone(),
    })
}

fn options() -> Options {
    // CJK-friendly emphasis: `**《代表法》**规定` is bold, as a Chinese reader
    // expects; Latin text is parsed exactly as CommonMark says.
    Options::ENABLE_CJK_FRIENDLY_EMPHASIS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Helpers for the unit tests of this module and its submodules.
#[cfg(test)]
mod test_support {
    use super::*;

    pub(super) fn no_links(_: &str) -> Resolved {
        Resolved::AsWritten
    }

    /// `@/path` → `/path/` for the paths in `known`, else broken; other
    /// destinations as written.
    pub(super) fn pages<'k>(known: &'k [&'k str]) -> impl Fn(&str) -> Resolved + 'k {
        move |dest: &str| {
            let Some(rest) = dest.strip_prefix("@/") else {
                return Resolved::AsWritten;
            };
            let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
            if !known.contains(&path) {
                return Resolved::Broken;
            }
            let fragment = if fragment.is_empty() {
                String::new()
            } else {
                format!("#{fragment}")
            };
            Resolved::Url(format!("/{}/{fragment}", path.trim_end_matches(".md")))
        }
    }

    pub(super) fn md(body: &str) -> Rendered {
        render(body, 1, &no_links)
    }

    pub(super) fn ids(toc: &[Heading]) -> Vec<String> {
        let mut out = Vec::new();
        for h in toc {
            out.push(h.id.clone());
            out.extend(ids(&h.children));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{ids, md, no_links};
    use super::*;
    use std::collections::HashSet;

    /// The examples of issue 21: emphasis, strong and strikethrough next
    /// to Chinese punctuation, as a Chinese reader expects.
    #[test]
    fn emphasis_around_chinese_punctuation() {
        let cases = [
            (
                "开展**“两学一做”**学习教育",
                "<p>开展<strong>“两学一做”</strong>学习教育</p>\n",
            ),
            (
                "根据**《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》**规定",
                "<p>根据<strong>《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》</strong>规定</p>\n",
            ),
            (
                "**《代表法》**规定了代表的权利。",
                "<p><strong>《代表法》</strong>规定了代表的权利。</p>\n",
            ),
            (
                "听取了**镇政府关于民生实事项目的报告（书面）**并进行审议",
                "<p>听取了<strong>镇政府关于民生实事项目的报告（书面）</strong>并进行审议</p>\n",
            ),
            ("这是*“重点”*工作", "<p>这是<em>“重点”</em>工作</p>\n"),
            ("会议定于~~“十月”~~召开", "<p>会议定于<del>“十月”</del>召开</p>\n"),
            ("*“重点”*", "<p><em>“重点”</em></p>\n"),
        ];
        for (source, html) in cases {
            assert_eq!(md(source).html, html, "{source}");
        }
    }

    /// Latin text keeps CommonMark's flanking rules.
    #[test]
    fn latin_emphasis_is_unchanged() {
        let cases = [
            ("a**\"foo\"**bar", "<p>a**\"foo\"**bar</p>\n"),
            ("foo*bar*", "<p>foo<em>bar</em></p>\n"),
            ("5*6*78", "<p>5<em>6</em>78</p>\n"),
            ("foo_bar_", "<p>foo_bar_</p>\n"),
            (
                "**foo \"*bar*\" foo**",
                "<p><strong>foo \"<em>bar</em>\" foo</strong></p>\n",
            ),
        ];
        for (source, html) in cases {
            assert_eq!(md(source).html, html, "{source}");
        }
    }

    /// A line break between two wide characters is no space; between
    /// Latin words, or Latin and Chinese, it stays a line break (a space).
    #[test]
    fn soft_breaks_between_wide_characters_are_dropped() {
        let cases = [
            (
                "视察了镇卫生院\n新农合登记工作。",
                "<p>视察了镇卫生院新农合登记工作。</p>\n",
            ),
            (
                "会议强调，\n要抓好落实。",
                "<p>会议强调，要抓好落实。</p>\n",
            ),
            (
                "召开**主席团会议**\n研究工作",
                "<p>召开<strong>主席团会议</strong>研究工作</p>\n",
            ),
            ("one\ntwo", "<p>one\ntwo</p>\n"),
            ("使用 Rust\n语言", "<p>使用 Rust\n语言</p>\n"),
            ("代码`x`\n后面", "<p>代码<code>x</code>\n后面</p>\n"),
        ];
        for (source, html) in cases {
            assert_eq!(md(source).html, html, "{source}");
        }
        assert_eq!(md("镇卫生院\n新农合").plain_text, "镇卫生院新农合");
    }

    /// Lines that start with a Chinese enumeration marker keep their own line
    /// (a `<br />` in the same paragraph); each form of marker.
    #[test]
    fn numbered_lines_keep_their_line() {
        let cases = [
            (
                "1.视察了镇卫生院；\n2.听取了工作汇报；\n3.提出了意见建议。",
                "<p>1.视察了镇卫生院；<br />\n2.听取了工作汇报；<br />\n3.提出了意见建议。</p>\n",
            ),
            (
                "一、总体要求\n二、主要任务",
                "<p>一、总体要求<br />\n二、主要任务</p>\n",
            ),
            (
                "（一）听取报告\n（二）审议事项",
                "<p>（一）听取报告<br />\n（二）审议事项</p>\n",
            ),
            ("1、视察\n2、座谈", "<p>1、视察<br />\n2、座谈</p>\n"),
            ("(1)视察\n(2)座谈", "<p>(1)视察<br />\n(2)座谈</p>\n"),
            ("①视察\n②座谈", "<p>①视察<br />\n②座谈</p>\n"),
            (
                "会议议程如下：\n**一、**听取报告",
                "<p>会议议程如下：<br />\n<strong>一、</strong>听取报告</p>\n",
            ),
            // A number, not a marker, and a bracket that holds no number.
            ("全年投入\n2.5亿元", "<p>全年投入\n2.5亿元</p>\n"),
            ("报告（书面）\n（书面）", "<p>报告（书面）（书面）</p>\n"),
        ];
        for (source, html) in cases {
            assert_eq!(md(source).html, html, "{source}");
        }
        assert_eq!(md("一、甲\n二、乙").plain_text, "一、甲\n二、乙");
    }

    #[test]
    fn footnotes_strikethrough_and_tasks() {
        let r = md("正文[^note]。~~删除~~\n\n[^note]: 脚注内容。\n\n- [x] 已办\n- [ ] 待办\n");
        assert_eq!(
            r.html,
            "<p>正文<sup class=\"footnote-ref\"><a href=\"#fn-note\" id=\"fnref-note\">1</a></sup>。<del>删除</del></p>\n\
             <ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n已办</li>\n\
             <li><input disabled=\"\" type=\"checkbox\"/>\n待办</li>\n</ul>\n\
             <section class=\"footnotes\" aria-label=\"注释\">\n<ol>\n<li id=\"fn-note\">\n\
             <p>脚注内容。 <a href=\"#fnref-note\" class=\"footnote-backref\" aria-label=\"返回正文\">↩</a></p>\n\
             </li>\n</ol>\n</section>\n"
        );
        assert_eq!(r.plain_text, "正文。删除\n已办\n待办\n脚注内容。");
    }

    /// Footnotes are numbered by first reference and listed at the end with
    /// a back-link per reference (issue 21, item 6).
    #[test]
    fn footnotes_are_collected_at_the_end() {
        let body =
            "[^b]: 乙注。\n\n甲[^a]乙[^b]再[^a]。\n\n[^a]: 甲注。\n\n[^z]: 无引用。\n\n## 标题\n";
        assert_eq!(
            md(body).html,
            "<p>甲<sup class=\"footnote-ref\"><a href=\"#fn-a\" id=\"fnref-a\">1</a></sup>\
             乙<sup class=\"footnote-ref\"><a href=\"#fn-b\" id=\"fnref-b\">2</a></sup>\
             再<sup class=\"footnote-ref\"><a href=\"#fn-a\" id=\"fnref-a-2\">1</a></sup>。</p>\n\
             <h2 id=\"标题\">标题</h2>\n\
             <section class=\"footnotes\" aria-label=\"注释\">\n<ol>\n\
             <li id=\"fn-a\">\n<p>甲注。 <a href=\"#fnref-a\" class=\"footnote-backref\" aria-label=\"返回正文\">↩</a> \
             <a href=\"#fnref-a-2\" class=\"footnote-backref\" aria-label=\"返回正文\">↩<sup>2</sup></a></p>\n</li>\n\
             <li id=\"fn-b\">\n<p>乙注。 <a href=\"#fnref-b\" class=\"footnote-backref\" aria-label=\"返回正文\">↩</a></p>\n</li>\n\
             <li id=\"fn-z\">\n<p>无引用。</p>\n</li>\n\
             </ol>\n</section>\n"
        );
        // A footnote ending in a code block gets its back-link in a paragraph;
        // a label is escaped.
        let r = md("文[^<x>]\n\n[^<x>]:\n    ```\n    code\n    ```\n");
        assert!(
            r.html
                .contains("<a href=\"#fn-&lt;x&gt;\" id=\"fnref-&lt;x&gt;\">1</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("</pre>\n<p><a href=\"#fnref-&lt;x&gt;\" class=\"footnote-backref\""),
            "{}",
            r.html
        );
    }

    /// Footnotes citing each other but cited nowhere, and a label defined
    /// twice: each listed once, ids unique (found by the property test).
    #[test]
    fn footnotes_cited_only_by_footnotes_and_defined_twice() {
        let html = md("[^a]: 甲[^b]\n\n[^b]: 乙[^a]\n\n[^a]: 重复\n").html;
        assert_eq!(
            html,
            "<section class=\"footnotes\" aria-label=\"注释\">\n<ol>\n\
             <li id=\"fn-a\">\n<p>甲<sup class=\"footnote-ref\"><a href=\"#fn-b\" id=\"fnref-b\">2</a></sup> \
             <a href=\"#fnref-a\" class=\"footnote-backref\" aria-label=\"返回正文\">↩</a></p>\n</li>\n\
             <li id=\"fn-b\">\n<p>乙<sup class=\"footnote-ref\"><a href=\"#fn-a\" id=\"fnref-a\">1</a></sup> \
             <a href=\"#fnref-b\" class=\"footnote-backref\" aria-label=\"返回正文\">↩</a></p>\n</li>\n\
             <li>\n<p>重复</p>\n</li>\n</ol>\n</section>\n"
        );
    }

    /// The footnote list survives the sanitizer of bodies with raw HTML.
    #[test]
    fn footnotes_survive_sanitizing() {
        let sanitized = md("文<span>字</span>[^1]\n\n[^1]: 注。\n").html;
        let trusted = render_with(
            "文<span>字</span>[^1]\n\n[^1]: 注。\n",
            1,
            &no_links,
            RawHtml::Trust,
        )
        .html;
        assert_eq!(sanitized, trusted);
    }

    /// A trailing `{…}` that is not an attribute block stays text (issue 21,
    /// item 5); one that is keeps working.
    #[test]
    fn false_attribute_blocks_stay_text() {
        let cases = [
            (
                "## 会议议程 {第一天}",
                "<h2 id=\"会议议程-第一天\">会议议程 {第一天}</h2>\n",
            ),
            ("## 标题 {}", "<h2 id=\"标题\">标题 {}</h2>\n"),
            (
                "## 议程 {#a 第二天}",
                "<h2 id=\"议程-a-第二天\">议程 {#a 第二天}</h2>\n",
            ),
            (
                "## 议程 {autofocus}",
                "<h2 id=\"议程-autofocus\">议程 {autofocus}</h2>\n",
            ),
            (
                "## **议程** {第一天}",
                "<h2 id=\"议程-第一天\"><strong>议程</strong> {第一天}</h2>\n",
            ),
            (
                "议程 {第一天}\n---",
                "<h2 id=\"议程-第一天\">议程 {第一天}</h2>\n",
            ),
            (
                "## 会议议程 {#agenda .big}",
                "<h2 id=\"agenda\" class=\"big\">会议议程</h2>\n",
            ),
            ("## 议程 {lang=zh}", "<h2 id=\"议程\">议程</h2>\n"),
        ];
        for (source, html) in cases {
            let r = md(source);
            assert_eq!(r.html, html, "{source}");
        }
        assert!(md("## 会议议程 {第一天}").heading_attributes.is_empty());
        assert_eq!(md("## 会议议程 {第一天}").toc[0].title, "会议议程 {第一天}");
    }

    /// Bare http(s):// and www. URLs are links (GFM autolinks), also when
    /// Chinese text touches them; never inside links or code.
    #[test]
    fn bare_urls_are_links() {
        let cases = [
            (
                "详见http://www.npc.gov.cn。",
                "<p>详见<a href=\"http://www.npc.gov.cn\">http://www.npc.gov.cn</a>。</p>\n",
            ),
            (
                "网址：www.npc.gov.cn，欢迎访问",
                "<p>网址：<a href=\"http://www.npc.gov.cn\">www.npc.gov.cn</a>，欢迎访问</p>\n",
            ),
            (
                "see https://example.com/a_b_c?x=1&y=2.",
                "<p>see <a href=\"https://example.com/a_b_c?x=1&amp;y=2\">https://example.com/a_b_c?x=1&amp;y=2</a>.</p>\n",
            ),
            (
                "[人大网](http://www.npc.gov.cn) `http://x.org` <http://y.org>",
                "<p><a href=\"http://www.npc.gov.cn\">人大网</a> <code>http://x.org</code> <a href=\"http://y.org\">http://y.org</a></p>\n",
            ),
            ("文件.docx javascript:alert(1) ftp://x.org", "<p>文件.docx javascript:alert(1) ftp://x.org</p>\n"),
        ];
        for (source, html) in cases {
            assert_eq!(md(source).html, html, "{source}");
        }
        let r = md("详见http://www.npc.gov.cn。");
        assert_eq!(r.links[0].dest, "http://www.npc.gov.cn");
        // Inside a link written in raw HTML, a URL is not linked again.
        assert_eq!(
            md("见<a href=\"http://x.org\">http://x.org</a>，<A HREF='y'>www.y.cn</A>，<abbr>www.z.cn</abbr>").html,
            "<p>见<a href=\"http://x.org\">http://x.org</a>，<a href=\"y\">www.y.cn</a>，<abbr><a href=\"http://www.z.cn\">www.z.cn</a></abbr></p>\n"
        );
        assert_eq!(
            md("```\nhttp://x.org\n```").html,
            "<pre class=\"code\"><code>http://x.org\n</code></pre>\n"
        );
    }

    #[test]
    fn odd_inputs_never_panic() {
        let deep_quote = ">".repeat(1000) + " 深";
        let deep_list = "- ".repeat(500) + "x";
        let brackets = "[".repeat(5000) + &"](@/)".repeat(100);
        let stars = "*".repeat(3000) + "a" + &"*".repeat(3000);
        let inputs: Vec<&str> = vec![
            "",
            "\n",
            "<!-- more -->",
            "<!-- more -->\n<!-- more -->\n",
            "```rust\nfn unclosed(",
            "```\n",
            "~~~python\n",
            &deep_quote,
            &deep_list,
            &brackets,
            &stars,
            "# ，。！？\n## ……\n### ---\n#\n",
            "[空](@/)",
            "[空](@/#)",
            "![空](@/#x)",
            "[ref]\n\n[ref]: @/",
            "## {#}\n",
            "| a |\n|---|\n| b | c | d |\n",
            "[^]: x\n[^1]\n",
            "\u{0}\u{feff}\r\n\r\n# \u{200b}\r\n",
            "<!--",
            "- <!-- more -->\n",
            "```rust\n\"unterminated string\n",
            "####### not a heading",
        ];
        for input in inputs {
            let r = render(input, 1, &|_| Resolved::AsWritten);
            assert!(!r.html.contains("<!-- more -->"), "{input:?}");
        }
        let r = md("# ，。！？\n## ……\n");
        assert_eq!(ids(&r.toc), ["section", "section-1"]);
    }

    /// The open elements left when `html` ends, or the first close tag that
    /// does not match (raw HTML aside, pulldown-cmark's output is well formed).
    fn unbalanced(html: &str) -> Option<String> {
        const VOID: [&str; 5] = ["br", "hr", "img", "input", "col"];
        let mut open: Vec<String> = vec![];
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            let after = &rest[start + 1..];
            let end = after.find('>')?;
            let tag = &after[..end];
            rest = &after[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                if open.pop().as_deref() != Some(name.trim()) {
                    return Some(format!("</{name}> closes nothing open"));
                }
            } else if !tag.ends_with('/') {
                let name = tag
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                if !VOID.contains(&name.as_str()) {
                    open.push(name);
                }
            }
        }
        (!open.is_empty()).then(|| format!("left open: {open:?}"))
    }

    fn block() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        // A line starting with ``` or ~~~ would open a code block that swallows
        // the rest, the `<!-- more -->` line too.
        let word = || {
            "[a-z一二三*_`~\\[\\]()]{1,8}".prop_filter("no code fence", |w| {
                !w.starts_with("```") && !w.starts_with("~~~")
            })
        };
        prop_oneof![
            word().prop_map(|w| format!("{w} 段落")),
            word().prop_map(|w| format!("## {w}")),
            word().prop_map(|w| format!("- {w}\n  - {w}")),
            word().prop_map(|w| format!("> {w}\n>\n> > {w}")),
            word().prop_map(|w| format!("1. {w}\n2. **{w}**")),
            word().prop_map(|w| format!("| a | b |\n|---|---|\n| {w} | x |")),
            "[a-z<>&]{1,8}".prop_map(|w| format!("```\n{w}\n```")),
            word().prop_map(|w| format!("{w}[^1]\n\n[^1]: {w}")),
            word().prop_map(|w| format!("- [ ] {w}\n- [x] ~~{w}~~")),
        ]
    }

    /// Pieces that stress what issue 21 added: footnotes cited, defined
    /// twice, undefined, nested in quotes or in other footnotes; custom ids
    /// that copy each other or a footnote's; braces that are and are not
    /// attribute blocks; URLs touching Chinese; numbered lines.
    fn chinese_piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let label = || "[ab一]";
        let text = || "[a-z一。，（）*_{}#.:/ ]{0,6}";
        prop_oneof![
            (text(), label()).prop_map(|(t, l)| format!("{t}[^{l}]{t}")),
            (label(), text(), label()).prop_map(|(l, t, m)| format!("[^{l}]: {t}[^{m}]")),
            (label(), text()).prop_map(|(l, t)| format!("> [^{l}]: {t}")),
            (label(), text()).prop_map(|(l, t)| format!("- 项[^{l}]\n\n  [^{l}]: {t}")),
            "(same|fn-a|fnref-a|fn-一|fnref-b-2)".prop_map(|id| format!("## 标题 {{#{id}}}")),
            text().prop_map(|t| format!("## 会议 {{{t}}}")),
            text().prop_map(|t| format!("详见http://www.npc.gov.cn{t}和www.a.cn{t}")),
            text().prop_map(|t| format!("一、{t}\n二、{t}\n1.{t}\n(1){t}")),
        ]
    }

    /// Every `id="…"` in `html`.
    fn html_ids(html: &str) -> Vec<&str> {
        html.split(" id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Ids stay unique and every footnote link and back-link lands.
        #[test]
        fn footnote_links_land_and_ids_are_unique(
            pieces in proptest::collection::vec(chinese_piece(), 0..10),
        ) {
            let body = pieces.join("\n\n");
            for r in [md(&body), render_with(&body, 1, &no_links, RawHtml::Trust)] {
                let ids = html_ids(&r.html);
                let unique: HashSet<&str> = ids.iter().copied().collect();
                proptest::prop_assert_eq!(unique.len(), ids.len(), "{}", r.html);
                for target in r.html.split("href=\"#").skip(1).filter_map(|t| t.split('"').next()) {
                    if target.starts_with("fn") {
                        proptest::prop_assert!(unique.contains(target), "#{} in {}", target, r.html);
                    }
                }
                proptest::prop_assert_eq!(unbalanced(&r.html), None, "{}", r.html);
            }
        }

        #[test]
        fn summaries_are_balanced_html(
            before in proptest::collection::vec(block(), 0..6),
            after in proptest::collection::vec(block(), 0..6),
        ) {
            let body = format!("{}\n\n<!-- more -->\n\n{}\n", before.join("\n\n"), after.join("\n\n"));
            let r = md(&body);
            let summary = r.summary_html.expect("a top-level more line");
            proptest::prop_assert_eq!(unbalanced(&summary), None, "{}", summary);
            proptest::prop_assert_eq!(unbalanced(&r.html), None, "{}", r.html);
        }
    }
}
