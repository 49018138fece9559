//! `gongkai serve`, end to end and in-process: a server on a free port over a
//! copy of `tests/sites/basic`, asked with a plain HTTP client written here.
//! Every network wait is bounded (socket timeouts, polling deadlines), and
//! only 127.0.0.1 is ever contacted.

use gongkai::messages::{Lang, Msg};
use gongkai::serve::{ServeOptions, Server, EVENTS_PATH};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(10);
/// How long a rebuild after an edit may take to show (debug builds are slow).
const REBUILD_WAIT: Duration = Duration::from_secs(30);
/// Put beside the preview's output folder: a traversal would reveal it.
const SECRET: &str = "SECRET-6c1f0e-do-not-serve";

/// A writable copy of the basic fixture, at `<temp>/site`.
fn site_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    crate::common::copy_dir(&crate::common::fixture("basic"), &root);
    (tmp, root)
}

fn start(root: &Path) -> Server {
    let options = ServeOptions {
        root: root.to_path_buf(),
        port: 0,
        ..ServeOptions::default()
    };
    Server::start(&options, Lang::Zh).unwrap_or_else(|d| panic!("start: {}", d.msg.text(Lang::En)))
}

struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// Sends `head` (a request without its final blank line) and reads the whole answer.
fn send(addr: SocketAddr, head: &str) -> Reply {
    let mut stream = TcpStream::connect_timeout(&addr, TIMEOUT).expect("connect");
    stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    stream.set_write_timeout(Some(TIMEOUT)).expect("timeout");
    let request = format!("{head}\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("write");
    let mut raw = Vec::new();
    // The server may close while the request is still being read (a refused one).
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line: {head}"));
    Reply {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}

fn get(addr: SocketAddr, path: &str) -> Reply {
    send(addr, &format!("GET {path} HTTP/1.1"))
}

/// Listens to the event stream in the background, collecting what it says.
struct Events {
    seen: Arc<Mutex<String>>,
}

impl Events {
    fn listen(addr: SocketAddr) -> Events {
        let seen = Arc::new(Mutex::new(String::new()));
        let mut stream = TcpStream::connect_timeout(&addr, TIMEOUT).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        write!(
            stream,
            "GET {EVENTS_PATH} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("write");
        let into = seen.clone();
        thread::spawn(move || {
            let started = Instant::now();
            let mut buf = [0u8; 4096];
            // Bounded: the stream never ends by itself.
            while started.elapsed() < Duration::from_secs(120) {
                match stream.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => match into.lock() {
                        Ok(mut s) => s.push_str(&String::from_utf8_lossy(&buf[..n])),
                        Err(_) => break,
                    },
                    Err(e)
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) => {}
                    Err(_) => break,
                }
            }
        });
        let events = Events { seen };
        events.wait_for("event: hello", TIMEOUT);
        events
    }

    fn text(&self) -> String {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn wait_for(&self, needle: &str, limit: Duration) -> String {
        let started = Instant::now();
        loop {
            let text = self.text();
            if text.contains(needle) {
                return text;
            }
            assert!(
                started.elapsed() < limit,
                "no {needle:?} within {limit:?}; got {text:?}"
            );
            thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Polls `path` until its body contains `needle`.
fn wait_for_page(addr: SocketAddr, path: &str, needle: &str) -> Reply {
    let started = Instant::now();
    loop {
        let reply = get(addr, path);
        if reply.text().contains(needle) {
            return reply;
        }
        assert!(
            started.elapsed() < REBUILD_WAIT,
            "{path} never showed {needle:?}"
        );
        thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serves_pages_assets_and_the_404_page() {
    let (_tmp, root) = site_copy();
    let server = start(&root);
    let addr = server.addr();
    assert!(addr.ip().is_loopback());
    assert_eq!(server.url(), format!("http://{addr}/"));

    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    let text = home.text();
    assert!(text.contains("测试镇人民代表大会"));
    assert!(text.contains(EVENTS_PATH), "reload script injected");
    assert!(text.contains("生成失败，以下是错误："));
    let script_at = text.find("<script>/* gongkai serve */").expect("script");
    assert!(script_at < text.rfind("</body>").expect("body end"));
    // base_url is the preview's own address.
    assert!(text.contains(&format!("http://{addr}/")), "canonical URL");
    assert!(!text.contains("example.gov.cn/rd/qingxi"));

    let page = get(addr, "/news/2026-shicha/");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap_or_default()
        .starts_with("text/html"));
    assert!(page.text().contains("镇人大代表视察农医办新农合登记工作"));

    let css = get(addr, "/css/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert!(!css.text().contains(EVENTS_PATH), "no script in CSS");

    let pdf = get(addr, "/news/bundle/fujian.pdf");
    assert_eq!(pdf.status, 200);
    assert_eq!(
        pdf.header("content-type").as_deref(),
        Some("application/pdf")
    );

    // Query strings are not part of the file name.
    assert_eq!(get(addr, "/news/?utm=x").status, 200);
    // A folder without its final slash is redirected to it.
    let moved = get(addr, "/news");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location").as_deref(), Some("/news/"));

    let missing = get(addr, "/no/such/page/");
    assert_eq!(missing.status, 404);
    let site_404 = std::fs::read_to_string(server.output_dir().join("404.html")).expect("404.html");
    let marker = site_404
        .lines()
        .find(|l| l.contains("<title>"))
        .expect("404 title")
        .trim()
        .to_string();
    assert!(missing.text().contains(&marker), "the site's 404 page");
    assert!(missing.text().contains(EVENTS_PATH));

    // HEAD: the same head, no body.
    let head = send(addr, "HEAD /css/style.css HTTP/1.1");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), css.header("content-length"));
    assert!(head.body.is_empty());

    let post = send(addr, "POST / HTTP/1.1\r\nContent-Length: 0");
    assert_eq!(post.status, 405);

    // The build output on disk has no script: only what is served does.
    let on_disk = std::fs::read_to_string(server.output_dir().join("index.html")).expect("index");
    assert!(!on_disk.contains(EVENTS_PATH));
    // The site's own public/ is never written.
    assert!(!root.join("public").exists());

    let output = server.output_dir().to_path_buf();
    server.stop();
    assert!(!output.exists(), "the preview folder is removed on stop");
    assert!(
        TcpStream::connect_timeout(&addr, TIMEOUT).is_err(),
        "stopped listening"
    );
}

#[test]
fn never_serves_a_file_outside_the_output() {
    let (_tmp, root) = site_copy();
    let server = start(&root);
    let addr = server.addr();
    let output = server.output_dir().to_path_buf();
    let beside = output.parent().expect("preview folder");
    std::fs::write(beside.join("site.toml"), SECRET).expect("write");
    std::fs::write(beside.join("secret.txt"), SECRET).expect("write");
    let long = format!("/{}", "a".repeat(10 * 1024));
    let attempts = [
        "/../site.toml",
        "/../secret.txt",
        "/%2e%2e/site.toml",
        "/%2E%2E/secret.txt",
        "/..%2fsite.toml",
        "/..%2Fsecret.txt",
        "/%2e%2e%2f%2e%2e%2fetc/passwd",
        "/%2e%2e%2fsecret.txt",
        "/news/../../site.toml",
        "/news/..\\..\\site.toml",
        "/news/..%5c..%5csite.toml",
        "/.%2e/secret.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/secret.txt%00.html",
        "/C:/Windows/win.ini",
        long.as_str(),
    ];
    for path in attempts {
        let reply = get(addr, path);
        let text = reply.text();
        assert_ne!(reply.status, 200, "{path}");
        assert!(!text.contains(SECRET), "{path} leaked the secret");
        assert!(!text.contains("root:"), "{path} leaked /etc/passwd");
        assert!(
            [400, 403, 404, 414, 431].contains(&reply.status),
            "{path}: {}",
            reply.status
        );
    }
    // A symbolic link inside the output that points out of it.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(beside.join("secret.txt"), output.join("link.txt"))
            .expect("symlink");
        let reply = get(addr, "/link.txt");
        assert_eq!(reply.status, 403);
        assert!(!reply.text().contains(SECRET));
    }
    // The server is still fine.
    assert_eq!(get(addr, "/").status, 200);
    server.stop();
}

#[test]
fn picks_up_edits_and_keeps_the_last_good_site_on_errors() {
    let (_tmp, root) = site_copy();
    let server = start(&root);
    let addr = server.addr();
    let events = Events::listen(addr);
    let file = root.join("content/news/2026-shicha.md");
    let source = std::fs::read_to_string(&file).expect("read");
    let old_title = "镇人大代表视察农医办新农合登记工作";
    let new_title = "镇人大代表再次视察新农合登记工作";
    std::fs::write(&file, source.replace(old_title, new_title)).expect("edit");

    let page = wait_for_page(addr, "/news/2026-shicha/", new_title);
    assert_eq!(page.status, 200);
    events.wait_for("event: reload", REBUILD_WAIT);
    // The build reads every source: that must not count as a change.
    thread::sleep(Duration::from_secs(2));
    assert_eq!(
        events.text().matches("event: reload").count(),
        1,
        "one edit, one rebuild"
    );

    // Break the front matter: an unclosed string.
    let broken = source.replace(
        &format!("title = \"{old_title}\""),
        "title = \"没有结束的标题",
    );
    assert_ne!(broken, source);
    std::fs::write(&file, broken).expect("break");
    let said = events.wait_for("event: error", REBUILD_WAIT);
    let error = said
        .split("event: error\ndata: ")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("error data");
    let message: String = serde_json::from_str(error).expect("JSON string");
    assert!(message.contains("content/news/2026-shicha.md"), "{message}");
    assert!(message.contains("错误"), "{message}");

    // The last good site is still served.
    let page = get(addr, "/news/2026-shicha/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains(new_title));

    // A tab opened now hears the error at once.
    let late = Events::listen(addr);
    late.wait_for("event: error", TIMEOUT);

    // Fixed again: the new title shows and the tabs reload.
    std::fs::write(&file, source.replace(old_title, "第三次的标题")).expect("fix");
    wait_for_page(addr, "/news/2026-shicha/", "第三次的标题");
    late.wait_for("event: reload", REBUILD_WAIT);
    server.stop();
}

/// The output folder's identity: a full build swaps in a new folder, an
/// edit of one page rewrites files inside it.
#[cfg(unix)]
fn folder_id(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).expect("output folder").ino()
}

#[cfg(unix)]
#[test]
fn one_page_edits_are_applied_in_place_and_errors_stay_until_fixed() {
    let (_tmp, root) = site_copy();
    let server = start(&root);
    let addr = server.addr();
    let events = Events::listen(addr);
    let folder = folder_id(server.output_dir());
    let edited = root.join("content/news/2026-shicha.md");
    let source = std::fs::read_to_string(&edited).expect("read");
    std::fs::write(&edited, format!("{source}\n补充的一段说明。\n")).expect("edit");
    wait_for_page(addr, "/news/2026-shicha/", "补充的一段说明。");
    events.wait_for("event: reload", REBUILD_WAIT);
    assert_eq!(
        folder_id(server.output_dir()),
        folder,
        "one page edited: no full build"
    );
    // The search index follows, made in the background.
    let indexed = || {
        // Text chunks are in the packs `search/pack/c<k>.bin` (format 9):
        // UTF-16 JSON one after another, read as one text.
        std::fs::read_dir(server.output_dir().join("search/pack"))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|f| f.file_name().to_string_lossy().starts_with('c'))
            .any(|f| {
                let bytes = std::fs::read(f.path()).unwrap_or_default();
                gongkai::search::index::chunk_json(&bytes)
                    .is_ok_and(|t| t.contains("补充的一段说明"))
            })
    };
    let started = Instant::now();
    while !indexed() {
        assert!(
            started.elapsed() < REBUILD_WAIT,
            "the search index never showed the edit"
        );
        thread::sleep(Duration::from_millis(50));
    }
    // Counted once it is written, all of it (what edit_latency waits for).
    while server.search_updates() == 0 {
        assert!(started.elapsed() < REBUILD_WAIT, "the update never counted");
        thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(server.search_updates(), 1, "one edit, one index update");

    // A broken page, then a good edit of another page: the error is still
    // shown (the whole site is built), until the broken page is fixed.
    std::fs::write(
        &edited,
        source.replace("+++\n\n", "+++\n\n[坏链接](@/news/none.md)\n\n"),
    )
    .expect("break");
    events.wait_for("event: error", REBUILD_WAIT);
    let other = root.join("content/news/2025-zoufang.md");
    let other_source = std::fs::read_to_string(&other).expect("read");
    std::fs::write(&other, format!("{other_source}\n另一篇的修改。\n")).expect("edit");
    let started = Instant::now();
    while events.text().matches("event: error").count() < 2 {
        assert!(started.elapsed() < REBUILD_WAIT, "{}", events.text());
        thread::sleep(Duration::from_millis(50));
    }
    let second = events
        .text()
        .split("event: error")
        .nth(2)
        .unwrap_or_default()
        .to_string();
    assert!(second.contains("none.md"), "{second}");
    assert!(!second.contains("event: reload"), "{second}");
    std::fs::write(&edited, &source).expect("fix");
    wait_for_page(addr, "/news/2025-zoufang/", "另一篇的修改。");
    server.stop();
}

#[test]
fn a_source_folder_made_later_is_watched() {
    let (_tmp, root) = site_copy();
    std::fs::remove_dir_all(root.join("static")).expect("rm static");
    let server = start(&root);
    let addr = server.addr();
    let events = Events::listen(addr);
    std::fs::create_dir(root.join("static")).expect("mkdir static");
    events.wait_for("event: reload", REBUILD_WAIT);
    // Written only after the folder's rebuild: seen only if the new folder is watched.
    std::fs::write(root.join("static/later.txt"), "来得晚的文件").expect("write");
    let reply = wait_for_page(addr, "/later.txt", "来得晚的文件");
    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("text/plain; charset=utf-8")
    );
    server.stop();
}

#[test]
fn a_broken_site_still_starts_and_shows_its_errors() {
    let (_tmp, root) = site_copy();
    let file = root.join("content/news/2026-shicha.md");
    let source = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, source.replacen("+++", "", 2)).expect("break");
    let server = start(&root);
    let addr = server.addr();
    let waiting = get(addr, "/");
    assert_eq!(waiting.status, 503);
    assert!(waiting.text().contains(&Msg::ServeNoSiteYet.text(Lang::Zh)));
    assert!(waiting.text().contains(EVENTS_PATH));
    let events = Events::listen(addr);
    events.wait_for("2026-shicha.md", TIMEOUT);

    std::fs::write(&file, &source).expect("fix");
    let home = wait_for_page(addr, "/", "测试镇人民代表大会");
    assert_eq!(home.status, 200);
    events.wait_for("event: reload", REBUILD_WAIT);
    server.stop();
}

#[test]
fn not_a_site_and_a_taken_port_are_refused() {
    let empty = tempfile::tempdir().expect("tmp");
    let options = ServeOptions {
        root: empty.path().to_path_buf(),
        port: 0,
        ..ServeOptions::default()
    };
    let err = Server::start(&options, Lang::Zh)
        .map(|_| ())
        .map_err(|d| *d.msg);
    assert!(matches!(err, Err(Msg::ConfigNotFound { .. })), "{err:?}");

    let (_tmp, root) = site_copy();
    let first = start(&root);
    let taken = ServeOptions {
        root: root.clone(),
        port: first.addr().port(),
        ..ServeOptions::default()
    };
    let err = Server::start(&taken, Lang::Zh)
        .map(|_| ())
        .map_err(|d| *d.msg);
    assert!(matches!(err, Err(Msg::ServeBindFailed { .. })), "{err:?}");
    first.stop();
}

#[test]
fn answers_fifty_concurrent_connections() {
    let (_tmp, root) = site_copy();
    let server = start(&root);
    let addr = server.addr();
    let clients: Vec<_> = (0..50)
        .map(|i| {
            thread::spawn(move || {
                let path = if i % 2 == 0 { "/" } else { "/css/style.css" };
                get(addr, path).status
            })
        })
        .collect();
    let statuses: Vec<u16> = clients
        .into_iter()
        .map(|c| c.join().expect("client thread"))
        .collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    server.stop();
}

/// The real binary, stopped by `signal` (`kill -s`): its temporary folder is
/// removed and it exits 0 with its goodbye line, whether stopped by Ctrl+C
/// (SIGINT) or by a service manager (SIGTERM).
#[cfg(unix)]
fn stops_cleanly_on(signal: &str) {
    use std::io::BufRead;
    let (tmp, root) = site_copy();
    // A private TMPDIR: the only `gongkai-serve-*` folder in it is this one's.
    let temp = tmp.path().join("tmp");
    std::fs::create_dir_all(&temp).expect("mkdir tmp");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["serve", "--port", "0", "--lang", "en"])
        .current_dir(&root)
        .env("TMPDIR", &temp)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn serve");
    let mut lines = std::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
    let started = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|l| l.contains("http://127.0.0.1:"));
    let workspaces = || {
        std::fs::read_dir(&temp)
            .expect("ls tmp")
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("gongkai-serve-")
            })
            .count()
    };
    let made = workspaces();
    let killed = std::process::Command::new("kill")
        .args(["-s", signal, &child.id().to_string()])
        .status()
        .expect("kill");
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(50));
    };
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(started && killed.success());
    assert_eq!(made, 1, "serve made its folder in TMPDIR");
    let status = status.expect("serve stops within the timeout");
    assert!(status.success(), "{signal}: exit {status:?}");
    assert_eq!(workspaces(), 0, "{signal} left the temporary folder behind");
    assert!(
        rest.iter()
            .any(|l| l.contains(&Msg::ServeStopped.text(Lang::En))),
        "{rest:?}"
    );
}

#[test]
#[cfg(unix)]
fn sigterm_removes_the_temporary_folder_like_ctrl_c() {
    stops_cleanly_on("INT");
    stops_cleanly_on("TERM");
}

/// Each event of a preview, as one line of text the test can wait for.
fn event_line(event: &gongkai::serve::ServeEvent<'_>) -> String {
    use gongkai::serve::ServeEvent;
    match event {
        ServeEvent::Listening { url } => format!("listening {url}"),
        ServeEvent::Changed { path, more } => format!("changed {path} +{more}"),
        ServeEvent::Built(r) => {
            let stages: Vec<&str> = r.timings.iter().map(|t| t.stage.as_str()).collect();
            let kind = if r.incremental { "edit" } else { "full" };
            format!("built {kind} {} files; {}", r.files, stages.join(", "))
        }
        ServeEvent::Failed(d) => format!("failed {}", crate::common::render_all(d, Path::new(""))),
        ServeEvent::Warning(d) | ServeEvent::SearchFailed(d) => format!("warning {:?}", d.msg),
        ServeEvent::Timings(t) => format!("timings {}", t.len()),
        ServeEvent::Stopped => "stopped".into(),
    }
}

#[test]
fn reports_builds_edits_and_errors_as_events() {
    let (_tmp, root) = site_copy();
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = seen.clone();
    let options = ServeOptions {
        root: root.clone(),
        port: 0,
        timings: true,
        ..ServeOptions::default()
    };
    let events: gongkai::serve::Events = Arc::new(move |e| {
        sink.lock().expect("events").push(event_line(&e));
    });
    let server = Server::start_with(&options, Lang::En, events)
        .unwrap_or_else(|d| panic!("start: {}", d.msg.text(Lang::En)));
    let wait_for = |needle: &str| {
        let started = Instant::now();
        loop {
            let lines = seen.lock().expect("events").clone();
            if let Some(line) = lines.iter().find(|l| l.contains(needle)) {
                return line.clone();
            }
            assert!(
                started.elapsed() < REBUILD_WAIT,
                "no {needle:?} in {lines:?}"
            );
            thread::sleep(Duration::from_millis(50));
        }
    };
    let first = wait_for("built full");
    assert!(first.contains("page contexts, render and write"), "{first}");

    let edited = root.join("content/news/2026-shicha.md");
    let source = std::fs::read_to_string(&edited).expect("read");
    std::fs::write(&edited, format!("{source}\n补充的一段说明。\n")).expect("edit");
    wait_for("changed content/news/2026-shicha.md +0");
    let edit = wait_for("built edit");
    assert!(
        edit.contains("edit: read page") && edit.contains("edit: write"),
        "{edit}"
    );
    // The search index update that follows an edit reports its parts' times.
    wait_for("timings ");

    std::fs::write(
        &edited,
        source.replace("+++\n\n", "+++\n\n[坏链接](@/news/none.md)\n\n"),
    )
    .expect("break");
    let failed = wait_for("failed ");
    assert!(failed.contains("none.md"), "{failed}");
    server.stop();
}

/// `serve --as-of` previews the site as it will be on that day: the footer's
/// build date (and the 督办台账's days) count from it.
#[test]
fn as_of_sets_the_day_the_preview_takes_as_today() {
    let (_tmp, root) = site_copy();
    let options = ServeOptions {
        root: root.clone(),
        port: 0,
        as_of: chrono::NaiveDate::from_ymd_opt(2031, 1, 2),
        ..ServeOptions::default()
    };
    let server = Server::start(&options, Lang::Zh)
        .unwrap_or_else(|d| panic!("start: {}", d.msg.text(Lang::En)));
    let home = get(server.addr(), "/").text();
    assert!(
        home.contains("<p>本站生成于 <time datetime=\"2031-01-02\">2031年1月2日</time></p>"),
        "{home}"
    );
    server.stop();
}

#[test]
fn answers_one_byte_range_with_206_and_one_past_the_end_with_416() {
    // How the search reads a blob of its packs; nginx answers the same.
    let (_tmp, root) = site_copy();
    let server = start(&root);
    let addr = server.addr();
    let whole = get(addr, "/css/style.css");
    assert_eq!(whole.status, 200);
    assert_eq!(whole.header("accept-ranges").as_deref(), Some("bytes"));
    let len = whole.body.len();
    assert!(len > 100);
    let range = |spec: &str| {
        send(
            addr,
            &format!("GET /css/style.css HTTP/1.1\r\nRange: {spec}"),
        )
    };
    let part = range("bytes=10-49");
    assert_eq!(part.status, 206);
    assert_eq!(part.body, whole.body[10..50]);
    assert_eq!(
        part.header("content-range"),
        Some(format!("bytes 10-49/{len}"))
    );
    assert_eq!(part.header("content-length"), Some("40".into()));
    assert_eq!(range("bytes=-5").body, whole.body[len - 5..]);
    assert_eq!(
        range(&format!("bytes={}-", len - 3)).body,
        whole.body[len - 3..]
    );
    let past = range(&format!("bytes={len}-"));
    assert_eq!(past.status, 416);
    assert_eq!(past.header("content-range"), Some(format!("bytes */{len}")));
    // Several ranges at once: the whole file, as HTTP allows.
    let several = range("bytes=0-1,5-6");
    assert_eq!((several.status, several.body.len()), (200, len));
    // HTML gets the reload script, so its bytes are not the file's: whole.
    let page = send(addr, "GET / HTTP/1.1\r\nRange: bytes=0-9");
    assert_eq!(page.status, 200);
}
