//! Raw HTML through the sanitizer and the detector, alone and inside a
//! Markdown body: the sanitized output, read back by html5ever's tokenizer,
//! never holds a script-running or loading element, an `on*` or `srcdoc`
//! attribute, or a URL whose scheme is not allowed; whatever dangerous the
//! input holds, the detector reports; the Markdown path never panics and
//! its findings are lines of the body.
#![no_main]

use gongkai::markdown::{render, render_with, RawHtml, Resolved};
use gongkai::sanitize::{clean, dangers_in_output, find_script};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let cleaned = clean(text);
    assert!(
        dangers_in_output(&cleaned).is_empty(),
        "{text:?} → {cleaned:?}: {:?}",
        dangers_in_output(&cleaned)
    );
    if !dangers_in_output(text).is_empty() {
        assert!(!find_script(text).is_empty(), "not reported: {text:?}");
    }

    let rendered = render(text, 7, &|path: &str| Resolved::Url(format!("/{path}/")));
    for html in [Some(&rendered.html), rendered.summary_html.as_ref()]
        .into_iter()
        .flatten()
    {
        assert!(dangers_in_output(html).is_empty(), "{text:?} → {html:?}");
    }
    let lines = text.lines().count().max(1) + 7;
    for found in rendered
        .unsafe_markup
        .iter()
        .chain(&rendered.heading_attributes)
    {
        assert!(found.line >= 7 && found.line <= lines, "{found:?}");
    }
    let _ = render_with(text, 1, &|_: &str| Resolved::AsWritten, RawHtml::Trust);
});
