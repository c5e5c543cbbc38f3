//! Destinations: which part of a URL or redirect target a value built from pieces can choose.
//!
//! Where a URL points (its scheme and host) is decided by its start. Input placed after text
//! that already fixes that — a local path (`/orders/`), a fixed host (`https://api.example.com/`),
//! a server-chosen base followed by a path (`{base}/files/`), a `?` or `#` that starts the query
//! or fragment — fills the path or the query: it cannot choose where the URL points, so it is
//! neither an open redirect nor SSRF. A lone `/` fixes nothing (`"/" + "/evil.example"` is
//! `//evil.example`, a URL of another host).

use std::collections::HashSet;

use crate::semantic::models::SinkKind;

/// One piece of a value built by formatting or concatenation, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Literal text (constants whose value is known count as literal text).
    Text(String),
    /// A value that carries no input, of unknown text unless it is known to fix where the
    /// value points itself (a crate function returning a local path).
    Clean(Option<Fixed>),
    /// A value that carries input.
    Input,
}

/// What the start of a value fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fixed {
    /// It is a path on this site: safe as a redirect target.
    LocalPath,
    /// Its scheme and host are fixed: safe as a redirect target and as an outbound URL.
    Origin,
}

impl Fixed {
    /// The sink kinds input after such a start is safe for.
    pub fn kinds(self) -> &'static [SinkKind] {
        match self {
            Fixed::LocalPath => &[SinkKind::Redirect],
            Fixed::Origin => &[SinkKind::Url, SinkKind::Redirect],
        }
    }
}

/// What the pieces before the first input fix, when they fix something (`None` too when no
/// piece carries input).
pub fn fixed_before_input(pieces: &[Piece]) -> Option<Fixed> {
    let first_input = pieces.iter().position(|piece| *piece == Piece::Input)?;
    fixed_prefix(&pieces[..first_input])
}

/// What a value made of `pieces` (none of them input) fixes when more text follows it.
pub fn fixed_prefix(prefix: &[Piece]) -> Option<Fixed> {
    let text = |piece: &Piece| match piece {
        Piece::Text(text) => Some(text.clone()),
        _ => None,
    };
    let literal: String = prefix.iter().filter_map(text).collect();
    if literal.contains(['?', '#']) {
        return Some(Fixed::Origin);
    }
    match prefix.first()? {
        Piece::Text(_) => start_fixes(&prefix.iter().map_while(text).collect::<String>()),
        Piece::Clean(Some(fixed)) => Some(*fixed),
        // A server-chosen base followed by a path: `{base}/files/{name}`. Literal text with a
        // `/` separates it from what follows; not the `://` or `//` that would start an
        // authority.
        Piece::Clean(None) => {
            let after: String = prefix[1..].iter().map_while(text).collect();
            (after.contains('/') && !after.contains("//") && !after.starts_with(':'))
                .then_some(Fixed::Origin)
        }
        Piece::Input => None,
    }
}

/// What literal text at the start of a value fixes: `https://host/` the origin, `/x` (a `/`
/// followed by something other than `/` or `\`) a local path.
fn start_fixes(start: &str) -> Option<Fixed> {
    if let Some(rest) = start
        .strip_prefix("https://")
        .or_else(|| start.strip_prefix("http://"))
    {
        return rest
            .find('/')
            .is_some_and(|slash| slash > 0)
            .then_some(Fixed::Origin);
    }
    let mut chars = start.chars();
    match (chars.next(), chars.next()) {
        (Some('/'), Some(second)) if second != '/' && second != '\\' => Some(Fixed::LocalPath),
        _ => None,
    }
}

/// What a `{..}` of a format string refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hole {
    /// `{}`: the next positional argument.
    Next,
    /// `{0}`: a positional argument by index.
    Index(usize),
    /// `{name}`: a named argument or a captured local.
    Name(String),
}

/// A format string split into literal text and holes (`{{` and `}}` are literal braces).
pub fn format_parts(format: &str) -> Vec<Result<String, Hole>> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut spec = String::new();
                for next in chars.by_ref() {
                    if next == '}' {
                        break;
                    }
                    spec.push(next);
                }
                if !text.is_empty() {
                    parts.push(Ok(std::mem::take(&mut text)));
                }
                let argument = spec.split(':').next().unwrap_or_default().trim();
                parts.push(Err(if argument.is_empty() {
                    Hole::Next
                } else if let Ok(index) = argument.parse() {
                    Hole::Index(index)
                } else {
                    Hole::Name(argument.to_string())
                }));
            }
            other => text.push(other),
        }
    }
    if !text.is_empty() {
        parts.push(Ok(text));
    }
    parts
}

/// What a function's calls show of a hand-written slash-merging middleware, gathered call by
/// call as the walker passes them: it replaces the request's URI through one of `uri_writers`
/// (`*req.uri_mut() = ..`) and looks for `//` in text (`path.contains("//")`,
/// `replace("//", "/")`). Behind such a middleware, as behind `NormalizePath`, a request's own
/// path never starts with `//`.
#[derive(Clone, Copy, Debug, Default)]
pub struct NormaliserSigns {
    writes_uri: bool,
    looks_for_double_slash: bool,
}

impl NormaliserSigns {
    pub fn note(&mut self, call: &syn::ExprMethodCall, uri_writers: &HashSet<String>) {
        self.writes_uri |= uri_writers.contains(&call.method.to_string());
        self.looks_for_double_slash |= call.args.iter().any(|arg| {
            matches!(arg, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) if text.value() == "//")
        });
    }

    /// Both signs were seen: the function merges slashes.
    pub fn merges_slashes(self) -> bool {
        self.writes_uri && self.looks_for_double_slash
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::visit::Visit;

    fn text(s: &str) -> Piece {
        Piece::Text(s.to_string())
    }

    #[test]
    fn input_after_a_local_path_or_a_fixed_host_cannot_choose_the_origin() {
        let local = [text("/orders/"), Piece::Input];
        assert_eq!(fixed_before_input(&local), Some(Fixed::LocalPath));
        let host = [text("https://api.example.com/v1/"), Piece::Input];
        assert_eq!(fixed_before_input(&host), Some(Fixed::Origin));
        let base = [Piece::Clean(None), text("/files/"), Piece::Input];
        assert_eq!(fixed_before_input(&base), Some(Fixed::Origin));
        let query = [Piece::Clean(None), text("?token="), Piece::Input];
        assert_eq!(fixed_before_input(&query), Some(Fixed::Origin));
        let known = [Piece::Clean(Some(Fixed::LocalPath)), Piece::Input];
        assert_eq!(fixed_before_input(&known), Some(Fixed::LocalPath));
    }

    #[test]
    fn input_that_can_start_an_authority_is_not_fixed() {
        // `"/" + "/evil.example"` is a protocol-relative URL.
        assert_eq!(fixed_before_input(&[text("/"), Piece::Input]), None);
        assert_eq!(fixed_before_input(&[text("//cdn/"), Piece::Input]), None);
        assert_eq!(fixed_before_input(&[text("https://"), Piece::Input]), None);
        // `https://host` + `@evil.example`.
        assert_eq!(
            fixed_before_input(&[text("https://api.example.com"), Piece::Input]),
            None
        );
        assert_eq!(
            fixed_before_input(&[Piece::Clean(None), Piece::Input]),
            None
        );
        assert_eq!(
            fixed_before_input(&[Piece::Clean(None), text("://"), Piece::Input]),
            None
        );
        // The query begins only after the input.
        assert_eq!(fixed_before_input(&[Piece::Input, text("?a=1")]), None);
        // `"/" + "" + "/evil"`: clean text of unknown value after a lone `/`.
        let unknown = [text("/"), Piece::Clean(None), text("x/"), Piece::Input];
        assert_eq!(fixed_before_input(&unknown), None);
    }

    #[test]
    fn format_strings_split_into_text_and_holes() {
        assert_eq!(
            format_parts("{}?token={0}&x={name:?}{{}}"),
            vec![
                Err(Hole::Next),
                Ok("?token=".to_string()),
                Err(Hole::Index(0)),
                Ok("&x=".to_string()),
                Err(Hole::Name("name".to_string())),
                Ok("{}".to_string()),
            ]
        );
    }

    #[test]
    fn a_middleware_that_rewrites_the_uri_after_looking_for_double_slashes_merges_them() {
        let writers: HashSet<String> = ["uri_mut".to_string()].into();
        struct Calls<'w>(NormaliserSigns, &'w HashSet<String>);
        impl<'ast> Visit<'ast> for Calls<'_> {
            fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
                self.0.note(call, self.1);
                syn::visit::visit_expr_method_call(self, call);
            }
        }
        let merges = |body: &str| {
            let body: syn::Block = syn::parse_str(body).unwrap();
            let mut calls = Calls(NormaliserSigns::default(), &writers);
            calls.visit_block(&body);
            calls.0.merges_slashes()
        };
        assert!(merges(
            r#"{ if req.uri().path().contains("//") { *req.uri_mut() = merged(req.uri()); } }"#
        ));
        assert!(merges(
            r#"{ let p = path.replace("//", "/"); if let Ok(uri) = p.parse() { *req.uri_mut() = uri; } }"#
        ));
        // Rewriting a prefix merges nothing; looking for `//` without rewriting changes nothing.
        assert!(!merges(
            r#"{ if let Some(rest) = path.strip_prefix("/v1") { *req.uri_mut() = rest.parse()?; } }"#
        ));
        assert!(!merges(
            r#"{ if path.contains("//") { return reject(); } }"#
        ));
    }
}
