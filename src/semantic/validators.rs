//! Validating parses: a call whose success proves that its text argument has a restricted
//! shape (`if Uuid::parse_str(id).is_ok() { .. }`: the text holds only hex digits, `-`,
//! braces and a `urn:uuid:` prefix, so no separator, dot or quote). Where such a check has
//! passed, the local is safe for the sink kinds the validator's model names (`[[validator]]`
//! in `rules/models/taint.toml`); the check is recognised as a [`charset`] atom, so it counts
//! in the same places (an early exit, the branch it guards).
//!
//! [`charset`]: crate::semantic::charset

use crate::semantic::charset::CharsetCheck;
use crate::semantic::models::SinkKind;
use crate::semantic::syntax::peel;

/// Recognises `validator(x).is_ok()` / `.is_some()` (true when `x` passed) and `.is_err()` /
/// `.is_none()` (true when it did not) on a local `x` (also `&x`, `x.as_str()`). `kinds`
/// gives the sink kinds a call of the function at a path proves its argument safe for (none
/// when the function validates nothing).
pub fn check(
    expr: &syn::Expr,
    kinds: &dyn Fn(&syn::Path) -> Vec<SinkKind>,
) -> Option<CharsetCheck> {
    let syn::Expr::MethodCall(verdict) = peel(expr) else {
        return None;
    };
    let allowed_when = match verdict.method.to_string().as_str() {
        "is_ok" | "is_some" => true,
        "is_err" | "is_none" => false,
        _ => return None,
    };
    if !verdict.args.is_empty() {
        return None;
    }
    let syn::Expr::Call(call) = peel(&verdict.receiver) else {
        return None;
    };
    let syn::Expr::Path(function) = peel(&call.func) else {
        return None;
    };
    let [argument] = call.args.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let name = local_text(argument)?;
    let kinds = kinds(&function.path);
    (!kinds.is_empty()).then_some(CharsetCheck {
        name,
        kinds,
        allowed_when,
    })
}

/// The local a text argument is: `x`, `&x`, `x.as_str()`, `x.as_ref()`.
fn local_text(argument: &syn::Expr) -> Option<String> {
    let mut text = peel(argument);
    loop {
        match text {
            syn::Expr::Reference(reference) => text = peel(&reference.expr),
            syn::Expr::MethodCall(view)
                if view.args.is_empty()
                    && matches!(view.method.to_string().as_str(), "as_str" | "as_ref") =>
            {
                text = peel(&view.receiver);
            }
            syn::Expr::Path(path) => return path.path.get_ident().map(ToString::to_string),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Uuid::parse_str` validates for paths; nothing else does.
    fn kinds(path: &syn::Path) -> Vec<SinkKind> {
        let last = path.segments.last().map(|s| s.ident.to_string());
        let first = path.segments.first().map(|s| s.ident.to_string());
        if last.as_deref() == Some("parse_str") && first.as_deref() == Some("Uuid") {
            vec![SinkKind::Path]
        } else {
            Vec::new()
        }
    }

    fn checked(text: &str) -> Option<CharsetCheck> {
        check(&syn::parse_str(text).unwrap(), &kinds)
    }

    #[test]
    fn a_validators_verdict_checks_its_argument() {
        for (text, allowed_when) in [
            ("Uuid::parse_str(id).is_ok()", true),
            ("Uuid::parse_str(&id).is_ok()", true),
            ("Uuid::parse_str(id.as_str()).is_err()", false),
        ] {
            let expected = CharsetCheck {
                name: "id".to_string(),
                kinds: vec![SinkKind::Path],
                allowed_when,
            };
            assert_eq!(checked(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn look_alikes_check_nothing() {
        for text in [
            // Not a validator.
            "Path::new(id).is_ok()",
            "serde_json::from_str(id).is_ok()",
            // Not the verdict of the call.
            "Uuid::parse_str(id).unwrap()",
            "Uuid::parse_str(id).is_ok_and(|u| u.is_nil())",
            // Not a local's text.
            "Uuid::parse_str(&q.id).is_ok()",
            "Uuid::parse_str(id.trim()).is_ok()",
        ] {
            assert_eq!(checked(text), None, "{text}");
        }
    }
}
