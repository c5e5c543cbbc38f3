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
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallRef {
    /// `foo(..)`, `repo::foo(..)`, `Type::foo(..)`: the canonical path.
    Path(String),
    /// `x.foo(..)` on a receiver whose type is unknown.
    Method(String),
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
    /// Declared to return `Result<..>` (or a `..Result` alias).
    pub returns_result: bool,
    pub handler: Option<HandlerEvidence>,
    /// Test code: never on the request path.
    pub is_test: bool,
    pub calls: Vec<CallRef>,
    /// The parameters (the receiver first, for methods).
    pub params: Vec<ParamFact>,
    /// Where the return value may come from (parameters, sources, call results).
    pub returns: Vec<Origin>,
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
}

/// A function parameter, for resolving taint across functions.
#[derive(Clone, Debug)]
pub struct ParamFact {
    /// Would carry request input if the function is a handler registered by reference (its
    /// type is not application state: `State`, `Extension`, pools, clients, config…).
    pub is_input: bool,
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
    pub location: Location,
    /// The callee's name as written, for labels.
    pub name: String,
}

/// A crate-level condition under which a deferred finding holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// The function is a handler or reachable from one through the crate's call graph.
    InRequestPath(LocalFnId),
    /// The crate is a server: it depends on a web framework or registers handlers.
    ServerCrate,
    /// The called crate function is declared to return `Result`.
    CalleeReturnsResult(CallRef),
    /// Every one of the conditions holds.
    All(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// The function has callers in the crate, and every one of them is command-line or logger
    /// code (see [`FnFact::is_console`]) or itself called only from such code.
    OnlyConsoleCallers(LocalFnId),
    /// The function does not check its values for the sink kind, itself or through a
    /// validator whose result it checks (see [`FnFact::guarded_kinds`] and
    /// [`FnFact::checked_calls`]); known only once the whole function was walked.
    Unguarded(LocalFnId, SinkKind),
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
    /// The file is production code (not tests, examples, benches or a build script) that
    /// imports a web framework.
    pub imports_framework: bool,
    /// The file is production code that registers handlers: its crate is a server.
    pub registers_handlers: bool,
    pub sources: Vec<SourceFact>,
    pub call_sites: Vec<CallSite>,
    /// Implementations of the conversions frameworks use for route segments.
    pub conversions: Vec<ConversionImpl>,
}
