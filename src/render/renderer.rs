//! The renderer: everything rendering needs, shared by all outputs, and
//! [`Renderer::render`], which puts one planned output's view into the
//! variables every template gets and renders it through its template.
//!
//! What each output shows is `views`'; which outputs exist is `plan`'s.

use super::choice::TemplateChoice;
use super::context;
use super::plan::Output;
use super::prepared::Prepared;
use super::templates::Templates;
use super::views::{Context, Link, NavItem, SiteGlobals, SiteView};
use super::{Bodies, RenderedBody};
use crate::config::Config;
use crate::content::Content;
use crate::derive::Derived;
use crate::diagnostics::Diagnostic;

/// Everything rendering needs, shared by all outputs (references: a copy
/// is cheap, and a page's own view keeps one to be made later).
#[derive(Clone, Copy)]
pub struct Renderer<'a> {
    pub config: &'a Config,
    pub content: &'a Content,
    pub derived: &'a Derived,
    pub templates: &'a Templates,
    pub(super) page_bodies: &'a [RenderedBody],
    pub(super) section_bodies: &'a [RenderedBody],
    pub(super) summaries: &'a [super::summary::Summary],
    pub(super) term_urls: &'a context::TermUrls,
    pub(super) links: &'a crate::content::kinds::Links,
    pub(super) site: &'a SiteGlobals,
    pub(super) nav: &'a [(String, String)],
    pub(super) now_year: i32,
    /// The day the build takes as today (`--as-of`).
    pub(super) today: chrono::NaiveDate,
    /// The template of each page, checked to exist before rendering starts.
    pub(super) page_templates: &'a [String],
    pub(super) section_templates: &'a [String],
    pub(super) sitemap: &'a [(String, String)],
}

impl<'a> Renderer<'a> {
    pub fn new(
        config: &'a Config,
        content: &'a Content,
        derived: &'a Derived,
        templates: &'a Templates,
        bodies: &'a Bodies,
        chosen: &'a TemplateChoice,
        prepared: &'a Prepared,
    ) -> Self {
        Renderer {
            config,
            content,
            derived,
            templates,
            page_bodies: &bodies.pages,
            section_bodies: &bodies.sections,
            summaries: &prepared.summaries,
            term_urls: &prepared.term_urls,
            links: &prepared.links,
            site: &prepared.site,
            nav: &prepared.nav,
            now_year: prepared.now_year,
            today: prepared.today,
            page_templates: &chosen.pages,
            section_templates: &chosen.sections,
            sitemap: &prepared.sitemap,
        }
    }

    /// Renders one output to bytes: its view in the variables every
    /// template gets ([`Renderer::context`]), through its template.
    pub fn render(&self, out: &Output) -> Result<Vec<u8>, Diagnostic> {
        self.render_input(out, self.input(out))
    }

    /// What a template renders `out` from: its name and everything it
    /// receives; `None` for the outputs made without a template (the CSV
    /// files). With the templates and gongkai itself, an output's bytes are
    /// a function of this alone (the build cache's fingerprint relies on it).
    pub(crate) fn input(&self, out: &Output) -> Option<(&'a str, Context<'a>)> {
        match out.job {
            super::Job::LedgerCsv | super::Job::CatalogCsv => None,
            _ => Some(self.context(out)),
        }
    }

    /// Renders `out` from its [`Renderer::input`].
    pub(crate) fn render_input(
        &self,
        out: &Output,
        input: Option<(&'a str, Context<'a>)>,
    ) -> Result<Vec<u8>, Diagnostic> {
        if let super::Job::LedgerCsv = out.job {
            return Ok(super::ledger::csv_bytes(&self.ledger_rows(None)));
        }
        if let super::Job::CatalogCsv = out.job {
            let rows = self.catalog_rows(super::catalog::CatalogFilter::All);
            return Ok(super::catalog::csv_bytes(&rows));
        }
        let (template, context) = input.unwrap_or_else(|| self.context(out));
        let context = tera::Context::from_serialize(&context).unwrap_or_default();
        self.templates.render(template, &context)
    }

    /// The template of one output and everything it receives: its view
    /// ([`Renderer::view`]) and the variables every template gets.
    pub(crate) fn context(&self, out: &Output) -> (&'a str, Context<'a>) {
        let rel_url = out.path.trim_end_matches("index.html");
        let view = self.view(out);
        let current_url = self.config.url_for(rel_url);
        let nav = self.nav_items(&current_url);
        let context = Context {
            site: SiteView {
                globals: self.site,
                nav: Some(nav),
            },
            current_permalink: self.config.permalink_for(rel_url),
            current_url,
            breadcrumbs: view.crumbs,
            now_year: self.now_year,
            today: self.today.format("%Y-%m-%d").to_string(),
            gov_meta: view.gov_meta,
            vars: view.vars,
        };
        (view.template, context)
    }

    /// The main navigation, the current column marked active.
    fn nav_items(&self, current_url: &str) -> Vec<NavItem<'a>> {
        self.nav
            .iter()
            .map(|(title, url)| {
                let home = url == self.config.base_path();
                let active = if home {
                    current_url == url
                } else {
                    current_url.starts_with(url.as_str())
                };
                NavItem { title, url, active }
            })
            .collect()
    }

    pub(super) fn home_crumb(&self) -> Link {
        link("首页", self.config.url_for(""))
    }

    /// Home, then the section's ancestors, then the section itself.
    pub(super) fn section_crumbs(&self, section: usize) -> Vec<Link> {
        let mut chain = vec![];
        let mut cur = Some(section);
        while let Some(i) = cur {
            let s = &self.content.sections[i];
            if !s.dir.is_empty() {
                chain.push(link(&s.front.title, self.config.url_for(&s.rel_url)));
            }
            cur = s.parent;
        }
        chain.push(self.home_crumb());
        chain.reverse();
        chain
    }
}

/// `{title, url}`.
pub(super) fn link(title: &str, url: String) -> Link {
    Link {
        title: title.to_string(),
        url,
    }
}
