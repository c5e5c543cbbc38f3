//! `mass-assignment`: see `rules/mass-assignment.md`.

use crate::rules::prelude::*;
use crate::semantic::persisted_bodies::body_type;
use crate::semantic::FileKind;

declare_rule!(MassAssignment, "mass-assignment");

impl Rule for MassAssignment {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Fn]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Fn(function) = node else {
            return;
        };
        if !matches!(cx.file.kind, FileKind::Service | FileKind::Tool)
            || cx.scope.in_test
            || cx.scope.compiled_out
        {
            return;
        }
        for input in &function.sig.inputs {
            let syn::FnArg::Typed(param) = input else {
                continue;
            };
            let Some((body, name)) = body_type(cx.file, &cx.scope.module, &param.ty) else {
                continue;
            };
            let at = cx.span(param);
            cx.report(
                at,
                format!("the request body `{name}` is a persisted entity: a client can set its privileged fields"),
            )
            .label("deserialized from the request as a whole")
            .help(format!("deserialize the request into an input type with only the fields clients may set and copy them onto `{name}`, or mark the privileged fields `#[serde(skip_deserializing)]`"))
            .emit_if(Condition::PersistedBody(body));
        }
    }
}
