//! Rules the engine emits itself: `parse-error` and `unused-suppression`. They have docs and
//! levels like every rule but no node interests.

use crate::rules::prelude::*;

declare_rule!(ParseError, "parse-error");
declare_rule!(UnusedSuppression, "unused-suppression");

impl Rule for ParseError {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }
    fn interests(&self) -> &'static [NodeKind] {
        &[]
    }
    fn check(&self, _node: Node<'_>, _cx: &mut RuleCx<'_>) {}
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }
    fn interests(&self) -> &'static [NodeKind] {
        &[]
    }
    fn check(&self, _node: Node<'_>, _cx: &mut RuleCx<'_>) {}
}
