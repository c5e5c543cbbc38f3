//! The performance models (`rules/models/performance.toml`): redis commands that walk the
//! keyspace, regex constructors, blocking calls, database and redis round trips, per-item
//! iteration, lock types.

use serde::Deserialize;

use super::{ArgPattern, CallPattern};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PerformanceFile {
    redis: RedisRaw,
    regex: RegexRaw,
    blocking: Vec<CallModelRaw>,
    queries: Vec<CallModelRaw>,
    iteration: IterationRaw,
    locks: LocksRaw,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct IterationRaw {
    per_item_methods: Vec<String>,
    adapter_methods: Vec<String>,
    passthrough_methods: Vec<String>,
    item_sources: Vec<String>,
    stream_functions: Vec<String>,
    next_methods: Vec<String>,
    batch_methods: Vec<String>,
}

/// What iterates over items one at a time (`[iteration]`): code run per item there runs N
/// times for N items.
#[derive(Debug)]
pub struct IterationModels {
    /// Methods whose closure runs once per item on any receiver (`for_each`, `try_for_each`).
    pub per_item_methods: Vec<String>,
    /// Adapters whose closure runs once per item when the chain iterates (`map`, `then`),
    /// and which keep it iterating.
    pub adapter_methods: Vec<String>,
    /// Adapters without a closure that keep a chain iterating (`enumerate`, `zip`, `rev`).
    pub passthrough_methods: Vec<String>,
    /// Methods that make a chain iterate a collection (`iter`, `into_iter`).
    pub item_sources: Vec<String>,
    /// Functions that make a stream of a collection's items (`futures::stream::iter`).
    pub stream_functions: Vec<ArgPattern>,
    /// Methods that take the next item of an iterator or stream (`while let Some(x) = s.next()`).
    pub next_methods: Vec<String>,
    /// Methods that split the items into batches (`chunks`): an iteration over batches.
    pub batch_methods: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LocksRaw {
    acquire: Vec<String>,
    types: Vec<String>,
    unwraps: Vec<String>,
    releases: Vec<String>,
}

/// Synchronous lock guards (`[locks]`).
#[derive(Debug)]
pub struct LockModels {
    /// Methods that acquire a guard (when not awaited).
    pub acquire: Vec<CallPattern>,
    /// The lock types, by last path segment.
    pub types: Vec<String>,
    /// Methods that unwrap the guard from its `LockResult`.
    pub unwraps: Vec<String>,
    /// Functions that drop a guard early.
    pub releases: Vec<ArgPattern>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CallModelRaw {
    what: String,
    fix: String,
    #[serde(default)]
    macros: Vec<String>,
    #[serde(default)]
    awaited_only: bool,
    #[serde(default)]
    functions: Vec<String>,
    #[serde(default)]
    methods: Vec<String>,
    #[serde(default)]
    on: Vec<String>,
    #[serde(default)]
    traits: Vec<String>,
    #[serde(default)]
    trait_globs: Vec<String>,
    #[serde(default)]
    crates: Vec<String>,
    #[serde(default)]
    unless_crates: Vec<String>,
}

/// One kind of call (`[[blocking]]`, `[[queries]]`): what it does, how to fix it, and how it
/// is written.
#[derive(Debug)]
pub struct CallModel {
    pub what: String,
    pub fix: String,
    /// Functions that always are one, by path suffix.
    pub functions: Vec<ArgPattern>,
    /// Methods that are one when one of the gates below holds.
    pub methods: Vec<CallPattern>,
    /// Calls the method's chain may start at (`std::process::Command::new`).
    pub on: Vec<ArgPattern>,
    /// Macros the method's chain may start at (`sqlx::query!(..)`), by path suffix.
    pub macros: Vec<ArgPattern>,
    /// The methods count only where they are awaited (async clients whose method names are
    /// common words: redis's `get`/`set`).
    pub awaited_only: bool,
    /// Traits whose import (or a glob importing them) makes the methods blocking.
    pub traits: Vec<ArgPattern>,
    pub trait_globs: Vec<Vec<String>>,
    /// Crates whose import makes the methods blocking, unless one of `unless_crates` is
    /// imported too.
    pub crates: Vec<String>,
    pub unless_crates: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegexRaw {
    constructors: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RedisRaw {
    command_functions: Vec<String>,
    command_macros: Vec<String>,
    empty_commands: Vec<String>,
    commands: Vec<String>,
    keys_functions: Vec<String>,
    keys_method: String,
    command_traits: Vec<String>,
    command_trait_globs: Vec<String>,
    pipelines: Vec<String>,
}

/// How code sends redis's `KEYS` (`[redis]`).
#[derive(Debug)]
pub struct RedisModels {
    /// Functions and macros whose first argument names the command (`redis::cmd`).
    pub command_functions: Vec<ArgPattern>,
    pub command_macros: Vec<ArgPattern>,
    /// Constructors of an empty command named by its first `.arg(..)`.
    pub empty_commands: Vec<ArgPattern>,
    /// The commands that walk the keyspace, upper case.
    pub commands: Vec<String>,
    /// Functions that send `KEYS` with a pattern.
    pub keys_functions: Vec<ArgPattern>,
    pub keys_method: String,
    /// Traits whose import lets a connection call `.keys(p)`, and globs that import them.
    pub command_traits: Vec<ArgPattern>,
    pub command_trait_globs: Vec<Vec<String>>,
    /// Constructors of pipelines and commands, which have `.keys(p)` as an inherent method.
    pub pipelines: Vec<ArgPattern>,
}

/// All performance models.
#[derive(Debug)]
pub struct PerformanceModels {
    pub redis: RedisModels,
    /// Constructors that compile a regular expression from their first argument (`[regex]`).
    pub regex_constructors: Vec<ArgPattern>,
    pub blocking: Vec<CallModel>,
    /// Database and redis round trips (`[[queries]]`).
    pub queries: Vec<CallModel>,
    pub iteration: IterationModels,
    pub locks: LockModels,
}

impl PerformanceModels {
    pub(super) fn from_file(file: PerformanceFile) -> PerformanceModels {
        let paths = |items: &[String]| items.iter().map(|t| ArgPattern::parse(t)).collect();
        let segments = |items: &[String]| {
            items
                .iter()
                .map(|glob| glob.split("::").map(str::to_string).collect())
                .collect()
        };
        let redis = file.redis;
        PerformanceModels {
            redis: RedisModels {
                command_functions: paths(&redis.command_functions),
                command_macros: paths(&redis.command_macros),
                empty_commands: paths(&redis.empty_commands),
                commands: redis.commands.iter().map(|c| c.to_uppercase()).collect(),
                keys_functions: paths(&redis.keys_functions),
                keys_method: redis.keys_method,
                command_traits: paths(&redis.command_traits),
                command_trait_globs: segments(&redis.command_trait_globs),
                pipelines: paths(&redis.pipelines),
            },
            regex_constructors: paths(&file.regex.constructors),
            blocking: file.blocking.into_iter().map(CallModel::from_raw).collect(),
            queries: file.queries.into_iter().map(CallModel::from_raw).collect(),
            iteration: IterationModels {
                stream_functions: paths(&file.iteration.stream_functions),
                per_item_methods: file.iteration.per_item_methods,
                adapter_methods: file.iteration.adapter_methods,
                passthrough_methods: file.iteration.passthrough_methods,
                item_sources: file.iteration.item_sources,
                next_methods: file.iteration.next_methods,
                batch_methods: file.iteration.batch_methods,
            },
            locks: LockModels {
                acquire: file
                    .locks
                    .acquire
                    .iter()
                    .map(|m| CallPattern::parse(m))
                    .collect(),
                types: file.locks.types,
                unwraps: file.locks.unwraps,
                releases: paths(&file.locks.releases),
            },
        }
    }
}

impl CallModel {
    fn from_raw(raw: CallModelRaw) -> CallModel {
        let paths = |items: &[String]| items.iter().map(|t| ArgPattern::parse(t)).collect();
        CallModel {
            functions: paths(&raw.functions),
            methods: raw.methods.iter().map(|m| CallPattern::parse(m)).collect(),
            on: paths(&raw.on),
            macros: paths(&raw.macros),
            awaited_only: raw.awaited_only,
            traits: paths(&raw.traits),
            trait_globs: raw
                .trait_globs
                .iter()
                .map(|glob| glob.split("::").map(str::to_string).collect())
                .collect(),
            crates: raw.crates,
            unless_crates: raw.unless_crates,
            what: raw.what,
            fix: raw.fix,
        }
    }
}

/// Whether any pattern matches the canonical path.
pub fn any_matches(patterns: &[ArgPattern], path: &[String]) -> bool {
    patterns.iter().any(|pattern| pattern.matches_path(path))
}
