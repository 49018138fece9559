//! 代表报 and other publications: the `[submission]` table.

use super::{unknown_value, DateValue, Locator};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::messages::Msg;
use serde::{Deserialize, Serialize};
use toml::Spanned;

pub const STATUSES: [&str; 4] = ["submitted", "accepted", "published", "rejected"];

#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// One of `site.toml` `[submissions] publications`.
    pub publication: Spanned<String>,
    /// 投稿日期.
    pub submitted: Spanned<DateValue>,
    /// submitted | accepted | published | rejected.
    #[serde(default = "default_status")]
    pub status: Spanned<String>,
    /// 刊发日期, required when published.
    pub published: Option<Spanned<DateValue>>,
    /// 期号.
    #[serde(default)]
    pub issue: String,
    /// 版面.
    #[serde(default)]
    pub page: String,
    #[serde(default)]
    pub authors: Vec<String>,
    /// Link to the published text.
    #[serde(default)]
    pub url: String,
}

fn default_status() -> Spanned<String> {
    Spanned::new(0..0, "submitted".into())
}

/// 已投稿 / 已录用 / 已刊发 / 未采用.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "submitted" => "已投稿",
        "accepted" => "已录用",
        "published" => "已刊发",
        "rejected" => "未采用",
        _ => "",
    }
}

impl Submission {
    /// The year the submission counts for: the publication year when published, else the submission year.
    pub fn year(&self) -> i32 {
        let d = self
            .published
            .as_ref()
            .map_or(self.submitted.get_ref(), |p| p.get_ref());
        chrono::Datelike::year(&d.date())
    }
}

pub fn validate(t: &Submission, config: &Config, at: &Locator<'_>) -> Vec<Diagnostic> {
    let mut out = vec![];
    let publications: Vec<&str> = config
        .submissions
        .publications
        .iter()
        .map(String::as_str)
        .collect();
    if !publications.contains(&t.publication.get_ref().as_str()) {
        out.push(at.error(
            unknown_value("publication", t.publication.get_ref(), &publications),
            t.publication.span(),
        ));
    }
    let status = t.status.get_ref().as_str();
    let status_line = if t.status.span().is_empty() {
        at.table_line("submission")
    } else {
        at.line(t.status.span())
    };
    if !STATUSES.contains(&status) {
        out.push(
            Diagnostic::error(unknown_value("status", status, &STATUSES))
                .at(at.file, Some(status_line)),
        );
    }
    match &t.published {
        None if status == "published" => {
            out.push(Diagnostic::error(Msg::PublishedWithoutDate).at(at.file, Some(status_line)))
        }
        Some(p) if p.get_ref() < t.submitted.get_ref() => out.push(at.error(
            Msg::PublishedBeforeSubmitted {
                published: p.get_ref().iso(),
                submitted: t.submitted.get_ref().iso(),
            },
            p.span(),
        )),
        _ => {}
    }
    out
}
