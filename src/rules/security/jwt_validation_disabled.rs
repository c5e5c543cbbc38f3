//! `jwt-validation-disabled`: see `rules/jwt-validation-disabled.md`.

use crate::rules::prelude::*;
use crate::semantic::insecure_api::{insecure_call, insecure_fields};

declare_rule!(JwtValidationDisabled, "jwt-validation-disabled");

const ID: &str = "jwt-validation-disabled";

impl Rule for JwtValidationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Expr(expr) = node else {
            return;
        };
        if cx.in_non_production_code() {
            return;
        }
        if let Some(found) = insecure_call(cx.file, expr, ID) {
            let at = cx.call_span(expr);
            cx.report(at, format!("`{}` {}", found.written, found.model.what))
                .label("token not verified")
                .help(found.model.fix.as_str())
                .emit();
            return;
        }
        for setting in insecure_fields(expr, ID) {
            let at = cx.span_of(setting.at);
            let value = setting.model.value;
            cx.report(
                at,
                format!("`{} = {value}` {}", setting.field, setting.model.what),
            )
            .label("check turned off")
            .help(setting.model.fix.as_str())
            .emit();
        }
    }
}
