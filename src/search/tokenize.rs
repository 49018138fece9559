//! Tokens of normalized text: each Chinese character alone and with the next
//! one (overlapping bigrams, so 卫生院 gives 卫 生 院 卫生 生院), and each
//! Latin or digit word. A character or a word takes one position; a bigram
//! has the position of its first character. Bigrams never cross punctuation,
//! a space or a word, so 卫生，院长 has no 生院.
//!
//! `search-core.js` tokenizes queries the same way.

use super::normalize::{class_of, fold_text, is_cjk, is_word_char, Class};

/// A token of the index: one Chinese character, two in a row, or a word.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Token {
    Char(char),
    Bigram(char, char),
    Word(Box<str>),
}

impl Token {
    /// The token as written into the index.
    pub fn text(&self) -> String {
        match self {
            Token::Char(c) => c.to_string(),
            Token::Bigram(a, b) => [*a, *b].iter().collect(),
            Token::Word(w) => w.to_string(),
        }
    }

    /// Only bigrams keep their positions: phrases of three characters or more
    /// are chains of bigrams; single characters and words are matched alone.
    pub fn has_positions(&self) -> bool {
        matches!(self, Token::Bigram(..))
    }
}

/// A token borrowed from the text being tokenized: the index's tokenizer
/// allocates nothing per token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRef<'a> {
    Char(char),
    Bigram(char, char),
    Word(&'a str),
}

impl TokenRef<'_> {
    pub(crate) fn to_token(self) -> Token {
        match self {
            TokenRef::Char(c) => Token::Char(c),
            TokenRef::Bigram(a, b) => Token::Bigram(a, b),
            TokenRef::Word(w) => Token::Word(w.into()),
        }
    }
}

/// Calls `emit(token, position)` for every token of a text given as its
/// folded characters and their classes (so the index needs no normalized
/// copy of the text); `word` is a buffer for the word being read. Tokens
/// come in the order of [`tokenize`]; returns the position after the text.
pub(crate) fn scan(
    chars: impl Iterator<Item = (char, Class)>,
    start: u32,
    word: &mut String,
    mut emit: impl FnMut(TokenRef<'_>, u32),
) -> u32 {
    let mut pos = start;
    // The previous character, when it is Chinese (a bigram's first).
    let mut prev: Option<char> = None;
    word.clear();
    for (c, class) in chars {
        if class == Class::Cjk {
            if !word.is_empty() {
                emit(TokenRef::Word(word), pos);
                pos += 1;
                word.clear();
            }
            if let Some(a) = prev {
                emit(TokenRef::Bigram(a, c), pos - 1);
            }
            emit(TokenRef::Char(c), pos);
            pos += 1;
            prev = Some(c);
        } else {
            prev = None;
            if class == Class::Word {
                word.push(c);
            } else if !word.is_empty() {
                emit(TokenRef::Word(word), pos);
                pos += 1;
                word.clear();
            }
        }
    }
    if !word.is_empty() {
        emit(TokenRef::Word(word), pos);
        pos += 1;
        word.clear();
    }
    pos
}

/// [`scan`] of a text not yet normalized.
pub fn scan_raw(
    text: &str,
    start: u32,
    word: &mut String,
    emit: impl FnMut(TokenRef<'_>, u32),
) -> u32 {
    scan(fold_text(text), start, word, emit)
}

/// A run of the text: Chinese characters in a row, or one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    Cjk(Vec<char>),
    Word(String),
}

/// The runs of a normalized text, in order; everything else separates them,
/// except characters a reader does not see (a zero-width joiner, NUL), which
/// are skipped: the index left them out of the pages too.
pub fn runs(normalized: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut cjk: Vec<char> = Vec::new();
    let mut word = String::new();
    for c in normalized
        .chars()
        .filter(|&c| !crate::text::is_invisible(c))
    {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(Run::Word(std::mem::take(&mut word)));
            }
            cjk.push(c);
        } else {
            if !cjk.is_empty() {
                out.push(Run::Cjk(std::mem::take(&mut cjk)));
            }
            if is_word_char(c) {
                word.push(c);
            } else if !word.is_empty() {
                out.push(Run::Word(std::mem::take(&mut word)));
            }
        }
    }
    if !cjk.is_empty() {
        out.push(Run::Cjk(cjk));
    }
    if !word.is_empty() {
        out.push(Run::Word(word));
    }
    out
}

/// Calls `emit(token, position)` for every token of a normalized text whose
/// first position is `start`; returns the position after the text.
pub fn tokenize(normalized: &str, start: u32, mut emit: impl FnMut(Token, u32)) -> u32 {
    scan(
        normalized.chars().map(|c| (c, class_of(c))),
        start,
        &mut String::new(),
        |t, p| emit(t.to_token(), p),
    )
}

#[cfg(test)]
mod tests {
    use super::super::normalize::normalize;
    use super::*;

    #[test]
    fn runs_read_past_invisible_characters() {
        assert_eq!(
            runs(&normalize("卫\u{200D}生院 co\u{00AD}vid\u{0}19")),
            [
                Run::Cjk(vec!['卫', '生', '院']),
                Run::Word("covid19".into())
            ]
        );
        // A tab or a line break still separates.
        assert_eq!(runs("卫\n生").len(), 2);
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
    fn bigrams_stop_at_punctuation_and_words() {
        let tokens: Vec<String> = texts("卫生，院长 covid院")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert!(!tokens.contains(&"生院".to_string()));
        assert!(tokens.contains(&"院长".to_string()));
        assert!(tokens.contains(&"covid".to_string()));
    }

    #[test]
    fn numbers_and_latin_words_mixed_with_chinese() {
        assert_eq!(
            texts("２０２５年GDP增长"),
            [
                ("2025", 0),
                ("年", 1),
                ("gdp", 2),
                ("增", 3),
                ("增长", 3),
                ("长", 4)
            ]
            .map(|(t, p)| (t.to_string(), p))
        );
    }

    #[test]
    fn tokenize_continues_from_start_and_returns_the_end() {
        let mut last = 0;
        let end = tokenize("ab 卫生", 10, |_, p| last = p);
        assert_eq!((last, end), (12, 13));
    }

    #[test]
    fn scanning_raw_text_equals_tokenizing_normalized_text() {
        let text = "衛生院ＡＢＣ　x，２０２５年GDP增长 Straße 卫生，院长covid院 ";
        let mut raw = vec![];
        let end = scan_raw(text, 3, &mut String::new(), |t, p| {
            raw.push((t.to_token(), p))
        });
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
            mixed in "[衛生院卫生人大代表ＡＢＣａ２０２５年GDPßİ Ωω，。、 \\t\\n𠀀😀é-]{0,60}",
            any in proptest::prelude::any::<String>(),
            start in 0u32..1000,
        ) {
            for text in [mixed, any] {
                let mut raw = vec![];
                let end = scan_raw(&text, start, &mut String::new(), |t, p| raw.push((t.to_token(), p)));
                let mut reference = vec![];
                let end2 = tokenize(&normalize(&text), start, |t, p| reference.push((t, p)));
                proptest::prop_assert_eq!((raw, end), (reference, end2), "{:?}", text);
            }
        }
    }
}
