//! Markdown bodies: every page's and section's Markdown rendered to HTML
//! once per build, with links resolved against what is published and the
//! problems found in them (broken links, unsafe markup) as diagnostics.
//!
//! The Markdown itself is `markdown`'s; what the HTML is placed in is the
//! templates' (see `renderer`).

use crate::config::Config;
use crate::content::Content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::messages::Msg;
use crate::text::TextStats;
use rayon::prelude::*;
use std::collections::HashMap;

/// A page's or section's Markdown, rendered: what `markdown` made of it
/// (read through it: `body.html`, `body.toc`, `body.links` …), with its
/// text counted. Held whole rather than copied field by field, so a field
/// `markdown` adds reaches `check` and the views without an edit here.
#[derive(Debug, Default)]
pub struct RenderedBody {
    /// The Markdown's HTML, summary, text, headings and what `check` reads;
    /// `summary_html`/`summary_text` are `None` when the summary is empty.
    pub markdown: markdown::Rendered,
    pub stats: TextStats,
}

impl std::ops::Deref for RenderedBody {
    type Target = markdown::Rendered;

    fn deref(&self) -> &markdown::Rendered {
        &self.markdown
    }
}

/// Every page's and section's body, in the order of `Content`'s pages and
/// sections.
#[derive(Debug, Default)]
pub struct Bodies {
    pub pages: Vec<RenderedBody>,
    pub sections: Vec<RenderedBody>,
}

/// Renders every page's and section's Markdown; links are resolved by the
/// rule of [`crate::links`] against what is published.
pub fn render_bodies(content: &Content, config: &Config, diags: &mut Diagnostics) -> Bodies {
    let targets = link_targets(content, config);
    let lookup = |path: &str| targets.get(path).cloned();
    let pages: Vec<(RenderedBody, Vec<Diagnostic>)> = content
        .pages
        .par_iter()
        .map(|p| render_body(content, config, &lookup, Body::of_page(p)))
        .collect();
    let sections: Vec<(RenderedBody, Vec<Diagnostic>)> = content
        .sections
        .par_iter()
        .map(|s| render_body(content, config, &lookup, Body::of_section(s)))
        .collect();
    let mut split = |v: Vec<(RenderedBody, Vec<Diagnostic>)>| {
        v.into_iter()
            .map(|(b, d)| {
                diags.extend(d);
                b
            })
            .collect::<Vec<_>>()
    };
    let pages = split(pages);
    let sections = split(sections);
    Bodies { pages, sections }
}

/// Renders page `i`'s Markdown again (after an edit), with the problems found.
pub fn render_page_body(
    content: &Content,
    config: &Config,
    i: usize,
) -> (RenderedBody, Vec<Diagnostic>) {
    let p = &content.pages[i];
    // A page has few links: looking each up beats a map of every page
    // (milliseconds per edit at 10,000 pages).
    let lookup = |path: &str| {
        published_sources(content).find_map(|(source, rel)| {
            (source.as_ref() == path).then(|| config.url_for(rel.as_ref()))
        })
    };
    render_body(content, config, &lookup, Body::of_page(p))
}

/// Every Markdown file and file copied from `content/` that is published:
/// (path under `content/`, path of its URL under the site root).
fn published_sources(
    content: &Content,
) -> impl Iterator<Item = (std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)> {
    use std::borrow::Cow;
    let pages = content
        .pages
        .iter()
        .map(|p| (Cow::from(&p.rel_path), Cow::from(&p.rel_url)));
    let sections = content
        .sections
        .iter()
        .map(|s| (Cow::from(&s.rel_path), Cow::from(&s.rel_url)));
    let assets = content.pages.iter().flat_map(|p| {
        let dir = source_dir(&p.rel_path);
        p.assets.iter().map(move |a| {
            let source = if dir.is_empty() {
                a.name.clone()
            } else {
                format!("{dir}/{}", a.name)
            };
            (
                Cow::from(source),
                Cow::from(format!("{}{}", p.rel_url, a.name)),
            )
        })
    });
    let loose = content
        .loose_files
        .iter()
        .map(|f| (Cow::from(&f.rel_out), Cow::from(&f.rel_out)));
    pages.chain(sections).chain(assets).chain(loose)
}

/// The folder of a file under `content/`: `news` for `news/a.md`, `news/a`
/// for `news/a/index.md`, `""` for `_index.md`.
pub(crate) fn source_dir(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Where each link may point: path under `content/` → URL.
fn link_targets(content: &Content, config: &Config) -> HashMap<String, String> {
    published_sources(content)
        .map(|(source, rel)| (source.into_owned(), config.url_for(&rel)))
        .collect()
}

/// A Markdown body and what its links are resolved from.
struct Body<'a> {
    text: &'a str,
    first_line: usize,
    file: &'a std::path::Path,
    rel_path: &'a str,
    rel_url: &'a str,
}

impl<'a> Body<'a> {
    fn of_page(p: &'a crate::content::Page) -> Self {
        Body {
            text: &p.body,
            first_line: p.body_line,
            file: &p.file,
            rel_path: &p.rel_path,
            rel_url: &p.rel_url,
        }
    }

    fn of_section(s: &'a crate::content::Section) -> Self {
        Body {
            text: &s.body,
            first_line: s.body_line,
            file: &s.file,
            rel_path: &s.rel_path,
            rel_url: &s.rel_url,
        }
    }
}

fn render_body(
    content: &Content,
    config: &Config,
    lookup: &(dyn Fn(&str) -> Option<String> + Sync),
    body: Body<'_>,
) -> (RenderedBody, Vec<Diagnostic>) {
    let raw_html = if config.markdown.unsafe_html {
        markdown::RawHtml::Trust
    } else {
        markdown::RawHtml::Sanitize
    };
    let page_url = config.url_for(body.rel_url);
    let linker = crate::links::Linker {
        base_path: config.base_path(),
        dir: source_dir(body.rel_path),
        page_url: &page_url,
        lookup,
    };
    let resolve = |dest: &str| linker.resolve(dest);
    let file = body.file;
    let r = markdown::render_with(body.text, body.first_line, &resolve, raw_html);
    let mut problems: Vec<Diagnostic> = r
        .broken_links
        .iter()
        .filter_map(|l| {
            let target = crate::links::page_target(&l.target, source_dir(body.rel_path));
            let msg = if content.unpublished.contains(&target) {
                Msg::LinkToUnpublished {
                    target: l.target.clone(),
                }
            } else if content.unreadable.contains(&target) {
                // That file's own error is reported already.
                return None;
            } else {
                Msg::BrokenLink {
                    target: l.target.clone(),
                }
            };
            Some(Diagnostic::error(msg).at(file, Some(l.line)))
        })
        .collect();
    if !config.markdown.unsafe_html {
        problems.extend(r.unsafe_markup.iter().map(|u| {
            Diagnostic::error(Msg::UnsafeHtml {
                what: u.what.clone(),
            })
            .at(file, Some(u.line))
        }));
        problems.extend(r.heading_attributes.iter().map(|a| {
            Diagnostic::error(Msg::HeadingAttribute {
                name: a.what.clone(),
            })
            .at(file, Some(a.line))
        }));
    }
    let stats = crate::text::text_stats(&r.plain_text);
    let mut markdown = r;
    // A `<!-- more -->` at the very top leaves nothing to show: fall back.
    markdown.summary_html = markdown.summary_html.filter(|s| !s.trim().is_empty());
    markdown.summary_text = markdown.summary_text.filter(|s| !s.is_empty());
    (RenderedBody { markdown, stats }, problems)
}
