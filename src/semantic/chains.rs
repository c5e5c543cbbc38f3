//! The builder chains of a block's statements, for rules that judge a value by everything done
//! to it: `Cookie::build((name, value)).secure(true).finish()`, `CorsLayer::new().allow_origin(Any)`,
//! and the later statements on the local it is bound to (`cookie.set_http_only(true)`,
//! `cors = cors.allow_any_origin()`). Nested blocks (`if`, `match`, closures with a block body)
//! are their own blocks: the walker hands each to the rules.

use crate::semantic::syntax::peel;

/// One chain of method calls and what it starts at.
pub struct Chain<'a> {
    /// The expression the methods are applied to: a call (`Cookie::build(..)`), a local
    /// (`cookie`) or anything else.
    pub root: &'a syn::Expr,
    /// The method calls, innermost first.
    pub methods: Vec<&'a syn::ExprMethodCall>,
    /// The local the chain's value is bound or assigned to (`let cookie = ..`, `cors = ..`).
    pub bound_to: Option<String>,
    /// The index of the block statement the chain is in.
    pub statement: usize,
}

impl Chain<'_> {
    /// The local the chain starts from (`cookie` of `cookie.set_secure(true)`).
    pub fn root_local(&self) -> Option<String> {
        match peel(self.root) {
            syn::Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
            _ => None,
        }
    }

    /// The chains of the block that continue this one's value: those starting from, or
    /// assigned to, the local it is bound to.
    pub fn continuations<'c, 'a>(
        &self,
        all: &'c [Chain<'a>],
    ) -> impl Iterator<Item = &'c Chain<'a>> {
        let bound = self.bound_to.clone();
        let statement = self.statement;
        all.iter().filter(move |other| {
            other.statement > statement
                && bound.is_some()
                && (other.root_local() == bound || other.bound_to == bound)
        })
    }
}

/// Every chain in the statements of `block` (also inside call arguments, struct literals,
/// tuples and arrays), outermost first within a statement.
pub fn block_chains(block: &syn::Block) -> Vec<Chain<'_>> {
    let mut chains = Vec::new();
    for (at, stmt) in block.stmts.iter().enumerate() {
        match stmt {
            syn::Stmt::Local(local) => {
                if let Some(init) = &local.init {
                    let bound =
                        crate::semantic::syntax::bound_ident(local).map(|id| id.ident.to_string());
                    collect(&init.expr, bound, at, &mut chains);
                }
            }
            syn::Stmt::Expr(expr, _) => collect(expr, None, at, &mut chains),
            _ => {}
        }
    }
    chains
}

fn collect<'a>(
    expr: &'a syn::Expr,
    bound: Option<String>,
    statement: usize,
    out: &mut Vec<Chain<'a>>,
) {
    match peel(expr) {
        syn::Expr::Assign(assign) => {
            let target = match peel(&assign.left) {
                syn::Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
                _ => None,
            };
            collect(&assign.right, target, statement, out);
        }
        syn::Expr::MethodCall(outer) => {
            let mut methods = vec![outer];
            let mut root = peel(&outer.receiver);
            while let syn::Expr::MethodCall(inner) = root {
                methods.push(inner);
                root = peel(&inner.receiver);
            }
            methods.reverse();
            out.push(Chain {
                root,
                methods: methods.clone(),
                bound_to: bound,
                statement,
            });
            for method in methods {
                for arg in &method.args {
                    collect(arg, None, statement, out);
                }
            }
            collect_inside(root, statement, out);
        }
        syn::Expr::Call(_) => {
            let root = peel(expr);
            out.push(Chain {
                root,
                methods: Vec::new(),
                bound_to: bound,
                statement,
            });
            collect_inside(root, statement, out);
        }
        other => collect_inside(other, statement, out),
    }
}

/// The chains inside an expression that is not itself a chain.
fn collect_inside<'a>(expr: &'a syn::Expr, statement: usize, out: &mut Vec<Chain<'a>>) {
    let parts: Vec<&syn::Expr> = match expr {
        syn::Expr::Call(call) => call.args.iter().collect(),
        syn::Expr::Struct(literal) => literal.fields.iter().map(|field| &field.expr).collect(),
        syn::Expr::Tuple(tuple) => tuple.elems.iter().collect(),
        syn::Expr::Array(array) => array.elems.iter().collect(),
        syn::Expr::Return(ret) => ret.expr.as_deref().into_iter().collect(),
        syn::Expr::Closure(closure) if !matches!(&*closure.body, syn::Expr::Block(_)) => {
            vec![&closure.body]
        }
        _ => Vec::new(),
    };
    for part in parts {
        collect(part, None, statement, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chains(code: &str) -> Vec<(String, Vec<String>, Option<String>, usize)> {
        let block: syn::Block = syn::parse_str(code).unwrap();
        block_chains(&block)
            .iter()
            .map(|chain| {
                use quote::ToTokens;
                (
                    chain.root.to_token_stream().to_string(),
                    chain.methods.iter().map(|m| m.method.to_string()).collect(),
                    chain.bound_to.clone(),
                    chain.statement,
                )
            })
            .collect()
    }

    #[test]
    fn chains_of_statements_and_arguments() {
        let found = chains(
            r#"{ let mut c = Cookie::build(("sid", v)).secure(true); c.set_http_only(true); jar.add(Cookie::new("a", "b")); cors = cors.allow_any_origin(); if x { nested.call(); } }"#,
        );
        let summary: Vec<(&str, Vec<&str>, Option<&str>, usize)> = found
            .iter()
            .map(|(root, methods, bound, at)| {
                (
                    root.as_str(),
                    methods.iter().map(String::as_str).collect(),
                    bound.as_deref(),
                    *at,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "Cookie :: build ((\"sid\" , v))",
                    vec!["secure"],
                    Some("c"),
                    0
                ),
                ("c", vec!["set_http_only"], None, 1),
                ("jar", vec!["add"], None, 2),
                ("Cookie :: new (\"a\" , \"b\")", vec![], None, 2),
                ("cors", vec!["allow_any_origin"], Some("cors"), 3),
            ]
        );
    }
}
