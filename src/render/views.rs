//! The views: one `Serialize` type per thing a template receives (as Zola's
//! `content/src/ser.rs` does), so the template context is defined here
//! once, and `docs/template-context.md` is checked against these types by a
//! test (`context_doc`).
//!
//! The views borrow what they show; a page as listings show it is
//! serialized once per build ([`PageSummary`], cached as JSON by
//! `prepared`) and listings hold references to those values. The tables of
//! the content kinds (inspection, evaluation …), the units, delegates and
//! statistics are made by the kinds' own code (`content::kinds`,
//! `congress`) and held here as opaque JSON, apart from the lists of pages
//! in them, which are references to the summaries too ([`WithPages`] and
//! friends): so an output's deps note those pages rather than hash them
//! (see `deps`). Filling the views is `contexts`'; which outputs exist is
//! `plan`'s.

use super::deps::Shown;
use super::summary::Summary;
use crate::config::Org;
use crate::markdown::Heading;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// A map that keeps its keys in the order they were pushed (templates
/// iterate `latest` in section order).
#[derive(Debug, Default)]
pub(crate) struct Ordered<K, V>(pub Vec<(K, V)>);

impl<K: Serialize, V: Serialize> Serialize for Ordered<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// What every template gets, around the output's own variables.
#[derive(Serialize)]
pub(crate) struct Context<'a> {
    pub site: SiteView<'a>,
    pub current_url: String,
    pub current_permalink: String,
    pub breadcrumbs: Vec<Link>,
    pub now_year: i32,
    /// The day the build takes as today (`--as-of`), `2026-12-06`.
    pub today: String,
    /// The 政府网站发展指引 page metadata, `[{name, content}]` (see `gov_meta`).
    pub gov_meta: super::gov_meta::GovMeta,
    #[serde(flatten)]
    pub vars: Vars<'a>,
}

/// `site`: the globals of `site.toml`, the navigation and the cached parts.
#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    #[serde(flatten)]
    pub globals: &'a SiteGlobals,
    /// Absent while the `cached/` templates are rendered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nav: Option<Vec<NavItem<'a>>>,
}

/// `site` without `nav` (which depends on the current page): made once per build.
#[derive(Serialize)]
pub(crate) struct SiteGlobals {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub base_path: String,
    pub language: String,
    pub org: Org,
    pub extra: Value,
    pub feed_url: String,
    pub atom_url: String,
    /// Empty when `[search] enabled = false`: the theme leaves the search box out.
    pub search_url: String,
    pub generator: &'static str,
    /// The footer's registration links and badges (issue 24, FRAME part).
    pub frame: FrameView,
    /// `cached/NAME.html` rendered once, by NAME; absent until then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cached: Option<Ordered<String, String>>,
}

/// `site.frame`: what the footer shows of `[org]`'s registration settings,
/// as URLs ready for `href`/`src`; each empty when its setting is unset.
#[derive(Serialize)]
pub(crate) struct FrameView {
    /// The 公安 registration search for `org.police_record`.
    pub police_record_url: String,
    /// `org.police_badge` under the site's path.
    pub police_badge_src: String,
    /// `org.gov_badge` under the site's path.
    pub gov_badge_src: String,
    /// The 网站地图 page.
    pub site_map_url: String,
    /// The site's icon: `org.favicon`, else the theme's `favicon.svg`.
    pub favicon_src: String,
}

/// A column of the main navigation.
#[derive(Serialize)]
pub(crate) struct NavItem<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub active: bool,
}

/// `{title, url}`: a breadcrumb, a subsection, a page's neighbour.
#[derive(Serialize, Clone)]
pub(crate) struct Link {
    pub title: String,
    pub url: String,
}

/// The variables of one output besides the common ones.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum Vars<'a> {
    Page(Box<PageVars<'a>>),
    Section(Box<SectionVars<'a>>),
    TaxonomyList {
        taxonomy: TaxonomyView<'a>,
    },
    Term {
        taxonomy: TaxonomyView<'a>,
        term: TermView<'a>,
        paginator: Paginator<'a>,
    },
    /// `units`, `unit`, `person`, `people`, `stats`: `congress`'s view under one name.
    Congress(Ordered<&'static str, Congress<'a>>),
    Years {
        years: Vec<YearCount>,
    },
    Archive {
        archive: ArchiveView,
    },
    Feed {
        feed: FeedView<'a>,
    },
    Sitemap {
        entries: Vec<SitemapEntry>,
    },
    /// The 网站地图 (issue 24, FRAME part).
    SiteMap {
        site_map: SiteMapView,
    },
    /// The 信息公开目录 and its CSV.
    Catalog {
        gongkai: super::catalog::CatalogView,
    },
    /// The 督办台账 and its CSV.
    Ledger {
        dubans: super::ledger::LedgerView,
    },
    /// robots.txt, 404.html, the search page.
    None {},
}

/// A page's variables.
#[derive(Serialize)]
pub(crate) struct PageVars<'a> {
    pub page: PageView<'a>,
    /// The delegate this page is about (`congress`'s view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<PersonView<'a>>,
}

/// A section listing's variables.
#[derive(Serialize)]
pub(crate) struct SectionVars<'a> {
    pub section: SectionView<'a>,
    pub paginator: Paginator<'a>,
    /// The home page: each top-level section's newest pages, by folder name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest: Option<Ordered<&'a str, LatestBox<'a>>>,
    /// The first listing page of a submission section: each year's figures
    /// and pages (`congress`'s view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submissions: Option<Vec<WithPages<'a>>>,
    /// The first listing page of a report section (`congress`'s view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reports: Option<Vec<ReportYear<'a>>>,
    /// The first listing page of a delegate section (`congress`'s view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub people: Option<Vec<PersonView<'a>>>,
    /// The home page: the 督办台账's panel, when any page sets a due date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dubans_panel: Option<super::ledger::LedgerPanel>,
    /// The first listing page of a suggestion section: each year's status
    /// counts and pages (`congress`'s view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestions: Option<Vec<WithPages<'a>>>,
    /// The home page: the 评议公示 running today (issue 24, NOTICE part).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notices: Option<Vec<super::notices::NoticeLine>>,
}

/// What `congress` makes of the units, delegates and statistics: JSON
/// made by `congress` and the kinds, with the pages it lists as references
/// to their summaries.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum Congress<'a> {
    /// No page listed (the units, the delegates with counts).
    Json(Value),
    Person(PersonView<'a>),
    People(Vec<PersonView<'a>>),
    Unit(UnitView<'a>),
    Stats(StatsView<'a>),
}

/// An object of `congress`'s JSON, then the summaries of some pages under `pages`.
#[derive(Serialize)]
pub(crate) struct WithPages<'a> {
    #[serde(flatten)]
    pub head: Value,
    pub pages: Vec<Shown<&'a Summary>>,
}

/// A delegate: name, URL and profile, then their inspections and submissions.
#[derive(Serialize)]
pub(crate) struct PersonView<'a> {
    #[serde(flatten)]
    pub head: Value,
    pub inspections: PagesOrCount<'a>,
    pub submissions: PagesOrCount<'a>,
    /// 代表建议 they put forward or seconded.
    pub suggestions: PagesOrCount<'a>,
}

/// The summaries of some pages on a delegate's page; their number in the
/// list of all delegates.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum PagesOrCount<'a> {
    Pages(Vec<Shown<&'a Summary>>),
    Count(usize),
}

/// A unit: name, URL and chart, then its inspections and evaluations.
#[derive(Serialize)]
pub(crate) struct UnitView<'a> {
    #[serde(flatten)]
    pub head: Value,
    pub inspections: Vec<Shown<&'a Summary>>,
    pub evaluations: Vec<Value>,
    /// Its open items of the 督办台账, by due date.
    pub open_items: Vec<super::ledger::LedgerRow>,
    /// 代表建议 assigned to it.
    pub suggestions: Vec<Shown<&'a Summary>>,
}

/// A year of reports, by type.
#[derive(Serialize)]
pub(crate) struct ReportYear<'a> {
    pub year: i32,
    pub groups: Vec<WithPages<'a>>,
}

/// `/stats/<year>/`: the site's figures, then each kind's.
#[derive(Serialize)]
pub(crate) struct StatsView<'a> {
    #[serde(flatten)]
    pub head: Value,
    #[serde(flatten)]
    pub kinds: Ordered<&'static str, StatPart<'a>>,
}

/// What a kind adds to the statistics (`content::kinds::Stat`).
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum StatPart<'a> {
    Value(Value),
    WithPages(WithPages<'a>),
}

/// A page as listings show it: everything but its content and table of
/// contents. Serialized once per build.
#[derive(Serialize)]
pub(crate) struct PageSummary<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub url: String,
    pub permalink: String,
    pub source_path: &'a str,
    pub date: String,
    pub updated: String,
    pub date_zh: String,
    pub updated_zh: String,
    pub date_rfc3339: String,
    pub date_rfc2822: String,
    pub updated_rfc3339: String,
    pub year: i32,
    pub month: u32,
    pub draft: bool,
    pub summary: String,
    pub author: &'a str,
    pub source: &'a str,
    pub categories: Vec<TermLink<'a>>,
    pub tags: Vec<TermLink<'a>>,
    pub char_count: usize,
    pub word_count: usize,
    pub reading_time: usize,
    pub has_code: bool,
    pub disclosure: Option<DisclosureView<'a>>,
    pub assets: Vec<AssetView<'a>>,
    pub section: SectionLink<'a>,
    pub extra: Value,
    /// The page's kind table (`inspection`, `evaluation` …) as its kind makes it.
    #[serde(flatten)]
    pub kinds: Ordered<&'static str, Value>,
}

/// A page on its own output: what it shows of itself, then its neighbours.
#[derive(Serialize)]
pub(crate) struct PageView<'a> {
    #[serde(flatten)]
    pub own: Shown<Lazy<'a, OwnPage<'a>>>,
    pub newer: Option<Link>,
    pub older: Option<Link>,
}

/// What a page's own output shows of it: its summary, with all its terms,
/// plus its body.
#[derive(Serialize)]
pub(crate) struct OwnPage<'a> {
    #[serde(flatten)]
    pub summary: PageSummary<'a>,
    pub content: &'a str,
    pub description: String,
    pub toc: Vec<TocEntry<'a>>,
}

/// A value made when it is serialized: a page's own view is made only
/// when the page is rendered, not when `deps` notes that it is shown.
pub(crate) struct Lazy<'a, T>(pub Box<dyn Fn() -> T + 'a>);

impl<T: Serialize> Serialize for Lazy<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.0)().serialize(s)
    }
}

/// `{name, url}` of a category or tag.
#[derive(Serialize)]
pub(crate) struct TermLink<'a> {
    pub name: &'a str,
    pub url: &'a str,
}

/// The 信息公开 block of a page.
#[derive(Serialize)]
pub(crate) struct DisclosureView<'a> {
    pub index_no: &'a str,
    pub org: &'a str,
    pub topic: &'a str,
    /// 文号; empty when none (the block shows 无).
    pub doc_no: &'a str,
    pub date_zh: String,
    /// 公开方式 (主动公开 unless the page says).
    pub method: &'a str,
    /// 效力状态: 有效, 已修改 or 已废止.
    pub validity: &'a str,
    /// `validity` is 有效: no notice above the body.
    pub in_force: bool,
}

/// An attachment beside a page.
#[derive(Serialize)]
pub(crate) struct AssetView<'a> {
    pub name: &'a str,
    pub url: String,
    pub ext: String,
    pub size: u64,
    pub size_human: String,
}

/// The section a page is in.
#[derive(Serialize)]
pub(crate) struct SectionLink<'a> {
    pub title: &'a str,
    pub url: String,
}

/// A heading of the table of contents.
#[derive(Serialize)]
pub(crate) struct TocEntry<'a> {
    pub level: u8,
    pub id: &'a str,
    pub title: &'a str,
    pub children: Vec<TocEntry<'a>>,
}

impl<'a> TocEntry<'a> {
    pub(crate) fn of(toc: &'a [Heading]) -> Vec<TocEntry<'a>> {
        toc.iter()
            .map(|h| TocEntry {
                level: h.level,
                id: &h.id,
                title: &h.title,
                children: TocEntry::of(&h.children),
            })
            .collect()
    }
}

/// A section listing.
#[derive(Serialize)]
pub(crate) struct SectionView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub content: &'a str,
    pub url: String,
    pub permalink: String,
    pub source_path: &'a str,
    pub page_kind: &'static str,
    pub page_count: usize,
    pub subsections: Vec<Link>,
    /// Empty when the section has no feed (no pages).
    pub feed_url: String,
    pub atom_url: String,
    pub extra: Value,
}

/// One pager of a listing.
#[derive(Serialize)]
pub(crate) struct Paginator<'a> {
    /// The summaries of this pager's pages.
    pub pages: Vec<Shown<&'a Summary>>,
    pub current_index: usize,
    pub number_pagers: usize,
    pub total_pages: usize,
    pub paginate_by: usize,
    pub first: String,
    pub last: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The first, the last and those near the current one.
    pub pagers: Vec<Pager>,
}

/// A link to one pager.
#[derive(Serialize)]
pub(crate) struct Pager {
    pub index: usize,
    pub url: String,
}

/// A top-level section on the home page with its newest pages.
#[derive(Serialize)]
pub(crate) struct LatestBox<'a> {
    pub title: &'a str,
    pub url: String,
    pub weight: i64,
    pub pages: Vec<Shown<&'a Summary>>,
}

/// A taxonomy (categories, tags), with its terms on its own list.
#[derive(Serialize)]
pub(crate) struct TaxonomyView<'a> {
    pub name: &'static str,
    pub label: &'static str,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<Vec<TermView<'a>>>,
}

/// A term of a taxonomy.
#[derive(Serialize)]
pub(crate) struct TermView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub count: usize,
}

/// A year of the archive or the statistics, with its number of pages.
#[derive(Serialize)]
pub(crate) struct YearCount {
    pub year: i32,
    pub url: String,
    pub count: usize,
}

/// A neighbouring year.
#[derive(Serialize)]
pub(crate) struct YearLink {
    pub year: i32,
    pub url: String,
}

/// One year of the archive.
#[derive(Serialize)]
pub(crate) struct ArchiveView {
    pub year: i32,
    pub count: usize,
    pub groups: Vec<ArchiveGroup>,
    pub newer_year: Option<YearLink>,
    pub older_year: Option<YearLink>,
}

/// The pages of one kind in a year of the archive.
#[derive(Serialize)]
pub(crate) struct ArchiveGroup {
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub pages: Vec<Shown<ArchiveItem>>,
}

/// A page as the year archive lists it: a few fields of its summary (a
/// year holds hundreds of pages; whole summaries were most of its cost),
/// null where it has none.
#[derive(Serialize, serde::Deserialize, Default)]
#[serde(default)]
pub(crate) struct ArchiveItem {
    pub title: Value,
    pub url: Value,
    pub date: Value,
    pub date_zh: Value,
    pub kind: Value,
    pub kind_label: Value,
    pub draft: Value,
}

impl ArchiveItem {
    pub(crate) fn of(summary: &Summary) -> Self {
        summary.fields()
    }
}

/// An RSS or Atom feed.
#[derive(Serialize)]
pub(crate) struct FeedView<'a> {
    pub title: String,
    pub url: String,
    pub home_permalink: String,
    pub updated: String,
    pub updated_rfc2822: String,
    pub pages: Vec<Shown<&'a Summary>>,
}

/// A URL of `sitemap.xml`.
#[derive(Serialize)]
pub(crate) struct SitemapEntry {
    pub permalink: String,
    pub lastmod: String,
}

/// `site_map`: the 网站地图, every column with its subcolumns, then the
/// pages gongkai makes itself (issue 24, FRAME part).
#[derive(Serialize)]
pub(crate) struct SiteMapView {
    /// The home page's columns, in navigation order.
    pub columns: Vec<SiteMapColumn>,
    /// 单位, 代表, 年度统计, 年度归档, 督办台账, 分类, 标签, 搜索: those the site has.
    pub generated: Vec<SiteMapItem>,
    /// The 信息公开指南 and 年度报告 (issue 24, NOTICE part).
    pub reports: super::disclosure_reports::DisclosureReports,
}

/// A column of the 网站地图 and its subcolumns.
#[derive(Serialize)]
pub(crate) struct SiteMapColumn {
    pub title: String,
    pub url: String,
    pub description: String,
    /// Published pages of the column itself (not of its subcolumns).
    pub count: usize,
    pub children: Vec<SiteMapColumn>,
}

/// A generated page of the 网站地图, with what it counts.
#[derive(Serialize)]
pub(crate) struct SiteMapItem {
    pub title: &'static str,
    pub url: String,
    pub count: usize,
    /// What `count` counts, after the number: 个单位, 年, 项, 个 ….
    pub noun: &'static str,
}
