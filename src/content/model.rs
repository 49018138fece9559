//! What loading `content/` produces: pages, sections, their attachments and
//! loose files, and the 索引号 each page claims. Plain data; reading the
//! files into it is `content`'s (`mod.rs`), and what the pages say about
//! each other is `derive`'s.

use super::front_matter::{PageFrontMatter, SectionFrontMatter};
use super::kinds;
use crate::diagnostics::Diagnostic;
use chrono::NaiveDateTime;
use std::path::PathBuf;

use crate::kind::Kind;

/// A file copied beside a page's HTML (PDF, DOCX, images …).
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    pub name: String,
    pub size: u64,
}

#[derive(Debug)]
pub struct Page {
    /// Relative to `content/`, with `/`: `news/2026-huiyi.md`.
    pub rel_path: String,
    /// Relative to the site root, for messages: `content/news/2026-huiyi.md`.
    pub file: PathBuf,
    pub front: PageFrontMatter,
    pub kind: Kind,
    pub date: Option<NaiveDateTime>,
    pub updated: Option<NaiveDateTime>,
    pub body: String,
    pub body_line: usize,
    pub slug: String,
    /// URL path relative to the site root: `news/2026-huiyi/`.
    pub rel_url: String,
    /// Index into `Content::sections`.
    pub section: usize,
    /// Its place in its section's `pages` (set by `derive::sort_sections`).
    pub position: usize,
    pub assets: Vec<Asset>,
    /// The folder of an `index.md` page, whose other files are its assets.
    pub bundle_dir: Option<PathBuf>,
    /// Template named in the front matter, with its line.
    pub template: Option<(String, usize)>,
    /// 索引号 with its line.
    pub index_no: Option<(String, usize)>,
    /// The line of `date`, for messages about it.
    pub date_line: Option<usize>,
    /// The line of each kind table (`[evaluation]` …), for messages about
    /// the table as a whole.
    pub table_lines: Vec<(&'static str, usize)>,
    /// Personal data found in the file or its attachments' names, reported
    /// only if the page is published.
    pub personal_data: Vec<Diagnostic>,
    /// What is left of a template (placeholders, an evaluation without votes),
    /// reported only if the page is published and not a draft.
    pub unfinished: Vec<Diagnostic>,
    /// Problems of the kind tables, by the kind they apply to (kept until the
    /// page's kind is known from its section).
    pub problems_of_kind: Vec<(Kind, Diagnostic)>,
    /// What the page's kind table sets due (`kinds::Deadline`), open or done;
    /// only its kind's once the section is known.
    pub deadlines: Vec<kinds::Deadline>,
}

impl Page {
    /// When the event the page reports took place, as its kind table says
    /// (an inspection's 视察日期), else its `date`.
    pub fn visit_date(&self) -> Option<chrono::NaiveDate> {
        kinds::event_date(&self.front).or(self.date.map(|d| d.date()))
    }

    /// The line of the kind table `[table]`, if the page has it.
    pub fn table_line(&self, table: &str) -> Option<usize> {
        self.table_lines
            .iter()
            .find(|(t, _)| *t == table)
            .map(|&(_, line)| line)
    }
}

#[derive(Debug)]
pub struct Section {
    /// `news/_index.md`, or `_index.md` for the home page.
    pub rel_path: String,
    pub file: PathBuf,
    pub front: SectionFrontMatter,
    pub page_kind: Kind,
    pub body: String,
    pub body_line: usize,
    /// `news/`, or empty for the home page.
    pub rel_url: String,
    /// Folder relative to `content/` (`news`, or empty).
    pub dir: String,
    /// Parent section, None for the home page.
    pub parent: Option<usize>,
    /// Published pages, newest first (filled by `sort_and_link`).
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    pub template: Option<(String, usize)>,
    /// Line of `stale_after_days` in `file`, when the section sets it.
    pub stale_line: Option<usize>,
}

/// A file under `content/` that is neither Markdown nor a page's asset, copied as is.
#[derive(Debug, Clone)]
pub struct LooseFile {
    pub source: PathBuf,
    pub rel_out: String,
}

#[derive(Debug, Default)]
pub struct Content {
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub loose_files: Vec<LooseFile>,
    /// Pages left out of the site (drafts, unpublished submissions): their paths,
    /// so links to them can be told apart from typos later.
    pub unpublished: Vec<String>,
    /// Markdown files that could not be read (their error is reported): links
    /// to them are not reported a second time.
    pub unreadable: Vec<String>,
    /// The 索引号 of every page read, published or not: they must stay unique.
    pub index_numbers: Vec<IndexNumber>,
    /// Files under `content/` left out by the rule of [`crate::publish`],
    /// as warnings naming each (`check` reports them).
    pub not_published: Vec<Diagnostic>,
}

/// A page's 索引号, where it is written.
#[derive(Debug, Clone)]
pub struct IndexNumber {
    pub rel_path: String,
    pub file: PathBuf,
    pub number: String,
    pub line: usize,
}

impl IndexNumber {
    pub(crate) fn of(page: &Page) -> Option<IndexNumber> {
        page.index_no.as_ref().map(|(number, line)| IndexNumber {
            rel_path: page.rel_path.clone(),
            file: page.file.clone(),
            number: number.clone(),
            line: *line,
        })
    }
}

/// The outcome of reading one edited page again ([`reload_page`]).
pub enum Reloaded {
    /// The page as it is now, with warnings (never errors).
    Page(Box<Page>, Vec<Diagnostic>),
    /// The page has errors; the loaded content is still the last good one.
    Failed(Vec<Diagnostic>),
    /// The edit changes more than this page: it left the site (a draft now,
    /// or unreadable), or moved to another URL that other pages link to.
    ChangesMore,
}

impl Content {
    /// Puts `page` in place of page `i` (the same file, edited) and returns the
    /// one it replaces; its 索引号 goes with it.
    pub fn replace_page(&mut self, i: usize, page: Page) -> Page {
        self.index_numbers.retain(|n| n.rel_path != page.rel_path);
        self.index_numbers.extend(IndexNumber::of(&page));
        std::mem::replace(&mut self.pages[i], page)
    }
}

/// Options of a load that change what is published.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}
