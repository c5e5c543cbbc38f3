//! Checks that confine a function's file-system paths: a prefix check against a base
//! directory (`full.starts_with(&base)`), rejecting `..` (`name.contains("..")`), and
//! inspecting a path's components (`c == Component::ParentDir`, `if let Component::Normal(_)
//! = c`, `match c { Component::Normal(_) => .., _ => bail!() }`, `matches!(c,
//! Component::Normal(_))`). The walker marks a function that makes one as guarding its paths.

use crate::semantic::syntax::peel;

/// `Component::ParentDir`, `Component::Normal` (also `std::path::Component::..`): a path of
/// the variants a check that rejects `..` or keeps only normal parts names.
pub fn is_component_variant(path: &syn::Path) -> bool {
    let mut segments = path.segments.iter().rev();
    match (segments.next(), segments.next()) {
        (Some(variant), Some(component)) => {
            component.ident == "Component"
                && (variant.ident == "ParentDir" || variant.ident == "Normal")
        }
        _ => false,
    }
}

/// Whether a pattern tells path components apart by their variant: `Component::Normal(c)`,
/// `Component::ParentDir | Component::RootDir`, `Some(Component::ParentDir)`.
pub fn pattern_inspects_components(pat: &syn::Pat) -> bool {
    match pat {
        syn::Pat::Path(path) => is_component_variant(&path.path),
        syn::Pat::TupleStruct(tuple) => {
            is_component_variant(&tuple.path) || tuple.elems.iter().any(pattern_inspects_components)
        }
        syn::Pat::Or(or) => or.cases.iter().any(pattern_inspects_components),
        syn::Pat::Tuple(tuple) => tuple.elems.iter().any(pattern_inspects_components),
        syn::Pat::Slice(slice) => slice.elems.iter().any(pattern_inspects_components),
        syn::Pat::Paren(paren) => pattern_inspects_components(&paren.pat),
        syn::Pat::Reference(reference) => pattern_inspects_components(&reference.pat),
        syn::Pat::Ident(ident) => ident
            .subpat
            .as_ref()
            .is_some_and(|(_, sub)| pattern_inspects_components(sub)),
        _ => false,
    }
}

/// `full.starts_with(&base)`: a prefix check against a base path, not a string prefix such as
/// `"Bearer "`; or `name.contains("..")`, rejecting parent references.
pub fn is_path_method_check(call: &syn::ExprMethodCall) -> bool {
    match call.method.to_string().as_str() {
        "starts_with" => call.args.first().is_some_and(|arg| !is_text_literal(arg)),
        "contains" => call.args.iter().any(is_dot_dot_literal),
        _ => false,
    }
}

fn is_text_literal(expr: &syn::Expr) -> bool {
    matches!(
        peel(expr),
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(_) | syn::Lit::Char(_),
            ..
        })
    )
}

fn is_dot_dot_literal(expr: &syn::Expr) -> bool {
    matches!(peel(expr), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) if s.value().contains(".."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pat(text: &str) -> syn::Pat {
        syn::parse::Parser::parse_str(syn::Pat::parse_multi_with_leading_vert, text).unwrap()
    }

    #[test]
    fn patterns_naming_component_variants_inspect_components() {
        for inspecting in [
            "Component::Normal(c)",
            "std::path::Component::ParentDir",
            "Component::ParentDir | Component::RootDir",
            "Some(Component::ParentDir)",
            "(0, Component::Normal(_))",
            "c @ Component::Normal(_)",
        ] {
            assert!(
                pattern_inspects_components(&pat(inspecting)),
                "{inspecting}"
            );
        }
        for other in [
            "Some(c)",
            "Ok(Normal(c))",
            "Component::RootDir",
            "_",
            "Mode::Normal",
        ] {
            assert!(!pattern_inspects_components(&pat(other)), "{other}");
        }
    }
}
