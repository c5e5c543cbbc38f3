//! Facts: the compact, plain-data summary of a file that crosses file boundaries.
//!
//! A file's pass emits facts (its functions with their calls, handler registrations, whether it
//! looks like server code) and *deferred* findings that hold only if a crate-level condition
//! does ("this unwrap is a finding if its function is reachable from a handler"). The crate pass
//! (`semantic::index`) resolves them. No syn value is stored here: facts are `Send`.

use crate::diagnostic::{Diagnostic, Location};
use crate::semantic::models::SinkKind;
use crate::semantic::taint::Origin;

/// A function's index within its file's [`FileFacts::functions`].
pub type LocalFnId = usize;

/// How a function was recognised as a request handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandlerEvidence {
    /// A routing attribute: `#[get("/")]` (actix-web, rocket), `#[handler]` (poem).
    Attribute,
    /// A parameter of a framework extractor type (`Json<T>`, `web::Path<T>`, `State<S>`).
    Extractor,
    /// A closure passed to a routing function (`get(|| async { .. })`).
    RoutedClosure,
    /// A method of a framework response/extractor trait (`IntoResponse::into_response`).
    FrameworkTrait,
}

/// A call made by a function, as written (resolved through the file's imports).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CallRef {
    /// `foo(..)`, `repo::foo(..)`, `Type::foo(..)`: the canonical path.
    Path(String),
    /// `x.foo(..)` on a receiver whose type is unknown, with its argument count (the receiver
    /// not counted): a method taking another number of arguments is not the one called.
    Method { name: String, args: usize },
    /// `self.foo(..)` or `Self::foo(..)` inside an impl of the given type path.
    SelfMethod { self_type: String, name: String },
}

/// One function (free fn, impl or trait method, or a routed closure) of a file.
#[derive(Clone, Debug)]
pub struct FnFact {
    /// Canonical path: `crate::repo::find_user`, `crate::repo::UserRepo::find`.
    pub path: String,
    pub name: String,
    /// The impl's self type as a canonical path, for methods.
    pub self_type: Option<String>,
    /// Takes `self` (so `x.name()` may call it).
    pub has_receiver: bool,
    /// Declared to return `Result<..>` (or a `..Result` alias), not `Result<T, ()>`.
    pub returns_result: bool,
    pub handler: Option<HandlerEvidence>,
    /// Test code: never on the request path.
    pub is_test: bool,
    pub calls: Vec<CallRef>,
    /// Calls made only once per process: inside a `static` initialiser in the function or a
    /// closure like one (`LazyLock::new(|| init())`, `cell.get_or_init(|| ..)`). What they
    /// reach does not run while serving a request.
    pub once_calls: Vec<CallRef>,
    /// The parameters (the receiver first, for methods).
    pub params: Vec<ParamFact>,
    /// Where the return value may come from (parameters, sources, call results).
    pub returns: Vec<Origin>,
    /// Per origin of the return value, the sink kinds its part of every returned value is safe
    /// for when the value's other origins are server-chosen: `format!("{prefix}/docs/{name}")`
    /// returns `name` in a path the `prefix` fixes.
    pub returned_origins_safe_for: Vec<(Origin, Vec<SinkKind>)>,
    /// Where each element may come from, when every value it returns is a tuple (`Ok((url,
    /// state))`); empty otherwise.
    pub element_returns: Vec<Vec<Origin>>,
    /// It returns a value that is not a tuple literal (so `element_returns` says nothing).
    pub returns_other: bool,
    /// Calls whose result the function checks (`validate(p)?`, `if !allowed(p)`): a validator
    /// among them guards the function (see `CrateIndex::guards`).
    pub checked_calls: Vec<CallRef>,
    /// The function registers routes or handlers (`Router::new().route(..)`, `routes![..]`):
    /// it builds the server, and what leads to it is the server's startup.
    pub registers_routes: bool,
    /// The function writes to a terminal by design: it is in a `src/bin` tool or a command-line
    /// module, or it implements a logger.
    pub is_console: bool,
    /// The sink kinds the function checks its values for (see [`crate::semantic::guards`]).
    pub guarded_kinds: Vec<SinkKind>,
    /// The functions it calls by path (`server_error("..")`), with which of the arguments are
    /// string literals: whether a helper's callers all pass fixed text.
    pub literal_args: Vec<(CallRef, Vec<bool>)>,
    /// For a synchronous function outside tests: the first blocking call its body makes
    /// (`std::fs::read_to_string`; see [`crate::semantic::blocking`]), as written in messages.
    pub blocking_call: Option<String>,
    /// Whether it starts a server or sets up the logger (for `print-in-server`).
    pub output: OutputFacts,
    /// Its calls of functions by path made where an early exit ruled variants of an argument
    /// out (`if status == Status::Pending { return .. }` before `filter(q, status)`).
    pub call_exclusions: Vec<CallExclusion>,
    /// Its calls by path that pass `bool` literals.
    pub flag_calls: Vec<FlagCall>,
    /// Fields every value it returns sets to a present value (see
    /// [`crate::semantic::returned_fields`]).
    pub filled_fields: Vec<String>,
    /// Returns `Result` and logs every error it returns on the way out (see
    /// [`crate::semantic::logged_errors`]): a caller discarding the `Result` loses nothing.
    pub logs_its_errors: bool,
    /// Its calls whose future it hands to a timeout (`timeout(delay, check_api(..))`: `[http-clients]
    /// future-timeouts` in `rules/models/performance.toml`): the wait they make is bounded.
    pub bounded_calls: Vec<CallRef>,
    /// Its body makes a database, network, file-system or process call (see
    /// [`crate::semantic::fallible_operations`]).
    pub performs_operation: bool,
    /// Its body makes a database or Redis round trip itself (see
    /// [`crate::semantic::queries::round_trip`]), outside once-per-process code.
    pub makes_query: bool,
}

impl FnFact {
    /// Whether the function may set the logger up from what it loads before: a `main`, or a
    /// free function that is neither a handler nor a test (lldap's `run_server_command` loads
    /// the configuration, then calls `logging::init(&config)`). The walker records the data
    /// flow of these only.
    pub fn is_startup_candidate(&self) -> bool {
        self.output.is_main || (!self.is_test && self.handler.is_none() && !self.has_receiver)
    }
}

/// A call by path (one call site) and the enum variants its arguments cannot hold there.
#[derive(Clone, Debug)]
pub struct CallExclusion {
    pub callee: CallRef,
    /// (argument position, whether the variant is of the value inside the argument's `Some`,
    /// variant name).
    pub excluded: Vec<(u16, bool, String)>,
}

/// A `match` arm on a parameter of a free function, or on the value inside its `Some` (`if
/// let Some(s) = status { match s { .. } }`), that matches only the given variants: it runs
/// only if a caller passes one of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamArm {
    /// The parameter's position.
    pub index: u16,
    /// The arm matches the value inside the parameter's `Some`.
    pub inner: bool,
    pub variants: Vec<String>,
}

/// What a function does that decides whether its printed output is a server's: it starts the
/// server, or it is the logger's own setup, which has nothing to log to yet.
#[derive(Clone, Debug, Default)]
pub struct OutputFacts {
    /// `fn main` (or a `#[tokio::main]`-style entry point).
    pub is_main: bool,
    /// It starts serving itself (`axum::serve(..)`, `HttpServer::new(..)`, `.launch()`).
    pub starts_server: bool,
    /// Its declared return type is a logger being built (`tracing::Dispatch`).
    pub returns_logger: bool,
    /// The last segment of its declared return type, `Self` spelled out (`ConfigBuilder`).
    pub returns_type: Option<String>,
    /// The byte range of the top-level statement of its body that installs a logger last
    /// (`tracing_subscriber::fmt().init();`, `if json { ..init() } else { ..init() }`).
    pub logger_install: Option<(usize, usize)>,
    /// Statics it reads (`SETTINGS.json_logging`), by canonical path, with the byte offset.
    pub static_reads: Vec<(String, usize)>,
    /// Its calls of functions by path (`telemetry::init()`, `Config::load(path)`): a call of
    /// the logger's setup orders the prints before it, and in `main` what is called before the
    /// logger exists, for a value the setup takes, loads what the logger needs.
    pub path_calls: Vec<PathCall>,
    /// In `main`: its `let` statements, and the names the statement installing the logger
    /// mentions.
    pub lets: Vec<LetFact>,
    pub logger_install_mentions: Vec<String>,
}

/// A call of a function by path, where it is and, in `main`, what its arguments mention.
#[derive(Clone, Debug)]
pub struct PathCall {
    pub call: CallRef,
    /// The byte range of the call.
    pub span: (usize, usize),
    /// The methods called on its value, in order (`Config::build().port(8080).finish()`).
    pub chain: Vec<String>,
    /// In `main`: the names its arguments mention (`start(opt, config)`: `opt`, `config`).
    pub mentions: Vec<String>,
}

/// In `main`: a `let` and the names its value is computed from, to follow what flows into
/// the logger's setup.
#[derive(Clone, Debug)]
pub struct LetFact {
    pub names: Vec<String>,
    /// The byte range of the statement.
    pub span: (usize, usize),
    /// The names its initialiser mentions.
    pub mentions: Vec<String>,
}

/// A branch's index within its file's [`FileFacts::branches`].
pub type BranchId = usize;

/// A branch of a function's command-line dispatch: an arm of `match cli.command { .. }`, the
/// block of `if let Some(cmd) = args.command { .. }` or `if args.flag { .. }`, or its `else`.
#[derive(Clone, Debug)]
pub struct BranchFact {
    /// The function it is in.
    pub function: LocalFnId,
    /// The innermost command-line branch it is nested in.
    pub parent: Option<BranchId>,
    /// The other arms of the same `match`, or the other block of the same `if`/`else`.
    pub siblings: Vec<BranchId>,
    /// The calls made in it, outside the command-line branches nested in it.
    pub calls: Vec<CallRef>,
    /// Its own code starts serving (`axum::serve(..)` in it, not through a call).
    pub starts_server: bool,
    /// Its code ends by leaving the function or the process (`return ..`, `exit(0)`).
    pub exits: bool,
    /// It branches on the command line only if this type (declared in another file of the
    /// crate) derives a command-line parser; `None` when that is already known.
    pub requires_type: Option<String>,
}

/// Where a `print!`-like macro is, for deciding whether it is command-line or logger output
/// rather than server output (see [`Condition::ConsoleOutput`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintSite {
    pub function: Option<LocalFnId>,
    /// The innermost command-line branch around it.
    pub branch: Option<BranchId>,
    /// Its byte offset in the file.
    pub offset: usize,
    /// The `static` whose initialiser it is in (canonical path).
    pub static_item: Option<String>,
    /// It reports on loading a `.env` file (`match dotenv() { Ok(path) => println!(..) }`).
    pub reports_env_file: bool,
    /// The values of `bool` parameters of its function that the code before it left for it
    /// (`if on_update { return .. }` leaves `false`).
    pub requires: Vec<FlagRequirement>,
}

/// A `bool` parameter (by position) that must have a value for code to run: an early exit
/// on the other value came before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagRequirement {
    pub param: u16,
    pub value: bool,
    /// The early exit ends in a macro of the crate (`err!(..)`): the requirement holds if
    /// that macro always returns (see [`FileFacts::diverging_macros`]).
    pub if_diverges: Option<String>,
}

/// A call by path passing `bool` literals, by argument position (`validate(&cfg, true)`).
#[derive(Clone, Debug)]
pub struct FlagCall {
    pub callee: CallRef,
    pub flags: Vec<(u16, bool)>,
}

/// A function parameter, for resolving taint across functions.
#[derive(Clone, Debug)]
pub struct ParamFact {
    /// Would carry request input if the function is a handler registered by reference (its
    /// type is not application state: `State`, `Extension`, pools, clients, config…).
    pub is_input: bool,
    /// The last segment of its declared type (`Ruma` for `body: Ruma<Request>`).
    pub type_name: Option<String>,
    pub location: Location,
}

/// Request input (or another untrusted value) entering the program.
#[derive(Clone, Debug)]
pub struct SourceFact {
    pub location: Location,
    pub description: String,
    pub kind: SourceKind,
    /// The sink kinds the value cannot harm as it enters (a route segment the framework has
    /// sanitised into a path; command-line arguments naming files).
    pub safe_for: Vec<SinkKind>,
    /// The conversion the framework passes the input through, when it is one the crate may
    /// implement (a route segment bound to a type of the crate): whether that gives a checked
    /// value is known in the crate pass.
    pub converted_by: Option<Conversion>,
}

/// A conversion from text to a type: an implementation of a trait (`FromParam`) for a type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conversion {
    /// The type's last path segment (`SendId`).
    pub type_name: String,
    /// The trait's last path segment (`FromParam`).
    pub trait_name: String,
}

/// A function implementing a conversion from text (`fn from_param` of `impl FromParam for
/// FileId`).
#[derive(Clone, Debug)]
pub struct ConversionImpl {
    pub conversion: Conversion,
    pub function: LocalFnId,
    /// The sink kinds every value the function returns is safe for: all of them when it
    /// returns nothing of its input (it parses), some when a check let some characters through.
    pub safe_for: Vec<SinkKind>,
}

/// What a derive macro defined in the file generates (see
/// [`derive_templates`](crate::semantic::derive_templates)): the conversions from text its
/// templates implement for every type that derives it.
#[derive(Clone, Debug)]
pub struct DeriveTemplate {
    /// The derive's name (`IdFromParam` of `#[proc_macro_derive(IdFromParam)]`).
    pub derive: String,
    /// Per generated implementation: the trait's last segment (`FromParam`) and the sink
    /// kinds every value it returns is safe for, as for a hand-written [`ConversionImpl`].
    pub conversions: Vec<(String, Vec<SinkKind>)>,
}

/// A type of the file that derives a macro named by a path into another crate
/// (`#[derive(IdFromParam)]` with `use macros::IdFromParam`).
#[derive(Clone, Debug)]
pub struct TypeDerive {
    pub type_name: String,
    /// The derive's canonical path (`macros::IdFromParam`).
    pub derive: String,
}

/// Whose input a source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// A request's: extractors, handler parameters, configured source functions.
    Request,
    /// The process's command-line arguments: input to a command-line program; in a server,
    /// whoever starts the process chose them, so they are no source there.
    CommandLine,
}

/// A call whose arguments carry taint, recorded so the crate pass can follow values into the
/// callee (parameters reaching sinks) and back (return values).
#[derive(Clone, Debug)]
pub struct CallSite {
    pub caller: LocalFnId,
    pub callee: CallRef,
    /// The origins of each argument (the receiver first, for method calls).
    pub args: Vec<Vec<Origin>>,
    /// The sink kinds each argument was made safe for before the call (`limit.min(100)`).
    pub sanitized: Vec<Vec<SinkKind>>,
    /// Whether each argument is the request's own path (`req.uri().path()`): safe as a
    /// redirect target where no path can start with `//`.
    pub own_path: Vec<bool>,
    pub location: Location,
    /// The callee's name as written, for labels.
    pub name: String,
}

/// A crate-level condition under which a deferred finding holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// The function is a handler or reachable from one through the crate's call graph.
    InRequestPath(LocalFnId),
    /// The function runs while a server serves a request: it is on the request path of a
    /// server crate, or another member's request path reaches it through calls by path (a
    /// library crate's function that a handler crate calls; see `index::members`).
    ServesRequest(LocalFnId),
    /// The crate is a server: it depends on a web framework or registers handlers.
    ServerCrate,
    /// The crate installs a middleware that merges repeated slashes in request paths
    /// ([`FileFacts::normalizes_paths`]).
    PathsNormalized,
    /// The function is a handler only reached by request paths starting with a fixed segment
    /// ([`FileFacts::fixed_path_handlers`]).
    RoutePathFixed(LocalFnId),
    /// The function has callers in the crate, and every call of it from production code hands
    /// its future to a timeout ([`FnFact::bounded_calls`]).
    CallersBoundItsWait(LocalFnId),
    /// The called crate function is declared to return `Result`, and some error it returns is
    /// not logged on its way out ([`FnFact::logs_its_errors`]).
    CalleeFailsUnlogged(CallRef),
    /// The called crate function is synchronous and its body makes a blocking call (see
    /// [`FnFact::blocking_call`]).
    CalleeBlocks(CallRef),
    /// The called crate function's body makes a database or Redis round trip (see
    /// [`FnFact::makes_query`]).
    CalleeQueries(CallRef),
    /// A `macro_rules!` macro of that name in the crate always returns (see
    /// [`FileFacts::diverging_macros`]).
    MacroDiverges(String),
    /// Every one of the conditions holds.
    All(Vec<Condition>),
    /// One of the conditions holds (the first that does gives the labels).
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// One of the calls may resolve to a crate function that performs a database, network,
    /// file-system or process operation, itself or through the crate functions it calls.
    PerformsOperation(Vec<CallRef>),
    /// The field of the type (as written, through the crate's renames) is one the crate's
    /// extractor of that type fills per route (see [`FileFacts::route_filled_fields`]).
    RouteFilledField { type_name: String, field: String },
    /// The crate inserts a request extension of the type (or of any type, for `None`) on some
    /// paths of a middleware only, or one whose type is not written at the insert.
    ExtensionMayBeMissing(Option<String>),
    /// Every crate function the call may resolve to (there is at least one) fills the field of
    /// what it returns (see [`FnFact::filled_fields`]).
    CalleeFillsField { call: CallRef, field: String },
    /// The printed output is a command-line program's or the logger's own, not the server's:
    /// in console code (see [`FnFact::is_console`]) or a function only such code calls, in a
    /// subcommand's branch, in the logger's setup before it is installed, or in the
    /// initialiser of a static the logger's setup reads.
    ConsoleOutput(Box<PrintSite>),
    /// Some call of the function in the crate passes, as its `param`-th argument, something
    /// other than a string literal (or the crate shows no call of it): a helper's parameter
    /// may hold an error's text (see [`FnFact::literal_args`]).
    NonLiteralArgument { function: LocalFnId, param: usize },
    /// The function does not check its values for the sink kind, itself or through a
    /// validator whose result it checks (see [`FnFact::guarded_kinds`] and
    /// [`FnFact::checked_calls`]); known only once the whole function was walked.
    Unguarded(LocalFnId, SinkKind),
    /// Every call of the function in the crate (and there is one) passes an argument that an
    /// early exit before the call ruled the arm's variants out for; the function is called
    /// only by path (not a handler, not passed by name or reference).
    CallersExclude(LocalFnId, ParamArm),
    /// The crate has decided its unsafe-code policy: a root sets the `unsafe_code` lint
    /// (`#![forbid(unsafe_code)]`, `#![allow(unsafe_code)]`: [`FileFacts::sets_unsafe_policy`])
    /// or its manifest does.
    UnsafePolicySet,
    /// The request body type (canonical path as the handler's file resolves it) is a
    /// persisted entity of the crate with privileged fields (see
    /// [`FileFacts::persisted_types`]); the labels name the fields. A path through an inline
    /// module matches the struct it ends; a `crate::` path that names no struct (a glob import,
    /// a re-export) falls back to the persisted type of that name, if it is the only struct of
    /// that name.
    PersistedBody(String),
    /// Some function of the crate (or a static's initialiser) calls a method matching one of
    /// the patterns (`name` or `name/arity`, as in the models): `with_graceful_shutdown`.
    CrateCallsMethod(Vec<String>),
    /// Some function of the crate (or a static's initialiser) calls a function whose canonical
    /// path ends with one of the suffixes (`TimeoutLayer::new`).
    CrateCallsFunction(Vec<String>),
    /// One of the types (by name) is a struct of the crate whose derived `Debug` prints a
    /// credential.
    PrintsCredentials(Vec<String>),
    /// One of the origins (in the given function of this file) is request input, through the
    /// crate's call graph.
    RequestInput {
        function: LocalFnId,
        origins: Vec<Origin>,
        /// The sink kind the value reaches (some sources are safe for some kinds).
        kind: SinkKind,
    },
}

/// A finding that depends on crate facts.
#[derive(Clone, Debug)]
pub struct Deferred {
    pub diagnostic: Diagnostic,
    pub condition: Condition,
}

/// How a crate's manifest depends on web frameworks and server crates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum ServerDependency {
    #[default]
    None,
    /// Only as optional dependencies: an integration a library offers behind a feature
    /// (`rocket` form support for a decimal type), unless its code serves requests.
    Optional,
    /// As a required dependency: the crate is a server.
    Required,
}

/// Everything one file contributes to its crate's index.
#[derive(Clone, Debug, Default)]
pub struct FileFacts {
    pub functions: Vec<FnFact>,
    /// Canonical paths of functions registered as handlers or middleware anywhere in the file
    /// (`.route("/", get(handlers::list))`, `routes![index]`, `web::get().to(create)`).
    pub handler_refs: Vec<String>,
    /// Module paths of the out-of-line modules the file declares for tests only
    /// (`#[cfg(test)] mod tests;` → `crate::tests`): their files are test code.
    pub test_only_modules: Vec<Vec<String>>,
    /// Canonical paths of handlers registered on a path with a fixed first segment in a
    /// framework that matches paths exactly (`.route("/login", post(login))`, actix-web's
    /// `#[get("/login")]`): their request's own path never starts with `//`.
    pub fixed_path_handlers: Vec<String>,
    /// The file is production code (not tests, examples, benches or a build script) that
    /// imports a web framework.
    pub imports_framework: bool,
    /// The file is production code that registers handlers outside tests (not only
    /// middleware): its crate is a server.
    pub registers_handlers: bool,
    pub sources: Vec<SourceFact>,
    pub call_sites: Vec<CallSite>,
    /// The branches of command-line dispatch in the file's functions.
    pub branches: Vec<BranchFact>,
    /// The file's types that derive a command-line parser (`#[derive(Parser)] struct Cli`).
    pub command_line_types: Vec<String>,
    /// Implementations of the conversions frameworks use for route segments.
    pub conversions: Vec<ConversionImpl>,
    /// The derive macros the file defines (in a proc-macro crate), with what they generate.
    pub derive_templates: Vec<DeriveTemplate>,
    /// The file's types deriving a macro of another crate.
    pub type_derives: Vec<TypeDerive>,
    /// The `macro_rules!` macros the file defines that always return (`err!`).
    pub diverging_macros: Vec<String>,
    /// Calls made in the initialisers of the file's statics, with the static (canonical path).
    pub static_calls: Vec<(String, CallRef)>,
    /// Fields the file's extractors fill per route, as (type, field) (see
    /// [`crate::semantic::extractor_fields`]).
    pub route_filled_fields: Vec<(String, String)>,
    /// Structs of the file whose derived `Debug` prints a credential (see
    /// [`crate::semantic::secrets::prints_credentials`]); a hand-written `Debug` is the
    /// type's own choice and never makes one.
    pub credential_types: Vec<String>,
    /// The file's own extractors generic over the request type (`impl<T> FromRequest for
    /// Ruma<T>`, by last segment): a parameter of one holds request input.
    pub request_extractors: Vec<String>,
    /// Types the file names otherwise, as (new name, the last segment of the type): renaming
    /// imports (`use args::Args as Ruma;`) and `type` aliases (`type Ruma<T> = Args<T>;`).
    pub type_renames: Vec<(String, String)>,
    /// Inserts into request extensions on some paths of a function only, by the type
    /// inserted when written (see [`crate::semantic::request_extensions`]).
    pub conditional_extension_inserts: Vec<Option<String>>,
    /// The file builds a middleware that merges repeated slashes in request paths
    /// (`NormalizePath::new(..)`, `[destination] normalizing-layers` of the taint models).
    pub normalizes_paths: bool,
    /// The file is a crate root (`src/lib.rs`, `src/main.rs`) whose attributes set the
    /// `unsafe_code` lint (`#![forbid(unsafe_code)]`, `#![allow(unsafe_code)]`).
    pub sets_unsafe_policy: bool,
    /// The canonical paths of the file's structs (outside test modules).
    pub declared_structs: Vec<String>,
    /// The file's persisted structs with privileged fields (see
    /// [`crate::semantic::persisted_bodies`]).
    pub persisted_types: Vec<crate::semantic::persisted_bodies::PersistedType>,
}
