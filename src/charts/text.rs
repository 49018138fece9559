//! Text in a chart: its estimated width (CJK 1 em, Latin generously, as
//! the page's own font is used), line breaking with Chinese rules for
//! punctuation, cleaning of whitespace and control characters, escaping,
//! and a usable id prefix.
//!
//! Left to others: where text is drawn ([`super::layout`]).

/// Estimated advance width of `c` in em: CJK and other wide characters are
/// 1 em; Latin letters, digits and punctuation are estimated generously so
/// that wrapped lines do not overflow in the reader's font.
pub(super) fn char_em(c: char) -> f64 {
    match c {
        ' ' => 0.33,
        'i' | 'l' | 'j' | 'I' | '.' | ',' | ':' | ';' | '!' | '\'' | '|' => 0.4,
        'M' | 'W' | 'm' | 'w' | '%' | '@' | '&' | '#' => 0.95,
        '0'..='9' => 0.6,
        'A'..='Z' => 0.75,
        c if c.is_ascii() => 0.6,
        '\u{1F000}'.. => 1.3,
        _ => 1.0,
    }
}

/// Estimated width of `s` at font size `fs`.
pub(super) fn text_width(s: &str, fs: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * fs
}

/// Characters that should not start a line (closing punctuation).
pub(super) fn no_line_start(c: char) -> bool {
    "，。、；：？！）》」』】〕〉…·％%,.;:!?)]}”’".contains(c)
}

/// Characters that should not end a line (opening punctuation).
pub(super) fn no_line_end(c: char) -> bool {
    "（《「『【〔〈([{“‘".contains(c)
}

/// Whether a line may break between `prev` and `c`.
pub(super) fn can_break(prev: char, c: char) -> bool {
    if c == ' ' || prev == ' ' {
        return true;
    }
    let wide = |c: char| !c.is_ascii();
    (wide(prev) || wide(c)) && !no_line_start(c) && !no_line_end(prev)
}

/// Wraps `text` into lines at most `max_w` wide at font size `fs`, breaking
/// between CJK characters or at spaces (and inside a word only when it is
/// longer than a line). More than `max_lines` lines are cut, the last one
/// ending with "…".
pub(super) fn wrap(text: &str, max_w: f64, fs: f64, max_lines: usize) -> Vec<String> {
    let chars: Vec<char> = clean_text(text).chars().collect();
    let mut lines: Vec<String> = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        while chars.get(start) == Some(&' ') {
            start += 1;
        }
        if start >= chars.len() {
            break;
        }
        let mut end = start;
        let mut w = 0.0;
        let mut last_break = None;
        while let Some(&c) = chars.get(end) {
            let cw = char_em(c) * fs;
            if end > start && w + cw > max_w {
                break;
            }
            if end > start && can_break(chars[end - 1], c) {
                last_break = Some(end);
            }
            w += cw;
            end += 1;
        }
        if end < chars.len() && !can_break(chars[end - 1], chars[end]) {
            if let Some(b) = last_break {
                end = b;
            }
        }
        lines.push(
            chars[start..end]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string(),
        );
        start = end;
    }
    if lines.len() > max_lines.max(1) {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && text_width(last, fs) + char_em('…') * fs > max_w {
                last.pop();
            }
            let trimmed = last.trim_end().len();
            last.truncate(trimmed);
            last.push('…');
        }
    }
    lines
}

/// Collapses whitespace and control characters to single spaces and trims;
/// drops the non-characters XML forbids.
pub(super) fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c.is_control() {
            space = !out.is_empty();
            continue;
        }
        if matches!(c, '\u{FFFE}' | '\u{FFFF}') {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Escapes text for element content and double- or single-quoted attributes
/// ([`crate::html`]), a control character made a space.
pub(super) fn escape(s: &str) -> String {
    let spaced: String = s
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut out = String::with_capacity(spaced.len());
    crate::html::escape_into(&mut out, &spaced);
    out
}

/// An id prefix usable in `id` and in the space-separated `aria-labelledby`.
pub(super) fn clean_id(id: &str) -> String {
    let id: String = clean_text(id)
        .chars()
        .map(|c| if c == ' ' { '-' } else { c })
        .collect();
    if id.is_empty() {
        "chart".to_string()
    } else {
        id
    }
}
