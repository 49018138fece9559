//! The template context: the JSON each template receives (documented in
//! `docs/template-context.md`).
//!
//! Fills the views of a page ([`page_summary`]) and of `site`
//! ([`site_globals`]). Each page is turned into JSON once
//! ([`summary_json`]) and the listings reuse those values, so rendering
//! does not serialize the site again for every output. Choosing which
//! outputs exist is `plan`'s business; the views' shapes are `views`'.

use super::views::{
    AssetView, DisclosureView, FrameView, Link, Ordered, PageSummary, SectionLink, SiteGlobals,
    TermLink,
};
use super::RenderedBody;
use crate::config::Config;
use crate::content::{Content, Page};
use crate::dates::{rfc2822, rfc3339, ymd_zh};
use crate::derive::Derived;
use crate::text::human_size;
use chrono::NaiveDateTime;
use std::collections::HashMap;

fn iso_date(d: &Option<NaiveDateTime>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The date part in Chinese, written straight from the date (no text round trip).
fn zh_date(d: &Option<NaiveDateTime>) -> String {
    d.map(|d| ymd_zh(d.date())).unwrap_or_default()
}

/// Escapes text for HTML element content (and XML: the templates' autoescape);
/// see the `html` module.
pub fn escape_html(s: &str) -> String {
    crate::html::escape(s)
}

/// URLs of taxonomy terms by (taxonomy, term name).
pub type TermUrls = HashMap<(&'static str, String), String>;

pub fn term_urls(derived: &Derived, config: &Config) -> TermUrls {
    let mut out = HashMap::new();
    for tax in &derived.taxonomies {
        for term in &tax.terms {
            out.insert(
                (tax.name, term.name.clone()),
                config.url_for(&format!("{}/{}/", tax.name, term.slug)),
            );
        }
    }
    out
}

/// How many of a page's categories and of its tags its summary carries.
/// Listings show a few; a page with 4,000 tags is listed on 4,000 term pages,
/// and carrying them all there made a build quadratic in its tags.
pub(crate) const LISTED_TERMS: usize = 20;

/// `{name, url}` of each of `names` that is a term of `tax`, at most `limit`.
pub(crate) fn term_links<'a>(
    tax: &'static str,
    names: &'a [String],
    urls: &'a TermUrls,
    limit: usize,
) -> Vec<TermLink<'a>> {
    names
        .iter()
        .take(limit)
        .filter_map(|n| {
            let n = n.trim();
            urls.get(&(tax, n.to_string()))
                .map(|url| TermLink { name: n, url })
        })
        .collect()
}

/// What a page's summary reads beside the page: the site, the URLs it
/// links to, and the day the build takes as today (for days left).
#[derive(Clone, Copy)]
pub(crate) struct SummaryInputs<'a> {
    pub config: &'a Config,
    pub content: &'a Content,
    pub urls: &'a TermUrls,
    pub links: &'a crate::content::kinds::Links,
    pub today: chrono::NaiveDate,
}

/// A page as listings see it: everything but its content and table of
/// contents, with at most `terms` of its categories and of its tags.
pub(crate) fn page_summary<'a>(
    page: &'a Page,
    body: &'a RenderedBody,
    inputs: &SummaryInputs<'a>,
    terms: usize,
) -> PageSummary<'a> {
    let SummaryInputs {
        config,
        content,
        urls,
        links,
        today,
    } = *inputs;
    let section = &content.sections[page.section];
    let summary = match (&body.summary_html, &page.front.summary) {
        (Some(html), _) => html.clone(),
        (None, Some(text)) => format!("<p>{}</p>", escape_html(text.trim())),
        (None, None) => format!(
            "<p>{}</p>",
            escape_html(&crate::text::truncate_chars(
                &body.prose_text,
                crate::text::DESCRIPTION_CHARS,
            ))
        ),
    };
    let disclosure = page.front.disclosure.as_ref().map(|d| DisclosureView {
        index_no: d.index_no.as_ref().map_or("", |i| i.get_ref().as_str()),
        org: &config.org.name,
        topic: d.topic(&page.front.categories),
        doc_no: d.doc_no.trim(),
        date_zh: zh_date(&page.date),
        method: d.method(),
        validity: d.validity(),
        in_force: d.validity() == crate::content::front_matter::VALIDITIES[0],
    });
    let page_url = config.url_for(&page.rel_url);
    let assets = page
        .assets
        .iter()
        .map(|a| AssetView {
            name: &a.name,
            url: format!("{page_url}{}", a.name),
            ext: a
                .name
                .rsplit_once('.')
                .map(|(_, e)| e.to_lowercase())
                .unwrap_or_default(),
            size: a.size,
            size_human: human_size(a.size),
        })
        .collect();
    let asset = |name: &str| {
        attachment(content, page, name).map(|(rel, size)| (config.url_for(&rel), size))
    };
    let kinds = crate::content::kinds::context(&page.front, config, today, links, &asset);
    PageSummary {
        title: &page.front.title,
        slug: &page.slug,
        kind: page.kind.as_str(),
        kind_label: page.kind.label(),
        url: page_url,
        permalink: config.permalink_for(&page.rel_url),
        source_path: &page.rel_path,
        date: iso_date(&page.date),
        updated: iso_date(&page.updated),
        date_zh: zh_date(&page.date),
        updated_zh: zh_date(&page.updated),
        date_rfc3339: page.date.as_ref().map(rfc3339).unwrap_or_default(),
        date_rfc2822: page.date.as_ref().map(rfc2822).unwrap_or_default(),
        updated_rfc3339: page
            .updated
            .or(page.date)
            .as_ref()
            .map(rfc3339)
            .unwrap_or_default(),
        year: page.date.map_or(0, |d| chrono::Datelike::year(&d)),
        month: page.date.map_or(0, |d| chrono::Datelike::month(&d)),
        draft: page.front.draft,
        summary,
        author: page.front.author.as_deref().unwrap_or_default(),
        source: page.front.source.as_deref().unwrap_or_default(),
        categories: term_links("categories", &page.front.categories, urls, terms),
        tags: term_links("tags", &page.front.tags, urls, terms),
        char_count: body.stats.cjk_chars,
        word_count: body.stats.latin_words,
        reading_time: crate::text::reading_time_minutes(&body.stats),
        has_code: body.has_code,
        disclosure,
        assets,
        section: SectionLink {
            title: &section.front.title,
            url: config.url_for(&section.rel_url),
        },
        extra: crate::tomlx::to_json(&toml::Value::Table(page.front.extra.clone())),
        kinds: Ordered(kinds),
    }
}

/// [`page_summary`] with [`LISTED_TERMS`] terms, as JSON text: what
/// `prepared` keeps of each page for the listings.
pub(crate) fn summary_json(
    page: &Page,
    body: &RenderedBody,
    inputs: &SummaryInputs<'_>,
) -> super::summary::Summary {
    super::summary::Summary::of(&page_summary(page, body, inputs, LISTED_TERMS))
}

/// A file named in a page's front matter (`report = "pcs.pdf"`), taken from
/// the page's folder as a Markdown link is (see [`crate::links`]): an
/// attachment of an `index.md` page, or a file copied from `content/` (one
/// beside a single-file page). Its path under the site root, and its size.
pub(crate) fn attachment(content: &Content, page: &Page, name: &str) -> Option<(String, u64)> {
    if name.is_empty() {
        return None;
    }
    let dir = super::source_dir(&page.rel_path);
    let source = crate::links::join(dir, name)?;
    if page.bundle_dir.is_some() {
        let asset = page
            .assets
            .iter()
            .find(|a| crate::links::join(dir, &a.name).as_deref() == Some(&source));
        if let Some(a) = asset {
            return Some((format!("{}{}", page.rel_url, a.name), a.size));
        }
    }
    let loose = content.loose_files.iter().find(|f| f.rel_out == source)?;
    let size = std::fs::metadata(&loose.source).map_or(0, |m| m.len());
    Some((loose.rel_out.clone(), size))
}

/// What `<meta name="description">` says of a page: its summary as plain
/// text (the part before `<!-- more -->`, else front matter `summary`, else
/// the start of its prose), at most 120 characters. Made here rather than
/// with `striptags | truncate` in the template: that is 2% of a build, and
/// leaves entities such as `&amp;` to be escaped twice.
pub fn page_description(page: &Page, body: &RenderedBody) -> String {
    let text = body
        .summary_text
        .as_deref()
        .or(page.front.summary.as_deref())
        .unwrap_or(&body.prose_text);
    crate::text::truncate_chars(text, crate::text::DESCRIPTION_CHARS)
}

/// `site`, without `nav` (which depends on the current page) and the
/// cached parts (rendered later).
pub(crate) fn site_globals(config: &Config) -> SiteGlobals {
    SiteGlobals {
        title: config.title.clone(),
        description: config.description.clone(),
        base_url: config.base_url.clone(),
        base_path: config.base_path().to_string(),
        language: config.language.clone(),
        org: config.org.clone(),
        extra: crate::tomlx::to_json(&toml::Value::Table(config.extra.clone())),
        feed_url: config.url_for("rss.xml"),
        atom_url: config.url_for("atom.xml"),
        search_url: if config.search.enabled {
            config.url_for(crate::render::SEARCH_DIR)
        } else {
            String::new()
        },
        generator: concat!("gongkai ", env!("CARGO_PKG_VERSION")),
        frame: frame_view(config),
        cached: None,
    }
}

/// `site.frame`: the footer's registration links and badges as URLs.
fn frame_view(config: &Config) -> FrameView {
    let src = |path: &str| {
        if path.is_empty() {
            String::new()
        } else {
            config.url_for(path.trim_start_matches('/'))
        }
    };
    FrameView {
        police_record_url: config.org.police_record_url(),
        police_badge_src: src(&config.org.police_badge),
        gov_badge_src: src(&config.org.gov_badge),
        site_map_url: config.url_for(crate::render::SITE_MAP_DIR),
        favicon_src: match config.org.favicon.as_str() {
            "" => config.url_for("favicon.svg"),
            path => src(path),
        },
    }
}

/// A link to a page (its title and URL).
pub(crate) fn page_link(page: &Page, config: &Config) -> Link {
    Link {
        title: page.front.title.clone(),
        url: config.url_for(&page.rel_url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(3 * 1024 * 1024), "3.0 MB");
    }

    #[test]
    fn dates_carry_china_time() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 9, 8)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("date");
        assert_eq!(rfc3339(&d), "2026-09-08T00:00:00+08:00");
        assert_eq!(rfc2822(&d), "Tue, 8 Sep 2026 00:00:00 +0800");
    }

    proptest::proptest! {
        /// Loading keeps years in range; these must not panic whatever reaches them.
        #[test]
        fn feed_dates_never_panic(days in -100_000_000i32..100_000_000, secs in 0u32..86_400) {
            let d = chrono::NaiveDate::from_num_days_from_ce_opt(days)
                .and_then(|d| d.and_hms_opt(secs / 3600, secs / 60 % 60, secs % 60));
            if let Some(d) = d {
                let (a, b) = (rfc2822(&d), rfc3339(&d));
                let year = chrono::Datelike::year(&d);
                proptest::prop_assert_eq!(a.is_empty(), !(0..=9999).contains(&year));
                proptest::prop_assert_eq!(b.is_empty(), !(0..=9999).contains(&year));
            }
        }
    }
}
