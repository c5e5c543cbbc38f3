//! `open-redirect`: see `rules/open-redirect.md`.

use crate::rules::declare_taint_rule;
use crate::semantic::models::SinkKind;
use crate::semantic::syntax::{path_ends_with, peel};
use crate::semantic::taint::TaintRule;

const OPEN_REDIRECT: TaintRule = TaintRule {
    kind: SinkKind::Redirect,
    message: |sink, _| format!("request input chooses the redirect target of `{sink}`"),
    label: "redirect target from request input",
    help: "redirect only to paths on this site (check for a leading `/` but not `//`) or to hosts on an allow-list",
    structural: None,
    extra_sink: Some(|expr| location_header(expr).map(|arg| ("Location".to_string(), arg))),
    also: None,
};

declare_taint_rule!(OpenRedirect, "open-redirect", OPEN_REDIRECT);

/// The value of a `Location` header set with `insert_header`/`append_header`/`header`
/// (`(header::LOCATION, url)`, `("Location", url)`).
fn location_header(expr: &syn::Expr) -> Option<&syn::Expr> {
    let syn::Expr::MethodCall(call) = expr else {
        return None;
    };
    let (name, value) = match call.method.to_string().as_str() {
        "insert_header" | "append_header" => match call.args.first().map(peel)? {
            syn::Expr::Tuple(tuple) if tuple.elems.len() == 2 => (&tuple.elems[0], &tuple.elems[1]),
            _ => return None,
        },
        "header" | "insert" if call.args.len() == 2 => (&call.args[0], &call.args[1]),
        _ => return None,
    };
    let is_location = match peel(name) {
        syn::Expr::Path(path) => path_ends_with(&path.path, "LOCATION"),
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => s.value().eq_ignore_ascii_case("location"),
        _ => false,
    };
    is_location.then_some(value)
}
