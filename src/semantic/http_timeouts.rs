//! Outbound HTTP clients made without a timeout (`[http-clients]` of
//! `rules/models/performance.toml`), judged on a block's builder chains: a client constructor
//! (`reqwest::Client::new()`), a builder finished without a timeout method
//! (`Client::builder()..build()`, also through a local: `let b = Client::builder(); b.build()`);
//! and how the new client is used
//! in the block — only to send requests (inline or through its local), each with or without its
//! own `.timeout(..)`, or kept (stored, handed on, returned).

use crate::semantic::chains::Chain;
use crate::semantic::models::performance::{any_matches, HttpClientModels};
use crate::semantic::syntax::{mentions, peel};

/// A client without a timeout.
pub struct Untimed<'a> {
    /// The call to point at: the constructor or the builder's constructor.
    pub call: &'a syn::Expr,
    /// How the call is written (`Client::builder`).
    pub written: String,
    /// How the block uses the client.
    pub usage: Usage,
}

/// How a block uses a client it made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    /// Only to send requests (inline or through its local), every one with its own timeout.
    TimedRequests,
    /// Only to send requests, some without a timeout.
    UntimedRequests,
    /// Kept beyond the block's requests: stored, handed on, returned, or used otherwise.
    Kept,
}

/// The untimed client `chain` makes, if any. `all` are the
/// chains of the block whose statements are `stmts`; `resolve` resolves paths.
pub fn untimed_client<'a>(
    model: &HttpClientModels,
    chain: &Chain<'a>,
    all: &[Chain<'a>],
    stmts: &'a [syn::Stmt],
    resolve: &dyn Fn(&syn::Path) -> Vec<String>,
) -> Option<Untimed<'a>> {
    let syn::Expr::Call(call) = peel(chain.root) else {
        return None;
    };
    let syn::Expr::Path(func) = peel(&call.func) else {
        return None;
    };
    let path = resolve(&func.path);
    let written = path[path.len().saturating_sub(2)..].join("::");
    let untimed = |usage| {
        Some(Untimed {
            call: chain.root,
            written: written.clone(),
            usage,
        })
    };
    if any_matches(&model.functions, &path) {
        return untimed(usage(model, &chain.methods, chain, all, stmts));
    }
    if !any_matches(&model.builders, &path) {
        return None;
    }
    // The builder's methods up to `finish`, in this chain or in the chains continuing the
    // local the builder is bound to; the chain that finishes it makes the client.
    let mut builder_methods: Vec<&syn::ExprMethodCall> = Vec::new();
    let mut finishing: Option<(&Chain<'a>, usize)> = None;
    for candidate in std::iter::once(chain).chain(chain.continuations(all)) {
        match candidate
            .methods
            .iter()
            .position(|m| model.finish.contains(&m.method.to_string()))
        {
            Some(at) => {
                builder_methods.extend(&candidate.methods[..at]);
                finishing = Some((candidate, at));
                break;
            }
            None => builder_methods.extend(&candidate.methods),
        }
    }
    // A builder not finished here is handed on: where it is finished is judged, not here.
    let (finished, at) = finishing?;
    // Through its local, the builder may pass through code that is no chain
    // (`let b = match t { Some(t) => b.timeout(t), None => b };`): a timeout method named in
    // the statements up to the one that finishes it counts.
    let between = &stmts[(chain.statement + 1).min(finished.statement)..finished.statement];
    let named_between = between.iter().any(|stmt| {
        model
            .timeouts
            .iter()
            .any(|timeout| stmt_mentions(stmt, timeout))
    });
    if named_between
        || builder_methods
            .iter()
            .any(|m| model.timeouts.contains(&m.method.to_string()))
    {
        return None;
    }
    untimed(usage(
        model,
        &finished.methods[at + 1..],
        finished,
        all,
        stmts,
    ))
}

/// How the client made by `chain` is used: `after` are the chain's methods after the client
/// exists.
fn usage<'a>(
    model: &HttpClientModels,
    after: &[&syn::ExprMethodCall],
    chain: &Chain<'a>,
    all: &[Chain<'a>],
    stmts: &'a [syn::Stmt],
) -> Usage {
    if !after.is_empty() {
        return request_usage(model, after).unwrap_or(Usage::Kept);
    }
    let Some(local) = chain.bound_to.as_deref() else {
        return Usage::Kept;
    };
    let mut found = Usage::Kept;
    for (at, stmt) in stmts.iter().enumerate().skip(chain.statement + 1) {
        if !stmt_mentions(stmt, local) {
            continue;
        }
        let requests: Vec<Option<Usage>> = all
            .iter()
            .filter(|c| c.statement == at && c.root_local().as_deref() == Some(local))
            .map(|c| request_usage(model, &c.methods))
            .collect();
        if requests.is_empty() || requests.iter().any(Option::is_none) {
            return Usage::Kept;
        }
        for request in requests.into_iter().flatten() {
            found = match (found, request) {
                (Usage::UntimedRequests, _) | (_, Usage::UntimedRequests) => Usage::UntimedRequests,
                _ => Usage::TimedRequests,
            };
        }
    }
    found
}

/// Whether methods called on a client send a request, and with a timeout of its own.
fn request_usage(model: &HttpClientModels, methods: &[&syn::ExprMethodCall]) -> Option<Usage> {
    let start = methods
        .iter()
        .position(|m| model.request_methods.contains(&m.method.to_string()))?;
    let timed = methods[start + 1..]
        .iter()
        .any(|m| model.timeouts.contains(&m.method.to_string()));
    Some(if timed {
        Usage::TimedRequests
    } else {
        Usage::UntimedRequests
    })
}

fn stmt_mentions(stmt: &syn::Stmt, name: &str) -> bool {
    match stmt {
        syn::Stmt::Local(local) => local
            .init
            .as_ref()
            .is_some_and(|init| mentions(&init.expr, name)),
        syn::Stmt::Expr(expr, _) => mentions(expr, name),
        syn::Stmt::Macro(mac) => {
            crate::semantic::syntax::token_stream_mentions(mac.mac.tokens.clone(), name)
        }
        syn::Stmt::Item(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::chains::block_chains;
    use crate::semantic::models::models;
    use crate::semantic::syntax::segments;

    /// The untimed clients of a block: how each is written and used.
    fn untimed(code: &str) -> Vec<(String, Usage)> {
        let block: syn::Block = syn::parse_str(code).unwrap();
        let chains = block_chains(&block);
        chains
            .iter()
            .filter_map(|chain| {
                untimed_client(
                    &models().performance.http_clients,
                    chain,
                    &chains,
                    &block.stmts,
                    &segments,
                )
            })
            .map(|found| (found.written, found.usage))
            .collect()
    }

    fn one(written: &str, usage: Usage) -> Vec<(String, Usage)> {
        vec![(written.to_string(), usage)]
    }

    #[test]
    fn clients_without_a_timeout() {
        assert_eq!(
            untimed("{ let c = reqwest::Client::new(); Self { c } }"),
            one("Client::new", Usage::Kept)
        );
        assert_eq!(
            untimed("{ reqwest::Client::builder().user_agent(UA).build() }"),
            one("Client::builder", Usage::Kept)
        );
        assert_eq!(
            untimed("{ let b = reqwest::Client::builder().user_agent(UA); let c = b.build()?; c }"),
            one("Client::builder", Usage::Kept)
        );
        assert_eq!(
            untimed("{ let c = reqwest::Client::new(); c.get(a).send().await?; c.post(b).timeout(t).send().await?; }"),
            one("Client::new", Usage::UntimedRequests)
        );
        assert_eq!(
            untimed("{ reqwest::Client::new().get(url).send().await? }"),
            one("Client::new", Usage::UntimedRequests)
        );
    }

    #[test]
    fn timeouts_on_the_client_or_on_every_request() {
        assert!(untimed("{ reqwest::Client::builder().timeout(T).build() }").is_empty());
        assert!(untimed(
            "{ let mut b = reqwest::Client::builder(); b = b.connect_timeout(T); b.build() }"
        )
        .is_empty());
        assert!(untimed("{ ureq::AgentBuilder::new().timeout_read(T).build() }").is_empty());
        assert!(untimed(
            "{ let b = reqwest::Client::builder(); let b = match t { Some(t) => b.timeout(t), None => b }; b.build() }"
        )
        .is_empty());
        assert_eq!(
            untimed("{ let c = reqwest::Client::new(); c.get(a).timeout(t).send().await?; let r = c.post(b).timeout(t).send().await?; r }"),
            one("Client::new", Usage::TimedRequests)
        );
        // A builder handed on is judged where it is finished.
        assert!(untimed("{ reqwest::Client::builder().user_agent(UA) }").is_empty());
        assert!(untimed("{ base(config)?.user_agent(UA).build() }").is_empty());
        // The blocking client has a 30 s default timeout.
        assert!(untimed("{ reqwest::blocking::Client::new() }").is_empty());
    }
}
