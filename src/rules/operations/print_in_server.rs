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
            || cx.scope.in_cli_module()
            || cx.scope.in_logger_impl()
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
        // A function only the command line or the logger calls prints for them.
        let condition = match cx.scope.function {
            Some(function) => Condition::All(vec![
                Condition::ServerCrate,
                Condition::Not(Box::new(Condition::OnlyConsoleCallers(function))),
            ]),
            None => Condition::ServerCrate,
        };
        cx.report(at, format!("`{name}!` in server code"))
            .label("unstructured output on stdout/stderr")
            .help(help)
            .emit_if(condition);
    }
}

/// `println!` or `std::println!`, not a crate's own macro of the same name.
fn is_std_macro(cx: &RuleCx<'_>, mac: &syn::Macro) -> bool {
    let resolved = cx.file.resolve(&mac.path);
    resolved.len() == 1 || matches!(resolved.first().map(String::as_str), Some("std" | "core"))
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
            (
                0,
                r#"mod cli_output { pub fn version() { println!("svc 1.0"); } }"#,
            ),
        ]);
    }

    #[test]
    fn functions_only_the_command_line_or_the_logger_calls_print_for_them() {
        assert_counts(&[
            (
                0,
                r#"mod cli { pub fn run() { super::show_version(); } } fn show_version() { println!("svc 1.0"); }"#,
            ),
            (
                0,
                r#"mod cli { pub fn run() { super::header(); } } fn header() { banner(); } fn banner() { println!("svc"); }"#,
            ),
            (
                1,
                r#"mod cli { pub fn run() { super::show_version(); } } fn show_version() { println!("svc 1.0"); } pub fn start() { show_version(); }"#,
            ),
            (1, r#"pub fn show_version() { println!("svc 1.0"); }"#),
            (
                1,
                r#"fn poll_jobs(n: u32) { println!("polling"); if n > 0 { poll_jobs(n - 1) } }"#,
            ),
            (
                1,
                r#"mod cli { pub fn run() { super::serve(); } } fn serve() { banner(); let _app: axum::Router = routes(); } fn banner() { println!("listening"); } fn routes() -> axum::Router { axum::Router::new().route("/", axum::routing::get(|| async { "ok" })) }"#,
            ),
            (
                0,
                r#"struct Stats; impl Stats { fn end_poll(&self) { eprintln!("poll ended without a start"); } } struct L(Stats); impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for L { fn on_exit(&self, _: &tracing::Id, _: tracing_subscriber::layer::Context<'_, S>) { self.0.end_poll(); } }"#,
            ),
            (
                0,
                r#"struct Poll; impl Poll { fn end_poll(&self) { eprintln!("unmatched poll"); } } struct Task { poll: Poll } impl Task { fn end_poll(&self) { self.poll.end_poll(); } } struct L(Task); impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for L { fn on_exit(&self, _: &tracing::Id, _: tracing_subscriber::layer::Context<'_, S>) { self.0.end_poll(); } }"#,
            ),
            (
                1,
                r#"struct Poll; impl Poll { fn end_poll(&self) { eprintln!("unmatched poll"); } } struct Task { poll: Poll } impl Task { fn end_poll(&self) { self.poll.end_poll(); } } pub fn finish(task: &Task) { task.end_poll(); }"#,
            ),
            (
                1,
                r#"async fn health() -> &'static str { super_helper(); "ok" } fn super_helper() { println!("checked"); } mod cli { pub fn run() { super::super_helper(); } } pub fn app() -> axum::Router { axum::Router::new().route("/health", axum::routing::get(health)) }"#,
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
