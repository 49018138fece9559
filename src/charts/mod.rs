//! Charts as HTML: horizontal bars (one row per unit, year or month),
//! stacked bars (the votes of each evaluated unit) and a progress bar.
//!
//! Every function returns a fragment of HTML that the theme's `m::chart`
//! macro puts in a `<figure class="chart">` above its caption. A chart is a
//! visual aid beside the table that stays the source of truth, made to read
//! on any screen:
//!
//! * every label and number is HTML text in the page's font, so it grows
//!   with 大字, browser zoom and the reader's minimum font size, and wraps
//!   on a narrow screen; the engine lays nothing out and measures nothing
//!   (it only keeps a generous room for the longest number, see
//!   [`text::em_width`]);
//! * a bar is an empty box whose width is a share of its row, written as a
//!   number (`style="--w:37.5"`, a percentage) that the theme's CSS turns
//!   into a width (and a series' colour as `--c`, its number's as `--t`,
//!   so that the 高对比 mode can keep them); bars are hidden from screen readers (`aria-hidden`), which
//!   read the rows of a `<ul>` named by the chart's title: label, then value;
//! * every value is printed as a number, so colour is never the only
//!   carrier of meaning and a black-and-white printout stays readable;
//!   a number inside a stacked segment is black or white, whichever
//!   contrasts more with the segment (at least 4.5:1), and only when it
//!   fits in the segment on the narrowest screen; else it goes on a note
//!   line under the bar ("不满意 1，弃权 2");
//! * all text is escaped ([`crate::html`]) and the only other things
//!   written in attributes are numbers and checked colours; no input
//!   panics: empty data gives a chart saying 无数据, negative values and NaN
//!   count as 0 (so do infinities), zero totals draw empty bars instead of
//!   dividing by zero.
//!
//! Class names for the theme's CSS: `chart-body` plus one of `chart-bars`
//! (with `chart-short` when its labels fit beside the bars on a phone),
//! `chart-stacked`, `chart-progress` or `chart-empty` on the outer element;
//! inside, `chart-label`, `chart-bar`, `chart-fill`, `chart-value`,
//! `chart-track`, `chart-legend`, `chart-swatch`, `chart-rows`,
//! `chart-head`, `chart-extra`, `chart-stack`, `chart-seg`, `chart-note`,
//! and `chart-vh` (words for screen readers only: the series of a number
//! inside a segment). Custom properties: `--w` on a fill or segment,
//! `--c` and `--t` on a segment or swatch, `--value` (room for the longest
//! value) and `--label` (width of short labels) on a bar chart.
//!
//! Left to others: which data to chart, the `<figure>` and its caption,
//! the boxes' look (the theme's style.css), and the table beside the chart.
//!
//! The files of this folder: this one writes the charts from [`color`]
//! (palette, contrast), [`number`] (cleaning and printing values) and
//! [`text`] (cleaning, escaping, room for a number); none imports this
//! file.

use std::fmt::Write as _;

mod color;
mod number;
mod text;

use color::{text_on, usable_color};
pub(crate) use color::{vote_series, Series};
use number::{clean, fmt_fixed1, fmt_value, n, round2};
use text::{clean_text, em_width, escape};

/// Labels this wide (in em) or narrower sit beside their bars even on a
/// phone (months, years, names of up to 5 characters); longer ones get a
/// line of their own there, which leaves the bar room in 大字 (on a 360 px
/// phone in 大字 a row is 13.7 em: 5.5 for the label, about 4 for the
/// value, the rest for the bar).
const SHORT_LABEL_EM: f64 = 5.0;

/// The narrowest track a stacked bar gets, in em of its own text: a 360 px
/// phone in 大字 (328 px of content at 24 px). A number is printed inside a
/// segment only when it fits at this width.
const NARROWEST_TRACK_EM: f64 = 13.0;

/// Horizontal bars, one row per item: e.g. inspections per unit, documents
/// per month, a unit's approval year by year.
///
/// Each row is its label, then a bar whose length is proportional to the
/// value (the largest value fills the row, less the room kept for the
/// value), then the value and `value_suffix` (appended as is, e.g. `" 次"`).
/// With `"%"` the value has one decimal, as the tables print it, and 100%
/// (or a larger value) fills the row. `title` names the list for screen
/// readers.
pub(crate) fn bar_chart(title: &str, rows: &[(&str, f64)], value_suffix: &str) -> String {
    if rows.is_empty() {
        return empty_chart();
    }
    let values: Vec<f64> = rows.iter().map(|&(_, v)| clean(v)).collect();
    let number = if value_suffix == "%" {
        fmt_fixed1
    } else {
        fmt_value
    };
    let texts: Vec<String> = values
        .iter()
        .map(|&v| format!("{}{value_suffix}", number(v)))
        .collect();
    // A percentage is drawn against 100% (a 95% bar is nearly full even
    // alone); other values against the largest one.
    let floor = if value_suffix == "%" { 100.0 } else { 0.0 };
    let max = values.iter().copied().fold(floor, f64::max);
    let value_em = texts.iter().map(|t| em_width(t)).fold(0.0, f64::max);
    let label_em = rows.iter().map(|&(l, _)| em_width(l)).fold(0.0, f64::max);

    let mut out = String::new();
    let short = label_em <= SHORT_LABEL_EM;
    let _ = write!(
        out,
        "<ul class=\"chart-body chart-bars{}\" aria-label=\"{}\" style=\"--value:{}em",
        if short { " chart-short" } else { "" },
        escape(title),
        n(value_em.ceil() + 0.5)
    );
    if short {
        let _ = write!(out, ";--label:{}em", n(label_em.ceil().max(1.0)));
    }
    out.push_str("\">");
    for ((&(label, _), &v), shown) in rows.iter().zip(&values).zip(&texts) {
        let _ = write!(
            out,
            "<li><span class=\"chart-label\">{}</span><span class=\"chart-bar\">\
             <span class=\"chart-fill\" style=\"--w:{}\" aria-hidden=\"true\"></span> \
             <span class=\"chart-value\">{}</span></span></li>",
            escape(label),
            n(share(v, max)),
            escape(shown)
        );
    }
    out.push_str("</ul>");
    out
}

/// `v` as a percentage of `max`, within 0–100; 0 when `max` is 0.
fn share(v: f64, max: f64) -> f64 {
    if max > 0.0 {
        (v / max * 100.0).clamp(0.0, 100.0)
    } else {
        0.0
    }
}

/// Horizontal stacked bars, one per row, segments in `series` order: e.g.
/// each evaluated unit's votes (满意, 基本满意, 不满意, 弃权), with a legend
/// on top; each row is headed by its label and its extra text (e.g.
/// "满意率 95.6%").
///
/// All rows share one scale: the row with the largest total fills the
/// width (so rows with equal totals, the usual case for votes, are equally
/// long). A segment shows its number when it fits there on the narrowest
/// screen ([`NARROWEST_TRACK_EM`]) and its colour's contrast is known; the
/// numbers of the other non-zero segments are on a note line under the bar.
/// Values beyond the number of series are ignored; missing ones count as 0.
pub(crate) fn stacked_bar_chart(
    title: &str,
    series: &[Series],
    rows: &[(&str, Vec<f64>, String)],
) -> String {
    if series.is_empty() || rows.is_empty() {
        return empty_chart();
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
        100.0 / max_total
    } else {
        0.0
    };

    let mut out = String::from("<div class=\"chart-body chart-stacked\">");
    legend(&mut out, series, &colors);
    let _ = write!(
        out,
        "<ul class=\"chart-rows\" aria-label=\"{}\">",
        escape(title)
    );
    for ((label, _, extra), vs) in rows.iter().zip(&values) {
        let widths: Vec<f64> = vs.iter().map(|&v| norm(v) * scale).collect();
        stacked_row(&mut out, label, extra, vs, &widths, series, &colors);
    }
    out.push_str("</ul></div>");
    out
}

/// The legend of a stacked chart: a swatch and a label per series. Hidden
/// from screen readers, which hear each number with its series instead.
fn legend(out: &mut String, series: &[Series], colors: &[String]) {
    out.push_str("<ul class=\"chart-legend\" aria-hidden=\"true\">");
    for (s, color) in series.iter().zip(colors) {
        let _ = write!(
            out,
            "<li><span class=\"chart-swatch\" style=\"--c:{color}\"></span>{}</li>",
            escape(s.label)
        );
    }
    out.push_str("</ul>");
}

/// One row of a stacked chart: its heading, the segments (`widths` as
/// percentages of the row), and the note line with the numbers that did
/// not go inside.
fn stacked_row(
    out: &mut String,
    label: &str,
    extra: &str,
    values: &[f64],
    widths: &[f64],
    series: &[Series],
    colors: &[String],
) {
    let _ = write!(
        out,
        "<li><p class=\"chart-head\"><span class=\"chart-label\">{}</span>",
        escape(label)
    );
    if !clean_text(extra).is_empty() {
        let _ = write!(out, " <span class=\"chart-extra\">{}</span>", escape(extra));
    }
    out.push_str("</p><div class=\"chart-stack\">");
    let mut noted = Vec::new();
    let mut inside = 0;
    let mut cum = 0.0;
    for (i, (&v, &w)) in values.iter().zip(widths).enumerate() {
        // Edges rounded, not widths: the segments then add up exactly to
        // the row's rounded share.
        let x0 = round2(cum);
        cum += w;
        let width = round2(cum) - x0;
        if v <= 0.0 {
            continue;
        }
        let number = fmt_value(v);
        let text = text_on(&colors[i]).filter(|_| fits(&number, width));
        if width <= 0.0 {
            noted.push(i);
            continue;
        }
        let _ = write!(
            out,
            "<span class=\"chart-seg\" style=\"--w:{};--c:{}",
            n(width),
            colors[i]
        );
        match text {
            Some(text) => {
                // Screen readers hear "满意 40，基本满意 3": the series is
                // said in words, the legend being hidden from them.
                let sep = if inside > 0 { "，" } else { "" };
                let _ = write!(
                    out,
                    ";--t:{text}\"><span class=\"chart-vh\">{sep}{} </span>{number}</span>",
                    escape(series[i].label)
                );
                inside += 1;
            }
            None => {
                out.push_str("\" aria-hidden=\"true\"></span>");
                noted.push(i);
            }
        }
    }
    out.push_str("</div>");
    if !noted.is_empty() {
        let note: Vec<String> = noted
            .iter()
            .map(|&i| format!("{} {}", escape(series[i].label), fmt_value(values[i])))
            .collect();
        let _ = write!(out, "<p class=\"chart-note\">{}</p>", note.join("，"));
    }
    out.push_str("</li>");
}

/// Whether `number` fits inside a segment `width` percent wide on the
/// narrowest screen, with a little padding.
fn fits(number: &str, width: f64) -> bool {
    (em_width(number) + 0.6) / NARROWEST_TRACK_EM * 100.0 <= width
}

/// A progress bar: e.g. published articles against the county's quota,
/// "9 / 12 篇（75.0%）" above a bar filled to 75%; over 100% is drawn full
/// with the real figure in the text.
///
/// When `text` is empty, "done / target (percent)" is printed instead. A
/// target of 0 counts as reached as soon as anything is done.
pub(crate) fn progress_bar(done: f64, target: f64, text: &str) -> String {
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
    format!(
        "<div class=\"chart-body chart-progress\"><p class=\"chart-value\">{}</p>\
         <div class=\"chart-track\" aria-hidden=\"true\"><span class=\"chart-fill\" style=\"--w:{}\"></span></div></div>",
        escape(&shown),
        n(round2(ratio * 100.0))
    )
}

/// What a chart without data says.
fn empty_chart() -> String {
    "<p class=\"chart-body chart-empty\">无数据</p>".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An element of a chart, as quick-xml reads it.
    #[derive(Debug, Default)]
    struct El {
        name: String,
        attrs: Vec<(String, String)>,
        children: Vec<Node>,
    }

    #[derive(Debug)]
    enum Node {
        El(El),
        Text(String),
    }

    impl El {
        fn attr(&self, name: &str) -> Option<&str> {
            self.attrs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        }

        fn has_class(&self, class: &str) -> bool {
            self.attr("class")
                .is_some_and(|c| c.split(' ').any(|c| c == class))
        }

        /// The text inside, tags removed.
        fn text(&self) -> String {
            self.children
                .iter()
                .map(|c| match c {
                    Node::El(e) => e.text(),
                    Node::Text(t) => t.clone(),
                })
                .collect()
        }

        /// The text a screen reader gets: what is not `aria-hidden`.
        fn spoken(&self) -> String {
            if self.attr("aria-hidden") == Some("true") {
                return String::new();
            }
            self.children
                .iter()
                .map(|c| match c {
                    Node::El(e) => e.spoken(),
                    Node::Text(t) => t.clone(),
                })
                .collect()
        }

        /// Every element with `class` inside (document order).
        fn all(&self, class: &str) -> Vec<&El> {
            let mut out = Vec::new();
            for c in &self.children {
                if let Node::El(e) = c {
                    if e.has_class(class) {
                        out.push(e);
                    }
                    out.extend(e.all(class));
                }
            }
            out
        }

        /// The `--w` of an element's style, a percentage.
        fn width(&self) -> f64 {
            let style = self.attr("style").unwrap_or_default();
            let w = style
                .split(';')
                .find_map(|d| d.strip_prefix("--w:"))
                .unwrap_or_else(|| panic!("no --w in {style:?}"));
            w.parse().unwrap_or(f64::NAN)
        }
    }

    /// Parses a chart with quick-xml (our HTML is also well-formed XML: no
    /// void elements, every attribute quoted): one root element, every tag
    /// closed in order, only known entities, no `<script>` or `<figure>`
    /// and no attribute beyond the few the charts write.
    fn parse(html: &str) -> El {
        use quick_xml::events::{BytesStart, Event};
        let mut reader = quick_xml::Reader::from_str(html);
        let mut stack: Vec<El> = vec![El::default()];
        let open = |e: &BytesStart<'_>| {
            let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
            assert!(
                ["ul", "li", "span", "p", "div"].contains(&name.as_str()),
                "<{name}> in {html}"
            );
            let attrs = e
                .attributes()
                .map(|a| {
                    let a = a.unwrap_or_else(|e| panic!("{e} in {html}"));
                    let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                    assert!(
                        ["class", "style", "aria-hidden", "aria-label"].contains(&key.as_str()),
                        "attribute {key} in {html}"
                    );
                    let value = a
                        .unescape_value()
                        .unwrap_or_else(|e| panic!("{e} in {html}"));
                    (key, value.into_owned())
                })
                .collect();
            El {
                name,
                attrs,
                children: Vec::new(),
            }
        };
        loop {
            match reader
                .read_event()
                .unwrap_or_else(|e| panic!("{e} in {html}"))
            {
                Event::Start(e) => stack.push(open(&e)),
                Event::End(e) => {
                    let el = stack.pop().unwrap_or_default();
                    assert_eq!(el.name.as_bytes(), e.name().as_ref(), "{html}");
                    let parent = stack.last_mut().unwrap_or_else(|| panic!("{html}"));
                    parent.children.push(Node::El(el));
                }
                Event::Text(t) => {
                    let t = t.decode().unwrap_or_else(|e| panic!("{e} in {html}"));
                    assert!(!t.contains('>'), "raw > in {html}");
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(Node::Text(t.into_owned()));
                    }
                }
                Event::GeneralRef(r) => {
                    let t = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => {
                            let name = r.decode().unwrap_or_default().into_owned();
                            quick_xml::escape::resolve_predefined_entity(&name)
                                .unwrap_or_else(|| panic!("&{name}; in {html}"))
                                .to_string()
                        }
                    };
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(Node::Text(t));
                    }
                }
                Event::Eof => break,
                other => panic!("{other:?} in {html}"),
            }
        }
        assert_eq!(stack.len(), 1, "unclosed in {html}");
        let mut top = stack.pop().unwrap_or_default();
        assert_eq!(top.children.len(), 1, "one root element in {html}");
        match top.children.pop() {
            Some(Node::El(root)) => {
                assert!(root.has_class("chart-body"), "{html}");
                root
            }
            other => panic!("{other:?} in {html}"),
        }
    }

    fn approx(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.011
    }

    /// The label and value of each row of a bar chart, as read aloud.
    fn rows_read(chart: &El) -> Vec<String> {
        chart
            .children
            .iter()
            .filter_map(|c| match c {
                Node::El(li) => Some(li.spoken()),
                Node::Text(_) => None,
            })
            .collect()
    }

    #[test]
    fn bar_chart_is_a_list_of_label_bar_value() {
        let html = bar_chart(
            "各单位检查次数",
            &[("镇人民政府办公室", 12.0), ("镇卫生院", 6.0)],
            " 次",
        );
        let chart = parse(&html);
        assert_eq!(chart.name, "ul");
        assert_eq!(chart.attr("aria-label"), Some("各单位检查次数"));
        assert!(chart.has_class("chart-bars") && !chart.has_class("chart-short"));
        assert_eq!(
            rows_read(&chart),
            ["镇人民政府办公室 12 次", "镇卫生院 6 次"]
        );
        for fill in chart.all("chart-fill") {
            assert_eq!(fill.attr("aria-hidden"), Some("true"));
            assert!(fill.text().is_empty());
        }
        // Room for "12 次" (0.65 × 3 + 1 = 2.95 em, rounded up, + 0.5).
        assert_eq!(chart.attr("style"), Some("--value:3.5em"));
    }

    #[test]
    fn bars_scale_proportionally() {
        let rows = [("a", 10.0), ("b", 5.0), ("c", 0.0), ("d", 2.5)];
        let chart = parse(&bar_chart("t", &rows, ""));
        let widths: Vec<f64> = chart.all("chart-fill").iter().map(|f| f.width()).collect();
        assert_eq!(widths, [100.0, 50.0, 0.0, 25.0]);
        assert_eq!(rows_read(&chart), ["a 10", "b 5", "c 0", "d 2.5"]);
    }

    #[test]
    fn short_labels_sit_beside_their_bars() {
        let months: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
        let rows: Vec<(&str, f64)> = months.iter().map(|m| (m.as_str(), 1.0)).collect();
        let chart = parse(&bar_chart("2026年各月发布数量", &rows, ""));
        assert!(chart.has_class("chart-short"));
        // "12月": 2.3 em, kept as 3 em for every label.
        assert_eq!(chart.attr("style"), Some("--value:1.5em;--label:3em"));
        assert_eq!(chart.all("chart-label").len(), 12);
        let years = parse(&bar_chart("t", &[("2025年", 93.0), ("2026年", 95.0)], "%"));
        assert!(years.has_class("chart-short"));
        let again = [("2025年", 93.0), ("2026年复评", 95.0)];
        assert!(!parse(&bar_chart("t", &again, "%")).has_class("chart-short"));
        let units = parse(&bar_chart("t", &[("镇人民政府办公室", 1.0)], ""));
        assert!(!units.has_class("chart-short"));
    }

    #[test]
    fn escapes_all_text() {
        let evil = "</figure><script>alert(1)</script>\"A&B\" 'x'";
        let html = bar_chart(evil, &[(evil, 1.0)], evil);
        let chart = parse(&html);
        assert!(!html.contains("<script") && !html.contains("</figure>"));
        assert_eq!(chart.attr("aria-label"), Some(evil));
        assert_eq!(chart.all("chart-label")[0].text(), evil);
        let series = [Series {
            label: evil,
            color: "\"><script>",
        }];
        let html = stacked_bar_chart(evil, &series, &[(evil, vec![3.0], evil.to_string())]);
        let chart = parse(&html);
        assert!(!html.contains("<script") && !html.contains("</figure>"));
        assert_eq!(chart.all("chart-extra")[0].text(), evil);
        assert!(chart.all("chart-legend")[0].text().contains(evil));
        // The bad colour fell back to the palette.
        let seg = chart.all("chart-seg");
        assert!(seg[0]
            .attr("style")
            .is_some_and(|s| s.contains("--c:#1b5e20")));
        let html = progress_bar(1.0, 2.0, evil);
        assert_eq!(parse(&html).text(), evil);
    }

    #[test]
    fn empty_input_says_no_data() {
        let series = vote_series();
        for html in [
            bar_chart("标题", &[], ""),
            stacked_bar_chart("标题", &series, &[]),
            stacked_bar_chart("标题", &[], &[("x", vec![1.0], String::new())]),
        ] {
            let chart = parse(&html);
            assert!(chart.has_class("chart-empty"));
            assert_eq!(chart.text(), "无数据");
        }
    }

    #[test]
    fn stacked_segments_add_up_to_the_rows_share() {
        let series = vote_series();
        let rows = vec![
            (
                "镇人民政府",
                vec![40.0, 3.0, 1.0, 0.0],
                "满意率 97.7%".to_string(),
            ),
            ("镇派出所", vec![20.0, 2.0], "满意率 90.9%".to_string()),
        ];
        let chart = parse(&stacked_bar_chart("测评", &series, &rows));
        let stacks = chart.all("chart-stack");
        let widths = |i: usize| -> Vec<f64> {
            stacks[i]
                .all("chart-seg")
                .iter()
                .map(|s| s.width())
                .collect()
        };
        // Row 1: 40, 3, 1 (the 0 is not drawn); row 2, half as long: 20, 2.
        assert_eq!(widths(0).len(), 3);
        assert!(approx(widths(0).iter().sum(), 100.0), "{:?}", widths(0));
        assert!(approx(widths(1).iter().sum(), 50.0), "{:?}", widths(1));
        assert!(approx(widths(0)[0], 4000.0 / 44.0));
        assert!(approx(widths(1)[1], 200.0 / 44.0));
        // The legend, for the eye only.
        let legend = chart.all("chart-legend");
        assert_eq!(legend[0].attr("aria-hidden"), Some("true"));
        assert_eq!(legend[0].text(), "满意基本满意不满意弃权");
        // The row as read: the heading, the wide segments with their
        // series in words, the narrow ones on the note line.
        let li = chart.all("chart-rows")[0]
            .children
            .iter()
            .filter_map(|c| match c {
                Node::El(e) => Some(e.spoken()),
                Node::Text(_) => None,
            })
            .collect::<Vec<_>>();
        assert_eq!(
            li,
            [
                "镇人民政府 满意率 97.7%满意 40基本满意 3，不满意 1",
                "镇派出所 满意率 90.9%满意 20基本满意 2",
            ]
        );
        assert_eq!(chart.all("chart-note")[0].text(), "基本满意 3，不满意 1");
        assert_eq!(chart.all("chart-note").len(), 2);
    }

    #[test]
    fn a_number_inside_a_segment_fits_and_contrasts() {
        let series = vote_series();
        let rows = vec![("a", vec![30.0, 30.0, 30.0, 10.0], String::new())];
        let chart = parse(&stacked_bar_chart("t", &series, &rows));
        let segs = chart.all("chart-seg");
        let styles: Vec<&str> = segs.iter().filter_map(|s| s.attr("style")).collect();
        assert_eq!(
            styles,
            [
                "--w:30;--c:#1b5e20;--t:#fff",
                "--w:30;--c:#f9a825;--t:#000",
                "--w:30;--c:#b71c1c;--t:#fff",
                // 10% of 13 em is 1.3 em: "10" (1.3 em + padding) does not fit.
                "--w:10;--c:#616161",
            ]
        );
        assert_eq!(segs[3].attr("aria-hidden"), Some("true"));
        assert_eq!(chart.all("chart-note")[0].text(), "弃权 10");
        // A named colour's contrast is unknown: its number goes on the note.
        let named = [Series {
            label: "甲",
            color: "teal",
        }];
        let chart = parse(&stacked_bar_chart(
            "t",
            &named,
            &[("a", vec![5.0], String::new())],
        ));
        assert!(chart.all("chart-seg")[0].text().is_empty());
        assert_eq!(chart.all("chart-note")[0].text(), "甲 5");
    }

    #[test]
    fn zero_totals_do_not_divide_by_zero() {
        let series = vote_series();
        let html = stacked_bar_chart("t", &series, &[("a", vec![0.0; 4], "无投票".to_string())]);
        let chart = parse(&html);
        assert!(!html.contains("NaN") && !html.contains("inf"));
        assert!(chart.all("chart-seg").is_empty());
        assert_eq!(chart.all("chart-head")[0].text(), "a 无投票");

        let chart = parse(&bar_chart("t", &[("a", 0.0), ("b", 0.0)], ""));
        let widths: Vec<f64> = chart.all("chart-fill").iter().map(|f| f.width()).collect();
        assert_eq!(widths, [0.0, 0.0]);

        let progress =
            |done, target| parse(&progress_bar(done, target, "")).all("chart-fill")[0].width();
        assert_eq!(progress(0.0, 0.0), 0.0);
        assert_eq!(progress(3.0, 0.0), 100.0);
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
        let chart = parse(&bar_chart("t", &rows, ""));
        let values: Vec<String> = chart.all("chart-value").iter().map(|v| v.text()).collect();
        assert_eq!(values, ["0", "0", "0", "1.798e308", "8.988e307", "0"]);
        let widths: Vec<f64> = chart.all("chart-fill").iter().map(|f| f.width()).collect();
        assert_eq!(widths, [0.0, 0.0, 0.0, 100.0, 50.0, 0.0]);

        let series = vote_series();
        let html = stacked_bar_chart(
            "t",
            &series,
            &[("a", vec![f64::MAX, f64::MAX, f64::NAN, -1.0], String::new())],
        );
        let chart = parse(&html);
        let ws: Vec<f64> = chart.all("chart-seg").iter().map(|s| s.width()).collect();
        assert_eq!(ws, [50.0, 50.0]);

        let html = progress_bar(f64::MAX, f64::MIN_POSITIVE, "");
        assert_eq!(parse(&html).all("chart-fill")[0].width(), 100.0);
    }

    #[test]
    fn progress_over_target_is_full() {
        let chart = parse(&progress_bar(9.0, 12.0, "9 / 12 篇（75.0%）"));
        assert_eq!(chart.spoken(), "9 / 12 篇（75.0%）");
        assert_eq!(chart.all("chart-fill")[0].width(), 75.0);
        assert_eq!(
            chart.all("chart-track")[0].attr("aria-hidden"),
            Some("true")
        );
        let chart = parse(&progress_bar(15.0, 12.0, ""));
        assert_eq!(chart.all("chart-fill")[0].width(), 100.0);
        assert_eq!(chart.text(), "15 / 12 (125.0%)");
    }

    #[test]
    fn values_are_printed_with_their_suffix() {
        let percent = parse(&bar_chart("满意率", &[("2025年", 93.0)], "%"));
        assert_eq!(percent.all("chart-value")[0].text(), "93.0%");
        // Against 100%, not against the largest rate.
        assert_eq!(percent.all("chart-fill")[0].width(), 93.0);
        let over = parse(&bar_chart("t", &[("a", 150.0), ("b", 75.0)], "%"));
        let widths: Vec<f64> = over.all("chart-fill").iter().map(|f| f.width()).collect();
        assert_eq!(widths, [100.0, 50.0]);
        let count = parse(&bar_chart("次数", &[("镇卫生院", 3.0)], " 次"));
        assert_eq!(count.all("chart-value")[0].text(), "3 次");
    }

    /// Text built to get around an escape: markup, entities, quotes,
    /// control characters, non-characters, right-to-left overrides.
    fn hostile() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("</figure><script>alert(1)</script>".to_string()),
                Just("&amp;&".to_string()),
                Just("\"'><".to_string()),
                Just("\u{0}\u{1b}\u{FFFF}\u{FFFE}\u{202E}\n\t".to_string()),
                Just("--w:999;".to_string()),
                "[\\PC]{0,6}",
                "[镇派出所满意]{0,8}",
            ],
            0..5,
        )
        .prop_map(|parts| parts.concat())
    }

    fn value() -> impl Strategy<Value = f64> {
        prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(f64::MAX),
            Just(f64::MIN_POSITIVE),
            -10.0..1e6f64,
            0.0..100.0f64,
            any::<f64>(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Bars: well-formed, every label escaped back to itself, every
        /// width within 0–100, the largest value filling the row.
        #[test]
        fn any_bar_chart_is_well_formed(
            title in hostile(),
            suffix in hostile(),
            rows in prop::collection::vec((hostile(), value()), 1..8),
        ) {
            let rows_ref: Vec<(&str, f64)> = rows.iter().map(|(l, v)| (l.as_str(), *v)).collect();
            let html = bar_chart(&title, &rows_ref, &suffix);
            let chart = parse(&html);
            prop_assert!(!html.contains("<script"));
            // No bidi override can reach the numbers.
            prop_assert!(!html.contains('\u{202E}'), "bidi override in {}", html);
            let labels: Vec<String> = chart.all("chart-label").iter().map(|l| l.text()).collect();
            let cleaned: Vec<String> = rows.iter().map(|(l, _)| crate::html::escape(&clean_text(l))).collect();
            prop_assert_eq!(labels.len(), rows.len());
            for (got, want) in labels.iter().zip(&cleaned) {
                prop_assert_eq!(&crate::html::escape(got), want);
            }
            let widths: Vec<f64> = chart.all("chart-fill").iter().map(|f| f.width()).collect();
            prop_assert!(widths.iter().all(|w| (0.0..=100.0).contains(w)), "{:?}", widths);
            if suffix != "%" {
                let any = rows.iter().any(|(_, v)| clean(*v) > 0.0);
                prop_assert_eq!(widths.contains(&100.0), any, "{:?}", widths);
            }
        }

        /// Stacked bars: well-formed, each row's segments add up to its
        /// share of the longest row, and every non-zero value is printed
        /// once, inside its segment or on the note line.
        #[test]
        fn any_stacked_chart_is_well_formed(
            labels in prop::collection::vec((hostile(), hostile()), 1..5),
            rows in prop::collection::vec((hostile(), prop::collection::vec(value(), 0..6), hostile()), 1..6),
        ) {
            let series: Vec<Series> = labels.iter().map(|(l, c)| Series { label: l, color: c }).collect();
            let rows_ref: Vec<(&str, Vec<f64>, String)> =
                rows.iter().map(|(l, v, e)| (l.as_str(), v.clone(), e.clone())).collect();
            let html = stacked_bar_chart("t", &series, &rows_ref);
            let chart = parse(&html);
            prop_assert!(!html.contains("<script"));
            let items: Vec<&El> = chart.all("chart-rows")[0]
                .children
                .iter()
                .filter_map(|c| match c {
                    Node::El(e) => Some(e),
                    Node::Text(_) => None,
                })
                .collect();
            prop_assert_eq!(items.len(), rows.len());
            let n = series.len();
            let cleaned: Vec<Vec<f64>> = rows
                .iter()
                .map(|(_, vs, _)| (0..n).map(|i| clean(vs.get(i).copied().unwrap_or(0.0))).collect())
                .collect();
            let max = cleaned.iter().flatten().copied().fold(0.0, f64::max);
            let totals: Vec<f64> = cleaned
                .iter()
                .map(|vs| vs.iter().map(|v| if max > 0.0 { v / max } else { 0.0 }).sum())
                .collect();
            let top = totals.iter().copied().fold(0.0, f64::max);
            for ((li, total), vs) in items.iter().zip(&totals).zip(&cleaned) {
                let segs = li.all("chart-seg");
                let widths: Vec<f64> = segs.iter().map(|s| s.width()).collect();
                prop_assert!(widths.iter().all(|w| *w > 0.0 && *w <= 100.0), "{:?}", widths);
                let share = if top > 0.0 { total / top * 100.0 } else { 0.0 };
                let sum: f64 = widths.iter().sum();
                prop_assert!((sum - share).abs() < 0.011, "{} vs {}", sum, share);
                // A non-zero value not printed inside its segment is on the
                // row's note line.
                let inside = segs.iter().filter(|s| !s.text().is_empty()).count();
                let nonzero = vs.iter().filter(|&&v| v > 0.0).count();
                prop_assert!(inside <= nonzero);
                prop_assert_eq!(li.all("chart-note").len(), usize::from(inside < nonzero));
            }
        }

        /// Progress: well-formed, the fill within 0–100.
        #[test]
        fn any_progress_bar_is_well_formed(done in value(), target in value(), text in hostile()) {
            let chart = parse(&progress_bar(done, target, &text));
            let w = chart.all("chart-fill")[0].width();
            prop_assert!((0.0..=100.0).contains(&w), "{}", w);
        }
    }
}
