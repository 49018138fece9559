//! Writing the site: into a fresh folder beside the output, swapped in only
//! when the whole build succeeded, so a failed build leaves the previous
//! `public/` exactly as it was.
//!
//! One build of an output at a time: a build holds an advisory lock on a file
//! beside the output (`.public.gongkai-lock`) from [`claim`] (before it reads
//! its sources) until its swap is done, and a second build waits for it
//! (bounded by [`LockWait`]). The
//! operating system releases the lock of a killed process, so a lock file
//! left behind never blocks. With the lock held no other build of the output
//! runs, so the staging folders found beside it are stale and are removed.
//!
//! Also refuses folders that must never be replaced (the site itself, its
//! sources, folders gongkai did not make). What to write is the caller's, and
//! so is keeping the writes of one process in order (serve rebuilds one at a
//! time).

use crate::diagnostics::Diagnostic;
use crate::messages::{Msg, OutputRefusal};
use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The file that marks a folder as made by gongkai (and so safe to replace).
pub(crate) const MARKER: &str = ".gongkai-output";

/// What becomes of the previous site once the new one is in place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OldSite {
    /// Deleted before the build returns (`gongkai build`).
    #[default]
    Delete,
    /// Deleted by a thread of its own, so the new site is served at once
    /// (`gongkai serve`): deleting thousands of folders can take seconds.
    DeleteInBackground,
}

/// Called once when a build starts waiting for another one (the CLI says
/// so on the terminal; the library prints nothing).
pub type WaitNotice = std::sync::Arc<dyn Fn() + Send + Sync>;

/// What a build does while another build of the same output runs.
#[derive(Clone)]
pub struct LockWait {
    /// How long to wait for the other build before refusing.
    pub max: Duration,
    /// Told once that this build waits; `None` tells no one (tests, serve's
    /// private folder).
    pub notice: Option<WaitNotice>,
}

impl std::fmt::Debug for LockWait {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LockWait")
            .field("max", &self.max)
            .field("notice", &self.notice.is_some())
            .finish()
    }
}

impl Default for LockWait {
    /// Ten minutes: far longer than any build of a township site, short
    /// enough that a hung build is noticed.
    fn default() -> Self {
        LockWait {
            max: Duration::from_secs(600),
            notice: None,
        }
    }
}

/// The advisory lock on an output, held while its value lives; closing the
/// file (on drop, or by the OS when the process dies) releases it.
#[derive(Debug)]
struct OutputLock {
    _file: fs::File,
}

/// A build's output under construction. Holds the output's lock.
#[derive(Debug)]
pub struct Staging {
    /// The staging folder the build writes into.
    pub(crate) dir: PathBuf,
    target: PathBuf,
    lock: OutputLock,
}

fn write_failed(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(Msg::WriteFailed {
        path: path.to_string_lossy().into_owned(),
        detail: e.to_string(),
    })
}

/// The absolute form of a path that may not exist yet.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => abs,
    }
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    target.with_file_name(format!(".{name}.gongkai-{tag}"))
}

/// The build cache of the output `target`, beside it (never uploaded with it).
pub(crate) fn cache_path(target: &Path) -> PathBuf {
    sibling(target, "cache")
}

/// The right to replace one output: checked, and its lock held. A build
/// takes it before reading its sources, so one that waited for another
/// build reads the files as they are after it.
#[derive(Debug)]
pub(crate) struct Claim {
    target: PathBuf,
    lock: OutputLock,
}

/// Checks that `output` may be replaced, takes its lock (waiting as `wait`
/// says), puts back a site a killed swap left aside and deletes the staging
/// and old folders killed builds left. Creates the output's parent folder;
/// writes nothing else.
pub(crate) fn claim(
    root: &Path,
    output: &Path,
    force: bool,
    wait: &LockWait,
) -> Result<Claim, Diagnostic> {
    let root = absolute(root);
    let target = absolute(output);
    let shown = output.to_string_lossy().into_owned();
    let refuse = |reason| {
        Diagnostic::error(Msg::OutputRefused {
            path: shown.clone(),
            reason,
        })
    };
    if target == root {
        return Err(refuse(OutputRefusal::IsSiteRoot));
    }
    if root.starts_with(&target) {
        return Err(refuse(OutputRefusal::ContainsSite));
    }
    for source in ["content", "static", "templates", "themes"] {
        if target.starts_with(root.join(source)) {
            return Err(refuse(OutputRefusal::InsideSource));
        }
    }
    let parent = target.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| write_failed(parent, e))?;
    let lock = lock_output(&target, &shown, wait)?;
    recover_interrupted_swap(&target);
    // Here rather than when staging: a build that finds nothing changed
    // stages nothing, and must still clear what a killed build left.
    remove_stale_siblings(&target);
    if target.is_dir() && !force && !target.join(MARKER).is_file() {
        let empty = fs::read_dir(&target)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(refuse(OutputRefusal::NotOurs));
        }
    }
    if target.exists() && !target.is_dir() {
        return Err(refuse(OutputRefusal::IsFile));
    }
    Ok(Claim { target, lock })
}

impl Claim {
    /// The output folder (absolute).
    pub(crate) fn target(&self) -> &Path {
        &self.target
    }

    /// Creates the staging folder, which keeps the lock.
    pub(crate) fn stage(self) -> Result<Staging, Diagnostic> {
        let Claim { target, lock } = self;
        let dir = sibling(&target, &format!("new-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| write_failed(&dir, e))?;
        fs::write(
            dir.join(MARKER),
            "gongkai 生成的网站文件夹，可以整个删除后重新生成。\nMade by gongkai; safe to delete and rebuild.\n",
        )
        .map_err(|e| write_failed(&dir, e))?;
        Ok(Staging { dir, target, lock })
    }
}

/// [`claim`] and [`Claim::stage`] at once.
pub fn prepare(
    root: &Path,
    output: &Path,
    force: bool,
    wait: &LockWait,
) -> Result<Staging, Diagnostic> {
    claim(root, output, force, wait)?.stage()
}

/// Takes the lock of the output `target` (shown to the user as `shown`),
/// polling while another build holds it, for `wait.max` at most.
fn lock_output(target: &Path, shown: &str, wait: &LockWait) -> Result<OutputLock, Diagnostic> {
    let path = sibling(target, "lock");
    // Never deleted: a build waiting on the old file and one locking a new
    // file of the same name would both run.
    let file = fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| write_failed(&path, e))?;
    let started = Instant::now();
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(OutputLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => return Err(write_failed(&path, e)),
        }
        let waited = started.elapsed();
        if waited >= wait.max {
            return Err(Diagnostic::error(Msg::OutputBusy {
                path: shown.to_string(),
                seconds: wait.max.as_secs(),
            }));
        }
        if let (false, Some(notice)) = (told, &wait.notice) {
            notice();
        }
        told = true;
        std::thread::sleep((wait.max - waited).min(Duration::from_millis(50)));
    }
}

/// A build killed between its two renames leaves the old site beside the target:
/// put it back before anything else.
fn recover_interrupted_swap(target: &Path) {
    if target.exists() {
        return;
    }
    let prefix = sibling(target, "old-");
    if let Some(old) = matching_siblings(&prefix).into_iter().next() {
        let _ = fs::rename(old, target);
    }
}

fn matching_siblings(prefix: &Path) -> Vec<PathBuf> {
    let (Some(parent), Some(start)) = (prefix.parent(), prefix.file_name()) else {
        return vec![];
    };
    let start = start.to_string_lossy();
    let Ok(entries) = fs::read_dir(parent) else {
        return vec![];
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(start.as_ref()))
        .map(|e| e.path())
        .collect()
}

/// Folders a killed build left behind (called with the lock held, so no
/// other build of this output is writing or swapping). This process's own
/// old sites are left to the threads already deleting them (serve); the
/// `trash-*` of another process that is still deleting it after its swap
/// is deleted by both, which is harmless (see [`remove_tree`]).
fn remove_stale_siblings(target: &Path) {
    let own_trash = sibling(target, &format!("trash-{}-", std::process::id()));
    for tag in ["new-", "old-", "trash-"] {
        for dir in matching_siblings(&sibling(target, tag)) {
            if !dir
                .to_string_lossy()
                .starts_with(&*own_trash.to_string_lossy())
            {
                remove_tree(&dir);
            }
        }
    }
}

/// Deletes a folder and everything in it, subfolders in parallel: a site is
/// thousands of folders, and one at a time was seconds of every rebuild.
/// Symbolic links are removed, never followed. Two processes deleting the
/// same folder at once both get through: whatever one finds gone the other
/// removed, and the last to finish removes the folder.
pub(crate) fn remove_tree(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        let _ = fs::remove_file(dir);
        return;
    };
    let subdirs: Vec<PathBuf> = entries
        .flatten()
        .filter_map(|entry| match entry.file_type() {
            Ok(t) if t.is_dir() => Some(entry.path()),
            _ => {
                let _ = fs::remove_file(entry.path());
                None
            }
        })
        .collect();
    subdirs.par_iter().for_each(|sub| remove_tree(sub));
    let _ = fs::remove_dir(dir);
}

/// Replaces one file of a finished site in place (the incremental rebuild
/// of `serve`): written beside its place, then renamed over it, so a reader
/// never sees half a file.
pub(crate) fn replace_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    stays_inside(rel)?;
    let path = dir.join(rel);
    if fs::read(&path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| write_failed(parent, e))?;
    }
    let temp = sibling(&path, "new");
    fs::write(&temp, bytes)
        .and_then(|_| fs::rename(&temp, &path))
        .map_err(|e| {
            let _ = fs::remove_file(&temp);
            write_failed(&path, e)
        })
}

/// Removes one file of a finished site (an output that no longer exists),
/// and the folders it leaves empty, which a full build would not make (a
/// year of the 督办台账 with nothing open left: `dubans/2026/`).
pub(crate) fn remove_file(dir: &Path, rel: &str) {
    if stays_inside(rel).is_err() {
        return;
    }
    let _ = fs::remove_file(dir.join(rel));
    let mut parent = Path::new(rel).parent();
    while let Some(folder) = parent.filter(|p| !p.as_os_str().is_empty()) {
        // Fails, and stops, at a folder that still holds something.
        if fs::remove_dir(dir.join(folder)).is_err() {
            break;
        }
        parent = folder.parent();
    }
}

/// `rel` names a place inside the output folder: no `..`, no root, no drive.
fn stays_inside(rel: &str) -> Result<(), Diagnostic> {
    let inside = Path::new(rel).components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    });
    if inside {
        Ok(())
    } else {
        Err(Diagnostic::error(Msg::OutputEscapes {
            path: rel.to_string(),
        }))
    }
}

/// Renames `dir` to `target`, the previous `target` aside first; returns the
/// previous site, renamed to a `trash-<tag>` folder, for the caller to delete.
fn swap(dir: &Path, target: &Path, tag: &str) -> Result<Option<PathBuf>, Diagnostic> {
    let old = sibling(target, &format!("old-{tag}"));
    let had_old = target.exists();
    if had_old {
        fs::rename(target, &old).map_err(|e| write_failed(target, e))?;
    }
    if let Err(e) = fs::rename(dir, target) {
        if had_old {
            let _ = fs::rename(&old, target);
        }
        return Err(write_failed(target, e));
    }
    if !had_old {
        return Ok(None);
    }
    // Renamed first, so a half-deleted site is never taken for one that a
    // killed swap left (see `recover_interrupted_swap`).
    let trash = sibling(target, &format!("trash-{tag}"));
    Ok(Some(if fs::rename(&old, &trash).is_ok() {
        trash
    } else {
        old
    }))
}

impl Staging {
    /// Writes `bytes` at `rel` (with `/` separators) inside the staging folder.
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        stays_inside(rel)?;
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| write_failed(parent, e))?;
        }
        // An output that did not change is linked from the previous build
        // instead of written: no new inode (the costly part of writing
        // thousands of files), and the previous site is not modified.
        let previous = self.target.join(rel);
        if fs::read(&previous).is_ok_and(|old| old == bytes)
            && fs::hard_link(&previous, &path).is_ok()
        {
            return Ok(());
        }
        fs::write(&path, bytes).map_err(|e| write_failed(&path, e))
    }

    /// Links the previous build's file at `rel` into the staging folder
    /// (the build cache knows it is what a render would write); false if
    /// it cannot (gone, or no hard links here), and the caller renders.
    pub(crate) fn link_previous(&self, rel: &str) -> bool {
        if stays_inside(rel).is_err() {
            return false;
        }
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            if fs::create_dir_all(parent).is_err() {
                return false;
            }
        }
        fs::hard_link(self.target.join(rel), &path).is_ok()
    }

    /// Links the previous build's files `rels` into the staging folder;
    /// false if one could not be linked (what was linked is removed, for
    /// the caller to write them).
    pub(crate) fn link_previous_all(&self, rels: &[String]) -> bool {
        for (done, rel) in rels.iter().enumerate() {
            if !self.link_previous(rel) {
                for linked in &rels[..done] {
                    let _ = fs::remove_file(self.dir.join(linked));
                }
                return false;
            }
        }
        true
    }

    /// The files under the folder `rel` of the staging folder, relative to
    /// it, sorted.
    pub(crate) fn files_under(&self, rel: &str) -> Vec<String> {
        let from = self.dir.join(rel);
        let mut files: Vec<String> = walkdir::WalkDir::new(&from)
            .follow_links(false)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let inner = e.path().strip_prefix(&self.dir).ok()?;
                let parts: Vec<String> = inner
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                Some(parts.join("/"))
            })
            .collect();
        files.sort_unstable();
        files
    }

    /// The output this staging folder will replace (it may not exist yet):
    /// the previous build, until [`Staging::commit`].
    pub(crate) fn target(&self) -> &Path {
        &self.target
    }

    /// Copies a file into the staging folder at `rel`.
    pub(crate) fn copy(&self, source: &Path, rel: &str) -> Result<(), Diagnostic> {
        stays_inside(rel)?;
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| write_failed(parent, e))?;
        }
        // A copy, not a hard link to the source: editing a source in place must
        // not change the published site until the next successful build. But
        // the previous build's copy is linked when the source still has its
        // size and modification time (rsync's quick check; the copy keeps
        // the source's time): attachments of tens of megabytes are not
        // copied again by every build.
        let source_meta = fs::metadata(source).map_err(|e| write_failed(source, e))?;
        let modified = source_meta.modified().ok();
        let previous = self.target.join(rel);
        let unchanged = fs::symlink_metadata(&previous).is_ok_and(|old| {
            old.is_file()
                && old.len() == source_meta.len()
                && modified.is_some()
                && old.modified().ok() == modified
        });
        if unchanged && fs::hard_link(&previous, &path).is_ok() {
            return Ok(());
        }
        fs::copy(source, &path).map_err(|e| write_failed(&path, e))?;
        if let Some(time) = modified {
            // Only a quicker next build is lost if this fails.
            let _ = fs::File::options()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_modified(time));
        }
        Ok(())
    }

    /// Puts the new site in place of the old one, calls `in_place` with
    /// it, then releases the lock (the build cache is written there, so
    /// that a build that waited reads the record of the site it finds); the
    /// old site is deleted after, so a waiting build starts sooner.
    pub(crate) fn commit(
        self,
        old_site: OldSite,
        in_place: impl FnOnce(&Path),
    ) -> Result<PathBuf, Diagnostic> {
        let Staging { dir, target, lock } = self;
        // One name per swap: in serve, the previous swap's old site may still
        // be being deleted.
        static SWAPS: AtomicU64 = AtomicU64::new(0);
        let tag = format!(
            "{}-{}",
            std::process::id(),
            SWAPS.fetch_add(1, Ordering::Relaxed)
        );
        let doomed = swap(&dir, &target, &tag)?;
        in_place(&target);
        drop(lock);
        if let Some(doomed) = doomed {
            match old_site {
                OldSite::Delete => remove_tree(&doomed),
                OldSite::DeleteInBackground => {
                    std::thread::spawn(move || remove_tree(&doomed));
                }
            }
        }
        Ok(target)
    }

    /// Throws the unfinished build away; the previous output is untouched.
    pub(crate) fn abandon(self) {
        remove_tree(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_writes_outside_the_staging_folder() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = dir.path().join("site");
        fs::create_dir_all(&root).expect("mkdir");
        let staging =
            prepare(&root, &root.join("public"), false, &LockWait::default()).expect("prepare");
        for rel in ["../index.html", "news/../../x.html", "/etc/x.html"] {
            let refused = staging.write(rel, b"x").map_err(|d| *d.msg);
            assert!(matches!(refused, Err(Msg::OutputEscapes { .. })), "{rel}");
            let refused = staging.copy(&root, rel).map_err(|d| *d.msg);
            assert!(matches!(refused, Err(Msg::OutputEscapes { .. })), "{rel}");
        }
        assert!(!root.join("index.html").exists() && !dir.path().join("x.html").exists());
        staging
            .write("./news/a b/index.html", b"ok")
            .expect("inside");
        staging.abandon();
    }

    #[test]
    fn refuses_site_root_and_sources() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = dir.path();
        fs::create_dir_all(root.join("content")).expect("mkdir");
        let reason =
            |out: &Path| match prepare(root, out, true, &LockWait::default()).map_err(|d| *d.msg) {
                Err(Msg::OutputRefused { reason, .. }) => Some(reason),
                _ => None,
            };
        assert_eq!(reason(root), Some(OutputRefusal::IsSiteRoot));
        assert_eq!(
            reason(&root.join("content/public")),
            Some(OutputRefusal::InsideSource)
        );
        assert_eq!(reason(&root.join("public")), None);
    }

    #[test]
    fn refuses_a_foreign_folder_unless_forced() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("public");
        fs::create_dir_all(&out).expect("mkdir");
        fs::write(out.join("mine.txt"), "x").expect("write");
        assert!(prepare(dir.path(), &out, false, &LockWait::default()).is_err());
        let s = prepare(dir.path(), &out, true, &LockWait::default()).expect("forced");
        s.abandon();
        assert!(
            out.join("mine.txt").exists(),
            "abandon leaves the old folder"
        );
    }

    #[test]
    fn commit_swaps_and_cleans_up() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("public");
        let s = prepare(dir.path(), &out, false, &LockWait::default()).expect("prepare");
        s.write("a/index.html", b"one").expect("write");
        s.commit(OldSite::Delete, |_| {}).expect("commit");
        let s = prepare(dir.path(), &out, false, &LockWait::default()).expect("prepare again");
        s.write("b.html", b"two").expect("write");
        s.commit(OldSite::Delete, |_| {}).expect("commit");
        assert!(!out.join("a/index.html").exists());
        assert_eq!(fs::read(out.join("b.html")).expect("read"), b"two");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("gongkai-"))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        // The lock file stays (see `lock_output`); nothing else.
        assert_eq!(leftovers, [".public.gongkai-lock"]);
    }

    #[cfg(unix)]
    #[test]
    fn an_unchanged_source_is_linked_from_the_previous_build_a_changed_one_copied() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("public");
        let (same, edited) = (dir.path().join("same.pdf"), dir.path().join("edited.pdf"));
        fs::write(&same, b"unchanged attachment").expect("write");
        fs::write(&edited, b"first version").expect("write");
        let publish = || {
            let s = prepare(dir.path(), &out, false, &LockWait::default()).expect("prepare");
            s.copy(&same, "a/same.pdf").expect("copy");
            s.copy(&edited, "a/edited.pdf").expect("copy");
            s.commit(OldSite::Delete, |_| {}).expect("commit");
        };
        publish();
        let inode = |rel: &str| fs::metadata(out.join(rel)).expect("meta").ino();
        let (same_before, edited_before) = (inode("a/same.pdf"), inode("a/edited.pdf"));
        assert_ne!(
            same_before,
            fs::metadata(&same).expect("meta").ino(),
            "a copy"
        );
        // Same length, new time: copied again.
        fs::write(&edited, b"later version").expect("write");
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        fs::File::options()
            .write(true)
            .open(&edited)
            .and_then(|f| f.set_modified(later))
            .expect("touch");
        publish();
        assert_eq!(inode("a/same.pdf"), same_before, "linked, not copied");
        assert_ne!(inode("a/edited.pdf"), edited_before);
        assert_eq!(
            fs::read(out.join("a/edited.pdf")).expect("read"),
            b"later version"
        );
        assert_eq!(
            fs::read(out.join("a/same.pdf")).expect("read"),
            b"unchanged attachment"
        );
    }

    #[test]
    fn stale_folders_of_other_builds_go_and_this_process_trash_is_left_to_its_thread() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("public");
        let own = sibling(&out, &format!("trash-{}-7", std::process::id()));
        let foreign = sibling(&out, "trash-1-0");
        let killed = sibling(&out, "new-1");
        for d in [&own, &foreign, &killed] {
            fs::create_dir_all(d.join("x")).expect("mkdir");
        }
        prepare(dir.path(), &out, false, &LockWait::default())
            .expect("prepare")
            .abandon();
        assert!(own.is_dir(), "being deleted by this process's own thread");
        assert!(!foreign.exists() && !killed.exists());
    }

    #[test]
    fn the_old_site_is_deleted_in_the_background_without_following_links() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("public");
        let outside = dir.path().join("outside");
        fs::create_dir_all(&outside).expect("mkdir");
        fs::write(outside.join("keep.txt"), b"keep").expect("write");
        for round in 0..3 {
            let s = prepare(dir.path(), &out, false, &LockWait::default()).expect("prepare");
            for i in 0..20 {
                s.write(&format!("d{i}/e/index.html"), format!("{round}").as_bytes())
                    .expect("write");
            }
            #[cfg(unix)]
            std::os::unix::fs::symlink(&outside, s.dir.join("d0/link")).expect("symlink");
            s.commit(OldSite::DeleteInBackground, |_| {})
                .expect("commit");
            let now = fs::read_to_string(out.join("d7/e/index.html")).expect("read");
            assert_eq!(now, round.to_string());
        }
        // The deleting threads finish; nothing but the site and `outside` stays.
        let leftovers = || {
            let mut names: Vec<String> = fs::read_dir(dir.path())
                .expect("list")
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while leftovers().len() > 3 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(leftovers(), [".public.gongkai-lock", "outside", "public"]);
        assert_eq!(fs::read(outside.join("keep.txt")).expect("kept"), b"keep");
    }

    #[test]
    fn unchanged_outputs_are_linked_and_the_old_site_is_never_modified() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("public");
        let s = prepare(dir.path(), &out, false, &LockWait::default()).expect("prepare");
        s.write("same.html", b"same").expect("write");
        s.write("changed.html", b"old").expect("write");
        s.commit(OldSite::Delete, |_| {}).expect("commit");
        let s = prepare(dir.path(), &out, false, &LockWait::default()).expect("prepare again");
        s.write("same.html", b"same").expect("write");
        s.write("changed.html", b"new").expect("write");
        // Before the swap the previous site is exactly as it was.
        assert_eq!(fs::read(out.join("changed.html")).expect("read"), b"old");
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let inode = |p: &Path| fs::metadata(p).expect("metadata").ino();
            assert_eq!(
                inode(&s.dir.join("same.html")),
                inode(&out.join("same.html")),
                "linked"
            );
            assert_ne!(
                inode(&s.dir.join("changed.html")),
                inode(&out.join("changed.html"))
            );
        }
        s.abandon();
        assert_eq!(fs::read(out.join("changed.html")).expect("read"), b"old");
        assert_eq!(fs::read(out.join("same.html")).expect("read"), b"same");
        let s =
            prepare(dir.path(), &out, false, &LockWait::default()).expect("prepare a third time");
        s.write("same.html", b"same").expect("write");
        s.write("changed.html", b"new").expect("write");
        s.commit(OldSite::Delete, |_| {}).expect("commit");
        assert_eq!(fs::read(out.join("changed.html")).expect("read"), b"new");
        assert_eq!(fs::read(out.join("same.html")).expect("read"), b"same");
    }

    /// Waits `max` at most, silently.
    fn wait(max: Duration) -> LockWait {
        LockWait { max, notice: None }
    }

    #[test]
    fn a_second_build_waits_for_the_first_and_starts_from_its_site() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("public");
        let first = prepare(dir.path(), &out, false, &wait(Duration::ZERO)).expect("first");
        first.write("index.html", b"first").expect("write");
        let (tx, rx) = std::sync::mpsc::channel();
        let (root, target) = (dir.path().to_path_buf(), out.clone());
        let second = std::thread::spawn(move || {
            let s = prepare(&root, &target, false, &wait(Duration::from_secs(30)));
            tx.send(()).expect("send");
            s
        });
        std::thread::sleep(Duration::from_millis(300));
        assert!(rx.try_recv().is_err(), "the second build waits");
        assert_eq!(
            fs::read(first.dir.join("index.html")).expect("read"),
            b"first"
        );
        first.commit(OldSite::Delete, |_| {}).expect("commit");
        let second = second.join().expect("thread").expect("second");
        // It started after the swap: the first build's site is its previous one.
        assert_eq!(fs::read(out.join("index.html")).expect("read"), b"first");
        second.write("index.html", b"second").expect("write");
        second.commit(OldSite::Delete, |_| {}).expect("commit");
        assert_eq!(fs::read(out.join("index.html")).expect("read"), b"second");
        assert!(out.join(MARKER).is_file());
    }

    #[test]
    fn a_held_lock_refuses_after_the_wait_and_leaves_the_holder_alone() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("public");
        let first = prepare(dir.path(), &out, false, &wait(Duration::ZERO)).expect("first");
        first.write("news/index.html", b"first").expect("write");
        let started = Instant::now();
        let refused = prepare(dir.path(), &out, false, &wait(Duration::from_millis(200)));
        assert!(started.elapsed() >= Duration::from_millis(200));
        assert!(
            matches!(
                refused.map_err(|d| *d.msg),
                Err(Msg::OutputBusy { seconds: 0, .. })
            ),
            "refused"
        );
        // The holder's staging folder is untouched: it is not stale.
        assert!(first.dir.join(MARKER).is_file());
        first.commit(OldSite::Delete, |_| {}).expect("commit");
        assert_eq!(
            fs::read(out.join("news/index.html")).expect("read"),
            b"first"
        );
        assert!(out.join(MARKER).is_file());
    }

    #[test]
    fn the_lock_is_released_on_drop_and_a_left_lock_file_does_not_block() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("public");
        // A lock file nobody holds, as a killed build leaves it.
        fs::write(sibling(&out, "lock"), b"").expect("lock file");
        let first = prepare(dir.path(), &out, false, &wait(Duration::ZERO)).expect("free");
        assert!(prepare(dir.path(), &out, false, &wait(Duration::ZERO)).is_err());
        // Neither committed nor abandoned (an early return, a panic).
        drop(first);
        prepare(dir.path(), &out, false, &wait(Duration::ZERO))
            .expect("released on drop")
            .abandon();
    }

    #[test]
    fn two_deletions_of_one_tree_at_once_both_get_through() {
        let dir = tempfile::tempdir().expect("tmp");
        let outside = dir.path().join("outside");
        fs::create_dir_all(&outside).expect("mkdir");
        fs::write(outside.join("keep.txt"), b"keep").expect("write");
        for round in 0..10 {
            let tree = dir.path().join(format!("trash-{round}"));
            for i in 0..30 {
                for j in 0..3 {
                    let d = tree.join(format!("d{i}/e{j}"));
                    fs::create_dir_all(&d).expect("mkdir");
                    fs::write(d.join("index.html"), b"x").expect("write");
                }
            }
            #[cfg(unix)]
            std::os::unix::fs::symlink(&outside, tree.join("d0/link")).expect("symlink");
            let barrier = std::sync::Barrier::new(2);
            std::thread::scope(|s| {
                for _ in 0..2 {
                    s.spawn(|| {
                        barrier.wait();
                        remove_tree(&tree);
                    });
                }
            });
            assert!(!tree.exists(), "round {round}");
        }
        assert_eq!(fs::read(outside.join("keep.txt")).expect("kept"), b"keep");
    }

    #[test]
    fn recovers_a_site_left_aside_by_a_killed_swap() {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("public");
        let aside = dir.path().join(".public.gongkai-old-999");
        fs::create_dir_all(&aside).expect("mkdir");
        fs::write(aside.join(MARKER), "").expect("marker");
        fs::write(aside.join("index.html"), "old").expect("write");
        let s = prepare(dir.path(), &out, false, &LockWait::default()).expect("prepare");
        s.abandon();
        assert_eq!(fs::read(out.join("index.html")).expect("restored"), b"old");
    }
}
