//! The walker's half of taint tracking: keeping each function's [`TaintEnv`] up to date as the
//! traversal goes (parameters and sources at entry, `let`, assignments, mutating calls, loop,
//! `match` and closure patterns, each binding ending with its scope), and recording the facts
//! the crate pass needs to follow values across functions (call sites with tainted arguments,
//! return values, parameters, conversions from text).

use syn::spanned::Spanned;

use super::Walker;
use crate::semantic::facts::{
    CallSite, Conversion, ConversionImpl, HandlerEvidence, LocalFnId, ParamFact, SourceFact,
    SourceKind,
};
use crate::semantic::fallible_operations::is_connection_type;
use crate::semantic::frameworks::{is_extractor_type, Route};
use crate::semantic::index::UBIQUITOUS_METHODS;
use crate::semantic::models::{ArgPattern, SinkKind};
use crate::semantic::syntax::{
    bindings, block_diverges, call_name, macro_args, macro_name, matches_args, peel,
    type_arguments, type_last_ident, type_path,
};
use crate::semantic::taint::{
    allow_listed, is_numeric_type, takes_closure, Origin, SourceId, Taint, TaintCx, TaintEnv,
};
use crate::semantic::FileKind;
use crate::semantic::{charset, flag_checks, path_checks, url_checks, validators};

/// One parameter of a function or routed closure.
pub(super) struct Param<'n> {
    pub pat: Option<&'n syn::Pat>,
    pub ty: Option<&'n syn::Type>,
    pub span: proc_macro2::Span,
}

/// Methods that add their arguments to their receiver.
const MUTATORS: &[&str] = &[
    "push_str",
    "push",
    "extend",
    "insert_str",
    "append",
    "write_str",
    "push_back",
    "push_front",
    "extend_from_slice",
];

impl Walker<'_, '_> {
    pub(super) fn env(&self) -> &TaintEnv {
        self.envs
            .last()
            .expect("the module-level environment is never popped")
    }

    fn env_mut(&mut self) -> &mut TaintEnv {
        self.envs
            .last_mut()
            .expect("the module-level environment is never popped")
    }

    pub(super) fn start_statement(&mut self) {
        self.env_mut().start_statement();
    }

    pub(super) fn taint_cx(&self) -> TaintCx<'_> {
        TaintCx {
            model: self.model,
            scope: &self.scope,
            env: self.env(),
        }
    }

    pub(super) fn eval(&self, expr: &syn::Expr) -> Taint {
        self.taint_cx().eval(expr)
    }

    /// Starts a function's environment: request sources for handler parameters that carry
    /// input, `Param(i)` origins for the others, and the declared types of all. A parameter
    /// bound to a segment of the handler's `route` may have been sanitised by the framework.
    pub(super) fn enter_params(
        &mut self,
        params: &[Param<'_>],
        handler: Option<HandlerEvidence>,
        route: Option<&Route>,
    ) {
        self.envs.push(TaintEnv::default());
        let function = self.scope.function.expect("called inside a function");
        let converts = self
            .out
            .facts
            .conversions
            .iter()
            .any(|conversion| conversion.function == function);
        for (index, param) in params.iter().enumerate() {
            let location = self
                .model
                .source
                .location(self.model.source.span_of(param.span));
            // A connection (a crate's `DbConn` extractor) is application state too.
            let is_input = param.ty.is_some_and(|ty| {
                !is_state_type(ty)
                    && !type_last_ident(ty)
                        .is_some_and(|name| is_connection_type(&name.to_string()))
            });
            self.out.facts.functions[function].params.push(ParamFact {
                is_input,
                type_name: param.ty.and_then(type_last_ident).map(ToString::to_string),
                location: location.clone(),
            });
            let (Some(pat), Some(ty)) = (param.pat, param.ty) else {
                continue;
            };
            for name in bindings(pat) {
                if let Some(type_name) = type_last_ident(ty) {
                    let declared = match type_name.to_string().as_str() {
                        // `Json<T>`, `Path<T>`: the bound name has the inner type.
                        "Json" | "Path" | "Query" | "Form" | "State" | "Extension" | "Data" => {
                            type_arguments(ty)
                                .first()
                                .and_then(|inner| type_last_ident(inner))
                                .map(ToString::to_string)
                        }
                        other => Some(other.to_string()),
                    };
                    if let Some(declared) = declared {
                        self.env_mut().set_type(name.to_string(), declared);
                    }
                }
            }
            let last = index + 1 == params.len();
            let guard = route
                .and_then(|route| route.bound.as_ref())
                .is_some_and(|bound| {
                    !bindings(pat)
                        .iter()
                        .any(|name| bound.contains(&name.to_string()))
                });
            let description =
                handler.and_then(|evidence| self.source_description(ty, evidence, last, guard));
            match description {
                Some(description) => {
                    let (safe_for, converted_by) = route
                        .map(|route| self.segment_conversion(route, pat, ty))
                        .unwrap_or_default();
                    let id = self.push_source(SourceFact {
                        location: location.clone(),
                        description: description.clone(),
                        kind: SourceKind::Request,
                        safe_for: safe_for.clone(),
                        converted_by,
                    });
                    let taint = Taint {
                        origins: vec![Origin::Source(id)],
                        ..Taint::default()
                    }
                    .sanitized_for(&safe_for)
                    .with_step(
                        location.span,
                        format!("request input enters here ({description})"),
                    );
                    self.bind_extracted(pat, ty, taint);
                }
                // A conversion from text (`FromParam::from_param`) is called by the framework:
                // what it returns of its parameters is what it lets through. A handler's
                // parameter of a type the framework does not know may be the crate's own
                // extractor: the crate pass decides (`FileFacts::request_extractors`).
                None if handler.is_none() || converts || is_input => {
                    let taint = Taint {
                        origins: vec![Origin::Param(index as u16)],
                        numeric: is_numeric_type(ty),
                        ..Taint::default()
                    };
                    self.bind_pattern(pat, &taint, false);
                }
                None => {}
            }
        }
    }

    /// What the framework did to a handler parameter bound to a segment of the handler's
    /// `route`: the sink kinds its own conversion made the value safe for (rocket's
    /// `file: PathBuf` bound to `<file..>`), or the conversion a type of the crate implements
    /// (`id: FileId` and `impl FromParam for FileId`), which the crate pass judges.
    fn segment_conversion(
        &self,
        route: &Route,
        pat: &syn::Pat,
        ty: &syn::Type,
    ) -> (Vec<SinkKind>, Option<Conversion>) {
        let (syn::Pat::Ident(binding), Some(path)) = (pat, type_path(ty)) else {
            return Default::default();
        };
        let is_segment = route
            .segments
            .iter()
            .any(|segment| binding.ident == segment);
        let Some(model) = self
            .model
            .taint
            .route_segment(route.framework)
            .filter(|_| is_segment)
        else {
            return Default::default();
        };
        let safe_for = model.safe_kinds(&self.model.resolve(path));
        let own_type = self
            .model
            .local_path(path, &self.scope.module)
            .starts_with("crate::");
        let converted_by = own_type.then(|| Conversion {
            type_name: path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .unwrap_or_default(),
            trait_name: model.conversion.clone(),
        });
        (safe_for, converted_by)
    }

    /// Records a function that implements a conversion frameworks use for route segments
    /// (`fn from_param` of `impl FromParam for FileId`): the crate pass asks whether every such
    /// implementation for a type validates.
    pub(super) fn note_conversion(
        &mut self,
        trait_path: &syn::Path,
        self_type: &str,
        function: LocalFnId,
    ) {
        let Some(trait_name) = trait_path.segments.last().map(|s| s.ident.to_string()) else {
            return;
        };
        if !self.model.taint.is_segment_conversion(&trait_name) {
            return;
        }
        let type_name = self_type
            .rsplit("::")
            .next()
            .unwrap_or(self_type)
            .to_string();
        self.out.facts.conversions.push(ConversionImpl {
            conversion: Conversion {
                type_name,
                trait_name,
            },
            function,
            // Narrowed by every value it returns.
            safe_for: SinkKind::NAMED.iter().map(|(_, kind)| *kind).collect(),
        });
    }

    /// Records a source of input.
    fn push_source(&mut self, source: SourceFact) -> SourceId {
        let id = self.out.facts.sources.len() as SourceId;
        self.out.facts.sources.push(source);
        id
    }

    /// Ends a function's environment, recording the taint of its tail expression.
    pub(super) fn leave_function(&mut self, tail: Option<&syn::Expr>) {
        if let Some(tail) = tail {
            self.record_return(tail);
        }
        if let Some(function) = self.scope.function {
            // A function that checks its values (`safe_join(base, name) -> PathBuf`) returns a
            // checked value for that sink kind only: the crate pass asks `guards(.., kind)`.
            self.out.facts.functions[function].guarded_kinds = self.env().guarded().to_vec();
        }
        self.envs.pop();
    }

    /// Why a handler parameter is request input, or `None` for application state.
    fn source_description(
        &self,
        ty: &syn::Type,
        evidence: HandlerEvidence,
        last: bool,
        guard: bool,
    ) -> Option<String> {
        let name = type_last_ident(ty)?.to_string();
        if self.model.taint.source_extractors.contains(&name)
            && is_extractor_type(&self.model.imports, ty)
        {
            return Some(format!("`{name}` extractor"));
        }
        // Rocket-style attribute handlers bind route segments, query parameters and bodies to
        // plain parameters; warp and routed closures receive filter outputs.
        // A parameter its route does not name is a request guard (rocket's `FromRequest`):
        // authentication, connections, application state, as other frameworks' extractors.
        let plain_input = matches!(
            evidence,
            HandlerEvidence::Attribute | HandlerEvidence::RoutedClosure
        ) && !guard
            && !is_state_type(ty)
            && !is_extractor_type(&self.model.imports, ty);
        if plain_input {
            return Some("handler parameter".to_string());
        }
        // Next to extractors, a last `String` or `Vec<u8>` parameter is the request body (axum,
        // actix-web and poem all extract it so; axum requires the body last). An earlier one
        // is more likely an async helper's argument (`audit(&req, message)`).
        let body = evidence == HandlerEvidence::Extractor && last && is_body_type(ty);
        body.then(|| "request body".to_string())
    }

    /// Binds an extractor pattern: `Path((a, b)): Path<(String, i64)>` taints `a` as text and
    /// `b` as a number; other patterns taint every bound name.
    fn bind_extracted(&mut self, pat: &syn::Pat, ty: &syn::Type, taint: Taint) {
        let inner_types = type_arguments(ty);
        let inner = inner_types.first().copied();
        if let (syn::Pat::TupleStruct(wrapper), Some(syn::Type::Tuple(types))) = (pat, inner) {
            if let [syn::Pat::Tuple(tuple)] = wrapper.elems.iter().collect::<Vec<_>>()[..] {
                if tuple.elems.len() == types.elems.len() {
                    for (element, element_type) in tuple.elems.iter().zip(&types.elems) {
                        let mut element_taint = taint.clone();
                        element_taint.numeric = is_numeric_type(element_type);
                        self.bind_pattern(element, &element_taint, true);
                    }
                    return;
                }
            }
        }
        let mut taint = taint;
        taint.numeric = inner.map_or_else(|| is_numeric_type(ty), is_numeric_type);
        self.bind_pattern(pat, &taint, true);
    }

    /// Walks a lexical scope: the names `walk` declares shadow the outer ones until it ends.
    /// `values` are the scope's result expressions (a block's tail, an arm's body, a closure's
    /// body), evaluated before its names go out of scope (when it declared any: otherwise they
    /// mean later what they mean now). Expressions parsed from a macro body do not outlive
    /// their walk, so their values are not kept.
    pub(super) fn scoped(&mut self, values: &[&syn::Expr], walk: impl FnOnce(&mut Self)) {
        self.env_mut().open_scope();
        walk(self);
        let settled = if self.in_macro_body == 0 && self.env().scope_declares() {
            values
                .iter()
                .map(|value| {
                    let taint = self.eval(value);
                    let alone = self.taint_cx().each_origin_alone(value, &taint);
                    (*value, taint, alone)
                })
                .collect()
        } else {
            Vec::new()
        };
        self.env_mut().close_scope(settled);
    }

    /// Binds every name of a pattern to `taint`, adding a "flows into" step when asked.
    fn bind_pattern(&mut self, pat: &syn::Pat, taint: &Taint, step: bool) {
        // `Params { term, page }`: a field that serde can only fill with a number or an enum
        // variant binds a number.
        if let syn::Pat::Struct(pattern) = pat {
            let clean = Taint::default();
            let taint = if self.is_server_generated_pattern(&pattern.path) {
                &clean
            } else {
                taint
            };
            for field in &pattern.fields {
                let scalar = matches!(&field.member, syn::Member::Named(name) if self.model.fields.is_scalar(&name.to_string()));
                if scalar && !taint.is_clean() {
                    let mut number = taint.clone();
                    number.numeric = true;
                    self.bind_pattern(&field.pat, &number, step);
                } else {
                    self.bind_pattern(&field.pat, taint, step);
                }
            }
            return;
        }
        match pat {
            // `SavedData::File(path, _)`: what the library made on the server.
            syn::Pat::TupleStruct(wrapper) if self.is_server_generated_pattern(&wrapper.path) => {
                for element in &wrapper.elems {
                    self.bind_pattern(element, &Taint::default(), step);
                }
                return;
            }
            syn::Pat::TupleStruct(wrapper) => {
                for element in &wrapper.elems {
                    self.bind_pattern(element, taint, step);
                }
                return;
            }
            syn::Pat::Tuple(tuple) => {
                for element in &tuple.elems {
                    self.bind_pattern(element, taint, step);
                }
                return;
            }
            syn::Pat::Reference(reference) => {
                return self.bind_pattern(&reference.pat, taint, step)
            }
            syn::Pat::Paren(paren) => return self.bind_pattern(&paren.pat, taint, step),
            _ => {}
        }
        for name in bindings(pat) {
            let mut bound = taint.clone();
            if step && !bound.is_clean() {
                let span = self.model.source.span_of(name.span());
                bound = bound.with_step(span, format!("flows into `{name}`"));
            }
            let name = name.to_string();
            self.env_mut().declare(&name);
            self.env_mut().bind(name, bound);
        }
    }

    fn is_server_generated_pattern(&self, path: &syn::Path) -> bool {
        let resolved = self.model.resolve(path);
        self.model
            .taint
            .server_generated
            .patterns
            .iter()
            .any(|pattern| pattern.matches_path(&resolved))
    }

    /// Records a call whose result the function checks: `validate(p)?`, `if !allowed(p)`,
    /// `if check(p).is_err()`, `match verify(p)`, `let Ok(..) = check(p) else { .. }`. Only such
    /// a call to a validator guards the function (see `CrateIndex::guards`).
    fn note_checked_call(&mut self, expr: &syn::Expr) {
        let checked = match expr {
            syn::Expr::Try(attempt) => Some(&*attempt.expr),
            syn::Expr::If(choice) => Some(&*choice.cond),
            syn::Expr::Match(choice) => Some(&*choice.expr),
            _ => None,
        };
        if let Some(checked) = checked {
            self.record_checked(checked);
        }
    }

    fn record_checked(&mut self, expr: &syn::Expr) {
        let expr = match peel(expr) {
            syn::Expr::Unary(not) => peel(&not.expr),
            syn::Expr::Let(binding) => peel(&binding.expr),
            syn::Expr::MethodCall(verdict)
                if matches!(
                    verdict.method.to_string().as_str(),
                    "is_err" | "is_ok" | "is_some" | "is_none"
                ) =>
            {
                peel(&verdict.receiver)
            }
            other => other,
        };
        let (Some(function), Some(callee)) =
            (self.scope.function, self.model.call_ref(expr, &self.scope))
        else {
            return;
        };
        self.out.facts.functions[function]
            .checked_calls
            .push(callee);
    }

    /// After a `let` has been walked: bind its names, types and the formatted-SQL mark.
    pub(super) fn bind_local(&mut self, local: &syn::Local) {
        let (pat, ty) = match &local.pat {
            syn::Pat::Type(typed) => (&*typed.pat, Some(&*typed.ty)),
            other => (other, None),
        };
        let Some(init) = &local.init else {
            return;
        };
        // Declared before its facts are set, so that the scope's end restores the outer ones.
        for name in bindings(pat) {
            self.env_mut().declare(&name.to_string());
        }
        // `let Ok(access) = check(p) else { return .. };`
        if init.diverge.is_some() {
            self.record_checked(&init.expr);
            if path_checks::pattern_inspects_components(pat) {
                self.guard_paths();
            }
        }
        let mut taint = self.eval(&init.expr);
        if ty.is_some_and(is_numeric_type) {
            taint.numeric = true;
        }
        let constructed = ty
            .and_then(type_last_ident)
            .map(ToString::to_string)
            .or_else(|| constructed_type(&init.expr));
        let formatted = self.taint_cx().built_from_non_constants(&init.expr);
        let host_check = {
            let cx = self.taint_cx();
            let server_chosen = |list: &syn::Expr| cx.eval(list).is_clean();
            url_checks::allow_list_check(
                &init.expr,
                &self.model.taint.destination.host_methods,
                &server_chosen,
            )
        };
        let constant = taint.is_clean()
            && (self.taint_cx().is_constant_like(&init.expr)
                || self.taint_cx().is_scalar(&init.expr));
        if let syn::Pat::Ident(ident) = pat {
            let name = ident.ident.to_string();
            self.env_mut().set_constant(name.clone(), constant);
            self.env_mut().set_host_check(name.clone(), host_check);
            if let Some(constructed) = constructed {
                self.env_mut().set_type(name.clone(), constructed);
            }
            if let Some(span) = formatted {
                self.env_mut().mark_formatted(name, span);
            }
        }
        if ty.is_none() && self.bind_returned_tuple(pat, &init.expr) {
            return;
        }
        let alone = match pat {
            syn::Pat::Ident(_) => self.taint_cx().each_origin_alone(&init.expr, &taint),
            _ => Vec::new(),
        };
        self.bind_pattern(pat, &taint, true);
        if let syn::Pat::Ident(ident) = pat {
            let name = ident.ident.to_string();
            let unset = matches!(peel(&init.expr), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Bool(b), .. }) if !b.value);
            self.env_mut().set_unset_flag(&name, unset);
            self.env_mut().bind_alone(name, alone);
        }
    }

    /// Binds `for` patterns, `match` arms, `if let` and closure parameters to the taint of
    /// the value they destructure.
    pub(super) fn bind_from(&mut self, pat: &syn::Pat, source: &syn::Expr) {
        let taint = self.eval(source);
        self.bind_destructured(pat, taint, is_enumerated(source));
    }

    /// Binds a pattern that destructures a value of taint `taint`; `enumerated` when the value
    /// is an item of `.enumerate()`.
    pub(super) fn bind_destructured(&mut self, pat: &syn::Pat, taint: Taint, enumerated: bool) {
        // A clean value still rebinds the names: they must not keep an outer local's taint.
        match pat {
            syn::Pat::Tuple(pair) if enumerated && pair.elems.len() == 2 => {
                let mut index = taint.clone();
                index.numeric = true;
                self.bind_pattern(&pair.elems[0], &index, true);
                self.bind_pattern(&pair.elems[1], &taint, true);
            }
            _ => self.bind_pattern(pat, &taint, true),
        }
    }

    /// Environment updates and facts after an expression's children were walked.
    pub(super) fn after_expr(&mut self, expr: &syn::Expr) {
        self.note_checked_call(expr);
        match expr {
            syn::Expr::Let(binding) => {
                if path_checks::pattern_inspects_components(&binding.pat) {
                    self.guard_paths();
                }
                self.bind_from(&binding.pat, &binding.expr);
            }
            syn::Expr::Assign(assign) => {
                let taint = self.eval(&assign.right);
                match peel(&assign.left) {
                    syn::Expr::Path(path) if path.path.get_ident().is_some() => {
                        let name = path.path.segments[0].ident.to_string();
                        // An assignment ends what the local held: a check, a flag still unset.
                        self.env_mut().set_host_check(name.clone(), None);
                        self.env_mut().set_unset_flag(&name, false);
                        let span = self.model.source.span_of(assign.left.span());
                        self.env_mut().bind(
                            name.clone(),
                            taint.with_step(span, format!("flows into `{name}`")),
                        );
                    }
                    other => self.extend_root(other, taint),
                }
            }
            syn::Expr::Binary(binary) if is_compound_assignment(&binary.op) => {
                let taint = self.eval(&binary.right);
                self.extend_root(&binary.left, taint);
            }
            syn::Expr::Binary(binary) if is_ordering(&binary.op) => {
                for side in [&*binary.left, &*binary.right] {
                    if let syn::Expr::Path(path) = crate::semantic::syntax::chain_root(side) {
                        if let Some(ident) = path.path.get_ident() {
                            self.env_mut().mark_bounded(ident.to_string());
                        }
                    }
                }
            }
            syn::Expr::MethodCall(call) => {
                let name = call.method.to_string();
                if MUTATORS.contains(&name.as_str()) {
                    let mut taint = call
                        .args
                        .iter()
                        .map(|a| self.eval(a))
                        .fold(Taint::default(), Taint::union);
                    // Text added after a `?` or `#` the local already holds is its query.
                    let root = match crate::semantic::syntax::chain_root(&call.receiver) {
                        syn::Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
                        _ => None,
                    };
                    if let Some(root) = &root {
                        if self.env().in_query(root) {
                            taint = taint.sanitized_for(DESTINATIONS);
                        } else if call.args.iter().any(starts_query) {
                            self.env_mut().start_query(root);
                        }
                    }
                    self.extend_root(&call.receiver, taint);
                }
                if path_checks::is_path_method_check(call) {
                    self.guard_paths();
                }
                if classifies_address(&name) {
                    self.env_mut().guard(SinkKind::Url);
                }
                self.record_method_call(call, expr);
            }
            syn::Expr::Call(call) => {
                if call_name(expr).is_some_and(|name| classifies_address(&name)) {
                    self.env_mut().guard(SinkKind::Url);
                }
                self.record_function_call(call, expr);
            }
            syn::Expr::Path(path) if path_checks::is_component_variant(&path.path) => {
                self.guard_paths();
            }
            syn::Expr::Match(choice)
                if choice
                    .arms
                    .iter()
                    .any(|arm| path_checks::pattern_inspects_components(&arm.pat)) =>
            {
                self.guard_paths();
            }
            syn::Expr::If(expr_if) => {
                if let Some((name, kinds)) = allow_listed(expr_if) {
                    self.env_mut().sanitize(&name, kinds);
                }
                if let Some(value) = self.flag_checked_after(expr_if) {
                    self.env_mut().sanitize(&value, DESTINATIONS);
                }
                let cx = self.taint_cx();
                let server_chosen = |list: &syn::Expr| cx.eval(list).is_clean();
                let allowed = url_checks::allowed_after(
                    expr_if,
                    &self.model.taint.destination.host_methods,
                    &server_chosen,
                );
                if let Some(url) = allowed {
                    self.env_mut().sanitize(&url, DESTINATIONS);
                }
                if let Some(path) = url_checks::local_path_after(expr_if) {
                    self.env_mut().sanitize(&path, &[SinkKind::Redirect]);
                }
                if let Some(check) = charset::passed_after(expr_if, &|e| self.value_check(e)) {
                    self.env_mut().sanitize(&check.name, &check.kinds);
                }
            }
            syn::Expr::Return(ret) => {
                if let Some(value) = &ret.expr {
                    self.record_return(value);
                }
            }
            _ => {}
        }
    }

    /// `write!(buf, ..)` and `writeln!(buf, ..)` add their arguments to `buf`; `matches!(c,
    /// Component::Normal(_))` inspects a path's components.
    pub(super) fn after_macro(&mut self, mac: &syn::Macro) {
        let name = macro_name(mac);
        if name == "matches" {
            let inspects = matches_args(mac)
                .is_some_and(|(_, pat)| path_checks::pattern_inspects_components(&pat));
            if inspects {
                self.guard_paths();
            }
            return;
        }
        if !matches!(name.as_str(), "write" | "writeln") {
            return;
        }
        let args = macro_args(mac);
        let Some((target, rest)) = args.exprs.split_first() else {
            return;
        };
        let captured = args
            .captures()
            .into_iter()
            .filter_map(|name| self.env().get(&name).cloned())
            .fold(Taint::default(), Taint::union);
        let taint = rest
            .iter()
            .map(|e| self.eval(e))
            .fold(captured, Taint::union);
        self.extend_root(target, taint);
    }

    /// In a branch taken only where a character-class check passed (`cond` evaluated to
    /// `branch`), the checked local is safe for what the check allows (see [`charset`]).
    pub(super) fn assume_charset_passed(&mut self, cond: &syn::Expr, branch: bool) {
        if let Some(check) = charset::passed_where(cond, branch, &|e| self.value_check(e)) {
            self.narrow(&check.name, &check.kinds);
        }
    }

    /// A check on one local in `expr`: a character-class allow-list (see [`charset`]) or a
    /// validating parse (see [`validators`]).
    fn value_check(&self, expr: &syn::Expr) -> Option<charset::CharsetCheck> {
        let taint = self.model.taint;
        charset::check(expr, &taint.char_classes).or_else(|| {
            validators::check(expr, &|path| {
                taint.validated_kinds(&self.model.resolve(path))
            })
        })
    }

    /// In a branch taken only where a host allow-list passed (`cond` evaluated to `branch`),
    /// the checked URL is safe to redirect to or request (see [`url_checks`]); a boolean
    /// local bound to such a check counts as the check.
    pub(super) fn assume_host_allowed(&mut self, cond: &syn::Expr, branch: bool) {
        let checked = self.host_allowed_when(cond, branch);
        if let Some(url) = checked {
            self.narrow(&url, DESTINATIONS);
        }
        if let Some(path) = url_checks::local_path_when(cond, branch) {
            self.narrow(&path, &[SinkKind::Redirect]);
        }
    }

    /// After a loop over an allow-list that sets a flag (see [`flag_checks`]): the flag holds
    /// the check when it was still unset (`let mut found = false`, not assigned since) as the
    /// loop began, `unset_at_entry`.
    pub(super) fn note_loop_membership(
        &mut self,
        for_loop: &syn::ExprForLoop,
        unset_at_entry: &std::collections::HashSet<String>,
    ) {
        let cx = self.taint_cx();
        let server_chosen = |list: &syn::Expr| cx.eval(list).is_clean();
        if let Some((flag, value)) = flag_checks::loop_membership(for_loop, &server_chosen) {
            if unset_at_entry.contains(&flag) {
                self.env_mut().set_host_check(flag, Some(value));
            }
        }
    }

    /// The value an early exit on a failed allow-list flag vouches for: `if !found { return
    /// .. }` where `found` holds such a check (see [`flag_checks`]).
    fn flag_checked_after(&self, expr_if: &syn::ExprIf) -> Option<String> {
        let leaves = expr_if.else_branch.is_none() && block_diverges(&expr_if.then_branch);
        let syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Not(_),
            expr: flag,
            ..
        }) = peel(&expr_if.cond)
        else {
            return None;
        };
        let syn::Expr::Path(flag) = peel(flag) else {
            return None;
        };
        let flag = flag.path.get_ident()?.to_string();
        leaves
            .then(|| self.env().host_check(&flag).map(str::to_string))
            .flatten()
    }

    fn host_allowed_when(&self, cond: &syn::Expr, branch: bool) -> Option<String> {
        if let syn::Expr::Path(path) = peel(cond) {
            let name = path.path.get_ident()?.to_string();
            return self
                .env()
                .host_check(&name)
                .filter(|_| branch)
                .map(str::to_string);
        }
        if let syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Not(_),
            expr,
            ..
        }) = peel(cond)
        {
            if matches!(peel(expr), syn::Expr::Path(_)) {
                return self.host_allowed_when(expr, !branch);
            }
        }
        let cx = self.taint_cx();
        let server_chosen = |list: &syn::Expr| cx.eval(list).is_clean();
        url_checks::allowed_when(
            cond,
            branch,
            &self.model.taint.destination.host_methods,
            &server_chosen,
        )
    }

    /// Shadows a local, for the current scope, with its value made safe for `kinds`.
    fn narrow(&mut self, name: &str, kinds: &[SinkKind]) {
        if let Some(taint) = self.env().get(name).cloned() {
            self.env_mut().declare(name);
            self.env_mut()
                .bind(name.to_string(), taint.sanitized_for(kinds));
        }
    }

    /// The function checks its paths (see [`path_checks`]), unless the check's verdict is
    /// thrown away (`let _ = p.components().all(..);`).
    fn guard_paths(&mut self) {
        if !self.in_discarded_check {
            self.env_mut().guard(SinkKind::Path);
        }
    }

    fn extend_root(&mut self, target: &syn::Expr, taint: Taint) {
        if taint.is_clean() {
            return;
        }
        if let syn::Expr::Path(path) = crate::semantic::syntax::chain_root(target) {
            if let Some(ident) = path.path.get_ident() {
                let name = ident.to_string();
                self.env_mut().extend(&name, taint);
            }
        }
    }

    fn record_return(&mut self, value: &syn::Expr) {
        self.record_returned_elements(value);
        let taint = self.eval(value);
        if let Some(function) = self.scope.function {
            let conversion = self
                .out
                .facts
                .conversions
                .iter_mut()
                .find(|conversion| conversion.function == function);
            if let Some(conversion) = conversion {
                conversion.safe_for.retain(|kind| !taint.reaches(*kind));
            }
        }
        let origins_safe_for = self.returned_origins_safe_for(value, &taint);
        let origins = taint.passed_origins();
        if let Some(function) = self.scope.function {
            let fact = &mut self.out.facts.functions[function];
            for (origin, safe_for) in origins_safe_for {
                match fact
                    .returned_origins_safe_for
                    .iter_mut()
                    .find(|(known, _)| *known == origin)
                {
                    Some((_, known)) => known.retain(|kind| safe_for.contains(kind)),
                    None => fact.returned_origins_safe_for.push((origin, safe_for)),
                }
            }
            let returns = &mut fact.returns;
            for origin in origins {
                if !returns.contains(&origin) {
                    returns.push(origin);
                }
            }
        }
    }

    /// For each origin of a returned value, the sink kinds its part of the value is safe for
    /// when every other origin is clean (see `FnFact::returned_origins_safe_for`).
    fn returned_origins_safe_for(
        &self,
        value: &syn::Expr,
        taint: &Taint,
    ) -> Vec<(Origin, Vec<SinkKind>)> {
        if taint.origins.len() < 2 {
            // Alone, an origin is as safe as the whole value.
            return taint
                .origins
                .iter()
                .map(|origin| (*origin, safe_kinds(taint)))
                .collect();
        }
        self.taint_cx()
            .each_origin_alone(value, taint)
            .into_iter()
            .map(|(origin, alone)| (origin, safe_kinds(&alone)))
            .collect()
    }

    /// Where each element of a returned tuple comes from (`Ok((auth_url, session))`); an
    /// error (`Err(..)`) returns none, any other value makes the elements unknown.
    fn record_returned_elements(&mut self, value: &syn::Expr) {
        let Some(function) = self.scope.function else {
            return;
        };
        let mut value = peel(value);
        while let syn::Expr::Call(call) = value {
            let wrapper = match peel(&call.func) {
                syn::Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
                _ => None,
            };
            match wrapper.as_deref() {
                Some("Err") => return,
                Some("Ok" | "Some") if call.args.len() == 1 => value = peel(&call.args[0]),
                _ => break,
            }
        }
        let elements: Option<Vec<Vec<Origin>>> = match value {
            syn::Expr::Tuple(tuple) => Some(
                tuple
                    .elems
                    .iter()
                    .map(|element| self.eval(element).passed_origins())
                    .collect(),
            ),
            _ => None,
        };
        let fact = &mut self.out.facts.functions[function];
        match elements {
            Some(elements)
                if fact.element_returns.is_empty()
                    || fact.element_returns.len() == elements.len() =>
            {
                fact.element_returns.resize(elements.len(), Vec::new());
                for (known, origins) in fact.element_returns.iter_mut().zip(elements) {
                    for origin in origins {
                        if !known.contains(&origin) {
                            known.push(origin);
                        }
                    }
                }
            }
            _ => fact.returns_other = true,
        }
    }

    /// Binds `let (a, b) = f(..)?` element by element when `f` is a recorded call: each name
    /// gets what the callee returns in its place (see [`Origin::Element`]). `false` when the
    /// pattern or value has another shape.
    pub(super) fn bind_returned_tuple(&mut self, pat: &syn::Pat, init: &syn::Expr) -> bool {
        let mut pat = pat;
        while let syn::Pat::TupleStruct(wrapper) = pat {
            match wrapper.elems.iter().collect::<Vec<_>>()[..] {
                [inner] if wrapper.path.is_ident("Ok") || wrapper.path.is_ident("Some") => {
                    pat = inner
                }
                _ => return false,
            }
        }
        let syn::Pat::Tuple(tuple) = pat else {
            return false;
        };
        let mut call = peel(init);
        loop {
            match call {
                syn::Expr::Try(attempt) => call = peel(&attempt.expr),
                syn::Expr::Await(wait) => call = peel(&wait.base),
                syn::Expr::MethodCall(method)
                    if matches!(method.method.to_string().as_str(), "unwrap" | "expect") =>
                {
                    call = peel(&method.receiver)
                }
                _ => break,
            }
        }
        let Some(Origin::Call(id)) = self.env().recorded(call) else {
            return false;
        };
        let taint = self.eval(init);
        for (at, element) in tuple.elems.iter().enumerate() {
            let mut bound = taint.clone();
            for origin in &mut bound.origins {
                if *origin == Origin::Call(id) {
                    *origin = Origin::Element(id, at as u16);
                }
            }
            self.bind_pattern(element, &bound, true);
        }
        true
    }

    /// Sources (`std::env::args()`) and calls that may reach crate functions with taint.
    fn record_function_call(&mut self, call: &syn::ExprCall, expr: &syn::Expr) {
        let syn::Expr::Path(func) = peel(&call.func) else {
            return;
        };
        let resolved = self.model.resolve(&func.path);
        let taint_models = self.model.taint;
        let is_one_of =
            |patterns: &[ArgPattern]| patterns.iter().any(|p| p.matches_path(&resolved));
        if is_one_of(&taint_models.destination.normalizing_layers) {
            self.out.facts.normalizes_paths = true;
        }
        let kind = if is_one_of(&taint_models.source_functions) {
            Some(SourceKind::Request)
        } else if is_one_of(&taint_models.command_line_functions) {
            Some(SourceKind::CommandLine)
        } else {
            None
        };
        if let Some(kind) =
            kind.filter(|_| matches!(self.model.kind, FileKind::Service | FileKind::Tool))
        {
            // Naming files is what a program's arguments are for.
            let safe_for = match kind {
                SourceKind::Request => Vec::new(),
                SourceKind::CommandLine => vec![SinkKind::Path],
            };
            let span = self.model.source.span_of(expr.span());
            let description = format!("`{}`", resolved.join("::"));
            let id = self.push_source(SourceFact {
                location: self.model.source.location(span),
                description: description.clone(),
                kind,
                safe_for: safe_for.clone(),
                converted_by: None,
            });
            let taint = Taint {
                origins: vec![Origin::Source(id)],
                ..Taint::default()
            };
            let taint = match kind {
                SourceKind::Request => {
                    taint.with_step(span, format!("request input enters here ({description})"))
                }
                SourceKind::CommandLine => taint.with_step(span, "command-line input enters here"),
            };
            self.env_mut()
                .record_source(expr, taint.sanitized_for(&safe_for));
            return;
        }
        let Some(args) = self.tainted_arguments(call.args.iter()) else {
            return;
        };
        // Calls into other crates keep the evaluator's own semantics (sanitizers, wrappers);
        // only functions of the crate and of the workspace's other members get summaries.
        let Some(callee) = self.model.call_ref(expr, &self.scope) else {
            return;
        };
        let is_crate_function = matches!(&callee, crate::semantic::facts::CallRef::Path(path)
            if path.starts_with("crate::") || self.model.is_member_path(path));
        // A single capitalised name is a tuple struct or variant (`Json(x)`, `Some(x)`).
        let is_constructor = func.path.segments.len() == 1
            && func.path.segments[0]
                .ident
                .to_string()
                .starts_with(char::is_uppercase);
        if !is_crate_function || is_constructor {
            return;
        }
        let name = func
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        self.record_call_site(expr, callee, args, name);
    }

    /// The origins each argument carries into a call, or `None` when none carries any.
    fn tainted_arguments<'e>(
        &self,
        args: impl Iterator<Item = &'e syn::Expr>,
    ) -> Option<ArgumentTaint> {
        let mut found = ArgumentTaint::default();
        for arg in args {
            let taint = self.eval(arg);
            found.sanitized.push(taint.sanitized.clone());
            found.own_path.push(taint.own_path);
            found.origins.push(taint.passed_origins());
        }
        (!found.origins.iter().all(Vec::is_empty)).then_some(found)
    }

    fn record_method_call(&mut self, call: &syn::ExprMethodCall, expr: &syn::Expr) {
        let name = call.method.to_string();
        let taint_models = self.model.taint;
        let has_own_semantics = taint_models.clean_methods.contains(&name)
            || MUTATORS.contains(&name.as_str())
            || name == "parse"
            || UBIQUITOUS_METHODS.contains(&name.as_str())
            || !taint_models.sanitized_kinds(None, Some(&name)).is_empty()
            || takes_closure(&name, call);
        if has_own_semantics {
            return;
        }
        let Some(args) = self.tainted_arguments(std::iter::once(&*call.receiver).chain(&call.args))
        else {
            return;
        };
        let Some(callee) = self.model.call_ref(expr, &self.scope) else {
            return;
        };
        self.record_call_site(expr, callee, args, name);
    }

    fn record_call_site(
        &mut self,
        expr: &syn::Expr,
        callee: crate::semantic::facts::CallRef,
        args: ArgumentTaint,
        name: String,
    ) {
        let Some(caller) = self.scope.function else {
            return;
        };
        let id = self.out.facts.call_sites.len() as u32;
        let location = self
            .model
            .source
            .location(self.model.source.span_of(expr.span()));
        self.out.facts.call_sites.push(CallSite {
            caller,
            callee,
            args: args.origins,
            sanitized: args.sanitized,
            own_path: args.own_path,
            location,
            name,
        });
        self.env_mut().record(expr, Origin::Call(id));
    }
}

/// What each argument of a call carries: its origins, the sink kinds it was made safe for, and
/// whether it is the request's own path (see [`crate::semantic::taint::Taint::own_path`]).
#[derive(Default)]
struct ArgumentTaint {
    origins: Vec<Vec<Origin>>,
    sanitized: Vec<Vec<SinkKind>>,
    own_path: Vec<bool>,
}

/// What a checked host or a fixed origin makes a URL safe for.
const DESTINATIONS: &[SinkKind] = &[SinkKind::Url, SinkKind::Redirect];

/// A literal holding `?` or `#` (`url.push('?')`, `push_str("?page=")`): what comes after it
/// is the query or the fragment.
fn starts_query(arg: &syn::Expr) -> bool {
    match peel(arg) {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Char(c),
            ..
        }) => matches!(c.value(), '?' | '#'),
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) => text.value().contains(['?', '#']),
        _ => false,
    }
}

/// `(i, item)` over `.enumerate()`: the index is a number whatever the items are.
pub(super) fn is_enumerated(source: &syn::Expr) -> bool {
    matches!(peel(source), syn::Expr::MethodCall(call) if call.method == "enumerate")
}

/// Application state rather than input: `State<S>`, `Extension<T>`, `web::Data<T>`, `&Db`,
/// pools, clients, config.
fn is_state_type(ty: &syn::Type) -> bool {
    let Some(path) = type_path(ty) else {
        return false;
    };
    let Some(last) = path.segments.last() else {
        return false;
    };
    let name = last.ident.to_string();
    if matches!(
        name.as_str(),
        "State"
            | "Extension"
            | "Data"
            | "ReqData"
            | "ConnectInfo"
            | "Arc"
            | "Rc"
            | "Sender"
            | "Span"
    ) {
        return true;
    }
    const STATE_SUFFIXES: &[&str] = &[
        "State",
        "Pool",
        "Db",
        "Database",
        "Client",
        "Config",
        "Settings",
        "Context",
        "Ctx",
        "Repo",
        "Repository",
        "Service",
        "Store",
        "Connection",
        "Conn",
        "Cache",
        "Manager",
        "Registry",
    ];
    STATE_SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
}

/// The type a constructor call makes: `Command::new(..)` → `Command`, `PathBuf::from(..)` →
/// `PathBuf`, `QueryBuilder::new(..)`, `Client::builder().build()` → `Client`; the type of a
/// struct literal (`Page { .. }`).
fn constructed_type(expr: &syn::Expr) -> Option<String> {
    if let syn::Expr::Struct(literal) = peel(expr) {
        return literal.path.segments.last().map(|s| s.ident.to_string());
    }
    let root = match peel(expr) {
        syn::Expr::MethodCall(_) => crate::semantic::syntax::chain_root(expr),
        other => other,
    };
    let syn::Expr::Call(call) = peel(root) else {
        return None;
    };
    let syn::Expr::Path(func) = peel(&call.func) else {
        return None;
    };
    let segments = &func.path.segments;
    // `redis::pipe()`: a function the models say constructs a builder.
    let written: Vec<String> = segments.iter().map(|s| s.ident.to_string()).collect();
    if let Some(ty) = crate::semantic::models::models()
        .builders
        .constructed_by(&written)
    {
        return Some(ty.to_string());
    }
    let ty = segments.iter().rev().nth(1)?.ident.to_string();
    ty.starts_with(char::is_uppercase).then_some(ty)
}

fn is_compound_assignment(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(
        op,
        AddAssign(_)
            | SubAssign(_)
            | MulAssign(_)
            | DivAssign(_)
            | RemAssign(_)
            | BitXorAssign(_)
            | BitAndAssign(_)
            | BitOrAssign(_)
            | ShlAssign(_)
            | ShrAssign(_)
    )
}

fn is_ordering(op: &syn::BinOp) -> bool {
    matches!(
        op,
        syn::BinOp::Lt(_) | syn::BinOp::Le(_) | syn::BinOp::Gt(_) | syn::BinOp::Ge(_)
    )
}

/// Whether a function or method classifies network addresses, as a check against requests to
/// internal hosts does: std's `is_loopback`/`is_private`/.. and in-house checks named as a
/// question or a check about addresses with a verdict (`ip_is_invalid`, `is_private_ip`,
/// `check_public_address`); not accessors such as `local_addr` or `get_public_ip`.
fn classifies_address(name: &str) -> bool {
    const STD_CHECKS: &[&str] = &[
        "is_loopback",
        "is_private",
        "is_link_local",
        "is_unspecified",
        "is_multicast",
        "is_broadcast",
        "is_documentation",
        "is_global",
        "is_unique_local",
        "is_unicast_link_local",
        "is_shared",
        "is_benchmarking",
        "is_reserved",
    ];
    if STD_CHECKS.contains(&name) {
        return true;
    }
    let words: Vec<&str> = name.split('_').collect();
    let about_addresses = words.iter().any(|word| {
        matches!(
            *word,
            "ip" | "ips" | "addr" | "addrs" | "address" | "addresses" | "ipv4" | "ipv6"
        )
    });
    let verdict = words.iter().any(|word| {
        matches!(
            *word,
            "valid"
                | "invalid"
                | "allowed"
                | "blocked"
                | "forbidden"
                | "private"
                | "local"
                | "public"
                | "internal"
                | "global"
                | "reserved"
                | "safe"
        )
    });
    let asks = words.iter().any(|word| {
        matches!(
            *word,
            "is" | "check" | "validate" | "verify" | "ensure" | "reject" | "deny"
        )
    });
    about_addresses && verdict && asks
}

/// `String` or `Vec<u8>`: the types a handler receives the raw request body as.
fn is_body_type(ty: &syn::Type) -> bool {
    match type_last_ident(ty).map(ToString::to_string).as_deref() {
        Some("String") => true,
        Some("Vec") => {
            matches!(type_arguments(ty).as_slice(), [element] if type_last_ident(element).is_some_and(|id| id == "u8"))
        }
        _ => false,
    }
}

/// The sink kinds a value is safe for: all of them when it is clean, every string kind when it
/// is a number, else those it was sanitised for.
fn safe_kinds(taint: &Taint) -> Vec<SinkKind> {
    let mut safe_for = if taint.is_clean() || taint.numeric {
        SinkKind::STRING_KINDS.to_vec()
    } else {
        taint.sanitized.clone()
    };
    if taint.is_clean() {
        safe_for.push(SinkKind::Allocation);
    }
    safe_for
}
