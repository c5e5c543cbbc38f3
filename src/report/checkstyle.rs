//! Checkstyle XML (`--format checkstyle`), which Jenkins' Warnings plugin, reviewdog, SonarQube
//! and many code-review tools import.
//!
//! ```text
//! <checkstyle version="4.3">
//!   <file name="src/handlers.rs">
//!     <error line="12" column="21" severity="error" message="request input reaches `sqlx::query` unescaped" source="backlint.sql-injection"/>
//!   </file>
//!   <file name="src/huge.rs">
//!     <exception>skipped: larger than 2 MiB</exception>
//!   </file>
//! </checkstyle>
//! ```
//!
//! One `<file>` per file with active findings (suppressed ones and those a baseline holds are
//! left out), sorted by path, each finding an `<error>` with its 1-based line and code-point
//! column; severities `error`, `warning` and `info`. Problems (a skipped or unreadable file,
//! an internal error) are `<exception>`s of their file, or of the document when they name
//! none. Valid against Checkstyle's own report schema.

use std::io::{self, Write};

use super::xml::{self, attribute, text, XmlWriter};
use super::{by_file, problem_line, FileEntries, Report};
use crate::diagnostic::{Diagnostic, Level};

/// The format version other tools expect in the root element.
const CHECKSTYLE_VERSION: &str = "4.3";

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let files = by_file(report);
    let mut writer = xml::writer(out)?;
    writer
        .create_element("checkstyle")
        .with_attribute(attribute("version", CHECKSTYLE_VERSION))
        .write_inner_content(|writer| {
            files.iter().try_for_each(|(&path, entries)| {
                if path.is_empty() {
                    write_exceptions(writer, entries)
                } else {
                    writer
                        .create_element("file")
                        .with_attribute(attribute("name", path))
                        .write_inner_content(|writer| {
                            for &diagnostic in &entries.findings {
                                write_error(writer, diagnostic)?;
                            }
                            write_exceptions(writer, entries)
                        })?;
                    Ok(())
                }
            })
        })?;
    xml::finish(writer)
}

fn write_error(writer: &mut XmlWriter, diagnostic: &Diagnostic) -> io::Result<()> {
    let start = diagnostic.primary.span.start;
    writer
        .create_element("error")
        .with_attributes([
            attribute("line", start.line.max(1).to_string()),
            attribute("column", start.column.max(1).to_string()),
            attribute("severity", severity(diagnostic.level)),
            attribute("message", diagnostic.message.as_str()),
            attribute("source", format!("backlint.{}", diagnostic.rule)),
        ])
        .write_empty()?;
    Ok(())
}

/// The file's problems, each as the one line the CLI prints for it.
fn write_exceptions(writer: &mut XmlWriter, entries: &FileEntries) -> io::Result<()> {
    for &problem in &entries.problems {
        writer
            .create_element("exception")
            .write_text_content(text(&problem_line(problem)))?;
    }
    Ok(())
}

fn severity(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::{diagnostic, locate, sample_report};
    use crate::report::xml::read::{elements, Element};
    use crate::report::{Problem, ProblemKind};

    fn checkstyle(report: &Report) -> Vec<Element> {
        let mut out = Vec::new();
        render(report, &mut out).unwrap();
        elements(&String::from_utf8(out).unwrap())
    }

    #[test]
    fn files_hold_their_active_findings() {
        let elements = checkstyle(&sample_report());
        assert_eq!(elements[0].path, "checkstyle");
        assert_eq!(elements[0].get("version"), "4.3");
        let files: Vec<&str> = elements
            .iter()
            .filter(|e| e.path == "checkstyle/file")
            .map(|e| e.get("name"))
            .collect();
        assert_eq!(
            files,
            [
                "src/données/ünï.rs",
                "src/handlers.rs",
                "src/huge.rs",
                "src/my module/a,b.rs"
            ]
        );
        let errors: Vec<[&str; 5]> = elements
            .iter()
            .filter(|e| e.path == "checkstyle/file/error")
            .map(|e| ["line", "column", "severity", "source", "message"].map(|key| e.get(key)))
            .collect();
        assert_eq!(
            errors,
            [
                [
                    "2",
                    "10",
                    "info",
                    "backlint.print-in-server",
                    "`dbg!` in server code"
                ],
                [
                    "4",
                    "5",
                    "error",
                    "backlint.sql-injection",
                    "request input reaches `sqlx::query` unescaped"
                ],
                [
                    "5",
                    "5",
                    "warning",
                    "backlint.print-in-server",
                    "`println!` in server code"
                ],
                [
                    "1",
                    "4",
                    "error",
                    "backlint.parse-error",
                    "expected identifier"
                ],
            ],
            "the suppressed unwrap is left out"
        );
        let exceptions: Vec<&str> = elements
            .iter()
            .filter(|e| e.path == "checkstyle/file/exception")
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(
            exceptions,
            ["warning: skipped src/huge.rs: larger than 2 MiB"]
        );
    }

    #[test]
    fn markup_in_messages_and_paths_is_escaped() {
        let text = "x";
        let report = Report {
            diagnostics: vec![diagnostic(
                "print-in-server",
                Level::Warning,
                locate("src/a&b <c> \"d\" 'é'.rs", text, "x"),
                "`<&>` \"q\" 'a'\u{1b}[31m",
            )],
            problems: vec![Problem {
                path: String::new(),
                kind: ProblemKind::Internal,
                message: "rule `<x>` panicked".to_string(),
            }],
            ..Report::default()
        };
        let elements = checkstyle(&report);
        let file = elements
            .iter()
            .find(|e| e.path == "checkstyle/file")
            .unwrap();
        assert_eq!(file.get("name"), "src/a&b <c> \"d\" 'é'.rs");
        let error = elements
            .iter()
            .find(|e| e.path == "checkstyle/file/error")
            .unwrap();
        assert_eq!(error.get("message"), "`<&>` \"q\" 'a'\u{fffd}[31m");
        let exception = elements
            .iter()
            .find(|e| e.path == "checkstyle/exception")
            .unwrap();
        assert_eq!(exception.text, "error: rule `<x>` panicked");
    }

    #[test]
    fn a_clean_run_is_an_empty_document() {
        let mut out = Vec::new();
        render(&Report::default(), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n</checkstyle>\n"
        );
    }
}
