//! `fallback-secret`: see `rules/fallback-secret.md`.

use crate::rules::prelude::*;
use crate::semantic::calls::called_path;
use crate::semantic::models::models;
use crate::semantic::models::performance::any_matches;
use crate::semantic::secrets::{is_placeholder, is_secret_name, literal_value, redacted};
use crate::semantic::syntax::{attr_name, block_value, macro_name, peel};

declare_rule!(FallbackSecret, "fallback-secret");

const HELP: &str = "fail at startup when the secret is not set (`std::env::var(\"..\").expect(\"..\")`) instead of running with a value anyone can read in the source";

impl Rule for FallbackSecret {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr, NodeKind::Item]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        if super::outside_secret_checks(cx) {
            return;
        }
        match node {
            Node::Expr(syn::Expr::MethodCall(call)) => check_fallback(cx, call),
            Node::Item(syn::Item::Struct(item)) => {
                for field in &item.fields {
                    check_attributes(cx, field);
                }
            }
            _ => {}
        }
    }
}

/// `std::env::var("JWT_SECRET").unwrap_or("dev".into())` and the like.
fn check_fallback(cx: &mut RuleCx<'_>, call: &syn::ExprMethodCall) {
    let fallbacks = &models().secrets.fallbacks;
    if !fallbacks.methods.contains(&call.method.to_string()) {
        return;
    }
    let Some(variable) = secret_read(cx, &call.receiver) else {
        return;
    };
    let Some(fallback) = call.args.first().and_then(fallback_literal) else {
        return;
    };
    let (value, lit) = fallback;
    if is_placeholder(&value) {
        return;
    }
    let method = call.method.to_string();
    report(
        cx,
        lit,
        format!(
            "`{variable}` falls back to a hardcoded secret ({}) when it is not set",
            redacted(&value, None)
        ),
        &format!("`.{method}(..)` used when the variable is missing"),
    );
}

/// The literal a fallback argument gives: the argument itself, or what a closure returns
/// (`|_| "dev".to_string()`, `|| { warn!(..); "dev".into() }`).
fn fallback_literal(arg: &syn::Expr) -> Option<(String, &syn::Lit)> {
    match peel(arg) {
        syn::Expr::Closure(closure) => match peel(&closure.body) {
            syn::Expr::Block(block) => block_value(&block.block).and_then(literal_value),
            body => literal_value(body),
        },
        other => literal_value(other),
    }
}

/// The secret's name, when the method chain `receiver` starts at a configuration read of a
/// secret-named variable: a modelled call (`std::env::var`, `dotenvy::var`) or `option_env!`
/// whose first argument is the name, as a literal or a constant of the file.
fn secret_read(cx: &RuleCx<'_>, receiver: &syn::Expr) -> Option<String> {
    let mut root = peel(receiver);
    while let syn::Expr::MethodCall(inner) = root {
        root = peel(&inner.receiver);
    }
    let name_arg = match root {
        syn::Expr::Call(call) => {
            let path = called_path(cx.file, root)?;
            if !any_matches(&models().architecture.config_reads, &path) {
                return None;
            }
            call.args.first()?.clone()
        }
        syn::Expr::Macro(mac)
            if models()
                .secrets
                .fallbacks
                .env_macros
                .contains(&macro_name(&mac.mac)) =>
        {
            mac.mac.parse_body::<syn::Expr>().ok()?
        }
        _ => return None,
    };
    let name = match peel(&name_arg) {
        syn::Expr::Path(path) => {
            let ident = path.path.get_ident()?.to_string();
            cx.file.constants.text(&ident).unwrap_or(&ident).to_string()
        }
        other => literal_value(other)?.0,
    };
    is_secret_name(&name).then_some(name)
}

/// `#[arg(long, env = "JWT_SECRET", default_value = "dev")] jwt_secret: String`: a
/// command-line or environment setting with a literal default, on a secret-named field or
/// variable.
fn check_attributes(cx: &mut RuleCx<'_>, field: &syn::Field) {
    let fallbacks = &models().secrets.fallbacks;
    let field_name = field.ident.as_ref().map(ToString::to_string);
    for attr in &field.attrs {
        if !fallbacks.attributes.contains(&attr_name(attr)) {
            continue;
        }
        let Ok(metas) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let mut variable = None;
        let mut default = None;
        for meta in &metas {
            let syn::Meta::NameValue(pair) = meta else {
                continue;
            };
            let key = pair.path.get_ident().map(ToString::to_string);
            if key.as_deref() == Some(fallbacks.env_key.as_str()) {
                variable = literal_value(&pair.value).map(|(name, _)| name);
            } else if key.is_some_and(|key| fallbacks.default_keys.contains(&key)) {
                default = literal_value(&pair.value);
            }
        }
        let Some((value, lit)) = default else {
            continue;
        };
        let Some(name) = variable
            .filter(|name| is_secret_name(name))
            .or_else(|| field_name.clone().filter(|name| is_secret_name(name)))
        else {
            continue;
        };
        if is_placeholder(&value) {
            continue;
        }
        report(
            cx,
            lit,
            format!(
                "`{name}` defaults to a hardcoded secret ({}) when it is not given",
                redacted(&value, None)
            ),
            "the default used when the setting is missing",
        );
    }
}

fn report(cx: &mut RuleCx<'_>, lit: &syn::Lit, message: String, label: &str) {
    let at = cx.span(lit);
    cx.report(at, message)
        .label(label)
        .help(HELP)
        .hiding_secret(at, "\"<secret>\"")
        .emit();
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::count_findings;

    #[test]
    fn secret_fallbacks_and_their_look_alikes() {
        for (expected, code) in [
            (
                1,
                r#"pub fn f() -> String { std::env::var("JWT_SECRET").unwrap_or("dev-secret".into()) }"#,
            ),
            (
                1,
                r#"pub fn f() -> String { std::env::var("API_TOKEN").ok().unwrap_or_else(|| { let _ = 1; String::from("t0ken-dev") }) }"#,
            ),
            (
                1,
                r#"pub fn f() -> &'static str { option_env!("SIGNING_KEY").map_or("build-key-1", |k| k) }"#,
            ),
            (
                1,
                r#"const VAR: &str = "DB_PASSWORD"; pub fn f() -> String { dotenvy::var(VAR).unwrap_or_else(|_| "postgres1".to_string()) }"#,
            ),
            (
                0,
                r#"pub fn f() -> String { std::env::var("JWT_SECRET").unwrap_or_default() }"#,
            ),
            (
                0,
                r#"pub fn f() -> String { std::env::var("SMTP_PASSWORD").unwrap_or_else(|_| String::new()) }"#,
            ),
            (
                0,
                r#"pub fn f() -> String { std::env::var("API_TOKEN").unwrap_or_else(|_| "<token>".into()) }"#,
            ),
            (
                0,
                r#"pub fn f() -> String { std::env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://app:app@localhost/app".into()) }"#,
            ),
            (
                0,
                r#"pub fn f() -> String { std::env::var("TOKEN_TTL").unwrap_or("3600".into()) }"#,
            ),
            (
                0,
                r#"pub fn f(m: &std::collections::HashMap<&str, String>) -> String { m.get("password").cloned().unwrap_or("dev-secret".into()) }"#,
            ),
            (
                0,
                r#"#[cfg(test)] mod tests { #[test] fn t() { let _ = std::env::var("JWT_SECRET").unwrap_or("dev-secret".into()); } }"#,
            ),
        ] {
            assert_eq!(count_findings("fallback-secret", code), expected, "{code}");
        }
    }
}
