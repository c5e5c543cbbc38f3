//! The architecture models (`rules/models/architecture.toml`): calls that belong at startup.

use serde::Deserialize;

use super::ArgPattern;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct ArchitectureFile {
    config_reads: ConfigReadsRaw,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigReadsRaw {
    functions: Vec<String>,
}

#[derive(Debug)]
pub struct ArchitectureModels {
    /// Calls that read the environment or build the configuration from it, by path suffix.
    pub config_reads: Vec<ArgPattern>,
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
        }
    }
}
