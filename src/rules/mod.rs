//! The rule registry and the interface every rule implements.
//!
//! A rule is one file, `src/rules/<category>/<id_with_underscores>.rs`, holding a unit struct,
//! a `declare_rule!` line binding it to its documentation page `rules/<id>.md`, and an
//! `impl Rule`. Rules never walk the tree: the engine makes one traversal per file and hands
//! each rule only the node kinds it declares in [`Rule::interests`].

pub mod meta;
mod prelude;

mod architecture;
mod errors;
mod meta_rules;
mod operations;
mod performance;
mod security;
mod validation;

use std::sync::LazyLock;

use crate::diagnostic::{Diagnostic, Label, Level, Location, Span};
use crate::semantic::facts::{Condition, Deferred, FileFacts};
use crate::semantic::taint::{TaintCx, TaintEnv};
use crate::semantic::{FileModel, Scope};
pub use meta::{Category, RuleMeta};

/// The kinds of syntax nodes a rule can ask to see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// Every expression (rules match the variants they care about).
    Expr,
    /// Macro invocations in expression, statement and item position.
    Macro,
    /// `let` statements.
    Local,
    /// Statements (`Stmt::Expr(_, Some(semi))` is an expression statement).
    Stmt,
    /// `match` arms.
    Arm,
    /// Function and method definitions, before their body is walked.
    Fn,
    /// Blocks (`{ .. }` of functions, branches, loops, closures), before their statements.
    Block,
    /// Items (statics, structs, macros in item position…) of the file, its modules and
    /// function bodies, before what they contain.
    Item,
}

impl NodeKind {
    pub const COUNT: usize = 8;

    pub fn index(self) -> usize {
        self as usize
    }
}

/// A function or method definition.
#[derive(Clone, Copy)]
pub struct FnNode<'a> {
    pub sig: &'a syn::Signature,
    pub attrs: &'a [syn::Attribute],
    pub body: &'a syn::Block,
}

/// A node handed to a rule.
#[derive(Clone, Copy)]
pub enum Node<'a> {
    Expr(&'a syn::Expr),
    Macro(&'a syn::Macro),
    Local(&'a syn::Local),
    Stmt(&'a syn::Stmt),
    Arm(&'a syn::Arm),
    Fn(FnNode<'a>),
    Block(&'a syn::Block),
    Item(&'a syn::Item),
}

impl Node<'_> {
    pub fn kind(&self) -> NodeKind {
        match self {
            Node::Expr(_) => NodeKind::Expr,
            Node::Macro(_) => NodeKind::Macro,
            Node::Local(_) => NodeKind::Local,
            Node::Stmt(_) => NodeKind::Stmt,
            Node::Arm(_) => NodeKind::Arm,
            Node::Fn(_) => NodeKind::Fn,
            Node::Block(_) => NodeKind::Block,
            Node::Item(_) => NodeKind::Item,
        }
    }
}

/// What every rule implements.
pub trait Rule: Send + Sync + 'static {
    fn meta(&self) -> &'static RuleMeta;
    /// The node kinds [`Rule::check`] wants; empty for rules the engine emits itself.
    fn interests(&self) -> &'static [NodeKind];
    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>);
}

/// What a rule sees while checking a node: the file, where the node is, and a way to report.
pub struct RuleCx<'a> {
    pub file: &'a FileModel<'a>,
    pub scope: &'a Scope,
    pub facts: &'a FileFacts,
    pub(crate) env: &'a TaintEnv,
    pub(crate) rule: &'static RuleMeta,
    /// The rule's `[rules.<id>]` table of config, when it has one.
    pub(crate) options: Option<&'a toml::Table>,
    pub(crate) sink: &'a mut FindingSink,
}

/// Where a file's findings collect while it is walked.
#[derive(Default)]
pub struct FindingSink {
    pub diagnostics: Vec<Diagnostic>,
    pub deferred: Vec<Deferred>,
}

impl<'a> RuleCx<'a> {
    /// Whether the node is not production code: a test (`#[test]`, `#[cfg(test)]`, `tests/`,
    /// `benches/`, `examples/`, a development crate) or code the default build leaves out.
    pub fn in_non_production_code(&self) -> bool {
        self.scope.in_test
            || self.scope.compiled_out
            || self.file.kind == crate::semantic::FileKind::Test
    }

    /// A boolean option of the rule: the configured value, else the default its page declares.
    /// Config checked the value's type; an option the page does not declare is a bug.
    pub fn option_bool(&self, name: &str) -> bool {
        self.rule
            .option(self.options, name)
            .and_then(toml::Value::as_bool)
            .unwrap_or_else(|| panic!("`{}` declares no boolean option `{name}`", self.rule.id))
    }

    pub fn span(&self, node: &impl syn::spanned::Spanned) -> Span {
        self.file.source.span_of(node.span())
    }

    pub fn span_of(&self, span: proc_macro2::Span) -> Span {
        self.file.source.span_of(span)
    }

    /// Where a call points: a method call from its name to its closing parenthesis
    /// (`.danger_accept_invalid_certs(true)`), any other expression whole.
    pub fn call_span(&self, expr: &syn::Expr) -> Span {
        match expr {
            syn::Expr::MethodCall(call) => self
                .span_of(call.method.span())
                .to(self.span_of(call.paren_token.span.join())),
            other => self.span(other),
        }
    }

    /// Taint evaluation in the current function.
    pub fn taint(&self) -> TaintCx<'_> {
        TaintCx {
            model: self.file,
            scope: self.scope,
            env: self.env,
        }
    }

    /// What judging a call's inputs needs (see [`crate::semantic::infallible`]).
    pub fn inputs(&self) -> crate::semantic::infallible::Inputs<'_> {
        crate::semantic::infallible::Inputs {
            file: self.file,
            scope: self.scope,
            env: self.env,
        }
    }

    /// Starts a finding of this rule whose primary span is `at`.
    pub fn report(&mut self, at: Span, message: impl Into<String>) -> FindingBuilder<'_> {
        let file = self.file;
        let diagnostic = Diagnostic {
            snippet: file.source.folded_snippet(at),
            item_path: self.scope.item_path(self.facts),
            ..Diagnostic::new(
                self.rule.id,
                self.rule.default_level().unwrap_or(Level::Warning),
                file.source.location(at),
                message,
            )
        };
        FindingBuilder {
            diagnostic,
            file,
            sink: self.sink,
        }
    }
}

/// Builds one finding; `emit` records it now, `emit_if` records it for the crate pass.
pub struct FindingBuilder<'a> {
    diagnostic: Diagnostic,
    file: &'a FileModel<'a>,
    sink: &'a mut FindingSink,
}

impl FindingBuilder<'_> {
    pub fn label(mut self, message: impl Into<String>) -> Self {
        self.diagnostic.primary_label = message.into();
        self
    }

    pub fn secondary(mut self, at: Span, message: impl Into<String>) -> Self {
        self.diagnostic.labels.push(Label {
            location: self.location(at),
            message: message.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.diagnostic.help = Some(help.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.diagnostic.notes.push(note.into());
        self
    }

    /// Marks the finding suppressed by a lint attribute of the crate's maintainers
    /// (`#[allow(clippy::expect_used)]` at `at`), as a `backlint-allow` comment would.
    pub fn allowed_by_attribute(mut self, at: Span, lint: &str) -> Self {
        self.diagnostic.suppressed = Some(crate::diagnostic::Suppressed {
            reason: Some(format!("the crate's maintainers allow `{lint}` here")),
            comment: self.location(at),
        });
        self
    }

    /// Marks the finding's primary span as holding a secret (the span `secret`, shown as
    /// `shown`): its fingerprint snippet has the secret replaced, and no report quotes it.
    pub fn hiding_secret(mut self, secret: Span, shown: &str) -> Self {
        let primary = self.diagnostic.primary.span;
        self.diagnostic.snippet = self
            .file
            .source
            .folded_snippet_hiding(primary, secret, shown);
        self.diagnostic.hides_secret = true;
        self
    }

    /// Reports one level above the configured one (`permissive-cors` with credentials).
    pub fn raised(mut self) -> Self {
        self.diagnostic.raised = true;
        self
    }

    /// Reports one level below the configured one (a structural finding of a flow rule).
    pub fn weakened(mut self) -> Self {
        self.diagnostic.weakened = true;
        self
    }

    pub fn emit(self) {
        self.sink.diagnostics.push(self.diagnostic);
    }

    pub fn emit_if(self, condition: Condition) {
        self.sink.deferred.push(Deferred {
            diagnostic: self.diagnostic,
            condition,
        });
    }

    fn location(&self, at: Span) -> Location {
        self.file.source.location(at)
    }
}

/// Binds a rule struct to its documentation page.
macro_rules! declare_rule {
    ($name:ident, $id:literal) => {
        pub struct $name;

        impl $name {
            pub fn metadata() -> &'static $crate::rules::meta::RuleMeta {
                static META: std::sync::LazyLock<$crate::rules::meta::RuleMeta> =
                    std::sync::LazyLock::new(|| {
                        $crate::rules::meta::RuleMeta::parse(
                            $id,
                            include_str!(concat!(
                                env!("CARGO_MANIFEST_DIR"),
                                "/rules/",
                                $id,
                                ".md"
                            )),
                        )
                        .unwrap_or_else(|error| panic!("{error}"))
                    });
                &META
            }
        }
    };
}
pub(crate) use declare_rule;

/// Declares an injection rule from its [`TaintRule`](crate::semantic::taint::TaintRule): the
/// rule looks at every expression and leaves the rest to the taint engine.
macro_rules! declare_taint_rule {
    ($name:ident, $id:literal, $spec:expr) => {
        $crate::rules::declare_rule!($name, $id);

        impl $crate::rules::Rule for $name {
            fn meta(&self) -> &'static $crate::rules::meta::RuleMeta {
                Self::metadata()
            }

            fn interests(&self) -> &'static [$crate::rules::NodeKind] {
                &[$crate::rules::NodeKind::Expr]
            }

            fn check(&self, node: $crate::rules::Node<'_>, cx: &mut $crate::rules::RuleCx<'_>) {
                if let $crate::rules::Node::Expr(expr) = node {
                    $spec.check(expr, cx);
                }
            }
        }
    };
}
pub(crate) use declare_taint_rule;

/// Every rule, sorted by category then id.
pub fn registry() -> &'static [&'static dyn Rule] {
    static REGISTRY: LazyLock<Vec<&'static dyn Rule>> = LazyLock::new(|| {
        let mut rules: Vec<&'static dyn Rule> = vec![
            // errors
            &errors::discarded_result::DiscardedResult,
            &errors::error_detail_leak::ErrorDetailLeak,
            &errors::panic_in_request_path::PanicInRequestPath,
            &errors::swallowed_error::SwallowedError,
            &errors::unwrap_in_request_path::UnwrapInRequestPath,
            // security
            &security::cleartext_transport::CleartextTransport,
            &security::command_injection::CommandInjection,
            &security::fallback_secret::FallbackSecret,
            &security::hardcoded_secret::HardcodedSecret,
            &security::insecure_cookie::InsecureCookie,
            &security::insecure_password_compare::InsecurePasswordCompare,
            &security::jwt_validation_disabled::JwtValidationDisabled,
            &security::mass_assignment::MassAssignment,
            &security::permissive_cors::PermissiveCors,
            &security::weak_hash::WeakHash,
            &security::weak_password_hash::WeakPasswordHash,
            &security::weak_random::WeakRandom,
            &security::open_redirect::OpenRedirect,
            &security::path_traversal::PathTraversal,
            &security::regex_injection::RegexInjection,
            &security::secret_in_log::SecretInLog,
            &security::sql_injection::SqlInjection,
            &security::ssrf::Ssrf,
            &security::tls_verification_disabled::TlsVerificationDisabled,
            &security::uncontrolled_allocation::UncontrolledAllocation,
            &security::unsafe_code::UnsafeCode,
            &security::xss::Xss,
            // performance
            &performance::blocking_in_async::BlockingInAsync,
            &performance::client_per_request::ClientPerRequest,
            &performance::http_client_without_timeout::HttpClientWithoutTimeout,
            &performance::lock_across_await::LockAcrossAwait,
            &performance::query_in_loop::QueryInLoop,
            &performance::redis_keys_command::RedisKeysCommand,
            &performance::regex_compiled_per_call::RegexCompiledPerCall,
            &performance::select_star::SelectStar,
            &performance::unbounded_query::UnboundedQuery,
            // architecture
            &architecture::env_in_handler::EnvInHandler,
            &architecture::global_mutable_state::GlobalMutableState,
            // validation
            &validation::body_limit_disabled::BodyLimitDisabled,
            // operations
            &operations::missing_graceful_shutdown::MissingGracefulShutdown,
            &operations::print_in_server::PrintInServer,
            // meta (emitted by the engine)
            &meta_rules::ParseError,
            &meta_rules::UnusedSuppression,
        ];
        rules.sort_by_key(|rule| (rule.meta().category, rule.meta().id));
        rules
    });
    &REGISTRY
}

/// Looks a rule up by id.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    registry().iter().copied().find(|rule| rule.meta().id == id)
}

/// Rule ids of the meta rules the engine emits itself.
pub const PARSE_ERROR: &str = "parse-error";
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";
