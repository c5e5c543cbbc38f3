//! "Where am I": the context of the node being checked, maintained by the engine's single
//! traversal and read by rules.

use std::rc::Rc;

use crate::semantic::facts::{FileFacts, LocalFnId};

#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// `#[cfg(test)]` modules, `#[test]`-like functions, and files under `tests/`, `benches/`,
    /// `examples/`.
    pub in_test: bool,
    /// `fn main` (or a `#[tokio::main]`-style entry point) and what it contains.
    pub in_main: bool,
    /// The initialiser of a `const` or `static` item.
    pub in_const: bool,
    /// Inside an `async fn`, `async` block or async closure.
    pub in_async: bool,
    /// Number of enclosing `for`/`while`/`loop` bodies in the current function.
    pub loop_depth: u32,
    /// The function (or routed closure) being walked.
    pub function: Option<LocalFnId>,
    /// Names bound by the current function's parameters.
    pub params: Rc<[String]>,
    /// The current inline module path (`crate::handlers::tests`).
    pub module: Rc<[String]>,
    /// The self type and trait of the enclosing `impl`, as canonical paths.
    pub impl_type: Option<Rc<str>>,
    pub impl_trait: Option<Rc<str>>,
}

impl Scope {
    /// Production code: not a test, not a `const`/`static` initialiser.
    pub fn is_production(&self) -> bool {
        !self.in_test && !self.in_const
    }

    /// The enclosing item's path, for fingerprints and messages.
    pub fn item_path(&self, facts: &FileFacts) -> String {
        match self.function.and_then(|id| facts.functions.get(id)) {
            Some(function) => function.path.clone(),
            None => self.module.join("::"),
        }
    }

    /// Whether `name` is bound by a parameter of the current function.
    pub fn is_param(&self, name: &str) -> bool {
        self.params.iter().any(|param| param == name)
    }
}
