//! `regex-injection`: see `rules/regex-injection.md`.

use crate::rules::prelude::*;
use crate::semantic::models::SinkKind;
use crate::semantic::taint::{report_sink, SinkTexts};

declare_rule!(RegexInjection, "regex-injection");

impl Rule for RegexInjection {
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
        let Some((sink, arg)) = cx.taint().sink_arguments(expr, SinkKind::Regex) else {
            return;
        };
        let texts = SinkTexts {
            message: &|sink| format!("request input is compiled as a regular expression by `{sink}`"),
            label: "pattern from request input",
            help: "escape the input with `regex::escape` to match it literally, or match with `str::contains`",
            structural: None,
        };
        report_sink(cx, SinkKind::Regex, &sink, arg, &texts, None);
    }
}
