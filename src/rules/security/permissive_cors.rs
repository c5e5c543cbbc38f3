//! `permissive-cors`: see `rules/permissive-cors.md`.

use crate::rules::prelude::*;
use crate::semantic::chains::{block_chains, Chain};
use crate::semantic::insecure_api::{insecure_call, insecure_fields};
use crate::semantic::models::models;
use crate::semantic::models::security::matches_any;
use crate::semantic::syntax::peel;

declare_rule!(PermissiveCors, "permissive-cors");

const ID: &str = "permissive-cors";

const CREDENTIALS_NOTE: &str =
    "with credentials allowed, any web site the user visits can make authenticated requests and read the answers";

impl Rule for PermissiveCors {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Block, NodeKind::Expr]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        if cx.in_non_production_code() {
            return;
        }
        match node {
            Node::Block(block) => {
                let chains = block_chains(block);
                for chain in &chains {
                    check_chain(cx, block, chain, &chains);
                }
            }
            // `CorsOptions { send_wildcard: true, .. }`
            Node::Expr(expr @ syn::Expr::Struct(_)) => {
                for setting in insecure_fields(expr, ID) {
                    let at = cx.span_of(setting.at);
                    cx.report(
                        at,
                        format!("`{}: true` {}", setting.field, setting.model.what),
                    )
                    .help(setting.model.fix.as_str())
                    .emit();
                }
            }
            _ => {}
        }
    }
}

fn check_chain(cx: &mut RuleCx<'_>, block: &syn::Block, chain: &Chain<'_>, all: &[Chain<'_>]) {
    let cors = &models().security.cors;
    let mut calls: Vec<syn::Expr> = Vec::new();
    if matches!(peel(chain.root), syn::Expr::Call(_)) {
        calls.push(peel(chain.root).clone());
    }
    calls.extend(
        chain
            .methods
            .iter()
            .map(|m| syn::Expr::MethodCall((*m).clone())),
    );
    let continued: Vec<&Chain<'_>> = chain.continuations(all).collect();
    let methods_of_value = || {
        chain
            .methods
            .iter()
            .chain(continued.iter().flat_map(|c| c.methods.iter()))
            .copied()
    };
    let credentials = || {
        methods_of_value().any(|m| {
            cors.credentials.contains(&m.method.to_string())
                && match m.args.first().map(peel) {
                    None => true,
                    Some(syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Bool(b),
                        ..
                    })) => b.value,
                    Some(_) => false,
                }
        }) || statement_allows_credentials(&block.stmts[chain.statement])
    };
    for call in &calls {
        let Some(found) = insecure_call(cx.file, call, ID) else {
            continue;
        };
        let credentialed = matches!(call, syn::Expr::Call(constructor)
            if matches!(peel(&constructor.func), syn::Expr::Path(path)
                if matches_any(&cors.credentialed_constructors, &cx.file.resolve(&path.path))));
        report(
            cx,
            call,
            format!("`{}` {}", found.written, found.model.what),
            found.model.fix.as_str(),
            credentialed || credentials(),
        );
    }
    // poem's `Cors::new()` allows every origin until one is added.
    if let syn::Expr::Call(constructor) = peel(chain.root) {
        let opens = matches!(peel(&constructor.func), syn::Expr::Path(path)
            if matches_any(&cors.open_constructors, &cx.file.resolve(&path.path)));
        let restricted =
            methods_of_value().any(|m| cors.origin_methods.contains(&m.method.to_string()));
        if opens && !restricted {
            report(
                cx,
                chain.root,
                "`Cors::new()` without `allow_origin(..)` allows requests from any origin".to_string(),
                "add the origins that may call this API: `.allow_origin(\"https://app.example.com\")`",
                credentials(),
            );
        }
    }
}

fn report(cx: &mut RuleCx<'_>, call: &syn::Expr, message: String, fix: &str, credentials: bool) {
    // Any origin without credentials gives a cross-site page only what it could fetch itself
    // (public and bearer-token APIs, protocols that require `*`): on real services none of
    // those findings was true, so only the combination with credentials is reported.
    if !credentials {
        return;
    }
    let at = cx.call_span(call);
    cx.report(at, message)
        .help(fix)
        .label("any origin, with credentials")
        .note(CREDENTIALS_NOTE)
        .raised()
        .emit();
}

/// `allow_credentials: true` in a struct literal of the statement (rocket_cors's `CorsOptions`).
fn statement_allows_credentials(stmt: &syn::Stmt) -> bool {
    use quote::ToTokens;
    let tokens: Vec<String> = stmt
        .to_token_stream()
        .into_iter()
        .flat_map(flatten)
        .collect();
    tokens
        .windows(3)
        .any(|w| w[0] == "allow_credentials" && w[1] == ":" && w[2] == "true")
}

fn flatten(tree: proc_macro2::TokenTree) -> Vec<String> {
    match tree {
        proc_macro2::TokenTree::Group(group) => {
            group.stream().into_iter().flat_map(flatten).collect()
        }
        other => vec![other.to_string()],
    }
}
