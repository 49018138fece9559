//! Personal data in what is published: the privacy guard run on each output
//! as a reader (or a crawler) gets it, not on the Markdown source.
//!
//! A number the source scan cannot see can still reach readers joined up:
//! split by markup (`138**0013**8000`, `<span>138</span>00138000`), written
//! with entities (`&#49;3800138000`), invisible characters (zero-width
//! space, word joiner, soft hyphen), mathematical digits (`𝟏𝟑𝟖`), dots or
//! doubled spaces. So every published text is brought to the form a reader
//! sees before [`crate::privacy::scan`] runs on it:
//!
//! 1. [`reader_text`]: HTML and XML outputs go through html5ever's tokenizer
//!    (entities decoded by it). Text inside phrasing elements (`<b>`,
//!    `<span>`, `<a>`, unknown ones …) is joined as a reader sees it; block
//!    elements (`<p>`, `<td>`, `<br>` …, and every tag of an XML output)
//!    break the text. Attribute values (alt, title, content of `<meta>`,
//!    `href="tel:…"` …, all of them) and comments are scanned too, each on
//!    its own line.
//! 2. [`fold`]: NFKC (full-width and mathematical digits become ASCII),
//!    every Unicode default-ignorable code point removed (zero-width
//!    characters, soft hyphen, word joiner, BOM), dashes made `-`, a run of
//!    spaces one space, and dots that join three or more digit groups
//!    (`138.1234.5678`) made `-`. A single dot stays a decimal point, so
//!    `13812345678.50` is still an amount; letters and longer digit runs
//!    still break a number, as in the scanner.
//!
//! A finding in a page's output is reported at the page's source file, at
//! the line whose digits (folded the same way, entities decoded) contain the
//! number; in a generated output (a listing, a feed) it is reported at the
//! output path. [`into_diagnostics`] keeps one message per number and place
//! to fix. Published paths, `static/` files, text attachments and the
//! values of `site.toml` are scanned by [`scan_site_files`].
//!
//! The same pass collects each HTML output's ids and links ([`Found`]) for
//! the link check, which judges them.
//!
//! What it leaves to others: which outputs exist and their bytes (render),
//! the number rules and the masking ([`crate::privacy`]), failing the build
//! (the caller). Office formats (`.docx`, `.xlsx`, `.pdf`) are not opened.//!
//! The files of this folder: [`reader`] (step 1, and the links), [`fold`]
//! (step 2 and the cheap skip), [`hits`] (findings, their places, the
//! diagnostics), [`files`] (paths, copied files, `site.toml`). They import
//! one way: files → hits → reader, fold; none imports this file.

mod files;
mod fold;
mod hits;
mod reader;

pub(crate) use files::scan_site_files;
pub(crate) use hits::{into_diagnostics, output_hits, Hit};
pub(crate) use reader::Found;
// The link check's tests read outputs as the build does.
#[cfg(test)]
pub(crate) use reader::{form_of, reader_text_and_links, Form};
#[cfg(test)]
mod tests {
    use super::hits::{scan_text, trace_line};
    use super::*;
    use crate::privacy;
    use proptest::prelude::*;

    /// The digits of what is found in `html` read as a page.
    fn found(input: &str, form: Form) -> Vec<String> {
        scan_text(input, form, &[])
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    /// A valid resident ID number: 17 digits and their check character.
    const ID: &str = "11010519491231002X";
    pub(super) const MOBILE: &str = "13800138000";

    #[test]
    fn numbers_split_by_markup_are_joined() {
        for html in [
            "<p>电话138<strong>0013</strong>8000。</p>",
            "<p><span>138</span>00138000</p>",
            "<p>&#49;3800138000</p>",
            "<p>&#x31;38&#48;0138000</p>",
            "<p>1\u{200B}38\u{2060}0013\u{FEFF}8000</p>",
            "<p>138\u{AD}0013\u{AD}8000</p>",
            "<p>𝟏𝟑𝟖00138000</p>",
            "<p>１３８００１３８０００</p>",
            "<p>138.0013.8000</p>",
            "<p>138  0013  8000</p>",
            "<p>138 <em>0013</em> 8000</p>",
            "<p>138—0013—8000</p>",
            "<img alt=\"138 0013 8000\" src=a.png>",
            "<meta name=description content=\"电话13800138000\">",
            "<a href=\"tel:+8613800138000\">电话</a>",
            "<!-- 13800138000 -->",
            "<input value=\"13800138000\" placeholder=x>",
            "<script>var a = '13800138000';</script>",
            "<title>13800138000</title>",
        ] {
            assert_eq!(found(html, Form::Html), [MOBILE], "{html}");
        }
        assert_eq!(
            found("<p>1101<b>0519491231</b>002<i>X</i></p>", Form::Html),
            [ID]
        );
    }

    #[test]
    fn blocks_break_a_number() {
        for html in [
            "<p>138</p><p>00138000</p>",
            "<td>138</td><td>00138000</td>",
            "138<br>00138000",
            "<li>138<li>00138000",
        ] {
            assert!(found(html, Form::Html).is_empty(), "{html}");
        }
        // In XML every tag breaks the text.
        assert!(found("<a>138</a><b>00138000</b>", Form::Xml).is_empty());
        assert_eq!(found("<b>138</b>00138000", Form::Html), [MOBILE]);
    }

    #[test]
    fn look_alikes_stay_unreported() {
        for text in [
            "索引号：11000000MB0000000X/2026-00001",
            "索引号：<span>11000000MB0000000X</span>/2026-00001",
            "发布日期：2026-09-08 <time>2026年9月8日</time>",
            "电话 0578-8123456，热线 400-123-4567",
            "统一社会信用代码 11330000MB1234567X",
            "金额 13800138000.50 元",
            "金额 13,800,138,000 元",
            "ID\u{200B}13800138000",
            "编号 2026-00001-13800",
            "1.5 2.25 192.168.1.1 2026.09.08",
        ] {
            assert!(found(text, Form::Html).is_empty(), "{text}");
            assert!(found(text, Form::Plain).is_empty(), "{text}");
        }
    }

    // --- properties: the real Markdown pipeline ---------------------------

    /// A valid ID (from its 17 digits) or a mobile number.
    fn number() -> impl Strategy<Value = String> {
        prop_oneof![
            (
                1u32..9,
                0u32..100_000,
                1950u32..2020,
                1u32..13,
                1u32..29,
                0u32..1000
            )
                .prop_map(|(r, rest, y, m, d, seq)| {
                    let body = format!("{r}{rest:05}{y:04}{m:02}{d:02}{seq:03}");
                    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
                    let sum: u32 = body
                        .bytes()
                        .zip(W)
                        .map(|(b, w)| u32::from(b - b'0') * w)
                        .sum();
                    let check = b"10X98765432"[(sum % 11) as usize] as char;
                    format!("{body}{check}")
                }),
            "1[3-9][0-9]{9}",
        ]
    }

    /// One character of a number, disguised.
    fn disguise(c: char, how: u8) -> String {
        let math = |c: char| {
            c.to_digit(10)
                .and_then(|d| char::from_u32(0x1D7CE + d))
                .map_or(c.to_string(), String::from)
        };
        let wide = |c: char| {
            c.to_digit(10)
                .and_then(|d| char::from_u32(0xFF10 + d))
                .map_or(c.to_string(), String::from)
        };
        match how % 5 {
            0 => c.to_string(),
            1 => format!("&#{};", u32::from(c)),
            2 => format!("&#x{:x};", u32::from(c)),
            3 => math(c),
            _ => wide(c),
        }
    }

    /// What goes between two pieces of a number.
    fn cut() -> impl Strategy<Value = (String, String)> {
        prop::sample::select(vec![
            ("**", "**"),
            ("*", "*"),
            ("<span>", "</span>"),
            ("<b>", "</b>"),
            ("`", "`"),
            ("\u{200B}", ""),
            ("\u{200C}", "\u{200D}"),
            ("\u{2060}", ""),
            ("\u{FEFF}", ""),
            ("\u{AD}", ""),
            ("<em>", "</em>"),
        ])
        .prop_map(|(a, b)| (a.to_string(), b.to_string()))
    }

    /// `number` cut into pieces at `cuts`, each piece wrapped by markup,
    /// its characters disguised by `looks`, and `sep` between its groups
    /// (3-4-4 for a mobile, 6-8-4 for an ID). Entities are not decoded in
    /// code spans (a reader sees `&#49;` there): none is put in one.
    fn split(number: &str, cuts: &[(usize, (String, String))], looks: &[u8], sep: &str) -> String {
        let chars: Vec<char> = number.chars().collect();
        let groups: &[usize] = match chars.len() {
            11 => &[3, 7],
            18 => &[6, 14],
            _ => &[],
        };
        // Two delimiter runs side by side merge (`*0**0*`, `` `3``0` ``):
        // one star or backtick cut at most.
        let delimiter = |m: &str| m.starts_with(['*', '`']);
        let first_star = cuts.iter().position(|(_, (a, _))| delimiter(a));
        let span = ("<span>".to_string(), "</span>".to_string());
        let cuts: Vec<(usize, (String, String))> = cuts
            .iter()
            .enumerate()
            .map(|(k, (p, m))| {
                let star = delimiter(&m.0) && Some(k) != first_star;
                (*p, if star { span.clone() } else { m.clone() })
            })
            .collect();
        let starred = cuts.iter().any(|(_, (a, _))| a.starts_with('*'));
        let mut out = String::new();
        let mut open: Option<&str> = None;
        for (i, c) in chars.iter().enumerate() {
            let cut = cuts.iter().find(|(p, _)| p % chars.len() == i && i > 0);
            if cut.is_some() || (groups.contains(&i) && !sep.is_empty()) {
                if let Some(close) = open.take() {
                    out.push_str(close);
                }
            }
            if groups.contains(&i) {
                out.push_str(sep);
            }
            if let Some((_, (a, b))) = cut {
                out.push_str(a);
                open = (!b.is_empty()).then_some(b.as_str());
            }
            let look = looks.get(i).copied().unwrap_or(0);
            // `**&#57;` is no emphasis (a delimiter before punctuation):
            // the reader sees the stars, so no entity beside them either.
            let literal = open == Some("`") || starred;
            let look = if literal && matches!(look % 5, 1 | 2) {
                0
            } else {
                look
            };
            out.push_str(&disguise(*c, look));
        }
        if let Some(close) = open {
            out.push_str(close);
        }
        out
    }

    fn rendered(markdown: &str) -> crate::markdown::Rendered {
        crate::markdown::render(markdown, 1, &|_| crate::markdown::Resolved::AsWritten)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn a_number_split_by_markup_is_always_found(
            number in number(),
            cuts in prop::collection::vec((0usize..18, cut()), 0..6),
            looks in prop::collection::vec(0u8..5, 18),
            before in prop::sample::select(vec!["电话", "身份证号：", "", "联系人 "]),
            sep in prop::sample::select(vec!["", "\\-", "-", " ", "  ", ".", "·", "\u{AD}", "\u{200B}", "－"]),
        ) {
            let markdown = format!("# 标题\n\n{before}{}。\n", split(&number, &cuts, &looks, sep));
            let r = rendered(&markdown);
            let canonical = privacy::canonical(&number);
            prop_assert!(
                found(&r.html, Form::Html).contains(&canonical),
                "{markdown:?} → {:?}", r.html
            );
            prop_assert_eq!(trace_line(&markdown, &canonical), Some(3), "{:?}", markdown);
        }

        #[test]
        fn look_alikes_in_markup_are_never_reported(
            cuts in prop::collection::vec((0usize..30, cut()), 0..6),
            which in 0usize..6,
        ) {
            let text = [
                "11000000MB0000000X/2026-00001",
                "2026-09-08",
                "0578-8123456",
                "91330000MA2H12345X",
                "400-123-4567",
                "2026年09月08日",
            ][which];
            let markdown = format!("索引号 {}，完\n", split(text, &cuts, &[], ""));
            let r = rendered(&markdown);
            prop_assert!(found(&r.html, Form::Html).is_empty(), "{:?}", r.html);
            prop_assert!(found(&r.plain_text, Form::Plain).is_empty(), "{:?}", r.plain_text);
        }
    }
}
