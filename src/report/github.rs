//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
//!
//! ```text
//! ::error file=src/handlers.rs,line=12,col=21,endLine=12,endColumn=74,title=backlint(sql-injection)::request input reaches `sqlx::query` unescaped%0Ahelp: use a bind parameter
//! ```
//!
//! Paths are relative to the project root (GitHub resolves them against the repository), so a
//! run from a subdirectory annotates the right files. `error`, `warning` and `notice` follow
//! the finding's level. Columns are only given for a
//! span on one line (GitHub ignores them otherwise). Suppressed findings are left out.
//! Property values and the message are escaped as the runner expects (`%`, CR, LF, and in
//! properties also `:` and `,`).

use std::io::{self, Write};

use super::Report;
use crate::diagnostic::{Diagnostic, Level};

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let cwd = std::env::current_dir().ok();
    for diagnostic in report.active() {
        let file = report.repository_path(&diagnostic.primary.file, cwd.as_deref());
        writeln!(out, "{}", command(diagnostic, &file))?;
    }
    Ok(())
}

/// The workflow command for one finding in `file` (relative to the repository root, which
/// GitHub resolves annotation paths against).
fn command(diagnostic: &Diagnostic, file: &str) -> String {
    let name = match diagnostic.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "notice",
    };
    let span = diagnostic.primary.span;
    let mut properties = vec![
        format!("file={}", escape_property(file)),
        format!("line={}", span.start.line),
    ];
    if span.start.line == span.end.line {
        properties.push(format!("col={}", span.start.column));
        properties.push(format!("endLine={}", span.end.line));
        properties.push(format!("endColumn={}", span.end.column));
    } else {
        properties.push(format!("endLine={}", span.end.line));
    }
    properties.push(format!(
        "title={}",
        escape_property(&format!("backlint({})", diagnostic.rule))
    ));
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message += "\nhelp: ";
        message += help;
    }
    format!(
        "::{name} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// Escapes a command's message: `%`, CR and LF.
fn escape_data(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => escaped.push_str("%25"),
            '\r' => escaped.push_str("%0D"),
            '\n' => escaped.push_str("%0A"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// Escapes a property value: as data, plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::sample_report;

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(
            escape_data("50% done\r\nnext: a,b"),
            "50%25 done%0D%0Anext: a,b"
        );
        assert_eq!(escape_property("dir: a,b%\nc"), "dir%3A a%2Cb%25%0Ac");
    }

    #[test]
    fn one_annotation_per_active_finding() {
        let report = sample_report();
        let mut out = Vec::new();
        render(&report, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), report.active().count(), "{text}");
        assert!(lines.iter().all(|line| line.starts_with("::")), "{text}");
        let injection = lines
            .iter()
            .find(|line| line.contains("sql-injection"))
            .unwrap();
        assert_eq!(
            *injection,
            "::error file=src/handlers.rs,line=4,col=5,endLine=4,endColumn=24,\
             title=backlint(sql-injection)::request input reaches `sqlx::query` unescaped\
             %0Ahelp: pass the value with `.bind(name)`"
        );
        assert!(
            text.contains("::notice file=src/données/ünï.rs,line=2,col=10,"),
            "{text}"
        );
        assert!(
            text.contains("::warning file=src/handlers.rs,line=5,"),
            "{text}"
        );
        assert!(
            !text.contains("unwrap-in-request-path"),
            "suppressed: {text}"
        );
        assert!(
            text.contains("file=src/my module/a%2Cb.rs,"),
            "comma in a path is escaped: {text}"
        );
    }

    #[test]
    fn paths_are_relative_to_the_project_root_not_the_working_directory() {
        let cwd = std::env::current_dir().unwrap();
        let mut report = sample_report();
        report.project_root = Some(cwd.parent().unwrap().to_path_buf());
        let mut out = Vec::new();
        render(&report, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let here = cwd.file_name().unwrap().to_string_lossy();
        assert!(
            text.contains(&format!("::error file={here}/src/handlers.rs,line=4,")),
            "{text}"
        );
    }
}
