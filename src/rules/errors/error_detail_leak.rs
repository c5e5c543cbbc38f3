//! `error-detail-leak`: see `rules/error-detail-leak.md`.

use proc_macro2::{TokenStream, TokenTree};

use crate::rules::prelude::*;
use crate::semantic::models::models;
use crate::semantic::syntax::{chain_root, format_captures, last_ident, macro_name, peel};
use crate::semantic::Scope;

declare_rule!(ErrorDetailLeak, "error-detail-leak");

impl Rule for ErrorDetailLeak {
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
        if !cx.scope.is_production() {
            return;
        }
        let self_is_error = cx
            .scope
            .impl_type
            .as_deref()
            .is_some_and(|ty| ty.ends_with("Error"));
        let errors = ErrorNames {
            self_is_error,
            scope: cx.scope,
        };
        let leaked: Option<&syn::Expr> = match expr {
            // `(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())` (axum, poem).
            syn::Expr::Tuple(tuple) if tuple.elems.first().is_some_and(is_server_error_status) => {
                tuple
                    .elems
                    .iter()
                    .skip(1)
                    .find(|elem| errors.carries_error_text(elem))
            }
            // `status::Custom(Status::InternalServerError, e.to_string())` (rocket),
            // `Error::from_string(e.to_string(), StatusCode::INTERNAL_SERVER_ERROR)` (poem).
            syn::Expr::Call(call) if call.args.iter().any(is_server_error_status) => call
                .args
                .iter()
                .find(|arg| !is_server_error_status(arg) && errors.carries_error_text(arg)),
            // `HttpResponse::InternalServerError().body(e.to_string())` (actix-web),
            // `Response::builder().status(500).body(format!("{e}"))`.
            syn::Expr::MethodCall(call)
                if matches!(
                    call.method.to_string().as_str(),
                    "body" | "json" | "set_body" | "content" | "text"
                ) && builds_server_error(&call.receiver) =>
            {
                call.args.iter().find(|arg| errors.carries_error_text(arg))
            }
            _ => None,
        };
        let Some(leaked) = leaked else {
            return;
        };
        let at = cx.span(leaked);
        let helper_param = errors.helper_parameter(leaked, cx);
        let finding = cx
            .report(at, "internal error details are sent to the client")
            .label("the error's text goes into the response body")
            .help("log the error server-side and return a generic message (for example \"internal server error\") with a request id");
        match helper_param {
            // `fn server_error(error: impl ToString)`: an error only if a caller passes one.
            Some((function, param)) => {
                finding.emit_if(Condition::NonLiteralArgument { function, param })
            }
            None => finding.emit(),
        }
    }
}

/// Whether an error's origin (as [`crate::semantic::syntax::callee_text`] writes it) is a call
/// whose errors carry no internal detail (`[detail-free-errors]` in `rules/models/errors.toml`:
/// building the response itself, encoding into memory). Only the written form counts: a bare
/// `to_vec(..)` or `encode(..)` may be anyone's function.
fn is_detail_free(call: &str) -> bool {
    models().detail_free_errors.calls.contains(call)
}

/// Status expressions of a server error: `StatusCode::INTERNAL_SERVER_ERROR` (and the other
/// 5xx constants), `Status::InternalServerError`, `500`.
fn is_server_error_status(expr: &syn::Expr) -> bool {
    match peel(expr) {
        syn::Expr::Path(path) => names_server_error(&path.path),
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(int),
            ..
        }) => int.base10_digits().starts_with('5') && int.base10_digits().len() == 3,
        syn::Expr::Call(call) => call.args.iter().any(is_server_error_status),
        _ => false,
    }
}

/// `StatusCode::INTERNAL_SERVER_ERROR`, `HttpResponse::InternalServerError`, and the other 5xx.
fn names_server_error(path: &syn::Path) -> bool {
    last_ident(path).is_some_and(|ident| {
        matches!(
            ident.to_string().as_str(),
            "INTERNAL_SERVER_ERROR"
                | "BAD_GATEWAY"
                | "SERVICE_UNAVAILABLE"
                | "GATEWAY_TIMEOUT"
                | "InternalServerError"
                | "BadGateway"
                | "ServiceUnavailable"
                | "GatewayTimeout"
        )
    })
}

/// Whether a response-builder chain sets a 5xx status (`HttpResponse::InternalServerError()`,
/// `.status(StatusCode::INTERNAL_SERVER_ERROR)`).
fn builds_server_error(mut expr: &syn::Expr) -> bool {
    loop {
        match peel(expr) {
            syn::Expr::MethodCall(call) => {
                if call.method == "status" && call.args.iter().any(is_server_error_status) {
                    return true;
                }
                expr = &call.receiver;
            }
            syn::Expr::Call(call) => {
                // `HttpResponse::InternalServerError()`, `HttpResponse::build(StatusCode::INTERNAL_SERVER_ERROR)`.
                return matches!(peel(&call.func), syn::Expr::Path(path) if names_server_error(&path.path))
                    || call.args.iter().any(is_server_error_status);
            }
            _ => return false,
        }
    }
}

/// Which names hold errors: `e`, `err`, `error`, `*_err`, `*_error`, `source`, `cause`, and
/// `self` inside an impl for an `..Error` type; not an error an enclosing `Err(e)` arm or
/// `map_err(|e| ..)` took from a call whose errors carry no detail (`HeaderValue::try_from`).
struct ErrorNames<'s> {
    self_is_error: bool,
    scope: &'s Scope,
}

impl ErrorNames<'_> {
    fn is_error_name(&self, name: &str) -> bool {
        let named = matches!(name, "e" | "err" | "error" | "source" | "cause")
            || name.ends_with("_err")
            || name.ends_with("_error")
            || (name == "self" && self.self_is_error);
        named && !self.scope.error_origin(name).is_some_and(is_detail_free)
    }

    /// Whether an expression puts an error's text into a value: `e.to_string()`,
    /// `format!("{e}")`, `json!({"error": e.to_string()})`, `Json(Body { message: err.to_string() })`.
    fn carries_error_text(&self, expr: &syn::Expr) -> bool {
        match peel(expr) {
            syn::Expr::MethodCall(call)
                if matches!(
                    call.method.to_string().as_str(),
                    "to_string" | "to_owned" | "into"
                ) =>
            {
                self.is_error_expr(chain_root(&call.receiver))
                    || self.carries_error_text(&call.receiver)
            }
            syn::Expr::Macro(mac) => {
                matches!(
                    macro_name(&mac.mac).as_str(),
                    "format" | "json" | "format_args"
                ) && self.tokens_mention_error(mac.mac.tokens.clone())
            }
            syn::Expr::Call(call) => call.args.iter().any(|arg| self.carries_error_text(arg)),
            syn::Expr::Struct(literal) => literal
                .fields
                .iter()
                .any(|field| self.carries_error_text(&field.expr)),
            syn::Expr::Tuple(tuple) => tuple.elems.iter().any(|elem| self.carries_error_text(elem)),
            _ => false,
        }
    }

    /// When the error text sent is a parameter of a free function of the crate (`fn
    /// server_error(error: impl ToString)`), the function and the parameter's position: its
    /// callers decide whether it holds an error's text or a message.
    fn helper_parameter(&self, leaked: &syn::Expr, cx: &RuleCx<'_>) -> Option<(usize, usize)> {
        let function = self.scope.function?;
        let fact = cx.facts.functions.get(function)?;
        if fact.has_receiver || fact.params.len() != self.scope.params.len() {
            return None;
        }
        // `error.to_string()`: the parameter's own text, nothing else.
        let syn::Expr::MethodCall(call) = peel(leaked) else {
            return None;
        };
        let syn::Expr::Path(path) = peel(&call.receiver) else {
            return None;
        };
        let name = path.path.get_ident()?.to_string();
        let position = self.scope.params.iter().position(|param| *param == name)?;
        Some((function, position))
    }

    fn is_error_expr(&self, expr: &syn::Expr) -> bool {
        match peel(expr) {
            syn::Expr::Path(path) => path
                .path
                .get_ident()
                .is_some_and(|ident| self.is_error_name(&ident.to_string())),
            _ => false,
        }
    }

    fn tokens_mention_error(&self, tokens: TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            TokenTree::Ident(ident) => self.is_error_name(&ident.to_string()),
            TokenTree::Group(group) => self.tokens_mention_error(group.stream()),
            TokenTree::Literal(literal) => {
                let text = literal.to_string();
                text.starts_with('"')
                    && format_captures(&text)
                        .iter()
                        .any(|name| self.is_error_name(name))
            }
            TokenTree::Punct(_) => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::count_findings;

    /// How many times the rule fires on `body`, the body of an axum handler returning
    /// `(StatusCode, String)`.
    fn fired(body: &str) -> usize {
        let code = format!(
            "use axum::http::{{HeaderValue, StatusCode}};\n\
             async fn handler(pool: sqlx::PgPool) -> (StatusCode, String) {{\n{body}\n}}\n"
        );
        count_findings("error-detail-leak", &code)
    }

    #[test]
    fn errors_of_building_the_response_or_encoding_into_memory_are_no_internal_details() {
        let cases = [
            (
                0,
                r#"match HeaderValue::try_from("x") { Ok(_) => (StatusCode::OK, String::new()), Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()) }"#,
            ),
            (
                0,
                r#"serde_json::to_vec(&1).map(|_| (StatusCode::OK, String::new())).unwrap_or_else(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))"#,
            ),
            (
                0,
                r#"let mut buf = Vec::new(); if let Err(e) = prost_message().encode(&mut buf) { return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()); } (StatusCode::OK, String::new())"#,
            ),
            (
                0,
                r#"let mut buffer = String::new(); if let Err(err) = prometheus_client::encoding::text::encode(&mut buffer, &registry()) { return (StatusCode::INTERNAL_SERVER_ERROR, format!("Failed to encode metrics: {:?}", err)); } (StatusCode::OK, buffer)"#,
            ),
            (
                1,
                r#"use jsonwebtoken::encode; match encode(&header(), &claims(), &key()) { Ok(token) => (StatusCode::OK, token), Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()) }"#,
            ),
            (
                1,
                r#"match sqlx::query("SELECT 1").execute(&pool).await { Ok(_) => (StatusCode::OK, String::new()), Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()) }"#,
            ),
            (
                1,
                r#"match HeaderValue::try_from("x") { Ok(_) => (StatusCode::OK, String::new()), Err(_) => { let e = std::fs::read("/etc/app.toml").unwrap_err(); (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()) } }"#,
            ),
        ];
        for (expected, body) in cases {
            assert_eq!(fired(body), expected, "{body}");
        }
    }
}
