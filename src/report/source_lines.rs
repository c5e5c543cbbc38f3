//! A kept source text with the byte offset where each of its lines starts: what renderers that
//! quote code (SARIF snippets) or count columns in bytes (rdjson) need.

use std::collections::HashMap;

use super::Report;
use crate::diagnostic::LineCol;

/// A file's text with the byte offset where each of its lines starts.
pub(super) struct SourceLines<'r> {
    pub text: &'r str,
    /// One entry per line; an empty line after a final line break is not a line.
    pub starts: Vec<usize>,
}

impl<'r> SourceLines<'r> {
    pub fn new(text: &'r str) -> SourceLines<'r> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .filter(|&at| at < text.len() || at == 0)
            .collect();
        SourceLines { text, starts }
    }

    /// The texts the report kept, by displayed path.
    pub fn of_report(report: &'r Report) -> HashMap<&'r str, SourceLines<'r>> {
        report
            .sources
            .iter()
            .map(|(path, text)| (&**path, SourceLines::new(text)))
            .collect()
    }

    /// The 1-based column of `at` counted in UTF-8 bytes instead of code points; `None` when
    /// the position is not in the text. Column 1 is column 1 on any line.
    pub fn byte_column(&self, at: LineCol) -> Option<u32> {
        if at.column <= 1 {
            return Some(1);
        }
        let start = *self.starts.get((at.line as usize).checked_sub(1)?)?;
        let line = self.text[start..].split('\n').next().unwrap_or_default();
        let offset = line
            .char_indices()
            .map(|(offset, _)| offset)
            .chain([line.len()])
            .nth(at.column as usize - 1)?;
        u32::try_from(offset + 1).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_columns_count_utf8_bytes() {
        // reviewdog's own example: in `a𐐀b`, `b` is at byte column 6.
        let lines = SourceLines::new("x\na𐐀b\n");
        let at = |line, column| lines.byte_column(LineCol { line, column });
        assert_eq!(at(2, 1), Some(1));
        assert_eq!(at(2, 2), Some(2));
        assert_eq!(at(2, 3), Some(6));
        assert_eq!(at(2, 4), Some(7), "the end of the line");
        assert_eq!(at(2, 5), None, "past the end of the line");
        assert_eq!(at(3, 1), Some(1), "column 1 of the line after the last");
        assert_eq!(at(3, 2), None);
        assert_eq!(at(0, 2), None);
    }
}
