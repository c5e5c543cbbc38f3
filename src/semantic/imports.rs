//! `use` resolution: maps the names a file writes to canonical paths.
//!
//! Canonical paths are `::`-joined segments. Paths into the analysed crate start with `crate`
//! (`crate::repo::find_user`); paths into dependencies start with the dependency's name
//! (`sqlx::query`). Aliases (`use sqlx::query as q;`), groups (`use axum::{routing::get, Json}`),
//! `self` in groups, `crate`/`self`/`super` prefixes and the crate's own name are understood.
//! Glob imports are remembered so a bare name can still be attributed to a framework.

use std::collections::{HashMap, HashSet};

use syn::visit::Visit;

use crate::semantic::models::{models, ArgPattern, Framework};

/// The imports of one file (all modules in it, including inline ones; shadowing between
/// inline modules is rare in service code and is not modelled).
#[derive(Debug, Default)]
pub struct Imports {
    aliases: HashMap<String, Vec<String>>,
    globs: Vec<Vec<String>>,
    /// Items imported without a name (`use redis::AsyncCommands as _;`): traits brought into
    /// scope for their methods.
    unnamed: Vec<Vec<String>>,
    /// Modules declared in this file (`mod repo;`, `mod tests { .. }`).
    child_modules: HashSet<String>,
    /// The file's own module path, starting with `crate`.
    module: Vec<String>,
    /// The analysed crate's library name (`my_service`), which `use my_service::x` names.
    crate_name: Option<String>,
    /// The web frameworks the file imports from.
    frameworks: Vec<&'static Framework>,
}

impl Imports {
    pub fn collect(file: &syn::File, module: Vec<String>, crate_name: Option<String>) -> Imports {
        let mut imports = Imports {
            module,
            crate_name,
            ..Imports::default()
        };
        let mut collector = Collector {
            imports: &mut imports,
        };
        collector.visit_file(file);
        imports.frameworks = models()
            .frameworks
            .iter()
            .filter(|framework| imports.uses_crate(&framework.krate))
            .collect();
        imports
    }

    /// The web frameworks the file imports from (directly, by alias or through a glob).
    pub fn frameworks(&self) -> &[&'static Framework] {
        &self.frameworks
    }

    /// Names imported under another name (`use args::Args as Ruma;`): (new name, the last
    /// segment of what it names).
    pub fn renamings(&self) -> Vec<(String, String)> {
        renamings(&self.aliases)
    }

    pub fn module(&self) -> &[String] {
        &self.module
    }

    /// Resolves written segments to a canonical path.
    pub fn resolve_segments<S: AsRef<str>>(&self, segments: &[S]) -> Vec<String> {
        let Some(first) = segments.first() else {
            return Vec::new();
        };
        let rest = segments[1..].iter().map(|s| s.as_ref().to_string());
        let first = first.as_ref();
        let mut head = if let Some(target) = self.aliases.get(first) {
            target.clone()
        } else {
            self.absolutize(first)
        };
        head.extend(rest);
        head
    }

    /// Resolves a `syn::Path` (generic arguments are ignored).
    pub fn resolve(&self, path: &syn::Path) -> Vec<String> {
        let segments = crate::semantic::syntax::segments(path);
        if path.leading_colon.is_some() {
            return segments;
        }
        self.resolve_segments(&segments)
    }

    /// The canonical path as one string.
    pub fn resolve_to_string(&self, path: &syn::Path) -> String {
        self.resolve(path).join("::")
    }

    /// Whether the file imports anything from the given external crate (`axum`), by name, by
    /// alias or through a glob.
    pub fn uses_crate(&self, krate: &str) -> bool {
        self.aliases
            .values()
            .chain(self.globs.iter())
            .any(|path| path.first().is_some_and(|first| first == krate))
    }

    /// Whether `name` is an import renamed with `as` (`use sqlx::query as q;` makes `q` one).
    pub fn is_alias(&self, name: &str) -> bool {
        self.aliases
            .get(name)
            .and_then(|target| target.last())
            .is_some_and(|last| last != name)
    }

    /// Every item the file imports by path, named or not (`use redis::AsyncCommands as _;`
    /// counts), as canonical paths; globs are not included (see [`Imports::globs`]).
    pub fn imported_items(&self) -> impl Iterator<Item = &[String]> {
        self.aliases
            .values()
            .chain(&self.unnamed)
            .map(Vec::as_slice)
    }

    /// Whether the file brings one of `items` into scope: imported by path (named or as `_`),
    /// or through one of the `globs` (`use diesel::prelude::*`). Trait methods need this.
    pub fn imports_any(&self, items: &[ArgPattern], globs: &[Vec<String>]) -> bool {
        self.imported_items()
            .any(|path| items.iter().any(|item| item.matches_path(path)))
            || self.globs.iter().any(|glob| globs.contains(glob))
    }

    /// The glob imports (`use axum::extract::*` → `["axum", "extract"]`).
    pub fn globs(&self) -> &[Vec<String>] {
        &self.globs
    }

    /// The first segment made absolute: `crate`, `self`, `super`, the crate's own name, a
    /// child module, or (otherwise) an external crate or a name in this module.
    fn absolutize(&self, first: &str) -> Vec<String> {
        match first {
            "crate" => vec!["crate".to_string()],
            "self" => self.module.clone(),
            "super" => {
                let mut parent = self.module.clone();
                if parent.len() > 1 {
                    parent.pop();
                }
                parent
            }
            _ if self.crate_name.as_deref() == Some(first) => vec!["crate".to_string()],
            _ if self.child_modules.contains(first) => {
                let mut path = self.module.clone();
                path.push(first.to_string());
                path
            }
            _ => vec![first.to_string()],
        }
    }

    fn add_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.add_tree(prefix, &path.tree);
                prefix.pop();
            }
            syn::UseTree::Name(name) => {
                let ident = name.ident.to_string();
                if ident == "self" {
                    if let Some(last) = prefix.last().cloned() {
                        let target = self.normalize(prefix.clone());
                        self.aliases.insert(last, target);
                    }
                } else {
                    let mut target = prefix.clone();
                    target.push(ident.clone());
                    let target = self.normalize(target);
                    self.aliases.insert(ident, target);
                }
            }
            syn::UseTree::Rename(rename) => {
                let mut target = prefix.clone();
                if rename.ident != "self" {
                    target.push(rename.ident.to_string());
                }
                let target = self.normalize(target);
                if rename.rename != "_" {
                    self.aliases.insert(rename.rename.to_string(), target);
                } else {
                    self.unnamed.push(target);
                }
            }
            syn::UseTree::Glob(_) => {
                let target = self.normalize(prefix.clone());
                self.globs.push(target);
            }
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.add_tree(prefix, tree);
                }
            }
        }
    }

    /// Makes an imported path canonical (its first segment may be `crate`, `self`, …).
    fn normalize(&self, path: Vec<String>) -> Vec<String> {
        let Some(first) = path.first() else {
            return path;
        };
        let mut head = self.absolutize(first);
        if head.len() == 1 && head[0] == *first && first != "crate" {
            return path;
        }
        head.extend(path.into_iter().skip(1));
        head
    }
}

struct Collector<'i> {
    imports: &'i mut Imports,
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut prefix = Vec::new();
        if item.leading_colon.is_some() {
            // `use ::x::y` is always external: resolve without local aliases.
            let mut plain = Imports::default();
            plain.add_tree(&mut prefix, &item.tree);
            self.imports.aliases.extend(plain.aliases);
            self.imports.globs.extend(plain.globs);
            self.imports.unnamed.extend(plain.unnamed);
        } else {
            self.imports.add_tree(&mut prefix, &item.tree);
        }
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.imports.child_modules.insert(item.ident.to_string());
        syn::visit::visit_item_mod(self, item);
    }

    /// `use` items live in modules and blocks; expressions are skipped (the walk that matters
    /// is the engine's, this one must stay cheap).
    fn visit_expr(&mut self, _: &'ast syn::Expr) {}

    fn visit_item_extern_crate(&mut self, item: &'ast syn::ItemExternCrate) {
        // `extern crate rocket;` (often `#[macro_use]`) makes the crate's macros and
        // attributes available without a `use`.
        let name = match &item.rename {
            Some((_, rename)) => rename.to_string(),
            None => item.ident.to_string(),
        };
        if name != "_" && item.ident != "self" {
            self.imports
                .aliases
                .insert(name, vec![item.ident.to_string()]);
        }
    }
}

/// The names of `aliases` that stand for something named otherwise, with the last segment of
/// what each stands for, sorted: renaming imports (`use args::Args as Ruma;`) and `type`
/// aliases (`type Ruma<T> = Args<T>;`) alike. A `self` import (`use a::b::{self}`) renames
/// nothing.
pub fn renamings(aliases: &HashMap<String, Vec<String>>) -> Vec<(String, String)> {
    let mut renamed: Vec<(String, String)> = aliases
        .iter()
        .filter_map(|(name, path)| {
            let last = path.last()?;
            (last != name && last != "self").then(|| (name.clone(), last.clone()))
        })
        .collect();
    renamed.sort();
    renamed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imports(code: &str) -> Imports {
        let file = syn::parse_file(code).unwrap();
        let module = vec!["crate".to_string(), "handlers".to_string()];
        Imports::collect(&file, module, Some("my_service".to_string()))
    }

    fn resolve(imports: &Imports, path: &str) -> String {
        let path: syn::Path = syn::parse_str(path).unwrap();
        imports.resolve_to_string(&path)
    }

    #[test]
    fn aliases_groups_and_self() {
        let i = imports(
            "use sqlx::query as q; use axum::{routing::{get, post}, extract::{self, Json}}; \
             use std::process::Command as Cmd;",
        );
        assert_eq!(resolve(&i, "q"), "sqlx::query");
        assert_eq!(resolve(&i, "get"), "axum::routing::get");
        assert_eq!(resolve(&i, "extract::Path"), "axum::extract::Path");
        assert_eq!(resolve(&i, "Json"), "axum::extract::Json");
        assert_eq!(resolve(&i, "Cmd::new"), "std::process::Command::new");
        assert_eq!(resolve(&i, "::sqlx::query"), "sqlx::query");
    }

    #[test]
    fn crate_relative_paths() {
        let i = imports(
            "use crate::repo; use super::db::Pool; use my_service::config::Config; mod inner {}",
        );
        assert_eq!(resolve(&i, "repo::find_user"), "crate::repo::find_user");
        assert_eq!(resolve(&i, "Pool"), "crate::db::Pool");
        assert_eq!(resolve(&i, "Config"), "crate::config::Config");
        assert_eq!(resolve(&i, "self::helper"), "crate::handlers::helper");
        assert_eq!(resolve(&i, "inner::f"), "crate::handlers::inner::f");
        assert_eq!(resolve(&i, "crate::x"), "crate::x");
        assert_eq!(resolve(&i, "reqwest::get"), "reqwest::get");
    }

    #[test]
    fn globs_and_crate_use() {
        let i = imports("use axum::extract::*; use warp::Filter;");
        assert!(i.uses_crate("axum"));
        assert!(i.uses_crate("warp"));
        assert!(!i.uses_crate("actix_web"));
        assert_eq!(
            i.globs(),
            &[vec!["axum".to_string(), "extract".to_string()]]
        );
    }

    #[test]
    fn unnamed_imports_are_imported_items() {
        let i = imports("use redis::AsyncCommands as _; use std::collections::HashMap;");
        let items: Vec<String> = i.imported_items().map(|path| path.join("::")).collect();
        assert!(
            items.contains(&"redis::AsyncCommands".to_string()),
            "{items:?}"
        );
        assert!(items.contains(&"std::collections::HashMap".to_string()));
        assert_eq!(items.len(), 2);
    }
}
