//! Request bodies that let a client set privileged columns (mass assignment): the file's
//! structs that are persisted entities — a persistence derive (`Insertable`, `AsChangeset`,
//! `FromRow`, `DeriveEntityModel`…) or a table attribute (`#[diesel(table_name = users)]`) —
//! with privileged fields serde deserializes (`role`, `is_admin`, `owner_id`…; not
//! `#[serde(skip)]`/`skip_deserializing`), all per `[mass-assignment]` of
//! `rules/models/security.toml`; and the type a handler parameter extracts as its body
//! (`Json(user): Json<NewUser>`, `web::Form<T>`). The crate pass joins the two
//! ([`Condition::PersistedBody`](crate::semantic::facts::Condition::PersistedBody)).

use crate::diagnostic::Location;
use crate::semantic::frameworks::is_extractor_type;
use crate::semantic::models::models;
use crate::semantic::syntax::{is_cfg_test, type_arguments, type_last_ident, type_path};
use crate::semantic::FileModel;

/// A persisted struct of the file with fields a request body must not set.
#[derive(Clone, Debug)]
pub struct PersistedType {
    /// Canonical path (`crate::models::NewUser`).
    pub path: String,
    /// What makes it persisted, as written (`Insertable`, `diesel(table_name)`).
    pub persistence: String,
    /// The privileged fields serde deserializes, with where they are declared.
    pub privileged: Vec<(String, Location)>,
}

impl PersistedType {
    /// The type's own name (the path's last segment).
    pub fn name(&self) -> &str {
        self.path.rsplit("::").next().unwrap_or(&self.path)
    }
}

/// The file's structs (outside `#[cfg(test)]` modules): the canonical paths of all of them,
/// and those that are persisted entities with privileged fields.
pub fn declared_structs(
    file: &syn::File,
    model: &FileModel<'_>,
) -> (Vec<String>, Vec<PersistedType>) {
    let mut paths = Vec::new();
    let mut persisted = Vec::new();
    add_items(
        &file.items,
        model,
        model.module(),
        &mut paths,
        &mut persisted,
    );
    (paths, persisted)
}

fn add_items(
    items: &[syn::Item],
    model: &FileModel<'_>,
    module: &[String],
    paths: &mut Vec<String>,
    persisted: &mut Vec<PersistedType>,
) {
    for item in items {
        match item {
            syn::Item::Struct(item) if !is_cfg_test(&item.attrs) => {
                let path = format!("{}::{}", module.join("::"), item.ident);
                paths.push(path.clone());
                let Some(persistence) = persistence(&item.attrs) else {
                    continue;
                };
                let privileged: Vec<(String, Location)> =
                    item.fields
                        .iter()
                        .filter_map(|field| {
                            let name = field.ident.as_ref()?;
                            let text = name.to_string();
                            let text = text.strip_prefix("r#").unwrap_or(&text).to_string();
                            let model_fields = &models().security.mass_assignment.privileged_fields;
                            (model_fields.contains(&text) && !skips_deserializing(&field.attrs))
                                .then(|| {
                                    let span = model.source.span_of(name.span());
                                    (text, model.source.location(span))
                                })
                        })
                        .collect();
                if !privileged.is_empty() {
                    persisted.push(PersistedType {
                        path,
                        persistence,
                        privileged,
                    });
                }
            }
            syn::Item::Mod(inner) if !is_cfg_test(&inner.attrs) => {
                if let Some((_, items)) = &inner.content {
                    let mut module = module.to_vec();
                    module.push(inner.ident.to_string());
                    add_items(items, model, &module, paths, persisted);
                }
            }
            _ => {}
        }
    }
}

/// The derive or attribute that makes a struct a persisted entity.
fn persistence(attrs: &[syn::Attribute]) -> Option<String> {
    let model = &models().security.mass_assignment;
    let mut found = None;
    for attr in attrs {
        if attr.path().is_ident("derive") {
            let _ = attr.parse_nested_meta(|meta| {
                if let Some(last) = meta.path.segments.last() {
                    let name = last.ident.to_string();
                    if found.is_none() && model.persistence_derives.contains(&name) {
                        found = Some(name);
                    }
                }
                Ok(())
            });
        } else if let Some(name) = attr.path().get_ident().map(ToString::to_string) {
            let table = match &attr.meta {
                syn::Meta::NameValue(_) => name == model.table_key,
                syn::Meta::List(list) => list.tokens.clone().into_iter().any(
                    |token| matches!(token, proc_macro2::TokenTree::Ident(ident) if ident == model.table_key.as_str()),
                ),
                syn::Meta::Path(_) => false,
            };
            if found.is_none() && table && model.table_attributes.contains(&name) {
                found = Some(if name == model.table_key {
                    name
                } else {
                    format!("{name}({})", model.table_key)
                });
            }
        }
    }
    found
}

/// `#[serde(skip)]`, `#[serde(skip_deserializing)]` (also beside other options).
fn skips_deserializing(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
        .any(|attr| {
            let mut skips = false;
            let _ = attr.parse_nested_meta(|meta| {
                skips |= meta.path.is_ident("skip") || meta.path.is_ident("skip_deserializing");
                if meta.input.peek(syn::Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
                }
                Ok(())
            });
            skips
        })
}

/// The type a handler parameter extracts as the request body, as (canonical path, as written):
/// `Json<NewUser>` → `crate::models::NewUser`; `Json<Vec<NewUser>>` too.
pub fn body_type(
    model: &FileModel<'_>,
    module: &[String],
    ty: &syn::Type,
) -> Option<(String, String)> {
    let extractor = type_last_ident(ty)?.to_string();
    if !models()
        .security
        .mass_assignment
        .body_extractors
        .contains(&extractor)
        || !is_extractor_type(&model.imports, ty)
    {
        return None;
    }
    let mut body = *type_arguments(ty).first()?;
    if type_last_ident(body).is_some_and(|name| name == "Vec") {
        body = type_arguments(body).first()?;
    }
    let path = type_path(body)?;
    let written = path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect::<Vec<_>>()
        .join("::");
    Some((model.local_path(path, module), written))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(code: &str) -> Vec<syn::Attribute> {
        syn::parse_str::<syn::ItemStruct>(code).unwrap().attrs
    }

    fn field_attrs(code: &str) -> Vec<syn::Attribute> {
        let item = syn::parse_str::<syn::ItemStruct>(code).unwrap();
        item.fields.iter().next().unwrap().attrs.clone()
    }

    #[test]
    fn persistence_by_derive_or_table_attribute() {
        assert_eq!(
            persistence(&attrs(
                "#[derive(Debug, Deserialize, diesel::Insertable)] struct A;"
            )),
            Some("Insertable".to_string())
        );
        assert_eq!(
            persistence(&attrs("#[diesel(table_name = users)] struct A;")),
            Some("diesel(table_name)".to_string())
        );
        assert_eq!(
            persistence(&attrs("#[table_name = \"users\"] struct A;")),
            Some("table_name".to_string())
        );
        assert_eq!(
            persistence(&attrs("#[diesel(check_for_backend(Pg))] struct A;")),
            None
        );
        assert_eq!(
            persistence(&attrs("#[derive(Debug, Deserialize, Validate)] struct A;")),
            None
        );
    }

    #[test]
    fn skipped_fields() {
        assert!(skips_deserializing(&field_attrs(
            "struct A { #[serde(skip)] role: String }"
        )));
        assert!(skips_deserializing(&field_attrs(
            "struct A { #[serde(default, skip_deserializing)] role: String }"
        )));
        assert!(!skips_deserializing(&field_attrs(
            "struct A { #[serde(skip_serializing)] role: String }"
        )));
        assert!(!skips_deserializing(&field_attrs(
            "struct A { #[serde(rename = \"r\", default)] role: String }"
        )));
    }
}
