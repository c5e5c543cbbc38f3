//! Derives of rocket's `FromParam` for the id newtypes of `rocket-notes`.

use proc_macro::TokenStream;
use quote::quote;
use syn::{parse_macro_input, DeriveInput};

/// Accepts a UUID only.
#[proc_macro_derive(UuidFromParam)]
pub fn derive_uuid_from_param(input: TokenStream) -> TokenStream {
    let ast = parse_macro_input!(input as DeriveInput);
    uuid_from_param(&ast)
}

fn uuid_from_param(ast: &DeriveInput) -> TokenStream {
    let name = &ast.ident;
    quote! {
        #[automatically_derived]
        impl<'r> rocket::request::FromParam<'r> for #name {
            type Error = ();

            fn from_param(param: &'r str) -> Result<Self, Self::Error> {
                if uuid::Uuid::parse_str(param).is_ok() {
                    Ok(Self(param.to_string()))
                } else {
                    Err(())
                }
            }
        }
    }
    .into()
}

/// Accepts letters, digits and dashes.
#[proc_macro_derive(SlugFromParam)]
pub fn derive_slug_from_param(input: TokenStream) -> TokenStream {
    let ast = parse_macro_input!(input as DeriveInput);
    let name = &ast.ident;
    quote! {
        impl<'r> rocket::request::FromParam<'r> for #name {
            type Error = ();

            fn from_param(param: &'r str) -> Result<Self, Self::Error> {
                if param.chars().all(|c| matches!(c, 'a'..='z' | 'A'..='Z' | '0'..='9' | '-')) {
                    Ok(Self(param.to_string()))
                } else {
                    Err(())
                }
            }
        }
    }
    .into()
}

/// Accepts any text: the derive only saves writing the impl.
#[proc_macro_derive(TextFromParam)]
pub fn derive_text_from_param(input: TokenStream) -> TokenStream {
    let ast = parse_macro_input!(input as DeriveInput);
    let name = &ast.ident;
    quote! {
        impl<'r> rocket::request::FromParam<'r> for #name {
            type Error = ();

            fn from_param(param: &'r str) -> Result<Self, Self::Error> {
                Ok(Self(param.to_string()))
            }
        }
    }
    .into()
}
