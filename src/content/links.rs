//! URLs in front matter that a theme prints as links: a kind table's URL
//! (`[submission] url`, see `KindSpec::link_url`) and the string values of `[extra]` go through the same scheme
//! check as Markdown links ([`crate::sanitize::url_is_safe`]).
//!
//! Left to others: the scheme check itself, and `site.toml` (checked when
//! the config is loaded).

use std::path::Path;

use super::front_matter::Split;
use crate::diagnostics::Diagnostic;
use crate::messages::Msg;
use crate::sanitize::{line_of_value, unsafe_urls_in, url_is_safe};

/// An error for each link whose scheme is not allowed, at the line of the
/// front matter where it is written (else at its first line).
pub(crate) fn unsafe_urls(
    extra: &toml::Table,
    table_url: Option<&str>,
    split: &Split<'_>,
    file: &Path,
) -> Vec<Diagnostic> {
    let in_table = table_url.filter(|u| !url_is_safe(u)).map(str::to_owned);
    in_table
        .into_iter()
        .chain(unsafe_urls_in(extra))
        .map(|url| {
            let line = line_of_value(split.front, &url)
                .map_or(split.front_line, |l| split.front_line + l - 1);
            Diagnostic::error(Msg::UnsafeUrl { url }).at(file, Some(line))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::split;

    #[test]
    fn submission_and_extra_links_are_checked_at_their_line() {
        let text = "+++\ntitle = \"稿\"\n[submission]\nurl = \"javascript:alert(1)\"\n\
                    [extra]\nsite = \"https://ok.example/\"\nmore = [\"tel:123\", \"JAVA\\tSCRIPT:x\"]\n\
                    [extra.deep]\nlink = \"vbscript:x\"\n+++\n正文\n";
        let split = split(text, Path::new("a.md")).expect("split");
        let front: toml::Table = toml::from_str(split.front).expect("toml");
        let extra = front["extra"].as_table().expect("extra").clone();
        let found = unsafe_urls(
            &extra,
            Some("javascript:alert(1)"),
            &split,
            Path::new("a.md"),
        );
        let lines: Vec<Option<usize>> = found.iter().map(|d| d.line).collect();
        // The escaped tab is not found as written: the front matter's first line.
        assert_eq!(lines, [Some(4), Some(9), Some(2)]);
        assert!(unsafe_urls(
            &toml::Table::new(),
            Some("https://x/"),
            &split,
            Path::new("a.md")
        )
        .is_empty());
    }
}
