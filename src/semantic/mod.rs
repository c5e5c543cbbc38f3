//! Shared analysis: what a file means beyond its syntax. Rules reach all of it through
//! [`crate::rules::RuleCx`]; logic used by more than one rule lives here, never in a rule.
//!
//! - `imports`: `use` resolution to canonical paths;
//! - `scope`: "where am I" (test, main, const initialiser, async, loop, function);
//! - `frameworks`: request handlers and routing, per web framework;
//! - `syntax`: small helpers over syn nodes (paths, method chains, macro arguments);
//! - `facts` and `index`: the per-file facts and the crate pass that resolves them;
//! - `models`: the embedded API models (`rules/models/*.toml`).

pub mod facts;
pub mod frameworks;
pub mod imports;
pub mod index;
pub mod models;
pub mod scope;
pub mod syntax;

pub use imports::Imports;
pub use scope::Scope;

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
    pub kind: FileKind,
}

impl FileModel<'_> {
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
}
