//! What a derive macro of the workspace generates, read without running it: the `quote! {
//! .. }` templates that a `#[proc_macro_derive(Name)]` function emits (in its own body or in
//! the functions of the same file it calls), parsed as Rust items with every interpolation
//! (`#name`, `#(..)*`) replaced by a placeholder identifier. The engine walks those items like
//! hand-written code, so an `impl FromParam for #name` generated for every type that derives
//! `Name` is judged like one written out (see [`DeriveTemplate`]). A template that does not
//! parse once its interpolations are replaced is left out: what it generates is not known.
//! The other half is which types of a file derive a macro of another crate (`#[derive(Id)]`
//! with `use macros::Id`), by the macro's canonical path.
//!
//! [`DeriveTemplate`]: crate::semantic::facts::DeriveTemplate

use std::collections::{HashMap, HashSet};

use proc_macro2::{Delimiter, Group, Ident, TokenStream, TokenTree};

use crate::semantic::facts::TypeDerive;
use crate::semantic::syntax::macro_name;
use crate::semantic::Imports;

/// The identifier that stands for every interpolation in a template.
pub const PLACEHOLDER: &str = "__BacklintDerived";

/// Each derive the file defines, by name, with the items its templates generate.
pub fn templates(file: &syn::File) -> Vec<(String, syn::File)> {
    let functions: HashMap<String, &syn::ItemFn> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Fn(function) => Some((function.sig.ident.to_string(), function)),
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    for function in functions.values() {
        let Some(derive) = derive_name(&function.attrs) else {
            continue;
        };
        let mut items = Vec::new();
        let mut seen = HashSet::new();
        collect_items(function, &functions, &mut seen, &mut items);
        found.push((
            derive,
            syn::File {
                items,
                ..syn::parse_quote!()
            },
        ));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// The file's structs and enums (in inline modules too) that derive a macro named by a path
/// into another crate; derives of std and of the crate itself are left out.
pub fn type_derives(file: &syn::File, imports: &Imports) -> Vec<TypeDerive> {
    let mut found = Vec::new();
    collect_derives(&file.items, imports, &mut found);
    found
}

fn collect_derives(items: &[syn::Item], imports: &Imports, found: &mut Vec<TypeDerive>) {
    for item in items {
        let (ident, attrs) = match item {
            syn::Item::Struct(item) => (&item.ident, &item.attrs),
            syn::Item::Enum(item) => (&item.ident, &item.attrs),
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &module.content {
                    collect_derives(items, imports, found);
                }
                continue;
            }
            _ => continue,
        };
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("derive")) {
            let Ok(paths) = attr.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            ) else {
                continue;
            };
            for path in paths {
                let resolved = imports.resolve(&path);
                if resolved.len() >= 2 && resolved[0] != "crate" {
                    found.push(TypeDerive {
                        type_name: ident.to_string(),
                        derive: resolved.join("::"),
                    });
                }
            }
        }
    }
}

/// `Name` of `#[proc_macro_derive(Name)]` or `#[proc_macro_derive(Name, attributes(..))]`.
fn derive_name(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|attr| {
        if !attr.path().is_ident("proc_macro_derive") {
            return None;
        }
        let syn::Meta::List(list) = &attr.meta else {
            return None;
        };
        match list.tokens.clone().into_iter().next()? {
            TokenTree::Ident(name) => Some(name.to_string()),
            _ => None,
        }
    })
}

/// The items of every template in `function` and in the file's functions it calls by name.
fn collect_items<'f>(
    function: &'f syn::ItemFn,
    functions: &HashMap<String, &'f syn::ItemFn>,
    seen: &mut HashSet<String>,
    items: &mut Vec<syn::Item>,
) {
    if !seen.insert(function.sig.ident.to_string()) {
        return;
    }
    let mut finder = TemplateFinder::default();
    syn::visit::Visit::visit_block(&mut finder, &function.block);
    for template in finder.templates {
        if let Ok(file) = syn::parse2::<syn::File>(replace_interpolations(template)) {
            items.extend(file.items);
        }
    }
    for callee in finder.called {
        if let Some(callee) = functions.get(&callee) {
            collect_items(callee, functions, seen, items);
        }
    }
}

/// The `quote!` templates of a function body and the plain names it calls.
#[derive(Default)]
struct TemplateFinder {
    templates: Vec<TokenStream>,
    called: Vec<String>,
}

impl<'ast> syn::visit::Visit<'ast> for TemplateFinder {
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if matches!(macro_name(mac).as_str(), "quote" | "quote_spanned") {
            let tokens = if macro_name(mac) == "quote_spanned" {
                // `quote_spanned! { span => .. }`: the template follows the `=>`.
                after_fat_arrow(mac.tokens.clone())
            } else {
                mac.tokens.clone()
            };
            self.templates.push(tokens);
        }
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(path) = &*call.func {
            if let Some(name) = path.path.get_ident() {
                self.called.push(name.to_string());
            }
        }
        syn::visit::visit_expr_call(self, call);
    }
}

/// The tokens after the first `=>` of `span => template`.
fn after_fat_arrow(tokens: TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let arrow = tokens.windows(2).position(|pair| {
        matches!(pair, [TokenTree::Punct(a), TokenTree::Punct(b)] if a.as_char() == '=' && b.as_char() == '>')
    });
    match arrow {
        Some(at) => tokens[at + 2..].iter().cloned().collect(),
        None => TokenStream::new(),
    }
}

/// The template with `#ident` replaced by the placeholder and `#(..)sep*` repetitions
/// dropped; `#[attr]` and `#![attr]` stay.
fn replace_interpolations(template: TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = template.into_iter().collect();
    let mut out = Vec::with_capacity(tokens.len());
    let mut at = 0;
    while at < tokens.len() {
        match (&tokens[at], tokens.get(at + 1)) {
            (TokenTree::Punct(hash), Some(TokenTree::Ident(_))) if hash.as_char() == '#' => {
                out.push(TokenTree::Ident(Ident::new(PLACEHOLDER, hash.span())));
                at += 2;
            }
            (TokenTree::Punct(hash), Some(TokenTree::Group(group)))
                if hash.as_char() == '#' && group.delimiter() == Delimiter::Parenthesis =>
            {
                // Skip the repetition, its separator and the `*`.
                at += 2;
                let star = tokens[at..]
                    .iter()
                    .take(2)
                    .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '*'));
                if let Some(star) = star {
                    at += star + 1;
                }
            }
            (TokenTree::Group(group), _) => {
                let mut replaced =
                    Group::new(group.delimiter(), replace_interpolations(group.stream()));
                replaced.set_span(group.span());
                out.push(TokenTree::Group(replaced));
                at += 1;
            }
            (other, _) => {
                out.push(other.clone());
                at += 1;
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn generated(source: &str) -> Vec<(String, String)> {
        templates(&syn::parse_file(source).unwrap())
            .into_iter()
            .map(|(name, file)| (name, file.into_token_stream().to_string()))
            .collect()
    }

    #[test]
    fn a_derives_template_is_parsed_with_its_interpolations_replaced() {
        let found = generated(
            r#"
            #[proc_macro_derive(IdFromParam)]
            pub fn derive(input: TokenStream) -> TokenStream {
                let ast = parse_macro_input!(input as DeriveInput);
                expand(&ast)
            }
            fn expand(ast: &DeriveInput) -> TokenStream {
                let name = &ast.ident;
                quote! {
                    #[automatically_derived]
                    impl<'r> FromParam<'r> for #name {
                        type Error = ();
                        fn from_param(p: &'r str) -> Result<Self, ()> { Ok(Self(p.into())) }
                    }
                }
                .into()
            }
            "#,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "IdFromParam");
        assert!(
            found[0].1.contains("# [automatically_derived]"),
            "{}",
            found[0].1
        );
        assert!(
            found[0].1.contains(&format!("for {PLACEHOLDER}")),
            "{}",
            found[0].1
        );
    }

    #[test]
    fn repetitions_are_dropped_and_unparsable_templates_left_out() {
        let found = generated(
            r#"
            #[proc_macro_derive(Fields, attributes(field))]
            pub fn fields(input: TokenStream) -> TokenStream {
                quote! { impl #name { fn names() -> &'static [&'static str] { &[#(#names),*] } } };
                quote! { #name + };
                TokenStream::new()
            }
            fn not_a_derive() -> TokenStream { quote! { struct Other; } }
            "#,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "Fields");
        assert!(found[0].1.contains("& []"), "{}", found[0].1);
        assert!(!found[0].1.contains("Other"), "{}", found[0].1);
    }
}
