//! Templates a site wrote for Tera 1 (gongkai's template engine before
//! Tera 2): the forms Tera 2 no longer has, each found at its line with
//! what to write instead. Every form listed here fails under Tera 2, so
//! naming them can only replace Tera's own error with a clearer one; they
//! are looked for in tags only (`{{ … }}`, `{% … %}`), with the text of
//! string literals blanked, never in comments or in the page's text.

use crate::diagnostics::{line_of_offset, Diagnostic};
use crate::messages::Msg;

/// One Tera 1 form: what the template wrote, and the Tera 2 form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Form {
    pub written: String,
    pub instead: &'static str,
}

impl Form {
    pub(super) fn diagnostic(&self) -> Diagnostic {
        Diagnostic::error(Msg::TemplateTera1 {
            written: self.written.clone(),
            instead: self.instead.to_string(),
        })
    }
}

/// Tera 1 filters gone from Tera 2, and what does their work now.
const FILTERS: &[(&str, &str)] = &[
    ("map", "[x.attribute for x in list]"),
    ("filter", "[x for x in list if x.attribute == value]"),
    ("slice", "list[start:end]"),
    ("concat", "[...list, value]"),
    ("as_str", "| str"),
    ("linebreaksbr", "| newlines_to_br"),
    ("trim_start_matches", "| trim_start(pat=\"…\")"),
    ("trim_end_matches", "| trim_end(pat=\"…\")"),
    ("get_env", "site.toml [extra]"),
    ("addslashes", "| replace(from=\"'\", to=\"\\\\'\")"),
    ("spaceless", "{% set x | trim %}…{% endset %}"),
];

/// Tests that take an argument: Tera 2 wants it named.
const TESTS_WITH_ARGUMENT: &[(&str, &str)] = &[
    ("containing", "is containing(pat=\"…\")"),
    ("starting_with", "is starting_with(pat=\"…\")"),
    ("ending_with", "is ending_with(pat=\"…\")"),
    ("divisibleby", "is divisible_by(divisor=…)"),
    ("divisible_by", "is divisible_by(divisor=…)"),
];

/// Every Tera 1 form in `source`, with its line, in order.
pub(super) fn forms(source: &str) -> Vec<(usize, Form)> {
    let mut found = vec![];
    for (start, tag, _) in super::tags(source) {
        let blanked = blank_strings(tag);
        for (offset, form) in forms_in_tag(&blanked) {
            found.push((line_of_offset(source, start + offset), form));
        }
    }
    found
}

/// `tag` with what is inside quotes replaced by spaces (same offsets), so
/// that `"a::b"` or `"| map"` in a string is never taken for code.
fn blank_strings(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut quote = None;
    for c in tag.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                out.push(c);
            }
            Some(_) => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
            None => {
                if matches!(c, '"' | '\'' | '`') {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The identifier starting at `at` in `text`.
fn ident_at(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
    &rest[..end]
}

fn forms_in_tag(tag: &str) -> Vec<(usize, Form)> {
    let mut out = vec![];
    let body = tag.trim_start_matches(['-', '+']);
    let lead = tag.len() - body.len();
    let first = body.trim_start();
    let first_at = lead + body.len() - first.len();
    let keyword = ident_at(first, 0);
    match keyword {
        "macro" => out.push((
            first_at,
            Form {
                written: format!("{{% macro {}(…) %}}", ident_at(first[5..].trim_start(), 0)),
                instead: "{% component m.name(…) %} … {% endcomponent m.name %}",
            },
        )),
        "import" => out.push((
            first_at,
            Form {
                written: "{% import … %}".into(),
                instead: "(删掉这一行 / delete this line)",
            },
        )),
        _ => {}
    }
    // Macro calls: `m::date(…)`, `self::date(…)`.
    for (at, _) in tag.match_indices("::") {
        let before = &tag[..at];
        let namespace_start = before.rfind(|c: char| !is_ident(c)).map_or(0, |i| i + 1);
        let namespace = &before[namespace_start..];
        let name = ident_at(tag, at + 2);
        if !namespace.is_empty() && !name.is_empty() {
            out.push((
                namespace_start,
                Form {
                    written: format!("{namespace}::{name}(…)"),
                    instead: "{{ <m.name argument={value} /> }}",
                },
            ));
        }
    }
    // Filters: `| map(…)`.
    for (at, _) in tag.match_indices('|') {
        let rest = &tag[at + 1..];
        let name_at = at + 1 + rest.len() - rest.trim_start().len();
        let name = ident_at(tag, name_at);
        if let Some((_, instead)) = FILTERS.iter().find(|(f, _)| *f == name) {
            out.push((
                name_at,
                Form {
                    written: format!("| {name}"),
                    instead,
                },
            ));
        }
    }
    // Tests: `is object`, `is containing("x")`.
    for (at, _) in tag.match_indices(" is ") {
        let mut test_at = at + 4;
        let rest = tag[test_at..].trim_start();
        test_at = tag.len() - rest.len();
        if ident_at(tag, test_at) == "not" {
            let rest = tag[test_at + 3..].trim_start();
            test_at = tag.len() - rest.len();
        }
        let test = ident_at(tag, test_at);
        let after = tag[test_at + test.len()..].trim_start();
        if test == "object" {
            out.push((
                test_at,
                Form {
                    written: "is object".into(),
                    instead: "is map",
                },
            ));
        } else if let Some((_, instead)) = TESTS_WITH_ARGUMENT.iter().find(|(t, _)| *t == test) {
            let argument = after.strip_prefix('(').map(str::trim_start);
            let named = argument.is_some_and(|a| {
                let name = ident_at(a, 0);
                !name.is_empty() && a[name.len()..].trim_start().starts_with('=')
            });
            if test == "divisibleby" || (argument.is_some() && !named) {
                out.push((
                    test_at,
                    Form {
                        written: format!("is {test}(…)"),
                        instead,
                    },
                ));
            }
        }
    }
    // An array's item by a dot: `list.0`.
    for (at, _) in tag.match_indices('.') {
        let before = tag[..at].chars().next_back();
        let after = tag[at + 1..].chars().next();
        let number_before = tag[..at]
            .rsplit(|c: char| !is_ident(c))
            .next()
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()));
        if before.is_some_and(is_ident)
            && after.is_some_and(|c| c.is_ascii_digit())
            && !number_before
        {
            out.push((
                at,
                Form {
                    written: format!(".{}", ident_at(tag, at + 1)),
                    instead: "list[0]",
                },
            ));
        }
    }
    out.sort_by_key(|(at, _)| *at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(source: &str) -> Vec<(usize, String)> {
        forms(source)
            .into_iter()
            .map(|(line, f)| (line, f.written))
            .collect()
    }

    #[test]
    fn finds_each_tera_1_form_at_its_line() {
        let source = "{% import \"macros.html\" as m %}\n\
            {% macro item(p) %}{{ self::date(iso=p.date) }}{% endmacro item %}\n\
            <p>{{ m::date(iso=page.date) }}</p>\n\
            {{ pages | map(attribute=\"url\") | join(sep=\", \") }}\n\
            {% if page is object %}{% endif %}{% if t is containing(\"x\") %}{% endif %}\n\
            {{ page.list.0 }} {{ 2.5 }} {{ x | slice(start=1) }}\n";
        assert_eq!(
            written(source),
            [
                (1, "{% import … %}".to_string()),
                (2, "{% macro item(…) %}".to_string()),
                (2, "self::date(…)".to_string()),
                (3, "m::date(…)".to_string()),
                (4, "| map".to_string()),
                (5, "is object".to_string()),
                (5, "is containing(…)".to_string()),
                (6, ".0".to_string()),
                (6, "| slice".to_string()),
            ]
        );
    }

    #[test]
    fn tera_2_templates_text_strings_and_comments_are_left_alone() {
        let source = "{# m::date(x) | map #}\n<p>a::b | map is object list.0</p>\n\
            {{ \"m::date(1) | map\" }}{% if t is containing(pat=\"x\") %}{% endif %}\n\
            {{ <m.date iso={page.date} /> }}{% component m.x(a) %}{% endcomponent m.x %}\n\
            {{ list[0] }} {{ 2.5 | round }} {{ a | trim_start(pat=\"x\") }}";
        assert_eq!(written(source), []);
    }

    #[test]
    fn the_default_theme_has_no_tera_1_form() {
        let templates = super::super::BUILTIN_THEME
            .get_dir("templates")
            .expect("templates");
        let mut files = vec![];
        fn collect<'a>(dir: &'a include_dir::Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
            out.extend(dir.files());
            for sub in dir.dirs() {
                collect(sub, out);
            }
        }
        collect(templates, &mut files);
        assert!(files.len() > 30);
        for file in files {
            let source = file.contents_utf8().expect("utf-8");
            assert_eq!(written(source), [], "{}", file.path().display());
        }
    }
}
