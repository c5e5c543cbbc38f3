//! `regex-injection`: see `rules/regex-injection.md`.

use crate::rules::declare_taint_rule;
use crate::semantic::models::SinkKind;
use crate::semantic::taint::TaintRule;

const REGEX_INJECTION: TaintRule = TaintRule {
    kind: SinkKind::Regex,
    message: |sink, _| format!("request input is compiled as a regular expression by `{sink}`"),
    label: "pattern from request input",
    help:
        "escape the input with `regex::escape` to match it literally, or match with `str::contains`",
    structural: None,
    extra_sink: None,
    also: None,
};

declare_taint_rule!(RegexInjection, "regex-injection", REGEX_INJECTION);
