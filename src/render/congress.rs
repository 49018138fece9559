//! Template contexts of the congress pages: unit histories, delegates'
//! activity, the submissions index against the quota, reports by year, and
//! the yearly statistics with their charts.
//!
//! Builds JSON from `derive`'s records and the page summaries already made
//! once; which outputs exist is decided in `mod.rs`.

use super::Renderer;
use crate::charts;
use crate::content::kinds::evaluation::stage_label;
use crate::content::kinds::{percent, submission};
use crate::derive::congress::{Person, UnitRecord};
use crate::kind::Kind;
use serde_json::{json, Map, Value};
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
    links
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

/// Moves a list of pages into an object made with `json!` (which would copy it).
trait TapPages {
    fn tap_pages(self, pages: Value) -> Value;
}

impl TapPages for Value {
    fn tap_pages(mut self, pages: Value) -> Value {
        self["pages"] = pages;
        self
    }
}

impl Renderer<'_> {
    fn summaries_of(&self, pages: &[usize]) -> Value {
        Value::Array(pages.iter().map(|&i| self.summaries[i].clone()).collect())
    }

    /// A delegate; `inspections` and `submissions` are page summaries when
    /// `with_pages`, else counts (for the list of all delegates).
    fn person_json(&self, p: &Person, with_pages: bool) -> Value {
        let delegate = p
            .page
            .and_then(|i| self.content.pages[i].front.delegate.clone())
            .unwrap_or_default();
        let (inspections, submissions) = if with_pages {
            (
                self.summaries_of(&p.inspections),
                self.summaries_of(&p.submissions),
            )
        } else {
            (json!(p.inspections.len()), json!(p.submissions.len()))
        };
        let mut v = json!({
            "name": p.name,
            "slug": p.slug,
            "url": self.config.url_for(&person_rel(p, self.derived, self.content)),
            "has_page": p.page.is_some(),
            "constituency": delegate.constituency,
            "term": delegate.term,
        });
        // Lists are moved in after `json!`, which would copy them value by value.
        v["inspections"] = inspections;
        v["submissions"] = submissions;
        v
    }

    pub(super) fn person_value(&self, p: &Person) -> Value {
        self.person_json(p, true)
    }

    /// The `people` list: every delegate with counts.
    pub(super) fn people_value(&self) -> Value {
        Value::Array(
            self.derived
                .people
                .iter()
                .map(|p| self.person_json(p, false))
                .collect(),
        )
    }

    /// `person` for a delegate's own page.
    pub(super) fn person_of_page(&self, page: usize) -> Option<Value> {
        self.derived
            .people
            .iter()
            .find(|p| p.page == Some(page))
            .map(|p| self.person_value(p))
    }

    fn unit_evaluations(&self, u: &UnitRecord) -> Vec<Value> {
        u.evaluations
            .iter()
            .filter_map(|&(page, ui)| {
                let p = &self.content.pages[page];
                let t = p.front.evaluation.as_ref()?;
                let unit = t.units.get(ui)?;
                let figures = unit.votes.get_ref().figures(self.config);
                let stage = unit
                    .latest_rectification()
                    .map(|r| r.stage.get_ref().as_str())
                    .unwrap_or("");
                Some(json!({
                    "year": t.year,
                    "round": t.round,
                    "title": p.front.title,
                    "url": self.config.url_for(&p.rel_url),
                    "figures": figures,
                    "rectification": self.summaries[page]["evaluation"]["units"][ui]["rectification"].clone(),
                    "rectification_stage": stage,
                    "rectification_label": stage_label(stage),
                }))
            })
            .collect()
    }

    pub(super) fn units_value(&self) -> Value {
        Value::Array(
            self.derived
                .units
                .iter()
                .map(|u| {
                    let evaluations = self.unit_evaluations(u);
                    let latest = evaluations.first();
                    json!({
                        "name": u.name,
                        "slug": u.slug,
                        "url": self.config.url_for(&unit_rel(u)),
                        "inspections": u.inspections.len(),
                        "evaluations": evaluations.len(),
                        "latest_rating": latest.map(|e| e["figures"]["rating"].clone()).unwrap_or_default(),
                        "latest_round": latest.map(|e| e["round"].clone()).unwrap_or_default(),
                        "rectification_label": latest.map(|e| e["rectification_label"].clone()).unwrap_or_default(),
                    })
                })
                .collect(),
        )
    }

    pub(super) fn unit_value(&self, u: &UnitRecord) -> Value {
        let evaluations = self.unit_evaluations(u);
        let rows: Vec<(String, f64)> = evaluations
            .iter()
            .rev()
            .map(|e| {
                (
                    year_label(e),
                    // One decimal, as the table beside it shows.
                    (e["figures"]["approval"].as_f64().unwrap_or(0.0) * 1000.0).round() / 10.0,
                )
            })
            .collect();
        let rows_ref: Vec<(&str, f64)> = rows.iter().map(|(l, v)| (l.as_str(), *v)).collect();
        let chart = (!rows.is_empty()).then(|| {
            charts::bar_chart(
                "ratings",
                &format!("{}历年满意率", u.name),
                "每年评议的满意率（满意与基本满意票占有效票的比例），详见上表。",
                &rows_ref,
                "%",
            )
        });
        let mut v = json!({
            "name": u.name,
            "slug": u.slug,
            "url": self.config.url_for(&unit_rel(u)),
            "ratings_chart": chart,
        });
        v["inspections"] = self.summaries_of(&u.inspections);
        v["evaluations"] = Value::Array(evaluations);
        v
    }

    /// The votes of an evaluation as a stacked bar chart.
    pub(super) fn votes_chart(&self, page: usize) -> Option<String> {
        let t = self.content.pages[page].front.evaluation.as_ref()?;
        if t.units.is_empty() {
            return None;
        }
        let rows: Vec<(&str, Vec<f64>, String)> = t
            .units
            .iter()
            .map(|u| {
                let v = u.votes.get_ref();
                let f = v.figures(self.config);
                (
                    u.name.get_ref().as_str(),
                    [v.satisfied, v.basically_satisfied, v.unsatisfied, v.abstain]
                        .iter()
                        .map(|&n| n as f64)
                        .collect(),
                    format!("满意率 {}", f.approval_pct),
                )
            })
            .collect();
        Some(charts::stacked_bar_chart(
            "votes",
            &format!("{}年度评议测评票数", t.year),
            "各被评议单位的满意、基本满意、不满意和弃权票数；准确数字见上方的测评结果表。",
            &charts::vote_series(),
            &rows,
        ))
    }

    /// Public submissions of a year: counts by publication and status, against the quota.
    fn submissions_of_year(&self, year: i32, pages: &[usize]) -> Value {
        let statuses: Vec<&str> = self
            .config
            .submissions
            .public_statuses
            .iter()
            .map(String::as_str)
            .collect();
        let mut by_pub: BTreeMap<usize, (String, BTreeMap<&str, usize>)> = BTreeMap::new();
        let publications = &self.config.submissions.publications;
        let mut published = 0;
        let mut accepted = 0;
        for &i in pages {
            let Some(t) = &self.content.pages[i].front.submission else {
                continue;
            };
            let status = t.status.get_ref().as_str();
            let order = publications
                .iter()
                .position(|p| p == t.publication.get_ref())
                .unwrap_or(usize::MAX);
            let entry = by_pub
                .entry(order)
                .or_insert_with(|| (t.publication.get_ref().clone(), BTreeMap::new()));
            *entry.1.entry(status).or_default() += 1;
            match status {
                "published" => published += 1,
                "accepted" => accepted += 1,
                _ => {}
            }
        }
        let by_publication: Vec<Value> = by_pub
            .into_values()
            .map(|(publication, counts)| {
                let total: usize = counts.values().sum();
                let counts: Map<String, Value> = statuses
                    .iter()
                    .map(|s| (s.to_string(), json!(counts.get(s).copied().unwrap_or(0))))
                    .collect();
                json!({"publication": publication, "counts": counts, "total": total})
            })
            .collect();
        let quota = self
            .config
            .submissions
            .quota
            .get(&year.to_string())
            .copied()
            .unwrap_or(0);
        let progress_pct = if quota > 0 {
            percent(published as f64 / f64::from(quota))
        } else {
            String::new()
        };
        let progress_svg = (quota > 0).then(|| {
            charts::progress_bar(
                &format!("quota-{year}"),
                &format!("{year}年宣传调研任务完成情况"),
                published as f64,
                f64::from(quota),
                &format!("{published} / {quota} 篇（{progress_pct}）"),
            )
        });
        let status_labels: Map<String, Value> = statuses
            .iter()
            .map(|s| (s.to_string(), json!(submission::status_label(s))))
            .collect();
        json!({
            "year": year,
            "quota": quota,
            "published": published,
            "accepted": accepted,
            "progress_pct": progress_pct,
            "progress_svg": progress_svg,
            "by_publication": by_publication,
            "statuses": statuses,
            "status_labels": status_labels,
        })
        .tap_pages(self.summaries_of(pages))
    }

    /// Submissions of a section grouped by the year they count for, newest first.
    pub(super) fn submissions_value(&self, section_pages: &[usize]) -> Value {
        let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for &i in section_pages {
            if let Some(t) = &self.content.pages[i].front.submission {
                years.entry(t.year()).or_default().push(i);
            }
        }
        Value::Array(
            years
                .iter()
                .rev()
                .map(|(&y, pages)| self.submissions_of_year(y, pages))
                .collect(),
        )
    }

    /// Reports of a section by year (the year they are about) and type.
    pub(super) fn reports_value(&self, section_pages: &[usize]) -> Value {
        let mut years: BTreeMap<i32, Vec<(String, usize)>> = BTreeMap::new();
        for &i in section_pages {
            let p = &self.content.pages[i];
            let (year, kind) = match &p.front.report {
                Some(r) => (r.year, r.kind.clone()),
                None => (
                    p.date.map_or(0, |d| chrono::Datelike::year(&d)),
                    String::new(),
                ),
            };
            years.entry(year).or_default().push((kind, i));
        }
        Value::Array(
            years
                .iter()
                .rev()
                .map(|(y, items)| {
                    let mut groups: Vec<(String, Vec<usize>)> = vec![];
                    for (kind, i) in items {
                        match groups.iter_mut().find(|(k, _)| k == kind) {
                            Some((_, list)) => list.push(*i),
                            None => groups.push((kind.clone(), vec![*i])),
                        }
                    }
                    // The year's plan first, then the half-year and year-end summaries.
                    let order = |t: &str| {
                        ["年度工作计划", "半年小结", "年终总结"]
                            .iter()
                            .position(|k| *k == t)
                            .unwrap_or(3)
                    };
                    groups.sort_by_key(|(k, _)| order(k));
                    let groups: Vec<Value> = groups
                        .iter()
                        .map(|(k, list)| json!({"type": k}).tap_pages(self.summaries_of(list)))
                        .collect();
                    let mut v = json!({ "year": y });
                    v["groups"] = Value::Array(groups);
                    v
                })
                .collect(),
        )
    }

    /// `/stats/<year>/`.
    pub(super) fn stats_value(&self, year: i32) -> Value {
        let pages = self
            .derived
            .years
            .get(&year)
            .map(Vec::as_slice)
            .unwrap_or_default();
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
        let months_chart = charts::column_chart(
            "months",
            &format!("{year}年各月发布数量"),
            "每月发布的文档篇数，准确数字见上表。",
            &columns,
        );
        // Inspections by unit, in the year they took place (an inspection
        // visited in December may be published in January).
        let mut unit_counts: BTreeMap<&str, usize> = BTreeMap::new();
        for i in self.inspections_visited_in(year) {
            if let Some(t) = &self.content.pages[i].front.inspection {
                *unit_counts.entry(t.unit.trim()).or_default() += 1;
            }
        }
        let mut evaluations = vec![];
        for &i in pages {
            let p = &self.content.pages[i];
            if let Some(t) = &p.front.evaluation {
                let units: Vec<Value> = t
                    .units
                    .iter()
                    .map(|u| {
                        let name = u.name.get_ref();
                        json!({
                            "name": name,
                            "url": self.unit_url(name),
                            "figures": u.votes.get_ref().figures(self.config),
                        })
                    })
                    .collect();
                evaluations.push((
                    i,
                    json!({
                        "title": p.front.title,
                        "url": self.config.url_for(&p.rel_url),
                        "round": t.round,
                        "units": units,
                    }),
                ));
            }
        }
        let mut units: Vec<(&str, usize)> = unit_counts.into_iter().collect();
        units.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let unit_rows: Vec<(&str, f64)> = units.iter().map(|(n, c)| (*n, *c as f64)).collect();
        let units_chart = (!units.is_empty()).then(|| {
            charts::bar_chart(
                "units",
                &format!("{year}年各单位接受视察调研次数"),
                "各单位在本年度接受视察、执法检查和调研的次数，准确数字见上表。",
                &unit_rows,
                " 次",
            )
        });
        let ratings_chart = evaluations.first().and_then(|(i, _)| self.votes_chart(*i));
        let submissions: Vec<usize> = self
            .content
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.front
                    .submission
                    .as_ref()
                    .is_some_and(|t| t.year() == year)
            })
            .map(|(i, _)| i)
            .collect();
        let (newer_year, older_year) = self.neighbour_years(year, "stats");
        let mut stats = json!({
            "year": year,
            "total": pages.len(),
            "by_kind": by_kind,
            "by_month": months.iter().enumerate().map(|(m, n)| json!({"month": m + 1, "count": n})).collect::<Vec<_>>(),
            "months_chart": months_chart,
            "units": units.iter().map(|(n, c)| json!({"name": n, "url": self.unit_url(n), "inspections": c})).collect::<Vec<_>>(),
            "units_chart": units_chart,
            "evaluations": evaluations.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
            "ratings_chart": ratings_chart,

            "newer_year": newer_year,
            "older_year": older_year,
        });
        stats["submissions"] = self.submissions_of_year(year, &submissions);
        stats
    }

    /// The published inspections that took place in `year` (by `visited`,
    /// else `date`), whatever year they were published in.
    pub(super) fn inspections_visited_in(&self, year: i32) -> impl Iterator<Item = usize> + '_ {
        self.derived.timeline.iter().copied().filter(move |&i| {
            let p = &self.content.pages[i];
            p.kind == Kind::Inspection
                && p.visit_date()
                    .is_some_and(|d| chrono::Datelike::year(&d) == year)
        })
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

/// `2026年`, or `2026年复评` for a re-evaluation after 整改: the label of an
/// evaluation in a unit's chart.
fn year_label(e: &Value) -> String {
    let again = e["round"].as_u64().is_some_and(|r| r > 1);
    format!("{}年{}", e["year"], if again { "复评" } else { "" })
}
