//! Renderers: one [`Report`] in, bytes out, in the format the user asked for. Every renderer
//! reads the same [`Diagnostic`] values; none of them re-reads source files except `text`,
//! which uses the texts the engine kept for files with findings.

mod cargo_json;
mod concise;
mod github;
mod json;
mod sarif;
mod text;

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use crate::cargo::Owners;
use crate::diagnostic::{Diagnostic, Level};
use crate::rules::meta::RuleMeta;

/// What went wrong with a file or the run itself (as opposed to a finding in the code).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Problem {
    /// The file (as displayed) or other thing the problem is about.
    pub path: String,
    pub kind: ProblemKind,
    /// One line, naming the cause.
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// A file left out on purpose: over a configured limit, not UTF-8, gone before it was read.
    Skipped,
    /// A file or directory that could not be read.
    Io,
    /// A bug in backlint (a rule panicked); the rest of the run went on.
    Internal,
}

/// The result of a run, ready to render.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by file, line, column, rule; suppressed findings included (`suppressed` set).
    pub diagnostics: Vec<Diagnostic>,
    /// With a baseline (`--baseline`): the findings it holds, taken out of `diagnostics`
    /// (which keeps the new and the suppressed ones), in report order. Only SARIF shows them,
    /// with `baselineState` `unchanged`. `None` when no baseline was applied.
    pub baselined: Option<Vec<Diagnostic>>,
    pub problems: Vec<Problem>,
    /// The rules that were enabled, sorted by id (SARIF `tool.driver.rules`).
    pub rules: Vec<&'static RuleMeta>,
    /// Source texts of files with findings, by displayed path.
    pub sources: BTreeMap<Arc<str>, Arc<str>>,
    pub files_checked: usize,
    pub elapsed: Duration,
}

impl Report {
    /// Findings that count: not suppressed.
    pub fn active(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.suppressed.is_none())
    }

    pub fn count(&self, level: Level) -> usize {
        self.active().filter(|d| d.level == level).count()
    }
}

/// The output formats, as named on the command line (`--format`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// rustc-style diagnostics with source snippets, then a summary line.
    #[default]
    Text,
    /// One `file:line:col: level[rule] message` line per finding.
    Concise,
    /// SARIF 2.1.0 for code-scanning platforms.
    Sarif,
    /// backlint's own JSON document (schema in the README).
    Json,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// cargo's `--message-format json` lines, for editors.
    CargoJson,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Text,
        Format::Concise,
        Format::Sarif,
        Format::Json,
        Format::Github,
        Format::CargoJson,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Concise => "concise",
            Format::Sarif => "sarif",
            Format::Json => "json",
            Format::Github => "github",
            Format::CargoJson => "cargo-json",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == text)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Format, String> {
        Format::parse(text).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            format!(
                "unknown format `{text}`; expected one of: {}",
                names.join(", ")
            )
        })
    }
}

/// How to render, beyond the format. The CLI fills it in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenderOptions<'a> {
    /// ANSI colours in `text` output (the CLI decides from `--color`, `NO_COLOR` and the tty).
    pub color: bool,
    /// After the findings, a table of counts per rule and level (`text` and `concise`).
    pub statistics: bool,
    /// Findings only, no summary line (`text`).
    pub quiet: bool,
    /// Also print suppressed findings, marked with their reason (`text` and `concise`).
    /// SARIF and JSON always include them, flagged; `github` and `cargo-json` never do.
    pub show_suppressed: bool,
    /// The packages and targets of the files with findings (`cargo-json`); without them, or
    /// for a file they lack, they are inferred from the file layout.
    pub owners: Option<&'a Owners>,
}

/// Writes `report` to `out` in `format`.
pub fn render(
    report: &Report,
    format: Format,
    options: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        Format::Text => text::render(report, options, out),
        Format::Concise => concise::render(report, options, out),
        Format::Sarif => sarif::render(report, out),
        Format::Json => json::render(report, out),
        Format::Github => github::render(report, out),
        Format::CargoJson => {
            cargo_json::render(report, options.owners.unwrap_or(&Owners::default()), out)
        }
    }
}

/// The one-line form of a problem, as the CLI prints it to stderr:
/// `error: <path>: <message>` or `warning: skipped <path>: <message>`.
pub fn problem_line(problem: &Problem) -> String {
    let Problem {
        path,
        kind,
        message,
    } = problem;
    match (kind, path.is_empty()) {
        (ProblemKind::Skipped, true) => format!("warning: skipped: {message}"),
        (ProblemKind::Skipped, false) => format!("warning: skipped {path}: {message}"),
        (ProblemKind::Io | ProblemKind::Internal, true) => format!("error: {message}"),
        (ProblemKind::Io | ProblemKind::Internal, false) => format!("error: {path}: {message}"),
    }
}

impl Report {
    /// How many findings were suppressed by `backlint-allow` comments.
    pub fn suppressed_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.suppressed.is_some())
            .count()
    }
}

/// The findings `text` and `concise` print: active ones, plus suppressed ones on request.
fn shown<'r>(
    report: &'r Report,
    options: &RenderOptions,
) -> impl Iterator<Item = &'r Diagnostic> + 'r {
    let show_suppressed = options.show_suppressed;
    report
        .diagnostics
        .iter()
        .filter(move |d| show_suppressed || d.suppressed.is_none())
}

/// `1 error`, `2 warnings`.
pub(crate) fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The `--statistics` table: active findings counted per rule and level, most frequent first.
fn write_statistics(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    let mut counts: BTreeMap<(&str, Level), usize> = BTreeMap::new();
    for diagnostic in report.active() {
        *counts
            .entry((diagnostic.rule, diagnostic.level))
            .or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|((a_rule, a_level), a), ((b_rule, b_level), b)| {
        b.cmp(a).then(a_rule.cmp(b_rule)).then(b_level.cmp(a_level))
    });
    let count_width = rows.first().map_or(1, |(_, n)| n.to_string().len());
    let rule_width = rows
        .iter()
        .map(|((rule, _), _)| rule.len())
        .max()
        .unwrap_or(0);
    for ((rule, level), count) in rows {
        writeln!(out, "{count:>count_width$}  {rule:<rule_width$}  {level}")?;
    }
    Ok(())
}

/// A hand-made report shared by the renderers' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::collections::BTreeMap;
    use std::sync::Arc;
    use std::time::Duration;

    use super::Report;
    use crate::diagnostic::{Diagnostic, Label, Level, LineCol, Location, Span, Suppressed};
    use crate::rules::meta::RuleMeta;

    /// A security rule with CWE, OWASP and severity (no real one exists yet).
    pub(crate) fn sql_injection() -> &'static RuleMeta {
        const PAGE: &str = "+++\nid = \"sql-injection\"\ncategory = \"security\"\nlevel = \"error\"\nsummary = \"request input reaches an SQL query unescaped\"\nprecision = \"high\"\ncwe = [89]\nowasp = [\"A03:2021\"]\ntags = [\"injection\"]\nsecurity-severity = 9.8\n+++\n# sql-injection\n\n## What it finds\nSQL text built from request input.\n\n## Why it matters\nAttackers read or change data.\n\n## Known limits\n\n## Bad\n\n## Good\n";
        Box::leak(Box::new(RuleMeta::parse("sql-injection", PAGE).unwrap()))
    }

    pub(crate) const HANDLERS: &str = "fn handler(params: Params) {\n    let name = params.name;\n    let query = format!(\"select * from users where name = '{name}'\");\n    sqlx::query(&query);\n    println!(\"done\");\n    let user = find(&name).unwrap();\n}\n";

    /// The location of the first `needle` in `text` (columns in code points).
    pub(crate) fn locate(file: &str, text: &str, needle: &str) -> Location {
        let byte_start = text.find(needle).expect("needle in text");
        let byte_end = byte_start + needle.len();
        let line_col = |offset: usize| {
            let before = &text[..offset];
            let line_start = before.rfind('\n').map_or(0, |at| at + 1);
            LineCol {
                line: before.matches('\n').count() as u32 + 1,
                column: before[line_start..].chars().count() as u32 + 1,
            }
        };
        Location {
            file: file.into(),
            span: Span {
                start: line_col(byte_start),
                end: line_col(byte_end),
                byte_start,
                byte_end,
            },
        }
    }

    pub(crate) fn diagnostic(
        rule: &'static str,
        level: Level,
        primary: Location,
        message: &str,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            level,
            message: message.to_string(),
            primary,
            primary_label: String::new(),
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            snippet: String::new(),
            item_path: "crate::handler".to_string(),
            suppressed: None,
            weakened: false,
        }
    }

    /// Findings in `src/handlers.rs` (source known): an injection with a label and help, a
    /// print, a suppressed unwrap; one in a non-ASCII path and one in a path with a space and
    /// a comma, whose sources are not kept.
    pub(crate) fn sample_report() -> Report {
        let rule = |id| crate::rules::find(id).unwrap().meta();
        let handlers = "src/handlers.rs";
        let mut injection = diagnostic(
            "sql-injection",
            Level::Error,
            locate(handlers, HANDLERS, "sqlx::query(&query)"),
            "request input reaches `sqlx::query` unescaped",
        );
        injection.primary_label = "query built from request input".to_string();
        injection.labels.push(Label {
            location: locate(handlers, HANDLERS, "params.name"),
            message: "request input enters here".to_string(),
        });
        injection.help = Some("pass the value with `.bind(name)`".to_string());
        injection
            .notes
            .push("the format string has one placeholder".to_string());
        let print = diagnostic(
            "print-in-server",
            Level::Warning,
            locate(handlers, HANDLERS, "println!(\"done\")"),
            "`println!` in server code",
        );
        let mut unwrap = diagnostic(
            "unwrap-in-request-path",
            Level::Warning,
            locate(handlers, HANDLERS, ".unwrap()"),
            "`unwrap()` in a request handler",
        );
        unwrap.suppressed = Some(Suppressed {
            reason: "the user was created above".to_string(),
            comment: locate(handlers, HANDLERS, "let user"),
        });
        let accented = diagnostic(
            "print-in-server",
            Level::Note,
            locate("src/données/ünï.rs", "\nfn é() { dbg!(1); }\n", "dbg!(1)"),
            "`dbg!` in server code",
        );
        let spaced = diagnostic(
            "parse-error",
            Level::Error,
            locate("src/my module/a,b.rs", "fn (", "("),
            "expected identifier",
        );
        let mut diagnostics = vec![injection, print, unwrap, accented, spaced];
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Report {
            diagnostics,
            baselined: None,
            problems: vec![super::Problem {
                path: "src/huge.rs".to_string(),
                kind: super::ProblemKind::Skipped,
                message: "larger than 2 MiB".to_string(),
            }],
            rules: vec![
                rule("parse-error"),
                rule("print-in-server"),
                sql_injection(),
                rule("unwrap-in-request-path"),
            ],
            sources: BTreeMap::from([(Arc::from(handlers), Arc::from(HANDLERS))]),
            files_checked: 12,
            elapsed: Duration::from_millis(42),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_by_name() {
        for format in Format::ALL {
            assert_eq!(Format::parse(format.name()), Some(format));
            assert_eq!(format.to_string().parse::<Format>(), Ok(format));
        }
        assert_eq!(Format::parse("cargo-json"), Some(Format::CargoJson));
        assert_eq!(Format::default(), Format::Text);
        let error = "xml".parse::<Format>().unwrap_err();
        assert_eq!(
            error,
            "unknown format `xml`; expected one of: text, concise, sarif, json, github, cargo-json"
        );
    }

    #[test]
    fn problems_read_as_one_line() {
        let problem = |kind, path: &str| Problem {
            path: path.to_string(),
            kind,
            message: "permission denied".to_string(),
        };
        assert_eq!(
            problem_line(&problem(ProblemKind::Io, "src/a.rs")),
            "error: src/a.rs: permission denied"
        );
        assert_eq!(
            problem_line(&problem(ProblemKind::Internal, "src/a.rs")),
            "error: src/a.rs: permission denied"
        );
        assert_eq!(
            problem_line(&problem(ProblemKind::Skipped, "src/a.rs")),
            "warning: skipped src/a.rs: permission denied"
        );
        assert_eq!(
            problem_line(&problem(ProblemKind::Io, "")),
            "error: permission denied"
        );
    }

    #[test]
    fn every_format_renders_the_sample() {
        let report = testing::sample_report();
        for format in Format::ALL {
            let mut out = Vec::new();
            render(&report, format, &RenderOptions::default(), &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(text.contains("sql-injection"), "{format}: {text}");
        }
    }
}
