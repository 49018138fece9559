//! `gongkai serve` against hostile requests, beyond the traversal attempts of
//! `serve.rs`: absolute and odd request targets, very long paths and
//! headers, silent and slow clients, and a bounded loopback load of 200
//! connections. Every request gets an answer (or a closed connection) in
//! bounded time, and nothing outside the output folder is ever served.
//! Only 127.0.0.1 is contacted; every socket has a timeout.

use gongkai::messages::Lang;
use gongkai::serve::{ServeOptions, Server, HEAD_TIMEOUT};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::thread;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(10);
/// Put beside the preview's output folder: serving it would be a leak.
const SECRET: &str = "SECRET-91ad7e-do-not-serve";

/// A server over a copy of the basic fixture, with a secret beside its output.
fn start() -> (tempfile::TempDir, Server) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root: PathBuf = tmp.path().join("site");
    crate::common::copy_dir(&crate::common::fixture("basic"), &root);
    std::fs::write(tmp.path().join("secret.txt"), SECRET).expect("write");
    let options = ServeOptions {
        root,
        port: 0,
        ..ServeOptions::default()
    };
    let server = Server::start(&options, Lang::Zh)
        .unwrap_or_else(|d| panic!("start: {}", d.msg.text(Lang::En)));
    let beside = server.output_dir().parent().expect("preview folder");
    std::fs::write(beside.join("secret.txt"), SECRET).expect("write");
    (tmp, server)
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, TIMEOUT).expect("connect");
    stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    stream.set_write_timeout(Some(TIMEOUT)).expect("timeout");
    stream
}

/// Sends raw bytes and reads until the server closes (bounded by the
/// socket timeout). Returns the status, or `None` when the server closed
/// without an answer; and the whole answer as text.
fn exchange(addr: SocketAddr, request: &[u8]) -> (Option<u16>, String) {
    let mut stream = connect(addr);
    // The server may answer and close before it read everything (a refused request).
    let _ = stream.write_all(request);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|s| s.parse().ok());
    (status, text)
}

fn request(target: &str, extra_headers: &str) -> Vec<u8> {
    format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra_headers}Connection: close\r\n\r\n")
        .into_bytes()
}

#[test]
fn odd_request_targets_are_answered_from_the_site_only() {
    let (_tmp, server) = start();
    let addr = server.addr();
    let home = exchange(addr, &request("/", ""));
    assert_eq!(home.0, Some(200));
    for target in [
        "http://other.example/",
        "http://other.example/../secret.txt",
        "http://127.0.0.1/%2e%2e/secret.txt",
        "https://other.example:443/news/",
        "*",
        "other.example:443",
        "secret.txt",
        "../secret.txt",
        "/%2e%2e%5csecret.txt",
        "/news/%2e%2e/%2e%2e/secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/%252e%252e/secret.txt",
        "/\\..\\secret.txt",
    ] {
        let (status, text) = exchange(addr, &request(target, ""));
        assert!(!text.contains(SECRET), "{target} leaked the secret");
        let status = status.unwrap_or_else(|| panic!("{target}: no answer"));
        assert!(
            [200, 301, 400, 403, 404, 405].contains(&status),
            "{target}: {status}"
        );
        if status == 200 {
            // Only an absolute URL of a page of this site: served from the site.
            assert!(text.contains("测试镇人民代表大会"), "{target}");
        }
    }
    let (status, _) = exchange(
        addr,
        b"CONNECT other.example:443 HTTP/1.1\r\nHost: other.example:443\r\n\r\n",
    );
    assert!(
        matches!(status, Some(400 | 405) | None),
        "CONNECT: {status:?}"
    );
    server.stop();
}

#[test]
fn very_long_paths_and_headers_are_refused() {
    let (_tmp, server) = start();
    let addr = server.addr();
    let long_path = format!("/{}", "a".repeat(100 * 1024));
    let long_header = format!("X-Long: {}\r\n", "b".repeat(100 * 1024));
    let many_headers: String = (0..2000).map(|i| format!("X-H{i}: {i}\r\n")).collect();
    for (what, bytes) in [
        ("a 100 KB path", request(&long_path, "")),
        ("a 100 KB header", request("/", &long_header)),
        ("2000 headers", request("/", &many_headers)),
    ] {
        let started = Instant::now();
        let (status, text) = exchange(addr, &bytes);
        assert!(
            started.elapsed() < TIMEOUT,
            "{what}: took {:?}",
            started.elapsed()
        );
        assert!(
            matches!(status, Some(400 | 414 | 431)),
            "{what}: {status:?} {}",
            text.lines().next().unwrap_or_default()
        );
    }
    assert_eq!(exchange(addr, &request("/", "")).0, Some(200));
    server.stop();
}

#[test]
fn silent_and_slow_clients_are_disconnected() {
    let (_tmp, server) = start();
    let addr = server.addr();
    let limit = HEAD_TIMEOUT + Duration::from_secs(5);
    let mut silent = connect(addr);
    silent.set_read_timeout(Some(limit)).expect("timeout");
    let mut slow = connect(addr);
    slow.set_read_timeout(Some(limit)).expect("timeout");
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .expect("write");
    let started = Instant::now();
    for (what, stream) in [("silent", &mut silent), ("slow", &mut slow)] {
        let mut raw = Vec::new();
        let read = stream.read_to_end(&mut raw);
        assert!(
            read.is_ok() && started.elapsed() < limit,
            "{what} client still connected after {:?}: {read:?}",
            started.elapsed()
        );
        let text = String::from_utf8_lossy(&raw);
        assert!(
            text.is_empty() || text.starts_with("HTTP/1.1 408"),
            "{what}: {text}"
        );
    }
    // Meanwhile, others were served.
    assert_eq!(exchange(addr, &request("/", "")).0, Some(200));
    server.stop();
}

#[test]
fn two_hundred_concurrent_connections_are_answered_or_turned_away() {
    let (_tmp, server) = start();
    let addr = server.addr();
    let clients: Vec<_> = (0..200)
        .map(|i| {
            thread::spawn(move || {
                let target = match i % 4 {
                    0 => "/",
                    1 => "/css/style.css",
                    2 => "/../secret.txt",
                    _ => "/no/such/page/",
                };
                let (status, text) = exchange(addr, &request(target, ""));
                (target, status, text.contains(SECRET))
            })
        })
        .collect();
    let mut answered = 0;
    for client in clients {
        let (target, status, leaked) = client.join().expect("client thread");
        assert!(!leaked, "{target} leaked the secret");
        let expected: &[u16] = match target {
            "/" | "/css/style.css" => &[200, 503],
            _ => &[403, 404, 503],
        };
        let status = status.unwrap_or_else(|| panic!("{target}: no answer"));
        assert!(expected.contains(&status), "{target}: {status}");
        if status != 503 {
            answered += 1;
        }
    }
    assert!(answered >= 100, "only {answered} of 200 answered");
    // And it still serves afterwards.
    assert_eq!(exchange(addr, &request("/", "")).0, Some(200));
    server.stop();
}

/// The byte at `i` of the big test file: a cheap, non-repeating pattern the
/// clients check without holding the file.
fn pattern(i: u64) -> u8 {
    let x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (i >> 7);
    (x >> 32) as u8
}

/// `VmHWM` (peak resident memory) of a process, in bytes.
fn peak_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM");
    kb * 1024
}

/// Kills the server when the test ends, however it ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Reads an HTTP/1.1 head byte by byte (the body is left in the stream).
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("head");
        head.push(byte[0]);
    }
    String::from_utf8_lossy(&head).to_lowercase()
}

#[test]
#[cfg(target_os = "linux")]
fn a_big_file_is_streamed_to_slow_clients_byte_exact_in_little_memory() {
    const SIZE: u64 = 50 * 1024 * 1024;
    const CLIENTS: usize = 6;
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    crate::common::copy_dir(&crate::common::fixture("basic"), &root);
    let bytes: Vec<u8> = (0..SIZE).map(pattern).collect();
    std::fs::write(root.join("static/big.zip"), bytes).expect("write");

    let child = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["serve", "--port", "0", "--lang", "en"])
        .current_dir(&root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn serve");
    let mut child = Child(child);
    let stdout = child.0.stdout.take().expect("stdout");
    let url = std::io::BufRead::lines(std::io::BufReader::new(stdout))
        .map_while(Result::ok)
        .find_map(|l| {
            let at = l.find("http://127.0.0.1:")?;
            Some(l[at..].split_whitespace().next()?.to_string())
        })
        .expect("serve prints its address");
    let port: u16 = url
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches('/')
        .parse()
        .expect("port");
    let addr = SocketAddr::from(([127, 0, 0, 1], port));

    // HEAD: the length, no body.
    let mut head_stream = connect(addr);
    head_stream
        .write_all(b"HEAD /big.zip HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut head = String::new();
    let _ = head_stream.read_to_string(&mut head);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_lowercase()
            .contains(&format!("content-length: {SIZE}\r\n")),
        "{head}"
    );
    assert!(
        head.ends_with("\r\n\r\n"),
        "a body after HEAD: {} bytes",
        head.len()
    );

    let started = std::sync::Arc::new(std::sync::Barrier::new(CLIENTS));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let started = started.clone();
            thread::spawn(move || {
                let mut stream = connect(addr);
                started.wait();
                stream
                    .write_all(
                        b"GET /big.zip HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                    )
                    .expect("send");
                let head = read_head(&mut stream);
                assert!(head.starts_with("http/1.1 200"), "{head}");
                assert!(
                    head.contains(&format!("content-length: {SIZE}\r\n")),
                    "{head}"
                );
                // A slow reader: small reads with pauses, so every response is
                // in flight at once.
                let mut at = 0u64;
                let mut buf = [0u8; 16 * 1024];
                loop {
                    let n = stream.read(&mut buf).expect("read");
                    if n == 0 {
                        break;
                    }
                    for &b in &buf[..n] {
                        assert_eq!(b, pattern(at), "byte {at}");
                        at += 1;
                    }
                    if at % (1024 * 1024) < n as u64 {
                        thread::sleep(Duration::from_millis(20));
                    }
                }
                at
            })
        })
        .collect();
    for c in clients {
        assert_eq!(c.join().expect("client"), SIZE);
    }
    let peak = peak_rss(child.0.id());
    eprintln!(
        "serve's peak RSS with {CLIENTS} clients of a {} MB file: {:.1} MB",
        SIZE >> 20,
        peak as f64 / 1048576.0
    );
    // Reading the file whole per request took SIZE × CLIENTS (300 MB) and more.
    assert!(peak < SIZE, "peak RSS {peak} bytes");
}
