//! What a call expression calls, by canonical path: the function of `a::b(..)` and the call a
//! method chain starts at (`Command::new("git").arg("x").output()` starts at `Command::new`).

use crate::semantic::models::ArgPattern;
use crate::semantic::syntax::{chain_root, peel};
use crate::semantic::FileModel;

/// The canonical path of the function `expr` calls, when it is a call of a path.
pub fn called_path(file: &FileModel<'_>, expr: &syn::Expr) -> Option<Vec<String>> {
    let syn::Expr::Call(call) = peel(expr) else {
        return None;
    };
    let syn::Expr::Path(func) = peel(&call.func) else {
        return None;
    };
    Some(file.resolve(&func.path))
}

/// Whether `expr` is a call of one of `functions` (`redis::pipe()`).
pub fn is_call_of(file: &FileModel<'_>, expr: &syn::Expr, functions: &[ArgPattern]) -> bool {
    called_path(file, expr).is_some_and(|path| functions.iter().any(|f| f.matches_path(&path)))
}

/// Whether the method chain of `receiver` starts at a call of one of `functions`.
pub fn chain_starts_at(
    file: &FileModel<'_>,
    receiver: &syn::Expr,
    functions: &[ArgPattern],
) -> bool {
    is_call_of(file, chain_root(receiver), functions)
}
