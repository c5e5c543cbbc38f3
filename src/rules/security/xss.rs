//! `xss`: see `rules/xss.md`.

use crate::rules::prelude::*;
use crate::semantic::models::SinkKind;
use crate::semantic::syntax::peel;
use crate::semantic::taint::{report_sink, SinkTexts};

declare_rule!(Xss, "xss");

impl Rule for Xss {
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
        let target = cx
            .taint()
            .sink_arguments(expr, SinkKind::Html)
            .or_else(|| html_body(expr).map(|body| ("body".to_string(), body)));
        let Some((sink, arg)) = target else {
            return;
        };
        let texts = SinkTexts {
            message: &|sink| format!("request input is written unescaped into the HTML of `{sink}`"),
            label: "HTML built from request input",
            help: "render through an escaping template engine (askama, maud, tera) or escape the value (`html_escape::encode_text`)",
            structural: None,
        };
        report_sink(cx, SinkKind::Html, &sink, arg, &texts, None);
    }
}

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
