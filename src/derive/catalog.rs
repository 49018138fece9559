//! The 信息公开目录's rows: every published page (drafts never) that has a
//! `[disclosure]` block, newest first, and the years and 主题分类 (topics)
//! that have any, each topic with its slug for `/gongkai/<slug>/`.
//!
//! A page with a `[disclosure]` block but no 索引号 is still listed (its
//! number shown as 「—」): the county portal expects every 主动公开
//! document, and leaving one out would hide it, while `check` already
//! names the missing number. Pages without the block are not 政务公开
//! documents (news, delegates' pages) and are left out. Showing the rows
//! (HTML, CSV) is `render::catalog`'s.

use crate::content::{Content, Page};
use crate::slug;
use chrono::Datelike;
use std::collections::BTreeSet;

/// A topic of the catalog and the last part of its page's URL.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Topic {
    pub name: String,
    pub slug: String,
}

/// The pages of the catalog, newest first (the site's listing order).
pub(crate) fn pages(content: &Content) -> Vec<usize> {
    let mut out: Vec<usize> = content
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.front.draft && p.front.disclosure.is_some())
        .map(|(i, _)| i)
        .collect();
    out.sort_by(|&a, &b| super::newest_first(&content.pages[a], &content.pages[b]));
    out
}

/// A page's 主题分类: its `topic`, else its first category, else empty.
pub(crate) fn topic_of(page: &Page) -> &str {
    page.front
        .disclosure
        .as_ref()
        .map_or("", |d| d.topic(&page.front.categories))
}

/// The page's publication year, if it has a date.
pub(crate) fn year_of(page: &Page) -> Option<i32> {
    page.date.map(|d| d.year())
}

/// The years of the catalog's pages, oldest first.
pub(crate) fn years(content: &Content, pages: &[usize]) -> BTreeSet<i32> {
    pages
        .iter()
        .filter_map(|&i| year_of(&content.pages[i]))
        .collect()
}

/// The topics of the catalog's pages by pinyin (as the site lists units),
/// each with a slug that is unique and never a year's (both are folders of
/// `/gongkai/`), handed out in that order so it is the same on every build.
pub(crate) fn topics(content: &Content, pages: &[usize]) -> Vec<Topic> {
    let names: BTreeSet<(String, &str)> = pages
        .iter()
        .map(|&i| topic_of(&content.pages[i]))
        .filter(|t| !t.is_empty())
        .map(|t| (slug::pinyin(t), t))
        .collect();
    let mut unique = slug::Unique::default();
    for y in years(content, pages) {
        unique.claim(y.to_string());
    }
    names
        .into_iter()
        .map(|(pinyin, name)| Topic {
            name: name.to_string(),
            slug: unique.claim(pinyin),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Writes a site whose pages are (`day` into 2025, topic, has a
    /// `[disclosure]` block, draft), and loads it with its drafts.
    fn load(cases: &[(u32, String, bool, bool)]) -> (tempfile::TempDir, Content) {
        let mut files = vec![(
            "content/news/_index.md".to_string(),
            "+++\ntitle = \"要闻\"\n+++\n".to_string(),
        )];
        for (i, (day, topic, block, draft)) in cases.iter().enumerate() {
            let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("date")
                + chrono::Duration::days(i64::from(*day));
            let block = if *block {
                format!("[disclosure]\nindex_no = \"X-{i}\"\ntopic = {topic:?}\n")
            } else {
                String::new()
            };
            files.push((
                format!("content/news/p{i}.md"),
                format!(
                    "+++\ntitle = \"文{i}\"\ndate = {date}\ndraft = {draft}\n{block}+++\n正文。\n"
                ),
            ));
        }
        crate::derive::testing::load_with_drafts(&files)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]
        /// The catalog holds exactly the published pages with a block,
        /// newest first; topic slugs are unique and never a year, even for
        /// topics written as years or as the same pinyin.
        #[test]
        fn the_catalog_is_the_published_blocks_newest_first(
            cases in proptest::collection::vec(
                (0u32..800, prop::sample::select(vec!["党务", "政务", "正午", "2025", "2026", "2026年", ""]),
                 any::<bool>(), any::<bool>())
                    .prop_map(|(d, t, b, dr)| (d, t.to_string(), b, dr)),
                0..10,
            )
        ) {
            let (_dir, content) = load(&cases);
            let got = pages(&content);
            prop_assert!(got.windows(2).all(|w| content.pages[w[0]].date >= content.pages[w[1]].date));
            let mut titles: Vec<&str> = got.iter().map(|&i| content.pages[i].front.title.as_str()).collect();
            titles.sort();
            let mut want: Vec<String> = cases.iter().enumerate()
                .filter(|(_, c)| c.2 && !c.3).map(|(i, _)| format!("文{i}")).collect();
            want.sort();
            prop_assert_eq!(titles, want.iter().map(String::as_str).collect::<Vec<_>>());
            let topics = topics(&content, &got);
            let years: Vec<String> = years(&content, &got).iter().map(i32::to_string).collect();
            let slugs: BTreeSet<&str> = topics.iter().map(|t| t.slug.as_str()).collect();
            prop_assert_eq!(slugs.len(), topics.len());
            prop_assert!(years.iter().all(|y| !slugs.contains(y.as_str())));
        }
    }
}
