//! `print-in-server`: see `rules/print-in-server.md`.

use crate::rules::prelude::*;
use crate::semantic::models::models;
use crate::semantic::syntax::macro_name;
use crate::semantic::FileKind;

declare_rule!(PrintInServer, "print-in-server");

impl Rule for PrintInServer {
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
        if cx.file.kind != FileKind::Service || cx.scope.in_test {
            return;
        }
        let name = macro_name(mac);
        if !models().printing_macros.contains(&name) || !is_std_macro(cx, mac) {
            return;
        }
        let at = cx
            .span(&mac.path)
            .to(cx.span_of(mac.delimiter.span().join()));
        let help = if name == "dbg" {
            "remove the debugging output before it ships"
        } else {
            "use `tracing` (`tracing::info!(..)`) or `log`, so output is levelled, structured and collected"
        };
        cx.report(at, format!("`{name}!` in server code"))
            .label("unstructured output on stdout/stderr")
            .help(help)
            .emit_if(Condition::ServerCrate);
    }
}

/// `println!` or `std::println!`, not a crate's own macro of the same name.
fn is_std_macro(cx: &RuleCx<'_>, mac: &syn::Macro) -> bool {
    let resolved = cx.file.resolve(&mac.path);
    resolved.len() == 1 || matches!(resolved.first().map(String::as_str), Some("std" | "core"))
}
