//! `print-in-server`: see `rules/print-in-server.md`.

use crate::rules::prelude::*;
use crate::semantic::models::models;
use crate::semantic::syntax::{macro_args, macro_name};
use crate::semantic::{FileKind, Scope};

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
        if !models().printing_macros.contains(&name)
            || !is_std_macro(cx, mac)
            || is_cli_module(cx.scope)
            || is_logger_impl(cx.scope)
            || is_build_directive(mac)
            || is_fatal_before_logging(cx.scope, &name)
        {
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

/// A module named `cli` (`src/cli.rs`, `src/cli/..`, `mod cli { .. }`): the command-line
/// interface of the binary, where printing is the interface, as in `src/bin/`.
fn is_cli_module(scope: &Scope) -> bool {
    scope.module.iter().any(|segment| segment == "cli")
}

/// The body of a logger: `impl log::Log for ..`, or a `tracing_subscriber` `Layer`,
/// `FormatEvent`, `FormatFields` or `MakeWriter`. Printing is how a logger writes.
fn is_logger_impl(scope: &Scope) -> bool {
    let Some(implemented) = scope.impl_trait.as_deref() else {
        return false;
    };
    let path: Vec<&str> = implemented.split("::").collect();
    match path.as_slice() {
        ["log", "Log"] | ["Log"] => true,
        ["tracing_subscriber", .., last] => {
            matches!(
                *last,
                "Layer" | "FormatEvent" | "FormatFields" | "MakeWriter"
            )
        }
        _ => false,
    }
}

/// `println!("cargo:rerun-if-changed=..")`: an instruction to cargo from a build script.
fn is_build_directive(mac: &syn::Macro) -> bool {
    macro_args(mac)
        .format
        .is_some_and(|format| format.value().starts_with("cargo:"))
}

/// `eprintln!("bad config: {e}"); std::process::exit(1);` before any logger is installed:
/// there is no structured output yet to write the fatal error to.
fn is_fatal_before_logging(scope: &Scope, name: &str) -> bool {
    name.starts_with("eprint") && scope.before_exit && !scope.logger_ready
}
