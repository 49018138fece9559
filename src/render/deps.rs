//! What each output shows of the site, so an edit re-renders only the
//! outputs that show the edited page (the incremental rebuild of `serve`).
//!
//! An output's [`Deps`] come from its view, the same value its template
//! receives, so they cannot disagree with what is rendered: the view is
//! serialized into a hasher, where everything a view holds of one page is
//! a [`Shown`] that records the page's index and is hashed as that index
//! alone. So [`Deps::pages`] are the pages the output shows, in order, and
//! [`Deps::shape`] is a hash of everything else it shows (counts, neighbour
//! years, term names, the figures of statistics, the kinds' JSON).
//!
//! After one page changes, an output is rendered again when its deps differ
//! from the last build's (a page moved in or out of a listing page, a count
//! changed), or when it shows that page and the page changed there (its
//! summary, or for its own page, anything): a [`Shown`] must hold only
//! what comes from its page's summary, or for the page's own output, from
//! the page. Everything else an output shows comes from the configuration,
//! the sections and the templates, whose changes rebuild the whole site.

use super::{Output, Renderer};
use serde::{Serialize, Serializer};
use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deps {
    /// Pages shown, in order.
    pub pages: Vec<u32>,
    /// A hash of everything else the output shows that pages can change.
    pub shape: u64,
}

impl Deps {
    pub fn shows(&self, page: usize) -> bool {
        self.pages.contains(&(page as u32))
    }
}

/// What a view holds of one page (its summary in a listing, a few fields
/// of it in the archive, its own view on its page): serialized as `value`
/// for the template, as `{"shown": page}` while [`Renderer::deps`] records
/// (a map, so that a `Shown` can be flattened into its parent).
pub(crate) struct Shown<T> {
    pub page: usize,
    pub value: T,
}

impl<T: Serialize> Serialize for Shown<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if record(self.page) {
            s.collect_map([("shown", self.page)])
        } else {
            self.value.serialize(s)
        }
    }
}

thread_local! {
    /// The pages noted while this thread serializes a view for its deps.
    static RECORDED: RefCell<Option<Vec<u32>>> = const { RefCell::new(None) };
}

/// Notes `page` when recording; whether it was.
fn record(page: usize) -> bool {
    RECORDED.with(|r| match r.borrow_mut().as_mut() {
        Some(pages) => {
            pages.push(page as u32);
            true
        }
        None => false,
    })
}

/// Stops recording when dropped, also if serializing panics.
struct Recording;

impl Recording {
    fn start() -> Self {
        RECORDED.with(|r| *r.borrow_mut() = Some(Vec::new()));
        Recording
    }

    fn pages(self) -> Vec<u32> {
        RECORDED.with(|r| r.borrow_mut().take()).unwrap_or_default()
    }
}

impl Drop for Recording {
    fn drop(&mut self) {
        RECORDED.with(|r| *r.borrow_mut() = None);
    }
}

/// Feeds what is written to a hasher (JSON text, without keeping it).
struct HashWriter(DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The deps of a value a template would receive: the pages its [`Shown`]s
/// note, and the hash of the rest.
pub(crate) fn deps_of(view: &impl Serialize) -> Deps {
    let recording = Recording::start();
    let mut w = HashWriter(DefaultHasher::new());
    // Serializing to JSON fails only for a map with a key that is not text:
    // views have none; a failure still gives a shape, and rendering reports it.
    let ok = serde_json::to_writer(&mut w, view).is_ok();
    w.0.write_u8(u8::from(ok));
    Deps {
        pages: recording.pages(),
        shape: w.0.finish(),
    }
}

impl Renderer<'_> {
    /// What output `out` shows (see the module comment).
    pub fn deps(&self, out: &Output) -> Deps {
        deps_of(&self.view(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Listing {
        count: usize,
        pages: Vec<Shown<&'static str>>,
    }

    fn listing(count: usize, pages: &[(usize, &'static str)]) -> Listing {
        let pages = pages
            .iter()
            .map(|&(page, value)| Shown { page, value })
            .collect();
        Listing { count, pages }
    }

    #[test]
    fn deps_are_the_pages_shown_and_a_hash_of_the_rest() {
        let a = deps_of(&listing(2, &[(4, "甲"), (1, "乙")]));
        assert_eq!(a.pages, [4, 1]);
        assert!(a.shows(1) && !a.shows(2));
        // What a page shows is its own business: only where it is counts.
        assert_eq!(a, deps_of(&listing(2, &[(4, "甲改"), (1, "乙")])));
        assert_ne!(a, deps_of(&listing(2, &[(1, "乙"), (4, "甲")])));
        assert_ne!(a, deps_of(&listing(3, &[(4, "甲"), (1, "乙")])));
    }

    #[test]
    fn outside_recording_a_shown_page_is_its_value() {
        let json = serde_json::to_string(&listing(1, &[(7, "甲")])).expect("json");
        assert_eq!(json, r#"{"count":1,"pages":["甲"]}"#);
        let _ = deps_of(&listing(1, &[(7, "甲")]));
        let again = serde_json::to_string(&listing(1, &[(7, "甲")])).expect("json");
        assert_eq!(again, json, "recording stops after deps_of");
    }

    #[derive(Serialize)]
    struct Page {
        #[serde(flatten)]
        own: Shown<Listing>,
        newer: &'static str,
    }

    #[test]
    fn a_shown_page_flattened_into_its_view_is_recorded_and_the_rest_hashed() {
        let page = |newer| Page {
            own: Shown {
                page: 3,
                value: listing(1, &[]),
            },
            newer,
        };
        let a = deps_of(&page("甲"));
        assert_eq!(a.pages, [3]);
        assert_ne!(a, deps_of(&page("乙")));
        let json = serde_json::to_string(&page("甲")).expect("json");
        assert_eq!(json, r#"{"count":1,"pages":[],"newer":"甲"}"#);
    }

    /// A small site (a news section of five pages, two per listing page)
    /// and a function of its renderer.
    fn with_renderer<T>(f: impl FnOnce(&Renderer<'_>, &[Output]) -> T) -> T {
        let pages: Vec<(String, String)> = (1..=5)
            .map(|i| {
                (
                    format!("content/news/n{i}.md"),
                    format!("+++\ntitle = \"第{i}篇\"\ndate = 2026-01-0{i}\n+++\n正文。\n"),
                )
            })
            .collect();
        let mut files = vec![
            (
                "site.toml",
                "title = \"测试\"\nbase_url = \"https://example.gov.cn/\"\npaginate_by = 2\n",
            ),
            ("content/_index.md", "+++\ntitle = \"首页\"\n+++\n"),
            ("content/news/_index.md", "+++\ntitle = \"要闻\"\n+++\n"),
        ];
        files.extend(pages.iter().map(|(a, b)| (a.as_str(), b.as_str())));
        let dir = crate::render::testing::write_site(&files);
        crate::render::testing::with_renderer(dir.path(), f)
    }

    /// The titles of the pages `deps` lists, and those the template gets.
    fn deps_and_shown(path: &str, list: &[&str]) -> (Vec<String>, Vec<String>) {
        with_renderer(|r, outputs| {
            let out = outputs.iter().find(|o| o.path == path).expect("output");
            let deps = r.deps(out);
            let titles = deps
                .pages
                .iter()
                .map(|&i| r.content.pages[i as usize].front.title.clone())
                .collect();
            let json = serde_json::to_value(r.view(out)).expect("json");
            let mut shown = &json;
            for key in list {
                shown = &shown[*key];
            }
            let shown = shown
                .as_array()
                .expect("a list of pages")
                .iter()
                .map(|p| p["title"].as_str().expect("title").to_string())
                .collect();
            (titles, shown)
        })
    }

    #[test]
    fn a_listing_depends_on_exactly_the_pages_its_view_shows() {
        let (deps, shown) = deps_and_shown("news/page/2/index.html", &["paginator", "pages"]);
        assert_eq!(deps, ["第3篇", "第2篇"]);
        assert_eq!(deps, shown);
        let (deps, shown) = deps_and_shown("news/rss.xml", &["feed", "pages"]);
        assert_eq!(deps, ["第5篇", "第4篇", "第3篇", "第2篇", "第1篇"]);
        assert_eq!(deps, shown);
    }

    /// On the fixture site with every kind: wherever an output's view
    /// holds a page's whole summary (a listing, a delegate's inspections, a
    /// unit's, the submissions of a year), its deps note the page; so a
    /// summary is never hashed into the shape (which made every edit in
    /// `serve` hash all of them), and an edit of the page still renders
    /// the output again.
    #[test]
    fn every_summary_a_view_holds_is_a_page_its_deps_note() {
        use crate::render::Job;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/kinds");
        crate::render::testing::with_renderer(&root, |r, outputs| {
            let summaries: Vec<String> = r
                .summaries
                .iter()
                .map(|s| serde_json::to_string(s).expect("json"))
                .collect();
            let mut checked: Vec<&str> = vec![];
            for out in outputs {
                let view = serde_json::to_string(&r.view(out)).expect("json");
                let deps = r.deps(out);
                for (i, summary) in summaries.iter().enumerate() {
                    if !view.contains(summary.as_str()) {
                        continue;
                    }
                    assert!(deps.shows(i), "{} holds page {i} unnoted", out.path);
                    checked.push(match out.job {
                        Job::Unit(_) => "unit",
                        Job::Person(_) => "person",
                        Job::StatsYear(_) => "stats",
                        Job::Page(_) => "delegate's page",
                        Job::Section { .. } => "section",
                        _ => "other",
                    });
                }
            }
            for job in ["unit", "person", "stats", "delegate's page", "section"] {
                assert!(checked.contains(&job), "no {job} lists a page: {checked:?}");
            }
        });
    }

    #[test]
    fn a_page_depends_on_itself_alone() {
        with_renderer(|r, outputs| {
            let out = outputs
                .iter()
                .find(|o| o.path == "news/n3/index.html")
                .expect("output");
            let deps = r.deps(out);
            let i = r
                .content
                .pages
                .iter()
                .position(|p| p.rel_path == "news/n3.md");
            assert_eq!(deps.pages, [i.expect("page") as u32]);
        });
    }
}
