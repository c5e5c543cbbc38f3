//! The walker's half of `print-in-server`: recording what decides whether printed output is a
//! server's. Per function: whether it starts the server, whether it sets up the logger (its
//! return type, where it installs one) and which statics it reads; the branches of its
//! command-line dispatch (`match cli.command { .. }` arms, `if let Some(cmd) = args.command`)
//! with the calls made in them; and, in the [`crate::semantic::Scope`], the code that runs only
//! on a terminal, inside a static's initialiser or reports on loading a `.env` file.

use syn::spanned::Spanned;

use super::Walker;
use crate::semantic::console::{
    block_exits, expr_exits, is_server_start, loads_env_file, parses_command_line, proves_terminal,
    returns_logger,
};
use quote::ToTokens;

use crate::semantic::facts::{BranchFact, BranchId, CallRef, LetFact, OutputFacts, PathCall};
use crate::semantic::models::models;
use crate::semantic::syntax::{
    bindings, block_diverges, chain_root, is_logger_crate_call, is_screaming_case, mentioned_names,
    mentions, peel,
};

impl Walker<'_, '_> {
    /// The output facts a function starts with, from its signature.
    pub(super) fn output_facts(&self, sig: &syn::Signature, is_main: bool) -> OutputFacts {
        let returns_type = match &sig.output {
            syn::ReturnType::Type(_, ty) => {
                crate::semantic::syntax::type_last_ident(ty).map(|ident| {
                    match (ident == "Self", self.scope.impl_type.as_deref()) {
                        (true, Some(ty)) => ty.rsplit("::").next().unwrap_or(ty).to_string(),
                        _ => ident.to_string(),
                    }
                })
            }
            syn::ReturnType::Default => None,
        };
        OutputFacts {
            is_main,
            returns_logger: returns_logger(sig),
            returns_type,
            ..OutputFacts::default()
        }
    }

    /// The parameters that hold the parsed command line: their declared type derives a
    /// command-line parser (`args: CmdArgs` with `#[derive(Parser)]` in this file), or, for a
    /// free function that is not a handler, is a plain type declared in another file, which
    /// the crate pass checks (`opt: DaemonOpt`).
    pub(super) fn command_line_params(
        &self,
        sig: &syn::Signature,
        handler: bool,
    ) -> Vec<(String, Option<String>)> {
        let derives = &models().console.command_line_derives;
        let fields = &self.model.fields;
        // A type declared in another file is recorded as a requirement the crate pass checks
        // (it derives a parser), in a function or a method alike (`Shuttle::run(self, args:
        // ShuttleArgs)`); a handler's parameters are request data.
        let free = !handler;
        let mut params = Vec::new();
        for input in &sig.inputs {
            let syn::FnArg::Typed(typed) = input else {
                continue;
            };
            let Some(path) = crate::semantic::syntax::type_path(&typed.ty) else {
                continue;
            };
            let Some(last) = path.segments.last() else {
                continue;
            };
            let ty = last.ident.to_string();
            let plain = last.arguments.is_empty() && ty.starts_with(char::is_uppercase);
            let requirement = if fields.derives_any(&ty, derives) {
                None
            } else if free && plain && !fields.declares(&ty) {
                Some(ty)
            } else {
                continue;
            };
            params.extend(
                bindings(&typed.pat)
                    .iter()
                    .map(|name| (name.to_string(), requirement.clone())),
            );
        }
        params
    }

    /// The function being walked, when it may set the logger up from what it loads before
    /// ([`FnFact::is_startup_candidate`]): only there is data flow recorded.
    fn in_startup_fn(&self) -> Option<usize> {
        let function = self.scope.function?;
        self.out.facts.functions[function]
            .is_startup_candidate()
            .then_some(function)
    }

    /// In a startup function, after a `let`: what it binds from which names.
    pub(super) fn note_let(&mut self, local: &syn::Local) {
        let (Some(function), Some(init)) = (self.in_startup_fn(), &local.init) else {
            return;
        };
        let span = self.model.source.span_of(local.span());
        let fact = LetFact {
            names: bindings(&local.pat)
                .iter()
                .map(ToString::to_string)
                .collect(),
            span: (span.byte_start, span.byte_end),
            mentions: mentioned_names(init.expr.to_token_stream()),
        };
        self.out.facts.functions[function].output.lets.push(fact);
    }

    /// The file's types that derive a command-line parser, for the crate pass.
    pub(super) fn command_line_types(&self) -> Vec<String> {
        self.model
            .fields
            .deriving_any(&models().console.command_line_derives)
    }

    /// Records a call in the command-line branch the code is in.
    pub(super) fn record_branch_call(&mut self, call: &CallRef) {
        if let Some(branch) = self.scope.command_line_branch {
            self.out.facts.branches[branch].calls.push(call.clone());
        }
    }

    /// After a call was recorded: whether it starts the server, and where a call by path is
    /// (it may set the logger up).
    pub(super) fn note_output_call(&mut self, expr: &syn::Expr, call: Option<&CallRef>) {
        let Some(function) = self.scope.function else {
            return;
        };
        // `Config::build().port(8080).finish()`: the outermost call of a chain is met first;
        // its methods wait for the call at its root.
        if let syn::Expr::MethodCall(outer) = expr {
            let mut methods = vec![outer.method.to_string()];
            let mut receiver = peel(&outer.receiver);
            while let syn::Expr::MethodCall(inner) = receiver {
                methods.push(inner.method.to_string());
                receiver = peel(&inner.receiver);
            }
            if matches!(receiver, syn::Expr::Call(_)) {
                methods.reverse();
                self.pending_chains
                    .entry(receiver as *const syn::Expr)
                    .or_insert(methods);
            }
        }
        if let Some(call @ CallRef::Path(_)) = call {
            let span = self.model.source.span_of(expr.span());
            let chain = self
                .pending_chains
                .remove(&(expr as *const syn::Expr))
                .unwrap_or_default();
            let mentions = match expr {
                syn::Expr::Call(called) if self.in_startup_fn().is_some() => {
                    mentioned_names(called.args.to_token_stream())
                }
                _ => Vec::new(),
            };
            self.out.facts.functions[function]
                .output
                .path_calls
                .push(PathCall {
                    call: call.clone(),
                    span: (span.byte_start, span.byte_end),
                    chain,
                    mentions,
                });
        }
        if is_server_start(&self.model.imports, expr) {
            self.out.facts.functions[function].output.starts_server = true;
            if let Some(branch) = self.scope.command_line_branch {
                self.out.facts.branches[branch].starts_server = true;
            }
        }
    }

    /// After an expression that installs a logger: the top-level statement of the function
    /// holding it is where the logger comes to exist.
    pub(super) fn note_logger_install(&mut self, expr: &syn::Expr) {
        let (Some(function), Some(statements)) = (self.scope.function, self.top_statements.last())
        else {
            return;
        };
        let at = self.model.source.span_of(expr.span()).byte_start;
        let statement = statements
            .iter()
            .copied()
            .find(|&(start, end)| start <= at && at < end)
            .unwrap_or((at, at));
        let recorded = self.in_startup_fn().is_some();
        let output = &mut self.out.facts.functions[function].output;
        if recorded && output.logger_install.is_none() {
            // The first install in a startup function is where its logger comes to exist.
            output.logger_install_mentions = mentioned_names(expr.to_token_stream());
        }
        output.logger_install = Some(statement);
    }

    /// `logger.apply()` on a local built as a logger (`let logger = fern::Dispatch::new()..`):
    /// the receiver's constructed type says what the installing call alone cannot.
    pub(super) fn installs_built_logger(&self, expr: &syn::Expr) -> bool {
        let console = &models().console;
        let syn::Expr::MethodCall(call) = expr else {
            return false;
        };
        let builder = match chain_root(&call.receiver) {
            syn::Expr::Path(path) => path
                .path
                .get_ident()
                .is_some_and(|name| self.scope.logger_builders.iter().any(|b| name == b)),
            _ => false,
        };
        console.logger_installs.contains(&call.method.to_string())
            && (builder
                || self
                    .taint_cx()
                    .receiver_type(&call.receiver)
                    .is_some_and(|ty| console.logger_types.contains(&ty)))
    }

    /// After a `let`: whether its name holds a logger being built, from a chain rooted at a
    /// logger crate's call (`let registry = tracing_subscriber::registry().with(filter);`,
    /// later `registry.init()`).
    pub(super) fn note_logger_builder(&mut self, local: &syn::Local) {
        let pat = match &local.pat {
            syn::Pat::Type(typed) => &*typed.pat,
            other => other,
        };
        let syn::Pat::Ident(ident) = pat else {
            return;
        };
        let name = ident.ident.to_string();
        self.scope.logger_builders.retain(|b| *b != name);
        let built = local.init.as_ref().is_some_and(|init| {
            is_logger_crate_call(chain_root(&init.expr), |path| self.model.resolve(path))
        });
        if built {
            self.scope.logger_builders.push(name);
        }
    }

    /// A read of a `static` (`SETTINGS.json_logging`, `CONFIG.log_level()`): its initialiser
    /// runs, at the latest, here.
    pub(super) fn note_static_read(&mut self, expr: &syn::Expr) {
        let (Some(function), syn::Expr::Path(path)) = (self.scope.function, expr) else {
            return;
        };
        let is_static = path.qself.is_none()
            && path
                .path
                .segments
                .last()
                .is_some_and(|last| is_screaming_case(&last.ident.to_string()));
        if !is_static {
            return;
        }
        let canonical = self.local_path(&path.path);
        let at = self.model.source.span_of(expr.span()).byte_start;
        self.out.facts.functions[function]
            .output
            .static_reads
            .push((canonical, at));
    }

    /// Whether a condition or scrutinee is about the command line: it parses it, or it reads a
    /// local that holds it. `Some(Some(ty))`: only if `ty` derives a parser.
    fn command_line_requirement(&self, expr: &syn::Expr) -> Option<Option<String>> {
        // Only functions dispatch on the command line.
        self.scope.function?;
        if parses_command_line(&self.model.imports, expr) {
            return Some(None);
        }
        let mut found: Option<Option<String>> = None;
        for (local, requires) in &self.scope.command_line_locals {
            if mentions(expr, local) {
                match requires {
                    None => return Some(None),
                    Some(ty) => found = Some(Some(ty.clone())),
                }
            }
        }
        found
    }

    /// After `pat` was bound from `source`: its names hold the command line when `source` does.
    pub(super) fn bind_command_line(&mut self, pat: &syn::Pat, source: &syn::Expr) {
        if let Some(requires) = self.command_line_requirement(source) {
            self.scope.command_line_locals.extend(
                bindings(pat)
                    .iter()
                    .map(|name| (name.to_string(), requires.clone())),
            );
        }
    }

    /// Opens one branch per arm of a `match` on the command line; `None` for other matches.
    pub(super) fn command_line_arms(
        &mut self,
        expr_match: &syn::ExprMatch,
    ) -> Option<Vec<BranchId>> {
        let requires = self.command_line_requirement(&expr_match.expr)?;
        let exits: Vec<bool> = expr_match
            .arms
            .iter()
            .map(|arm| expr_exits(&self.model.imports, &arm.body))
            .collect();
        Some(self.open_branches(&exits, requires))
    }

    /// Opens the branches of an `if` on the command line (`if let Some(cmd) = args.command`,
    /// `if args.version`): the block, and the `else` when there is one.
    pub(super) fn command_line_if(&mut self, expr_if: &syn::ExprIf) -> Option<Vec<BranchId>> {
        let tested = match peel(&expr_if.cond) {
            syn::Expr::Let(binding) => &*binding.expr,
            other => other,
        };
        let requires = self.command_line_requirement(tested)?;
        let mut exits = vec![block_exits(&self.model.imports, &expr_if.then_branch)];
        if let Some((_, other)) = &expr_if.else_branch {
            exits.push(expr_exits(&self.model.imports, other));
        }
        Some(self.open_branches(&exits, requires))
    }

    /// New sibling branches, nested in the current one, whose code exits as `exits` says.
    fn open_branches(&mut self, exits: &[bool], requires_type: Option<String>) -> Vec<BranchId> {
        let function = self
            .scope
            .function
            .expect("branches are opened inside functions");
        let first = self.out.facts.branches.len();
        let ids: Vec<BranchId> = (first..first + exits.len()).collect();
        for (at, &exits) in exits.iter().enumerate() {
            self.out.facts.branches.push(BranchFact {
                function,
                parent: self.scope.command_line_branch,
                siblings: ids.iter().copied().filter(|&id| id != first + at).collect(),
                calls: Vec::new(),
                starts_server: false,
                exits,
                requires_type: requires_type.clone(),
            });
        }
        ids
    }

    /// Walks `walk` inside command-line branch `branch` (when there is one).
    pub(super) fn in_branch(&mut self, branch: Option<BranchId>, walk: impl FnOnce(&mut Self)) {
        let saved = self.scope.command_line_branch;
        if branch.is_some() {
            self.scope.command_line_branch = branch;
        }
        walk(self);
        self.scope.command_line_branch = saved;
    }

    /// Walks `walk` knowing whether it runs only on a terminal (`proven`) and whether it
    /// reports on loading a `.env` file.
    pub(super) fn with_output_context(
        &mut self,
        on_terminal: bool,
        reports_env_file: bool,
        walk: impl FnOnce(&mut Self),
    ) {
        let saved = (self.scope.on_terminal, self.scope.reports_env_file);
        self.scope.on_terminal |= on_terminal;
        self.scope.reports_env_file |= reports_env_file;
        walk(self);
        (self.scope.on_terminal, self.scope.reports_env_file) = saved;
    }

    /// Whether the branches of an `if` on `cond` run only on a terminal (when `truth`).
    pub(super) fn terminal_when(&self, cond: &syn::Expr, truth: bool) -> bool {
        proves_terminal(&self.model.imports, cond, truth)
    }

    /// `if !stdout().is_terminal() { return Err(..) }`: the rest of the block runs only on a
    /// terminal.
    pub(super) fn terminal_guard(&self, stmt: &syn::Stmt) -> bool {
        let syn::Stmt::Expr(syn::Expr::If(expr_if), _) = stmt else {
            return false;
        };
        let leaves = block_diverges(&expr_if.then_branch);
        expr_if.else_branch.is_none() && leaves && self.terminal_when(&expr_if.cond, false)
    }

    /// Whether a scrutinee (or a closure's receiver) is the result of loading a `.env` file.
    pub(super) fn is_env_file_load(&self, expr: &syn::Expr) -> bool {
        loads_env_file(&self.model.imports, expr)
    }
}
