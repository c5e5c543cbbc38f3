//! Queries that read every row of a table into memory (`unbounded-query`): a round trip of
//! [`crate::semantic::queries`] run by a method that collects all rows (`fetch_all`, diesel
//! `load`, sea-orm `all`, tokio-postgres `query`), whose SQL text ([`crate::semantic::sql`])
//! or query-builder chain neither limits nor pages the rows nor narrows them by an equality
//! (`[sql]` of `rules/models/performance.toml`).

use crate::semantic::models::models;
use crate::semantic::models::performance::SqlModels;
use crate::semantic::queries::round_trip;
use crate::semantic::scope::Scope;
use crate::semantic::sql::{self, shape::unbounded_table};
use crate::semantic::syntax::peel;
use crate::semantic::FileModel;

fn sql_models() -> &'static SqlModels {
    &models().performance.sql
}

/// A query that collects every row of a table.
pub struct TableRead<'a> {
    /// Where the query starts (the constructor, the macro, the table, the client call).
    pub start: &'a syn::Expr,
    /// The method that collects the rows.
    pub run: &'a syn::Ident,
    /// The table, as the finding names it (see [`sql::table_label`]).
    pub table: String,
}

/// The whole-table read `expr` is, if it is one; `awaited` when `expr` is the operand of
/// `.await`.
pub fn whole_table_read<'a>(
    expr: &'a syn::Expr,
    awaited: bool,
    file: &FileModel<'_>,
    scope: &Scope,
) -> Option<TableRead<'a>> {
    let syn::Expr::MethodCall(call) = expr else {
        return None;
    };
    let model = sql_models();
    let method = call.method.to_string();
    let collects_rows = model.fetch_all_runs.contains(&method)
        || model
            .fetch_all_client_methods
            .iter()
            .any(|pattern| pattern.matches(&method, call.args.len()));
    if !collects_rows {
        return None;
    }
    let trip = round_trip(expr, awaited, file)?;
    let table = match trip.start {
        syn::Expr::Macro(mac) => text_table(sql::query_macro_text(&mac.mac)?, file)?,
        _ => match trip.statement {
            Some(statement) => text_table(sql::constant_text(statement, file, scope)?, file)?,
            None => builder_table(trip.start, &call.receiver)?,
        },
    };
    Some(TableRead {
        start: trip.start,
        run: &call.method,
        table: sql::table_label(&table),
    })
}

fn text_table(text: sql::SqlText, file: &FileModel<'_>) -> Option<String> {
    let statements = file.parse_sql(&text.text)?;
    unbounded_table(&statements, &sql_models().aggregates)
}

/// The table a query-builder chain (from `root` up to `receiver`) reads whole: a diesel table
/// (`posts::table`) or a sea-orm entity query (`Post::find()`) with no limiting method and no
/// equality comparison.
fn builder_table(root: &syn::Expr, receiver: &syn::Expr) -> Option<String> {
    let model = sql_models();
    let table = match root {
        syn::Expr::Path(path) => {
            let segments = &path.path.segments;
            segments.iter().rev().nth(1)?.ident.to_string()
        }
        syn::Expr::Call(call) => {
            let syn::Expr::Path(func) = peel(&call.func) else {
                return None;
            };
            let mut segments = func.path.segments.iter().rev();
            let function = segments.next()?.ident.to_string();
            if !model.table_finders.contains(&function) {
                return None;
            }
            // sea-orm's `post::Entity::find()` names the table by its module.
            let entity = segments.next()?.ident.to_string();
            match segments.next() {
                Some(module) if model.entity_types.contains(&entity) => module.ident.to_string(),
                _ => entity,
            }
        }
        _ => return None,
    };
    let mut link = peel(receiver);
    while let syn::Expr::MethodCall(call) = link {
        if model.row_limits.iter().any(|name| call.method == name)
            || call.args.iter().any(compares_for_equality)
        {
            return None;
        }
        link = peel(&call.receiver);
    }
    Some(table)
}

/// Whether an argument holds an equality comparison (`posts::author_id.eq(user.id)`,
/// `Column::Id.is_in(ids)`, `builds::status.eq("queued")`), through `and`/`or` chains.
fn compares_for_equality(expr: &syn::Expr) -> bool {
    match peel(expr) {
        syn::Expr::MethodCall(call) => {
            sql_models()
                .equality_comparisons
                .iter()
                .any(|name| call.method == name)
                || compares_for_equality(&call.receiver)
                || call.args.iter().any(compares_for_equality)
        }
        syn::Expr::Call(call) => call.args.iter().any(compares_for_equality),
        syn::Expr::Reference(reference) => compares_for_equality(&reference.expr),
        _ => false,
    }
}
