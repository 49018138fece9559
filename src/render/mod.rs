//! Rendering: Markdown bodies to HTML, then every output of the site (pages,
//! section listings, taxonomies, archive, feeds, sitemap, 404) through the
//! theme's templates, in parallel.
//!
//! The stages, one file each, in the order a build runs them:
//! [`bodies`] (Markdown to HTML), [`plan`] (every output and its job, URL
//! collisions, the sitemap's entries), [`choice`] (each page's and
//! section's template), [`prepared`] (what every context draws on, once per
//! build: page summaries, `site`, the navigation), then per output
//! `contexts` fills its typed view ([`views`]: the template context,
//! defined once; `context` makes a page's summary and `site`; `congress`
//! the units, delegates and statistics), [`renderer`] renders it through
//! `templates`, and [`deps`] hashes the same view into what the output
//! shows of the pages, for `serve`'s incremental rebuild. Writing the files
//! is left to `output.rs` through the `write` callback.

mod bodies;
mod catalog;
mod choice;
mod congress;
pub mod context;
mod contexts;
mod csv_table;
pub mod deps;
mod disclosure_reports;
mod gov_meta;
mod ledger;
mod notices;
mod plan;
mod prepared;
mod renderer;
pub(crate) mod summary;
pub mod templates;
mod views;

pub(crate) use bodies::source_dir;
pub use bodies::{render_bodies, render_page_body, Bodies, RenderedBody};
pub use choice::{choose_page_template, choose_templates, TemplateChoice};
pub(crate) use plan::source_of;
pub use plan::{plan, Job, Output};
pub use prepared::Prepared;
pub use renderer::Renderer;

use crate::config::Config;
use crate::content::Content;
use crate::derive::Derived;

/// Where the search page and its index are written, relative to the output
/// folder (the search index is written by `search`, which imports this).
pub const SEARCH_DIR: &str = "search/";

/// Where the 网站地图 page is written (issue 24, FRAME part); `sitemap.xml`
/// is the crawlers' list, this page the readers'.
pub(crate) const SITE_MAP_DIR: &str = "wangzhanditu/";

/// Name → URL of every unit and delegate (see [`Prepared::links`]).
pub fn congress_links(
    derived: &Derived,
    config: &Config,
    content: &Content,
) -> crate::content::kinds::Links {
    congress::links(derived, config, content)
}

#[cfg(test)]
mod testing {
    //! For unit tests of `render`: a site written into a temp folder, or an
    //! existing one, loaded as `build` loads it, and a function of its renderer.

    use crate::config::Config;
    use crate::content::{self, LoadOptions};
    use crate::diagnostics::Diagnostics;
    use crate::render::templates::Templates;
    use crate::render::{choose_templates, plan, render_bodies, Output, Prepared, Renderer};
    use std::path::Path;

    /// A site of `files` (path under the root, text) in a temp folder.
    pub(crate) fn write_site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tmp");
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        dir
    }

    /// Loads the site at `root` and calls `f` with its renderer and outputs.
    pub(crate) fn with_renderer<T>(
        root: &Path,
        f: impl FnOnce(&Renderer<'_>, &[Output]) -> T,
    ) -> T {
        let config = Config::load_all(root, None).expect("config");
        let (mut content, _) = content::load(root, &config, LoadOptions { drafts: false });
        crate::derive::sort_sections(&mut content);
        let derived = crate::derive::derive(&content, &config.submissions.delegates);
        let mut diags = Diagnostics::default();
        let bodies = render_bodies(&content, &config, &mut diags);
        let (outputs, _) = plan(&content, &derived, &config);
        let templates =
            Templates::load(root, &config.theme).unwrap_or_else(|_| panic!("templates"));
        let chosen = choose_templates(&content, &templates, &mut diags);
        let mut prepared = Prepared::new(
            &config,
            &content,
            &derived,
            &bodies.pages,
            &outputs,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap_or_default(),
        );
        prepared
            .render_cached(&templates)
            .expect("cached templates");
        let renderer = Renderer::new(
            &config, &content, &derived, &templates, &bodies, &chosen, &prepared,
        );
        f(&renderer, &outputs)
    }
}

#[cfg(test)]
mod context_doc {
    //! `docs/template-context.md` checked against the views (`views`): every
    //! name a template of the demo site or of the `kinds` fixture receives is
    //! documented, and every documented name is received by some template (the
    //! doc's first paragraph says how its tables are read). Tests only.

    use std::collections::BTreeSet;

    /// Values whose insides are not the views' (the kinds' JSON, `extra`
    /// as written, the cached parts by template name) or are summaries
    /// documented as `page` (the pages of listings), and `toc`'s nesting.
    fn opaque(path: &str) -> bool {
        const KINDS: [&str; 6] = [
            "inspection",
            "evaluation",
            "submission",
            "report",
            "delegate",
            "suggestion",
        ];
        const CONGRESS: [&str; 8] = [
            "suggestions",
            "submissions",
            "reports",
            "people",
            "units",
            "unit",
            "person",
            "stats",
        ];
        path.ends_with(".extra")
            || path.ends_with(".children")
            || CONGRESS.contains(&path)
            || [
                "site.cached",
                "paginator.pages",
                "feed.pages",
                "latest.*.pages",
            ]
            .contains(&path)
            || KINDS.iter().any(|k| path == format!("page.{k}"))
    }

    /// Every path of `v` under `path` (lists stand for their items).
    fn walk(v: &serde_json::Value, path: &str, out: &mut BTreeSet<String>) {
        use serde_json::Value;
        match v {
            Value::Array(items) => items.iter().for_each(|x| walk(x, path, out)),
            Value::Object(map) if !opaque(path) => {
                for (k, x) in map {
                    let key = if path == "latest" { "*" } else { k.as_str() };
                    let p = if path.is_empty() {
                        key.to_string()
                    } else {
                        format!("{path}.{key}")
                    };
                    out.insert(p.clone());
                    walk(x, &p, out);
                }
            }
            _ => {}
        }
    }

    /// The names `{a, b: {c}, d: [{e}]}` lists, under `prefix`.
    fn fields(spec: &str, prefix: &str, out: &mut BTreeSet<String>) {
        let inner = spec
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim();
        let Some(inner) = inner.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
            return;
        };
        let (mut depth, mut start) = (0, 0);
        let mut parts = vec![];
        for (i, c) in inner.char_indices() {
            match c {
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&inner[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&inner[start..]);
        for part in parts {
            let (name, rest) = part.split_once(':').unwrap_or((part, ""));
            let name = name.trim();
            let name = if name == "SLUG" { "*" } else { name };
            let path = format!("{prefix}.{name}");
            out.insert(path.clone());
            fields(rest, &path, out);
        }
    }

    /// The code spans of a table cell.
    fn code_spans(cell: &str) -> Vec<&str> {
        cell.split('`').skip(1).step_by(2).collect()
    }

    /// Every name the doc's tables document.
    fn documented(doc: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut prefix: Option<String> = None;
        for line in doc.lines() {
            if line.starts_with("|--") {
                continue;
            }
            let cells: Vec<&str> = line.split(" | ").collect();
            if !line.starts_with('|') || cells.len() < 2 {
                prefix = None;
                continue;
            }
            let head = cells[0].trim_start_matches('|').trim();
            if head == "variable" {
                prefix = Some(String::new());
                continue;
            }
            if let Some(of) = head.strip_prefix("field of ") {
                let of = of.trim_matches('`');
                out.insert(of.to_string());
                prefix = Some(format!("{of}."));
                continue;
            }
            let Some(prefix) = &prefix else { continue };
            let mut last = String::new();
            for name in code_spans(head) {
                let full = match name.strip_prefix('.') {
                    Some(rest) => match last.rsplit_once('.') {
                        Some((parent, _)) => format!("{parent}.{rest}"),
                        None => rest.to_string(),
                    },
                    None => format!("{prefix}{name}"),
                };
                // `site.cached.NAME`: NAME stands for any template name.
                let full = full.trim_end_matches(".NAME").to_string();
                if let Some(spec) = code_spans(cells[1])
                    .into_iter()
                    .next()
                    .filter(|s| s.starts_with('{') || s.starts_with("[{"))
                {
                    fields(spec, &full, &mut out);
                }
                out.insert(full.clone());
                last = full;
            }
        }
        // `site.org.name` documents `site.org` and `site` too.
        let parents: Vec<String> = out
            .iter()
            .flat_map(|p| p.match_indices('.').map(|(i, _)| p[..i].to_string()))
            .collect();
        out.extend(parents);
        out
    }

    /// Every name the templates of the demo site and of the `kinds`
    /// fixture receive.
    fn received() -> BTreeSet<String> {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = BTreeSet::new();
        for root in [repo.to_path_buf(), repo.join("tests/sites/kinds")] {
            crate::render::testing::with_renderer(&root, |r, outputs| {
                for o in outputs {
                    let (_, context) = r.context(o);
                    let json = serde_json::to_value(&context).expect("json");
                    walk(&json, "", &mut out);
                }
            });
        }
        out
    }

    #[test]
    fn the_template_context_doc_matches_the_views() {
        let doc = include_str!("../../docs/template-context.md");
        let (doc, got) = (documented(doc), received());
        let undocumented: Vec<&String> = got.difference(&doc).collect();
        let missing: Vec<&String> = doc.difference(&got).collect();
        assert!(
            undocumented.is_empty() && missing.is_empty(),
            "received but not in docs/template-context.md: {undocumented:?}\n\
             documented but never received: {missing:?}"
        );
    }

    #[test]
    fn field_lists_are_read_with_their_nesting() {
        let mut out = BTreeSet::new();
        fields("[{a, b: {c, d}, e: [{f}]}]", "x", &mut out);
        let want = ["x.a", "x.b", "x.b.c", "x.b.d", "x.e", "x.e.f"];
        assert_eq!(out, want.iter().map(|s| s.to_string()).collect());
    }
}
