//! Rendering: Markdown bodies to HTML, then every output of the site (pages,
//! section listings, taxonomies, archive, feeds, sitemap, 404) through the
//! theme's templates, in parallel.
//!
//! The list of outputs is made first ([`plan`]), so two sources that would
//! write one URL are found before anything is written. Writing the files is
//! left to `output.rs` through the `write` callback.

mod congress;
pub mod context;
pub mod deps;
pub mod templates;

use crate::config::Config;
use crate::content::Content;
use crate::derive::Derived;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::kind::Kind;
use crate::markdown::{self, Heading};
use crate::messages::Msg;
use crate::text::TextStats;
use context::{common, link, obj, page_description, page_summary, site_value, term_urls, toc_json};
use rayon::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use templates::Templates;

/// Where the search page and its index are written, relative to the output
/// folder (the search index is written by `search`, which imports this).
pub const SEARCH_DIR: &str = "search/";

/// A page's or section's Markdown, rendered.
#[derive(Debug, Default)]
pub struct RenderedBody {
    pub html: String,
    pub summary_html: Option<String>,
    /// The text of `summary_html`, without markup.
    pub summary_text: Option<String>,
    pub plain_text: String,
    pub prose_text: String,
    pub toc: Vec<Heading>,
    pub stats: TextStats,
    pub has_code: bool,
    /// Links and images as written, for `check`.
    pub links: Vec<markdown::LinkRef>,
    pub images_without_alt: Vec<usize>,
    /// Custom heading ids used twice, renamed: `check` warns.
    pub duplicate_ids: Vec<markdown::DuplicateId>,
    /// Lines of paragraphs indented into code blocks: `check` warns.
    pub indented_prose: Vec<usize>,
}

/// Renders every page's and section's Markdown; links are resolved by the
/// rule of [`crate::links`] against what is published.
pub fn render_bodies(
    content: &Content,
    config: &Config,
    diags: &mut Diagnostics,
) -> (Vec<RenderedBody>, Vec<RenderedBody>) {
    let targets = link_targets(content, config);
    let lookup = |path: &str| targets.get(path).cloned();
    let pages: Vec<(RenderedBody, Vec<Diagnostic>)> = content
        .pages
        .par_iter()
        .map(|p| render_body(content, config, &lookup, Body::of_page(p)))
        .collect();
    let sections: Vec<(RenderedBody, Vec<Diagnostic>)> = content
        .sections
        .par_iter()
        .map(|s| render_body(content, config, &lookup, Body::of_section(s)))
        .collect();
    let mut split = |v: Vec<(RenderedBody, Vec<Diagnostic>)>| {
        v.into_iter()
            .map(|(b, d)| {
                diags.extend(d);
                b
            })
            .collect::<Vec<_>>()
    };
    let pages = split(pages);
    let sections = split(sections);
    (pages, sections)
}

/// Renders page `i`'s Markdown again (after an edit), with the problems found.
pub fn render_page_body(
    content: &Content,
    config: &Config,
    i: usize,
) -> (RenderedBody, Vec<Diagnostic>) {
    let p = &content.pages[i];
    // A page has few links: looking each up beats a map of every page
    // (milliseconds per edit at 10,000 pages).
    let lookup = |path: &str| {
        published_sources(content).find_map(|(source, rel)| {
            (source.as_ref() == path).then(|| config.url_for(rel.as_ref()))
        })
    };
    render_body(content, config, &lookup, Body::of_page(p))
}

/// Name → URL of every unit and delegate (see [`Prepared::links`]).
pub fn congress_links(
    derived: &Derived,
    config: &Config,
    content: &Content,
) -> crate::content::kinds::Links {
    congress::links(derived, config, content)
}

/// Every Markdown file and file copied from `content/` that is published:
/// (path under `content/`, path of its URL under the site root).
fn published_sources(
    content: &Content,
) -> impl Iterator<Item = (std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)> {
    use std::borrow::Cow;
    let pages = content
        .pages
        .iter()
        .map(|p| (Cow::from(&p.rel_path), Cow::from(&p.rel_url)));
    let sections = content
        .sections
        .iter()
        .map(|s| (Cow::from(&s.rel_path), Cow::from(&s.rel_url)));
    let assets = content.pages.iter().flat_map(|p| {
        let dir = source_dir(&p.rel_path);
        p.assets.iter().map(move |a| {
            let source = if dir.is_empty() {
                a.name.clone()
            } else {
                format!("{dir}/{}", a.name)
            };
            (
                Cow::from(source),
                Cow::from(format!("{}{}", p.rel_url, a.name)),
            )
        })
    });
    let loose = content
        .loose_files
        .iter()
        .map(|f| (Cow::from(&f.rel_out), Cow::from(&f.rel_out)));
    pages.chain(sections).chain(assets).chain(loose)
}

/// The folder of a file under `content/`: `news` for `news/a.md`, `news/a`
/// for `news/a/index.md`, `""` for `_index.md`.
pub(crate) fn source_dir(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Where each link may point: path under `content/` → URL.
fn link_targets(content: &Content, config: &Config) -> HashMap<String, String> {
    published_sources(content)
        .map(|(source, rel)| (source.into_owned(), config.url_for(&rel)))
        .collect()
}

/// A Markdown body and what its links are resolved from.
struct Body<'a> {
    text: &'a str,
    first_line: usize,
    file: &'a std::path::Path,
    rel_path: &'a str,
    rel_url: &'a str,
}

impl<'a> Body<'a> {
    fn of_page(p: &'a crate::content::Page) -> Self {
        Body {
            text: &p.body,
            first_line: p.body_line,
            file: &p.file,
            rel_path: &p.rel_path,
            rel_url: &p.rel_url,
        }
    }

    fn of_section(s: &'a crate::content::Section) -> Self {
        Body {
            text: &s.body,
            first_line: s.body_line,
            file: &s.file,
            rel_path: &s.rel_path,
            rel_url: &s.rel_url,
        }
    }
}

fn render_body(
    content: &Content,
    config: &Config,
    lookup: &(dyn Fn(&str) -> Option<String> + Sync),
    body: Body<'_>,
) -> (RenderedBody, Vec<Diagnostic>) {
    let raw_html = if config.markdown.unsafe_html {
        markdown::RawHtml::Trust
    } else {
        markdown::RawHtml::Sanitize
    };
    let page_url = config.url_for(body.rel_url);
    let linker = crate::links::Linker {
        base_path: config.base_path(),
        dir: source_dir(body.rel_path),
        page_url: &page_url,
        lookup,
    };
    let resolve = |dest: &str| linker.resolve(dest);
    let file = body.file;
    let r = markdown::render_with(body.text, body.first_line, &resolve, raw_html);
    let mut problems: Vec<Diagnostic> = r
        .broken_links
        .iter()
        .filter_map(|l| {
            let target = crate::links::page_target(&l.target, source_dir(body.rel_path));
            let msg = if content.unpublished.contains(&target) {
                Msg::LinkToUnpublished {
                    target: l.target.clone(),
                }
            } else if content.unreadable.contains(&target) {
                // That file's own error is reported already.
                return None;
            } else {
                Msg::BrokenLink {
                    target: l.target.clone(),
                }
            };
            Some(Diagnostic::error(msg).at(file, Some(l.line)))
        })
        .collect();
    if !config.markdown.unsafe_html {
        problems.extend(r.unsafe_markup.iter().map(|u| {
            Diagnostic::error(Msg::UnsafeHtml {
                what: u.what.clone(),
            })
            .at(file, Some(u.line))
        }));
        problems.extend(r.heading_attributes.iter().map(|a| {
            Diagnostic::error(Msg::HeadingAttribute {
                name: a.what.clone(),
            })
            .at(file, Some(a.line))
        }));
    }
    let stats = crate::text::text_stats(&r.plain_text);
    (
        RenderedBody {
            html: r.html,
            // A `<!-- more -->` at the very top leaves nothing to show: fall back.
            summary_html: r.summary_html.filter(|s| !s.trim().is_empty()),
            summary_text: r.summary_text.filter(|s| !s.is_empty()),
            plain_text: r.plain_text,
            prose_text: r.prose_text,
            links: r.links,
            images_without_alt: r.images_without_alt,
            duplicate_ids: r.duplicate_ids,
            indented_prose: r.indented_prose,
            toc: r.toc,
            stats,
            has_code: r.has_code,
        },
        problems,
    )
}

/// One file of the output and how to make it.
#[derive(Debug, Clone)]
pub struct Output {
    /// Relative to the output folder: `news/foo/index.html`.
    pub path: String,
    pub job: Job,
}

#[derive(Debug, Clone)]
pub enum Job {
    Page(usize),
    Section {
        section: usize,
        pager: usize,
    },
    TaxonomyList(usize),
    Term {
        taxonomy: usize,
        term: usize,
        pager: usize,
    },
    ArchiveList,
    ArchiveYear(i32),
    UnitsList,
    Unit(usize),
    /// A delegate without a page of their own.
    Person(usize),
    /// `/delegates/` when the site has no delegate section.
    PeopleList,
    StatsList,
    StatsYear(i32),
    Feed {
        section: Option<usize>,
        atom: bool,
    },
    Sitemap,
    Robots,
    NotFound,
    /// `/search/`, when `[search] enabled`.
    Search,
}

fn pager_count(items: usize, per: usize) -> usize {
    items.div_ceil(per.max(1)).max(1)
}

fn pager_rel(base: &str, pager: usize) -> String {
    if pager <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{pager}/")
    }
}

fn paginate_by(content: &Content, config: &Config, section: usize) -> usize {
    content.sections[section]
        .front
        .paginate_by
        .unwrap_or(config.paginate_by)
        .max(1)
}

/// Every output of the site. Two outputs with one path are reported, naming
/// the content files involved.
pub fn plan(content: &Content, derived: &Derived, config: &Config) -> (Vec<Output>, Diagnostics) {
    let mut outs = Vec::new();
    for (i, p) in content.pages.iter().enumerate() {
        outs.push(Output {
            path: format!("{}index.html", p.rel_url),
            job: Job::Page(i),
        });
    }
    for (i, s) in content.sections.iter().enumerate() {
        let pagers = if s.dir.is_empty() {
            1
        } else {
            pager_count(s.pages.len(), paginate_by(content, config, i))
        };
        for pager in 1..=pagers {
            outs.push(Output {
                path: format!("{}index.html", pager_rel(&s.rel_url, pager)),
                job: Job::Section { section: i, pager },
            });
        }
        if !s.dir.is_empty() && !s.pages.is_empty() {
            for atom in [false, true] {
                let file = if atom { "atom.xml" } else { "rss.xml" };
                outs.push(Output {
                    path: format!("{}{file}", s.rel_url),
                    job: Job::Feed {
                        section: Some(i),
                        atom,
                    },
                });
            }
        }
    }
    // The taxonomy lists exist even when empty: every page's footer links to them.
    for (t, tax) in derived.taxonomies.iter().enumerate() {
        outs.push(Output {
            path: format!("{}/index.html", tax.name),
            job: Job::TaxonomyList(t),
        });
        for (ti, term) in tax.terms.iter().enumerate() {
            for pager in 1..=pager_count(term.pages.len(), config.paginate_by) {
                let base = format!("{}/{}/", tax.name, term.slug);
                outs.push(Output {
                    path: format!("{}index.html", pager_rel(&base, pager)),
                    job: Job::Term {
                        taxonomy: t,
                        term: ti,
                        pager,
                    },
                });
            }
        }
    }
    outs.push(Output {
        path: "archive/index.html".into(),
        job: Job::ArchiveList,
    });
    for &year in derived.years.keys() {
        outs.push(Output {
            path: format!("archive/{year}/index.html"),
            job: Job::ArchiveYear(year),
        });
    }
    // The lists of units and years exist even when empty: every page's footer links to them.
    outs.push(Output {
        path: "units/index.html".into(),
        job: Job::UnitsList,
    });
    for (i, u) in derived.units.iter().enumerate() {
        outs.push(Output {
            path: format!("{}index.html", congress::unit_rel(u)),
            job: Job::Unit(i),
        });
    }
    for (i, p) in derived.people.iter().enumerate() {
        if p.page.is_none() {
            outs.push(Output {
                path: format!("{}index.html", congress::person_rel(p, derived, content)),
                job: Job::Person(i),
            });
        }
    }
    if derived.delegate_section.is_none() && !derived.people.is_empty() {
        outs.push(Output {
            path: "delegates/index.html".into(),
            job: Job::PeopleList,
        });
    }
    outs.push(Output {
        path: "stats/index.html".into(),
        job: Job::StatsList,
    });
    for &year in derived.years.keys() {
        outs.push(Output {
            path: format!("stats/{year}/index.html"),
            job: Job::StatsYear(year),
        });
    }
    for (file, job) in [
        (
            "rss.xml",
            Job::Feed {
                section: None,
                atom: false,
            },
        ),
        (
            "atom.xml",
            Job::Feed {
                section: None,
                atom: true,
            },
        ),
        ("sitemap.xml", Job::Sitemap),
        ("robots.txt", Job::Robots),
        ("404.html", Job::NotFound),
    ] {
        outs.push(Output {
            path: file.into(),
            job,
        });
    }
    if config.search.enabled {
        outs.push(Output {
            path: format!("{}index.html", crate::render::SEARCH_DIR),
            job: Job::Search,
        });
    }
    let diags = find_collisions(&outs, content, config);
    (outs, diags)
}

pub(crate) fn source_of<'a>(job: &Job, content: &'a Content) -> Option<&'a std::path::Path> {
    match job {
        Job::Page(i) => Some(&content.pages[*i].file),
        Job::Section { section, pager: 1 } => Some(&content.sections[*section].file),
        _ => None,
    }
}

fn find_collisions(outs: &[Output], content: &Content, config: &Config) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut seen: HashMap<&str, &Job> = HashMap::new();
    for out in outs {
        if let Some(first) = seen.insert(&out.path, &out.job) {
            let url = out.path.trim_end_matches("index.html");
            let here = source_of(&out.job, content);
            let there = source_of(first, content);
            let (file, other) = match (here, there) {
                (Some(h), Some(t)) => (h, Some(t.to_string_lossy().replace('\\', "/"))),
                (Some(h), None) | (None, Some(h)) => (h, None),
                (None, None) => continue,
            };
            diags.push(
                Diagnostic::error(Msg::DuplicateOutput {
                    url: config.url_for(url),
                    other,
                })
                .at(file, Some(1)),
            );
        }
    }
    diags
}

/// Every HTML output but the 404 page and listing pages after the first, with
/// the date a crawler should see.
fn sitemap_entries(outputs: &[Output], content: &Content) -> Vec<(String, String)> {
    let day = |d: Option<chrono::NaiveDateTime>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    outputs
        .iter()
        .filter_map(|out| {
            let rel = out.path.strip_suffix("index.html")?;
            let lastmod = match &out.job {
                Job::Page(i) => day(content.pages[*i].updated.or(content.pages[*i].date)),
                Job::Section { section, pager: 1 } => day(content.sections[*section]
                    .pages
                    .first()
                    .and_then(|&i| content.pages[i].date)),
                // A search page has nothing for a crawler.
                Job::Section { .. } | Job::Term { pager: 2.., .. } | Job::Search => return None,
                _ => String::new(),
            };
            Some((rel.to_string(), lastmod))
        })
        .collect()
}

/// The template of every page and section: front matter `template` (which
/// must exist), else `<kind>.html` / `section_<kind>.html` when the theme has
/// one, else `page.html` / `section.html` (`index.html` for the home page).
pub struct TemplateChoice {
    pub pages: Vec<String>,
    pub sections: Vec<String>,
}

/// The template named in front matter if the theme has it, else `default`.
fn choose(
    templates: &Templates,
    wanted: &Option<(String, usize)>,
    default: &str,
    file: &std::path::Path,
    diags: &mut Diagnostics,
) -> String {
    match wanted {
        Some((name, line)) if !templates.has(name) => {
            diags.push(
                Diagnostic::error(Msg::UnknownTemplate { name: name.clone() })
                    .at(file, Some(*line)),
            );
            default.to_string()
        }
        Some((name, _)) => name.clone(),
        None => default.to_string(),
    }
}

/// A page's template (see [`TemplateChoice`]).
pub fn choose_page_template(
    page: &crate::content::Page,
    templates: &Templates,
    diags: &mut Diagnostics,
) -> String {
    let by_kind = format!("{}.html", page.kind.as_str());
    let default = if templates.has(&by_kind) {
        by_kind.as_str()
    } else {
        "page.html"
    };
    choose(templates, &page.template, default, &page.file, diags)
}

pub fn choose_templates(
    content: &Content,
    templates: &Templates,
    diags: &mut Diagnostics,
) -> TemplateChoice {
    let pages = content
        .pages
        .iter()
        .map(|p| choose_page_template(p, templates, diags))
        .collect();
    let sections = content
        .sections
        .iter()
        .map(|s| {
            // One mechanism for every kind: `section_<kind>.html` when the theme has it.
            let by_kind = format!("section_{}.html", s.page_kind.as_str());
            let default = if s.dir.is_empty() {
                "index.html"
            } else if templates.has(&by_kind) {
                by_kind.as_str()
            } else {
                "section.html"
            };
            choose(templates, &s.template, default, &s.file, diags)
        })
        .collect();
    TemplateChoice { pages, sections }
}

/// What every output's context draws on, computed once per build (and kept
/// by `serve`, which updates one page's summary after an edit).
pub struct Prepared {
    /// Each page as listings show it.
    pub summaries: Vec<Value>,
    /// What statistics show of each page, hashed ([`deps::page_facts`]).
    pub facts: Vec<u64>,
    /// URLs of taxonomy terms, units and delegates the summaries link to.
    pub term_urls: context::TermUrls,
    pub links: crate::content::kinds::Links,
    site: Value,
    nav: Vec<(String, String)>,
    now_year: i32,
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
        now_year: i32,
    ) -> Self {
        let term_urls = term_urls(derived, config);
        let links = congress::links(derived, config, content);
        let summaries: Vec<Value> = content
            .pages
            .par_iter()
            .zip(page_bodies.par_iter())
            .map(|(p, b)| page_summary(p, b, config, content, &term_urls, &links))
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
            facts: deps::page_facts_of(content, &summaries),
            summaries,
            term_urls,
            links,
            site: site_value(config),
            nav,
            now_year,
            sitemap: sitemap_entries(outputs, content),
        }
    }

    /// Renders the templates under `cached/` once, with only `site` and
    /// `now_year`, and gives every template their HTML as
    /// `site.cached.NAME` (`cached/footer.html` → `site.cached.footer`).
    /// The header and footer are the same on every page: rendering them for
    /// each of them was 8% of a build (what Hugo's `partialCached` is for).
    pub fn render_cached(&mut self, templates: &Templates) -> Result<(), Diagnostic> {
        let mut cached = Map::new();
        let mut vars = Map::new();
        vars.insert("site".into(), self.site.clone());
        vars.insert("now_year".into(), self.now_year.into());
        let context = tera::Context::from_value(Value::Object(vars)).unwrap_or_default();
        for name in templates.cached() {
            let html = templates.render(name, &context)?;
            let key = name.strip_prefix(templates::CACHED_DIR).unwrap_or(name);
            let key = key.strip_suffix(".html").unwrap_or(key);
            // Without the newlines around it: the page's own line breaks are there.
            let html = String::from_utf8_lossy(&html);
            cached.insert(key.to_string(), html.trim_matches('\n').into());
        }
        if let Some(site) = self.site.as_object_mut() {
            site.insert("cached".into(), Value::Object(cached));
        }
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
        self.summaries[i] = page_summary(
            &content.pages[i],
            body,
            config,
            content,
            &self.term_urls,
            &self.links,
        );
        self.facts[i] = deps::page_facts(&content.pages[i], &self.summaries[i]);
        if front_changed {
            self.sitemap = sitemap_entries(outputs, content);
        }
    }
}

/// Everything rendering needs, shared by all outputs.
pub struct Renderer<'a> {
    pub config: &'a Config,
    pub content: &'a Content,
    pub derived: &'a Derived,
    pub templates: &'a Templates,
    page_bodies: &'a [RenderedBody],
    section_bodies: &'a [RenderedBody],
    summaries: &'a [Value],
    term_urls: &'a context::TermUrls,
    facts: &'a [u64],
    site: &'a Value,
    nav: &'a [(String, String)],
    now_year: i32,
    /// The template of each page, checked to exist before rendering starts.
    page_templates: &'a [String],
    section_templates: &'a [String],
    sitemap: &'a [(String, String)],
}

impl<'a> Renderer<'a> {
    pub fn new(
        config: &'a Config,
        content: &'a Content,
        derived: &'a Derived,
        templates: &'a Templates,
        bodies: &'a (Vec<RenderedBody>, Vec<RenderedBody>),
        chosen: &'a TemplateChoice,
        prepared: &'a Prepared,
    ) -> Self {
        Renderer {
            config,
            content,
            derived,
            templates,
            page_bodies: &bodies.0,
            section_bodies: &bodies.1,
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

    fn home_crumb(&self) -> Value {
        link("首页", self.config.url_for(""))
    }

    /// Home, then the section's ancestors, then the section itself.
    fn section_crumbs(&self, section: usize) -> Vec<Value> {
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

    fn page_vars(&self, i: usize) -> (&str, Map<String, Value>, Vec<Value>) {
        let p = &self.content.pages[i];
        let body = &self.page_bodies[i];
        let mut page = self.summaries[i].clone();
        let listed = context::LISTED_TERMS;
        if p.front.tags.len() > listed || p.front.categories.len() > listed {
            for (key, terms) in context::all_terms(p, self.term_urls) {
                page[key] = terms;
            }
        }
        let siblings = &self.content.sections[p.section].pages;
        let pos = p.position;
        let neighbour = |j: Option<usize>| {
            j.and_then(|j| siblings.get(j)).map_or(Value::Null, |&n| {
                link(
                    &self.content.pages[n].front.title,
                    self.config.url_for(&self.content.pages[n].rel_url),
                )
            })
        };
        if let Some(obj) = page.as_object_mut() {
            obj.insert("content".into(), Value::String(body.html.clone()));
            obj.insert("description".into(), page_description(p, body).into());
            obj.insert("toc".into(), toc_json(&body.toc));
            obj.insert("newer".into(), neighbour(pos.checked_sub(1)));
            obj.insert("older".into(), neighbour(Some(pos + 1)));
        }
        if let Some(chart) = self.votes_chart(i) {
            page["evaluation"]["votes_chart"] = Value::String(chart);
        }
        let mut crumbs = self.section_crumbs(p.section);
        crumbs.push(link(&p.front.title, self.config.url_for(&p.rel_url)));
        let mut vars = Map::new();
        vars.insert("page".into(), page);
        if let Some(person) = self.person_of_page(i) {
            vars.insert("person".into(), person);
        }
        (&self.page_templates[i], vars, crumbs)
    }

    fn section_value(&self, i: usize) -> Value {
        let s = &self.content.sections[i];
        let subsections: Vec<Value> = s
            .subsections
            .iter()
            .map(|&c| {
                let c = &self.content.sections[c];
                link(&c.front.title, self.config.url_for(&c.rel_url))
            })
            .collect();
        // A section without pages has no feed (see `plan`): no link to one.
        let has_feed = s.dir.is_empty() || !s.pages.is_empty();
        let feed = |file: &str| {
            if has_feed {
                self.config.url_for(&format!("{}{file}", s.rel_url))
            } else {
                String::new()
            }
        };
        json!({
            "title": s.front.title,
            "description": s.front.description,
            "content": self.section_bodies[i].html,
            "url": self.config.url_for(&s.rel_url),
            "permalink": self.config.permalink_for(&s.rel_url),
            "source_path": s.rel_path,
            "page_kind": s.page_kind.as_str(),
            "page_count": s.pages.len(),
            "subsections": subsections,
            "feed_url": feed("rss.xml"),
            "atom_url": feed("atom.xml"),
            "extra": crate::tomlx::to_json(&toml::Value::Table(s.front.extra.clone())),
        })
    }

    fn paginator(&self, pages: &[usize], per: usize, pager: usize, base_rel: &str) -> Value {
        let total = pager_count(pages.len(), per);
        let start = (pager - 1) * per;
        let slice: Vec<Value> = pages
            .iter()
            .skip(start)
            .take(per)
            .map(|&i| self.summaries[i].clone())
            .collect();
        let url = |n: usize| Value::String(self.config.url_for(&pager_rel(base_rel, n)));
        // The first, the last and those near the current one: listing every pager
        // on every pager would make a section of N pages cost N² links.
        let pagers: Vec<Value> = (1..=total)
            .filter(|&n| n == 1 || n == total || n.abs_diff(pager) <= 3)
            .map(|n| obj([("index", n.into()), ("url", url(n))]))
            .collect();
        obj([
            ("pages", Value::Array(slice)),
            ("current_index", pager.into()),
            ("number_pagers", total.into()),
            ("total_pages", pages.len().into()),
            ("paginate_by", per.into()),
            ("first", url(1)),
            ("last", url(total)),
            (
                "previous",
                if pager > 1 {
                    url(pager - 1)
                } else {
                    Value::Null
                },
            ),
            (
                "next",
                if pager < total {
                    url(pager + 1)
                } else {
                    Value::Null
                },
            ),
            ("pagers", Value::Array(pagers)),
        ])
    }

    fn section_vars(&self, i: usize, pager: usize) -> (&str, Map<String, Value>, Vec<Value>) {
        let s = &self.content.sections[i];
        let mut vars = Map::new();
        vars.insert("section".into(), self.section_value(i));
        let per = paginate_by(self.content, self.config, i);
        vars.insert(
            "paginator".into(),
            self.paginator(&s.pages, per, pager, &s.rel_url),
        );
        if s.dir.is_empty() {
            vars.insert("latest".into(), self.latest());
        }
        // A kind's index lists the whole section: on its first listing page only.
        match s.page_kind {
            _ if pager > 1 => {}
            Kind::Submission => {
                vars.insert("submissions".into(), self.submissions_value(&s.pages));
            }
            Kind::Report => {
                vars.insert("reports".into(), self.reports_value(&s.pages));
            }
            Kind::Delegate => {
                vars.insert("people".into(), self.people_value());
            }
            _ => {}
        }
        let mut crumbs = self.section_crumbs(i);
        if pager > 1 {
            crumbs.push(link(
                &format!("第{pager}页"),
                self.config.url_for(&pager_rel(&s.rel_url, pager)),
            ));
        }
        (&self.section_templates[i], vars, crumbs)
    }

    /// For the home page: each top-level section's five newest pages.
    fn latest(&self) -> Value {
        let mut out = Map::new();
        let Some(home) = self.content.sections.iter().position(|s| s.dir.is_empty()) else {
            return Value::Object(out);
        };
        for &c in &self.content.sections[home].subsections {
            let s = &self.content.sections[c];
            let pages: Vec<Value> = s
                .pages
                .iter()
                .take(5)
                .map(|&i| self.summaries[i].clone())
                .collect();
            out.insert(
                s.dir.clone(),
                obj([
                    ("title", s.front.title.clone().into()),
                    ("url", self.config.url_for(&s.rel_url).into()),
                    ("weight", s.front.weight.into()),
                    ("pages", Value::Array(pages)),
                ]),
            );
        }
        Value::Object(out)
    }

    fn taxonomy_value(&self, t: usize, with_terms: bool) -> Value {
        let tax = &self.derived.taxonomies[t];
        let mut v = json!({
            "name": tax.name,
            "label": tax.label,
            "url": self.config.url_for(&format!("{}/", tax.name)),
        });
        if with_terms {
            let terms: Vec<Value> = tax
                .terms
                .iter()
                .map(|term| self.term_value(tax.name, term))
                .collect();
            v["terms"] = Value::Array(terms);
        }
        v
    }

    fn term_value(&self, tax: &str, term: &crate::derive::Term) -> Value {
        json!({
            "name": term.name,
            "slug": term.slug,
            "url": self.config.url_for(&format!("{tax}/{}/", term.slug)),
            "count": term.pages.len(),
        })
    }

    fn taxonomy_list_vars(&self, t: usize) -> (&str, Map<String, Value>, Vec<Value>) {
        let tax = self.taxonomy_value(t, true);
        let crumbs = vec![
            self.home_crumb(),
            link(
                self.derived.taxonomies[t].label,
                tax["url"].as_str().unwrap_or_default().to_string(),
            ),
        ];
        let mut vars = Map::new();
        vars.insert("taxonomy".into(), tax);
        ("taxonomy_list.html", vars, crumbs)
    }

    fn term_vars(
        &self,
        t: usize,
        ti: usize,
        pager: usize,
    ) -> (&str, Map<String, Value>, Vec<Value>) {
        let tax = &self.derived.taxonomies[t];
        let term = &tax.terms[ti];
        let base = format!("{}/{}/", tax.name, term.slug);
        let mut vars = Map::new();
        let tax_value = self.taxonomy_value(t, false);
        let crumbs = vec![
            self.home_crumb(),
            link(
                tax.label,
                tax_value["url"].as_str().unwrap_or_default().to_string(),
            ),
            link(&term.name, self.config.url_for(&base)),
        ];
        vars.insert("taxonomy".into(), tax_value);
        vars.insert("term".into(), self.term_value(tax.name, term));
        vars.insert(
            "paginator".into(),
            self.paginator(&term.pages, self.config.paginate_by, pager, &base),
        );
        ("taxonomy_single.html", vars, crumbs)
    }

    fn generated_crumbs(&self, trail: &[(&str, String)]) -> Vec<Value> {
        let mut crumbs = vec![self.home_crumb()];
        crumbs.extend(
            trail
                .iter()
                .map(|(t, rel)| link(t, self.config.url_for(rel))),
        );
        crumbs
    }

    fn units_list_vars(&self) -> (&str, Map<String, Value>, Vec<Value>) {
        let mut vars = Map::new();
        vars.insert("units".into(), self.units_value());
        (
            "units_list.html",
            vars,
            self.generated_crumbs(&[("单位", "units/".into())]),
        )
    }

    fn unit_vars(&self, i: usize) -> (&str, Map<String, Value>, Vec<Value>) {
        let u = &self.derived.units[i];
        let mut vars = Map::new();
        vars.insert("unit".into(), self.unit_value(u));
        let crumbs =
            self.generated_crumbs(&[("单位", "units/".into()), (&u.name, congress::unit_rel(u))]);
        ("unit.html", vars, crumbs)
    }

    fn people_crumb(&self) -> (String, String) {
        match self.derived.delegate_section {
            Some(s) => {
                let s = &self.content.sections[s];
                (s.front.title.clone(), s.rel_url.clone())
            }
            None => ("代表".into(), "delegates/".into()),
        }
    }

    fn person_vars(&self, i: usize) -> (&str, Map<String, Value>, Vec<Value>) {
        let p = &self.derived.people[i];
        let mut vars = Map::new();
        vars.insert("person".into(), self.person_value(p));
        let (title, rel) = self.people_crumb();
        let crumbs = self.generated_crumbs(&[
            (&title, rel),
            (&p.name, congress::person_rel(p, self.derived, self.content)),
        ]);
        ("person.html", vars, crumbs)
    }

    fn people_list_vars(&self) -> (&str, Map<String, Value>, Vec<Value>) {
        let mut vars = Map::new();
        vars.insert("people".into(), self.people_value());
        let (title, rel) = self.people_crumb();
        (
            "people_list.html",
            vars,
            self.generated_crumbs(&[(&title, rel)]),
        )
    }

    fn stats_list_vars(&self) -> (&str, Map<String, Value>, Vec<Value>) {
        let years: Vec<Value> = self
            .derived
            .years
            .iter()
            .rev()
            .map(|(y, pages)| json!({"year": y, "url": self.config.url_for(&format!("stats/{y}/")), "count": pages.len()}))
            .collect();
        let mut vars = Map::new();
        vars.insert("years".into(), Value::Array(years));
        (
            "stats_list.html",
            vars,
            self.generated_crumbs(&[("年度统计", "stats/".into())]),
        )
    }

    fn stats_year_vars(&self, year: i32) -> (&str, Map<String, Value>, Vec<Value>) {
        let mut vars = Map::new();
        vars.insert("stats".into(), self.stats_value(year));
        let crumbs = self.generated_crumbs(&[
            ("年度统计", "stats/".into()),
            (&format!("{year}年"), format!("stats/{year}/")),
        ]);
        ("stats.html", vars, crumbs)
    }

    /// `{year, url}` of the next and the previous year that has pages (or null),
    /// under `folder/<year>/`: for the archive and the statistics.
    fn neighbour_years(&self, year: i32, folder: &str) -> (Value, Value) {
        let link = |y: Option<(&i32, &Vec<usize>)>| {
            y.map_or(
                Value::Null,
                |(y, _)| json!({"year": y, "url": self.config.url_for(&format!("{folder}/{y}/"))}),
            )
        };
        (
            link(self.derived.years.range(year + 1..).next()),
            link(self.derived.years.range(..year).next_back()),
        )
    }

    fn archive_crumb(&self) -> Value {
        link("年度归档", self.config.url_for("archive/"))
    }

    fn archive_list_vars(&self) -> (&str, Map<String, Value>, Vec<Value>) {
        let years: Vec<Value> = self
            .derived
            .years
            .iter()
            .rev()
            .map(|(y, pages)| json!({"year": y, "url": self.config.url_for(&format!("archive/{y}/")), "count": pages.len()}))
            .collect();
        let mut vars = Map::new();
        vars.insert("years".into(), Value::Array(years));
        (
            "archive_list.html",
            vars,
            vec![self.home_crumb(), self.archive_crumb()],
        )
    }

    /// A page as the year archive lists it. A year holds hundreds of pages:
    /// copying whole summaries was most of the archive's cost, and of an edit's.
    fn archive_item(&self, i: usize) -> Value {
        const FIELDS: [&str; 7] = [
            "title",
            "url",
            "date",
            "date_zh",
            "kind",
            "kind_label",
            "draft",
        ];
        let summary = &self.summaries[i];
        let field = |k: &str| summary.get(k).cloned().unwrap_or(Value::Null);
        Value::Object(FIELDS.iter().map(|&k| (k.to_string(), field(k))).collect())
    }

    fn archive_year_vars(&self, year: i32) -> (&str, Map<String, Value>, Vec<Value>) {
        let pages = self
            .derived
            .years
            .get(&year)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let groups: Vec<Value> = Kind::ALL
            .iter()
            .filter_map(|&kind| {
                let list: Vec<Value> = pages
                    .iter()
                    .filter(|&&i| self.content.pages[i].kind == kind)
                    .map(|&i| self.archive_item(i))
                    .collect();
                (!list.is_empty()).then(|| {
                    obj([
                        ("kind", kind.as_str().into()),
                        ("kind_label", kind.label().into()),
                        ("pages", Value::Array(list)),
                    ])
                })
            })
            .collect();
        let (newer, older) = self.neighbour_years(year, "archive");
        let mut vars = Map::new();
        vars.insert(
            "archive".into(),
            obj([
                ("year", year.into()),
                ("count", pages.len().into()),
                ("groups", Value::Array(groups)),
                ("newer_year", newer),
                ("older_year", older),
            ]),
        );
        let crumbs = vec![
            self.home_crumb(),
            self.archive_crumb(),
            link(
                &format!("{year}年"),
                self.config.url_for(&format!("archive/{year}/")),
            ),
        ];
        ("archive.html", vars, crumbs)
    }

    fn feed_vars(
        &self,
        section: Option<usize>,
        atom: bool,
        path: &str,
    ) -> (&str, Map<String, Value>, Vec<Value>) {
        let (title, pages, home_rel): (String, &[usize], &str) = match section {
            Some(s) => {
                let s = &self.content.sections[s];
                (
                    format!("{} - {}", s.front.title, self.config.title),
                    &s.pages,
                    &s.rel_url,
                )
            }
            None => (self.config.title.clone(), &self.derived.timeline, ""),
        };
        let entries: Vec<Value> = pages
            .iter()
            .filter(|&&i| self.content.pages[i].date.is_some())
            .take(self.config.feed_limit)
            .map(|&i| self.summaries[i].clone())
            .collect();
        let newest = pages
            .iter()
            .filter_map(|&i| self.content.pages[i].updated.or(self.content.pages[i].date))
            .max();
        let mut vars = Map::new();
        vars.insert(
            "feed".into(),
            json!({
                "title": title,
                "url": self.config.permalink_for(path),
                "home_permalink": self.config.permalink_for(home_rel),
                "updated": newest.as_ref().map(crate::dates::rfc3339).unwrap_or_default(),
                "updated_rfc2822": newest.as_ref().map(crate::dates::rfc2822).unwrap_or_default(),
                "pages": entries,
            }),
        );
        (if atom { "atom.xml" } else { "rss.xml" }, vars, vec![])
    }

    fn sitemap_vars(&self) -> (&str, Map<String, Value>, Vec<Value>) {
        let entries: Vec<Value> = self
            .sitemap
            .iter()
            .map(|(rel, lastmod)| json!({"permalink": self.config.permalink_for(rel), "lastmod": lastmod}))
            .collect();
        let mut vars = Map::new();
        vars.insert("entries".into(), Value::Array(entries));
        ("sitemap.xml", vars, vec![])
    }
}
