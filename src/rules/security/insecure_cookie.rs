//! `insecure-cookie`: see `rules/insecure-cookie.md`.

use crate::rules::prelude::*;
use crate::semantic::chains::{block_chains, Chain};
use crate::semantic::insecure_api::{insecure_call, names_word};
use crate::semantic::models::models;
use crate::semantic::models::security::{matches_any, CookieModels};
use crate::semantic::syntax::{chain_root, peel};

declare_rule!(InsecureCookie, "insecure-cookie");

const ID: &str = "insecure-cookie";

impl Rule for InsecureCookie {
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
                    check_cookie(cx, chain, &chains);
                }
            }
            // Session middleware: `.cookie_secure(false)`, `.with_secure(false)`.
            Node::Expr(expr) => {
                if let Some(found) = insecure_call(cx.file, expr, ID) {
                    let at = cx.call_span(expr);
                    cx.report(at, format!("`{}` {}", found.written, found.model.what))
                        .label("turned off here")
                        .help(found.model.fix.as_str())
                        .emit();
                }
            }
            _ => {}
        }
    }
}

/// A flag as a cookie's chain sets it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flag {
    /// Not set: the cookie crate's default is off.
    Missing,
    /// Set from a value of the program (`.secure(config.https)`): the operator's choice.
    Chosen,
    On,
}

fn check_cookie(cx: &mut RuleCx<'_>, chain: &Chain<'_>, all: &[Chain<'_>]) {
    let model = &models().security.cookie;
    let syn::Expr::Call(constructor) = peel(chain.root) else {
        return;
    };
    let syn::Expr::Path(func) = peel(&constructor.func) else {
        return;
    };
    if !matches_any(&model.constructors, &cx.file.resolve(&func.path)) {
        return;
    }
    let Some((name, value)) = name_and_value(constructor) else {
        return;
    };
    if value_is_empty(value) || !(is_secret(model, name) || is_secret(model, value)) {
        return;
    }
    let methods: Vec<&syn::ExprMethodCall> = chain
        .methods
        .iter()
        .copied()
        .chain(
            chain
                .continuations(all)
                .flat_map(|c| c.methods.iter().copied()),
        )
        .collect();
    if methods
        .iter()
        .any(|m| model.removal.contains(&m.method.to_string()))
    {
        return;
    }
    let mut explicit_off: Option<&syn::ExprMethodCall> = None;
    let mut flag = |names: &[String]| {
        let mut state = Flag::Missing;
        for method in methods
            .iter()
            .filter(|m| names.contains(&m.method.to_string()))
        {
            state = match method.args.first().map(peel) {
                None => Flag::On,
                Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Bool(b),
                    ..
                })) if b.value => Flag::On,
                Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Bool(_),
                    ..
                })) => {
                    explicit_off.get_or_insert(method);
                    Flag::Missing
                }
                Some(_) => Flag::Chosen,
            };
        }
        state
    };
    let secure = flag(&model.secure);
    // A double-submit CSRF token is read by the page's scripts.
    let readable_by_scripts = names_script_cookie(model, name);
    let http_only = if readable_by_scripts || added_http_only(model, chain, all) {
        Flag::On
    } else {
        flag(&model.http_only)
    };
    let same_site_none = methods.iter().any(|m| {
        model.same_site.contains(&m.method.to_string())
            && m.args.first().is_some_and(|arg| {
                matches!(peel(arg), syn::Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "None"))
            })
    });
    let mut missing = Vec::new();
    if secure == Flag::Missing {
        missing.push(if same_site_none {
            "`secure` (required with `SameSite::None`)"
        } else {
            "`secure`"
        });
    }
    if http_only == Flag::Missing {
        missing.push("`http_only`");
    }
    if missing.is_empty() {
        return;
    }
    let at = match explicit_off {
        Some(method) => cx.call_span(&syn::Expr::MethodCall(method.clone())),
        None => cx.span(chain.root),
    };
    let what = missing.join(" and ");
    cx.report(at, format!("session cookie without {what}"))
        .label(if explicit_off.is_some() { "turned off here" } else { "built here" })
        .help("set `.secure(true)` (sent over HTTPS only) and `.http_only(true)` (out of reach of scripts); for plain-HTTP development make `secure` a setting")
        .emit();
}

/// Whether the cookie the chain builds is handed, in its statement or through the local it is
/// bound to, to a method that adds it as `HttpOnly` (`cookies.add_private(..)`).
fn added_http_only(model: &CookieModels, chain: &Chain<'_>, all: &[Chain<'_>]) -> bool {
    let is_the_cookie = |arg: &syn::Expr| match (chain.methods.last(), arg) {
        (Some(last), syn::Expr::MethodCall(call)) => std::ptr::eq(call, *last),
        (None, arg) => std::ptr::eq(arg, peel(chain.root)),
        _ => false,
    } || matches!(arg, syn::Expr::Path(path)
        if chain.bound_to.as_deref().is_some_and(|local| path.path.is_ident(local)));
    all.iter()
        .filter(|other| other.statement >= chain.statement)
        .flat_map(|other| other.methods.iter())
        .filter(|method| model.http_only_adders.contains(&method.method.to_string()))
        .filter_map(|method| method.args.first().map(peel))
        .any(is_the_cookie)
}

/// The name and value a constructor is given: `(name, value)` as one tuple or two arguments.
fn name_and_value(call: &syn::ExprCall) -> Option<(&syn::Expr, &syn::Expr)> {
    match call.args.len() {
        1 => match peel(&call.args[0]) {
            syn::Expr::Tuple(tuple) if tuple.elems.len() == 2 => {
                Some((&tuple.elems[0], &tuple.elems[1]))
            }
            _ => None,
        },
        2 => Some((&call.args[0], &call.args[1])),
        _ => None,
    }
}

fn value_is_empty(value: &syn::Expr) -> bool {
    matches!(peel(value), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) if s.value().is_empty())
}

/// The words that name an argument: a literal's text, a path's last segment, a local or
/// field a method chain starts from (`token.to_string()`, `session.id`).
fn naming_text(expr: &syn::Expr) -> Option<String> {
    match peel(expr) {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        syn::Expr::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        syn::Expr::Field(field) => match &field.member {
            syn::Member::Named(name) => Some(name.to_string()),
            syn::Member::Unnamed(_) => naming_text(&field.base),
        },
        syn::Expr::MethodCall(call) => {
            naming_text(chain_root(&call.receiver)).or_else(|| naming_text(&call.receiver))
        }
        _ => None,
    }
}

fn is_secret(model: &CookieModels, expr: &syn::Expr) -> bool {
    naming_text(expr).is_some_and(|text| names_word(&text, &model.secret_words))
}

fn names_script_cookie(model: &CookieModels, expr: &syn::Expr) -> bool {
    naming_text(expr).is_some_and(|text| names_word(&text, &model.script_words))
}
