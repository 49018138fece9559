//! Normalization shared by the index and the query: one character in, one
//! character out (so a position in normalized text is a position in the
//! original, which the browser needs to highlight matches).
//!
//! - full-width ASCII (`ＡＢＣ１２３`) and the ideographic space become half-width;
//! - letters are case folded;
//! - Traditional characters become Simplified (衛 → 卫), from the table in
//!   `t2s.txt`, generated from OpenCC's data by `gen-t2s.py` (whose doc
//!   says the rule for characters with several Simplified forms), except
//!   inside the phrases of `t2s-phrases.txt`, which fold as OpenCC writes
//!   them (乾坤 keeps 乾, 答覆 is 答复): [`fold_text`]. `search.js` applies
//!   the same table and phrases, written into the index's `meta.bin`.

use std::collections::HashMap;
use std::sync::OnceLock;

const T2S: &str = include_str!("t2s.txt");

/// Traditional → Simplified, one character each.
pub(crate) fn fold_table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        T2S.lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut chars = l.split_whitespace().map(|w| w.chars());
                let (mut from, mut to) = (chars.next()?, chars.next()?);
                let pair = (from.next()?, to.next()?);
                // Only one-character entries: normalization keeps positions.
                (from.next().is_none() && to.next().is_none()).then_some(pair)
            })
            .collect()
    })
}

/// One character, normalized.
/// The common CJK blocks, where nearly all text is: folded through a flat
/// table, not a hash per character (a tenth of the index stage).
const FLAT_FIRST: u32 = 0x3400;
const FLAT_LAST: u32 = 0x9FFF;

fn flat_index(c: char) -> Option<usize> {
    let code = c as u32;
    (FLAT_FIRST..=FLAT_LAST)
        .contains(&code)
        .then(|| (code - FLAT_FIRST) as usize)
}

/// Every character of U+3400..=U+9FFF, folded by [`fold_table`].
fn flat_table() -> &'static [char] {
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut flat: Vec<char> = (FLAT_FIRST..=FLAT_LAST)
            .map(|code| char::from_u32(code).unwrap_or(' '))
            .collect();
        for (&from, &to) in fold_table() {
            if let Some(i) = flat_index(from) {
                flat[i] = to;
            }
        }
        flat
    })
}

pub(crate) fn fold_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => {
            let half = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            lower(half)
        }
        'A'..='Z' => c.to_ascii_lowercase(),
        c if c.is_ascii() => c,
        // Chinese characters have no case: skip the lower-case tables.
        c if is_cjk(c) => match flat_index(c) {
            Some(i) => flat_table()[i],
            None => fold_table().get(&c).copied().unwrap_or(c),
        },
        c => match fold_table().get(&c) {
            Some(&simplified) => simplified,
            None => lower(c),
        },
    }
}

/// Lower case when it is one character (so lengths never change).
fn lower(c: char) -> char {
    let mut lowered = c.to_lowercase();
    match (lowered.next(), lowered.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// A CJK compatibility ideograph (豈 U+F900): one whose canonical form
/// (NFC) is a unified ideograph; the table folds it as that form.
pub(crate) fn is_compatibility_ideograph(c: char) -> bool {
    matches!(c, '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}')
}

/// A text, normalized: [`fold_text`]'s characters.
pub fn normalize(text: &str) -> String {
    fold_text(text).map(|(c, _)| c).collect()
}

const PHRASES: &str = include_str!("t2s-phrases.txt");

/// Phrases that fold otherwise than character by character, by first
/// character, longest first: (phrase, its folded characters).
type PhraseTable = HashMap<char, Vec<(Box<str>, Box<[char]>)>>;

pub(crate) fn phrase_table() -> &'static PhraseTable {
    static TABLE: OnceLock<PhraseTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = PhraseTable::new();
        for line in PHRASES.lines().filter(|l| !l.starts_with('#')) {
            let mut words = line.split_whitespace();
            let (Some(phrase), Some(folded)) = (words.next(), words.next()) else {
                continue;
            };
            // One character for one, so positions stay put.
            if phrase.chars().count() != folded.chars().count() {
                continue;
            }
            if let Some(first) = phrase.chars().next() {
                table
                    .entry(first)
                    .or_default()
                    .push((phrase.into(), folded.chars().collect()));
            }
        }
        for list in table.values_mut() {
            list.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        }
        table
    })
}

/// The folded characters of `text` with their classes, one for each
/// character: [`fold_char`] and the class of its result, except where a phrase of
/// [`phrase_table`] starts (longest first, left to right), whose
/// characters are the phrase's.
pub(crate) fn fold_text(text: &str) -> FoldText<'_> {
    FoldText {
        rest: text,
        pending: &[],
    }
}

/// The iterator of [`fold_text`].
pub(crate) struct FoldText<'a> {
    rest: &'a str,
    /// What is left of a matched phrase's folded characters.
    pending: &'static [char],
}

impl Iterator for FoldText<'_> {
    type Item = (char, Class);

    fn next(&mut self) -> Option<(char, Class)> {
        let at = self.rest;
        let raw = at.chars().next()?;
        self.rest = &at[raw.len_utf8()..];
        if let Some((&c, tail)) = self.pending.split_first() {
            self.pending = tail;
            return Some((c, class_of(c)));
        }
        let (folded, class, starts) = fold_class_and_start(raw);
        if starts {
            let found = phrase_table()
                .get(&raw)
                .and_then(|list| list.iter().find(|(p, _)| at.starts_with(&**p)));
            if let Some((_, chars)) = found {
                if let Some((&c, tail)) = chars.split_first() {
                    self.pending = tail;
                    return Some((c, class_of(c)));
                }
            }
        }
        Some((folded, class))
    }
}

/// What the tokenizer does with a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Indexed alone and in pairs with its neighbours ([`is_unit`]): a
    /// Chinese character, a letter, a digit or a meaningful symbol.
    Unit = 0,
    /// A separator: punctuation, spaces.
    Other = 1,
}

/// The class of a character as it is.
pub(crate) fn class_of(c: char) -> Class {
    if is_unit(c) {
        Class::Unit
    } else {
        Class::Other
    }
}

/// A character the index reads as part of the text (format 8): Chinese
/// ([`is_cjk`]), letters and digits of any script, and meaningful symbols
/// ([`is_symbol`]). Every one takes a position and pairs with the next, so
/// 1998年 is 1 9 9 8 年 and 98年 is a substring of it, whatever the scripts.
pub(crate) fn is_unit(c: char) -> bool {
    is_cjk(c) || c.is_alphanumeric() || is_symbol(c)
}

/// A symbol that says something in a text (10%, ¥500, 3×4, 25℃, C#, AT&T):
/// Unicode's currency, mathematical and other symbols (`\p{Sc}`, `\p{Sm}`,
/// `\p{So}`), and the signs of per cent and per mille and `#&@`, which
/// Unicode files as punctuation. Other punctuation separates, as spaces do.
/// `search-core.js` has the same rule as a regular expression.
pub(crate) fn is_symbol(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    matches!(c, '%' | '‰' | '‱' | '#' | '&' | '@')
        || matches!(
            get_general_category(c),
            G::CurrencySymbol | G::MathSymbol | G::OtherSymbol
        )
}

/// [`fold_char`] and the class of its result, in one step: what the index's
/// tokenizer asks of every character.
#[cfg(test)]
pub(crate) fn fold_and_class(c: char) -> (char, Class) {
    let (folded, class, _) = fold_class_and_start(c);
    (folded, class)
}

/// [`fold_char`] and the class of its result (from a flat table of the
/// Basic Multilingual Plane), and whether a phrase of [`phrase_table`]
/// starts with `c` (a bit of the same table, so plain text pays one lookup).
fn fold_class_and_start(c: char) -> (char, Class, bool) {
    // Every character of the Basic Multilingual Plane (where nearly all text
    // is) from a flat table: Chinese punctuation would otherwise go through
    // the Traditional map and Unicode's case and alphanumeric tables.
    static TABLE: OnceLock<Vec<u32>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..=0xFFFF_u32)
            .map(|code| match char::from_u32(code) {
                Some(c) => {
                    let folded = fold_char(c);
                    let starts = u32::from(phrase_table().contains_key(&c));
                    u32::from(folded) | (class_of(folded) as u32) << 24 | starts << 26
                }
                None => code,
            })
            .collect()
    });
    match table.get(c as usize) {
        Some(&entry) => {
            let folded = char::from_u32(entry & 0xFF_FFFF).unwrap_or(c);
            let class = if (entry >> 24) & 3 == 0 {
                Class::Unit
            } else {
                Class::Other
            };
            (folded, class, entry >> 26 != 0)
        }
        None => {
            let folded = fold_char(c);
            (folded, class_of(folded), phrase_table().contains_key(&c))
        }
    }
}

/// A Chinese character, which the tokenizer indexes one by one and in pairs:
/// the one definition in [`crate::text::is_cjk`] (so `〇` counts, as in
/// 二〇二五年). `search-core.js` mirrors its ranges.
pub(crate) use crate::text::is_cjk;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_folds_to_simplified() {
        assert_eq!(normalize("鎮衛生院醫保報銷"), "镇卫生院医保报销");
        assert_eq!(normalize("人大會議"), "人大会议");
        // Simplified text is left as it is.
        assert_eq!(normalize("镇卫生院"), "镇卫生院");
    }

    #[test]
    fn full_width_becomes_half_width_and_lower_case() {
        assert_eq!(normalize("ＣＯＶＩＤ－１９"), "covid-19");
        assert_eq!(normalize("２０２５年"), "2025年");
        assert_eq!(normalize("GDP　增长"), "gdp 增长");
        assert_eq!(normalize("ÉCOLE"), "école");
    }

    #[test]
    fn normalization_keeps_the_number_of_characters() {
        for text in ["Straße İstanbul ﬁ", "衛生院ＡＢＣ　x", "2025年"] {
            assert_eq!(normalize(text).chars().count(), text.chars().count());
        }
    }

    /// OpenCC's own conversions of one text (its golden test: the US
    /// constitution in Simplified, and OpenCC's s2t, s2hk and s2tw of it):
    /// each form folds to the same text, so a page is found by its
    /// Simplified and its Traditional form alike.
    #[test]
    fn opencc_conversions_of_a_text_fold_alike() {
        let simplified = include_str!("../../tests/data/opencc/us_constitution_zhs.txt");
        for (name, converted) in [
            (
                "s2t",
                include_str!("../../tests/data/opencc/us_constitution_zhs.s2t.txt"),
            ),
            (
                "s2hk",
                include_str!("../../tests/data/opencc/us_constitution_zhs.s2hk.txt"),
            ),
            (
                "s2tw",
                include_str!("../../tests/data/opencc/us_constitution_zhs.s2tw.txt"),
            ),
        ] {
            assert_ne!(simplified, converted);
            let (a, b) = (normalize(simplified), normalize(converted));
            let differ: Vec<String> = simplified
                .chars()
                .zip(converted.chars())
                .zip(a.chars().zip(b.chars()))
                .filter(|(_, (x, y))| x != y)
                .map(|((s, t), _)| format!("{s}/{t}"))
                .collect();
            assert!(differ.is_empty(), "{name}: {differ:?}");
        }
    }

    #[test]
    fn characters_with_several_simplified_forms_take_openccs_first() {
        assert_eq!(normalize("諮詢"), "咨询");
        assert_eq!(normalize("瀋陽"), "沈阳");
        assert_eq!(normalize("羣衆 山峯"), "群众 山峰");
        assert_eq!(normalize("衞生 僞造 啓事"), "卫生 伪造 启事");
        assert_eq!(normalize("以後 頭髮"), "以后 头发");
        assert_eq!(normalize("乾淨"), "干净");
        // A variant that is a Simplified character too stays itself.
        assert_eq!(normalize("什么 吃饭 台湾"), "什么 吃饭 台湾");
    }

    /// Phrases fold as OpenCC writes them: 乾坤 keeps 乾 (so the one
    /// character 干 does not find it), in Traditional and Simplified pages
    /// alike; elsewhere 乾 is 干 (乾淨 = 干净).
    #[test]
    fn phrases_fold_as_opencc_writes_them() {
        assert_eq!(normalize("旋轉乾坤"), "旋转乾坤");
        assert_eq!(normalize("旋转乾坤"), "旋转乾坤");
        assert_eq!(normalize("見覆"), "见复");
        // 答覆 reads as Simplified characters too (覆盖): not a phrase here.
        assert_eq!(normalize("答覆"), "答覆");
        assert_eq!(normalize("乾淨衛生"), "干净卫生");
        // A phrase that reads as Simplified text is never applied to it.
        assert_eq!(normalize("东西一坏"), "东西一坏");
        // Positions stay put: one character for one.
        for text in ["乾坤大挪移", "乾坤乾淨", "x乾坤y"] {
            assert_eq!(normalize(text).chars().count(), text.chars().count());
        }
    }

    #[test]
    fn every_phrase_folds_to_itself_once_folded() {
        for (phrase, folded) in phrase_table().values().flatten() {
            let folded: String = folded.iter().collect();
            assert_eq!(normalize(&folded), folded, "{phrase}");
            assert_eq!(normalize(phrase), folded, "{phrase}");
        }
    }

    /// search-core.js folds a compatibility ideograph by its NFC form (the
    /// pairs are not sent): the table must agree with that.
    #[test]
    fn compatibility_ideographs_fold_as_their_canonical_form() {
        use unicode_normalization::UnicodeNormalization;
        let ranges = ('\u{F900}'..='\u{FAFF}').chain('\u{2F800}'..='\u{2FA1F}');
        let mut checked = 0;
        for c in ranges.filter(|&c| is_compatibility_ideograph(c)) {
            let canonical: Vec<char> = c.to_string().nfc().collect();
            if let [one] = canonical[..] {
                assert_eq!(fold_char(c), fold_char(one), "U+{:04X}", c as u32);
                checked += 1;
            }
        }
        assert!(checked > 900, "{checked}");
        assert_eq!(fold_char('\u{F967}'), '不');
    }

    #[test]
    fn folding_is_closed_simplified_text_stays() {
        for (&from, &to) in fold_table() {
            assert_eq!(fold_char(to), to, "{from} folds to {to}, which folds again");
        }
    }

    #[test]
    fn the_table_has_one_character_pairs() {
        let table = fold_table();
        assert!(table.len() > 4000, "{} pairs", table.len());
        assert_eq!(table.get(&'衛'), Some(&'卫'));
        assert!(table.keys().all(|c| is_cjk(*c)));
    }

    #[test]
    fn the_flat_table_folds_as_the_pairs_say() {
        let table = fold_table();
        for (&from, &to) in table {
            assert_eq!(fold_char(from), to, "{from}");
        }
        for c in ['卫', '镇', '㐀', '鿿', '丁'] {
            assert_eq!(fold_char(c), *table.get(&c).unwrap_or(&c), "{c}");
        }
    }

    #[test]
    fn the_table_folds_and_classifies_as_the_functions_do() {
        let samples = (0..=0x3_0000_u32).step_by(7).chain([
            0x3000, 0x3001, 0xFF0C, 0xFF21, 0xFF41, 0xFF10, 0x4E00, 0x885B, 0xD7FF, 0xFFFF,
            0x1_0000, 0x2_0000,
        ]);
        for c in samples.filter_map(char::from_u32) {
            let folded = fold_char(c);
            assert_eq!(
                fold_and_class(c),
                (folded, class_of(folded)),
                "U+{:04X}",
                c as u32
            );
        }
        assert_eq!(fold_and_class('衛'), ('卫', Class::Unit));
        assert_eq!(fold_and_class('Ａ'), ('a', Class::Unit));
        assert_eq!(fold_and_class('，'), (',', Class::Other));
        assert_eq!(fold_and_class('、'), ('、', Class::Other));
        assert_eq!(fold_and_class('é'), ('é', Class::Unit));
        assert_eq!(fold_and_class('％'), ('%', Class::Unit));
        assert_eq!(fold_and_class('　'), (' ', Class::Other));
    }

    #[test]
    fn kinds_of_characters() {
        assert!(is_cjk('卫') && is_cjk('衛') && !is_cjk('a'));
        // 〇 (U+3007) is the ideographic zero of 二〇二五年: one class with
        // its neighbours, so a query for 二〇二五 finds it as a phrase.
        assert_eq!(class_of('〇'), Class::Unit);
        assert_eq!(fold_and_class('〇'), ('〇', Class::Unit));
        for unit in ['a', '9', 'é', 'Ω', '%', '‰', '℃', '¥', '+', '×', '#', '@'] {
            assert!(is_unit(unit), "{unit}");
        }
        for separator in ['，', '。', '、', ',', '.', '-', '·', '（', '"', ' ', '\n'] {
            assert!(!is_unit(separator), "{separator:?}");
        }
    }
}
