//! The 政务公开 reports an inspector looks for first (issue 24, NOTICE
//! part): the newest 信息公开指南 and the 信息公开年度报告 year by year, as
//! the 信息公开目录 (`/gongkai/`) shows them at its top and the 网站地图
//! lists them. Which pages they are is the report kind's
//! (`content::kinds::report::disclosure_reports`).
//!
//! Plain values, like the catalog's rows: `deps` hashes them into the
//! shape of the outputs that show them, so an edit of a report's title or
//! year renders them again.

use super::Renderer;
use crate::content::kinds::report;
use serde::Serialize;

/// A report as a link.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub(crate) struct ReportLink {
    pub title: String,
    pub url: String,
    /// The year the report is about.
    pub year: i32,
}

/// The 信息公开指南 and the 年度报告.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub(crate) struct DisclosureReports {
    /// The newest 信息公开指南, none when the site has none.
    pub guide: Option<ReportLink>,
    /// Every 信息公开年度报告, the newest year first.
    pub annual_reports: Vec<ReportLink>,
}

impl Renderer<'_> {
    fn report_link(&self, i: usize) -> ReportLink {
        let p = &self.content.pages[i];
        ReportLink {
            title: p.front.title.clone(),
            url: self.config.url_for(&p.rel_url),
            year: p.front.report.as_ref().map_or(0, |r| r.year),
        }
    }

    /// The site's 信息公开指南 and 年度报告.
    pub(super) fn disclosure_reports(&self) -> DisclosureReports {
        let (guide, annual) = report::disclosure_reports(&self.content.pages);
        DisclosureReports {
            guide: guide.map(|i| self.report_link(i)),
            annual_reports: annual.into_iter().map(|i| self.report_link(i)).collect(),
        }
    }
}
