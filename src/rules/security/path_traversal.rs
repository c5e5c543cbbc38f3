//! `path-traversal`: see `rules/path-traversal.md`.

use crate::rules::prelude::*;
use crate::semantic::models::SinkKind;
use crate::semantic::taint::{report_sink, SinkTexts};

declare_rule!(PathTraversal, "path-traversal");

impl Rule for PathTraversal {
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
        let Some((sink, arg)) = cx.taint().sink_arguments(expr, SinkKind::Path) else {
            return;
        };
        let texts = SinkTexts {
            message: &|sink| format!("request input reaches the file-system path of `{sink}`"),
            label: "path built from request input",
            help: "reduce the input to a file name (`Path::file_name`), or `canonicalize` the joined path and check it `starts_with` the base directory",
            structural: None,
        };
        // A function that checks `starts_with` (after `canonicalize`) or rejects `..` guards its
        // paths; whether it does is known once the whole function was walked.
        let unguarded = cx.scope.function.map(Condition::PathsUnguarded);
        report_sink(cx, SinkKind::Path, &sink, arg, &texts, unguarded);
    }
}
