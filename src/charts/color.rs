//! Colours: the series of a stacked chart, the house palette of a vote
//! (each colour with the contrast of the text drawn on it), the chart's own
//! colours, and which text colour reads on a series colour.
//!
//! Left to others: where colours are drawn ([`super::layout`]).

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

pub(super) const TEXT: &str = "#1a1a1a";
pub(super) const MUTED: &str = "#545454";
pub(super) const BAR: &str = "#0d47a1";
pub(super) const PROGRESS: &str = "#1b5e20";
pub(super) const TRACK: &str = "#e0e0e0";

/// The series colour if it looks like a colour, else the palette's.
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

/// Text colour (and halo attributes) readable on `background`: black on
/// light colours, white on dark ones; black with a white halo when the
/// colour is not a hex colour.
pub(super) fn text_on(background: &str) -> (&'static str, &'static str) {
    match luminance(background) {
        Some(l) if l > 0.25 => ("#000", ""),
        Some(_) => ("#fff", ""),
        None => (
            "#000",
            " stroke=\"#fff\" stroke-width=\"4\" paint-order=\"stroke\"",
        ),
    }
}

/// WCAG relative luminance of a `#rgb`/`#rrggbb` colour.
pub(super) fn luminance(color: &str) -> Option<f64> {
    let h = color.strip_prefix('#')?;
    let digits: Vec<u32> = h.chars().map(|c| c.to_digit(16)).collect::<Option<_>>()?;
    let (r, g, b) = match digits.as_slice() {
        [r, g, b] | [r, g, b, _] => (r * 17, g * 17, b * 17),
        [r1, r2, g1, g2, b1, b2] | [r1, r2, g1, g2, b1, b2, _, _] => {
            (r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)
        }
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

    #[test]
    fn segment_text_contrasts_with_its_colour() {
        assert_eq!(text_on(COLOR_SATISFIED).0, "#fff");
        assert_eq!(text_on(COLOR_BASICALLY_SATISFIED).0, "#000");
        assert_eq!(text_on(COLOR_DISSATISFIED).0, "#fff");
        assert_eq!(text_on(COLOR_ABSTAIN).0, "#fff");
        assert!(text_on("teal").1.contains("stroke"));
        assert_eq!(usable_color("red", 0), "red");
        assert_eq!(usable_color("url(#x)", 2), COLOR_DISSATISFIED);
        assert_eq!(usable_color("", 7), COLOR_BASICALLY_SATISFIED);
    }
}
