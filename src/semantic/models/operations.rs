//! The operations models (`rules/models/operations.toml`): the calls that start serving and
//! the methods that give a server a graceful shutdown.

use serde::Deserialize;

use super::{ArgPattern, CallPattern};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OperationsFile {
    serve: Vec<ServeRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServeRaw {
    server: String,
    starts: Vec<String>,
    graceful: Vec<String>,
    #[serde(default)]
    disabling: Vec<String>,
}

/// One server's start calls and shutdown methods (`[[serve]]`).
#[derive(Debug)]
pub struct ServeModel {
    /// The server's name, for messages (`axum`, `actix-web`).
    pub server: String,
    /// Calls that start serving, by canonical path suffix.
    pub starts: Vec<ArgPattern>,
    /// Methods (`name` or `name/arity`) that give the server a graceful shutdown, as written
    /// in the model (conditions carry them to the crate pass).
    pub graceful: Vec<String>,
    /// Methods that switch off a graceful shutdown the server has by default; empty for
    /// servers that have none unless asked.
    pub disabling: Vec<CallPattern>,
}

#[derive(Debug)]
pub struct OperationsModels {
    pub serve: Vec<ServeModel>,
}

impl OperationsModels {
    pub(super) fn from_file(file: OperationsFile) -> OperationsModels {
        OperationsModels {
            serve: file
                .serve
                .into_iter()
                .map(|raw| ServeModel {
                    server: raw.server,
                    starts: raw.starts.iter().map(|t| ArgPattern::parse(t)).collect(),
                    graceful: raw.graceful,
                    disabling: raw
                        .disabling
                        .iter()
                        .map(|t| CallPattern::parse(t))
                        .collect(),
                })
                .collect(),
        }
    }
}
