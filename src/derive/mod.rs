//! Cross-page facts the site makes by itself: each section's pages in order,
//! the categories and tags taxonomies, and the pages of each year (分类归档).
//!
//! Works on loaded content only (front matter and paths), never on rendered
//! HTML, so it runs before rendering and costs O(pages · log pages).

pub(crate) mod catalog;
pub mod congress;
pub(crate) mod ledger;
#[cfg(test)]
mod testing {
    //! For unit tests of `derive`: a small site written into a temp folder and
    //! loaded with its drafts (as `--drafts` does), so a test can see that what
    //! derive makes of the published pages leaves the drafts out.

    use crate::config::Config;
    use crate::content::{self, Content, LoadOptions};

    /// A site of `files` (path under the root, text) beside a minimal
    /// `site.toml` and home page, loaded with its drafts.
    pub(crate) fn load_with_drafts(files: &[(String, String)]) -> (tempfile::TempDir, Content) {
        let dir = tempfile::tempdir().expect("tmp");
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write(
            "site.toml",
            "title = \"测试\"\nbase_url = \"https://example.gov.cn/\"\n",
        );
        write("content/_index.md", "+++\ntitle = \"首页\"\n+++\n");
        for (rel, text) in files {
            write(rel, text);
        }
        let config = Config::load_all(dir.path(), None).expect("config");
        let (content, _) = content::load(dir.path(), &config, LoadOptions { drafts: true });
        (dir, content)
    }
}

use crate::content::{Content, Page};
use crate::kind::Kind;
use crate::slug;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Newest first; then by weight, title and path so the order is stable.
pub fn newest_first(a: &Page, b: &Page) -> Ordering {
    b.date
        .cmp(&a.date)
        .then(a.front.weight.cmp(&b.front.weight))
        .then_with(|| a.front.title.cmp(&b.front.title))
        .then_with(|| a.rel_path.cmp(&b.rel_path))
}

/// Fills each section's `pages`, newest first.
pub fn sort_sections(content: &mut Content) {
    for s in &mut content.sections {
        s.pages.clear();
    }
    let mut order: Vec<usize> = (0..content.pages.len()).collect();
    order.sort_by(|&a, &b| newest_first(&content.pages[a], &content.pages[b]));
    for i in order {
        let section = content.pages[i].section;
        content.pages[i].position = content.sections[section].pages.len();
        content.sections[section].pages.push(i);
    }
}

#[derive(Debug)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Newest first.
    pub pages: Vec<usize>,
}

#[derive(Debug)]
pub struct Taxonomy {
    /// `categories` or `tags`: the URL folder and the template variable.
    pub name: &'static str,
    /// 分类 / 标签.
    pub label: &'static str,
    /// Most used first, then by slug.
    pub terms: Vec<Term>,
}

impl Taxonomy {
    pub fn term_of(&self, name: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.name == name)
    }
}

#[derive(Debug)]
pub struct Derived {
    pub taxonomies: Vec<Taxonomy>,
    /// Year → pages of that year, newest first (undated pages are in no year).
    pub years: BTreeMap<i32, Vec<usize>>,
    /// Every dated page, newest first (for the site feed and the home page).
    pub timeline: Vec<usize>,
    /// Every unit inspected or evaluated, by slug.
    pub units: Vec<congress::UnitRecord>,
    /// Every delegate named anywhere, by slug.
    pub people: Vec<congress::Person>,
    /// Authors of submissions who are not delegates (the site names them as
    /// delegates nowhere), with their submissions, newest first.
    pub other_authors: Vec<(String, Vec<usize>)>,
    /// The section of delegate pages (`page_kind = "delegate"`), if the site has one.
    pub delegate_section: Option<usize>,
}

impl Derived {
    /// The pages of `year`, newest first (none for a year without pages).
    pub fn pages_of_year(&self, year: i32) -> &[usize] {
        self.years.get(&year).map(Vec::as_slice).unwrap_or_default()
    }
}

/// `roster`: names the site declares delegates (`[submissions] delegates`).
pub fn derive(content: &Content, roster: &[String]) -> Derived {
    let mut timeline: Vec<usize> = (0..content.pages.len())
        .filter(|&i| content.pages[i].date.is_some())
        .collect();
    timeline.sort_by(|&a, &b| newest_first(&content.pages[a], &content.pages[b]));
    let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for &i in &timeline {
        if let Some(d) = content.pages[i].date {
            years.entry(chrono::Datelike::year(&d)).or_default().push(i);
        }
    }
    let taxonomies = vec![
        taxonomy(content, &timeline, "categories", "分类", |p| {
            &p.front.categories
        }),
        taxonomy(content, &timeline, "tags", "标签", |p| &p.front.tags),
    ];
    let (units, people, other_authors) = congress::units_and_people(content, &timeline, roster);
    let delegate_section = content
        .sections
        .iter()
        .position(|s| s.page_kind == Kind::Delegate && !s.dir.is_empty());
    Derived {
        taxonomies,
        years,
        timeline,
        units,
        people,
        other_authors,
        delegate_section,
    }
}

fn taxonomy(
    content: &Content,
    timeline: &[usize],
    name: &'static str,
    label: &'static str,
    terms_of: fn(&Page) -> &Vec<String>,
) -> Taxonomy {
    // Undated pages (delegate profiles) come after the dated ones.
    let undated = (0..content.pages.len()).filter(|&i| content.pages[i].date.is_none());
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for i in timeline.iter().copied().chain(undated) {
        for term in terms_of(&content.pages[i]) {
            let term = term.trim();
            if !term.is_empty() {
                let pages = by_name.entry(term).or_default();
                if pages.last() != Some(&i) {
                    pages.push(i);
                }
            }
        }
    }
    // Slugs are claimed in name order so `-2` suffixes are stable across builds.
    let mut unique = slug::Unique::default();
    let mut terms: Vec<Term> = by_name
        .into_iter()
        .map(|(name, pages)| Term {
            slug: unique.claim(slug::pinyin(name)),
            name: name.to_string(),
            pages,
        })
        .collect();
    terms.sort_by(|a, b| {
        b.pages
            .len()
            .cmp(&a.pages.len())
            .then_with(|| a.slug.cmp(&b.slug))
    });
    Taxonomy { name, label, terms }
}
