//! `path-traversal`: see `rules/path-traversal.md`.

use crate::rules::declare_taint_rule;
use crate::semantic::facts::Condition;
use crate::semantic::models::SinkKind;
use crate::semantic::taint::TaintRule;

const PATH_TRAVERSAL: TaintRule = TaintRule {
    kind: SinkKind::Path,
    message: |sink, _| format!("request input reaches the file-system path of `{sink}`"),
    label: "path built from request input",
    help: "reduce the input to a file name (`Path::file_name`), or `canonicalize` the joined path and check it `starts_with` the base directory",
    structural: None,
    extra_sink: None,
    // A function that checks `starts_with` (after `canonicalize`) or rejects `..` guards its
    // paths; whether it does is known once the whole function was walked.
    also: Some(|cx| {
        cx.scope
            .function
            .map(|function| Condition::Unguarded(function, SinkKind::Path))
    }),
};

declare_taint_rule!(PathTraversal, "path-traversal", PATH_TRAVERSAL);
