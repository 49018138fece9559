//! The Tera environment: templates looked up site `templates/` > the theme's
//! `templates/` > the default theme built into the binary, compiled once.
//!
//! Also turns Tera's errors into diagnostics naming the template file and
//! line. What each template receives is `context.rs`'s business.

use crate::dates::date_zh;
use crate::diagnostics::{line_of_offset, Diagnostic};
use crate::messages::Msg;
use include_dir::{include_dir, Dir};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use tera::Tera;

mod macros;
pub use macros::init_render_threads;

/// The default theme, built into the binary so a site needs no theme folder.
pub static BUILTIN_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Templates rendered once per build, not once per page: see [`Templates::cached`].
pub const CACHED_DIR: &str = "cached/";

/// Where a template came from, for messages.
#[derive(Debug, Clone)]
struct Origin {
    /// Shown to the user: `templates/page.html` or `themes/default/templates/page.html`.
    shown: PathBuf,
    source: String,
}

pub struct Templates {
    pub tera: Tera,
    origins: HashMap<String, Origin>,
}

/// The theme's folder in the site, if the site has one.
pub fn theme_dir(root: &Path, theme: &str) -> Option<PathBuf> {
    let dir = root.join("themes").join(theme);
    dir.is_dir().then_some(dir)
}

impl Templates {
    pub fn load(root: &Path, theme: &str) -> Result<Templates, Vec<Diagnostic>> {
        init_render_threads();
        let mut origins: BTreeMap<String, Origin> = BTreeMap::new();
        if let Some(templates) = BUILTIN_THEME.get_dir("templates") {
            collect_builtin(templates, &mut origins);
        }
        let mut diags = Vec::new();
        match theme_dir(root, theme) {
            Some(dir) => collect_dir(root, &dir.join("templates"), &mut origins, &mut diags),
            None if theme != "default" => diags.push(
                Diagnostic::error(Msg::ThemeNotFound {
                    name: theme.to_string(),
                })
                .at("site.toml", site_toml_line(root, "theme")),
            ),
            None => {}
        }
        collect_dir(root, &root.join("templates"), &mut origins, &mut diags);
        if !diags.is_empty() {
            return Err(diags);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        // Tera's default escaping also escapes `/`, which makes every URL unreadable.
        tera.set_escape_fn(crate::render::context::escape_html);
        tera.register_filter("date_zh", date_zh_filter);
        // Tera's own `escape_xml` keeps characters XML forbids; feeds must not.
        tera.register_filter("escape_xml", escape_xml_filter);
        // `tel:` links of the office's phone numbers (issue 24, FRAME part).
        tera.register_filter("tel_digits", tel_digits_filter);
        let raw: Vec<(String, String)> = origins
            .iter()
            .map(|(name, o)| (name.clone(), o.source.clone()))
            .collect();
        let origins: HashMap<String, Origin> = origins.into_iter().collect();
        if let Err(e) = tera.add_raw_templates(raw.iter().map(|(n, c)| (n.as_str(), c.as_str()))) {
            return Err(vec![syntax_error(&e, &origins, &raw)]);
        }
        // Tera follows includes without a depth limit: a cycle would overflow the stack.
        if let Some(cycle) = include_cycle(&origins) {
            return Err(vec![cycle]);
        }
        // Nor has it a limit on macros calling macros: refuse what can never
        // end, and stop what goes too deep.
        let sources = origins
            .iter()
            .map(|(name, o)| (name.clone(), o.source.clone()))
            .collect();
        if let Some(endless) = macros::recursion_without_end(&tera, &sources) {
            let shown = shown_in(&origins, &endless.template);
            let cycle: Vec<String> = endless.cycle.iter().map(|(_, m)| m.clone()).collect();
            return Err(vec![Diagnostic::error(Msg::TemplateMacroEndless {
                cycle: cycle.join(" → "),
            })
            .at(shown, endless.line)]);
        }
        macros::limit_depth(&mut tera);
        Ok(Templates { tera, origins })
    }

    /// Every template's name and source, sorted by name (what the build
    /// cache's key holds of the templates).
    pub(crate) fn sources(&self) -> Vec<(&str, &str)> {
        let mut all: Vec<(&str, &str)> = self
            .origins
            .iter()
            .map(|(name, o)| (name.as_str(), o.source.as_str()))
            .collect();
        all.sort_unstable();
        all
    }

    pub fn has(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }

    /// The templates under `cached/` (`cached/footer.html`), sorted: parts
    /// of every page that depend on the site alone, rendered once per build.
    pub fn cached(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .origins
            .keys()
            .map(String::as_str)
            .filter(|n| n.starts_with(CACHED_DIR) && n.ends_with(".html"))
            .collect();
        names.sort_unstable();
        names
    }

    /// Renders `name`, turning a failure into a diagnostic at the template's line.
    /// Bytes, not a String: Tera's `render` checks its whole output is UTF-8
    /// again (3% of a build), which it is by construction.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(name, context, &mut out)
            .map_err(|e| self.render_error(name, &e))?;
        Ok(out)
    }

    fn render_error(&self, name: &str, error: &tera::Error) -> Diagnostic {
        let detail = chain(error);
        if let Some((tpl, name)) = macros::too_deep(&detail) {
            let shown = self.shown(tpl);
            let line = self
                .origins
                .get(tpl)
                .and_then(|o| macros::definition_line(&o.source, name));
            return Diagnostic::error(Msg::TemplateMacroTooDeep {
                name: name.to_string(),
                limit: macros::MAX_DEPTH,
            })
            .at(shown, line);
        }
        if let Some(d) = self.filter_error(name, error, &detail) {
            return d;
        }
        // Tera 1 does not give the line of a render error: find the variable in the
        // template and its parents, which is where a person would look first.
        // A missing variable is only said in words (pinned by a test below).
        let variable = between(&detail, VARIABLE_NOT_FOUND, "`")
            .or_else(|| {
                kinds(error).find_map(|k| match k {
                    tera::ErrorKind::FunctionNotFound(f) => Some(f.as_str()),
                    _ => None,
                })
            })
            .or_else(|| {
                kinds(error).find_map(|k| match k {
                    tera::ErrorKind::FilterNotFound(f) => Some(f.as_str()),
                    _ => None,
                })
            });
        let mut found = None;
        if let Some(var) = variable {
            let mut candidates: Vec<&String> = vec![];
            if let Some(o) = self.origins.get_key_value(name) {
                candidates.push(o.0);
            }
            candidates.extend(self.origins.keys().filter(|k| k.as_str() != name));
            for tpl in candidates {
                let source = &self.origins[tpl].source;
                if let Some(pos) = source.find(var) {
                    found = Some((tpl.clone(), line_of_offset(source, pos)));
                    break;
                }
            }
        }
        let (tpl, line) = found.map_or((name.to_string(), None), |(t, l)| (t, Some(l)));
        let shown = self.shown(&tpl);
        let template = shown.to_string_lossy().into_owned();
        let msg = if name.starts_with(CACHED_DIR) {
            Msg::TemplateCachedRender { template, detail }
        } else {
            Msg::TemplateRender { template, detail }
        };
        Diagnostic::error(msg).at(shown, line)
    }

    /// A failed filter, at the line where the template uses it: the rendered
    /// template first, else the first of its parents and includes that uses
    /// it. Tera names the filter but not the place, so with several uses of
    /// it the line is left unknown and the message lists them.
    fn filter_error(&self, name: &str, error: &tera::Error, detail: &str) -> Option<Diagnostic> {
        let filter = kinds(error).find_map(|k| match k {
            tera::ErrorKind::CallFilter(f) => Some(f.as_str()),
            _ => None,
        })?;
        let others = self.origins.keys().filter(|k| k.as_str() != name);
        let (tpl, lines) = std::iter::once(name)
            .chain(others.map(String::as_str))
            .filter_map(|tpl| {
                let lines = filter_lines(&self.origins.get(tpl)?.source, filter);
                (!lines.is_empty()).then_some((tpl, lines))
            })
            .next()
            .unwrap_or((name, Vec::new()));
        let shown = self.shown(tpl);
        let line = match lines.as_slice() {
            [one] => Some(*one),
            _ => None,
        };
        let msg = Msg::TemplateFilter {
            template: shown.to_string_lossy().into_owned(),
            filter: filter.to_string(),
            detail: detail.to_string(),
            lines,
        };
        Some(Diagnostic::error(msg).at(shown, line))
    }

    fn shown(&self, name: &str) -> PathBuf {
        shown_in(&self.origins, name)
    }
}

/// How a template is named to the user.
fn shown_in(origins: &HashMap<String, Origin>, name: &str) -> PathBuf {
    origins
        .get(name)
        .map_or_else(|| PathBuf::from(name), |o| o.shown.clone())
}

/// The lines where `source` applies `filter` (`| filter`, spaces allowed).
fn filter_lines(source: &str, filter: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    for (pipe, _) in source.match_indices('|') {
        let rest = source[pipe + 1..].trim_start();
        let Some(after) = rest.strip_prefix(filter) else {
            continue;
        };
        if after.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let line = line_of_offset(source, pipe);
        if lines.last() != Some(&line) {
            lines.push(line);
        }
    }
    lines
}

fn collect_builtin(dir: &Dir<'_>, out: &mut BTreeMap<String, Origin>) {
    for file in dir.files() {
        let name = file
            .path()
            .strip_prefix("templates")
            .unwrap_or(file.path())
            .to_string_lossy()
            .replace('\\', "/");
        if let Some(source) = file.contents_utf8() {
            out.insert(
                name,
                Origin {
                    shown: Path::new("(内置主题 built-in theme)").join(file.path()),
                    source: source.to_string(),
                },
            );
        }
    }
    for sub in dir.dirs() {
        collect_builtin(sub, out);
    }
}

fn collect_dir(
    root: &Path,
    dir: &Path,
    out: &mut BTreeMap<String, Origin>,
    diags: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let shown = entry.path().strip_prefix(root).unwrap_or(entry.path());
        match crate::content::read_text(entry.path(), shown) {
            Ok(source) => {
                out.insert(
                    name,
                    Origin {
                        shown: shown.to_path_buf(),
                        source,
                    },
                );
            }
            Err(d) => diags.push(d),
        }
    }
}

/// The templates a template includes or extends, each with the line of its tag.
fn referenced_templates(source: &str) -> Vec<(String, usize)> {
    let mut out = vec![];
    let mut rest = source;
    while let Some(start) = rest.find("{%") {
        let tag_start = source.len() - rest.len() + start;
        let after = &rest[start + 2..];
        let Some(end) = after.find("%}") else { break };
        let tag = after[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        if tag.starts_with("include") || tag.starts_with("extends") {
            let line = line_of_offset(source, tag_start);
            // Every quoted name: `include "a.html"`, `include ["a.html", "b.html"]`.
            let quoted: Vec<&str> = tag.split(['"', '\'']).collect();
            out.extend(
                quoted
                    .iter()
                    .skip(1)
                    .step_by(2)
                    .map(|name| (name.to_string(), line)),
            );
        }
        rest = &after[end + 2..];
    }
    out
}

/// A template that includes itself, directly or through others.
fn include_cycle(origins: &HashMap<String, Origin>) -> Option<Diagnostic> {
    let edges: BTreeMap<&str, Vec<(String, usize)>> = origins
        .iter()
        .map(|(name, o)| (name.as_str(), referenced_templates(&o.source)))
        .collect();
    // Depth-first, without recursion: (template, index of its next reference).
    let mut done: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for &start in edges.keys() {
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        while let Some(&(name, next)) = path.last() {
            let refs = edges.get(name).map_or(&[][..], Vec::as_slice);
            let Some((referenced, line)) = refs.get(next) else {
                done.insert(name);
                path.pop();
                continue;
            };
            if let Some(last) = path.last_mut() {
                last.1 += 1;
            }
            let Some((&target, _)) = edges.get_key_value(referenced.as_str()) else {
                continue;
            };
            if let Some(at) = path.iter().position(|(n, _)| *n == target) {
                let mut cycle: Vec<&str> = path[at..].iter().map(|(n, _)| *n).collect();
                cycle.push(target);
                let shown = shown_in(origins, name);
                return Some(
                    Diagnostic::error(Msg::TemplateIncludeCycle {
                        cycle: cycle.join(" → "),
                    })
                    .at(shown, Some(*line)),
                );
            }
            if !done.contains(target) {
                path.push((target, 0));
            }
        }
    }
    None
}

fn site_toml_line(root: &Path, key: &str) -> Option<usize> {
    let text = std::fs::read_to_string(root.join("site.toml")).ok()?;
    crate::config::line_of_key(&text, key)
}

/// How Tera 1.20 words a variable missing from the context, the one render
/// error it has no `ErrorKind` for: `Variable `page.x` not found in context …`.
const VARIABLE_NOT_FOUND: &str = "Variable `";

/// The kinds of an error and of the Tera errors that caused it, outermost first.
fn kinds(error: &tera::Error) -> impl Iterator<Item = &tera::ErrorKind> {
    let first: &(dyn std::error::Error + 'static) = error;
    std::iter::successors(Some(first), |e| e.source())
        .filter_map(|e| e.downcast_ref::<tera::Error>())
        .map(|e| &e.kind)
}

/// Every message of an error and its causes, joined.
fn chain(error: &tera::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        parts.push(e.to_string());
        source = e.source();
    }
    parts.join(": ")
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

fn syntax_error(
    error: &tera::Error,
    origins: &HashMap<String, Origin>,
    raw: &[(String, String)],
) -> Diagnostic {
    let detail = chain(error);
    let name = failed_template(error, raw).unwrap_or("?").to_string();
    // Only words say where: Pest's ` --> line:column` (pinned by a test below).
    let line = between(&detail, "--> ", ":").and_then(|l| l.trim().parse().ok());
    let shown = shown_in(origins, &name);
    Diagnostic::error(Msg::TemplateSyntax {
        template: shown.to_string_lossy().into_owned(),
        detail: detail
            .replace('\n', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    })
    .at(shown, line)
}

/// The template a failed [`Tera::add_raw_templates`] is about: named by the
/// error's kind, else the first (in the order they were added, as Tera
/// parses them) that does not parse alone. Tera says which one only in the
/// words of its message.
fn failed_template<'a>(error: &'a tera::Error, raw: &'a [(String, String)]) -> Option<&'a str> {
    match &error.kind {
        tera::ErrorKind::MissingParent { current, .. } => Some(current),
        tera::ErrorKind::CircularExtend { tpl, .. } => Some(tpl),
        _ => raw
            .iter()
            .find(|(name, source)| tera::Template::new(name, None, source).is_err())
            .map(|(name, _)| name.as_str()),
    }
}

fn date_zh_filter(
    value: &tera::Value,
    _args: &HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    Ok(tera::Value::String(match value {
        tera::Value::String(s) => date_zh(s),
        other => other.to_string(),
    }))
}

fn tel_digits_filter(
    value: &tera::Value,
    _args: &HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = tera::try_get_value!("tel_digits", "value", String, value);
    Ok(tera::Value::String(tel_digits(&text)))
}

/// What a `tel:` link dials for a phone number as written: its digits
/// (and a leading `+`), up to the first character a number is not written
/// with, so `0578-1234567 转 8001` dials `05781234567`.
pub(crate) fn tel_digits(number: &str) -> String {
    let number = number.trim();
    let plus = if number.starts_with('+') { "+" } else { "" };
    let digits: String = number
        .chars()
        .take_while(|c| c.is_ascii_digit() || " -+()（）.".contains(*c))
        .filter(char::is_ascii_digit)
        .collect();
    if digits.is_empty() {
        digits
    } else {
        format!("{plus}{digits}")
    }
}

/// `escape_xml` as Tera's, dropping what XML forbids (Markdown's `&#11;`
/// decodes to U+000B in a summary after loading cleaned the source).
fn escape_xml_filter(
    value: &tera::Value,
    _args: &HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = tera::try_get_value!("escape_xml", "value", String, value);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !crate::control::is_published_char(c) => {}
            c => out.push(c),
        }
    }
    Ok(tera::Value::String(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_xml_drops_what_xml_forbids() {
        let v = escape_xml_filter(
            &tera::Value::from("a\u{b}<b>&\u{0}'\u{FFFF}"),
            &HashMap::new(),
        )
        .expect("filter");
        assert_eq!(v, tera::Value::from("a&lt;b&gt;&amp;&apos;"));
    }

    /// Renders `source` as the site's `templates/x.html` and returns the error.
    fn render_error_of(source: &str) -> Diagnostic {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(dir.path().join("templates")).expect("mkdir");
        std::fs::write(dir.path().join("templates/x.html"), source).expect("write");
        let t = Templates::load(dir.path(), "default").unwrap_or_else(|_| panic!("loads"));
        let mut context = tera::Context::new();
        context.insert("page", &serde_json::json!({"title": "标题", "n": 2.5}));
        t.render("x.html", &context).expect_err("fails")
    }

    #[test]
    fn a_filter_error_names_its_line() {
        let d = render_error_of(
            "<p>\n{{ page.title | upper }}\n{{ page.title |round(precision=1) }}\n</p>\n",
        );
        assert_eq!(d.line, Some(3));
        assert_eq!(d.path.as_deref(), Some(Path::new("templates/x.html")));
        assert!(
            matches!(*d.msg, Msg::TemplateFilter { ref filter, ref lines, .. } if filter == "round" && lines == &[3])
        );
    }

    #[test]
    fn a_filter_used_twice_leaves_the_line_unknown_and_lists_both() {
        let d = render_error_of("<p>\n{{ page.n | round }}\n{{ page.title | round }}\n</p>\n");
        assert_eq!(d.line, None);
        assert!(matches!(*d.msg, Msg::TemplateFilter { ref lines, .. } if lines == &[2, 3]));
        assert!(d
            .msg
            .text(crate::messages::Lang::En)
            .contains("line unknown"));
    }

    #[test]
    fn filter_lines_match_whole_names() {
        assert_eq!(
            filter_lines(
                "{{ a | round }}\n{{ b|rounds }}\n{{ c | x | round(method='ceil') }}",
                "round"
            ),
            [1, 3]
        );
    }

    #[test]
    fn tel_digits_keeps_the_number_and_drops_the_extension() {
        assert_eq!(tel_digits("0578-1234567"), "05781234567");
        assert_eq!(tel_digits(" (0578) 123 4567 "), "05781234567");
        assert_eq!(tel_digits("+86 578 1234567"), "+865781234567");
        assert_eq!(tel_digits("0578-1234567 转 8001"), "05781234567");
        assert_eq!(tel_digits("见网站"), "");
    }

    proptest::proptest! {
        /// Whatever is written, the href holds only digits and a leading `+`:
        /// nothing a `tel:` URL or an attribute could be broken out of with.
        #[test]
        fn tel_digits_are_only_digits(number in "\\PC{0,40}") {
            let out = tel_digits(&number);
            let rest = out.strip_prefix('+').unwrap_or(&out);
            proptest::prop_assert!(rest.chars().all(|c| c.is_ascii_digit()), "{out:?}");
        }
    }

    #[test]
    fn date_zh_drops_leading_zeros() {
        assert_eq!(date_zh("2026-09-08"), "2026年9月8日");
        assert_eq!(date_zh("2026-11-28T10:00:00"), "2026年11月28日");
        assert_eq!(date_zh("不是日期"), "不是日期");
    }

    #[test]
    fn site_templates_override_builtin_and_blocks_inherit() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(dir.path().join("templates")).expect("mkdir");
        std::fs::write(
            dir.path().join("templates/404.html"),
            "{% extends \"base.html\" %}{% block main %}OVERRIDDEN{% endblock %}",
        )
        .expect("write");
        let t = Templates::load(dir.path(), "default").unwrap_or_else(|_| panic!("loads"));
        assert!(t.has("page.html"), "built-in templates are there");
        let origin = &t.origins["404.html"];
        assert_eq!(origin.shown, PathBuf::from("templates/404.html"));
    }

    #[test]
    fn include_cycles_are_found_at_their_line() {
        let origin = |source: &str| Origin {
            shown: PathBuf::from("templates/x.html"),
            source: source.to_string(),
        };
        let mut origins = HashMap::new();
        origins.insert(
            "a.html".to_string(),
            origin("a\n{%- include \"b.html\" -%}"),
        );
        origins.insert(
            "b.html".to_string(),
            origin("{% include ['c.html', \"a.html\"] %}"),
        );
        origins.insert("c.html".to_string(), origin("{% extends \"base.html\" %}"));
        let found = include_cycle(&origins).expect("a cycle");
        assert_eq!(found.line, Some(1));
        assert_eq!(
            *found.msg,
            Msg::TemplateIncludeCycle {
                cycle: "a.html → b.html → a.html".into()
            }
        );
        origins.insert("b.html".to_string(), origin("{% include \"c.html\" %}"));
        assert!(include_cycle(&origins).is_none());
        origins.insert(
            "self.html".to_string(),
            origin("x\ny\n{% include \"self.html\" %}"),
        );
        assert_eq!(include_cycle(&origins).and_then(|d| d.line), Some(3));
    }

    /// The render error of `source` as `x.html`, straight from Tera.
    fn tera_error_of(source: &str) -> tera::Error {
        let mut tera = Tera::default();
        tera.add_raw_template("x.html", source).expect("parses");
        let context = tera::Context::from_serialize(serde_json::json!({"page": {"n": 2.5}}))
            .expect("context");
        tera.render("x.html", &context).expect_err("fails")
    }

    /// The words of `error` and of each of its causes, outermost first.
    fn words(error: &tera::Error) -> Vec<String> {
        let first: &(dyn std::error::Error + 'static) = error;
        std::iter::successors(Some(first), |e| e.source())
            .map(ToString::to_string)
            .collect()
    }

    /// What gongkai reads from Tera 1.20.1's words rather than its
    /// `ErrorKind`s, because it has no kind for them: an upgrade that rewords
    /// one fails here, not silently in a user's message. `messages.rs` reads
    /// the same words (`translate_detail`, `filter_detail_zh`).
    #[test]
    fn the_tera_words_we_read_are_what_tera_1_20_says() {
        // A missing variable: `VARIABLE_NOT_FOUND`, then the name in backticks.
        let e = tera_error_of("{{ page.titel }}");
        assert_eq!(
            words(&e),
            [
                "Failed to render 'x.html'",
                "Variable `page.titel` not found in context while rendering 'x.html'"
            ]
        );
        assert!(words(&e)[1].starts_with(VARIABLE_NOT_FOUND));
        // A filter given the wrong value: `filter_detail_zh` reads got … expected.
        let e = tera_error_of("{{ page.n | upper }}");
        assert!(matches!(&e.kind, tera::ErrorKind::Msg(_)));
        assert_eq!(
            words(&e)[1..],
            [
                "Filter call 'upper' failed",
                "Filter `upper` was called on an incorrect value: got `2.5` but expected a String"
            ]
        );
        let e = tera_error_of("{{ \"x\" | round }}");
        assert_eq!(
            words(&e)[2],
            "Filter `round` was called on an incorrect value: got `\"x\"` but expected a f64"
        );
        // Unknown filters and functions have kinds; `translate_detail` reads their words.
        let e = tera_error_of("{{ page.n | nosuch }}");
        assert!(kinds(&e).any(|k| matches!(k, tera::ErrorKind::FilterNotFound(f) if f == "nosuch")));
        assert_eq!(words(&e)[1], "Filter 'nosuch' not found");
        let e = tera_error_of("{{ nosuch() }}");
        assert!(
            kinds(&e).any(|k| matches!(k, tera::ErrorKind::FunctionNotFound(f) if f == "nosuch"))
        );
        assert_eq!(words(&e)[1], "Function 'nosuch' not found");
        // And `messages.rs` says each of them in Chinese.
        let zh = |e: &tera::Error| {
            crate::messages::translate_detail(&chain(e), crate::messages::Lang::Zh)
        };
        assert_eq!(
            zh(&tera_error_of("{{ nosuch() }}")),
            "模板里用了不存在的函数 nosuch，请检查拼写，或删掉它"
        );
        assert_eq!(
            zh(&tera_error_of("{{ page.n | nosuch }}")),
            "模板里用了不存在的过滤器 nosuch，请检查拼写，或删掉它"
        );
        assert!(zh(&tera_error_of("{{ page.titel }}")).starts_with("变量 page.titel 不存在"));
        let wrong = Msg::TemplateFilter {
            template: "x.html".into(),
            filter: "round".into(),
            detail: chain(&tera_error_of("{{ \"x\" | round }}")),
            lines: vec![1],
        };
        assert!(wrong
            .text(crate::messages::Lang::Zh)
            .contains("它拿到的值是 `\"x\"`，但它需要的是数字"));
        // A syntax error's place: Pest's ` --> line:column`.
        let e = Tera::default()
            .add_raw_template("x.html", "a\nb\n{% if %}\n")
            .expect_err("syntax");
        assert_eq!(
            words(&e),
            [
                "Failed to parse 'x.html'",
                " --> 3:7\n  |\n3 | {% if %}\n  |       ^---\n  |\n  = expected a value that can be negated"
            ]
        );
    }

    #[test]
    fn a_failed_filter_and_a_missing_one_are_told_by_kind() {
        let e = tera_error_of("{{ page.n | upper }}");
        assert!(kinds(&e).any(|k| matches!(k, tera::ErrorKind::CallFilter(f) if f == "upper")));
        let d = render_error_of("<p>\n{{ page.title | nosuch }}\n</p>\n");
        assert_eq!(d.line, Some(2));
        assert!(matches!(*d.msg, Msg::TemplateRender { .. }), "{:?}", d.msg);
    }

    #[test]
    fn a_template_that_does_not_parse_is_named_by_parsing_it_alone() {
        let raw = [
            ("a.html".to_string(), "fine".to_string()),
            ("b.html".to_string(), "{% if %}".to_string()),
            ("c.html".to_string(), "{% endif %}".to_string()),
        ];
        let mut tera = Tera::default();
        let e = tera
            .add_raw_templates(raw.iter().map(|(n, c)| (n.as_str(), c.as_str())))
            .expect_err("syntax");
        assert_eq!(failed_template(&e, &raw), Some("b.html"));
        let raw = [(
            "a.html".to_string(),
            "{% extends \"none.html\" %}".to_string(),
        )];
        let e = Tera::default()
            .add_raw_templates(raw.iter().map(|(n, c)| (n.as_str(), c.as_str())))
            .expect_err("no parent");
        assert_eq!(failed_template(&e, &raw), Some("a.html"));
    }

    #[test]
    fn syntax_error_names_file_and_line() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(dir.path().join("templates")).expect("mkdir");
        std::fs::write(dir.path().join("templates/page.html"), "a\nb\n{% if %}\n").expect("write");
        let errs = Templates::load(dir.path(), "default").err().expect("fails");
        assert_eq!(
            errs[0].path.as_deref(),
            Some(Path::new("templates/page.html"))
        );
        assert_eq!(errs[0].line, Some(3));
    }
}
