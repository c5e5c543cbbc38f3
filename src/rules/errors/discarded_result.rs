//! `discarded-result`: see `rules/discarded-result.md`.

use crate::rules::prelude::*;
use crate::semantic::models::models;
use crate::semantic::syntax::{call_arity, call_name, chain_root, path_ends_with, peel};

declare_rule!(DiscardedResult, "discarded-result");

impl Rule for DiscardedResult {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Local, NodeKind::Stmt]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        // `Drop::drop` has no caller to return an error to.
        if !cx.scope.is_production() || cx.scope.in_drop() {
            return;
        }
        let (discarded, how) = match node {
            // `let _ = call();`
            Node::Local(local) => match (&local.pat, &local.init) {
                (syn::Pat::Wild(_), Some(init)) if init.diverge.is_none() => {
                    (&*init.expr, "`let _ =`")
                }
                _ => return,
            },
            // `_ = call();` and `call().ok();`
            Node::Stmt(syn::Stmt::Expr(expr, Some(_))) => match expr {
                syn::Expr::Assign(assign) if matches!(&*assign.left, syn::Expr::Infer(_)) => {
                    (&*assign.right, "`_ =`")
                }
                syn::Expr::MethodCall(call) if call.method == "ok" && call.args.is_empty() => {
                    (&*call.receiver, "`.ok()`")
                }
                _ => return,
            },
            _ => return,
        };
        // `let _ = x?;` handles the error; only a call's own `Result` is discarded.
        if matches!(discarded, syn::Expr::Try(_)) {
            return;
        }
        let call = peel(discarded);
        let Some(name) = call_name(call) else {
            return;
        };
        if writes_to_terminal(call) || writes_to_memory(call, cx) {
            return;
        }
        let at = cx.span(discarded);
        let message = format!("the `Result` of `{name}` is discarded with {how}");
        let help = "handle it with `?`, or log the error where failure is acceptable";
        match models().fallible_call(&name, call_arity(call)) {
            Some(true) => cx
                .report(at, message)
                .label("an error here goes unnoticed")
                .help(help)
                .emit(),
            Some(false) => cx
                .report(at, message)
                .label("an error here goes unnoticed")
                .help(help)
                .emit_if(Condition::ServerCrate),
            None => {
                if let Some(callee) = cx.file.call_ref(call, cx.scope) {
                    cx.report(at, message)
                        .label("this crate function returns `Result`")
                        .help(help)
                        .emit_if(Condition::All(vec![
                            Condition::ServerCrate,
                            Condition::CalleeReturnsResult(callee),
                        ]));
                }
            }
        }
    }
}

/// Writes into an in-memory buffer (`out.write_all(..)` with `out: Vec<u8>`, a `String`,
/// `BytesMut` or `Cursor`, also through `buf.writer()`): they cannot fail for want of a device.
fn writes_to_memory(call: &syn::Expr, cx: &RuleCx<'_>) -> bool {
    let syn::Expr::MethodCall(method) = call else {
        return false;
    };
    let writes = matches!(
        method.method.to_string().as_str(),
        "write" | "write_all" | "write_str" | "write_char" | "write_fmt" | "flush"
    );
    if !writes {
        return false;
    }
    // The chain's root decides: `buf.writer().write_all(..)` with `buf: BytesMut`.
    cx.taint()
        .receiver_type(&method.receiver)
        .is_some_and(|ty| matches!(ty.as_str(), "Vec" | "String" | "BytesMut" | "Cursor"))
}

/// `io::stdout().write_all(..)`, `std::io::stderr().lock().flush()`: there is nowhere left to
/// report a failure to write to the terminal.
fn writes_to_terminal(call: &syn::Expr) -> bool {
    let syn::Expr::MethodCall(method) = call else {
        return false;
    };
    match chain_root(&method.receiver) {
        syn::Expr::Call(root) if root.args.is_empty() => matches!(
            peel(&root.func),
            syn::Expr::Path(path) if path_ends_with(&path.path, "stdout") || path_ends_with(&path.path, "stderr")
        ),
        _ => false,
    }
}
