//! A term checked against a candidate's text, as the index would count it:
//! its folded units one after another, in the title, the unit, and the
//! kind's fields with the body. A term's units are never separators, so
//! finding them side by side in the folded text is what the index's chain
//! of pairs means (a separator between two units breaks the chain, and
//! here breaks the substring).
//!
//! Left to others: when a query checks text rather than reading lists
//! (`super::plan`), reading the rows (`super::files`).

use super::super::normalize::fold_text;
use super::files::Row;

/// Occurrences of `units` (folded) in `text`, overlapping ones included,
/// as the index counts a phrase at each position where it starts.
fn occurrences(text: &str, units: &[char]) -> u32 {
    if units.is_empty() {
        return 0;
    }
    let folded: Vec<char> = fold_text(text).map(|(c, _)| c).collect();
    folded.windows(units.len()).filter(|w| *w == units).count() as u32
}

/// A term's occurrences in a row: title, unit, and the rest.
pub(crate) fn counts(row: &Row, units: &[char]) -> [u32; 3] {
    [
        occurrences(&row.title, units),
        occurrences(&row.unit, units),
        occurrences(&row.fields, units) + occurrences(&row.body, units),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_fold_and_overlap_as_the_index_does() {
        let row = Row {
            title: "衛生院".into(),
            unit: "镇卫生院　卫生院".into(),
            fields: "卫生".into(),
            body: "卫生，院 卫生院卫生院".into(),
        };
        let units: Vec<char> = "卫生院".chars().collect();
        assert_eq!(counts(&row, &units), [1, 2, 2]);
        let ha: Vec<char> = "哈哈".chars().collect();
        let laugh = Row {
            body: "哈哈哈".into(),
            ..Default::default()
        };
        assert_eq!(counts(&laugh, &ha), [0, 0, 2]);
        assert_eq!(counts(&laugh, &[]), [0, 0, 0]);
    }
}
