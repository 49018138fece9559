//! Diagnostics: every problem a user can cause, with where it is.
//!
//! A [`Diagnostic`] carries a file, a line and a [`Msg`]; the text of the
//! message lives in `messages.rs`, in Chinese and English. Stages collect
//! diagnostics into a [`Diagnostics`] list instead of stopping at the first
//! one, so a build reports every error at once. Printing shows the offending
//! line of the file under the message, as compilers do.

use crate::messages::{Lang, Msg};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the problem is in, as the user would type it (relative to the site root when possible).
    pub path: Option<PathBuf>,
    /// 1-based line in `path`.
    pub line: Option<usize>,
    /// Boxed: messages carry several strings, and a diagnostic travels in every `Result`.
    pub msg: Box<Msg>,
}

impl Diagnostic {
    pub fn error(msg: Msg) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: None,
            line: None,
            msg: Box::new(msg),
        }
    }

    pub fn warning(msg: Msg) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(msg)
        }
    }

    pub fn at(mut self, path: impl Into<PathBuf>, line: Option<usize>) -> Self {
        self.path = Some(path.into());
        self.line = line;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line: 错误：message`, followed by the offending line when the file can be read.
    pub fn render(&self, lang: Lang, root: &Path) -> String {
        let mut out = String::new();
        let label = match (self.severity, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Warning, Lang::En) => "warning",
        };
        if let Some(path) = &self.path {
            let _ = write!(out, "{}", display_path(path, root));
            if let Some(line) = self.line {
                let _ = write!(out, ":{line}");
            }
            out.push_str(": ");
        }
        let colon = if lang == Lang::Zh { "：" } else { ": " };
        let _ = write!(out, "{label}{colon}{}", self.msg.text(lang));
        if let (Some(path), Some(line)) = (&self.path, self.line) {
            if let Some(mut text) = source_line(&root.join(path), line) {
                if matches!(*self.msg, Msg::PersonalData { .. }) {
                    // The message must not repeat the number it warns about.
                    text = mask_personal_data(&text);
                }
                if matches!(*self.msg, Msg::PersonalDataPublished { .. }) {
                    // Split by markup or invisible characters, the number has
                    // no one place to mask: every digit of the line is hidden.
                    text = crate::privacy::hide_digits(&text);
                }
                let _ = write!(out, "\n  {line:>4} | {text}");
            }
        }
        out
    }
}

fn mask_personal_data(line: &str) -> String {
    let mut out = line.to_string();
    for f in crate::privacy::scan(line, &[]).into_iter().rev() {
        out.replace_range(f.start..f.end, &f.masked);
    }
    out
}

/// A path relative to the site root, with `/` separators, for messages.
pub fn display_path(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

fn source_line(path: &Path, line: usize) -> Option<String> {
    let text = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&text);
    let found = text.lines().nth(line.checked_sub(1)?)?;
    let found = found.trim_start_matches('\u{feff}').trim_end();
    // Long lines (a whole paragraph) are cut so the message stays readable.
    Some(found.chars().take(120).collect())
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Sorted by file then line, errors before warnings, so output is stable across parallel runs.
    pub fn sorted(mut self) -> Self {
        self.items
            .sort_by(|a, b| (&a.path, a.line, a.severity).cmp(&(&b.path, b.line, b.severity)));
        self
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

/// 1-based line of a byte offset in `text`.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_of_offset_counts_newlines_before() {
        assert_eq!(line_of_offset("a\nb\nc", 0), 1);
        assert_eq!(line_of_offset("a\nb\nc", 2), 2);
        assert_eq!(line_of_offset("a\nb\nc", 4), 3);
        assert_eq!(line_of_offset("a\nb", 99), 2);
    }

    #[test]
    fn render_shows_path_line_and_source() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.md"), "+++\ntitle = 3\n+++\n").expect("write");
        let d = Diagnostic::error(Msg::MissingTitle).at("a.md", Some(2));
        let text = d.render(Lang::Zh, dir.path());
        assert!(text.starts_with("a.md:2: 错误："), "{text}");
        assert!(text.contains("   2 | title = 3"), "{text}");
    }

    #[test]
    fn sorted_orders_by_path_then_line() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::error(Msg::MissingTitle).at("b.md", Some(1)));
        ds.push(Diagnostic::error(Msg::MissingTitle).at("a.md", Some(9)));
        ds.push(Diagnostic::error(Msg::MissingTitle).at("a.md", Some(2)));
        let lines: Vec<_> = ds
            .sorted()
            .items
            .iter()
            .map(|d| (d.path.clone(), d.line))
            .collect();
        assert_eq!(lines[0], (Some("a.md".into()), Some(2)));
        assert_eq!(lines[2], (Some("b.md".into()), Some(1)));
    }
}
