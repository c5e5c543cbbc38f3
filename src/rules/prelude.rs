//! What every rule file imports.

pub(crate) use crate::rules::declare_rule;
pub use crate::rules::meta::RuleMeta;
#[allow(unused_imports)]
pub use crate::rules::{FnNode, Node, NodeKind, Rule, RuleCx};
#[allow(unused_imports)]
pub use crate::semantic::facts::{CallRef, Condition};
#[allow(unused_imports)]
pub use crate::semantic::syntax;
