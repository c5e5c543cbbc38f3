//! `regex-compiled-per-call`: see `rules/regex-compiled-per-call.md`.

use crate::rules::prelude::*;
use crate::semantic::models::models;
use crate::semantic::models::performance::any_matches;
use crate::semantic::syntax::{is_constant, macro_name, peel};
use crate::semantic::{FileKind, Scope};

declare_rule!(RegexCompiledPerCall, "regex-compiled-per-call");

const HELP: &str = "compile it once: `static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(..).unwrap());` (or `OnceLock`, `once_cell::sync::Lazy`, `lazy_static!`)";

impl Rule for RegexCompiledPerCall {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Expr(syn::Expr::Call(call)) = node else {
            return;
        };
        let Some(function) = cx.scope.function else {
            return;
        };
        if cx.file.kind != FileKind::Service || cx.scope.runs_once() {
            return;
        }
        let syn::Expr::Path(func) = peel(&call.func) else {
            return;
        };
        let path = cx.file.resolve(&func.path);
        if !any_matches(&models().performance.regex_constructors, &path) {
            return;
        }
        let Some(pattern) = call.args.first() else {
            return;
        };
        if !is_constant_pattern(cx.scope, pattern) {
            return;
        }
        let constructor = path[path.len().saturating_sub(2)..].join("::");
        let in_loop = cx.scope.loop_depth > 0;
        let (message, label) = if in_loop {
            (
                format!("`{constructor}` compiles a constant pattern on every iteration"),
                "compiled again each time round the loop",
            )
        } else {
            (
                format!("`{constructor}` compiles a constant pattern on every call"),
                "compiled again each time the function runs",
            )
        };
        let at = cx.span(call);
        let finding = cx.report(at, message).label(label).help(HELP);
        if in_loop {
            finding.emit();
        } else {
            finding.emit_if(Condition::Any(vec![
                Condition::InRequestPath(function),
                Condition::ServesRequest(function),
            ]));
        }
    }
}

/// A pattern fixed at compile time: a literal, a constant, `concat!` of literals, an array of
/// those (`RegexSet::new([..])`), or an immutable local bound to one.
fn is_constant_pattern(scope: &Scope, pattern: &syn::Expr) -> bool {
    match peel(pattern) {
        syn::Expr::Reference(reference) => is_constant_pattern(scope, &reference.expr),
        syn::Expr::Macro(mac) => macro_name(&mac.mac) == "concat",
        syn::Expr::Path(path) if path.path.get_ident().is_some() => {
            let name = path.path.segments[0].ident.to_string();
            scope.is_constant_local(&name) || is_constant(pattern)
        }
        syn::Expr::Array(array) => array.elems.iter().all(|e| is_constant_pattern(scope, e)),
        other => is_constant(other),
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::count_findings;

    /// How many times the rule fires on `items` in a server file whose handler `handler` is
    /// routed.
    fn fired(items: &str) -> usize {
        let code = format!(
            "use axum::{{routing::get, Router}};\nuse regex::Regex;\n{items}\npub fn app() -> Router {{ Router::new().route(\"/\", get(handler)) }}\n"
        );
        count_findings("regex-compiled-per-call", &code)
    }

    fn assert_counts(cases: &[(usize, &str)]) {
        for (expected, items) in cases {
            assert_eq!(fired(items), *expected, "{items}");
        }
    }

    #[test]
    fn constant_patterns_on_the_request_path_fire() {
        assert_counts(&[
            (
                1,
                r#"async fn handler() -> String { valid("a").to_string() } fn valid(s: &str) -> bool { Regex::new(r"^[a-z]+$").unwrap().is_match(s) }"#,
            ),
            (
                1,
                r#"const P: &str = "^a$"; async fn handler() -> String { regex::RegexBuilder::new(P).case_insensitive(true).build().is_ok().to_string() }"#,
            ),
            (
                1,
                r#"async fn handler() -> String { let p = "^a$"; Regex::new(p).is_ok().to_string() }"#,
            ),
            (
                1,
                r#"async fn handler() -> String { regex::RegexSet::new(["a", "b"]).is_ok().to_string() }"#,
            ),
            (
                1,
                r#"async fn handler() -> String { fancy_regex::Regex::new(concat!("^", "a")).is_ok().to_string() }"#,
            ),
        ]);
    }

    #[test]
    fn a_loop_fires_anywhere_but_once_per_process_code() {
        assert_counts(&[
            (
                1,
                r#"async fn handler() -> &'static str { "ok" } pub fn scan(lines: &[String]) -> usize { let mut n = 0; for l in lines { if Regex::new("x+").unwrap().is_match(l) { n += 1 } } n }"#,
            ),
            (
                0,
                r#"async fn handler() -> &'static str { "ok" } pub fn scan(s: &str) -> bool { Regex::new("x+").unwrap().is_match(s) }"#,
            ),
            (
                0,
                r#"async fn handler() -> String { RE.is_match("a").to_string() } static RE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| Regex::new("^a$").unwrap());"#,
            ),
            (
                0,
                r#"async fn handler() -> String { re().is_match("a").to_string() } fn re() -> &'static Regex { static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new(); RE.get_or_init(|| Regex::new("^a$").unwrap()) }"#,
            ),
            (
                0,
                r#"async fn handler() -> &'static str { "ok" } #[test] fn t() { for _ in 0..3 { Regex::new("a").unwrap(); } }"#,
            ),
            (
                0,
                r#"async fn handler() -> &'static str { "ok" } fn main() { for _ in 0..3 { Regex::new("a").unwrap(); } }"#,
            ),
        ]);
    }

    #[test]
    fn request_chosen_patterns_are_another_rule() {
        assert_counts(&[
            (
                0,
                r#"async fn handler(axum::extract::Query(q): axum::extract::Query<String>) -> String { Regex::new(&q).is_ok().to_string() }"#,
            ),
            (
                0,
                r#"async fn handler() -> String { let p = format!("^{}$", std::process::id()); Regex::new(&p).is_ok().to_string() }"#,
            ),
            (
                0,
                r#"struct Regex2; impl Regex2 { fn new(_: &str) -> Self { Regex2 } } async fn handler() -> &'static str { Regex2::new("a"); "ok" }"#,
            ),
        ]);
    }
}
