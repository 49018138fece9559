//! [`Site`]: a site loaded, checked and planned, everything but the writing,
//! as `build::load` leaves it for writing, checking links, `check` and `serve`.
//!
//! It sits above the stages it holds (config, content, derive, render,
//! copies) and below those that read it (`linkcheck`, `build`, `live`,
//! `check`), so the link check can read a site without importing `build`.
//! Running the stages is `build`'s job.

use crate::config::Config;
use crate::render::{self, templates::Templates, Renderer};
use crate::{content, copies, derive};
use std::path::PathBuf;

/// A site loaded, checked and planned: everything but the writing.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub content: content::Content,
    pub derived: derive::Derived,
    pub templates: Templates,
    pub bodies: render::Bodies,
    pub outputs: Vec<render::Output>,
    pub chosen: render::TemplateChoice,
    pub prepared: render::Prepared,
    /// The files copied as they are, and those left out.
    pub copies: copies::Copies,
}

impl Site {
    /// What the search index and the files to copy need (the config, the
    /// content and the page bodies); the rest (page contexts, templates,
    /// plan) is dropped here.
    pub(crate) fn into_index_parts(
        self,
    ) -> (
        Config,
        content::Content,
        Vec<render::RenderedBody>,
        copies::Copies,
    ) {
        (self.config, self.content, self.bodies.pages, self.copies)
    }

    pub fn renderer(&self) -> Renderer<'_> {
        Renderer::new(
            &self.config,
            &self.content,
            &self.derived,
            &self.templates,
            &self.bodies,
            &self.chosen,
            &self.prepared,
        )
    }
}
