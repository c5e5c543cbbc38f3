//! Values layers and middleware put in a request's extensions, and reading them back.
//!
//! A value a layer installs on a router (`.layer(Extension(ctx))`, a session layer) or a
//! middleware inserts on every request (`req.extensions_mut().insert(RequestLog::default())`)
//! is missing on every request of a route or on none: reading it back with `.expect(..)` fails
//! only in a wrongly built server. A middleware that inserts a value only on some requests
//! (`if let Some(user) = session_user { req.extensions_mut().insert(user) }`) makes the read
//! depend on the request: those inserts are recorded, with the inserted type when it is
//! written (`CurrentUser { .. }`, `UserId(id)`). Inserts into a response's extensions (a local
//! bound from `next.run(req).await` or `.into_response()`) are not the request's and are not
//! recorded. Shared-ownership wrappers are compared by the type they hold (`Arc<Config>` is
//! `Config`). The API names are `[request-extensions]` in `rules/models/errors.toml`.

use std::collections::{HashMap, HashSet};

use syn::visit::Visit;

use crate::semantic::models::models;
use crate::semantic::syntax::{last_ident, type_arguments, type_last_ident};

/// The file's inserts into request extensions that run only on some paths of their function
/// (in a branch, loop or closure), by the type inserted (`None`: not written at the insert).
pub fn conditional_inserts(file: &syn::File) -> Vec<Option<String>> {
    let mut finder = Inserts {
        depth: 0,
        found: Vec::new(),
        local_types: HashMap::new(),
        responses: HashSet::new(),
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
            Some(get.turbofish.as_ref().and_then(first_held_type))
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
                syn::PathArguments::AngleBracketed(args) => first_held_type(args),
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
    /// The current function's parameters and locals that hold a response.
    responses: HashSet<String>,
}

impl Inserts {
    fn nested(&mut self, visit: impl FnOnce(&mut Self)) {
        self.depth += 1;
        visit(self);
        self.depth -= 1;
    }
}

impl Inserts {
    /// Starts a function: forgets the previous one's locals and notes its response parameters.
    fn enter_fn(&mut self, signature: &syn::Signature) {
        self.local_types.clear();
        self.responses.clear();
        for input in &signature.inputs {
            if let syn::FnArg::Typed(typed) = input {
                if let (syn::Pat::Ident(ident), true) = (&*typed.pat, is_response_type(&typed.ty)) {
                    self.responses.insert(ident.ident.to_string());
                }
            }
        }
    }

    /// Whether an expression is a response: a local holding one, or a call producing one.
    fn is_response(&self, expr: &syn::Expr) -> bool {
        match expr {
            syn::Expr::Paren(inner) => self.is_response(&inner.expr),
            syn::Expr::Reference(inner) => self.is_response(&inner.expr),
            syn::Expr::Path(path) => path
                .path
                .get_ident()
                .is_some_and(|name| self.responses.contains(&name.to_string())),
            other => produces_response(other),
        }
    }
}

impl<'ast> Visit<'ast> for Inserts {
    fn visit_item_fn(&mut self, node: &'ast syn::ItemFn) {
        self.enter_fn(&node.sig);
        syn::visit::visit_item_fn(self, node);
    }

    fn visit_impl_item_fn(&mut self, node: &'ast syn::ImplItemFn) {
        self.enter_fn(&node.sig);
        syn::visit::visit_impl_item_fn(self, node);
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        let (pat, annotated) = match &local.pat {
            syn::Pat::Type(typed) => (&*typed.pat, Some(&*typed.ty)),
            pat => (pat, None),
        };
        if let (syn::Pat::Ident(ident), Some(init)) = (pat, &local.init) {
            let name = ident.ident.to_string();
            match inserted_type(&init.expr) {
                Some(ty) => self.local_types.insert(name.clone(), ty),
                None => self.local_types.remove(&name),
            };
            if annotated.is_some_and(is_response_type) || produces_response(&init.expr) {
                self.responses.insert(name);
            } else {
                self.responses.remove(&name);
            }
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
            if store.args.is_empty()
                && model.writes.iter().any(|w| store.method == w)
                && !self.is_response(&store.receiver));
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
            let written = call.turbofish.as_ref().and_then(first_held_type);
            self.found
                .push(written.or(local).or_else(|| inserted_type(value)));
        }
        syn::visit::visit_expr_method_call(self, call);
    }
}

/// The type of an inserted value when the insert writes it: a struct literal (`CurrentUser {
/// .. }`), a tuple struct (`UserId(id)`) or an associated function (`Session::new(..)`), seen
/// through a shared-ownership wrapper (`Arc::new(Config { .. })` is `Config`).
fn inserted_type(value: &syn::Expr) -> Option<String> {
    let is_type = |ident: &syn::Ident| ident.to_string().starts_with(|c: char| c.is_uppercase());
    let shared = &models().request_extensions.shared;
    match value {
        syn::Expr::Struct(literal) => last_ident(&literal.path).map(ToString::to_string),
        syn::Expr::Call(call) => {
            let syn::Expr::Path(func) = &*call.func else {
                return None;
            };
            let segments: Vec<&syn::Ident> = func.path.segments.iter().map(|s| &s.ident).collect();
            if let ([.., wrapper, _], [inner]) = (
                segments.as_slice(),
                &call.args.iter().collect::<Vec<_>>()[..],
            ) {
                if shared.iter().any(|s| *wrapper == s) {
                    return inserted_type(inner);
                }
            }
            match segments.as_slice() {
                [.., ty] if is_type(ty) => Some(ty.to_string()),
                [.., ty, _] if is_type(ty) => Some(ty.to_string()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The type the first generic argument names (`::<Arc<Session>>` → `Session`), as
/// [`held_type`] sees it.
fn first_held_type(args: &syn::AngleBracketedGenericArguments) -> Option<String> {
    match args.args.first() {
        Some(syn::GenericArgument::Type(ty)) => held_type(ty),
        _ => None,
    }
}

/// The type an extension of type `ty` is looked up by: its last segment, seen through a
/// shared-ownership wrapper (`Arc<WebMetrics>` is `WebMetrics`).
fn held_type(ty: &syn::Type) -> Option<String> {
    let ident = type_last_ident(ty)?;
    if models()
        .request_extensions
        .shared
        .iter()
        .any(|s| ident == s)
    {
        if let [inner] = type_arguments(ty).as_slice() {
            return held_type(inner);
        }
    }
    Some(ident.to_string())
}

/// Whether a type is a response (`[request-extensions] response-types`).
fn is_response_type(ty: &syn::Type) -> bool {
    type_last_ident(ty).is_some_and(|ident| {
        models()
            .request_extensions
            .response_types
            .iter()
            .any(|r| ident == r)
    })
}

/// Whether an expression produces a response: `next.run(req).await`, `x.into_response()`,
/// `IntoResponse::into_response(x)`, through `?` and `.await`.
fn produces_response(expr: &syn::Expr) -> bool {
    let producers = &models().request_extensions.response_producers;
    match expr {
        syn::Expr::Await(inner) => produces_response(&inner.base),
        syn::Expr::Try(inner) => produces_response(&inner.expr),
        syn::Expr::Paren(inner) => produces_response(&inner.expr),
        syn::Expr::MethodCall(call) => producers.iter().any(|p| call.method == p),
        syn::Expr::Call(call) => matches!(&*call.func, syn::Expr::Path(func)
            if last_ident(&func.path).is_some_and(|f| producers.iter().any(|p| f == p))),
        _ => false,
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
    fn inserts_into_responses_are_not_the_requests() {
        let file: syn::File = syn::parse_str(
            r#"
async fn headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    if response.status().is_success() { response.extensions_mut().insert(POLICY); }
    let mut redirect = axum_redirect(uri)?.into_response();
    if latest { redirect.extensions_mut().insert(policy); }
    response
}
fn mark(res: &mut Response) { if hit { res.extensions_mut().insert(Hit); } }
async fn auth(mut req: Request, next: Next) -> Response {
    if let Some(user) = user { req.extensions_mut().insert(Arc::new(CurrentUser { user })); }
    if admin { req.extensions_mut().insert::<Role>(role); }
    let req = req;
    next.run(req).await
}
"#,
        )
        .unwrap();
        assert_eq!(
            conditional_inserts(&file),
            [Some("CurrentUser".to_string()), Some("Role".to_string())]
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
        assert_eq!(
            read("request.extensions().get::<Arc<WebMetrics>>()"),
            Some(Some("WebMetrics".to_string()))
        );
        assert_eq!(read("req.headers().get(\"x\")"), None);
        assert_eq!(read("map.get::<u32>()"), None);
    }
}
