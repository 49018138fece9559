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
