//! The todo API's cross-origin policies, its reporting database's TLS settings and the invite
//! codes shared lists hand out.

use mysql::{OptsBuilder, SslOpts};
use nanorand::{Rng, WyRand};

/// The team dashboard calls the API from its own host with the user's cookie.
pub fn dashboard_cors() -> warp::cors::Builder {
    warp::cors().allow_any_origin().allow_credentials(true).allow_methods(vec!["GET", "POST"]) // expect: permissive-cors
}

/// Status badges are embedded anywhere; no credentials.
pub fn badge_cors() -> warp::cors::Builder {
    warp::cors().allow_any_origin().allow_methods(vec!["GET"])
}

/// The reporting replica's certificate is self-signed, so it is not checked at all.
pub fn reporting_options(host: &str) -> OptsBuilder {
    let ssl = SslOpts::default().with_danger_accept_invalid_certs(true); // expect: tls-verification-disabled
    OptsBuilder::new().ip_or_hostname(Some(host)).ssl_opts(Some(ssl))
}

/// The same replica trusted through its CA bundle.
pub fn pinned_reporting_options(host: &str, ca: std::path::PathBuf) -> OptsBuilder {
    let ssl = SslOpts::default().with_root_cert_path(Some(ca));
    OptsBuilder::new().ip_or_hostname(Some(host)).ssl_opts(Some(ssl))
}

pub fn new_invite_code() -> String {
    let mut rng = WyRand::new(); // expect: weak-random
    (0..12).map(|_| char::from(b'a' + rng.generate_range(0u8..26))).collect()
}

/// Which of the list's todos to suggest next: chance, not a secret.
pub fn suggestion(len: usize) -> usize {
    WyRand::new().generate_range(0..len)
}
