//! The views: what each output shows, as the context its template receives
//! (documented in `docs/template-context.md`).
//!
//! Which outputs exist is `plan`'s; turning a view into bytes is `renderer`'s.

use super::context::{link, obj, page_description, toc_json};
use super::plan::{pager_count, pager_rel, paginate_by};
use super::{congress, context, Renderer};
use crate::kind::Kind;
use serde_json::{json, Map, Value};

impl Renderer<'_> {
    pub(super) fn page_vars(&self, i: usize) -> (&str, Map<String, Value>, Vec<Value>) {
        let p = &self.content.pages[i];
        let body = &self.page_bodies[i];
        let mut page = self.summaries[i].clone();
        let listed = context::LISTED_TERMS;
        if p.front.tags.len() > listed || p.front.categories.len() > listed {
            for (key, terms) in context::all_terms(p, self.term_urls) {
                page[key] = terms;
            }
        }
        let siblings = &self.content.sections[p.section].pages;
        let pos = p.position;
        let neighbour = |j: Option<usize>| {
            j.and_then(|j| siblings.get(j)).map_or(Value::Null, |&n| {
                link(
                    &self.content.pages[n].front.title,
                    self.config.url_for(&self.content.pages[n].rel_url),
                )
            })
        };
        if let Some(obj) = page.as_object_mut() {
            obj.insert("content".into(), Value::String(body.html.clone()));
            obj.insert("description".into(), page_description(p, body).into());
            obj.insert("toc".into(), toc_json(&body.toc));
            obj.insert("newer".into(), neighbour(pos.checked_sub(1)));
            obj.insert("older".into(), neighbour(Some(pos + 1)));
        }
        if let Some(chart) = self.votes_chart(i) {
            page["evaluation"]["votes_chart"] = Value::String(chart);
        }
        let mut crumbs = self.section_crumbs(p.section);
        crumbs.push(link(&p.front.title, self.config.url_for(&p.rel_url)));
        let mut vars = Map::new();
        vars.insert("page".into(), page);
        if let Some(person) = self.person_of_page(i) {
            vars.insert("person".into(), person);
        }
        (&self.page_templates[i], vars, crumbs)
    }

    fn section_value(&self, i: usize) -> Value {
        let s = &self.content.sections[i];
        let subsections: Vec<Value> = s
            .subsections
            .iter()
            .map(|&c| {
                let c = &self.content.sections[c];
                link(&c.front.title, self.config.url_for(&c.rel_url))
            })
            .collect();
        // A section without pages has no feed (see `plan`): no link to one.
        let has_feed = s.dir.is_empty() || !s.pages.is_empty();
        let feed = |file: &str| {
            if has_feed {
                self.config.url_for(&format!("{}{file}", s.rel_url))
            } else {
                String::new()
            }
        };
        json!({
            "title": s.front.title,
            "description": s.front.description,
            "content": self.section_bodies[i].html,
            "url": self.config.url_for(&s.rel_url),
            "permalink": self.config.permalink_for(&s.rel_url),
            "source_path": s.rel_path,
            "page_kind": s.page_kind.as_str(),
            "page_count": s.pages.len(),
            "subsections": subsections,
            "feed_url": feed("rss.xml"),
            "atom_url": feed("atom.xml"),
            "extra": crate::tomlx::to_json(&toml::Value::Table(s.front.extra.clone())),
        })
    }

    fn paginator(&self, pages: &[usize], per: usize, pager: usize, base_rel: &str) -> Value {
        let total = pager_count(pages.len(), per);
        let start = (pager - 1) * per;
        let slice: Vec<Value> = pages
            .iter()
            .skip(start)
            .take(per)
            .map(|&i| self.summaries[i].clone())
            .collect();
        let url = |n: usize| Value::String(self.config.url_for(&pager_rel(base_rel, n)));
        // The first, the last and those near the current one: listing every pager
        // on every pager would make a section of N pages cost N² links.
        let pagers: Vec<Value> = (1..=total)
            .filter(|&n| n == 1 || n == total || n.abs_diff(pager) <= 3)
            .map(|n| obj([("index", n.into()), ("url", url(n))]))
            .collect();
        obj([
            ("pages", Value::Array(slice)),
            ("current_index", pager.into()),
            ("number_pagers", total.into()),
            ("total_pages", pages.len().into()),
            ("paginate_by", per.into()),
            ("first", url(1)),
            ("last", url(total)),
            (
                "previous",
                if pager > 1 {
                    url(pager - 1)
                } else {
                    Value::Null
                },
            ),
            (
                "next",
                if pager < total {
                    url(pager + 1)
                } else {
                    Value::Null
                },
            ),
            ("pagers", Value::Array(pagers)),
        ])
    }

    pub(super) fn section_vars(
        &self,
        i: usize,
        pager: usize,
    ) -> (&str, Map<String, Value>, Vec<Value>) {
        let s = &self.content.sections[i];
        let mut vars = Map::new();
        vars.insert("section".into(), self.section_value(i));
        let per = paginate_by(self.content, self.config, i);
        vars.insert(
            "paginator".into(),
            self.paginator(&s.pages, per, pager, &s.rel_url),
        );
        if s.dir.is_empty() {
            vars.insert("latest".into(), self.latest());
        }
        // A kind's index lists the whole section: on its first listing page only.
        match s.page_kind {
            _ if pager > 1 => {}
            Kind::Submission => {
                vars.insert("submissions".into(), self.submissions_value(&s.pages));
            }
            Kind::Report => {
                vars.insert("reports".into(), self.reports_value(&s.pages));
            }
            Kind::Delegate => {
                vars.insert("people".into(), self.people_value());
            }
            _ => {}
        }
        let mut crumbs = self.section_crumbs(i);
        if pager > 1 {
            crumbs.push(link(
                &format!("第{pager}页"),
                self.config.url_for(&pager_rel(&s.rel_url, pager)),
            ));
        }
        (&self.section_templates[i], vars, crumbs)
    }

    /// For the home page: each top-level section's five newest pages.
    fn latest(&self) -> Value {
        let mut out = Map::new();
        let Some(home) = self.content.sections.iter().position(|s| s.dir.is_empty()) else {
            return Value::Object(out);
        };
        for &c in &self.content.sections[home].subsections {
            let s = &self.content.sections[c];
            let pages: Vec<Value> = s
                .pages
                .iter()
                .take(5)
                .map(|&i| self.summaries[i].clone())
                .collect();
            out.insert(
                s.dir.clone(),
                obj([
                    ("title", s.front.title.clone().into()),
                    ("url", self.config.url_for(&s.rel_url).into()),
                    ("weight", s.front.weight.into()),
                    ("pages", Value::Array(pages)),
                ]),
            );
        }
        Value::Object(out)
    }

    fn taxonomy_value(&self, t: usize, with_terms: bool) -> Value {
        let tax = &self.derived.taxonomies[t];
        let mut v = json!({
            "name": tax.name,
            "label": tax.label,
            "url": self.config.url_for(&format!("{}/", tax.name)),
        });
        if with_terms {
            let terms: Vec<Value> = tax
                .terms
                .iter()
                .map(|term| self.term_value(tax.name, term))
                .collect();
            v["terms"] = Value::Array(terms);
        }
        v
    }

    fn term_value(&self, tax: &str, term: &crate::derive::Term) -> Value {
        json!({
            "name": term.name,
            "slug": term.slug,
            "url": self.config.url_for(&format!("{tax}/{}/", term.slug)),
            "count": term.pages.len(),
        })
    }

    pub(super) fn taxonomy_list_vars(&self, t: usize) -> (&str, Map<String, Value>, Vec<Value>) {
        let tax = self.taxonomy_value(t, true);
        let crumbs = vec![
            self.home_crumb(),
            link(
                self.derived.taxonomies[t].label,
                tax["url"].as_str().unwrap_or_default().to_string(),
            ),
        ];
        let mut vars = Map::new();
        vars.insert("taxonomy".into(), tax);
        ("taxonomy_list.html", vars, crumbs)
    }

    pub(super) fn term_vars(
        &self,
        t: usize,
        ti: usize,
        pager: usize,
    ) -> (&str, Map<String, Value>, Vec<Value>) {
        let tax = &self.derived.taxonomies[t];
        let term = &tax.terms[ti];
        let base = format!("{}/{}/", tax.name, term.slug);
        let mut vars = Map::new();
        let tax_value = self.taxonomy_value(t, false);
        let crumbs = vec![
            self.home_crumb(),
            link(
                tax.label,
                tax_value["url"].as_str().unwrap_or_default().to_string(),
            ),
            link(&term.name, self.config.url_for(&base)),
        ];
        vars.insert("taxonomy".into(), tax_value);
        vars.insert("term".into(), self.term_value(tax.name, term));
        vars.insert(
            "paginator".into(),
            self.paginator(&term.pages, self.config.paginate_by, pager, &base),
        );
        ("taxonomy_single.html", vars, crumbs)
    }

    fn generated_crumbs(&self, trail: &[(&str, String)]) -> Vec<Value> {
        let mut crumbs = vec![self.home_crumb()];
        crumbs.extend(
            trail
                .iter()
                .map(|(t, rel)| link(t, self.config.url_for(rel))),
        );
        crumbs
    }

    pub(super) fn units_list_vars(&self) -> (&str, Map<String, Value>, Vec<Value>) {
        let mut vars = Map::new();
        vars.insert("units".into(), self.units_value());
        (
            "units_list.html",
            vars,
            self.generated_crumbs(&[("单位", "units/".into())]),
        )
    }

    pub(super) fn unit_vars(&self, i: usize) -> (&str, Map<String, Value>, Vec<Value>) {
        let u = &self.derived.units[i];
        let mut vars = Map::new();
        vars.insert("unit".into(), self.unit_value(u));
        let crumbs =
            self.generated_crumbs(&[("单位", "units/".into()), (&u.name, congress::unit_rel(u))]);
        ("unit.html", vars, crumbs)
    }

    fn people_crumb(&self) -> (String, String) {
        match self.derived.delegate_section {
            Some(s) => {
                let s = &self.content.sections[s];
                (s.front.title.clone(), s.rel_url.clone())
            }
            None => ("代表".into(), "delegates/".into()),
        }
    }

    pub(super) fn person_vars(&self, i: usize) -> (&str, Map<String, Value>, Vec<Value>) {
        let p = &self.derived.people[i];
        let mut vars = Map::new();
        vars.insert("person".into(), self.person_value(p));
        let (title, rel) = self.people_crumb();
        let crumbs = self.generated_crumbs(&[
            (&title, rel),
            (&p.name, congress::person_rel(p, self.derived, self.content)),
        ]);
        ("person.html", vars, crumbs)
    }

    pub(super) fn people_list_vars(&self) -> (&str, Map<String, Value>, Vec<Value>) {
        let mut vars = Map::new();
        vars.insert("people".into(), self.people_value());
        let (title, rel) = self.people_crumb();
        (
            "people_list.html",
            vars,
            self.generated_crumbs(&[(&title, rel)]),
        )
    }

    pub(super) fn stats_list_vars(&self) -> (&str, Map<String, Value>, Vec<Value>) {
        let years: Vec<Value> = self
            .derived
            .years
            .iter()
            .rev()
            .map(|(y, pages)| json!({"year": y, "url": self.config.url_for(&format!("stats/{y}/")), "count": pages.len()}))
            .collect();
        let mut vars = Map::new();
        vars.insert("years".into(), Value::Array(years));
        (
            "stats_list.html",
            vars,
            self.generated_crumbs(&[("年度统计", "stats/".into())]),
        )
    }

    pub(super) fn stats_year_vars(&self, year: i32) -> (&str, Map<String, Value>, Vec<Value>) {
        let mut vars = Map::new();
        vars.insert("stats".into(), self.stats_value(year));
        let crumbs = self.generated_crumbs(&[
            ("年度统计", "stats/".into()),
            (&format!("{year}年"), format!("stats/{year}/")),
        ]);
        ("stats.html", vars, crumbs)
    }

    /// `{year, url}` of the next and the previous year that has pages (or null),
    /// under `folder/<year>/`: for the archive and the statistics.
    pub(super) fn neighbour_years(&self, year: i32, folder: &str) -> (Value, Value) {
        let link = |y: Option<(&i32, &Vec<usize>)>| {
            y.map_or(
                Value::Null,
                |(y, _)| json!({"year": y, "url": self.config.url_for(&format!("{folder}/{y}/"))}),
            )
        };
        (
            link(self.derived.years.range(year + 1..).next()),
            link(self.derived.years.range(..year).next_back()),
        )
    }

    fn archive_crumb(&self) -> Value {
        link("年度归档", self.config.url_for("archive/"))
    }

    pub(super) fn archive_list_vars(&self) -> (&str, Map<String, Value>, Vec<Value>) {
        let years: Vec<Value> = self
            .derived
            .years
            .iter()
            .rev()
            .map(|(y, pages)| json!({"year": y, "url": self.config.url_for(&format!("archive/{y}/")), "count": pages.len()}))
            .collect();
        let mut vars = Map::new();
        vars.insert("years".into(), Value::Array(years));
        (
            "archive_list.html",
            vars,
            vec![self.home_crumb(), self.archive_crumb()],
        )
    }

    /// A page as the year archive lists it. A year holds hundreds of pages:
    /// copying whole summaries was most of the archive's cost, and of an edit's.
    fn archive_item(&self, i: usize) -> Value {
        const FIELDS: [&str; 7] = [
            "title",
            "url",
            "date",
            "date_zh",
            "kind",
            "kind_label",
            "draft",
        ];
        let summary = &self.summaries[i];
        let field = |k: &str| summary.get(k).cloned().unwrap_or(Value::Null);
        Value::Object(FIELDS.iter().map(|&k| (k.to_string(), field(k))).collect())
    }

    pub(super) fn archive_year_vars(&self, year: i32) -> (&str, Map<String, Value>, Vec<Value>) {
        let pages = self
            .derived
            .years
            .get(&year)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let groups: Vec<Value> = Kind::ALL
            .iter()
            .filter_map(|&kind| {
                let list: Vec<Value> = pages
                    .iter()
                    .filter(|&&i| self.content.pages[i].kind == kind)
                    .map(|&i| self.archive_item(i))
                    .collect();
                (!list.is_empty()).then(|| {
                    obj([
                        ("kind", kind.as_str().into()),
                        ("kind_label", kind.label().into()),
                        ("pages", Value::Array(list)),
                    ])
                })
            })
            .collect();
        let (newer, older) = self.neighbour_years(year, "archive");
        let mut vars = Map::new();
        vars.insert(
            "archive".into(),
            obj([
                ("year", year.into()),
                ("count", pages.len().into()),
                ("groups", Value::Array(groups)),
                ("newer_year", newer),
                ("older_year", older),
            ]),
        );
        let crumbs = vec![
            self.home_crumb(),
            self.archive_crumb(),
            link(
                &format!("{year}年"),
                self.config.url_for(&format!("archive/{year}/")),
            ),
        ];
        ("archive.html", vars, crumbs)
    }

    pub(super) fn feed_vars(
        &self,
        section: Option<usize>,
        atom: bool,
        path: &str,
    ) -> (&str, Map<String, Value>, Vec<Value>) {
        let (title, pages, home_rel): (String, &[usize], &str) = match section {
            Some(s) => {
                let s = &self.content.sections[s];
                (
                    format!("{} - {}", s.front.title, self.config.title),
                    &s.pages,
                    &s.rel_url,
                )
            }
            None => (self.config.title.clone(), &self.derived.timeline, ""),
        };
        let entries: Vec<Value> = pages
            .iter()
            .filter(|&&i| self.content.pages[i].date.is_some())
            .take(self.config.feed_limit)
            .map(|&i| self.summaries[i].clone())
            .collect();
        let newest = pages
            .iter()
            .filter_map(|&i| self.content.pages[i].updated.or(self.content.pages[i].date))
            .max();
        let mut vars = Map::new();
        vars.insert(
            "feed".into(),
            json!({
                "title": title,
                "url": self.config.permalink_for(path),
                "home_permalink": self.config.permalink_for(home_rel),
                "updated": newest.as_ref().map(crate::dates::rfc3339).unwrap_or_default(),
                "updated_rfc2822": newest.as_ref().map(crate::dates::rfc2822).unwrap_or_default(),
                "pages": entries,
            }),
        );
        (if atom { "atom.xml" } else { "rss.xml" }, vars, vec![])
    }

    pub(super) fn sitemap_vars(&self) -> (&str, Map<String, Value>, Vec<Value>) {
        let entries: Vec<Value> = self
            .sitemap
            .iter()
            .map(|(rel, lastmod)| json!({"permalink": self.config.permalink_for(rel), "lastmod": lastmod}))
            .collect();
        let mut vars = Map::new();
        vars.insert("entries".into(), Value::Array(entries));
        ("sitemap.xml", vars, vec![])
    }
}
