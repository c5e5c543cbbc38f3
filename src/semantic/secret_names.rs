//! What a value's name says about it (`[secret-names]` of `rules/models/security.toml`): a
//! password (`password`, `basic_auth_pwd`), another credential (`api_token`, `client_secret`,
//! `api_key`, `password_hash`), or neither (`token_type`, `token_id`, `num_tokens`). The last
//! word of the name decides. The name of an expression is that of what it reads last
//! (`form.password`, `bearer.token()`, `secret.expose_secret().as_bytes()`), and a call on a
//! password (`hash_of(password)`) names a value derived from it. The one place that matches
//! secret names, for the hash and comparison rules.

use crate::semantic::insecure_api::name_words;
use crate::semantic::models::models;
use crate::semantic::models::security::SecretNameModels;
use crate::semantic::syntax::{last_ident, mentioned_names, peel};

/// What a name says its value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secret {
    Password,
    Credential,
}

fn names() -> &'static SecretNameModels {
    &models().security.secret_names
}

/// What `name` names, if it is a password or a credential: by its last word, or its last two
/// (`api_key`, `password_hash`).
pub fn classify(name: &str) -> Option<Secret> {
    let model = names();
    let words = name_words(name);
    let last = words.last()?;
    if model.password.contains(last) {
        return Some(Secret::Password);
    }
    if model.credential.contains(last) {
        return Some(Secret::Credential);
    }
    let [.., before, last] = words.as_slice() else {
        return None;
    };
    let phrase = format!("{before} {last}");
    model
        .phrases
        .contains(&phrase)
        .then_some(Secret::Credential)
}

/// Whether `name` is a password's.
pub fn is_password(name: &str) -> bool {
    classify(name) == Some(Secret::Password)
}

/// Whether a function's name says its work is a security decision (`sign_request`,
/// `hash_password`, `new_api_token`): any of its words is a password, credential or
/// security-function word.
pub fn is_security_function(name: &str) -> bool {
    let model = names();
    let words = name_words(name);
    words.iter().any(|word| {
        model.password.contains(word)
            || model.credential.contains(word)
            || model.security_functions.contains(word)
    }) || words
        .windows(2)
        .any(|pair| model.phrases.contains(&format!("{} {}", pair[0], pair[1])))
}

/// The name of the value an expression reads: a local or constant, a field, a method's name,
/// the function of a call; conversions (`.as_bytes()`, `.expose_secret()`) and `Some(..)`
/// keep the name of what they wrap. A call of a function with a password-named argument
/// (`get_hash(password)`) is named for the password it derives from.
pub fn value_name(expr: &syn::Expr) -> Option<String> {
    match peel(expr) {
        syn::Expr::Path(path) if path.qself.is_none() => {
            last_ident(&path.path).map(ToString::to_string)
        }
        syn::Expr::Field(field) => match &field.member {
            syn::Member::Named(name) => Some(name.to_string()),
            syn::Member::Unnamed(_) => None,
        },
        syn::Expr::MethodCall(call) => {
            let method = call.method.to_string();
            if names().conversions.contains(&method) && call.args.is_empty() {
                value_name(&call.receiver)
            } else {
                Some(method)
            }
        }
        syn::Expr::Call(call) => {
            let syn::Expr::Path(func) = peel(&call.func) else {
                return None;
            };
            let function = last_ident(&func.path)?.to_string();
            if names().wrappers.contains(&function) {
                return call.args.first().and_then(value_name);
            }
            call.args
                .iter()
                .filter_map(value_name)
                .find(|name| is_password(name))
                .or(Some(function))
        }
        syn::Expr::Cast(cast) => value_name(&cast.expr),
        _ => None,
    }
}

/// The name of what the value of `expr` is read from: the base of a field, the receiver of a
/// method (`state` of `params.state.secret()`), through conversions.
pub fn owner_name(expr: &syn::Expr) -> Option<String> {
    match peel(expr) {
        syn::Expr::Field(field) => value_name(&field.base),
        syn::Expr::MethodCall(call) => {
            if names().conversions.contains(&call.method.to_string()) && call.args.is_empty() {
                owner_name(&call.receiver)
            } else {
                value_name(&call.receiver)
            }
        }
        _ => None,
    }
}

/// Whether any name `expr` mentions (also inside `format!` arguments and array elements) is a
/// password's: the input of `hasher.update(format!("{salt}{password}"))`.
pub fn mentions_password(expr: &syn::Expr) -> Option<String> {
    use quote::ToTokens;
    if let Some(name) = value_name(expr).filter(|name| is_password(name)) {
        return Some(name);
    }
    mentioned_names(expr.to_token_stream())
        .into_iter()
        .find(|name| is_password(name))
}

/// Whether a name says its value is public or not a credential though it holds a credential
/// word (`push_token`, `sync_token`, `public_key`).
pub fn is_public(name: &str) -> bool {
    let model = names();
    name_words(name)
        .iter()
        .any(|word| model.public.contains(word))
}

/// Whether two compared names are one user's value and its confirmation
/// (`password` / `password_confirmation`, `new_password` / `new_password_check`,
/// `password_a` / `password_b`): the same secret word in both, and the second adds a
/// confirmation word or the two differ only by a one-letter or numbered last word.
pub fn is_confirmation_pair(left: &str, right: &str) -> bool {
    let model = names();
    let (left, right) = (name_words(left), name_words(right));
    let secret_word = |words: &[String]| -> Option<String> {
        words
            .iter()
            .find(|word| model.password.contains(word) || model.credential.contains(word))
            .cloned()
    };
    let (Some(a), Some(b)) = (secret_word(&left), secret_word(&right)) else {
        return false;
    };
    if a != b {
        return false;
    }
    let confirms = |words: &[String]| words.iter().any(|w| model.confirmation.contains(w));
    if confirms(&left) || confirms(&right) {
        return true;
    }
    let short = |word: &String| word.len() == 1 || word.chars().all(|c| c.is_ascii_digit());
    left.len() == right.len()
        && left[..left.len() - 1] == right[..right.len() - 1]
        && left.last().is_some_and(short)
        && right.last().is_some_and(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(code: &str) -> Option<String> {
        value_name(&syn::parse_str(code).unwrap())
    }

    #[test]
    fn the_last_word_decides() {
        assert_eq!(classify("required_password"), Some(Secret::Password));
        assert_eq!(classify("basic_auth_pwd"), Some(Secret::Password));
        assert_eq!(classify("newPassword"), Some(Secret::Password));
        assert_eq!(classify("client_secret"), Some(Secret::Credential));
        assert_eq!(classify("API_KEY"), Some(Secret::Credential));
        assert_eq!(classify("password_hash"), Some(Secret::Credential));
        assert_eq!(classify("token_type"), None);
        assert_eq!(classify("token_id"), None);
        assert_eq!(classify("num_tokens"), None);
        assert_eq!(classify("cache_key"), None);
        assert_eq!(classify("content_hash"), None);
        assert_eq!(classify("password_confirmation"), None);
    }

    #[test]
    fn expressions_are_named_for_what_they_read() {
        assert_eq!(name("form.password").as_deref(), Some("password"));
        assert_eq!(name("&*basic_auth_pwd").as_deref(), Some("basic_auth_pwd"));
        assert_eq!(name("bearer.token()").as_deref(), Some("token"));
        assert_eq!(
            name("jwt_secret.expose_secret().as_bytes()").as_deref(),
            Some("jwt_secret")
        );
        assert_eq!(
            name("Some(expected_token.as_str())").as_deref(),
            Some("expected_token")
        );
        assert_eq!(name("get_hash::<T>(password)").as_deref(), Some("password"));
        assert_eq!(name("token.len()").as_deref(), Some("len"));
        assert_eq!(name("x.0"), None);
    }

    #[test]
    fn confirmations_are_pairs() {
        assert!(is_confirmation_pair("password", "password_confirmation"));
        assert!(is_confirmation_pair("new_password", "new_password_check"));
        assert!(is_confirmation_pair("password_verify", "password"));
        assert!(is_confirmation_pair("password_a", "password_b"));
        assert!(!is_confirmation_pair("provided_token", "expected_token"));
        assert!(!is_confirmation_pair("password", "stored_password"));
        assert!(!is_confirmation_pair("token", "password_check"));
    }

    #[test]
    fn public_qualifiers() {
        assert!(is_public("push_token"));
        assert!(is_public("public_key"));
        assert!(!is_public("api_token"));
        let expr: syn::Expr = syn::parse_str("params.state.secret().as_str()").unwrap();
        assert_eq!(owner_name(&expr).as_deref(), Some("state"));
        let expr: syn::Expr = syn::parse_str("config.admin_token").unwrap();
        assert_eq!(owner_name(&expr).as_deref(), Some("config"));
    }

    #[test]
    fn security_functions_and_password_mentions() {
        assert!(is_security_function("sign_request"));
        assert!(is_security_function("hash_password"));
        assert!(is_security_function("new_api_key"));
        assert!(!is_security_function("etag_for"));
        assert!(!is_security_function("gravatar_url"));
        let expr: syn::Expr = syn::parse_str("format!(\"{}{}\", salt, user.password)").unwrap();
        assert_eq!(mentions_password(&expr).as_deref(), Some("password"));
        let expr: syn::Expr = syn::parse_str("body.as_bytes()").unwrap();
        assert_eq!(mentions_password(&expr), None);
    }
}
