//! The build cache: what `gongkai build` keeps beside its output (in
//! `.public.gongkai-cache`, never inside what is uploaded) so that the next
//! build redoes only what changed, with the same result byte for byte as a
//! build from nothing.
//!
//! Two checks, each safe by construction:
//!
//! - **Nothing changed** ([`Cache::unchanged`]): the same gongkai (version
//!   and executable), the same options and day, every file of the site with
//!   the size and modification time it had, and every file and folder of
//!   the output as that build left it. Then there is nothing to do: the
//!   output stays, and the last build's warnings are said again. A file
//!   modified within two seconds of a build's start is taken as changed
//!   next time ("racy" as git says: a timestamp cannot tell two writes in
//!   the same tick apart).
//! - **An output's fingerprint** ([`fingerprint`]): a hash of its template
//!   name and of everything its template receives (the whole context, as
//!   JSON), under a key made of gongkai's identity, the options, every
//!   template's source and `site.toml` (the privacy guard's exceptions
//!   are read there, not from the context). Rendering is a function of exactly that, so an
//!   output whose fingerprint is the one recorded is the file already in
//!   the output: it is linked from there, and its links and ids (for the
//!   link check) come from the record. An output where the privacy scan
//!   found anything is always rendered and scanned again, so its findings
//!   name today's lines.
//!
//! The search index is reused whole when the text of every page is what it
//! was ([`index_fingerprint`]); the manifest's hashes of files linked
//! unchanged come from the previous manifest (`manifest::scan`).
//!
//! Left to others: what to render and the link check (`build`), where the
//! file goes (`output::cache_path`). A cache that cannot be read (another
//! version, a broken file) is no cache: the build renders everything.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::manifest::Stamp;
use crate::options::BuildOptions;
use crate::published::Found;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// The shape of the record; another one is read as no cache.
const FORMAT: u32 = 1;

/// A file modified this close to a build's start may change again within
/// the same timestamp (coarse clocks, FAT's two seconds).
const RACY: Duration = Duration::from_secs(2);

/// 128 bits of SHA-256.
pub(crate) type Fingerprint = [u8; 16];

/// A SHA-256 that serialized values (as JSON) and bytes are written into.
pub(crate) struct Hasher(Sha256);

impl Hasher {
    pub(crate) fn new() -> Self {
        Hasher(Sha256::new())
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        // Length first, so that two fields never run into each other.
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
        self.bytes(text.as_bytes())
    }

    /// A value as JSON; a value that does not serialize hashes as a marker
    /// no JSON text equals, so that it never matches a record.
    pub(crate) fn json(&mut self, value: &impl Serialize) -> &mut Self {
        if serde_json::to_writer(&mut *self, value).is_err() {
            self.0.update(b"\xff unserializable");
        }
        self.0.update(b"\x00");
        self
    }

    pub(crate) fn finish(&mut self) -> Fingerprint {
        let digest = std::mem::take(&mut self.0).finalize();
        let mut out = [0; 16];
        out.copy_from_slice(&digest[..16]);
        out
    }
}

impl std::io::Write for Hasher {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What makes two builds of the same sources differ: gongkai itself (its
/// version, and its executable's size and time, so that a rebuilt binary
/// never reuses what an older one made), the options that change output,
/// the day taken as today, and where the output is shown (messages name it).
pub(crate) fn build_key(options: &BuildOptions, shown_output: &Path) -> Fingerprint {
    let mut h = Hasher::new();
    h.text(env!("CARGO_PKG_VERSION"));
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| fs::metadata(p).ok())
        .and_then(|m| Stamp::of(&m));
    h.json(&exe)
        .json(&crate::output::absolute(&options.root))
        .json(&shown_output)
        .json(&options.base_url)
        .json(&options.drafts)
        .text(&options.today().to_string());
    h.finish()
}

/// One rendered output as the last build made it.
#[derive(Debug, Serialize, Deserialize)]
struct OutputRecord {
    fingerprint: Fingerprint,
    /// Its ids and links, as indexes into [`Record::strings`].
    found: Option<(Vec<u32>, Vec<u32>)>,
}

/// What the last successful build left, read from and written to the cache
/// file (bincode, already in the tree through syntect).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    format: u32,
    /// [`build_key`].
    build_key: Fingerprint,
    /// [`build_key`] with the templates' sources: the key of the renders.
    key: Fingerprint,
    /// The site's files, or `None` when one was racy.
    inputs: Option<Fingerprint>,
    /// Every file and folder of the output ("" is the folder itself).
    stamps: BTreeMap<String, Stamp>,
    outputs: HashMap<String, OutputRecord>,
    /// [`index_fingerprint`] of the index in the output, if it has one,
    /// and its files.
    index: Option<Fingerprint>,
    index_files: Vec<String>,
    /// The report of that build, for a build with nothing to do.
    pages: usize,
    sections: usize,
    files: usize,
    /// Its warnings, as JSON (the messages are an internally tagged enum,
    /// which bincode cannot read back).
    warnings: String,
    /// The ids and links of every output, each once.
    strings: Vec<String>,
}

/// The cache of one output: the last build's record (if usable) and what
/// this build learns, written after a successful build.
pub(crate) struct Cache {
    path: std::path::PathBuf,
    target: std::path::PathBuf,
    build_key: Fingerprint,
    key: Fingerprint,
    inputs: Option<Fingerprint>,
    previous: Option<Box<Record>>,
}

impl Cache {
    /// Opens the cache of the output `target` for a build with `key`; with
    /// `ignore` (`--no-cache`) the last record is not read (a new one is
    /// still written).
    pub(crate) fn open(target: &Path, root: &Path, key: Fingerprint, ignore: bool) -> Cache {
        let path = crate::output::cache_path(target);
        let previous = if ignore {
            None
        } else {
            fs::read(&path)
                .ok()
                .and_then(|bytes| bincode::deserialize::<Box<Record>>(&bytes).ok())
                .filter(|r| r.format == FORMAT)
        };
        Cache {
            inputs: inputs_fingerprint(root, target),
            path,
            target: target.to_path_buf(),
            build_key: key,
            key,
            previous,
        }
    }

    /// The last build's report, when nothing changed since it (see the
    /// module comment): its counts and warnings.
    pub(crate) fn unchanged(&self) -> Option<Unchanged> {
        let previous = self.previous.as_ref()?;
        if previous.build_key != self.build_key
            || previous.inputs.is_none()
            || previous.inputs != self.inputs
        {
            return None;
        }
        let intact = previous.stamps.par_iter().all(|(rel, stamp)| {
            fs::symlink_metadata(self.target.join(rel))
                .ok()
                .and_then(|m| Stamp::of(&m))
                .as_ref()
                == Some(stamp)
        });
        if !intact {
            return None;
        }
        let warnings: Vec<Diagnostic> = serde_json::from_str(&previous.warnings).ok()?;
        Some(Unchanged {
            pages: previous.pages,
            sections: previous.sections,
            files: previous.files,
            warnings: Diagnostics { items: warnings },
        })
    }

    /// Adds to the key what a render and its read-back depend on besides
    /// the context: every template's source and the settings (`site.toml`,
    /// whose `[privacy] allow` the read-back of every output uses).
    pub(crate) fn with_sources(&mut self, templates: Fingerprint, settings: Fingerprint) {
        let mut h = Hasher::new();
        h.bytes(&self.key).bytes(&templates).bytes(&settings);
        self.key = h.finish();
    }

    /// The renders the last build made under this key.
    pub(crate) fn renders(&self) -> Renders<'_> {
        let previous = self.previous.as_deref().filter(|p| p.key == self.key);
        Renders {
            previous,
            target: &self.target,
        }
    }

    /// The files of the search index in the output, if it was made from
    /// documents with this fingerprint (and under this key).
    pub(crate) fn index_reusable(&self, fingerprint: Fingerprint) -> Option<&[String]> {
        self.previous
            .as_ref()
            .filter(|p| p.key == self.key && p.index == Some(fingerprint))
            .map(|p| p.index_files.as_slice())
    }

    /// The stamps of the last output, for the manifest to reuse its hashes.
    pub(crate) fn previous_stamps(&self) -> Option<&BTreeMap<String, Stamp>> {
        self.previous.as_ref().map(|p| &p.stamps)
    }

    /// Writes what this build made (called once its output is in place);
    /// a cache that cannot be written only makes the next build longer.
    pub(crate) fn save(self, made: Made) {
        let mut strings = Strings::default();
        let outputs = made
            .outputs
            .into_iter()
            .map(|(path, fingerprint, found)| {
                let found = found.map(|f| strings.found(&f));
                (path, OutputRecord { fingerprint, found })
            })
            .collect();
        let record = Record {
            format: FORMAT,
            build_key: self.build_key,
            key: self.key,
            inputs: self.inputs,
            stamps: made.stamps,
            outputs,
            index: made.index,
            index_files: made.index_files,
            pages: made.pages,
            sections: made.sections,
            files: made.files,
            warnings: serde_json::to_string(&made.warnings.items).unwrap_or_default(),
            strings: strings.list,
        };
        let Ok(bytes) = bincode::serialize(&record) else {
            return;
        };
        let mut temp = self.path.clone().into_os_string();
        temp.push(format!(".new-{}", std::process::id()));
        let temp = std::path::PathBuf::from(temp);
        if fs::write(&temp, bytes)
            .and_then(|_| fs::rename(&temp, &self.path))
            .is_err()
        {
            let _ = fs::remove_file(&temp);
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// A build with nothing to do: the last build's counts and warnings.
#[derive(Debug)]
pub(crate) struct Unchanged {
    pub(crate) pages: usize,
    pub(crate) sections: usize,
    pub(crate) files: usize,
    pub(crate) warnings: Diagnostics,
}

/// What a successful build made, for the next one.
#[derive(Default)]
pub(crate) struct Made {
    /// Each rendered output: its path, fingerprint and what it holds.
    pub(crate) outputs: Vec<(String, Fingerprint, Option<Found>)>,
    pub(crate) stamps: BTreeMap<String, Stamp>,
    pub(crate) index: Option<Fingerprint>,
    /// The files the search index wrote.
    pub(crate) index_files: Vec<String>,
    pub(crate) pages: usize,
    pub(crate) sections: usize,
    pub(crate) files: usize,
    pub(crate) warnings: Diagnostics,
}

/// The renders of the last build, looked up by output.
pub(crate) struct Renders<'a> {
    previous: Option<&'a Record>,
    target: &'a Path,
}

impl Renders<'_> {
    /// The ids and links of the output at `rel` when the last build
    /// rendered it with this fingerprint and the file is still as it left
    /// it (so linking it gives the same bytes a render would).
    pub(crate) fn reusable(&self, rel: &str, fingerprint: &Fingerprint) -> Option<Option<Found>> {
        let previous = self.previous?;
        let output = previous.outputs.get(rel)?;
        if &output.fingerprint != fingerprint {
            return None;
        }
        let stamp = previous.stamps.get(rel)?;
        let now = fs::symlink_metadata(self.target.join(rel)).ok()?;
        if Stamp::of(&now).as_ref() != Some(stamp) {
            return None;
        }
        let strings = &previous.strings;
        let text = |ids: &[u32]| -> Option<Vec<String>> {
            ids.iter()
                .map(|&i| strings.get(i as usize).cloned())
                .collect()
        };
        Some(match &output.found {
            None => None,
            Some((ids, links)) => Some(Found {
                ids: text(ids)?.into_iter().collect(),
                links: text(links)?,
            }),
        })
    }
}

/// The strings of the ids and links, each once: the same menu and footer
/// links are on every page.
#[derive(Default)]
struct Strings {
    list: Vec<String>,
    index: HashMap<String, u32>,
}

impl Strings {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.list.len() as u32;
        self.list.push(s.to_string());
        self.index.insert(s.to_string(), i);
        i
    }

    fn found(&mut self, found: &Found) -> (Vec<u32>, Vec<u32>) {
        let mut ids: Vec<&String> = found.ids.iter().collect();
        ids.sort_unstable();
        let ids = ids.into_iter().map(|s| self.id(s)).collect();
        let links = found.links.iter().map(|s| self.id(s)).collect();
        (ids, links)
    }
}

/// A fingerprint of the site's files by path, size and modification time
/// (the output, the cache and lock beside it, and `.git` left out); `None`
/// when a file was modified too recently to be told apart from a later
/// write ([`RACY`]).
fn inputs_fingerprint(root: &Path, target: &Path) -> Option<Fingerprint> {
    let started = SystemTime::now();
    let root = crate::output::absolute(root);
    let target_name = target.file_name().map(|n| n.to_string_lossy().into_owned());
    let beside = target_name.map(|n| format!(".{n}.gongkai-"));
    let mut h = Hasher::new();
    let walk = walkdir::WalkDir::new(&root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let path = e.path();
            let name = e.file_name().to_string_lossy();
            path != target
                && !(e.depth() == 1 && name == ".git")
                && !beside.as_deref().is_some_and(|b| name.starts_with(b))
        });
    for entry in walk {
        let entry = entry.ok()?;
        let meta = entry.metadata().ok()?;
        // A folder's time changes with every editor's temporary file: what
        // is in it is what counts.
        if meta.is_dir() {
            continue;
        }
        if meta.modified().ok()? + RACY > started {
            return None;
        }
        let rel = entry.path().strip_prefix(&root).unwrap_or(entry.path());
        h.text(&rel.to_string_lossy()).json(&Stamp::of(&meta)?);
    }
    Some(h.finish())
}

/// The fingerprint of every template's name and source.
pub(crate) fn templates_fingerprint(
    templates: &crate::render::templates::Templates,
) -> Fingerprint {
    let mut h = Hasher::new();
    for (name, source) in templates.sources() {
        h.text(name).text(source);
    }
    h.finish()
}

/// The fingerprint of the site's settings file as it is on disk (one that
/// cannot be read fails the build before this is asked).
pub(crate) fn settings_fingerprint(root: &Path) -> Fingerprint {
    Hasher::new()
        .bytes(&fs::read(root.join("site.toml")).unwrap_or_default())
        .finish()
}

/// The fingerprint of one output: its template and the whole context.
pub(crate) fn fingerprint(template: &str, context: &impl Serialize) -> Fingerprint {
    Hasher::new().text(template).json(context).finish()
}

/// The fingerprint of the search index's input: every page's document, in
/// the site's order.
pub(crate) fn index_fingerprint(
    content: &crate::content::Content,
    bodies: &[crate::render::RenderedBody],
) -> Fingerprint {
    let docs: Vec<Fingerprint> = content
        .pages
        .par_iter()
        .zip(bodies.par_iter())
        .map(|(page, body)| {
            let d = crate::search::search_doc(page, body);
            let mut h = Hasher::new();
            h.text(&d.url)
                .text(&d.title)
                .text(&d.date)
                .json(&d.year)
                .json(&d.kind.map(|k| k.as_str()))
                .text(&d.unit)
                .text(&d.text)
                .json(&d.body_start);
            h.finish()
        })
        .collect();
    let mut h = Hasher::new();
    for d in &docs {
        h.bytes(d);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_never_run_into_each_other() {
        let a = Hasher::new().text("ab").text("c").finish();
        let b = Hasher::new().text("a").text("bc").finish();
        assert_ne!(a, b);
        assert_eq!(a, Hasher::new().text("ab").text("c").finish());
        let json = |v: &serde_json::Value| Hasher::new().json(v).finish();
        assert_ne!(
            json(&serde_json::json!({"a": 1})),
            json(&serde_json::json!({"a": 2}))
        );
    }

    #[test]
    fn links_and_ids_read_back_from_the_record() {
        let dir = tempfile::tempdir().expect("tmp");
        let target = dir.path().join("public");
        fs::create_dir_all(&target).expect("mkdir");
        fs::write(target.join("a.html"), "x").expect("write");
        let key = [7; 16];
        let found = Found {
            ids: ["top", "第一节"].iter().map(|s| s.to_string()).collect(),
            links: vec!["/news/".into(), "#top".into(), "/news/".into()],
        };
        let stamp = Stamp::of(&fs::metadata(target.join("a.html")).expect("stat"));
        let cache = Cache::open(&target, dir.path(), key, false);
        cache.save(Made {
            outputs: vec![("a.html".into(), [1; 16], Some(found))],
            stamps: [("a.html".to_string(), stamp.expect("stamp"))].into(),
            ..Made::default()
        });
        let cache = Cache::open(&target, dir.path(), key, false);
        let renders = cache.renders();
        let back = renders.reusable("a.html", &[1; 16]).expect("reusable");
        let back = back.expect("found");
        assert_eq!(back.links, ["/news/", "#top", "/news/"]);
        assert!(back.ids.contains("第一节") && back.ids.len() == 2);
        assert!(
            renders.reusable("a.html", &[2; 16]).is_none(),
            "another fingerprint"
        );
        // The file changed since: not reusable.
        fs::write(target.join("a.html"), "yy").expect("write");
        assert!(
            renders.reusable("a.html", &[1; 16]).is_none(),
            "a changed file"
        );
        // Another key (another gongkai, day, option): nothing is reused.
        let other = Cache::open(&target, dir.path(), [8; 16], false);
        assert!(other.renders().previous.is_none());
        // --no-cache reads nothing.
        assert!(Cache::open(&target, dir.path(), key, true)
            .previous
            .is_none());
    }
}
