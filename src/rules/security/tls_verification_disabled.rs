//! `tls-verification-disabled`: see `rules/tls-verification-disabled.md`.

use crate::rules::prelude::*;
use crate::semantic::insecure_api::{insecure_call, insecure_url_option};
use crate::semantic::models::models;
use crate::semantic::models::security::matches_any;
use crate::semantic::syntax::{block_value, peel};

declare_rule!(TlsVerificationDisabled, "tls-verification-disabled");

const ID: &str = "tls-verification-disabled";

impl Rule for TlsVerificationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr, NodeKind::Fn]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        if cx.in_non_production_code() {
            return;
        }
        match node {
            Node::Expr(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            })) => {
                let Some((model, option)) = insecure_url_option(&text.value(), ID) else {
                    return;
                };
                let at = cx.span_of(text.span());
                cx.report(at, format!("this connection string {}", model.what))
                    .label(format!("`{option}` to a remote host"))
                    .help(model.fix.as_str())
                    .emit();
            }
            // A literal in a branch a setting chooses (`if config.insecure { .. }`) is the
            // operator's opt-in, like `.danger_accept_invalid_certs(config.insecure)`.
            Node::Expr(expr) if !cx.scope.in_flag_branch => {
                let Some(found) = insecure_call(cx.file, expr, ID) else {
                    return;
                };
                let at = cx.call_span(expr);
                cx.report(at, format!("`{}` {}", found.written, found.model.what))
                    .label("certificate verification off")
                    .help(found.model.fix.as_str())
                    .emit();
            }
            Node::Fn(function) => {
                let verifier = &models().security.verifier;
                let in_verifier = cx.scope.impl_trait.as_deref().is_some_and(|name| {
                    let path: Vec<String> = name.split("::").map(str::to_string).collect();
                    matches_any(&verifier.traits, &path)
                });
                let name = function.sig.ident.to_string();
                if !in_verifier
                    || !verifier.methods.contains(&name)
                    || !accepts_everything(cx, function.body, &verifier.accept_all)
                {
                    return;
                }
                let at = cx.span(&function.sig.ident);
                cx.report(
                    at,
                    format!("`{name}` accepts every certificate: TLS verification is off for connections using this verifier"),
                )
                .label("returns success without checking the certificate")
                .help("use the platform verifier (`rustls-platform-verifier`) or `WebPkiServerVerifier` with the CA you trust")
                .emit();
            }
            _ => {}
        }
    }
}

/// A verifying method whose only statement is `Ok(ServerCertVerified::assertion())`
/// (after `let _ = ..` lines at most).
fn accepts_everything(cx: &RuleCx<'_>, body: &syn::Block, accept_all: &[String]) -> bool {
    let only_ignores = body.stmts[..body.stmts.len().saturating_sub(1)].iter().all(
        |stmt| matches!(stmt, syn::Stmt::Local(local) if matches!(&local.pat, syn::Pat::Wild(_))),
    );
    let Some(value) = block_value(body) else {
        return false;
    };
    let value = match peel(value) {
        syn::Expr::Return(ret) => match ret.expr.as_deref() {
            Some(value) => value,
            None => return false,
        },
        other => other,
    };
    let syn::Expr::Call(ok) = peel(value) else {
        return false;
    };
    let is_ok = matches!(peel(&ok.func), syn::Expr::Path(path) if path.path.is_ident("Ok"));
    only_ignores
        && is_ok
        && ok.args.len() == 1
        && matches!(peel(&ok.args[0]), syn::Expr::Call(inner)
            if matches!(peel(&inner.func), syn::Expr::Path(path)
                if matches_any(accept_all, &cx.file.resolve(&path.path))))
}
