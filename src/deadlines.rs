//! Deadlines the law or the county sets, computed, never typed: a period of
//! months from a start date, where an item stands against its due date on a
//! given day, and the status of a delegate's suggestion (代表建议) under the
//! 代表法's reply limits.
//!
//! A leaf: it imports nothing of the crate. Reading the dates from front
//! matter is the content kinds' job; showing them is rendering's.
//!
//! Periods follow 民法典 第二百零二条: a period of months ends on the day of
//! the last month with the start day's number, or on that month's last day
//! when it has no such day (1月31日 + 1 month = 2月28日). Public holidays
//! (第二百零三条 moves a deadline that falls on one to the next working day)
//! are not known here: the due date is the calendar date.

use chrono::{Months, NaiveDate};

/// The reply limit of the 代表法 when nothing else is set: three months from
/// assignment (交办).
pub const DEFAULT_REPLY_MONTHS: u32 = 3;
/// The longest reply limit the law allows, for suggestions whose limit was
/// extended with a stated reason.
pub const MAX_REPLY_MONTHS: u32 = 6;
/// The limit for a second reply after the delegate is 不满意.
pub const DEFAULT_REREPLY_MONTHS: u32 = 1;

/// The months from an evaluation's meeting to a unit's 整改报告 when
/// nothing else is set (`[evaluation] rectification_months`).
pub const DEFAULT_RECTIFICATION_MONTHS: u32 = 3;
/// The longest such period a site or an evaluation may set.
pub const MAX_RECTIFICATION_MONTHS: u32 = 12;
/// The 督办 horizon: how long after the meeting the congress follows a
/// unit's 整改 up, shown on the evaluation page.
pub const SUPERVISION_MONTHS: u32 = 6;

/// A `rectification_months` as written, if it is a period gongkai takes
/// (1 to [`MAX_RECTIFICATION_MONTHS`]).
pub fn rectification_months(written: i64) -> Option<u32> {
    u32::try_from(written)
        .ok()
        .filter(|m| (1..=MAX_RECTIFICATION_MONTHS).contains(m))
}

/// `start` plus `months` calendar months, clamped to the month's last day;
/// `None` past the calendar's end.
pub fn add_months(start: NaiveDate, months: u32) -> Option<NaiveDate> {
    start.checked_add_months(Months::new(months))
}

/// Where an open item stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Due in this many days (0: due today).
    DaysLeft(i64),
    /// Past its due date by this many days (at least 1).
    Overdue(i64),
}

impl Standing {
    /// Where an item due on `due` stands on `today`.
    pub fn of(due: NaiveDate, today: NaiveDate) -> Standing {
        let left = (due - today).num_days();
        if left >= 0 {
            Standing::DaysLeft(left)
        } else {
            Standing::Overdue(-left)
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, Standing::Overdue(_))
    }
}

/// The delegate's opinion of a reply (代表意见).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opinion {
    Satisfied,
    BasicallySatisfied,
    Unsatisfied,
}

impl Opinion {
    /// The words front matter uses; `None` for anything else.
    pub fn parse(text: &str) -> Option<Opinion> {
        match text {
            "满意" => Some(Opinion::Satisfied),
            "基本满意" => Some(Opinion::BasicallySatisfied),
            "不满意" => Some(Opinion::Unsatisfied),
            _ => None,
        }
    }
}

/// The status of a suggestion, as the domain names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestionStatus {
    /// 未交办: not yet assigned to a unit.
    NotAssigned,
    /// 办理中: assigned, no reply yet, not past its due date.
    InProgress,
    /// 已答复: answered (and, after an 不满意 opinion, answered again).
    Answered,
    /// 逾期未答复: past its due date without a reply.
    OverdueNoReply,
    /// 不满意待再次答复: the delegate was not satisfied; a second reply is due.
    AwaitingReReply,
}

impl SuggestionStatus {
    /// The label pages and the ledger show.
    pub fn label(self) -> &'static str {
        match self {
            SuggestionStatus::NotAssigned => "未交办",
            SuggestionStatus::InProgress => "办理中",
            SuggestionStatus::Answered => "已答复",
            SuggestionStatus::OverdueNoReply => "逾期未答复",
            SuggestionStatus::AwaitingReReply => "不满意待再次答复",
        }
    }

    /// Whether the office still owes something on it (it belongs in the ledger).
    pub fn is_open(self) -> bool {
        !matches!(self, SuggestionStatus::Answered)
    }
}

/// The limits that apply to suggestions (`site.toml` `[suggestions]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyLimits {
    pub reply_months: u32,
    pub rereply_months: u32,
}

impl Default for ReplyLimits {
    fn default() -> Self {
        ReplyLimits {
            reply_months: DEFAULT_REPLY_MONTHS,
            rereply_months: DEFAULT_REREPLY_MONTHS,
        }
    }
}

/// What a suggestion's dates say, as read from its front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SuggestionDates {
    /// 交办日期, if assigned.
    pub assigned: Option<NaiveDate>,
    /// Whether the limit was extended with a stated reason (to six months).
    pub extended: bool,
    /// The date of the first reply (答复), if any.
    pub first_reply: Option<NaiveDate>,
    /// The date of the second reply (再次答复), if any.
    pub second_reply: Option<NaiveDate>,
    /// The delegate's opinion of the first reply, if given.
    pub opinion: Option<Opinion>,
    /// When the delegate gave that opinion; the first reply's date if unknown.
    pub opinion_date: Option<NaiveDate>,
}

/// A suggestion's status on `today`, and the date its next reply is due
/// (none once answered or before it is assigned).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SuggestionState {
    pub status: SuggestionStatus,
    /// The date the reply is (or was) due: the first reply's, or the second's
    /// after an 不满意 opinion.
    pub due: Option<NaiveDate>,
}

/// The first reply's due date: assignment plus the reply limit, or plus six
/// months when the limit was extended.
pub fn reply_due(dates: &SuggestionDates, limits: ReplyLimits) -> Option<NaiveDate> {
    let months = if dates.extended {
        MAX_REPLY_MONTHS
    } else {
        limits.reply_months.min(MAX_REPLY_MONTHS)
    };
    add_months(dates.assigned?, months)
}

/// A suggestion's status on `today`.
pub fn suggestion_state(
    dates: &SuggestionDates,
    limits: ReplyLimits,
    today: NaiveDate,
) -> SuggestionState {
    let Some(_) = dates.assigned else {
        return SuggestionState {
            status: SuggestionStatus::NotAssigned,
            due: None,
        };
    };
    let first_due = reply_due(dates, limits);
    let Some(first_reply) = dates.first_reply else {
        let overdue = first_due.is_some_and(|due| Standing::of(due, today).is_overdue());
        return SuggestionState {
            status: if overdue {
                SuggestionStatus::OverdueNoReply
            } else {
                SuggestionStatus::InProgress
            },
            due: first_due,
        };
    };
    if dates.opinion == Some(Opinion::Unsatisfied) && dates.second_reply.is_none() {
        let from = dates.opinion_date.unwrap_or(first_reply);
        return SuggestionState {
            status: SuggestionStatus::AwaitingReReply,
            due: add_months(from, limits.rereply_months),
        };
    }
    SuggestionState {
        status: SuggestionStatus::Answered,
        due: first_due,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn assigned(on: NaiveDate) -> SuggestionDates {
        SuggestionDates {
            assigned: Some(on),
            extended: false,
            first_reply: None,
            second_reply: None,
            opinion: None,
            opinion_date: None,
        }
    }

    #[test]
    fn a_period_of_months_ends_on_the_same_day_number_or_the_month_end() {
        assert_eq!(add_months(d(2026, 1, 10), 3), Some(d(2026, 4, 10)));
        assert_eq!(add_months(d(2026, 1, 31), 1), Some(d(2026, 2, 28)));
        assert_eq!(add_months(d(2028, 11, 30), 3), Some(d(2029, 2, 28)));
        assert_eq!(add_months(d(2027, 11, 30), 3), Some(d(2028, 2, 29)));
        assert_eq!(add_months(NaiveDate::MAX, 1), None);
    }

    #[test]
    fn standing_counts_days_left_and_days_over() {
        assert_eq!(
            Standing::of(d(2026, 4, 10), d(2026, 4, 1)),
            Standing::DaysLeft(9)
        );
        assert_eq!(
            Standing::of(d(2026, 4, 10), d(2026, 4, 10)),
            Standing::DaysLeft(0)
        );
        assert_eq!(
            Standing::of(d(2026, 4, 10), d(2026, 4, 11)),
            Standing::Overdue(1)
        );
    }

    #[test]
    fn a_suggestion_goes_from_assigned_to_overdue_on_the_day_after_its_due_date() {
        let s = assigned(d(2026, 1, 10));
        let limits = ReplyLimits::default();
        let on_due = suggestion_state(&s, limits, d(2026, 4, 10));
        assert_eq!(on_due.status, SuggestionStatus::InProgress);
        assert_eq!(on_due.due, Some(d(2026, 4, 10)));
        let after = suggestion_state(&s, limits, d(2026, 4, 11));
        assert_eq!(after.status, SuggestionStatus::OverdueNoReply);
    }

    #[test]
    fn an_extended_limit_is_six_months_and_the_site_limit_is_capped_at_six() {
        let mut s = assigned(d(2026, 1, 10));
        s.extended = true;
        assert_eq!(reply_due(&s, ReplyLimits::default()), Some(d(2026, 7, 10)));
        s.extended = false;
        let long = ReplyLimits {
            reply_months: 12,
            rereply_months: 1,
        };
        assert_eq!(reply_due(&s, long), Some(d(2026, 7, 10)));
    }

    #[test]
    fn an_unsatisfied_delegate_is_owed_a_second_reply_within_a_month() {
        let mut s = assigned(d(2026, 1, 10));
        s.first_reply = Some(d(2026, 3, 20));
        s.opinion = Some(Opinion::Unsatisfied);
        let state = suggestion_state(&s, ReplyLimits::default(), d(2026, 4, 1));
        assert_eq!(state.status, SuggestionStatus::AwaitingReReply);
        assert_eq!(state.due, Some(d(2026, 4, 20)));
        s.opinion_date = Some(d(2026, 3, 25));
        let state = suggestion_state(&s, ReplyLimits::default(), d(2026, 4, 1));
        assert_eq!(state.due, Some(d(2026, 4, 25)));
        s.second_reply = Some(d(2026, 4, 18));
        let state = suggestion_state(&s, ReplyLimits::default(), d(2026, 4, 30));
        assert_eq!(state.status, SuggestionStatus::Answered);
    }

    #[test]
    fn unassigned_and_answered_suggestions_owe_nothing_due() {
        let mut s = assigned(d(2026, 1, 10));
        s.assigned = None;
        let state = suggestion_state(&s, ReplyLimits::default(), d(2030, 1, 1));
        assert_eq!(state.status, SuggestionStatus::NotAssigned);
        assert!(state.status.is_open());
        let mut s = assigned(d(2026, 1, 10));
        s.first_reply = Some(d(2026, 5, 1));
        s.opinion = Some(Opinion::BasicallySatisfied);
        let state = suggestion_state(&s, ReplyLimits::default(), d(2030, 1, 1));
        assert_eq!(state.status, SuggestionStatus::Answered);
        assert!(!state.status.is_open());
    }

    proptest! {
        /// Without a reply, a suggestion is overdue exactly when today is past
        /// its due date, and the due date is never before assignment.
        #[test]
        fn overdue_exactly_after_the_due_date(
            start in 0i64..40_000,
            months in 1u32..=6,
            offset in -400i64..400,
        ) {
            let assigned_on = d(1949, 1, 1) + chrono::Duration::days(start);
            let limits = ReplyLimits { reply_months: months, rereply_months: 1 };
            let due = add_months(assigned_on, months).unwrap();
            prop_assert!(due > assigned_on);
            let today = due + chrono::Duration::days(offset);
            let state = suggestion_state(&assigned(assigned_on), limits, today);
            prop_assert_eq!(state.due, Some(due));
            let overdue = state.status == SuggestionStatus::OverdueNoReply;
            prop_assert_eq!(overdue, offset > 0);
        }
    }
}
