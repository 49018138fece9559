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
mod choice;
mod congress;
pub mod context;
#[cfg(test)]
mod context_doc;
mod contexts;
pub mod deps;
mod plan;
mod prepared;
mod renderer;
pub mod templates;
#[cfg(test)]
mod testing;
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

/// Name → URL of every unit and delegate (see [`Prepared::links`]).
pub fn congress_links(
    derived: &Derived,
    config: &Config,
    content: &Content,
) -> crate::content::kinds::Links {
    congress::links(derived, config, content)
}
