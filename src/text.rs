//! Chinese-aware text statistics: which characters are CJK ideographs, how
//! many ideographs and Latin-script words a text holds, how long it takes to
//! read, and how to shorten it for a summary without cutting a character in
//! half.
//!
//! Everything here works on *plain* text (no markup): turning Markdown into
//! plain text is the `markdown` module's job, and deciding where the numbers are
//! shown (templates, search index, feeds) is left to the callers.

/// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt):
/// characters shown as nothing (zero-width spaces and joiners, the soft
/// hyphen, variation selectors…), so a reader sees the text around them
/// joined: the privacy scan and the search both read past them.
pub(crate) fn is_default_ignorable(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x034F
            | 0x061C
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFF8
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
    )
}

/// A character a reader does not see inside a word: [`is_default_ignorable`]
/// or a control character other than a tab or a line break (NUL, U+0085…).
pub(crate) fn is_invisible(c: char) -> bool {
    is_default_ignorable(c) || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// `text` without its [`is_invisible`] characters (borrowed when it has none).
pub(crate) fn without_invisible(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_invisible) {
        text.chars().filter(|&c| !is_invisible(c)).collect()
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Whether `c` is a CJK ideograph (汉字).
///
/// Covers CJK Unified Ideographs and their extensions (A through I), the
/// compatibility ideographs (and their supplement), and `〇` (U+3007, the
/// ideographic zero used in dates such as 二〇二五年). Punctuation such as
/// `，。、：` is *not* CJK in this sense, nor are kana or hangul.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(
        c,
        '\u{3007}'
            | '\u{3400}'..='\u{4DBF}'   // Extension A
            | '\u{4E00}'..='\u{9FFF}'   // Unified Ideographs
            | '\u{F900}'..='\u{FAFF}'   // Compatibility Ideographs
            | '\u{20000}'..='\u{2A6DF}' // Extension B
            | '\u{2A700}'..='\u{2EBEF}' // Extensions C, D, E, F, I
            | '\u{2F800}'..='\u{2FA1F}' // Compatibility Ideographs Supplement
            | '\u{30000}'..='\u{323AF}' // Extensions G, H
    )
}

/// Whether `c` is a wide character: a CJK ideograph, CJK punctuation
/// (`，。、《》「」`), kana or a full-width form (`（）：；！`).
///
/// A line break between two wide characters is no space: Chinese text has
/// none between words, so a line broken in the source joins with nothing
/// (in page bodies, plain text, summaries and search).
pub(crate) fn is_wide(c: char) -> bool {
    is_cjk(c)
        || matches!(c,
            '\u{3000}'..='\u{303F}' // CJK punctuation
            | '\u{3040}'..='\u{30FF}' // kana
            | '\u{FF00}'..='\u{FFEF}' // full-width forms
        )
}

/// Counts of what a reader reads in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextStats {
    /// CJK ideographs, counted one by one.
    pub(crate) cjk_chars: usize,
    /// Runs of non-CJK letters and digits, such as `Rust`, `2025`, `don't`
    /// or `co-operate`.
    pub(crate) latin_words: usize,
}

/// Whether `c` can be part of a Latin-script (non-CJK) word.
///
/// ASCII letters and digits, and also other alphabetic letters and digits
/// that are not CJK ideographs (so `café` and `naïve` are one word each).
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric() && !is_cjk(c))
}

/// Characters that join two word parts into one word when they stand
/// between them (`don't`, `co-operate`).
fn is_word_joiner(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}')
}

/// Counts CJK characters and Latin-script words in `plain`.
///
/// Punctuation (half- or full-width), symbols and whitespace count as
/// nothing. `2025年Rust语言` has 3 CJK characters and 2 words.
pub fn text_stats(plain: &str) -> TextStats {
    let mut stats = TextStats::default();
    let mut in_word = false;
    let mut chars = plain.chars().peekable();
    while let Some(c) = chars.next() {
        if is_cjk(c) {
            stats.cjk_chars += 1;
            in_word = false;
        } else if is_word_char(c) {
            if !in_word {
                stats.latin_words += 1;
                in_word = true;
            }
        } else if in_word && is_word_joiner(c) && chars.peek().is_some_and(|&n| is_word_char(n)) {
            // Inside a word: `don't`, `co-operate`; the word goes on.
        } else {
            in_word = false;
        }
    }
    stats
}

/// CJK characters read per minute.
const CJK_PER_MINUTE: usize = 400;
/// Latin-script words read per minute.
const WORDS_PER_MINUTE: usize = 200;

/// Estimated reading time in whole minutes: 400 CJK characters a minute plus
/// 200 words a minute, rounded up, at least 1.
pub fn reading_time_minutes(stats: &TextStats) -> usize {
    // Work in units of 1/400 minute: a CJK character is one unit, a word two.
    let units = stats.cjk_chars.saturating_add(
        stats
            .latin_words
            .saturating_mul(CJK_PER_MINUTE / WORDS_PER_MINUTE),
    );
    units.div_ceil(CJK_PER_MINUTE).max(1)
}

/// Punctuation after which a cut reads as the end of a sentence.
fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；')
}

/// Shortens `plain` to at most `max` characters for a summary.
///
/// Whitespace runs (including the ideographic space U+3000 and newlines)
/// become one space and the ends are trimmed. If the result is longer than
/// `max` characters (chars, not bytes), it is cut to `max` characters and
/// `…` is appended, so the result has at most `max + 1` characters. When
/// one of `。！？；` occurs within the last 30% of the allowed length, the
/// cut is made right after the last such mark instead, so the summary ends
/// on a whole sentence.
/// The length of a page's automatic description and summary, in characters.
pub const DESCRIPTION_CHARS: usize = 120;

/// What [`truncate_chars`] with at most [`DESCRIPTION_CHARS`] reads of
/// `plain`: its whitespace collapsed, and two characters more than it
/// keeps, so that it still knows the text was longer (one of the two may be
/// a space, which it drops).
pub(crate) fn description_source(plain: &str) -> String {
    let mut out = String::new();
    for (i, word) in plain.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() > DESCRIPTION_CHARS + 1 {
            break;
        }
    }
    match out.char_indices().nth(DESCRIPTION_CHARS + 2) {
        Some((end, _)) => out[..end].to_string(),
        None => out,
    }
}

pub fn truncate_chars(plain: &str, max: usize) -> String {
    let collapsed = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let head: Vec<char> = collapsed.chars().take(max).collect();
    // Keeping `keep` characters is allowed to end on a sentence mark when
    // `keep` lies in the last 30% of `max`, i.e. keep >= 0.7 * max.
    let sentence_cut = head
        .iter()
        .enumerate()
        .rev()
        .map(|(i, &c)| (i + 1, c))
        .take_while(|&(keep, _)| keep.saturating_mul(10) >= max.saturating_mul(7))
        .find(|&(_, c)| is_sentence_end(c))
        .map(|(keep, _)| keep);
    let keep = sentence_cut.unwrap_or(max);
    let mut out: String = head[..keep].iter().collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// A file size as readers see it beside a download: `512 B`, `1.5 KB`, `3.0 MB`.
pub(crate) fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1024.0 && unit < UNITS.len() - 1 {
        size /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{size:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_ranges() {
        for c in ['中', '国', '〇', '㐀', '豈', '𠀀', '鿿'] {
            assert!(is_cjk(c), "{c} should be CJK");
        }
        for c in [
            '，', '。', '、', '：', '（', '《', '“', 'a', '1', 'あ', '한', ' ', '…',
        ] {
            assert!(!is_cjk(c), "{c} should not be CJK");
        }
    }

    #[test]
    fn stats_on_mixed_text() {
        assert_eq!(
            text_stats("2025年Rust语言"),
            TextStats {
                cjk_chars: 3,
                latin_words: 2
            }
        );
        assert_eq!(
            text_stats("镇人大主席团，召开第三次会议。"),
            TextStats {
                cjk_chars: 13,
                latin_words: 0
            }
        );
        assert_eq!(
            text_stats("Don't over-engineer: it's 3.5 times slower!"),
            TextStats {
                cjk_chars: 0,
                latin_words: 7
            }
        );
        assert_eq!(
            text_stats("'quoted' -dash- end-"),
            TextStats {
                cjk_chars: 0,
                latin_words: 3
            }
        );
        assert_eq!(
            text_stats("café 与 naïve"),
            TextStats {
                cjk_chars: 1,
                latin_words: 2
            }
        );
        assert_eq!(text_stats(""), TextStats::default());
        assert_eq!(text_stats("，。！？ …… \n\t"), TextStats::default());
    }

    #[test]
    fn reading_time_rounds_up_with_minimum_one() {
        let t = |cjk_chars, latin_words| {
            reading_time_minutes(&TextStats {
                cjk_chars,
                latin_words,
            })
        };
        assert_eq!(t(0, 0), 1);
        assert_eq!(t(1, 0), 1);
        assert_eq!(t(400, 0), 1);
        assert_eq!(t(401, 0), 2);
        assert_eq!(t(0, 200), 1);
        assert_eq!(t(0, 201), 2);
        // Half a minute of each makes exactly one minute.
        assert_eq!(t(200, 100), 1);
        assert_eq!(t(201, 100), 2);
        assert_eq!(t(1200, 0), 3);
        assert_eq!(t(usize::MAX, usize::MAX), usize::MAX.div_ceil(400));
    }

    #[test]
    fn truncate_collapses_whitespace() {
        assert_eq!(truncate_chars("  一\n\n二 \u{3000} 三\t ", 10), "一 二 三");
        assert_eq!(truncate_chars("", 5), "");
        assert_eq!(truncate_chars("   ", 5), "");
    }

    #[test]
    fn truncate_counts_chars_not_bytes() {
        let s = "乡镇人大代表联络站";
        assert_eq!(truncate_chars(s, 9), s);
        assert_eq!(truncate_chars(s, 4), "乡镇人大…");
        assert_eq!(truncate_chars(s, 0), "…");
        // Never splits a multi-byte character, whatever the length.
        let mixed = "a中😀b文é ñ。字";
        for max in 0..12 {
            let out = truncate_chars(mixed, max);
            assert!(out.chars().count() <= max + 1);
            assert!(mixed.starts_with(out.trim_end_matches('…')));
        }
    }

    #[test]
    fn truncate_prefers_sentence_end() {
        // 10 allowed: the 。 after 8 characters is in the last 30%.
        assert_eq!(
            truncate_chars("一二三四五六七。八九十甲乙丙", 10),
            "一二三四五六七。…"
        );
        // The last sentence end in the window wins.
        assert_eq!(
            truncate_chars("一二三四五六七！八？九十甲乙丙", 10),
            "一二三四五六七！八？…"
        );
        // A sentence end before the last 30% is ignored.
        assert_eq!(
            truncate_chars("一二。三四五六七八九十甲乙丙", 10),
            "一二。三四五六七八九…"
        );
        // Not cut when short enough, even with sentence marks.
        assert_eq!(truncate_chars("会议召开。", 5), "会议召开。");
    }

    #[test]
    fn truncate_trims_space_before_ellipsis() {
        assert_eq!(truncate_chars("abc def ghi", 4), "abc…");
    }

    proptest::proptest! {
        #[test]
        fn truncation_is_never_longer_than_asked(text in "\\PC{0,300}", max in 0usize..200) {
            let out = truncate_chars(&text, max);
            let kept = out.strip_suffix('…').unwrap_or(&out);
            proptest::prop_assert!(kept.chars().count() <= max, "{out:?}");
            proptest::prop_assert!(out.chars().count() <= max + 1);
            // A cut is marked, and what is kept is the text's own beginning.
            let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert!(collapsed.starts_with(kept), "{out:?} of {collapsed:?}");
            if out != collapsed {
                proptest::prop_assert!(out.ends_with('…') && kept.len() < collapsed.len());
            }
        }

        #[test]
        fn counts_never_overflow(text in "\\PC{0,300}") {
            let stats = text_stats(&text);
            proptest::prop_assert!(stats.cjk_chars <= text.chars().count());
            proptest::prop_assert!(reading_time_minutes(&stats) >= 1);
        }
    }
}

#[cfg(test)]
mod description_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A description made from the kept start is the one made from the
        /// whole text.
        #[test]
        fn the_kept_start_gives_the_same_description(
            words in proptest::collection::vec("[人大a-z。，]{0,12}", 0..40),
            spaces in proptest::collection::vec("[ \n\t]{1,3}", 40),
        ) {
            let text: String = words.iter().zip(&spaces).map(|(w, s)| format!("{w}{s}")).collect();
            let kept = description_source(&text);
            prop_assert!(kept.chars().count() <= DESCRIPTION_CHARS + 2);
            prop_assert_eq!(
                truncate_chars(&kept, DESCRIPTION_CHARS),
                truncate_chars(&text, DESCRIPTION_CHARS)
            );
        }
    }
}
