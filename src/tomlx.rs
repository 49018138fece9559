//! TOML parsing that turns every error into a [`Diagnostic`] at the right line.
//!
//! Used for `site.toml` and for front matter; the caller says which file the
//! text came from and at which line of that file the text starts. What the
//! fields mean is left to the typed structs that are deserialized here.
//!
//! [`parse_all`] reports every unknown field of a file in one run: serde's
//! `deny_unknown_fields` stops at the first, so each unknown entry is blanked
//! out (spaces, line breaks kept, so later lines stay where they were) and the
//! text read again. Which entry to blank is found by its key's span in a
//! `toml_edit` reading of the same text.

use crate::diagnostics::{line_of_offset, Diagnostic};
use crate::messages::{closest, Msg};
use serde::de::DeserializeOwned;
use std::path::Path;

/// The prefixes of the serde errors `config` raises for a bad rating band
/// `min` and a bad serial width, read back here into a [`Msg`].
pub(crate) const BAD_RATING_MIN: &str = "invalid rating min: ";
pub(crate) const BAD_SERIAL_WIDTH: &str = "invalid serial width: ";
/// The prefix of `config`'s error for a `[suggestions]` limit out of 1..=6.
pub(crate) const BAD_REPLY_MONTHS: &str = "invalid reply months: ";

/// toml 0.9's words for a date or time it cannot read: it has no error kinds,
/// so these are pinned to what it says by `the_toml_words_we_read_are_what_toml_0_9_says`.
const TOML_BAD_DATE_WORDS: [&str; 4] = [
    "invalid date",
    "invalid time",
    "invalid datetime",
    "invalid offset",
];
/// toml 0.9's words for a number it cannot read (`2025.3.5`).
const TOML_BAD_FLOAT: &str = "invalid float";
/// serde 1's words for an unknown and a missing field (`de::Error::unknown_field`,
/// `missing_field`), which toml keeps as they are; pinned by
/// `the_serde_words_we_read_are_what_serde_1_says`.
const SERDE_UNKNOWN_FIELD: &str = "unknown field `";
const SERDE_EXPECTED: &str = "expected";
const SERDE_MISSING_FIELD: &str = "missing field `";

/// Deserializes `text` (which starts at line `first_line` of `path`) into `T`.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    first_line: usize,
    wrap: fn(String) -> Msg,
) -> Result<T, Diagnostic> {
    toml::from_str::<T>(text).map_err(|e| diagnostic(text, &e, path, first_line, wrap))
}

/// As [`parse`], but every unknown field is reported, not only the first.
/// Other errors come once those are fixed: with `titel` blanked out, "missing
/// title" would only repeat the suggestion.
pub fn parse_all<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    first_line: usize,
    wrap: fn(String) -> Msg,
) -> Result<T, Vec<Diagnostic>> {
    let mut text = text.to_string();
    let mut found = Vec::new();
    loop {
        let e = match toml::from_str::<T>(&text) {
            Ok(value) if found.is_empty() => return Ok(value),
            Ok(_) => return Err(by_line(found)),
            Err(e) => e,
        };
        let d = diagnostic(&text, &e, path, first_line, wrap);
        let unknown = matches!(*d.msg, Msg::UnknownKey { .. });
        if !unknown && !found.is_empty() {
            return Err(by_line(found));
        }
        found.push(d);
        // Each round blanks one entry, so this ends; the span must find one.
        match e
            .span()
            .filter(|_| unknown)
            .and_then(|s| blank_entry(&text, &s))
        {
            Some(blanked) => text = blanked,
            None => return Err(by_line(found)),
        }
    }
}

/// In the order of the file (serde meets fields in its own order).
fn by_line(mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    found.sort_by_key(|d| d.line);
    found
}

/// `text` with the `key = value` entry whose key is at `key_span` replaced by
/// spaces (line breaks kept); None when no such entry is found.
fn blank_entry(text: &str, key_span: &std::ops::Range<usize>) -> Option<String> {
    let doc = toml_edit::Document::parse(text).ok()?;
    let range = entry_in_table(doc.as_table(), key_span)?;
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let inside = range.contains(&i) && c != '\n' && c != '\r';
        if inside {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// The span from a key to the end of its value, searching `table` and the
/// tables under it.
fn entry_in_table(
    table: &toml_edit::Table,
    key_span: &std::ops::Range<usize>,
) -> Option<std::ops::Range<usize>> {
    if let Some(r) = entry_in_values(table.get_values(), key_span) {
        return Some(r);
    }
    table.iter().find_map(|(_, item)| match item {
        toml_edit::Item::Table(t) => entry_in_table(t, key_span),
        toml_edit::Item::ArrayOfTables(a) => a.iter().find_map(|t| entry_in_table(t, key_span)),
        _ => None,
    })
}

fn entry_in_values(
    values: Vec<(Vec<&toml_edit::Key>, &toml_edit::Value)>,
    key_span: &std::ops::Range<usize>,
) -> Option<std::ops::Range<usize>> {
    values.into_iter().find_map(|(keys, value)| {
        if keys.iter().any(|k| k.span().as_ref() == Some(key_span)) {
            return Some(keys.first()?.span()?.start..value.span()?.end);
        }
        match value {
            toml_edit::Value::InlineTable(t) => entry_in_values(t.get_values(), key_span),
            toml_edit::Value::Array(a) => a.iter().find_map(|v| match v {
                toml_edit::Value::InlineTable(t) => entry_in_values(t.get_values(), key_span),
                _ => None,
            }),
            _ => None,
        }
    })
}

/// The diagnostic for a failed read of `text`, at its line of `path`.
fn diagnostic(
    text: &str,
    e: &toml::de::Error,
    path: &Path,
    first_line: usize,
    wrap: fn(String) -> Msg,
) -> Diagnostic {
    {
        let line = e
            .span()
            .map(|span| first_line + line_of_offset(text, span.start) - 1)
            .unwrap_or(first_line);
        let msg = match e.span() {
            // The TOML reader itself rejects dates like 2026-13-45: say it as a date problem.
            Some(span) if is_date_syntax_error(e.message(), &token_at(text, span.start)) => {
                Msg::BadDate {
                    value: token_at(text, span.start),
                }
            }
            _ => message_for(e.message(), wrap),
        };
        Diagnostic::error(msg).at(path, Some(line))
    }
}

fn is_date_syntax_error(message: &str, token: &str) -> bool {
    // Our own date check (`DateValue`) words its message differently and carries the value.
    if message.starts_with(crate::dates::BAD_DATE) {
        return false;
    }
    // `2025.3.5`: TOML reads a number with two dots as a broken float; no
    // number has two dots, so it can only be a date written with dots.
    if message.contains(TOML_BAD_FLOAT) && looks_like_dotted_date(token) {
        return true;
    }
    TOML_BAD_DATE_WORDS.iter().any(|m| message.contains(m))
}

/// Digits in three or more groups joined by dots, like `2025.3.5`.
fn looks_like_dotted_date(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The word at `offset`: from the start of the value to the next space, comma or bracket.
fn token_at(text: &str, offset: usize) -> String {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let value = line.split_once('=').map_or(line, |(_, v)| v).trim();
    value
        .split(|c: char| c.is_whitespace() || c == ',' || c == '}' || c == ']' || c == '#')
        .next()
        .unwrap_or(value)
        .to_string()
}

/// Maps serde's wording of the common mistakes to our own messages.
fn message_for(detail: &str, wrap: fn(String) -> Msg) -> Msg {
    if let Some(value) = between(detail, crate::dates::BAD_DATE, "\n")
        .or_else(|| detail.strip_prefix(crate::dates::BAD_DATE))
    {
        return Msg::BadDate {
            value: value.trim().trim_matches('`').to_string(),
        };
    }
    if let Some(rest) = detail.split_once(crate::dates::BAD_YEAR).map(|(_, r)| r) {
        let mut words = rest.splitn(3, ' ');
        let mut year = || {
            words
                .next()
                .and_then(|w| w.parse().ok())
                .unwrap_or_default()
        };
        let (min, max) = (year(), year());
        return Msg::DateYearOutOfRange {
            value: between(rest, "`", "`").unwrap_or_default().to_string(),
            min,
            max,
        };
    }
    if let Some(value) =
        between(detail, BAD_RATING_MIN, "\n").or_else(|| detail.strip_prefix(BAD_RATING_MIN))
    {
        return Msg::RatingMinInvalid {
            value: value.trim().trim_matches('`').to_string(),
        };
    }
    if let Some(value) =
        between(detail, BAD_SERIAL_WIDTH, "\n").or_else(|| detail.strip_prefix(BAD_SERIAL_WIDTH))
    {
        return Msg::SerialWidthInvalid {
            value: value.trim().trim_matches('`').to_string(),
        };
    }
    if let Some(value) =
        between(detail, BAD_REPLY_MONTHS, "\n").or_else(|| detail.strip_prefix(BAD_REPLY_MONTHS))
    {
        return Msg::ReplyMonthsInvalid {
            value: value.trim().trim_matches('`').to_string(),
        };
    }
    if let Some(key) = between(detail, SERDE_UNKNOWN_FIELD, "`") {
        let expected: Vec<&str> = detail
            .split_once(SERDE_EXPECTED)
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        return Msg::UnknownKey {
            key: key.to_string(),
            suggestion: closest(key, &expected).map(str::to_string),
        };
    }
    if let Some(field) = between(detail, SERDE_MISSING_FIELD, "`") {
        if field == "title" {
            return Msg::MissingTitle;
        }
        return Msg::MissingField {
            field: field.to_string(),
        };
    }
    wrap(detail.trim().to_string())
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// A TOML value as JSON for templates: dates become ISO strings.
pub fn to_json(value: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => J::from(*f),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Demo {
        title: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn err(text: &str) -> Diagnostic {
        parse::<Demo>(text, Path::new("x.md"), 2, |d| Msg::FrontMatterToml {
            detail: d,
        })
        .expect_err("should fail")
    }

    #[test]
    fn unknown_key_suggests_and_names_line() {
        let d = err("title = \"a\"\ntagz = []\n");
        assert_eq!(d.line, Some(3));
        assert_eq!(
            *d.msg,
            Msg::UnknownKey {
                key: "tagz".into(),
                suggestion: Some("tags".into())
            }
        );
    }

    #[test]
    fn impossible_toml_date_is_a_date_message() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct D {
            date: crate::content::kinds::DateValue,
        }
        let d = parse::<D>("\ndate = 2026-13-45\n", Path::new("x.md"), 2, |d| {
            Msg::FrontMatterToml { detail: d }
        })
        .expect_err("bad date");
        assert_eq!(
            *d.msg,
            Msg::BadDate {
                value: "2026-13-45".into()
            }
        );
        assert_eq!(d.line, Some(3));
    }

    #[test]
    fn a_date_with_dots_is_a_date_message_a_number_is_not() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct D {
            date: crate::content::kinds::DateValue,
        }
        let parse_date = |text: &str| {
            parse::<D>(text, Path::new("x.md"), 2, |d| Msg::FrontMatterToml {
                detail: d,
            })
            .expect_err("bad date")
        };
        let d = parse_date("date = 2025.3.5 # typo\n");
        assert_eq!(
            *d.msg,
            Msg::BadDate {
                value: "2025.3.5".into()
            }
        );
        assert_eq!(d.line, Some(2));
        assert!(!looks_like_dotted_date("1.5e3"));
        assert!(!looks_like_dotted_date("1..2"));
        assert!(looks_like_dotted_date("2025.03.05"));
    }

    #[test]
    fn every_unknown_field_is_reported_in_one_run_at_its_line() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Inner {
            a: i64,
        }
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Outer {
            title: String,
            inner: Inner,
            rows: Vec<Inner>,
        }
        let text = "title = \"t\"\ntitel = \"\"\"x\ny\"\"\"\nfoo.bar = 1\n[inner]\na = 1\nb = [1,\n 2]\n[[rows]]\na = 1\nc = { d = 1 }\n";
        let found = parse_all::<Outer>(text, Path::new("x.md"), 2, |d| Msg::FrontMatterToml {
            detail: d,
        })
        .expect_err("unknown fields");
        let keys: Vec<(String, Option<usize>)> = found
            .iter()
            .map(|d| match &*d.msg {
                Msg::UnknownKey { key, .. } => (key.clone(), d.line),
                other => (format!("{other:?}"), d.line),
            })
            .collect();
        assert_eq!(
            keys,
            [
                ("titel".to_string(), Some(3)),
                ("foo".to_string(), Some(5)),
                ("b".to_string(), Some(8)),
                ("c".to_string(), Some(12)),
            ]
        );
    }

    #[test]
    fn after_the_unknown_fields_other_errors_wait() {
        let found = parse_all::<Demo>("tagz = 1\ntags = []\n", Path::new("x.md"), 1, |d| {
            Msg::FrontMatterToml { detail: d }
        })
        .expect_err("errors");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(matches!(*found[0].msg, Msg::UnknownKey { .. }));
    }

    #[test]
    fn missing_title_is_its_own_message() {
        assert_eq!(*err("tags = []\n").msg, Msg::MissingTitle);
    }

    #[test]
    fn syntax_error_line_is_in_file_coordinates() {
        let d = err("title = \"a\"\n\ntags = [\n");
        assert!(matches!(*d.msg, Msg::FrontMatterToml { .. }));
        assert!(d.line.unwrap_or(0) >= 4, "{:?}", d.line);
    }

    /// What toml 0.9.12 says, for real, for the mistakes this module and
    /// `messages::translate_detail` recognise by its words: (input, message).
    const TOML_SAYS: &[(&str, &str)] = &[
        (
            "title = 春节",
            "string values must be quoted, expected literal string",
        ),
        ("title = \"abc\n", "invalid basic string, expected `\"`"),
        ("title = 'abc\n", "invalid literal string, expected `'`"),
        ("tags = [1, 2\n", "unclosed array, expected `]`"),
        ("[inner\na = 1\n", "unclosed table, expected `]`"),
        ("a = 1\na = 2\n", "duplicate key"),
        (
            "a = 1 b = 2\n",
            "unexpected key or value, expected newline, `#`",
        ),
        ("a\n", "key with no value, expected `=`"),
        (
            "键 = 1\n",
            "invalid unquoted key, expected letters, numbers, `-`, `_`",
        ),
        ("a = { b = 1\n", "unclosed inline table, expected `}`"),
        ("a = {,}\n", "extra comma in inline table, expected key"),
        (
            "a = \"C:\\文件\"\n",
            "missing escaped value, expected `b`, `e`, `f`, `n`, `r`, `\\`, `\"`, `x`, `u`, `U`",
        ),
        (
            "d = 2026-13-45\n",
            "invalid date, expected month between 01 and 12",
        ),
        (
            "d = 2026-01-32\n",
            "invalid date, expected day between 01 and 31",
        ),
        ("d = 2025.3.5\n", "invalid float, expected nothing"),
        (
            "d = 2026-01-01T25:00:00\n",
            "invalid time, expected hour between 00 and 23",
        ),
        (
            "d = 10:61:00\n",
            "invalid time, expected minute between 00 and 59",
        ),
        (
            "d = 2026-01-01T10:00:00+25:00\n",
            "invalid offset, expected hours between 00 and 23",
        ),
        ("d = 2026-01-01T10:00:00Zx\n", "invalid datetime"),
        (
            "d = 2026-01-01x\n",
            "invalid date-time, expected `T` between date and time",
        ),
    ];

    /// toml has no error kinds, so its words are what this crate reads:
    /// each is pinned here to toml 0.9.12 (Cargo.lock), and every word read
    /// must be in one of its messages. An upgrade that rewords one fails this
    /// test instead of silently turning a Chinese message into 「原文：…」.
    #[test]
    fn the_toml_words_we_read_are_what_toml_0_9_says() {
        for (input, said) in TOML_SAYS {
            let e = toml::from_str::<toml::Table>(input).expect_err(input);
            assert_eq!(e.message(), *said, "{input:?}");
        }
        let nesting = format!("a = {}1{}", "[".repeat(200), "]".repeat(200));
        let e = toml::from_str::<toml::Table>(&nesting).expect_err("too deep");
        assert_eq!(
            e.message(),
            "cannot recurse further; max recursion depth met"
        );
        let read = TOML_BAD_DATE_WORDS
            .iter()
            .chain([&TOML_BAD_FLOAT])
            .chain(crate::messages::TOML_WORDS.iter().map(|(en, _)| en));
        for word in read {
            let said = TOML_SAYS.iter().map(|(_, said)| *said).chain([e.message()]);
            assert!(
                said.clone().any(|s| s.contains(word)),
                "no toml error says {word:?} any more"
            );
        }
    }

    /// toml 0.9 rewords two mistakes older versions called "invalid key" and
    /// "invalid inline table": they are said in Chinese all the same.
    #[test]
    fn a_chinese_key_and_a_broken_inline_table_are_said_in_chinese() {
        for text in ["键 = 1\n", "a = { b = 1\n", "a = {,}\n"] {
            let said = err(text).msg.text(crate::messages::Lang::Zh);
            assert!(!said.contains("原文"), "{text:?}: {said}");
        }
    }

    /// serde 1.0.229's words (Cargo.lock), which toml passes on as they are:
    /// unknown and missing fields (read by [`message_for`]) and wrong types
    /// (read by `messages::translate_detail`).
    #[test]
    fn the_serde_words_we_read_are_what_serde_1_says() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Fields {
            title: String,
            draft: Option<bool>,
            n: Option<u32>,
            tags: Option<Vec<String>>,
            extra: Option<toml::Table>,
        }
        let says = |text: &str| {
            toml::from_str::<Fields>(text)
                .expect_err(text)
                .message()
                .to_string()
        };
        let cases = [
            (
                "titel = 1",
                "unknown field `titel`, expected one of `title`, `draft`, `n`, `tags`, `extra`",
            ),
            ("draft = true", "missing field `title`"),
            ("title = 3", "invalid type: integer `3`, expected a string"),
            (
                "title = true",
                "invalid type: boolean `true`, expected a string",
            ),
            (
                "title = 1.5",
                "invalid type: floating point `1.5`, expected a string",
            ),
            ("title = [1]", "invalid type: sequence, expected a string"),
            ("title = { a = 1 }", "invalid type: map, expected a string"),
            (
                "title = 'x'\ndraft = '否'",
                "invalid type: string \"否\", expected a boolean",
            ),
            (
                "title = 'x'\nn = 1.5",
                "invalid type: floating point `1.5`, expected u32",
            ),
            (
                "title = 'x'\ntags = 'a'",
                "invalid type: string \"a\", expected a sequence",
            ),
            (
                "title = 'x'\nextra = []",
                "invalid type: sequence, expected a map",
            ),
        ];
        for (text, said) in cases {
            assert_eq!(says(text), said, "{text:?}");
        }
        assert!(cases[0].1.starts_with(SERDE_UNKNOWN_FIELD) && cases[0].1.contains(SERDE_EXPECTED));
        assert!(cases[1].1.starts_with(SERDE_MISSING_FIELD));
        assert_eq!(
            *err("titel = \"a\"\n").msg,
            Msg::UnknownKey {
                key: "titel".into(),
                suggestion: Some("title".into())
            }
        );
        // Each wrong type is said in Chinese, none left as 「原文」.
        for (_, said) in &cases[2..] {
            let zh = crate::messages::translate_detail(said, crate::messages::Lang::Zh);
            assert!(
                zh.starts_with("类型不对：") && !zh.contains("a "),
                "{said} → {zh}"
            );
        }
    }

    /// Our own errors (`dates::BAD_DATE`, `BAD_YEAR`, the rating and serial
    /// checks) reach [`message_for`] through toml word for word.
    #[test]
    fn toml_passes_our_own_error_words_on_as_they_are() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct D {
            date: crate::content::kinds::DateValue,
        }
        let e = toml::from_str::<D>("date = \"2026-02-30\"").expect_err("bad date");
        assert_eq!(e.message(), "invalid date: `2026-02-30`");
        let e = crate::content::kinds::with_years(2000..=2030, || {
            toml::from_str::<D>("date = 1999-01-01").expect_err("early")
        });
        assert_eq!(e.message(), "year out of range: 2000 2030 `1999-01-01`");
    }

    #[test]
    fn dates_become_iso_strings() {
        let v: toml::Table = toml::from_str("d = 2026-09-08").expect("toml");
        assert_eq!(to_json(&v["d"]), serde_json::json!("2026-09-08"));
    }
}
