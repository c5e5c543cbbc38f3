//! `env-in-handler`: see `rules/env-in-handler.md`.

use crate::rules::prelude::*;
use crate::semantic::calls::called_path;
use crate::semantic::models::models;
use crate::semantic::models::performance::any_matches;
use crate::semantic::syntax::peel;
use crate::semantic::FileKind;

declare_rule!(EnvInHandler, "env-in-handler");

const HELP: &str = "read the configuration once at startup (a config struct built in `main`) and hand it to handlers through the application state";

impl Rule for EnvInHandler {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Expr(node_expr @ syn::Expr::Call(call)) = node else {
            return;
        };
        let Some(function) = cx.scope.function else {
            return;
        };
        if cx.file.kind != FileKind::Service || cx.scope.runs_once() {
            return;
        }
        let Some(path) = called_path(cx.file, node_expr) else {
            return;
        };
        let architecture = &models().architecture;
        if !any_matches(&architecture.config_reads, &path) || reads_process_variable(call) {
            return;
        }
        let callee = path[path.len().saturating_sub(2)..].join("::");
        cx.report(
            cx.span(call),
            format!("`{callee}` reads configuration on the request path"),
        )
        .label("read again on every request that reaches it")
        .help(HELP)
        .emit_if(Condition::ServesRequest(function));
    }
}

/// Whether the call reads a variable of the process environment that is not the
/// application's configuration (`env::var_os("https_proxy")`: `process-variables`).
fn reads_process_variable(call: &syn::ExprCall) -> bool {
    let Some(syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(name),
        ..
    })) = call.args.first().map(peel)
    else {
        return false;
    };
    models()
        .architecture
        .process_variables
        .contains(&name.value().to_ascii_uppercase())
}

#[cfg(test)]
mod tests {

    /// Checks each case as a file of a server whose handler is `f`.
    fn assert_counts(cases: &[(usize, &str)]) {
        crate::engine::testing::assert_counts_routed("env-in-handler", cases);
    }

    #[test]
    fn configuration_read_per_request_fires() {
        assert_counts(&[
            (
                1,
                r#"pub async fn f() -> String { std::env::var("GREETING").unwrap_or_default() }"#,
            ),
            (
                1,
                r#"use std::env; fn key() -> Option<String> { env::var("API_KEY").ok() } pub async fn f() -> String { key().unwrap_or_default() }"#,
            ),
            (
                1,
                r#"pub async fn f() -> String { dotenvy::var("GREETING").unwrap_or_default() }"#,
            ),
            (
                1,
                r#"pub async fn f() -> bool { config::Config::builder().build().is_ok() }"#,
            ),
        ]);
    }

    #[test]
    fn process_environment_is_not_configuration() {
        assert_counts(&[
            (
                0,
                r#"pub async fn f() -> String { format!("proxied: {}", std::env::var_os("https_proxy").is_some()) }"#,
            ),
            (
                1,
                r#"pub async fn f() -> String { format!("proxied: {}", std::env::var_os("UPSTREAM_PROXY").is_some()) }"#,
            ),
        ]);
    }

    #[test]
    fn startup_and_once_cells_are_clean() {
        assert_counts(&[
            (
                0,
                r#"static GREETING: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| std::env::var("GREETING").unwrap_or_default()); pub async fn f() -> String { GREETING.clone() }"#,
            ),
            (
                0,
                r#"fn port() -> u16 { std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(3000) } #[tokio::main] async fn main() { let _ = port(); } pub async fn f() -> &'static str { "ok" }"#,
            ),
            (
                0,
                r#"pub async fn f() -> &'static str { env!("CARGO_PKG_VERSION") }"#,
            ),
            (
                0,
                r#"pub fn load() -> Option<String> { std::env::var("X").ok() } pub async fn f() -> &'static str { "ok" }"#,
            ),
            (
                0,
                r#"static CELL: std::sync::OnceLock<String> = std::sync::OnceLock::new(); fn load() -> String { std::env::var("X").unwrap_or_default() } pub async fn f() -> String { CELL.get_or_init(load).clone() }"#,
            ),
        ]);
    }
}
