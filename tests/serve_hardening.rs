//! `gongkai serve` against hostile requests, beyond the traversal attempts of
//! `serve.rs`: absolute and odd request targets, very long paths and
//! headers, silent and slow clients, and a bounded loopback load of 200
//! connections. Every request gets an answer (or a closed connection) in
//! bounded time, and nothing outside the output folder is ever served.
//! Only 127.0.0.1 is contacted; every socket has a timeout.

mod common;

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
    common::copy_dir(&common::fixture("basic"), &root);
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
