//! The API models: which crates are web frameworks, how handlers are registered, which calls
//! are fallible, which macros log. Data, not code: `rules/models/*.toml`, embedded at compile
//! time, so a new framework or in-house wrapper is a data change.

use std::cell::Cell;
use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};

use serde::Deserialize;

use overlay::{ModelOverlay, OverlayError};

pub mod architecture;
pub mod operations;
pub mod overlay;
pub mod performance;
pub mod secrets;
pub mod security;

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
    /// Attributes that only mark a function as a handler (axum's `#[debug_handler]`): its
    /// parameters are extractors as in any handler, not values a route binds.
    #[serde(default)]
    pub marker_attributes: Vec<String>,
    /// A route attribute names the parameters it binds (rocket's `<id>`, `data = "<form>"`):
    /// the handler's other parameters are request guards, input only when their type is an
    /// input extractor of the taint models (as for extractors of other frameworks).
    #[serde(default)]
    pub routes_name_parameters: bool,
    pub extractors: Vec<String>,
    pub handler_traits: Vec<String>,
    /// The routing functions and methods above that register middleware, not handlers.
    #[serde(default)]
    pub middleware: Vec<String>,
    /// Routing methods taking the route's path first, matched exactly (`.route("/x", ..)`).
    #[serde(default)]
    pub exact_path_routes: Vec<String>,
    /// The framework's route attributes are matched exactly too (actix-web).
    #[serde(default)]
    pub exact_path_attributes: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FrameworksFile {
    framework: Vec<Framework>,
    server: ServerCrates,
    development_crates: DevelopmentCrates,
    command_line_crates: CommandLineCrates,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CommandLineCrates {
    prefixes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct DevelopmentCrates {
    words: HashSet<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ServerCrates {
    crates: Vec<String>,
    start_functions: Vec<String>,
    start_methods: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConsoleFile {
    command_line: CommandLineRaw,
    logger: LoggerRaw,
    terminal: TerminalRaw,
    env_files: EnvFilesRaw,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommandLineRaw {
    functions: Vec<String>,
    constructors: Vec<String>,
    methods: Vec<String>,
    derives: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LoggerRaw {
    crates: Vec<String>,
    installs: Vec<String>,
    types: Vec<String>,
    pipelines: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TerminalRaw {
    methods: Vec<String>,
    functions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvFilesRaw {
    functions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ErrorsFile {
    fallible_calls: FallibleCalls,
    builders: BuildersRaw,
    poisoning: PoisoningRaw,
    discards: DiscardsRaw,
    logging: Logging,
    printing: Printing,
    infallible: Vec<InfallibleRaw>,
    values: ValueModels,
    allowing_lints: std::collections::HashMap<String, Vec<String>>,
    route_filled: RouteFilledModels,
    expect_messages: ExpectMessageModels,
    input_conversions: InputConversionModels,
    request_extensions: RequestExtensionModels,
    external_operations: ExternalOperationsRaw,
    detail_free_errors: DetailFreeErrorModels,
    struct_builders: StructBuilderModels,
}

/// Generated struct builders (`[struct-builders]` in `rules/models/errors.toml`;
/// [`crate::semantic::fallible_operations`] reads them).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StructBuilderModels {
    /// Associated functions of the built type that start a builder (`Upload::builder()`).
    pub starts: HashSet<String>,
    /// The suffix of a builder type's name (`UploadBuilder`) and its zero-argument
    /// constructors (`UploadBuilder::default()`).
    pub type_suffix: String,
    pub constructors: HashSet<String>,
    /// Methods that finish the builder and fail for an unset field (`build`).
    pub finishes: Vec<String>,
    /// Types whose builder validates the values handed to it (`Uri`, `Request`).
    pub validating: HashSet<String>,
}

/// Calls whose errors carry no internal detail (`[detail-free-errors]` in
/// `rules/models/errors.toml`; `error-detail-leak` reads them).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetailFreeErrorModels {
    /// Calls as written (`HeaderValue::try_from`, `.encode` for any method so named).
    pub calls: HashSet<String>,
}

/// `[external-operations]` in `rules/models/errors.toml`, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ExternalOperationsRaw {
    database: Vec<String>,
    network: Vec<String>,
    io: Vec<String>,
    process: Vec<String>,
    not_with: Vec<String>,
    connection_types: Vec<String>,
}

/// Operations that can fail for reasons outside the server's code (`[external-operations]`
/// and `[fallible-calls]` in `rules/models/errors.toml`; [`crate::semantic::fallible_operations`]
/// reads them).
#[derive(Debug)]
pub struct ExternalOperations {
    /// Database, network, file-system and process calls, by name (and argument count).
    pub calls: Vec<CallPattern>,
    /// Types whose values are database connections, pools or transactions (last segment).
    pub connection_types: Vec<String>,
    /// Arguments that make a call no operation whatever its name (atomic orderings).
    pub not_with: Vec<String>,
}

/// Reading and writing request extensions (`[request-extensions]` in
/// `rules/models/errors.toml`; [`crate::semantic::request_extensions`] reads them).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RequestExtensionModels {
    /// Methods that give a request's extensions (`extensions`).
    pub reads: Vec<String>,
    /// Methods that read one by type (`get::<T>()`).
    pub getters: Vec<String>,
    /// Methods that view the value read without changing whether it is there (`cloned`).
    pub views: Vec<String>,
    /// The framework's extractor of an extension, as `Type::function`.
    pub extractors: Vec<String>,
    /// Methods that give the extensions mutably (`extensions_mut`), and insert into them.
    pub writes: Vec<String>,
    pub inserts: Vec<String>,
    /// Shared-ownership wrappers compared by the type they hold (`Arc<Config>` is `Config`).
    pub shared: Vec<String>,
    /// Responses, by type and by the calls that produce one: their extensions are not the
    /// request's.
    pub response_types: Vec<String>,
    pub response_producers: Vec<String>,
}

/// The phrases that make an `.expect(..)` message an invariant or a failure (`[expect-messages]`
/// in `rules/models/errors.toml`; [`crate::semantic::expect_messages`] reads them).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectMessageModels {
    pub invariant: Vec<String>,
    pub failure: Vec<String>,
}

/// Conversions whose failure the converted value decides (`[input-conversions]` in
/// `rules/models/errors.toml`; [`crate::semantic::input_conversions`] reads them).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct InputConversionModels {
    /// Methods converting their receiver (`parse`, `to_str`).
    pub methods: Vec<String>,
    /// Functions converting their first argument, by last path segment (`from_str`).
    pub functions: Vec<String>,
    /// Methods that keep the conversion's failure (`ok`, `map_err`).
    pub views: Vec<String>,
    /// Macros that compose a value (`format!`, `json!`): re-parsing one is not the input's
    /// failure.
    pub composing_macros: Vec<String>,
}

/// A crate's own extractors that fill fields per route (`[route-filled]` in
/// `rules/models/errors.toml`; [`crate::semantic::extractor_fields`] reads them).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteFilledModels {
    /// Extractor traits, by last path segment (`FromRequest`).
    pub traits: Vec<String>,
    /// Methods that view an `Option` field without changing it (`as_ref`, `clone`).
    pub views: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InfallibleRaw {
    calls: Vec<String>,
    #[serde(default)]
    receiver: Requirement,
    #[serde(default)]
    arguments: Vec<Requirement>,
}

/// What an input of an infallible call must be for the call not to fail (the vocabulary of
/// `[[infallible]]` in `rules/models/errors.toml`; [`crate::semantic::infallible`] checks it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Requirement {
    #[default]
    Any,
    Fixed,
    Literal,
    Serializable,
    TextFields,
    Buffer,
    Clock,
    JsonText,
    Fresh,
    Encoded,
}

/// How an infallible call is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallName {
    /// A function by path suffix (`serde_json::to_string`).
    Path(Vec<String>),
    /// A method on any receiver (`.join`).
    Method(String),
    /// A macro (`write!`).
    Macro(String),
}

impl CallName {
    fn parse(text: &str) -> CallName {
        if let Some(method) = text.strip_prefix('.') {
            CallName::Method(method.to_string())
        } else if let Some(mac) = text.strip_suffix('!') {
            CallName::Macro(mac.to_string())
        } else {
            CallName::Path(text.split("::").map(str::to_string).collect())
        }
    }
}

/// A call that cannot fail when its receiver and arguments meet the requirements.
#[derive(Debug, Clone)]
pub struct InfallibleCall {
    pub call: CallName,
    pub receiver: Requirement,
    /// One per argument, in order; arguments past the end are unconstrained.
    pub arguments: Vec<Requirement>,
}

impl InfallibleCall {
    /// The requirement on the argument at `index`.
    pub fn argument(&self, index: usize) -> Requirement {
        self.arguments.get(index).copied().unwrap_or_default()
    }
}

/// The names infallibility is judged by (`[values]` in `rules/models/errors.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ValueModels {
    /// Functions that read the clock, by path suffix.
    pub clock: Vec<String>,
    /// Functions that make a fresh random value, by path suffix.
    pub generators: Vec<String>,
    /// Macros that expand to a literal.
    pub literal_macros: Vec<String>,
    /// Constructors that build the same value from fixed arguments.
    pub constructors: Vec<String>,
    /// Types of in-memory buffers.
    pub buffers: Vec<String>,
    /// Zero-argument methods that encode a value without changing it.
    pub encodings: Vec<String>,
    /// Accessors and fields of an http message's parts, and the names its parts are bound to.
    pub http_parts: Vec<String>,
    pub parts_bindings: Vec<String>,
    /// Text types a template writes without failing (`text-fields`).
    pub text_types: Vec<String>,
    /// Map types, and key types serde_json cannot write as a map key.
    pub maps: Vec<String>,
    pub unserializable_keys: Vec<String>,
    /// Constructors of a value that is present (`Some`, sea-orm's `Set`).
    pub present: Vec<String>,
    /// Zero-argument adapters that keep a present value present (`as_ref`, `cloned`).
    pub keeping_present: Vec<String>,
    /// Methods that may empty a value (`clear`): what a predicate proved about it is lost.
    pub clearing: Vec<String>,
    /// Type predicates and the accessors they prove present (`is_array` → `as_array_mut`).
    pub predicates: std::collections::HashMap<String, Vec<String>>,
    /// Constructors (by path suffix) and the accessors that are `Some` on the value they just
    /// made (`RenderContext::new` → `block_mut`).
    #[serde(default)]
    pub constructed: std::collections::HashMap<String, Vec<String>>,
}

/// Calls that cannot fail for the inputs they are given, and the names they are judged by.
#[derive(Debug)]
pub struct InfallibleModels {
    pub calls: Vec<InfallibleCall>,
    pub values: ValueModels,
    /// `values.clock` and `values.generators` as path segments.
    pub clock: Vec<Vec<String>>,
    pub generators: Vec<Vec<String>>,
}

impl InfallibleModels {
    fn from_raw(raw: Vec<InfallibleRaw>, values: ValueModels) -> InfallibleModels {
        let calls = raw
            .into_iter()
            .flat_map(|entry| {
                let InfallibleRaw {
                    calls,
                    receiver,
                    arguments,
                } = entry;
                calls.into_iter().map(move |call| InfallibleCall {
                    call: CallName::parse(&call),
                    receiver,
                    arguments: arguments.clone(),
                })
            })
            .collect();
        let segments = |paths: &[String]| {
            paths
                .iter()
                .map(|path| path.split("::").map(str::to_string).collect())
                .collect()
        };
        InfallibleModels {
            calls,
            clock: segments(&values.clock),
            generators: segments(&values.generators),
            values,
        }
    }

    /// The entries for a function whose canonical path is `path`.
    pub fn for_path(&self, path: &[String]) -> Vec<&InfallibleCall> {
        self.calls
            .iter()
            .filter(
                |entry| matches!(&entry.call, CallName::Path(suffix) if ends_with(path, suffix)),
            )
            .collect()
    }

    /// The entries for a method or macro of this name.
    pub fn for_name(&self, name: &str, is_macro: bool) -> Vec<&InfallibleCall> {
        self.calls
            .iter()
            .filter(|entry| match &entry.call {
                CallName::Method(method) => !is_macro && method == name,
                CallName::Macro(mac) => is_macro && mac == name,
                CallName::Path(_) => false,
            })
            .collect()
    }
}

/// Whether `path` ends with the segments of `suffix`.
pub fn ends_with(path: &[String], suffix: &[String]) -> bool {
    path.len() >= suffix.len() && path[path.len() - suffix.len()..] == suffix[..]
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
struct PoisoningRaw {
    methods: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscardsRaw {
    reasons: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BuildersRaw {
    types: Vec<String>,
    runs: Vec<String>,
    constructors: Vec<String>,
}

/// Builders whose methods hand the builder back rather than a `Result` (redis `Pipeline`).
#[derive(Debug)]
pub struct Builders {
    pub types: HashSet<String>,
    /// Their methods that run them and return the `Result`.
    pub runs: HashSet<String>,
    /// Functions that construct them, with the type they construct.
    pub constructors: Vec<(ArgPattern, String)>,
}

impl Builders {
    fn new(raw: BuildersRaw) -> Builders {
        Builders {
            types: raw.types.into_iter().collect(),
            runs: raw.runs.into_iter().collect(),
            constructors: raw
                .constructors
                .iter()
                .filter_map(|entry| {
                    let (path, ty) = entry.split_once('=')?;
                    Some((ArgPattern::parse(path.trim()), ty.trim().to_string()))
                })
                .collect(),
        }
    }

    /// The builder type a call of the function at `path` constructs (`redis::pipe()`).
    pub fn constructed_by(&self, path: &[String]) -> Option<&str> {
        self.constructors
            .iter()
            .find(|(pattern, _)| pattern.matches_path(path))
            .map(|(_, ty)| ty.as_str())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "kebab-case")]
struct Logging {
    macros: Vec<String>,
    calls: Vec<String>,
    error_adapters: Vec<String>,
    error_macros: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Printing {
    macros: Vec<String>,
}

/// The kinds of dangerous sinks request input must not reach unchecked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SinkKind {
    Sql,
    Command,
    Path,
    Url,
    Redirect,
    Html,
    Regex,
    Allocation,
}

impl SinkKind {
    /// Every kind with its name in model files and config.
    pub const NAMED: [(&'static str, SinkKind); 8] = [
        ("sql", SinkKind::Sql),
        ("command", SinkKind::Command),
        ("path", SinkKind::Path),
        ("url", SinkKind::Url),
        ("redirect", SinkKind::Redirect),
        ("html", SinkKind::Html),
        ("regex", SinkKind::Regex),
        ("allocation", SinkKind::Allocation),
    ];

    pub fn from_name(name: &str) -> Option<SinkKind> {
        SinkKind::NAMED
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, kind)| *kind)
    }

    pub const STRING_KINDS: [SinkKind; 7] = [
        SinkKind::Sql,
        SinkKind::Command,
        SinkKind::Path,
        SinkKind::Url,
        SinkKind::Redirect,
        SinkKind::Html,
        SinkKind::Regex,
    ];
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TaintFile {
    sources: SourcesRaw,
    route_segment: Vec<RouteSegmentRaw>,
    server_generated: ServerGeneratedRaw,
    sink: Vec<SinkRaw>,
    charset: CharsetRaw,
    sanitizer: Vec<SanitizerRaw>,
    validator: Vec<ValidatorRaw>,
    propagation: PropagationRaw,
    destination: DestinationRaw,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct DestinationRaw {
    template_methods: Vec<String>,
    own_path_methods: Vec<String>,
    normalizing_layers: Vec<String>,
    uri_writers: Vec<String>,
    previous_page_headers: Vec<String>,
    host_methods: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SourcesRaw {
    extractors: Vec<String>,
    functions: Vec<String>,
    command_line: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CharsetRaw {
    classes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerGeneratedRaw {
    fields: Vec<String>,
    patterns: Vec<String>,
    types: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RouteSegmentRaw {
    framework: String,
    conversion: String,
    sanitised: Vec<SanitisedSegmentRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SanitisedSegmentRaw {
    types: Vec<String>,
    kinds: Vec<SinkKind>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SinkRaw {
    kind: SinkKind,
    functions: Vec<String>,
    methods: Vec<String>,
    typed_methods: Vec<String>,
    on: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SanitizerRaw {
    #[serde(default)]
    functions: Vec<String>,
    #[serde(default)]
    methods: Vec<String>,
    kinds: Option<Vec<SinkKind>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidatorRaw {
    functions: Vec<String>,
    kinds: Vec<SinkKind>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PropagationRaw {
    clean_methods: Vec<String>,
    clean_functions: Vec<String>,
}

/// The last segment of every sink function and the name of every sink method.
fn sink_names(sinks: &[SinkModel]) -> HashSet<String> {
    sinks
        .iter()
        .flat_map(|sink| {
            sink.functions
                .iter()
                .chain(&sink.methods)
                .chain(&sink.typed_methods)
        })
        .filter_map(|pattern| pattern.segments.last().cloned())
        .collect()
}

/// A project's additions to the models, from the `[models]` table of its config.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModelExtensions {
    /// Functions whose result is request input (`crate::input::raw_body`).
    pub source_functions: Vec<String>,
    /// Extractor types whose bound values are request input (`ValidatedJson`).
    pub source_extractors: Vec<String>,
    /// Sinks by kind.
    pub sinks: Vec<(SinkKind, Vec<String>)>,
    /// Sanitizers with the kinds they make values safe for.
    pub sanitizers: Vec<(Vec<SinkKind>, Vec<String>)>,
    /// The project's own blocking functions and `.methods` (`crate::storage::read_blob`),
    /// added to `[[blocking]]` of `rules/models/performance.toml`.
    pub blocking: Vec<String>,
    /// Additions to any model file (`[models.security]`, `[[models.secrets.shape]]`).
    pub files: ModelOverlay,
}

impl ModelExtensions {
    /// Whether the project adds nothing to the taint models' sources, sinks, sanitizers and
    /// blocking calls (the short forms; additions to the files are in [`Self::files`]).
    pub fn extends_no_taint_model(&self) -> bool {
        self.source_functions.is_empty()
            && self.source_extractors.is_empty()
            && self.sinks.is_empty()
            && self.sanitizers.is_empty()
            && self.blocking.is_empty()
    }
}

/// A function or method in a taint model: a path suffix (or a method name) and the argument
/// it concerns (`sea_orm::Statement::from_string#1`).
#[derive(Debug, Clone)]
pub struct ArgPattern {
    pub segments: Vec<String>,
    pub arg: usize,
}

impl ArgPattern {
    fn parse(text: &str) -> ArgPattern {
        let (path, arg) = match text.split_once('#') {
            Some((path, arg)) => (path, arg.parse().unwrap_or(0)),
            None => (text, 0),
        };
        ArgPattern {
            segments: path.split("::").map(str::to_string).collect(),
            arg,
        }
    }

    /// Whether a canonical path ends with this pattern's segments.
    pub fn matches_path(&self, path: &[String]) -> bool {
        ends_with(path, &self.segments)
    }
}

/// One sink kind's calls.
#[derive(Debug, Clone)]
pub struct SinkModel {
    pub kind: SinkKind,
    pub functions: Vec<ArgPattern>,
    /// Methods that are sinks on any receiver.
    pub methods: Vec<ArgPattern>,
    /// Methods that are sinks only on receivers of the types in `on`.
    pub typed_methods: Vec<ArgPattern>,
    pub on: Vec<String>,
}

impl RouteSegmentModel {
    /// The kinds a segment converted to the canonical type `ty` is safe for (none for text).
    pub fn safe_kinds(&self, ty: &[String]) -> Vec<SinkKind> {
        self.sanitised
            .iter()
            .filter(|(types, _)| types.iter().any(|t| t.matches_path(ty)))
            .flat_map(|(_, kinds)| kinds.iter().copied())
            .collect()
    }
}

/// Values a library generates on the server, whatever the request held.
#[derive(Debug, Clone, Default)]
pub struct ServerGenerated {
    /// `(type, field)`: the field of a value of that type (by the type's last segment).
    pub fields: Vec<(String, String)>,
    /// Variants and tuple structs whose fields all are.
    pub patterns: Vec<ArgPattern>,
    /// Types whose values are (by last segment).
    pub types: HashSet<String>,
}

impl ServerGenerated {
    fn from_raw(raw: ServerGeneratedRaw) -> ServerGenerated {
        ServerGenerated {
            fields: raw
                .fields
                .iter()
                .map(|entry| {
                    let (ty, field) = entry
                        .split_once('.')
                        .expect("server-generated fields are written `Type.field`");
                    (ty.to_string(), field.to_string())
                })
                .collect(),
            patterns: raw.patterns.iter().map(|p| ArgPattern::parse(p)).collect(),
            types: raw.types.into_iter().collect(),
        }
    }

    /// Whether `field` of a value of type `ty` (last segment) is generated on the server.
    pub fn is_field(&self, ty: &str, field: &str) -> bool {
        self.fields.iter().any(|(t, f)| t == ty && f == field)
    }
}

/// How a framework converts a route segment to a handler parameter's type.
#[derive(Debug, Clone)]
pub struct RouteSegmentModel {
    /// The framework's crate (`rocket`).
    pub framework: String,
    /// The trait whose implementation converts a segment (`FromParam`), by its last segment.
    pub conversion: String,
    /// Types the framework's own conversion sanitises, with the sink kinds they are safe for
    /// (rocket's `PathBuf`).
    pub sanitised: Vec<(Vec<ArgPattern>, Vec<SinkKind>)>,
}

#[derive(Debug, Clone)]
pub struct SanitizerModel {
    pub functions: Vec<ArgPattern>,
    pub methods: Vec<String>,
    pub kinds: Vec<SinkKind>,
}

/// What decides which part of a URL a value can choose (`[destination]` of
/// `rules/models/taint.toml`).
#[derive(Debug, Clone, Default)]
pub struct DestinationModel {
    /// Methods that fill a template (`template.replace("{}", host)`): on a server-chosen
    /// template, the template fixes where the result points.
    pub template_methods: HashSet<String>,
    /// Methods that return the request's own path (`uri.path()`, `req.path()`).
    pub own_path_methods: HashSet<String>,
    /// Middleware that merges repeated slashes in request paths, so that a request's own path
    /// never starts with `//`.
    pub normalizing_layers: Vec<ArgPattern>,
    /// Methods through which middleware replaces a request's URI (`uri_mut`).
    pub uri_writers: HashSet<String>,
    /// Request headers that name the page the browser came from (lower case).
    pub previous_page_headers: Vec<String>,
    /// Methods of a parsed URL that return its host.
    pub host_methods: HashSet<String>,
}

/// Sources, sinks and sanitizers (`rules/models/taint.toml`, plus the `[models]` of config).
#[derive(Debug, Clone)]
pub struct TaintModels {
    pub source_extractors: HashSet<String>,
    /// Functions whose result is request input.
    pub source_functions: Vec<ArgPattern>,
    /// Functions that read the process's command-line arguments.
    pub command_line_functions: Vec<ArgPattern>,
    pub route_segments: Vec<RouteSegmentModel>,
    /// Values libraries generate on the server (`TempFile.file`, `SavedData::File(..)`).
    pub server_generated: ServerGenerated,
    /// Character-class methods that admit only letters and digits (`is_alphanumeric`).
    pub char_classes: HashSet<String>,
    pub sinks: Vec<SinkModel>,
    pub sanitizers: Vec<SanitizerModel>,
    /// Functions whose success proves their text argument safe for the kinds
    /// (`Uuid::parse_str(id).is_ok()`).
    pub validators: Vec<(Vec<ArgPattern>, Vec<SinkKind>)>,
    pub clean_methods: HashSet<String>,
    /// Functions whose result carries none of their arguments' taint (the contents of a file
    /// are not its path).
    pub clean_functions: Vec<ArgPattern>,
    /// Names of every modelled sink function's last segment and sink method, to skip most
    /// calls cheaply.
    pub sink_names: HashSet<String>,
    pub destination: DestinationModel,
    /// The project's own blocking functions (by path suffix) and methods (by name), from the
    /// `[models]` table of config; the embedded ones are in [`Models::performance`].
    pub project_blocking: Vec<ArgPattern>,
    pub project_blocking_methods: Vec<String>,
}

impl TaintModels {
    fn from_file(file: TaintFile) -> TaintModels {
        let patterns = |items: &[String]| {
            items
                .iter()
                .map(|t| ArgPattern::parse(t))
                .collect::<Vec<_>>()
        };
        let sinks: Vec<SinkModel> = file
            .sink
            .iter()
            .map(|raw| SinkModel {
                kind: raw.kind,
                functions: patterns(&raw.functions),
                methods: patterns(&raw.methods),
                typed_methods: patterns(&raw.typed_methods),
                on: raw.on.clone(),
            })
            .collect();
        let sink_names = sink_names(&sinks);
        TaintModels {
            source_extractors: file.sources.extractors.into_iter().collect(),
            source_functions: patterns(&file.sources.functions),
            command_line_functions: patterns(&file.sources.command_line),
            server_generated: ServerGenerated::from_raw(file.server_generated),
            char_classes: file.charset.classes.into_iter().collect(),
            route_segments: file
                .route_segment
                .iter()
                .map(|raw| RouteSegmentModel {
                    framework: raw.framework.clone(),
                    conversion: raw.conversion.clone(),
                    sanitised: raw
                        .sanitised
                        .iter()
                        .map(|types| (patterns(&types.types), types.kinds.clone()))
                        .collect(),
                })
                .collect(),
            sinks,
            sanitizers: file
                .sanitizer
                .into_iter()
                .map(|raw| SanitizerModel {
                    functions: patterns(&raw.functions),
                    methods: raw.methods,
                    kinds: raw.kinds.unwrap_or_else(|| SinkKind::STRING_KINDS.to_vec()),
                })
                .collect(),
            validators: file
                .validator
                .iter()
                .map(|raw| (patterns(&raw.functions), raw.kinds.clone()))
                .collect(),
            clean_methods: file.propagation.clean_methods.into_iter().collect(),
            clean_functions: patterns(&file.propagation.clean_functions),
            sink_names,
            destination: DestinationModel {
                template_methods: file.destination.template_methods.into_iter().collect(),
                own_path_methods: file.destination.own_path_methods.into_iter().collect(),
                normalizing_layers: patterns(&file.destination.normalizing_layers),
                uri_writers: file.destination.uri_writers.into_iter().collect(),
                previous_page_headers: file
                    .destination
                    .previous_page_headers
                    .iter()
                    .map(|name| name.to_ascii_lowercase())
                    .collect(),
                host_methods: file.destination.host_methods.into_iter().collect(),
            },
            project_blocking: Vec::new(),
            project_blocking_methods: Vec::new(),
        }
    }

    /// These models with a project's own sources, sinks and sanitizers added (`[models]` in
    /// config). An entry is a path suffix (`crate::db::raw_query`, `Db::raw`), optionally with
    /// `#N` for the N-th argument, or `.name` for a method of that name on any receiver.
    pub fn extended(&self, extensions: &ModelExtensions) -> TaintModels {
        let mut models = self.clone();
        for entry in &extensions.source_functions {
            models.source_functions.push(ArgPattern::parse(entry));
        }
        models
            .source_extractors
            .extend(extensions.source_extractors.iter().cloned());
        for (kind, entries) in &extensions.sinks {
            let (methods, functions): (Vec<&String>, Vec<&String>) =
                entries.iter().partition(|entry| entry.starts_with('.'));
            let sink = match models.sinks.iter_mut().find(|sink| sink.kind == *kind) {
                Some(sink) => sink,
                None => {
                    models.sinks.push(SinkModel {
                        kind: *kind,
                        functions: Vec::new(),
                        methods: Vec::new(),
                        typed_methods: Vec::new(),
                        on: Vec::new(),
                    });
                    models.sinks.last_mut().expect("just pushed")
                }
            };
            sink.functions
                .extend(functions.iter().map(|entry| ArgPattern::parse(entry)));
            sink.methods
                .extend(methods.iter().map(|entry| ArgPattern::parse(&entry[1..])));
        }
        for (kinds, entries) in &extensions.sanitizers {
            let (methods, functions): (Vec<&String>, Vec<&String>) =
                entries.iter().partition(|entry| entry.starts_with('.'));
            models.sanitizers.push(SanitizerModel {
                functions: functions
                    .iter()
                    .map(|entry| ArgPattern::parse(entry))
                    .collect(),
                methods: methods.iter().map(|entry| entry[1..].to_string()).collect(),
                kinds: kinds.clone(),
            });
        }
        models.sink_names = sink_names(&models.sinks);
        for entry in &extensions.blocking {
            match entry.strip_prefix('.') {
                Some(method) => models.project_blocking_methods.push(method.to_string()),
                None => models.project_blocking.push(ArgPattern::parse(entry)),
            }
        }
        models
    }

    /// How `framework` converts route segments, when it is modelled.
    pub fn route_segment(&self, framework: &str) -> Option<&RouteSegmentModel> {
        self.route_segments
            .iter()
            .find(|model| model.framework == framework)
    }

    /// Whether some framework converts route segments with implementations of the trait
    /// `name` (last segment).
    pub fn is_segment_conversion(&self, name: &str) -> bool {
        self.route_segments
            .iter()
            .any(|model| model.conversion == name)
    }

    /// The kinds a successful call of the function at `path` (canonical) proves its text
    /// argument safe for (none when it validates nothing).
    pub fn validated_kinds(&self, path: &[String]) -> Vec<SinkKind> {
        self.validators
            .iter()
            .filter(|(functions, _)| functions.iter().any(|f| f.matches_path(path)))
            .flat_map(|(_, kinds)| kinds.iter().copied())
            .collect()
    }

    /// The kinds a sanitizer call makes safe (`None` when the call sanitizes nothing).
    pub fn sanitized_kinds(&self, path: Option<&[String]>, method: Option<&str>) -> Vec<SinkKind> {
        self.sanitizers
            .iter()
            .filter(|s| {
                path.is_some_and(|p| s.functions.iter().any(|f| f.matches_path(p)))
                    || method.is_some_and(|m| s.methods.iter().any(|name| name == m))
            })
            .flat_map(|s| s.kinds.iter().copied())
            .collect()
    }
}

/// A call name with an optional required argument count (`send/0`).
#[derive(Debug)]
pub struct CallPattern {
    pub name: String,
    pub arity: Option<usize>,
}

impl CallPattern {
    pub fn parse(text: &str) -> CallPattern {
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

/// What makes printed output a command-line program's, the logger's own or a terminal UI's
/// (`rules/models/console.toml`), and which calls start a server (`frameworks.toml`).
#[derive(Debug)]
pub struct ConsoleModels {
    /// Calls that start serving (`axum::serve`, `HttpServer::new`) and methods that do
    /// (`.launch()`, `.serve(..)`).
    pub server_starts: Vec<ArgPattern>,
    pub server_start_methods: HashSet<String>,
    /// Calls that read or parse the command line: functions by path, `Type::name(..)` on a
    /// type, and builder methods.
    pub command_line_functions: Vec<ArgPattern>,
    pub command_line_constructors: Vec<CallPattern>,
    pub command_line_methods: Vec<CallPattern>,
    /// Derives that make a type the parsed command line.
    pub command_line_derives: HashSet<String>,
    /// The crates whose calls install a logger, and the calls that install one.
    pub logger_crates: HashSet<String>,
    pub logger_installs: HashSet<String>,
    /// Types of a logger being built (last path segment).
    pub logger_types: HashSet<String>,
    /// Types of the pipeline behind a logger (a tracer provider, a writer guard).
    pub logger_pipelines: HashSet<String>,
    /// Checks that output goes to an interactive terminal.
    pub terminal_methods: Vec<CallPattern>,
    pub terminal_functions: Vec<ArgPattern>,
    /// Calls that load a `.env` file into the environment.
    pub env_file_loaders: Vec<ArgPattern>,
}

impl ConsoleModels {
    fn new(server: &ServerCrates, file: ConsoleFile) -> ConsoleModels {
        let paths = |items: &[String]| items.iter().map(|t| ArgPattern::parse(t)).collect();
        let calls = |items: &[String]| items.iter().map(|t| CallPattern::parse(t)).collect();
        ConsoleModels {
            server_starts: paths(&server.start_functions),
            server_start_methods: server.start_methods.iter().cloned().collect(),
            command_line_functions: paths(&file.command_line.functions),
            command_line_constructors: calls(&file.command_line.constructors),
            command_line_methods: calls(&file.command_line.methods),
            command_line_derives: file.command_line.derives.into_iter().collect(),
            logger_crates: file.logger.crates.into_iter().collect(),
            logger_installs: file.logger.installs.into_iter().collect(),
            logger_types: file.logger.types.into_iter().collect(),
            logger_pipelines: file.logger.pipelines.into_iter().collect(),
            terminal_methods: calls(&file.terminal.methods),
            terminal_functions: paths(&file.terminal.functions),
            env_file_loaders: paths(&file.env_files.functions),
        }
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
    /// Words of a package's name or description that make it a development crate (tests,
    /// examples, load testers), never production code.
    pub development_crate_words: HashSet<String>,
    /// Package-name prefixes of command-line programs (`cargo-`).
    pub command_line_crate_prefixes: Vec<String>,
    /// Database calls whose `Result` must not be discarded, in any crate.
    pub fallible_database_calls: Vec<CallPattern>,
    /// Network and file-system calls whose `Result` must not be discarded in server code.
    pub fallible_io_calls: Vec<CallPattern>,
    pub builders: Builders,
    /// Words and phrases that make a comment the reason for discarding a `Result`.
    pub discard_reasons: Vec<String>,
    /// Lock acquisitions whose only error is a poisoned lock.
    pub poisoning_locks: Vec<CallPattern>,
    pub logging_macros: HashSet<String>,
    pub logging_calls: HashSet<String>,
    /// Adapters whose closure sees an error leaving through `?` (`map_err`), and macros that
    /// return one (`bail!`): `[logging]` in `rules/models/errors.toml`.
    pub error_adapters: HashSet<String>,
    pub error_macros: HashSet<String>,
    pub printing_macros: HashSet<String>,
    pub infallible: InfallibleModels,
    /// The lints whose `#[allow(..)]` allows a panicking method or macro, by its name.
    pub allowing_lints: std::collections::HashMap<String, Vec<String>>,
    pub route_filled: RouteFilledModels,
    pub expect_messages: ExpectMessageModels,
    pub input_conversions: InputConversionModels,
    pub request_extensions: RequestExtensionModels,
    pub external_operations: ExternalOperations,
    pub detail_free_errors: DetailFreeErrorModels,
    pub struct_builders: StructBuilderModels,
    pub console: ConsoleModels,
    pub taint: TaintModels,
    pub performance: performance::PerformanceModels,
    pub operations: operations::OperationsModels,
    pub architecture: architecture::ArchitectureModels,
    pub security: security::SecurityModels,
    pub secrets: secrets::SecretsModels,
}

impl Models {
    /// The embedded model files with a project's additions (`[models.<file>]` of config)
    /// merged in, read once.
    fn build(overlay: &ModelOverlay) -> Result<Models, OverlayError> {
        let frameworks: FrameworksFile = read_file("frameworks", FRAMEWORKS_TOML, overlay)?;
        let errors: ErrorsFile = read_file("errors", ERRORS_TOML, overlay)?;
        let taint: TaintFile = read_file("taint", TAINT_TOML, overlay)?;
        let console: ConsoleFile = read_file("console", CONSOLE_TOML, overlay)?;
        let console = ConsoleModels::new(&frameworks.server, console);
        let performance: performance::PerformanceFile =
            read_file("performance", PERFORMANCE_TOML, overlay)?;
        let operations: operations::OperationsFile =
            read_file("operations", OPERATIONS_TOML, overlay)?;
        let architecture: architecture::ArchitectureFile =
            read_file("architecture", ARCHITECTURE_TOML, overlay)?;
        let security: security::SecurityFile = read_file("security", SECURITY_TOML, overlay)?;
        let secrets: secrets::SecretsFile = read_file("secrets", SECRETS_TOML, overlay)?;
        let security =
            security::SecurityModels::from_file(security).map_err(|message| OverlayError {
                key: "models.security".to_string(),
                message,
            })?;
        let calls = errors.fallible_calls;
        let external = errors.external_operations;
        let external_operations = ExternalOperations {
            calls: [
                &calls.database,
                &calls.network,
                &calls.io,
                &external.database,
                &external.network,
                &external.io,
                &external.process,
            ]
            .into_iter()
            .flatten()
            .map(|text| CallPattern::parse(text))
            .collect(),
            connection_types: external.connection_types,
            not_with: external.not_with,
        };
        let builders = Builders::new(errors.builders);
        Ok(Models {
            routing_function_names: frameworks
                .framework
                .iter()
                .flat_map(|f| f.routing_functions.iter().cloned())
                .collect(),
            frameworks: frameworks.framework,
            server_crates: frameworks.server.crates.into_iter().collect(),
            development_crate_words: frameworks.development_crates.words,
            command_line_crate_prefixes: frameworks.command_line_crates.prefixes,
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
            builders,
            discard_reasons: errors.discards.reasons,
            poisoning_locks: errors
                .poisoning
                .methods
                .iter()
                .map(|text| CallPattern::parse(text))
                .collect(),
            logging_macros: errors.logging.macros.into_iter().collect(),
            logging_calls: errors.logging.calls.into_iter().collect(),
            error_adapters: errors.logging.error_adapters.into_iter().collect(),
            error_macros: errors.logging.error_macros.into_iter().collect(),
            printing_macros: errors.printing.macros.into_iter().collect(),
            infallible: InfallibleModels::from_raw(errors.infallible, errors.values),
            allowing_lints: errors.allowing_lints,
            route_filled: errors.route_filled,
            expect_messages: errors.expect_messages,
            input_conversions: errors.input_conversions,
            request_extensions: errors.request_extensions,
            external_operations,
            detail_free_errors: errors.detail_free_errors,
            struct_builders: errors.struct_builders,
            console,
            taint: TaintModels::from_file(taint),
            performance: performance::PerformanceModels::from_file(performance),
            operations: operations::OperationsModels::from_file(operations),
            architecture: architecture::ArchitectureModels::from_file(architecture),
            security,
            secrets: secrets::SecretsModels::from_file(secrets),
        })
    }

    /// Whether a comment gives a reason for discarding a `Result`: it names the error or its
    /// being ignored (see `[discards]` in `rules/models/errors.toml`).
    pub fn explains_discard(&self, comment: &str) -> bool {
        let lower = comment.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|word| !word.is_empty())
            .collect();
        let text = words.join(" ");
        self.discard_reasons.iter().any(|reason| {
            if reason.contains(' ') {
                text.contains(reason.as_str())
            } else {
                words.contains(&reason.as_str())
            }
        })
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

const FRAMEWORKS_TOML: &str = include_str!("../../rules/models/frameworks.toml");
const ERRORS_TOML: &str = include_str!("../../rules/models/errors.toml");
const TAINT_TOML: &str = include_str!("../../rules/models/taint.toml");
const CONSOLE_TOML: &str = include_str!("../../rules/models/console.toml");
const PERFORMANCE_TOML: &str = include_str!("../../rules/models/performance.toml");
const OPERATIONS_TOML: &str = include_str!("../../rules/models/operations.toml");
const ARCHITECTURE_TOML: &str = include_str!("../../rules/models/architecture.toml");
const SECURITY_TOML: &str = include_str!("../../rules/models/security.toml");
const SECRETS_TOML: &str = include_str!("../../rules/models/secrets.toml");

/// The model file `file`: its embedded text, with the project's additions merged when it has
/// any, read into `T`. The embedded files are valid (the tests read each); an addition that
/// does not fit the file's types is the project's error.
fn read_file<T: serde::de::DeserializeOwned>(
    file: &str,
    embedded: &str,
    overlay: &ModelOverlay,
) -> Result<T, OverlayError> {
    let mut table: toml::Table = embedded
        .parse()
        .unwrap_or_else(|error| invalid_embedded(file, error));
    let Some(addition) = overlay.get(file) else {
        return Ok(table
            .try_into()
            .unwrap_or_else(|error| invalid_embedded(file, error)));
    };
    let key = format!("models.{file}");
    overlay::merge(&mut table, addition, file, &key)?;
    table
        .try_into()
        .map_err(|error: toml::de::Error| OverlayError {
            key,
            message: error.message().trim().to_string(),
        })
}

fn invalid_embedded(file: &str, error: impl std::fmt::Display) -> ! {
    panic!("rules/models/{file}.toml is invalid: {error}")
}

/// The models of the current run: the embedded ones, or those [`activate`] installed on this
/// thread for a run whose config extends them.
pub fn models() -> &'static Models {
    ACTIVE.with(Cell::get).unwrap_or_else(embedded)
}

/// The embedded models, without any project's additions.
fn embedded() -> &'static Models {
    static MODELS: LazyLock<Models> = LazyLock::new(|| {
        Models::build(&ModelOverlay::new()).expect("the embedded models need no overlay")
    });
    &MODELS
}

/// The models with a project's additions: the embedded ones when there are none. Each distinct
/// overlay is read once per process and kept for its lifetime (runs hand `&'static` models to
/// worker threads; a process sees one config, or a few in tests).
pub fn overlaid(overlay: &ModelOverlay) -> Result<&'static Models, OverlayError> {
    static BUILT: LazyLock<Mutex<Vec<(ModelOverlay, &'static Models)>>> =
        LazyLock::new(|| Mutex::new(Vec::new()));
    if overlay.is_empty() {
        return Ok(embedded());
    }
    let mut built = BUILT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, models)) = built.iter().find(|(known, _)| known == overlay) {
        return Ok(models);
    }
    let models: &'static Models = Box::leak(Box::new(Models::build(overlay)?));
    built.push((overlay.clone(), models));
    Ok(models)
}

thread_local! {
    static ACTIVE: Cell<Option<&'static Models>> = const { Cell::new(None) };
}

/// Makes `models` what [`models`] returns on this thread until the guard is dropped.
pub fn activate(models: &'static Models) -> ActiveModels {
    ActiveModels {
        previous: ACTIVE.with(|active| active.replace(Some(models))),
    }
}

/// Makes `models` what [`models`] returns on this thread for the rest of its life (a worker
/// thread of one run's pool).
pub fn activate_for_thread(models: &'static Models) {
    ACTIVE.with(|active| active.set(Some(models)));
}

/// Restores the models a thread had before [`activate`].
#[must_use = "the models are active only while the guard lives"]
pub struct ActiveModels {
    previous: Option<&'static Models>,
}

impl Drop for ActiveModels {
    fn drop(&mut self) {
        ACTIVE.with(|active| active.set(self.previous));
    }
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
        let pipe: Vec<String> = ["redis", "pipe"].map(String::from).to_vec();
        assert_eq!(models.builders.constructed_by(&pipe), Some("Pipeline"));
        assert!(models.builders.runs.contains("query_async"));
        assert!(models.explains_discard("For security, errors are not returned."));
        assert!(models.explains_discard("Best effort: the cache refills on the next request"));
        assert!(models.explains_discard("we IGNORE a failed refresh"));
        assert!(!models.explains_discard("Delete their images"));
        assert!(!models.explains_discard("releasing them early is a courtesy"));
        assert!(
            !models.explains_discard("terrors of the deep"),
            "whole words only"
        );
        let sql = models
            .taint
            .sinks
            .iter()
            .find(|s| s.kind == SinkKind::Sql)
            .unwrap();
        let from_string = sql
            .functions
            .iter()
            .find(|f| f.segments.last().unwrap() == "from_string")
            .unwrap();
        assert_eq!(from_string.arg, 1);
        let path: Vec<String> = ["sqlx", "query"].map(String::from).to_vec();
        assert!(sql.functions[0].matches_path(&path));
        assert!(models.taint.sink_names.contains("query"));
        assert!(models
            .security
            .calls_of("tls-verification-disabled")
            .any(|call| call.method_arg("danger_accept_invalid_certs") == Some(0)));
    }
}
