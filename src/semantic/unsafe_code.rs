//! Whether a crate has decided its unsafe-code policy — the `unsafe_code` lint set at its root
//! (`#![forbid(unsafe_code)]`, `#![allow(unsafe_code)]`) or in its manifest (`[lints.rust]`, or
//! `[workspace.lints.rust]` through `lints.workspace = true`), at any level — and the `unsafe` blocks Rust 2024 requires around calls
//! that are sound where they are made (`unsafe { std::env::set_var(..) }`), per `[unsafe-code]`
//! of `rules/models/security.toml`.

use syn::punctuated::Punctuated;

use crate::semantic::models::models;
use crate::semantic::models::security::matches_any;
use crate::semantic::syntax::peel;
use crate::semantic::FileModel;

/// Whether the inner attributes of a crate root set the unsafe-code lint
/// (`#![forbid(unsafe_code)]`, `#![deny(unsafe_code, missing_docs)]`, `#![allow(unsafe_code)]`).
pub fn attributes_set_unsafe_policy(attrs: &[syn::Attribute]) -> bool {
    let model = &models().security.unsafe_code;
    attrs.iter().any(|attr| {
        matches!(attr.style, syn::AttrStyle::Inner(_))
            && model.levels.iter().any(|level| attr.path().is_ident(level))
            && attr
                .parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
                .is_ok_and(|lints| lints.iter().any(|lint| lint.is_ident(&model.lint)))
    })
}

/// Whether a manifest sets the unsafe-code lint, at any level: in its `[lints.rust]`, or,
/// with `lints.workspace = true`, in the `[workspace.lints.rust]` of `workspace` (the
/// workspace root's manifest; the manifest itself when it is the root).
pub fn manifest_sets_unsafe_policy(
    manifest: &toml::Table,
    workspace: Option<&toml::Table>,
) -> bool {
    let Some(lints) = manifest.get("lints") else {
        return false;
    };
    let rust = if inherits_workspace_lints(manifest) {
        workspace
            .unwrap_or(manifest)
            .get("workspace")
            .and_then(|w| w.get("lints"))
            .and_then(|l| l.get("rust"))
    } else {
        lints.get("rust")
    };
    let model = &models().security.unsafe_code;
    let level = rust
        .and_then(|rust| rust.get(&model.lint))
        .and_then(|value| {
            value
                .as_str()
                .or_else(|| value.get("level").and_then(toml::Value::as_str))
        });
    level.is_some_and(|level| model.levels.iter().any(|l| l == level))
}

/// Whether the manifest takes its lints from the workspace (`[lints] workspace = true`).
pub fn inherits_workspace_lints(manifest: &toml::Table) -> bool {
    manifest
        .get("lints")
        .and_then(|l| l.get("workspace"))
        .and_then(toml::Value::as_bool)
        == Some(true)
}

/// Whether an `unsafe` block holds nothing but calls Rust 2024 requires it for although they
/// are sound where they are made (`unsafe { env::set_var("RUST_LOG", "info") }`).
pub fn edition_mandated(file: &FileModel<'_>, block: &syn::Block) -> bool {
    let mandated = &models().security.unsafe_code.edition_mandated;
    !block.stmts.is_empty()
        && block.stmts.iter().all(|stmt| match stmt {
            syn::Stmt::Expr(expr, _) => matches!(peel(expr), syn::Expr::Call(call)
                if matches!(peel(&call.func), syn::Expr::Path(func)
                    if matches_any(mandated, &file.resolve(&func.path)))),
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root_sets_policy(code: &str) -> bool {
        attributes_set_unsafe_policy(&syn::parse_file(code).unwrap().attrs)
    }

    #[test]
    fn crate_root_attributes() {
        assert!(root_sets_policy("#![forbid(unsafe_code)]\nfn main() {}"));
        assert!(root_sets_policy(
            "#![deny(missing_docs, unsafe_code)]\nfn main() {}"
        ));
        assert!(root_sets_policy("#![allow(unsafe_code)]\nfn main() {}"));
        assert!(!root_sets_policy("#![warn(dead_code)]\nfn main() {}"));
        assert!(!root_sets_policy(
            "#![forbid(unsafe_op_in_unsafe_fn)]\nfn main() {}"
        ));
        assert!(!root_sets_policy("#[forbid(unsafe_code)]\nfn main() {}"));
    }

    #[test]
    fn manifest_lints() {
        let table = |text: &str| -> toml::Table { toml::from_str(text).unwrap() };
        let own = table("[lints.rust]\nunsafe_code = \"forbid\"\n");
        assert!(manifest_sets_unsafe_policy(&own, None));
        let detailed = table("[lints.rust]\nunsafe_code = { level = \"deny\", priority = 1 }\n");
        assert!(manifest_sets_unsafe_policy(&detailed, None));
        let allowed = table("[lints.rust]\nunsafe_code = \"allow\"\n");
        assert!(manifest_sets_unsafe_policy(&allowed, None));
        let other = table("[lints.rust]\nmissing_docs = \"deny\"\n");
        assert!(!manifest_sets_unsafe_policy(&other, None));
        let member = table("[lints]\nworkspace = true\n");
        let root = table("[workspace]\n[workspace.lints.rust]\nunsafe_code = \"forbid\"\n");
        assert!(inherits_workspace_lints(&member));
        assert!(manifest_sets_unsafe_policy(&member, Some(&root)));
        assert!(!manifest_sets_unsafe_policy(&member, None));
        let single =
            table("[lints]\nworkspace = true\n[workspace.lints.rust]\nunsafe_code = \"forbid\"\n");
        assert!(manifest_sets_unsafe_policy(&single, None));
        // Workspace lints a package does not inherit do not apply to it.
        assert!(!manifest_sets_unsafe_policy(&root, None));
    }
}
