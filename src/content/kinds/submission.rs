//! 代表报 and other publications: the `[submission]` table, its checks, and
//! all a submission is to the other stages (`Spec`): whether it is
//! published, its search text, what `new --from` resets, its authors, its
//! template view.

use super::{
    unknown_value, DateValue, KindSpec, Locator, Mention, SearchText, Stat, StatsContext,
    ViewContext,
};
use crate::config::Config;
use crate::content::front_matter::PageFrontMatter;
use crate::diagnostics::Diagnostic;
use crate::kind::Kind;
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

/// The spec of submissions.
pub(crate) struct Spec;

impl KindSpec for Spec {
    fn kind(&self) -> Kind {
        Kind::Submission
    }

    fn folder(&self) -> &'static str {
        "submissions"
    }

    fn table(&self) -> Option<&'static str> {
        Some("submission")
    }

    fn has_table(&self, front: &PageFrontMatter) -> bool {
        front.submission.is_some()
    }

    fn check(&self, front: &PageFrontMatter, config: &Config, at: &Locator<'_>) -> Vec<Diagnostic> {
        front
            .submission
            .as_ref()
            .map(|t| validate(t, config, at))
            .unwrap_or_default()
    }

    /// Only in one of `[submissions] public_statuses` (a rejected piece never).
    fn is_public(&self, front: &PageFrontMatter, config: &Config) -> bool {
        let status = front
            .submission
            .as_ref()
            .map_or("submitted", |t| t.status.get_ref().as_str());
        config
            .submissions
            .public_statuses
            .iter()
            .any(|s| s == status)
    }

    fn link_url<'a>(&self, front: &'a PageFrontMatter) -> Option<&'a str> {
        front.submission.as_ref().map(|s| s.url.as_str())
    }

    fn search<'a>(&self, front: &'a PageFrontMatter, out: &mut SearchText<'a>) {
        let Some(s) = &front.submission else { return };
        out.fields
            .extend([s.publication.get_ref().as_str(), &s.issue, &s.page]);
        out.fields.extend(s.authors.iter().map(String::as_str));
    }

    /// Submitted today; where and when it was printed cleared.
    fn reset_copy(&self, t: &mut dyn toml_edit::TableLike, today: chrono::NaiveDate) {
        use toml_edit::value;
        super::set(t, "submitted", value(super::toml_date(today)));
        super::set(t, "status", value("submitted"));
        for key in ["published", "issue", "page", "url"] {
            t.remove(key);
        }
    }

    fn mentions<'a>(&self, front: &'a PageFrontMatter, out: &mut Vec<Mention<'a>>) {
        let Some(t) = &front.submission else { return };
        out.extend(
            t.authors
                .iter()
                .filter(|a| !a.trim().is_empty())
                .map(|a| Mention::Author(a)),
        );
    }

    fn view(&self, front: &PageFrontMatter, cx: &ViewContext<'_>) -> Option<serde_json::Value> {
        use serde_json::{json, Value};
        let t = front.submission.as_ref()?;
        let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
        v["status_label"] = json!(status_label(t.status.get_ref()));
        v["author_links"] = t.authors.iter().map(|a| cx.links.person(a)).collect();
        v["year"] = json!(t.year());
        Some(v)
    }

    /// The submissions that count for the year (published then, or
    /// submitted then and not yet published), against its quota.
    fn stats(&self, cx: &StatsContext<'_>) -> Vec<(&'static str, Stat)> {
        let pages: Vec<usize> = (0..cx.pages.len())
            .filter(|&i| year_of(&cx.pages[i].front) == Some(cx.year))
            .collect();
        let head = year_summary(cx.year, cx.pages, &pages, cx.config);
        vec![("submissions", Stat::WithPages { head, pages })]
    }
}

/// The year a submission page counts for ([`Submission::year`]).
pub(crate) fn year_of(front: &PageFrontMatter) -> Option<i32> {
    front.submission.as_ref().map(Submission::year)
}

/// One year of public submissions: counts by publication (in the order of
/// `[submissions] publications`) and status, and progress against the quota.
/// `which` are indices into `pages`; the caller adds their summaries as `pages`.
pub(crate) fn year_summary(
    year: i32,
    pages: &[crate::content::Page],
    which: &[usize],
    config: &Config,
) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    use std::collections::BTreeMap;
    let statuses: Vec<&str> = config
        .submissions
        .public_statuses
        .iter()
        .map(String::as_str)
        .collect();
    let mut by_pub: BTreeMap<usize, (String, BTreeMap<&str, usize>)> = BTreeMap::new();
    let publications = &config.submissions.publications;
    let mut published = 0;
    let mut accepted = 0;
    for t in which
        .iter()
        .filter_map(|&i| pages[i].front.submission.as_ref())
    {
        let status = t.status.get_ref().as_str();
        let order = publications
            .iter()
            .position(|p| p == t.publication.get_ref())
            .unwrap_or(usize::MAX);
        let entry = by_pub
            .entry(order)
            .or_insert_with(|| (t.publication.get_ref().clone(), BTreeMap::new()));
        *entry.1.entry(status).or_default() += 1;
        match status {
            "published" => published += 1,
            "accepted" => accepted += 1,
            _ => {}
        }
    }
    let by_publication: Vec<Value> = by_pub
        .into_values()
        .map(|(publication, counts)| {
            let total: usize = counts.values().sum();
            let counts: Map<String, Value> = statuses
                .iter()
                .map(|s| (s.to_string(), json!(counts.get(s).copied().unwrap_or(0))))
                .collect();
            json!({"publication": publication, "counts": counts, "total": total})
        })
        .collect();
    let quota = config
        .submissions
        .quota
        .get(&year.to_string())
        .copied()
        .unwrap_or(0);
    let progress_pct = if quota > 0 {
        super::percent(published as f64 / f64::from(quota))
    } else {
        String::new()
    };
    let progress_svg = (quota > 0).then(|| {
        crate::charts::progress_bar(
            published as f64,
            f64::from(quota),
            &format!("{published} / {quota} 篇（{progress_pct}）"),
        )
    });
    let status_labels: Map<String, Value> = statuses
        .iter()
        .map(|s| (s.to_string(), json!(status_label(s))))
        .collect();
    json!({
        "year": year,
        "quota": quota,
        "published": published,
        "accepted": accepted,
        "progress_pct": progress_pct,
        "progress_svg": progress_svg,
        "by_publication": by_publication,
        "statuses": statuses,
        "status_labels": status_labels,
    })
}
