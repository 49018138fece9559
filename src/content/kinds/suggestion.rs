//! 代表建议: the `[suggestion]` table, its checks at their lines, and what
//! is computed from it as of the build's day (the reply's due date, the
//! status, days left or overdue); and all a suggestion is to the other
//! stages (`Spec`): its deadlines, search text, what `new --from` resets,
//! the delegates and unit it names, its view, its part of `/stats/<year>/`.
//!
//! Every date is computed by [`crate::deadlines`] (the 代表法's limits, the
//! 民法典's month-end rule); nothing here adds months itself.
//!
//! The opinion (`delegate_opinion`) has no date of its own: it is about the
//! first reply, so a second reply after 不满意 is due `rereply_months` after
//! that reply's date (the earliest date the opinion can have; an office
//! that waited for the opinion gets no extra time).
//!
//! Left to others: whether `assigned_unit` is spelt as the site's other
//! pages spell it needs every page, and is [`unit_spelling`], called by
//! `kinds::check_site`; a unit's page and a delegate's page listing the
//! suggestion is `derive`'s and `render`'s.

use super::{
    unknown_value, DateValue, Deadline, EventDate, KindSpec, Locator, Mention, SearchText, Stat,
    StatsContext, Task, ViewContext,
};
use crate::config::Config;
use crate::content::front_matter::PageFrontMatter;
use crate::deadlines::{
    add_months, reply_due, suggestion_state, Opinion, ReplyLimits, Standing, SuggestionDates,
    SuggestionState, SuggestionStatus, MAX_REPLY_MONTHS,
};
use crate::diagnostics::Diagnostic;
use crate::kind::Kind;
use crate::messages::Msg;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use toml::Spanned;

/// A reply's `type`.
pub const REPLY_TYPES: [&str; 2] = [FIRST, SECOND];
const FIRST: &str = "答复";
const SECOND: &str = "再次答复";
/// The delegate's opinions.
pub const OPINIONS: [&str; 3] = ["满意", "基本满意", "不满意"];
/// Every status, in the order counts are shown.
const STATUSES: [SuggestionStatus; 5] = [
    SuggestionStatus::Answered,
    SuggestionStatus::InProgress,
    SuggestionStatus::AwaitingReReply,
    SuggestionStatus::OverdueNoReply,
    SuggestionStatus::NotAssigned,
];

#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    /// 建议编号 as the office writes it: `第3号`.
    pub no: String,
    /// 领衔代表 first, then 附议代表.
    #[serde(default)]
    pub delegates: Vec<String>,
    /// The 人代会 it was put forward at, or 闭会期间.
    #[serde(default)]
    pub session: String,
    /// 提出日期; `new` writes a placeholder.
    #[serde(default)]
    pub submitted: Option<Spanned<EventDate>>,
    /// 交办单位.
    #[serde(default)]
    pub assigned_unit: Option<Spanned<String>>,
    /// 交办日期; none while 未交办.
    #[serde(default)]
    pub assigned: Option<Spanned<DateValue>>,
    /// The stated reason when the limit is extended to six months.
    #[serde(default)]
    pub extended: Option<Spanned<String>>,
    /// 满意 | 基本满意 | 不满意, after a reply.
    #[serde(default)]
    pub delegate_opinion: Option<Spanned<String>>,
    /// 答复 and 再次答复, in date order.
    #[serde(default)]
    pub replies: Vec<Reply>,
}

#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    pub date: Spanned<DateValue>,
    /// 答复 | 再次答复.
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    #[serde(default)]
    pub summary: String,
    /// A file beside the page (the unit's 答复函).
    #[serde(default)]
    pub attachment: String,
}

impl Suggestion {
    /// The assigned unit's name, trimmed; empty when not written.
    pub fn unit(&self) -> &str {
        self.assigned_unit
            .as_ref()
            .map_or("", |u| u.get_ref().trim())
    }

    fn assigned_date(&self) -> Option<NaiveDate> {
        self.assigned.as_ref().map(|a| a.get_ref().date())
    }

    fn earliest(&self, kind: &str) -> Option<NaiveDate> {
        self.replies
            .iter()
            .filter(|r| r.kind.get_ref() == kind)
            .map(|r| r.date.get_ref().date())
            .min()
    }

    pub fn opinion(&self) -> Option<Opinion> {
        self.delegate_opinion
            .as_ref()
            .and_then(|o| Opinion::parse(o.get_ref().trim()))
    }

    /// The dates `deadlines` reads.
    pub fn dates(&self) -> SuggestionDates {
        SuggestionDates {
            assigned: self.assigned_date(),
            extended: self
                .extended
                .as_ref()
                .is_some_and(|e| !e.get_ref().trim().is_empty()),
            first_reply: self.earliest(FIRST),
            second_reply: self.earliest(SECOND),
            opinion: self.opinion(),
            opinion_date: None,
        }
    }

    /// Status and due date on `today`.
    pub fn state(&self, limits: ReplyLimits, today: NaiveDate) -> SuggestionState {
        suggestion_state(&self.dates(), limits, today)
    }

    /// The year it counts for: the year it was put forward (else assigned).
    pub fn year(&self) -> Option<i32> {
        self.submitted
            .as_ref()
            .and_then(|s| s.get_ref().date())
            .or(self.assigned_date())
            .map(|d| d.year())
    }

    /// What the ledger and lists call it: `第3号建议`.
    pub fn subject(&self) -> String {
        let no = self.no.trim();
        if no.starts_with('第') {
            format!("{no}建议")
        } else {
            format!("第{no}号建议")
        }
    }
}

/// A code for each status, for CSS classes and machines.
pub fn status_code(status: SuggestionStatus) -> &'static str {
    match status {
        SuggestionStatus::NotAssigned => "not-assigned",
        SuggestionStatus::InProgress => "in-progress",
        SuggestionStatus::Answered => "answered",
        SuggestionStatus::OverdueNoReply => "overdue",
        SuggestionStatus::AwaitingReReply => "awaiting-rereply",
    }
}

/// The table's problems, each at its line.
pub fn validate(t: &Suggestion, config: &Config, at: &Locator<'_>) -> Vec<Diagnostic> {
    let mut out = vec![];
    if let Some(e) = t
        .extended
        .as_ref()
        .filter(|e| e.get_ref().trim().is_empty())
    {
        out.push(at.error(Msg::SuggestionExtendedEmpty, e.span()));
    }
    out.extend(check_due(t, config, at));
    out.extend(check_opinion(t, at));
    for r in &t.replies {
        out.extend(check_reply(t, r, at));
    }
    out
}

/// The reply's due date must exist on the calendar the site reads
/// (`[build]` years).
fn check_due(t: &Suggestion, config: &Config, at: &Locator<'_>) -> Option<Diagnostic> {
    let assigned = t.assigned.as_ref()?;
    let dates = t.dates();
    let due = reply_due(&dates, config.suggestions.limits());
    // The due date must be a date the site can show: within its years.
    if due.is_some_and(|d| config.build.years().contains(&d.year())) {
        return None;
    }
    let months = if dates.extended {
        MAX_REPLY_MONTHS
    } else {
        config.suggestions.reply_months
    };
    Some(at.error(
        Msg::SuggestionDueUncomputable {
            assigned: assigned.get_ref().iso(),
            months,
        },
        assigned.span(),
    ))
}

fn check_opinion(t: &Suggestion, at: &Locator<'_>) -> Vec<Diagnostic> {
    let Some(o) = &t.delegate_opinion else {
        return vec![];
    };
    let text = o.get_ref().trim();
    let mut out = vec![];
    if Opinion::parse(text).is_none() {
        out.push(at.error(unknown_value("delegate_opinion", text, &OPINIONS), o.span()));
    }
    if t.replies.is_empty() {
        out.push(at.error(
            Msg::SuggestionOpinionWithoutReply {
                opinion: text.to_string(),
            },
            o.span(),
        ));
    }
    out
}

fn check_reply(t: &Suggestion, r: &Reply, at: &Locator<'_>) -> Vec<Diagnostic> {
    let mut out = vec![];
    let kind = r.kind.get_ref().trim();
    if !REPLY_TYPES.contains(&kind) {
        out.push(at.error(unknown_value("type", kind, &REPLY_TYPES), r.kind.span()));
    }
    let date = r.date.get_ref();
    match &t.assigned {
        None => out.push(at.error(
            Msg::SuggestionReplyNotAssigned { date: date.iso() },
            r.date.span(),
        )),
        Some(a) if date < a.get_ref() => out.push(at.error(
            Msg::SuggestionReplyBeforeAssigned {
                date: date.iso(),
                assigned: a.get_ref().iso(),
            },
            r.date.span(),
        )),
        Some(_) => {}
    }
    // A warning, not an error: the office may publish a unit's further
    // answer, and nothing computed goes wrong (the status stays 已答复).
    if kind == SECOND && t.opinion() != Some(Opinion::Unsatisfied) {
        out.push(
            Diagnostic::warning(Msg::SuggestionSecondReplyUnasked { date: date.iso() })
                .at(at.file, Some(at.line(r.kind.span()))),
        );
    }
    out
}

/// Errors (warnings for drafts) for suggestions whose `assigned_unit` is
/// spelt one character in four off a better-known unit: one an inspection
/// or an evaluation names, or that more suggestions name. A name another
/// kind uses is never questioned; between two names of suggestions alone,
/// the rarer is (one each: neither, for neither is known better).
/// Closeness is `strsim`'s edit distance (镇卫生所 → 镇卫生院, not 镇派出所).
pub(crate) fn unit_spelling(pages: &[&crate::content::Page]) -> Vec<Diagnostic> {
    let known = known_units(pages);
    let mut out = vec![];
    for page in pages.iter().filter(|p| p.kind == Kind::Suggestion) {
        let Some(t) = &page.front.suggestion else {
            continue;
        };
        let name = t.unit();
        let Some(&(other_kind, count)) = known.get(name) else {
            continue;
        };
        if other_kind {
            continue;
        }
        let better: Vec<&str> = known
            .iter()
            .filter(|(_, &(k, n))| k || n > count)
            .map(|(u, _)| *u)
            .collect();
        let Some(close) = closest_unit(name, &better) else {
            continue;
        };
        let msg = Msg::SuggestionUnitSpelling {
            unit: name.to_string(),
            known: close.to_string(),
        };
        let d = if page.front.draft {
            Diagnostic::warning(msg)
        } else {
            Diagnostic::error(msg)
        };
        let line = page.table_line(UNIT_LINE).or(page.table_line("suggestion"));
        out.push(d.at(&page.file, line));
    }
    out
}

/// A suggestion number as a register counts it: 第03号, 第3号 and 3 are
/// one number; text without digits is compared as written.
fn number_key(no: &str) -> String {
    let digits: String = crate::text::without_invisible(no)
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            c => Some(c),
        })
        .filter(char::is_ascii_digit)
        .collect();
    match digits.trim_start_matches('0') {
        "" if digits.is_empty() => no.trim().to_string(),
        "" => "0".to_string(),
        n => n.to_string(),
    }
}

/// Published suggestions of one session and year with one number: an
/// error on each after the first (by file), naming the first.
pub(crate) fn duplicate_numbers(pages: &[&crate::content::Page]) -> Vec<Diagnostic> {
    let mut first: std::collections::HashMap<(String, i32, String), &crate::content::Page> =
        Default::default();
    let mut sorted: Vec<&crate::content::Page> = pages
        .iter()
        .copied()
        .filter(|p| !p.front.draft && p.kind == Kind::Suggestion)
        .collect();
    sorted.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    let mut out = vec![];
    for page in sorted {
        let Some(t) = &page.front.suggestion else {
            continue;
        };
        if t.no.trim().is_empty() {
            continue;
        }
        let year = t
            .submitted
            .as_ref()
            .and_then(|d| d.get_ref().date())
            .or(page.date.map(|d| d.date()))
            .map_or(0, |d| d.year());
        let key = (t.session.trim().to_string(), year, number_key(&t.no));
        match first.get(&key) {
            Some(other) => out.push(
                Diagnostic::error(Msg::DuplicateSuggestionNo {
                    no: t.no.clone(),
                    other: other.file.to_string_lossy().replace('\\', "/"),
                })
                .at(&page.file, page.table_line("suggestion")),
            ),
            None => {
                first.insert(key, page);
            }
        }
    }
    out
}

/// Each unit the pages name: whether a kind other than suggestions names
/// it (an inspection, an evaluation), and how many suggestions do.
fn known_units<'a>(
    pages: &[&'a crate::content::Page],
) -> std::collections::BTreeMap<&'a str, (bool, usize)> {
    let mut known: std::collections::BTreeMap<&str, (bool, usize)> = Default::default();
    for p in pages {
        for m in super::mentions(p.kind, &p.front) {
            let (name, by_other) = match m {
                Mention::InspectedUnit(u) | Mention::EvaluatedUnit(u, _) => (u.trim(), true),
                Mention::AssignedUnit(u) => (u.trim(), false),
                _ => continue,
            };
            if name.is_empty() {
                continue;
            }
            let entry = known.entry(name).or_default();
            if by_other {
                entry.0 = true;
            } else {
                entry.1 += 1;
            }
        }
    }
    known
}

/// The closest of `known` within one edit in four characters.
fn closest_unit<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let len = name.chars().count();
    known
        .iter()
        .map(|k| (strsim::levenshtein(name, k), *k))
        .filter(|(d, _)| *d >= 1 && *d <= (len / 4).max(1))
        .min_by_key(|(d, k)| (*d, *k))
        .map(|(_, k)| k)
}

/// The next number in the office's format: `第3号` → `第4号`, `第09号` →
/// `第10号`; the last run of digits is counted up, keeping its width.
pub(crate) fn next_number(no: &str) -> Option<String> {
    let end = no.rfind(|c: char| c.is_ascii_digit())? + 1;
    let start = no[..end]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + no[i..].chars().next().map_or(1, char::len_utf8));
    let digits = &no[start..end];
    let n: u64 = digits.parse().ok()?;
    let next = n.checked_add(1)?;
    Some(format!(
        "{}{:0width$}{}",
        &no[..start],
        next,
        &no[end..],
        width = digits.len()
    ))
}

/// The key of `assigned_unit`'s line in `Page::table_line`.
const UNIT_LINE: &str = "suggestion.assigned_unit";

/// What `new --from` writes for 提出日期 (a placeholder).
pub(crate) const SUBMITTED_PLACEHOLDER: &str = "（请填写提出日期，例如 2026-01-05）";

/// The spec of suggestions.
pub(crate) struct Spec;

impl KindSpec for Spec {
    fn kind(&self) -> Kind {
        Kind::Suggestion
    }

    fn folder(&self) -> &'static str {
        "suggestions"
    }

    fn table(&self) -> Option<&'static str> {
        Some("suggestion")
    }

    fn has_table(&self, front: &PageFrontMatter) -> bool {
        front.suggestion.is_some()
    }

    /// The replies' files (答复函).
    fn attachments<'a>(&self, front: &'a PageFrontMatter) -> Vec<(&'static str, &'a str)> {
        let Some(t) = &front.suggestion else {
            return vec![];
        };
        t.replies
            .iter()
            .filter(|r| !r.attachment.is_empty())
            .map(|r| ("attachment", r.attachment.as_str()))
            .collect()
    }

    /// A folder page: replies come with their 答复函 beside it.
    fn bundle(&self) -> bool {
        true
    }

    fn check(&self, front: &PageFrontMatter, config: &Config, at: &Locator<'_>) -> Vec<Diagnostic> {
        front
            .suggestion
            .as_ref()
            .map(|t| validate(t, config, at))
            .unwrap_or_default()
    }

    fn field_lines(&self, front: &PageFrontMatter, at: &Locator<'_>) -> Vec<(&'static str, usize)> {
        let unit = front
            .suggestion
            .as_ref()
            .and_then(|t| t.assigned_unit.as_ref());
        unit.map(|u| (UNIT_LINE, at.line(u.span())))
            .into_iter()
            .collect()
    }

    fn check_site(&self, pages: &[&crate::content::Page]) -> Vec<Diagnostic> {
        unit_spelling(pages)
    }

    fn check_across(&self, pages: &[&crate::content::Page]) -> Vec<Diagnostic> {
        duplicate_numbers(pages)
    }

    /// 提出日期, when written.
    fn event_date(&self, front: &PageFrontMatter) -> Option<NaiveDate> {
        front
            .suggestion
            .as_ref()?
            .submitted
            .as_ref()?
            .get_ref()
            .date()
    }

    fn search<'a>(&self, front: &'a PageFrontMatter, out: &mut SearchText<'a>) {
        let Some(t) = &front.suggestion else { return };
        out.units.push(t.unit());
        out.fields.extend([t.no.as_str(), &t.session]);
        out.fields.extend(t.delegates.iter().map(String::as_str));
        out.fields
            .extend(t.replies.iter().map(|r| r.summary.as_str()));
    }

    /// The next suggestion of the same delegates and session: the next
    /// number; dates, unit, replies and opinion cleared.
    fn reset_copy(&self, t: &mut dyn toml_edit::TableLike, _: NaiveDate) {
        if let Some(next) = t
            .get("no")
            .and_then(toml_edit::Item::as_str)
            .and_then(next_number)
        {
            super::set(t, "no", toml_edit::value(next));
        }
        super::set(t, "submitted", toml_edit::value(SUBMITTED_PLACEHOLDER));
        for key in [
            "assigned_unit",
            "assigned",
            "extended",
            "delegate_opinion",
            "replies",
        ] {
            t.remove(key);
        }
    }

    fn mentions<'a>(&self, front: &'a PageFrontMatter, out: &mut Vec<Mention<'a>>) {
        let Some(t) = &front.suggestion else { return };
        if !t.unit().is_empty() {
            out.push(Mention::AssignedUnit(t.unit()));
        }
        out.extend(
            t.delegates
                .iter()
                .filter(|d| !d.trim().is_empty())
                .map(|d| Mention::Proposer(d)),
        );
    }

    fn view(&self, front: &PageFrontMatter, cx: &ViewContext<'_>) -> Option<Value> {
        let t = front.suggestion.as_ref()?;
        Some(view(t, cx))
    }

    fn stats(&self, cx: &StatsContext<'_>) -> Vec<(&'static str, Stat)> {
        vec![("suggestions", Stat::Value(year_stats(cx)))]
    }

    fn deadlines(
        &self,
        front: &PageFrontMatter,
        config: &Config,
        at: &Locator<'_>,
    ) -> Vec<Deadline> {
        front
            .suggestion
            .as_ref()
            .map(|t| deadlines(t, front, config.suggestions.limits(), at))
            .unwrap_or_default()
    }
}

/// The first reply once assigned; the second after an 不满意 opinion.
fn deadlines(
    t: &Suggestion,
    front: &PageFrontMatter,
    limits: ReplyLimits,
    at: &Locator<'_>,
) -> Vec<Deadline> {
    let Some(assigned) = &t.assigned else {
        return vec![];
    };
    let dates = t.dates();
    let year = t
        .year()
        .or(front.date.as_ref().map(|d| d.get_ref().date().year()))
        .unwrap_or_default();
    let item = |task, due, done, line| Deadline {
        kind: Kind::Suggestion,
        task,
        subject: t.subject(),
        unit: t.unit().to_string(),
        due,
        done,
        year,
        line,
    };
    let mut out = vec![];
    if let Some(due) = reply_due(&dates, limits) {
        let line = match &t.extended {
            Some(e) if dates.extended => at.line(e.span()),
            _ => at.line(assigned.span()),
        };
        out.push(item(Task::Reply, due, dates.first_reply, line));
    }
    if let (Some(Opinion::Unsatisfied), Some(first), Some(o)) =
        (dates.opinion, dates.first_reply, &t.delegate_opinion)
    {
        if let Some(due) = add_months(first, limits.rereply_months) {
            out.push(item(
                Task::SecondReply,
                due,
                dates.second_reply,
                at.line(o.span()),
            ));
        }
    }
    out
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Status, due date and days as of `today`, for the page and the lists.
fn state_view(t: &Suggestion, limits: ReplyLimits, today: NaiveDate) -> Value {
    let state = t.state(limits, today);
    let open = state.status.is_open();
    let standing = state
        .due
        .filter(|_| open)
        .map(|due| Standing::of(due, today));
    json!({
        "status": status_code(state.status),
        "status_label": state.status.label(),
        "open": open,
        "due": state.due.map(iso).unwrap_or_default(),
        "due_zh": state.due.map(crate::dates::ymd_zh).unwrap_or_default(),
        "days_left": match standing { Some(Standing::DaysLeft(n)) => json!(n), _ => Value::Null },
        "overdue_days": match standing { Some(Standing::Overdue(n)) => json!(n), _ => Value::Null },
    })
}

/// `page.suggestion`: the table as written, its links, the computed state
/// and the timeline 提出 → 交办 → 答复 → 代表意见 (→ 再次答复).
fn view(t: &Suggestion, cx: &ViewContext<'_>) -> Value {
    let limits = cx.config.suggestions.limits();
    let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
    if let Value::Object(state) = state_view(t, limits, cx.today) {
        if let Value::Object(map) = &mut v {
            map.extend(state);
        }
    }
    v["subject"] = json!(t.subject());
    v["people"] = t.delegates.iter().map(|d| cx.links.person(d)).collect();
    v["unit"] = if t.unit().is_empty() {
        Value::Null
    } else {
        cx.links.unit(t.unit())
    };
    v["today"] = json!(iso(cx.today));
    v["today_zh"] = json!(crate::dates::ymd_zh(cx.today));
    v["replies"] = t.replies.iter().map(|r| reply_view(r, cx)).collect();
    v["timeline"] = json!(timeline(t, cx));
    v
}

fn reply_view(r: &Reply, cx: &ViewContext<'_>) -> Value {
    let file = match (cx.asset_url)(&r.attachment) {
        Some((url, size)) if !r.attachment.is_empty() => json!({
            "name": r.attachment,
            "url": url,
            "ext": r.attachment.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default(),
            "size_human": crate::text::human_size(size),
        }),
        _ => Value::Null,
    };
    json!({
        "date": r.date.get_ref().iso(),
        "date_zh": crate::dates::ymd_zh(r.date.get_ref().date()),
        "type": r.kind.get_ref().trim(),
        "summary": r.summary,
        "file": file,
    })
}

/// The steps that happened, in order: 提出, 交办, each reply (the opinion
/// right after the first 答复).
fn timeline(t: &Suggestion, cx: &ViewContext<'_>) -> Vec<Value> {
    let step = |what: &str, date: Option<NaiveDate>, text: String| {
        json!({
            "step": what,
            "date": date.map(iso).unwrap_or_default(),
            "date_zh": date.map(crate::dates::ymd_zh).unwrap_or_default(),
            "text": text,
        })
    };
    let mut out = vec![];
    let submitted = t.submitted.as_ref().and_then(|s| s.get_ref().date());
    out.push(step("提出", submitted, t.session.clone()));
    if let Some(a) = t.assigned_date() {
        out.push(step("交办", Some(a), t.unit().to_string()));
    }
    let mut replies: Vec<&Reply> = t.replies.iter().collect();
    replies.sort_by_key(|r| (r.kind.get_ref().trim() == SECOND, *r.date.get_ref()));
    let mut opinion_shown = false;
    for r in replies {
        let is_second = r.kind.get_ref().trim() == SECOND;
        if is_second && !opinion_shown {
            out.extend(opinion_step(t));
            opinion_shown = true;
        }
        let mut s = step(
            r.kind.get_ref().trim(),
            Some(r.date.get_ref().date()),
            r.summary.clone(),
        );
        s["file"] = reply_view(r, cx)["file"].clone();
        out.push(s);
    }
    if !opinion_shown {
        out.extend(opinion_step(t));
    }
    out
}

fn opinion_step(t: &Suggestion) -> Option<Value> {
    let o = t.delegate_opinion.as_ref()?;
    Some(json!({
        "step": "代表意见",
        "date": "",
        "date_zh": "",
        "text": o.get_ref().trim(),
    }))
}

/// The year a suggestion page counts for, if it is one.
pub(crate) fn year_of(front: &PageFrontMatter) -> Option<i32> {
    front.suggestion.as_ref()?.year()
}

/// Status counts of `pages` (suggestion pages) as of `today`, every status
/// with at least one, in [`STATUSES`] order.
fn status_counts(
    pages: &[crate::content::Page],
    of: &[usize],
    limits: ReplyLimits,
    today: NaiveDate,
) -> Vec<Value> {
    let statuses: Vec<SuggestionStatus> = of
        .iter()
        .filter_map(|&i| pages[i].front.suggestion.as_ref())
        .map(|t| t.state(limits, today).status)
        .collect();
    STATUSES
        .iter()
        .map(|&s| (s, statuses.iter().filter(|&&x| x == s).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| json!({"status": status_code(s), "label": s.label(), "count": n}))
        .collect()
}

/// The head of one year of a suggestion section: the year, how many, and
/// the count of each status as of `today`.
pub(crate) fn year_summary(
    year: i32,
    pages: &[crate::content::Page],
    of: &[usize],
    config: &Config,
    today: NaiveDate,
) -> Value {
    json!({
        "year": year,
        "count": of.len(),
        "statuses": status_counts(pages, of, config.suggestions.limits(), today),
    })
}

/// `stats.suggestions`: suggestions put forward in the year (by
/// `submitted`), their statuses today, the share answered on time of the
/// first replies due in the year up to today, and the delegates'
/// satisfaction with the replies.
fn year_stats(cx: &StatsContext<'_>) -> Value {
    let of_year: Vec<usize> = cx
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == Kind::Suggestion && year_of(&p.front) == Some(cx.year))
        .map(|(i, _)| i)
        .collect();
    let limits = cx.config.suggestions.limits();
    let due: Vec<&Deadline> = cx
        .pages
        .iter()
        .filter(|p| p.kind == Kind::Suggestion)
        .flat_map(|p| &p.deadlines)
        .filter(|d| d.task == Task::Reply && d.due.year() == cx.year && d.due <= cx.today)
        .collect();
    let on_time = due.iter().filter(|d| d.done_on_time()).count();
    let opinions: Vec<Opinion> = of_year
        .iter()
        .filter_map(|&i| cx.pages[i].front.suggestion.as_ref()?.opinion())
        .collect();
    let content = opinions
        .iter()
        .filter(|o| **o != Opinion::Unsatisfied)
        .count();
    let rate = |n: usize, of: usize| (of > 0).then(|| super::percent(n as f64 / of as f64));
    json!({
        "count": of_year.len(),
        "statuses": status_counts(cx.pages, &of_year, limits, cx.today),
        "due": due.len(),
        "on_time": on_time,
        "on_time_pct": rate(on_time, due.len()),
        "with_opinion": opinions.len(),
        "satisfied": content,
        "satisfied_pct": rate(content, opinions.len()),
        "today_zh": crate::dates::ymd_zh(cx.today),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_as_a_register_counts_them() {
        for same in ["第3号", "第03号", "3", "第３号", " 第3号 "] {
            assert_eq!(number_key(same), "3", "{same}");
        }
        assert_eq!(number_key("第10号"), "10");
        assert_eq!(number_key("第0号"), "0");
        // Without digits, the text as written (第三号 is not read as 3).
        assert_eq!(number_key("第三号"), "第三号");
        assert_ne!(number_key("第1号"), number_key("第10号"));
    }
    use crate::content::front_matter::split;

    fn config() -> Config {
        toml::from_str("title = \"t\"\nbase_url = \"https://x/\"").expect("config")
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    /// Reads `text` as the file `content/suggestions/a.md` and hands its
    /// front matter and locator to `f`.
    fn with_page<T>(text: &str, f: impl FnOnce(&PageFrontMatter, &Locator<'_>) -> T) -> T {
        let file = std::path::Path::new("content/suggestions/a.md");
        let split = split(text, file).expect("split");
        let front: PageFrontMatter = toml::from_str(split.front).expect("front matter");
        let at = Locator {
            file,
            split: &split,
        };
        f(&front, &at)
    }

    /// The problems of a page with this `[suggestion]` table, as (line, code).
    fn problems(table: &str) -> Vec<(Option<usize>, String)> {
        let text = format!("+++\ntitle = \"t\"\ndate = 2026-03-01\n{table}+++\n");
        with_page(&text, |front, at| {
            let t = front.suggestion.as_ref().expect("table");
            validate(t, &config(), at)
                .iter()
                .map(|d| (d.line, d.msg.code()))
                .collect()
        })
    }

    const HEAD: &str = "[suggestion]\nno = \"第3号\"\nsubmitted = 2026-01-05\n";

    #[test]
    fn a_reply_before_assignment_or_without_one_is_an_error_at_its_date() {
        let table = format!(
            "{HEAD}assigned_unit = \"镇卫生院\"\nassigned = 2026-01-10\n\
             [[suggestion.replies]]\ndate = 2026-01-08\ntype = \"答复\"\n"
        );
        assert_eq!(
            problems(&table),
            [(Some(10), "suggestion-reply-before-assigned".to_string())]
        );
        let table = format!("{HEAD}[[suggestion.replies]]\ndate = 2026-01-08\ntype = \"答复\"\n");
        assert_eq!(
            problems(&table),
            [(Some(8), "suggestion-reply-not-assigned".to_string())]
        );
    }

    #[test]
    fn opinions_and_types_are_checked_where_written() {
        let table = format!("{HEAD}delegate_opinion = \"很满意\"\n");
        assert_eq!(
            problems(&table),
            [
                (Some(7), "unknown-value".to_string()),
                (Some(7), "suggestion-opinion-without-reply".to_string())
            ]
        );
        let table = format!(
            "{HEAD}assigned = 2026-01-10\ndelegate_opinion = \"满意\"\n\
             [[suggestion.replies]]\ndate = 2026-02-08\ntype = \"回复\"\n\
             [[suggestion.replies]]\ndate = 2026-03-08\ntype = \"再次答复\"\n"
        );
        assert_eq!(
            problems(&table),
            [
                (Some(11), "unknown-value".to_string()),
                (Some(14), "suggestion-second-reply-unasked".to_string())
            ]
        );
    }

    #[test]
    fn an_extension_needs_a_reason_and_a_due_date_on_the_calendar() {
        let table = format!("{HEAD}assigned = 2026-01-10\nextended = \" \"\n");
        assert_eq!(
            problems(&table),
            [(Some(8), "suggestion-extended-empty".to_string())]
        );
        let late = "[suggestion]\nno = \"1\"\nassigned = 2100-11-01\n";
        assert_eq!(
            problems(late),
            [(Some(6), "suggestion-due-uncomputable".to_string())]
        );
        let in_time = "[suggestion]\nno = \"1\"\nassigned = 2100-09-30\n";
        assert_eq!(problems(in_time), []);
    }

    #[test]
    fn status_due_and_deadlines_follow_the_dates() {
        let text = format!(
            "{HEAD}assigned_unit = \"镇卫生院\"\nassigned = 2026-01-31\n\
             delegate_opinion = \"不满意\"\n\
             [[suggestion.replies]]\ndate = 2026-04-20\ntype = \"答复\"\n"
        );
        let front: PageFrontMatter =
            toml::from_str(&format!("title = \"t\"\n{text}")).expect("front");
        let t = front.suggestion.as_ref().expect("table");
        let state = t.state(ReplyLimits::default(), d(2026, 5, 1));
        assert_eq!(state.status, SuggestionStatus::AwaitingReReply);
        assert_eq!(state.due, Some(d(2026, 5, 20)));
        assert_eq!(t.subject(), "第3号建议");
        assert_eq!(t.year(), Some(2026));
    }

    #[test]
    fn search_reads_number_delegates_unit_session_and_replies() {
        let front: PageFrontMatter = toml::from_str(
            "title = \"t\"\n[suggestion]\nno = \"第3号\"\ndelegates = [\"陈建国\", \"林秀英\"]\n\
             session = \"五次会议\"\nassigned_unit = \"镇卫生院\"\nassigned = 2026-01-10\n\
             [[suggestion.replies]]\ndate = 2026-03-20\ntype = \"答复\"\nsummary = \"已增设夜间门诊\"\n",
        )
        .expect("front");
        let mut text = SearchText::default();
        Spec.search(&front, &mut text);
        assert_eq!(text.units, ["镇卫生院"]);
        assert_eq!(
            text.fields,
            ["第3号", "五次会议", "陈建国", "林秀英", "已增设夜间门诊"]
        );
    }

    #[test]
    fn the_reply_and_the_second_reply_are_deadlines_at_the_lines_that_set_them() {
        let text = format!(
            "+++\ntitle = \"t\"\ndate = 2026-03-01\n{HEAD}assigned_unit = \"镇卫生院\"\n\
             assigned = 2026-01-31\ndelegate_opinion = \"不满意\"\n\
             [[suggestion.replies]]\ndate = 2026-04-20\ntype = \"答复\"\n+++\n"
        );
        let found = with_page(&text, |front, at| Spec.deadlines(front, &config(), at));
        /// Task, due, done, line, subject, year.
        type Row<'a> = (Task, NaiveDate, Option<NaiveDate>, usize, &'a str, i32);
        let got: Vec<Row> = found
            .iter()
            .map(|d| (d.task, d.due, d.done, d.line, d.subject.as_str(), d.year))
            .collect();
        assert_eq!(
            got,
            [
                // 1月31日 + 3 months: the month's last day (民法典 §202).
                (
                    Task::Reply,
                    d(2026, 4, 30),
                    Some(d(2026, 4, 20)),
                    8,
                    "第3号建议",
                    2026
                ),
                (
                    Task::SecondReply,
                    d(2026, 5, 20),
                    None,
                    9,
                    "第3号建议",
                    2026
                ),
            ]
        );
        assert!(found
            .iter()
            .all(|d| d.unit == "镇卫生院" && d.kind == Kind::Suggestion));
    }

    #[test]
    fn the_next_number_keeps_the_offices_format() {
        assert_eq!(next_number("第3号").as_deref(), Some("第4号"));
        assert_eq!(next_number("第09号").as_deref(), Some("第10号"));
        assert_eq!(next_number("2026-007").as_deref(), Some("2026-008"));
        assert_eq!(next_number("12").as_deref(), Some("13"));
        assert_eq!(next_number("第三号"), None);
    }

    #[test]
    fn a_unit_one_character_off_is_suggested_another_is_not() {
        let known = ["镇卫生院", "镇派出所", "镇财政所"];
        assert_eq!(closest_unit("镇卫生所", &known), Some("镇卫生院"));
        assert_eq!(closest_unit("镇国土所", &known), None);
        assert_eq!(closest_unit("镇卫生院", &known), None);
    }

    #[test]
    fn a_copy_is_the_next_suggestion_of_the_same_delegates() {
        let copied = crate::content::kinds::test_support::reset_for_test(
            "[suggestion]\nno = \"第3号\"\ndelegates = [\"陈建国\"]\nsession = \"五次会议\"\n\
             submitted = 2026-01-05\nassigned_unit = \"镇卫生院\"\nassigned = 2026-01-10\n\
             delegate_opinion = \"满意\"\n[[suggestion.replies]]\ndate = 2026-03-20\ntype = \"答复\"\n",
        );
        assert!(copied.contains("no = \"第4号\""), "{copied}");
        assert!(copied.contains("delegates = [\"陈建国\"]"), "{copied}");
        assert!(copied.contains("session = \"五次会议\""), "{copied}");
        assert!(copied.contains(SUBMITTED_PLACEHOLDER), "{copied}");
        for gone in ["assigned", "delegate_opinion", "replies"] {
            assert!(!copied.contains(gone), "{gone}: {copied}");
        }
    }

    proptest::proptest! {
        /// Any number with digits counts up by exactly one and keeps the
        /// text around it; text without digits is never given a number.
        #[test]
        fn next_number_counts_up_by_one(
            before in "[^0-9]{0,4}",
            n in 0u64..1_000_000,
            width in 1usize..7,
            after in "[^0-9]{0,3}",
        ) {
            let no = format!("{before}{n:0width$}{after}");
            let next = next_number(&no).expect("a number");
            let digits = format!("{:0width$}", n + 1);
            proptest::prop_assert_eq!(next, format!("{before}{digits}{after}"));
            proptest::prop_assert_eq!(next_number(&format!("{before}{after}")), None);
        }
    }
}
