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
use crate::semantic::facts::{BranchFact, BranchId, CallRef, OutputFacts};
use crate::semantic::models::models;
use crate::semantic::syntax::{bindings, diverges, is_screaming_case, mentions, peel};

impl Walker<'_, '_> {
    /// The output facts a function starts with, from its signature.
    pub(super) fn output_facts(&self, sig: &syn::Signature, is_main: bool) -> OutputFacts {
        OutputFacts {
            is_main,
            returns_logger: returns_logger(sig),
            ..OutputFacts::default()
        }
    }

    /// The parameters that hold the parsed command line: their declared type is a type of this
    /// file that derives a command-line parser (`args: CmdArgs` with `#[derive(Parser)]`).
    pub(super) fn command_line_params(&self, sig: &syn::Signature) -> Vec<String> {
        let derives = &models().console.command_line_derives;
        sig.inputs
            .iter()
            .filter_map(|input| match input {
                syn::FnArg::Typed(typed) => Some(typed),
                syn::FnArg::Receiver(_) => None,
            })
            .filter(|typed| {
                crate::semantic::syntax::type_last_ident(&typed.ty)
                    .is_some_and(|ty| self.model.fields.derives_any(&ty.to_string(), derives))
            })
            .flat_map(|typed| bindings(&typed.pat))
            .map(|ident| ident.to_string())
            .collect()
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
        if let Some(call @ CallRef::Path(_)) = call {
            let at = self.model.source.span_of(expr.span()).byte_start;
            self.out.facts.functions[function]
                .output
                .path_calls
                .push((call.clone(), at));
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
        self.out.facts.functions[function].output.logger_install = Some(statement);
    }

    /// `logger.apply()` on a local built as a logger (`let logger = fern::Dispatch::new()..`):
    /// the receiver's constructed type says what the installing call alone cannot.
    pub(super) fn installs_built_logger(&self, expr: &syn::Expr) -> bool {
        let console = &models().console;
        let syn::Expr::MethodCall(call) = expr else {
            return false;
        };
        console.logger_installs.contains(&call.method.to_string())
            && self
                .taint_cx()
                .receiver_type(&call.receiver)
                .is_some_and(|ty| console.logger_types.contains(&ty))
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
    /// local that holds it.
    fn is_command_line(&self, expr: &syn::Expr) -> bool {
        parses_command_line(&self.model.imports, expr)
            || self
                .scope
                .command_line_locals
                .iter()
                .any(|local| mentions(expr, local))
    }

    /// After `pat` was bound from `source`: its names hold the command line when `source` does.
    pub(super) fn bind_command_line(&mut self, pat: &syn::Pat, source: &syn::Expr) {
        if self.scope.function.is_some() && self.is_command_line(source) {
            self.scope
                .command_line_locals
                .extend(bindings(pat).iter().map(ToString::to_string));
        }
    }

    /// Opens one branch per arm of a `match` on the command line; `None` for other matches.
    pub(super) fn command_line_arms(
        &mut self,
        expr_match: &syn::ExprMatch,
    ) -> Option<Vec<BranchId>> {
        if self.scope.function.is_none() || !self.is_command_line(&expr_match.expr) {
            return None;
        }
        let exits: Vec<bool> = expr_match
            .arms
            .iter()
            .map(|arm| expr_exits(&self.model.imports, &arm.body))
            .collect();
        Some(self.open_branches(&exits))
    }

    /// Opens the branches of an `if` on the command line (`if let Some(cmd) = args.command`,
    /// `if args.version`): the block, and the `else` when there is one.
    pub(super) fn command_line_if(&mut self, expr_if: &syn::ExprIf) -> Option<Vec<BranchId>> {
        let tested = match peel(&expr_if.cond) {
            syn::Expr::Let(binding) => &*binding.expr,
            other => other,
        };
        if self.scope.function.is_none() || !self.is_command_line(tested) {
            return None;
        }
        let mut exits = vec![block_exits(&self.model.imports, &expr_if.then_branch)];
        if let Some((_, other)) = &expr_if.else_branch {
            exits.push(expr_exits(&self.model.imports, other));
        }
        Some(self.open_branches(&exits))
    }

    /// New sibling branches, nested in the current one, whose code exits as `exits` says.
    fn open_branches(&mut self, exits: &[bool]) -> Vec<BranchId> {
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
        let leaves = matches!(expr_if.then_branch.stmts.last(), Some(syn::Stmt::Expr(last, _)) if diverges(last));
        expr_if.else_branch.is_none() && leaves && self.terminal_when(&expr_if.cond, false)
    }

    /// Whether a scrutinee (or a closure's receiver) is the result of loading a `.env` file.
    pub(super) fn is_env_file_load(&self, expr: &syn::Expr) -> bool {
        loads_env_file(&self.model.imports, expr)
    }
}
