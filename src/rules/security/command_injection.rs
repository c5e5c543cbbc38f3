//! `command-injection`: see `rules/command-injection.md`.

use crate::rules::prelude::*;
use crate::semantic::models::SinkKind;
use crate::semantic::syntax::{chain_root, peel};
use crate::semantic::taint::{report_sink, SinkTexts};

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
        let Some((sink, arg)) = cx.taint().sink_arguments(expr, SinkKind::Command) else {
            return;
        };
        let shell = runs_a_shell(expr);
        let texts = SinkTexts {
            message: &|sink| {
                if shell {
                    format!("request input reaches a shell command line through `{sink}`")
                } else {
                    format!("request input reaches the command run by `{sink}`")
                }
            },
            label: "command built from request input",
            help: "run a fixed program with request values as separate arguments, never through `sh -c`; validate them against an allow-list",
            structural: None,
        };
        report_sink(cx, SinkKind::Command, &sink, arg, &texts, None);
    }
}

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
