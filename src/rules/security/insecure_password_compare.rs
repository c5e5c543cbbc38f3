//! `insecure-password-compare`: see `rules/insecure-password-compare.md`.

use crate::rules::prelude::*;
use crate::semantic::models::models;
use crate::semantic::secret_names::{
    classify, is_confirmation_pair, is_public, owner_name, value_name, Secret,
};
use crate::semantic::syntax::{is_constant, last_ident, peel};

declare_rule!(InsecurePasswordCompare, "insecure-password-compare");

impl Rule for InsecurePasswordCompare {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr]
    }

    /// `a == b`, `a != b`, `a.eq(&b)` or `a.ne(&b)` where a side is named for a password or a
    /// credential (`stored.api_token == presented`, `*basic_auth_pwd == *required_password`)
    /// and neither side is fixed (a literal, a constant, `None`, an enum variant); a password
    /// and its confirmation from the same form (`password != password_confirmation`) are not
    /// a secret against a guess, and nor are values named, or read from values named, public
    /// or anti-forgery state (`push_token`, `public_key`, `params.state.secret()`).
    /// Only in server crates.
    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Expr(expr) = node else {
            return;
        };
        if cx.in_non_production_code() {
            return;
        }
        let (left, right, operator) = match expr {
            syn::Expr::Binary(binary) => match binary.op {
                syn::BinOp::Eq(_) => (&*binary.left, &*binary.right, "=="),
                syn::BinOp::Ne(_) => (&*binary.left, &*binary.right, "!="),
                _ => return,
            },
            // A path's `.eq(..)` is a query builder's (diesel's `users::token.eq(token)`).
            syn::Expr::MethodCall(call)
                if call.args.len() == 1
                    && (call.method == "eq" || call.method == "ne")
                    && !matches!(peel(&call.receiver), syn::Expr::Path(_)) =>
            {
                (
                    &*call.receiver,
                    &call.args[0],
                    if call.method == "eq" { ".eq" } else { ".ne" },
                )
            }
            _ => return,
        };
        if is_fixed(left) || is_fixed(right) || is_output(left) || is_output(right) {
            return;
        }
        let (left_name, right_name) = (value_name(left), value_name(right));
        let Some((name, secret)) = [&left_name, &right_name]
            .into_iter()
            .flatten()
            .find_map(|name| classify(name).map(|secret| (name.clone(), secret)))
        else {
            return;
        };
        if let (Some(a), Some(b)) = (&left_name, &right_name) {
            if is_confirmation_pair(a, b) {
                return;
            }
        }
        if [
            &left_name,
            &right_name,
            &owner_name(left),
            &owner_name(right),
        ]
        .into_iter()
        .flatten()
        .any(|name| is_public(name))
        {
            return;
        }
        let at = cx.span(expr);
        let mut finding = cx
            .report(
                at,
                format!("`{name}` is compared with `{operator}`, which stops at the first differing byte"),
            )
            .label("the response time tells how much of a guess was right")
            .help("compare in constant time: `subtle::ConstantTimeEq` (`a.ct_eq(b).into()`), `ring::constant_time::verify_slices_are_equal`, or the password hash crate's `verify`");
        if secret == Secret::Password {
            finding = finding.note("a password compared as a value is stored as one: store an argon2/bcrypt hash and `verify` against it");
        }
        // A command-line tool or library compares what it was given: no one times it.
        finding.emit_if(Condition::ServerCrate);
    }
}

/// A mutable borrow (`result != &mut passwd`): an output buffer, not a secret being read.
fn is_output(expr: &syn::Expr) -> bool {
    matches!(expr, syn::Expr::Reference(reference) if reference.mutability.is_some())
}

/// A side that cannot be a guess at a secret: a literal or constant (`""`, `0`, `API_VERSION`),
/// `None`, an enum variant or associated constant (`TokenKind::Bearer`), or such a value
/// wrapped (`Some("x")`, `String::from("x")`, `String::new()`, `"x".to_string()`).
fn is_fixed(expr: &syn::Expr) -> bool {
    let expr = peel(expr);
    if is_constant(expr) {
        return true;
    }
    match expr {
        syn::Expr::Path(path) => {
            let segments = path.path.segments.len();
            last_ident(&path.path).is_some_and(|last| {
                last == "None" || (segments > 1 && last.to_string().starts_with(char::is_uppercase))
            })
        }
        syn::Expr::Call(call) => {
            let syn::Expr::Path(func) = peel(&call.func) else {
                return false;
            };
            let fixed = &models().security.secret_names.fixed_constructors;
            last_ident(&func.path).is_some_and(|function| fixed.contains(&function.to_string()))
                && call.args.iter().all(is_fixed)
        }
        syn::Expr::MethodCall(call) => call.args.is_empty() && is_fixed(&call.receiver),
        syn::Expr::Cast(cast) => is_fixed(&cast.expr),
        _ => false,
    }
}
