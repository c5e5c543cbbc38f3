//! Settings from `links.toml`, read once at startup.

use std::sync::LazyLock;

pub struct Settings {
    pub listen: String,
    pub database_url: String,
    pub log_json: bool,
    pub log_filter: String,
}

/// Loaded on first use: by the logger's setup, before there is a log to report to.
pub static SETTINGS: LazyLock<Settings> = LazyLock::new(|| match std::fs::read_to_string("links.toml") {
    Ok(text) => parse(&text),
    Err(e) => {
        eprintln!("links.toml not readable ({e}), using the defaults");
        Settings {
            listen: "0.0.0.0:8080".into(),
            database_url: "postgres://localhost/links".into(),
            log_json: false,
            log_filter: "info".into(),
        }
    }
});

fn parse(text: &str) -> Settings {
    let value = |key: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(key)?.trim().strip_prefix('='))
            .map(|v| v.trim().trim_matches('"').to_string())
    };
    Settings {
        listen: value("listen").unwrap_or_else(|| "0.0.0.0:8080".into()),
        database_url: value("database_url").unwrap_or_else(|| "postgres://localhost/links".into()),
        log_json: value("log_json").is_some_and(|v| v == "true"),
        log_filter: value("log_filter").unwrap_or_else(|| "info".into()),
    }
}

/// A random admin token for `links hash-token`.
pub fn new_token() -> String {
    format!("{:032x}", std::process::id() as u128 * 0x9e37_79b9_7f4a_7c15)
}
