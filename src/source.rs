//! A source file's text and the mapping between proc-macro2 positions, byte offsets and the
//! 1-based line/column pairs reports use.

use std::sync::Arc;

use crate::diagnostic::{LineCol, Location, Span};

/// One file's text, with a leading UTF-8 byte-order mark removed (editors and SARIF consumers
/// do not count it as a column).
pub struct SourceFile {
    /// The path as shown to users.
    pub display: Arc<str>,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(display: Arc<str>, mut text: String) -> SourceFile {
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        SourceFile {
            display,
            text,
            line_starts,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of a 1-based line, without its line terminator.
    pub fn line(&self, line: u32) -> &str {
        let index = (line as usize)
            .saturating_sub(1)
            .min(self.line_starts.len() - 1);
        let start = self.line_starts[index];
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// The byte offset of a proc-macro2 position (1-based line, 0-based column in chars).
    pub fn offset(&self, line: usize, char_column: usize) -> usize {
        let index = line.saturating_sub(1).min(self.line_starts.len() - 1);
        let start = self.line_starts[index];
        let rest = &self.text[start..];
        rest.char_indices()
            .nth(char_column)
            .map_or(self.text.len(), |(at, _)| start + at)
    }

    /// The 1-based line and column (in code points) of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[index];
        let column = self.text[start..offset].chars().count();
        LineCol {
            line: index as u32 + 1,
            column: column as u32 + 1,
        }
    }

    /// A span from byte offsets.
    pub fn span(&self, byte_start: usize, byte_end: usize) -> Span {
        Span {
            start: self.line_col(byte_start),
            end: self.line_col(byte_end.max(byte_start)),
            byte_start,
            byte_end: byte_end.max(byte_start),
        }
    }

    /// The span of a syn/proc-macro2 span (requires proc-macro2's `span-locations`).
    pub fn span_of(&self, span: proc_macro2::Span) -> Span {
        let (start, end) = (span.start(), span.end());
        let byte_start = self.offset(start.line, start.column);
        let byte_end = self.offset(end.line, end.column);
        Span {
            start: LineCol {
                line: start.line as u32,
                column: start.column as u32 + 1,
            },
            end: LineCol {
                line: end.line as u32,
                column: end.column as u32 + 1,
            },
            byte_start,
            byte_end: byte_end.max(byte_start),
        }
    }

    pub fn location(&self, span: Span) -> Location {
        Location {
            file: self.display.clone(),
            span,
        }
    }

    /// The lines of a span with runs of whitespace folded to one space: the part of a
    /// fingerprint that survives reformatting elsewhere and lines inserted above.
    pub fn folded_snippet(&self, span: Span) -> String {
        let last = span.end.line.max(span.start.line).min(span.start.line + 4);
        let mut folded = String::new();
        for line in span.start.line..=last {
            for word in self.line(line).split_whitespace() {
                if !folded.is_empty() {
                    folded.push(' ');
                }
                folded.push_str(word);
            }
        }
        folded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_code_points_and_skip_the_bom() {
        let file = SourceFile::new("a.rs".into(), "\u{feff}let é = 1;\r\nfn x() {}\n".into());
        assert_eq!(file.line(1), "let é = 1;");
        let offset = file.offset(1, 6);
        assert_eq!(&file.text[offset..offset + 1], "=");
        assert_eq!(file.line_col(offset), LineCol { line: 1, column: 7 });
        assert_eq!(
            file.line_col(file.offset(2, 3)),
            LineCol { line: 2, column: 4 }
        );
        assert_eq!(file.line_count(), 3);
    }

    #[test]
    fn folded_snippets_ignore_indentation() {
        let a = SourceFile::new("a.rs".into(), "fn f() {\n    x.unwrap();\n}\n".into());
        let b = SourceFile::new("a.rs".into(), "\n\nfn f() {\n\tx.unwrap();\n}\n".into());
        let span_a = a.span(13, 23);
        let span_b = b.span(12, 22);
        assert_eq!(a.folded_snippet(span_a), b.folded_snippet(span_b));
    }
}
