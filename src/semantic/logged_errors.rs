//! Functions that log every error they return: each way an `Err` leaves the body records it
//! first, so a caller that discards the `Result` (`delete_task(..).await.ok()`) loses nothing.
//! The error exits are
//!
//! - a `?` on a `map_err`/`inspect_err`/`ok_or_else` whose closure logs (`.map_err(|e| {
//!   error!(..); .. })?`);
//! - an `Err(..)` returned or left as a tail (also through the arms of a tail `match`/`if`),
//!   after a logging statement of the same block (`error!(..); return Err(..)`);
//!
//! and a value returned that is neither `Ok(..)` nor `Err(..)` (a call's `Result`, a local) is an
//! exit whose error is not known to be logged. Closures and nested items are their own bodies.
//! Logging is a macro or call of `[logging]` in `rules/models/errors.toml`, as a statement that
//! always runs (not one in a branch or a closure); a `?` or `return` in a macro's body is an exit
//! whose error is not known to be logged.

use syn::visit::Visit;

use crate::semantic::models::models;
use crate::semantic::syntax::{macro_name, peel};

/// Whether every error `body` (a function returning `Result`) returns is logged on its way out.
pub fn every_error_logged(body: &syn::Block) -> bool {
    let mut exits = Exits {
        unlogged: false,
        any: false,
    };
    exits.visit_block(body);
    // A body ending in a statement returns `()` or diverges: its exits are the ones visited.
    if let Some(syn::Stmt::Expr(tail, None)) = body.stmts.last() {
        exits.tail(tail, logs_before(body, body.stmts.len() - 1));
    }
    exits.any && !exits.unlogged
}

struct Exits {
    /// An error exit that is not known to log.
    unlogged: bool,
    /// At least one error exit was seen.
    any: bool,
}

impl Exits {
    /// A value the function returns, `logged` when a logging statement of its block precedes it.
    fn tail(&mut self, expr: &syn::Expr, logged: bool) {
        match peel(expr) {
            syn::Expr::Call(call) => match variant(&call.func) {
                Some("Ok") => {}
                Some("Err") => self.exit(logged),
                _ => self.exit(false),
            },
            syn::Expr::Match(choice) => {
                for arm in &choice.arms {
                    self.tail(&arm.body, logged);
                }
            }
            syn::Expr::If(expr_if) => {
                self.block_tail(&expr_if.then_branch);
                if let Some((_, otherwise)) = &expr_if.else_branch {
                    self.tail(otherwise, logged);
                }
            }
            syn::Expr::Block(block) => self.block_tail(&block.block),
            // What `return` hands back is judged where the visit meets it.
            syn::Expr::Return(_) => {}
            _ => self.exit(false),
        }
    }

    fn block_tail(&mut self, block: &syn::Block) {
        if let Some(syn::Stmt::Expr(tail, None)) = block.stmts.last() {
            self.tail(tail, logs_before(block, block.stmts.len() - 1));
        }
    }

    fn exit(&mut self, logged: bool) {
        self.any = true;
        self.unlogged |= !logged;
    }
}

impl<'ast> Visit<'ast> for Exits {
    fn visit_block(&mut self, block: &'ast syn::Block) {
        for (at, stmt) in block.stmts.iter().enumerate() {
            let returned = match stmt {
                syn::Stmt::Expr(syn::Expr::Return(ret), _) => ret.expr.as_deref(),
                _ => None,
            };
            match returned {
                Some(value) => {
                    self.tail(value, logs_before(block, at));
                    self.visit_expr(value);
                }
                None => self.visit_stmt(stmt),
            }
        }
    }

    fn visit_expr_try(&mut self, attempt: &'ast syn::ExprTry) {
        self.exit(logs_on_error(&attempt.expr));
        syn::visit::visit_expr_try(self, attempt);
    }

    fn visit_expr_return(&mut self, ret: &'ast syn::ExprReturn) {
        // A `return` outside a block's statement list (`Err(e) => return Err(e),`).
        if let Some(value) = &ret.expr {
            if !matches!(peel(value), syn::Expr::Call(call) if variant(&call.func) == Some("Ok")) {
                self.exit(false);
            }
            self.visit_expr(value);
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // `bail!(..)` leaves with an error nothing logged; so may a `?` or a `return` inside a
        // macro's body (`tokio::select! { r = a() => { r?; } }`), which is not walked.
        let leaves = || leaves_in(mac.tokens.clone());
        if models().error_macros.contains(&macro_name(mac)) || (!is_logging_macro(mac) && leaves())
        {
            self.exit(false);
        }
    }

    fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
    fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// Whether tokens hold a `?` or a `return` (string literals are tokens of their own).
fn leaves_in(tokens: proc_macro2::TokenStream) -> bool {
    tokens.into_iter().any(|token| match token {
        proc_macro2::TokenTree::Punct(punct) => punct.as_char() == '?',
        proc_macro2::TokenTree::Ident(ident) => ident == "return",
        proc_macro2::TokenTree::Group(group) => leaves_in(group.stream()),
        proc_macro2::TokenTree::Literal(_) => false,
    })
}

/// `Ok`/`Err` when `func` names one of them.
fn variant(func: &syn::Expr) -> Option<&'static str> {
    let syn::Expr::Path(path) = peel(func) else {
        return None;
    };
    let last = path.path.segments.last()?;
    ["Ok", "Err"].into_iter().find(|name| last.ident == name)
}

/// `x.map_err(|e| { error!(..); .. })` or `x.inspect_err(|e| warn!(..))`: the closure logs
/// whatever the error (its body is a log, or one of its top-level statements is).
fn logs_on_error(expr: &syn::Expr) -> bool {
    let syn::Expr::MethodCall(call) = peel(expr) else {
        return false;
    };
    if !models().error_adapters.contains(&call.method.to_string()) {
        return false;
    }
    let Some(syn::Expr::Closure(closure)) = call.args.first() else {
        return false;
    };
    match peel(&closure.body) {
        syn::Expr::Block(block) => logs_before(&block.block, block.block.stmts.len()),
        body => logs(body),
    }
}

/// Whether one of the top-level statements of `block` before the one at `at` is a log: one
/// that always runs, not a log in a branch or a closure.
fn logs_before(block: &syn::Block, at: usize) -> bool {
    block.stmts[..at].iter().any(|stmt| match stmt {
        syn::Stmt::Expr(expr, _) => logs(expr),
        syn::Stmt::Macro(mac) => is_logging_macro(&mac.mac),
        _ => false,
    })
}

/// Whether an expression is itself a logging call (`error!(..)`, `report_error(e)`).
fn logs(expr: &syn::Expr) -> bool {
    let logging_call = |name: &syn::Ident| models().logging_calls.contains(&name.to_string());
    match peel(expr) {
        syn::Expr::Macro(mac) => is_logging_macro(&mac.mac),
        syn::Expr::Call(call) => matches!(peel(&call.func), syn::Expr::Path(path)
            if path.path.segments.last().is_some_and(|last| logging_call(&last.ident))),
        syn::Expr::MethodCall(call) => logging_call(&call.method),
        _ => false,
    }
}

/// A logging macro that is not a print (`error!`, `tracing::warn!`).
fn is_logging_macro(mac: &syn::Macro) -> bool {
    let name = macro_name(mac);
    models().logging_macros.contains(&name) && !models().printing_macros.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::every_error_logged;

    fn logged(body: &str) -> bool {
        let block: syn::Block = syn::parse_str(&format!("{{ {body} }}")).unwrap();
        every_error_logged(&block)
    }

    #[test]
    fn every_error_exit_must_log() {
        // Logged: a logging `map_err` before `?`, a log before the `Err` returned.
        assert!(logged(
            r#"let _: () = conn.xdel(k).await.map_err(|e| { error!("failed: {e:?}"); Error::Internal(e.into()) })?; Ok(())"#
        ));
        assert!(logged(
            r#"if bad { tracing::warn!("bad input"); return Err(Error::Bad); } Ok(())"#
        ));
        assert!(logged(
            r#"match op() { Ok(v) => Ok(v), Err(e) => { error!(%e, "op failed"); Err(e.into()) } }"#
        ));
        // Not logged: a bare `?`, an `Err` without a log, a returned call's `Result`, `bail!`,
        // a print (which is not a log), or no error exit at all.
        assert!(!logged(r#"let v = op()?; Ok(v)"#));
        assert!(!logged(
            r#"let v = op().map_err(|e| { error!("x"); e })?; if v { return Err(Error::Bad); } Ok(())"#
        ));
        assert!(!logged(r#"error!("about to"); other_op().await"#));
        assert!(!logged(r#"if bad { error!("bad"); bail!("bad") } Ok(())"#));
        assert!(!logged(
            r#"if bad { println!("bad"); return Err(Error::Bad); } Ok(())"#
        ));
        assert!(!logged("Ok(())"));
        // A log in an earlier statement's closure or branch is not on the error's way out; a
        // `?` in a macro's body is an exit nothing logged.
        assert!(!logged(
            r#"op().map_err(|e| { error!("{e:?}"); e })?; if bad { return Err(Error::Bad); } Ok(())"#
        ));
        assert!(!logged(r#"if verbose { debug!("x"); } Err(Error::Bad)"#));
        assert!(!logged(
            r#"op().map_err(|e| { if e.is_timeout() { warn!("slow"); } e })?; Ok(())"#
        ));
        assert!(!logged(
            r#"op().map_err(|e| { error!("x"); e })?; tokio::select! { r = other() => { r?; } } Ok(())"#
        ));
        // A closure's `?` is the closure's own.
        assert!(logged(
            r#"let f = |x: &str| -> Result<u8, E> { Ok(x.parse()?) }; op().inspect_err(|e| warn!("{e}"))?; Ok(())"#
        ));
    }
}
