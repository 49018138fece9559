//! A page body through the Markdown pipeline: rendering with the project's
//! extensions, `@/` links, the unsafe-markup detection, then the text
//! statistics and the summary truncation done on its plain text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    // Half of the links resolve, so both branches are exercised.
    let resolve = |dest: &str| {
        if dest.len() % 2 == 0 {
            gongkai::markdown::Resolved::Url(format!("/{dest}/"))
        } else {
            gongkai::markdown::Resolved::Broken
        }
    };
    let rendered = gongkai::markdown::render(body, 7, &resolve);
    let lines = body.lines().count().max(1) + 7;
    for problem in &rendered.broken_links {
        assert!(problem.line >= 7 && problem.line <= lines, "{problem:?}");
    }
    for line in &rendered.images_without_alt {
        assert!(*line >= 7 && *line <= lines);
    }
    let stats = gongkai::text::text_stats(&rendered.plain_text);
    let _ = gongkai::text::reading_time_minutes(&stats);
    let summary = gongkai::text::truncate_chars(&rendered.prose_text, 120);
    assert!(summary.chars().count() <= 121, "{summary:?}");
});
