//! What date reading shares across stages: the prefixes of the serde errors
//! a bad front-matter date produces (read back by `tomlx` to say it in plain
//! words) and the years a date may have when `site.toml` does not say.
//!
//! It also writes dates the ways pages and feeds show them: China time
//! (`rfc3339`, `rfc2822` at UTC+8) and Chinese (`date_zh`: 2026年9月8日).
//!
//! A leaf: it imports nothing of the crate. Parsing a date is
//! `content::kinds`' job (`DateValue`); which date goes where in a template's
//! context is `render::context`'s.

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

/// The prefix of the serde error for a bad date, read back by `tomlx`.
pub(crate) const BAD_DATE: &str = "invalid date: ";

/// The prefix of the serde error for a year out of range, read back by `tomlx`.
pub(crate) const BAD_YEAR: &str = "year out of range: ";

/// The years a date may have when `site.toml` does not say (`[build] min_year`, `max_year`).
pub(crate) const DEFAULT_YEARS: (i32, i32) = (1949, 2100);

/// China Standard Time: dates in front matter are local dates in China.
fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The years both formats can write; chrono's `to_rfc2822` panics outside them.
/// Loading keeps dates within `[build]`'s years already: this is the second lock.
fn representable(d: &NaiveDateTime) -> bool {
    (0..=9999).contains(&d.year())
}

/// `d` (China time) as RFC 3339, `2026-09-08T00:00:00+08:00`; empty when it
/// cannot be written.
pub(crate) fn rfc3339(d: &NaiveDateTime) -> String {
    cst()
        .from_local_datetime(d)
        .single()
        .filter(|_| representable(d))
        .map(|d| d.to_rfc3339())
        .unwrap_or_default()
}

/// `d` (China time) as RFC 2822, `Tue, 8 Sep 2026 00:00:00 +0800`; empty when
/// it cannot be written.
pub(crate) fn rfc2822(d: &NaiveDateTime) -> String {
    cst()
        .from_local_datetime(d)
        .single()
        .filter(|_| representable(d))
        .map(|d| d.to_rfc2822())
        .unwrap_or_default()
}

/// `d` in Chinese, without leading zeros: `2026年9月8日`.
pub(crate) fn ymd_zh(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// `2026-09-08` (or a datetime) → `2026年9月8日`; other text is returned
/// unchanged (the templates' `date_zh` filter).
pub(crate) fn date_zh(value: &str) -> String {
    let date = value.get(..10).unwrap_or(value);
    match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        Ok(d) => ymd_zh(d),
        Err(_) => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_dates_without_leading_zeros() {
        let d = NaiveDate::from_ymd_opt(2026, 9, 8).expect("a date");
        assert_eq!(ymd_zh(d), "2026年9月8日");
        assert_eq!(
            ymd_zh(NaiveDate::from_ymd_opt(999, 1, 1).expect("a date")),
            "999年1月1日"
        );
    }
}
