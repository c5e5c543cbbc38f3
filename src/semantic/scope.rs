//! "Where am I": the context of the node being checked, maintained by the engine's single
//! traversal and read by rules.

use std::rc::Rc;

use crate::diagnostic::Span;
use crate::semantic::facts::{BranchId, FileFacts, LocalFnId};
use crate::semantic::fallible_operations::Derivation;
use crate::semantic::infallible::LocalValue;

#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// `#[cfg(test)]` modules, `#[test]`-like functions, and files under `tests/`, `benches/`,
    /// `examples/`.
    pub in_test: bool,
    /// `fn main` (or a `#[tokio::main]`-style entry point) and what it contains.
    pub in_main: bool,
    /// The initialiser of a `const` or `static` item.
    pub in_const: bool,
    /// Under a `#[cfg(..)]` the crate's default build leaves out (see
    /// [`crate::semantic::features`]).
    pub compiled_out: bool,
    /// Inside a branch of an `if` on a condition (not `if let`) or a `match` arm on `true`/`false`:
    /// code the program runs only when a value it holds says so (`if config.insecure { .. }`),
    /// an operator's opt-in for the configuration rules.
    pub in_flag_branch: bool,
    /// Inside the branch of an `if` where the operator asked for secrets in the log: a debugging
    /// switch is on, or the channel that delivers them is off (`if CONFIG.sso_debug_tokens()`,
    /// `if !CONFIG.mail_enabled()`; see [`crate::semantic::secrets::logging_opted_in`]).
    pub in_logging_opt_in: bool,
    /// Inside an `async fn`, `async` block or async closure.
    pub in_async: bool,
    /// The current function itself is `async` (its closures and blocks aside).
    pub in_async_fn: bool,
    /// Number of enclosing `for`/`while`/`loop` bodies in the current function.
    pub loop_depth: u32,
    /// What the current function's calls so far show of a hand-written slash-merging
    /// middleware.
    pub normaliser: crate::semantic::destination::NormaliserSigns,
    /// The function (or routed closure) being walked.
    pub function: Option<LocalFnId>,
    /// Names bound by the current function's parameters.
    pub params: Rc<[String]>,
    /// The type names each parameter binding's declared type mentions (`Json(req):
    /// Json<LoginRequest>` gives `req` → `Json`, `LoginRequest`).
    pub param_types: Rc<[(String, Vec<String>)]>,
    /// The current inline module path (`crate::handlers::tests`).
    pub module: Rc<[String]>,
    /// The self type and trait of the enclosing `impl`, as canonical paths.
    pub impl_type: Option<Rc<str>>,
    pub impl_trait: Option<Rc<str>>,
    /// Inside a closure that runs once per process, like a `static` initialiser
    /// (`LazyLock::new(|| ..)`, `cell.get_or_init(|| ..)`, `once.call_once(|| ..)`).
    pub in_once_init: bool,
    /// Immutable locals of the current function bound to a literal or constant
    /// (`let version = "1.2.3";`), while they are in scope and not shadowed.
    pub constant_locals: Vec<String>,
    /// Locals and field chains (`info.offset`) known to hold `Some`/`Ok` here: a check governs
    /// this code (see [`crate::semantic::guards`]).
    pub known_some: Vec<String>,
    /// Locals and parameters of the current function whose value is of a kind infallible
    /// calls depend on (see [`crate::semantic::infallible`]), while they are in scope.
    pub local_values: Vec<(String, LocalValue)>,
    /// Locals bound to the value of a call (`let app = ActiveModel::new(org);`), while in
    /// scope and until a statement may change them.
    pub call_locals: Vec<(String, crate::semantic::facts::CallRef)>,
    /// Locals with what their value derives from (see
    /// [`crate::semantic::fallible_operations`]), when it derives from a call.
    pub derived_operations: Vec<(String, Derivation)>,
    /// Enum variants that locals and field chains cannot hold here, as (path, variant): an
    /// early exit ruled them out (see [`crate::semantic::guards::early_exit_exclusions`]).
    pub excluded_variants: Vec<(String, String)>,
    /// Combinations of facts an early exit ruled out for the rest of its block (see
    /// [`crate::semantic::guards::early_exit_combination`]).
    pub rejected_combinations: Vec<Vec<crate::semantic::guards::Atom>>,
    /// For the `if` an `else` leads to directly: the facts the failure of every earlier
    /// condition of its chain states (`if let Some(a) = x {..} else <here>`: `x` is `None`).
    pub else_chain: Option<Vec<crate::semantic::guards::Atom>>,
    /// Locals holding a parameter of the current free function, by its position, or the value
    /// inside its `Some` (`true`: `s` of `if let Some(s) = status`).
    pub param_values: Vec<(String, u16, bool)>,
    /// The innermost `match` arm being walked that matches only variants of a parameter (or
    /// of the value inside its `Some`): whether it runs depends on the callers.
    pub param_arm: Option<crate::semantic::facts::ParamArm>,
    /// Values of `bool` parameters that early exits before here left (`if on_update { return
    /// .. }` leaves `on_update == false`).
    pub flag_requirements: Vec<crate::semantic::facts::FlagRequirement>,
    /// Code that cannot run: the failure branch of a call that cannot fail
    /// (`Err(e) => panic!(..)` after `serde_json::to_string(&value)`), or a `match` arm of a
    /// variant an early exit ruled out.
    pub in_impossible_branch: bool,
    /// Lints allowed by `#[allow(..)]`/`#[expect(..)]` on the enclosing statements, items,
    /// modules and file (`clippy::expect_used`), with the attribute's span.
    pub allowed_lints: Vec<(String, Span)>,
    /// Locals bound to `s.split(p)` whose next `next()` is their first: it yields a piece.
    /// Only during the first statement that uses them, when it uses them once.
    pub fresh_splits: Vec<String>,
    /// The statement being walked is a macro call followed, in its block, only by more macro
    /// calls and then `std::process::exit(..)`.
    pub before_exit: bool,
    /// The current function installed a logger earlier (`tracing_subscriber::fmt().init()`).
    pub logger_ready: bool,
    /// Locals of the current function bound to a logger being built from a logger crate's
    /// call (`let registry = tracing_subscriber::registry().with(filter);`).
    pub logger_builders: Vec<String>,
    /// Errors bound by the enclosing `Err(e)` match arms and `map_err(|e| ..)`-style closures,
    /// innermost last, with the call that produced them as written (`HeaderValue::try_from`,
    /// `serde_json::to_writer`, `.encode`; see [`crate::semantic::syntax::callee_text`]).
    pub error_origins: Vec<(String, String)>,
    /// Errors bound by the enclosing `Err(e)` arms and `if let Err(e)` blocks that end by
    /// handing `e` on (`return Err(e)`): code there is the error path of that error.
    pub returned_errors: Vec<String>,
    /// Immutable locals bound to a string literal or to `format!` of one, with the literal's
    /// text (`let drop = format!("DROP TABLE IF EXISTS {t}");`), while in scope.
    pub text_locals: Vec<(String, String)>,
    /// Locals of the current function that hold the parsed command line or a value bound from
    /// it (`let cli = Cli::parse();`, `Some(cmd)` of `if let Some(cmd) = cli.command`), and
    /// parameters of a command-line type. Each may name a type declared in another file that it
    /// holds the command line only if that type derives a parser (`opt: DaemonOpt`), for the
    /// crate pass to decide.
    pub command_line_locals: Vec<(String, Option<String>)>,
    /// The innermost branch of command-line dispatch the code is in.
    pub command_line_branch: Option<BranchId>,
    /// The code runs only when output goes to an interactive terminal
    /// (`if stdout().is_terminal() { .. }`).
    pub on_terminal: bool,
    /// The `static` whose initialiser is being walked (canonical path).
    pub static_item: Option<Rc<str>>,
    /// The address of the expression an enclosing `.await` awaits (see [`Scope::is_awaited`]).
    pub awaited: Option<usize>,
    /// The address of the receiver of an enclosing method call that takes a closure, and the
    /// method's name (see [`Scope::method_called_on`]).
    pub closure_call_receiver: Option<(usize, Rc<str>)>,
    /// The code reports on loading a `.env` file (`match dotenv() { Ok(path) => .. }`).
    pub reports_env_file: bool,
}

impl Scope {
    /// Production code: not a test, not a `const`/`static` initialiser.
    pub fn is_production(&self) -> bool {
        !self.in_test && !self.in_const
    }

    /// Code that runs once per process or never in production: tests, `main`, `const`/`static`
    /// initialisers and once-cells (`LazyLock::new(|| ..)`, `get_or_init(|| ..)`).
    pub fn runs_once(&self) -> bool {
        self.in_test || self.in_main || self.in_const || self.in_once_init
    }

    /// Code that runs on an async runtime's task while serving: inside an `async` fn or block
    /// (not a plain closure inside one: `spawn_blocking(|| ..)`, `web::block(|| ..)` and
    /// `block_in_place(|| ..)` run their closure elsewhere), and not in `main`, a test or a
    /// once-per-process initialiser.
    pub fn on_async_task(&self) -> bool {
        self.in_async && !self.in_main && !self.in_test && !self.in_const && !self.in_once_init
    }

    /// Whether `expr` is the operand of `.await` (`client.get(url).send().await`): a call
    /// whose value is a future, so it does not block.
    pub fn is_awaited(&self, expr: &syn::Expr) -> bool {
        self.awaited == Some(expr as *const syn::Expr as usize)
    }

    /// The method called on `expr` when `expr` is the receiver of a call that takes a closure
    /// (`any` for the `filter_map(..)` of `xs.iter().filter_map(..).any(|x| ..)`).
    pub fn method_called_on(&self, expr: &syn::Expr) -> Option<&str> {
        self.closure_call_receiver
            .as_ref()
            .filter(|(address, _)| *address == expr as *const syn::Expr as usize)
            .map(|(_, method)| &**method)
    }

    /// The enclosing item's path, for fingerprints and messages.
    pub fn item_path(&self, facts: &FileFacts) -> String {
        match self.function.and_then(|id| facts.functions.get(id)) {
            Some(function) => function.path.clone(),
            None => self.module.join("::"),
        }
    }

    /// Inside a module of the command-line interface (`src/cli.rs`, `src/cli/..`, `mod cli`,
    /// `cli_output`, `admin_cli`), where printing is the interface, as in `src/bin/`.
    /// Where a print at byte `offset` is, for [`crate::semantic::facts::Condition::ConsoleOutput`].
    pub fn print_site(&self, offset: usize) -> crate::semantic::facts::PrintSite {
        crate::semantic::facts::PrintSite {
            function: self.function,
            branch: self.command_line_branch,
            offset,
            static_item: self.static_item.as_deref().map(str::to_string),
            reports_env_file: self.reports_env_file,
            requires: self.flag_requirements.clone(),
        }
    }

    pub fn in_cli_module(&self) -> bool {
        self.module.iter().any(|segment| {
            segment == "cli" || segment.starts_with("cli_") || segment.ends_with("_cli")
        })
    }

    /// Inside the body of a logger: `impl log::Log for ..`, or a `tracing_subscriber`
    /// `Layer`, `FormatEvent`, `FormatFields` or `MakeWriter`. Printing is how a logger writes.
    pub fn in_logger_impl(&self) -> bool {
        let Some(implemented) = self.impl_trait.as_deref() else {
            return false;
        };
        let path: Vec<&str> = implemented.split("::").collect();
        match path.as_slice() {
            ["log", "Log"] | ["Log"] => true,
            ["tracing_subscriber", .., last] => {
                matches!(
                    *last,
                    "Layer" | "FormatEvent" | "FormatFields" | "MakeWriter"
                )
            }
            _ => false,
        }
    }

    /// Inside `impl Drop for ..`: nobody receives what `drop` would report.
    pub fn in_drop(&self) -> bool {
        self.impl_trait
            .as_deref()
            .is_some_and(|path| path == "Drop" || path.ends_with("::Drop"))
    }

    /// The call the error bound to `name` came from, when an enclosing arm or closure bound it.
    pub fn error_origin(&self, name: &str) -> Option<&str> {
        self.error_origins
            .iter()
            .rev()
            .find(|(bound, _)| bound == name)
            .map(|(_, origin)| origin.as_str())
    }

    /// The literal text an immutable local was bound to (see [`Scope::text_locals`]).
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.text_locals
            .iter()
            .rev()
            .find(|(local, _)| local == name)
            .map(|(_, text)| text.as_str())
    }

    /// Whether `name` is an immutable local bound to a literal or constant.
    pub fn is_constant_local(&self, name: &str) -> bool {
        self.constant_locals.iter().any(|local| local == name)
    }

    /// Whether the local or field chain `path` is known to hold `Some`/`Ok` here.
    pub fn is_known_some(&self, path: &str) -> bool {
        self.known_some.iter().any(|known| known == path)
    }

    /// What the local or parameter `name` is known to hold.
    pub fn local_value(&self, name: &str) -> Option<LocalValue> {
        self.local_values
            .iter()
            .rev()
            .find(|(local, _)| local == name)
            .map(|(_, value)| *value)
    }

    /// The maintainers' attribute allowing the panicking method or macro `name` here
    /// (`#[allow(clippy::expect_used)]` for `expect`; `[allowing-lints]` of
    /// `rules/models/errors.toml`), innermost first: the lint and the attribute's span.
    pub fn allowing_attribute(&self, name: &str) -> Option<(&str, Span)> {
        let lints = crate::semantic::models::models().allowing_lints.get(name)?;
        self.allowed_lints
            .iter()
            .rev()
            .find(|(lint, _)| lints.contains(lint))
            .map(|(lint, at)| (lint.as_str(), *at))
    }

    /// Whether an early exit ruled out every one of `variants` for `path`.
    pub fn excludes(&self, path: &str, variants: &[String]) -> bool {
        variants.iter().all(|variant| {
            self.excluded_variants
                .iter()
                .any(|(excluded, name)| excluded == path && name == variant)
        })
    }

    /// The call whose value the local `name` holds.
    pub fn call_of_local(&self, name: &str) -> Option<&crate::semantic::facts::CallRef> {
        self.call_locals
            .iter()
            .rev()
            .find(|(local, _)| local == name)
            .map(|(_, call)| call)
    }

    /// What the local `name` derives from, when it derives from a call.
    pub fn derivation_of(&self, name: &str) -> Option<&Derivation> {
        self.derived_operations
            .iter()
            .rev()
            .find(|(local, _)| local == name)
            .map(|(_, derived)| derived)
    }

    /// Whether `name` is a split whose next piece is its first.
    pub fn is_fresh_split(&self, name: &str) -> bool {
        self.fresh_splits.iter().any(|split| split == name)
    }

    /// Forgets what was known about `name` (a pattern binds it anew).
    pub fn rebind(&mut self, name: &str) {
        self.constant_locals.retain(|local| local != name);
        self.local_values.retain(|(local, _)| local != name);
        self.call_locals.retain(|(local, _)| local != name);
        self.derived_operations.retain(|(local, _)| local != name);
        self.fresh_splits.retain(|split| split != name);
        self.excluded_variants
            .retain(|(path, _)| path.split(['.', '?']).next() != Some(name));
        self.param_values.retain(|(local, _, _)| local != name);
        self.command_line_locals.retain(|(local, _)| local != name);
        self.text_locals.retain(|(local, _)| local != name);
        self.known_some
            .retain(|known| known.split('.').next() != Some(name));
        self.rejected_combinations.retain(|combination| {
            combination
                .iter()
                .all(|(path, _)| path.split('.').next() != Some(name))
        });
    }

    /// Whether `name` is bound by a parameter of the current function.
    pub fn is_param(&self, name: &str) -> bool {
        self.params.iter().any(|param| param == name)
    }
}
