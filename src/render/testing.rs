//! For unit tests of `render`: a site written into a temp folder, or an
//! existing one, loaded as `build` loads it, and a function of its renderer.

use super::templates::Templates;
use super::{choose_templates, plan, render_bodies, Output, Prepared, Renderer};
use crate::config::Config;
use crate::content::{self, LoadOptions};
use crate::diagnostics::Diagnostics;
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
pub(crate) fn with_renderer<T>(root: &Path, f: impl FnOnce(&Renderer<'_>, &[Output]) -> T) -> T {
    let config = Config::load_all(root, None).expect("config");
    let (mut content, _) = content::load(root, &config, LoadOptions { drafts: false });
    crate::derive::sort_sections(&mut content);
    let derived = crate::derive::derive(&content, &config.submissions.delegates);
    let mut diags = Diagnostics::default();
    let bodies = render_bodies(&content, &config, &mut diags);
    let (outputs, _) = plan(&content, &derived, &config);
    let templates = Templates::load(root, &config.theme).unwrap_or_else(|_| panic!("templates"));
    let chosen = choose_templates(&content, &templates, &mut diags);
    let mut prepared = Prepared::new(&config, &content, &derived, &bodies.pages, &outputs, 2026);
    prepared
        .render_cached(&templates)
        .expect("cached templates");
    let renderer = Renderer::new(
        &config, &content, &derived, &templates, &bodies, &chosen, &prepared,
    );
    f(&renderer, &outputs)
}
