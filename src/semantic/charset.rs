//! Character-class allow-lists: checks that every character of a local is a letter, a digit or
//! one of a few listed characters (`name.chars().all(char::is_alphanumeric)`,
//! `ext.chars().any(|c| !c.is_ascii_alphanumeric() && c != '_')`, `id.bytes().all(|b|
//! matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))`). Such a value cannot hold a quote, a
//! separator or a dot: it is safe for every string sink when the only extra character is `_`,
//! and for paths when no extra character is a separator, `.` or `:`. The character classes are
//! data (`[charset]` in `rules/models/taint.toml`).

use std::collections::HashSet;

use crate::semantic::models::SinkKind;
use crate::semantic::syntax::{diverges, matches_args, peel};

/// A check on the characters of a local.
#[derive(Debug, PartialEq, Eq)]
pub struct CharsetCheck {
    /// The local whose characters are checked.
    pub name: String,
    /// The sink kinds the local is safe for where the check holds.
    pub kinds: Vec<SinkKind>,
    /// The value of the checking expression when every character is allowed.
    pub allowed_when: bool,
}

/// The characters a predicate lets through: members of the classes, and `extras`.
#[derive(Default)]
struct Allowed {
    extras: Vec<char>,
}

impl Allowed {
    fn union(mut self, other: Allowed) -> Allowed {
        self.extras.extend(other.extras);
        self
    }

    fn kinds(&self) -> Vec<SinkKind> {
        if self.extras.iter().all(|c| *c == '_') {
            SinkKind::STRING_KINDS.to_vec()
        } else if self
            .extras
            .iter()
            .any(|c| matches!(c, '/' | '\\' | '.' | ':'))
        {
            Vec::new()
        } else {
            vec![SinkKind::Path]
        }
    }
}

/// Recognises a character-class check on a local: `x.chars().all(P)` (true when all are
/// allowed), `x.chars().any(|c| !P(c))` (true when one is not), either negated with `!`.
/// `classes` are the names of the character-class methods that only admit letters and digits.
pub fn check(expr: &syn::Expr, classes: &HashSet<String>) -> Option<CharsetCheck> {
    let expr = peel(expr);
    if let syn::Expr::Unary(syn::ExprUnary {
        op: syn::UnOp::Not(_),
        expr: inner,
        ..
    }) = expr
    {
        let inner = check(inner, classes)?;
        return Some(CharsetCheck {
            allowed_when: !inner.allowed_when,
            ..inner
        });
    }
    let syn::Expr::MethodCall(call) = expr else {
        return None;
    };
    if call.method != "all" && call.method != "any" {
        return None;
    }
    let name = characters_of(&call.receiver)?;
    let [predicate] = call.args.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let (allowed, allowed_when) = if call.method == "all" {
        (allowed_by(predicate, classes, false)?, true)
    } else if call.method == "any" {
        (allowed_by(predicate, classes, true)?, false)
    } else {
        return None;
    };
    let kinds = allowed.kinds();
    (!kinds.is_empty()).then_some(CharsetCheck {
        name,
        kinds,
        allowed_when,
    })
}

/// Recognises a check on one local in a single expression (a character-class check, a
/// validating parse): what [`passed_where`] and [`passed_after`] look for.
pub type Atom<'a> = &'a dyn Fn(&syn::Expr) -> Option<CharsetCheck>;

/// The check that has passed where `cond` evaluated to `branch`: the check itself (as `atom`
/// recognises it), its negation, or one side of `a && b` (true) or `a || b` (false).
pub fn passed_where(cond: &syn::Expr, branch: bool, atom: Atom<'_>) -> Option<CharsetCheck> {
    if let Some(found) = atom(cond).filter(|found| found.allowed_when == branch) {
        return Some(found);
    }
    match peel(cond) {
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Not(_),
            expr: inner,
            ..
        }) => passed_where(inner, !branch, atom),
        syn::Expr::Binary(binary)
            if matches!(
                (&binary.op, branch),
                (syn::BinOp::And(_), true) | (syn::BinOp::Or(_), false)
            ) =>
        {
            passed_where(&binary.left, branch, atom)
                .or_else(|| passed_where(&binary.right, branch, atom))
        }
        _ => None,
    }
}

/// The check an `if` leaves passed for the code after it, because the branch taken when the
/// check fails leaves the function or loop: `if name.chars().any(|c| !c.is_alphanumeric()) {
/// return .. }`, `if name.chars().all(..) { .. } else { bail!(..) }`.
pub fn passed_after(expr_if: &syn::ExprIf, atom: Atom<'_>) -> Option<CharsetCheck> {
    match &expr_if.else_branch {
        None if crate::semantic::syntax::block_diverges(&expr_if.then_branch) => {
            passed_where(&expr_if.cond, false, atom)
        }
        Some((_, otherwise)) if diverges(otherwise) => passed_where(&expr_if.cond, true, atom),
        _ => None,
    }
}

/// The local whose characters an iterator goes over: `x.chars()`, `x.bytes()`,
/// `x.as_bytes().iter()`, through `as_str()`/`as_ref()`.
fn characters_of(iterator: &syn::Expr) -> Option<String> {
    let syn::Expr::MethodCall(call) = peel(iterator) else {
        return None;
    };
    let text = match call.method.to_string().as_str() {
        "chars" | "bytes" => &call.receiver,
        "iter" => match peel(&call.receiver) {
            syn::Expr::MethodCall(bytes) if bytes.method == "as_bytes" => &bytes.receiver,
            _ => return None,
        },
        _ => return None,
    };
    let mut text = peel(text);
    while let syn::Expr::MethodCall(view) = text {
        if !matches!(view.method.to_string().as_str(), "as_str" | "as_ref") {
            return None;
        }
        text = peel(&view.receiver);
    }
    match text {
        syn::Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
        _ => None,
    }
}

/// What a predicate over one character lets through: `char::is_alphanumeric`,
/// `|c| c.is_ascii_digit() || c == '-'`, `|c| matches!(c, 'a'..='z' | '_')`. With `negated`,
/// the predicate must be the negation of one (`|c| !c.is_alphanumeric() && c != '_'`): true
/// exactly for the characters not let through.
fn allowed_by(predicate: &syn::Expr, classes: &HashSet<String>, negated: bool) -> Option<Allowed> {
    match peel(predicate) {
        // `char::is_alphanumeric`, `u8::is_ascii_digit`.
        syn::Expr::Path(path) if !negated => {
            let segments = crate::semantic::syntax::segments(&path.path);
            match segments.as_slice() {
                [ty, class] if matches!(ty.as_str(), "char" | "u8") && classes.contains(class) => {
                    Some(Allowed::default())
                }
                _ => None,
            }
        }
        syn::Expr::Closure(closure) => {
            let [syn::Pat::Ident(param)] =
                closure.inputs.iter().map(peel_pattern).collect::<Vec<_>>()[..]
            else {
                return None;
            };
            let param = param.ident.to_string();
            if negated {
                rejects(&closure.body, &param, classes)
            } else {
                admits(&closure.body, &param, classes)
            }
        }
        _ => None,
    }
}

/// `|&c|`, `|c: char|`: the binding inside.
fn peel_pattern(pat: &syn::Pat) -> &syn::Pat {
    match pat {
        syn::Pat::Reference(reference) => peel_pattern(&reference.pat),
        syn::Pat::Type(typed) => peel_pattern(&typed.pat),
        other => other,
    }
}

/// A body true exactly for the characters it admits: `c.is_alphanumeric()`, `c == '_'`,
/// `matches!(c, 'a'..='z' | '-')`, and `||` of those.
fn admits(body: &syn::Expr, param: &str, classes: &HashSet<String>) -> Option<Allowed> {
    match peel(body) {
        syn::Expr::Binary(binary) => match binary.op {
            syn::BinOp::Or(_) => Some(admits(&binary.left, param, classes)?.union(admits(
                &binary.right,
                param,
                classes,
            )?)),
            syn::BinOp::Eq(_) => compared_char(&binary.left, &binary.right, param)
                .map(|c| Allowed { extras: vec![c] }),
            _ => None,
        },
        syn::Expr::MethodCall(call) => {
            let is_class = classes.contains(&call.method.to_string());
            (is_class && is_param(&call.receiver, param)).then(Allowed::default)
        }
        syn::Expr::Macro(mac) => {
            let (value, pat) = matches_args(&mac.mac)?;
            is_param(&value, param).then_some(())?;
            pattern_admits(&pat)
        }
        syn::Expr::Block(block) => match block.block.stmts.as_slice() {
            [syn::Stmt::Expr(tail, None)] => admits(tail, param, classes),
            _ => None,
        },
        _ => None,
    }
}

/// A body true exactly for the characters it does not admit: `!P`, `c != '_'`, `&&` of those.
fn rejects(body: &syn::Expr, param: &str, classes: &HashSet<String>) -> Option<Allowed> {
    match peel(body) {
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Not(_),
            expr,
            ..
        }) => admits(expr, param, classes),
        syn::Expr::Binary(binary) => match binary.op {
            syn::BinOp::And(_) => Some(rejects(&binary.left, param, classes)?.union(rejects(
                &binary.right,
                param,
                classes,
            )?)),
            syn::BinOp::Ne(_) => compared_char(&binary.left, &binary.right, param)
                .map(|c| Allowed { extras: vec![c] }),
            _ => None,
        },
        syn::Expr::Block(block) => match block.block.stmts.as_slice() {
            [syn::Stmt::Expr(tail, None)] => rejects(tail, param, classes),
            _ => None,
        },
        _ => None,
    }
}

/// The character `c == '_'` (either way round, `*c`, a byte literal) compares the parameter
/// with.
fn compared_char(left: &syn::Expr, right: &syn::Expr, param: &str) -> Option<char> {
    [(left, right), (right, left)]
        .into_iter()
        .find(|(side, _)| is_param(side, param))
        .and_then(|(_, other)| char_literal(other))
}

fn is_param(expr: &syn::Expr, param: &str) -> bool {
    matches!(peel(expr), syn::Expr::Path(path) if path.path.is_ident(param))
}

fn char_literal(expr: &syn::Expr) -> Option<char> {
    match peel(expr) {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Char(c),
            ..
        }) => Some(c.value()),
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Byte(b),
            ..
        }) => Some(char::from(b.value())),
        _ => None,
    }
}

/// The characters a `matches!` pattern admits: letter and digit ranges (`'a'..='z'`,
/// `b'0'..=b'9'`) and single characters, joined with `|`.
fn pattern_admits(pat: &syn::Pat) -> Option<Allowed> {
    match pat {
        syn::Pat::Or(or) => or
            .cases
            .iter()
            .map(pattern_admits)
            .try_fold(Allowed::default(), |all, one| Some(all.union(one?))),
        syn::Pat::Lit(literal) => char_literal(&syn::Expr::Lit(literal.clone())).map(|c| {
            let extras = if c.is_alphanumeric() {
                Vec::new()
            } else {
                vec![c]
            };
            Allowed { extras }
        }),
        syn::Pat::Range(range) => {
            let bound = |end: &Option<Box<syn::Expr>>| end.as_deref().and_then(char_literal);
            let (low, high) = (bound(&range.start)?, bound(&range.end)?);
            let within = |from: char, to: char| from <= low && high <= to;
            (within('a', 'z') || within('A', 'Z') || within('0', '9')).then(Allowed::default)
        }
        syn::Pat::Paren(paren) => pattern_admits(&paren.pat),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes() -> HashSet<String> {
        ["is_alphanumeric", "is_ascii_alphanumeric", "is_ascii_digit"]
            .map(String::from)
            .into_iter()
            .collect()
    }

    fn checked(text: &str) -> Option<CharsetCheck> {
        check(&syn::parse_str(text).unwrap(), &classes())
    }

    #[test]
    fn letter_and_digit_checks_are_safe_for_every_string_sink() {
        let every = SinkKind::STRING_KINDS.to_vec();
        for (text, allowed_when) in [
            ("name.chars().all(char::is_alphanumeric)", true),
            (
                "name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')",
                true,
            ),
            ("name.as_str().bytes().all(|b| b.is_ascii_digit())", true),
            (
                "name.as_bytes().iter().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9'))",
                true,
            ),
            ("name.chars().any(|c| !c.is_alphanumeric())", false),
            (
                "name.chars().any(|c| !c.is_alphanumeric() && c != '_')",
                false,
            ),
            ("!name.chars().all(|&c| c.is_ascii_alphanumeric())", false),
            (
                "!name.chars().any(|c| !matches!(c, 'a'..='f' | '0'..='9'))",
                true,
            ),
        ] {
            let expected = CharsetCheck {
                name: "name".to_string(),
                kinds: every.clone(),
                allowed_when,
            };
            assert_eq!(checked(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn other_characters_are_safe_for_paths_unless_they_separate_or_dot() {
        let path_only = checked("id.chars().all(|c| matches!(c, 'a'..='z' | '0'..='9' | '-'))");
        assert_eq!(
            path_only.map(|check| check.kinds),
            Some(vec![SinkKind::Path])
        );
        for text in [
            "name.chars().all(|c| c.is_alphanumeric() || c == '.')",
            "name.chars().all(|c| c.is_alphanumeric() || c == '/')",
            "name.chars().any(|c| !c.is_alphanumeric() && c != '.' && c != '-')",
        ] {
            assert_eq!(checked(text), None, "{text}");
        }
    }

    #[test]
    fn look_alikes_are_no_allow_list() {
        for text in [
            // A deny-list, not an allow-list.
            "name.chars().any(|c| c == '/')",
            "name.chars().all(|c| c != '/')",
            // The wrong polarity for `any`/`all`.
            "name.chars().any(char::is_alphanumeric)",
            "name.chars().all(|c| !c.is_alphanumeric())",
            // A class that admits punctuation, or a range beyond letters and digits.
            "name.chars().all(|c| c.is_ascii_graphic())",
            "name.chars().all(|c| matches!(c, ' '..='~'))",
            // Another value's characters, or only part of the value.
            "name.trim().chars().all(char::is_alphanumeric)",
            "other.chars().all(|c| name.is_empty())",
        ] {
            assert_eq!(checked(text), None, "{text}");
        }
    }
}
