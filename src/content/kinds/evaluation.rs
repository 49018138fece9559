//! 评议 results: the `[evaluation]` table, its checks, and the computed
//! figures (valid votes, approval and satisfaction rates, rating,
//! rectification status), never typed by hand.

use super::{unknown_value, DateValue, Locator};
use crate::config::{Config, RatingBand};
use crate::diagnostics::Diagnostic;
use crate::messages::Msg;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use toml::Spanned;

pub const STAGES: [&str; 5] = ["notice", "plan", "report", "review", "done"];

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
    /// The process timeline.
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub units: Vec<Unit>,
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
    pub fn valid(&self) -> i64 {
        self.satisfied + self.basically_satisfied + self.unsatisfied
    }

    pub fn total(&self) -> i64 {
        self.valid() + self.abstain
    }

    pub fn figures(&self, config: &Config) -> Figures {
        let valid = self.valid();
        let (approval, satisfaction) = if valid > 0 {
            (
                Some((self.satisfied + self.basically_satisfied) as f64 / valid as f64),
                Some(self.satisfied as f64 / valid as f64),
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
    fn satisfaction_basis_reads_satisfied_only() {
        let mut c = config();
        c.evaluation.basis = "satisfaction".into();
        let f = votes(38, 5, 2, 0).figures(&c);
        assert_eq!(f.rating, "基本满意单位");
    }
}
