//! The Tera 2 side: the ported templates (`templates/`), gongkai's filters
//! ported to Tera 2's signatures, and gongkai's escape function.

/// The ported templates, named as gongkai names the theme's.
const TEMPLATES: [(&str, &str); 7] = [
    ("base.html", include_str!("../templates/base.html")),
    ("document.html", include_str!("../templates/document.html")),
    ("page.html", include_str!("../templates/page.html")),
    (
        "inspection.html",
        include_str!("../templates/inspection.html"),
    ),
    (
        "evaluation.html",
        include_str!("../templates/evaluation.html"),
    ),
    (
        "submission.html",
        include_str!("../templates/submission.html"),
    ),
    ("macros.html", include_str!("../templates/macros.html")),
];

/// The page templates the port covers.
pub const PORTED: [&str; 4] = [
    "page.html",
    "inspection.html",
    "evaluation.html",
    "submission.html",
];

/// Tera 2 with the port loaded, or its error as Tera 2 words it.
pub fn load() -> Result<tera2::Tera, String> {
    load_with(false)
}

/// As [`load`]; `streamed`: escape straight into the output ([`escape_streamed`])
/// rather than through gongkai's `escape_html`, which returns a `String`.
pub fn load_with(streamed: bool) -> Result<tera2::Tera, String> {
    let mut tera = tera2::Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    tera.set_escape_fn(if streamed { escape_streamed } else { escape });
    tera.register_filter("date_zh", date_zh);
    tera.register_filter("tel_digits", tel_digits);
    tera.add_raw_templates(TEMPLATES).map_err(|e| report(&e))?;
    Ok(tera)
}

/// Renders `name` to bytes, as gongkai's `Templates::render` does with Tera 1.
pub fn render(tera: &tera2::Tera, name: &str, context: &tera2::Context) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(32 * 1024);
    tera.render_to(name, context, &mut out)
        .map_err(|e| report(&e))?;
    Ok(out)
}

/// An error and its causes, as a person would read them.
pub fn report(e: &tera2::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join("\n")
}

/// gongkai's escape (`render::context::escape_html`), written to Tera 2's output.
fn escape(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(gongkai::render::context::escape_html(text).as_bytes())
}

/// What a migration would write: gongkai's escape (pulldown-cmark-escape,
/// without the characters a page may not publish, `control.rs`), written
/// to the output as it goes, with no `String` in between.
fn escape_streamed(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use pulldown_cmark_escape::{escape_html, IoWriter};
    if text.chars().all(is_published_char) {
        return escape_html(IoWriter(out), text);
    }
    let kept: String = text.chars().filter(|&c| is_published_char(c)).collect();
    escape_html(IoWriter(out), &kept)
}

/// gongkai's `control::is_published_char` (crate-private there).
fn is_published_char(c: char) -> bool {
    let xml = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..);
    let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    xml && !bidi
}

/// `date_zh` as gongkai's: 2026-09-08 → 2026年9月8日, other text unchanged,
/// other values as Tera 1 prints them.
fn date_zh(value: &tera2::Value, _: tera2::Kwargs, _: &tera2::State) -> String {
    match value.as_str() {
        Some(s) => date_zh_str(s),
        None => value.to_string(),
    }
}

fn date_zh_str(value: &str) -> String {
    use chrono::Datelike as _;
    let date = value.get(..10).unwrap_or(value);
    match chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        Ok(d) => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Err(_) => value.to_string(),
    }
}

/// `tel_digits` as gongkai's (`render::templates::tel_digits`).
fn tel_digits(number: &str, _: tera2::Kwargs, _: &tera2::State) -> String {
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
