//! `missing-graceful-shutdown`: see `rules/missing-graceful-shutdown.md`.

use crate::rules::prelude::*;
use crate::semantic::serving::{disabled_shutdown, started_server};
use crate::semantic::FileKind;

declare_rule!(MissingGracefulShutdown, "missing-graceful-shutdown");

impl Rule for MissingGracefulShutdown {
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
        if !matches!(cx.file.kind, FileKind::Service | FileKind::Tool)
            || cx.scope.in_test
            || cx.scope.compiled_out
        {
            return;
        }
        match expr {
            syn::Expr::Call(call) => {
                let Some(server) = started_server(&cx.file.imports, call) else {
                    return;
                };
                let graceful = server.graceful.join("`, `.");
                cx.report(
                    cx.span(call),
                    format!("{} server started without a graceful shutdown", server.server),
                )
                .label("in-flight requests are cut off when the process is stopped")
                .help(format!(
                    "drain requests on SIGTERM/Ctrl-C: `.{graceful}(..)` with a future that waits for the signal (`tokio::signal::ctrl_c()`, `signal(SignalKind::terminate())`)"
                ))
                .emit_if(Condition::Not(Box::new(Condition::CrateCallsMethod(
                    server.graceful.clone(),
                ))));
            }
            syn::Expr::MethodCall(call) => {
                let Some(server) = disabled_shutdown(&cx.file.imports, call) else {
                    return;
                };
                let graceful = server.graceful.join("`, `.");
                cx.report(
                    cx.span(&call.method),
                    format!(
                        "`.{}()` switches off {}'s graceful shutdown and nothing stops the server",
                        call.method, server.server
                    ),
                )
                .label("signals no longer stop the server gracefully")
                .help(format!(
                    "keep the default signal handling, or stop the server yourself on the signal through `.{graceful}` (`handle.stop(true)`)"
                ))
                .emit_if(Condition::Not(Box::new(Condition::CrateCallsMethod(
                    server.graceful.clone(),
                ))));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {

    fn assert_counts(cases: &[(usize, &str)]) {
        crate::engine::testing::assert_counts("missing-graceful-shutdown", cases);
    }

    #[test]
    fn servers_without_a_graceful_shutdown_fire() {
        assert_counts(&[
            (
                1,
                r#"pub async fn run(app: axum::Router) { let l = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap(); axum::serve(l, app).await.unwrap(); }"#,
            ),
            (
                1,
                r#"use axum::serve; pub async fn run(l: tokio::net::TcpListener, app: axum::Router) -> std::io::Result<()> { serve(l, app).await }"#,
            ),
            (
                1,
                r#"pub async fn run(routes: warp::filters::BoxedFilter<(String,)>) { warp::serve(routes).run(([0, 0, 0, 0], 3030)).await; }"#,
            ),
            (
                1,
                r#"use poem::{listener::TcpListener, Route, Server}; pub async fn run() -> std::io::Result<()> { Server::new(TcpListener::bind("0.0.0.0:3000")).run(Route::new()).await }"#,
            ),
            (
                1,
                r#"use actix_web::{App, HttpServer}; pub async fn run() -> std::io::Result<()> { HttpServer::new(|| App::new()).disable_signals().bind(("0.0.0.0", 8080))?.run().await }"#,
            ),
        ]);
    }

    #[test]
    fn graceful_servers_and_look_alikes_are_clean() {
        assert_counts(&[
            (
                0,
                r#"pub async fn run(l: tokio::net::TcpListener, app: axum::Router) { axum::serve(l, app).with_graceful_shutdown(async { tokio::signal::ctrl_c().await.ok(); }).await.unwrap(); }"#,
            ),
            (
                0,
                r#"pub async fn run(l: tokio::net::TcpListener, app: axum::Router) { let server = axum::serve(l, app); server.with_graceful_shutdown(shutdown()).await.unwrap(); } async fn shutdown() {}"#,
            ),
            (
                0,
                r#"use actix_web::{App, HttpServer}; pub async fn run() -> std::io::Result<()> { HttpServer::new(|| App::new()).bind(("0.0.0.0", 8080))?.run().await }"#,
            ),
            (
                0,
                r#"use actix_web::{App, HttpServer}; pub async fn run() -> std::io::Result<()> { let server = HttpServer::new(|| App::new()).disable_signals().bind(("0.0.0.0", 8080))?.run(); let handle = server.handle(); tokio::spawn(async move { tokio::signal::ctrl_c().await.ok(); handle.stop(true).await; }); server.await }"#,
            ),
            (
                0,
                r#"pub async fn run(routes: warp::filters::BoxedFilter<(String,)>) { let (_, server) = warp::serve(routes).bind_with_graceful_shutdown(([0, 0, 0, 0], 3030), async { tokio::signal::ctrl_c().await.ok(); }); server.await; }"#,
            ),
            (
                0,
                r#"#[cfg(test)] mod tests { #[tokio::test] async fn serves() { let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(); axum::serve(l, axum::Router::new()).await.unwrap(); } }"#,
            ),
            (
                0,
                r#"pub fn serve(x: u8) -> u8 { x } pub fn f() -> u8 { serve(1) }"#,
            ),
        ]);
    }
}
