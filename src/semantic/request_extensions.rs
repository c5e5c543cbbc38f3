//! Values layers and middleware put in a request's extensions, and reading them back.
//!
//! A value a layer installs on a router (`.layer(Extension(ctx))`, a session layer) or a
//! middleware inserts on every request (`req.extensions_mut().insert(RequestLog::default())`)
//! is missing on every request of a route or on none: reading it back with `.expect(..)` fails
//! only in a wrongly built server. A middleware that inserts a value only on some requests
//! (`if let Some(user) = session_user { req.extensions_mut().insert(user) }`) makes the read
//! depend on the request: those inserts are recorded, with the inserted type when it is
//! written (`CurrentUser { .. }`, `UserId(id)`). The API names are `[request-extensions]` in
//! `rules/models/errors.toml`.

use std::collections::HashMap;

use syn::visit::Visit;

use crate::semantic::models::models;
use crate::semantic::syntax::{last_ident, type_last_ident};

/// The file's inserts into request extensions that run only on some paths of their function
/// (in a branch, loop or closure), by the type inserted (`None`: not written at the insert).
pub fn conditional_inserts(file: &syn::File) -> Vec<Option<String>> {
    let mut finder = Inserts {
        depth: 0,
        found: Vec::new(),
        local_types: HashMap::new(),
    };
    finder.visit_file(file);
    finder.found
}

/// The type of the request extension an unwrapped receiver reads, when it reads one:
/// `req.extensions().get::<Session>()` is `Some(Some("Session"))`,
/// `Extension::from_request(req).await` `Some(None)`.
pub fn extension_read(receiver: &syn::Expr) -> Option<Option<String>> {
    let model = &models().request_extensions;
    let mut expr = receiver;
    loop {
        match expr {
            syn::Expr::Await(inner) => expr = &inner.base,
            syn::Expr::Paren(inner) => expr = &inner.expr,
            syn::Expr::MethodCall(call)
                if call.args.is_empty() && model.views.iter().any(|v| call.method == v) =>
            {
                expr = &call.receiver;
            }
            _ => break,
        }
    }
    match expr {
        syn::Expr::MethodCall(get)
            if model.getters.iter().any(|g| get.method == g) && get.args.is_empty() =>
        {
            let mut store = &*get.receiver;
            while let syn::Expr::Paren(inner) = store {
                store = &inner.expr;
            }
            let syn::Expr::MethodCall(store) = store else {
                return None;
            };
            if !(store.args.is_empty() && model.reads.iter().any(|r| store.method == r)) {
                return None;
            }
            let ty = get
                .turbofish
                .as_ref()
                .and_then(|fish| match fish.args.first() {
                    Some(syn::GenericArgument::Type(ty)) => {
                        type_last_ident(ty).map(|i| i.to_string())
                    }
                    _ => None,
                });
            Some(ty)
        }
        syn::Expr::Call(call) => {
            let syn::Expr::Path(func) = &*call.func else {
                return None;
            };
            let segments: Vec<&syn::PathSegment> = func.path.segments.iter().collect();
            let [.., owner, function] = segments.as_slice() else {
                return None;
            };
            let written = format!("{}::{}", owner.ident, function.ident);
            if !model.extractors.contains(&written) {
                return None;
            }
            let ty = match &owner.arguments {
                syn::PathArguments::AngleBracketed(args) => match args.args.first() {
                    Some(syn::GenericArgument::Type(ty)) => {
                        type_last_ident(ty).map(|i| i.to_string())
                    }
                    _ => None,
                },
                _ => None,
            };
            Some(ty)
        }
        _ => None,
    }
}

/// Walks function bodies, counting the branches, loops and closures around each insert.
struct Inserts {
    depth: usize,
    found: Vec<Option<String>>,
    /// The types written where the current function's locals are bound
    /// (`let original = OriginalPath(p);`).
    local_types: HashMap<String, String>,
}

impl Inserts {
    fn nested(&mut self, visit: impl FnOnce(&mut Self)) {
        self.depth += 1;
        visit(self);
        self.depth -= 1;
    }
}

impl<'ast> Visit<'ast> for Inserts {
    fn visit_item_fn(&mut self, node: &'ast syn::ItemFn) {
        self.local_types.clear();
        syn::visit::visit_item_fn(self, node);
    }

    fn visit_impl_item_fn(&mut self, node: &'ast syn::ImplItemFn) {
        self.local_types.clear();
        syn::visit::visit_impl_item_fn(self, node);
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let (syn::Pat::Ident(ident), Some(init)) = (&local.pat, &local.init) {
            let name = ident.ident.to_string();
            match inserted_type(&init.expr) {
                Some(ty) => self.local_types.insert(name, ty),
                None => self.local_types.remove(&name),
            };
        }
        syn::visit::visit_local(self, local);
    }

    fn visit_expr_if(&mut self, node: &'ast syn::ExprIf) {
        self.nested(|this| syn::visit::visit_expr_if(this, node));
    }

    fn visit_expr_match(&mut self, node: &'ast syn::ExprMatch) {
        self.nested(|this| syn::visit::visit_expr_match(this, node));
    }

    fn visit_expr_for_loop(&mut self, node: &'ast syn::ExprForLoop) {
        self.nested(|this| syn::visit::visit_expr_for_loop(this, node));
    }

    fn visit_expr_while(&mut self, node: &'ast syn::ExprWhile) {
        self.nested(|this| syn::visit::visit_expr_while(this, node));
    }

    fn visit_expr_loop(&mut self, node: &'ast syn::ExprLoop) {
        self.nested(|this| syn::visit::visit_expr_loop(this, node));
    }

    fn visit_expr_closure(&mut self, node: &'ast syn::ExprClosure) {
        self.nested(|this| syn::visit::visit_expr_closure(this, node));
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let model = &models().request_extensions;
        let into_extensions = matches!(&*call.receiver, syn::Expr::MethodCall(store)
            if store.args.is_empty() && model.writes.iter().any(|w| store.method == w));
        if self.depth > 0
            && into_extensions
            && call.args.len() == 1
            && model.inserts.iter().any(|i| call.method == i)
        {
            let value = &call.args[0];
            let local = match value {
                syn::Expr::Path(path) => path
                    .path
                    .get_ident()
                    .and_then(|name| self.local_types.get(&name.to_string()).cloned()),
                _ => None,
            };
            self.found.push(local.or_else(|| inserted_type(value)));
        }
        syn::visit::visit_expr_method_call(self, call);
    }
}

/// The type of an inserted value when the insert writes it: a struct literal (`CurrentUser {
/// .. }`), a tuple struct (`UserId(id)`) or an associated function (`Session::new(..)`).
fn inserted_type(value: &syn::Expr) -> Option<String> {
    let is_type = |ident: &syn::Ident| ident.to_string().starts_with(|c: char| c.is_uppercase());
    match value {
        syn::Expr::Struct(literal) => last_ident(&literal.path).map(ToString::to_string),
        syn::Expr::Call(call) => {
            let syn::Expr::Path(func) = &*call.func else {
                return None;
            };
            let segments: Vec<&syn::Ident> = func.path.segments.iter().map(|s| &s.ident).collect();
            match segments.as_slice() {
                [.., ty] if is_type(ty) => Some(ty.to_string()),
                [.., ty, _] if is_type(ty) => Some(ty.to_string()),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_on_some_paths_only_are_recorded() {
        let file: syn::File = syn::parse_str(
            r#"
async fn log(mut req: Request, next: Next) -> Response {
    req.extensions_mut().insert(RequestLog::default());
    next.run(req).await
}
async fn auth(mut req: Request, next: Next) -> Response {
    if let Some(id) = session_user(&req) {
        req.extensions_mut().insert(UserId(id));
    }
    let original = OriginalPath(p);
    if rewritten { req.extensions_mut().insert(original); }
    match lookup(&req) { Some(user) => { req.extensions_mut().insert(user); } None => {} }
    next.run(req).await
}
"#,
        )
        .unwrap();
        assert_eq!(
            conditional_inserts(&file),
            [
                Some("UserId".to_string()),
                Some("OriginalPath".to_string()),
                None
            ]
        );
    }

    #[test]
    fn reads_through_getters_and_the_extractor() {
        let read = |text: &str| extension_read(&syn::parse_str(text).unwrap());
        assert_eq!(
            read("req.extensions().get::<Session>()"),
            Some(Some("Session".to_string()))
        );
        assert_eq!(
            read("(&request).extensions().get::<Session>().cloned()"),
            Some(Some("Session".to_string()))
        );
        assert_eq!(read("Extension::from_request(req).await"), Some(None));
        assert_eq!(
            read("Extension::<Ctx>::from_request_parts(parts, state).await"),
            Some(Some("Ctx".to_string()))
        );
        assert_eq!(read("req.headers().get(\"x\")"), None);
        assert_eq!(read("map.get::<u32>()"), None);
    }
}
