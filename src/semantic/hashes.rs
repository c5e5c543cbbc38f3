//! Fast hashes computed in a block (`[[fast-hash]]` and `[hashing]` of
//! `rules/models/security.toml`): a digest function on its input (`Sha256::digest(data)`,
//! `md5::compute(data)`, `hash(MessageDigest::sha1(), data)`), and a hasher from its
//! constructor (`Md5::new()`, `Hasher::new(MessageDigest::md5())`) with the inputs its feeding
//! methods take in the same chain or later statements on the local it is bound to
//! (`hasher.update(password)`), and the locals or fields the digest goes to.

use crate::semantic::chains::{block_chains, Chain};
use crate::semantic::models::ends_with;
use crate::semantic::models::models;
use crate::semantic::models::security::FastHash;
use crate::semantic::syntax::{bound_ident, peel};
use crate::semantic::FileModel;

/// One hash computation found in a block.
pub struct Hashing<'a> {
    pub model: &'static FastHash,
    /// The digest call or the hasher's constructor.
    pub call: &'a syn::Expr,
    /// Each input with the call that takes it.
    pub inputs: Vec<(&'a syn::Expr, Site<'a>)>,
    /// The locals and fields the digest or the hasher's chains are bound to.
    pub bound_to: Vec<String>,
}

/// The call that takes a hash's input.
#[derive(Clone, Copy)]
pub enum Site<'a> {
    /// The digest call itself.
    Call(&'a syn::Expr),
    /// A feeding method of a hasher (`.update(password)`).
    Feed(&'a syn::ExprMethodCall),
}

/// The fast hashes computed in `block`'s statements (nested blocks are their own).
pub fn block_hashings<'a>(file: &FileModel<'_>, block: &'a syn::Block) -> Vec<Hashing<'a>> {
    let chains = block_chains(block);
    let mut found = Vec::new();
    for chain in &chains {
        let statement = &block.stmts[chain.statement];
        if let Some((model, input)) = digest_call(file, chain.root) {
            found.push(Hashing {
                model,
                call: chain.root,
                inputs: vec![(input, Site::Call(chain.root))],
                bound_to: binding_of(statement).into_iter().collect(),
            });
        } else if let Some(model) = hasher_constructor(file, chain.root) {
            found.push(hasher(chain, &chains, statement, model));
        }
    }
    found
}

/// A hasher's inputs and destinations: its own chain and the later chains on its local.
fn hasher<'a>(
    chain: &Chain<'a>,
    all: &[Chain<'a>],
    statement: &'a syn::Stmt,
    model: &'static FastHash,
) -> Hashing<'a> {
    let feed = &models().security.hashing.feed;
    let mut inputs = Vec::new();
    let mut bound_to: Vec<String> = binding_of(statement).into_iter().collect();
    let mut take = |methods: &[&'a syn::ExprMethodCall]| {
        for method in methods {
            if feed.contains(&method.method.to_string()) {
                if let Some(arg) = method.args.first() {
                    inputs.push((arg, Site::Feed(method)));
                }
            }
        }
    };
    take(&chain.methods);
    for later in chain.continuations(all) {
        take(&later.methods);
        bound_to.extend(later.bound_to.clone());
    }
    // The local a chain of only feeding methods is bound to holds the hasher, not a digest.
    let still_hasher = chain
        .methods
        .iter()
        .all(|method| feed.contains(&method.method.to_string()));
    if still_hasher {
        bound_to.retain(|name| Some(name) != chain.bound_to.as_ref());
    }
    Hashing {
        model,
        call: chain.root,
        inputs,
        bound_to,
    }
}

/// The digest function `expr` calls, and the input it digests.
fn digest_call<'a>(
    file: &FileModel<'_>,
    expr: &'a syn::Expr,
) -> Option<(&'static FastHash, &'a syn::Expr)> {
    let syn::Expr::Call(call) = peel(expr) else {
        return None;
    };
    let path = called(file, call)?;
    let hashing = &models().security.hashing;
    for model in &hashing.hashes {
        if let Some((_, arg)) = model
            .digest
            .iter()
            .find(|(suffix, _)| ends_with(&path, suffix))
        {
            return Some((model, call.args.iter().nth(*arg)?));
        }
    }
    let (_, arg) = hashing
        .digest_with
        .iter()
        .find(|(suffix, _)| ends_with(&path, suffix))?;
    let model = selected(file, call.args.first()?)?;
    Some((model, call.args.iter().nth(*arg)?))
}

/// The hash whose hasher `expr` constructs.
fn hasher_constructor(file: &FileModel<'_>, expr: &syn::Expr) -> Option<&'static FastHash> {
    let syn::Expr::Call(call) = peel(expr) else {
        return None;
    };
    let path = called(file, call)?;
    let hashing = &models().security.hashing;
    if let Some(model) = hashing
        .hashes
        .iter()
        .find(|model| model.hasher.iter().any(|suffix| ends_with(&path, suffix)))
    {
        return Some(model);
    }
    if hashing
        .hasher_with
        .iter()
        .any(|suffix| ends_with(&path, suffix))
    {
        return selected(file, call.args.first()?);
    }
    None
}

/// The hash a selector argument chooses (`MessageDigest::md5()`, `&digest::SHA256`).
fn selected(file: &FileModel<'_>, arg: &syn::Expr) -> Option<&'static FastHash> {
    let path = match peel(arg) {
        syn::Expr::Path(path) => file.resolve(&path.path),
        syn::Expr::Call(call) if call.args.is_empty() => called(file, call)?,
        _ => return None,
    };
    models()
        .security
        .hashing
        .hashes
        .iter()
        .find(|model| model.selector.iter().any(|suffix| ends_with(&path, suffix)))
}

fn called(file: &FileModel<'_>, call: &syn::ExprCall) -> Option<Vec<String>> {
    match peel(&call.func) {
        syn::Expr::Path(func) => Some(file.resolve(&func.path)),
        _ => None,
    }
}

/// The local or field a statement binds or assigns (`let signature = ..`, `self.token = ..`).
fn binding_of(statement: &syn::Stmt) -> Option<String> {
    match statement {
        syn::Stmt::Local(local) => bound_ident(local).map(|ident| ident.ident.to_string()),
        syn::Stmt::Expr(syn::Expr::Assign(assign), _) => match peel(&assign.left) {
            syn::Expr::Field(syn::ExprField {
                member: syn::Member::Named(name),
                ..
            }) => Some(name.to_string()),
            syn::Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
            _ => None,
        },
        _ => None,
    }
}

impl Hashing<'_> {
    /// The function called, as written (`Md5::new`, `md5::compute`).
    pub fn written(&self) -> String {
        use quote::ToTokens;
        match peel(self.call) {
            syn::Expr::Call(call) => call
                .func
                .to_token_stream()
                .to_string()
                .replace(" :: ", "::")
                .replace(" < ", "<")
                .replace(" >", ">"),
            other => other.to_token_stream().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::{FieldTypes, FileKind, Imports, TypeFacts};
    use crate::source::SourceFile;

    /// Each hashing of the body of `code`'s first function: algorithm, inputs and bindings.
    fn hashings(code: &str) -> Vec<(String, Vec<String>, Vec<String>)> {
        use quote::ToTokens;
        let source = SourceFile::new("t.rs".into(), code.to_string());
        let syntax = syn::parse_file(code).unwrap();
        let model = FileModel {
            source: &source,
            imports: Imports::collect(&syntax, vec!["crate".to_string()], None),
            fields: FieldTypes::collect(&syntax),
            types: TypeFacts::collect(&syntax),
            constants: crate::semantic::constants::FileConstants::collect(&syntax),
            features: None,
            taint: &models().taint,
            kind: FileKind::Service,
            sql_dialects: Vec::new(),
            member_libraries: &[],
            sql: Default::default(),
        };
        let function = syntax
            .items
            .iter()
            .find_map(|item| match item {
                syn::Item::Fn(function) => Some(function),
                _ => None,
            })
            .unwrap();
        block_hashings(&model, &function.block)
            .into_iter()
            .map(|hashing| {
                let inputs = hashing
                    .inputs
                    .iter()
                    .map(|(input, _)| input.to_token_stream().to_string())
                    .collect();
                (hashing.model.algorithm.clone(), inputs, hashing.bound_to)
            })
            .collect()
    }

    #[test]
    fn digest_functions_and_generic_apis() {
        let found = hashings(
            "use sha2::{Digest, Sha256}; use openssl::hash::{hash, MessageDigest};
             fn f(password: &str, body: &[u8]) {
                 let signature = hash(MessageDigest::md5(), body);
                 let stored = hex::encode(Sha256::digest(password));
                 let d = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, body);
             }",
        );
        assert_eq!(
            found,
            [
                ("MD5".into(), vec!["body".into()], vec!["signature".into()]),
                (
                    "SHA-2".into(),
                    vec!["password".into()],
                    vec!["stored".into()]
                ),
                ("SHA-1".into(), vec!["body".into()], vec!["d".into()]),
            ]
        );
    }

    #[test]
    fn hashers_collect_their_feeds_and_destinations() {
        let found = hashings(
            "use md5::{Digest, Md5};
             fn f(salt: &[u8], password: &str) {
                 let mut hasher = Md5::new();
                 hasher.update(salt);
                 hasher.update(password.as_bytes());
                 let token = hasher.finalize();
                 let other = sha1::Sha1::new().chain_update(salt).finalize();
             }",
        );
        assert_eq!(
            found,
            [
                (
                    "MD5".into(),
                    vec!["salt".into(), "password . as_bytes ()".into()],
                    vec!["token".into()]
                ),
                ("SHA-1".into(), vec!["salt".into()], vec!["other".into()]),
            ]
        );
    }

    #[test]
    fn hmac_and_unknown_hashers_are_not_fast_hashes() {
        let found = hashings(
            "use hmac::{Hmac, Mac};
             fn f(key: &[u8], body: &[u8]) {
                 let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key).unwrap();
                 mac.update(body);
                 let hasher = std::collections::hash_map::DefaultHasher::new();
             }",
        );
        assert!(found.is_empty());
    }
}
