//! GitLab Code Quality (`--format gitlab`): the subset of Code Climate's issue format that
//! GitLab reads from an `artifacts:reports:codequality` file and shows in merge requests.
//!
//! ```text
//! [{"description": "request input reaches `sqlx::query` unescaped",
//!   "check_name": "sql-injection",
//!   "fingerprint": "9f0c2d4e5a6b7c8d:1",
//!   "severity": "critical",
//!   "location": {"path": "src/handlers.rs", "lines": {"begin": 12, "end": 12}}}]
//! ```
//!
//! One issue per active finding (suppressed ones and those a baseline holds are left out).
//! GitLab keeps one issue per fingerprint and compares the fingerprints of a merge request
//! with those of its target branch, so the fingerprint is SARIF's `partialFingerprints`
//! value: it survives unrelated edits, and identical lines in one item get distinct
//! occurrence numbers. Severity follows the level: `major` for errors (`critical` for a
//! security rule rated 9.0 or more, as GitHub rates it), `minor` for warnings, `info` for
//! notes. Paths are relative to the working directory, which should be the repository root.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::{active_fingerprinted, rule_meta, Fingerprinted, Report};
use crate::diagnostic::Level;

/// GitLab's (and GitHub's) threshold for a critical security finding.
const CRITICAL_SECURITY_SEVERITY: f64 = 9.0;

#[derive(Serialize)]
struct Issue<'r> {
    description: &'r str,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    /// Relative to the project root, which GitLab resolves paths against.
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

pub(super) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let cwd = std::env::current_dir().ok();
    let issues: Vec<Issue> = active_fingerprinted(report)
        .map(|finding| issue(report, finding, cwd.as_deref()))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

fn issue<'r>(report: &'r Report, finding: Fingerprinted<'r>, cwd: Option<&Path>) -> Issue<'r> {
    let Fingerprinted {
        diagnostic,
        fingerprint,
        ..
    } = finding;
    let span = diagnostic.primary.span;
    Issue {
        description: &diagnostic.message,
        check_name: diagnostic.rule,
        fingerprint,
        severity: severity(report, diagnostic.rule, diagnostic.level),
        location: IssueLocation {
            path: report.repository_path(&diagnostic.primary.file, cwd),
            lines: Lines {
                begin: span.start.line,
                end: span.end.line.max(span.start.line),
            },
        },
    }
}

/// Code Climate's severity (`info`, `minor`, `major`, `critical`, `blocker`) for a finding.
fn severity(report: &Report, rule: &str, level: Level) -> &'static str {
    match level {
        Level::Error => {
            let critical = rule_meta(report, rule)
                .and_then(|meta| meta.security_severity)
                .is_some_and(|score| score >= CRITICAL_SECURITY_SEVERITY);
            if critical {
                "critical"
            } else {
                "major"
            }
        }
        Level::Warning => "minor",
        Level::Note => "info",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::report::testing::{diagnostic, locate, sample_report};

    fn issues(report: &Report) -> Vec<Value> {
        let mut out = Vec::new();
        render(report, &mut out).unwrap();
        serde_json::from_slice::<Value>(&out)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    #[test]
    fn one_issue_per_active_finding() {
        let issues = issues(&sample_report());
        let rules: Vec<&str> = issues
            .iter()
            .map(|issue| issue["check_name"].as_str().unwrap())
            .collect();
        assert_eq!(
            rules,
            [
                "print-in-server",
                "sql-injection",
                "print-in-server",
                "parse-error"
            ],
            "report order, without the suppressed unwrap"
        );
        let injection = &issues[1];
        let fingerprint = injection["fingerprint"].as_str().unwrap().to_string();
        assert_eq!(
            *injection,
            json!({
                "description": "request input reaches `sqlx::query` unescaped",
                "check_name": "sql-injection",
                "fingerprint": fingerprint,
                "severity": "critical",
                "location": {"path": "src/handlers.rs", "lines": {"begin": 4, "end": 4}}
            })
        );
        assert_eq!(issues[0]["location"]["path"], "src/données/ünï.rs");
        assert_eq!(issues[3]["location"]["path"], "src/my module/a,b.rs");
    }

    #[test]
    fn severities_follow_levels_and_security_ratings() {
        let severities: Vec<String> = issues(&sample_report())
            .iter()
            .map(|issue| issue["severity"].as_str().unwrap().to_string())
            .collect();
        // A note, a 9.8-rated security error, a warning, an error without a rating.
        assert_eq!(severities, ["info", "critical", "minor", "major"]);
    }

    #[test]
    fn fingerprints_are_the_sarif_ones_and_distinct() {
        let mut report = sample_report();
        let text = "fn h() {\n    a.unwrap();\n    a.unwrap();\n}\n";
        for _ in 0..2 {
            let mut unwrap = diagnostic(
                "unwrap-in-request-path",
                Level::Warning,
                locate("src/twice.rs", text, "a.unwrap()"),
                "`unwrap()` in a request handler",
            );
            unwrap.snippet = "a.unwrap();".to_string();
            report.diagnostics.push(unwrap);
        }
        report
            .diagnostics
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let issues = issues(&report);
        let prints: Vec<&str> = issues
            .iter()
            .map(|issue| issue["fingerprint"].as_str().unwrap())
            .collect();
        let mut distinct = prints.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), prints.len(), "{prints:?}");
        let expected: Vec<String> = active_fingerprinted(&report)
            .map(|finding| finding.fingerprint)
            .collect();
        assert_eq!(prints, expected);
    }

    #[test]
    fn a_clean_run_is_an_empty_array() {
        let report = Report::default();
        let mut out = Vec::new();
        render(&report, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "[]\n");
    }
}
