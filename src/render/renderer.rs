//! The renderer: everything rendering needs, shared by all outputs, and
//! [`Renderer::render`], which turns one planned output into bytes through
//! its template and the context its view gives.
//!
//! What each output shows is `views`'; which outputs exist is `plan`'s.

use super::choice::TemplateChoice;
use super::context::{self, common, link};
use super::plan::{Job, Output};
use super::prepared::Prepared;
use super::templates::Templates;
use super::{Bodies, RenderedBody};
use crate::config::Config;
use crate::content::Content;
use crate::derive::Derived;
use crate::diagnostics::Diagnostic;
use serde_json::{Map, Value};

/// Everything rendering needs, shared by all outputs.
pub struct Renderer<'a> {
    pub config: &'a Config,
    pub content: &'a Content,
    pub derived: &'a Derived,
    pub templates: &'a Templates,
    pub(super) page_bodies: &'a [RenderedBody],
    pub(super) section_bodies: &'a [RenderedBody],
    pub(super) summaries: &'a [Value],
    pub(super) term_urls: &'a context::TermUrls,
    pub(super) facts: &'a [u64],
    pub(super) site: &'a Value,
    pub(super) nav: &'a [(String, String)],
    pub(super) now_year: i32,
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
            facts: &prepared.facts,
            site: &prepared.site,
            nav: &prepared.nav,
            now_year: prepared.now_year,
            page_templates: &chosen.pages,
            section_templates: &chosen.sections,
            sitemap: &prepared.sitemap,
        }
    }

    /// Renders one output to bytes.
    pub fn render(&self, out: &Output) -> Result<Vec<u8>, Diagnostic> {
        let rel_url = out.path.trim_end_matches("index.html");
        let (template, vars, crumbs): (&str, Map<String, Value>, Vec<Value>) = match &out.job {
            Job::Page(i) => self.page_vars(*i),
            Job::Section { section, pager } => self.section_vars(*section, *pager),
            Job::TaxonomyList(t) => self.taxonomy_list_vars(*t),
            Job::Term {
                taxonomy,
                term,
                pager,
            } => self.term_vars(*taxonomy, *term, *pager),
            Job::ArchiveList => self.archive_list_vars(),
            Job::ArchiveYear(y) => self.archive_year_vars(*y),
            Job::Feed { section, atom } => self.feed_vars(*section, *atom, &out.path),
            Job::Sitemap => self.sitemap_vars(),
            Job::UnitsList => self.units_list_vars(),
            Job::Unit(i) => self.unit_vars(*i),
            Job::Person(i) => self.person_vars(*i),
            Job::PeopleList => self.people_list_vars(),
            Job::StatsList => self.stats_list_vars(),
            Job::StatsYear(y) => self.stats_year_vars(*y),
            Job::Robots => ("robots.txt", Map::new(), vec![]),
            Job::Search => (
                "search.html",
                Map::new(),
                vec![
                    self.home_crumb(),
                    link("搜索", self.config.url_for(crate::render::SEARCH_DIR)),
                ],
            ),
            Job::NotFound => (
                "404.html",
                Map::new(),
                vec![self.home_crumb(), link("页面不存在", String::new())],
            ),
        };
        let ctx = common(
            self.site,
            self.nav,
            self.config,
            rel_url,
            crumbs,
            self.now_year,
            vars,
        );
        self.templates.render(template, &ctx)
    }

    pub(super) fn home_crumb(&self) -> Value {
        link("首页", self.config.url_for(""))
    }

    /// Home, then the section's ancestors, then the section itself.
    pub(super) fn section_crumbs(&self, section: usize) -> Vec<Value> {
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
