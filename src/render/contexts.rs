//! What each output shows: [`Renderer::view`] fills the typed view of one
//! planned output (see `views`) from the content, the derived facts and
//! what `prepared` made once per build.
//!
//! Which outputs exist is `plan`'s; the shapes of the views are `views`';
//! turning a view into bytes is `renderer`'s.

use super::context::{self, page_description, page_link};
use super::deps::Shown;
use super::plan::{pager_count, pager_rel, paginate_by, Job, Output};
use super::renderer::link;
use super::summary::Summary;
use super::views::{
    ArchiveGroup, ArchiveItem, ArchiveView, Congress, FeedView, LatestBox, Lazy, Link, Ordered,
    OwnPage, PageVars, PageView, Pager, Paginator, SectionVars, SectionView, SiteMapColumn,
    SiteMapItem, SiteMapView, SitemapEntry, TaxonomyView, TermView, TocEntry, Vars, YearCount,
    YearLink,
};
use super::{congress, Renderer};
use crate::kind::Kind;
use serde_json::Value;

/// One output's view: its template, its variables and its breadcrumbs
/// (serialized whole only for its deps; see `deps`).
#[derive(serde::Serialize)]
pub(crate) struct View<'a> {
    pub template: &'a str,
    #[serde(flatten)]
    pub vars: Vars<'a>,
    pub crumbs: Vec<Link>,
    /// The government page metadata (`gov_meta`).
    pub gov_meta: super::gov_meta::GovMeta,
}

impl<'a> View<'a> {
    fn new(template: &'a str, vars: Vars<'a>, crumbs: Vec<Link>) -> Self {
        View {
            template,
            vars,
            crumbs,
            gov_meta: Default::default(),
        }
    }

    /// A view of `congress`'s under one name.
    fn congress(template: &'a str, name: &'static str, v: Congress<'a>, crumbs: Vec<Link>) -> Self {
        View::new(template, Vars::Congress(Ordered(vec![(name, v)])), crumbs)
    }
}

/// Page `i`'s summary, as a listing shows it.
fn shown(summaries: &[Summary], i: usize) -> Shown<&Summary> {
    Shown {
        page: i,
        value: &summaries[i],
    }
}

impl<'a> Renderer<'a> {
    /// The view of one output, with its page metadata.
    pub(crate) fn view(&self, out: &Output) -> View<'a> {
        View {
            gov_meta: self.gov_meta(&out.job),
            ..self.job_view(out)
        }
    }

    fn job_view(&self, out: &Output) -> View<'a> {
        match &out.job {
            Job::Page(i) => self.page_view(*i),
            Job::Section { section, pager } => self.section_view(*section, *pager),
            Job::TaxonomyList(t) => self.taxonomy_list_view(*t),
            Job::Term {
                taxonomy,
                term,
                pager,
            } => self.term_view(*taxonomy, *term, *pager),
            Job::ArchiveList => self.years_view("archive"),
            Job::ArchiveYear(y) => self.archive_year_view(*y),
            Job::Feed { section, atom } => self.feed_view(*section, *atom, &out.path),
            Job::Sitemap => self.sitemap_view(),
            Job::UnitsList => View::congress(
                "units_list.html",
                "units",
                Congress::Json(self.units_value()),
                self.generated_crumbs(&[("单位", "units/".into())]),
            ),
            Job::Unit(i) => {
                let u = &self.derived.units[*i];
                let crumbs = self.generated_crumbs(&[
                    ("单位", "units/".into()),
                    (&u.name, congress::unit_rel(u)),
                ]);
                View::congress(
                    "unit.html",
                    "unit",
                    Congress::Unit(self.unit_value(u)),
                    crumbs,
                )
            }
            Job::Person(i) => self.person_view(*i),
            Job::PeopleList => {
                let (title, rel) = self.people_crumb();
                let crumbs = self.generated_crumbs(&[(&title, rel)]);
                let people = Congress::People(self.people_value());
                View::congress("people_list.html", "people", people, crumbs)
            }
            Job::StatsList => self.years_view("stats"),
            Job::StatsYear(year) => {
                let crumbs = self.generated_crumbs(&[
                    ("年度统计", "stats/".into()),
                    (&format!("{year}年"), format!("stats/{year}/")),
                ]);
                let stats = Congress::Stats(self.stats_value(*year));
                View::congress("stats.html", "stats", stats, crumbs)
            }
            Job::Ledger(year) => self.ledger_view(*year),
            Job::LedgerCsv => View::new(
                "",
                Vars::Ledger {
                    dubans: self.ledger_value(None),
                },
                vec![],
            ),
            Job::SiteMap => self.site_map_view(),
            Job::Catalog(filter) => self.catalog_view(*filter),
            Job::CatalogCsv => View::new(
                "",
                Vars::Catalog {
                    gongkai: self.catalog_value(super::catalog::CatalogFilter::All),
                },
                vec![],
            ),
            Job::Robots => View::new("robots.txt", Vars::None {}, vec![]),
            Job::Search => View::new(
                "search.html",
                Vars::None {},
                vec![
                    self.home_crumb(),
                    link("搜索", self.config.url_for(crate::render::SEARCH_DIR)),
                ],
            ),
            Job::NotFound => View::new(
                "404.html",
                Vars::None {},
                vec![self.home_crumb(), link("页面不存在", String::new())],
            ),
        }
    }

    fn page_view(&self, i: usize) -> View<'a> {
        let p = &self.content.pages[i];
        let siblings = &self.content.sections[p.section].pages;
        let neighbour = |j: Option<usize>| {
            j.and_then(|j| siblings.get(j))
                .map(|&n| page_link(&self.content.pages[n], self.config))
        };
        let renderer = *self;
        let page = PageView {
            own: Shown {
                page: i,
                value: Lazy(Box::new(move || renderer.own_page(i))),
            },
            newer: neighbour(p.position.checked_sub(1)),
            older: neighbour(Some(p.position + 1)),
        };
        let mut crumbs = self.section_crumbs(p.section);
        crumbs.push(page_link(p, self.config));
        let person = self.person_of_page(i);
        let vars = Vars::Page(Box::new(PageVars { page, person }));
        View::new(&self.page_templates[i], vars, crumbs)
    }

    /// What page `i`'s own output shows of it.
    fn own_page(&self, i: usize) -> OwnPage<'a> {
        let p = &self.content.pages[i];
        let body = &self.page_bodies[i];
        // Its own page shows all its terms; listings show a few.
        let inputs = context::SummaryInputs {
            config: self.config,
            content: self.content,
            urls: self.term_urls,
            links: self.links,
            today: self.today,
        };
        let mut summary = context::page_summary(p, body, &inputs, usize::MAX);
        if let Some(chart) = self.votes_chart(i) {
            let kinds = &mut summary.kinds.0;
            match kinds.iter_mut().find(|(k, _)| *k == "evaluation") {
                Some((_, evaluation)) => evaluation["votes_chart"] = Value::String(chart),
                None => kinds.push(("evaluation", serde_json::json!({ "votes_chart": chart }))),
            }
        }
        OwnPage {
            summary,
            content: &body.html,
            description: page_description(p, body),
            toc: TocEntry::of(&body.toc),
        }
    }

    fn section_value(&self, i: usize) -> SectionView<'a> {
        let s = &self.content.sections[i];
        let subsections = s
            .subsections
            .iter()
            .map(|&c| {
                let c = &self.content.sections[c];
                link(&c.front.title, self.config.url_for(&c.rel_url))
            })
            .collect();
        // A section without pages has no feed (see `plan`): no link to one.
        let has_feed = s.dir.is_empty() || !s.pages.is_empty();
        let feed = |file: &str| {
            if has_feed {
                self.config.url_for(&format!("{}{file}", s.rel_url))
            } else {
                String::new()
            }
        };
        SectionView {
            title: &s.front.title,
            description: &s.front.description,
            content: &self.section_bodies[i].html,
            url: self.config.url_for(&s.rel_url),
            permalink: self.config.permalink_for(&s.rel_url),
            source_path: &s.rel_path,
            page_kind: s.page_kind.as_str(),
            page_count: s.pages.len(),
            subsections,
            feed_url: feed("rss.xml"),
            atom_url: feed("atom.xml"),
            extra: crate::tomlx::to_json(&toml::Value::Table(s.front.extra.clone())),
        }
    }

    fn paginator(&self, pages: &[usize], per: usize, pager: usize, base: &str) -> Paginator<'a> {
        let summaries = self.summaries;
        let total = pager_count(pages.len(), per);
        let start = (pager - 1) * per;
        let slice = pages
            .iter()
            .skip(start)
            .take(per)
            .map(|&i| shown(summaries, i))
            .collect();
        let url = |n: usize| self.config.url_for(&pager_rel(base, n));
        // The first, the last and those near the current one: listing every pager
        // on every pager would make a section of N pages cost N² links.
        let pagers = (1..=total)
            .filter(|&n| n == 1 || n == total || n.abs_diff(pager) <= 3)
            .map(|index| Pager {
                index,
                url: url(index),
            })
            .collect();
        Paginator {
            pages: slice,
            current_index: pager,
            number_pagers: total,
            total_pages: pages.len(),
            paginate_by: per,
            first: url(1),
            last: url(total),
            previous: (pager > 1).then(|| url(pager - 1)),
            next: (pager < total).then(|| url(pager + 1)),
            pagers,
        }
    }

    fn section_view(&self, i: usize, pager: usize) -> View<'a> {
        let s = &self.content.sections[i];
        let per = paginate_by(self.content, self.config, i);
        let mut vars = SectionVars {
            section: self.section_value(i),
            paginator: self.paginator(&s.pages, per, pager, &s.rel_url),
            latest: s.dir.is_empty().then(|| self.latest()),
            submissions: None,
            reports: None,
            people: None,
            dubans_panel: s.dir.is_empty().then(|| self.ledger_panel()).flatten(),
            suggestions: None,
            notices: s.dir.is_empty().then(|| self.running_notices()),
        };
        // A kind's index lists the whole section: on its first listing page only.
        match s.page_kind {
            _ if pager > 1 => {}
            Kind::Submission => vars.submissions = Some(self.submissions_value(&s.pages)),
            Kind::Report => vars.reports = Some(self.reports_value(&s.pages)),
            Kind::Delegate => vars.people = Some(self.people_value()),
            Kind::Suggestion => vars.suggestions = Some(self.suggestions_value(&s.pages)),
            _ => {}
        }
        let mut crumbs = self.section_crumbs(i);
        if pager > 1 {
            crumbs.push(link(
                &format!("第{pager}页"),
                self.config.url_for(&pager_rel(&s.rel_url, pager)),
            ));
        }
        let vars = Vars::Section(Box::new(vars));
        View::new(&self.section_templates[i], vars, crumbs)
    }

    /// For the home page: each top-level section's five newest pages.
    fn latest(&self) -> Ordered<&'a str, LatestBox<'a>> {
        let (content, summaries) = (self.content, self.summaries);
        let Some(home) = content.sections.iter().position(|s| s.dir.is_empty()) else {
            return Ordered(vec![]);
        };
        let boxes = content.sections[home].subsections.iter().map(|&c| {
            let s = &content.sections[c];
            let latest = LatestBox {
                title: &s.front.title,
                url: self.config.url_for(&s.rel_url),
                weight: s.front.weight,
                pages: s
                    .pages
                    .iter()
                    .take(5)
                    .map(|&i| shown(summaries, i))
                    .collect(),
            };
            (s.dir.as_str(), latest)
        });
        Ordered(boxes.collect())
    }

    fn ledger_view(&self, year: Option<i32>) -> View<'a> {
        let dir = super::ledger::LEDGER_DIR;
        let mut trail = vec![("督办台账", dir.to_string())];
        let label = year.map(|y| format!("{y}年"));
        if let (Some(y), Some(label)) = (year, &label) {
            trail.push((label.as_str(), format!("{dir}{y}/")));
        }
        let crumbs = self.generated_crumbs(&trail);
        let dubans = self.ledger_value(year);
        View::new("dubans.html", Vars::Ledger { dubans }, crumbs)
    }

    fn catalog_view(&self, filter: super::catalog::CatalogFilter) -> View<'a> {
        let dir = super::catalog::CATALOG_DIR;
        let gongkai = self.catalog_value(filter);
        let mut trail = vec![("信息公开目录", dir.to_string())];
        let here = self.catalog_filter_page(filter);
        if let Some((name, rel)) = &here {
            trail.push((name.as_str(), rel.clone()));
        }
        let crumbs = self.generated_crumbs(&trail);
        View::new("gongkai.html", Vars::Catalog { gongkai }, crumbs)
    }

    fn taxonomy_value(&self, t: usize, with_terms: bool) -> TaxonomyView<'a> {
        let tax = &self.derived.taxonomies[t];
        TaxonomyView {
            name: tax.name,
            label: tax.label,
            url: self.config.url_for(&format!("{}/", tax.name)),
            terms: with_terms.then(|| {
                tax.terms
                    .iter()
                    .map(|term| self.term_value(tax.name, term))
                    .collect()
            }),
        }
    }

    fn term_value(&self, tax: &str, term: &'a crate::derive::Term) -> TermView<'a> {
        TermView {
            name: &term.name,
            slug: &term.slug,
            url: self.config.url_for(&format!("{tax}/{}/", term.slug)),
            count: term.pages.len(),
        }
    }

    fn taxonomy_list_view(&self, t: usize) -> View<'a> {
        let taxonomy = self.taxonomy_value(t, true);
        let crumbs = vec![
            self.home_crumb(),
            link(taxonomy.label, taxonomy.url.clone()),
        ];
        View::new(
            "taxonomy_list.html",
            Vars::TaxonomyList { taxonomy },
            crumbs,
        )
    }

    fn term_view(&self, t: usize, ti: usize, pager: usize) -> View<'a> {
        let tax = &self.derived.taxonomies[t];
        let term = &tax.terms[ti];
        let base = format!("{}/{}/", tax.name, term.slug);
        let taxonomy = self.taxonomy_value(t, false);
        let crumbs = vec![
            self.home_crumb(),
            link(tax.label, taxonomy.url.clone()),
            link(&term.name, self.config.url_for(&base)),
        ];
        let vars = Vars::Term {
            taxonomy,
            term: self.term_value(tax.name, term),
            paginator: self.paginator(&term.pages, self.config.paginate_by, pager, &base),
        };
        View::new("taxonomy_single.html", vars, crumbs)
    }

    fn generated_crumbs(&self, trail: &[(&str, String)]) -> Vec<Link> {
        let mut crumbs = vec![self.home_crumb()];
        crumbs.extend(
            trail
                .iter()
                .map(|(t, rel)| link(t, self.config.url_for(rel))),
        );
        crumbs
    }

    fn people_crumb(&self) -> (String, String) {
        match self.derived.delegate_section {
            Some(s) => {
                let s = &self.content.sections[s];
                (s.front.title.clone(), s.rel_url.clone())
            }
            None => ("代表".into(), "delegates/".into()),
        }
    }

    fn person_view(&self, i: usize) -> View<'a> {
        let p = &self.derived.people[i];
        let (title, rel) = self.people_crumb();
        let crumbs = self.generated_crumbs(&[
            (&title, rel),
            (&p.name, congress::person_rel(p, self.derived, self.content)),
        ]);
        let person = Congress::Person(self.person_value(p));
        View::congress("person.html", "person", person, crumbs)
    }

    /// `/archive/` or `/stats/`: every year with pages, newest first.
    fn years_view(&self, folder: &str) -> View<'a> {
        let years = self
            .derived
            .years
            .iter()
            .rev()
            .map(|(&year, pages)| YearCount {
                year,
                url: self.config.url_for(&format!("{folder}/{year}/")),
                count: pages.len(),
            })
            .collect();
        let (template, crumbs) = if folder == "archive" {
            (
                "archive_list.html",
                vec![self.home_crumb(), self.archive_crumb()],
            )
        } else {
            (
                "stats_list.html",
                self.generated_crumbs(&[("年度统计", "stats/".into())]),
            )
        };
        View::new(template, Vars::Years { years }, crumbs)
    }

    /// The next and the previous year that has pages, under `folder/<year>/`.
    fn neighbour_year_links(
        &self,
        year: i32,
        folder: &str,
    ) -> (Option<YearLink>, Option<YearLink>) {
        let link = |y: Option<(&i32, &Vec<usize>)>| {
            y.map(|(&year, _)| YearLink {
                year,
                url: self.config.url_for(&format!("{folder}/{year}/")),
            })
        };
        (
            link(self.derived.years.range(year + 1..).next()),
            link(self.derived.years.range(..year).next_back()),
        )
    }

    /// [`Self::neighbour_year_links`] as JSON (null when none), for the statistics.
    pub(super) fn neighbour_years(&self, year: i32, folder: &str) -> (Value, Value) {
        let (newer, older) = self.neighbour_year_links(year, folder);
        let json = |y| serde_json::to_value(y).unwrap_or(Value::Null);
        (json(newer), json(older))
    }

    fn archive_crumb(&self) -> Link {
        link("年度归档", self.config.url_for("archive/"))
    }

    fn archive_year_view(&self, year: i32) -> View<'a> {
        let (content, summaries) = (self.content, self.summaries);
        let pages = self.derived.pages_of_year(year);
        let groups = Kind::ALL
            .iter()
            .filter_map(|&kind| {
                let list: Vec<Shown<ArchiveItem>> = pages
                    .iter()
                    .filter(|&&i| content.pages[i].kind == kind)
                    .map(|&i| Shown {
                        page: i,
                        value: ArchiveItem::of(&summaries[i]),
                    })
                    .collect();
                (!list.is_empty()).then(|| ArchiveGroup {
                    kind: kind.as_str(),
                    kind_label: kind.label(),
                    pages: list,
                })
            })
            .collect();
        let (newer_year, older_year) = self.neighbour_year_links(year, "archive");
        let archive = ArchiveView {
            year,
            count: pages.len(),
            groups,
            newer_year,
            older_year,
        };
        let crumbs = vec![
            self.home_crumb(),
            self.archive_crumb(),
            link(
                &format!("{year}年"),
                self.config.url_for(&format!("archive/{year}/")),
            ),
        ];
        View::new("archive.html", Vars::Archive { archive }, crumbs)
    }

    fn feed_view(&self, section: Option<usize>, atom: bool, path: &str) -> View<'a> {
        let (content, summaries) = (self.content, self.summaries);
        let (title, pages, home_rel): (String, &[usize], &str) = match section {
            Some(s) => {
                let s = &content.sections[s];
                (
                    format!("{} - {}", s.front.title, self.config.title),
                    &s.pages,
                    &s.rel_url,
                )
            }
            None => (self.config.title.clone(), &self.derived.timeline, ""),
        };
        let entries = pages
            .iter()
            .filter(|&&i| content.pages[i].date.is_some())
            .take(self.config.feed_limit)
            .map(|&i| shown(summaries, i))
            .collect();
        let newest = pages
            .iter()
            .filter_map(|&i| content.pages[i].updated.or(content.pages[i].date))
            .max();
        let feed = FeedView {
            title,
            url: self.config.permalink_for(path),
            home_permalink: self.config.permalink_for(home_rel),
            updated: newest
                .as_ref()
                .map(crate::dates::rfc3339)
                .unwrap_or_default(),
            updated_rfc2822: newest
                .as_ref()
                .map(crate::dates::rfc2822)
                .unwrap_or_default(),
            pages: entries,
        };
        let template = if atom { "atom.xml" } else { "rss.xml" };
        View::new(template, Vars::Feed { feed }, vec![])
    }

    /// The 网站地图: the column tree from the home page, then the generated pages.
    fn site_map_view(&self) -> View<'a> {
        let home = self.content.sections.iter().find(|s| s.dir.is_empty());
        let columns = home.map_or_else(Vec::new, |h| self.site_map_columns(&h.subsections));
        let site_map = SiteMapView {
            columns,
            generated: self.site_map_generated(),
            reports: self.disclosure_reports(),
        };
        let crumbs = self.generated_crumbs(&[("网站地图", crate::render::SITE_MAP_DIR.into())]);
        View::new("site_map.html", Vars::SiteMap { site_map }, crumbs)
    }

    fn site_map_columns(&self, sections: &[usize]) -> Vec<SiteMapColumn> {
        sections
            .iter()
            .map(|&i| {
                let s = &self.content.sections[i];
                SiteMapColumn {
                    title: s.front.title.clone(),
                    url: self.config.url_for(&s.rel_url),
                    description: s.front.description.clone(),
                    count: s.pages.len(),
                    children: self.site_map_columns(&s.subsections),
                }
            })
            .collect()
    }

    /// The pages gongkai makes, in the footer's order; the delegates' list
    /// only when no column holds it, search only when it is on.
    fn site_map_generated(&self) -> Vec<SiteMapItem> {
        let d = self.derived;
        let item = |title, rel: &str, count, noun| SiteMapItem {
            title,
            url: self.config.url_for(rel),
            count,
            noun,
        };
        let mut items = vec![item("单位", "units/", d.units.len(), "个单位")];
        if d.delegate_section.is_none() && !d.people.is_empty() {
            items.push(item("代表", "delegates/", d.people.len(), "位代表"));
        }
        let open = crate::derive::ledger::open_items(self.content).len();
        items.extend([
            item("年度统计", "stats/", d.years.len(), "个年度"),
            item("年度归档", "archive/", d.years.len(), "个年度"),
            item("督办台账", super::ledger::LEDGER_DIR, open, "项未办结"),
            item(
                "信息公开目录",
                super::catalog::CATALOG_DIR,
                crate::derive::catalog::pages(self.content).len(),
                "份文件",
            ),
        ]);
        for tax in &d.taxonomies {
            let rel = format!("{}/", tax.name);
            items.push(item(tax.label, &rel, tax.terms.len(), "个"));
        }
        if self.config.search.enabled {
            items.push(item("搜索", crate::render::SEARCH_DIR, 0, ""));
        }
        items
    }

    fn sitemap_view(&self) -> View<'a> {
        let entries = self
            .sitemap
            .iter()
            .map(|(rel, lastmod)| SitemapEntry {
                permalink: self.config.permalink_for(rel),
                lastmod: lastmod.clone(),
            })
            .collect();
        View::new("sitemap.xml", Vars::Sitemap { entries }, vec![])
    }
}
