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
        // Output only a terminal sees (a countdown, a QR code) is a terminal UI, and a guard
        // that shuts the logging pipeline down has no logger left to write to.
        if cx.scope.on_terminal || in_logger_pipeline_drop(cx) {
            return;
        }
        let help = if name == "dbg" {
            "remove the debugging output before it ships"
        } else {
            "use `tracing` (`tracing::info!(..)`) or `log`, so output is levelled, structured and collected"
        };
        let site = cx.scope.print_site(at.byte_start);
        cx.report(at, format!("`{name}!` in server code"))
            .label("unstructured output on stdout/stderr")
            .help(help)
            .emit_if(Condition::All(vec![
                Condition::ServerCrate,
                Condition::Not(Box::new(Condition::ConsoleOutput(Box::new(site)))),
            ]));
    }
}

/// Inside `impl Drop for Guard`, where `Guard` (declared in this file) holds the pipeline
/// behind the logger (an OpenTelemetry tracer provider, a log writer's guard): dropping it
/// shuts logging down.
fn in_logger_pipeline_drop(cx: &RuleCx<'_>) -> bool {
    if !cx.scope.in_drop() {
        return false;
    }
    let Some(ty) = cx.scope.impl_type.as_deref() else {
        return false;
    };
    let name = ty.rsplit("::").next().unwrap_or(ty);
    cx.file
        .fields
        .holds_any(name, &models().console.logger_pipelines)
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

    /// A server's `main`: `serve()` starts it (`axum::serve`), `Cli` is its parsed command line.
    const SERVER: &str = r#"
        #[derive(clap::Parser)] struct Cli { command: Option<Command>, verbose: bool, quiet: bool }
        #[derive(clap::Subcommand)] enum Command { Hash, Migrate, Prune }
        async fn serve() {
            let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
            axum::serve(listener, axum::Router::new()).await.unwrap();
        }
    "#;

    fn fired_in_server(items: &str) -> usize {
        fired(&format!("{SERVER}\n{items}"))
    }

    fn assert_server_counts(cases: &[(usize, &str)]) {
        for (expected, items) in cases {
            assert_eq!(fired_in_server(items), *expected, "{items}");
        }
    }

    #[test]
    fn subcommands_that_do_not_start_the_server_print_for_the_command_line() {
        assert_server_counts(&[
            // Arms beside the one that serves.
            (
                0,
                r#"#[tokio::main] async fn main() { let cli = <Cli as clap::Parser>::parse(); match cli.command { Some(Command::Hash) => println!("hash"), Some(Command::Migrate) => { migrate(); println!("migrated") } _ => serve().await } } fn migrate() {}"#,
            ),
            (
                0,
                r#"#[tokio::main] async fn main() { let cli = Cli::parse(); match cli.command { Some(Command::Hash) => println!("hash"), Some(_) => {} None => serve().await } }"#,
            ),
            // The arm that serves prints a banner.
            (
                1,
                r#"#[tokio::main] async fn main() { let cli = Cli::parse(); match cli.command { Some(Command::Hash) => println!("hash"), _ => { println!("listening"); serve().await } } }"#,
            ),
            // A flag that changes what the server does, not a subcommand.
            (
                1,
                r#"#[tokio::main] async fn main() { let cli = Cli::parse(); if cli.verbose { println!("verbose output on"); } serve().await }"#,
            ),
            // A subcommand handled first, returning before the server starts; the banner
            // after it is on the server's path.
            (
                1,
                r#"#[tokio::main] async fn main() { let cli = Cli::parse(); if let Some(Command::Hash) = cli.command { println!("hash"); return; } println!("starting"); serve().await }"#,
            ),
            // The same through a parameter of the command-line type.
            (
                1,
                r#"pub async fn start(args: Cli) -> Result<(), String> { if let Some(Command::Migrate) = args.command { println!("migrated"); return Ok(()); } println!("starting"); serve().await; Ok(()) }"#,
            ),
            // What a crate function named for reading the command line returns (`parse_cli()`,
            // here or in another member crate).
            (
                0,
                r#"enum CliResult { ShowConfig, RunServer } fn parse_cli() -> Result<CliResult, String> { Ok(CliResult::RunServer) } #[tokio::main] async fn main() { let cli = parse_cli().expect("cannot read the config"); match cli { CliResult::ShowConfig => println!("port = 8000"), CliResult::RunServer => serve().await } }"#,
            ),
            // Not the command line: a configured mode decides, and its output is the server's.
            (
                2,
                r#"enum Mode { Api, Worker } struct Config { mode: Mode } #[tokio::main] async fn main() { let config = Config { mode: Mode::Api }; match config.mode { Mode::Worker => println!("worker"), Mode::Api => { println!("api"); serve().await } } }"#,
            ),
        ]);
    }

    #[test]
    fn an_argument_parser_whose_branches_exit_prints_for_the_command_line() {
        let parse_args = r#"fn parse_args() {
            let mut pargs = pico_args::Arguments::from_env();
            if pargs.contains(["-v", "--version"]) { println!("svc 1.0"); std::process::exit(0); }
            if let Some(command) = pargs.subcommand().unwrap_or_default() {
                if command == "hash" { println!("hashed"); }
                std::process::exit(0);
            }
        }"#;
        assert_server_counts(&[
            (
                0,
                &format!("{parse_args} #[tokio::main] async fn main() {{ parse_args(); serve().await }}"),
            ),
            // The banner called right after it is the server's.
            (
                1,
                &format!("{parse_args} fn launch_info() {{ println!(\"Starting\"); }} #[tokio::main] async fn main() {{ parse_args(); launch_info(); serve().await }}"),
            ),
        ]);
    }

    #[test]
    fn helpers_only_subcommands_call_print_for_the_command_line() {
        let main = r#"#[tokio::main] async fn main() { let cli = Cli::parse(); match cli.command { Some(Command::Prune) => prune(), _ => serve().await } }"#;
        assert_server_counts(&[
            (0, &format!("{main} fn prune() {{ println!(\"pruned 3 rows\"); }}")),
            (
                1,
                &format!("{main} fn prune() {{ println!(\"pruned 3 rows\"); }} pub fn nightly() {{ prune(); }}"),
            ),
        ]);
    }

    #[test]
    fn servers_started_inside_join_are_seen() {
        assert_server_counts(&[(
            0,
            r#"async fn run() { tokio::join!(async { serve().await }, async {}); } #[tokio::main] async fn main() { let cli = Cli::parse(); match cli.command { Some(Command::Hash) => println!("hash"), _ => run().await } }"#,
        )]);
    }

    #[test]
    fn the_loggers_own_setup_prints_before_the_logger_exists() {
        assert_server_counts(&[
            // Builds the logger and returns it.
            (
                0,
                r#"pub fn setup_tracing(level: &str) -> tracing::Dispatch { if level.is_empty() { eprintln!("no level, using info"); } tracing::Dispatch::none() }"#,
            ),
            // Installs it last.
            (
                0,
                r#"fn init_logging(level: &str) { if level.is_empty() { eprintln!("no level, using info"); } tracing_subscriber::fmt().init(); } #[tokio::main] async fn main() { init_logging("info"); serve().await }"#,
            ),
            (
                0,
                r#"fn init_logging() -> Result<(), fern::InitError> { let logger = fern::Dispatch::new().chain(std::io::stdout()); println!("[WARNING] SMTP debugging is on"); logger.apply()?; Ok(()) }"#,
            ),
            // After the install, the logger exists.
            (
                1,
                r#"fn init_logging() { tracing_subscriber::fmt().init(); println!("logging ready"); }"#,
            ),
            // `main` is no setup function: its banner before the logger is the server's.
            (
                1,
                r#"#[tokio::main] async fn main() { println!("Starting svc"); tracing_subscriber::fmt().init(); serve().await }"#,
            ),
            // Nor is a function that starts the server.
            (
                1,
                r#"async fn start() { println!("Starting svc"); tracing_subscriber::fmt().init(); serve().await }"#,
            ),
        ]);
    }

    #[test]
    fn a_startup_function_loads_what_it_sets_the_logger_up_with_before_it_exists() {
        // lldap: a subcommand's function loads the configuration, then sets the logger up
        // with it; the logger is a registry built in a local and installed later.
        let logging = r#"
            struct Configuration { verbose: bool }
            fn init_logging(config: &Configuration) {
                let registry = tracing_subscriber::registry();
                if config.verbose { registry.init(); } else { registry.init(); }
            }
            fn check_env() { eprintln!("WARNING: unknown variable"); }
        "#;
        assert_server_counts(&[
            (
                0,
                &format!(
                    r#"{logging} fn load() -> Configuration {{ println!("loading"); check_env(); Configuration {{ verbose: true }} }}
                    async fn run_server_command() {{ let config = load(); init_logging(&config); serve().await }}"#
                ),
            ),
            // After the setup, the logger exists: both prints are the server's.
            (
                2,
                &format!(
                    r#"{logging} fn load() -> Configuration {{ Configuration {{ verbose: true }} }} fn banner() {{ println!("ready"); }}
                    async fn run_server_command() {{ let config = load(); init_logging(&config); check_env(); banner(); serve().await }}"#
                ),
            ),
        ]);
    }

    #[test]
    fn a_guard_that_shuts_the_logging_pipeline_down_has_no_logger() {
        assert_server_counts(&[
            (
                0,
                r#"pub struct TracingGuard(pub Option<opentelemetry_sdk::trace::SdkTracerProvider>); impl Drop for TracingGuard { fn drop(&mut self) { if let Some(p) = self.0.take() { if let Err(e) = p.shutdown() { eprintln!("could not flush traces: {e}"); } } } }"#,
            ),
            (
                1,
                r#"pub struct Core { clean: bool } impl Drop for Core { fn drop(&mut self) { if !self.clean { eprintln!("unclean shutdown"); } } }"#,
            ),
        ]);
    }

    #[test]
    fn settings_the_logger_reads_print_before_it_exists() {
        let settings = r#"struct Settings { json_logging: bool, port: u16 }
            static SETTINGS: std::sync::LazyLock<Settings> = std::sync::LazyLock::new(|| {
                println!("no config file, using defaults");
                Settings { json_logging: false, port: 3000 }
            });"#;
        assert_server_counts(&[
            (
                0,
                &format!("{settings} #[tokio::main] async fn main() {{ if SETTINGS.json_logging {{ tracing_subscriber::fmt().json().init() }} else {{ tracing_subscriber::fmt().init() }} serve().await }}"),
            ),
            (
                0,
                &format!("{settings} fn init_logging() {{ let json = SETTINGS.json_logging; tracing_subscriber::fmt().init(); }} #[tokio::main] async fn main() {{ init_logging(); serve().await }}"),
            ),
            // Read before the logger, but not by it: its output is still the server's.
            (
                1,
                &format!("{settings} #[tokio::main] async fn main() {{ let port = SETTINGS.port; tracing_subscriber::fmt().init(); serve().await }}"),
            ),
            // Read only once the logger exists.
            (
                1,
                &format!("{settings} #[tokio::main] async fn main() {{ tracing_subscriber::fmt().init(); let port = SETTINGS.port; serve().await }}"),
            ),
        ]);
    }

    /// `SETTINGS`, read by the logger's setup, is loaded by `load()`, which `validate(&s,
    /// false)`s it; an admin endpoint saves new settings with `validate(&s, true)`. `err!`
    /// always returns.
    fn settings_loaded_by(load_body: &str, validate_body: &str, admin_call: &str) -> String {
        format!(
            r#"struct Settings {{ json_logging: bool, flags: String }}
            macro_rules! err {{ ($msg:expr) => {{{{ return Err($msg.to_string()); }}}} }}
            macro_rules! warn_or {{ ($msg:expr) => {{{{ tracing::warn!("{{}}", $msg); }}}} }}
            static SETTINGS: std::sync::LazyLock<Settings> = std::sync::LazyLock::new(|| load());
            fn load() -> Settings {{ let s = Settings {{ json_logging: false, flags: String::new() }}; {load_body} s }}
            fn validate(s: &Settings, on_update: bool) -> Result<(), String> {{ {validate_body} Ok(()) }}
            async fn save(axum::Json(flags): axum::Json<String>) -> String {{
                let s = Settings {{ json_logging: false, flags }};
                {admin_call}
                String::new()
            }}
            pub fn admin() -> axum::Router {{ axum::Router::new().route("/admin", axum::routing::post(save)) }}
            fn init_logging() {{ let json = SETTINGS.json_logging; tracing_subscriber::fmt().init(); }}
            #[tokio::main] async fn main() {{ init_logging(); serve().await }}"#
        )
    }

    #[test]
    fn what_the_loggers_settings_static_calls_prints_before_the_logger_exists() {
        assert_server_counts(&[
            (
                0,
                &settings_loaded_by(r#"println!("no config file, using defaults");"#, "", ""),
            ),
            // Also called by the admin endpoint, once the logger exists.
            (
                1,
                &settings_loaded_by(
                    "let _ = validate(&s, false);",
                    r#"println!("flags: {}", s.flags);"#,
                    "let _ = validate(&s, true);",
                ),
            ),
        ]);
    }

    #[test]
    fn a_print_that_only_the_loading_call_reaches_prints_before_the_logger_exists() {
        let load = "let _ = validate(&s, false);";
        let exits = r#"if !s.flags.is_empty() { if on_update { err!("unknown flags"); } println!("[WARNING] unknown flags"); }"#;
        assert_server_counts(&[
            (
                0,
                &settings_loaded_by(load, exits, "let _ = validate(&s, true);"),
            ),
            (
                0,
                &settings_loaded_by(
                    load,
                    r#"if on_update { return Err("no".into()); } println!("[WARNING] unknown flags");"#,
                    "let _ = validate(&s, true);",
                ),
            ),
            // The admin endpoint passes `false` too.
            (
                1,
                &settings_loaded_by(load, exits, "let _ = validate(&s, false);"),
            ),
            // A static the logger does not read calls it too.
            (
                1,
                &format!(
                    "{} static OTHER: std::sync::LazyLock<bool> = std::sync::LazyLock::new(|| {{ let s = Settings {{ json_logging: true, flags: String::new() }}; validate(&s, false).is_ok() }});",
                    settings_loaded_by(load, exits, "let _ = validate(&s, true);")
                ),
            ),
            // The admin endpoint passes a value the code cannot see.
            (
                1,
                &settings_loaded_by(
                    load,
                    exits,
                    "let update = !s.flags.is_empty(); let _ = validate(&s, update);",
                ),
            ),
            // The early exit is a macro that does not return.
            (
                1,
                &settings_loaded_by(
                    load,
                    r#"if on_update { warn_or!("unknown flags"); } println!("[WARNING] unknown flags");"#,
                    "let _ = validate(&s, true);",
                ),
            ),
            // The print comes before the early exit.
            (
                1,
                &settings_loaded_by(
                    load,
                    r#"println!("[WARNING] unknown flags"); if on_update { err!("unknown flags"); }"#,
                    "let _ = validate(&s, true);",
                ),
            ),
            // The parameter is assigned in the function.
            (
                1,
                &settings_loaded_by(
                    load,
                    r#"let mut on_update = on_update; on_update = !on_update; if on_update { err!("x"); } println!("[WARNING] unknown flags");"#,
                    "let _ = validate(&s, true);",
                ),
            ),
        ]);
    }

    #[test]
    fn loading_the_env_file_the_logger_reads_is_reported_before_it_exists() {
        // `start` serves too, so it is no logger setup: only the `.env` reports are exempt.
        assert_server_counts(&[
            (
                0,
                r#"async fn start() { match dotenvy::dotenv() { Ok(path) => eprintln!("read {}", path.display()), Err(_) => eprintln!("no .env") } tracing_subscriber::fmt::init(); serve().await }"#,
            ),
            (
                0,
                r#"async fn start() { if let Err(e) = dotenvy::dotenv() { eprintln!("no .env: {e}"); } tracing_subscriber::fmt::init(); serve().await }"#,
            ),
            // Before a call of the logger's setup.
            (
                0,
                r#"fn init_logging() { tracing_subscriber::fmt::init(); } async fn start() { if let Err(e) = dotenvy::dotenv() { eprintln!("no .env: {e}"); } init_logging(); serve().await }"#,
            ),
            // After the logger is installed, it belongs in the log.
            (
                1,
                r#"async fn start() { tracing_subscriber::fmt::init(); if let Err(e) = dotenvy::dotenv() { eprintln!("no .env: {e}"); } serve().await }"#,
            ),
            (
                1,
                r#"fn init_logging() { tracing_subscriber::fmt::init(); } async fn start() { init_logging(); if let Err(e) = dotenvy::dotenv() { eprintln!("no .env: {e}"); } serve().await }"#,
            ),
            // A banner before the logger that the logger does not depend on.
            (
                1,
                r#"async fn start() { dotenvy::dotenv().ok(); println!("Starting svc"); tracing_subscriber::fmt::init(); serve().await }"#,
            ),
        ]);
    }

    #[test]
    fn output_only_a_terminal_sees_is_a_terminal_ui() {
        assert_server_counts(&[
            (
                0,
                r#"use std::io::IsTerminal; fn qr(show: bool) { if show && std::io::stdout().is_terminal() { println!("QR code:"); } }"#,
            ),
            (
                0,
                r#"use std::io::IsTerminal; fn countdown() -> Result<(), String> { if !std::io::stdout().is_terminal() { return Err("no terminal".into()); } print!("Starting in 3.. 2.. 1.."); Ok(()) }"#,
            ),
            (
                0,
                r#"fn hint() { if atty::is(atty::Stream::Stdout) { println!("Quit with CTRL-C"); } }"#,
            ),
            (
                1,
                r#"fn banner(quiet: bool) { if !quiet { println!("Serving"); } }"#,
            ),
            (
                1,
                r#"use std::io::IsTerminal; fn banner(quiet: bool) { if !quiet || std::io::stdout().is_terminal() { println!("Serving"); } }"#,
            ),
            (
                1,
                r#"use std::io::IsTerminal; fn banner() { if std::io::stdout().is_terminal() { } else { println!("Serving"); } }"#,
            ),
        ]);
    }

    /// A workspace: `core` (a library that serves and loads the configuration) and `daemon`
    /// (the binary, whose command line is declared in another file).
    fn workspace(core: &str, daemon_main: &str) -> usize {
        let core_lib = format!(
            "pub async fn serve() {{ let l = tokio::net::TcpListener::bind(\"0.0.0.0:1\").await.unwrap(); axum::serve(l, axum::Router::new()).await.unwrap(); }}\n{core}"
        );
        crate::engine::testing::count_findings_in(
            "print-in-server",
            &[
                (
                    "core/Cargo.toml",
                    "[package]\nname = \"core-lib\"\nversion = \"0.1.0\"\n[dependencies]\naxum = \"0.8\"\n",
                ),
                ("core/src/lib.rs", &core_lib),
                (
                    "daemon/Cargo.toml",
                    "[package]\nname = \"daemon\"\nversion = \"0.1.0\"\n[dependencies]\ncore-lib = { path = \"../core\" }\naxum = \"0.8\"\n",
                ),
                (
                    "daemon/src/opt.rs",
                    "#[derive(clap::Parser)] pub struct Opt { pub command: Command }\n#[derive(clap::Subcommand)] pub enum Command { Server, Vacuum, Scan }",
                ),
                ("daemon/src/main.rs", daemon_main),
            ],
        )
    }

    #[test]
    fn subcommands_of_another_crate_call_a_library_for_the_command_line() {
        let dispatch = r#"mod opt; use opt::{Command, Opt};
            async fn run(opt: Opt) { match opt.command { Command::Server => core_lib::serve().await, Command::Vacuum => core_lib::vacuum(), Command::Scan => core_lib::scan() } }
            #[tokio::main] async fn main() { run(<Opt as clap::Parser>::parse()).await }"#;
        assert_eq!(
            workspace(
                r#"pub fn vacuum() { eprintln!("vacuum done"); } pub fn scan() { println!("index a"); }"#,
                dispatch
            ),
            0
        );
        // Also called on the server's path.
        assert_eq!(
            workspace(
                r#"pub fn vacuum() { eprintln!("vacuum done"); } pub fn scan() { println!("index a"); } pub async fn start() { scan(); serve().await }"#,
                dispatch
            ),
            1
        );
        // The same dispatch on a parameter whose type is no command line.
        assert_eq!(
            workspace(
                r#"pub fn vacuum() { eprintln!("vacuum done"); } pub fn scan() { println!("index a"); }"#,
                r#"mod opt; pub enum Job { Server, Vacuum, Scan } pub struct Task { pub command: Job }
                   async fn run(task: Task) { match task.command { Job::Server => core_lib::serve().await, Job::Vacuum => core_lib::vacuum(), Job::Scan => core_lib::scan() } }
                   #[tokio::main] async fn main() { run(Task { command: Job::Server }).await }"#,
            ),
            2
        );
    }

    #[test]
    fn configuration_another_crate_loads_before_its_logger_exists() {
        let core = r#"pub struct Config { pub level: String }
            pub fn load(path: &str) -> Result<Config, std::io::Error> {
                let text = std::fs::read_to_string(path).inspect_err(|e| eprintln!("cannot read {path}: {e}"))?;
                Ok(Config { level: text })
            }
            pub struct Builder { origin: Option<String> }
            impl Config { pub fn build() -> Builder { Builder { origin: None } } }
            impl Builder {
                pub fn origin(mut self, origin: &str) -> Self { self.origin = Some(origin.into()); self }
                pub fn finish(self) -> Option<Config> { if self.origin.is_none() { eprintln!("ERROR: origin was not set"); return None; } Some(Config { level: "info".into() }) }
            }"#;
        let start = r#"async fn start(config: core_lib::Config) { tracing_subscriber::fmt().with_env_filter(config.level.as_str()).init(); core_lib::serve().await }"#;
        let load = r#"let loaded = core_lib::load("svc.toml").ok(); let origin = loaded.map(|c| c.level).unwrap_or_default(); let config = core_lib::Config::build().origin(&origin).finish();"#;
        assert_eq!(
            workspace(
                core,
                &format!("mod opt; {start} #[tokio::main] async fn main() {{ {load} start(config.unwrap()).await }}")
            ),
            0
        );
        // A banner before the logger, whose value nothing uses.
        assert_eq!(
            workspace(
                &format!("{core} pub fn banner() {{ println!(\"Starting\"); }}"),
                &format!("mod opt; {start} #[tokio::main] async fn main() {{ core_lib::banner(); {load} start(config.unwrap()).await }}")
            ),
            1
        );
        // Computed before the logger, but not given to it.
        assert_eq!(
            workspace(
                &format!("{core} pub struct Pool; pub fn connect() -> Pool {{ println!(\"connected\"); Pool }}"),
                &format!("mod opt; {start} #[tokio::main] async fn main() {{ let pool = core_lib::connect(); {load} start(config.unwrap()).await; let _p = pool; }}")
            ),
            1
        );
        // Loaded once the logger exists: both reports belong in the log.
        assert_eq!(
            workspace(
                core,
                &format!("mod opt; #[tokio::main] async fn main() {{ tracing_subscriber::fmt().init(); {load} let _ = config; core_lib::serve().await }}")
            ),
            2
        );
    }
}
