//! `panic-in-request-path`: see `rules/panic-in-request-path.md`.

use crate::rules::prelude::*;

declare_rule!(PanicInRequestPath, "panic-in-request-path");

impl Rule for PanicInRequestPath {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[]
    }

    fn check(&self, _node: Node<'_>, _cx: &mut RuleCx<'_>) {}
}
