//! `unwrap-in-request-path`: see `rules/unwrap-in-request-path.md`.

use crate::rules::prelude::*;

declare_rule!(UnwrapInRequestPath, "unwrap-in-request-path");

impl Rule for UnwrapInRequestPath {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[]
    }

    fn check(&self, _node: Node<'_>, _cx: &mut RuleCx<'_>) {}
}
