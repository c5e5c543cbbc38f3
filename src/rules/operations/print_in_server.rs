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

#[cfg(test)]
mod tests {
    use crate::engine::testing::count_findings;

    /// How many times the rule fires on `items`, placed in a file that imports axum (a server
    /// crate). Positives and negatives share the template.
    fn fired(items: &str) -> usize {
        let code = format!("use axum::Router;\n\n{items}\n");
        count_findings("print-in-server", &code)
    }

    fn assert_counts(cases: &[(usize, &str)]) {
        for (expected, items) in cases {
            assert_eq!(fired(items), *expected, "{items}");
        }
    }

    #[test]
    fn build_directives_and_cli_modules_are_not_server_output() {
        assert_counts(&[
            (
                0,
                r#"pub fn emit() { println!("cargo:rerun-if-changed=assets"); }"#,
            ),
            (
                1,
                r#"pub fn emit() { println!("cargo is building {}", 1); }"#,
            ),
            (
                0,
                r#"mod cli { pub fn usage() { println!("usage: svc [--port N]"); } }"#,
            ),
            (
                1,
                r#"mod client { pub fn usage() { println!("usage: svc [--port N]"); } }"#,
            ),
        ]);
    }

    #[test]
    fn a_logger_prints() {
        assert_counts(&[
            (
                0,
                r#"struct L; impl log::Log for L { fn enabled(&self, _: &log::Metadata) -> bool { true } fn log(&self, r: &log::Record) { eprintln!("{}", r.args()); } fn flush(&self) {} }"#,
            ),
            (
                0,
                r#"struct L; impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for L { fn on_event(&self, _: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) { eprintln!("event"); } }"#,
            ),
            (
                1,
                r#"struct L; impl<S> tower::Layer<S> for L { type Service = S; fn layer(&self, inner: S) -> S { println!("layered"); inner } }"#,
            ),
            (
                1,
                r#"struct L; impl std::fmt::Display for L { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { println!("shown"); Ok(()) } }"#,
            ),
        ]);
    }

    #[test]
    fn a_fatal_error_before_logging_exits() {
        assert_counts(&[
            (
                0,
                r#"fn main() { if std::env::var("PORT").is_err() { eprintln!("PORT is required"); std::process::exit(2); } }"#,
            ),
            (
                0,
                r#"fn main() { if std::env::var("PORT").is_err() { eprintln!("PORT is required"); eprintln!("see --help"); std::process::exit(2); } }"#,
            ),
            (
                1,
                r#"fn main() { tracing_subscriber::fmt().init(); if std::env::var("PORT").is_err() { eprintln!("PORT is required"); std::process::exit(2); } }"#,
            ),
            (
                1,
                r#"fn main() { if std::env::var("PORT").is_err() { eprintln!("PORT is required"); cleanup(); std::process::exit(2); } } fn cleanup() {}"#,
            ),
            (
                1,
                r#"fn main() { println!("done"); std::process::exit(0); }"#,
            ),
        ]);
    }
}
