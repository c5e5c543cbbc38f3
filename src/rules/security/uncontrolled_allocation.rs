//! `uncontrolled-allocation`: see `rules/uncontrolled-allocation.md`.

use crate::rules::prelude::*;
use crate::semantic::models::SinkKind;
use crate::semantic::syntax::vec_repeat_count;
use crate::semantic::taint::TaintRule;

declare_rule!(UncontrolledAllocation, "uncontrolled-allocation");

const ALLOCATION: TaintRule = TaintRule {
    kind: SinkKind::Allocation,
    message: |sink, _| format!("a request-controlled size reaches `{sink}`"),
    label: "size from request input",
    help: "bound the size first (`n.min(MAX_ITEMS)`, or reject requests above a limit)",
    structural: None,
    extra_sink: None,
    also: None,
};

impl Rule for UncontrolledAllocation {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr, NodeKind::Macro]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        match node {
            Node::Expr(expr) => {
                let Some((sink, arg)) = ALLOCATION.sink(expr, cx) else {
                    return;
                };
                if !cx.taint().env.is_bounded(arg) {
                    ALLOCATION.report(cx, &sink, expr, arg);
                }
            }
            // `vec![elem; n]`
            Node::Macro(mac) => {
                let Some(count) = vec_repeat_count(mac) else {
                    return;
                };
                if !cx.taint().env.is_bounded(&count) {
                    ALLOCATION.report(cx, "vec!", &count, &count);
                }
            }
            _ => {}
        }
    }
}
