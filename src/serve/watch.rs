//! Watching the site's sources for changes (notify, debounced by
//! `notify-debouncer-full`).
//!
//! Watches `content/`, `templates/`, `themes/` and `static/` recursively and
//! the site folder itself without recursion (for `site.toml`, and for one of
//! those folders appearing, disappearing or being replaced later). Events
//! are debounced by the crate (30 ms of quiet per path) and the batches that
//! follow each other within 30 ms are folded here, for at most 2 s (an editor
//! saves in one burst); reads (a build opens
//! every source), editor temporary files and hidden files (which a build
//! ignores) are dropped, and the changes that arrive while a rebuild runs are
//! folded into one more rebuild. What to do on a change is the caller's.

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer, DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache,
};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The folders of a site whose files make the site.
pub const SOURCE_DIRS: [&str; 4] = ["content", "templates", "themes", "static"];
/// The site's configuration file.
pub const CONFIG_FILE: &str = "site.toml";
/// A rebuild starts once no change came for this long...
const QUIET: Duration = Duration::from_millis(30);
/// ...or this long after the first change, if changes keep coming.
const MAX_WAIT: Duration = Duration::from_secs(2);
/// How often the watching thread checks whether it should stop.
const STOP_CHECK: Duration = Duration::from_millis(200);

type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;
type Shared = Arc<Mutex<Option<Watcher>>>;

/// A running watch; dropping it stops it (after the current rebuild, if any).
pub struct Watch {
    watcher: Shared,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

fn lock(shared: &Shared) -> MutexGuard<'_, Option<Watcher>> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts watching the site at `root` (canonical). `ignore` is a folder whose
/// changes never count (the preview's own output). `on_change` gets the
/// changed paths, relative to `root`; `on_error` what went wrong with the watch.
pub fn start(
    root: &Path,
    ignore: &Path,
    on_change: impl Fn(&[PathBuf]) + Send + 'static,
    on_error: impl Fn(String) + Send + 'static,
) -> Result<Watch, String> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut watcher = new_debouncer(QUIET, None, tx).map_err(|e| e.to_string())?;
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| e.to_string())?;
    for dir in SOURCE_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| e.to_string())?;
        }
    }
    let shared: Shared = Arc::new(Mutex::new(Some(watcher)));
    let stop = Arc::new(AtomicBool::new(false));
    let state = Loop {
        rx,
        filter: Filter {
            root: root.to_path_buf(),
            ignore: ignore.to_path_buf(),
        },
        watcher: shared.clone(),
        stop: stop.clone(),
    };
    let thread = std::thread::Builder::new()
        .name("gongkai-watch".into())
        .spawn(move || state.run(on_change, on_error))
        .map_err(|e| e.to_string())?;
    Ok(Watch {
        watcher: shared,
        stop,
        thread: Some(thread),
    })
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        lock(&self.watcher).take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Loop {
    rx: Receiver<DebounceEventResult>,
    filter: Filter,
    watcher: Shared,
    stop: Arc<AtomicBool>,
}

impl Loop {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    fn run(self, on_change: impl Fn(&[PathBuf]), on_error: impl Fn(String)) {
        while !self.stopping() {
            let first = match self.rx.recv_timeout(STOP_CHECK) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return,
            };
            let mut changed = BTreeSet::new();
            self.take(first, &mut changed, &on_error);
            // Fold: an editor's save, or a folder copied in, may come as
            // several batches when its paths settle at different times.
            let started = Instant::now();
            while started.elapsed() < MAX_WAIT {
                match self.rx.recv_timeout(QUIET) {
                    Ok(event) => self.take(event, &mut changed, &on_error),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            if changed.is_empty() || self.stopping() {
                continue;
            }
            let changed: Vec<PathBuf> = changed.into_iter().collect();
            on_change(&changed);
            // What the build itself did (it opens every source) was dropped as
            // reads; real edits made during the build are still queued.
        }
    }

    fn take(
        &self,
        batch: DebounceEventResult,
        changed: &mut BTreeSet<PathBuf>,
        on_error: &impl Fn(String),
    ) {
        match batch {
            Ok(events) => events.iter().for_each(|e| self.take_one(e, changed)),
            Err(errors) => errors.iter().for_each(|e| on_error(e.to_string())),
        }
    }

    fn take_one(&self, event: &DebouncedEvent, changed: &mut BTreeSet<PathBuf>) {
        if event.need_rescan() {
            // Events were lost: rebuild to be sure.
            changed.insert(PathBuf::from(SOURCE_DIRS[0]));
        }
        if matches!(event.kind, EventKind::Access(_)) {
            // Reading a file (the build does, for every source) changes nothing.
            return;
        }
        for path in &event.paths {
            if let Some(rel) = self.filter.relevant(path) {
                rewatch(&self.filter.root, &rel, &self.watcher);
                changed.insert(rel);
            }
        }
    }
}

/// A source folder created, removed or replaced: (re)start watching it.
fn rewatch(root: &Path, rel: &Path, watcher: &Shared) {
    let mut parts = rel.components();
    let (Some(first), None) = (parts.next(), parts.next()) else {
        return;
    };
    if !SOURCE_DIRS.iter().any(|d| first.as_os_str() == *d) {
        return;
    }
    let path = root.join(rel);
    if let Some(w) = lock(watcher).as_mut() {
        let _ = w.unwatch(&path);
        if path.is_dir() {
            let _ = w.watch(&path, RecursiveMode::Recursive);
        }
    }
}

/// Which changed paths matter to a build.
pub struct Filter {
    pub root: PathBuf,
    pub ignore: PathBuf,
}

impl Filter {
    /// The path relative to the site root, when a change there can change the site.
    pub fn relevant(&self, path: &Path) -> Option<PathBuf> {
        if path.starts_with(&self.ignore) {
            return None;
        }
        let rel = path.strip_prefix(&self.root).ok()?;
        let mut parts = rel.components();
        let first = parts.next()?.as_os_str().to_str()?;
        let top = parts.next().is_none();
        if !(SOURCE_DIRS.contains(&first) || (top && first == CONFIG_FILE)) {
            return None;
        }
        let name = rel.file_name()?.to_string_lossy();
        if is_scratch(&name) {
            return None;
        }
        Some(rel.to_path_buf())
    }
}

/// Editor temporary and backup files, Office lock files and hidden files.
pub fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swo", ".swx", ".tmp", ".crdownload"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_source_changes_count() {
        let f = Filter {
            root: PathBuf::from("/site"),
            ignore: PathBuf::from("/site/content/out"),
        };
        let yes = |p: &str| f.relevant(Path::new(p)).is_some();
        assert!(yes("/site/site.toml"));
        assert!(yes("/site/content/news/a.md"));
        assert!(yes("/site/content"));
        assert!(yes("/site/templates/page.html"));
        assert!(yes("/site/themes/x/static/css/a.css"));
        assert!(yes("/site/static/logo.png"));
        assert!(!yes("/site/public/index.html"));
        assert!(!yes("/site/.public.gongkai-new-1"));
        assert!(!yes("/site/README.md"));
        assert!(!yes("/site/content/site.toml.swp"));
        assert!(!yes("/site/content/news/.a.md.swp"));
        assert!(!yes("/site/content/news/a.md~"));
        assert!(!yes("/site/content/news/.#a.md"));
        assert!(!yes("/site/content/news/4913"));
        assert!(!yes("/site/content/news/~$报告.docx"));
        assert!(!yes("/site/content/out/index.html"));
        assert!(!yes("/elsewhere/content/a.md"));
        assert_eq!(
            f.relevant(Path::new("/site/content/news/a.md")),
            Some(PathBuf::from("content/news/a.md"))
        );
    }
}
