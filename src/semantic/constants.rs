//! The file's constant texts and the destination prefixes its functions return: `const
//! ADMIN_PATH: &str = "/admin";`, and a function without parameters whose value is a literal,
//! such a constant, or a `format!` of them and server-chosen values (`fn admin_path() -> String
//! { format!("{}{ADMIN_PATH}", CONFIG.domain_path()) }`). A redirect to `admin_path()` followed
//! by input then stays on this site (see [`crate::semantic::destination`]).
//!
//! Only the items are scanned (at any module depth); constants and functions of other files
//! are not known.

use std::collections::HashMap;

use crate::semantic::destination::{fixed_prefix, format_parts, Fixed, Hole, Piece};
use crate::semantic::syntax::{block_value, macro_args, macro_name, peel};

#[derive(Debug, Default)]
pub struct FileConstants {
    /// `const`/`static` string literals of the file, by name.
    texts: HashMap<String, String>,
    /// Functions without parameters whose value, as the start of a URL, fixes where it points.
    prefixes: HashMap<String, Fixed>,
    /// `const`/`static` integers of the file (literals and products of them), by name.
    numbers: HashMap<String, u128>,
}

impl FileConstants {
    pub fn collect(file: &syn::File) -> FileConstants {
        let mut constants = FileConstants::default();
        let mut functions = Vec::new();
        constants.add_items(&file.items, &mut functions);
        for (name, block) in functions {
            if let Some(fixed) = block_value(block).and_then(|value| constants.prefix_of(value)) {
                constants.prefixes.insert(name, fixed);
            }
        }
        constants
    }

    /// The value of an integer constant of the file.
    pub fn number(&self, name: &str) -> Option<u128> {
        self.numbers.get(name).copied()
    }

    /// The text of a constant of the file.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts.get(name).map(String::as_str)
    }

    /// What the value of a call of one of the file's functions without parameters fixes, as
    /// the start of a URL (`admin_path()`).
    pub fn prefix_returned_by(&self, name: &str) -> Option<Fixed> {
        self.prefixes.get(name).copied()
    }

    fn add_items<'a>(
        &mut self,
        items: &'a [syn::Item],
        functions: &mut Vec<(String, &'a syn::Block)>,
    ) {
        for item in items {
            match item {
                syn::Item::Const(item) => self.add_text(&item.ident, &item.expr),
                syn::Item::Static(item) => self.add_text(&item.ident, &item.expr),
                syn::Item::Fn(item) if item.sig.inputs.is_empty() => {
                    functions.push((item.sig.ident.to_string(), &item.block));
                }
                syn::Item::Mod(module) => {
                    if let Some((_, items)) = &module.content {
                        self.add_items(items, functions);
                    }
                }
                _ => {}
            }
        }
    }

    fn add_text(&mut self, name: &syn::Ident, value: &syn::Expr) {
        if let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) = peel(value)
        {
            self.texts.insert(name.to_string(), text.value());
        }
        if let Some(number) = self.integer_product(value) {
            self.numbers.insert(name.to_string(), number);
        }
    }

    /// An integer literal, or a sum, product or shift of them and of the file's integer constants
    /// declared before (`100 * MIB`).
    fn integer_product(&self, value: &syn::Expr) -> Option<u128> {
        match peel(value) {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Int(int),
                ..
            }) => int.base10_parse().ok(),
            syn::Expr::Binary(binary) => {
                let left = self.integer_product(&binary.left)?;
                let right = self.integer_product(&binary.right)?;
                match binary.op {
                    syn::BinOp::Add(_) => left.checked_add(right),
                    syn::BinOp::Mul(_) => left.checked_mul(right),
                    syn::BinOp::Shl(_) => left.checked_shl(u32::try_from(right).ok()?),
                    _ => None,
                }
            }
            syn::Expr::Path(path) => self.number(&path.path.get_ident()?.to_string()),
            _ => None,
        }
    }

    /// What a function's value fixes as the start of a URL: a literal, a constant of the file,
    /// or a `format!` of them and other values (server-chosen: the function takes nothing).
    fn prefix_of(&self, value: &syn::Expr) -> Option<Fixed> {
        let value = match peel(value) {
            syn::Expr::MethodCall(call)
                if matches!(
                    call.method.to_string().as_str(),
                    "to_string" | "to_owned" | "into"
                ) =>
            {
                peel(&call.receiver)
            }
            other => other,
        };
        let pieces = match value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) => vec![Piece::Text(text.value())],
            syn::Expr::Path(path) => vec![Piece::Text(
                self.text(&path.path.get_ident()?.to_string())?.to_string(),
            )],
            syn::Expr::Macro(mac) if macro_name(&mac.mac) == "format" => {
                let args = macro_args(&mac.mac);
                let format = args.format.as_ref()?.value();
                format_parts(&format)
                    .into_iter()
                    .map(|part| match part {
                        Ok(text) => Piece::Text(text),
                        Err(Hole::Name(name)) => match self.text(&name) {
                            Some(text) => Piece::Text(text.to_string()),
                            None => Piece::Clean(None),
                        },
                        Err(Hole::Next | Hole::Index(_)) => Piece::Clean(None),
                    })
                    .collect()
            }
            _ => return None,
        };
        fixed_prefix(&pieces)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_returning_a_path_after_server_chosen_text_fix_the_destination() {
        let file: syn::File = syn::parse_quote! {
            const ADMIN_PATH: &str = "/admin";
            const ROOT: &str = "/";
            fn admin_path() -> String { format!("{}{ADMIN_PATH}", CONFIG.domain_path()) }
            fn login() -> &'static str { "/login" }
            fn root() -> String { ROOT.to_string() }
            fn base() -> String { CONFIG.domain() }
            fn user_path(id: u32) -> String { format!("/users/{id}") }
        };
        let constants = FileConstants::collect(&file);
        assert_eq!(constants.text("ADMIN_PATH"), Some("/admin"));
        assert_eq!(
            constants.prefix_returned_by("admin_path"),
            Some(Fixed::Origin)
        );
        assert_eq!(
            constants.prefix_returned_by("login"),
            Some(Fixed::LocalPath)
        );
        assert_eq!(constants.prefix_returned_by("root"), None, "a lone `/`");
        assert_eq!(constants.prefix_returned_by("base"), None);
        assert_eq!(
            constants.prefix_returned_by("user_path"),
            None,
            "takes parameters"
        );
    }
}
