//! The Tera 2 environment: templates looked up site `templates/` > the
//! theme's `templates/` > the default theme built into the binary, compiled
//! once. Components (`{% component m.date(…) %}`, called `<m.date … />`)
//! are registered globally by Tera: no imports.
//!
//! Also turns Tera's errors into diagnostics naming the template file and
//! line (`errors`), and tells a site with templates written for Tera 1 what
//! to change (`tera1`). What each template receives is `context.rs`'s
//! business.

use crate::dates::date_zh;
use crate::diagnostics::Diagnostic;
use crate::messages::Msg;
use include_dir::{include_dir, Dir};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use tera::{Kwargs, State, Tera};

mod errors;
mod tera1;

/// The default theme, built into the binary so a site needs no theme folder.
pub static BUILTIN_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Templates rendered once per build, not once per page: see [`Templates::cached`].
pub const CACHED_DIR: &str = "cached/";

/// How deep components may call each other: Tera 2 stops a render past
/// this (its fixed `MAX_COMPONENT_RECURSION_DEPTH`), so a component that
/// calls itself forever is an error, not a stack overflow.
pub const MAX_COMPONENT_DEPTH: i64 = 20;

/// The stack of the threads that render (bytes). Tera 2 nests one
/// interpreter call per component and per include in it; [`MAX_COMPONENT_DEPTH`]
/// levels of both overflow rayon's default 2 MiB in a debug build. Only
/// the pages used are memory.
const RENDER_STACK: usize = 32 << 20;

/// Gives the render threads (rayon's global pool) [`RENDER_STACK`].
pub fn init_render_threads() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Fails only when the pool already exists; then its threads are used.
        let _ = rayon::ThreadPoolBuilder::new()
            .stack_size(RENDER_STACK)
            .build_global();
    });
}

/// Where a template came from, for messages.
#[derive(Debug, Clone)]
struct Origin {
    /// Shown to the user: `templates/page.html` or `themes/default/templates/page.html`.
    shown: PathBuf,
    source: String,
    /// Built into gongkai (the default theme), not the site's own.
    builtin: bool,
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
        // A site's own templates written for Tera 1 (gongkai before Tera 2):
        // each form Tera 2 no longer has, at its line, with what to write.
        for origin in origins.values().filter(|o| !o.builtin) {
            diags.extend(
                tera1::forms(&origin.source)
                    .into_iter()
                    .map(|(line, form)| form.diagnostic().at(&origin.shown, Some(line))),
            );
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        // Tera's own escape keeps characters a page may not publish.
        tera.set_escape_fn(crate::html::escape_to);
        tera.register_filter("date_zh", date_zh_filter);
        // Tera's own `escape_xml` keeps characters XML forbids; feeds must not.
        tera.register_filter("escape_xml", escape_xml_filter);
        // `tel:` links of the office's phone numbers (issue 24, FRAME part).
        tera.register_filter("tel_digits", tel_digits_filter);
        let origins: HashMap<String, Origin> = origins.into_iter().collect();
        let mut raw: Vec<(&str, &str)> = origins
            .iter()
            .map(|(name, o)| (name.as_str(), o.source.as_str()))
            .collect();
        raw.sort_unstable();
        if let Err(e) = tera.add_raw_templates(raw) {
            return Err(vec![errors::load_error(&e, &origins)]);
        }
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
    /// again, which it is by construction.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(name, context, &mut out)
            .map_err(|e| errors::render_error(name, &e, &self.origins))?;
        Ok(out)
    }
}

/// The inside of each `{{ … }}` and `{% … %}` tag of a template, with its
/// offset and whether it is a statement (`{% … %}`); comments `{# … #}`
/// skipped. The one scanner of template text gongkai has: Tera 2 keeps its
/// tree to itself, and the messages that Tera gives no place for (Tera 1
/// forms, endless components, include cycles) read the source.
fn tags(source: &str) -> Vec<(usize, &str, bool)> {
    let mut out = vec![];
    let mut at = 0;
    while let Some(found) = source[at..].find('{') {
        let open = at + found;
        let close = match source[open + 1..].chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            Some('#') => "#}",
            _ => {
                at = open + 1;
                continue;
            }
        };
        let inner = open + 2;
        let Some(len) = source[inner..].find(close) else {
            break;
        };
        if close != "#}" {
            out.push((inner, &source[inner..inner + len], close == "%}"));
        }
        at = inner + len + close.len();
    }
    out
}

/// Each statement tag (`{% … %}`) of `source`: the offset of its inside and
/// its words, without the whitespace control `-` and spaces around them.
fn statements(source: &str) -> impl Iterator<Item = (usize, &str)> {
    tags(source)
        .into_iter()
        .filter(|&(_, _, statement)| statement)
        .map(|(at, inner, _)| {
            (
                at,
                inner.trim_matches(|c: char| c == '-' || c.is_whitespace()),
            )
        })
}

/// How a template is named to the user.
fn shown_in(origins: &HashMap<String, Origin>, name: &str) -> PathBuf {
    origins
        .get(name)
        .map_or_else(|| PathBuf::from(name), |o| o.shown.clone())
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
                    builtin: true,
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
                        builtin: false,
                    },
                );
            }
            Err(d) => diags.push(d),
        }
    }
}

fn site_toml_line(root: &Path, key: &str) -> Option<usize> {
    let text = std::fs::read_to_string(root.join("site.toml")).ok()?;
    crate::config::line_of_key(&text, key)
}

/// `date_zh`: 2026-09-08 → 2026年9月8日; other text as it is, other values
/// as Tera prints them.
fn date_zh_filter(value: &tera::Value, _: Kwargs, _: &State) -> String {
    match value.as_str() {
        Some(s) => date_zh(s),
        None => value.to_string(),
    }
}

fn tel_digits_filter(number: &str, _: Kwargs, _: &State) -> String {
    tel_digits(number)
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
fn escape_xml_filter(text: &str, _: Kwargs, _: &State) -> String {
    escape_xml(text)
}

fn escape_xml(text: &str) -> String {
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_xml_drops_what_xml_forbids() {
        assert_eq!(
            escape_xml("a\u{b}<b>&\u{0}'\u{FFFF}"),
            "a&lt;b&gt;&amp;&apos;"
        );
    }

    /// Loads a site whose `templates/` holds `files` (name, source).
    fn load_site(files: &[(&str, &str)]) -> Result<Templates, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(dir.path().join("templates")).expect("mkdir");
        for (name, source) in files {
            std::fs::write(dir.path().join("templates").join(name), source).expect("write");
        }
        Templates::load(dir.path(), "default")
    }

    /// Loads `source` as the site's `templates/x.html`.
    fn load_with(source: &str) -> Result<Templates, Vec<Diagnostic>> {
        load_site(&[("x.html", source)])
    }

    /// Renders `source` as the site's `templates/x.html` and returns the error.
    fn render_error_of(source: &str) -> Diagnostic {
        let t = load_with(source).unwrap_or_else(|d| panic!("loads: {d:?}"));
        let mut context = tera::Context::new();
        context.insert("page", &serde_json::json!({"title": "标题", "n": 2.5}));
        t.render("x.html", &context).expect_err("fails")
    }

    fn load_error_of(source: &str) -> Diagnostic {
        let mut errors = load_with(source).err().expect("does not load");
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.remove(0)
    }

    #[test]
    fn a_filter_error_names_its_line_and_filter() {
        let d = render_error_of(
            "<p>\n{{ page.title | upper }}\n{{ page.title |round(precision=1) }}\n</p>\n",
        );
        assert_eq!(d.line, Some(3));
        assert_eq!(d.path.as_deref(), Some(Path::new("templates/x.html")));
        assert!(
            matches!(*d.msg, Msg::TemplateFilter { ref filter, .. } if filter == "round"),
            "{:?}",
            d.msg
        );
        assert!(d
            .msg
            .text(crate::messages::Lang::Zh)
            .contains("它拿到的值是文字，但它需要的是数字"));
    }

    #[test]
    fn a_missing_field_is_at_its_line_in_chinese() {
        let d = render_error_of("<p>\n\n{{ page.titel }}</p>\n");
        assert_eq!(d.line, Some(3));
        assert!(matches!(*d.msg, Msg::TemplateRender { .. }), "{:?}", d.msg);
        let zh = d.msg.text(crate::messages::Lang::Zh);
        assert!(
            zh.contains("字段 titel 不存在，是不是要写 title？（这里有的字段：n, title）"),
            "{zh}"
        );
    }

    #[test]
    fn unknown_filters_functions_tests_and_components_fail_when_loading_at_their_line() {
        for (source, word) in [
            ("<p>\n{{ page.title | nosuch }}</p>", "过滤器 nosuch"),
            ("<p>\n{{ nosuch(x=1) }}</p>", "函数 nosuch"),
            (
                "<p>\n{% if page is nosuch %}{% endif %}</p>",
                "测试（is 后面的词） nosuch",
            ),
            ("<p>\n{{ <m.nosuch a=\"1\" /> }}</p>", "组件 m.nosuch"),
        ] {
            let d = load_error_of(source);
            assert_eq!(d.line, Some(2), "{source}");
            assert_eq!(d.path.as_deref(), Some(Path::new("templates/x.html")));
            let zh = d.msg.text(crate::messages::Lang::Zh);
            assert!(zh.contains(word), "{source}: {zh}");
        }
    }

    /// Every kind of Tera 2 words `messages.rs` reads, made by Tera 2 for
    /// real: an upgrade that rewords one fails here, not silently in a
    /// user's message (which would fall back to 原文：…).
    #[test]
    fn the_tera_words_we_read_are_what_tera_2_says() {
        let zh = |d: &Diagnostic| d.msg.text(crate::messages::Lang::Zh);
        for (source, expected) in [
            (
                "{{ pgae.title }}",
                "变量 pgae 不存在，是不是要写 page？（这里能用的变量有：page）",
            ),
            (
                "{{ page.titel }}",
                "字段 titel 不存在，是不是要写 title？（这里有的字段：n, title）",
            ),
            (
                "{{ page.title | round }}",
                "它拿到的值是文字，但它需要的是数字",
            ),
            ("{{ page.n | upper }}", "它拿到的值是数字，但它需要的是文字"),
            (
                "{% component m.x(a) %}{{ a }}{% endcomponent m.x %}{{ <m.x b=\"1\" /> }}",
                "组件不认识参数 b（它能用的参数是：a）",
            ),
            ("{{ page.title | replace(from=\"a\") }}", "缺少参数 to"),
        ] {
            let text = zh(&render_error_of(source));
            assert!(text.contains(expected), "{source}: {text}");
        }
        for (source, expected) in [
            ("{% frobnicate %}", "不认识的标签"),
            ("{% if %}{% endif %}", "，但这里应该是以下之一：integer"),
        ] {
            let text = zh(&load_error_of(source));
            assert!(text.contains(expected), "{source}: {text}");
        }
    }

    #[test]
    fn tera_1_forms_are_named_with_what_to_write() {
        let errors = load_with("{% import \"macros.html\" as m %}\n{{ m::date(iso=page.date) }}")
            .err()
            .expect("refused");
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[1].line, Some(2));
        let zh = errors[1].msg.text(crate::messages::Lang::Zh);
        assert!(zh.contains("m::date(…) 是 Tera 1 模板的写法"), "{zh}");
        assert!(zh.contains("<m.name argument={value} />"), "{zh}");
    }

    #[test]
    fn an_endless_component_stops_and_is_named() {
        let d = render_error_of(
            "<p></p>\n{%- component m.down(n) %}{{ <m.down n={n} /> }}{% endcomponent m.down %}\n{{ <m.down n={1} /> }}",
        );
        assert_eq!(
            *d.msg,
            Msg::TemplateComponentTooDeep {
                name: "m.down".into(),
                limit: MAX_COMPONENT_DEPTH
            }
        );
        assert_eq!(d.line, Some(2));
        assert_eq!(d.path.as_deref(), Some(Path::new("templates/x.html")));
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
        let t = load_site(&[(
            "404.html",
            "{% extends \"base.html\" %}{% block main %}OVERRIDDEN{% endblock %}",
        )])
        .unwrap_or_else(|_| panic!("loads"));
        assert!(t.has("page.html"), "built-in templates are there");
        let origin = &t.origins["404.html"];
        assert_eq!(origin.shown, PathBuf::from("templates/404.html"));
    }

    #[test]
    fn include_cycles_are_found_at_the_include_that_closes_them() {
        let errors = load_site(&[
            ("a.html", "a\n{%- include \"b.html\" -%}"),
            ("b.html", "b\n\n{% include \"a.html\" %}"),
        ])
        .err()
        .expect("a cycle");
        assert_eq!(
            *errors[0].msg,
            Msg::TemplateIncludeCycle {
                cycle: "a.html → b.html → a.html".into()
            }
        );
        assert_eq!(
            errors[0].path.as_deref(),
            Some(Path::new("templates/b.html"))
        );
        assert_eq!(errors[0].line, Some(3));
    }

    #[test]
    fn syntax_error_names_file_and_line() {
        let d = load_error_of("a\nb\n{% if %}\n");
        assert_eq!(d.path.as_deref(), Some(Path::new("templates/x.html")));
        assert_eq!(d.line, Some(3));
        assert!(matches!(*d.msg, Msg::TemplateSyntax { .. }));
    }
}
