//! The plain text of a body, for summaries, counts and search: blocks
//! separated by one `\n`, line breaks inside a paragraph a space except
//! between two wide (CJK) characters.
//!
//! Left to others: which text is plain (the walker leaves out raw HTML and
//! image alt text, [`super::walk`]), and counting ([`crate::text`]).

use crate::text::is_wide;

/// Builds the plain text: blocks separated by one `\n`, line breaks inside
/// a paragraph turned into a space except between two CJK characters.
#[derive(Default)]
pub(super) struct PlainText {
    /// The text so far.
    pub(super) text: String,
    pending_break: bool,
}

impl PlainText {
    pub(super) fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if std::mem::take(&mut self.pending_break) {
            let before = self.text.chars().next_back();
            let after = text.chars().next();
            let joined = matches!((before, after), (Some(b), Some(a)) if is_wide(b) && is_wide(a));
            let at_space = before.is_none_or(char::is_whitespace);
            if !joined && !at_space {
                self.text.push(' ');
            }
        }
        self.text.push_str(text);
    }

    pub(super) fn soft_break(&mut self) {
        self.pending_break = true;
    }

    pub(super) fn hard_break(&mut self) {
        self.pending_break = false;
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    pub(super) fn cell_end(&mut self) {
        self.pending_break = false;
        if !self.text.is_empty() && !self.text.ends_with(char::is_whitespace) {
            self.text.push(' ');
        }
    }

    pub(super) fn end_block(&mut self) {
        self.pending_break = false;
        let trimmed = self.text.trim_end_matches([' ', '\t', '\n', '\r']).len();
        self.text.truncate(trimmed);
        if !self.text.is_empty() {
            self.text.push('\n');
        }
    }

    pub(super) fn finish(mut self) -> String {
        let trimmed = self.text.trim_end().len();
        self.text.truncate(trimmed);
        self.text
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::md;

    #[test]
    fn plain_text_has_no_markup() {
        let body = "# 标题\n\n第一段**加粗**和`代码`，\n换行不加空格。\nEnglish\nwords\n\n\
                    - 项一\n- 项二 [链接](http://x)\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n\n\
                    <div>原始 HTML</div>\n\n![替代文字](a.png)\n\n最后<br>一段";
        let r = md(body);
        assert_eq!(
            r.plain_text,
            "标题\n第一段加粗和代码，换行不加空格。 English words\n项一\n项二 链接\n甲 乙\n1 2\n最后一段"
        );
    }
}
