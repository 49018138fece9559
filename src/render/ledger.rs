//! The 督办台账 as the site shows it: `/dubans/` (every open item),
//! `/dubans/<year>/` (one year's, the year filter without JavaScript),
//! `/dubans/dubans.csv` (the same rows for Excel or WPS), the home page's
//! panel and a unit's open items, each row where it stands on the day the
//! build takes as today.
//!
//! Which items are open and their order is `derive::ledger`'s; the days
//! are `deadlines::Standing`'s. The rows are plain values, not page
//! references: a view holds them whole, so `deps` hashes them into the
//! output's shape and an edit that opens, closes or moves an item renders
//! the ledger again.

use super::congress;
use super::Renderer;
use crate::deadlines::Standing;
use crate::derive::ledger::{self, OpenItem};
use serde::Serialize;

/// The folder of the ledger's outputs.
pub(crate) const LEDGER_DIR: &str = "dubans/";
/// The CSV's file name in [`LEDGER_DIR`].
pub(crate) const LEDGER_CSV: &str = "dubans.csv";

/// One open item as a row of the ledger.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub(crate) struct LedgerRow {
    /// `2026-12-20`.
    pub due: String,
    /// Past its due date.
    pub overdue: bool,
    /// Days over when `overdue`, else days left (0: due today).
    pub days: i64,
    /// `followup`, `reply` … (`kinds::Task`).
    pub task: crate::content::kinds::Task,
    /// 视察交办, 建议答复 …
    pub task_label: &'static str,
    pub subject: String,
    /// The page that sets it, and its absolute address (for the CSV).
    pub url: String,
    pub permalink: String,
    pub unit: String,
    /// The unit's page; empty when it has none.
    pub unit_url: String,
    pub year: i32,
}

/// A year of the ledger with its number of open items.
#[derive(Serialize)]
pub(crate) struct LedgerYear {
    pub year: i32,
    pub url: String,
    pub count: usize,
}

/// `/dubans/` and `/dubans/<year>/`: the rows, the years, the counts.
#[derive(Serialize)]
pub(crate) struct LedgerView {
    /// The year shown; none on the page of all years.
    pub year: Option<i32>,
    /// Every year with open items, oldest first.
    pub years: Vec<LedgerYear>,
    /// The page of all years, and the CSV of all rows.
    pub url: String,
    pub csv_url: String,
    /// The day the rows are counted from (`2026-12-06`).
    pub today: String,
    pub count: usize,
    pub overdue: usize,
    pub rows: Vec<LedgerRow>,
}

/// The home page's panel.
#[derive(Serialize)]
pub(crate) struct LedgerPanel {
    pub url: String,
    pub today: String,
    /// Open items, and how many of them are overdue.
    pub count: usize,
    pub overdue: usize,
    /// The first open item by due date.
    pub next: Option<LedgerRow>,
}

fn iso(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Renderer<'_> {
    fn ledger_row(&self, o: &OpenItem<'_>) -> LedgerRow {
        let d = o.item;
        let (overdue, days) = match Standing::of(d.due, self.today) {
            Standing::Overdue(n) => (true, n),
            Standing::DaysLeft(n) => (false, n),
        };
        LedgerRow {
            due: iso(d.due),
            overdue,
            days,
            task: d.task,
            task_label: d.task.label(),
            subject: d.subject.clone(),
            url: self.config.url_for(&self.content.pages[o.page].rel_url),
            permalink: self
                .config
                .permalink_for(&self.content.pages[o.page].rel_url),
            unit: d.unit.clone(),
            unit_url: self
                .derived
                .units
                .iter()
                .find(|u| u.name == d.unit)
                .map(|u| self.config.url_for(&congress::unit_rel(u)))
                .unwrap_or_default(),
            year: d.year,
        }
    }

    /// Every open item as a row, the ledger's order; of one year if given.
    pub(super) fn ledger_rows(&self, year: Option<i32>) -> Vec<LedgerRow> {
        ledger::open_items(self.content)
            .iter()
            .filter(|o| year.is_none_or(|y| o.item.year == y))
            .map(|o| self.ledger_row(o))
            .collect()
    }

    /// `/dubans/` (`year` none) or `/dubans/<year>/`.
    pub(super) fn ledger_value(&self, year: Option<i32>) -> LedgerView {
        let open = ledger::open_items(self.content);
        let years = ledger::years(&open)
            .into_iter()
            .map(|y| LedgerYear {
                year: y,
                url: self.config.url_for(&format!("{LEDGER_DIR}{y}/")),
                count: open.iter().filter(|o| o.item.year == y).count(),
            })
            .collect();
        let rows = self.ledger_rows(year);
        LedgerView {
            year,
            years,
            url: self.config.url_for(LEDGER_DIR),
            csv_url: self.config.url_for(&format!("{LEDGER_DIR}{LEDGER_CSV}")),
            today: iso(self.today),
            count: rows.len(),
            overdue: rows.iter().filter(|r| r.overdue).count(),
            rows,
        }
    }

    /// The home page's panel: none when no page sets any due date.
    pub(super) fn ledger_panel(&self) -> Option<LedgerPanel> {
        let any = self
            .content
            .pages
            .iter()
            .any(|p| !p.front.draft && !p.deadlines.is_empty());
        if !any {
            return None;
        }
        let rows = self.ledger_rows(None);
        Some(LedgerPanel {
            url: self.config.url_for(LEDGER_DIR),
            today: iso(self.today),
            count: rows.len(),
            overdue: rows.iter().filter(|r| r.overdue).count(),
            next: rows.into_iter().next(),
        })
    }

    /// A unit's open items, the ledger's order.
    pub(super) fn unit_open_items(&self, unit: &str) -> Vec<LedgerRow> {
        let mut rows = self.ledger_rows(None);
        rows.retain(|r| r.unit == unit);
        rows
    }
}

/// The ledger's rows as CSV (`csv_table`: BOM, header, RFC 4180).
pub(crate) fn csv_bytes(rows: &[LedgerRow]) -> Vec<u8> {
    let header = [
        "期限",
        "状态",
        "逾期或剩余天数",
        "事项",
        "名称",
        "单位",
        "年度",
        "链接",
    ];
    super::csv_table::bytes(
        &header,
        rows.iter().map(|r| {
            let state = if r.overdue { "已逾期" } else { "未到期" };
            [
                r.due.clone(),
                state.to_string(),
                r.days.to_string(),
                r.task_label.to_string(),
                r.subject.clone(),
                r.unit.clone(),
                r.year.to_string(),
                r.permalink.clone(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(subject: &str, overdue: bool) -> LedgerRow {
        LedgerRow {
            due: "2026-12-01".into(),
            overdue,
            days: 5,
            task: crate::content::kinds::Task::Followup,
            task_label: "视察交办",
            subject: subject.into(),
            url: "/rd/inspections/a/".into(),
            permalink: "https://example.gov.cn/rd/inspections/a/".into(),
            unit: "镇农医办".into(),
            unit_url: String::new(),
            year: 2026,
        }
    }

    #[test]
    fn the_csv_starts_with_a_bom_and_quotes_what_needs_quoting() {
        let bytes = csv_bytes(&[row("甲，\"乙\"\n丙", true), row("丁,戊", false)]);
        let text = String::from_utf8(bytes).expect("utf-8");
        assert_eq!(
            text,
            "\u{feff}期限,状态,逾期或剩余天数,事项,名称,单位,年度,链接\r\n\
             2026-12-01,已逾期,5,视察交办,\"甲，\"\"乙\"\"\n丙\",镇农医办,2026,https://example.gov.cn/rd/inspections/a/\r\n\
             2026-12-01,未到期,5,视察交办,\"丁,戊\",镇农医办,2026,https://example.gov.cn/rd/inspections/a/\r\n"
        );
    }
}
