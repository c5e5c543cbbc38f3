//! Fields a crate's own extractor fills per route: in `impl<T> FromRequest for Args<T>`, a
//! value computed from the route type's associated constant (`auth(.., &T::METADATA)`) and
//! the fields built from it (`sender_user: auth.sender_user`). The route's metadata, not the
//! request, decides whether they are filled: a handler that unwraps one relies on its route.
//! The models are `[route-filled]` in `rules/models/errors.toml`.

use std::collections::HashSet;

use syn::visit::Visit;

use crate::semantic::models::models;
use crate::semantic::syntax::{last_ident, type_arguments, type_last_ident};

/// The type an extractor impl is for, by its last segment.
fn extractor_type(item: &syn::ItemImpl) -> Option<String> {
    let traits = &models().route_filled.traits;
    let is_extractor = item
        .trait_
        .as_ref()
        .and_then(|(path, _)| last_ident(path))
        .is_some_and(|name| traits.iter().any(|t| name == t));
    if !is_extractor {
        return None;
    }
    type_last_ident(&item.self_ty).map(ToString::to_string)
}

/// The type of an extractor generic over the route's request type (`impl<T> FromRequest<S> for
/// Ruma<T>`), by its last segment: it wraps the request's content, so its values are request
/// input. An extractor of a fixed type (`impl FromRequest for AuthUser`) is a value the server
/// derives (a request guard) and is not.
pub fn payload_extractor_type(item: &syn::ItemImpl) -> Option<String> {
    let generic = !type_arguments(&item.self_ty).is_empty();
    extractor_type(item).filter(|_| generic)
}

/// The fields the extractor `item` fills from a value computed from its route's metadata, as
/// (type name, field name); empty when `item` is no such extractor.
pub fn route_filled_fields(item: &syn::ItemImpl) -> Vec<(String, String)> {
    let Some(type_name) = extractor_type(item) else {
        return Vec::new();
    };
    let route_types: HashSet<String> = item
        .generics
        .type_params()
        .map(|param| param.ident.to_string())
        .collect();
    let mut fields = Vec::new();
    for impl_item in &item.items {
        let syn::ImplItem::Fn(method) = impl_item else {
            continue;
        };
        let mut finder = MetadataBindings {
            route_types: &route_types,
            bound: HashSet::new(),
        };
        finder.visit_block(&method.block);
        if finder.bound.is_empty() {
            continue;
        }
        let mut literals = FilledFields {
            type_name: &type_name,
            bound: &finder.bound,
            fields: Vec::new(),
        };
        literals.visit_block(&method.block);
        fields.extend(
            literals
                .fields
                .into_iter()
                .map(|field| (type_name.clone(), field)),
        );
    }
    fields.sort();
    fields.dedup();
    fields
}

/// The local and field an unwrapped receiver reads, through methods that only view it:
/// `body.sender_user.as_ref()` is (`body`, `sender_user`).
pub fn viewed_field(receiver: &syn::Expr) -> Option<(String, String)> {
    let views = &models().route_filled.views;
    let mut expr = receiver;
    while let syn::Expr::MethodCall(call) = expr {
        if !call.args.is_empty() || !views.iter().any(|view| call.method == view) {
            return None;
        }
        expr = &call.receiver;
    }
    let syn::Expr::Field(field) = expr else {
        return None;
    };
    let syn::Member::Named(name) = &field.member else {
        return None;
    };
    let syn::Expr::Path(base) = &*field.base else {
        return None;
    };
    let base = base.path.get_ident()?;
    Some((base.to_string(), name.to_string()))
}

/// Names bound by `let` to a value whose initialiser reads an associated constant of one of
/// the route's type parameters (`T::METADATA`).
struct MetadataBindings<'a> {
    route_types: &'a HashSet<String>,
    bound: HashSet<String>,
}

impl<'ast> Visit<'ast> for MetadataBindings<'_> {
    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let (syn::Pat::Ident(ident), Some(init)) = (&local.pat, &local.init) {
            let mut reads = ReadsRouteConstant {
                route_types: self.route_types,
                found: false,
            };
            reads.visit_expr(&init.expr);
            if reads.found {
                self.bound.insert(ident.ident.to_string());
            }
        }
        syn::visit::visit_local(self, local);
    }
}

struct ReadsRouteConstant<'a> {
    route_types: &'a HashSet<String>,
    found: bool,
}

impl<'ast> Visit<'ast> for ReadsRouteConstant<'_> {
    fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
        let segments = crate::semantic::syntax::segments(&path.path);
        if let [route_type, constant] = segments.as_slice() {
            let is_constant = constant
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            self.found |= is_constant && self.route_types.contains(route_type);
        }
    }
}

/// The fields of struct literals of the extractor (`Self { .. }`, `Args { .. }`) whose value is
/// a bound name or a field of one (`sender_user: auth.sender_user`).
struct FilledFields<'a> {
    type_name: &'a str,
    bound: &'a HashSet<String>,
    fields: Vec<String>,
}

impl<'ast> Visit<'ast> for FilledFields<'_> {
    fn visit_expr_struct(&mut self, literal: &'ast syn::ExprStruct) {
        let builds_extractor =
            last_ident(&literal.path).is_some_and(|name| name == "Self" || name == self.type_name);
        if builds_extractor {
            for field in &literal.fields {
                let syn::Member::Named(name) = &field.member else {
                    continue;
                };
                let mut value = &field.expr;
                while let syn::Expr::Field(inner) = value {
                    value = &inner.base;
                }
                let from_bound = matches!(value, syn::Expr::Path(path)
                    if path.path.get_ident().is_some_and(|id| self.bound.contains(&id.to_string())));
                if from_bound {
                    self.fields.push(name.to_string());
                }
            }
        }
        syn::visit::visit_expr_struct(self, literal);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(code: &str) -> Vec<(String, String)> {
        let file = syn::parse_file(code).unwrap();
        file.items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Impl(item) => Some(route_filled_fields(item)),
                _ => None,
            })
            .flatten()
            .collect()
    }

    #[test]
    fn fields_taken_from_a_value_of_the_route_metadata() {
        let code = r#"
impl<T: IncomingRequest> FromRequest<State, Body> for Args<T> {
    async fn from_request(req: Request, s: &State) -> Result<Self, Error> {
        let json_body = serde_json::from_slice(&req.body).ok();
        let auth = auth::auth(s, &req, &T::METADATA).await?;
        Ok(Self { body: make_body(&req)?, sender_user: auth.sender_user, origin: auth.origin, json_body })
    }
}
"#;
        assert_eq!(
            fields(code),
            [
                ("Args".to_string(), "origin".to_string()),
                ("Args".to_string(), "sender_user".to_string())
            ]
        );
    }

    #[test]
    fn an_extractor_deciding_by_the_request_fills_nothing_per_route() {
        let code = r#"
impl<S> FromRequestParts<S> for MaybeUser {
    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Error> {
        let user = session_user(parts).await;
        Ok(Self { user })
    }
}
impl<T> Display for Args<T> {
    fn fmt(&self) { let auth = auth(&T::METADATA); let _ = Self { user: auth.user }; }
}
"#;
        assert!(fields(code).is_empty());
    }

    #[test]
    fn viewed_fields_go_through_views_only() {
        let field = |text: &str| viewed_field(&syn::parse_str(text).unwrap());
        assert_eq!(
            field("body.sender_user.as_ref()"),
            Some(("body".to_string(), "sender_user".to_string()))
        );
        assert_eq!(
            field("self.sender_device.as_deref()"),
            Some(("self".to_string(), "sender_device".to_string()))
        );
        assert_eq!(field("body.sender_user.map(f)"), None);
        assert_eq!(field("body.inner.sender_user"), None);
    }
}
