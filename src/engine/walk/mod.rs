//! The single traversal of a file: keeps the [`Scope`] ("where am I"), records the file's
//! facts (functions, calls, handler registrations, item line ranges), and hands each node to
//! the rules that asked for its kind. A rule that panics is caught, reported as an internal
//! error naming the rule and the file, and disabled for the rest of the file.

mod console;
mod flow;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

use syn::spanned::Spanned;
use syn::visit::{self, Visit};

use crate::rules::{FindingSink, FnNode, Node, NodeKind, Rule, RuleCx};
use crate::semantic::destination::NormaliserSigns;
use crate::semantic::facts::{
    CallExclusion, CallRef, FileFacts, FlagCall, FlagRequirement, FnFact, HandlerEvidence,
    LocalFnId, OutputFacts, ParamArm,
};
use crate::semantic::frameworks::{self, handler_evidence, is_routing_macro, routing_call};
use crate::semantic::models::models;
use crate::semantic::models::performance::any_matches;
use crate::semantic::syntax::{
    self, bindings, is_cfg_test, is_main_attr, is_test_fn, macro_args, returns_result,
};
use crate::semantic::taint::TaintEnv;
use crate::semantic::{
    extractor_fields, fallible_operations, features, guards, infallible, logged_errors, queries,
    request_extensions, returned_fields,
};
use crate::semantic::{FileKind, FileModel, Scope};
use flow::Param;

/// Rules bucketed by the node kinds they want, built once per run.
pub struct Dispatch {
    buckets: [Vec<&'static dyn Rule>; NodeKind::COUNT],
    /// The `[rules.<id>]` option tables of config, checked against each rule's page.
    options: BTreeMap<&'static str, toml::Table>,
}

impl Dispatch {
    pub fn new(rules: impl IntoIterator<Item = &'static dyn Rule>) -> Dispatch {
        let mut buckets: [Vec<&'static dyn Rule>; NodeKind::COUNT] = Default::default();
        for rule in rules {
            for kind in rule.interests() {
                buckets[kind.index()].push(rule);
            }
        }
        Dispatch {
            buckets,
            options: BTreeMap::new(),
        }
    }

    /// The rules' configured options (`[rules.<id>]` of config).
    pub fn with_options(mut self, options: BTreeMap<&'static str, toml::Table>) -> Dispatch {
        self.options = options;
        self
    }

    fn bucket(&self, kind: NodeKind) -> &[&'static dyn Rule] {
        &self.buckets[kind.index()]
    }
}

/// What the walk of one file produced.
pub struct WalkOutput {
    pub sink: FindingSink,
    pub facts: FileFacts,
    /// (first, last) line of every item, attributes included: suppressions attach to these.
    pub item_lines: Vec<(u32, u32)>,
    /// Rules that panicked on this file, with the panic message.
    pub panicked: Vec<(&'static str, String)>,
}

pub fn walk(file: &syn::File, model: &FileModel<'_>, dispatch: &Dispatch) -> WalkOutput {
    let module: Rc<[String]> = model.module().into();
    let mut walker = Walker {
        model,
        dispatch,
        scope: Scope {
            in_test: model.kind == FileKind::Test,
            module,
            ..Scope::default()
        },
        out: WalkOutput {
            sink: FindingSink::default(),
            facts: FileFacts::default(),
            item_lines: Vec::new(),
            panicked: Vec::new(),
        },
        routed_closures: Vec::new(),
        closure_inputs: None,
        in_macro_body: 0,
        in_discarded_check: false,
        envs: vec![TaintEnv::default()],
        top_statements: Vec::new(),
        pending_chains: std::collections::HashMap::new(),
    };
    walker.visit_file(file);
    // A test or example that starts a server says nothing about the crate it exercises.
    let production = matches!(model.kind, FileKind::Service | FileKind::Tool);
    walker.out.facts.command_line_types = walker.command_line_types();
    let facts = &mut walker.out.facts;
    facts.conditional_extension_inserts = request_extensions::conditional_inserts(file);
    facts.type_renames = model.imports.renamings();
    facts.type_renames.extend(model.types.renamings());
    facts.imports_framework = production && frameworks::uses_server_crate(&model.imports);
    facts.registers_handlers &= production;
    if production {
        (facts.declared_structs, facts.persisted_types) =
            crate::semantic::persisted_bodies::declared_structs(file, model);
    }
    facts.sets_unsafe_policy = model.kind == FileKind::Service
        && model.module() == ["crate"]
        && crate::semantic::unsafe_code::attributes_set_unsafe_policy(&file.attrs);
    walker.out
}

struct Walker<'a, 'm> {
    model: &'a FileModel<'m>,
    dispatch: &'a Dispatch,
    scope: Scope,
    out: WalkOutput,
    /// Closures passed to routing functions, by address, waiting to be visited.
    routed_closures: Vec<*const syn::ExprClosure>,
    /// The closure about to be visited as an iterator adapter's or combinator's argument
    /// (`ids.iter().map(|id| ..)`), by address, with what its parameters receive.
    closure_inputs: Option<ClosureInputs>,
    /// How many expressions parsed from macro bodies are being walked.
    in_macro_body: u32,
    /// The statement being walked throws a check's verdict away (`let _ = p.starts_with(b);`).
    in_discarded_check: bool,
    /// Taint environments: the module level, then one per function being walked.
    envs: Vec<TaintEnv>,
    /// Per function being walked, the byte ranges of the top-level statements of its body.
    top_statements: Vec<Vec<(usize, usize)>>,
    /// Method chains waiting for the call at their root to be met, by its address.
    pending_chains: std::collections::HashMap<*const syn::Expr, Vec<String>>,
}

/// What the parameters of a closure given to an adapter receive: the receiver's items.
struct ClosureInputs {
    closure: *const syn::ExprClosure,
    taint: crate::semantic::taint::Taint,
    enumerated: bool,
    /// What the first parameter receives instead, for `fold`: the initial value.
    accumulator: Option<crate::semantic::taint::Taint>,
    /// What the parameters derive from: the receiver and, for a call outside the server's
    /// code (`stmt.query_map(.., |row| ..)`), the call itself.
    derived: fallible_operations::Derivation,
}

/// Everything a function definition contributes, gathered before its body is walked.
struct FnHeader<'n> {
    node: FnNode<'n>,
    path: String,
    self_type: Option<String>,
    impl_trait: Option<&'n syn::Path>,
}

impl Walker<'_, '_> {
    fn dispatch(&mut self, node: Node<'_>) {
        for &rule in self.dispatch.bucket(node.kind()) {
            let id = rule.meta().id;
            if self
                .out
                .panicked
                .iter()
                .any(|(panicked, _)| *panicked == id)
            {
                continue;
            }
            let mut cx = RuleCx {
                file: self.model,
                scope: &self.scope,
                facts: &self.out.facts,
                env: self
                    .envs
                    .last()
                    .expect("the module-level environment is never popped"),
                rule: rule.meta(),
                options: self.dispatch.options.get(id),
                sink: &mut self.out.sink,
            };
            if let Err(payload) = catch_unwind(AssertUnwindSafe(|| rule.check(node, &mut cx))) {
                self.out
                    .panicked
                    .push((id, panic_message(payload.as_ref())));
            }
        }
    }

    fn record_item(&mut self, span: proc_macro2::Span) {
        let (start, end) = (span.start(), span.end());
        self.out
            .item_lines
            .push((start.line as u32, end.line as u32));
    }

    fn module_path(&self, name: &str) -> String {
        let mut path = self.scope.module.join("::");
        path.push_str("::");
        path.push_str(name);
        path
    }

    fn local_path(&self, path: &syn::Path) -> String {
        self.model.local_path(path, &self.scope.module)
    }

    fn walk_fn(&mut self, header: FnHeader<'_>, span: proc_macro2::Span) {
        self.record_item(span);
        let FnHeader {
            node,
            path,
            self_type,
            impl_trait,
        } = header;
        let is_test = self.scope.in_test || is_test_fn(node.attrs);
        let at_root = self.scope.module.len() == 1;
        let is_main = (at_root && node.sig.ident == "main" && self_type.is_none())
            || is_main_attr(node.attrs);
        let handler = if is_test || is_main {
            None
        } else {
            handler_evidence(&self.model.imports, node.attrs, node.sig, impl_trait)
        };
        let route = handler
            .is_some()
            .then(|| frameworks::route_of(&self.model.imports, node.attrs))
            .flatten();
        if route.as_ref().is_some_and(|route| route.fixed_start) {
            self.out.facts.fixed_path_handlers.push(path.clone());
        }
        let implemented = impl_trait.zip(self_type.clone());
        let id = self.push_fn(FnFact {
            path,
            name: node.sig.ident.to_string(),
            self_type,
            has_receiver: node.sig.receiver().is_some(),
            returns_result: returns_result(node.sig),
            handler,
            is_test,
            calls: Vec::new(),
            once_calls: Vec::new(),
            params: Vec::new(),
            returns: Vec::new(),
            returned_origins_safe_for: Vec::new(),
            element_returns: Vec::new(),
            returns_other: false,
            checked_calls: Vec::new(),
            registers_routes: false,
            is_console: self.model.kind == FileKind::Tool
                || self.scope.in_cli_module()
                || self.scope.in_logger_impl(),
            guarded_kinds: Vec::new(),
            literal_args: Vec::new(),
            blocking_call: None,
            output: self.output_facts(node.sig, is_main),
            call_exclusions: Vec::new(),
            flag_calls: Vec::new(),
            filled_fields: returned_fields::always_filled_fields(node.body),
            logs_its_errors: returns_result(node.sig)
                && logged_errors::every_error_logged(node.body),
            bounded_calls: Vec::new(),
            performs_operation: false,
            makes_query: false,
        });
        let command_line_params = self.command_line_params(node.sig, handler.is_some());
        if let Some((trait_path, self_type)) = implemented {
            self.note_conversion(trait_path, &self_type, id);
        }
        let params: Vec<String> = node
            .sig
            .inputs
            .iter()
            .filter_map(|input| match input {
                syn::FnArg::Typed(typed) => Some(bindings(&typed.pat)),
                syn::FnArg::Receiver(_) => None,
            })
            .flatten()
            .map(|ident| ident.to_string())
            .collect();
        let param_types: Vec<(String, Vec<String>)> = node
            .sig
            .inputs
            .iter()
            .filter_map(|input| match input {
                syn::FnArg::Typed(typed) => Some(typed),
                syn::FnArg::Receiver(_) => None,
            })
            .flat_map(|typed| {
                let mut types = Vec::new();
                crate::semantic::console::mentions_type(&typed.ty, &mut |name: &str| {
                    types.push(name.to_string());
                });
                bindings(&typed.pat)
                    .into_iter()
                    .map(move |ident| (ident.to_string(), types.clone()))
            })
            .collect();
        let saved = self.scope.clone();
        self.allow_lints(node.attrs);
        self.note_cfg(node.attrs);
        self.scope.function = Some(id);
        self.scope.param_types = param_types.into();
        self.scope.in_test = is_test;
        self.scope.in_main = is_main;
        self.scope.in_const = false;
        self.scope.in_async = node.sig.asyncness.is_some();
        self.scope.in_async_fn = self.scope.in_async;
        self.scope.loop_depth = 0;
        self.scope.normaliser = NormaliserSigns::default();
        self.scope.params = params.into();
        self.scope.in_once_init = false;
        self.scope.logger_ready = false;
        self.scope.logger_builders = Vec::new();
        self.scope.constant_locals = Vec::new();
        self.scope.derived_operations = Vec::new();
        self.scope.known_some = Vec::new();
        self.scope.local_values = Vec::new();
        self.scope.fresh_splits = Vec::new();
        self.scope.excluded_variants = Vec::new();
        self.scope.rejected_combinations = Vec::new();
        self.scope.else_chain = None;
        let params = free_fn_params(node.sig);
        let body = (!params.is_empty()).then(|| guards::Region::of(node.body));
        self.scope.param_values = params
            .into_iter()
            .filter(|(name, _, _)| body.as_ref().is_some_and(|body| !body.may_change(name)))
            .collect();
        self.scope.param_arm = None;
        self.scope.flag_requirements = Vec::new();
        self.scope.in_impossible_branch = false;
        self.scope.error_origins = Vec::new();
        self.note_typed_params(node.sig.inputs.iter().filter_map(|input| match input {
            syn::FnArg::Typed(typed) => Some((&*typed.pat, &*typed.ty)),
            syn::FnArg::Receiver(_) => None,
        }));
        self.scope.command_line_locals = command_line_params;
        self.scope.text_locals = Vec::new();
        self.scope.returned_errors = Vec::new();
        self.scope.command_line_branch = None;
        self.scope.on_terminal = false;
        self.scope.reports_env_file = false;
        self.scope.static_item = None;
        let inputs: Vec<Param<'_>> = node
            .sig
            .inputs
            .iter()
            .map(|input| match input {
                syn::FnArg::Typed(typed) => Param {
                    pat: Some(&typed.pat),
                    ty: Some(&typed.ty),
                    span: typed.pat.span(),
                },
                syn::FnArg::Receiver(receiver) => Param {
                    pat: None,
                    ty: None,
                    span: receiver.span(),
                },
            })
            .collect();
        self.enter_params(&inputs, handler, route.as_ref());
        self.dispatch(Node::Fn(node));
        self.enter_body(&node.body.stmts);
        self.visit_block(node.body);
        self.top_statements.pop();
        self.leave_function(syntax::block_value(node.body));
        if self.scope.normaliser.merges_slashes() {
            self.out.facts.normalizes_paths = true;
        }
        self.scope = saved;
    }

    fn push_fn(&mut self, function: FnFact) -> LocalFnId {
        self.out.facts.functions.push(function);
        self.out.facts.functions.len() - 1
    }

    fn record_call(&mut self, call: CallRef) {
        self.record_call_once_if(call, false);
    }

    /// Records a call of the current function; `once` when it runs once per process (a
    /// function handed to `LazyLock::new`), as everything inside an initialiser does.
    fn record_call_once_if(&mut self, call: CallRef, once: bool) {
        if let (None, Some(item)) = (self.scope.function, &self.scope.static_item) {
            let item = item.to_string();
            self.out.facts.static_calls.push((item, call));
            return;
        }
        if let Some(id) = self.scope.function {
            self.record_branch_call(&call);
            let function = &mut self.out.facts.functions[id];
            if once || self.scope.in_once_init || self.scope.in_const {
                function.once_calls.push(call);
            } else {
                function.calls.push(call);
            }
        }
    }

    /// Starts a function body: the byte ranges of its top-level statements.
    fn enter_body(&mut self, stmts: &[syn::Stmt]) {
        let ranges = stmts
            .iter()
            .map(|stmt| {
                let span = self.model.source.span_of(stmt.span());
                (span.byte_start, span.byte_end)
            })
            .collect();
        self.top_statements.push(ranges);
    }

    /// The current function registers routes: it builds (part of) the server. Registering
    /// handlers outside tests makes the crate a server; middleware alone (a library's
    /// `from_fn` layer for the routers of others) does not.
    fn note_routes(&mut self, middleware: bool) {
        if let Some(function) = self.scope.function {
            self.out.facts.functions[function].registers_routes = true;
        }
        self.out.facts.registers_handlers |= !middleware && !self.scope.in_test;
    }

    /// `timeout(delay, check_api(..))`: the call whose future a timeout bounds (see
    /// [`FnFact::bounded_calls`]).
    fn note_bounded_call(&mut self, expr: &syn::Expr) {
        let (Some(id), syn::Expr::Call(wrapper)) = (self.scope.function, expr) else {
            return;
        };
        let syn::Expr::Path(func) = syntax::peel(&wrapper.func) else {
            return;
        };
        let timeouts = &models().performance.http_clients.future_timeouts;
        if !any_matches(timeouts, &self.model.resolve(&func.path)) {
            return;
        }
        let bounded = wrapper
            .args
            .iter()
            .nth(1)
            .and_then(|future| self.model.call_ref(syntax::peel(future), &self.scope));
        if let Some(bounded) = bounded {
            self.out.facts.functions[id].bounded_calls.push(bounded);
        }
    }

    fn note_call(&mut self, expr: &syn::Expr) {
        if let syn::Expr::MethodCall(call) = expr {
            let uri_writers = &self.model.taint.destination.uri_writers;
            self.scope.normaliser.note(call, uri_writers);
        }
        if let Some(id) = self.scope.function {
            if !self.scope.in_once_init
                && !self.scope.in_const
                && fallible_operations::is_external_call(expr, self.env())
            {
                self.out.facts.functions[id].performs_operation = true;
            }
            if !self.scope.in_once_init
                && !self.scope.in_const
                && queries::round_trip(expr, self.scope.is_awaited(expr), self.model).is_some()
            {
                self.out.facts.functions[id].makes_query = true;
            }
        }
        let call = self.model.call_ref(expr, &self.scope);
        self.note_output_call(expr, call.as_ref());
        self.note_bounded_call(expr);
        if let (Some(call), syn::Expr::Call(by_path), Some(id)) = (&call, expr, self.scope.function)
        {
            let literal = by_path
                .args
                .iter()
                .map(|arg| {
                    matches!(
                        syntax::peel(arg),
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(_),
                            ..
                        })
                    )
                })
                .collect();
            self.out.facts.functions[id]
                .literal_args
                .push((call.clone(), literal));
        }
        if let Some(call) = call {
            self.note_call_exclusions(expr, &call);
            self.note_flag_call(expr, &call);
            self.record_call(call);
        }
        // A function passed by name (`rows.map(into_order)`, `spawn(worker)`) is called later:
        // it is part of the caller's call graph.
        let args = match expr {
            syn::Expr::Call(call) => Some(&call.args),
            syn::Expr::MethodCall(call) => Some(&call.args),
            _ => None,
        };
        let once = syntax::runs_once(expr);
        for arg in args.into_iter().flatten() {
            if let Some(function) = self.model.fn_ref(arg, &self.scope) {
                self.record_call_once_if(function, once);
            }
        }
        for path in frameworks::fixed_path_handlers(&self.model.imports, expr) {
            let target = self.local_path(path);
            self.out.facts.fixed_path_handlers.push(target);
        }
        if let Some(routing) = routing_call(&self.model.imports, expr) {
            self.note_routes(routing.middleware);
            for path in routing.paths {
                let target = self.local_path(path);
                self.out.facts.handler_refs.push(target);
            }
            for closure in routing.closures {
                self.routed_closures.push(closure as *const _);
            }
        }
    }

    /// Records the first blocking call of a synchronous function's body (what makes its async
    /// callers block; see [`crate::semantic::blocking`]).
    fn note_blocking(&mut self, expr: &syn::Expr) {
        if self.scope.in_async_fn
            || self.scope.in_async
            || self.scope.in_test
            || self.in_macro_body > 0
        {
            return;
        }
        let Some(id) = self.scope.function else {
            return;
        };
        if self.out.facts.functions[id].blocking_call.is_some()
            || !matches!(expr, syn::Expr::Call(_) | syn::Expr::MethodCall(_))
        {
            return;
        }
        if let Some(call) = crate::semantic::blocking::blocking_call(self.model, expr) {
            self.out.facts.functions[id].blocking_call = Some(call.callee);
        }
    }

    /// What the declared types of parameters say about them (buffers, unserialisable maps).
    fn note_typed_params<'p>(
        &mut self,
        params: impl Iterator<Item = (&'p syn::Pat, &'p syn::Type)>,
    ) {
        for (pat, ty) in params {
            let syn::Pat::Ident(ident) = pat else {
                continue;
            };
            if let Some(value) = infallible::typed_value(ty, self.model) {
                self.scope
                    .local_values
                    .push((ident.ident.to_string(), value));
            }
        }
    }

    /// Records the lints the attributes allow for the code they cover.
    fn allow_lints(&mut self, attrs: &[syn::Attribute]) {
        for (lint, span) in syntax::allowed_lints(attrs) {
            let at = self.model.source.span_of(span);
            self.scope.allowed_lints.push((lint, at));
        }
    }

    /// Notes code the default build leaves out (`#[cfg(not(feature = "s3"))]` with `s3` on by
    /// default), for the region the attributes cover.
    fn note_cfg(&mut self, attrs: &[syn::Attribute]) {
        self.scope.compiled_out |= features::excluded_by_default(attrs, self.model.features);
    }

    /// Walks a branch, knowing that it cannot run when `impossible`.
    /// Walks a branch an `if` condition or a `match` on a `bool` chooses (see
    /// [`Scope::in_flag_branch`]).
    fn in_flag_branch(&mut self, on_flag: bool, walk: impl FnOnce(&mut Self)) {
        let saved = self.scope.in_flag_branch;
        self.scope.in_flag_branch |= on_flag;
        walk(self);
        self.scope.in_flag_branch = saved;
    }

    fn in_dead_branch(&mut self, impossible: bool, walk: impl FnOnce(&mut Self)) {
        let saved = self.scope.in_impossible_branch;
        self.scope.in_impossible_branch |= impossible;
        walk(self);
        self.scope.in_impossible_branch = saved;
    }

    /// Whether a `match` arm cannot run: it matches the failure of a scrutinee that cannot
    /// fail (computed once per `match`, in `cannot_fail`) or known to hold a value, or only
    /// variants an early exit ruled out.
    fn is_impossible_arm(
        &self,
        arm: &syn::Arm,
        scrutinee: &syn::Expr,
        cannot_fail: &mut Option<bool>,
    ) -> bool {
        let path = guards::value_path(syntax::peel(scrutinee));
        if syntax::is_failure_pattern(&arm.pat) {
            let known = path
                .as_deref()
                .is_some_and(|path| self.scope.is_known_some(path));
            return known
                || *cannot_fail.get_or_insert_with(|| self.inputs().cannot_fail(scrutinee));
        }
        match (path, guards::pattern_variants(&arm.pat)) {
            (Some(path), Some(variants)) => self.scope.excludes(&path, &variants),
            _ => false,
        }
    }

    /// The arm matches only variants of a parameter of the current free function, or of the
    /// value inside its `Some`.
    fn param_arm(&self, arm: &syn::Arm, scrutinee: &syn::Expr) -> Option<ParamArm> {
        let path = guards::value_path(syntax::peel(scrutinee))?;
        let variants = guards::pattern_variants(&arm.pat)?;
        let (_, index, inner) = self
            .scope
            .param_values
            .iter()
            .find(|(local, _, _)| *local == path)?;
        Some(ParamArm {
            index: *index,
            inner: *inner,
            variants,
        })
    }

    /// `if let Some(s) = status` on a parameter: `s` holds the value inside its `Some`.
    fn param_content(&self, cond: &syn::Expr) -> Option<(String, u16, bool)> {
        let syn::Expr::Let(binding) = syntax::peel(cond) else {
            return None;
        };
        let syn::Pat::TupleStruct(some) = &*binding.pat else {
            return None;
        };
        let [syn::Pat::Ident(inner)] = some.elems.iter().collect::<Vec<_>>()[..] else {
            return None;
        };
        let outer = guards::value_path(syntax::peel(&binding.expr))?;
        let (_, index, _) = self
            .scope
            .param_values
            .iter()
            .find(|(local, _, inside)| *local == outer && !inside)?;
        some.path
            .is_ident("Some")
            .then(|| (inner.ident.to_string(), *index, true))
    }

    /// A call by path where an early exit ruled variants of its arguments out: recorded for
    /// the callee's `match` arms on those parameters (see `Condition::CallersExclude`).
    fn note_call_exclusions(&mut self, expr: &syn::Expr, call: &CallRef) {
        let Some((site, function)) = self.path_call_site(expr, call) else {
            return;
        };
        if self.scope.excluded_variants.is_empty() {
            return;
        }
        let mut excluded = Vec::new();
        for (index, arg) in site.args.iter().enumerate() {
            let Some(path) = guards::value_path(syntax::peel(arg)) else {
                continue;
            };
            let inside = guards::some_content(&path);
            for (excluded_path, variant) in &self.scope.excluded_variants {
                if *excluded_path == path || *excluded_path == inside {
                    excluded.push((index as u16, *excluded_path == inside, variant.clone()));
                }
            }
        }
        if !excluded.is_empty() {
            self.out.facts.functions[function]
                .call_exclusions
                .push(CallExclusion {
                    callee: call.clone(),
                    excluded,
                });
        }
    }

    /// A call by path (`f(..)`, `module::f(..)`) in the current function: the call and the
    /// function making it.
    fn path_call_site<'e>(
        &self,
        expr: &'e syn::Expr,
        call: &CallRef,
    ) -> Option<(&'e syn::ExprCall, LocalFnId)> {
        match (expr, call, self.scope.function) {
            (syn::Expr::Call(site), CallRef::Path(_), Some(function)) => Some((site, function)),
            _ => None,
        }
    }

    /// The value an early exit on a `bool` parameter leaves for the code after it (`if
    /// on_update { err!(..) }`).
    fn flag_requirement(&self, stmt: &syn::Stmt) -> Option<FlagRequirement> {
        let (flag, value, if_diverges) = guards::early_exit_flag(stmt)?;
        let (_, param, _) = self
            .scope
            .param_values
            .iter()
            .find(|(local, _, inside)| *local == flag && !inside)?;
        Some(FlagRequirement {
            param: *param,
            value,
            if_diverges,
        })
    }

    /// A call by path passing `bool` literals (`validate_config(&config, true)`).
    fn note_flag_call(&mut self, expr: &syn::Expr, call: &CallRef) {
        let Some((site, function)) = self.path_call_site(expr, call) else {
            return;
        };
        let flags: Vec<(u16, bool)> = site
            .args
            .iter()
            .enumerate()
            .filter_map(|(index, arg)| match syntax::peel(arg) {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Bool(flag),
                    ..
                }) => Some((index as u16, flag.value)),
                _ => None,
            })
            .collect();
        if !flags.is_empty() {
            self.out.facts.functions[function]
                .flag_calls
                .push(FlagCall {
                    callee: call.clone(),
                    flags,
                });
        }
    }

    /// What judging a call's inputs needs, here.
    /// `let app = ActiveModel::new(org);` (also through `?` and `.await`): the local and the
    /// call it holds the value of.
    fn call_binding(&self, stmt: &syn::Stmt) -> Option<(String, CallRef)> {
        let syn::Stmt::Local(local) = stmt else {
            return None;
        };
        let syn::Pat::Ident(ident) = &local.pat else {
            return None;
        };
        let init = local.init.as_ref().filter(|init| init.diverge.is_none())?;
        let mut expr = &*init.expr;
        loop {
            match expr {
                syn::Expr::Try(inner) => expr = &inner.expr,
                syn::Expr::Await(inner) => expr = &inner.base,
                syn::Expr::Paren(inner) => expr = &inner.expr,
                _ => break,
            }
        }
        let call = self.model.call_ref(expr, &self.scope)?;
        Some((ident.ident.to_string(), call))
    }

    fn inputs(&self) -> infallible::Inputs<'_> {
        infallible::Inputs {
            file: self.model,
            scope: &self.scope,
            env: self.env(),
        }
    }

    /// A pattern binds its names anew: what was known about the old bindings is forgotten.
    /// What `expr` derives from (see [`fallible_operations::derivation`]).
    fn derivation(&self, expr: &syn::Expr) -> fallible_operations::Derivation {
        fallible_operations::derivation(expr, self.model, &self.scope, self.env())
    }

    /// Records what the name `pat` binds derives from, when it is something. Only a pattern
    /// that binds the whole value counts (`let rows = ..`, `|row|`): the parts a destructuring
    /// binds (`let Meta { content, .. } = fetch(..)?`, `if let Some(row) = ..`) are data the
    /// operation returned, not its failure.
    fn note_derivation(&mut self, pat: &syn::Pat, derived: fallible_operations::Derivation) {
        if derived.is_empty() {
            return;
        }
        let pat = match pat {
            syn::Pat::Type(typed) => &*typed.pat,
            other => other,
        };
        if let syn::Pat::Ident(ident) = pat {
            if ident.subpat.is_none() {
                self.scope
                    .derived_operations
                    .push((ident.ident.to_string(), derived));
            }
        }
    }

    fn rebind(&mut self, pat: &syn::Pat) {
        for name in bindings(pat) {
            self.scope.rebind(&name.to_string());
        }
    }

    /// Walks `walk` knowing that the paths `proven` hold `Some`/`Ok`, except those that
    /// `region` (the code `walk` covers) may change.
    /// Walks a region in which the error `error` (bound by `Err(e)` or `|e|`) is known to come
    /// from the call `source` (see [`crate::semantic::Scope::error_origins`]).
    fn with_error_from(
        &mut self,
        error: Option<String>,
        source: &syn::Expr,
        walk: impl FnOnce(&mut Self),
    ) {
        // Only a bound error costs the look-up.
        let origin = error.and_then(|name| Some((name, syntax::error_source(source)?)));
        let bound = origin.is_some();
        self.scope.error_origins.extend(origin);
        walk(self);
        if bound {
            self.scope.error_origins.pop();
        }
    }

    /// Walks the error path of the error bound to `returned` (when the branch hands it on).
    fn on_error_path(&mut self, returned: Option<String>, walk: impl FnOnce(&mut Self)) {
        let bound = returned.is_some();
        self.scope.returned_errors.extend(returned);
        walk(self);
        if bound {
            self.scope.returned_errors.pop();
        }
    }

    fn walk_knowing(
        &mut self,
        proven: Vec<String>,
        region: &impl quote::ToTokens,
        walk: impl FnOnce(&mut Self),
    ) {
        let saved = self.scope.known_some.clone();
        let region = (!proven.is_empty()).then(|| guards::Region::of(region));
        let proven = proven.into_iter().filter(|path| {
            region
                .as_ref()
                .is_some_and(|region| !region.may_change(path))
        });
        self.scope.known_some.extend(proven);
        walk(self);
        self.scope.known_some = saved;
    }

    /// Walks an expression parsed from a macro body (it lives shorter than the file's tree).
    fn visit_parsed_expr(&mut self, expr: &syn::Expr) {
        self.in_macro_body += 1;
        Visit::visit_expr(self, expr);
        self.in_macro_body -= 1;
    }

    /// Walks a closure that is not a routed handler in its own scope: its parameters shadow
    /// the outer names, bound to the receiver's items for an adapter's closure and to nothing
    /// known otherwise.
    fn walk_closure(&mut self, closure: &syn::ExprClosure) {
        let address = closure as *const syn::ExprClosure;
        let inputs = self
            .closure_inputs
            .take()
            .filter(|inputs| inputs.closure == address);
        self.scoped(&[&closure.body], |walker| {
            for (at, input) in closure.inputs.iter().enumerate() {
                match &inputs {
                    Some(ClosureInputs {
                        accumulator: Some(initial),
                        ..
                    }) if at == 0 => walker.bind_destructured(input, initial.clone(), false),
                    Some(items) => {
                        walker.bind_destructured(input, items.taint.clone(), items.enumerated)
                    }
                    None => walker.bind_destructured(input, Default::default(), false),
                }
                if let Some(items) = &inputs {
                    walker.note_derivation(input, items.derived.clone());
                }
            }
            let saved = walker.scope.in_async;
            walker.scope.in_async = closure.asyncness.is_some();
            visit::visit_expr_closure(walker, closure);
            walker.scope.in_async = saved;
        });
    }

    fn walk_routed_closure(&mut self, closure: &syn::ExprClosure) {
        let index = self.out.facts.functions.len();
        let id = self.push_fn(FnFact {
            path: self.module_path(&format!("{{closure#{index}}}")),
            name: "{closure}".to_string(),
            self_type: None,
            has_receiver: false,
            returns_result: false,
            handler: Some(HandlerEvidence::RoutedClosure),
            is_test: self.scope.in_test,
            calls: Vec::new(),
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
            output: OutputFacts::default(),
            call_exclusions: Vec::new(),
            flag_calls: Vec::new(),
            filled_fields: Vec::new(),
            logs_its_errors: false,
            bounded_calls: Vec::new(),
            performs_operation: false,
            makes_query: false,
        });
        let params: Vec<String> = closure
            .inputs
            .iter()
            .flat_map(bindings)
            .map(|ident| ident.to_string())
            .collect();
        let saved = self.scope.clone();
        self.scope.function = Some(id);
        self.scope.in_main = false;
        self.scope.in_async =
            closure.asyncness.is_some() || matches!(*closure.body, syn::Expr::Async(_));
        self.scope.in_async_fn = self.scope.in_async;
        self.scope.loop_depth = 0;
        self.scope.params = params.into();
        self.scope.in_once_init = false;
        self.scope.in_impossible_branch = false;
        self.scope.error_origins = Vec::new();
        self.scope.command_line_locals = Vec::new();
        self.scope.command_line_branch = None;
        self.scope.static_item = None;
        self.scope.text_locals = Vec::new();
        self.scope.returned_errors = Vec::new();
        for name in self.scope.params.clone().iter() {
            self.scope.rebind(name);
        }
        self.note_typed_params(closure.inputs.iter().filter_map(|input| match input {
            syn::Pat::Type(typed) => Some((&*typed.pat, &*typed.ty)),
            _ => None,
        }));
        let inputs: Vec<Param<'_>> = closure
            .inputs
            .iter()
            .map(|pat| match pat {
                syn::Pat::Type(typed) => Param {
                    pat: Some(&typed.pat),
                    ty: Some(&typed.ty),
                    span: typed.span(),
                },
                other => Param {
                    pat: Some(other),
                    ty: None,
                    span: other.span(),
                },
            })
            .collect();
        self.enter_params(&inputs, Some(HandlerEvidence::RoutedClosure), None);
        match &*closure.body {
            syn::Expr::Block(block) => self.enter_body(&block.block.stmts),
            _ => self.top_statements.push(Vec::new()),
        }
        visit::visit_expr_closure(self, closure);
        self.top_statements.pop();
        self.leave_function(Some(&closure.body));
        self.scope = saved;
    }
}

impl<'ast> Visit<'ast> for Walker<'_, '_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        // Functions, impls, modules and traits note their own `#[cfg(..)]`; another item's
        // (`#[cfg(debug_assertions)] const TEST_TOKEN: &str = ..`) covers it here.
        let cfg_attrs = match item {
            syn::Item::Fn(_) | syn::Item::Impl(_) | syn::Item::Mod(_) | syn::Item::Trait(_) => &[],
            other => syntax::item_attrs(other),
        };
        let saved = cfg_attrs
            .iter()
            .any(|attr| attr.path().is_ident("cfg"))
            .then(|| {
                let saved = self.scope.clone();
                self.scope.in_test |= is_cfg_test(cfg_attrs);
                self.note_cfg(cfg_attrs);
                saved
            });
        self.dispatch(Node::Item(item));
        if let syn::Item::Struct(item) = item {
            if crate::semantic::secrets::prints_credentials(item) {
                self.out.facts.credential_types.push(item.ident.to_string());
            }
        }
        match item {
            // Functions and impl items record their own ranges.
            syn::Item::Fn(_) | syn::Item::Impl(_) | syn::Item::Mod(_) => {}
            other => self.record_item(other.span()),
        }
        visit::visit_item(self, item);
        if let Some(saved) = saved {
            self.scope = saved;
        }
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.record_item(item.span());
        let saved = self.scope.clone();
        let mut module = self.scope.module.to_vec();
        module.push(item.ident.to_string());
        self.scope.in_test |= is_cfg_test(&item.attrs);
        // Only a production file's modules are the crate's (a test target's `mod db;` in
        // `tests/it/main.rs` is its own `tests/it/db.rs`).
        let moved = item.attrs.iter().any(|attr| attr.path().is_ident("path"));
        let production = matches!(self.model.kind, FileKind::Service | FileKind::Tool);
        if item.content.is_none() && self.scope.in_test && production && !moved {
            self.out.facts.test_only_modules.push(module.clone());
        }
        self.scope.module = module.into();
        self.allow_lints(&item.attrs);
        self.note_cfg(&item.attrs);
        if let Some((_, items)) = &item.content {
            for item in items {
                self.visit_item(item);
            }
        }
        self.scope = saved;
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        let header = FnHeader {
            node: FnNode {
                sig: &item.sig,
                attrs: &item.attrs,
                body: &item.block,
            },
            path: self.module_path(&item.sig.ident.to_string()),
            self_type: None,
            impl_trait: None,
        };
        self.walk_fn(header, item.span());
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        self.record_item(item.span());
        self.out
            .facts
            .route_filled_fields
            .extend(extractor_fields::route_filled_fields(item));
        self.out
            .facts
            .request_extractors
            .extend(extractor_fields::payload_extractor_type(item));
        let saved = self.scope.clone();
        self.scope.in_test |= is_cfg_test(&item.attrs);
        self.allow_lints(&item.attrs);
        self.note_cfg(&item.attrs);
        self.scope.impl_type =
            syntax::type_path(&item.self_ty).map(|path| self.local_path(path).into());
        self.scope.impl_trait = item
            .trait_
            .as_ref()
            .map(|(path, _)| self.model.resolve_to_string(path).into());
        for impl_item in &item.items {
            match impl_item {
                syn::ImplItem::Fn(method) => {
                    let self_type = self.scope.impl_type.as_deref().map(str::to_string);
                    let path = match &self_type {
                        Some(ty) => format!("{ty}::{}", method.sig.ident),
                        None => self.module_path(&method.sig.ident.to_string()),
                    };
                    let header = FnHeader {
                        node: FnNode {
                            sig: &method.sig,
                            attrs: &method.attrs,
                            body: &method.block,
                        },
                        path,
                        self_type,
                        impl_trait: item.trait_.as_ref().map(|(path, _)| path),
                    };
                    self.walk_fn(header, method.span());
                }
                other => {
                    self.record_item(other.span());
                    visit::visit_impl_item(self, other);
                }
            }
        }
        self.scope = saved;
    }

    fn visit_item_trait(&mut self, item: &'ast syn::ItemTrait) {
        let saved = self.scope.clone();
        self.allow_lints(&item.attrs);
        self.note_cfg(&item.attrs);
        let trait_path = self.module_path(&item.ident.to_string());
        self.scope.impl_type = Some(trait_path.clone().into());
        for trait_item in &item.items {
            match trait_item {
                syn::TraitItem::Fn(method) => {
                    self.record_item(method.span());
                    if let Some(body) = &method.default {
                        let header = FnHeader {
                            node: FnNode {
                                sig: &method.sig,
                                attrs: &method.attrs,
                                body,
                            },
                            path: format!("{trait_path}::{}", method.sig.ident),
                            self_type: Some(trait_path.clone()),
                            impl_trait: None,
                        };
                        self.walk_fn(header, method.span());
                    }
                }
                other => {
                    self.record_item(other.span());
                    visit::visit_trait_item(self, other);
                }
            }
        }
        self.scope = saved;
    }

    fn visit_item_const(&mut self, item: &'ast syn::ItemConst) {
        let saved = self.scope.in_const;
        self.scope.in_const = true;
        visit::visit_item_const(self, item);
        self.scope.in_const = saved;
    }

    fn visit_item_static(&mut self, item: &'ast syn::ItemStatic) {
        let saved = (self.scope.in_const, self.scope.static_item.clone());
        self.scope.in_const = true;
        self.scope.static_item = Some(self.module_path(&item.ident.to_string()).into());
        visit::visit_item_static(self, item);
        (self.scope.in_const, self.scope.static_item) = saved;
    }

    fn visit_stmt(&mut self, stmt: &'ast syn::Stmt) {
        self.start_statement();
        // A chain waits for its root within one statement.
        self.pending_chains.clear();
        let allowed = self.scope.allowed_lints.len();
        let compiled_out = self.scope.compiled_out;
        self.allow_lints(syntax::stmt_attrs(stmt));
        self.note_cfg(syntax::stmt_attrs(stmt));
        self.dispatch(Node::Stmt(stmt));
        let saved = self.in_discarded_check;
        self.in_discarded_check |= syntax::discards_a_check(stmt);
        visit::visit_stmt(self, stmt);
        self.in_discarded_check = saved;
        self.scope.allowed_lints.truncate(allowed);
        self.scope.compiled_out = compiled_out;
    }

    fn visit_file(&mut self, file: &'ast syn::File) {
        self.allow_lints(&file.attrs);
        self.note_cfg(&file.attrs);
        visit::visit_file(self, file);
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        self.dispatch(Node::Local(local));
        // `visit::visit_local`, with the `else` of `let Ok(v) = <call that cannot fail> else
        // { .. }` known not to run.
        for attr in &local.attrs {
            self.visit_attribute(attr);
        }
        self.visit_pat(&local.pat);
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                let impossible =
                    syntax::is_success_pattern(&local.pat) && self.inputs().cannot_fail(&init.expr);
                self.in_dead_branch(impossible, |walker| walker.visit_expr(diverge));
            }
        }
        self.bind_local(local);
        self.note_logger_builder(local);
        let derived = local.init.as_ref().map(|init| self.derivation(&init.expr));
        self.rebind(&local.pat);
        if let Some(derived) = derived {
            self.note_derivation(&local.pat, derived);
        }
        if let Some(name) = syntax::constant_binding(local) {
            self.scope.constant_locals.push(name);
        }
        if let Some(value) = infallible::local_value(local, &self.inputs()) {
            self.scope.local_values.push(value);
        }
        self.scope.text_locals.extend(syntax::text_binding(local));
        if let Some(init) = &local.init {
            self.bind_command_line(&local.pat, &init.expr);
        }
        self.note_let(local);
    }

    fn visit_arm(&mut self, arm: &'ast syn::Arm) {
        let compiled_out = self.scope.compiled_out;
        self.note_cfg(&arm.attrs);
        self.dispatch(Node::Arm(arm));
        self.rebind(&arm.pat);
        visit::visit_arm(self, arm);
        self.scope.compiled_out = compiled_out;
    }

    /// Statements in order: an early exit (`if x.is_none() { return .. }`) proves `x` for the
    /// statements after it. Locals bound in the block go out of scope at its end.
    fn visit_block(&mut self, block: &'ast syn::Block) {
        self.dispatch(Node::Block(block));
        let saved = (
            self.scope.constant_locals.clone(),
            self.scope.known_some.clone(),
            self.scope.before_exit,
            self.scope.local_values.clone(),
            self.scope.excluded_variants.clone(),
            self.scope.flag_requirements.clone(),
            self.scope.call_locals.clone(),
            self.scope.derived_operations.clone(),
        );
        let saved_output = (
            self.scope.command_line_locals.clone(),
            self.scope.on_terminal,
            self.scope.text_locals.clone(),
        );
        let exits_after_prints = syntax::exits_after_prints(&block.stmts);
        let outer_combinations = self.scope.rejected_combinations.len();
        // Splits bound in this block, with the statement that first uses them.
        let mut split_uses: Vec<(usize, String)> = Vec::new();
        self.scoped(syntax::block_value(block).as_slice(), |walker| {
            for (at, stmt) in block.stmts.iter().enumerate() {
                walker.scope.before_exit = exits_after_prints[at];
                let fresh: Vec<String> = split_uses
                    .iter()
                    .filter(|(first_use, _)| *first_use == at)
                    .map(|(_, name)| name.clone())
                    .collect();
                let outer_splits = walker.scope.fresh_splits.clone();
                walker.scope.fresh_splits.extend(fresh);
                // A statement that may change a call's value ends what is known of it.
                if !walker.scope.call_locals.is_empty() {
                    let region = guards::Region::of(stmt);
                    walker
                        .scope
                        .call_locals
                        .retain(|(name, _)| !region.may_change(name));
                }
                walker.visit_stmt(stmt);
                walker.scope.fresh_splits = outer_splits;
                split_uses.extend(infallible::split_first_use(&block.stmts, at));
                walker.scope.before_exit = false;
                walker.scope.on_terminal |= walker.terminal_guard(stmt);
                if let Some(binding) = walker.call_binding(stmt) {
                    walker.scope.call_locals.push(binding);
                }
                let mut proven = guards::early_exit_guard(stmt);
                proven.extend(guards::filled_paths(stmt));
                if let Some(requirement) = walker.flag_requirement(stmt) {
                    walker.scope.flag_requirements.push(requirement);
                }
                if let Some(combination) = guards::early_exit_combination(stmt) {
                    let rest = guards::Region::of(&guards::rest_of_block(&block.stmts[at + 1..]));
                    if combination.iter().all(|(path, _)| !rest.may_change(path)) {
                        walker.scope.rejected_combinations.push(combination);
                    }
                }
                let excluded = guards::early_exit_exclusions(stmt);
                if !proven.is_empty() || !excluded.is_empty() {
                    let rest = guards::Region::of(&guards::rest_of_block(&block.stmts[at + 1..]));
                    let proven = proven.into_iter().filter(|path| !rest.may_change(path));
                    walker.scope.known_some.extend(proven);
                    let excluded = excluded
                        .into_iter()
                        .filter(|(path, _)| !rest.may_change(path));
                    walker.scope.excluded_variants.extend(excluded);
                }
            }
        });
        (
            self.scope.constant_locals,
            self.scope.known_some,
            self.scope.before_exit,
            self.scope.local_values,
            self.scope.excluded_variants,
            self.scope.flag_requirements,
            self.scope.call_locals,
            self.scope.derived_operations,
        ) = saved;
        self.scope
            .rejected_combinations
            .truncate(outer_combinations);
        (
            self.scope.command_line_locals,
            self.scope.on_terminal,
            self.scope.text_locals,
        ) = saved_output;
    }

    /// Expressions are handed to rules after their children were walked, so that the taint of
    /// every sub-expression (calls recorded, locals bound) is known when a sink is checked.
    fn visit_expr(&mut self, expr: &'ast syn::Expr) {
        self.note_call(expr);
        match expr {
            syn::Expr::Closure(closure) => closure.inputs.iter().for_each(|p| self.rebind(p)),
            syn::Expr::Let(binding) => {
                let derived = self.derivation(&binding.expr);
                self.rebind(&binding.pat);
                self.note_derivation(&binding.pat, derived);
                self.bind_command_line(&binding.pat, &binding.expr);
            }
            syn::Expr::ForLoop(for_loop) => self.rebind(&for_loop.pat),
            syn::Expr::Path(_) => self.note_static_read(expr),
            _ => {}
        }
        match expr {
            syn::Expr::Closure(closure) => {
                let address = closure as *const syn::ExprClosure;
                if let Some(at) = self.routed_closures.iter().position(|c| *c == address) {
                    self.routed_closures.swap_remove(at);
                    self.closure_inputs = None;
                    self.walk_routed_closure(closure);
                } else {
                    self.walk_closure(closure);
                }
            }
            syn::Expr::Await(awaited) => {
                let saved = self.scope.awaited;
                self.scope.awaited = Some(&*awaited.base as *const syn::Expr as usize);
                visit::visit_expr_await(self, awaited);
                self.scope.awaited = saved;
            }
            syn::Expr::Async(block) => {
                let saved = self.scope.in_async;
                self.scope.in_async = true;
                visit::visit_expr_async(self, block);
                self.scope.in_async = saved;
            }
            syn::Expr::ForLoop(for_loop) => {
                self.visit_expr(&for_loop.expr);
                let unset_at_entry = self.env().unset_flags().clone();
                self.scoped(&[], |walker| {
                    walker.bind_from(&for_loop.pat, &for_loop.expr);
                    let derived = walker.derivation(&for_loop.expr);
                    walker.note_derivation(&for_loop.pat, derived);
                    walker.scope.loop_depth += 1;
                    walker.visit_block(&for_loop.body);
                    walker.scope.loop_depth -= 1;
                });
                self.note_loop_membership(for_loop, &unset_at_entry);
            }
            // `while let Some(x) = ..`: the condition's bindings live in the body.
            syn::Expr::While(while_loop) => self.scoped(&[], |walker| {
                walker.scope.loop_depth += 1;
                visit::visit_expr_while(walker, while_loop);
                walker.scope.loop_depth -= 1;
            }),
            syn::Expr::Loop(loop_expr) => {
                self.scope.loop_depth += 1;
                visit::visit_expr_loop(self, loop_expr);
                self.scope.loop_depth -= 1;
            }
            syn::Expr::Match(expr_match) => {
                self.visit_expr(&expr_match.expr);
                let mut cannot_fail = None;
                let branches = self.command_line_arms(expr_match);
                let env_file = self.is_env_file_load(&expr_match.expr);
                for (at, arm) in expr_match.arms.iter().enumerate() {
                    self.scoped(&[&arm.body], |walker| {
                        walker.bind_from(&arm.pat, &expr_match.expr);
                        walker.bind_command_line(&arm.pat, &expr_match.expr);
                        let error = syntax::err_binding(&arm.pat);
                        let impossible =
                            walker.is_impossible_arm(arm, &expr_match.expr, &mut cannot_fail);
                        let outer_arm = walker.scope.param_arm.take();
                        walker.scope.param_arm = walker
                            .param_arm(arm, &expr_match.expr)
                            .or(outer_arm.clone());
                        let returned = error
                            .clone()
                            .filter(|e| syntax::ends_returning_error(&arm.body, e));
                        let branch = branches.as_ref().map(|ids| ids[at]);
                        let on_flag = syntax::is_bool_pattern(&arm.pat);
                        walker.in_dead_branch(impossible, |walker| {
                            walker.in_flag_branch(on_flag, |walker| {
                                walker.in_branch(branch, |walker| {
                                    walker.with_output_context(false, env_file, |walker| {
                                        walker.on_error_path(returned, |walker| {
                                            walker.with_error_from(
                                                error,
                                                &expr_match.expr,
                                                |walker| walker.visit_arm(arm),
                                            )
                                        })
                                    })
                                })
                            })
                        });
                        walker.scope.param_arm = outer_arm;
                    });
                }
            }
            // Closures given to iterator adapters and combinators (`ids.iter().map(|id| ..)`)
            // see the receiver's taint in their parameters.
            syn::Expr::MethodCall(call)
                if call.args.iter().any(|a| matches!(a, syn::Expr::Closure(_))) =>
            {
                let receiver = (
                    &*call.receiver as *const syn::Expr as usize,
                    Rc::from(call.method.to_string()),
                );
                let outer = self.scope.closure_call_receiver.replace(receiver);
                self.visit_expr(&call.receiver);
                self.scope.closure_call_receiver = outer;
                let saved = self.scope.in_once_init;
                self.scope.in_once_init |= syntax::runs_once(expr);
                // `result.map_err(|e| ..)`: the closure's parameter is the receiver's error.
                let error_handler = matches!(
                    call.method.to_string().as_str(),
                    "map_err" | "unwrap_or_else" | "or_else" | "map_or_else"
                );
                let impossible = error_handler
                    && call.method != "map_or_else"
                    && self.inputs().cannot_fail(&call.receiver);
                for arg in &call.args {
                    let mut error = None;
                    let saved_branch = self.scope.in_impossible_branch;
                    self.scope.in_impossible_branch |=
                        impossible && matches!(arg, syn::Expr::Closure(_));
                    if let syn::Expr::Closure(closure) = arg {
                        // `items.fold(init, |acc, item| ..)`: the accumulator starts as `init`.
                        let accumulator = (call.method == "fold" && call.args.len() == 2)
                            .then(|| self.eval(&call.args[0]));
                        let mut derived = self.derivation(&call.receiver);
                        derived.external |= fallible_operations::is_external_call(expr, self.env());
                        self.closure_inputs = Some(ClosureInputs {
                            closure,
                            taint: self.eval(&call.receiver),
                            enumerated: flow::is_enumerated(&call.receiver),
                            accumulator,
                            derived,
                        });
                        error = match closure.inputs.first() {
                            Some(syn::Pat::Ident(ident)) if error_handler => {
                                Some(ident.ident.to_string())
                            }
                            _ => None,
                        };
                    }
                    let env_file = error.is_some() && self.is_env_file_load(&call.receiver);
                    self.with_output_context(false, env_file, |walker| {
                        walker
                            .with_error_from(error, &call.receiver, |walker| walker.visit_expr(arg))
                    });
                    self.scope.in_impossible_branch = saved_branch;
                }
                self.scope.in_once_init = saved;
            }
            syn::Expr::Call(call) if syntax::runs_once(expr) => {
                let saved = self.scope.in_once_init;
                self.scope.in_once_init = true;
                visit::visit_expr_call(self, call);
                self.scope.in_once_init = saved;
            }
            // A check proves its paths in the code it governs.
            syn::Expr::If(expr_if) => {
                // What the earlier conditions' failure states, when this `if` is an `else`'s.
                let earlier = self.scope.else_chain.take().unwrap_or_default();
                let branches = self.command_line_if(expr_if);
                let branch = |at: usize| branches.as_ref().map(|ids| ids[at]);
                // `if let` bindings live in the condition and the `then` block, not in `else`;
                // the block's value may read them.
                let then_value = syntax::block_value(&expr_if.then_branch);
                let outer_params = self.scope.param_values.clone();
                let content = self.param_content(&expr_if.cond);
                self.scoped(then_value.as_slice(), |walker| {
                    walker.visit_expr(&expr_if.cond);
                    walker.scope.param_values.extend(content);
                    walker.assume_charset_passed(&expr_if.cond, true);
                    walker.assume_host_allowed(&expr_if.cond, true);
                    let mut then = guards::known_when(&expr_if.cond, true);
                    then.retain(|path| !guards::may_change(&expr_if.cond, path));
                    // `if let Err(e) = serde_json::to_vec(..) { .. }`
                    let (error, source) = match syntax::peel(&expr_if.cond) {
                        syn::Expr::Let(binding) => {
                            (syntax::err_binding(&binding.pat), &*binding.expr)
                        }
                        other => (None, other),
                    };
                    let impossible = matches!(syntax::peel(&expr_if.cond), syn::Expr::Let(binding)
                        if syntax::is_failure_pattern(&binding.pat) && walker.inputs().cannot_fail(&binding.expr));
                    let on_terminal = walker.terminal_when(&expr_if.cond, true);
                    let env_file = error.is_some() && walker.is_env_file_load(source);
                    let returned = error
                        .clone()
                        .filter(|e| syntax::block_ends_returning_error(&expr_if.then_branch, e));
                    let on_flag = !matches!(syntax::peel(&expr_if.cond), syn::Expr::Let(_));
                    let opt_in = crate::semantic::secrets::logging_opted_in(&expr_if.cond, true);
                    let saved_opt_in = walker.scope.in_logging_opt_in;
                    walker.scope.in_logging_opt_in |= opt_in;
                    walker.in_dead_branch(impossible, |walker| {
                      walker.in_flag_branch(on_flag, |walker| {
                        walker.in_branch(branch(0), |walker| {
                            walker.with_output_context(on_terminal, env_file, |walker| {
                                walker.on_error_path(returned, |walker| {
                                    walker.with_error_from(error, source, |walker| {
                                        walker.walk_knowing(then, &expr_if.then_branch, |walker| {
                                            walker.visit_block(&expr_if.then_branch)
                                        })
                                    })
                                })
                            })
                        })
                      })
                    });
                    walker.scope.in_logging_opt_in = saved_opt_in;
                });
                self.scope.param_values = outer_params;
                if let Some((_, other)) = &expr_if.else_branch {
                    let mut failed = earlier;
                    failed.extend(guards::atom_when(&expr_if.cond, false));
                    // The last `else` of a chain whose failed conditions are a combination an
                    // early exit rejected cannot run.
                    let impossible = !matches!(&**other, syn::Expr::If(_))
                        && self.scope.rejected_combinations.iter().any(|combination| {
                            combination.iter().all(|atom| failed.contains(atom))
                        });
                    let mut otherwise = guards::known_when(&expr_if.cond, false);
                    otherwise.retain(|path| !guards::may_change(&expr_if.cond, path));
                    let on_terminal = self.terminal_when(&expr_if.cond, false);
                    let on_flag = !matches!(syntax::peel(&expr_if.cond), syn::Expr::Let(_));
                    let opt_in = crate::semantic::secrets::logging_opted_in(&expr_if.cond, false);
                    let saved_opt_in = self.scope.in_logging_opt_in;
                    self.scope.in_logging_opt_in |= opt_in;
                    self.scoped(&[], |walker| {
                        walker.assume_charset_passed(&expr_if.cond, false);
                        walker.assume_host_allowed(&expr_if.cond, false);
                        walker.in_flag_branch(on_flag, |walker| {
                            walker.in_branch(branch(1), |walker| {
                                walker.with_output_context(on_terminal, false, |walker| {
                                    walker.walk_knowing(otherwise, other, |walker| {
                                        if matches!(&**other, syn::Expr::If(_)) {
                                            walker.scope.else_chain = Some(failed);
                                        }
                                        walker.in_dead_branch(impossible, |walker| {
                                            walker.visit_expr(other)
                                        })
                                    })
                                })
                            })
                        });
                    });
                    self.scope.in_logging_opt_in = saved_opt_in;
                }
            }
            syn::Expr::Binary(binary)
                if matches!(binary.op, syn::BinOp::And(_) | syn::BinOp::Or(_)) =>
            {
                self.visit_expr(&binary.left);
                let is_and = matches!(binary.op, syn::BinOp::And(_));
                let mut proven = guards::known_when(&binary.left, is_and);
                proven.retain(|path| !guards::may_change(&binary.left, path));
                self.walk_knowing(proven, &binary.right, |walker| {
                    walker.visit_expr(&binary.right)
                });
            }
            other => visit::visit_expr(self, other),
        }
        self.after_expr(expr);
        self.note_blocking(expr);
        if syntax::initialises_logger(expr, |path| self.model.resolve(path))
            || self.installs_built_logger(expr)
        {
            self.scope.logger_ready = true;
            self.note_logger_install(expr);
        }
        self.dispatch(Node::Expr(expr));
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.dispatch(Node::Macro(mac));
        if is_routing_macro(&self.model.imports, mac) {
            self.note_routes(false);
            for path in syntax::macro_paths(mac) {
                let target = self.local_path(&path);
                self.out.facts.handler_refs.push(target);
            }
            return;
        }
        if has_expression_arguments(mac) {
            for expr in macro_args(mac).exprs {
                self.visit_parsed_expr(&expr);
            }
        }
        self.after_macro(mac);
    }
}

/// Macros whose arguments are expressions the rules should see (format, print, log, assert,
/// error-construction macros, and `join!`, whose futures hold a service's startup).
fn has_expression_arguments(mac: &syn::Macro) -> bool {
    let name = syntax::macro_name(mac);
    matches!(
        name.as_str(),
        "format"
            | "format_args"
            | "print"
            | "println"
            | "eprint"
            | "eprintln"
            | "write"
            | "writeln"
            | "panic"
            | "assert"
            | "assert_eq"
            | "assert_ne"
            | "debug_assert"
            | "debug_assert_eq"
            | "debug_assert_ne"
            | "vec"
            | "dbg"
            | "info"
            | "warn"
            | "error"
            | "debug"
            | "trace"
            | "event"
            | "log"
            | "anyhow"
            | "bail"
            | "ensure"
            | "todo"
            | "unimplemented"
            | "unreachable"
            | "concat"
            | "join"
            | "try_join"
    )
}

/// The parameters of a free function bound to a name, by position (none for a method: its
/// calls are not linked by position).
fn free_fn_params(sig: &syn::Signature) -> Vec<(String, u16, bool)> {
    if sig.receiver().is_some() {
        return Vec::new();
    }
    sig.inputs
        .iter()
        .enumerate()
        .filter_map(|(index, input)| match input {
            syn::FnArg::Typed(typed) => match &*typed.pat {
                syn::Pat::Ident(ident) => Some((ident.ident.to_string(), index as u16, false)),
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic with a non-string payload".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::{FieldTypes, Imports};
    use crate::source::SourceFile;

    /// The functions of `code` recognised as handlers (by path), plus the handler paths that
    /// routing code registers.
    fn handlers(code: &str) -> (Vec<String>, Vec<String>) {
        let source = SourceFile::new("t.rs".into(), code.to_string());
        let syntax = syn::parse_file(code).unwrap();
        let module = vec!["crate".to_string(), "api".to_string()];
        let model = FileModel {
            source: &source,
            imports: Imports::collect(&syntax, module, Some("svc".to_string())),
            fields: FieldTypes::collect(&syntax),
            types: crate::semantic::TypeFacts::collect(&syntax),
            constants: crate::semantic::constants::FileConstants::collect(&syntax),
            features: None,
            taint: &crate::semantic::models::models().taint,
            kind: FileKind::Service,
            sql_dialects: Vec::new(),
            member_libraries: &[],
            sql: Default::default(),
        };
        let output = walk(&syntax, &model, &Dispatch::new([]));
        let direct = output
            .facts
            .functions
            .iter()
            .filter(|f| f.handler.is_some())
            .map(|f| f.path.clone())
            .collect();
        (direct, output.facts.handler_refs)
    }

    #[test]
    fn axum_routes_extractors_and_closures() {
        let (direct, refs) = handlers(
            "use axum::{routing::{get, post}, extract::{Path, State}, Json, Router};
             use crate::users;
             async fn show(Path(id): Path<u64>) -> String { id.to_string() }
             async fn plain() -> &'static str { \"ok\" }
             fn helper(x: u64) -> u64 { x }
             pub fn router() -> Router {
                 Router::new()
                     .route(\"/\", get(plain).post(users::create))
                     .route(\"/h\", get(|| async { \"up\" }))
                     .route_layer(axum::middleware::from_fn(auth))
             }",
        );
        assert_eq!(direct, vec!["crate::api::show", "crate::api::{closure#4}"]);
        assert_eq!(
            refs,
            vec![
                "crate::users::create",
                "crate::api::plain",
                "crate::api::auth"
            ]
        );
    }

    #[test]
    fn actix_attributes_resources_and_traits() {
        let (direct, refs) = handlers(
            "use actix_web::{get, web, App, HttpResponse, ResponseError};
             #[get(\"/\")] async fn index() -> HttpResponse { HttpResponse::Ok().finish() }
             async fn list(q: web::Query<Filter>) -> HttpResponse { HttpResponse::Ok().finish() }
             async fn delete_item() -> HttpResponse { HttpResponse::Ok().finish() }
             impl ResponseError for AppError { fn error_response(&self) -> HttpResponse { HttpResponse::Ok().finish() } }
             fn config(cfg: &mut web::ServiceConfig) {
                 cfg.service(web::resource(\"/items\").route(web::delete().to(delete_item)));
             }",
        );
        assert_eq!(
            direct,
            vec![
                "crate::api::index",
                "crate::api::list",
                "crate::api::AppError::error_response"
            ]
        );
        assert_eq!(refs, vec!["crate::api::delete_item"]);
    }

    #[test]
    fn rocket_macro_use_and_routes_macro() {
        let (direct, refs) = handlers(
            "#[macro_use] extern crate rocket;
             #[get(\"/<id>\")] fn note(id: i64) -> String { id.to_string() }
             #[launch] fn rocket() -> _ { rocket::build().mount(\"/\", routes![note, notes::create]) }",
        );
        assert_eq!(direct, vec!["crate::api::note"]);
        assert_eq!(
            refs,
            vec!["crate::api::note", "notes::create"],
            "an undeclared module stays as written"
        );
    }

    #[test]
    fn warp_filters_and_poem_handlers() {
        let (_, refs) = handlers(
            "use warp::Filter;
             mod handlers;
             fn routes() -> impl Filter { warp::path(\"todos\").and(warp::get()).and_then(handlers::list_todos) }",
        );
        assert_eq!(refs, vec!["crate::api::handlers::list_todos"]);
        let (direct, _) = handlers("use poem::{handler, web::Path}; #[handler] fn hello(Path(name): Path<String>) -> String { name }");
        assert_eq!(direct, vec!["crate::api::hello"]);
    }

    /// Whether the walk of `code` says the file registers handlers (makes its crate a server).
    fn registers_handlers(code: &str) -> bool {
        let source = SourceFile::new("t.rs".into(), code.to_string());
        let syntax = syn::parse_file(code).unwrap();
        let model = FileModel {
            source: &source,
            imports: Imports::collect(&syntax, vec!["crate".into()], None),
            fields: FieldTypes::collect(&syntax),
            types: crate::semantic::types::TypeFacts::collect(&syntax),
            constants: crate::semantic::constants::FileConstants::collect(&syntax),
            features: None,
            taint: &crate::semantic::models::models().taint,
            kind: FileKind::Service,
            sql_dialects: Vec::new(),
            member_libraries: &[],
            sql: Default::default(),
        };
        walk(&syntax, &model, &Dispatch::new([]))
            .facts
            .registers_handlers
    }

    #[test]
    fn only_routes_outside_tests_register_handlers() {
        let layer = "use axum::Router;
             async fn count(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response { next.run(req).await }
             pub fn with_count(r: Router) -> Router { r.layer(axum::middleware::from_fn(count)) }";
        assert!(!registers_handlers(layer), "middleware only");
        let tested = format!(
            "{layer}\n#[cfg(test)] mod tests {{ fn app() -> axum::Router {{ axum::Router::new().route(\"/\", axum::routing::get(super::count)) }} }}"
        );
        assert!(!registers_handlers(&tested), "routes in a test module");
        let routed = format!(
            "{layer}\npub fn app() -> Router {{ Router::new().route(\"/\", axum::routing::get(count)) }}"
        );
        assert!(registers_handlers(&routed));
    }

    #[test]
    fn look_alikes_are_not_handlers() {
        let (direct, refs) = handlers(
            "use std::collections::HashMap;
             #[derive(serde::Deserialize)] struct Json { a: u8 }
             fn parse(j: Json) -> u8 { j.a }
             fn lookup(m: &HashMap<u8, u8>) -> Option<&u8> { m.get(&1).map(|v| v) }
             #[test] fn t() {}",
        );
        assert!(direct.is_empty(), "{direct:?}");
        assert!(refs.is_empty(), "{refs:?}");
    }

    #[test]
    fn scope_tracks_tests_main_async_and_loops() {
        let code = "fn main() { for x in 0..3 { async { x }; } }
                    #[cfg(test)] mod tests { #[test] fn t() {} }";
        let source = SourceFile::new("t.rs".into(), code.to_string());
        let syntax = syn::parse_file(code).unwrap();
        let model = FileModel {
            source: &source,
            imports: Imports::collect(&syntax, vec!["crate".into()], None),
            fields: FieldTypes::collect(&syntax),
            types: crate::semantic::TypeFacts::collect(&syntax),
            constants: crate::semantic::constants::FileConstants::collect(&syntax),
            features: None,
            taint: &crate::semantic::models::models().taint,
            kind: FileKind::Service,
            sql_dialects: Vec::new(),
            member_libraries: &[],
            sql: Default::default(),
        };
        let output = walk(&syntax, &model, &Dispatch::new([]));
        let functions = &output.facts.functions;
        assert_eq!(functions.len(), 2);
        assert!(!functions[0].is_test && functions[1].is_test);
        assert_eq!(functions[1].path, "crate::tests::t");
        assert_eq!(
            output.item_lines.len(),
            3,
            "main, the test module and the test fn"
        );
    }
}
