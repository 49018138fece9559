//! The link check: every `href`, `src` and `srcset` of every published HTML
//! page, read from the output as a link checker walking the uploaded site
//! would, joined to the page's own URL, and looked up in what the build
//! publishes (pages, feeds, copied files, the theme's files, the search
//! index). A link inside the site (same host as `base_url`, or none, and a
//! path under `base_url`'s path) that leads to nothing is an error; so is a
//! `#fragment` that the HTML page it leads to has no `id` for. `/dir/` means
//! `/dir/index.html`, and `/dir` is fine when `/dir/index.html` exists (a
//! server redirects it).
//!
//! Each problem is reported where it can be fixed: at the Markdown line the
//! link was written on (found by its published form, see
//! [`crate::markdown::LinkRef`]), else at the line of the source file that
//! holds it as written (raw HTML), else at the page's file (a link a
//! template made from front matter), else at the output file of a page
//! gongkai makes (a listing: a theme's link).
//!
//! Also here, since it is the same promise: a `report` file named in an
//! evaluation that is not published beside the page, at its line.
//!
//! Left to others: rendering (the callers hand over each output's bytes),
//! what a Markdown link becomes ([`crate::links`]), links to other sites
//! (never fetched).

use crate::diagnostics::Diagnostic;
use crate::messages::Msg;
use crate::published::Found;
use crate::render::{Job, Output};
use crate::site::Site;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The ids and links of an output, if it is HTML (the build reads them in
/// the privacy scan's pass: `crate::published::reader_text_and_links`).
#[cfg(test)]
fn scan(path: &str, bytes: &[u8]) -> Option<Found> {
    if crate::published::form_of(path) != crate::published::Form::Html {
        return None;
    }
    let html = String::from_utf8_lossy(bytes);
    Some(crate::published::reader_text_and_links(&html).1)
}

/// The paths of the output (`news/a/index.html`, `css/style.css`): what a
/// link may lead to.
struct Published<'a> {
    files: HashSet<String>,
    /// Ids of each HTML output.
    ids: HashMap<&'a str, &'a HashSet<String>>,
    search: bool,
}

impl Published<'_> {
    /// The output a site path (decoded, under the base path) leads to.
    fn target(&self, rel: &str) -> Option<String> {
        let file = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        if self.files.contains(&file)
            || (self.search && file.starts_with(crate::render::SEARCH_DIR))
        {
            return Some(file);
        }
        let index = format!("{rel}/index.html");
        self.files.contains(&index).then_some(index)
    }
}

/// Every dead link and anchor of the `found` outputs (by index in
/// `site.outputs`), and every evaluation `report` file not published.
pub(crate) fn check(
    site: &Site,
    found: &[(usize, Found)],
    shown: &Path,
) -> (Vec<Diagnostic>, LinkCounts) {
    let mut counts = LinkCounts::default();
    let Ok(base) = url::Url::parse(&site.config().base_url) else {
        return (vec![], counts);
    };
    let mut files: HashSet<String> = site.outputs().iter().map(|o| o.path.clone()).collect();
    files.extend(site.copies().published_paths());
    let published = Published {
        files,
        ids: found
            .iter()
            .map(|(i, f)| (site.outputs()[*i].path.as_str(), &f.ids))
            .collect(),
        search: site.config().search.enabled,
    };
    let mut seen = HashSet::new();
    let mut out = vec![];
    // Most links are paths from the host, the same on every page (the
    // theme's menu and footer): judged once each.
    let mut judged: HashMap<&str, Judged> = HashMap::new();
    for (i, f) in found {
        let output = &site.outputs()[*i];
        let Ok(page_url) = base.join(&output.path) else {
            continue;
        };
        for link in &f.links {
            let from_host = link.starts_with('/') && !link.starts_with("//");
            let judged = if from_host {
                judged
                    .entry(link)
                    .or_insert_with(|| judge(&base, &page_url, link, &published))
                    .clone()
            } else {
                judge(&base, &page_url, link, &published)
            };
            let (file, msg) = match judged {
                Judged::Outside => continue,
                Judged::Fine { file } => (file, None),
                Judged::Wrong { file, msg } => (file, Some(msg)),
            };
            if file {
                counts.attachments_checked += 1;
            } else {
                counts.links_checked += 1;
            }
            let Some(msg) = msg else {
                continue;
            };
            let Some(d) = locate(site, output, link, msg, shown) else {
                continue;
            };
            if seen.insert((d.path.clone(), d.line, d.msg.clone())) {
                out.push(d);
            }
        }
    }
    out.extend(missing_reports(site, &mut counts));
    (out, counts)
}

/// What the link check looked at, for `check`'s summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct LinkCounts {
    /// Links inside the site to pages (and their anchors), each occurrence.
    pub links_checked: usize,
    /// Links inside the site to files (attachments, images, 述职报告).
    pub attachments_checked: usize,
}

/// A link as the check judged it.
#[derive(Debug, Clone)]
enum Judged {
    /// To another site: never fetched.
    Outside,
    /// Inside the site and found; `file`: not a page (an attachment, an image).
    Fine { file: bool },
    /// Inside the site and dead, or its anchor missing.
    Wrong { file: bool, msg: Msg },
}

/// What is wrong with `link` on the page at `page_url`, if anything.
fn judge(base: &url::Url, page_url: &url::Url, link: &str, published: &Published) -> Judged {
    let Ok(url) = page_url.join(link) else {
        return Judged::Outside;
    };
    let inside = matches!(url.scheme(), "http" | "https")
        && url.host_str() == base.host_str()
        && url.port_or_known_default() == base.port_or_known_default();
    let Some(rel) = url.path().strip_prefix(base.path()).filter(|_| inside) else {
        return Judged::Outside;
    };
    let rel = crate::links::percent_decode(rel);
    let file = !(rel.is_empty() || rel.ends_with('/') || rel.ends_with(".html"));
    match problem(&url, link, &rel, published) {
        Some(msg) => Judged::Wrong { file, msg },
        None => Judged::Fine { file },
    }
}

/// What is wrong with `link` (`url` joined, `rel` its path under the base).
fn problem(url: &url::Url, link: &str, rel: &str, published: &Published) -> Option<Msg> {
    let shown_url = || crate::links::percent_decode(url.path());
    let Some(target) = published.target(rel) else {
        return Some(Msg::DeadLink {
            target: link.to_string(),
            url: shown_url(),
        });
    };
    let fragment = crate::links::percent_decode(url.fragment().unwrap_or_default());
    let ids = published.ids.get(target.as_str())?;
    let known =
        fragment.is_empty() || fragment.eq_ignore_ascii_case("top") || ids.contains(&fragment);
    (!known).then(|| Msg::BrokenAnchor {
        target: link.to_string(),
        fragment,
    })
}

/// The problem at the place it can be fixed (see the module comment);
/// None for a link to a page that does not exist, which rendering reported.
fn locate(site: &Site, output: &Output, link: &str, msg: Msg, shown: &Path) -> Option<Diagnostic> {
    let content = site.content();
    let (pages, sections) = (&site.bodies().pages, &site.bodies().sections);
    let body = match output.job {
        Job::Page(i) => Some((&content.pages[i].file, &pages[i])),
        Job::Section { section, pager: 1 } => {
            Some((&content.sections[section].file, &sections[section]))
        }
        _ => None,
    };
    let decoded = crate::links::percent_decode(link);
    let written = |b: &crate::render::RenderedBody| {
        b.links
            .iter()
            .find(|l| l.href == link || crate::links::percent_decode(&l.href) == decoded)
            .map(|l| (l.line, l.dest.clone()))
    };
    // A link of a page's body, wherever it is shown (listings show summaries).
    let from_body = body
        .and_then(|(file, b)| Some((file, written(b)?)))
        .or_else(|| {
            let all = content.pages.iter().zip(pages);
            let all = all
                .map(|(p, b)| (&p.file, b))
                .chain(content.sections.iter().map(|s| &s.file).zip(sections));
            all.into_iter()
                .find_map(|(file, b)| Some((file, written(b)?)))
        });
    if let Some((file, (line, dest))) = from_body {
        if crate::links::is_page_link(&dest) && matches!(msg, Msg::DeadLink { .. }) {
            return None;
        }
        return Some(Diagnostic::error(with_target(msg, dest)).at(file, Some(line)));
    }
    Some(match body {
        Some((file, _)) => {
            let line = line_holding(&site.root().join(file), link);
            Diagnostic::error(msg).at(file, line)
        }
        None => Diagnostic::error(msg).at(shown.join(&output.path), None),
    })
}

/// `msg` naming the destination as the user wrote it.
fn with_target(msg: Msg, dest: String) -> Msg {
    match msg {
        Msg::DeadLink { url, .. } => Msg::DeadLink { target: dest, url },
        Msg::BrokenAnchor { fragment, .. } => Msg::BrokenAnchor {
            target: dest,
            fragment,
        },
        other => other,
    }
}

/// The first line of `file` that holds `text` as written.
fn line_holding(file: &Path, text: &str) -> Option<usize> {
    let source = std::fs::read_to_string(file).ok()?;
    source.lines().position(|l| l.contains(text)).map(|i| i + 1)
}

/// A file named in a kind table (an evaluation unit's `report = "…"`) that
/// is not published from the page's folder: an error at the line of that entry.
fn missing_reports(site: &Site, counts: &mut LinkCounts) -> Vec<Diagnostic> {
    let mut out = vec![];
    for p in &site.content().pages {
        for (field, name) in crate::content::kinds::attachments(&p.front) {
            counts.attachments_checked += 1;
            if crate::render::context::attachment(site.content(), p, name).is_some() {
                continue;
            }
            let line = report_line(&site.root().join(&p.file), field, name);
            out.push(
                Diagnostic::error(Msg::MissingAttachment {
                    name: name.to_string(),
                })
                .at(&p.file, line),
            );
        }
    }
    out
}

/// The line of `field = "name"` in a page's file.
fn report_line(file: &Path, field: &str, name: &str) -> Option<usize> {
    let text = std::fs::read_to_string(file).ok()?;
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.starts_with(field)
                && l.trim_start_matches(field).trim_start().starts_with('=')
                && l.contains(name)
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_links_are_read_from_markup_only() {
        let html = r##"<html><head><link href="/rd/css/style.css" rel="stylesheet">
<script>var x = '<a href="/not-a-link/">';</script></head>
<body><h2 id="第二节">二</h2><a name="old"></a>
<img src="/rd/a.png" srcset="/rd/a-2x.png 2x, /rd/a-3x.png 3x" alt="">
<a href="#第二节">跳</a><a href=" /rd/b/ ">b</a></body></html>"##;
        let found = scan("x/index.html", html.as_bytes()).expect("html");
        assert_eq!(
            found.links,
            [
                "/rd/css/style.css",
                "/rd/a.png",
                "/rd/a-2x.png",
                "/rd/a-3x.png",
                "#第二节",
                "/rd/b/"
            ]
        );
        assert!(found.ids.contains("第二节") && found.ids.contains("old"));
        assert!(scan("rss.xml", b"<link href=\"/x\"/>").is_none());
    }

    fn published(files: &[&str]) -> Published<'static> {
        Published {
            files: files.iter().map(|f| f.to_string()).collect(),
            ids: HashMap::new(),
            search: false,
        }
    }

    fn wrong(judged: Judged) -> Option<Msg> {
        match judged {
            Judged::Wrong { msg, .. } => Some(msg),
            Judged::Outside | Judged::Fine { .. } => None,
        }
    }

    #[test]
    fn links_are_counted_as_pages_or_files() {
        let base = url::Url::parse("https://x.gov.cn/rd/qingxi/").expect("url");
        let page = base.join("news/a/index.html").expect("page");
        let site = published(&["news/index.html", "images/pingyi.png"]);
        let judged = |link: &str| judge(&base, &page, link, &site);
        assert!(matches!(
            judged("/rd/qingxi/news/"),
            Judged::Fine { file: false }
        ));
        assert!(matches!(
            judged("../../images/pingyi.png"),
            Judged::Fine { file: true }
        ));
        assert!(matches!(
            judged("../../images/x.png"),
            Judged::Wrong { file: true, .. }
        ));
        assert!(matches!(
            judged("/rd/qingxi/x/"),
            Judged::Wrong { file: false, .. }
        ));
        assert!(matches!(judged("https://other.gov.cn/"), Judged::Outside));
    }

    #[test]
    fn links_are_joined_to_the_page_and_looked_up() {
        let base = url::Url::parse("https://x.gov.cn/rd/qingxi/").expect("url");
        let page = base.join("news/a/index.html").expect("page");
        let site = published(&[
            "news/a/index.html",
            "news/index.html",
            "images/pingyi.png",
            "news/会议.pdf",
        ]);
        let dead = |link: &str| wrong(judge(&base, &page, link, &site)).is_some();
        for ok in [
            "/rd/qingxi/images/pingyi.png",
            "../../images/pingyi.png",
            "/rd/qingxi/news/",
            "/rd/qingxi/news",
            "./",
            "https://x.gov.cn/rd/qingxi/news/",
            "/rd/qingxi/news/%E4%BC%9A%E8%AE%AE.pdf",
            "/rd/qingxi/news/会议.pdf",
            // Not this site: other hosts, other paths of the host, schemes.
            "https://other.gov.cn/x/",
            "/other/",
            "http://x.gov.cn:8080/rd/qingxi/x",
            "mailto:renda@example.gov.cn",
            "tel:0578-1234567",
            "#anything",
        ] {
            assert!(!dead(ok), "{ok}");
        }
        for bad in [
            "/rd/qingxi/inspections/2025-shicha/",
            "jiancha-fangan.pdf",
            "/rd/qingxi/images/missing.png",
            "b.md",
        ] {
            assert!(dead(bad), "{bad}");
        }
    }

    #[test]
    fn fragments_are_checked_on_html_targets() {
        let base = url::Url::parse("https://x.gov.cn/").expect("url");
        let page = base.join("a/index.html").expect("page");
        let ids: HashSet<String> = ["第二节".to_string()].into_iter().collect();
        let mut site = published(&["a/index.html", "b.pdf"]);
        site.ids.insert("a/index.html", &ids);
        let msg = |link: &str| wrong(judge(&base, &page, link, &site));
        assert!(msg("#第二节").is_none());
        assert!(msg("/a/#%E7%AC%AC%E4%BA%8C%E8%8A%82").is_none());
        assert!(msg("#top").is_none());
        assert!(msg("/b.pdf#page=2").is_none());
        assert!(matches!(msg("/a/#第三节"), Some(Msg::BrokenAnchor { .. })));
    }

    #[test]
    fn report_lines_are_found() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("a.md");
        std::fs::write(
            &file,
            "+++\n[report]\n[[evaluation.units]]\nname = \"所\"\nreporter = \"x\"\nreport = \"pcs.pdf\"\n+++\n",
        )
        .expect("write");
        assert_eq!(report_line(&file, "report", "pcs.pdf"), Some(6));
        assert_eq!(report_line(&file, "report", "other.pdf"), None);
    }
}
