//! Live reload: the browsers' side and the server's side of it.
//!
//! Each HTML page served in preview gets a small inline script (see
//! [`script`]) that listens to `/__gongkai/events` (server-sent events). The
//! [`Hub`] keeps the listening browsers and tells them `reload` after a
//! successful rebuild, or `error` with the rendered diagnostics after a failed
//! one; the script then shows them over the page (the page itself stays the
//! last good build). A `hello` naming the server run lets an open tab reload
//! by itself when `gongkai serve` was restarted. Only the served bytes carry
//! the script: the build output on disk is never changed.
//!
//! Building and deciding when to rebuild are `mod.rs`'s; the HTTP side of
//! the event stream is `http.rs`'s.

use crate::messages::{Lang, Msg};
use hyper::body::Bytes;
use std::sync::{Mutex, MutexGuard};
use tokio::sync::mpsc;

/// The URL of the event stream.
pub const EVENTS_PATH: &str = "/__gongkai/events";

/// At most this many browser tabs listen at once; more are told to wait (503).
pub const MAX_LISTENERS: usize = 32;

/// Events queued for one slow tab before it is dropped (it reconnects).
const QUEUE: usize = 16;

/// The browsers listening for changes, and the state of the last build.
pub struct Hub {
    /// Names this server run (`hello`): a tab that sees another one reloads.
    run_id: String,
    state: Mutex<HubState>,
}

#[derive(Default)]
struct HubState {
    listeners: Vec<mpsc::Sender<Bytes>>,
    /// The diagnostics of the last build, when it failed.
    error: Option<String>,
    /// Some build has succeeded, so there is a site to serve.
    has_site: bool,
}

fn event(name: &str, data: &str) -> Bytes {
    Bytes::from(format!("event: {name}\ndata: {data}\n\n"))
}

/// A JSON string literal that is also safe inside an HTML `<script>`.
fn js_string(text: &str) -> String {
    serde_json::to_string(text)
        .unwrap_or_else(|_| "\"\"".into())
        .replace('<', "\\u003c")
}

impl Hub {
    pub fn new(run_id: String) -> Hub {
        Hub {
            run_id,
            state: Mutex::default(),
        }
    }

    fn state(&self) -> MutexGuard<'_, HubState> {
        // A panic while holding the lock leaves nothing half-done worth refusing.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new listener, already sent what it must know; None when too many listen.
    pub fn subscribe(&self) -> Option<mpsc::Receiver<Bytes>> {
        let mut state = self.state();
        state.listeners.retain(|l| !l.is_closed());
        if state.listeners.len() >= MAX_LISTENERS {
            return None;
        }
        let (tx, rx) = mpsc::channel(QUEUE);
        // Reconnect after a second when the server goes away.
        let _ = tx.try_send(Bytes::from_static(b"retry: 1000\n\n"));
        let _ = tx.try_send(event("hello", &js_string(&self.run_id)));
        if let Some(text) = &state.error {
            let _ = tx.try_send(event("error", &js_string(text)));
        }
        state.listeners.push(tx);
        Some(rx)
    }

    /// After a successful build: every tab reloads.
    pub fn built(&self) {
        let mut state = self.state();
        state.error = None;
        state.has_site = true;
        broadcast(&mut state, event("reload", "{}"));
    }

    /// After a failed build: every tab shows `text` over the page.
    pub fn failed(&self, text: String) {
        let mut state = self.state();
        let message = event("error", &js_string(&text));
        state.error = Some(text);
        broadcast(&mut state, message);
    }

    /// A comment line, so that tabs closed without a word are noticed.
    pub fn ping(&self) {
        broadcast(&mut self.state(), Bytes::from_static(b": ping\n\n"));
    }

    pub fn has_site(&self) -> bool {
        self.state().has_site
    }

    /// How many tabs listen now.
    #[cfg(test)]
    pub fn listeners(&self) -> usize {
        let mut state = self.state();
        state.listeners.retain(|l| !l.is_closed());
        state.listeners.len()
    }
}

/// Sends to every listener; a closed one, or one too slow to take it, is dropped.
fn broadcast(state: &mut HubState, message: Bytes) {
    state
        .listeners
        .retain(|l| l.try_send(message.clone()).is_ok());
}

/// The script added to every HTML page in preview, in `lang`.
pub fn script(lang: Lang) -> String {
    const TEMPLATE: &str = r#"<script>/* gongkai serve */(function(){var u="EVENTS",id,d;function show(t){if(!d){d=document.createElement("div");d.style.cssText="position:fixed;top:0;left:0;right:0;max-height:100vh;overflow:auto;z-index:2147483647;background:#fff4f4;color:#1a1a1a;border-bottom:3px solid #c00;padding:16px 20px;font:15px/1.6 sans-serif;box-shadow:0 2px 12px rgba(0,0,0,.3)";(document.body||document.documentElement).appendChild(d)}var b=document.createElement("button"),h=document.createElement("strong"),p=document.createElement("pre");b.textContent=CLOSE;b.style.cssText="float:right;font-size:15px";b.onclick=function(){d.remove();d=null};h.textContent=TITLE;p.style.cssText="white-space:pre-wrap;margin:8px 0 0;font:14px/1.5 monospace";p.textContent=t;d.replaceChildren(b,h,p)}function go(){var s=new EventSource(u);s.addEventListener("hello",function(e){var v=JSON.parse(e.data);if(id&&id!==v)location.reload();id=v});s.addEventListener("reload",function(){location.reload()});s.addEventListener("error",function(e){if(e.data)show(JSON.parse(e.data));else if(s.readyState===2){s.close();setTimeout(go,1000)}})}go()})();</script>"#;
    TEMPLATE
        .replace("EVENTS", EVENTS_PATH)
        .replace("TITLE", &js_string(&Msg::ServeOverlayTitle.text(lang)))
        .replace("CLOSE", &js_string(&Msg::ServeOverlayClose.text(lang)))
}

/// `html` with `script` added before its last `</body>` (or at the end).
pub fn inject(html: &[u8], script: &str) -> Vec<u8> {
    let at = html
        .windows(6)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_is_small_and_localized() {
        for lang in [Lang::Zh, Lang::En] {
            let s = script(lang);
            assert!(s.len() < 1536, "{} bytes", s.len());
            assert!(s.contains(EVENTS_PATH));
            assert!(!s.contains("TITLE") && !s.contains("CLOSE"), "{s}");
        }
        assert!(script(Lang::Zh).contains("生成失败，以下是错误："));
    }

    #[test]
    fn inject_goes_before_the_last_body_end() {
        let out = inject(b"<html><body>x</BODY></html>", "<s>");
        assert_eq!(out, b"<html><body>x<s></BODY></html>");
        let out = inject(b"<p>no body</p>", "<s>");
        assert_eq!(out, b"<p>no body</p><s>");
        let out = inject(b"<p>&lt;/body&gt;</p></body>", "<s>");
        assert_eq!(out, b"<p>&lt;/body&gt;</p><s></body>");
    }

    #[test]
    fn listeners_hear_the_state_then_the_changes() {
        let hub = Hub::new("run-1".into());
        hub.failed("content/a.md:3: 错误：</script>".into());
        let mut rx = hub.subscribe().expect("room");
        let mut got = String::new();
        while let Ok(b) = rx.try_recv() {
            got.push_str(&String::from_utf8_lossy(&b));
        }
        assert!(got.starts_with("retry: 1000\n\n"), "{got}");
        assert!(got.contains("event: hello\ndata: \"run-1\"\n\n"), "{got}");
        assert!(
            got.contains("event: error\ndata: \"content/a.md:3: 错误：\\u003c/script>\"\n\n"),
            "{got}"
        );
        hub.built();
        let b = rx.try_recv().expect("reload");
        assert_eq!(&b[..], b"event: reload\ndata: {}\n\n");
        assert!(hub.has_site());
        drop(rx);
        hub.ping();
        assert_eq!(hub.listeners(), 0);
    }

    #[test]
    fn listeners_are_bounded() {
        let hub = Hub::new("r".into());
        let held: Vec<_> = (0..MAX_LISTENERS).filter_map(|_| hub.subscribe()).collect();
        assert_eq!(held.len(), MAX_LISTENERS);
        assert!(hub.subscribe().is_none());
        drop(held);
        assert!(hub.subscribe().is_some());
    }
}
