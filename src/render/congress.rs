//! Template contexts of the congress pages: unit histories, delegates'
//! activity, the submissions index against the quota, reports by year, and
//! the yearly statistics with their charts.
//!
//! Builds JSON from `derive`'s records, and lists the pages it shows as
//! references to the summaries made once per build (which the deps note
//! rather than hash); which outputs exist is decided in `mod.rs`. What a kind's table
//! contributes (a unit's ratings, the submissions against the quota, a
//! year's figures of each kind) is computed by the kind's module
//! (`content::kinds`); this module places it beside the site's parts.

use super::deps::Shown;
use super::summary::Summary;
use super::views::{
    Ordered, PagesOrCount, PersonView, ReportYear, StatPart, StatsView, UnitView, WithPages,
};
use super::Renderer;
use crate::charts;
use crate::content::kinds::{self, delegate, evaluation, report, submission, suggestion, Stat};
use crate::derive::congress::{Person, UnitRecord};
use crate::kind::Kind;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Name → URL of every unit and delegate, for links inside kind tables.
pub fn links(
    r: &crate::derive::Derived,
    config: &crate::config::Config,
    content: &crate::content::Content,
) -> crate::content::kinds::Links {
    let mut links = crate::content::kinds::Links::default();
    for u in &r.units {
        links
            .units
            .insert(u.name.clone(), config.url_for(&unit_rel(u)));
    }
    for p in &r.people {
        links
            .delegates
            .insert(p.name.clone(), config.url_for(&person_rel(p, r, content)));
    }
    for u in &r.units {
        evaluation::rounds(
            &u.name,
            evaluation_history(u, config, content),
            &mut links.evaluation_rounds,
        );
    }
    links
}

/// The unit's evaluations, newest first, as its history shows them.
fn evaluation_history(
    u: &UnitRecord,
    config: &crate::config::Config,
    content: &crate::content::Content,
) -> Vec<Value> {
    u.evaluations
        .iter()
        .filter_map(|&(page, ui)| {
            let p = &content.pages[page];
            evaluation::history_entry(&p.front, ui, config, config.url_for(&p.rel_url))
        })
        .collect()
}

pub fn unit_rel(u: &UnitRecord) -> String {
    format!("units/{}/", u.slug)
}

/// Where a delegate's page is: their own page, or a generated one beside the delegate pages.
pub fn person_rel(
    p: &Person,
    derived: &crate::derive::Derived,
    content: &crate::content::Content,
) -> String {
    match p.page {
        Some(i) => content.pages[i].rel_url.clone(),
        None => format!("{}{}/", people_base(derived, content), p.slug),
    }
}

/// The folder of delegate pages: the delegate section's, else `delegates/`.
pub fn people_base(derived: &crate::derive::Derived, content: &crate::content::Content) -> String {
    derived.delegate_section.map_or_else(
        || "delegates/".to_string(),
        |s| content.sections[s].rel_url.clone(),
    )
}

impl<'a> Renderer<'a> {
    /// The summaries of `pages`, as references the deps note (see `deps`).
    fn summaries_of(&self, pages: &[usize]) -> Vec<Shown<&'a Summary>> {
        pages
            .iter()
            .map(|&page| Shown {
                page,
                value: &self.summaries[page],
            })
            .collect()
    }

    /// A delegate; `inspections` and `submissions` are page summaries when
    /// `with_pages`, else counts (for the list of all delegates).
    fn person_json(&self, p: &Person, with_pages: bool) -> PersonView<'a> {
        let list = |pages: &[usize]| {
            if with_pages {
                PagesOrCount::Pages(self.summaries_of(pages))
            } else {
                PagesOrCount::Count(pages.len())
            }
        };
        let mut head = json!({
            "name": p.name,
            "slug": p.slug,
            "url": self.config.url_for(&person_rel(p, self.derived, self.content)),
            "has_page": p.page.is_some(),
        });
        let own = p.page.map(|i| &self.content.pages[i].front);
        for (key, value) in delegate::profile(own) {
            head[key] = value;
        }
        PersonView {
            head,
            inspections: list(&p.inspections),
            submissions: list(&p.submissions),
            suggestions: list(&p.suggestions),
        }
    }

    pub(super) fn person_value(&self, p: &Person) -> PersonView<'a> {
        self.person_json(p, true)
    }

    /// The `people` list: every delegate with counts.
    pub(super) fn people_value(&self) -> Vec<PersonView<'a>> {
        self.derived
            .people
            .iter()
            .map(|p| self.person_json(p, false))
            .collect()
    }

    /// `person` for a delegate's own page.
    pub(super) fn person_of_page(&self, page: usize) -> Option<PersonView<'a>> {
        self.derived
            .people
            .iter()
            .find(|p| p.page == Some(page))
            .map(|p| self.person_value(p))
    }

    /// The unit's evaluations, newest first, as its history shows them
    /// (each year's rounds paired).
    fn unit_evaluations(&self, u: &UnitRecord) -> Vec<Value> {
        let mut history = evaluation_history(u, self.config, self.content);
        evaluation::pair_rounds(&mut history);
        history
    }

    pub(super) fn units_value(&self) -> Value {
        Value::Array(
            self.derived
                .units
                .iter()
                .map(|u| {
                    let evaluations = self.unit_evaluations(u);
                    let mut v = json!({
                        "name": u.name,
                        "slug": u.slug,
                        "url": self.config.url_for(&unit_rel(u)),
                        "inspections": u.inspections.len(),
                        "evaluations": evaluations.len(),
                        "suggestions": u.suggestions.len(),
                    });
                    for (key, value) in evaluation::latest_of(&evaluations) {
                        v[key] = value;
                    }
                    v
                })
                .collect(),
        )
    }

    pub(super) fn unit_value(&self, u: &UnitRecord) -> UnitView<'a> {
        let evaluations = self.unit_evaluations(u);
        let chart = evaluation::ratings_chart(&u.name, &evaluations);
        UnitView {
            head: json!({
                "name": u.name,
                "slug": u.slug,
                "url": self.config.url_for(&unit_rel(u)),
                "ratings_chart": chart,
            }),
            inspections: self.summaries_of(&u.inspections),
            evaluations,
            open_items: self.unit_open_items(&u.name),
            suggestions: self.summaries_of(&u.suggestions),
        }
    }

    /// The votes of an evaluation page as a chart, if it is one.
    pub(super) fn votes_chart(&self, page: usize) -> Option<String> {
        evaluation::votes_chart(&self.content.pages[page].front, self.config)
    }

    /// Submissions of a section grouped by the year they count for, newest first.
    pub(super) fn submissions_value(&self, section_pages: &[usize]) -> Vec<WithPages<'a>> {
        self.by_year(section_pages, submission::year_of, |y, pages| {
            submission::year_summary(y, &self.content.pages, pages, self.config)
        })
    }

    /// Suggestions of a section by the year they were put forward, newest
    /// first, each year with its status counts as of the build's day.
    pub(super) fn suggestions_value(&self, section_pages: &[usize]) -> Vec<WithPages<'a>> {
        self.by_year(section_pages, suggestion::year_of, |y, pages| {
            suggestion::year_summary(y, &self.content.pages, pages, self.config, self.today)
        })
    }

    /// The pages of a section grouped by the year `year_of` reads from
    /// them (pages without one are left out), newest year first, each year
    /// headed by `head(year, pages)`.
    fn by_year(
        &self,
        section_pages: &[usize],
        year_of: fn(&crate::content::front_matter::PageFrontMatter) -> Option<i32>,
        head: impl Fn(i32, &[usize]) -> Value,
    ) -> Vec<WithPages<'a>> {
        let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for &i in section_pages {
            if let Some(year) = year_of(&self.content.pages[i].front) {
                years.entry(year).or_default().push(i);
            }
        }
        years
            .iter()
            .rev()
            .map(|(&y, pages)| WithPages {
                head: head(y, pages),
                pages: self.summaries_of(pages),
            })
            .collect()
    }

    /// Reports of a section by year (the year they are about) and type.
    pub(super) fn reports_value(&self, section_pages: &[usize]) -> Vec<ReportYear<'a>> {
        report::by_year(&self.content.pages, section_pages)
            .into_iter()
            .map(|(year, groups)| ReportYear {
                year,
                groups: groups
                    .iter()
                    .map(|(k, list)| WithPages {
                        head: json!({ "type": k }),
                        pages: self.summaries_of(list),
                    })
                    .collect(),
            })
            .collect()
    }

    /// `/stats/<year>/`.
    pub(super) fn stats_value(&self, year: i32) -> StatsView<'a> {
        let pages = self.derived.pages_of_year(year);
        let by_kind: Vec<Value> = Kind::ALL
            .iter()
            .map(|&k| {
                let count = pages
                    .iter()
                    .filter(|&&i| self.content.pages[i].kind == k)
                    .count();
                json!({"kind": k.as_str(), "kind_label": k.label(), "count": count})
            })
            .filter(|v| v["count"] != 0)
            .collect();
        let mut months = [0usize; 12];
        for &i in pages {
            if let Some(d) = self.content.pages[i].date {
                months[chrono::Datelike::month0(&d) as usize] += 1;
            }
        }
        let month_labels: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
        let columns: Vec<(&str, f64)> = month_labels
            .iter()
            .zip(months)
            .map(|(l, n)| (l.as_str(), n as f64))
            .collect();
        // A row per month: 12 columns labelled 1月…12月 cannot hold
        // 16 px labels on a phone, let alone 24 px ones in 大字.
        let months_chart = charts::bar_chart(&format!("{year}年各月发布数量"), &columns, " 篇");
        let (newer_year, older_year) = self.neighbour_years(year, "stats");
        let stats = json!({
            "year": year,
            "total": pages.len(),
            "by_kind": by_kind,
            "by_month": months.iter().enumerate().map(|(m, n)| json!({"month": m + 1, "count": n})).collect::<Vec<_>>(),
            "months_chart": months_chart,
            "newer_year": newer_year,
            "older_year": older_year,
        });
        // Each kind's figures: inspections by unit, evaluations, submissions.
        let cx = kinds::StatsContext {
            year,
            today: self.today,
            config: self.config,
            pages: &self.content.pages,
            timeline: &self.derived.timeline,
            of_year: pages,
            page_url: &|i| self.config.url_for(&self.content.pages[i].rel_url),
            unit_url: &|name| self.unit_url(name),
        };
        let kinds = kinds::stats(&cx)
            .into_iter()
            .map(|(key, stat)| (key, self.stat_part(stat)))
            .collect();
        StatsView {
            head: stats,
            kinds: Ordered(kinds),
        }
    }

    /// A kind's part of the statistics, its pages as references.
    fn stat_part(&self, stat: Stat) -> StatPart<'a> {
        match stat {
            Stat::Value(v) => StatPart::Value(v),
            Stat::WithPages { head, pages } => StatPart::WithPages(WithPages {
                head,
                pages: self.summaries_of(&pages),
            }),
        }
    }

    fn unit_url(&self, name: &str) -> String {
        self.derived
            .units
            .iter()
            .find(|u| u.name == name.trim())
            .map(|u| self.config.url_for(&unit_rel(u)))
            .unwrap_or_default()
    }
}
