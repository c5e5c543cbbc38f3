//! Fields a function always fills in what it returns: every value it returns (its tail and each
//! `return` that is not an `Err(..)`) is a struct literal, possibly in `Ok(..)`/`Some(..)`, that
//! sets the field to a present value (`id: Set(..)`, `current_key: Some(..)`; `[values]
//! present` in `rules/models/errors.toml`). A caller's `let app = ActiveModel::new(..);
//! app.id.unwrap()` cannot fail.

use syn::visit::Visit;

use crate::semantic::models::models;

/// The fields every value `body` returns sets to a present value; empty when one of them is not
/// a struct literal.
pub fn always_filled_fields(body: &syn::Block) -> Vec<String> {
    let Some(syn::Stmt::Expr(tail, None)) = body.stmts.last() else {
        return Vec::new();
    };
    let mut returns = Returns::default();
    returns.visit_block(body);
    if returns.opaque {
        return Vec::new();
    }
    let mut exits = returns.values;
    exits.push(tail);
    let mut filled: Option<Vec<String>> = None;
    for exit in exits {
        let fields = present_fields(exit);
        if fields.is_empty() {
            return Vec::new();
        }
        filled = Some(match filled {
            None => fields,
            Some(known) => known.into_iter().filter(|f| fields.contains(f)).collect(),
        });
    }
    let mut filled = filled.unwrap_or_default();
    filled.sort();
    filled
}

/// The fields a returned value sets to a present value: `Ok(Self { id: Set(..), .. })`.
fn present_fields(expr: &syn::Expr) -> Vec<String> {
    let mut expr = expr;
    loop {
        match expr {
            syn::Expr::Paren(inner) => expr = &inner.expr,
            syn::Expr::Call(call) if call.args.len() == 1 && is_wrapper(&call.func) => {
                expr = &call.args[0];
            }
            _ => break,
        }
    }
    let syn::Expr::Struct(literal) = expr else {
        return Vec::new();
    };
    literal
        .fields
        .iter()
        .filter(|field| is_present(&field.expr))
        .filter_map(|field| match &field.member {
            syn::Member::Named(name) => Some(name.to_string()),
            syn::Member::Unnamed(_) => None,
        })
        .collect()
}

/// `Ok` or `Some`, the wrappers of a returned value.
fn is_wrapper(func: &syn::Expr) -> bool {
    matches!(func, syn::Expr::Path(path) if path.path.is_ident("Ok") || path.path.is_ident("Some"))
}

/// `Some(..)`, `Set(..)`: a constructor of a present value.
fn is_present(expr: &syn::Expr) -> bool {
    let present = &models().infallible.values.present;
    matches!(expr, syn::Expr::Call(call) if call.args.len() == 1
        && matches!(&*call.func, syn::Expr::Path(func) if func.path.segments.last()
            .is_some_and(|last| present.iter().any(|p| last.ident == p))))
}

/// The values of the function's own `return`s (closures and nested items have their own).
#[derive(Default)]
struct Returns<'ast> {
    values: Vec<&'ast syn::Expr>,
    /// A bare `return;`, which returns nothing we can read.
    opaque: bool,
}

impl<'ast> Visit<'ast> for Returns<'ast> {
    fn visit_expr_return(&mut self, ret: &'ast syn::ExprReturn) {
        match ret.expr.as_deref() {
            Some(syn::Expr::Call(call)) if matches!(&*call.func, syn::Expr::Path(path) if path.path.is_ident("Err")) =>
                {}
            Some(value) => self.values.push(value),
            None => self.opaque = true,
        }
        syn::visit::visit_expr_return(self, ret);
    }

    fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

#[cfg(test)]
mod tests {
    use super::always_filled_fields;

    fn filled(body: &str) -> Vec<String> {
        always_filled_fields(&syn::parse_str(body).unwrap())
    }

    #[test]
    fn fields_set_in_every_returned_literal() {
        assert_eq!(
            filled("{ let t = now(); Self { id: Set(new_id(t)), org: Set(org), ..Default::default() } }"),
            ["id", "org"]
        );
        assert_eq!(
            filled("{ if full { return Err(limit()); } Ok(Keys { current: Some(k), old: None }) }"),
            ["current"]
        );
        assert_eq!(
            filled("{ if a { return Ok(Keys { current: Some(k), old: Some(o) }); } Ok(Keys { current: Some(k), old: None }) }"),
            ["current"]
        );
    }

    #[test]
    fn a_return_of_something_else_fills_nothing() {
        assert!(
            filled("{ if a { return Ok(load()?); } Ok(Keys { current: Some(k) }) }").is_empty()
        );
        assert!(filled("{ let keys = Keys { current: Some(k) }; keys }").is_empty());
        assert!(filled("{ Keys { current: maybe } }").is_empty());
    }
}
