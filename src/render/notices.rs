//! The home page's line for each 评议公示 running on the build's today
//! (issue 24, NOTICE part): which published evaluations are out for
//! objections, with their dates and pages. Where a notice stands and how
//! its page shows it is the evaluation kind's (`content::kinds::evaluation`).
//!
//! The lines are plain values, like the ledger panel's: `deps` hashes them
//! into the home page's shape, so an edit of a notice (or a day passing)
//! renders the home page again.

use super::Renderer;
use crate::content::kinds::evaluation::notice::NoticeState;
use serde::Serialize;

/// One running notice as the home page links it.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub(crate) struct NoticeLine {
    pub title: String,
    pub url: String,
    /// `2026-11-29`.
    pub start: String,
    pub end: String,
}

impl Renderer<'_> {
    /// The notices running today, the one ending first first.
    pub(super) fn running_notices(&self) -> Vec<NoticeLine> {
        let mut lines: Vec<NoticeLine> = self
            .content
            .pages
            .iter()
            .filter(|p| !p.front.draft)
            .filter_map(|p| {
                let n = p.front.evaluation.as_ref()?.notice.as_ref()?;
                let (start, end) = n.dates()?;
                (n.state(self.today) == Some(NoticeState::Running)).then(|| NoticeLine {
                    title: p.front.title.clone(),
                    url: self.config.url_for(&p.rel_url),
                    start: start.format("%Y-%m-%d").to_string(),
                    end: end.format("%Y-%m-%d").to_string(),
                })
            })
            .collect();
        lines.sort_by(|a, b| (&a.end, &a.url).cmp(&(&b.end, &b.url)));
        lines
    }
}
