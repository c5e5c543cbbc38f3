//! Calls that create a client, a connection pool or a connection (`[clients]` of
//! `rules/models/performance.toml`): a constructor that creates one by itself
//! (`reqwest::Client::new()`, `redis::Client::open(..)`), a builder finished in the same chain
//! (`Client::builder()..build()`, `PgPoolOptions::new()..connect(url)`), or a pool created from a
//! configuration value (`cfg.create_pool(..)`) in a file importing the pool's crate.

use crate::semantic::models::performance::{any_matches, ClientModels};
use crate::semantic::syntax::{chain_root, peel};

/// The constructor call `expr` creates a client with, and how it is written
/// (`Client::builder`), when `expr` creates one. Paths are resolved with `resolve`;
/// `uses_crate` says whether the file imports from a crate.
pub fn created_client<'a>(
    model: &ClientModels,
    expr: &'a syn::Expr,
    resolve: &dyn Fn(&syn::Path) -> Vec<String>,
    uses_crate: &dyn Fn(&str) -> bool,
) -> Option<(&'a syn::Expr, String)> {
    let called = |call: &syn::Expr| -> Option<Vec<String>> {
        let syn::Expr::Call(call) = peel(call) else {
            return None;
        };
        let syn::Expr::Path(func) = peel(&call.func) else {
            return None;
        };
        Some(resolve(&func.path))
    };
    let written = |path: &[String]| path[path.len().saturating_sub(2)..].join("::");
    match expr {
        syn::Expr::Call(_) => {
            let path = called(expr)?;
            any_matches(&model.functions, &path).then(|| (expr, written(&path)))
        }
        syn::Expr::MethodCall(method) => {
            let name = method.method.to_string();
            if model.finish.contains(&name) {
                let root = chain_root(&method.receiver);
                let path = called(root)?;
                return any_matches(&model.builders, &path).then(|| (root, written(&path)));
            }
            let from_config = model.methods.contains(&name)
                && model.method_crates.iter().any(|krate| uses_crate(krate));
            from_config.then(|| (expr, format!(".{name}(..)")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::models::models;
    use crate::semantic::syntax::segments;

    fn created(code: &str, crates: &[&str]) -> Option<String> {
        let expr: syn::Expr = syn::parse_str(code).unwrap();
        let uses = |krate: &str| crates.contains(&krate);
        created_client(&models().performance.clients, &expr, &segments, &uses)
            .map(|(_, written)| written)
    }

    #[test]
    fn constructors_builders_and_pool_configs() {
        assert_eq!(
            created("reqwest::Client::new()", &[]).as_deref(),
            Some("Client::new")
        );
        assert_eq!(
            created("reqwest::Client::builder().user_agent(UA).build()", &[]).as_deref(),
            Some("Client::builder")
        );
        assert_eq!(
            created(
                "sqlx::postgres::PgPoolOptions::new().max_connections(5).connect(&url)",
                &[]
            )
            .as_deref(),
            Some("PgPoolOptions::new")
        );
        assert_eq!(
            created("redis::Client::open(url)", &[]).as_deref(),
            Some("Client::open")
        );
        assert_eq!(
            created("cfg.create_pool(None, NoTls)", &["deadpool_postgres"]).as_deref(),
            Some(".create_pool(..)")
        );
    }

    #[test]
    fn look_alikes_create_nothing() {
        // A builder not finished here is handed on; the chain that finishes it is judged.
        assert_eq!(
            created("reqwest::Client::builder().user_agent(UA)", &[]),
            None
        );
        // The client, not a new one: a request built on a shared client.
        assert_eq!(created("state.client.get(url).build()", &[]), None);
        assert_eq!(created("Client::new()", &[]), None);
        assert_eq!(created("Client::builder().build()", &[]), None);
        assert_eq!(created("cfg.create_pool(None, NoTls)", &[]), None);
    }
}
