//! Calls that block the calling thread (`[[blocking]]` of `rules/models/performance.toml` and
//! the project's `[models] blocking`): what a call is, when it blocks, and how to fix it.
//! `blocking-in-async` reports them in async code; the walker records, per synchronous
//! function, the first one its body makes, so that an async caller of that function is
//! reported too.

use crate::semantic::calls::{called_path, chain_starts_at};
use crate::semantic::models::models;
use crate::semantic::models::performance::{any_matches, BlockingModel};
use crate::semantic::FileModel;

/// A blocking call: what blocks, the fix, and the callee as written in messages.
pub struct BlockingCall {
    pub what: &'static str,
    pub fix: &'static str,
    pub callee: String,
}

/// How a function or method the project declares blocking is described.
const PROJECT_WHAT: &str = "declared blocking in the project's `[models] blocking`";
const PROJECT_FIX: &str = "move the call into `tokio::task::spawn_blocking` (or `web::block`)";

/// The blocking call `expr` makes, if it makes one.
pub fn blocking_call(file: &FileModel<'_>, expr: &syn::Expr) -> Option<BlockingCall> {
    let blocking = &models().performance.blocking;
    let project = file.taint;
    let found = |model: &'static BlockingModel, callee: String| BlockingCall {
        what: &model.what,
        fix: &model.fix,
        callee,
    };
    let declared = |callee: String| BlockingCall {
        what: PROJECT_WHAT,
        fix: PROJECT_FIX,
        callee,
    };
    match expr {
        syn::Expr::Call(_) => {
            let path = called_path(file, expr)?;
            let callee = path.join("::");
            match blocking
                .iter()
                .find(|model| any_matches(&model.functions, &path))
            {
                Some(model) => Some(found(model, callee)),
                None => any_matches(&project.project_blocking, &path).then(|| declared(callee)),
            }
        }
        syn::Expr::MethodCall(call) => {
            let name = call.method.to_string();
            let callee = format!(".{name}(..)");
            let model = blocking.iter().find(|model| {
                model
                    .methods
                    .iter()
                    .any(|method| method.matches(&name, call.args.len()))
                    && blocks_here(file, model, &call.receiver)
            });
            match model {
                Some(model) => Some(found(model, callee)),
                None => project
                    .project_blocking_methods
                    .contains(&name)
                    .then(|| declared(callee)),
            }
        }
        _ => None,
    }
}

/// Whether a method of `model` called on `receiver` is the blocking one: the chain starts at
/// one of its constructors, or the file imports its traits or its crate (and not the crate's
/// async flavour).
fn blocks_here(file: &FileModel<'_>, model: &BlockingModel, receiver: &syn::Expr) -> bool {
    let imports = &file.imports;
    if model
        .unless_crates
        .iter()
        .any(|krate| imports.uses_crate(krate))
    {
        return false;
    }
    chain_starts_at(file, receiver, &model.on)
        || imports.imports_any(&model.traits, &model.trait_globs)
        || model.crates.iter().any(|krate| imports.uses_crate(krate))
}
