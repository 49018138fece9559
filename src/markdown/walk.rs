//! The event walker: one pass over pulldown-cmark's events that builds the
//! events for the HTML writer (heading ids set, tables wrapped, code blocks
//! highlighted, destinations resolved, comments and the more marker left
//! out) and, on the way, the plain and prose text, the table of contents,
//! the links, and the problems found.
//!
//! Left to others: the rewrites done on the stream before it (the sibling
//! modules `attrs`, `breaks`, `autolink`, `footnotes`), choosing the heading
//! ids ([`super::ids`]), writing and sanitizing the HTML ([`super::raw`],
//! [`crate::sanitize`]).

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::highlight::{code_block_html, code_lang};
use super::lines::LineIndex;
use super::plain::PlainText;
use super::raw::{img_without_alt, is_more_marker};
use super::rendered::{Heading, LinkProblem, LinkRef, RawHtml, Resolved, UnsafeMarkup};
use crate::sanitize;
use crate::text::is_wide;

/// A heading being read: its level and id, and its text so far.
struct OpenHeading {
    level: u8,
    id: String,
    title: String,
}

/// A code block being read: its language and its text so far.
struct OpenCode {
    lang: Option<String>,
    text: String,
    /// The line of an indented (not fenced) block.
    indented_at: Option<usize>,
}

/// The event transformation, one event at a time.
pub(super) struct State<'a> {
    /// Events for the HTML writer.
    pub(super) out: Vec<Event<'a>>,
    pub(super) plain: PlainText,
    /// Text of paragraphs and lists only, for automatic summaries.
    pub(super) prose: PlainText,
    /// How many headings and tables are open (their text is not prose).
    non_prose: usize,
    pub(super) toc: Vec<Heading>,
    heading_ids: std::vec::IntoIter<String>,
    heading: Option<OpenHeading>,
    code: Option<OpenCode>,
    /// The `Html` events of an HTML block being read, with their lines.
    html_block: Option<Vec<(Event<'a>, usize)>>,
    /// How many tags are open in `out`.
    depth: usize,
    /// How many images are open (their alt text is not plain text).
    image_depth: usize,
    /// Length of `out` where the summary ends.
    pub(super) split: Option<usize>,
    /// Length of `plain` at the split: the summary's text.
    pub(super) split_plain: usize,
    pub(super) has_code: bool,
    pub(super) broken_links: Vec<LinkProblem>,
    pub(super) unsafe_markup: Vec<UnsafeMarkup>,
    pub(super) heading_attributes: Vec<UnsafeMarkup>,
    raw_html: RawHtml,
    /// The user's raw HTML events: index in `out` and line.
    pub(super) raw_events: Vec<(usize, usize)>,
    pub(super) links: Vec<LinkRef>,
    /// The open image: its line and whether it has alt text so far.
    image_alt: Option<(usize, bool)>,
    pub(super) images_without_alt: Vec<usize>,
    pub(super) indented_prose: Vec<usize>,
    /// The first Markdown image's destination as published.
    pub(super) first_image: Option<String>,
}

impl<'a> State<'a> {
    /// A walker for `events` events, giving the headings `heading_ids` in
    /// order.
    pub(super) fn new(events: usize, heading_ids: Vec<String>, raw_html: RawHtml) -> Self {
        State {
            out: Vec::with_capacity(events),
            plain: PlainText::default(),
            prose: PlainText::default(),
            non_prose: 0,
            toc: Vec::new(),
            heading_ids: heading_ids.into_iter(),
            heading: None,
            code: None,
            html_block: None,
            depth: 0,
            image_depth: 0,
            split: None,
            split_plain: 0,
            has_code: false,
            broken_links: Vec::new(),
            unsafe_markup: Vec::new(),
            heading_attributes: Vec::new(),
            raw_html,
            raw_events: Vec::new(),
            links: Vec::new(),
            image_alt: None,
            images_without_alt: Vec::new(),
            indented_prose: Vec::new(),
            first_image: None,
        }
    }

    pub(super) fn event(
        &mut self,
        event: Event<'a>,
        range: &Range<usize>,
        lines: &LineIndex,
        resolve: &dyn Fn(&str) -> Resolved,
    ) {
        if let Some(code) = self.code.as_mut() {
            match event {
                Event::Text(text) => code.text.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                _ => {}
            }
            return;
        }
        let line = lines.line(range.start);
        if let Event::Html(html) | Event::InlineHtml(html) = &event {
            if img_without_alt(html) {
                self.images_without_alt.push(line);
            }
        }
        if let Some(block) = self.html_block.as_mut() {
            match event {
                Event::End(TagEnd::HtmlBlock) => self.end_html_block(),
                other => block.push((other, line)),
            }
            return;
        }
        if let Event::InlineHtml(html) = &event {
            // Comments are notes for editors, not for readers.
            if sanitize::is_comment(html) {
                return;
            }
            self.raw_events.push((self.out.len(), line));
        }
        match event {
            Event::Start(tag) => self.start(tag, range, lines, resolve),
            Event::End(end) => self.end(end),
            Event::Text(text) => {
                self.text(&text);
                self.out.push(Event::Text(text));
            }
            Event::Code(text) => {
                self.text(&text);
                self.out.push(Event::Code(text));
            }
            Event::SoftBreak => {
                self.soft_break();
                self.out.push(Event::SoftBreak);
            }
            Event::HardBreak => {
                self.soft_break();
                if self.heading.is_none() && self.image_depth == 0 {
                    self.plain.hard_break();
                    self.prose.hard_break();
                }
                self.out.push(Event::HardBreak);
            }
            Event::Rule => {
                self.end_block();
                self.out.push(Event::Rule);
            }
            other => self.out.push(other),
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(heading) = self.heading.as_mut() {
            heading.title.push_str(text);
        }
        if let Some((_, has_alt)) = self.image_alt.as_mut() {
            *has_alt |= !text.trim().is_empty();
        }
        if self.image_depth == 0 {
            self.plain.text(text);
            if self.non_prose == 0 {
                self.prose.text(text);
            }
        }
    }

    fn end_block(&mut self) {
        self.plain.end_block();
        self.prose.end_block();
    }

    fn soft_break(&mut self) {
        if let Some(heading) = self.heading.as_mut() {
            heading.title.push(' ');
        }
        if self.image_depth == 0 {
            self.plain.soft_break();
            self.prose.soft_break();
        }
    }

    fn start(
        &mut self,
        tag: Tag<'a>,
        range: &Range<usize>,
        lines: &LineIndex,
        resolve: &dyn Fn(&str) -> Resolved,
    ) {
        if is_block(&tag) {
            self.end_block();
        }
        if matches!(tag, Tag::Heading { .. } | Tag::Table(_)) {
            self.non_prose += 1;
        }
        let tag = match tag {
            Tag::CodeBlock(kind) => {
                let (lang, indented_at) = match kind {
                    CodeBlockKind::Fenced(info) => (code_lang(&info), None),
                    CodeBlockKind::Indented => (None, Some(lines.line(range.start))),
                };
                self.code = Some(OpenCode {
                    lang,
                    text: String::new(),
                    indented_at,
                });
                return;
            }
            Tag::HtmlBlock => {
                self.html_block = Some(Vec::new());
                return;
            }
            Tag::Heading {
                level,
                id: _,
                classes,
                mut attrs,
            } => {
                if self.raw_html == RawHtml::Sanitize {
                    let line = lines.line(range.start);
                    self.heading_attributes
                        .extend(attrs.drain(..).map(|(name, _)| UnsafeMarkup {
                            line,
                            what: name.to_string(),
                        }));
                }
                // Every heading was given an id by `assign_heading_ids`.
                let id = self.heading_ids.next().unwrap_or_default();
                self.heading = Some(OpenHeading {
                    level: heading_level(level),
                    id: id.clone(),
                    title: String::new(),
                });
                Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes,
                    attrs,
                }
            }
            Tag::Table(alignments) => {
                self.out.push(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\">",
                )));
                Tag::Table(alignments)
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Link {
                link_type,
                // `<renda@example.gov.cn>`: the writer adds `mailto:`.
                dest_url: if link_type == LinkType::Email {
                    dest_url
                } else {
                    self.resolve_link(dest_url, lines.line(range.start), resolve)
                },
                title,
                id,
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.image_depth += 1;
                self.image_alt = Some((lines.line(range.start), false));
                let dest_url = self.resolve_link(dest_url, lines.line(range.start), resolve);
                if self.first_image.is_none() {
                    self.first_image = Some(dest_url.to_string());
                }
                Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }
            }
            other => other,
        };
        self.depth += 1;
        self.out.push(Event::Start(tag));
    }

    fn end(&mut self, end: TagEnd) {
        self.depth = self.depth.saturating_sub(1);
        self.out.push(Event::End(end));
        match end {
            TagEnd::Heading(_) => {
                if let Some(open) = self.heading.take() {
                    let heading = Heading {
                        level: open.level,
                        id: open.id,
                        title: open.title.split_whitespace().collect::<Vec<_>>().join(" "),
                        children: Vec::new(),
                    };
                    insert_heading(&mut self.toc, heading);
                }
            }
            TagEnd::Table => self.out.push(Event::Html(CowStr::Borrowed("</div>\n"))),
            TagEnd::Image => {
                self.image_depth = self.image_depth.saturating_sub(1);
                if let Some((line, false)) = self.image_alt.take() {
                    self.images_without_alt.push(line);
                }
            }
            TagEnd::TableCell => self.plain.cell_end(),
            _ => {}
        }
        if matches!(end, TagEnd::Heading(_) | TagEnd::Table) {
            self.non_prose = self.non_prose.saturating_sub(1);
        }
        if is_block_end(end) {
            self.end_block();
        }
    }

    fn end_code(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        self.has_code = true;
        if let Some(line) = code.indented_at.filter(|_| looks_like_prose(&code.text)) {
            self.indented_prose.push(line);
        }
        self.end_block();
        self.plain.text(&code.text);
        self.end_block();
        self.out.push(Event::Html(CowStr::from(code_block_html(
            code.lang.as_deref(),
            &code.text,
        ))));
    }

    fn end_html_block(&mut self) {
        let Some(block) = self.html_block.take() else {
            return;
        };
        let content: String = block
            .iter()
            .filter_map(|(event, _)| match event {
                Event::Html(html) | Event::Text(html) => Some(html.as_ref()),
                _ => None,
            })
            .collect();
        if is_more_marker(&content) {
            if self.depth == 0 && self.split.is_none() {
                self.split = Some(self.out.len());
                self.split_plain = self.plain.text.len();
            }
            return;
        }
        self.out.push(Event::Start(Tag::HtmlBlock));
        let block: Vec<_> = block
            .into_iter()
            .filter(|(event, _)| !matches!(event, Event::Html(html) if sanitize::is_comment(html)))
            .collect();
        if block.is_empty() {
            return;
        }
        for (event, line) in block {
            self.raw_events.push((self.out.len(), line));
            self.out.push(event);
        }
        self.out.push(Event::End(TagEnd::HtmlBlock));
    }

    fn resolve_link(
        &mut self,
        dest: CowStr<'a>,
        line: usize,
        resolve: &dyn Fn(&str) -> Resolved,
    ) -> CowStr<'a> {
        if !sanitize::url_is_safe(&dest) {
            let scheme = sanitize::url_scheme(&dest).unwrap_or_default();
            self.unsafe_markup.push(UnsafeMarkup {
                line,
                what: format!("{scheme}:"),
            });
            if self.raw_html == RawHtml::Sanitize {
                return CowStr::Borrowed("#");
            }
        }
        let href = match resolve(&dest) {
            Resolved::AsWritten => dest.clone(),
            Resolved::Url(url) => CowStr::from(url),
            Resolved::Broken => {
                self.broken_links.push(LinkProblem {
                    line,
                    target: dest.to_string(),
                });
                dest.clone()
            }
        };
        self.links.push(LinkRef {
            line,
            dest: dest.to_string(),
            href: href.to_string(),
        });
        href
    }
}

/// Whether the text of an indented code block reads as prose rather than
/// code: more wide characters (Chinese text and punctuation) than other
/// visible ones. Code with a Chinese comment, or a Latin listing, does not.
fn looks_like_prose(text: &str) -> bool {
    let (wide, other) =
        text.chars()
            .filter(|c| !c.is_whitespace())
            .fold((0usize, 0usize), |(w, o), c| {
                if is_wide(c) {
                    (w + 1, o)
                } else {
                    (w, o + 1)
                }
            });
    wide > other
}

/// Tags whose start begins a new block of plain text.
fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::TableCell
    )
}

/// Tags whose end ends a block of plain text.
fn is_block_end(end: TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::TableCell
    )
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Puts `heading` under the last heading of a higher level, or at the end.
fn insert_heading(list: &mut Vec<Heading>, heading: Heading) {
    match list.last_mut() {
        Some(last) if last.level < heading.level => insert_heading(&mut last.children, heading),
        _ => list.push(heading),
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::{md, no_links, pages};
    use crate::markdown::{render, render_with, LinkProblem, RawHtml, Resolved};

    #[test]
    fn toc_nests_by_level() {
        let r = md("## 一\n### 一.1\n#### 一.1.a\n### 一.2\n## 二\n#### 二.x\n# 顶\n");
        let titles: Vec<_> = r.toc.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(titles, ["一", "二", "顶"]);
        assert_eq!(r.toc[0].children.len(), 2);
        assert_eq!(r.toc[0].children[0].title, "一.1");
        assert_eq!(r.toc[0].children[0].children[0].title, "一.1.a");
        assert_eq!(r.toc[0].children[0].children[0].level, 4);
        assert_eq!(r.toc[0].children[1].title, "一.2");
        assert_eq!(r.toc[1].children[0].title, "二.x");
        assert_eq!(r.toc[2].level, 1);
        assert!(r.toc[2].children.is_empty());
    }

    #[test]
    fn heading_title_without_markup() {
        let r = md("## 关于 *《代表法》* 的 `code` [说明](http://x)\n");
        assert_eq!(r.toc[0].title, "关于 《代表法》 的 code 说明");
        assert_eq!(r.toc[0].id, "关于-代表法-的-code-说明");
    }

    #[test]
    fn internal_links_resolved() {
        let resolve = pages(&["news/foo.md"]);
        let body =
            "见[通知](@/news/foo.md)和[第二节](@/news/foo.md#第二节)。\n\n![图](@/news/foo.md)\n";
        let r = render(body, 7, &resolve);
        assert!(
            r.html.contains("<a href=\"/news/foo/\">通知</a>"),
            "{}",
            r.html
        );
        // pulldown-cmark percent-encodes non-ASCII in hrefs; browsers decode it.
        assert!(r
            .html
            .contains("<a href=\"/news/foo/#%E7%AC%AC%E4%BA%8C%E8%8A%82\">第二节</a>"));
        assert!(r.html.contains("<img src=\"/news/foo/\""));
        assert!(r.broken_links.is_empty());
    }

    #[test]
    fn broken_internal_links_report_file_lines() {
        let resolve = pages(&["ok.md"]);
        let body = "第一行\n\n第三行有[坏链](@/news/missing.md#anchor)\n\n- 列表\n- [好](@/ok.md) 与 [空](@/)\n";
        // The body starts on line 7 of the file.
        let r = render(body, 7, &resolve);
        assert_eq!(
            r.broken_links,
            [
                LinkProblem {
                    line: 9,
                    target: "@/news/missing.md#anchor".to_owned()
                },
                LinkProblem {
                    line: 12,
                    target: "@/".to_owned()
                },
            ]
        );
        // The original destination is kept.
        assert!(
            r.html.contains("href=\"@/news/missing.md#anchor\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"/ok/\""));
    }

    #[test]
    fn every_destination_is_resolved_and_kept_with_its_href() {
        let seen = std::cell::RefCell::new(Vec::new());
        let resolve = |dest: &str| {
            seen.borrow_mut().push(dest.to_owned());
            match dest {
                "b.md" => Resolved::Url("/b/".into()),
                "gone.md" => Resolved::Broken,
                _ => Resolved::AsWritten,
            }
        };
        let r = render(
            "[a](b.md) [b](gone.md)\n![c](/images/x.png) [d](javascript:x)",
            3,
            &resolve,
        );
        // An unsafe destination never reaches the resolver.
        assert_eq!(*seen.borrow(), ["b.md", "gone.md", "/images/x.png"]);
        let hrefs: Vec<(usize, &str, &str)> = r
            .links
            .iter()
            .map(|l| (l.line, l.dest.as_str(), l.href.as_str()))
            .collect();
        assert_eq!(
            hrefs,
            [
                (3, "b.md", "/b/"),
                (3, "gone.md", "gone.md"),
                (4, "/images/x.png", "/images/x.png")
            ]
        );
        assert_eq!(r.broken_links.len(), 1);
        assert!(r.html.contains("href=\"/b/\""), "{}", r.html);
    }

    #[test]
    fn summary_split_at_more() {
        let body = "第一段[^1]。\n\n  <!-- more -->  \n\n第二段。\n\n[^1]: 注释。\n";
        let r = md(body);
        let summary = r.summary_html.as_deref().unwrap_or_default();
        assert!(summary.contains("<p>第一段"), "{summary}");
        assert!(summary.contains("footnote-ref"));
        assert!(!summary.contains("第二段"));
        // From a listing, the reference leads to the page's footnote.
        let page = |dest: &str| Resolved::Url(format!("/rd/a/{dest}"));
        let r = render(body, 1, &page);
        let summary = r.summary_html.as_deref().unwrap_or_default();
        // Without the reference's id: a listing shows several summaries.
        assert!(
            summary.contains("<sup class=\"footnote-ref\"><a href=\"/rd/a/#fn-1\">1</a></sup>"),
            "{summary}"
        );
        // On the page itself, the reference stays a fragment with its id.
        assert!(
            r.html.contains("<a href=\"#fn-1\" id=\"fnref-1\">1</a>"),
            "{}",
            r.html
        );
        assert!(!summary.contains("more"));
        assert!(r.html.contains("第二段"));
        assert!(!r.html.contains("more"), "{}", r.html);
        assert!(!r.plain_text.contains("more"));
        let text = r.summary_text.as_deref().unwrap_or_default();
        assert!(
            text.starts_with("第一段") && !text.contains("第二段"),
            "{text}"
        );

        let r = md("<!--more-->\n正文\n");
        assert_eq!(r.summary_text.as_deref(), Some(""));
        assert_eq!(r.summary_html.as_deref(), Some(""));
        assert!(!r.html.contains("more"));

        let r = md("一\n\n二\n");
        assert_eq!(r.summary_html, None);

        // Other comments stay; only the first marker splits.
        let r = md("<!-- 备注 -->\n\n甲\n\n<!-- more -->\n\n乙\n\n<!-- more -->\n\n丙\n");
        // Comments are notes for editors: not published.
        assert!(!r.html.contains("备注"), "{}", r.html);
        assert!(!r.html.contains("more"));
        let summary = r.summary_html.unwrap_or_default();
        assert!(summary.contains("甲") && !summary.contains("乙"));
        assert_eq!(r.summary_text.as_deref(), Some("甲"));
    }

    #[test]
    fn nested_more_marker_is_removed_but_does_not_split() {
        let r = md("> 引用\n> <!-- more -->\n> 更多\n");
        assert_eq!(r.summary_html, None);
        assert!(!r.html.contains("more"), "{}", r.html);
    }

    #[test]
    fn tables_are_wrapped() {
        let r = md("| 姓名 | 职务 |\n|:--|--:|\n| 张三 | 主席 |\n");
        let html = r.html.trim();
        assert!(
            html.starts_with(
                "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\"><table>"
            ),
            "{html}"
        );
        assert!(html.ends_with("</table>\n</div>"), "{html}");
        assert!(html.contains("<th style=\"text-align: left\">姓名</th>"));
        assert!(html.contains("<td style=\"text-align: right\">主席</td>"));
    }

    /// A paragraph indented by four spaces is a code block, and is listed
    /// for `check` unless it reads as code (issue 21, item 4).
    #[test]
    fn indented_prose_is_found() {
        let body = "正文。\n\n    镇人大主席团召开会议，\n    研究部署全年工作。\n\n```\n    缩进的围栏代码\n```\n\n    let x = 1; // 注释\n\n    fn main() {}\n";
        let r = render(body, 4, &no_links);
        assert_eq!(r.indented_prose, [6]);
        assert!(r.html.contains("<pre class=\"code\"><code>镇人大主席团召开会议，\n研究部署全年工作。\n</code></pre>"), "{}", r.html);
    }

    #[test]
    fn heading_attributes_keep_only_ids_and_classes() {
        let body = "文\n\n## 会议议程 {#agenda .big tabindex=0 autofocus=1 onfocus=alert(1)}\n";
        let r = render(body, 3, &no_links);
        assert!(
            r.html
                .contains("<h2 id=\"agenda\" class=\"big\">会议议程</h2>"),
            "{}",
            r.html
        );
        let found: Vec<(usize, &str)> = r
            .heading_attributes
            .iter()
            .map(|a| (a.line, a.what.as_str()))
            .collect();
        assert_eq!(found, [(5, "tabindex"), (5, "autofocus"), (5, "onfocus")]);
        let r = render_with(body, 3, &no_links, RawHtml::Trust);
        assert!(r.html.contains("onfocus=\"alert(1)\""), "{}", r.html);
        assert!(r.heading_attributes.is_empty());
    }
}
