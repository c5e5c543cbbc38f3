//! Shared analysis: what a file means beyond its syntax. Rules reach all of it through
//! [`crate::rules::RuleCx`]; logic used by more than one rule lives here, never in a rule.
//!
//! - `console`: command-line parsing, server starts, logger setup and terminal checks (what
//!   makes printed output a program's interface rather than a server's log);
//! - `imports`: `use` resolution to canonical paths;
//! - `blocking`: calls that block the thread (the performance models plus config);
//! - `calls`: what a call calls (the function's path, the call a method chain starts at);
//! - `chains`: the builder chains of a block's statements and the later calls on the local
//!   each is bound to (cookies, CORS policies, generators);
//! - `randomness`: random-number generators that are not cryptographically secure;
//! - `scope`: "where am I" (test, main, const initialiser, async, loop, function);
//! - `features`: the default build's Cargo features and the `#[cfg(..)]` it leaves out;
//! - `expect_messages`: whether an `.expect(..)` message states an invariant or a failure;
//! - `extractor_fields`: fields a crate's own extractor fills per route (from the route type's
//!   metadata), which handlers may unwrap;
//! - `guards`: checks that prove an `Option`/`Result` holds a value (`if x.is_none() { return }`);
//! - `fallible_operations`: database, network, file-system and process calls, and the locals
//!   whose values derive from them (what can fail for reasons outside the server's code);
//! - `infallible`: calls that cannot fail for the inputs they are given (`serde_json::to_string`
//!   of a server-built value, `Hmac::new_from_slice`);
//! - `locks`: synchronous lock guards (acquired, dropped) and the awaits they live across;
//! - `types`: what the file's type declarations say (aliases, unserialisable maps);
//! - `frameworks`: request handlers and routing, per web framework;
//! - `syntax`: small helpers over syn nodes (paths, method chains, macro arguments);
//! - `charset`: character-class allow-lists (`name.chars().all(char::is_alphanumeric)`);
//! - `path_checks`: checks that confine file-system paths (base prefix, `..`, components);
//! - `request_extensions`: values layers and middleware put in a request, and reading them;
//! - `returned_fields`: fields a function always fills in what it returns;
//! - `destination`: which part of a URL a value built from pieces can choose (input after a
//!   local path, a fixed host or a `?` cannot choose where it points);
//! - `constants`: the file's constant texts and the destination prefixes its functions return;
//! - `url_checks`: checks that vouch for a URL (a host allow-list);
//! - `url_literals`: URLs written as literals (scheme, credentials, host, options; local hosts);
//! - `insecure_api`: calls, fields and connection-string options that turn a protection off
//!   (`rules/models/security.toml`);
//! - `taint`: where values come from, within a function (request input, parameters, calls);
//! - `facts` and `index`: the per-file facts and the crate pass that resolves them;
//! - `models`: the embedded API models (`rules/models/*.toml`).

pub mod blocking;
pub mod calls;
pub mod chains;
pub mod charset;
pub mod cleartext;
pub mod clients;
pub mod console;
pub mod constants;
pub mod derive_templates;
pub mod destination;
pub mod diverging_macros;
pub mod expect_messages;
pub mod extractor_fields;
pub mod facts;
pub mod fallible_operations;
pub mod features;
pub mod fields;
pub mod flag_checks;
pub mod frameworks;
pub mod globals;
pub mod guards;
pub mod hashes;
pub mod http_timeouts;
pub mod imports;
pub mod index;
pub mod infallible;
pub mod input_conversions;
pub mod insecure_api;
pub mod locks;
pub mod logged_errors;
pub mod models;
pub mod path_checks;
pub mod persisted_bodies;
pub mod queries;
pub mod randomness;
pub mod request_extensions;
pub mod returned_fields;
pub mod scope;
pub mod secret_names;
pub mod secrets;
pub mod serving;
pub mod sql;
pub mod syntax;
pub mod table_reads;
pub mod taint;
pub mod types;
pub mod unsafe_code;
pub mod url_checks;
pub mod url_literals;
pub mod validators;

pub use fields::FieldTypes;
pub use imports::Imports;
pub use scope::Scope;
pub use types::TypeFacts;

use crate::semantic::facts::CallRef;
use crate::source::SourceFile;

/// What kind of code a file holds, from where it sits in its crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `src/**` of a library or service.
    Service,
    /// `src/bin/**`: extra binaries, usually command-line tools.
    Tool,
    /// `tests/`, `benches/`, `examples/`: never production code.
    Test,
    /// `build.rs`.
    BuildScript,
}

/// A parsed file and what is known about it before rules run.
pub struct FileModel<'a> {
    pub source: &'a SourceFile,
    pub imports: Imports,
    pub fields: FieldTypes,
    pub types: TypeFacts,
    /// The file's constant texts and the destination prefixes its functions return.
    pub constants: constants::FileConstants,
    /// The features of the crate's default build, when its manifest was read.
    pub features: Option<&'a features::DefaultFeatures>,
    /// The run's sources, sinks and sanitizers (embedded models plus config).
    pub taint: &'a models::TaintModels,
    pub kind: FileKind,
    /// The SQL dialects of the crate's database drivers (or of the drivers the file imports).
    pub sql_dialects: Vec<sql::SqlDialect>,
    /// The library names of the run's other crates, whose functions the crate pass links.
    pub member_libraries: &'a [String],
    /// The file's SQL texts, parsed once.
    pub sql: sql::SqlCache,
}

impl FileModel<'_> {
    /// Whether a canonical path names an item of another crate of the workspace
    /// (`store::orders::find`).
    pub fn is_member_path(&self, path: &str) -> bool {
        path.split_once("::")
            .is_some_and(|(krate, _)| self.member_libraries.iter().any(|name| name == krate))
    }

    /// The file's module path (`crate::handlers::users`).
    pub fn module(&self) -> &[String] {
        self.imports.module()
    }

    pub fn resolve(&self, path: &syn::Path) -> Vec<String> {
        self.imports.resolve(path)
    }

    pub fn resolve_to_string(&self, path: &syn::Path) -> String {
        self.imports.resolve_to_string(path)
    }

    /// The canonical path of an item named in module `module`: resolved through the imports,
    /// or taken as an item of that module when the imports do not know the name (`helper`,
    /// `UserRepo::find`).
    pub fn local_path(&self, path: &syn::Path, module: &[String]) -> String {
        let resolved = self.imports.resolve(path);
        let written_first = path.segments.first().map(|s| s.ident.to_string());
        let unresolved = path.leading_colon.is_none()
            && resolved.len() == path.segments.len()
            && resolved.first() == written_first.as_ref();
        let local = unresolved
            && resolved
                .first()
                .is_some_and(|first| resolved.len() == 1 || first.starts_with(char::is_uppercase));
        if local {
            let mut path = module.to_vec();
            path.extend(resolved);
            path.join("::")
        } else {
            resolved.join("::")
        }
    }

    /// The call an expression makes (when it is a call), as a fact for the call graph.
    /// A function named as a value (`map(into_order)`, `map(Self::to_dto)`): not a parameter,
    /// and written like a function (snake_case last segment), so locals rarely match; names that
    /// are not crate functions are dropped by the crate pass.
    pub fn fn_ref(&self, expr: &syn::Expr, scope: &Scope) -> Option<CallRef> {
        let syn::Expr::Path(value) = expr else {
            return None;
        };
        let path = &value.path;
        let last = path.segments.last()?.ident.to_string();
        if !last.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            || (path.segments.len() == 1 && scope.params.contains(&last))
            || last == "self"
        {
            return None;
        }
        match path.segments.first() {
            Some(first) if first.ident == "Self" && path.segments.len() == 2 => scope
                .impl_type
                .as_ref()
                .map(|self_type| CallRef::SelfMethod {
                    self_type: self_type.to_string(),
                    name: last,
                }),
            _ => Some(CallRef::Path(self.local_path(path, &scope.module))),
        }
    }

    pub fn call_ref(&self, expr: &syn::Expr, scope: &Scope) -> Option<CallRef> {
        let self_call = |name: &syn::Ident| {
            scope
                .impl_type
                .as_ref()
                .map(|self_type| CallRef::SelfMethod {
                    self_type: self_type.to_string(),
                    name: name.to_string(),
                })
        };
        match expr {
            syn::Expr::Call(call) => {
                let syn::Expr::Path(func) = syntax::peel(&call.func) else {
                    return None;
                };
                let path = &func.path;
                match path.segments.first() {
                    Some(first) if first.ident == "Self" && path.segments.len() == 2 => {
                        self_call(&path.segments[1].ident)
                    }
                    _ => Some(CallRef::Path(self.local_path(path, &scope.module))),
                }
            }
            syn::Expr::MethodCall(call) => {
                let on_self = matches!(syntax::peel(&call.receiver), syn::Expr::Path(p) if p.path.is_ident("self"));
                let via_self = if on_self {
                    self_call(&call.method)
                } else {
                    None
                };
                Some(via_self.unwrap_or_else(|| CallRef::Method {
                    name: call.method.to_string(),
                    args: call.args.len(),
                }))
            }
            _ => None,
        }
    }
}
