//! The congress document kinds of `domain.md`: typed front matter tables,
//! their validation (each problem at its line), and the figures computed from
//! them (vote rates, ratings, latest statuses).
//!
//! One file per kind. A kind's table is parsed with the page's front matter;
//! checks that need the site's settings run in [`validate`]; what templates
//! receive is built in [`context`]. Cross-page facts (units, delegates,
//! statistics) are `derive`'s business.

pub mod delegate;
pub mod evaluation;
pub mod inspection;
pub mod report;
pub mod submission;

use crate::config::Config;
use crate::content::front_matter::{PageFrontMatter, Split};
use crate::diagnostics::Diagnostic;
use crate::kind::Kind;
use crate::messages::Msg;
use chrono::NaiveDateTime;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::path::Path;

/// A date in front matter: a TOML date or datetime, or a string in a common
/// form (`2026-09-08`, `2026/9/8`, `2026年9月8日`). A value that is no date
/// fails deserialization, so the TOML reader reports it at its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateValue(pub NaiveDateTime);

use crate::dates::{BAD_DATE, BAD_YEAR, DEFAULT_YEARS};

thread_local! {
    /// The years of the site being read. Serde gives a `Deserialize` no access
    /// to the site's settings, and parsing one file runs on one thread, so the
    /// loader sets them around each parse ([`with_years`]).
    static YEARS: std::cell::Cell<(i32, i32)> = const { std::cell::Cell::new(DEFAULT_YEARS) };
}

/// Runs `parse` with dates limited to `years` (both ends included), so a
/// year out of range fails deserialization at its line like any bad date.
pub(crate) fn with_years<T>(years: std::ops::RangeInclusive<i32>, parse: impl FnOnce() -> T) -> T {
    /// Puts the years back even if `parse` unwinds.
    struct Restore((i32, i32));
    impl Drop for Restore {
        fn drop(&mut self) {
            YEARS.with(|y| y.set(self.0));
        }
    }
    let _restore = Restore(YEARS.with(|y| y.replace((*years.start(), *years.end()))));
    parse()
}

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = toml::Value::deserialize(d)?;
        let shown = || match &value {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let date = crate::content::front_matter::parse_date(&value)
            .ok_or_else(|| serde::de::Error::custom(format!("{BAD_DATE}`{}`", shown())))?;
        let (min, max) = YEARS.with(std::cell::Cell::get);
        if !(min..=max).contains(&chrono::Datelike::year(&date)) {
            return Err(serde::de::Error::custom(format!(
                "{BAD_YEAR}{min} {max} `{}`",
                shown()
            )));
        }
        Ok(DateValue(date))
    }
}

impl Serialize for DateValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl DateValue {
    /// `2026-09-08`.
    pub fn iso(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }

    pub fn date(&self) -> chrono::NaiveDate {
        self.0.date()
    }
}

/// The date of an event that `new` leaves for the user to fill in: a date,
/// or still the placeholder (`"（请填写视察日期…）"`) the archetype wrote.
/// A placeholder is no date; it is reported as template text left in a
/// published page (`crate::content::placeholder`), and a draft may keep it, so
/// `new` and then `build` still work. Any other text is a bad date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventDate {
    Date(DateValue),
    Placeholder(String),
}

impl EventDate {
    /// The date, when written.
    pub fn date(&self) -> Option<chrono::NaiveDate> {
        match self {
            EventDate::Date(d) => Some(d.date()),
            EventDate::Placeholder(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for EventDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = toml::Value::deserialize(d)?;
        if let Some(text) = value.as_str().filter(|s| {
            s.trim_start()
                .starts_with(crate::content::placeholder::OPEN)
        }) {
            return Ok(EventDate::Placeholder(text.to_string()));
        }
        DateValue::deserialize(value)
            .map(EventDate::Date)
            .map_err(|e| serde::de::Error::custom(e.message()))
    }
}

impl Serialize for EventDate {
    /// The ISO date, or an empty string while it is a placeholder.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            EventDate::Date(d) => d.serialize(s),
            EventDate::Placeholder(_) => s.serialize_str(""),
        }
    }
}

/// Where a value sits in the file, for messages.
pub struct Locator<'a> {
    pub file: &'a Path,
    pub split: &'a Split<'a>,
}

impl Locator<'_> {
    pub fn line(&self, span: std::ops::Range<usize>) -> usize {
        crate::content::front_matter::span_line(self.split, span)
    }

    pub fn error(&self, msg: Msg, span: std::ops::Range<usize>) -> Diagnostic {
        Diagnostic::error(msg).at(self.file, Some(self.line(span)))
    }

    /// The line of the table header `[name]`, or the first line of the front matter.
    pub fn table_line(&self, name: &str) -> usize {
        let header = format!("[{name}]");
        self.split
            .front
            .lines()
            .position(|l| l.trim() == header)
            .map_or(self.split.front_line, |i| self.split.front_line + i)
    }
}

/// Checks a page's kind table: present when the kind needs one, and valid.
pub fn validate(
    kind: Kind,
    front: &PageFrontMatter,
    config: &Config,
    at: &Locator<'_>,
) -> Vec<Diagnostic> {
    let missing = |table: &str| {
        vec![Diagnostic::error(Msg::MissingKindTable {
            table: table.to_string(),
            kind: kind.as_str().to_string(),
        })
        .at(at.file, Some(at.split.front_line))]
    };
    match kind {
        Kind::Inspection => match &front.inspection {
            Some(t) => inspection::validate(t, front, at),
            None => missing("inspection"),
        },
        Kind::Evaluation => match &front.evaluation {
            Some(t) => evaluation::validate(t, config, at),
            None => missing("evaluation"),
        },
        Kind::Submission => match &front.submission {
            Some(t) => submission::validate(t, config, at),
            None => missing("submission"),
        },
        Kind::Report => match &front.report {
            Some(_) => vec![],
            None => missing("report"),
        },
        Kind::Article | Kind::Delegate => vec![],
    }
}

/// Suggests the closest of `known` for a misspelt enum value.
pub fn unknown_value(field: &str, value: &str, known: &[&str]) -> Msg {
    Msg::UnknownValue {
        field: field.to_string(),
        value: value.to_string(),
        known: known.iter().map(|k| k.to_string()).collect(),
        suggestion: crate::messages::closest(value, known).map(str::to_string),
    }
}

/// A rate in 0..=1 as a percentage with one decimal: 43 of 45 → `95.6%`.
pub fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_has_one_decimal() {
        assert_eq!(percent(43.0 / 45.0), "95.6%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(percent(0.0), "0.0%");
    }

    #[derive(Deserialize)]
    struct Holder {
        d: DateValue,
    }

    #[test]
    fn date_value_reads_strings_and_dates() {
        let h: Holder = toml::from_str("d = 2026-09-08").expect("date");
        assert_eq!(h.d.iso(), "2026-09-08");
        let h: Holder = toml::from_str("d = \"2026年9月8日\"").expect("string date");
        assert_eq!(h.d.iso(), "2026-09-08");
        let e = toml::from_str::<Holder>("d = \"2026-02-30\"")
            .err()
            .expect("bad date");
        assert!(e.message().starts_with(BAD_DATE), "{}", e.message());
        assert!(e.span().is_some());
    }

    #[derive(Deserialize)]
    struct Event {
        d: EventDate,
    }

    #[test]
    fn an_event_date_is_a_date_or_a_placeholder_never_other_text() {
        let e: Event = toml::from_str("d = 2026-09-05").expect("date");
        assert_eq!(
            e.d.date(),
            chrono::NaiveDate::from_ymd_opt(2026, 9, 5),
            "a date"
        );
        let e: Event = toml::from_str("d = \"（请填写视察日期）\"").expect("placeholder");
        assert_eq!(e.d, EventDate::Placeholder("（请填写视察日期）".into()));
        assert_eq!(e.d.date(), None);
        for text in ["d = \"请填写\"", "d = \"2026-02-30\"", "d = 3"] {
            let e = toml::from_str::<Event>(text).err().expect(text);
            assert!(e.message().starts_with(BAD_DATE), "{text}: {}", e.message());
            assert!(e.span().is_some(), "{text}");
        }
        let e = toml::from_str::<Event>("d = 1900-01-01")
            .err()
            .expect("year");
        assert!(e.message().starts_with(BAD_YEAR), "{}", e.message());
    }

    proptest::proptest! {
        /// Any text in a date field is a placeholder (starting with `（请`),
        /// a date, or an error at its line that says it is no date: never
        /// anything else, never a panic. Placeholders are put after spaces,
        /// after other text and around dates, to get around the check.
        #[test]
        fn an_event_date_never_takes_other_text(
            before in "[ \t]{0,2}|[^（]{0,6}",
            mark in proptest::sample::select(vec!["（请", "(请", "（", "请", "（請", ""]),
            rest in "\\PC{0,12}|2026-0[1-9]-[0-3][0-9]",
        ) {
            let text = format!("{before}{mark}{rest}");
            let doc = format!("d = {}", toml::Value::String(text.clone()));
            match toml::from_str::<Event>(&doc) {
                Ok(Event { d: EventDate::Placeholder(p) }) => {
                    proptest::prop_assert_eq!(&p, &text);
                    proptest::prop_assert!(text.trim_start().starts_with("（请"), "{}", text);
                }
                Ok(Event { d: EventDate::Date(_) }) => {
                    proptest::prop_assert!(!text.trim_start().starts_with("（请"), "{}", text);
                }
                Err(e) => {
                    proptest::prop_assert!(!text.trim_start().starts_with("（请"), "{}", text);
                    proptest::prop_assert!(
                        e.message().starts_with(BAD_DATE) || e.message().starts_with(BAD_YEAR),
                        "{}: {}", text, e.message()
                    );
                    proptest::prop_assert!(e.span().is_some());
                }
            }
        }
    }

    #[test]
    fn date_years_are_limited_by_the_site() {
        for text in [
            "d = \"-2026-03-01\"",
            "d = \"+10000-01-01\"",
            "d = \"-1/1/1\"",
            "d = 1948-12-31",
        ] {
            let e = toml::from_str::<Holder>(text).err().expect(text);
            assert!(e.message().starts_with(BAD_YEAR), "{text}: {}", e.message());
            assert!(e.span().is_some(), "{text}");
        }
        let h: Holder =
            with_years(1800..=1900, || toml::from_str("d = 1840-06-01")).expect("in range");
        assert_eq!(h.d.iso(), "1840-06-01");
        assert!(
            toml::from_str::<Holder>("d = 1840-06-01").is_err(),
            "the default is back"
        );
    }
}

/// Where names in kind tables link to: delegates' and units' pages.
#[derive(Debug, Default, PartialEq)]
pub struct Links {
    /// Delegate name → URL of their page.
    pub delegates: std::collections::HashMap<String, String>,
    /// Unit name → URL of its page.
    pub units: std::collections::HashMap<String, String>,
}

impl Links {
    fn person(&self, name: &str) -> serde_json::Value {
        serde_json::json!({"name": name, "url": self.delegates.get(name).cloned().unwrap_or_default()})
    }

    fn unit(&self, name: &str) -> serde_json::Value {
        serde_json::json!({"name": name, "url": self.units.get(name).cloned().unwrap_or_default()})
    }
}

/// The kind tables of a page as templates see them: the fields as written plus
/// the computed figures. Returns `(key, value)` pairs to add to `page`.
pub fn context(
    front: &PageFrontMatter,
    config: &Config,
    links: &Links,
    asset_url: &dyn Fn(&str) -> Option<(String, u64)>,
) -> Vec<(&'static str, serde_json::Value)> {
    use serde_json::{json, Value};
    let mut out = vec![];
    if let Some(t) = &front.inspection {
        let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
        let latest = t.latest_followup();
        v["unit_link"] = links.unit(&t.unit);
        v["delegate_links"] = t.delegates.iter().map(|d| links.person(d)).collect();
        v["latest_status"] = json!(latest.map(|f| f.status.clone()).unwrap_or_default());
        v["latest_date"] = json!(latest.map(|f| f.date.get_ref().iso()).unwrap_or_default());
        // When it took place, for listings: `visited`, else (older pages) `date`.
        let published = front.date.as_ref().map(|d| d.get_ref().date());
        v["visit_date"] = json!(t
            .visited_date()
            .or(published)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default());
        out.push(("inspection", v));
    }
    if let Some(t) = &front.evaluation {
        let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
        let units: Vec<Value> = t
            .units
            .iter()
            .map(|u| {
                let mut uv = serde_json::to_value(u).unwrap_or(Value::Null);
                let figures = u.votes.get_ref().figures(config);
                uv["figures"] = serde_json::to_value(&figures).unwrap_or(Value::Null);
                uv["link"] = links.unit(u.name.get_ref());
                let latest = u.latest_rectification();
                let stage = latest.map(|r| r.stage.get_ref().as_str()).unwrap_or("");
                uv["rectification_stage"] = json!(stage);
                uv["rectification_label"] = json!(evaluation::stage_label(stage));
                uv["rectification"] = u
                    .rectification
                    .iter()
                    .map(|r| {
                        json!({
                            "date": r.date.get_ref().iso(),
                            "stage": r.stage.get_ref(),
                            "stage_label": evaluation::stage_label(r.stage.get_ref()),
                            "note": r.note,
                        })
                    })
                    .collect();
                uv["report_file"] = match asset_url(&u.report) {
                    Some((url, size)) if !u.report.is_empty() => json!({
                        "name": u.report,
                        "url": url,
                        "ext": u.report.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default(),
                        "size_human": crate::text::human_size(size),
                    }),
                    _ => Value::Null,
                };
                uv
            })
            .collect();
        v["units"] = Value::Array(units);
        v["ratings"] = serde_json::to_value(&config.evaluation.ratings).unwrap_or(Value::Null);
        v["basis"] = json!(config.evaluation.basis);
        out.push(("evaluation", v));
    }
    if let Some(t) = &front.submission {
        let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
        v["status_label"] = json!(submission::status_label(t.status.get_ref()));
        v["author_links"] = t.authors.iter().map(|a| links.person(a)).collect();
        v["year"] = json!(t.year());
        out.push(("submission", v));
    }
    if let Some(t) = &front.report {
        out.push(("report", serde_json::to_value(t).unwrap_or(Value::Null)));
    }
    if let Some(t) = &front.delegate {
        out.push(("delegate", serde_json::to_value(t).unwrap_or(Value::Null)));
    }
    out
}
