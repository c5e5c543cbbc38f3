//! What the file's own type declarations say about calls on them: `type` aliases
//! (`type HmacSha256 = Hmac<Sha256>;`, so a modelled call is recognised through one), and the
//! structs and enums that hold a map serde_json cannot serialise (a field of type
//! `HashMap<(u32, u32), Stats>`, or of another such type of the file), so serialising one
//! stays reported.
//!
//! Only the items are scanned (at any module depth), not expressions.

use std::collections::{HashMap, HashSet};

use crate::semantic::models::{models, ValueModels};
use crate::semantic::syntax::{segments, type_arguments, type_path};

#[derive(Debug, Default)]
pub struct TypeFacts {
    /// Alias name → the written path it stands for (generic arguments dropped).
    aliases: HashMap<String, Vec<String>>,
    /// Types of the file that hold a map with keys serde_json cannot write.
    unserializable: HashSet<String>,
    /// Structs of the file that serialise as objects or sequences: not map keys serde_json
    /// can write.
    structs: HashSet<String>,
    /// Structs of the file whose fields are all text, numbers or booleans.
    text_only: HashSet<String>,
}

impl TypeFacts {
    pub fn collect(file: &syn::File) -> TypeFacts {
        let mut declarations = Declarations::default();
        declarations.add_items(&file.items);
        let mut facts = TypeFacts {
            aliases: declarations.aliases,
            unserializable: HashSet::new(),
            structs: declarations.structs,
            text_only: declarations.text_only,
        };
        // A type holding another unserialisable type is one too: grow the set to a fixpoint.
        loop {
            let found: Vec<String> = declarations
                .fields
                .iter()
                .filter(|(name, _)| !facts.unserializable.contains(name))
                .filter(|(_, fields)| fields.iter().any(|ty| facts.holds_unserializable_map(ty)))
                .map(|(name, _)| name.clone())
                .collect();
            if found.is_empty() {
                return facts;
            }
            facts.unserializable.extend(found);
        }
    }

    /// The path a `type` alias of the file stands for.
    pub fn alias(&self, name: &str) -> Option<&[String]> {
        self.aliases.get(name).map(Vec::as_slice)
    }

    /// The file's aliases that name a type otherwise: (alias, the last segment of its target).
    pub fn renamings(&self) -> Vec<(String, String)> {
        crate::semantic::imports::renamings(&self.aliases)
    }

    /// Whether a struct of the file has only text, number and boolean fields.
    pub fn has_text_fields_only(&self, name: &str) -> bool {
        self.text_only.contains(name)
    }

    /// Whether a struct or enum of the file holds a map serde_json cannot serialise.
    pub fn is_unserializable(&self, name: &str) -> bool {
        self.unserializable.contains(name)
    }

    /// Whether a type is, or holds, a map serde_json cannot serialise (keyed by a tuple,
    /// array, sequence, option, map or struct), or a type of the file that does.
    pub fn holds_unserializable_map(&self, ty: &syn::Type) -> bool {
        holds_unserializable_map(ty, self)
    }
}

/// The declarations of a file that the facts are computed from.
#[derive(Default)]
struct Declarations {
    aliases: HashMap<String, Vec<String>>,
    /// Field types of every struct and enum (variant fields included), by type name.
    fields: Vec<(String, Vec<syn::Type>)>,
    /// Structs with named fields or with several unnamed ones: not a string as a map key.
    structs: HashSet<String>,
    /// Structs whose fields are all text, numbers or booleans.
    text_only: HashSet<String>,
}

impl Declarations {
    fn add_items(&mut self, items: &[syn::Item]) {
        for item in items {
            match item {
                syn::Item::Type(alias) => {
                    if let Some(path) = type_path(&alias.ty) {
                        self.aliases.insert(alias.ident.to_string(), segments(path));
                    }
                }
                syn::Item::Struct(item) => {
                    let types: Vec<syn::Type> = item.fields.iter().map(|f| f.ty.clone()).collect();
                    let keyless =
                        matches!(item.fields, syn::Fields::Named(_)) || item.fields.len() > 1;
                    if keyless {
                        self.structs.insert(item.ident.to_string());
                    }
                    if types.iter().all(is_text_like) {
                        self.text_only.insert(item.ident.to_string());
                    }
                    self.fields.push((item.ident.to_string(), types));
                }
                syn::Item::Enum(item) => {
                    let types = item
                        .variants
                        .iter()
                        .flat_map(|variant| variant.fields.iter().map(|f| f.ty.clone()))
                        .collect();
                    self.fields.push((item.ident.to_string(), types));
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
}

/// Text, a number or a boolean ([values] text-types), also in an `Option` or behind `&`.
fn is_text_like(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Reference(r) => is_text_like(&r.elem),
        syn::Type::Paren(p) => is_text_like(&p.elem),
        syn::Type::Group(g) => is_text_like(&g.elem),
        syn::Type::Path(path) => {
            let Some(last) = path.path.segments.last() else {
                return false;
            };
            let name = last.ident.to_string();
            if name == "Option" {
                return matches!(type_arguments(ty).as_slice(), [inner] if is_text_like(inner));
            }
            models().infallible.values.text_types.contains(&name)
                || crate::semantic::taint::is_numeric_type_name(&name)
        }
        _ => false,
    }
}

fn holds_unserializable_map(ty: &syn::Type, facts: &TypeFacts) -> bool {
    let values = &models().infallible.values;
    match ty {
        syn::Type::Path(path) => {
            let Some(last) = path.path.segments.last() else {
                return false;
            };
            let name = last.ident.to_string();
            if facts.unserializable.contains(&name) {
                return true;
            }
            let arguments = type_arguments(ty);
            if values.maps.contains(&name)
                && arguments
                    .first()
                    .is_some_and(|key| is_unserializable_key(key, values, &facts.structs))
            {
                return true;
            }
            arguments
                .iter()
                .any(|argument| holds_unserializable_map(argument, facts))
        }
        syn::Type::Reference(r) => holds_unserializable_map(&r.elem, facts),
        syn::Type::Paren(p) => holds_unserializable_map(&p.elem, facts),
        syn::Type::Group(g) => holds_unserializable_map(&g.elem, facts),
        syn::Type::Slice(s) => holds_unserializable_map(&s.elem, facts),
        syn::Type::Array(a) => holds_unserializable_map(&a.elem, facts),
        syn::Type::Tuple(t) => t
            .elems
            .iter()
            .any(|elem| holds_unserializable_map(elem, facts)),
        _ => false,
    }
}

/// A map key serde_json cannot write: a tuple, array or slice, a sequence, option or map, or a
/// struct of the file (strings, numbers, chars, bools and unit variants are fine).
fn is_unserializable_key(key: &syn::Type, values: &ValueModels, structs: &HashSet<String>) -> bool {
    match key {
        syn::Type::Tuple(tuple) => !tuple.elems.is_empty(),
        syn::Type::Array(_) | syn::Type::Slice(_) => true,
        syn::Type::Reference(r) => is_unserializable_key(&r.elem, values, structs),
        syn::Type::Paren(p) => is_unserializable_key(&p.elem, values, structs),
        syn::Type::Path(path) => path.path.segments.last().is_some_and(|last| {
            let name = last.ident.to_string();
            values.unserializable_keys.contains(&name) || structs.contains(&name)
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(code: &str) -> TypeFacts {
        TypeFacts::collect(&syn::parse_file(code).unwrap())
    }

    fn ty(code: &str) -> syn::Type {
        syn::parse_str(code).unwrap()
    }

    #[test]
    fn maps_keyed_by_tuples_sequences_and_structs_do_not_serialise() {
        let facts = facts(
            "struct Point { x: i32, y: i32 }
             struct Grid { cells: std::collections::HashMap<Point, u8> }
             enum Report { Totals(Vec<Grid>), Empty }
             struct Named { by_name: BTreeMap<String, u8>, by_id: HashMap<u64, u8> }
             mod inner { pub struct Pairs(pub HashMap<(u32, u32), String>); }",
        );
        assert!(facts.is_unserializable("Grid"));
        assert!(
            facts.is_unserializable("Report"),
            "through a variant's field"
        );
        assert!(facts.is_unserializable("Pairs"), "in an inline module");
        assert!(!facts.is_unserializable("Named"), "string and integer keys");
        assert!(!facts.is_unserializable("Point"));
        assert!(facts.holds_unserializable_map(&ty("&HashMap<(u32, u32), String>")));
        assert!(facts.holds_unserializable_map(&ty("Option<Vec<Grid>>")));
        assert!(facts.holds_unserializable_map(&ty("BTreeMap<Vec<u8>, u8>")));
        assert!(!facts.holds_unserializable_map(&ty("HashMap<Uuid, Vec<(u8, u8)>>")));
        assert!(
            !facts.holds_unserializable_map(&ty("Vec<(u32, u32)>")),
            "not a map"
        );
    }

    #[test]
    fn aliases_name_their_target_path() {
        let facts = facts("type HmacSha256 = hmac::Hmac<Sha256>; type Id = u64;");
        assert_eq!(facts.alias("HmacSha256").unwrap(), ["hmac", "Hmac"]);
        assert_eq!(facts.alias("Id").unwrap(), ["u64"]);
        assert!(facts.alias("Sha256").is_none());
    }
}
