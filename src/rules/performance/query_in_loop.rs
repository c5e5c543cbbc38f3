//! `query-in-loop`: see `rules/query-in-loop.md`.

use crate::rules::prelude::*;
use crate::semantic::queries::query_call;
use crate::semantic::FileKind;

declare_rule!(QueryInLoop, "query-in-loop");

/// The help line of a loop calling a crate function that queries.
const CALLEE_HELP: &str = "give the function all the items at once and let it send one query (`WHERE id = ANY($1)`, `IN (..)` with `push_bind`, diesel `eq_any`, sea-orm `is_in`)";

impl Rule for QueryInLoop {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Expr(expr) = node else {
            return;
        };
        if cx.scope.item_loops == 0
            || cx.scope.function.is_none()
            || matches!(cx.file.kind, FileKind::Test | FileKind::BuildScript)
            || cx.scope.in_test
            || cx.scope.in_const
            || cx.scope.in_once_init
        {
            return;
        }
        let at = cx.span(expr);
        if let Some(query) = query_call(cx.file, cx.scope, expr) {
            cx.report(
                at,
                format!(
                    "`{}` sends {} once per item (N+1 queries)",
                    query.callee, query.what
                ),
            )
            .label("one round trip per iteration")
            .help(query.fix)
            .emit();
            return;
        }
        let Some(callee) = cx.file.call_ref(expr, cx.scope) else {
            return;
        };
        let name = match expr {
            syn::Expr::MethodCall(call) => format!(".{}(..)", call.method),
            _ => crate::semantic::syntax::callee_text(expr).unwrap_or_default(),
        };
        cx.report(
            at,
            format!("`{name}` queries the database once per item (N+1 queries)"),
        )
        .label("a function that sends a query, called per iteration")
        .help(CALLEE_HELP)
        .emit_if(Condition::CalleeQueries(callee));
    }
}
