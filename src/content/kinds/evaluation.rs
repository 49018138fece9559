//! 评议 results: the `[evaluation]` table, its checks, and the computed
//! figures (valid votes, approval and satisfaction rates, rating,
//! rectification status), never typed by hand; and all an evaluation is to
//! the other stages (`Spec`): its search text, what `new --from` resets,
//! the units it names, its template view.

use super::{
    unknown_value, DateValue, KindSpec, Locator, Mention, SearchText, Stat, StatsContext,
    ViewContext,
};
use crate::config::{Config, RatingBand};
use crate::content::front_matter::PageFrontMatter;
use crate::diagnostics::Diagnostic;
use crate::kind::Kind;
use crate::messages::Msg;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use toml::Spanned;

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
        }
    }
    out
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
            .map(|t| validate(t, config, at))
            .unwrap_or_default()
    }

    fn unfinished(&self, front: &PageFrontMatter, at: &Locator<'_>) -> Vec<Diagnostic> {
        front
            .evaluation
            .as_ref()
            .map(|t| without_votes(t, at))
            .unwrap_or_default()
    }

    fn check_across(&self, pages: &[&crate::content::Page]) -> Vec<Diagnostic> {
        same_year(pages.iter().copied())
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
        let units: Vec<Value> = t.units.iter().map(|u| unit_view(u, cx)).collect();
        v["units"] = Value::Array(units);
        v["ratings"] = serde_json::to_value(&cx.config.evaluation.ratings).unwrap_or(Value::Null);
        v["basis"] = json!(cx.config.evaluation.basis);
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
        ]
    }
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
        "votes",
        &format!("{}年度评议测评票数", t.year),
        "各被评议单位的满意、基本满意、不满意和弃权票数；准确数字见上方的测评结果表。",
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
    (!rows.is_empty()).then(|| {
        crate::charts::bar_chart(
            "ratings",
            &format!("{unit}历年满意率"),
            "每年评议的满意率（满意与基本满意票占有效票的比例），详见上表。",
            &rows_ref,
            "%",
        )
    })
}

/// `2026年`, or `2026年复评` for a re-evaluation after 整改: the label of an
/// evaluation in a unit's chart.
fn year_label(e: &serde_json::Value) -> String {
    let again = e["round"].as_u64().is_some_and(|r| r > 1);
    format!("{}年{}", e["year"], if again { "复评" } else { "" })
}

/// One unit of `page.evaluation.units`: as written, with its figures, its
/// page's link, its rectification stages named, and its 述职报告 file.
fn unit_view(u: &Unit, cx: &ViewContext<'_>) -> serde_json::Value {
    use serde_json::{json, Value};
    let mut uv = serde_json::to_value(u).unwrap_or(Value::Null);
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

    #[test]
    fn satisfaction_basis_reads_satisfied_only() {
        let mut c = config();
        c.evaluation.basis = "satisfaction".into();
        let f = votes(38, 5, 2, 0).figures(&c);
        assert_eq!(f.rating, "基本满意单位");
    }
}
