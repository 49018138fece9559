//! 工作计划 / 半年小结 / 年终总结, and the 政务公开 reports 信息公开指南 and
//! 信息公开年度报告: the `[report]` table and its `Spec`, the order of a
//! year's reports, and which pages are the 政务公开 reports (the newest
//! 指南, each year's 年度报告) that the 信息公开目录 and the 网站地图 link
//! first. Showing them is `render`'s.

use super::{KindSpec, SearchText, ViewContext};
use crate::content::front_matter::PageFrontMatter;
use crate::kind::Kind;
use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// 年度工作计划 | 半年小结 | 年终总结 | 信息公开指南 | 信息公开年度报告 | other text.
    #[serde(rename = "type")]
    pub kind: String,
    /// The year the report is about (not always the year it was published).
    pub year: i32,
}

/// The spec of reports.
pub(crate) struct Spec;

impl KindSpec for Spec {
    fn kind(&self) -> Kind {
        Kind::Report
    }

    fn folder(&self) -> &'static str {
        "reports"
    }

    fn table(&self) -> Option<&'static str> {
        Some("report")
    }

    fn has_table(&self, front: &PageFrontMatter) -> bool {
        front.report.is_some()
    }

    fn search<'a>(&self, front: &'a PageFrontMatter, out: &mut SearchText<'a>) {
        if let Some(r) = &front.report {
            out.fields.push(&r.kind);
        }
    }

    /// About this year.
    fn reset_copy(&self, t: &mut dyn toml_edit::TableLike, today: chrono::NaiveDate) {
        let year = i64::from(chrono::Datelike::year(&today));
        super::set(t, "year", toml_edit::value(year));
    }

    fn view(&self, front: &PageFrontMatter, _: &ViewContext<'_>) -> Option<serde_json::Value> {
        let t = front.report.as_ref()?;
        Some(serde_json::to_value(t).unwrap_or(serde_json::Value::Null))
    }
}

/// Reports of one type, as indices into the pages.
pub(crate) type Group = (String, Vec<usize>);

/// The 信息公开指南: how to get information from the office (issue 24).
pub(crate) const GUIDE: &str = "信息公开指南";
/// The 政府信息公开工作年度报告, one a year.
pub(crate) const ANNUAL_REPORT: &str = "信息公开年度报告";
/// A year's reports in order; other types after them, as they come.
const ORDER: [&str; 5] = ["年度工作计划", "半年小结", "年终总结", GUIDE, ANNUAL_REPORT];

/// The reports among `pages` by the year they are about (newest first) and
/// type (the year's plan, then the half-year and year-end summaries, the
/// 信息公开指南 and 年度报告, then others as they come). A page without a table counts for its date's year.
pub(crate) fn by_year(
    pages: &[crate::content::Page],
    section_pages: &[usize],
) -> Vec<(i32, Vec<Group>)> {
    let mut years: std::collections::BTreeMap<i32, Vec<(String, usize)>> = Default::default();
    for &i in section_pages {
        let p = &pages[i];
        let (year, kind) = match &p.front.report {
            Some(r) => (r.year, r.kind.clone()),
            None => (
                p.date.map_or(0, |d| chrono::Datelike::year(&d)),
                String::new(),
            ),
        };
        years.entry(year).or_default().push((kind, i));
    }
    let order = |t: &str| ORDER.iter().position(|k| *k == t).unwrap_or(ORDER.len());
    years
        .into_iter()
        .rev()
        .map(|(y, items)| {
            let mut groups: Vec<Group> = vec![];
            for (kind, i) in items {
                match groups.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, list)) => list.push(i),
                    None => groups.push((kind, vec![i])),
                }
            }
            groups.sort_by_key(|(k, _)| order(k));
            (y, groups)
        })
        .collect()
}

/// The published 政务公开 reports: the newest 信息公开指南 (by its year,
/// then its date) and every 信息公开年度报告, the newest year first (the
/// newer page first within a year).
pub(crate) fn disclosure_reports(pages: &[crate::content::Page]) -> (Option<usize>, Vec<usize>) {
    let of_type = |kind: &str| {
        let mut found: Vec<usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.front.draft)
            .filter(|(_, p)| {
                p.front
                    .report
                    .as_ref()
                    .is_some_and(|r| r.kind.trim() == kind)
            })
            .map(|(i, _)| i)
            .collect();
        let key = |i: &usize| {
            let p = &pages[*i];
            (p.front.report.as_ref().map_or(0, |r| r.year), p.date)
        };
        found.sort_by_key(|i| std::cmp::Reverse(key(i)));
        found
    };
    (of_type(GUIDE).into_iter().next(), of_type(ANNUAL_REPORT))
}
