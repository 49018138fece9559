//! Helpers shared by the end-to-end tests: fixture sites, building into a
//! temporary folder, running the real `gongkai` binary, reading the output
//! back (files, links, XML) and hashing a folder to prove it did not change.

use gongkai::messages::Lang;
use gongkai::{BuildOptions, BuildReport};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// `base_url` of the fixture sites (with a sub-path).
pub const BASE_URL: &str = "https://example.gov.cn/rd/qingxi/";
/// The path part of [`BASE_URL`]: every internal link starts with it.
pub const BASE_PATH: &str = "/rd/qingxi/";

/// The repository (the demo site lives at its root).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site under `tests/sites/`.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/sites").join(name)
}

/// Copies a folder recursively (hidden files included).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("mkdir {}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("ls {}: {e}", from.display())) {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// A writable copy of a fixture site, at `<temp>/site`, so a test can break
/// its files and build next to it. The temp folder lives as long as this value.
pub struct SiteCopy {
    pub tmp: TempDir,
    pub root: PathBuf,
}

impl SiteCopy {
    pub fn new(name: &str) -> SiteCopy {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().join("site");
        copy_dir(&fixture(name), &root);
        SiteCopy { tmp, root }
    }

    /// A writable copy of the demo site (the repository's `site.toml`,
    /// `content/` and `static/`, which holds the footer badges site.toml names).
    pub fn demo() -> SiteCopy {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().join("site");
        copy_dir(&repo_root().join("content"), &root.join("content"));
        std::fs::copy(repo_root().join("site.toml"), root.join("site.toml")).expect("site.toml");
        copy_dir(&repo_root().join("static"), &root.join("static"));
        SiteCopy { tmp, root }
    }

    /// A file of the site, relative to its root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        read_string(&self.path(rel))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    /// Replaces the one occurrence of `from` in a file (panics when it is not
    /// there exactly once, so a fixture edit cannot silently do nothing).
    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert_eq!(
            text.matches(from).count(),
            1,
            "{rel} must contain {from:?} exactly once"
        );
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// The 1-based line of the first line of `rel` containing `needle`.
    pub fn line_of(&self, rel: &str, needle: &str) -> usize {
        self.read(rel)
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not in {rel}"))
            + 1
    }
}

/// The output of a successful library build into a temp folder.
pub struct Built {
    _tmp: Option<TempDir>,
    pub out: PathBuf,
    pub report: BuildReport,
}

impl Built {
    pub fn path(&self, rel: &str) -> PathBuf {
        self.out.join(rel)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).is_file()
    }

    /// A file of the output as text (panics, naming it, when missing).
    pub fn read(&self, rel: &str) -> String {
        read_string(&self.path(rel))
    }

    /// Every file of the output, relative, with `/`.
    pub fn files(&self) -> Vec<String> {
        list_files(&self.out)
    }
}

/// The options of a build of `root` into `output`.
pub fn options(root: &Path, output: &Path, drafts: bool) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        base_url: None,
        drafts,
        force: false,
        ..Default::default()
    }
}

/// Builds a site with the library into a fresh temp folder; panics with the
/// printed diagnostics if the build fails.
pub fn build_into_temp(root: &Path, drafts: bool) -> Built {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let report = gongkai::build(&options(root, &out, drafts)).unwrap_or_else(|d| {
        panic!(
            "build of {} failed:\n{}",
            root.display(),
            render_all(&d, root)
        )
    });
    Built {
        _tmp: Some(tmp),
        out,
        report,
    }
}

/// Builds a site with the library into `CARGO_TARGET_TMPDIR/<name>/public`
/// (replacing a previous run's output), for a build shared by the tests of a
/// file through a `static`, which is never dropped and so cannot own a temp dir.
pub fn build_shared(root: &Path, name: &str) -> Built {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(name)
        .join("public");
    let report = gongkai::build(&options(root, &out, false)).unwrap_or_else(|d| {
        panic!(
            "build of {} failed:\n{}",
            root.display(),
            render_all(&d, root)
        )
    });
    Built {
        _tmp: None,
        out,
        report,
    }
}

/// Every diagnostic as the CLI prints it (Chinese).
pub fn render_all(diags: &gongkai::diagnostics::Diagnostics, root: &Path) -> String {
    diags
        .items
        .iter()
        .map(|d| d.render(Lang::Zh, root))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn read_string(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Every file under `dir`, relative, with `/`, sorted (hidden files included).
pub fn list_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    collect_files(dir, dir, &mut out);
    out.sort();
    out
}

fn collect_files(base: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(base, &path, out);
        } else {
            out.push(
                path.strip_prefix(base)
                    .expect("under base")
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

/// Every file and folder under `dir` with a hash and the length of its bytes
/// (folders as `name/` with no bytes): two equal trees are byte for byte equal.
pub fn hash_tree(dir: &Path) -> BTreeMap<String, (u64, u64)> {
    let mut out = BTreeMap::new();
    hash_into(dir, dir, &mut out);
    out
}

fn hash_into(base: &Path, dir: &Path, out: &mut BTreeMap<String, (u64, u64)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("ls {}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        let rel = path
            .strip_prefix(base)
            .expect("under base")
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            out.insert(format!("{rel}/"), (0, 0));
            hash_into(base, &path, out);
        } else {
            let bytes =
                std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            let mut h = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut h);
            out.insert(rel, (bytes.len() as u64, h.finish()));
        }
    }
}

/// [`hash_tree`] of a build's output without its upload manifest, to compare
/// with what `serve` writes (which has none).
pub fn tree_as_served(dir: &Path) -> BTreeMap<String, (u64, u64)> {
    let mut tree = hash_tree(dir);
    tree.remove("gongkai-manifest.json");
    tree
}

/// Asserts two trees from [`hash_tree`] are equal, naming the files that differ.
pub fn assert_same_tree(
    before: &BTreeMap<String, (u64, u64)>,
    after: &BTreeMap<String, (u64, u64)>,
    what: &str,
) {
    let changed: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(changed.is_empty(), "{what} changed: {changed:?}");
}

/// What a run of the `gongkai` binary did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Fails when the process panicked or printed a backtrace.
    pub fn assert_no_panic(&self) {
        for text in [&self.stdout, &self.stderr] {
            assert!(
                !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
                "gongkai panicked:\n{text}"
            );
        }
    }
}

/// Runs the real `gongkai` binary in `cwd` with no language in the
/// environment (so messages are Chinese unless `--lang en` is passed).
pub fn gongkai(cwd: &Path, args: &[&str]) -> Run {
    gongkai_env(cwd, args, &[])
}

/// Like [`gongkai`], with extra environment variables.
pub fn gongkai_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LANGUAGE")
        .env_remove("RUST_BACKTRACE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run gongkai");
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    run.assert_no_panic();
    run
}

/// The values of every `href="…"` and `src="…"` attribute of an HTML text.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').expect("attribute closed");
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

/// Decodes `%XX` escapes (UTF-8), as a browser does with a URL path or fragment.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("percent-decoded UTF-8")
}

/// The output file a site URL path (without the sub-path) is served from:
/// `news/` → `news/index.html`, `css/style.css` → itself.
pub fn file_for_url(rel: &str) -> String {
    let rel = rel.split(['#', '?']).next().unwrap_or_default();
    let rel = percent_decode(rel);
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel
    }
}

/// Checks every `href` and `src` of every HTML file under `out`, a site built
/// for `base_url`: links to the site carry its sub-path (or are the absolute
/// `base_url…`), point to a file that exists, and `#fragment`s to an id of
/// the target page. `mailto:`, `tel:` and other hosts are not checked.
/// Returns one line per problem.
pub fn link_problems(out: &Path, base_url: &str) -> Vec<String> {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let host = &after_scheme[..after_scheme.find('/').unwrap_or(after_scheme.len())];
    let base_path = &after_scheme[host.len()..];
    let mut problems = Vec::new();
    for file in list_files(out).into_iter().filter(|f| f.ends_with(".html")) {
        let html = read_string(&out.join(&file));
        for link in links(&html) {
            let (target, fragment) = match link.split_once('#') {
                Some((t, f)) => (t.to_string(), Some(percent_decode(f))),
                None => (link.clone(), None),
            };
            let rel = if target.is_empty() {
                Some(file.clone()) // `#frag`: an id of this page
            } else if link.starts_with("mailto:") || link.starts_with("tel:") {
                None
            } else if let Some(rest) = target.strip_prefix(base_url) {
                Some(file_for_url(rest))
            } else if target.starts_with("http://") || target.starts_with("https://") {
                if target.contains(host) {
                    problems.push(format!(
                        "{file}: {link} is on the site but not under {base_url}"
                    ));
                }
                None // another site (the ICP registry)
            } else if let Some(rest) = target.strip_prefix(base_path) {
                Some(file_for_url(rest))
            } else {
                problems.push(format!("{file}: {link} lacks the sub-path {base_path}"));
                None
            };
            let Some(rel) = rel else { continue };
            let path = out.join(&rel);
            if !path.is_file() {
                problems.push(format!("{file}: {link} points to a missing {rel}"));
                continue;
            }
            if let Some(id) = fragment.filter(|f| !f.is_empty()) {
                if rel.ends_with(".html") && !read_string(&path).contains(&format!(" id=\"{id}\""))
                {
                    problems.push(format!("{file}: {link}: no id {id:?} in {rel}"));
                }
            }
        }
    }
    problems
}

/// An XML element, with its attributes and children, for assertions.
#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The text of this element and its descendants, joined.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => out.push_str(&e.text()),
            }
        }
        out
    }

    /// Every descendant element named `name` (document order).
    pub fn find_all(&self, name: &str) -> Vec<&Element> {
        let mut out = Vec::new();
        self.find_into(name, &mut out);
        out
    }

    fn find_into<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for child in &self.children {
            if let Node::Element(e) = child {
                if e.name == name {
                    out.push(e);
                }
                e.find_into(name, out);
            }
        }
    }

    /// The direct children named `name`.
    pub fn children_named(&self, name: &str) -> Vec<&Element> {
        self.children
            .iter()
            .filter_map(|c| match c {
                Node::Element(e) if e.name == name => Some(e),
                _ => None,
            })
            .collect()
    }
}

/// Parses a whole XML document with quick-xml, reading every event, and
/// checks what quick-xml leaves to its callers: one root element, every tag
/// closed, only XML's own entities. Returns the root element.
pub fn parse_xml(text: &str) -> Result<Element, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let start = |e: &quick_xml::events::BytesStart<'_>| -> Result<Element, String> {
        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|e| format!("attribute of <{name}>: {e}"))?;
            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            let value = a
                .unescape_value()
                .map_err(|e| format!("attribute {key} of <{name}>: {e}"))?
                .into_owned();
            attrs.push((key, value));
        }
        Ok(Element {
            name,
            attrs,
            children: Vec::new(),
        })
    };
    let add_text = |stack: &mut Vec<Element>, t: String| -> Result<(), String> {
        match stack.last_mut() {
            Some(parent) => {
                parent.children.push(Node::Text(t));
                Ok(())
            }
            None if t.trim().is_empty() => Ok(()),
            None => Err(format!("text outside the root element: {t:?}")),
        }
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(e) => stack.push(start(&e)?),
            Event::Empty(e) => {
                let el = start(&e)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None if root.is_none() => root = Some(el),
                    None => return Err("two root elements".into()),
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("closing tag without opening tag")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None if root.is_none() => root = Some(el),
                    None => return Err("two root elements".into()),
                }
            }
            Event::Text(t) => {
                let t = t.decode().map_err(|e| e.to_string())?.into_owned();
                add_text(&mut stack, t)?;
            }
            Event::CData(t) => {
                let t = t.decode().map_err(|e| e.to_string())?.into_owned();
                add_text(&mut stack, t)?;
            }
            Event::GeneralRef(r) => {
                let ch = r.resolve_char_ref().map_err(|e| e.to_string())?;
                let t = match ch {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().map_err(|e| e.to_string())?.into_owned();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| format!("entity &{name}; is not defined in XML"))?
                            .to_string()
                    }
                };
                add_text(&mut stack, t)?;
            }
            Event::DocType(_) => return Err("unexpected DOCTYPE".into()),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{}> is never closed", open.name));
    }
    root.ok_or_else(|| "no root element".to_string())
}

// ---- Failed builds through the CLI, shared by several test files ----
//
// A copy of `assert_build_fails` of tests/build_errors.rs (left as it is
// there), taking several fragments per message and allowing in the English
// message the Chinese words the user wrote (a unit's name, a publication).

/// One error a failed build must print: `at` is `path:line`; every fragment
/// of `zh` must be in its Chinese message and every fragment of `en` in its
/// English one. A run of Chinese characters in the English message must be
/// inside one of the `en` fragments: names the user wrote (镇卫生院) are fine,
/// untranslated words of gongkai are not.
pub struct ExpectedError<'a> {
    pub at: String,
    pub zh: &'a [&'a str],
    pub en: &'a [&'a str],
}

/// Shorthand for an [`ExpectedError`].
pub fn expected_error<'a>(at: String, zh: &'a [&'a str], en: &'a [&'a str]) -> ExpectedError<'a> {
    ExpectedError { at, zh, en }
}

impl SiteCopy {
    /// `path:line` of the first line of `rel` holding `needle`.
    pub fn loc(&self, rel: &str, needle: &str) -> String {
        format!("{rel}:{}", self.line_of(rel, needle))
    }

    /// The 1-based lines of `rel` containing `needle`, in order.
    pub fn lines_of(&self, rel: &str, needle: &str) -> Vec<usize> {
        self.read(rel)
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(needle))
            .map(|(i, _)| i + 1)
            .collect()
    }
}

/// The runs of CJK ideographs in `text`.
pub fn cjk_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if ('\u{4e00}'..='\u{9fff}').contains(&c) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// The first line of `text` that starts with `head`.
pub fn line_starting_with<'a>(text: &'a str, head: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(head))
        .unwrap_or_else(|| panic!("no line starting with {head:?} in:\n{text}"))
}

/// No `.public.gongkai-new-…` or `-old-…` folder is left beside `public/`
/// (the lock file `.public.gongkai-lock` and the build cache
/// `.public.gongkai-cache` stay by design).
pub fn assert_no_staging_left(root: &Path) {
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.contains("gongkai-")
                && !n.ends_with(".gongkai-lock")
                && !n.ends_with(".gongkai-cache")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Builds the broken site with the real binary in Chinese and in English and
/// checks: exit code 1, nothing on stdout, each expected error at its
/// `path:line` with its fragments, the error count, and `public/` byte for
/// byte as it was with no staging folder left. Returns the (Chinese, English) runs.
pub fn assert_build_fails(
    site: &SiteCopy,
    expected: &[ExpectedError<'_>],
    errors: usize,
) -> (Run, Run) {
    let before = hash_tree(&site.path("public"));
    let zh = gongkai(&site.root, &["build"]);
    let en = gongkai(&site.root, &["build", "--lang", "en"]);
    for (run, lang) in [(&zh, "zh"), (&en, "en")] {
        assert_eq!(run.code, Some(1), "{lang}: exit code\n{}", run.stderr);
        assert!(run.stdout.trim().is_empty(), "{lang}: {}", run.stdout);
    }
    // Checked last, so the other checks still run when only this one fails.
    let mut untranslated = Vec::new();
    for e in expected {
        let zh_head = format!("{}: 错误：", e.at);
        let line = line_starting_with(&zh.stderr, &zh_head);
        for fragment in e.zh {
            assert!(
                line.contains(fragment),
                "expected {fragment:?} in the Chinese message at {}:\n{line}\nall:\n{}",
                e.at,
                zh.stderr
            );
        }
        let en_head = format!("{}: error: ", e.at);
        let line = line_starting_with(&en.stderr, &en_head);
        for fragment in e.en {
            assert!(
                line.contains(fragment),
                "expected {fragment:?} in the English message at {}:\n{line}\nall:\n{}",
                e.at,
                en.stderr
            );
        }
        for run in cjk_runs(line) {
            if !e.en.iter().any(|f| f.contains(&run)) {
                untranslated.push(format!("{run:?} in: {line}"));
            }
        }
    }
    assert!(
        zh.stderr.contains(&format!(
            "生成失败：{errors} 个错误，0 个警告。原来的网站（如有）保持不变。"
        )),
        "error count {errors}:\n{}",
        zh.stderr
    );
    assert!(
        en.stderr.contains(&format!("Build failed: {errors} error")),
        "{}",
        en.stderr
    );
    assert_same_tree(&before, &hash_tree(&site.path("public")), "public/");
    assert_no_staging_left(&site.root);
    assert!(
        untranslated.is_empty(),
        "untranslated Chinese in the English messages:\n{}",
        untranslated.join("\n")
    );
    (zh, en)
}

/// The rows of the first `<table>` in `html` whose classes include
/// `class`, one line each: tags removed, cells ended by ` | `, links kept
/// as `<url>text`.
pub fn table_rows(html: &str, class: &str) -> Vec<String> {
    let has_class = |at: usize| {
        let attr = &html[at + "<table class=\"".len()..];
        attr[..attr.find('"').unwrap_or(0)]
            .split_whitespace()
            .any(|c| c == class)
    };
    let Some(start) = html
        .match_indices("<table class=\"")
        .map(|(at, _)| at)
        .find(|&at| has_class(at))
    else {
        return vec![];
    };
    let table = &html[start..start + html[start..].find("</table>").expect("table end")];
    table
        .split("<tr>")
        .skip(2)
        .map(|row| {
            let mut out = String::new();
            let mut rest = row;
            while let Some(lt) = rest.find('<') {
                out.push_str(&rest[..lt]);
                let gt = lt + rest[lt..].find('>').expect("tag end");
                let tag = &rest[lt..=gt];
                if let Some(href) = tag.strip_prefix("<a href=\"") {
                    out.push_str(&format!("<{}>", &href[..href.find('"').expect("quote")]));
                } else if tag.starts_with("</td") {
                    out.push_str(" | ");
                }
                rest = &rest[gt + 1..];
            }
            out.trim().trim_end_matches('|').trim().to_string()
        })
        .collect()
}
