//! Privacy guard: finds personal data of private citizens in published text.
//!
//! The domain contract says that 18-digit resident ID numbers (with a valid
//! check character), mobile numbers and bank card numbers must not appear in
//! published text or in attachments' names. [`scan`] looks for them in one
//! piece of text and returns a [`Finding`] for each, with its kind, its byte
//! range in that text and the number masked for messages (`4401**********1234`,
//! `138****5678`). Numbers in the site's `[privacy] allow = [...]` list are
//! skipped.
//!
//! What it detects:
//!
//! * **Resident ID** (GB 11643-1999): 17 digits and a check character (digit
//!   or `X`/`x`). The first digit must be 1–8 (a plausible region code),
//!   digits 7–14 a real date (1900–2100, leap years included) and the
//!   ISO 7064 MOD 11-2 check character right. An 18-digit run that looks like
//!   an ID (region and date) but has a wrong check character is left alone,
//!   and is not reported as a bank card either.
//! * **Mobile**: 11 digits starting `1[3-9]`, unbroken or grouped 3-4-4 with
//!   spaces or hyphens, optionally after `+86`, `86` or `0086`.
//! * **Bank card**: 16–19 digits starting with 3–6 that pass the Luhn check,
//!   unbroken or in groups of four (the last group may be shorter).
//!
//! Groups are separated by one space (also no-break or ideographic space) or
//! one hyphen (also `－`, `‐`, `–`). An unbroken run is found even when it is
//! hyphenated to other digits (`0571-87654321-13812345678`), but a grouped
//! shape must cover its whole hyphenated token, and four-digit card groups
//! must not be part of a longer run of groups.
//!
//! Digits may be ASCII or full-width (`０`–`９`). A number only counts when it
//! stands alone: a run of digits glued to letters (`MB0000000X`, hex in a
//! URL), a longer run of digits, a decimal point (`13812345678.50`) or the
//! `/2026-00001` tail of an 索引号 is not a match. Chinese characters and
//! punctuation are boundaries, so `电话13812345678联系` is found. Landlines
//! (`0571-87654321`), hotlines (`400-123-4567`), dates, years and amounts
//! (`13,800,000`) do not have any of the shapes above.
//!
//! What it leaves to others: reading `site.toml`, choosing which texts and
//! file names to scan, turning byte offsets into line numbers, naming the file
//! and failing the build are the caller's job. This module never panics, never
//! slices inside a UTF-8 character and runs in time linear in the text length.

use std::collections::HashSet;

/// What kind of personal data a [`Finding`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonalKind {
    /// 18-digit resident ID number (居民身份证号码).
    ResidentId,
    /// Mainland mobile number.
    Mobile,
    /// Bank card number.
    BankCard,
}

impl PersonalKind {
    /// Chinese label for messages: 身份证号 / 手机号码 / 银行卡号.
    pub(crate) fn label_zh(self) -> &'static str {
        match self {
            PersonalKind::ResidentId => "身份证号",
            PersonalKind::Mobile => "手机号码",
            PersonalKind::BankCard => "银行卡号",
        }
    }

    /// English label for messages.
    pub(crate) fn label_en(self) -> &'static str {
        match self {
            PersonalKind::ResidentId => "resident ID number",
            PersonalKind::Mobile => "mobile phone number",
            PersonalKind::BankCard => "bank card number",
        }
    }
}

/// One number found by [`scan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What sort of number it is.
    pub kind: PersonalKind,
    /// Byte offset in the scanned text where the number starts (at its first
    /// digit, or at the `+` of `+86`). Always on a char boundary.
    pub start: usize,
    /// Byte offset just past the number's last digit or `X`. Always on a char
    /// boundary.
    pub end: usize,
    /// The number masked for messages, e.g. `4401**********1234`,
    /// `138****5678` (a mobile is masked without its `+86` prefix).
    pub masked: String,
}

/// Scans `text` for resident ID numbers, mobile numbers and bank card numbers.
///
/// Numbers listed in `allow` are skipped. Allow entries and found numbers are
/// compared by their digits only (spaces, hyphens and other punctuation are
/// removed, full-width digits normalized, `x` read as `X`, and a `+86`/`0086`
/// prefix dropped from mobiles), so `"138-1234-5678"` allows
/// `+86 138 1234 5678` too.
///
/// Findings come in text order and do not overlap.
pub fn scan(text: &str, allow: &[String]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut allowed: Option<HashSet<String>> = None;
    let mut chain = Chain::default();
    let mut pos = 0;
    while let Some(c) = char_at(text, pos) {
        if digit_value(c).is_some() {
            pos = chain.read(text, pos);
            chain.find(|cand| {
                let allowed =
                    allowed.get_or_insert_with(|| allow.iter().map(|a| canonical(a)).collect());
                if !allowed.contains(&cand.number) {
                    findings.push(Finding {
                        kind: cand.kind,
                        start: cand.start,
                        end: cand.end,
                        masked: mask(&cand.number),
                    });
                }
            });
        } else if is_alnum(c) {
            pos = skip_alnum(text, pos);
        } else {
            pos += c.len_utf8();
        }
    }
    findings
}

/// Masks a number for messages: keeps the first 4 and the last 4 digits and
/// puts `*` in between (`4401**********1234`); an 11-digit mobile keeps its
/// first 3 and last 4 (`138****5678`).
///
/// Only digits (ASCII or full-width) and `X`/`x` are kept from `number`, so
/// `"6222 0212 3456 7890 123"` gives `6222***********0123`; a `+86`/`0086`
/// prefix before a mobile is dropped. A number of 8 characters or fewer
/// becomes all stars.
pub fn mask(number: &str) -> String {
    let digits = canonical(number);
    let n = digits.len();
    let (head, tail) = match n {
        11 => (3, 4),
        0..=8 => (0, 0),
        _ => (4, 4),
    };
    digits
        .chars()
        .enumerate()
        .map(|(i, c)| if i < head || i + tail >= n { c } else { '*' })
        .collect()
}

// ---------------------------------------------------------------------------
// Characters

fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|s| s.chars().next())
}

fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos).and_then(|s| s.chars().next_back())
}

/// Value of an ASCII or full-width digit.
fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '\u{FF10}'..='\u{FF19}' => u8::try_from(u32::from(c) - 0xFF10).ok(),
        _ => None,
    }
}

fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

fn is_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | '\u{FF38}' | '\u{FF58}')
}

/// Letters and digits that glue to a number: ASCII, full-width and other
/// alphabetic scripts written with spaces (Latin, Greek, Cyrillic…). Chinese
/// characters and punctuation are boundaries.
fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
        || (u32::from(c) < 0x0590 && c.is_alphanumeric())
}

fn is_decimal_point(c: char) -> bool {
    matches!(c, '.' | '\u{FF0E}')
}

fn is_plus(c: char) -> bool {
    matches!(c, '+' | '\u{FF0B}')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Space,
    Hyphen,
}

fn sep_kind(c: char) -> Option<Sep> {
    match c {
        ' ' | '\u{A0}' | '\u{3000}' => Some(Sep::Space),
        '-' | '\u{FF0D}' | '\u{2010}' | '\u{2011}' | '\u{2013}' => Some(Sep::Hyphen),
        _ => None,
    }
}

fn skip_alnum(text: &str, mut pos: usize) -> usize {
    while let Some(c) = char_at(text, pos) {
        if !is_alnum(c) {
            break;
        }
        pos += c.len_utf8();
    }
    pos
}

/// After a `/`: `2026-` (the year and serial of an 索引号 `code/2026-00001`).
fn looks_like_index_tail(text: &str, mut pos: usize) -> bool {
    for _ in 0..4 {
        match char_at(text, pos) {
            Some(c) if is_digit(c) => pos += c.len_utf8(),
            _ => return false,
        }
    }
    char_at(text, pos).is_some_and(|c| sep_kind(c) == Some(Sep::Hyphen))
}

/// Digits of `s` (ASCII, `X` for the check character), all else dropped, and
/// the country prefix of a mobile removed.
pub(crate) fn canonical(s: &str) -> String {
    let digits: Vec<u8> = s
        .chars()
        .filter_map(|c| {
            digit_value(c)
                .map(|v| b'0' + v)
                .or_else(|| is_x(c).then_some(b'X'))
        })
        .collect();
    let national = strip_country_prefix(&digits).unwrap_or(&digits);
    national.iter().map(|&b| char::from(b)).collect()
}

/// `86…` (13 digits) or `0086…` (15 digits) around a mobile: the mobile.
fn strip_country_prefix(d: &[u8]) -> Option<&[u8]> {
    let rest = match d.len() {
        13 => d.strip_prefix(b"86"),
        15 => d.strip_prefix(b"0086"),
        _ => None,
    }?;
    is_mobile(rest).then_some(rest)
}

// ---------------------------------------------------------------------------
// Checks

fn all_digits(d: &[u8]) -> bool {
    d.iter().all(u8::is_ascii_digit)
}

fn is_mobile(d: &[u8]) -> bool {
    d.len() == 11 && d[0] == b'1' && (b'3'..=b'9').contains(&d[1]) && all_digits(d)
}

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn number(d: &[u8]) -> u32 {
    d.iter()
        .fold(0, |n, &b| n * 10 + u32::from(b.wrapping_sub(b'0')))
}

/// 17 digits (and a check character) whose region and birth date are
/// plausible: first digit 1–8, digits 7–14 a date in 1900–2100.
fn looks_like_id(d: &[u8]) -> bool {
    if d.len() != 18 || !all_digits(&d[..17]) || !(b'1'..=b'8').contains(&d[0]) {
        return false;
    }
    let year = number(&d[6..10]);
    let month = number(&d[10..12]);
    let day = number(&d[12..14]);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    };
    (1900..=2100).contains(&year) && (1..=days).contains(&day)
}

/// ISO 7064 MOD 11-2 check character of the first 17 digits.
fn id_check_char(d: &[u8]) -> u8 {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = d
        .iter()
        .zip(WEIGHTS)
        .map(|(&b, w)| u32::from(b.wrapping_sub(b'0')) * w)
        .sum();
    CHECK[(sum % 11) as usize]
}

fn is_valid_id(d: &[u8]) -> bool {
    looks_like_id(d) && d[17] == id_check_char(d)
}

fn luhn_ok(d: &[u8]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &b)| {
            let v = u32::from(b.wrapping_sub(b'0'));
            if i % 2 == 1 {
                let v = v * 2;
                if v > 9 {
                    v - 9
                } else {
                    v
                }
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn is_card(d: &[u8]) -> bool {
    (16..=19).contains(&d.len()) && (b'3'..=b'6').contains(&d[0]) && all_digits(d) && luhn_ok(d)
}

/// What the shape of a candidate says it is.
#[derive(Clone, Copy)]
enum Shape {
    /// One unbroken run of digits: decided by its length.
    Unbroken,
    /// 3-4-4 (after any prefix).
    Mobile,
    /// 6-8-4.
    Id,
    /// 4-4-4-4 with an optional short last group.
    Card,
}

/// Kind and canonical number of the digits `d`, if they are personal data.
fn classify(d: &[u8], shape: Shape) -> Option<(PersonalKind, &[u8])> {
    match shape {
        Shape::Mobile => is_mobile(d).then_some((PersonalKind::Mobile, d)),
        Shape::Id => is_valid_id(d).then_some((PersonalKind::ResidentId, d)),
        Shape::Card => {
            if is_valid_id(d) {
                Some((PersonalKind::ResidentId, d))
            } else {
                is_card(d).then_some((PersonalKind::BankCard, d))
            }
        }
        Shape::Unbroken => match d.len() {
            11 => is_mobile(d).then_some((PersonalKind::Mobile, d)),
            13 | 15 => strip_country_prefix(d).map(|m| (PersonalKind::Mobile, m)),
            18 if looks_like_id(d) => is_valid_id(d).then_some((PersonalKind::ResidentId, d)),
            16..=19 => is_card(d).then_some((PersonalKind::BankCard, d)),
            _ => None,
        },
    }
}

// ---------------------------------------------------------------------------
// Chains of digit groups

/// Digits joined by single spaces or hyphens, e.g. `+86 138-1234-5678`.
#[derive(Default)]
struct Chain {
    /// Normalized digits of all groups (ASCII, `X` for a check character).
    digits: Vec<u8>,
    groups: Vec<Group>,
    /// `seps[k]` stands between `groups[k]` and `groups[k + 1]`.
    seps: Vec<Sep>,
    /// Group ranges joined by hyphens; tokens are joined by spaces.
    tokens: Vec<(usize, usize)>,
    /// The first group is glued to what precedes (a decimal point).
    left_taint: bool,
    /// The last group is glued to what follows (letters, decimals, `/2026-`).
    right_taint: bool,
    /// Byte offset of a `+` right before the first digit.
    plus: Option<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
    d0: usize,
    d1: usize,
}

struct Candidate {
    kind: PersonalKind,
    start: usize,
    end: usize,
    number: String,
}

impl Chain {
    /// Reads the chain whose first digit is at `start` (not preceded by a
    /// letter or digit); returns where scanning goes on.
    fn read(&mut self, text: &str, start: usize) -> usize {
        self.digits.clear();
        self.groups.clear();
        self.seps.clear();
        self.tokens.clear();
        self.right_taint = false;
        let prev = char_before(text, start);
        self.plus = prev.filter(|&p| is_plus(p)).map(|p| start - p.len_utf8());
        self.left_taint = prev.is_some_and(|p| {
            is_decimal_point(p) && char_before(text, start - p.len_utf8()).is_some_and(is_digit)
        });
        let mut pos = start;
        let end = loop {
            let group_start = pos;
            let d0 = self.digits.len();
            while let Some((c, v)) = char_at(text, pos).and_then(|c| Some((c, digit_value(c)?))) {
                self.digits.push(b'0' + v);
                pos += c.len_utf8();
            }
            let mut has_x = false;
            if let Some(c) = char_at(text, pos).filter(|&c| is_x(c)) {
                self.digits.push(b'X');
                pos += c.len_utf8();
                has_x = true;
            }
            self.groups.push(Group {
                start: group_start,
                end: pos,
                d0,
                d1: self.digits.len(),
            });
            let Some(c) = char_at(text, pos) else {
                break pos;
            };
            if is_alnum(c) {
                self.right_taint = true;
                break skip_alnum(text, pos);
            }
            let after = pos + c.len_utf8();
            match sep_kind(c) {
                Some(sep) if !has_x && char_at(text, after).is_some_and(is_digit) => {
                    self.seps.push(sep);
                    pos = after;
                }
                _ => {
                    self.right_taint = (is_decimal_point(c)
                        && char_at(text, after).is_some_and(is_digit))
                        || (c == '/' && looks_like_index_tail(text, after));
                    break pos;
                }
            }
        };
        let mut first = 0;
        for k in 0..self.groups.len() {
            if self.seps.get(k).is_none_or(|&s| s == Sep::Space) {
                self.tokens.push((first, k + 1));
                first = k + 1;
            }
        }
        end
    }

    /// Reports each number in the chain, left to right.
    fn find(&self, mut report: impl FnMut(Candidate)) {
        let mut t = 0;
        // Tokens before this one belong to a number already reported.
        let mut free = 0;
        while t < self.tokens.len() {
            match self.match_at(t, free) {
                Some((cand, last)) => {
                    report(cand);
                    t = last + 1;
                    free = t;
                }
                None => {
                    // `13812345678-1`: an unbroken number inside a hyphenated
                    // token that has no known shape as a whole.
                    if let Some(&(a, b)) = self.tokens.get(t).filter(|&&(a, b)| b > a + 1) {
                        for g in a..b {
                            if let Some(cand) = self.candidate_groups(g, g + 1, Shape::Unbroken, 0)
                            {
                                report(cand);
                            }
                        }
                    }
                    t += 1;
                }
            }
        }
    }

    fn group_digits(&self, g: usize) -> &[u8] {
        self.groups
            .get(g)
            .and_then(|g| self.digits.get(g.d0..g.d1))
            .unwrap_or(&[])
    }

    /// Digit count of token `t` if it is a single group.
    fn single_len(&self, t: usize) -> Option<usize> {
        let &(a, b) = self.tokens.get(t)?;
        (b == a + 1).then(|| self.group_digits(a).len())
    }

    /// Digit counts of the groups of token `t`.
    fn token_shape(&self, t: usize) -> Vec<usize> {
        self.tokens.get(t).map_or_else(Vec::new, |&(a, b)| {
            (a..b).map(|g| self.group_digits(g).len()).collect()
        })
    }

    fn is_prefix_group(&self, g: usize) -> bool {
        matches!(self.group_digits(g), b"86" | b"0086")
    }

    /// The longest number starting at token `t`, with the last token it
    /// uses; tokens from `free` on are not part of an earlier number.
    fn match_at(&self, t: usize, free: usize) -> Option<(Candidate, usize)> {
        self.prefix_then_mobile(t)
            .or_else(|| self.spaced_card(t, free))
            .or_else(|| self.spaced(t, &[6, 8, 4], Shape::Id))
            .or_else(|| self.spaced(t, &[3, 4, 4], Shape::Mobile))
            .or_else(|| self.one_token(t))
    }

    /// `86 138 1234 5678`, `0086 13812345678`, `+86 138-1234-5678`.
    fn prefix_then_mobile(&self, t: usize) -> Option<(Candidate, usize)> {
        let (g, _) = *self.tokens.get(t)?;
        if self.single_len(t).is_none() || !self.is_prefix_group(g) {
            return None;
        }
        let next = self.token_shape(t + 1);
        if next == [11] || next == [3, 4, 4] {
            self.candidate(t, t + 1, Shape::Mobile, 1)
        } else if self.spaced(t + 1, &[3, 4, 4], Shape::Mobile).is_some() {
            self.candidate(t, t + 3, Shape::Mobile, 1)
        } else {
            None
        }
    }

    /// `6222 0212 3456 7890` with an optional last group of 1–3 digits, not
    /// part of a longer run of groups (`1234 5678 9012 3456 7890`); a group
    /// that belongs to the number before (tokens before `free`) does not
    /// count.
    fn spaced_card(&self, t: usize, free: usize) -> Option<(Candidate, usize)> {
        if !(0..4).all(|k| self.single_len(t + k) == Some(4)) {
            return None;
        }
        if t > free && matches!(self.single_len(t - 1), Some(1..=4)) {
            return None;
        }
        match self.single_len(t + 4) {
            Some(1..=3) => self.candidate(t, t + 4, Shape::Card, 0),
            Some(4) => None,
            _ => self.candidate(t, t + 3, Shape::Card, 0),
        }
    }

    /// Single groups of the given lengths joined by spaces.
    fn spaced(&self, t: usize, lens: &[usize], shape: Shape) -> Option<(Candidate, usize)> {
        let fits = lens
            .iter()
            .enumerate()
            .all(|(k, &n)| self.single_len(t + k) == Some(n));
        if fits {
            self.candidate(t, t + lens.len() - 1, shape, 0)
        } else {
            None
        }
    }

    /// One hyphen-joined token or one unbroken run.
    fn one_token(&self, t: usize) -> Option<(Candidate, usize)> {
        let shape = self.token_shape(t);
        let (g, _) = *self.tokens.get(t)?;
        let prefixed = self.is_prefix_group(g);
        match shape.as_slice() {
            [_] => self.candidate(t, t, Shape::Unbroken, 0),
            [3, 4, 4] => self.candidate(t, t, Shape::Mobile, 0),
            [2 | 4, 11] | [2 | 4, 3, 4, 4] if prefixed => self.candidate(t, t, Shape::Mobile, 1),
            [4, 4, 4, 4] | [4, 4, 4, 4, 1..=3] => self.candidate(t, t, Shape::Card, 0),
            [6, 8, 4] => self.candidate(t, t, Shape::Id, 0),
            _ => None,
        }
    }

    /// Checks tokens `t..=last` (dropping the first `skip` groups, a country
    /// prefix, from the digits) and builds the candidate.
    fn candidate(
        &self,
        t: usize,
        last: usize,
        shape: Shape,
        skip: usize,
    ) -> Option<(Candidate, usize)> {
        let (g0, _) = *self.tokens.get(t)?;
        let (_, g1) = *self.tokens.get(last)?;
        let cand = self.candidate_groups(g0, g1, shape, skip)?;
        Some((cand, last))
    }

    /// Checks groups `g0..g1` (dropping the first `skip` groups from the
    /// digits) and builds the candidate.
    fn candidate_groups(
        &self,
        g0: usize,
        g1: usize,
        shape: Shape,
        skip: usize,
    ) -> Option<Candidate> {
        if (g0 == 0 && self.left_taint) || (g1 == self.groups.len() && self.right_taint) {
            return None;
        }
        let first = self.groups.get(g0)?;
        let last_group = self.groups.get(g1.checked_sub(1)?)?;
        let d0 = self.groups.get(g0 + skip)?.d0;
        let digits = self.digits.get(d0..last_group.d1)?;
        let (kind, number) = classify(digits, shape)?;
        // `+86…`: the `+` belongs to the number.
        let after_86 = if skip > 0 {
            self.group_digits(g0) == b"86"
        } else {
            digits.len() == number.len() + 2
        };
        let start = match self.plus {
            Some(plus) if g0 == 0 && after_86 => plus,
            _ => first.start,
        };
        Some(Candidate {
            kind,
            start,
            end: last_group.end,
            number: number.iter().map(|&b| char::from(b)).collect(),
        })
    }
}

/// Digits `c` becomes under NFKC (the published-page check counts them;
/// the tests in `published` check it against every code point).
pub(crate) fn digits_of_char(c: char) -> usize {
    if c.is_ascii() {
        return usize::from(c.is_ascii_digit());
    }
    let mut n = 0;
    unicode_normalization::char::decompose_compatible(c, |d| n += usize::from(d.is_ascii_digit()));
    n
}

/// `line` with every character that is or makes a digit shown as `*`.
pub(crate) fn hide_digits(line: &str) -> String {
    line.chars()
        .map(|c| if digits_of_char(c) > 0 { '*' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Reference check character, written independently of `id_check_char`:
    /// weight of position i (from the left, 0-based) is 2^(17-i) mod 11.
    fn ref_check(body17: &str) -> char {
        let sum: u64 = body17
            .chars()
            .enumerate()
            .map(|(i, c)| {
                let w = (1u64 << (17 - i)) % 11;
                u64::from(c.to_digit(10).unwrap()) * w
            })
            .sum();
        match (12 - sum % 11) % 11 {
            10 => 'X',
            v => char::from_digit(v as u32, 10).unwrap(),
        }
    }

    fn make_id(body17: &str) -> String {
        assert_eq!(body17.len(), 17);
        format!("{body17}{}", ref_check(body17))
    }

    /// The same ID with a wrong check character.
    fn wrong_check(id: &str) -> String {
        let good = id.chars().last().unwrap();
        let bad = if good == '1' { '2' } else { '1' };
        format!("{}{bad}", &id[..17])
    }

    fn ref_date_ok(y: u32, m: u32, d: u32) -> bool {
        let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
        let dim = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        (1900..=2100).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= dim[(m - 1) as usize]
    }

    /// Reference: is this 18-character string a valid resident ID?
    fn ref_is_id(s: &str) -> bool {
        let b = s.as_bytes();
        if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
            return false;
        }
        let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap();
        ('1'..='8').contains(&char::from(b[0]))
            && ref_date_ok(n(6..10), n(10..12), n(12..14))
            && ref_check(&s[..17]) == char::from(b[17]).to_ascii_uppercase()
    }

    fn luhn_digit(payload: &str) -> char {
        // Double every second digit from the right of the full number, i.e.
        // the rightmost payload digit is doubled.
        let sum: u32 = payload
            .chars()
            .rev()
            .enumerate()
            .map(|(i, c)| {
                let v = c.to_digit(10).unwrap();
                if i % 2 == 0 {
                    let v = v * 2;
                    v / 10 + v % 10
                } else {
                    v
                }
            })
            .sum();
        char::from_digit((10 - sum % 10) % 10, 10).unwrap()
    }

    fn make_card(payload: &str) -> String {
        format!("{payload}{}", luhn_digit(payload))
    }

    fn spaced4(s: &str, sep: &str) -> String {
        s.as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(sep)
    }

    fn kinds(text: &str) -> Vec<PersonalKind> {
        scan(text, &[]).into_iter().map(|f| f.kind).collect()
    }

    fn found(text: &str) -> Vec<String> {
        scan(text, &[])
            .into_iter()
            .map(|f| text[f.start..f.end].to_string())
            .collect()
    }

    fn fullwidth(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(0xFF10 + (c as u32 - '0' as u32)).unwrap(),
                c => c,
            })
            .collect()
    }

    // --- resident IDs ------------------------------------------------------

    fn sample_ids() -> Vec<String> {
        let mut ids: Vec<String> = [
            "11010519491231002",
            "44010619900101123",
            "51010420000229456",
            "33010219851130007",
            "65010220991231999",
            "81000019000101000",
        ]
        .iter()
        .map(|b| make_id(b))
        .collect();
        // One with an X check character.
        let x_id = (0..1000)
            .map(|n| make_id(&format!("44030519881008{n:03}")))
            .find(|id| id.ends_with('X'))
            .unwrap();
        ids.push(x_id);
        ids
    }

    #[test]
    fn valid_ids_are_found() {
        let ids = sample_ids();
        assert!(ids.iter().any(|id| id.ends_with('X')));
        for id in &ids {
            let text = format!("申请人身份证号{id}，住址某村。");
            let f = scan(&text, &[]);
            assert_eq!(f.len(), 1, "{text}");
            assert_eq!(f[0].kind, PersonalKind::ResidentId);
            assert_eq!(&text[f[0].start..f[0].end], id);
            assert_eq!(f[0].masked, format!("{}**********{}", &id[..4], &id[14..]));
        }
    }

    #[test]
    fn lowercase_x_and_grouped_ids_are_found() {
        let id = sample_ids()
            .into_iter()
            .find(|id| id.ends_with('X'))
            .unwrap();
        let lower = id.to_lowercase();
        assert_eq!(kinds(&lower), [PersonalKind::ResidentId]);
        assert!(scan(&lower, &[])[0].masked.ends_with('X'));
        let grouped = format!("{} {} {}", &id[..6], &id[6..14], &id[14..]);
        assert_eq!(found(&grouped), vec![grouped]);
        assert_eq!(kinds(&fullwidth(&id)), [PersonalKind::ResidentId]);
    }

    #[test]
    fn wrong_check_digit_is_not_found() {
        for id in sample_ids() {
            let bad = wrong_check(&id);
            assert!(scan(&format!("身份证号{bad}"), &[]).is_empty(), "{bad}");
        }
    }

    #[test]
    fn impossible_dates_are_not_found() {
        for date in [
            "19900230", "19000229", "20230229", "19991301", "19990001", "19990100", "18991231",
            "21010101", "19990431",
        ] {
            let id = make_id(&format!("440106{date}123"));
            assert!(kinds(&id).is_empty(), "{id}");
        }
        // Leap days that exist.
        for date in ["20000229", "20240229", "19960229"] {
            let id = make_id(&format!("440106{date}123"));
            assert_eq!(kinds(&id), [PersonalKind::ResidentId], "{id}");
        }
    }

    #[test]
    fn implausible_regions_are_not_found() {
        for region in ["040106", "940106"] {
            let id = make_id(&format!("{region}19900101123"));
            assert!(!kinds(&id).contains(&PersonalKind::ResidentId), "{id}");
        }
    }

    #[test]
    fn ids_glued_to_letters_or_longer_runs_are_not_found() {
        let id = &sample_ids()[1];
        for text in [
            format!("A{id}"),
            format!("{id}B"),
            format!("1{id}"),
            format!("{id}7"),
            format!("{id}.5"),
            format!("https://example.gov.cn/files/ab{id}cd.pdf"),
        ] {
            assert!(kinds(&text).is_empty(), "{text}");
        }
        assert_eq!(
            kinds(&format!("附件：{id}.pdf")),
            [PersonalKind::ResidentId]
        );
        // An 索引号 whose credit code happens to look like an ID.
        assert!(kinds(&format!("索引号：{id}/2026-00001")).is_empty());
        assert_eq!(kinds(&format!("{id}/2026")), [PersonalKind::ResidentId]);
    }

    // --- mobiles -----------------------------------------------------------

    #[test]
    fn mobiles_are_found() {
        for (text, number, masked) in [
            ("联系电话：13812345678。", "13812345678", "138****5678"),
            ("电话13812345678联系", "13812345678", "138****5678"),
            ("请拨 138 1234 5678 咨询", "138 1234 5678", "138****5678"),
            ("请拨138-1234-5678", "138-1234-5678", "138****5678"),
            (
                "手机：+86 138-1234-5678",
                "+86 138-1234-5678",
                "138****5678",
            ),
            (
                "手机：+86 138 1234 5678",
                "+86 138 1234 5678",
                "138****5678",
            ),
            (
                "手机：+86-138-1234-5678",
                "+86-138-1234-5678",
                "138****5678",
            ),
            ("手机：+8613812345678", "+8613812345678", "138****5678"),
            ("手机：+86 13812345678", "+86 13812345678", "138****5678"),
            ("手机：8613812345678", "8613812345678", "138****5678"),
            ("手机：0086 13812345678", "0086 13812345678", "138****5678"),
            ("手机：008613812345678", "008613812345678", "138****5678"),
            ("（+86）19912345678", "19912345678", "199****5678"),
            ("tel:15912345678", "15912345678", "159****5678"),
            ("张三_17712345678.jpg", "17712345678", "177****5678"),
            ("Tel 13812345678, fax", "13812345678", "138****5678"),
            ("1、13812345678", "13812345678", "138****5678"),
            ("138 1234 5678 2026年", "138 1234 5678", "138****5678"),
            ("13812345678-1", "13812345678", "138****5678"),
            ("0571-87654321-13812345678", "13812345678", "138****5678"),
        ] {
            let f = scan(text, &[]);
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].kind, PersonalKind::Mobile, "{text}");
            assert_eq!(&text[f[0].start..f[0].end], number, "{text}");
            assert_eq!(f[0].masked, masked, "{text}");
        }
    }

    #[test]
    fn full_width_mobile_is_found() {
        let text = fullwidth("联系电话：13812345678。");
        let f = scan(&text, &[]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, PersonalKind::Mobile);
        assert_eq!(&text[f[0].start..f[0].end], "１３８１２３４５６７８");
        assert_eq!(f[0].masked, "138****5678");
        let grouped = fullwidth("１３８ １２３４ ５６７８");
        assert_eq!(kinds(&grouped), [PersonalKind::Mobile]);
    }

    #[test]
    fn several_mobiles_in_one_text() {
        for text in [
            "13812345678 13912345678",
            "13812345678/13912345678",
            "13812345678、13912345678",
            "13812345678,13912345678",
            "13812345678-13912345678",
            "138 1234 5678 139 1234 5678",
            "0571-87654321 13812345678 13912345678",
        ] {
            assert_eq!(
                kinds(text),
                [PersonalKind::Mobile, PersonalKind::Mobile],
                "{text}"
            );
        }
    }

    #[test]
    fn landlines_dates_amounts_and_codes_are_not_found() {
        for text in [
            "办公室电话：0571-87654321",
            "(0571)87654321",
            "（0571）87654321",
            "0571 8765 4321",
            "010-12345678",
            "01012345678",
            "057187654321",
            "服务热线 400-123-4567",
            "400 123 4567",
            "12345",
            "20260908",
            "2026-09-08",
            "2026年9月8日",
            "2026 09 08",
            "1999",
            "预算 13,800,000 元",
            "13,812,345,678",
            "13812345678.50 元",
            "金额 ¥13812345678.00",
            "12345678901",
            "10012345678",
            "索引号：11000000MB0000000X/2026-00001",
            "索引号：11000000MB13812345678/2026-00001",
            "1381234567813812345678123",
            "a13812345678",
            "13812345678b",
            "https://example.gov.cn/static/3fa813812345678c0de.js",
            "https://example.gov.cn/static/3fa8/13812345678c0/de.js",
            "1381-2345-678",
            "138-12345678",
            "138 1234-5678",
        ] {
            assert!(scan(text, &[]).is_empty(), "{text}: {:?}", scan(text, &[]));
        }
    }

    // --- bank cards --------------------------------------------------------

    fn sample_cards() -> Vec<String> {
        [
            "622202123456789",    // 16
            "6217001234567890",   // 17
            "62148312345678901",  // 18
            "622588123456789012", // 19
            "411111111111111",    // Visa
            "545454545454545",    // Mastercard
            "353011133330000",    // JCB
        ]
        .iter()
        .map(|p| make_card(p))
        .collect()
    }

    #[test]
    fn luhn_valid_cards_are_found() {
        for card in sample_cards() {
            assert!(luhn_ok(card.as_bytes()), "{card}");
            for text in [
                format!("收款账号：{card}，开户行"),
                format!("账号 {} 开户行", spaced4(&card, " ")),
                format!("账号{}", spaced4(&card, "-")),
                fullwidth(&format!("卡号{card}")),
            ] {
                let f = scan(&text, &[]);
                assert_eq!(f.len(), 1, "{text}: {f:?}");
                assert_eq!(f[0].kind, PersonalKind::BankCard, "{text}");
                let got = &text[f[0].start..f[0].end];
                assert_eq!(canonical(got), card, "{text}");
                let n = card.len();
                assert_eq!(
                    f[0].masked,
                    format!("{}{}{}", &card[..4], "*".repeat(n - 8), &card[n - 4..])
                );
            }
        }
    }

    #[test]
    fn luhn_invalid_cards_are_not_found() {
        for card in sample_cards() {
            let last = card.chars().last().unwrap().to_digit(10).unwrap();
            let bad = format!("{}{}", &card[..card.len() - 1], (last + 1) % 10);
            assert!(!luhn_ok(bad.as_bytes()));
            assert!(kinds(&format!("账号{bad}")).is_empty(), "{bad}");
            assert!(kinds(&spaced4(&bad, " ")).is_empty(), "{bad}");
        }
    }

    #[test]
    fn cards_with_other_first_digits_or_lengths_are_not_found() {
        for payload in ["122202123456789", "922202123456789", "722202123456789"] {
            assert!(kinds(&make_card(payload)).is_empty(), "{payload}");
        }
        // 15 and 20 digits.
        assert!(kinds(&make_card("62220212345678")).is_empty());
        let twenty = make_card("6222021234567890123");
        assert!(kinds(&twenty).is_empty());
        assert!(kinds(&spaced4(&twenty, " ")).is_empty());
        // A 16-digit card inside longer runs of groups of four.
        let card = make_card("622202123456789");
        assert!(kinds(&format!("1234 {}", spaced4(&card, " "))).is_empty());
        assert!(kinds(&format!("{} 1234", spaced4(&card, " "))).is_empty());
    }

    #[test]
    fn valid_id_that_passes_luhn_is_only_an_id() {
        let id = (0..28_000)
            .map(|n| {
                make_id(&format!(
                    "4401061990{:02}{:02}{:03}",
                    n / 1000 % 12 + 1,
                    n / 12_000 + 1,
                    n % 1000
                ))
            })
            .find(|id| luhn_ok(id.as_bytes()))
            .unwrap();
        assert!(ref_is_id(&id));
        assert_eq!(kinds(&id), [PersonalKind::ResidentId]);
    }

    #[test]
    fn id_shaped_with_bad_check_is_not_a_card() {
        let id = (0..100_000)
            .map(|n| format!("44010619900101{:03}", n % 1000) + &(n / 1000 % 10).to_string())
            .find(|s| !ref_is_id(s) && luhn_ok(s.as_bytes()))
            .unwrap();
        assert!(kinds(&id).is_empty(), "{id}");
    }

    // --- allow list, masks, offsets ----------------------------------------

    #[test]
    fn allow_list_skips_numbers() {
        let text = "热线 138 1234 5678，手机 +86 139-1234-5678，13712345678";
        assert_eq!(scan(text, &[]).len(), 3);
        let allow = vec!["138-1234-5678".to_string(), "+86 13912345678".to_string()];
        let f = scan(text, &allow);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].masked, "137****5678");

        let id = sample_ids()
            .into_iter()
            .find(|id| id.ends_with('X'))
            .unwrap();
        let lower = id.to_lowercase();
        assert!(scan(&format!("身份证{id}"), &[lower]).is_empty());

        let card = make_card("622202123456789");
        let allow = vec![spaced4(&card, " ")];
        assert!(scan(&format!("账号{card}"), &allow).is_empty());
        assert!(scan(&format!("账号{}", spaced4(&card, "-")), &allow).is_empty());
    }

    #[test]
    fn masks() {
        assert_eq!(mask("13812345678"), "138****5678");
        assert_eq!(mask("138-1234-5678"), "138****5678");
        assert_eq!(mask("+86 138 1234 5678"), "138****5678");
        assert_eq!(mask("440106199001011234"), "4401**********1234");
        assert_eq!(mask("44010619900101123x"), "4401**********123X");
        assert_eq!(mask("6222 0212 3456 7890 123"), "6222***********0123");
        assert_eq!(mask("6222021234567890"), "6222********7890");
        assert_eq!(mask("１３８１２３４５６７８"), "138****5678");
        assert_eq!(mask("12345678"), "********");
        assert_eq!(mask(""), "");
        assert_eq!(PersonalKind::ResidentId.label_zh(), "身份证号");
        assert_eq!(PersonalKind::Mobile.label_zh(), "手机号码");
        assert_eq!(PersonalKind::BankCard.label_zh(), "银行卡号");
        assert_eq!(PersonalKind::BankCard.label_en(), "bank card number");
    }

    #[test]
    fn offsets_point_at_the_number() {
        let id = &sample_ids()[0];
        let card = make_card("622202123456789");
        let text = format!("第一行\n身份证：{id}\n手机：１３８１２３４５６７８；卡号：{card}。");
        let f = scan(&text, &[]);
        assert_eq!(f.len(), 3);
        assert_eq!(&text[f[0].start..f[0].end], id);
        assert_eq!(&text[f[1].start..f[1].end], "１３８１２３４５６７８");
        assert_eq!(&text[f[2].start..f[2].end], card);
        // Line numbers are the caller's job, but the offsets allow them.
        assert_eq!(text[..f[0].start].matches('\n').count() + 1, 2);
        assert!(f.windows(2).all(|w| w[0].end <= w[1].start));
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for text in [
            "",
            "1",
            "X",
            "+",
            "+86",
            "86 ",
            "-1",
            "1-",
            "1 ",
            " 1",
            "1x",
            "x1",
            "１",
            "１Ｘ",
            "1.",
            ".1",
            "1/2026-",
            "138 1234 5678-",
            "0086 ",
            "\u{3000}１３８\u{3000}",
        ] {
            let _ = scan(text, &[]);
            let _ = mask(text);
        }
        let long = "1".repeat(100_000);
        assert!(scan(&long, &[]).is_empty());
        let spaced = "1234 ".repeat(20_000);
        assert!(scan(&spaced, &[]).is_empty());
    }

    // --- properties --------------------------------------------------------

    fn id_like() -> impl Strategy<Value = String> {
        (
            0u32..10,
            0u32..100_000,
            1890u32..2110,
            0u32..14,
            0u32..33,
            0u32..1000,
            prop::sample::select(vec![
                '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', 'x',
            ]),
        )
            .prop_map(|(r, rest, y, m, d, seq, check)| {
                format!("{r}{rest:05}{y:04}{m:02}{d:02}{seq:03}{check}")
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn scan_never_panics(text in any::<String>()) {
            for f in scan(&text, &[]) {
                prop_assert!(f.start < f.end);
                prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            }
        }

        #[test]
        fn findings_are_on_char_boundaries(
            text in "[0-9０-９ \\-+xX.,/a中（）]{0,80}"
        ) {
            let found = scan(&text, &[]);
            for f in &found {
                prop_assert!(f.start < f.end && f.end <= text.len());
                prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
                prop_assert_eq!(mask(&text[f.start..f.end]), f.masked.clone());
            }
            prop_assert!(found.windows(2).all(|w| w[0].end <= w[1].start));
        }

        #[test]
        fn ids_reported_iff_reference_says_so(s in id_like(), wrap in 0usize..4) {
            let text = match wrap {
                0 => s.clone(),
                1 => format!("身份证号{s}。"),
                2 => format!("ID {s}, "),
                _ => fullwidth(&s),
            };
            let ids: Vec<_> = scan(&text, &[])
                .into_iter()
                .filter(|f| f.kind == PersonalKind::ResidentId)
                .collect();
            prop_assert_eq!(ids.len() == 1, ref_is_id(&s), "{}", text);
        }

        #[test]
        fn random_digit_runs_follow_reference(s in "[1-8][0-9]{16}[0-9X]") {
            let ids = scan(&s, &[]).iter().filter(|f| f.kind == PersonalKind::ResidentId).count();
            prop_assert_eq!(ids == 1, ref_is_id(&s));
        }

        #[test]
        fn constructed_ids_are_found(
            r in 1u32..9, rest in 0u32..100_000, y in 1900u32..2101, m in 1u32..13,
            d in 1u32..29, seq in 0u32..1000
        ) {
            let id = make_id(&format!("{r}{rest:05}{y:04}{m:02}{d:02}{seq:03}"));
            prop_assert_eq!(kinds(&format!("号码{id}")), vec![PersonalKind::ResidentId]);
            prop_assert!(kinds(&wrong_check(&id)).is_empty());
        }

        #[test]
        fn luhn_property(first in 3u32..7, rest in "[0-9]{14,17}") {
            let card = make_card(&format!("{first}{rest}"));
            prop_assert!(luhn_ok(card.as_bytes()));
            let expected = if card.len() == 18 && looks_like_id(card.as_bytes()) {
                if is_valid_id(card.as_bytes()) { vec![PersonalKind::ResidentId] } else { vec![] }
            } else {
                vec![PersonalKind::BankCard]
            };
            prop_assert_eq!(kinds(&format!("账号：{card}")), expected);
            let last = card.chars().last().unwrap().to_digit(10).unwrap();
            let bad = format!("{}{}", &card[..card.len() - 1], (last + 3) % 10);
            prop_assert!(!luhn_ok(bad.as_bytes()));
            prop_assert!(!kinds(&bad).contains(&PersonalKind::BankCard));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Whatever is found, its message shows neither the whole number nor
        /// more than 4 digits in a row of its middle.
        #[test]
        fn masked_numbers_never_show_the_whole_number(
            before in "[a中 ，]{0,3}",
            number in prop_oneof![
                id_like(),
                "1[3-9][0-9]{9}",
                "[3-6][0-9]{15,18}",
                "1[3-9][0-9]-[0-9]{4}-[0-9]{4}",
                "[3-6][0-9]{3}( [0-9]{4}){3}",
            ],
            after in "[a中 ，]{0,3}",
        ) {
            let text = format!("{before}{number}{after}");
            for f in scan(&text, &[]) {
                let digits = canonical(&text[f.start..f.end]);
                prop_assert!(f.masked.contains('*'), "{f:?}");
                prop_assert!(!f.masked.contains(&digits), "{f:?}");
                prop_assert_eq!(f.masked.chars().count(), digits.chars().count());
                let middle = digits.chars().count() - f.masked.chars().filter(|c| *c != '*').count();
                prop_assert!(middle >= 4, "{f:?}");
            }
        }
    }
}
