//! What each output shows of the site, so an edit re-renders only the
//! outputs that show the edited page (the incremental rebuild of `serve`).
//!
//! An output's [`Deps`] are the pages it shows (the page itself, or page
//! summaries in a listing), in the order it shows them, plus a hash of the
//! other facts it shows (counts, neighbouring years, term names, the figures
//! of statistics). After one page changes, an output is rendered again when
//! its deps differ from the last build's (a page moved in or out of a
//! listing page, a count changed), or when it shows that page and the page
//! changed there (its summary, or for its own page, anything). Everything
//! else an output shows comes from the configuration, the sections and the
//! templates, whose changes rebuild the whole site.

use super::plan::paginate_by;
use super::{congress, Job, Output, Renderer};
use crate::content::{Content, Page};
use crate::kind::Kind;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deps {
    /// Pages shown, in order.
    pub pages: Vec<u32>,
    /// A hash of everything else the output shows that pages can change.
    pub shape: u64,
}

impl Deps {
    pub fn shows(&self, page: usize) -> bool {
        self.pages.contains(&(page as u32))
    }
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// What statistics show of a page: its kind, date and kind tables (as its
/// summary has them, figures included), hashed.
pub fn page_facts(page: &Page, summary: &Value) -> u64 {
    let mut h = DefaultHasher::new();
    (page.kind, page.date).hash(&mut h);
    for key in ["inspection", "evaluation", "submission"] {
        if let Some(table) = summary.get(key) {
            hash_json(table, &mut h);
        }
    }
    h.finish()
}

/// [`page_facts`] of every page.
pub fn page_facts_of(content: &Content, summaries: &[Value]) -> Vec<u64> {
    content
        .pages
        .par_iter()
        .zip(summaries.par_iter())
        .map(|(p, s)| page_facts(p, s))
        .collect()
}

/// Hashes JSON without writing it out as text (which would allocate).
fn hash_json(v: &Value, h: &mut DefaultHasher) {
    match v {
        Value::Null => 0u8.hash(h),
        Value::Bool(b) => (1u8, b).hash(h),
        Value::Number(n) => (2u8, n.as_f64().map(f64::to_bits), n.as_i64()).hash(h),
        Value::String(s) => (3u8, s).hash(h),
        Value::Array(items) => {
            (4u8, items.len()).hash(h);
            items.iter().for_each(|x| hash_json(x, h));
        }
        Value::Object(map) => {
            (5u8, map.len()).hash(h);
            for (k, x) in map {
                k.hash(h);
                hash_json(x, h);
            }
        }
    }
}

/// The pages of one pager of a listing of `pages`.
fn pager_slice(pages: &[usize], per: usize, pager: usize) -> &[usize] {
    let start = ((pager - 1) * per).min(pages.len());
    &pages[start..(start + per).min(pages.len())]
}

impl Renderer<'_> {
    pub fn deps(&self, out: &Output) -> Deps {
        let mut pages: Vec<usize> = vec![];
        let shape = match &out.job {
            Job::Page(i) => {
                let p = &self.content.pages[*i];
                let siblings = &self.content.sections[p.section].pages;
                pages.push(*i);
                pages.extend(p.position.checked_sub(1).and_then(|n| siblings.get(n)));
                pages.extend(siblings.get(p.position + 1));
                if let Some(person) = self.derived.people.iter().find(|d| d.page == Some(*i)) {
                    pages.extend(&person.inspections);
                    pages.extend(&person.submissions);
                }
                0
            }
            Job::Section { section, pager } => {
                let s = &self.content.sections[*section];
                let per = paginate_by(self.content, self.config, *section);
                pages.extend(pager_slice(&s.pages, per, *pager));
                if s.dir.is_empty() {
                    for &c in &self.content.sections[*section].subsections {
                        pages.extend(self.content.sections[c].pages.iter().take(5));
                    }
                }
                let mut people = 0;
                if *pager == 1 {
                    match s.page_kind {
                        Kind::Submission | Kind::Report => pages.extend(&s.pages),
                        Kind::Delegate => people = self.people_pages(&mut pages),
                        _ => {}
                    }
                }
                hash_of((s.pages.len(), people))
            }
            Job::TaxonomyList(t) => {
                let terms = &self.derived.taxonomies[*t].terms;
                hash_of(
                    terms
                        .iter()
                        .map(|t| (&t.name, t.pages.len()))
                        .collect::<Vec<_>>(),
                )
            }
            Job::Term {
                taxonomy,
                term,
                pager,
            } => {
                let term = &self.derived.taxonomies[*taxonomy].terms[*term];
                pages.extend(pager_slice(&term.pages, self.config.paginate_by, *pager));
                hash_of((&term.name, term.pages.len()))
            }
            Job::ArchiveList | Job::StatsList => hash_of(
                self.derived
                    .years
                    .iter()
                    .map(|(y, p)| (y, p.len()))
                    .collect::<Vec<_>>(),
            ),
            Job::ArchiveYear(year) => {
                pages.extend(self.derived.years.get(year).into_iter().flatten());
                hash_of(self.neighbour_year_numbers(*year))
            }
            // Figures, not summaries: the facts of each page of the year.
            Job::StatsYear(year) => {
                let mut h = DefaultHasher::new();
                self.neighbour_year_numbers(*year).hash(&mut h);
                for &i in self.derived.years.get(year).into_iter().flatten() {
                    self.facts[i].hash(&mut h);
                }
                // The submissions of a year are those of its quota, which may
                // be published the next year.
                for (i, p) in self.content.pages.iter().enumerate() {
                    if p.front
                        .submission
                        .as_ref()
                        .is_some_and(|t| t.year() == *year)
                    {
                        self.facts[i].hash(&mut h);
                    }
                }
                // Inspections count in the year of the visit.
                for i in self.inspections_visited_in(*year) {
                    self.facts[i].hash(&mut h);
                }
                h.finish()
            }
            // Counts of each unit, and the latest rating of those evaluated.
            Job::UnitsList => {
                for u in &self.derived.units {
                    pages.extend(u.evaluations.iter().map(|(p, _)| p));
                }
                hash_of(
                    self.derived
                        .units
                        .iter()
                        .map(|u| (&u.name, u.inspections.len()))
                        .collect::<Vec<_>>(),
                )
            }
            Job::Unit(i) => {
                let u = &self.derived.units[*i];
                pages.extend(&u.inspections);
                pages.extend(u.evaluations.iter().map(|(p, _)| p));
                hash_of(&u.name)
            }
            Job::Person(i) => {
                let p = &self.derived.people[*i];
                pages.extend(p.page);
                pages.extend(&p.inspections);
                pages.extend(&p.submissions);
                hash_of((&p.name, congress::person_rel(p, self.derived, self.content)))
            }
            Job::PeopleList => self.people_pages(&mut pages),
            Job::Feed { section, .. } => {
                let listed = match section {
                    Some(s) => &self.content.sections[*s].pages,
                    None => &self.derived.timeline,
                };
                pages.extend(
                    listed
                        .iter()
                        .filter(|&&i| self.content.pages[i].date.is_some())
                        .take(self.config.feed_limit),
                );
                let newest = listed
                    .iter()
                    .filter_map(|&i| self.content.pages[i].updated.or(self.content.pages[i].date))
                    .max();
                hash_of(newest)
            }
            Job::Sitemap => hash_of(self.sitemap),
            Job::Robots | Job::NotFound | Job::Search => 0,
        };
        Deps {
            pages: pages.into_iter().map(|i| i as u32).collect(),
            shape,
        }
    }

    /// The list of delegates shows each one's counts and own page: adds the
    /// pages and returns the shape of the counts.
    fn people_pages(&self, pages: &mut Vec<usize>) -> u64 {
        pages.extend(self.derived.people.iter().filter_map(|p| p.page));
        hash_of(
            self.derived
                .people
                .iter()
                .map(|p| (&p.name, p.inspections.len(), p.submissions.len()))
                .collect::<Vec<_>>(),
        )
    }

    fn neighbour_year_numbers(&self, year: i32) -> (Option<i32>, Option<i32>) {
        let years = &self.derived.years;
        (
            years.range(year + 1..).next().map(|(y, _)| *y),
            years.range(..year).next_back().map(|(y, _)| *y),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_slices_cover_the_listing_once() {
        let pages: Vec<usize> = (0..23).collect();
        let per = 10;
        let joined: Vec<usize> = (1..=super::super::plan::pager_count(pages.len(), per))
            .flat_map(|n| pager_slice(&pages, per, n).to_vec())
            .collect();
        assert_eq!(joined, pages);
        assert_eq!(pager_slice(&pages, per, 3), &[20, 21, 22]);
        assert!(pager_slice(&[], per, 1).is_empty());
    }

    #[test]
    fn json_hashes_tell_values_apart() {
        let hash = |v: Value| {
            let mut h = DefaultHasher::new();
            hash_json(&v, &mut h);
            h.finish()
        };
        let a = serde_json::json!({"units": [{"name": "镇卫生院", "votes": 12}]});
        assert_eq!(hash(a.clone()), hash(a.clone()));
        assert_ne!(
            hash(a),
            hash(serde_json::json!({"units": [{"name": "镇卫生院", "votes": 13}]}))
        );
        assert_ne!(
            hash(serde_json::json!(["a", "b"])),
            hash(serde_json::json!(["ab"]))
        );
        assert_ne!(
            hash(serde_json::json!(null)),
            hash(serde_json::json!(false))
        );
    }

    #[test]
    fn deps_differ_when_pages_or_shape_differ() {
        let a = Deps {
            pages: vec![1, 2],
            shape: 7,
        };
        assert!(a.shows(2) && !a.shows(3));
        assert_ne!(
            a,
            Deps {
                pages: vec![2, 1],
                shape: 7
            }
        );
        assert_ne!(
            a,
            Deps {
                pages: vec![1, 2],
                shape: 8
            }
        );
    }
}
