//! Calls that block the calling thread (`[[blocking]]` of `rules/models/performance.toml` and
//! the project's `[models] blocking`): what a call is, when it blocks, and how to fix it.
//! `blocking-in-async` reports them in async code; the walker records, per synchronous
//! function, the first one its body makes, so that an async caller of that function is
//! reported too.

use crate::semantic::calls::{called_path, modelled_call};
use crate::semantic::models::models;
use crate::semantic::models::performance::any_matches;
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
    if let Some((model, callee)) = modelled_call(file, &models().performance.blocking, expr, false)
    {
        return Some(BlockingCall {
            what: &model.what,
            fix: &model.fix,
            callee,
        });
    }
    let project = file.taint;
    let declared = |callee: String| BlockingCall {
        what: PROJECT_WHAT,
        fix: PROJECT_FIX,
        callee,
    };
    match expr {
        syn::Expr::Call(_) => {
            let path = called_path(file, expr)?;
            any_matches(&project.project_blocking, &path).then(|| declared(path.join("::")))
        }
        syn::Expr::MethodCall(call) => {
            let name = call.method.to_string();
            project
                .project_blocking_methods
                .contains(&name)
                .then(|| declared(format!(".{name}(..)")))
        }
        _ => None,
    }
}
