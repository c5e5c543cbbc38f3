//! `http-client-without-timeout`: see `rules/http-client-without-timeout.md`.

use crate::rules::prelude::*;
use crate::semantic::calls::called_path;
use crate::semantic::chains::block_chains;
use crate::semantic::http_timeouts::{untimed_client, Usage};
use crate::semantic::models::models;
use crate::semantic::models::performance::any_matches;
use crate::semantic::FileKind;

declare_rule!(HttpClientWithoutTimeout, "http-client-without-timeout");

const HELP: &str = "give the client a timeout when it is built (`.timeout(Duration::from_secs(..))`, and `.connect_timeout(..)`), or set one on every request (`.timeout(..)` on the request builder)";

impl Rule for HttpClientWithoutTimeout {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Block, NodeKind::Expr]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        if cx.file.kind != FileKind::Service
            || cx.scope.in_test
            || cx.scope.compiled_out
            || cx.scope.in_cli_module()
        {
            return;
        }
        let model = &models().performance.http_clients;
        let file = cx.file;
        let block = match node {
            Node::Block(block) => block,
            // `reqwest::get(url)`: a request through a default client, which takes no timeout.
            // Once per process (`main`, a once-cell) it is a startup probe.
            Node::Expr(expr @ syn::Expr::Call(_)) if !cx.scope.runs_once() => {
                if called_path(file, expr).is_some_and(|path| any_matches(&model.requests, &path)) {
                    let at = cx.call_span(expr);
                    let condition = unbounded(cx, false);
                    cx.report(
                        at,
                        "`reqwest::get` sends a request through a client without a timeout",
                    )
                    .label("a peer that stops answering holds this call forever")
                    .help(HELP)
                    .emit_if(condition);
                }
                return;
            }
            _ => return,
        };
        let resolve = |path: &syn::Path| file.resolve(path);
        let chains = block_chains(block);
        for chain in &chains {
            let Some(found) = untimed_client(model, chain, &chains, &block.stmts, &resolve) else {
                continue;
            };
            // Every request made with the client sets its own timeout.
            if found.usage == Usage::TimedRequests {
                continue;
            }
            // Code that runs once (`main`, a once-cell's initialiser) using a client for a
            // few requests and dropping it is a startup probe, not the server's traffic.
            if cx.scope.runs_once() && found.usage != Usage::Kept {
                continue;
            }
            let at = cx.call_span(found.call);
            let condition = unbounded(cx, found.usage == Usage::Kept);
            cx.report(
                at,
                format!(
                    "`{}` builds an HTTP client without a timeout",
                    found.written
                ),
            )
            .label("every request made with it can wait forever for a peer that stops answering")
            .help(HELP)
            .emit_if(condition);
        }
    }
}

/// In a server crate, and not on the request path of a crate whose middleware ends every
/// request after a time (`TimeoutLayer`), which cuts the client off with the request.
/// `escapes`: the client outlives the function (kept in a value it returns or stores), so a
/// timeout around the function's future does not bound the requests made with it later.
fn unbounded(cx: &RuleCx<'_>, escapes: bool) -> Condition {
    let Some(function) = cx.scope.function else {
        return Condition::ServerCrate;
    };
    let layers = models()
        .performance
        .http_clients
        .request_timeout_layers
        .clone();
    let mut conditions = vec![
        Condition::ServerCrate,
        Condition::Not(Box::new(Condition::All(vec![
            Condition::InRequestPath(function),
            Condition::CrateCallsFunction(layers),
        ]))),
    ];
    if !escapes {
        // Every caller hands the function's future to a timeout.
        conditions.push(Condition::Not(Box::new(Condition::CallersBoundItsWait(
            function,
        ))));
    }
    Condition::All(conditions)
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::count_findings;

    /// Checks each case as a file of an axum server whose handler is `f`.
    fn assert_counts(cases: &[(usize, &str)]) {
        crate::engine::testing::assert_counts_routed("http-client-without-timeout", cases);
    }

    #[test]
    fn clients_without_timeouts_fire() {
        assert_counts(&[
            (
                1,
                r#"pub struct State { http: reqwest::Client } pub fn state() -> State { State { http: reqwest::Client::new() } } pub async fn f() -> &'static str { "ok" }"#,
            ),
            (
                1,
                r#"#[tokio::main] async fn main() { let http = reqwest::Client::builder().user_agent("x").build().unwrap(); serve(http).await } async fn serve(_: reqwest::Client) {} pub async fn f() -> &'static str { "ok" }"#,
            ),
            (
                1,
                r#"pub async fn f() -> String { reqwest::get("https://a.example").await.unwrap().text().await.unwrap() }"#,
            ),
            (
                1,
                r#"pub async fn f() -> String { let c = ureq::AgentBuilder::new().user_agent("x").build(); let _ = c; String::new() }"#,
            ),
        ]);
    }

    #[test]
    fn timeouts_probes_tests_and_non_servers_are_clean() {
        assert_counts(&[
            (
                0,
                r#"pub fn http() -> reqwest::Client { reqwest::Client::builder().timeout(std::time::Duration::from_secs(5)).build().unwrap() } pub async fn f() -> &'static str { "ok" }"#,
            ),
            (
                0,
                r#"pub async fn f() -> String { let c = reqwest::Client::new(); c.get("https://a.example").timeout(std::time::Duration::from_secs(2)).send().await.map(|_| String::new()).unwrap_or_default() }"#,
            ),
            (
                0,
                r#"#[tokio::main] async fn main() { let _ = reqwest::get("https://a.example/health").await; } pub async fn f() -> &'static str { "ok" }"#,
            ),
            (
                0,
                r#"pub async fn f() -> &'static str { "ok" } #[test] fn t() { let _ = reqwest::Client::new(); }"#,
            ),
        ]);
        let library = r#"pub fn http() -> reqwest::Client { reqwest::Client::new() }"#;
        assert_eq!(count_findings("http-client-without-timeout", library), 0);
    }

    #[test]
    fn a_timeout_around_a_function_does_not_bound_the_client_it_returns() {
        assert_counts(&[(
            1,
            r#"pub struct Api { http: reqwest::Client } async fn connect() -> Api { let http = reqwest::Client::new(); Api { http } } pub async fn f() -> &'static str { let _ = tokio::time::timeout(std::time::Duration::from_secs(3), connect()).await; "ok" }"#,
        )]);
    }

    #[test]
    fn a_function_every_caller_bounds_with_a_timeout_cannot_wait_forever() {
        let check = r#"async fn check(host: &str) -> bool { reqwest::get(format!("http://{host}/health")).await.is_ok() }"#;
        assert_counts(&[
            (
                0,
                &format!(
                    r#"{check} use tokio::time::timeout; pub async fn f() -> &'static str {{ let _ = timeout(std::time::Duration::from_secs(3), check("a")).await; "ok" }}"#
                ),
            ),
            (
                0,
                &format!(
                    r#"{check} pub async fn f() -> &'static str {{ let (_a, _b) = tokio::join!(tokio::time::timeout(std::time::Duration::from_secs(3), check("a")), tokio::time::timeout(std::time::Duration::from_secs(3), check("b"))); "ok" }}"#
                ),
            ),
            // One caller awaits it without a bound; nobody calls it at all.
            (
                1,
                &format!(
                    r#"{check} pub async fn f() -> &'static str {{ let _ = tokio::time::timeout(std::time::Duration::from_secs(3), check("a")).await; let _ = check("b").await; "ok" }}"#
                ),
            ),
            (
                1,
                &format!(r#"{check} pub async fn f() -> &'static str {{ "ok" }}"#),
            ),
        ]);
    }
}
