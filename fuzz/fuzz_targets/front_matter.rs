//! A whole Markdown file: `+++` split, then the TOML into the page and the
//! section front matter types, and the messages of the errors in both languages.
#![no_main]

use gongkai::content::front_matter::{self, PageFrontMatter, SectionFrontMatter};
use gongkai::messages::{Lang, Msg};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("content/news/fuzz.md");
    let root = Path::new(".");
    let split = match front_matter::split(text, path) {
        Ok(split) => split,
        Err(d) => {
            let _ = d.render(Lang::Zh, root);
            return;
        }
    };
    assert!(split.front_line <= split.body_line);
    let wrap = |d| Msg::FrontMatterToml { detail: d };
    match gongkai::tomlx::parse::<PageFrontMatter>(split.front, path, split.front_line, wrap) {
        Ok(front) => {
            for span in [&front.kind, &front.template].into_iter().flatten() {
                let line = front_matter::span_line(&split, span.span());
                assert!(line >= split.front_line && line < split.body_line);
            }
        }
        Err(d) => {
            let _ = d.render(Lang::Zh, root);
            let _ = d.render(Lang::En, root);
        }
    }
    if let Err(d) =
        gongkai::tomlx::parse::<SectionFrontMatter>(split.front, path, split.front_line, wrap)
    {
        let _ = d.render(Lang::Zh, root);
    }
});
