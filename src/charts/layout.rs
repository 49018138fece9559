//! The geometry every chart shares (sizes in user units of a 640-wide
//! viewBox) and the SVG pieces charts are made of: bar layout, legend, row
//! headings, ticks, rectangles, text lines, and the `<svg>` around them
//! (with its title and description), or a chart that says 无数据.
//!
//! Left to others: what each chart draws (the module above), measuring and
//! wrapping text ([`super::text`]), colours ([`super::color`]).

use std::fmt::Write as _;

use super::color::{Series, MUTED, TEXT};
use super::number::n;
use super::text::{clean_id, clean_text, escape, text_width, wrap};

/// viewBox width of every chart.
pub(super) const W: f64 = 640.0;
/// Outer margin, left/right/top/bottom.
pub(super) const M: f64 = 8.0;
/// Width available to labels and bars.
pub(super) const INNER: f64 = W - 2.0 * M;
/// Main font size (user units): ~14 px at 328 px rendered width.
pub(super) const FS: f64 = 28.0;
/// Line height for `FS` text.
pub(super) const LINE: f64 = 38.0;
/// Smaller text (notes under a stacked bar, column-chart labels).
pub(super) const FS_SMALL: f64 = 26.0;
/// Line height for `FS_SMALL` text.
pub(super) const LINE_SMALL: f64 = 34.0;
/// Height of a horizontal bar.
pub(super) const BAR_H: f64 = 40.0;
/// Gap between a bar's end and its value.
pub(super) const GAP: f64 = 10.0;
/// Vertical gap between rows.
pub(super) const ROW_GAP: f64 = 22.0;
/// Height of the plot area of a column chart.
pub(super) const COL_PLOT_H: f64 = 240.0;
/// Labels wrap to at most this many lines, then end with "…".
pub(super) const MAX_LABEL_LINES: usize = 3;
/// Text narrower than its estimate by more than this factor is not squeezed
/// (the column chart falls back to horizontal bars instead).
pub(super) const MIN_SQUEEZE: f64 = 0.8;

pub(super) const NO_DATA: &str = "无数据";

/// Where the bars of a [`super::bar_chart`] may go: after the label column (if the
/// labels are short enough to sit left of their bars, else 0 and they get a
/// line of their own), up to the room reserved for the widest value text.
pub(super) struct BarLayout {
    pub(super) label_col: f64,
    pub(super) plot: f64,
    pub(super) value_room: f64,
}

impl BarLayout {
    pub(super) fn new(labels: &[String], texts: &[String]) -> BarLayout {
        let widest = |v: &[String]| v.iter().map(|t| text_width(t, FS)).fold(0.0, f64::max);
        let widest_label = widest(labels);
        let label_col = if widest_label > 0.0 && widest_label <= INNER * 0.3 {
            widest_label + 12.0
        } else {
            0.0
        };
        // Values may take at most 30% of the width; wider ones are condensed.
        let value_room = widest(texts).min(INNER * 0.3);
        BarLayout {
            label_col,
            plot: INNER - label_col - GAP - value_room,
            value_room,
        }
    }

    pub(super) fn squeeze(&self, t: &str) -> Option<f64> {
        (text_width(t, FS) > self.value_room).then_some(self.value_room)
    }
}

/// Draws the legend of a stacked chart from `top`; returns its height.
pub(super) fn legend(body: &mut String, series: &[Series], colors: &[String], top: f64) -> f64 {
    const SWATCH: f64 = 28.0;
    const ITEM_GAP: f64 = 28.0;
    let mut x = 0.0;
    let mut y = top;
    let mut lines = 1.0;
    for (s, color) in series.iter().zip(colors) {
        let label_lines = wrap(s.label, INNER - SWATCH - 8.0, FS, 2);
        let w = SWATCH
            + 8.0
            + label_lines
                .iter()
                .map(|l| text_width(l, FS))
                .fold(0.0, f64::max);
        if x > 0.0 && x + w > INNER {
            x = 0.0;
            y += LINE;
            lines += 1.0;
        }
        let _ = write!(
            body,
            "<rect class=\"chart-swatch\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{TEXT}\" stroke-width=\"1\"/>",
            n(M + x),
            n(y + (LINE - SWATCH) / 2.0),
            n(SWATCH),
            n(SWATCH),
            escape(color)
        );
        for (j, line) in label_lines.iter().enumerate() {
            if j > 0 {
                y += LINE;
                lines += 1.0;
            }
            text(
                body,
                M + x + SWATCH + 8.0,
                y + baseline(LINE, FS),
                FS,
                "",
                line,
                None,
            );
        }
        x += w + ITEM_GAP;
        if label_lines.len() > 1 {
            // A two-line item ends its legend line.
            x = INNER;
        }
    }
    lines * LINE
}

/// Draws a stacked row's label and, after it, its extra text (bold) from
/// `top`; returns the y below them.
pub(super) fn row_heading(body: &mut String, label: &str, extra: &str, top: f64) -> f64 {
    let mut y = top;
    let lines = wrap(label, INNER, FS, MAX_LABEL_LINES);
    let extra = clean_text(extra);
    let extra_w = text_width(&extra, FS);
    let (last, rest) = match lines.split_last() {
        Some((last, rest)) => (last.as_str(), rest),
        None => ("", &[][..]),
    };
    for line in rest {
        text(body, M, y + baseline(LINE, FS), FS, "", line, None);
        y += LINE;
    }
    let joined = !last.is_empty() && text_width(last, FS) + 16.0 + extra_w <= INNER;
    if joined || extra.is_empty() {
        if !last.is_empty() {
            let _ = write!(
                body,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{TEXT}\">{}",
                n(M),
                n(y + baseline(LINE, FS)),
                n(FS),
                escape(last)
            );
            if !extra.is_empty() {
                let _ = write!(
                    body,
                    "<tspan dx=\"16\" font-weight=\"bold\">{}</tspan>",
                    escape(&extra)
                );
            }
            body.push_str("</text>");
            y += LINE;
        }
        return y;
    }
    if !last.is_empty() {
        text(body, M, y + baseline(LINE, FS), FS, "", last, None);
        y += LINE;
    }
    for line in wrap(&extra, INNER, FS, 2) {
        text(
            body,
            M,
            y + baseline(LINE, FS),
            FS,
            "font-weight=\"bold\"",
            &line,
            None,
        );
        y += LINE;
    }
    y
}

/// A short grey tick at the start of a bar, so that a zero bar still shows
/// where the bar would begin.
pub(super) fn axis_tick(body: &mut String, x: f64, y: f64) {
    let _ = write!(
        body,
        "<rect x=\"{}\" y=\"{}\" width=\"2\" height=\"{}\" fill=\"{MUTED}\"/>",
        n(x - 2.0),
        n(y - 4.0),
        n(BAR_H + 8.0)
    );
}

/// The y offset of the baseline of `fs`-sized text vertically centred in a
/// box `box_h` high.
pub(super) fn baseline(box_h: f64, fs: f64) -> f64 {
    box_h / 2.0 + fs * 0.36
}

pub(super) fn rect(body: &mut String, x: f64, y: f64, w: f64, h: f64, fill: &str, class: &str) {
    let _ = write!(
        body,
        "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
        class,
        n(x),
        n(y),
        n(w.max(0.0)),
        n(h.max(0.0)),
        escape(fill)
    );
}

/// One `<text>` element; `attrs` is trusted markup, `content` is escaped.
/// `squeeze` condenses the text to that width.
pub(super) fn text(
    body: &mut String,
    x: f64,
    y: f64,
    fs: f64,
    attrs: &str,
    content: &str,
    squeeze: Option<f64>,
) {
    let _ = write!(
        body,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\"",
        n(x),
        n(y),
        n(fs)
    );
    if !attrs.contains("fill=") {
        let _ = write!(body, " fill=\"{TEXT}\"");
    }
    if !attrs.is_empty() {
        body.push(' ');
        body.push_str(attrs);
    }
    if let Some(w) = squeeze {
        let _ = write!(
            body,
            " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"",
            n(w)
        );
    }
    let _ = write!(body, ">{}</text>", escape(content));
}

/// Wraps the chart body in the `<svg>` element with its title and desc.
pub(super) fn finish(
    id: &str,
    kind: &str,
    title: &str,
    desc: &str,
    height: f64,
    body: &str,
) -> String {
    let id = escape(&clean_id(id));
    let title = clean_text(title);
    let title = if title.is_empty() {
        "图表".to_string()
    } else {
        title
    };
    let height = n(height.max(1.0));
    let mut out = String::with_capacity(body.len() + 600);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg {kind}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {w} {height}\" width=\"100%\" \
         style=\"display:block;max-width:32em;height:auto\">\
         <title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>\
         <rect width=\"{w}\" height=\"{height}\" fill=\"#fff\"/>{body}</svg>",
        w = n(W),
        title = escape(&title),
        desc = escape(&clean_text(desc)),
    );
    out
}

/// A chart with nothing to draw: says 无数据 in its desc and body.
pub(super) fn empty_chart(id: &str, kind: &str, title: &str, desc: &str) -> String {
    let desc = clean_text(desc);
    let desc = if desc.is_empty() {
        NO_DATA.to_string()
    } else {
        format!("{desc}（{NO_DATA}）")
    };
    let mut body = String::new();
    let attrs = format!("text-anchor=\"middle\" fill=\"{MUTED}\" class=\"chart-empty\"");
    text(
        &mut body,
        W / 2.0,
        M + baseline(LINE * 2.0, FS),
        FS,
        &attrs,
        NO_DATA,
        None,
    );
    finish(id, kind, title, &desc, M * 2.0 + LINE * 2.0, &body)
}
