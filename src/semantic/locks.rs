//! Synchronous lock guards in async code: where a guard is acquired (`m.lock().unwrap()`,
//! parking_lot's `m.write()`, `cell.borrow_mut()`, not an awaited async lock), whether a
//! statement awaits (outside closures and nested `async` blocks, which run elsewhere), and
//! whether it drops a guard early (`drop(guard)`).

use syn::visit::Visit;

use crate::semantic::models::models;
use crate::semantic::FieldTypes;

/// The acquisition whose guard `expr` evaluates to: `m.lock()` of `m.lock().unwrap()`,
/// `m.lock()?` or `m.write()` (parking_lot). An awaited acquisition is an async lock's, and a
/// value computed from the guard (`m.lock().unwrap().clone()`) leaves only a temporary.
pub fn guard_of<'e>(expr: &'e syn::Expr, fields: &FieldTypes) -> Option<&'e syn::ExprMethodCall> {
    let locks = &models().performance.locks;
    match parens(expr) {
        syn::Expr::Try(tried) => guard_of(&tried.expr, fields),
        syn::Expr::MethodCall(call) if is_acquisition(call, fields) => Some(call),
        syn::Expr::MethodCall(call)
            if locks
                .unwraps
                .iter()
                .any(|name| call.method == name.as_str()) =>
        {
            guard_of(&call.receiver, fields)
        }
        _ => None,
    }
}

/// A call of a guard-acquiring method (`lock()`, `write()`, `borrow_mut()`), unless its
/// receiver is a field of the file whose declared type is not a lock (`self.sessions.read()`
/// on a `BptreeMap`).
pub fn is_acquisition(call: &syn::ExprMethodCall, fields: &FieldTypes) -> bool {
    let locks = &models().performance.locks;
    let name = call.method.to_string();
    if !locks
        .acquire
        .iter()
        .any(|pattern| pattern.matches(&name, call.args.len()))
    {
        return false;
    }
    let declared = match parens(&call.receiver) {
        syn::Expr::Field(field) => match &field.member {
            syn::Member::Named(name) => fields.type_of(&name.to_string()),
            syn::Member::Unnamed(_) => None,
        },
        _ => None,
    };
    declared.is_none_or(|ty| locks.types.iter().any(|lock| lock == ty))
}

/// A guard acquired in the receiver chain of `expr` (`tx.lock().unwrap().send(m)` holds the
/// temporary guard until the statement ends), not counting `expr` itself.
pub fn temporary_guard_in_chain<'e>(
    expr: &'e syn::Expr,
    fields: &FieldTypes,
) -> Option<&'e syn::ExprMethodCall> {
    let mut current = match parens(expr) {
        syn::Expr::MethodCall(call) => &*call.receiver,
        syn::Expr::Field(field) => &*field.base,
        _ => return None,
    };
    loop {
        match parens(current) {
            syn::Expr::MethodCall(call) if is_acquisition(call, fields) => return Some(call),
            syn::Expr::MethodCall(call) => current = &call.receiver,
            syn::Expr::Field(field) => current = &field.base,
            syn::Expr::Try(tried) => current = &tried.expr,
            _ => return None,
        }
    }
}

/// The first `.await` of a statement that this function's task waits on (not one inside a
/// closure or a nested `async` block).
pub fn first_await(stmt: &syn::Stmt) -> Option<&syn::ExprAwait> {
    let mut finder = AwaitFinder { found: None };
    finder.visit_stmt(stmt);
    finder.found
}

/// Whether the statement is `drop(name);` (or `std::mem::drop(name)`).
pub fn releases(stmt: &syn::Stmt, name: &str) -> bool {
    let syn::Stmt::Expr(syn::Expr::Call(call), _) = stmt else {
        return false;
    };
    let syn::Expr::Path(func) = parens(&call.func) else {
        return false;
    };
    let path = crate::semantic::syntax::segments(&func.path);
    let released = matches!(call.args.first().map(parens), Some(syn::Expr::Path(arg)) if arg.path.is_ident(name));
    released
        && call.args.len() == 1
        && models()
            .performance
            .locks
            .releases
            .iter()
            .any(|release| release.matches_path(&path))
}

/// Peels parentheses and invisible groups only: `.await`, `?` and `*` change what a value is.
fn parens(mut expr: &syn::Expr) -> &syn::Expr {
    loop {
        expr = match expr {
            syn::Expr::Paren(p) => &p.expr,
            syn::Expr::Group(g) => &g.expr,
            _ => return expr,
        }
    }
}

struct AwaitFinder<'ast> {
    found: Option<&'ast syn::ExprAwait>,
}

impl<'ast> Visit<'ast> for AwaitFinder<'ast> {
    fn visit_expr_await(&mut self, awaited: &'ast syn::ExprAwait) {
        if self.found.is_none() {
            self.found = Some(awaited);
        }
    }

    fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}

    fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}
