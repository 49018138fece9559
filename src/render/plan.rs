//! The output plan: every file of the site and the job that makes it
//! (pages, section listings and their pagers, taxonomies, archive, units,
//! delegates, statistics, the 督办台账 and its CSV, feeds, sitemap, robots,
//! 404, search), made before
//! anything is rendered so two sources that would write one URL are found
//! first, and the sitemap's entries.
//!
//! What each output shows is the views' business (`views`); rendering it
//! is `renderer`'s.

use super::congress;
use crate::config::Config;
use crate::content::Content;
use crate::derive::Derived;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::Msg;
use std::collections::HashMap;

/// One file of the output and how to make it.
#[derive(Debug, Clone)]
pub struct Output {
    /// Relative to the output folder: `news/foo/index.html`.
    pub path: String,
    pub job: Job,
}

#[derive(Debug, Clone)]
pub enum Job {
    Page(usize),
    Section {
        section: usize,
        pager: usize,
    },
    TaxonomyList(usize),
    Term {
        taxonomy: usize,
        term: usize,
        pager: usize,
    },
    ArchiveList,
    ArchiveYear(i32),
    UnitsList,
    Unit(usize),
    /// A delegate without a page of their own.
    Person(usize),
    /// `/delegates/` when the site has no delegate section.
    PeopleList,
    StatsList,
    StatsYear(i32),
    /// The 督办台账: `/dubans/` (None) or one year's `/dubans/<year>/`.
    Ledger(Option<i32>),
    /// `/dubans/dubans.csv`: the ledger's rows as CSV (no template).
    LedgerCsv,
    /// The 信息公开目录: `/gongkai/`, a year's or a topic's page.
    Catalog(super::catalog::CatalogFilter),
    /// `/gongkai/gongkai.csv`: the catalog's rows as CSV (no template).
    CatalogCsv,
    Feed {
        section: Option<usize>,
        atom: bool,
    },
    Sitemap,
    Robots,
    NotFound,
    /// `/search/`, when `[search] enabled`.
    Search,
    /// `/wangzhanditu/`: the 网站地图, the column tree for readers.
    SiteMap,
}

pub(super) fn pager_count(items: usize, per: usize) -> usize {
    items.div_ceil(per.max(1)).max(1)
}

pub(super) fn pager_rel(base: &str, pager: usize) -> String {
    if pager <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{pager}/")
    }
}

pub(super) fn paginate_by(content: &Content, config: &Config, section: usize) -> usize {
    content.sections[section]
        .front
        .paginate_by
        .unwrap_or(config.paginate_by)
        .max(1)
}

/// Every output of the site. Two outputs with one path are reported, naming
/// the content files involved.
pub fn plan(content: &Content, derived: &Derived, config: &Config) -> (Vec<Output>, Diagnostics) {
    let mut outs = Vec::new();
    for (i, p) in content.pages.iter().enumerate() {
        outs.push(Output {
            path: format!("{}index.html", p.rel_url),
            job: Job::Page(i),
        });
    }
    for (i, s) in content.sections.iter().enumerate() {
        let pagers = if s.dir.is_empty() {
            1
        } else {
            pager_count(s.pages.len(), paginate_by(content, config, i))
        };
        for pager in 1..=pagers {
            outs.push(Output {
                path: format!("{}index.html", pager_rel(&s.rel_url, pager)),
                job: Job::Section { section: i, pager },
            });
        }
        if !s.dir.is_empty() && !s.pages.is_empty() {
            for atom in [false, true] {
                let file = if atom { "atom.xml" } else { "rss.xml" };
                outs.push(Output {
                    path: format!("{}{file}", s.rel_url),
                    job: Job::Feed {
                        section: Some(i),
                        atom,
                    },
                });
            }
        }
    }
    // The taxonomy lists exist even when empty: every page's footer links to them.
    for (t, tax) in derived.taxonomies.iter().enumerate() {
        outs.push(Output {
            path: format!("{}/index.html", tax.name),
            job: Job::TaxonomyList(t),
        });
        for (ti, term) in tax.terms.iter().enumerate() {
            for pager in 1..=pager_count(term.pages.len(), config.paginate_by) {
                let base = format!("{}/{}/", tax.name, term.slug);
                outs.push(Output {
                    path: format!("{}index.html", pager_rel(&base, pager)),
                    job: Job::Term {
                        taxonomy: t,
                        term: ti,
                        pager,
                    },
                });
            }
        }
    }
    outs.push(Output {
        path: "archive/index.html".into(),
        job: Job::ArchiveList,
    });
    for &year in derived.years.keys() {
        outs.push(Output {
            path: format!("archive/{year}/index.html"),
            job: Job::ArchiveYear(year),
        });
    }
    // The lists of units and years exist even when empty: every page's footer links to them.
    outs.push(Output {
        path: "units/index.html".into(),
        job: Job::UnitsList,
    });
    for (i, u) in derived.units.iter().enumerate() {
        outs.push(Output {
            path: format!("{}index.html", congress::unit_rel(u)),
            job: Job::Unit(i),
        });
    }
    for (i, p) in derived.people.iter().enumerate() {
        if p.page.is_none() {
            outs.push(Output {
                path: format!("{}index.html", congress::person_rel(p, derived, content)),
                job: Job::Person(i),
            });
        }
    }
    if derived.delegate_section.is_none() && !derived.people.is_empty() {
        outs.push(Output {
            path: "delegates/index.html".into(),
            job: Job::PeopleList,
        });
    }
    outs.push(Output {
        path: "stats/index.html".into(),
        job: Job::StatsList,
    });
    for &year in derived.years.keys() {
        outs.push(Output {
            path: format!("stats/{year}/index.html"),
            job: Job::StatsYear(year),
        });
    }
    // The 督办台账 exists even when empty (the home panel links to it), and
    // has a page for each year with open items.
    let ledger_dir = super::ledger::LEDGER_DIR;
    outs.push(Output {
        path: format!("{ledger_dir}index.html"),
        job: Job::Ledger(None),
    });
    for year in crate::derive::ledger::years(&crate::derive::ledger::open_items(content)) {
        outs.push(Output {
            path: format!("{ledger_dir}{year}/index.html"),
            job: Job::Ledger(Some(year)),
        });
    }
    outs.push(Output {
        path: format!("{ledger_dir}{}", super::ledger::LEDGER_CSV),
        job: Job::LedgerCsv,
    });
    catalog_outputs(content, &mut outs);
    for (file, job) in [
        (
            "rss.xml",
            Job::Feed {
                section: None,
                atom: false,
            },
        ),
        (
            "atom.xml",
            Job::Feed {
                section: None,
                atom: true,
            },
        ),
        ("sitemap.xml", Job::Sitemap),
        ("robots.txt", Job::Robots),
        ("404.html", Job::NotFound),
    ] {
        outs.push(Output {
            path: file.into(),
            job,
        });
    }
    // Every page's footer links to the 网站地图.
    outs.push(Output {
        path: format!("{}index.html", crate::render::SITE_MAP_DIR),
        job: Job::SiteMap,
    });
    if config.search.enabled {
        outs.push(Output {
            path: format!("{}index.html", crate::render::SEARCH_DIR),
            job: Job::Search,
        });
    }
    let diags = find_collisions(&outs, content, config);
    (outs, diags)
}

/// The 信息公开目录 (even when empty: the footer links to it), a page for
/// each year and each topic with documents, and its CSV.
fn catalog_outputs(content: &Content, outs: &mut Vec<Output>) {
    use super::catalog::{CatalogFilter, CATALOG_CSV, CATALOG_DIR};
    use crate::derive::catalog;
    let pages = catalog::pages(content);
    outs.push(Output {
        path: format!("{CATALOG_DIR}index.html"),
        job: Job::Catalog(CatalogFilter::All),
    });
    for year in catalog::years(content, &pages) {
        outs.push(Output {
            path: format!("{CATALOG_DIR}{year}/index.html"),
            job: Job::Catalog(CatalogFilter::Year(year)),
        });
    }
    for (i, t) in catalog::topics(content, &pages).iter().enumerate() {
        outs.push(Output {
            path: format!("{CATALOG_DIR}{}/index.html", t.slug),
            job: Job::Catalog(CatalogFilter::Topic(i)),
        });
    }
    outs.push(Output {
        path: format!("{CATALOG_DIR}{CATALOG_CSV}"),
        job: Job::CatalogCsv,
    });
}

pub(crate) fn source_of<'a>(job: &Job, content: &'a Content) -> Option<&'a std::path::Path> {
    match job {
        Job::Page(i) => Some(&content.pages[*i].file),
        Job::Section { section, pager: 1 } => Some(&content.sections[*section].file),
        _ => None,
    }
}

fn find_collisions(outs: &[Output], content: &Content, config: &Config) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut seen: HashMap<&str, &Job> = HashMap::new();
    for out in outs {
        if let Some(first) = seen.insert(&out.path, &out.job) {
            let url = out.path.trim_end_matches("index.html");
            let here = source_of(&out.job, content);
            let there = source_of(first, content);
            let (file, other) = match (here, there) {
                (Some(h), Some(t)) => (h, Some(t.to_string_lossy().replace('\\', "/"))),
                (Some(h), None) | (None, Some(h)) => (h, None),
                (None, None) => continue,
            };
            diags.push(
                Diagnostic::error(Msg::DuplicateOutput {
                    url: config.url_for(url),
                    other,
                })
                .at(file, Some(1)),
            );
        }
    }
    diags
}

/// Every HTML output but the 404 page and listing pages after the first, with
/// the date a crawler should see.
pub(super) fn sitemap_entries(outputs: &[Output], content: &Content) -> Vec<(String, String)> {
    let day = |d: Option<chrono::NaiveDateTime>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    outputs
        .iter()
        .filter_map(|out| {
            let rel = out.path.strip_suffix("index.html")?;
            let lastmod = match &out.job {
                Job::Page(i) => day(content.pages[*i].updated.or(content.pages[*i].date)),
                Job::Section { section, pager: 1 } => day(content.sections[*section]
                    .pages
                    .first()
                    .and_then(|&i| content.pages[i].date)),
                // A search page has nothing for a crawler.
                Job::Section { .. } | Job::Term { pager: 2.., .. } | Job::Search => return None,
                _ => String::new(),
            };
            Some((rel.to_string(), lastmod))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{self, LoadOptions};
    use std::path::Path;

    /// Writes a site of `files` (path, text) beside a small `site.toml`
    /// with `paginate_by = 2`, and plans it.
    fn plan_of(files: &[(&str, &str)]) -> (Vec<Output>, Diagnostics) {
        let under_content: Vec<(String, &str)> = files
            .iter()
            .map(|(rel, text)| (format!("content/{rel}"), *text))
            .collect();
        let mut all = vec![
            (
                "site.toml",
                "title = \"测试\"\nbase_url = \"https://example.gov.cn/rd/\"\npaginate_by = 2\n",
            ),
            ("content/_index.md", "+++\ntitle = \"首页\"\n+++\n"),
        ];
        all.extend(
            under_content
                .iter()
                .map(|(rel, text)| (rel.as_str(), *text)),
        );
        let dir = crate::render::testing::write_site(&all);
        let root: &Path = dir.path();
        let config = Config::load_all(root, None).expect("config");
        let (mut content, _) = content::load(root, &config, LoadOptions { drafts: false });
        crate::derive::sort_sections(&mut content);
        let derived = crate::derive::derive(&content, &config.submissions.delegates);
        plan(&content, &derived, &config)
    }

    fn news(n: usize) -> Vec<(String, String)> {
        let mut files = vec![(
            "news/_index.md".into(),
            "+++\ntitle = \"要闻\"\n+++\n".into(),
        )];
        files.extend((1..=n).map(|i| {
            (
                format!("news/n{i}.md"),
                format!("+++\ntitle = \"第{i}篇\"\ndate = 2026-01-{i:02}\n+++\n正文。\n"),
            )
        }));
        files
    }

    fn paths(files: &[(String, String)]) -> Vec<String> {
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let (outs, diags) = plan_of(&refs);
        assert!(diags.items.is_empty(), "{:?}", diags.items);
        outs.into_iter().map(|o| o.path).collect()
    }

    #[test]
    fn pager_counts_round_up_and_keep_one_for_an_empty_listing() {
        assert_eq!(pager_count(0, 10), 1);
        assert_eq!(pager_count(10, 10), 1);
        assert_eq!(pager_count(11, 10), 2);
        assert_eq!(pager_count(5, 0), 5, "a paginate_by of 0 counts as 1");
        assert_eq!(pager_rel("news/", 1), "news/");
        assert_eq!(pager_rel("news/", 3), "news/page/3/");
    }

    #[test]
    fn a_section_has_one_listing_per_pager_and_feeds_when_it_has_pages() {
        let five = paths(&news(5));
        let listings: Vec<&String> = five
            .iter()
            .filter(|p| p.starts_with("news/") && !p.starts_with("news/n"))
            .collect();
        assert_eq!(
            listings,
            [
                "news/index.html",
                "news/page/2/index.html",
                "news/page/3/index.html",
                "news/rss.xml",
                "news/atom.xml"
            ]
        );
        let empty = paths(&news(0));
        assert!(empty.contains(&"news/index.html".to_string()));
        assert!(!empty
            .iter()
            .any(|p| p.starts_with("news/page/") || p == "news/rss.xml"));
    }

    #[test]
    fn two_sources_of_one_url_are_reported_with_both_files() {
        let (_, diags) = plan_of(&[
            ("news/_index.md", "+++\ntitle = \"要闻\"\n+++\n"),
            ("news/a.md", "+++\ntitle = \"甲\"\ndate = 2026-01-01\n+++\n"),
            (
                "news/b.md",
                "+++\ntitle = \"乙\"\ndate = 2026-01-02\nslug = \"a\"\n+++\n",
            ),
        ]);
        assert_eq!(diags.items.len(), 1, "{:?}", diags.items);
        let d = &diags.items[0];
        assert!(
            matches!(&*d.msg, Msg::DuplicateOutput { url, other: Some(_) } if url == "/rd/news/a/"),
            "{d:?}"
        );
    }
}
