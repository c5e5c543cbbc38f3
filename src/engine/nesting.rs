//! A lexical guard against input that would recurse too deeply in the parser, the walk or the
//! drop of the syntax tree: an upper estimate of the syntax tree's depth, computed in one
//! linear pass over the text's tokens (`crate::lexer`: comments and literals do not count)
//! before syn sees it.
//!
//! Brackets are not the only thing that nests: `Vec<Vec<..>>`, `|| || ..`, `!!!x`,
//! `return return ..`, `a.b().c()..`, `1 + 1 + ..` and `if .. {} else if ..` all build a tree
//! one level deeper per operator or keyword without any bracket. So the estimate is, at every
//! point, the sum over the open brackets of 1 plus the operators and keywords seen so far in
//! that bracket's current run. A run ends where no nesting can carry over: at `;` and `=>`, at
//! `,` (except for `<` and `|`, which open generics and closure parameters that a comma does
//! not close), and after a `}` that nothing continues (the next token is not an operator,
//! `else` or `as`). Items, statements and match arms therefore start afresh, while a hostile
//! chain of any kind keeps counting.

use crate::lexer::{Lexer, TokenKind};

/// An open bracket and the operators of its current run.
#[derive(Clone, Copy, Default)]
struct Frame {
    /// The estimate where the bracket opened, itself included.
    base: u32,
    /// Operators and keywords; a `,` ends their run.
    ops: u32,
    /// `<`: generic arguments survive commas.
    angles: u32,
    /// `|`: two per closure, parameters survive commas.
    pipes: u32,
}

impl Frame {
    fn depth(self) -> u32 {
        self.base
            .saturating_add(self.ops)
            .saturating_add(self.angles)
            .saturating_add(self.pipes / 2)
    }

    fn end_run(&mut self) {
        (self.ops, self.angles, self.pipes) = (0, 0, 0);
    }
}

/// Keywords that start or continue a nested expression, type or pattern.
const NESTING_KEYWORDS: &[&str] = &[
    "as", "async", "await", "become", "box", "break", "const", "continue", "dyn", "else", "for",
    "if", "impl", "in", "let", "loop", "match", "move", "mut", "ref", "return", "static", "unsafe",
    "while", "yield",
];

/// The estimated depth of the syntax tree of `text` (see the module documentation).
pub fn max_nesting_depth(text: &str) -> u32 {
    let bytes = text.as_bytes();
    let mut frames = vec![Frame::default()];
    let mut max = 0u32;
    let mut tokens = Lexer::new(text);
    while let Some(token) = tokens.next() {
        let top = frames.len() - 1;
        match token.kind {
            TokenKind::Punct => match bytes[token.start] {
                b'(' | b'[' | b'{' => {
                    let base = frames[top].depth().saturating_add(1);
                    frames.push(Frame {
                        base,
                        ..Frame::default()
                    });
                    max = max.max(base);
                }
                b')' | b']' | b'}' => {
                    if frames.len() > 1 {
                        frames.pop();
                    }
                    if bytes[token.start] == b'}' && !continues_after_block(&tokens, text) {
                        frames
                            .last_mut()
                            .expect("the outermost frame stays")
                            .end_run();
                    }
                }
                b';' => frames[top].end_run(),
                b',' => frames[top].ops = 0,
                b'=' if bytes.get(token.end) == Some(&b'>') => {
                    frames[top].end_run();
                    tokens.next();
                }
                b'<' => frames[top].angles += 1,
                b'|' => frames[top].pipes += 1,
                b'.' | b'?' | b'+' | b'-' | b'*' | b'/' | b'%' | b'^' | b'!' | b'&' | b'='
                | b'>' | b'@' | b'~' | b'$' => frames[top].ops += 1,
                _ => {}
            },
            TokenKind::Word if NESTING_KEYWORDS.contains(&&text[token.start..token.end]) => {
                frames[top].ops += 1;
            }
            _ => {}
        }
        max = max.max(frames[frames.len() - 1].depth());
    }
    max
}

/// Whether the token after a `}` (the next of `rest`) continues the expression the block was
/// part of: an operator, `.`, `?`, `else` or `as` does; an item, a statement, `#`, a label, a
/// literal or the end of a group does not.
fn continues_after_block(rest: &Lexer, text: &str) -> bool {
    let Some(next) = rest.peek_code() else {
        return false;
    };
    match next.kind {
        TokenKind::Word => matches!(&text[next.start..next.end], "else" | "as"),
        TokenKind::Punct => !matches!(text.as_bytes()[next.start], b'}' | b';' | b'#' | b'\''),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::max_nesting_depth;

    #[test]
    fn counts_brackets_outside_literals_and_comments() {
        assert_eq!(max_nesting_depth("fn f() { g((1), [2]) }"), 3);
        // Brackets inside literals and comments do not count: the same text without them
        // measures the same.
        let same = |with: &str, without: &str| {
            assert_eq!(
                max_nesting_depth(with),
                max_nesting_depth(without),
                "{with}"
            );
        };
        same(
            "let s = \"(((\"; // (((\n/* ((( /* ( */ */ let c = '(';",
            "let s = \"\"; let c = 'x';",
        );
        same(
            "let r = r#\"(\"(\"#; fn a<'a>(x: &'a str) {}",
            "let r = r#\"\"#; fn a<'a>(x: &'a str) {}",
        );
        // A raw string has no escapes: `br"\"` ends at its second quote, and what follows
        // is code.
        same(
            r#"let a = br"\"; let b = ((1)); "";"#,
            r#"let a = b""; let b = ((1)); "";"#,
        );
        same(
            r"let q = '\''; let b = ((1));",
            r"let q = 'x'; let b = ((1));",
        );
        assert!(max_nesting_depth(r#"let a = br"\"; let b = ((1)); "";"#) >= 3);
    }

    #[test]
    fn chains_of_operators_and_keywords_nest() {
        let chain = |unit: &str, n: usize| format!("fn f() {{ let x = {}1; }}", unit.repeat(n));
        for unit in ["!", "- ", "& ", "|| ", "return ", "move |a, b| "] {
            assert!(max_nesting_depth(&chain(unit, 1000)) >= 1000, "{unit}");
        }
        let generics = format!(
            "type T = {}u8{};",
            "HashMap<u8, ".repeat(1000),
            ">".repeat(1000)
        );
        assert!(max_nesting_depth(&generics) >= 1000);
        let method_chain = format!("fn f() {{ a{}; }}", ".f(1, 2)".repeat(1000));
        assert!(max_nesting_depth(&method_chain) >= 1000);
        let else_if = format!("fn f() {{ if a {{}}{} }}", " else if a {}".repeat(1000));
        assert!(max_nesting_depth(&else_if) >= 1000);
        let blocks = format!("fn f() {{ let x = {{1}}{}; }}", "+{1}".repeat(1000));
        assert!(max_nesting_depth(&blocks) >= 1000);
        let const_blocks = format!("type T = {}u8{};", "A<{1}, ".repeat(1000), ">".repeat(1000));
        assert!(max_nesting_depth(&const_blocks) >= 1000);
    }

    #[test]
    fn items_statements_and_arms_start_afresh() {
        let items = "#[derive(Debug)]\npub struct S<T> { a: Vec<T>, b: Option<&'static str> }\n\
                     fn f(x: &mut Vec<u8>) -> Option<u8> { let y = x.len() as u8 + 1; Some(y) }\n";
        let one = max_nesting_depth(items);
        assert_eq!(max_nesting_depth(&items.repeat(10_000)), one);
        let arms: String = (0..10_000)
            .map(|i| format!("{i} => a + b - c,\n"))
            .collect();
        assert!(max_nesting_depth(&format!("fn f() {{ match x {{ {arms} }} }}")) < 10);
        let table: String = (0..10_000).map(|i| format!("-{i}, ")).collect();
        assert!(max_nesting_depth(&format!("const T: [i32; 10000] = [{table}];")) < 10);
    }

    #[test]
    fn deep_input_is_measured_without_recursion() {
        let deep = format!(
            "fn f() {{ let x = {}1{}; }}",
            "(".repeat(50_000),
            ")".repeat(50_000)
        );
        assert!(max_nesting_depth(&deep) > 50_000);
    }
}
