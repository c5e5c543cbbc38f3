//! `discarded-result`: see `rules/discarded-result.md`.

use crate::rules::prelude::*;

declare_rule!(DiscardedResult, "discarded-result");

impl Rule for DiscardedResult {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[]
    }

    fn check(&self, _node: Node<'_>, _cx: &mut RuleCx<'_>) {}
}
