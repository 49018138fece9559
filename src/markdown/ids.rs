//! Heading ids: `{#custom}` ids as written, the others slugs of the
//! heading text (Chinese kept, punctuation dropped), all unique within the
//! page and apart from footnote ids; a custom id written twice is renamed
//! and reported ([`DuplicateId`]).
//!
//! Left to others: which ids footnotes take ([`super::footnotes`]), and
//! putting the ids on the headings ([`super::walk`]).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::lines::LineIndex;

/// A custom heading id (`{#same}`) that an earlier heading or a footnote
/// already has: the heading got `renamed` instead, as ids must be unique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateId {
    /// 1-based line of the heading in the file.
    pub line: usize,
    /// The id as written.
    pub id: String,
    /// The id the heading got.
    pub(crate) renamed: String,
}

/// The ids of the page's headings, in order: `{#custom}` ids as written
/// (a later copy of one gets a suffix, and is listed as a duplicate), the
/// others made from the heading text; none is one of the `reserved` ids.
pub(super) fn assign_heading_ids(
    events: &[(Event<'_>, Range<usize>)],
    reserved: Vec<String>,
    lines: &LineIndex,
) -> (Vec<String>, Vec<DuplicateId>) {
    let headings = heading_sources(events, lines);
    // Footnote ids and the first copy of each custom id are taken before
    // any other id.
    let mut used: HashSet<String> = reserved.into_iter().collect();
    let keeps: Vec<bool> = headings
        .iter()
        .map(|h| h.custom.as_ref().is_some_and(|id| used.insert(id.clone())))
        .collect();
    // The last suffix tried for each base, so many equal headings stay linear.
    let mut last_suffix: HashMap<String, usize> = HashMap::new();
    let mut duplicates = Vec::new();
    let mut ids = Vec::with_capacity(headings.len());
    for (heading, keep) in headings.into_iter().zip(keeps) {
        if let (true, Some(id)) = (keep, &heading.custom) {
            ids.push(id.clone());
            continue;
        }
        let base = match &heading.custom {
            Some(id) => id.clone(),
            None => slugify(&heading.title),
        };
        let mut id = base.clone();
        let n = last_suffix.entry(base.clone()).or_insert(0);
        while used.contains(&id) {
            *n += 1;
            id = format!("{base}-{n}");
        }
        used.insert(id.clone());
        if let Some(written) = heading.custom {
            duplicates.push(DuplicateId {
                line: heading.line,
                id: written,
                renamed: id.clone(),
            });
        }
        ids.push(id);
    }
    (ids, duplicates)
}

/// What a heading's id is made from.
struct HeadingSource {
    line: usize,
    /// The `{#id}` written, if any.
    custom: Option<String>,
    title: String,
}

fn heading_sources(events: &[(Event<'_>, Range<usize>)], lines: &LineIndex) -> Vec<HeadingSource> {
    let mut headings = Vec::new();
    let mut current: Option<HeadingSource> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some(HeadingSource {
                    line: lines.line(range.start),
                    custom: id.as_deref().filter(|id| !id.is_empty()).map(str::to_owned),
                    title: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(current.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(h) = current.as_mut() {
                    h.title.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = current.as_mut() {
                    h.title.push(' ');
                }
            }
            _ => {}
        }
    }
    headings
}

/// A heading id from its text: ASCII lowercased, CJK and other letters and
/// digits kept, whitespace, `-` and `_` turned into `-`, other punctuation
/// (full-width included) dropped, dashes collapsed and trimmed; `section`
/// if nothing is left.
fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        let c = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else if c.is_whitespace() || c == '-' || c == '_' {
            '-'
        } else if c.is_alphanumeric() {
            c
        } else {
            continue;
        };
        if c == '-' && (slug.is_empty() || slug.ends_with('-')) {
            continue;
        }
        slug.push(c);
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::DuplicateId;
    use super::*;
    use crate::markdown::render;
    use crate::markdown::test_support::{ids, md, no_links};

    #[test]
    fn slugs_for_chinese_headings() {
        assert_eq!(slugify("会议议程"), "会议议程");
        assert_eq!(slugify("第一章：总则（试行）"), "第一章总则试行");
        assert_eq!(
            slugify("《代表法》解读，“要点”、问答……"),
            "代表法解读要点问答"
        );
        assert_eq!(slugify("2025年 Rust 语言"), "2025年-rust-语言");
        assert_eq!(slugify("  Hello,  World!  "), "hello-world");
        assert_eq!(slugify("a_b--c - d"), "a-b-c-d");
        assert_eq!(slugify("Ünïcode Ｒ"), "Ünïcode-Ｒ");
        assert_eq!(slugify("，。！？"), "section");
        assert_eq!(slugify(""), "section");
        assert_eq!(slugify("---"), "section");
    }

    #[test]
    fn heading_ids_in_html_and_unique() {
        let r = md("# 会议议程\n\n## 会议议程\n\n## 会议议程\n\n## ？！\n\n## 。\n");
        assert!(
            r.html.contains("<h1 id=\"会议议程\">会议议程</h1>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"会议议程-1\">"));
        assert!(r.html.contains("<h2 id=\"会议议程-2\">"));
        assert!(r.html.contains("<h2 id=\"section\">"));
        assert!(r.html.contains("<h2 id=\"section-1\">"));
        assert_eq!(
            ids(&r.toc),
            [
                "会议议程",
                "会议议程-1",
                "会议议程-2",
                "section",
                "section-1"
            ]
        );
    }

    #[test]
    fn many_equal_headings_stay_unique() {
        let body = "## 会议\n".repeat(3000) + "## 会议-1\n";
        let r = md(&body);
        let all = ids(&r.toc);
        assert_eq!(all.len(), 3001);
        assert_eq!(all[2999], "会议-2999");
        assert_eq!(all[3000], "会议-1-1");
        let unique: HashSet<&String> = all.iter().collect();
        assert_eq!(unique.len(), all.len());
    }

    #[test]
    fn custom_ids_win_and_are_reserved() {
        let r = md("## 简介\n\n## 其他 {#简介}\n\n## Intro {#intro .big}\n");
        // The custom id is taken first, so the automatic one moves aside.
        assert_eq!(ids(&r.toc), ["简介-1", "简介", "intro"]);
        assert!(r.html.contains("<h2 id=\"简介\">其他</h2>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"intro\" class=\"big\">Intro</h2>"));
        assert_eq!(r.toc[1].title, "其他");
    }

    /// A custom id written twice: the second heading gets a suffix and is
    /// reported (issue 21, item 6).
    #[test]
    fn duplicate_custom_ids_get_a_suffix() {
        let r = render(
            "## 甲 {#same}\n\n## 乙 {#same}\n\n## same\n\n文[^1]\n\n## 丙 {#fn-1}\n\n[^1]: 注\n",
            3,
            &no_links,
        );
        assert_eq!(ids(&r.toc), ["same", "same-1", "same-2", "fn-1-1"]);
        assert_eq!(
            r.duplicate_ids,
            [
                DuplicateId {
                    line: 5,
                    id: "same".into(),
                    renamed: "same-1".into()
                },
                DuplicateId {
                    line: 11,
                    id: "fn-1".into(),
                    renamed: "fn-1-1".into()
                },
            ]
        );
    }

    #[test]
    fn footnote_ids_do_not_collide_with_headings() {
        let r = md("## fn 1\n\n文[^1]\n\n[^1]: 注\n");
        assert_eq!(r.toc[0].id, "fn-1-1");
    }
}
