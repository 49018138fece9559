//! Text brought to the digits a reader sees: NFKC, default-ignorable code
//! points removed, dashes made `-`, spaces collapsed, dots that join digit
//! groups made `-`; and the cheap skip of outputs that cannot hold a number.
//!
//! Left to others: reading the output ([`super::reader`]), the number rules
//! ([`crate::privacy`]).

use unicode_normalization::UnicodeNormalization;

use crate::privacy::digits_of_char;
use crate::text::is_default_ignorable;

/// Unicode's Dash_Punctuation (Pd) and the minus sign: all read as `-`.
pub(super) fn is_dash(c: char) -> bool {
    matches!(
        u32::from(c),
        0x002D
            | 0x058A
            | 0x05BE
            | 0x1400
            | 0x1806
            | 0x2010..=0x2015
            | 0x2212
            | 0x2E17
            | 0x2E1A
            | 0x2E3A..=0x2E3B
            | 0x2E40
            | 0x2E5D
            | 0x301C
            | 0x3030
            | 0x30A0
            | 0xFE31..=0xFE32
            | 0xFE58
            | 0xFE63
            | 0xFF0D
    )
}

/// Dots a number's groups may be written with (`138.1234.5678`, `138·1234`).
pub(super) fn is_group_dot(c: char) -> bool {
    matches!(c, '.' | '·' | '・' | '。')
}

/// Brings `text` to the form the scanner reads (see the module comment).
pub(super) fn fold(text: &str) -> String {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    let mut space: Option<char> = None;
    for c in text.nfkc() {
        if is_default_ignorable(c) {
            continue;
        }
        if c.is_whitespace() {
            // A run of spaces is one space; a run holding a line break is a
            // line break (a new block: not a separator).
            space = Some(if c == '\n' || space == Some('\n') {
                '\n'
            } else {
                ' '
            });
            continue;
        }
        if let Some(s) = space.take() {
            out.push(s);
        }
        out.push(if is_dash(c) { '-' } else { c });
    }
    if let Some(s) = space {
        out.push(s);
    }
    dots_to_hyphens(&mut out);
    out.into_iter().collect()
}

/// Makes `-` of the dots in a chain of three or more digit groups joined by
/// single dots; one dot between two groups is a decimal point and stays.
pub(super) fn dots_to_hyphens(chars: &mut [char]) {
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut dots = vec![];
        let mut j = i;
        loop {
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            let next_is_group =
                j + 1 < chars.len() && is_group_dot(chars[j]) && chars[j + 1].is_ascii_digit();
            if !next_is_group {
                break;
            }
            dots.push(j);
            j += 1;
        }
        if dots.len() >= 2 {
            for d in dots {
                chars[d] = '-';
            }
        }
        i = j.max(i + 1);
    }
}

/// The most digits one character can become under NFKC (`⑳` is `20`, U+33FF
/// `㏾` is `31日`); checked against every code point in the tests.
pub(super) const MAX_DIGITS_PER_CHAR: usize = 3;

/// The most digits a character reference can become: a named one is at
/// most two characters (`&frac78;` is `⅞`, `7⁄8` under NFKC), a numeric one
/// is one.
pub(super) const ENTITY_MAX_DIGITS: usize = 2 * MAX_DIGITS_PER_CHAR;

/// The fewest digits any number the scanner reports has (a mobile).
pub(super) const MIN_DIGITS: usize = 11;

/// Whether the reader text of `input` can hold a number at all: false when
/// it cannot hold [`MIN_DIGITS`] digits. Each digit of the reader text comes
/// from an ASCII digit, a character NFKC makes digits of (counted as many
/// times as it makes), or a character reference, which starts with `&` and
/// becomes at most [`ENTITY_MAX_DIGITS`] digits (every named entity is
/// checked in the tests).
pub(super) fn may_hold_number(input: &str) -> bool {
    let mut n = 0;
    for c in input.chars() {
        n += if c == '&' {
            ENTITY_MAX_DIGITS
        } else {
            digits_of_char(c)
        };
        if n >= MIN_DIGITS {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy;

    #[test]
    fn hard_boundaries_are_left_alone_by_nfkc() {
        for c in ('\u{3400}'..='\u{4DBF}').chain('\u{4E00}'..='\u{9FFF}') {
            let text = format!("a\u{301}{c}\u{301}１");
            let nfkc: String = text.nfkc().collect();
            assert_eq!(nfkc, format!("\u{E1}{c}\u{301}1"), "{:04X}", u32::from(c));
            assert!(privacy::scan(&format!("138{c}00138000"), &[]).is_empty());
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold("a\u{200B}b\u{AD}c"), "abc");
        assert_eq!(fold("𝟏𝟐 ３"), "12 3");
        assert_eq!(fold("1  2\t\u{3000}3"), "1 2 3");
        assert_eq!(fold("1 \n 2"), "1\n2");
        assert_eq!(fold("1‒2―3−4"), "1-2-3-4");
        assert_eq!(fold("138.1234.5678 和 1.5"), "138-1234-5678 和 1.5");
        assert_eq!(fold("13812345678.50"), "13812345678.50");
    }

    /// The skip of [`may_hold_number`] is safe: no code point becomes more
    /// digits under NFKC than [`MAX_DIGITS_PER_CHAR`], the count of
    /// [`digits_of_char`] is NFKC's, and no character reference becomes more than [`ENTITY_MAX_DIGITS`].
    #[test]
    fn the_skip_counts_every_digit_a_reader_can_get() {
        let mut max = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let nfkc = std::iter::once(c)
                .nfkc()
                .filter(char::is_ascii_digit)
                .count();
            assert_eq!(digits_of_char(c), nfkc, "{:04X}", u32::from(c));
            max = max.max(nfkc);
        }
        assert_eq!(max, MAX_DIGITS_PER_CHAR);
        for (name, (a, b)) in html5ever::data::NAMED_ENTITIES.entries() {
            let n: usize = [*a, *b]
                .into_iter()
                .filter_map(char::from_u32)
                .map(digits_of_char)
                .sum();
            assert!(n <= ENTITY_MAX_DIGITS, "&{name}");
        }
        assert!(!may_hold_number("<p>2026-09-08 第1页</p>"));
        assert!(may_hold_number("&#49;&#51;&#56;&#x31;"));
    }
}
