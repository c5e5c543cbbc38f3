//! `client-per-request`: see `rules/client-per-request.md`.

use crate::rules::prelude::*;
use crate::semantic::clients::created_client;
use crate::semantic::models::models;
use crate::semantic::FileKind;

declare_rule!(ClientPerRequest, "client-per-request");

const HELP: &str = "create it once at startup (in `main` or the application state's constructor) and share it with handlers through the state: clients and pools are cheap to clone and reuse their connections";

impl Rule for ClientPerRequest {
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
        let Some(function) = cx.scope.function else {
            return;
        };
        if cx.file.kind != FileKind::Service || cx.scope.runs_once() || cx.scope.compiled_out {
            return;
        }
        let file = cx.file;
        let resolve = |path: &syn::Path| file.resolve(path);
        let uses_crate = |krate: &str| file.imports.uses_crate(krate);
        let Some((constructor, written)) =
            created_client(&models().performance.clients, expr, &resolve, &uses_crate)
        else {
            return;
        };
        let at = cx.call_span(constructor);
        cx.report(
            at,
            format!("`{written}` creates a new client or pool on the request path"),
        )
        .label("new connections (and TLS handshakes) on every request that reaches it")
        .help(HELP)
        .emit_if(Condition::ServesRequest(function));
    }
}

#[cfg(test)]
mod tests {

    /// Checks each case as a file of an axum server whose handler is `f`.
    fn assert_counts(cases: &[(usize, &str)]) {
        crate::engine::testing::assert_counts_routed("client-per-request", cases);
    }

    #[test]
    fn clients_and_pools_made_per_request_fire() {
        assert_counts(&[
            (
                1,
                r#"pub async fn f() -> String { reqwest::Client::new().get("https://api.example.com").send().await.unwrap().text().await.unwrap() }"#,
            ),
            (
                1,
                r#"use reqwest::Client; fn client() -> Client { Client::builder().user_agent("x").build().unwrap() } pub async fn f() -> String { let _ = client(); String::new() }"#,
            ),
            (
                1,
                r#"use sqlx::postgres::PgPoolOptions; pub async fn f() -> String { let _pool = PgPoolOptions::new().max_connections(5).connect("postgres://db/app").await; String::new() }"#,
            ),
            (
                1,
                r#"pub async fn f() -> String { let _ = redis::Client::open("redis://cache"); String::new() }"#,
            ),
            (
                1,
                r#"use deadpool_postgres::{Config, Runtime}; pub async fn f(cfg: Config) -> String { let _ = cfg.create_pool(Some(Runtime::Tokio1), tokio_postgres::NoTls); String::new() }"#,
            ),
        ]);
    }

    #[test]
    fn startup_once_cells_and_shared_clients_are_clean() {
        assert_counts(&[
            (
                0,
                r#"pub struct AppState { http: reqwest::Client } impl AppState { pub fn new() -> Self { Self { http: reqwest::Client::new() } } } #[tokio::main] async fn main() { let _ = AppState::new(); } pub async fn f() -> &'static str { "ok" }"#,
            ),
            (
                0,
                r#"static HTTP: std::sync::LazyLock<reqwest::Client> = std::sync::LazyLock::new(reqwest::Client::new); pub async fn f() -> String { let _ = HTTP.get("https://a.example"); String::new() }"#,
            ),
            (
                0,
                r#"static HTTP: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new(); pub async fn f() -> String { let _ = HTTP.get_or_init(|| reqwest::Client::builder().build().unwrap()); String::new() }"#,
            ),
            (
                0,
                r#"pub async fn f(axum::extract::State(http): axum::extract::State<reqwest::Client>) -> String { let _ = http.get("https://a.example").build(); String::new() }"#,
            ),
            (
                0,
                r#"pub async fn f() -> &'static str { "ok" } #[test] fn t() { let _ = reqwest::Client::new(); }"#,
            ),
        ]);
    }
}
