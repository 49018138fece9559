//! The congress document kinds of `domain.md`, each in one file: its typed
//! front-matter table, its validation (each problem at its line), the
//! figures computed from it (vote rates, ratings, latest statuses), and all
//! the other stages need of it, through the `KindSpec` trait.
//!
//! `spec` is the one registry: `content` asks it whether a table is
//! missing or wrong and whether a page is published, `search` for the text
//! to index, `scaffold` for the folder and what `new --from` resets,
//! `derive` for the units and people a page mentions, `linkcheck` for the
//! files a table names, `check` for the stale-column rule, `render` for the
//! template view ([`context`]) and each kind's part of `/stats/<year>/`
//! (`stats`). So a stage names no kind's fields, and adding a kind is one
//! file here plus registration (README, "One kind, one module"). A trait,
//! not a function per stage, so that the compiler lists what a kind may
//! say, and each method defaults to nothing.
//!
//! Left to others: what a page of the site makes of the kinds together is
//! not a kind's business. `derive` joins the names kinds mention into units
//! and people (a unit's page lists its inspections and its evaluations:
//! that is the site's design, and one record per unit serves every kind);
//! `render` places the plain data made here on its pages and never reaches
//! into a table. Nothing here calls the renderer: views are `serde_json`
//! values and charts are HTML strings from the `charts` leaf.

pub mod article;
pub mod delegate;
pub mod evaluation;
pub mod inspection;
pub mod report;
pub mod submission;
pub mod suggestion;

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

/// Everything one content kind knows, in one place: each
/// `kinds/<kind>.rs` implements it and [`spec`] hands it to the stages that
/// ask. Every method has a default that does nothing, so a kind writes only
/// what it has: its table, its checks, the text search reads, what `new
/// --from` resets, the names it mentions, the figures templates receive.
///
/// The methods read the page's whole front matter and take their own table
/// from it (a missing table is "nothing"), so the stages need not know the
/// table's type.
pub(crate) trait KindSpec: Sync {
    /// The kind this is the spec of.
    fn kind(&self) -> Kind;

    /// The section folder `new` writes to when no section has this
    /// `page_kind` (`inspections`).
    fn folder(&self) -> &'static str;

    /// The front-matter table (`inspection` for `[inspection]`), if any.
    fn table(&self) -> Option<&'static str> {
        None
    }

    /// Whether `front` has this kind's table.
    fn has_table(&self, _front: &PageFrontMatter) -> bool {
        false
    }

    /// A page of this kind must have its table (delegate pages need not).
    fn table_required(&self) -> bool {
        true
    }

    /// The national rule for how often a column of this kind must get a new
    /// page, in days (政府网站发展指引: 动态要闻 every 2 weeks, the other
    /// columns every 6 months); `None` for columns that never go stale.
    fn stale_after_days(&self) -> Option<u32> {
        Some(180)
    }

    /// Files the table names that must sit beside the page, as
    /// `(field, file name)` (an evaluation's 述职报告).
    fn attachments<'a>(&self, _front: &'a PageFrontMatter) -> Vec<(&'static str, &'a str)> {
        vec![]
    }

    /// `new` makes a folder page (`<stem>/index.md`), for attachments beside it.
    fn bundle(&self) -> bool {
        false
    }

    /// Problems of the table, each at its line; called when it is present.
    fn check(
        &self,
        _front: &PageFrontMatter,
        _config: &Config,
        _at: &Locator<'_>,
    ) -> Vec<Diagnostic> {
        vec![]
    }

    /// What is left of a template in the table, and what a published page
    /// should not lack (reported once published).
    fn unfinished(&self, _front: &PageFrontMatter, _at: &Locator<'_>) -> Vec<Diagnostic> {
        vec![]
    }

    /// Problems between the published pages of this kind.
    fn check_across(&self, _pages: &[&crate::content::Page]) -> Vec<Diagnostic> {
        vec![]
    }

    /// Lines of fields that [`KindSpec::check_site`] reports at, as
    /// `("table.field", line)`: kept on the page (`Page::table_line`),
    /// which keeps no front-matter text once loaded.
    fn field_lines(
        &self,
        _front: &PageFrontMatter,
        _at: &Locator<'_>,
    ) -> Vec<(&'static str, usize)> {
        vec![]
    }

    /// Problems of this kind's pages against every published page (a
    /// suggestion's unit spelt unlike the units other kinds name).
    fn check_site(&self, _pages: &[&crate::content::Page]) -> Vec<Diagnostic> {
        vec![]
    }

    /// Whether a page of this kind is published (beside `draft`).
    fn is_public(&self, _front: &PageFrontMatter, _config: &Config) -> bool {
        true
    }

    /// When the event the page reports took place, if the table says.
    fn event_date(&self, _front: &PageFrontMatter) -> Option<chrono::NaiveDate> {
        None
    }

    /// A URL in the table that templates print as a link.
    fn link_url<'a>(&self, _front: &'a PageFrontMatter) -> Option<&'a str> {
        None
    }

    /// The table's text for the search index: unit names and other fields.
    fn search<'a>(&self, _front: &'a PageFrontMatter, _out: &mut SearchText<'a>) {}

    /// Makes a copied table this year's (`new --from`): clears what
    /// happened last time, asks again for what must be new.
    fn reset_copy(&self, _table: &mut dyn toml_edit::TableLike, _today: chrono::NaiveDate) {}

    /// The units and people the page names, for `derive`'s cross-page records.
    fn mentions<'a>(&self, _front: &'a PageFrontMatter, _out: &mut Vec<Mention<'a>>) {}

    /// The table as templates see it (`page.<table>`): the fields as written
    /// plus the computed figures, as plain data.
    fn view(&self, _front: &PageFrontMatter, _cx: &ViewContext<'_>) -> Option<serde_json::Value> {
        None
    }

    /// What the kind adds to `/stats/<year>/` (`stats.<key>`).
    fn stats(&self, _cx: &StatsContext<'_>) -> Vec<(&'static str, Stat)> {
        vec![]
    }

    /// What the table makes someone answer for by a date (a reply, a 整改报告,
    /// a 交办 follow-up), open or done: read once at load, so that the 督办台账,
    /// `check`'s warnings and the on-time rates of `/stats/` agree.
    fn deadlines(
        &self,
        _front: &PageFrontMatter,
        _config: &Config,
        _at: &Locator<'_>,
    ) -> Vec<Deadline> {
        vec![]
    }
}

/// Something a unit must have done by a date: a row of the 督办台账 while it
/// is open. Computed from the table alone; where it stands on a given day
/// ([`crate::deadlines::Standing`]) is for the caller to ask with the day
/// it takes as today, so that one build shows one day throughout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// The kind of the page that sets it (a page is read as every kind it
    /// could be until its section is known; `content` keeps its kind's).
    pub kind: Kind,
    pub task: Task,
    /// What the ledger calls the item: `第3号建议`, `镇卫生院 2026年度评议整改`.
    pub subject: String,
    /// The unit that must act (linked to its page when it has one).
    pub unit: String,
    pub due: chrono::NaiveDate,
    /// When it was done (the reply's date, the 整改报告's); `None` while open.
    pub done: Option<chrono::NaiveDate>,
    /// The year the item belongs to (the suggestion's, the evaluation's, the
    /// inspection's), for the ledger's year pages and `/stats/<year>/`.
    pub year: i32,
    /// The line in the page's file that sets it, for `check`'s warnings.
    pub line: usize,
}

impl Deadline {
    pub fn is_open(&self) -> bool {
        self.done.is_none()
    }

    /// Done by its due date (false while open).
    pub fn done_on_time(&self) -> bool {
        self.done.is_some_and(|d| d <= self.due)
    }
}

/// A deadline as templates show it on `today`: `due` and `done` (ISO,
/// `done` empty while open), `open`, and while open `overdue` with `days`
/// over, else `days` left (0: due today); done, `on_time`.
pub(crate) fn standing_view(d: &Deadline, today: chrono::NaiveDate) -> serde_json::Value {
    use crate::deadlines::Standing;
    let iso = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let (overdue, days) = match (d.done, Standing::of(d.due, today)) {
        (Some(_), _) => (false, None),
        (None, Standing::Overdue(n)) => (true, Some(n)),
        (None, Standing::DaysLeft(n)) => (false, Some(n)),
    };
    serde_json::json!({
        "due": iso(d.due),
        "done": d.done.map(iso).unwrap_or_default(),
        "open": d.is_open(),
        "overdue": overdue,
        "days": days,
        "on_time": d.done_on_time(),
    })
}

/// What a deadline asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// 答复 of a suggestion (代表法: 3 months, 6 at most).
    Reply,
    /// 再次答复 after the delegate is 不满意.
    SecondReply,
    /// A unit's 整改报告 after an evaluation.
    Rectification,
    /// A follow-up an inspection assigned (交办期限).
    Followup,
}

impl Task {
    /// How the site names it.
    pub fn label(self) -> &'static str {
        match self {
            Task::Reply => "建议答复",
            Task::SecondReply => "再次答复",
            Task::Rectification => "整改报告",
            Task::Followup => "视察交办",
        }
    }
}

/// The deadlines a page's tables set, for each kind the page could be.
pub(crate) fn deadlines(
    kinds: impl Iterator<Item = Kind>,
    front: &PageFrontMatter,
    config: &Config,
    at: &Locator<'_>,
) -> Vec<Deadline> {
    kinds
        .map(spec)
        .filter(|s| s.has_table(front))
        .flat_map(|s| s.deadlines(front, config, at))
        .collect()
}

/// The spec of each kind: the one registry the stages ask.
pub(crate) fn spec(kind: Kind) -> &'static dyn KindSpec {
    match kind {
        Kind::Article => &article::Article,
        Kind::Inspection => &inspection::Spec,
        Kind::Evaluation => &evaluation::Spec,
        Kind::Submission => &submission::Spec,
        Kind::Report => &report::Spec,
        Kind::Delegate => &delegate::Spec,
        Kind::Suggestion => &suggestion::Spec,
    }
}

/// Every kind's spec, in [`Kind::ALL`] order (which fixes the order of
/// search fields and template keys).
pub(crate) fn specs() -> impl Iterator<Item = &'static dyn KindSpec> {
    Kind::ALL.into_iter().map(spec)
}

/// Text of kind tables for the search index.
#[derive(Debug, Default)]
pub(crate) struct SearchText<'a> {
    /// Unit names (searched as the page's unit).
    pub units: Vec<&'a str>,
    /// Other fields, in order.
    pub fields: Vec<&'a str>,
}

/// A name a page mentions, and in what role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mention<'a> {
    /// A unit inspected.
    InspectedUnit(&'a str),
    /// The `n`th unit of an evaluation.
    EvaluatedUnit(&'a str, usize),
    /// A delegate who took part.
    Delegate(&'a str),
    /// An author (a delegate only if named one elsewhere).
    Author(&'a str),
    /// The page is this delegate's own (its URL is theirs).
    DelegatePage(&'a str),
    /// The unit a suggestion is assigned to (交办单位).
    AssignedUnit(&'a str),
    /// A delegate who put the suggestion forward (领衔 or 附议).
    Proposer(&'a str),
}

/// What a kind's view may read beside its table.
pub(crate) struct ViewContext<'a> {
    pub config: &'a Config,
    /// The day the build takes as today (`--as-of`), for days left or overdue.
    pub today: chrono::NaiveDate,
    /// Delegates' and units' pages.
    pub links: &'a Links,
    /// A co-located file's URL and size.
    pub asset_url: &'a dyn Fn(&str) -> Option<(String, u64)>,
}

/// What a kind's part of `/stats/<year>/` may read: the published pages and
/// the site's URLs for them (which `derive` and `render` know).
pub(crate) struct StatsContext<'a> {
    pub year: i32,
    /// The day the build takes as today: what falls due after it is not
    /// counted yet.
    pub today: chrono::NaiveDate,
    pub config: &'a Config,
    /// The published pages (`Content::pages`).
    pub pages: &'a [crate::content::Page],
    /// Every dated page, newest first.
    pub timeline: &'a [usize],
    /// The pages published in `year`, newest first.
    pub of_year: &'a [usize],
    /// The URL of a page.
    pub page_url: &'a dyn Fn(usize) -> String,
    /// The URL of a unit's page (empty if it has none).
    pub unit_url: &'a dyn Fn(&str) -> String,
}

/// One entry a kind adds to `/stats/<year>/`.
#[derive(Debug, PartialEq)]
pub(crate) enum Stat {
    /// Plain data.
    Value(serde_json::Value),
    /// An object the renderer completes with the summaries of `pages`
    /// (indices into the pages) under `pages`, as listings show them: the
    /// renderer keeps them as references to the pages, so that what the
    /// statistics show of a page is known to come from it (`render::deps`).
    WithPages {
        head: serde_json::Value,
        pages: Vec<usize>,
    },
}

/// Every kind's part of `/stats/<year>/`, in kind order.
pub(crate) fn stats(cx: &StatsContext<'_>) -> Vec<(&'static str, Stat)> {
    specs().flat_map(|s| s.stats(cx)).collect()
}

/// Checks a page's kind table: present when the kind needs one, and valid.
pub fn validate(
    kind: Kind,
    front: &PageFrontMatter,
    config: &Config,
    at: &Locator<'_>,
) -> Vec<Diagnostic> {
    validate_as(spec(kind), front, config, at)
}

fn validate_as(
    spec: &dyn KindSpec,
    front: &PageFrontMatter,
    config: &Config,
    at: &Locator<'_>,
) -> Vec<Diagnostic> {
    let Some(table) = spec.table() else {
        return vec![];
    };
    if spec.has_table(front) {
        spec.check(front, config, at)
    } else if spec.table_required() {
        vec![Diagnostic::error(Msg::MissingKindTable {
            table: table.to_string(),
            kind: spec.kind().as_str().to_string(),
        })
        .at(at.file, Some(at.split.front_line))]
    } else {
        vec![]
    }
}

/// The line of each kind table the page has (`[evaluation]` …), for
/// messages about the table as a whole.
/// Also the lines of fields a check across pages reports at
/// (`suggestion.assigned_unit`), which [`KindSpec::field_lines`] names.
pub(crate) fn table_lines(front: &PageFrontMatter, at: &Locator<'_>) -> Vec<(&'static str, usize)> {
    let tables = specs()
        .filter(|s| s.has_table(front))
        .filter_map(|s| s.table())
        .map(|t| (t, at.table_line(t)));
    tables
        .chain(specs().flat_map(|s| s.field_lines(front, at)))
        .collect()
}

/// Template leftovers in any kind table of the page.
pub(crate) fn unfinished(front: &PageFrontMatter, at: &Locator<'_>) -> Vec<Diagnostic> {
    specs().flat_map(|s| s.unfinished(front, at)).collect()
}

/// Problems between published pages, kind by kind.
pub(crate) fn check_across<'a>(
    pages: impl IntoIterator<Item = &'a crate::content::Page>,
) -> Vec<Diagnostic> {
    let pages: Vec<&crate::content::Page> = pages.into_iter().collect();
    specs()
        .flat_map(|s| {
            let of_kind: Vec<&crate::content::Page> = pages
                .iter()
                .copied()
                .filter(|p| p.kind == s.kind())
                .collect();
            let mut found = s.check_across(&of_kind);
            found.extend(s.check_site(&pages));
            found
        })
        .collect()
}

/// When the page's event took place, if a kind table says.
pub(crate) fn event_date(front: &PageFrontMatter) -> Option<chrono::NaiveDate> {
    specs().find_map(|s| s.event_date(front))
}

/// The files the page's kind tables name, as `(field, file name)`.
pub(crate) fn attachments(front: &PageFrontMatter) -> Vec<(&'static str, &str)> {
    specs().flat_map(|s| s.attachments(front)).collect()
}

/// A URL of a kind table printed as a link.
pub(crate) fn link_url(front: &PageFrontMatter) -> Option<&str> {
    specs().find_map(|s| s.link_url(front))
}

/// The search text of every kind table of the page.
pub(crate) fn search_text(front: &PageFrontMatter) -> SearchText<'_> {
    let mut out = SearchText::default();
    for s in specs() {
        s.search(front, &mut out);
    }
    out
}

/// Resets each kind table of a copied document (`new --from`).
pub(crate) fn reset_copy(doc: &mut toml_edit::DocumentMut, today: chrono::NaiveDate) {
    for s in specs() {
        let Some(name) = s.table() else { continue };
        if let Some(t) = doc
            .get_mut(name)
            .and_then(toml_edit::Item::as_table_like_mut)
        {
            s.reset_copy(t, today);
        }
    }
}

/// The names a page of `kind` mentions.
pub(crate) fn mentions(kind: Kind, front: &PageFrontMatter) -> Vec<Mention<'_>> {
    let mut out = vec![];
    spec(kind).mentions(front, &mut out);
    out
}

/// Sets `key` in a table, keeping the comments above it when it is there
/// (for [`KindSpec::reset_copy`]).
pub(crate) fn set(table: &mut dyn toml_edit::TableLike, key: &str, item: toml_edit::Item) {
    match table.get_mut(key) {
        Some(old) => *old = item,
        None => {
            table.insert(key, item);
        }
    }
}

/// `day` as a TOML date (for [`KindSpec::reset_copy`]).
pub(crate) fn toml_date(day: chrono::NaiveDate) -> toml_edit::Datetime {
    use chrono::Datelike;
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: day.year() as u16,
            month: day.month() as u8,
            day: day.day() as u8,
        }),
        time: None,
        offset: None,
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

/// Where names in kind tables link to: delegates' and units' pages, and
/// what an evaluation page shows of the same year's other rounds (made
/// from `derive`'s units with the pages of each).
#[derive(Debug, Default, PartialEq)]
pub struct Links {
    /// Delegate name → URL of their page.
    pub delegates: std::collections::HashMap<String, String>,
    /// Unit name → URL of its page.
    pub units: std::collections::HashMap<String, String>,
    /// (unit, year) → the unit's evaluations of that year when there are
    /// several (a 复评 after the first), first round first, as a unit's
    /// history shows them (`evaluation::rounds`): what the evaluation pages
    /// show of each other.
    pub evaluation_rounds: std::collections::HashMap<(String, i32), Vec<serde_json::Value>>,
}

impl Links {
    pub(crate) fn person(&self, name: &str) -> serde_json::Value {
        serde_json::json!({"name": name, "url": self.delegates.get(name).cloned().unwrap_or_default()})
    }

    pub(crate) fn unit(&self, name: &str) -> serde_json::Value {
        serde_json::json!({"name": name, "url": self.units.get(name).cloned().unwrap_or_default()})
    }
}

/// The kind tables of a page as templates see them, each kind's
/// `KindSpec::view`: `(table, value)` pairs to add to `page`.
pub fn context(
    front: &PageFrontMatter,
    config: &Config,
    today: chrono::NaiveDate,
    links: &Links,
    asset_url: &dyn Fn(&str) -> Option<(String, u64)>,
) -> Vec<(&'static str, serde_json::Value)> {
    let cx = ViewContext {
        config,
        today,
        links,
        asset_url,
    };
    specs()
        .filter_map(|s| Some((s.table()?, s.view(front, &cx)?)))
        .collect()
}

#[cfg(test)]
pub(crate) mod test_support {
    /// A kind table's text after [`super::reset_copy`] as of 2026-11-29 (for the kinds' tests).
    pub(crate) fn reset_for_test(table: &str) -> String {
        let mut doc: toml_edit::DocumentMut = table.parse().expect("toml");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        super::reset_copy(&mut doc, today);
        doc.to_string()
    }
}

#[cfg(test)]
mod registry_tests {
    //! The registry is complete and consistent, and a kind needs nothing but
    //! its [`KindSpec`]: a hypothetical kind, written here, goes through the
    //! same generic checks with the trait's defaults.
    use super::*;
    use crate::content::front_matter::split;

    fn config() -> Config {
        toml::from_str("title = \"t\"\nbase_url = \"https://x/\"").expect("config")
    }

    fn front(text: &str) -> PageFrontMatter {
        toml::from_str(text).expect("front matter")
    }

    #[test]
    fn every_kind_has_its_spec_and_each_table_is_its_own() {
        let mut tables = vec![];
        for kind in Kind::ALL {
            assert_eq!(spec(kind).kind(), kind, "spec({kind:?})");
            tables.extend(spec(kind).table());
        }
        let mut unique = tables.clone();
        unique.dedup();
        assert_eq!(tables, unique, "one table per kind");
        // A page with every table: each spec sees its own, and the template
        // keys are the table names, in kind order.
        let text = "title = \"t\"\ndate = 2026-09-08\n\
             [inspection]\nunit = \"镇农医办\"\n\
             [evaluation]\nyear = 2026\nmeeting_date = 2026-11-28\ndelegates_present = 3\n\
             [submission]\npublication = \"代表报\"\nsubmitted = 2026-03-02\n\
             [report]\ntype = \"半年小结\"\nyear = 2026\n\
             [delegate]\nterm = \"第十八届\"\n\
             [suggestion]\nno = \"第3号\"\n";
        let all = front(text);
        let keys: toml::Table = toml::from_str(text).expect("toml");
        for s in specs() {
            let Some(table) = s.table() else { continue };
            assert!(
                keys.contains_key(table),
                "[{table}] is a front-matter table"
            );
            assert!(s.has_table(&all), "{:?} sees its table", s.kind());
        }
        let keys: Vec<&str> = context(
            &all,
            &config(),
            chrono::NaiveDate::MIN,
            &Links::default(),
            &|_| None,
        )
        .into_iter()
        .map(|(k, _)| k)
        .collect();
        assert_eq!(keys, tables);
    }

    /// 议案, a kind that does not exist: its table is read from `[extra]`
    /// here, where a real kind has its own front-matter field.
    struct Motion;

    impl KindSpec for Motion {
        fn kind(&self) -> Kind {
            Kind::Article
        }
        fn folder(&self) -> &'static str {
            "motions"
        }
        fn table(&self) -> Option<&'static str> {
            Some("motion")
        }
        fn has_table(&self, front: &PageFrontMatter) -> bool {
            front.extra.contains_key("motion")
        }
        fn check(&self, _: &PageFrontMatter, _: &Config, at: &Locator<'_>) -> Vec<Diagnostic> {
            vec![Diagnostic::warning(Msg::FrontMatterMissing)
                .at(at.file, Some(at.table_line("extra")))]
        }
    }

    #[test]
    fn a_new_kind_is_checked_by_its_spec_alone() {
        let file = std::path::Path::new("content/motions/a.md");
        for (text, expected) in [
            ("+++\ntitle = \"t\"\n+++\n", (Some(2), "missing-kind-table")),
            (
                "+++\ntitle = \"t\"\n[extra]\nmotion = 1\n+++\n",
                (Some(3), "front-matter-missing"),
            ),
        ] {
            let split = split(text, file).expect("split");
            let front = front(split.front);
            let at = Locator {
                file,
                split: &split,
            };
            let found = validate_as(&Motion, &front, &config(), &at);
            let found: Vec<(Option<usize>, String)> =
                found.iter().map(|d| (d.line, d.msg.code())).collect();
            assert_eq!(found, [(expected.0, expected.1.to_string())], "{text}");
        }
        // Everything else is the defaults: nothing to search, mention or
        // show, a plain page, the 6-month rule.
        let plain = front("title = \"t\"\n[extra]\nmotion = 1\n");
        let mut text = SearchText::default();
        Motion.search(&plain, &mut text);
        assert!(text.units.is_empty() && text.fields.is_empty());
        let mut mentioned = vec![];
        Motion.mentions(&plain, &mut mentioned);
        assert!(mentioned.is_empty());
        let links = Links::default();
        let cx = ViewContext {
            config: &config(),
            today: chrono::NaiveDate::MIN,
            links: &links,
            asset_url: &|_| None,
        };
        assert_eq!(Motion.view(&plain, &cx), None);
        assert!(!Motion.bundle() && Motion.is_public(&plain, &config()));
        assert_eq!(Motion.stale_after_days(), Some(180));
    }
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
