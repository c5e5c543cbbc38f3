//! One line per finding, for hooks, editors' problem matchers and grep:
//! `src/handlers.rs:12:21: error[sql-injection] request input reaches `sqlx::query` unescaped`.
//!
//! Suppressed findings are left out unless asked for, then end in `(suppressed: <reason>)` or
//! `(suppressed without a reason)`.

use std::io::{self, Write};

use super::{shown, write_statistics, RenderOptions, Report};
use crate::diagnostic::Diagnostic;

pub(super) fn render(
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    for diagnostic in shown(report, options) {
        writeln!(out, "{}", line(diagnostic))?;
    }
    if options.statistics {
        write_statistics(report, out)?;
    }
    Ok(())
}

/// `path:line:col: level[rule-id] message`
fn line(diagnostic: &Diagnostic) -> String {
    let start = diagnostic.primary.span.start;
    let mut line = format!(
        "{}:{}:{}: {}[{}] {}",
        diagnostic.primary.file,
        start.line,
        start.column,
        diagnostic.level,
        diagnostic.rule,
        diagnostic.message
    );
    if let Some(suppressed) = &diagnostic.suppressed {
        line += &format!(" ({})", suppressed.describe());
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::sample_report;

    fn concise(options: RenderOptions) -> String {
        let mut out = Vec::new();
        render(&sample_report(), &options, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_line_per_active_finding() {
        assert_eq!(
            concise(RenderOptions::default()),
            "src/données/ünï.rs:2:10: note[print-in-server] `dbg!` in server code\n\
             src/handlers.rs:4:5: error[sql-injection] request input reaches `sqlx::query` unescaped\n\
             src/handlers.rs:5:5: warning[print-in-server] `println!` in server code\n\
             src/my module/a,b.rs:1:4: error[parse-error] expected identifier\n"
        );
    }

    #[test]
    fn marks_suppressed_findings_when_shown() {
        let out = concise(RenderOptions {
            show_suppressed: true,
            ..RenderOptions::default()
        });
        assert!(
            out.contains("src/handlers.rs:6:27: warning[unwrap-in-request-path] `unwrap()` in a request handler (suppressed: the user was created above)\n"),
            "{out}"
        );
    }

    #[test]
    fn statistics_follow_the_findings() {
        let out = concise(RenderOptions {
            statistics: true,
            ..RenderOptions::default()
        });
        assert!(out.ends_with("expected identifier\n1  parse-error      error\n1  print-in-server  warning\n1  print-in-server  note\n1  sql-injection    error\n"), "{out}");
    }
}
