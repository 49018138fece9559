//! Tokens of normalized text (index format 8): each *unit* — a Chinese
//! character, a letter, a digit or a meaningful symbol
//! ([`is_unit`](super::normalize::is_unit)) — alone and with the next one
//! (overlapping bigrams), whatever their scripts: 卫生院 gives 卫 生 院 卫生
//! 生院, and 1998年 gives 1 9 9 8 年 19 99 98 8年, so that 98年 is found in
//! it as a phrase, as a reader means it. A unit takes one position; a bigram
//! has the position of its first unit. Bigrams never cross punctuation or a
//! space, so 卫生，院长 has no 生院 and `covid 19` no `d1`; a decimal point
//! between digits is part of its number (29.10%: [`decimal_points`]).
//!
//! `search-core.js` tokenizes queries the same way.

use super::normalize::{class_of, fold_text, Class};

/// A token of the index: one unit, or two in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Token {
    Char(char),
    Bigram(char, char),
}

impl Token {
    /// The token as written into the index.
    pub fn text(&self) -> String {
        match *self {
            Token::Char(c) => c.to_string(),
            Token::Bigram(a, b) => [a, b].iter().collect(),
        }
    }

    /// Only bigrams keep their positions: phrases of three units or more
    /// are chains of bigrams; single units are matched alone.
    pub fn has_positions(&self) -> bool {
        matches!(self, Token::Bigram(..))
    }
}

/// Calls `emit(token, position)` for every token of a text given as its
/// folded characters and their classes (so the index needs no normalized
/// copy of the text). Tokens come in the order of [`tokenize`]; returns the
/// position after the text.
pub(crate) fn scan(
    chars: impl Iterator<Item = (char, Class)>,
    start: u32,
    mut emit: impl FnMut(Token, u32),
) -> u32 {
    let mut pos = start;
    // The previous character, when it is a unit (a bigram's first).
    let mut prev: Option<char> = None;
    for (c, class) in chars {
        if class == Class::Unit {
            if let Some(a) = prev {
                emit(Token::Bigram(a, c), pos - 1);
            }
            emit(Token::Char(c), pos);
            pos += 1;
            prev = Some(c);
        } else {
            prev = None;
        }
    }
    pos
}

/// [`scan`] of a text not yet normalized.
pub fn scan_raw(text: &str, start: u32, emit: impl FnMut(Token, u32)) -> u32 {
    scan(decimal_points(fold_text(text)), start, emit)
}

/// Folded characters with their class, a decimal point read as part of its
/// number: a `.` between two ASCII digits (3.5%, 29.10) is a unit, so that
/// 29.10% is one term; any other `.` separates, as punctuation does.
pub(crate) fn decimal_points<I: Iterator<Item = (char, Class)>>(chars: I) -> DecimalPoints<I> {
    DecimalPoints {
        chars: chars.peekable(),
        after_digit: false,
    }
}

/// The iterator of [`decimal_points`].
pub(crate) struct DecimalPoints<I: Iterator> {
    chars: std::iter::Peekable<I>,
    after_digit: bool,
}

impl<I: Iterator<Item = (char, Class)>> Iterator for DecimalPoints<I> {
    type Item = (char, Class);

    fn next(&mut self) -> Option<(char, Class)> {
        let (c, mut class) = self.chars.next()?;
        if c == '.' && self.after_digit && self.chars.peek().is_some_and(|n| n.0.is_ascii_digit()) {
            class = Class::Unit;
        }
        self.after_digit = c.is_ascii_digit();
        Some((c, class))
    }
}

/// The runs of a normalized text: units in a row, in order; everything
/// else separates them, except characters a reader does not see (a
/// zero-width joiner, NUL), which are skipped: the index left them out of
/// the pages too.
pub fn runs(normalized: &str) -> Vec<Vec<char>> {
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let visible = normalized
        .chars()
        .filter(|&c| !crate::text::is_invisible(c))
        .map(|c| (c, class_of(c)));
    for (c, class) in decimal_points(visible) {
        if class == Class::Unit {
            run.push(c);
        } else if !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// Calls `emit(token, position)` for every token of a normalized text whose
/// first position is `start`; returns the position after the text.
pub fn tokenize(normalized: &str, start: u32, emit: impl FnMut(Token, u32)) -> u32 {
    let chars = normalized.chars().map(|c| (c, class_of(c)));
    scan(decimal_points(chars), start, emit)
}

#[cfg(test)]
mod tests {
    use super::super::normalize::normalize;
    use super::*;

    fn run(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn runs_read_past_invisible_characters() {
        assert_eq!(
            runs(&normalize("卫\u{200D}生院 co\u{00AD}vid\u{0}19")),
            [run("卫生院"), run("covid19")]
        );
        // A tab or a line break still separates.
        assert_eq!(runs("卫\n生").len(), 2);
    }

    #[test]
    fn runs_join_scripts_and_keep_meaningful_symbols() {
        assert_eq!(
            runs(&normalize("１９９８年增长10％，A股 5G网络、3.5%")),
            [run("1998年增长10%"), run("a股"), run("5g网络"), run("3.5%")]
        );
    }

    #[test]
    fn a_decimal_point_belongs_to_its_number_only() {
        assert_eq!(
            runs(&normalize("增长29.10%。1.版本v2. .5 3..4 ２９．１")),
            [
                run("增长29.10%"),
                run("1"),
                run("版本v2"),
                run("5"),
                run("3"),
                run("4"),
                run("29.1")
            ]
        );
        let tokens: Vec<String> = texts("9.1").into_iter().map(|(t, _)| t).collect();
        assert_eq!(tokens, ["9", "9.", ".", ".1", "1"]);
    }

    fn texts(text: &str) -> Vec<(String, u32)> {
        let mut out = vec![];
        tokenize(&normalize(text), 0, |t, p| out.push((t.text(), p)));
        out
    }

    #[test]
    fn chinese_gives_characters_and_overlapping_bigrams() {
        assert_eq!(
            texts("卫生院"),
            [("卫", 0), ("卫生", 0), ("生", 1), ("生院", 1), ("院", 2)]
                .map(|(t, p)| (t.to_string(), p))
        );
    }

    #[test]
    fn traditional_input_gives_simplified_tokens() {
        let tokens: Vec<String> = texts("衛生院").into_iter().map(|(t, _)| t).collect();
        assert!(tokens.contains(&"卫生".to_string()));
        assert!(tokens.contains(&"生院".to_string()));
    }

    #[test]
    fn bigrams_stop_at_punctuation_and_spaces() {
        let tokens: Vec<String> = texts("卫生，院长 covid 19")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert!(!tokens.contains(&"生院".to_string()));
        assert!(!tokens.contains(&"d1".to_string()));
        assert!(tokens.contains(&"院长".to_string()));
        assert!(tokens.contains(&"co".to_string()));
    }

    #[test]
    fn digits_letters_and_chinese_pair_across_scripts() {
        assert_eq!(
            texts("２０２５年GDP"),
            [
                ("2", 0),
                ("20", 0),
                ("0", 1),
                ("02", 1),
                ("2", 2),
                ("25", 2),
                ("5", 3),
                ("5年", 3),
                ("年", 4),
                ("年g", 4),
                ("g", 5),
                ("gd", 5),
                ("d", 6),
                ("dp", 6),
                ("p", 7)
            ]
            .map(|(t, p)| (t.to_string(), p))
        );
    }

    #[test]
    fn tokenize_continues_from_start_and_returns_the_end() {
        let mut last = 0;
        let end = tokenize("ab 卫生", 10, |_, p| last = p);
        assert_eq!((last, end), (13, 14));
    }

    #[test]
    fn scanning_raw_text_equals_tokenizing_normalized_text() {
        let text = "衛生院ＡＢＣ　x，２０２５年GDP增长 Straße 卫生，院长covid院 １０％";
        let mut raw = vec![];
        let end = scan_raw(text, 3, |t, p| raw.push((t, p)));
        let mut normalized = vec![];
        let end2 = tokenize(&normalize(text), 3, |t, p| normalized.push((t, p)));
        assert_eq!((raw, end), (normalized, end2));
    }

    proptest::proptest! {
        /// The builder's path (one table lookup per character of the raw
        /// text) gives the tokens of the reference path (normalize, then
        /// tokenize) on any text: Traditional and full-width characters,
        /// letters that change length when lower-cased (ß, İ), symbols
        /// outside the Basic Multilingual Plane, and any string at all.
        #[test]
        fn scanning_any_raw_text_equals_tokenizing_it_normalized(
            mixed in "[衛生院卫生人大代表ＡＢＣａ２０２５年GDPßİ Ωω，。、 \\t\\n𠀀😀é%％℃¥.．-]{0,60}",
            any in proptest::prelude::any::<String>(),
            start in 0u32..1000,
        ) {
            for text in [mixed, any] {
                let mut raw = vec![];
                let end = scan_raw(&text, start, |t, p| raw.push((t, p)));
                let mut reference = vec![];
                let end2 = tokenize(&normalize(&text), start, |t, p| reference.push((t, p)));
                proptest::prop_assert_eq!((raw, end), (reference, end2), "{:?}", text);
            }
        }
    }
}
