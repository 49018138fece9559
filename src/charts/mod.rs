//! Accessible inline SVG charts: horizontal bars, stacked bars (votes per
//! evaluated unit), month columns and a progress bar.
//!
//! Every function returns a string of SVG markup meant to be pasted straight
//! into an HTML5 page (no XML prolog, no script, no external font, no
//! stylesheet). The chart is a *visual aid* for readers on small phones: the
//! HTML table printed beside it stays the source of truth, so the chart never
//! tries to be complete. What it does guarantee:
//!
//! * `role="img"` with `aria-labelledby` pointing at a `<title>` and a
//!   `<desc>` inside the SVG, whose ids are `{id}-title` and `{id}-desc`
//!   (`id` is the caller's prefix, which must be unique on the page);
//! * it scales with `viewBox` and `width="100%"` (640 user units wide, no
//!   fixed height), so at 328 CSS pixels (a 360 px phone minus the page
//!   padding) the 28-unit text is still about 14 px; an inline
//!   `max-width:32em` keeps it from growing huge on a desktop. Short labels
//!   sit left of their bars, long ones get their own line above the bar and
//!   wrap (at most 3 lines, then "…") instead of overlapping;
//! * every value is printed as a number, so colour is never the only carrier
//!   of meaning and a black-and-white printout stays readable;
//! * all text is escaped, and no input panics: empty data gives a chart
//!   saying 无数据, negative values and NaN count as 0 (so do infinities),
//!   zero totals draw empty bars instead of dividing by zero.
//!
//! Stable class names for theme CSS: `chart-svg` plus one of `chart-bar`,
//! `chart-stacked`, `chart-column`, `chart-progress` on the `<svg>`;
//! `chart-bar-fill`, `chart-segment`, `chart-column-fill`,
//! `chart-progress-fill`, `chart-track`, `chart-swatch`, `chart-note` and
//! `chart-empty` inside. The chart draws its own white background, so it
//! stays legible on any page colour.
//!
//! Left to others: choosing which data to chart, the visible heading or
//! `<figure>`/`<figcaption>` around the chart, the table beside it, and
//! making `id` unique on the page. Text widths are *estimated* (CJK = 1 em,
//! Latin a little generously), because the page's own font is used.//!
//! The files of this folder: this one draws the four charts from the
//! pieces of [`layout`] (geometry, SVG elements), [`text`] (width,
//! wrapping, escaping), [`color`] (palette, contrast) and [`number`]
//! (cleaning and printing values). They import one way: layout → color,
//! text, number; none imports this file.

use std::fmt::Write as _;

mod color;
mod layout;
mod number;
mod text;

use color::{text_on, usable_color, BAR, MUTED, PROGRESS, TRACK};
pub(crate) use color::{vote_series, Series};
use layout::{
    axis_tick, baseline, empty_chart, finish, legend, rect, row_heading, text, BarLayout, BAR_H,
    COL_PLOT_H, FS, FS_SMALL, GAP, INNER, LINE, LINE_SMALL, M, MAX_LABEL_LINES, MIN_SQUEEZE,
    ROW_GAP,
};
use number::{clean, fmt_fixed1, fmt_value, n, round2};
use text::{clean_text, text_width, wrap};

/// Horizontal bars, one per row: e.g. inspections per unit, pages per month.
///
/// Each row is its label (on its own line, wrapped if long) above a bar whose
/// length is proportional to the value, the largest value filling the plot
/// width; the value and `value_suffix` (appended as is, e.g. `" 次"`) are
/// printed right after the bar's end.
pub(crate) fn bar_chart(
    id: &str,
    title: &str,
    desc: &str,
    rows: &[(&str, f64)],
    value_suffix: &str,
) -> String {
    if rows.is_empty() {
        return empty_chart(id, "chart-bar", title, desc);
    }
    let values: Vec<f64> = rows.iter().map(|&(_, v)| clean(v)).collect();
    // Percentages read as the tables beside them print them: one decimal.
    let number = if value_suffix == "%" {
        fmt_fixed1
    } else {
        fmt_value
    };
    let texts: Vec<String> = values
        .iter()
        .map(|&v| format!("{}{}", number(v), value_suffix))
        .collect();
    let labels: Vec<String> = rows.iter().map(|&(l, _)| clean_text(l)).collect();
    let layout = BarLayout::new(&labels, &texts);
    let max = values.iter().copied().fold(0.0, f64::max);

    let mut body = String::new();
    let mut y = M;
    for (i, (label, &v)) in labels.iter().zip(&values).enumerate() {
        if i > 0 {
            y += if layout.label_col > 0.0 {
                12.0
            } else {
                ROW_GAP
            };
        }
        if layout.label_col > 0.0 {
            // Short labels: right-aligned in a column left of the bar.
            text(
                &mut body,
                M + layout.label_col - 12.0,
                y + baseline(BAR_H, FS),
                FS,
                "text-anchor=\"end\"",
                label,
                None,
            );
        } else {
            // Long labels: on their own line(s) above the bar.
            for line in wrap(label, INNER, FS, MAX_LABEL_LINES) {
                text(&mut body, M, y + baseline(LINE, FS), FS, "", &line, None);
                y += LINE;
            }
            y += 4.0;
        }
        let w = if max > 0.0 {
            v / max * layout.plot
        } else {
            0.0
        };
        let x = M + layout.label_col;
        axis_tick(&mut body, x, y);
        rect(&mut body, x, y, w, BAR_H, BAR, "chart-bar-fill");
        let squeeze = layout.squeeze(&texts[i]);
        text(
            &mut body,
            x + w + GAP,
            y + baseline(BAR_H, FS),
            FS,
            "font-weight=\"bold\"",
            &texts[i],
            squeeze,
        );
        y += BAR_H;
    }
    finish(id, "chart-bar", title, desc, y + M, &body)
}

/// Horizontal stacked bars, one per row, segments in `series` order: e.g.
/// each evaluated unit's votes (满意, 基本满意, 不满意, 弃权); a legend row on
/// top; each segment wide enough shows its number, and the row's total/extra
/// text (e.g. "满意率 95.6%") printed after the row label.
///
/// All rows share one scale: the row with the largest total fills the plot
/// width (so rows with equal totals, the usual case for votes, are equally
/// long). Numbers of non-zero segments too narrow to hold them are printed
/// on a note line under the bar ("不满意 1，弃权 2"). Values beyond the number
/// of series are ignored; missing ones count as 0.
pub(crate) fn stacked_bar_chart(
    id: &str,
    title: &str,
    desc: &str,
    series: &[Series],
    rows: &[(&str, Vec<f64>, String)],
) -> String {
    if series.is_empty() || rows.is_empty() {
        return empty_chart(id, "chart-stacked", title, desc);
    }
    let colors: Vec<String> = series
        .iter()
        .enumerate()
        .map(|(i, s)| usable_color(s.color, i))
        .collect();
    let values: Vec<Vec<f64>> = rows
        .iter()
        .map(|(_, vs, _)| {
            (0..series.len())
                .map(|i| clean(vs.get(i).copied().unwrap_or(0.0)))
                .collect()
        })
        .collect();
    // Normalise by the largest single value first so that summing huge
    // values cannot overflow to infinity.
    let max_value = values.iter().flatten().copied().fold(0.0, f64::max);
    let norm = |v: f64| if max_value > 0.0 { v / max_value } else { 0.0 };
    let max_total = values
        .iter()
        .map(|vs| vs.iter().map(|&v| norm(v)).sum::<f64>())
        .fold(0.0, f64::max);
    let scale = if max_total > 0.0 {
        INNER / max_total
    } else {
        0.0
    };

    let mut body = String::new();
    let mut y = M + legend(&mut body, series, &colors, M);
    for ((label, _, extra), vs) in rows.iter().zip(&values) {
        y += ROW_GAP;
        y = row_heading(&mut body, label, extra, y);
        y += 4.0;
        axis_tick(&mut body, M, y);
        let mut cum = 0.0;
        let mut hidden = Vec::new();
        let mut edges = Vec::new();
        for (i, &v) in vs.iter().enumerate() {
            let x0 = round2(cum * scale);
            cum += norm(v);
            let x1 = round2(cum * scale);
            let w = x1 - x0;
            if v <= 0.0 || w <= 0.0 {
                if v > 0.0 {
                    hidden.push(i);
                }
                continue;
            }
            rect(&mut body, M + x0, y, w, BAR_H, &colors[i], "chart-segment");
            if x0 > 0.0 {
                edges.push(x0);
            }
            let number = fmt_value(v);
            if text_width(&number, FS) + 8.0 <= w {
                let (fill, halo) = text_on(&colors[i]);
                let attrs =
                    format!("text-anchor=\"middle\" font-weight=\"bold\" fill=\"{fill}\"{halo}");
                text(
                    &mut body,
                    M + x0 + w / 2.0,
                    y + baseline(BAR_H, FS),
                    FS,
                    &attrs,
                    &number,
                    None,
                );
            } else {
                hidden.push(i);
            }
        }
        // White separators between segments keep neighbours apart even in
        // greyscale.
        for x in edges {
            let _ = write!(
                body,
                "<rect x=\"{}\" y=\"{}\" width=\"2\" height=\"{}\" fill=\"#fff\"/>",
                n(M + x - 1.0),
                n(y),
                n(BAR_H)
            );
        }
        y += BAR_H;
        if !hidden.is_empty() {
            let note = hidden
                .iter()
                .map(|&i| format!("{} {}", clean_text(series[i].label), fmt_value(vs[i])))
                .collect::<Vec<_>>()
                .join("，");
            for line in wrap(&note, INNER, FS_SMALL, 2) {
                let attrs = format!("fill=\"{MUTED}\" class=\"chart-note\"");
                text(
                    &mut body,
                    M,
                    y + baseline(LINE_SMALL, FS_SMALL),
                    FS_SMALL,
                    &attrs,
                    &line,
                    None,
                );
                y += LINE_SMALL;
            }
        }
    }
    finish(id, "chart-stacked", title, desc, y + M, &body)
}

/// Vertical columns for 12 months (or any short labels): e.g. documents
/// published per month of a year.
///
/// The tallest column fills the plot height; each column's value is printed
/// above it and its label below. Labels or values a little too wide for
/// their slot are condensed; when they would become unreadable (too many
/// columns, long labels), the same data is drawn with [`bar_chart`] instead.
pub(crate) fn column_chart(id: &str, title: &str, desc: &str, columns: &[(&str, f64)]) -> String {
    if columns.is_empty() {
        return empty_chart(id, "chart-column", title, desc);
    }
    let slot = INNER / columns.len() as f64;
    let room = slot - 6.0;
    let values: Vec<f64> = columns.iter().map(|&(_, v)| clean(v)).collect();
    let numbers: Vec<String> = values.iter().map(|&v| fmt_value(v)).collect();
    let labels: Vec<String> = columns.iter().map(|&(l, _)| clean_text(l)).collect();
    let fits = |s: &String| text_width(s, FS_SMALL) * MIN_SQUEEZE <= room;
    if room < FS_SMALL || !numbers.iter().all(fits) || !labels.iter().all(fits) {
        return bar_chart(id, title, desc, columns, "");
    }
    let squeeze = |s: &str| {
        let w = text_width(s, FS_SMALL);
        (w > room).then_some(room)
    };
    let max = values.iter().copied().fold(0.0, f64::max);
    let col_w = (slot * 0.6).min(64.0);
    let base = M + LINE_SMALL + COL_PLOT_H;

    let mut body = String::new();
    for (i, &v) in values.iter().enumerate() {
        let cx = M + slot * (i as f64 + 0.5);
        let h = if max > 0.0 { v / max * COL_PLOT_H } else { 0.0 };
        rect(
            &mut body,
            cx - col_w / 2.0,
            base - h,
            col_w,
            h,
            BAR,
            "chart-column-fill",
        );
        text(
            &mut body,
            cx,
            base - h - 8.0,
            FS_SMALL,
            "text-anchor=\"middle\" font-weight=\"bold\"",
            &numbers[i],
            squeeze(&numbers[i]),
        );
        text(
            &mut body,
            cx,
            base + 4.0 + baseline(LINE_SMALL, FS_SMALL),
            FS_SMALL,
            "text-anchor=\"middle\"",
            &labels[i],
            squeeze(&labels[i]),
        );
    }
    let _ = write!(
        body,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"2\" fill=\"{MUTED}\"/>",
        n(M),
        n(base),
        n(INNER)
    );
    let height = base + 4.0 + LINE_SMALL + M;
    finish(id, "chart-column", title, desc, height, &body)
}

/// A progress bar: e.g. published articles against the county's quota,
/// "9 / 12 篇 (75.0%)"; over 100% is drawn full with the real figure in the
/// text.
///
/// `text` is printed above the bar and also used as the `<desc>`; when it is
/// empty, "done / target (percent)" is printed instead. A target of 0 counts
/// as reached as soon as anything is done.
pub(crate) fn progress_bar(id: &str, title: &str, done: f64, target: f64, text: &str) -> String {
    let done = clean(done);
    let target = clean(target);
    let ratio = if target > 0.0 {
        (done / target).min(1.0)
    } else if done > 0.0 {
        1.0
    } else {
        0.0
    };
    let shown = if clean_text(text).is_empty() {
        if target > 0.0 {
            format!(
                "{} / {} ({}%)",
                fmt_value(done),
                fmt_value(target),
                fmt_fixed1(done / target * 100.0)
            )
        } else {
            format!("{} / {}", fmt_value(done), fmt_value(target))
        }
    } else {
        text.to_string()
    };

    let mut body = String::new();
    let mut y = M;
    for line in wrap(&shown, INNER, FS, MAX_LABEL_LINES) {
        self::text(
            &mut body,
            M,
            y + baseline(LINE, FS),
            FS,
            "font-weight=\"bold\"",
            &line,
            None,
        );
        y += LINE;
    }
    y += 4.0;
    let _ = write!(
        body,
        "<rect class=\"chart-track\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{TRACK}\" stroke=\"{MUTED}\" stroke-width=\"2\"/>",
        n(M),
        n(y),
        n(INNER),
        n(BAR_H)
    );
    rect(
        &mut body,
        M,
        y,
        ratio * INNER,
        BAR_H,
        PROGRESS,
        "chart-progress-fill",
    );
    y += BAR_H;
    finish(id, "chart-progress", title, &shown, y + M, &body)
}

#[cfg(test)]
mod tests {
    use super::layout::W;
    use super::*;

    /// A minimal well-formedness check: tags balance, attributes are quoted,
    /// `&` only starts a known entity, no raw `<` in text.
    fn assert_well_formed(svg: &str) {
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.ends_with("</svg>"), "{svg}");
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        let mut roots = 0;
        while let Some(lt) = rest.find('<') {
            check_text(&rest[..lt]);
            let Some(gt) = rest[lt..].find('>') else {
                panic!("unclosed tag in {svg}");
            };
            let tag = &rest[lt + 1..lt + gt];
            rest = &rest[lt + gt + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "in {svg}");
                continue;
            }
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(!name.is_empty(), "bad tag <{tag}> in {svg}");
            check_attributes(&tag[name.len()..]);
            if stack.is_empty() {
                roots += 1;
            }
            if !self_closing {
                stack.push(name);
            }
        }
        check_text(rest);
        assert!(stack.is_empty(), "unclosed {stack:?} in {svg}");
        assert_eq!(roots, 1, "{svg}");
    }

    fn check_text(t: &str) {
        assert!(
            !t.contains('>') && !t.contains('<'),
            "raw markup char in {t:?}"
        );
        check_entities(t);
    }

    fn check_entities(t: &str) {
        for (i, _) in t.match_indices('&') {
            let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                .iter()
                .any(|e| t[i..].starts_with(e));
            assert!(ok, "bare & in {t:?}");
        }
    }

    /// ` name="value" name2="value"`: every attribute quoted, no duplicates.
    fn check_attributes(mut a: &str) {
        let mut seen = Vec::new();
        loop {
            a = a.trim_start();
            if a.is_empty() {
                return;
            }
            let Some(eq) = a.find("=\"") else {
                panic!("unquoted attribute in {a:?}");
            };
            let name = &a[..eq];
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':'),
                "bad attribute name {name:?}"
            );
            assert!(!seen.contains(&name.to_string()), "duplicate {name}");
            seen.push(name.to_string());
            let value_start = eq + 2;
            let Some(close) = a[value_start..].find('"') else {
                panic!("unterminated attribute in {a:?}");
            };
            let value = &a[value_start..value_start + close];
            assert!(!value.contains('<'), "< in attribute {value:?}");
            check_entities(value);
            a = &a[value_start + close + 1..];
        }
    }

    /// The value of attribute `name` in every element named `tag` that has
    /// `class="{class}"`.
    fn attr_values(svg: &str, class: &str, name: &str) -> Vec<f64> {
        let needle = format!("class=\"{class}\"");
        svg.split('<')
            .filter(|t| t.contains(&needle))
            .map(|t| {
                let key = format!(" {name}=\"");
                let start = t.find(&key).map(|i| i + key.len()).unwrap_or_default();
                let end = t[start..].find('"').map(|e| start + e).unwrap_or(start);
                t[start..end].parse::<f64>().unwrap_or(f64::NAN)
            })
            .collect()
    }

    /// All text content of `<text>` elements (tspans included), unescaped
    /// only for `&amp;`.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .map(|t| {
                let end = t.find("</text>").unwrap_or(t.len());
                let inner = &t[..end];
                let mut out = String::new();
                let mut in_tag = true; // starts inside the <text ...> tag
                for c in inner.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => out.push(c),
                        _ => {}
                    }
                }
                out
            })
            .collect()
    }

    fn approx(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.02
    }

    #[test]
    fn bar_chart_is_well_formed_and_labelled() {
        let svg = bar_chart(
            "insp",
            "各单位检查次数",
            "镇人民政府检查最多",
            &[("镇人民政府", 12.0), ("镇卫生院", 6.0)],
            " 次",
        );
        assert_well_formed(&svg);
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("aria-labelledby=\"insp-title insp-desc\""));
        assert!(svg.contains("<title id=\"insp-title\">各单位检查次数</title>"));
        assert!(svg.contains("<desc id=\"insp-desc\">镇人民政府检查最多</desc>"));
        assert!(svg.contains("width=\"100%\""));
        assert!(svg.contains("viewBox=\"0 0 640 "));
        assert!(!svg.contains("<?xml"));
        assert!(!svg.contains("<script"));
        let t = texts(&svg);
        assert!(t.contains(&"12 次".to_string()), "{t:?}");
        assert!(t.contains(&"6 次".to_string()), "{t:?}");
        assert!(t.contains(&"镇人民政府".to_string()), "{t:?}");
    }

    #[test]
    fn bars_scale_proportionally() {
        let long = "镇人民代表大会主席团办公室和镇人民政府党政综合办公室";
        for first in ["a", long] {
            let rows = [(first, 10.0), ("b", 5.0), ("c", 0.0), ("d", 2.5)];
            let svg = bar_chart("b", "t", "d", &rows, "");
            assert_well_formed(&svg);
            let labels: Vec<String> = rows.iter().map(|r| r.0.to_string()).collect();
            let values: Vec<String> = ["10", "5", "0", "2.5"].map(String::from).to_vec();
            let layout = BarLayout::new(&labels, &values);
            assert_eq!(layout.label_col == 0.0, first == long);
            let plot = INNER - layout.label_col - GAP - text_width("2.5", FS);
            assert!(approx(layout.plot, plot));
            let widths = attr_values(&svg, "chart-bar-fill", "width");
            let xs = attr_values(&svg, "chart-bar-fill", "x");
            assert_eq!(widths.len(), 4);
            assert!(approx(widths[0], plot), "{widths:?} vs {plot}");
            assert!(approx(widths[1], plot / 2.0), "{widths:?}");
            assert_eq!(widths[2], 0.0);
            assert!(approx(widths[3], plot / 4.0), "{widths:?}");
            assert!(xs.iter().all(|&x| approx(x, M + layout.label_col)));
            // The value is printed right after the bar's end.
            let value_xs: Vec<f64> = svg
                .split("<text")
                .filter(|t| t.contains(">5</text>"))
                .filter_map(|t| t.split('"').nth(1).and_then(|x| x.parse().ok()))
                .collect();
            assert_eq!(value_xs.len(), 1);
            assert!(
                approx(value_xs[0], xs[1] + plot / 2.0 + GAP),
                "{value_xs:?}"
            );
            // Nothing sticks out of the viewBox.
            for (x, w) in xs.iter().zip(&widths) {
                assert!(x + w + GAP + text_width("2.5", FS) <= W - M + 0.01);
            }
        }
    }

    #[test]
    fn escapes_all_text() {
        let evil = "<b>\"A&B\" 'x'</b>";
        let svg = bar_chart(evil, evil, evil, &[(evil, 1.0)], evil);
        assert_well_formed(&svg);
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("&lt;b&gt;&quot;A&amp;B&quot; &#39;x&#39;&lt;/b&gt;"));
        let series = [Series {
            label: evil,
            color: "\"><script>",
        }];
        let svg = stacked_bar_chart(
            evil,
            evil,
            evil,
            &series,
            &[(evil, vec![3.0], evil.to_string())],
        );
        assert_well_formed(&svg);
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("<b>"));
        let svg = column_chart(evil, evil, evil, &[(evil, 1.0)]);
        assert_well_formed(&svg);
        let svg = progress_bar(evil, evil, 1.0, 2.0, evil);
        assert_well_formed(&svg);
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn ids_are_usable_in_aria_labelledby() {
        let svg = progress_bar("my chart 1", "t", 1.0, 2.0, "x");
        assert!(svg.contains("aria-labelledby=\"my-chart-1-title my-chart-1-desc\""));
        assert!(svg.contains("<title id=\"my-chart-1-title\">"));
        let svg = progress_bar("", "", 1.0, 2.0, "x");
        assert!(svg.contains("aria-labelledby=\"chart-title chart-desc\""));
        assert!(svg.contains("<title id=\"chart-title\">图表</title>"));
    }

    #[test]
    fn empty_input_says_no_data() {
        let series = vote_series();
        for svg in [
            bar_chart("e", "标题", "说明", &[], ""),
            stacked_bar_chart("e", "标题", "说明", &series, &[]),
            stacked_bar_chart("e", "标题", "说明", &[], &[("x", vec![1.0], String::new())]),
            column_chart("e", "标题", "", &[]),
        ] {
            assert_well_formed(&svg);
            let desc_start = svg.find("<desc id=\"e-desc\">").unwrap_or(0);
            let desc_end = svg.find("</desc>").unwrap_or(0);
            assert!(svg[desc_start..desc_end].contains("无数据"), "{svg}");
            assert!(texts(&svg).contains(&"无数据".to_string()), "{svg}");
            assert!(svg.contains("<title id=\"e-title\">标题</title>"));
        }
    }

    #[test]
    fn stacked_segments_add_up_to_row_width() {
        let series = vote_series();
        let rows = vec![
            (
                "镇人民政府",
                vec![40.0, 3.0, 1.0, 0.0],
                "满意率 97.7%".to_string(),
            ),
            ("镇派出所", vec![20.0, 2.0], "满意率 90.9%".to_string()),
        ];
        let svg = stacked_bar_chart("s", "测评", "两个单位", &series, &rows);
        assert_well_formed(&svg);
        let xs = attr_values(&svg, "chart-segment", "x");
        let ws = attr_values(&svg, "chart-segment", "width");
        // Row 1: 40, 3, 1 (the 0 segment is not drawn); row 2: 20, 2.
        assert_eq!(ws.len(), 5, "{ws:?}");
        let total1: f64 = ws[..3].iter().sum();
        let total2: f64 = ws[3..].iter().sum();
        assert!(approx(total1, INNER), "{total1}");
        assert!(approx(total2, INNER * 22.0 / 44.0), "{total2}");
        assert!(approx(ws[0], INNER * 40.0 / 44.0));
        assert!(approx(ws[1], INNER * 3.0 / 44.0));
        assert!(approx(ws[3], INNER * 20.0 / 44.0));
        // Segments are contiguous.
        assert!(approx(xs[1], xs[0] + ws[0]) && approx(xs[2], xs[1] + ws[1]));
        let t = texts(&svg);
        assert!(t.iter().any(|t| t == "镇人民政府满意率 97.7%"), "{t:?}");
        assert!(t.contains(&"40".to_string()));
        // Legend.
        for s in ["满意", "基本满意", "不满意", "弃权"] {
            assert!(t.contains(&s.to_string()), "{t:?}");
        }
        // The 1 vote is too narrow to print inside: it goes on a note line.
        assert!(t.iter().any(|t| t.contains("不满意 1")), "{t:?}");
    }

    #[test]
    fn zero_totals_do_not_divide_by_zero() {
        let series = vote_series();
        let svg = stacked_bar_chart(
            "z",
            "t",
            "d",
            &series,
            &[("a", vec![0.0, 0.0, 0.0, 0.0], "无投票".to_string())],
        );
        assert_well_formed(&svg);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        assert!(attr_values(&svg, "chart-segment", "width").is_empty());

        let svg = bar_chart("z", "t", "d", &[("a", 0.0), ("b", 0.0)], "");
        assert_well_formed(&svg);
        assert_eq!(attr_values(&svg, "chart-bar-fill", "width"), vec![0.0, 0.0]);

        let svg = column_chart("z", "t", "d", &[("1月", 0.0), ("2月", 0.0)]);
        assert_well_formed(&svg);
        assert_eq!(
            attr_values(&svg, "chart-column-fill", "height"),
            vec![0.0, 0.0]
        );

        let svg = progress_bar("z", "t", 0.0, 0.0, "");
        assert_well_formed(&svg);
        assert_eq!(attr_values(&svg, "chart-progress-fill", "width"), vec![0.0]);
        let svg = progress_bar("z", "t", 3.0, 0.0, "");
        assert_eq!(
            attr_values(&svg, "chart-progress-fill", "width"),
            vec![INNER]
        );
    }

    #[test]
    fn bad_numbers_are_clamped() {
        let rows = [
            ("nan", f64::NAN),
            ("neg", -5.0),
            ("inf", f64::INFINITY),
            ("max", f64::MAX),
            ("half", f64::MAX / 2.0),
            ("tiny", f64::MIN_POSITIVE),
        ];
        let svg = bar_chart("n", "t", "d", &rows, "");
        assert_well_formed(&svg);
        assert!(!svg.contains("NaN") && !svg.contains("inf\""));
        let widths = attr_values(&svg, "chart-bar-fill", "width");
        assert_eq!(&widths[..3], &[0.0, 0.0, 0.0]);
        assert!(approx(widths[4] * 2.0, widths[3]), "{widths:?}");
        assert!(widths.iter().all(|w| w.is_finite() && *w >= 0.0));

        let series = vote_series();
        let svg = stacked_bar_chart(
            "n",
            "t",
            "d",
            &series,
            &[("a", vec![f64::MAX, f64::MAX, f64::NAN, -1.0], String::new())],
        );
        assert_well_formed(&svg);
        let ws = attr_values(&svg, "chart-segment", "width");
        assert_eq!(ws.len(), 2);
        assert!(
            approx(ws[0] + ws[1], INNER) && approx(ws[0], ws[1]),
            "{ws:?}"
        );

        let svg = column_chart("n", "t", "d", &[("1", f64::MAX), ("2", f64::NAN)]);
        assert_well_formed(&svg);
        let svg = progress_bar("n", "t", f64::MAX, f64::MIN_POSITIVE, "");
        assert_well_formed(&svg);
        assert_eq!(
            attr_values(&svg, "chart-progress-fill", "width"),
            vec![INNER]
        );
    }

    #[test]
    fn column_heights_scale() {
        let months: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
        let cols: Vec<(&str, f64)> = months
            .iter()
            .enumerate()
            .map(|(i, m)| (m.as_str(), i as f64))
            .collect();
        let svg = column_chart("c", "2025年每月发布", "d", &cols);
        assert_well_formed(&svg);
        assert!(svg.contains("chart-column\""), "fell back: {svg}");
        let hs = attr_values(&svg, "chart-column-fill", "height");
        assert_eq!(hs.len(), 12);
        assert!(approx(hs[11], COL_PLOT_H));
        assert!(approx(hs[0], 0.0));
        assert!(approx(hs[1], COL_PLOT_H / 11.0));
        let t = texts(&svg);
        assert!(t.contains(&"12月".to_string()) && t.contains(&"11".to_string()));
    }

    #[test]
    fn too_many_columns_fall_back_to_bars() {
        let days: Vec<String> = (1..=31).map(|d| format!("{d}日")).collect();
        let cols: Vec<(&str, f64)> = days.iter().map(|d| (d.as_str(), 1.0)).collect();
        let svg = column_chart("c", "t", "d", &cols);
        assert_well_formed(&svg);
        assert!(svg.contains("chart-bar\""));
        assert_eq!(attr_values(&svg, "chart-bar-fill", "width").len(), 31);
    }

    #[test]
    fn progress_over_target_is_full() {
        let svg = progress_bar("p", "宣传稿件", 9.0, 12.0, "9 / 12 篇 (75.0%)");
        assert_well_formed(&svg);
        assert_eq!(
            attr_values(&svg, "chart-progress-fill", "width"),
            vec![INNER * 0.75]
        );
        assert!(svg.contains("<desc id=\"p-desc\">9 / 12 篇 (75.0%)</desc>"));
        assert!(texts(&svg).contains(&"9 / 12 篇 (75.0%)".to_string()));
        let svg = progress_bar("p", "t", 15.0, 12.0, "");
        assert_eq!(
            attr_values(&svg, "chart-progress-fill", "width"),
            vec![INNER]
        );
        assert!(texts(&svg).contains(&"15 / 12 (125.0%)".to_string()));
    }

    #[test]
    fn long_labels_wrap_inside_the_chart() {
        let long = "中共某某县某某镇委员会某某镇人民代表大会主席团办公室关于加强基层人大工作和建设的实施意见落实情况专项检查组第一小组（二〇二五年度第三季度）";
        let svg = bar_chart("l", "t", "d", &[(long, 3.0)], " 次");
        assert_well_formed(&svg);
        let t = texts(&svg);
        let label_lines: Vec<&String> = t.iter().filter(|t| !t.contains('次')).collect();
        assert!(label_lines.len() == MAX_LABEL_LINES, "{t:?}");
        assert!(
            label_lines.iter().all(|l| text_width(l, FS) <= INNER),
            "{t:?}"
        );
        assert!(label_lines[MAX_LABEL_LINES - 1].ends_with('…'));

        // Latin words are not broken when a space allows.
        let lines = wrap("Township People's Congress Presidium office", 300.0, FS, 5);
        assert!(
            lines.iter().all(|l| text_width(l, FS) <= 300.0),
            "{lines:?}"
        );
        assert_eq!(
            lines.join(" "),
            "Township People's Congress Presidium office"
        );
        // Closing punctuation does not start a line.
        let lines = wrap("一二三四五，六七", FS * 5.0, FS, 5);
        assert_eq!(lines, vec!["一二三四", "五，六七"]);
        // A width narrower than one character still terminates.
        assert_eq!(wrap("一二三", 1.0, FS, 5).len(), 3);
        assert!(wrap("", 100.0, FS, 3).is_empty());
    }

    #[test]
    fn odd_input_does_not_panic() {
        let weird = "\u{0}\u{1b}[31m\t\n 😀👨‍👩‍👧 a&b \u{FFFF}\u{202E}";
        let long_suffix = "次".repeat(200);
        let long_label = "很长的单位名称".repeat(50);
        let many: Vec<(&str, f64)> = (0..500).map(|i| (weird, i as f64 * 1e12)).collect();
        let svgs = [
            bar_chart(
                weird,
                weird,
                weird,
                &[(weird, 1.0), ("", 2.0)],
                &long_suffix,
            ),
            bar_chart("x", "", "", &[(&long_label, f64::MAX)], weird),
            bar_chart("x", "", "", &many, ""),
            column_chart("x", weird, weird, &many),
            column_chart("x", "", "", &[(&long_label, 1.0), ("", 2.0)]),
            column_chart("x", "", "", &[("1", 1e300)]),
            stacked_bar_chart(
                "x",
                "",
                "",
                &[
                    Series {
                        label: &long_label,
                        color: "",
                    },
                    Series {
                        label: weird,
                        color: "#12",
                    },
                ],
                &[
                    (&long_label, vec![1.0; 40], long_label.clone()),
                    ("", vec![], String::new()),
                    (weird, vec![f64::NEG_INFINITY, 1e-300], weird.to_string()),
                ],
            ),
            progress_bar(weird, &long_label, f64::NAN, f64::NAN, &long_label),
            progress_bar("x", "", -1.0, -1.0, ""),
        ];
        for svg in &svgs {
            assert_well_formed(svg);
            assert!(!svg.contains('\u{0}') && !svg.contains('\u{1b}') && !svg.contains('\u{FFFF}'));
            assert!(!svg.contains("NaN") && !svg.contains("inf\""));
        }
    }

    #[test]
    fn values_are_printed_with_their_suffix() {
        let percent = bar_chart("r", "满意率", "说明", &[("2025年", 93.0)], "%");
        assert!(percent.contains("93.0%"), "{percent}");
        let count = bar_chart("u", "次数", "说明", &[("镇卫生院", 3.0)], " 次");
        assert!(count.contains("3 次") && !count.contains("3.0"), "{count}");
    }
}
