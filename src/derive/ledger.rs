//! The 督办台账's rows: every open item (`kinds::Deadline` with no `done`)
//! of the published pages, drafts never, in the order the ledger lists
//! them (due date first), and the years that have any.
//!
//! Reading the items from front matter is the kinds' job (at load, into
//! `Page.deadlines`); where an item stands on a given day is
//! `crate::deadlines::Standing`'s; showing the rows (HTML, CSV) is
//! `render`'s and warning of them is `check`'s. All ask here, so the
//! ledger, the home panel, the unit pages and `check` agree.

use crate::content::kinds::Deadline;
use crate::content::Content;
use std::collections::BTreeSet;

/// An open item and the page that sets it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OpenItem<'a> {
    pub page: usize,
    pub item: &'a Deadline,
}

/// Every open item of a page that is not a draft, by due date; a tie by
/// subject, then by the page's path and the item's line, so the order is
/// the same on every build.
pub(crate) fn open_items(content: &Content) -> Vec<OpenItem<'_>> {
    let mut items: Vec<OpenItem<'_>> = content
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.front.draft)
        .flat_map(|(page, p)| {
            p.deadlines
                .iter()
                .filter(|d| d.is_open())
                .map(move |item| OpenItem { page, item })
        })
        .collect();
    items.sort_by(|a, b| {
        let path = |o: &OpenItem<'_>| &content.pages[o.page].rel_path;
        a.item
            .due
            .cmp(&b.item.due)
            .then_with(|| a.item.subject.cmp(&b.item.subject))
            .then_with(|| path(a).cmp(path(b)))
            .then(a.item.line.cmp(&b.item.line))
    });
    items
}

/// The years of the open items, oldest first (the ledger's year pages).
pub(crate) fn years(items: &[OpenItem<'_>]) -> BTreeSet<i32> {
    items.iter().map(|o| o.item.year).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// One inspection page: its follow-up assigns (due `due_day` days into
    /// 2026), answered or not, published or a draft.
    #[derive(Debug, Clone)]
    struct Case {
        due_day: u32,
        answered: bool,
        draft: bool,
    }

    fn page(i: usize, c: &Case) -> String {
        let due = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).expect("date")
            + chrono::Duration::days(i64::from(c.due_day));
        let answer = if c.answered {
            "[[inspection.followups]]\ndate = 2026-01-20\nstatus = \"反馈\"\n"
        } else {
            ""
        };
        format!(
            "+++\ntitle = \"视察{i}\"\ndate = 2026-01-10\ndraft = {}\n[inspection]\n\
             unit = \"单位{}\"\ntopic = \"主题{i}\"\n[[inspection.followups]]\n\
             date = 2026-01-15\ndue = {due}\n{answer}+++\n正文。\n",
            c.draft,
            i % 3
        )
    }

    fn load(cases: &[Case]) -> (tempfile::TempDir, Content) {
        let mut files = vec![(
            "content/inspections/_index.md".to_string(),
            "+++\ntitle = \"视察\"\npage_kind = \"inspection\"\n+++\n".to_string(),
        )];
        for (i, c) in cases.iter().enumerate() {
            files.push((format!("content/inspections/p{i}.md"), page(i, c)));
        }
        // Drafts loaded too (as `--drafts` does): the ledger still leaves them out.
        crate::derive::testing::load_with_drafts(&files)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// The ledger is sorted by due date and holds exactly the open
        /// items of the pages that are not drafts: an answered item, or
        /// one of a draft, never.
        #[test]
        fn the_ledger_is_the_open_items_of_published_pages_by_due_date(
            cases in proptest::collection::vec(
                (0u32..60, any::<bool>(), any::<bool>())
                    .prop_map(|(due_day, answered, draft)| Case { due_day, answered, draft }),
                0..12,
            )
        ) {
            let (_dir, content) = load(&cases);
            prop_assert_eq!(content.pages.len(), cases.len());
            let items = open_items(&content);
            prop_assert!(items.windows(2).all(|w| w[0].item.due <= w[1].item.due));
            let mut got: Vec<String> = items
                .iter()
                .map(|o| content.pages[o.page].front.title.clone())
                .collect();
            got.sort();
            let mut want: Vec<String> = cases
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.answered && !c.draft)
                .map(|(i, _)| format!("视察{i}"))
                .collect();
            want.sort();
            prop_assert_eq!(got, want);
        }
    }
}
