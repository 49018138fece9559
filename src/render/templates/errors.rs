//! Tera 2's errors as diagnostics: the template file as the user knows it
//! (`templates/page.html`, or the built-in theme's), the line Tera points
//! at, and Tera's words, which `messages.rs` says in Chinese.
//!
//! Tera 2 gives a place in three ways: a `ReportError` (syntax and render
//! errors: file name and span), the words of a report (`error: Unknown
//! filter …\n --> x.html:2:17`, for what is checked when templates are
//! loaded), or a kind of its own (include cycles, a missing parent).
//! Component recursion past the limit says no place at all.

use super::{shown_in, statements, Origin, MAX_COMPONENT_DEPTH};
use crate::diagnostics::{line_of_offset, Diagnostic};
use crate::messages::Msg;
use std::collections::HashMap;
use tera::ErrorKind;

/// Where an error points and what it says.
#[derive(Debug, PartialEq)]
struct Place {
    /// The template's name in Tera (`page.html`), when the error says it.
    template: Option<String>,
    line: Option<usize>,
    /// Tera's words, without the report around them.
    words: String,
    /// Where in the template's source the error points.
    range: Option<std::ops::Range<usize>>,
}

fn place(error: &tera::Error) -> Place {
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => Place {
            template: Some(report.filename().to_string()).filter(|f| !f.is_empty()),
            line: Some(report.span().start_line),
            words: report.message().to_string(),
            range: Some(report.span().range.clone()),
        },
        ErrorKind::Msg(words) => from_report_words(words),
        _ => Place {
            template: None,
            line: None,
            words: error.to_string(),
            range: None,
        },
    }
}

/// `error: Unknown filter `x`\n --> page.html:2:17\n…`: the first line's
/// words and the place after `-->` (Tera 2.4's report, pinned by a test).
fn from_report_words(words: &str) -> Place {
    let first = words.lines().next().unwrap_or(words);
    let message = first.strip_prefix("error: ").unwrap_or(first).to_string();
    let at = words
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))
        .and_then(|at| {
            let mut parts = at.rsplitn(3, ':');
            let _column = parts.next()?;
            let line = parts.next()?.parse().ok()?;
            Some((parts.next()?.to_string(), line))
        });
    Place {
        template: at.as_ref().map(|(t, _)| t.clone()),
        line: at.map(|(_, l)| l),
        words: message,
        range: None,
    }
}

/// A template set that does not load: a syntax error, an unknown filter,
/// test, function or component, an include cycle, a missing parent.
pub(super) fn load_error(error: &tera::Error, origins: &HashMap<String, Origin>) -> Diagnostic {
    match error.kind() {
        ErrorKind::CircularInclude { include_chain, .. } => {
            // The include that closes the cycle: in the last template but one.
            let line = match include_chain.as_slice() {
                [.., from, to] => origins
                    .get(from)
                    .and_then(|o| include_line(&o.source, to))
                    .map(|l| (from.as_str(), l)),
                _ => None,
            };
            let diag = Diagnostic::error(Msg::TemplateIncludeCycle {
                cycle: include_chain.join(" → "),
            });
            return match line {
                Some((from, line)) => diag.at(shown_in(origins, from), Some(line)),
                None => diag,
            };
        }
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => {
            let mut chain = inheritance_chain.clone();
            chain.push(tpl.clone());
            return Diagnostic::error(Msg::TemplateIncludeCycle {
                cycle: chain.join(" → "),
            })
            .at(shown_in(origins, tpl), Some(1));
        }
        ErrorKind::MissingParent { current, parent } => {
            let shown = shown_in(origins, current);
            return Diagnostic::error(Msg::TemplateSyntax {
                template: shown.to_string_lossy().into_owned(),
                detail: format!("Template '{current}' is inheriting from '{parent}', which doesn't exist or isn't loaded."),
            })
            .at(shown, Some(1));
        }
        _ => {}
    }
    let place = place(error);
    let name = place.template.unwrap_or_else(|| "?".to_string());
    let shown = shown_in(origins, &name);
    Diagnostic::error(Msg::TemplateSyntax {
        template: shown.to_string_lossy().into_owned(),
        detail: place.words,
    })
    .at(shown, place.line)
}

/// The line of `{% include "to" %}` in `source`.
fn include_line(source: &str, to: &str) -> Option<usize> {
    statements(source)
        .find(|(_, tag)| included(tag).any(|name| name == to))
        .map(|(at, _)| line_of_offset(source, at))
}

/// The templates an include statement names (`include "a.html"`,
/// `include ["a.html", 'b.html']`); none for another statement.
fn included(tag: &str) -> impl Iterator<Item = &str> {
    let names = tag.strip_prefix("include").unwrap_or("");
    names.split(['"', '\'']).skip(1).step_by(2)
}

/// A failed render of `name`: at the template and line Tera points at
/// (inside a component, the component's template).
pub(super) fn render_error(
    name: &str,
    error: &tera::Error,
    origins: &HashMap<String, Origin>,
) -> Diagnostic {
    let place = place(error);
    if place.words.starts_with("Maximum render recursion depth") {
        return too_deep(origins);
    }
    let tpl = place.template.clone().unwrap_or_else(|| name.to_string());
    let shown = shown_in(origins, &tpl);
    let template = shown.to_string_lossy().into_owned();
    let filter = place
        .range
        .as_ref()
        .filter(|_| place.words.starts_with("Invalid type for the value"))
        .and_then(|range| filter_after(&origins.get(&tpl)?.source, range.end));
    let detail = place.words;
    let msg = match filter {
        Some(filter) => Msg::TemplateFilter {
            template,
            filter,
            detail,
        },
        None if name.starts_with(super::CACHED_DIR) => {
            Msg::TemplateCachedRender { template, detail }
        }
        None => Msg::TemplateRender { template, detail },
    };
    Diagnostic::error(msg).at(shown, place.line)
}

/// The filter applied to the value at `at` in `source` (`page.n | round`):
/// Tera 2 points at the value a filter could not take, not at the filter,
/// so this is the first filter after it in the same tag.
fn filter_after(source: &str, at: usize) -> Option<String> {
    let rest = source.get(at..)?;
    let tag_end = ["}}", "%}"]
        .iter()
        .filter_map(|end| rest.find(end))
        .min()
        .unwrap_or(rest.len());
    let pipe = rest[..tag_end].find('|')?;
    let name = rest[pipe + 1..].trim_start();
    let end = name
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    (end > 0).then(|| name[..end].to_string())
}

/// Components nested past Tera's limit. Tera names neither the component
/// nor the place: name one that can call itself (directly, through other
/// components or through an included template), at its definition, which
/// is where a person would look. First one whose first such call no `if`
/// or `for` guards, then the site's `templates/` before a theme's, before
/// the built-in theme's.
fn too_deep(origins: &HashMap<String, Origin>) -> Diagnostic {
    let components = definitions(origins);
    let mut found: Vec<(bool, u8, &str, usize, &str)> = components
        .iter()
        .filter_map(|c| {
            let guarded = recursion_guarded(c, &components, origins)?;
            let origin = &origins[c.template];
            let place = if origin.builtin {
                2
            } else if origin.shown.starts_with("templates") {
                0
            } else {
                1
            };
            Some((guarded, place, c.template, c.at, c.name))
        })
        .collect();
    found.sort();
    match found.first() {
        Some(&(_, _, tpl, at, name)) => Diagnostic::error(Msg::TemplateComponentTooDeep {
            name: name.to_string(),
            limit: MAX_COMPONENT_DEPTH,
        })
        .at(
            shown_in(origins, tpl),
            Some(line_of_offset(&origins[tpl].source, at)),
        ),
        None => Diagnostic::error(Msg::TemplateComponentTooDeep {
            name: String::new(),
            limit: MAX_COMPONENT_DEPTH,
        }),
    }
}

/// A component's definition: its name, template, the offset of its
/// `{% component` tag and its body.
struct Definition<'a> {
    name: &'a str,
    template: &'a str,
    at: usize,
    body: &'a str,
}

/// Every component defined in the templates.
fn definitions(origins: &HashMap<String, Origin>) -> Vec<Definition<'_>> {
    let mut out = vec![];
    for (template, origin) in origins {
        let source = origin.source.as_str();
        for (at, tag) in statements(source) {
            let Some(def) = tag.strip_prefix("component ") else {
                continue;
            };
            let def = def.trim_start();
            let name = &def[..def.find(['(', ' ']).unwrap_or(def.len())];
            let body_start = at + source[at..].find("%}").map_or(0, |i| i + 2);
            let close = format!("endcomponent {name}");
            let end = source[body_start..]
                .find(&close)
                .map_or(source.len(), |i| body_start + i);
            if !name.is_empty() {
                out.push(Definition {
                    name,
                    template,
                    at: at - 2,
                    body: &source[body_start..end],
                });
            }
        }
    }
    out
}

/// Where `text` calls `name` (`<name …`, `<name>`, `<name/>`), first.
fn call_of(text: &str, name: &str) -> Option<usize> {
    [
        format!("<{name} "),
        format!("<{name}>"),
        format!("<{name}/"),
    ]
    .iter()
    .filter_map(|c| text.find(c.as_str()))
    .min()
}

/// The templates `text` includes (`{% include "x.html" %}`), by name.
fn includes(text: &str) -> Vec<&str> {
    statements(text)
        .flat_map(|(_, tag)| included(tag))
        .collect()
}

/// Whether `c` can call itself: `None` if not; else whether an `if` or
/// `for` is open around the first call in its body that leads back to it.
fn recursion_guarded(
    c: &Definition<'_>,
    all: &[Definition<'_>],
    origins: &HashMap<String, Origin>,
) -> Option<bool> {
    // The components a text calls, itself or through the templates it includes.
    let calls = |text: &str| -> Vec<usize> {
        let mut texts = vec![text];
        let mut seen: Vec<&str> = vec![];
        let mut called = vec![];
        while let Some(t) = texts.pop() {
            for (i, d) in all.iter().enumerate() {
                if !called.contains(&i) && call_of(t, d.name).is_some() {
                    called.push(i);
                }
            }
            for inc in includes(t) {
                if let Some((name, o)) = origins.get_key_value(inc) {
                    if !seen.contains(&name.as_str()) {
                        seen.push(name.as_str());
                        texts.push(o.source.as_str());
                    }
                }
            }
        }
        called
    };
    let me = all.iter().position(|d| d.name == c.name && d.at == c.at)?;
    // Each component called from c's body, and whether it leads back to c.
    let mut reaches = vec![false; all.len()];
    let mut stack = calls(c.body);
    let mut visited = vec![false; all.len()];
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut visited[i], true) {
            continue;
        }
        reaches[i] = true;
        stack.extend(calls(all[i].body));
    }
    if !reaches[me] {
        return None;
    }
    // The first call in c's body (or an include) from which c is reached.
    let first = calls(c.body)
        .into_iter()
        .filter_map(|i| call_of(c.body, all[i].name))
        .chain(c.body.find("include"))
        .min()
        .unwrap_or(0);
    Some(guarded(&c.body[..first]))
}

/// Whether an `if` or `for` block is still open at the end of `text`.
fn guarded(text: &str) -> bool {
    let mut open = 0i64;
    for (_, tag) in statements(text) {
        match tag
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .next()
        {
            Some("if" | "for") => open += 1,
            Some("endif" | "endfor") => open -= 1,
            _ => {}
        }
    }
    open > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What gongkai reads from Tera 2.4's words rather than its kinds: an
    /// upgrade that rewords one fails here, not silently in a user's message.
    #[test]
    fn the_report_words_we_read_are_what_tera_2_says() {
        let mut tera = tera::Tera::default();
        let error = tera
            .add_raw_template("x.html", "<p>\n{{ page.title | nosuch }}")
            .expect_err("unknown filter");
        assert_eq!(
            place(&error),
            Place {
                template: Some("x.html".into()),
                line: Some(2),
                words: "Unknown filter `nosuch`".into(),
                range: None,
            }
        );
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(vec![
            (
                "m.html",
                "{% component m.x(a) %}{{ <m.x a={a} /> }}{% endcomponent m.x %}",
            ),
            ("x.html", "{{ <m.x a=\"1\" /> }}"),
        ])
        .expect("loads");
        let error = tera
            .render("x.html", &tera::Context::new())
            .expect_err("endless");
        assert!(place(&error)
            .words
            .starts_with("Maximum render recursion depth"));
    }

    #[test]
    fn a_filter_is_read_after_the_value_it_could_not_take() {
        assert_eq!(
            filter_after("{{ page.n | round }}", 7).as_deref(),
            Some("round")
        );
        assert_eq!(filter_after("{{ page.n }} | x", 3), None);
    }

    fn origins(templates: &[(&str, &str)]) -> HashMap<String, Origin> {
        templates
            .iter()
            .map(|(name, source)| {
                let origin = Origin {
                    shown: format!("templates/{name}").into(),
                    source: source.to_string(),
                    builtin: false,
                };
                (name.to_string(), origin)
            })
            .collect()
    }

    fn named(templates: &[(&str, &str)]) -> (String, Option<usize>) {
        let d = too_deep(&origins(templates));
        match *d.msg {
            Msg::TemplateComponentTooDeep { ref name, .. } => (name.clone(), d.line),
            ref other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_component_that_calls_itself_is_named_at_its_definition() {
        // A guarded recursion (a menu) and an endless one: the endless one.
        let source = "{% component m.a(x) %}{% if x %}{{ <m.a x={x.sub} /> }}{% endif %}{% endcomponent m.a %}\n\n\
            {%- component m.down(n) %}{{ <m.down n={n} /> }}{% endcomponent m.down %}";
        assert_eq!(named(&[("x.html", source)]), ("m.down".into(), Some(3)));
        // Two components calling each other; one through an included template.
        let ping = "{% component m.ping() %}{{ <m.pong /> }}{% endcomponent m.ping %}\n\
            {% component m.pong() %}\n{% include \"i.html\" %}{% endcomponent m.pong %}";
        let (name, _) = named(&[("m.html", ping), ("i.html", "{{ <m.ping /> }}")]);
        assert!(name == "m.ping" || name == "m.pong", "{name}");
        // None that can call itself: no name, no place.
        let none = "{% component m.a(x) %}{{ x }}{% endcomponent m.a %}";
        assert_eq!(named(&[("x.html", none)]), (String::new(), None));
    }

    #[test]
    fn an_include_is_found_by_its_target() {
        assert_eq!(
            include_line("a\nb\n{%- include ['c.html', \"a.html\"] %}", "a.html"),
            Some(3)
        );
        assert_eq!(include_line("{% include \"b.html\" %}", "a.html"), None);
    }
}
