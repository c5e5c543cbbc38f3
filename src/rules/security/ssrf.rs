//! `ssrf`: see `rules/ssrf.md`.

use crate::rules::prelude::*;
use crate::semantic::models::SinkKind;
use crate::semantic::taint::{report_sink, SinkTexts};

declare_rule!(Ssrf, "ssrf");

impl Rule for Ssrf {
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
        let Some((sink, arg)) = cx.taint().sink_arguments(expr, SinkKind::Url) else {
            return;
        };
        let texts = SinkTexts {
            message: &|sink| format!("request input chooses the URL requested by `{sink}`"),
            label: "outbound URL from request input",
            help: "fix the scheme and host (`format!(\"https://api.example.com/{}\", ..)`) or check the parsed URL's host against an allow-list",
            structural: None,
        };
        report_sink(cx, SinkKind::Url, &sink, arg, &texts, None);
    }
}
