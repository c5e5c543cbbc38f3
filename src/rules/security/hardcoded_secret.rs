//! `hardcoded-secret`: see `rules/hardcoded-secret.md`.

use crate::messages::with_article;
use crate::rules::prelude::*;
use crate::semantic::calls::called_path;
use crate::semantic::models::models;
use crate::semantic::secrets::{
    could_be_secret, credential_shape, is_about_secrets, is_placeholder, is_secret_name,
    literal_value, redacted, ShapeMatch,
};
use crate::semantic::syntax::{block_value, bound_ident, peel};

declare_rule!(HardcodedSecret, "hardcoded-secret");

const HELP: &str = "read it at startup from the environment or a secret store, and rotate this one: it stays in the repository's history";

/// What the fingerprint snippet shows instead of the secret.
const HIDDEN: &str = "\"<secret>\"";

impl Rule for HardcodedSecret {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[
            NodeKind::Expr,
            NodeKind::Local,
            NodeKind::Item,
            NodeKind::Fn,
        ]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        if super::outside_secret_checks(cx) {
            return;
        }
        match node {
            Node::Expr(expr) => check_expr(cx, expr),
            Node::Local(local) => {
                if let (Some(ident), Some(init)) = (bound_ident(local), &local.init) {
                    check_bound(cx, &ident.ident.to_string(), &init.expr);
                }
            }
            Node::Item(syn::Item::Const(item)) => {
                check_bound(cx, &item.ident.to_string(), &item.expr);
            }
            Node::Item(syn::Item::Static(item)) => {
                check_bound(cx, &item.ident.to_string(), &item.expr);
            }
            // A configuration default: `fn default_jwt_secret() -> String { "..".into() }`.
            Node::Fn(function) => {
                if let Some(value) = block_value(function.body) {
                    check_bound(cx, &function.sig.ident.to_string(), value);
                }
            }
            _ => {}
        }
    }
}

fn check_expr(cx: &mut RuleCx<'_>, expr: &syn::Expr) {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: lit @ (syn::Lit::Str(_) | syn::Lit::ByteStr(_)),
            ..
        }) => {
            let Some((value, _)) = literal_value(expr) else {
                return;
            };
            // Samples in a table about secrets (`static SECRET_PATTERNS`, a scanner's tests).
            let in_samples = cx.scope.static_item.as_deref().is_some_and(|path| {
                let name = path.rsplit("::").next().unwrap_or(path);
                is_about_secrets(name)
            });
            if in_samples {
                return;
            }
            if let Some(found) = credential_shape(&value) {
                let message = format!(
                    "{} is written in the source ({})",
                    with_article(&found.shape.name),
                    redacted(&value, Some(&found))
                );
                report(cx, lit, message);
            }
        }
        syn::Expr::Struct(literal) => {
            for field in &literal.fields {
                if let syn::Member::Named(name) = &field.member {
                    check_bound(cx, &name.to_string(), &field.expr);
                }
            }
        }
        syn::Expr::Assign(assign) => {
            let name = match peel(&assign.left) {
                syn::Expr::Field(syn::ExprField {
                    member: syn::Member::Named(name),
                    ..
                }) => name.to_string(),
                syn::Expr::Path(path) => match path.path.get_ident() {
                    Some(ident) => ident.to_string(),
                    None => return,
                },
                _ => return,
            };
            check_bound(cx, &name, &assign.right);
        }
        syn::Expr::Call(call) => check_key_material(cx, expr, call),
        _ => {}
    }
}

/// `EncodingKey::from_secret(b"..")`, `Key::from(b"..")`: a literal as key material, whatever
/// it is bound to.
fn check_key_material(cx: &mut RuleCx<'_>, expr: &syn::Expr, call: &syn::ExprCall) {
    let Some(path) = called_path(cx.file, expr) else {
        return;
    };
    let Some(model) = models()
        .secrets
        .key_material
        .iter()
        .find(|model| model.matches_path(&path))
    else {
        return;
    };
    let Some((value, lit)) = call.args.iter().nth(model.arg).and_then(literal_value) else {
        return;
    };
    if is_placeholder(&value) || credential_shape(&value).is_some() {
        return;
    }
    let callee = path[path.len().saturating_sub(2)..].join("::");
    let message = format!(
        "`{callee}` is given a hardcoded key ({})",
        redacted(&value, None)
    );
    report(cx, lit, message);
}

/// A secret-named binding, field, constant or function given a literal that could be a secret.
fn check_bound(cx: &mut RuleCx<'_>, name: &str, value: &syn::Expr) {
    let Some((text, lit)) = literal_value(value) else {
        return;
    };
    // A known credential's shape is reported at the literal itself.
    if !is_secret_name(name) || !could_be_secret(name, &text) || credential_shape(&text).is_some() {
        return;
    }
    let message = format!(
        "`{name}` is set to a hardcoded secret ({})",
        redacted(&text, None::<&ShapeMatch<'_>>)
    );
    report(cx, lit, message);
}

fn report(cx: &mut RuleCx<'_>, lit: &syn::Lit, message: String) {
    let at = cx.span(lit);
    cx.report(at, message)
        .label("secret written here")
        .help(HELP)
        .hiding_secret(at, HIDDEN)
        .emit();
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::{count_findings, report_on};
    use crate::report::{render, Format, RenderOptions};
    use crate::settings::Settings;

    #[test]
    fn machine_reports_never_quote_the_secret() {
        let secret_key = "q7-live-c41d09aa";
        let token = "ghp_R8x2Lq7Vt4Zp1Nw6Ks3Hd9Fg5Jb0Mc2Ye7Ua";
        let code = format!(
            "pub fn settings() -> (String, String) {{\n    let jwt_secret = \"{secret_key}\";\n    let client = \"{token}\";\n    (jwt_secret.into(), client.into())\n}}\n"
        );
        let report = report_on(&[("lib.rs", &code)], &Settings::default());
        assert_eq!(
            report
                .active()
                .filter(|d| d.rule == "hardcoded-secret")
                .count(),
            2
        );
        for format in Format::ALL {
            if format == Format::Text {
                // The terminal shows the developer's own source, as the editor does.
                continue;
            }
            let mut out = Vec::new();
            render(&report, format, &RenderOptions::default(), &mut out).unwrap();
            let out = String::from_utf8(out).unwrap();
            let quoting: Vec<&str> = out
                .lines()
                .filter(|line| line.contains(secret_key) || line.contains(&token[4..]))
                .collect();
            assert!(quoting.is_empty(), "{format:?}: {quoting:?}");
            assert!(out.contains("hardcoded-secret"), "{format:?}");
        }
    }

    #[test]
    fn names_placeholders_and_tests_stay_silent() {
        for (expected, code) in [
            (
                1,
                r#"pub fn f() -> String { let db_password = "Wh4rehouse!"; db_password.into() }"#,
            ),
            (1, r#"pub static API_KEY: &str = "9f8e7d6c5b4a3f2e";"#),
            (
                1,
                r#"pub fn default_jwt_secret() -> String { "k8s-prod-7b1e55f2".to_string() }"#,
            ),
            (
                1,
                r#"pub fn f(c: &mut Config) { c.api_token = "9f8e7d6c5b4a".into(); } pub struct Config { pub api_token: String }"#,
            ),
            (
                1,
                r#"pub fn k() -> cookie::Key { cookie::Key::from(b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef") }"#,
            ),
            (
                1,
                r#"pub fn f() -> &'static str { "AKIAZ3MSJV4WW6QW4J3X" }"#,
            ),
            (
                0,
                r#"pub fn f() -> &'static str { "AKIAIOSFODNN7EXAMPLE" }"#,
            ),
            (0, r#"pub const PASSWORD_FIELD: &str = "password";"#),
            (0, r#"pub const JWT_SECRET_ENV: &str = "JWT_SECRET";"#),
            (
                0,
                r#"pub fn f() -> String { let token = "${GITHUB_TOKEN}"; token.into() }"#,
            ),
            (
                0,
                r#"pub fn f() -> String { let api_key = "your-api-key-here"; api_key.into() }"#,
            ),
            (
                0,
                r#"pub fn f() -> String { let password = "Passwords must match"; password.into() }"#,
            ),
            (
                0,
                r#"pub fn f() -> String { let token_type = "Bearer-7b1e55f2"; token_type.into() }"#,
            ),
            (
                0,
                r#"#[cfg(test)] mod tests { #[test] fn t() { let password = "hunter2!x"; let _ = password; } }"#,
            ),
            (
                0,
                r#"#[test] fn t() { let api_key = "9f8e7d6c5b4a3f2e"; let _ = api_key; }"#,
            ),
        ] {
            assert_eq!(count_findings("hardcoded-secret", code), expected, "{code}");
        }
    }
}
