//! The crate pass: joins the facts of a crate's files into a call graph, finds the request
//! path (handlers and every crate function reachable from them) and decides the conditions of
//! deferred findings.
//!
//! Without type information, calls are resolved by name: paths through imports (exactly, or by
//! a unique `module::fn`/`Type::method` suffix), `self.m()`/`Self::m()` within the impl, and
//! `x.m()` to the crate's methods named `m` when there are at most
//! [`MAX_METHOD_CANDIDATES`] of them and `m` is not a name std types use everywhere.

mod console;
mod members;

pub use members::Members;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};

use crate::diagnostic::Label;
use crate::semantic::facts::{
    CallRef, Condition, Conversion, FileFacts, FnFact, LocalFnId, ParamArm, ServerDependency,
    SourceKind,
};
use crate::semantic::models::{CallPattern, SinkKind};
use crate::semantic::taint::Origin;

/// How many calls deep a value is followed between functions.
const MAX_FLOW_DEPTH: usize = 12;

/// Above this many same-named methods, `x.m()` is too ambiguous to link.
pub const MAX_METHOD_CANDIDATES: usize = 3;

/// Method names of std and common crates: a call `x.get()` is far more likely to be one of
/// these than a crate method of the same name.
pub const UBIQUITOUS_METHODS: &[&str] = &[
    "new",
    "default",
    "get",
    "get_mut",
    "set",
    "insert",
    "remove",
    "contains",
    "contains_key",
    "push",
    "pop",
    "len",
    "is_empty",
    "iter",
    "iter_mut",
    "into_iter",
    "map",
    "and_then",
    "ok",
    "err",
    "unwrap",
    "expect",
    "clone",
    "to_string",
    "to_owned",
    "into",
    "from",
    "as_ref",
    "as_str",
    "borrow",
    "lock",
    "read",
    "write",
    "send",
    "recv",
    "await",
    "call",
    "run",
    "build",
    "finish",
    "collect",
    "filter",
    "find",
    "first",
    "last",
    "next",
    "take",
    "with",
    "fmt",
    "eq",
    "cmp",
    "hash",
    "drop",
    "deref",
    "parse",
    "join",
    "split",
    "trim",
    "extend",
    "clear",
    "update",
    "delete",
    "create",
    "list",
    "save",
    "load",
    "execute",
    "fetch",
    "query",
    "handle",
    "process",
];

/// A function anywhere in the crate: (file index, index within the file's facts).
pub type FnRef = (usize, LocalFnId);

/// How request input reaches a value (labels, source first), or `None` when it does not.
type Flow = Option<Vec<Label>>;

/// The steps of a flow being followed, to stop at cycles: (member crate, function, origin).
type Visiting = Vec<(Option<usize>, FnRef, Origin)>;

pub struct CrateIndex<'f> {
    files: Vec<&'f FileFacts>,
    by_path: HashMap<&'f str, Vec<FnRef>>,
    /// Free functions by `module::name` and methods by `Type::name` (the last two segments).
    by_suffix: HashMap<String, Vec<FnRef>>,
    methods_by_name: HashMap<&'f str, Vec<FnRef>>,
    on_request_path: Vec<Vec<bool>>,
    /// Functions that perform an external operation, by file and function (see
    /// [`Condition::PerformsOperation`]).
    performs_operation: Vec<Vec<bool>>,
    /// Functions that are handlers only because a router names them (no extractor or
    /// attribute): their input parameters are request input.
    handler_by_reference: HashSet<FnRef>,
    /// For each function, the recorded call sites (file, index) that may call it.
    callers: HashMap<FnRef, Vec<(usize, usize)>>,
    /// Memo of "is this origin request input?", with the labels of the flow when it is.
    request_input: RefCell<HashMap<(FnRef, Origin, SinkKind), Flow>>,
    /// What decides whether printed output is the server's, computed on first use.
    console: std::cell::OnceCell<console::ConsoleFacts>,
    /// What the other member crates of the workspace tell this one, once it is linked.
    members: std::cell::OnceCell<members::MemberLinks>,
    /// What the derive macros of the run's crates generate.
    derives: Option<&'f WorkspaceDerives>,
    is_server: bool,
    /// The manifest sets the `unsafe_code` lint (see [`Condition::UnsafePolicySet`]).
    manifest_sets_unsafe_policy: bool,
}

/// What the derive macros defined in the crates of a run generate (see
/// [`derive_templates`](crate::semantic::derive_templates)), by the macro's path
/// (`macros::IdFromParam`: the defining crate's library name and the derive's name).
#[derive(Debug, Default)]
pub struct WorkspaceDerives {
    conversions: HashMap<String, Vec<(String, Vec<SinkKind>)>>,
}

impl WorkspaceDerives {
    /// Gathers the derive templates of each crate (its library name and its files' facts).
    pub fn collect<'a>(
        crates: impl IntoIterator<Item = (Option<&'a str>, Vec<&'a FileFacts>)>,
    ) -> WorkspaceDerives {
        let mut derives = WorkspaceDerives::default();
        for (lib_name, files) in crates {
            let Some(lib_name) = lib_name else {
                continue;
            };
            for template in files.iter().flat_map(|facts| &facts.derive_templates) {
                derives
                    .conversions
                    .entry(format!("{lib_name}::{}", template.derive))
                    .or_default()
                    .extend(template.conversions.iter().cloned());
            }
        }
        derives
    }

    /// The sink kinds each implementation of `trait_name` that the derive at `path` generates
    /// is safe for.
    fn generated<'d>(
        &'d self,
        path: &str,
        trait_name: &'d str,
    ) -> impl Iterator<Item = &'d [SinkKind]> + 'd {
        self.conversions
            .get(path)
            .into_iter()
            .flatten()
            .filter(move |(name, _)| name == trait_name)
            .map(|(_, kinds)| kinds.as_slice())
    }
}

impl<'f> CrateIndex<'f> {
    /// Builds the index. `manifest`: how the crate's Cargo.toml depends on web frameworks. A
    /// crate is a server when it requires one, registers handlers outside tests, or imports a
    /// framework (or defines handlers) it does not declare as optional: an optional one backs a
    /// library's integration module, which may define handlers and middleware for the routers
    /// of other crates.
    pub fn build(files: Vec<&'f FileFacts>, manifest: ServerDependency) -> CrateIndex<'f> {
        let mut index = CrateIndex {
            on_request_path: files
                .iter()
                .map(|f| vec![false; f.functions.len()])
                .collect(),
            performs_operation: Vec::new(),
            files,
            by_path: HashMap::new(),
            by_suffix: HashMap::new(),
            methods_by_name: HashMap::new(),
            handler_by_reference: HashSet::new(),
            callers: HashMap::new(),
            request_input: RefCell::new(HashMap::new()),
            console: std::cell::OnceCell::new(),
            members: std::cell::OnceCell::new(),
            derives: None,
            is_server: manifest == ServerDependency::Required,
            manifest_sets_unsafe_policy: false,
        };
        for (file_index, facts) in index.files.iter().enumerate() {
            index.is_server |= facts.registers_handlers
                || (facts.imports_framework && manifest != ServerDependency::Optional);
            for (fn_index, function) in facts.functions.iter().enumerate() {
                if function.is_test {
                    continue;
                }
                let at = (file_index, fn_index);
                index
                    .by_path
                    .entry(function.path.as_str())
                    .or_default()
                    .push(at);
                index
                    .by_suffix
                    .entry(suffix(&function.path))
                    .or_default()
                    .push(at);
                if function.has_receiver {
                    index
                        .methods_by_name
                        .entry(function.name.as_str())
                        .or_default()
                        .push(at);
                }
                // A library whose framework is optional may define handlers for others to
                // route; only registering them (above) makes it a server.
                index.is_server |=
                    function.handler.is_some() && manifest != ServerDependency::Optional;
            }
        }
        index.mark_request_path();
        index.mark_operations();
        index.link_call_sites();
        index
    }

    /// The index, knowing what the derive macros of the run's crates generate.
    pub fn with_derives(mut self, derives: &'f WorkspaceDerives) -> CrateIndex<'f> {
        self.derives = Some(derives);
        self
    }

    /// The index, knowing whether the crate's manifest sets the `unsafe_code` lint
    /// (`[lints.rust] unsafe_code = "forbid"`).
    pub fn with_manifest_unsafe_policy(mut self, sets: bool) -> CrateIndex<'f> {
        self.manifest_sets_unsafe_policy = sets;
        self
    }

    /// The labels of [`Condition::PersistedBody`]: the privileged fields of the persisted type.
    fn persisted_body(&self, path: &str) -> Option<Vec<Label>> {
        let persisted = || self.files.iter().flat_map(|facts| &facts.persisted_types);
        let declared = || self.files.iter().flat_map(|facts| &facts.declared_structs);
        // A path through an inline module the imports do not know (`parcel::Model`) ends the
        // declared one (`crate::tracking::parcel::Model`).
        let suffix = format!("::{path}");
        let mut matching =
            declared().filter(|declared| *declared == path || declared.ends_with(&suffix));
        let exact = matching.next();
        let found = if let Some(exact) = exact {
            if matching.next().is_some() {
                return None;
            }
            persisted().find(|ty| &ty.path == exact)?
        } else if path.starts_with("crate::") {
            // A path of this crate that names no struct (a glob import, a re-export): the one
            // struct of the crate with that name, if it is persisted. A type of another crate
            // (`proto::User`) is never this crate's entity.
            let name = path.rsplit("::").next().unwrap_or(path);
            let same_name = |declared: &&String| declared.rsplit("::").next() == Some(name);
            if declared().filter(same_name).count() != 1 {
                return None;
            }
            persisted().find(|ty| ty.name() == name)?
        } else {
            return None;
        };
        Some(
            found
                .privileged
                .iter()
                .map(|(field, location)| Label {
                    location: location.clone(),
                    message: format!(
                        "`{field}` of `{}` (`{}`), which the client can set",
                        found.name(),
                        found.persistence
                    ),
                })
                .collect(),
        )
    }

    fn link_call_sites(&mut self) {
        let mut callers: HashMap<FnRef, Vec<(usize, usize)>> = HashMap::new();
        for (file_index, facts) in self.files.iter().enumerate() {
            for (site_index, site) in facts.call_sites.iter().enumerate() {
                for target in self.resolve(&site.callee) {
                    callers
                        .entry(target)
                        .or_default()
                        .push((file_index, site_index));
                }
            }
            for target in &facts.handler_refs {
                for (file, function) in self.resolve_path(target) {
                    if self.files[file].functions[function].handler.is_none() {
                        self.handler_by_reference.insert((file, function));
                    }
                }
            }
        }
        self.callers = callers;
    }

    pub fn is_server(&self) -> bool {
        self.is_server
    }

    /// Whether a deferred finding of file `file_index` holds, for a crate checked alone.
    #[cfg(test)]
    fn holds(&self, file_index: usize, condition: &Condition) -> bool {
        self.resolve_condition(Members::default(), file_index, condition)
            .is_some()
    }

    /// Whether a deferred finding holds, with the labels it gains when it does (the flow of
    /// request input through other functions, files and member crates).
    pub fn resolve_condition(
        &self,
        members: Members<'_, '_>,
        file_index: usize,
        condition: &Condition,
    ) -> Option<Vec<Label>> {
        let holds = |yes: bool| yes.then(Vec::new);
        match condition {
            Condition::InRequestPath(function) => {
                holds(self.on_request_path[file_index][*function])
            }
            Condition::ServesRequest(function) => holds(
                (self.is_server && self.on_request_path[file_index][*function])
                    || self.reached_from_members((file_index, *function)),
            ),
            Condition::ServerCrate => holds(self.is_server),
            Condition::PersistedBody(path) => self.persisted_body(path),
            Condition::UnsafePolicySet => holds(
                self.manifest_sets_unsafe_policy
                    || self.files.iter().any(|facts| facts.sets_unsafe_policy),
            ),
            Condition::PathsNormalized => holds(self.paths_normalized()),
            Condition::RoutePathFixed(function) => {
                holds(self.route_path_fixed((file_index, *function)))
            }
            Condition::ConsoleOutput(site) => holds(self.is_console_output(file_index, site)),
            Condition::CalleeBlocks(call) => holds(
                self.callee_facts(members, call)
                    .iter()
                    .any(|callee| callee.blocking_call.is_some()),
            ),
            Condition::MacroDiverges(name) => holds(
                self.files
                    .iter()
                    .any(|file| file.diverging_macros.iter().any(|m| m == name)),
            ),
            Condition::CalleeQueries(call) => holds(
                self.callee_facts(members, call)
                    .iter()
                    .any(|callee| callee.makes_query),
            ),
            Condition::CallersBoundItsWait(function) => {
                holds(self.callers_bound_wait((file_index, *function)))
            }
            Condition::CalleeFailsUnlogged(call) => holds(
                self.callee_facts(members, call)
                    .iter()
                    .any(|callee| callee.returns_result && !callee.logs_its_errors),
            ),
            Condition::All(conditions) => {
                let mut labels = Vec::new();
                for condition in conditions {
                    labels.extend(self.resolve_condition(members, file_index, condition)?);
                }
                Some(labels)
            }
            Condition::Any(conditions) => conditions
                .iter()
                .find_map(|condition| self.resolve_condition(members, file_index, condition)),
            Condition::PerformsOperation(calls) => holds(calls.iter().any(|call| {
                self.resolve(call)
                    .iter()
                    .any(|&(file, function)| self.performs_operation[file][function])
            })),
            Condition::Not(condition) => holds(
                self.resolve_condition(members, file_index, condition)
                    .is_none(),
            ),
            Condition::ExtensionMayBeMissing(type_name) => holds(self.files.iter().any(|facts| {
                facts.conditional_extension_inserts.iter().any(|inserted| {
                    inserted.is_none() || type_name.is_none() || inserted == type_name
                })
            })),
            Condition::CalleeFillsField { call, field } => {
                let callees = self.callee_facts(members, call);
                holds(
                    !callees.is_empty()
                        && callees
                            .iter()
                            .all(|callee| callee.filled_fields.contains(field)),
                )
            }
            Condition::CrateCallsMethod(patterns) => holds(self.calls_method(patterns)),
            Condition::CrateCallsFunction(suffixes) => holds(self.calls_function(suffixes)),
            Condition::PrintsCredentials(types) => holds(
                types
                    .iter()
                    .any(|ty| self.files.iter().any(|f| f.credential_types.contains(ty))),
            ),
            Condition::RouteFilledField { type_name, field } => {
                holds(self.is_route_filled(type_name, field))
            }
            Condition::NonLiteralArgument { function, param } => {
                holds(self.passes_non_literal((file_index, *function), *param))
            }
            Condition::Unguarded(function, kind) => {
                holds(!self.guards(members, (file_index, *function), *kind))
            }
            Condition::CallersExclude(function, arm) => {
                holds(self.callers_exclude((file_index, *function), arm))
            }
            Condition::RequestInput {
                function,
                origins,
                kind,
            } => origins.iter().find_map(|origin| {
                let flow = self.origin_is_input(
                    members,
                    (file_index, *function),
                    *origin,
                    *kind,
                    &mut Vec::new(),
                )?;
                // A source in the function itself is already among the finding's steps.
                Some(if matches!(origin, Origin::Source(_)) {
                    Vec::new()
                } else {
                    flow
                })
            }),
        }
    }

    /// The functions a call may reach, in the crate or (by path) in another member crate.
    fn callee_facts<'s>(&'s self, members: Members<'s, '_>, call: &CallRef) -> Vec<&'s FnFact> {
        let local = self
            .resolve(call)
            .into_iter()
            .map(|(file, function)| &self.files[file].functions[function]);
        let linked =
            self.member_targets(call)
                .iter()
                .filter_map(move |&(other, (file, function))| {
                    Some(&members.get(other)?.files[file].functions[function])
                });
        local.chain(linked).collect()
    }

    /// Whether a function of the crate or a static's initialiser calls a method matching one
    /// of the patterns (`name` or `name/arity`).
    fn calls_method(&self, patterns: &[String]) -> bool {
        let patterns: Vec<CallPattern> = patterns.iter().map(|p| CallPattern::parse(p)).collect();
        self.calls_any(|call| match call {
            CallRef::Method { name, args } => patterns.iter().any(|p| p.matches(name, *args)),
            CallRef::SelfMethod { name, .. } => patterns.iter().any(|p| p.name == *name),
            CallRef::Path(_) => false,
        })
    }

    /// Whether a function of the crate (or a static's initialiser) calls a function whose
    /// canonical path ends with one of `suffixes`.
    fn calls_function(&self, suffixes: &[String]) -> bool {
        self.calls_any(|call| match call {
            CallRef::Path(path) => {
                let segments: Vec<String> = path.split("::").map(str::to_string).collect();
                crate::semantic::models::security::matches_any(suffixes, &segments)
            }
            _ => false,
        })
    }

    /// Whether a call of the crate's non-test functions or statics' initialisers matches.
    fn calls_any(&self, matches: impl Fn(&CallRef) -> bool) -> bool {
        self.files.iter().any(|facts| {
            facts.static_calls.iter().any(|(_, call)| matches(call))
                || facts
                    .functions
                    .iter()
                    .filter(|function| !function.is_test)
                    .any(|function| {
                        function
                            .calls
                            .iter()
                            .chain(&function.once_calls)
                            .any(&matches)
                    })
        })
    }

    /// Whether a field of the type written `type_name` (or the type it renames, through the
    /// crate's renaming imports and aliases) is one a crate extractor fills per route.
    fn is_route_filled(&self, type_name: &str, field: &str) -> bool {
        self.type_names(type_name).iter().any(|name| {
            self.files.iter().any(|facts| {
                facts
                    .route_filled_fields
                    .iter()
                    .any(|(ty, f)| ty == name && f == field)
            })
        })
    }

    /// Whether the type written `type_name` is (or renames) one of the crate's own extractors:
    /// its values are built from the request.
    fn is_crate_extractor(&self, type_name: &str) -> bool {
        self.type_names(type_name).iter().any(|name| {
            self.files
                .iter()
                .any(|facts| facts.request_extractors.iter().any(|ty| ty == name))
        })
    }

    /// `type_name` and the types it renames, through the crate's renaming imports and aliases.
    fn type_names<'a>(&'a self, type_name: &'a str) -> Vec<&'a str> {
        let mut names = vec![type_name];
        let mut at = 0;
        while at < names.len() {
            let name = names[at];
            at += 1;
            for facts in &self.files {
                for (renamed, target) in &facts.type_renames {
                    if renamed == name && !names.contains(&target.as_str()) {
                        names.push(target);
                    }
                }
            }
        }
        names
    }

    /// Whether `origin`, in the context of `function`, may be request input; the labels show
    /// how it gets there (source first).
    fn origin_is_input(
        &self,
        members: Members<'_, '_>,
        function: FnRef,
        origin: Origin,
        kind: SinkKind,
        visiting: &mut Visiting,
    ) -> Option<Vec<Label>> {
        if let Some(known) = self.request_input.borrow().get(&(function, origin, kind)) {
            return known.clone();
        }
        let step = (self.member(), function, origin);
        if visiting.contains(&step) || visiting.len() >= MAX_FLOW_DEPTH {
            return None;
        }
        visiting.push(step);
        let found = self.trace_origin(members, function, origin, kind, visiting);
        visiting.pop();
        self.request_input
            .borrow_mut()
            .insert((function, origin, kind), found.clone());
        found
    }

    /// Whether a function has callers, and every call of it from production code hands its
    /// future to a timeout (`timeout(delay, check_api(..))`).
    fn callers_bound_wait(&self, at: FnRef) -> bool {
        let mut calls = 0;
        for (file, function) in self.functions_where(|f| !f.is_test) {
            let fact = &self.files[file].functions[function];
            let calling = |call: &&CallRef| self.resolve(call).contains(&at);
            let made = fact.calls.iter().filter(calling).count();
            if made == 0 {
                continue;
            }
            if fact.bounded_calls.iter().filter(calling).count() < made {
                return false;
            }
            calls += made;
        }
        calls > 0
    }

    /// Whether the crate installs a middleware that merges repeated slashes in request paths.
    fn paths_normalized(&self) -> bool {
        self.files.iter().any(|facts| facts.normalizes_paths)
    }

    /// Whether a function is a handler only reached by request paths with a fixed start.
    fn route_path_fixed(&self, at: FnRef) -> bool {
        self.files.iter().any(|facts| {
            facts
                .fixed_path_handlers
                .iter()
                .any(|path| self.resolve_path(path).contains(&at))
        })
    }

    /// Whether the `index`-th argument of a call site is the request's own path in a crate whose
    /// middleware merges repeated slashes: no part of it holds `//`, so what a helper computes
    /// from it (crates.io's `redirect_target(req.uri().path(), ..)` stripping a prefix) stays a
    /// path on this site. A route with a fixed start is not enough here: `/old//evil.example`
    /// reaches `/old/{*page}`, and stripping `/old` leaves `//evil.example`.
    fn own_path_argument_is_local(
        &self,
        site: &crate::semantic::facts::CallSite,
        index: usize,
        kind: SinkKind,
    ) -> bool {
        kind == SinkKind::Redirect
            && site.own_path.get(index) == Some(&true)
            && self.paths_normalized()
    }

    fn trace_origin(
        &self,
        members: Members<'_, '_>,
        (file, function): FnRef,
        origin: Origin,
        kind: SinkKind,
        visiting: &mut Visiting,
    ) -> Option<Vec<Label>> {
        let facts = self.files[file];
        match origin {
            Origin::Source(id) => {
                let source = facts.sources.get(id as usize)?;
                if source.safe_for.contains(&kind) {
                    return None;
                }
                if source
                    .converted_by
                    .as_ref()
                    .is_some_and(|conversion| self.converts_safely(conversion, kind))
                {
                    return None;
                }
                let message = match source.kind {
                    SourceKind::Request => "request input enters here",
                    // A server's arguments are whatever its operator chose.
                    SourceKind::CommandLine if self.is_server => return None,
                    SourceKind::CommandLine => "command-line input enters here",
                };
                Some(vec![Label {
                    location: source.location.clone(),
                    message: format!("{message} ({})", source.description),
                }])
            }
            Origin::Param(index) => {
                let param = facts.functions[function].params.get(usize::from(index))?;
                let of_extractor = || {
                    param
                        .type_name
                        .as_deref()
                        .is_some_and(|name| self.is_crate_extractor(name))
                };
                let extracted = param.is_input && of_extractor();
                // A handler's parameter the framework extracts but does not model is input
                // only as one of the crate's own extractors; its callers (if any) do not
                // pass it.
                let handler = facts.functions[function].handler.is_some()
                    && !facts.conversions.iter().any(|c| c.function == function);
                if handler && !extracted {
                    return None;
                }
                if extracted
                    || (param.is_input && self.handler_by_reference.contains(&(file, function)))
                {
                    return Some(vec![Label {
                        location: param.location.clone(),
                        message: "request input enters here (handler parameter)".to_string(),
                    }]);
                }
                // Callers in other member crates are not followed (see `index::members`).
                self.callers
                    .get(&(file, function))?
                    .iter()
                    .find_map(|&site| self.argument_is_input(members, site, index, kind, visiting))
            }
            Origin::Call(id) | Origin::Element(id, _) => {
                let element = match origin {
                    Origin::Element(_, element) => Some(usize::from(element)),
                    _ => None,
                };
                let site = facts.call_sites.get(id as usize)?;
                let caller = (file, function);
                let local = self.resolve(&site.callee);
                let linked = self.member_targets(&site.callee);
                let mut labels = if local.is_empty() && linked.is_empty() {
                    // Not a function of the workspace. A method's own semantics were applied
                    // where it was called; a function's result carries its arguments' taint.
                    if matches!(site.callee, CallRef::Method { .. }) {
                        return None;
                    }
                    site.args
                        .iter()
                        .enumerate()
                        .filter(|(index, _)| !self.own_path_argument_is_local(site, *index, kind))
                        .flat_map(|(_, arg)| arg)
                        .find_map(|o| self.origin_is_input(members, caller, *o, kind, visiting))?
                } else {
                    let mut targets: Vec<(&CrateIndex<'_>, FnRef)> =
                        local.into_iter().map(|target| (self, target)).collect();
                    targets.extend(
                        linked
                            .iter()
                            .filter_map(|&(other, target)| Some((members.get(other)?, target))),
                    );
                    let argument = |index: usize, visiting: &mut Visiting| {
                        if self.own_path_argument_is_local(site, index, kind) {
                            return None;
                        }
                        site.args
                            .get(index)?
                            .iter()
                            .find_map(|o| self.origin_is_input(members, caller, *o, kind, visiting))
                    };
                    targets.into_iter().find_map(|(callee_index, target)| {
                        callee_index
                            .returned_input(members, target, element, kind, visiting, &argument)
                    })?
                };
                labels.push(Label {
                    location: site.location.clone(),
                    message: format!("returned by `{}` here", site.name),
                });
                Some(labels)
            }
        }
    }

    /// Whether the function `target` of this crate may return request input for `kind` (in
    /// the element-th part of what it returns, for a destructured tuple): input it finds
    /// itself, or, for a returned parameter, the caller's argument (`argument` judges it in
    /// the caller's crate). Not when it checks what it returns (`FileAccess::new(path)`
    /// calling `validate_path(path)?`).
    fn returned_input(
        &self,
        members: Members<'_, '_>,
        target: FnRef,
        element: Option<usize>,
        kind: SinkKind,
        visiting: &mut Visiting,
        argument: &dyn Fn(usize, &mut Visiting) -> Option<Vec<Label>>,
    ) -> Option<Vec<Label>> {
        if self.guards(members, target, kind) {
            return None;
        }
        let callee = &self.files[target.0].functions[target.1];
        let returned = match element {
            Some(element) if !callee.returns_other => callee
                .element_returns
                .get(element)
                .unwrap_or(&callee.returns),
            _ => &callee.returns,
        };
        let safe_in_return = |origin: &Origin| {
            element.is_none()
                && callee
                    .returned_origins_safe_for
                    .iter()
                    .any(|(known, safe)| known == origin && safe.contains(&kind))
        };
        returned.iter().find_map(|returned| match returned {
            origin if safe_in_return(origin) => None,
            Origin::Param(index) => argument(usize::from(*index), visiting),
            other => self.origin_is_input(members, target, *other, kind, visiting),
        })
    }

    /// Whether the `index`-th argument of a call site of this crate, (file, site), may be
    /// request input for `kind`, with the flow into the call (labels, source first).
    fn argument_is_input(
        &self,
        members: Members<'_, '_>,
        (caller_file, site_index): (usize, usize),
        index: u16,
        kind: SinkKind,
        visiting: &mut Visiting,
    ) -> Option<Vec<Label>> {
        let site = &self.files[caller_file].call_sites[site_index];
        // Tests and examples drive library code with input of their own.
        if self.files[caller_file].functions[site.caller].is_test {
            return None;
        }
        let arg = site.args.get(usize::from(index))?;
        let sanitized = site.sanitized.get(usize::from(index));
        if sanitized.is_some_and(|kinds| kinds.contains(&kind)) {
            return None;
        }
        let caller = (caller_file, site.caller);
        let mut labels = arg
            .iter()
            .find_map(|o| self.origin_is_input(members, caller, *o, kind, visiting))?;
        labels.push(Label {
            location: site.location.clone(),
            message: format!("passed to `{}` here", site.name),
        });
        Some(labels)
    }

    /// Whether the crate implements a conversion from text (`impl FromParam for FileId`), and
    /// every implementation of it returns values safe for `kind`: it parses
    /// (`Uuid::parse_str(p).map(Self)`) or checks (`if p.chars().all(..) { Ok(Self(p.into()))
    /// }`). An implementation a derive generates counts when the derive is defined in a crate
    /// of the run, whose template is judged the same way; one the run does not show (a macro
    /// of a dependency) is not known to check anything.
    fn converts_safely(&self, conversion: &Conversion, kind: SinkKind) -> bool {
        let written = self
            .files
            .iter()
            .flat_map(|facts| &facts.conversions)
            .filter(|found| found.conversion == *conversion)
            .map(|found| found.safe_for.as_slice());
        let derived = self
            .files
            .iter()
            .flat_map(|facts| &facts.type_derives)
            .filter(|derive| derive.type_name == conversion.type_name)
            .flat_map(|derive| {
                self.derives
                    .into_iter()
                    .flat_map(|derives| derives.generated(&derive.derive, &conversion.trait_name))
            });
        let mut implementations = written.chain(derived).peekable();
        implementations.peek().is_some() && implementations.all(|safe_for| safe_for.contains(&kind))
    }

    /// Whether every call of `target` passes, for the arm's parameter, a value an early exit
    /// before the call ruled the arm's variants out for (see [`Condition::CallersExclude`]). A
    /// handler, a function a router registers, or one with no call in the crate has callers
    /// the crate does not show; a function passed by name is recorded as a call without
    /// exclusions. Test code is not counted: it never serves a request.
    fn callers_exclude(&self, target: FnRef, arm: &ParamArm) -> bool {
        let fact = &self.files[target.0].functions[target.1];
        let registered = self
            .files
            .iter()
            .flat_map(|facts| &facts.handler_refs)
            .any(|path| self.resolve_path(path).contains(&target));
        if fact.handler.is_some() || fact.has_receiver || registered {
            return false;
        }
        let excludes = |excluded: &[(u16, bool, String)]| {
            arm.variants.iter().all(|variant| {
                excluded.iter().any(|(index, inner, name)| {
                    (*index, *inner) == (arm.index, arm.inner) && name == variant
                })
            })
        };
        let mut calls = 0;
        for facts in &self.files {
            for caller in facts.functions.iter().filter(|f| !f.is_test) {
                let calling = |call: &CallRef| self.resolve(call).contains(&target);
                let made = caller.calls.iter().filter(|call| calling(call)).count()
                    + caller
                        .once_calls
                        .iter()
                        .filter(|call| calling(call))
                        .count();
                let excluding = caller
                    .call_exclusions
                    .iter()
                    .filter(|site| calling(&site.callee) && excludes(&site.excluded))
                    .count();
                if excluding < made {
                    return false;
                }
                calls += made;
            }
        }
        calls > 0
    }

    /// Whether some call of `function` in the crate (tests aside) passes something other than a
    /// string literal as its `param`-th argument, or no call of it is known.
    fn passes_non_literal(&self, function: FnRef, param: usize) -> bool {
        let mut calls = 0;
        for (file, facts) in self.files.iter().enumerate() {
            for (caller, fact) in facts.functions.iter().enumerate() {
                if fact.is_test || (file, caller) == function {
                    continue;
                }
                for (call, literal) in &fact.literal_args {
                    if !self.resolve(call).contains(&function) {
                        continue;
                    }
                    calls += 1;
                    if !literal.get(param).copied().unwrap_or(false) {
                        return true;
                    }
                }
            }
        }
        calls == 0
    }

    /// Whether a function checks its values for a sink kind itself, or checks the result of a
    /// crate function that does (a validator: `validate_path(path)?`). One level only: a check
    /// further away is too loosely tied to the values at hand.
    fn guards(&self, members: Members<'_, '_>, (file, function): FnRef, kind: SinkKind) -> bool {
        let fact = &self.files[file].functions[function];
        fact.guarded_kinds.contains(&kind)
            || fact.checked_calls.iter().any(|call| {
                self.callee_facts(members, call)
                    .iter()
                    .any(|callee| callee.guarded_kinds.contains(&kind))
            })
    }

    /// The crate functions a call may reach.
    pub fn resolve(&self, call: &CallRef) -> Vec<FnRef> {
        match call {
            CallRef::Path(path) => self.resolve_path(path),
            CallRef::SelfMethod { self_type, name } => self
                .by_path
                .get(format!("{self_type}::{name}").as_str())
                .cloned()
                .unwrap_or_default(),
            CallRef::Method { name, args } => {
                if UBIQUITOUS_METHODS.contains(&name.as_str()) {
                    return Vec::new();
                }
                match self.methods_by_name.get(name.as_str()) {
                    Some(candidates) if candidates.len() <= MAX_METHOD_CANDIDATES => candidates
                        .iter()
                        .copied()
                        .filter(|&(file, function)| {
                            // The receiver is the first parameter.
                            self.files[file].functions[function].params.len() == args + 1
                        })
                        .collect(),
                    _ => Vec::new(),
                }
            }
        }
    }

    fn resolve_path(&self, path: &str) -> Vec<FnRef> {
        if let Some(exact) = self.by_path.get(path) {
            return exact.clone();
        }
        if path.matches("::").count() >= 2 || !path.starts_with("crate") {
            if let Some(candidates) = self.by_suffix.get(&suffix(path)) {
                if candidates.len() == 1 {
                    return candidates.clone();
                }
            }
        }
        Vec::new()
    }

    /// The crate's functions, tests aside, that satisfy `wanted`.
    fn functions_where(&self, wanted: impl Fn(&FnFact) -> bool) -> Vec<FnRef> {
        let mut found = Vec::new();
        for (file_index, facts) in self.files.iter().enumerate() {
            for (fn_index, function) in facts.functions.iter().enumerate() {
                if !function.is_test && wanted(function) {
                    found.push((file_index, fn_index));
                }
            }
        }
        found
    }

    /// Marks handlers and everything reachable from them, breadth first. Calls made once per
    /// process ([`FnFact::once_calls`]) are not followed.
    /// Marks the functions that perform an external operation, themselves or through the
    /// crate functions they call (calls made once per process do not count).
    fn mark_operations(&mut self) {
        let mut callers: HashMap<FnRef, Vec<FnRef>> = HashMap::new();
        let mut queue: VecDeque<FnRef> = VecDeque::new();
        let mut marked: Vec<Vec<bool>> = Vec::with_capacity(self.files.len());
        for (file_index, facts) in self.files.iter().enumerate() {
            marked.push(vec![false; facts.functions.len()]);
            for (fn_index, function) in facts.functions.iter().enumerate() {
                if function.is_test {
                    continue;
                }
                if function.performs_operation {
                    queue.push_back((file_index, fn_index));
                }
                for call in &function.calls {
                    for target in self.resolve(call) {
                        callers
                            .entry(target)
                            .or_default()
                            .push((file_index, fn_index));
                    }
                }
            }
        }
        while let Some((file, function)) = queue.pop_front() {
            if std::mem::replace(&mut marked[file][function], true) {
                continue;
            }
            queue.extend(callers.get(&(file, function)).into_iter().flatten());
        }
        self.performs_operation = marked;
    }

    fn mark_request_path(&mut self) {
        let mut queue: VecDeque<FnRef> = VecDeque::new();
        for (file_index, facts) in self.files.iter().enumerate() {
            for (fn_index, function) in facts.functions.iter().enumerate() {
                if function.handler.is_some() && !function.is_test {
                    queue.push_back((file_index, fn_index));
                }
            }
            for target in &facts.handler_refs {
                queue.extend(self.resolve_path(target));
            }
        }
        while let Some((file, function)) = queue.pop_front() {
            if std::mem::replace(&mut self.on_request_path[file][function], true) {
                continue;
            }
            for call in &self.files[file].functions[function].calls {
                for target in self.resolve(call) {
                    if !self.on_request_path[target.0][target.1] {
                        queue.push_back(target);
                    }
                }
            }
        }
    }
}

/// The last two segments of a path (`crate::repo::find_user` → `repo::find_user`).
fn suffix(path: &str) -> String {
    let mut parts = path.rsplit("::");
    let last = parts.next().unwrap_or_default();
    match parts.next() {
        Some(parent) => format!("{parent}::{last}"),
        None => last.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::facts::{FnFact, HandlerEvidence};

    fn function(path: &str, calls: Vec<CallRef>) -> FnFact {
        FnFact {
            path: path.to_string(),
            name: path.rsplit("::").next().unwrap().to_string(),
            self_type: None,
            has_receiver: false,
            returns_result: false,
            handler: None,
            is_test: false,
            calls,
            once_calls: Vec::new(),
            params: Vec::new(),
            returns: Vec::new(),
            returned_origins_safe_for: Vec::new(),
            element_returns: Vec::new(),
            returns_other: false,
            checked_calls: Vec::new(),
            registers_routes: false,
            is_console: false,
            guarded_kinds: Vec::new(),
            literal_args: Vec::new(),
            blocking_call: None,
            output: Default::default(),
            call_exclusions: Vec::new(),
            flag_calls: Vec::new(),
            filled_fields: Vec::new(),
            logs_its_errors: false,
            bounded_calls: Vec::new(),
            performs_operation: false,
            makes_query: false,
        }
    }

    /// A parameter (its location does not matter here).
    fn param() -> crate::semantic::facts::ParamFact {
        let at = crate::diagnostic::LineCol { line: 1, column: 1 };
        crate::semantic::facts::ParamFact {
            is_input: false,
            type_name: None,
            location: crate::diagnostic::Location {
                file: "t.rs".into(),
                span: crate::diagnostic::Span {
                    start: at,
                    end: at,
                    byte_start: 0,
                    byte_end: 0,
                },
            },
        }
    }

    #[test]
    fn reachability_crosses_files_through_paths_and_methods() {
        let mut handler = function(
            "crate::handlers::create",
            vec![
                CallRef::Path("crate::repo::insert_user".into()),
                CallRef::Method {
                    name: "find_by_email".into(),
                    args: 1,
                },
            ],
        );
        handler.handler = Some(HandlerEvidence::Extractor);
        let handlers = FileFacts {
            functions: vec![handler, function("crate::handlers::unused", vec![])],
            ..Default::default()
        };
        let mut method = function("crate::repo::Repo::find_by_email", vec![]);
        method.has_receiver = true;
        method.params = vec![param(), param()];
        let repo = FileFacts {
            functions: vec![
                function(
                    "crate::repo::insert_user",
                    vec![CallRef::Path("crate::repo::helper".into())],
                ),
                function("crate::repo::helper", vec![]),
                method,
                function("crate::repo::startup_only", vec![]),
            ],
            ..Default::default()
        };
        let index = CrateIndex::build(vec![&handlers, &repo], ServerDependency::None);
        let on = |file, f| index.holds(file, &Condition::InRequestPath(f));
        assert!(on(0, 0));
        assert!(!on(0, 1));
        assert!(on(1, 0) && on(1, 1) && on(1, 2));
        assert!(!on(1, 3));
        assert!(index.is_server());
    }

    #[test]
    fn calls_made_once_per_process_do_not_extend_the_request_path() {
        let mut handler = function(
            "crate::web::index",
            vec![CallRef::Path("crate::web::shared".into())],
        );
        handler.handler = Some(HandlerEvidence::Extractor);
        handler.once_calls = vec![
            CallRef::Path("crate::web::init_only".into()),
            CallRef::Path("crate::web::shared".into()),
        ];
        let facts = FileFacts {
            functions: vec![
                handler,
                function("crate::web::init_only", vec![]),
                function("crate::web::shared", vec![]),
            ],
            ..Default::default()
        };
        let index = CrateIndex::build(vec![&facts], ServerDependency::None);
        assert!(!index.holds(0, &Condition::InRequestPath(1)));
        assert!(index.holds(0, &Condition::InRequestPath(2)));
    }

    #[test]
    fn an_optional_framework_makes_a_server_only_where_the_crate_registers_handlers() {
        let mut handler = function("crate::caps::status", vec![]);
        handler.handler = Some(HandlerEvidence::Extractor);
        let defines = FileFacts {
            functions: vec![handler],
            imports_framework: true,
            ..Default::default()
        };
        let library = CrateIndex::build(vec![&defines], ServerDependency::Optional);
        assert!(!library.is_server(), "a handler offered to other crates");
        let required = CrateIndex::build(vec![&defines], ServerDependency::Required);
        assert!(required.is_server());
        let routes = FileFacts {
            registers_handlers: true,
            ..Default::default()
        };
        let serving = CrateIndex::build(vec![&defines, &routes], ServerDependency::Optional);
        assert!(
            serving.is_server(),
            "a library that routes its own handlers"
        );
        let undeclared = CrateIndex::build(vec![&defines], ServerDependency::None);
        assert!(
            undeclared.is_server(),
            "a framework the manifest does not name"
        );
    }

    #[test]
    fn handler_refs_are_roots_and_ubiquitous_methods_do_not_link() {
        let mut get = function("crate::store::Store::get", vec![]);
        get.has_receiver = true;
        let store = FileFacts {
            functions: vec![get],
            ..Default::default()
        };
        let router = FileFacts {
            functions: vec![function(
                "crate::api::list",
                vec![CallRef::Method {
                    name: "get".into(),
                    args: 0,
                }],
            )],
            handler_refs: vec!["crate::api::list".into()],
            ..Default::default()
        };
        let index = CrateIndex::build(vec![&store, &router], ServerDependency::None);
        assert!(index.holds(1, &Condition::InRequestPath(0)));
        assert!(!index.holds(0, &Condition::InRequestPath(0)));
    }

    #[test]
    fn request_bodies_match_the_persisted_struct_they_name() {
        use crate::semantic::persisted_bodies::PersistedType;
        let entity = |path: &str| PersistedType {
            path: path.to_string(),
            persistence: "Insertable".to_string(),
            privileged: vec![("role".to_string(), param().location)],
        };
        let models = FileFacts {
            declared_structs: vec![
                "crate::models::User".into(),
                "crate::models::Profile".into(),
                "crate::api::Profile".into(),
                "crate::db::parcel::Model".into(),
            ],
            persisted_types: vec![
                entity("crate::models::User"),
                entity("crate::models::Profile"),
                entity("crate::db::parcel::Model"),
            ],
            ..Default::default()
        };
        let index = CrateIndex::build(vec![&models], ServerDependency::None);
        let body = |path: &str| index.holds(0, &Condition::PersistedBody(path.to_string()));
        assert!(body("crate::models::User"));
        // A glob import: the one struct of that name.
        assert!(body("crate::handlers::User"));
        // The DTO of the same name is not the entity, and a guess between two is not made.
        assert!(!body("crate::api::Profile"));
        assert!(!body("crate::handlers::Profile"));
        // Through an inline module the imports do not know.
        assert!(body("parcel::Model"));
        // Another crate's type of the same name.
        assert!(!body("proto::User"));
    }
}
