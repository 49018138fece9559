//! The search index: any text, split into pages (a line each: title, unit
//! and text apart by tabs), built into an index in memory, then each page
//! looked for by its own title. The builder must not panic on any text, and
//! a page must be found by the words of its title, whatever they are.
#![no_main]

use gongkai::content::Kind;
use gongkai::search::index::{build, SearchDoc};
use gongkai::search::query::{parse_query, search, Filter};
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let docs: Vec<SearchDoc> = text
        .lines()
        .take(64)
        .enumerate()
        .map(|(i, line)| {
            let mut fields = line.splitn(3, '\t');
            let title = fields.next().unwrap_or("").to_string();
            let unit = fields.next().unwrap_or("").to_string();
            let body = fields.next().unwrap_or("").to_string();
            SearchDoc {
                url: format!("p{i}/"),
                title,
                date: format!("2025-01-{:02}", 1 + i % 28),
                year: 2025,
                kind: Some(Kind::Article),
                unit,
                body_start: i % 7,
                text: body,
            }
        })
        .collect();
    // Ids are in the index's order: newest first, then by URL.
    let mut order = docs.clone();
    order.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
    let files: HashMap<String, Vec<u8>> = build(docs).files.into_iter().collect();
    for (id, doc) in order.iter().enumerate() {
        let Ok(results) = search(|f| files.get(f).cloned(), &doc.title, Filter::default()) else {
            panic!("the index of {text:?} does not read back");
        };
        // A title with nothing to look for (punctuation, spaces) finds
        // nothing; any other finds its own page.
        if !parse_query(&doc.title).is_empty() {
            assert!(
                results.hits.iter().any(|h| h.doc as usize == id),
                "{:?} not found by its title in {text:?}",
                doc.title
            );
        }
    }
});
