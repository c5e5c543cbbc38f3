//! `weak-random`: see `rules/weak-random.md`.

use crate::rules::prelude::*;
use crate::semantic::chains::{block_chains, Chain};
use crate::semantic::insecure_api::names_word;
use crate::semantic::models::models;
use crate::semantic::randomness::{weak_function_reference, weak_generator};
use crate::semantic::syntax::{bound_ident, mentions, peel};

declare_rule!(WeakRandom, "weak-random");

impl Rule for WeakRandom {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Block]
    }

    /// In each block: a predictable generator whose output is a secret — the function is named
    /// for one (`fn new_session_token`), or the value goes to a secret-named local or field
    /// (`let token = ..`, `Session { token: .. }`), directly or through a local the generator
    /// was bound to (`let mut rng = SmallRng::from_entropy(); let key = rng.gen::<[u8; 32]>()`).
    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Block(block) = node else {
            return;
        };
        if cx.in_non_production_code() {
            return;
        }
        let words = &models().security.random.secret_words;
        let secret_function = cx
            .scope
            .function
            .and_then(|id| cx.facts.functions.get(id))
            .map(|function| function.name.clone())
            .filter(|name| names_word(name, words));
        let chains = block_chains(block);
        // The generator: the chain's root call, or a function of a weak crate handed to it
        // (`repeat_with(fastrand::alphanumeric)`), where the finding points.
        let weak: Vec<(&Chain<'_>, &syn::Expr, String)> = chains
            .iter()
            .filter_map(|chain| {
                if let Some(why) = weak_generator(cx.file, chain.root) {
                    return Some((chain, chain.root, why));
                }
                let syn::Expr::Call(call) = peel(chain.root) else {
                    return None;
                };
                call.args.iter().find_map(|arg| {
                    weak_function_reference(cx.file, arg).map(|why| (chain, arg, why))
                })
            })
            .collect();
        for (chain, generator, why) in &weak {
            let produces = match &secret_function {
                Some(name) => Some(format!("in `{name}`")),
                None => secret_destination(block, chain, words),
            };
            let Some(produces) = produces else {
                continue;
            };
            let at = cx.span(*generator);
            cx.report(at, format!("{why}, and it makes a secret ({produces})"))
                .label("not a cryptographically secure generator")
                .help("use `rand::rngs::OsRng`, `rand::thread_rng()`/`rand::rng()` or `getrandom` for tokens, keys, ids and passwords")
                .emit();
        }
    }
}

/// The secret-named local or field the generator's output (or the local holding the
/// generator) goes to, in the statement or a later one of the block.
fn secret_destination(block: &syn::Block, chain: &Chain<'_>, words: &[String]) -> Option<String> {
    let statement = &block.stmts[chain.statement];
    if let Some(name) = secret_target(statement, words) {
        return Some(format!("`{name}`"));
    }
    let generator = chain.bound_to.as_ref()?;
    block.stmts[chain.statement + 1..].iter().find_map(|later| {
        let name = secret_target(later, words)?;
        let uses = match later {
            syn::Stmt::Local(local) => local
                .init
                .as_ref()
                .is_some_and(|init| mentions(&init.expr, generator)),
            syn::Stmt::Expr(expr, _) => mentions(expr, generator),
            _ => false,
        };
        uses.then(|| format!("`{name}`"))
    })
}

/// The secret name a statement binds or fills: `let token = ..`, `self.api_key = ..`,
/// `Session { token: .., .. }` (a field of a struct literal the statement builds).
fn secret_target(stmt: &syn::Stmt, words: &[String]) -> Option<String> {
    let value = match stmt {
        syn::Stmt::Local(local) => {
            if let Some(ident) = bound_ident(local) {
                let name = ident.ident.to_string();
                if names_word(&name, words) {
                    return Some(name);
                }
            }
            &local.init.as_ref()?.expr
        }
        syn::Stmt::Expr(expr, _) => expr,
        _ => return None,
    };
    match crate::semantic::syntax::peel(value) {
        syn::Expr::Assign(assign) => match crate::semantic::syntax::peel(&assign.left) {
            syn::Expr::Field(syn::ExprField {
                member: syn::Member::Named(name),
                ..
            }) => {
                let name = name.to_string();
                names_word(&name, words).then_some(name)
            }
            syn::Expr::Path(path) => path
                .path
                .get_ident()
                .map(ToString::to_string)
                .filter(|name| names_word(name, words)),
            _ => None,
        },
        syn::Expr::Struct(literal) => literal.fields.iter().find_map(|field| match &field.member {
            syn::Member::Named(name) if names_word(&name.to_string(), words) => {
                Some(name.to_string())
            }
            _ => None,
        }),
        _ => None,
    }
}
