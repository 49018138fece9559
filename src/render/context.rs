//! The template context: the JSON each template receives (documented in
//! `docs/template-context.md`).
//!
//! Each page is turned into JSON once (`page_summary`) and the listings reuse
//! those values, so rendering does not serialize the site again for every
//! output. Choosing which outputs exist is `mod.rs`'s business.

use super::RenderedBody;
use crate::config::Config;
use crate::content::{Content, Page};
use crate::dates::{rfc2822, rfc3339, ymd_zh};
use crate::derive::Derived;
use crate::markdown::Heading;
use crate::text::human_size;
use chrono::NaiveDateTime;
use serde_json::{json, Map, Value};
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

/// A page's categories and tags, all of them: what its own page shows.
pub(crate) fn all_terms(page: &Page, urls: &TermUrls) -> [(&'static str, Value); 2] {
    [
        (
            "categories",
            term_links("categories", &page.front.categories, urls, usize::MAX),
        ),
        (
            "tags",
            term_links("tags", &page.front.tags, urls, usize::MAX),
        ),
    ]
}

fn term_links(tax: &'static str, names: &[String], urls: &TermUrls, limit: usize) -> Value {
    Value::Array(
        names
            .iter()
            .take(limit)
            .filter_map(|n| {
                let n = n.trim();
                urls.get(&(tax, n.to_string()))
                    .map(|url| json!({"name": n, "url": url}))
            })
            .collect(),
    )
}

/// A page as listings see it: everything but its content and table of contents.
pub fn page_summary(
    page: &Page,
    body: &RenderedBody,
    config: &Config,
    content: &Content,
    urls: &TermUrls,
    links: &crate::content::kinds::Links,
) -> Value {
    let section = &content.sections[page.section];
    let summary = match (&body.summary_html, &page.front.summary) {
        (Some(html), _) => html.clone(),
        (None, Some(text)) => format!("<p>{}</p>", escape_html(text.trim())),
        (None, None) => format!(
            "<p>{}</p>",
            escape_html(&crate::text::truncate_chars(&body.prose_text, 120))
        ),
    };
    let disclosure = page.front.disclosure.as_ref().map_or(Value::Null, |d| {
        let topic = if d.topic.is_empty() {
            page.front.categories.first().cloned().unwrap_or_default()
        } else {
            d.topic.clone()
        };
        json!({
            "index_no": d.index_no.as_ref().map(|i| i.get_ref().clone()).unwrap_or_default(),
            "org": config.org.name,
            "topic": topic,
            "doc_no": d.doc_no,
            "date_zh": zh_date(&page.date),
        })
    });
    let page_url = config.url_for(&page.rel_url);
    let assets: Vec<Value> = page
        .assets
        .iter()
        .map(|a| {
            let ext = a
                .name
                .rsplit_once('.')
                .map(|(_, e)| e.to_lowercase())
                .unwrap_or_default();
            json!({
                "name": a.name,
                "url": format!("{page_url}{}", a.name),
                "ext": ext,
                "size": a.size,
                "size_human": human_size(a.size),
            })
        })
        .collect();
    let minutes = crate::text::reading_time_minutes(&body.stats);
    let mut value = json!({
        "title": page.front.title,
        "slug": page.slug,
        "kind": page.kind.as_str(),
        "kind_label": page.kind.label(),
        "url": page_url,
        "permalink": config.permalink_for(&page.rel_url),
        "source_path": page.rel_path,
        "date": iso_date(&page.date),
        "updated": iso_date(&page.updated),
        "date_zh": zh_date(&page.date),
        "updated_zh": zh_date(&page.updated),
        "date_rfc3339": page.date.as_ref().map(rfc3339).unwrap_or_default(),
        "date_rfc2822": page.date.as_ref().map(rfc2822).unwrap_or_default(),
        "updated_rfc3339": page.updated.or(page.date).as_ref().map(rfc3339).unwrap_or_default(),
        "year": page.date.map_or(0, |d| chrono::Datelike::year(&d)),
        "month": page.date.map_or(0, |d| chrono::Datelike::month(&d)),
        "draft": page.front.draft,
        "summary": summary,
        "author": page.front.author.clone().unwrap_or_default(),
        "source": page.front.source.clone().unwrap_or_default(),
        "categories": term_links("categories", &page.front.categories, urls, LISTED_TERMS),
        "tags": term_links("tags", &page.front.tags, urls, LISTED_TERMS),
        "char_count": body.stats.cjk_chars,
        "word_count": body.stats.latin_words,
        "reading_time": minutes,
        "has_code": body.has_code,
        "disclosure": disclosure,
        "assets": assets,
        "section": {"title": section.front.title, "url": config.url_for(&section.rel_url)},
        "extra": crate::tomlx::to_json(&toml::Value::Table(page.front.extra.clone())),
    });
    let asset = |name: &str| {
        attachment(content, page, name).map(|(rel, size)| (config.url_for(&rel), size))
    };
    for (key, table) in crate::content::kinds::context(&page.front, config, links, &asset) {
        value[key] = table;
    }
    value
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
    crate::text::truncate_chars(text, 120)
}

pub fn toc_json(toc: &[Heading]) -> Value {
    Value::Array(
        toc.iter()
            .map(|h| {
                json!({
                    "level": h.level,
                    "id": h.id,
                    "title": h.title,
                    "children": toc_json(&h.children),
                })
            })
            .collect(),
    )
}

/// A JSON object from pairs, moving the values in. (`json!` would copy every
/// value through serde, which for lists of pages is most of a build.)
pub fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// `{title, url}` or null.
pub fn link(title: &str, url: String) -> Value {
    json!({"title": title, "url": url})
}

/// Adds the variables every template gets to `vars`.
pub fn common(
    site: &Value,
    nav: &[(String, String)],
    config: &Config,
    rel_url: &str,
    breadcrumbs: Vec<Value>,
    now_year: i32,
    mut vars: Map<String, Value>,
) -> tera::Context {
    let current_url = config.url_for(rel_url);
    let mut site = site.clone();
    let nav_items: Vec<Value> = nav
        .iter()
        .map(|(title, url)| {
            let home = url == config.base_path();
            let active = if home {
                current_url == *url
            } else {
                current_url.starts_with(url.as_str())
            };
            json!({"title": title, "url": url, "active": active})
        })
        .collect();
    if let Some(obj) = site.as_object_mut() {
        obj.insert("nav".into(), Value::Array(nav_items));
    }
    vars.insert("site".into(), site);
    vars.insert("current_url".into(), Value::String(current_url));
    vars.insert(
        "current_permalink".into(),
        Value::String(config.permalink_for(rel_url)),
    );
    vars.insert("breadcrumbs".into(), Value::Array(breadcrumbs));
    vars.insert("now_year".into(), json!(now_year));
    tera::Context::from_value(Value::Object(vars)).unwrap_or_default()
}

/// `site`, without `nav` (which depends on the current page).
pub fn site_value(config: &Config) -> Value {
    json!({
        "title": config.title,
        "description": config.description,
        "base_url": config.base_url,
        "base_path": config.base_path(),
        "language": config.language,
        "org": config.org,
        "extra": crate::tomlx::to_json(&toml::Value::Table(config.extra.clone())),
        "feed_url": config.url_for("rss.xml"),
        "atom_url": config.url_for("atom.xml"),
        // Empty when `[search] enabled = false`: the theme leaves the search box out.
        "search_url": if config.search.enabled { config.url_for(crate::render::SEARCH_DIR) } else { String::new() },
        "generator": concat!("gongkai ", env!("CARGO_PKG_VERSION")),
    })
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
