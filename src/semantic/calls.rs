//! What a call expression calls, by canonical path: the function of `a::b(..)`, the call a
//! method chain starts at (`Command::new("git").arg("x").output()` starts at `Command::new`),
//! and which kind of modelled call (`[[blocking]]`, `[[queries]]`) an expression is.

use crate::semantic::models::performance::{any_matches, CallModel};
use crate::semantic::models::ArgPattern;
use crate::semantic::syntax::{chain_root, peel};
use crate::semantic::FileModel;

/// The model of `models` that `expr` is a call of, with the callee as written in messages
/// (`sqlx::query`, `.fetch_all(..)`). `awaited`: the call is the operand of `.await`.
pub fn modelled_call<'m>(
    file: &FileModel<'_>,
    models: &'m [CallModel],
    expr: &syn::Expr,
    awaited: bool,
) -> Option<(&'m CallModel, String)> {
    match expr {
        syn::Expr::Call(_) => {
            let path = called_path(file, expr)?;
            let model = models
                .iter()
                .find(|model| any_matches(&model.functions, &path))?;
            Some((model, path.join("::")))
        }
        syn::Expr::MethodCall(call) => {
            let name = call.method.to_string();
            let arity = call.args.len();
            let model = models.iter().find(|model| {
                (awaited || !model.awaited_only)
                    && model.methods.iter().any(|m| m.matches(&name, arity))
                    && method_is_models(file, model, &call.receiver)
            })?;
            Some((model, format!(".{name}(..)")))
        }
        _ => None,
    }
}

/// Whether a method of `model` called on `receiver` is the model's: the chain starts at one of
/// its constructors or macros, or the file imports its traits or its crate (and not the
/// crate's other flavour).
fn method_is_models(file: &FileModel<'_>, model: &CallModel, receiver: &syn::Expr) -> bool {
    let imports = &file.imports;
    if model
        .unless_crates
        .iter()
        .any(|krate| imports.uses_crate(krate))
    {
        return false;
    }
    chain_starts_at(file, receiver, &model.on)
        || chain_starts_at_macro(file, receiver, &model.macros)
        || imports.imports_any(&model.traits, &model.trait_globs)
        || model.crates.iter().any(|krate| imports.uses_crate(krate))
}

/// Whether the method chain of `receiver` starts at an invocation of one of `macros`
/// (`sqlx::query!(..).fetch_one(..)`).
pub fn chain_starts_at_macro(
    file: &FileModel<'_>,
    receiver: &syn::Expr,
    macros: &[ArgPattern],
) -> bool {
    matches!(chain_root(receiver), syn::Expr::Macro(mac)
        if any_matches(macros, &file.resolve(&mac.mac.path)))
}

/// The canonical path of the function `expr` calls, when it is a call of a path.
pub fn called_path(file: &FileModel<'_>, expr: &syn::Expr) -> Option<Vec<String>> {
    let syn::Expr::Call(call) = peel(expr) else {
        return None;
    };
    let syn::Expr::Path(func) = peel(&call.func) else {
        return None;
    };
    Some(file.resolve(&func.path))
}

/// Whether `expr` is a call of one of `functions` (`redis::pipe()`).
pub fn is_call_of(file: &FileModel<'_>, expr: &syn::Expr, functions: &[ArgPattern]) -> bool {
    called_path(file, expr).is_some_and(|path| functions.iter().any(|f| f.matches_path(&path)))
}

/// Whether the method chain of `receiver` starts at a call of one of `functions`.
pub fn chain_starts_at(
    file: &FileModel<'_>,
    receiver: &syn::Expr,
    functions: &[ArgPattern],
) -> bool {
    is_call_of(file, chain_root(receiver), functions)
}
