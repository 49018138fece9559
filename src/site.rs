//! [`Site`]: a site loaded, checked and planned — everything but the writing
//! — and the one pipeline that makes it.
//!
//! [`Site::load`] runs the stages in data order (config and templates,
//! content, derive, markdown, plan, template choice, page contexts), and
//! `Site::replace_page` runs the same stage functions again for one edited
//! page (`serve`), so that neither path can skip a stage the other runs.
//! `Site::restore` undoes a replacement whose outputs failed. The fields
//! are private: only these three change a site.
//!
//! Writing is left to `build` (the whole site) and `live` (the outputs an
//! edit changed); `linkcheck` and `check` read a site through its accessors.

use crate::config::Config;
use crate::content::{self, LoadOptions, Page, Reloaded};
use crate::copies::{self, Copies};
use crate::derive::{self, Derived};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::options::BuildOptions;
use crate::published::{Found, Hit};
use crate::render::{self, deps::Deps, templates::Templates, Output, RenderedBody, Renderer};
use crate::timing::Stages;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A site loaded, checked and planned: everything but the writing.
pub struct Site {
    root: PathBuf,
    /// How pages were read (drafts or not), to read an edited one alike.
    load: LoadOptions,
    config: Config,
    content: content::Content,
    derived: Derived,
    templates: Templates,
    bodies: render::Bodies,
    outputs: Vec<Output>,
    chosen: render::TemplateChoice,
    prepared: render::Prepared,
    /// The files copied as they are, and those left out.
    copies: Copies,
}

/// What [`Site::replace_page`] replaced, for [`Site::restore`]. It holds the
/// old values of the edited page's slots, and of what the site made of the
/// pages' front matter when that changed; the same swap functions put the
/// new values in and the old ones back, so the two cannot disagree.
pub(crate) struct Replaced {
    i: usize,
    page: Page,
    slot: PageSlot,
    front: Option<Front>,
}

/// Why a page was not replaced; the site is as it was.
pub(crate) enum NotReplaced {
    /// The page (or what it makes of the site) has errors.
    Failed(Diagnostics),
    /// The edit changes more than the page: load the whole site again.
    ChangesMore,
}

/// What the site holds of one page besides its source: its body, its
/// summary as listings show it.
struct PageSlot {
    body: RenderedBody,
    summary: crate::render::summary::Summary,
}

/// What the site makes of every page's front matter (order, taxonomies,
/// units, years, the outputs, the page's template, the links to names).
struct Front {
    derived: Derived,
    outputs: Vec<Output>,
    template: String,
    term_urls: render::context::TermUrls,
    links: crate::content::kinds::Links,
    sitemap: Vec<(String, String)>,
}

/// The outputs planned, and the paths two of them (or one and a copied
/// file) would share, kept apart so that `load` reports them in its order.
struct Planned {
    outputs: Vec<Output>,
    clashes: Diagnostics,
    over_copies: Vec<Diagnostic>,
}

impl Site {
    /// Runs every stage before writing. Returns the site with every
    /// diagnostic found (errors included: callers decide), or only the
    /// diagnostics when the site could not be assembled at all (no config,
    /// broken templates).
    pub fn load(options: &BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
        Self::load_timed(options, &mut Stages::new(false))
    }

    /// [`Site::load`], timing each stage into `stages`.
    pub(crate) fn load_timed(
        options: &BuildOptions,
        stages: &mut Stages,
    ) -> Result<(Site, Diagnostics), Diagnostics> {
        let root = &options.root;
        let load = LoadOptions {
            drafts: options.drafts,
        };
        let config =
            Config::load_all(root, options.base_url.as_deref()).map_err(Diagnostics::from)?;
        let mut diags = Diagnostics::default();
        let templates = match Templates::load(root, &config.theme) {
            Ok(t) => Some(t),
            Err(errors) => {
                diags.extend(errors);
                None
            }
        };
        stages.done("config and templates");
        let (mut content, load_diags) = content::load(root, &config, load);
        diags.extend(load_diags.items);
        stages.done("content");
        let derived = derive_facts(&mut content, &config);
        stages.done("derive");
        let bodies = render::render_bodies(&content, &config, &mut diags);
        stages.done("markdown");
        let (copies, copy_problems) = copies::plan(root, &config, &content);
        let planned = plan(&content, &derived, &config, &copies);
        diags.extend(planned.clashes.items);
        diags.extend(copy_problems);
        diags.extend(planned.over_copies);
        diags.extend(crate::published::scan_site_files(
            root, &config, &content, &copies,
        ));
        let Some(templates) = templates else {
            return Err(diags.sorted());
        };
        let chosen = render::choose_templates(&content, &templates, &mut diags);
        stages.done("plan");
        let outputs = planned.outputs;
        let mut prepared = render::Prepared::new(
            &config,
            &content,
            &derived,
            &bodies.pages,
            &outputs,
            options.today(),
        );
        if let Err(error) = prepared.render_cached(&templates) {
            diags.push(error);
        }
        let site = Site {
            root: root.clone(),
            load,
            config,
            content,
            derived,
            templates,
            bodies,
            outputs,
            chosen,
            prepared,
            copies,
        };
        stages.done("page contexts");
        Ok((site, diags))
    }

    /// The site folder.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// `site.toml`, as loaded (with `base_url` replaced if asked).
    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    /// Every published page and section.
    pub fn content(&self) -> &content::Content {
        &self.content
    }

    /// Facts that span pages (units, delegates, years...).
    pub(crate) fn derived(&self) -> &Derived {
        &self.derived
    }

    /// The HTML bodies of the pages and of the sections, in content order.
    pub fn bodies(&self) -> &render::Bodies {
        &self.bodies
    }

    /// Every file rendered from a template, in plan order.
    pub(crate) fn outputs(&self) -> &[Output] {
        &self.outputs
    }

    /// The files copied as they are, and those left out.
    pub(crate) fn copies(&self) -> &Copies {
        &self.copies
    }

    /// The page read from `file` (relative to the site root), if it is one.
    pub(crate) fn page_of(&self, file: &Path) -> Option<usize> {
        self.content.pages.iter().position(|p| p.file == file)
    }

    /// What the search index and the files to copy need (the config, the
    /// content and the page bodies); the rest (page contexts, templates,
    /// plan) is dropped here.
    pub(crate) fn into_index_parts(self) -> (Config, content::Content, Vec<RenderedBody>, Copies) {
        (self.config, self.content, self.bodies.pages, self.copies)
    }

    pub(crate) fn templates(&self) -> &render::templates::Templates {
        &self.templates
    }

    /// Renders outputs of this site.
    pub(crate) fn renderer(&self) -> Renderer<'_> {
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

    /// What each output (by path) shows, to tell after an edit which ones
    /// changed.
    pub(crate) fn deps(&self) -> HashMap<String, Deps> {
        let renderer = self.renderer();
        self.outputs
            .par_iter()
            .map(|o| (o.path.clone(), renderer.deps(o)))
            .collect()
    }

    /// Personal data in one rendered output, as a reader gets it, and its
    /// links and ids when it is HTML (one reading of the output for both).
    pub(crate) fn output_hits(
        &self,
        out: &Output,
        bytes: &[u8],
        shown: &Path,
    ) -> (Vec<Hit>, Option<Found>) {
        crate::published::output_hits(
            &self.root,
            &self.config,
            &self.content,
            &self.bodies.pages,
            out,
            bytes,
            shown,
        )
    }

    /// Reads page `i` again (its file was saved) and runs the stages of
    /// [`Site::load`] again for it: its body, and when its front matter
    /// changed, derive, plan and its template. Returns what it replaced and
    /// the page's warnings; on any error the site is left as it was.
    pub(crate) fn replace_page(
        &mut self,
        i: usize,
        stages: &mut Stages,
    ) -> Result<(Replaced, Diagnostics), NotReplaced> {
        let reloaded = content::reload_page(&self.root, &self.config, self.load, &self.content, i);
        let (page, warnings) = match reloaded {
            Reloaded::Page(page, warnings) => (page, warnings),
            Reloaded::Failed(errors) => return Err(NotReplaced::Failed(errors.into())),
            Reloaded::ChangesMore => return Err(NotReplaced::ChangesMore),
        };
        let mut diags = Diagnostics::from(warnings);
        stages.done("edit: read page");
        let same_front = page.front == self.content.pages[i].front;
        let old = self.content.replace_page(i, *page);
        let (body, problems) = render::render_page_body(&self.content, &self.config, i);
        diags.extend(problems);
        stages.done("edit: markdown");
        // The summary is made below, from the new body: until
        // then the slot keeps the old ones.
        let slot = PageSlot {
            body,
            summary: self.prepared.summaries[i].clone(),
        };
        let mut replaced = Replaced {
            i,
            page: old,
            slot: self.swap_slot(i, slot),
            front: None,
        };
        if diags.has_errors() {
            self.restore(replaced);
            return Err(NotReplaced::Failed(diags.sorted()));
        }
        if !same_front {
            match self.remake_front(i, &mut diags) {
                Ok(front) => {
                    replaced.front = Some(self.swap_front(i, front));
                    stages.done("edit: derive and plan");
                }
                Err(why) => {
                    self.restore(replaced);
                    return Err(why);
                }
            }
        }
        self.prepared.update_page(
            i,
            &self.config,
            &self.content,
            &self.bodies.pages[i],
            &self.outputs,
            !same_front,
        );
        stages.done("edit: summary");
        Ok((replaced, diags))
    }

    /// What the site makes of the pages' front matter, made again after
    /// page `i`'s changed (with the stage functions of [`Site::load`]).
    fn remake_front(&mut self, i: usize, diags: &mut Diagnostics) -> Result<Front, NotReplaced> {
        let derived = derive_facts(&mut self.content, &self.config);
        let planned = plan(&self.content, &derived, &self.config, &self.copies);
        diags.extend(planned.clashes.items);
        // A new term or unit page may land where a copied file is.
        diags.extend(planned.over_copies);
        let template = render::choose_page_template(&self.content.pages[i], &self.templates, diags);
        if diags.has_errors() {
            return Err(NotReplaced::Failed(std::mem::take(diags).sorted()));
        }
        // Other pages link to terms, units and delegates: if one of those
        // moved (a new name took its slug), they all must be rendered again.
        let term_urls = render::context::term_urls(&derived, &self.config);
        let links = render::congress_links(&derived, &self.config, &self.content);
        if moved(&self.prepared.term_urls, &term_urls)
            || moved(&self.prepared.links.units, &links.units)
            || moved(&self.prepared.links.delegates, &links.delegates)
            // An evaluation page shows the same year's other rounds.
            || self.prepared.links.evaluation_rounds != links.evaluation_rounds
        {
            return Err(NotReplaced::ChangesMore);
        }
        Ok(Front {
            derived,
            outputs: planned.outputs,
            template,
            term_urls,
            links,
            // Made again from the new outputs once they are in.
            sitemap: self.prepared.sitemap.clone(),
        })
    }

    /// Whether the edit of [`Replaced`] changed how listings show the page
    /// (its summary): if not, only the page's own outputs show the change.
    pub(crate) fn summary_changed(&self, replaced: &Replaced) -> bool {
        replaced.slot.summary != self.prepared.summaries[replaced.i]
    }

    /// Puts back what [`Site::replace_page`] replaced (when the outputs of
    /// the new page failed).
    pub(crate) fn restore(&mut self, replaced: Replaced) {
        let Replaced {
            i,
            page,
            slot,
            front,
        } = replaced;
        if let Some(front) = front {
            self.swap_front(i, front);
        }
        self.swap_slot(i, slot);
        self.content.replace_page(i, page);
        derive::sort_sections(&mut self.content);
    }

    /// Puts `slot` in as page `i`'s, returning the one it replaces.
    fn swap_slot(&mut self, i: usize, mut slot: PageSlot) -> PageSlot {
        std::mem::swap(&mut self.bodies.pages[i], &mut slot.body);
        std::mem::swap(&mut self.prepared.summaries[i], &mut slot.summary);
        slot
    }

    /// Puts `front` in as what the site makes of the front matter (page
    /// `i`'s template included), returning what it replaces.
    fn swap_front(&mut self, i: usize, mut front: Front) -> Front {
        std::mem::swap(&mut self.derived, &mut front.derived);
        std::mem::swap(&mut self.outputs, &mut front.outputs);
        std::mem::swap(&mut self.chosen.pages[i], &mut front.template);
        std::mem::swap(&mut self.prepared.term_urls, &mut front.term_urls);
        std::mem::swap(&mut self.prepared.links, &mut front.links);
        std::mem::swap(&mut self.prepared.sitemap, &mut front.sitemap);
        front
    }
}

/// The derive stage: sections in order, then the facts that span pages.
fn derive_facts(content: &mut content::Content, config: &Config) -> Derived {
    derive::sort_sections(content);
    derive::derive(content, &config.submissions.delegates)
}

/// The plan stage: every output, and the paths two would share.
fn plan(
    content: &content::Content,
    derived: &Derived,
    config: &Config,
    copies: &Copies,
) -> Planned {
    let (outputs, clashes) = render::plan(content, derived, config);
    let over_copies = copies::collisions(copies, &outputs, content, config);
    Planned {
        outputs,
        clashes,
        over_copies,
    }
}

/// Whether a name that had a URL now has another one.
fn moved<K: Eq + std::hash::Hash>(old: &HashMap<K, String>, new: &HashMap<K, String>) -> bool {
    old.iter()
        .any(|(k, url)| new.get(k).is_some_and(|n| n != url))
}

impl Site {
    /// Each page's output path, template and the exact context its
    /// template receives, as JSON, in plan order: what
    /// `examples/dump_contexts.rs` writes for the Tera 1 / Tera 2
    /// benchmark (`benches/tera2`). Not an API.
    #[doc(hidden)]
    pub fn page_contexts(&self) -> impl Iterator<Item = (&str, &str, Value)> + '_ {
        let renderer = self.renderer();
        self.outputs
            .iter()
            .filter(|o| matches!(o.job, render::Job::Page(_)))
            .map(move |o| {
                let (template, context) = renderer.context(o);
                let json = serde_json::to_value(&context).unwrap_or_default();
                (o.path.as_str(), template, json)
            })
    }
}

#[cfg(test)]
mod page_contexts_tests {
    use super::*;

    /// The JSON is the context: rendered through the site's templates, it
    /// gives every page byte for byte as the renderer does.
    #[test]
    fn page_contexts_render_as_the_build_does() {
        let options = BuildOptions {
            root: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/kinds"),
            clock: chrono::NaiveDate::from_ymd_opt(2026, 12, 6),
            ..BuildOptions::default()
        };
        let (site, _) = Site::load(&options).unwrap_or_else(|_| panic!("the fixture loads"));
        let renderer = site.renderer();
        let mut pages = 0;
        for (path, template, json) in site.page_contexts() {
            let output = site.outputs.iter().find(|o| o.path == path);
            let expected = renderer.render(output.expect("a planned output"));
            let context = tera::Context::from_serialize(&json).expect("a context");
            let got = site.templates.render(template, &context);
            assert_eq!(got.expect("renders"), expected.expect("renders"), "{path}");
            pages += 1;
        }
        assert_eq!(pages, site.content.pages.len());
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// A writable copy of the fixture site `tests/sites/<name>`.
    pub(crate) fn fixture_copy(name: &str) -> tempfile::TempDir {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/sites")
            .join(name);
        let temp = tempfile::tempdir().expect("temp dir");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.expect("walk the fixture");
            let rel = entry
                .path()
                .strip_prefix(&from)
                .expect("inside the fixture");
            let to = temp.path().join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).expect("mkdir");
            } else {
                std::fs::copy(entry.path(), &to).expect("copy");
            }
        }
        temp
    }

    /// Replaces `from` (there once) with `to` in the site's file `file`.
    pub(crate) fn edit(root: &Path, file: &str, from: &str, to: &str) {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            text.matches(from).count(),
            1,
            "{file} must hold {from:?} once"
        );
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    }

    fn load(root: &Path) -> Site {
        let options = BuildOptions {
            root: root.to_path_buf(),
            clock: chrono::NaiveDate::from_ymd_opt(2026, 12, 6),
            ..Default::default()
        };
        let (site, diags) = Site::load(&options).unwrap_or_else(|d| panic!("{d:?}"));
        assert!(!diags.has_errors(), "{diags:?}");
        site
    }

    /// Every output as it would be written, and what each shows.
    pub(super) fn rendered(site: &Site) -> (BTreeMap<String, Vec<u8>>, HashMap<String, Deps>) {
        let renderer = site.renderer();
        let outputs = site
            .outputs()
            .iter()
            .map(|o| (o.path.clone(), renderer.render(o).expect("renders")))
            .collect();
        (outputs, site.deps())
    }

    const PAGE: &str = "content/news/2025-renda-huiyi.md";

    #[test]
    fn replace_page_then_restore_leaves_the_site_as_it_was() {
        // The body alone, then the front matter too (new title, a new tag:
        // derive, plan and the page's template are made again).
        let edits = [
            ("正文段落：", "改过的正文："),
            (
                "title = \"测试镇第一届人民代表大会第五次会议召开\"\ndate = 2025-12-28\ncategories = [\"人大会议\"]\ntags = [\"人代会\"]",
                "title = \"改过的标题\"\ndate = 2025-12-29\ncategories = [\"人大会议\"]\ntags = [\"人代会\", \"新标签\"]",
            ),
        ];
        for (from, to) in edits {
            let temp = fixture_copy("basic");
            let mut site = load(temp.path());
            let before = rendered(&site);
            let i = site.page_of(Path::new(PAGE)).expect("a page of the site");
            edit(temp.path(), PAGE, from, to);
            let (replaced, diags) = match site.replace_page(i, &mut Stages::new(false)) {
                Ok(done) => done,
                Err(NotReplaced::Failed(d)) => panic!("{d:?}"),
                Err(NotReplaced::ChangesMore) => panic!("{to:?} asked a full build"),
            };
            assert!(!diags.has_errors(), "{diags:?}");
            let page = |site: &Site| {
                let out = site
                    .outputs()
                    .iter()
                    .find(|o| matches!(o.job, render::Job::Page(p) if p == i))
                    .expect("the page's output");
                String::from_utf8(site.renderer().render(out).expect("renders")).expect("utf-8")
            };
            assert!(page(&site).contains(to.split('"').nth(1).unwrap_or(to)));
            assert!(rendered(&site) != before, "{to:?} changed nothing");
            site.restore(replaced);
            let after = rendered(&site);
            assert_eq!(
                after.0.keys().collect::<Vec<_>>(),
                before.0.keys().collect::<Vec<_>>()
            );
            for (path, bytes) in &before.0 {
                assert!(after.0[path] == *bytes, "{path} differs after {to:?}");
            }
            assert!(
                after.1 == before.1,
                "what the outputs show differs after {to:?}"
            );
        }
    }
}

#[cfg(test)]
mod random_edits {
    use super::tests::{fixture_copy, rendered};
    use super::*;
    use proptest::prelude::*;

    /// The page's source, made of the generated parts.
    fn page_source(title: &str, date: &str, tags: &[&str], summary: bool, body: &str) -> String {
        let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        let more = if summary {
            "\n\n<!-- more -->\n\n"
        } else {
            "\n\n"
        };
        format!(
            "+++\ntitle = \"{title}\"\ndate = {date}\ncategories = [\"人大会议\"]\ntags = [{}]\n+++\n\n摘要。{more}{body}\n",
            tags.join(", ")
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        /// Whatever the edit (a new title, a date that moves the page to
        /// another year or place, tags old and new, a body with or without
        /// a summary mark), a replacement then `restore` — or a replacement
        /// refused — leaves every output and what it shows as it was.
        #[test]
        fn any_edit_replaced_then_restored_leaves_the_site_as_it_was(
            title in "[一-龥]{1,8}",
            date in prop::sample::select(vec!["2025-12-28", "2025-01-02", "2026-06-30", "2024-03-01"]),
            tags in prop::sample::subsequence(vec!["人代会", "走访", "视察", "新标签"], 0..=4),
            summary in any::<bool>(),
            body in "[一-龥a-z ]{0,40}",
        ) {
            let temp = fixture_copy("basic");
            let root = temp.path();
            let options = BuildOptions {
                root: root.to_path_buf(),
                clock: chrono::NaiveDate::from_ymd_opt(2026, 12, 6),
                ..Default::default()
            };
            let (mut site, _) = Site::load(&options).map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
            let before = rendered(&site);
            let file = "content/news/2025-renda-huiyi.md";
            let i = site.page_of(Path::new(file)).expect("a page");
            let source = page_source(&title, date, &tags, summary, &body);
            std::fs::write(root.join(file), source).expect("write");
            if let Ok((replaced, _)) = site.replace_page(i, &mut Stages::new(false)) {
                site.restore(replaced);
            }
            let after = rendered(&site);
            prop_assert_eq!(after.0.keys().collect::<Vec<_>>(), before.0.keys().collect::<Vec<_>>());
            for (path, bytes) in &before.0 {
                prop_assert!(after.0[path] == *bytes, "{} differs", path);
            }
            prop_assert!(after.1 == before.1, "what the outputs show differs");
        }
    }
}
