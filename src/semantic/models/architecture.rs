//! The architecture models (`rules/models/architecture.toml`): calls that belong at startup,
//! and the types that make a `static` global mutable state.

use serde::Deserialize;

use super::ArgPattern;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct ArchitectureFile {
    config_reads: ConfigReadsRaw,
    global_state: GlobalStateRaw,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct GlobalStateRaw {
    wrappers: Vec<String>,
    mutable: Vec<String>,
    handles: Vec<String>,
    static_macros: Vec<String>,
}

/// What makes a `static` global mutable state (`[global-state]`).
#[derive(Debug)]
pub struct GlobalStateModels {
    /// Types that only wrap their first type argument (by last segment).
    pub wrappers: Vec<String>,
    /// Interior-mutability types (by last segment).
    pub mutable: Vec<String>,
    /// Database pools and connections (by path suffix).
    pub handles: Vec<ArgPattern>,
    /// Macros whose body declares statics.
    pub static_macros: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigReadsRaw {
    functions: Vec<String>,
    process_variables: Vec<String>,
}

#[derive(Debug)]
pub struct ArchitectureModels {
    /// Calls that read the environment or build the configuration from it, by path suffix.
    pub config_reads: Vec<ArgPattern>,
    /// Variables of the process environment that are not the application's configuration
    /// (`HTTP_PROXY`), upper case: reading them is not reported.
    pub process_variables: Vec<String>,
    pub global_state: GlobalStateModels,
}

impl ArchitectureModels {
    pub(super) fn from_file(file: ArchitectureFile) -> ArchitectureModels {
        ArchitectureModels {
            config_reads: file
                .config_reads
                .functions
                .iter()
                .map(|t| ArgPattern::parse(t))
                .collect(),
            process_variables: file
                .config_reads
                .process_variables
                .iter()
                .map(|name| name.to_ascii_uppercase())
                .collect(),
            global_state: GlobalStateModels {
                handles: file
                    .global_state
                    .handles
                    .iter()
                    .map(|t| ArgPattern::parse(t))
                    .collect(),
                wrappers: file.global_state.wrappers,
                mutable: file.global_state.mutable,
                static_macros: file.global_state.static_macros,
            },
        }
    }
}
