//! The security configuration models (`rules/models/security.toml`): calls and fields that turn
//! a protection off (TLS verification, CORS origins, JWT checks, cookie flags), connection
//! string options that disable TLS, what the cookie and random-number rules judge by, what
//! names say about a value (`[secret-names]`), and the fast hashes (`[[fast-hash]]`, `[hashing]`).

use serde::Deserialize;

use super::ends_with;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct SecurityFile {
    insecure_call: Vec<InsecureCallRaw>,
    insecure_field: Vec<InsecureField>,
    insecure_url_option: Vec<InsecureUrlOption>,
    tls_verifier: VerifierModels,
    cors: CorsModels,
    cookie: CookieModels,
    random: RandomModels,
    secret_names: SecretNameModels,
    fast_hash: Vec<FastHashRaw>,
    hashing: HashingRaw,
    unsafe_code: UnsafeCodeModels,
    cleartext: CleartextModels,
    mass_assignment: MassAssignmentModels,
    byte_units: std::collections::HashMap<String, u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InsecureCallRaw {
    rule: String,
    calls: Vec<String>,
    #[serde(default)]
    on: Vec<String>,
    #[serde(default)]
    unless: Vec<String>,
    #[serde(default)]
    keys: Vec<String>,
    when: String,
    what: String,
    fix: String,
}

/// How a modelled call is written: a method on any receiver, or a function by path suffix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallForm {
    Method(String),
    Function(Vec<String>),
}

/// What the argument of an insecure call must be for the call to be insecure (`when`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgCondition {
    /// The call itself is insecure.
    Always,
    /// A `bool` literal.
    Bool(bool),
    /// A path (or a call of a path without arguments) ending with these segments.
    Path(Vec<String>),
    /// An integer at least this large.
    AtLeast(u128),
}

impl ArgCondition {
    fn parse(text: &str) -> Result<ArgCondition, String> {
        Ok(match text {
            "always" => ArgCondition::Always,
            "true" => ArgCondition::Bool(true),
            "false" => ArgCondition::Bool(false),
            _ => {
                if let Some(path) = text.strip_prefix("path:") {
                    ArgCondition::Path(path.split("::").map(str::to_string).collect())
                } else if let Some(number) = text.strip_prefix("at-least:") {
                    ArgCondition::AtLeast(
                        number
                            .parse()
                            .map_err(|_| format!("`{text}`: not a number"))?,
                    )
                } else {
                    return Err(format!("unknown condition `{text}`"));
                }
            }
        })
    }
}

/// A call that weakens security when its argument meets `when` (`[[insecure-call]]`).
#[derive(Debug)]
pub struct InsecureCall {
    /// The rule that reports it.
    pub rule: String,
    pub calls: Vec<(CallForm, usize)>,
    /// For methods: the constructors (path suffixes) the method chain must start at, when the
    /// method's name alone is too common (`.limit` of `JsonConfig::default()`); empty: any.
    pub on: Vec<Vec<String>>,
    /// Functions (canonical path suffixes) whose call anywhere in the crate sets what the call
    /// turns off another way (`RequestBodyLimitLayer::new` after `DefaultBodyLimit::disable()`):
    /// then the call is not reported.
    pub unless: Vec<String>,
    /// When not empty, the call's first argument must be one of these string literals (the
    /// kind of data a limit is for: rocket's `"json"`, not `"file"`).
    pub keys: Vec<String>,
    pub when: ArgCondition,
    pub what: String,
    pub fix: String,
}

impl InsecureCall {
    /// The argument index `when` looks at, if a method of this name is modelled.
    pub fn method_arg(&self, name: &str) -> Option<usize> {
        self.calls.iter().find_map(|(form, arg)| match form {
            CallForm::Method(method) if method == name => Some(*arg),
            _ => None,
        })
    }

    /// The argument index `when` looks at, if a function with this canonical path is modelled.
    pub fn function_arg(&self, path: &[String]) -> Option<usize> {
        self.calls.iter().find_map(|(form, arg)| match form {
            CallForm::Function(suffix) if ends_with(path, suffix) => Some(*arg),
            _ => None,
        })
    }
}

/// A settings field whose value turns a check off (`[[insecure-field]]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsecureField {
    pub rule: String,
    pub fields: Vec<String>,
    pub value: bool,
    pub what: String,
    pub fix: String,
}

/// A connection-string option that turns TLS off (`[[insecure-url-option]]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsecureUrlOption {
    pub rule: String,
    pub schemes: Vec<String>,
    pub option: String,
    pub values: Vec<String>,
    pub what: String,
    pub fix: String,
}

/// Certificate verifiers that accept everything (`[tls-verifier]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct VerifierModels {
    /// Verifier traits, by path suffix.
    pub traits: Vec<String>,
    /// Their verifying methods.
    pub methods: Vec<String>,
    /// Constructors of an unconditional success, by path suffix.
    pub accept_all: Vec<String>,
}

/// What makes a CORS policy send credentials, and poem's open constructor (`[cors]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CorsModels {
    pub credentials: Vec<String>,
    /// Any-origin constructors that allow credentials themselves (actix's `Cors::permissive()`).
    pub credentialed_constructors: Vec<String>,
    pub open_constructors: Vec<String>,
    pub origin_methods: Vec<String>,
}

/// Cookie builders and what makes a cookie a session's (`[cookie]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CookieModels {
    pub constructors: Vec<String>,
    pub secure: Vec<String>,
    pub http_only: Vec<String>,
    pub same_site: Vec<String>,
    pub removal: Vec<String>,
    pub secret_words: Vec<String>,
    pub script_words: Vec<String>,
    /// Methods that add a cookie as `HttpOnly` whatever it says (rocket's `add_private`).
    pub http_only_adders: Vec<String>,
}

/// Predictable generators and what makes a value secret (`[random]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RandomModels {
    pub weak_generators: Vec<String>,
    pub seeding: Vec<String>,
    /// Names in a seed that read the clock, which makes it predictable.
    pub clock_words: Vec<String>,
    pub weak_crates: Vec<String>,
    pub secret_words: Vec<String>,
}

/// What a name says about its value (`[secret-names]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SecretNameModels {
    pub password: Vec<String>,
    pub credential: Vec<String>,
    /// Two words each, space-separated (`api key`).
    pub phrases: Vec<String>,
    pub confirmation: Vec<String>,
    pub public: Vec<String>,
    pub conversions: Vec<String>,
    /// Functions whose value is their argument's (`Some(x)`, `String::from(x)`), by name.
    pub wrappers: Vec<String>,
    /// Functions that build a fixed value from fixed arguments (`String::new()`, `Ok("x")`).
    pub fixed_constructors: Vec<String>,
    pub security_functions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FastHashRaw {
    algorithm: String,
    broken: bool,
    digest: Vec<String>,
    hasher: Vec<String>,
    selector: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct HashingRaw {
    digest_with: Vec<String>,
    hasher_with: Vec<String>,
    feed: Vec<String>,
}

/// A fast hash algorithm and the APIs that compute it (`[[fast-hash]]`).
#[derive(Debug)]
pub struct FastHash {
    pub algorithm: String,
    /// MD5 and SHA-1: collisions are practical.
    pub broken: bool,
    /// Functions returning the digest of the argument they name (path suffix, argument).
    pub digest: Vec<(Vec<String>, usize)>,
    pub hasher: Vec<Vec<String>>,
    pub selector: Vec<Vec<String>>,
}

/// The generic hashing APIs and a hasher's feeding methods (`[hashing]`).
#[derive(Debug)]
pub struct HashingModels {
    pub hashes: Vec<FastHash>,
    /// Functions whose argument 0 selects the algorithm and that digest the argument named.
    pub digest_with: Vec<(Vec<String>, usize)>,
    pub hasher_with: Vec<Vec<String>>,
    pub feed: Vec<String>,
}

/// What makes a crate refuse unsafe code, and the calls Rust 2024 wraps in `unsafe` although
/// they are sound where they are made (`[unsafe-code]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct UnsafeCodeModels {
    pub lint: String,
    pub levels: Vec<String>,
    /// By canonical path suffix.
    pub edition_mandated: Vec<String>,
}

/// Schemes without TLS and the outbound calls whose destination they must not be
/// (`[cleartext]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CleartextModels {
    pub plain_schemes: Vec<String>,
    /// Reported when the URL carries a password.
    pub connection_schemes: Vec<String>,
    /// Connect functions by path suffix, `#N` for the URL's argument.
    pub calls: Vec<String>,
    /// Calls and methods that convert a URL's text and keep it.
    pub conversions: Vec<String>,
}

/// Body extractors, what makes a struct persisted, and the fields a client must not set
/// (`[mass-assignment]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MassAssignmentModels {
    pub body_extractors: Vec<String>,
    pub persistence_derives: Vec<String>,
    pub table_attributes: Vec<String>,
    pub table_key: String,
    pub privileged_fields: Vec<String>,
}

/// All security configuration models.
#[derive(Debug)]
pub struct SecurityModels {
    pub calls: Vec<InsecureCall>,
    pub fields: Vec<InsecureField>,
    pub url_options: Vec<InsecureUrlOption>,
    pub verifier: VerifierModels,
    pub cors: CorsModels,
    pub cookie: CookieModels,
    pub random: RandomModels,
    pub secret_names: SecretNameModels,
    pub hashing: HashingModels,
    pub unsafe_code: UnsafeCodeModels,
    pub cleartext: CleartextModels,
    pub mass_assignment: MassAssignmentModels,
    /// Methods that turn a number into bytes (rocket's `5.mebibytes()`), with their factor.
    pub byte_units: std::collections::HashMap<String, u64>,
}

impl SecurityModels {
    /// The rules the insecure calls, fields and URL options are reported by.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        let calls = self.calls.iter().map(|call| call.rule.as_str());
        let fields = self.fields.iter().map(|field| field.rule.as_str());
        let options = self.url_options.iter().map(|option| option.rule.as_str());
        calls.chain(fields).chain(options)
    }

    pub(super) fn from_file(file: SecurityFile) -> Result<SecurityModels, String> {
        let calls = file
            .insecure_call
            .into_iter()
            .map(|raw| {
                let calls = raw.calls.iter().map(|text| parse_call(text)).collect();
                Ok(InsecureCall {
                    when: ArgCondition::parse(&raw.when)
                        .map_err(|error| format!("{}: {error}", raw.rule))?,
                    on: raw.on.iter().map(|text| path_segments(text)).collect(),
                    unless: raw.unless,
                    keys: raw.keys,
                    rule: raw.rule,
                    calls,
                    what: raw.what,
                    fix: raw.fix,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(SecurityModels {
            calls,
            fields: file.insecure_field,
            url_options: file.insecure_url_option,
            verifier: file.tls_verifier,
            cors: file.cors,
            cookie: file.cookie,
            random: file.random,
            secret_names: file.secret_names,
            hashing: HashingModels {
                hashes: file
                    .fast_hash
                    .into_iter()
                    .map(|raw| FastHash {
                        algorithm: raw.algorithm,
                        broken: raw.broken,
                        digest: raw.digest.iter().map(|text| path_arg(text)).collect(),
                        hasher: raw.hasher.iter().map(|text| path_segments(text)).collect(),
                        selector: raw
                            .selector
                            .iter()
                            .map(|text| path_segments(text))
                            .collect(),
                    })
                    .collect(),
                digest_with: file
                    .hashing
                    .digest_with
                    .iter()
                    .map(|text| path_arg(text))
                    .collect(),
                hasher_with: file
                    .hashing
                    .hasher_with
                    .iter()
                    .map(|text| path_segments(text))
                    .collect(),
                feed: file.hashing.feed,
            },
            unsafe_code: file.unsafe_code,
            cleartext: file.cleartext,
            mass_assignment: file.mass_assignment,
            byte_units: file.byte_units,
        })
    }

    /// The insecure calls a rule reports.
    pub fn calls_of<'m>(&'m self, rule: &'m str) -> impl Iterator<Item = &'m InsecureCall> {
        self.calls.iter().filter(move |call| call.rule == rule)
    }

    /// The insecure fields a rule reports.
    pub fn fields_of<'m>(&'m self, rule: &'m str) -> impl Iterator<Item = &'m InsecureField> {
        self.fields.iter().filter(move |field| field.rule == rule)
    }
}

/// `.method#N` or `path::suffix#N`.
fn parse_call(text: &str) -> (CallForm, usize) {
    let (name, arg) = match text.split_once('#') {
        Some((name, arg)) => (name, arg.parse().unwrap_or(0)),
        None => (text, 0),
    };
    let form = match name.strip_prefix('.') {
        Some(method) => CallForm::Method(method.to_string()),
        None => CallForm::Function(name.split("::").map(str::to_string).collect()),
    };
    (form, arg)
}

/// `a::b#N`: the path's segments and the argument `N` (default 0).
fn path_arg(text: &str) -> (Vec<String>, usize) {
    match text.split_once('#') {
        Some((path, arg)) => (path_segments(path), arg.parse().unwrap_or(0)),
        None => (path_segments(text), 0),
    }
}

fn path_segments(text: &str) -> Vec<String> {
    text.split("::").map(str::to_string).collect()
}

/// Whether `path` ends with one of the `::`-separated suffixes.
pub fn matches_any(suffixes: &[String], path: &[String]) -> bool {
    suffixes.iter().any(|suffix| {
        let segments: Vec<String> = suffix.split("::").map(str::to_string).collect();
        ends_with(path, &segments)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_parse() {
        assert_eq!(ArgCondition::parse("always"), Ok(ArgCondition::Always));
        assert_eq!(ArgCondition::parse("false"), Ok(ArgCondition::Bool(false)));
        assert_eq!(
            ArgCondition::parse("path:SslVerifyMode::NONE"),
            Ok(ArgCondition::Path(vec![
                "SslVerifyMode".into(),
                "NONE".into()
            ]))
        );
        assert_eq!(
            ArgCondition::parse("at-least:64"),
            Ok(ArgCondition::AtLeast(64))
        );
        assert!(ArgCondition::parse("sometimes").is_err());
        assert!(ArgCondition::parse("at-least:lots").is_err());
    }

    #[test]
    fn calls_parse_with_their_argument() {
        assert_eq!(
            parse_call(".limit#1"),
            (CallForm::Method("limit".into()), 1)
        );
        assert_eq!(
            parse_call("CorsLayer::permissive"),
            (
                CallForm::Function(vec!["CorsLayer".into(), "permissive".into()]),
                0
            )
        );
    }
}
