//! The `macro_rules!` macros of a file that always return: every rule's expansion ends with
//! a `return` statement (`macro_rules! err { ($msg:expr) => {{ error!(..); return
//! Err(..); }}; .. }`). A call of one ends its block as `return` does; since macros are used
//! in other files than their own, this is a crate fact (`FileFacts::diverging_macros`), asked
//! for in the crate pass.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The names of the file's `macro_rules!` macros (in inline modules too) that always return.
pub fn diverging_macros(file: &syn::File) -> Vec<String> {
    let mut found = Vec::new();
    collect(&file.items, &mut found);
    found
}

fn collect(items: &[syn::Item], found: &mut Vec<String>) {
    for item in items {
        match item {
            syn::Item::Macro(item) if item.mac.path.is_ident("macro_rules") => {
                if let (Some(name), true) = (&item.ident, always_returns(&item.mac.tokens)) {
                    found.push(name.to_string());
                }
            }
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &module.content {
                    collect(items, found);
                }
            }
            _ => {}
        }
    }
}

/// Whether every rule `(matcher) => { expansion }` of a `macro_rules!` body has an expansion
/// whose last statement starts with `return`.
fn always_returns(rules: &TokenStream) -> bool {
    let tokens: Vec<TokenTree> = rules.clone().into_iter().collect();
    let mut expansions = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        // matcher, `=`, `>`, expansion, optional `;`
        match (
            tokens.get(at),
            tokens.get(at + 1),
            tokens.get(at + 2),
            tokens.get(at + 3),
        ) {
            (
                Some(TokenTree::Group(_)),
                Some(TokenTree::Punct(eq)),
                Some(TokenTree::Punct(gt)),
                Some(TokenTree::Group(expansion)),
            ) if eq.as_char() == '=' && gt.as_char() == '>' => {
                expansions.push(expansion.stream());
                at += 4;
                if matches!(tokens.get(at), Some(TokenTree::Punct(p)) if p.as_char() == ';') {
                    at += 1;
                }
            }
            _ => return false,
        }
    }
    !expansions.is_empty() && expansions.into_iter().all(ends_returning)
}

/// The expansion (through `{ .. }` blocks it consists of) ends with `return ..`.
fn ends_returning(expansion: TokenStream) -> bool {
    let tokens: Vec<TokenTree> = expansion.into_iter().collect();
    if let [TokenTree::Group(block)] = &tokens[..] {
        if block.delimiter() == Delimiter::Brace {
            return ends_returning(block.stream());
        }
    }
    let statements: Vec<&[TokenTree]> = tokens
        .split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ';'))
        .filter(|statement| !statement.is_empty())
        .collect();
    matches!(
        statements.last().and_then(|last| last.first()),
        Some(TokenTree::Ident(first)) if first == "return"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(source: &str) -> Vec<String> {
        diverging_macros(&syn::parse_file(source).unwrap())
    }

    #[test]
    fn a_macro_whose_every_rule_returns_diverges() {
        let source = r#"
            macro_rules! err {
                ($msg:expr) => {{
                    let msg = $msg;
                    error!("{msg}");
                    return Err(Error::new(msg));
                }};
                ($kind:ident, $msg:expr) => {
                    return Err(Error::kind($kind, $msg))
                };
            }
            mod inner {
                macro_rules! bail_out { () => { return; } }
            }
        "#;
        assert_eq!(found(source), ["err", "bail_out"]);
    }

    #[test]
    fn a_macro_with_a_rule_that_does_not_return_does_not() {
        let source = r#"
            macro_rules! err_or_log {
                ($msg:expr) => {{ return Err($msg); }};
                (log $msg:expr) => {{ error!("{}", $msg); }};
            }
            macro_rules! early { ($e:expr) => {{ return $e; let _ = 1; }} }
            macro_rules! make_error { ($msg:expr) => { Error::new($msg) } }
        "#;
        assert!(found(source).is_empty(), "{:?}", found(source));
    }
}
