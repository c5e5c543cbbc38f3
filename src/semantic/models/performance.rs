//! The performance models (`rules/models/performance.toml`): redis commands that walk the
//! keyspace, regex constructors, blocking calls and their escape hatches, lock types, and the
//! constructors of clients and pools, the timeouts of outbound HTTP clients, database round
//! trips, and SQL: the dialects of the drivers and the queries that read whole tables.

use serde::Deserialize;

use super::{ArgPattern, CallPattern};
use crate::semantic::sql::SqlDialect;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct PerformanceFile {
    redis: RedisRaw,
    regex: RegexRaw,
    blocking: Vec<BlockingRaw>,
    locks: LocksRaw,
    clients: ClientsRaw,
    http_clients: HttpClientsRaw,
    queries: QueryModelsRaw,
    sql: SqlModelsRaw,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct QueryModelsRaw {
    constructors: Vec<String>,
    macros: Vec<String>,
    runs: Vec<String>,
    entity_functions: Vec<String>,
    entity_runs: Vec<String>,
    client_methods: Vec<String>,
    document_methods: Vec<String>,
    connection_methods: Vec<String>,
    connection_names: Vec<String>,
    param_methods: Vec<String>,
    param_macros: Vec<String>,
    redis_methods: Vec<String>,
    redis_receivers: Vec<String>,
    stream_next: Vec<String>,
    adapters: Vec<String>,
    iterations: Vec<String>,
    batches: Vec<String>,
    first_hits: Vec<String>,
    failure_checks: Vec<String>,
    iteration_functions: Vec<String>,
    spawns: Vec<String>,
    schema_statements: Vec<String>,
}

/// Database and Redis round trips, and the loops that run once per item (`[queries]`).
#[derive(Debug)]
pub struct QueryModels {
    /// Functions and macros that start a query, and the methods that run it.
    pub constructors: Vec<ArgPattern>,
    pub macros: Vec<String>,
    pub runs: Vec<String>,
    /// `Type::function()` that starts an ORM query, and the methods that run it.
    pub entity_functions: Vec<String>,
    pub entity_runs: Vec<String>,
    /// Awaited client methods given a parameter slice (tokio-postgres).
    pub client_methods: Vec<CallPattern>,
    /// Awaited document-store methods (mongodb).
    pub document_methods: Vec<String>,
    /// Awaited methods given a connection, and the names a connection goes by.
    pub connection_methods: Vec<CallPattern>,
    pub connection_names: Vec<String>,
    /// Methods that take a statement and its parameters (rusqlite, mysql), and the macros
    /// that write parameters.
    pub param_methods: Vec<CallPattern>,
    pub param_macros: Vec<String>,
    /// Awaited Redis commands, on receivers named with one of `redis_receivers`.
    pub redis_methods: Vec<String>,
    pub redis_receivers: Vec<String>,
    /// Methods a `while let` loop takes a stream's next item with.
    pub stream_next: Vec<String>,
    /// Iterator and stream adapters that run their closure per item, on chains that iterate.
    pub adapters: Vec<String>,
    pub iterations: Vec<String>,
    /// Methods that split the items into batches (`chunks`).
    pub batches: Vec<String>,
    /// Consumers that stop at the first hit (`any`, `find`).
    pub first_hits: Vec<String>,
    /// Methods that check a result for failure (`is_err`).
    pub failure_checks: Vec<String>,
    pub iteration_functions: Vec<ArgPattern>,
    /// Calls that run their argument as its own task.
    pub spawns: Vec<ArgPattern>,
    /// First words of SQL statements that change the schema (lower case).
    pub schema_statements: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SqlModelsRaw {
    dialects: Vec<SqlDriver>,
    fetch_all_runs: Vec<String>,
    fetch_all_client_methods: Vec<String>,
    row_limits: Vec<String>,
    equality_comparisons: Vec<String>,
    table_finders: Vec<String>,
    entity_types: Vec<String>,
    system_catalogs: Vec<String>,
    migration_module_words: Vec<String>,
    aggregates: Vec<String>,
}

/// A SQL dialect and the drivers that speak it (`[[sql.dialects]]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SqlDriver {
    pub dialect: SqlDialect,
    /// Driver crates (package names) whose SQL is the dialect's.
    pub crates: Vec<String>,
    /// `crate/feature`: a driver feature that selects the dialect.
    pub features: Vec<String>,
    /// Module paths (prefixes) whose import says a file speaks the dialect (`sqlx::sqlite`).
    pub imports: Vec<String>,
}

/// SQL text and the queries that read whole tables (`[sql]`, for `select-star` and
/// `unbounded-query`).
#[derive(Debug)]
pub struct SqlModels {
    pub dialects: Vec<SqlDriver>,
    /// Methods that run a query chain and collect every row (`fetch_all`, diesel `load`).
    pub fetch_all_runs: Vec<String>,
    /// Awaited client methods that return every row of their statement (tokio-postgres).
    pub fetch_all_client_methods: Vec<CallPattern>,
    /// Query-builder methods that bound or page the rows (`limit`, `paginate`, `find`).
    pub row_limits: Vec<String>,
    /// Query-builder equality comparisons, which narrow the rows (`users::id.eq(id)`,
    /// `Column::Id.is_in(ids)`).
    pub equality_comparisons: Vec<String>,
    /// sea-orm entity functions that start a query over the whole table (`Post::find()`).
    pub table_finders: Vec<String>,
    /// The type sea-orm derives per table, which the module names (`post::Entity`).
    pub entity_types: Vec<String>,
    /// Schemas and tables (`pg_*`: a prefix) of the databases' system catalogs.
    pub system_catalogs: Vec<String>,
    /// Words of module names whose code is one-off work on whole tables (migrations, backups).
    pub migration_module_words: Vec<String>,
    /// SQL aggregate functions (lower case).
    pub aggregates: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct HttpClientsRaw {
    functions: Vec<String>,
    builders: Vec<String>,
    finish: Vec<String>,
    requests: Vec<String>,
    timeouts: Vec<String>,
    request_methods: Vec<String>,
    request_timeout_layers: Vec<String>,
    future_timeouts: Vec<String>,
}

/// Outbound HTTP clients and the methods that give them a timeout (`[http-clients]`).
#[derive(Debug)]
pub struct HttpClientModels {
    /// Functions that create a client (`reqwest::Client::new`).
    pub functions: Vec<ArgPattern>,
    /// Constructors of client builders (`reqwest::Client::builder`) and the methods that
    /// finish them (`build`).
    pub builders: Vec<ArgPattern>,
    pub finish: Vec<String>,
    /// Functions that send a request through a default client (`reqwest::get`).
    pub requests: Vec<ArgPattern>,
    /// Methods that set a timeout on a builder or a request.
    pub timeouts: Vec<String>,
    /// Methods that start a request on a client.
    pub request_methods: Vec<String>,
    /// Constructors of server middleware that ends every request after a time
    /// (`tower_http::timeout::TimeoutLayer::new`), by canonical path suffix.
    pub request_timeout_layers: Vec<String>,
    /// Functions that bound the wait for the future they are handed
    /// (`tokio::time::timeout(d, fut)`): the future is their second argument.
    pub future_timeouts: Vec<ArgPattern>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ClientsRaw {
    functions: Vec<String>,
    builders: Vec<String>,
    finish: Vec<String>,
    methods: Vec<String>,
    method_crates: Vec<String>,
}

/// Calls that create a client, a pool or a connection (`[clients]`).
#[derive(Debug)]
pub struct ClientModels {
    /// Functions that create one by themselves (`reqwest::Client::new`).
    pub functions: Vec<ArgPattern>,
    /// Constructors of builders (`reqwest::Client::builder`) ...
    pub builders: Vec<ArgPattern>,
    /// ... and the methods that finish them (`build`, `connect`).
    pub finish: Vec<String>,
    /// Methods that create a pool from a configuration value, in a file importing one of
    /// `method_crates`.
    pub methods: Vec<String>,
    pub method_crates: Vec<String>,
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
struct BlockingRaw {
    what: String,
    fix: String,
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

/// One kind of blocking call (`[[blocking]]`): what blocks, how to fix it, and how it is
/// written.
#[derive(Debug)]
pub struct BlockingModel {
    pub what: String,
    pub fix: String,
    /// Functions that always block, by path suffix.
    pub functions: Vec<ArgPattern>,
    /// Methods that block when one of the gates below holds.
    pub methods: Vec<CallPattern>,
    /// Calls a blocking method's chain may start at (`std::process::Command::new`).
    pub on: Vec<ArgPattern>,
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
    pub blocking: Vec<BlockingModel>,
    pub locks: LockModels,
    pub clients: ClientModels,
    pub http_clients: HttpClientModels,
    pub queries: QueryModels,
    pub sql: SqlModels,
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
            blocking: file
                .blocking
                .into_iter()
                .map(|raw| BlockingModel {
                    functions: paths(&raw.functions),
                    methods: raw.methods.iter().map(|m| CallPattern::parse(m)).collect(),
                    on: paths(&raw.on),
                    traits: paths(&raw.traits),
                    trait_globs: segments(&raw.trait_globs),
                    crates: raw.crates,
                    unless_crates: raw.unless_crates,
                    what: raw.what,
                    fix: raw.fix,
                })
                .collect(),
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
            clients: ClientModels {
                functions: paths(&file.clients.functions),
                builders: paths(&file.clients.builders),
                finish: file.clients.finish,
                methods: file.clients.methods,
                method_crates: file.clients.method_crates,
            },
            http_clients: HttpClientModels {
                functions: paths(&file.http_clients.functions),
                builders: paths(&file.http_clients.builders),
                finish: file.http_clients.finish,
                requests: paths(&file.http_clients.requests),
                timeouts: file.http_clients.timeouts,
                request_methods: file.http_clients.request_methods,
                request_timeout_layers: file.http_clients.request_timeout_layers,
                future_timeouts: paths(&file.http_clients.future_timeouts),
            },
            queries: QueryModels::from_raw(file.queries),
            sql: SqlModels {
                dialects: file.sql.dialects,
                fetch_all_runs: file.sql.fetch_all_runs,
                fetch_all_client_methods: file
                    .sql
                    .fetch_all_client_methods
                    .iter()
                    .map(|m| CallPattern::parse(m))
                    .collect(),
                row_limits: file.sql.row_limits,
                equality_comparisons: file.sql.equality_comparisons,
                table_finders: file.sql.table_finders,
                entity_types: file.sql.entity_types,
                system_catalogs: file.sql.system_catalogs,
                migration_module_words: file.sql.migration_module_words,
                aggregates: file
                    .sql
                    .aggregates
                    .iter()
                    .map(|name| name.to_lowercase())
                    .collect(),
            },
        }
    }
}

impl QueryModels {
    fn from_raw(raw: QueryModelsRaw) -> QueryModels {
        let paths = |items: &[String]| items.iter().map(|t| ArgPattern::parse(t)).collect();
        let calls = |items: &[String]| items.iter().map(|t| CallPattern::parse(t)).collect();
        QueryModels {
            constructors: paths(&raw.constructors),
            macros: raw.macros,
            runs: raw.runs,
            entity_functions: raw.entity_functions,
            entity_runs: raw.entity_runs,
            client_methods: calls(&raw.client_methods),
            document_methods: raw.document_methods,
            connection_methods: calls(&raw.connection_methods),
            connection_names: raw.connection_names,
            param_methods: calls(&raw.param_methods),
            param_macros: raw.param_macros,
            redis_methods: raw.redis_methods,
            redis_receivers: raw.redis_receivers,
            stream_next: raw.stream_next,
            adapters: raw.adapters,
            iterations: raw.iterations,
            batches: raw.batches,
            first_hits: raw.first_hits,
            failure_checks: raw.failure_checks,
            iteration_functions: paths(&raw.iteration_functions),
            spawns: paths(&raw.spawns),
            schema_statements: raw
                .schema_statements
                .iter()
                .map(|word| word.to_lowercase())
                .collect(),
        }
    }
}

/// Whether any pattern matches the canonical path.
pub fn any_matches(patterns: &[ArgPattern], path: &[String]) -> bool {
    patterns.iter().any(|pattern| pattern.matches_path(path))
}
