//! Per-item iteration: the loops and closures whose code runs once for each item of a
//! collection or stream (`[iteration]` of `rules/models/performance.toml`) — a `for` over
//! items, `while let Some(x) = it.next()`, the closures of `for_each` and of adapters on an
//! iterating chain — as opposed to counted, retry, polling, cursor and batched loops.

use crate::semantic::calls::is_call_of;
use crate::semantic::models::models;
use crate::semantic::syntax::peel;
use crate::semantic::{FileModel, Scope};

/// Whether a `for` loop over `iterated` runs its body once per item of data: not over a range
/// (`0..3` counts or retries), over batches (`ids.chunks(100)`) or over a fixed list (a
/// constant, `ALL_INTERVALS`, or an array literal).
pub fn for_iterates_items(iterated: &syn::Expr) -> bool {
    let mut methods = Vec::new();
    let root = chain(iterated, &mut methods);
    let fixed = match root {
        syn::Expr::Range(_) | syn::Expr::Array(_) => true,
        syn::Expr::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|last| is_constant_name(&last.ident.to_string())),
        _ => false,
    };
    !fixed && !has_batches(&methods)
}

/// `ALL_INTERVALS`: the name of a constant or static.
fn is_constant_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase()) && !name.chars().any(|c| c.is_ascii_lowercase())
}

/// Whether a `while` condition takes the next item of rows or results fetched from outside
/// (`while let Some(row) = rows.try_next().await?` with `rows` from a query): a loop over
/// requests or messages arriving on a socket or channel handles events, not items of data.
pub fn while_takes_items(scope: &Scope, condition: &syn::Expr) -> bool {
    let syn::Expr::Let(binding) = peel(condition) else {
        return false;
    };
    let syn::Expr::MethodCall(call) = peel(&binding.expr) else {
        return false;
    };
    let next_methods = &models().performance.iteration.next_methods;
    next_methods.iter().any(|m| call.method == m)
        && matches!(peel(&call.receiver), syn::Expr::Path(path) if path.path.get_ident()
            .and_then(|name| scope.derivation_of(&name.to_string()))
            .is_some_and(|derived| derived.external))
}

/// Whether the closures handed to `call` run once per item: a per-item method
/// (`stream.for_each(|x| ..)`, `iter.fold(..)`), or an adapter (`map`, `then`) on a chain that
/// iterates (`ids.iter().map(|id| ..)`, `stream::iter(ids).then(..)`): between the call and
/// the item source there are only adapters, and no batches.
pub fn closure_runs_per_item(file: &FileModel<'_>, call: &syn::ExprMethodCall) -> bool {
    let iteration = &models().performance.iteration;
    let is = |names: &[String], name: &syn::Ident| names.iter().any(|n| name == n);
    if is(&iteration.per_item_methods, &call.method) {
        let mut methods = Vec::new();
        chain(&call.receiver, &mut methods);
        return !has_batches(&methods);
    }
    if !is(&iteration.adapter_methods, &call.method) {
        return false;
    }
    let mut expr = &*call.receiver;
    loop {
        match peel(expr) {
            syn::Expr::MethodCall(inner) if is(&iteration.item_sources, &inner.method) => {
                return true
            }
            syn::Expr::MethodCall(inner)
                if is(&iteration.adapter_methods, &inner.method)
                    || is(&iteration.passthrough_methods, &inner.method) =>
            {
                expr = &inner.receiver
            }
            other => return is_call_of(file, other, &iteration.stream_functions),
        }
    }
}

fn has_batches(methods: &[String]) -> bool {
    let batches = &models().performance.iteration.batch_methods;
    methods.iter().any(|m| batches.contains(m))
}

/// The start of a method chain, collecting the methods called on the way (through `?`,
/// `.await`, references, fields and parentheses).
fn chain<'e>(mut expr: &'e syn::Expr, methods: &mut Vec<String>) -> &'e syn::Expr {
    loop {
        match peel(expr) {
            syn::Expr::MethodCall(call) => {
                methods.push(call.method.to_string());
                expr = &call.receiver;
            }
            syn::Expr::Field(field) => expr = &field.base,
            other => return other,
        }
    }
}
