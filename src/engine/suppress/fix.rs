//! The mechanical fix of an unused suppression: its comment without the rule ids that suppress
//! nothing or, when no id would be left, no comment at all — a trailing comment with the
//! whitespace before it, a comment alone on its line(s) with the whole line(s).

use super::Suppression;
use crate::diagnostic::{Edit, Fix};
use crate::source::SourceFile;

/// The fix that takes the ids of `suppression` marked in `idle` out of it; `None` when no id
/// is idle.
pub(super) fn without_idle_ids(
    source: &SourceFile,
    suppression: &Suppression,
    idle: &[bool],
) -> Option<Fix> {
    let (removed, kept): (Vec<_>, Vec<_>) = suppression
        .rules
        .iter()
        .zip(idle)
        .partition(|(_, &idle)| idle);
    if removed.is_empty() {
        return None;
    }
    if kept.is_empty() {
        let comment = suppression.comment;
        let (start, end) = comment_removal(&source.text, comment.byte_start, comment.byte_end);
        return Some(Fix {
            description: "remove the suppression comment".to_string(),
            edits: vec![Edit {
                span: source.span(start, end),
                replacement: String::new(),
            }],
        });
    }
    let first = suppression.rules.first()?.1.byte_start;
    let last = suppression.rules.last()?.1.byte_end;
    let names = |ids: &[(&(String, _), &bool)], quote: bool| -> Vec<String> {
        ids.iter()
            .map(|((id, _), _)| if quote { format!("`{id}`") } else { id.clone() })
            .collect()
    };
    Some(Fix {
        description: format!(
            "remove {} from the suppression",
            names(&removed, true).join(", ")
        ),
        edits: vec![Edit {
            span: source.span(first, last),
            replacement: names(&kept, false).join(", "),
        }],
    })
}

/// The byte range that removes the comment at `start..end` from `text`: with the lines it
/// occupies when nothing else is on them, else with the blanks that separate it from the code
/// before it (or, with nothing before it, after it).
fn comment_removal(text: &str, start: usize, end: usize) -> (usize, usize) {
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |at| end + at);
    let before = &text[line_start..start];
    let after = &text[end..line_end];
    let blanks = [' ', '\t'];
    match (before.trim().is_empty(), after.trim().is_empty()) {
        (true, true) => (line_start, (line_end + 1).min(text.len())),
        (true, false) => (start, line_end - after.trim_start_matches(blanks).len()),
        (false, _) => (line_start + before.trim_end_matches(blanks).len(), end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::suppress::scan;

    /// `text` after the fix that removes the ids of its first suppression for which
    /// `idle(id)` holds.
    fn fixed(text: &str, idle: &dyn Fn(&str) -> bool) -> Option<(String, String)> {
        let source = SourceFile::new("src/a.rs".into(), text.to_string());
        let suppression = scan(&source, &[])
            .into_iter()
            .next()
            .expect("a suppression");
        let idle: Vec<bool> = suppression.rules.iter().map(|(id, _)| idle(id)).collect();
        let fix = without_idle_ids(&source, &suppression, &idle)?;
        let applied = fix.apply(text).expect("the fix fits its text");
        Some((applied, fix.description))
    }

    fn all(_: &str) -> bool {
        true
    }

    fn removed_comment(text: &str) -> String {
        let (applied, description) = fixed(text, &all).unwrap();
        assert_eq!(description, "remove the suppression comment");
        applied
    }

    #[test]
    fn a_trailing_comment_goes_with_the_blanks_before_it() {
        assert_eq!(
            removed_comment("fn f() {\n    a(); \t// backlint-allow(print-in-server): x\n}\n"),
            "fn f() {\n    a();\n}\n"
        );
        assert_eq!(
            removed_comment("fn f() {\r\n    a(); // backlint-allow(print-in-server): x\r\n}\r\n"),
            "fn f() {\r\n    a();\r\n}\r\n",
            "the line keeps its CRLF"
        );
    }

    #[test]
    fn a_comment_alone_on_its_line_goes_with_the_line() {
        assert_eq!(
            removed_comment("fn f() {\n    // backlint-allow(print-in-server): x\n    a();\n}\n"),
            "fn f() {\n    a();\n}\n"
        );
        assert_eq!(
            removed_comment(
                "fn f() {}\r\n  // backlint-allow(print-in-server): x  \r\nfn g() {}\r\n"
            ),
            "fn f() {}\r\nfn g() {}\r\n"
        );
        assert_eq!(
            removed_comment(
                "//! backlint-allow-file(print-in-server): the console\nfn main() {}\n"
            ),
            "fn main() {}\n"
        );
        assert_eq!(
            removed_comment("fn f() {}\n// backlint-allow(print-in-server): x"),
            "fn f() {}\n",
            "the last line, without a line break"
        );
        assert_eq!(
            removed_comment(
                "fn f() {}\n/* backlint-allow(print-in-server):\n   spans lines */\nfn g() {}\n"
            ),
            "fn f() {}\nfn g() {}\n"
        );
    }

    #[test]
    fn a_block_comment_before_code_goes_with_the_blanks_after_it() {
        assert_eq!(
            removed_comment("fn f() {\n    /* backlint-allow(print-in-server): x */  a();\n}\n"),
            "fn f() {\n    a();\n}\n"
        );
        assert_eq!(
            removed_comment("a(); /* backlint-allow(print-in-server): x */ b();\n"),
            "a(); b();\n"
        );
    }

    #[test]
    fn other_comments_on_the_line_stay() {
        assert_eq!(
            removed_comment("/* keep */ // backlint-allow(print-in-server): x\nfn f() {}\n"),
            "/* keep */\nfn f() {}\n"
        );
    }

    #[test]
    fn only_the_idle_ids_leave_a_list() {
        let text = "a(); // backlint-allow(print-in-server,swallowed-error ,  sql-injection): x\n";
        let (applied, description) = fixed(text, &|id| id == "swallowed-error").unwrap();
        assert_eq!(
            applied,
            "a(); // backlint-allow(print-in-server, sql-injection): x\n"
        );
        assert_eq!(description, "remove `swallowed-error` from the suppression");
        let (applied, description) = fixed(text, &|id| id != "sql-injection").unwrap();
        assert_eq!(applied, "a(); // backlint-allow(sql-injection): x\n");
        assert_eq!(
            description,
            "remove `print-in-server`, `swallowed-error` from the suppression"
        );
    }

    #[test]
    fn no_fix_without_an_idle_id() {
        assert!(fixed("a(); // backlint-allow(print-in-server): x\n", &|_| false).is_none());
    }

    #[test]
    fn non_ascii_text_around_the_comment_is_kept() {
        assert_eq!(
            removed_comment(
                "let é = \"ü\"; // backlint-allow(print-in-server): naïve\nfn ф() {}\n"
            ),
            "let é = \"ü\";\nfn ф() {}\n"
        );
    }
}
