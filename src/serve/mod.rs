//! `gongkai serve`: build the site, serve it on this computer, and rebuild and
//! reload the open pages whenever a source changes.
//!
//! The site is built into a private folder under the system's temporary
//! folder (`gongkai-serve-<pid>-<n>/public`), with `base_url` set to the
//! preview's own address, so the site's `public/` is never touched. The
//! loaded site stays in memory ([`LiveSite`]): saving one page renders again
//! only the outputs that show it; other changes build the whole site. A
//! failed rebuild leaves the folder as it was: the last good site stays
//! served, and the errors are reported to the caller ([`ServeEvent`]) and
//! shown over the page in the browser.
//! The folder is removed when the server stops; a folder left by a process
//! that was killed is removed by the next `serve`.
//!
//! Parts: `resolve.rs` maps request paths to files (safely), `http.rs`
//! answers requests, `reload.rs` is the browser side of live reload and the
//! event hub, `watch.rs` watches the sources. Nothing here prints: what
//! happens goes to the caller's [`Events`] callback, and the CLI
//! (`cli/serve.rs`) turns each [`ServeEvent`] into text.

mod http;
mod reload;
pub mod resolve;
mod watch;

use crate::build::{BuildOptions, BuildReport};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::live::{LiveSite, PageUpdate};
use crate::messages::{Lang, Msg};
use crate::timing::Timing;
use reload::Hub;
use std::fs::File;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

pub use http::HEAD_TIMEOUT;
pub use reload::EVENTS_PATH;

/// The port used when none is given.
pub const DEFAULT_PORT: u16 = 1111;
/// The address listened on when none is given: this computer only.
pub const DEFAULT_BIND: &str = "127.0.0.1";

#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holding `site.toml` and `content/`).
    pub root: PathBuf,
    /// The port; 0 picks any free one.
    pub port: u16,
    /// The address to listen on (`127.0.0.1`, `0.0.0.0`, `::1`, `localhost`).
    pub bind: String,
    /// Open the preview in the browser once it is up.
    pub open: bool,
    /// Publish drafts too.
    pub drafts: bool,
    /// The date the preview takes as today (`--as-of`); the computer's when None.
    pub as_of: Option<chrono::NaiveDate>,
    /// Time each build's stages, into the reports of [`ServeEvent::Built`].
    pub timings: bool,
}

/// What the preview reports as it runs, for the caller to show (the CLI
/// prints each as text in the user's language).
#[derive(Debug)]
pub enum ServeEvent<'a> {
    /// The preview is up at this address.
    Listening { url: &'a str },
    /// Sources changed (`path` the deepest, and `more` others); a build follows.
    Changed { path: String, more: usize },
    /// A build, or an edit of one page, succeeded: its warnings and timings
    /// are in the report.
    Built(&'a BuildReport),
    /// A build failed; the last good site stays served.
    Failed(&'a Diagnostics),
    /// Watching the sources or opening the browser failed; the preview goes on.
    Warning(&'a Diagnostic),
    /// The search index could not be updated after an edit.
    SearchFailed(&'a Diagnostic),
    /// How long the parts of a search index update took (only when
    /// [`ServeOptions::timings`] asked).
    Timings(&'a [Timing]),
    /// The preview stopped (Ctrl+C); its folder is removed.
    Stopped,
}

/// Where a preview sends its [`ServeEvent`]s; called from several threads.
pub type Events = Arc<dyn Fn(ServeEvent<'_>) + Send + Sync>;

/// Events that go nowhere (a preview run by a test or a benchmark).
fn quiet() -> Events {
    Arc::new(|_| {})
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            port: DEFAULT_PORT,
            bind: DEFAULT_BIND.into(),
            open: false,
            drafts: false,
            as_of: None,
            timings: false,
        }
    }
}

/// Runs the preview until Ctrl+C (or SIGTERM / SIGHUP), reporting what
/// happens to `events`; `lang` is the language of the pages' reload script
/// and of the errors shown in the browser.
///
/// Fails only when it cannot start: the folder is not a site, the address
/// cannot be listened on, or the temporary folder cannot be made. Build
/// errors are reported and shown in the browser, and the preview goes on.
pub fn serve(options: &ServeOptions, lang: Lang, events: Events) -> Result<(), Diagnostic> {
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    // Kept so that waiting below blocks even if no handler could be set (a
    // handler set before): then Ctrl+C ends the process, and the next serve
    // removes the folder left behind.
    let _keep = tx.clone();
    let _ = ctrlc::set_handler(move || {
        let _ = tx.send(());
    });
    let server = Server::start_with(options, lang, events.clone())?;
    events(ServeEvent::Listening { url: server.url() });
    if options.open {
        open_browser(server.url(), &events);
    }
    let _ = rx.recv();
    server.stop();
    events(ServeEvent::Stopped);
    Ok(())
}

/// A running preview: listening, built once, watching. [`Server::stop`] (or
/// dropping it) stops it and removes its folder.
pub struct Server {
    addr: SocketAddr,
    url: String,
    output: PathBuf,
    site: Arc<Site>,
    // Taken apart in this order by `drop`: stop watching, then serving, then remove the folder.
    watch: Option<watch::Watch>,
    runtime: Option<tokio::runtime::Runtime>,
    workspace: Option<Workspace>,
}

/// The site being previewed and how to build it.
struct Site {
    root: PathBuf,
    lang: Lang,
    options: BuildOptions,
    hub: Arc<Hub>,
    events: Events,
    /// The last good build; locked by each build, so one runs at a time.
    live: Mutex<Live>,
}

#[derive(Default)]
struct Live {
    site: Option<LiveSite>,
    /// The change whose build failed last, if the last failed: until a build
    /// succeeds, another change builds the whole site, so its errors are
    /// reported again rather than hidden by a good edit elsewhere.
    failed: Option<Vec<PathBuf>>,
    /// A thread is making the search index (it goes on while edits come).
    indexing: bool,
    /// How many index updates were written since the server started.
    search_updates: u64,
}

impl Site {
    fn lock(&self) -> std::sync::MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Builds the whole preview.
    fn rebuild(&self) -> Result<BuildReport, Diagnostics> {
        let mut live = self.lock();
        Self::build_all(&self.options, &mut live)
    }

    fn build_all(options: &BuildOptions, live: &mut Live) -> Result<BuildReport, Diagnostics> {
        let result = LiveSite::build(options).map(|(site, report)| {
            live.site = Some(site);
            report
        });
        live.failed = result.as_ref().err().map(|_| vec![]);
        result
    }

    /// Builds after a change of `paths` (relative to the site): when only a
    /// page already built was saved, only what shows it.
    fn update(&self, paths: &[PathBuf]) -> Result<BuildReport, Diagnostics> {
        let mut live = self.lock();
        let page = match (paths, &live.site) {
            ([path], Some(site)) if live.failed.as_deref().is_none_or(|f| f == paths) => {
                site.page_of(path)
            }
            _ => None,
        };
        if let (Some(i), Some(site)) = (page, live.site.as_mut()) {
            match site.update_page(i) {
                PageUpdate::Done(report) => {
                    live.failed = None;
                    return Ok(report);
                }
                PageUpdate::Failed(diags) => {
                    live.failed = Some(paths.to_vec());
                    return Err(diags);
                }
                PageUpdate::NeedsFullBuild => {}
            }
        }
        Self::build_all(&self.options, &mut live)
    }

    /// Builds, reports the outcome and tells the browsers.
    fn rebuild_and_tell(&self) -> Result<BuildReport, Diagnostics> {
        let result = self.rebuild();
        self.tell(&result);
        result
    }

    /// Reports the outcome of a build and tells the browsers.
    fn tell(&self, result: &Result<BuildReport, Diagnostics>) {
        match result {
            Ok(report) => {
                (self.events)(ServeEvent::Built(report));
                self.hub.built();
            }
            Err(diags) => {
                (self.events)(ServeEvent::Failed(diags));
                let text: Vec<String> = diags
                    .items
                    .iter()
                    .map(|d| d.render(self.lang, &self.root))
                    .collect();
                self.hub.failed(text.join("\n\n"));
            }
        }
    }

    fn changed(self: &Arc<Self>, paths: &[PathBuf]) {
        // Name a file rather than the folder it is in.
        let deepest = paths.iter().rev().max_by_key(|p| p.components().count());
        if let Some(shown) = deepest {
            (self.events)(ServeEvent::Changed {
                path: shown.to_string_lossy().replace('\\', "/"),
                more: paths.len() - 1,
            });
        }
        let result = self.update(paths);
        self.tell(&result);
        if result.as_ref().is_ok_and(|r| r.incremental) {
            self.refresh_search();
        }
    }

    /// After an edit was written and the browsers told: the search index, in
    /// a thread of its own, so the next edit is not kept waiting. One thread
    /// at a time, which goes on while edits keep coming.
    fn refresh_search(self: &Arc<Self>) {
        {
            let mut live = self.lock();
            if live.indexing {
                return;
            }
            live.indexing = true;
        }
        let site = self.clone();
        std::thread::spawn(move || loop {
            let next = {
                let mut live = site.lock();
                let next = live.site.as_mut().and_then(LiveSite::search_docs);
                live.indexing = next.is_some();
                next
            };
            let Some(job) = next else {
                return;
            };
            // On a pool of its own: in rayon's global pool the next edit's
            // rendering would wait behind the index's tasks.
            let update = match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
                Ok(pool) => pool.install(|| job.run()),
                Err(_) => job.run(),
            };
            let timings = update.files.stats.timings.clone();
            let mut live = site.lock();
            match live.site.as_mut().map(|s| s.write_search(update)) {
                Some(Err(d)) => (site.events)(ServeEvent::SearchFailed(&d)),
                Some(Ok(())) => live.search_updates += 1,
                None => {}
            }
            drop(live);
            if site.options.timings {
                (site.events)(ServeEvent::Timings(&timings));
            }
        });
    }
}

impl Server {
    /// [`Server::start_with`] with events that go nowhere.
    pub fn start(options: &ServeOptions, lang: Lang) -> Result<Server, Diagnostic> {
        Self::start_with(options, lang, quiet())
    }

    /// Listens, builds once and starts watching; returns when the preview is up.
    ///
    /// A first build that fails is reported to `events` and shown in the
    /// browser, and the server starts all the same (a fix is picked up),
    /// except when the folder is not a site at all.
    pub fn start_with(
        options: &ServeOptions,
        lang: Lang,
        events: Events,
    ) -> Result<Server, Diagnostic> {
        let listener = bind(&options.bind, options.port)?;
        let addr = listener
            .local_addr()
            .map_err(|e| serve_failed(e.to_string()))?;
        let url = format!("http://{}/", browsable(addr));
        let workspace = Workspace::create()?;
        let hub = Arc::new(Hub::new(format!(
            "{}-{}",
            std::process::id(),
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default()
        )));
        let site = Arc::new(Site {
            root: options.root.clone(),
            lang,
            options: BuildOptions {
                root: options.root.clone(),
                output: Some(workspace.output()),
                base_url: Some(url.clone()),
                drafts: options.drafts,
                force: true,
                old_site: crate::output::OldSite::DeleteInBackground,
                // The preview's folder is its own: only its own rebuilds,
                // one at a time, take this lock.
                lock_wait: Default::default(),
                clock: options.as_of,
                timings: options.timings,
                // serve keeps no build cache (`write_keeping_search`).
                no_cache: true,
                // Serve writes no manifest (see `build::Keep`).
                changed_list: None,
            },
            hub: hub.clone(),
            events,
            live: Mutex::new(Live::default()),
        });
        // Watching first: an edit saved during the first build is not missed.
        let watch = start_watch(&site, &workspace.base);
        let first = site.rebuild();
        if let Err(diags) = &first {
            // Not a site folder: nothing to watch for. Other errors can be fixed while serving.
            if let Some(fatal) = diags
                .items
                .iter()
                .find(|d| matches!(*d.msg, Msg::ConfigNotFound { .. } | Msg::ContentNotFound))
            {
                return Err(fatal.clone());
            }
        }
        site.tell(&first);

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .max_blocking_threads(16)
            .thread_name("gongkai-serve")
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| serve_failed(e.to_string()))?;
        let listener = {
            let _context = runtime.enter();
            listener
                .set_nonblocking(true)
                .and_then(|_| tokio::net::TcpListener::from_std(listener))
                .map_err(|e| serve_failed(e.to_string()))?
        };
        let state = Arc::new(http::HttpState {
            output: workspace.output(),
            hub,
            script: reload::script(lang),
            lang,
        });
        runtime.spawn(http::run(listener, state));
        Ok(Server {
            addr,
            url,
            output: workspace.output(),
            site,
            watch,
            runtime: Some(runtime),
            workspace: Some(workspace),
        })
    }

    /// The address listened on (with the real port when 0 was asked).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The preview's address for a browser: `http://127.0.0.1:1111/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The private folder the preview is built into (replaced by each successful build).
    pub fn output_dir(&self) -> &Path {
        &self.output
    }

    /// How many times an edit's search index update was written: what a
    /// benchmark waits for to time one.
    pub fn search_updates(&self) -> u64 {
        self.site.lock().search_updates
    }

    /// Rebuilds now, as a change of the sources would, and tells the browsers.
    pub fn rebuild(&self) -> Result<BuildReport, Diagnostics> {
        self.site.rebuild_and_tell()
    }

    /// Stops watching and serving, and removes the preview's folder.
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.watch.take();
        if let Some(runtime) = self.runtime.take() {
            // Ends the accept loop and every connection, event streams included.
            runtime.shutdown_timeout(Duration::from_secs(2));
        }
        // Removes the folder.
        self.workspace.take();
    }
}

fn serve_failed(detail: String) -> Diagnostic {
    Diagnostic::error(Msg::ServeFailed { detail })
}

/// Listens on the first address `bind` resolves to that accepts it.
fn bind(bind: &str, port: u16) -> Result<std::net::TcpListener, Diagnostic> {
    let shown = if bind.contains(':') {
        format!("[{bind}]:{port}")
    } else {
        format!("{bind}:{port}")
    };
    let addrs: Vec<SocketAddr> = (bind, port)
        .to_socket_addrs()
        .map(Iterator::collect)
        .unwrap_or_default();
    if addrs.is_empty() {
        return Err(Diagnostic::error(Msg::ServeBadAddress {
            value: bind.to_string(),
        }));
    }
    let mut last = String::new();
    for addr in addrs {
        match std::net::TcpListener::bind(addr) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = e.to_string(),
        }
    }
    Err(Diagnostic::error(Msg::ServeBindFailed {
        addr: shown,
        detail: last,
    }))
}

/// The address a browser on this computer uses: `0.0.0.0` is not one.
fn browsable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), addr.port())
        }
        _ => addr,
    }
}

fn start_watch(site: &Arc<Site>, ignore: &Path) -> Option<watch::Watch> {
    let warning = |events: Events| {
        move |detail: String| {
            events(ServeEvent::Warning(&Diagnostic::warning(
                Msg::ServeWatchFailed { detail },
            )))
        }
    };
    let warn = warning(site.events.clone());
    // Watch the real folder: event paths are then comparable to it.
    let root = match site.root.canonicalize() {
        Ok(root) => root,
        Err(e) => {
            warn(e.to_string());
            return None;
        }
    };
    let for_changes = site.clone();
    let in_watch = warning(site.events.clone());
    match watch::start(
        &root,
        ignore,
        move |paths| for_changes.changed(paths),
        in_watch,
    ) {
        Ok(watch) => Some(watch),
        Err(detail) => {
            warn(detail);
            None
        }
    }
}

/// Opens `url` in the browser, if this computer has a way to; never fails.
/// `opener` picks the platform's way (and `$BROWSER` when set) and reaps the
/// child in the background, since an opener may wait for the browser.
fn open_browser(url: &str, events: &Events) {
    if opener::open_browser(url).is_err() {
        events(ServeEvent::Warning(&Diagnostic::warning(
            Msg::ServeOpenFailed { url: url.into() },
        )));
    }
}

/// Name prefix of the preview folders in the temporary folder.
const WORKSPACE_PREFIX: &str = "gongkai-serve-";
/// Held locked while the folder's server runs: a folder whose lock can be
/// taken belongs to a process that is gone.
const LOCK_FILE: &str = ".lock";

/// The preview's private folder, removed when done.
struct Workspace {
    /// Canonical.
    base: PathBuf,
    lock: Option<File>,
}

impl Workspace {
    fn create() -> Result<Workspace, Diagnostic> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let temp = std::env::temp_dir();
        remove_stale(&temp);
        let name = format!(
            "{WORKSPACE_PREFIX}{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let base = temp.join(&name);
        let failed = |e: std::io::Error| serve_failed(format!("{}: {e}", base.display()));
        if base.exists() {
            // Left by an earlier process with the same id (remove_stale saw it unlocked).
            std::fs::remove_dir_all(&base).map_err(failed)?;
        }
        // Made and locked under a name `remove_stale` does not look at, then
        // renamed: another process's `remove_stale` could otherwise take the
        // lock between its creation and ours and remove the folder.
        let making = temp.join(format!(".{name}.making"));
        std::fs::create_dir_all(&making).map_err(failed)?;
        let lock = File::create(making.join(LOCK_FILE)).map_err(failed)?;
        lock.try_lock().map_err(|e| failed(e.into()))?;
        std::fs::rename(&making, &base).map_err(|e| {
            let _ = std::fs::remove_dir_all(&making);
            failed(e)
        })?;
        let base = base.canonicalize().map_err(failed)?;
        Ok(Workspace {
            base,
            lock: Some(lock),
        })
    }

    fn output(&self) -> PathBuf {
        self.base.join("public")
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        // Unlocked first: some systems refuse to remove an open file.
        self.lock.take();
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

/// Removes the preview folders of processes that are gone.
fn remove_stale(temp: &Path) {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry
            .file_name()
            .to_string_lossy()
            .starts_with(WORKSPACE_PREFIX)
        {
            continue;
        }
        let dir = entry.path();
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let stale = match File::open(dir.join(LOCK_FILE)) {
            Ok(lock) => lock.try_lock().is_ok(),
            // No lock yet: being made right now, or a crash before the lock.
            Err(_) => entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > Duration::from_secs(60)),
        };
        if stale {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_have_both_languages() {
        let samples = [
            Msg::ServePreviewing {
                url: "http://127.0.0.1:1111/".into(),
            },
            Msg::ServeBadAddress { value: "x".into() },
            Msg::ServeBindFailed {
                addr: "127.0.0.1:1111".into(),
                detail: "in use".into(),
            },
            Msg::ServeFailed { detail: "d".into() },
            Msg::ServeBuilt {
                pages: 1,
                sections: 2,
                files: 3,
                millis: 4,
            },
            Msg::ServeChanged {
                path: "content/a.md".into(),
                more: 2,
            },
            Msg::ServeBuildFailed {
                errors: 1,
                warnings: 0,
            },
            Msg::ServeNoSiteYet,
            Msg::ServeWatchFailed { detail: "d".into() },
            Msg::ServeOpenFailed { url: "u".into() },
            Msg::ServeStopped,
            Msg::ServeOverlayTitle,
            Msg::ServeOverlayClose,
        ];
        for m in samples {
            assert!(m.text(Lang::Zh).chars().any(crate::text::is_cjk), "{m:?}");
            assert!(!m.text(Lang::En).chars().any(crate::text::is_cjk), "{m:?}");
        }
        assert_eq!(
            Msg::ServePreviewing {
                url: "http://127.0.0.1:1111/".into()
            }
            .text(Lang::Zh),
            "正在预览：http://127.0.0.1:1111/ （按 Ctrl+C 停止）"
        );
    }

    #[test]
    fn unspecified_addresses_are_shown_as_loopback() {
        let any: SocketAddr = "0.0.0.0:1111".parse().expect("addr");
        assert_eq!(browsable(any).to_string(), "127.0.0.1:1111");
        let any6: SocketAddr = "[::]:1111".parse().expect("addr");
        assert_eq!(browsable(any6).to_string(), "[::1]:1111");
        let lan: SocketAddr = "192.168.1.5:80".parse().expect("addr");
        assert_eq!(browsable(lan), lan);
    }

    #[test]
    fn bad_bind_address_is_reported() {
        let err = bind("not an address", 0).map(|_| ()).map_err(|d| *d.msg);
        assert!(matches!(err, Err(Msg::ServeBadAddress { .. })), "{err:?}");
    }

    #[test]
    fn folders_of_live_servers_are_kept_and_others_removed() {
        let temp = tempfile::tempdir().expect("tmp");
        let live = temp.path().join("gongkai-serve-1-0");
        let dead = temp.path().join("gongkai-serve-2-0");
        let other = temp.path().join("something-else");
        for d in [&live, &dead, &other] {
            std::fs::create_dir_all(d).expect("mkdir");
        }
        let held = File::create(live.join(LOCK_FILE)).expect("lock file");
        held.try_lock().expect("lock");
        File::create(dead.join(LOCK_FILE)).expect("lock file");
        remove_stale(temp.path());
        assert!(live.is_dir());
        assert!(!dead.exists());
        assert!(other.is_dir());
    }
}
