//! The command line through the real binaries: exit codes, formats (their shape only; the
//! renderers have their own tests), output files, config errors, `--explain`, `--list-rules`,
//! colour, closed pipes, and `cargo backlint` run by cargo itself on a temporary workspace.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cargo_metadata::diagnostic::DiagnosticLevel;
use cargo_metadata::Message;

mod support {
    pub mod project;
}

use support::project::{Project, Run, SERVICE_MANIFEST, UNWRAPPING_SERVICE};

const BACKLINT: &str = env!("CARGO_BIN_EXE_backlint");
const CARGO_BACKLINT: &str = env!("CARGO_BIN_EXE_cargo-backlint");

/// The same service, handling the missing value: no findings.
const CLEAN_SERVICE: &str = r#"use axum::{extract::State, routing::get, Router};

async fn handler(State(greeting): State<String>) -> String {
    greeting
}

#[tokio::main]
async fn main() {
    let app = Router::new().route("/", get(handler)).with_state(String::from("hello"));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.expect("bind");
    axum::serve(listener, app).with_graceful_shutdown(async { tokio::signal::ctrl_c().await.ok(); }).await.expect("serve");
}
"#;

const UNWRAP_FINDING: &str = "warning[unwrap-in-request-path]";

impl Project {
    /// A service crate with `src/main.rs`.
    fn service(main: &str) -> Project {
        Project::new()
            .file("Cargo.toml", SERVICE_MANIFEST)
            .file("src/main.rs", main)
    }

    fn backlint(&self, args: &[&str]) -> Run {
        self.backlint_in(".", args)
    }

    fn backlint_in(&self, dir: &str, args: &[&str]) -> Run {
        Run::of(self.command(BACKLINT, dir).args(args))
    }

    /// `program` run in `dir`, with `NO_COLOR` unset.
    fn command(&self, program: &str, dir: &str) -> Command {
        let mut command = Command::new(program);
        command.current_dir(self.path(dir)).env_remove("NO_COLOR");
        command
    }
}

impl Run {
    fn stdout_has(&self, text: &str) -> &Run {
        assert!(
            self.stdout.contains(text),
            "stdout lacks {text:?}: {self:#?}"
        );
        self
    }

    fn stdout_lacks(&self, text: &str) -> &Run {
        assert!(
            !self.stdout.contains(text),
            "stdout has {text:?}: {self:#?}"
        );
        self
    }

    /// Asserts stderr is exactly one `backlint: error: …` line containing each of `parts`.
    fn one_error_line(&self, parts: &[&str]) -> &Run {
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "one line on stderr: {self:#?}");
        assert!(lines[0].starts_with("backlint: error: "), "{self:#?}");
        for part in parts {
            assert!(lines[0].contains(part), "stderr lacks {part:?}: {self:#?}");
        }
        self
    }

    fn no_panic(&self) -> &Run {
        for text in ["panicked", "RUST_BACKTRACE", "internal error"] {
            assert!(
                !self.stderr.contains(text),
                "stderr has {text:?}: {self:#?}"
            );
        }
        self
    }
}

// Exit codes

#[test]
fn findings_exit_with_1() {
    Project::service(UNWRAPPING_SERVICE)
        .backlint(&[])
        .code(1)
        .stdout_has(UNWRAP_FINDING)
        .stdout_has("src/main.rs:5:");
}

#[test]
fn a_clean_project_exits_with_0() {
    Project::service(CLEAN_SERVICE)
        .backlint(&[])
        .code(0)
        .stdout_lacks("warning[")
        .no_panic();
}

#[test]
fn explicit_paths_are_checked() {
    let project = Project::service(UNWRAPPING_SERVICE).file("other/lib.rs", "pub fn f() {}\n");
    project
        .backlint(&["src/main.rs"])
        .code(1)
        .stdout_has(UNWRAP_FINDING);
    project.backlint(&["other"]).code(0);
}

#[test]
fn fail_on_sets_the_threshold() {
    let project = Project::service(UNWRAPPING_SERVICE);
    project
        .backlint(&["--fail-on", "never"])
        .code(0)
        .stdout_has(UNWRAP_FINDING);
    project.backlint(&["--fail-on", "error"]).code(0);
    project.backlint(&["--fail-on", "warning"]).code(1);
    project.backlint(&["--fail-on", "note"]).code(1);
    project.backlint(&["--fail-on", "sometimes"]).code(2);
}

#[test]
fn a_missing_path_is_one_error_line_and_no_report() {
    let project = Project::service(UNWRAPPING_SERVICE);
    for format in ["text", "concise", "sarif", "json"] {
        let run = project.backlint(&["--format", format, "no-such-dir"]);
        run.code(2)
            .one_error_line(&["no-such-dir: No such file or directory"]);
        assert_eq!(run.stdout, "", "no report, no summary: {run:#?}");
    }
    // Nothing is written, not even an empty report a CI step could upload.
    let run = project.backlint(&["--format", "sarif", "-o", "out.sarif", "gone.rs", "gone/"]);
    run.code(2);
    assert_eq!(
        run.stderr,
        "backlint: error: gone.rs: No such file or directory\n\
         backlint: error: gone: No such file or directory\n"
    );
    assert!(!project.path("out.sarif").exists());
}

#[test]
fn paths_that_exist_are_still_checked_and_the_missing_one_is_reported_after() {
    let project = Project::service(UNWRAPPING_SERVICE);
    let run = project.backlint(&["src", "no-such-dir"]);
    run.code(2)
        .stdout_has(UNWRAP_FINDING)
        .stdout_has("backlint: 1 warning in 1 file")
        .one_error_line(&["no-such-dir: No such file or directory"])
        .no_panic();
    let json = project.backlint(&["--format", "json", "no-such-dir", "src/main.rs"]);
    json.code(2).one_error_line(&["no-such-dir"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["rule"], "unwrap-in-request-path");
    assert_eq!(
        json["problems"],
        serde_json::json!([{"path": "no-such-dir", "kind": "io", "message": "No such file or directory"}])
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let project = Project::service(CLEAN_SERVICE);
    project.backlint(&["--no-such-flag"]).code(2);
    project.backlint(&["--format", "xml"]).code(2);
    project.backlint(&["--jobs", "0"]).code(2);
    project.backlint(&["--color", "sometimes"]).code(2);
    project
        .backlint(&["--config", "x.toml", "--no-config"])
        .code(2);
    let run = project.backlint(&["--select", "unwrap-in-handler"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("did you mean `unwrap-in-request-path`?"),
        "{run:#?}"
    );
}

#[test]
fn help_and_version_exit_with_0() {
    let project = Project::new();
    project
        .backlint(&["--help"])
        .code(0)
        .stdout_has("--fail-on");
    project
        .backlint(&["--version"])
        .code(0)
        .stdout_has("backlint");
}

// Formats and output

#[test]
fn every_format_has_its_shape() {
    let project = Project::service(UNWRAPPING_SERVICE);

    let text = project.backlint(&["--format", "text"]);
    text.code(1)
        .stdout_has(UNWRAP_FINDING)
        .stdout_has("--> src/main.rs:5:");

    let concise = project.backlint(&["--format", "concise"]);
    concise.code(1);
    let lines: Vec<&str> = concise.stdout.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("src/main.rs:5:11: ") && l.contains(UNWRAP_FINDING)),
        "{concise:#?}"
    );

    let sarif = project.backlint(&["--format", "sarif"]);
    sarif.code(1);
    let sarif: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["results"][0]["ruleId"],
        "unwrap-in-request-path"
    );

    let json = project.backlint(&["--format", "json"]);
    json.code(1);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["rule"], "unwrap-in-request-path");

    let github = project.backlint(&["--format", "github"]);
    github.code(1);
    assert!(
        github
            .stdout
            .lines()
            .any(|l| l.starts_with("::warning file=src/main.rs,line=5")),
        "{github:#?}"
    );

    let cargo_json = project.backlint(&["--format", "cargo-json"]);
    cargo_json.code(1);
    let messages: Vec<serde_json::Value> = cargo_json
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert!(messages.iter().any(|m| m["reason"] == "compiler-message"
        && m["message"]["code"]["code"] == "unwrap-in-request-path"));
}

#[test]
fn statistics_with_a_format_that_has_no_place_for_them_is_a_warning() {
    let project = Project::service(UNWRAPPING_SERVICE);
    for format in ["sarif", "github", "cargo-json"] {
        let run = project.backlint(&["--statistics", "--format", format]);
        run.code(1);
        assert_eq!(
            run.stderr,
            format!("backlint: warning: `--statistics` is ignored with `--format {format}`\n"),
            "{run:#?}"
        );
    }
    for format in ["text", "concise", "json"] {
        let run = project.backlint(&["--statistics", "--format", format]);
        run.code(1);
        assert_eq!(run.stderr, "", "{format}: {run:#?}");
    }
    // JSON carries the counts instead.
    let run = project.backlint(&["--statistics", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        json["statistics"],
        serde_json::json!([{"rule": "unwrap-in-request-path", "level": "warning", "count": 1}])
    );
    let run = project.backlint(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(json.get("statistics").is_none(), "{json}");
}

#[test]
fn output_goes_to_the_named_file() {
    let project = Project::service(UNWRAPPING_SERVICE);
    let run = project.backlint(&["--format", "sarif", "--output", "report.sarif"]);
    run.code(1);
    assert_eq!(run.stdout, "");
    let written = fs::read_to_string(project.path("report.sarif")).unwrap();
    let sarif: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn output_to_a_missing_directory_is_one_error_line() {
    Project::service(UNWRAPPING_SERVICE)
        .backlint(&["--output", "out/x.sarif", "--format", "sarif"])
        .code(2)
        .one_error_line(&["cannot write `out/x.sarif`: No such file or directory"]);
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    let mut source = String::from("use axum::{routing::get, Router};\n\n");
    for i in 0..2000 {
        source.push_str(&format!(
            "async fn h{i}() -> String {{ std::fs::read_to_string(std::env::var(\"X\").unwrap_or_default()).ok().unwrap() }}\n"
        ));
    }
    source.push_str("\nfn main() {\n    let _app = Router::new()");
    for i in 0..2000 {
        source.push_str(&format!(".route(\"/{i}\", get(h{i}))"));
    }
    source.push_str(";\n}\n");
    let project = Project::service(&source);
    let mut child = Command::new(BACKLINT)
        .current_dir(project.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before backlint writes its first byte.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn quiet_hides_notes_about_skipped_files() {
    let project =
        Project::service(CLEAN_SERVICE).file("backlint.toml", "[limits]\nmax-file-size = 10\n");
    let run = project.backlint(&[]);
    run.code(0);
    assert!(run.stderr.contains("skipped"), "{run:#?}");
    let run = project.backlint(&["-q"]);
    run.code(0);
    assert_eq!(run.stderr, "");
}

/// Two handlers: two `unwrap-in-request-path` warnings (lines 5 and 10) and one
/// `print-in-server` warning (line 9); `SILENCE_PRINT` suppresses the print.
const TWO_RULE_SERVICE: &str = r#"use axum::{extract::{Path, State}, routing::get, Router};

async fn handler(State(greeting_file): State<String>) -> String {
    let value: Option<String> = tokio::fs::read_to_string(greeting_file).await.ok();
    value.unwrap()
}

async fn user(Path(id): Path<String>) -> String {
    println!("user {id}"); // SILENCE_PRINT
    let id: u64 = id.parse().expect("numeric id");
    format!("user {id}")
}

#[tokio::main]
async fn main() {
    let app = Router::new().route("/", get(handler)).route("/users/{id}", get(user)).with_state(String::from("greeting.txt"));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.expect("bind");
    axum::serve(listener, app).with_graceful_shutdown(async { tokio::signal::ctrl_c().await.ok(); }).await.expect("serve");
}
"#;

#[test]
fn statistics_count_findings_per_rule_after_the_findings() {
    let table = "2  unwrap-in-request-path  warning\n1  print-in-server         warning\n";
    let project = Project::service(TWO_RULE_SERVICE);

    let text = project.backlint(&["--statistics"]);
    text.code(1);
    let (findings, rest) = text.stdout.split_once(table).unwrap_or_else(|| {
        panic!("stdout lacks the table {table:?}: {text:#?}");
    });
    assert_eq!(
        findings.matches("warning[unwrap-in-request-path]").count(),
        2
    );
    assert_eq!(findings.matches("warning[print-in-server]").count(), 1);
    assert!(
        findings.ends_with("\n\n"),
        "a blank line before the table: {text:#?}"
    );
    assert!(
        rest.starts_with("\nbacklint: 3 warnings in 1 file"),
        "the summary follows the table: {text:#?}"
    );

    let concise = project.backlint(&["--statistics", "--format", "concise"]);
    concise.code(1);
    let lines: Vec<&str> = concise.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{concise:#?}");
    assert!(lines[0].starts_with("src/main.rs:5:11: "), "{concise:#?}");
    assert_eq!(lines[3..].join("\n") + "\n", table);

    // Without the flag there is no table; suppressed findings are not counted.
    project.backlint(&[]).code(1).stdout_lacks(table);
    let silenced = TWO_RULE_SERVICE.replace(
        "// SILENCE_PRINT",
        "// backlint-allow(print-in-server): demo output",
    );
    let run = Project::service(&silenced).backlint(&["--statistics", "-q"]);
    run.code(1);
    assert!(
        run.stdout
            .ends_with("\n2  unwrap-in-request-path  warning\n"),
        "{run:#?}"
    );
    run.stdout_lacks("print-in-server");
}

// Colour

#[test]
fn colour_follows_the_flag_and_no_color() {
    let project = Project::service(UNWRAPPING_SERVICE);
    // stdout is a pipe here: `auto` means no colour.
    project.backlint(&[]).stdout_lacks("\x1b[");
    project
        .backlint(&["--color", "never"])
        .stdout_lacks("\x1b[");
    project.backlint(&["--color", "always"]).stdout_has("\x1b[");
    let mut command = Command::new(BACKLINT);
    command
        .current_dir(project.root())
        .env("NO_COLOR", "1")
        .args(["--color", "auto"]);
    Run::of(&mut command).code(1).stdout_lacks("\x1b[");
    let mut command = Command::new(BACKLINT);
    command
        .current_dir(project.root())
        .env("NO_COLOR", "1")
        .args(["--color", "always"]);
    Run::of(&mut command).code(1).stdout_has("\x1b[");
}

// Config

#[test]
fn config_selects_ignores_and_sets_levels() {
    let project = Project::service(UNWRAPPING_SERVICE);
    let project = project.file("backlint.toml", "ignore = [\"unwrap-in-request-path\"]\n");
    project.backlint(&[]).code(0).stdout_lacks(UNWRAP_FINDING);
    // `--select` on the command line replaces the config's selection.
    project
        .backlint(&["--select", "unwrap-in-request-path"])
        .code(1)
        .stdout_has(UNWRAP_FINDING);
    let project = project.file(
        "backlint.toml",
        "fail-on = \"error\"\n[levels]\nunwrap-in-request-path = \"error\"\n",
    );
    project
        .backlint(&[])
        .code(1)
        .stdout_has("error[unwrap-in-request-path]");
    project.backlint(&["--ignore", "errors"]).code(0);
}

#[test]
fn a_suppression_without_the_reason_config_requires_suppresses_nothing() {
    let reasonless =
        TWO_RULE_SERVICE.replace("// SILENCE_PRINT", "// backlint-allow(print-in-server)");
    let project = Project::service(&reasonless);
    let concise = [
        "--format",
        "concise",
        "--select",
        "print-in-server,unused-suppression",
    ];
    // Reasons optional: the comment suppresses, and says it has no reason when shown.
    let mut shown = concise.to_vec();
    shown.push("--show-suppressed");
    project
        .backlint(&shown)
        .code(0)
        .stdout_has("`println!` in server code (suppressed without a reason)\n")
        .stdout_lacks("suppressed: ");
    // Reasons required: the finding stays active and the comment is reported.
    let project = project.file("backlint.toml", "require-suppression-reason = true\n");
    let run = project.backlint(&shown);
    run.code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "src/main.rs:9:5: warning[print-in-server] `println!` in server code",
            "src/main.rs:9:28: warning[unused-suppression] suppression without a reason \
             suppresses nothing (config `require-suppression-reason`)",
        ],
        "{run:#?}"
    );
    let with_reason = reasonless.replace("(print-in-server)", "(print-in-server): demo output");
    project
        .file("src/main.rs", &with_reason)
        .backlint(&concise)
        .code(0)
        .stdout_lacks("warning[");
}

/// The categories with and without rules, as `--list-rules` prints them.
fn categories_by_rules() -> (Vec<&'static str>, Vec<&'static str>) {
    let listed = Project::new().backlint(&["--list-rules"]);
    listed.code(0);
    let with_rules: Vec<&str> = listed
        .stdout
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().nth(1))
        .collect();
    backlint::rules::Category::ALL
        .iter()
        .map(|category| category.as_str())
        .partition(|name| with_rules.contains(name))
}

#[test]
fn selecting_only_categories_without_rules_is_an_error() {
    let (full, empty) = categories_by_rules();
    assert!(!full.is_empty());
    let mut project = Project::service(UNWRAPPING_SERVICE);
    for category in &empty {
        project
            .backlint(&["--select", category])
            .code(2)
            .one_error_line(&[&format!(
                "`--select`: category `{category}` has no rules yet, so no rule would run"
            )])
            .stdout_lacks("backlint:");
        project = project.file("lint.toml", format!("select = [\"{category}\"]\n"));
        project
            .backlint(&["--config", "lint.toml"])
            .code(2)
            .one_error_line(&[&format!(
                "lint.toml: select: category `{category}` has no rules yet"
            )]);
    }
    // Categories with rules are selected as usual.
    for category in &full {
        let run = project.backlint(&["--select", category, "--fail-on", "never"]);
        run.code(0);
        assert_eq!(run.stderr, "", "{category}: {run:#?}");
    }
    if empty.len() > 1 {
        let all_empty = empty.join(",");
        project
            .backlint(&["--select", &all_empty])
            .code(2)
            .one_error_line(&["`--select`: categories `"]);
    }
}

#[test]
fn categories_without_rules_next_to_others_are_a_warning() {
    let (_, empty) = categories_by_rules();
    let mut project = Project::service(UNWRAPPING_SERVICE);
    for category in &empty {
        let warning = |origin: &str| {
            format!("backlint: warning: {origin}: category `{category}` has no rules yet\n")
        };
        let run = project.backlint(&["--select", &format!("{category},errors")]);
        run.code(1).stdout_has(UNWRAP_FINDING);
        assert_eq!(run.stderr, warning("`--select`"), "{run:#?}");
        let run = project.backlint(&["--extend-select", category]);
        run.code(1).stdout_has(UNWRAP_FINDING);
        assert_eq!(run.stderr, warning("`--extend-select`"), "{run:#?}");
        project = project.file(
            "lint.toml",
            format!("select = [\"errors\"]\nextend-select = [\"{category}\"]\n"),
        );
        let run = project.backlint(&["--config", "lint.toml"]);
        run.code(1).stdout_has(UNWRAP_FINDING);
        assert_eq!(run.stderr, warning("lint.toml: extend-select"), "{run:#?}");
        // `--select` replaces the config's `select`, which then names nothing.
        project = project.file("lint.toml", format!("select = [\"{category}\"]\n"));
        let run = project.backlint(&["--config", "lint.toml", "--select", "errors"]);
        run.code(1);
        assert_eq!(run.stderr, "", "{run:#?}");
    }
}

#[test]
fn config_overrides_apply_to_their_paths() {
    let project = Project::service(UNWRAPPING_SERVICE).file(
        "backlint.toml",
        "[[overrides]]\npaths = [\"src/**\"]\nlevels = { unwrap-in-request-path = \"off\" }\n",
    );
    project.backlint(&[]).code(0);
    project.backlint_in("src", &["."]).code(0);
    let project = project.file(
        "backlint.toml",
        "[[overrides]]\npaths = [\"tools/**\"]\nignore = [\"errors\"]\n",
    );
    project.backlint(&[]).code(1);
}

#[test]
fn config_exclude_skips_paths() {
    Project::service(UNWRAPPING_SERVICE)
        .file("backlint.toml", "exclude = [\"src/main.rs\"]\n")
        .backlint(&[])
        .code(0);
}

#[test]
fn cargo_metadata_config_is_read() {
    let manifest =
        format!("{SERVICE_MANIFEST}\n[package.metadata.backlint]\nfail-on = \"never\"\n");
    Project::new()
        .file("Cargo.toml", &manifest)
        .file("src/main.rs", UNWRAPPING_SERVICE)
        .backlint(&[])
        .code(0)
        .stdout_has(UNWRAP_FINDING);
}

#[test]
fn explicit_and_disabled_config() {
    let project = Project::service(UNWRAPPING_SERVICE)
        .file("backlint.toml", "this is not toml")
        .file("ci/lint.toml", "fail-on = \"never\"\n");
    project.backlint(&["--no-config"]).code(1);
    project.backlint(&["--config", "ci/lint.toml"]).code(0);
    project
        .backlint(&["--config", "ci/missing.toml"])
        .code(2)
        .one_error_line(&["cannot read config `ci/missing.toml`: No such file or directory"]);
    project
        .backlint(&[])
        .code(2)
        .one_error_line(&["backlint.toml:1:"]);
}

#[test]
fn config_errors_name_the_file_the_key_and_the_closest_name() {
    let cases = [
        (
            "fail_on = \"error\"\n",
            "backlint.toml: unknown key `fail_on`; did you mean `fail-on`?",
        ),
        (
            "[levels]\nunwrap-in-handler = \"off\"\n",
            "backlint.toml: levels: unknown rule `unwrap-in-handler`; did you mean `unwrap-in-request-path`?",
        ),
        (
            "select = [\"secruity\"]\n",
            "backlint.toml: select: unknown rule or category `secruity`; did you mean `security`?",
        ),
        (
            "fail-on = 3\n",
            "backlint.toml: fail-on: expected one of error, warning, note, never",
        ),
        (
            "exclude = [\"gen/[\"]\n",
            "backlint.toml: exclude: invalid glob `gen/[`",
        ),
        (
            "[[overrides]]\npaths = [\"a\"]\nignroe = [\"errors\"]\n",
            "backlint.toml: overrides[0]: unknown key `ignroe`; did you mean `ignore`?",
        ),
        (
            "[rules.print-in-server]\nmax = 3\n",
            "backlint.toml: rules.print-in-server: unknown option `max`",
        ),
    ];
    for (config, message) in cases {
        Project::service(CLEAN_SERVICE)
            .file("backlint.toml", config)
            .backlint(&[])
            .code(2)
            .one_error_line(&[message]);
    }
    Project::service(CLEAN_SERVICE)
        .file(".backlint.toml", "jobz = 2\n")
        .backlint(&[])
        .code(2)
        .one_error_line(&[".backlint.toml: unknown key `jobz`; did you mean `jobs`?"]);
    let manifest = format!("{SERVICE_MANIFEST}\n[package.metadata.backlint]\nselect = 1\n");
    Project::new()
        .file("Cargo.toml", &manifest)
        .file("src/main.rs", CLEAN_SERVICE)
        .backlint(&[])
        .code(2)
        .one_error_line(&["Cargo.toml: package.metadata.backlint.select: expected a list"]);
}

// --explain and --list-rules

#[test]
fn explain_prints_the_rule_page() {
    let run = Project::new().backlint(&["--explain", "unwrap-in-request-path"]);
    run.code(0);
    assert_eq!(
        run.stdout.lines().next(),
        Some("unwrap-in-request-path (errors, warning)")
    );
    run.stdout_has("## What it finds");
}

#[test]
fn explain_of_an_unknown_rule_suggests_one() {
    Project::new()
        .backlint(&["--explain", "unwrap-in-handler"])
        .code(2)
        .one_error_line(&[
            "unknown rule `unwrap-in-handler`; did you mean `unwrap-in-request-path`?",
        ]);
}

#[test]
fn list_rules_prints_every_rule_sorted() {
    let run = Project::new().backlint(&["--list-rules"]);
    run.code(0);
    let ids: Vec<&str> = run
        .stdout
        .lines()
        .skip(1)
        .map(|line| line.split_whitespace().next().unwrap())
        .collect();
    let mut expected: Vec<&str> = backlint::rules::registry()
        .iter()
        .map(|rule| rule.meta().id)
        .collect();
    expected.sort_unstable();
    assert_eq!(ids, expected);
    let line = run
        .stdout
        .lines()
        .find(|line| line.starts_with("unwrap-in-request-path "))
        .unwrap();
    let columns: Vec<&str> = line.split_whitespace().take(3).collect();
    assert_eq!(columns, ["unwrap-in-request-path", "errors", "warning"]);
}

// cargo backlint

/// A virtual workspace: `api` (a service whose handler unwraps) and `tool` (clean).
fn workspace(metadata: &str) -> Project {
    Project::new()
        .file(
            "Cargo.toml",
            format!("[workspace]\nmembers = [\"api\", \"tool\"]\nresolver = \"2\"\n{metadata}"),
        )
        .file(
            "api/Cargo.toml",
            SERVICE_MANIFEST.replace("\"svc\"", "\"api\""),
        )
        .file("api/src/main.rs", UNWRAPPING_SERVICE)
        .file(
            "tool/Cargo.toml",
            "[package]\nname = \"tool\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        )
        .file("tool/src/main.rs", "fn main() {\n    let _ = 1 + 1;\n}\n")
}

/// Runs `cargo backlint ARGS` in `dir`, with the built `cargo-backlint` first on `PATH`.
fn cargo_backlint(project: &Project, dir: &str, args: &[&str]) -> Run {
    let bin_dir = Path::new(CARGO_BACKLINT).parent().unwrap();
    let mut path = OsString::from(bin_dir);
    if let Some(old) = std::env::var_os("PATH") {
        path.push(if cfg!(windows) { ";" } else { ":" });
        path.push(old);
    }
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(project.path(dir))
        .env("PATH", path)
        .env_remove("NO_COLOR")
        .arg("backlint")
        .args(args);
    Run::of(&mut command)
}

#[test]
fn cargo_backlint_lints_the_workspace() {
    let project = workspace("");
    cargo_backlint(&project, ".", &["--message-format", "short"])
        .code(1)
        .stdout_has("api/src/main.rs:5:")
        .stdout_has(UNWRAP_FINDING);
    cargo_backlint(&project, ".", &["--workspace", "--exclude", "api"]).code(0);
    cargo_backlint(&project, ".", &["--workspace", "--format", "concise"])
        .code(1)
        .stdout_has("api/src/main.rs:5:");
}

#[test]
fn cargo_backlint_selects_packages_like_cargo() {
    let project = workspace("");
    cargo_backlint(&project, ".", &["-p", "tool"]).code(0);
    cargo_backlint(&project, ".", &["--package", "api"]).code(1);
    cargo_backlint(&project, "tool", &[]).code(0);
    cargo_backlint(&project, "tool/src", &[]).code(0);
    cargo_backlint(&project, "api", &[])
        .code(1)
        .stdout_has("--> src/main.rs:5:");
    cargo_backlint(&project, "tool", &["--manifest-path", "../api/Cargo.toml"]).code(1);
    cargo_backlint(&project, ".", &["-p", "tol"])
        .code(2)
        .one_error_line(&["package `tol` is not a member of the workspace; did you mean `tool`?"]);
}

#[test]
fn cargo_backlint_message_format_json_is_cargo_json() {
    let project = workspace("");
    let run = cargo_backlint(&project, ".", &["--message-format", "json"]);
    run.code(1);
    // What rust-analyzer does with `check.overrideCommand`: every stdout line through
    // cargo_metadata's parser; findings must be compiler messages, the last line the end,
    // successful as cargo's would be with warnings only (the exit code still fails).
    let lines: Vec<&str> = run.stdout.lines().collect();
    let (last, findings) = lines.split_last().expect("at least one line");
    assert!(
        matches!(
            serde_json::from_str::<Message>(last),
            Ok(Message::BuildFinished(ref finished)) if finished.success
        ),
        "last line: {last}"
    );
    assert_eq!(findings.len(), 1, "one finding in `api`: {run:#?}");
    for line in findings {
        let message = match serde_json::from_str::<Message>(line) {
            Ok(Message::CompilerMessage(message)) => message,
            other => panic!("not a compiler message: {other:?} from {line}"),
        };
        let diagnostic = &message.message;
        assert_eq!(diagnostic.level, DiagnosticLevel::Warning);
        assert_eq!(
            diagnostic.code.as_ref().map(|code| code.code.as_str()),
            Some("unwrap-in-request-path")
        );
        let primary = diagnostic
            .spans
            .iter()
            .find(|span| span.is_primary)
            .expect("a primary span");
        // Relative to the directory cargo was run in (the workspace root), as cargo's are.
        assert_eq!(primary.file_name, "api/src/main.rs");
        assert_eq!((primary.line_start, primary.column_start), (5, 11));
        assert_eq!((primary.line_end, primary.column_end), (5, 19));
        let source = fs::read_to_string(project.path(&primary.file_name)).unwrap();
        assert_eq!(
            &source[primary.byte_start as usize..primary.byte_end as usize],
            "unwrap()"
        );
        let rendered = diagnostic.rendered.as_deref().expect("rendered text");
        assert!(
            rendered.starts_with("warning[unwrap-in-request-path]: ")
                && rendered.contains("--> api/src/main.rs:5:11"),
            "{rendered}"
        );
    }
    cargo_backlint(
        &project,
        ".",
        &["--message-format", "json", "--format", "text"],
    )
    .code(2);
}

#[test]
fn cargo_backlint_reads_workspace_metadata() {
    let project = workspace("\n[workspace.metadata.backlint]\nfail-on = \"never\"\n");
    cargo_backlint(&project, ".", &[])
        .code(0)
        .stdout_has(UNWRAP_FINDING);
    cargo_backlint(&project, "api", &[]).code(0);
    let project = workspace("\n[workspace.metadata.backlint]\nfail_on = \"never\"\n");
    cargo_backlint(&project, ".", &[]).code(2).one_error_line(&[
        "Cargo.toml: workspace.metadata.backlint: unknown key `fail_on`; did you mean `fail-on`?",
    ]);
}

#[test]
fn cargo_backlint_reports_cargo_failures_in_one_line() {
    let project = Project::new().file("Cargo.toml", "[package]\nname = \n");
    cargo_backlint(&project, ".", &[])
        .code(2)
        .one_error_line(&["`cargo metadata` failed"]);
}

// cargo-json: cargo's packages and targets

/// Not Rust: a `parse-error` in whichever file holds it.
const BROKEN: &str = "fn broken( {}\n";

/// A package with a library, its module, a binary beside it, one in `src/bin`, a `[[bin]]`
/// elsewhere with a module, and an integration test; every file a parse error.
fn package_of_every_target() -> Project {
    Project::new()
        .file(
            "Cargo.toml",
            "[package]\nname = \"svc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [[bin]]\nname = \"other\"\npath = \"tools/other.rs\"\n",
        )
        .file("src/lib.rs", BROKEN)
        .file("src/handlers.rs", BROKEN)
        .file("src/main.rs", BROKEN)
        .file("src/bin/tool.rs", BROKEN)
        .file("tools/other.rs", BROKEN)
        .file("tools/helpers.rs", BROKEN)
        .file("tests/api.rs", BROKEN)
}

/// What a cargo-json message says a file belongs to.
#[derive(Debug, PartialEq, Eq)]
struct Owned {
    package_id: String,
    manifest_path: Option<String>,
    /// `kind:name`
    target: String,
    src_path: String,
}

/// The owner each compiler message gives its primary span's file; the lines parsed as
/// rust-analyzer does (cargo_metadata), `manifest_path` (which cargo_metadata does not read)
/// from the JSON. Every path a message names must exist.
fn owners_in(run: &Run) -> BTreeMap<String, Owned> {
    let mut owners = BTreeMap::new();
    for line in run.stdout.lines() {
        let message = match serde_json::from_str::<Message>(line) {
            Ok(Message::CompilerMessage(message)) => message,
            Ok(Message::BuildFinished(_)) => continue,
            other => panic!("not a compiler message: {other:?} from {line}"),
        };
        let raw: serde_json::Value = serde_json::from_str(line).unwrap();
        let manifest_path = raw
            .get("manifest_path")
            .map(|path| path.as_str().unwrap().to_string());
        let target = &message.target;
        for path in manifest_path.iter().chain([&target.src_path.to_string()]) {
            assert!(Path::new(path).is_file(), "{path} does not exist: {line}");
        }
        let file = message.message.spans[0].file_name.clone();
        owners.insert(
            file,
            Owned {
                package_id: message.package_id.repr.clone(),
                manifest_path,
                target: format!("{}:{}", target.kind[0], target.name),
                src_path: target.src_path.to_string(),
            },
        );
    }
    owners
}

/// What cargo itself says about the workspace of `manifest`.
fn cargo_says(manifest: &Path) -> cargo_metadata::Metadata {
    cargo_metadata::MetadataCommand::new()
        .manifest_path(manifest)
        .no_deps()
        .exec()
        .unwrap()
}

/// The owner cargo gives files of `package`'s target `kind:name`.
fn owned_by(metadata: &cargo_metadata::Metadata, package: &str, target: &str) -> Owned {
    let package = metadata
        .packages
        .iter()
        .find(|p| p.name.as_str() == package)
        .unwrap();
    let found = package
        .targets
        .iter()
        .find(|t| format!("{}:{}", t.kind[0], t.name) == target)
        .unwrap_or_else(|| panic!("no target {target}"));
    Owned {
        package_id: package.id.repr.clone(),
        manifest_path: Some(package.manifest_path.to_string()),
        target: target.to_string(),
        src_path: found.src_path.to_string(),
    }
}

/// `expected` (file → `package`, `kind:name`), with files shown as from `dir` of `root`.
fn expected_owners(
    metadata: &cargo_metadata::Metadata,
    root: &Path,
    dir: &str,
    expected: &[(&str, &str, &str)],
) -> BTreeMap<String, Owned> {
    expected
        .iter()
        .map(|(file, package, target)| {
            let shown = match file.strip_prefix(&format!("{dir}/")) {
                Some(below) => below.to_string(),
                None if dir == "." => file.to_string(),
                None => root.join(file).display().to_string(),
            };
            (shown, owned_by(metadata, package, target))
        })
        .collect()
}

/// Runs the built `cargo-backlint` as cargo would (`cargo-backlint backlint ARGS`), not
/// through cargo.
fn cargo_backlint_directly(project: &Project, dir: &str) -> Command {
    let mut command = project.command(CARGO_BACKLINT, dir);
    command.arg("backlint");
    command
}

#[test]
fn cargo_json_names_cargos_package_and_target_for_each_file() {
    let project = package_of_every_target();
    let root = fs::canonicalize(project.root()).unwrap();
    let metadata = cargo_says(&root.join("Cargo.toml"));
    let expected = [
        ("src/lib.rs", "svc", "lib:svc"),
        ("src/handlers.rs", "svc", "lib:svc"),
        ("src/main.rs", "svc", "bin:svc"),
        ("src/bin/tool.rs", "svc", "bin:tool"),
        ("tools/other.rs", "svc", "bin:other"),
        ("tools/helpers.rs", "svc", "bin:other"),
        ("tests/api.rs", "svc", "test:api"),
    ];
    let at_root = expected_owners(&metadata, &root, ".", &expected);
    let run = project.backlint(&["--format", "cargo-json"]);
    run.code(1);
    assert_eq!(run.stderr, "", "{run:#?}");
    assert_eq!(owners_in(&run), at_root);
    let run = Run::of(cargo_backlint_directly(&project, ".").args(["--message-format", "json"]));
    assert_eq!(owners_in(&run), at_root, "{run:#?}");

    // From a subdirectory: the same package; paths in the spans are relative to it.
    let run = project.backlint_in("src", &["--format", "cargo-json"]);
    let in_src: Vec<_> = expected
        .iter()
        .copied()
        .filter(|(file, ..)| file.starts_with("src/"))
        .collect();
    assert_eq!(
        owners_in(&run),
        expected_owners(&metadata, &root, "src", &in_src),
        "{run:#?}"
    );
    let run = Run::of(cargo_backlint_directly(&project, "src").args(["--message-format", "json"]));
    assert_eq!(
        owners_in(&run),
        expected_owners(&metadata, &root, "src", &expected),
        "{run:#?}"
    );
}

#[test]
fn cargo_json_names_each_workspace_members_package() {
    let project = workspace("")
        .file("api/src/routes.rs", BROKEN)
        .file("tool/src/lib.rs", BROKEN);
    let root = fs::canonicalize(project.root()).unwrap();
    let metadata = cargo_says(&root.join("Cargo.toml"));
    let expected = [
        ("api/src/main.rs", "api", "bin:api"),
        ("api/src/routes.rs", "api", "bin:api"),
        ("tool/src/lib.rs", "tool", "lib:tool"),
    ];
    let at_root = expected_owners(&metadata, &root, ".", &expected);
    assert_ne!(at_root["api/src/main.rs"], at_root["tool/src/lib.rs"]);
    let run = project.backlint(&["--format", "cargo-json"]);
    assert_eq!(owners_in(&run), at_root, "{run:#?}");
    let run = cargo_backlint(&project, ".", &["--message-format", "json"]);
    assert_eq!(owners_in(&run), at_root, "{run:#?}");
    for dir in ["api/src", "tool"] {
        let below: Vec<_> = expected
            .iter()
            .copied()
            .filter(|(file, ..)| file.starts_with(dir))
            .collect();
        let expected = expected_owners(&metadata, &root, dir, &below);
        let run = project.backlint_in(dir, &["--format", "cargo-json"]);
        assert_eq!(owners_in(&run), expected, "backlint in {dir}: {run:#?}");
        let run = cargo_backlint(&project, dir, &["--message-format", "json"]);
        assert_eq!(
            owners_in(&run),
            expected,
            "cargo backlint in {dir}: {run:#?}"
        );
    }
}

#[test]
fn cargo_json_ignores_the_checked_trees_toolchain_and_cargo_config() {
    // rustup's proxy would switch to (and try to install) this toolchain in the tree, and
    // cargo cannot load this config: asked from inside the tree, cargo fails.
    let project = package_of_every_target()
        .file(
            "rust-toolchain.toml",
            "[toolchain]\nchannel = \"nonexistent-toolchain-0.0\"\n",
        )
        .file(".cargo/config.toml", "[[[ not toml\n");
    let naive = Command::new("cargo")
        .current_dir(project.root())
        .env_remove("CARGO")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env("RUSTUP_AUTO_INSTALL", "0")
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .output()
        .unwrap();
    assert!(!naive.status.success(), "the trap works: {naive:?}");
    let root = fs::canonicalize(project.root()).unwrap();
    let metadata = cargo_says(&root.join("Cargo.toml"));
    let expected = expected_owners(
        &metadata,
        &root,
        ".",
        &[
            ("src/lib.rs", "svc", "lib:svc"),
            ("src/handlers.rs", "svc", "lib:svc"),
            ("src/main.rs", "svc", "bin:svc"),
            ("src/bin/tool.rs", "svc", "bin:tool"),
            ("tools/other.rs", "svc", "bin:other"),
            ("tools/helpers.rs", "svc", "bin:other"),
            ("tests/api.rs", "svc", "test:api"),
        ],
    );
    // Run standalone (no `CARGO`, no toolchain chosen by a parent rustup), and as cargo
    // starts a subcommand (`CARGO` names the toolchain's own cargo).
    for standalone in [true, false] {
        let harden = |command: &mut Command| {
            if standalone {
                command
                    .env_remove("CARGO")
                    .env_remove("RUSTUP_TOOLCHAIN")
                    .env_remove("RUSTUP_TOOLCHAIN_SOURCE");
            }
        };
        let mut backlint = project.command(BACKLINT, ".");
        harden(&mut backlint);
        let run = Run::of(backlint.args(["--format", "cargo-json"]));
        assert_eq!(run.stderr, "", "standalone: {standalone}: {run:#?}");
        assert_eq!(owners_in(&run), expected, "standalone: {standalone}");
        let mut cargo_backlint = cargo_backlint_directly(&project, ".");
        harden(&mut cargo_backlint);
        let run = Run::of(cargo_backlint.args(["--message-format", "json"]));
        assert_eq!(run.stderr, "", "standalone: {standalone}: {run:#?}");
        assert_eq!(owners_in(&run), expected, "standalone: {standalone}");
    }
}

/// stderr's lines that are not about skipped files.
fn warnings(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|line| !line.starts_with("backlint: warning: skipped"))
        .collect()
}

#[test]
fn cargo_json_without_cargo_infers_owners_from_the_layout_and_says_so() {
    let project = package_of_every_target();
    let root = fs::canonicalize(project.root()).unwrap();
    let no_cargo = tempfile::tempdir().unwrap();
    let run = Run::of(
        project
            .command(BACKLINT, ".")
            .env_remove("CARGO")
            .env("PATH", no_cargo.path())
            .args(["--format", "cargo-json"]),
    );
    run.code(1).no_panic();
    let lines = warnings(&run);
    assert_eq!(lines.len(), 1, "{run:#?}");
    assert!(
        lines[0].starts_with("backlint: warning: cannot run `cargo`: ")
            && lines[0].ends_with("cargo-json names packages and targets from the file layout"),
        "{run:#?}"
    );
    let owners = owners_in(&run);
    let id = format!(
        "path+file://{}#svc@0.1.0",
        root.display().to_string().replace(' ', "%20")
    );
    let manifest = root.join("Cargo.toml").display().to_string();
    let owned = |target: &str, src_path: &str| Owned {
        package_id: id.clone(),
        manifest_path: Some(manifest.clone()),
        target: target.to_string(),
        src_path: root.join(src_path).display().to_string(),
    };
    assert_eq!(owners["src/handlers.rs"], owned("lib:svc", "src/lib.rs"));
    assert_eq!(owners["src/main.rs"], owned("bin:svc", "src/main.rs"));
    assert_eq!(
        owners["src/bin/tool.rs"],
        owned("bin:tool", "src/bin/tool.rs")
    );
    assert_eq!(owners["tests/api.rs"], owned("test:api", "tests/api.rs"));
    assert_eq!(owners.len(), 7, "{owners:#?}");

    // Once cargo cannot be started, it is not tried again for the next crate.
    let project = workspace("").file("tool/src/lib.rs", BROKEN);
    let run = Run::of(
        project
            .command(BACKLINT, ".")
            .env_remove("CARGO")
            .env("PATH", no_cargo.path())
            .args(["--format", "cargo-json"]),
    );
    assert_eq!(warnings(&run).len(), 1, "{run:#?}");
    let owners = owners_in(&run);
    assert_eq!(owners["api/src/main.rs"].target, "bin:api");
    assert_eq!(owners["tool/src/lib.rs"].target, "lib:tool");
}

#[test]
fn cargo_json_with_a_manifest_cargo_rejects_or_no_manifest_says_so() {
    let project = Project::new()
        .file("Cargo.toml", "[package]\nname = \n")
        .file("src/main.rs", BROKEN);
    let run = project.backlint(&["--format", "cargo-json"]);
    run.code(1).no_panic();
    let lines = warnings(&run);
    assert_eq!(lines.len(), 1, "{run:#?}");
    assert!(
        lines[0].starts_with("backlint: warning: Cargo.toml: `cargo metadata` failed: ")
            && lines[0].ends_with("cargo-json names its packages and targets from the file layout"),
        "{run:#?}"
    );
    let root = fs::canonicalize(project.root()).unwrap();
    let owner = &owners_in(&run)["src/main.rs"];
    assert_eq!(
        owner.manifest_path.as_deref(),
        Some(root.join("Cargo.toml").to_str().unwrap())
    );
    assert_eq!(
        owner.src_path,
        root.join("src/main.rs").display().to_string()
    );

    // A file with no Cargo.toml above it is its own package, with no manifest.
    let project = Project::new().file("scratch.rs", BROKEN);
    let run = project.backlint(&["--format", "cargo-json", "scratch.rs"]);
    run.code(1).no_panic();
    assert_eq!(
        warnings(&run),
        [
            "backlint: warning: no cargo package holds `scratch.rs`: cargo-json names its package \
          and target from the file layout"
        ],
        "{run:#?}"
    );
    let scratch = fs::canonicalize(project.path("scratch.rs")).unwrap();
    assert_eq!(
        owners_in(&run)["scratch.rs"],
        Owned {
            package_id: format!("path+file://{}", scratch.display()),
            manifest_path: None,
            target: "bin:scratch".to_string(),
            src_path: scratch.display().to_string(),
        }
    );
    // -q: findings only.
    let run = project.backlint(&["--format", "cargo-json", "-q", "scratch.rs"]);
    assert_eq!(run.stderr, "", "{run:#?}");
}

// Progress

/// The axum service whose handler unwraps (one finding), with `n` more small files.
fn service_with_files(n: usize) -> Project {
    (0..n).fold(Project::service(UNWRAPPING_SERVICE), |project, i| {
        project.file(
            &format!("src/m{i}.rs"),
            format!("pub fn f{i}() -> u32 {{\n    {i}\n}}\n"),
        )
    })
}

/// Asks for the progress bar from the run's first moment: no delay, a terminal type, no CI.
fn wanting_a_bar(command: &mut Command) -> &mut Command {
    command
        .env("BACKLINT_PROGRESS_DELAY_MS", "0")
        .env("TERM", "xterm")
        .env_remove("CI")
        .env_remove("NO_COLOR")
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let project = service_with_files(300);
    let mut command = Command::new(BACKLINT);
    wanting_a_bar(command.current_dir(project.root())).args(["--format", "concise"]);
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains(UNWRAP_FINDING), "{stdout}");
}

/// Everything backlint `args` writes to a terminal (stdout and stderr both), run under a
/// pseudo-terminal by util-linux's `script`; line ends as written by the program.
#[cfg(target_os = "linux")]
fn on_a_terminal(project: &Project, args: &str, env: &[(&str, &str)]) -> String {
    let mut command = Command::new("script");
    wanting_a_bar(command.current_dir(project.root()));
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command
        .args([
            "-q",
            "-e",
            "-c",
            &format!("'{BACKLINT}' {args}"),
            "/dev/null",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|error| panic!("cannot run `script` (util-linux): {error}"));
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    // The terminal turns each `\n` into `\r\n`.
    String::from_utf8(output.stdout)
        .unwrap()
        .replace("\r\n", "\n")
}

#[cfg(target_os = "linux")]
#[test]
fn a_progress_bar_is_drawn_on_a_terminal_and_cleared_before_the_report() {
    let project = service_with_files(300);
    let report = project.backlint(&["--format", "concise", "--color", "never"]);
    report.code(1).stdout_has(UNWRAP_FINDING);
    let screen = on_a_terminal(&project, "--format concise --color never", &[]);
    // Each phase is drawn as it starts: finding files, 301 of them parsed, one crate.
    for frame in [
        "Finding [",
        "Parsing [",
        "] 0/301 files",
        "Crate passes [",
        "] 0/1 crates",
    ] {
        assert!(screen.contains(frame), "no {frame:?} in {screen:?}");
    }
    // Then the bar's line is cleared, and the report follows, whole and alone.
    let (bar, after) = screen
        .rsplit_once("\r\u{1b}[2K")
        .expect("the bar is cleared");
    assert!(bar.contains("Parsing"), "{screen:?}");
    assert_eq!(after, report.stdout, "{screen:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn no_progress_bar_on_a_terminal_in_ci_with_quiet_or_on_a_dumb_terminal() {
    let project = service_with_files(50);
    let plain = "--format concise --color never";
    let quiet = "--format concise --color never -q";
    for (args, env) in [
        (plain, &[("CI", "true")][..]),
        (plain, &[("CI", "1")][..]),
        (quiet, &[][..]),
        (plain, &[("TERM", "dumb")][..]),
    ] {
        let report = project.backlint(&args.split(' ').collect::<Vec<_>>());
        report.code(1);
        let screen = on_a_terminal(&project, args, env);
        assert_eq!(screen, report.stdout, "{args} with {env:?}");
    }
    // The same, wanting a bar, draws one.
    let screen = on_a_terminal(&project, plain, &[("CI", "false")]);
    assert!(screen.contains("Parsing ["), "{screen:?}");
}

/// A `cargo` that logs each call (directory, the two hardening variables, arguments) to
/// `log`, then runs the real one.
#[cfg(unix)]
fn logging_cargo(dir: &Path, log: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let real = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let script = dir.join("cargo");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s|%s|%s|%s\\n' \"$(pwd)\" \"$RUSTUP_AUTO_INSTALL\" \
             \"$CARGO_NET_OFFLINE\" \"$*\" >> '{}'\nexec '{real}' \"$@\"\n",
            log.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    script
}

#[cfg(unix)]
#[test]
fn cargo_is_asked_once_per_workspace_offline_and_from_outside_the_tree() {
    let project = workspace("")
        .file("api/src/routes.rs", BROKEN)
        .file("tool/src/lib.rs", BROKEN);
    let root = fs::canonicalize(project.root()).unwrap();
    let bin = tempfile::tempdir().unwrap();
    let log = bin.path().join("calls");
    let cargo = logging_cargo(bin.path(), &log);
    let calls = || {
        let calls = fs::read_to_string(&log).unwrap_or_default();
        fs::remove_file(&log).ok();
        calls
    };
    let run = Run::of(
        project
            .command(BACKLINT, ".")
            .env("CARGO", &cargo)
            .args(["--format", "cargo-json"]),
    );
    assert_eq!(owners_in(&run).len(), 3, "{run:#?}");
    // The first file's crate is asked about; its answer covers the other member.
    let asked = |manifest: &Path| {
        format!(
            "/|0|true|metadata --format-version 1 --no-deps --offline --manifest-path {}\n",
            manifest.display()
        )
    };
    assert_eq!(calls(), asked(&root.join("api/Cargo.toml")));
    // `cargo backlint` asks once, to select the packages, and names them from that answer.
    let run = Run::of(
        cargo_backlint_directly(&project, ".")
            .env("CARGO", &cargo)
            .args(["--message-format", "json"]),
    );
    assert_eq!(owners_in(&run).len(), 3, "{run:#?}");
    assert_eq!(calls(), asked(&root.join("Cargo.toml")));
}
