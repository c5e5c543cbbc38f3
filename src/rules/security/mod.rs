//! Security (OWASP Top 10): request input reaching SQL, shells, paths, URLs, redirects, HTML,
//! regexes and allocation sizes. Every rule here is a thin binding of a sink kind from
//! `rules/models/taint.toml` to its messages; the flow logic is `semantic::taint`.

pub mod command_injection;
pub mod open_redirect;
pub mod path_traversal;
pub mod regex_injection;
pub mod sql_injection;
pub mod ssrf;
pub mod uncontrolled_allocation;
pub mod xss;
