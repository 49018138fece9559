//! `gongkai check`: every problem of a site before it is published, without
//! writing anything. Runs the build's stages (so every build error is a check
//! error, dead links included: both read the rendered outputs through
//! [`crate::linkcheck`]) and adds what only a review needs: images without
//! alt text, heading ids written twice, paragraphs indented into code boxes,
//! empty and stale columns, documents without 索引号, future dates, and
//! every file under `content/` or `static/` that will not be published, with
//! why.
//!
//! It also says what it looked at ([`Summary`]: pages, columns and their
//! last update, links and attachments checked, outputs scanned for personal
//! data, placeholders), and which warnings a county website inspection would
//! count ([`counts_for_inspection`]); `--strict` makes those errors.
//!
//! Printing the report (grouped, or JSON) is the CLI's business.

use crate::build::{self, BuildOptions};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::messages::Msg;
use crate::site::Site;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use crate::linkcheck::LinkCounts;

/// What one run of `check` found, and what it looked at.
#[derive(Debug)]
pub struct Report {
    /// Sorted by file and line; with `strict`, the warnings an inspection
    /// counts are errors here.
    pub diagnostics: Diagnostics,
    /// None when the site could not be loaded at all (no `site.toml`, broken
    /// templates): then nothing was looked at.
    pub summary: Option<Summary>,
}

impl Report {
    /// Warnings a county website inspection would count (none with `strict`:
    /// they are errors then).
    pub fn counted_warnings(&self) -> usize {
        self.diagnostics
            .items
            .iter()
            .filter(|d| !d.is_error() && counts_for_inspection(&d.msg))
            .count()
    }

    /// Nothing left that stops publishing or that an inspection would count.
    pub fn ready_to_publish(&self) -> bool {
        !self.diagnostics.has_errors() && self.counted_warnings() == 0
    }
}

/// The "before you publish" facts, each from the run itself.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Summary {
    /// Published documents (generated pages such as /units/ not counted).
    pub pages: usize,
    /// Every column (section but the home page), in the site's order.
    pub columns: Vec<Column>,
    /// Links and attachments the link check looked at.
    #[serde(flatten)]
    pub links: LinkCounts,
    /// Outputs (pages, feeds, …) rendered and scanned for personal data as a
    /// reader gets them.
    pub outputs_scanned: usize,
    /// Template text left in published pages (`placeholder-left`).
    pub placeholders: usize,
}

/// A column and its last update, as the stale check judged it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Column {
    pub title: String,
    /// Its `_index.md`.
    pub file: PathBuf,
    /// The newest published page's date (None: empty, or undated pages).
    #[serde(serialize_with = "iso_date")]
    pub last: Option<NaiveDate>,
    /// Days from `last` to the run's today.
    pub days_ago: Option<i64>,
    /// Days allowed between updates (None: a column that is never stale,
    /// such as 代表风采).
    pub limit: Option<u32>,
    /// The national rule for this column, in days.
    pub national: Option<u32>,
    /// Published pages in the column.
    pub pages: usize,
    /// Line of `stale_after_days` in `file`, when it is set.
    #[serde(skip)]
    rule_line: Option<usize>,
}

/// `2026-12-05` (chrono's serde support is not compiled in for one field).
fn iso_date<S: serde::Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
        None => s.serialize_none(),
    }
}

/// Whether a county website inspection would count this warning. Every
/// warning does but a few that are notes for the office, so a new warning
/// counts until someone decides otherwise: files left out on purpose,
/// invisible characters gongkai removed itself, an author shown as an
/// author only, and items of the 督办台账 overdue or due soon (the office's
/// work to chase, which the site publishes on purpose: they must not stop
/// an upload).
pub fn counts_for_inspection(msg: &Msg) -> bool {
    !matches!(
        msg,
        Msg::NotPublished { .. }
            | Msg::ControlCharsRemoved { .. }
            | Msg::AuthorNotADelegate { .. }
            | Msg::DuplicateHeadingId { .. }
            | Msg::DeadlineOverdue { .. }
            | Msg::DeadlineSoon { .. }
    )
}

/// Checks the site as `build` would publish it, on `options.today()`. With
/// `strict`, the warnings an inspection counts become errors.
pub fn check(options: &BuildOptions, strict: bool) -> Report {
    let (site, mut diags) = match Site::load(options) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            return Report {
                diagnostics: strictly(diagnostics, strict),
                summary: None,
            }
        }
    };
    let today = options.today();
    // Files the build leaves out, each with why (the build says nothing of them).
    diags.extend(site.content().not_published.iter().cloned());
    diags.extend(site.copies().not_published.iter().cloned());
    let (rendered, outputs_scanned, links) = render_and_scan(&site, options, diags.items.iter());
    diags.extend(rendered);
    diags.extend(body_notes(&site));
    let columns = columns(&site, today);
    diags.extend(column_problems(&columns));
    diags.extend(documents(&site, today));
    diags.extend(unplaced_authors(&site));
    diags.extend(deadlines(&site, today));
    let placeholders = diags
        .items
        .iter()
        .filter(|d| matches!(*d.msg, Msg::PlaceholderLeft { .. }))
        .count();
    let summary = Summary {
        pages: site.content().pages.len(),
        columns,
        links,
        outputs_scanned,
        placeholders,
    };
    Report {
        diagnostics: strictly(diags.sorted(), strict),
        summary: Some(summary),
    }
}

/// With `strict`, every warning an inspection counts is an error.
fn strictly(mut diags: Diagnostics, strict: bool) -> Diagnostics {
    if strict {
        for d in &mut diags.items {
            if counts_for_inspection(&d.msg) {
                d.severity = Severity::Error;
            }
        }
    }
    diags
}

/// Every output rendered in memory, as `build` renders it: the template
/// errors that would fail the build (each once); personal data in the
/// outputs as a reader gets them, except at a line already reported by the
/// source scan; and dead links. With the number of outputs scanned and what
/// the link check looked at.
fn render_and_scan<'a>(
    site: &Site,
    options: &BuildOptions,
    known: impl Iterator<Item = &'a Diagnostic>,
) -> (Vec<Diagnostic>, usize, LinkCounts) {
    use rayon::prelude::*;
    let reported: HashSet<(Option<std::path::PathBuf>, Option<usize>)> = known
        .filter(|d| matches!(*d.msg, Msg::PersonalData { .. }))
        .map(|d| (d.path.clone(), d.line))
        .collect();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    let shown = output.strip_prefix(&options.root).unwrap_or(&output);
    let renderer = site.renderer();
    let rendered: Vec<_> = site
        .outputs()
        .par_iter()
        .enumerate()
        .map(|(i, o)| {
            build::render_output(site, &renderer, o, shown)
                .map(|r| (r.hits, r.links.map(|f| (i, f))))
        })
        .collect();
    let mut failed = vec![];
    let mut hits = vec![];
    let mut found = vec![];
    let mut scanned = 0;
    for r in rendered {
        match r {
            Ok((h, links)) => {
                scanned += 1;
                hits.extend(h);
                found.extend(links);
            }
            Err(e) => failed.push(e),
        }
    }
    let mut out = build::dedupe(failed);
    out.extend(
        crate::published::into_diagnostics(hits)
            .into_iter()
            .filter(|d| !reported.contains(&(d.path.clone(), d.line))),
    );
    let (dead, links) = crate::linkcheck::check(site, &found, shown);
    out.extend(dead);
    (out, scanned, links)
}

/// What only the Markdown of a body shows: images without alt text
/// (errors), heading ids written twice and paragraphs indented into code
/// boxes (warnings), at their lines.
fn body_notes(site: &Site) -> Vec<Diagnostic> {
    let content = site.content();
    let (pages, sections) = (&site.bodies().pages, &site.bodies().sections);
    let files = content.pages.iter().map(|p| &p.file);
    let files = files.chain(content.sections.iter().map(|s| &s.file));
    let mut out = vec![];
    for (file, body) in files.zip(pages.iter().chain(sections)) {
        for line in &body.images_without_alt {
            out.push(Diagnostic::error(Msg::ImageWithoutAlt).at(file, Some(*line)));
        }
        for d in &body.duplicate_ids {
            let msg = Msg::DuplicateHeadingId {
                id: d.id.clone(),
                renamed: d.renamed.clone(),
            };
            out.push(Diagnostic::warning(msg).at(file, Some(d.line)));
        }
        for line in &body.indented_prose {
            out.push(Diagnostic::warning(Msg::IndentedParagraph).at(file, Some(*line)));
        }
    }
    out
}

/// Authors the site names as delegates nowhere and does not list among its
/// `[submissions] other_authors`: one note each, at their newest submission's
/// `authors` line (an office name typed as an author, or a delegate whose
/// page is missing).
fn unplaced_authors(site: &Site) -> Vec<Diagnostic> {
    let known = &site.config().submissions.other_authors;
    site.derived()
        .other_authors
        .iter()
        .filter(|(name, _)| !known.iter().any(|k| k.trim() == name))
        .filter_map(|(name, pages)| {
            let page = &site.content().pages[*pages.first()?];
            Some(
                Diagnostic::warning(Msg::AuthorNotADelegate { name: name.clone() })
                    .at(&page.file, Some(authors_line(&page.file, name))),
            )
        })
        .collect()
}

/// The line of `authors = [… "name" …]` in a submission's file (1 if unreadable).
fn authors_line(file: &Path, name: &str) -> usize {
    let quoted = format!("\"{name}\"");
    std::fs::read_to_string(file)
        .ok()
        .and_then(|text| {
            text.lines()
                .position(|l| l.trim_start().starts_with("authors") && l.contains(&quoted))
        })
        .map_or(1, |i| i + 1)
}

/// Sections in the order of the site's menu: each before its subsections,
/// siblings by weight (the home page first).
fn menu_order(sections: &[crate::content::Section]) -> Vec<usize> {
    let mut order = Vec::with_capacity(sections.len());
    let mut stack: Vec<usize> = sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.parent.is_none())
        .map(|(i, _)| i)
        .rev()
        .collect();
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(sections[i].subsections.iter().rev());
    }
    order
}

/// Every column with its last update and its rule, on `today`.
fn columns(site: &Site, today: NaiveDate) -> Vec<Column> {
    let content = site.content();
    menu_order(&content.sections)
        .into_iter()
        .map(|i| &content.sections[i])
        .filter(|s| !s.dir.is_empty())
        .map(|s| {
            let last = s
                .pages
                .first()
                .and_then(|&newest| content.pages[newest].date)
                .map(|d| d.date());
            // The national rule of the column's kind (none for profiles).
            let national = crate::content::kinds::spec(s.page_kind).stale_after_days();
            let limit = national.map(|national| {
                s.front
                    .stale_after_days
                    .as_ref()
                    .map_or(national, |d| *d.get_ref())
            });
            Column {
                title: s.front.title.clone(),
                file: s.file.clone(),
                last,
                days_ago: last.map(|last| (today - last).num_days()),
                limit,
                national,
                pages: s.pages.len(),
                rule_line: s.stale_line,
            }
        })
        .collect()
}

/// Empty columns (errors), columns not updated in time and columns whose
/// rule is relaxed beyond the national one (warnings).
fn column_problems(columns: &[Column]) -> Vec<Diagnostic> {
    let mut out = vec![];
    for c in columns {
        if c.pages == 0 {
            out.push(
                Diagnostic::error(Msg::EmptySection {
                    title: c.title.clone(),
                })
                .at(&c.file, Some(1)),
            );
            continue;
        }
        let (Some(limit), Some(national)) = (c.limit, c.national) else {
            continue;
        };
        if limit > national {
            out.push(
                Diagnostic::warning(Msg::StaleRuleRelaxed {
                    title: c.title.clone(),
                    days: limit,
                    national,
                })
                .at(&c.file, c.rule_line),
            );
        }
        if let (Some(last), Some(days)) = (c.last, c.days_ago) {
            if days > i64::from(limit) {
                out.push(
                    Diagnostic::warning(Msg::StaleSection {
                        title: c.title.clone(),
                        last: last.format("%Y-%m-%d").to_string(),
                        days,
                        limit,
                    })
                    .at(&c.file, Some(1)),
                );
            }
        }
    }
    out
}

/// Documents without 索引号, 索引号 that do not start with the office's code
/// (the code changed, or a number copied from another office), and
/// documents dated in the future.
fn documents(site: &Site, today: NaiveDate) -> Vec<Diagnostic> {
    let mut out = vec![];
    let prefix = crate::scaffold::index_code_prefix(
        &site.config().disclosure.index_format,
        &site.config().org.code,
    );
    for p in &site.content().pages {
        if let (Some(prefix), Some((number, line))) = (&prefix, &p.index_no) {
            if !number.starts_with(prefix.as_str()) {
                out.push(
                    Diagnostic::warning(Msg::IndexNoWrongCode {
                        index_no: number.clone(),
                        prefix: prefix.clone(),
                    })
                    .at(&p.file, Some(*line)),
                );
            }
        }
        if p.kind.needs_date() && p.index_no.is_none() {
            out.push(Diagnostic::warning(Msg::MissingIndexNo).at(&p.file, Some(1)));
        }
        if let Some(date) = p.date.filter(|d| d.date() > today) {
            out.push(
                Diagnostic::warning(Msg::FutureDate {
                    date: date.format("%Y-%m-%d").to_string(),
                })
                .at(&p.file, p.date_line),
            );
        }
    }
    out
}

/// How many days ahead `check` warns of an open item's due date.
pub(crate) const DUE_SOON_DAYS: i64 = 14;

/// Every open item of a published page that is overdue or due within
/// [`DUE_SOON_DAYS`] on `today`, at the line that sets its due date.
fn deadlines(site: &Site, today: NaiveDate) -> Vec<Diagnostic> {
    use crate::deadlines::Standing;
    let mut out = vec![];
    for p in &site.content().pages {
        for d in p.deadlines.iter().filter(|d| d.is_open()) {
            let (subject, due) = (d.subject.clone(), iso(d.due));
            let (task_zh, task_en) = due_words(d.task);
            let msg = match Standing::of(d.due, today) {
                Standing::Overdue(days) => Msg::DeadlineOverdue {
                    subject,
                    task_zh,
                    task_en,
                    due,
                    days,
                },
                Standing::DaysLeft(days) if days <= DUE_SOON_DAYS => Msg::DeadlineSoon {
                    subject,
                    task_zh,
                    task_en,
                    due,
                    days,
                },
                Standing::DaysLeft(_) => continue,
            };
            out.push(Diagnostic::warning(msg).at(&p.file, Some(d.line)));
        }
    }
    out
}

/// What is due, as the warning names it in Chinese and English:
/// 「第3号建议的答复期限」.
fn due_words(task: crate::content::kinds::Task) -> (String, String) {
    use crate::content::kinds::Task;
    let (zh, en) = match task {
        Task::Reply => ("答复", "reply"),
        Task::SecondReply => ("再次答复", "second reply"),
        Task::Rectification => ("整改报告", "rectification report"),
        Task::Followup => ("交办", "answer to the assignment"),
    };
    (zh.to_string(), en.to_string())
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Messages `check` never reports, with why: said by other commands, or
    /// about writing the output (`check` writes nothing). Prefixes: serve,
    /// the command line, `check`'s own closing lines.
    const NOT_FROM_CHECK: &[&str] = &[
        "init-not-empty",
        "init-done",
        "nothing-to-copy",
        "new-done",
        "output-refused",
        "output-waiting",
        "output-busy",
        "write-failed",
        "output-escapes",
        // Issue 26 §3: the build's upload manifest and changed list.
        "build-changes",
        "build-all-new",
        "build-reused",
        "build-nothing-changed",
        "changed-list-inside-output",
        "changed-list-write-failed",
        // Issue 27: `gongkai import`.
        "import-done",
        "import-old-format",
        "import-encrypted",
        "import-broken",
        "import-not-docx",
        "import-no-files",
        "import-no-section",
    ];
    const NOT_FROM_CHECK_PREFIXES: &[&str] = &["serve-", "cli-", "check-"];

    /// Every variant of [`Msg`], read from its source as serde names them
    /// (`PersonalData` → `personal-data`): a new variant is seen without
    /// anyone listing it.
    fn every_msg_code() -> Vec<String> {
        let source = include_str!("messages.rs");
        let start = source.find("pub enum Msg {").expect("the enum");
        let body = &source[start..];
        let body = &body[..body.find("\n}\n").expect("its end")];
        body.lines()
            .filter_map(|l| l.strip_prefix("    "))
            .filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase()))
            .map(|l| {
                let name: String = l.chars().take_while(char::is_ascii_alphanumeric).collect();
                let mut code = String::new();
                for (i, c) in name.chars().enumerate() {
                    if c.is_ascii_uppercase() && i > 0 {
                        code.push('-');
                    }
                    code.push(c.to_ascii_lowercase());
                }
                code
            })
            .collect()
    }

    /// The codes in the first column of the README's `check` table.
    fn readme_codes() -> Vec<String> {
        let readme = include_str!("../README.md");
        let section = &readme[readme.find("### check\n").expect("check section")..];
        let section = &section[..section.find("\n### ").expect("next section")];
        section
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split_once('`').map(|(code, _)| code.to_string()))
            .collect()
    }

    /// The README's table lists every code `check` can report, and no
    /// other, each with the severity and the `--strict` verdict it has.
    #[test]
    fn the_readme_lists_every_code_check_reports() {
        let emitted: Vec<String> = every_msg_code()
            .into_iter()
            .filter(|c| !NOT_FROM_CHECK.contains(&c.as_str()))
            .filter(|c| !NOT_FROM_CHECK_PREFIXES.iter().any(|p| c.starts_with(p)))
            .collect();
        assert!(emitted.len() > 60, "the enum was read: {emitted:?}");
        assert!(emitted.contains(&"personal-data".to_string()));
        let listed = readme_codes();
        let missing: Vec<_> = emitted.iter().filter(|c| !listed.contains(c)).collect();
        assert!(
            missing.is_empty(),
            "not in the README's check table: {missing:?}"
        );
        let unknown: Vec<_> = listed.iter().filter(|c| !emitted.contains(c)).collect();
        assert!(
            unknown.is_empty(),
            "in the README but not reported by check: {unknown:?}"
        );
        for excluded in NOT_FROM_CHECK {
            assert!(
                every_msg_code().iter().any(|c| c == excluded),
                "{excluded} exists"
            );
        }
    }

    /// The README says which warnings are notes: the same as
    /// [`counts_for_inspection`].
    #[test]
    fn the_readme_marks_the_notes_as_the_code_does() {
        let readme = include_str!("../README.md");
        let notes: Vec<&str> = readme
            .lines()
            .filter(|l| l.starts_with("| `") && l.ends_with("| warning, note |"))
            .filter_map(|l| l.split('`').nth(1))
            .collect();
        let is_note = [
            Msg::NotPublished {
                place: crate::messages::Place::Content,
                why: crate::messages::NotPublishedWhy::HiddenFile,
                ext: String::new(),
                leftover: None,
            },
            Msg::ControlCharsRemoved {
                chars: String::new(),
                count: 1,
            },
            Msg::AuthorNotADelegate {
                name: String::new(),
            },
            Msg::DuplicateHeadingId {
                id: String::new(),
                renamed: String::new(),
            },
            Msg::DeadlineOverdue {
                subject: String::new(),
                task_zh: String::new(),
                task_en: String::new(),
                due: String::new(),
                days: 1,
            },
            Msg::DeadlineSoon {
                subject: String::new(),
                task_zh: String::new(),
                task_en: String::new(),
                due: String::new(),
                days: 1,
            },
        ];
        assert_eq!(notes.len(), is_note.len(), "{notes:?}");
        for m in is_note {
            assert!(!counts_for_inspection(&m));
            assert!(
                notes.contains(&m.code().as_str()),
                "{} in {notes:?}",
                m.code()
            );
        }
        assert!(counts_for_inspection(&Msg::MissingIndexNo));
    }
}
