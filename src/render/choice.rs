//! Template choice: which template renders each page and section, chosen
//! once per build so a missing template is an error before rendering.
//!
//! Loading and rendering templates is `templates`' business.

use super::templates::Templates;
use crate::content::Content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::Msg;

/// The template of every page and section: front matter `template` (which
/// must exist), else `<kind>.html` / `section_<kind>.html` when the theme has
/// one, else `page.html` / `section.html` (`index.html` for the home page).
pub struct TemplateChoice {
    pub pages: Vec<String>,
    pub sections: Vec<String>,
}

/// The template named in front matter if the theme has it, else `default`.
fn choose(
    templates: &Templates,
    wanted: &Option<(String, usize)>,
    default: &str,
    file: &std::path::Path,
    diags: &mut Diagnostics,
) -> String {
    match wanted {
        Some((name, line)) if !templates.has(name) => {
            diags.push(
                Diagnostic::error(Msg::UnknownTemplate { name: name.clone() })
                    .at(file, Some(*line)),
            );
            default.to_string()
        }
        Some((name, _)) => name.clone(),
        None => default.to_string(),
    }
}

/// A page's template (see [`TemplateChoice`]).
pub fn choose_page_template(
    page: &crate::content::Page,
    templates: &Templates,
    diags: &mut Diagnostics,
) -> String {
    let by_kind = format!("{}.html", page.kind.as_str());
    let default = if templates.has(&by_kind) {
        by_kind.as_str()
    } else {
        "page.html"
    };
    choose(templates, &page.template, default, &page.file, diags)
}

pub fn choose_templates(
    content: &Content,
    templates: &Templates,
    diags: &mut Diagnostics,
) -> TemplateChoice {
    let pages = content
        .pages
        .iter()
        .map(|p| choose_page_template(p, templates, diags))
        .collect();
    let sections = content
        .sections
        .iter()
        .map(|s| {
            // One mechanism for every kind: `section_<kind>.html` when the theme has it.
            let by_kind = format!("section_{}.html", s.page_kind.as_str());
            let default = if s.dir.is_empty() {
                "index.html"
            } else if templates.has(&by_kind) {
                by_kind.as_str()
            } else {
                "section.html"
            };
            choose(templates, &s.template, default, &s.file, diags)
        })
        .collect();
    TemplateChoice { pages, sections }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::content::{self, LoadOptions};

    /// Loads a site of `files` (under the site root) with the default theme
    /// plus the site's `templates/`, and chooses its templates.
    fn choice_of(files: &[(&str, &str)]) -> (Content, TemplateChoice, Diagnostics) {
        let mut all = vec![
            (
                "site.toml",
                "title = \"测试\"\nbase_url = \"https://example.gov.cn/\"\n",
            ),
            ("content/_index.md", "+++\ntitle = \"首页\"\n+++\n"),
        ];
        all.extend_from_slice(files);
        let dir = crate::render::testing::write_site(&all);
        let config = Config::load_all(dir.path(), None).expect("config");
        let (content, _) = content::load(dir.path(), &config, LoadOptions { drafts: false });
        let templates =
            Templates::load(dir.path(), "default").unwrap_or_else(|_| panic!("templates load"));
        let mut diags = Diagnostics::default();
        let chosen = choose_templates(&content, &templates, &mut diags);
        (content, chosen, diags)
    }

    fn page_template<'a>(content: &Content, chosen: &'a TemplateChoice, rel: &str) -> &'a str {
        let i = content
            .pages
            .iter()
            .position(|p| p.rel_path == rel)
            .expect("page");
        &chosen.pages[i]
    }

    #[test]
    fn the_kind_template_is_used_when_the_theme_has_one() {
        let (content, chosen, diags) = choice_of(&[
            ("content/news/_index.md", "+++\ntitle = \"要闻\"\n+++\n"),
            ("content/news/a.md", "+++\ntitle = \"甲\"\ndate = 2026-01-01\n+++\n"),
            (
                "content/reports/_index.md",
                "+++\ntitle = \"报告\"\npage_kind = \"report\"\n+++\n",
            ),
            (
                "content/reports/r.md",
                "+++\ntitle = \"计划\"\ndate = 2026-01-01\n[report]\ntype = \"年度工作计划\"\nyear = 2026\n+++\n",
            ),
        ]);
        assert!(diags.items.is_empty(), "{:?}", diags.items);
        assert_eq!(page_template(&content, &chosen, "news/a.md"), "page.html");
        // The default theme has no report.html: the page falls back to page.html.
        assert_eq!(
            page_template(&content, &chosen, "reports/r.md"),
            "page.html"
        );
        let section = |dir: &str| {
            let i = content
                .sections
                .iter()
                .position(|s| s.dir == dir)
                .expect("section");
            chosen.sections[i].as_str()
        };
        assert_eq!(section(""), "index.html");
        assert_eq!(section("news"), "section.html");
        assert_eq!(section("reports"), "section_report.html");
    }

    #[test]
    fn a_named_template_is_used_and_a_missing_one_is_an_error_at_its_line() {
        let (content, chosen, diags) = choice_of(&[
            ("templates/special.html", "特别"),
            (
                "content/a.md",
                "+++\ntitle = \"甲\"\ndate = 2026-01-01\ntemplate = \"special.html\"\n+++\n",
            ),
            (
                "content/b.md",
                "+++\ntitle = \"乙\"\ndate = 2026-01-01\ntemplate = \"missing.html\"\n+++\n",
            ),
        ]);
        assert_eq!(page_template(&content, &chosen, "a.md"), "special.html");
        assert_eq!(page_template(&content, &chosen, "b.md"), "page.html");
        assert_eq!(diags.items.len(), 1, "{:?}", diags.items);
        let d = &diags.items[0];
        assert!(matches!(&*d.msg, Msg::UnknownTemplate { name } if name == "missing.html"));
        assert_eq!(d.line, Some(4));
    }
}
