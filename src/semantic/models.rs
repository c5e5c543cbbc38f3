//! The API models: which crates are web frameworks, how handlers are registered, which calls
//! are fallible, which macros log. Data, not code: `rules/models/*.toml`, embedded at compile
//! time, so a new framework or in-house wrapper is a data change.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Framework {
    /// The crate's name as written in paths (`actix_web`).
    #[serde(rename = "crate")]
    pub krate: String,
    pub routing_functions: Vec<String>,
    pub routing_methods: Vec<String>,
    pub routing_macros: Vec<String>,
    pub handler_attributes: Vec<String>,
    pub extractors: Vec<String>,
    pub handler_traits: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameworksFile {
    framework: Vec<Framework>,
    server: ServerCrates,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerCrates {
    crates: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ErrorsFile {
    fallible_calls: FallibleCalls,
    logging: Logging,
    printing: Printing,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FallibleCalls {
    database: Vec<String>,
    network: Vec<String>,
    io: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Logging {
    macros: Vec<String>,
    calls: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Printing {
    macros: Vec<String>,
}

/// A call name with an optional required argument count (`send/0`).
#[derive(Debug)]
pub struct CallPattern {
    pub name: String,
    pub arity: Option<usize>,
}

impl CallPattern {
    fn parse(text: &str) -> CallPattern {
        match text.split_once('/') {
            Some((name, arity)) => CallPattern {
                name: name.to_string(),
                arity: arity.parse().ok(),
            },
            None => CallPattern {
                name: text.to_string(),
                arity: None,
            },
        }
    }

    pub fn matches(&self, name: &str, arity: usize) -> bool {
        self.name == name && self.arity.is_none_or(|wanted| wanted == arity)
    }
}

/// All models, parsed once.
#[derive(Debug)]
pub struct Models {
    pub frameworks: Vec<Framework>,
    /// Every framework's routing function names, to rule out most calls without resolving.
    pub routing_function_names: HashSet<String>,
    /// Crates (as written in paths and in Cargo.toml) that make a crate a server.
    pub server_crates: HashSet<String>,
    /// Database calls whose `Result` must not be discarded, in any crate.
    pub fallible_database_calls: Vec<CallPattern>,
    /// Network and file-system calls whose `Result` must not be discarded in server code.
    pub fallible_io_calls: Vec<CallPattern>,
    pub logging_macros: HashSet<String>,
    pub logging_calls: HashSet<String>,
    pub printing_macros: HashSet<String>,
}

impl Models {
    fn embedded() -> Models {
        let frameworks: FrameworksFile =
            toml::from_str(include_str!("../../rules/models/frameworks.toml"))
                .expect("rules/models/frameworks.toml is valid (checked by tests)");
        let errors: ErrorsFile = toml::from_str(include_str!("../../rules/models/errors.toml"))
            .expect("rules/models/errors.toml is valid (checked by tests)");
        let calls = errors.fallible_calls;
        Models {
            routing_function_names: frameworks
                .framework
                .iter()
                .flat_map(|f| f.routing_functions.iter().cloned())
                .collect(),
            frameworks: frameworks.framework,
            server_crates: frameworks.server.crates.into_iter().collect(),
            fallible_database_calls: calls
                .database
                .iter()
                .map(|text| CallPattern::parse(text))
                .collect(),
            fallible_io_calls: [calls.network, calls.io]
                .into_iter()
                .flatten()
                .map(|text| CallPattern::parse(&text))
                .collect(),
            logging_macros: errors.logging.macros.into_iter().collect(),
            logging_calls: errors.logging.calls.into_iter().collect(),
            printing_macros: errors.printing.macros.into_iter().collect(),
        }
    }

    pub fn framework(&self, krate: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.krate == krate)
    }

    /// Whether a call's `Result` must not be discarded: `Some(true)` in any crate (database),
    /// `Some(false)` in server crates (network, file system), `None` when not modelled.
    pub fn fallible_call(&self, name: &str, arity: usize) -> Option<bool> {
        if self
            .fallible_database_calls
            .iter()
            .any(|p| p.matches(name, arity))
        {
            Some(true)
        } else if self
            .fallible_io_calls
            .iter()
            .any(|p| p.matches(name, arity))
        {
            Some(false)
        } else {
            None
        }
    }
}

/// The embedded models.
pub fn models() -> &'static Models {
    static MODELS: LazyLock<Models> = LazyLock::new(Models::embedded);
    &MODELS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_models_parse() {
        let models = models();
        assert!(models.framework("axum").is_some());
        assert!(models.server_crates.contains("actix-web"));
        assert_eq!(models.fallible_call("send", 0), Some(false));
        assert_eq!(models.fallible_call("send", 1), None);
        assert_eq!(models.fallible_call("execute", 2), Some(true));
        assert_eq!(models.fallible_call("remove_file", 1), None);
    }
}
