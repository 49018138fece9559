//! The 公示期 of an evaluation's result (`[evaluation.notice]`, issue 24):
//! its checks (dates in order, a contact for objections), the warning for
//! a published evaluation without one, and what templates get of it: the
//! dates, the contact split around its phone number (so the number can be
//! a `tel:` link and the words stay words), and where the notice stands on
//! the build's `today` (never the wall clock: `--as-of` fixes it).
//!
//! Left to others: the page and the home line that show it (the theme,
//! `render::notices`), whether the evaluation is published (`content`).

use super::{Evaluation, Notice};
use crate::content::kinds::Locator;
use crate::diagnostics::Diagnostic;
use crate::messages::Msg;
use chrono::NaiveDate;
use serde::Serialize;

/// Where a notice stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum NoticeState {
    /// Before `start`.
    Upcoming,
    /// From `start` to `end`, both included.
    Running,
    /// After `end`: 公示期已满.
    Over,
}

impl Notice {
    /// The first and last days, once both are dates (not placeholders).
    pub(crate) fn dates(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((self.start.get_ref().date()?, self.end.get_ref().date()?))
    }

    /// Where the notice stands on `today`; none while a date is a placeholder.
    pub(crate) fn state(&self, today: NaiveDate) -> Option<NoticeState> {
        let (start, end) = self.dates()?;
        Some(if today < start {
            NoticeState::Upcoming
        } else if today <= end {
            NoticeState::Running
        } else {
            NoticeState::Over
        })
    }
}

/// The placeholders a copy (`new --from`) writes for last year's dates:
/// the contact is kept, the dates must be this year's.
const START_PLACEHOLDER: &str = "（请填写公示开始日期，例如 2026-12-01，不加引号）";
const END_PLACEHOLDER: &str = "（请填写公示结束日期，例如 2026-12-07，不加引号）";

/// Makes a copied `[evaluation.notice]` ask for this year's dates.
pub(crate) fn reset_copy(t: &mut dyn toml_edit::TableLike) {
    let Some(notice) = t
        .get_mut("notice")
        .and_then(toml_edit::Item::as_table_like_mut)
    else {
        return;
    };
    for (key, placeholder) in [("start", START_PLACEHOLDER), ("end", END_PLACEHOLDER)] {
        if notice.contains_key(key) {
            super::super::set(notice, key, toml_edit::value(placeholder));
        }
    }
}

/// Errors of `[evaluation.notice]`, each at its line: `end` before
/// `start`, `start` before the meeting, no `contact`.
pub(crate) fn validate(t: &Evaluation, at: &Locator<'_>) -> Vec<Diagnostic> {
    let Some(n) = &t.notice else {
        return vec![];
    };
    let mut out = vec![];
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let (start, end) = (n.start.get_ref().date(), n.end.get_ref().date());
    if let (Some(start), Some(end)) = (start, end) {
        if end < start {
            out.push(at.error(
                Msg::NoticeEndBeforeStart {
                    start: iso(start),
                    end: iso(end),
                },
                n.end.span(),
            ));
        }
    }
    let meeting = t.meeting_date.get_ref();
    if let Some(start) = start.filter(|s| *s < meeting.date()) {
        out.push(at.error(
            Msg::NoticeStartBeforeMeeting {
                start: iso(start),
                meeting: meeting.iso(),
            },
            n.start.span(),
        ));
    }
    match &n.contact {
        Some(c) if c.get_ref().trim().is_empty() => {
            out.push(at.error(Msg::NoticeWithoutContact, c.span()))
        }
        Some(_) => {}
        None => out.push(
            Diagnostic::error(Msg::NoticeWithoutContact)
                .at(at.file, Some(at.table_line("evaluation.notice"))),
        ),
    }
    out
}

/// The warning for an evaluation without a 公示期, at its `[evaluation]`
/// line (reported once the page is published).
pub(crate) fn missing(t: &Evaluation, at: &Locator<'_>) -> Option<Diagnostic> {
    t.notice.is_none().then(|| {
        Diagnostic::warning(Msg::EvaluationWithoutNotice { round: t.round })
            .at(at.file, Some(at.table_line("evaluation")))
    })
}

/// Free text around its first phone number: the words before, the number
/// as written, the words after; all before when there is no number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Contact {
    pub before: String,
    pub phone: String,
    pub after: String,
}

/// The fewest digits a run needs to be a phone number, not a room number
/// or a year (a local number has 7 or 8).
const PHONE_DIGITS: usize = 7;

/// Splits `text` around its first run of digits and the characters phone
/// numbers are written with (`0578-1234567`, `(0578) 1234567`) that holds
/// at least [`PHONE_DIGITS`] digits.
pub(crate) fn split_contact(text: &str) -> Contact {
    let is_phone_char = |c: char| c.is_ascii_digit() || "-+()（） ".contains(c);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].1.is_ascii_digit() || "+(（".contains(chars[i].1) {
            let mut j = i;
            while j < chars.len() && is_phone_char(chars[j].1) {
                j += 1;
            }
            // Trailing spaces and brackets belong to the words after.
            while j > i && !chars[j - 1].1.is_ascii_digit() {
                j -= 1;
            }
            let digits = chars[i..j]
                .iter()
                .filter(|(_, c)| c.is_ascii_digit())
                .count();
            if digits >= PHONE_DIGITS {
                let from = chars[i].0;
                let to = chars.get(j).map_or(text.len(), |(b, _)| *b);
                return Contact {
                    before: text[..from].to_string(),
                    phone: text[from..to].to_string(),
                    after: text[to..].to_string(),
                };
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    Contact {
        before: text.to_string(),
        phone: String::new(),
        after: String::new(),
    }
}

/// `page.evaluation.notice` as templates get it; null while a date is a
/// placeholder (a draft copy, previewed with `--drafts`).
pub(crate) fn view(n: &Notice, today: NaiveDate) -> serde_json::Value {
    let (Some((start, end)), Some(state)) = (n.dates(), n.state(today)) else {
        return serde_json::Value::Null;
    };
    let contact = n.contact.as_ref().map_or("", |c| c.get_ref().trim());
    serde_json::json!({
        "start": start.format("%Y-%m-%d").to_string(),
        "end": end.format("%Y-%m-%d").to_string(),
        "contact": contact,
        "contact_parts": split_contact(contact),
        "state": state,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (String, String, String) {
        let c = split_contact(text);
        (c.before, c.phone, c.after)
    }

    #[test]
    fn the_number_is_split_from_the_words() {
        let p = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
        assert_eq!(
            parts("镇人大办 0578-0000000"),
            p("镇人大办 ", "0578-0000000", "")
        );
        assert_eq!(
            parts("镇人大办（0578）1234567，工作日"),
            p("镇人大办", "（0578）1234567", "，工作日")
        );
        assert_eq!(
            parts("电话 (0578) 1234567 转 8"),
            p("电话 ", "(0578) 1234567", " 转 8")
        );
        assert_eq!(parts("3号楼 205室"), p("3号楼 205室", "", ""));
        assert_eq!(parts("2026年 镇人大办"), p("2026年 镇人大办", "", ""));
        assert_eq!(parts(""), p("", "", ""));
    }

    fn day(iso: &str) -> NaiveDate {
        NaiveDate::parse_from_str(iso, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn the_state_follows_today_with_both_ends_inside() {
        let n: Notice = toml::from_str(
            "start = 2026-11-29\nend = 2026-12-05\ncontact = \"镇人大办 0578-0000000\"",
        )
        .expect("notice");
        assert_eq!(n.state(day("2026-11-28")), Some(NoticeState::Upcoming));
        assert_eq!(n.state(day("2026-11-29")), Some(NoticeState::Running));
        assert_eq!(n.state(day("2026-12-05")), Some(NoticeState::Running));
        assert_eq!(n.state(day("2026-12-06")), Some(NoticeState::Over));
    }

    #[test]
    fn a_copy_asks_for_this_years_dates_and_keeps_the_contact() {
        let out = crate::content::kinds::test_support::reset_for_test(
            "[evaluation]\nyear = 2025\nmeeting_date = 2025-11-25\ndelegates_present = 45\n\
             [evaluation.notice]\nstart = 2025-11-26\nend = 2025-12-02\ncontact = \"镇人大办 0578-1234567\"\n",
        );
        assert!(
            out.contains(&format!("start = \"{START_PLACEHOLDER}\"")),
            "{out}"
        );
        assert!(
            out.contains(&format!("end = \"{END_PLACEHOLDER}\"")),
            "{out}"
        );
        assert!(out.contains("contact = \"镇人大办 0578-1234567\""), "{out}");
        // The placeholders read as such: no date, no state, no view.
        let n: Notice = toml::from_str(&format!(
            "start = \"{START_PLACEHOLDER}\"\nend = 2026-12-07\ncontact = \"x\""
        ))
        .expect("a placeholder is read");
        assert_eq!(n.state(day("2026-12-01")), None);
        assert_eq!(view(&n, day("2026-12-01")), serde_json::Value::Null);
    }

    proptest::proptest! {
        /// For any notice and any day: running exactly from start to end
        /// (both included), coming before, over after; never running when
        /// the dates are the wrong way round.
        #[test]
        fn the_state_is_the_day_against_the_two_dates(a in 0i64..4000, b in 0i64..4000, t in 0i64..4000) {
            let base = day("2020-01-01");
            let at = |n: i64| base + chrono::Duration::days(n);
            let n: Notice = toml::from_str(&format!(
                "start = {}\nend = {}\ncontact = \"x\"", at(a), at(b)
            )).expect("notice");
            let state = n.state(at(t)).expect("dates");
            proptest::prop_assert_eq!(state == NoticeState::Running, a <= t && t <= b);
            proptest::prop_assert_eq!(state == NoticeState::Upcoming, t < a);
            proptest::prop_assert_eq!(state == NoticeState::Over, t >= a && t > b);
        }

        /// Whatever the text, the three parts put together are the text,
        /// and the number, when found, holds enough digits and starts and
        /// ends the way a number does.
        #[test]
        fn the_parts_make_the_text(text in "[镇人大办电话转（）() +0-9a-z-]{0,40}") {
            let c = split_contact(&text);
            proptest::prop_assert_eq!(format!("{}{}{}", c.before, c.phone, c.after), text.clone());
            if !c.phone.is_empty() {
                let digits = c.phone.chars().filter(char::is_ascii_digit).count();
                proptest::prop_assert!(digits >= PHONE_DIGITS);
                proptest::prop_assert!(c.phone.chars().last().is_some_and(|ch| ch.is_ascii_digit()));
            }
        }
    }
}
