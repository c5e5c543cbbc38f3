//! `xss`: see `rules/xss.md`.

use crate::rules::declare_taint_rule;
use crate::semantic::models::SinkKind;
use crate::semantic::syntax::peel;
use crate::semantic::taint::TaintRule;

const XSS: TaintRule = TaintRule {
    kind: SinkKind::Html,
    message: |sink, _| format!("request input is written unescaped into the HTML of `{sink}`"),
    label: "HTML built from request input",
    help: "render through an escaping template engine (askama, maud, tera) or escape the value (`html_escape::encode_text`)",
    structural: None,
    extra_sink: Some(|expr| html_body(expr).map(|arg| ("body".to_string(), arg))),
    also: None,
};

declare_taint_rule!(Xss, "xss", XSS);

/// The body of a response whose builder sets `content_type("text/html…")` (actix-web, hyper).
fn html_body(expr: &syn::Expr) -> Option<&syn::Expr> {
    let syn::Expr::MethodCall(call) = expr else {
        return None;
    };
    if call.method != "body" {
        return None;
    }
    let mut receiver = &*call.receiver;
    while let syn::Expr::MethodCall(inner) = peel(receiver) {
        let is_html = matches!(inner.method.to_string().as_str(), "content_type" | "insert_header" | "header")
            && inner.args.iter().any(|arg| {
                matches!(peel(arg), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) if s.value().starts_with("text/html"))
            });
        if is_html {
            return call.args.first();
        }
        receiver = &inner.receiver;
    }
    None
}
