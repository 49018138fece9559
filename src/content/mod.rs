//! Loading `content/`: walking the folder, reading each Markdown file's front
//! matter, and placing every page in its section with its URL.
//!
//! This stage reads files and checks what a single file can tell (its TOML,
//! its title and date). Other files are kept as attachments or loose files
//! only when the rule of [`crate::publish`] allows them; the others are
//! listed in [`Content::not_published`]. Rendering Markdown and cross-page
//! facts (listings, taxonomies, links between pages) are later stages, and
//! copying the files is `copies`'.

pub mod front_matter;
pub mod kinds;
mod links;
mod model;
pub(crate) mod placeholder;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::Msg;

use front_matter::{PageFrontMatter, SectionFrontMatter, Split};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

pub use crate::kind::Kind;
pub use model::{Asset, Content, IndexNumber, LoadOptions, LooseFile, Page, Reloaded, Section};

enum Loaded {
    Page(Box<Page>),
    Section(Box<Section>),
}

/// Reads every file under `root/content`. Returns the content and all diagnostics.
pub fn load(root: &Path, config: &Config, options: LoadOptions) -> (Content, Diagnostics) {
    let mut diags = Diagnostics::default();
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diags.push(Diagnostic::error(Msg::ContentNotFound));
        return (Content::default(), diags);
    }
    let (markdown, others, not_published) = walk(root, &content_dir, config, &mut diags);
    let loaded: Vec<Result<(Loaded, Vec<Diagnostic>), Unreadable>> = markdown
        .par_iter()
        .map(|path| load_markdown(root, &content_dir, path, config))
        .collect();

    let mut content = Content {
        not_published,
        ..Content::default()
    };
    let mut pages = Vec::new();
    for (item, path) in loaded.into_iter().zip(&markdown) {
        match item {
            Ok((loaded, problems)) => {
                diags.extend(problems);
                match loaded {
                    Loaded::Page(p) => pages.push(*p),
                    Loaded::Section(s) => content.sections.push(*s),
                }
            }
            Err(Unreadable(ds)) => {
                diags.extend(ds);
                content.unreadable.push(rel_slash(&content_dir, path));
            }
        }
    }
    ensure_home(&mut content.sections);
    link_sections(&mut content.sections);

    let section_by_dir: HashMap<String, usize> = content
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.clone(), i))
        .collect();
    content.index_numbers = pages.iter().filter_map(IndexNumber::of).collect();
    diags.extend(duplicate_index_numbers(&content.index_numbers));
    for mut page in pages {
        let dir = parent_dir(&page.rel_path, page.bundle_dir.is_some());
        page.section = nearest_section(&dir, &section_by_dir);
        diags.extend(settle_kind(&mut page, &content.sections));
        if is_published(&page, config, options) {
            diags.extend(page.personal_data.drain(..));
            diags.extend(finished_or_not(&mut page));
            content.pages.push(page);
        } else {
            content.unpublished.push(page.rel_path);
        }
    }
    diags.extend(kinds::check_across(&content.pages));
    attach_assets(&mut content, others, &content_dir);
    (content, diags)
}

/// Reads page `i` of `content` again after its file was edited, checking it
/// as [`load`] would. `content` is not changed.
pub fn reload_page(
    root: &Path,
    config: &Config,
    options: LoadOptions,
    content: &Content,
    i: usize,
) -> Reloaded {
    let old = &content.pages[i];
    let content_dir = root.join("content");
    let (mut page, cleaned) = match load_markdown(root, &content_dir, &root.join(&old.file), config)
    {
        Ok((Loaded::Page(page), cleaned)) => (*page, cleaned),
        Ok((Loaded::Section(_), _)) => return Reloaded::ChangesMore,
        Err(Unreadable(ds)) => return Reloaded::Failed(ds),
    };
    page.section = old.section;
    page.position = old.position;
    page.assets = old.assets.clone();
    let mut diags = cleaned;
    diags.extend(settle_kind(&mut page, &content.sections));
    if !is_published(&page, config, options) || page.rel_url != old.rel_url {
        return Reloaded::ChangesMore;
    }
    diags.append(&mut page.personal_data);
    diags.extend(finished_or_not(&mut page));
    // A year or round edited in `serve` is checked against the other evaluations.
    let others = content.pages.iter().enumerate().filter(|(j, _)| *j != i);
    diags.extend(kinds::check_across(others.map(|(_, p)| p).chain([&page])));
    let mut numbers: Vec<IndexNumber> = content
        .index_numbers
        .iter()
        .filter(|n| n.rel_path != page.rel_path)
        .cloned()
        .collect();
    numbers.extend(IndexNumber::of(&page));
    diags.extend(duplicate_index_numbers(&numbers));
    if diags.iter().any(Diagnostic::is_error) {
        Reloaded::Failed(diags)
    } else {
        Reloaded::Page(Box::new(page), diags)
    }
}

/// A symbolic link under `content/` (or a `static/` folder) is read only
/// when it leads to a file inside the site folder and not inside a hidden
/// one (a link to a folder is not followed): a link out of the site could
/// publish anything on the computer, one into `.git/` the site's history.
/// Returns whether it is a file to read.
/// Whether a walked entry counts as a file: a hidden one always does (it is
/// reported as left out, never followed); a symbolic link when it leads to a
/// file inside the site (else the error of [`followed_symlink`]).
pub(crate) fn walked_file(
    root: &Path,
    entry: &walkdir::DirEntry,
    hidden: bool,
) -> Result<bool, Diagnostic> {
    if hidden {
        Ok(true)
    } else if entry.path_is_symlink() {
        followed_symlink(root, entry.path())
    } else {
        Ok(entry.file_type().is_file())
    }
}

pub(crate) fn followed_symlink(root: &Path, link: &Path) -> Result<bool, Diagnostic> {
    let shown = rel_to(root, link);
    let target = link
        .canonicalize()
        .map_err(|_| Diagnostic::error(Msg::SymlinkBroken).at(&shown, None))?;
    let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if !target.starts_with(&site) {
        return Err(Diagnostic::error(Msg::SymlinkOutside {
            target: target.to_string_lossy().into_owned(),
        })
        .at(&shown, None));
    }
    // A link named `notes.txt` must not publish `.env` or `.git/config`.
    let hidden = target
        .strip_prefix(&site)
        .unwrap_or(&target)
        .components()
        .any(|c| crate::publish::is_hidden(&c.as_os_str().to_string_lossy()));
    if hidden {
        return Err(Diagnostic::error(Msg::SymlinkHidden {
            target: rel_slash(&site, &target),
        })
        .at(&shown, None));
    }
    Ok(target.is_file())
}

/// Gives a page without a `kind` its section's, and returns the problems of
/// the kind it has (its table's, and a missing date).
fn settle_kind(page: &mut Page, sections: &[Section]) -> Vec<Diagnostic> {
    if page.front.kind.is_none() {
        page.kind = sections[page.section].page_kind;
    }
    let kind = page.kind;
    page.deadlines.retain(|d| d.kind == kind);
    let mut diags: Vec<Diagnostic> = page
        .problems_of_kind
        .drain(..)
        .filter(|(k, _)| *k == kind)
        .map(|(_, d)| d)
        .collect();
    if kind.needs_date() && page.date.is_none() {
        diags.push(
            Diagnostic::error(Msg::MissingDate {
                kind: kind.as_str().to_string(),
            })
            .at(&page.file, Some(1)),
        );
    }
    diags
}

/// 索引号 must be unique across the site, drafts and unpublished pages included
/// (they will be published one day with the number they have).
fn duplicate_index_numbers(numbers: &[IndexNumber]) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, &IndexNumber> = HashMap::new();
    let mut out = vec![];
    let mut sorted: Vec<&IndexNumber> = numbers.iter().collect();
    sorted.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    for n in sorted {
        if let Some(first) = seen.insert(n.number.as_str(), n) {
            out.push(
                Diagnostic::error(Msg::DuplicateIndexNo {
                    index_no: n.number.clone(),
                    other: first.file.to_string_lossy().replace('\\', "/"),
                })
                .at(&n.file, Some(n.line)),
            );
        }
    }
    out
}

/// Personal data in a whole file (front matter and body), each at its line.
fn scan_personal_data(text: &str, file: &Path, config: &Config) -> Vec<Diagnostic> {
    crate::privacy::scan(text, &config.privacy.allow)
        .into_iter()
        .map(|f| {
            Diagnostic::error(personal_data_msg(&f)).at(
                file,
                Some(crate::diagnostics::line_of_offset(text, f.start)),
            )
        })
        .collect()
}

fn personal_data_msg(f: &crate::privacy::Finding) -> Msg {
    Msg::PersonalData {
        kind_zh: f.kind.label_zh().to_string(),
        kind_en: f.kind.label_en().to_string(),
        masked: f.masked.clone(),
    }
}

/// The files under `content/`: Markdown, other files to publish, and a
/// warning for each file the rule of [`crate::publish`] leaves out (a hidden
/// folder once, not each file in it).
fn walk(
    root: &Path,
    content_dir: &Path,
    config: &Config,
    diags: &mut Diagnostics,
) -> (Vec<PathBuf>, Vec<PathBuf>, Vec<Diagnostic>) {
    let (mut markdown, mut others, mut left_out) = (Vec::new(), Vec::new(), Vec::new());
    let mut entries = walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let e = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map(|p| rel_to(root, p)).unwrap_or_default();
                diags.push(
                    Diagnostic::error(Msg::ReadFailed {
                        detail: err.to_string(),
                    })
                    .at(path, None),
                );
                continue;
            }
        };
        // A hidden entry is reported, never followed or read: a link named
        // `.env` leading out of the site is not an error, only left out.
        let hidden = e.depth() > 0 && crate::publish::is_hidden(&e.file_name().to_string_lossy());
        if hidden && e.file_type().is_dir() {
            entries.skip_current_dir();
        }
        let is_file = walked_file(root, &e, hidden).unwrap_or_else(|d| {
            diags.push(d);
            false
        });
        if !is_file {
            continue;
        }
        let mut rel = rel_slash(content_dir, e.path());
        if e.file_type().is_dir() {
            rel.push('/');
        }
        if !hidden && e.path().extension().is_some_and(|x| x == "md") {
            markdown.push(e.into_path());
        } else if let Some(why) = crate::publish::verdict(
            &rel,
            crate::messages::Place::Content,
            &config.build.publish_extra,
        ) {
            left_out.push(Diagnostic::warning(why).at(rel_to(root, e.path()), None));
        } else {
            others.push(e.into_path());
        }
    }
    (markdown, others, left_out)
}

/// The template leftovers of a published page: none while it is a draft
/// (previewed with `--drafts`, it is expected to be unfinished).
fn finished_or_not(page: &mut Page) -> Vec<Diagnostic> {
    if page.front.draft {
        return Vec::new();
    }
    std::mem::take(&mut page.unfinished)
}

/// Drafts only with `--drafts`; the rest as its kind says (submissions
/// only in a public status).
fn is_published(page: &Page, config: &Config, options: LoadOptions) -> bool {
    if page.front.draft && !options.drafts {
        return false;
    }
    kinds::spec(page.kind).is_public(&page.front, config)
}

fn rel_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// `path` under `base`, with `/` separators.
pub(crate) fn rel_slash(base: &Path, path: &Path) -> String {
    rel_to(base, path).to_string_lossy().replace('\\', "/")
}

/// Reads a file as UTF-8 with LF line ends and no BOM.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(Msg::ReadFailed {
            detail: e.to_string(),
        })
        .at(shown, None)
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = crate::diagnostics::line_of_offset(
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        Diagnostic::error(Msg::NotUtf8).at(shown, Some(line))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

/// Why a Markdown file could not be read: usually one problem, but every
/// unknown field of its front matter at once.
pub(crate) struct Unreadable(Vec<Diagnostic>);

impl From<Diagnostic> for Unreadable {
    fn from(d: Diagnostic) -> Self {
        Unreadable(vec![d])
    }
}

/// Reads one Markdown file. A file that cannot be read at all is an `Err`;
/// otherwise the problems found in it come with what was read.
fn load_markdown(
    root: &Path,
    content_dir: &Path,
    path: &Path,
    config: &Config,
) -> Result<(Loaded, Vec<Diagnostic>), Unreadable> {
    let file = rel_to(root, path);
    let rel_path = rel_slash(content_dir, path);
    let text = read_text(path, &file)?;
    let (text, removed) = crate::control::strip(&text);
    let cleaned: Vec<Diagnostic> = removed
        .into_iter()
        .map(|r| {
            Diagnostic::warning(Msg::ControlCharsRemoved {
                chars: r.chars,
                count: r.count,
            })
            .at(&file, Some(r.line))
        })
        .collect();
    let split = front_matter::split(&text, &file)?;
    if let Some((at, chars)) = crate::control::escaped_in_toml(split.front) {
        let line = split.front_line + crate::diagnostics::line_of_offset(split.front, at) - 1;
        return Err(Diagnostic::error(Msg::EscapedControlChar { chars })
            .at(&file, Some(line))
            .into());
    }
    let is_section = path.file_name().is_some_and(|n| n == "_index.md");
    if is_section {
        let front: SectionFrontMatter =
            crate::tomlx::parse_all(split.front, &file, split.front_line, |d| {
                Msg::FrontMatterToml { detail: d }
            })
            .map_err(Unreadable)?;
        let page_kind = kind_of(&front.page_kind, &split, &file)?.unwrap_or(Kind::Article);
        let dir = parent_dir(&rel_path, false);
        let rel_url = if dir.is_empty() {
            String::new()
        } else {
            format!("{}/", url_dir(&dir))
        };
        let template = front.template.as_ref().map(|t| {
            (
                t.get_ref().clone(),
                front_matter::span_line(&split, t.span()),
            )
        });
        let stale_line = front
            .stale_after_days
            .as_ref()
            .map(|d| front_matter::span_line(&split, d.span()));
        let mut problems = cleaned;
        problems.extend(scan_personal_data(&text, &file, config));
        problems.extend(crate::content::placeholder::in_file(&split, &file));
        problems.extend(links::unsafe_urls(&front.extra, None, &split, &file));
        return Ok((
            Loaded::Section(Box::new(Section {
                rel_path,
                file,
                page_kind,
                body: split.body.to_string(),
                body_line: split.body_line,
                rel_url,
                dir,
                parent: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                template,
                stale_line,
                front,
            })),
            problems,
        ));
    }
    let front: PageFrontMatter = kinds::with_years(config.build.years(), || {
        crate::tomlx::parse_all(split.front, &file, split.front_line, |d| {
            Msg::FrontMatterToml { detail: d }
        })
    })
    .map_err(Unreadable)?;
    let date = front.date.as_ref().map(|d| d.get_ref().0);
    let updated = front.updated.as_ref().map(|d| d.get_ref().0);
    let kind = kind_of(&front.kind, &split, &file)?.unwrap_or(Kind::Article);
    // The kind may still come from the section, unknown here: check the table
    // as every kind that the page could be, and keep the problems of its kind.
    let at = kinds::Locator {
        file: &file,
        split: &split,
    };
    let could_be = |k: &Kind| front.kind.is_none() || *k == kind;
    let deadlines = kinds::deadlines(Kind::ALL.into_iter().filter(could_be), &front, config, &at);
    let problems_of_kind: Vec<(Kind, Diagnostic)> = Kind::ALL
        .iter()
        .filter(|k| could_be(k))
        .flat_map(|&k| {
            kinds::validate(k, &front, config, &at)
                .into_iter()
                .map(move |d| (k, d))
        })
        .collect();
    if front.title.trim().is_empty() {
        return Err(Diagnostic::error(Msg::MissingTitle)
            .at(&file, Some(split.front_line))
            .into());
    }
    let index_no = front
        .disclosure
        .as_ref()
        .and_then(|d| d.index_no.as_ref())
        .filter(|n| !n.get_ref().trim().is_empty())
        .map(|n| {
            (
                n.get_ref().trim().to_string(),
                front_matter::span_line(&split, n.span()),
            )
        });
    let mut personal_data = scan_personal_data(&text, &file, config);
    personal_data.extend(
        front
            .disclosure
            .as_ref()
            .and_then(|d| d.problems(&split, &file)),
    );
    personal_data.extend(links::unsafe_urls(
        &front.extra,
        kinds::link_url(&front),
        &split,
        &file,
    ));
    let date_line = front
        .date
        .as_ref()
        .map(|d| front_matter::span_line(&split, d.span()));
    let table_lines = kinds::table_lines(&front, &at);
    let mut unfinished = crate::content::placeholder::in_file(&split, &file);
    unfinished.extend(kinds::unfinished(&front, &at));
    if let Some(from) = &front.from {
        let line = front_matter::span_line(&split, from.span());
        unfinished.extend(crate::content::placeholder::copy_unchanged(
            root,
            from.get_ref(),
            split.body,
            &file,
            line,
        ));
    }
    let is_bundle = path.file_name().is_some_and(|n| n == "index.md");
    let stem = if is_bundle {
        path.parent().and_then(Path::file_name)
    } else {
        path.file_stem()
    }
    .map(|s| s.to_string_lossy().into_owned())
    .unwrap_or_default();
    let slug = crate::slug::from_name(front.slug.as_deref().unwrap_or(&stem));
    let dir = parent_dir(&rel_path, is_bundle);
    let rel_url = if dir.is_empty() {
        format!("{slug}/")
    } else {
        format!("{}/{slug}/", url_dir(&dir))
    };
    let template = front.template.as_ref().map(|t| {
        (
            t.get_ref().clone(),
            front_matter::span_line(&split, t.span()),
        )
    });
    Ok((
        Loaded::Page(Box::new(Page {
            rel_path,
            file,
            kind,
            date,
            updated,
            body: split.body.to_string(),
            body_line: split.body_line,
            slug,
            rel_url,
            section: 0,
            position: 0,
            assets: Vec::new(),
            bundle_dir: is_bundle
                .then(|| path.parent().map(Path::to_path_buf))
                .flatten(),
            template,
            index_no,
            date_line,
            table_lines,
            personal_data,
            unfinished,
            problems_of_kind,
            deadlines,
            front,
        })),
        cleaned,
    ))
}

fn kind_of(
    value: &Option<toml::Spanned<String>>,
    split: &Split<'_>,
    file: &Path,
) -> Result<Option<Kind>, Diagnostic> {
    let Some(v) = value else { return Ok(None) };
    Kind::parse(v.get_ref()).map(Some).ok_or_else(|| {
        Diagnostic::error(Msg::UnknownKind {
            value: v.get_ref().clone(),
        })
        .at(file, Some(front_matter::span_line(split, v.span())))
    })
}

/// The folder a file's URL hangs from: `news/a.md` → `news`; `news/a/index.md` → `news`.
fn parent_dir(rel_path: &str, is_bundle: bool) -> String {
    let mut parts: Vec<&str> = rel_path.split('/').collect();
    parts.pop();
    if is_bundle {
        parts.pop();
    }
    parts.join("/")
}

/// Each folder name made URL-safe the same way as file names.
fn url_dir(dir: &str) -> String {
    dir.split('/')
        .map(crate::slug::from_name)
        .collect::<Vec<_>>()
        .join("/")
}

fn nearest_section(dir: &str, by_dir: &HashMap<String, usize>) -> usize {
    let mut d = dir.to_string();
    loop {
        if let Some(&i) = by_dir.get(&d) {
            return i;
        }
        match d.rfind('/') {
            Some(i) => d.truncate(i),
            None if !d.is_empty() => d.clear(),
            None => return by_dir.get("").copied().unwrap_or(0),
        }
    }
}

/// A site without `content/_index.md` still gets a home page.
fn ensure_home(sections: &mut Vec<Section>) {
    if sections.iter().any(|s| s.dir.is_empty()) {
        return;
    }
    let front: SectionFrontMatter =
        toml::from_str("title = \"首页\"").expect("a literal front matter parses");
    sections.push(Section {
        rel_path: "_index.md".into(),
        file: PathBuf::from("content/_index.md"),
        front,
        page_kind: Kind::Article,
        body: String::new(),
        body_line: 1,
        rel_url: String::new(),
        dir: String::new(),
        parent: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        template: None,
        stale_line: None,
    });
}

/// Sorts sections by folder (home first) and sets parents and subsections.
fn link_sections(sections: &mut [Section]) {
    sections.sort_by(|a, b| a.dir.cmp(&b.dir));
    let by_dir: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.clone(), i))
        .collect();
    for i in 0..sections.len() {
        if sections[i].dir.is_empty() {
            continue;
        }
        let parent = nearest_section(
            &parent_dir(&format!("{}/x", sections[i].dir), true),
            &by_dir,
        );
        sections[i].parent = Some(parent);
        sections[parent].subsections.push(i);
    }
    let order: Vec<(i64, String)> = sections
        .iter()
        .map(|s| (s.front.weight, s.dir.clone()))
        .collect();
    for s in sections.iter_mut() {
        s.subsections.sort_by(|a, b| order[*a].cmp(&order[*b]));
    }
}

/// Files beside an `index.md` belong to that page (and are published only with it);
/// other files are copied to the same place in the output.
fn attach_assets(content: &mut Content, files: Vec<PathBuf>, content_dir: &Path) {
    let bundles: HashMap<PathBuf, usize> = content
        .pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.bundle_dir.clone().map(|d| (d, i)))
        .collect();
    let unpublished_bundles: Vec<PathBuf> = content
        .unpublished
        .iter()
        .filter(|p| p.ends_with("/index.md"))
        .filter_map(|p| content_dir.join(p).parent().map(Path::to_path_buf))
        .collect();
    let mut by_page: BTreeMap<usize, Vec<Asset>> = BTreeMap::new();
    for file in files {
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Some(&page) = bundles.get(&dir) {
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            by_page.entry(page).or_default().push(Asset {
                source: file,
                name,
                size,
            });
        } else if unpublished_bundles.iter().any(|d| file.starts_with(d)) {
            continue;
        } else {
            content.loose_files.push(LooseFile {
                rel_out: rel_slash(content_dir, &file),
                source: file,
            });
        }
    }
    for (page, assets) in by_page {
        content.pages[page].assets = assets;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_dirs() {
        assert_eq!(parent_dir("news/a.md", false), "news");
        assert_eq!(parent_dir("news/a/index.md", true), "news");
        assert_eq!(parent_dir("a.md", false), "");
    }

    #[test]
    fn nearest_section_walks_up() {
        let by_dir: HashMap<String, usize> = [("".to_string(), 0), ("news".to_string(), 1)]
            .into_iter()
            .collect();
        assert_eq!(nearest_section("news/2026/x", &by_dir), 1);
        assert_eq!(nearest_section("other", &by_dir), 0);
        assert_eq!(nearest_section("", &by_dir), 0);
    }
}
