//! Servers being started, and whether they shut down gracefully: the calls that start serving
//! and the methods that switch a default graceful shutdown off (`[[serve]]` of
//! `rules/models/operations.toml`).

use crate::semantic::models::models;
use crate::semantic::models::operations::ServeModel;
use crate::semantic::syntax::peel;
use crate::semantic::Imports;

/// The server a call starts (`axum::serve(listener, app)`, `warp::serve(routes)`), for servers
/// that have no graceful shutdown unless one is asked for.
pub fn started_server(imports: &Imports, call: &syn::ExprCall) -> Option<&'static ServeModel> {
    let model = starting_model(imports, call)?;
    model.disabling.is_empty().then_some(model)
}

/// The server whose default graceful shutdown the method call switches off
/// (`HttpServer::new(..).disable_signals()`).
pub fn disabled_shutdown(
    imports: &Imports,
    call: &syn::ExprMethodCall,
) -> Option<&'static ServeModel> {
    let name = call.method.to_string();
    let syn::Expr::Call(root) = chain_start(&call.receiver) else {
        return None;
    };
    let model = starting_model(imports, root)?;
    model
        .disabling
        .iter()
        .any(|method| method.matches(&name, call.args.len()))
        .then_some(model)
}

fn starting_model(imports: &Imports, call: &syn::ExprCall) -> Option<&'static ServeModel> {
    let syn::Expr::Path(func) = peel(&call.func) else {
        return None;
    };
    let path = imports.resolve(&func.path);
    models()
        .operations
        .serve
        .iter()
        .find(|model| model.starts.iter().any(|start| start.matches_path(&path)))
}

/// Where a builder chain starts, through `?` and `.await` (`HttpServer::new(..).bind(a)?`).
fn chain_start(mut expr: &syn::Expr) -> &syn::Expr {
    loop {
        match peel(expr) {
            syn::Expr::MethodCall(call) => expr = &call.receiver,
            syn::Expr::Try(tried) => expr = &tried.expr,
            syn::Expr::Await(awaited) => expr = &awaited.base,
            other => return other,
        }
    }
}
