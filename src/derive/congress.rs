//! Congress facts across pages: every unit inspected, evaluated or assigned
//! a delegate's suggestion, with its history, and every delegate named anywhere, with what they took part in.
//!
//! A delegate is a name on a delegate page, in an inspection's `delegates`,
//! or in the site's roster: a name only among a submission's `authors` (the
//! office, its staff) is an author, not a delegate, and is returned apart.
//!
//! Which names a page mentions, and in what role, is its kind's business
//! (`KindSpec::mentions`); what the site makes of them (a unit's page lists
//! its inspections and its evaluations, a delegate's what they took part in)
//! is this module's, because those pages are about the site, not one kind.
//!
//! Names are joined exactly as written (a delegate page's `title` is the
//! delegate's name). Slugs are toneless pinyin, claimed in name order so they
//! are stable across builds; a delegate with a page keeps that page's URL.

use crate::content::kinds::{self, Mention};
use crate::content::Content;
use crate::slug::{self, Unique};
use std::collections::BTreeMap;

#[derive(Debug)]
pub struct UnitRecord {
    pub name: String,
    pub slug: String,
    /// Inspection pages, the latest visit first.
    pub inspections: Vec<usize>,
    /// (evaluation page, index of the unit in it), newest first.
    pub evaluations: Vec<(usize, usize)>,
    /// Suggestions assigned to it (代表建议), newest first.
    pub suggestions: Vec<usize>,
}

#[derive(Debug)]
pub struct Person {
    pub name: String,
    pub slug: String,
    /// The delegate's own page in `content/`, if any.
    pub page: Option<usize>,
    /// Inspections they took part in, the latest visit first.
    pub inspections: Vec<usize>,
    /// Submissions they wrote, newest first.
    pub submissions: Vec<usize>,
    /// Suggestions they put forward or seconded, newest first.
    pub suggestions: Vec<usize>,
}

/// Other authors: (name, their submissions newest first).
pub type Authors = Vec<(String, Vec<usize>)>;

/// Units, delegates and the authors who are not delegates, from pages
/// taken newest first (`timeline` order). `roster`: names declared delegates.
pub fn units_and_people(
    content: &Content,
    timeline: &[usize],
    roster: &[String],
) -> (Vec<UnitRecord>, Vec<Person>, Authors) {
    let mut units: BTreeMap<String, UnitRecord> = BTreeMap::new();
    let mut people: BTreeMap<String, Person> = BTreeMap::new();
    let mut authors: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in timeline {
        let page = &content.pages[i];
        for mention in kinds::mentions(page.kind, &page.front) {
            match mention {
                Mention::InspectedUnit(name) => unit_entry(&mut units, name).inspections.push(i),
                Mention::EvaluatedUnit(name, ui) => {
                    unit_entry(&mut units, name).evaluations.push((i, ui));
                }
                Mention::Delegate(name) => {
                    let p = person_entry(&mut people, name);
                    if p.inspections.last() != Some(&i) {
                        p.inspections.push(i);
                    }
                }
                Mention::Author(name) => {
                    let pages = authors.entry(name.trim().to_string()).or_default();
                    if pages.last() != Some(&i) {
                        pages.push(i);
                    }
                }
                Mention::DelegatePage(_) => {}
                Mention::AssignedUnit(name) => unit_entry(&mut units, name).suggestions.push(i),
                Mention::Proposer(name) => {
                    let p = person_entry(&mut people, name);
                    if p.suggestions.last() != Some(&i) {
                        p.suggestions.push(i);
                    }
                }
            }
        }
    }
    // Delegate pages: every one is a person, and keeps its own URL.
    for (i, page) in content.pages.iter().enumerate() {
        for mention in kinds::mentions(page.kind, &page.front) {
            if let Mention::DelegatePage(name) = mention {
                person_entry(&mut people, name).page = Some(i);
            }
        }
    }
    for name in roster.iter().filter(|n| !n.trim().is_empty()) {
        person_entry(&mut people, name);
    }
    // Inspections in the order they took place (the timeline is by publication).
    let by_visit = |list: &mut Vec<usize>| {
        list.sort_by_key(|&i| std::cmp::Reverse(content.pages[i].visit_date()));
    };
    units
        .values_mut()
        .for_each(|u| by_visit(&mut u.inspections));
    people
        .values_mut()
        .for_each(|p| by_visit(&mut p.inspections));
    let mut others = Vec::new();
    for (name, pages) in authors {
        match people.get_mut(&name) {
            Some(p) => p.submissions = pages,
            None => others.push((name, pages)),
        }
    }

    let mut unit_slugs = Unique::default();
    let mut units: Vec<UnitRecord> = units.into_values().collect();
    for u in &mut units {
        u.slug = unit_slugs.claim(slug::pinyin(&u.name));
    }
    units.sort_by(|a, b| a.slug.cmp(&b.slug));

    let mut person_slugs = Unique::default();
    let mut people: Vec<Person> = people.into_values().collect();
    for p in people.iter_mut().filter(|p| p.page.is_some()) {
        let own = p
            .page
            .map(|i| content.pages[i].slug.clone())
            .unwrap_or_default();
        p.slug = person_slugs.claim(own);
    }
    for p in people.iter_mut().filter(|p| p.page.is_none()) {
        p.slug = person_slugs.claim(slug::pinyin(&p.name));
    }
    people.sort_by(|a, b| a.slug.cmp(&b.slug));
    (units, people, others)
}

fn unit_entry<'a>(units: &'a mut BTreeMap<String, UnitRecord>, name: &str) -> &'a mut UnitRecord {
    let name = name.trim();
    units.entry(name.to_string()).or_insert_with(|| UnitRecord {
        name: name.to_string(),
        slug: String::new(),
        inspections: vec![],
        evaluations: vec![],
        suggestions: vec![],
    })
}

fn person_entry<'a>(people: &'a mut BTreeMap<String, Person>, name: &str) -> &'a mut Person {
    let name = name.trim();
    people.entry(name.to_string()).or_insert_with(|| Person {
        name: name.to_string(),
        slug: String::new(),
        page: None,
        inspections: vec![],
        submissions: vec![],
        suggestions: vec![],
    })
}
