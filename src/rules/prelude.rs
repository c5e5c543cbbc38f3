//! What every rule file imports.

pub(crate) use crate::rules::declare_rule;
pub use crate::rules::meta::RuleMeta;
pub use crate::rules::{Node, NodeKind, Rule, RuleCx};
pub use crate::semantic::facts::Condition;
