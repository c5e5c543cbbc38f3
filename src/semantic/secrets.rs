//! Secrets, as `rules/models/secrets.toml` describes them: whether a name is a secret's
//! (`jwt_secret`, `API_KEY`, `refreshToken`, not `token_type` or `PASSWORD_FIELD`), whether a
//! literal value is a secret or only a placeholder or a name (`""`, `"changeme"`, `"${TOKEN}"`,
//! `"x-api-key"`, `"JWT_SECRET"`), the shapes of well-known credentials (`AKIA…`, `ghp_…`, PEM
//! private keys, JWTs), the literal an expression is (`"..".to_string()`, `String::from("..")`),
//! and how to speak of a secret without showing it. `hardcoded-secret`, `fallback-secret` and
//! `secret-in-log` share it.

use crate::semantic::insecure_api::name_words;
use crate::semantic::models::models;
use crate::semantic::models::secrets::{SecretsModels, Shape};
use crate::semantic::syntax::{is_screaming_case, peel};
use crate::semantic::FileModel;

/// Whether `name` (a binding, field, constant, function, environment variable or format
/// capture) names a secret: it holds a secret word or phrase, no word after the last one says
/// it is something about the secret (`token_type`, `password_hash`, `API_KEY_HEADER`), and its
/// first word does not make it a flag or an operation (`is_token`, `verify_password`).
/// Test data and examples (`TEST_PASSWORD`, `token_example`) are not secrets.
pub fn is_secret_name(name: &str) -> bool {
    secret_name_in(&models().secrets, &name_words(name))
}

/// Whether a name is a secret's and says the value is the secret's text itself, not a set of
/// credentials whose type decides what printing it shows (`password`, `api_token`; not
/// `credential`, `creds`: `[log] aggregate-words`).
pub fn names_secret_text(name: &str) -> bool {
    let model = &models().secrets;
    let words = name_words(name);
    secret_name_in(model, &words)
        && last_secret_word(model, &words)
            .is_some_and(|last| !model.log.aggregate_words.contains(&words[last]))
}

/// Whether a name holds a secret word without naming a secret: a name for something about
/// secrets (`SECRET_PATTERNS`, `token_type`, `TEST_PRIVATE_KEY`).
pub fn is_about_secrets(name: &str) -> bool {
    let model = &models().secrets;
    let words = name_words(name);
    last_secret_word(model, &words).is_some() && !secret_name_in(model, &words)
}

/// Whether a file holds test data, examples or development data by its module path: a module
/// named for tests, fixtures, examples or a local stack's seed data (`src/tests/util.rs`, `mod
/// test_keys`, `migration/db_migrate_dev.rs`).
pub fn is_test_location(file: &FileModel<'_>) -> bool {
    let names = &models().secrets.names;
    file.module().iter().any(|segment| {
        name_words(segment).iter().any(|word| {
            names.test_words.contains(word) || names.development_module_words.contains(word)
        })
    })
}

fn secret_name_in(model: &SecretsModels, words: &[String]) -> bool {
    let Some(last) = last_secret_word(model, words) else {
        return false;
    };
    let names = &model.names;
    if words.iter().any(|word| names.test_words.contains(word)) {
        return false;
    }
    if words[last + 1..]
        .iter()
        .any(|word| names.not_after.contains(word))
    {
        return false;
    }
    !(last > 0 && names.not_before.contains(&words[0]))
}

/// The index of the last word of `words` that is a secret word or ends a secret phrase.
fn last_secret_word(model: &SecretsModels, words: &[String]) -> Option<usize> {
    let names = &model.names;
    (0..words.len()).rev().find(|&at| {
        names.words.contains(&words[at])
            || (at > 0
                && names
                    .phrases
                    .iter()
                    .any(|phrase| phrase_matches(phrase, &words[at - 1], &words[at])))
    })
}

fn phrase_matches(phrase: &str, first: &str, second: &str) -> bool {
    phrase.split_once(' ') == Some((first, second))
}

/// Whether a literal value bound to `name` could be a secret: long enough, not a placeholder
/// or template, not a password hash, and not a name or a text (a message, a route, a URL, an
/// environment variable's or a field's name such as `"JWT_SECRET"`, `"x-api-key"`,
/// `"access_token"`, or the binding's own name: `ATTR_UNIX_PASSWORD = "unix_password"`).
pub fn could_be_secret(name: &str, value: &str) -> bool {
    let model = &models().secrets;
    value.chars().count() >= model.values.min_length
        && !is_placeholder(value)
        && !is_name_or_text(model, value)
        && !spells_name(name, value)
}

/// Whether every word of `value` is a word of `name`, or its letters and digits are a run of
/// the name's words: the value is the name, spelt for a protocol or a schema
/// (`"Cleartext-Password"` for `CONTROL_CLEARTEXT_PASSWORD`, `"DPoP-nonce"` for
/// `TOKEN_DPOP_NONCE`).
fn spells_name(name: &str, value: &str) -> bool {
    let is_identifier = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'));
    let words = name_words(name);
    // A version (`-v2`, `_1`) tags the name.
    let is_version = |word: &str| {
        word.trim_start_matches('v')
            .chars()
            .all(|c| c.is_ascii_digit())
    };
    let squashed: String = value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    // Spelt as several words (`DPoP-nonce`): `"dbpassword"` for `DB_PASSWORD` is a value.
    let is_run_of_words = || {
        value.contains(['-', '_', '.', ':'])
            && (0..words.len()).any(|start| {
                (start + 1..=words.len()).any(|end| words[start..end].concat() == squashed)
            })
    };
    is_identifier
        && (name_words(value)
            .iter()
            .all(|word| words.contains(word) || is_version(word))
            || is_run_of_words())
}

/// Whether a value only stands in for a secret: empty, a modelled placeholder (`changeme`,
/// `xxx`), a template (`${JWT_SECRET}`, `{{ token }}`, `<token>`), one character repeated, or
/// something that starts like a name or a password hash (`urn:…`, `$argon2id$…`).
pub fn is_placeholder(value: &str) -> bool {
    let values = &models().secrets.values;
    if values
        .not_secret_prefixes
        .iter()
        .any(|prefix| value.starts_with(prefix.as_str()))
    {
        return true;
    }
    let lower = value.trim().to_lowercase();
    let mut chars = lower.chars();
    let Some(first) = chars.next() else {
        return true;
    };
    chars.all(|c| c == first)
        || values.placeholders.contains(&lower)
        || values
            .placeholder_marks
            .iter()
            .any(|mark| lower.contains(mark.as_str()))
}

fn is_name_or_text(model: &SecretsModels, value: &str) -> bool {
    if value.chars().any(char::is_whitespace) || value.starts_with('/') || value.contains("://") {
        return true;
    }
    // An environment variable's name: `JWT_SECRET`, `DATABASE_PASSWORD`.
    if is_screaming_case(value) && (value.contains('_') || is_secret_name(value)) {
        return true;
    }
    // A name made of the words secrets are named with: `password`, `x-api-key`,
    // `refresh_token`, `client-secret`. `dev-secret-key` is a value someone chose.
    let is_identifier = value
        .chars()
        .all(|c| c.is_ascii_alphabetic() || matches!(c, '_' | '-' | '.' | ':'));
    let words = name_words(value);
    let names = &model.names;
    is_identifier
        && last_secret_word(model, &words).is_some()
        && words.iter().all(|word| {
            names.words.contains(word)
                || names.not_after.contains(word)
                || names.not_before.contains(word)
                || names
                    .phrases
                    .iter()
                    .any(|phrase| phrase.split(' ').any(|part| part == word.as_str()))
                || names.qualifiers.contains(word)
        })
}

/// A well-known credential found in a literal's text.
pub struct ShapeMatch<'m> {
    pub shape: &'m Shape,
    /// The credential's public prefix (`ghp_`, `AKIA`, `-----BEGIN `): all a message may show.
    pub prefix: &'m str,
}

/// The first well-known credential shape in `text` that is not a placeholder
/// (`AKIAIOSFODNN7EXAMPLE`, `ghp_xxxx…`).
pub fn credential_shape(text: &str) -> Option<ShapeMatch<'static>> {
    models().secrets.shapes.iter().find_map(|shape| {
        shape.prefixes.iter().find_map(|prefix| {
            text.match_indices(prefix.as_str()).find_map(|(at, _)| {
                let starts_word = text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_ascii_alphanumeric());
                let body = &text[at + prefix.len()..];
                let length = body.chars().take_while(|&c| shape.allows(c)).count();
                let bytes: usize = body.chars().take(length).map(char::len_utf8).sum();
                let token = &text[at..at + prefix.len() + bytes];
                let fits = starts_word
                    && (shape.min..=shape.max).contains(&length)
                    && shape
                        .contains
                        .as_ref()
                        .is_none_or(|part| token.contains(part))
                    && shape
                        .ends_with
                        .as_ref()
                        .is_none_or(|end| token.trim_end().ends_with(end.as_str()))
                    && !is_placeholder(token);
                fits.then_some(ShapeMatch {
                    shape,
                    prefix: prefix.as_str(),
                })
            })
        })
    })
}

/// A string or byte-string literal an expression is, looking through references, conversions
/// (`.to_string()`, `.into()`, `.to_owned()`, `.as_bytes()`, `String::from(..)`, `Some(..)`):
/// its value and the literal itself.
pub fn literal_value(expr: &syn::Expr) -> Option<(String, &syn::Lit)> {
    match peel(expr) {
        syn::Expr::Lit(syn::ExprLit { lit, .. }) => match lit {
            syn::Lit::Str(text) => Some((text.value(), lit)),
            syn::Lit::ByteStr(bytes) => {
                Some((String::from_utf8_lossy(&bytes.value()).into_owned(), lit))
            }
            _ => None,
        },
        syn::Expr::MethodCall(call)
            if call.args.is_empty()
                && models()
                    .secrets
                    .values
                    .conversions
                    .contains(&call.method.to_string()) =>
        {
            literal_value(&call.receiver)
        }
        syn::Expr::Call(call) if call.args.len() == 1 => {
            let syn::Expr::Path(func) = peel(&call.func) else {
                return None;
            };
            let segments = &func.path.segments;
            let written = segments
                .iter()
                .skip(segments.len().saturating_sub(2))
                .map(|s| s.ident.to_string())
                .collect::<Vec<_>>()
                .join("::");
            let wrappers = &models().secrets.values.wrappers;
            let wraps = wrappers.contains(&written)
                || segments.len() == 1 && wrappers.contains(&segments[0].ident.to_string());
            wraps.then(|| literal_value(&call.args[0])).flatten()
        }
        _ => None,
    }
}

/// How a message speaks of a secret literal: the public prefix of a known credential
/// (`` `ghp_…` ``), else only its length. Never more.
pub fn redacted(value: &str, shape: Option<&ShapeMatch<'_>>) -> String {
    match shape {
        Some(found) => format!("`{}…`", found.prefix.trim_end()),
        None => format!("a literal of {} characters", value.chars().count()),
    }
}

/// The name an expression reads its value from, when the value is that name's own (not a
/// length, a presence check, a hash or a redacted form of it): `password`, `req.password`,
/// `token.as_str()`, `&self.api_key`, `creds.clone()`, `secret.expose_secret()`.
pub fn value_name(expr: &syn::Expr) -> Option<String> {
    match peel(expr) {
        // A local or parameter; `Attribute::PasswordImport` is a variant's or a constant's name.
        syn::Expr::Path(path) if path.qself.is_none() => {
            path.path.get_ident().map(|i| i.to_string())
        }
        syn::Expr::Field(field) => match &field.member {
            syn::Member::Named(name) => Some(name.to_string()),
            syn::Member::Unnamed(_) => value_name(&field.base),
        },
        syn::Expr::MethodCall(call)
            if call.args.len() <= usize::from(call.method == "expect")
                && models()
                    .secrets
                    .values
                    .keeping
                    .contains(&call.method.to_string()) =>
        {
            value_name(&call.receiver)
        }
        _ => None,
    }
}

/// Whether a struct's derived `Debug` prints a credential: it derives `Debug` and has a
/// secret-named field (or is itself named for a secret: `Credentials`, `ApiToken(String)`)
/// whose type does not redact and that no attribute leaves out of the derived output.
pub fn prints_credentials(item: &syn::ItemStruct) -> bool {
    let derives_debug = item.attrs.iter().any(|attr| {
        let mut found = false;
        if attr.path().is_ident("derive") {
            let _ = attr.parse_nested_meta(|meta| {
                found |= meta
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "Debug");
                Ok(())
            });
        }
        found
    });
    if !derives_debug {
        return false;
    }
    let log = &models().secrets.log;
    let shown = |field: &syn::Field| {
        !hides_secret(&field.ty)
            && !field.attrs.iter().any(|attr| {
                attr.path().segments.last().is_some_and(|s| {
                    log.redacting_field_attributes
                        .contains(&s.ident.to_string())
                })
            })
    };
    let named_secret = is_secret_name(&item.ident.to_string());
    item.fields.iter().any(|field| {
        shown(field)
            && is_plain_text(&field.ty)
            && (named_secret
                || field
                    .ident
                    .as_ref()
                    .is_some_and(|name| is_secret_name(&name.to_string())))
    })
}

/// Whether a field's type is text or bytes made only of `[log] plain-types` (`String`,
/// `Vec<u8>`, `Box<str>`), whose derived `Debug` prints the secret itself.
fn is_plain_text(ty: &syn::Type) -> bool {
    let plain = &models().secrets.log.plain_types;
    let mut only_plain = true;
    let mut any = false;
    crate::semantic::console::mentions_type(ty, &mut |name: &str| {
        any = true;
        only_plain &= plain.iter().any(|t| t == name);
    });
    any && only_plain
}

/// Whether a type's `Debug` hides its value: it mentions a redacting type
/// (`SecretString`, `Option<Secret<String>>`).
pub fn hides_secret(ty: &syn::Type) -> bool {
    let log = &models().secrets.log;
    let mut hides = false;
    crate::semantic::console::mentions_type(ty, &mut |name: &str| {
        hides |= log.redacting_types.iter().any(|t| t == name);
    });
    hides
}

/// Whether the branch of an `if` taken when `cond` is `taken` is where the operator asked for
/// secrets in the log: a debugging switch is on (`if CONFIG.sso_debug_tokens()`, `args.verbose`:
/// `[log] opt-in-words`), or the channel a secret is delivered by is off
/// (`if !CONFIG.mail_enabled()`, the `else` of `if CONFIG.mail_enabled()`: `[log]
/// channel-words`) and the log is how the operator gets the code.
pub fn logging_opted_in(cond: &syn::Expr, taken: bool) -> bool {
    let log = &models().secrets.log;
    let (flag, on) = match peel(cond) {
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Not(_),
            expr,
            ..
        }) => (&**expr, !taken),
        other => (other, taken),
    };
    if on {
        names_word_of(flag, &log.opt_in_words)
    } else {
        names_word_of(flag, &log.channel_words)
    }
}

/// Whether a condition reads a flag (a method without arguments, a field, a local) whose name
/// holds one of `words`.
fn names_word_of(cond: &syn::Expr, words: &[String]) -> bool {
    let names = match peel(cond) {
        syn::Expr::MethodCall(call) if call.args.is_empty() => vec![call.method.to_string()],
        syn::Expr::Field(syn::ExprField {
            member: syn::Member::Named(name),
            ..
        }) => vec![name.to_string()],
        syn::Expr::Path(path) => path
            .path
            .get_ident()
            .map(ToString::to_string)
            .into_iter()
            .collect(),
        _ => Vec::new(),
    };
    names
        .iter()
        .any(|name| name_words(name).iter().any(|word| words.contains(word)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_and_names_about_secrets() {
        for name in [
            "password",
            "db_password",
            "jwtSecret",
            "JWT_SECRET",
            "api_key",
            "API_KEY",
            "refresh_token",
            "client_secret",
            "private_key",
            "SIGNING_KEY",
            "password_reset_token",
            "new_password",
            "creds",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "token_type",
            "password_reset_url",
            "PASSWORD_FIELD",
            "API_KEY_HEADER",
            "token_len",
            "password_hash",
            "JWT_SECRET_ENV",
            "is_token",
            "has_password",
            "min_password_length",
            "verify_password",
            "tokens",
            "tokenizer",
            "key",
            "cache_key",
            "passport",
            "token_expires_at",
            "TEST_PRIVATE_KEY_PEM",
            "NOT_ADMIN_TEST_PASSWORD",
            "token_example",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn placeholders_names_and_texts_are_not_secrets() {
        for value in [
            "",
            "changeme",
            "xxxxxxxx",
            "${JWT_SECRET}",
            "<token>",
            "{{ secret }}",
            "your-api-key",
            "JWT_SECRET",
            "DATABASE_PASSWORD",
            "x-api-key",
            "access_token",
            "password",
            "Invalid password",
            "/auth/token",
            "https://example.com/token",
            "short",
            "********",
        ] {
            assert!(!could_be_secret("secret", value), "{value}");
        }
        for value in [
            "hunter2!",
            "dev-secret-key",
            "s3cr3t-Pa55",
            "password123",
            "f8a9e0c1d2b3a4",
        ] {
            assert!(could_be_secret("secret", value), "{value}");
        }
        assert!(!could_be_secret("ATTR_UNIX_PASSWORD", "unix_password"));
        assert!(!could_be_secret("KANIDM_HMAC_KEY", "kanidm-hmac-key-v2"));
        assert!(!could_be_secret(
            "CONTROL_CLEARTEXT_PASSWORD",
            "Cleartext-Password"
        ));
        assert!(!could_be_secret("TOKEN_DPOP_NONCE", "DPoP-nonce"));
        assert!(could_be_secret("DB_PASSWORD", "dbpassword"));
        assert!(could_be_secret("TOKEN_DPOP_NONCE", "DPoP-nonce-7f3a9"));
        assert!(!could_be_secret(
            "access_token",
            "urn:ietf:params:oauth:token-type:access_token"
        ));
        assert!(!could_be_secret(
            "dummy_hash",
            "$argon2id$v=19$m=15000,t=2,p=1$gZiV"
        ));
        assert!(is_about_secrets("SECRET_PATTERNS"));
        assert!(!is_about_secrets("JWT_SECRET"));
        assert!(!is_about_secrets("PORT"));
    }

    #[test]
    fn credential_shapes() {
        let shape = |text: &str| credential_shape(text).map(|found| found.shape.name.as_str());
        assert_eq!(shape("AKIAZ3MSJV4WW6QW4J3X"), Some("AWS access key id"));
        assert_eq!(
            shape("AKIAIOSFODNN7EXAMPLE"),
            None,
            "AWS's documentation key"
        );
        assert_eq!(shape("AKIAZ3MSJV4WW6QW4J3XY"), None, "too long");
        assert_eq!(
            shape("token ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R"),
            Some("GitHub token")
        );
        assert_eq!(shape("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), None);
        assert_eq!(shape("xoxb-2431-93847-aBcDeFgH1234"), Some("Slack token"));
        assert_eq!(
            shape("sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
            Some("Stripe secret key")
        );
        assert_eq!(shape("sk_test_4eC39HqLyjWDarjtT1zdp7dc"), None);
        assert_eq!(
            shape("-----BEGIN RSA PRIVATE KEY-----\nMIIEow..."),
            Some("private key")
        );
        assert_eq!(shape("-----BEGIN PUBLIC KEY-----\nMIIB"), None);
        assert_eq!(
            shape("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVP"),
            Some("JSON Web Token")
        );
        assert_eq!(shape("eyJhbGciOiJIUzI1NiJ9"), None, "a header alone");
        assert_eq!(shape("glpat-a1b2c3d4e5f6g7h8i9j0"), Some("GitLab token"));
        assert_eq!(
            shape("AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q"),
            Some("Google API key")
        );
    }

    #[test]
    fn literals_through_conversions() {
        let value =
            |text: &str| literal_value(&syn::parse_str(text).unwrap()).map(|(value, _)| value);
        assert_eq!(value(r#""a".to_string()"#).as_deref(), Some("a"));
        assert_eq!(value(r#"String::from("a")"#).as_deref(), Some("a"));
        assert_eq!(value(r#"Some("a".into())"#).as_deref(), Some("a"));
        assert_eq!(value(r#"b"key""#).as_deref(), Some("key"));
        assert_eq!(value(r#"std::env::var("A").unwrap_or("a")"#), None);
        assert_eq!(value(r#"format!("{x}")"#), None);
    }

    #[test]
    fn values_are_the_names_they_read() {
        let name = |text: &str| value_name(&syn::parse_str(text).unwrap());
        assert_eq!(name("req.password").as_deref(), Some("password"));
        assert_eq!(name("&token.as_str()").as_deref(), Some("token"));
        assert_eq!(name("secret.expose_secret()").as_deref(), Some("secret"));
        assert_eq!(name("token.len()"), None);
        assert_eq!(name("Attribute::PasswordImport"), None);
        assert_eq!(name("password.is_empty()"), None);
        assert_eq!(name("hash(&password)"), None);
    }

    #[test]
    fn structs_whose_debug_prints_a_credential() {
        let prints = |code: &str| prints_credentials(&syn::parse_str(code).unwrap());
        assert!(prints(
            "#[derive(Debug, Deserialize)] struct LoginRequest { email: String, password: String }"
        ));
        assert!(prints(
            "#[derive(Debug)] struct Credentials(String, String);"
        ));
        assert!(
            !prints("struct LoginRequest { email: String, password: String }"),
            "no Debug"
        );
        assert!(!prints(
            "#[derive(Debug)] struct Login { email: String, password: SecretString }"
        ));
        assert!(!prints(
            "#[derive(Debug)] struct Login { email: String, #[debug(skip)] password: String }"
        ));
        assert!(!prints(
            "#[derive(Debug)] struct Profile { email: String, name: String }"
        ));
        assert!(!prints(
            "#[derive(Debug)] struct Claims { sub: String, token_type: String }"
        ));
        // A field of another type prints what that type's `Debug` shows; an empty `Option`
        // prints nothing.
        assert!(!prints(
            "#[derive(Debug)] struct DbCred { password: Option<DbPasswordV1>, uuid: Uuid }"
        ));
        assert!(!prints(
            "#[derive(Debug)] struct User { name: String, private_key: Option<String> }"
        ));
        assert!(prints(
            "#[derive(Debug)] struct Login { user: String, password: Vec<u8> }"
        ));
    }

    #[test]
    fn debugging_switches() {
        let opt_in = |code: &str| logging_opted_in(&syn::parse_str(code).unwrap(), true);
        let opt_in_else = |code: &str| logging_opted_in(&syn::parse_str(code).unwrap(), false);
        assert!(opt_in("CONFIG.sso_debug_tokens()"));
        assert!(opt_in("args.verbose"));
        assert!(!opt_in("user.refetch(conn).is_err()"));
        assert!(!opt_in("expires_at < now"));
        assert!(!opt_in_else("args.verbose"));
        // The channel that delivers the code is off: the log delivers it.
        assert!(opt_in("!CONFIG.mail_enabled()"));
        assert!(opt_in_else("CONFIG.mail_enabled()"));
        assert!(!opt_in("CONFIG.mail_enabled()"));
        assert!(!opt_in_else("!CONFIG.mail_enabled()"));
    }

    #[test]
    fn redaction_shows_a_prefix_at_most() {
        let token = "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R";
        let found = credential_shape(token);
        assert_eq!(redacted(token, found.as_ref()), "`ghp_…`");
        assert_eq!(redacted("hunter2!", None), "a literal of 8 characters");
    }
}
