//! What every output's context draws on, computed once per build: each
//! page as listings show it, the URLs of
//! terms, units and delegates, `site` and the navigation, the sitemap's
//! entries, and the templates under `cached/` rendered once.
//!
//! Building one output's context from these is the views' business.

use super::context::{site_globals, summary_json, term_urls, SummaryInputs};
use super::plan::{sitemap_entries, Output};
use super::summary::Summary;
use super::templates::{self, Templates};
use super::views::{Ordered, SiteGlobals, SiteView};
use super::{congress, context, RenderedBody};
use crate::config::Config;
use crate::content::Content;
use crate::derive::Derived;
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;

/// What every output's context draws on, computed once per build (and kept
/// by `serve`, which updates one page's summary after an edit).
pub struct Prepared {
    /// Each page as listings show it.
    pub(crate) summaries: Vec<Summary>,
    /// URLs of taxonomy terms, units and delegates the summaries link to.
    pub term_urls: context::TermUrls,
    pub links: crate::content::kinds::Links,
    pub(super) site: SiteGlobals,
    pub(super) nav: Vec<(String, String)>,
    /// The day the build takes as today (`--as-of`).
    pub(super) today: chrono::NaiveDate,
    /// Its year, for the copyright line.
    pub(super) now_year: i32,
    /// Every HTML page a crawler should know: (URL relative to the site, lastmod).
    pub sitemap: Vec<(String, String)>,
}

impl Prepared {
    pub fn new(
        config: &Config,
        content: &Content,
        derived: &Derived,
        page_bodies: &[RenderedBody],
        outputs: &[Output],
        today: chrono::NaiveDate,
    ) -> Self {
        let term_urls = term_urls(derived, config);
        let links = congress::links(derived, config, content);
        let summaries: Vec<Summary> = content
            .pages
            .par_iter()
            .zip(page_bodies.par_iter())
            .map(|(p, b)| {
                let inputs = SummaryInputs {
                    config,
                    content,
                    urls: &term_urls,
                    links: &links,
                    today,
                };
                summary_json(p, b, &inputs)
            })
            .collect();
        let home = content.sections.iter().position(|s| s.dir.is_empty());
        let mut nav: Vec<(String, String)> = home
            .map(|h| {
                content.sections[h]
                    .subsections
                    .iter()
                    .map(|&s| &content.sections[s])
                    .filter(|s| s.front.in_nav)
                    .map(|s| (s.front.title.clone(), config.url_for(&s.rel_url)))
                    .collect()
            })
            .unwrap_or_default();
        nav.push(("年度归档".into(), config.url_for("archive/")));
        Prepared {
            summaries,
            term_urls,
            links,
            site: site_globals(config),
            nav,
            today,
            now_year: chrono::Datelike::year(&today),
            sitemap: sitemap_entries(outputs, content),
        }
    }

    /// Renders the templates under `cached/` once, with only `site` and
    /// `now_year`, and gives every template their HTML as
    /// `site.cached.NAME` (`cached/footer.html` → `site.cached.footer`).
    /// The header and footer are the same on every page: rendering them for
    /// each of them was 8% of a build (what Hugo's `partialCached` is for).
    pub fn render_cached(&mut self, templates: &Templates) -> Result<(), Diagnostic> {
        /// What a `cached/` template gets.
        #[derive(serde::Serialize)]
        struct CachedContext<'a> {
            site: SiteView<'a>,
            now_year: i32,
            /// The day the build takes as today, for 「本站生成于」.
            today: String,
        }
        let site = SiteView {
            globals: &self.site,
            nav: None,
        };
        let vars = CachedContext {
            site,
            now_year: self.now_year,
            today: self.today.format("%Y-%m-%d").to_string(),
        };
        let context = tera::Context::from_serialize(&vars).unwrap_or_default();
        let mut cached = Vec::new();
        for name in templates.cached() {
            let html = templates.render(name, &context)?;
            let key = name.strip_prefix(templates::CACHED_DIR).unwrap_or(name);
            let key = key.strip_suffix(".html").unwrap_or(key);
            // Without the newlines around it: the page's own line breaks are there.
            let html = String::from_utf8_lossy(&html);
            cached.push((key.to_string(), html.trim_matches('\n').to_string()));
        }
        self.site.cached = Some(Ordered(cached));
        Ok(())
    }

    /// Makes page `i`'s summary again (after it was edited), and the sitemap
    /// when its front matter (and so maybe its dates) changed.
    pub fn update_page(
        &mut self,
        i: usize,
        config: &Config,
        content: &Content,
        body: &RenderedBody,
        outputs: &[Output],
        front_changed: bool,
    ) {
        let inputs = SummaryInputs {
            config,
            content,
            urls: &self.term_urls,
            links: &self.links,
            today: self.today,
        };
        self.summaries[i] = summary_json(&content.pages[i], body, &inputs);
        if front_changed {
            self.sitemap = sitemap_entries(outputs, content);
        }
    }
}
