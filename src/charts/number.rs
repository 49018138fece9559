//! Numbers in a chart: bad values (NaN, infinities, negatives) as 0,
//! bar widths (percentages of a row) with at most two decimals, values and
//! percentages as printed.

/// NaN, infinities and negative values count as 0.
pub(super) fn clean(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

/// Rounds to 2 decimals (widths are printed that way).
pub(super) fn round2(v: f64) -> f64 {
    if v.is_finite() {
        (v * 100.0).round() / 100.0
    } else {
        0.0
    }
}

/// A width: at most 2 decimals, no trailing zeros.
pub(super) fn n(v: f64) -> String {
    trim_zeros(format!("{:.2}", round2(v)))
}

/// A value as printed in a chart: integers without decimals, others with
/// at most 2; very large values in exponent notation.
pub(super) fn fmt_value(v: f64) -> String {
    let v = clean(v);
    if v >= 1e15 {
        return format!("{v:.3e}");
    }
    trim_zeros(format!("{v:.2}"))
}

/// A percentage with one decimal, e.g. "75.0".
pub(super) fn fmt_fixed1(v: f64) -> String {
    let v = clean(v);
    if v >= 1e15 {
        format!("{v:.3e}")
    } else {
        format!("{v:.1}")
    }
}

pub(super) fn trim_zeros(s: String) -> String {
    let t = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    if t == "-0" || t.is_empty() {
        "0".to_string()
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_formatting() {
        assert_eq!(fmt_value(12.0), "12");
        assert_eq!(fmt_value(95.56), "95.56");
        assert_eq!(fmt_value(2.5), "2.5");
        assert_eq!(fmt_value(-3.0), "0");
        assert_eq!(fmt_value(f64::NAN), "0");
        assert_eq!(fmt_value(1e20), "1.000e20");
        assert_eq!(n(-0.001), "0");
        assert_eq!(n(1.005), "1");
    }
}
