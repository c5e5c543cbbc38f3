//! `panic-in-request-path`: see `rules/panic-in-request-path.md`.

use crate::rules::prelude::*;
use crate::semantic::syntax::{macro_args, macro_name, mentions};

declare_rule!(PanicInRequestPath, "panic-in-request-path");

impl Rule for PanicInRequestPath {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Macro]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Macro(mac) = node else {
            return;
        };
        let Some(function) = cx.scope.function else {
            return;
        };
        if !cx.scope.is_production() || cx.scope.in_once_init {
            return;
        }
        let name = macro_name(mac);
        let message = match name.as_str() {
            "panic" => "`panic!` while serving a request".to_string(),
            "todo" | "unimplemented" => format!("`{name}!` is reachable from a request handler"),
            "unreachable" => "`unreachable!` while serving a request".to_string(),
            "assert" | "assert_eq" | "assert_ne" => {
                // Asserting on request input turns bad input into a crash; invariants on
                // internal state are left alone.
                let on_input = macro_args(mac)
                    .exprs
                    .iter()
                    .any(|expr| cx.scope.params.iter().any(|param| mentions(expr, param)));
                if !on_input {
                    return;
                }
                format!("`{name}!` on request input panics on bad input")
            }
            _ => return,
        };
        let at = cx
            .span(&mac.path)
            .to(cx.span_of(mac.delimiter.span().join()));
        let allowed = cx.scope.allowing_attribute(&name);
        let mut finding = cx
            .report(at, message)
            .label("the task serving this request panics here")
            .help("return an error response instead (for example `Err(AppError::BadRequest(..))`)");
        if let Some((lint, attribute)) = allowed {
            finding = finding.allowed_by_attribute(attribute, lint);
        }
        finding.emit_if(Condition::InRequestPath(function));
    }
}
