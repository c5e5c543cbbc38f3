//! The declared types of struct fields in one file (`pub pool: PgPool` → `pool: PgPool`), so a
//! method called on `state.pool` or `self.client` can be matched to a typed sink.
//!
//! Only the items are scanned (structs at any module depth), not expressions. A field name
//! declared with different types by two structs of the file is dropped: the walker cannot tell
//! which struct a receiver is.

use std::collections::HashMap;

use crate::semantic::syntax::{type_arguments, type_last_ident};

#[derive(Debug, Default)]
pub struct FieldTypes {
    types: HashMap<String, Option<String>>,
}

impl FieldTypes {
    pub fn collect(file: &syn::File) -> FieldTypes {
        let mut fields = FieldTypes::default();
        fields.add_items(&file.items);
        fields
    }

    fn add_items(&mut self, items: &[syn::Item]) {
        for item in items {
            match item {
                syn::Item::Struct(item) => {
                    for field in &item.fields {
                        if let (Some(name), Some(ty)) = (&field.ident, handle_type(&field.ty)) {
                            self.add(name.to_string(), ty);
                        }
                    }
                }
                syn::Item::Mod(module) => {
                    if let Some((_, items)) = &module.content {
                        self.add_items(items);
                    }
                }
                _ => {}
            }
        }
    }

    fn add(&mut self, name: String, ty: String) {
        self.types
            .entry(name)
            .and_modify(|known| {
                if known.as_deref() != Some(ty.as_str()) {
                    *known = None;
                }
            })
            .or_insert(Some(ty));
    }

    /// The last segment of the field's type (`Client` for `pub http: reqwest::Client`).
    pub fn type_of(&self, field: &str) -> Option<&str> {
        self.types.get(field)?.as_deref()
    }
}

/// The type a field holds, seen through `Arc<..>`, `Box<..>`, `Rc<..>` and references.
fn handle_type(ty: &syn::Type) -> Option<String> {
    let ty = match ty {
        syn::Type::Reference(reference) => &*reference.elem,
        other => other,
    };
    let last = type_last_ident(ty)?.to_string();
    if matches!(last.as_str(), "Arc" | "Box" | "Rc") {
        return type_arguments(ty)
            .first()
            .and_then(|inner| handle_type(inner));
    }
    Some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(code: &str) -> FieldTypes {
        FieldTypes::collect(&syn::parse_file(code).unwrap())
    }

    #[test]
    fn field_types_see_through_smart_pointers_and_modules() {
        let fields = fields(
            "pub struct AppState { pub pool: PgPool, http: Arc<reqwest::Client>, name: &'static str }
             mod inner { struct Repo { conn: Box<Connection> } }",
        );
        assert_eq!(fields.type_of("pool"), Some("PgPool"));
        assert_eq!(fields.type_of("http"), Some("Client"));
        assert_eq!(fields.type_of("conn"), Some("Connection"));
        assert_eq!(fields.type_of("name"), Some("str"));
        assert_eq!(fields.type_of("missing"), None);
    }

    #[test]
    fn a_name_with_two_types_is_unknown() {
        let fields = fields("struct A { db: PgPool } struct B { db: HashMap<String, String> }");
        assert_eq!(fields.type_of("db"), None);
    }
}
