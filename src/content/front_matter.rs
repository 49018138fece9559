//! Front matter: splitting a Markdown file into its TOML header and body,
//! and the typed header of pages and sections.
//!
//! Each field has a one-line comment saying what it does. The kind tables
//! (`[inspection]`, `[evaluation]` …) are kept as TOML values here; their
//! typed validation belongs to the content kinds.

use super::kinds::{
    delegate::DelegateInfo, evaluation::Evaluation, inspection::Inspection, report::Report,
    submission::Submission, suggestion::Suggestion, DateValue,
};
use crate::diagnostics::Diagnostic;
use crate::messages::Msg;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// A Markdown file cut at its `+++` lines.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: &'a str,
    /// Line of the file where `front` starts (the line after the opening `+++`).
    pub front_line: usize,
    pub body: &'a str,
    /// Line of the file where `body` starts.
    pub body_line: usize,
}

/// Cuts `text` (BOM removed, LF line ends) at its `+++` lines.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "+++" {
        return Err(Diagnostic::error(Msg::FrontMatterMissing).at(path, Some(1)));
    }
    let rest_start = (first_end + 1).min(text.len());
    let mut offset = rest_start;
    for (line, l) in (2..).zip(text[rest_start..].split_inclusive('\n')) {
        if l.trim_end() == "+++" {
            let body_start = offset + l.len();
            return Ok(Split {
                front: &text[rest_start..offset],
                front_line: 2,
                body: &text[body_start.min(text.len())..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(Diagnostic::error(Msg::FrontMatterUnclosed).at(path, Some(1)))
}

/// The `[disclosure]` block: 信息公开 metadata shown above the body.
#[derive(Debug, PartialEq, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    /// 索引号, unique site-wide.
    #[serde(default)]
    pub index_no: Option<Spanned<String>>,
    /// 主题分类; the first category when empty.
    #[serde(default)]
    pub topic: String,
    /// 文号; shown as 无 when empty.
    #[serde(default)]
    pub doc_no: String,
    /// 公开方式; [`DEFAULT_METHOD`] when absent or empty.
    #[serde(default)]
    pub method: String,
    /// 效力状态: one of [`VALIDITIES`]; 有效 when absent.
    #[serde(default)]
    pub validity: Option<Spanned<String>>,
}

/// The 公开方式 of a document that does not say.
pub const DEFAULT_METHOD: &str = "主动公开";
/// The 效力状态 a document may have; the first is the default.
pub const VALIDITIES: [&str; 3] = ["有效", "已修改", "已废止"];

impl Disclosure {
    /// 主题分类: `topic`, else the first of `categories`, else empty.
    pub fn topic<'a>(&'a self, categories: &'a [String]) -> &'a str {
        match self.topic.trim() {
            "" => categories.first().map_or("", |c| c.trim()),
            t => t,
        }
    }

    /// 公开方式, the default when not given.
    pub fn method(&self) -> &str {
        match self.method.trim() {
            "" => DEFAULT_METHOD,
            m => m,
        }
    }

    /// 效力状态, 有效 when not given (a wrong value is refused at load).
    pub fn validity(&self) -> &str {
        self.validity
            .as_ref()
            .map_or(VALIDITIES[0], |v| v.get_ref().trim())
    }

    /// An error at the line of a 效力状态 that is not one of [`VALIDITIES`].
    pub fn problems(&self, split: &Split<'_>, file: &std::path::Path) -> Option<Diagnostic> {
        let v = self.validity.as_ref()?;
        let value = v.get_ref().trim();
        (!VALIDITIES.contains(&value)).then(|| {
            Diagnostic::error(crate::content::kinds::unknown_value(
                "validity",
                value,
                &VALIDITIES,
            ))
            .at(file, Some(span_line(split, v.span())))
        })
    }
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    /// The document's title (required).
    pub title: String,
    /// Publication date: a TOML date `2026-09-08`, a datetime, or a string in a common form.
    pub date: Option<Spanned<DateValue>>,
    /// Last substantive update.
    pub updated: Option<Spanned<DateValue>>,
    /// Drafts are published only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// A summary for listings; else the text before `<!-- more -->`, else the first ~120 characters.
    pub summary: Option<String>,
    /// 作者.
    pub author: Option<String>,
    /// 文章来源.
    pub source: Option<String>,
    /// The URL's last part; else the file name.
    pub slug: Option<String>,
    /// The page's kind when it differs from its section's `page_kind`.
    pub kind: Option<Spanned<String>>,
    /// A template other than the kind's.
    pub template: Option<Spanned<String>>,
    /// Order among pages of one date (smaller first).
    #[serde(default)]
    pub weight: i64,
    /// 分类.
    #[serde(default)]
    pub categories: Vec<String>,
    /// 标签.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Keywords for the `Keywords` page metadata; the categories and tags when empty.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// 信息公开 block.
    pub disclosure: Option<Disclosure>,
    /// 视察 / 执法检查 / 调研 facts.
    pub inspection: Option<Inspection>,
    /// 评议 results.
    pub evaluation: Option<Evaluation>,
    /// 投稿 facts.
    pub submission: Option<Submission>,
    /// 计划 / 总结 facts.
    pub report: Option<Report>,
    /// 代表 facts.
    pub delegate: Option<DelegateInfo>,
    /// 代表建议 facts.
    pub suggestion: Option<Suggestion>,
    /// Free values for templates, as `page.extra`.
    #[serde(default)]
    pub extra: toml::Table,
    /// The file `new --from`/`--from-last` copied this page from, relative to
    /// the site root (`content/…`): `check` warns while the body is unchanged.
    pub from: Option<Spanned<String>>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFrontMatter {
    /// The column's name (required).
    pub title: String,
    /// One sentence about the column.
    #[serde(default)]
    pub description: String,
    /// Order in the navigation (smaller first).
    #[serde(default)]
    pub weight: i64,
    /// The kind of every page in the section (`article` by default).
    pub page_kind: Option<Spanned<String>>,
    /// Pages per listing page.
    pub paginate_by: Option<usize>,
    /// A template other than `section.html`.
    pub template: Option<Spanned<String>>,
    /// Days without a new page before `check` warns that the column is stale
    /// (the national rule when absent; a longer one is reported as relaxed).
    pub stale_after_days: Option<Spanned<u32>>,
    /// Shown in the main navigation (top-level sections only).
    #[serde(default = "yes")]
    pub in_nav: bool,
    /// Keywords for the `ColumnKeywords` page metadata; the column's name when empty.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Free values for templates, as `section.extra`.
    #[serde(default)]
    pub extra: toml::Table,
}

fn yes() -> bool {
    true
}

/// Reads a front matter date: TOML dates and datetimes, and strings such as
/// `2026-09-08`, `2026/9/8`, `2026年9月8日`, `2026-09-08 14:30`.
pub fn parse_date(value: &toml::Value) -> Option<NaiveDateTime> {
    match value {
        toml::Value::Datetime(dt) => {
            let d = dt.date?;
            let date =
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))?;
            let time = match dt.time {
                Some(t) => NaiveTime::from_hms_opt(
                    u32::from(t.hour),
                    u32::from(t.minute),
                    u32::from(t.second),
                )?,
                None => NaiveTime::MIN,
            };
            Some(date.and_time(time))
        }
        toml::Value::String(s) => parse_date_str(s.trim()),
        _ => None,
    }
}

fn parse_date_str(s: &str) -> Option<NaiveDateTime> {
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(dt);
        }
    }
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Some(d.and_time(NaiveTime::MIN));
        }
    }
    None
}

/// The file line of a span inside the front matter.
pub fn span_line(split: &Split<'_>, span: std::ops::Range<usize>) -> usize {
    split.front_line + crate::diagnostics::line_of_offset(split.front, span.start) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_body_line() {
        let text = "+++\ntitle = \"a\"\n+++\nbody\n";
        let s = split(text, Path::new("a.md")).expect("split");
        assert_eq!(s.front, "title = \"a\"\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn split_accepts_trailing_spaces_and_empty_body() {
        let s = split("+++  \ntitle = \"a\"\n+++", Path::new("a.md")).expect("split");
        assert_eq!(s.body, "");
    }

    #[test]
    fn split_errors_name_line_one() {
        let e = split("title = 1\n", Path::new("a.md")).expect_err("no front matter");
        assert_eq!((*e.msg, e.line), (Msg::FrontMatterMissing, Some(1)));
        let e = split("+++\ntitle = 1\n", Path::new("a.md")).expect_err("unclosed");
        assert_eq!(*e.msg, Msg::FrontMatterUnclosed);
    }

    #[test]
    fn dates_in_many_forms() {
        let d = |s: &str| parse_date(&toml::Value::String(s.into())).map(|d| d.to_string());
        assert_eq!(d("2026-09-08").as_deref(), Some("2026-09-08 00:00:00"));
        assert_eq!(d("2026/9/8").as_deref(), Some("2026-09-08 00:00:00"));
        assert_eq!(d("2026年9月8日").as_deref(), Some("2026-09-08 00:00:00"));
        assert_eq!(
            d("2026-09-08 14:30").as_deref(),
            Some("2026-09-08 14:30:00")
        );
        assert_eq!(d("2026-13-01"), None);
        assert_eq!(d("昨天"), None);
        let t: toml::Table = toml::from_str("d = 2026-09-08T10:00:00+08:00").expect("toml");
        assert_eq!(
            parse_date(&t["d"]).map(|d| d.to_string()).as_deref(),
            Some("2026-09-08 10:00:00")
        );
    }
}
