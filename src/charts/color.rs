//! Colours: the series of a stacked chart, the house palette of a vote
//! (each colour with the contrast of the text drawn on it), and which text
//! colour reads on a series colour.
//!
//! Left to others: where colours are used (the module above) and the
//! colours of the bars, tracks and notes (the theme's CSS).

/// One series of a stacked bar chart: its legend label and fill colour
/// (`#rgb`/`#rrggbb`, or a CSS colour name; anything else falls back to the
/// built-in palette).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Series<'a> {
    pub(crate) label: &'a str,
    pub(crate) color: &'a str,
}

/// 满意: dark green (white text on it 7.9:1).
pub(crate) const COLOR_SATISFIED: &str = "#1b5e20";
/// 基本满意: amber (black text on it 10.7:1).
pub(crate) const COLOR_BASICALLY_SATISFIED: &str = "#f9a825";
/// 不满意: dark red (white text on it 6.6:1).
pub(crate) const COLOR_DISSATISFIED: &str = "#b71c1c";
/// 弃权: grey (white text on it 6.2:1).
pub(crate) const COLOR_ABSTAIN: &str = "#616161";

/// The four series of a satisfaction vote (满意, 基本满意, 不满意, 弃权) in
/// the house palette, for [`super::stacked_bar_chart`].
pub(crate) fn vote_series() -> [Series<'static>; 4] {
    [
        Series {
            label: "满意",
            color: COLOR_SATISFIED,
        },
        Series {
            label: "基本满意",
            color: COLOR_BASICALLY_SATISFIED,
        },
        Series {
            label: "不满意",
            color: COLOR_DISSATISFIED,
        },
        Series {
            label: "弃权",
            color: COLOR_ABSTAIN,
        },
    ]
}

/// Fallback colours for series without a usable colour, in order.
pub(super) const PALETTE: [&str; 6] = [
    COLOR_SATISFIED,
    COLOR_BASICALLY_SATISFIED,
    COLOR_DISSATISFIED,
    COLOR_ABSTAIN,
    "#0d47a1",
    "#4a148c",
];

/// The series colour if it looks like a colour (`#` and 3, 4, 6 or 8 hex
/// digits, or a word of letters), else the palette's: either way only
/// characters that cannot leave the `style` attribute it is written in.
pub(super) fn usable_color(color: &str, index: usize) -> String {
    let c = color.trim();
    let hex = c.strip_prefix('#').is_some_and(|h| {
        matches!(h.len(), 3 | 4 | 6 | 8) && h.chars().all(|c| c.is_ascii_hexdigit())
    });
    let name = !c.is_empty() && c.len() <= 30 && c.chars().all(|c| c.is_ascii_alphabetic());
    if hex || name {
        c.to_string()
    } else {
        PALETTE[index % PALETTE.len()].to_string()
    }
}

/// Text colour for a number drawn on `background`: black or white,
/// whichever contrasts more (at least 4.58:1 for any colour, the worst
/// being a mid grey of luminance 0.18); none when `background` is not a
/// hex colour, whose contrast is unknown (the number goes on the note line
/// instead).
pub(super) fn text_on(background: &str) -> Option<&'static str> {
    let l = luminance(background)?;
    Some(if contrast(l, 0.0) >= contrast(l, 1.0) {
        "#000"
    } else {
        "#fff"
    })
}

/// WCAG contrast ratio of two relative luminances.
pub(super) fn contrast(a: f64, b: f64) -> f64 {
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// WCAG relative luminance of an opaque `#rgb`/`#rrggbb` colour.
pub(super) fn luminance(color: &str) -> Option<f64> {
    let h = color.strip_prefix('#')?;
    let digits: Vec<u32> = h.chars().map(|c| c.to_digit(16)).collect::<Option<_>>()?;
    let (r, g, b) = match digits.as_slice() {
        [r, g, b] => (r * 17, g * 17, b * 17),
        [r1, r2, g1, g2, b1, b2] => (r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2),
        // A translucent colour's contrast depends on what lies under it.
        _ => return None,
    };
    let lin = |v: u32| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    Some(0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn segment_text_contrasts_with_its_colour() {
        assert_eq!(text_on(COLOR_SATISFIED), Some("#fff"));
        assert_eq!(text_on(COLOR_BASICALLY_SATISFIED), Some("#000"));
        assert_eq!(text_on(COLOR_DISSATISFIED), Some("#fff"));
        assert_eq!(text_on(COLOR_ABSTAIN), Some("#fff"));
        for c in PALETTE {
            let text = text_on(c).and_then(luminance);
            let ratio = contrast(luminance(c).unwrap_or(0.0), text.unwrap_or(0.5));
            assert!(ratio >= 4.5, "{c}: {ratio}");
        }
        // A named colour's contrast is unknown: no number on it.
        assert_eq!(text_on("teal"), None);
        assert_eq!(text_on("#1b5e2080"), None);
        assert_eq!(usable_color("red", 0), "red");
        assert_eq!(usable_color("url(#x)", 2), COLOR_DISSATISFIED);
        assert_eq!(usable_color("red;x:y", 2), COLOR_DISSATISFIED);
        assert_eq!(usable_color("", 7), COLOR_BASICALLY_SATISFIED);
    }

    #[test]
    fn the_old_cut_off_failed_mid_greys() {
        // #888: luminance 0.246, white on it only 3.5:1; black is 5.9:1.
        assert_eq!(text_on("#888"), Some("#000"));
    }

    proptest! {
        /// Every hex colour a series may have gets a number colour with at
        /// least 4.5:1.
        #[test]
        fn any_hex_colour_gets_readable_text(r in 0u8.., g in 0u8.., b in 0u8.., short in any::<bool>()) {
            let c = if short {
                format!("#{:x}{:x}{:x}", r >> 4, g >> 4, b >> 4)
            } else {
                format!("#{r:02x}{g:02x}{b:02x}")
            };
            let bg = luminance(&c).unwrap_or(f64::NAN);
            let text = text_on(&c).and_then(luminance).unwrap_or(f64::NAN);
            prop_assert!(contrast(bg, text) >= 4.5, "{} {}", c, contrast(bg, text));
        }
    }
}
