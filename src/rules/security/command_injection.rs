//! `command-injection`: see `rules/command-injection.md`.

use crate::rules::declare_taint_rule;
use crate::semantic::models::SinkKind;
use crate::semantic::syntax::{chain_root, peel};
use crate::semantic::taint::TaintRule;

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

declare_taint_rule!(CommandInjection, "command-injection", COMMAND_INJECTION);

/// `Command::new("sh")`, `bash`, `cmd`, `powershell` at the root of the builder chain.
fn runs_a_shell(expr: &syn::Expr) -> bool {
    let syn::Expr::Call(call) = peel(chain_root(expr)) else {
        return false;
    };
    call.args.first().is_some_and(|program| {
        matches!(peel(program), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. })
            if matches!(s.value().rsplit('/').next(), Some("sh" | "bash" | "zsh" | "dash" | "cmd" | "cmd.exe" | "powershell" | "pwsh")))
    })
}
