//! The files copied as they are into the output: the built-in theme's
//! `static/`, then a theme folder's `static/`, the site's `static/`, loose
//! files under `content/` and page attachments.
//!
//! Which files may be published at all is the rule of [`crate::publish`]
//! (applied here to `static/` folders, and by `content` to `content/`).
//! Here: the plan of what goes where, made before anything is written, so
//! that `check` reports what `build` would do; and the errors of a copied
//! file that would replace a file gongkai makes (a page, the search index,
//! the code style sheet) or another copied file. The site's `static/`
//! replacing a theme's file of the same name is layering, not an error.

use crate::config::Config;
use crate::content::{self, Content};
use crate::diagnostics::Diagnostic;
use crate::messages::{Generated, Msg, Place};
use crate::output::Staging;
use crate::render::{self, Output};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The code style sheet gongkai writes (not a template output).
pub(crate) const SYNTAX_CSS: &str = "css/syntax.css";

/// What the build copies, and what it leaves out.
#[derive(Debug, Default)]
pub struct Copies {
    /// By path in the output.
    files: BTreeMap<String, CopiedFile>,
    /// A warning for each file of a `static/` folder left out by the rule
    /// (`content/`'s are in [`Content::not_published`]).
    pub(crate) not_published: Vec<Diagnostic>,
}

#[derive(Debug)]
struct CopiedFile {
    source: PathBuf,
    /// Relative to the site root, for messages.
    shown: PathBuf,
    from_theme: bool,
}

/// Plans every copy of the site. Errors (a symbolic link out of the site,
/// two files at one path) are returned beside the plan.
pub(crate) fn plan(root: &Path, config: &Config, content: &Content) -> (Copies, Vec<Diagnostic>) {
    let mut copies = Copies::default();
    let mut problems = vec![];
    if let Some(theme) = render::templates::theme_dir(root, &config.theme) {
        let folder = theme.join("static");
        for (source, rel) in static_files(root, &folder, config, &mut copies, &mut problems) {
            copies.add(root, source, rel, true, &mut problems);
        }
    }
    let folder = root.join("static");
    for (source, rel) in static_files(root, &folder, config, &mut copies, &mut problems) {
        copies.add(root, source, rel, false, &mut problems);
    }
    for f in &content.loose_files {
        copies.add(
            root,
            f.source.clone(),
            f.rel_out.clone(),
            false,
            &mut problems,
        );
    }
    for page in &content.pages {
        for asset in &page.assets {
            let rel = format!("{}{}", page.rel_url, asset.name);
            copies.add(root, asset.source.clone(), rel, false, &mut problems);
        }
    }
    for file in copies.files.values() {
        problems.extend(crate::script_files::check(root, &file.source, config));
    }
    (copies, problems)
}

impl Copies {
    /// Every planned copy: (path in the output, source file).
    /// Every path `write` publishes: the built-in theme's files, the code
    /// style sheet and the planned copies.
    pub(crate) fn published_paths(&self) -> impl Iterator<Item = String> + '_ {
        embedded_files()
            .into_iter()
            .map(|(rel, _)| rel)
            .chain([SYNTAX_CSS.to_string()])
            .chain(self.files.keys().cloned())
    }

    pub(crate) fn files(&self) -> impl Iterator<Item = (&str, &Path)> {
        self.files
            .iter()
            .map(|(rel, file)| (rel.as_str(), file.source.as_path()))
    }

    /// Adds a copy; a site file replaces a theme file silently, any other
    /// second file at one path is an error naming both.
    fn add(
        &mut self,
        root: &Path,
        source: PathBuf,
        rel: String,
        from_theme: bool,
        problems: &mut Vec<Diagnostic>,
    ) {
        let shown = source.strip_prefix(root).unwrap_or(&source).to_path_buf();
        if let Some(first) = self.files.get(&rel).filter(|f| !f.from_theme) {
            problems.push(
                Diagnostic::error(Msg::SameOutputTwice {
                    output: rel,
                    other: first.shown.to_string_lossy().replace('\\', "/"),
                })
                .at(shown, None),
            );
            return;
        }
        self.files.insert(
            rel,
            CopiedFile {
                source,
                shown,
                from_theme,
            },
        );
    }

    /// Copies every planned file, after the built-in theme's files and the
    /// code style sheet. Returns how many files were written.
    pub(crate) fn write(&self, staging: &Staging) -> Result<usize, Diagnostic> {
        let mut count = 0;
        for (rel, contents) in embedded_files() {
            match compact_script(&rel, contents) {
                Some(compact) => staging.write(&rel, compact.as_bytes())?,
                None => staging.write(&rel, contents)?,
            }
            count += 1;
        }
        staging.write(SYNTAX_CSS, crate::markdown::highlight_css().as_bytes())?;
        count += 1;
        for (rel, file) in &self.files {
            let theme_script = file.from_theme && rel.ends_with(".js");
            let compact = match theme_script {
                true => std::fs::read(&file.source)
                    .ok()
                    .and_then(|bytes| compact_script(rel, &bytes)),
                false => None,
            };
            match compact {
                Some(compact) => staging.write(rel, compact.as_bytes())?,
                None => staging.copy(&file.source, rel)?,
            }
            count += 1;
        }
        Ok(count)
    }
}

/// An error for each copied file that would replace a file gongkai makes:
/// a page of `outputs`, anything in the search index's folder (when search
/// is on), the code style sheet, or that stands where one of them needs a
/// folder (or the reverse). Names both files.
pub(crate) fn collisions(
    copies: &Copies,
    outputs: &[Output],
    content: &Content,
    config: &Config,
) -> Vec<Diagnostic> {
    let pages: HashMap<&str, &Output> = outputs.iter().map(|o| (o.path.as_str(), o)).collect();
    let mut out = vec![];
    for (rel, file) in &copies.files {
        let generated = if let Some(page) = pages.get(rel.as_str()) {
            let source = render::source_of(&page.job, content)
                .map(|p| p.to_string_lossy().replace('\\', "/"));
            let what = if rel.ends_with(".html") {
                Generated::Page
            } else {
                Generated::File
            };
            Some((what, source))
        } else if config.search.enabled && rel.starts_with(crate::render::SEARCH_DIR) {
            Some((Generated::SearchIndex, None))
        } else if rel == SYNTAX_CSS {
            Some((Generated::SyntaxCss, None))
        } else {
            None
        };
        if let Some((generated, source)) = generated {
            out.push(
                Diagnostic::error(Msg::ReplacesGenerated {
                    output: rel.clone(),
                    generated,
                    source,
                })
                .at(&file.shown, None),
            );
        }
    }
    out.extend(file_or_folder(copies, outputs, content));
    out
}

/// A copied file where a page needs a folder (`news/x.pdf` and the page
/// `news/x.pdf/index.html`), or a page where a copied file needs one
/// (`rss.xml/a.css`): one of the two could not be written.
fn file_or_folder(copies: &Copies, outputs: &[Output], content: &Content) -> Vec<Diagnostic> {
    let pages: HashMap<&str, &Output> = outputs.iter().map(|o| (o.path.as_str(), o)).collect();
    let error = |rel: &str, copied: &CopiedFile, page: &Output, name: &str| {
        let source =
            render::source_of(&page.job, content).map(|p| p.to_string_lossy().replace('\\', "/"));
        Diagnostic::error(Msg::FileFolderClash {
            copied: rel.to_string(),
            page: page.path.clone(),
            source,
            name: name.to_string(),
        })
        .at(&copied.shown, None)
    };
    let mut out = vec![];
    for (rel, file) in &copies.files {
        if let Some((name, page)) = folders_of(rel).find_map(|f| pages.get(f).map(|p| (f, p))) {
            out.push(error(rel, file, page, name));
        }
    }
    for page in outputs {
        let clash = folders_of(&page.path).find_map(|f| copies.files.get_key_value(f));
        if let Some((rel, file)) = clash {
            out.push(error(rel, file, page, rel));
        }
    }
    out
}

/// The folders a path is in: `a/b/c.pdf` → `a`, `a/b`.
fn folders_of(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(move |(i, _)| &rel[..i])
}

/// The files of a `static/` folder that the rule publishes: (source, path
/// in the output); a warning in `copies` for each one it leaves out.
/// Symbolic links follow the rules of `content/`: one to a file inside the
/// site is copied; one out of the site, broken or in a loop is an error in
/// `problems`.
fn static_files(
    root: &Path,
    folder: &Path,
    config: &Config,
    copies: &mut Copies,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, String)> {
    let mut files = vec![];
    if !folder.is_dir() {
        return files;
    }
    let mut entries = walkdir::WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let at = err.path().unwrap_or(folder);
                problems.push(
                    Diagnostic::error(Msg::ReadFailed {
                        detail: err.to_string(),
                    })
                    .at(at.strip_prefix(root).unwrap_or(at), None),
                );
                continue;
            }
        };
        let hidden =
            entry.depth() > 0 && crate::publish::is_hidden(&entry.file_name().to_string_lossy());
        let is_dir = entry.file_type().is_dir();
        if hidden && is_dir {
            entries.skip_current_dir();
        }
        // A hidden entry is reported, never followed.
        let is_file = content::walked_file(root, &entry, hidden).unwrap_or_else(|d| {
            problems.push(d);
            false
        });
        if !is_file {
            continue;
        }
        let rel = content::rel_slash(folder, entry.path());
        let judged = if is_dir {
            format!("{rel}/")
        } else {
            rel.clone()
        };
        match crate::publish::verdict(&judged, Place::Static, &config.build.publish_extra) {
            Some(why) => copies.not_published.push(Diagnostic::warning(why).at(
                entry.path().strip_prefix(root).unwrap_or(entry.path()),
                None,
            )),
            None => files.push((entry.into_path(), rel)),
        }
    }
    files
}

/// A theme's script without its comment lines and indentation, which are
/// a third of the search engine's bytes and are downloaded, uncompressed
/// by most static hosts, by every visitor who searches. Only lines that
/// are wholly a `//` comment go, and only where no string or template
/// spans lines (a line ending in `\\` or an odd number of backticks, where
/// a line could be text rather than code); otherwise `None`: the file is
/// copied as it is. Line breaks stay, so the script parses as written.
/// The site's own `static/` files are always copied as they are.
pub(crate) fn compact_script(rel: &str, bytes: &[u8]) -> Option<String> {
    let source = std::str::from_utf8(bytes)
        .ok()
        .filter(|_| rel.ends_with(".js"))?;
    let spans_lines =
        |line: &str| line.trim_end().ends_with('\\') || line.matches('`').count() % 2 == 1;
    if source.lines().any(spans_lines) {
        return None;
    }
    let mut out = String::with_capacity(source.len());
    for line in source.lines().map(str::trim) {
        if !line.is_empty() && !line.starts_with("//") {
            out.push_str(line);
            out.push('\n');
        }
    }
    Some(out)
}

/// The built-in theme's `static/` files, at their paths in the output.
fn embedded_files() -> Vec<(String, &'static [u8])> {
    fn walk(dir: &'static include_dir::Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
        for file in dir.files() {
            let rel = file.path().strip_prefix("static").unwrap_or(file.path());
            out.push((rel.to_string_lossy().replace('\\', "/"), file.contents()));
        }
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut out = vec![];
    if let Some(dir) = render::templates::BUILTIN_THEME.get_dir("static") {
        walk(dir, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::compact_script;

    #[test]
    fn theme_scripts_lose_comment_lines_and_indentation_only() {
        let script =
            "// The engine.\nconst a = 1; // kept\n  if (a) {\n    // why\n    f('//');\n  }\n";
        assert_eq!(
            compact_script("js/x.js", script.as_bytes()).as_deref(),
            Some("const a = 1; // kept\nif (a) {\nf('//');\n}\n")
        );
        // Text that may span lines is left as it is, and so is any other file.
        for kept in ["const t = `a\n  // b\n`;\n", "const s = 'a\\\n  // b';\n"] {
            assert_eq!(compact_script("js/x.js", kept.as_bytes()), None, "{kept}");
        }
        assert_eq!(compact_script("css/x.css", b"// not a script\n"), None);
    }

    #[test]
    fn the_search_engine_loses_a_quarter_or_more() {
        let engine = include_str!("../themes/default/static/js/search-core.js");
        let compact = compact_script("js/search-core.js", engine.as_bytes()).expect("compact");
        assert!(
            compact.len() * 4 < engine.len() * 3,
            "{} of {}",
            compact.len(),
            engine.len()
        );
        // The same code: every line of it, in order.
        let code: Vec<&str> = engine
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .collect();
        assert_eq!(compact.lines().collect::<Vec<_>>(), code);
    }
}
