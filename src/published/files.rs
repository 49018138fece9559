//! Personal data in what is published besides the rendered outputs:
//! published paths, copied text files (`static/`, attachments) and the
//! values of `site.toml`.
//!
//! Left to others: the outputs ([`super::hits::output_hits`]), which files
//! are copied ([`crate::copies`]).

use std::path::{Path, PathBuf};

use super::hits::{hits_in_file, into_diagnostics, scan_text, Hit};
use super::reader::{form_of, Form};
use crate::config::Config;
use crate::content::Content;
use crate::copies::Copies;
use crate::diagnostics::Diagnostic;

/// Extensions of files whose text is scanned (`static/`, attachments).
pub(super) fn is_text_file(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some(
            "txt"
                | "csv"
                | "tsv"
                | "json"
                | "xml"
                | "html"
                | "htm"
                | "svg"
                | "md"
                | "js"
                | "css"
                | "rss"
                | "atom"
        )
    )
}

/// Personal data in what is published besides the rendered outputs: page and
/// section URLs (folder names), every copied file (`static/` folders, files
/// under `content/`: names and text of text files), and `site.toml`.
pub(crate) fn scan_site_files(
    root: &Path,
    config: &Config,
    content: &Content,
    copies: &Copies,
) -> Vec<Diagnostic> {
    let allow = &config.privacy.allow;
    let mut hits = vec![];
    let urls = content.pages.iter().map(|p| (&p.rel_url, &p.file));
    let urls = urls.chain(content.sections.iter().map(|s| (&s.rel_url, &s.file)));
    for (url, file) in urls {
        hits.extend(name_hits(url, allow, file));
    }
    for (published, source) in copies.files() {
        let shown = source.strip_prefix(root).unwrap_or(source);
        hits.extend(name_hits(published, allow, shown));
        if is_text_file(published) {
            if let Ok(text) = std::fs::read_to_string(source) {
                hits.extend(hits_in_file(&text, form_of(published), allow, shown));
            }
        }
    }
    hits.extend(site_toml_hits(root, allow));
    into_diagnostics(hits)
}

/// Hits of a published path (a URL, a copied file's path): at `file`, no line.
pub(super) fn name_hits(path: &str, allow: &[String], file: &Path) -> Vec<Hit> {
    scan_text(path, Form::Plain, allow)
        .into_iter()
        .map(|(number, finding)| Hit {
            number,
            finding,
            path: file.to_path_buf(),
            line: None,
            at_source: true,
            joined: false,
        })
        .collect()
}

/// Every string value of `site.toml` (keys are not published), at its line.
pub(super) fn site_toml_hits(root: &Path, allow: &[String]) -> Vec<Hit> {
    let Ok(text) = std::fs::read_to_string(root.join("site.toml")) else {
        return vec![];
    };
    let Ok(doc) = toml_edit::Document::parse(text.as_str()) else {
        return vec![];
    };
    let mut hits = vec![];
    let mut strings = vec![];
    collect_strings(doc.as_item(), &mut strings);
    for (value, span) in strings {
        let line = span.map(|s| crate::diagnostics::line_of_offset(&text, s.start));
        for (number, finding) in scan_text(&value, Form::Plain, allow) {
            hits.push(Hit {
                number,
                finding,
                path: PathBuf::from("site.toml"),
                line,
                at_source: true,
                joined: false,
            });
        }
    }
    hits
}

pub(super) type Span = Option<std::ops::Range<usize>>;

pub(super) fn collect_strings(item: &toml_edit::Item, out: &mut Vec<(String, Span)>) {
    match item {
        toml_edit::Item::Value(v) => collect_value(v, out),
        toml_edit::Item::Table(t) => t.iter().for_each(|(_, i)| collect_strings(i, out)),
        toml_edit::Item::ArrayOfTables(a) => a
            .iter()
            .for_each(|t| t.iter().for_each(|(_, i)| collect_strings(i, out))),
        toml_edit::Item::None => {}
    }
}

pub(super) fn collect_value(value: &toml_edit::Value, out: &mut Vec<(String, Span)>) {
    match value {
        toml_edit::Value::String(s) => out.push((s.value().clone(), value.span())),
        toml_edit::Value::Array(a) => a.iter().for_each(|v| collect_value(v, out)),
        toml_edit::Value::InlineTable(t) => t.iter().for_each(|(_, v)| collect_value(v, out)),
        _ => {}
    }
}
