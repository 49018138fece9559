//! Footnotes collected at the end of the page, with links back, as readers
//! of GitHub and of printed reports expect.
//!
//! pulldown-cmark gives each footnote definition where it is written. Here
//! the definitions are taken out of the stream and put, in the order of
//! their first reference, into one list at the end:
//!
//! ```html
//! <p>正文<sup class="footnote-ref"><a href="#fn-1" id="fnref-1">1</a></sup></p>
//! <section class="footnotes" aria-label="注释">
//! <ol>
//! <li id="fn-1">
//! <p>注释。 <a href="#fnref-1" class="footnote-backref" aria-label="返回正文">↩</a></p>
//! </li>
//! </ol>
//! </section>
//! ```
//!
//! A footnote referenced twice gets a second back-link (`↩²` to
//! `#fnref-1-2`); footnotes cited only inside footnotes follow; a definition
//! nobody cites is listed too, without back-link (the author's text is not
//! lost), and so is a second definition of a label, without id. Ids are `fn-` and
//! `fnref-` followed by the label, so they never collide with heading ids
//! (those are kept apart by the caller, [`reserved_ids`] says which).
//!
//! Left to others: rendering what is inside a footnote, and escaping (the
//! markup is made here from escaped labels; the caller sanitizes bodies with
//! raw HTML as a whole).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Prefix of a footnote's id (`fn-1`), as links to footnotes expect.
pub(super) const DEF_PREFIX: &str = "fn-";
/// Prefix of a footnote reference's id (`fnref-1`), the back-links' target.
const REF_PREFIX: &str = "fnref-";
/// How the markup of a reference starts.
const REF_OPEN: &str = "<sup class=\"footnote-ref\"><a href=\"";

/// A reference's markup as a summary shown in a listing needs it: its link
/// leads to the footnote on the page (`page`, already escaped, before the
/// `#`), and it has no id (a listing shows several pages' references, and
/// nothing links back to them there). None for other markup.
pub(super) fn in_summary(html: &str, page: &str) -> Option<String> {
    let rest = html.strip_prefix(REF_OPEN)?;
    let id = rest.find("\" id=\"")? + 1;
    let id_end = id + 5 + rest[id + 5..].find('"')? + 1;
    Some(format!(
        "{REF_OPEN}{page}{}{}",
        &rest[..id],
        &rest[id_end..]
    ))
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// The ids footnotes take in a page with these events.
pub(super) fn reserved_ids(events: &[Spanned<'_>]) -> Vec<String> {
    let mut ids = Vec::new();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (event, _) in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => ids.push(def_id(label)),
            Event::FootnoteReference(label) => {
                let n = counts.entry(label.as_ref()).or_insert(0);
                *n += 1;
                ids.push(ref_id(label, *n));
            }
            _ => {}
        }
    }
    ids
}

fn def_id(label: &str) -> String {
    format!("{DEF_PREFIX}{label}")
}

/// The id of the `n`th reference (from 1) to `label`.
fn ref_id(label: &str, n: usize) -> String {
    if n == 1 {
        format!("{REF_PREFIX}{label}")
    } else {
        format!("{REF_PREFIX}{label}-{n}")
    }
}

/// A footnote definition taken out of the stream.
struct Definition<'a> {
    label: CowStr<'a>,
    events: Vec<Spanned<'a>>,
}

/// Moves the footnote definitions of `events` into a list at the end, and
/// turns references into numbered links with ids for the back-links.
/// `escape` escapes text for HTML.
pub(super) fn collect_at_end<'a>(
    events: Vec<Spanned<'a>>,
    escape: fn(&mut String, &str),
) -> Vec<Spanned<'a>> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::FootnoteDefinition(_))))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 8);
    let mut definitions: Vec<Definition<'a>> = Vec::new();
    let mut open: Vec<Definition<'a>> = Vec::new();
    for (event, range) in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => open.push(Definition {
                label,
                events: Vec::new(),
            }),
            Event::End(TagEnd::FootnoteDefinition) => definitions.extend(open.pop()),
            other => match open.last_mut() {
                Some(definition) => definition.events.push((other, range)),
                None => out.push((other, range)),
            },
        }
    }
    // An unclosed definition (never from pulldown-cmark) keeps its text.
    definitions.extend(open.into_iter().rev());

    let mut numbering = Numbering::new(&definitions, escape);
    let mut body: Vec<Spanned<'a>> = out
        .into_iter()
        .map(|(e, r)| (numbering.rewrite(e), r))
        .collect();
    // Footnotes cited inside footnotes are listed after those cited in the
    // text; one cited nowhere comes after all footnotes listed before it.
    let mut next = 0;
    // Definitions before this one are all listed (a listed one stays listed).
    let mut unlisted = 0;
    loop {
        while let Some(&d) = numbering.order.get(next) {
            next += 1;
            let events = std::mem::take(&mut definitions[d].events);
            definitions[d].events = events
                .into_iter()
                .map(|(e, r)| (numbering.rewrite(e), r))
                .collect();
        }
        while unlisted < definitions.len() && numbering.number[unlisted] != 0 {
            unlisted += 1;
        }
        if unlisted == definitions.len() {
            break;
        }
        numbering.list(unlisted);
    }

    let end = body.last().map_or(0..0, |(_, r)| r.end..r.end);
    body.push((
        Event::Html("<section class=\"footnotes\" aria-label=\"注释\">\n<ol>\n".into()),
        end.clone(),
    ));
    for &d in &numbering.order {
        let definition = std::mem::replace(
            &mut definitions[d],
            Definition {
                label: CowStr::Borrowed(""),
                events: Vec::new(),
            },
        );
        // A second definition of a label gets no id (the first has it).
        let first = numbering.defined.get(definition.label.as_ref()) == Some(&d);
        push_item(&mut body, definition, first, numbering.refs[d], escape);
    }
    body.push((Event::Html("</ol>\n</section>\n".into()), end));
    body
}

/// The footnotes' numbers: the order they are listed in, each one's number
/// (its place in the list) and how often it is cited.
struct Numbering {
    /// Label → index of its first definition.
    defined: HashMap<String, usize>,
    /// Definitions in the order they are listed.
    order: Vec<usize>,
    /// Each definition's number from 1; 0 while not listed yet.
    number: Vec<usize>,
    refs: Vec<usize>,
    escape: fn(&mut String, &str),
}

impl Numbering {
    fn new(definitions: &[Definition<'_>], escape: fn(&mut String, &str)) -> Self {
        let mut defined = HashMap::new();
        for (i, d) in definitions.iter().enumerate() {
            defined.entry(d.label.to_string()).or_insert(i);
        }
        Numbering {
            defined,
            order: Vec::new(),
            number: vec![0; definitions.len()],
            refs: vec![0; definitions.len()],
            escape,
        }
    }

    /// The number of definition `d`, listing it next if it is not yet.
    fn list(&mut self, d: usize) -> usize {
        if self.number[d] == 0 {
            self.order.push(d);
            self.number[d] = self.order.len();
        }
        self.number[d]
    }

    /// A reference as a numbered link; an undefined one as the text written.
    fn rewrite<'a>(&mut self, event: Event<'a>) -> Event<'a> {
        let Event::FootnoteReference(label) = event else {
            return event;
        };
        match self.defined.get(label.as_ref()).copied() {
            Some(d) => {
                let number = self.list(d);
                self.refs[d] += 1;
                Event::Html(reference_html(&label, self.refs[d], number, self.escape).into())
            }
            None => Event::Text(format!("[^{label}]").into()),
        }
    }
}

/// `<sup>` with the link to footnote `label`, the `n`th reference to it,
/// shown as `number`.
fn reference_html(label: &str, n: usize, number: usize, escape: fn(&mut String, &str)) -> String {
    let mut html = String::from(REF_OPEN);
    html.push('#');
    escape(&mut html, &def_id(label));
    html.push_str("\" id=\"");
    escape(&mut html, &ref_id(label, n));
    let _ = write!(html, "\">{number}</a></sup>");
    html
}

/// One `<li>` of the list: the definition's events with its back-links at
/// the end of its last paragraph (or in a paragraph of their own).
fn push_item<'a>(
    body: &mut Vec<Spanned<'a>>,
    definition: Definition<'a>,
    with_id: bool,
    refs: usize,
    escape: fn(&mut String, &str),
) {
    let range = definition
        .events
        .first()
        .map_or(0..0, |(_, r)| r.start..r.start);
    let mut open = String::from("<li");
    if with_id {
        open.push_str(" id=\"");
        escape(&mut open, &def_id(&definition.label));
        open.push('"');
    }
    open.push_str(">\n");
    body.push((Event::Html(open.into()), range.clone()));
    let backlinks = backlinks_html(&definition.label, refs, escape);
    let mut events = definition.events;
    let last_paragraph_end = events
        .iter()
        .rposition(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))
        .filter(|&i| i + 1 == events.len());
    match (last_paragraph_end, backlinks) {
        (Some(i), Some(links)) => {
            let r = events[i].1.clone();
            events.insert(i, (Event::Html(links.into()), r));
        }
        (None, Some(links)) => {
            let r = events.last().map_or(range.clone(), |(_, r)| r.clone());
            events.push((
                Event::Html(format!("<p>{}</p>\n", links.trim_start()).into()),
                r,
            ));
        }
        (_, None) => {}
    }
    body.extend(events);
    body.push((Event::Html("</li>\n".into()), range));
}

/// The back-links of a footnote referenced `refs` times: `↩`, then `↩²` …
fn backlinks_html(label: &str, refs: usize, escape: fn(&mut String, &str)) -> Option<String> {
    if refs == 0 {
        return None;
    }
    let mut html = String::new();
    for n in 1..=refs {
        html.push_str(" <a href=\"#");
        escape(&mut html, &ref_id(label, n));
        html.push_str("\" class=\"footnote-backref\" aria-label=\"返回正文\">↩");
        if n > 1 {
            let _ = write!(html, "<sup>{n}</sup>");
        }
        html.push_str("</a>");
    }
    Some(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_in_a_summary_leads_to_the_page_and_has_no_id() {
        let html = reference_html("a&b", 1, 1, crate::html::escape_into);
        assert_eq!(
            html,
            "<sup class=\"footnote-ref\"><a href=\"#fn-a&amp;b\" id=\"fnref-a&amp;b\">1</a></sup>"
        );
        assert_eq!(
            in_summary(&html, "/rd/a/").as_deref(),
            Some("<sup class=\"footnote-ref\"><a href=\"/rd/a/#fn-a&amp;b\">1</a></sup>")
        );
        assert_eq!(in_summary("<sup>1</sup>", "/rd/a/"), None);
    }
}
