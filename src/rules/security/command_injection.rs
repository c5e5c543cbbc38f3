//! `command-injection`: see `rules/command-injection.md`.
//!
//! Input that chooses the program, reaches a shell's command line, its environment or working
//! directory is command injection. An argument of a fixed program run without a shell can at
//! most become one of that program's options (argument injection): it is reported, one level
//! lower and with its own message, only when it can start with `-` and no `--` before it ends
//! the options, and not when it is the process's own command-line arguments (whoever typed
//! those could pass the program any option).

use std::borrow::Cow;

use crate::rules::prelude::*;
use crate::semantic::facts::{CallRef, SourceKind};
use crate::semantic::models::SinkKind;
use crate::semantic::syntax::{chain_root, is_constant, macro_args, macro_name, peel};
use crate::semantic::taint::{Origin, TaintRule};

const COMMAND_INJECTION: TaintRule = TaintRule {
    kind: SinkKind::Command,
    message: |sink, call| {
        if runs_a_shell(call) {
            format!("request input reaches a shell command line through `{sink}`")
        } else {
            format!("request input reaches the command run by `{sink}`")
        }
    },
    label: "command built from request input",
    help: "run a fixed program with request values as separate arguments, never through `sh -c`; validate them against an allow-list",
    structural: None,
    extra_sink: None,
    also: None,
};

const ARGUMENT_INJECTION: TaintRule = TaintRule {
    kind: SinkKind::Command,
    message: |_, call| {
        let program = program_of(call)
            .and_then(literal_text)
            .map_or_else(|| "the program".to_string(), |name| format!("`{name}`"));
        format!("request input reaches an argument of {program} and may start with `-`, making it an option")
    },
    label: "argument from request input",
    help: "pass `\"--\"` before request values so that they are read as operands, or reject values that start with `-`",
    structural: None,
    extra_sink: None,
    also: None,
};

declare_rule!(CommandInjection, "command-injection");

impl Rule for CommandInjection {
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
        let Some((sink, arg)) = COMMAND_INJECTION.sink(expr, cx) else {
            return;
        };
        if !is_argument_of_fixed_program(expr, cx) {
            COMMAND_INJECTION.report(cx, &sink, expr, arg);
            return;
        }
        let harmless = options_end_before(expr)
            || operands(arg)
                .iter()
                .all(|value| !can_start_with_dash(value, cx))
            || is_own_command_line(arg, cx);
        if !harmless {
            ARGUMENT_INJECTION.report_weakened(cx, &sink, expr, arg);
        }
    }
}

/// `Command::new("sh")`, `bash`, `cmd`, `powershell` at the root of the builder chain.
fn runs_a_shell(expr: &syn::Expr) -> bool {
    program_of(expr)
        .and_then(literal_text)
        .is_some_and(|program| {
            matches!(
                program.rsplit('/').next(),
                Some("sh" | "bash" | "zsh" | "dash" | "cmd" | "cmd.exe" | "powershell" | "pwsh")
            )
        })
}

/// The program of the `Command::new(program)` a builder chain starts from.
fn program_of(expr: &syn::Expr) -> Option<&syn::Expr> {
    let syn::Expr::Call(call) = peel(chain_root(expr)) else {
        return None;
    };
    call.args.first()
}

fn literal_text(expr: &syn::Expr) -> Option<String> {
    match peel(expr) {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) => Some(text.value()),
        _ => None,
    }
}

/// `.arg(..)`/`.args(..)` on a chain that starts from `Command::new(program)` whose program
/// carries no input and is no shell. A chain that starts from a local (`cmd.arg(..)`) does not
/// say what its program is.
fn is_argument_of_fixed_program(expr: &syn::Expr, cx: &RuleCx<'_>) -> bool {
    let syn::Expr::MethodCall(call) = expr else {
        return false;
    };
    if !matches!(call.method.to_string().as_str(), "arg" | "args") {
        return false;
    }
    program_of(expr).is_some_and(|program| {
        !runs_a_shell(expr) && !cx.taint().eval(program).reaches(SinkKind::Command)
    })
}

/// Whether an `.arg("--")` earlier in the chain (or a `"--"` before the input in the same
/// `.args([..])`) ends the program's options.
fn options_end_before(expr: &syn::Expr) -> bool {
    let syn::Expr::MethodCall(sink) = expr else {
        return false;
    };
    if sink.method == "args" {
        if let Some(values) = sink.args.first().map(operands) {
            let ends = values.iter().position(|value| is_double_dash(value));
            let first_input = values.iter().position(|value| !is_constant(peel(value)));
            if let (Some(ends), Some(first_input)) = (ends, first_input) {
                return ends < first_input;
            }
        }
    }
    let mut receiver = &*sink.receiver;
    while let syn::Expr::MethodCall(call) = peel(receiver) {
        if matches!(call.method.to_string().as_str(), "arg" | "args")
            && call
                .args
                .first()
                .is_some_and(|arg| operands(arg).iter().any(|value| is_double_dash(value)))
        {
            return true;
        }
        receiver = &call.receiver;
    }
    false
}

fn is_double_dash(expr: &syn::Expr) -> bool {
    literal_text(expr).is_some_and(|text| text == "--")
}

/// The values an `.arg(x)` or `.args(..)` argument passes: the elements of an array or
/// `vec![..]` literal, or the argument itself.
fn operands(arg: &syn::Expr) -> Vec<Cow<'_, syn::Expr>> {
    match peel(arg) {
        syn::Expr::Array(array) => array.elems.iter().map(Cow::Borrowed).collect(),
        syn::Expr::Macro(mac) if macro_name(&mac.mac) == "vec" => macro_args(&mac.mac)
            .exprs
            .into_iter()
            .map(Cow::Owned)
            .collect(),
        _ => vec![Cow::Borrowed(arg)],
    }
}

/// Whether a value with input in it may start with `-`, or be an option whose name the input
/// chooses: not when literal text other than dashes comes first (`format!("--out={}", x)`,
/// `format!("user:{x}")`, `"prefix".to_string() + &x`, a path joined under a literal base),
/// nor when it carries no input.
fn can_start_with_dash(value: &syn::Expr, cx: &RuleCx<'_>) -> bool {
    cx.taint().eval(value).reaches(SinkKind::Command) && !starts_with_literal(value)
}

/// Whether an expression's text starts with literal text that fixes what kind of argument it
/// is: anything but dashes alone (`"-"` followed by input lets the input name the option).
fn starts_with_literal(expr: &syn::Expr) -> bool {
    let fixes_the_start = |text: &str| text.chars().any(|c| c != '-');
    match peel(expr) {
        syn::Expr::Macro(mac)
            if matches!(macro_name(&mac.mac).as_str(), "format" | "format_args") =>
        {
            macro_args(&mac.mac)
                .format
                .is_some_and(|format| fixes_the_start(&literal_prefix(&format.value())))
        }
        syn::Expr::Binary(binary) if matches!(binary.op, syn::BinOp::Add(_)) => {
            starts_with_literal(&binary.left)
        }
        syn::Expr::MethodCall(call) => match call.method.to_string().as_str() {
            "to_string" | "to_owned" | "into" | "as_str" | "as_ref" | "clone" | "as_os_str"
            | "display" | "join" => starts_with_literal(&call.receiver),
            _ => false,
        },
        syn::Expr::Call(call) => {
            // `String::from("x")`, `Path::new("/srv")`, `PathBuf::from("/srv")`.
            call.args.len() == 1 && starts_with_literal(&call.args[0])
        }
        other => literal_text(other).is_some_and(|text| fixes_the_start(&text)),
    }
}

/// The text of a format string before its first interpolation (`{{` is a literal brace).
fn literal_prefix(format: &str) -> String {
    let mut prefix = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                prefix.push('{');
            }
            '{' => break,
            other => prefix.push(other),
        }
    }
    prefix
}

/// Whether the value carries nothing but the process's own command-line arguments, read in
/// this function (`std::env::args().skip(1)`): whoever typed them could have given the program
/// any option directly. Methods called on them (`skip`) only pass them on, whatever crate
/// method of that name there may be.
fn is_own_command_line(arg: &syn::Expr, cx: &RuleCx<'_>) -> bool {
    let taint = cx.taint().eval(arg);
    let facts = cx.facts;
    let is_command_line = |origin: &Origin| match origin {
        Origin::Source(id) => facts
            .sources
            .get(*id as usize)
            .is_some_and(|source| source.kind == SourceKind::CommandLine),
        _ => false,
    };
    let passes_on = |origin: &Origin| match origin {
        Origin::Call(id) => facts
            .call_sites
            .get(*id as usize)
            .is_some_and(|site| matches!(site.callee, CallRef::Method { .. })),
        other => is_command_line(other),
    };
    taint.origins.iter().any(is_command_line) && taint.origins.iter().all(passes_on)
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Level;
    use crate::engine::testing::findings;

    /// The level and message of each finding on an axum handler whose `body` has the path
    /// segment `name: String` and the query `q.flags: Vec<String>`.
    fn fired(body: &str) -> Vec<(Level, String)> {
        let code = format!(
            r#"use axum::{{extract::{{Path, Query}}, routing::get, Router}};
use std::process::Command;

#[derive(serde::Deserialize)]
pub struct Params {{ flags: Vec<String> }}

async fn handler(Path(name): Path<String>, Query(q): Query<Params>) {{
    {body}
}}

pub fn router() -> Router {{
    Router::new().route("/x/{{name}}", get(handler))
}}
"#
        );
        findings("command-injection", &code)
            .into_iter()
            .map(|finding| (finding.level, finding.message))
            .collect()
    }

    fn assert_level(level: Level, message_part: &str, cases: &[(&str, &str)]) {
        for (form, body) in cases {
            let found = fired(body);
            assert!(
                matches!(found.as_slice(), [(l, m)] if *l == level && m.contains(message_part)),
                "{form}: expected one {level:?} finding saying `{message_part}`, got {found:?}\n{body}"
            );
        }
    }

    #[test]
    fn programs_shells_environments_and_directories_chosen_by_input_are_errors() {
        assert_level(
            Level::Error,
            "shell command line",
            &[
                (
                    "sh -c",
                    r#"let _ = Command::new("sh").arg("-c").arg(format!("convert {name}")).status();"#,
                ),
                (
                    "bash -c after --",
                    r#"let _ = Command::new("/bin/bash").arg("-c").arg("--").arg(&name).status();"#,
                ),
            ],
        );
        assert_level(
            Level::Error,
            "the command run by",
            &[
                ("the program", "let _ = Command::new(&name).status();"),
                (
                    "the working directory",
                    r#"let _ = Command::new("make").current_dir(&name).status();"#,
                ),
                (
                    "an environment variable's name",
                    r#"let _ = Command::new("make").env(&name, "1").status();"#,
                ),
                // Where the builder is a local, its program is not known at the argument.
                (
                    "an argument of a command held in a local",
                    r#"let mut cmd = Command::new("convert"); cmd.arg(&name); let _ = cmd.status();"#,
                ),
            ],
        );
        let chosen = r#"let _ = Command::new(format!("/usr/bin/lp-{name}")).arg(&name).status();"#;
        let found = fired(chosen);
        assert!(
            found.len() == 2 && found.iter().all(|(level, _)| *level == Level::Error),
            "the program and an argument of a program chosen by input: {found:?}"
        );
    }

    #[test]
    fn arguments_of_a_fixed_program_that_can_start_with_a_dash_are_argument_injection() {
        assert_level(
            Level::Warning,
            "argument of `convert` and may start with `-`",
            &[
                (
                    "an argument",
                    r#"let _ = Command::new("convert").arg(&name).arg("out.png").status();"#,
                ),
                (
                    "an element of args",
                    r#"let _ = Command::new("convert").args(["-resize", &name]).status();"#,
                ),
                (
                    "a list of input",
                    r#"let _ = Command::new("convert").args(&q.flags).status();"#,
                ),
                (
                    "an option named by input",
                    r#"let _ = Command::new("convert").arg(format!("-{name}")).status();"#,
                ),
                (
                    "`--` after the input",
                    r#"let _ = Command::new("convert").args([name.as_str(), "--"]).status();"#,
                ),
            ],
        );
    }

    #[test]
    fn arguments_that_cannot_become_options_are_silent() {
        for (form, body) in [
            (
                "after `--` in the chain",
                r#"let _ = Command::new("git").arg("clone").arg("--").arg(&name).status();"#,
            ),
            (
                "after `--` in the same args",
                r#"let _ = Command::new("git").args(["clone", "--", &name]).status();"#,
            ),
            (
                "as an option's value",
                r#"let _ = Command::new("convert").arg(format!("--label={name}")).status();"#,
            ),
            (
                "after literal text",
                r#"let _ = Command::new("ssh").arg(format!("deploy@{name}")).status();"#,
            ),
            (
                "after a literal concatenated",
                r#"let _ = Command::new("ssh").arg("deploy@".to_string() + &name).status();"#,
            ),
            (
                "joined under a literal base",
                r#"let _ = Command::new("cat").arg(std::path::Path::new("/srv/notes").join(&name)).status();"#,
            ),
            (
                "a constant argument",
                r#"let _ = Command::new("ls").arg("-l").status();"#,
            ),
        ] {
            assert_eq!(fired(body), Vec::new(), "{form}:\n{body}");
        }
    }

    #[test]
    fn a_program_passing_its_own_command_line_on_is_no_injection() {
        // A command-line program, not a server: its arguments are input to it.
        let program = |body: &str| {
            let code = format!("use std::process::Command;\npub fn run() {{\n{body}\n}}\n");
            findings("command-injection", &code).len()
        };
        let restart = "let _ = Command::new(std::env::current_exe().unwrap()).args(std::env::args().skip(1)).status();";
        let forward = r#"let _ = Command::new("git").args(std::env::args().skip(1)).status();"#;
        let shell = r#"let _ = Command::new("sh").arg("-c").arg(std::env::args().nth(1).unwrap_or_default()).status();"#;
        assert_eq!(program(restart), 0, "{restart}");
        assert_eq!(program(forward), 0, "{forward}");
        assert_eq!(program(shell), 1, "{shell}");
    }
}
