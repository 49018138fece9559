//! 视察 / 执法检查 / 调研: the `[inspection]` table, its checks, and all
//! an inspection is to the other stages (`Spec`): its search text, what
//! `new --from` resets, the unit and delegates it names, its template view.

use super::{
    DateValue, Deadline, EventDate, KindSpec, Locator, Mention, SearchText, Stat, StatsContext,
    Task, ViewContext,
};
use crate::config::Config;
use crate::content::front_matter::PageFrontMatter;
use crate::diagnostics::Diagnostic;
use crate::kind::Kind;
use crate::messages::Msg;
use chrono::Datelike;
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
    /// 交办期限: the unit's answer to what this entry assigns is due then;
    /// the next entry dated after this one is that answer (see
    /// [`followup_deadlines`]).
    #[serde(default)]
    pub due: Option<Spanned<DateValue>>,
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
        if let Some(due) = &f.due {
            if due.get_ref().date() < f.date.get_ref().date() {
                out.push(at.error(
                    Msg::FollowupDueBeforeDate {
                        due: due.get_ref().iso(),
                        date: f.date.get_ref().iso(),
                    },
                    due.span(),
                ));
            }
        }
    }
    out
}

/// The 交办 of an inspection's follow-ups: each entry with a `due` asks the
/// unit to answer by then, and the first entry dated after it is the
/// answer (its date is when it was done). No list of status words is
/// read: whatever the next entry says, it is the unit's 反馈 on record;
/// an entry that assigns again writes its own `due`.
pub(crate) fn followup_deadlines(
    t: &Inspection,
    front: &PageFrontMatter,
    line: &dyn Fn(std::ops::Range<usize>) -> usize,
) -> Vec<Deadline> {
    let published = front.date.as_ref().map(|d| d.get_ref().date());
    let Some(year) = t.visited_date().or(published).map(|d| d.year()) else {
        return vec![];
    };
    let topic = if t.topic.trim().is_empty() {
        front.title.trim()
    } else {
        t.topic.trim()
    };
    t.followups
        .iter()
        .filter_map(|f| {
            let due = f.due.as_ref()?;
            let assigned = f.date.get_ref().date();
            let done = t
                .followups
                .iter()
                .map(|g| g.date.get_ref().date())
                .filter(|&d| d > assigned)
                .min();
            Some(Deadline {
                kind: Kind::Inspection,
                task: Task::Followup,
                subject: format!("{} 视察交办：{topic}", t.unit.trim()),
                unit: t.unit.trim().to_string(),
                due: due.get_ref().date(),
                done,
                year,
                line: line(due.span()),
            })
        })
        .collect()
}

fn iso(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// What `new --from` writes for an inspection's 视察日期 (a placeholder).
pub(crate) const VISITED_PLACEHOLDER: &str = "（请填写视察日期，例如 2026-09-05）";

/// The spec of inspections.
pub(crate) struct Spec;

impl KindSpec for Spec {
    fn kind(&self) -> Kind {
        Kind::Inspection
    }

    fn folder(&self) -> &'static str {
        "inspections"
    }

    fn table(&self) -> Option<&'static str> {
        Some("inspection")
    }

    fn has_table(&self, front: &PageFrontMatter) -> bool {
        front.inspection.is_some()
    }

    fn check(&self, front: &PageFrontMatter, _: &Config, at: &Locator<'_>) -> Vec<Diagnostic> {
        front
            .inspection
            .as_ref()
            .map(|t| validate(t, front, at))
            .unwrap_or_default()
    }

    fn deadlines(&self, front: &PageFrontMatter, _: &Config, at: &Locator<'_>) -> Vec<Deadline> {
        front
            .inspection
            .as_ref()
            .map(|t| followup_deadlines(t, front, &|span| at.line(span)))
            .unwrap_or_default()
    }

    /// 视察日期, when written.
    fn event_date(&self, front: &PageFrontMatter) -> Option<chrono::NaiveDate> {
        front.inspection.as_ref().and_then(Inspection::visited_date)
    }

    fn search<'a>(&self, front: &'a PageFrontMatter, out: &mut SearchText<'a>) {
        let Some(i) = &front.inspection else { return };
        out.units.push(&i.unit);
        out.fields
            .extend([i.kind.as_str(), &i.topic, &i.location, &i.organizer]);
        out.fields.extend(i.delegates.iter().map(String::as_str));
        out.fields.extend(i.findings.iter().map(String::as_str));
        out.fields.extend(i.suggestions.iter().map(String::as_str));
        for f in &i.followups {
            out.fields.extend([f.status.as_str(), &f.note]);
        }
    }

    /// Follow-ups cleared; last year's visit is not this one's: the date is
    /// asked for again, and `check` names it until it is filled in.
    fn reset_copy(&self, t: &mut dyn toml_edit::TableLike, _: chrono::NaiveDate) {
        t.remove("followups");
        super::set(t, "visited", toml_edit::value(VISITED_PLACEHOLDER));
    }

    fn mentions<'a>(&self, front: &'a PageFrontMatter, out: &mut Vec<Mention<'a>>) {
        let Some(t) = &front.inspection else { return };
        if !t.unit.trim().is_empty() {
            out.push(Mention::InspectedUnit(&t.unit));
        }
        out.extend(
            t.delegates
                .iter()
                .filter(|d| !d.trim().is_empty())
                .map(|d| Mention::Delegate(d)),
        );
    }

    fn view(&self, front: &PageFrontMatter, cx: &ViewContext<'_>) -> Option<serde_json::Value> {
        use serde_json::{json, Value};
        let t = front.inspection.as_ref()?;
        let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
        let latest = t.latest_followup();
        v["unit_link"] = cx.links.unit(&t.unit);
        v["delegate_links"] = t.delegates.iter().map(|d| cx.links.person(d)).collect();
        v["latest_status"] = json!(latest.map(|f| f.status.clone()).unwrap_or_default());
        v["latest_date"] = json!(latest.map(|f| f.date.get_ref().iso()).unwrap_or_default());
        // Where each 交办 stands on the build's day while it is open.
        let mut assigned = followup_deadlines(t, front, &|_| 0).into_iter();
        if let Some(list) = v["followups"].as_array_mut() {
            for (entry, f) in list.iter_mut().zip(&t.followups) {
                if f.due.is_some() {
                    entry["standing"] = assigned
                        .next()
                        .map_or(Value::Null, |d| super::standing_view(&d, cx.today));
                }
            }
        }
        // When it took place, for listings: `visited`, else (older pages) `date`.
        let published = front.date.as_ref().map(|d| d.get_ref().date());
        v["visit_date"] = json!(t
            .visited_date()
            .or(published)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default());
        Some(v)
    }

    /// Inspections by unit in the year they took place (an inspection
    /// visited in December may be published in January), with a chart.
    fn stats(&self, cx: &StatsContext<'_>) -> Vec<(&'static str, Stat)> {
        use serde_json::json;
        let mut unit_counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for i in visited_in(cx.pages, cx.timeline, cx.year) {
            if let Some(t) = &cx.pages[i].front.inspection {
                *unit_counts.entry(t.unit.trim()).or_default() += 1;
            }
        }
        let mut units: Vec<(&str, usize)> = unit_counts.into_iter().collect();
        units.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let unit_rows: Vec<(&str, f64)> = units.iter().map(|(n, c)| (*n, *c as f64)).collect();
        let year = cx.year;
        let units_chart = (!units.is_empty()).then(|| {
            crate::charts::bar_chart(
                &format!("{year}年各单位接受视察调研次数"),
                &unit_rows,
                " 次",
            )
        });
        let rows: Vec<serde_json::Value> = units
            .iter()
            .map(|(n, c)| json!({"name": n, "url": (cx.unit_url)(n), "inspections": c}))
            .collect();
        vec![
            ("units", Stat::Value(json!(rows))),
            ("units_chart", Stat::Value(json!(units_chart))),
        ]
    }
}

/// The published inspections among `timeline` that took place in `year`
/// (by `visited`, else `date`), whatever year they were published in.
pub(crate) fn visited_in<'a>(
    pages: &'a [crate::content::Page],
    timeline: &'a [usize],
    year: i32,
) -> impl Iterator<Item = usize> + 'a {
    timeline.iter().copied().filter(move |&i| {
        let p = &pages[i];
        p.kind == Kind::Inspection
            && p.visit_date()
                .is_some_and(|d| chrono::Datelike::year(&d) == year)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(text: &str) -> PageFrontMatter {
        toml::from_str(text).expect("front matter")
    }

    /// Each follow-up with `due` is one 交办, done by the first follow-up
    /// dated after it (whatever it says), of the visit's year, at the
    /// `due` line.
    #[test]
    fn a_due_follow_up_is_done_by_the_next_one_after_it() {
        let f = front(
            "title = \"t\"\ndate = 2027-01-05\n[inspection]\nunit = \" 镇农医办 \"\n\
             visited = 2026-12-20\ntopic = \"登记\"\n\
             [[inspection.followups]]\ndate = 2026-12-22\ndue = 2027-01-31\n\
             [[inspection.followups]]\ndate = 2027-02-03\nstatus = \"随便写\"\ndue = 2027-03-01\n\
             [[inspection.followups]]\ndate = 2027-02-03\n",
        );
        let t = f.inspection.as_ref().expect("table");
        let got = followup_deadlines(t, &f, &|span| span.start);
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].subject, "镇农医办 视察交办：登记");
        assert_eq!(got[0].unit, "镇农医办");
        assert_eq!(got[0].year, 2026, "the visit's year, not the page's");
        assert_eq!(
            (got[0].due, got[0].done),
            (day(2027, 1, 31), Some(day(2027, 2, 3)))
        );
        assert!(!got[0].done_on_time());
        // An entry on the same day is no answer: the second is still open.
        assert_eq!((got[1].due, got[1].done), (day(2027, 3, 1), None));
        assert!(got[0].line < got[1].line);
    }

    /// A `due` before its own follow-up's date is an error.
    #[test]
    fn a_due_before_its_follow_up_is_reported() {
        let text = "title = \"t\"\ndate = 2026-09-08\n[inspection]\nunit = \"镇农医办\"\n\
             [[inspection.followups]]\ndate = 2026-09-20\ndue = 2026-09-19\n";
        let f = front(text);
        let source = format!("+++\n{text}+++\n");
        let split = crate::content::front_matter::split(&source, std::path::Path::new("a.md"))
            .expect("split");
        let at = Locator {
            file: std::path::Path::new("a.md"),
            split: &split,
        };
        let diags = validate(f.inspection.as_ref().expect("table"), &f, &at);
        assert!(
            diags.iter().any(|d| matches!(
                &*d.msg,
                Msg::FollowupDueBeforeDate { due, date } if due == "2026-09-19" && date == "2026-09-20"
            )),
            "{diags:?}"
        );
    }

    #[test]
    fn a_copy_asks_for_the_visit_date_again() {
        for table in [
            "[inspection]\n# 视察日期\nvisited = 2025-06-07\nunit = \"镇卫生院\"\n",
            "[inspection]\nunit = \"镇卫生院\"\n[[inspection.followups]]\ndate = 2025-07-01\n",
        ] {
            let out = super::super::test_support::reset_for_test(table);
            assert!(!out.contains("2025-06-07"), "{out}");
            assert!(!out.contains("followups"), "{out}");
            assert!(
                out.contains(&format!("visited = \"{VISITED_PLACEHOLDER}\"")),
                "{out}"
            );
            assert!(crate::content::placeholder::find(VISITED_PLACEHOLDER).len() == 1);
            if table.contains("# 视察日期") {
                assert!(out.contains("# 视察日期\nvisited ="), "comment kept: {out}");
            }
        }
    }
}
