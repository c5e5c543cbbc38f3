//! Database and redis round trips (`[[queries]]` of `rules/models/performance.toml`): which
//! calls send a query, what library they belong to and the batched form that replaces N of
//! them. The walker records, per function, whether its body sends one
//! ([`crate::semantic::facts::FnFact::queries`]), so that a loop calling a repository function
//! is judged by what the function does.

use crate::semantic::calls::modelled_call;
use crate::semantic::fallible_operations::is_not_an_operation_argument;
use crate::semantic::models::models;
use crate::semantic::syntax::peel;
use crate::semantic::{FileModel, Scope};

/// A call that sends a query: the library's description, its batched form and the callee as
/// written in messages.
pub struct QueryCall {
    pub what: &'static str,
    pub fix: &'static str,
    pub callee: String,
}

/// The query `expr` sends, if it is a call that sends one.
pub fn query_call(file: &FileModel<'_>, scope: &Scope, expr: &syn::Expr) -> Option<QueryCall> {
    let args = match expr {
        syn::Expr::MethodCall(call) => &call.args,
        syn::Expr::Call(call) => &call.args,
        _ => return None,
    };
    if args.iter().any(is_never_a_query_argument) {
        return None;
    }
    let (model, callee) = modelled_call(
        file,
        &models().performance.queries,
        expr,
        scope.is_awaited(expr),
    )?;
    Some(QueryCall {
        what: &model.what,
        fix: &model.fix,
        callee,
    })
}

/// A closure (`iter.all(|x| ..)`, `iter.find(|x| ..)`) or an atomic ordering
/// (`counter.load(Ordering::Relaxed)`): the call is not a query whatever its name.
fn is_never_a_query_argument(arg: &syn::Expr) -> bool {
    matches!(peel(arg), syn::Expr::Closure(_)) || is_not_an_operation_argument(arg)
}
