//! `cleartext-transport`: see `rules/cleartext-transport.md`.

use crate::rules::prelude::*;
use crate::semantic::cleartext::{cleartext_destination, connect_argument};
use crate::semantic::models::SinkKind;
use crate::semantic::FileKind;

declare_rule!(CleartextTransport, "cleartext-transport");

impl Rule for CleartextTransport {
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
        if !matches!(expr, syn::Expr::Call(_) | syn::Expr::MethodCall(_))
            || cx.scope.in_test
            || cx.scope.compiled_out
            || matches!(cx.file.kind, FileKind::Test | FileKind::BuildScript)
        {
            return;
        }
        let Some(arg) = cx
            .taint()
            .sink_arguments(expr, SinkKind::Url)
            .map(|(_, arg)| arg)
            .or_else(|| connect_argument(cx.file, expr))
        else {
            return;
        };
        let Some(found) = cleartext_destination(cx.file, cx.scope, arg) else {
            return;
        };
        let (scheme, host) = (&found.url.scheme, &found.url.host);
        let message = if found.connection {
            format!("`{scheme}://` connection to `{host}` sends its password and data unencrypted")
        } else {
            format!("`{scheme}://` request to `{host}` crosses the network unencrypted")
        };
        let label = match &found.through {
            Some(name) => format!("`{name}` holds a `{scheme}://` URL to a remote host"),
            None => "no TLS on this connection".to_string(),
        };
        let at = cx.span_of(found.at);
        cx.report(at, message)
            .label(label)
            .help(format!("connect with TLS (`{scheme}s://`, or the client's TLS option): anyone on the network path can read and change this traffic, tokens and credentials included"))
            .emit();
    }
}

#[cfg(test)]
mod tests {

    fn assert_counts(cases: &[(usize, &str)]) {
        crate::engine::testing::assert_counts("cleartext-transport", cases);
    }

    #[test]
    fn destinations_in_the_clear() {
        assert_counts(&[
            (
                1,
                r#"pub async fn f(client: &reqwest::Client) { let _r = client.get("http://api.acme.io/v1").send().await; }"#,
            ),
            (
                1,
                r#"pub async fn f() { let _r = reqwest::get(String::from("http://api.acme.io/v1")).await; }"#,
            ),
            (
                1,
                r#"pub async fn f(client: &reqwest::Client, id: u32) { let _r = client.get(format!("http://api.acme.io/v1/{id}")).send().await; }"#,
            ),
            (
                1,
                r#"const BASE: &str = "http://api.acme.io"; pub async fn f(client: &reqwest::Client) { let _r = client.get(format!("{}/v1", BASE)).send().await; }"#,
            ),
            (
                1,
                r#"pub async fn f(client: &reqwest::Client) { let url = "http://api.acme.io/v1"; let _r = client.get(url).send().await; }"#,
            ),
            (
                1,
                r#"pub fn f() { let _c = redis::Client::open("redis://:pw@cache.acme.io:6379"); }"#,
            ),
            (
                1,
                r#"pub async fn f() { let _s = tokio_tungstenite::connect_async("ws://feed.acme.io/live").await; }"#,
            ),
        ]);
    }

    #[test]
    fn local_encrypted_and_unknown_destinations_are_silent() {
        assert_counts(&[
            (
                0,
                r#"pub async fn f(client: &reqwest::Client) { let _r = client.get("https://api.acme.io/v1").send().await; }"#,
            ),
            (
                0,
                r#"pub async fn f(client: &reqwest::Client) { let _r = client.get("http://localhost:8080/v1").send().await; }"#,
            ),
            (
                0,
                r#"pub async fn f(client: &reqwest::Client) { let _r = client.get("http://billing:8080/v1").send().await; }"#,
            ),
            (
                0,
                r#"pub async fn f(client: &reqwest::Client) { let _r = client.get("http://api.example.org/v1").send().await; }"#,
            ),
            (
                0,
                r#"pub async fn f(client: &reqwest::Client, host: &str) { let _r = client.get(format!("http://{host}/v1")).send().await; }"#,
            ),
            (
                0,
                r#"pub fn f() { let _c = redis::Client::open("redis://cache.acme.io:6379"); }"#,
            ),
            (
                0,
                r#"pub fn f() -> String { format!("see http://docs.acme.io/help") }"#,
            ),
            (
                0,
                r#"#[cfg(test)] mod tests { #[tokio::test] async fn t() { let _r = reqwest::get("http://api.acme.io").await; } }"#,
            ),
        ]);
    }
}
