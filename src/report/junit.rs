//! JUnit XML (`--format junit`): findings as failed test cases, which Jenkins, GitLab
//! (`artifacts:reports:junit`), Azure Pipelines and most CI systems show as test results.
//!
//! ```text
//! <testsuites name="backlint" tests="2" failures="1" errors="0">
//!   <testsuite name="src/handlers.rs" tests="1" failures="1" errors="0" skipped="0" file="src/handlers.rs">
//!     <testcase name="sql-injection at 12:21" classname="src/handlers">
//!       <failure message="request input reaches `sqlx::query` unescaped" type="sql-injection">error[sql-injection]: …
//!   --> src/handlers.rs:12:21 …</failure>
//!     </testcase>
//!   </testsuite>
//!   <testsuite name="src/huge.rs" tests="1" failures="0" errors="0" skipped="1" file="src/huge.rs">
//!     <testcase name="skipped" classname="src/huge"><skipped message="larger than 2 MiB"/></testcase>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! One `<testsuite>` per file, one `<testcase>` per active finding (suppressed ones and those
//! a baseline holds are left out) with a `<failure>`: the message, the rule as `type`, and the
//! finding as the text format prints it. A file that was skipped is a skipped test case; one
//! that could not be read, or an internal error, is an `<error>`. A run with none of these
//! writes one passing test case, so CI shows a test and no failure. No times: the output is
//! the same for the same code. Valid against the JUnit schema Jenkins' xUnit plugin uses.

use std::io::{self, Write};

use super::text::{rendered, Sources};
use super::xml::{self, attribute, text, XmlWriter};
use super::{by_file, FileEntries, Problem, ProblemKind, Report};
use crate::diagnostic::Diagnostic;

/// The name of the document, and of the suite for what concerns no file.
const TOOL: &str = env!("CARGO_PKG_NAME");

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let sources = Sources::new(report);
    let files = by_file(report);
    let suites: Vec<Suite> = if files.is_empty() {
        vec![Suite::clean()]
    } else {
        files
            .iter()
            .map(|(&path, entries)| Suite::of(path, entries))
            .collect()
    };
    let total = |count: fn(&Suite) -> usize| suites.iter().map(count).sum::<usize>().to_string();
    let mut writer = xml::writer(out)?;
    writer
        .create_element("testsuites")
        .with_attributes([
            attribute("name", TOOL),
            attribute("tests", total(|s| s.cases.len())),
            attribute("failures", total(|s| s.count(Outcome::is_failure))),
            attribute("errors", total(|s| s.count(Outcome::is_error))),
        ])
        .write_inner_content(|writer| {
            suites
                .iter()
                .try_for_each(|suite| write_suite(writer, suite, &sources))
        })?;
    xml::finish(writer)
}

/// A file's test cases (or the run's, when the path is empty).
struct Suite<'r> {
    path: &'r str,
    cases: Vec<Case<'r>>,
}

struct Case<'r> {
    name: String,
    outcome: Outcome<'r>,
}

enum Outcome<'r> {
    Passed,
    Failed(&'r Diagnostic),
    Skipped(&'r Problem),
    Errored(&'r Problem),
}

impl Outcome<'_> {
    fn is_failure(&self) -> bool {
        matches!(self, Outcome::Failed(_))
    }
    fn is_error(&self) -> bool {
        matches!(self, Outcome::Errored(_))
    }
    fn is_skipped(&self) -> bool {
        matches!(self, Outcome::Skipped(_))
    }
}

impl<'r> Suite<'r> {
    fn of(path: &'r str, entries: &FileEntries<'r>) -> Suite<'r> {
        let findings = entries.findings.iter().map(|&diagnostic| {
            let start = diagnostic.primary.span.start;
            Case {
                name: format!("{} at {}:{}", diagnostic.rule, start.line, start.column),
                outcome: Outcome::Failed(diagnostic),
            }
        });
        let problems = entries.problems.iter().map(|&problem| match problem.kind {
            ProblemKind::Skipped => Case {
                name: "skipped".to_string(),
                outcome: Outcome::Skipped(problem),
            },
            ProblemKind::Io | ProblemKind::Internal => Case {
                name: problem_type(problem.kind).to_string(),
                outcome: Outcome::Errored(problem),
            },
        });
        Suite {
            path,
            cases: findings.chain(problems).collect(),
        }
    }

    /// The suite of a run without findings or problems: one passing case.
    fn clean() -> Suite<'static> {
        Suite {
            path: "",
            cases: vec![Case {
                name: "no findings".to_string(),
                outcome: Outcome::Passed,
            }],
        }
    }

    fn count(&self, which: impl Fn(&Outcome<'r>) -> bool) -> usize {
        self.cases
            .iter()
            .filter(|case| which(&case.outcome))
            .count()
    }

    fn name(&self) -> &str {
        if self.path.is_empty() {
            TOOL
        } else {
            self.path
        }
    }

    /// `src/handlers` for `src/handlers.rs`, as Java tools name classes after files.
    fn classname(&self) -> &str {
        let name = self.name();
        name.strip_suffix(".rs").unwrap_or(name)
    }
}

fn write_suite(writer: &mut XmlWriter, suite: &Suite, sources: &Sources) -> io::Result<()> {
    let mut attributes = vec![
        attribute("name", suite.name()),
        attribute("tests", suite.cases.len().to_string()),
        attribute("failures", suite.count(Outcome::is_failure).to_string()),
        attribute("errors", suite.count(Outcome::is_error).to_string()),
        attribute("skipped", suite.count(Outcome::is_skipped).to_string()),
    ];
    if !suite.path.is_empty() {
        attributes.push(attribute("file", suite.path));
    }
    writer
        .create_element("testsuite")
        .with_attributes(attributes)
        .write_inner_content(|writer| {
            suite
                .cases
                .iter()
                .try_for_each(|case| write_case(writer, suite.classname(), case, sources))
        })?;
    Ok(())
}

fn write_case(
    writer: &mut XmlWriter,
    classname: &str,
    case: &Case,
    sources: &Sources,
) -> io::Result<()> {
    let element = writer.create_element("testcase").with_attributes([
        attribute("name", case.name.as_str()),
        attribute("classname", classname),
    ]);
    match case.outcome {
        Outcome::Passed => {
            element.write_empty()?;
        }
        Outcome::Failed(diagnostic) => {
            let report = rendered(diagnostic, sources);
            element.write_inner_content(|writer| {
                writer
                    .create_element("failure")
                    .with_attributes([
                        attribute("message", diagnostic.message.as_str()),
                        attribute("type", diagnostic.rule),
                    ])
                    .write_text_content(text(report.trim_end()))?;
                Ok(())
            })?;
        }
        Outcome::Skipped(problem) | Outcome::Errored(problem) => {
            let tag = if case.outcome.is_skipped() {
                "skipped"
            } else {
                "error"
            };
            element.write_inner_content(|writer| {
                writer
                    .create_element(tag)
                    .with_attributes([
                        attribute("message", problem.message.as_str()),
                        attribute("type", problem_type(problem.kind)),
                    ])
                    .write_empty()?;
                Ok(())
            })?;
        }
    }
    Ok(())
}

/// How a problem is named as a test case and an error type.
fn problem_type(kind: ProblemKind) -> &'static str {
    match kind {
        ProblemKind::Skipped => "skipped-file",
        ProblemKind::Io => "io-error",
        ProblemKind::Internal => "internal-error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Level;
    use crate::report::testing::{diagnostic, locate, sample_report};
    use crate::report::xml::read::{elements, Element};

    fn junit(report: &Report) -> Vec<Element> {
        let mut out = Vec::new();
        render(report, &mut out).unwrap();
        elements(&String::from_utf8(out).unwrap())
    }

    fn named<'e>(elements: &'e [Element], path: &str) -> Vec<&'e Element> {
        elements.iter().filter(|e| e.path == path).collect()
    }

    #[test]
    fn one_suite_per_file_and_one_failed_case_per_finding() {
        let elements = junit(&sample_report());
        let root = &elements[0];
        assert_eq!(root.path, "testsuites");
        assert_eq!(
            (
                root.get("name"),
                root.get("tests"),
                root.get("failures"),
                root.get("errors")
            ),
            ("backlint", "5", "4", "0"),
            "four active findings and a skipped file; the suppressed unwrap is left out"
        );
        let suites: Vec<(&str, &str, &str, &str)> = named(&elements, "testsuites/testsuite")
            .iter()
            .map(|s| {
                (
                    s.get("name"),
                    s.get("tests"),
                    s.get("failures"),
                    s.get("skipped"),
                )
            })
            .collect();
        assert_eq!(
            suites,
            [
                ("src/données/ünï.rs", "1", "1", "0"),
                ("src/handlers.rs", "2", "2", "0"),
                ("src/huge.rs", "1", "0", "1"),
                ("src/my module/a,b.rs", "1", "1", "0"),
            ]
        );
        let cases: Vec<(&str, &str)> = named(&elements, "testsuites/testsuite/testcase")
            .iter()
            .map(|c| (c.get("name"), c.get("classname")))
            .collect();
        assert_eq!(
            cases,
            [
                ("print-in-server at 2:10", "src/données/ünï"),
                ("sql-injection at 4:5", "src/handlers"),
                ("print-in-server at 5:5", "src/handlers"),
                ("skipped", "src/huge"),
                ("parse-error at 1:4", "src/my module/a,b"),
            ]
        );
        let skipped = named(&elements, "testsuites/testsuite/testcase/skipped");
        assert_eq!(skipped[0].get("message"), "larger than 2 MiB");
    }

    #[test]
    fn a_failure_holds_the_message_the_rule_and_the_rendered_finding() {
        let elements = junit(&sample_report());
        let failures = named(&elements, "testsuites/testsuite/testcase/failure");
        let injection = failures
            .iter()
            .find(|f| f.get("type") == "sql-injection")
            .unwrap();
        assert_eq!(
            injection.get("message"),
            "request input reaches `sqlx::query` unescaped"
        );
        let report = sample_report();
        let expected = rendered(&report.diagnostics[1], &Sources::new(&report));
        assert!(expected.contains("--> src/handlers.rs:4:5"), "{expected}");
        assert_eq!(injection.text, expected.trim_end());
    }

    #[test]
    fn markup_quotes_and_control_characters_survive() {
        let text = "fn f() { let s = \"<&>\"; }\n";
        let mut finding = diagnostic(
            "print-in-server",
            Level::Warning,
            locate("src/<odd> & \"quoted\" 'é'\u{1}.rs", text, "\"<&>\""),
            "`<&>` in \"quotes\" and 'apostrophes', naïve\nsecond line",
        );
        finding.help = Some("use `&&` & `<<`".to_string());
        let report = Report {
            diagnostics: vec![finding],
            ..Report::default()
        };
        let elements = junit(&report);
        let suite = named(&elements, "testsuites/testsuite")[0];
        assert_eq!(suite.get("name"), "src/<odd> & \"quoted\" 'é'\u{fffd}.rs");
        let failure = named(&elements, "testsuites/testsuite/testcase/failure")[0];
        assert_eq!(
            failure.get("message"),
            "`<&>` in \"quotes\" and 'apostrophes', naïve\nsecond line"
        );
        assert!(failure.text.contains("use `&&` & `<<`"), "{}", failure.text);
    }

    #[test]
    fn a_clean_run_is_one_passing_case() {
        let elements = junit(&Report::default());
        let root = &elements[0];
        assert_eq!((root.get("tests"), root.get("failures")), ("1", "0"));
        let case = named(&elements, "testsuites/testsuite/testcase")[0];
        assert_eq!(
            (case.get("name"), case.get("classname")),
            ("no findings", "backlint")
        );
        assert!(named(&elements, "testsuites/testsuite/testcase/failure").is_empty());
    }

    #[test]
    fn unreadable_files_and_internal_errors_are_errors() {
        let report = Report {
            problems: vec![
                Problem {
                    path: String::new(),
                    kind: ProblemKind::Internal,
                    message: "rule `x` panicked".to_string(),
                },
                Problem {
                    path: "src/locked.rs".to_string(),
                    kind: ProblemKind::Io,
                    message: "permission denied".to_string(),
                },
            ],
            ..Report::default()
        };
        let elements = junit(&report);
        assert_eq!(elements[0].get("errors"), "2");
        let suites: Vec<&str> = named(&elements, "testsuites/testsuite")
            .iter()
            .map(|s| s.get("name"))
            .collect();
        assert_eq!(suites, ["backlint", "src/locked.rs"]);
        let errors: Vec<(&str, &str)> = named(&elements, "testsuites/testsuite/testcase/error")
            .iter()
            .map(|e| (e.get("type"), e.get("message")))
            .collect();
        assert_eq!(
            errors,
            [
                ("internal-error", "rule `x` panicked"),
                ("io-error", "permission denied")
            ]
        );
    }
}
