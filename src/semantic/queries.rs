//! Database and Redis round trips, and the loops that make one per item (`[queries]` of
//! `rules/models/performance.toml`). A round trip is a query chain started by a constructor
//! (`sqlx::query(..)`, `query!(..)`, `diesel::insert_into(..)`, `users::table`, sea-orm's
//! `Post::find()`) and run in the same chain, or an awaited client call whose shape only a
//! database takes (tokio-postgres' parameter slice, a connection argument, a Redis command on a
//! connection). A loop runs per item when it is a `for` over a collection (not a literal array,
//! a range or a constant), a `while let` over a stream's next item, or an iterator or stream
//! adapter's closure on a chain that iterates.

use syn::visit::Visit;

use crate::semantic::insecure_api::name_words;
use crate::semantic::models::models;
use crate::semantic::models::performance::{any_matches, QueryModels};
use crate::semantic::syntax::{
    chain_root, diverges, is_failure_pattern, is_screaming_case, is_success_pattern, literal_text,
    macro_name, peel,
};
use crate::semantic::FileModel;

fn queries() -> &'static QueryModels {
    &models().performance.queries
}

/// A loop whose body runs once per item of a collection or stream.
pub struct PerItemLoop<'a> {
    /// What runs per item: a `for`/`while let` body, or an adapter's closure body.
    pub body: PerItemBody<'a>,
    /// The names the loop binds per item (`for user in users`, `|user|`).
    pub bound: Vec<String>,
}

pub enum PerItemBody<'a> {
    Block(&'a syn::Block),
    Expr(&'a syn::Expr),
}

/// The per-item loop `expr` is, if it is one.
pub fn per_item_loop<'a>(expr: &'a syn::Expr, file: &FileModel<'_>) -> Option<PerItemLoop<'a>> {
    match expr {
        syn::Expr::ForLoop(for_loop) => {
            if is_fixed_collection(&for_loop.expr) || splits_into_batches(&for_loop.expr) {
                return None;
            }
            Some(PerItemLoop {
                body: PerItemBody::Block(&for_loop.body),
                bound: crate::semantic::syntax::bindings(&for_loop.pat)
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            })
        }
        syn::Expr::While(while_loop) => {
            let syn::Expr::Let(condition) = peel(&while_loop.cond) else {
                return None;
            };
            if !is_stream_next(&condition.expr) {
                return None;
            }
            Some(PerItemLoop {
                body: PerItemBody::Block(&while_loop.body),
                bound: crate::semantic::syntax::bindings(&condition.pat)
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            })
        }
        syn::Expr::MethodCall(call) => {
            let model = queries();
            if !model.adapters.iter().any(|name| call.method == name) {
                return None;
            }
            let closure = call.args.iter().find_map(|arg| match peel(arg) {
                syn::Expr::Closure(closure) => Some(closure),
                _ => None,
            })?;
            if !iterates(&call.receiver, file) || splits_into_batches(&call.receiver) {
                return None;
            }
            Some(PerItemLoop {
                body: PerItemBody::Expr(&closure.body),
                bound: closure
                    .inputs
                    .iter()
                    .flat_map(crate::semantic::syntax::bindings)
                    .map(|ident| ident.to_string())
                    .collect(),
            })
        }
        _ => None,
    }
}

/// `while let Some(row) = rows.next().await` (also `try_next().await?`, `.unwrap()`ed, and
/// an iterator's `next()`).
fn is_stream_next(expr: &syn::Expr) -> bool {
    let mut expr = peel(expr);
    while let syn::Expr::MethodCall(call) = expr {
        if call.args.is_empty() && queries().stream_next.iter().any(|name| call.method == name) {
            return true;
        }
        expr = peel(&call.receiver);
    }
    false
}

/// Whether a chain splits its items into batches (`ids.chunks(500)`): each item of the loop is
/// a batch.
fn splits_into_batches(expr: &syn::Expr) -> bool {
    let mut expr = peel(expr);
    while let syn::Expr::MethodCall(call) = expr {
        if queries().batches.iter().any(|name| call.method == name) {
            return true;
        }
        expr = peel(&call.receiver);
    }
    false
}

/// A collection fixed in the source: a literal array or tuple, a range, a constant, or an
/// iteration over one (`["a", "b"].iter()`, `&TABLES`).
fn is_fixed_collection(expr: &syn::Expr) -> bool {
    match peel(expr) {
        syn::Expr::Array(_) | syn::Expr::Tuple(_) | syn::Expr::Range(_) => true,
        syn::Expr::Reference(reference) => is_fixed_collection(&reference.expr),
        syn::Expr::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|segment| is_screaming_case(&segment.ident.to_string())),
        syn::Expr::MethodCall(call) if call.args.is_empty() => {
            queries().iterations.iter().any(|name| call.method == name)
                && is_fixed_collection(&call.receiver)
        }
        syn::Expr::Macro(mac) => macro_name(&mac.mac) == "vec",
        _ => false,
    }
}

/// Whether the chain an adapter is called on iterates over a collection or a stream: one of its
/// methods is an iteration (`.iter()`), its root calls an iteration function
/// (`stream::iter(ids)`), or it is a query's row stream (`sqlx::query(..).fetch(&pool)`).
fn iterates(receiver: &syn::Expr, file: &FileModel<'_>) -> bool {
    let model = queries();
    let mut expr = peel(receiver);
    loop {
        match expr {
            syn::Expr::MethodCall(call) => {
                if model.iterations.iter().any(|name| call.method == name) {
                    return !is_fixed_collection(&call.receiver);
                }
                if round_trip(expr, false, file).is_some() {
                    return true;
                }
                expr = peel(&call.receiver);
            }
            syn::Expr::Call(call) => {
                return matches!(peel(&call.func), syn::Expr::Path(func)
                    if any_matches(&model.iteration_functions, &file.resolve(&func.path)))
                    && call
                        .args
                        .first()
                        .is_none_or(|arg| !is_fixed_collection(arg));
            }
            _ => return false,
        }
    }
}

/// One round trip: where it starts (the constructor call, or the client call whole), and the
/// expression its SQL text comes from, where it is given as a value.
pub struct RoundTrip<'a> {
    pub start: &'a syn::Expr,
    pub statement: Option<&'a syn::Expr>,
}

/// The round trip `expr` makes, if it makes one; `awaited` when `expr` is the operand of
/// `.await`.
pub fn round_trip<'a>(
    expr: &'a syn::Expr,
    awaited: bool,
    file: &FileModel<'_>,
) -> Option<RoundTrip<'a>> {
    let syn::Expr::MethodCall(call) = peel(expr) else {
        return None;
    };
    let model = queries();
    let method = call.method.to_string();
    let arity = call.args.len();
    let root = chain_root(&call.receiver);
    if model.runs.contains(&method) && starts_query(root, file) {
        let statement = match root {
            syn::Expr::Call(constructor) => constructor.args.first(),
            _ => None,
        };
        return Some(RoundTrip {
            start: root,
            statement,
        });
    }
    if model.entity_runs.contains(&method) && is_entity_query(root) {
        return Some(RoundTrip {
            start: root,
            statement: None,
        });
    }
    let client_call = |expr: &'a syn::Expr| RoundTrip {
        start: expr,
        statement: call.args.first(),
    };
    let is_client_query = model
        .client_methods
        .iter()
        .any(|pattern| pattern.matches(&method, arity))
        && call.args.iter().nth(1).is_some_and(is_parameter_slice);
    if is_client_query {
        return Some(client_call(expr));
    }
    let is_parameterised_query = model
        .param_methods
        .iter()
        .any(|pattern| pattern.matches(&method, arity))
        && (call.args.iter().skip(1).any(is_parameters)
            || call
                .args
                .last()
                .is_some_and(|arg| matches!(peel(arg), syn::Expr::Closure(_))));
    if is_parameterised_query {
        return Some(client_call(expr));
    }
    if !awaited {
        return None;
    }
    let receiver_words = receiver_words(&call.receiver);
    let has_word = |words: &[String]| receiver_words.iter().any(|word| words.contains(word));
    let is_awaited_query = (model.document_methods.contains(&method)
        && receiver_words.iter().any(|word| word.starts_with("coll")))
        || (model
            .connection_methods
            .iter()
            .any(|pattern| pattern.matches(&method, arity))
            && call
                .args
                .first()
                .is_some_and(|arg| names_one_of(arg, &model.connection_names)))
        || (model.redis_methods.contains(&method) && has_word(&model.redis_receivers));
    is_awaited_query.then_some(RoundTrip {
        start: expr,
        statement: None,
    })
}

/// Whether the root of a chain starts a query: a constructor call, one of sqlx's macros, or a
/// diesel table (`users::table`, `schema::posts::table`).
fn starts_query(root: &syn::Expr, file: &FileModel<'_>) -> bool {
    let model = queries();
    match root {
        syn::Expr::Call(call) => matches!(peel(&call.func), syn::Expr::Path(func)
            if any_matches(&model.constructors, &file.resolve(&func.path))),
        syn::Expr::Macro(mac) => {
            let path = &mac.mac.path;
            let from_sqlx = path.segments.len() == 1
                || path
                    .segments
                    .first()
                    .is_some_and(|first| first.ident == "sqlx");
            from_sqlx && model.macros.contains(&macro_name(&mac.mac))
        }
        syn::Expr::Path(path) => {
            path.path.segments.len() >= 2
                && path
                    .path
                    .segments
                    .last()
                    .is_some_and(|last| last.ident == "table")
        }
        _ => false,
    }
}

/// `Post::find()`, `Entity::insert(model)`: a type's ORM query function.
fn is_entity_query(root: &syn::Expr) -> bool {
    let syn::Expr::Call(call) = root else {
        return false;
    };
    let syn::Expr::Path(func) = peel(&call.func) else {
        return false;
    };
    let segments = &func.path.segments;
    let [.., ty, function] = segments.iter().collect::<Vec<_>>()[..] else {
        return false;
    };
    ty.ident
        .to_string()
        .starts_with(|c: char| c.is_ascii_uppercase())
        && queries()
            .entity_functions
            .iter()
            .any(|name| function.ident == name)
}

/// `&[&id, &name]`, `&[]`: tokio-postgres' parameters.
fn is_parameter_slice(expr: &syn::Expr) -> bool {
    matches!(expr, syn::Expr::Reference(reference)
        if matches!(peel(&reference.expr), syn::Expr::Array(_)))
}

/// `params![..]`, `named_params! {..}`, `(&owner, id)`: a statement's parameters.
fn is_parameters(expr: &syn::Expr) -> bool {
    match peel(expr) {
        syn::Expr::Macro(mac) => queries().param_macros.contains(&macro_name(&mac.mac)),
        syn::Expr::Tuple(_) => true,
        _ => false,
    }
}

/// The words of the names a receiver is reached through (`self.redis_pool.get()` gives
/// `self`, `redis`, `pool`, `get`).
fn receiver_words(receiver: &syn::Expr) -> Vec<String> {
    let mut words = Vec::new();
    let mut expr = peel(receiver);
    loop {
        match expr {
            syn::Expr::Path(path) => {
                if let Some(last) = path.path.segments.last() {
                    words.extend(name_words(&last.ident.to_string()));
                }
                return words;
            }
            syn::Expr::Field(field) => {
                if let syn::Member::Named(name) = &field.member {
                    words.extend(name_words(&name.to_string()));
                }
                expr = peel(&field.base);
            }
            syn::Expr::MethodCall(call) => {
                words.extend(name_words(&call.method.to_string()));
                expr = peel(&call.receiver);
            }
            syn::Expr::Unary(unary) => expr = peel(&unary.expr),
            _ => return words,
        }
    }
}

/// Whether `expr` (through references and `.as_ref()`-like views) is a value named with one of
/// `names`' words (`&db`, `&mut *conn`, `&state.db`, `txn`).
fn names_one_of(expr: &syn::Expr, names: &[String]) -> bool {
    let last_name = match peel(expr) {
        syn::Expr::Reference(reference) => return names_one_of(&reference.expr, names),
        syn::Expr::Unary(unary) => return names_one_of(&unary.expr, names),
        syn::Expr::MethodCall(call) if call.args.is_empty() => {
            return names_one_of(&call.receiver, names)
        }
        syn::Expr::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        syn::Expr::Field(field) => match &field.member {
            syn::Member::Named(name) => Some(name.to_string()),
            syn::Member::Unnamed(_) => None,
        },
        _ => None,
    };
    last_name.is_some_and(|name| name_words(&name).iter().any(|word| names.contains(word)))
}

/// What a per-item loop's body does each time round, outside nested per-item loops (which
/// report their own), tasks the body spawns, nested items, and blocks that leave the loop
/// (`return`, `break`, a panic: the clean-up before `return Err(..)` runs once).
#[derive(Default)]
pub struct PerItemWork<'a> {
    /// Where its round trips start, but for queries that take their SQL text from the loop's
    /// item (a list of statements run in turn) or change the schema.
    pub round_trips: Vec<PerItem<'a>>,
    /// Its calls of functions by path (`Cipher::find_by_uuid(..)`, `repo::load(..)`) and of
    /// `self` methods, which make a round trip when the called crate function does.
    pub crate_calls: Vec<PerItem<'a>>,
}

/// Something a loop's body does, and the macros whose call ends a block it is in
/// (`err!(..)`): when the crate defines one of them to always return, the block leaves the
/// loop and it is not done per item.
pub struct PerItem<'a> {
    pub expr: &'a syn::Expr,
    pub exit_macros: Vec<String>,
}

pub fn per_item_work<'a>(per_item: &PerItemLoop<'a>, file: &FileModel<'_>) -> PerItemWork<'a> {
    let mut finder = RoundTrips {
        file,
        bound: &per_item.bound,
        exit_macros: Vec::new(),
        found: PerItemWork::default(),
    };
    match per_item.body {
        PerItemBody::Block(block) => finder.visit_block(block),
        PerItemBody::Expr(expr) => finder.visit_expr(expr),
    }
    finder.found
}

/// Whether a per-item loop stops at its first hit: its body has a `return` or `break` (outside
/// closures and nested items), or the adapter is consumed by a first-hit consumer
/// (`consumer`: the method called on the adapter's result, `.any(..)`).
pub fn stops_early(per_item: &PerItemLoop<'_>, consumer: Option<&str>) -> bool {
    if consumer.is_some_and(|method| queries().first_hits.iter().any(|hit| hit == method)) {
        return true;
    }
    let mut finder = EarlyExit { found: false };
    match per_item.body {
        PerItemBody::Block(block) => finder.visit_block(block),
        PerItemBody::Expr(_) => {}
    }
    finder.found
}

struct RoundTrips<'f, 'b, 'a> {
    file: &'f FileModel<'f>,
    bound: &'b [String],
    /// The macros ending the enclosing blocks (see [`PerItem::exit_macros`]).
    exit_macros: Vec<String>,
    found: PerItemWork<'a>,
}

impl RoundTrips<'_, '_, '_> {
    /// Whether a round trip is one per item: not a statement the loop's item holds, nor one
    /// that changes the schema.
    fn counts(&self, round_trip: &RoundTrip<'_>) -> bool {
        let Some(sql) = round_trip.statement else {
            return true;
        };
        let from_item = match peel(sql) {
            syn::Expr::Path(path) => path
                .path
                .get_ident()
                .is_some_and(|ident| self.bound.iter().any(|name| ident == name)),
            syn::Expr::MethodCall(view) if view.args.is_empty() => matches!(
                peel(&view.receiver),
                syn::Expr::Path(path) if path.path.get_ident().is_some_and(|ident| self.bound.iter().any(|name| ident == name))
            ),
            _ => false,
        };
        let changes_schema = literal_text(sql).is_some_and(|text| {
            let first = text
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_lowercase();
            queries().schema_statements.contains(&first)
        });
        !from_item && !changes_schema
    }

    fn spawns(&self, call: &syn::ExprCall) -> bool {
        matches!(peel(&call.func), syn::Expr::Path(func)
            if any_matches(&queries().spawns, &self.file.resolve(&func.path)))
    }
}

impl<'a> Visit<'a> for RoundTrips<'_, '_, 'a> {
    fn visit_expr(&mut self, expr: &'a syn::Expr) {
        if per_item_loop(expr, self.file).is_some() {
            return;
        }
        let (candidate, awaited) = match expr {
            syn::Expr::Await(awaited) => (&*awaited.base, true),
            other => (other, false),
        };
        if let Some(found) = round_trip(candidate, awaited, self.file) {
            let known = self
                .found
                .round_trips
                .iter()
                .any(|known| std::ptr::eq(known.expr, found.start));
            if self.counts(&found) && !known {
                let item = self.per_item(found.start);
                self.found.round_trips.push(item);
            }
            return;
        }
        match expr {
            syn::Expr::Call(call) if self.spawns(call) => return,
            syn::Expr::Call(call) if matches!(peel(&call.func), syn::Expr::Path(_)) => {
                let item = self.per_item(expr);
                self.found.crate_calls.push(item);
            }
            syn::Expr::MethodCall(call) if is_self(&call.receiver) => {
                let item = self.per_item(expr);
                self.found.crate_calls.push(item);
            }
            _ => {}
        }
        syn::visit::visit_expr(self, expr);
    }

    fn visit_block(&mut self, block: &'a syn::Block) {
        let last = block.stmts.last();
        if matches!(last, Some(syn::Stmt::Expr(expr, _)) if diverges(expr)) {
            return;
        }
        let exit_macro = match last {
            Some(syn::Stmt::Macro(mac)) => Some(macro_name(&mac.mac)),
            Some(syn::Stmt::Expr(syn::Expr::Macro(mac), _)) => Some(macro_name(&mac.mac)),
            _ => None,
        };
        let pushed = exit_macro.is_some();
        self.exit_macros.extend(exit_macro);
        syn::visit::visit_block(self, block);
        if pushed {
            self.exit_macros.pop();
        }
    }

    fn visit_item(&mut self, _: &'a syn::Item) {}
}

/// Whether a condition checks for a failure: a `failure-checks` method (`.is_err()`), or
/// `let Err(..) = ..`.
fn checks_failure(cond: &syn::Expr) -> bool {
    match peel(cond) {
        syn::Expr::MethodCall(call) => {
            call.args.is_empty() && queries().failure_checks.iter().any(|m| call.method == m)
        }
        syn::Expr::Let(binding) => is_failure_pattern(&binding.pat),
        _ => false,
    }
}

impl<'a> RoundTrips<'_, '_, 'a> {
    fn per_item(&self, expr: &'a syn::Expr) -> PerItem<'a> {
        PerItem {
            expr,
            exit_macros: self.exit_macros.clone(),
        }
    }
}

fn is_self(expr: &syn::Expr) -> bool {
    matches!(peel(expr), syn::Expr::Path(path) if path.path.is_ident("self"))
}

struct EarlyExit {
    found: bool,
}

/// A loop's exits on failure (`if q.await.is_err() { return .. }`, `if let Err(e) = .. {
/// return .. }`, an `Err(_) =>` arm, `let Ok(x) = .. else { return .. }`) give up on the
/// loop's work, they do not end a search: the work before them is still done per item.
impl<'a> Visit<'a> for EarlyExit {
    fn visit_expr(&mut self, expr: &'a syn::Expr) {
        match expr {
            syn::Expr::Return(_) | syn::Expr::Break(_) => self.found = true,
            syn::Expr::If(branch) if checks_failure(&branch.cond) => {
                self.visit_expr(&branch.cond);
                if let Some((_, otherwise)) = &branch.else_branch {
                    self.visit_expr(otherwise);
                }
            }
            syn::Expr::Match(choice) => {
                self.visit_expr(&choice.expr);
                for arm in &choice.arms {
                    if !is_failure_pattern(&arm.pat) {
                        self.visit_arm(arm);
                    }
                }
            }
            // A nested loop's `break` leaves that loop; closures return from themselves.
            syn::Expr::Closure(_)
            | syn::Expr::Async(_)
            | syn::Expr::ForLoop(_)
            | syn::Expr::While(_)
            | syn::Expr::Loop(_) => {}
            other => syn::visit::visit_expr(self, other),
        }
    }

    fn visit_local(&mut self, local: &'a syn::Local) {
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
            // The `else` of `let Ok(x) = .. else { .. }` runs on failure.
            if let Some((_, otherwise)) = &init.diverge {
                if !is_success_pattern(&local.pat) {
                    self.visit_expr(otherwise);
                }
            }
        }
    }

    fn visit_item(&mut self, _: &'a syn::Item) {}
}
