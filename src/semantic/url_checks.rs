//! Host allow-lists on a parsed URL, which vouch for that URL as a redirect target or an
//! outbound request: `ALLOWED.contains(&url.host_str()?)`, `domains.iter().any(|d|
//! url.domain() == Some(d))`, `list.iter().any(|s| url.domain().is_some_and(|d| d == s))`.
//! The list must be the server's (a constant or a value that carries no input: the caller
//! judges with `is_server_chosen`); the check holds where the condition is true, in the `if`
//! it governs, after an early exit when it fails, or through a boolean local bound to it.
//! Suffix checks (`host.ends_with(d)`) are not allow-lists (`evil-example.com`).
//!
//! The standard local-path check vouches for a redirect target the same way: `next.starts_with('/')
//! && !next.starts_with("//") && !next.contains('\\')` (or `!next.starts_with("/\\")`), which
//! browsers would otherwise read as another host.

use std::collections::HashSet;

use crate::semantic::syntax::{diverges, peel};

/// The URL local whose host a condition checks against an allow-list, when the condition
/// evaluates to `branch`.
pub fn allowed_when(
    cond: &syn::Expr,
    branch: bool,
    host_methods: &HashSet<String>,
    is_server_chosen: &dyn Fn(&syn::Expr) -> bool,
) -> Option<String> {
    match peel(cond) {
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Not(_),
            expr,
            ..
        }) => allowed_when(expr, !branch, host_methods, is_server_chosen),
        syn::Expr::Binary(binary)
            if matches!(
                (&binary.op, branch),
                (syn::BinOp::And(_), true) | (syn::BinOp::Or(_), false)
            ) =>
        {
            allowed_when(&binary.left, branch, host_methods, is_server_chosen)
                .or_else(|| allowed_when(&binary.right, branch, host_methods, is_server_chosen))
        }
        other if branch => allow_list_check(other, host_methods, is_server_chosen),
        _ => None,
    }
}

/// The local a condition proves to be a path on this site when it evaluates to `branch`: it
/// starts with `/`, not with `//`, and holds no `\` (or does not start with `/\`).
pub fn local_path_when(cond: &syn::Expr, branch: bool) -> Option<String> {
    let mut facts = Vec::new();
    text_facts(cond, branch, &mut facts);
    let holds = |name: &str, method: &str, text: &str, positive: bool| {
        facts.iter().any(|fact| {
            fact.name == name
                && fact.method == method
                && fact.text == text
                && fact.positive == positive
        })
    };
    facts
        .iter()
        .filter(|fact| fact.positive && fact.method == "starts_with" && fact.text == "/")
        .map(|fact| fact.name.clone())
        .find(|name| {
            holds(name, "starts_with", "//", false)
                && (holds(name, "contains", "\\", false)
                    || holds(name, "starts_with", "/\\", false))
        })
}

/// What a condition says about a local's text when it evaluates to `branch`: `x.starts_with(..)`
/// and `x.contains(..)` with literal arguments, through `!`, `&&` (when true) and `||` (when
/// false).
struct TextFact {
    name: String,
    method: String,
    text: String,
    positive: bool,
}

fn text_facts(cond: &syn::Expr, branch: bool, facts: &mut Vec<TextFact>) {
    match peel(cond) {
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Not(_),
            expr,
            ..
        }) => text_facts(expr, !branch, facts),
        syn::Expr::Binary(binary)
            if matches!(
                (&binary.op, branch),
                (syn::BinOp::And(_), true) | (syn::BinOp::Or(_), false)
            ) =>
        {
            text_facts(&binary.left, branch, facts);
            text_facts(&binary.right, branch, facts);
        }
        syn::Expr::MethodCall(call)
            if matches!(call.method.to_string().as_str(), "starts_with" | "contains")
                && call.args.len() == 1 =>
        {
            let name = match peel(&call.receiver) {
                syn::Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
                _ => None,
            };
            let text = match peel(&call.args[0]) {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) => Some(text.value()),
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Char(c),
                    ..
                }) => Some(c.value().to_string()),
                _ => None,
            };
            if let (Some(name), Some(text)) = (name, text) {
                facts.push(TextFact {
                    name,
                    method: call.method.to_string(),
                    text,
                    positive: branch,
                });
            }
        }
        _ => {}
    }
}

/// The local an `if` proves to be a local path after it (the branch taken when the check fails
/// leaves the function or loop).
pub fn local_path_after(expr_if: &syn::ExprIf) -> Option<String> {
    match &expr_if.else_branch {
        None if crate::semantic::syntax::block_diverges(&expr_if.then_branch) => {
            local_path_when(&expr_if.cond, false)
        }
        Some((_, otherwise)) if diverges(otherwise) => local_path_when(&expr_if.cond, true),
        _ => None,
    }
}

/// The URL local an `if` vouches for after it: the branch taken when the check fails leaves
/// the function or loop (`if !ALLOWED.contains(&host) { return .. }`).
pub fn allowed_after(
    expr_if: &syn::ExprIf,
    host_methods: &HashSet<String>,
    is_server_chosen: &dyn Fn(&syn::Expr) -> bool,
) -> Option<String> {
    match &expr_if.else_branch {
        None if crate::semantic::syntax::block_diverges(&expr_if.then_branch) => {
            allowed_when(&expr_if.cond, false, host_methods, is_server_chosen)
        }
        Some((_, otherwise)) if diverges(otherwise) => {
            allowed_when(&expr_if.cond, true, host_methods, is_server_chosen)
        }
        _ => None,
    }
}

/// `list.contains(&url.host_str()?)` or `list.iter().any(|item| <url's host equals item>)`.
pub fn allow_list_check(
    expr: &syn::Expr,
    host_methods: &HashSet<String>,
    is_server_chosen: &dyn Fn(&syn::Expr) -> bool,
) -> Option<String> {
    let syn::Expr::MethodCall(call) = peel(expr) else {
        return None;
    };
    match (call.method.to_string().as_str(), call.args.first()) {
        ("contains", Some(value)) if call.args.len() == 1 && is_server_chosen(&call.receiver) => {
            host_of(value, host_methods)
        }
        ("any", Some(syn::Expr::Closure(closure))) => {
            let syn::Expr::MethodCall(iter) = peel(&call.receiver) else {
                return None;
            };
            let [syn::Pat::Ident(item)] = closure.inputs.iter().collect::<Vec<_>>()[..] else {
                return None;
            };
            if !matches!(iter.method.to_string().as_str(), "iter" | "into_iter")
                || !is_server_chosen(&iter.receiver)
            {
                return None;
            }
            host_equals(&closure.body, &item.ident.to_string(), host_methods)
        }
        _ => None,
    }
}

/// The URL local whose host `expr` is equal to the item `item`: `url.host_str() ==
/// Some(item)`, `url.domain().is_some_and(|d| d == item)`, `url.host_str() == Some(item.as_str())`.
fn host_equals(expr: &syn::Expr, item: &str, host_methods: &HashSet<String>) -> Option<String> {
    match peel(expr) {
        syn::Expr::Binary(binary) if matches!(binary.op, syn::BinOp::Eq(_)) => {
            [(&binary.left, &binary.right), (&binary.right, &binary.left)]
                .into_iter()
                .find(|(_, other)| names_item(other, item))
                .and_then(|(host, _)| host_of(host, host_methods))
        }
        syn::Expr::MethodCall(call)
            if matches!(call.method.to_string().as_str(), "is_some_and" | "map_or") =>
        {
            let syn::Expr::Closure(closure) = call.args.last()? else {
                return None;
            };
            let [syn::Pat::Ident(host)] = closure.inputs.iter().collect::<Vec<_>>()[..] else {
                return None;
            };
            let syn::Expr::Binary(binary) = peel(&closure.body) else {
                return None;
            };
            let host = host.ident.to_string();
            let compares = matches!(binary.op, syn::BinOp::Eq(_))
                && ((names_item(&binary.left, &host) && names_item(&binary.right, item))
                    || (names_item(&binary.left, item) && names_item(&binary.right, &host)));
            compares.then(|| host_of(&call.receiver, host_methods))?
        }
        _ => None,
    }
}

/// Whether an expression is the local `name` (through `*`, `&`, `Some(..)`, `as_str()`,
/// `as_ref()`, `as_deref()`).
fn names_item(expr: &syn::Expr, name: &str) -> bool {
    match peel(expr) {
        syn::Expr::Path(path) => path.path.is_ident(name),
        syn::Expr::Unary(unary) => names_item(&unary.expr, name),
        syn::Expr::Call(call) => {
            matches!(peel(&call.func), syn::Expr::Path(path) if path.path.is_ident("Some"))
                && call.args.len() == 1
                && names_item(&call.args[0], name)
        }
        syn::Expr::MethodCall(call)
            if matches!(
                call.method.to_string().as_str(),
                "as_str" | "as_ref" | "as_deref"
            ) =>
        {
            names_item(&call.receiver, name)
        }
        _ => false,
    }
}

/// The URL local whose host `expr` is: `url.host_str()`, `url.domain()?`,
/// `&url.host_str().unwrap_or_default()`.
pub fn host_of(expr: &syn::Expr, host_methods: &HashSet<String>) -> Option<String> {
    match peel(expr) {
        syn::Expr::Reference(reference) => host_of(&reference.expr, host_methods),
        syn::Expr::Try(attempt) => host_of(&attempt.expr, host_methods),
        syn::Expr::MethodCall(call) if host_methods.contains(&call.method.to_string()) => {
            match peel(&call.receiver) {
                syn::Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
                _ => None,
            }
        }
        syn::Expr::MethodCall(call)
            if matches!(
                call.method.to_string().as_str(),
                "unwrap" | "unwrap_or" | "unwrap_or_default" | "as_str" | "as_deref" | "expect"
            ) =>
        {
            host_of(&call.receiver, host_methods)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn methods() -> HashSet<String> {
        ["host_str", "host", "domain"]
            .into_iter()
            .map(String::from)
            .collect()
    }

    fn checked(cond: syn::Expr, branch: bool) -> Option<String> {
        let server = |expr: &syn::Expr| !crate::semantic::syntax::mentions(expr, "input");
        allowed_when(&cond, branch, &methods(), &server)
    }

    #[test]
    fn host_allow_lists_vouch_for_the_url_where_they_pass() {
        let any: syn::Expr =
            syn::parse_quote!(bypass.iter().any(|s| url.domain().is_some_and(|d| d == s)));
        assert_eq!(checked(any.clone(), true).as_deref(), Some("url"));
        assert_eq!(checked(any, false), None);
        let contains: syn::Expr =
            syn::parse_quote!(!ALLOWED.contains(&target.host_str().unwrap_or_default()));
        assert_eq!(checked(contains, false).as_deref(), Some("target"));
        let equal: syn::Expr =
            syn::parse_quote!(hosts.iter().any(|h| next.host_str() == Some(h.as_str())));
        assert_eq!(checked(equal, true).as_deref(), Some("next"));
    }

    #[test]
    fn the_local_path_check_needs_all_three_parts() {
        let full: syn::Expr = syn::parse_quote!(
            next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')
        );
        assert_eq!(local_path_when(&full, true).as_deref(), Some("next"));
        assert_eq!(local_path_when(&full, false), None);
        let exit: syn::Expr = syn::parse_quote!(
            !next.starts_with('/') || next.starts_with("//") || next.starts_with("/\\")
        );
        assert_eq!(local_path_when(&exit, false).as_deref(), Some("next"));
        let slash_only: syn::Expr = syn::parse_quote!(next.starts_with('/'));
        assert_eq!(local_path_when(&slash_only, true), None);
        let no_backslash: syn::Expr =
            syn::parse_quote!(next.starts_with('/') && !next.starts_with("//"));
        assert_eq!(local_path_when(&no_backslash, true), None);
    }

    #[test]
    fn suffix_checks_and_lists_from_input_vouch_for_nothing() {
        let suffix: syn::Expr =
            syn::parse_quote!(ALLOWED.iter().any(|d| url.host_str().unwrap().ends_with(d)));
        assert_eq!(checked(suffix, true), None);
        let from_input: syn::Expr =
            syn::parse_quote!(input.hosts.iter().any(|d| url.domain() == Some(d)));
        assert_eq!(checked(from_input, true), None);
    }
}
