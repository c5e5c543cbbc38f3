//! Renderers: one [`Report`] in, bytes out, in the format the user asked for. Every renderer
//! reads the same [`Diagnostic`] values; none of them re-reads source files except `text`,
//! which uses the texts the engine kept for files with findings.

mod cargo_json;
mod checkstyle;
mod concise;
mod github;
mod gitlab;
mod json;
mod junit;
mod rdjson;
mod sarif;
mod source_lines;
mod text;
mod xml;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
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
    /// The project root (`crate::paths::project_root`): SARIF's `%SRCROOT%`. `None`: the
    /// working directory.
    pub project_root: Option<PathBuf>,
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
    /// GitLab Code Quality: Code Climate issues, for merge request widgets.
    Gitlab,
    /// JUnit XML: findings as failed test cases, for CI test reports.
    Junit,
    /// reviewdog's Diagnostic Format (`rdjson`), with suggestions from fixes.
    Rdjson,
    /// Checkstyle XML, for the many tools that read it.
    Checkstyle,
}

impl Format {
    pub const ALL: [Format; 10] = [
        Format::Text,
        Format::Concise,
        Format::Sarif,
        Format::Json,
        Format::Github,
        Format::CargoJson,
        Format::Gitlab,
        Format::Junit,
        Format::Rdjson,
        Format::Checkstyle,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Concise => "concise",
            Format::Sarif => "sarif",
            Format::Json => "json",
            Format::Github => "github",
            Format::CargoJson => "cargo-json",
            Format::Gitlab => "gitlab",
            Format::Junit => "junit",
            Format::Rdjson => "rdjson",
            Format::Checkstyle => "checkstyle",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == text)
    }

    /// Whether `--statistics` changes the output: the counts per rule and level follow the
    /// findings in `text` and `concise`, and are the `statistics` array in `json`. The
    /// formats other tools read have no place for them.
    pub fn shows_statistics(self) -> bool {
        match self {
            Format::Text | Format::Concise | Format::Json => true,
            Format::Sarif
            | Format::Github
            | Format::CargoJson
            | Format::Gitlab
            | Format::Junit
            | Format::Rdjson
            | Format::Checkstyle => false,
        }
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
    /// Counts per rule and level: a table after the findings (`text` and `concise`), a
    /// `statistics` array (`json`); see [`Format::shows_statistics`].
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
        Format::Json => json::render(report, options, out),
        Format::Github => github::render(report, out),
        Format::CargoJson => {
            cargo_json::render(report, options.owners.unwrap_or(&Owners::default()), out)
        }
        Format::Gitlab => gitlab::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Rdjson => rdjson::render(report, out),
        Format::Checkstyle => checkstyle::render(report, out),
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

/// A finding with its fingerprint, and whether the report's baseline held it.
pub(super) struct Fingerprinted<'r> {
    pub diagnostic: &'r Diagnostic,
    /// The finding is one of `Report::baselined`.
    pub baselined: bool,
    /// The stable hash and the occurrence of that hash so far (`9f0c2d4e5a6b7c8d:1`), so that
    /// identical lines in one item stay distinct.
    pub fingerprint: String,
}

/// Every finding of the report — the ones in `diagnostics` and the ones its baseline held —
/// in report order, with its fingerprint. Occurrences are counted over all of them, so a
/// finding's fingerprint does not depend on a baseline or a suppression elsewhere.
pub(super) fn fingerprinted(report: &Report) -> Vec<Fingerprinted<'_>> {
    let mut findings: Vec<(&Diagnostic, bool)> = report
        .diagnostics
        .iter()
        .map(|diagnostic| (diagnostic, false))
        .chain(report.baselined.iter().flatten().map(|d| (d, true)))
        .collect();
    findings.sort_by(|a, b| a.0.sort_key().cmp(&b.0.sort_key()));
    let mut seen: HashMap<u64, usize> = HashMap::new();
    findings
        .into_iter()
        .map(|(diagnostic, baselined)| {
            let hash = diagnostic.stable_hash();
            let occurrence = seen.entry(hash).or_default();
            *occurrence += 1;
            Fingerprinted {
                diagnostic,
                baselined,
                fingerprint: format!("{hash:016x}:{occurrence}"),
            }
        })
        .collect()
}

/// The active findings of the report (neither suppressed nor held by a baseline) with their
/// fingerprints, in report order.
pub(super) fn active_fingerprinted(report: &Report) -> impl Iterator<Item = Fingerprinted<'_>> {
    fingerprinted(report)
        .into_iter()
        .filter(|finding| !finding.baselined && finding.diagnostic.suppressed.is_none())
}

impl Report {
    /// `displayed` relative to the project root (the working directory's when unknown), for
    /// the formats whose readers resolve paths against the repository: GitLab's paths and
    /// GitHub's annotations; the displayed path itself when it is not below the root.
    pub(super) fn repository_path(&self, displayed: &str, cwd: Option<&Path>) -> String {
        path_below_root(displayed, cwd, self.project_root.as_deref().or(cwd))
            .unwrap_or_else(|| displayed.to_string())
    }
}

/// A displayed path (relative to `cwd`, or absolute) as a `/`-separated path relative to
/// `root` (the project root, for the formats other tools resolve against the repository:
/// SARIF's `%SRCROOT%`, GitLab's paths); `None` when it is not below `root`.
pub(super) fn path_below_root(
    displayed: &str,
    cwd: Option<&Path>,
    root: Option<&Path>,
) -> Option<String> {
    let root = root?;
    let path = Path::new(displayed);
    let absolute = if path.is_absolute() {
        crate::paths::normalize(path)
    } else {
        crate::paths::normalize(&cwd?.join(path))
    };
    let relative = absolute.strip_prefix(root).ok()?;
    let text = relative.to_string_lossy().replace('\\', "/");
    Some(if text.is_empty() {
        ".".to_string()
    } else {
        text
    })
}

/// What a report holds about one file: its active findings and its problems, in report order.
#[derive(Default)]
pub(super) struct FileEntries<'r> {
    pub findings: Vec<&'r Diagnostic>,
    pub problems: Vec<&'r Problem>,
}

/// The active findings and the problems of the report by file, files sorted by path. Problems
/// that name no file are under the empty path.
pub(super) fn by_file(report: &Report) -> BTreeMap<&str, FileEntries<'_>> {
    let mut files: BTreeMap<&str, FileEntries> = BTreeMap::new();
    for diagnostic in report.active() {
        let file = files.entry(&diagnostic.primary.file).or_default();
        file.findings.push(diagnostic);
    }
    for problem in &report.problems {
        files
            .entry(&problem.path)
            .or_default()
            .problems
            .push(problem);
    }
    files
}

/// The metadata of the rule `id`: the run's, else the registry's (the engine's own rules).
pub(super) fn rule_meta(report: &Report, id: &str) -> Option<&'static RuleMeta> {
    report
        .rules
        .iter()
        .copied()
        .find(|meta| meta.id == id)
        .or_else(|| crate::rules::find(id).map(|rule| rule.meta()))
}

/// The rule's page (`rules/<id>.md`) in the repository, at this version's tag.
pub(super) fn help_uri(id: &str) -> String {
    format!(
        "{}/blob/v{}/rules/{id}.md",
        env!("CARGO_PKG_REPOSITORY"),
        env!("CARGO_PKG_VERSION")
    )
}

/// `1 error`, `2 warnings`.
pub(crate) fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// `--statistics`: active findings counted per rule and level, most frequent first (then by
/// rule id, then most severe first).
fn statistics(report: &Report) -> Vec<((&'static str, Level), usize)> {
    let mut counts: BTreeMap<(&'static str, Level), usize> = BTreeMap::new();
    for diagnostic in report.active() {
        *counts
            .entry((diagnostic.rule, diagnostic.level))
            .or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|((a_rule, a_level), a), ((b_rule, b_level), b)| {
        b.cmp(a).then(a_rule.cmp(b_rule)).then(b_level.cmp(a_level))
    });
    rows
}

/// The `--statistics` table of `text` and `concise`.
fn write_statistics(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    let rows = statistics(report);
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
    use crate::diagnostic::{Diagnostic, Edit, Fix, Label, Level, Location, Suppressed};
    use crate::rules::meta::RuleMeta;
    use crate::source::SourceFile;

    /// A security rule with CWE, OWASP and severity (no real one exists yet).
    pub(crate) fn sql_injection() -> &'static RuleMeta {
        const PAGE: &str = "+++\nid = \"sql-injection\"\ncategory = \"security\"\nlevel = \"error\"\nsummary = \"request input reaches an SQL query unescaped\"\nprecision = \"high\"\ncwe = [89]\nowasp = [\"A03:2021\"]\ntags = [\"injection\"]\nsecurity-severity = 9.8\n+++\n# sql-injection\n\n## What it finds\nSQL text built from request input.\n\n## Why it matters\nAttackers read or change data.\n\n## Known limits\n\n## Bad\n\n## Good\n";
        Box::leak(Box::new(RuleMeta::parse("sql-injection", PAGE).unwrap()))
    }

    pub(crate) const HANDLERS: &str = "fn handler(params: Params) {\n    let name = params.name;\n    let query = format!(\"select * from users where name = '{name}'\");\n    sqlx::query(&query);\n    println!(\"done\");\n    let user = find(&name).unwrap();\n}\n";

    /// The location of the first `needle` in `text` (columns in code points).
    pub(crate) fn locate(file: &str, text: &str, needle: &str) -> Location {
        let source = SourceFile::new(file.into(), text.to_string());
        let start = text.find(needle).expect("needle in text");
        source.location(source.span(start, start + needle.len()))
    }

    pub(crate) fn diagnostic(
        rule: &'static str,
        level: Level,
        primary: Location,
        message: &str,
    ) -> Diagnostic {
        Diagnostic {
            item_path: "crate::handler".to_string(),
            ..Diagnostic::new(rule, level, primary, message)
        }
    }

    /// The text of the file [`unused_suppression`] is in.
    pub(crate) const STALE: &str =
        "fn handler() {\n    a(); // backlint-allow(print-in-server): stale\n}\n";

    /// An `unused-suppression` finding in `src/stale.rs` ([`STALE`]) with its fix, which
    /// removes the comment and the blank before it.
    pub(crate) fn unused_suppression() -> Diagnostic {
        let file = "src/stale.rs";
        let mut finding = diagnostic(
            "unused-suppression",
            Level::Warning,
            locate(file, STALE, "print-in-server"),
            "unused suppression of `print-in-server`",
        );
        finding.fix = Some(Fix {
            description: "remove the suppression comment".to_string(),
            edits: vec![Edit {
                span: locate(file, STALE, " // backlint-allow(print-in-server): stale").span,
                replacement: String::new(),
            }],
        });
        finding
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
            reason: Some("the user was created above".to_string()),
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
            project_root: None,
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
        assert_eq!(Format::parse("rdjson"), Some(Format::Rdjson));
        assert_eq!(Format::default(), Format::Text);
        let error = "xml".parse::<Format>().unwrap_err();
        assert_eq!(
            error,
            "unknown format `xml`; expected one of: text, concise, sarif, json, github, cargo-json, gitlab, junit, rdjson, checkstyle"
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
    fn identical_fingerprints_get_occurrence_numbers_across_baseline_and_suppressions() {
        let one = testing::diagnostic(
            "print-in-server",
            Level::Warning,
            testing::locate("src/a.rs", "x", "x"),
            "`println!` in server code",
        );
        let mut suppressed = one.clone();
        suppressed.suppressed = Some(crate::diagnostic::Suppressed {
            reason: Some("demo".to_string()),
            comment: one.primary.clone(),
        });
        let report = Report {
            diagnostics: vec![one.clone(), suppressed, one.clone()],
            baselined: Some(vec![one.clone()]),
            ..Report::default()
        };
        let all = fingerprinted(&report);
        let prints: Vec<&str> = all.iter().map(|f| f.fingerprint.as_str()).collect();
        let hash = format!("{:016x}", one.stable_hash());
        assert_eq!(
            prints,
            [1, 2, 3, 4].map(|n| format!("{hash}:{n}")),
            "every finding counts, in report order"
        );
        assert_eq!(all.iter().filter(|f| f.baselined).count(), 1);
        let active: Vec<String> = active_fingerprinted(&report)
            .map(|f| f.fingerprint)
            .collect();
        assert_eq!(
            active.len(),
            2,
            "neither the suppressed nor the baselined one"
        );
        assert!(active.iter().all(|print| prints.contains(&print.as_str())));
        assert_ne!(active[0], active[1]);
    }

    #[test]
    fn a_missing_reason_is_never_rendered_as_an_empty_one() {
        let mut report = testing::sample_report();
        for diagnostic in &mut report.diagnostics {
            if let Some(suppressed) = &mut diagnostic.suppressed {
                suppressed.reason = None;
            }
        }
        assert_eq!(report.suppressed_count(), 1);
        let options = RenderOptions {
            show_suppressed: true,
            ..RenderOptions::default()
        };
        let rendered = |format| {
            let mut out = Vec::new();
            render(&report, format, &options, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        for format in Format::ALL {
            let text = rendered(format);
            for empty in [
                "suppressed: )",
                "suppressed: \n",
                "\"reason\": \"\"",
                "\"justification\": \"\"",
            ] {
                assert!(!text.contains(empty), "{format} renders {empty:?}: {text}");
            }
        }
        assert!(rendered(Format::Text).contains("= note: suppressed without a reason\n"));
        assert!(rendered(Format::Concise)
            .contains("`unwrap()` in a request handler (suppressed without a reason)\n"));
        let json: serde_json::Value = serde_json::from_str(&rendered(Format::Json)).unwrap();
        let suppressed: Vec<&serde_json::Value> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| &d["suppressed"])
            .filter(|s| !s.is_null())
            .collect();
        assert_eq!(suppressed, [&serde_json::json!({"reason": null})]);
        let sarif: serde_json::Value = serde_json::from_str(&rendered(Format::Sarif)).unwrap();
        let suppression = sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find_map(|r| r["suppressions"].as_array().and_then(|s| s.first()))
            .expect("the suppressed result");
        assert_eq!(suppression["kind"], "inSource");
        assert!(suppression.get("justification").is_none(), "{suppression}");
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
