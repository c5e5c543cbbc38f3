//! `unsafe-code`: see `rules/unsafe-code.md`.

use crate::rules::prelude::*;
use crate::semantic::unsafe_code::edition_mandated;
use crate::semantic::FileKind;

declare_rule!(UnsafeCode, "unsafe-code");

impl Rule for UnsafeCode {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr, NodeKind::Fn, NodeKind::Item]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        if cx.file.kind != FileKind::Service || cx.scope.in_test || cx.scope.compiled_out {
            return;
        }
        let (keyword, what) = match node {
            Node::Expr(syn::Expr::Unsafe(block)) if !edition_mandated(cx.file, &block.block) => {
                (block.unsafe_token.span, "an `unsafe` block")
            }
            Node::Fn(function) => match &function.sig.safety {
                syn::Safety::Unsafe(token) => (token.span, "an `unsafe fn`"),
                _ => return,
            },
            Node::Item(syn::Item::Impl(item)) => match &item.unsafety {
                Some(token) => (token.span, "an `unsafe impl`"),
                None => return,
            },
            Node::Item(syn::Item::Trait(item)) => match &item.unsafety {
                Some(token) => (token.span, "an `unsafe trait`"),
                None => return,
            },
            _ => return,
        };
        let at = cx.span_of(keyword);
        cx.report(
            at,
            format!("{what} in a service crate that does not forbid unsafe code"),
        )
        .label("the compiler cannot check the memory safety of this code")
        .help("move it into a small audited crate and declare `#![forbid(unsafe_code)]` (or `[lints.rust] unsafe_code = \"forbid\"`) for the service; keep each remaining invariant in a `// SAFETY:` comment")
        .emit_if(Condition::All(vec![
            Condition::ServerCrate,
            Condition::Not(Box::new(Condition::UnsafePolicySet)),
        ]));
    }
}
