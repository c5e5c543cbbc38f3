//! Where an outbound call sends its traffic in the clear: the destination argument of an HTTP
//! client call (the `url` sinks of `rules/models/taint.toml`) or of a connect function
//! (`[cleartext] calls` of `rules/models/security.toml`) whose text starts with a URL whose
//! scheme carries no TLS (`http://`, `ws://`; `redis://` and the like when the URL carries a
//! password) to a host that is not local. The text is a literal, a `format!` template, a
//! constant of the file or a local bound to a literal.

use proc_macro2::Span;

use crate::semantic::destination::format_parts;
use crate::semantic::models::models;
use crate::semantic::models::security::matches_any;
use crate::semantic::scope::Scope;
use crate::semantic::syntax::{macro_args, macro_name, peel};
use crate::semantic::url_literals::LiteralUrl;
use crate::semantic::FileModel;

/// A cleartext destination found in a call's argument.
#[derive(Debug)]
pub struct Cleartext {
    /// The literal holding the URL, or the argument naming the constant or local that does.
    pub at: Span,
    /// The constant or local the text came from, when it is not written in the argument.
    pub through: Option<String>,
    pub url: LiteralUrl,
    /// Whether the scheme is a connection string's (`redis://`) rather than a web one.
    pub connection: bool,
}

/// The destination argument of a modelled connect function (`[cleartext] calls`).
pub fn connect_argument<'e>(file: &FileModel<'_>, expr: &'e syn::Expr) -> Option<&'e syn::Expr> {
    let syn::Expr::Call(call) = expr else {
        return None;
    };
    let syn::Expr::Path(func) = peel(&call.func) else {
        return None;
    };
    let path = file.resolve(&func.path);
    let calls = &models().security.cleartext.calls;
    calls.iter().find_map(|pattern| {
        let (suffix, index) = match pattern.split_once('#') {
            Some((suffix, index)) => (suffix, index.parse().unwrap_or(0)),
            None => (pattern.as_str(), 0),
        };
        matches_any(&[suffix.to_string()], &path)
            .then(|| call.args.iter().nth(index))
            .flatten()
    })
}

/// Whether the destination argument of an outbound call sends in the clear to a remote host.
pub fn cleartext_destination(
    file: &FileModel<'_>,
    scope: &Scope,
    arg: &syn::Expr,
) -> Option<Cleartext> {
    use syn::spanned::Spanned;
    let (text, at, through) = destination_text(file, scope, arg)?;
    let url = LiteralUrl::parse(&text)?;
    let model = &models().security.cleartext;
    let connection = model.connection_schemes.contains(&url.scheme);
    let plain = model.plain_schemes.contains(&url.scheme);
    if url.is_local() || !(plain || (connection && url.has_password)) {
        return None;
    }
    Some(Cleartext {
        at: at.unwrap_or_else(|| arg.span()),
        through,
        url,
        connection,
    })
}

/// The text an argument starts with: (text, the literal's span when written here, the name it
/// came through otherwise).
fn destination_text(
    file: &FileModel<'_>,
    scope: &Scope,
    arg: &syn::Expr,
) -> Option<(String, Option<Span>, Option<String>)> {
    match peel(arg) {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) => Some((text.value(), Some(text.span()), None)),
        syn::Expr::Macro(mac) if macro_name(&mac.mac) == "format" => {
            let args = macro_args(&mac.mac);
            let format = args.format?;
            let first = format_parts(&format.value()).into_iter().next()?;
            match first {
                Ok(text) => Some((text, Some(format.span()), None)),
                // `format!("{API_BASE}/users")`: a constant's text starts the URL.
                Err(crate::semantic::destination::Hole::Name(name)) => {
                    named_text(file, scope, &name).map(|text| (text, None, Some(name)))
                }
                Err(
                    crate::semantic::destination::Hole::Next
                    | crate::semantic::destination::Hole::Index(0),
                ) => {
                    let first = args.exprs.first()?;
                    let (text, _, through) = destination_text(file, scope, first)?;
                    through.map(|name| (text, None, Some(name)))
                }
                Err(_) => None,
            }
        }
        // `String::from(..)`, `Url::parse(..)`, `Uri::from_static(..)`: the text converted.
        syn::Expr::Call(call) if call.args.len() == 1 => {
            let syn::Expr::Path(func) = peel(&call.func) else {
                return None;
            };
            let last = func.path.segments.last()?.ident.to_string();
            models()
                .security
                .cleartext
                .conversions
                .contains(&last)
                .then(|| destination_text(file, scope, &call.args[0]))
                .flatten()
        }
        syn::Expr::MethodCall(call)
            if models()
                .security
                .cleartext
                .conversions
                .contains(&call.method.to_string()) =>
        {
            destination_text(file, scope, &call.receiver)
        }
        syn::Expr::Path(path) => {
            let name = path.path.get_ident()?.to_string();
            named_text(file, scope, &name).map(|text| (text, None, Some(name)))
        }
        _ => None,
    }
}

/// The literal text of a constant of the file or of a local bound to a literal.
fn named_text(file: &FileModel<'_>, scope: &Scope, name: &str) -> Option<String> {
    scope
        .text_of(name)
        .or_else(|| file.constants.text(name))
        .map(str::to_string)
}
