//! Request handlers and routing, per web framework (axum, actix-web, rocket, warp, poem, …),
//! driven by `rules/models/frameworks.toml`.

use quote::ToTokens;

use crate::semantic::facts::HandlerEvidence;
use crate::semantic::models::{models, Framework};
use crate::semantic::syntax::{last_ident, peel, type_path};
use crate::semantic::Imports;

/// The framework a canonical path belongs to (`axum::routing::get` → axum).
fn framework_of_path(path: &[String]) -> Option<&'static Framework> {
    path.first().and_then(|krate| models().framework(krate))
}

/// Whether a file imports a crate that makes it server code.
pub fn uses_server_crate(imports: &Imports) -> bool {
    models()
        .server_crates
        .iter()
        .any(|krate| imports.uses_crate(krate))
}

/// Resolves a name to the framework that provides it: by its canonical path, or, for a bare
/// name the imports do not explain, by a framework the file uses whose list contains it
/// (glob imports, `#[macro_use] extern crate rocket`).
fn provided_by(
    imports: &Imports,
    path: &syn::Path,
    list: impl Fn(&Framework) -> &[String],
) -> Option<&'static Framework> {
    let name = last_ident(path)?.to_string();
    let resolved = imports.resolve(path);
    if let Some(framework) = framework_of_path(&resolved) {
        return list(framework).contains(&name).then_some(framework);
    }
    let bare = resolved.len() == 1;
    if bare {
        return imports
            .frameworks()
            .iter()
            .copied()
            .find(|framework| list(framework).contains(&name));
    }
    None
}

/// Whether a function is a handler by its own declaration: a routing attribute, an `async fn`
/// with an extractor parameter, or a method of a framework trait implementation.
pub fn handler_evidence(
    imports: &Imports,
    attrs: &[syn::Attribute],
    sig: &syn::Signature,
    impl_trait: Option<&syn::Path>,
) -> Option<HandlerEvidence> {
    if attrs
        .iter()
        .any(|attr| provided_by(imports, attr.path(), |f| &f.handler_attributes).is_some())
    {
        return Some(HandlerEvidence::Attribute);
    }
    if attrs
        .iter()
        .any(|attr| provided_by(imports, attr.path(), |f| &f.marker_attributes).is_some())
    {
        return Some(HandlerEvidence::Extractor);
    }
    if let Some(trait_path) = impl_trait {
        if provided_by(imports, trait_path, |f| &f.handler_traits).is_some() {
            return Some(HandlerEvidence::FrameworkTrait);
        }
    }
    // axum and actix-web handlers are futures: a plain `fn` taking `&HttpRequest` or `Bytes`
    // is a helper that handlers call (its parameters are input only if a caller passes it).
    let extractor = sig.asyncness.is_some()
        && sig.inputs.iter().any(|input| match input {
            syn::FnArg::Typed(typed) => is_extractor_type(imports, &typed.ty),
            syn::FnArg::Receiver(_) => false,
        });
    extractor.then_some(HandlerEvidence::Extractor)
}

/// A route attribute's dynamic path segments, with the framework the attribute belongs to.
pub struct Route {
    /// The framework's crate (`rocket`).
    pub framework: &'static str,
    /// Only request paths starting with a fixed segment reach it (see
    /// [`starts_with_fixed_segment`]) and the framework matches them exactly.
    pub fixed_start: bool,
    /// The names of the dynamic segments of the path (`id` and `file` in
    /// `#[get("/files/<id>/<file..>?<token>")]`; query and data parameters are not segments).
    pub segments: Vec<String>,
    /// Every parameter the attribute binds, when the framework's routes name them (rocket):
    /// segments, query parameters and the `data = "<form>"` body. `None` elsewhere.
    pub bound: Option<Vec<String>>,
}

/// The route a handler's attribute declares (`#[get("/static/<file..>", rank = 3)]`,
/// `#[route(GET, uri = "/<id>")]`): its first string literal is the URI.
pub fn route_of(imports: &Imports, attrs: &[syn::Attribute]) -> Option<Route> {
    attrs.iter().find_map(|attr| {
        let framework = provided_by(imports, attr.path(), |f| &f.handler_attributes)?;
        let syn::Meta::List(list) = &attr.meta else {
            return None;
        };
        let literals: Vec<String> = list
            .tokens
            .clone()
            .into_iter()
            .filter_map(|token| match token {
                proc_macro2::TokenTree::Literal(literal) => {
                    syn::parse2::<syn::LitStr>(literal.into_token_stream())
                        .ok()
                        .map(|text| text.value())
                }
                _ => None,
            })
            .collect();
        let uri = literals.first()?.clone();
        let bound = framework.routes_name_parameters.then(|| {
            literals
                .iter()
                .flat_map(|text| text.split(['/', '?', '&']))
                .filter_map(|part| part.strip_prefix('<')?.strip_suffix('>'))
                .map(|name| name.trim_end_matches("..").to_string())
                .collect()
        });
        let path = uri.split('?').next().unwrap_or_default();
        let segments = path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('<')?.strip_suffix('>'))
            .map(|name| name.trim_end_matches("..").to_string())
            .collect();
        Some(Route {
            framework: &framework.krate,
            fixed_start: framework.exact_path_attributes && starts_with_fixed_segment(path),
            segments,
            bound,
        })
    })
}

/// Whether a parameter type is a framework extractor (`Json<T>`, `web::Path<u32>`, `&State<S>`).
pub fn is_extractor_type(imports: &Imports, ty: &syn::Type) -> bool {
    type_path(ty).is_some_and(|path| provided_by(imports, path, |f| &f.extractors).is_some())
}

/// Whether a route's path pattern starts with a fixed segment (`/oauth/authorize`, `/users/{id}`,
/// `/`), so that no request path reaching it starts with `//`; not `/{*rest}`, `/:id` or
/// `/<path..>`.
pub fn starts_with_fixed_segment(pattern: &str) -> bool {
    let Some(rest) = pattern.strip_prefix('/') else {
        return false;
    };
    !rest.starts_with(['/', ':', '{', '*', '<'])
}

/// The handlers a route registers on a path with a fixed first segment, in a framework that
/// matches paths exactly (`.route("/login", post(login).get(form))`): the paths of the
/// functions the route's other arguments name.
pub fn fixed_path_handlers<'a>(imports: &Imports, expr: &'a syn::Expr) -> Vec<&'a syn::Path> {
    let syn::Expr::MethodCall(call) = expr else {
        return Vec::new();
    };
    let exact = imports
        .frameworks()
        .iter()
        .any(|f| f.exact_path_routes.iter().any(|m| call.method == m));
    let fixed = call
        .args
        .first()
        .and_then(crate::semantic::syntax::literal_text)
        .is_some_and(|pattern| starts_with_fixed_segment(&pattern));
    if !(exact && fixed) {
        return Vec::new();
    }
    let mut found = Vec::new();
    for arg in call.args.iter().skip(1) {
        collect_routed_paths(imports, arg, &mut found);
    }
    found
}

/// The functions the routing calls in `expr` register (`post(login).get(form)`,
/// `web::get().to(login)`).
fn collect_routed_paths<'a>(
    imports: &Imports,
    expr: &'a syn::Expr,
    found: &mut Vec<&'a syn::Path>,
) {
    if let Some(routing) = routing_call(imports, expr) {
        if !routing.middleware {
            found.extend(routing.paths);
        }
    }
    match peel(expr) {
        syn::Expr::MethodCall(call) => {
            collect_routed_paths(imports, &call.receiver, found);
            for arg in &call.args {
                collect_routed_paths(imports, arg, found);
            }
        }
        syn::Expr::Call(call) => {
            for arg in &call.args {
                collect_routed_paths(imports, arg, found);
            }
        }
        _ => {}
    }
}

/// A call or method call that registers handlers, with the arguments that are handlers.
pub struct Routing<'a> {
    /// Arguments that name functions (`handlers::create_user`).
    pub paths: Vec<&'a syn::Path>,
    /// Closures registered inline (`get(|| async { .. })`).
    pub closures: Vec<&'a syn::ExprClosure>,
    /// What is registered is middleware (`from_fn(auth)`), not a route's handler.
    pub middleware: bool,
}

/// Recognises `get(handler)`, `routing::post(h)`, `from_fn(auth)`, `.post(h)` on a method
/// router, `.to(h)` (actix-web), `.and_then(h)` (warp).
pub fn routing_call<'a>(imports: &Imports, expr: &'a syn::Expr) -> Option<Routing<'a>> {
    let middleware;
    let args = match expr {
        syn::Expr::Call(call) => {
            let syn::Expr::Path(func) = peel(&call.func) else {
                return None;
            };
            let name = last_ident(&func.path)?.to_string();
            if !models().routing_function_names.contains(&name) {
                return None;
            }
            let framework = provided_by(imports, &func.path, |f| &f.routing_functions)?;
            middleware = framework.middleware.contains(&name);
            &call.args
        }
        syn::Expr::MethodCall(call) => {
            if imports.frameworks().is_empty() {
                return None;
            }
            let name = call.method.to_string();
            let framework = imports
                .frameworks()
                .iter()
                .find(|f| f.routing_methods.contains(&name))?;
            middleware = framework.middleware.contains(&name);
            // Method names like `get`, `map` are everywhere; require the receiver chain to
            // start at routing code for the generic ones.
            if matches!(
                name.as_str(),
                "get" | "map" | "then" | "head" | "options" | "trace" | "delete"
            ) && !chain_is_routing(imports, &call.receiver)
            {
                return None;
            }
            &call.args
        }
        _ => return None,
    };
    let mut routing = Routing {
        paths: Vec::new(),
        closures: Vec::new(),
        middleware,
    };
    for arg in args {
        match peel(arg) {
            syn::Expr::Path(path) if path.qself.is_none() => routing.paths.push(&path.path),
            syn::Expr::Closure(closure) => routing.closures.push(closure),
            _ => {}
        }
    }
    Some(routing)
}

/// Whether a method chain is rooted in routing code: a routing function call, a router
/// constructor (`Router::new()`, `web::resource(..)`, `warp::path(..)`), or a `warp` filter.
fn chain_is_routing(imports: &Imports, mut expr: &syn::Expr) -> bool {
    loop {
        match peel(expr) {
            syn::Expr::MethodCall(call) => expr = &call.receiver,
            syn::Expr::Call(call) => {
                let syn::Expr::Path(func) = peel(&call.func) else {
                    return false;
                };
                return provided_by(imports, &func.path, |f| &f.routing_functions).is_some()
                    || framework_of_path(&imports.resolve(&func.path)).is_some();
            }
            syn::Expr::Macro(mac) => {
                return framework_of_path(&imports.resolve(&mac.mac.path)).is_some()
                    || last_ident(&mac.mac.path).is_some_and(|id| id == "path");
            }
            syn::Expr::Path(path) => {
                return framework_of_path(&imports.resolve(&path.path)).is_some();
            }
            _ => return false,
        }
    }
}

/// Handler paths named in a routing macro (`routes![index, users::create]`).
pub fn is_routing_macro(imports: &Imports, mac: &syn::Macro) -> bool {
    provided_by(imports, &mac.path, |f| &f.routing_macros).is_some()
}
