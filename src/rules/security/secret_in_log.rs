//! `secret-in-log`: see `rules/secret-in-log.md`.

use crate::rules::prelude::*;
use crate::semantic::models::models;
use crate::semantic::secrets::{names_secret_text, value_name};
use crate::semantic::syntax::{macro_args, macro_name, peel, placeholders, MacroArgs, Placeholder};
use crate::semantic::FileKind;

declare_rule!(SecretInLog, "secret-in-log");

const HELP: &str = "log that it is present, its length or an id of it instead, or wrap it in `secrecy::SecretString`, whose `Debug` prints `[REDACTED]`";

impl Rule for SecretInLog {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Macro]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Macro(mac) = node else {
            return;
        };
        if super::outside_secret_checks(cx) {
            return;
        }
        let name = macro_name(mac);
        let printing = models().printing_macros.contains(&name);
        if !(models().logging_macros.contains(&name) || printing) {
            return;
        }
        // Output the operator asked for: a debugging switch is on, or the channel that delivers
        // the secret is off (`if CONFIG.debug_tokens() { .. }`, `if !CONFIG.mail_enabled() { .. }`).
        if cx.scope.in_logging_opt_in {
            return;
        }
        // What a command line prints or logs is its output to the user who ran it (`token
        // create` shows the new token): only a server's logs are collected.
        if printing
            && (cx.file.kind != FileKind::Service
                || cx.scope.in_cli_module()
                || cx.scope.on_terminal)
        {
            return;
        }
        // A library's logs are its server's; a print is collected only in a server.
        let site = cx.scope.print_site(cx.span(mac).byte_start);
        let mut conditions = vec![Condition::Not(Box::new(Condition::ConsoleOutput(
            Box::new(site),
        )))];
        if printing {
            conditions.push(Condition::ServerCrate);
        }
        let condition = Condition::All(conditions);
        let args = macro_args(mac);
        let debug_args = debug_formatted(&args);
        for (at, expr) in args.exprs.iter().enumerate() {
            let (field, sigil) = &args.expr_fields[at];
            let debug = sigil == &Some('?') || debug_args.contains(&at);
            check_value(cx, &name, expr, field.as_ref(), debug, &condition);
        }
        // Inline captures: `"{password}"`.
        if let Some(format) = &args.format {
            for placeholder in placeholders(&format.value()) {
                let Placeholder::Name { name: captured, .. } = placeholder else {
                    continue;
                };
                let named_argument = args
                    .expr_fields
                    .iter()
                    .any(|(field, _)| field.as_ref().is_some_and(|f| *f == captured));
                if !named_argument
                    && names_secret_text(&captured)
                    && !is_redacting_param(cx, &captured)
                {
                    let at = cx.span(format);
                    cx.report(at, format!("`{name}!` writes `{captured}` to the log"))
                        .label("captured here")
                        .help(HELP)
                        .emit_if(condition.clone());
                }
            }
        }
    }
}

/// The indices in `args.exprs` of the format's arguments that a `{:?}` placeholder prints.
fn debug_formatted(args: &MacroArgs) -> Vec<usize> {
    let Some(format) = &args.format else {
        return Vec::new();
    };
    let mut next = 0;
    let mut debug = Vec::new();
    for placeholder in placeholders(&format.value()) {
        match placeholder {
            Placeholder::Next { debug: is_debug } => {
                if is_debug {
                    debug.push(args.format_at + next);
                }
                next += 1;
            }
            Placeholder::Index { index, debug: true } => debug.push(args.format_at + index),
            Placeholder::Name { name, debug: true } => debug.extend(
                args.expr_fields
                    .iter()
                    .position(|(field, _)| field.as_ref().is_some_and(|f| *f == name)),
            ),
            _ => {}
        }
    }
    debug
}

/// One logged value: a secret-named one (`password`, `req.token`, `%token`, `password = %pw`),
/// or, printed with `Debug`, a parameter whose type is a credential struct of the crate.
fn check_value(
    cx: &mut RuleCx<'_>,
    mac: &str,
    expr: &syn::Expr,
    field: Option<&syn::Ident>,
    debug: bool,
    condition: &Condition,
) {
    let read = value_name(expr);
    let Some(read) = read else {
        return;
    };
    if is_redacting_param(cx, &read) || is_redacting_field(cx, expr) {
        return;
    }
    let field_name = field.map(ToString::to_string);
    let named = if names_secret_text(&read) {
        Some(read.clone())
    } else {
        field_name.filter(|name| names_secret_text(name))
    };
    let at = cx.span(expr);
    if let Some(named) = named {
        cx.report(at, format!("`{mac}!` writes `{named}` to the log"))
            .label("secret logged here")
            .help(HELP)
            .emit_if(condition.clone());
        return;
    }
    // `{:?}` of a whole request or credentials struct: `?login`, `"{:?}", req`.
    let syn::Expr::Path(path) = peel(expr) else {
        return;
    };
    let Some(ident) = path.path.get_ident().map(ToString::to_string) else {
        return;
    };
    let types = param_types(cx, &ident);
    if !debug || types.is_empty() {
        return;
    }
    cx.report(
        at,
        format!("`{mac}!` prints `{ident}` with `Debug`, secret fields included"),
    )
    .label("its derived `Debug` shows a secret field")
    .help(HELP)
    .emit_if(Condition::All(vec![
        Condition::PrintsCredentials(types),
        condition.clone(),
    ]));
}

/// The type names a parameter's declared type mentions.
fn param_types(cx: &RuleCx<'_>, name: &str) -> Vec<String> {
    cx.scope
        .param_types
        .iter()
        .find(|(param, _)| param == name)
        .map(|(_, types)| types.clone())
        .unwrap_or_default()
}

/// A field read whole whose type, declared in this file, prints `[REDACTED]`
/// (`req.password` with `password: SecretString`); `.expose_secret()` of it is the secret.
fn is_redacting_field(cx: &RuleCx<'_>, expr: &syn::Expr) -> bool {
    let syn::Expr::Field(syn::ExprField {
        member: syn::Member::Named(name),
        ..
    }) = peel(expr)
    else {
        return false;
    };
    cx.file
        .fields
        .type_of(&name.to_string())
        .is_some_and(|ty| models().secrets.log.redacting_types.iter().any(|t| t == ty))
}

/// A parameter whose type prints `[REDACTED]` (`password: SecretString`).
fn is_redacting_param(cx: &RuleCx<'_>, name: &str) -> bool {
    let redacting = &models().secrets.log.redacting_types;
    param_types(cx, name)
        .iter()
        .any(|ty| redacting.contains(ty))
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::{count_findings, count_findings_in};

    #[test]
    fn secrets_and_their_look_alikes_in_logs() {
        for (expected, code) in [
            (
                1,
                r#"pub fn f(password: &str) { tracing::info!(password, "login"); }"#,
            ),
            (
                1,
                r#"pub fn f(pw: &str) { tracing::info!(password = %pw, "login"); }"#,
            ),
            (
                1,
                r#"pub fn f(token: &str) { log::debug!("token is {}", token); }"#,
            ),
            (
                1,
                r#"pub fn f(api_key: &str) { log::debug!("using {api_key:?}"); }"#,
            ),
            (
                1,
                r#"pub struct R { pub refresh_token: String } pub fn f(r: &R) { tracing::warn!(token = ?r.refresh_token); }"#,
            ),
            (
                0,
                r#"pub fn f(token: &str) { tracing::info!(token_len = token.len(), has = !token.is_empty()); }"#,
            ),
            (
                0,
                r#"pub fn f(password: Option<&str>) { tracing::info!(set = password.is_some(), "password"); }"#,
            ),
            (
                0,
                r#"pub fn f(token_type: &str) { tracing::info!(%token_type, "issued"); }"#,
            ),
            (
                0,
                r#"pub fn f(password: &secrecy::SecretString) { tracing::debug!(?password); }"#,
            ),
            (
                0,
                r#"pub fn f(config: &C, token: &str) { if config.debug_tokens() { tracing::debug!(%token); } } pub struct C; impl C { fn debug_tokens(&self) -> bool { false } }"#,
            ),
            (
                0,
                r#"#[cfg(test)] mod tests { fn t(password: &str) { tracing::info!(password); } }"#,
            ),
        ] {
            assert_eq!(count_findings("secret-in-log", code), expected, "{code}");
        }
    }

    #[test]
    fn credential_structs_are_known_crate_wide() {
        let manifest = "[package]\nname = \"svc\"\nversion = \"0.1.0\"\n\n[dependencies]\naxum = \"0.8\"\ntracing = \"0.1\"\n";
        let models = "#[derive(Debug, serde::Deserialize)]\npub struct LoginRequest { pub email: String, pub password: String }\n#[derive(Debug)]\npub struct Profile { pub email: String }\n";
        let handler = "use crate::models::{LoginRequest, Profile};\npub async fn login(axum::Json(req): axum::Json<LoginRequest>) { tracing::debug!(?req, \"login\"); }\npub fn show(p: Profile) { tracing::debug!(?p); }\npub fn count(req: LoginRequest) { tracing::debug!(\"{}\", req.email); }\n";
        let files = |models: &str| {
            count_findings_in(
                "secret-in-log",
                &[
                    ("Cargo.toml", manifest),
                    ("src/lib.rs", "pub mod handlers;\npub mod models;\n"),
                    ("src/models.rs", models),
                    ("src/handlers.rs", handler),
                ],
            )
        };
        assert_eq!(files(models), 1);
        let hand_written = "#[derive(serde::Deserialize)]\npub struct LoginRequest { pub email: String, pub password: String }\nimpl std::fmt::Debug for LoginRequest { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(\"LoginRequest\") } }\n#[derive(Debug)]\npub struct Profile { pub email: String }\n";
        assert_eq!(files(hand_written), 0, "a hand-written Debug");
    }
}
