//! The 信息公开目录 as the site shows it: `/gongkai/` (every document with a
//! `[disclosure]` block, newest first), `/gongkai/<year>/` and
//! `/gongkai/<topic>/` (the year and 主题分类 filters, without JavaScript)
//! and `/gongkai/gongkai.csv` (the same rows, for the county portal to
//! import).
//!
//! Which pages and topics, and their order, is `derive::catalog`'s. A
//! township publishes hundreds of documents, not thousands: one page per
//! year keeps each page short, so the catalog is not paginated. The rows
//! are plain values, like the ledger's: `deps` hashes them into the
//! output's shape, so an edit of a listed field renders the catalog again.

use super::Renderer;
use crate::derive::catalog::{self, Topic};
use serde::Serialize;

/// The folder of the catalog's outputs.
pub(crate) const CATALOG_DIR: &str = "gongkai/";
/// The CSV's file name in [`CATALOG_DIR`].
pub(crate) const CATALOG_CSV: &str = "gongkai.csv";
/// What the catalog shows for a field a document leaves empty (索引号, 主题分类).
const NONE_SHOWN: &str = "—";

/// Which rows a catalog page shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CatalogFilter {
    All,
    Year(i32),
    /// Index into `derive::catalog::topics`.
    Topic(usize),
}

/// One document as a row of the catalog.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub(crate) struct CatalogRow {
    /// 索引号, 「—」 when the document has none.
    pub index_no: String,
    pub title: String,
    /// The document's page, and its absolute address (for the CSV).
    pub url: String,
    pub permalink: String,
    /// 主题分类, 「—」 when none; its page's URL, empty when none.
    pub topic: String,
    pub topic_url: String,
    /// 文号, 「无」 when none (as the document's own block says).
    pub doc_no: String,
    /// `2026-09-08`; empty for a page without a date.
    pub date: String,
    /// 发布机构.
    pub org: String,
    pub method: String,
    pub validity: String,
}

/// A year or topic of the catalog: its page and its number of documents.
#[derive(Serialize)]
pub(crate) struct CatalogLink {
    pub name: String,
    pub url: String,
    pub count: usize,
    /// The page shown is this one.
    pub current: bool,
}

/// `/gongkai/`, `/gongkai/<year>/` or `/gongkai/<topic>/`.
#[derive(Serialize)]
pub(crate) struct CatalogView {
    /// `2026年` or the topic's name; empty on the page of all documents.
    pub filter: String,
    /// Years (newest first) and topics (by name) that have documents.
    pub years: Vec<CatalogLink>,
    pub topics: Vec<CatalogLink>,
    /// The page of all documents, and the CSV of all rows.
    pub url: String,
    pub csv_url: String,
    pub count: usize,
    pub rows: Vec<CatalogRow>,
    /// The 信息公开指南 and 年度报告, linked at the top (issue 24, NOTICE part).
    pub reports: super::disclosure_reports::DisclosureReports,
}

impl Renderer<'_> {
    fn topic_url(&self, topics: &[Topic], name: &str) -> String {
        topics
            .iter()
            .find(|t| t.name == name)
            .map(|t| self.config.url_for(&format!("{CATALOG_DIR}{}/", t.slug)))
            .unwrap_or_default()
    }

    fn catalog_row(&self, i: usize, topics: &[Topic]) -> CatalogRow {
        let p = &self.content.pages[i];
        let d = p.front.disclosure.clone().unwrap_or_default();
        let or_none = |s: &str, none: &str| match s.trim() {
            "" => none.to_string(),
            s => s.to_string(),
        };
        let topic = catalog::topic_of(p);
        CatalogRow {
            index_no: or_none(p.index_no.as_ref().map_or("", |n| n.0.as_str()), NONE_SHOWN),
            title: p.front.title.clone(),
            url: self.config.url_for(&p.rel_url),
            permalink: self.config.permalink_for(&p.rel_url),
            topic: or_none(topic, NONE_SHOWN),
            topic_url: self.topic_url(topics, topic),
            doc_no: or_none(&d.doc_no, "无"),
            date: p
                .date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            org: self.config.org.name.clone(),
            method: d.method().to_string(),
            validity: d.validity().to_string(),
        }
    }

    /// The catalog's rows, newest first, of the documents `filter` keeps.
    pub(super) fn catalog_rows(&self, filter: CatalogFilter) -> Vec<CatalogRow> {
        let pages = catalog::pages(self.content);
        let topics = catalog::topics(self.content, &pages);
        let topic = match filter {
            CatalogFilter::Topic(t) => topics.get(t).map(|t| t.name.as_str()),
            _ => None,
        };
        pages
            .iter()
            .filter(|&&i| {
                let p = &self.content.pages[i];
                match filter {
                    CatalogFilter::All => true,
                    CatalogFilter::Year(y) => catalog::year_of(p) == Some(y),
                    CatalogFilter::Topic(_) => topic == Some(catalog::topic_of(p)),
                }
            })
            .map(|&i| self.catalog_row(i, &topics))
            .collect()
    }

    /// A year's or topic's page: its name (`2026年`, 党务) and its URL
    /// relative to the site; none for the page of all documents.
    pub(super) fn catalog_filter_page(&self, filter: CatalogFilter) -> Option<(String, String)> {
        match filter {
            CatalogFilter::All => None,
            CatalogFilter::Year(y) => Some((format!("{y}年"), format!("{CATALOG_DIR}{y}/"))),
            CatalogFilter::Topic(t) => {
                let pages = catalog::pages(self.content);
                let topic = catalog::topics(self.content, &pages).into_iter().nth(t)?;
                Some((topic.name, format!("{CATALOG_DIR}{}/", topic.slug)))
            }
        }
    }

    /// The value of one page of the catalog.
    pub(super) fn catalog_value(&self, filter: CatalogFilter) -> CatalogView {
        let pages = catalog::pages(self.content);
        let topics = catalog::topics(self.content, &pages);
        let count_of = |keep: &dyn Fn(&crate::content::Page) -> bool| {
            pages
                .iter()
                .filter(|&&i| keep(&self.content.pages[i]))
                .count()
        };
        let years = catalog::years(self.content, &pages)
            .into_iter()
            .rev()
            .map(|y| CatalogLink {
                name: format!("{y}年"),
                url: self.config.url_for(&format!("{CATALOG_DIR}{y}/")),
                count: count_of(&|p| catalog::year_of(p) == Some(y)),
                current: filter == CatalogFilter::Year(y),
            })
            .collect();
        let topic_links = topics
            .iter()
            .enumerate()
            .map(|(n, t)| CatalogLink {
                name: t.name.clone(),
                url: self.config.url_for(&format!("{CATALOG_DIR}{}/", t.slug)),
                count: count_of(&|p| catalog::topic_of(p) == t.name),
                current: filter == CatalogFilter::Topic(n),
            })
            .collect();
        let filter_name = self
            .catalog_filter_page(filter)
            .map(|(name, _)| name)
            .unwrap_or_default();
        let rows = self.catalog_rows(filter);
        CatalogView {
            filter: filter_name,
            years,
            topics: topic_links,
            url: self.config.url_for(CATALOG_DIR),
            csv_url: self.config.url_for(&format!("{CATALOG_DIR}{CATALOG_CSV}")),
            count: rows.len(),
            rows,
            reports: self.disclosure_reports(),
        }
    }
}

/// The catalog's rows as CSV (`csv_table`: BOM, header, RFC 4180), the
/// links absolute so the portal can follow them.
pub(crate) fn csv_bytes(rows: &[CatalogRow]) -> Vec<u8> {
    let header = [
        "索引号",
        "标题",
        "主题分类",
        "文号",
        "发布日期",
        "发布机构",
        "公开方式",
        "效力状态",
        "链接",
    ];
    super::csv_table::bytes(
        &header,
        rows.iter().map(|r| {
            [
                &r.index_no,
                &r.title,
                &r.topic,
                &r.doc_no,
                &r.date,
                &r.org,
                &r.method,
                &r.validity,
                &r.permalink,
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_starts_with_a_bom_and_quotes_what_needs_quoting() {
        let row = CatalogRow {
            index_no: "X-1".into(),
            title: "关于\"甲\",乙\n的通知".into(),
            url: "/a/".into(),
            permalink: "https://example.gov.cn/a/".into(),
            topic: "政务".into(),
            topic_url: String::new(),
            doc_no: "无".into(),
            date: "2026-01-02".into(),
            org: "镇人大".into(),
            method: "主动公开".into(),
            validity: "已废止".into(),
        };
        let text = String::from_utf8(csv_bytes(&[row])).expect("utf-8");
        assert_eq!(
            text,
            "\u{feff}索引号,标题,主题分类,文号,发布日期,发布机构,公开方式,效力状态,链接\r\n\
             X-1,\"关于\"\"甲\"\",乙\n的通知\",政务,无,2026-01-02,镇人大,主动公开,已废止,https://example.gov.cn/a/\r\n"
        );
    }
}
