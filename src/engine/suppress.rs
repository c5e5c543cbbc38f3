//! Inline suppressions: `// backlint-allow(rule-id): reason` and
//! `//! backlint-allow-file(rule-id): reason` comments.
//!
//! Comments are not in the syn tree, so [`scan`] finds them with the shared lexer
//! (`crate::lexer`), which knows just enough Rust not to be fooled by literals, and tells lines
//! of code from lines of attributes by their brackets. It never panics, whatever the input. [`apply`] then marks the diagnostics the
//! comments cover and reports the comments that are a problem themselves (`unused-suppression`):
//! ones that suppress nothing, name an unknown or unsuppressible rule, or lack a reason where
//! config requires one — such a comment suppresses nothing. An id that suppresses nothing
//! carries a fix (`fix.rs`) that takes it out of its comment, or removes the comment.
//!
//! What a comment covers:
//! - `backlint-allow-file(…)`, anywhere in the file: the whole file.
//! - `backlint-allow(…)` with code before it on its line (or, for a block comment, code right
//!   after it): that line.
//! - `backlint-allow(…)` on its own line: the next line that is neither blank nor a comment —
//!   through the code line it annotates when that line is an attribute — or, when that code line
//!   starts an item, the whole item. The item's attributes and doc comments may sit above or
//!   below the suppression comment.
//!
//! Every comment kind counts (`//`, `///`, `//!`, `/* */`, `/** */`), but the directive must open
//! the comment's text: `// see backlint-allow(x)` is prose, not a suppression.

mod fix;

use crate::diagnostic::{Diagnostic, Level, Span, Suppressed};
use crate::lexer::{Lexer, TokenKind};
use crate::messages::closest;
use crate::rules::UNUSED_SUPPRESSION;
use crate::source::SourceFile;

/// One parsed suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// Each named rule id with the span of the id inside the comment.
    pub rules: Vec<(String, Span)>,
    /// The text after `):`, trimmed; `None` when missing or empty.
    pub reason: Option<String>,
    /// The span of the whole comment.
    pub comment: Span,
    /// What it covers.
    pub target: Target,
}

/// What a suppression covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// 1-based lines, both inclusive. Empty (`first > last`) when an own-line comment has no
    /// code after it.
    Lines { first: u32, last: u32 },
    /// The whole file (`backlint-allow-file`).
    File,
}

impl Target {
    /// Whether a diagnostic starting on this 1-based line is covered.
    pub fn covers(&self, line: u32) -> bool {
        match *self {
            Target::Lines { first, last } => first <= line && line <= last,
            Target::File => true,
        }
    }

    /// Number of lines covered: the narrowest suppression is the one a diagnostic records.
    fn width(&self) -> u64 {
        match *self {
            Target::Lines { first, last } => u64::from(last.saturating_sub(first)) + 1,
            Target::File => u64::MAX,
        }
    }
}

/// What [`apply`] needs to know about the run.
pub struct Policy<'a> {
    /// Every rule id there is (disabled ones included).
    pub known_rules: &'a [&'static str],
    /// Whether a rule runs for this file; suppressions of rules that do not run are never
    /// reported as unused.
    pub enabled_rules: &'a dyn Fn(&str) -> bool,
    /// Rules config forbids suppressing inline.
    pub unsuppressible: &'a dyn Fn(&str) -> bool,
    /// Suppressions without a `: reason` suppress nothing and are reported.
    pub require_reason: bool,
}

/// The directive every suppression starts with; files without it are not lexed at all.
const MARKER: &str = "backlint-allow";
const FILE_DIRECTIVE: &str = "backlint-allow-file";

/// Scans comments. `item_lines` are (first_line, last_line) of every item in the file (fn, impl,
/// mod, struct, enum, trait, const, static, and fns inside impls/traits), with attributes
/// included in first_line — the engine collects them from syn; may be unsorted and nested.
pub fn scan(source: &SourceFile, item_lines: &[(u32, u32)]) -> Vec<Suppression> {
    let text = source.text.as_str();
    if !text.contains(MARKER) {
        return Vec::new();
    }
    let lexed = lex(text);
    let mut code_before = Vec::with_capacity(lexed.lines.len() + 1);
    let mut count = 0u32;
    code_before.push(0);
    for &kind in &lexed.lines {
        count += u32::from(kind == CODE);
        code_before.push(count);
    }
    let mut suppressions = Vec::new();
    for comment in &lexed.comments {
        let Some(body) = text.get(comment.start..comment.end) else {
            continue;
        };
        let Some(directive) = parse_directive(body, comment.block) else {
            continue;
        };
        let rules = directive
            .ids
            .into_iter()
            .map(|(id, start, end)| {
                let span = source.span(comment.start + start, comment.start + end);
                (id, span)
            })
            .collect();
        let target = if directive.file {
            Target::File
        } else {
            line_target(&lexed.lines, &code_before, comment, item_lines)
        };
        suppressions.push(Suppression {
            rules,
            reason: directive.reason,
            comment: source.span(comment.start, comment.end),
            target,
        });
    }
    suppressions
}

/// Applies suppressions to one file's diagnostics (all have `primary.file` == this file): a
/// diagnostic whose rule is named and whose primary start line is covered gets `suppressed` set
/// — unless its rule is unsuppressible, or the comment lacks the reason config requires (then
/// the diagnostic stays active and the comment is reported). A diagnostic covered by several
/// suppressions records the narrowest effective one; all count as used.
///
/// Returns the new `unused-suppression` diagnostics (level Warning; the engine applies the
/// configured level), one per problem: an id that suppressed nothing (unless its rule does not
/// run), an unknown id, an unsuppressible id, a missing reason when required (unless every id
/// of the comment is already reported as one to remove), and a line-level
/// `backlint-allow(unused-suppression)` (only `backlint-allow-file(unused-suppression)` with a
/// reason, where one is required, can silence these findings; it is never reported as unused
/// itself, so nothing recurses).
/// Each unused id carries the fix of its comment: the comment without the ids that suppress
/// nothing, or no comment when none would be left (the same fix for each such id).
pub fn apply(
    source: &SourceFile,
    suppressions: &[Suppression],
    diagnostics: &mut [Diagnostic],
    policy: &Policy,
) -> Vec<Diagnostic> {
    let known = |id: &str| id == UNUSED_SUPPRESSION || policy.known_rules.contains(&id);
    // A comment without the reason config requires has no effect, but what it would have
    // covered still counts: an id that would have suppressed a finding is not also stale.
    let effective =
        |suppression: &Suppression| !(policy.require_reason && suppression.reason.is_none());
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| vec![false; s.rules.len()])
        .collect();

    let mut order: Vec<usize> = (0..suppressions.len()).collect();
    order.sort_by_key(|&index| suppressions[index].target.width());
    for &index in &order {
        let suppression = &suppressions[index];
        for (slot, (id, _)) in suppression.rules.iter().enumerate() {
            if id == UNUSED_SUPPRESSION || !known(id) || (policy.unsuppressible)(id) {
                continue;
            }
            for diagnostic in diagnostics.iter_mut() {
                if diagnostic.rule != id
                    || !suppression
                        .target
                        .covers(diagnostic.primary.span.start.line)
                {
                    continue;
                }
                used[index][slot] = true;
                if diagnostic.suppressed.is_none() && effective(suppression) {
                    diagnostic.suppressed = Some(suppressed_by(source, suppression));
                }
            }
        }
    }

    let mut findings = Vec::new();
    for (suppression, used) in suppressions.iter().zip(&used) {
        // The ids that suppress nothing: reported as unused, and what the fix removes.
        let idle: Vec<bool> = suppression
            .rules
            .iter()
            .zip(used)
            .map(|((id, _), &used)| {
                known(id)
                    && !(policy.unsuppressible)(id)
                    && id != UNUSED_SUPPRESSION
                    && !used
                    && (policy.enabled_rules)(id)
            })
            .collect();
        let fix = fix::without_idle_ids(source, suppression, &idle);
        let mut about_ids = Vec::new();
        let mut every_id_to_remove = !suppression.rules.is_empty();
        for ((id, span), &idle) in suppression.rules.iter().zip(&idle) {
            let to_remove = if !known(id) {
                let help = match closest(id, policy.known_rules.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "`backlint --list-rules` lists the rule ids".to_string(),
                };
                about_ids.push(finding(
                    source,
                    *span,
                    format!("unknown rule `{id}` in suppression"),
                    "unknown rule",
                    Some(help),
                ));
                false
            } else if (policy.unsuppressible)(id) {
                about_ids.push(finding(
                    source,
                    *span,
                    format!("`{id}` cannot be suppressed inline (config `unsuppressible`)"),
                    "not suppressible inline",
                    Some("remove it and fix the finding".to_string()),
                ));
                true
            } else if id == UNUSED_SUPPRESSION {
                let here = suppression.target != Target::File;
                if here {
                    about_ids.push(finding(
                        source,
                        *span,
                        format!("`{id}` can only be suppressed for the whole file"),
                        "has no effect here",
                        Some(format!(
                            "use `//! backlint-allow-file({id}): <reason>` at the top of the file"
                        )),
                    ));
                }
                here
            } else if idle {
                let mut unused = finding(
                    source,
                    *span,
                    format!("unused suppression of `{id}`"),
                    "suppresses nothing",
                    Some("remove it".to_string()),
                );
                unused.fix = fix.clone();
                about_ids.push(unused);
                true
            } else {
                false
            };
            every_id_to_remove &= to_remove;
        }
        // Asking for a reason on a comment whose every id is to be removed would mislead.
        if !effective(suppression) && !every_id_to_remove {
            findings.push(finding(
                source,
                suppression.comment,
                "suppression without a reason suppresses nothing (config \
                 `require-suppression-reason`)"
                    .to_string(),
                "no reason given",
                Some(format!(
                    "give the reason: `{}: <why this is safe>`",
                    directive_text(suppression)
                )),
            ));
        }
        findings.append(&mut about_ids);
    }

    // Findings about suppressions yield only to an effective file-wide allowance of their own
    // rule. These allowances are never reported as unused, so this is the last step.
    if !(policy.unsuppressible)(UNUSED_SUPPRESSION) {
        let file_wide = suppressions.iter().find(|s| {
            s.target == Target::File
                && effective(s)
                && s.rules.iter().any(|(id, _)| id == UNUSED_SUPPRESSION)
        });
        if let Some(suppression) = file_wide {
            for finding in &mut findings {
                finding.suppressed = Some(suppressed_by(source, suppression));
            }
        }
    }
    findings
}

/// The directive of `suppression` as written without its reason:
/// `backlint-allow(a, b)` or `backlint-allow-file(a)`.
fn directive_text(suppression: &Suppression) -> String {
    let ids: Vec<&str> = suppression
        .rules
        .iter()
        .map(|(id, _)| id.as_str())
        .collect();
    let directive = match suppression.target {
        Target::File => FILE_DIRECTIVE,
        Target::Lines { .. } => MARKER,
    };
    format!("{directive}({})", ids.join(", "))
}

fn suppressed_by(source: &SourceFile, suppression: &Suppression) -> Suppressed {
    Suppressed {
        reason: suppression.reason.clone(),
        comment: source.location(suppression.comment),
    }
}

fn finding(
    source: &SourceFile,
    span: Span,
    message: String,
    label: &str,
    help: Option<String>,
) -> Diagnostic {
    Diagnostic {
        primary_label: label.to_string(),
        help,
        snippet: source.folded_snippet(span),
        ..Diagnostic::new(
            UNUSED_SUPPRESSION,
            Level::Warning,
            source.location(span),
            message,
        )
    }
}

/// The lines an inline (not file-wide) suppression covers. `lines` holds each 0-based line's
/// kind; `code_before[k]` counts the [`CODE`] lines before line `k`.
fn line_target(
    lines: &[u8],
    code_before: &[u32],
    comment: &Comment,
    item_lines: &[(u32, u32)],
) -> Target {
    let one = |line: usize| Target::Lines {
        first: line as u32 + 1,
        last: line as u32 + 1,
    };
    if comment.code_before {
        return one(comment.first_line);
    }
    if lines
        .get(comment.last_line)
        .is_some_and(|&kind| kind != BLANK)
    {
        return one(comment.last_line);
    }
    let after = comment.last_line + 1;
    let Some(next) = (after..lines.len()).find(|&line| lines[line] != BLANK) else {
        return Target::Lines {
            first: after as u32 + 1,
            last: after as u32,
        };
    };
    // Attributes belong to the code they annotate.
    let code = (next..lines.len())
        .find(|&line| lines[line] == CODE)
        .unwrap_or(next);
    let (next, code) = (next as u32 + 1, code as u32 + 1);
    let mut target = (next, code);
    for &(first, last) in item_lines {
        let first = first.max(1);
        if first > code || last < code {
            continue;
        }
        // The item starts here when nothing but attributes, comments and blank lines lie
        // between its first line and this code line (the suppression may sit among them).
        let (from, to) = (first as usize - 1, code as usize - 1);
        let head_code = code_before
            .get(to)
            .copied()
            .unwrap_or(u32::MAX)
            .saturating_sub(code_before.get(from).copied().unwrap_or(0));
        if head_code == 0 {
            target.0 = target.0.min(first);
            target.1 = target.1.max(last);
        }
    }
    Target::Lines {
        first: target.0,
        last: target.1,
    }
}

/// A parsed `backlint-allow[-file](ids): reason`; id offsets are relative to the comment.
struct Directive {
    file: bool,
    ids: Vec<(String, usize, usize)>,
    reason: Option<String>,
}

/// Parses a comment's text (markers included) as a suppression, if it is one.
fn parse_directive(comment: &str, block: bool) -> Option<Directive> {
    let inner = if block {
        let inner = comment.get(2..)?;
        if comment.len() >= 4 && inner.ends_with("*/") {
            &inner[..inner.len() - 2]
        } else {
            inner
        }
    } else {
        comment.get(2..)?
    };
    let body = inner.trim_start_matches(['/', '*', '!']).trim_start();
    let (file, rest) = if let Some(rest) = body.strip_prefix(FILE_DIRECTIVE) {
        (true, rest)
    } else {
        (false, body.strip_prefix(MARKER)?)
    };
    let list_and_tail = rest.trim_start().strip_prefix('(')?;
    let close = list_and_tail.find(')')?;
    let list = &list_and_tail[..close];
    // Offsets into `comment` (all the slices above borrow from it).
    let list_offset = list_and_tail.as_ptr() as usize - comment.as_ptr() as usize;

    let mut ids = Vec::new();
    let mut at = 0;
    for piece in list.split(',') {
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let lead = piece.len() - piece.trim_start().len();
            let start = list_offset + at + lead;
            ids.push((trimmed.to_string(), start, start + trimmed.len()));
        }
        at += piece.len() + 1;
    }

    let tail = list_and_tail[close + 1..].trim_start();
    let tail = tail.strip_prefix(':').unwrap_or(tail);
    let reason = if block {
        let lines: Vec<&str> = tail
            .lines()
            .map(|line| line.trim().trim_start_matches('*').trim())
            .filter(|line| !line.is_empty())
            .collect();
        lines.join(" ")
    } else {
        tail.trim().to_string()
    };
    Some(Directive {
        file,
        ids,
        reason: (!reason.is_empty()).then_some(reason),
    })
}

// ---------------------------------------------------------------------------------------------
// Lines and comments.

/// A line holds only whitespace and comments.
const BLANK: u8 = 0;
/// A line holds attribute tokens (`#[…]`, `#![…]`) and nothing else but comments.
const ATTR: u8 = 1;
/// A line holds other code (string literal contents included).
const CODE: u8 = 2;

/// A comment that may hold a directive. Lines are 0-based.
struct Comment {
    start: usize,
    end: usize,
    first_line: usize,
    last_line: usize,
    /// Code precedes the comment on its first line.
    code_before: bool,
    block: bool,
}

struct Lexed {
    /// The kind of each 0-based line: [`BLANK`], [`ATTR`] or [`CODE`].
    lines: Vec<u8>,
    /// Comments whose text mentions the directive.
    comments: Vec<Comment>,
}

/// Which lines hold code or attributes, and the comments that mention the directive, from the
/// tokens of the shared lexer.
fn lex(text: &str) -> Lexed {
    let bytes = text.as_bytes();
    let line_count = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    let mut lexed = Lexed {
        lines: vec![BLANK; line_count],
        comments: Vec::new(),
    };
    let mut attribute = Attribute::default();
    let mut line = 0usize;
    for token in Lexer::new(text) {
        let first_line = line;
        line += bytes[token.start..token.end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        match token.kind {
            TokenKind::Whitespace => {}
            TokenKind::LineComment | TokenKind::BlockComment => {
                let block = token.kind == TokenKind::BlockComment;
                let end = if !block && token.end > token.start + 2 && bytes[token.end - 1] == b'\r'
                {
                    token.end - 1
                } else {
                    token.end
                };
                if text[token.start..end].contains(MARKER) {
                    lexed.comments.push(Comment {
                        start: token.start,
                        end,
                        first_line,
                        last_line: line,
                        code_before: lexed.lines[first_line] != BLANK,
                        block,
                    });
                }
            }
            _ => {
                let was_inside = attribute.inside;
                if token.kind == TokenKind::Punct {
                    attribute.track(bytes, token.start);
                }
                let kind = if was_inside || attribute.inside {
                    ATTR
                } else {
                    CODE
                };
                for slot in &mut lexed.lines[first_line..=line] {
                    *slot = (*slot).max(kind);
                }
            }
        }
    }
    lexed
}

/// Whether the tokens so far are inside an attribute (`#[…]`, `#![…]`), by its brackets.
#[derive(Default)]
struct Attribute {
    inside: bool,
    depth: usize,
}

impl Attribute {
    /// Follows the punctuation character at `at`.
    fn track(&mut self, bytes: &[u8], at: usize) {
        match bytes[at] {
            b'#' if !self.inside => {
                let mut next = at + 1;
                if bytes.get(next) == Some(&b'!') {
                    next += 1;
                }
                while matches!(bytes.get(next), Some(b' ' | b'\t')) {
                    next += 1;
                }
                if bytes.get(next) == Some(&b'[') {
                    (self.inside, self.depth) = (true, 0);
                }
            }
            b'[' if self.inside => self.depth += 1,
            b']' if self.inside => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.inside = false;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{LineCol, Location};

    fn file(text: &str) -> SourceFile {
        SourceFile::new("src/a.rs".into(), text.to_string())
    }

    fn lines(first: u32, last: u32) -> Target {
        Target::Lines { first, last }
    }

    /// The (ids, reason, target) of every suppression in `text`.
    fn scanned(text: &str, items: &[(u32, u32)]) -> Vec<(Vec<String>, Option<String>, Target)> {
        let source = file(text);
        scan(&source, items)
            .into_iter()
            .map(|s| {
                let ids = s.rules.into_iter().map(|(id, _)| id).collect();
                (ids, s.reason, s.target)
            })
            .collect()
    }

    fn targets(text: &str, items: &[(u32, u32)]) -> Vec<Target> {
        scanned(text, items).into_iter().map(|s| s.2).collect()
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|id| id.to_string()).collect()
    }

    /// A diagnostic of `rule` on the first non-blank column of `line`.
    fn diag(source: &SourceFile, rule: &'static str, line: u32) -> Diagnostic {
        let text = source.line(line);
        let start = source.offset(
            line as usize,
            text.chars().take_while(|c| c.is_whitespace()).count(),
        );
        let width = source.text[start..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        let span = source.span(start, start + width);
        Diagnostic {
            snippet: source.folded_snippet(span),
            ..Diagnostic::new(
                rule,
                Level::Error,
                source.location(span),
                format!("{rule} here"),
            )
        }
    }

    const KNOWN: &[&str] = &[
        "sql-injection",
        "unwrap-in-request-path",
        "print-in-server",
        "swallowed-error",
        "unused-suppression",
    ];

    struct Run {
        diagnostics: Vec<Diagnostic>,
        findings: Vec<Diagnostic>,
    }

    /// Scans `text`, applies the result to `diagnostics` ((rule, line) pairs) and returns both.
    fn run_with(
        text: &str,
        items: &[(u32, u32)],
        diagnostics: &[(&'static str, u32)],
        require_reason: bool,
        enabled: &dyn Fn(&str) -> bool,
        unsuppressible: &dyn Fn(&str) -> bool,
    ) -> Run {
        let source = file(text);
        let suppressions = scan(&source, items);
        let mut diagnostics: Vec<Diagnostic> = diagnostics
            .iter()
            .map(|&(rule, line)| diag(&source, rule, line))
            .collect();
        let policy = Policy {
            known_rules: KNOWN,
            enabled_rules: enabled,
            unsuppressible,
            require_reason,
        };
        let findings = apply(&source, &suppressions, &mut diagnostics, &policy);
        Run {
            diagnostics,
            findings,
        }
    }

    fn run(text: &str, items: &[(u32, u32)], diagnostics: &[(&'static str, u32)]) -> Run {
        run_with(text, items, diagnostics, false, &|_| true, &|_| false)
    }

    fn messages(findings: &[Diagnostic]) -> Vec<&str> {
        findings.iter().map(|d| d.message.as_str()).collect()
    }

    // --- what a comment covers --------------------------------------------------------------

    #[test]
    fn trailing_comment_covers_its_own_line() {
        let text = "fn f() {\n    let x = y.unwrap(); // backlint-allow(unwrap-in-request-path): checked above\n    z.unwrap();\n}\n";
        assert_eq!(
            scanned(text, &[(1, 4)]),
            vec![(
                ids(&["unwrap-in-request-path"]),
                Some("checked above".to_string()),
                lines(2, 2)
            )]
        );
    }

    #[test]
    fn trailing_comment_on_an_item_line_covers_only_that_line() {
        let text = "fn f() { // backlint-allow(print-in-server): x\n    println!();\n}\n";
        assert_eq!(targets(text, &[(1, 3)]), vec![lines(1, 1)]);
    }

    #[test]
    fn block_comment_before_code_on_the_same_line_covers_that_line() {
        let text = "fn f() {\n    /* backlint-allow(print-in-server): demo */ println!();\n}\n";
        assert_eq!(targets(text, &[(1, 3)]), vec![lines(2, 2)]);
    }

    #[test]
    fn own_line_comment_before_a_statement_covers_the_next_code_line_only() {
        let text = "\
fn f() {
    // backlint-allow(unwrap-in-request-path): startup only
    let a = x.unwrap();
    let b = y.unwrap();
}
";
        assert_eq!(targets(text, &[(1, 5)]), vec![lines(3, 3)]);
    }

    #[test]
    fn own_line_comment_skips_blank_and_comment_lines() {
        let text = "\
fn f() {
    // backlint-allow(unwrap-in-request-path): startup only

    // an unrelated note
    /* and a block
       comment */
    let a = x.unwrap();
    let b = y.unwrap();
}
";
        assert_eq!(targets(text, &[(1, 9)]), vec![lines(7, 7)]);
    }

    #[test]
    fn own_line_comment_before_a_fn_covers_the_whole_fn() {
        let text = "\
// backlint-allow(unwrap-in-request-path): test helper
fn helper() {
    a.unwrap();
    b.unwrap();
}
fn other() {}
";
        assert_eq!(targets(text, &[(2, 5), (6, 6)]), vec![lines(2, 5)]);
    }

    #[test]
    fn own_line_comment_above_attributes_and_doc_comments_covers_the_whole_fn() {
        let text = "\
// backlint-allow(unwrap-in-request-path): fixture
/// Documented.
#[get(\"/users\")]
#[allow(
    clippy::unwrap_used,
)]
async fn list() {
    a.unwrap();
}
";
        // syn puts the doc comment first: the item starts on line 2.
        assert_eq!(targets(text, &[(2, 9)]), vec![lines(2, 9)]);
        // An engine that left the attributes out still gets the attributes covered.
        assert_eq!(targets(text, &[(7, 9)]), vec![lines(3, 9)]);
    }

    #[test]
    fn own_line_comment_below_attributes_and_doc_comments_covers_the_whole_fn() {
        let text = "\
/// Documented.
#[get(\"/users\")] // a trailing note
// backlint-allow(unwrap-in-request-path): fixture
/// More docs.
async fn list() {
    a.unwrap();
}
";
        assert_eq!(targets(text, &[(1, 7)]), vec![lines(1, 7)]);
    }

    #[test]
    fn comment_inside_an_impl_before_a_method_covers_only_the_method() {
        let text = "\
impl Api {
    fn a(&self) {}

    // backlint-allow(unwrap-in-request-path): invariant
    #[inline]
    fn b(&self) {
        x.unwrap();
    }
}
";
        assert_eq!(targets(text, &[(1, 9), (2, 2), (5, 8)]), vec![lines(5, 8)]);
    }

    #[test]
    fn comment_before_a_struct_mod_and_impl_covers_the_item() {
        let text = "\
// backlint-allow(print-in-server): a
struct S {
    a: u32,
}
// backlint-allow(print-in-server): b
#[cfg(test)]
mod tests {
    fn t() {}
}
// backlint-allow(print-in-server): c
impl S { fn f() {} }
";
        assert_eq!(
            targets(text, &[(2, 4), (6, 9), (8, 8), (11, 11), (11, 11)]),
            vec![lines(2, 4), lines(6, 9), lines(11, 11)]
        );
    }

    #[test]
    fn one_line_items_nested_on_the_same_line_take_the_outermost() {
        let text = "// backlint-allow(print-in-server): x\nmod m { fn f() {}\n}\n";
        assert_eq!(targets(text, &[(2, 2), (2, 3)]), vec![lines(2, 3)]);
    }

    #[test]
    fn comment_before_an_attribute_on_a_statement_covers_through_the_statement() {
        let text = "\
fn f() {
    // backlint-allow(unwrap-in-request-path): x
    #[allow(unused)]
    let a = x.unwrap();
    let b = y.unwrap();
}
";
        assert_eq!(targets(text, &[(1, 6)]), vec![lines(3, 4)]);
    }

    #[test]
    fn statement_inside_a_fn_is_not_mistaken_for_the_fn() {
        let text = "\
fn f() {
    // backlint-allow(unwrap-in-request-path): x
    a.unwrap();
}
";
        // The enclosing fn contains the line but does not start there.
        assert_eq!(targets(text, &[(1, 4)]), vec![lines(3, 3)]);
    }

    #[test]
    fn comment_with_nothing_after_it_covers_nothing() {
        let text = "fn f() {}\n// backlint-allow(print-in-server): x\n\n// end\n";
        let target = targets(text, &[(1, 1)])[0];
        assert!((1..=6).all(|line| !target.covers(line)), "{target:?}");
    }

    #[test]
    fn multiple_ids_in_one_comment() {
        let text =
            "x(); // backlint-allow(sql-injection,unwrap-in-request-path , print-in-server): why\n";
        let source = file(text);
        let found = scan(&source, &[]);
        assert_eq!(found.len(), 1);
        let names: Vec<&str> = found[0].rules.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            names,
            ["sql-injection", "unwrap-in-request-path", "print-in-server"]
        );
        for (id, span) in &found[0].rules {
            assert_eq!(&text[span.byte_start..span.byte_end], id);
            assert_eq!(span.start.line, 1);
        }
        assert_eq!(
            found[0].rules[1].1.start,
            LineCol {
                line: 1,
                column: 38
            }
        );
        let comment = found[0].comment;
        assert_eq!(
            &text[comment.byte_start..comment.byte_end],
            "// backlint-allow(sql-injection,unwrap-in-request-path , print-in-server): why"
        );
    }

    #[test]
    fn file_level_suppressions_in_every_comment_form() {
        let text = "\
//! backlint-allow-file(print-in-server): a CLI, stdout is its interface
// backlint-allow-file(sql-injection): b
/* backlint-allow-file(swallowed-error): c */
/*! backlint-allow-file(unwrap-in-request-path) */
fn main() {
    println!(); // backlint-allow-file(print-in-server): d
}
";
        let found = scanned(text, &[(5, 7)]);
        assert_eq!(found.len(), 5);
        assert!(found.iter().all(|s| s.2 == Target::File));
        assert_eq!(
            found[0].1.as_deref(),
            Some("a CLI, stdout is its interface")
        );
        assert_eq!(found[3].0, ids(&["unwrap-in-request-path"]));
        assert_eq!(found[3].1, None);
    }

    #[test]
    fn reasons_are_trimmed_and_may_be_missing() {
        let text = "\
a(); // backlint-allow(print-in-server)
b(); // backlint-allow(print-in-server):
c(); // backlint-allow(print-in-server):    spaced out \t
d(); // backlint-allow(print-in-server) no colon
e(); /* backlint-allow(print-in-server): a block
      * on two lines */
";
        let reasons: Vec<Option<String>> = scanned(text, &[]).into_iter().map(|s| s.1).collect();
        assert_eq!(
            reasons,
            vec![
                None,
                None,
                Some("spaced out".to_string()),
                Some("no colon".to_string()),
                Some("a block on two lines".to_string()),
            ]
        );
    }

    #[test]
    fn only_comments_that_open_with_the_directive_count() {
        let text = "\
// see backlint-allow(print-in-server) in the docs
// backlint-allowed(print-in-server)
// backlint-allow print-in-server
// backlint-allow(print-in-server
//// backlint-allow(print-in-server): four slashes still a comment
/// backlint-allow(print-in-server): doc comment
//backlint-allow (print-in-server):tight
fn f() {}
";
        let found = scanned(text, &[(5, 8)]);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[2].1.as_deref(), Some("tight"));
    }

    #[test]
    fn empty_id_list_has_no_rules() {
        let found = scanned("x(); // backlint-allow(): nothing\n", &[]);
        assert_eq!(found.len(), 1);
        assert!(found[0].0.is_empty());
    }

    // --- the lexer: only comments count -----------------------------------------------------

    #[test]
    fn directives_inside_string_literals_are_ignored() {
        let text = r#"
fn f() {
    let a = "// backlint-allow(print-in-server): no";
    let b = "escaped \" // backlint-allow(print-in-server): no";
    let c = b"// backlint-allow(print-in-server): no";
    let d = c"/* backlint-allow(print-in-server): no */";
    let e = "multi
// backlint-allow(print-in-server): still in the string
";
    let f = '"'; // backlint-allow(print-in-server): yes
}
"#;
        let found = scanned(text, &[(2, 11)]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1.as_deref(), Some("yes"));
        assert_eq!(found[0].2, lines(10, 10));
    }

    #[test]
    fn raw_strings_with_hashes_hide_directives() {
        let text = concat!(
            "let a = r\"// backlint-allow(print-in-server): no\";\n",
            "let b = r#\"a \" quote // backlint-allow(print-in-server): no\"#;\n",
            "let c = r##\"\"# // backlint-allow(print-in-server): no\"##;\n",
            "let d = br#\"// backlint-allow(print-in-server): no\"#;\n",
            "let e = cr#\"// backlint-allow(print-in-server): no\"#;\n",
            "let r#type = 1; // backlint-allow(print-in-server): yes\n",
        );
        let found = scanned(text, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2, lines(6, 6));
    }

    #[test]
    fn char_literals_and_lifetimes() {
        let text = "\
fn f<'a>(x: &'a str) -> char { // backlint-allow(print-in-server): one
    let q = '\"'; let s = '/'; let t = '\\''; let u = '\\\\'; let v = b'\"';
    let w = 'é'; let z = '\\u{1F600}';
    'outer: loop { break 'outer; } // backlint-allow(print-in-server): two
    let s = \"// backlint-allow(print-in-server): no\";
    '\"' // backlint-allow(print-in-server): three
}
";
        let found = scanned(text, &[(1, 7)]);
        let reasons: Vec<&str> = found.iter().filter_map(|s| s.1.as_deref()).collect();
        assert_eq!(reasons, ["one", "two", "three"]);
        assert_eq!(found[1].2, lines(4, 4));
        assert_eq!(found[2].2, lines(6, 6));
    }

    #[test]
    fn lifetime_is_not_an_unterminated_char_literal() {
        // Were `'a` read as a char literal, the string after it would open a comment-free
        // region and the directive would be lost or misplaced.
        let text = "fn f<'a>(s: &'a str) -> &'a str { s } // backlint-allow(print-in-server): x\n";
        assert_eq!(targets(text, &[(1, 1)]), vec![lines(1, 1)]);
    }

    #[test]
    fn nested_block_comments() {
        let text = "\
/* outer /* inner */ still a comment // backlint-allow(print-in-server): no
   backlint-allow(print-in-server): no */
x(); /* a /* b */ c */ // backlint-allow(print-in-server): yes
";
        let found = scanned(text, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2, lines(3, 3));
    }

    #[test]
    fn nested_block_comment_holding_a_directive() {
        let text = "/* backlint-allow(print-in-server): x /* nested */ still */\nfn f() {}\n";
        let found = scanned(text, &[(2, 2)]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.as_deref(), Some("x /* nested */ still"));
        assert_eq!(found[0].2, lines(2, 2));
    }

    #[test]
    fn doc_comments_are_comments_and_skipped_as_such() {
        let text = "\
//! Crate docs.
// backlint-allow(print-in-server): x
/// Doc line that is not code.
/** block doc */
const X: u32 = 1;
";
        assert_eq!(targets(text, &[(3, 5)]), vec![lines(3, 5)]);
    }

    #[test]
    fn crlf_line_endings() {
        let text = "fn f() {\r\n    // backlint-allow(unwrap-in-request-path): crlf\r\n\r\n    a.unwrap();\r\n    b(); // backlint-allow(print-in-server): two\r\n}\r\n";
        let source = file(text);
        let found = scan(&source, &[(1, 6)]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].reason.as_deref(), Some("crlf"));
        assert_eq!(found[0].target, lines(4, 4));
        assert_eq!(found[1].reason.as_deref(), Some("two"));
        assert_eq!(found[1].target, lines(5, 5));
        let comment = found[1].comment;
        assert!(!text[comment.byte_start..comment.byte_end].contains('\r'));
    }

    #[test]
    fn non_ascii_text_and_spans() {
        let text = "let é = \"ü // no\"; /* ñ */ // backlint-allow(print-in-server): café ☕\n";
        let source = file(text);
        let found = scan(&source, &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].reason.as_deref(), Some("café ☕"));
        let (id, span) = &found[0].rules[0];
        assert_eq!(&text[span.byte_start..span.byte_end], id);
        let expected = text[..span.byte_start].chars().count() as u32 + 1;
        assert_eq!(span.start.column, expected);
    }

    #[test]
    fn attributes_with_brackets_in_strings_stay_attributes() {
        let text = "\
// backlint-allow(print-in-server): x
#[doc = \"]\"]
#[cfg_attr(feature = \"a\", derive([Debug]))]
fn f() {}
";
        assert_eq!(targets(text, &[(2, 4)]), vec![lines(2, 4)]);
    }

    #[test]
    fn shebang_is_not_a_comment() {
        let text = "#!/usr/bin/env run-cargo-script // backlint-allow(print-in-server): no\nfn main() {}\n";
        assert!(scanned(text, &[]).is_empty());
        let text = "#![allow(unused)] // backlint-allow(print-in-server): yes\n";
        assert_eq!(targets(text, &[]), vec![lines(1, 1)]);
    }

    #[test]
    fn unterminated_literals_and_comments_do_not_panic() {
        for text in [
            "\"unterminated // backlint-allow(x)",
            "r#\"unterminated // backlint-allow(x)",
            "'",
            "'\\",
            "b'",
            "r#",
            "br##",
            "/* backlint-allow(x): open",
            "/*/ backlint-allow(x)",
            "// backlint-allow(",
            "x // backlint-allow",
            "#!",
            "#![",
            "#[ // backlint-allow(x)",
            "'\u{e9}",
            "\"\\",
            "/",
            "*/ // backlint-allow(x): after a stray close",
        ] {
            let source = file(text);
            let found = scan(&source, &[(0, 0), (5, 1), (u32::MAX, u32::MAX)]);
            for suppression in &found {
                let _ = suppression.target.covers(1);
            }
        }
        assert_eq!(
            scanned("/* backlint-allow(x): open", &[]),
            vec![(ids(&["x"]), Some("open".to_string()), lines(2, 1))]
        );
    }

    #[test]
    fn random_garbage_never_panics() {
        let alphabet: &[u8] =
            b"/*\"'#r b c\\\n\r!(),:[]{}xa_1 backlint-allow\xc3\xa9\xe2\x98\x95\xff";
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        for round in 0..4000 {
            let len = next() % 80;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    if round % 2 == 0 {
                        alphabet[next() % alphabet.len()]
                    } else {
                        (next() % 256) as u8
                    }
                })
                .collect();
            let mut text = String::from_utf8_lossy(&bytes).into_owned();
            if round % 3 == 0 {
                text.insert_str(0, "// backlint-allow(print-in-server): r\n");
            }
            let source = file(&text);
            let items = [(1, 2), (2, 1), (0, 9), (3, u32::MAX)];
            let suppressions = scan(&source, &items);
            let mut diagnostics = vec![diag(&source, "print-in-server", 1)];
            let policy = Policy {
                known_rules: KNOWN,
                enabled_rules: &|_| true,
                unsuppressible: &|_| false,
                require_reason: true,
            };
            let _ = apply(&source, &suppressions, &mut diagnostics, &policy);
        }
    }

    // --- applying ---------------------------------------------------------------------------

    #[test]
    fn suppressed_diagnostic_records_reason_and_comment() {
        let text = "fn f() {\n    x.unwrap(); // backlint-allow(unwrap-in-request-path): checked\n    y.unwrap();\n}\n";
        let out = run(
            text,
            &[(1, 4)],
            &[("unwrap-in-request-path", 2), ("unwrap-in-request-path", 3)],
        );
        assert!(out.findings.is_empty(), "{:?}", messages(&out.findings));
        let suppressed = out.diagnostics[0].suppressed.as_ref().expect("suppressed");
        assert_eq!(suppressed.reason.as_deref(), Some("checked"));
        assert_eq!(&*suppressed.comment.file, "src/a.rs");
        assert_eq!(suppressed.comment.span.start.line, 2);
        assert_eq!(suppressed.comment.span.start.column, 17);
        assert!(out.diagnostics[1].suppressed.is_none());
    }

    #[test]
    fn only_named_rules_are_suppressed() {
        let text = "x(); // backlint-allow(print-in-server): y\n";
        let out = run(text, &[], &[("print-in-server", 1), ("swallowed-error", 1)]);
        assert!(out.diagnostics[0].suppressed.is_some());
        assert!(out.diagnostics[1].suppressed.is_none());
    }

    #[test]
    fn whole_fn_suppression_applies_to_every_line_of_it() {
        let text = "\
// backlint-allow(unwrap-in-request-path): fixture
fn f() {
    a.unwrap();
    b.unwrap();
}
fn g() {
    c.unwrap();
}
";
        let out = run(
            text,
            &[(2, 5), (6, 8)],
            &[
                ("unwrap-in-request-path", 3),
                ("unwrap-in-request-path", 4),
                ("unwrap-in-request-path", 7),
            ],
        );
        let states: Vec<bool> = out
            .diagnostics
            .iter()
            .map(|d| d.suppressed.is_some())
            .collect();
        assert_eq!(states, [true, true, false]);
        assert!(out.findings.is_empty());
    }

    #[test]
    fn file_level_suppression_covers_everything_of_its_rule() {
        let text = "//! backlint-allow-file(print-in-server): CLI\nfn a() {}\nfn b() {}\n";
        let out = run(
            text,
            &[(2, 2), (3, 3)],
            &[
                ("print-in-server", 2),
                ("print-in-server", 3),
                ("swallowed-error", 3),
            ],
        );
        assert!(out.diagnostics[0].suppressed.is_some());
        assert!(out.diagnostics[1].suppressed.is_some());
        assert!(out.diagnostics[2].suppressed.is_none());
        assert_eq!(
            out.diagnostics[1].suppressed.as_ref().unwrap().reason,
            Some("CLI".to_string())
        );
    }

    #[test]
    fn narrowest_suppression_is_recorded_and_both_count_as_used() {
        let text = "\
//! backlint-allow-file(print-in-server): file
fn f() {
    a(); // backlint-allow(print-in-server): line
}
";
        let out = run(text, &[(2, 4)], &[("print-in-server", 3)]);
        assert_eq!(
            out.diagnostics[0].suppressed.as_ref().unwrap().reason,
            Some("line".to_string())
        );
        assert!(out.findings.is_empty(), "{:?}", messages(&out.findings));
    }

    #[test]
    fn unused_suppression_is_reported_at_the_id() {
        let text = "fn f() {\n    a(); // backlint-allow(print-in-server, swallowed-error): x\n}\n";
        let out = run(text, &[(1, 3)], &[("print-in-server", 2)]);
        assert_eq!(
            messages(&out.findings),
            ["unused suppression of `swallowed-error`"]
        );
        let finding = &out.findings[0];
        assert_eq!(finding.rule, "unused-suppression");
        assert_eq!(finding.level, Level::Warning);
        assert_eq!(finding.help.as_deref(), Some("remove it"));
        assert_eq!(finding.primary_label, "suppresses nothing");
        let span = finding.primary.span;
        assert_eq!(&text[span.byte_start..span.byte_end], "swallowed-error");
        assert_eq!(
            finding.snippet,
            "a(); // backlint-allow(print-in-server, swallowed-error): x"
        );
        assert!(finding.suppressed.is_none() && !finding.weakened);
        assert!(finding.labels.is_empty() && finding.notes.is_empty());
        assert_eq!(finding.item_path, "");
    }

    #[test]
    fn unused_ids_carry_the_fix_of_their_comment() {
        let text = "fn f() {\n    a(); // backlint-allow(print-in-server, swallowed-error, no-such-rule): x\n    // backlint-allow(print-in-server, swallowed-error): y\n    b();\n}\n";
        let out = run(text, &[(1, 5)], &[("print-in-server", 2)]);
        fn fixed<'d>(finding: &'d Diagnostic, text: &str) -> Option<(&'d str, String)> {
            let fix = finding.fix.as_ref()?;
            Some((fix.description.as_str(), fix.apply(text)?))
        }
        let by_message: Vec<(&str, Option<(&str, String)>)> = out
            .findings
            .iter()
            .map(|finding| (finding.message.as_str(), fixed(finding, text)))
            .collect();
        let first_line = "fn f() {\n    a(); // backlint-allow(print-in-server, no-such-rule): x\n    // backlint-allow(print-in-server, swallowed-error): y\n    b();\n}\n";
        let without_second = "fn f() {\n    a(); // backlint-allow(print-in-server, swallowed-error, no-such-rule): x\n    b();\n}\n";
        assert_eq!(
            by_message,
            [
                (
                    "unused suppression of `swallowed-error`",
                    Some((
                        "remove `swallowed-error` from the suppression",
                        first_line.to_string()
                    ))
                ),
                ("unknown rule `no-such-rule` in suppression", None),
                (
                    "unused suppression of `print-in-server`",
                    Some(("remove the suppression comment", without_second.to_string()))
                ),
                (
                    "unused suppression of `swallowed-error`",
                    Some(("remove the suppression comment", without_second.to_string()))
                ),
            ]
        );
    }

    #[test]
    fn suppression_on_the_wrong_line_is_unused() {
        let text =
            "fn f() {\n    // backlint-allow(print-in-server): x\n    a();\n    println!();\n}\n";
        let out = run(text, &[(1, 5)], &[("print-in-server", 4)]);
        assert!(out.diagnostics[0].suppressed.is_none());
        assert_eq!(
            messages(&out.findings),
            ["unused suppression of `print-in-server`"]
        );
    }

    #[test]
    fn disabled_rules_are_not_reported_as_unused() {
        let text = "a(); // backlint-allow(print-in-server, swallowed-error): x\n";
        let enabled = |id: &str| id != "swallowed-error";
        let out = run_with(text, &[], &[], false, &enabled, &|_| false);
        assert_eq!(
            messages(&out.findings),
            ["unused suppression of `print-in-server`"]
        );
    }

    #[test]
    fn unknown_rule_with_and_without_a_suggestion() {
        let text = "\
a(); // backlint-allow(sql-injecton): x
b(); // backlint-allow(unwrap_in_request_path): x
c(); // backlint-allow(completely-made-up): x
";
        let out = run(text, &[], &[]);
        assert_eq!(
            messages(&out.findings),
            [
                "unknown rule `sql-injecton` in suppression",
                "unknown rule `unwrap_in_request_path` in suppression",
                "unknown rule `completely-made-up` in suppression",
            ]
        );
        assert_eq!(
            out.findings[0].help.as_deref(),
            Some("did you mean `sql-injection`?")
        );
        assert_eq!(
            out.findings[1].help.as_deref(),
            Some("did you mean `unwrap-in-request-path`?")
        );
        assert!(!out.findings[2]
            .help
            .as_deref()
            .unwrap()
            .contains("did you mean"));
        let span = out.findings[0].primary.span;
        assert_eq!(&text[span.byte_start..span.byte_end], "sql-injecton");
    }

    const REASON_REQUIRED: &str =
        "suppression without a reason suppresses nothing (config `require-suppression-reason`)";

    #[test]
    fn a_missing_reason_is_fine_unless_required() {
        let text = "a(); // backlint-allow(print-in-server)\nb(); // backlint-allow(print-in-server): ok\n";
        let diagnostics = [("print-in-server", 1), ("print-in-server", 2)];
        let lenient = run_with(text, &[], &diagnostics, false, &|_| true, &|_| false);
        assert!(lenient.findings.is_empty());
        assert!(lenient.diagnostics.iter().all(|d| d.suppressed.is_some()));
        let silenced = lenient.diagnostics[0].suppressed.as_ref().unwrap();
        assert_eq!(silenced.reason, None, "missing, not empty");
        assert_eq!(silenced.describe(), "suppressed without a reason");
    }

    // Until this contract was fixed (issue 16), a reason-less comment still suppressed while
    // config required a reason: the comment was reported and the finding stayed silenced.
    #[test]
    fn a_required_reason_that_is_missing_suppresses_nothing() {
        let text = "a(); // backlint-allow(print-in-server)\nb(); // backlint-allow(print-in-server): ok\n";
        let diagnostics = [("print-in-server", 1), ("print-in-server", 2)];
        let strict = run_with(text, &[], &diagnostics, true, &|_| true, &|_| false);
        assert_eq!(messages(&strict.findings), [REASON_REQUIRED]);
        let finding = &strict.findings[0];
        assert_eq!(finding.rule, "unused-suppression");
        assert_eq!(finding.primary_label, "no reason given");
        assert_eq!(
            finding.help.as_deref(),
            Some("give the reason: `backlint-allow(print-in-server): <why this is safe>`")
        );
        let span = finding.primary.span;
        assert_eq!(
            &text[span.byte_start..span.byte_end],
            "// backlint-allow(print-in-server)"
        );
        assert!(
            strict.diagnostics[0].suppressed.is_none(),
            "the finding stays active"
        );
        assert!(strict.diagnostics[1].suppressed.is_some());
    }

    #[test]
    fn the_help_for_a_missing_reason_repeats_the_directive() {
        let text = "//! backlint-allow-file(print-in-server, swallowed-error)\nfn f() {}\n";
        let diagnostics = [("print-in-server", 2), ("swallowed-error", 2)];
        let strict = run_with(text, &[(2, 2)], &diagnostics, true, &|_| true, &|_| false);
        assert_eq!(messages(&strict.findings), [REASON_REQUIRED]);
        assert_eq!(
            strict.findings[0].help.as_deref(),
            Some(
                "give the reason: `backlint-allow-file(print-in-server, swallowed-error): \
                 <why this is safe>`"
            )
        );
        assert!(strict.diagnostics.iter().all(|d| d.suppressed.is_none()));
    }

    #[test]
    fn an_effective_suppression_covering_the_same_line_still_applies() {
        let text = "\
//! backlint-allow-file(print-in-server): the admin console
a(); // backlint-allow(print-in-server)
";
        let strict = run_with(
            text,
            &[],
            &[("print-in-server", 2)],
            true,
            &|_| true,
            &|_| false,
        );
        assert_eq!(messages(&strict.findings), [REASON_REQUIRED]);
        let silenced = strict.diagnostics[0]
            .suppressed
            .as_ref()
            .expect("file-wide");
        assert_eq!(silenced.reason.as_deref(), Some("the admin console"));
    }

    #[test]
    fn a_stale_comment_without_a_reason_is_only_reported_as_stale() {
        // Asking for a reason would mislead: the comment is to be removed.
        let text = "a(); // backlint-allow(print-in-server, swallowed-error)\n";
        let strict = run_with(text, &[], &[], true, &|_| true, &|_| false);
        assert_eq!(
            messages(&strict.findings),
            [
                "unused suppression of `print-in-server`",
                "unused suppression of `swallowed-error`",
            ]
        );
        // One id would have applied: the reason is asked for, the other id is stale.
        let strict = run_with(
            text,
            &[],
            &[("print-in-server", 1)],
            true,
            &|_| true,
            &|_| false,
        );
        assert_eq!(
            messages(&strict.findings),
            [REASON_REQUIRED, "unused suppression of `swallowed-error`"]
        );
        assert!(strict.diagnostics[0].suppressed.is_none());
    }

    #[test]
    fn unsuppressible_rules_stay_active_and_the_comment_is_reported() {
        let text = "q(); // backlint-allow(sql-injection, print-in-server): trusted\n";
        let unsuppressible = |id: &str| id == "sql-injection";
        let out = run_with(
            text,
            &[],
            &[("sql-injection", 1), ("print-in-server", 1)],
            false,
            &|_| true,
            &unsuppressible,
        );
        assert!(out.diagnostics[0].suppressed.is_none());
        assert!(out.diagnostics[1].suppressed.is_some());
        assert_eq!(
            messages(&out.findings),
            ["`sql-injection` cannot be suppressed inline (config `unsuppressible`)"]
        );
        let span = out.findings[0].primary.span;
        assert_eq!(&text[span.byte_start..span.byte_end], "sql-injection");
    }

    #[test]
    fn unsuppressible_applies_to_file_level_too() {
        let text = "//! backlint-allow-file(sql-injection): no\nq();\n";
        let unsuppressible = |id: &str| id == "sql-injection";
        let out = run_with(
            text,
            &[],
            &[("sql-injection", 2)],
            false,
            &|_| true,
            &unsuppressible,
        );
        assert!(out.diagnostics[0].suppressed.is_none());
        assert_eq!(out.findings.len(), 1);
    }

    #[test]
    fn unused_suppression_findings_yield_only_to_a_file_level_allowance() {
        let text = "\
//! backlint-allow-file(unused-suppression): generated code
a(); // backlint-allow(print-in-server): stale
b(); // backlint-allow(not-a-rule)
";
        let out = run_with(text, &[], &[], true, &|_| true, &|_| false);
        assert_eq!(
            messages(&out.findings),
            [
                "unused suppression of `print-in-server`",
                REASON_REQUIRED,
                "unknown rule `not-a-rule` in suppression",
            ]
        );
        for finding in &out.findings {
            let suppressed = finding.suppressed.as_ref().expect("suppressed file-wide");
            assert_eq!(suppressed.reason.as_deref(), Some("generated code"));
            assert_eq!(suppressed.comment.span.start.line, 1);
        }
    }

    #[test]
    fn file_level_allowance_of_unused_suppression_is_never_itself_unused() {
        let text = "//! backlint-allow-file(unused-suppression)\nfn f() {}\n";
        let out = run(text, &[(2, 2)], &[]);
        assert!(out.findings.is_empty(), "{:?}", messages(&out.findings));
        // Until issue 16, its own missing reason was reported and silenced by itself. Now a
        // reason-less allowance has no effect where reasons are required: its missing reason is
        // reported and stays active, and nothing recurses.
        let strict = run_with(text, &[(2, 2)], &[], true, &|_| true, &|_| false);
        assert_eq!(messages(&strict.findings), [REASON_REQUIRED]);
        assert!(strict.findings[0].suppressed.is_none());
    }

    #[test]
    fn a_reason_less_file_allowance_of_unused_suppression_silences_nothing_when_reasons_are_required(
    ) {
        let text = "\
//! backlint-allow-file(unused-suppression)
a(); // backlint-allow(print-in-server): stale
";
        let lenient = run_with(text, &[], &[], false, &|_| true, &|_| false);
        assert_eq!(
            messages(&lenient.findings),
            ["unused suppression of `print-in-server`"]
        );
        assert!(lenient.findings[0].suppressed.is_some());
        let strict = run_with(text, &[], &[], true, &|_| true, &|_| false);
        assert_eq!(
            messages(&strict.findings),
            [REASON_REQUIRED, "unused suppression of `print-in-server`"]
        );
        assert!(strict.findings.iter().all(|f| f.suppressed.is_none()));
    }

    #[test]
    fn line_level_allowance_of_unused_suppression_is_reported_and_ineffective() {
        let text = "\
// backlint-allow(unused-suppression): no
a(); // backlint-allow(print-in-server): stale
";
        let out = run(text, &[], &[]);
        assert_eq!(
            messages(&out.findings),
            [
                "`unused-suppression` can only be suppressed for the whole file",
                "unused suppression of `print-in-server`",
            ]
        );
        assert!(out.findings.iter().all(|f| f.suppressed.is_none()));
    }

    #[test]
    fn unsuppressible_unused_suppression_ignores_the_file_allowance() {
        let text = "//! backlint-allow-file(unused-suppression): x\na(); // backlint-allow(print-in-server): stale\n";
        let unsuppressible = |id: &str| id == "unused-suppression";
        let out = run_with(text, &[], &[], false, &|_| true, &unsuppressible);
        assert_eq!(
            messages(&out.findings),
            [
                "`unused-suppression` cannot be suppressed inline (config `unsuppressible`)",
                "unused suppression of `print-in-server`",
            ]
        );
        assert!(out.findings.iter().all(|f| f.suppressed.is_none()));
    }

    #[test]
    fn already_suppressed_diagnostics_keep_their_record_and_still_count() {
        let text = "a(); // backlint-allow(print-in-server): second\n";
        let source = file(text);
        let suppressions = scan(&source, &[]);
        let mut diagnostics = vec![diag(&source, "print-in-server", 1)];
        let earlier = Suppressed {
            reason: Some("first".to_string()),
            comment: Location {
                file: "src/a.rs".into(),
                span: source.span(0, 1),
            },
        };
        diagnostics[0].suppressed = Some(earlier.clone());
        let policy = Policy {
            known_rules: KNOWN,
            enabled_rules: &|_| true,
            unsuppressible: &|_| false,
            require_reason: false,
        };
        let findings = apply(&source, &suppressions, &mut diagnostics, &policy);
        assert!(findings.is_empty());
        assert_eq!(diagnostics[0].suppressed, Some(earlier));
    }

    #[test]
    fn files_without_the_marker_are_not_lexed() {
        assert!(scan(&file("fn f() { \"// nothing\" }\n"), &[(1, 1)]).is_empty());
        assert!(scan(&file(""), &[]).is_empty());
    }

    #[test]
    fn item_lines_from_syn_line_up_with_the_scan() {
        use syn::spanned::Spanned;
        let text = "\
use std::fmt;

// backlint-allow(unwrap-in-request-path): fixture
/// Docs.
#[derive(Debug)]
struct S {
    a: u32,
}

impl S {
    /// Method docs.
    // backlint-allow(unwrap-in-request-path): fixture
    #[inline]
    fn f(&self) {
        // backlint-allow(unwrap-in-request-path): fixture
        let x = y.unwrap();
    }
}
";
        let parsed = syn::parse_file(text).expect("parses");
        let mut items = Vec::new();
        for item in &parsed.items {
            let span = item.span();
            items.push((span.start().line as u32, span.end().line as u32));
            if let syn::Item::Impl(block) = item {
                for inner in &block.items {
                    let span = inner.span();
                    items.push((span.start().line as u32, span.end().line as u32));
                }
            }
        }
        assert_eq!(
            targets(text, &items),
            vec![lines(4, 8), lines(11, 17), lines(16, 16)]
        );
    }
}
