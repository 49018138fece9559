//! Where a link written in Markdown goes once the site is uploaded: the one
//! rule that turns each destination into the URL that is published.
//!
//! - `@/news/a.md#frag`: the page or section at that path under `content/`.
//! - `b.md`, `../news/b.md`, `b/index.md`, `/news/b.md` (any destination
//!   whose path ends in `.md`): the same, the path taken from the Markdown
//!   file's own folder (from `content/` when it starts with `/`). A page that
//!   does not exist is [`Resolved::Broken`] (an error at its line).
//! - Other destinations starting with `/` are paths from the site root, which
//!   is `base_url`'s path: `/images/x.png` becomes `/rd/qingxi/images/x.png`.
//! - Other relative destinations are taken from the Markdown file's folder
//!   too: a file published from there (an attachment beside `index.md`, a
//!   file beside a single-file page, a folder's page) gets the URL where it is
//!   published; anything else is resolved against the page's own URL, as a
//!   browser would (and the output check says if nothing is there).
//! - `#fragment` alone is the page's own URL with it, so that it still leads
//!   there from a listing that shows the page's summary.
//! - A URL with a scheme (`https:`, `mailto:`, `tel:`), `//host/…`, and a
//!   `?query` alone are published as written.
//!
//! Every URL made here is a path from the host (`/rd/qingxi/…`), so a body
//! means the same in a listing, a feed or the page itself. Query and
//! fragment are kept.
//!
//! Left to others: knowing what is published where (the `lookup` of
//! [`Linker`], made by `render`), and whether the URL leads anywhere once
//! the site is built (the `linkcheck` module, which reads the output).

use crate::markdown::Resolved;

/// The rule of this module for one Markdown file.
pub(crate) struct Linker<'a> {
    /// `base_url`'s path: `/` or `/rd/qingxi/`.
    pub(crate) base_path: &'a str,
    /// The Markdown file's folder under `content/`: `""`, `news`, `news/a`.
    pub(crate) dir: &'a str,
    /// The URL of the page the body is shown on: `/rd/qingxi/news/a/`.
    pub(crate) page_url: &'a str,
    /// A path under `content/` (`news/a.md`, `news/_index.md`,
    /// `news/fangan.pdf`) → the URL where it is published.
    pub(crate) lookup: &'a dyn Fn(&str) -> Option<String>,
}

impl Linker<'_> {
    /// What `dest` is published as.
    pub(crate) fn resolve(&self, dest: &str) -> Resolved {
        if let Some(rest) = dest.strip_prefix("@/") {
            let (path, suffix) = split_suffix(rest);
            return self.page(&percent_decode(path), suffix);
        }
        // `#第二节` is this page's, also where its summary is shown (a listing).
        if dest.len() > 1 && dest.starts_with('#') {
            return Resolved::Url(format!("{}{dest}", self.page_url));
        }
        if dest.is_empty() || is_left_alone(dest) {
            return Resolved::AsWritten;
        }
        let (path, suffix) = split_suffix(dest);
        let decoded = percent_decode(path);
        let rooted = decoded.starts_with('/');
        let from = if rooted { "" } else { self.dir };
        let Some(source) = join(from, &decoded) else {
            // Above `content/`: no page or file of the site is there.
            if is_markdown(&decoded) {
                return Resolved::Broken;
            }
            return self.browser(dest);
        };
        if is_markdown(&source) {
            return self.page(&source, suffix);
        }
        if rooted {
            return Resolved::Url(format!("{}{}{suffix}", self.base_path, &path[1..]));
        }
        match self.file(&source) {
            Some(url) => Resolved::Url(format!("{url}{suffix}")),
            None => self.browser(dest),
        }
    }

    /// The page or section at `path` under `content/`, with `suffix`.
    fn page(&self, path: &str, suffix: &str) -> Resolved {
        match (self.lookup)(path).filter(|_| !path.is_empty()) {
            Some(url) => Resolved::Url(format!("{url}{}", fragment_only(suffix))),
            None => Resolved::Broken,
        }
    }

    /// A file published from `source` (a path under `content/`), or the page
    /// of the folder `source` names.
    fn file(&self, source: &str) -> Option<String> {
        if source.is_empty() || source.ends_with('/') {
            let dir = source;
            return (self.lookup)(&format!("{dir}_index.md"))
                .or_else(|| (self.lookup)(&format!("{dir}index.md")));
        }
        (self.lookup)(source).or_else(|| self.file(&format!("{source}/")))
    }

    /// `dest` joined to the page's URL as a browser does; as written if it
    /// cannot be.
    fn browser(&self, dest: &str) -> Resolved {
        let base = url::Url::parse("http://site.invalid/").and_then(|b| b.join(self.page_url));
        match base.and_then(|b| b.join(dest)) {
            Ok(url) if url.host_str() == Some("site.invalid") => {
                let mut out = url.path().to_string();
                if let Some(q) = url.query() {
                    out.push('?');
                    out.push_str(q);
                }
                if let Some(f) = url.fragment() {
                    out.push('#');
                    out.push_str(f);
                }
                Resolved::Url(out)
            }
            _ => Resolved::AsWritten,
        }
    }
}

/// Whether `dest` names a page by its file (`@/…`, `….md`): when there is
/// no such page, rendering reports it ([`Resolved::Broken`]).
pub(crate) fn is_page_link(dest: &str) -> bool {
    dest.starts_with("@/") || (!is_left_alone(dest) && is_markdown(split_suffix(dest).0))
}

/// The path under `content/` a page link names (`@/news/a.md#x`, `../b.md`),
/// taken from `dir`: what `unpublished` and `unreadable` list.
pub(crate) fn page_target(dest: &str, dir: &str) -> String {
    let (path, from) = match dest.strip_prefix("@/") {
        Some(rest) => (rest, ""),
        None => (dest, dir),
    };
    let path = percent_decode(split_suffix(path).0);
    join(from, &path).unwrap_or(path)
}

/// A URL with a scheme, a network path, or a fragment or query alone.
fn is_left_alone(dest: &str) -> bool {
    dest.starts_with('#')
        || dest.starts_with('?')
        || dest.starts_with("//")
        || crate::sanitize::url_scheme(dest).is_some()
}

/// `path?query#fragment` → (`path`, `?query#fragment`).
fn split_suffix(dest: &str) -> (&str, &str) {
    let at = dest.find(['?', '#']).unwrap_or(dest.len());
    dest.split_at(at)
}

/// A page's URL takes the fragment of a link to it, not a query.
fn fragment_only(suffix: &str) -> &str {
    match suffix.find('#') {
        Some(i) if i + 1 < suffix.len() => &suffix[i..],
        _ => "",
    }
}

fn is_markdown(path: &str) -> bool {
    path.len() > 3 && path.is_char_boundary(path.len() - 3) && {
        let ext = &path[path.len() - 3..];
        ext.eq_ignore_ascii_case(".md")
    }
}

/// `path` taken from the folder `dir` (both under `content/`), with `.` and
/// `..` worked out; a trailing `/` is kept. None when it leaves `content/`.
pub(crate) fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = if path.starts_with('/') {
        vec![]
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    let mut folder = path.is_empty();
    for seg in path.split('/') {
        folder = matches!(seg, "" | "." | "..");
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            seg => parts.push(seg),
        }
    }
    let mut out = parts.join("/");
    if folder && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

pub(crate) fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(path: &str) -> Option<String> {
        let url = match path {
            "news/b.md" => "/rd/news/b/",
            "news/_index.md" => "/rd/news/",
            "_index.md" => "/rd/",
            "news/c/index.md" => "/rd/news/c-slug/",
            "news/c/fu.pdf" => "/rd/news/c-slug/fu.pdf",
            "news/fangan.pdf" => "/rd/news/fangan.pdf",
            "news/会议 纪要.docx" => "/rd/news/会议 纪要.docx",
            _ => return None,
        };
        Some(url.to_string())
    }

    fn resolve(dir: &str, page_url: &str, dest: &str) -> Resolved {
        Linker {
            base_path: "/rd/",
            dir,
            page_url,
            lookup: &lookup,
        }
        .resolve(dest)
    }

    fn url(s: &str) -> Resolved {
        Resolved::Url(s.to_string())
    }

    #[test]
    fn markdown_files_are_pages() {
        let at = |d| resolve("news", "/rd/news/a/", d);
        assert_eq!(at("b.md"), url("/rd/news/b/"));
        assert_eq!(at("b.md#第二节"), url("/rd/news/b/#第二节"));
        assert_eq!(at("./c/index.md"), url("/rd/news/c-slug/"));
        assert_eq!(at("../news/b.md"), url("/rd/news/b/"));
        assert_eq!(at("/news/b.md"), url("/rd/news/b/"));
        assert_eq!(at("@/news/b.md#x"), url("/rd/news/b/#x"));
        assert_eq!(at("_index.md"), url("/rd/news/"));
        assert_eq!(at("gone.md"), Resolved::Broken);
        assert_eq!(at("@/gone.md"), Resolved::Broken);
        assert_eq!(at("@/"), Resolved::Broken);
        assert_eq!(at("../../b.md"), Resolved::Broken);
    }

    #[test]
    fn files_are_where_they_are_published() {
        // A single-file page: the file beside it, not under its URL.
        let at = |d| resolve("news", "/rd/news/a/", d);
        assert_eq!(at("fangan.pdf"), url("/rd/news/fangan.pdf"));
        assert_eq!(at("fangan.pdf#page=2"), url("/rd/news/fangan.pdf#page=2"));
        assert_eq!(at("c/fu.pdf"), url("/rd/news/c-slug/fu.pdf"));
        assert_eq!(
            at("%E4%BC%9A%E8%AE%AE%20%E7%BA%AA%E8%A6%81.docx"),
            url("/rd/news/会议 纪要.docx")
        );
        assert_eq!(at("c/"), url("/rd/news/c-slug/"));
        assert_eq!(at("c"), url("/rd/news/c-slug/"));
        assert_eq!(at("./"), url("/rd/news/"));
        assert_eq!(at("../"), url("/rd/"));
        // A bundle page: its own attachments.
        assert_eq!(
            resolve("news/c", "/rd/news/c-slug/", "fu.pdf"),
            url("/rd/news/c-slug/fu.pdf")
        );
        // Nothing published there: as a browser reads it from the page.
        assert_eq!(at("missing.pdf"), url("/rd/news/a/missing.pdf"));
        assert_eq!(at("../x/"), url("/rd/news/x/"));
    }

    #[test]
    fn root_paths_start_at_base_url() {
        let at = |d| resolve("news", "/rd/news/a/", d);
        assert_eq!(at("/images/pingyi.png"), url("/rd/images/pingyi.png"));
        assert_eq!(at("/inspections/2025/"), url("/rd/inspections/2025/"));
        assert_eq!(at("/"), url("/rd/"));
    }

    #[test]
    fn urls_and_fragments_are_left_alone() {
        let at = |d| resolve("news", "/rd/news/a/", d);
        for dest in [
            "https://example.gov.cn/x.pdf",
            "mailto:renda@example.gov.cn",
            "tel:0578-1234567",
            "//cdn.example/x.js",
            "#",
            "?q=1",
            "",
        ] {
            assert_eq!(at(dest), Resolved::AsWritten, "{dest}");
        }
    }

    #[test]
    fn a_fragment_alone_is_the_page_s_own() {
        let at = |d| resolve("news", "/rd/news/a/", d);
        assert_eq!(at("#第二节"), url("/rd/news/a/#第二节"));
    }

    #[test]
    fn joins_work_out_dots() {
        assert_eq!(join("news", "a/../b.pdf").as_deref(), Some("news/b.pdf"));
        assert_eq!(join("news", "..").as_deref(), Some(""));
        assert_eq!(join("news", "../").as_deref(), Some(""));
        assert_eq!(join("news", "x/.").as_deref(), Some("news/x/"));
        assert_eq!(join("", "..").as_deref(), None);
        assert_eq!(join("a", "/b/c").as_deref(), Some("b/c"));
    }
}
