//! 视察 / 执法检查 / 调研: the `[inspection]` table.

use super::{DateValue, EventDate, Locator};
use crate::content::front_matter::PageFrontMatter;
use crate::diagnostics::Diagnostic;
use crate::messages::Msg;
use serde::{Deserialize, Serialize};
use toml::Spanned;

#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    /// 视察 | 执法检查 | 调研 (other text is shown as written).
    #[serde(rename = "type", default = "default_type")]
    pub kind: String,
    /// 视察日期: the day of the visit (the page's `date` is its publication
    /// date). Optional, so that sites written before it still build; `new`
    /// writes a placeholder for it.
    #[serde(default)]
    pub visited: Option<Spanned<EventDate>>,
    /// The inspected unit (required), e.g. 镇农医办.
    pub unit: String,
    /// 主题.
    #[serde(default)]
    pub topic: String,
    /// 地点.
    #[serde(default)]
    pub location: String,
    /// 组织单位.
    #[serde(default)]
    pub organizer: String,
    /// Delegates who took part, by name.
    #[serde(default)]
    pub delegates: Vec<String>,
    /// 发现的问题.
    #[serde(default)]
    pub findings: Vec<String>,
    /// 意见建议.
    #[serde(default)]
    pub suggestions: Vec<String>,
    /// 办理反馈, in date order.
    #[serde(default)]
    pub followups: Vec<Followup>,
}

fn default_type() -> String {
    "视察".into()
}

#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Followup {
    pub date: Spanned<DateValue>,
    /// Free text (办理中, 已办结 …); the latest one is the report's status.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub note: String,
}

impl Inspection {
    /// 视察日期, when written (not a placeholder).
    pub fn visited_date(&self) -> Option<chrono::NaiveDate> {
        self.visited.as_ref().and_then(|v| v.get_ref().date())
    }

    /// The latest follow-up (by date; the last written wins a tie).
    pub fn latest_followup(&self) -> Option<&Followup> {
        self.followups
            .iter()
            .enumerate()
            .max_by_key(|(i, f)| (*f.date.get_ref(), *i))
            .map(|(_, f)| f)
    }
}

pub fn validate(t: &Inspection, front: &PageFrontMatter, at: &Locator<'_>) -> Vec<Diagnostic> {
    let mut out = vec![];
    if t.unit.trim().is_empty() {
        out.push(
            Diagnostic::error(Msg::MissingField {
                field: "inspection.unit".into(),
            })
            .at(at.file, Some(at.table_line("inspection"))),
        );
    }
    let published = front.date.as_ref().map(|d| d.get_ref().date());
    if let (Some(visited), Some(published)) = (t.visited_date(), published) {
        if visited > published {
            if let Some(v) = &t.visited {
                out.push(at.error(
                    Msg::VisitedAfterPublication {
                        visited: iso(visited),
                        date: iso(published),
                    },
                    v.span(),
                ));
            }
        }
    }
    // Follow-ups come after the visit; without a visit date, after the page.
    let visit = t.visited_date().or(published);
    for f in &t.followups {
        if let Some(visit) = visit {
            if f.date.get_ref().date() < visit {
                out.push(at.error(
                    Msg::FollowupBeforeVisit {
                        date: f.date.get_ref().iso(),
                        visit: iso(visit),
                    },
                    f.date.span(),
                ));
            }
        }
    }
    out
}

fn iso(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}
