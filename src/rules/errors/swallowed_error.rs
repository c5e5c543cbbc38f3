//! `swallowed-error`: see `rules/swallowed-error.md`.

use crate::rules::prelude::*;

declare_rule!(SwallowedError, "swallowed-error");

impl Rule for SwallowedError {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[]
    }

    fn check(&self, _node: Node<'_>, _cx: &mut RuleCx<'_>) {}
}
