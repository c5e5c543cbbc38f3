//! Taint tracking: where a value came from, within a function, as the single traversal goes.
//!
//! Each function gets a [`TaintEnv`] mapping local names to a [`Taint`]: the set of
//! [`Origin`]s its value may come from (a request source, a parameter of the function, or the
//! return value of a call to a crate function), whether it is a number, the sink kinds it has
//! been sanitized for, and the steps it took (shown as labels on findings). The walker updates
//! the environment at `let`, assignments, mutating calls (`push_str`, `write!`), `for`, `match`
//! and `if let` patterns and iterator closures; rules ask [`TaintCx::eval`] for the taint of a
//! sink's argument. Bindings are lexically scoped: a name bound in a block, an `if let`, a
//! `match` arm, a loop or a closure shadows the outer name of the same spelling only until the
//! scope ends, and the scope's value (a block's tail) is settled before it does. Origins other than sources are resolved across functions and files by the
//! crate pass (`semantic::index`), from the summaries recorded here (which parameters and call
//! results reach which sinks, what each function returns).

use std::collections::HashMap;

use crate::diagnostic::Span;
use crate::rules::RuleCx;
use crate::semantic::charset;
use crate::semantic::destination::{fixed_before_input, format_parts, Fixed, Hole, Piece};
use crate::semantic::facts::{Condition, FileFacts, SourceKind};
use crate::semantic::models::{ArgPattern, SinkKind};
use crate::semantic::syntax::{
    self, diverges, last_ident, macro_args, macro_name, peel, type_arguments, type_last_ident,
};
use crate::semantic::{FileModel, Scope};

/// An index into the file's [`crate::semantic::facts::FileFacts::sources`].
pub type SourceId = u32;
/// An index into the file's [`crate::semantic::facts::FileFacts::call_sites`].
pub type CallSiteId = u32;

/// Where a value may come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// Request input (or another untrusted source) recorded in this file.
    Source(SourceId),
    /// The n-th parameter of the current function (the receiver counts as 0 for methods).
    Param(u16),
    /// The return value of a recorded call to a function that may belong to the crate.
    Call(CallSiteId),
    /// The n-th element of the tuple a recorded call returned (`let (url, state) = f(..)`).
    Element(CallSiteId, u16),
}

/// One step of a flow, shown as a secondary label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub span: Span,
    pub message: String,
}

/// At most this many origins and steps are kept per value: enough to explain a finding.
const MAX_ORIGINS: usize = 8;
const MAX_STEPS: usize = 6;

/// What is known about where a value came from. `Taint::default()` is a clean value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Taint {
    pub origins: Vec<Origin>,
    /// The value is a number (safe for every string sink; still a size for allocations).
    pub numeric: bool,
    /// Sink kinds the value has been made safe for.
    pub sanitized: Vec<SinkKind>,
    /// Every part of it that carries input is the request's own path (`uri.path()`), or is
    /// safe as a redirect target: as one, it is a path on this site unless the path starts
    /// with `//`, which a middleware merging slashes rules out.
    pub own_path: bool,
    pub steps: Vec<Step>,
}

impl Taint {
    pub fn is_clean(&self) -> bool {
        self.origins.is_empty()
    }

    /// Whether the value may carry input into a sink of `kind`.
    pub fn reaches(&self, kind: SinkKind) -> bool {
        !self.origins.is_empty()
            && !self.sanitized.contains(&kind)
            && (kind == SinkKind::Allocation || !self.numeric)
    }

    /// The origins a value carries into another function (as an argument or a return value).
    /// Call summaries do not say which sink kinds a value was made safe for, so a value safe for
    /// every string sink (a number, or one that passed an allow-list) carries none: precision
    /// over recall, at the cost of request-controlled sizes followed across functions.
    pub fn passed_origins(self) -> Vec<Origin> {
        let safe_everywhere = self.numeric
            || SinkKind::STRING_KINDS
                .iter()
                .all(|kind| self.sanitized.contains(kind));
        if safe_everywhere {
            Vec::new()
        } else {
            self.origins
        }
    }

    /// Whether the value carries request input read in this function (`facts` are the
    /// file's). Other sources count only in some crates (command-line arguments), or unless a
    /// conversion of the crate checked them (a route segment bound to a type of the crate): the
    /// crate pass decides.
    pub fn has_request_source(&self, facts: &FileFacts) -> bool {
        self.origins.iter().any(|origin| match origin {
            Origin::Source(id) => facts.sources.get(*id as usize).is_some_and(|source| {
                source.kind == SourceKind::Request && source.converted_by.is_none()
            }),
            _ => false,
        })
    }

    /// The union of two values (`a + b`, `format!("{a}{b}")`, branches of a `match`).
    pub fn union(mut self, other: Taint) -> Taint {
        if other.is_clean() {
            return self;
        }
        if self.is_clean() {
            return other;
        }
        self.numeric &= other.numeric;
        self.own_path = (self.own_path || self.sanitized.contains(&SinkKind::Redirect))
            && (other.own_path || other.sanitized.contains(&SinkKind::Redirect));
        self.sanitized.retain(|kind| other.sanitized.contains(kind));
        for origin in other.origins {
            if !self.origins.contains(&origin) && self.origins.len() < MAX_ORIGINS {
                self.origins.push(origin);
            }
        }
        self.origins.sort();
        if self.steps.is_empty() {
            self.steps = other.steps;
        }
        self
    }

    pub fn with_step(mut self, span: Span, message: impl Into<String>) -> Taint {
        if !self.is_clean() && self.steps.len() < MAX_STEPS {
            self.steps.push(Step {
                span,
                message: message.into(),
            });
        }
        self
    }

    /// Adds an origin, keeping what is known about the value (numeric, sanitized).
    fn with_origin(mut self, origin: Origin) -> Taint {
        if !self.origins.contains(&origin) && self.origins.len() < MAX_ORIGINS {
            self.origins.push(origin);
            self.origins.sort();
        }
        self
    }

    fn numeric(mut self) -> Taint {
        self.numeric = true;
        self
    }

    /// The same value, made safe for `kinds` too.
    pub fn sanitized_for(mut self, kinds: &[SinkKind]) -> Taint {
        for kind in kinds {
            if !self.sanitized.contains(kind) {
                self.sanitized.push(*kind);
            }
        }
        self
    }

    fn origin(origin: Origin) -> Taint {
        Taint {
            origins: vec![origin],
            ..Taint::default()
        }
    }
}

/// The taint state of one function while it is walked.
#[derive(Debug, Default)]
pub struct TaintEnv {
    vars: HashMap<String, Taint>,
    /// Declared or constructed types of locals and parameters (last path segment).
    types: HashMap<String, String>,
    /// Locals built with `format!`/`+` from non-constant parts (the SQL structural fallback).
    formatted: HashMap<String, Span>,
    /// Calls recorded as call sites, by the address of their expression.
    recorded: HashMap<usize, Origin>,
    /// Calls that read input (`std::env::args()`), by address, with what their value carries.
    source_calls: HashMap<usize, Taint>,
    /// Locals compared against something (`if n > MAX { .. }`): treated as bounded sizes.
    bounded: std::collections::HashSet<String>,
    /// Locals bound to constant values: literals, constants, or a `match`/`if` choosing among
    /// them (an allow-list: `let column = match sort { "total" => "total_cents", _ => "id" }`).
    constants: std::collections::HashSet<String>,
    /// The taint of call expressions already evaluated in the current statement, by address:
    /// the walker evaluates each call of a chain `a.b().c().d()` as it leaves it, and each
    /// evaluation starts from the receiver, so without this a chain costs its length squared.
    /// Cleared at every statement, since bindings change between statements.
    evaluated: std::cell::RefCell<HashMap<usize, Taint>>,
    /// The sink kinds the function checks its values for: paths (`starts_with` after
    /// `canonicalize`, or rejecting `..`) and outbound addresses (`ip.is_private()`).
    guarded: Vec<SinkKind>,
    /// The open lexical scopes (blocks, `if let`/`while let`, `match` arms, loop and closure
    /// patterns), innermost last: the names each binds, with what they meant outside it.
    scopes: Vec<Vec<Shadowed>>,
    /// Boolean locals bound to a host allow-list check, or set by a loop over an allow-list
    /// (see [`crate::semantic::flag_checks`]), with the value they check (a local or a field
    /// path).
    host_checks: HashMap<String, String>,
    /// Fields of locals (`q.redirect_uri`) that passed an allow-list check, with the sink
    /// kinds they are now safe for: the local's other fields keep its taint. Forgotten when
    /// the local is bound again.
    sanitized_fields: HashMap<String, Vec<SinkKind>>,
    /// Boolean locals bound to `false` and not assigned since (`let mut found = false`).
    unset_flags: std::collections::HashSet<String>,
    /// Locals holding text whose query or fragment has begun (a `?` was pushed): what is
    /// added to them cannot choose where they point.
    in_query: std::collections::HashSet<String>,
    /// The taint of expressions that are a scope's value (a block's tail, an arm's body, a
    /// closure's body), by address, taken when the scope ended: the names they read are
    /// restored to their outer meaning by then.
    settled: HashMap<usize, Taint>,
    /// For settled values with several origins, what each origin alone would make of them
    /// (see [`TaintEnv::keeping_only`]).
    settled_alone: HashMap<usize, Vec<(Origin, Taint)>>,
    /// The same for locals bound with several origins, until they are bound again.
    vars_alone: HashMap<String, Vec<(Origin, Taint)>>,
}

/// A scope's result expression, with its taint and, when it has several origins, what each
/// origin alone makes of it.
pub type SettledValue<'e> = (&'e syn::Expr, Taint, Vec<(Origin, Taint)>);

/// What a name meant before a binding in an inner scope shadowed it.
#[derive(Debug)]
struct Shadowed {
    name: String,
    taint: Option<Taint>,
    ty: Option<String>,
    formatted: Option<Span>,
    constant: bool,
    bounded: bool,
}

impl TaintEnv {
    /// Opens a lexical scope: names declared until [`TaintEnv::close_scope`] shadow the outer
    /// ones only until then.
    pub fn open_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    /// Ends the innermost scope: its names get their outer meaning back (or none). `values`
    /// are the scope's result expressions with their taint, evaluated while it was open.
    pub fn close_scope(&mut self, values: Vec<SettledValue<'_>>) {
        for (expr, taint, alone) in values {
            let at = expr as *const syn::Expr as usize;
            self.settled.insert(at, taint);
            if !alone.is_empty() {
                self.settled_alone.insert(at, alone);
            }
        }
        let Some(shadowed) = self.scopes.pop() else {
            return;
        };
        for outer in shadowed.into_iter().rev() {
            let Shadowed {
                name,
                taint,
                ty,
                formatted,
                constant,
                bounded,
            } = outer;
            restore(&mut self.vars, &name, taint);
            self.vars_alone.remove(&name);
            // What was checked of the inner binding's fields is not the outer one's.
            self.forget_fields(&name);
            restore(&mut self.types, &name, ty);
            restore(&mut self.formatted, &name, formatted);
            if constant {
                self.constants.insert(name.clone());
            } else {
                self.constants.remove(&name);
            }
            if bounded {
                self.bounded.insert(name);
            } else {
                self.bounded.remove(&name);
            }
        }
    }

    /// Whether the innermost scope declared a name.
    pub fn scope_declares(&self) -> bool {
        self.scopes.last().is_some_and(|names| !names.is_empty())
    }

    /// Declares `name` in the innermost scope (a `let`, a pattern): what it meant outside is
    /// kept for the scope's end. Outside any scope (parameters) there is nothing to keep.
    pub fn declare(&mut self, name: &str) {
        self.forget_fields(name);
        let Some(innermost) = self.scopes.last_mut() else {
            return;
        };
        self.in_query.remove(name);
        if innermost.iter().any(|shadowed| shadowed.name == name) {
            return;
        }
        innermost.push(Shadowed {
            name: name.to_string(),
            taint: self.vars.get(name).cloned(),
            ty: self.types.get(name).cloned(),
            formatted: self.formatted.get(name).copied(),
            constant: self.constants.contains(name),
            bounded: self.bounded.contains(name),
        });
    }

    /// Binds (or, for a clean value, forgets) a name's taint: a declaration after
    /// [`TaintEnv::declare`], or an assignment.
    pub fn bind(&mut self, name: String, taint: Taint) {
        self.forget_fields(&name);
        self.vars_alone.remove(&name);
        if taint.is_clean() {
            self.vars.remove(&name);
        } else {
            self.vars.insert(name, taint);
        }
    }

    /// Adds taint to a name (`x += y`, `buf.push_str(y)`, `write!(buf, ..)`).
    pub fn extend(&mut self, name: &str, taint: Taint) {
        if taint.is_clean() {
            return;
        }
        self.forget_fields(name);
        self.vars_alone.remove(name);
        let merged = self.vars.remove(name).unwrap_or_default().union(taint);
        self.vars.insert(name.to_string(), merged);
    }

    /// Records what each origin alone makes of a local just bound (see
    /// [`TaintEnv::keeping_only`]).
    pub fn bind_alone(&mut self, name: String, alone: Vec<(Origin, Taint)>) {
        if !alone.is_empty() {
            self.vars_alone.insert(name, alone);
        }
    }

    /// Records whether a (re)bound local holds a host allow-list check, and of which URL.
    pub fn set_host_check(&mut self, name: String, url: Option<String>) {
        match url {
            Some(url) => {
                self.host_checks.insert(name, url);
            }
            None => {
                self.host_checks.remove(&name);
            }
        }
    }

    /// The URL local a boolean local's host allow-list check is about.
    pub fn host_check(&self, name: &str) -> Option<&str> {
        self.host_checks.get(name).map(String::as_str)
    }

    /// Marks a local's text as being past the start of its query.
    pub fn start_query(&mut self, name: &str) {
        self.in_query.insert(name.to_string());
    }

    pub fn in_query(&self, name: &str) -> bool {
        self.in_query.contains(name)
    }

    /// Records whether a local just bound or assigned is a flag still unset (`false`).
    pub fn set_unset_flag(&mut self, name: &str, unset: bool) {
        if unset {
            self.unset_flags.insert(name.to_string());
        } else {
            self.unset_flags.remove(name);
        }
    }

    pub fn unset_flags(&self) -> &std::collections::HashSet<String> {
        &self.unset_flags
    }

    /// What was known of the fields of a local that is bound again or changed.
    fn forget_fields(&mut self, root: &str) {
        if self.sanitized_fields.is_empty() {
            return;
        }
        self.sanitized_fields.retain(|path, _| {
            path.strip_prefix(root)
                .is_none_or(|rest| !rest.starts_with('.'))
        });
    }

    /// The sink kinds a field path (`q.redirect_uri`) was made safe for.
    pub fn field_sanitized(&self, path: &str) -> Option<&[SinkKind]> {
        self.sanitized_fields.get(path).map(Vec::as_slice)
    }

    /// Marks a name's current value safe for `kinds` (it passed an allow-list check). A field
    /// path (`q.redirect_uri`) is safe by itself, its local's other fields are not.
    pub fn sanitize(&mut self, name: &str, kinds: &[SinkKind]) {
        if name.contains('.') {
            let known = self.sanitized_fields.entry(name.to_string()).or_default();
            for kind in kinds {
                if !known.contains(kind) {
                    known.push(*kind);
                }
            }
            return;
        }
        if let Some(taint) = self.vars.remove(name) {
            self.vars
                .insert(name.to_string(), taint.sanitized_for(kinds));
        }
        if let Some(alone) = self.vars_alone.remove(name) {
            let sanitized = alone
                .into_iter()
                .map(|(origin, taint)| (origin, taint.sanitized_for(kinds)))
                .collect();
            self.vars_alone.insert(name.to_string(), sanitized);
        }
    }

    pub fn get(&self, name: &str) -> Option<&Taint> {
        self.vars.get(name)
    }

    /// The environment as it would be if only `kept` carried anything: every other origin is
    /// clean (a parameter the caller fills with a server-chosen value, a call returning one).
    pub fn keeping_only(&self, kept: Origin) -> TaintEnv {
        TaintEnv {
            vars: kept_alone(&self.vars, &self.vars_alone, kept),
            types: self.types.clone(),
            formatted: self.formatted.clone(),
            bounded: self.bounded.clone(),
            constants: self.constants.clone(),
            guarded: self.guarded.clone(),
            host_checks: self.host_checks.clone(),
            sanitized_fields: self.sanitized_fields.clone(),
            in_query: self.in_query.clone(),
            // A settled value's sanitising was judged with all its origins: what one of them
            // alone makes of it was kept beside it.
            settled: kept_alone(&self.settled, &self.settled_alone, kept),
            recorded: self
                .recorded
                .iter()
                .filter(|(_, origin)| **origin == kept)
                .map(|(at, origin)| (*at, *origin))
                .collect(),
            source_calls: self
                .source_calls
                .iter()
                .filter_map(|(at, taint)| Some((*at, only_origin(taint, kept)?)))
                .collect(),
            ..TaintEnv::default()
        }
    }

    pub fn set_type(&mut self, name: String, ty: String) {
        self.types.insert(name, ty);
    }

    pub fn type_of(&self, name: &str) -> Option<&str> {
        self.types.get(name).map(String::as_str)
    }

    pub fn mark_formatted(&mut self, name: String, span: Span) {
        self.formatted.insert(name, span);
    }

    pub fn formatted_at(&self, name: &str) -> Option<Span> {
        self.formatted.get(name).copied()
    }

    /// Records whether a (re)bound local holds a constant value.
    pub fn set_constant(&mut self, name: String, constant: bool) {
        if constant {
            self.constants.insert(name);
        } else {
            self.constants.remove(&name);
        }
    }

    pub fn mark_bounded(&mut self, name: String) {
        self.bounded.insert(name);
    }

    /// Whether the root variable of an expression (`n`, `q.limit`, `n as usize`) was compared
    /// against a bound.
    pub fn is_bounded(&self, expr: &syn::Expr) -> bool {
        let mut expr = expr;
        while let syn::Expr::Cast(cast) = syntax::peel(expr) {
            expr = &cast.expr;
        }
        match syntax::chain_root(expr) {
            syn::Expr::Path(path) => path
                .path
                .get_ident()
                .is_some_and(|ident| self.bounded.contains(&ident.to_string())),
            _ => false,
        }
    }

    /// Records that the function checks its values for a sink kind.
    pub fn guard(&mut self, kind: SinkKind) {
        if !self.guarded.contains(&kind) {
            self.guarded.push(kind);
        }
    }

    /// The sink kinds the function checks its values for.
    pub fn guarded(&self) -> &[SinkKind] {
        &self.guarded
    }

    /// Forgets evaluated taints: a new statement may rebind names.
    pub fn start_statement(&mut self) {
        self.evaluated.get_mut().clear();
    }

    pub fn record(&mut self, expr: &syn::Expr, origin: Origin) {
        self.evaluated
            .get_mut()
            .remove(&(expr as *const syn::Expr as usize));
        self.recorded
            .insert(expr as *const syn::Expr as usize, origin);
    }

    /// Records a call that reads input: its value is `taint`.
    pub fn record_source(&mut self, expr: &syn::Expr, taint: Taint) {
        self.source_calls
            .insert(expr as *const syn::Expr as usize, taint);
    }

    /// The call site recorded for a call expression.
    pub fn recorded(&self, expr: &syn::Expr) -> Option<Origin> {
        self.recorded
            .get(&(expr as *const syn::Expr as usize))
            .copied()
    }

    fn settled(&self, expr: &syn::Expr) -> Option<&Taint> {
        self.settled.get(&(expr as *const syn::Expr as usize))
    }
}

/// The entries of `map` that carry `kept`, as `kept` alone makes them: what `alone` recorded
/// for the entry, else the entry with its other origins dropped (its sanitising, judged with
/// all of them, is a lower bound).
fn kept_alone<K: Clone + Eq + std::hash::Hash>(
    map: &HashMap<K, Taint>,
    alone: &HashMap<K, Vec<(Origin, Taint)>>,
    kept: Origin,
) -> HashMap<K, Taint> {
    map.iter()
        .filter_map(|(key, taint)| {
            let recorded = alone
                .get(key)
                .and_then(|alone| alone.iter().find(|(origin, _)| *origin == kept));
            match recorded {
                Some((_, taint)) => Some((key.clone(), taint.clone())),
                None => Some((key.clone(), only_origin(taint, kept)?)),
            }
        })
        .collect()
}

/// `taint` with `kept` as its only origin, when it carries it.
fn only_origin(taint: &Taint, kept: Origin) -> Option<Taint> {
    taint.origins.contains(&kept).then(|| Taint {
        origins: vec![kept],
        ..taint.clone()
    })
}

/// Puts a name's outer entry back into `map`, or removes the name when it had none.
fn restore<T>(map: &mut HashMap<String, T>, name: &str, outer: Option<T>) {
    match outer {
        Some(value) => {
            map.insert(name.to_string(), value);
        }
        None => {
            map.remove(name);
        }
    }
}

/// Primitive and well-known value types that cannot carry an injection.
pub fn is_numeric_type_name(name: &str) -> bool {
    matches!(
        name,
        "i8" | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
            | "u8"
            | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "f32"
            | "f64"
            | "bool"
            | "char"
            | "Uuid"
            | "NonZeroU64"
            | "NonZeroU32"
            | "NaiveDate"
            | "DateTime"
            | "Decimal"
    )
}

/// Whether a type is (or wraps, like `Option<i64>` or `Path<(u32, u64)>`) only numbers.
pub fn is_numeric_type(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Tuple(tuple) => {
            !tuple.elems.is_empty() && tuple.elems.iter().all(is_numeric_type)
        }
        _ => match type_last_ident(ty) {
            Some(ident) if is_numeric_type_name(&ident.to_string()) => true,
            // `Result<u32, _>`: the value, when there is one, is a number.
            Some(ident) if ident == "Result" => type_arguments(ty)
                .first()
                .is_some_and(|value| is_numeric_type(value)),
            Some(ident)
                if matches!(
                    ident.to_string().as_str(),
                    "Option" | "Path" | "Query" | "Vec"
                ) =>
            {
                let args = type_arguments(ty);
                !args.is_empty() && args.iter().all(|arg| is_numeric_type(arg))
            }
            _ => false,
        },
    }
}

/// Read-only evaluation of expressions' taint in the current function.
pub struct TaintCx<'a> {
    pub model: &'a FileModel<'a>,
    pub scope: &'a Scope,
    pub env: &'a TaintEnv,
}

impl TaintCx<'_> {
    pub fn span(&self, node: &impl syn::spanned::Spanned) -> Span {
        self.model.source.span_of(node.span())
    }

    /// What `value` (of taint `taint`) would be if each of its origins were its only one, the
    /// others clean ([`TaintEnv::keeping_only`]); empty when it has fewer than two.
    pub fn each_origin_alone(&self, value: &syn::Expr, taint: &Taint) -> Vec<(Origin, Taint)> {
        if taint.origins.len() < 2 {
            return Vec::new();
        }
        taint
            .origins
            .iter()
            .map(|&origin| {
                let env = self.env.keeping_only(origin);
                let alone = TaintCx { env: &env, ..*self }.eval(value);
                (origin, alone)
            })
            .collect()
    }

    /// The taint of an expression's value.
    pub fn eval(&self, expr: &syn::Expr) -> Taint {
        if let Some(settled) = self.env.settled(expr) {
            return settled.clone();
        }
        if !matches!(expr, syn::Expr::MethodCall(_) | syn::Expr::Call(_)) {
            return self.eval_uncached(expr);
        }
        let key = expr as *const syn::Expr as usize;
        if let Some(known) = self.env.evaluated.borrow().get(&key) {
            return known.clone();
        }
        let taint = self.eval_uncached(expr);
        self.env.evaluated.borrow_mut().insert(key, taint.clone());
        taint
    }

    fn eval_uncached(&self, expr: &syn::Expr) -> Taint {
        if let Some(source) = self
            .env
            .source_calls
            .get(&(expr as *const syn::Expr as usize))
        {
            return source.clone();
        }
        match (self.env.recorded(expr), expr) {
            // A method's own semantics still apply (`x.trim()` keeps `x`'s taint); what a crate
            // method returns is added by the crate pass.
            (Some(origin), syn::Expr::MethodCall(call)) => {
                return self.eval_method(call).with_origin(origin)
            }
            (Some(origin), _) => return Taint::origin(origin),
            (None, _) => {}
        }
        match expr {
            syn::Expr::Path(path) => match path.path.get_ident() {
                Some(ident) => {
                    let name = ident.to_string();
                    match self.env.get(&name) {
                        Some(taint) if !self.is_server_generated(expr) => taint.clone(),
                        _ => Taint::default(),
                    }
                }
                None => Taint::default(),
            },
            syn::Expr::Field(field) => {
                let mut taint = self.eval(&field.base);
                if taint.is_clean() || self.is_server_generated(expr) {
                    return Taint::default();
                }
                if let Some(kinds) = crate::semantic::guards::value_path(expr)
                    .and_then(|p| self.env.field_sanitized(&p))
                {
                    taint = taint.sanitized_for(kinds);
                }
                let scalar = matches!(&field.member, syn::Member::Named(name) if self.model.fields.is_scalar(&name.to_string()));
                if scalar {
                    taint.numeric()
                } else {
                    taint
                }
            }
            syn::Expr::Index(index) => self.eval(&index.expr),
            syn::Expr::Paren(e) => self.eval(&e.expr),
            syn::Expr::Group(e) => self.eval(&e.expr),
            syn::Expr::Reference(e) => self.eval(&e.expr),
            syn::Expr::Try(e) => self.eval(&e.expr),
            syn::Expr::Await(e) => self.eval(&e.base),
            syn::Expr::Unary(e) => self.eval(&e.expr),
            syn::Expr::Cast(cast) => {
                let taint = self.eval(&cast.expr);
                if is_numeric_type(&cast.ty) {
                    taint.numeric()
                } else {
                    taint
                }
            }
            syn::Expr::Binary(binary) => {
                use syn::BinOp::*;
                match binary.op {
                    Eq(_) | Ne(_) | Lt(_) | Le(_) | Gt(_) | Ge(_) | And(_) | Or(_) => {
                        Taint::default()
                    }
                    _ => self.eval(&binary.left).union(self.eval(&binary.right)),
                }
            }
            syn::Expr::MethodCall(call) => self.eval_method(call),
            syn::Expr::Call(call) => self.eval_call(call),
            syn::Expr::Macro(mac) => self.eval_macro(&mac.mac),
            syn::Expr::Struct(literal) => literal
                .fields
                .iter()
                .map(|field| self.eval(&field.expr))
                .fold(Taint::default(), Taint::union),
            syn::Expr::Tuple(tuple) => tuple
                .elems
                .iter()
                .map(|e| self.eval(e))
                .fold(Taint::default(), Taint::union),
            syn::Expr::Array(array) => array
                .elems
                .iter()
                .map(|e| self.eval(e))
                .fold(Taint::default(), Taint::union),
            syn::Expr::Block(block) => self.eval_block(&block.block),
            syn::Expr::Unsafe(block) => self.eval_block(&block.block),
            syn::Expr::If(expr_if) => {
                let then = self.eval_block(&expr_if.then_branch);
                match &expr_if.else_branch {
                    Some((_, other)) => then.union(self.eval(other)),
                    None => then,
                }
            }
            syn::Expr::Match(expr_match) => expr_match
                .arms
                .iter()
                .map(|arm| self.eval(&arm.body))
                .fold(Taint::default(), Taint::union),
            _ => Taint::default(),
        }
    }

    /// A value a library generated on the server (`rules/models/taint.toml`,
    /// `[server-generated]`): a local or parameter of such a type, or such a field of a value
    /// whose type is known (`upload.file` of a `TempFile`). Asked of tainted values only.
    fn is_server_generated(&self, expr: &syn::Expr) -> bool {
        let generated = &self.model.taint.server_generated;
        match expr {
            syn::Expr::Path(_) => self
                .declared_type(expr)
                .is_some_and(|ty| generated.types.contains(ty)),
            syn::Expr::Field(field) => {
                let syn::Member::Named(name) = &field.member else {
                    return false;
                };
                let member = name.to_string();
                let declared = self.model.fields.type_of(&member);
                declared.is_some_and(|ty| generated.types.contains(ty))
                    || self
                        .declared_type(&field.base)
                        .is_some_and(|ty| generated.is_field(ty, &member))
            }
            _ => false,
        }
    }

    /// The declared type (last segment) of a local, a parameter or a field of this file's
    /// structs.
    fn declared_type(&self, expr: &syn::Expr) -> Option<&str> {
        match peel(expr) {
            syn::Expr::Path(path) => self.env.type_of(&path.path.get_ident()?.to_string()),
            syn::Expr::Field(field) => match &field.member {
                syn::Member::Named(name) => self.model.fields.type_of(&name.to_string()),
                syn::Member::Unnamed(_) => None,
            },
            _ => None,
        }
    }

    fn eval_block(&self, block: &syn::Block) -> Taint {
        syntax::block_value(block).map_or_else(Taint::default, |value| self.eval(value))
    }

    fn eval_method(&self, call: &syn::ExprMethodCall) -> Taint {
        let name = call.method.to_string();
        let taint_models = self.model.taint;
        if taint_models.clean_methods.contains(&name) {
            return Taint::default();
        }
        let receiver = self.eval(&call.receiver);
        if name == "parse" {
            let numeric = call.turbofish.as_ref().is_some_and(|turbofish| {
                turbofish
                    .args
                    .iter()
                    .all(|arg| matches!(arg, syn::GenericArgument::Type(ty) if is_numeric_type(ty)))
            });
            return if numeric {
                receiver.numeric()
            } else {
                receiver
            };
        }
        let sanitized = taint_models.sanitized_kinds(None, Some(&name));
        if !sanitized.is_empty() {
            return receiver.sanitized_for(&sanitized);
        }
        if let Some(destination) = self.eval_destination_method(&name, call, &receiver) {
            return destination;
        }
        if let Some(mapped) = self.eval_mapping_adapter(&name, call, &receiver) {
            return mapped;
        }
        if let Some(kinds) = self.charset_filter(&name, call) {
            return receiver.sanitized_for(&kinds);
        }
        // String-building methods carry their arguments too.
        let with_args = matches!(
            name.as_str(),
            "join"
                | "replace"
                | "replacen"
                | "concat"
                | "chain"
                | "push_str"
                | "insert_str"
                | "extend"
                | "add"
                | "or"
                | "or_else"
                | "unwrap_or"
                | "unwrap_or_else"
                | "with_file_name"
                | "with_extension"
        );
        if with_args {
            call.args
                .iter()
                .map(|arg| self.eval(arg))
                .fold(receiver, Taint::union)
        } else {
            receiver
        }
    }

    /// Methods that decide which part of a URL a value chooses (`[destination]` of the taint
    /// models): the request's own path, a server-chosen template filled with input, the
    /// header naming the page the browser came from.
    fn eval_destination_method(
        &self,
        name: &str,
        call: &syn::ExprMethodCall,
        receiver: &Taint,
    ) -> Option<Taint> {
        let destination = &self.model.taint.destination;
        if destination.own_path_methods.contains(name) && call.args.is_empty() {
            let mut own = receiver.clone();
            own.own_path = !own.is_clean();
            return Some(own);
        }
        if destination.template_methods.contains(name) && receiver.is_clean() {
            let fixed = self.template_destination(call)?;
            let filled = call
                .args
                .iter()
                .map(|arg| self.eval(arg))
                .fold(Taint::default(), Taint::union);
            return Some(filled.sanitized_for(fixed.kinds()));
        }
        let names_previous_page = |arg: &syn::Expr| {
            let header = match peel(arg) {
                syn::Expr::Path(path) => last_ident(&path.path).map(ToString::to_string),
                other => syntax::literal_text(other),
            };
            header.is_some_and(|header| {
                destination
                    .previous_page_headers
                    .contains(&header.to_ascii_lowercase())
            })
        };
        // Only on a request's headers: a query parameter called `referer` is input like any.
        let on_headers = match peel(&call.receiver) {
            syn::Expr::MethodCall(headers) => headers.method == "headers",
            receiver => self.declared_type(receiver) == Some("HeaderMap"),
        };
        if matches!(name, "get" | "get_all" | "get_one")
            && call.args.len() == 1
            && on_headers
            && names_previous_page(&call.args[0])
        {
            return Some(receiver.clone().sanitized_for(&[SinkKind::Redirect]));
        }
        None
    }

    /// What a template the server chose (`template.replace("{}", input)`) fixes before the
    /// input: when its text is known (a literal or a constant of the file), what precedes the
    /// placeholder (`"https://geo.example.com/?q={}"`); otherwise (configuration) the server's
    /// template is taken to fix where it points. `None` when a known text fixes nothing.
    fn template_destination(&self, call: &syn::ExprMethodCall) -> Option<Fixed> {
        let text = match peel(&call.receiver) {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) => Some(text.value()),
            syn::Expr::Path(path) => path
                .path
                .get_ident()
                .and_then(|name| self.model.constants.text(&name.to_string()))
                .map(str::to_string),
            _ => None,
        };
        let Some(text) = text else {
            return Some(Fixed::Origin);
        };
        let placeholder = match call.args.first().map(peel) {
            Some(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(placeholder),
                ..
            })) => placeholder.value(),
            _ => return None,
        };
        let before = &text[..text.find(&placeholder)?];
        fixed_before_input(&[Piece::Text(before.to_string()), Piece::Input])
    }

    /// `ext.filter(|e| e.chars().all(char::is_alphanumeric))`: what a filter with a
    /// character-class check on its item lets through is safe for what the check allows.
    fn charset_filter(&self, name: &str, call: &syn::ExprMethodCall) -> Option<Vec<SinkKind>> {
        if name != "filter" {
            return None;
        }
        let [syn::Expr::Closure(closure)] = call.args.iter().collect::<Vec<_>>()[..] else {
            return None;
        };
        let [syn::Pat::Ident(item)] = closure.inputs.iter().collect::<Vec<_>>()[..] else {
            return None;
        };
        charset::check(&closure.body, &self.model.taint.char_classes)
            .filter(|check| check.allowed_when && item.ident == check.name)
            .map(|check| check.kinds)
    }

    /// Adapters whose result is what their closure returns (`ids.iter().map(|_| "?")`,
    /// `opt.map(|s| s.len())`): the closure's parameters were bound to the receiver's taint
    /// when the walker entered it, so its body's taint is the element's. `None` when the
    /// method is no such adapter or is given a function instead of a closure.
    fn eval_mapping_adapter(
        &self,
        name: &str,
        call: &syn::ExprMethodCall,
        receiver: &Taint,
    ) -> Option<Taint> {
        let closure_result = |arg: &syn::Expr| match arg {
            syn::Expr::Closure(closure) => Some(self.eval(&closure.body)),
            _ => None,
        };
        match (mapping_adapter(name, call)?, call.args.len()) {
            (Adapter::Map, 1) => closure_result(&call.args[0]),
            // The default is the other possible result.
            (Adapter::MapOr, 2) => {
                closure_result(&call.args[1]).map(|mapped| mapped.union(self.eval(&call.args[0])))
            }
            (Adapter::MapOrElse, 2) => {
                let mapped = closure_result(&call.args[1])?;
                Some(mapped.union(closure_result(&call.args[0])?))
            }
            (Adapter::OrElse, 1) => {
                closure_result(&call.args[0]).map(|fallback| receiver.clone().union(fallback))
            }
            // The initial value, or what the closure makes of it and the items.
            (Adapter::Fold, 2) => {
                closure_result(&call.args[1]).map(|folded| folded.union(self.eval(&call.args[0])))
            }
            _ => None,
        }
    }

    fn eval_call(&self, call: &syn::ExprCall) -> Taint {
        let args = || {
            call.args
                .iter()
                .map(|arg| self.eval(arg))
                .fold(Taint::default(), Taint::union)
        };
        let syn::Expr::Path(func) = peel(&call.func) else {
            return args();
        };
        // `Err(..)` leaves the success path: what a `?` or a `match` on it yields is the `Ok`.
        if func.path.is_ident("Err") {
            return Taint::default();
        }
        let resolved = self.model.resolve(&func.path);
        if self
            .model
            .taint
            .clean_functions
            .iter()
            .any(|pattern| pattern.matches_path(&resolved))
        {
            return Taint::default();
        }
        let sanitized = self.model.taint.sanitized_kinds(Some(&resolved), None);
        if !sanitized.is_empty() {
            return args().sanitized_for(&sanitized);
        }
        // `u32::from_str(s)`, `i64::try_from(n)`, `u8::from_str_radix(s, 16)`: a number or an error.
        if let [.., ty, function] = resolved.as_slice() {
            if is_numeric_type_name(ty)
                && matches!(
                    function.as_str(),
                    "from_str" | "try_from" | "from_str_radix"
                )
            {
                return args().numeric();
            }
        }
        // Constructors and wrappers (`String::from(x)`, `Some(x)`, `Json(x)`, `PathBuf::from(x)`)
        // and unknown functions of other crates pass their arguments' taint on.
        args()
    }

    fn eval_macro(&self, mac: &syn::Macro) -> Taint {
        let name = macro_name(mac);
        if !matches!(
            name.as_str(),
            "format" | "format_args" | "concat" | "vec" | "json" | "html" | "concat_idents"
        ) {
            return Taint::default();
        }
        let args = macro_args(mac);
        let captured = args
            .captures()
            .into_iter()
            .filter_map(|name| self.env.get(&name).cloned())
            .fold(Taint::default(), Taint::union);
        let taint = args
            .exprs
            .iter()
            .map(|e| self.eval(e))
            .fold(captured, Taint::union);
        let fixed = args
            .format
            .as_ref()
            .and_then(|lit| self.format_destination(&lit.value(), &args));
        match fixed {
            Some(fixed) => taint.sanitized_for(fixed.kinds()),
            None => taint,
        }
    }

    /// What the start of a `format!` fixes before its first interpolated input (see
    /// [`destination`]): `format!("{}image/{}", config.url, file)`, `format!("/orders/{id}")`,
    /// `format!("{}?token={}", Urls::Reset, token)`.
    fn format_destination(&self, format: &str, args: &syntax::MacroArgs) -> Option<Fixed> {
        let positional = args.exprs.len().saturating_sub(args.field_names.len());
        let mut next = 0;
        let pieces: Vec<Piece> = format_parts(format)
            .into_iter()
            .map(|part| {
                let hole = match part {
                    Ok(text) => return Piece::Text(text),
                    Err(hole) => hole,
                };
                let argument = match &hole {
                    Hole::Next => {
                        next += 1;
                        args.exprs.get(next - 1)
                    }
                    Hole::Index(index) => args.exprs.get(*index),
                    Hole::Name(name) => args
                        .field_names
                        .iter()
                        .position(|field| field == name)
                        .and_then(|at| args.exprs.get(positional + at)),
                };
                match (argument, hole) {
                    (Some(argument), _) => self.destination_piece(argument),
                    // An inline capture of a local or a constant.
                    (None, Hole::Name(name)) => match self.model.constants.text(&name) {
                        Some(text) => Piece::Text(text.to_string()),
                        None => piece_of(&self.env.get(&name).cloned().unwrap_or_default(), None),
                    },
                    (None, _) => Piece::Clean(None),
                }
            })
            .collect();
        fixed_before_input(&pieces)
    }

    /// A value as a piece of a destination: the text of a constant of the file, or a value
    /// with or without input (a call of a function of the file returning a fixed prefix).
    fn destination_piece(&self, expr: &syn::Expr) -> Piece {
        let expr = peel(expr);
        if let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) = expr
        {
            return Piece::Text(text.value());
        }
        let known = |path: &syn::Path| path.get_ident().map(ToString::to_string);
        match expr {
            syn::Expr::Path(path) => {
                if let Some(text) =
                    known(&path.path).and_then(|name| self.model.constants.text(&name))
                {
                    return Piece::Text(text.to_string());
                }
                piece_of(&self.eval(expr), None)
            }
            syn::Expr::Call(call) if call.args.is_empty() => {
                let returned = match peel(&call.func) {
                    syn::Expr::Path(func) => known(&func.path)
                        .and_then(|name| self.model.constants.prefix_returned_by(&name)),
                    _ => None,
                };
                piece_of(&self.eval(expr), returned)
            }
            _ => piece_of(&self.eval(expr), None),
        }
    }

    /// The declared or constructed type of a method chain's receiver (`client` declared as
    /// `&Client`, `Command::new("ls").arg(..)`, `OpenOptions::new().read(true)`).
    pub fn receiver_type(&self, receiver: &syn::Expr) -> Option<String> {
        if let Some(ty) = self.field_handle_type(receiver) {
            return Some(ty);
        }
        match syntax::chain_root(receiver) {
            syn::Expr::Path(path) => {
                let ident = path.path.get_ident()?;
                if ident == "self" {
                    return self
                        .scope
                        .impl_type
                        .as_deref()
                        .map(|ty| ty.rsplit("::").next().unwrap_or(ty).to_string());
                }
                self.env.type_of(&ident.to_string()).map(str::to_string)
            }
            syn::Expr::Call(call) => match peel(&call.func) {
                syn::Expr::Path(func) => {
                    let segments = &func.path.segments;
                    (segments.len() >= 2).then(|| segments[segments.len() - 2].ident.to_string())
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The type of the field a method chain starts from (`state.pool.execute(..)`): declared in
    /// this file, or else said by a name that leaves no doubt (`http`, `*_client`, `*_pool`),
    /// for state structs declared in another file. A field called `clients` or `cache` says
    /// nothing.
    fn field_handle_type(&self, receiver: &syn::Expr) -> Option<String> {
        let mut expr = peel(receiver);
        while let syn::Expr::MethodCall(call) = expr {
            expr = peel(&call.receiver);
        }
        let syn::Expr::Field(field) = expr else {
            return None;
        };
        let syn::Member::Named(name) = &field.member else {
            return None;
        };
        let name = name.to_string();
        if let Some(declared) = self.model.fields.type_of(&name) {
            return Some(declared.to_string());
        }
        let by_name = if matches!(name.as_str(), "http" | "client" | "http_client")
            || name.ends_with("_client")
        {
            "Client"
        } else if matches!(name.as_str(), "pool" | "db" | "db_pool") || name.ends_with("_pool") {
            "Pool"
        } else {
            return None;
        };
        Some(by_name.to_string())
    }

    /// The arguments of `expr` that are sinks of `kind`, with the name of the sink.
    pub fn sink_arguments<'e>(
        &self,
        expr: &'e syn::Expr,
        kind: SinkKind,
    ) -> Option<(String, &'e syn::Expr)> {
        let taint_models = self.model.taint;
        let sink = taint_models.sinks.iter().find(|s| s.kind == kind)?;
        let pick =
            |pattern: &ArgPattern,
             args: &'e syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>| {
                args.iter().nth(pattern.arg)
            };
        match expr {
            syn::Expr::Call(call) => {
                let syn::Expr::Path(func) = peel(&call.func) else {
                    return None;
                };
                let last = last_ident(&func.path)?.to_string();
                // An alias (`use sqlx::query as q;`) is only known after resolution.
                let aliased = func.path.segments.len() == 1 && self.model.imports.is_alias(&last);
                if !aliased && !taint_models.sink_names.contains(&last) {
                    return None;
                }
                let resolved = self.model.resolve(&func.path);
                let pattern = sink.functions.iter().find(|p| p.matches_path(&resolved))?;
                Some((resolved.join("::"), pick(pattern, &call.args)?))
            }
            syn::Expr::MethodCall(call) => {
                let name = call.method.to_string();
                if !taint_models.sink_names.contains(&name) {
                    return None;
                }
                let by_name = |patterns: &[ArgPattern]| {
                    patterns
                        .iter()
                        .find(|p| p.segments.len() == 1 && p.segments[0] == name)
                        .cloned()
                };
                let pattern = by_name(&sink.methods).or_else(|| {
                    let typed = by_name(&sink.typed_methods)?;
                    let ty = self.receiver_type(&call.receiver)?;
                    sink.on.contains(&ty).then_some(typed)
                })?;
                Some((name, pick(&pattern, &call.args)?))
            }
            _ => None,
        }
    }

    /// Whether an SQL text argument is built from non-constant parts (`format!` with a
    /// variable, `+` on strings), directly or through a local: the structural fallback.
    pub fn built_from_non_constants(&self, arg: &syn::Expr) -> Option<Span> {
        match peel(arg) {
            syn::Expr::Macro(mac) if macro_name(&mac.mac) == "format" => {
                let args = macro_args(&mac.mac);
                let non_constant = args.exprs.iter().any(|e| !self.is_constant_like(e))
                    || args
                        .captures()
                        .iter()
                        .any(|name| !self.is_constant_name(name));
                non_constant.then(|| self.span(arg))
            }
            syn::Expr::Binary(binary) if matches!(binary.op, syn::BinOp::Add(_)) => {
                let non_constant =
                    !self.is_constant_like(&binary.left) || !self.is_constant_like(&binary.right);
                non_constant.then(|| self.span(arg))
            }
            syn::Expr::MethodCall(call)
                if matches!(
                    call.method.to_string().as_str(),
                    "as_str" | "as_ref" | "clone" | "to_string" | "to_owned"
                ) =>
            {
                self.built_from_non_constants(&call.receiver)
            }
            syn::Expr::Path(path) => path
                .path
                .get_ident()
                .and_then(|ident| self.env.formatted_at(&ident.to_string())),
            _ => None,
        }
    }

    /// Whether an expression's value is fixed text or a number whatever the input: literals,
    /// constants, constant locals, and `match`/`if` whose every branch is one of those.
    pub fn is_constant_like(&self, expr: &syn::Expr) -> bool {
        match peel(expr) {
            syn::Expr::Match(choice) => choice
                .arms
                .iter()
                .all(|arm| self.is_constant_like(&arm.body) || diverges(&arm.body)),
            syn::Expr::If(choice) => {
                self.is_constant_block(&choice.then_branch)
                    && choice
                        .else_branch
                        .as_ref()
                        .is_some_and(|(_, other)| self.is_constant_like(other))
            }
            syn::Expr::Block(block) => self.is_constant_block(&block.block),
            syn::Expr::Path(path) => path.path.get_ident().map_or_else(
                || syntax::is_constant(expr),
                |ident| self.is_constant_name(&ident.to_string()),
            ),
            syn::Expr::Macro(mac) if macro_name(&mac.mac) == "format" => {
                self.built_from_non_constants(expr).is_none()
            }
            syn::Expr::Binary(binary) => {
                self.is_constant_like(&binary.left) && self.is_constant_like(&binary.right)
            }
            syn::Expr::MethodCall(call) => self.is_repeated_constant(call),
            syn::Expr::Macro(mac) if macro_name(&mac.mac) == "vec" => {
                repeated_element(&mac.mac).is_some_and(|element| self.is_constant_like(&element))
            }
            other => syntax::is_constant(other),
        }
    }

    /// Text that repeats constants a number of times, however many, or chooses among them:
    /// placeholder lists such as `ids.iter().map(|_| "?").collect::<Vec<_>>().join(", ")`,
    /// `(1..=n).map(|i| format!("${i}"))`, `"?, ".repeat(n)` or `vec!["?"; n].join(",")`.
    fn is_repeated_constant(&self, call: &syn::ExprMethodCall) -> bool {
        let args_constant = || call.args.iter().all(|arg| self.is_constant_like(arg));
        match call.method.to_string().as_str() {
            "repeat" => self.is_constant_like(&call.receiver),
            "to_string" => self.is_constant_like(&call.receiver) || self.is_scalar(&call.receiver),
            "join" | "concat" | "collect" | "to_vec" | "as_str" | "clone" => {
                args_constant() && self.is_constant_like(&call.receiver)
            }
            "map" => match call.args.first() {
                Some(syn::Expr::Closure(closure)) => {
                    let numbers = counted_names(&call.receiver, closure);
                    self.yields_constant_given(&closure.body, &numbers)
                }
                _ => false,
            },
            // A choice between constants: `opt.map_or("id", |_| "name")`.
            "map_or" => match (call.args.first(), call.args.last()) {
                (Some(default), Some(syn::Expr::Closure(closure))) => {
                    self.is_constant_like(default) && self.is_constant_like(&closure.body)
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether a closure body is constant text once `numbers` (closure parameters known to be
    /// counters) are taken as numbers.
    fn yields_constant_given(&self, body: &syn::Expr, numbers: &[String]) -> bool {
        if self.is_constant_like(body) {
            return true;
        }
        match peel(body) {
            syn::Expr::Macro(mac) if macro_name(&mac.mac) == "format" => {
                let args = macro_args(&mac.mac);
                args.exprs
                    .iter()
                    .all(|e| self.is_constant_like(e) || counted_operands(e, numbers))
                    && args
                        .captures()
                        .iter()
                        .all(|name| self.is_constant_name(name) || numbers.contains(name))
            }
            _ => false,
        }
    }

    /// Whether an expression yields a number or a boolean whatever its inputs: a comparison,
    /// a logical operator, or a method that only measures or checks (`len`, `is_empty`).
    pub fn is_scalar(&self, expr: &syn::Expr) -> bool {
        use syn::BinOp::*;
        match peel(expr) {
            syn::Expr::Binary(binary) => matches!(
                binary.op,
                Eq(_) | Ne(_) | Lt(_) | Le(_) | Gt(_) | Ge(_) | And(_) | Or(_)
            ),
            syn::Expr::Unary(unary) => matches!(unary.op, syn::UnOp::Not(_)),
            syn::Expr::MethodCall(call) => self
                .model
                .taint
                .clean_methods
                .contains(&call.method.to_string()),
            _ => false,
        }
    }

    fn is_constant_block(&self, block: &syn::Block) -> bool {
        match block.stmts.last() {
            Some(syn::Stmt::Expr(expr, None)) => self.is_constant_like(expr) || diverges(expr),
            _ => false,
        }
    }

    /// Constants, constant locals, and locals of numeric type.
    fn is_constant_name(&self, name: &str) -> bool {
        syntax::is_screaming_case(name)
            || self.env.constants.contains(name)
            || self.env.type_of(name).is_some_and(is_numeric_type_name)
            || self.env.get(name).is_some_and(|taint| taint.numeric)
    }
}

/// What a standard adapter returns, in terms of its closures.
#[derive(Clone, Copy)]
enum Adapter {
    /// `map(f)`: what `f` returns.
    Map,
    /// `map_or(default, f)`: the default or what `f` returns.
    MapOr,
    /// `map_or_else(default_fn, f)`: what either closure returns.
    MapOrElse,
    /// `unwrap_or_else(f)`: the receiver's value or what `f` returns.
    OrElse,
    /// `fold(init, f)`: the initial value or what `f` returns (its first parameter is the
    /// accumulator, the second the receiver's item).
    Fold,
}

/// Standard adapters that return what their closure computes: their result is evaluated here,
/// never taken for a crate method's.
const MAPPING_ADAPTERS: &[(&str, Adapter)] = &[
    ("map", Adapter::Map),
    ("filter_map", Adapter::Map),
    ("flat_map", Adapter::Map),
    ("and_then", Adapter::Map),
    ("map_while", Adapter::Map),
    ("then", Adapter::Map),
    ("map_or", Adapter::MapOr),
    ("map_or_else", Adapter::MapOrElse),
    ("unwrap_or_else", Adapter::OrElse),
    ("or_else", Adapter::OrElse),
    ("fold", Adapter::Fold),
];

/// The adapter a method call is, when it is a standard mapping adapter given a closure.
fn mapping_adapter(name: &str, call: &syn::ExprMethodCall) -> Option<Adapter> {
    let takes_closure = call
        .args
        .iter()
        .any(|arg| matches!(arg, syn::Expr::Closure(_)));
    if !takes_closure {
        return None;
    }
    MAPPING_ADAPTERS
        .iter()
        .find(|(adapter, _)| *adapter == name)
        .map(|&(_, adapter)| adapter)
}

/// Whether a method call is a standard mapping adapter given a closure.
pub fn takes_closure(name: &str, call: &syn::ExprMethodCall) -> bool {
    mapping_adapter(name, call).is_some()
}

/// The parameters of a closure mapped over a counter that are numbers: every parameter over
/// a range (`(1..=n).map(|i| ..)`), the index of `enumerate()` (`.map(|(i, _)| ..)`).
fn counted_names(receiver: &syn::Expr, closure: &syn::ExprClosure) -> Vec<String> {
    let ident_of = |pat: &syn::Pat| match pat {
        syn::Pat::Ident(ident) => Some(ident.ident.to_string()),
        _ => None,
    };
    match peel(receiver) {
        syn::Expr::Range(_) => closure.inputs.iter().filter_map(ident_of).collect(),
        syn::Expr::MethodCall(call) if call.method == "enumerate" => match closure.inputs.first() {
            Some(syn::Pat::Tuple(tuple)) => {
                tuple.elems.first().and_then(ident_of).into_iter().collect()
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Whether an expression is a counter or arithmetic on counters and literals (`i + 1`).
fn counted_operands(expr: &syn::Expr, numbers: &[String]) -> bool {
    match peel(expr) {
        syn::Expr::Path(path) => path
            .path
            .get_ident()
            .is_some_and(|ident| numbers.contains(&ident.to_string())),
        syn::Expr::Binary(binary) => {
            counted_operands(&binary.left, numbers) && counted_operands(&binary.right, numbers)
        }
        other => syntax::is_constant(other),
    }
}

/// The element of `vec![element; count]`.
fn repeated_element(mac: &syn::Macro) -> Option<syn::Expr> {
    let repeat = mac.parse_body_with(|input: syn::parse::ParseStream<'_>| {
        let element: syn::Expr = input.parse()?;
        input.parse::<syn::Token![;]>()?;
        input.parse::<syn::Expr>()?;
        Ok(element)
    });
    repeat.ok()
}

/// The local that an early-exit allow-list check vouches for: the `x` of
/// `if !ALLOWED.contains(&x) { return .. }` or `if !matches!(x.as_str(), "a" | "b") { return .. }`
/// (a constant list or literal patterns; the branch must leave the function or loop).
/// Returns the local and the sink kinds it is now safe for (a checked host makes a URL safe
/// to request or redirect to, not to put into SQL).
pub fn allow_listed(expr_if: &syn::ExprIf) -> Option<(String, &'static [SinkKind])> {
    if expr_if.else_branch.is_some()
        || !crate::semantic::syntax::block_diverges(&expr_if.then_branch)
    {
        return None;
    }
    let checked = match peel(&expr_if.cond) {
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Not(_),
            expr: checked,
            ..
        }) => &**checked,
        // `if url.host_str() != Some("api.example.com") { return .. }`, `if kind != "pdf" { .. }`.
        syn::Expr::Binary(binary) if matches!(binary.op, syn::BinOp::Ne(_)) => {
            return [(&binary.left, &binary.right), (&binary.right, &binary.left)]
                .into_iter()
                .find(|(_, other)| is_fixed_value(other))
                .and_then(|(checked, _)| exact_value_of(checked));
        }
        _ => return None,
    };
    let value = match peel(checked) {
        syn::Expr::MethodCall(call) if call.method == "contains" && call.args.len() == 1 => {
            let list_is_constant = match peel(syntax::chain_root(&call.receiver)) {
                syn::Expr::Path(path) => path
                    .path
                    .segments
                    .last()
                    .is_some_and(|last| syntax::is_screaming_case(&last.ident.to_string())),
                syn::Expr::Array(array) => array.elems.iter().all(syntax::is_constant),
                _ => false,
            };
            if !list_is_constant {
                return None;
            }
            &call.args[0]
        }
        syn::Expr::Macro(mac) if macro_name(&mac.mac) == "matches" => {
            let (value, pat) = syntax::matches_args(&mac.mac)?;
            if !pattern_is_literals(&pat) {
                return None;
            }
            return exact_value_of(&value);
        }
        _ => return None,
    };
    exact_value_of(value)
}

/// A literal, a constant, or `Some(..)` of one.
fn is_fixed_value(expr: &syn::Expr) -> bool {
    match peel(expr) {
        syn::Expr::Call(call) => {
            matches!(peel(&call.func), syn::Expr::Path(path) if path.path.is_ident("Some"))
                && call.args.iter().all(is_fixed_value)
        }
        syn::Expr::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|last| syntax::is_screaming_case(&last.ident.to_string())),
        other => syntax::is_constant(other),
    }
}

/// The local or field whose value a comparison pins down: `kind` in `kind != "pdf"`, `q.kind`
/// in `!KINDS.contains(&q.kind)`, `url` in `url.host_str() != Some(..)`. A field pins only
/// itself: its local's other fields keep their taint.
fn exact_value_of(expr: &syn::Expr) -> Option<(String, &'static [SinkKind])> {
    const DESTINATIONS: &[SinkKind] = &[SinkKind::Url, SinkKind::Redirect];
    match peel(expr) {
        syn::Expr::Path(path) => path
            .path
            .get_ident()
            .map(|ident| (ident.to_string(), &SinkKind::STRING_KINDS[..])),
        syn::Expr::Field(_) => crate::semantic::guards::value_path(expr)
            .map(|path| (path, &SinkKind::STRING_KINDS[..])),
        syn::Expr::MethodCall(call)
            if matches!(
                call.method.to_string().as_str(),
                "host_str" | "host" | "domain"
            ) =>
        {
            let (name, _) = exact_value_of(&call.receiver)?;
            Some((name, DESTINATIONS))
        }
        syn::Expr::MethodCall(call)
            if matches!(
                call.method.to_string().as_str(),
                "as_str" | "as_deref" | "unwrap_or" | "unwrap_or_default" | "unwrap"
            ) =>
        {
            exact_value_of(&call.receiver)
        }
        _ => None,
    }
}

fn pattern_is_literals(pat: &syn::Pat) -> bool {
    match pat {
        syn::Pat::Lit(_) => true,
        syn::Pat::Or(or) => or.cases.iter().all(pattern_is_literals),
        syn::Pat::Paren(paren) => pattern_is_literals(&paren.pat),
        _ => false,
    }
}

/// A value with taint `taint` as a piece of a destination: input unless it is clean or a
/// number (which cannot start an authority); `fixed` is what a clean value is known to fix.
/// Input that passed a check vouching for it as a destination (an allow-list) is like a
/// server-chosen base: what follows it cannot choose where it points only after a `?`, `#` or a
/// path (`format!("{}?code={}", checked, code)`); appended directly (`{checked}{rest}`), the rest
/// can still turn `https://app.example.com` into `https://app.example.com.evil.example`.
fn piece_of(taint: &Taint, fixed: Option<Fixed>) -> Piece {
    let checked = !taint.reaches(SinkKind::Url) && !taint.reaches(SinkKind::Redirect);
    if taint.is_clean() || taint.numeric {
        Piece::Clean(fixed)
    } else if checked {
        Piece::Clean(None)
    } else {
        Piece::Input
    }
}

/// Finds a sink by its shape: the sink's name and the argument that must not carry input.
pub type FindSink = for<'e> fn(&'e syn::Expr) -> Option<(String, &'e syn::Expr)>;

/// What an injection rule is: a sink kind and what its findings say. The rules in
/// `rules/security/` are declared with one of these; [`TaintRule::check`] finds the sink
/// (from the models, or through `extra_sink` for sinks the models cannot describe) and reports.
pub struct TaintRule {
    pub kind: SinkKind,
    /// The finding's message, given the sink's name and the sink expression.
    pub message: fn(sink: &str, call: &syn::Expr) -> String,
    pub label: &'static str,
    pub help: &'static str,
    /// The message of the structural fallback, for rules that have one.
    pub structural: Option<fn(sink: &str) -> String>,
    /// Sinks found by shape rather than by name (a `Location` header, a `text/html` body).
    pub extra_sink: Option<FindSink>,
    /// A further condition every finding needs, known only later (path guards).
    pub also: Option<fn(&RuleCx<'_>) -> Option<Condition>>,
}

impl TaintRule {
    /// The sink `expr` is, with its name and the argument that must not carry input.
    pub fn sink<'e>(
        &self,
        expr: &'e syn::Expr,
        cx: &RuleCx<'_>,
    ) -> Option<(String, &'e syn::Expr)> {
        cx.taint()
            .sink_arguments(expr, self.kind)
            .or_else(|| self.extra_sink.and_then(|find| find(expr)))
    }

    pub fn check(&self, expr: &syn::Expr, cx: &mut RuleCx<'_>) {
        if let Some((sink, arg)) = self.sink(expr, cx) {
            self.report(cx, &sink, expr, arg);
        }
    }

    pub fn report(&self, cx: &mut RuleCx<'_>, sink: &str, call: &syn::Expr, arg: &syn::Expr) {
        self.report_at(cx, sink, call, arg, Severity::Full);
    }

    /// Reports as [`TaintRule::report`] does, one level below the rule's level: for a sink
    /// where input can do less harm than the rule's name says (an option of a fixed program).
    pub fn report_weakened(
        &self,
        cx: &mut RuleCx<'_>,
        sink: &str,
        call: &syn::Expr,
        arg: &syn::Expr,
    ) {
        self.report_at(cx, sink, call, arg, Severity::Weakened);
    }

    fn report_at(
        &self,
        cx: &mut RuleCx<'_>,
        sink: &str,
        call: &syn::Expr,
        arg: &syn::Expr,
        severity: Severity,
    ) {
        let also = self.also.and_then(|condition| condition(cx));
        let message = (self.message)(sink, call);
        report_sink(cx, self, sink, &message, arg, also, severity);
    }
}

/// Whether a finding has the rule's level or one below.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Severity {
    Full,
    Weakened,
}

/// Checks one sink argument and reports: a finding with the flow when request input reaches it
/// in this function; a deferred finding when it may arrive through parameters or calls (decided
/// by the crate pass); and, for rules with a structural fallback, a weaker finding when the
/// argument is built from non-constant parts without proven input.
///
/// `also` is a further condition every finding needs (known only at the end of the function
/// or in the crate pass).
fn report_sink(
    cx: &mut RuleCx<'_>,
    rule: &TaintRule,
    sink: &str,
    message: &str,
    arg: &syn::Expr,
    also: Option<Condition>,
    severity: Severity,
) {
    let kind = rule.kind;
    if !cx.scope.is_production() {
        return;
    }
    let mut taint = cx.taint().eval(arg);
    // Of several origins, only those that alone reach the sink do: in
    // `format!("{base}/invite/{id}")`, `id` cannot choose where a server-chosen `base` points.
    if taint.origins.len() > 1 && taint.reaches(kind) {
        let reaching: Vec<Origin> = cx
            .taint()
            .each_origin_alone(arg, &taint)
            .into_iter()
            .filter(|(_, alone)| alone.reaches(kind))
            .map(|(origin, _)| origin)
            .collect();
        if reaching.is_empty() {
            taint = taint.sanitized_for(&[kind]);
        } else {
            taint.origins = reaching;
        }
    }
    // The request's own path is a path on this site where no path can start with `//`: behind
    // a middleware merging slashes, or in a handler only paths with a fixed start reach.
    let also = match also {
        _ if kind == SinkKind::Redirect && taint.own_path => {
            let mut kept = vec![Condition::PathsNormalized];
            if let Some(function) = cx.scope.function {
                kept.push(Condition::RoutePathFixed(function));
            }
            let normalized = Condition::Not(Box::new(Condition::Any(kept)));
            Some(match also {
                Some(other) => Condition::All(vec![other, normalized]),
                None => normalized,
            })
        }
        other => other,
    };
    let with_also = |condition: Option<Condition>| match (condition, also.clone()) {
        (None, None) => None,
        (Some(c), None) | (None, Some(c)) => Some(c),
        (Some(a), Some(b)) => Some(Condition::All(vec![a, b])),
    };
    let at = cx.span(arg);
    let structural = rule.structural.and_then(|message| {
        cx.taint()
            .built_from_non_constants(arg)
            .map(|_| message(sink))
    });
    if taint.reaches(kind) {
        let function = cx.scope.function;
        let from_request = taint.has_request_source(cx.facts);
        let mut finding = cx.report(at, message).label(rule.label).help(rule.help);
        if severity == Severity::Weakened {
            finding = finding.weakened();
        }
        for step in &taint.steps {
            finding = finding.secondary(step.span, step.message.clone());
        }
        if from_request {
            match with_also(None) {
                Some(condition) => finding.emit_if(condition),
                None => finding.emit(),
            }
            return;
        }
        let Some(function) = function else {
            return;
        };
        let condition = Condition::RequestInput {
            function,
            origins: taint.origins.clone(),
            kind,
        };
        finding.emit_if(with_also(Some(condition.clone())).expect("a condition was given"));
        if let Some(structural) = structural {
            let unproven = Condition::All(vec![
                Condition::Not(Box::new(condition)),
                Condition::InRequestPath(function),
            ]);
            cx.report(at, structural)
                .label("built from non-constant values")
                .help(rule.help)
                .weakened()
                .emit_if(with_also(Some(unproven)).expect("a condition was given"));
        }
    } else if let Some(structural) = structural.filter(|_| taint.is_clean()) {
        // Only on the request path: migrations, seeds and admin tools build SQL from
        // identifiers and configuration that no request chooses.
        let Some(function) = cx.scope.function else {
            return;
        };
        cx.report(at, structural)
            .label("built from non-constant values")
            .help(rule.help)
            .weakened()
            .emit_if(
                with_also(Some(Condition::InRequestPath(function))).expect("a condition was given"),
            );
    }
}
