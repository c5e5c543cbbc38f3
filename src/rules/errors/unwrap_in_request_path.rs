//! `unwrap-in-request-path`: see `rules/unwrap-in-request-path.md`.

use crate::rules::prelude::*;
use crate::semantic::syntax::{is_constant, peel};

declare_rule!(UnwrapInRequestPath, "unwrap-in-request-path");

impl Rule for UnwrapInRequestPath {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Expr(syn::Expr::MethodCall(call)) = node else {
            return;
        };
        let method = call.method.to_string();
        if !matches!(method.as_str(), "unwrap" | "expect") || call.turbofish.is_some() {
            return;
        }
        let expected_args = usize::from(method == "expect");
        if call.args.len() != expected_args || !cx.scope.is_production() {
            return;
        }
        let Some(function) = cx.scope.function else {
            return;
        };
        if is_infallible_in_practice(&call.receiver) {
            return;
        }
        let at = cx
            .span(&call.method)
            .to(cx.span_of(call.paren_token.span.join()));
        cx.report(at, format!("`.{method}()` can panic while serving a request"))
            .label("panics on `Err`/`None` and drops the connection")
            .help("return the error with `?` and map it to a response (for example with `IntoResponse` or `ResponseError`)")
            .emit_if(Condition::InRequestPath(function));
    }
}

/// Receivers that only fail on a programming error, not on input: calls on literals and
/// constants only (`"127.0.0.1:8080".parse()`, `Regex::new(PATTERN)`,
/// `HeaderValue::from_str("text/html")`), and lock acquisition (`.lock()`, `.read()`,
/// `.write()` without arguments), which fails only if another thread panicked.
fn is_infallible_in_practice(receiver: &syn::Expr) -> bool {
    match peel(receiver) {
        syn::Expr::MethodCall(call) => {
            let lock = matches!(call.method.to_string().as_str(), "lock" | "read" | "write")
                && call.args.is_empty();
            lock || (is_constant(&call.receiver) && call.args.iter().all(is_constant))
        }
        syn::Expr::Call(call) => !call.args.is_empty() && call.args.iter().all(is_constant),
        _ => false,
    }
}
