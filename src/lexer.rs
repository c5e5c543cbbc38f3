//! A lexer that knows just enough Rust to tell comments, literals and code apart, for the
//! passes that read a file's text besides syn: the nesting guard that runs before parsing
//! (`engine/nesting.rs`) and the suppression comments, which are not in the syn tree
//! (`engine/suppress.rs`).
//!
//! It is not fooled by string, byte and C string literals, raw strings with any number of `#`,
//! char literals versus lifetimes (`'"'` vs `'a`), nested block comments or raw identifiers
//! (`r#match`). It works on bytes — every delimiter is ASCII, so token boundaries are always
//! char boundaries — never panics, and lets an unterminated literal or comment run to the end of
//! the text (an unterminated escaped char literal to the end of its line).

/// What a token is, as far as the passes that read text need to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A `#!` first line that does not open an inner attribute, up to its newline.
    Shebang,
    /// A run of whitespace, newlines included.
    Whitespace,
    /// `// …` up to (not including) its newline.
    LineComment,
    /// `/* … */`, nested ones included.
    BlockComment,
    /// A string, byte string, C string, raw string, char or byte literal.
    Literal,
    /// `'a`, `'static` or a loop label.
    Lifetime,
    /// An identifier, keyword, raw identifier or number (its digits and letters; a `.` or a
    /// sign is punctuation).
    Word,
    /// Any other single character: `#`, `[`, `{`, `+`, a stray quote, …
    Punct,
}

/// One token: its kind and its byte range in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

/// The tokens of a text, in order; together they cover every byte of it.
#[derive(Clone)]
pub struct Lexer<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
}

impl<'t> Lexer<'t> {
    pub fn new(text: &'t str) -> Lexer<'t> {
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    /// The next token that is neither whitespace nor a comment, without consuming anything.
    pub fn peek_code(&self) -> Option<Token> {
        self.clone().find(|token| {
            !matches!(
                token.kind,
                TokenKind::Whitespace | TokenKind::LineComment | TokenKind::BlockComment
            )
        })
    }

    fn byte(&self, at: usize) -> u8 {
        self.bytes.get(at).copied().unwrap_or(0)
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..)?.chars().next()
    }

    /// The offset after the char at `at` (one byte on if `at` is not a char boundary).
    fn char_end(&self, at: usize) -> usize {
        at + self.char_at(at).map_or(1, char::len_utf8)
    }

    fn is_whitespace_at(&self, at: usize) -> bool {
        match self.byte(at) {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => true,
            0x80..=0xff => self.char_at(at).is_some_and(char::is_whitespace),
            _ => false,
        }
    }

    /// The kind and end of the token at `at`.
    fn token(&self, at: usize) -> (TokenKind, usize) {
        match self.byte(at) {
            b'#' if at == 0 && self.is_shebang() => (TokenKind::Shebang, self.line_end(at)),
            _ if self.is_whitespace_at(at) => {
                let mut end = at;
                while end < self.bytes.len() && self.is_whitespace_at(end) {
                    end = self.char_end(end);
                }
                (TokenKind::Whitespace, end)
            }
            b'/' if self.byte(at + 1) == b'/' => (TokenKind::LineComment, self.line_end(at)),
            b'/' if self.byte(at + 1) == b'*' => {
                (TokenKind::BlockComment, self.block_comment_end(at))
            }
            b'"' => (TokenKind::Literal, self.string_end(at + 1)),
            b'\'' => self.quote(at),
            b'b' | b'c' | b'r' => self.prefixed(at),
            byte if byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80 => {
                (TokenKind::Word, self.word_end(at))
            }
            _ => (TokenKind::Punct, self.char_end(at)),
        }
    }

    /// A `#!` at the very start that is not `#![…]` (an inner attribute).
    fn is_shebang(&self) -> bool {
        self.text
            .strip_prefix("#!")
            .is_some_and(|rest| !rest.trim_start().starts_with('['))
    }

    /// The offset of the newline ending the line at `at`, or the end of the text.
    fn line_end(&self, at: usize) -> usize {
        self.bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |offset| at + offset)
    }

    fn block_comment_end(&self, start: usize) -> usize {
        let mut at = start + 2;
        let mut depth = 1usize;
        while at < self.bytes.len() {
            match (self.bytes[at], self.byte(at + 1)) {
                (b'/', b'*') => {
                    depth += 1;
                    at += 2;
                }
                (b'*', b'/') => {
                    depth -= 1;
                    at += 2;
                    if depth == 0 {
                        return at;
                    }
                }
                _ => at += 1,
            }
        }
        self.bytes.len()
    }

    /// The end of an identifier, keyword, number or lifetime name starting at `at`.
    fn word_end(&self, mut at: usize) -> usize {
        let start = at;
        loop {
            let byte = self.byte(at);
            if byte.is_ascii_alphanumeric() || byte == b'_' {
                at += 1;
            } else if byte >= 0x80 {
                match self.char_at(at) {
                    Some(c) if !c.is_whitespace() => at += c.len_utf8(),
                    _ => break,
                }
            } else {
                break;
            }
        }
        if at == start {
            self.char_end(start)
        } else {
            at
        }
    }

    /// The end of a (byte, C) string whose contents start at `from`.
    fn string_end(&self, mut from: usize) -> usize {
        while from < self.bytes.len() {
            match self.bytes[from] {
                b'\\' => from += 2,
                b'"' => return from + 1,
                _ => from += 1,
            }
        }
        self.bytes.len()
    }

    /// The end of a raw string whose contents start at `from`, closed by `"` and `hashes` `#`.
    fn raw_string_end(&self, mut from: usize, hashes: usize) -> usize {
        while from < self.bytes.len() {
            if self.bytes[from] == b'"' {
                let closing = self.bytes[from + 1..]
                    .iter()
                    .take(hashes)
                    .take_while(|&&b| b == b'#')
                    .count();
                if closing == hashes {
                    return from + 1 + hashes;
                }
            }
            from += 1;
        }
        self.bytes.len()
    }

    /// A char literal, lifetime, label or stray quote starting at `at` (a `'`).
    fn quote(&self, at: usize) -> (TokenKind, usize) {
        if self.byte(at + 1) == b'\\' {
            // An escaped char literal ('\n', '\'', '\u{1F600}'): never spans lines.
            let mut next = at + 3;
            while next < self.bytes.len() {
                match self.bytes[next] {
                    b'\'' => return (TokenKind::Literal, next + 1),
                    b'\n' => return (TokenKind::Literal, next),
                    _ => next += 1,
                }
            }
            return (TokenKind::Literal, self.bytes.len());
        }
        match self.char_at(at + 1) {
            Some(c) if c != '\n' && self.byte(at + 1 + c.len_utf8()) == b'\'' => {
                (TokenKind::Literal, at + 2 + c.len_utf8())
            }
            Some(c) if c == '_' || c.is_alphanumeric() => {
                (TokenKind::Lifetime, self.word_end(at + 1))
            }
            _ => (TokenKind::Punct, at + 1),
        }
    }

    /// A token starting with `b`, `c` or `r`: a prefixed literal, a raw identifier or a plain
    /// word.
    fn prefixed(&self, at: usize) -> (TokenKind, usize) {
        let first = self.byte(at);
        let mut raw = at;
        if first != b'r' {
            match self.byte(at + 1) {
                b'"' => return (TokenKind::Literal, self.string_end(at + 2)),
                b'\'' if first == b'b' => {
                    let (kind, end) = self.quote(at + 1);
                    return match kind {
                        TokenKind::Literal => (kind, end),
                        _ => (TokenKind::Word, self.word_end(at)),
                    };
                }
                b'r' => raw = at + 1,
                _ => return (TokenKind::Word, self.word_end(at)),
            }
        }
        let mut next = raw + 1;
        while self.byte(next) == b'#' {
            next += 1;
        }
        let hashes = next - raw - 1;
        if self.byte(next) == b'"' {
            return (TokenKind::Literal, self.raw_string_end(next + 1, hashes));
        }
        let ident_start = self.byte(next);
        if hashes == 1
            && raw == at
            && (ident_start.is_ascii_alphabetic() || ident_start == b'_' || ident_start >= 0x80)
        {
            return (TokenKind::Word, self.word_end(next));
        }
        (TokenKind::Word, self.word_end(at))
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        if self.pos >= self.bytes.len() {
            return None;
        }
        let start = self.pos;
        let (kind, end) = self.token(start);
        let end = end.clamp(start + 1, self.bytes.len());
        self.pos = end;
        Some(Token { kind, start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    /// The (kind, text) of every token of `text`.
    fn tokens(text: &str) -> Vec<(TokenKind, &str)> {
        Lexer::new(text)
            .map(|token| (token.kind, &text[token.start..token.end]))
            .collect()
    }

    /// The tokens that are neither whitespace nor comments.
    fn code(text: &str) -> Vec<(TokenKind, &str)> {
        tokens(text)
            .into_iter()
            .filter(|(kind, _)| !matches!(kind, Whitespace | LineComment | BlockComment))
            .collect()
    }

    #[test]
    fn tokens_cover_the_text_in_order() {
        for text in [
            "fn f<'a>(x: &'a str) -> char { '\"' } // done\n",
            "let s = r##\"a \"# b\"##; /* /* nested */ */ x",
            "#!/usr/bin/env run\nfn main() {}",
            "let é = \"unterminated",
            "b'\\x00' c\"c\" br\"\\\" r#match 'lbl: loop {}",
        ] {
            let mut at = 0;
            for token in Lexer::new(text) {
                assert_eq!(token.start, at, "{text:?}");
                assert!(token.end > token.start, "{text:?}");
                at = token.end;
            }
            assert_eq!(at, text.len(), "{text:?}");
        }
    }

    #[test]
    fn literals_and_lifetimes_are_told_apart() {
        assert_eq!(
            code("f('\"', 'a, '\\'', b'x', 'static)"),
            [
                (Word, "f"),
                (Punct, "("),
                (Literal, "'\"'"),
                (Punct, ","),
                (Lifetime, "'a"),
                (Punct, ","),
                (Literal, "'\\''"),
                (Punct, ","),
                (Literal, "b'x'"),
                (Punct, ","),
                (Lifetime, "'static"),
                (Punct, ")"),
            ]
        );
        // A raw string has no escapes: `br"\"` ends at its second quote.
        assert_eq!(
            code(r##"br"\" x r#"a"#"##),
            [(Literal, r#"br"\""#), (Word, "x"), (Literal, r##"r#"a"#"##)]
        );
        assert_eq!(
            code("r#match r #"),
            [(Word, "r#match"), (Word, "r"), (Punct, "#")]
        );
    }

    #[test]
    fn comments_nest_and_end_where_they_should() {
        assert_eq!(
            tokens("a /* x /* y */ z */ b // c\r\nd"),
            [
                (Word, "a"),
                (Whitespace, " "),
                (BlockComment, "/* x /* y */ z */"),
                (Whitespace, " "),
                (Word, "b"),
                (Whitespace, " "),
                (LineComment, "// c\r"),
                (Whitespace, "\n"),
                (Word, "d"),
            ]
        );
        assert_eq!(tokens("/* open"), [(BlockComment, "/* open")]);
    }

    #[test]
    fn a_shebang_is_one_token_but_an_inner_attribute_is_code() {
        assert_eq!(code("#!/bin/run\nfn main() {}")[0], (Shebang, "#!/bin/run"));
        assert_eq!(code("#![allow(x)]")[..2], [(Punct, "#"), (Punct, "!")]);
    }

    #[test]
    fn the_next_code_token_is_peeked_past_comments() {
        let mut lexer = Lexer::new("} /* c */ // d\n else");
        assert_eq!(lexer.next().map(|t| t.kind), Some(Punct));
        let next = lexer.peek_code().unwrap();
        assert_eq!((next.kind, next.start), (Word, 16));
        assert_eq!(lexer.next().map(|t| t.kind), Some(Whitespace));
    }
}
