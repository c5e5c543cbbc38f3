//! Conversions whose failure the converted value decides — parsing, decoding, narrowing
//! (`id.parse()`, `Uuid::parse_str(&id)`, `header.to_str()`): `[input-conversions]` in
//! `rules/models/errors.toml`. Finds the value such a call converts; whether the function
//! composed that value itself is [`crate::semantic::infallible::Inputs::is_composed`].

use crate::semantic::models::models;
use crate::semantic::syntax::{last_ident, peel};

/// The value a conversion converts, when `expr` is one (through `?`, `.await`, `.ok()` and
/// `.map_err(..)`): the receiver of a modelled method (`id.parse::<i64>()`), or the first
/// argument of a modelled function (`Uuid::parse_str(&id)`).
pub fn converted_subject(expr: &syn::Expr) -> Option<&syn::Expr> {
    let conversions = &models().input_conversions;
    let mut expr = peel(expr);
    loop {
        match expr {
            syn::Expr::MethodCall(call) if conversions.views.iter().any(|v| call.method == v) => {
                expr = peel(&call.receiver);
            }
            syn::Expr::MethodCall(call) => {
                let converts = conversions.methods.iter().any(|m| call.method == m);
                return converts.then(|| peel(&call.receiver));
            }
            syn::Expr::Call(call) => {
                let syn::Expr::Path(func) = peel(&call.func) else {
                    return None;
                };
                let name = last_ident(&func.path)?;
                let converts = conversions.functions.iter().any(|f| name == f);
                return call.args.first().filter(|_| converts).map(peel);
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::converted_subject;
    use quote::ToTokens;

    fn subject(code: &str) -> Option<String> {
        let expr: syn::Expr = syn::parse_str(code).unwrap();
        converted_subject(&expr).map(|s| s.to_token_stream().to_string())
    }

    #[test]
    fn finds_what_a_conversion_converts() {
        assert_eq!(subject("id.parse::<i64>()").as_deref(), Some("id"));
        assert_eq!(
            subject("Uuid::parse_str(&path.id)").as_deref(),
            Some("path . id")
        );
        assert_eq!(
            subject("value.to_str().map_err(bad)").as_deref(),
            Some("value")
        );
        assert_eq!(subject("headers.get(\"x\")"), None);
        assert_eq!(subject("room_id.server_name()"), None);
    }
}
