//! SQL text in Rust code, recovered and parsed once: the constant text a query is given (a
//! string literal, a raw string, `concat!` of literals, a constant of the file, the template of
//! a `format!` with its holes filled by a name, the literal of an `sqlx::query!`-family macro),
//! parsed with `sqlparser` in the dialects of the crate's database drivers
//! ([`dialects`]). Unparsable text is no SQL: the rules stay silent on it. What the rules ask
//! of a parsed statement lives in [`shape`].

pub mod dialects;
pub mod shape;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use sqlparser::ast::Statement;
use sqlparser::parser::Parser;

pub use dialects::SqlDialect;

use crate::semantic::scope::Scope;
use crate::semantic::syntax::{macro_args, macro_name, peel};
use crate::semantic::FileModel;

/// The name a `format!` hole (`{table}`, `{}`) stands for in the SQL a template is parsed as.
pub(crate) const HOLE: &str = "backlint_hole";

/// How a finding names a table: by its name, or as the template's when a hole names it.
pub fn table_label(name: &str) -> String {
    if name == HOLE {
        "the table the template names".to_string()
    } else {
        format!("`{name}`")
    }
}

/// SQL text as the code writes it, and where.
pub struct SqlText {
    pub text: String,
    /// The literal that holds it (the template's, for `format!`; the first, for `concat!`).
    pub span: proc_macro2::Span,
}

/// The parsed statements of each distinct SQL text of a file, so that every rule asking about
/// the same text shares one parse.
#[derive(Default)]
pub struct SqlCache {
    parsed: RefCell<HashMap<String, Option<Rc<[Statement]>>>>,
}

impl FileModel<'_> {
    /// The statements `text` parses to in one of the crate's dialects, `None` when it is not
    /// SQL any of them reads.
    pub fn parse_sql(&self, text: &str) -> Option<Rc<[Statement]>> {
        if let Some(parsed) = self.sql.parsed.borrow().get(text) {
            return parsed.clone();
        }
        let parsed = parse(text, &self.sql_dialects);
        self.sql
            .parsed
            .borrow_mut()
            .insert(text.to_string(), parsed.clone());
        parsed
    }
}

/// Whether the file belongs to a migration, backup or dump module (a module path segment with
/// one of `[sql] migration-module-words`, `crate::db::background_migrations`): one-off work
/// that copies or rewrites tables whole, on purpose.
pub fn in_migration_module(file: &FileModel<'_>) -> bool {
    let words = &crate::semantic::models::models()
        .performance
        .sql
        .migration_module_words;
    file.module().iter().any(|segment| {
        segment
            .split('_')
            .any(|word| words.iter().any(|w| w == word))
    })
}

/// Parses `text` with each dialect in turn (the generic one when the crate names none); the
/// first that reads it wins.
fn parse(text: &str, dialects: &[SqlDialect]) -> Option<Rc<[Statement]>> {
    if !looks_like_a_statement(text) {
        return None;
    }
    let generic = [SqlDialect::Generic];
    let dialects = if dialects.is_empty() {
        &generic[..]
    } else {
        dialects
    };
    dialects.iter().find_map(|dialect| {
        Parser::parse_sql(dialect.parser().as_ref(), text)
            .ok()
            .filter(|statements| !statements.is_empty())
            .map(Rc::from)
    })
}

/// A cheap test before the parser: the text starts with a query's or a data change's first
/// keyword (prose and identifiers never get parsed).
fn looks_like_a_statement(text: &str) -> bool {
    let start = text.trim_start().trim_start_matches('(');
    let word: String = start
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        word.as_str(),
        "select" | "with" | "insert" | "update" | "delete" | "replace"
    ) && start.len() > word.len()
}

/// The SQL text `expr` holds as a constant: a string literal, `concat!` of literals, a
/// constant of the file, a `format!` template, or an immutable local bound to a literal or a
/// template in the enclosing function.
pub fn constant_text(expr: &syn::Expr, file: &FileModel<'_>, scope: &Scope) -> Option<SqlText> {
    match peel(expr) {
        syn::Expr::Reference(reference) => constant_text(&reference.expr, file, scope),
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(lit),
            ..
        }) => Some(SqlText {
            text: lit.value(),
            span: lit.span(),
        }),
        syn::Expr::Macro(mac) => macro_text(&mac.mac),
        syn::Expr::Path(path) => {
            let name = path.path.get_ident()?.to_string();
            let text = match scope.text_of(&name) {
                Some(local) => fill_holes(local),
                None => file.constants.text(&name)?.to_string(),
            };
            Some(SqlText {
                text,
                span: path.path.segments[0].ident.span(),
            })
        }
        syn::Expr::MethodCall(call) if call.args.is_empty() && call.method == "as_str" => {
            constant_text(&call.receiver, file, scope)
        }
        _ => None,
    }
}

/// The SQL text of a macro call: a `format!` template (its holes filled), the joined literals
/// of `concat!`, or the statement of an `sqlx::query!`-family macro (its first string literal).
pub fn macro_text(mac: &syn::Macro) -> Option<SqlText> {
    match macro_name(mac).as_str() {
        "format" => {
            let template = macro_args(mac).format?;
            Some(SqlText {
                text: fill_holes(&template.value()),
                span: template.span(),
            })
        }
        "concat" => {
            let parts = string_literals(mac);
            let first = parts.first()?.span();
            Some(SqlText {
                text: parts.iter().map(syn::LitStr::value).collect(),
                span: first,
            })
        }
        _ => None,
    }
}

/// The statement of an `sqlx::query!`-family macro: its first string literal argument
/// (`query_as!(User, "SELECT ..", id)`), or the `concat!` of literals there.
pub fn query_macro_text(mac: &syn::Macro) -> Option<SqlText> {
    arguments(mac).iter().find_map(|arg| match peel(arg) {
        syn::Expr::Macro(inner) if macro_name(&inner.mac) == "concat" => macro_text(&inner.mac),
        other => string_literal(other).map(|lit| SqlText {
            text: lit.value(),
            span: lit.span(),
        }),
    })
}

/// The string literals among a macro's arguments, in order.
pub fn string_literals(mac: &syn::Macro) -> Vec<syn::LitStr> {
    arguments(mac)
        .iter()
        .filter_map(string_literal)
        .cloned()
        .collect()
}

/// A macro's comma-separated expression arguments (none when its body is not one).
fn arguments(mac: &syn::Macro) -> Vec<syn::Expr> {
    mac.parse_body_with(syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
        .map(|args| args.into_iter().collect())
        .unwrap_or_default()
}

fn string_literal(expr: &syn::Expr) -> Option<&syn::LitStr> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(lit),
            ..
        }) => Some(lit),
        _ => None,
    }
}

/// A `format!` template as SQL: each hole (`{}`, `{table}`, `{0:?}`) becomes a name, and
/// escaped braces become braces.
fn fill_holes(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                for inner in chars.by_ref() {
                    if inner == '}' {
                        break;
                    }
                }
                out.push_str(HOLE);
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_become_sql_with_names_in_their_holes() {
        assert_eq!(
            fill_holes("SELECT * FROM {table} WHERE id IN ({}) AND x = '{{a}}'"),
            "SELECT * FROM backlint_hole WHERE id IN (backlint_hole) AND x = '{a}'"
        );
    }

    #[test]
    fn text_parses_in_the_first_dialect_that_reads_it() {
        let pg = [SqlDialect::Postgres];
        assert!(parse("SELECT id FROM users WHERE id = $1", &pg).is_some());
        assert!(parse("SELECT id::text FROM users", &pg).is_some());
        assert!(parse("SELECT id FROM users WHERE id = ?1", &[SqlDialect::Sqlite]).is_some());
        assert!(parse("SELECT `id` FROM users LIMIT 1, 2", &[SqlDialect::MySql]).is_some());
        assert!(parse("SELECT id FROM", &pg).is_none());
        assert!(parse("select the rows you need", &pg).is_none());
        assert!(parse("selected", &[]).is_none());
        assert!(parse("hello", &[]).is_none());
    }
}
