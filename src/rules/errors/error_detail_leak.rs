//! `error-detail-leak`: see `rules/error-detail-leak.md`.

use crate::rules::prelude::*;

declare_rule!(ErrorDetailLeak, "error-detail-leak");

impl Rule for ErrorDetailLeak {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[]
    }

    fn check(&self, _node: Node<'_>, _cx: &mut RuleCx<'_>) {}
}
