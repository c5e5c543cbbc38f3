//! Allow-lists checked by a loop that sets a flag:
//!
//! ```text
//! let mut found = false;
//! for allowed in &state.config.redirect_uris {
//!     if params.redirect_uri == *allowed { found = true; break; }
//! }
//! if !found { return Err(..) }
//! ```
//!
//! After the loop `found` is true only if the value equals an item of the list; where the list
//! is the server's (the caller judges with `is_server_chosen`), the value is then one the
//! server chose. The loop must set the flag in one place only, under that comparison; the
//! walker records the flag like a boolean local bound to an allow-list check
//! ([`crate::semantic::taint::TaintEnv::set_host_check`]) and credits it where the flag is
//! tested.

use crate::semantic::guards::value_path;
use crate::semantic::syntax::peel;

/// The flag a `for` loop sets and the value (a local or a field path) it vouches for.
pub fn loop_membership(
    for_loop: &syn::ExprForLoop,
    is_server_chosen: &dyn Fn(&syn::Expr) -> bool,
) -> Option<(String, String)> {
    let item = match &*for_loop.pat {
        syn::Pat::Ident(ident) => ident.ident.to_string(),
        syn::Pat::Reference(reference) => match &*reference.pat {
            syn::Pat::Ident(ident) => ident.ident.to_string(),
            _ => return None,
        },
        _ => return None,
    };
    if !is_server_chosen(list_of(&for_loop.expr)) {
        return None;
    }
    let mut found = None;
    for stmt in &for_loop.body.stmts {
        let expr = match stmt {
            syn::Stmt::Expr(expr, _) => expr,
            syn::Stmt::Local(_) | syn::Stmt::Item(_) | syn::Stmt::Macro(_) => {
                if assigns_anything(stmt) {
                    return None;
                }
                continue;
            }
        };
        match peel(expr) {
            syn::Expr::If(expr_if) if expr_if.else_branch.is_none() => {
                let Some(flag) = sets_flag(&expr_if.then_branch) else {
                    if assigns_anything(stmt) {
                        return None;
                    }
                    continue;
                };
                let value = compared_with(&expr_if.cond, &item)?;
                if found.is_some() {
                    return None;
                }
                found = Some((flag, value));
            }
            _ if assigns_anything(stmt) => return None,
            _ => {}
        }
    }
    found
}

/// The list a loop walks: `LIST`, `&cfg.list`, `cfg.list.iter()`.
fn list_of(expr: &syn::Expr) -> &syn::Expr {
    match peel(expr) {
        syn::Expr::Reference(reference) => list_of(&reference.expr),
        syn::Expr::MethodCall(call)
            if call.args.is_empty()
                && matches!(call.method.to_string().as_str(), "iter" | "into_iter") =>
        {
            list_of(&call.receiver)
        }
        other => other,
    }
}

/// `{ found = true; break; }`: the flag a block sets to `true`, when that is all it assigns.
fn sets_flag(block: &syn::Block) -> Option<String> {
    let mut flag = None;
    for stmt in &block.stmts {
        match stmt {
            syn::Stmt::Expr(syn::Expr::Assign(assign), _) => {
                let is_true = matches!(peel(&assign.right), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Bool(b), .. }) if b.value);
                let syn::Expr::Path(path) = peel(&assign.left) else {
                    return None;
                };
                if !is_true || flag.is_some() {
                    return None;
                }
                flag = Some(path.path.get_ident()?.to_string());
            }
            syn::Stmt::Expr(syn::Expr::Break(brk), _) if brk.expr.is_none() => {}
            _ => return None,
        }
    }
    flag
}

/// The value `cond` compares for equality with the loop's item: `v == *item`, `*item == v`,
/// `v.as_str() == item`.
fn compared_with(cond: &syn::Expr, item: &str) -> Option<String> {
    let syn::Expr::Binary(binary) = peel(cond) else {
        return None;
    };
    if !matches!(binary.op, syn::BinOp::Eq(_)) {
        return None;
    }
    [(&binary.left, &binary.right), (&binary.right, &binary.left)]
        .into_iter()
        .find(|(_, other)| is_item(other, item))
        .and_then(|(value, _)| compared_value(value))
}

fn is_item(expr: &syn::Expr, item: &str) -> bool {
    match peel(expr) {
        syn::Expr::Path(path) => path.path.is_ident(item),
        syn::Expr::Unary(unary) => is_item(&unary.expr, item),
        syn::Expr::Reference(reference) => is_item(&reference.expr, item),
        syn::Expr::MethodCall(call) if call.args.is_empty() && is_view(&call.method) => {
            is_item(&call.receiver, item)
        }
        _ => false,
    }
}

/// The local or field path compared, through `&`, `*` and `as_str()`-like views.
fn compared_value(expr: &syn::Expr) -> Option<String> {
    match peel(expr) {
        syn::Expr::Unary(unary) => compared_value(&unary.expr),
        syn::Expr::Reference(reference) => compared_value(&reference.expr),
        syn::Expr::MethodCall(call) if call.args.is_empty() && is_view(&call.method) => {
            compared_value(&call.receiver)
        }
        other => value_path(other),
    }
}

fn is_view(method: &syn::Ident) -> bool {
    matches!(
        method.to_string().as_str(),
        "as_str" | "as_ref" | "as_deref" | "to_string"
    )
}

/// Whether a statement assigns to anything (the flag must be set in one place only).
fn assigns_anything(stmt: &syn::Stmt) -> bool {
    use syn::visit::Visit;
    struct Finder(bool);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_expr_assign(&mut self, _: &'ast syn::ExprAssign) {
            self.0 = true;
        }
    }
    let mut finder = Finder(false);
    finder.visit_stmt(stmt);
    finder.0
}

#[cfg(test)]
mod tests {
    use super::loop_membership;

    fn membership(code: &str) -> Option<(String, String)> {
        let syn::Expr::ForLoop(for_loop) = syn::parse_str::<syn::Expr>(code).unwrap() else {
            panic!("not a for loop: {code}");
        };
        // The list is the server's unless it names the request.
        let server_chosen = |list: &syn::Expr| {
            !quote::ToTokens::to_token_stream(list)
                .to_string()
                .contains("request")
        };
        loop_membership(&for_loop, &server_chosen)
    }

    #[test]
    fn a_loop_setting_a_flag_on_equality_vouches_for_the_value() {
        let found = Some(("found".to_string(), "q.redirect_uri".to_string()));
        assert_eq!(
            membership("for uri in &state.config.allowed { if q.redirect_uri == *uri { found = true; break; } }"),
            found
        );
        assert_eq!(
            membership("for uri in ALLOWED.iter() { if *uri == q.redirect_uri.as_str() { found = true; } }"),
            found
        );
        // Not an allow-list: a prefix, the request's own list, a flag set elsewhere too, or
        // a flag set to something other than `true`.
        assert_eq!(
            membership(
                "for uri in ALLOWED { if q.redirect_uri.starts_with(uri) { found = true; } }"
            ),
            None
        );
        assert_eq!(
            membership(
                "for uri in &request.allowed { if q.redirect_uri == *uri { found = true; } }"
            ),
            None
        );
        assert_eq!(
            membership(
                "for uri in ALLOWED { if q.redirect_uri == *uri { found = true; } found = true; }"
            ),
            None
        );
        assert_eq!(
            membership("for uri in ALLOWED { if q.redirect_uri == *uri { found = q.strict; } }"),
            None
        );
    }
}
