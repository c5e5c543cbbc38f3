//! `uncontrolled-allocation`: see `rules/uncontrolled-allocation.md`.

use crate::rules::prelude::*;
use crate::semantic::models::SinkKind;
use crate::semantic::syntax::vec_repeat_count;
use crate::semantic::taint::{report_sink, SinkTexts};

declare_rule!(UncontrolledAllocation, "uncontrolled-allocation");

const TEXTS: SinkTexts<'static> = SinkTexts {
    message: &|sink| format!("a request-controlled size reaches `{sink}`"),
    label: "size from request input",
    help: "bound the size first (`n.min(MAX_ITEMS)`, or reject requests above a limit)",
    structural: None,
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
                let Some((sink, arg)) = cx.taint().sink_arguments(expr, SinkKind::Allocation)
                else {
                    return;
                };
                if !cx.taint().env.is_bounded(arg) {
                    report_sink(cx, SinkKind::Allocation, &sink, arg, &TEXTS, None);
                }
            }
            // `vec![elem; n]`
            Node::Macro(mac) => {
                let Some(count) = vec_repeat_count(mac) else {
                    return;
                };
                if !cx.taint().env.is_bounded(&count) {
                    report_sink(cx, SinkKind::Allocation, "vec!", &count, &TEXTS, None);
                }
            }
            _ => {}
        }
    }
}
