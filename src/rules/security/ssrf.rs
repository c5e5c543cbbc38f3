//! `ssrf`: see `rules/ssrf.md`.

use crate::rules::declare_taint_rule;
use crate::semantic::facts::Condition;
use crate::semantic::models::SinkKind;
use crate::semantic::taint::TaintRule;

const SSRF: TaintRule = TaintRule {
    kind: SinkKind::Url,
    message: |sink, _| format!("request input chooses the URL requested by `{sink}`"),
    label: "outbound URL from request input",
    help: "fix the scheme and host (`format!(\"https://api.example.com/{}\", ..)`) or check the parsed URL's host against an allow-list",
    structural: None,
    extra_sink: None,
    also: Some(|cx| {
        cx.scope
            .function
            .map(|function| Condition::Unguarded(function, SinkKind::Url))
    }),
};

declare_taint_rule!(Ssrf, "ssrf", SSRF);
