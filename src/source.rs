//! A source file's text and the mapping between proc-macro2 positions, byte offsets and the
//! 1-based line/column pairs reports use.

use std::sync::Arc;

use crate::diagnostic::{LineCol, Location, Span};

/// Every this many characters, [`CharIndex`] records a byte offset.
const CHECKPOINT: usize = 64;

/// Lines longer than this (in bytes) are cut around the span in fingerprint snippets.
const SNIPPET_WINDOW: usize = 256;

/// One file's text, with a leading UTF-8 byte-order mark removed (editors and SARIF consumers
/// do not count it as a column).
pub struct SourceFile {
    /// The path as shown to users.
    pub display: Arc<str>,
    pub text: String,
    line_starts: Vec<usize>,
    chars: CharIndex,
}

/// Converts between byte offsets and character indices in time independent of the line's
/// length (a minified or hostile one-line file has a finding per statement): ASCII text needs
/// nothing, other text keeps the byte offset of every [`CHECKPOINT`]-th character and the
/// character index of every line start.
enum CharIndex {
    Ascii,
    Checkpoints {
        bytes: Vec<usize>,
        line_starts: Vec<usize>,
    },
}

impl CharIndex {
    fn new(text: &str, byte_line_starts: &[usize]) -> CharIndex {
        if text.is_ascii() {
            return CharIndex::Ascii;
        }
        let mut bytes = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut line_starts = Vec::with_capacity(byte_line_starts.len());
        let mut next_line = byte_line_starts.iter().peekable();
        let mut count = 0;
        for (at, _) in text.char_indices() {
            if count % CHECKPOINT == 0 {
                bytes.push(at);
            }
            while next_line.next_if(|&&start| start <= at).is_some() {
                line_starts.push(count);
            }
            count += 1;
        }
        // Lines that start at the end of the text (after a final newline).
        line_starts.resize(byte_line_starts.len(), count);
        CharIndex::Checkpoints { bytes, line_starts }
    }

    /// The character index of the start of line `index` (0-based).
    fn line_start(&self, index: usize, byte_start: usize) -> usize {
        match self {
            CharIndex::Ascii => byte_start,
            CharIndex::Checkpoints { line_starts, .. } => line_starts[index],
        }
    }

    /// The byte offset of character `char_index`, or `None` past the end.
    fn byte_of(&self, text: &str, char_index: usize) -> Option<usize> {
        match self {
            CharIndex::Ascii => (char_index < text.len()).then_some(char_index),
            CharIndex::Checkpoints { bytes, .. } => {
                let from = *bytes.get(char_index / CHECKPOINT)?;
                text[from..]
                    .char_indices()
                    .nth(char_index % CHECKPOINT)
                    .map(|(at, _)| from + at)
            }
        }
    }

    /// The character index of the character at (or the end of the text at) `offset`, a char
    /// boundary.
    fn char_of(&self, text: &str, offset: usize) -> usize {
        match self {
            CharIndex::Ascii => offset,
            CharIndex::Checkpoints { bytes, .. } => {
                let k = bytes.partition_point(|&at| at <= offset).max(1) - 1;
                let from = bytes.get(k).copied().unwrap_or(0);
                k * CHECKPOINT + text[from..offset].chars().count()
            }
        }
    }
}

impl SourceFile {
    pub fn new(display: Arc<str>, mut text: String) -> SourceFile {
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let chars = CharIndex::new(&text, &line_starts);
        SourceFile {
            display,
            text,
            line_starts,
            chars,
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
        let line_start = self.chars.line_start(index, self.line_starts[index]);
        self.chars
            .byte_of(&self.text, line_start.saturating_add(char_column))
            .unwrap_or(self.text.len())
    }

    /// The 1-based line and column (in code points) of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.chars.line_start(index, self.line_starts[index]);
        let column = self.chars.char_of(&self.text, offset) - line_start;
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
    /// fingerprint that survives reformatting elsewhere and lines inserted above. Of a line
    /// longer than [`SNIPPET_WINDOW`] bytes, only the part within that many bytes of the span
    /// counts, so that a long line costs each finding on it little.
    pub fn folded_snippet(&self, span: Span) -> String {
        let last = span.end.line.max(span.start.line).min(span.start.line + 4);
        let mut folded = String::new();
        for line in span.start.line..=last {
            for word in self.window(line, span).split_whitespace() {
                if !folded.is_empty() {
                    folded.push(' ');
                }
                folded.push_str(word);
            }
        }
        folded
    }

    /// [`Self::folded_snippet`] of `span` with the text of `hidden` (a secret inside it)
    /// replaced by `shown`, so that the fingerprint stays stable and holds no secret.
    pub fn folded_snippet_hiding(&self, span: Span, hidden: Span, shown: &str) -> String {
        let index = |line: u32| {
            (line as usize)
                .saturating_sub(1)
                .min(self.line_starts.len() - 1)
        };
        let last = span.end.line.max(span.start.line).min(span.start.line + 4);
        // The lines a hidden text runs over count as one.
        let last = last.max(hidden.end.line.min(span.end.line));
        let from = self.line_starts[index(span.start.line)];
        let to = self
            .line_starts
            .get(index(last) + 1)
            .map_or(self.text.len(), |next| next - 1);
        // The hidden text is cut out whole, even where it runs past the lines shown.
        let (cut_from, cut_to) = (
            hidden.byte_start.clamp(from, to),
            hidden.byte_end.clamp(from, to),
        );
        let text = [&self.text[from..cut_from], shown, &self.text[cut_to..to]].concat();
        let window =
            |part: &str| -> String { part.split_whitespace().collect::<Vec<_>>().join(" ") };
        let mut folded = window(&text);
        if folded.len() > 2 * SNIPPET_WINDOW {
            let mut end = 2 * SNIPPET_WINDOW;
            while !folded.is_char_boundary(end) {
                end -= 1;
            }
            folded.truncate(end);
        }
        folded
    }

    /// Line `line`, or for a long line the part of it near `span`, on char boundaries.
    fn window(&self, line: u32, span: Span) -> &str {
        let text = self.line(line);
        if text.len() <= SNIPPET_WINDOW {
            return text;
        }
        let index = (line as usize)
            .saturating_sub(1)
            .min(self.line_starts.len() - 1);
        let line_start = self.line_starts[index];
        let relative = |offset: usize| offset.saturating_sub(line_start).min(text.len());
        let mut from = relative(span.byte_start.saturating_sub(SNIPPET_WINDOW));
        let mut to = relative(span.byte_end.saturating_add(SNIPPET_WINDOW));
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        while !text.is_char_boundary(to) {
            to += 1;
        }
        &text[from..to]
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

    /// The straightforward conversions, linear in the column.
    fn naive_offset(text: &str, line_starts: &[usize], line: usize, column: usize) -> usize {
        let start = line_starts[line.saturating_sub(1).min(line_starts.len() - 1)];
        text[start..]
            .char_indices()
            .nth(column)
            .map_or(text.len(), |(at, _)| start + at)
    }

    fn naive_line_col(text: &str, offset: usize) -> LineCol {
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        LineCol {
            line: before.matches('\n').count() as u32 + 1,
            column: text[line_start..offset].chars().count() as u32 + 1,
        }
    }

    #[test]
    fn positions_match_the_straightforward_conversion() {
        let long_line: String = (0..500).map(|i| format!("é{i} 日本 ")).collect();
        for text in [
            "fn main() {}\nlet x = 1;\n".to_string(),
            format!("ascii\n{long_line}\n\nstraße = \"ß\";\r\nend"),
            format!("{long_line}\n"),
            "é".repeat(200),
        ] {
            let file = SourceFile::new("a.rs".into(), text.clone());
            let line_starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(at, _)| at + 1))
                .collect();
            for line in 0..=line_starts.len() + 1 {
                for column in (0..text.len() + 2).step_by(7) {
                    assert_eq!(
                        file.offset(line, column),
                        naive_offset(&text, &line_starts, line, column),
                        "line {line} column {column}"
                    );
                }
            }
            for offset in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
                assert_eq!(
                    file.line_col(offset),
                    naive_line_col(&text, offset),
                    "{offset}"
                );
            }
        }
    }

    #[test]
    fn snippets_of_long_lines_are_cut_around_the_span() {
        let line = format!("{}x.unwrap();{}", "a ".repeat(1000), " é".repeat(1000));
        let file = SourceFile::new("a.rs".into(), line.clone());
        let start = line.find("x.unwrap").unwrap();
        let snippet = file.folded_snippet(file.span(start, start + 10));
        assert!(snippet.contains("x.unwrap();"), "{snippet}");
        assert!(snippet.len() < 2 * SNIPPET_WINDOW + 20, "{}", snippet.len());
        // Short lines are whole, as fingerprints have always had them.
        let short = SourceFile::new("a.rs".into(), "  let  y =\tx.unwrap();\n".into());
        assert_eq!(
            short.folded_snippet(short.span(12, 22)),
            "let y = x.unwrap();"
        );
    }

    #[test]
    fn hidden_text_leaves_the_snippet_whole() {
        let text = "fn f() {\n    let key = \"-----BEGIN\n  PRIVATE\n\n\n\n KEY\";\n}\n";
        let file = SourceFile::new("a.rs".into(), text.into());
        let start = text.find('"').unwrap();
        let end = text.rfind('"').unwrap() + 1;
        let hidden = file.span(start, end);
        let snippet = file.folded_snippet_hiding(hidden, hidden, "<hidden>");
        assert_eq!(snippet, "let key = <hidden>;");
        let line = file.span(text.find("let").unwrap(), end);
        assert_eq!(
            file.folded_snippet_hiding(line, hidden, "<hidden>"),
            "let key = <hidden>;"
        );
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
