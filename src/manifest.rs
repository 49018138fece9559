//! The upload manifest, `gongkai-manifest.json` at the root of the output:
//! every other file of a finished build with its size and SHA-256, sorted by
//! path, so that an office can tell which files changed since the previous
//! build and upload only those (`gongkai build --changed-list FILE`).
//!
//! The file is deterministic: no timestamps, one line per file in byte order
//! of the path, so two builds of the same site write it byte for byte alike.
//! Hashes are RFC 4648 base32 (lowercase, no padding), not hex: its only
//! digits are 2–7 and a SHA-256 in base32 ends with a letter, so no run of
//! digits in a hash stands alone or holds the `1` of a mobile number or the
//! `19`/`20` of a birth date; the privacy scan (and any scanner like it on
//! the county platform) cannot take a hash for personal data. Paths are the
//! published paths the privacy scan already reads.
//!
//! Left to others: when it is written (the build, into its staging folder,
//! as the last file, and never by `serve`), printing the counts (the CLI).

use crate::diagnostics::Diagnostic;
use crate::messages::Msg;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// The manifest's file name, at the root of the output folder.
pub const FILE_NAME: &str = "gongkai-manifest.json";

/// The version of the manifest's shape, for tools that read it.
const FORMAT: u32 = 1;

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Entry {
    /// Its length in bytes.
    pub(crate) size: u64,
    /// SHA-256 of its bytes, base32 (RFC 4648, lowercase, no padding).
    pub(crate) sha256: String,
}

/// The files of an output, by path relative to its root (with `/`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Manifest {
    /// [`FORMAT`].
    pub(crate) format: u32,
    pub(crate) files: BTreeMap<String, Entry>,
}

/// What changed between two builds' outputs, each list sorted by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files the previous output did not have.
    pub added: Vec<String>,
    /// Files whose bytes differ.
    pub changed: Vec<String>,
    /// Files of the previous output that are gone.
    pub removed: Vec<String>,
    /// There was no previous manifest: every file counts as added.
    pub first: bool,
}

impl Changes {
    /// The line the build prints after its summary.
    pub fn message(&self) -> Msg {
        if self.first {
            Msg::BuildAllNew {
                files: self.added.len(),
            }
        } else {
            Msg::BuildChanges {
                added: self.added.len(),
                changed: self.changed.len(),
                removed: self.removed.len(),
            }
        }
    }

    /// The text of `--changed-list`: the files to upload (added and changed,
    /// and the manifest itself when anything changed: every file whose bytes
    /// differ; one path a line, sorted), then the removed ones, each as a
    /// comment line (`# path`), so that a tool reading the list (`rsync
    /// --files-from`, which skips `#` lines) uploads exactly the first part.
    pub(crate) fn list(&self) -> String {
        let mut upload: Vec<&str> = self
            .added
            .iter()
            .chain(&self.changed)
            .map(String::as_str)
            .collect();
        if !upload.is_empty() || !self.removed.is_empty() {
            upload.push(FILE_NAME);
        }
        upload.sort_unstable();
        let mut out = String::new();
        for path in upload {
            out.push_str(path);
            out.push('\n');
        }
        if !self.removed.is_empty() {
            out.push_str("# 删除 / removed\n");
            for path in &self.removed {
                out.push_str("# ");
                out.push_str(path);
                out.push('\n');
            }
        }
        out
    }
}

/// SHA-256 of `bytes` as the manifest writes it.
#[cfg(test)]
pub(crate) fn hash(bytes: &[u8]) -> String {
    encode(&Sha256::digest(bytes))
}

fn encode(digest: &[u8]) -> String {
    data_encoding::BASE32_NOPAD
        .encode(digest)
        .to_ascii_lowercase()
}

/// SHA-256 of the file at `path`, read in pieces (attachments may be large).
fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut file, &mut hasher)?;
    Ok((size, encode(&hasher.finalize())))
}

/// What tells a file (or folder) apart from another state of it without
/// reading it: its size, modification time and, on Unix, its inode. A
/// file linked from the previous output keeps all three; one written again
/// gets a new inode (the old one still exists), and a folder where an entry
/// was added or removed a new time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Stamp {
    len: u64,
    /// Since the Unix epoch.
    secs: i64,
    nanos: u32,
    inode: u64,
}

impl Stamp {
    /// The stamp of `meta`; `None` where the system keeps no times.
    pub(crate) fn of(meta: &fs::Metadata) -> Option<Stamp> {
        let (secs, nanos) = match meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => (d.as_secs() as i64, d.subsec_nanos()),
            Err(before) => (
                -(before.duration().as_secs() as i64),
                before.duration().subsec_nanos(),
            ),
        };
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: meta.len(),
            secs,
            nanos,
            inode,
        })
    }
}

/// The manifest of an output and the stamp of each of its files and
/// folders (`""` is the folder itself), for the build cache.
pub(crate) struct Scanned {
    pub(crate) manifest: Manifest,
    pub(crate) stamps: BTreeMap<String, Stamp>,
}

/// The files of the folder `dir` (the manifest itself aside), hashed in
/// parallel. A file whose stamp is the one `previous` recorded for the same
/// path is the same file as in the previous output: its hash is taken from
/// that output's manifest instead of read again.
pub(crate) fn scan(
    dir: &Path,
    previous: Option<(&Manifest, &BTreeMap<String, Stamp>)>,
) -> Result<Scanned, Diagnostic> {
    let mut paths = vec![];
    let mut stamps = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.map_err(|e| read_failed(dir, e.into()))?;
        let rel = relative(dir, entry.path());
        if rel == FILE_NAME {
            continue;
        }
        let stamp = entry.metadata().ok().and_then(|m| Stamp::of(&m));
        if let Some(stamp) = stamp {
            stamps.insert(rel.clone(), stamp);
        }
        if entry.file_type().is_file() {
            paths.push((rel, entry.into_path(), stamp));
        }
    }
    let known = |rel: &str, stamp: Option<Stamp>| -> Option<Entry> {
        let (manifest, old) = previous?;
        (old.get(rel).copied() == Some(stamp?))
            .then(|| manifest.files.get(rel).cloned())
            .flatten()
    };
    let files = paths
        .into_par_iter()
        .map(|(rel, path, stamp)| {
            if let Some(entry) = known(&rel, stamp) {
                return Ok((rel, entry));
            }
            match hash_file(&path) {
                Ok((size, sha256)) => Ok((rel, Entry { size, sha256 })),
                Err(e) => Err(read_failed(&path, e)),
            }
        })
        .collect::<Result<BTreeMap<_, _>, _>>()?;
    Ok(Scanned {
        manifest: Manifest {
            format: FORMAT,
            files,
        },
        stamps,
    })
}

/// `path` under `dir`, with `/` between its parts.
fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn read_failed(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(Msg::ReadFailed {
        detail: e.to_string(),
    })
    .at(path, None)
}

/// The manifest of a finished output, if it has one that reads (one from
/// another version of gongkai, or edited by hand into something else, is
/// taken as none: every file then counts as new).
pub(crate) fn read(output: &Path) -> Option<Manifest> {
    let bytes = fs::read(output.join(FILE_NAME)).ok()?;
    serde_json::from_slice::<Manifest>(&bytes)
        .ok()
        .filter(|m| m.format == FORMAT)
}

impl Manifest {
    /// The file's text: one line per file, so that two manifests compare
    /// line by line.
    pub(crate) fn to_json(&self) -> String {
        let mut out = format!("{{\n  \"format\": {},\n  \"files\": {{", self.format);
        let mut first = true;
        for (path, entry) in &self.files {
            out.push_str(if first { "\n    " } else { ",\n    " });
            first = false;
            // Strings and numbers alone: serializing them cannot fail.
            let key = serde_json::to_string(path).unwrap_or_default();
            let value = serde_json::to_string(entry).unwrap_or_default();
            out.push_str(&format!("{key}: {value}"));
        }
        out.push_str(if first { "}\n}\n" } else { "\n  }\n}\n" });
        out
    }

    /// What changed from `previous` (none: every file is new) to this one.
    pub(crate) fn changes_since(&self, previous: Option<&Manifest>) -> Changes {
        let Some(previous) = previous else {
            return Changes {
                added: self.files.keys().cloned().collect(),
                first: true,
                ..Changes::default()
            };
        };
        let mut changes = Changes::default();
        for (path, entry) in &self.files {
            match previous.files.get(path) {
                None => changes.added.push(path.clone()),
                Some(old) if old != entry => changes.changed.push(path.clone()),
                Some(_) => {}
            }
        }
        changes.removed = previous
            .files
            .keys()
            .filter(|p| !self.files.contains_key(*p))
            .cloned()
            .collect();
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn manifest(files: &[(&str, &str)]) -> Manifest {
        Manifest {
            format: FORMAT,
            files: files
                .iter()
                .map(|(p, bytes)| {
                    (
                        p.to_string(),
                        Entry {
                            size: bytes.len() as u64,
                            sha256: hash(bytes.as_bytes()),
                        },
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn the_hash_is_sha256_in_lowercase_base32() {
        // SHA-256("abc") = ba7816bf…f20015ad (FIPS 180-2), in base32
        // (as Python's `base64.b32encode(hashlib.sha256(b"abc").digest())`).
        assert_eq!(
            hash(b"abc"),
            "xj4bnp4pahh6uqkbidpf3lrceoyagyndsylxvhfucd7wd4qacwwq"
        );
    }

    #[test]
    fn counts_added_changed_and_removed() {
        let old = manifest(&[("a.html", "1"), ("b.html", "2"), ("gone.html", "3")]);
        let new = manifest(&[("a.html", "1"), ("b.html", "two"), ("c.html", "4")]);
        let changes = new.changes_since(Some(&old));
        assert_eq!(changes.added, ["c.html"]);
        assert_eq!(changes.changed, ["b.html"]);
        assert_eq!(changes.removed, ["gone.html"]);
        assert!(!changes.first);
        assert_eq!(
            changes.list(),
            "b.html\nc.html\ngongkai-manifest.json\n# 删除 / removed\n# gone.html\n"
        );
        let first = new.changes_since(None);
        assert!(first.first);
        assert_eq!(first.added.len(), 3);
        assert_eq!(new.changes_since(Some(&new)).list(), "");
    }

    #[test]
    fn the_text_reads_back_and_is_one_line_per_file() {
        let m = manifest(&[("新闻/a b.html", "x"), ("index.html", "y")]);
        let text = m.to_json();
        assert_eq!(text.lines().count(), 7, "{text}");
        assert_eq!(
            serde_json::from_str::<Manifest>(&text).expect("json"),
            m,
            "{text}"
        );
        let empty = Manifest::default().to_json();
        assert!(serde_json::from_str::<Manifest>(&empty).is_ok(), "{empty}");
    }

    proptest! {
        /// Whatever the bytes, a manifest line holds no personal data as
        /// the privacy scan reads it, and no run of 11 digits.
        #[test]
        fn no_hash_reads_as_personal_data(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let line = manifest(&[("a.html", "")]).to_json().replace(&hash(b""), &hash(&bytes));
            prop_assert!(crate::privacy::scan(&line, &[]).is_empty(), "{line}");
            let h = hash(&bytes);
            prop_assert!(h.ends_with(|c: char| c.is_ascii_lowercase()), "{h}");
            prop_assert!(!h.chars().any(|c| matches!(c, '0' | '1' | '8' | '9')), "{h}");
        }
    }
}
