//! The declared types of struct fields in one file (`pub pool: PgPool` → `pool: PgPool`), so a
//! method called on `state.pool` or `self.client` can be matched to a typed sink, and which
//! fields can only hold a number or a variant of a fieldless enum (serde rejects anything else,
//! so `body.quantity` or `params.sort` carries no text into a sink).
//!
//! Only the items are scanned (structs at any module depth), not expressions. A field name
//! declared with different types by two structs of the file is dropped: the walker cannot tell
//! which struct a receiver is. The scan also keeps, per type of the file, what it derives
//! (`#[derive(Parser)]`) and the type names its fields hold (`struct Guard(Option<Provider>)`).

use std::collections::{HashMap, HashSet};

use crate::semantic::syntax::{type_arguments, type_last_ident};
use crate::semantic::taint::is_numeric_type;

#[derive(Debug, Default)]
pub struct FieldTypes {
    types: HashMap<String, Option<String>>,
    /// Per field name: whether every declaration of it is a number or fieldless enum.
    scalar: HashMap<String, bool>,
    /// Per struct or enum name: the traits it derives (last path segment).
    derives: HashMap<String, Vec<String>>,
    /// Per struct name: every type name its fields mention (`Option<SdkTracerProvider>` gives
    /// `Option` and `SdkTracerProvider`).
    held_types: HashMap<String, Vec<String>>,
}

impl FieldTypes {
    pub fn collect(file: &syn::File) -> FieldTypes {
        let mut enums = HashSet::new();
        fieldless_enums(&file.items, &mut enums);
        let mut fields = FieldTypes::default();
        fields.add_items(&file.items, &enums);
        fields
    }

    fn add_items(&mut self, items: &[syn::Item], enums: &HashSet<String>) {
        for item in items {
            match item {
                syn::Item::Struct(item) => {
                    self.add_derives(&item.ident, &item.attrs);
                    let held = self.held_types.entry(item.ident.to_string()).or_default();
                    for field in &item.fields {
                        crate::semantic::console::mentions_type(&field.ty, &mut |name: &str| {
                            held.push(name.to_string());
                        });
                    }
                    for field in &item.fields {
                        let Some(name) = &field.ident else {
                            continue;
                        };
                        let scalar = is_scalar_type(&field.ty, enums);
                        self.scalar
                            .entry(name.to_string())
                            .and_modify(|known| *known &= scalar)
                            .or_insert(scalar);
                        if let Some(ty) = handle_type(&field.ty) {
                            self.add(name.to_string(), ty);
                        }
                    }
                }
                syn::Item::Enum(item) => self.add_derives(&item.ident, &item.attrs),
                syn::Item::Mod(module) => {
                    if let Some((_, items)) = &module.content {
                        self.add_items(items, enums);
                    }
                }
                _ => {}
            }
        }
    }

    fn add_derives(&mut self, ty: &syn::Ident, attrs: &[syn::Attribute]) {
        let derived = self.derives.entry(ty.to_string()).or_default();
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("derive")) {
            let _ = attr.parse_nested_meta(|meta| {
                if let Some(last) = meta.path.segments.last() {
                    derived.push(last.ident.to_string());
                }
                Ok(())
            });
        }
    }

    /// The file's types that derive one of `traits`.
    pub fn deriving_any(&self, traits: &HashSet<String>) -> Vec<String> {
        let mut types: Vec<String> = self
            .derives
            .iter()
            .filter(|(_, derived)| derived.iter().any(|name| traits.contains(name)))
            .map(|(ty, _)| ty.clone())
            .collect();
        types.sort();
        types
    }

    /// Whether the file declares a struct or enum named `ty`.
    pub fn declares(&self, ty: &str) -> bool {
        self.derives.contains_key(ty)
    }

    /// Whether the file's type `ty` derives one of `traits`.
    pub fn derives_any(&self, ty: &str, traits: &HashSet<String>) -> bool {
        self.derives
            .get(ty)
            .is_some_and(|derived| derived.iter().any(|name| traits.contains(name)))
    }

    /// Whether a field of the file's struct `ty` holds a type named in `names`.
    pub fn holds_any(&self, ty: &str, names: &HashSet<String>) -> bool {
        self.held_types
            .get(ty)
            .is_some_and(|held| held.iter().any(|name| names.contains(name)))
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

    /// Whether every field of this name declared in the file holds only a number, a bool, a
    /// UUID or date, or a fieldless enum of the file (also inside `Option`/`Vec`).
    pub fn is_scalar(&self, field: &str) -> bool {
        self.scalar.get(field).copied().unwrap_or(false)
    }

    /// The last segment of the field's type (`Client` for `pub http: reqwest::Client`).
    pub fn type_of(&self, field: &str) -> Option<&str> {
        self.types.get(field)?.as_deref()
    }
}

/// Enums of the file whose variants carry no data (`enum Sort { Asc, Desc }`).
fn fieldless_enums(items: &[syn::Item], enums: &mut HashSet<String>) {
    for item in items {
        match item {
            syn::Item::Enum(item)
                if item
                    .variants
                    .iter()
                    .all(|variant| matches!(variant.fields, syn::Fields::Unit)) =>
            {
                enums.insert(item.ident.to_string());
            }
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &module.content {
                    fieldless_enums(items, enums);
                }
            }
            _ => {}
        }
    }
}

fn is_scalar_type(ty: &syn::Type, enums: &HashSet<String>) -> bool {
    if is_numeric_type(ty) {
        return true;
    }
    match type_last_ident(ty).map(ToString::to_string).as_deref() {
        Some("Option" | "Vec") => type_arguments(ty)
            .first()
            .is_some_and(|inner| is_scalar_type(inner, enums)),
        Some(name) => enums.contains(name),
        None => false,
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
    fn numbers_and_fieldless_enums_are_scalar() {
        let fields = fields(
            "enum Sort { Asc, Desc } enum Shape { Circle(f64) }
             struct Params { limit: Option<u32>, sort: Sort, shape: Shape, ids: Vec<Uuid>, q: String, n: i64 }
             struct Other { n: String }",
        );
        assert!(fields.is_scalar("limit"));
        assert!(fields.is_scalar("sort"));
        assert!(fields.is_scalar("ids"));
        assert!(
            !fields.is_scalar("shape"),
            "a variant with data can carry text"
        );
        assert!(!fields.is_scalar("q"));
        assert!(
            !fields.is_scalar("n"),
            "declared as a number in one struct and text in another"
        );
        assert!(!fields.is_scalar("missing"));
    }

    #[test]
    fn derives_and_held_types_per_type() {
        let fields = fields(
            "#[derive(Debug, clap::Parser)] struct Cli { #[command(subcommand)] command: Option<Command> }
             #[derive(Subcommand)] enum Command { Serve, Hash }
             pub struct Guard(pub Option<opentelemetry_sdk::trace::SdkTracerProvider>);",
        );
        let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<HashSet<_>>();
        assert!(fields.derives_any("Cli", &set(&["Parser"])));
        assert!(fields.derives_any("Command", &set(&["Subcommand"])));
        assert!(!fields.derives_any("Cli", &set(&["Subcommand"])));
        assert!(!fields.derives_any("Guard", &set(&["Parser"])));
        assert!(fields.holds_any("Guard", &set(&["SdkTracerProvider"])));
        assert!(fields.holds_any("Cli", &set(&["Command"])));
        assert!(!fields.holds_any("Cli", &set(&["SdkTracerProvider"])));
    }

    #[test]
    fn a_name_with_two_types_is_unknown() {
        let fields = fields("struct A { db: PgPool } struct B { db: HashMap<String, String> }");
        assert_eq!(fields.type_of("db"), None);
    }
}
