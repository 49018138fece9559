//! Byte offsets in a body to 1-based lines of its file, so every finding is
//! reported at a line the author can open.

/// Maps byte offsets in the body to 1-based lines in the file.
pub(super) struct LineIndex {
    first_line: usize,
    newlines: Vec<usize>,
}

impl LineIndex {
    pub(super) fn new(body: &str, first_line: usize) -> Self {
        let newlines = body
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i)
            .collect();
        LineIndex {
            first_line,
            newlines,
        }
    }

    pub(super) fn line(&self, offset: usize) -> usize {
        self.first_line
            .saturating_add(self.newlines.partition_point(|&n| n < offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_from_first_line() {
        let lines = LineIndex::new("a\nb\n\nc", 7);
        assert_eq!(lines.line(0), 7);
        assert_eq!(lines.line(1), 7);
        assert_eq!(lines.line(2), 8);
        assert_eq!(lines.line(5), 10);
        assert_eq!(lines.line(100), 10);
        assert_eq!(LineIndex::new("\n", usize::MAX).line(5), usize::MAX);
    }
}
