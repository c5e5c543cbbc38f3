//! Operations that can fail at run time for reasons outside the server's code: database,
//! network, file-system and process calls (`[external-operations]` and `[fallible-calls]` in
//! `rules/models/errors.toml`), calls handed a database connection or made on one (a value of
//! a `connection-types` type, or asked for one: `req.guard::<DbConn>()`), and what a value derives from through the function's locals.
//! A value derives from what its expression's value is made of: not from the fields of
//! another value, nor from the statements of a block before its tail.
//! Whether a crate function's body performs such an operation is a crate fact
//! ([`crate::semantic::facts::FnFact::performs_operation`]).

use syn::visit::Visit;

use crate::semantic::facts::CallRef;
use crate::semantic::models::models;
use crate::semantic::taint::TaintEnv;
use crate::semantic::{syntax, FileModel, Scope};

/// Where a value comes from, as far as failures outside the server's code go.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Derivation {
    /// It comes from an operation made in the function (`.load(conn)`, `fs::read(p)`).
    pub external: bool,
    /// The crate calls it comes from: it is external too if one of them performs an operation.
    pub calls: Vec<CallRef>,
}

impl Derivation {
    pub fn is_empty(&self) -> bool {
        !self.external && self.calls.is_empty()
    }

    fn merge(&mut self, other: &Derivation) {
        self.external |= other.external;
        self.calls.extend(other.calls.iter().cloned());
    }
}

/// What `expr` derives from: the operations and calls in it and in the locals it reads.
pub fn derivation(
    expr: &syn::Expr,
    model: &FileModel<'_>,
    scope: &Scope,
    env: &TaintEnv,
) -> Derivation {
    let mut finder = Finder {
        model,
        scope,
        env,
        in_closure: 0,
        found: Derivation::default(),
    };
    finder.visit_expr(expr);
    finder.found
}

/// Whether one call expression is an external operation: a modelled call, or one handed (or
/// made on) a value of a connection type.
pub fn is_external_call(expr: &syn::Expr, env: &TaintEnv) -> bool {
    let operations = &models().external_operations;
    let (name, args, receiver) = match expr {
        syn::Expr::MethodCall(call) if call.turbofish.as_ref().is_some_and(names_connection) => {
            return true;
        }
        syn::Expr::MethodCall(call) => (call.method.to_string(), &call.args, Some(&*call.receiver)),
        syn::Expr::Call(call) => {
            let syn::Expr::Path(func) = syntax::peel(&call.func) else {
                return false;
            };
            let Some(last) = func.path.segments.last() else {
                return false;
            };
            (last.ident.to_string(), &call.args, None)
        }
        _ => return false,
    };
    let excluded = args.iter().any(|arg| {
        matches!(syntax::peel(arg), syn::Expr::Path(path) if path.path.segments.last()
            .is_some_and(|last| operations.not_with.iter().any(|name| last.ident == name)))
    });
    !excluded
        && (operations
            .calls
            .iter()
            .any(|pattern| pattern.matches(&name, args.len()))
            || receiver
                .into_iter()
                .chain(args)
                .any(|arg| is_connection(arg, env)))
}

/// Whether a value is a local of a connection type (`conn`, `&*conn`, `&mut conn`).
fn is_connection(expr: &syn::Expr, env: &TaintEnv) -> bool {
    let syn::Expr::Path(path) = syntax::peel(expr) else {
        return false;
    };
    let Some(name) = path.path.get_ident() else {
        return false;
    };
    env.type_of(&name.to_string())
        .is_some_and(is_connection_type)
}

/// `::<DbConn>`: a request guard or extractor asked for a connection (`req.guard::<DbConn>()`)
/// takes one from the pool, which fails when the pool is exhausted or the database is down.
fn names_connection(turbofish: &syn::AngleBracketedGenericArguments) -> bool {
    turbofish.args.iter().any(|arg| {
        matches!(arg, syn::GenericArgument::Type(ty) if crate::semantic::syntax::type_last_ident(ty)
            .is_some_and(|name| is_connection_type(&name.to_string())))
    })
}

/// Whether a type (its last segment) is a database connection, pool or transaction.
pub fn is_connection_type(type_name: &str) -> bool {
    models()
        .external_operations
        .connection_types
        .iter()
        .any(|connection| connection == type_name)
}

/// `X::builder().a(..).b(..).build()` or `XBuilder::default().a(..).build()`: a chain of
/// one-argument setters on a builder that a zero-argument constructor made, finished by a
/// build method (`[struct-builders]` in `rules/models/errors.toml`).
fn is_struct_builder_finish(call: &syn::ExprMethodCall) -> bool {
    let builders = &models().struct_builders;
    if !call.args.is_empty() || !builders.finishes.iter().any(|f| call.method == f) {
        return false;
    }
    let mut link = &*call.receiver;
    loop {
        match syntax::peel(link) {
            syn::Expr::MethodCall(setter) if setter.args.len() == 1 => link = &setter.receiver,
            syn::Expr::Call(start) if start.args.is_empty() => {
                let syn::Expr::Path(func) = syntax::peel(&start.func) else {
                    return false;
                };
                let segments: Vec<String> = func
                    .path
                    .segments
                    .iter()
                    .map(|segment| segment.ident.to_string())
                    .collect();
                return match segments.as_slice() {
                    [.., built, _] if builders.validating.contains(built) => false,
                    [.., _, function] if builders.starts.contains(function) => true,
                    [.., builder, function] => {
                        builder.len() > builders.type_suffix.len()
                            && builder.ends_with(&builders.type_suffix)
                            && builders.constructors.contains(function)
                    }
                    _ => false,
                };
            }
            _ => return false,
        }
    }
}

struct Finder<'a, 'f> {
    model: &'a FileModel<'f>,
    scope: &'a Scope,
    env: &'a TaintEnv,
    /// How many closures the expression being visited is in: a closure's whole body runs.
    in_closure: u32,
    found: Derivation,
}

impl<'ast> Visit<'ast> for Finder<'_, '_> {
    fn visit_expr(&mut self, expr: &'ast syn::Expr) {
        if is_external_call(expr, self.env) {
            self.found.external = true;
        }
        if let Some(call) = self.model.call_ref(expr, self.scope) {
            self.found.calls.push(call);
        }
        if let syn::Expr::Path(path) = expr {
            if let Some(derived) = path
                .path
                .get_ident()
                .and_then(|name| self.scope.derivation_of(&name.to_string()))
            {
                self.found.merge(derived);
            }
        }
        // `write!(file, ..)`: the macro's arguments.
        if let syn::Expr::Macro(mac) = expr {
            for arg in syntax::macro_args(&mac.mac).exprs {
                self.visit_expr(&arg);
            }
        }
        syn::visit::visit_expr(self, expr);
    }

    /// A field of a value is data it holds (`row.email`), not the failure of what made it.
    fn visit_expr_field(&mut self, _: &'ast syn::ExprField) {}

    /// A struct builder's `build()` fails for a field left unset, whatever values the setters
    /// were handed (`Upload::builder().stream(file).build()`): what the setters' arguments
    /// derive from is not its failure.
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if !is_struct_builder_finish(call) {
            syn::visit::visit_expr_method_call(self, call);
        }
    }

    /// A block's value is its tail (`if c { a } else { let r = op()?; r.name }` is `a` or
    /// `r.name`); the statements before it are not what the value is. A closure's body is
    /// what calling it does, statements included (`spawn_blocking(move || { .. })`).
    fn visit_block(&mut self, block: &'ast syn::Block) {
        if self.in_closure > 0 {
            return syn::visit::visit_block(self, block);
        }
        if let Some(syn::Stmt::Expr(tail, None)) = block.stmts.last() {
            self.visit_expr(tail);
        }
    }

    fn visit_expr_closure(&mut self, closure: &'ast syn::ExprClosure) {
        self.in_closure += 1;
        syn::visit::visit_expr_closure(self, closure);
        self.in_closure -= 1;
    }
}
