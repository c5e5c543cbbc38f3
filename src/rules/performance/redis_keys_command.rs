//! `redis-keys-command`: see `rules/redis-keys-command.md`.

use crate::rules::prelude::*;
use crate::semantic::calls::{called_path, chain_starts_at, is_call_of};
use crate::semantic::models::models;
use crate::semantic::models::performance::{any_matches, RedisModels};
use crate::semantic::syntax::{literal_text, peel};
use crate::semantic::FileModel;

declare_rule!(RedisKeysCommand, "redis-keys-command");

const MESSAGE: &str = "redis `KEYS` walks the whole keyspace and blocks the server while it does";
const LABEL: &str = "`KEYS` is O(N) in the number of keys";
const HELP: &str =
    "iterate with `SCAN` (`scan_match(pattern)`, `redis::cmd(\"SCAN\")` with a cursor), or keep the keys in a set";

impl Rule for RedisKeysCommand {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr, NodeKind::Macro]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        if cx.scope.in_test {
            return;
        }
        let redis = &models().performance.redis;
        let at = match node {
            Node::Expr(node_expr @ syn::Expr::Call(call)) => {
                let Some(path) = called_path(cx.file, node_expr) else {
                    return;
                };
                let names_keys = || call.args.first().is_some_and(|arg| names_keys(redis, arg));
                if any_matches(&redis.keys_functions, &path)
                    || (any_matches(&redis.command_functions, &path) && names_keys())
                {
                    cx.span(call)
                } else {
                    return;
                }
            }
            Node::Expr(syn::Expr::MethodCall(call)) => {
                let one_argument = call.args.len() == 1;
                let method = cx
                    .span_of(call.method.span())
                    .to(cx.span_of(call.paren_token.span.join()));
                if one_argument
                    && call.method == "arg"
                    && names_keys(redis, &call.args[0])
                    && is_call_of(cx.file, &call.receiver, &redis.empty_commands)
                {
                    cx.span(&call.receiver).to(method)
                } else if one_argument
                    && call.method == redis.keys_method.as_str()
                    && (imports_command_traits(cx.file, redis)
                        || chain_starts_at(cx.file, &call.receiver, &redis.pipelines))
                {
                    method
                } else {
                    return;
                }
            }
            Node::Macro(mac) => {
                let path = cx.file.resolve(&mac.path);
                let first = mac
                    .parse_body_with(
                        syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
                    )
                    .ok()
                    .and_then(|args| args.into_iter().next());
                if any_matches(&redis.command_macros, &path)
                    && first.is_some_and(|arg| names_keys(redis, &arg))
                {
                    cx.span(&mac.path)
                        .to(cx.span_of(mac.delimiter.span().join()))
                } else {
                    return;
                }
            }
            _ => return,
        };
        cx.report(at, MESSAGE).label(LABEL).help(HELP).emit();
    }
}

/// A string literal naming a keyspace-walking command (`"KEYS"`, `"keys"`).
fn names_keys(redis: &RedisModels, arg: &syn::Expr) -> bool {
    literal_text(peel(arg)).is_some_and(|text| redis.commands.contains(&text.to_uppercase()))
}

/// The file imports redis's command traits (by name, as `_`, or through a glob), which a
/// connection's `.keys(pattern)` needs in scope.
fn imports_command_traits(file: &FileModel<'_>, redis: &RedisModels) -> bool {
    file.imports
        .imports_any(&redis.command_traits, &redis.command_trait_globs)
}

#[cfg(test)]
mod tests {

    fn assert_counts(cases: &[(usize, &str)]) {
        crate::engine::testing::assert_counts("redis-keys-command", cases);
    }

    #[test]
    fn raw_keys_commands_fire() {
        assert_counts(&[
            (
                1,
                r#"async fn f(c: &mut redis::aio::MultiplexedConnection) { let _: Vec<String> = redis::cmd("KEYS").arg("s:*").query_async(c).await.unwrap(); }"#,
            ),
            (
                1,
                r#"use deadpool_redis::redis::cmd; async fn f() { let _ = cmd("keys").arg("s:*"); }"#,
            ),
            (
                1,
                r#"fn f() { let _ = redis::Cmd::new().arg("KEYS").arg("s:*"); }"#,
            ),
            (1, r#"fn f() { let _ = redis::Cmd::keys("s:*"); }"#),
            (
                1,
                r#"use fred::prelude::*; async fn f(c: &Client) { let _: Vec<String> = c.custom(fred::cmd!("KEYS"), vec!["s:*"]).await.unwrap(); }"#,
            ),
            (
                0,
                r#"async fn f(c: &mut redis::aio::MultiplexedConnection) { let _: Vec<String> = redis::cmd("SCAN").arg(0).query_async(c).await.unwrap(); }"#,
            ),
            (
                0,
                r#"fn f() { let _ = redis::Cmd::new().arg("GET").arg("KEYS"); }"#,
            ),
            (0, r#"fn cmd(_: &str) {} fn f() { cmd("KEYS"); }"#),
        ]);
    }

    #[test]
    fn keys_methods_fire_on_redis_receivers_only() {
        assert_counts(&[
            (
                1,
                r#"use redis::AsyncCommands; async fn f(c: &mut redis::aio::ConnectionManager) { let _: Vec<String> = c.keys("s:*").await.unwrap(); }"#,
            ),
            (
                1,
                r#"use redis::AsyncCommands as _; async fn f(c: &mut redis::aio::ConnectionManager) { let _: Vec<String> = c.keys("s:*").await.unwrap(); }"#,
            ),
            (
                1,
                r#"use deadpool_redis::redis::*; fn f(c: &mut Connection) { let _: Vec<String> = c.keys("s:*").unwrap(); }"#,
            ),
            (
                1,
                r#"fn f() { let _ = redis::pipe().del("a").keys("s:*"); }"#,
            ),
            (
                0,
                r#"use redis::AsyncCommands; use std::collections::HashMap; fn f(m: &HashMap<String, u8>) -> usize { m.keys().count() }"#,
            ),
            (
                0,
                r#"fn f(v: &serde_json::Map<String, serde_json::Value>) -> usize { v.keys().count() }"#,
            ),
            (
                0,
                r#"struct Store; impl Store { fn keys(&self, _p: &str) -> Vec<String> { vec![] } } fn f(s: &Store) { s.keys("s:*"); }"#,
            ),
            (
                0,
                r#"use redis::AsyncCommands; #[cfg(test)] mod tests { async fn t(c: &mut redis::aio::ConnectionManager) { let _: Vec<String> = c.keys("*").await.unwrap(); } }"#,
            ),
        ]);
    }
}
