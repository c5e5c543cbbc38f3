//! Insecure API use, as `rules/models/security.toml` describes it: a call whose argument turns a
//! protection off (`.danger_accept_invalid_certs(true)`, `.allow_origin(Any)`,
//! `set_verify(SslVerifyMode::NONE)`), a settings field set to the value that does
//! (`validation.validate_exp = false`, also in a struct literal), and connection strings whose
//! options do (`?sslmode=disable` to a remote host). The configuration rules ask for the entries
//! of their own id; what the calls are is data.

use crate::semantic::constants::FileConstants;
use crate::semantic::models::models;
use crate::semantic::models::security::{
    ArgCondition, InsecureCall, InsecureField, InsecureUrlOption,
};
use crate::semantic::syntax::{last_ident, literal_text, peel};
use crate::semantic::url_literals::LiteralUrl;
use crate::semantic::FileModel;

/// A modelled insecure call found in the code.
pub struct InsecureUse<'m> {
    pub model: &'m InsecureCall,
    /// The call as written for messages: `.danger_accept_invalid_certs(true)`,
    /// `CorsLayer::permissive()`.
    pub written: String,
}

/// The insecure call of `rule` that `expr` is, if any: a modelled method or function whose
/// argument meets the model's condition.
pub fn insecure_call<'m>(
    file: &FileModel<'_>,
    expr: &syn::Expr,
    rule: &'m str,
) -> Option<InsecureUse<'m>> {
    let security = &models().security;
    match expr {
        syn::Expr::MethodCall(call) => {
            let name = call.method.to_string();
            security.calls_of(rule).find_map(|model| {
                let arg = model.method_arg(&name)?;
                if !model.on.is_empty() && !chain_starts_at(file, call, &model.on) {
                    return None;
                }
                let key = call.args.first().and_then(literal_text);
                if !model.keys.is_empty() && !key.is_some_and(|key| model.keys.contains(&key)) {
                    return None;
                }
                let args: Vec<&syn::Expr> = call.args.iter().collect();
                meets(file, &args, arg, &model.when).then(|| InsecureUse {
                    model,
                    written: format!(".{name}({})", written_arg(&args, arg, &model.when)),
                })
            })
        }
        syn::Expr::Call(call) => {
            let syn::Expr::Path(func) = peel(&call.func) else {
                return None;
            };
            let path = file.resolve(&func.path);
            security.calls_of(rule).find_map(|model| {
                let arg = model.function_arg(&path)?;
                let args: Vec<&syn::Expr> = call.args.iter().collect();
                let shown = path[path.len().saturating_sub(2)..].join("::");
                meets(file, &args, arg, &model.when).then(|| InsecureUse {
                    model,
                    written: format!("{shown}({})", written_arg(&args, arg, &model.when)),
                })
            })
        }
        _ => None,
    }
}

fn meets(
    file: &FileModel<'_>,
    args: &[&syn::Expr],
    index: usize,
    condition: &ArgCondition,
) -> bool {
    match condition {
        ArgCondition::Always => true,
        _ => args
            .get(index)
            .is_some_and(|arg| argument_meets(file, arg, condition)),
    }
}

fn written_arg(args: &[&syn::Expr], index: usize, condition: &ArgCondition) -> String {
    match condition {
        ArgCondition::Always => {
            if args.is_empty() {
                String::new()
            } else {
                "..".to_string()
            }
        }
        _ => args
            .get(index)
            .map(|arg| {
                use quote::ToTokens;
                let text = arg
                    .to_token_stream()
                    .to_string()
                    .replace(" :: ", "::")
                    .replace(" . ", ".")
                    .replace(" ()", "()");
                // The arguments before the one judged (`.limit("file", n)`) are elided.
                if index > 0 {
                    format!(".., {text}")
                } else {
                    text
                }
            })
            .unwrap_or_default(),
    }
}

/// Whether an argument is what the condition says (literals and paths only: a value read from
/// configuration is the operator's choice).
pub fn argument_meets(file: &FileModel<'_>, arg: &syn::Expr, condition: &ArgCondition) -> bool {
    match (condition, peel(arg)) {
        (ArgCondition::Always, _) => true,
        (ArgCondition::Bool(wanted), syn::Expr::Lit(lit)) => {
            matches!(&lit.lit, syn::Lit::Bool(b) if b.value == *wanted)
        }
        (ArgCondition::Path(suffix), syn::Expr::Binary(binary))
            if matches!(binary.op, syn::BinOp::BitOr(_)) =>
        {
            argument_meets(file, &binary.left, condition)
                || argument_meets(file, &binary.right, condition)
        }
        (ArgCondition::Path(suffix), syn::Expr::Path(path)) => {
            crate::semantic::models::ends_with(&file.resolve(&path.path), suffix)
        }
        (ArgCondition::Path(suffix), syn::Expr::Call(call)) if call.args.is_empty() => {
            matches!(peel(&call.func), syn::Expr::Path(path)
                if crate::semantic::models::ends_with(&file.resolve(&path.path), suffix))
        }
        (ArgCondition::AtLeast(limit), value) => {
            integer_value(&file.constants, value).is_some_and(|n| n >= *limit)
        }
        _ => false,
    }
}

/// An integer literal, a product of them, or `<int>::MAX` (as `u128::MAX`).
fn integer_value(constants: &FileConstants, expr: &syn::Expr) -> Option<u128> {
    match peel(expr) {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(int),
            ..
        }) => int.base10_parse().ok(),
        syn::Expr::Binary(binary) if matches!(binary.op, syn::BinOp::Add(_)) => {
            integer_value(constants, &binary.left)?
                .checked_add(integer_value(constants, &binary.right)?)
        }
        syn::Expr::Binary(binary) if matches!(binary.op, syn::BinOp::Mul(_)) => {
            integer_value(constants, &binary.left)?
                .checked_mul(integer_value(constants, &binary.right)?)
        }
        syn::Expr::Binary(binary) if matches!(binary.op, syn::BinOp::Shl(_)) => {
            let shift = u32::try_from(integer_value(constants, &binary.right)?).ok()?;
            integer_value(constants, &binary.left)?.checked_shl(shift)
        }
        syn::Expr::Path(path) => match path.path.get_ident() {
            // A constant of the file (`const MAX_UPLOAD: usize = 512 * 1024 * 1024;`).
            Some(name) => constants.number(&name.to_string()),
            None => (last_ident(&path.path)? == "MAX").then_some(u128::MAX),
        },
        // `ByteUnit::max_value()`.
        syn::Expr::Call(call) if call.args.is_empty() => match peel(&call.func) {
            syn::Expr::Path(path) => (last_ident(&path.path)? == "max_value").then_some(u128::MAX),
            _ => None,
        },
        // rocket's byte units: `5.mebibytes()`.
        syn::Expr::MethodCall(call) if call.args.is_empty() => {
            let factor = models().security.byte_units.get(&call.method.to_string())?;
            integer_value(constants, &call.receiver)?.checked_mul(u128::from(*factor))
        }
        _ => None,
    }
}

/// Whether a method call's chain starts at a call of one of the paths (by suffix):
/// `web::JsonConfig::default().limit(..)`, also through other methods before it.
fn chain_starts_at(
    file: &FileModel<'_>,
    call: &syn::ExprMethodCall,
    starts: &[Vec<String>],
) -> bool {
    let mut receiver = peel(&call.receiver);
    while let syn::Expr::MethodCall(inner) = receiver {
        receiver = peel(&inner.receiver);
    }
    let syn::Expr::Call(root) = receiver else {
        return false;
    };
    let syn::Expr::Path(func) = peel(&root.func) else {
        return false;
    };
    let path = file.resolve(&func.path);
    starts
        .iter()
        .any(|start| crate::semantic::models::ends_with(&path, start))
}

/// A modelled field set to its insecure value: the model and where the setting is written.
pub struct FieldSetting<'m> {
    pub model: &'m InsecureField,
    pub field: String,
    pub at: proc_macro2::Span,
}

/// The insecure field settings of `rule` in `expr`: an assignment to a field
/// (`validation.validate_exp = false`), or the fields of a struct literal
/// (`Validation { validate_exp: false, .. }`).
pub fn insecure_fields<'m>(expr: &syn::Expr, rule: &'m str) -> Vec<FieldSetting<'m>> {
    use syn::spanned::Spanned;
    let settings: Vec<(String, &syn::Expr, proc_macro2::Span)> = match expr {
        syn::Expr::Assign(assign) => match peel(&assign.left) {
            syn::Expr::Field(field) => match &field.member {
                syn::Member::Named(name) => vec![(name.to_string(), &*assign.right, assign.span())],
                syn::Member::Unnamed(_) => Vec::new(),
            },
            _ => Vec::new(),
        },
        syn::Expr::Struct(literal) => literal
            .fields
            .iter()
            .filter_map(|field| match &field.member {
                syn::Member::Named(name) => Some((name.to_string(), &field.expr, field.span())),
                syn::Member::Unnamed(_) => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let security = &models().security;
    settings
        .into_iter()
        .filter_map(|(name, value, at)| {
            let model = security.fields_of(rule).find(|model| {
                model.fields.contains(&name)
                    && matches!(peel(value), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Bool(b), .. }) if b.value == model.value)
            })?;
            Some(FieldSetting {
                model,
                field: name,
                at,
            })
        })
        .collect()
}

/// The connection-string option of `rule` that a literal URL sets to a value turning TLS off,
/// when the URL's host is not local.
pub fn insecure_url_option<'m>(
    text: &str,
    rule: &'m str,
) -> Option<(&'m InsecureUrlOption, String)> {
    let url = LiteralUrl::parse(text)?;
    if url.is_local() {
        return None;
    }
    models()
        .security
        .url_options
        .iter()
        .filter(|model| model.rule == rule && model.schemes.contains(&url.scheme))
        .find_map(|model| {
            let value = url.option(&model.option)?;
            model
                .values
                .iter()
                .any(|bad| bad.eq_ignore_ascii_case(value))
                .then(|| (model, format!("{}={value}", model.option)))
        })
}

/// Whether a name (a binding, field, function, constant or a literal's text) holds one of
/// `words` as a whole word: split at `_`, `-`, `.`, spaces and lower-to-upper case changes
/// (`sessionId`, `AUTH_COOKIE`, `refresh-token`).
pub fn names_word(name: &str, words: &[String]) -> bool {
    name_words(name)
        .iter()
        .any(|word| words.iter().any(|w| w == word))
}

/// The lower-case words of a name (see [`names_word`]).
pub fn name_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_words() {
        assert_eq!(name_words("sessionId"), ["session", "id"]);
        assert_eq!(name_words("AUTH_COOKIE"), ["auth", "cookie"]);
        assert_eq!(name_words("refresh-token"), ["refresh", "token"]);
        let words = vec!["token".to_string()];
        assert!(names_word("api_token", &words));
        assert!(!names_word("tokenizer", &words));
    }

    #[test]
    fn integers_and_maxima() {
        let file =
            syn::parse_file("const MIB: usize = 1 << 20;\nconst MAX_UPLOAD: usize = 512 * MIB;")
                .unwrap();
        let constants = FileConstants::collect(&file);
        let value = |text: &str| integer_value(&constants, &syn::parse_str(text).unwrap());
        assert_eq!(value("1024 * 1024"), Some(1 << 20));
        assert_eq!(value("1 << 30"), Some(1 << 30));
        assert_eq!(value("(100 + 1 + MIB) * 2"), Some((101 + (1 << 20)) * 2));
        assert_eq!(value("usize::MAX"), Some(u128::MAX));
        assert_eq!(value("ByteUnit::max_value()"), Some(u128::MAX));
        assert_eq!(value("MAX_UPLOAD"), Some(512 << 20));
        assert_eq!(value("3 * MIB"), Some(3 << 20));
        assert_eq!(value("2.gibibytes()"), Some(2 << 30));
        assert_eq!(value("limit"), None);
        assert_eq!(value("2.forever()"), None);
    }
}
