//! 评议 results: the `[evaluation]` table, its checks, and the computed
//! figures (valid votes, approval and satisfaction rates, rating,
//! rectification status), never typed by hand; and all an evaluation is to
//! the other stages (`Spec`): its search text, what `new --from` resets,
//! the units it names, its template view.
//!
//! 整改期限 (issue 23): every unit rated below the top band owes a 整改报告
//! by a due date, the latest `due` among its rectification entries, else
//! the meeting date plus `rectification_months` (the evaluation's, else
//! `site.toml`'s); it is done on the date of its first entry at stage
//! `report` or later. The 督办 horizon (meeting + 6 months) is shown on the
//! page but is no deadline: the unit owes nothing on that day. A 复评 is an
//! evaluation of its own: its units below the top band owe a new report, and
//! it does not close the first round's item (the report is what the public
//! is owed). Which evaluations of a unit share a year is `derive`'s record
//! of units ([`rounds`] pairs them); the dates are `crate::deadlines`'.

use super::{
    unknown_value, DateValue, EventDate, KindSpec, Locator, Mention, SearchText, Stat,
    StatsContext, ViewContext,
};
use crate::config::{Config, RatingBand};
use crate::content::front_matter::PageFrontMatter;
use crate::diagnostics::Diagnostic;
use crate::kind::Kind;
use crate::messages::Msg;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use toml::Spanned;

pub(crate) mod notice;

pub const STAGES: [&str; 5] = ["notice", "plan", "report", "review", "done"];

/// One rectification entry as templates show it (the evaluation page and a
/// unit's history alike).
fn rectification_view(r: &Rectification) -> serde_json::Value {
    serde_json::json!({
        "date": r.date.get_ref().iso(),
        "stage": r.stage.get_ref(),
        "stage_label": stage_label(r.stage.get_ref()),
        "note": r.note,
    })
}

/// What each rectification stage is called on the site.
pub fn stage_label(stage: &str) -> &'static str {
    match stage {
        "notice" => "下发整改意见书",
        "plan" => "制定整改方案",
        "report" => "提交整改情况报告",
        "review" => "跟踪督办",
        "done" => "整改完成",
        _ => "",
    }
}

#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// The year evaluated.
    pub year: i32,
    /// The meeting that heard the reports and voted.
    pub meeting_date: Spanned<DateValue>,
    #[serde(default)]
    pub organizer: String,
    /// Voters at the meeting.
    pub delegates_present: Spanned<i64>,
    /// 1 for the year's evaluation; 2 (or more) for a 复评, the second vote
    /// of the same year after 整改.
    #[serde(default = "first_round")]
    pub round: u32,
    /// Months from the meeting to a 整改报告 when an entry sets no `due`
    /// (else `site.toml`'s `[evaluation] rectification_months`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rectification_months: Option<Spanned<i64>>,
    /// The 公示期: when the result is out for objections, and to whom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<Notice>,
    /// The process timeline.
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub units: Vec<Unit>,
}

fn first_round() -> u32 {
    1
}

impl Evaluation {
    /// A 复评 (a re-evaluation after 整改).
    pub fn is_reevaluation(&self) -> bool {
        self.round > 1
    }
}

/// `[evaluation.notice]`, the 公示期 of the result (issue 24, NOTICE part).
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// The first day of the notice (a placeholder in a copy until filled in).
    pub start: Spanned<EventDate>,
    /// The last day, inclusive.
    pub end: Spanned<EventDate>,
    /// Who takes objections, as free text with a phone number
    /// (「镇人大办 0578-0000000」); missing is an error of [`validate`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Spanned<String>>,
}

#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub date: DateValue,
    pub what: String,
}

#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub name: Spanned<String>,
    /// A co-located 述职报告 file.
    #[serde(default)]
    pub report: String,
    pub votes: Spanned<Votes>,
    #[serde(default)]
    pub rectification: Vec<Rectification>,
}

#[derive(Debug, PartialEq, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Votes {
    pub satisfied: i64,
    pub basically_satisfied: i64,
    pub unsatisfied: i64,
    #[serde(default)]
    pub abstain: i64,
}

#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rectification {
    pub date: Spanned<DateValue>,
    pub stage: Spanned<String>,
    #[serde(default)]
    pub note: String,
    /// The date the 整改报告 is due, when it is not the meeting plus
    /// `rectification_months`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Spanned<DateValue>>,
}

/// The index in [`STAGES`] from which a unit has reported (`report`,
/// `review`, `done`): the 整改报告 is in.
const REPORTED_FROM: usize = 2;

/// What a unit below the top band owes after an evaluation: its 整改报告,
/// due on a date, done (or not) on another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RectificationDue {
    pub due: chrono::NaiveDate,
    /// The `due` written in an entry (its span), or none when computed.
    pub written: Option<std::ops::Range<usize>>,
    /// The date of the first entry at stage `report` or later.
    pub done: Option<chrono::NaiveDate>,
}

impl Evaluation {
    /// The months from the meeting to a 整改报告: the page's when it is in
    /// range (else it is an error of [`validate`]), else the site's.
    pub(crate) fn rectification_months(&self, config: &Config) -> u32 {
        let site = crate::deadlines::rectification_months(config.evaluation.rectification_months)
            .unwrap_or(crate::deadlines::DEFAULT_RECTIFICATION_MONTHS);
        self.rectification_months
            .as_ref()
            .and_then(|m| crate::deadlines::rectification_months(*m.get_ref()))
            .unwrap_or(site)
    }

    /// The end of the 督办 horizon: six months after the meeting.
    pub(crate) fn supervision_until(&self) -> Option<chrono::NaiveDate> {
        crate::deadlines::add_months(
            self.meeting_date.get_ref().date(),
            crate::deadlines::SUPERVISION_MONTHS,
        )
    }

    /// What `unit` owes, if it is rated below the top band: the latest `due`
    /// written among its entries, else the meeting plus the months.
    pub(crate) fn rectification_due(
        &self,
        unit: &Unit,
        config: &Config,
    ) -> Option<RectificationDue> {
        if !unit.votes.get_ref().figures(config).below_top {
            return None;
        }
        let written = unit
            .rectification
            .iter()
            .filter_map(|r| r.due.as_ref())
            .max_by_key(|d| *d.get_ref());
        let due = match written {
            Some(d) => d.get_ref().date(),
            None => crate::deadlines::add_months(
                self.meeting_date.get_ref().date(),
                self.rectification_months(config),
            )?,
        };
        Some(RectificationDue {
            due,
            written: written.map(Spanned::span),
            done: unit.reported(),
        })
    }
}

/// The figures of one unit, computed from its votes and the site's rating bands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// satisfied + basically_satisfied + unsatisfied (abstentions are not valid votes).
    pub valid: i64,
    /// (satisfied + basically_satisfied) / valid, None without valid votes.
    pub approval: Option<f64>,
    /// satisfied / valid.
    pub satisfaction: Option<f64>,
    /// `95.6%`, or `—` without valid votes.
    pub approval_pct: String,
    pub satisfaction_pct: String,
    /// The band's label (满意单位 …); empty without valid votes.
    pub rating: String,
    /// 0 for the top band, 1 for the next …; None without valid votes.
    pub rating_rank: Option<usize>,
    /// Rated below the top band (such a unit is expected to rectify).
    pub below_top: bool,
}

impl Votes {
    /// Saturating: counts come from the user, and `i64::MAX` votes must be an
    /// error message (more votes than delegates), not an overflow.
    pub fn valid(&self) -> i64 {
        self.satisfied
            .saturating_add(self.basically_satisfied)
            .saturating_add(self.unsatisfied)
    }

    pub fn total(&self) -> i64 {
        self.valid().saturating_add(self.abstain)
    }

    /// The rates are always within 0..=1: a negative count is an error of
    /// [`validate`], and counts as 0 here.
    pub fn figures(&self, config: &Config) -> Figures {
        let counted = Votes {
            satisfied: self.satisfied.max(0),
            basically_satisfied: self.basically_satisfied.max(0),
            unsatisfied: self.unsatisfied.max(0),
            abstain: self.abstain.max(0),
        };
        let valid = counted.valid();
        let approving = counted
            .satisfied
            .saturating_add(counted.basically_satisfied);
        let (approval, satisfaction) = if valid > 0 {
            (
                Some(approving as f64 / valid as f64),
                Some(counted.satisfied as f64 / valid as f64),
            )
        } else {
            (None, None)
        };
        let basis = if config.evaluation.basis == "satisfaction" {
            satisfaction
        } else {
            approval
        };
        let band = basis.and_then(|rate| rating(rate, &config.evaluation.ratings));
        let pct = |r: Option<f64>| r.map_or_else(|| "—".to_string(), super::percent);
        Figures {
            valid,
            approval,
            satisfaction,
            approval_pct: pct(approval),
            satisfaction_pct: pct(satisfaction),
            rating: band.map(|(_, b)| b.label.clone()).unwrap_or_default(),
            rating_rank: band.map(|(rank, _)| rank),
            below_top: band.is_some_and(|(rank, _)| rank > 0),
        }
    }
}

/// The highest band whose `min` the rate reaches, with its rank (0 = top).
pub fn rating(rate: f64, bands: &[RatingBand]) -> Option<(usize, &RatingBand)> {
    let mut sorted: Vec<&RatingBand> = bands.iter().collect();
    sorted.sort_by(|a, b| b.min.total_cmp(&a.min));
    // A rate printed as 90.0% must not fall below a 0.90 band by rounding.
    sorted
        .into_iter()
        .enumerate()
        .find(|(_, b)| rate + 1e-9 >= b.min)
}

impl Unit {
    /// The latest rectification entry (by date; the last written wins a tie).
    pub fn latest_rectification(&self) -> Option<&Rectification> {
        self.rectification
            .iter()
            .enumerate()
            .max_by_key(|(i, r)| (*r.date.get_ref(), *i))
            .map(|(_, r)| r)
    }

    /// The date of the first entry at stage `report` or later: the day the
    /// 整改报告 was in.
    pub(crate) fn reported(&self) -> Option<chrono::NaiveDate> {
        self.rectification
            .iter()
            .filter(|r| {
                STAGES
                    .iter()
                    .position(|s| s == r.stage.get_ref())
                    .is_some_and(|i| i >= REPORTED_FROM)
            })
            .map(|r| r.date.get_ref().date())
            .min()
    }

    /// The stage of the latest rectification entry, or empty.
    pub fn latest_stage(&self) -> &str {
        self.latest_rectification()
            .map(|r| r.stage.get_ref().as_str())
            .unwrap_or("")
    }
}

/// An error for each unit without a valid vote, at its `votes`: what
/// `new evaluation` and `--from-last` write until the vote is filled in.
/// Reported only when the evaluation is published (see `content`).
pub(crate) fn without_votes(t: &Evaluation, at: &Locator<'_>) -> Vec<Diagnostic> {
    t.units
        .iter()
        .filter(|u| u.votes.get_ref().valid() <= 0)
        .map(|u| {
            at.error(
                Msg::NoValidVotes {
                    unit: u.name.get_ref().trim().to_string(),
                },
                u.votes.span(),
            )
        })
        .collect()
}

/// Errors for published evaluations of one year: a year has one evaluation,
/// and later ones only as 复评 (`round = 2`). Each later one that is not is
/// an error at its `[evaluation]` line, naming the earlier file. Pages are
/// ordered by meeting date, then file. Drafts are not counted.
pub(crate) fn same_year<'a>(
    pages: impl IntoIterator<Item = &'a crate::content::Page>,
) -> Vec<Diagnostic> {
    let mut evaluations: Vec<(&crate::content::Page, &Evaluation)> = pages
        .into_iter()
        .filter(|p| !p.front.draft && p.kind == crate::kind::Kind::Evaluation)
        .filter_map(|p| Some((p, p.front.evaluation.as_ref()?)))
        .collect();
    evaluations.sort_by(|a, b| {
        (a.1.year, a.1.meeting_date.get_ref(), &a.0.rel_path).cmp(&(
            b.1.year,
            b.1.meeting_date.get_ref(),
            &b.0.rel_path,
        ))
    });
    evaluations
        .windows(2)
        .filter(|w| w[0].1.year == w[1].1.year && !w[1].1.is_reevaluation())
        .map(|w| {
            let (page, t) = w[1];
            Diagnostic::error(Msg::SameYearEvaluation {
                year: t.year,
                other: w[0].0.file.to_string_lossy().replace('\\', "/"),
            })
            .at(&page.file, page.table_line("evaluation"))
        })
        .collect()
}

pub fn validate(t: &Evaluation, config: &Config, at: &Locator<'_>) -> Vec<Diagnostic> {
    let mut out = vec![];
    if let Some(m) = &t.rectification_months {
        if crate::deadlines::rectification_months(*m.get_ref()).is_none() {
            out.push(at.error(
                Msg::RectificationMonthsOutOfRange {
                    value: *m.get_ref(),
                },
                m.span(),
            ));
        }
    }
    let present = *t.delegates_present.get_ref();
    if present < 0 {
        out.push(at.error(
            Msg::NegativeCount {
                field: "delegates_present".into(),
                value: present,
            },
            t.delegates_present.span(),
        ));
    }
    let meeting = *t.meeting_date.get_ref();
    let mut names: HashMap<&str, usize> = HashMap::new();
    for unit in &t.units {
        let name = unit.name.get_ref().trim();
        let line = at.line(unit.name.span());
        if let Some(first) = names.insert(name, line) {
            out.push(at.error(
                Msg::DuplicateUnit {
                    name: name.to_string(),
                    first_line: first,
                },
                unit.name.span(),
            ));
        }
        let v = unit.votes.get_ref();
        for (field, value) in [
            ("satisfied", v.satisfied),
            ("basically_satisfied", v.basically_satisfied),
            ("unsatisfied", v.unsatisfied),
            ("abstain", v.abstain),
        ] {
            if value < 0 {
                out.push(at.error(
                    Msg::NegativeCount {
                        field: field.into(),
                        value,
                    },
                    unit.votes.span(),
                ));
            }
        }
        if present >= 0 && v.total() > present {
            out.push(at.error(
                Msg::VotesOverPresent {
                    unit: name.to_string(),
                    total: v.total(),
                    present,
                },
                unit.votes.span(),
            ));
        }
        let figures = v.figures(config);
        if figures.rating_rank.is_some_and(|rank| rank > 0) && unit.rectification.is_empty() {
            out.push(
                Diagnostic::warning(Msg::NoRectification {
                    unit: name.to_string(),
                    rating: figures.rating.clone(),
                })
                .at(at.file, Some(line)),
            );
        }
        for r in &unit.rectification {
            if !STAGES.contains(&r.stage.get_ref().as_str()) {
                out.push(at.error(
                    unknown_value("stage", r.stage.get_ref(), &STAGES),
                    r.stage.span(),
                ));
            }
            if r.date.get_ref() < &meeting {
                out.push(at.error(
                    Msg::RectificationBeforeMeeting {
                        unit: name.to_string(),
                        date: r.date.get_ref().iso(),
                        meeting: meeting.iso(),
                    },
                    r.date.span(),
                ));
            }
            out.extend(check_due(r, name, meeting, &figures, at));
        }
    }
    out
}

/// A rectification `due` before the meeting is an error; one on a unit of
/// the top band is a warning, since nothing follows it up (the unit owes no
/// 整改报告), though the entry itself may record a voluntary improvement.
fn check_due(
    r: &Rectification,
    unit: &str,
    meeting: DateValue,
    figures: &Figures,
    at: &Locator<'_>,
) -> Option<Diagnostic> {
    let due = r.due.as_ref()?;
    if due.get_ref().date() < meeting.date() {
        return Some(at.error(
            Msg::RectificationDueBeforeMeeting {
                unit: unit.to_string(),
                due: due.get_ref().iso(),
                meeting: meeting.iso(),
            },
            due.span(),
        ));
    }
    (figures.rating_rank == Some(0)).then(|| {
        Diagnostic::warning(Msg::RectificationDueOnTopUnit {
            unit: unit.to_string(),
            rating: figures.rating.clone(),
        })
        .at(at.file, Some(at.line(due.span())))
    })
}

/// The 整改报告 each unit below the top band owes (see the module's head).
pub(crate) fn deadlines(t: &Evaluation, config: &Config, at: &Locator<'_>) -> Vec<super::Deadline> {
    let what = if t.is_reevaluation() {
        "复评"
    } else {
        "评议"
    };
    t.units
        .iter()
        .filter_map(|u| {
            let owed = t.rectification_due(u, config)?;
            let name = u.name.get_ref().trim();
            Some(super::Deadline {
                kind: Kind::Evaluation,
                task: super::Task::Rectification,
                subject: format!("{name} {}年度{what}整改", t.year),
                unit: name.to_string(),
                due: owed.due,
                done: owed.done,
                year: t.year,
                line: at.line(owed.written.unwrap_or_else(|| u.name.span())),
            })
        })
        .collect()
}

/// The comment left where a copied unit's `report` was.
pub(crate) const REPORT_CLEARED: &str =
    "# 述职报告附件没有从原文件复制过来：把今年的文件放在本文件旁边，再写 report = \"文件名\"。\n";

/// The spec of evaluations.
pub(crate) struct Spec;

impl KindSpec for Spec {
    fn kind(&self) -> Kind {
        Kind::Evaluation
    }

    fn folder(&self) -> &'static str {
        "evaluations"
    }

    fn table(&self) -> Option<&'static str> {
        Some("evaluation")
    }

    fn has_table(&self, front: &PageFrontMatter) -> bool {
        front.evaluation.is_some()
    }

    /// The units' 述职报告 files.
    fn attachments<'a>(&self, front: &'a PageFrontMatter) -> Vec<(&'static str, &'a str)> {
        let Some(t) = &front.evaluation else {
            return vec![];
        };
        t.units
            .iter()
            .filter(|u| !u.report.is_empty())
            .map(|u| ("report", u.report.as_str()))
            .collect()
    }

    /// Always a folder page: the units' 述职报告 sit beside it.
    fn bundle(&self) -> bool {
        true
    }

    fn check(&self, front: &PageFrontMatter, config: &Config, at: &Locator<'_>) -> Vec<Diagnostic> {
        front
            .evaluation
            .as_ref()
            .map(|t| {
                let mut out = validate(t, config, at);
                out.extend(notice::validate(t, at));
                out
            })
            .unwrap_or_default()
    }

    /// Units without votes; and, a warning, no 公示期.
    fn unfinished(&self, front: &PageFrontMatter, at: &Locator<'_>) -> Vec<Diagnostic> {
        front
            .evaluation
            .as_ref()
            .map(|t| {
                let mut out = without_votes(t, at);
                out.extend(notice::missing(t, at));
                out
            })
            .unwrap_or_default()
    }

    fn check_across(&self, pages: &[&crate::content::Page]) -> Vec<Diagnostic> {
        same_year(pages.iter().copied())
    }

    fn deadlines(
        &self,
        front: &PageFrontMatter,
        config: &Config,
        at: &Locator<'_>,
    ) -> Vec<super::Deadline> {
        front
            .evaluation
            .as_ref()
            .map(|t| deadlines(t, config, at))
            .unwrap_or_default()
    }

    fn search<'a>(&self, front: &'a PageFrontMatter, out: &mut SearchText<'a>) {
        let Some(e) = &front.evaluation else { return };
        out.units
            .extend(e.units.iter().map(|u| u.name.get_ref().as_str()));
        out.fields.push(&e.organizer);
        out.fields.extend(e.steps.iter().map(|s| s.what.as_str()));
        for u in &e.units {
            out.fields
                .extend(u.rectification.iter().map(|r| r.note.as_str()));
        }
    }

    /// This year's meeting; steps, rectification and votes cleared.
    fn reset_copy(&self, t: &mut dyn toml_edit::TableLike, today: chrono::NaiveDate) {
        use toml_edit::{value, Item};
        super::set(t, "year", value(i64::from(chrono::Datelike::year(&today))));
        super::set(t, "meeting_date", value(super::toml_date(today)));
        t.remove("steps");
        notice::reset_copy(t);
        let Some(units) = t.get_mut("units").and_then(Item::as_array_of_tables_mut) else {
            return;
        };
        for unit in units.iter_mut() {
            unit.remove("rectification");
            // Last year's 述职报告 is not copied: its name would point at
            // a file that is not there. Say so where it was.
            if unit.remove("report").is_some() {
                if let Some(mut key) = unit.key_mut("votes") {
                    let decor = key.leaf_decor_mut();
                    let before = decor.prefix().and_then(|p| p.as_str()).unwrap_or("");
                    decor.set_prefix(format!("{REPORT_CLEARED}{before}"));
                }
            }
            let mut votes = toml_edit::InlineTable::new();
            for key in ["satisfied", "basically_satisfied", "unsatisfied", "abstain"] {
                votes.insert(key, 0.into());
            }
            super::set(unit, "votes", value(votes));
        }
    }

    fn mentions<'a>(&self, front: &'a PageFrontMatter, out: &mut Vec<Mention<'a>>) {
        let Some(t) = &front.evaluation else { return };
        for (ui, u) in t.units.iter().enumerate() {
            let name = u.name.get_ref();
            if !name.trim().is_empty() {
                out.push(Mention::EvaluatedUnit(name, ui));
            }
        }
    }

    fn view(&self, front: &PageFrontMatter, cx: &ViewContext<'_>) -> Option<serde_json::Value> {
        use serde_json::{json, Value};
        let t = front.evaluation.as_ref()?;
        let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
        let units: Vec<Value> = t.units.iter().map(|u| unit_view(t, u, cx)).collect();
        v["units"] = Value::Array(units);
        v["rectification_months"] = json!(t.rectification_months(cx.config));
        v["supervision_until"] = json!(t.supervision_until().map(|d| d.to_string()));
        v["ratings"] = serde_json::to_value(&cx.config.evaluation.ratings).unwrap_or(Value::Null);
        v["basis"] = json!(cx.config.evaluation.basis);
        v["notice"] = t
            .notice
            .as_ref()
            .map_or(Value::Null, |n| notice::view(n, cx.today));
        Some(v)
    }

    /// The evaluations published in the year, each unit with its figures,
    /// and the votes of the newest as a chart.
    fn stats(&self, cx: &StatsContext<'_>) -> Vec<(&'static str, Stat)> {
        use serde_json::{json, Value};
        let mut evaluations = vec![];
        for &i in cx.of_year {
            let p = &cx.pages[i];
            if let Some(t) = &p.front.evaluation {
                let units: Vec<Value> = t
                    .units
                    .iter()
                    .map(|u| {
                        let name = u.name.get_ref();
                        json!({
                            "name": name,
                            "url": (cx.unit_url)(name),
                            "figures": u.votes.get_ref().figures(cx.config),
                        })
                    })
                    .collect();
                evaluations.push((
                    i,
                    json!({
                        "title": p.front.title,
                        "url": (cx.page_url)(i),
                        "round": t.round,
                        "units": units,
                    }),
                ));
            }
        }
        let ratings_chart = evaluations
            .first()
            .and_then(|(i, _)| votes_chart(&cx.pages[*i].front, cx.config));
        let evaluations: Vec<Value> = evaluations.into_iter().map(|(_, v)| v).collect();
        vec![
            ("evaluations", Stat::Value(json!(evaluations))),
            ("ratings_chart", Stat::Value(json!(ratings_chart))),
            ("rectifications", Stat::Value(rectification_stats(cx))),
        ]
    }
}

/// The 整改报告 due in the year and how many came in on time: "due in the
/// year" is a due date within the year and not after the build's today
/// (what is not due yet cannot be late), of any published evaluation
/// (whatever its own year); on time is reported on or before the due date.
/// The rate is `—` when none was due.
fn rectification_stats(cx: &StatsContext<'_>) -> serde_json::Value {
    let due: Vec<&super::Deadline> = cx
        .pages
        .iter()
        .filter(|p| p.kind == Kind::Evaluation && !p.front.draft)
        .flat_map(|p| &p.deadlines)
        .filter(|d| d.task == super::Task::Rectification)
        .filter(|d| chrono::Datelike::year(&d.due) == cx.year && d.due <= cx.today)
        .collect();
    let on_time = due.iter().filter(|d| d.done_on_time()).count();
    let rate = (!due.is_empty()).then(|| on_time as f64 / due.len() as f64);
    serde_json::json!({
        "due": due.len(),
        "on_time": on_time,
        "rate_pct": rate.map_or_else(|| "—".to_string(), super::percent),
    })
}

/// The votes of an evaluation as a stacked bar chart (`page.evaluation.votes_chart`).
pub(crate) fn votes_chart(front: &PageFrontMatter, config: &Config) -> Option<String> {
    let t = front.evaluation.as_ref()?;
    if t.units.is_empty() {
        return None;
    }
    let rows: Vec<(&str, Vec<f64>, String)> = t
        .units
        .iter()
        .map(|u| {
            let v = u.votes.get_ref();
            let f = v.figures(config);
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
    Some(crate::charts::stacked_bar_chart(
        &format!("{}年度评议测评票数", t.year),
        &crate::charts::vote_series(),
        &rows,
    ))
}

/// Unit `ui` of an evaluation page as a unit's history shows it: year,
/// round, the page's title and URL, figures and rectification.
pub(crate) fn history_entry(
    front: &PageFrontMatter,
    ui: usize,
    config: &Config,
    url: String,
) -> Option<serde_json::Value> {
    use serde_json::json;
    let t = front.evaluation.as_ref()?;
    let unit = t.units.get(ui)?;
    let stage = unit.latest_stage();
    let rectification: Vec<serde_json::Value> =
        unit.rectification.iter().map(rectification_view).collect();
    Some(json!({
        "year": t.year,
        "round": t.round,
        "title": front.title,
        "url": url,
        "figures": unit.votes.get_ref().figures(config),
        "rectification": rectification,
        "rectification_stage": stage,
        "rectification_label": stage_label(stage),
    }))
}

/// What the list of units shows of a unit's latest evaluation
/// ([`history_entry`]s, newest first).
pub(crate) fn latest_of(history: &[serde_json::Value]) -> [(&'static str, serde_json::Value); 3] {
    let latest = history.first();
    let field =
        |f: &dyn Fn(&serde_json::Value) -> serde_json::Value| latest.map(f).unwrap_or_default();
    [
        ("latest_rating", field(&|e| e["figures"]["rating"].clone())),
        ("latest_round", field(&|e| e["round"].clone())),
        (
            "rectification_label",
            field(&|e| e["rectification_label"].clone()),
        ),
    ]
}

/// A unit's approval year by year as a bar chart, oldest first, from its
/// [`history_entry`]s (newest first); none without evaluations.
pub(crate) fn ratings_chart(unit: &str, history: &[serde_json::Value]) -> Option<String> {
    let rows: Vec<(String, f64)> = history
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
    (!rows.is_empty())
        .then(|| crate::charts::bar_chart(&format!("{unit}历年满意率"), &rows_ref, "%"))
}

/// `2026年`, or `2026年复评` for a re-evaluation after 整改: the label of an
/// evaluation in a unit's chart.
fn year_label(e: &serde_json::Value) -> String {
    let again = e["round"].as_u64().is_some_and(|r| r > 1);
    format!("{}年{}", e["year"], if again { "复评" } else { "" })
}

/// One unit of `page.evaluation.units`: as written, with its figures, its
/// page's link, its rectification stages named, and its 述职报告 file.
fn unit_view(t: &Evaluation, u: &Unit, cx: &ViewContext<'_>) -> serde_json::Value {
    use serde_json::{json, Value};
    let mut uv = serde_json::to_value(u).unwrap_or(Value::Null);
    uv["rectification_due"] = t
        .rectification_due(u, cx.config)
        .map_or(Value::Null, |owed| due_view(&owed, cx.today));
    uv["other_rounds"] = other_rounds(t, u.name.get_ref(), cx);
    let figures = u.votes.get_ref().figures(cx.config);
    uv["figures"] = serde_json::to_value(&figures).unwrap_or(Value::Null);
    uv["link"] = cx.links.unit(u.name.get_ref());
    let stage = u.latest_stage();
    uv["rectification_stage"] = json!(stage);
    uv["rectification_label"] = json!(stage_label(stage));
    uv["rectification"] = u.rectification.iter().map(rectification_view).collect();
    uv["report_file"] = match (cx.asset_url)(&u.report) {
        Some((url, size)) if !u.report.is_empty() => json!({
            "name": u.report,
            "url": url,
            "ext": u.report.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default(),
            "size_human": crate::text::human_size(size),
        }),
        _ => Value::Null,
    };
    uv
}

/// A unit's 整改报告 due date as templates show it, where it stands on
/// `today`: `open` (days left), `overdue` (days past), `done_on_time` or
/// `done_late` (days late).
fn due_view(owed: &RectificationDue, today: chrono::NaiveDate) -> serde_json::Value {
    use crate::deadlines::Standing;
    let (state, days) = match owed.done {
        Some(done) if done <= owed.due => ("done_on_time", 0),
        Some(done) => ("done_late", (done - owed.due).num_days()),
        None => match Standing::of(owed.due, today) {
            Standing::DaysLeft(n) => ("open", n),
            Standing::Overdue(n) => ("overdue", n),
        },
    };
    serde_json::json!({
        "due": owed.due.to_string(),
        "written": owed.written.is_some(),
        "done": owed.done.map(|d| d.to_string()),
        "state": state,
        "days": days,
    })
}

/// The other rounds of the same year's evaluation of `unit` (a 复评 beside
/// the first, the first beside a 复评), as [`history_entry`]s, first round
/// first; from `derive`'s record of units, through [`super::Links`].
fn other_rounds(t: &Evaluation, unit: &str, cx: &ViewContext<'_>) -> serde_json::Value {
    let rounds = cx
        .links
        .evaluation_rounds
        .get(&(unit.trim().to_string(), t.year))
        .map(|entries| {
            entries
                .iter()
                .filter(|e| e["round"].as_u64() != Some(u64::from(t.round)))
                .cloned()
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    serde_json::Value::Array(rounds)
}

/// The evaluations of one unit that share a year with another, by (unit,
/// year), first round first, from its [`history_entry`]s: what the
/// evaluation pages show of each other (`Links::evaluation_rounds`).
pub(crate) fn rounds(
    unit: &str,
    history: Vec<serde_json::Value>,
    out: &mut std::collections::HashMap<(String, i32), Vec<serde_json::Value>>,
) {
    let mut by_year: std::collections::BTreeMap<i64, Vec<serde_json::Value>> = Default::default();
    for e in history {
        by_year
            .entry(e["year"].as_i64().unwrap_or(0))
            .or_default()
            .push(e);
    }
    for (year, mut entries) in by_year.into_iter().filter(|(_, e)| e.len() > 1) {
        entries.sort_by_key(|e| e["round"].as_u64());
        if let Ok(year) = i32::try_from(year) {
            out.insert((unit.to_string(), year), entries);
        }
    }
}

/// A unit's history with each year's rounds side by side: every entry gets
/// `other_rounds` (the same year's other evaluations), and a 复评 whose
/// first round is listed gets `beside_first`, so the history shows it in
/// the first round's row rather than a row of its own.
pub(crate) fn pair_rounds(history: &mut [serde_json::Value]) {
    let keys: Vec<(serde_json::Value, u64)> = history
        .iter()
        .map(|e| (e["year"].clone(), e["round"].as_u64().unwrap_or(1)))
        .collect();
    for (e, (year, round)) in history.iter_mut().zip(&keys) {
        let first_listed = keys.iter().any(|(y, r)| y == year && *r == 1);
        e["beside_first"] = serde_json::json!(*round > 1 && first_listed);
    }
    let plain: Vec<serde_json::Value> = history.to_vec();
    for (i, e) in history.iter_mut().enumerate() {
        let (year, round) = &keys[i];
        let others: Vec<serde_json::Value> = keys
            .iter()
            .enumerate()
            .filter(|(j, (y, r))| *j != i && y == year && r != round)
            .map(|(j, _)| plain[j].clone())
            .collect();
        e["other_rounds"] = serde_json::Value::Array(others);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        toml::from_str("title = \"t\"\nbase_url = \"https://x/\"").expect("config")
    }

    fn votes(s: i64, b: i64, u: i64, a: i64) -> Votes {
        Votes {
            satisfied: s,
            basically_satisfied: b,
            unsatisfied: u,
            abstain: a,
        }
    }

    #[test]
    fn figures_follow_domain_formulas() {
        let f = votes(38, 5, 2, 0).figures(&config());
        assert_eq!(f.valid, 45);
        assert_eq!(f.approval_pct, "95.6%");
        assert_eq!(f.satisfaction_pct, "84.4%");
        assert_eq!(f.rating, "满意单位");
        assert_eq!(f.rating_rank, Some(0));
    }

    #[test]
    fn abstentions_are_not_valid_votes() {
        let f = votes(9, 0, 1, 5).figures(&config());
        assert_eq!(f.valid, 10);
        assert_eq!(f.approval_pct, "90.0%");
        assert_eq!(f.rating, "满意单位", "exactly 90% reaches the 0.90 band");
    }

    #[test]
    fn low_approval_is_unsatisfactory() {
        let f = votes(12, 14, 17, 2).figures(&config());
        assert_eq!(f.approval_pct, "60.5%");
        assert_eq!(f.rating, "不满意单位");
        assert_eq!(f.rating_rank, Some(2));
    }

    #[test]
    fn no_valid_votes_has_no_rating() {
        let f = votes(0, 0, 0, 3).figures(&config());
        assert_eq!(f.approval, None);
        assert_eq!(f.approval_pct, "—");
        assert_eq!(f.rating, "");
    }

    #[test]
    fn huge_and_negative_counts_neither_overflow_nor_leave_0_to_1() {
        let f = votes(i64::MAX, i64::MAX, 1, i64::MAX).figures(&config());
        assert_eq!(f.valid, i64::MAX);
        assert_eq!(votes(i64::MAX, i64::MAX, 1, i64::MAX).total(), i64::MAX);
        assert!(f.approval.is_some_and(|a| (0.0..=1.0).contains(&a)));
        let f = votes(i64::MIN, -5, 3, i64::MIN).figures(&config());
        assert_eq!((f.approval, f.approval_pct.as_str()), (Some(0.0), "0.0%"));
        assert_eq!(votes(i64::MIN, i64::MIN, 0, 0).total(), i64::MIN);
    }

    fn rate_of(pct: &str) -> f64 {
        pct.trim_end_matches('%').parse().expect("a percentage")
    }

    proptest::proptest! {
        #[test]
        fn rates_are_always_between_0_and_100_percent(
            s in proptest::num::i64::ANY,
            b in proptest::num::i64::ANY,
            u in proptest::num::i64::ANY,
            a in proptest::num::i64::ANY,
        ) {
            let f = votes(s, b, u, a).figures(&config());
            for (rate, pct) in [(f.approval, &f.approval_pct), (f.satisfaction, &f.satisfaction_pct)] {
                match rate {
                    Some(r) => {
                        proptest::prop_assert!((0.0..=1.0).contains(&r), "{r}");
                        proptest::prop_assert!((0.0..=100.0).contains(&rate_of(pct)), "{pct}");
                    }
                    None => proptest::prop_assert_eq!(pct.as_str(), "—"),
                }
            }
            proptest::prop_assert!(f.satisfaction <= f.approval);
        }

        #[test]
        fn the_rating_never_falls_when_approval_rises(
            valid in 1i64..2000,
            approving in 0i64..2000,
            more in 0i64..2000,
        ) {
            let approving = approving.min(valid);
            let higher = (approving + more).min(valid);
            let rank = |yes: i64| votes(yes, 0, valid - yes, 0).figures(&config()).rating_rank;
            let (low, high) = (rank(approving), rank(higher));
            proptest::prop_assert!(low.is_some() && high.is_some());
            proptest::prop_assert!(high <= low, "{approving}/{valid} is {low:?}, {higher}/{valid} is {high:?}");
        }

        #[test]
        fn the_band_is_the_highest_reached(rate in 0.0f64..=1.0) {
            let config = config();
            let (rank, band) = rating(rate, &config.evaluation.ratings).expect("the lowest band is 0");
            proptest::prop_assert!(rate + 1e-9 >= band.min);
            let sorted_mins = [0.90, 0.70, 0.0];
            proptest::prop_assert_eq!(band.min, sorted_mins[rank]);
            if rank > 0 {
                proptest::prop_assert!(rate + 1e-9 < sorted_mins[rank - 1]);
            }
        }
    }

    #[test]
    fn a_copy_clears_what_belongs_to_last_year() {
        let out = super::super::test_support::reset_for_test(
            "[evaluation]\nyear = 2025\nmeeting_date = 2025-11-25\ndelegates_present = 45\n\
             [[evaluation.steps]]\ndate = 2025-10-01\nwhat = \"走访\"\n\
             [[evaluation.units]]\nname = \"镇派出所\"\nreport = \"paichusuo-2025.pdf\"\n# 票数\n\
             votes = { satisfied = 38, basically_satisfied = 5, unsatisfied = 2, abstain = 0 }\n\
             [[evaluation.units.rectification]]\ndate = 2025-12-01\nstage = \"notice\"\n",
        );
        assert!(out.contains("year = 2026"), "{out}");
        assert!(out.contains("meeting_date = 2026-11-29"), "{out}");
        assert!(out.contains("satisfied = 0"), "{out}");
        assert!(!out.contains("38"), "votes cleared: {out}");
        assert!(
            !out.contains("rectification") && !out.contains("steps"),
            "{out}"
        );
        assert!(out.contains("name = \"镇派出所\""), "units kept: {out}");
        // Last year's 述职报告 is not beside the copy: its name is gone, said where.
        assert!(!out.contains("paichusuo-2025.pdf"), "{out}");
        assert!(
            out.contains(&format!("{REPORT_CLEARED}# 票数\nvotes =")),
            "{out}"
        );
    }

    /// The deadlines and the problems (lines and codes) of a page whose
    /// `[evaluation]` table is `table`, as `content` reads them.
    fn read(
        table: &str,
        config: &Config,
    ) -> (Vec<super::super::Deadline>, Vec<(Option<usize>, String)>) {
        let text = format!("+++\ntitle = \"t\"\n{table}+++\n");
        let file = std::path::Path::new("e.md");
        let split = crate::content::front_matter::split(&text, file).expect("split");
        let front: PageFrontMatter = toml::from_str(split.front).expect("front matter");
        let at = Locator {
            file,
            split: &split,
        };
        let t = front.evaluation.as_ref().expect("[evaluation]");
        // A unit below the top band without entries is warned of elsewhere.
        let found = validate(t, config, &at)
            .iter()
            .map(|d| (d.line, d.msg.code()))
            .filter(|(_, code)| code != "no-rectification")
            .collect();
        (deadlines(t, config, &at), found)
    }

    fn day(iso: &str) -> chrono::NaiveDate {
        iso.parse().expect("a date")
    }

    /// Line 3 is `[evaluation]`; units follow from line 7.
    fn table(meeting: &str, extra: &str, units: &str) -> String {
        format!(
            "[evaluation]\nyear = 2026\nmeeting_date = {meeting}\ndelegates_present = 40\n{extra}{units}"
        )
    }

    const BELOW: &str = "[[evaluation.units]]\nname = \"镇卫生院\"\n\
        votes = { satisfied = 28, basically_satisfied = 4, unsatisfied = 8 }\n";

    #[test]
    fn the_due_date_is_the_meeting_plus_the_months_clamped_to_the_months_end() {
        let (found, problems) = read(&table("2026-11-30", "", BELOW), &config());
        assert_eq!(problems, []);
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert_eq!(d.due, day("2027-02-28"), "2026-11-30 + 3 months");
        assert_eq!(d.subject, "镇卫生院 2026年度评议整改");
        assert_eq!(d.unit, "镇卫生院");
        assert_eq!(
            (d.task, d.year, d.done),
            (super::super::Task::Rectification, 2026, None)
        );
        assert_eq!(d.line, 8, "the unit's name line");
        // The page's own months, then the site's.
        let (found, _) = read(
            &table("2026-11-30", "rectification_months = 1\n", BELOW),
            &config(),
        );
        assert_eq!(found[0].due, day("2026-12-30"));
        let mut site = config();
        site.evaluation.rectification_months = 6;
        let (found, _) = read(&table("2026-08-31", "", BELOW), &site);
        assert_eq!(found[0].due, day("2027-02-28"));
        // Out of range on the page: an error there, and the site's months meanwhile.
        let (found, problems) = read(
            &table("2026-11-30", "rectification_months = 0\n", BELOW),
            &config(),
        );
        assert_eq!(
            problems,
            [(Some(7), "rectification-months-out-of-range".to_string())]
        );
        assert_eq!(found[0].due, day("2027-02-28"));
    }

    #[test]
    fn the_latest_written_due_wins_and_the_first_report_closes_it() {
        let units = format!(
            "{BELOW}[[evaluation.units.rectification]]\ndate = 2026-12-01\nstage = \"notice\"\ndue = 2027-01-15\n\
             [[evaluation.units.rectification]]\ndate = 2026-12-20\nstage = \"plan\"\ndue = 2027-02-01\n\
             [[evaluation.units.rectification]]\ndate = 2027-02-10\nstage = \"review\"\n\
             [[evaluation.units.rectification]]\ndate = 2027-01-30\nstage = \"report\"\n"
        );
        let (found, problems) = read(&table("2026-11-28", "", &units), &config());
        assert_eq!(problems, []);
        assert_eq!(found[0].due, day("2027-02-01"));
        assert_eq!(found[0].line, 17, "the latest due's line");
        assert_eq!(
            found[0].done,
            Some(day("2027-01-30")),
            "the earliest of report and later"
        );
        assert!(found[0].done_on_time());
    }

    #[test]
    fn a_reevaluation_owes_its_own_report_and_the_top_band_owes_none() {
        let top = "[[evaluation.units]]\nname = \"镇派出所\"\n\
            votes = { satisfied = 40, basically_satisfied = 0, unsatisfied = 0 }\n";
        let (found, _) = read(
            &table("2026-12-03", "round = 2\n", &format!("{top}{BELOW}")),
            &config(),
        );
        let subjects: Vec<&str> = found.iter().map(|d| d.subject.as_str()).collect();
        assert_eq!(subjects, ["镇卫生院 2026年度复评整改"]);
    }

    #[test]
    fn a_due_before_the_meeting_is_an_error_and_on_the_top_band_a_warning() {
        let units = format!(
            "{BELOW}[[evaluation.units.rectification]]\ndate = 2026-12-01\nstage = \"notice\"\ndue = 2026-11-01\n\
             [[evaluation.units]]\nname = \"镇派出所\"\n\
             votes = {{ satisfied = 40, basically_satisfied = 0, unsatisfied = 0 }}\n\
             [[evaluation.units.rectification]]\ndate = 2026-12-01\nstage = \"plan\"\ndue = 2027-01-01\n"
        );
        let (_, problems) = read(&table("2026-11-28", "", &units), &config());
        assert_eq!(
            problems,
            [
                (Some(13), "rectification-due-before-meeting".to_string()),
                (Some(20), "rectification-due-on-top-unit".to_string()),
            ]
        );
    }

    #[test]
    fn rounds_of_a_year_sit_side_by_side_in_a_history() {
        let entry = |year: i32, round: u32| serde_json::json!({"year": year, "round": round});
        let mut history = vec![entry(2026, 2), entry(2026, 1), entry(2025, 1)];
        pair_rounds(&mut history);
        assert_eq!(history[0]["beside_first"], true);
        assert_eq!(history[1]["beside_first"], false);
        assert_eq!(history[1]["other_rounds"][0]["round"], 2);
        assert_eq!(history[1]["other_rounds"][0]["beside_first"], true);
        assert_eq!(history[0]["other_rounds"][0]["round"], 1);
        assert_eq!(history[2]["other_rounds"], serde_json::json!([]));
        // A 复评 whose first round is not listed keeps its own row.
        let mut alone = vec![entry(2026, 2)];
        pair_rounds(&mut alone);
        assert_eq!(alone[0]["beside_first"], false);
        let mut by_year = std::collections::HashMap::new();
        rounds(
            "镇卫生院",
            vec![entry(2026, 2), entry(2026, 1), entry(2025, 1)],
            &mut by_year,
        );
        let keys: Vec<&(String, i32)> = by_year.keys().collect();
        assert_eq!(
            keys,
            [&("镇卫生院".to_string(), 2026)],
            "years with one round are left out"
        );
        assert_eq!(by_year[&("镇卫生院".to_string(), 2026)][0]["round"], 1);
    }

    proptest::proptest! {
        /// Whatever months a page and the site write (in range or not, the
        /// range errors aside), a unit below the top band owes its report
        /// 1 to 12 months after the meeting, on the meeting's day of the
        /// month or the due month's last day.
        #[test]
        fn the_computed_due_date_is_1_to_12_months_after_the_meeting(
            page in proptest::prop_oneof![-2i64..=14, 0i64..=100_000, proptest::num::i64::ANY],
            site in proptest::prop_oneof![-2i64..=14, 0i64..=100_000, proptest::num::i64::ANY],
            offset in 0u64..3650,
        ) {
            use chrono::Datelike;
            let meeting = day("2020-01-01") + chrono::Days::new(offset);
            let mut config = config();
            config.evaluation.rectification_months = site;
            let (found, _) = read(
                &table(&meeting.to_string(), &format!("rectification_months = {page}\n"), BELOW),
                &config,
            );
            proptest::prop_assert_eq!(found.len(), 1);
            let due = found[0].due;
            let months = (due.year() - meeting.year()) * 12 + due.month() as i32 - meeting.month() as i32;
            proptest::prop_assert!((1..=12).contains(&months), "{meeting} → {due}");
            let last = crate::deadlines::add_months(due.with_day(1).expect("day 1"), 1)
                .and_then(|d| d.pred_opt())
                .expect("a month end");
            proptest::prop_assert!(due.day() == meeting.day() || (due == last && due.day() < meeting.day()), "{meeting} → {due}");
        }
    }

    #[test]
    fn a_copy_clears_the_due_dates_and_keeps_the_months() {
        let out = super::super::test_support::reset_for_test(
            "[evaluation]\nyear = 2025\nmeeting_date = 2025-11-25\ndelegates_present = 45\n\
             rectification_months = 2\n\
             [[evaluation.units]]\nname = \"镇卫生院\"\n\
             votes = { satisfied = 28, basically_satisfied = 4, unsatisfied = 8, abstain = 0 }\n\
             [[evaluation.units.rectification]]\ndate = 2025-12-01\nstage = \"notice\"\ndue = 2026-02-01\n",
        );
        assert!(out.contains("rectification_months = 2"), "{out}");
        assert!(!out.contains("due ="), "{out}");
    }

    #[test]
    fn satisfaction_basis_reads_satisfied_only() {
        let mut c = config();
        c.evaluation.basis = "satisfaction".into();
        let f = votes(38, 5, 2, 0).figures(&c);
        assert_eq!(f.rating, "基本满意单位");
    }
}
