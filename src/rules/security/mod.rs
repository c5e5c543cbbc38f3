//! Security (OWASP Top 10): request input reaching SQL, shells, paths, URLs, redirects, HTML,
//! regexes and allocation sizes — each a thin binding of a sink kind from
//! `rules/models/taint.toml` to its messages, the flow logic in `semantic::taint` — and
//! insecure configuration (TLS, CORS, cookies, JWT, randomness) and cryptography (weak hashes,
//! password hashing and comparison), whose API knowledge is `rules/models/security.toml`, read
//! through `semantic::insecure_api`, `semantic::hashes` and `semantic::secret_names` — and
//! secrets in code, configuration and logs (`rules/models/secrets.toml`, through
//! `semantic::secrets`).

pub mod cleartext_transport;
pub mod command_injection;
pub mod fallback_secret;
pub mod hardcoded_secret;
pub mod insecure_cookie;
pub mod insecure_password_compare;
pub mod jwt_validation_disabled;
pub mod mass_assignment;
pub mod open_redirect;
pub mod path_traversal;
pub mod permissive_cors;
pub mod regex_injection;
pub mod secret_in_log;
pub mod sql_injection;
pub mod ssrf;
pub mod tls_verification_disabled;
pub mod uncontrolled_allocation;
pub mod unsafe_code;
pub mod weak_hash;
pub mod weak_password_hash;
pub mod weak_random;
pub mod xss;

/// Where the secrets rules do not look: code that is not production code, build scripts, and
/// modules named for tests or fixtures (`src/tests/util.rs`, `mod test_keys`), whose literals
/// are test data.
fn outside_secret_checks(cx: &crate::rules::RuleCx<'_>) -> bool {
    cx.in_non_production_code()
        || cx.file.kind == crate::semantic::FileKind::BuildScript
        || crate::semantic::secrets::is_test_location(cx.file)
}
