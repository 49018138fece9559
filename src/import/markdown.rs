//! Writes the page of an imported document: finds its title, its 落款
//! (the signing office and date at the end), author and source lines, and
//! turns the blocks into Markdown that reads like the Word document.
//!
//! Headings come from Word's heading styles and from the Chinese numbering
//! at the start of a short paragraph (`一、` makes `##`, `（一）` makes
//! `###`, `1.` makes `####`, each at most one level below the heading
//! before it); paragraphs lose their leading indentation;
//! empty ones are dropped. Tables are Markdown tables, or HTML tables
//! (keeping `colspan` and `rowspan`) when cells are merged. Text is escaped
//! so that nothing in it is read as Markdown.
//!
//! Left to others: reading the file (`docx`), the front matter and where
//! the page goes (`mod`).

use super::docx::{Block, Docx, Format, Inline, Merge, Para, Role, Row};
use chrono::NaiveDate;
use std::fmt::Write as _;

/// What the document says about itself, and its body in Markdown.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub title: Option<String>,
    /// The 落款 date and the text it was read from.
    pub signed: Option<(NaiveDate, String)>,
    pub author: Option<String>,
    pub source: Option<String>,
    pub body: String,
}

/// The comment written before the text of a text box or shape.
const TEXT_BOX_NOTE: &str =
    "<!-- 以下文字在 Word 文档的文本框（或图形）里，请核对它放在这里是否合适 -->";

/// What the Markdown renderer puts around a table (`markdown::walk`), so an
/// HTML table scrolls on a phone as a Markdown one does.
const TABLE_WRAP: &str =
    "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\">\n";

/// A centred or right-aligned line at most this long keeps its alignment.
const ALIGNED_LINE: usize = 40;

/// A paragraph shorter than this (in characters) that starts with Chinese
/// numbering is a heading.
const SHORT: usize = 30;

pub(crate) fn page(doc: &Docx) -> Page {
    let mut blocks = without_empty(doc.blocks.clone());
    let mut page = Page::default();
    take_title(doc, &mut blocks, &mut page);
    read_signature(&blocks, &mut page);
    read_bylines(&blocks, &mut page);
    let mut out = String::new();
    write_blocks(&blocks, &mut out);
    let mut out = no_skipped_levels(&out);
    for note in &doc.notes {
        let mut text = Vec::new();
        for b in without_empty(note.blocks.clone()) {
            match b {
                Block::Para(p) => text.push(inline_md(&p.inlines, Ctx::Note)),
                other => {
                    let mut s = String::new();
                    write_blocks(&[other], &mut s);
                    text.push(s.trim().replace('\n', " "));
                }
            }
        }
        let _ = writeln!(out, "[^{}]: {}\n", note.label, text.join(" "));
    }
    page.body = out.trim_end().to_string() + "\n";
    page
}

fn has_content(p: &Para) -> bool {
    !p.text().trim().is_empty() || has_object(&p.inlines)
}

fn has_object(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| match i {
        Inline::Image { .. } | Inline::NoteRef(_) => true,
        Inline::Link(_, inner) => has_object(inner),
        _ => false,
    })
}

/// Empty paragraphs (and text boxes left empty) removed.
fn without_empty(blocks: Vec<Block>) -> Vec<Block> {
    blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Para(p) => has_content(&p).then_some(Block::Para(p)),
            Block::TextBox(inner) => {
                let inner = without_empty(inner);
                (!inner.is_empty()).then_some(Block::TextBox(inner))
            }
            table => Some(table),
        })
        .collect()
}

/// Whitespace removed between Chinese characters (`视 察 报 告`), runs of
/// whitespace made one space, line breaks included.
pub(crate) fn tidy(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let before = start.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i).copied();
            let cjk = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
            if before.is_some() && after.is_some() && !(cjk(before) && cjk(after)) {
                out.push(' ');
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn all_bold(p: &Para) -> bool {
    fn walk(inlines: &[Inline], any: &mut bool) -> bool {
        inlines.iter().all(|i| match i {
            Inline::Text(t, f) => {
                if t.trim().is_empty() {
                    return true;
                }
                *any = true;
                f.bold
            }
            Inline::Link(_, inner) => walk(inner, any),
            _ => true,
        })
    }
    let mut any = false;
    walk(&p.inlines, &mut any) && any
}

/// The title: the Title property, else Title-styled paragraphs at the top,
/// else a first centred or bold short line. A paragraph taken as the title
/// leaves the body (the page shows the title above it).
fn take_title(doc: &Docx, blocks: &mut Vec<Block>, page: &mut Page) {
    let first_text = match blocks.first() {
        Some(Block::Para(p)) => Some(tidy(&p.text())),
        _ => None,
    };
    if let Some(title) = &doc.title {
        let title = tidy(title);
        if first_text.as_deref() == Some(title.as_str()) {
            blocks.remove(0);
        }
        page.title = Some(title);
        return;
    }
    let titled: usize = blocks
        .iter()
        .take_while(|b| matches!(b, Block::Para(p) if p.role == Role::Title))
        .count();
    if titled > 0 {
        let parts: Vec<String> = blocks
            .drain(..titled)
            .filter_map(|b| match b {
                Block::Para(p) => Some(tidy(&p.text())),
                _ => None,
            })
            .collect();
        page.title = Some(parts.join(""));
        return;
    }
    if let Some(Block::Para(p)) = blocks.first() {
        let text = tidy(&p.text());
        let short = text.chars().count() <= 60 && !text.ends_with('。');
        let looks = p.centred || all_bold(p) || matches!(p.role, Role::Heading(1));
        // `一、基本情况` in Heading 1 starts the body: it is no title.
        let numbered = p.number.is_some() || numbered_heading(&text).is_some();
        if short && looks && !numbered && !text.is_empty() {
            page.title = Some(text);
            blocks.remove(0);
        }
    }
}

/// The 落款 among the last paragraphs: a line that is only a date, and the
/// short line just before it (the signing office) as the author.
fn read_signature(blocks: &[Block], page: &mut Page) {
    let paras: Vec<&Para> = blocks
        .iter()
        .rev()
        .take(4)
        .filter_map(|b| match b {
            Block::Para(p) => Some(p),
            _ => None,
        })
        .collect();
    for (i, p) in paras.iter().enumerate() {
        let text = tidy(&p.text());
        if let Some(date) = signed_date(&text) {
            page.signed = Some((date, text));
            if let Some(before) = paras.get(i + 1) {
                let name = tidy(&before.text());
                let plain_name = !name.is_empty()
                    && name.chars().count() <= 20
                    && signed_date(&name).is_none()
                    && !name.contains(['。', '，', '；', '：', ',', ';', ':', '！', '？']);
                if plain_name {
                    page.author = Some(name);
                }
            }
            return;
        }
    }
}

/// `作者：…`, `撰稿：…` and `来源：…` lines near the top or the end.
fn read_bylines(blocks: &[Block], page: &mut Page) {
    let paras: Vec<&Para> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => Some(p),
            _ => None,
        })
        .collect();
    let near = paras.iter().take(5).chain(paras.iter().rev().take(5));
    for p in near {
        let text = tidy(&p.text());
        for (keys, slot) in [
            (&["作者", "撰稿", "撰稿人", "供稿"][..], &mut page.author),
            (&["来源", "文章来源", "信息来源"][..], &mut page.source),
        ] {
            for key in keys {
                let value = text
                    .strip_prefix(key)
                    .and_then(|r| r.strip_prefix(['：', ':']))
                    .map(str::trim);
                if let Some(v) = value.filter(|v| !v.is_empty() && v.chars().count() <= 40) {
                    *slot = Some(v.to_string());
                }
            }
        }
    }
}

fn small_chinese(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

fn number_part(s: &str, chinese_digits: bool) -> Option<u32> {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    if chinese_digits {
        let mut n = 0;
        for c in s.chars() {
            let d = "〇一二三四五六七八九"
                .chars()
                .position(|d| d == c)
                .or_else(|| matches!(c, '零' | '○' | 'О' | 'O' | 'o' | '0').then_some(0))?;
            n = n * 10 + d as u32;
        }
        return (!s.is_empty()).then_some(n);
    }
    small_chinese(s)
}

/// A line that is only a date: 二〇二六年十一月二十八日, 2026年11月28日
/// (full-width digits, spaces and brackets around allowed).
pub(crate) fn signed_date(text: &str) -> Option<NaiveDate> {
    let text: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    let text = text
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    let (year, rest) = text.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest
        .strip_suffix('日')
        .or_else(|| rest.strip_suffix('号'))?;
    if year.chars().count() != 4 {
        return None;
    }
    let year = number_part(year, true)?;
    let month = number_part(month, false)?;
    let day = number_part(day, false)?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// The heading level of a short body paragraph that starts with Chinese
/// numbering: 一、 → 2, （一） → 3, 1. / 1、 → 4.
fn numbered_heading(text: &str) -> Option<u8> {
    let text = text.trim();
    let count = text.chars().count();
    let body = text.trim_end_matches(['。', '：', ':']);
    if count > SHORT || body.contains(['。', '；', ';']) {
        return None;
    }
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let mut chars = text.chars().peekable();
    let first = *chars.peek()?;
    if numeral(first) {
        let rest: String = chars.skip_while(|c| numeral(*c)).collect();
        return (rest.starts_with('、') && rest.chars().count() > 1).then_some(2);
    }
    if first == '（' || first == '(' {
        chars.next();
        let rest: String = chars.skip_while(|c| numeral(*c)).collect();
        let len = text.chars().count() - rest.chars().count();
        return (len > 1 && rest.starts_with(['）', ')']) && rest.chars().count() > 1).then_some(3);
    }
    if first.is_ascii_digit() {
        let rest: String = chars.skip_while(char::is_ascii_digit).collect();
        let mut r = rest.chars();
        let mark = r.next()?;
        let next = r.next()?;
        return (matches!(mark, '.' | '．' | '、') && !next.is_ascii_digit()).then_some(4);
    }
    None
}

/// Where inline Markdown goes: a paragraph, a heading (no emphasis), a
/// Markdown table cell, a footnote (one line).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Para,
    Heading,
    Cell,
    Note,
}

/// Escapes text so Markdown reads none of it as markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A line that would start a list, a heading or a rule: its first mark escaped.
fn escape_line_start(line: &str) -> String {
    let trimmed = line.trim_start();
    let mut chars = trimmed.char_indices();
    match chars.next() {
        Some((_, '-' | '+' | '=')) => format!("\\{trimmed}"),
        Some((_, c)) if c.is_ascii_digit() => {
            let end = trimmed
                .char_indices()
                .find(|(_, c)| !c.is_ascii_digit())
                .map_or(trimmed.len(), |(i, _)| i);
            match trimmed[end..].chars().next() {
                Some('.' | ')') => format!("{}\\{}", &trimmed[..end], &trimmed[end..]),
                _ => trimmed.to_string(),
            }
        }
        _ => trimmed.to_string(),
    }
}

fn encode_url(url: &str) -> String {
    url.trim()
        .replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('<', "%3C")
        .replace('>', "%3E")
}

/// Inline Markdown of runs: emphasis opened and closed where it changes
/// (whitespace kept outside the marks), links, images, note references.
fn inline_md(inlines: &[Inline], ctx: Ctx) -> String {
    let mut out = String::new();
    let mut open: Vec<&'static str> = Vec::new();
    write_inlines(inlines, ctx, &mut out, &mut open);
    close_all(&mut out, &mut open);
    let text = out.trim().to_string();
    match ctx {
        Ctx::Para | Ctx::Note => text
            .split('\n')
            .map(escape_line_start)
            .collect::<Vec<_>>()
            .join("\n"),
        Ctx::Heading | Ctx::Cell => text,
    }
}

const MARKS: [(&str, &str, &str); 3] = [("b", "**", "**"), ("i", "*", "*"), ("u", "<u>", "</u>")];

fn wanted(f: Format, ctx: Ctx) -> Vec<&'static str> {
    if ctx == Ctx::Heading {
        return Vec::new();
    }
    let mut w = Vec::new();
    if f.bold {
        w.push("b");
    }
    if f.italic {
        w.push("i");
    }
    if f.underline {
        w.push("u");
    }
    w
}

fn mark(name: &str, opening: bool) -> &'static str {
    MARKS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or("", |(_, o, c)| if opening { o } else { c })
}

/// Closes the marks from the top, keeping trailing whitespace after them.
fn close_to(out: &mut String, open: &mut Vec<&'static str>, keep: usize) {
    if open.len() <= keep {
        return;
    }
    let trimmed_len = out.trim_end().len();
    let tail = out[trimmed_len..].to_string();
    out.truncate(trimmed_len);
    while open.len() > keep {
        if let Some(m) = open.pop() {
            out.push_str(mark(m, false));
        }
    }
    out.push_str(&tail);
}

fn close_all(out: &mut String, open: &mut Vec<&'static str>) {
    close_to(out, open, 0);
}

fn write_inlines(inlines: &[Inline], ctx: Ctx, out: &mut String, open: &mut Vec<&'static str>) {
    for i in inlines {
        match i {
            Inline::Text(t, f) => {
                if t.is_empty() {
                    continue;
                }
                let want = if t.trim().is_empty() {
                    open.clone()
                } else {
                    wanted(*f, ctx)
                };
                // Keep the open marks still wanted, in order; close the rest.
                let keep = open.iter().take_while(|m| want.contains(m)).count();
                close_to(out, open, keep);
                let lead_len = t.len() - t.trim_start().len();
                out.push_str(&escape(&t[..lead_len]));
                for m in want {
                    if !open.contains(&m) {
                        out.push_str(mark(m, true));
                        open.push(m);
                    }
                }
                out.push_str(&escape(&t[lead_len..]));
            }
            Inline::Break => {
                close_all(out, open);
                match ctx {
                    Ctx::Para => out.push_str("\\\n"),
                    Ctx::Cell => out.push_str("<br>"),
                    Ctx::Heading | Ctx::Note => out.push(' '),
                }
            }
            Inline::Link(href, inner) => {
                close_all(out, open);
                let mut text = String::new();
                let mut inner_open = Vec::new();
                // A link is underlined by the page's style, as by Word's.
                let inner = without(inner, |f| f.underline = false);
                write_inlines(&inner, ctx, &mut text, &mut inner_open);
                close_all(&mut text, &mut inner_open);
                let text = text.trim();
                if text.is_empty() {
                    let _ = write!(out, "<{}>", encode_url(href));
                } else {
                    let _ = write!(out, "[{text}]({})", encode_url(href));
                }
            }
            Inline::Image { file, alt } => {
                close_all(out, open);
                let _ = write!(out, "![{}]({})", escape(alt), encode_url(file));
            }
            Inline::NoteRef(label) => {
                close_all(out, open);
                let _ = write!(out, "[^{label}]");
            }
        }
    }
}

/// The inlines with a format taken off (a link's underline, a header cell's bold).
fn without(inlines: &[Inline], off: impl Fn(&mut Format) + Copy) -> Vec<Inline> {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t, f) => {
                let mut f = *f;
                off(&mut f);
                Inline::Text(t.clone(), f)
            }
            Inline::Link(h, inner) => Inline::Link(h.clone(), without(inner, off)),
            other => other.clone(),
        })
        .collect()
}

/// Headings one level deeper at most than the one before (the title is
/// the page's `h1`): `1.` right under `一、` is `###`, not `####`, so a
/// screen reader's outline has no gap. Every line that starts with `#` is a
/// heading here: text that does is escaped.
fn no_skipped_levels(body: &str) -> String {
    let mut last = 1;
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        let marks = line.chars().take_while(|c| *c == '#').count();
        if marks > 0 && line[marks..].starts_with(' ') {
            let level = marks.min(last + 1);
            last = level;
            out.push_str(&"#".repeat(level));
            out.push_str(&line[marks..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

fn heading(level: u8, p: &Para, out: &mut String) {
    let mut text = p.number.clone().map(|n| escape(&n)).unwrap_or_default();
    text.push_str(&inline_md(&p.inlines, Ctx::Heading));
    let text = tidy(&text);
    let _ = writeln!(
        out,
        "{} {}\n",
        "#".repeat(usize::from(level.clamp(2, 6))),
        text
    );
}

fn write_blocks(blocks: &[Block], out: &mut String) {
    let mut list: Vec<(u8, usize)> = Vec::new();
    for b in blocks {
        let in_list = matches!(
            b,
            Block::Para(Para {
                role: Role::List { .. },
                ..
            })
        );
        if !in_list && !list.is_empty() {
            list.clear();
            out.push('\n');
        }
        match b {
            Block::Para(p) => match p.role {
                Role::Heading(n) => heading(n.saturating_add(1), p, out),
                Role::List {
                    level,
                    ordered,
                    start,
                } => {
                    while list.last().is_some_and(|(l, _)| *l >= level) {
                        list.pop();
                    }
                    let indent: usize = list.iter().map(|(_, w)| w).sum();
                    let marker = if ordered {
                        format!("{start}. ")
                    } else {
                        "- ".to_string()
                    };
                    let text = inline_md(&p.inlines, Ctx::Para)
                        .replace('\n', &format!("\n{}", " ".repeat(indent + marker.len())));
                    let _ = writeln!(out, "{}{marker}{text}", " ".repeat(indent));
                    list.push((level, marker.chars().count()));
                }
                Role::Body | Role::Title => {
                    let mut text = String::new();
                    if let Some(n) = &p.number {
                        text.push_str(&escape(n));
                    }
                    text.push_str(&inline_md(&p.inlines, Ctx::Para));
                    let text = escape_line_start(&text);
                    match numbered_heading(&tidy(&p.text())) {
                        Some(level) if !text.contains('\n') => {
                            heading(level, p, out);
                        }
                        None if aligned(p).is_some() => {
                            let mut html = p.number.as_deref().map(html_escape).unwrap_or_default();
                            inline_html(&p.inlines, &mut html);
                            let align = aligned(p).unwrap_or_default();
                            let _ = writeln!(out, "<p align=\"{align}\">{}</p>\n", html.trim());
                        }
                        _ => {
                            let _ = writeln!(out, "{text}\n");
                        }
                    }
                }
            },
            Block::Table(rows) => table(rows, out),
            Block::TextBox(inner) => {
                let _ = writeln!(out, "{TEXT_BOX_NOTE}\n");
                write_blocks(inner, out);
            }
        }
    }
    if !list.is_empty() {
        out.push('\n');
    }
}

/// A short line Word centres (a caption) or sets right (the 落款): kept
/// so, as `<p align>`, when it holds text only.
fn aligned(p: &Para) -> Option<&'static str> {
    let text = p.text();
    let short = text.trim().chars().count() <= ALIGNED_LINE && !text.contains('\n');
    if !short || has_object(&p.inlines) {
        return None;
    }
    if p.right {
        Some("right")
    } else if p.centred {
        Some("center")
    } else {
        None
    }
}

fn merged(rows: &[Row]) -> bool {
    rows.iter()
        .flat_map(|r| &r.cells)
        .any(|c| c.colspan > 1 || c.merge != Merge::None)
}

fn cell_md(c: &super::docx::Cell) -> String {
    let parts: Vec<String> = c
        .paras
        .iter()
        .filter(|p| has_content(p))
        .map(|p| {
            let mut t = p.number.clone().map(|n| escape(&n)).unwrap_or_default();
            t.push_str(&inline_md(&p.inlines, Ctx::Cell));
            t
        })
        .collect();
    parts.join("<br>")
}

fn table(rows: &[Row], out: &mut String) {
    if rows.is_empty() {
        return;
    }
    if merged(rows) {
        html_table(rows, out);
        return;
    }
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0).max(1);
    for (i, row) in rows.iter().enumerate() {
        let mut cells: Vec<String> = row.cells.iter().map(cell_md).collect();
        cells.resize(width, String::new());
        let _ = writeln!(out, "| {} |", cells.join(" | "));
        if i == 0 {
            let _ = writeln!(out, "|{}", " --- |".repeat(width));
        }
    }
    out.push('\n');
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn inline_html(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text(t, f) => {
                let mut s = html_escape(t);
                if f.underline {
                    s = format!("<u>{s}</u>");
                }
                if f.italic {
                    s = format!("<em>{s}</em>");
                }
                if f.bold {
                    s = format!("<strong>{s}</strong>");
                }
                out.push_str(&s);
            }
            Inline::Break => out.push_str("<br>"),
            Inline::Link(href, inner) => {
                let _ = write!(out, "<a href=\"{}\">", html_escape(href));
                inline_html(&without(inner, |f| f.underline = false), out);
                out.push_str("</a>");
            }
            Inline::Image { file, alt } => {
                let _ = write!(
                    out,
                    "<img src=\"{}\" alt=\"{}\">",
                    html_escape(file),
                    html_escape(alt)
                );
            }
            Inline::NoteRef(label) => {
                let _ = write!(out, "<sup>{}</sup>", html_escape(label));
            }
        }
    }
}

/// A table with merged cells, as HTML: a cell that starts a vertical merge
/// gets the `rowspan` of the cells that continue it, which are left out.
fn html_table(rows: &[Row], out: &mut String) {
    // Each row's cells with their first grid column.
    let placed: Vec<Vec<(usize, &super::docx::Cell)>> = rows
        .iter()
        .map(|r| {
            let mut col = 0;
            r.cells
                .iter()
                .map(|c| {
                    let at = col;
                    col += c.colspan;
                    (at, c)
                })
                .collect()
        })
        .collect();
    let continues = |row: usize, col: usize| {
        placed.get(row).is_some_and(|r| {
            r.iter()
                .any(|(at, c)| *at == col && c.merge == Merge::Continue)
        })
    };
    let rowspan = |row: usize, col: usize| {
        let mut n = 1;
        while continues(row + n, col) {
            n += 1;
        }
        n
    };
    let flagged = rows.iter().take_while(|r| r.header).count();
    let header_rows = if flagged > 0 {
        flagged
    } else {
        placed
            .first()
            .map(|r| {
                r.iter()
                    .filter(|(_, c)| c.merge == Merge::Start)
                    .map(|(at, _)| rowspan(0, *at))
                    .max()
                    .unwrap_or(1)
            })
            .unwrap_or(1)
    };
    // Wrapped as the Markdown renderer wraps its tables, to scroll on phones.
    out.push_str(TABLE_WRAP);
    out.push_str("<table>\n");
    for (i, row) in placed.iter().enumerate() {
        if i == 0 {
            out.push_str("<thead>\n");
        }
        if i == header_rows {
            out.push_str("<tbody>\n");
        }
        out.push_str("<tr>");
        let tag = if i < header_rows { "th" } else { "td" };
        for (at, c) in row {
            if c.merge == Merge::Continue {
                continue;
            }
            let mut attrs = String::new();
            if c.colspan > 1 {
                let _ = write!(attrs, " colspan=\"{}\"", c.colspan);
            }
            if c.merge == Merge::Start {
                let span = rowspan(i, *at);
                if span > 1 {
                    let _ = write!(attrs, " rowspan=\"{span}\"");
                }
            }
            let mut content = String::new();
            for (k, p) in c.paras.iter().filter(|p| has_content(p)).enumerate() {
                if k > 0 {
                    content.push_str("<br>");
                }
                if let Some(n) = &p.number {
                    content.push_str(&html_escape(n));
                }
                if tag == "th" {
                    inline_html(&without(&p.inlines, |f| f.bold = false), &mut content);
                } else {
                    inline_html(&p.inlines, &mut content);
                }
            }
            let _ = write!(out, "<{tag}{attrs}>{}</{tag}>", content.trim());
        }
        out.push_str("</tr>\n");
        if i + 1 == header_rows {
            out.push_str("</thead>\n");
        }
    }
    if header_rows < rows.len() {
        out.push_str("</tbody>\n");
    } else if header_rows > rows.len() {
        out.push_str("</thead>\n");
    }
    out.push_str("</table>\n</div>\n\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Para {
        Para {
            role: Role::Body,
            centred: false,
            right: false,
            number: None,
            inlines: vec![Inline::Text(text.into(), Format::default())],
        }
    }

    #[test]
    fn dates_of_a_signature() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(signed_date("二〇二六年十一月二十八日"), d(2026, 11, 28));
        assert_eq!(signed_date("二○二六年十月十日"), d(2026, 10, 10));
        assert_eq!(signed_date("2026年11月28日"), d(2026, 11, 28));
        assert_eq!(signed_date("　２０２６年１月５日　"), d(2026, 1, 5));
        assert_eq!(signed_date("（2026年9月30日）"), d(2026, 9, 30));
        assert_eq!(signed_date("二〇二六年二月三十日"), None);
        assert_eq!(signed_date("2026年11月28日下午召开会议"), None);
        assert_eq!(signed_date("会议于2026年11月28日召开"), None);
    }

    #[test]
    fn chinese_numbering_makes_short_paragraphs_headings() {
        assert_eq!(numbered_heading("一、基本情况"), Some(2));
        assert_eq!(numbered_heading("十二、其他"), Some(2));
        assert_eq!(numbered_heading("（一）领导重视，准备充分"), Some(3));
        assert_eq!(numbered_heading("(二)存在的问题"), Some(3));
        assert_eq!(numbered_heading("1.加强政策宣传"), Some(4));
        assert_eq!(numbered_heading("2、逐户核对"), Some(4));
        assert_eq!(numbered_heading("1.5万元用于补贴"), None, "a decimal");
        assert_eq!(
            numbered_heading("一、基本情况。今年以来，镇人大主席团组织代表开展视察。"),
            None,
            "a run-in heading stays a paragraph"
        );
        assert_eq!(numbered_heading("一些代表认为"), None);
        assert_eq!(numbered_heading("（注）"), None);
    }

    #[test]
    fn text_is_escaped_and_indentation_dropped() {
        let p = para("　　1. 加*重点*[链接] <b> #5");
        let mut out = String::new();
        write_blocks(
            &[Block::Para(Para {
                inlines: vec![Inline::Text(
                    "　　2026年收入增长*5%*".into(),
                    Format::default(),
                )],
                ..p.clone()
            })],
            &mut out,
        );
        assert_eq!(out, "2026年收入增长\\*5%\\*\n\n");
        assert_eq!(
            inline_md(&p.inlines, Ctx::Para),
            "1\\. 加\\*重点\\*\\[链接\\] \\<b\\> \\#5"
        );
    }

    #[test]
    fn emphasis_marks_follow_the_runs() {
        let b = Format {
            bold: true,
            ..Format::default()
        };
        let bi = Format {
            bold: true,
            italic: true,
            ..Format::default()
        };
        let inlines = vec![
            Inline::Text("代表们".into(), Format::default()),
            Inline::Text("认真".into(), b),
            Inline::Text("听取 ".into(), bi),
            Inline::Text("汇报".into(), Format::default()),
        ];
        let md = inline_md(&inlines, Ctx::Para);
        assert_eq!(md, "代表们**认真*听取*** 汇报");
        let mut html = String::new();
        let options = pulldown_cmark::Options::ENABLE_CJK_FRIENDLY_EMPHASIS;
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&md, options));
        assert_eq!(
            html,
            "<p>代表们<strong>认真<em>听取</em></strong> 汇报</p>\n"
        );
        assert_eq!(inline_md(&inlines, Ctx::Heading), "代表们认真听取 汇报");
    }

    #[test]
    fn a_numbered_first_heading_is_no_title() {
        let heading = |text: &str| {
            Block::Para(Para {
                role: Role::Heading(1),
                ..para(text)
            })
        };
        let doc = Docx {
            blocks: vec![heading("一、基本情况"), Block::Para(para("正文。"))],
            ..Docx::default()
        };
        let got = page(&doc);
        assert_eq!(got.title, None);
        assert!(got.body.starts_with("## 一、基本情况\n"), "{}", got.body);
        let doc = Docx {
            blocks: vec![heading("视察报告"), Block::Para(para("正文。"))],
            ..Docx::default()
        };
        assert_eq!(page(&doc).title.as_deref(), Some("视察报告"));
    }

    #[test]
    fn heading_levels_never_skip_one() {
        assert_eq!(
            no_skipped_levels(
                "#### 一\n\n## 二\n\n#### 1.\n\n### （一）\n\n###### x\n\\# 不是\n#没有空格\n"
            ),
            "## 一\n\n## 二\n\n### 1.\n\n### （一）\n\n#### x\n\\# 不是\n#没有空格\n"
        );
    }

    #[test]
    fn spaced_titles_close_up() {
        assert_eq!(tidy("视 察 报 告"), "视察报告");
        assert_eq!(tidy("2026 年 工作 总结"), "2026 年工作总结");
        assert_eq!(tidy("Word  文档 abc def"), "Word 文档 abc def");
    }
}
