//! The preview's HTTP side, on hyper (HTTP/1.1) and a small tokio runtime.
//!
//! Answers GET and HEAD with the files of the preview's output folder
//! (resolved by `resolve.rs`, so nothing outside it is ever read), the site's
//! `404.html` for unknown paths, and the live-reload event stream of
//! `reload.rs`. HTML is read whole and sent with the reload script added;
//! every other file is streamed in [`CHUNK`]s as the client takes them, so a
//! 100 MB attachment costs a connection 64 KiB, not 100 MB. A single byte
//! range (`Range: bytes=a-b`, how the search reads its packs) is answered
//! 206, or 416 when it starts past the end, as nginx does; several ranges
//! in one request get the whole file (HTTP allows it). The files on disk
//! are never changed. Limits keep one client from taking the server: at most
//! [`MAX_CONNECTIONS`] connections (more get 503), request heads of at most
//! 16 KiB read within [`HEAD_TIMEOUT`], and a connection whose writes make no
//! progress for [`WRITE_STALL`] is closed.
//!
//! Building, watching and the folder's lifetime are `mod.rs`'s.

use super::reload::{self, Hub, EVENTS_PATH};
use super::resolve::{self, Refusal, Resolved};
use crate::messages::{Lang, Msg};
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::body::{Body, Bytes, Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Semaphore};
use tokio::time::{Instant, Sleep};

/// Connections served at once (browser tabs keep a few each, plus one event stream).
pub const MAX_CONNECTIONS: usize = 128;
/// Time a client has to send a request's head (and to start the next one).
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection whose writes are stuck this long is closed.
pub const WRITE_STALL: Duration = Duration::from_secs(30);
/// Longest request head read (request line and headers).
const MAX_HEAD: usize = 16 * 1024;
/// How often the event streams get a comment, to notice tabs gone.
const PING_EVERY: Duration = Duration::from_secs(15);
/// What a file body reads at a time.
const CHUNK: usize = 64 * 1024;
/// How long a request waits for the output folder while a rebuild swaps it in.
const SWAP_WAIT: Duration = Duration::from_millis(500);

type ResBody = BoxBody<Bytes, Infallible>;

/// What the handlers need; shared by every connection.
pub struct HttpState {
    /// The preview's output folder, canonical.
    pub output: PathBuf,
    pub hub: Arc<Hub>,
    /// The reload script added to HTML.
    pub script: String,
    pub lang: Lang,
}

/// Serves `listener` until the runtime running this future is shut down.
pub async fn run(listener: TcpListener, state: Arc<HttpState>) {
    let hub = state.hub.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(PING_EVERY);
        loop {
            every.tick().await;
            hub.ping();
        }
    });
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, or a connection reset before accept: wait a little.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            // Best effort: the socket is new, so its buffer has room for this.
            let _ = stream.try_write(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\nRetry-After: 1\r\n\r\n",
            );
            continue;
        };
        let state = state.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let state = state.clone();
                async move { Ok::<_, Infallible>(handle(&state, &req).await) }
            });
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .max_buf_size(MAX_HEAD)
                .serve_connection(StallGuard::new(stream), service)
                .await;
            drop(permit);
        });
    }
}

async fn handle(state: &HttpState, req: &Request<Incoming>) -> Response<ResBody> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut res = text(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    let path = req.uri().path();
    let range = req
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if path == EVENTS_PATH {
        return events(state);
    }
    let rel = match resolve::parse(path) {
        Ok(rel) => rel,
        Err(Refusal::TooLong) => return text(StatusCode::URI_TOO_LONG, "414 URI Too Long\n"),
        Err(Refusal::Forbidden) => return text(StatusCode::FORBIDDEN, "403 Forbidden\n"),
    };
    let output = state.output.clone();
    let hub = state.hub.clone();
    // Disk work off the async threads: a big attachment must not stall the others.
    let found = tokio::task::spawn_blocking(move || find(&output, &rel, &hub)).await;
    match found {
        Ok(Lookup::File(path, bytes)) => file(state, &path, bytes, StatusCode::OK),
        Ok(Lookup::Stream(path, opened, len)) => {
            stream(&path, opened, len, wanted(range.as_deref(), len))
        }
        Ok(Lookup::Redirect(location)) => match HeaderValue::from_str(&location) {
            Ok(value) => {
                let mut res = text(StatusCode::MOVED_PERMANENTLY, "301 Moved Permanently\n");
                res.headers_mut().insert(header::LOCATION, value);
                res
            }
            Err(_) => not_found(state, None),
        },
        Ok(Lookup::Missing(page)) => not_found(state, page),
        Ok(Lookup::Forbidden) => text(StatusCode::FORBIDDEN, "403 Forbidden\n"),
        Ok(Lookup::NoSite) => {
            let page = format!(
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>gongkai</title></head><body><p>{}</p></body></html>",
                Msg::ServeNoSiteYet.text(state.lang)
            );
            let mut res = file(
                state,
                Path::new("index.html"),
                page.into_bytes(),
                StatusCode::SERVICE_UNAVAILABLE,
            );
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            res
        }
        Err(_) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 Internal Server Error\n",
        ),
    }
}

enum Lookup {
    /// An HTML page, read whole to add the reload script.
    File(PathBuf, Vec<u8>),
    /// Any other file, open, with its length.
    Stream(PathBuf, std::fs::File, u64),
    Redirect(String),
    /// With the site's 404 page, when it has one.
    Missing(Option<Vec<u8>>),
    Forbidden,
    /// No build has succeeded yet.
    NoSite,
}

/// Resolves and reads the file, waiting out a rebuild that is swapping the folder.
fn find(output: &Path, rel: &resolve::RelPath, hub: &Hub) -> Lookup {
    if !hub.has_site() {
        return Lookup::NoSite;
    }
    for attempt in 0..2 {
        wait_for(output);
        match resolve::locate(output, rel) {
            Resolved::File(path) => match open(&path) {
                Ok(found) => return found,
                // The folder was swapped between locating and reading: look again.
                Err(_) if attempt == 0 => continue,
                Err(_) => break,
            },
            Resolved::Redirect(location) => return Lookup::Redirect(location),
            Resolved::Forbidden => return Lookup::Forbidden,
            Resolved::NotFound if attempt == 0 && !output.is_dir() => continue,
            Resolved::NotFound => break,
        }
    }
    Lookup::Missing(std::fs::read(output.join("404.html")).ok())
}

/// HTML read whole (it gets the reload script), anything else opened to stream.
fn open(path: &Path) -> io::Result<Lookup> {
    if content_type(path).starts_with("text/html") {
        return std::fs::read(path).map(|bytes| Lookup::File(path.to_path_buf(), bytes));
    }
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    Ok(Lookup::Stream(path.to_path_buf(), file, len))
}

/// A rebuild replaces the folder by two renames: between them it is missing.
fn wait_for(output: &Path) {
    let start = std::time::Instant::now();
    while !output.is_dir() && start.elapsed() < SWAP_WAIT {
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn not_found(state: &HttpState, page: Option<Vec<u8>>) -> Response<ResBody> {
    match page {
        Some(page) => file(state, Path::new("404.html"), page, StatusCode::NOT_FOUND),
        None => text(StatusCode::NOT_FOUND, "404 Not Found\n"),
    }
}

fn response(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response<ResBody> {
    let mut res = Response::new(Full::new(Bytes::from(body)).boxed());
    *res.status_mut() = status;
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // A preview must always show the latest build.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

fn text(status: StatusCode, body: &str) -> Response<ResBody> {
    response(
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
    )
}

fn file(state: &HttpState, path: &Path, bytes: Vec<u8>, status: StatusCode) -> Response<ResBody> {
    let content_type = content_type(path);
    let body = if content_type.starts_with("text/html") {
        reload::inject(&bytes, &state.script)
    } else {
        bytes
    };
    response(status, content_type, body)
}

/// What a `Range` header asks of a file of `len` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wanted {
    /// No range, one the server may ignore (several, or malformed): all of it.
    Whole,
    /// Bytes `first..=last`, within the file.
    Part(u64, u64),
    /// A range that starts past the end: 416.
    Unsatisfiable,
}

/// Reads a `Range` header: `bytes=a-b`, `bytes=a-` or `bytes=-n`.
pub(crate) fn wanted(header: Option<&str>, len: u64) -> Wanted {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Wanted::Whole;
    };
    let Some((first, last)) = spec.split_once('-').filter(|_| !spec.contains(',')) else {
        return Wanted::Whole;
    };
    let number = |s: &str| {
        let s = s.trim();
        match !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            true => s.parse::<u64>().ok(),
            false => None,
        }
    };
    match (
        number(first),
        number(last),
        first.trim().is_empty(),
        last.trim().is_empty(),
    ) {
        // The last n bytes.
        (None, Some(n), true, _) => match (n, len) {
            (0, _) | (_, 0) => Wanted::Unsatisfiable,
            _ => Wanted::Part(len - n.min(len), len - 1),
        },
        (Some(a), None, _, true) | (Some(a), Some(_), _, _) if a >= len => Wanted::Unsatisfiable,
        (Some(a), None, _, true) => Wanted::Part(a, len - 1),
        (Some(a), Some(b), _, _) if a <= b => Wanted::Part(a, b.min(len - 1)),
        _ => Wanted::Whole,
    }
}

/// A file sent as the client reads it: all of it (Content-Length is its
/// length) or the range asked for.
fn stream(path: &Path, mut file: std::fs::File, len: u64, wanted: Wanted) -> Response<ResBody> {
    let (status, from, remaining) = match wanted {
        Wanted::Whole => (StatusCode::OK, 0, len),
        Wanted::Part(a, b) => (StatusCode::PARTIAL_CONTENT, a, b - a + 1),
        Wanted::Unsatisfiable => {
            let mut res = text(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "416 Range Not Satisfiable\n",
            );
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                res.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return res;
        }
    };
    if from > 0 && std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(from)).is_err() {
        return text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 Internal Server Error\n",
        );
    }
    let body = FileBody {
        file: tokio::fs::File::from_std(file),
        remaining,
        buf: Vec::new(),
    };
    let mut res = response(status, content_type(path), Vec::new());
    *res.body_mut() = body.boxed();
    let headers = res.headers_mut();
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if let Wanted::Part(a, b) = wanted {
        if let Ok(v) = HeaderValue::from_str(&format!("bytes {a}-{b}/{len}")) {
            headers.insert(header::CONTENT_RANGE, v);
        }
    }
    res
}

/// A file's bytes, [`CHUNK`] at a time: hyper asks for the next chunk only
/// when the last one is written, so a slow client holds one chunk, not the file.
struct FileBody {
    file: tokio::fs::File,
    /// Bytes still to send: the length the headers promised.
    remaining: u64,
    buf: Vec<u8>,
}

impl Body for FileBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = &mut *self;
        if this.remaining == 0 {
            return Poll::Ready(None);
        }
        let want = usize::try_from(this.remaining).map_or(CHUNK, |r| r.min(CHUNK));
        this.buf.resize(want, 0);
        let mut read = tokio::io::ReadBuf::new(&mut this.buf);
        match tokio::io::AsyncRead::poll_read(Pin::new(&mut this.file), cx, &mut read) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(())) if !read.filled().is_empty() => {
                let chunk = Bytes::copy_from_slice(read.filled());
                this.remaining = this.remaining.saturating_sub(chunk.len() as u64);
                Poll::Ready(Some(Ok(Frame::data(chunk))))
            }
            // The file shrank or failed while being sent (a rebuild replaced
            // it): end here; hyper closes the connection short of the length.
            Poll::Ready(_) => {
                this.remaining = 0;
                Poll::Ready(None)
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        hyper::body::SizeHint::with_exact(self.remaining)
    }
}

/// The Content-Type of a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// The event stream of live reload.
fn events(state: &HttpState) -> Response<ResBody> {
    let Some(rx) = state.hub.subscribe() else {
        let mut res = text(StatusCode::SERVICE_UNAVAILABLE, "503 Too Many Listeners\n");
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        return res;
    };
    let mut res = Response::new(EventBody { rx }.boxed());
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// A response body that lasts as long as the hub sends to it.
struct EventBody {
    rx: mpsc::Receiver<Bytes>,
}

impl Body for EventBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.rx
            .poll_recv(cx)
            .map(|message| message.map(|bytes| Ok(Frame::data(bytes))))
    }
}

/// The connection's socket, closed when a write makes no progress for
/// [`WRITE_STALL`] (a client that stopped reading must not hold a connection).
struct StallGuard {
    io: TokioIo<TcpStream>,
    timer: Pin<Box<Sleep>>,
    armed: bool,
}

impl StallGuard {
    fn new(stream: TcpStream) -> StallGuard {
        StallGuard {
            io: TokioIo::new(stream),
            timer: Box::pin(tokio::time::sleep(WRITE_STALL)),
            armed: false,
        }
    }

    fn watch<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if poll.is_ready() {
            self.armed = false;
            return poll;
        }
        if !self.armed {
            self.timer.as_mut().reset(Instant::now() + WRITE_STALL);
            self.armed = true;
        }
        match self.timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::ErrorKind::TimedOut.into())),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl hyper::rt::Read for StallGuard {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for StallGuard {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.io).poll_write(cx, buf);
        self.watch(cx, poll)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.io).poll_flush(cx);
        self.watch(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.io).poll_shutdown(cx);
        self.watch(cx, poll)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_single_range_is_read_as_nginx_reads_it() {
        let w = |h: &str| wanted(Some(h), 100);
        assert_eq!(wanted(None, 100), Wanted::Whole);
        assert_eq!(w("bytes=0-9"), Wanted::Part(0, 9));
        assert_eq!(w("bytes=90-"), Wanted::Part(90, 99));
        assert_eq!(w("bytes=50-500"), Wanted::Part(50, 99), "cut at the end");
        assert_eq!(w("bytes=-10"), Wanted::Part(90, 99));
        assert_eq!(w("bytes=-500"), Wanted::Part(0, 99));
        assert_eq!(w("bytes=100-"), Wanted::Unsatisfiable);
        assert_eq!(w("bytes=100-200"), Wanted::Unsatisfiable);
        assert_eq!(w("bytes=-0"), Wanted::Unsatisfiable);
        assert_eq!(wanted(Some("bytes=0-"), 0), Wanted::Unsatisfiable);
        // Several ranges, other units, nonsense: the whole file.
        for h in [
            "bytes=0-1,5-6",
            "items=0-1",
            "bytes=5-3",
            "bytes=a-b",
            "bytes=-",
            "bytes=+1-2",
            "bytes=99999999999999999999-",
        ] {
            assert_eq!(w(h), Wanted::Whole, "{h}");
        }
    }

    proptest! {
        /// Whatever the header, a part is within the file and never empty.
        #[test]
        fn a_range_is_within_the_file(header in "(bytes=)?[-0-9, ]{0,12}", len in 0u64..1000) {
            if let Wanted::Part(a, b) = wanted(Some(&header), len) {
                prop_assert!(a <= b && b < len, "{header} {len}: {a}-{b}");
            }
        }
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x.CSS")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("f.pdf")), "application/pdf");
        assert_eq!(content_type(Path::new("f.woff2")), "font/woff2");
        assert!(content_type(Path::new("f.xlsx")).contains("spreadsheetml"));
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
